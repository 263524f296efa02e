//! The struct under `#[endpoint]`, read into a small IR that keeps the
//! original syn nodes so that every error can point at them.

use proc_macro2::TokenStream;
use syn::{Data, DeriveInput, Error, Fields, GenericArgument, Ident, PathArguments, Result, Type};

use crate::attr::{self, Args, ParamAttr};
use crate::ctxt::Errors;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub args: Args,
    pub fields: Vec<Field<'a>>,
}

pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub ident: &'a Ident,
    pub param: Option<ParamAttr>,
    pub shape: Shape<'a>,
}

/// How a field's type reads, which decides whether it is required and how
/// its setter looks. Read from the syntax: an alias of `Option` counts as a
/// required field.
pub enum Shape<'a> {
    Required,
    Optional(&'a Type),
    List(&'a Type),
}

impl<'a> Input<'a> {
    pub fn from_syn(args: TokenStream, original: &'a DeriveInput) -> Result<Self> {
        let fields = match &original.data {
            Data::Struct(data) => match &data.fields {
                Fields::Named(named) => named.named.iter().collect::<Vec<_>>(),
                Fields::Unit => Vec::new(),
                Fields::Unnamed(unnamed) => {
                    return Err(Error::new(
                        unnamed.paren_token.span.join(),
                        "#[endpoint] needs named fields, whose names give the parameters' \
                         wire names: write `struct Name { sid: String }`",
                    ))
                }
            },
            Data::Enum(data) => {
                return Err(Error::new(
                    data.enum_token.span,
                    "#[endpoint] goes on a struct with named fields, not on an enum",
                ))
            }
            Data::Union(data) => {
                return Err(Error::new(
                    data.union_token.span,
                    "#[endpoint] goes on a struct with named fields, not on a union",
                ))
            }
        };
        let args: Args = syn::parse2(args)?;

        let mut errors = Errors::new();
        let mut parsed = Vec::with_capacity(fields.len());
        for field in fields {
            match Field::from_syn(field) {
                Ok(field) => parsed.push(field),
                Err(error) => errors.push(error),
            }
        }
        errors.finish()?;
        Ok(Input {
            original,
            args,
            fields: parsed,
        })
    }
}

impl<'a> Field<'a> {
    fn from_syn(original: &'a syn::Field) -> Result<Self> {
        let ident = original
            .ident
            .as_ref()
            .ok_or_else(|| Error::new_spanned(original, "expected a named field"))?;
        Ok(Field {
            original,
            ident,
            param: attr::param_attr(&original.attrs)?,
            shape: Shape::of(&original.ty),
        })
    }

    /// The field as far as its name and type go, ignoring its `#[param]`:
    /// what the stand-in builder emitted after an error needs.
    pub fn lenient(original: &'a syn::Field) -> Option<Self> {
        Some(Field {
            original,
            ident: original.ident.as_ref()?,
            param: None,
            shape: Shape::of(&original.ty),
        })
    }

    /// The name as Rust writes it, without `r#`.
    pub fn name(&self) -> String {
        let name = self.ident.to_string();
        name.trim_start_matches("r#").to_owned()
    }
}

impl<'a> Shape<'a> {
    fn of(ty: &'a Type) -> Self {
        if let Some(inner) = generic_argument(ty, "Option") {
            Shape::Optional(inner)
        } else if let Some(inner) = generic_argument(ty, "Vec") {
            Shape::List(inner)
        } else {
            Shape::Required
        }
    }
}

/// `T` in `Option<T>`, `std::option::Option<T>`, … for the given last segment.
fn generic_argument<'a>(ty: &'a Type, wrapper: &str) -> Option<&'a Type> {
    let Type::Path(path) = ty else { return None };
    if path.qself.is_some() {
        return None;
    }
    let last = path.path.segments.last()?;
    if last.ident != wrapper {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.first() {
        Some(GenericArgument::Type(inner)) if args.args.len() == 1 => Some(inner),
        _ => None,
    }
}
