//! Duplicate detection: rank people or companies who may be the same as a given one,
//! with reasons.

use crate::company::Company;
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
    /// Both companies are on this domain (their `domain`, or their website's host).
    Domain { value: String },
}

/// A possible duplicate of a person or a company.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate<R> {
    pub record: R,
    /// 0 to 1: how likely the two are the same.
    pub score: f64,
    pub reasons: Vec<Reason>,
}

/// The name similarity of `a` and `b` to three places, when at least [`NAME_THRESHOLD`].
fn alike(a: &str, b: &str) -> Option<f64> {
    let similarity = (strsim::jaro_winkler(a, b) * 1000.0).round() / 1000.0;
    (similarity >= NAME_THRESHOLD).then_some(similarity)
}

/// Best first (ties by id, so the order is stable), at most [`MAX_CANDIDATES`].
fn best<R, I: Ord>(mut out: Vec<Candidate<R>>, id: impl Fn(&R) -> I) -> Vec<Candidate<R>> {
    out.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(id(&a.record).cmp(&id(&b.record)))
    });
    out.truncate(MAX_CANDIDATES);
    out
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
pub fn rank(target: &Person, candidates: Vec<Person>) -> Vec<Candidate<Person>> {
    let name = full_name(target);
    let out: Vec<Candidate<Person>> = candidates
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
            if let Some(similarity) = name
                .as_deref()
                .zip(full_name(&c))
                .and_then(|(a, b)| alike(a, &b))
            {
                reasons.push(Reason::Name { similarity });
                score += 0.6 * similarity;
            }
            (!reasons.is_empty()).then(|| Candidate {
                record: c,
                score: score.min(1.0),
                reasons,
            })
        })
        .collect();
    best(out, |p| p.id)
}

/// Words that name a legal form rather than the company, dropped before names are compared.
const LEGAL_FORMS: [&str; 30] = [
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "gmbh",
    "ag",
    "kg",
    "sa",
    "sas",
    "sarl",
    "srl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "aps",
    "pty",
    "kk",
    "lp",
    "se",
    "the",
];

/// A company name for comparison: lower case, letters and digits only, legal forms
/// dropped (`"ACME, Inc."` and `"Acme Incorporated"` are both `"acme"`).
pub fn company_name_key(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !LEGAL_FORMS.contains(w))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The host of an http(s) URL, lower case and without `www.`.
pub fn website_host(url: &str) -> Option<String> {
    let lower = url.to_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let host = rest.split(['/', ':', '?', '#']).next()?;
    let host = host.strip_prefix("www.").unwrap_or(host);
    (!host.is_empty()).then(|| host.to_string())
}

/// The domains a company is known by: its `domain` and its website's host.
fn domains(c: &Company) -> Vec<String> {
    let mut d: Vec<String> = c.domain.iter().cloned().collect();
    if let Some(h) = c.website.as_deref().and_then(website_host)
        && !d.contains(&h)
    {
        d.push(h);
    }
    d
}

/// Ranks `candidates` against the company `target`: a shared domain weighs 0.9, alike
/// names (compared without legal forms) up to 0.7; together at most 1.
pub fn rank_companies(target: &Company, candidates: Vec<Company>) -> Vec<Candidate<Company>> {
    let name = company_name_key(&target.name);
    let own = domains(target);
    let out: Vec<Candidate<Company>> = candidates
        .into_iter()
        .filter(|c| c.id != target.id)
        .filter_map(|c| {
            let mut reasons = Vec::new();
            let mut score: f64 = 0.0;
            if let Some(d) = domains(&c).into_iter().find(|d| own.contains(d)) {
                reasons.push(Reason::Domain { value: d });
                score += 0.9;
            }
            let other = company_name_key(&c.name);
            if let Some(similarity) = (!name.is_empty() && !other.is_empty())
                .then(|| alike(&name, &other))
                .flatten()
            {
                reasons.push(Reason::Name { similarity });
                score += 0.7 * similarity;
            }
            (!reasons.is_empty()).then(|| Candidate {
                record: c,
                score: score.min(1.0),
                reasons,
            })
        })
        .collect();
    best(out, |c| c.id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::LifecycleStage;
    use crate::contact::{ContactLabel, EmailPoint};
    use crate::person::Source;
    use chrono::Utc;
    use crm_core::ids::OrgId;
    use crm_core::ids::{CompanyId, PersonId};

    fn person(first: &str, last: &str, email: Option<&str>) -> Person {
        Person {
            id: PersonId::new(),
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
        assert_eq!(ranked[0].record.id, same_email.id);
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

    fn company(name: &str, domain: Option<&str>, website: Option<&str>) -> Company {
        Company {
            id: CompanyId::new(),
            org_id: OrgId::new(),
            name: name.into(),
            domain: domain.map(Into::into),
            website: website.map(Into::into),
            industry: None,
            size: None,
            owner_id: None,
            source: Source::default(),
            external_id: None,
            addresses: vec![],
            tags: vec![],
            custom_fields: Default::default(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            version: 1,
        }
    }

    #[test]
    fn company_names_are_compared_without_case_punctuation_or_legal_form() {
        assert_eq!(company_name_key("ACME, Inc."), "acme");
        assert_eq!(company_name_key("The Acme Company Ltd"), "acme");
        assert_eq!(company_name_key("Müller & Söhne GmbH"), "müller söhne");
        assert_eq!(company_name_key("Inc."), "");
    }

    #[test]
    fn a_company_on_the_same_domain_or_website_host_outranks_an_alike_name() {
        let target = company("Acme Inc.", Some("acme.com"), None);
        let same_site = company(
            "Road Runner Supplies",
            None,
            Some("https://www.acme.com/about"),
        );
        let alike = company("ACME Incorporated", None, None);
        let stranger = company("Globex", Some("globex.com"), None);
        let ranked = rank_companies(&target, vec![alike.clone(), stranger, same_site.clone()]);
        assert_eq!(ranked.len(), 2);
        assert_eq!(ranked[0].record.id, same_site.id);
        assert_eq!(
            ranked[0].reasons,
            [Reason::Domain {
                value: "acme.com".into()
            }]
        );
        assert_eq!(ranked[1].record.id, alike.id);
        assert_eq!(ranked[1].reasons, [Reason::Name { similarity: 1.0 }]);
        assert_eq!(ranked[1].score, 0.7);
    }

    #[test]
    fn a_name_made_only_of_legal_forms_matches_nothing() {
        let target = company("Inc", None, None);
        assert!(rank_companies(&target, vec![company("Ltd", None, None)]).is_empty());
    }
}
