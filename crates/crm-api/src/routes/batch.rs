//! What every `POST /v1/…/batch` shares (API_CONVENTIONS, Batches): 1 to 100 items, each
//! item's envelope read first, one answer per item in order, and all or nothing with
//! `?atomic=true`.

use crate::http::error::{ApiError, ApiResult, Problem, ProblemField};
use crate::http::extract::parse_json;
use actix_web::http::StatusCode;
use crm_core::{DomainResult, FieldError};
use crm_customers::batch::{BatchOutcome, MAX_BATCH};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::future::Future;
use utoipa::{IntoParams, ToSchema};

/// What one item does.
#[derive(Debug, Clone, Copy, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum BatchAction {
    Create,
    Update,
    Upsert,
}

/// Whether the batch is all or nothing.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BatchParams {
    /// One failure writes nothing (and answers 422).
    pub atomic: Option<bool>,
}

/// One item's answer, before the resource dresses it as its own result type.
pub enum Answer<T> {
    /// 201 created or 200 updated.
    Written {
        index: usize,
        status: u16,
        record: T,
    },
    Failed {
        index: usize,
        problem: Problem,
    },
}

/// `e` with every field named inside item `index` (`items[2].emails[0].value`).
pub fn prefixed(e: ApiError, index: usize) -> ApiError {
    let mut e = e;
    for f in e.errors.iter_mut() {
        f.field = if f.field.is_empty() {
            format!("items[{index}]")
        } else {
            format!("items[{index}].{}", f.field)
        };
    }
    e
}

/// A 422 naming `items[index].field` as required.
pub fn missing(index: usize, field: &str, why: &str) -> ApiError {
    ApiError::validation(vec![FieldError::new(
        format!("items[{index}].{field}"),
        "required",
        why,
    )])
}

/// Reads a JSON value as `T`, naming fields inside item `index`.
pub fn read<T: DeserializeOwned>(raw: &Value, index: usize) -> Result<T, ApiError> {
    let bytes = serde_json::to_vec(raw).unwrap_or_default();
    parse_json(&bytes).map_err(|e| prefixed(e, index))
}

/// An item's problem; its `instance` is the item within this request (`#/items/1`).
fn failed<T>(index: usize, e: ApiError) -> Answer<T> {
    let mut problem = e.problem();
    problem.instance = format!("#/items/{index}");
    Answer::Failed { index, problem }
}

/// A problem's fields as field errors again, to name them in a batch-wide 422.
fn field_errors(fields: &[ProblemField]) -> Vec<FieldError> {
    fields
        .iter()
        .map(|f| FieldError::new(f.field.clone(), f.code.clone(), f.message.clone()))
        .collect()
}

/// Runs a batch: checks its size, reads every envelope `E` (one malformed envelope
/// refuses the whole batch), turns each into an input with `input` (its error answers
/// that item), writes the inputs with `write` and answers each item in order. With
/// `atomic`, any failing item makes the answer a 422 naming every failure.
pub async fn run<E, I, T, W, Fut>(
    items: Vec<Value>,
    atomic: bool,
    input: impl Fn(E, usize) -> Result<I, ApiError>,
    write: W,
) -> ApiResult<Vec<Answer<T>>>
where
    E: DeserializeOwned,
    W: FnOnce(Vec<I>) -> Fut,
    Fut: Future<Output = DomainResult<Vec<DomainResult<BatchOutcome<T>>>>>,
{
    if items.len() > MAX_BATCH {
        let detail = format!(
            "a batch holds at most {MAX_BATCH} items; this one has {}",
            items.len()
        );
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "batch_too_large",
            "Content too large",
            detail.clone(),
        )
        .with_errors(vec![FieldError::new("items", "too_many", detail)]));
    }
    if items.is_empty() {
        return Err(ApiError::validation(vec![FieldError::new(
            "items",
            "too_few",
            "a batch holds 1 to 100 items",
        )]));
    }
    let mut envelopes = Vec::with_capacity(items.len());
    let mut malformed = Vec::new();
    for (i, v) in items.iter().enumerate() {
        match read::<E>(v, i) {
            Ok(e) => envelopes.push(e),
            Err(e) => malformed.extend(field_errors(&e.errors)),
        }
    }
    if !malformed.is_empty() {
        return Err(ApiError::validation(malformed));
    }
    let mut answers: Vec<Option<Answer<T>>> = Vec::with_capacity(envelopes.len());
    let mut indexes = Vec::new();
    let mut inputs = Vec::new();
    for (i, e) in envelopes.into_iter().enumerate() {
        match input(e, i) {
            Ok(one) => {
                answers.push(None);
                indexes.push(i);
                inputs.push(one);
            }
            Err(e) => answers.push(Some(failed(i, e))),
        }
    }
    let stop = atomic && answers.iter().any(Option::is_some);
    if !stop {
        let written = write(inputs).await?;
        for (i, r) in indexes.into_iter().zip(written) {
            answers[i] = Some(match r {
                Ok(BatchOutcome::Created(record)) => Answer::Written {
                    index: i,
                    status: 201,
                    record,
                },
                Ok(BatchOutcome::Updated(record)) => Answer::Written {
                    index: i,
                    status: 200,
                    record,
                },
                Err(e) => failed(i, prefixed(ApiError::from(e), i)),
            });
        }
    }
    let answers: Vec<Answer<T>> = answers.into_iter().flatten().collect();
    if atomic {
        let mut errors = Vec::new();
        for a in &answers {
            let Answer::Failed { index, problem } = a else {
                continue;
            };
            if problem.errors.is_empty() {
                errors.push(FieldError::new(
                    format!("items[{index}]"),
                    problem.code.clone(),
                    problem.detail.clone(),
                ));
            }
            errors.extend(field_errors(&problem.errors));
        }
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
    }
    Ok(answers)
}

/// The schema of a batch item's record: the body its create takes, or (for an update)
/// the body its PATCH takes, by reference. `anyOf`, since a create body is also a
/// valid patch.
pub fn create_or_patch(
    description: &str,
    create: &str,
    patch: &str,
) -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
    use utoipa::openapi::schema::AnyOfBuilder;
    use utoipa::openapi::{Ref, RefOr, Schema};
    RefOr::T(Schema::AnyOf(
        AnyOfBuilder::new()
            .item(Ref::from_schema_name(create))
            .item(Ref::from_schema_name(patch))
            .description(Some(description))
            .build(),
    ))
}
