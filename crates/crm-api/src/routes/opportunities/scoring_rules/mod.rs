//! Lead scoring rules: points for a condition on a person or for each event of a kind,
//! kept on every person's score by jobs. Owners and admins shape them; sales reads them.

pub mod dto;

use dto::{CreateScoringRuleRequest, ScoringRuleDto, ScoringRulePage, UpdateScoringRuleRequest};

crate::settings_routes! {
    service: opportunities,
    calls: [scoring_rules, scoring_rule, create_scoring_rule, update_scoring_rule, delete_scoring_rule, restore_scoring_rule],
    read_area: Opportunities, write_area: Settings,
    tag: "scoring_rules", ops: "scoring_rules",
    noun: "scoring rule", a: "a scoring rule", plural: "scoring rules", most: "100",
    dto: ScoringRuleDto, page: ScoringRulePage,
    collection: "/scoring-rules", item: "/scoring-rules/{id:[0-9a-fA-F-]+}",
    restore: "/scoring-rules/{id:[0-9a-fA-F-]+}/restore",
    create: CreateScoringRuleRequest, update: UpdateScoringRuleRequest,
    notes: {
        list: "Inactive ones included.",
        create: "A rule gives `points` (-1000 to 1000, not 0) to every person its `condition` matches (a filter tree over people, as `POST /v1/people/search` takes: fields, custom fields, spend, lifecycle; a field it does not know is a 422 naming it), or for each `event` of a kind: an interaction (of one `channel`), a purchase (an order paid or fulfilled), a page visit (whose URL contains `url_contains`), the event's points halving every `half_life_days` when set. Everyone's score follows within moments, by a job; the people whose facts change are rescored every minute.",
        read: "One rule and its `ETag`.",
        update: "Changing a rule rescores everyone by a job. A rule as read is accepted back whole.",
        delete: "The rule's points leave every score by a job; `POST /v1/scoring-rules/{id}/restore` brings it back.",
        restore: "Undoes a delete: the rule's points come back by a job.",
    },
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "scoring_rules",
    about: "Lead scoring rules: points for a condition on a person or for each event of a kind, with an optional half-life",
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
