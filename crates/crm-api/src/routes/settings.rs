//! The endpoints every settings record has, written once: `settings_routes!` declares
//! the list, create, read, update, delete and restore handlers of a resource an
//! organisation keeps a handful of (SLA policies, pipelines): listed whole, oldest
//! first, without paging or search; shaped by one permission area and read by another.
//! Full records (custom fields, tags, search, batch) use `record_routes!` instead.
//!
//! Invoked in `routes/<area>/<resource>/mod.rs`, where the named types are in scope:
//!
//! ```ignore
//! crate::settings_routes! {
//!     service: opportunities,              // the service on AppState
//!     calls: [pipelines, pipeline, create_pipeline, update_pipeline,
//!             delete_pipeline, restore_pipeline],
//!     read_area: Opportunities, write_area: Settings,
//!     tag: "pipelines", ops: "pipelines",  // the OpenAPI tag; operation ids' prefix
//!     noun: "pipeline", a: "a pipeline", plural: "pipelines", most: "100",
//!     dto: PipelineDto, page: PipelinePage,
//!     collection: "/pipelines", item: "/pipelines/{id:[0-9a-fA-F-]+}",
//!     restore: "/pipelines/{id:[0-9a-fA-F-]+}/restore",
//!     create: CreatePipelineRequest, update: UpdatePipelineRequest,
//!     notes: { list: "…", create: "…", read: "…", update: "…", delete: "…", restore: "…" },
//! }
//! ```
//!
//! Literals are taken as single tokens because actix's and utoipa's attributes need
//! them as written.

/// Declares the endpoints of one settings record; see the module's text.
#[macro_export]
macro_rules! settings_routes {
    (
        service: $svc:ident,
        calls: [$list_fn:ident, $read_fn:ident, $create_fn:ident, $update_fn:ident,
                $delete_fn:ident, $restore_fn:ident],
        read_area: $read_area:ident, write_area: $write_area:ident,
        tag: $tag:tt, ops: $ops:tt,
        noun: $noun:tt, a: $a:tt, plural: $plural:tt, most: $most:tt,
        dto: $dto:ident, page: $page:ident,
        collection: $coll:tt, item: $item:tt, restore: $restore_path:tt,
        create: $create_req:ident, update: $update_req:ident,
        notes: { list: $list_note:tt, create: $create_note:tt, read: $read_note:tt,
                 update: $update_note:tt, delete: $delete_note:tt, restore: $restore_note:tt $(,)? } $(,)?
    ) => {
        pub mod list {
            //! Every live record of the resource, oldest first, in one page.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, get, web};
            use crm_accounts::{Action, Area};
            use crm_core::page::Page;

            #[utoipa::path(
                operation_id = concat!($ops, "_list"),
                summary = concat!("List ", $plural),
                description = concat!("Every live ", $noun, ", oldest first, in one page (an organisation has at most ", $most, "). ", $list_note),
                tag = $tag,
                responses((status = 200, description = concat!("The ", $plural), body = $page)),
                security(("bearer" = []))
            )]
            #[get($coll)]
            pub async fn list(state: web::Data<AppState>, auth: Auth) -> ApiResult<HttpResponse> {
                auth.require(Area::$read_area, Action::Read)?;
                let items = state.$svc.$list_fn(&auth.actor).await?;
                let page = Page {
                    items,
                    next_cursor: None,
                    total: None,
                };
                Ok(HttpResponse::Ok().json($page::from_page(page, &auth.cursors, $dto::from)))
            }
        }

        pub mod create {
            //! Adds a record of the resource.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::http::etag::with_etag;
            use $crate::http::extract::JsonBody;
            use $crate::state::AppState;
            use actix_web::http::header::LOCATION;
            use actix_web::{HttpResponse, post, web};
            use crm_accounts::{Action, Area};

            #[utoipa::path(
                operation_id = concat!($ops, "_create"),
                summary = concat!("Create ", $a),
                description = $create_note,
                tag = $tag,
                request_body = $create_req,
                responses((status = 201, description = concat!("The new ", $noun), body = $dto,
                           headers(("Location" = String, description = "Where it is read"), ("ETag" = String, description = "The version"))),
                          (status = 409, description = concat!("The organisation already has ", $most, " ", $plural), body = $crate::http::error::Problem, content_type = "application/problem+json")),
                security(("bearer" = []))
            )]
            #[post($coll)]
            pub async fn create(
                state: web::Data<AppState>,
                auth: Auth,
                body: JsonBody<$create_req>,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$write_area, Action::Create)?;
                let r = state.$svc.$create_fn(&auth.actor, body.0.into()).await?;
                let mut res = with_etag(HttpResponse::Created(), r.version);
                res.insert_header((LOCATION, format!(concat!("/v1", $coll, "/{}"), r.id)));
                Ok(res.json($dto::from(r)))
            }
        }

        pub mod read {
            //! One record of the resource by id.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::http::etag::with_etag;
            use $crate::http::extract::PathId;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, get, web};
            use crm_accounts::{Action, Area};

            #[utoipa::path(
                operation_id = concat!($ops, "_read"),
                summary = concat!("Read ", $a),
                description = $read_note,
                tag = $tag,
                params(("id" = uuid::Uuid, Path, description = concat!("The ", $noun, "'s id"))),
                responses((status = 200, description = concat!("The ", $noun), body = $dto,
                           headers(("ETag" = String, description = "The version, for If-Match")))),
                security(("bearer" = []))
            )]
            #[get($item)]
            pub async fn read(
                state: web::Data<AppState>,
                auth: Auth,
                id: PathId,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$read_area, Action::Read)?;
                let r = state.$svc.$read_fn(&auth.actor, id.0).await?;
                Ok(with_etag(HttpResponse::Ok(), r.version).json($dto::from(r)))
            }
        }

        pub mod update {
            //! A merge-patch of a record, checked against the version read.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::echo;
            use $crate::http::error::ApiResult;
            use $crate::http::etag::{IfMatch, with_etag};
            use $crate::http::extract::{JsonBody, PathId};
            use $crate::state::AppState;
            use actix_web::{HttpResponse, patch, web};
            use crm_accounts::{Action, Area};

            #[utoipa::path(
                operation_id = concat!($ops, "_update"),
                summary = concat!("Update ", $a),
                description = concat!("A merge-patch; send `If-Match` to refuse a change made meanwhile. ", $update_note),
                tag = $tag,
                params(("id" = uuid::Uuid, Path, description = concat!("The ", $noun, "'s id"))),
                request_body = $update_req,
                responses((status = 200, description = concat!("The updated ", $noun), body = $dto,
                           headers(("ETag" = String, description = "The new version")))),
                extensions(("x-round-trip" = json!(true))),
                security(("bearer" = []))
            )]
            #[patch($item)]
            pub async fn update(
                state: web::Data<AppState>,
                auth: Auth,
                id: PathId,
                if_match: IfMatch,
                body: JsonBody<serde_json::Value>,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$write_area, Action::Update)?;
                let svc = &state.$svc;
                let (request, if_version) =
                    echo::patch_body::<$update_req, $dto, _>(body.0, if_match.0, || async {
                        Ok($dto::from(svc.$read_fn(&auth.actor, id.0).await?))
                    })
                    .await?;
                let r = svc
                    .$update_fn(&auth.actor, id.0, request.into(), if_version)
                    .await?;
                Ok(with_etag(HttpResponse::Ok(), r.version).json($dto::from(r)))
            }
        }

        pub mod delete {
            //! Moves a record to the bin.
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::http::etag::IfMatch;
            use $crate::http::extract::PathId;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, delete, web};
            use crm_accounts::{Action, Area};

            #[utoipa::path(
                operation_id = concat!($ops, "_delete"),
                summary = concat!("Delete ", $a),
                description = concat!($delete_note, " Send `If-Match` to refuse a change made meanwhile."),
                tag = $tag,
                params(("id" = uuid::Uuid, Path, description = concat!("The ", $noun, "'s id"))),
                responses((status = 204, description = "Deleted")),
                security(("bearer" = []))
            )]
            #[delete($item)]
            pub async fn delete(
                state: web::Data<AppState>,
                auth: Auth,
                id: PathId,
                if_match: IfMatch,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$write_area, Action::Delete)?;
                state.$svc.$delete_fn(&auth.actor, id.0, if_match.0).await?;
                Ok(HttpResponse::NoContent().finish())
            }
        }

        pub mod restore {
            //! Takes a deleted record out of the bin.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::http::etag::with_etag;
            use $crate::http::extract::PathId;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, post, web};
            use crm_accounts::{Action, Area};

            #[utoipa::path(
                operation_id = concat!($ops, "_restore"),
                summary = concat!("Restore ", $a),
                description = $restore_note,
                tag = $tag,
                params(("id" = uuid::Uuid, Path, description = concat!("The ", $noun, "'s id"))),
                responses((status = 200, description = concat!("The restored ", $noun), body = $dto,
                           headers(("ETag" = String, description = "The new version")))),
                security(("bearer" = []))
            )]
            #[post($restore_path)]
            pub async fn restore(
                state: web::Data<AppState>,
                auth: Auth,
                id: PathId,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$write_area, Action::Update)?;
                let r = state.$svc.$restore_fn(&auth.actor, id.0).await?;
                Ok(with_etag(HttpResponse::Ok(), r.version).json($dto::from(r)))
            }
        }
    };
}
