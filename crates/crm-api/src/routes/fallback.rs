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
                            .map(|k| k.to_uppercase())
                            .collect()
                    })
                    .unwrap_or_default();
                routes.push((segments(path), methods));
            }
        }
        // Served but not part of the API document.
        routes.push((segments("/openapi.json"), vec!["GET".into()]));
        Self { routes }
    }

    /// The methods allowed on `path`, if some documented path matches it.
    pub fn allowed(&self, path: &str) -> Option<Vec<String>> {
        let want = segments(path);
        let mut methods: Vec<String> = self
            .routes
            .iter()
            .filter(|(pattern, _)| {
                pattern.len() == want.len()
                    && pattern
                        .iter()
                        .zip(&want)
                        .all(|(p, w)| (p.starts_with('{') && !w.is_empty()) || p == w)
            })
            .flat_map(|(_, m)| m.clone())
            .collect();
        if methods.is_empty() {
            return None;
        }
        methods.sort();
        methods.dedup();
        Some(methods)
    }
}

fn segments(path: &str) -> Vec<String> {
    path.trim_end_matches('/')
        .split('/')
        .map(str::to_string)
        .collect()
}

/// The default service of the app.
pub async fn fallback(req: HttpRequest, state: web::Data<AppState>) -> HttpResponse {
    match state.routes.allowed(req.path()) {
        Some(methods) => ApiError::new(
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
        None => ApiError::new(
            StatusCode::NOT_FOUND,
            "route_not_found",
            "Not found",
            "no route has this path; see /openapi.json",
        )
        .error_response(),
    }
}
