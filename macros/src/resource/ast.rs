//! The struct under `#[resource]`, read into a small IR that keeps the
//! original syn nodes so that every error can point at them.

use proc_macro2::{Span, TokenStream};
use syn::{Data, DeriveInput, Error, Fields, Ident, Result};

use super::attr::{self, Args};
use crate::ctxt::Errors;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub args: Args,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub ident: &'a Ident,
    /// The span of `required` in `#[resource(required)]`.
    pub required: Option<Span>,
    /// `default`, `deserialize_with` or `with` left in a `#[serde(...)]`.
    pub serde_decoding: Vec<(Span, String)>,
}

impl<'a> Input<'a> {
    pub fn from_syn(args: TokenStream, original: &'a DeriveInput) -> Result<Self> {
        let fields =
            match &original.data {
                Data::Struct(data) => match &data.fields {
                    Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
                    Fields::Unit => Vec::new(),
                    Fields::Unnamed(unnamed) => return Err(Error::new(
                        unnamed.paren_token.span.join(),
                        "#[resource] needs named fields, whose names are the keys of the API's \
                         JSON object: write `struct Name { sid: String }`",
                    )),
                },
                Data::Enum(data) => {
                    return Err(Error::new(
                        data.enum_token.span,
                        "#[resource] goes on a struct with named fields, not on an enum; \
                     for a value of the API's vocabulary declare it with `laml::wire_enum!` \
                     and end it with `..Unknown`",
                    ))
                }
                Data::Union(data) => {
                    return Err(Error::new(
                        data.union_token.span,
                        "#[resource] goes on a struct with named fields, not on a union",
                    ))
                }
            };

        let mut errors = Errors::new();
        let args = attr::parse_args(args).unwrap_or_else(|error| {
            errors.push(error);
            Args::default()
        });
        let mut parsed = Vec::with_capacity(fields.len());
        for original in fields {
            let Some(ident) = original.ident.as_ref() else {
                continue;
            };
            let required = attr::field_attr(&original.attrs).unwrap_or_else(|error| {
                errors.push(error);
                None
            });
            parsed.push(Field {
                original,
                ident,
                required,
                serde_decoding: attr::serde_decoding_keys(&original.attrs),
            });
        }
        errors.finish()?;
        Ok(Input {
            original,
            args,
            fields: parsed,
        })
    }
}
