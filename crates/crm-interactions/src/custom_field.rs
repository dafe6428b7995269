//! The interactions area's resources that carry custom fields.

use crm_records::custom_field::FieldResource;

/// Custom fields of interactions (`/v1/custom-fields?resource=interaction`).
pub const INTERACTION: FieldResource = FieldResource::new("interaction");

/// Custom fields of tasks (`/v1/custom-fields?resource=task`).
pub const TASK: FieldResource = FieldResource::new("task");

/// Custom fields of service cases (`/v1/custom-fields?resource=case`).
pub const CASE: FieldResource = FieldResource::new("case");

/// Every resource of this area with custom fields.
pub const RESOURCES: &[FieldResource] = &[INTERACTION, TASK, CASE];
