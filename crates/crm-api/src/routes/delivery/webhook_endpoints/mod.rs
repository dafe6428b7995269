//! Webhook endpoints: where the organisation's events are posted, signed as Standard
//! Webhooks says; their secrets, delivery logs, replays and test pings. Owners and
//! admins manage them.

pub mod deliveries;
pub mod delivery;
pub mod dto;
pub mod ping;
pub mod replay;
pub mod replay_range;
pub mod rotate;
pub mod secret;

use dto::{
    CreateWebhookEndpointRequest, UpdateWebhookEndpointRequest, WebhookEndpointDto,
    WebhookEndpointPage,
};

crate::settings_routes! {
    service: delivery,
    calls: [webhook_endpoints, webhook_endpoint, create_webhook_endpoint, update_webhook_endpoint, delete_webhook_endpoint, restore_webhook_endpoint],
    read_area: Settings, write_area: Settings,
    tag: "webhook_endpoints", ops: "webhook_endpoints",
    noun: "webhook endpoint", a: "a webhook endpoint", plural: "webhook endpoints", most: "50",
    dto: WebhookEndpointDto, page: WebhookEndpointPage,
    collection: "/webhook-endpoints", item: "/webhook-endpoints/{id:[0-9a-fA-F-]+}",
    restore: "/webhook-endpoints/{id:[0-9a-fA-F-]+}/restore",
    create: CreateWebhookEndpointRequest, update: UpdateWebhookEndpointRequest,
    notes: {
        list: "Disabled ones included, with why the server disabled them.",
        create: "Every event of a type it lists that happens from now on is posted to `url` as JSON (`{type, resource_id, data}`, money as strings), at least once, with the Standard Webhooks headers `webhook-id` (the event's id: drop repeats), `webhook-timestamp` and `webhook-signature` (`v1,` and the base64 HMAC-SHA256 of `id.timestamp.body` under the secret; read the secret with `GET …/secret`). Any 2xx within 15 s acknowledges it; anything else is retried after 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 14 h, 20 h and 24 h (each ±10%), or after the `Retry-After` you send. Redirects are not followed. A 410 disables the endpoint, and so does a delivery whose every attempt failed (`webhook_endpoint.disabled`). A URL whose host is or resolves to a loopback, private or link-local address is refused unless the operator allows it (`CRM_WEBHOOK_ALLOW_PRIVATE`).",
        read: "One endpoint and its `ETag`.",
        update: "`\"enabled\": true` takes a disabled endpoint back into service; the deliveries that waited are sent at once.",
        delete: "Nothing more is sent to it; `POST /v1/webhook-endpoints/{id}/restore` brings it back with its waiting deliveries.",
        restore: "Undoes a delete; deliveries that waited are sent at once.",
    },
}

/// The section's routes under `/v1` and its tag in the document.
pub const SECTION: crate::routes::Section = crate::routes::Section {
    tag: "webhook_endpoints",
    about: "Webhook endpoints: signed deliveries of the organisation's events, their log, replays and test pings",
    configure,
};

fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list)
        .service(create::create)
        .service(read::read)
        .service(update::update)
        .service(delete::delete)
        .service(restore::restore)
        .service(secret::secret)
        .service(rotate::rotate)
        .service(deliveries::list)
        .service(delivery::read)
        .service(replay::replay)
        .service(replay_range::replay_range)
        .service(ping::ping);
}
