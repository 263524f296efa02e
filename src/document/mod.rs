//! LaML (cXML) documents: what an app answers SignalWire's webhooks with.
//!
//! [`voice::VoiceResponse`] answers a call, [`messaging::MessagingResponse`]
//! a message and [`fax::FaxResponse`] a fax. Each verb and noun of
//! SignalWire's cXML reference is a type with a chainable setter per
//! attribute; what an element may hold is what its `append` accepts, so a
//! `<Dial>` inside a `<Gather>` does not compile. Rendering escapes
//! everything, and refuses with a [`RenderError`] the characters that XML
//! 1.0 cannot carry.
//!
//! ```
//! use laml::document::voice::{Gather, GatherInput, Say, VoiceResponse};
//!
//! let response = VoiceResponse::new()
//!     .append(
//!         Gather::new()
//!             .action("https://example.com/menu")
//!             .input([GatherInput::Dtmf, GatherInput::Speech])
//!             .num_digits(1u32)
//!             .append(Say::new("Press 1 for sales.")),
//!     )
//!     .append(Say::new("We did not receive any input. Goodbye!"));
//!
//! let xml = response.to_xml()?;
//! assert!(xml.contains(r#"<Gather action="https://example.com/menu" input="dtmf speech" numDigits="1">"#));
//! # Ok::<(), laml::document::RenderError>(())
//! ```

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
/// return, U+FFFE or U+FFFF).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderError {
    element: &'static str,
    attribute: Option<&'static str>,
    character: char,
}

impl RenderError {
    pub(crate) fn new(
        element: &'static str,
        attribute: Option<&'static str>,
        character: char,
    ) -> Self {
        Self {
            element,
            attribute,
            character,
        }
    }

    /// The element whose attribute or text holds the character.
    pub fn element(&self) -> &str {
        self.element
    }

    /// The attribute that holds the character, or `None` for the element's
    /// text.
    pub fn attribute(&self) -> Option<&str> {
        self.attribute
    }

    /// The character that XML cannot carry.
    pub fn character(&self) -> char {
        self.character
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let code = u32::from(self.character);
        match self.attribute {
            Some(attribute) => write!(
                f,
                "the `{attribute}` attribute of <{}> holds U+{code:04X}, which XML 1.0 cannot carry",
                self.element
            ),
            None => write!(
                f,
                "the text of <{}> holds U+{code:04X}, which XML 1.0 cannot carry",
                self.element
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

fn render_document<R: Render>(root: &R, capacity: usize) -> Result<String, RenderError> {
    let mut out = XmlWriter::new(capacity);
    out.declaration();
    root.render(&mut out)?;
    Ok(out.finish())
}
