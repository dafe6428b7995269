//! Event types: every change the system records is one of these, named
//! `<resource>.<verb>` and declared by the area that owns the resource. The name is the
//! audit entry's `action` and the outbox event's `type`; the OpenAPI document publishes
//! every area's list as webhooks, so integrators subscribe by name and generate types.

/// One kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EventType {
    /// `person.created`.
    pub name: &'static str,
    /// `person`: the audit entry's `resource_type`, and the schema of the payload.
    pub resource: &'static str,
    /// What happened, in a sentence, for the catalogue.
    pub summary: &'static str,
}

impl EventType {
    pub const fn new(name: &'static str, resource: &'static str, summary: &'static str) -> Self {
        Self {
            name,
            resource,
            summary,
        }
    }

    /// The part after the resource: `created`.
    pub fn verb(&self) -> &'static str {
        self.name
            .strip_prefix(self.resource)
            .and_then(|v| v.strip_prefix('.'))
            .unwrap_or(self.name)
    }
}

/// Checks an area's catalogue: names are `<resource>.<verb>` in lower-case snake case,
/// each once. Returns the names that break it.
pub fn malformed(all: &[EventType]) -> Vec<&'static str> {
    let ok = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_lowercase() || c == '_');
    let mut seen = std::collections::HashSet::new();
    all.iter()
        .filter(|e| {
            let verb = e.verb();
            !(e.name == format!("{}.{verb}", e.resource)
                && ok(e.resource)
                && ok(verb)
                && seen.insert(e.name))
        })
        .map(|e| e.name)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_event_type_is_its_resource_and_a_verb() {
        let e = EventType::new("api_key.revoked", "api_key", "An API key was revoked");
        assert_eq!(e.verb(), "revoked");
        assert!(malformed(&[e]).is_empty());
    }

    #[test]
    fn a_name_that_does_not_start_with_its_resource_or_repeats_is_malformed() {
        let a = EventType::new("person.created", "person", "");
        let b = EventType::new("people.created", "person", "");
        let c = EventType::new("Person.Created", "Person", "");
        assert_eq!(
            malformed(&[a, b, c, a]),
            vec!["people.created", "Person.Created", "person.created"]
        );
    }
}
