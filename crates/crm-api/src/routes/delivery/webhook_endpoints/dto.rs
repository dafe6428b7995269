//! Wire types of webhook endpoints, their secrets and their deliveries.

use crate::http::patch::Patch;
use chrono::{DateTime, Utc};
use crm_delivery::delivery::{Delivery, Status};
use crm_delivery::endpoint::{Endpoint, EndpointInput, Secrets};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use uuid::Uuid;

/// What an event type pattern looks like: a name from the catalogue (`person.created`),
/// a resource's events (`person.*`) or every event (`*`).
pub const PATTERN: &str = "^(\\*|[a-z_]{1,50}\\.(\\*|[a-z_]{1,50}))$";

/// A URL organisation events are posted to, signed as Standard Webhooks says.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookEndpointDto {
    pub id: Uuid,
    /// Where deliveries are posted.
    #[schema(example = "https://hooks.example.com/crm")]
    pub url: String,
    /// What the endpoint is for, for people.
    #[schema(example = "The shop's order sync")]
    pub description: Option<String>,
    /// The event types it receives: names from the catalogue (the `webhooks` of the
    /// OpenAPI document), `person.*` for all of a resource's, `*` for every one.
    #[schema(example = json!(["person.*", "order.created"]))]
    pub event_types: Vec<String>,
    /// Only the events this filter tree matches are sent: fields `type`, `resource_id`
    /// and `data.<field>` of the event's resource, as searches take them (text without
    /// regard to case; a field the event lacks fails every comparison but `is_null`).
    #[schema(value_type = Option<crate::http::filter::FilterNode>)]
    pub condition: Option<serde_json::Value>,
    /// A disabled endpoint receives nothing; its pending deliveries wait until it is
    /// enabled again.
    pub enabled: bool,
    /// Why the server disabled it (it answered 410 Gone, or a delivery's every attempt
    /// failed); null once it is enabled again.
    pub disabled_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub version: i64,
}

impl From<Endpoint> for WebhookEndpointDto {
    fn from(e: Endpoint) -> Self {
        Self {
            id: e.id,
            url: e.url,
            description: e.description,
            event_types: e.event_types,
            condition: e.condition,
            enabled: e.enabled,
            disabled_reason: e.disabled_reason,
            created_at: e.created_at,
            updated_at: e.updated_at,
            version: e.version,
        }
    }
}

crate::page_of!(WebhookEndpointPage, WebhookEndpointDto);

/// An endpoint to add. Its signing secret is made by the server: read it with
/// `GET /v1/webhook-endpoints/{id}/secret`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"url": "https://hooks.example.com/crm", "event_types": ["person.*", "order.created"]}))]
pub struct CreateWebhookEndpointRequest {
    /// `http` or `https`, with a host that is not a loopback, private or link-local
    /// address (unless the operator allows them), without a user name or a fragment.
    #[schema(
        min_length = 10,
        max_length = 2000,
        pattern = "^https?://[^\\s/?#@]+[^\\s#]*$"
    )]
    pub url: String,
    /// What the endpoint is for, for people.
    #[schema(max_length = 500, pattern = "^[^\\u0000]*$")]
    pub description: Option<String>,
    /// Names from the catalogue, `resource.*` or `*`; each must match an event type.
    #[schema(min_items = 1, max_items = 100, value_type = Vec<EventTypePattern>)]
    pub event_types: Vec<String>,
    /// Only the events this filter tree matches are sent (fields `type`, `resource_id`,
    /// `data.<field>`); a field the subscribed events lack is a 422 naming it.
    #[schema(value_type = Option<crate::http::filter::FilterNode>)]
    pub condition: Option<serde_json::Value>,
    /// True when absent.
    pub enabled: Option<bool>,
}

/// The schema of an event type pattern: a name, `resource.*`, or `*`.
pub struct EventTypePattern;

impl utoipa::PartialSchema for EventTypePattern {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "An event type from the catalogue, `resource.*`, or `*`",
            ))
            .pattern(Some(PATTERN))
            .examples([serde_json::json!("person.*")])
            .into()
    }
}

impl ToSchema for EventTypePattern {}

impl From<CreateWebhookEndpointRequest> for EndpointInput {
    fn from(r: CreateWebhookEndpointRequest) -> Self {
        EndpointInput {
            url: Some(Some(r.url)),
            description: r.description.map(Some),
            event_types: Some(Some(r.event_types)),
            condition: r.condition.map(Some),
            enabled: r.enabled.map(Some),
        }
    }
}

/// A merge-patch of an endpoint: absent fields stay. `"enabled": true` takes a disabled
/// endpoint back into service, with its waiting deliveries.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"enabled": true}))]
pub struct UpdateWebhookEndpointRequest {
    /// Where deliveries are posted from now on (checked as on create).
    #[serde(default)]
    #[schema(value_type = String, required = false, min_length = 10, max_length = 2000, pattern = "^https?://[^\\s/?#@]+[^\\s#]*$")]
    pub url: Patch<String>,
    /// What the endpoint is for; null removes it.
    #[serde(default)]
    #[schema(value_type = Option<String>, required = false, max_length = 500, pattern = "^[^\\u0000]*$")]
    pub description: Patch<String>,
    /// The event types it receives from now on, replacing the list.
    #[serde(default)]
    #[schema(value_type = Vec<EventTypePattern>, required = false, min_items = 1, max_items = 100)]
    pub event_types: Patch<Vec<String>>,
    /// The filter tree events must match; null sends every event of its types.
    #[serde(default)]
    #[schema(value_type = Option<crate::http::filter::FilterNode>, required = false)]
    pub condition: Patch<serde_json::Value>,
    /// False stops deliveries (they wait); true takes it back into service.
    #[serde(default)]
    #[schema(value_type = bool, required = false)]
    pub enabled: Patch<bool>,
}

impl From<UpdateWebhookEndpointRequest> for EndpointInput {
    fn from(r: UpdateWebhookEndpointRequest) -> Self {
        EndpointInput {
            url: r.url.map_field(|v| v),
            description: r.description.map_field(|v| v),
            event_types: r.event_types.map_field(|v| v),
            condition: r.condition.map_field(|v| v),
            enabled: r.enabled.map_field(|v| v),
        }
    }
}

/// An endpoint's signing secrets. Verify `webhook-signature` with any of them.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookSecretDto {
    /// `whsec_` and the base64 of the key.
    #[schema(example = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")]
    pub secret: String,
    /// The secret the last rotation replaced, while it still signs.
    pub previous_secret: Option<String>,
    /// When the previous secret stops signing.
    pub previous_secret_expires_at: Option<DateTime<Utc>>,
}

impl WebhookSecretDto {
    pub fn at(s: Secrets, now: DateTime<Utc>) -> Self {
        let live = s.previous_until.is_some_and(|u| u > now);
        Self {
            secret: s.current,
            previous_secret: s.previous.filter(|_| live),
            previous_secret_expires_at: s.previous_until.filter(|_| live),
        }
    }
}

/// Where a delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeliveryStatusDto {
    /// Waiting for its next attempt (or for its endpoint to be enabled again).
    Pending,
    /// The endpoint answered 2xx.
    Succeeded,
    /// Given up: every attempt failed, or the endpoint answered 410.
    Failed,
}
crate::mirror!(DeliveryStatusDto, Status, [Pending, Succeeded, Failed]);

/// One event sent to one endpoint, with its attempts so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct WebhookDeliveryDto {
    pub id: Uuid,
    /// The endpoint it is sent to.
    pub endpoint_id: Uuid,
    /// The event: the `webhook-id` header of every attempt, the same on a retry or a
    /// replay, so a receiver can drop repeats.
    pub event_id: Uuid,
    /// The event's type.
    #[schema(example = "person.created")]
    pub event_type: String,
    pub status: DeliveryStatusDto,
    /// Attempts made so far (at most 10).
    pub attempts: u32,
    /// When the next attempt is due; null when none is (or while the endpoint is
    /// disabled).
    pub next_attempt_at: Option<DateTime<Utc>>,
    /// When the last attempt was made.
    pub last_attempt_at: Option<DateTime<Utc>>,
    /// The status code of the last answer.
    #[schema(example = 200)]
    pub response_status: Option<u16>,
    /// How long the last attempt took.
    #[schema(example = 41)]
    pub response_ms: Option<u32>,
    /// Why the last attempt failed.
    #[schema(example = "answered 503")]
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
}

impl From<Delivery> for WebhookDeliveryDto {
    fn from(d: Delivery) -> Self {
        Self {
            id: d.id,
            endpoint_id: d.endpoint_id,
            event_id: d.event_id,
            event_type: d.event_type,
            status: d.status.into(),
            attempts: d.attempts,
            next_attempt_at: d.next_attempt_at,
            last_attempt_at: d.last_attempt_at,
            response_status: d.response_status,
            response_ms: d.response_ms,
            last_error: d.last_error,
            created_at: d.created_at,
        }
    }
}

crate::page_of!(WebhookDeliveryPage, WebhookDeliveryDto);
