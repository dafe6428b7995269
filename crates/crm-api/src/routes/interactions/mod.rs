//! The interactions area: every touch with a customer on every channel, the tasks that
//! follow, and the service cases worked to their service levels.

pub mod cases;
pub mod inbound;
#[allow(clippy::module_inception)]
pub mod interactions;
pub mod service_levels;
pub mod tasks;

/// The area's sections in the document's order; a new resource of the area adds one.
pub const SECTIONS: &[super::Section] = &[
    interactions::SECTION,
    tasks::SECTION,
    cases::SECTION,
    service_levels::SECTION,
    inbound::SECTION,
];

/// An `assignee` list parameter as a user id: `me` is the caller, who must be a staff
/// user; anything else must be a user's id.
pub(crate) fn assignee(
    given: Option<&crate::http::text::Bounded<36>>,
    actor: &crm_core::Actor,
) -> Result<Option<uuid::Uuid>, crate::http::error::ApiError> {
    use crm_core::{FieldError, Principal};
    let Some(a) = given else { return Ok(None) };
    let bad = |why: &str| {
        crate::http::error::ApiError::invalid_parameters(vec![FieldError::new(
            "assignee",
            "invalid_value",
            why,
        )])
    };
    match (a.as_str(), actor.principal) {
        ("me", Principal::User(u)) => Ok(Some(u.0)),
        ("me", _) => Err(bad("`me` is a staff user; an API key names the user's id")),
        (id, _) => uuid::Uuid::parse_str(id)
            .map(Some)
            .map_err(|_| bad("must be `me` or a user's id")),
    }
}
