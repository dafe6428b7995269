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

/// The smallest time-ordered id made at `t`: every id made before `t` sorts below it,
/// so a range on the primary key finds old rows without an index on their time.
fn first_id_at(t: DateTime<Utc>) -> Uuid {
    let ms = u64::try_from(t.timestamp_millis())
        .unwrap_or(0)
        .to_be_bytes();
    let mut b = [0u8; 16];
    b[..6].copy_from_slice(&ms[2..]);
    b[6] = 0x70;
    b[8] = 0x80;
    Uuid::from_bytes(b)
}

/// Deletes up to `limit` finished deliveries and published events made before `before`
/// (an event a pending delivery still needs stays); answers how many rows went.
pub(super) async fn prune(db: &Db, before: DateTime<Utc>, limit: usize) -> DomainResult<usize> {
    use sea_orm::sea_query::Query;
    port(async {
        let cut = first_id_at(before);
        let txn = db.begin_write().await?;
        // across organisations: the retention is the operator's, for every organisation.
        let old_deliveries = Query::select()
            .column(webhook_delivery::Column::Id)
            .from(webhook_delivery::Entity)
            .and_where(webhook_delivery::Column::Id.lt(cut))
            .and_where(webhook_delivery::Column::Status.ne("pending"))
            .limit(limit as u64)
            .to_owned();
        // across organisations: as above.
        let d = webhook_delivery::Entity::delete_many()
            .filter(webhook_delivery::Column::Id.in_subquery(old_deliveries))
            .exec(&txn)
            .await?;
        let still_needed = Query::select()
            .column(webhook_delivery::Column::EventId)
            .from(webhook_delivery::Entity)
            .and_where(webhook_delivery::Column::Status.eq("pending"))
            .to_owned();
        let old_events = Query::select()
            .column(outbox_event::Column::Id)
            .from(outbox_event::Entity)
            .and_where(outbox_event::Column::Id.lt(cut))
            .and_where(outbox_event::Column::PublishedAt.is_not_null())
            .and_where(outbox_event::Column::Id.not_in_subquery(still_needed))
            .limit(limit as u64)
            .to_owned();
        // across organisations: as above.
        let o = outbox_event::Entity::delete_many()
            .filter(outbox_event::Column::Id.in_subquery(old_events))
            .exec(&txn)
            .await?;
        txn.commit().await?;
        Ok(usize::try_from(d.rows_affected + o.rows_affected).unwrap_or(usize::MAX))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_id_of_a_millisecond_sorts_between_the_ids_made_before_and_after() {
        let t = chrono::Utc::now();
        let before = Uuid::now_v7();
        std::thread::sleep(std::time::Duration::from_millis(3));
        let cut = first_id_at(chrono::Utc::now());
        std::thread::sleep(std::time::Duration::from_millis(3));
        let after = Uuid::now_v7();
        assert!(before < cut && cut < after, "{before} {cut} {after}");
        assert_eq!(first_id_at(t).get_version_num(), 7);
    }
}
