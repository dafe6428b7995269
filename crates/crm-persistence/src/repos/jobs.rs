//! The job queue: one `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)` claims a
//! due job, so replicas never take the same one; SQLite serialises writers instead.

use crate::db::Db;
use crate::entities::job;
use crate::error::{Result, port};
use crate::paging::{self, Keyed};
use crate::record::scoped;
use crate::time;
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use crm_core::ids::OrgId;
use crm_core::jobs::{Job, JobFilter, JobInfo, JobQueue, JobState, backoff};
use crm_core::page::{CursorValue, Page, PageRequest};
use crm_core::sort::SortField;
use crm_core::{Actor, DomainError, DomainResult};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbBackend, EntityTrait, Order,
    QueryFilter, QuerySelect, Statement,
};
use std::time::Duration;
use uuid::Uuid;

/// How many runs a job gets before it is given up.
pub(crate) const MAX_ATTEMPTS: i32 = 5;

pub(crate) struct Jobs(pub Db);

/// Queues a job inside the caller's transaction, to run at `run_at` (now when `None`).
pub(crate) async fn enqueue_in<C: ConnectionTrait>(
    c: &C,
    org_id: Option<Uuid>,
    kind: &str,
    subject_id: Uuid,
    run_at: Option<DateTime<Utc>>,
) -> Result<Uuid> {
    enqueue_with_in(c, org_id, kind, subject_id, None, run_at).await
}

/// [`enqueue_in`] with a payload (JSON text the kind defines).
pub(crate) async fn enqueue_with_in<C: ConnectionTrait>(
    c: &C,
    org_id: Option<Uuid>,
    kind: &str,
    subject_id: Uuid,
    payload: Option<String>,
    run_at: Option<DateTime<Utc>>,
) -> Result<Uuid> {
    let now = time::now();
    let id = Uuid::now_v7();
    job::Entity::insert(job::ActiveModel {
        id: Set(id),
        org_id: Set(org_id),
        kind: Set(kind.to_string()),
        subject_id: Set(subject_id),
        payload: Set(payload),
        status: Set("queued".into()),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        run_at: Set(run_at.map_or(now, time::trunc)),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(c)
    .await?;
    Ok(id)
}

impl Keyed for job::Model {
    fn id_column() -> Expr {
        Expr::col((job::Entity, job::Column::Id))
    }
    fn sort_column(f: &SortField) -> Expr {
        let c = match f.name.as_ref() {
            "run_at" => job::Column::RunAt,
            _ => job::Column::CreatedAt,
        };
        Expr::col((job::Entity, c))
    }
    fn sort_value(&self, f: &SortField) -> CursorValue {
        match f.name.as_ref() {
            "run_at" => CursorValue::Timestamp(self.run_at),
            _ => CursorValue::Timestamp(self.created_at),
        }
    }
    fn row_id(&self) -> Uuid {
        self.id
    }
}

fn info(j: job::Model) -> Result<JobInfo> {
    Ok(JobInfo {
        state: JobState::parse(&j.status)
            .ok_or_else(|| DomainError::internal(format!("stored job state '{}'", j.status)))?,
        id: j.id,
        kind: j.kind,
        subject_id: j.subject_id,
        attempts: u32::try_from(j.attempts).unwrap_or(0),
        max_attempts: u32::try_from(j.max_attempts).unwrap_or(0),
        run_at: j.run_at,
        last_error: j.last_error,
        created_at: j.created_at,
        updated_at: j.updated_at,
    })
}

/// Due jobs of `kinds`: queued and due, or running with a lease run out.
fn due(kinds: &[&str], now: DateTime<Utc>) -> Condition {
    Condition::all()
        .add(job::Column::Kind.is_in(kinds.iter().map(|k| k.to_string())))
        .add(
            Condition::any()
                .add(
                    Condition::all()
                        .add(job::Column::Status.eq(JobState::Queued.as_str()))
                        .add(job::Column::RunAt.lte(now)),
                )
                .add(
                    Condition::all()
                        .add(job::Column::Status.eq(JobState::Running.as_str()))
                        .add(job::Column::LeaseUntil.lt(now)),
                ),
        )
}

fn later(d: Duration) -> chrono::DateTime<chrono::Utc> {
    time::now() + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::seconds(60))
}

fn mine(id: Uuid, worker: &str) -> Condition {
    Condition::all()
        .add(job::Column::Id.eq(id))
        .add(job::Column::Status.eq("running"))
        .add(job::Column::LeaseOwner.eq(worker))
}

#[async_trait]
impl JobQueue for Jobs {
    #[tracing::instrument(skip_all, fields(org = %actor.org_id, kind))]
    async fn schedule(
        &self,
        actor: &Actor,
        kind: &str,
        subject_id: Uuid,
        run_at: Option<DateTime<Utc>>,
    ) -> DomainResult<Uuid> {
        port(async {
            let _turn = self.0.turn().await;
            enqueue_in(&self.0.conn, Some(actor.org_id.0), kind, subject_id, run_at).await
        })
        .await
    }

    #[tracing::instrument(skip_all, fields(org = %actor.org_id))]
    async fn list(
        &self,
        actor: &Actor,
        filter: &JobFilter,
        page: &PageRequest,
    ) -> DomainResult<Page<JobInfo>> {
        port(async {
            let mut q = scoped::<job::Entity>(actor);
            if let Some(kind) = &filter.kind {
                q = q.filter(job::Column::Kind.eq(kind.as_str()));
            }
            if let Some(state) = filter.state {
                q = q.filter(job::Column::Status.eq(state.as_str()));
            }
            let page = paging::fetch(&self.0.conn, q, page).await?;
            page.try_map(info)
        })
        .await
    }

    async fn claim(
        &self,
        worker: &str,
        kinds: &[&str],
        lease: Duration,
    ) -> DomainResult<Option<Job>> {
        port(async {
            let now = time::now();
            // A read first: an idle queue is polled without a write.
            let waiting = job::Entity::find()
                .select_only()
                .column(job::Column::Id)
                .filter(due(kinds, now))
                .limit(1)
                .into_tuple::<Uuid>()
                .one(&self.0.conn)
                .await?;
            if waiting.is_none() {
                return Ok(None);
            }
            let _turn = self.0.turn().await;
            let due = Query::select()
                .column(job::Column::Id)
                .from(job::Entity)
                .cond_where(due(kinds, now))
                .order_by(job::Column::RunAt, Order::Asc)
                .limit(1)
                .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
                .to_owned();
            let claimed = job::Entity::update_many()
                .col_expr(job::Column::Status, Expr::val("running"))
                .col_expr(
                    job::Column::Attempts,
                    Expr::col(job::Column::Attempts).add(1),
                )
                .col_expr(job::Column::LeaseOwner, Expr::val(worker))
                .col_expr(job::Column::LeaseUntil, Expr::val(later(lease)))
                .col_expr(job::Column::UpdatedAt, Expr::val(now))
                .filter(job::Column::Id.in_subquery(due))
                .exec_with_returning(&self.0.conn)
                .await?;
            Ok(claimed.into_iter().next().map(|j| Job {
                id: j.id,
                org_id: j.org_id.map(OrgId),
                kind: j.kind,
                subject_id: j.subject_id,
                payload: j.payload,
                attempts: u32::try_from(j.attempts).unwrap_or(0),
                max_attempts: u32::try_from(j.max_attempts).unwrap_or(0),
            }))
        })
        .await
    }

    async fn extend(&self, id: Uuid, worker: &str, lease: Duration) -> DomainResult<bool> {
        port(async {
            let _turn = self.0.turn().await;
            let r = job::Entity::update_many()
                .col_expr(job::Column::LeaseUntil, Expr::val(later(lease)))
                .filter(mine(id, worker))
                .exec(&self.0.conn)
                .await?;
            Ok(r.rows_affected == 1)
        })
        .await
    }

    async fn complete(&self, id: Uuid, worker: &str) -> DomainResult<()> {
        port(async {
            let _turn = self.0.turn().await;
            job::Entity::update_many()
                .col_expr(job::Column::Status, Expr::val("done"))
                .col_expr(job::Column::LeaseOwner, Expr::val(Option::<String>::None))
                .col_expr(job::Column::UpdatedAt, Expr::val(time::now()))
                .filter(mine(id, worker))
                .exec(&self.0.conn)
                .await?;
            Ok(())
        })
        .await
    }

    async fn fail(&self, id: Uuid, worker: &str, why: &str) -> DomainResult<()> {
        port(async {
            let Some(j) = job::Entity::find()
                .filter(mine(id, worker))
                .one(&self.0.conn)
                .await?
            else {
                return Ok(());
            };
            let dead = j.attempts >= j.max_attempts;
            let status = if dead { "dead" } else { "queued" };
            let run_at = later(backoff(u32::try_from(j.attempts).unwrap_or(1)));
            let _turn = self.0.turn().await;
            job::Entity::update_many()
                .col_expr(job::Column::Status, Expr::val(status))
                .col_expr(job::Column::RunAt, Expr::val(run_at))
                .col_expr(job::Column::LeaseOwner, Expr::val(Option::<String>::None))
                .col_expr(job::Column::LastError, Expr::val(why))
                .col_expr(job::Column::UpdatedAt, Expr::val(time::now()))
                .filter(mine(id, worker))
                .exec(&self.0.conn)
                .await?;
            Ok(())
        })
        .await
    }

    #[tracing::instrument(skip_all)]
    async fn reclaim_abandoned(&self) -> DomainResult<u64> {
        port(async {
            let _turn = self.0.turn().await;
            let now = time::now();
            // across organisations: the whole queue is this process's at start-up. The
            // interrupted attempt still counts, so a job that kills its process is not
            // retried for ever.
            let done = job::Entity::update_many()
                .col_expr(job::Column::Status, Expr::val("queued"))
                .col_expr(job::Column::RunAt, Expr::val(now))
                .col_expr(job::Column::LeaseOwner, Expr::val(Option::<String>::None))
                .col_expr(
                    job::Column::LeaseUntil,
                    Expr::val(Option::<DateTime<Utc>>::None),
                )
                .col_expr(job::Column::UpdatedAt, Expr::val(now))
                .filter(job::Column::Status.eq(JobState::Running.as_str()))
                .exec(&self.0.conn)
                .await?;
            Ok(done.rows_affected)
        })
        .await
    }

    async fn release(&self, id: Uuid, worker: &str) -> DomainResult<()> {
        port(async {
            let _turn = self.0.turn().await;
            let now = time::now();
            job::Entity::update_many()
                .col_expr(job::Column::Status, Expr::val("queued"))
                .col_expr(job::Column::RunAt, Expr::val(now))
                .col_expr(
                    job::Column::Attempts,
                    Expr::col(job::Column::Attempts).sub(1),
                )
                .col_expr(job::Column::LeaseOwner, Expr::val(Option::<String>::None))
                .col_expr(job::Column::UpdatedAt, Expr::val(now))
                .filter(mine(id, worker))
                .exec(&self.0.conn)
                .await?;
            Ok(())
        })
        .await
    }

    async fn announce(&self, worker: &str) -> DomainResult<()> {
        if self.0.conn.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        port(async { crate::liveness::hold(&self.0.config, worker).await }).await
    }

    #[tracing::instrument(skip_all)]
    async fn reclaim_orphaned(&self) -> DomainResult<u64> {
        if self.0.conn.get_database_backend() != DbBackend::Postgres {
            return Ok(0);
        }
        port(async {
            // across organisations: a worker runs every organisation's jobs. A lock a
            // transaction can take is a lock no live worker holds; it is let go at
            // commit. The interrupted attempt still counts, as in reclaim_abandoned.
            let sql = format!(
                "UPDATE jobs SET status = 'queued', run_at = $1, lease_owner = NULL, \
                 lease_until = NULL, updated_at = $1 \
                 WHERE status = 'running' AND lease_owner IS NOT NULL \
                 AND pg_try_advisory_xact_lock({}, hashtext(lease_owner))",
                crate::liveness::LOCK_SPACE
            );
            let txn = self.0.begin_write().await?;
            let done = txn
                .execute_raw(Statement::from_sql_and_values(
                    DbBackend::Postgres,
                    sql,
                    [time::now().into()],
                ))
                .await?;
            txn.commit().await?;
            Ok(done.rows_affected())
        })
        .await
    }
}
