//! Extractors that answer problem+json: a JSON body that names the field of any error
//! (unknown and read-only fields included), typed query parameters, and path ids.

use crate::http::error::ApiError;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::http::header::CONTENT_TYPE;
use actix_web::{FromRequest, HttpRequest, web};
use crm_core::FieldError;
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;
use uuid::Uuid;

/// The largest JSON body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Fields no request may set: the server owns them.
const READ_ONLY: &[&str] = &[
    "id",
    "org_id",
    "version",
    "created_at",
    "updated_at",
    "deleted_at",
];

fn field_error(path: &str, message: String) -> FieldError {
    // serde names unknown fields as "unknown field `x`, expected …".
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let name = rest.split('`').next().unwrap_or_default();
        // The path already ends with the unknown key.
        let field = if path == "." || path.is_empty() {
            name.to_string()
        } else {
            path.to_string()
        };
        return if READ_ONLY.contains(&name) {
            FieldError::new(
                field,
                "read_only",
                format!("'{name}' is set by the server and cannot be written"),
            )
        } else {
            FieldError::new(
                field,
                "unknown_field",
                format!("'{name}' is not a field of this request"),
            )
        };
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let name = rest.split('`').next().unwrap_or_default();
        let field = if path == "." || path.is_empty() {
            name.to_string()
        } else {
            format!("{path}.{name}")
        };
        return FieldError::new(field, "required", "this field is required");
    }
    let (code, message) = crate::http::wording::plain(&message);
    // A wrong type for the whole body (`"x"`, `[]`) names the body.
    let field = if path == "." {
        "body".to_string()
    } else {
        path.to_string()
    };
    FieldError::new(field, code, message)
}

/// Parses JSON bytes into `T`: syntax errors are 400, type and field errors 422.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    // Every body is an object, but serde also reads a struct from an array (its fields by
    // position), so `[]` would pass as an empty patch: refused before that.
    if bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'[') {
        return Err(not_an_object());
    }
    // `\u0000` is the only way a JSON text holds NUL (a raw one is a syntax error).
    if bytes.windows(6).any(|w| w == b"\\u0000")
        && let Ok(value) = serde_json::from_slice::<serde_json::Value>(bytes)
    {
        refuse_nul(&value)?;
    }
    let de = &mut serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(de) {
        // JSON Schema counts 5.0 as an integer, so a generated client may send it: read
        // the body again with integral numbers as integers (only then, so the common
        // case parses once).
        Err(e)
            if e.inner()
                .to_string()
                .starts_with("invalid type: floating point") =>
        {
            match serde_json::from_slice::<serde_json::Value>(bytes) {
                Ok(mut v) => {
                    integral(&mut v);
                    answer(serde_path_to_error::deserialize::<_, T>(v))
                }
                Err(_) => answer(Err(e)),
            }
        }
        read => answer(read),
    }
}

/// Turns every number with no fractional part (`5.0`) into an integer (`5`).
fn integral(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(f) = n.as_f64()
                && f.fract() == 0.0
                && f.abs() < 9.0e15
            {
                *v = Value::from(f as i64);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(integral),
        Value::Object(fields) => fields.values_mut().for_each(integral),
        _ => {}
    }
}

/// Reads a body already parsed as JSON into `T`, as [`parse_json`] reads its bytes
/// (a PATCH that took its read-only fields out of the body first).
pub fn parse_value<T: DeserializeOwned>(value: serde_json::Value) -> Result<T, ApiError> {
    if value.is_array() {
        return Err(not_an_object());
    }
    refuse_nul(&value)?;
    let mut value = value;
    integral(&mut value);
    answer(serde_path_to_error::deserialize::<_, T>(value))
}

/// A 422 naming the first field, item or key of `value` that holds NUL, which no
/// database here stores as text.
fn refuse_nul(value: &serde_json::Value) -> Result<(), ApiError> {
    match crm_records::text::nul_in(value) {
        None => Ok(()),
        Some(path) => {
            let field = if path == "." { "body".into() } else { path };
            Err(ApiError::validation(vec![crm_records::text::nul_error(
                field,
            )]))
        }
    }
}

fn not_an_object() -> ApiError {
    ApiError::validation(vec![field_error(
        ".",
        "invalid type: array, expected an object".into(),
    )])
}

/// A deserialisation's outcome as the API answers it: syntax errors are 400, type and
/// field errors 422 naming the field.
fn answer<T>(
    read: Result<T, serde_path_to_error::Error<serde_json::Error>>,
) -> Result<T, ApiError> {
    match read {
        Ok(v) => Ok(v),
        Err(e) => {
            let path = e.path().to_string();
            let inner = e.into_inner();
            if inner.is_syntax() || inner.is_eof() {
                Err(ApiError::bad_request(
                    "malformed_json",
                    format!("the body is not valid JSON: {inner}"),
                ))
            } else {
                Err(ApiError::validation(vec![field_error(
                    &path,
                    inner.to_string(),
                )]))
            }
        }
    }
}

/// A JSON request body of type `T`.
pub struct JsonBody<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"))
            })
            .unwrap_or(false);
        let body = web::Bytes::from_request(req, payload);
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "Unsupported media type",
                    "send the body as application/json",
                ));
            }
            let bytes = body.await.map_err(|e| {
                if e.as_response_error().status_code() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "payload_too_large",
                        "Payload too large",
                        format!("the body may be at most {MAX_BODY_BYTES} bytes"),
                    )
                } else {
                    ApiError::bad_request("unreadable_body", "the request body could not be read")
                }
            })?;
            parse_json(&bytes).map(JsonBody)
        })
    }
}

/// Query parameters of type `T`; every error names its parameter and answers 400.
pub struct QueryParams<T>(pub T);

impl<T: DeserializeOwned> FromRequest for QueryParams<T> {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let query = req.query_string().as_bytes();
        // A NUL reaches a query only escaped; the parameter holding it is named.
        if query.windows(3).any(|w| w == b"%00")
            && let Some((name, _)) = form_urlencoded::parse(query).find(|(k, v)| {
                k.contains(crm_records::text::NUL) || v.contains(crm_records::text::NUL)
            })
        {
            let name = name.replace(crm_records::text::NUL, "\\u0000");
            return std::future::ready(Err(ApiError::invalid_parameters(vec![
                crm_records::text::nul_error(name),
            ])));
        }
        let de = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query));
        let result = serde_path_to_error::deserialize::<_, T>(de)
            .map(QueryParams)
            .map_err(|e| {
                let path = e.path().to_string();
                let message = e.into_inner().to_string();
                let mut fe = field_error(&path, message);
                if fe.code == "unknown_field" {
                    fe.code = "unknown_parameter".into();
                    fe.message = format!("'{}' is not a parameter of this operation", fe.field);
                }
                ApiError::invalid_parameters(vec![fe])
            });
        std::future::ready(result)
    }
}

/// The `{id}` of a path, which must be a UUID.
pub struct PathId(pub Uuid);

impl FromRequest for PathId {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(path_uuid(req, "id").map(PathId))
    }
}

/// The path parameter `name`, which must be a UUID; a 400 naming it otherwise.
pub fn path_uuid(req: &HttpRequest, name: &str) -> Result<Uuid, ApiError> {
    let raw = req.match_info().get(name).unwrap_or_default();
    Uuid::parse_str(raw).map_err(|_| {
        ApiError::invalid_parameters(vec![FieldError::new(
            name,
            "invalid_format",
            "the id must be a UUID",
        )])
    })
}
