//! The ports persistence implements for the interactions area. Every method takes the
//! [`Actor`](crm_core::Actor): its organisation scopes the query, and changes are
//! journaled with it.

use crate::interaction::{Interaction, InteractionPatch, NewInteraction};
pub use crm_records::ports::{CustomFieldRepository, RecordStore};

/// Interactions: the shared record store. A create or patch naming a person, company or
/// staff user that is not live in the organisation is a 422 naming the list and index.
pub trait InteractionRepository:
    RecordStore<Interaction, NewInteraction, InteractionPatch>
{
}
