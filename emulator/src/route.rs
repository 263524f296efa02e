//! Which resource a request path names.
//!
//! Routing is done here rather than by axum's router because the API is
//! reached through three spellings of each path (with or without the
//! `/api/laml` prefix, with or without `.json`), and because a sid may hold
//! any character: the path is split on `/` while still percent-encoded, so an
//! encoded `%2F` stays inside its segment, and each segment is decoded after.

use axum::http::Method;
use percent_encoding::percent_decode_str;

/// A path under `/Accounts/{AccountSid}`, its ids decoded.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Route {
    pub(crate) account_sid: String,
    pub(crate) resource: Resource,
}

#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Resource {
    Conferences,
    Conference {
        sid: String,
    },
    Participants {
        conference_sid: String,
    },
    Participant {
        conference_sid: String,
        call_sid: String,
    },
    Recordings {
        conference_sid: String,
    },
    Recording {
        conference_sid: String,
        sid: String,
    },
    Streams {
        conference_sid: String,
    },
    Stream {
        conference_sid: String,
        sid: String,
    },
}

impl Route {
    /// `None` for a path outside the conference family, which is a 404.
    pub(crate) fn parse(path: &str) -> Option<Route> {
        let rest = path
            .strip_prefix("/api/laml/2010-04-01/")
            .or_else(|| path.strip_prefix("/2010-04-01/"))?;
        let mut raw: Vec<&str> = rest.split('/').collect();
        if let Some(last) = raw.last_mut() {
            if let Some(stem) = last.strip_suffix(".json").filter(|stem| !stem.is_empty()) {
                *last = stem;
            }
        }
        let segments = raw
            .into_iter()
            .map(|segment| {
                let decoded = percent_decode_str(segment).decode_utf8().ok()?;
                (!decoded.is_empty()).then(|| decoded.into_owned())
            })
            .collect::<Option<Vec<String>>>()?;
        let segments: Vec<&str> = segments.iter().map(String::as_str).collect();

        let owned = |s: &str| s.to_owned();
        let (account_sid, resource) = match segments.as_slice() {
            ["Accounts", account, "Conferences"] => (account, Resource::Conferences),
            ["Accounts", account, "Conferences", sid] => {
                (account, Resource::Conference { sid: owned(sid) })
            }
            ["Accounts", account, "Conferences", conference, kind] => {
                let conference_sid = owned(conference);
                let resource = match *kind {
                    "Participants" => Resource::Participants { conference_sid },
                    "Recordings" => Resource::Recordings { conference_sid },
                    "Streams" => Resource::Streams { conference_sid },
                    _ => return None,
                };
                (account, resource)
            }
            ["Accounts", account, "Conferences", conference, kind, sid] => {
                let (conference_sid, sid) = (owned(conference), owned(sid));
                let resource = match *kind {
                    "Participants" => Resource::Participant {
                        conference_sid,
                        call_sid: sid,
                    },
                    "Recordings" => Resource::Recording {
                        conference_sid,
                        sid,
                    },
                    "Streams" => Resource::Stream {
                        conference_sid,
                        sid,
                    },
                    _ => return None,
                };
                (account, resource)
            }
            _ => return None,
        };
        Some(Route {
            account_sid: owned(account_sid),
            resource,
        })
    }
}

impl Resource {
    /// The methods the spec defines on this resource, as an `Allow` header.
    pub(crate) fn allowed_methods(&self) -> &'static str {
        match self {
            Resource::Conferences | Resource::Participants { .. } | Resource::Recordings { .. } => {
                "GET"
            }
            Resource::Conference { .. } => "GET, POST",
            Resource::Participant { .. } | Resource::Recording { .. } => "GET, POST, DELETE",
            Resource::Streams { .. } | Resource::Stream { .. } => "POST",
        }
    }

    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.allowed_methods()
            .split(", ")
            .any(|allowed| allowed == method.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resource(path: &str) -> Option<Resource> {
        Route::parse(path).map(|route| {
            assert_eq!(route.account_sid, "acc");
            route.resource
        })
    }

    fn conference(sid: &str) -> Option<Resource> {
        Some(Resource::Conference { sid: sid.into() })
    }

    #[test]
    fn all_three_spellings_name_the_same_conference() {
        for path in [
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c1",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c1.json",
            "/2010-04-01/Accounts/acc/Conferences/c1",
            "/2010-04-01/Accounts/acc/Conferences/c1.json",
        ] {
            assert_eq!(resource(path), conference("c1"), "{path}");
        }
        assert_eq!(
            resource("/2010-04-01/Accounts/acc/Conferences.json"),
            Some(Resource::Conferences)
        );
    }

    #[test]
    fn an_encoded_slash_stays_in_its_segment() {
        assert_eq!(
            resource("/api/laml/2010-04-01/Accounts/acc/Conferences/a%2Fb%3Fc%23d%25e%20f.json"),
            conference("a/b?c#d%e f")
        );
        assert_eq!(
            resource("/api/laml/2010-04-01/Accounts/acc/Conferences/x%2FParticipants"),
            conference("x/Participants")
        );
    }

    #[test]
    fn subresources_are_routed() {
        assert_eq!(
            resource("/2010-04-01/Accounts/acc/Conferences/c/Participants/p.json"),
            Some(Resource::Participant {
                conference_sid: "c".into(),
                call_sid: "p".into()
            })
        );
        assert_eq!(
            resource("/2010-04-01/Accounts/acc/Conferences/c/Streams"),
            Some(Resource::Streams {
                conference_sid: "c".into()
            })
        );
    }

    #[test]
    fn other_paths_are_not_found() {
        for path in [
            "/",
            "/api/laml/2010-04-01/Accounts/acc",
            "/api/laml/2010-04-01/Accounts/acc/Calls",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/",
            "/api/laml/2010-04-01/Accounts/acc/Conferences//Participants",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c/Members",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/c/Participants/p/x",
            "/api/laml/2010-04-02/Accounts/acc/Conferences",
            "/api/laml/2010-04-01/Accounts/acc/Conferences/%FF",
        ] {
            assert_eq!(resource(path), None, "{path}");
        }
    }
}
