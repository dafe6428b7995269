//! Wire types of postal addresses (people and companies) and social profiles (people),
//! the same shape in requests and responses.

use crm_customers::address::{Address, AddressLabel, Network, SocialProfile};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// What an address is for.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AddressLabelDto {
    Home,
    Work,
    Billing,
    Shipping,
    #[default]
    Other,
}

/// A postal address. It needs a line, a city, a postal code or a country.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AddressDto {
    /// `other` when absent.
    #[serde(default)]
    pub label: AddressLabelDto,
    #[schema(example = "12 St James's Square", max_length = 200)]
    pub line1: Option<String>,
    #[schema(max_length = 200)]
    pub line2: Option<String>,
    #[schema(example = "London", max_length = 100)]
    pub city: Option<String>,
    #[schema(max_length = 100)]
    pub region: Option<String>,
    #[schema(example = "SW1Y 4JH", max_length = 20)]
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[schema(example = "GB", max_length = 2)]
    pub country: Option<String>,
    /// The first address is primary unless another says so.
    #[serde(default)]
    pub primary: bool,
}

/// A social network.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NetworkDto {
    Linkedin,
    X,
    Facebook,
    Instagram,
    Tiktok,
    Youtube,
    Github,
    Mastodon,
    Bluesky,
    Other,
}

/// A person's profile on a social network: a handle, a URL, or both.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SocialProfileDto {
    pub network: NetworkDto,
    /// The account's handle on the network.
    #[schema(example = "@ada", max_length = 100)]
    pub handle: Option<String>,
    /// The profile's URL.
    #[schema(example = "https://example.social/@ada", max_length = 2048)]
    pub url: Option<String>,
}

macro_rules! both_ways {
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

both_ways!(
    AddressLabelDto,
    AddressLabel,
    [Home, Work, Billing, Shipping, Other]
);
both_ways!(
    NetworkDto,
    Network,
    [
        Linkedin, X, Facebook, Instagram, Tiktok, Youtube, Github, Mastodon, Bluesky, Other
    ]
);

impl From<AddressDto> for Address {
    fn from(a: AddressDto) -> Self {
        Address {
            label: a.label.into(),
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            region: a.region,
            postal_code: a.postal_code,
            country: a.country,
            primary: a.primary,
        }
    }
}

impl From<Address> for AddressDto {
    fn from(a: Address) -> Self {
        AddressDto {
            label: a.label.into(),
            line1: a.line1,
            line2: a.line2,
            city: a.city,
            region: a.region,
            postal_code: a.postal_code,
            country: a.country,
            primary: a.primary,
        }
    }
}

impl From<SocialProfileDto> for SocialProfile {
    fn from(p: SocialProfileDto) -> Self {
        SocialProfile {
            network: p.network.into(),
            handle: p.handle,
            url: p.url,
        }
    }
}

impl From<SocialProfile> for SocialProfileDto {
    fn from(p: SocialProfile) -> Self {
        SocialProfileDto {
            network: p.network.into(),
            handle: p.handle,
            url: p.url,
        }
    }
}

/// Converts a list of one type into another.
pub fn all<A, B: From<A>>(v: Vec<A>) -> Vec<B> {
    v.into_iter().map(Into::into).collect()
}
