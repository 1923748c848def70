//! The app name and API Name fields: `derive_api_name` (the default the wizard fills in) and
//! `check_api_name` (one issue per broken rule), plus `check_email` on the same text.
//! Properties: a derived name passes the check, deriving is idempotent, no rule fires twice.

#![no_main]

use eca_core::inputs::{check_api_name, check_email, derive_api_name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let derived = derive_api_name(text);
    if text.chars().any(|c| c.is_ascii_alphanumeric()) {
        let issues = check_api_name(&derived);
        assert!(
            issues.is_empty(),
            "{text:?} → {derived:?} fails its own check: {issues:?}"
        );
        assert_eq!(
            derive_api_name(&derived),
            derived,
            "deriving {derived:?} again changed it"
        );
    } else {
        assert_eq!(
            derived, "",
            "{text:?} has no letter or digit yet derived a name"
        );
    }

    let issues = check_api_name(text);
    assert!(issues.len() <= 5, "five rules, {} issues", issues.len());
    let mut messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
    messages.sort_unstable();
    messages.dedup();
    assert_eq!(
        messages.len(),
        issues.len(),
        "a rule reported twice: {issues:?}"
    );
    assert!(issues.iter().all(|i| i.field == "api_name"));

    if let Err(issue) = check_email("contact_email", text) {
        assert_eq!(issue.field, "contact_email");
    }
});
