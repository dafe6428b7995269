//! `GET /v1/people/{id}/duplicates`: people who may be the same as this one.

use super::dto::PersonDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::PathId;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_customers::duplicates::Reason;
use serde::Serialize;
use utoipa::ToSchema;

/// Why a candidate may be a duplicate: a shared `email`, `phone` or (companies) `domain`
/// with its `value`, or alike `name`s with their `similarity`, 0 to 1.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReasonDto {
    /// What the records share: `email`, `phone`, `name`, `domain`….
    #[schema(example = "email")]
    pub kind: String,
    /// The shared value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// How alike the values are, from 0 to 1.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub similarity: Option<f64>,
}

/// A possible duplicate.
#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateDto {
    pub person: PersonDto,
    /// 0 to 1: how likely the two are the same person.
    #[schema(example = 0.9)]
    pub score: f64,
    pub reasons: Vec<ReasonDto>,
}

/// Possible duplicates, most likely first.
#[derive(Debug, Serialize, ToSchema)]
pub struct DuplicateList {
    pub data: Vec<DuplicateDto>,
}

impl From<Reason> for ReasonDto {
    fn from(r: Reason) -> Self {
        match r {
            Reason::Email { value } => ReasonDto {
                kind: "email".into(),
                value: Some(value),
                similarity: None,
            },
            Reason::Phone { value } => ReasonDto {
                kind: "phone".into(),
                value: Some(value),
                similarity: None,
            },
            Reason::Domain { value } => ReasonDto {
                kind: "domain".into(),
                value: Some(value),
                similarity: None,
            },
            Reason::Name { similarity } => ReasonDto {
                kind: "name".into(),
                value: None,
                similarity: Some(similarity),
            },
        }
    }
}

/// Find duplicates
///
/// Up to 20 people who share an email or a phone number with this one, or whose names
/// are alike, ranked by score with the reasons. Merge them with `POST /v1/people/{id}/merge`.
#[utoipa::path(
    operation_id = "people_duplicates",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "Possible duplicates", body = DuplicateList)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/duplicates")]
pub async fn duplicates(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let data = state
        .customers
        .people
        .duplicates(&auth.actor, id.0.into())
        .await?
        .into_iter()
        .map(|c| DuplicateDto {
            person: c.record.into(),
            score: c.score,
            reasons: c.reasons.into_iter().map(Into::into).collect(),
        })
        .collect();
    Ok(HttpResponse::Ok().json(DuplicateList { data }))
}
