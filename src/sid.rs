//! Sids: the identifiers of the API's resources, one type for each kind of
//! resource, so that a conference's sid cannot be passed where a call's is
//! expected.
//!
//! A sid is built from a `&str` or `String` (`CallSid::from("CA…")`, or
//! `.into()` wherever a request takes one), shown and sent exactly as it
//! was given, read leniently from responses, and compared with strings:
//!
//! ```
//! use laml::sid::{CallSid, ConferenceSid};
//! use laml::conferences::FetchParticipant;
//!
//! let conference = ConferenceSid::from("b3877c40-da60-4998-90ad-b792e98472af");
//! let call: CallSid = "d1c5b5a8-3e9f-4f32-8b0c-4c6b2e1f7a90".into();
//! let request = FetchParticipant::new(&conference, &call);
//! assert_eq!(request.call_sid, "d1c5b5a8-3e9f-4f32-8b0c-4c6b2e1f7a90");
//! ```
//!
//! Response types carry them too, so a sid read from one response addresses
//! the next request as it is:
//!
//! ```
//! use laml::conferences::{Conference, FetchParticipant, Participant};
//!
//! fn fetch_again(conference: Conference, participant: Participant) -> FetchParticipant {
//!     FetchParticipant::new(conference.sid, participant.call_sid)
//! }
//! ```
//!
//! Swapping them does not compile:
//!
//! ```compile_fail
//! # use laml::sid::{CallSid, ConferenceSid};
//! # use laml::conferences::FetchParticipant;
//! let conference = ConferenceSid::from("b3877c40-da60-4998-90ad-b792e98472af");
//! let call = CallSid::from("d1c5b5a8-3e9f-4f32-8b0c-4c6b2e1f7a90");
//! let request = FetchParticipant::new(call, conference);
//! ```

use std::borrow::{Borrow, Cow};
use std::fmt;
use std::ops::Deref;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::{decode, PathValue, ResourceField, Wire, WireValue};

/// Declares one sid type per line.
macro_rules! sids {
    ($($(#[$meta:meta])* $name:ident;)+) => {$(
        $(#[$meta])*
        ///
        /// SignalWire's sids are UUIDs; any text is accepted, and kept as it
        /// was given.
        #[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name(String);

        impl $name {
            /// The sid as the API writes it.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The sid's text, without copying it.
            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl From<&str> for $name {
            fn from(sid: &str) -> Self {
                Self(sid.to_owned())
            }
        }

        impl From<String> for $name {
            fn from(sid: String) -> Self {
                Self(sid)
            }
        }

        impl From<&String> for $name {
            fn from(sid: &String) -> Self {
                Self(sid.clone())
            }
        }

        impl From<&$name> for $name {
            fn from(sid: &$name) -> Self {
                sid.clone()
            }
        }

        impl From<$name> for String {
            fn from(sid: $name) -> Self {
                sid.0
            }
        }

        impl Deref for $name {
            type Target = str;

            fn deref(&self) -> &str {
                &self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl Borrow<str> for $name {
            fn borrow(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!(stringify!($name), "({:?})"), self.0)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.0 == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<String> for $name {
            fn eq(&self, other: &String) -> bool {
                &self.0 == other
            }
        }

        impl PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.0
            }
        }

        impl PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl PartialEq<$name> for String {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(&self.0)
            }
        }

        /// Read leniently, as strings are: a number is kept as its digits.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                decode::string(deserializer).map(Self)
            }
        }

        impl ResourceField for $name {
            #[inline]
            fn decode_option<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<Self>, D::Error> {
                Ok(decode::option_string(deserializer)?.map(Self))
            }
        }

        impl PathValue for $name {
            fn to_segment(&self) -> Cow<'_, str> {
                Cow::Borrowed(&self.0)
            }
        }

        impl WireValue for $name {
            fn to_wire(&self) -> Wire<'_> {
                Wire::Str(Cow::Borrowed(&self.0))
            }
        }
    )+};
}

sids! {
    /// The sid of an account (a project, or a subproject).
    AccountSid;
    /// The sid of a call; a conference participant is named by its call's.
    CallSid;
    /// The sid of a conference.
    ConferenceSid;
    /// The sid of a recording.
    RecordingSid;
    /// The sid of a media stream.
    StreamSid;
    /// The sid of a text or multimedia message.
    MessageSid;
    /// The sid of a media item (a picture, a file) of a message.
    MediaSid;
    /// The sid of a fax.
    FaxSid;
    /// The sid of the media (the document) of a fax.
    FaxMediaSid;
    /// The sid of a messaging service, which picks a sender for a message.
    MessagingServiceSid;
    /// The sid of an application: the URLs that handle a call or message.
    ApplicationSid;
    /// The sid of one of the project's phone numbers (an incoming phone number).
    PhoneNumberSid;
    /// The sid of a LaML bin (a cXML script).
    LamlBinSid;
    /// The id of an API token.
    TokenId;
    /// The sid of a call queue.
    QueueSid;
    /// The sid of a transcription of a recording.
    TranscriptionSid;
}
