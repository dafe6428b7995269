//! `POST /v1/people/{id}/consents`: append a grant or withdrawal to the ledger.

use super::dto::{ConsentChannelDto, ConsentEntryDto, ConsentPurposeDto, ConsentStatusDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use chrono::{DateTime, Utc};
use crm_accounts::{Action, Area};
use crm_customers::consent::ConsentDraft;
use serde::Deserialize;
use utoipa::ToSchema;

/// A consent entry to append.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RecordConsentRequest {
    pub channel: ConsentChannelDto,
    pub purpose: ConsentPurposeDto,
    pub status: ConsentStatusDto,
    /// When the person gave or withdrew consent; now when absent. Never in the future.
    pub recorded_at: Option<DateTime<Utc>>,
    #[schema(example = "web_form", max_length = 100)]
    pub source: Option<String>,
    /// What proves it: the form and address, a call reference, a document id.
    #[schema(max_length = 2000)]
    pub proof: Option<String>,
    /// The version of the consent wording the person was shown, as your privacy
    /// notices name it, so the ledger proves what was agreed to.
    #[schema(example = "marketing-2026-03", max_length = 100)]
    pub wording_version: Option<String>,
}

/// Record consent
///
/// Appends a grant or a withdrawal for one channel and purpose. The ledger is never
/// rewritten (the database refuses updates and deletes, except that a merge moves a
/// ledger to the surviving person and an erasure removes it); the person's current
/// consent is its latest entry for each pair.
#[utoipa::path(
    operation_id = "people_consents_record",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    request_body = RecordConsentRequest,
    responses((status = 201, description = "The recorded entry", body = ConsentEntryDto)),
    security(("bearer" = []))
)]
#[post("/people/{id:[0-9a-fA-F-]+}/consents")]
pub async fn record(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<RecordConsentRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Update)?;
    let b = body.0;
    let entry = ConsentDraft {
        channel: b.channel.into(),
        purpose: b.purpose.into(),
        status: b.status.into(),
        recorded_at: b.recorded_at,
        source: b.source,
        proof: b.proof,
        wording_version: b.wording_version,
    }
    .validate(Utc::now())?;
    let e = state
        .customers
        .consents
        .record(&auth.actor, id.0.into(), entry)
        .await?;
    Ok(HttpResponse::Created().json(ConsentEntryDto::from(e)))
}
