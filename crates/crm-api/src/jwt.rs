//! Access tokens: HS256 JWTs with the algorithm pinned and `exp`, `iss` and `aud` checked.

use chrono::Utc;
use crm_core::ids::OrgId;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const ISSUER: &str = "crm";
pub const AUDIENCE: &str = "crm-api";

#[derive(Debug, Serialize, Deserialize)]
struct Claims {
    sub: Uuid,
    org: Uuid,
    iss: String,
    aud: String,
    iat: i64,
    exp: i64,
    jti: Uuid,
}

/// The keys that sign and verify access tokens.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    pub ttl_seconds: i64,
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(<redacted>)")
    }
}

impl JwtKeys {
    pub fn new(secret: &[u8], ttl_seconds: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl_seconds,
        }
    }

    /// A signed token for a user of an organisation.
    pub fn issue(&self, org: OrgId, user: Uuid) -> Result<String, jsonwebtoken::errors::Error> {
        let now = Utc::now().timestamp();
        let claims = Claims {
            sub: user,
            org: org.0,
            iss: ISSUER.into(),
            aud: AUDIENCE.into(),
            iat: now,
            exp: now + self.ttl_seconds,
            jti: Uuid::now_v7(),
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
    }

    /// The organisation and user a valid token names.
    pub fn verify(&self, token: &str) -> Option<(OrgId, Uuid)> {
        decode::<Claims>(token, &self.decoding, &self.validation)
            .ok()
            .map(|d| (OrgId(d.claims.org), d.claims.sub))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_verifies_with_its_key_only() {
        let keys = JwtKeys::new(&[7u8; 32], 60);
        let org = OrgId::new();
        let user = Uuid::now_v7();
        let token = keys.issue(org, user).unwrap_or_default();
        assert_eq!(keys.verify(&token), Some((org, user)));
        assert_eq!(JwtKeys::new(&[8u8; 32], 60).verify(&token), None);
    }

    #[test]
    fn expired_tokens_and_the_none_algorithm_are_refused() {
        let keys = JwtKeys::new(&[7u8; 32], -120);
        let token = keys.issue(OrgId::new(), Uuid::now_v7()).unwrap_or_default();
        assert_eq!(keys.verify(&token), None);
        // header {"alg":"none"} with a valid-looking body and no signature
        let forged =
            "eyJhbGciOiJub25lIn0.eyJzdWIiOiIwMTkzYTBjNC03YjFlLTdjMzktOWE0ZS0yZjBkNmYxZjZhMTAifQ.";
        assert_eq!(JwtKeys::new(&[7u8; 32], 60).verify(forged), None);
    }
}
