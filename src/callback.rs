//! The HTTP method the API uses for a request to one of your URLs, shared
//! by every family that takes a callback.

use crate::wire_enum;

wire_enum! {
    /// Whether the API requests a callback, announcement or LaML URL with
    /// `GET` or `POST`.
    pub enum CallbackMethod {
        /// `GET`
        Get = "GET",
        /// `POST`
        Post = "POST",
    }
}
