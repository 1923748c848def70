//! Every value a profile takes from a guide carries the guide's own words, and those words are
//! really in that guide: the profiles cannot drift from the partners' instructions unnoticed.

use eca_core::profile::ProfileKind;
use eca_core::profiles;
use serde_json::Value;

fn normalized(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn guide_text(file: &str) -> String {
    let path = format!("{}/profiles/guides/{file}", env!("CARGO_MANIFEST_DIR"));
    normalized(&std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")))
}

/// Every object in the profile that says where it came from, with its path for messages.
fn sourced_values(value: &Value, path: String, out: &mut Vec<(String, Value)>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("from") {
                out.push((path.clone(), value.clone()));
            }
            for (key, child) in map {
                sourced_values(child, format!("{path}.{key}"), out);
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter().enumerate() {
                sourced_values(child, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_guide_value_quotes_its_guide_word_for_word() {
    let mut checked = 0;
    for profile in profiles() {
        let json = serde_json::to_value(profile).expect("profiles serialize");
        let mut values = Vec::new();
        sourced_values(&json, profile.id.clone(), &mut values);
        assert!(!values.is_empty());
        for (path, value) in values {
            let from = value["from"].as_str().expect("from is a string");
            if from == "salesforce-default" || from == "admin" {
                continue;
            }
            if from == "recommended" {
                assert!(
                    value["note"].as_str().is_some_and(|note| !note.is_empty()),
                    "{path}: a recommended value says why in its note"
                );
                continue;
            }
            let guide = profile
                .guide(from)
                .unwrap_or_else(|| panic!("{path}: guide {from} is not listed in the profile"));
            if path.contains(".inputs[") {
                continue; // an input names what the guide asks for; its wording is ours
            }
            let quote = value["quote"]
                .as_str()
                .unwrap_or_else(|| panic!("{path}: a value from guide {from} needs a quote"));
            let text = guide_text(&guide.file);
            for fragment in quote.split('…') {
                let fragment = normalized(fragment);
                assert!(
                    text.contains(&fragment),
                    "{path}: guide {from} does not say “{fragment}”"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 40, "only {checked} quotes checked");
}

#[test]
fn only_the_custom_profile_is_editable() {
    for profile in profiles() {
        assert_eq!(profile.editable, profile.id == "custom", "{}", profile.id);
    }
}

/// A profile without a guide is the Custom one (the admin's values) or rests every value on
/// Salesforce's default or this app's recommendation, each recommendation with its note (checked
/// above): ECA Setup Assistant's own app, which no partner documents.
#[test]
fn a_profile_without_a_guide_takes_nothing_from_a_guide() {
    let mut without = Vec::new();
    for profile in profiles().iter().filter(|p| p.guides.is_empty()) {
        without.push(profile.id.as_str());
        if profile.editable {
            continue;
        }
        let json = serde_json::to_value(profile).expect("profiles serialize");
        let mut values = Vec::new();
        sourced_values(&json, profile.id.clone(), &mut values);
        for (path, value) in values {
            let from = value["from"].as_str().expect("from is a string");
            assert!(
                from == "salesforce-default" || from == "recommended",
                "{path}: a profile without a guide cannot take “{from}”"
            );
        }
    }
    assert_eq!(without, ["custom", "eca-setup-assistant"]);
}

#[test]
fn only_the_assistants_own_app_is_not_a_partners() {
    for profile in profiles() {
        assert_eq!(
            profile.kind == ProfileKind::Assistant,
            profile.id == "eca-setup-assistant",
            "{}",
            profile.id
        );
    }
}

/// Salesforce documents no default for the Policies pick lists, so a profile never rests one on
/// "Salesforce's default": each is the guide's value or a recommendation that says why.
#[test]
fn no_policy_value_claims_to_be_salesforces_default() {
    for profile in profiles() {
        let eca = &profile.eca;
        for (field, from) in [
            ("permitted_users", &eca.permitted_users.from),
            ("ip_relaxation", &eca.ip_relaxation.from),
            ("refresh_token_policy", &eca.refresh_token_policy.from),
        ] {
            assert_ne!(
                from.0, "salesforce-default",
                "{}: {field} needs a value to set, not a default to trust",
                profile.id
            );
        }
    }
}

#[test]
fn a_guide_that_reaches_the_new_app_through_app_manager_says_so_itself() {
    // The five guides the app was specified from, and whether each goes through App Manager
    // (a later profile's guide is held to its own quote, like every other value).
    const SAYS_SO: [(&str, bool); 5] = [
        ("000", true),
        ("001", false),
        ("002", false),
        ("003", true),
        ("004", true),
    ];
    let mut seen = Vec::new();
    for profile in profiles() {
        for guide in &profile.guides {
            if let Some(via) = &guide.via_app_manager {
                assert_eq!(
                    via.from.0, guide.id,
                    "{}: guide {}'s flag quotes another guide",
                    profile.id, guide.id
                );
            }
            let flagged = guide.via_app_manager.as_ref().is_some_and(|via| via.value);
            if let Some((id, says_so)) = SAYS_SO.iter().find(|(id, _)| *id == guide.id) {
                assert_eq!(flagged, *says_so, "{}: guide {id}", profile.id);
                seen.push(*id);
            }
        }
    }
    seen.sort_unstable();
    assert_eq!(
        seen,
        SAYS_SO.map(|(id, _)| id),
        "each guide is some profile's"
    );
}
