//! `POST /v1/auth/password-reset`: email a password-reset link to an address.

use crate::http::error::ApiResult;
use crate::http::extract::JsonBody;
use crate::middleware::email_budget::EmailBudget;
use crate::state::AppState;
use actix_web::{HttpResponse, post, web};
use serde::Deserialize;
use utoipa::ToSchema;

/// The address that forgot its password.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    #[schema(example = "ada@example.com", format = "email", max_length = 254)]
    pub email: String,
    /// Only the account in this organisation; without it, every account of the
    /// address (at most five) gets its own link.
    #[serde(default)]
    pub organisation_id: Option<uuid::Uuid>,
}

/// Ask for a password reset
///
/// Emails each active account of the address a single-use link, valid for 60 minutes,
/// to `POST /v1/auth/password-reset/confirm`. The answer is the same 202 whether or not
/// the address has an account, and whether or not a limit held the email back: at most
/// 3 account emails an hour reach an address, and 100 leave an organisation.
#[utoipa::path(
    operation_id = "auth_password_reset",
    tag = "auth",
    request_body = PasswordResetRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way"),
    )
)]
#[post("/auth/password-reset")]
pub async fn password_reset(
    state: web::Data<AppState>,
    body: JsonBody<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    let budget = EmailBudget(&state.limiter);
    state
        .accounts
        .request_password_reset(
            &body.0.email,
            body.0.organisation_id.map(crm_core::ids::OrgId),
            &budget,
        )
        .await?;
    Ok(HttpResponse::Accepted().finish())
}
