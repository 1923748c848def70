//! Whatever text a log line is made of, no key, secret or token survives redaction, and the
//! words support needs (ids, hosts, sentences) pass through untouched.

use eca_core::journal::redact;
use proptest::prelude::*;

/// Shaped like Salesforce's consumer secrets, keys, access and refresh tokens.
fn secret_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9A-F]{64}",
        "3MVG9[A-Za-z0-9._]{80}",
        "00D[A-Za-z0-9]{12}![A-Za-z0-9._]{96}",
        "5Aep861[A-Za-z0-9._]{80}",
        "[a-z]{20}[0-9][A-Za-z0-9]{11,40}",
        // An older connected app's secret: 19 decimal digits.
        "[1-9][0-9]{18}",
    ]
}

/// Text around a secret: anything, cut where a word cannot run on into the secret.
fn surrounding() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[ -~]{0,80}"].prop_map(|text| format!("{text} "))
}

proptest! {
    #[test]
    fn no_secret_survives_in_any_line(
        before in surrounding(),
        secret in secret_like(),
        after in surrounding(),
    ) {
        let line = redact(&format!("{before}{secret} {after}"));
        prop_assert!(!line.contains(&secret), "{line}");
    }

    #[test]
    fn redacting_twice_equals_redacting_once(text in any::<String>()) {
        let once = redact(&text);
        prop_assert_eq!(redact(&once), once);
    }

    #[test]
    fn short_words_and_plain_prose_pass_untouched(
        text in "([A-Za-z0-9._!+/=~-]{0,31}[ ,:\"()…]){0,12}",
    ) {
        prop_assert_eq!(redact(&text), text);
    }

    #[test]
    fn long_words_without_digits_pass_untouched(word in "[a-z.]{32,60}") {
        prop_assert_eq!(redact(&word), word);
    }
}
