//! Service levels: the SLA policies cases are worked to and the business hours their
//! deadlines count in. Admins set them; everyone who reads cases reads them.

pub mod dto;
pub mod hours_read;
pub mod hours_replace;

use dto::{CreateSlaPolicyRequest, SlaPolicyDto, SlaPolicyPage, UpdateSlaPolicyRequest};

crate::settings_routes! {
    service: interactions,
    calls: [sla_policies, sla_policy, create_sla_policy, update_sla_policy, delete_sla_policy, restore_sla_policy],
    read_area: Service, write_area: Settings,
    tag: "service_levels", ops: "sla_policies",
    noun: "policy", a: "an SLA policy", plural: "SLA policies", most: "200",
    dto: SlaPolicyDto, page: SlaPolicyPage,
    collection: "/sla-policies", item: "/sla-policies/{id:[0-9a-fA-F-]+}",
    restore: "/sla-policies/{id:[0-9a-fA-F-]+}/restore",
    create: CreateSlaPolicyRequest, update: UpdateSlaPolicyRequest,
    notes: {
        list: "A case is worked to the most specific one that matches it.",
        create: "Owners and admins add targets for the cases of a priority and category. It applies to the cases opened, re-prioritised or re-categorised after it; running deadlines stay as they are.",
        read: "One policy and its `ETag`.",
        update: "The new targets apply to the cases opened, re-prioritised or re-categorised after the change.",
        delete: "New cases no longer match it; the cases worked to it keep their deadlines until they are re-prioritised or re-categorised. `POST /v1/sla-policies/{id}/restore` brings it back.",
        restore: "Undoes a delete: new cases match the policy again.",
    },
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "service_levels",
    about: "SLA policies (first-response and resolution targets per priority and category) and the business hours they count in",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore)
        .service(hours_read::read)
        .service(hours_replace::replace);
}
