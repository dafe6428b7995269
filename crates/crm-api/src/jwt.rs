//! Access tokens: HS256 JWTs with the algorithm pinned and `exp`, `iss` and `aud` checked,
//! named by a key id (`kid`) so a rotation keeps the previous secret's tokens valid
//! until they expire.

use chrono::Utc;
use crm_core::ids::OrgId;
use jsonwebtoken::{
    Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, decode_header, encode,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
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

/// A key that verifies tokens, known by its id.
#[derive(Clone)]
struct Verifier {
    kid: String,
    key: DecodingKey,
}

/// The keys that sign and verify access tokens: the current secret signs, it and the
/// previous ones verify.
#[derive(Clone)]
pub struct JwtKeys {
    encoding: EncodingKey,
    kid: String,
    /// The current secret's first, then the previous secrets'.
    verifiers: Vec<Verifier>,
    validation: Validation,
    pub ttl_seconds: i64,
    /// Tokens already verified, shared by the server's workers.
    verified: Arc<Mutex<Verified>>,
}

/// Tokens this process has verified, by their exact text, with what they name and
/// when they expire: a client sends the same token with every request for its
/// lifetime, and checking its HMAC again each time was the largest single cost of a
/// read by id (52,000 of 320,000 instructions, stop 30; decision 0045). Only the exact
/// string that passed the full check is trusted, only until its `exp`; the keys never
/// change while the process runs, so nothing else can make such a token invalid.
#[derive(Default)]
struct Verified {
    tokens: HashMap<Box<str>, Grant>,
}

#[derive(Clone, Copy)]
struct Grant {
    org: OrgId,
    user: Uuid,
    exp: i64,
}

/// The most tokens remembered; past it the expired go, and if that is not enough, all
/// (each of them is verified again on its next use). About 400 bytes each.
pub const VERIFIED_TOKENS: usize = 4096;

impl Verified {
    fn get(&self, token: &str, now: i64) -> Option<Grant> {
        self.tokens.get(token).copied().filter(|g| now < g.exp)
    }

    fn remember(&mut self, token: &str, grant: Grant, now: i64) {
        if self.tokens.len() >= VERIFIED_TOKENS {
            self.tokens.retain(|_, g| now < g.exp);
            if self.tokens.len() >= VERIFIED_TOKENS {
                self.tokens.clear();
            }
        }
        self.tokens.insert(token.into(), grant);
    }
}

/// A secret's key id: 16 hex digits of a hash of it, so tokens name their key without
/// saying anything about it.
pub fn kid(secret: &[u8]) -> String {
    let digest = Sha256::new()
        .chain_update(b"crm jwt kid\0")
        .chain_update(secret)
        .finalize();
    hex::encode(&digest[..8])
}

impl std::fmt::Debug for JwtKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JwtKeys(<redacted>)")
    }
}

impl JwtKeys {
    /// Keys that sign with `secret` and also verify tokens signed with `previous`.
    pub fn new(secret: &[u8], ttl_seconds: i64) -> Self {
        Self::rotated(secret, &[], ttl_seconds)
    }

    /// Keys that sign with `secret` and also verify tokens signed with `previous`
    /// (a rotation's overlap: keep the old secret here for one token lifetime).
    pub fn rotated(secret: &[u8], previous: &[&[u8]], ttl_seconds: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 5;
        Self {
            encoding: EncodingKey::from_secret(secret),
            kid: kid(secret),
            verifiers: std::iter::once(secret)
                .chain(previous.iter().copied())
                .map(|s| Verifier {
                    kid: kid(s),
                    key: DecodingKey::from_secret(s),
                })
                .collect(),
            validation,
            ttl_seconds,
            verified: Arc::default(),
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
        let mut header = Header::new(Algorithm::HS256);
        header.kid = Some(self.kid.clone());
        encode(&header, &claims, &self.encoding)
    }

    /// The organisation and user a valid token names.
    pub fn verify(&self, token: &str) -> Option<(OrgId, Uuid)> {
        let now = Utc::now().timestamp();
        // A poisoned memory is passed by: the full check below still decides.
        let known = self.verified.lock().ok().and_then(|v| v.get(token, now));
        if let Some(g) = known {
            return Some((g.org, g.user));
        }
        let grant = self.check(token)?;
        if let Ok(mut verified) = self.verified.lock() {
            verified.remember(token, grant, now);
        }
        Some((grant.org, grant.user))
    }

    /// The full check of a token: its key, signature, algorithm and claims.
    fn check(&self, token: &str) -> Option<Grant> {
        // One secret (no rotation under way): its signature is the whole check, so the
        // header is not decoded a second time for its key id (7,200 instructions of a
        // read by id, stop 29). A token without a key id predates them: the current
        // secret alone checks it.
        let verifier = match self.verifiers.as_slice() {
            [only] => only,
            _ => match decode_header(token).ok()?.kid {
                Some(kid) => self.verifiers.iter().find(|v| v.kid == kid)?,
                None => self.verifiers.first()?,
            },
        };
        let c = decode::<Claims>(token, &verifier.key, &self.validation)
            .ok()?
            .claims;
        Some(Grant {
            org: OrgId(c.org),
            user: c.sub,
            exp: c.exp,
        })
    }

    /// How many verified tokens are remembered (for tests).
    #[cfg(test)]
    fn remembered(&self) -> usize {
        self.verified.lock().map(|v| v.tokens.len()).unwrap_or(0)
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
    fn after_a_rotation_the_previous_secrets_tokens_verify_and_name_their_key() {
        let (old, new) = ([7u8; 32], [9u8; 32]);
        let org = OrgId::new();
        let user = Uuid::now_v7();
        let before = JwtKeys::new(&old, 60).issue(org, user).unwrap_or_default();
        let header = decode_header(&before).ok().and_then(|h| h.kid);
        assert_eq!(header, Some(kid(&old)));
        let rotated = JwtKeys::rotated(&new, &[&old], 60);
        assert_eq!(rotated.verify(&before), Some((org, user)));
        let after = rotated.issue(org, user).unwrap_or_default();
        assert_eq!(
            decode_header(&after).ok().and_then(|h| h.kid),
            Some(kid(&new))
        );
        // Once the old secret is dropped, its tokens stop; the new ones go on.
        let done = JwtKeys::new(&new, 60);
        assert_eq!(done.verify(&before), None);
        assert_eq!(done.verify(&after), Some((org, user)));
        // A token naming the current key but signed with another secret is refused.
        let forged = {
            let mut h = Header::new(Algorithm::HS256);
            h.kid = Some(kid(&new));
            let claims = Claims {
                sub: user,
                org: org.0,
                iss: ISSUER.into(),
                aud: AUDIENCE.into(),
                iat: 0,
                exp: Utc::now().timestamp() + 60,
                jti: Uuid::now_v7(),
            };
            encode(&h, &claims, &EncodingKey::from_secret(&old)).unwrap_or_default()
        };
        assert_eq!(rotated.verify(&forged), None);
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

    #[test]
    fn a_verified_token_is_remembered_and_an_altered_copy_is_checked_in_full() {
        let keys = JwtKeys::new(&[7u8; 32], 60);
        let (org, user) = (OrgId::new(), Uuid::now_v7());
        let token = keys.issue(org, user).unwrap_or_default();
        assert_eq!(keys.remembered(), 0);
        assert_eq!(keys.verify(&token), Some((org, user)));
        assert_eq!(keys.remembered(), 1);
        assert_eq!(keys.clone().verify(&token), Some((org, user)));
        // One character of the claims changed: the signature no longer matches.
        let mut altered = token.clone();
        let mid = altered.len() / 2;
        let other = if &altered[mid..=mid] == "A" { "B" } else { "A" };
        altered.replace_range(mid..=mid, other);
        assert_eq!(keys.verify(&altered), None);
        assert_eq!(keys.remembered(), 1);
        // Another set of keys has a memory of its own.
        assert_eq!(JwtKeys::new(&[8u8; 32], 60).verify(&token), None);
    }

    #[test]
    fn a_remembered_token_stops_at_its_expiry_and_the_memory_stays_bounded() {
        let grant = |exp| Grant {
            org: OrgId::new(),
            user: Uuid::now_v7(),
            exp,
        };
        let mut v = Verified::default();
        v.remember("t", grant(100), 50);
        assert!(v.get("t", 99).is_some());
        assert!(v.get("t", 100).is_none());
        // Full of expired tokens: they go, the new one stays.
        let mut v = Verified::default();
        for i in 0..VERIFIED_TOKENS {
            v.remember(&format!("e{i}"), grant(10), 5);
        }
        v.remember("fresh", grant(1000), 500);
        assert_eq!(v.tokens.len(), 1);
        // Full of live tokens: all are forgotten and will be checked again.
        let mut v = Verified::default();
        for i in 0..VERIFIED_TOKENS {
            v.remember(&format!("l{i}"), grant(1000), 500);
        }
        assert_eq!(v.tokens.len(), VERIFIED_TOKENS);
        v.remember("one more", grant(1000), 500);
        assert_eq!(v.tokens.len(), 1);
        assert!(v.get("one more", 600).is_some());
    }
}
