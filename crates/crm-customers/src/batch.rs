//! Batches of people and companies: their natural keys, and the shared batch types
//! with people's as the default.

use crate::company::{Company, CompanyPatch, NewCompany};
use crate::person::{NewPerson, Person, PersonPatch};

/// The natural key a person upsert matches on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MatchKey {
    /// A normalised email address held by exactly one live person.
    Email(String),
    ExternalId(String),
}

/// The natural key a company upsert matches on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CompanyKey {
    /// A bare domain (as [`crate::company::domain`] stores it) held by one live company.
    Domain(String),
    ExternalId(String),
}

/// One validated write of a batch; the types default to people's.
pub type BatchOp<N = NewPerson, P = PersonPatch, K = MatchKey> =
    crm_records::batch::BatchOp<N, P, K>;

/// A validated write of a company batch.
pub type CompanyOp = BatchOp<NewCompany, CompanyPatch, CompanyKey>;

/// What one write did; people's by default.
pub type BatchOutcome<T = Person> = crm_records::batch::BatchOutcome<T>;

/// What one write of a company batch did.
pub type CompanyOutcome = BatchOutcome<Company>;

pub use crm_records::batch::{BatchResults, MAX_BATCH, write_checked};
