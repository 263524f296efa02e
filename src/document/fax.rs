//! Fax documents: what SignalWire does with an incoming fax.
//!
//! ```
//! use laml::document::fax::{FaxResponse, MediaType, Receive};
//!
//! let document = FaxResponse::new().append(
//!     Receive::new()
//!         .action("https://example.com/fax-received")
//!         .media_type(MediaType::ImageTiff),
//! );
//! assert!(document.to_xml()?.contains(r#"mediaType="image/tiff""#));
//! # Ok::<(), laml::document::RenderError>(())
//! ```

use super::xml::attribute_enum;
use super::RenderError;
pub use crate::CallbackMethod;

element! {
    /// The root of a fax document.
    pub struct FaxResponse("Response") {}
    children: FaxChild;
}

children! {
    /// A verb of a fax document.
    pub enum FaxChild in FaxResponse {
        Receive, Reject,
    }
}

impl FaxResponse {
    /// An empty document.
    pub fn new() -> Self {
        Self::default()
    }

    /// The document as XML, with its declaration.
    pub fn to_xml(&self) -> Result<String, RenderError> {
        super::render_document(self, 128)
    }
}

attribute_enum! {
    /// How SignalWire stores a received fax.
    pub enum MediaType {
        /// `application/pdf` (the default).
        ApplicationPdf = "application/pdf",
        /// `image/tiff`
        ImageTiff = "image/tiff",
    }
}

attribute_enum! {
    /// The page size a received fax is read as.
    pub enum PageSize {
        /// `letter` (the default).
        Letter = "letter",
        /// `legal`
        Legal = "legal",
        /// `a4`
        A4 = "a4",
    }
}

element! {
    /// `<Receive>`: receives the fax.
    pub struct Receive("Receive") {
        /// The URL SignalWire requests when the fax is received or failed.
        action: String = "action",
        /// How the fax is stored.
        media_type: MediaType = "mediaType",
        /// The method of the request to `action`.
        method: CallbackMethod = "method",
        /// The page size.
        page_size: PageSize = "pageSize",
    }
}

impl Receive {
    /// `<Receive/>`.
    pub fn new() -> Self {
        Self::default()
    }
}

element! {
    /// `<Reject>`: rejects the fax (its status becomes `canceled`).
    pub struct Reject("Reject") {}
}

impl Reject {
    /// `<Reject/>`.
    pub fn new() -> Self {
        Self::default()
    }
}
