//! `#[resource]`: a response type whose fields are read leniently, chosen
//! from each field's type. Parsed in `ast` and `attr`, checked in `valid`,
//! built in `expand`, like `#[endpoint]`.

mod ast;
mod attr;
mod expand;
mod valid;

pub use expand::resource;
