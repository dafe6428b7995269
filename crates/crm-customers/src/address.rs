//! Postal addresses (of people and companies) and social profiles (of people): lists
//! with a label, checked on every write and kept in the order given.

use crate::contact::known_region;
use crm_core::FieldError;
use serde::{Deserialize, Serialize};

/// The most addresses or social profiles one record may hold.
pub const MAX_ITEMS: usize = 10;

/// What an address is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AddressLabel {
    Home,
    Work,
    Billing,
    Shipping,
    Other,
}

/// A postal address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    pub label: AddressLabel,
    pub line1: Option<String>,
    pub line2: Option<String>,
    pub city: Option<String>,
    pub region: Option<String>,
    pub postal_code: Option<String>,
    /// ISO 3166-1 alpha-2, upper case.
    pub country: Option<String>,
    pub primary: bool,
}

/// A social network a profile lives on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Network {
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SocialProfile {
    pub network: Network,
    pub handle: Option<String>,
    pub url: Option<String>,
}

fn too_many<T>(items: &[T], field: &str) -> Option<FieldError> {
    (items.len() > MAX_ITEMS)
        .then(|| FieldError::new(field, "too_many", format!("at most {MAX_ITEMS} entries")))
}

fn part(
    errors: &mut Vec<FieldError>,
    path: String,
    v: Option<String>,
    max: usize,
) -> Option<String> {
    if v.as_ref().is_some_and(|s| s.chars().count() > max) {
        errors.push(FieldError::new(
            path,
            "invalid_length",
            format!("at most {max} characters"),
        ));
    }
    v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
}

/// Checks addresses: each needs a line, a city, a postal code or a country; a country
/// is an ISO code; exactly one is primary (the first, unless one says so).
pub fn addresses(raw: Vec<Address>, field: &str) -> Result<Vec<Address>, Vec<FieldError>> {
    if let Some(e) = too_many(&raw, field) {
        return Err(vec![e]);
    }
    let mut errors = Vec::new();
    let mut out = Vec::with_capacity(raw.len());
    for (i, a) in raw.into_iter().enumerate() {
        let at = |f: &str| format!("{field}[{i}].{f}");
        let country = part(&mut errors, at("country"), a.country, 2).map(|c| c.to_uppercase());
        if let Some(c) = &country
            && !known_region(c)
        {
            errors.push(FieldError::new(
                at("country"),
                "invalid_value",
                "must be an ISO 3166-1 alpha-2 country code such as FR",
            ));
        }
        let address = Address {
            label: a.label,
            line1: part(&mut errors, at("line1"), a.line1, 200),
            line2: part(&mut errors, at("line2"), a.line2, 200),
            city: part(&mut errors, at("city"), a.city, 100),
            region: part(&mut errors, at("region"), a.region, 100),
            postal_code: part(&mut errors, at("postal_code"), a.postal_code, 20),
            country,
            primary: a.primary,
        };
        if address.line1.is_none()
            && address.city.is_none()
            && address.postal_code.is_none()
            && address.country.is_none()
        {
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "required",
                "an address needs a line, a city, a postal code or a country",
            ));
        }
        out.push(address);
    }
    match out.iter().filter(|a| a.primary).count() {
        0 => {
            if let Some(first) = out.first_mut() {
                first.primary = true;
            }
        }
        1 => {}
        _ => errors.push(FieldError::new(
            field,
            "multiple_primary",
            "at most one address is primary",
        )),
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Checks social profiles: each has a handle or an http(s) URL; one profile per
/// network and handle.
pub fn profiles(
    raw: Vec<SocialProfile>,
    field: &str,
) -> Result<Vec<SocialProfile>, Vec<FieldError>> {
    if let Some(e) = too_many(&raw, field) {
        return Err(vec![e]);
    }
    let mut errors = Vec::new();
    let mut out: Vec<SocialProfile> = Vec::with_capacity(raw.len());
    for (i, p) in raw.into_iter().enumerate() {
        let at = |f: &str| format!("{field}[{i}].{f}");
        let handle = part(&mut errors, at("handle"), p.handle, 100);
        if handle
            .as_ref()
            .is_some_and(|h| h.contains(char::is_whitespace))
        {
            errors.push(FieldError::new(
                at("handle"),
                "invalid_format",
                "a handle has no spaces",
            ));
        }
        let url = part(&mut errors, at("url"), p.url, 2048);
        if let Some(u) = &url {
            let rest = u
                .strip_prefix("https://")
                .or_else(|| u.strip_prefix("http://"));
            if !rest.is_some_and(|r| !r.is_empty() && !r.contains(char::is_whitespace)) {
                errors.push(FieldError::new(
                    at("url"),
                    "invalid_format",
                    "must be an http or https URL",
                ));
            }
        }
        if handle.is_none() && url.is_none() {
            errors.push(FieldError::new(
                format!("{field}[{i}]"),
                "required",
                "a profile needs a handle or a URL",
            ));
        }
        let profile = SocialProfile {
            network: p.network,
            handle,
            url,
        };
        let same = |o: &SocialProfile| {
            o.network == profile.network
                && o.handle.as_ref().map(|h| h.to_lowercase())
                    == profile.handle.as_ref().map(|h| h.to_lowercase())
                && o.url == profile.url
        };
        if !out.iter().any(same) {
            out.push(profile);
        }
    }
    if errors.is_empty() {
        Ok(out)
    } else {
        Err(errors)
    }
}

/// Whether two addresses are the same place (whichever is primary).
pub fn same_place(a: &Address, b: &Address) -> bool {
    Address {
        primary: false,
        ..a.clone()
    } == Address {
        primary: false,
        ..b.clone()
    }
}

/// `into`'s addresses and those of `from` it lacks (its primary stays primary).
pub fn join_addresses(into: &[Address], from: &[Address]) -> Vec<Address> {
    let mut all = into.to_vec();
    for a in from {
        if !all.iter().any(|b| same_place(a, b)) && all.len() < MAX_ITEMS {
            all.push(Address {
                primary: all.is_empty(),
                ..a.clone()
            });
        }
    }
    all
}

/// `into`'s profiles and those of `from` it lacks.
pub fn join_profiles(into: &[SocialProfile], from: &[SocialProfile]) -> Vec<SocialProfile> {
    let mut all = into.to_vec();
    for p in from {
        if !all.contains(p) && all.len() < MAX_ITEMS {
            all.push(p.clone());
        }
    }
    all
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(country: Option<&str>, city: Option<&str>, primary: bool) -> Address {
        Address {
            label: AddressLabel::Work,
            line1: None,
            line2: None,
            city: city.map(str::to_string),
            region: None,
            postal_code: None,
            country: country.map(str::to_string),
            primary,
        }
    }

    fn fields<T>(r: Result<T, Vec<FieldError>>) -> Vec<String> {
        r.err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| e.field)
            .collect()
    }

    #[test]
    fn the_first_address_is_primary_and_countries_are_upper_case_codes() {
        let out = addresses(
            vec![
                address(Some("fr"), None, false),
                address(None, Some("Lyon"), false),
            ],
            "addresses",
        );
        let out = out.unwrap_or_default();
        assert_eq!(out[0].country.as_deref(), Some("FR"));
        assert!(out[0].primary && !out[1].primary);
    }

    #[test]
    fn empty_addresses_unknown_countries_and_two_primaries_are_named() {
        assert_eq!(
            fields(addresses(
                vec![address(None, None, true), address(Some("ZZ"), None, true)],
                "addresses"
            )),
            ["addresses[0]", "addresses[1].country", "addresses"]
        );
    }

    #[test]
    fn joining_keeps_the_survivors_primary_and_drops_repeats() {
        let home = address(Some("FR"), Some("Paris"), true);
        let other = address(Some("FR"), Some("Lyon"), true);
        let joined = join_addresses(std::slice::from_ref(&home), &[other.clone(), home.clone()]);
        assert_eq!(joined.len(), 2);
        assert!(joined[0].primary && !joined[1].primary);
        assert_eq!(
            join_addresses(&[], &[other]).first().map(|a| a.primary),
            Some(true)
        );
    }

    #[test]
    fn a_profile_needs_a_handle_or_a_url_and_repeats_are_folded() {
        let p = |h: Option<&str>, u: Option<&str>| SocialProfile {
            network: Network::Mastodon,
            handle: h.map(str::to_string),
            url: u.map(str::to_string),
        };
        let out = profiles(
            vec![p(Some("@ada"), None), p(Some("@ADA"), None)],
            "social_profiles",
        );
        assert_eq!(out.map(|v| v.len()).ok(), Some(1));
        assert_eq!(
            fields(profiles(
                vec![p(None, None), p(Some("a b"), Some("ftp://x"))],
                "social_profiles"
            )),
            [
                "social_profiles[0]",
                "social_profiles[1].handle",
                "social_profiles[1].url"
            ]
        );
    }
}
