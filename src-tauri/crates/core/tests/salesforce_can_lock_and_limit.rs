//! What 2025–2026 Salesforce changes mean for each partner, on the checklist's own steps:
//! boxes Salesforce can lock on (PKCE, refresh token rotation) on the Security step, the idle
//! refresh-token limit that hides "valid until revoked" on the Policies step, and a
//! specific-time refresh token policy with its time (FIDELITY.md rows F1–F7).

use eca_core::checklist;
use eca_core::checklist::{Checklist, FieldValue, Step};
use eca_core::eca::{RefreshTokenPolicy, RefreshTokenValidity, RefreshTokenValidityUnit};
use eca_core::profile::Sourced;
use eca_core::scopes::Scope;
use eca_test_support::{profile, sample_inputs};

fn list_of(id: &str) -> Checklist {
    let profile = profile(id);
    checklist(profile, &sample_inputs(profile))
}

fn step<'a>(list: &'a Checklist, id: &str) -> &'a Step {
    list.steps
        .iter()
        .find(|step| serde_json::to_value(step.id).unwrap() == id)
        .unwrap_or_else(|| panic!("step {id}"))
}

fn warning<'a>(step: &'a Step, words: &str) -> Option<&'a String> {
    step.header.warnings.iter().find(|w| w.contains(words))
}

const PKCE: &str = "Require Proof Key for Code Exchange (PKCE)";
const ROTATION: &str = "Enable Refresh Token Rotation";

#[test]
fn a_partner_that_wants_pkce_off_is_told_what_a_locked_box_means() {
    let vonage = list_of("vonage-ai-studio");
    let security = step(&vonage, "security");
    let pkce =
        warning(security, PKCE).expect("Vonage wants PKCE off: the step says what a lock means");
    assert!(pkce.contains("locked"), "{pkce}");
    assert!(
        pkce.contains("missing required code challenge") && pkce.contains("Vonage AI Studio"),
        "Vonage signs in through the browser, so a locked box breaks its sign-in: {pkce}"
    );

    // Service Board Sync also clears the box, but connects with client credentials only.
    let sbs = list_of("service-board-sync");
    let pkce = warning(step(&sbs, "security"), PKCE).expect("Service Board Sync wants PKCE off");
    assert!(
        pkce.contains("client credentials") && pkce.contains("still works"),
        "{pkce}"
    );
    assert!(!pkce.contains("missing required code challenge"), "{pkce}");

    // Partners that keep PKCE checked get no PKCE warning.
    for id in ["webex", "bright-pattern", "custom"] {
        let list = list_of(id);
        assert!(
            warning(step(&list, "security"), PKCE).is_none(),
            "{id} keeps PKCE checked"
        );
    }
}

#[test]
fn rotation_left_unchecked_is_explained_only_where_the_app_gets_refresh_tokens() {
    for id in ["vonage-ai-studio", "webex", "bright-pattern", "custom"] {
        let profile = profile(id);
        let gets_refresh_tokens = profile.eca.scopes.value.contains(&Scope::RefreshToken);
        let list = list_of(id);
        let rotation = warning(step(&list, "security"), ROTATION);
        assert_eq!(
            rotation.is_some(),
            gets_refresh_tokens && !profile.eca.refresh_token_rotation.value,
            "{id}"
        );
        if let Some(rotation) = rotation {
            assert!(
                rotation.contains("new refresh token") && rotation.contains("stops working"),
                "{rotation}"
            );
        }
    }
    let sbs = list_of("service-board-sync");
    assert!(
        warning(step(&sbs, "security"), ROTATION).is_none(),
        "Service Board Sync's scopes carry no refresh token"
    );

    // Vonage's sandbox webhook uses client credentials: no refresh token, whatever the scopes.
    let vonage = profile("vonage-ai-studio");
    let mut sandbox = sample_inputs(vonage);
    sandbox.options.insert("sandbox_client_credentials".into());
    let list = checklist(vonage, &sandbox);
    assert!(warning(step(&list, "security"), ROTATION).is_none());
    let idle =
        warning(step(&list, "policies"), "idle refresh-token limit").expect("the idle limit");
    assert!(
        idle.contains("client credentials flow") && idle.contains("does not affect"),
        "{idle}"
    );
}

#[test]
fn every_profile_asking_for_valid_until_revoked_says_what_to_choose_under_the_idle_limit() {
    let mut asking = 0;
    for profile in eca_core::profiles() {
        let list = checklist(profile, &sample_inputs(profile));
        if profile.eca.refresh_token_policy.value != RefreshTokenPolicy::Infinite {
            // ECA Setup Assistant's own app expires refresh tokens at once: the idle limit,
            // which only takes away "valid until revoked", has nothing to say to it.
            assert!(
                warning(step(&list, "policies"), "idle refresh-token limit").is_none(),
                "{}",
                profile.id
            );
            continue;
        }
        asking += 1;
        let policies = step(&list, "policies");
        let idle = warning(policies, "idle refresh-token limit").unwrap_or_else(|| {
            panic!(
                "{}: the Policies step says what to choose: {:?}",
                profile.id, policies.header.warnings
            )
        });
        assert!(
            idle.contains("Expire refresh token if not used for specific time")
                && idle.contains("30 days"),
            "{idle}"
        );
        if profile.eca.scopes.value.contains(&Scope::RefreshToken) {
            assert!(
                idle.contains("stops working once it goes unused for 30 days"),
                "{}: {idle}",
                profile.id
            );
        } else {
            assert!(idle.contains("does not affect"), "{}: {idle}", profile.id);
        }
    }
    assert_eq!(
        asking, 5,
        "every partner profile asks for valid until revoked"
    );
}

#[test]
fn a_specific_time_policy_shows_its_time_and_no_idle_limit_warning() {
    let custom = profile("custom");
    let mut inputs = sample_inputs(custom);
    let eca = inputs.eca.as_mut().expect("the Custom profile is editable");
    let six_months = RefreshTokenValidity {
        period: 6,
        unit: RefreshTokenValidityUnit::Months,
    };
    eca.refresh_token_policy = Sourced::by_admin(RefreshTokenPolicy::SpecificLifetime(six_months));
    let list = checklist(custom, &inputs);
    let policies = step(&list, "policies");
    let fields: Vec<_> = policies.sections.iter().flat_map(|s| &s.fields).collect();
    let policy = fields
        .iter()
        .find(|f| f.id == "refresh_token_policy")
        .expect("the policy");
    assert!(matches!(
        &policy.value,
        FieldValue::Choice { selected, .. } if selected == "Expire refresh token after specific time"
    ));
    let time = fields
        .iter()
        .find(|f| f.id == "refresh_token_validity")
        .expect("the policy's time");
    assert_eq!(
        time.value,
        FieldValue::Text {
            text: "6 Months".into()
        }
    );
    assert_eq!(time.copy.as_deref(), Some("6"));
    assert!(warning(policies, "idle refresh-token limit").is_none());

    // Valid until revoked has no time to type.
    let plain = checklist(custom, &sample_inputs(custom));
    assert!(!step(&plain, "policies")
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .any(|f| f.id == "refresh_token_validity"));
}
