//! Delivery domain: webhook endpoints and what they subscribe to, the Standard Webhooks
//! signature, the retry schedule and what each answer means, the addresses a webhook
//! may not reach, and the ports persistence and the HTTP sender implement. The outbox
//! relay and the deliverer are pumps a worker runs; message templates and their
//! placeholders. Depends on `crm-core` only.

pub mod address;
pub mod condition;
pub mod delivery;
pub mod email;
pub mod endpoint;
pub mod events;
pub mod ports;
pub mod pumps;
pub mod schedule;
pub mod service;
pub mod signature;
pub mod template;

pub use endpoint::{Endpoint, EndpointInput, NewEndpoint};
pub use service::DeliveryService;
