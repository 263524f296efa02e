//! The two macros every verb and noun is declared with, and the attributes
//! set by name that every element holds beside its typed ones.

use std::fmt;

/// Declares an element: a struct with a chainable setter per attribute and
/// one for any attribute by name, its text and children, and its rendering.
macro_rules! element {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($tag:literal) {
            $( $(#[$fmeta:meta])* $field:ident: $ty:ident $(<$arg:ty>)? = $attr:literal, )*
        }
        $( text: $text:ty; )?
        $( children: $child:ty; )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        #[must_use]
        pub struct $name {
            $( $field: ::core::option::Option<$ty $(<$arg>)?>, )*
            attributes: $crate::document::element::Attributes,
            $( text: $text, )?
            $( children: ::std::vec::Vec<$child>, )?
        }

        impl $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("\n\nThe `", $attr, "` attribute.")]
                pub fn $field(mut self, value: attribute_argument!($ty $(<$arg>)?)) -> Self {
                    self.$field = Some(::core::convert::Into::into(value));
                    self.attributes.remove($attr);
                    self
                }
            )*

            #[doc = concat!(
                "Sets the attribute `name` of `<", $tag, ">` to `value`, for an attribute ",
                "laml has no setter for (one SignalWire or a platform added later).\n\n",
                "The value is escaped like any other; the name must be an XML name, or ",
                "rendering fails with a [`RenderError`](crate::document::RenderError) that ",
                "names it. The last value set for a name wins, whether it was set by name or ",
                "by its typed setter. `Debug` shows the names of the attributes set this way ",
                "but not their values, which may be secrets laml does not know of."
            )]
            pub fn attribute(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
                let name = name.into();
                $(
                    if name == $attr {
                        self.$field = None;
                    }
                )*
                self.attributes.set(name, value.into());
                self
            }
        }

        impl $crate::document::sealed::Sealed for $name {}

        $(
            impl $crate::document::Container for $name {
                type Child = $child;
            }

            impl $name {
                #[doc = concat!("Appends a child: whatever `<", $tag, ">` may hold.")]
                pub fn append<C: $crate::document::Nest<$name>>(mut self, child: C) -> Self {
                    self.children.push(child.nest());
                    self
                }

                #[doc = concat!("Appends a child in place, for a `<", $tag, ">` built in a loop.")]
                pub fn push<C: $crate::document::Nest<$name>>(&mut self, child: C) {
                    self.children.push(child.nest());
                }

                /// The children, in order.
                pub fn children(&self) -> &[$child] {
                    &self.children
                }
            }
        )?

        impl $crate::document::Render for $name {
            fn start(
                &self,
                out: &mut $crate::document::XmlWriter,
            ) -> ::core::result::Result<bool, $crate::document::RenderError> {
                #[allow(unused_mut)]
                let mut tag = out.start($tag);
                $(
                    if let ::core::option::Option::Some(value) = &self.$field {
                        tag.attribute($attr, value)?;
                    }
                )*
                self.attributes.render(&mut tag)?;
                let empty = true
                    $( && <$text as $crate::document::element::Text>::is_empty(&self.text) )?
                    $( && <[$child]>::is_empty(&self.children) )?;
                if empty {
                    tag.empty();
                    return ::core::result::Result::Ok(false);
                }
                tag.open();
                $( <$text as $crate::document::element::Text>::render(&self.text, out)?; )?
                ::core::result::Result::Ok(true)
            }

            $(
                fn child(&self, index: usize) -> ::core::option::Option<&dyn $crate::document::Render> {
                    <[$child]>::get(&self.children, index)
                        .map(|child| child as &dyn $crate::document::Render)
                }
            )?
        }
    };
}

/// The type a setter takes for an attribute of type `$ty`: the number itself
/// for a number, so that an integer literal infers it (`impl Into<u32>` is
/// also implemented by `u8`, `u16`, `char` and `bool`, which leaves a literal
/// ambiguous), and `impl Into<$ty>` for the others, so that `&str` fits a
/// `String` and `5` a `SpeechTimeout`.
macro_rules! attribute_argument {
    (u8) => { u8 };
    (u16) => { u16 };
    (u32) => { u32 };
    (u64) => { u64 };
    ($ty:ty) => { impl ::core::convert::Into<$ty> };
}

/// Declares the enum of what a container holds, and that each of its
/// variants nests in the container.
macro_rules! children {
    (
        $(#[$meta:meta])*
        pub enum $name:ident in $parent:ident {
            $( $variant:ident ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum $name {
            $(
                #[doc = concat!("A `", stringify!($variant), "`.")]
                $variant($variant),
            )+
        }

        impl $crate::document::Render for $name {
            fn start(
                &self,
                out: &mut $crate::document::XmlWriter,
            ) -> ::core::result::Result<bool, $crate::document::RenderError> {
                match self {
                    $( $name::$variant(element) => $crate::document::Render::start(element, out), )+
                }
            }

            fn child(&self, index: usize) -> ::core::option::Option<&dyn $crate::document::Render> {
                match self {
                    $( $name::$variant(element) => $crate::document::Render::child(element, index), )+
                }
            }
        }

        nest!($parent => $name { $( $variant ),+ });
    };
}

/// Declares that each element listed nests in `$parent`, as a variant of
/// `$child`.
macro_rules! nest {
    ($parent:ident => $child:ident { $( $variant:ident ),+ }) => {
        $(
            impl $crate::document::Nest<$parent> for $variant {
                fn nest(self) -> $child {
                    $child::$variant(self)
                }
            }
        )+
    };
}

/// What an element holds as text: a `String` (empty when unset) or an
/// `Option<String>`.
pub(crate) trait Text {
    fn is_empty(&self) -> bool;
    fn render(&self, out: &mut super::XmlWriter) -> Result<(), super::RenderError>;
}

impl Text for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }

    fn render(&self, out: &mut super::XmlWriter) -> Result<(), super::RenderError> {
        out.text(self)
    }
}

impl Text for Option<String> {
    fn is_empty(&self) -> bool {
        self.as_deref().is_none_or(str::is_empty)
    }

    fn render(&self, out: &mut super::XmlWriter) -> Result<(), super::RenderError> {
        match self {
            Some(text) => out.text(text),
            None => Ok(()),
        }
    }
}

/// The attributes of an element set by name, in the order first set.
#[derive(Clone, PartialEq, Eq, Default)]
pub(crate) struct Attributes {
    attributes: Vec<(String, String)>,
}

impl Attributes {
    /// Sets `name` to `value`, in place of any value it had.
    pub(crate) fn set(&mut self, name: String, value: String) {
        match self.attributes.iter_mut().find(|(set, _)| *set == name) {
            Some((_, previous)) => *previous = value,
            None => self.attributes.push((name, value)),
        }
    }

    /// Forgets `name`, now set by its typed setter.
    pub(crate) fn remove(&mut self, name: &str) {
        self.attributes.retain(|(set, _)| set != name);
    }

    pub(crate) fn render(
        &self,
        tag: &mut super::xml::StartTag<'_>,
    ) -> Result<(), super::RenderError> {
        for (name, value) in &self.attributes {
            tag.attribute_named(name, value)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Attributes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map()
            .entries(
                self.attributes
                    .iter()
                    .map(|(name, _)| (name, format_args!("** redacted **"))),
            )
            .finish()
    }
}
