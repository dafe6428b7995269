//! Importing interactions (call logs, email archives) from CSV or NDJSON on the shared
//! import machinery (`crm_records::import`): the fields a column may feed, the reading
//! of a row, and the run that finds the people, companies and users a row names by a
//! key, checks the interaction and writes the batch (upserting on `external_id` with
//! `match_on`, so a log sent twice writes each call once).

pub mod mapping;
pub mod row;

use crate::interaction::{
    InteractionInput, InteractionPatch, InteractionPatchInput, NewInteraction,
};
use crate::ports::InteractionImportWriter;
use async_trait::async_trait;
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_core::{Actor, DomainError, DomainResult, FieldError};
use crm_records::batch::{BatchOp, ExternalId};
use crm_records::custom_field::CustomField;
pub use crm_records::import::reference::Reference;
use crm_records::import::reference::{Found, ReferenceFinder, complete_all, pick};
use crm_records::import::rows::{
    Checked, RawRow, field_errors, name_columns, upsert_on_external_id,
};
use crm_records::import::run::RowImporter;
use crm_records::import::{Import, ImportResource, MatchOn, Progress};
use crm_records::ports::CustomFieldRepository;
use mapping::Mapping;
use std::sync::Arc;
use uuid::Uuid;

/// Interaction imports and the kind of job that runs them.
pub const INTERACTIONS: ImportResource = ImportResource::new("interactions", "import.interactions");

/// A checked row, ready to write.
pub type InteractionOp = BatchOp<NewInteraction, InteractionPatch, ExternalId>;

/// What checking an import's rows needs, read once per run.
pub struct Context {
    mapping: Mapping,
    match_on: Option<MatchOn>,
    defs: Vec<CustomField>,
}

/// The merge-patch an upsert applies to the interaction its key matches: every field
/// the row gives (its links replace the stored ones; a list the row leaves empty stays).
fn patch_of(i: &InteractionInput) -> InteractionPatchInput {
    fn set<T: Clone>(v: &Option<T>) -> Option<Option<T>> {
        v.clone().map(Some)
    }
    fn list<T: Clone>(v: &[T]) -> Option<Option<Vec<T>>> {
        (!v.is_empty()).then(|| Some(v.to_vec()))
    }
    InteractionPatchInput {
        channel: i.channel.map(Some),
        direction: i.direction.map(Some),
        occurred_at: i.occurred_at.map(Some),
        duration_seconds: i.duration_seconds.map(Some),
        subject: set(&i.subject),
        body: set(&i.body),
        outcome: set(&i.outcome),
        social: set(&i.social),
        person_ids: list(&i.person_ids),
        company_ids: list(&i.company_ids),
        user_ids: list(&i.user_ids),
        external_id: set(&i.external_id),
        tags: list(&i.tags),
        custom_fields: i.custom_fields.clone(),
    }
}

/// Completes a read row with the ids its references found, and checks it.
fn complete(
    ctx: &Context,
    mut row: row::RowInput,
    found: &Found,
) -> Result<InteractionOp, Vec<FieldError>> {
    let mut errors = Vec::new();
    for (r, column) in &row.references {
        let id = match pick(found, r, column) {
            Ok(id) => id,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let input = &mut row.input;
        match r {
            Reference::PersonEmail(_)
            | Reference::PersonExternalId(_)
            | Reference::PersonPhone(_) => input.person_ids.push(PersonId(id)),
            Reference::CompanyDomain(_) | Reference::CompanyExternalId(_) => {
                input.company_ids.push(CompanyId(id))
            }
            Reference::UserEmail(_) => input.user_ids.push(UserId(id)),
            // An interaction's columns name no product.
            Reference::ProductSku(_) => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let named = |e: DomainError| name_columns(&row.paths, field_errors(e));
    match ctx.match_on {
        None => row
            .input
            .validate(&ctx.defs)
            .map(BatchOp::Create)
            .map_err(named),
        Some(_) => {
            let patch = patch_of(&row.input).validate(&ctx.defs).map_err(named);
            let key = row.input.external_id.clone();
            upsert_on_external_id(key, row.input.validate(&ctx.defs).map_err(named), patch)
        }
    }
}

/// Checks and writes the rows of interaction imports.
pub struct InteractionsImporter {
    pub writer: Arc<dyn InteractionImportWriter>,
    pub references: Arc<dyn ReferenceFinder>,
    pub fields: Arc<dyn CustomFieldRepository>,
}

#[async_trait]
impl RowImporter for InteractionsImporter {
    type Row = row::RowInput;
    type Context = Context;

    async fn context(&self, actor: &Actor, imp: &Import) -> DomainResult<Result<Context, String>> {
        let defs = self
            .fields
            .list(actor, crate::custom_field::INTERACTION)
            .await?;
        Ok(Mapping::of_import(imp, &defs).map(|mapping| Context {
            mapping,
            match_on: imp.match_on,
            defs,
        }))
    }

    fn check(ctx: &Context, raw: RawRow) -> Checked<row::RowInput> {
        raw.read(
            |cells| row::to_input(&ctx.mapping, cells, &ctx.defs),
            |r| &r.paths,
        )
    }

    async fn write(
        &self,
        ctx: &Context,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        rows: Vec<Checked<row::RowInput>>,
        dry_run: bool,
    ) -> DomainResult<Progress> {
        let checked = complete_all(
            self.references.as_ref(),
            actor,
            rows,
            |r| r.references.iter().map(|(x, _)| x).collect(),
            |input, found| complete(ctx, input, found),
        )
        .await?;
        self.writer
            .write(actor, id, from, to, checked, dry_run)
            .await
    }
}
