//! Authentication (a bearer JWT or API key resolved to a caller, once per request) and
//! authorisation (the permission table, checked in one place).

use crate::http::context;
use crate::http::cursor::Seal;
use crate::http::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use crm_accounts::model::Caller;
use crm_accounts::permission::{self, Action, Area};
use crm_accounts::token::API_KEY_PREFIX;
use crm_core::Actor;
use futures_util::future::LocalBoxFuture;

/// The bearer credential of a request, if any: `Bearer <token>`, the scheme in any case.
/// Read as bytes and checked as UTF-8 at once (a header value's character check went
/// byte by byte: 4,600 instructions for a 300-byte token, stop 30); a token with other
/// characters still fails as an unknown token.
pub fn bearer(req: &HttpRequest) -> Option<&str> {
    let raw = req.headers().get(AUTHORIZATION)?.as_bytes().trim_ascii();
    let (scheme, rest) = raw.split_at_checked(6)?;
    if !scheme.eq_ignore_ascii_case(b"bearer") || rest.first() != Some(&b' ') {
        return None;
    }
    std::str::from_utf8(rest.trim_ascii()).ok()
}

/// Resolves the caller of `req`, caching the answer in the request so that middleware
/// and handlers authenticate it once.
pub async fn resolve(req: &HttpRequest, state: &AppState) -> Result<Caller, ApiError> {
    if let Some(found) = req.extensions().get::<Result<Caller, CachedAuthError>>() {
        return found.clone().map_err(|e| e.into());
    }
    let result = resolve_uncached(req, state).await;
    let cached = match &result {
        Ok(c) => Ok(c.clone()),
        Err(e) => Err(CachedAuthError::from(e)),
    };
    // Failures of the database are not cached: the handler may try again.
    if !matches!(&result, Err(e) if e.status.is_server_error()) {
        req.extensions_mut().insert(cached);
    }
    result
}

async fn resolve_uncached(req: &HttpRequest, state: &AppState) -> Result<Caller, ApiError> {
    let Some(token) = bearer(req) else {
        return Err(ApiError::unauthorized(
            "send a token or API key as 'Authorization: Bearer …'",
            false,
        ));
    };
    let invalid =
        || ApiError::unauthorized("the token or API key is invalid, expired or revoked", true);
    let caller = if token.starts_with(API_KEY_PREFIX) {
        state.accounts.authenticate_api_key(token).await?
    } else {
        match state.jwt.verify(token) {
            Some((org, user)) => state.accounts.authenticate_user(org, user.into()).await?,
            None => None,
        }
    };
    caller.ok_or_else(invalid)
}

/// A cloneable record of an authentication failure.
#[derive(Debug, Clone)]
pub struct CachedAuthError {
    detail: String,
    invalid_token: bool,
}

impl From<&ApiError> for CachedAuthError {
    fn from(e: &ApiError) -> Self {
        Self {
            detail: e.detail.clone(),
            invalid_token: e.headers.iter().any(|(_, v)| v.contains("invalid_token")),
        }
    }
}

impl From<CachedAuthError> for ApiError {
    fn from(e: CachedAuthError) -> Self {
        ApiError::unauthorized(e.detail, e.invalid_token)
    }
}

/// An authenticated caller. Every tenant query is made with `actor`.
#[derive(Debug, Clone)]
pub struct Auth {
    pub caller: Caller,
    pub actor: Actor,
    /// Seals the cursors this request hands out and opens those it was given.
    pub cursors: Seal,
}

impl Auth {
    /// Refuses with 403 unless the caller's role may do `action` in `area`.
    pub fn require(&self, area: Area, action: Action) -> Result<(), ApiError> {
        if permission::allows(self.caller.role, area, action) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "the role '{}' may not do this",
                self.caller.role.as_str()
            )))
        }
    }
}

impl FromRequest for Auth {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let state = req
                .app_data::<web::Data<AppState>>()
                .ok_or_else(|| ApiError::internal("application state is missing"))?
                .clone();
            let caller = resolve(&req, &state).await?;
            let is_key = matches!(caller.principal, crm_core::Principal::ApiKey(_));
            let actor = Actor::new(caller.org_id, caller.principal, context::request_id())
                .reaching(permission::reach(caller.role, is_key));
            let cursors = Seal::new(&state.cursor_key, req.path(), caller.org_id);
            Ok(Auth {
                caller,
                actor,
                cursors,
            })
        })
    }
}

#[cfg(test)]
mod tests {
    use super::bearer;
    use actix_web::test::TestRequest;

    fn read(value: &str) -> Option<String> {
        let req = TestRequest::default()
            .insert_header(("authorization", value))
            .to_http_request();
        bearer(&req).map(str::to_string)
    }

    #[test]
    fn the_bearer_token_is_read_after_its_scheme_in_any_case() {
        assert_eq!(read("Bearer abc.def"), Some("abc.def".into()));
        assert_eq!(read("bearer   abc "), Some("abc".into()));
        assert_eq!(read("  BEARER x"), Some("x".into()));
        assert_eq!(read("Basic dXNlcjpwdw=="), None);
        assert_eq!(read("Bearer"), None);
        assert_eq!(read("Bearer   "), None);
        assert_eq!(read("Bearerabc"), None);
        let none = TestRequest::default().to_http_request();
        assert_eq!(bearer(&none), None);
    }
}
