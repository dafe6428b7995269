//! HTTP's conditional and cache semantics for every route: `HEAD` is answered as `GET`
//! without the body, a `GET` whose `If-None-Match` names the current `ETag` is a 304,
//! and an authenticated answer says `Cache-Control: private, no-cache` and
//! `Vary: Authorization`, so no shared cache keeps it and a browser revalidates it.

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{
    AUTHORIZATION, CACHE_CONTROL, ETAG, HeaderMap, HeaderValue, IF_NONE_MATCH, VARY,
};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};

/// What an authenticated answer may be cached as.
pub const PRIVATE: &str = "private, no-cache";

/// What an answer carrying credentials or an export may be cached as: not at all
/// (RFC 6749 section 5.1 asks it of token answers).
pub const NO_STORE: &str = "no-store";

/// Whether `if_none_match` (a list of entity tags, or `*`) names `etag`, by the weak
/// comparison RFC 9110 asks for on `If-None-Match`.
pub fn matches(if_none_match: &str, etag: &str) -> bool {
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_string();
    let current = opaque(etag);
    if_none_match
        .split(',')
        .map(str::trim)
        .any(|t| t == "*" || opaque(t) == current)
}

fn not_modified(headers: &HeaderMap) -> HttpResponse {
    let mut res = HttpResponse::NotModified();
    for name in [ETAG, CACHE_CONTROL, VARY] {
        for v in headers.get_all(&name) {
            res.append_header((name.clone(), v.clone()));
        }
    }
    for name in ["x-request-id", "ratelimit", "ratelimit-policy"] {
        if let Some(v) = headers.get(name) {
            res.insert_header((name, v.clone()));
        }
    }
    res.finish()
}

pub async fn conditional(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let head = req.method() == Method::HEAD;
    if head {
        req.head_mut().method = Method::GET;
    }
    let authenticated = req.headers().contains_key(AUTHORIZATION);
    let if_none_match = (req.method() == Method::GET)
        .then(|| req.headers().get(IF_NONE_MATCH))
        .flatten()
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let mut res = next.call(req).await?.map_into_boxed_body();
    if authenticated {
        let headers = res.headers_mut();
        if !headers.contains_key(CACHE_CONTROL) {
            headers.insert(CACHE_CONTROL, HeaderValue::from_static(PRIVATE));
        }
        headers.append(VARY, HeaderValue::from_static("Authorization"));
    }
    let unchanged = res.status() == StatusCode::OK
        && if_none_match.is_some_and(|inm| {
            res.headers()
                .get(ETAG)
                .and_then(|e| e.to_str().ok())
                .is_some_and(|etag| matches(&inm, etag))
        });
    if unchanged {
        let answer = not_modified(res.headers());
        return Ok(res.into_response(answer));
    }
    if head {
        return Ok(res.map_body(|_, _| BoxBody::new(())));
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn an_if_none_match_names_the_current_etag_strongly_weakly_in_a_list_or_as_a_star() {
        assert!(matches("\"3\"", "\"3\""));
        assert!(matches("W/\"3\"", "\"3\""));
        assert!(matches("\"1\", \"3\"", "\"3\""));
        assert!(matches("*", "\"3\""));
        assert!(!matches("\"2\"", "\"3\""));
        assert!(!matches("\"33\"", "\"3\""));
        assert!(!matches("", "\"3\""));
    }
}
