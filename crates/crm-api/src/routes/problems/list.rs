//! `GET /problems`: every problem type an error answer may name.

use super::{ProblemTypeDto, ProblemTypeList};
use crate::http::problems::ALL;
use actix_web::{HttpResponse, get};

/// List problem types
///
/// Every `code` an error answer may carry, with its status and what to do about it.
#[utoipa::path(
    operation_id = "problems_list",
    tag = "problems",
    responses((status = 200, description = "Every problem type", body = ProblemTypeList))
)]
#[get("/problems")]
pub async fn list() -> HttpResponse {
    HttpResponse::Ok().json(ProblemTypeList {
        data: ALL.iter().map(ProblemTypeDto::from).collect(),
    })
}
