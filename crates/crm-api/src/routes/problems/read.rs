//! `GET /problems/{code}`: the page a problem's `type` names.

use super::ProblemTypeDto;
use crate::http::error::{ApiError, ApiResult};
use crate::http::problems::find;
use actix_web::{HttpResponse, get, web};

/// Read a problem type
///
/// What an error answer whose `type` is this URI means, and what to do about it.
#[utoipa::path(
    operation_id = "problems_read",
    tag = "problems",
    params(("code" = String, Path, description = "The problem's `code`")),
    responses(
        (status = 200, description = "The problem type", body = ProblemTypeDto),
        (status = 404, description = "No problem type has this code", body = crate::http::error::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/problems/{code}")]
pub async fn read(code: web::Path<String>) -> ApiResult<HttpResponse> {
    let p = find(&code).ok_or_else(|| ApiError::not_found("no problem type has this code"))?;
    Ok(HttpResponse::Ok().json(ProblemTypeDto::from(p)))
}
