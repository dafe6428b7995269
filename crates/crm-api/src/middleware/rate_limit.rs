//! Rate limits per user or API key, per organisation, and per address for anonymous
//! calls, with `RateLimit-Policy` and `RateLimit` headers (IETF draft form) on every
//! response and 429 with `Retry-After` past the limit.

use crate::auth;
use crate::http::error::ApiError;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{AUTHORIZATION, HeaderName, HeaderValue, RETRY_AFTER};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};

pub use super::counters::{Decision, RateLimiter};

/// The fixed window of the request limits, in seconds (windows start on the minute).
pub const WINDOW_SECONDS: u64 = 60;
const POLICY: HeaderName = HeaderName::from_static("ratelimit-policy");
const RATELIMIT: HeaderName = HeaderName::from_static("ratelimit");

fn headers(d: &Decision) -> [(HeaderName, String); 2] {
    [
        (
            POLICY,
            format!("\"{}\";q={};w={}", d.policy, d.limit, WINDOW_SECONDS),
        ),
        (
            RATELIMIT,
            format!("\"{}\";r={};t={}", d.policy, d.remaining, d.reset_seconds),
        ),
    ]
}

/// The 429 answer for a refused decision.
pub fn too_many(d: &Decision) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests",
        format!(
            "the '{}' limit of {} requests is used up; retry in {} s",
            d.policy, d.limit, d.reset_seconds
        ),
    )
    .with_header(RETRY_AFTER, d.reset_seconds.max(1).to_string());
    for (n, v) in headers(d) {
        e = e.with_header(n, v);
    }
    e
}

/// The tightest of several decisions: a refusal first, else the fewest remaining.
fn tightest(ds: Vec<Decision>) -> Option<Decision> {
    ds.into_iter().min_by_key(|d| (d.allowed, d.remaining))
}

pub async fn rate_limit(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let path = req.path();
    if path.starts_with("/health") || path == "/metrics" || path.starts_with("/problems") {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    }
    let s = &state.settings;
    let mut decisions = Vec::new();
    let caller = if req.headers().contains_key(AUTHORIZATION) {
        match auth::resolve(req.request(), &state).await {
            Ok(c) => Some(c),
            // The database is down: answer now rather than wait for it again.
            Err(e) if e.status.is_server_error() => {
                let (http_req, _) = req.into_parts();
                return Ok(ServiceResponse::new(http_req, e.error_response()));
            }
            Err(_) => None,
        }
    } else {
        None
    };
    match caller {
        Some(c) => {
            let who = c.principal.id().map(|i| i.to_string()).unwrap_or_default();
            decisions.push(state.limiter.hit(
                "caller",
                &format!("p:{who}"),
                s.rate_limit,
                WINDOW_SECONDS,
            ));
            decisions.push(state.limiter.hit(
                "organisation",
                &format!("o:{}", c.org_id),
                s.org_rate_limit,
                WINDOW_SECONDS,
            ));
        }
        None => {
            let ip = req
                .peer_addr()
                .map(|a| a.ip().to_string())
                .unwrap_or_default();
            decisions.push(state.limiter.hit(
                "anonymous",
                &format!("a:{ip}"),
                s.anon_rate_limit,
                WINDOW_SECONDS,
            ));
        }
    }
    let Some(d) = tightest(decisions) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    if !d.allowed {
        let (http_req, _) = req.into_parts();
        return Ok(ServiceResponse::new(
            http_req,
            too_many(&d).error_response(),
        ));
    }
    let mut res = next.call(req).await?.map_into_boxed_body();
    for (n, v) in headers(&d) {
        if let Ok(v) = HeaderValue::from_str(&v) {
            res.headers_mut().insert(n, v);
        }
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_tightest_decision_wins() {
        let d = |allowed, remaining| Decision {
            policy: "p",
            limit: 10,
            remaining,
            reset_seconds: 1,
            allowed,
        };
        assert_eq!(
            tightest(vec![d(true, 5), d(true, 2)]).map(|d| d.remaining),
            Some(2)
        );
        assert_eq!(
            tightest(vec![d(true, 5), d(false, 0)]).map(|d| d.allowed),
            Some(false)
        );
    }
}
