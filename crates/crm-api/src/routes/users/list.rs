//! `GET /v1/users`: a page of staff users with typed filters.

use super::dto::{RoleDto, UserDto, UserPage, UserStatusDto};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::http::moment::Moment;
use crate::http::text::Bounded;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::catalogue::USER_SORT;
use crm_accounts::{Action, Area};
use crm_core::filter::{FieldType, Filter, Op, Scalar};

crate::list_params!(
    /// Filters of the user list.
    UserListParams, sort = "^-?(created_at|email|name|id)$" {
        /// Only users with this role.
        role: Option<RoleDto>,
        /// Only users with this status.
        status: Option<UserStatusDto>,
        /// Free text matched against names and emails.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
        /// Only users created at or after this time.
        #[param(value_type = Option<String>)]
        created_after: Option<Moment>,
        /// Only users created before this time.
        #[param(value_type = Option<String>)]
        created_before: Option<Moment>,
    }
);

fn cond(field: &str, ty: FieldType, op: Op, value: Scalar) -> Filter {
    Filter::one(field, ty, false, op, value)
}

impl UserListParams {
    /// The typed filters as one filter tree, so list and search share one query path.
    fn filter(&self) -> Option<Filter> {
        let mut all = Vec::new();
        if let Some(r) = self.role {
            let role: crm_accounts::Role = r.into();
            all.push(cond(
                "role",
                FieldType::Text,
                Op::Eq,
                Scalar::Text(role.as_str().into()),
            ));
        }
        if let Some(s) = self.status {
            let status: crm_accounts::UserStatus = s.into();
            all.push(cond(
                "status",
                FieldType::Text,
                Op::Eq,
                Scalar::Text(status.as_str().into()),
            ));
        }
        if let Some(q) = self
            .q
            .as_ref()
            .map(|q| q.as_str().trim())
            .filter(|q| !q.is_empty())
        {
            all.push(Filter::Any(vec![
                cond(
                    "name",
                    FieldType::Text,
                    Op::Contains,
                    Scalar::Text(q.into()),
                ),
                cond(
                    "email",
                    FieldType::Text,
                    Op::Contains,
                    Scalar::Text(q.into()),
                ),
            ]));
        }
        if let Some(Moment(t)) = self.created_after {
            all.push(cond(
                "created_at",
                FieldType::Timestamp,
                Op::Gte,
                Scalar::Timestamp(t),
            ));
        }
        if let Some(Moment(t)) = self.created_before {
            all.push(cond(
                "created_at",
                FieldType::Timestamp,
                Op::Lt,
                Scalar::Timestamp(t),
            ));
        }
        (!all.is_empty()).then_some(Filter::All(all))
    }
}

/// List users
///
/// Staff users of the caller's organisation, newest last unless `sort` says otherwise.
/// Sortable: `created_at`, `email`, `name` (and `id`).
#[utoipa::path(
    operation_id = "users_list",
    tag = "users",
    params(UserListParams),
    responses((status = 200, description = "A page of users", body = UserPage)),
    security(("bearer" = []))
)]
#[get("/users")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<UserListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Users, Action::Read)?;
    let page = params
        .0
        .page()
        .to_request(USER_SORT, None, &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    let filter = params.0.filter();
    let users = state
        .accounts
        .users(&auth.actor, filter.as_ref(), &page)
        .await?;
    Ok(HttpResponse::Ok().json(UserPage::from_page(users, &auth.cursors, UserDto::from)))
}
