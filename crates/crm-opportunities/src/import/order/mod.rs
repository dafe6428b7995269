//! Importing orders (a shop's history) from CSV or NDJSON on the shared import machinery
//! (`crm_records::import`): the fields a column may feed, the reading of a row, and the
//! run that finds the people, companies and products a row names by a key, checks the
//! order and hands the batch to the store, which prices every order as a create would
//! and keeps the customers' spend exact. An order import only creates: a row whose
//! external_id an order already has is refused, so a file sent twice writes each order
//! once.

pub mod mapping;
pub mod row;

use crate::order::NewOrder;
use crate::ports::OrderImportWriter;
use async_trait::async_trait;
use crm_core::ids::{CompanyId, PersonId};
use crm_core::{Actor, DomainResult, FieldError};
use crm_records::custom_field::CustomField;
use crm_records::import::reference::{Found, ReferenceFinder, complete_all, pick};
use crm_records::import::rows::{Checked, RawRow, field_errors, name_columns};
use crm_records::import::run::RowImporter;
use crm_records::import::{Import, ImportResource, Progress};
use crm_records::ports::CustomFieldRepository;
use mapping::Mapping;
use row::{RowInput, Slot};
use std::sync::Arc;
use uuid::Uuid;

/// Order imports and the kind of job that runs them.
pub const ORDERS: ImportResource = ImportResource::new("orders", "import.orders");

/// What checking an import's rows needs, read once per run.
pub struct Context {
    mapping: Mapping,
    defs: Vec<CustomField>,
}

/// Completes a read row with the ids its references found, and checks it.
fn complete(ctx: &Context, mut row: RowInput, found: &Found) -> Result<NewOrder, Vec<FieldError>> {
    let mut errors = Vec::new();
    for (r, slot, column) in &row.references {
        let id = match pick(found, r, column) {
            Ok(id) => id,
            Err(e) => {
                errors.push(e);
                continue;
            }
        };
        let input = &mut row.input;
        match slot {
            Slot::Person => input.person_id = Some(PersonId(id)),
            Slot::Company => input.company_id = Some(CompanyId(id)),
            Slot::Line(i) => {
                if let Some(line) = input.lines.get_mut(*i) {
                    line.product_id = Some(id);
                }
            }
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    row.input
        .validate(&ctx.defs)
        .map_err(|e| name_columns(&row.paths, field_errors(e)))
}

/// Checks and writes the rows of order imports.
pub struct OrdersImporter {
    pub writer: Arc<dyn OrderImportWriter>,
    pub references: Arc<dyn ReferenceFinder>,
    pub fields: Arc<dyn CustomFieldRepository>,
}

#[async_trait]
impl RowImporter for OrdersImporter {
    type Row = RowInput;
    type Context = Context;

    async fn context(&self, actor: &Actor, imp: &Import) -> DomainResult<Result<Context, String>> {
        let defs = self.fields.list(actor, crate::custom_field::ORDER).await?;
        Ok(Mapping::of_import(imp, &defs).map(|mapping| Context { mapping, defs }))
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
