//! The deliveries due, as a queue: claimed with a lease (several workers at once on
//! PostgreSQL skip each other's rows), settled after the attempt if the lease is still
//! the worker's. A disabled or deleted endpoint's pending deliveries are parked (no
//! next attempt) and taken up again when it is enabled or restored.

use crate::db::Db;
use crate::entities::{outbox_event, webhook_delivery, webhook_endpoint};
use crate::error::{Result, port};
use crate::journal;
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::ids::OrgId;
use crm_core::{Actor, DomainResult, Principal};
use crm_delivery::delivery::{Due, Settled, Status};
use crm_delivery::events::WEBHOOK_ENDPOINT_DISABLED;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, LockBehavior, LockType, Order, Query};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashMap;
use std::time::Duration;
use uuid::Uuid;

/// Deliveries due at `now`, not held by a live lease.
fn due(now: DateTime<Utc>) -> sea_orm::Condition {
    use webhook_delivery::Column as D;
    sea_orm::Condition::all()
        .add(Expr::col((webhook_delivery::Entity, D::Status)).eq(Status::Pending.as_str()))
        .add(Expr::col((webhook_delivery::Entity, D::NextAttemptAt)).lte(now))
        .add(
            sea_orm::Condition::any()
                .add(Expr::col((webhook_delivery::Entity, D::LeaseUntil)).is_null())
                .add(Expr::col((webhook_delivery::Entity, D::LeaseUntil)).lt(now)),
        )
}

/// The enabled, live endpoint of the delivery row in the outer query.
fn live_endpoint() -> sea_orm::sea_query::SelectStatement {
    let (d, e) = (webhook_delivery::Entity, webhook_endpoint::Entity);
    Query::select()
        .expr(Expr::val(1))
        .from(e)
        .and_where(
            Expr::col((e, webhook_endpoint::Column::Id))
                .equals((d, webhook_delivery::Column::EndpointId)),
        )
        .and_where(Expr::col((e, webhook_endpoint::Column::Enabled)).eq(true))
        .and_where(Expr::col((e, webhook_endpoint::Column::DeletedAt)).is_null())
        .to_owned()
}

/// Claims up to `limit` due deliveries of enabled endpoints for `worker`.
pub(super) async fn claim(
    db: &Db,
    worker: &str,
    limit: usize,
    lease: Duration,
) -> DomainResult<Vec<Due>> {
    port(async {
        let now = time::now();
        // A read first: an idle queue is polled without a write.
        // across organisations: the deliverer serves every organisation's queue.
        let waiting = webhook_delivery::Entity::find()
            .select_only()
            .column(webhook_delivery::Column::Id)
            .filter(due(now))
            .filter(Expr::exists(live_endpoint()))
            .limit(1)
            .into_tuple::<Uuid>()
            .one(&db.conn)
            .await?;
        if waiting.is_none() {
            return Ok(Vec::new());
        }
        let until =
            now + chrono::Duration::from_std(lease).unwrap_or(chrono::Duration::seconds(60));
        let d = webhook_delivery::Entity;
        let e = webhook_endpoint::Entity;
        let pick = Query::select()
            .column((d, webhook_delivery::Column::Id))
            .from(d)
            .inner_join(
                e,
                Expr::col((e, webhook_endpoint::Column::Id))
                    .equals((d, webhook_delivery::Column::EndpointId))
                    .and(Expr::col((e, webhook_endpoint::Column::Enabled)).eq(true))
                    .and(Expr::col((e, webhook_endpoint::Column::DeletedAt)).is_null()),
            )
            .cond_where(due(now))
            .order_by((d, webhook_delivery::Column::NextAttemptAt), Order::Asc)
            .limit(limit as u64)
            .lock_with_tables_behavior(
                LockType::Update,
                [Alias::new("webhook_deliveries")],
                LockBehavior::SkipLocked,
            )
            .to_owned();
        let txn = db.begin_write().await?;
        // across organisations: the deliverer serves every organisation's queue.
        let claimed = webhook_delivery::Entity::update_many()
            .col_expr(webhook_delivery::Column::LeaseBy, Expr::val(worker))
            .col_expr(webhook_delivery::Column::LeaseUntil, Expr::val(until))
            .filter(webhook_delivery::Column::Id.in_subquery(pick))
            .exec_with_returning(&txn)
            .await?;
        txn.commit().await?;
        if claimed.is_empty() {
            return Ok(Vec::new());
        }
        let endpoint_ids: Vec<Uuid> = claimed.iter().map(|c| c.endpoint_id).collect();
        // across organisations: the endpoints of the deliveries claimed, by id.
        let endpoints: HashMap<Uuid, webhook_endpoint::Model> = webhook_endpoint::Entity::find()
            .filter(webhook_endpoint::Column::Id.is_in(endpoint_ids))
            .all(&db.conn)
            .await?
            .into_iter()
            .map(|e| (e.id, e))
            .collect();
        let event_ids: Vec<Uuid> = claimed.iter().map(|c| c.event_id).collect();
        // across organisations: the events of the deliveries claimed, by id.
        let payloads: HashMap<Uuid, String> = outbox_event::Entity::find()
            .select_only()
            .column(outbox_event::Column::Id)
            .column(outbox_event::Column::Payload)
            .filter(outbox_event::Column::Id.is_in(event_ids))
            .into_tuple::<(Uuid, String)>()
            .all(&db.conn)
            .await?
            .into_iter()
            .collect();
        let mut out = Vec::with_capacity(claimed.len());
        for c in claimed {
            let (Some(e), Some(payload)) =
                (endpoints.get(&c.endpoint_id), payloads.get(&c.event_id))
            else {
                continue;
            };
            out.push(Due {
                id: c.id,
                org_id: c.org_id,
                endpoint_id: c.endpoint_id,
                event_id: c.event_id,
                url: e.url.clone(),
                secrets: super::endpoints::secrets(e).live(now),
                payload: payload.clone(),
                attempts: u32::try_from(c.attempts).unwrap_or(0),
            });
        }
        Ok(out)
    })
    .await
}

/// Stores what the attempts came to, if the claims are still `worker`'s, and disables
/// the endpoints they say to (journaled as `webhook_endpoint.disabled`, once).
pub(super) async fn settle(db: &Db, worker: &str, settled: Vec<Settled>) -> DomainResult<()> {
    port(async {
        let txn = db.begin_write().await?;
        for s in &settled {
            // across organisations: the deliveries this worker claimed, by id and lease.
            webhook_delivery::Entity::update_many()
                .col_expr(
                    webhook_delivery::Column::Status,
                    Expr::val(s.status.as_str()),
                )
                .col_expr(
                    webhook_delivery::Column::Attempts,
                    Expr::val(i32::try_from(s.attempts).unwrap_or(i32::MAX)),
                )
                .col_expr(
                    webhook_delivery::Column::NextAttemptAt,
                    Expr::val(s.next_attempt_at),
                )
                .col_expr(
                    webhook_delivery::Column::LastAttemptAt,
                    Expr::val(Some(s.attempted_at)),
                )
                .col_expr(
                    webhook_delivery::Column::ResponseStatus,
                    Expr::val(s.response_status.map(i32::from)),
                )
                .col_expr(
                    webhook_delivery::Column::ResponseMs,
                    Expr::val(Some(i32::try_from(s.response_ms).unwrap_or(i32::MAX))),
                )
                .col_expr(
                    webhook_delivery::Column::LastError,
                    Expr::val(s.error.clone()),
                )
                .col_expr(
                    webhook_delivery::Column::LeaseBy,
                    Expr::val(Option::<String>::None),
                )
                .col_expr(
                    webhook_delivery::Column::LeaseUntil,
                    Expr::val(Option::<DateTime<Utc>>::None),
                )
                .filter(webhook_delivery::Column::Id.eq(s.id))
                .filter(webhook_delivery::Column::LeaseBy.eq(worker))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        // Each endpoint to disable in a transaction of its own, after the settle: it
        // locks the endpoint, then parks its deliveries, so it never holds a delivery
        // row another lane's settle waits for while waiting for that lane (the two in one
        // transaction deadlocked on PostgreSQL when several lanes met 410s at once).
        let mut done = Vec::new();
        for s in settled.iter().filter(|s| s.disable.is_some()) {
            if done.contains(&s.endpoint_id) {
                continue;
            }
            done.push(s.endpoint_id);
            let txn = db.begin_write().await?;
            disable(&txn, s).await?;
            txn.commit().await?;
        }
        Ok(())
    })
    .await
}

/// Clears every lease (the claims of a process that died).
pub(super) async fn reclaim_abandoned(db: &Db) -> DomainResult<u64> {
    port(async {
        let txn = db.begin_write().await?;
        // across organisations: the whole queue is this process's at start-up.
        let r = webhook_delivery::Entity::update_many()
            .col_expr(
                webhook_delivery::Column::LeaseBy,
                Expr::val(Option::<String>::None),
            )
            .col_expr(
                webhook_delivery::Column::LeaseUntil,
                Expr::val(Option::<DateTime<Utc>>::None),
            )
            .filter(webhook_delivery::Column::LeaseUntil.is_not_null())
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(r.rows_affected)
    })
    .await
}

/// Disables the endpoint of `s` for its reason, once, journaled by the system.
async fn disable<C: ConnectionTrait>(c: &C, s: &Settled) -> Result<()> {
    let actor = Actor::new(OrgId(s.org_id), Principal::System, None);
    let Some(row) = crate::record::scoped::<webhook_endpoint::Entity>(&actor)
        .filter(webhook_endpoint::Column::Id.eq(s.endpoint_id))
        .filter(webhook_endpoint::Column::Enabled.eq(true))
        .one(c)
        .await?
    else {
        return Ok(());
    };
    let before = super::endpoints::endpoint(row.clone())?;
    let changed = crate::record::scoped_update::<webhook_endpoint::Entity>(&actor)
        .col_expr(webhook_endpoint::Column::Enabled, Expr::val(false))
        .col_expr(
            webhook_endpoint::Column::DisabledReason,
            Expr::val(s.disable.clone()),
        )
        .col_expr(webhook_endpoint::Column::UpdatedAt, Expr::val(time::now()))
        .col_expr(
            webhook_endpoint::Column::Version,
            Expr::col(webhook_endpoint::Column::Version).add(1),
        )
        .filter(webhook_endpoint::Column::Id.eq(s.endpoint_id))
        .filter(webhook_endpoint::Column::Version.eq(row.version))
        .exec_with_returning(c)
        .await?;
    let Some(after) = changed.into_iter().next() else {
        return Ok(());
    };
    park(c, &actor, s.endpoint_id, true).await?;
    let after = super::endpoints::endpoint(after)?;
    journal::record_change(
        c,
        &actor,
        WEBHOOK_ENDPOINT_DISABLED,
        s.endpoint_id,
        Some(&before),
        Some(&after),
    )
    .await?;
    notify_disabled(c, &actor, &after).await
}

/// Tells the organisation's owners and admins by email that an endpoint was disabled.
async fn notify_disabled<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    e: &crm_delivery::endpoint::Endpoint,
) -> Result<()> {
    use crate::entities::user;
    use crm_accounts::{Role, UserStatus};
    let to: Vec<String> = crate::record::scoped::<user::Entity>(actor)
        .select_only()
        .column(user::Column::Email)
        .filter(user::Column::Role.is_in([Role::Owner.as_str(), Role::Admin.as_str()]))
        .filter(user::Column::Status.eq(UserStatus::Active.as_str()))
        .filter(user::Column::DeletedAt.is_null())
        .into_tuple()
        .all(c)
        .await?;
    let reason = e.disabled_reason.as_deref().unwrap_or("it failed");
    let emails = to
        .into_iter()
        .map(|to| crm_delivery::email::Email {
            key: format!("webhook_endpoint.disabled:{}:{}:{to}", e.id, e.version),
            subject: format!("Webhook endpoint disabled: {}", e.url),
            text: format!(
                "The webhook endpoint {url} ({id}) was disabled: {reason}.\n\n\
                 Nothing more is sent to it; the events that happen meanwhile wait for it.\n\
                 When the receiver works again, enable it with\n\n  \
                 PATCH /v1/webhook-endpoints/{id} {{\"enabled\": true}}\n\n\
                 and read what failed in GET /v1/webhook-endpoints/{id}/deliveries.\n",
                url = e.url,
                id = e.id,
            ),
            to,
        })
        .collect();
    super::emails::enqueue(c, actor.org_id, emails).await
}

/// Parks an endpoint's pending deliveries (no next attempt), or takes them up again
/// (due now).
pub(super) async fn park<C: ConnectionTrait>(
    c: &C,
    actor: &Actor,
    endpoint: Uuid,
    parked: bool,
) -> Result<()> {
    let next: Option<DateTime<Utc>> = (!parked).then(time::now);
    crate::record::scoped_update::<webhook_delivery::Entity>(actor)
        .col_expr(webhook_delivery::Column::NextAttemptAt, Expr::val(next))
        .filter(webhook_delivery::Column::EndpointId.eq(endpoint))
        .filter(webhook_delivery::Column::Status.eq(Status::Pending.as_str()))
        .filter(if parked {
            // Not the ones a lane is sending: waiting for its settle could deadlock.
            webhook_delivery::Column::NextAttemptAt
                .is_not_null()
                .and(webhook_delivery::Column::LeaseBy.is_null())
        } else {
            webhook_delivery::Column::NextAttemptAt.is_null()
        })
        .exec(c)
        .await?;
    Ok(())
}
