//! `GET /v1/cases/{id}/attachments/{attachment_id}`: one file's content.

use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::state::AppState;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::DomainError;
use crm_interactions::case::CaseId;
use uuid::Uuid;

/// A name safe in a header: letters, digits, `.`, `-` and `_`; anything else `_`.
fn safe(name: &str) -> String {
    let s: String = name
        .chars()
        .take(100)
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    if s.is_empty() { "attachment".into() } else { s }
}

/// Download an attachment
///
/// The file as the customer sent it, always as a download (`Content-Disposition:
/// attachment`), never shown inline. A file that was over 5 MiB was not kept: 404.
#[utoipa::path(
    operation_id = "cases_attachment",
    tag = "cases",
    params(
        ("id" = uuid::Uuid, Path, description = "The case's id"),
        ("attachment_id" = uuid::Uuid, Path, description = "The file's id"),
    ),
    responses((status = 200, description = "The file's content", content_type = "application/octet-stream", body = Vec<u8>)),
    security(("bearer" = []))
)]
#[get("/cases/{id:[0-9a-fA-F-]+}/attachments/{attachment_id:[0-9a-fA-F-]+}")]
pub async fn attachment(
    state: web::Data<AppState>,
    auth: Auth,
    path: web::Path<(String, String)>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Service, Action::Read)?;
    let (case, file) = path.into_inner();
    let parse = |v: &str, name: &str| {
        Uuid::parse_str(v).map_err(|_| {
            ApiError::bad_request("invalid_parameter", format!("{name} is not a UUID"))
        })
    };
    let (case, file) = (parse(&case, "id")?, parse(&file, "attachment_id")?);
    let (info, content) = state
        .interactions
        .case_attachment(&auth.actor, CaseId(case), file)
        .await?;
    let content = content.ok_or(DomainError::not_found("attachment content"))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "application/octet-stream"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{}\"", safe(&info.filename)),
        ))
        .body(content))
}
