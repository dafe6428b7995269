//! The import repository: every resource's uploads, chunks, state and row errors (the
//! shared `ImportQueue`), and batches of people rows written in one transaction with
//! their progress and errors. Another resource's batches use `progress::in_batch`.

mod bulk;
mod each;
mod references;

pub(crate) use each::write_each;
mod write;

use crate::db::{Db, WriteTxn};
use crate::entities::{import, import_chunk, import_row_error};
use crate::error::{Result, StoreError, fault, port};
use crate::journal;
use crate::paging::{self, Keyed};
use crate::record::{delete_in, scoped};
use crate::time;
use async_trait::async_trait;
use crm_core::EventType;
use crm_core::ids::OrgId;
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult, FieldError, Principal};
use crm_customers::NewPerson;
use crm_customers::batch::{BatchOp, MatchKey};
use crm_customers::events;
use crm_customers::import::PEOPLE;
use crm_customers::import::ports::PeopleImportWriter;
use crm_customers::import::run::{ImportItem, ImportOp};
use crm_interactions::import::INTERACTIONS;
use crm_opportunities::import::{OPPORTUNITIES, ORDERS};
use crm_records::import::ports::{ImportQueue, NewImport};
use crm_records::import::rows::Checked;
use crm_records::import::scan::Chunk;
use crm_records::import::{
    Import, ImportFormat, ImportResource, ImportStatus, MatchOn, Progress, RowError,
};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

pub(crate) struct Imports(pub Db);

/// The resources an import may write.
const RESOURCES: [ImportResource; 4] = [PEOPLE, INTERACTIONS, ORDERS, OPPORTUNITIES];

impl Keyed for import::Model {
    fn id_column() -> Expr {
        Expr::col((import::Entity, import::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Expr::col((import::Entity, import::Column::Id))
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Uuid(self.id)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

impl Keyed for import_row_error::Model {
    fn id_column() -> Expr {
        Expr::col((import_row_error::Entity, import_row_error::Column::Id))
    }
    fn sort_column(_: &SortField) -> Expr {
        Expr::col((import_row_error::Entity, import_row_error::Column::Id))
    }
    fn sort_value(&self, _: &SortField) -> CursorValue {
        CursorValue::Uuid(self.id)
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn stored<T: serde::de::DeserializeOwned>(s: &str, what: &str) -> Result<T> {
    serde_json::from_str(s).map_err(|e| fault(format!("stored {what}"), e))
}

fn count(v: i64) -> u64 {
    v.max(0) as u64
}

fn to_domain(m: import::Model) -> Result<Import> {
    let bad =
        |what: &str, v: &str| DomainError::internal(format!("stored {what} '{v}' is unknown"));
    Ok(Import {
        id: m.id,
        resource: ImportResource::parse(&m.resource, &RESOURCES)
            .ok_or_else(|| bad("resource", &m.resource))?,
        status: ImportStatus::parse(&m.status).ok_or_else(|| bad("status", &m.status))?,
        format: ImportFormat::parse(&m.format).ok_or_else(|| bad("format", &m.format))?,
        file_name: m.file_name,
        match_on: match m.match_on {
            Some(s) => Some(MatchOn::parse(&s).ok_or_else(|| bad("match_on", &s))?),
            None => None,
        },
        dry_run: m.dry_run,
        columns: stored(&m.columns, "columns")?,
        mapping: stored(&m.mapping, "mapping")?,
        bytes: count(m.bytes),
        rows_total: count(m.rows_total),
        progress: Progress {
            rows_done: count(m.rows_done),
            created: count(m.created_count),
            updated: count(m.updated_count),
            failed: count(m.failed_count),
        },
        error: m.error,
        attempts: m.attempts.max(0) as u32,
        created_by: m.created_by_id,
        created_at: m.created_at,
        updated_at: m.updated_at,
        started_at: m.started_at,
        finished_at: m.finished_at,
    })
}

async fn find<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    lock: bool,
) -> Result<import::Model> {
    let mut q = scoped::<import::Entity>(actor).filter(import::Column::Id.eq(id));
    if lock {
        q = q.lock_exclusive();
    }
    q.one(c)
        .await?
        .ok_or(DomainError::not_found("import").into())
}

fn creator(m: &import::Model) -> Principal {
    match (m.created_by_kind.as_str(), m.created_by_id) {
        ("user", Some(id)) => Principal::User(crm_core::ids::UserId(id)),
        ("api_key", Some(id)) => Principal::ApiKey(id),
        _ => Principal::System,
    }
}

async fn journal_change<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    event: EventType,
    after: &Import,
) -> Result<()> {
    journal::record_change(c, actor, event, after.id, None, Some(after)).await
}

async fn drop_chunks<C: ConnectionTrait>(c: &C, id: Uuid) -> Result<()> {
    import_chunk::Entity::delete_many()
        .filter(import_chunk::Column::ImportId.eq(id))
        .exec(c)
        .await?;
    Ok(())
}

fn as_i64(v: u64) -> i64 {
    i64::try_from(v).unwrap_or(i64::MAX)
}

/// A row the import could not write, as stored.
pub(crate) fn failure<R>(
    actor: &Actor,
    import_id: Uuid,
    item: &Checked<R>,
    errors: Vec<FieldError>,
) -> import_row_error::ActiveModel {
    import_row_error::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(actor.org_id.0),
        import_id: Set(import_id),
        row_number: Set(as_i64(item.row)),
        line: Set(as_i64(item.line)),
        errors: Set(serde_json::json!(
            errors
                .iter()
                .map(|e| (&e.field, &e.code, &e.message))
                .collect::<Vec<_>>()
        )
        .to_string()),
    }
}

/// The import, locked, if it is still running from this row on; a conflict otherwise.
pub(crate) async fn running<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    id: Uuid,
    from: u64,
) -> Result<import::Model> {
    let m = find(c, actor, id, true).await?;
    if m.status != ImportStatus::Running.as_str() || count(m.rows_done) != from {
        return Err(DomainError::conflict("the import was cancelled or has moved on").into());
    }
    Ok(m)
}

/// Ends a batch's transaction: stores its failed rows (their ids in row order, however
/// the batch found them, since errors are read back in id order) and the import's
/// progress (up to row `to`, with `tally` more records created and updated), and commits.
pub(crate) async fn settle(
    txn: WriteTxn,
    m: import::Model,
    to: u64,
    tally: (i64, i64),
    mut failures: Vec<import_row_error::ActiveModel>,
) -> Result<Progress> {
    failures.sort_by_key(|f| f.row_number.clone().take().unwrap_or_default());
    for f in failures.iter_mut() {
        f.import_id = Set(m.id);
        f.id = Set(Uuid::now_v7());
    }
    let failed = failures.len() as i64;
    if !failures.is_empty() {
        import_row_error::Entity::insert_many(failures)
            .exec_without_returning(&txn)
            .await?;
    }
    let progress = Progress {
        rows_done: to,
        created: count(m.created_count + tally.0),
        updated: count(m.updated_count + tally.1),
        failed: count(m.failed_count + failed),
    };
    let mut am: import::ActiveModel = m.into();
    am.rows_done = Set(as_i64(to));
    am.created_count = Set(as_i64(progress.created));
    am.updated_count = Set(as_i64(progress.updated));
    am.failed_count = Set(as_i64(progress.failed));
    am.updated_at = Set(time::now());
    am.update(&txn).await?;
    txn.commit().await?;
    Ok(progress)
}

/// A row that only creates a person, as an operation to write on its own.
fn create_op(p: NewPerson) -> ImportOp {
    ImportOp {
        op: BatchOp::Create(p),
        additions: Default::default(),
        company: None,
    }
}

/// Rows to create in bulk, and rows to write one by one.
type Routes = (Vec<(ImportItem, NewPerson)>, Vec<(ImportItem, ImportOp)>);

/// Sorts a batch: rows that only create a person whose key nobody holds (in the database
/// or elsewhere in the batch) go in bulk; updates, company links and repeated keys go one
/// by one; rows already refused go to `failures`.
async fn route<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    items: Vec<ImportItem>,
    failures: &mut Vec<import_row_error::ActiveModel>,
) -> Result<Routes> {
    let keys: Vec<&MatchKey> = items
        .iter()
        .filter_map(|i| match &i.op {
            Ok(ImportOp {
                op: BatchOp::Upsert { key, .. },
                ..
            }) => Some(key),
            _ => None,
        })
        .collect();
    let mut seen: HashMap<&MatchKey, usize> = HashMap::new();
    for k in &keys {
        *seen.entry(k).or_default() += 1;
    }
    let matched = if keys.is_empty() {
        HashSet::new()
    } else {
        bulk::matched(c, actor, &keys).await?
    };
    let once: HashSet<MatchKey> = seen
        .into_iter()
        .filter(|(k, n)| *n == 1 && !matched.contains(*k))
        .map(|(k, _)| k.clone())
        .collect();
    let (mut fast, mut slow) = (Vec::new(), Vec::new());
    for mut item in items {
        let op = std::mem::replace(&mut item.op, Err(Vec::new()));
        match op {
            Err(errors) => failures.push(failure(actor, Uuid::nil(), &item, errors)),
            Ok(ImportOp {
                op: BatchOp::Create(p),
                company: None,
                ..
            }) => fast.push((item, p)),
            Ok(ImportOp {
                op: BatchOp::Upsert { key, create, .. },
                company: None,
                ..
            }) if once.contains(&key) => match *create {
                Ok(p) => fast.push((item, p)),
                Err(e) => {
                    let errors = item.errors_of(e);
                    failures.push(failure(actor, Uuid::nil(), &item, errors));
                }
            },
            Ok(op) => slow.push((item, op)),
        }
    }
    Ok((fast, slow))
}

#[async_trait]
impl ImportQueue for Imports {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn create(&self, actor: &Actor, new: NewImport) -> DomainResult<Import> {
        port(async {
            let now = time::now();
            let o = new.options;
            let json = |v: serde_json::Value| v.to_string();
            let row = import::ActiveModel {
                id: Set(Uuid::now_v7()),
                org_id: Set(actor.org_id.0),
                resource: Set(o.resource.as_str().into()),
                status: Set(ImportStatus::Uploading.as_str().into()),
                format: Set(o.format.as_str().into()),
                file_name: Set(o.file_name),
                match_on: Set(o.match_on.map(|m| m.as_str().to_string())),
                dry_run: Set(o.dry_run),
                columns: Set(json(serde_json::json!(new.columns))),
                mapping: Set(json(serde_json::json!(new.mapping))),
                bytes: Set(0),
                rows_total: Set(0),
                rows_done: Set(0),
                created_count: Set(0),
                updated_count: Set(0),
                failed_count: Set(0),
                error: Set(None),
                attempts: Set(0),
                created_by_kind: Set(actor.principal.kind().into()),
                created_by_id: Set(actor.principal.id()),
                created_at: Set(now),
                updated_at: Set(now),
                started_at: Set(None),
                finished_at: Set(None),
            }
            .insert(&self.0.conn)
            .await?;
            to_domain(row)
        })
        .await
    }

    async fn add_chunk(&self, actor: &Actor, id: Uuid, chunk: Chunk) -> DomainResult<()> {
        port(async {
            let m = find(&self.0.conn, actor, id, false).await?;
            if m.status != ImportStatus::Uploading.as_str() {
                return Err(DomainError::conflict("the import's upload has ended").into());
            }
            import_chunk::Entity::insert(import_chunk::ActiveModel {
                import_id: Set(id),
                seq: Set(as_i64(chunk.seq)),
                first_row: Set(as_i64(chunk.first_row)),
                first_line: Set(as_i64(chunk.first_line)),
                row_count: Set(as_i64(chunk.rows)),
                data: Set(chunk.data),
            })
            .exec_without_returning(&self.0.conn)
            .await?;
            Ok(())
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id, rows_total))]
    async fn uploaded(
        &self,
        actor: &Actor,
        id: Uuid,
        rows_total: u64,
        bytes: u64,
    ) -> DomainResult<Import> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = find(&txn, actor, id, true).await?;
            if m.status != ImportStatus::Uploading.as_str() {
                return Err(DomainError::conflict("the import's upload has ended").into());
            }
            let mut am: import::ActiveModel = m.into();
            am.status = Set(ImportStatus::Queued.as_str().into());
            am.rows_total = Set(as_i64(rows_total));
            am.bytes = Set(as_i64(bytes));
            am.updated_at = Set(time::now());
            let after = to_domain(am.update(&txn).await?)?;
            let kind = after.resource.job_kind();
            super::jobs::enqueue_in(&txn, Some(actor.org_id.0), kind, id, None).await?;
            journal_change(&txn, actor, events::IMPORT_CREATED, &after).await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    async fn discard(&self, actor: &Actor, id: Uuid) -> DomainResult<()> {
        port(async {
            let txn = self.0.begin_write().await?;
            drop_chunks(&txn, id).await?;
            delete_in::<import::Entity>(actor.org_id)
                .filter(import::Column::Id.eq(id))
                .filter(import::Column::Status.eq(ImportStatus::Uploading.as_str()))
                .exec(&txn)
                .await?;
            Ok(txn.commit().await?)
        })
        .await
    }

    async fn get(&self, actor: &Actor, id: Uuid) -> DomainResult<Import> {
        port(async { to_domain(find(&self.0.conn, actor, id, false).await?) }).await
    }

    async fn list(&self, actor: &Actor, page: &PageRequest) -> DomainResult<Page<Import>> {
        port(async {
            let q = scoped::<import::Entity>(actor);
            let page = paging::fetch(&self.0.conn, q, page).await?;
            page.try_map(to_domain)
        })
        .await
    }

    async fn row_errors(
        &self,
        actor: &Actor,
        id: Uuid,
        page: &PageRequest,
    ) -> DomainResult<Page<RowError>> {
        port(async {
            find(&self.0.conn, actor, id, false).await?;
            let q = scoped::<import_row_error::Entity>(actor)
                .filter(import_row_error::Column::ImportId.eq(id));
            let page = paging::fetch(&self.0.conn, q, page).await?;
            page.try_map(|m| {
                let errors: Vec<(String, String, String)> = stored(&m.errors, "row errors")?;
                Ok(RowError {
                    row: count(m.row_number),
                    line: count(m.line),
                    errors: errors
                        .into_iter()
                        .map(|(f, c, msg)| FieldError::new(f, c, msg))
                        .collect(),
                })
            })
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn cancel(&self, actor: &Actor, id: Uuid) -> DomainResult<Import> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = find(&txn, actor, id, true).await?;
            let status = ImportStatus::parse(&m.status);
            // An upload cut off (its process killed) stays `uploading`: cancelling it is
            // how it is ended, and its chunks go with it.
            if !matches!(
                status,
                Some(ImportStatus::Uploading | ImportStatus::Queued | ImportStatus::Running)
            ) {
                return Err(DomainError::conflict(format!(
                    "an import that is {} cannot be cancelled",
                    m.status
                ))
                .into());
            }
            let now = time::now();
            let mut am: import::ActiveModel = m.into();
            am.status = Set(ImportStatus::Cancelled.as_str().into());
            am.updated_at = Set(now);
            am.finished_at = Set(Some(now));
            let after = to_domain(am.update(&txn).await?)?;
            drop_chunks(&txn, id).await?;
            journal_change(&txn, actor, events::IMPORT_CANCELLED, &after).await?;
            txn.commit().await?;
            Ok(after)
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(%id))]
    async fn open(&self, id: Uuid) -> DomainResult<Option<(Actor, Import)>> {
        port(async {
            let txn = self.0.begin_write().await?;
            // across organisations: a worker opens the import its job names.
            let Some(m) = import::Entity::find_by_id(id)
                .lock_exclusive()
                .one(&txn)
                .await?
            else {
                return Ok(None);
            };
            let runnable = matches!(
                ImportStatus::parse(&m.status),
                Some(ImportStatus::Queued | ImportStatus::Running)
            );
            if !runnable {
                return Ok(None);
            }
            let actor = Actor::new(OrgId(m.org_id), creator(&m), None);
            let now = time::now();
            let attempts = m.attempts + 1;
            let started = m.started_at.unwrap_or(now);
            let mut am: import::ActiveModel = m.into();
            am.status = Set(ImportStatus::Running.as_str().into());
            am.attempts = Set(attempts);
            am.started_at = Set(Some(started));
            am.updated_at = Set(now);
            let row = am.update(&txn).await?;
            txn.commit().await?;
            Ok(Some((actor, to_domain(row)?)))
        })
        .await
    }

    async fn chunk_at(&self, actor: &Actor, id: Uuid, row: u64) -> DomainResult<Option<Chunk>> {
        port(async {
            find(&self.0.conn, actor, id, false).await?;
            let c = import_chunk::Entity::find()
                .filter(import_chunk::Column::ImportId.eq(id))
                .filter(import_chunk::Column::FirstRow.lte(as_i64(row)))
                .order_by_desc(import_chunk::Column::FirstRow)
                .one(&self.0.conn)
                .await?;
            Ok(c.filter(|c| count(c.first_row + c.row_count) > row)
                .map(|c| Chunk {
                    seq: count(c.seq),
                    first_row: count(c.first_row),
                    first_line: count(c.first_line),
                    rows: count(c.row_count),
                    data: c.data,
                }))
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id))]
    async fn finish(&self, actor: &Actor, id: Uuid, failure: Option<String>) -> DomainResult<()> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = find(&txn, actor, id, true).await?;
            if m.status != ImportStatus::Running.as_str() {
                return Ok(());
            }
            let now = time::now();
            let status = if failure.is_some() {
                ImportStatus::Failed
            } else {
                ImportStatus::Completed
            };
            let mut am: import::ActiveModel = m.into();
            am.status = Set(status.as_str().into());
            am.error = Set(failure);
            am.updated_at = Set(now);
            am.finished_at = Set(Some(now));
            let after = to_domain(am.update(&txn).await?)?;
            drop_chunks(&txn, id).await?;
            journal_change(
                &txn,
                actor,
                if status == ImportStatus::Failed {
                    events::IMPORT_FAILED
                } else {
                    events::IMPORT_COMPLETED
                },
                &after,
            )
            .await?;
            Ok(txn.commit().await?)
        })
        .await
    }
}

#[async_trait]
impl PeopleImportWriter for Imports {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, %id, from, to, dry_run))]
    async fn write(
        &self,
        actor: &Actor,
        id: Uuid,
        from: u64,
        to: u64,
        items: Vec<ImportItem>,
        dry_run: bool,
    ) -> DomainResult<Progress> {
        port(async {
            let txn = self.0.begin_write().await?;
            let m = running(&txn, actor, id, from).await?;
            let mut failures = Vec::new();
            let (fast, slow) = route(&txn, actor, items, &mut failures).await?;
            let whole = !dry_run && slow.is_empty() && !fast.is_empty();
            let (txn, m, (created, updated)) = if whole {
                // Every row is a plain create: straight into the transaction, no savepoints
                // (SQLite copies each page a savepoint touches before changing it).
                let people: Vec<NewPerson> = fast.iter().map(|(_, p)| p.clone()).collect();
                match bulk::create_many(&txn, actor, people).await {
                    Ok(n) => (txn, m, (n as i64, 0)),
                    Err(e @ StoreError(DomainError::Unavailable(_))) => return Err(e),
                    Err(_) => {
                        // One of them is refused: start the batch over, one row at a time.
                        txn.rollback().await?;
                        let txn = self.0.begin_write().await?;
                        let m = running(&txn, actor, id, from).await?;
                        let slow = fast.into_iter().map(|(i, p)| (i, create_op(p))).collect();
                        let tally =
                            write::rows(&txn, actor, Vec::new(), slow, &mut failures, false)
                                .await?;
                        (txn, m, tally)
                    }
                }
            } else {
                let tally = write::rows(&txn, actor, fast, slow, &mut failures, dry_run).await?;
                (txn, m, tally)
            };
            settle(txn, m, to, (created, updated), failures).await
        })
        .await
    }
}
