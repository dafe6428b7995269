//! `GET /v1/people/{id}/data-export`: everything held on a person, as one JSON document.

use super::dto::{ConsentEntryDto, LifecycleChangeDto, PersonDto};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::PathId;
use crate::routes::audit::list::AuditEventDto;
use crate::routes::customers::companies::dto::EmploymentDto;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use chrono::{DateTime, Utc};
use crm_accounts::audit::AuditQuery;
use crm_accounts::{Action, Area};
use crm_core::DomainResult;
use crm_core::page::{Page, PageRequest};
use crm_core::sort::SortField;
use serde::Serialize;
use std::future::Future;
use utoipa::ToSchema;

/// Everything the organisation holds on one person.
#[derive(Debug, Serialize, ToSchema)]
pub struct DataExport {
    /// When the export was made.
    pub generated_at: DateTime<Utc>,
    pub person: PersonDto,
    /// Every lifecycle stage change, oldest first.
    pub lifecycle_history: Vec<LifecycleChangeDto>,
    /// The whole consent ledger, oldest first.
    pub consents: Vec<ConsentEntryDto>,
    /// Where the person works.
    pub companies: Vec<EmploymentDto>,
    /// Every recorded change of the person.
    pub audit_events: Vec<AuditEventDto>,
}

/// Every item of a paged list, 200 at a time.
async fn all<T, F, Fut>(sortable: &[SortField], mut fetch: F) -> Result<Vec<T>, ApiError>
where
    F: FnMut(PageRequest) -> Fut,
    Fut: Future<Output = DomainResult<Page<T>>>,
{
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = PageRequest::parse(Some(200), cursor.as_deref(), None, false, sortable)
            .map_err(ApiError::invalid_parameters)?;
        let got = fetch(page).await?;
        out.extend(got.items);
        match got.next_cursor {
            Some(c) => cursor = Some(c),
            None => return Ok(out),
        }
    }
}

/// Export a person's data
///
/// The person with every contact point, custom value and tag, the lifecycle history,
/// the consent ledger, the company links, and every audit entry about them: what a
/// data-subject access request asks for.
#[utoipa::path(
    operation_id = "people_data_export",
    tag = "people",
    params(("id" = uuid::Uuid, Path, description = "The person's id")),
    responses((status = 200, description = "The person's data", body = DataExport)),
    security(("bearer" = []))
)]
#[get("/people/{id:[0-9a-fA-F-]+}/data-export")]
pub async fn data_export(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let (actor, c) = (&auth.actor, &state.customers);
    let person = c.people.get(actor, id.0.into()).await?;
    let history = all(&[], |p| async move {
        c.people.lifecycle_history(actor, id.0.into(), &p).await
    })
    .await?;
    let consents = all(&[], |p| async move {
        c.consents.ledger(actor, id.0.into(), &p).await
    })
    .await?;
    let companies = c.employments.of_person(actor, id.0.into()).await?;
    let query = AuditQuery {
        resource_id: Some(id.0),
        ..Default::default()
    };
    let accounts = &state.accounts;
    let audit = all(&[], |p| {
        let q = query.clone();
        async move { accounts.audit_log(actor, &q, &p).await }
    })
    .await?;
    Ok(HttpResponse::Ok().json(DataExport {
        generated_at: Utc::now(),
        person: person.into(),
        lifecycle_history: history.into_iter().map(Into::into).collect(),
        consents: consents.into_iter().map(Into::into).collect(),
        companies: companies.into_iter().map(Into::into).collect(),
        audit_events: audit.into_iter().map(Into::into).collect(),
    }))
}
