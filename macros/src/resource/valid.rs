//! Rules that span several parts of the declaration: the list key, the
//! generics, the derives the macro adds, and each field's attributes.

use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Error, GenericParam, Path, Result, Token, Type};

use super::ast::Input;
use crate::ctxt::Errors;

/// What `#[resource]` derives itself, by the name a user would write.
pub const DERIVED: &[&str] = &[
    "Debug",
    "Clone",
    "PartialEq",
    "Default",
    "Serialize",
    "Deserialize",
];

pub fn check(input: &Input) -> Result<()> {
    let mut errors = Errors::new();

    if let Some(list) = &input.args.list {
        let key = list.value();
        let well_formed = key.starts_with(|c: char| c.is_ascii_lowercase())
            && key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !well_formed {
            errors.push(Error::new(
                list.span(),
                format!(
                    "`{key}` is not a list key: write the key of the items' array in a page \
                     as the API sends it, in snake_case, like \"conferences\" or \
                     \"incoming_phone_numbers\""
                ),
            ));
        }
    }

    for param in &input.original.generics.params {
        let message = match param {
            GenericParam::Lifetime(lifetime) => format!(
                "a #[resource] owns what it decodes, so it takes no lifetime: remove `{}` \
                 and use `String` where you borrowed a `&str`",
                lifetime.lifetime
            ),
            GenericParam::Type(_) | GenericParam::Const(_) => {
                "a #[resource] describes one response of the API and takes no generic \
                 parameters: name the field types themselves"
                    .to_owned()
            }
        };
        errors.push(Error::new(param.span(), message));
    }

    for (path, name) in derived_by_user(&input.original.attrs) {
        if DERIVED.contains(&name.as_str()) {
            errors.push(Error::new(
                path.span(),
                format!("#[resource] already derives `{name}`: remove it from #[derive(...)]"),
            ));
        }
    }

    for field in &input.fields {
        for (span, key) in &field.serde_decoding {
            errors.push(Error::new(
                *span,
                format!(
                    "#[resource] reads `{}` leniently from its type and gives it its default \
                     when the API leaves it out: remove `{key}` from #[serde(...)]",
                    field.ident
                ),
            ));
        }
        if let (Some(span), Some(_)) = (field.required, option_inner(&field.original.ty)) {
            errors.push(Error::new(
                span,
                format!(
                    "`{}` is an `Option`, which already reads an absent value as `None`: \
                     remove `required`, or make the field the value type itself",
                    field.ident
                ),
            ));
        }
    }

    errors.finish()
}

/// Each path in the struct's `#[derive(...)]`, with the name it ends in.
pub fn derived_by_user(attrs: &[Attribute]) -> Vec<(Path, String)> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("derive"))
        .filter_map(|attr| {
            attr.parse_args_with(Punctuated::<Path, Token![,]>::parse_terminated)
                .ok()
        })
        .flatten()
        .filter_map(|path| {
            let name = path.segments.last()?.ident.to_string();
            Some((path, name))
        })
        .collect()
}

fn option_inner(ty: &Type) -> Option<&Type> {
    let Type::Path(path) = ty else { return None };
    let last = path.path.segments.last()?;
    if path.qself.is_some() || last.ident != "Option" {
        return None;
    }
    match &last.arguments {
        syn::PathArguments::AngleBracketed(args) if args.args.len() == 1 => {
            match args.args.first()? {
                syn::GenericArgument::Type(inner) => Some(inner),
                _ => None,
            }
        }
        _ => None,
    }
}
