//! Which operation a request names, from the facts table's path templates.
//!
//! Routing is done here rather than by axum's router because the API is
//! reached through four spellings of each path (with or without the
//! `/api/laml` prefix, with or without `.json`), and because a sid may hold
//! any character: the path is split on `/` while still percent-encoded, so an
//! encoded `%2F` stays inside its segment, and each segment is decoded after.

use percent_encoding::percent_decode_str;

use super::Place;
use crate::error::ApiError;
use crate::spec::{same_shape, Operation, Segment, API};

/// How `Allow` lists a path's methods.
const METHOD_ORDER: [&str; 4] = ["GET", "POST", "PATCH", "DELETE"];

/// The operation for `method` at `path`: 404 when no template matches,
/// 405 (with the methods the path has) when none has this method.
pub(crate) fn find(path: &str, method: &str) -> Result<(&'static Operation, Place), ApiError> {
    let segments = split(path).ok_or_else(|| ApiError::not_found(path))?;
    let mut matching = API
        .operations
        .iter()
        .filter(|operation| matches(&operation.template, &segments))
        .peekable();
    let shape = &matching
        .peek()
        .ok_or_else(|| ApiError::not_found(path))?
        .template;
    let at_path: Vec<&'static Operation> = matching
        .filter(|operation| same_shape(&operation.template, shape))
        .collect();
    let Some(operation) = at_path.iter().find(|op| op.method == method) else {
        let allow: Vec<&str> = METHOD_ORDER
            .into_iter()
            .filter(|allowed| at_path.iter().any(|op| op.method == *allowed))
            .collect();
        return Err(ApiError::method_not_allowed(method, &allow.join(", ")));
    };
    let values = operation
        .template
        .iter()
        .zip(segments)
        .filter(|(template, _)| matches!(template, Segment::Placeholder(_)))
        .map(|(_, value)| value)
        .collect();
    let place = Place {
        template: operation.template.clone(),
        values,
    };
    Ok((operation, place))
}

/// The decoded segments after the version, `.json` taken off the last;
/// `None` for another prefix, an empty segment or one that is not UTF-8.
fn split(path: &str) -> Option<Vec<String>> {
    let rest = path
        .strip_prefix("/api/laml/2010-04-01/")
        .or_else(|| path.strip_prefix("/2010-04-01/"))?;
    let mut raw: Vec<&str> = rest.split('/').collect();
    if let Some(last) = raw.last_mut() {
        if let Some(stem) = last.strip_suffix(".json").filter(|stem| !stem.is_empty()) {
            *last = stem;
        }
    }
    raw.into_iter()
        .map(|segment| {
            let decoded = percent_decode_str(segment).decode_utf8().ok()?;
            (!decoded.is_empty()).then(|| decoded.into_owned())
        })
        .collect()
}

fn matches(template: &[Segment], segments: &[String]) -> bool {
    template.len() == segments.len()
        && template.iter().zip(segments).all(|pair| match pair {
            (Segment::Literal(literal), segment) => literal == segment,
            (Segment::Placeholder(_), _) => true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn routed(method: &str, path: &str) -> Option<(String, Vec<String>)> {
        find(path, method)
            .ok()
            .map(|(operation, place)| (operation.id.clone(), place.values))
    }

    fn values(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| (*v).to_owned()).collect()
    }

    #[test]
    fn every_spelling_names_the_same_conference() {
        for path in [
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c1",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c1.json",
            "/2010-04-01/Accounts/acc/Conferences/c1",
            "/2010-04-01/Accounts/acc/Conferences/c1.json",
        ] {
            assert_eq!(
                routed("GET", path),
                Some(("retrieve_conference".into(), values(&["acc", "c1"]))),
                "{path}"
            );
        }
    }

    #[test]
    fn an_encoded_slash_stays_in_its_segment() {
        assert_eq!(
            routed(
                "GET",
                "/api/laml/2010-04-01/Accounts/acc/Conferences/a%2Fb%3Fc%23d%25e%20f.json"
            ),
            Some((
                "retrieve_conference".into(),
                values(&["acc", "a/b?c#d%e f"])
            ))
        );
        assert_eq!(
            routed(
                "GET",
                "/2010-04-01/Accounts/acc/Conferences/x%2FParticipants"
            )
            .map(|(id, _)| id),
            Some("retrieve_conference".into())
        );
    }

    #[test]
    fn every_operation_is_reached_by_its_own_path() {
        for operation in &API.operations {
            let path: String = operation
                .template
                .iter()
                .map(|segment| match segment {
                    Segment::Literal(literal) => format!("/{literal}"),
                    Segment::Placeholder(_) => "/x".into(),
                })
                .collect();
            let (found, _) = find(&format!("/2010-04-01{path}.json"), &operation.method).unwrap();
            assert_eq!(found.id, operation.id);
        }
    }

    #[test]
    fn another_method_is_405_with_the_paths_methods() {
        let error = find("/2010-04-01/Accounts/a/Conferences/c/Participants/p", "PUT").unwrap_err();
        assert!(
            format!("{error:?}").contains("GET, POST, DELETE"),
            "{error:?}"
        );
        let error = find("/2010-04-01/Accounts/a/tokens/t", "GET").unwrap_err();
        assert!(format!("{error:?}").contains("PATCH, DELETE"), "{error:?}");
    }

    #[test]
    fn other_paths_are_not_found() {
        for path in [
            "/",
            "/api/laml/2010-04-01/Widgets",
            "/api/laml/2010-04-01/Accounts/acc/Widgets",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/",
            "/api/laml/2010-04-01/Accounts/acc/Conferences//Participants",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c/Members",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c/Participants/p/x",
            "/api/laml/2010-04-02/Accounts/acc/Conferences",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/%FF",
        ] {
            assert_eq!(routed("GET", path), None, "{path}");
        }
    }
}
