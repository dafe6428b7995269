//! Service cases: a customer's problem or complaint, numbered per organisation, worked
//! through its workflow with comments and a history of every change.

pub mod attachment;
pub mod attachments;
pub mod comment;
pub mod comments;
pub mod dto;
pub mod follow_up;
pub mod history;
pub mod input;

use crm_interactions::case::{CaseInput, CasePatchInput};
use crm_interactions::catalogue::{CASE_SORT, case_filters};
use dto::{CaseDto, CasePage};
use input::{CaseListParams, CaseSearchRequest, CreateCaseRequest, UpdateCaseRequest};

crate::record_routes! {
    records: interactions.cases,
    area: Service,
    tag: "cases",
    noun: "case", a: "a case",
    dto: CaseDto, page: CasePage,
    collection: "/cases", item: "/cases/{id:[0-9a-fA-F-]+}",
    restore: "/cases/{id:[0-9a-fA-F-]+}/restore", search: "/cases/search",
    create: CreateCaseRequest => CaseInput,
    update: UpdateCaseRequest => CasePatchInput,
    conflict: "The status cannot move that way (a closed case is reopened, not opened), or the case changed meanwhile",
    create_note: "The case starts `new` and takes the organisation's next number (`CASE-000124`), gap-free even when cases are opened concurrently; its history starts with a `created` entry. The SLA policy matching its priority and category sets its deadlines in business hours, and a check at each deadline sends `case.sla_breached` if it is missed.",
    update_note: "A status move must follow the workflow (see `status`); resolving records `resolved_at` and adds the follow-up task (due the policy's `follow_up_days` later, 3 without a policy), closing records `closed_at`, reopening clears both and cancels an open follow-up task. A new priority or category picks the SLA policy again. Every status, assignee, team, priority and category change lands on the case's history.",
    find: CaseSearchRequest, filters: case_filters(), sort: CASE_SORT,
    list: CaseListParams,
    list_note: "Sortable: `created_at`, `updated_at`, `number`, `sla_due_at` (time to breach; cases with no running deadline last), `id` and `custom_fields.<key>`: a support queue is `?status=open&sort=sla_due_at`. Support staff work cases; sales and marketing read them.",
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "cases",
    about: "Service cases: problems and complaints from any channel, worked to a checked resolution",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(search::search)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore)
        .service(comment::comment)
        .service(comments::comments)
        .service(history::history)
        .service(follow_up::follow_up)
        .service(attachments::attachments)
        .service(attachment::attachment);
}
