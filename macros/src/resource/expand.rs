//! Builds the tokens: the struct with its derives and each field's lenient
//! reading, `ResourceField` so that it can be nested, and `PageItem` when it
//! has a list key.

use proc_macro2::TokenStream;
use quote::{quote, quote_spanned};
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, LitStr};

use super::ast::Input;
use super::attr;
use super::valid::{self, derived_by_user};

pub fn resource(args: TokenStream, input: &DeriveInput) -> TokenStream {
    let expanded = Input::from_syn(args.clone(), input)
        .and_then(|parsed| valid::check(&parsed).map(|()| expand(&parsed)));
    match expanded {
        Ok(tokens) => tokens,
        Err(error) => {
            let error = error.into_compile_error();
            let fallback = fallback(args, input);
            quote!(#error #fallback)
        }
    }
}

fn expand(input: &Input) -> TokenStream {
    let original = input.original;
    let ident = &original.ident;
    let private = quote!(::laml::__private);

    let mut item = strip_resource_attrs(original);
    if let Data::Struct(data) = &mut item.data {
        for (field, parsed) in data.fields.iter_mut().zip(&input.fields) {
            // Spanned at the type, so that a type that cannot be read
            // leniently is reported there.
            let ty_span = parsed.original.ty.span();
            let reader = LitStr::new("::laml::__private::resource_field", ty_span);
            let attr = if parsed.required.is_some() {
                quote_spanned!(ty_span=> #[serde(deserialize_with = #reader)])
            } else {
                let absent = LitStr::new("::laml::__private::absent", ty_span);
                quote_spanned!(ty_span=> #[serde(default = #absent, deserialize_with = #reader)])
            };
            field.attrs.push(syn::parse_quote!(#attr));
        }
    }
    let non_exhaustive = if original
        .attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
    {
        TokenStream::new()
    } else {
        quote!(#[non_exhaustive])
    };

    let page_item = input.args.list.as_ref().map(|list| page_item(ident, list));

    quote! {
        #[derive(
            ::core::fmt::Debug,
            ::core::clone::Clone,
            ::core::cmp::PartialEq,
            ::core::default::Default,
            #private::serde::Serialize,
            #private::serde::Deserialize,
        )]
        #[serde(crate = "::laml::__private::serde")]
        #non_exhaustive
        #item

        #[automatically_derived]
        impl #private::ResourceField for #ident {}

        #page_item
    }
}

fn page_item(ident: &syn::Ident, list: &LitStr) -> TokenStream {
    quote! {
        #[automatically_derived]
        impl ::laml::__private::PageItem for #ident {
            const LIST_KEY: &'static str = #list;
        }
    }
}

/// The struct as the user wrote it, without the `#[resource]` field
/// attributes that only this macro understands.
fn strip_resource_attrs(input: &DeriveInput) -> DeriveInput {
    let mut input = input.clone();
    if let Data::Struct(data) = &mut input.data {
        for field in data.fields.iter_mut() {
            field.attrs.retain(|attr| !attr.path().is_ident("resource"));
        }
    }
    input
}

/// After an error, the item as written plus stand-ins for what the macro
/// would have given it (the derives it lacks, serde impls that refuse every
/// value, the page key), so that each use of the type does not add an
/// unrelated error to the one reported. The crate does not build, so the
/// stand-ins never run.
fn fallback(args: TokenStream, input: &DeriveInput) -> TokenStream {
    let mut item = strip_resource_attrs(input);
    let ident = &input.ident;
    let private = quote!(::laml::__private);

    let has: Vec<String> = derived_by_user(&input.attrs)
        .into_iter()
        .map(|(_, name)| name)
        .collect();
    let missing = |name: &str| !has.iter().any(|have| have == name);
    // Without serde's derives, a `#[serde]` left in the item would be a
    // second error ("cannot find attribute").
    if missing("Serialize") && missing("Deserialize") {
        item.attrs.retain(|attr| !attr.path().is_ident("serde"));
        if let Data::Struct(data) = &mut item.data {
            for field in data.fields.iter_mut() {
                field.attrs.retain(|attr| !attr.path().is_ident("serde"));
            }
        }
    }
    let mut derives = Vec::new();
    if !matches!(input.data, Data::Union(_)) {
        for (name, path) in [
            ("Debug", quote!(::core::fmt::Debug)),
            ("Clone", quote!(::core::clone::Clone)),
            ("PartialEq", quote!(::core::cmp::PartialEq)),
        ] {
            if missing(name) {
                derives.push(path);
            }
        }
    }
    let derives = (!derives.is_empty()).then(|| quote!(#[derive(#(#derives),*)]));

    // Generic items get the derives only: the stand-in impls below would
    // need the bounds the macro refused to work out.
    if !input.generics.params.is_empty() {
        return quote!(#derives #item);
    }
    let deserialize = missing("Deserialize").then(|| {
        quote! {
            #[automatically_derived]
            impl<'de> #private::serde::Deserialize<'de> for #ident {
                fn deserialize<__D: #private::serde::Deserializer<'de>>(
                    _: __D,
                ) -> ::core::result::Result<Self, __D::Error> {
                    ::core::result::Result::Err(<__D::Error as #private::serde::de::Error>::custom(
                        "the resource's declaration did not compile",
                    ))
                }
            }
        }
    });
    let serialize = missing("Serialize").then(|| {
        quote! {
            #[automatically_derived]
            impl #private::serde::Serialize for #ident {
                fn serialize<__S: #private::serde::Serializer>(
                    &self,
                    _: __S,
                ) -> ::core::result::Result<__S::Ok, __S::Error> {
                    ::core::result::Result::Err(<__S::Error as #private::serde::ser::Error>::custom(
                        "the resource's declaration did not compile",
                    ))
                }
            }
        }
    });
    // A key that did not parse may have been meant: take any, so that a
    // page of the type is not a second error.
    let list = attr::list_hint(args).unwrap_or_else(|| LitStr::new("", ident.span()));
    let page_item = page_item(ident, &list);
    quote! {
        #derives
        #item
        #deserialize
        #serialize
        #page_item
    }
}
