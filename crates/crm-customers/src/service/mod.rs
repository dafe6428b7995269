//! The customers use cases, one handle per resource (`people`, `companies`, `tags`,
//! …). Handlers call these; the repositories stay behind them, out of the API's reach.

mod companies;
mod consents;
mod custom_fields;
mod employments;
mod imports;
mod people;
mod tags;

pub use companies::Companies;
pub use consents::Consents;
pub use custom_fields::CustomFields;
pub use employments::Employments;
pub use imports::Imports;
pub use people::People;
pub use tags::Tags;

use crate::batch::{CompanyKey, MatchKey};
use crate::company::{CompanyInput, CompanyPatchInput};
use crate::import::ports::PeopleImportWriter;
use crate::patch::PersonPatchInput;
use crate::person::PersonInput;
use crate::ports::{
    CompanyRepository, ConsentRepository, CustomFieldRepository, EmploymentRepository,
    PersonRepository, TagRepository,
};
use crm_records::import::ports::ImportQueue;
use std::sync::Arc;
use uuid::Uuid;

/// One adapter per customers port, as the composition root wires them.
pub struct CustomersPorts {
    pub people: Arc<dyn PersonRepository>,
    pub tags: Arc<dyn TagRepository>,
    pub consents: Arc<dyn ConsentRepository>,
    pub companies: Arc<dyn CompanyRepository>,
    pub employments: Arc<dyn EmploymentRepository>,
    pub custom_fields: Arc<dyn CustomFieldRepository>,
    /// Every resource's imports, shared.
    pub imports: Arc<dyn ImportQueue>,
    pub import_writer: Arc<dyn PeopleImportWriter>,
}

/// The customers use cases. Each handle shares the ports; none exposes them.
#[derive(Clone)]
pub struct CustomersService {
    pub people: People,
    pub companies: Companies,
    pub employments: Employments,
    pub consents: Consents,
    pub tags: Tags,
    pub custom_fields: CustomFields,
    pub imports: Imports,
    pub(crate) ports: Arc<CustomersPorts>,
}

impl CustomersService {
    pub fn new(ports: CustomersPorts) -> Self {
        let ports = Arc::new(ports);
        Self {
            people: People::new(ports.clone()),
            companies: Companies::new(ports.clone()),
            employments: Employments(ports.clone()),
            consents: Consents(ports.clone()),
            tags: Tags(ports.clone()),
            custom_fields: CustomFields(ports.clone()),
            imports: Imports(ports.clone()),
            ports,
        }
    }
}

/// One batch item as given, before validation (a person's by default).
#[derive(Debug, Clone)]
pub enum BatchInput<I = PersonInput, P = PersonPatchInput, K = MatchKey> {
    Create(I),
    Update {
        id: Uuid,
        patch: P,
    },
    Upsert {
        key: K,
        create: Box<I>,
        patch: Box<P>,
    },
}

/// One company batch item as given.
pub type CompanyBatchInput = BatchInput<CompanyInput, CompanyPatchInput, CompanyKey>;
