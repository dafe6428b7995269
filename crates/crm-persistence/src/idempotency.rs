//! Idempotency keys (Stripe's semantics): the first response to a keyed POST is kept and
//! replayed; the same key with another body is refused; a retry while the first request
//! still runs is told so. Keys are scoped to the organisation and the caller.

use crate::db::Db;
use crate::entities::idempotency_key;
use crate::error::port;
use crate::record::{delete_in, in_org};
use crate::time;
use chrono::Duration;
use crm_core::ids::OrgId;
use crm_core::{DomainError, DomainResult};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

/// A response kept for replay.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// What presenting a key found.
#[derive(Debug, Clone, PartialEq)]
pub enum Reservation {
    /// First use: run the request, then `complete` or `release` this reservation.
    New(Uuid),
    /// Seen before with the same body: answer with this.
    Replay(StoredResponse),
    /// Seen before and still running.
    InProgress,
    /// Seen before with a different body.
    Mismatch,
    /// Seen before, but what the request wrote was erased, and its kept answer with it.
    Erased,
}

/// The status a key keeps, with no answer, once an erasure dropped its answer.
pub(crate) const ERASED_STATUS: i32 = 410;

/// The idempotency-key store.
#[derive(Clone, Debug)]
pub struct IdempotencyStore {
    db: Db,
    ttl: Duration,
}

impl IdempotencyStore {
    pub fn new(db: Db, ttl_hours: i64) -> Self {
        Self {
            db,
            ttl: Duration::hours(ttl_hours),
        }
    }

    /// Claims `key` for this caller, or reports what an earlier use left.
    #[tracing::instrument(skip(self, digest))]
    pub async fn reserve(
        &self,
        org: OrgId,
        principal: &str,
        key: &str,
        digest: &str,
    ) -> DomainResult<Reservation> {
        port(async {
            use idempotency_key::Column as C;
            let _turn = self.db.turn().await;
            let now = time::now();
            // An expired key is forgotten before it can be claimed again.
            delete_in::<idempotency_key::Entity>(org)
                .filter(C::Principal.eq(principal))
                .filter(C::IdemKey.eq(key))
                .filter(C::ExpiresAt.lte(now))
                .exec(&self.db.conn)
                .await?;
            let id = Uuid::now_v7();
            let inserted = idempotency_key::Entity::insert(idempotency_key::ActiveModel {
                id: Set(id),
                org_id: Set(org.0),
                principal: Set(principal.to_string()),
                idem_key: Set(key.to_string()),
                request_digest: Set(digest.to_string()),
                response_status: Set(None),
                response_headers: Set(None),
                response_body: Set(None),
                created_at: Set(now),
                expires_at: Set(now + self.ttl),
            })
            .on_conflict(
                OnConflict::columns([C::OrgId, C::Principal, C::IdemKey])
                    .do_nothing()
                    .to_owned(),
            )
            .exec_without_returning(&self.db.conn)
            .await?;
            if inserted == 1 {
                return Ok(Reservation::New(id));
            }
            let existing = in_org::<idempotency_key::Entity>(org)
                .filter(C::Principal.eq(principal))
                .filter(C::IdemKey.eq(key))
                .one(&self.db.conn)
                .await?
                .ok_or_else(|| {
                    DomainError::conflict("the idempotency key is being reused concurrently")
                })?;
            if existing.request_digest != digest {
                return Ok(Reservation::Mismatch);
            }
            match (existing.response_status, existing.response_body) {
                (Some(ERASED_STATUS), None) => Ok(Reservation::Erased),
                (Some(status), Some(body)) => Ok(Reservation::Replay(StoredResponse {
                    status: u16::try_from(status).unwrap_or(500),
                    headers: existing
                        .response_headers
                        .and_then(|h| serde_json::from_str(&h).ok())
                        .unwrap_or_default(),
                    body,
                })),
                _ => Ok(Reservation::InProgress),
            }
        })
        .await
    }

    /// Keeps the response of a reserved request for replay.
    pub async fn complete(&self, id: Uuid, response: &StoredResponse) -> DomainResult<()> {
        port(async {
            use idempotency_key::Column as C;
            let headers = serde_json::to_string(&response.headers).unwrap_or_else(|_| "[]".into());
            let _turn = self.db.turn().await;
            // across organisations: `id` is the reservation `reserve` made in one.
            idempotency_key::Entity::update_many()
                .col_expr(C::ResponseStatus, Expr::val(i32::from(response.status)))
                .col_expr(C::ResponseHeaders, Expr::val(headers))
                .col_expr(C::ResponseBody, Expr::val(response.body.clone()))
                .filter(C::Id.eq(id))
                .exec(&self.db.conn)
                .await?;
            Ok(())
        })
        .await
    }

    /// Forgets a reservation whose request failed on our side, so it may be retried.
    pub async fn release(&self, id: Uuid) -> DomainResult<()> {
        port(async {
            let _turn = self.db.turn().await;
            // across organisations: `id` is the reservation `reserve` made in one.
            idempotency_key::Entity::delete_by_id(id)
                .exec(&self.db.conn)
                .await?;
            Ok(())
        })
        .await
    }
}
