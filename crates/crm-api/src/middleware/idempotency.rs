//! `Idempotency-Key` on POST (Stripe's semantics): the first response is kept for 24
//! hours and replayed to a retry with the same body; another body under the same key is
//! a 422; a retry while the first still runs is a 409. Keys belong to one caller.

use crate::auth;
use crate::http::error::ApiError;
use crate::state::AppState;
use actix_web::body::{BoxBody, MessageBody, to_bytes};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{CONTENT_TYPE, ETAG, HeaderName, HeaderValue, LOCATION};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};
use crm_persistence::{Reservation, StoredResponse};
use sha2::{Digest, Sha256};

pub const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
pub const REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");
/// What a key may hold: 1 to 255 visible ASCII characters.
pub const KEY_PATTERN: &str = "^[!-~]{1,255}$";

fn valid_key(k: &str) -> bool {
    (1..=255).contains(&k.len()) && k.bytes().all(|b| (b'!'..=b'~').contains(&b))
}

/// How long a key is remembered.
pub const TTL_HOURS: i64 = 24;

/// What identifies "the same request" under one key: method, URI and body.
pub fn request_digest(method: &str, uri: &str, body: &[u8]) -> String {
    let mut h = Sha256::new();
    h.update(method);
    h.update(b"\n");
    h.update(uri);
    h.update(b"\n");
    h.update(body);
    hex::encode(h.finalize())
}

fn fail(req: ServiceRequest, e: ApiError) -> ServiceResponse<BoxBody> {
    let (http_req, _) = req.into_parts();
    ServiceResponse::new(http_req, e.error_response())
}

/// What stands for the body of an upload in its request digest.
const UPLOAD_DIGEST: &[u8] = b"multipart upload: the key names it";

pub async fn idempotency(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let key = req
        .headers()
        .get(&IDEMPOTENCY_KEY)
        .map(|v| v.to_str().map(str::to_string));
    // Uploads stream and are not buffered to be digested: the key alone names the
    // upload (a second file under the same key replays the first answer), and only an
    // upload that was stored is kept for replay, so a refused file can be fixed and sent
    // again under its key.
    let upload = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("multipart/"));
    let (Some(key), true) = (key, req.method() == Method::POST) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let key = match key {
        Ok(k) if valid_key(&k) => k,
        _ => {
            let e = ApiError::invalid_parameters(vec![crm_core::FieldError::new(
                "Idempotency-Key",
                "invalid_format",
                "must be 1 to 255 visible ASCII characters",
            )]);
            return Ok(fail(req, e));
        }
    };
    let Some(state) = req.app_data::<web::Data<AppState>>().cloned() else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    // Keys are scoped to a caller; without one the handler answers 401 itself.
    let Ok(caller) = auth::resolve(req.request(), &state).await else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let body = if upload {
        None
    } else {
        match req.extract::<web::Bytes>().await {
            Ok(b) => Some(b),
            Err(_) => {
                return next
                    .call(req)
                    .await
                    .map(ServiceResponse::map_into_boxed_body);
            }
        }
    };
    let digest = request_digest(
        req.method().as_str(),
        &req.uri().to_string(),
        body.as_deref().unwrap_or(UPLOAD_DIGEST),
    );
    let principal = format!(
        "{}:{}",
        caller.principal.kind(),
        caller.principal.id().unwrap_or_default()
    );
    let reservation = match state
        .idempotency
        .reserve(caller.org_id, &principal, &key, &digest)
        .await
    {
        Ok(r) => r,
        Err(e) => return Ok(fail(req, e.into())),
    };
    let id = match reservation {
        Reservation::New(id) => id,
        Reservation::Replay(stored) => {
            let mut res =
                HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK));
            for (n, v) in &stored.headers {
                res.insert_header((n.as_str(), v.as_str()));
            }
            res.insert_header((REPLAYED, "true"));
            let (http_req, _) = req.into_parts();
            return Ok(ServiceResponse::new(http_req, res.body(stored.body)));
        }
        Reservation::Erased => {
            let e = ApiError::new(
                StatusCode::GONE,
                "erased",
                "Gone",
                "what the request with this Idempotency-Key wrote was erased at the data subject's request; use a new key for a new request",
            );
            let mut res = fail(req, e);
            res.headers_mut().insert(
                REPLAYED,
                actix_web::http::header::HeaderValue::from_static("true"),
            );
            return Ok(res);
        }
        Reservation::InProgress => {
            let e = ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_in_progress",
                "Conflict",
                "a request with this Idempotency-Key is still being processed; retry later",
            );
            return Ok(fail(req, e));
        }
        Reservation::Mismatch => {
            let e = ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "idempotency_key_reused",
                "Idempotency key reused",
                "this Idempotency-Key was used with a different request; use a new key",
            );
            return Ok(fail(req, e));
        }
    };
    if let Some(body) = body {
        let (_, mut payload) = actix_http::h1::Payload::create(true);
        payload.unread_data(body);
        req.set_payload(payload.into());
    }
    let res = next.call(req).await?;
    let (http_req, res) = res.into_parts();
    let (head, body) = res.into_parts();
    let bytes = to_bytes(body).await.unwrap_or_default();
    let status = head.status();
    if status.is_server_error() || (upload && !status.is_success()) {
        let _ = state.idempotency.release(id).await;
    } else {
        let headers = [CONTENT_TYPE, LOCATION, ETAG]
            .iter()
            .filter_map(|n| {
                head.headers()
                    .get(n)
                    .and_then(|v| v.to_str().ok())
                    .map(|v| (n.to_string(), v.to_string()))
            })
            .collect();
        let stored = StoredResponse {
            status: status.as_u16(),
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        };
        if let Err(e) = state.idempotency.complete(id, &stored).await {
            tracing::error!(error = %e, "could not keep the idempotent response");
            let _ = state.idempotency.release(id).await;
        }
    }
    let mut head = head.set_body(BoxBody::new(bytes));
    if let Ok(v) = HeaderValue::from_str("false") {
        head.headers_mut().insert(REPLAYED, v);
    }
    Ok(ServiceResponse::new(http_req, head))
}
