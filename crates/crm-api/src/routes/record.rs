//! The endpoints every record resource has, written once: `record_routes!` declares a
//! resource's list, create, read, update, delete, restore and search handlers (one module
//! each, as a hand-written file would be) over its `crm_records::records::Records` use
//! cases. A resource writes only its wire types and what is its own (list filters,
//! batch keys, merge…).
//!
//! Invoked in `routes/<resource>/mod.rs`, where the named types are in scope:
//!
//! ```ignore
//! crate::record_routes! {
//!     records: customers.companies,      // the handle on AppState
//!     area: Customers,                   // the permission area
//!     tag: "companies",                  // the OpenAPI tag, and operation ids' prefix
//!     noun: "company", a: "a company",
//!     dto: CompanyDto, page: CompanyPage,
//!     collection: "/companies", item: "/companies/{id:[0-9a-fA-F-]+}",
//!     restore: "/companies/{id:[0-9a-fA-F-]+}/restore", search: "/companies/search",
//!     create: CreateCompanyRequest => CompanyInput,
//!     update: UpdateCompanyRequest => CompanyPatchInput,
//!     conflict: "A taken external_id",
//!     create_note: "…",                  // optional, added to the operations' text
//!     update_note: "…",
//!     find: CompanySearchRequest, filters: company_filters(), sort: COMPANY_SORT,
//!     list: CompanyListParams,           // list_params! with impl Listing
//!     list_note: "…",                    // optional
//! }
//! ```
//!
//! Literals are taken as single tokens because actix's and utoipa's attributes need
//! them as written.

/// Declares the shared endpoints of one record resource; see the module's text.
#[macro_export]
macro_rules! record_routes {
    (
        records: $($svc:ident).+,
        area: $area:ident,
        tag: $tag:tt,
        noun: $noun:tt, a: $a:tt,
        dto: $dto:ident, page: $page:ident,
        collection: $coll:tt, item: $item:tt,
        restore: $restore_path:tt, search: $search_path:tt,
        create: $create_req:ident => $create_in:ident,
        update: $update_req:ident => $update_in:ident,
        conflict: $conflict:tt,
        $(create_note: $create_note:tt,)?
        $(update_note: $update_note:tt,)?
        find: $search_req:ident, filters: $filters:expr, sort: $sort:expr,
        list: $list_params:ident $(, list_note: $list_note:tt)? $(,)?
    ) => {
        pub mod list {
            //! A page of the resource's records, with its typed filters and free text.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::error::{ApiError, ApiResult};
            use $crate::http::extract::QueryParams;
            use $crate::http::page::Listing;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, get, web};
            use crm_accounts::{Action, Area};
            use crm_records::custom_field::sort_with_custom_fields;

            #[utoipa::path(
                operation_id = concat!($tag, "_list"),
                summary = concat!("List ", $tag),
                description = concat!("The ", $tag, " of the organisation, oldest first unless `sort` says otherwise; a sort on `custom_fields.<key>` puts records without a value last in either direction (money by amount; not multi_enum fields)." $(, " ", $list_note)?),
                tag = $tag,
                params($list_params),
                responses((status = 200, description = concat!("A page of ", $tag), body = $page)),
                security(("bearer" = []))
            )]
            #[get($coll)]
            pub async fn list(
                state: web::Data<AppState>,
                auth: Auth,
                params: QueryParams<$list_params>,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$area, Action::Read)?;
                let p = params.0;
                let records = &state.$($svc).+;
                let page = p.page();
                let on_custom = page.sort.as_deref().is_some_and(|s| s.contains("custom_fields."));
                let sortable = if on_custom {
                    sort_with_custom_fields($sort, &records.fields(&auth.actor).await?)
                } else {
                    $sort.to_vec()
                };
                let page = page
                    .to_request(&sortable, None, &auth.cursors)
                    .map_err(ApiError::invalid_parameters)?;
                let filter = p.filter(&auth.actor)?;
                let found = records.list(&auth.actor, filter.as_ref(), p.text(), &page).await?;
                Ok(HttpResponse::Ok().json($page::from_page(found, &auth.cursors, $dto::from)))
            }
        }

        pub mod create {
            //! Adds a record of the resource (`POST` on its collection).
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
                operation_id = concat!($tag, "_create"),
                summary = concat!("Create ", $a),
                description = concat!("Adds ", $a, " to the organisation's shared record; its custom fields are checked against their definitions." $(, " ", $create_note)?),
                tag = $tag,
                request_body = $create_req,
                responses((status = 201, description = concat!("The new ", $noun), body = $dto,
                           headers(("Location" = String, description = "Where it is read"), ("ETag" = String, description = "The version")))),
                security(("bearer" = []))
            )]
            #[post($coll)]
            pub async fn create(
                state: web::Data<AppState>,
                auth: Auth,
                body: JsonBody<$create_req>,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$area, Action::Create)?;
                let input = $create_in::from(body.0);
                let r = state.$($svc).+.create(&auth.actor, input).await?;
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
                operation_id = concat!($tag, "_read"),
                summary = concat!("Read ", $a),
                description = concat!("One ", $noun, " and its `ETag`; a merged one answers 308 with its survivor's URL."),
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
                auth.require(Area::$area, Action::Read)?;
                let r = state.$($svc).+.get(&auth.actor, id.0.into()).await?;
                Ok(with_etag(HttpResponse::Ok(), r.version).json($dto::from(r)))
            }
        }

        pub mod update {
            //! A merge-patch of one record of the resource; what a read returned may be
            //! sent back whole (`http::echo`).
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
                operation_id = concat!($tag, "_update"),
                summary = concat!("Update ", $a),
                description = concat!("A merge-patch (absent fields stay, `null` clears); send `If-Match` to refuse a change made meanwhile. What a read returned may be sent back whole: its read-only fields (`id`, `version`, timestamps…) must be unchanged, and an echoed `version` acts as `If-Match`." $(, " ", $update_note)?),
                tag = $tag,
                params(("id" = uuid::Uuid, Path, description = concat!("The ", $noun, "'s id"))),
                request_body = $update_req,
                responses((status = 200, description = concat!("The updated ", $noun), body = $dto,
                           headers(("ETag" = String, description = "The new version"))),
                          (status = 409, description = $conflict, body = $crate::http::error::Problem, content_type = "application/problem+json")),
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
                auth.require(Area::$area, Action::Update)?;
                let records = &state.$($svc).+;
                let (request, if_version) = echo::patch_body::<$update_req, $dto, _>(body.0, if_match.0, || async {
                    Ok($dto::from(records.get(&auth.actor, id.0.into()).await?))
                })
                .await?;
                let input = $update_in::from(request);
                let r = records.update(&auth.actor, id.0.into(), input, if_version).await?;
                Ok(with_etag(HttpResponse::Ok(), r.version).json($dto::from(r)))
            }
        }

        pub mod delete {
            //! Moves one record of the resource to the bin.
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::http::etag::IfMatch;
            use $crate::http::extract::PathId;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, delete, web};
            use crm_accounts::{Action, Area};

            #[utoipa::path(
                operation_id = concat!($tag, "_delete"),
                summary = concat!("Delete ", $a),
                description = concat!("Hides the ", $noun, " from reads and lists; `POST /v1/", $tag, "/{id}/restore` brings it back."),
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
                auth.require(Area::$area, Action::Delete)?;
                state.$($svc).+.delete(&auth.actor, id.0.into(), if_match.0).await?;
                Ok(HttpResponse::NoContent().finish())
            }
        }

        pub mod restore {
            //! Takes one record of the resource out of the bin.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::http::etag::with_etag;
            use $crate::http::extract::PathId;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, post, web};
            use crm_accounts::{Action, Area};

            #[utoipa::path(
                operation_id = concat!($tag, "_restore"),
                summary = concat!("Restore ", $a),
                description = concat!("Takes the ", $noun, " out of the bin: undoes a delete."),
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
                auth.require(Area::$area, Action::Delete)?;
                let r = state.$($svc).+.restore(&auth.actor, id.0.into()).await?;
                Ok(with_etag(HttpResponse::Ok(), r.version).json($dto::from(r)))
            }
        }

        pub mod search {
            //! Records of the resource matching a filter tree over every field, its
            //! custom fields included.
            use super::*;
            use $crate::auth::Auth;
            use $crate::http::error::ApiResult;
            use $crate::http::extract::JsonBody;
            use $crate::http::page::parse_search;
            use $crate::state::AppState;
            use actix_web::{HttpResponse, post, web};
            use crm_accounts::{Action, Area};
            use crm_records::custom_field::{sort_with_custom_fields, with_custom_fields};

            #[utoipa::path(
                operation_id = concat!($tag, "_search"),
                summary = concat!("Search ", $tag),
                description = concat!("The ", $tag, " matching a filter tree over every field; custom fields are `custom_fields.<key>`."),
                tag = $tag,
                request_body = $search_req,
                responses((status = 200, description = concat!("A page of matching ", $tag), body = $page)),
                security(("bearer" = []))
            )]
            #[post($search_path)]
            pub async fn search(
                state: web::Data<AppState>,
                auth: Auth,
                body: JsonBody<$search_req>,
            ) -> ApiResult<HttpResponse> {
                auth.require(Area::$area, Action::Read)?;
                let (filter, page) = body.0.into_parts();
                let records = &state.$($svc).+;
                let defs = records.fields(&auth.actor).await?;
                let catalogue = with_custom_fields($filters, &defs);
                let sortable = sort_with_custom_fields($sort, &defs);
                let (page, filter) = parse_search(filter.as_ref(), page, &catalogue, &sortable, &auth.cursors)?;
                let found = records.list(&auth.actor, filter.as_ref(), None, &page).await?;
                Ok(HttpResponse::Ok().json($page::from_page(found, &auth.cursors, $dto::from)))
            }
        }
    };
}
