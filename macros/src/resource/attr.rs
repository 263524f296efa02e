//! The arguments of `#[resource(list = "conferences")]` and of the field
//! attribute `#[resource(required)]`.

use proc_macro2::{Span, TokenStream};
use syn::parse::Parser;
use syn::punctuated::Punctuated;
use syn::spanned::Spanned;
use syn::{Attribute, Error, Expr, Lit, LitStr, Meta, Result, Token};

#[derive(Default)]
pub struct Args {
    /// The key of the items' array in a page of this resource.
    pub list: Option<LitStr>,
}

pub fn parse_args(args: TokenStream) -> Result<Args> {
    let mut parsed = Args::default();
    let parser = syn::meta::parser(|meta| {
        if meta.path.is_ident("list") {
            let value = meta.value()?;
            let lit: LitStr = value.parse().map_err(|error| {
                Error::new(
                    error.span(),
                    "expected the list key as a string, like `list = \"conferences\"`",
                )
            })?;
            if parsed.list.is_some() {
                return Err(meta.error("`list` is given twice: keep one"));
            }
            parsed.list = Some(lit);
            Ok(())
        } else {
            Err(meta.error(format!(
                "unknown argument `{}`: #[resource] takes `list = \"key\"`, the key of the \
                 items' array in a page of this resource",
                path_name(&meta.path)
            )))
        }
    });
    parser.parse2(args)?;
    Ok(parsed)
}

/// The `list = "..."` of arguments that did not parse, so that the stand-in
/// emitted after an error still lets the type be a page's item.
pub fn list_hint(args: TokenStream) -> Option<LitStr> {
    let metas = Punctuated::<Meta, Token![,]>::parse_terminated
        .parse2(args)
        .ok()?;
    metas.into_iter().find_map(|meta| match meta {
        Meta::NameValue(pair) if pair.path.is_ident("list") => match pair.value {
            Expr::Lit(lit) => match lit.lit {
                Lit::Str(lit) => Some(lit),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    })
}

/// `#[resource(required)]` on a field: the span of `required`.
pub fn field_attr(attrs: &[Attribute]) -> Result<Option<Span>> {
    let mut required: Option<Span> = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("resource")) {
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("required") {
                if required.is_some() {
                    return Err(meta.error("`required` is given twice: keep one"));
                }
                required = Some(meta.path.span());
                Ok(())
            } else {
                Err(meta.error(format!(
                    "unknown field attribute `{}`: a field of a #[resource] takes only \
                     `#[resource(required)]`, for a field whose absence fails the response",
                    path_name(&meta.path)
                )))
            }
        })?;
    }
    Ok(required)
}

/// The keys of `#[serde(...)]` that would fight the macro's own reading:
/// each with its span and name.
pub fn serde_decoding_keys(attrs: &[Attribute]) -> Vec<(Span, String)> {
    let mut found = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("serde")) {
        // A `#[serde]` that does not parse is serde's to report.
        let Ok(metas) = attr.parse_args_with(Punctuated::<Meta, Token![,]>::parse_terminated)
        else {
            continue;
        };
        for meta in metas {
            let path = meta.path();
            let name = path_name(path);
            if ["default", "deserialize_with", "with"].contains(&name.as_str()) {
                found.push((path.span(), name));
            }
        }
    }
    found
}

fn path_name(path: &syn::Path) -> String {
    path.get_ident()
        .map_or_else(|| "?".to_owned(), ToString::to_string)
}
