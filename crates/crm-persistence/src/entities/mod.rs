//! sea-orm entities, one per table. They never leave this crate. A table whose rows
//! belong to an organisation is declared in `tenant_tables!`, not with `pub mod`; a
//! resource's tag links (`person + tags`) live in its own module (`person::tags`).

pub mod import_chunk;
pub mod organisation;
pub mod setting;

crate::record::tables::tenant_tables!(
    api_key,
    audit_event,
    business_hours,
    case + tags,
    case_attachment,
    case_comment,
    case_history,
    case_link,
    case_number,
    company + tags,
    consent,
    custom_field,
    custom_field_value,
    employment,
    idempotency_key,
    import,
    inbound_email,
    import_row_error,
    interaction + tags,
    interaction_link,
    job,
    lifecycle_change,
    opportunity + tags,
    opportunity_stage_move,
    order + tags,
    order_line,
    order_refund,
    outbox_event,
    person + tags,
    person_email,
    person_phone,
    pipeline,
    pipeline_stage,
    price_list,
    price_list_item,
    product + tags,
    product_price,
    refresh_token,
    sla_policy,
    tag,
    tax_rates,
    task + tags,
    task_link,
    user,
);
