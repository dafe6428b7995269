//! The opportunities area's resources that carry custom fields.

use crm_records::custom_field::FieldResource;

/// Custom fields of opportunities (`/v1/custom-fields?resource=opportunity`).
pub const OPPORTUNITY: FieldResource = FieldResource::new("opportunity");

/// Every resource of this area with custom fields.
pub const RESOURCES: &[FieldResource] = &[OPPORTUNITY];
