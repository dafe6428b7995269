//! The problem types every error's `type` names: one page per code, and the list.

pub mod list;
pub mod read;

use crate::http::problems::ProblemType;
use serde::Serialize;
use utoipa::ToSchema;

/// The section's routes (at the root, outside `/v1`) and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "problems",
    about: "What each problem type of an error answer means, at the URI its `type` names",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list).service(read::read);
}

/// One problem type: what an error answer with this `code` means and what to do.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemTypeDto {
    /// The URI a problem's `type` holds.
    #[schema(example = "/problems/precondition_failed")]
    #[serde(rename = "type")]
    pub type_: String,
    /// The problem's `code`.
    #[schema(example = "precondition_failed")]
    pub code: String,
    /// The HTTP status it comes with.
    #[schema(example = 412)]
    pub status: u16,
    #[schema(example = "Precondition failed")]
    pub title: String,
    /// What happened and what to do about it.
    #[schema(
        example = "If-Match names a version that is no longer current. Read the record again, reapply the change and retry."
    )]
    pub description: String,
}

impl From<&ProblemType> for ProblemTypeDto {
    fn from(p: &ProblemType) -> Self {
        Self {
            type_: crate::http::problems::type_uri(p.code),
            code: p.code.to_string(),
            status: p.status,
            title: p.title.to_string(),
            description: p.about.to_string(),
        }
    }
}

/// Every problem type.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemTypeList {
    pub data: Vec<ProblemTypeDto>,
}
