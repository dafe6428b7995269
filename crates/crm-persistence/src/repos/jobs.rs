//! The job queue: one `UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED)` claims a
//! due job, so replicas never take the same one; SQLite serialises writers instead.

use crate::db::Db;
use crate::entities::job;
use crate::error::{Result, port};
use crate::time;
use async_trait::async_trait;
use crm_core::DomainResult;
use crm_core::jobs::{Job, JobQueue, backoff};
use sea_orm::sea_query::{Expr, ExprTrait, LockBehavior, LockType, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, EntityTrait, Order, QueryFilter,
};
use std::time::Duration;
use uuid::Uuid;

/// How many runs a job gets before it is given up.
pub(crate) const MAX_ATTEMPTS: i32 = 5;

pub(crate) struct Jobs(pub Db);

/// Queues a job inside the caller's transaction.
pub(crate) async fn enqueue_in<C: ConnectionTrait>(
    c: &C,
    org_id: Option<Uuid>,
    kind: &str,
    subject_id: Uuid,
) -> Result<()> {
    let now = time::now();
    job::Entity::insert(job::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(org_id),
        kind: Set(kind.to_string()),
        subject_id: Set(subject_id),
        status: Set("queued".into()),
        attempts: Set(0),
        max_attempts: Set(MAX_ATTEMPTS),
        run_at: Set(now),
        lease_owner: Set(None),
        lease_until: Set(None),
        last_error: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(c)
    .await?;
    Ok(())
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
    async fn claim(
        &self,
        worker: &str,
        kinds: &[&str],
        lease: Duration,
    ) -> DomainResult<Option<Job>> {
        port(async {
            let now = time::now();
            let due = Query::select()
                .column(job::Column::Id)
                .from(job::Entity)
                .and_where(job::Column::Kind.is_in(kinds.iter().map(|k| k.to_string())))
                .cond_where(
                    Condition::any()
                        .add(
                            Condition::all()
                                .add(job::Column::Status.eq("queued"))
                                .add(job::Column::RunAt.lte(now)),
                        )
                        .add(
                            Condition::all()
                                .add(job::Column::Status.eq("running"))
                                .add(job::Column::LeaseUntil.lt(now)),
                        ),
                )
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
                kind: j.kind,
                subject_id: j.subject_id,
                attempts: u32::try_from(j.attempts).unwrap_or(0),
                max_attempts: u32::try_from(j.max_attempts).unwrap_or(0),
            }))
        })
        .await
    }

    async fn extend(&self, id: Uuid, worker: &str, lease: Duration) -> DomainResult<bool> {
        port(async {
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

    async fn release(&self, id: Uuid, worker: &str) -> DomainResult<()> {
        port(async {
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
}
