//! What the admin types for a setup, and the checks that give one sentence per problem beside
//! the field. The API Name rules are guide 002's, each with its own message.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{clean_host, normalize_domain};
use crate::options::needs_input;
use crate::profile::{EcaSettings, InputKind, Profile};

/// One problem with one field: `field` is the input's id, `message` says what is wrong, `hint`
/// what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldIssue {
    pub field: String,
    pub message: String,
    pub hint: String,
}

impl FieldIssue {
    pub fn new(field: &str, message: impl Into<String>, hint: impl Into<String>) -> FieldIssue {
        FieldIssue {
            field: field.to_owned(),
            message: message.into(),
            hint: hint.into(),
        }
    }
}

/// Everything the admin types for one setup.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SetupInputs {
    /// The org's domain as typed; normalised when the checklist is computed.
    pub domain: String,
    pub app_name: String,
    pub api_name: String,
    pub contact_email: String,
    /// The profile's own inputs (tenant domain, Run As username, ...) by input id.
    #[serde(default)]
    pub values: BTreeMap<String, String>,
    /// The admin's own ECA settings; used only with an editable (Custom) profile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub eca: Option<EcaSettings>,
    /// The profile's options the admin chose, by id (see `options`). Absent from files saved
    /// before options existed, and from setups that chose none.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    #[ts(as = "Option<Vec<String>>", optional)]
    pub options: BTreeSet<String>,
}

impl SetupInputs {
    /// A fresh setup's inputs: the profile's suggested name and the API Name derived from it.
    pub fn suggested(profile: &Profile) -> SetupInputs {
        SetupInputs {
            app_name: profile.app_name.value.clone(),
            api_name: derive_api_name(&profile.app_name.value),
            eca: profile.editable.then(|| profile.eca.clone()),
            ..SetupInputs::default()
        }
    }

    /// A profile input's value, cleaned the way its kind requires.
    pub fn value(&self, profile: &Profile, id: &str) -> Option<String> {
        let raw = self.values.get(id)?;
        let cleaned = match profile.input(id).map(|spec| spec.kind) {
            Some(InputKind::Host) => clean_host(raw),
            _ => raw.trim().to_owned(),
        };
        (!cleaned.is_empty()).then_some(cleaned)
    }

    /// The permission sets the admin named for a pre-authorized app (the profile's
    /// `permission_set` inputs), in input order.
    pub fn permission_sets(&self, profile: &Profile) -> Vec<String> {
        profile
            .inputs
            .iter()
            .filter(|spec| spec.kind == InputKind::PermissionSet)
            .filter_map(|spec| self.value(profile, &spec.id))
            .collect()
    }
}

/// Every problem with the inputs, in the order the fields appear.
pub fn validate(profile: &Profile, inputs: &SetupInputs) -> Vec<FieldIssue> {
    let mut issues = Vec::new();
    if let Err(issue) = normalize_domain(&inputs.domain) {
        issues.push(issue);
    }
    if inputs.app_name.trim().is_empty() {
        issues.push(FieldIssue::new(
            "app_name",
            "Enter a name for the External Client App.",
            format!("The guide suggests “{}”.", profile.app_name.value),
        ));
    }
    issues.extend(check_api_name(&inputs.api_name));
    if let Err(issue) = check_email("contact_email", &inputs.contact_email) {
        issues.push(issue);
    }
    for spec in &profile.inputs {
        if !needs_input(profile, inputs, &spec.id) {
            continue;
        }
        let raw = inputs.values.get(&spec.id).map_or("", String::as_str);
        let checked = match spec.kind {
            InputKind::Host => check_host(&spec.id, &spec.label, &spec.example, raw),
            InputKind::Username => check_username(&spec.id, raw),
            InputKind::PermissionSet => check_permission_set(&spec.id, raw),
        };
        if let Err(issue) = checked {
            issues.push(issue);
        }
    }
    issues
}

/// Salesforce's default API Name for an app name: spaces become underscores, and whatever the
/// API Name rules forbid is dropped, so the result always passes `check_api_name` (or is empty
/// when the name has no letter or digit at all).
pub fn derive_api_name(app_name: &str) -> String {
    let mut out = String::new();
    for c in app_name.trim().chars() {
        let c = if c.is_whitespace() { '_' } else { c };
        if c.is_ascii_alphanumeric() || (c == '_' && !out.is_empty() && !out.ends_with('_')) {
            out.push(c);
        }
    }
    let out = out.trim_end_matches('_');
    match out.chars().next() {
        Some(first) if !first.is_ascii_alphabetic() => format!("X{out}"),
        _ => out.to_owned(),
    }
}

/// Checks guide 002's API Name rules; one issue per broken rule.
pub fn check_api_name(api_name: &str) -> Vec<FieldIssue> {
    let issue = |message: String, hint: &str| FieldIssue::new("api_name", message, hint);
    if api_name.is_empty() {
        return vec![issue(
            "Enter an API Name.".into(),
            "Salesforce fills it from the app name; spaces become underscores.",
        )];
    }
    let mut issues = Vec::new();
    let mut odd: Vec<char> = api_name
        .chars()
        .filter(|c| !c.is_ascii_alphanumeric() && *c != '_' && *c != ' ')
        .collect();
    odd.dedup();
    if !odd.is_empty() {
        let listed: Vec<String> = odd.iter().map(|c| format!("“{c}”")).collect();
        issues.push(issue(
            format!(
                "The API Name can only use letters, numbers and underscores; remove {}.",
                listed.join(", ")
            ),
            "Letters here means A–Z without accents.",
        ));
    }
    if !api_name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        issues.push(issue(
            "The API Name must start with a letter.".into(),
            "For example Vonage_AI_Integration.",
        ));
    }
    if api_name.contains(' ') {
        issues.push(issue(
            "The API Name cannot contain spaces.".into(),
            "Use an underscore (_) instead of each space.",
        ));
    }
    if api_name.ends_with('_') {
        issues.push(issue(
            "The API Name cannot end with an underscore.".into(),
            "Remove the last _.",
        ));
    }
    if api_name.contains("__") {
        issues.push(issue(
            "The API Name cannot contain two underscores in a row.".into(),
            "Keep a single _ between words.",
        ));
    }
    issues
}

pub fn check_email(field: &str, raw: &str) -> Result<(), FieldIssue> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldIssue::new(
            field,
            "Enter a contact email.",
            "The person or team responsible for this app, for example salesforce-admins@acme.com.",
        ));
    }
    if looks_like_email(text) {
        Ok(())
    } else {
        Err(FieldIssue::new(
            field,
            format!("“{text}” is not an email address."),
            "An email address has a name, one @ and a domain, for example admin@acme.com.",
        ))
    }
}

fn check_username(field: &str, raw: &str) -> Result<(), FieldIssue> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(FieldIssue::new(
            field,
            "Enter the integration user's Salesforce username.",
            "Find it in Setup → Users; it looks like an email address.",
        ));
    }
    if looks_like_email(text) {
        Ok(())
    } else {
        Err(FieldIssue::new(
            field,
            format!("“{text}” is not a Salesforce username."),
            "A Salesforce username looks like an email address, for example integration@acme.com.",
        ))
    }
}

/// An optional permission set API Name: empty passes; otherwise the API Name rules apply to the
/// name after a managed package's `ns__` prefix, which is the one place `__` is allowed.
fn check_permission_set(field: &str, raw: &str) -> Result<(), FieldIssue> {
    let text = raw.trim();
    if text.is_empty() {
        return Ok(());
    }
    let name = match text.split_once("__") {
        Some((prefix, rest))
            if prefix.starts_with(|c: char| c.is_ascii_alphabetic())
                && prefix.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            rest
        }
        _ => text,
    };
    match check_api_name(name).into_iter().next() {
        None => Ok(()),
        Some(issue) => Err(FieldIssue::new(
            field,
            issue.message.replace("The API Name", "A permission set's API Name"),
            "Copy the API Name from Setup → Permission Sets → the permission set, for example Partner_Integration.",
        )),
    }
}

fn check_host(field: &str, label: &str, example: &str, raw: &str) -> Result<(), FieldIssue> {
    let host = clean_host(raw);
    if host.is_empty() {
        return Err(FieldIssue::new(
            field,
            format!("Enter your {label}."),
            format!("For example {example}."),
        ));
    }
    let well_formed = host.contains('.')
        && host.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    if well_formed {
        Ok(())
    } else {
        Err(FieldIssue::new(
            field,
            format!("“{host}” is not a web address."),
            format!("Enter just the address, for example {example}."),
        ))
    }
}

fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !text.chars().any(char::is_whitespace)
        && domain.contains('.')
        && domain.split('.').all(|label| !label.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_name_rules_each_have_their_own_message() {
        let cases: [(&str, &[&str]); 9] = [
            ("Vonage_AI_Integration", &[]),
            ("A1", &[]),
            ("", &["Enter an API Name."]),
            (
                "Vonage-AI",
                &["can only use letters, numbers and underscores; remove “-”"],
            ),
            ("1Vonage", &["must start with a letter"]),
            ("_Vonage", &["must start with a letter"]),
            ("Vonage AI", &["cannot contain spaces"]),
            ("Vonage_", &["cannot end with an underscore"]),
            ("Vonage__AI", &["two underscores in a row"]),
        ];
        for (name, expected) in cases {
            let messages: Vec<String> = check_api_name(name)
                .into_iter()
                .map(|i| i.message)
                .collect();
            assert_eq!(messages.len(), expected.len(), "{name}: {messages:?}");
            for (message, want) in messages.iter().zip(expected) {
                assert!(message.contains(want), "{name}: {message}");
            }
        }
    }

    #[test]
    fn several_broken_rules_give_several_messages() {
        let issues = check_api_name("9 bad__name_");
        assert_eq!(issues.len(), 4, "{issues:?}");
    }

    #[test]
    fn derived_api_names_replace_spaces_and_pass_the_rules() {
        let cases = [
            ("Vonage AI Integration", "Vonage_AI_Integration"),
            ("  Service  Board Sync ", "Service_Board_Sync"),
            ("Acme (Prod) — Sync", "Acme_Prod_Sync"),
            ("2024 Sync", "X2024_Sync"),
            ("Café", "Caf"),
        ];
        for (name, api) in cases {
            assert_eq!(derive_api_name(name), api, "{name}");
            assert!(check_api_name(api).is_empty(), "{api}");
        }
        assert_eq!(derive_api_name(" ()"), "");
    }

    #[test]
    fn emails_and_usernames() {
        for good in ["admin@acme.com", " it-team+sf@acme.co.uk "] {
            assert!(check_email("contact_email", good).is_ok(), "{good}");
        }
        for bad in [
            "",
            "admin",
            "admin@",
            "@acme.com",
            "admin@acme",
            "a b@acme.com",
            "a@b@acme.com",
            "admin@acme..com",
        ] {
            assert!(check_email("contact_email", bad).is_err(), "{bad}");
        }
        assert!(check_username("run_as", "integration@acme.com.prod").is_ok());
        let issue = check_username("run_as", "integration").expect_err("no @");
        assert!(issue.hint.contains("looks like an email address"));
    }

    #[test]
    fn permission_set_input_is_optional_and_follows_the_api_name_rules() {
        for good in ["", "  ", "Partner_Integration", " bpcc__Integration_User "] {
            assert!(check_permission_set("ps", good).is_ok(), "{good:?}");
        }
        for bad in [
            "Partner Integration",
            "Partner-Integration",
            "1Partner",
            "Partner_",
            "Partner__Integration__User",
            "__Partner",
        ] {
            let issue = check_permission_set("ps", bad).expect_err(bad);
            assert_eq!(issue.field, "ps");
            assert!(
                issue.message.starts_with("A permission set's API Name"),
                "{bad}: {}",
                issue.message
            );
        }
    }

    #[test]
    fn partner_hosts_are_cleaned_before_checking() {
        assert!(check_host(
            "bp_domain",
            "Bright Pattern domain",
            "example.brightpattern.com",
            "https://acme.brightpattern.com/admin"
        )
        .is_ok());
        let issue = check_host(
            "bp_domain",
            "Bright Pattern domain",
            "example.brightpattern.com",
            "",
        )
        .expect_err("empty");
        assert_eq!(issue.message, "Enter your Bright Pattern domain.");
        assert!(check_host("t", "tenant domain", "x.example.com", "localhost").is_err());
        assert!(check_host("t", "tenant domain", "x.example.com", "acme_.example.com").is_err());
    }
}
