//! Sign-up, sign-in, token refresh, sign-out, the caller's own identity, accepting an
//! invitation and resetting a password.

pub mod accept_invitation;
pub mod client_token;
pub mod login;
pub mod logout;
pub mod me;
pub mod password_reset;
pub mod password_reset_confirm;
pub mod refresh;
pub mod signup;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "auth",
    about: "Sign-up, sign-in, tokens and the caller's identity",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(signup::signup)
        .service(login::login)
        .service(refresh::refresh)
        .service(logout::logout)
        .service(me::me)
        .service(accept_invitation::accept_invitation)
        .service(password_reset::password_reset)
        .service(password_reset_confirm::password_reset_confirm);
}

use crate::http::error::ApiError;
use crate::routes::users::dto::UserDto;
use crate::state::AppState;
use chrono::{DateTime, Utc};
use crm_accounts::Organisation;
use crm_accounts::service::Session;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An organisation.
#[derive(Debug, Serialize, ToSchema)]
pub struct OrganisationDto {
    pub id: Uuid,
    #[schema(example = "Acme Ltd")]
    pub name: String,
    /// ISO 3166 region for phone numbers given without a country code.
    #[schema(value_type = Option<crate::routes::organisation::RegionCode>)]
    pub default_region: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Organisation> for OrganisationDto {
    fn from(o: Organisation) -> Self {
        Self {
            id: o.id.0,
            name: o.name,
            default_region: o.default_region,
            created_at: o.created_at,
            updated_at: o.updated_at,
            version: o.version,
        }
    }
}

/// Tokens for a signed-in user.
#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer …`.
    pub access_token: String,
    /// Always `Bearer`.
    #[schema(example = "Bearer")]
    pub token_type: String,
    /// Seconds until the access token expires.
    #[schema(example = 900)]
    pub expires_in: i64,
    /// Exchange at `POST /v1/auth/refresh` for new tokens; single use.
    pub refresh_token: String,
    /// When the refresh token stops working.
    pub refresh_expires_at: DateTime<Utc>,
    /// The organisation signed in to: an email may have an account in several.
    pub organisation_id: uuid::Uuid,
    pub user: UserDto,
    /// Sign-in only: keep it and send it back as `client_token` when signing in again
    /// from this client; the account's lockout after failed attempts from elsewhere
    /// does not hold it back.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(
        pattern = "^[A-Za-z0-9_-]{44}$",
        example = "Yq3LZ0v9yWJm7sH2kP8dXeAk5cR1uN6tG4bV0zQxY2wL"
    )]
    pub client_token: Option<String>,
}

/// A refresh token, for refresh and sign-out.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from sign-in or the last refresh.
    #[schema(min_length = 1, max_length = 200)]
    pub refresh_token: String,
}

impl RefreshRequest {
    /// The token, if it has the documented length.
    pub fn token(&self) -> Result<&str, ApiError> {
        let t = self.refresh_token.as_str();
        if t.is_empty() || t.len() > 200 {
            return Err(ApiError::validation(vec![crm_core::FieldError::new(
                "refresh_token",
                "invalid_length",
                "must be 1 to 200 characters",
            )]));
        }
        Ok(t)
    }
}

/// The tokens of a session.
pub fn tokens(state: &AppState, session: Session) -> Result<TokenResponse, ApiError> {
    let access_token = state
        .jwt
        .issue(session.user.org_id, session.user.id.0)
        .map_err(|e| ApiError::internal(format!("jwt: {e}")))?;
    Ok(TokenResponse {
        access_token,
        token_type: "Bearer".into(),
        expires_in: state.jwt.ttl_seconds,
        refresh_token: session.refresh_token,
        refresh_expires_at: session.refresh_expires_at,
        organisation_id: session.user.org_id.0,
        user: session.user.into(),
        client_token: None,
    })
}
