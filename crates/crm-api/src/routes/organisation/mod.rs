//! The caller's organisation: read and change its settings.

pub mod read;
pub mod update;

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "organisation",
    about: "The caller's organisation and its settings",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(read::read).service(update::update);
}

/// The schema of a phone region: an ISO 3166-1 alpha-2 code the phone-number library
/// knows, listed as an enum so a client refuses the codes the server would.
pub struct RegionCode;

impl RegionCode {
    /// Every code the server takes as a default region, in order.
    pub fn all() -> Vec<String> {
        let letters = b'A'..=b'Z';
        letters
            .clone()
            .flat_map(|a| {
                letters
                    .clone()
                    .map(move |b| String::from_utf8_lossy(&[a, b]).into_owned())
            })
            .filter(|c| crm_customers::contact::known_region(c))
            .collect()
    }
}

impl utoipa::PartialSchema for RegionCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::Type::String)
            .description(Some(
                "An ISO 3166-1 alpha-2 region whose phone numbering the server knows (`GB`, `US`…)",
            ))
            .enum_values(Some(RegionCode::all()))
            .examples([serde_json::json!("GB")])
            .into()
    }
}

impl utoipa::ToSchema for RegionCode {}

#[cfg(test)]
mod tests {
    use super::RegionCode;

    #[test]
    fn the_documented_regions_are_the_ones_the_server_takes() {
        let all = RegionCode::all();
        assert!(all.len() > 200, "{}", all.len());
        for c in ["GB", "US", "NL", "JP"] {
            assert!(all.iter().any(|r| r == c), "{c}");
        }
        assert!(!all.iter().any(|r| r == "ZZ" || r == "UK"));
    }
}
