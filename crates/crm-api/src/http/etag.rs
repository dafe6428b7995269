//! `ETag: "<version>"` on reads and `If-Match` preconditions on writes.

use crate::http::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::header::{ETAG, IF_MATCH};
use actix_web::{FromRequest, HttpRequest, HttpResponseBuilder};

/// What an `If-Match` header may hold: `*` or one ETag this server issued.
pub const IF_MATCH_PATTERN: &str = "^(\\*|(W/)?\"[0-9]{1,18}\")$";

/// The strong ETag of a resource version.
pub fn etag(version: i64) -> String {
    format!("\"{version}\"")
}

/// Adds the ETag of `version` to a response.
pub fn with_etag(mut b: HttpResponseBuilder, version: i64) -> HttpResponseBuilder {
    b.insert_header((ETAG, etag(version)));
    b
}

/// The version an `If-Match` header requires, if any. `*` matches any version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub Option<i64>);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let Some(raw) = req.headers().get(IF_MATCH) else {
            return std::future::ready(Ok(IfMatch(None)));
        };
        let parsed = raw.to_str().ok().map(str::trim).and_then(|v| {
            if v == "*" {
                return Some(None);
            }
            let v = v.strip_prefix("W/").unwrap_or(v);
            v.strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .filter(|v| !v.is_empty() && v.len() <= 18 && v.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|v| v.parse::<i64>().ok())
                .map(Some)
        });
        std::future::ready(match parsed {
            Some(version) => Ok(IfMatch(version)),
            None => Err(ApiError::invalid_parameters(vec![
                crm_core::FieldError::new(
                    "If-Match",
                    "invalid_format",
                    "must be an ETag this API returned, such as \"3\", or *",
                ),
            ])),
        })
    }
}
