//! Reading the LaML an app answers with: a `<Response>` of verbs, each an
//! element with attributes, text and nested nouns.
//!
//! Verbs are kept as JSON (`{"verb", "attributes", "text", "nested"}`) so
//! that a call's remaining document lives in the store with the call, and
//! leaves with it.

use quick_xml::events::Event;
use quick_xml::name::QName;
use quick_xml::Reader;
use quick_xml::XmlVersion;
use serde_json::{json, Map, Value};

/// Why a body is not a LaML document (error 12100).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct NotLaml(pub(crate) String);

/// The verbs of a LaML document, in order.
pub(crate) fn parse(body: &str) -> Result<Vec<Value>, NotLaml> {
    let version = XmlVersion::Explicit1_0;
    let mut reader = Reader::from_str(body);
    reader.config_mut().expand_empty_elements = true;
    reader.config_mut().check_end_names = true;
    let fail = |what: String| NotLaml(what);
    // The elements open, outermost first; the root's parent collects it.
    let mut open: Vec<Map<String, Value>> = vec![element("")];
    loop {
        match reader
            .read_event()
            .map_err(|error| fail(error.to_string()))?
        {
            Event::Start(start) => {
                let mut opened = element(&name(start.name()));
                let attributes = opened
                    .get_mut("attributes")
                    .and_then(Value::as_object_mut)
                    .ok_or_else(|| fail("attributes".into()))?;
                for attribute in start.attributes() {
                    let attribute = attribute.map_err(|error| fail(error.to_string()))?;
                    let value = attribute
                        .normalized_value(version)
                        .map_err(|error| fail(error.to_string()))?;
                    attributes.insert(name(attribute.key), value.into_owned().into());
                }
                open.push(opened);
            }
            Event::End(_) => {
                let closed = open
                    .pop()
                    .ok_or_else(|| fail("an end without a start".into()))?;
                let parent = open
                    .last_mut()
                    .ok_or_else(|| fail("an end without a start".into()))?;
                if let Some(Value::Array(nested)) = parent.get_mut("nested") {
                    nested.push(Value::Object(closed));
                }
            }
            Event::Text(text) => append_text(&mut open, &text.xml_content(version)),
            Event::CData(data) => {
                append_text(&mut open, &data.into_inner());
            }
            Event::GeneralRef(reference) => {
                let character = match reference.resolve_char_ref() {
                    Ok(Some(character)) => character,
                    Ok(None) => match reference.as_ref() {
                        "lt" => '<',
                        "gt" => '>',
                        "amp" => '&',
                        "quot" => '"',
                        "apos" => '\'',
                        other => return Err(fail(format!("unknown entity &{other};"))),
                    },
                    Err(error) => return Err(fail(error.to_string())),
                };
                append_text(&mut open, character.encode_utf8(&mut [0; 4]));
            }
            Event::Decl(_) | Event::Comment(_) | Event::PI(_) | Event::DocType(_) => {}
            Event::Eof => break,
            Event::Empty(_) => {}
        }
    }
    let mut document = open.pop().ok_or_else(|| fail("no document".into()))?;
    if !open.is_empty() {
        return Err(fail("an element is not closed".into()));
    }
    if document
        .get("text")
        .and_then(Value::as_str)
        .is_some_and(|text| !text.trim().is_empty())
    {
        return Err(fail("text outside the <Response> element".into()));
    }
    let mut roots = match document.remove("nested") {
        Some(Value::Array(roots)) => roots,
        _ => Vec::new(),
    };
    if roots.len() != 1 {
        return Err(fail("a document has one root element, <Response>".into()));
    }
    let root = roots.remove(0);
    if verb(&root) != "Response" {
        return Err(fail(format!(
            "the root element is <{}>, not <Response>",
            verb(&root)
        )));
    }
    Ok(nested(&root).to_vec())
}

fn element(name: &str) -> Map<String, Value> {
    let mut element = Map::new();
    element.insert("verb".into(), name.into());
    element.insert("attributes".into(), json!({}));
    element.insert("text".into(), "".into());
    element.insert("nested".into(), json!([]));
    element
}

fn name(name: QName<'_>) -> String {
    name.as_ref().to_owned()
}

fn append_text(open: &mut [Map<String, Value>], text: &str) {
    if let Some(Value::String(current)) =
        open.last_mut().and_then(|element| element.get_mut("text"))
    {
        current.push_str(text);
    }
}

/// The element's name: `Say`, `Gather`…
pub(crate) fn verb(element: &Value) -> &str {
    element["verb"].as_str().unwrap_or_default()
}

/// An attribute's value, as written.
pub(crate) fn attribute<'a>(element: &'a Value, name: &str) -> Option<&'a str> {
    element["attributes"][name].as_str()
}

/// The element's own text, trimmed: what `<Say>` says, where `<Redirect>`
/// goes.
pub(crate) fn text(element: &Value) -> &str {
    element["text"].as_str().unwrap_or_default().trim()
}

/// `url` read against the URL of the document it appears in.
pub(crate) fn resolve(base: &str, url: &str) -> String {
    match reqwest::Url::parse(base).and_then(|base| base.join(url)) {
        Ok(url) => url.to_string(),
        Err(_) => url.to_owned(),
    }
}

/// The elements nested in it.
pub(crate) fn nested(element: &Value) -> &[Value] {
    element["nested"].as_array().map_or(&[], Vec::as_slice)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_response_reads_as_its_verbs() {
        let verbs = parse(
            r#"<?xml version="1.0" encoding="UTF-8"?>
            <Response>
              <Say voice="woman">Hello &amp; welcome</Say>
              <Gather action="/menu" numDigits="1"><Say>Press 1</Say></Gather>
              <Hangup/>
            </Response>"#,
        )
        .unwrap();
        let names: Vec<&str> = verbs.iter().map(verb).collect();
        assert_eq!(names, ["Say", "Gather", "Hangup"]);
        assert_eq!(text(&verbs[0]), "Hello & welcome");
        assert_eq!(attribute(&verbs[0], "voice"), Some("woman"));
        assert_eq!(attribute(&verbs[1], "numDigits"), Some("1"));
        assert_eq!(text(&nested(&verbs[1])[0]), "Press 1");
        assert!(nested(&verbs[2]).is_empty());
    }

    #[test]
    fn what_is_not_a_response_is_refused() {
        for body in [
            "",
            "hello",
            "<html><body>502 Bad Gateway</body></html>",
            "<Response><Say>unclosed</Response>",
            "<Response></Response><Response></Response>",
            "{\"json\": true}",
            "<Response><Say>&bogus;</Say></Response>",
        ] {
            assert!(parse(body).is_err(), "{body:?}");
        }
        assert_eq!(parse("<Response/>"), Ok(Vec::new()));
    }
}
