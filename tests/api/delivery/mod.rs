//! The delivery area: webhook endpoints and their signed deliveries to a real receiver,
//! account emails to a real SMTP server, and message templates.

mod account_emails;
mod templates;
mod webhooks;
