//! Cursors sealed to where they were issued: the `next_cursor` of a page carries an
//! HMAC over the path it came from, the caller's organisation and the position, so a
//! cursor forged, edited, taken to another list or used by another organisation is a
//! 400 naming `cursor` instead of a page read from a position the caller made up.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crm_core::FieldError;
use crm_core::ids::OrgId;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;

/// Characters of the seal at the end of every cursor (16 bytes of HMAC-SHA256).
const SEAL_LEN: usize = 22;

/// The key cursors are sealed with: derived from the token secret, so every replica
/// that accepts a token accepts the cursors issued with it.
#[derive(Clone)]
pub struct CursorKey(Arc<[u8; 32]>);

impl CursorKey {
    pub fn derive(secret: &[u8]) -> CursorKey {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(secret)
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(b"crm cursor seal v1");
        CursorKey(Arc::new(mac.finalize().into_bytes().into()))
    }
}

/// Seals and opens the cursors of one request: its path and the caller's organisation.
#[derive(Clone)]
pub struct Seal {
    key: CursorKey,
    scope: String,
}

impl std::fmt::Debug for Seal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Seal")
            .field("scope", &self.scope)
            .finish_non_exhaustive()
    }
}

impl Seal {
    pub fn new(key: &CursorKey, path: &str, org: OrgId) -> Seal {
        Seal {
            key: key.clone(),
            scope: format!("{path}\n{}\n", org.0),
        }
    }

    fn mac(&self, position: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key.0[..])
            .unwrap_or_else(|_| unreachable!("HMAC takes a key of any length"));
        mac.update(self.scope.as_bytes());
        mac.update(position.as_bytes());
        let tag = mac.finalize().into_bytes();
        URL_SAFE_NO_PAD.encode(&tag[..16])
    }

    /// The cursor handed out for `position` (the repository's opaque position).
    pub fn close(&self, position: String) -> String {
        let mac = self.mac(&position);
        position + &mac
    }

    /// The position inside a cursor this seal closed; anything else is an error naming
    /// `cursor`.
    pub fn open<'a>(&self, cursor: &'a str) -> Result<&'a str, FieldError> {
        let cursor = cursor.trim();
        let split = cursor.len().checked_sub(SEAL_LEN).filter(|n| *n > 0);
        let Some((position, mac)) =
            split.and_then(|n| cursor.is_char_boundary(n).then(|| cursor.split_at(n)))
        else {
            return Err(refused());
        };
        let expected = self.mac(position);
        // Constant time: the comparison does not tell how much of a guess was right.
        let same = expected.len() == mac.len()
            && expected
                .bytes()
                .zip(mac.bytes())
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same { Ok(position) } else { Err(refused()) }
    }

    /// `page`, its next cursor sealed.
    pub fn page<T>(&self, mut page: crm_core::page::Page<T>) -> crm_core::page::Page<T> {
        page.next_cursor = page.next_cursor.map(|p| self.close(p));
        page
    }
}

fn refused() -> FieldError {
    FieldError::new(
        "cursor",
        "invalid_cursor",
        "the cursor is not one this list issued to you; start again without a cursor",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn seal(path: &str, org: u128) -> Seal {
        Seal::new(
            &CursorKey::derive(b"secret"),
            path,
            OrgId(Uuid::from_u128(org)),
        )
    }

    #[test]
    fn a_cursor_opens_only_where_it_was_issued_and_only_unchanged() {
        let people = seal("/v1/people", 1);
        let cursor = people.close("eyJzIjoiaWQifQ".into());
        assert_eq!(people.open(&cursor), Ok("eyJzIjoiaWQifQ"));
        assert!(seal("/v1/users", 1).open(&cursor).is_err());
        assert!(seal("/v1/people", 2).open(&cursor).is_err());
        let other_key = Seal::new(
            &CursorKey::derive(b"other"),
            "/v1/people",
            OrgId(Uuid::from_u128(1)),
        );
        assert!(other_key.open(&cursor).is_err());
        let mut edited = cursor.clone().into_bytes();
        edited[3] ^= 1;
        assert!(
            people
                .open(&String::from_utf8(edited).unwrap_or_default())
                .is_err()
        );
        for junk in ["", "abc", "ééééééééééééééééééééééééé", "eyJzIjoiaWQifQ"]
        {
            assert!(people.open(junk).is_err(), "{junk}");
        }
        assert!(
            cursor
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        );
    }
}
