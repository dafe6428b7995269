//! Importing opportunities (a deal list from another CRM) from CSV or NDJSON on the
//! shared import machinery: the fields a column may feed, the reading of a row, and the
//! run that finds the people, companies and owners a row names by a key and the
//! pipeline and stage it names by name, checks the opportunity and writes the batch
//! (upserting on `external_id` with `match_on`, so a list sent twice writes each deal
//! once and moves those whose stage changed).

pub mod mapping;
pub mod row;

use crate::opportunity::{
    NewOpportunity, OpportunityInput, OpportunityPatch, OpportunityPatchInput,
};
use crate::pipeline::Pipeline;
use crate::ports::{OpportunityImportWriter, PipelineRepository};
use async_trait::async_trait;
use crm_core::ids::{CompanyId, PersonId, UserId};
use crm_core::{Actor, DomainError, DomainResult, FieldError};
use crm_records::batch::{BatchOp, ExternalId};
use crm_records::custom_field::CustomField;
use crm_records::import::reference::{Found, ReferenceFinder, complete_all, pick};
use crm_records::import::rows::{
    Checked, RawRow, field_errors, name_columns, upsert_on_external_id,
};
use crm_records::import::run::RowImporter;
use crm_records::import::{Import, ImportResource, MatchOn, Progress};
use crm_records::ports::CustomFieldRepository;
use mapping::Mapping;
use row::{RowInput, Slot};
use std::sync::Arc;
use uuid::Uuid;

/// Opportunity imports and the kind of job that runs them.
pub const OPPORTUNITIES: ImportResource =
    ImportResource::new("opportunities", "import.opportunities");

/// A checked row, ready to write.
pub type OpportunityOp = BatchOp<NewOpportunity, OpportunityPatch, ExternalId>;

/// What checking an import's rows needs, read once per run.
pub struct Context {
    mapping: Mapping,
    match_on: Option<MatchOn>,
    defs: Vec<CustomField>,
    /// The organisation's live pipelines, oldest first.
    pipelines: Vec<Pipeline>,
}

/// The merge-patch an upsert applies to the opportunity its key matches: every field
/// the row gives.
fn patch_of(i: &OpportunityInput) -> OpportunityPatchInput {
    fn set<T: Clone>(v: &Option<T>) -> Option<Option<T>> {
        v.clone().map(Some)
    }
    OpportunityPatchInput {
        name: set(&i.name),
        person_id: set(&i.person_id),
        company_id: set(&i.company_id),
        pipeline_id: set(&i.pipeline_id),
        stage_id: set(&i.stage_id),
        amount: set(&i.amount),
        expected_close_date: set(&i.expected_close_date),
        owner_id: i.owner_id,
        source: set(&i.source),
        next_step: set(&i.next_step),
        close_reason: set(&i.close_reason),
        external_id: set(&i.external_id),
        tags: (!i.tags.is_empty()).then(|| Some(i.tags.clone())),
        custom_fields: i.custom_fields.clone(),
        ..Default::default()
    }
}

/// The pipeline and stage a row names by name, as ids.
fn place(ctx: &Context, row: &mut RowInput, errors: &mut Vec<FieldError>) {
    let same = |a: &str, b: &str| a.trim().eq_ignore_ascii_case(b.trim());
    if let Some((name, column)) = &row.pipeline {
        match ctx.pipelines.iter().find(|p| same(&p.name, name)) {
            Some(p) => row.input.pipeline_id = Some(p.id),
            None => errors.push(FieldError::new(
                column.clone(),
                "not_found",
                format!("no live pipeline is named {name:?}"),
            )),
        }
    }
    let Some((name, column)) = &row.stage else {
        return;
    };
    let pipeline = match row.input.pipeline_id {
        Some(id) => ctx.pipelines.iter().find(|p| p.id == id),
        None => ctx.pipelines.first(),
    };
    let Some(pipeline) = pipeline else {
        if row.pipeline.is_none() {
            errors.push(FieldError::new(
                column.clone(),
                "not_found",
                "the stage's pipeline is not a live pipeline of the organisation",
            ));
        }
        return;
    };
    let stage = pipeline
        .stages
        .iter()
        .filter(|s| same(&s.name, name))
        .min_by_key(|s| s.retired);
    match stage {
        Some(s) => {
            row.input.pipeline_id = Some(pipeline.id);
            row.input.stage_id = Some(s.id);
        }
        None => {
            let names: Vec<&str> = pipeline.stages.iter().map(|s| s.name.as_str()).collect();
            errors.push(FieldError::new(
                column.clone(),
                "not_found",
                format!(
                    "the pipeline {:?} has no stage {name:?}; its stages: {}",
                    pipeline.name,
                    names.join(", ")
                ),
            ));
        }
    }
}

/// Completes a read row with what its keys and names found, and checks it.
fn complete(
    ctx: &Context,
    mut row: RowInput,
    found: &Found,
) -> Result<OpportunityOp, Vec<FieldError>> {
    let mut errors = Vec::new();
    for (r, slot, column) in &row.references {
        match pick(found, r, column) {
            Ok(id) => match slot {
                Slot::Person => row.input.person_id = Some(PersonId(id)),
                Slot::Company => row.input.company_id = Some(CompanyId(id)),
                Slot::Owner => row.input.owner_id = Some(Some(UserId(id))),
            },
            Err(e) => errors.push(e),
        }
    }
    place(ctx, &mut row, &mut errors);
    if !errors.is_empty() {
        return Err(errors);
    }
    let named = |e: DomainError| name_columns(&row.paths, field_errors(e));
    let Some(_) = ctx.match_on else {
        return row
            .input
            .validate(&ctx.defs)
            .map(BatchOp::Create)
            .map_err(named);
    };
    let patch = patch_of(&row.input).validate(&ctx.defs).map_err(named);
    let key = row.input.external_id.clone();
    upsert_on_external_id(key, row.input.validate(&ctx.defs).map_err(named), patch)
}

/// Checks and writes the rows of opportunity imports.
pub struct OpportunitiesImporter {
    pub writer: Arc<dyn OpportunityImportWriter>,
    pub references: Arc<dyn ReferenceFinder>,
    pub pipelines: Arc<dyn PipelineRepository>,
    pub fields: Arc<dyn CustomFieldRepository>,
}

#[async_trait]
impl RowImporter for OpportunitiesImporter {
    type Row = RowInput;
    type Context = Context;

    async fn context(&self, actor: &Actor, imp: &Import) -> DomainResult<Result<Context, String>> {
        let defs = self
            .fields
            .list(actor, crate::custom_field::OPPORTUNITY)
            .await?;
        let pipelines = self.pipelines.list(actor).await?;
        Ok(Mapping::of_import(imp, &defs).map(|mapping| Context {
            mapping,
            match_on: imp.match_on,
            defs,
            pipelines,
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
        rows: Vec<Checked<RowInput>>,
        dry_run: bool,
    ) -> DomainResult<Progress> {
        let checked = complete_all(
            self.references.as_ref(),
            actor,
            rows,
            |r| r.references.iter().map(|(x, _, _)| x).collect(),
            |input, found| complete(ctx, input, found),
        )
        .await?;
        self.writer
            .write(actor, id, from, to, checked, dry_run)
            .await
    }
}
