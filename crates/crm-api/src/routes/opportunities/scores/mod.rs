//! Lead scores: a person's score by rule and over time, the thresholds whose crossing
//! is an event, and the page visits integrations report for scoring.

pub mod dto;
pub mod read;
pub mod thresholds_read;
pub mod thresholds_replace;
pub mod visit;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "scores",
    about: "Lead scores: each person's score by rule and over time, the thresholds that send person.score_changed, and page visits reported for scoring",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(read::read)
        .service(visit::record)
        .service(thresholds_read::read)
        .service(thresholds_replace::replace);
}
