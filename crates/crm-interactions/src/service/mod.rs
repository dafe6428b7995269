//! The interactions use cases, one handle per resource. Handlers call these; the
//! repositories stay behind them.

use crate::case::{Answer, Case, CaseId, CasePatch, Comment, HistoryEntry, NewCase, NewComment};
use crate::custom_field::{CASE, INTERACTION, TASK};
use crate::import::mapping::InteractionTarget;
use crate::import::{INTERACTIONS, InteractionsImporter};
use crate::inbound::{InboundEmail, Received, StoredAttachment};
use crate::interaction::{
    Interaction, InteractionInput, InteractionPatch, InteractionPatchInput, NewInteraction,
};
use crate::ports::{
    CaseRepository, CustomFieldRepository, InboundRepository, InteractionImportWriter,
    InteractionRepository, ServiceLevelRepository, TaskRepository,
};
use crate::sla::{BusinessHours, BusinessHoursInput, SlaPolicy, SlaPolicyInput};
use crate::task::{NewTask, Task, TaskPatch};
use crm_core::jobs::JobHandler;
use crm_core::page::{Page, PageRequest};
use crm_core::{Actor, DomainError, DomainResult};
use crm_records::batch::{BatchOp, BatchResults, ExternalId};
use crm_records::import::ImportOptions;
use crm_records::import::ports::ImportQueue;
use crm_records::import::reference::ReferenceFinder;
use crm_records::import::run::ImportJob;
use crm_records::import::upload::Upload;
use crm_records::records::Records;
use std::sync::Arc;
use uuid::Uuid;

/// One adapter per interactions port, as the composition root wires them.
pub struct InteractionsPorts {
    pub interactions: Arc<dyn InteractionRepository>,
    pub tasks: Arc<dyn TaskRepository>,
    pub cases: Arc<dyn CaseRepository>,
    pub levels: Arc<dyn ServiceLevelRepository>,
    pub inbound: Arc<dyn InboundRepository>,
    pub custom_fields: Arc<dyn CustomFieldRepository>,
    /// Every resource's imports, shared.
    pub imports: Arc<dyn ImportQueue>,
    pub import_writer: Arc<dyn InteractionImportWriter>,
    /// Finds the records import rows name by a key.
    pub references: Arc<dyn ReferenceFinder>,
}

/// The interactions use cases.
#[derive(Clone)]
pub struct InteractionsService {
    /// Interactions: checked against the organisation's custom fields, then stored.
    pub interactions: Records<Interaction, NewInteraction, InteractionPatch>,
    /// Tasks, likewise.
    pub tasks: Records<Task, NewTask, TaskPatch>,
    /// Service cases, likewise.
    pub cases: Records<Case, NewCase, CasePatch>,
    interaction_store: Arc<dyn InteractionRepository>,
    /// The task store, for the reminder jobs.
    pub(crate) task_store: Arc<dyn TaskRepository>,
    pub(crate) case_store: Arc<dyn CaseRepository>,
    levels: Arc<dyn ServiceLevelRepository>,
    inbound: Arc<dyn InboundRepository>,
    imports: Arc<dyn ImportQueue>,
    import_writer: Arc<dyn InteractionImportWriter>,
    references: Arc<dyn ReferenceFinder>,
    fields: Arc<dyn CustomFieldRepository>,
}

impl InteractionsService {
    pub fn new(ports: InteractionsPorts) -> Self {
        Self {
            interactions: Records::new(
                ports.interactions.clone(),
                ports.custom_fields.clone(),
                INTERACTION,
            ),
            tasks: Records::new(ports.tasks.clone(), ports.custom_fields.clone(), TASK),
            cases: Records::new(ports.cases.clone(), ports.custom_fields.clone(), CASE),
            interaction_store: ports.interactions,
            task_store: ports.tasks,
            case_store: ports.cases,
            levels: ports.levels,
            inbound: ports.inbound,
            imports: ports.imports,
            import_writer: ports.import_writer,
            references: ports.references,
            fields: ports.custom_fields,
        }
    }

    /// Starts an upload of interactions read as `options` say; feed it the file, then
    /// finish it.
    pub async fn upload_interactions(
        &self,
        actor: &Actor,
        options: ImportOptions,
    ) -> DomainResult<Upload<InteractionTarget>> {
        if options.resource != INTERACTIONS {
            return Err(DomainError::internal(
                "an interactions upload was asked for another resource",
            ));
        }
        let defs = self.interactions.fields(actor).await?;
        Upload::start(self.imports.clone(), actor, options, defs).await
    }

    /// The job that runs interaction imports.
    pub(crate) fn import_job(&self) -> Arc<dyn JobHandler> {
        Arc::new(ImportJob {
            kind: INTERACTIONS.job_kind(),
            queue: self.imports.clone(),
            importer: InteractionsImporter {
                writer: self.import_writer.clone(),
                references: self.references.clone(),
                fields: self.fields.clone(),
            },
        })
    }

    /// Checks every item of an interaction batch, then writes the valid ones in one
    /// transaction (upserts match on `external_id`). With `atomic`, one failure writes
    /// nothing.
    pub async fn batch_interactions(
        &self,
        actor: &Actor,
        items: Vec<BatchOp<InteractionInput, InteractionPatchInput, ExternalId>>,
        atomic: bool,
    ) -> BatchResults<Interaction> {
        self.interactions
            .batch(actor, self.interaction_store.as_ref(), items, atomic)
            .await
    }

    /// Files an inbound email once checked: a new case, or a reply on its case.
    pub async fn receive_email(
        &self,
        actor: &Actor,
        email: InboundEmail,
    ) -> DomainResult<Received> {
        self.inbound.receive(actor, email.validate()?).await
    }

    /// The files on a case.
    pub async fn case_attachments(
        &self,
        actor: &Actor,
        case: CaseId,
    ) -> DomainResult<Vec<StoredAttachment>> {
        self.inbound.attachments(actor, case).await
    }

    /// One file on a case, with its content when it was kept.
    pub async fn case_attachment(
        &self,
        actor: &Actor,
        case: CaseId,
        id: Uuid,
    ) -> DomainResult<(StoredAttachment, Option<Vec<u8>>)> {
        self.inbound.attachment(actor, case, id).await
    }

    /// Stores the customer's checked answer to a case's follow-up.
    pub async fn answer_follow_up(
        &self,
        actor: &Actor,
        case: CaseId,
        answer: Answer,
    ) -> DomainResult<Case> {
        self.case_store.answer(actor, case, answer).await
    }

    /// The organisation's SLA policies, oldest first.
    pub async fn sla_policies(&self, actor: &Actor) -> DomainResult<Vec<SlaPolicy>> {
        self.levels.policies(actor).await
    }

    /// One SLA policy.
    pub async fn sla_policy(&self, actor: &Actor, id: Uuid) -> DomainResult<SlaPolicy> {
        self.levels.policy(actor, id).await
    }

    /// Checks and adds an SLA policy.
    pub async fn create_sla_policy(
        &self,
        actor: &Actor,
        input: SlaPolicyInput,
    ) -> DomainResult<SlaPolicy> {
        self.levels
            .create_policy(actor, input.validate(None)?)
            .await
    }

    /// Checks a patch of a policy over the stored one, and stores the result if the
    /// policy is still the version checked (`if_version` if given).
    pub async fn update_sla_policy(
        &self,
        actor: &Actor,
        id: Uuid,
        input: SlaPolicyInput,
        if_version: Option<i64>,
    ) -> DomainResult<SlaPolicy> {
        let stored = self.levels.policy(actor, id).await?;
        let checked = input.validate(Some(&stored))?;
        let version = if_version.unwrap_or(stored.version);
        self.levels.update_policy(actor, id, checked, version).await
    }

    /// Deletes a policy; the cases worked to it keep their deadlines.
    pub async fn delete_sla_policy(
        &self,
        actor: &Actor,
        id: Uuid,
        if_version: Option<i64>,
    ) -> DomainResult<()> {
        self.levels.delete_policy(actor, id, if_version).await
    }

    /// Takes a deleted policy out of the bin.
    pub async fn restore_sla_policy(&self, actor: &Actor, id: Uuid) -> DomainResult<SlaPolicy> {
        self.levels.restore_policy(actor, id).await
    }

    /// The organisation's business hours and their version.
    pub async fn business_hours(&self, actor: &Actor) -> DomainResult<(BusinessHours, i64)> {
        self.levels.hours(actor).await
    }

    /// Checks and replaces the business hours.
    pub async fn set_business_hours(
        &self,
        actor: &Actor,
        input: BusinessHoursInput,
        if_version: Option<i64>,
    ) -> DomainResult<(BusinessHours, i64)> {
        self.levels
            .set_hours(actor, input.validate()?, if_version)
            .await
    }

    /// Adds a checked comment to a case.
    pub async fn comment_on_case(
        &self,
        actor: &Actor,
        case: CaseId,
        comment: NewComment,
    ) -> DomainResult<Comment> {
        self.case_store.comment(actor, case, comment).await
    }

    /// A case's comments, oldest first.
    pub async fn case_comments(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<Comment>> {
        self.case_store.comments(actor, case, page).await
    }

    /// A case's history, oldest first.
    pub async fn case_history(
        &self,
        actor: &Actor,
        case: CaseId,
        page: &PageRequest,
    ) -> DomainResult<Page<HistoryEntry>> {
        self.case_store.history(actor, case, page).await
    }
}
