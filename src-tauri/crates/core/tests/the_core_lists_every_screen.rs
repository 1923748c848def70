//! The wizard's screens come from the core: their order, their one title each, and how far
//! each is. The step list, the home screen and the next and back buttons all read this list,
//! so none of them keeps its own copy. Saved setups name screens by the strings they always
//! used, and keep loading.

use eca_core::screen::{ScreenState, StepId, WizardScreen};
use eca_core::setup::{Setup, SetupEdit};
use eca_core::store::SetupStore;
use eca_core::wizard::{SetupSummary, Wizard};
use eca_core::{profile, ErrorCode, Profile, Screen};

fn vonage() -> &'static Profile {
    profile("vonage-ai-studio").expect("vonage")
}

fn titled(setup: &Setup, profile: &Profile) -> Vec<(String, String)> {
    setup
        .view(profile)
        .screens
        .into_iter()
        .map(|entry| (entry.screen.to_string(), entry.title))
        .collect()
}

#[test]
fn the_screens_run_from_the_inputs_through_the_checklist_to_the_finish() {
    let setup = Setup::new(vonage(), false);
    let expected = [
        ("inputs", "Your org and app"),
        ("open-manager", "Open the External Client App Manager"),
        ("basic-information", "Basic Information"),
        ("oauth-settings", "API (Enable OAuth Settings)"),
        ("flow-enablement", "Flow Enablement"),
        ("security", "Security"),
        ("policies", "Policies"),
        // Revealed where they are pasted: no line of its own.
        ("credentials", "Save the Consumer Key and Secret"),
        ("verify", "Connect & verify"),
        ("partner", "At the partner: Vonage API Dashboard"),
        ("finished", "Summary and report"),
    ]
    .map(|(id, title)| (id.to_owned(), title.to_owned()));
    assert_eq!(titled(&setup, vonage()), expected);
}

#[test]
fn an_integration_without_a_partner_form_has_no_partner_screen() {
    let mut without = vonage().clone();
    without.partner = None;
    let custom = &without;
    let screens: Vec<Screen> = Setup::new(custom, false)
        .view(custom)
        .screens
        .into_iter()
        .map(|entry| entry.screen)
        .collect();
    assert!(!screens.contains(&Screen::PARTNER));
    assert_eq!(screens.last(), Some(&Screen::FINISHED));
    let mut setup = Setup::new(custom, false);
    let err = setup
        .apply(
            custom,
            SetupEdit::GoTo {
                step: Screen::PARTNER,
            },
        )
        .expect_err("no partner screen to go to");
    assert_eq!(err.code, ErrorCode::UnknownStep);
}

#[test]
fn checklist_steps_are_numbered_and_the_own_screens_are_not() {
    let view = Setup::new(vonage(), false).view(vonage());
    for entry in &view.screens {
        match entry.screen {
            Screen::Step(step) => {
                let index = view
                    .checklist
                    .steps
                    .iter()
                    .position(|s| s.id == step)
                    .expect("a step of this checklist");
                assert_eq!(entry.number, Some(index as u32 + 1), "{step}");
            }
            Screen::Wizard(_) | Screen::Migration(_) => {
                assert_eq!(entry.number, None, "{}", entry.screen)
            }
        }
    }
}

#[test]
fn states_follow_the_inputs_the_marks_the_connection_and_the_verification() {
    let profile = vonage();
    let mut setup = Setup::new(profile, false);
    setup.inputs.domain = "not a domain".into();
    setup.mark(StepId::Security, true);
    let state = |setup: &Setup, screen: Screen| {
        setup
            .view(profile)
            .screens
            .into_iter()
            .find(|entry| entry.screen == screen)
            .map(|entry| entry.state)
    };
    assert_eq!(
        state(&setup, Screen::INPUTS),
        Some(ScreenState::NeedsFixing)
    );
    assert_eq!(
        state(&setup, StepId::Security.into()),
        Some(ScreenState::Done)
    );
    assert_eq!(
        state(&setup, StepId::Policies.into()),
        Some(ScreenState::Todo)
    );
    assert_eq!(state(&setup, Screen::CREDENTIALS), Some(ScreenState::Todo));

    setup.inputs.domain = "acme.my.salesforce.com".into();
    setup.inputs.contact_email = "salesforce-admins@acme.com".into();
    assert_eq!(setup.issues(profile), [], "every input passes");
    setup
        .apply(
            profile,
            SetupEdit::UseConnection {
                name: Some("acme-prod".into()),
            },
        )
        .expect("use the connection");
    assert_eq!(state(&setup, Screen::INPUTS), Some(ScreenState::Todo));
    assert_eq!(state(&setup, Screen::CREDENTIALS), Some(ScreenState::Done));
    assert_eq!(state(&setup, Screen::VERIFY), Some(ScreenState::Todo));

    setup.verified();
    assert_eq!(state(&setup, Screen::VERIFY), Some(ScreenState::Done));
    setup
        .apply(
            profile,
            SetupEdit::UseConnection {
                name: Some("acme-prod".into()),
            },
        )
        .expect("saved again");
    assert_eq!(
        state(&setup, Screen::VERIFY),
        Some(ScreenState::Todo),
        "credentials saved again are not verified yet"
    );
}

#[test]
fn only_a_verification_of_the_setups_own_connection_marks_verify_done() {
    let dir = tempfile::tempdir().expect("temp dir");
    let wizard = Wizard::new(SetupStore::new(dir.path()));
    let id = wizard
        .create("vonage-ai-studio", false)
        .expect("create")
        .setup
        .id;
    wizard
        .edit(
            &id,
            SetupEdit::UseConnection {
                name: Some("acme-prod".into()),
            },
        )
        .expect("use");
    wizard
        .record_verified(&id, "an-older-connection")
        .expect("record");
    let verify = |wizard: &Wizard| {
        wizard
            .open(&id)
            .expect("open")
            .screens
            .into_iter()
            .find(|entry| entry.screen == Screen::VERIFY)
            .map(|entry| entry.state)
    };
    assert_eq!(verify(&wizard), Some(ScreenState::Todo));
    wizard.record_verified(&id, "acme-prod").expect("record");
    assert_eq!(verify(&wizard), Some(ScreenState::Done));
}

#[test]
fn the_home_screen_names_where_the_admin_is_with_the_screens_own_title() {
    let profile = vonage();
    let mut setup = Setup::new(profile, false);
    for screen in setup.view(profile).screens {
        setup.current_step = screen.screen;
        assert_eq!(
            SetupSummary::of(&setup, profile).current,
            screen.title,
            "{}",
            screen.screen
        );
    }
}

/// A setup as a saved file holds it: the screen it is on and the steps marked done, by id.
fn saved(current_step: &str, done: &[&str]) -> Setup {
    let mut json = serde_json::to_value(Setup::new(vonage(), false)).expect("serializes");
    json["current_step"] = current_step.into();
    json["done"] = done
        .iter()
        .map(|id| (id.to_string(), "2026-01-05T10:00:00Z".into()))
        .collect::<serde_json::Map<_, _>>()
        .into();
    serde_json::from_value(json).expect("loads")
}

#[test]
fn a_setup_saved_with_string_ids_loads_with_typed_ones() {
    let setup = saved("policies", &["open-manager", "oauth-settings"]);
    assert_eq!(setup.current_step, Screen::Step(StepId::Policies));
    assert_eq!(
        setup.done.keys().copied().collect::<Vec<_>>(),
        [StepId::OpenManager, StepId::OauthSettings]
    );
    let back = serde_json::to_value(&setup).expect("serializes");
    assert_eq!(back["current_step"], "policies");
    assert!(back["done"]["oauth-settings"].is_string());
    assert!(
        back.get("verified_at").is_none(),
        "an unverified setup saves as before"
    );
}

#[test]
fn a_screen_this_version_does_not_know_opens_the_first_screen_and_keeps_the_rest() {
    let setup = saved("a-newer-screen", &["security", "a-newer-step"]);
    assert_eq!(setup.current_step, Screen::Wizard(WizardScreen::Inputs));
    assert_eq!(
        setup.done.keys().copied().collect::<Vec<_>>(),
        [StepId::Security]
    );
}
