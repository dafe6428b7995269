//! The email queue: messages queued in the transaction of what they tell of (once per
//! key), claimed with a lease, settled after the attempt if the lease is still the
//! worker's.

use crate::db::Db;
use crate::entities::email_message;
use crate::error::{Result, port};
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_core::ids::OrgId;
use crm_delivery::delivery::Status;
use crm_delivery::email::{Email, Queued, Sent};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, OnConflict, Order, Query};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect,
};
use std::time::Duration;
use uuid::Uuid;

/// Queues `emails` for `org`, each once per key.
pub(crate) async fn enqueue<C: ConnectionTrait>(
    c: &C,
    org: OrgId,
    emails: Vec<Email>,
) -> Result<()> {
    if emails.is_empty() {
        return Ok(());
    }
    let now = time::now();
    let rows: Vec<email_message::ActiveModel> = emails
        .into_iter()
        .map(|e| email_message::ActiveModel {
            id: Set(Uuid::now_v7()),
            org_id: Set(org.0),
            idempotency_key: Set(e.key),
            to_address: Set(e.to),
            subject: Set(e.subject),
            body_text: Set(e.text),
            status: Set(Status::Pending.as_str().into()),
            attempts: Set(0),
            next_attempt_at: Set(Some(now)),
            last_attempt_at: Set(None),
            last_error: Set(None),
            lease_by: Set(None),
            lease_until: Set(None),
            created_at: Set(now),
        })
        .collect();
    email_message::Entity::insert_many(rows)
        .on_conflict(
            OnConflict::columns([
                email_message::Column::OrgId,
                email_message::Column::IdempotencyKey,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(c)
        .await?;
    Ok(())
}

fn due(now: DateTime<Utc>) -> sea_orm::Condition {
    use email_message::Column as M;
    sea_orm::Condition::all()
        .add(M::Status.eq(Status::Pending.as_str()))
        .add(M::NextAttemptAt.lte(now))
        .add(
            sea_orm::Condition::any()
                .add(M::LeaseUntil.is_null())
                .add(M::LeaseUntil.lt(now)),
        )
}

/// Claims up to `limit` messages due for `worker`.
pub(super) async fn claim(
    db: &Db,
    worker: &str,
    limit: usize,
    lease: Duration,
) -> DomainResult<Vec<Queued>> {
    port(async {
        let now = time::now();
        // A read first, so an idle queue is polled without a write.
        // across organisations: the sender serves every organisation's queue.
        let waiting = email_message::Entity::find()
            .select_only()
            .column(email_message::Column::Id)
            .filter(due(now))
            .limit(1)
            .into_tuple::<Uuid>()
            .one(&db.conn)
            .await?;
        if waiting.is_none() {
            return Ok(Vec::new());
        }
        let until =
            now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
        let pick = Query::select()
            .column(email_message::Column::Id)
            .from(email_message::Entity)
            .cond_where(due(now))
            .order_by(email_message::Column::NextAttemptAt, Order::Asc)
            .limit(limit as u64)
            .lock_with_behavior(LockType::Update, LockBehavior::SkipLocked)
            .to_owned();
        let txn = db.begin_write().await?;
        // across organisations: as above.
        let claimed = email_message::Entity::update_many()
            .col_expr(email_message::Column::LeaseBy, Expr::val(worker))
            .col_expr(email_message::Column::LeaseUntil, Expr::val(until))
            .filter(email_message::Column::Id.in_subquery(pick))
            .exec_with_returning(&txn)
            .await?;
        txn.commit().await?;
        Ok(claimed
            .into_iter()
            .map(|m| Queued {
                id: m.id,
                org_id: m.org_id,
                to: m.to_address,
                subject: m.subject,
                text: m.body_text,
                attempts: u32::try_from(m.attempts).unwrap_or(0),
            })
            .collect())
    })
    .await
}

/// Stores what the attempts came to, if the claims are still `worker`'s.
pub(super) async fn settle(db: &Db, worker: &str, sent: Vec<Sent>) -> DomainResult<()> {
    port(async {
        let txn = db.begin_write().await?;
        for s in sent {
            // across organisations: the messages this worker claimed, by id and lease.
            email_message::Entity::update_many()
                .col_expr(email_message::Column::Status, Expr::val(s.status.as_str()))
                .col_expr(
                    email_message::Column::Attempts,
                    Expr::val(i32::try_from(s.attempts).unwrap_or(i32::MAX)),
                )
                .col_expr(
                    email_message::Column::NextAttemptAt,
                    Expr::val(s.next_attempt_at),
                )
                .col_expr(
                    email_message::Column::LastAttemptAt,
                    Expr::val(Some(s.attempted_at)),
                )
                .col_expr(email_message::Column::LastError, Expr::val(s.error))
                .col_expr(
                    email_message::Column::LeaseBy,
                    Expr::val(Option::<String>::None),
                )
                .col_expr(
                    email_message::Column::LeaseUntil,
                    Expr::val(Option::<DateTime<Utc>>::None),
                )
                .filter(email_message::Column::Id.eq(s.id))
                .filter(email_message::Column::LeaseBy.eq(worker))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(())
    })
    .await
}
