//! A list parameter naming a staff user (`assignee`, `owner`): `me` or a user's id.

use crate::http::error::ApiError;
use crate::http::text::Bounded;
use crm_core::{Actor, FieldError, Principal};
use uuid::Uuid;

/// The user list parameter `param` names: `me` is the caller, who must be a staff user;
/// anything else must be a user's id.
pub fn staff_user(
    given: Option<&Bounded<36>>,
    actor: &Actor,
    param: &str,
) -> Result<Option<Uuid>, ApiError> {
    let Some(a) = given else { return Ok(None) };
    let bad = |why: &str| {
        ApiError::invalid_parameters(vec![FieldError::new(param, "invalid_value", why)])
    };
    match (a.as_str(), actor.principal) {
        ("me", Principal::User(u)) => Ok(Some(u.0)),
        ("me", _) => Err(bad("`me` is a staff user; an API key names the user's id")),
        (id, _) => Uuid::parse_str(id)
            .map(Some)
            .map_err(|_| bad("must be `me` or a user's id")),
    }
}
