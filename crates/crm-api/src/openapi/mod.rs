//! The OpenAPI document: the base (info, tags, security schemes) here, paths from the
//! routes, and one pass that attaches the error responses and shared headers every
//! operation can meet, by rule, so no operation can forget one.

mod common_fields;
mod constraints;
mod examples;
mod headers;
mod no_nul;
mod responses;
mod round_trip;

use crate::http::error::{Problem, ProblemField};
use crate::routes;
use actix_web::App;
use responses::*;
use utoipa::OpenApi;
use utoipa::openapi::path::{Operation, Parameter, ParameterBuilder, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::tag::TagBuilder;
use utoipa::openapi::{ObjectBuilder, RefOr, Required, ResponseBuilder, Schema, Type};
use utoipa_actix_web::AppExt;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "CRM API",
        description = "A self-hostable CRM: customers, interactions, opportunities and campaigns. \
                       JSON over HTTP; errors are RFC 9457 problem+json; money is a decimal string.",
        license(name = "AGPL-3.0-only", identifier = "AGPL-3.0-only"),
        contact(name = "CRM API maintainers", url = "https://crm.example"),
    ),
    servers((
        url = "{base_url}",
        description = "Where the API is served",
        variables(("base_url" = (
            default = "http://127.0.0.1:8080",
            description = "The server's address: `crm serve`'s CRM_LISTEN locally, or the deployment's public URL"
        )))
    )),
    components(schemas(Problem, ProblemField)),
)]
struct ApiDoc;

fn header_param(name: &str, description: &str, pattern: &str) -> Parameter {
    ParameterBuilder::new()
        .name(name)
        .parameter_in(ParameterIn::Header)
        .required(Required::False)
        .description(Some(description))
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .pattern(Some(pattern)),
        ))
        .build()
}

fn add_param(op: &mut Operation, p: Parameter) {
    let params = op.parameters.get_or_insert_with(Vec::new);
    let exists = params.iter().any(|existing| match existing {
        RefOr::T(e) => e.name == p.name,
        RefOr::Ref(_) => false,
    });
    if !exists {
        params.push(RefOr::T(p));
    }
}

/// The shape of every id in a path; `format: uuid` alone is only an annotation in 3.1.
const UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// Gives every UUID path parameter the pattern of a UUID.
fn pattern_path_ids(op: &mut Operation) {
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else { continue };
        if p.parameter_in != ParameterIn::Path {
            continue;
        }
        if let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut()
            && matches!(
                o.format,
                Some(utoipa::openapi::SchemaFormat::KnownFormat(
                    utoipa::openapi::KnownFormat::Uuid
                ))
            )
        {
            o.pattern = Some(UUID_PATTERN.to_string());
        }
    }
}

/// Gives every moment in a query (`created_after`, `occurred_before`…: the parameters
/// named `*_after` or `*_before`) the pattern of what [`crate::http::moment::Moment`]
/// parses, stated once here rather than in each list's parameters.
fn pattern_moments(op: &mut Operation) {
    for p in op.parameters.iter_mut().flatten() {
        let RefOr::T(p) = p else { continue };
        let moment = p.name.ends_with("_after") || p.name.ends_with("_before");
        if p.parameter_in != ParameterIn::Query || !moment {
            continue;
        }
        if let Some(RefOr::T(Schema::Object(o))) = p.schema.as_mut() {
            o.pattern = Some(crate::http::moment::MOMENT_PATTERN.to_string());
        }
    }
}

/// Whether the read of this path answers with an `ETag` (so writes can take `If-Match`).
fn versioned(item: &utoipa::openapi::PathItem) -> bool {
    item.get
        .as_ref()
        .is_some_and(|g| match g.responses.responses.get("200") {
            Some(RefOr::T(r)) => r.headers.contains_key("ETag"),
            _ => false,
        })
}

fn decorate(path: &str, method: &str, op: &mut Operation, versioned: bool) {
    let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
    let has_body = op.request_body.is_some();
    let operational =
        path.starts_with("/health") || path == "/metrics" || path.starts_with("/problems");
    pattern_path_ids(op);
    pattern_moments(op);
    if !operational || path == "/health/ready" {
        respond(op, &UNAVAILABLE);
    }
    respond(op, &SERVER_ERROR);
    if operational {
        return;
    }
    respond(op, &BAD_REQUEST);
    respond(op, &TOO_MANY_REQUESTS);
    if secured {
        respond(op, &UNAUTHORIZED);
        respond(op, &FORBIDDEN);
    }
    if has_body {
        respond(op, &CONTENT_TOO_LARGE);
        respond(op, &UNSUPPORTED_MEDIA_TYPE);
        respond(op, &INVALID_FIELDS);
    }
    if method == "patch" {
        respond(op, &CONFLICT);
    }
    if path.contains("{id}") {
        respond(op, &NOT_FOUND);
    }
    if versioned && method == "get" {
        op.responses
            .responses
            .entry("304".to_string())
            .or_insert_with(|| {
                RefOr::T(
                    ResponseBuilder::new()
                        .description("Not modified: `If-None-Match` names the current ETag")
                        .header(
                            "ETag",
                            utoipa::openapi::HeaderBuilder::new()
                                .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
                                .description(Some("The current version"))
                                .build(),
                        )
                        .build(),
                )
            });
        let mut if_none_match = header_param(
            "If-None-Match",
            "ETags the caller holds, or `*`: when one is current the answer is a 304 without a body (any other value is ignored)",
            "",
        );
        if let Some(RefOr::T(Schema::Object(o))) = if_none_match.schema.as_mut() {
            o.pattern = None;
        }
        add_param(op, if_none_match);
    }
    if versioned && matches!(method, "patch" | "delete") {
        respond(op, &STALE_VERSION);
        add_param(
            op,
            header_param(
                "If-Match",
                "The ETag of the version this change applies to (else 412), or `*`",
                crate::http::etag::IF_MATCH_PATTERN,
            ),
        );
    }
    let upload = matches!(&op.request_body, Some(RefOr::T(b))
        if b.content.keys().any(|k| k.starts_with("multipart/")));
    if method == "post" && secured && !upload {
        respond(op, &IDEMPOTENCY_CONFLICT);
        respond(op, &INVALID_FIELDS_OR_KEY_REUSED);
        add_param(
            op,
            header_param(
                "Idempotency-Key",
                "Makes a retry safe: the first response is replayed for 24 hours",
                crate::middleware::idempotency::KEY_PATTERN,
            ),
        );
    }
}

/// The complete document, from the same route registration the app serves.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts();
    doc.info.version = env!("CARGO_PKG_VERSION").to_string();
    // Each section names its own tag; the document lists them in the areas' order.
    doc.tags = Some(
        routes::sections()
            .chain(routes::ROOT_SECTIONS)
            .map(|a| {
                TagBuilder::new()
                    .name(a.tag)
                    .description(Some(a.about))
                    .build()
            })
            .chain(std::iter::once(
                TagBuilder::new()
                    .name("events")
                    .description(Some(
                        "The event every change records (`person.created`…), as webhooks deliver it",
                    ))
                    .build(),
            ))
            .collect(),
    );
    for (path, item) in doc.paths.paths.iter_mut() {
        let versioned = versioned(item);
        for (method, op) in [
            ("get", &mut item.get),
            ("post", &mut item.post),
            ("put", &mut item.put),
            ("patch", &mut item.patch),
            ("delete", &mut item.delete),
        ] {
            if let Some(op) = op.as_mut() {
                decorate(path, method, op, versioned);
                let sends = headers::Sends {
                    limited: !(path.starts_with("/health")
                        || path == "/metrics"
                        || path.starts_with("/problems")),
                    secured: op.security.as_ref().is_some_and(|s| !s.is_empty()),
                    idempotent: op
                        .parameters
                        .iter()
                        .flatten()
                        .any(|p| matches!(p, RefOr::T(p) if p.name == "Idempotency-Key")),
                    credentials: matches!(
                        path.as_str(),
                        "/v1/auth/signup" | "/v1/auth/login" | "/v1/auth/refresh"
                    ),
                };
                headers::document(op, &sends);
            }
        }
    }
    problem_codes(&mut doc);
    common_fields::describe(&mut doc);
    round_trip::document(&mut doc);
    if let Err(e) = crate::events::publish(&mut doc) {
        tracing::error!(error = %e, "the event catalogue could not be added to the document");
    }
    constraints::document(&mut doc);
    examples::document(&mut doc);
    no_nul::document(&mut doc);
    let components = doc.components.get_or_insert_with(Default::default);
    for (name, header) in headers::components() {
        components
            .headers
            .insert(name.to_string(), RefOr::T(header));
    }
    for shared in SHARED {
        components
            .responses
            .insert(shared.name.to_string(), shared_response(shared));
    }
    components.add_security_scheme(
        "bearer",
        SecurityScheme::Http(
            HttpBuilder::new()
                .scheme(HttpAuthScheme::Bearer)
                .bearer_format("JWT or API key")
                .description(Some(
                    "An access token from /v1/auth/login, or an API key (crm_…)",
                ))
                .build(),
        ),
    );
    doc
}

/// Every operation a path item holds, whatever its method.
fn operations(item: &mut utoipa::openapi::PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.post,
        &mut item.put,
        &mut item.patch,
        &mut item.delete,
        &mut item.head,
    ]
    .into_iter()
    .flatten()
}

/// The codes `/problems/{code}` knows, as its parameter's enum.
fn problem_codes(doc: &mut utoipa::openapi::OpenApi) {
    let Some(op) = doc
        .paths
        .paths
        .get_mut("/problems/{code}")
        .and_then(|i| i.get.as_mut())
    else {
        return;
    };
    for p in op.parameters.iter_mut().flatten() {
        if let RefOr::T(p) = p
            && p.name == "code"
        {
            p.schema = Some(RefOr::T(Schema::Object(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(crate::http::problems::ALL.iter().map(|t| t.code)))
                    .build(),
            )));
        }
    }
}

/// The document as the committed `openapi/openapi.json` holds it.
pub fn document_json() -> String {
    let doc = document();
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
