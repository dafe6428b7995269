//! `GET /v1/companies`: a page of companies with typed filters and free text.

use super::dto::{CompanyDto, CompanyPage, CompanySizeDto};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::QueryParams;
use crate::http::text::Bounded;
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::filter::{FieldType, Filter, Op, Operand, Scalar};
use crm_customers::catalogue::COMPANY_SORT;
use crm_customers::company::CompanySize;
use uuid::Uuid;

crate::list_params!(
    /// Filters of the company list.
    CompanyListParams, sort = "^-?(created_at|updated_at|name|id|custom_fields\\.[a-z][a-z0-9_]{0,63})$" {
        /// Only companies of this size.
        size: Option<CompanySizeDto>,
        /// Only companies owned by this staff user.
        owner_id: Option<Uuid>,
        /// Only companies with this tag.
        #[param(value_type = Option<String>, max_length = 50)]
        tag: Option<Bounded<50>>,
        /// Only companies with this exact domain.
        #[param(value_type = Option<String>, max_length = 253)]
        domain: Option<Bounded<253>>,
        /// Free text matched against names and domains.
        #[param(value_type = Option<String>, max_length = 200)]
        q: Option<Bounded<200>>,
    }
);

impl CompanyListParams {
    fn filter(&self) -> Option<Filter> {
        let one = |field: &str, ty, nullable, op, v| {
            Filter::cond(field, ty, nullable, op, Operand::One(v))
        };
        let mut all = Vec::new();
        if let Some(s) = self.size {
            all.push(one(
                "size",
                FieldType::Text,
                true,
                Op::Eq,
                Scalar::Text(CompanySize::from(s).as_str().into()),
            ));
        }
        if let Some(o) = self.owner_id {
            all.push(one(
                "owner_id",
                FieldType::Uuid,
                true,
                Op::Eq,
                Scalar::Uuid(o),
            ));
        }
        if let Some(t) = &self.tag {
            all.push(one(
                "tags",
                FieldType::TextSet,
                true,
                Op::Contains,
                Scalar::Text(t.as_str().trim().into()),
            ));
        }
        if let Some(d) = &self.domain {
            all.push(one(
                "domain",
                FieldType::Text,
                true,
                Op::Eq,
                Scalar::Text(d.as_str().trim().to_lowercase()),
            ));
        }
        (!all.is_empty()).then_some(Filter::All(all))
    }
}

/// List companies
///
/// Companies of the organisation. Sortable: `created_at`, `updated_at`, `name`, `id` and
/// `custom_fields.<key>` (companies without a value last in either direction).
#[utoipa::path(
    operation_id = "companies_list",
    tag = "companies",
    params(CompanyListParams),
    responses((status = 200, description = "A page of companies", body = CompanyPage)),
    security(("bearer" = []))
)]
#[get("/companies")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    params: QueryParams<CompanyListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Customers, Action::Read)?;
    let p = params.0;
    let sortable = crate::routes::sorting::sortable(
        &state,
        &auth.actor,
        crm_customers::custom_field::COMPANY,
        COMPANY_SORT,
        p.page().sort.as_deref(),
    )
    .await?;
    let page = p
        .page()
        .to_request(&sortable, None)
        .map_err(ApiError::invalid_parameters)?;
    let q = p.q.as_ref().and_then(Bounded::non_blank);
    let companies = state
        .customers
        .companies
        .list(&auth.actor, p.filter().as_ref(), q, &page)
        .await?;
    Ok(HttpResponse::Ok().json(CompanyPage::from_page(companies, CompanyDto::from)))
}
