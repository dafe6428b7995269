//! The interactions use cases, one handle per resource. Handlers call these; the
//! repositories stay behind them.

use crate::custom_field::{INTERACTION, TASK};
use crate::interaction::{Interaction, InteractionPatch, NewInteraction};
use crate::ports::{CustomFieldRepository, InteractionRepository, TaskRepository};
use crate::task::{NewTask, Task, TaskPatch};
use crm_records::records::Records;
use std::sync::Arc;

/// One adapter per interactions port, as the composition root wires them.
pub struct InteractionsPorts {
    pub interactions: Arc<dyn InteractionRepository>,
    pub tasks: Arc<dyn TaskRepository>,
    pub custom_fields: Arc<dyn CustomFieldRepository>,
}

/// The interactions use cases.
#[derive(Clone)]
pub struct InteractionsService {
    /// Interactions: checked against the organisation's custom fields, then stored.
    pub interactions: Records<Interaction, NewInteraction, InteractionPatch>,
    /// Tasks, likewise.
    pub tasks: Records<Task, NewTask, TaskPatch>,
    /// The task store, for the reminder jobs.
    pub(crate) task_store: Arc<dyn TaskRepository>,
}

impl InteractionsService {
    pub fn new(ports: InteractionsPorts) -> Self {
        Self {
            interactions: Records::new(
                ports.interactions,
                ports.custom_fields.clone(),
                INTERACTION,
            ),
            tasks: Records::new(ports.tasks.clone(), ports.custom_fields, TASK),
            task_store: ports.tasks,
        }
    }
}
