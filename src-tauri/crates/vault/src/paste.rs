//! The checks run on a pasted Consumer Key and Consumer Secret, on paste and again on save:
//! whitespace removed (and said so), empty or cut-short values refused, the two fields swapped
//! or the key pasted twice recognised. Pure functions; nothing here touches the keychain.

use eca_core::secret::Secret;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The field ids the UI uses for the two inputs.
pub const CONSUMER_KEY: &str = "consumer_key";
pub const CONSUMER_SECRET: &str = "consumer_secret";

/// Every Consumer Key Salesforce issues starts with this (Connected Apps and External Client
/// Apps alike).
pub const KEY_PREFIX: &str = "3MVG";

/// Consumer Keys are 85 characters today. Anything under 50 cannot be a whole key: it is a
/// partial selection or a copy cut at a line break. 50 rather than 85 leaves room for a key
/// format we have not seen without letting a half key through.
pub const MIN_KEY_LEN: usize = 50;

/// External Client Apps get a 64-character hex secret; older Connected Apps have 19-digit
/// decimal secrets. Nothing shorter than 19 has ever been issued, so shorter is cut short.
pub const MIN_SECRET_LEN: usize = 19;

/// The length of today's hex secrets: a hex secret shorter than this was probably cut short,
/// but not certainly (hence a warning, not a refusal).
pub const HEX_SECRET_LEN: usize = 64;

/// When the check runs: on paste a field that is still empty is not yet a problem; on save it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Stage {
    Paste,
    Save,
}

/// How much an issue matters: `Error` blocks saving, `Warning` is shown but allows it, `Info`
/// only says what the app did (for example, removed a line break).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

/// One sentence to show beside one field. It never contains the secret's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PasteIssue {
    /// `consumer_key` or `consumer_secret`.
    pub field: String,
    pub severity: Severity,
    pub message: String,
    pub hint: String,
}

/// What the UI shows after a check. The cleaned values are not in here (the secret must never
/// be serialized); they are in [`CheckedCredentials`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PasteReport {
    /// In field order: the key's issues, then the secret's.
    pub issues: Vec<PasteIssue>,
    /// The key field holds what looks like a secret and the secret field what looks like a key:
    /// offer a "Swap them back" button.
    pub swap_suggested: bool,
    /// No issue of severity `Error`.
    pub can_save: bool,
}

impl PasteReport {
    /// The issues of one field, for showing beside it.
    pub fn for_field<'a>(&'a self, field: &'a str) -> impl Iterator<Item = &'a PasteIssue> + 'a {
        self.issues.iter().filter(move |issue| issue.field == field)
    }
}

/// The cleaned values (whitespace removed) and the report on them.
#[derive(Debug, Clone)]
pub struct CheckedCredentials {
    pub consumer_key: String,
    pub consumer_secret: Secret,
    pub report: PasteReport,
}

impl CheckedCredentials {
    /// The same two values the other way round, checked again: what "Swap them back" does.
    pub fn swapped(&self, stage: Stage) -> CheckedCredentials {
        check_credentials(
            self.consumer_secret.expose(),
            &Secret::new(self.consumer_key.clone()),
            stage,
        )
    }
}

/// Checks both fields together (the swap and same-as-key checks need both).
pub fn check_credentials(key: &str, secret: &Secret, stage: Stage) -> CheckedCredentials {
    let (key, key_trimmed) = remove_whitespace(key);
    let (secret_text, secret_trimmed) = remove_whitespace(secret.expose());
    let secret = Secret::new(secret_text);
    let secret_text = secret.expose();

    let swapped = looks_like_secret(&key) && looks_like_key(secret_text);
    let same = !key.is_empty() && key == secret_text;
    let mut issues = Vec::new();

    if key_trimmed {
        issues.push(trimmed(CONSUMER_KEY, "Consumer Key"));
    }
    if swapped {
        issues.push(issue(
            CONSUMER_KEY,
            Severity::Error,
            "This looks like the Consumer Secret: the Consumer Key and the Consumer Secret seem to be swapped.",
            "Use “Swap them back”, or paste the value that starts with 3MVG here.",
        ));
    } else {
        issues.extend(key_issue(&key, stage));
    }

    if secret_trimmed {
        issues.push(trimmed(CONSUMER_SECRET, "Consumer Secret"));
    }
    if swapped {
        issues.push(issue(
            CONSUMER_SECRET,
            Severity::Error,
            "This looks like the Consumer Key (it starts with 3MVG), so the two fields seem to be swapped.",
            "Use “Swap them back”, or paste the Consumer Secret here.",
        ));
    } else if same {
        issues.push(issue(
            CONSUMER_SECRET,
            Severity::Error,
            "This is the same as the Consumer Key; the Consumer Secret is a different value.",
            "In Salesforce, click Copy beside Consumer Secret (not Consumer Key) and paste it here.",
        ));
    } else {
        issues.extend(secret_issue(secret_text, stage));
    }

    let can_save = !issues.iter().any(|i| i.severity == Severity::Error);
    CheckedCredentials {
        consumer_key: key,
        consumer_secret: secret,
        report: PasteReport {
            issues,
            swap_suggested: swapped,
            can_save,
        },
    }
}

fn key_issue(key: &str, stage: Stage) -> Option<PasteIssue> {
    let error =
        |message: String, hint: &str| Some(issue(CONSUMER_KEY, Severity::Error, message, hint));
    let len = key.chars().count();
    if key.is_empty() {
        return match stage {
            Stage::Save => error(
                "Paste the Consumer Key.".into(),
                "In Salesforce, open the app's Settings, click Consumer Key and Secret, verify your identity, then click Copy beside Consumer Key.",
            ),
            Stage::Paste => None,
        };
    }
    if let Some(bad) = key.chars().find(|c| !is_key_char(*c)) {
        return error(
            format!("A Consumer Key has only letters, digits, dots and underscores; this one has “{bad}”."),
            "Copy the key alone with the Copy button beside it, not the label or the text around it.",
        );
    }
    if looks_like_secret(key) {
        return error(
            "This looks like a Consumer Secret (only digits and letters A–F), not the Consumer Key.".into(),
            "Paste the value that starts with 3MVG here, and this one in the Consumer Secret field.",
        );
    }
    if len < MIN_KEY_LEN {
        return error(
            format!("This is only {len} characters; a Consumer Key is about 85, so it was probably cut short."),
            "Copy it again with the Copy button beside Consumer Key rather than selecting the text.",
        );
    }
    if !key.starts_with(KEY_PREFIX) {
        return Some(issue(
            CONSUMER_KEY,
            Severity::Warning,
            "Salesforce Consumer Keys start with 3MVG; this one does not.",
            "Check that you copied the Consumer Key of this app, and all of it.",
        ));
    }
    None
}

fn secret_issue(secret: &str, stage: Stage) -> Option<PasteIssue> {
    let len = secret.chars().count();
    if secret.is_empty() {
        return match stage {
            Stage::Save => Some(issue(
                CONSUMER_SECRET,
                Severity::Error,
                "Paste the Consumer Secret.",
                "In Salesforce, beside Consumer Secret, click Copy (you may have to verify your identity first).",
            )),
            Stage::Paste => None,
        };
    }
    if looks_like_key(secret) {
        return Some(issue(
            CONSUMER_SECRET,
            Severity::Error,
            "This looks like a Consumer Key (it starts with 3MVG), not the Consumer Secret.",
            "Paste it in the Consumer Key field, and copy the Consumer Secret here.",
        ));
    }
    if len < MIN_SECRET_LEN {
        return Some(issue(
            CONSUMER_SECRET,
            Severity::Error,
            format!("This is only {len} characters; a Consumer Secret is at least {MIN_SECRET_LEN}, so it was probably cut short."),
            "Copy it again with the Copy button beside Consumer Secret rather than selecting the text.",
        ));
    }
    if !secret.chars().all(|c| c.is_ascii_hexdigit()) {
        return Some(issue(
            CONSUMER_SECRET,
            Severity::Warning,
            "Salesforce Consumer Secrets are made of digits and the letters A–F only; this one has other characters.",
            "Check that you copied the Consumer Secret alone, without its label or the text around it.",
        ));
    }
    let hex_letters = secret.chars().any(|c| c.is_ascii_alphabetic());
    if hex_letters && len < HEX_SECRET_LEN {
        return Some(issue(
            CONSUMER_SECRET,
            Severity::Warning,
            format!("This is {len} characters; Consumer Secrets like it are {HEX_SECRET_LEN}, so it may have been cut short."),
            "If in doubt, copy it again with the Copy button beside Consumer Secret.",
        ));
    }
    None
}

/// Spaces, tabs and line breaks are removed everywhere: a long key copied from a page or an
/// e-mail often wraps, and neither value ever contains whitespace.
fn remove_whitespace(raw: &str) -> (String, bool) {
    let cleaned: String = raw.chars().filter(|c| !c.is_whitespace()).collect();
    let trimmed = cleaned.len() != raw.len();
    (cleaned, trimmed)
}

fn is_key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '_'
}

fn looks_like_key(value: &str) -> bool {
    value.starts_with(KEY_PREFIX)
}

/// A hex or digit string of a secret's length, with no 3MVG prefix.
fn looks_like_secret(value: &str) -> bool {
    value.chars().count() >= MIN_SECRET_LEN
        && value.chars().all(|c| c.is_ascii_hexdigit())
        && !looks_like_key(value)
}

fn trimmed(field: &str, label: &str) -> PasteIssue {
    issue(
        field,
        Severity::Info,
        format!("Removed the spaces or line breaks that came with the copied {label}."),
        "Nothing to do: neither value ever contains spaces.",
    )
}

fn issue(
    field: &str,
    severity: Severity,
    message: impl Into<String>,
    hint: impl Into<String>,
) -> PasteIssue {
    PasteIssue {
        field: field.to_owned(),
        severity,
        message: message.into(),
        hint: hint.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "3MVG9rZjd7MXFdLhk3vB8yWAPrdpL2TfPzQ6sS_xN0w8Fv1c5Jm.Yq4eRtUiOpAsDfGhJkLzXcVbNm1234567";
    const SECRET: &str = "5D2F8A0C1E3B4A6F7D9E0C2B4A6F8D1E3C5B7A9F0E2D4C6B8A1F3E5D7C9B0A2F";
    const OLD_SECRET: &str = "1234567890123456789";

    fn check(key: &str, secret: &str, stage: Stage) -> CheckedCredentials {
        check_credentials(key, &Secret::new(secret), stage)
    }

    fn severities(checked: &CheckedCredentials, field: &str) -> Vec<Severity> {
        checked
            .report
            .for_field(field)
            .map(|i| i.severity)
            .collect()
    }

    #[test]
    fn sample_values_have_the_real_lengths() {
        assert_eq!(KEY.len(), 85);
        assert_eq!(SECRET.len(), 64);
    }

    #[test]
    fn clean_values_pass_without_a_word() {
        for secret in [SECRET, OLD_SECRET, &SECRET.to_lowercase()] {
            let checked = check(KEY, secret, Stage::Save);
            assert!(checked.report.issues.is_empty(), "{:?}", checked.report);
            assert!(checked.report.can_save);
            assert!(!checked.report.swap_suggested);
        }
    }

    #[test]
    fn whitespace_at_the_ends_and_inside_is_removed_and_said() {
        let wrapped_key = format!("  {}\r\n{}\t", &KEY[..40], &KEY[40..]);
        let wrapped_secret = format!("\n{} {}\n", &SECRET[..32], &SECRET[32..]);
        let checked = check(&wrapped_key, &wrapped_secret, Stage::Save);
        assert_eq!(checked.consumer_key, KEY);
        assert_eq!(checked.consumer_secret.expose(), SECRET);
        assert_eq!(severities(&checked, CONSUMER_KEY), [Severity::Info]);
        assert_eq!(severities(&checked, CONSUMER_SECRET), [Severity::Info]);
        assert!(checked.report.issues[0].message.contains("Removed"));
        assert!(
            checked.report.can_save,
            "trimming alone does not block saving"
        );
    }

    #[test]
    fn empty_fields_are_refused_on_save_but_not_on_paste() {
        let on_paste = check("", "  ", Stage::Paste);
        assert!(on_paste
            .report
            .issues
            .iter()
            .all(|i| i.severity != Severity::Error));
        let on_save = check("", "", Stage::Save);
        assert_eq!(severities(&on_save, CONSUMER_KEY), [Severity::Error]);
        assert_eq!(severities(&on_save, CONSUMER_SECRET), [Severity::Error]);
        assert!(!on_save.report.can_save);
        assert!(on_save.report.issues[0]
            .message
            .contains("Paste the Consumer Key"));
    }

    #[test]
    fn cut_short_values_are_refused_with_their_length() {
        let checked = check(&KEY[..30], &SECRET[..12], Stage::Paste);
        let key = checked
            .report
            .for_field(CONSUMER_KEY)
            .next()
            .expect("key issue");
        assert_eq!(key.severity, Severity::Error);
        assert!(
            key.message.contains("only 30 characters"),
            "{}",
            key.message
        );
        let secret = checked
            .report
            .for_field(CONSUMER_SECRET)
            .next()
            .expect("secret issue");
        assert_eq!(secret.severity, Severity::Error);
        assert!(
            secret.message.contains("only 12 characters"),
            "{}",
            secret.message
        );
        assert!(!checked.report.can_save);
    }

    #[test]
    fn a_hex_secret_shorter_than_64_is_a_warning_only() {
        let checked = check(KEY, &SECRET[..40], Stage::Save);
        assert_eq!(severities(&checked, CONSUMER_SECRET), [Severity::Warning]);
        assert!(checked.report.can_save);
    }

    #[test]
    fn swapped_fields_are_recognised_and_swap_back_cleanly() {
        let checked = check(SECRET, KEY, Stage::Paste);
        assert!(checked.report.swap_suggested);
        assert_eq!(severities(&checked, CONSUMER_KEY), [Severity::Error]);
        assert_eq!(severities(&checked, CONSUMER_SECRET), [Severity::Error]);
        assert!(checked.report.issues[0].message.contains("swapped"));

        let back = checked.swapped(Stage::Save);
        assert_eq!(back.consumer_key, KEY);
        assert_eq!(back.consumer_secret.expose(), SECRET);
        assert!(back.report.issues.is_empty(), "{:?}", back.report);
    }

    #[test]
    fn a_secret_in_the_key_field_alone_is_named() {
        let checked = check(OLD_SECRET, "", Stage::Paste);
        assert!(!checked.report.swap_suggested);
        let issue = checked
            .report
            .for_field(CONSUMER_KEY)
            .next()
            .expect("issue");
        assert!(
            issue.message.contains("looks like a Consumer Secret"),
            "{}",
            issue.message
        );
        let checked = check("", KEY, Stage::Paste);
        let issue = checked
            .report
            .for_field(CONSUMER_SECRET)
            .next()
            .expect("issue");
        assert!(
            issue.message.contains("looks like a Consumer Key"),
            "{}",
            issue.message
        );
    }

    #[test]
    fn the_key_pasted_into_the_secret_field_is_flagged_once() {
        let checked = check(KEY, &format!("{KEY}\n"), Stage::Paste);
        assert!(checked.report.for_field(CONSUMER_KEY).next().is_none());
        let messages: Vec<&str> = checked
            .report
            .for_field(CONSUMER_SECRET)
            .filter(|i| i.severity != Severity::Info)
            .map(|i| i.message.as_str())
            .collect();
        assert_eq!(messages.len(), 1, "{messages:?}");
        assert!(
            messages[0].contains("same as the Consumer Key"),
            "{}",
            messages[0]
        );
        assert!(!checked.report.can_save);
    }

    #[test]
    fn a_label_copied_with_the_key_is_refused() {
        let checked = check(&format!("Consumer Key: {KEY}"), SECRET, Stage::Save);
        let issue = checked
            .report
            .for_field(CONSUMER_KEY)
            .find(|i| i.severity == Severity::Error)
            .expect("an error beside the key");
        assert!(issue.message.contains("“:”"), "{}", issue.message);
    }

    #[test]
    fn a_long_key_without_3mvg_is_a_warning() {
        let other = format!("XYZW{}", &KEY[4..]);
        let checked = check(&other, SECRET, Stage::Save);
        assert_eq!(severities(&checked, CONSUMER_KEY), [Severity::Warning]);
        assert!(checked.report.can_save);
    }

    #[test]
    fn the_report_never_holds_the_secret() {
        for (key, secret) in [
            (KEY, SECRET),
            (SECRET, KEY),
            (KEY, &SECRET[..10]),
            ("", SECRET),
        ] {
            let checked = check(key, secret, Stage::Save);
            let json = serde_json::to_string(&checked.report).expect("json");
            assert!(!json.contains(&SECRET[..10]), "{json}");
            assert_eq!(format!("{:?}", checked.consumer_secret), "<redacted>");
        }
    }
}
