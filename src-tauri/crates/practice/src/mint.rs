//! Making the opaque values a Salesforce org hands out (consumer key and secret, codes, access
//! and refresh tokens) in their real shapes, and the two hashes OAuth relies on: the token
//! response's `signature` and PKCE's S256 challenge.

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

const ALPHANUMERIC: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
const TOKEN_CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
const HEX_UPPER: &[u8] = b"0123456789ABCDEF";

/// `len` characters drawn from `alphabet` by the operating system's random source.
fn random(alphabet: &[u8], len: usize) -> String {
    let mut bytes = vec![0u8; len];
    // The OS random source failing means the machine cannot run anything safely.
    getrandom::fill(&mut bytes).expect("the operating system's random source failed");
    bytes
        .iter()
        .map(|byte| alphabet[usize::from(*byte) % alphabet.len()] as char)
        .collect()
}

/// 85 characters starting `3MVG9`, like a Salesforce consumer key.
pub fn consumer_key() -> String {
    format!("3MVG9{}", random(TOKEN_CHARS, 80))
}

/// 64 upper-case hex digits, like a current Salesforce consumer secret.
pub fn consumer_secret() -> String {
    random(HEX_UPPER, 64)
}

pub fn password() -> String {
    format!("Practice-{}", random(ALPHANUMERIC, 12))
}

/// `ORGID15!AQ...`: the 15-character org id, `!`, then the opaque part.
pub fn access_token(org_id_15: &str) -> String {
    format!("{org_id_15}!AQ{}", random(TOKEN_CHARS, 110))
}

pub fn refresh_token() -> String {
    format!("5Aep861{}", random(TOKEN_CHARS, 80))
}

pub fn authorization_code() -> String {
    format!("aPrx{}", random(ALPHANUMERIC, 60))
}

/// Base64 of HMAC-SHA256 over `id` followed by `issued_at`, keyed with the consumer secret.
pub fn signature(consumer_secret: &str, id: &str, issued_at: &str) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(consumer_secret.as_bytes())
        .expect("HMAC takes a key of any length");
    mac.update(id.as_bytes());
    mac.update(issued_at.as_bytes());
    STANDARD.encode(mac.finalize().into_bytes())
}

/// PKCE S256: base64url (no padding) of SHA-256 of the verifier.
pub fn s256_challenge(verifier: &str) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()))
}

/// Compares two secrets without stopping at the first differing byte.
pub fn same_secret(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given
            .bytes()
            .zip(expected.bytes())
            .fold(0u8, |diff, (a, b)| diff | (a ^ b))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pkce_matches_rfc_7636_appendix_b() {
        assert_eq!(
            s256_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
            "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"
        );
    }

    #[test]
    fn tokens_have_salesforces_shapes() {
        let token = access_token("00D000000000PRA");
        assert!(token.starts_with("00D000000000PRA!AQ"));
        assert!(consumer_key().starts_with("3MVG9"));
        assert!(consumer_secret().chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(refresh_token(), refresh_token());
    }

    #[test]
    fn secrets_compare_exactly() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc ", "abc"));
    }
}
