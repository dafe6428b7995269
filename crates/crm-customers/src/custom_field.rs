//! Custom fields of the customers area: the shared machinery, and the resources of this
//! area an organisation may extend.

pub use crm_records::custom_field::*;

/// People's custom fields.
pub const PERSON: FieldResource = FieldResource::new("person");
/// Companies' custom fields.
pub const COMPANY: FieldResource = FieldResource::new("company");
/// Every resource of the area that carries custom fields.
pub const RESOURCES: &[FieldResource] = &[PERSON, COMPANY];
