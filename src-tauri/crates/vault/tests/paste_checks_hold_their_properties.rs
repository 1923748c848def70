//! Properties of the paste checks on the Consumer Key and Secret: any input is answered (no
//! panic), whitespace is removed wherever it is, checking cleaned values again changes nothing,
//! and the report shown to the UI never holds the secret.

use eca_core::secret::Secret;
use eca_vault::paste::{check_credentials, Stage};
use proptest::prelude::*;

fn stage() -> impl Strategy<Value = Stage> {
    prop_oneof![Just(Stage::Paste), Just(Stage::Save)]
}

/// Key-like, secret-like and arbitrary values, with whitespace sprinkled in.
fn pasted() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "3MVG[A-Za-z0-9._]{40,90}",
        "[0-9A-Fa-f]{10,70}",
        "[0-9]{15,22}",
        "[ \t\r\n]{0,3}[A-Za-z0-9._: ]{0,40}[ \t\r\n\u{a0}]{0,3}",
    ]
}

/// A secret of at least 8 characters whose text cannot occur in the fixed messages by chance.
fn secret_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[0-9A-F]{8,70}",
        "3MVG[A-Za-z0-9._]{4,90}",
        "[A-Za-z0-9!#%*+/=?^_~-]{8,60}",
    ]
}

fn with_whitespace(text: &str, spaces: &[(usize, char)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, space) in spaces {
        chars.insert(at % (chars.len() + 1), space);
    }
    chars.into_iter().collect()
}

fn whitespace() -> impl Strategy<Value = Vec<(usize, char)>> {
    prop::collection::vec(
        (
            any::<usize>(),
            prop::sample::select(vec![' ', '\t', '\n', '\r', '\u{a0}', '\u{2003}']),
        ),
        0..6,
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn whitespace_anywhere_is_removed(
        key in pasted(),
        secret in pasted(),
        stage in stage(),
    ) {
        let checked = check_credentials(&key, &Secret::new(secret.clone()), stage);
        let strip = |text: &str| text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
        prop_assert_eq!(&checked.consumer_key, &strip(&key));
        prop_assert_eq!(checked.consumer_secret.expose(), strip(&secret));
        let can_save = !checked
            .report
            .issues
            .iter()
            .any(|issue| issue.severity == eca_vault::Severity::Error);
        prop_assert_eq!(checked.report.can_save, can_save);
    }

    #[test]
    fn checking_cleaned_values_again_changes_nothing(
        key in pasted(),
        secret in pasted(),
        stage in stage(),
    ) {
        let first = check_credentials(&key, &Secret::new(secret), stage);
        let again = check_credentials(&first.consumer_key, &first.consumer_secret, stage);
        prop_assert_eq!(&again.consumer_key, &first.consumer_key);
        prop_assert_eq!(again.consumer_secret.expose(), first.consumer_secret.expose());
        // The second check has nothing left to trim, and otherwise says the same.
        let without_trim_notes: Vec<_> = first
            .report
            .issues
            .iter()
            .filter(|issue| issue.severity != eca_vault::Severity::Info)
            .cloned()
            .collect();
        prop_assert_eq!(&again.report.issues, &without_trim_notes);
    }

    #[test]
    fn the_report_never_holds_the_secret(
        key in prop_oneof![pasted(), secret_text()],
        secret in secret_text(),
        spaces in whitespace(),
        stage in stage(),
    ) {
        let pasted_secret = with_whitespace(&secret, &spaces);
        let checked = check_credentials(&key, &Secret::new(pasted_secret), stage);
        let json = serde_json::to_string(&checked.report).expect("the report serializes");
        prop_assert!(!json.contains(&secret), "the report holds the secret: {}", json);
        let debug = format!("{:?}", checked.consumer_secret);
        prop_assert!(!debug.contains(&secret), "Debug shows the secret: {}", debug);
    }
}
