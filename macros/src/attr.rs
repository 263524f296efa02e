//! The arguments of
//! `#[endpoint(METHOD, "PATH", ENCODING, response = TYPE, op = "operation_id", idempotent = BOOL)]`
//! and of the field attribute `#[param(rename = "...")]`.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::parse::{Parse, ParseStream};
use syn::{Attribute, Error, Ident, LitBool, LitStr, Result, Token, Type};

use crate::template::Template;

mod kw {
    syn::custom_keyword!(form);
    syn::custom_keyword!(query);
    syn::custom_keyword!(json);
    syn::custom_keyword!(response);
    syn::custom_keyword!(op);
    syn::custom_keyword!(idempotent);
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

impl Method {
    pub fn has_body(self) -> bool {
        !matches!(self, Method::Get | Method::Delete)
    }

    /// Whether HTTP defines the method as idempotent (RFC 9110, 9.2.2),
    /// whatever the path.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }

    /// The runtime's `Method` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Method::Get => "Get",
            Method::Post => "Post",
            Method::Put => "Put",
            Method::Patch => "Patch",
            Method::Delete => "Delete",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Form,
    Query,
    Json,
}

impl Encoding {
    pub fn is_body(self) -> bool {
        !matches!(self, Encoding::Query)
    }

    /// The runtime's `Encoding` variant.
    pub fn variant(self) -> &'static str {
        match self {
            Encoding::Form => "Form",
            Encoding::Query => "Query",
            Encoding::Json => "Json",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Encoding::Form => "form",
            Encoding::Query => "query",
            Encoding::Json => "json",
        }
    }
}

pub struct Args {
    pub method: Method,
    pub path: Template,
    pub encoding: Option<(Encoding, Span)>,
    pub response: Option<Type>,
    pub op: Option<LitStr>,
    /// `idempotent = BOOL`, where the method and the path's last segment
    /// would say otherwise.
    pub idempotent: Option<(LitBool, Span)>,
}

impl Parse for Args {
    fn parse(input: ParseStream) -> Result<Self> {
        if input.is_empty() {
            return Err(input.error(
                "expected the method and the path, like \
                 #[endpoint(GET, \"/Accounts/<AccountSid>/Conferences/<Sid>\")]",
            ));
        }
        let method = parse_method(input)?;
        input.parse::<Token![,]>().map_err(|_| {
            input.error("expected `,` and the path, like `GET, \"/Accounts/<AccountSid>/Calls\"`")
        })?;
        let path = if input.peek(LitStr) {
            Template::parse(input.parse()?)?
        } else {
            return Err(input.error(
                "expected the path as a string literal, like \"/Accounts/<AccountSid>/Calls\"",
            ));
        };

        let mut encoding: Option<(Encoding, Span)> = None;
        let mut response: Option<Type> = None;
        let mut op: Option<LitStr> = None;
        let mut idempotent: Option<(LitBool, Span)> = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let lookahead = input.lookahead1();
            let (next, span) = if lookahead.peek(kw::form) {
                (Encoding::Form, input.parse::<kw::form>()?.span)
            } else if lookahead.peek(kw::query) {
                (Encoding::Query, input.parse::<kw::query>()?.span)
            } else if lookahead.peek(kw::json) {
                (Encoding::Json, input.parse::<kw::json>()?.span)
            } else if lookahead.peek(kw::response) {
                let keyword = input.parse::<kw::response>()?;
                input.parse::<Token![=]>()?;
                let ty: Type = input.parse()?;
                if response.is_some() {
                    return Err(Error::new(
                        keyword.span,
                        "`response` is given twice: keep one",
                    ));
                }
                response = Some(ty);
                continue;
            } else if lookahead.peek(kw::op) {
                let keyword = input.parse::<kw::op>()?;
                input.parse::<Token![=]>()?;
                if op.is_some() {
                    return Err(Error::new(keyword.span, "`op` is given twice: keep one"));
                }
                op = Some(parse_operation_id(input)?);
                continue;
            } else if lookahead.peek(kw::idempotent) {
                let keyword = input.parse::<kw::idempotent>()?;
                input.parse::<Token![=]>()?;
                if idempotent.is_some() {
                    return Err(Error::new(
                        keyword.span,
                        "`idempotent` is given twice: keep one",
                    ));
                }
                let value: LitBool = input.parse().map_err(|error| {
                    Error::new(
                        error.span(),
                        "expected `true` or `false`, like `idempotent = false`",
                    )
                })?;
                idempotent = Some((value, keyword.span));
                continue;
            } else if input.peek(Ident) {
                let ident: Ident = input.parse()?;
                return Err(Error::new(
                    ident.span(),
                    format!(
                        "unknown argument `{ident}`: expected an encoding (`form`, `query` \
                         or `json`), `response = Type`, `op = \"operation_id\"` or \
                         `idempotent = false`"
                    ),
                ));
            } else {
                return Err(lookahead.error());
            };
            if let Some((first, _)) = encoding {
                return Err(Error::new(
                    span,
                    format!(
                        "the encoding is given twice (`{}` and `{}`): keep one",
                        first.as_str(),
                        next.as_str()
                    ),
                ));
            }
            encoding = Some((next, span));
        }

        Ok(Args {
            method,
            path,
            encoding,
            response,
            op,
            idempotent,
        })
    }
}

/// The spec's `operationId`, in its snake_case: `update_conference`.
fn parse_operation_id(input: ParseStream) -> Result<LitStr> {
    let lit: LitStr = input.parse().map_err(|error| {
        Error::new(
            error.span(),
            "expected the operation id as a string literal, like `op = \"update_conference\"`",
        )
    })?;
    let value = lit.value();
    let snake = value.starts_with(|c: char| c.is_ascii_lowercase())
        && value
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake {
        return Err(Error::new(
            lit.span(),
            format!(
                "`{value}` is not an operation id: write the spec's snake_case `operationId`, \
                 like \"update_conference\""
            ),
        ));
    }
    Ok(lit)
}

/// The `response = TYPE` of arguments that did not parse, so that the
/// stand-in impl emitted after an error keeps the declared response type.
pub fn response_hint(args: TokenStream) -> Option<Type> {
    let mut tokens = args.into_iter().peekable();
    let mut depth = 0usize;
    while let Some(token) = tokens.next() {
        match &token {
            TokenTree::Punct(p) if p.as_char() == '<' => depth += 1,
            TokenTree::Punct(p) if p.as_char() == '>' => depth = depth.saturating_sub(1),
            TokenTree::Ident(ident) if depth == 0 && ident == "response" => {
                if !matches!(tokens.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '=') {
                    continue;
                }
                tokens.next();
                let mut ty = TokenStream::new();
                let mut inner = 0usize;
                for token in tokens.by_ref() {
                    match &token {
                        TokenTree::Punct(p) if p.as_char() == ',' && inner == 0 => break,
                        TokenTree::Punct(p) if p.as_char() == '<' => inner += 1,
                        TokenTree::Punct(p) if p.as_char() == '>' => {
                            inner = inner.saturating_sub(1)
                        }
                        _ => {}
                    }
                    ty.extend([token]);
                }
                return syn::parse2(ty).ok();
            }
            _ => {}
        }
    }
    None
}

fn parse_method(input: ParseStream) -> Result<Method> {
    let ident: Ident = input.parse().map_err(|error| {
        Error::new(
            error.span(),
            "expected the HTTP method first: GET, POST, PUT, PATCH or DELETE",
        )
    })?;
    match ident.to_string().as_str() {
        "GET" => Ok(Method::Get),
        "POST" => Ok(Method::Post),
        "PUT" => Ok(Method::Put),
        "PATCH" => Ok(Method::Patch),
        "DELETE" => Ok(Method::Delete),
        other => {
            let upper = other.to_ascii_uppercase();
            let hint = if ["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&upper.as_str()) {
                format!(" (write it in capitals: `{upper}`)")
            } else {
                String::new()
            };
            Err(Error::new(
                ident.span(),
                format!(
                    "unknown HTTP method `{other}`: expected GET, POST, PUT, PATCH or DELETE{hint}"
                ),
            ))
        }
    }
}

/// `#[param(rename = "DateCreated<")]`.
pub struct ParamAttr {
    pub original: Attribute,
    pub rename: Option<LitStr>,
}

pub fn param_attr(attrs: &[Attribute]) -> Result<Option<ParamAttr>> {
    let mut found: Option<ParamAttr> = None;
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("param")) {
        if found.is_some() {
            return Err(Error::new_spanned(
                attr,
                "a field takes one #[param(...)] attribute: merge them",
            ));
        }
        let mut rename: Option<LitStr> = None;
        attr.parse_nested_meta(|meta| {
            if meta.path.is_ident("rename") {
                let value: LitStr = meta.value()?.parse()?;
                if rename.is_some() {
                    return Err(meta.error("`rename` is given twice: keep one"));
                }
                if value.value().is_empty() {
                    return Err(Error::new(value.span(), "the wire name cannot be empty"));
                }
                rename = Some(value);
                Ok(())
            } else {
                Err(meta.error(format!(
                    "unknown param attribute `{}`: expected `rename = \"WireName\"`",
                    meta.path
                        .get_ident()
                        .map_or_else(|| "?".to_owned(), ToString::to_string)
                )))
            }
        })?;
        found = Some(ParamAttr {
            original: attr.clone(),
            rename,
        });
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use quote::{quote, ToTokens};

    use super::*;

    #[test]
    fn the_response_of_arguments_that_did_not_parse() {
        let hint =
            |args: TokenStream| response_hint(args).map(|ty| ty.to_token_stream().to_string());
        assert_eq!(
            hint(quote!(post, "/Things", form, response = Page<Map<A, B>>, op = "x")),
            Some(syn::parse_quote!(Page<Map<A, B>>))
                .map(|ty: Type| ty.to_token_stream().to_string())
        );
        assert_eq!(
            hint(quote!(GET, "/Things", response = Thing)),
            Some("Thing".into())
        );
        assert_eq!(hint(quote!(GET, "/Things", response)), None);
        assert_eq!(hint(quote!(GET, "/Things", form)), None);
    }
}
