//! The error answers every operation may meet, defined once in
//! `#/components/responses` and referenced by rule (`decorate` in `mod.rs`): each a
//! problem+json body with the headers any answer may carry.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder, Schema};

/// An error answer many operations share, defined once in `#/components/responses`.
pub(super) struct Shared {
    pub(super) name: &'static str,
    pub(super) status: &'static str,
    pub(super) description: &'static str,
}

pub(super) const UNAVAILABLE: Shared = Shared {
    name: "Unavailable",
    status: "503",
    description: "The database is unavailable; retry after the `Retry-After` seconds",
};
pub(super) const SERVER_ERROR: Shared = Shared {
    name: "ServerError",
    status: "500",
    description: "The server failed; the body holds only the request id",
};
pub(super) const BAD_REQUEST: Shared = Shared {
    name: "BadRequest",
    status: "400",
    description: "A malformed body, query parameter, path parameter or header",
};
pub(super) const TOO_MANY_REQUESTS: Shared = Shared {
    name: "TooManyRequests",
    status: "429",
    description: "Too many requests; retry after `Retry-After` seconds",
};
pub(super) const UNAUTHORIZED: Shared = Shared {
    name: "Unauthorized",
    status: "401",
    description: "Missing, invalid or expired credentials",
};
pub(super) const FORBIDDEN: Shared = Shared {
    name: "Forbidden",
    status: "403",
    description: "The caller's role may not do this",
};
pub(super) const CONTENT_TOO_LARGE: Shared = Shared {
    name: "ContentTooLarge",
    status: "413",
    description: "The body is larger than 1 MiB",
};
pub(super) const UNSUPPORTED_MEDIA_TYPE: Shared = Shared {
    name: "UnsupportedMediaType",
    status: "415",
    description: "The body is not JSON",
};
pub(super) const INVALID_FIELDS: Shared = Shared {
    name: "InvalidFields",
    status: "422",
    description: "The body's fields are invalid; `errors` names each one",
};
pub(super) const CONFLICT: Shared = Shared {
    name: "Conflict",
    status: "409",
    description: "The change conflicts with another record or a state rule",
};
pub(super) const NOT_FOUND: Shared = Shared {
    name: "NotFound",
    status: "404",
    description: "No such record in the caller's organisation",
};
pub(super) const STALE_VERSION: Shared = Shared {
    name: "StaleVersion",
    status: "412",
    description: "`If-Match` names a version that is no longer current",
};
pub(super) const IDEMPOTENCY_CONFLICT: Shared = Shared {
    name: "IdempotencyConflict",
    status: "409",
    description: "A request with this `Idempotency-Key` is still running, or the change conflicts",
};
pub(super) const INVALID_FIELDS_OR_KEY_REUSED: Shared = Shared {
    name: "InvalidFieldsOrKeyReused",
    status: "422",
    description: "Invalid fields, or an `Idempotency-Key` already used with another request",
};

/// Every shared answer, for the document's components.
pub(super) const SHARED: &[Shared] = &[
    UNAVAILABLE,
    SERVER_ERROR,
    BAD_REQUEST,
    TOO_MANY_REQUESTS,
    UNAUTHORIZED,
    FORBIDDEN,
    CONTENT_TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    INVALID_FIELDS,
    CONFLICT,
    NOT_FOUND,
    STALE_VERSION,
    IDEMPOTENCY_CONFLICT,
    INVALID_FIELDS_OR_KEY_REUSED,
];

/// Adds `shared` to `op`'s responses unless the operation documents that status itself.
pub(super) fn respond(op: &mut Operation, shared: &Shared) {
    op.responses
        .responses
        .entry(shared.status.to_string())
        .or_insert_with(|| RefOr::Ref(Ref::new(format!("#/components/responses/{}", shared.name))));
}

/// A shared error answer with the headers any answer may carry (`Retry-After` on 429
/// and 503).
pub(super) fn shared_response(shared: &Shared) -> RefOr<utoipa::openapi::Response> {
    let RefOr::T(mut r) = problem(shared.description) else {
        return problem(shared.description);
    };
    let names = [
        "X-Request-Id",
        "RateLimit",
        "RateLimit-Policy",
        "Cache-Control",
        "Vary",
    ];
    let retry = matches!(shared.status, "429" | "503").then_some("Retry-After");
    for name in names.into_iter().chain(retry) {
        r.headers.insert(
            name.to_string(),
            RefOr::Ref(Ref::new(format!("#/components/headers/{name}"))),
        );
    }
    RefOr::T(r)
}

fn problem(description: &str) -> RefOr<utoipa::openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(RefOr::<Schema>::Ref(Ref::from_schema_name("Problem"))))
                    .build(),
            )
            .build(),
    )
}
