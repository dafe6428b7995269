//! Every route of the API, one file per endpoint action, registered by its area
//! (`routes/<area>/mod.rs`); this module only lists the areas.

pub mod addresses;
pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod companies;
pub mod custom_fields;
pub mod exports;
pub mod fallback;
pub mod health;
pub mod imports;
pub mod jobs;
pub mod organisation;
pub mod people;
pub mod problems;
pub mod record;
pub mod tags;
pub mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// One area of the API: its tag in the document and the routes it registers. Each area
/// declares its own in `routes/<area>/mod.rs`.
pub struct Area {
    pub tag: &'static str,
    pub about: &'static str,
    pub configure: fn(&mut ServiceConfig),
}

/// Every area under `/v1`, in the document's order; a new area adds one line here.
pub const AREAS: &[Area] = &[
    auth::AREA,
    organisation::AREA,
    users::AREA,
    api_keys::AREA,
    audit::AREA,
    people::AREA,
    companies::AREA,
    custom_fields::AREA,
    exports::AREA,
    imports::AREA,
    jobs::AREA,
    tags::AREA,
];

/// The areas outside `/v1`: health and metrics for operators.
pub const ROOT_AREAS: &[Area] = &[health::AREA, problems::AREA];

/// Registers every documented route. The app, the tests and `crm openapi` all use this,
/// so what is served and what is documented cannot drift apart.
pub fn configure(cfg: &mut ServiceConfig) {
    for area in ROOT_AREAS {
        cfg.configure(area.configure);
    }
    cfg.service(
        AREAS
            .iter()
            .fold(scope::scope("/v1"), |v1, area| v1.configure(area.configure)),
    );
}

#[cfg(test)]
mod tests {
    /// The merge choices each resource documents are the fields its merge lets you choose.
    #[test]
    fn the_documented_choices_are_the_fields_a_merge_lets_you_choose() {
        let doc = serde_json::to_value(crate::openapi::document()).unwrap();
        for (schema, choosable) in [
            (
                "PersonMergeChoices",
                &crm_customers::merge::PERSON_CHOOSABLE[..],
            ),
            (
                "CompanyMergeChoices",
                &crm_customers::merge::COMPANY_CHOOSABLE[..],
            ),
        ] {
            let props = doc["components"]["schemas"][schema]["properties"]
                .as_object()
                .unwrap();
            let mut documented: Vec<&str> = props.keys().map(String::as_str).collect();
            let mut choosable = choosable.to_vec();
            documented.sort_unstable();
            choosable.sort_unstable();
            assert_eq!(documented, choosable, "{schema}");
        }
    }
}
