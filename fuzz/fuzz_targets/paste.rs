//! The Consumer Key and Secret as pasted: `check_credentials` at both stages. The input is
//! `key` NUL `secret`. Properties: whitespace is removed everywhere, `can_save` agrees with the
//! issues, checking the cleaned values again changes nothing, and the report never holds the
//! secret.

#![no_main]

use eca_core::secret::Secret;
use eca_vault::paste::{check_credentials, Severity, Stage};
use libfuzzer_sys::fuzz_target;

/// Neither the paste checks' messages nor JSON or `Debug` punctuation use these, so a secret
/// holding one that shows up in the report came from the secret, not from the fixed text.
const NEVER_IN_MESSAGES: &[char] = &['#', '$', '%', '*', '+', '=', '?', '^', '|', '~', '!'];

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (key, secret) = text.split_once('\0').unwrap_or((text, ""));
    let strip = |text: &str| {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
    };

    for stage in [Stage::Paste, Stage::Save] {
        let first = check_credentials(key, &Secret::new(secret), stage);
        assert_eq!(first.consumer_key, strip(key));
        assert_eq!(first.consumer_secret.expose(), strip(secret));
        let has_error = first
            .report
            .issues
            .iter()
            .any(|i| i.severity == Severity::Error);
        assert_eq!(first.report.can_save, !has_error);

        let again = check_credentials(&first.consumer_key, &first.consumer_secret, stage);
        assert_eq!(again.consumer_key, first.consumer_key);
        assert_eq!(
            again.consumer_secret.expose(),
            first.consumer_secret.expose()
        );
        // Only the "whitespace removed" notes (Info) go away the second time.
        let without_notes: Vec<_> = first
            .report
            .issues
            .iter()
            .filter(|i| i.severity != Severity::Info)
            .cloned()
            .collect();
        assert_eq!(again.report.issues, without_notes);

        let cleaned = first.consumer_secret.expose();
        // `Debug` shows the key (escaped), so a secret found inside the key proves nothing.
        let telling = cleaned.chars().count() >= 8
            && cleaned.contains(NEVER_IN_MESSAGES)
            && !format!("{:?}", first.consumer_key).contains(cleaned);
        if telling {
            let json = serde_json::to_string(&first.report).expect("the report serializes");
            assert!(
                !json.contains(cleaned),
                "the report holds the secret: {json}"
            );
            let debug = format!("{first:?}");
            assert!(!debug.contains(cleaned), "Debug shows the secret: {debug}");
        }
    }
});
