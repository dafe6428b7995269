//! Message templates: an email's subject, text and HTML or an SMS body, with
//! placeholders checked when saved, and a preview for a person. Marketing writes them;
//! every role that reads campaigns reads them.

pub mod dto;
pub mod preview;

use dto::{CreateTemplateRequest, TemplateDto, TemplatePage, UpdateTemplateRequest};

crate::settings_routes! {
    service: delivery,
    calls: [templates, template, create_template, update_template, delete_template, restore_template],
    read_area: Campaigns, write_area: Campaigns,
    tag: "templates", ops: "templates",
    noun: "template", a: "a template", plural: "templates", most: "500",
    dto: TemplateDto, page: TemplatePage,
    collection: "/templates", item: "/templates/{id:[0-9a-fA-F-]+}",
    restore: "/templates/{id:[0-9a-fA-F-]+}/restore",
    create: CreateTemplateRequest, update: UpdateTemplateRequest,
    notes: {
        list: "Email and SMS templates together; each says its `channel`.",
        create: "Placeholders are `{{person.<field>}}` (`id`, `first_name`, `last_name`, `full_name`, `email`, `phone`, `lifecycle_stage`, `language`, `time_zone`, `birthday`, `external_id`), `{{person.custom_fields.<key>}}` for a custom field of people, and `{{organisation.name}}`; any other, or a `{{` never closed, is a 422 naming the field. An email needs a `subject` and a `text`, and may have `html`; an SMS has only a `text`, of at most 1600 characters.",
        read: "One template and its `ETag`.",
        update: "Placeholders are checked again, against the custom fields of now.",
        delete: "`POST /v1/templates/{id}/restore` brings it back.",
        restore: "Undoes a delete.",
    },
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "templates",
    about: "Message templates: email and SMS bodies with placeholders for a person's fields, and previews",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore)
        .service(preview::preview);
}
