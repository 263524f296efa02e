//! Writing a document: escaping, refusing what XML 1.0 cannot carry, and the
//! values attributes take.

use super::RenderError;
use crate::CallbackMethod;

/// Renders one element (or text) of a document.
pub trait Render {
    /// Writes the start tag with its attributes, and the text: `true` when
    /// the element is left open for its children and end tag, `false` when
    /// it was written whole.
    #[doc(hidden)]
    fn start(&self, out: &mut XmlWriter) -> Result<bool, RenderError>;

    /// The child at `index`, written after the start.
    #[doc(hidden)]
    fn child(&self, _index: usize) -> Option<&dyn Render> {
        None
    }
}

/// Text, escaped, in the element open last.
impl Render for String {
    fn start(&self, out: &mut XmlWriter) -> Result<bool, RenderError> {
        out.text(self).map(|()| false)
    }
}

/// The writer a document renders into. Not a public API.
///
/// Markup goes straight into one `String`: every value passes through
/// [`escape_into`], which escapes what quick-xml's writer would and the
/// whitespace it leaves, so routing through its events only added copies
/// (rendering took 1.9× hand-written code with them, see BENCHMARKS.md).
#[doc(hidden)]
pub struct XmlWriter {
    out: String,
    /// The elements open, innermost last: text belongs to the last.
    open: Vec<&'static str>,
}

impl XmlWriter {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            out: String::with_capacity(capacity),
            open: Vec::new(),
        }
    }

    /// Writes the document whose root is `root`, with its declaration.
    ///
    /// SSML nests as deep as memory allows, so the children still to write
    /// are kept on a list rather than on the call stack, which a document
    /// 2,000 elements deep overflowed.
    pub(crate) fn document(mut self, root: &dyn Render) -> Result<String, RenderError> {
        self.out
            .push_str(r#"<?xml version="1.0" encoding="UTF-8"?>"#);
        let mut pending: Vec<(&dyn Render, usize)> = Vec::new();
        if root.start(&mut self)? {
            pending.push((root, 0));
        }
        while let Some((element, index)) = pending.last_mut() {
            let element: &dyn Render = *element;
            match element.child(*index) {
                Some(child) => {
                    *index += 1;
                    if child.start(&mut self)? {
                        pending.push((child, 0));
                    }
                }
                None => {
                    self.end();
                    pending.pop();
                }
            }
        }
        Ok(self.out)
    }

    /// Starts the tag of `element`; attributes follow, then [`StartTag::open`]
    /// or [`StartTag::empty`].
    pub(crate) fn start(&mut self, element: &'static str) -> StartTag<'_> {
        self.out.push('<');
        self.out.push_str(element);
        StartTag { out: self, element }
    }

    fn end(&mut self) {
        if let Some(element) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(element);
            self.out.push('>');
        }
    }

    /// Writes `text` in the element open last.
    pub(crate) fn text(&mut self, text: &str) -> Result<(), RenderError> {
        escape_into(&mut self.out, text, false).map_err(|character| {
            let element = self.open.last().copied().unwrap_or_default();
            RenderError::text(element, character)
        })
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
        self.write(name, value)
            .map_err(|character| RenderError::attribute_value(self.element, name.into(), character))
    }

    /// Writes an attribute set by name, refusing a name that is not an XML
    /// name: it could end the tag, or add attributes of its own.
    pub(crate) fn attribute_named(&mut self, name: &str, value: &str) -> Result<(), RenderError> {
        if !is_xml_name(name) {
            return Err(RenderError::attribute_name(self.element, name));
        }
        self.write(name, value).map_err(|character| {
            RenderError::attribute_value(self.element, name.to_owned().into(), character)
        })
    }

    fn write<V: AttributeValue + ?Sized>(&mut self, name: &str, value: &V) -> Result<(), char> {
        let out = &mut self.out.out;
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        value.write_attribute(out)?;
        out.push('"');
        Ok(())
    }

    /// Ends the start tag, `<element ...>`; the element's content and end
    /// follow.
    pub(crate) fn open(self) {
        self.out.out.push('>');
        self.out.open.push(self.element);
    }

    /// Ends the tag as an empty element, `<element .../>`.
    pub(crate) fn empty(self) {
        self.out.out.push_str("/>");
    }
}

/// Whether `name` is a `Name` of XML 1.0 (its section 2.3).
pub(crate) fn is_xml_name(name: &str) -> bool {
    let mut characters = name.chars();
    characters.next().is_some_and(is_name_start)
        && characters.all(|character| {
            is_name_start(character)
                || matches!(
                    character,
                    '-' | '.'
                        | '0'..='9'
                        | '\u{b7}'
                        | '\u{300}'..='\u{36f}'
                        | '\u{203f}'..='\u{2040}'
                )
        })
}

fn is_name_start(character: char) -> bool {
    matches!(
        character,
        ':' | 'A'..='Z'
            | '_'
            | 'a'..='z'
            | '\u{c0}'..='\u{d6}'
            | '\u{d8}'..='\u{f6}'
            | '\u{f8}'..='\u{2ff}'
            | '\u{370}'..='\u{37d}'
            | '\u{37f}'..='\u{1fff}'
            | '\u{200c}'..='\u{200d}'
            | '\u{2070}'..='\u{218f}'
            | '\u{2c00}'..='\u{2fef}'
            | '\u{3001}'..='\u{d7ff}'
            | '\u{f900}'..='\u{fdcf}'
            | '\u{fdf0}'..='\u{fffd}'
            | '\u{10000}'..='\u{effff}'
    )
}

/// Escapes `text` for an attribute value (in double quotes) or for character
/// data, or returns the first character XML 1.0 cannot carry.
///
/// quick-xml's escaping leaves `\n`, `\r` and `\t` as they are; a parser
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

/// Writes `number` in decimal without the formatting machinery, which
/// costs more than the rest of a small attribute.
fn write_decimal(out: &mut String, mut number: u64) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (number % 10) as u8;
        number /= 10;
        if number == 0 {
            break;
        }
    }
    for &digit in &digits[start..] {
        out.push(char::from(digit));
    }
}

macro_rules! numbers {
    ($($number:ty),*) => {$(
        impl AttributeValue for $number {
            fn write_attribute(&self, out: &mut String) -> Result<(), char> {
                write_decimal(out, u64::from(*self));
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
    fn xml_names_are_told_from_what_is_not_one() {
        for name in [
            "bargeIn",
            "xml:lang",
            "_x",
            "a-b.c9",
            "é",
            "a·\u{301}",
            "x\u{203f}y",
        ] {
            assert!(is_xml_name(name), "{name:?}");
        }
        for name in [
            "", "a b", "1x", "-x", ".x", "·x", "x\"y", "x=y", "x>", "x/", "x\u{0}", "x\u{d7}",
        ] {
            assert!(!is_xml_name(name), "{name:?}");
        }
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for number in [0, 7, 10, 99, 14_400, u64::from(u32::MAX), u64::MAX] {
            let mut out = String::new();
            number.write_attribute(&mut out).unwrap();
            assert_eq!(out, number.to_string());
        }
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
