//! Vonage's sandbox webhook with client credentials, chosen as a setup option: the app guide 000
//! describes gains the Client Credentials Flow and a Run As user, the Run As input becomes
//! required, the verification switches to client credentials, and the choice is saved with the
//! setup. Without the option nothing of this shows (the guide's snapshot stays as it is).

use std::collections::BTreeMap;

use eca_core::checklist::{Checklist, Field, FieldValue};
use eca_core::error::ErrorCode;
use eca_core::inputs::{validate, SetupInputs};
use eca_core::setup::{Setup, SetupEdit};
use eca_core::{checklist, profile, verify_flows, FlowChoice, Profile, StepId};
use eca_test_support::sample_inputs;

const OPTION: &str = "sandbox_client_credentials";

fn vonage() -> &'static Profile {
    profile("vonage-ai-studio").expect("the Vonage profile")
}

/// What an admin at Acme types for the Vonage sandbox (the Run As user is the input's example,
/// `integration@acme.com.qa`), with or without the option.
fn acme_sandbox(chosen: bool) -> SetupInputs {
    let mut inputs = sample_inputs(vonage());
    inputs.domain = "acme--qa.sandbox.my.salesforce.com".into();
    if chosen {
        inputs.options.insert(OPTION.into());
    }
    inputs
}

fn fields(list: &Checklist) -> BTreeMap<&str, &Field> {
    list.steps
        .iter()
        .flat_map(|step| &step.sections)
        .flat_map(|section| &section.fields)
        .map(|field| (field.id.as_str(), field))
        .collect()
}

fn checked(field: &Field) -> bool {
    match field.value {
        FieldValue::Checkbox { checked } => checked,
        ref other => panic!("{}: {other:?} is not a checkbox", field.id),
    }
}

#[test]
fn the_option_checks_client_credentials_on_flow_enablement_and_policies_with_a_run_as_user() {
    let list = checklist(vonage(), &acme_sandbox(true));
    let fields = fields(&list);
    let flow = fields["flow.client_credentials"];
    assert!(checked(flow));
    assert_eq!(flow.action, "Check");
    assert_eq!(flow.from.0, "recommended");
    assert!(
        flow.note
            .as_deref()
            .is_some_and(|n| n.contains("Connected App to External Client App Migration")),
        "{:?}",
        flow.note
    );
    for other in [
        "flow.authorization_code_and_credentials",
        "flow.device",
        "flow.token_exchange",
        "flow.jwt_bearer",
    ] {
        assert!(!checked(fields[other]), "{other} stays unchecked");
    }
    let policy = fields["client_credentials_policy"];
    assert!(checked(policy));
    assert_eq!(policy.action, "Check");
    let run_as = fields["run_as"];
    assert_eq!(run_as.label, "Run As (Username)");
    assert_eq!(
        run_as.value,
        FieldValue::Text {
            text: "integration@acme.com.qa".into()
        }
    );
    assert_eq!(run_as.copy.as_deref(), Some("integration@acme.com.qa"));
    assert_eq!(run_as.from.0, "recommended");
    // Client credentials verifies without the browser, so no loopback callback line is asked for.
    assert!(!fields.contains_key("verify_callback"));
    // What the option does not touch stays guide 000's.
    assert_eq!(fields["require_pkce"].from.0, "000");
    assert_eq!(fields["callback_urls"].from.0, "000");
    assert!(list
        .steps
        .iter()
        .find(|s| s.id == StepId::Policies)
        .is_some_and(|s| !s
            .header
            .warnings
            .iter()
            .any(|w| w.contains("Client Credentials Flow is enabled on the app but not here"))));

    insta::assert_json_snapshot!("vonage-ai-studio-sandbox-client-credentials", list);
}

#[test]
fn without_the_option_the_checklist_is_the_guides() {
    let without = checklist(vonage(), &acme_sandbox(false));
    let fields = fields(&without);
    assert!(!checked(fields["flow.client_credentials"]));
    assert!(!checked(fields["client_credentials_policy"]));
    assert!(!fields.contains_key("run_as"));
    assert!(fields.contains_key("verify_callback"));
    // A typed Run As value does nothing until the option is chosen.
    let mut untyped = acme_sandbox(false);
    untyped.values.clear();
    assert_eq!(checklist(vonage(), &untyped), without);
}

#[test]
fn the_run_as_input_is_required_only_with_the_option() {
    let mut inputs = acme_sandbox(false);
    inputs.values.clear();
    assert_eq!(validate(vonage(), &inputs), []);

    inputs.options.insert(OPTION.into());
    let fields: Vec<String> = validate(vonage(), &inputs)
        .into_iter()
        .map(|issue| issue.field)
        .collect();
    assert_eq!(fields, ["run_as"]);

    inputs
        .values
        .insert("run_as".into(), "integration@acme.com.qa".into());
    assert_eq!(validate(vonage(), &inputs), []);
}

#[test]
fn the_option_makes_client_credentials_the_verification_flow() {
    assert_eq!(
        verify_flows(vonage(), &acme_sandbox(false)),
        [FlowChoice::WebServer]
    );
    assert_eq!(
        verify_flows(vonage(), &acme_sandbox(true)).first(),
        Some(&FlowChoice::ClientCredentials)
    );
}

#[test]
fn choosing_the_option_is_saved_and_reopens_the_steps_it_changes() {
    let mut setup = Setup::new(vonage(), false);
    setup.inputs = acme_sandbox(false);
    for step in setup.checklist(vonage()).steps {
        setup.mark(step.id, true);
    }
    setup
        .apply(
            vonage(),
            SetupEdit::Choose {
                option: OPTION.into(),
                chosen: true,
            },
        )
        .expect("the option exists");
    assert!(setup.inputs.chose(OPTION));
    let reopened: Vec<&str> = setup
        .checklist(vonage())
        .steps
        .into_iter()
        .filter(|step| !setup.done.contains_key(&step.id))
        .map(|step| step.id.as_str())
        .collect();
    assert_eq!(reopened, ["oauth-settings", "flow-enablement", "policies"]);

    let json = serde_json::to_string(&setup).expect("serializes");
    let back: Setup = serde_json::from_str(&json).expect("loads");
    assert!(back.inputs.chose(OPTION), "the choice is saved: {json}");

    setup
        .apply(
            vonage(),
            SetupEdit::Choose {
                option: OPTION.into(),
                chosen: false,
            },
        )
        .expect("dropped");
    assert!(!setup.inputs.chose(OPTION));
    let json = serde_json::to_value(&setup).expect("serializes");
    assert!(
        json["inputs"].get("options").is_none(),
        "no option, no field: {json}"
    );
}

#[test]
fn a_setup_saved_before_options_existed_loads_with_none_chosen() {
    let setup = Setup::new(vonage(), false);
    let mut json = serde_json::to_value(&setup).expect("serializes");
    json["inputs"]
        .as_object_mut()
        .expect("inputs")
        .remove("options");
    let loaded: Setup = serde_json::from_value(json).expect("an old file loads");
    assert!(loaded.inputs.options.is_empty());
}

#[test]
fn an_option_the_profile_does_not_have_is_refused() {
    let mut setup = Setup::new(vonage(), false);
    let err = setup
        .apply(
            vonage(),
            SetupEdit::Choose {
                option: "no_such_option".into(),
                chosen: true,
            },
        )
        .expect_err("unknown option");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    assert!(setup.inputs.options.is_empty());
}
