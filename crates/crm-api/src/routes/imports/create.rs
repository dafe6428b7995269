//! `POST /v1/imports`: a CSV or NDJSON file of people, interactions, orders or deals, streamed into
//! whole-row chunks while it uploads, then run in the background by a worker.

use super::dto::{FormatDto, ImportDto, ImportMatchOn, ImportResourceDto};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::parse_json;
use crate::state::AppState;
use actix_multipart::{Field, Multipart, MultipartError};
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, post, web};
use crm_accounts::{Action, Area};
use crm_core::FieldError;
use crm_customers::import::{ImportFormat, ImportOptions};
use crm_records::import::Target;
use crm_records::import::upload::Upload;
use futures_util::StreamExt;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

/// The largest `options` part.
const MAX_OPTIONS_BYTES: usize = 64 * 1024;

/// How to read the file, sent as the form's `options` part (JSON), before the file.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportOptionsRequest {
    /// What the rows write; `people` unless given.
    pub resource: Option<ImportResourceDto>,
    /// Defaults to the file part's content type (`text/csv`, `application/x-ndjson`)
    /// or its name's extension.
    pub format: Option<FormatDto>,
    /// Column → field. People: `first_name`, `last_name`, `email[:work|home|mobile|other]`
    /// and `phone[:…]` (several columns may each add one), `lifecycle_stage`, `owner_id`,
    /// `source.channel`, `source.detail`, `external_id`, `language`, `time_zone`,
    /// `birthday`, `tags` (separated by `;`), `custom_fields.<key>`, `company.name`,
    /// `company.domain`, `company.title`, `company.role`, `address.<part>`,
    /// `social.<network>`, or `ignore`. Interactions: `channel`, `direction`,
    /// `occurred_at` (RFC 3339, or `2026-12-01 09:30` in UTC), `duration_seconds`
    /// (seconds or `m:ss`), `subject`, `body`, `outcome`, `external_id`,
    /// `social.network|url|visibility`, the people, companies and staff it was with by
    /// id (`person_id`, `company_id`, `user_id`) or by key (`person.email`,
    /// `person.phone`, `person.external_id`, `company.domain`, `company.external_id`,
    /// `user.email`; several columns may each add some, `;` separates several in a
    /// cell), `tags`, `custom_fields.<key>`, or `ignore`. Orders: `person_id`,
    /// `person.email`, `person.external_id`, `company_id`, `company.domain`,
    /// `company.external_id` (one column each for the person and the company),
    /// `status` (`pending`, `paid`, `fulfilled`, `cancelled`), `currency`, `order_date`
    /// (`2026-12-01` or RFC 3339), `channel`, `code`, `price_list_id`, `notes`,
    /// `external_id`, `tags`, `custom_fields.<key>`, `ignore`, and the lines: `lines`
    /// (a JSON array of objects with `sku` or `product_id`, `description`, `quantity`,
    /// `unit_price`, `discount_percent`, `tax_category`) or, for an order of one line,
    /// `line.sku`, `line.product_id`, `line.description`, `line.quantity` (1 unless
    /// given), `line.unit_price` (in the order's currency), `line.discount_percent`,
    /// `line.tax_category`. Prices a line leaves out are looked up, and every total is
    /// computed, as when an order is created. Opportunities: `name`, the person and
    /// company as for orders, `pipeline_id` or `pipeline` (by name), `stage_id` or
    /// `stage` (by name, in the row's pipeline, else the oldest), `amount` with
    /// `currency`, `expected_close_date`, `owner_id` or `owner.email`, `source`,
    /// `next_step`, `close_reason`, `external_id`, `tags`, `custom_fields.<key>`,
    /// `ignore`. Without a mapping, every column must be named after a field.
    #[schema(value_type = Option<std::collections::HashMap<String, String>>, example = json!({"E-mail": "email", "Employer": "company.name", "Tier": "custom_fields.tier"}))]
    pub mapping: Option<Map<String, Value>>,
    /// Update the record this key matches instead of creating one: a person by `email`
    /// or `external_id` (emails, phones and tags in the row are added to theirs), an
    /// interaction by `external_id` (the row's fields and links replace its own), an
    /// opportunity by `external_id` (the row's fields replace its own, a stage change
    /// is a stage move). Orders match on nothing: a row whose external_id an order has
    /// is refused.
    pub match_on: Option<ImportMatchOn>,
    /// Check every row against the database and report, writing nothing.
    pub dry_run: Option<bool>,
}

/// The multipart form of an import.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ImportForm {
    /// The import's options as JSON (`ImportOptionsRequest`).
    pub options: Option<ImportOptionsRequest>,
    /// The file: CSV (UTF-8, the first line naming the columns) or NDJSON, at most
    /// 1,000,000 rows of at most 1 MiB each.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

fn form_error(e: MultipartError) -> ApiError {
    match e {
        MultipartError::ContentTypeMissing
        | MultipartError::ContentTypeParse
        | MultipartError::ContentTypeIncompatible => ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Unsupported media type",
            "send the import as multipart/form-data with an options part and a file part",
        ),
        other => ApiError::bad_request(
            "malformed_form",
            format!("the multipart form cannot be read: {other}"),
        ),
    }
}

async fn read_options(field: &mut Field) -> ApiResult<ImportOptionsRequest> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        bytes.extend_from_slice(&chunk.map_err(form_error)?);
        if bytes.len() > MAX_OPTIONS_BYTES {
            return Err(ApiError::validation(vec![FieldError::new(
                "options",
                "too_long",
                "the options part holds at most 64 KiB",
            )]));
        }
    }
    let prefixed = |mut e: ApiError| {
        for f in e.errors.iter_mut() {
            f.field = format!("options.{}", f.field)
                .trim_end_matches('.')
                .to_string();
        }
        e
    };
    parse_json::<ImportOptionsRequest>(&bytes).map_err(|e| {
        if e.status == StatusCode::BAD_REQUEST {
            ApiError::validation(vec![FieldError::new(
                "options",
                "malformed_json",
                e.problem().detail,
            )])
        } else {
            prefixed(e)
        }
    })
}

fn options(req: ImportOptionsRequest, file: &Field) -> ApiResult<ImportOptions> {
    let name = file
        .content_disposition()
        .and_then(|d| d.get_filename())
        .map(|n| n.chars().take(255).collect::<String>());
    let by_type = file.content_type().and_then(|m| match m.essence_str() {
        "text/csv" => Some(ImportFormat::Csv),
        "application/x-ndjson" | "application/jsonl" | "application/ndjson" => {
            Some(ImportFormat::Ndjson)
        }
        _ => None,
    });
    let by_name = name.as_deref().and_then(|n| {
        let n = n.to_ascii_lowercase();
        if n.ends_with(".csv") {
            Some(ImportFormat::Csv)
        } else if n.ends_with(".ndjson") || n.ends_with(".jsonl") {
            Some(ImportFormat::Ndjson)
        } else {
            None
        }
    });
    let Some(format) = req.format.map(Into::into).or(by_type).or(by_name) else {
        return Err(ApiError::validation(vec![FieldError::new(
            "options.format",
            "required",
            "say csv or ndjson (or send the file as text/csv or application/x-ndjson)",
        )]));
    };
    let mut errors = Vec::new();
    let mapping = req.mapping.map(|m| {
        m.into_iter()
            .filter_map(|(column, target)| match target {
                Value::String(t) => Some((column, t)),
                _ => {
                    errors.push(FieldError::new(
                        format!("options.mapping.{column}"),
                        "invalid_type",
                        "must be the name of a field",
                    ));
                    None
                }
            })
            .collect()
    });
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    Ok(ImportOptions {
        resource: req.resource.unwrap_or(ImportResourceDto::People).into(),
        format,
        mapping,
        match_on: req.match_on.map(Into::into),
        dry_run: req.dry_run.unwrap_or(false),
        file_name: name,
    })
}

/// Checks the caller may write what the import's rows write, and streams the file part
/// into the upload of its resource.
async fn upload(
    state: &AppState,
    auth: &Auth,
    resource: ImportResourceDto,
    options: ImportOptions,
    field: &mut Field,
) -> ApiResult<ImportDto> {
    match resource {
        ImportResourceDto::People => {
            auth.require(Area::Customers, Action::Create)?;
            auth.require(Area::Customers, Action::Update)?;
            let up = state.customers.imports.upload(&auth.actor, options).await?;
            stream(up, field).await
        }
        ImportResourceDto::Interactions => {
            auth.require(Area::Interactions, Action::Create)?;
            auth.require(Area::Interactions, Action::Update)?;
            let up = state
                .interactions
                .upload_interactions(&auth.actor, options)
                .await?;
            stream(up, field).await
        }
        ImportResourceDto::Orders => {
            auth.require(Area::Opportunities, Action::Create)?;
            let up = state
                .opportunities
                .upload_orders(&auth.actor, options)
                .await?;
            stream(up, field).await
        }
        ImportResourceDto::Opportunities => {
            auth.require(Area::Opportunities, Action::Create)?;
            auth.require(Area::Opportunities, Action::Update)?;
            let up = state
                .opportunities
                .upload_opportunities(&auth.actor, options)
                .await?;
            stream(up, field).await
        }
    }
}

/// Streams the file part into the upload; on any error, what was stored is removed.
async fn stream<T: Target>(mut up: Upload<T>, field: &mut Field) -> ApiResult<ImportDto> {
    let mut failed: Option<ApiError> = None;
    while let Some(chunk) = field.next().await {
        let step = match chunk {
            Ok(bytes) => up.feed(&bytes).await.map_err(ApiError::from),
            Err(e) => Err(form_error(e)),
        };
        if let Err(e) = step {
            failed = Some(e);
            break;
        }
    }
    let result = match failed {
        Some(e) => Err(e),
        None => up.finish().await.map_err(ApiError::from),
    };
    if result.is_err()
        && let Err(e) = up.abort().await
    {
        tracing::warn!(error = %e, "a failed upload could not be removed");
    }
    result.map(ImportDto::from)
}

/// Import people, interactions, orders or opportunities
///
/// A multipart form: an `options` part (JSON: resource, format, mapping, match_on,
/// dry_run), then a `file` part (CSV or NDJSON): people, or interactions such as a
/// phone system's call log or an email archive (`resource: interactions`, each row
/// naming the people it was with by id, email, phone or external_id), or orders such
/// as a shop's history (`resource: orders`, priced and totalled as when created, the
/// customers' spend kept exact), or opportunities (`resource: opportunities`, a deal
/// list with stages and owners by name). The file is checked as it streams in (encoding,
/// quoting, rows of at most 512 KiB, at most 1,000,000 rows and 64 MiB, the header
/// against the mapping) and answered at once with 202;
/// a worker then writes the rows in batches. Follow `GET /v1/imports/{id}` for
/// progress and `GET /v1/imports/{id}/errors` for the rows that failed. With an
/// `Idempotency-Key`, an upload sent again (a retry after a broken connection) answers
/// with the first one's import instead of making a second; the key alone names the
/// upload (the file is not compared), and a refused file is not kept under it.
#[utoipa::path(
    operation_id = "imports_create",
    tag = "imports",
    request_body(content = ImportForm, content_type = "multipart/form-data"),
    responses(
        (status = 202, description = "The file is stored and the import queued", body = ImportDto,
         headers(("Location" = String, description = "The import"))),
        (status = 413, description = "The file has more than 1,000,000 rows or 64 MiB (`too_many_rows`, `file_too_large`)"),
        (status = 415, description = "The body is not multipart/form-data"),
        (status = 422, description = "The options, the mapping or the file are invalid; `errors` names the part, the column or the line"),
    ),
    security(("bearer" = []))
)]
#[post("/imports")]
pub async fn create(
    state: web::Data<AppState>,
    auth: Auth,
    mut form: Multipart,
) -> ApiResult<HttpResponse> {
    // Refused before the form is read unless the caller may write some importable
    // resource; the resource the options name is checked once they are read.
    if let Err(e) = auth.require(Area::Customers, Action::Create) {
        auth.require(Area::Interactions, Action::Create)
            .or_else(|_| auth.require(Area::Opportunities, Action::Create))
            .map_err(|_| e)?;
    }
    let mut given = ImportOptionsRequest::default();
    while let Some(field) = form.next().await {
        let mut field = field.map_err(form_error)?;
        match field.name().unwrap_or_default() {
            "options" => given = read_options(&mut field).await?,
            "file" => {
                let resource = given.resource.unwrap_or(ImportResourceDto::People);
                let opts = options(std::mem::take(&mut given), &field)?;
                let import = upload(&state, &auth, resource, opts, &mut field).await?;
                state.wake.notify_one();
                return Ok(HttpResponse::Accepted()
                    .insert_header((LOCATION, format!("/v1/imports/{}", import.id)))
                    .json(import));
            }
            other => {
                return Err(ApiError::validation(vec![FieldError::new(
                    other.to_string(),
                    "unknown_part",
                    "the form holds an options part and a file part",
                )]));
            }
        }
    }
    Err(ApiError::validation(vec![FieldError::new(
        "file",
        "required",
        "the form has no file part",
    )]))
}
