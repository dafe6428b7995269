//! Requests no route takes: 405 with `Allow` when the path exists under another
//! method, else 404; both as problem+json.

use crate::http::error::ApiError;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::ALLOW;
use actix_web::{HttpRequest, HttpResponse, ResponseError, web};
use utoipa::openapi::OpenApi;

/// The documented paths and their methods, for answering 405.
#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<String>, Vec<String>)>,
}

impl RouteTable {
    pub fn from_openapi(doc: &OpenApi) -> Self {
        let value = serde_json::to_value(doc).unwrap_or_default();
        let mut routes = Vec::new();
        if let Some(paths) = value.get("paths").and_then(|p| p.as_object()) {
            for (path, item) in paths {
                let methods: Vec<String> = item
                    .as_object()
                    .map(|o| {
                        o.keys()
                            .filter(|k| {
                                matches!(k.as_str(), "get" | "post" | "put" | "patch" | "delete")
                            })
                            .flat_map(|k| {
                                // HEAD is answered wherever GET is (middleware::conditional).
                                let head = (k == "get").then(|| "HEAD".to_string());
                                std::iter::once(k.to_uppercase()).chain(head)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                routes.push((segments(path), methods));
            }
        }
        // Served but not part of the API document.
        routes.push((segments("/openapi.json"), vec!["GET".into(), "HEAD".into()]));
        Self { routes }
    }

    /// What a request no route took ran into: the documented path that matches it
    /// most literally (`/users/search` before `/users/{id}`) decides.
    pub fn resolve(&self, method: &str, path: &str) -> Miss {
        if path.len() > 1 && path.ends_with('/') {
            return Miss::TrailingSlash(path.trim_end_matches('/').to_string());
        }
        let want = segments(path);
        let best = self
            .routes
            .iter()
            .filter(|(pattern, _)| {
                pattern.len() == want.len()
                    && pattern
                        .iter()
                        .zip(&want)
                        .all(|(p, w)| (p.starts_with('{') && !w.is_empty()) || p == w)
            })
            .max_by_key(|(pattern, _)| pattern.iter().filter(|p| !p.starts_with('{')).count());
        let Some((pattern, methods)) = best else {
            return Miss::NoRoute;
        };
        if methods.iter().any(|m| m == method) {
            // The method fits but the router refused a parameter's shape.
            let name = pattern
                .iter()
                .find(|p| p.starts_with('{'))
                .map(|p| p.trim_matches(|c| c == '{' || c == '}').to_string());
            return name.map_or(Miss::NoRoute, Miss::BadParameter);
        }
        let mut methods = methods.clone();
        methods.sort();
        Miss::WrongMethod(methods)
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .map(str::to_string)
        .collect()
}

/// Why no route took a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Miss {
    NoRoute,
    /// The path with its trailing slash removed, which may be the one meant.
    TrailingSlash(String),
    WrongMethod(Vec<String>),
    BadParameter(String),
}

/// The default service of the app.
pub async fn fallback(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    let miss = state.routes.resolve(req.method().as_str(), req.path());
    // Credentials come before parameters, as on every routed request.
    if matches!(miss, Miss::BadParameter(_))
        && let Err(e) = crate::auth::resolve(&req, &state).await
    {
        return e.error_response();
    }
    match miss {
        Miss::BadParameter(name) => ApiError::invalid_parameters(vec![crm_core::FieldError::new(
            name,
            "invalid_format",
            "the id must be a UUID",
        )])
        .error_response(),
        Miss::WrongMethod(methods) => ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Method not allowed",
            format!(
                "{} is not allowed here; allowed: {}",
                req.method(),
                methods.join(", ")
            ),
        )
        .with_header(ALLOW, methods.join(", "))
        .error_response(),
        Miss::TrailingSlash(meant) => ApiError::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            "Not found",
            format!("no route ends with a slash; did you mean {meant}?"),
        )
        .error_response(),
        Miss::NoRoute => ApiError::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            "Not found",
            "no route has this path; see /openapi.json",
        )
        .error_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> RouteTable {
        let seg = |p: &str| segments(p);
        RouteTable {
            routes: vec![
                (seg("/v1/users"), vec!["GET".into(), "POST".into()]),
                (seg("/v1/users/search"), vec!["POST".into()]),
                (
                    seg("/v1/users/{id}"),
                    vec!["DELETE".into(), "GET".into(), "PATCH".into()],
                ),
            ],
        }
    }

    #[test]
    fn the_most_literal_path_decides_the_allowed_methods() {
        assert_eq!(
            table().resolve("PATCH", "/v1/users/search"),
            Miss::WrongMethod(vec!["POST".into()])
        );
        assert_eq!(
            table().resolve("PUT", "/v1/users/0193a0c4-7b1e-7c39-9a4e-2f0d6f1f6a10"),
            Miss::WrongMethod(vec!["DELETE".into(), "GET".into(), "PATCH".into()])
        );
    }

    #[test]
    fn a_fitting_method_with_a_malformed_id_is_a_bad_parameter() {
        assert_eq!(
            table().resolve("GET", "/v1/users/not-a-uuid"),
            Miss::BadParameter("id".into())
        );
        assert_eq!(table().resolve("GET", "/v2/users"), Miss::NoRoute);
    }

    #[test]
    fn a_trailing_slash_is_a_missing_route_that_names_the_path_meant() {
        assert_eq!(
            table().resolve("GET", "/v1/users/"),
            Miss::TrailingSlash("/v1/users".into())
        );
    }
}
