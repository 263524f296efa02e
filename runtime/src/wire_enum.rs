/// Declares an enum of the API's wire strings.
///
/// The enum gets `as_str`, `Display`, serde, [`WireValue`](crate::WireValue)
/// with `VALUES` listing the wire strings, and `==` with `str`, `&str` and
/// `String` in both directions (`call.status == "completed"`), comparing the
/// wire string as sids do. End the variants with
/// `..Unknown` for an enum read from responses: a value the API sends that
/// the enum does not know is kept in `Unknown(String)` instead of failing the
/// response, and the enum can be a field of a `#[resource]`
/// ([`ResourceField`](crate::ResourceField)). The escape may have another
/// name (`..Other`) for a list sent in requests that the API may extend, such
/// as a status callback's events: `Other(String)` is sent as written. Without
/// it the enum is closed, for values sent in requests.
///
/// # Examples
///
/// ```
/// laml_runtime::wire_enum! {
///     /// Whether a callback is a `GET` or a `POST`.
///     pub enum CallbackMethod {
///         /// `GET`
///         Get = "GET",
///         /// `POST`
///         Post = "POST",
///     }
/// }
///
/// laml_runtime::wire_enum! {
///     /// The state of a call.
///     pub enum CallState {
///         /// `queued`
///         Queued = "queued",
///         /// `ringing`
///         Ringing = "ringing",
///         ..Unknown
///     }
/// }
///
/// assert_eq!(CallbackMethod::Post.as_str(), "POST");
/// let state: CallState = serde_json::from_str("\"on-the-moon\"").unwrap();
/// assert_eq!(state, CallState::Unknown("on-the-moon".into()));
/// assert!(state == "on-the-moon" && "queued" == CallState::Queued);
/// ```
#[macro_export]
macro_rules! wire_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $( $name::$variant => $wire, )+
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::decode::with_str(deserializer, |text| match text {
                    $( $wire => ::core::result::Result::Ok($name::$variant), )+
                    _ => ::core::result::Result::Err(
                        <D::Error as $crate::__private::serde::de::Error>::unknown_variant(
                            text,
                            &[$($wire),+],
                        ),
                    ),
                })?
            }
        }

        $crate::wire_enum!(@common $name, $($wire),+);
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )+
            ..$unknown:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version of laml does not know, kept as sent.
            $unknown(::std::string::String),
        }

        impl $name {
            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    $( $name::$variant => $wire, )+
                    $name::$unknown(other) => other,
                }
            }
        }

        impl ::core::default::Default for $name {
            /// An empty unknown value, for a response that left the field out.
            fn default() -> Self {
                $name::$unknown(::std::string::String::new())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::core::result::Result<Self, D::Error> {
                $crate::decode::with_str(deserializer, |text| match text {
                    $( $wire => $name::$variant, )+
                    _ => $name::$unknown(::std::borrow::ToOwned::to_owned(text)),
                })
            }
        }

        /// Read as sent; a value it does not know is kept in `Unknown`.
        impl $crate::ResourceField for $name {}

        $crate::wire_enum!(@common $name, $($wire),+);
    };
    (@common $name:ident, $($wire:literal),+) => {
        impl ::core::cmp::PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl ::core::cmp::PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }

        impl ::core::cmp::PartialEq<::std::string::String> for $name {
            fn eq(&self, other: &::std::string::String) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::core::cmp::PartialEq<$name> for str {
            fn eq(&self, other: &$name) -> bool {
                self == other.as_str()
            }
        }

        impl ::core::cmp::PartialEq<$name> for &str {
            fn eq(&self, other: &$name) -> bool {
                *self == other.as_str()
            }
        }

        impl ::core::cmp::PartialEq<$name> for ::std::string::String {
            fn eq(&self, other: &$name) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::WireValue for $name {
            const VALUES: &'static [&'static str] = &[$($wire),+];

            fn to_wire(&self) -> $crate::Wire<'_> {
                $crate::Wire::Str(::std::borrow::Cow::Borrowed(self.as_str()))
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::wire_enum! {
        enum Closed {
            Queued = "queued",
            Ringing = "ringing",
        }
    }

    crate::wire_enum! {
        enum Open {
            Queued = "queued",
            ..Unknown
        }
    }

    #[test]
    fn an_enum_equals_its_wire_string_either_way_round() {
        let owned = String::from("ringing");
        assert_eq!(Closed::Ringing, *"ringing");
        assert_eq!(*"ringing", Closed::Ringing);
        assert_eq!(Closed::Ringing, "ringing");
        assert_eq!("ringing", Closed::Ringing);
        assert_eq!(Closed::Ringing, owned);
        assert_eq!(owned, Closed::Ringing);
        assert_ne!(Closed::Queued, *"ringing");
        assert_ne!(*"ringing", Closed::Queued);
        assert_ne!(Closed::Queued, "ringing");
        assert_ne!("ringing", Closed::Queued);
        assert_ne!(Closed::Queued, owned);
        assert_ne!(owned, Closed::Queued);
        assert_ne!(Closed::Queued, "Queued", "compared as sent, case and all");
    }

    #[test]
    fn an_unknown_value_equals_the_string_it_was_read_from() {
        let unknown = Open::Unknown("on-hold".into());
        assert_eq!(unknown, "on-hold");
        assert_eq!("on-hold", unknown);
        assert_ne!(unknown, "queued");
        assert_eq!(Open::Queued, "queued");
    }
}
