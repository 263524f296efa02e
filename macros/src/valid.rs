//! Rules that span several parts of the declaration.

use std::collections::HashMap;

use syn::{Error, Result};

use crate::ast::{Field, Input, Shape};
use crate::ctxt::Errors;
use crate::template::{pascal_case, Placeholder};

/// The placeholder the client's project id fills when no field, or a
/// `None`, does.
pub const ACCOUNT_SID: &str = "AccountSid";

/// The validated declaration: each placeholder resolved, each parameter
/// named.
pub struct Endpoint<'a> {
    pub input: &'a Input<'a>,
    pub path_fields: HashMap<String, &'a Field<'a>>,
    pub params: Vec<(&'a Field<'a>, String)>,
    /// Whether sending the request twice does what sending it once does.
    pub idempotent: bool,
}

pub fn check<'a>(input: &'a Input<'a>) -> Result<Endpoint<'a>> {
    let mut errors = Errors::new();

    let mut path_fields = HashMap::new();
    for placeholder in input.args.path.placeholders() {
        match input.fields.iter().find(|f| f.name() == placeholder.field) {
            Some(field) => {
                check_path_field(placeholder, field, &mut errors);
                path_fields.insert(placeholder.field.clone(), field);
            }
            None if placeholder.name == ACCOUNT_SID => {}
            None => errors.push(Error::new(
                placeholder.span,
                format!(
                    "no field for the placeholder `<{}>`: add a field `{}: String` to the struct",
                    placeholder.name, placeholder.field
                ),
            )),
        }
    }

    let mut params = Vec::new();
    let mut wire_names: HashMap<String, &Field> = HashMap::new();
    for field in &input.fields {
        if path_fields.contains_key(&field.name()) {
            continue;
        }
        let wire = match field.param.as_ref().and_then(|p| p.rename.as_ref()) {
            Some(rename) => rename.value(),
            None => pascal_case(&field.name()),
        };
        if let Some(first) = wire_names.get(&wire) {
            errors.push(Error::new(
                field.ident.span(),
                format!(
                    "`{}` and `{}` are both sent as `{wire}`: rename one with \
                     #[param(rename = \"...\")]",
                    first.ident, field.ident
                ),
            ));
        } else {
            wire_names.insert(wire.clone(), field);
        }
        params.push((field, wire));
    }

    let method = input.args.method;
    match (input.args.encoding, params.first()) {
        (Some((encoding, span)), _) if encoding.is_body() && !method.has_body() => {
            errors.push(Error::new(
                span,
                format!(
                    "{} requests carry no body: use `query` instead of `{}`",
                    method.as_str(),
                    encoding.as_str()
                ),
            ));
        }
        (None, Some((field, _))) => errors.push(Error::new(
            field.ident.span(),
            format!(
                "field `{}` is not in the path, so the endpoint needs an encoding: \
                 add `{}` after the path in #[endpoint(...)]",
                field.ident,
                if method.has_body() { "form" } else { "query" }
            ),
        )),
        _ => {}
    }

    let idempotent = idempotent(input, &mut errors);

    errors.finish()?;
    Ok(Endpoint {
        input,
        path_fields,
        params,
        idempotent,
    })
}

/// GET, PUT and DELETE are idempotent; a POST or PATCH is when its path
/// ends in a placeholder (an update of one item) and is not when it ends in
/// a collection (a create), unless `idempotent = BOOL` says otherwise.
fn idempotent(input: &Input, errors: &mut Errors) -> bool {
    let method = input.args.method;
    let path = &input.args.path;
    let by_path = method.is_idempotent() || path.ends_in_placeholder();
    let Some((value, span)) = &input.args.idempotent else {
        return by_path;
    };
    if method.is_idempotent() {
        errors.push(Error::new(
            *span,
            format!(
                "a {} is idempotent by HTTP's definition: remove `idempotent`, which only a \
                 POST or PATCH takes",
                method.as_str()
            ),
        ));
    } else if value.value == by_path {
        let (what, meaning) = if by_path {
            ("ends in a placeholder", "an update, idempotent")
        } else {
            ("ends in a collection", "a create, not idempotent")
        };
        errors.push(Error::new(
            *span,
            format!(
                "a {} whose path {what} is already {meaning}: remove `idempotent = {}`",
                method.as_str(),
                value.value
            ),
        ));
    }
    value.value
}

fn check_path_field(placeholder: &Placeholder, field: &Field, errors: &mut Errors) {
    let what = match field.shape {
        Shape::Required => None,
        // `None` addresses the client's own project, as a missing field does.
        Shape::Optional(_) if placeholder.name == ACCOUNT_SID => None,
        Shape::Optional(_) => Some("an `Option`"),
        Shape::List(_) => Some("a `Vec`"),
    };
    if let Some(what) = what {
        errors.push(Error::new_spanned(
            &field.original.ty,
            format!(
                "path field `{}` cannot be {what}: `<{}>` must always be filled; \
                 make it `String`{}",
                field.ident,
                placeholder.name,
                if matches!(field.shape, Shape::Optional(_)) {
                    " (only `<AccountSid>` may be an `Option`, whose `None` is the client's \
                     project)"
                } else {
                    ""
                }
            ),
        ));
    }
    if let Some(param) = &field.param {
        errors.push(Error::new_spanned(
            &param.original,
            format!(
                "`{}` fills `<{}>` in the path, which names it; #[param] applies only to \
                 fields sent as parameters",
                field.ident, placeholder.name
            ),
        ));
    }
}
