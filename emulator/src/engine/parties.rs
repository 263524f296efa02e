//! Who a call, a message or a fax is to and from: the forms of address each
//! operation takes, and the API's error codes and messages for a party left
//! out or written in a form it does not take (from SignalWire's and
//! Twilio's public error tables).

use crate::error::ApiError;

/// A form of address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Address {
    /// `+` and 8 to 15 digits, the first not 0.
    E164,
    /// 3 to 8 digits: a short code, which sends messages.
    ShortCode,
    /// `sip:user@host`.
    Sip,
    /// `client:name`.
    Client,
}

impl Address {
    fn holds(self, value: &str) -> bool {
        let digits = |text: &str, range: std::ops::RangeInclusive<usize>| {
            range.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit())
        };
        let named = |prefix: &str| {
            value
                .get(..prefix.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
                && value.len() > prefix.len()
                && !value.chars().any(|c| c.is_whitespace() || c.is_control())
        };
        match self {
            Address::E164 => value
                .strip_prefix('+')
                .is_some_and(|rest| digits(rest, 8..=15) && !rest.starts_with('0')),
            Address::ShortCode => digits(value, 3..=8),
            Address::Sip => named("sip:") && value.contains('@'),
            Address::Client => named("client:"),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Address::E164 => "an E.164 number (+ and 8 to 15 digits)",
            Address::ShortCode => "a short code (3 to 8 digits)",
            Address::Sip => "a sip: address",
            Address::Client => "a client: name",
        }
    }
}

/// One party of one operation: the forms it takes, and the API's errors.
struct Party {
    operation: &'static str,
    parameter: &'static str,
    takes: &'static [Address],
    /// Left out or empty.
    missing: (u32, &'static str),
    /// In no form it takes.
    invalid: (u32, &'static str),
}

const INVALID_TO: (u32, &str) = (21211, "Invalid 'To' Phone Number");
const INVALID_FROM: (u32, &str) = (21212, "Invalid 'From' Phone Number");

const PARTIES: &[Party] = &[
    Party {
        operation: "create_message",
        parameter: "To",
        takes: &[Address::E164],
        missing: (21604, "'To' phone number is required to send a Message"),
        invalid: INVALID_TO,
    },
    Party {
        operation: "create_message",
        parameter: "From",
        takes: &[Address::E164, Address::ShortCode],
        missing: (21603, "'From' phone number is required to send a Message"),
        invalid: INVALID_FROM,
    },
    Party {
        operation: "create_a_call",
        parameter: "To",
        takes: &[Address::E164, Address::Sip, Address::Client],
        missing: (21201, "No 'To' number is specified"),
        invalid: INVALID_TO,
    },
    Party {
        operation: "create_a_call",
        parameter: "From",
        takes: &[Address::E164, Address::Sip, Address::Client],
        missing: (21213, "Caller phone number is required"),
        invalid: INVALID_FROM,
    },
    Party {
        operation: "send_fax",
        parameter: "To",
        takes: &[Address::E164, Address::Sip],
        missing: (21201, "No 'To' number is specified"),
        invalid: INVALID_TO,
    },
    Party {
        operation: "send_fax",
        parameter: "From",
        takes: &[Address::E164],
        missing: (21213, "Caller phone number is required"),
        invalid: INVALID_FROM,
    },
];

fn party(operation: &str, parameter: &str) -> Option<&'static Party> {
    PARTIES
        .iter()
        .find(|party| party.operation == operation && party.parameter == parameter)
}

/// The API's error for party `parameter` of `operation` left out, if it is
/// a party.
pub(crate) fn missing(operation: &str, parameter: &str) -> Option<ApiError> {
    let party = party(operation, parameter)?;
    Some(left_out(party))
}

fn left_out(party: &Party) -> ApiError {
    let (code, title) = party.missing;
    ApiError::refused(
        code,
        format!("{title}: {} is missing or empty", party.parameter),
    )
}

/// Checks `value` of `parameter`, if it is one of `operation`'s parties.
pub(crate) fn check(operation: &str, parameter: &str, value: &str) -> Result<(), ApiError> {
    let Some(party) = party(operation, parameter) else {
        return Ok(());
    };
    if value.is_empty() {
        return Err(left_out(party));
    }
    if party.takes.iter().any(|address| address.holds(value)) {
        return Ok(());
    }
    let (code, title) = party.invalid;
    let forms: Vec<&str> = party.takes.iter().map(|address| address.name()).collect();
    Err(ApiError::refused(
        code,
        format!(
            "{title}: the '{parameter}' number {value} is not a valid phone number; send {}",
            forms.join(" or ")
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_form_takes_what_it_names_and_nothing_else() {
        let cases: &[(Address, &[&str], &[&str])] = &[
            (
                Address::E164,
                &[
                    "+14155550100",
                    "+442079460000",
                    "+12345678",
                    "+123456789012345",
                ],
                &[
                    "",
                    "+",
                    "14155550100",
                    "+1234567",
                    "+1234567890123456",
                    "+1abc",
                    "555-1234",
                    "+0123456789",
                    "+1 415 555 0100",
                ],
            ),
            (
                Address::ShortCode,
                &["123", "12345678", "55555"],
                &["12", "123456789", "12a45", "+12345"],
            ),
            (
                Address::Sip,
                &["sip:alice@example.com", "SIP:bob@10.0.0.1:5060"],
                &[
                    "sip:",
                    "sip:alice",
                    "sip:a b@example.com",
                    "alice@example.com",
                ],
            ),
            (
                Address::Client,
                &["client:alice", "Client:bob"],
                &["client:", "client:a b", "alice"],
            ),
        ];
        for (address, good, bad) in cases {
            for value in *good {
                assert!(address.holds(value), "{address:?} takes {value}");
            }
            for value in *bad {
                assert!(!address.holds(value), "{address:?} refuses {value}");
            }
        }
    }

    #[test]
    fn only_the_operations_that_take_a_form_accept_it() {
        assert!(check("create_a_call", "To", "sip:alice@example.com").is_ok());
        assert!(check("create_a_call", "To", "client:alice").is_ok());
        assert!(check("create_message", "To", "sip:alice@example.com").is_err());
        assert!(check("create_message", "From", "55555").is_ok());
        assert!(check("create_a_call", "From", "55555").is_err());
        assert!(check("create_message", "Body", "anything").is_ok());
        assert!(missing("create_message", "Body").is_none());
    }
}
