//! Builds the tokens: the struct as written, the `Endpoint` impl, the
//! constructor and the setters.

use proc_macro2::TokenStream;
use quote::{format_ident, quote, quote_spanned};
use syn::{DeriveInput, LitStr};

use crate::ast::{Field, Input, Shape};
use crate::template::Piece;
use crate::valid::{self, Endpoint};
use crate::{alias, attr};

pub fn endpoint(args: TokenStream, input: &DeriveInput) -> TokenStream {
    let original = strip_param_attrs(input);
    let expanded = Input::from_syn(args.clone(), input).and_then(|input| {
        valid::check(&input).map(|endpoint| (aliases(&input.args), expand(&endpoint)))
    });
    match expanded {
        Ok((aliases, tokens)) => quote!(#aliases #original #tokens),
        Err(error) => {
            let error = error.into_compile_error();
            let fallback = fallback(args, input);
            quote!(#original #error #fallback)
        }
    }
}

/// `#[doc(alias)]`s on the struct, so that rustdoc's search finds it by the
/// spec's operation id and by the SDK's name for the same call.
fn aliases(args: &attr::Args) -> TokenStream {
    let op = args.op.iter().map(|op| quote!(#[doc(alias = #op)]));
    let sdk = alias::sdk_call(args.method, &args.path).map(|call| quote!(#[doc(alias = #call)]));
    quote!(#(#op)* #sdk)
}

/// After an error, a stand-in `Endpoint` impl and builder, so that each use
/// of the struct does not add an unrelated error to the one reported. The
/// crate does not build, so its methods are never called; they return an
/// error all the same.
fn fallback(args: TokenStream, input: &DeriveInput) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let private = quote!(::laml::__private);
    let response = match attr::response_hint(args) {
        Some(ty) => quote!(#ty),
        None => quote!(()),
    };
    let builder = match &input.data {
        syn::Data::Struct(data) if !matches!(data.fields, syn::Fields::Unnamed(_)) => {
            let fields: Vec<_> = data.fields.iter().filter_map(Field::lenient).collect();
            builder(input, &fields)
        }
        _ => TokenStream::new(),
    };
    quote! {
        #[automatically_derived]
        impl #impl_generics #private::Endpoint for #ident #ty_generics #where_clause {
            type Response = #response;
            const METHOD: #private::Method = #private::Method::Get;
            const PATH: &'static str = "";
            const ENCODING: ::core::option::Option<#private::Encoding> =
                ::core::option::Option::None;
            const PARAMS: &'static [#private::ParamInfo] = &[];
            const IDEMPOTENT: bool = false;

            fn write_path(
                &self,
                _: &mut #private::PathBuilder<'_>,
            ) -> ::core::result::Result<(), #private::Error> {
                ::core::result::Result::Err(#private::declaration_failed())
            }

            fn write_params<__S: #private::ParamSink>(&self, _: &mut __S) {}

            fn decode_response(
                _: #private::StatusCode,
                _: #private::Bytes,
            ) -> ::core::result::Result<Self::Response, #private::Error> {
                ::core::result::Result::Err(#private::declaration_failed())
            }
        }

        #builder
    }
}

/// The struct as the user wrote it, without the `#[param]` attributes that
/// only this macro understands.
fn strip_param_attrs(input: &DeriveInput) -> DeriveInput {
    let mut input = input.clone();
    if let syn::Data::Struct(data) = &mut input.data {
        for field in data.fields.iter_mut() {
            field.attrs.retain(|attr| !attr.path().is_ident("param"));
        }
    }
    input
}

fn expand(endpoint: &Endpoint) -> TokenStream {
    let input = endpoint.input;
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    let private = quote!(::laml::__private);

    let method = format_ident!("{}", input.args.method.variant());
    let path_lit = &input.args.path.lit;
    let encoding = input.args.encoding.map(|(encoding, _)| encoding);
    let (encoding, location) = match encoding {
        Some(encoding) => {
            let variant = format_ident!("{}", encoding.variant());
            (
                quote!(::core::option::Option::Some(#private::Encoding::#variant)),
                quote!(#variant),
            )
        }
        // Without an encoding every field is in the path: no parameter
        // carries this location.
        None => (quote!(::core::option::Option::None), quote!(Form)),
    };

    let write_path = input.args.path.pieces.iter().map(|piece| match piece {
        Piece::Literal(text) => quote!(__path.literal(#text);),
        Piece::Placeholder(placeholder) => {
            let name = &placeholder.name;
            match endpoint.path_fields.get(&placeholder.field) {
                Some(field) if matches!(field.shape, Shape::Optional(_)) => {
                    let member = field.ident;
                    let ty = &field.original.ty;
                    quote_spanned!(syn::spanned::Spanned::span(ty)=>
                        match &self.#member {
                            ::core::option::Option::Some(__value) => __path.segment(#name, __value)?,
                            ::core::option::Option::None => __path.project_id(#name)?,
                        }
                    )
                }
                Some(field) => {
                    let member = field.ident;
                    let ty = &field.original.ty;
                    quote_spanned!(syn::spanned::Spanned::span(ty)=>
                        __path.segment(#name, &self.#member)?;
                    )
                }
                None => quote!(__path.project_id(#name)?;),
            }
        }
    });

    let path_infos = input.args.path.placeholders().map(|placeholder| {
        let name = &placeholder.name;
        let field = match endpoint.path_fields.get(&placeholder.field) {
            Some(field) => {
                let field_name = field.name();
                quote!(::core::option::Option::Some(#field_name))
            }
            None => quote!(::core::option::Option::None),
        };
        quote!(#private::ParamInfo::new(#name, #field, #private::Location::Path, true, false, &[]))
    });
    let param_infos = endpoint.params.iter().map(|(field, wire)| {
        let field_name = field.name();
        let ty = &field.original.ty;
        let required = matches!(field.shape, Shape::Required);
        let repeated = matches!(field.shape, Shape::List(_));
        quote!(#private::ParamInfo::new(
            #wire,
            ::core::option::Option::Some(#field_name),
            #private::Location::#location,
            #required,
            #repeated,
            <#ty as #private::Param>::VALUES,
        ))
    });

    let write_params = endpoint.params.iter().map(|(field, wire)| {
        let member = field.ident;
        let ty = &field.original.ty;
        quote_spanned!(syn::spanned::Spanned::span(ty)=>
            <#ty as #private::Param>::write(&self.#member, #wire, __sink);
        )
    });

    let (response, decode) = match &input.args.response {
        Some(ty) => (quote!(#ty), {
            let decoded = quote_spanned!(syn::spanned::Spanned::span(ty)=>
                #private::decode_response::<#ty>(__status, __body)
            );
            // A page remembers its endpoint's path, so that following
            // it is traced under the same operation.
            quote!({
                #[allow(unused_imports)]
                use #private::{TagOther as _, TagPage as _};
                match #decoded {
                    ::core::result::Result::Ok(mut __response) => {
                        (&mut __response).__laml_tag(<Self as #private::Endpoint>::PATH);
                        ::core::result::Result::Ok(__response)
                    }
                    ::core::result::Result::Err(__error) => ::core::result::Result::Err(__error),
                }
            })
        }),
        None => (
            quote!(()),
            quote!({
                let _ = (__status, __body);
                ::core::result::Result::Ok(())
            }),
        ),
    };

    let operation = match &input.args.op {
        Some(op) => quote!(::core::option::Option::Some(#op)),
        None => quote!(::core::option::Option::None),
    };

    let idempotent = endpoint.idempotent;
    let builder = builder(input.original, &input.fields);

    quote! {
        #[automatically_derived]
        impl #impl_generics #private::Endpoint for #ident #ty_generics #where_clause {
            type Response = #response;
            const METHOD: #private::Method = #private::Method::#method;
            const PATH: &'static str = #path_lit;
            const ENCODING: ::core::option::Option<#private::Encoding> = #encoding;
            const PARAMS: &'static [#private::ParamInfo] = &[#(#path_infos,)* #(#param_infos,)*];
            const OPERATION: ::core::option::Option<&'static str> = #operation;
            const IDEMPOTENT: bool = #idempotent;

            fn write_path(
                &self,
                __path: &mut #private::PathBuilder<'_>,
            ) -> ::core::result::Result<(), #private::Error> {
                #(#write_path)*
                ::core::result::Result::Ok(())
            }

            fn write_params<__S: #private::ParamSink>(&self, __sink: &mut __S) {
                #(#write_params)*
            }

            fn decode_response(
                __status: #private::StatusCode,
                __body: #private::Bytes,
            ) -> ::core::result::Result<Self::Response, #private::Error> {
                #decode
            }
        }

        #builder
    }
}

/// `new` with the required fields, and a chainable setter for each of the
/// others.
fn builder(original: &DeriveInput, fields: &[Field]) -> TokenStream {
    let ident = &original.ident;
    let vis = &original.vis;
    let (impl_generics, ty_generics, where_clause) = original.generics.split_for_impl();

    let required: Vec<_> = fields
        .iter()
        .filter(|f| matches!(f.shape, Shape::Required))
        .collect();
    let required_args = required.iter().map(|f| {
        let member = f.ident;
        let ty = argument_type(&f.original.ty);
        quote!(#member: #ty)
    });
    let inits = fields.iter().map(|f| {
        let member = f.ident;
        match f.shape {
            Shape::Required => quote!(#member: ::core::convert::Into::into(#member)),
            Shape::Optional(_) | Shape::List(_) => {
                quote!(#member: ::core::default::Default::default())
            }
        }
    });

    let setters = fields.iter().filter_map(|f| {
        let member = f.ident;
        let docs: Vec<_> = f
            .original
            .attrs
            .iter()
            .filter(|attr| attr.path().is_ident("doc"))
            .collect();
        let fallback = LitStr::new(&format!("Sets `{}`.", f.name()), member.span());
        let docs = if docs.is_empty() {
            quote!(#[doc = #fallback])
        } else {
            quote!(#(#docs)*)
        };
        match f.shape {
            Shape::Required => None,
            Shape::Optional(inner) => Some({
                let argument = argument_type(inner);
                quote! {
                #docs
                #[must_use]
                #vis fn #member(mut self, #member: #argument) -> Self {
                    self.#member = ::core::option::Option::Some(::core::convert::Into::into(#member));
                    self
                }
            }}),
            Shape::List(inner) => Some(quote! {
                #docs
                #[must_use]
                #vis fn #member<__I>(mut self, #member: __I) -> Self
                where
                    __I: ::core::iter::IntoIterator,
                    __I::Item: ::core::convert::Into<#inner>,
                {
                    self.#member = ::core::iter::Iterator::collect(::core::iter::Iterator::map(
                        ::core::iter::IntoIterator::into_iter(#member),
                        ::core::convert::Into::into,
                    ));
                    self
                }
            }),
        }
    });

    let new_doc = if required.is_empty() {
        "Creates the request; set its optional fields with the chainable setters.".to_owned()
    } else {
        let names: Vec<_> = required.iter().map(|f| format!("`{}`", f.name())).collect();
        format!(
            "Creates the request from its required fields ({}); set the others with the \
             chainable setters.",
            names.join(", ")
        )
    };

    quote! {
        impl #impl_generics #ident #ty_generics #where_clause {
            #[doc = #new_doc]
            #[must_use]
            #vis fn new(#(#required_args),*) -> Self {
                Self { #(#inits,)* }
            }

            #(#setters)*
        }
    }
}

/// `impl Into<T>`, so that `&str` fits a `String` or a sid; the type itself
/// for numbers and `bool`, so that an integer literal still infers its type.
fn argument_type(ty: &syn::Type) -> TokenStream {
    const LITERALS: &[&str] = &[
        "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize",
        "f32", "f64", "bool",
    ];
    let is_literal = matches!(ty, syn::Type::Path(path)
    if path.qself.is_none()
        && path.path.segments.last().is_some_and(|s| {
            s.arguments.is_none() && LITERALS.iter().any(|name| s.ident == name)
        }));
    if is_literal {
        quote!(#ty)
    } else {
        quote!(impl ::core::convert::Into<#ty>)
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    #[test]
    fn the_struct_is_found_by_the_operation_id_and_the_sdk_call() {
        let input: DeriveInput = syn::parse_quote! {
            pub struct BuyPhoneNumber { pub phone_number: Option<String> }
        };
        let args = quote!(
            POST,
            "/Accounts/<AccountSid>/IncomingPhoneNumbers",
            form,
            op = "create_incoming_phone_number"
        );
        let expanded = endpoint(args, &input).to_string();
        let item = expanded.find("pub struct").unwrap_or(usize::MAX);
        for alias in [
            "create_incoming_phone_number",
            "incoming_phone_numbers.create",
        ] {
            let attribute = format!("# [doc (alias = \"{alias}\")]");
            let at = expanded.find(&attribute);
            assert!(at.is_some_and(|at| at < item), "{attribute} in {expanded}");
        }
    }
}
