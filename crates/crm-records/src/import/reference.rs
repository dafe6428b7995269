//! Records an import row names by a natural key instead of an id (a person by email, a
//! company by domain, a product by SKU…): the keys a batch's rows name are found together
//! among the organisation's live records when the batch is written, and each row then
//! takes the one record its key found, or fails naming its column.

use super::rows::Checked;
use async_trait::async_trait;
use crm_core::{Actor, DomainResult, FieldError};
use std::collections::HashMap;
use uuid::Uuid;

/// A record named by a key, found among the organisation's live records.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Reference {
    PersonEmail(String),
    PersonExternalId(String),
    /// Read in the organisation's default region unless it starts with `+`.
    PersonPhone(String),
    CompanyDomain(String),
    CompanyExternalId(String),
    UserEmail(String),
    ProductSku(String),
}

impl Reference {
    /// What it names, in messages.
    pub fn describe(&self) -> String {
        match self {
            Reference::PersonEmail(x) => format!("person with the email {x}"),
            Reference::PersonExternalId(x) => format!("person with the external_id {x}"),
            Reference::PersonPhone(x) => format!("person with the phone {x}"),
            Reference::CompanyDomain(x) => format!("company with the domain {x}"),
            Reference::CompanyExternalId(x) => format!("company with the external_id {x}"),
            Reference::UserEmail(x) => format!("staff user with the email {x}"),
            Reference::ProductSku(x) => format!("product with the SKU {x}"),
        }
    }
}

/// The live records each reference found (several when its key is not unique).
pub type Found = HashMap<Reference, Vec<Uuid>>;

/// Finds what references name.
#[async_trait]
pub trait ReferenceFinder: Send + Sync {
    /// The live records each reference names, in the actor's organisation (several when
    /// the key is not unique, none when nothing matches); each key is normalised as the
    /// records store it.
    async fn resolve(&self, actor: &Actor, references: &[Reference]) -> DomainResult<Found>;
}

/// Every distinct reference of `rows`, in a stable order.
pub fn wanted<'a>(rows: impl Iterator<Item = &'a Reference>) -> Vec<Reference> {
    let mut out: Vec<Reference> = rows.cloned().collect();
    out.sort();
    out.dedup();
    out
}

/// Completes the rows of a batch that were read: the references each names (`refs`)
/// are found together, then `complete` makes the row's write from what they found.
pub async fn complete_all<R, Op>(
    finder: &dyn ReferenceFinder,
    actor: &Actor,
    rows: Vec<Checked<R>>,
    refs: impl Fn(&R) -> Vec<&Reference>,
    complete: impl Fn(R, &Found) -> Result<Op, Vec<FieldError>>,
) -> DomainResult<Vec<Checked<Op>>> {
    let wanted = wanted(
        rows.iter()
            .filter_map(|r| r.op.as_ref().ok())
            .flat_map(&refs),
    );
    let found = find_all(finder, actor, &wanted).await?;
    Ok(rows
        .into_iter()
        .map(|r| Checked {
            row: r.row,
            line: r.line,
            op: r.op.and_then(|input| complete(input, &found)),
            paths: r.paths,
        })
        .collect())
}

/// Finds the references of a batch's rows, if any (no query otherwise).
pub async fn find_all(
    finder: &dyn ReferenceFinder,
    actor: &Actor,
    wanted: &[Reference],
) -> DomainResult<Found> {
    if wanted.is_empty() {
        return Ok(Found::new());
    }
    finder.resolve(actor, wanted).await
}

/// The one record `r` found, or the error of `column` saying none or several did.
pub fn pick(found: &Found, r: &Reference, column: &str) -> Result<Uuid, FieldError> {
    match found.get(r).map(Vec::as_slice).unwrap_or_default() {
        [id] => Ok(*id),
        [] => Err(FieldError::new(
            column,
            "not_found",
            format!("no live {}", r.describe()),
        )),
        many => Err(FieldError::new(
            column,
            "ambiguous",
            format!(
                "{} records match: the {}; name it by id",
                many.len(),
                r.describe()
            ),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reference_takes_its_one_record_or_names_its_column() {
        let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
        let one = Reference::ProductSku("A-1".into());
        let two = Reference::CompanyDomain("acme.test".into());
        let none = Reference::PersonEmail("nobody@example.com".into());
        let found = Found::from([(one.clone(), vec![a]), (two.clone(), vec![a, b])]);
        assert_eq!(pick(&found, &one, "SKU"), Ok(a));
        let e = pick(&found, &two, "Domain").unwrap_err();
        assert_eq!((e.field.as_str(), e.code.as_str()), ("Domain", "ambiguous"));
        let e = pick(&found, &none, "Email").unwrap_err();
        assert_eq!((e.field.as_str(), e.code.as_str()), ("Email", "not_found"));
        assert!(e.message.contains("nobody@example.com"));
    }

    #[test]
    fn the_references_of_a_batch_are_found_once_each() {
        let r = |s: &str| Reference::ProductSku(s.into());
        let rows = [r("B"), r("A"), r("B")];
        assert_eq!(wanted(rows.iter()), [r("A"), r("B")]);
    }
}
