//! The delivery area: webhook endpoints and their signed deliveries to a real receiver.

mod webhooks;
