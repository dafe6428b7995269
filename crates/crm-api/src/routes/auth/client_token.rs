//! Known clients (OWASP's device cookies): a successful sign-in hands the client a token
//! bound to the account's email and sealed with the server's key; a later sign-in that
//! presents it is not held by the account's lockout, only by a limit of its own, so
//! someone guessing passwords for an email cannot lock its owner out.

use crate::http::cursor::{CursorKey, Seal};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crm_core::ids::OrgId;
use rand::RngCore;

/// A client token's pattern: 22 characters of nonce, 22 of seal.
pub const PATTERN: &str = "^[A-Za-z0-9_-]{44}$";

/// The seal of the tokens of one account (its email, as typed, trimmed and lower-cased).
fn seal(key: &CursorKey, account: &str) -> Seal {
    Seal::new(
        key,
        &format!("client-token\n{account}"),
        OrgId(uuid::Uuid::nil()),
    )
}

/// A new token for `account`.
pub fn issue(key: &CursorKey, account: &str) -> String {
    let mut nonce = [0u8; 16];
    rand::rng().fill_bytes(&mut nonce);
    seal(key, account).close(URL_SAFE_NO_PAD.encode(nonce))
}

/// The token's nonce when it was issued for `account` by this server's key.
/// Whether `token` has the shape [`issue`] gives every token: 44 URL-safe characters.
pub fn well_formed(token: &str) -> bool {
    token.len() == 44
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

pub fn check<'a>(key: &CursorKey, account: &str, token: &'a str) -> Option<&'a str> {
    seal(key, account).open(token).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_token_opens_only_for_the_account_and_key_it_was_issued_for() {
        let key = CursorKey::derive(b"secret");
        let t = issue(&key, "ada@example.com");
        assert_eq!(t.len(), 44);
        assert!(check(&key, "ada@example.com", &t).is_some());
        assert!(check(&key, "grace@example.com", &t).is_none());
        assert!(check(&CursorKey::derive(b"other"), "ada@example.com", &t).is_none());
        let mut forged = t.clone();
        forged.replace_range(0..1, if t.starts_with('A') { "B" } else { "A" });
        assert!(check(&key, "ada@example.com", &forged).is_none());
    }
}
