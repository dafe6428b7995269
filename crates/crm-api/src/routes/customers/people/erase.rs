//! `POST /v1/people/{id}/erase`: remove a person's personal data everywhere.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use crm_accounts::{Action, Area};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// What erasure did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureDto {
    pub id: Uuid,
    /// When the personal data was erased.
    pub erased_at: DateTime<Utc>,
}

/// Erase a person
///
/// Removes the person's names, emails, phones, birthday, language, external id,
/// consent ledger, custom values, tags and company links, and replaces the audit log's
/// and outbox's copies of them; the record stays (hidden, never restorable) with its
/// lifecycle history so counts of customers and churn still hold. Owners and admins only.
#[utoipa::path(
    operation_id = "people_erase",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "Erased", body = ErasureDto)),
    security(("bearer" = []))
)]
#[post("/people/{id:[0-9a-fA-F-]+}/erase")]
pub async fn erase(state: web::Data<AppState>, auth: Auth, id: PathId) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Delete)?;
    let at = state
        .customers
        .people
        .erase(&auth.actor, id.0.into())
        .await?;
    Ok(HttpResponse::Ok().json(ErasureDto {
        id: id.0,
        erased_at: at,
    }))
}
