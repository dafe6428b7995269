//! Repository adapters: one per port, each scoping every query by the actor's
//! organisation and journaling every change in its own transaction.

mod api_keys;
mod audit;
mod batch;
mod cases;
pub(crate) mod common;
mod companies;
mod custom_fields;
mod employments;
mod forecasts;
mod imports;
mod inbound;
mod interactions;
pub(crate) mod jobs;
pub(crate) mod links;
mod listing;
mod opportunities;
mod orders;
mod organisations;
mod people;
mod pipelines;
mod price_lists;
mod products;
mod purchases;
pub(crate) mod scores;
mod service_levels;
mod sessions;
mod settings;
mod tags;
mod tasks;
mod tax_rates;
mod templates;
pub(crate) use tasks::within_reach as tasks_within_reach;
mod account_links;
mod timeline;
mod users;
mod webhooks;

pub(crate) use people::{
    Card as PersonCard, fill_missing_cards as fill_missing_person_cards,
    refresh_cards as refresh_person_cards,
};

use crate::db::Db;
use crate::error::Result;
use crm_accounts::AccountsService;
use std::sync::Arc;

/// The accounts service wired to this database.
pub fn accounts_service(db: &Db) -> AccountsService {
    AccountsService::new(
        Arc::new(organisations::Organisations(db.clone())),
        Arc::new(users::Users(db.clone())),
        Arc::new(api_keys::ApiKeys(db.clone())),
        Arc::new(sessions::Sessions(db.clone())),
        Arc::new(audit::Audit(db.clone())),
        Arc::new(settings::Settings(db.clone())),
        Arc::new(account_links::AccountLinks(db.clone())),
    )
}

/// The staff user adapter alone, for tests that seed users below the use cases (with a
/// given password hash or sign-in time) to check the SQL the adapter writes.
pub fn user_repository(db: &Db) -> Arc<dyn crm_accounts::ports::UserRepository> {
    Arc::new(users::Users(db.clone()))
}

/// The customers service wired to this database.
pub fn customers_service(db: &Db) -> crm_customers::CustomersService {
    crm_customers::CustomersService::new(crm_customers::service::CustomersPorts {
        people: Arc::new(people::People(db.clone())),
        tags: Arc::new(tags::Tags(db.clone())),
        consents: Arc::new(people::Consents(db.clone())),
        companies: Arc::new(companies::Companies(db.clone())),
        employments: Arc::new(employments::Employments(db.clone())),
        custom_fields: Arc::new(custom_fields::CustomFields(db.clone())),
        imports: Arc::new(imports::Imports(db.clone())),
        import_writer: Arc::new(imports::Imports(db.clone())),
    })
}

/// Every resource's imports: watched, listed and cancelled.
pub fn imports_service(db: &Db) -> crm_records::import::service::Imports {
    crm_records::import::service::Imports(Arc::new(imports::Imports(db.clone())))
}

/// The interactions service wired to this database.
pub fn interactions_service(db: &Db) -> crm_interactions::InteractionsService {
    crm_interactions::InteractionsService::new(crm_interactions::service::InteractionsPorts {
        interactions: Arc::new(interactions::Interactions(db.clone())),
        tasks: Arc::new(tasks::Tasks(db.clone())),
        cases: Arc::new(cases::Cases(db.clone())),
        levels: Arc::new(service_levels::ServiceLevels(db.clone())),
        inbound: Arc::new(inbound::Inbound(db.clone())),
        custom_fields: Arc::new(custom_fields::CustomFields(db.clone())),
        imports: Arc::new(imports::Imports(db.clone())),
        import_writer: Arc::new(interactions::Interactions(db.clone())),
        references: Arc::new(imports::Imports(db.clone())),
    })
}

/// The opportunities service wired to this database.
pub fn opportunities_service(db: &Db) -> crm_opportunities::OpportunitiesService {
    crm_opportunities::OpportunitiesService::new(crm_opportunities::ports::OpportunitiesPorts {
        pipelines: Arc::new(pipelines::Pipelines(db.clone())),
        opportunities: Arc::new(opportunities::Opportunities(db.clone())),
        products: Arc::new(products::Products(db.clone())),
        orders: Arc::new(orders::Orders(db.clone())),
        price_lists: Arc::new(price_lists::PriceLists(db.clone())),
        tax_rates: Arc::new(tax_rates::TaxRateTable(db.clone())),
        forecasts: Arc::new(forecasts::Forecasts(db.clone())),
        custom_fields: Arc::new(custom_fields::CustomFields(db.clone())),
        imports: Arc::new(imports::Imports(db.clone())),
        order_import: Arc::new(orders::Orders(db.clone())),
        opportunity_import: Arc::new(opportunities::Opportunities(db.clone())),
        references: Arc::new(imports::Imports(db.clone())),
        scoring: Arc::new(scores::Scores(db.clone())),
    })
}

/// The timelines of this database.
pub fn timeline(db: &Db) -> crm_records::timeline::Timeline {
    crm_records::timeline::Timeline::new(Arc::new(timeline::Timelines(db.clone())))
}

/// After a merge, every table of links (an interaction's, a task's) and every record
/// naming one (an opportunity's person or company) points what pointed
/// at `source` (a person or company, `kind` its resource name) at `survivor`.
pub(crate) async fn follow_links<C: sea_orm::ConnectionTrait>(
    c: &C,
    actor: &crm_core::Actor,
    kind: &str,
    source: uuid::Uuid,
    survivor: uuid::Uuid,
) -> Result<()> {
    use crate::entities::{case_link, interaction_link, task_link};
    links::follow::<interaction_link::Entity, _>(c, actor, kind, source, survivor).await?;
    links::follow::<case_link::Entity, _>(c, actor, kind, source, survivor).await?;
    links::follow::<task_link::Entity, _>(c, actor, kind, source, survivor).await?;
    opportunities::follow(c, actor, kind, source, survivor).await?;
    scores::follow(c, actor, kind, source, survivor).await?;
    orders::follow(c, actor, kind, source, survivor).await
}

/// The webhooks of this database: the endpoints' store, the outbox relay and the queue
/// of deliveries due.
pub fn webhooks(
    db: &Db,
) -> (
    Arc<dyn crm_delivery::ports::EndpointRepository>,
    Arc<dyn crm_delivery::ports::Relay>,
    Arc<dyn crm_delivery::ports::DeliveryQueue>,
) {
    let w = Arc::new(webhooks::Webhooks(db.clone()));
    (w.clone(), w.clone(), w)
}

/// The message templates of this database.
pub fn templates(db: &Db) -> Arc<dyn crm_delivery::ports::TemplateRepository> {
    Arc::new(templates::Templates(db.clone()))
}

/// The queue of email this database's server sends.
pub fn email_queue(db: &Db) -> Arc<dyn crm_delivery::email::EmailQueue> {
    Arc::new(webhooks::Webhooks(db.clone()))
}

/// The job queue of this database.
pub fn job_queue(db: &Db) -> Arc<dyn crm_core::jobs::JobQueue> {
    Arc::new(jobs::Jobs(db.clone()))
}

/// Parses a stored role, which the schema guarantees is valid.
pub(crate) fn role(s: &str) -> Result<crm_accounts::Role, crm_core::DomainError> {
    crm_accounts::Role::parse(s)
        .ok_or_else(|| crm_core::DomainError::internal(format!("stored role '{s}' is unknown")))
}

/// A list kept as JSON text in its record's row (addresses, social profiles); empty is NULL.
pub(crate) fn list_text<T: serde::Serialize>(items: &[T]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        serde_json::to_string(items).ok()
    }
}

/// Reads a list kept by [`list_text`].
pub(crate) fn text_list<T: serde::de::DeserializeOwned>(
    text: Option<&str>,
    what: &str,
) -> Result<Vec<T>> {
    match text {
        None => Ok(Vec::new()),
        Some(t) => {
            serde_json::from_str(t).map_err(|e| crate::error::fault(format!("stored {what}"), e))
        }
    }
}

/// The JSON of a domain value for the journal.
pub(crate) fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or(serde_json::Value::Null)
}
