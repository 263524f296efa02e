//! Writing a document: escaping, refusing what XML 1.0 cannot carry, and the
//! values attributes take.

use std::fmt::Write as _;

use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::RenderError;
use crate::CallbackMethod;

/// Renders one element (or text) of a document.
pub trait Render {
    #[doc(hidden)]
    fn render(&self, out: &mut XmlWriter) -> Result<(), RenderError>;
}

/// The writer a document renders into. Not a public API.
#[doc(hidden)]
pub struct XmlWriter {
    writer: Writer<Vec<u8>>,
    tag: String,
    text: String,
}

impl XmlWriter {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            writer: Writer::new(Vec::with_capacity(capacity)),
            tag: String::with_capacity(128),
            text: String::with_capacity(128),
        }
    }

    pub(crate) fn declaration(&mut self) {
        self.write(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    }

    pub(crate) fn finish(self) -> String {
        // Every byte written came from a `&str` or from ASCII markup.
        String::from_utf8(self.writer.into_inner())
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned())
    }

    fn write(&mut self, event: Event<'_>) {
        // Writing into a `Vec<u8>` cannot fail.
        let _ = self.writer.write_event(event);
    }

    /// Starts the tag of `element`; attributes follow, then [`StartTag::open`]
    /// or [`StartTag::empty`].
    pub(crate) fn start(&mut self, element: &'static str) -> StartTag<'_> {
        self.tag.clear();
        self.tag.push_str(element);
        StartTag { out: self, element }
    }

    pub(crate) fn end(&mut self, element: &'static str) {
        self.write(Event::End(BytesEnd::new(element)));
    }

    pub(crate) fn text(&mut self, element: &'static str, text: &str) -> Result<(), RenderError> {
        if text.is_empty() {
            return Ok(());
        }
        self.text.clear();
        escape_into(&mut self.text, text, false)
            .map_err(|character| RenderError::new(element, None, character))?;
        let text = std::mem::take(&mut self.text);
        self.write(Event::Text(BytesText::from_escaped(text.as_str())));
        self.text = text;
        Ok(())
    }
}

/// A start tag being written.
pub(crate) struct StartTag<'w> {
    out: &'w mut XmlWriter,
    element: &'static str,
}

impl StartTag<'_> {
    pub(crate) fn attribute<V: AttributeValue + ?Sized>(
        &mut self,
        name: &'static str,
        value: &V,
    ) -> Result<(), RenderError> {
        let tag = &mut self.out.tag;
        tag.push(' ');
        tag.push_str(name);
        tag.push_str("=\"");
        value
            .write_attribute(tag)
            .map_err(|character| RenderError::new(self.element, Some(name), character))?;
        tag.push('"');
        Ok(())
    }

    /// Writes `<element ...>`; the element's content and end follow.
    pub(crate) fn open(self) {
        let event = Event::Start(BytesStart::from_content(
            self.out.tag.as_str(),
            self.element.len(),
        ));
        let _ = self.out.writer.write_event(event);
    }

    /// Writes `<element .../>`.
    pub(crate) fn empty(self) {
        let event = Event::Empty(BytesStart::from_content(
            self.out.tag.as_str(),
            self.element.len(),
        ));
        let _ = self.out.writer.write_event(event);
    }
}

/// Escapes `text` for an attribute value (in double quotes) or for character
/// data, or returns the first character XML 1.0 cannot carry.
///
/// quick-xml's own escaping leaves `\n`, `\r` and `\t` as they are; a parser
/// turns them into spaces in an attribute (and `\r` into `\n` anywhere), so
/// they are written as character references.
pub(crate) fn escape_into(out: &mut String, text: &str, attribute: bool) -> Result<(), char> {
    let mut start = 0;
    for (index, character) in text.char_indices() {
        let replacement = match character {
            '<' => "&lt;",
            '>' => "&gt;",
            '&' => "&amp;",
            '"' if attribute => "&quot;",
            '\n' if attribute => "&#10;",
            '\t' if attribute => "&#9;",
            '\r' => "&#13;",
            '\n' | '\t' | '"' => continue,
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => return Err(character),
            _ => continue,
        };
        out.push_str(&text[start..index]);
        out.push_str(replacement);
        start = index + character.len_utf8();
    }
    out.push_str(&text[start..]);
    Ok(())
}

/// A value an attribute takes. Not a public API.
#[doc(hidden)]
pub trait AttributeValue {
    /// Appends the escaped value, or returns the character that XML cannot
    /// carry.
    fn write_attribute(&self, out: &mut String) -> Result<(), char>;
}

impl AttributeValue for String {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        escape_into(out, self, true)
    }
}

impl AttributeValue for str {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        escape_into(out, self, true)
    }
}

impl AttributeValue for crate::Secret {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        escape_into(out, self.expose(), true)
    }
}

impl AttributeValue for crate::sid::CallSid {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        escape_into(out, self.as_str(), true)
    }
}

impl AttributeValue for bool {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        out.push_str(if *self { "true" } else { "false" });
        Ok(())
    }
}

macro_rules! numbers {
    ($($number:ty),*) => {$(
        impl AttributeValue for $number {
            fn write_attribute(&self, out: &mut String) -> Result<(), char> {
                let _ = write!(out, "{self}");
                Ok(())
            }
        }
    )*};
}

numbers!(u8, u16, u32, u64);

impl AttributeValue for CallbackMethod {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        out.push_str(self.as_str());
        Ok(())
    }
}

/// Values written one after the other with a separator: what the reference
/// calls "separate them with a space" (events, card types) or a comma-
/// separated list (codecs, hints).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct List<T, const SEPARATOR: char> {
    items: Vec<T>,
}

/// A list written with spaces between its items.
pub type SpaceList<T> = List<T, ' '>;

/// A list written with commas between its items.
pub type CommaList<T> = List<T, ','>;

impl<T, const SEPARATOR: char> List<T, SEPARATOR> {
    /// The items, in order.
    pub fn items(&self) -> &[T] {
        &self.items
    }
}

impl<T, const SEPARATOR: char> FromIterator<T> for List<T, SEPARATOR> {
    fn from_iter<I: IntoIterator<Item = T>>(iter: I) -> Self {
        Self {
            items: iter.into_iter().collect(),
        }
    }
}

impl<T, const SEPARATOR: char> From<Vec<T>> for List<T, SEPARATOR> {
    fn from(items: Vec<T>) -> Self {
        Self { items }
    }
}

impl<T, const SEPARATOR: char, const N: usize> From<[T; N]> for List<T, SEPARATOR> {
    fn from(items: [T; N]) -> Self {
        Self {
            items: items.into(),
        }
    }
}

impl<const SEPARATOR: char, const N: usize> From<[&str; N]> for List<String, SEPARATOR> {
    fn from(items: [&str; N]) -> Self {
        items.into_iter().map(String::from).collect()
    }
}

impl<T: Clone, const SEPARATOR: char> From<&[T]> for List<T, SEPARATOR> {
    fn from(items: &[T]) -> Self {
        Self {
            items: items.to_vec(),
        }
    }
}

impl<T: AttributeValue, const SEPARATOR: char> AttributeValue for List<T, SEPARATOR> {
    fn write_attribute(&self, out: &mut String) -> Result<(), char> {
        for (index, item) in self.items.iter().enumerate() {
            if index > 0 {
                out.push(SEPARATOR);
            }
            item.write_attribute(out)?;
        }
        Ok(())
    }
}

/// Declares a closed set of attribute values, written as the reference
/// spells them.
macro_rules! attribute_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// The value as the reference spells it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::document::xml::AttributeValue for $name {
            fn write_attribute(&self, out: &mut String) -> Result<(), char> {
                out.push_str(self.as_str());
                Ok(())
            }
        }
    };
}

pub(crate) use attribute_enum;

#[cfg(test)]
mod tests {
    use super::*;

    fn attribute(text: &str) -> Result<String, char> {
        let mut out = String::new();
        escape_into(&mut out, text, true).map(|()| out)
    }

    #[test]
    fn attribute_values_escape_markup_quotes_and_whitespace_controls() {
        assert_eq!(
            attribute("a<b>&\"c'\n\r\td").unwrap(),
            "a&lt;b&gt;&amp;&quot;c'&#10;&#13;&#9;d"
        );
    }

    fn text(text: &str) -> Result<String, char> {
        let mut out = String::new();
        escape_into(&mut out, text, false).map(|()| out)
    }

    #[test]
    fn text_keeps_newlines_tabs_and_quotes_but_not_carriage_returns() {
        assert_eq!(text("a\n\tb\r\"<").unwrap(), "a\n\tb&#13;\"&lt;");
    }

    #[test]
    fn characters_xml_cannot_carry_are_refused() {
        for character in [
            '\u{0}', '\u{8}', '\u{b}', '\u{c}', '\u{1f}', '\u{fffe}', '\u{ffff}',
        ] {
            assert_eq!(attribute(&format!("a{character}b")), Err(character));
            assert_eq!(text(&format!("a{character}b")), Err(character));
        }
        assert!(attribute("\u{7f}\u{85}\u{fffd}\u{10000}").is_ok());
    }

    #[test]
    fn lists_join_with_their_separator() {
        let mut out = String::new();
        SpaceList::from([String::from("a"), String::from("b&")])
            .write_attribute(&mut out)
            .unwrap();
        assert_eq!(out, "a b&amp;");
    }
}
