//! `POST /v1/pipelines`: a new sales pipeline.

use super::dto::{CreatePipelineRequest, PipelineDto};
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::etag::with_etag;
use crate::http::extract::JsonBody;
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};

/// Create a pipeline
///
/// Owners and admins add a pipeline with its stages in order, or with the six default
/// stages when `stages` is left out. A pipeline needs a live open, won and lost stage;
/// a won stage's probability is 100 and a lost one's 0.
#[utoipa::path(
    operation_id = "pipelines_create",
    tag = "pipelines",
    request_body = CreatePipelineRequest,
    responses((status = 201, description = "The new pipeline", body = PipelineDto,
               headers(("Location" = String, description = "Where it is read"), ("ETag" = String, description = "The version"))),
              (status = 409, description = "The organisation already has 100 pipelines", body = crate::http::error::Problem, content_type = "application/problem+json")),
    security(("bearer" = []))
)]
#[post("/pipelines")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    body: JsonBody<CreatePipelineRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Create)?;
    let p = state
        .opportunities
        .create_pipeline(&auth.actor, body.0.into())
        .await?;
    let mut res = with_etag(HttpResponse::Created(), p.version);
    res.insert_header((LOCATION, format!("/v1/pipelines/{}", p.id)));
    Ok(res.json(PipelineDto::from(p)))
}
