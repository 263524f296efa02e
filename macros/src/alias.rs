//! The names rustdoc's search also finds an endpoint by: the spec's
//! operation id, and the call SignalWire's Python SDK makes for the same
//! request (`incoming_phone_numbers.create` for `BuyPhoneNumber`).

use crate::attr::Method;
use crate::template::{snake_case, Piece, Template};

/// The SDK's call for `method` on `path`: its collections in snake_case,
/// then `list`, `create`, `fetch`, `update` or `delete`. `None` for a method
/// the SDK has no verb for.
pub fn sdk_call(method: Method, path: &Template) -> Option<String> {
    let one = path.ends_in_placeholder();
    let verb = match method {
        Method::Get if one => "fetch",
        Method::Get => "list",
        Method::Post if one => "update",
        Method::Post => "create",
        Method::Delete => "delete",
        Method::Put | Method::Patch => return None,
    };
    let mut segments: Vec<&str> = path
        .pieces
        .iter()
        .filter_map(|piece| match piece {
            Piece::Literal(text) => Some(text.split('/').filter(|s| !s.is_empty())),
            Piece::Placeholder(_) => None,
        })
        .flatten()
        .collect();
    // The SDK reaches the project's own resources from the client:
    // `client.calls`, not `client.accounts(sid).calls`.
    if segments.len() > 1 && segments[0] == "Accounts" {
        segments.remove(0);
    }
    if segments.is_empty() {
        return None;
    }
    let mut call: Vec<String> = segments.iter().map(|s| snake_case(s)).collect();
    call.push(verb.to_owned());
    Some(call.join("."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(method: Method, path: &str) -> Option<String> {
        let template = Template::parse(syn::LitStr::new(path, proc_macro2::Span::call_site()));
        sdk_call(method, &template.unwrap_or_else(|_| panic!("{path}")))
    }

    #[test]
    fn the_sdk_call_follows_the_collections_and_the_method() {
        let cases = [
            (
                Method::Post,
                "/Accounts/<AccountSid>/IncomingPhoneNumbers",
                "incoming_phone_numbers.create",
            ),
            (
                Method::Post,
                "/Accounts/<AccountSid>/Conferences/<ConferenceSid>/Participants/<CallSid>",
                "conferences.participants.update",
            ),
            (
                Method::Get,
                "/Accounts/<AccountSid>/AvailablePhoneNumbers/<IsoCountry>/TollFree",
                "available_phone_numbers.toll_free.list",
            ),
            (
                Method::Get,
                "/Accounts/<AccountSid>/Calls/<Sid>",
                "calls.fetch",
            ),
            (
                Method::Delete,
                "/Accounts/<AccountSid>/Messages/<MessageSid>/Media/<Sid>",
                "messages.media.delete",
            ),
            (Method::Get, "/Accounts", "accounts.list"),
            (Method::Post, "/Accounts/<Sid>", "accounts.update"),
        ];
        for (method, path, expected) in cases {
            assert_eq!(call(method, path).as_deref(), Some(expected), "{path}");
        }
        assert_eq!(call(Method::Put, "/Accounts/<AccountSid>/Calls"), None);
        assert_eq!(call(Method::Get, "/<Sid>"), None);
    }
}
