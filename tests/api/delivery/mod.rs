//! The delivery area: webhook endpoints and their signed deliveries to a real receiver,
//! and account emails to a real SMTP server.

mod account_emails;
mod webhooks;
