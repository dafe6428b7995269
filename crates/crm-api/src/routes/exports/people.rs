//! `GET /v1/exports/people`: every person matching the list filters, streamed as CSV or
//! NDJSON page by page, never held whole in memory.

use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::middleware::conditional::NO_STORE;
use crate::routes::customers::people::dto::{LifecycleStageDto, PersonDto};
use crate::routes::customers::people::filters::common_filters;
use crate::state::AppState;
use actix_web::http::header::CACHE_CONTROL;
use actix_web::{HttpResponse, get, web};
use bytes::Bytes;
use crm_accounts::{Action, Area};
use crm_core::Actor;
use crm_core::filter::Filter;
use crm_core::ids::PersonId;
use crm_core::page::PageRequest;
use crm_customers::catalogue::PERSON_SORT;
use crm_customers::company::Employment;
use crm_customers::custom_field::CustomField;
use crm_customers::{CustomersService, Person};
use futures_util::StreamExt;
use serde::Deserialize;
use std::collections::HashMap;
use utoipa::IntoParams;
use uuid::Uuid;

/// Rows fetched per page while streaming.
const PAGE: i64 = 200;

/// The file format.
#[derive(Debug, Clone, Copy, Deserialize, utoipa::ToSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ExportFormat {
    Csv,
    Ndjson,
}

/// What to export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportParams {
    /// `csv` (one column per field; lists joined with `;`) or `ndjson` (one person per line).
    #[param(inline)]
    pub format: ExportFormat,
    /// Only people at this stage.
    pub lifecycle_stage: Option<LifecycleStageDto>,
    /// Only people owned by this staff user.
    pub owner_id: Option<Uuid>,
    /// Only people who work at this company.
    pub company_id: Option<Uuid>,
    /// Only people with this tag.
    #[param(max_length = 50)]
    pub tag: Option<String>,
}

impl ExportParams {
    fn filter(&self) -> Option<Filter> {
        let all = common_filters(
            self.lifecycle_stage,
            self.owner_id,
            self.company_id,
            self.tag.as_deref(),
        );
        (!all.is_empty()).then_some(Filter::All(all))
    }
}

const COLUMNS: [&str; 19] = [
    "id",
    "first_name",
    "last_name",
    "emails",
    "phones",
    "lifecycle_stage",
    "owner_id",
    "source_channel",
    "source_detail",
    "external_id",
    "language",
    "time_zone",
    "birthday",
    "tags",
    "addresses",
    "social_profiles",
    "companies",
    "created_at",
    "updated_at",
];

/// One CSV line; a cell that starts like a formula is neutralised (a value can come
/// from anyone: a web form, an import).
fn csv_line(fields: &[String]) -> Bytes {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(
        fields
            .iter()
            .map(|f| crm_records::spreadsheet::neutralise(f).into_owned()),
    );
    Bytes::from(w.into_inner().unwrap_or_default())
}

fn header(defs: &[CustomField]) -> Bytes {
    let mut h: Vec<String> = COLUMNS.iter().map(|c| c.to_string()).collect();
    h.extend(defs.iter().map(|d| format!("custom_fields.{}", d.key)));
    csv_line(&h)
}

/// A person's company links as exported: company id and name, title, role.
fn links(of: &[(Employment, String)]) -> serde_json::Value {
    serde_json::Value::Array(
        of.iter()
            .map(|(e, name)| {
                serde_json::json!({
                    "company_id": e.company_id, "name": name, "title": e.title, "role": e.role,
                })
            })
            .collect(),
    )
}

/// A list as a JSON cell, empty when the list is.
fn json_cell<T: serde::Serialize>(items: &[T]) -> String {
    if items.is_empty() {
        String::new()
    } else {
        serde_json::to_string(items).unwrap_or_default()
    }
}

fn row(p: &Person, defs: &[CustomField], companies: &[(Employment, String)]) -> Bytes {
    let opt = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut r = vec![
        p.id.to_string(),
        opt(&p.first_name),
        opt(&p.last_name),
        p.emails
            .iter()
            .map(|e| e.address.clone())
            .collect::<Vec<_>>()
            .join(";"),
        p.phones
            .iter()
            .map(|x| x.number.clone())
            .collect::<Vec<_>>()
            .join(";"),
        p.lifecycle_stage.as_str().to_string(),
        p.owner_id.map(|o| o.to_string()).unwrap_or_default(),
        opt(&p.source.channel),
        opt(&p.source.detail),
        opt(&p.external_id),
        opt(&p.language),
        opt(&p.time_zone),
        p.birthday.map(|b| b.to_string()).unwrap_or_default(),
        p.tags.join(";"),
        json_cell(&p.addresses),
        json_cell(&p.social_profiles),
        if companies.is_empty() {
            String::new()
        } else {
            links(companies).to_string()
        },
        p.created_at.to_rfc3339(),
        p.updated_at.to_rfc3339(),
    ];
    for d in defs {
        r.push(match p.custom_fields.get(&d.key) {
            None => String::new(),
            Some(serde_json::Value::String(s)) => s.clone(),
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|v| v.as_str())
                .collect::<Vec<_>>()
                .join(";"),
            Some(serde_json::Value::Object(o)) => format!(
                "{} {}",
                o.get("amount").and_then(|v| v.as_str()).unwrap_or_default(),
                o.get("currency")
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
            ),
            Some(other) => other.to_string(),
        });
    }
    csv_line(&r)
}

struct Cursor {
    customers: CustomersService,
    actor: Actor,
    filter: Option<Filter>,
    format: ExportFormat,
    defs: Vec<CustomField>,
    next: Option<Option<String>>,
}

/// The next chunk: one page of lines, or the end.
async fn next_chunk(mut c: Cursor) -> Option<(Result<Bytes, actix_web::Error>, Cursor)> {
    let cursor = c.next.take()?;
    let page = match PageRequest::parse(Some(PAGE), cursor.as_deref(), None, false, PERSON_SORT) {
        Ok(p) => p,
        Err(_) => return None,
    };
    let got = match c
        .customers
        .people
        .list(&c.actor, c.filter.as_ref(), None, &page)
        .await
    {
        Ok(g) => g,
        Err(e) => {
            tracing::error!(error = %e, "export stopped");
            return Some((Err(ApiError::from(e).into()), c));
        }
    };
    let ids: Vec<PersonId> = got.items.iter().map(|p| p.id).collect();
    let mut companies: HashMap<PersonId, Vec<(Employment, String)>> = HashMap::new();
    match c.customers.employments.of_people(&c.actor, &ids).await {
        Ok(all) => {
            for (e, name) in all {
                companies.entry(e.person_id).or_default().push((e, name));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, "export stopped");
            return Some((Err(ApiError::from(e).into()), c));
        }
    }
    let mut out = Vec::new();
    for p in &got.items {
        let works = companies.get(&p.id).map(Vec::as_slice).unwrap_or(&[]);
        match c.format {
            ExportFormat::Csv => out.extend_from_slice(&row(p, &c.defs, works)),
            ExportFormat::Ndjson => {
                let mut line = serde_json::to_value(PersonDto::from(p.clone()))
                    .unwrap_or(serde_json::Value::Null);
                if let Some(o) = line.as_object_mut() {
                    o.insert("companies".into(), links(works));
                }
                out.extend_from_slice(line.to_string().as_bytes());
                out.push(b'\n');
            }
        }
    }
    c.next = got.next_cursor.map(Some);
    Some((Ok(Bytes::from(out)), c))
}

/// Export people
///
/// Streams every person matching the filters, in creation order: CSV with a header row
/// (emails, phones and tags joined with `;`; addresses, social profiles and company
/// links as JSON arrays; one column per custom field) or NDJSON with one person per
/// line, as `GET /v1/people/{id}` shows them plus `companies` (id, name, title, role).
#[utoipa::path(
    operation_id = "exports_people",
    tag = "exports",
    params(ExportParams),
    responses((status = 200, description = "The people, streamed", content(
        (String = "text/csv"),
        (String = "application/x-ndjson"),
    ))),
    security(("bearer" = []))
)]
#[get("/exports/people")]
pub async fn people(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<ExportParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let p = params.0;
    if p.tag.as_ref().is_some_and(|t| t.chars().count() > 50) {
        return Err(ApiError::invalid_parameters(vec![
            crm_core::FieldError::new("tag", "invalid_length", "at most 50 characters"),
        ]));
    }
    let defs = state
        .customers
        .custom_fields
        .list(&auth.actor, crm_customers::custom_field::PERSON)
        .await?;
    let first = match p.format {
        ExportFormat::Csv => header(&defs),
        ExportFormat::Ndjson => Bytes::new(),
    };
    let (content_type, name) = match p.format {
        ExportFormat::Csv => ("text/csv; charset=utf-8", "people.csv"),
        ExportFormat::Ndjson => ("application/x-ndjson", "people.ndjson"),
    };
    let cursor = Cursor {
        customers: state.customers.clone(),
        actor: auth.actor.clone(),
        filter: p.filter(),
        format: p.format,
        defs,
        next: Some(None),
    };
    let body = futures_util::stream::once(async move { Ok::<_, actix_web::Error>(first) })
        .chain(futures_util::stream::unfold(cursor, next_chunk));
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((CACHE_CONTROL, NO_STORE))
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .streaming(body))
}
