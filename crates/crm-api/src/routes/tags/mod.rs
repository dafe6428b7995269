//! The tag catalogue: list, create, read, rename, delete.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod update;

/// The area's routes under `/v1` and its tag in the document.
pub const AREA: super::Area = super::Area {
    tag: "tags",
    about: "The organisation's catalogue of tags",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete);
}

use chrono::{DateTime, Utc};
use crm_customers::tag::Tag;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A tag of the organisation's catalogue.
#[derive(Debug, Serialize, ToSchema)]
pub struct TagDto {
    pub id: Uuid,
    #[schema(example = "vip")]
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Tag> for TagDto {
    fn from(t: Tag) -> Self {
        Self {
            id: t.id,
            name: t.name,
            created_at: t.created_at,
            updated_at: t.updated_at,
            version: t.version,
        }
    }
}

crate::page_of!(TagPage, TagDto);
