//! The hourly limits of account emails (invitations, password resets), per address and
//! per organisation, counted exactly in the rate limiter's shared store.

use super::counters::RateLimiter;
use crate::http::error::ApiError;
use actix_web::http::StatusCode;
use actix_web::http::header::RETRY_AFTER;
use crm_accounts::service::{EMAILS_PER_ADDRESS_PER_HOUR, EMAILS_PER_ORGANISATION_PER_HOUR};

/// Refuses an account email over its hourly limit, for `wait` seconds.
pub fn too_many_emails(wait: u64) -> ApiError {
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        "Too many requests",
        format!(
            "the hourly limit of account emails to this address or from this organisation is used up; retry in {wait} s"
        ),
    )
    .with_header(RETRY_AFTER, wait.max(1).to_string())
}

/// The hourly limits of account emails (invitations, password resets), per address and
/// per organisation, counted exactly across replicas.
pub struct EmailBudget<'a>(pub &'a RateLimiter);

#[async_trait::async_trait]
impl crm_accounts::service::SendBudget for EmailBudget<'_> {
    async fn spend(
        &self,
        address: &str,
        org: crm_core::ids::OrgId,
    ) -> crm_core::DomainResult<Option<u64>> {
        let address = address.trim().to_lowercase();
        let a = self
            .0
            .hit_exact(
                "account_email_address",
                &format!("ae:{address}"),
                EMAILS_PER_ADDRESS_PER_HOUR,
                3600,
            )
            .await?;
        if !a.allowed {
            return Ok(Some(a.reset_seconds.max(1)));
        }
        let o = self
            .0
            .hit_exact(
                "account_email_organisation",
                &format!("aeo:{org}"),
                EMAILS_PER_ORGANISATION_PER_HOUR,
                3600,
            )
            .await?;
        Ok((!o.allowed).then_some(o.reset_seconds.max(1)))
    }
}
