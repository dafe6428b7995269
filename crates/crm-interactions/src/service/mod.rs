//! The interactions use cases, one handle per resource. Handlers call these; the
//! repositories stay behind them.

use crate::custom_field::INTERACTION;
use crate::interaction::{Interaction, InteractionPatch, NewInteraction};
use crate::ports::{CustomFieldRepository, InteractionRepository};
use crm_records::records::Records;
use std::sync::Arc;

/// One adapter per interactions port, as the composition root wires them.
pub struct InteractionsPorts {
    pub interactions: Arc<dyn InteractionRepository>,
    pub custom_fields: Arc<dyn CustomFieldRepository>,
}

/// The interactions use cases.
#[derive(Clone)]
pub struct InteractionsService {
    /// Interactions: checked against the organisation's custom fields, then stored.
    pub interactions: Records<Interaction, NewInteraction, InteractionPatch>,
}

impl InteractionsService {
    pub fn new(ports: InteractionsPorts) -> Self {
        Self {
            interactions: Records::new(ports.interactions, ports.custom_fields, INTERACTION),
        }
    }
}
