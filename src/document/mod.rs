//! LaML (cXML) documents: what an app answers SignalWire's webhooks with.
//!
//! [`voice::VoiceResponse`] answers a call, [`messaging::MessagingResponse`]
//! a message and [`fax::FaxResponse`] a fax. Each verb and noun of
//! SignalWire's cXML reference is a type with a chainable setter per
//! attribute; what an element may hold is what its `append` accepts, so a
//! `<Dial>` inside a `<Gather>` does not compile. An attribute laml has no
//! setter for (one SignalWire added since) is set by name with each
//! element's `attribute`. Rendering escapes everything, and refuses with a
//! [`RenderError`] the characters that XML 1.0 cannot carry and attribute
//! names that are not XML names.
//!
//! ```
//! use laml::document::voice::{Gather, GatherInput, Say, VoiceResponse};
//!
//! let response = VoiceResponse::new()
//!     .append(
//!         Gather::new()
//!             .action("https://example.com/menu")
//!             .input([GatherInput::Dtmf, GatherInput::Speech])
//!             .num_digits(1)
//!             .append(Say::new("Press 1 for sales.")),
//!     )
//!     .append(Say::new("We did not receive any input. Goodbye!"));
//!
//! let xml = response.to_xml()?;
//! assert!(xml.contains(r#"<Gather action="https://example.com/menu" input="dtmf speech" numDigits="1">"#));
//! # Ok::<(), laml::document::RenderError>(())
//! ```

use std::borrow::Cow;
use std::error::Error as StdError;
use std::fmt;

#[macro_use]
mod element;
pub mod fax;
pub mod messaging;
pub mod voice;
mod xml;

pub use xml::{CommaList, List, Render, SpaceList};

#[doc(hidden)]
pub use xml::{AttributeValue, XmlWriter};

/// A document could not be rendered: a value holds a character that XML 1.0
/// cannot carry (a control character other than tab, line feed and carriage
/// return, U+FFFE or U+FFFF), or an attribute set by name has a name that is
/// not an XML name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    element: &'static str,
    refused: Refused,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Refused {
    Text(char),
    Attribute(Cow<'static, str>, char),
    AttributeName(String),
}

impl RenderError {
    pub(crate) fn text(element: &'static str, character: char) -> Self {
        Self {
            element,
            refused: Refused::Text(character),
        }
    }

    pub(crate) fn attribute_value(
        element: &'static str,
        attribute: Cow<'static, str>,
        character: char,
    ) -> Self {
        Self {
            element,
            refused: Refused::Attribute(attribute, character),
        }
    }

    pub(crate) fn attribute_name(element: &'static str, attribute: &str) -> Self {
        Self {
            element,
            refused: Refused::AttributeName(attribute.to_owned()),
        }
    }

    /// The element whose attribute or text is refused.
    pub fn element(&self) -> &str {
        self.element
    }

    /// The attribute that holds the character, or whose name is refused;
    /// `None` for the element's text.
    pub fn attribute(&self) -> Option<&str> {
        match &self.refused {
            Refused::Text(_) => None,
            Refused::Attribute(attribute, _) => Some(attribute),
            Refused::AttributeName(attribute) => Some(attribute),
        }
    }

    /// The character that XML cannot carry, or `None` when the attribute's
    /// name is what is refused.
    pub fn character(&self) -> Option<char> {
        match self.refused {
            Refused::Text(character) | Refused::Attribute(_, character) => Some(character),
            Refused::AttributeName(_) => None,
        }
    }

    /// Whether the name of an attribute set by name is refused, as not an
    /// XML name.
    pub fn is_attribute_name(&self) -> bool {
        matches!(self.refused, Refused::AttributeName(_))
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let element = self.element;
        match &self.refused {
            Refused::Text(character) => write!(
                f,
                "the text of <{element}> holds U+{:04X}, which XML 1.0 cannot carry",
                u32::from(*character)
            ),
            Refused::Attribute(attribute, character) => write!(
                f,
                "the `{attribute}` attribute of <{element}> holds U+{:04X}, which XML 1.0 cannot carry",
                u32::from(*character)
            ),
            Refused::AttributeName(attribute) => write!(
                f,
                "<{element}> has an attribute named {attribute:?}, which is not an XML name"
            ),
        }
    }
}

impl StdError for RenderError {}

/// An element that holds children of one kind: `Child` is the enum of what
/// it accepts.
pub trait Container: sealed::Sealed {
    /// What this element may hold.
    type Child: Render;
}

/// `Self` may be nested in `Parent`.
///
/// This is how the compiler checks a document's nesting: `append` takes
/// only what implements `Nest<Self>`, and the implementations follow the
/// "Nesting" and "Nouns" sections of SignalWire's cXML reference.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be nested in `{Parent}`",
    label = "`{Parent}` does not accept this",
    note = "what each element may hold follows SignalWire's cXML reference; see `{Parent}::append`"
)]
pub trait Nest<Parent: Container>: sealed::Sealed {
    /// Wraps `self` as a child of `Parent`.
    #[doc(hidden)]
    fn nest(self) -> Parent::Child;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for &str {}
    impl Sealed for String {}
}

fn render_document(root: &dyn Render, capacity: usize) -> Result<String, RenderError> {
    XmlWriter::new(capacity).document(root)
}
