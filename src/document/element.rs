//! The two macros every verb and noun is declared with.

/// Declares an element: a struct with a chainable setter per attribute, its
/// text and children, and its rendering.
macro_rules! element {
    (
        $(#[$meta:meta])*
        pub struct $name:ident($tag:literal) {
            $( $(#[$fmeta:meta])* $field:ident: $ty:ty = $attr:literal, )*
        }
        $( text: $text:ty; )?
        $( children: $child:ty; )?
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        #[must_use]
        pub struct $name {
            $( $field: ::core::option::Option<$ty>, )*
            $( text: $text, )?
            $( children: ::std::vec::Vec<$child>, )?
        }

        impl $name {
            $(
                $(#[$fmeta])*
                #[doc = concat!("\n\nThe `", $attr, "` attribute.")]
                pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                    self.$field = Some(value.into());
                    self
                }
            )*
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
            fn render(
                &self,
                out: &mut $crate::document::XmlWriter,
            ) -> ::core::result::Result<(), $crate::document::RenderError> {
                #[allow(unused_mut)]
                let mut tag = out.start($tag);
                $(
                    if let ::core::option::Option::Some(value) = &self.$field {
                        tag.attribute($attr, value)?;
                    }
                )*
                let empty = true
                    $( && <$text as $crate::document::element::Text>::is_empty(&self.text) )?
                    $( && <[$child]>::is_empty(&self.children) )?;
                if empty {
                    tag.empty();
                    return ::core::result::Result::Ok(());
                }
                tag.open();
                $( <$text as $crate::document::element::Text>::render(&self.text, $tag, out)?; )?
                $(
                    for child in &self.children {
                        <$child as $crate::document::Render>::render(child, out)?;
                    }
                )?
                out.end($tag);
                ::core::result::Result::Ok(())
            }
        }
    };
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
            fn render(
                &self,
                out: &mut $crate::document::XmlWriter,
            ) -> ::core::result::Result<(), $crate::document::RenderError> {
                match self {
                    $( $name::$variant(element) => $crate::document::Render::render(element, out), )+
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
    fn render(
        &self,
        element: &'static str,
        out: &mut super::XmlWriter,
    ) -> Result<(), super::RenderError>;
}

impl Text for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }

    fn render(
        &self,
        element: &'static str,
        out: &mut super::XmlWriter,
    ) -> Result<(), super::RenderError> {
        out.text(element, self)
    }
}

impl Text for Option<String> {
    fn is_empty(&self) -> bool {
        self.as_deref().is_none_or(str::is_empty)
    }

    fn render(
        &self,
        element: &'static str,
        out: &mut super::XmlWriter,
    ) -> Result<(), super::RenderError> {
        match self {
            Some(text) => out.text(element, text),
            None => Ok(()),
        }
    }
}
