//! `POST /v1/templates/{id}/preview`: a template filled for one person.

use super::dto::{PreviewDto, PreviewRequest};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{JsonBody, PathId};
use crate::routes::customers::people::dto::PersonDto;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_core::{DomainError, FieldError};

/// Preview a template
///
/// Fills the template with a person's values as it would be sent to them: a value the
/// person lacks is empty, values are escaped into the HTML, the subject stays on one
/// line. A `person_id` that names no live person of the organisation is a 422.
#[utoipa::path(
    operation_id = "templates_preview",
    tag = "templates",
    params(("id" = uuid::Uuid, Path, description = "The template's id")),
    request_body = PreviewRequest,
    responses((status = 200, description = "The filled template", body = PreviewDto)),
    security(("bearer" = []))
)]
#[post("/templates/{id:[0-9a-fA-F-]+}/preview")]
pub async fn preview(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<PreviewRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Campaigns, Action::Read)?;
    auth.require(Area::Customers, Action::Read)?;
    let actor = &auth.actor;
    let template = state.delivery.template(actor, id.0).await?;
    let person = state
        .customers
        .people
        .get(actor, body.0.person_id.into())
        .await
        .map_err(|e| match e {
            DomainError::NotFound { .. } | DomainError::Moved { .. } => {
                DomainError::Validation(vec![FieldError::new(
                    "person_id",
                    "not_found",
                    "names no live person of the organisation",
                )])
            }
            e => e,
        })?;
    let person = serde_json::to_value(PersonDto::from(person))
        .map_err(|e| ApiError::internal(format!("person as JSON: {e}")))?;
    let organisation = state.accounts.organisation(actor).await?.name;
    let rendered = state
        .delivery
        .preview_template(actor, template.id, &person, &organisation)
        .await?;
    Ok(HttpResponse::Ok().json(PreviewDto::from(rendered)))
}
