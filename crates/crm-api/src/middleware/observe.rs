//! Gives every request an id (accepted from `X-Request-Id` or made), runs it inside a
//! tracing span and the request context, logs one line per request and counts it.

use crate::http::context::{self, RequestContext};
use crate::http::error::ApiError;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::error::InternalError;
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError, web};
use std::time::Instant;
use tracing::Instrument;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

fn accepted_id(v: &str) -> bool {
    !v.is_empty()
        && v.len() <= 128
        && v.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-_.:".contains(&b))
}

pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let request_id = req
        .headers()
        .get(&REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .filter(|v| accepted_id(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let method = req.method().to_string();
    let path = req.path().to_string();
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let _in_flight = state.as_ref().map(|s| s.metrics.enter());
    let span =
        tracing::info_span!("request", request_id = %request_id, method = %method, path = %path);
    let ctx = RequestContext {
        request_id: request_id.clone(),
        path: path.clone(),
    };
    let result = context::scope(ctx, next.call(req).instrument(span.clone())).await;
    let mut res = match result {
        Ok(res) => res.map_into_boxed_body(),
        Err(e) => {
            // Inner layers answer errors themselves; should one escape, it still leaves
            // as problem+json carrying the request id.
            let api = ApiError::internal(e.to_string());
            let ctx = RequestContext {
                request_id: request_id.clone(),
                path,
            };
            let mut body = context::scope(ctx, async { api.error_response() }).await;
            if let Ok(v) = HeaderValue::from_str(&request_id) {
                body.headers_mut().insert(REQUEST_ID, v);
            }
            return Err(InternalError::from_response(e, body).into());
        }
    };
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(REQUEST_ID, v);
    }
    let status = res.status().as_u16();
    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let elapsed = started.elapsed();
    if let Some(state) = state {
        state.metrics.observe(&method, &route, status, elapsed);
    }
    span.in_scope(|| {
        tracing::info!(status, route = %route, elapsed_ms = elapsed.as_secs_f64() * 1000.0, "request finished");
    });
    Ok(res)
}
