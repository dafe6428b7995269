//! `GET /v1/webhook-endpoints/{id}/deliveries`: an endpoint's delivery log, newest first.

use super::dto::{DeliveryStatusDto, WebhookDeliveryDto, WebhookDeliveryPage};
use crate::auth::Auth;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{PathId, QueryParams};
use crate::state::AppState;
use actix_web::{HttpResponse, get, web};
use crm_accounts::{Action, Area};
use crm_core::FieldError;
use crm_core::sort::{SortField, SortKind};
use crm_delivery::delivery::DeliveryFilter;

/// The fields deliveries sort by.
const DELIVERY_SORT: &[SortField] = &[SortField::new("created_at", SortKind::Timestamp)];

/// Whether `t` can name an event type (the pattern the document states).
fn event_type(t: &str) -> bool {
    let part = |p: &str| {
        (1..=50).contains(&p.len()) && p.chars().all(|c| c.is_ascii_lowercase() || c == '_')
    };
    t.split_once('.').is_some_and(|(r, v)| part(r) && part(v))
}

crate::list_params!(
    /// Filters of a delivery log.
    DeliveryListParams, sort = "^-?(created_at|id)$" {
        /// Only deliveries in this state.
        status: Option<DeliveryStatusDto>,
        /// Only deliveries of this event type.
        #[param(pattern = "^[a-z_]{1,50}\\.[a-z_]{1,50}$")]
        event_type: Option<String>,
    }
);

/// List an endpoint's deliveries
///
/// Every event sent (or to be sent) to the endpoint, newest first, with its attempts,
/// the last answer's status code and time, and why the last attempt failed.
#[utoipa::path(
    operation_id = "webhook_endpoints_deliveries",
    tag = "webhook_endpoints",
    params(("id" = uuid::Uuid, Path, description = "The endpoint's id"), DeliveryListParams),
    responses((status = 200, description = "A page of deliveries", body = WebhookDeliveryPage)),
    security(("bearer" = []))
)]
#[get("/webhook-endpoints/{id:[0-9a-fA-F-]+}/deliveries")]
pub async fn list(
    state: web::Data<AppState>,
    auth: Auth,
    id: PathId,
    params: QueryParams<DeliveryListParams>,
) -> ApiResult<HttpResponse> {
    auth.require(Area::Settings, Action::Read)?;
    let p = params.0;
    let page = p
        .page()
        .to_request(DELIVERY_SORT, Some("-id"), &auth.cursors)
        .map_err(ApiError::invalid_parameters)?;
    if let Some(t) = &p.event_type
        && !event_type(t)
    {
        return Err(ApiError::invalid_parameters(vec![FieldError::new(
            "event_type",
            "invalid_format",
            "an event type is `resource.verb`, lower-case letters and `_`",
        )]));
    }
    let filter = DeliveryFilter {
        status: p.status.map(Into::into),
        event_type: p.event_type,
    };
    let found = state
        .delivery
        .webhook_deliveries(&auth.actor, id.0, &filter, &page)
        .await?;
    Ok(HttpResponse::Ok().json(WebhookDeliveryPage::from_page(
        found,
        &auth.cursors,
        WebhookDeliveryDto::from,
    )))
}

#[cfg(test)]
mod tests {
    #[test]
    fn an_event_type_filter_is_a_resource_and_a_verb() {
        assert!(super::event_type("person.created"));
        assert!(super::event_type("webhook_endpoint.secret_rotated"));
        for bad in [
            "",
            "person",
            "person.",
            ".created",
            "Person.created",
            "person.*",
            "a.b.c",
        ] {
            assert!(!super::event_type(bad), "{bad}");
        }
    }
}
