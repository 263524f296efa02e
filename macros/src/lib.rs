//! The `#[endpoint]` and `#[resource]` attributes of
//! [laml](https://docs.rs/laml). Use them through the `laml` crate, which
//! documents them.

mod alias;
mod ast;
mod attr;
mod ctxt;
mod expand;
mod resource;
mod template;
mod valid;

use proc_macro::TokenStream;
use syn::{parse_macro_input, DeriveInput};

/// Declares a request struct as an endpoint of the API. See `laml::endpoint`.
#[proc_macro_attribute]
pub fn endpoint(args: TokenStream, input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    expand::endpoint(args.into(), &input).into()
}

/// Declares a response type whose fields are read leniently. See
/// `laml::resource`.
#[proc_macro_attribute]
pub fn resource(args: TokenStream, input: TokenStream) -> TokenStream {
    let input = parse_macro_input!(input as DeriveInput);
    resource::resource(args.into(), &input).into()
}
