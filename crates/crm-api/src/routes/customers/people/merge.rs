//! `POST /v1/people/{id}/merge`: fold other records into this one.

use super::dto::PersonDto;
use crate::auth::Auth;
use crate::http::error::ApiResult;
use crate::http::extract::{JsonBody, PathId};
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_customers::merge::{Merge, PERSON};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;
use uuid::Uuid;

/// What to merge into the person of the path.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeRequest {
    /// The people to fold in (1 to 10), in order of preference.
    #[schema(min_items = 1, max_items = 10)]
    pub merge_ids: Vec<Uuid>,
    /// Fields to take from a given record (the survivor's id or one of `merge_ids`):
    /// `first_name`, `last_name`, `lifecycle_stage`, `owner_id`, `source`,
    /// `external_id`, `language`, `time_zone`, `birthday`. Others keep the survivor's
    /// value, or the first non-empty value of the merged records.
    #[serde(default)]
    #[schema(value_type = PersonMergeChoices, example = json!({"first_name": "0193a0c4-7b1e-7c39-9a4e-2f0d6f1f6a10"}))]
    pub choose: BTreeMap<String, Uuid>,
    /// Show the result without writing it.
    #[serde(default)]
    pub dry_run: bool,
}

/// The survivor after the merge.
#[derive(Debug, Serialize, ToSchema)]
pub struct MergeResponse {
    pub person: PersonDto,
    pub merged_ids: Vec<Uuid>,
    /// True when nothing was written.
    pub dry_run: bool,
}

/// Merge people
///
/// Folds the `merge_ids` into this person in one transaction: emails, phones and tags
/// are joined, consent ledgers, company links and custom values move, chosen fields are
/// taken from the record named. The merged records disappear from lists; reading one
/// answers 308 with `Location` pointing at the survivor. `dry_run` shows the result
/// without writing it.
#[utoipa::path(
    operation_id = "people_merge",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The survivor's id")),
    request_body = MergeRequest,
    responses((status = 200, description = "The survivor", body = MergeResponse)),
    security(("bearer" = []))
)]
#[post("/people/{id:[0-9a-fA-F-]+}/merge")]
pub async fn merge(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    body: JsonBody<MergeRequest>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Delete)?;
    let b = body.0;
    let m = Merge::validate(PERSON, id.0, b.merge_ids.clone(), b.choose, b.dry_run)?.typed();
    let dry_run = m.dry_run;
    let person = state
        .customers
        .people
        .merge(&auth.actor, id.0.into(), m)
        .await?;
    Ok(HttpResponse::Ok().json(MergeResponse {
        person: person.into(),
        merged_ids: b.merge_ids,
        dry_run,
    }))
}

/// Which record each choosable field is taken from: the survivor's id or one of
/// `merge_ids`. A field not named keeps the survivor's value, or the first non-empty one.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PersonMergeChoices {
    #[schema(nullable = false)]
    pub first_name: Option<Uuid>,
    #[schema(nullable = false)]
    pub last_name: Option<Uuid>,
    #[schema(nullable = false)]
    pub lifecycle_stage: Option<Uuid>,
    #[schema(nullable = false)]
    pub owner_id: Option<Uuid>,
    #[schema(nullable = false)]
    pub source: Option<Uuid>,
    #[schema(nullable = false)]
    pub external_id: Option<Uuid>,
    #[schema(nullable = false)]
    pub language: Option<Uuid>,
    #[schema(nullable = false)]
    pub time_zone: Option<Uuid>,
    #[schema(nullable = false)]
    pub birthday: Option<Uuid>,
}
