//! Batches of person writes: create, update, or upsert by a natural key.

use crate::person::{NewPerson, Person, PersonPatch};
use crm_core::DomainResult;
use uuid::Uuid;

/// The most items one batch may hold.
pub const MAX_BATCH: usize = 100;

/// The natural key an upsert matches on.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MatchKey {
    /// A normalised email address held by exactly one live person.
    Email(String),
    ExternalId(String),
}

/// One validated write of a batch.
#[derive(Debug)]
pub enum BatchOp {
    Create(NewPerson),
    Update {
        id: Uuid,
        patch: PersonPatch,
    },
    /// Updates the person the key matches with `patch`, or creates `create`; `create` was
    /// validated as a new person, and its error answers only if nobody matches.
    Upsert {
        key: MatchKey,
        create: Box<DomainResult<NewPerson>>,
        patch: Box<PersonPatch>,
    },
}

/// What one write did.
#[derive(Debug, Clone)]
pub enum BatchOutcome {
    Created(Person),
    Updated(Person),
}
