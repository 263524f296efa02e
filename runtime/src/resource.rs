//! What a field of a `#[resource]` can be, and how each kind is read
//! leniently: the macro picks the reading from the field's type through
//! [`ResourceField`], so a response type needs no per-field attribute.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, Deserializer, SeqAccess, Visitor};
use serde::Deserialize;

use crate::decode::{self, Timestamp};

/// A type that can be a field of a response type declared with
/// `#[resource]`, read as generously as the API's drift requires.
///
/// `Default` is the value of a field the API left out. Strings, integers and
/// booleans accept each other's forms (`"3"`, `3`, `"true"`), `null` reads
/// as the default or `None`, and enums keep values they do not know. A type
/// whose `Deserialize` is already lenient implements it in one line:
///
/// ```
/// #[derive(Default, serde::Deserialize)]
/// struct Capabilities {
///     voice: bool,
/// }
///
/// impl laml_runtime::ResourceField for Capabilities {}
/// ```
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be a field of a `#[resource]`",
    label = "not read leniently",
    note = "use `String`, an integer, `bool`, `Timestamp`, a sid, an enum declared with `..Unknown`, `serde_json::Value`, another `#[resource]`, or an `Option` or `Vec` of one; or implement `laml::ResourceField` for `{Self}`"
)]
pub trait ResourceField: DeserializeOwned + Default {
    /// Reads a present value.
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Self::deserialize(deserializer)
    }

    /// Reads a value that may be `null`, for `Option<Self>`.
    fn decode_option<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        Ok(Option::<Lenient<Self>>::deserialize(deserializer)?.map(|value| value.0))
    }
}

/// A [`ResourceField`] read through its lenient reading, for the places
/// serde asks for a `Deserialize` type (`Option`, sequences).
struct Lenient<T>(T);

impl<'de, T: ResourceField> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::decode(deserializer).map(Lenient)
    }
}

/// What `#[resource]` names in `deserialize_with` for every field.
#[doc(hidden)]
#[inline]
pub fn field<'de, D: Deserializer<'de>, T: ResourceField>(deserializer: D) -> Result<T, D::Error> {
    T::decode(deserializer)
}

/// What `#[resource]` names in `default` for every optional field. Bound by
/// `Default` alone: `field` already reports a type that is not a
/// `ResourceField`, and one report is enough.
#[doc(hidden)]
#[inline]
pub fn absent<T: Default>() -> T {
    T::default()
}

impl ResourceField for String {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::string(deserializer)
    }

    #[inline]
    fn decode_option<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        decode::option_string(deserializer)
    }
}

impl ResourceField for bool {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::bool(deserializer)
    }

    #[inline]
    fn decode_option<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        decode::option_bool(deserializer)
    }
}

/// Integers are read as `i64`; a value out of the type's range reads as
/// absent rather than wrapping.
macro_rules! integer_fields {
    ($($int:ty),+) => {$(
        impl ResourceField for $int {
            #[inline]
            fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                Ok(Self::decode_option(deserializer)?.unwrap_or_default())
            }

            #[inline]
            fn decode_option<'de, D: Deserializer<'de>>(
                deserializer: D,
            ) -> Result<Option<Self>, D::Error> {
                Ok(decode::option_i64(deserializer)?.and_then(|n| <$int>::try_from(n).ok()))
            }
        }
    )+};
}

integer_fields!(i8, i16, i32, i64, u8, u16, u32, u64);

/// Any text is kept, read or not; read straight from the text, without
/// `Option`'s detour through `visit_some`.
impl ResourceField for Timestamp {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::string(deserializer).map(Timestamp::parse)
    }

    #[inline]
    fn decode_option<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        Ok(decode::option_string(deserializer)?.map(Timestamp::parse))
    }
}

/// Any JSON, kept as sent; `null` is the default.
impl ResourceField for serde_json::Value {}

impl<T: ResourceField> ResourceField for Option<T> {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::decode_option(deserializer)
    }
}

/// A list, each item read leniently; `null` is an empty list.
impl<T: ResourceField> ResourceField for Vec<T> {
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Items<T>(PhantomData<T>);

        impl<'de, T: ResourceField> Visitor<'de> for Items<T> {
            type Value = Vec<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list or null")
            }

            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(Lenient(item)) = seq.next_element::<Lenient<T>>()? {
                    items.push(item);
                }
                Ok(items)
            }

            fn visit_none<E: de::Error>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }

            fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
                Ok(Vec::new())
            }

            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
                d.deserialize_any(self)
            }
        }

        deserializer.deserialize_any(Items(PhantomData))
    }
}

/// Read as strings are; shown by `Debug` as redacted.
impl ResourceField for crate::Secret {
    #[inline]
    fn decode<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::string(deserializer).map(crate::Secret::new)
    }

    #[inline]
    fn decode_option<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Self>, D::Error> {
        Ok(decode::option_string(deserializer)?.map(crate::Secret::new))
    }
}

impl<'de> Deserialize<'de> for crate::Secret {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        decode::string(deserializer).map(crate::Secret::new)
    }
}

impl serde::Serialize for crate::Secret {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.expose())
    }
}

impl Default for Timestamp {
    /// An empty value that could not be read: what a response that left a
    /// date out holds.
    fn default() -> Self {
        Timestamp::parse(String::new())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Fields {
        #[serde(default, deserialize_with = "field")]
        name: String,
        #[serde(default, deserialize_with = "field")]
        duration: Option<u32>,
        #[serde(default, deserialize_with = "field")]
        muted: bool,
        #[serde(default, deserialize_with = "field")]
        tags: Vec<Option<String>>,
        #[serde(default, deserialize_with = "field")]
        at: Option<Timestamp>,
    }

    #[test]
    fn a_secret_field_is_read_and_never_shown_by_debug() {
        #[derive(Debug, Deserialize)]
        struct Account {
            #[serde(default, deserialize_with = "field")]
            auth_token: crate::Secret,
            #[serde(default, deserialize_with = "field")]
            signing_key: Option<crate::Secret>,
        }
        let account: Account =
            serde_json::from_str(r#"{"auth_token":"PT-very-secret","signing_key":null}"#).unwrap();
        assert_eq!(account.auth_token.expose(), "PT-very-secret");
        assert_eq!(account.signing_key, None);
        let debug = format!("{account:?}");
        assert!(!debug.contains("very-secret"), "{debug}");
        assert!(debug.contains("** redacted **"), "{debug}");
        assert_eq!(
            serde_json::to_string(&account.auth_token).unwrap(),
            r#""PT-very-secret""#
        );
    }

    #[test]
    fn each_kind_reads_the_forms_servers_send() {
        let fields: Fields = serde_json::from_str(
            r#"{"name":7,"duration":"12","muted":"true","tags":["a",null,3],"at":null}"#,
        )
        .unwrap();
        assert_eq!(fields.name, "7");
        assert_eq!(fields.duration, Some(12));
        assert!(fields.muted);
        assert_eq!(fields.tags, [Some("a".into()), None, Some("3".into())]);
        assert_eq!(fields.at, None);

        let odd: Fields =
            serde_json::from_str(r#"{"name":null,"duration":-1,"tags":null}"#).unwrap();
        assert_eq!(
            odd,
            Fields::default(),
            "out of range and null read as absent"
        );
    }
}
