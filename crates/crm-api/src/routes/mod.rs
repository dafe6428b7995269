//! Every route of the API, one file per endpoint action, registered by its section
//! (`routes/<section>/mod.rs`, one tag of the document) and grouped by area
//! (`routes/<area>/mod.rs` lists its sections); this module only lists the areas.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod batch;
pub mod custom_fields;
pub mod customers;
pub mod delivery;
pub mod exports;
pub mod fallback;
pub mod health;
pub mod imports;
pub mod interactions;
pub mod jobs;
pub mod opportunities;
pub mod organisation;
pub mod problems;
pub mod record;
pub mod settings;
pub mod tags;
pub mod timeline;
pub mod users;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// One section of the API: its tag in the document and the routes it registers. Each
/// section declares its own in `routes/<section>/mod.rs` (`SECTION`).
pub struct Section {
    pub tag: &'static str,
    pub about: &'static str,
    pub configure: fn(&mut ServiceConfig),
}

/// Every area under `/v1` with its sections, in the document's order. A new area adds
/// one line here; a new resource of an area adds its section to the area's `SECTIONS`.
pub const AREAS: &[&[Section]] = &[
    // Accounts and security (crm-accounts).
    &[
        auth::SECTION,
        organisation::SECTION,
        users::SECTION,
        api_keys::SECTION,
        audit::SECTION,
    ],
    customers::SECTIONS,
    interactions::SECTIONS,
    opportunities::SECTIONS,
    delivery::SECTIONS,
    // What every area's records share (crm-records) and the integration around them.
    &[
        custom_fields::SECTION,
        exports::SECTION,
        imports::SECTION,
        jobs::SECTION,
        tags::SECTION,
        timeline::SECTION,
    ],
];

/// The sections outside `/v1`: health and metrics for operators, the problem types.
pub const ROOT_SECTIONS: &[Section] = &[health::SECTION, problems::SECTION];

/// Every section under `/v1`, in the document's order.
pub fn sections() -> impl Iterator<Item = &'static Section> {
    AREAS.iter().flat_map(|area| area.iter())
}

/// Registers every documented route. The app, the tests and `crm openapi` all use this,
/// so what is served and what is documented cannot drift apart.
pub fn configure(cfg: &mut ServiceConfig) {
    for section in ROOT_SECTIONS {
        cfg.configure(section.configure);
    }
    cfg.service(sections().fold(scope::scope("/v1"), |v1, section| {
        v1.configure(section.configure)
    }));
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
