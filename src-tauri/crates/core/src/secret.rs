//! Secrets (consumer secret, refresh and access tokens) from the moment they are read: `Debug`
//! and `Display` print `<redacted>`, there is no `Serialize`, and the memory is wiped on drop.
//! The only way to the text is `expose`, which names every place a secret leaves this type.

use std::fmt;

use zeroize::Zeroizing;

#[derive(Clone, PartialEq, Eq)]
pub struct Secret(Zeroizing<String>);

impl Secret {
    pub fn new(text: impl Into<String>) -> Secret {
        Secret(Zeroizing::new(text.into()))
    }

    /// The secret's text, for the keychain or an HTTP request and nothing else.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A consumer key as it may be shown: its first and last four characters.
pub fn mask_key(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    if chars.len() <= 8 {
        return "•".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_never_print_their_text() {
        let secret = Secret::new("5D2F8A0C1E3B4A6F");
        assert_eq!(format!("{secret}"), "<redacted>");
        assert_eq!(format!("{secret:?}"), "<redacted>");
        assert_eq!(format!("{:?}", Some(&secret)), "Some(<redacted>)");
        assert_eq!(secret.expose(), "5D2F8A0C1E3B4A6F");
    }

    #[test]
    fn keys_are_masked_to_their_ends() {
        assert_eq!(mask_key("3MVG9abcdefghijklmnopWXYZ"), "3MVG…WXYZ");
        assert_eq!(mask_key("short"), "•••••");
    }
}
