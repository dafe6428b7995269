//! The shared HTTP machinery every area reuses: problem+json errors, the request
//! context, body and query extraction, pages, ETags, merge-patch fields.

pub mod context;
pub mod cursor;
pub mod echo;
pub mod error;
pub mod etag;
pub mod extract;
pub mod filter;
pub mod me;
pub mod moment;
pub mod money;
pub mod page;
pub mod patch;
pub mod problems;
pub mod text;
pub mod wording;

/// Converts between a wire enum and its domain twin, variant by variant.
#[macro_export]
macro_rules! mirror {
    ($wire:ident, $domain:ty, [$($v:ident),+]) => {
        impl From<$domain> for $wire {
            fn from(d: $domain) -> Self {
                match d { $(<$domain>::$v => $wire::$v,)+ }
            }
        }
        impl From<$wire> for $domain {
            fn from(w: $wire) -> Self {
                match w { $($wire::$v => <$domain>::$v,)+ }
            }
        }
    };
}
