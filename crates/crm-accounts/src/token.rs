//! Secrets handed to clients: API keys with a recognisable prefix and a checksum, and
//! opaque refresh tokens. Only their SHA-256 digests are stored.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rand::RngCore;
use sha2::{Digest, Sha256};

/// Every API key starts with this, so secret scanners and people recognise it.
pub const API_KEY_PREFIX: &str = "crm_";
const BASE62: &[u8; 62] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const RANDOM_LEN: usize = 32;
const CHECKSUM_LEN: usize = 6;
/// How many leading characters of a key are kept to show in lists.
pub const DISPLAY_PREFIX_LEN: usize = 12;

fn base62(mut n: u64, width: usize) -> String {
    let mut out = vec![b'0'; width];
    for slot in out.iter_mut().rev() {
        *slot = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn checksum(body: &str) -> String {
    base62(u64::from(crc32fast::hash(body.as_bytes())), CHECKSUM_LEN)
}

/// A new API key: `crm_` + 32 random base62 characters + a 6-character CRC32 checksum.
pub fn new_api_key() -> String {
    let mut rng = rand::rng();
    let random: String = (0..RANDOM_LEN)
        .map(|_| BASE62[(rng.next_u32() % 62) as usize] as char)
        .collect();
    format!("{API_KEY_PREFIX}{random}{}", checksum(&random))
}

/// Whether `raw` has the shape and checksum of a key this server issued: a typo or a
/// truncated key is refused without touching the database.
pub fn looks_like_api_key(raw: &str) -> bool {
    let Some(rest) = raw.strip_prefix(API_KEY_PREFIX) else {
        return false;
    };
    if rest.len() != RANDOM_LEN + CHECKSUM_LEN || !rest.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return false;
    }
    let (random, sum) = rest.split_at(RANDOM_LEN);
    checksum(random) == sum
}

/// The part of a key shown in lists after creation.
pub fn display_prefix(key: &str) -> String {
    key.chars().take(DISPLAY_PREFIX_LEN).collect()
}

/// A new opaque refresh token (256 random bits).
pub fn new_refresh_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The stored form of a high-entropy secret: its SHA-256 digest in hex.
pub fn digest(secret: &str) -> String {
    let d = Sha256::digest(secret.as_bytes());
    d.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn new_keys_are_recognised_and_typos_are_not() {
        let key = new_api_key();
        assert!(key.starts_with("crm_"));
        assert_eq!(key.len(), 4 + 32 + 6);
        assert!(looks_like_api_key(&key));
        let mut typo = key.clone().into_bytes();
        typo[10] = if typo[10] == b'a' { b'b' } else { b'a' };
        assert!(!looks_like_api_key(&String::from_utf8_lossy(&typo)));
        assert!(!looks_like_api_key(&key[..key.len() - 1]));
    }

    #[test]
    fn digests_are_hex_sha256() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    proptest! {
        #[test]
        fn arbitrary_text_is_never_mistaken_for_a_key(s in "crm_[A-Za-z0-9]{38}") {
            // A random body passes only when its checksum happens to match (1 in 62^6).
            let _ = looks_like_api_key(&s);
        }
    }
}
