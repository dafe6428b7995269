//! The tag catalogue: list, create, read, rename, delete.

pub mod create;
pub mod delete;
pub mod list;
pub mod read;
pub mod update;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
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
use utoipa::openapi::{ObjectBuilder, RefOr, Schema, Type};
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

/// What a tag name may be, as `crm_records::tag::tag_name` checks it: 1 to 50
/// characters after trimming, no control characters.
pub const TAG_NAME_PATTERN: &str = "^[^\\u0000-\\u001F\\u007F-\\u009F]*[^\\s\\u0000-\\u001F\\u007F-\\u009F][^\\u0000-\\u001F\\u007F-\\u009F]*$";

/// The schema of a tag name wherever one is written (the catalogue, a record's tags).
pub struct TagName;

impl utoipa::PartialSchema for TagName {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "A tag: stored trimmed and lower-cased; 1 to 50 characters, no control characters",
            ))
            .min_length(Some(1))
            .max_length(Some(50))
            .pattern(Some(TAG_NAME_PATTERN))
            .examples([serde_json::json!("vip")])
            .into()
    }
}

impl ToSchema for TagName {}

#[cfg(test)]
mod tests {
    use super::TAG_NAME_PATTERN;
    use crm_customers::tag::tag_name;

    #[test]
    fn the_documented_tag_pattern_refuses_what_the_server_refuses() {
        let re = regex::Regex::new(TAG_NAME_PATTERN).unwrap();
        for name in ["vip", "Key Account", " padded ", "ünïcode", "a-b_c.d"] {
            assert!(re.is_match(name), "{name:?}");
            assert!(tag_name(name, "t").is_ok(), "{name:?}");
        }
        for name in [
            "",
            "   ",
            "tab\there",
            "nul\u{0}",
            "bell\u{7}",
            "c1\u{85}inside",
        ] {
            assert!(!re.is_match(name), "{name:?}");
            assert!(tag_name(name, "t").is_err(), "{name:?}");
        }
    }
}
