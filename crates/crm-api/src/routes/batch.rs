//! What every `POST /v1/…/batch` shares (API_CONVENTIONS, Batches): 1 to 100 items, each
//! item's envelope read first, one answer per item in order, and all or nothing with
//! `?atomic=true`.

use crate::http::error::{ApiError, ApiResult, Problem, ProblemField};
use crate::http::extract::parse_json;
use actix_web::http::StatusCode;
use crm_core::{DomainResult, FieldError};
use crm_records::batch::{BatchOutcome, MAX_BATCH};
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

/// Declares the documentation type of one resource's batch items: one of a create, an
/// update (which names `id`) and an upsert (which names `match_on`), each with the body
/// its action takes, so a client refuses an item the server would (a create without a
/// required field, an update without `id`). `id` and `match_on` are accepted, and
/// ignored, where the action does not use them, as the server does. The variants are
/// not closed (`additionalProperties: false`): schemathesis 4.32 cannot generate items
/// for a closed variant under a `minItems`/`maxItems` array of company items, and the
/// server's envelope refuses an unknown key with a 422 anyway.
#[macro_export]
macro_rules! batch_items {
    ($name:ident, $field:literal, $create:ident, $patch:ident, $match_on:ident, $noun:literal) => {
        #[doc = concat!("One item of a ", $noun, " batch, by its action.")]
        pub struct $name;

        impl $name {
            fn variant(
                action: &str,
                body: &str,
                required: &[&str],
                about: &str,
            ) -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                use utoipa::openapi::schema::{OneOfBuilder, SchemaType};
                use utoipa::openapi::{KnownFormat, ObjectBuilder, Ref, RefOr, SchemaFormat, Type};
                let id_type = if required.contains(&"id") {
                    SchemaType::new(Type::String)
                } else {
                    SchemaType::from_iter([Type::String, Type::Null])
                };
                let match_on: RefOr<utoipa::openapi::Schema> = if required.contains(&"match_on") {
                    RefOr::Ref(Ref::from_schema_name(stringify!($match_on)))
                } else {
                    OneOfBuilder::new()
                        .item(Ref::from_schema_name(stringify!($match_on)))
                        .item(ObjectBuilder::new().schema_type(Type::Null))
                        .description(Some("The key of an upsert (`upsert` only)"))
                        .into()
                };
                let mut o = ObjectBuilder::new()
                    .description(Some(about))
                    .property(
                        "action",
                        ObjectBuilder::new()
                            .schema_type(Type::String)
                            .enum_values(Some([action]))
                            .description(Some("What the item does")),
                    )
                    .property(
                        "id",
                        ObjectBuilder::new()
                            .schema_type(id_type)
                            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Uuid)))
                            .description(Some(concat!(
                                "The ",
                                $noun,
                                " to update (`update` only)"
                            ))),
                    )
                    .property("match_on", match_on)
                    .property($field, Ref::from_schema_name(body));
                for r in required {
                    o = o.required(*r);
                }
                o.into()
            }

            /// Its three variants, by name.
            fn variants() -> [(String, utoipa::openapi::RefOr<utoipa::openapi::Schema>); 3] {
                [
                    (
                        format!("{}Create", stringify!($name)),
                        $name::variant(
                            "create",
                            stringify!($create),
                            &["action", $field],
                            concat!("Create a ", $noun, " from the body `POST` takes"),
                        ),
                    ),
                    (
                        format!("{}Update", stringify!($name)),
                        $name::variant(
                            "update",
                            stringify!($patch),
                            &["action", "id", $field],
                            concat!("Merge-patch the ", $noun, " `id`"),
                        ),
                    ),
                    (
                        format!("{}Upsert", stringify!($name)),
                        $name::variant(
                            "upsert",
                            stringify!($create),
                            &["action", "match_on", $field],
                            concat!(
                                "Update the ",
                                $noun,
                                " whose `match_on` key equals the body's, or create it"
                            ),
                        ),
                    ),
                ]
            }
        }

        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::Schema> {
                use utoipa::openapi::schema::OneOfBuilder;
                $name::variants()
                    .into_iter()
                    .fold(OneOfBuilder::new(), |b, (n, _)| {
                        b.item(utoipa::openapi::Ref::from_schema_name(n))
                    })
                    .description(Some(concat!(
                        "One item of a ",
                        $noun,
                        " batch: a create, an update (with `id`) or an upsert (with `match_on`)"
                    )))
                    .into()
            }
        }

        impl utoipa::ToSchema for $name {
            fn schemas(
                schemas: &mut Vec<(String, utoipa::openapi::RefOr<utoipa::openapi::Schema>)>,
            ) {
                use utoipa::PartialSchema;
                schemas.extend($name::variants());
                for (n, s) in [
                    (stringify!($create), <$create>::schema()),
                    (stringify!($patch), <$patch>::schema()),
                    (stringify!($match_on), <$match_on>::schema()),
                ] {
                    schemas.push((n.to_string(), s));
                }
                <$create as utoipa::ToSchema>::schemas(schemas);
                <$patch as utoipa::ToSchema>::schemas(schemas);
            }
        }
    };
}

/// Declares a resource's batch request, per-item result and response, which differ only
/// in the item and record types: `$request` holds 1 to 100 `$item`s (read as raw JSON so
/// each envelope's error names its index), and a `$result` answers one item with the
/// written record as `$dto` or its problem.
#[macro_export]
macro_rules! batch_wire {
    (
        request: $request:ident, result: $result:ident, response: $response:ident,
        item: $item:ident, dto: $dto:ty, record: $record:ty, about: $about:literal $(,)?
    ) => {
        #[doc = $about]
        #[derive(Debug, serde::Deserialize, utoipa::ToSchema)]
        #[serde(deny_unknown_fields)]
        pub struct $request {
            #[schema(value_type = Vec<$item>, min_items = 1, max_items = 100)]
            pub items: Vec<serde_json::Value>,
        }

        /// The result of one item.
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $result {
            pub index: usize,
            /// 201 created, 200 updated, or the error's status.
            pub status: u16,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub data: Option<$dto>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub error: Option<$crate::http::error::Problem>,
        }

        impl From<$crate::routes::batch::Answer<$record>> for $result {
            fn from(a: $crate::routes::batch::Answer<$record>) -> Self {
                match a {
                    $crate::routes::batch::Answer::Written {
                        index,
                        status,
                        record,
                    } => $result {
                        index,
                        status,
                        data: Some(record.into()),
                        error: None,
                    },
                    $crate::routes::batch::Answer::Failed { index, problem } => $result {
                        index,
                        status: problem.status,
                        data: None,
                        error: Some(problem),
                    },
                }
            }
        }

        /// One result per item, in order.
        #[derive(Debug, serde::Serialize, utoipa::ToSchema)]
        pub struct $response {
            pub results: Vec<$result>,
        }
    };
}
