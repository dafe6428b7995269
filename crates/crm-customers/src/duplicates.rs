//! Duplicate detection: rank people who may be the same as a given one, with reasons.

use crate::person::Person;
use serde::Serialize;

/// The most candidates returned.
pub const MAX_CANDIDATES: usize = 20;
/// How alike two full names must be (Jaro-Winkler) to count.
pub const NAME_THRESHOLD: f64 = 0.9;

/// Why a candidate may be a duplicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Both hold this normalised email.
    Email { value: String },
    /// Both hold this E.164 number.
    Phone { value: String },
    /// The full names are alike (1.0 when equal, ignoring case).
    Name { similarity: f64 },
}

/// A possible duplicate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub person: Person,
    /// 0 to 1: how likely the two are the same person.
    pub score: f64,
    pub reasons: Vec<Reason>,
}

fn full_name(p: &Person) -> Option<String> {
    let n = [p.first_name.as_deref(), p.last_name.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase();
    (!n.trim().is_empty()).then_some(n)
}

/// Ranks `candidates` against `target`: a shared email weighs 0.9, a shared phone 0.8,
/// alike names up to 0.6; several reasons add up to at most 1. Candidates with no reason
/// are dropped; the best come first.
pub fn rank(target: &Person, candidates: Vec<Person>) -> Vec<Candidate> {
    let name = full_name(target);
    let mut out: Vec<Candidate> = candidates
        .into_iter()
        .filter(|c| c.id != target.id)
        .filter_map(|c| {
            let mut reasons = Vec::new();
            let mut score: f64 = 0.0;
            for e in c
                .emails
                .iter()
                .filter(|e| target.emails.iter().any(|t| t.address == e.address))
            {
                reasons.push(Reason::Email {
                    value: e.address.clone(),
                });
                score += 0.9;
            }
            for p in c
                .phones
                .iter()
                .filter(|p| target.phones.iter().any(|t| t.number == p.number))
            {
                reasons.push(Reason::Phone {
                    value: p.number.clone(),
                });
                score += 0.8;
            }
            if let (Some(a), Some(b)) = (&name, full_name(&c)) {
                let similarity = (strsim::jaro_winkler(a, &b) * 1000.0).round() / 1000.0;
                if similarity >= NAME_THRESHOLD {
                    reasons.push(Reason::Name { similarity });
                    score += 0.6 * similarity;
                }
            }
            (!reasons.is_empty()).then(|| Candidate {
                person: c,
                score: score.min(1.0),
                reasons,
            })
        })
        .collect();
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(a.person.id.cmp(&b.person.id))
    });
    out.truncate(MAX_CANDIDATES);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LifecycleStage;
    use crate::contact::{ContactLabel, EmailPoint};
    use crate::person::Source;
    use chrono::Utc;
    use crm_core::ids::OrgId;
    use uuid::Uuid;

    fn person(first: &str, last: &str, email: Option<&str>) -> Person {
        Person {
            id: Uuid::now_v7(),
            org_id: OrgId::new(),
            first_name: Some(first.into()),
            last_name: Some(last.into()),
            emails: email
                .map(|e| {
                    vec![EmailPoint {
                        address: e.into(),
                        label: ContactLabel::Work,
                        primary: true,
                    }]
                })
                .unwrap_or_default(),
            phones: vec![],
            addresses: vec![],
            social_profiles: vec![],
            lifecycle_stage: LifecycleStage::Lead,
            owner_id: None,
            source: Source::default(),
            external_id: None,
            language: None,
            time_zone: None,
            birthday: None,
            tags: vec![],
            consents: vec![],
            custom_fields: Default::default(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn a_shared_email_outranks_a_similar_name_and_strangers_are_dropped() {
        let target = person("Ada", "Lovelace", Some("ada@example.com"));
        let same_email = person("A.", "King", Some("ada@example.com"));
        let typo = person("Ada", "Lovelase", None);
        let stranger = person("Alan", "Turing", Some("alan@example.com"));
        let ranked = rank(&target, vec![typo.clone(), stranger, same_email.clone()]);
        assert_eq!(ranked.len(), 2);
        assert_eq!(ranked[0].person.id, same_email.id);
        assert!(matches!(ranked[1].reasons[0], Reason::Name { similarity } if similarity > 0.9));
    }

    #[test]
    fn several_reasons_add_up_to_at_most_one() {
        let target = person("Ada", "Lovelace", Some("ada@example.com"));
        let twin = person("Ada", "Lovelace", Some("ada@example.com"));
        let ranked = rank(&target, vec![twin]);
        assert_eq!(ranked[0].score, 1.0);
        assert_eq!(ranked[0].reasons.len(), 2);
    }
}
