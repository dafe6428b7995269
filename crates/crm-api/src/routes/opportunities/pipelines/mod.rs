//! Sales pipelines: their ordered stages, with win probabilities, reordered and
//! retired without losing history. Owners and admins shape them; sales reads them.

pub mod dto;

use dto::{CreatePipelineRequest, PipelineDto, PipelinePage, UpdatePipelineRequest};

crate::settings_routes! {
    service: opportunities,
    calls: [pipelines, pipeline, create_pipeline, update_pipeline, delete_pipeline, restore_pipeline],
    read_area: Opportunities, write_area: Settings,
    tag: "pipelines", ops: "pipelines",
    noun: "pipeline", a: "a pipeline", plural: "pipelines", most: "100",
    dto: PipelineDto, page: PipelinePage,
    collection: "/pipelines", item: "/pipelines/{id:[0-9a-fA-F-]+}",
    restore: "/pipelines/{id:[0-9a-fA-F-]+}/restore",
    create: CreatePipelineRequest, update: UpdatePipelineRequest,
    notes: {
        list: "Each with its stages in order, retired ones included.",
        create: "Owners and admins add a pipeline with its stages in order, or with the six default stages when `stages` is left out. A pipeline needs a live open, won and lost stage; a won stage's probability is 100 and a lost one's 0.",
        read: "One pipeline, its stages in order (retired ones included), and its `ETag`.",
        update: "`stages`, when sent, is the whole list in its new order: every stored stage by its id (set `retired` rather than leave one out, so opportunities keep their history) and new ones without an id. A stage holding opportunities cannot change kind, nor be retired while open ones are in it (422 naming the stage). A pipeline as read is accepted back whole.",
        delete: "The pipeline and its stages leave the lists; `POST /v1/pipelines/{id}/restore` brings them back as they were. Refused (409) while open opportunities are in it: move or close them first.",
        restore: "Undoes a delete: the pipeline and its stages are listed again.",
    },
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "pipelines",
    about: "Sales pipelines and their ordered stages, each with a win probability and a kind (open, won, lost)",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore);
}
