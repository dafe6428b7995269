//! The sortable fields of people and companies: their columns, and their custom fields
//! when a list's `sort` names one (the definitions are read only then).

use crate::http::error::ApiResult;
use crate::state::AppState;
use crm_core::Actor;
use crm_core::sort::SortField;
use crm_customers::catalogue::sort_with_custom_fields;
use crm_customers::custom_field::FieldResource;

/// `base`, plus `custom_fields.<key>` for each custom field of `resource` if `sort`
/// may name one.
pub async fn sortable(
    state: &AppState,
    actor: &Actor,
    resource: FieldResource,
    base: &[SortField],
    sort: Option<&str>,
) -> ApiResult<Vec<SortField>> {
    if !sort.is_some_and(|s| s.contains("custom_fields.")) {
        return Ok(base.to_vec());
    }
    let defs = state.customers.custom_fields.list(actor, resource).await?;
    Ok(sort_with_custom_fields(base, &defs))
}
