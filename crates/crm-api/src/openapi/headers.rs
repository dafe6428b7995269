//! The response headers an operation sends, documented on each of its responses by the
//! same rules the middleware follows, so no operation can forget one: `X-Request-Id`
//! everywhere, the rate limit's headers where limits apply, `Retry-After` on 429 and
//! 503, `Cache-Control` and `Vary` on authenticated answers, and `Idempotent-Replayed`
//! where an `Idempotency-Key` is taken.

use utoipa::openapi::path::Operation;
use utoipa::openapi::{Header, HeaderBuilder, ObjectBuilder, Ref, RefOr, Type};

fn text(description: &str) -> Header {
    HeaderBuilder::new()
        .schema(Some(ObjectBuilder::new().schema_type(Type::String)))
        .description(Some(description))
        .build()
}

fn seconds(description: &str) -> Header {
    HeaderBuilder::new()
        .schema(Some(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .minimum(Some(0)),
        ))
        .description(Some(description))
        .build()
}

/// Which rules apply to an operation.
pub(super) struct Sends {
    /// Rate limits apply (everything but health, metrics and problem pages).
    pub limited: bool,
    /// The caller is authenticated.
    pub secured: bool,
    /// It takes an `Idempotency-Key`.
    pub idempotent: bool,
    /// It hands out credentials (signup, login, refresh): `Cache-Control: no-store`.
    pub credentials: bool,
}

/// Every header the rules below attach, as `#/components/headers/<name>`.
pub(super) fn components() -> Vec<(&'static str, Header)> {
    vec![
        (
            "X-Request-Id",
            text(
                "The request's id (yours if you sent a valid one): problem bodies and the server's log carry it too",
            ),
        ),
        (
            "RateLimit",
            text(
                "What is left of the tightest limit: `\"<policy>\";r=<requests remaining>;t=<seconds until the window resets>`",
            ),
        ),
        (
            "RateLimit-Policy",
            text("The tightest limit that applies: `\"<policy>\";q=<requests>;w=<window seconds>`"),
        ),
        ("Retry-After", seconds("Seconds to wait before retrying")),
        (
            "Cache-Control",
            text(
                "`private, no-cache`: no shared cache keeps an authenticated answer; `no-store` on answers that carry tokens or an export, which nothing may keep",
            ),
        ),
        (
            "Vary",
            text("Includes `Authorization`: the answer depends on who asks"),
        ),
        (
            "Idempotent-Replayed",
            text(
                "`true` when this is the stored answer to an earlier request with the same `Idempotency-Key`",
            ),
        ),
    ]
}

/// Adds the headers `sends` implies to every response of `op`, as references.
pub(super) fn document(op: &mut Operation, sends: &Sends) {
    for (status, response) in op.responses.responses.iter_mut() {
        let RefOr::T(r) = response else { continue };
        let mut add = |name: &str| {
            r.headers
                .entry(name.to_string())
                .or_insert_with(|| RefOr::Ref(Ref::new(format!("#/components/headers/{name}"))));
        };
        add("X-Request-Id");
        if sends.limited {
            add("RateLimit");
            add("RateLimit-Policy");
        }
        if status == "429" || status == "503" {
            add("Retry-After");
        }
        if sends.secured || sends.credentials {
            add("Cache-Control");
        }
        if sends.secured {
            add("Vary");
        }
        if sends.idempotent && status.starts_with('2') {
            add("Idempotent-Replayed");
        }
    }
}
