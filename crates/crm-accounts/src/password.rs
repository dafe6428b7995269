//! Password hashing with argon2id at OWASP's parameters, off the async threads.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};
use crm_core::{DomainError, FieldError};

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 256;

/// OWASP's argon2id recommendation: m=19456 KiB, t=2, p=1.
const MEMORY_KIB: u32 = 19_456;
const ITERATIONS: u32 = 2;
const PARALLELISM: u32 = 1;

fn hasher() -> Result<Argon2<'static>, DomainError> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, None)
        .map_err(|e| DomainError::internal(format!("argon2 parameters: {e}")))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// A plain-text password that met the length rules. Its `Debug` is redacted.
#[derive(Clone)]
pub struct Password(String);

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl Password {
    pub fn parse(raw: &str, field: &str) -> Result<Password, FieldError> {
        let n = raw.chars().count();
        if !(MIN_LENGTH..=MAX_LENGTH).contains(&n) {
            return Err(FieldError::new(
                field,
                "invalid_length",
                format!("must be {MIN_LENGTH} to {MAX_LENGTH} characters"),
            ));
        }
        Ok(Password(raw.to_string()))
    }

    /// Wraps a password given at login, where no length rule applies.
    pub fn unchecked(raw: &str) -> Password {
        Password(raw.to_string())
    }
}

/// Hashes a password to a PHC string.
pub async fn hash(password: Password) -> Result<String, DomainError> {
    tokio::task::spawn_blocking(move || {
        hasher()?
            .hash_password(password.0.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| DomainError::internal(format!("argon2 hash: {e}")))
    })
    .await
    .map_err(|e| DomainError::internal(format!("hash task: {e}")))?
}

/// The outcome of checking a password against a stored hash.
#[derive(Debug, PartialEq, Eq)]
pub enum Verified {
    No,
    Yes,
    /// Correct, but hashed with weaker parameters than today's: store a new hash.
    YesRehash,
}

/// Checks `password` against `stored` in constant time.
pub async fn verify(password: Password, stored: String) -> Result<Verified, DomainError> {
    tokio::task::spawn_blocking(move || {
        let parsed = PasswordHash::new(&stored)
            .map_err(|e| DomainError::internal(format!("stored hash: {e}")))?;
        if hasher()?
            .verify_password(password.0.as_bytes(), &parsed)
            .is_err()
        {
            return Ok(Verified::No);
        }
        let current = Params::try_from(&parsed).ok();
        let weaker = current.is_none_or(|p| p.m_cost() < MEMORY_KIB || p.t_cost() < ITERATIONS);
        Ok(if weaker {
            Verified::YesRehash
        } else {
            Verified::Yes
        })
    })
    .await
    .map_err(|e| DomainError::internal(format!("verify task: {e}")))?
}

/// A hash of a password nobody knows, verified against when an account does not exist
/// so that a login takes the same time either way.
pub async fn dummy_hash() -> Result<String, DomainError> {
    hash(Password("dummy-password-for-timing".into())).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_the_right_password_only() -> Result<(), DomainError> {
        let h = hash(Password::unchecked("correct horse battery")).await?;
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            verify(Password::unchecked("correct horse battery"), h.clone()).await?,
            Verified::Yes
        );
        assert_eq!(verify(Password::unchecked("wrong"), h).await?, Verified::No);
        Ok(())
    }

    #[tokio::test]
    async fn hashes_with_weaker_parameters_ask_for_a_rehash() -> Result<(), DomainError> {
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8, 1, 1, None).map_err(|e| DomainError::internal(e.to_string()))?,
        );
        let h = weak
            .hash_password(b"correct horse battery")
            .map_err(|e| DomainError::internal(e.to_string()))?
            .to_string();
        assert_eq!(
            verify(Password::unchecked("correct horse battery"), h).await?,
            Verified::YesRehash
        );
        Ok(())
    }

    #[test]
    fn short_passwords_are_rejected_and_debug_is_redacted() {
        assert!(Password::parse("short", "password").is_err());
        let p = Password::parse("long enough password", "password").ok();
        assert_eq!(format!("{p:?}"), "Some(Password(<redacted>))");
    }
}
