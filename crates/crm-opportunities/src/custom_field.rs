//! The opportunities area's resources that carry custom fields.

use crm_records::custom_field::FieldResource;

/// Custom fields of opportunities (`/v1/custom-fields?resource=opportunity`).
pub const OPPORTUNITY: FieldResource = FieldResource::new("opportunity");

/// Custom fields of products (`/v1/custom-fields?resource=product`).
pub const PRODUCT: FieldResource = FieldResource::new("product");

/// Custom fields of orders (`/v1/custom-fields?resource=order`).
pub const ORDER: FieldResource = FieldResource::new("order");

/// Every resource of this area with custom fields.
pub const RESOURCES: &[FieldResource] = &[OPPORTUNITY, PRODUCT, ORDER];
