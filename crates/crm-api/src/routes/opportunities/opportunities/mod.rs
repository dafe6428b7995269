//! Opportunities: possible sales in a pipeline's stages, moved stage by stage to won or
//! lost, each move recorded with the time spent in the stage left.

pub mod batch;
pub mod convert;
pub mod dto;
pub mod input;
pub mod lines;
pub mod stage_moves;

use crm_opportunities::catalogue::{OPPORTUNITY_SORT, opportunity_filters};
use crm_opportunities::opportunity::{OpportunityInput, OpportunityPatchInput};
use dto::{OpportunityDto, OpportunityPage};
use input::{
    CreateOpportunityRequest, OpportunityListParams, OpportunitySearchRequest,
    UpdateOpportunityRequest,
};

crate::record_routes! {
    records: opportunities.opportunities,
    area: Opportunities,
    tag: "opportunities",
    noun: "opportunity", a: "an opportunity",
    dto: OpportunityDto, page: OpportunityPage,
    collection: "/opportunities", item: "/opportunities/{id:[0-9a-fA-F-]+}",
    restore: "/opportunities/{id:[0-9a-fA-F-]+}/restore", search: "/opportunities/search",
    create: CreateOpportunityRequest => OpportunityInput,
    update: UpdateOpportunityRequest => OpportunityPatchInput,
    conflict: "An opportunity with this external_id exists",
    create_note: "It is placed in `stage_id`, or in the first live open stage of `pipeline_id` (the organisation's oldest pipeline when neither is given); a won or lost stage closes it at once. The stage it starts in is its first stage move.",
    update_note: "A new `stage_id` (or `status`) is a stage move, recorded with who, when and the seconds spent in the stage left (`GET /v1/opportunities/{id}/stage-moves`); a won or lost stage sets `closed_at`, an open one clears it and the close reason.",
    find: OpportunitySearchRequest, filters: opportunity_filters(), sort: OPPORTUNITY_SORT,
    list: OpportunityListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `stage_entered_at`, `expected_close_date` (opportunities without one last), `id` and `custom_fields.<key>`.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "opportunities",
    about: "Opportunities: possible sales to people and companies, moved through a pipeline's stages to won or lost",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(search::search)
        .service(batch::batch)
        .service(create::create)
        .service(stage_moves::stage_moves)
        .service(convert::convert)
        .service(lines::replace_lines)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore);
}
