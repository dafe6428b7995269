//! Webhook endpoints: a URL the organisation's events are posted to, the event types it
//! subscribes to (names from the catalogue, `person.*` for a resource's, `*` for all),
//! and whether it is enabled. The server disables one that answered 410 or failed a
//! delivery's every attempt; enabling it again is the owner's call.

use crate::address::Guard;
use chrono::{DateTime, Utc};
use crm_core::error::Errors;
use crm_core::{DomainError, DomainResult};
use uuid::Uuid;

/// Endpoints an organisation may have.
pub const MAX_ENDPOINTS: u64 = 50;
/// Event type patterns one endpoint may list.
pub const MAX_PATTERNS: usize = 100;
/// The longest URL.
pub const MAX_URL: usize = 2000;
/// The longest description.
pub const MAX_DESCRIPTION: usize = 500;

/// One field of a checked patch: absent, cleared or set.
pub type Field<T> = Option<Option<T>>;

/// A stored endpoint.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Endpoint {
    pub id: Uuid,
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    /// A filter tree over the event (`type`, `resource_id`, `data.<field>`): only the
    /// events it matches are sent.
    pub condition: Option<serde_json::Value>,
    pub enabled: bool,
    /// Why the server disabled it, while it stays disabled.
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

/// An endpoint checked and ready to store.
#[derive(Debug, Clone, PartialEq)]
pub struct NewEndpoint {
    pub url: String,
    pub description: Option<String>,
    pub event_types: Vec<String>,
    /// Checked against the fields of the events it subscribes to (by the service).
    pub condition: Option<serde_json::Value>,
    pub enabled: bool,
}

/// An endpoint as a request gives it: every field of a create, or a merge-patch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EndpointInput {
    pub url: Field<String>,
    pub description: Field<String>,
    pub event_types: Field<Vec<String>>,
    pub condition: Field<serde_json::Value>,
    pub enabled: Field<bool>,
}

/// `true` when `pattern` (`person.created`, `person.*` or `*`) covers `event`.
pub fn covers(pattern: &str, event: &str) -> bool {
    match pattern.strip_suffix(".*") {
        _ if pattern == "*" => true,
        Some(resource) => event
            .strip_prefix(resource)
            .is_some_and(|rest| rest.starts_with('.')),
        None => pattern == event,
    }
}

/// `true` when an endpoint listing `patterns` wants `event`.
pub fn subscribed(patterns: &[String], event: &str) -> bool {
    patterns.iter().any(|p| covers(p, event))
}

/// Checks a URL for a webhook: `http` or `https`, a host, no user name or password, no
/// fragment, and not an address (or `localhost`) the guard refuses.
fn check_url(errors: &mut Errors, url: &str, guard: &Guard) {
    let field = "url";
    if url.chars().count() > MAX_URL {
        errors.push(field, "too_long", format!("at most {MAX_URL} characters"));
        return;
    }
    let parsed = match url::Url::parse(url) {
        Ok(u) => u,
        Err(e) => return errors.push(field, "invalid_format", format!("not a URL: {e}")),
    };
    if !matches!(parsed.scheme(), "http" | "https") {
        return errors.push(field, "invalid_format", "must be an http or https URL");
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return errors.push(
            field,
            "invalid_format",
            "may not carry a user name or password; the signature authenticates the sender",
        );
    }
    if parsed.fragment().is_some() {
        return errors.push(field, "invalid_format", "may not have a #fragment");
    }
    match parsed.host() {
        None => errors.push(field, "invalid_format", "must name a host"),
        Some(host) if !guard.allows_host(&host) => errors.push(
            field,
            "forbidden_address",
            "may not point at a loopback, private, link-local or reserved address",
        ),
        Some(_) => {}
    }
}

/// Checks the patterns against the catalogue: each must cover at least one event type.
fn check_patterns(errors: &mut Errors, patterns: &[String], catalogue: &[&str]) {
    if patterns.is_empty() {
        errors.push(
            "event_types",
            "too_short",
            "list at least one event type, or \"*\"",
        );
    }
    if patterns.len() > MAX_PATTERNS {
        errors.push("event_types", "too_many", format!("at most {MAX_PATTERNS}"));
    }
    for (i, p) in patterns.iter().enumerate() {
        if !catalogue.iter().any(|e| covers(p, e)) {
            errors.push(
                format!("event_types[{i}]"),
                "unknown_event_type",
                format!("`{p}` names no event type of the catalogue (GET /openapi.json lists them under webhooks)"),
            );
        }
    }
}

impl EndpointInput {
    /// Checks an endpoint (over `stored` for a patch) against the event `catalogue` and
    /// the address `guard`; duplicate patterns are kept once.
    pub fn validate(
        self,
        stored: Option<&Endpoint>,
        catalogue: &[&str],
        guard: &Guard,
    ) -> DomainResult<NewEndpoint> {
        let mut errors = Errors::new();
        let mut required = |name: &str| {
            errors.push(name, "required", "is required");
        };
        let url = match (self.url, stored) {
            (Some(Some(u)), _) => Some(u),
            (None, Some(s)) => Some(s.url.clone()),
            _ => {
                required("url");
                None
            }
        };
        let patterns = match (self.event_types, stored) {
            (Some(Some(p)), _) => Some(p),
            (None, Some(s)) => Some(s.event_types.clone()),
            _ => {
                required("event_types");
                None
            }
        };
        let enabled = match (self.enabled, stored) {
            (Some(Some(e)), _) => e,
            (Some(None), _) => {
                errors.push(
                    "enabled",
                    "not_nullable",
                    "cannot be null; omit the field to leave it unchanged",
                );
                true
            }
            (None, Some(s)) => s.enabled,
            (None, None) => true,
        };
        let description = match self.description {
            Some(d) => d.map(|d| d.trim().to_string()).filter(|d| !d.is_empty()),
            None => stored.and_then(|s| s.description.clone()),
        };
        if description
            .as_ref()
            .is_some_and(|d| d.chars().count() > MAX_DESCRIPTION)
        {
            errors.push(
                "description",
                "too_long",
                format!("at most {MAX_DESCRIPTION} characters"),
            );
        }
        if let Some(u) = &url {
            check_url(&mut errors, u, guard);
        }
        let mut event_types = Vec::new();
        if let Some(p) = patterns {
            check_patterns(&mut errors, &p, catalogue);
            for x in p {
                if !event_types.contains(&x) {
                    event_types.push(x);
                }
            }
        }
        let condition = match self.condition {
            Some(c) => c.filter(|v| !v.is_null()),
            None => stored.and_then(|s| s.condition.clone()),
        };
        let endpoint = NewEndpoint {
            url: url.unwrap_or_default(),
            description,
            event_types,
            condition,
            enabled,
        };
        errors.finish(endpoint)
    }
}

/// An endpoint's signing secrets, as its owner reads them.
#[derive(Debug, Clone, PartialEq)]
pub struct Secrets {
    pub current: String,
    /// The secret replaced by the last rotation, still signing until `previous_until`.
    pub previous: Option<String>,
    pub previous_until: Option<DateTime<Utc>>,
}

impl Secrets {
    /// The secrets that sign at `now`, the current one first.
    pub fn live(&self, now: DateTime<Utc>) -> Vec<String> {
        let mut out = vec![self.current.clone()];
        if let (Some(p), Some(until)) = (&self.previous, self.previous_until)
            && until > now
        {
            out.push(p.clone());
        }
        out
    }
}

/// A refusal to deliver to a disabled endpoint on demand (a ping, a replay).
pub fn must_be_enabled(e: &Endpoint) -> DomainResult<()> {
    if e.enabled {
        Ok(())
    } else {
        Err(DomainError::field(
            "enabled",
            "disabled",
            "the endpoint is disabled; enable it first (PATCH with \"enabled\": true)",
        ))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const CATALOGUE: &[&str] = &["person.created", "person.updated", "company.created"];
    const STRICT: Guard = Guard {
        allow_private: false,
    };

    fn input(url: &str, types: &[&str]) -> EndpointInput {
        EndpointInput {
            url: Some(Some(url.into())),
            event_types: Some(Some(types.iter().map(|s| s.to_string()).collect())),
            ..Default::default()
        }
    }

    fn fields(e: DomainError) -> Vec<(String, String)> {
        match e {
            DomainError::Validation(v) => v.into_iter().map(|f| (f.field, f.code)).collect(),
            other => panic!("not a validation error: {other:?}"),
        }
    }

    #[test]
    fn a_pattern_covers_its_event_its_resources_events_or_everything() {
        assert!(covers("person.created", "person.created"));
        assert!(covers("person.*", "person.updated"));
        assert!(!covers("person.*", "personality.updated"));
        assert!(!covers("person.*", "company.created"));
        assert!(covers("*", "company.created"));
        assert!(subscribed(
            &["company.*".into(), "person.created".into()],
            "person.created"
        ));
    }

    #[test]
    fn a_new_endpoint_is_enabled_and_keeps_each_pattern_once() {
        let e = input(
            "https://hooks.example.com/crm",
            &["person.*", "person.*", "company.created"],
        )
        .validate(None, CATALOGUE, &STRICT)
        .unwrap();
        assert_eq!(e.event_types, vec!["person.*", "company.created"]);
        assert!(e.enabled);
    }

    #[test]
    fn unknown_event_types_and_bad_urls_are_named() {
        let e = input(
            "ftp://hooks.example.com",
            &["person.*", "deal.won", "people.*"],
        )
        .validate(None, CATALOGUE, &STRICT)
        .unwrap_err();
        assert_eq!(
            fields(e),
            vec![
                ("url".into(), "invalid_format".into()),
                ("event_types[1]".into(), "unknown_event_type".into()),
                ("event_types[2]".into(), "unknown_event_type".into()),
            ]
        );
        let e = input("https://user:pw@hooks.example.com", &[])
            .validate(None, CATALOGUE, &STRICT)
            .unwrap_err();
        assert_eq!(
            fields(e),
            vec![
                ("url".into(), "invalid_format".into()),
                ("event_types".into(), "too_short".into()),
            ]
        );
    }

    #[test]
    fn private_addresses_are_refused_unless_the_operator_allows_them() {
        for url in [
            "http://127.0.0.1:9000/",
            "http://[::1]/x",
            "http://localhost/",
            "http://169.254.169.254/latest",
        ] {
            let e = input(url, &["*"])
                .validate(None, CATALOGUE, &STRICT)
                .unwrap_err();
            assert_eq!(
                fields(e),
                vec![("url".into(), "forbidden_address".into())],
                "{url}"
            );
            let open = Guard {
                allow_private: true,
            };
            assert!(
                input(url, &["*"]).validate(None, CATALOGUE, &open).is_ok(),
                "{url}"
            );
        }
    }

    #[test]
    fn a_patch_keeps_what_it_does_not_name_and_a_create_needs_url_and_types() {
        let stored = Endpoint {
            id: Uuid::now_v7(),
            url: "https://hooks.example.com/a".into(),
            description: Some("Shop".into()),
            event_types: vec!["*".into()],
            condition: None,
            enabled: false,
            disabled_reason: Some("the endpoint answered 410 Gone".into()),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 3,
        };
        let patch = EndpointInput {
            enabled: Some(Some(true)),
            ..Default::default()
        };
        let e = patch.validate(Some(&stored), CATALOGUE, &STRICT).unwrap();
        assert_eq!(
            (e.url.as_str(), e.enabled, e.description.as_deref()),
            ("https://hooks.example.com/a", true, Some("Shop"))
        );
        let e = EndpointInput::default()
            .validate(None, CATALOGUE, &STRICT)
            .unwrap_err();
        assert_eq!(
            fields(e),
            vec![
                ("url".into(), "required".into()),
                ("event_types".into(), "required".into())
            ]
        );
    }

    #[test]
    fn a_rotated_out_secret_signs_until_its_time_is_up() {
        let now = Utc::now();
        let s = Secrets {
            current: "whsec_new".into(),
            previous: Some("whsec_old".into()),
            previous_until: Some(now + chrono::Duration::hours(1)),
        };
        assert_eq!(s.live(now), vec!["whsec_new", "whsec_old"]);
        assert_eq!(s.live(now + chrono::Duration::hours(2)), vec!["whsec_new"]);
    }
}
