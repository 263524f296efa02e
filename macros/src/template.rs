//! The path template: `/Accounts/<AccountSid>/Conferences/<Sid>`.

use proc_macro2::Span;
use syn::{Error, LitStr, Result};

use crate::ctxt::Errors;

pub struct Template {
    pub lit: LitStr,
    pub pieces: Vec<Piece>,
}

pub enum Piece {
    Literal(String),
    Placeholder(Placeholder),
}

pub struct Placeholder {
    /// As written between `<` and `>`: `ConferenceSid`.
    pub name: String,
    /// The field it binds to: `conference_sid`.
    pub field: String,
    pub span: Span,
}

impl Template {
    pub fn parse(lit: LitStr) -> Result<Self> {
        let value = lit.value();
        let at = |start: usize, end: usize| span_of(&lit, &value, start, end);

        if !value.starts_with('/') {
            return Err(Error::new(
                lit.span(),
                "the path must start with `/`, relative to the API's base URL, \
                 like \"/Accounts/<AccountSid>/Conferences\"",
            ));
        }
        if let Some(index) = value.find(['?', '#']) {
            let c = &value[index..=index];
            return Err(Error::new(
                at(index, index + 1),
                format!(
                    "the path cannot contain `{c}`: send query parameters as fields \
                     with the `query` encoding"
                ),
            ));
        }

        let mut pieces = Vec::new();
        let mut errors = Errors::new();
        let mut literal_start = 0;
        let mut rest = value.char_indices().peekable();
        while let Some((open, c)) = rest.next() {
            match c {
                '<' => {
                    let close = value[open + 1..].find(['<', '>']).map(|i| open + 1 + i);
                    let close = match close {
                        Some(close) if value.as_bytes()[close] == b'>' => close,
                        _ => {
                            errors.push(Error::new(
                                at(open, open + 1),
                                "unclosed `<` in the path: write a placeholder as `<Name>`",
                            ));
                            break;
                        }
                    };
                    if literal_start < open {
                        pieces.push(Piece::Literal(value[literal_start..open].to_owned()));
                    }
                    let name = &value[open + 1..close];
                    let span = at(open, close + 1);
                    if name.is_empty() {
                        errors.push(Error::new(
                            span,
                            "empty placeholder `<>`: name the parameter, like `<Sid>`",
                        ));
                    } else if !is_placeholder_name(name) {
                        errors.push(Error::new(
                            span,
                            format!(
                                "placeholder `<{name}>` is not a name: use the API's PascalCase \
                                 parameter name, like `<ConferenceSid>`"
                            ),
                        ));
                    } else if pieces
                        .iter()
                        .any(|p| matches!(p, Piece::Placeholder(p) if p.name == name))
                    {
                        errors.push(Error::new(
                            span,
                            format!("placeholder `<{name}>` appears twice in the path"),
                        ));
                    } else {
                        pieces.push(Piece::Placeholder(Placeholder {
                            name: name.to_owned(),
                            field: snake_case(name),
                            span,
                        }));
                    }
                    while rest.next_if(|&(i, _)| i <= close).is_some() {}
                    literal_start = close + 1;
                }
                '>' => errors.push(Error::new(
                    at(open, open + 1),
                    "`>` without a matching `<` in the path",
                )),
                _ => {}
            }
        }
        errors.finish()?;
        if literal_start < value.len() {
            pieces.push(Piece::Literal(value[literal_start..].to_owned()));
        }
        Ok(Template { lit, pieces })
    }

    /// Whether the last segment is a placeholder (`/Calls/<Sid>`, one item)
    /// rather than text (`/Calls`, a collection).
    pub fn ends_in_placeholder(&self) -> bool {
        matches!(self.pieces.last(), Some(Piece::Placeholder(_)))
    }

    pub fn placeholders(&self) -> impl Iterator<Item = &Placeholder> {
        self.pieces.iter().filter_map(|piece| match piece {
            Piece::Placeholder(p) => Some(p),
            Piece::Literal(_) => None,
        })
    }
}

fn is_placeholder_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// `ConferenceSid` → `conference_sid`.
pub fn snake_case(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    let mut previous_lower = false;
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            if previous_lower {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
            previous_lower = false;
        } else {
            out.push(c);
            previous_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        }
    }
    out
}

/// `announce_url` → `AnnounceUrl`.
pub fn pascal_case(field: &str) -> String {
    field
        .trim_start_matches("r#")
        .split('_')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

/// The span of `value[start..end]` inside the literal, where the compiler
/// can point inside a literal (nightly); the whole literal elsewhere.
fn span_of(lit: &LitStr, value: &str, start: usize, end: usize) -> Span {
    let token = lit.token().to_string();
    let plain = token.len() == value.len() + 2 && token.starts_with('"');
    if plain {
        if let Some(span) = lit.token().subspan(start + 1..end + 1) {
            return span;
        }
    }
    lit.span()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_conversions() {
        assert_eq!(snake_case("ConferenceSid"), "conference_sid");
        assert_eq!(snake_case("Sid"), "sid");
        assert_eq!(snake_case("IsoCountry"), "iso_country");
        assert_eq!(pascal_case("announce_url"), "AnnounceUrl");
        assert_eq!(pascal_case("r#type"), "Type");
        assert_eq!(pascal_case("status_callback_event"), "StatusCallbackEvent");
    }

    #[test]
    fn a_path_ends_in_a_collection_or_an_item() {
        let ends = |path: &str| {
            Template::parse(LitStr::new(path, Span::call_site()))
                .unwrap()
                .ends_in_placeholder()
        };
        assert!(ends("/Accounts/<AccountSid>/Calls/<Sid>"));
        assert!(ends("/Accounts/<Sid>"));
        assert!(!ends("/Accounts/<AccountSid>/Calls"));
        assert!(!ends("/Accounts"));
        assert!(!ends("/Accounts/<AccountSid>/Calls/<Sid>.json"));
    }
}
