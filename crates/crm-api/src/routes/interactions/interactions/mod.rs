//! Interactions: log, read, correct, delete and restore every touch with a customer;
//! list and search them.

pub mod batch;
pub mod dto;
pub mod input;

use crm_interactions::catalogue::{INTERACTION_SORT, interaction_filters};
use crm_interactions::interaction::{InteractionInput, InteractionPatchInput};
use dto::{InteractionDto, InteractionPage};
use input::{
    CreateInteractionRequest, InteractionListParams, InteractionSearchRequest,
    UpdateInteractionRequest,
};

crate::record_routes! {
    records: interactions.interactions,
    area: Interactions,
    tag: "interactions",
    noun: "interaction", a: "an interaction",
    dto: InteractionDto, page: InteractionPage,
    collection: "/interactions", item: "/interactions/{id:[0-9a-fA-F-]+}",
    restore: "/interactions/{id:[0-9a-fA-F-]+}/restore", search: "/interactions/search",
    create: CreateInteractionRequest => InteractionInput,
    update: UpdateInteractionRequest => InteractionPatchInput,
    conflict: "Another interaction has this external_id",
    create_note: "It is with at least one live person or company of the organisation; a link to anything else is a 422 naming the list and index (`person_ids[1]`).",
    find: InteractionSearchRequest, filters: interaction_filters(), sort: INTERACTION_SORT,
    list: InteractionListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `occurred_at`, `id` and `custom_fields.<key>`; a person's history newest first is `?person_id=…&sort=-occurred_at`.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "interactions",
    about: "Every touch with a customer on every channel: calls, emails, meetings, letters, chats, social posts and notes",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(search::search)
        .service(batch::batch)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore);
}
