//! `GET /v1/cases/{id}/attachments`: the files on a case.

use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use crm_accounts::{Action, Area};
use crm_interactions::case::CaseId;
use crm_interactions::inbound::StoredAttachment;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A file on a case, from an inbound email.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentDto {
    pub id: Uuid,
    /// The case it is on.
    pub case_id: Uuid,
    /// The inbound message it came with.
    pub email_id: Option<Uuid>,
    /// Its name as sent.
    #[schema(example = "statement.pdf")]
    pub filename: String,
    /// Its media type as sent.
    #[schema(example = "application/pdf")]
    pub content_type: String,
    /// Its size in bytes.
    pub size: u64,
    /// False when it was over 5 MiB: listed, not kept.
    pub stored: bool,
    /// Its content, when stored.
    #[schema(
        example = "/v1/cases/01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e5f/attachments/01938f4e-8a4b-7c3d-9e2f-0a1b2c3d4e60"
    )]
    pub url: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<StoredAttachment> for AttachmentDto {
    fn from(a: StoredAttachment) -> Self {
        Self {
            url: a
                .stored
                .then(|| format!("/v1/cases/{}/attachments/{}", a.case_id, a.id)),
            id: a.id,
            case_id: a.case_id,
            email_id: a.email_id,
            filename: a.filename,
            content_type: a.content_type,
            size: a.size,
            stored: a.stored,
            created_at: a.created_at,
        }
    }
}

/// Every file on a case.
#[derive(Debug, Serialize, ToSchema)]
pub struct AttachmentList {
    /// The files, oldest first.
    pub data: Vec<AttachmentDto>,
}

/// List a case's attachments
///
/// The files the customer's emails brought to the case, oldest first.
#[utoipa::path(
    operation_id = "cases_attachments",
    tag = "cases",
    params(("id" = uuid::Uuid, Path, description = "The case's id")),
    responses((status = 200, description = "The files", body = AttachmentList)),
    security(("bearer" = []))
)]
#[get("/cases/{id:[0-9a-fA-F-]+}/attachments")]
pub async fn attachments(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Read)?;
    let files = state
        .interactions
        .case_attachments(&auth.actor, CaseId(id.0))
        .await?;
    let data = files.into_iter().map(AttachmentDto::from).collect();
    Ok(HttpResponse::Ok().json(AttachmentList { data }))
}
