//! The one application builder, used by `crm serve`, the tests and the benchmarks.

use crate::http::error::ApiError;
use crate::http::extract::MAX_BODY_BYTES;
use crate::middleware::{
    conditional::conditional, idempotency::idempotency, observe::observe, rate_limit::rate_limit,
};
use crate::routes;
use crate::state::AppState;
use actix_cors::Cors;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceFactory, ServiceRequest, ServiceResponse};
use actix_web::http::header;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, Error, HttpResponse, web};
use utoipa_actix_web::AppExt;
use utoipa_swagger_ui::SwaggerUi;

fn cors(origins: &[String]) -> Cors {
    let mut c = Cors::default()
        .allowed_methods(["GET", "HEAD", "POST", "PATCH", "DELETE"])
        .allowed_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::IF_NONE_MATCH,
            header::HeaderName::from_static("idempotency-key"),
            header::HeaderName::from_static("x-request-id"),
        ])
        .expose_headers([
            header::ETAG,
            header::LOCATION,
            header::RETRY_AFTER,
            header::HeaderName::from_static("x-request-id"),
            header::HeaderName::from_static("ratelimit"),
            header::HeaderName::from_static("ratelimit-policy"),
        ])
        .max_age(3600);
    for o in origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()) {
        c = c.allowed_origin(o);
    }
    c
}

/// Builds the application around `state`.
pub fn build_app(
    state: AppState,
) -> App<
    impl ServiceFactory<
        ServiceRequest,
        Config = (),
        Response = ServiceResponse<impl MessageBody>,
        Error = Error,
        InitError = (),
    >,
> {
    let cors = cors(&state.settings.cors_origins);
    let doc = (*state.openapi).clone();
    let (app, _) = App::new()
        .into_utoipa_app()
        .configure(routes::configure)
        .split_for_parts();
    app.app_data(web::Data::new(state))
        .app_data(web::PayloadConfig::new(MAX_BODY_BYTES))
        .app_data(
            web::QueryConfig::default().error_handler(|e, _| {
                ApiError::bad_request("invalid_parameter", e.to_string()).into()
            }),
        )
        .app_data(
            web::PathConfig::default().error_handler(|e, _| {
                ApiError::bad_request("invalid_parameter", e.to_string()).into()
            }),
        )
        .app_data(
            web::JsonConfig::default()
                .limit(MAX_BODY_BYTES)
                .error_handler(|e, _| {
                    ApiError::bad_request("malformed_json", e.to_string()).into()
                }),
        )
        .service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", doc))
        .route(
            "/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header((header::LOCATION, "/docs/"))
                    .finish()
            }),
        )
        .default_service(web::to(routes::fallback::fallback))
        .wrap(from_fn(conditional))
        .wrap(from_fn(idempotency))
        .wrap(from_fn(rate_limit))
        .wrap(cors)
        .wrap(Compress::default())
        .wrap(from_fn(observe))
}
