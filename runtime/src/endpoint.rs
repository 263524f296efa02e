use bytes::Bytes;
use reqwest::StatusCode;

use crate::encode::{ParamSink, PathBuilder};
use crate::Error;

/// The HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
}

impl Method {
    /// The method as written in a request line.
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }

    pub(crate) fn to_http(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
        }
    }
}

/// How an endpoint sends the fields that are not in its path.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// An `application/x-www-form-urlencoded` body.
    Form,
    /// The URL's query string.
    Query,
    /// An `application/json` body.
    Json,
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Location {
    /// A `<Placeholder>` of the path.
    Path,
    /// A form body pair.
    Form,
    /// A query string pair.
    Query,
    /// A member of a JSON body.
    Json,
}

/// One parameter of a declared endpoint, as the macro saw it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct ParamInfo {
    /// The name on the wire (`AnnounceUrl`, `DateCreated<`), or the
    /// placeholder's name for path parameters.
    pub name: &'static str,
    /// The Rust field that holds it, or `None` for an `<AccountSid>` filled
    /// from the client's project id.
    pub field: Option<&'static str>,
    /// Where it travels.
    pub location: Location,
    /// Whether a request must carry it (a field that is neither `Option`
    /// nor `Vec`).
    pub required: bool,
    /// Whether it is a list, sent as repeated keys.
    pub repeated: bool,
    /// The values the API allows, for enums; empty for free-form values.
    pub values: &'static [&'static str],
}

impl ParamInfo {
    #[doc(hidden)]
    pub const fn new(
        name: &'static str,
        field: Option<&'static str>,
        location: Location,
        required: bool,
        repeated: bool,
        values: &'static [&'static str],
    ) -> Self {
        Self {
            name,
            field,
            location,
            required,
            repeated,
            values,
        }
    }
}

/// A request to one API operation. Implemented by `#[endpoint]`; you do not
/// implement it by hand.
pub trait Endpoint {
    /// What a 2xx response decodes into; `()` when the body is ignored.
    type Response;

    /// The HTTP method.
    const METHOD: Method;
    /// The path template as declared, relative to the API's base URL
    /// (`/Accounts/<AccountSid>/Conferences/<Sid>`).
    const PATH: &'static str;
    /// How non-path fields are sent, when there are any.
    const ENCODING: Option<Encoding>;
    /// Every parameter, path placeholders first, in declaration order.
    const PARAMS: &'static [ParamInfo];
    /// The id of the operation in SignalWire's OpenAPI
    /// (`update_conference`), when the declaration names it with `op`.
    const OPERATION: Option<&'static str> = None;
    /// Whether sending the request twice does what sending it once does
    /// (HTTP's idempotent, RFC 9110 §9.2.2), which decides the failures it
    /// is retried after ([`RetryPolicy`](crate::RetryPolicy)).
    ///
    /// `GET`, `PUT` and `DELETE` are. A `POST` or `PATCH` whose path ends in
    /// a placeholder (`/Calls/<Sid>`) updates one item and is; one whose
    /// path ends in a collection (`/Calls`) creates (places a call, sends a
    /// message, buys a number) and is not. A declaration says otherwise with
    /// `idempotent = false`, as dequeuing a queue's `Front` member does:
    /// each dequeue takes the next caller.
    const IDEMPOTENT: bool;

    #[doc(hidden)]
    fn write_path(&self, path: &mut PathBuilder<'_>) -> Result<(), Error>;

    #[doc(hidden)]
    fn write_params<S: ParamSink>(&self, sink: &mut S);

    #[doc(hidden)]
    fn decode_response(status: StatusCode, body: Bytes) -> Result<Self::Response, Error>;
}

/// What the methods of the stand-in `Endpoint` impl return when an
/// `#[endpoint]` declaration did not compile; that crate does not build, so
/// no request ever reaches it.
#[doc(hidden)]
pub fn declaration_failed() -> Error {
    Error::invalid_request("the endpoint's declaration did not compile")
}
