//! `ApiError`: every failure as RFC 9457 problem+json with a stable `code`, the
//! request id and the path. Domain errors map to statuses in one table here.

use crate::http::context;
use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use crm_core::{DomainError, FieldError};
use serde::Serialize;
use utoipa::ToSchema;

/// One invalid field in a problem.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq)]
pub struct ProblemField {
    /// The JSON path of the field, query parameter or header.
    #[schema(example = "email")]
    pub field: String,
    /// A stable machine-readable code.
    #[schema(example = "invalid_format")]
    pub code: String,
    /// What is wrong, in plain words.
    #[schema(example = "must be a valid email address")]
    pub message: String,
}

/// An RFC 9457 problem details body.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// The problem type's page (`/problems/{code}`).
    #[schema(example = "/problems/validation")]
    #[serde(rename = "type")]
    pub type_: String,
    #[schema(example = "Validation failed")]
    pub title: String,
    #[schema(example = 422)]
    pub status: u16,
    #[schema(example = "2 fields are invalid")]
    pub detail: String,
    /// The path of the request that failed.
    #[schema(example = "/v1/users")]
    pub instance: String,
    /// The same id as the `X-Request-Id` header and the server's log lines.
    #[schema(example = "0193a0c4-7b1e-7c39-9a4e-2f0d6f1f6a10")]
    pub request_id: String,
    /// A stable machine-readable code for the problem.
    #[schema(example = "validation")]
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ProblemField>,
}

/// An error answered as problem+json.
#[derive(Debug)]
pub struct ApiError(Box<ApiErrorBody>);

/// What an [`ApiError`] holds; boxed so that `Result<T, ApiError>` stays one word.
#[derive(Debug)]
pub struct ApiErrorBody {
    pub status: StatusCode,
    pub code: &'static str,
    pub title: &'static str,
    pub detail: String,
    pub errors: Vec<ProblemField>,
    pub headers: Vec<(HeaderName, String)>,
    /// The cause, logged with the request id and never shown.
    pub cause: Option<String>,
}

impl std::ops::Deref for ApiError {
    type Target = ApiErrorBody;
    fn deref(&self) -> &ApiErrorBody {
        &self.0
    }
}

impl std::ops::DerefMut for ApiError {
    fn deref_mut(&mut self) -> &mut ApiErrorBody {
        &mut self.0
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}: {}", self.status.as_u16(), self.code, self.detail)
    }
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        code: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self(Box::new(ApiErrorBody {
            status,
            code,
            title,
            detail: detail.into(),
            errors: Vec::new(),
            headers: Vec::new(),
            cause: None,
        }))
    }

    pub fn with_errors(mut self, errors: Vec<FieldError>) -> Self {
        self.errors = errors
            .into_iter()
            .map(|e| ProblemField {
                field: e.field,
                code: e.code,
                message: e.message,
            })
            .collect();
        self
    }

    pub fn with_header(mut self, name: HeaderName, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }

    pub fn bad_request(code: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, code, "Bad request", detail)
    }

    /// 400 for bad query parameters, paths or headers, naming each.
    pub fn invalid_parameters(errors: Vec<FieldError>) -> Self {
        let detail = summary(&errors, "parameter");
        Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            "Invalid parameter",
            detail,
        )
        .with_errors(errors)
    }

    /// 422 for a body that parsed but does not hold valid values.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        let detail = summary(&errors, "field");
        Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Validation failed",
            detail,
        )
        .with_errors(errors)
    }

    pub fn unauthorized(detail: impl Into<String>, invalid_token: bool) -> Self {
        let challenge = if invalid_token {
            "Bearer error=\"invalid_token\""
        } else {
            "Bearer"
        };
        Self::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "Unauthorized",
            detail,
        )
        .with_header(header::WWW_AUTHENTICATE, challenge)
    }

    pub fn forbidden(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, "forbidden", "Forbidden", detail)
    }

    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", "Not found", detail)
    }

    pub fn internal(cause: impl Into<String>) -> Self {
        let mut e = Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "Internal server error",
            "the server failed to answer; quote the request id when reporting it",
        );
        e.cause = Some(cause.into());
        e
    }

    pub fn unavailable(cause: impl Into<String>) -> Self {
        let mut e = Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "unavailable",
            "Service unavailable",
            "the database is unavailable; retry shortly",
        )
        .with_header(header::RETRY_AFTER, "1");
        e.cause = Some(cause.into());
        e
    }

    /// The problem body for the current request.
    pub fn problem(&self) -> Problem {
        let ctx = context::current();
        Problem {
            type_: crate::http::problems::type_uri(self.code),
            title: self.title.to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            instance: ctx.path,
            request_id: ctx.request_id,
            code: self.code.to_string(),
            errors: self.errors.clone(),
        }
    }
}

fn summary(errors: &[FieldError], what: &str) -> String {
    match errors {
        [one] => format!("{}: {}", one.field, one.message),
        many => format!("{} {what}s are invalid", many.len()),
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> Self {
        match e {
            DomainError::NotFound { resource } => {
                ApiError::not_found(format!("no {resource} has this id"))
            }
            DomainError::Moved {
                resource,
                collection,
                to,
            } => {
                let location = format!("/v1/{collection}/{to}");
                ApiError::new(
                    StatusCode::PERMANENT_REDIRECT,
                    "merged",
                    "Permanent redirect",
                    format!("this {resource} was merged into {to}; follow the Location header"),
                )
                .with_header(header::LOCATION, location)
            }
            DomainError::Conflict { what } => {
                ApiError::new(StatusCode::CONFLICT, "conflict", "Conflict", what)
            }
            DomainError::Validation(errors) => ApiError::validation(errors),
            DomainError::PreconditionFailed { current_version } => ApiError::new(
                StatusCode::PRECONDITION_FAILED,
                "precondition_failed",
                "Precondition failed",
                format!("the resource is at version {current_version}; read it again and retry"),
            )
            .with_header(header::ETAG, format!("\"{current_version}\"")),
            DomainError::InvalidCredentials => {
                ApiError::unauthorized("the credentials are not valid", true)
            }
            DomainError::Forbidden(why) => ApiError::forbidden(why),
            DomainError::TooLarge { code, detail } => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                code,
                "Content too large",
                detail,
            ),
            DomainError::Unavailable(fault) => ApiError::unavailable(fault.chain()),
            DomainError::Internal(fault) => ApiError::internal(fault.chain()),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let problem = self.problem();
        if self.status.is_server_error() {
            tracing::error!(
                request_id = %problem.request_id,
                status = self.status.as_u16(),
                cause = self.cause.as_deref().unwrap_or(""),
                "request failed"
            );
        }
        let mut res = HttpResponse::build(self.status);
        res.insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        ));
        for (name, value) in &self.headers {
            if let Ok(v) = HeaderValue::from_str(value) {
                res.insert_header((name.clone(), v));
            }
        }
        res.json(problem)
    }
}

/// The result type of every handler.
pub type ApiResult<T> = Result<T, ApiError>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::http::context::{RequestContext, scope};

    #[actix_web::test]
    async fn a_500_shows_only_the_request_id_never_the_cause() {
        let ctx = RequestContext {
            request_id: "req-1".into(),
            path: "/v1/users".into(),
        };
        let e = ApiError::internal(
            "duplicate key value violates unique constraint \"users_pkey\" at 10.0.0.5",
        );
        let res = scope(ctx, async { e.error_response() }).await;
        assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
        let body = actix_web::body::to_bytes(res.into_body())
            .await
            .unwrap_or_default();
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("\"request_id\":\"req-1\""), "{text}");
        assert!(
            !text.contains("users_pkey") && !text.contains("10.0.0.5"),
            "{text}"
        );
    }

    #[test]
    fn a_merged_record_redirects_to_its_collection_without_naming_resources_here() {
        let to = uuid::Uuid::nil();
        let e = ApiError::from(DomainError::Moved {
            resource: "deal",
            collection: "deals",
            to,
        });
        assert_eq!(e.status, StatusCode::PERMANENT_REDIRECT);
        let location = e.headers.iter().find(|(n, _)| n == header::LOCATION);
        assert_eq!(
            location.map(|(_, v)| v.as_str()),
            Some(format!("/v1/deals/{to}").as_str())
        );
    }

    #[test]
    fn a_500_logs_the_whole_cause_chain() {
        let io = std::io::Error::other("connection reset by peer");
        let e = ApiError::from(DomainError::Internal(crm_core::Fault::caused_by(
            "a database statement failed",
            io,
        )));
        assert_eq!(
            e.cause.as_deref(),
            Some("a database statement failed: connection reset by peer")
        );
    }

    #[test]
    fn domain_errors_map_to_their_statuses() {
        let cases = [
            (DomainError::not_found("user"), 404),
            (DomainError::conflict("taken"), 409),
            (DomainError::field("email", "invalid_format", "bad"), 422),
            (DomainError::PreconditionFailed { current_version: 3 }, 412),
            (DomainError::InvalidCredentials, 401),
            (DomainError::Forbidden("no".into()), 403),
            (
                DomainError::TooLarge {
                    code: "too_many_rows",
                    detail: "at most 1,000,000".into(),
                },
                413,
            ),
            (DomainError::Unavailable("down".into()), 503),
            (DomainError::internal("bug"), 500),
        ];
        for (e, status) in cases {
            assert_eq!(ApiError::from(e).status.as_u16(), status);
        }
    }
}
