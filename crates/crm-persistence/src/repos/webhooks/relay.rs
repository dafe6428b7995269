//! The outbox relay: takes the unpublished outbox events that lead their record (no
//! earlier unpublished event about the same record), in commit order (the rowid on
//! SQLite, `seq` on PostgreSQL: migration 35), fans each out into a delivery per enabled
//! endpoint that subscribes to it and existed when it happened, and marks it published,
//! in one transaction. Several relays at once on PostgreSQL skip each other's rows
//! (`FOR UPDATE SKIP LOCKED`); a record's later event waits while an earlier one is
//! held, so each record's events are published in order.

use super::log::pending;
use crate::db::Db;
use crate::entities::{outbox_event, webhook_delivery, webhook_endpoint};
use crate::error::{Result, port};
use crate::time;
use chrono::{DateTime, Utc};
use crm_core::DomainResult;
use crm_delivery::condition;
use crm_delivery::endpoint::subscribed;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter, QuerySelect, Statement,
};
use std::collections::HashMap;
use uuid::Uuid;

/// The events to publish next, each the first unpublished one of its record.
fn heads(backend: DbBackend, limit: usize) -> Statement {
    let (seq, lock) = match backend {
        DbBackend::Postgres => ("seq", " FOR UPDATE OF o SKIP LOCKED"),
        _ => ("rowid", ""),
    };
    Statement::from_string(
        backend,
        format!(
            "SELECT o.id, o.org_id, o.event_type, o.occurred_at, o.payload FROM outbox_events o \
             WHERE o.published_at IS NULL AND NOT EXISTS (SELECT 1 FROM outbox_events p \
             WHERE p.resource_id = o.resource_id AND p.published_at IS NULL AND p.{seq} < o.{seq}) \
             ORDER BY o.{seq} LIMIT {limit}{lock}"
        ),
    )
}

/// An event to publish.
struct Head {
    id: Uuid,
    org: Uuid,
    event_type: String,
    occurred_at: DateTime<Utc>,
    payload: String,
}

/// An endpoint as the relay matches it.
struct Target {
    id: Uuid,
    patterns: Vec<String>,
    condition: Option<serde_json::Value>,
    since: DateTime<Utc>,
}

async fn targets<C: ConnectionTrait>(c: &C, orgs: Vec<Uuid>) -> Result<HashMap<Uuid, Vec<Target>>> {
    // across organisations: the endpoints of the organisations whose events are relayed (filtered by them below).
    let rows = webhook_endpoint::Entity::find()
        .filter(webhook_endpoint::Column::OrgId.is_in(orgs))
        .filter(webhook_endpoint::Column::Enabled.eq(true))
        .filter(webhook_endpoint::Column::DeletedAt.is_null())
        .all(c)
        .await?;
    let mut by_org: HashMap<Uuid, Vec<Target>> = HashMap::new();
    for r in rows {
        let patterns = serde_json::from_str(&r.event_types).unwrap_or_default();
        let condition = r
            .condition
            .as_deref()
            .and_then(|c| serde_json::from_str(c).ok());
        by_org.entry(r.org_id).or_default().push(Target {
            id: r.id,
            patterns,
            condition,
            since: r.created_at,
        });
    }
    Ok(by_org)
}

/// Publishes up to `limit` events; answers how many.
pub(super) async fn relay(db: &Db, limit: usize) -> DomainResult<usize> {
    port(async {
        // A read first: an idle outbox costs no write.
        // across organisations: the relay publishes every organisation's outbox.
        let waiting = outbox_event::Entity::find()
            .select_only()
            .column(outbox_event::Column::Id)
            .filter(outbox_event::Column::PublishedAt.is_null())
            .limit(1)
            .into_tuple::<Uuid>()
            .one(&db.conn)
            .await?;
        if waiting.is_none() {
            return Ok(0);
        }
        let txn = db.begin_write().await?;
        let rows = txn
            .query_all_raw(heads(txn.get_database_backend(), limit))
            .await?;
        let mut events = Vec::with_capacity(rows.len());
        for r in &rows {
            events.push(Head {
                id: r.try_get("", "id")?,
                org: r.try_get("", "org_id")?,
                event_type: r.try_get("", "event_type")?,
                occurred_at: r.try_get("", "occurred_at")?,
                payload: r.try_get("", "payload")?,
            });
        }
        if events.is_empty() {
            txn.commit().await?;
            return Ok(0);
        }
        let mut orgs: Vec<Uuid> = events.iter().map(|e| e.org).collect();
        orgs.sort();
        orgs.dedup();
        let by_org = targets(&txn, orgs).await?;
        let now = time::now();
        let mut deliveries = Vec::new();
        for e in &events {
            // Read once per event, and only when an endpoint's condition asks.
            let mut parsed: Option<serde_json::Value> = None;
            for t in by_org.get(&e.org).into_iter().flatten() {
                if t.since > e.occurred_at || !subscribed(&t.patterns, &e.event_type) {
                    continue;
                }
                if let Some(c) = &t.condition {
                    let event = parsed.get_or_insert_with(|| {
                        serde_json::from_str(&e.payload).unwrap_or(serde_json::Value::Null)
                    });
                    if !condition::matches(c, event) {
                        continue;
                    }
                }
                deliveries.push(pending(e.org, t.id, e.id, e.event_type.clone(), now));
            }
        }
        for chunk in deliveries.chunks(500) {
            webhook_delivery::Entity::insert_many(chunk.to_vec())
                .exec_without_returning(&txn)
                .await?;
        }
        let ids: Vec<Uuid> = events.iter().map(|e| e.id).collect();
        for chunk in ids.chunks(500) {
            // across organisations: the events taken above, by id.
            outbox_event::Entity::update_many()
                .col_expr(outbox_event::Column::PublishedAt, Expr::val(now))
                .filter(outbox_event::Column::Id.is_in(chunk.to_vec()))
                .exec(&txn)
                .await?;
        }
        txn.commit().await?;
        Ok(events.len())
    })
    .await
}
