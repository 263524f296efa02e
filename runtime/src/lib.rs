//! The runtime of [laml](https://docs.rs/laml): the [`Client`] (auth and
//! transport), the [`Endpoint`] trait that `#[endpoint]` implements, request
//! encoding, lenient response decoding and the one [`Error`] type.
//!
//! Applications depend on the `laml` crate, which re-exports all of this.
#![deny(missing_docs)]

#[cfg(feature = "blocking")]
pub mod blocking;
mod call;
mod client;
pub mod decode;
mod encode;
mod endpoint;
mod error;
mod page;
mod resource;
mod retry;
mod rfc2822;
mod tls;
mod wire_enum;

pub use client::{
    Client, ClientBuilder, API_PREFIX, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_BODY_BYTES,
    DEFAULT_MAX_ERROR_BODY_BYTES, DEFAULT_MAX_IN_FLIGHT, DEFAULT_TIMEOUT,
};
pub use decode::Timestamp;
pub use encode::{DateOrDateTime, Param, ParamSink, PathValue, Secret, Wire, WireValue};
pub use endpoint::{Encoding, Endpoint, Location, Method, ParamInfo};
pub use error::{ApiError, Error};
pub use page::{Items, Page, PageItem, MAX_EMPTY_PAGES};
pub use resource::ResourceField;
pub use retry::RetryPolicy;

/// The HTTP client laml sends through, at the version laml uses: for
/// [`ClientBuilder::http_client`] and the request [`Client::build_request`]
/// returns.
pub use reqwest;

/// What `#[endpoint]`, `#[resource]` and `wire_enum!` expand to. Not a
/// public API.
#[doc(hidden)]
pub mod __private {
    pub use crate::page::{TagOther, TagPage};
    pub use bytes::Bytes;
    pub use reqwest::StatusCode;
    pub use serde;

    pub use crate::decode::response as decode_response;
    pub use crate::encode::{Param, ParamSink, PathBuilder};
    pub use crate::endpoint::{
        declaration_failed, Encoding, Endpoint, Location, Method, ParamInfo,
    };
    pub use crate::page::PageItem;
    pub use crate::resource::{absent, field as resource_field, ResourceField};
    pub use crate::tls::configure_async as configure_tls;
    pub use crate::Error;
}
