//! Tax rates: the percentage each tax category of the catalogue is taxed at, one table
//! per organisation, replaced whole by owners and admins.

pub mod dto;
pub mod read;
pub mod replace;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "tax_rates",
    about: "Tax rates: the percentage each tax category is taxed at, which orders copy onto their lines",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(read::read).service(replace::replace);
}
