//! A setup that moves an integration from its connected app: the screens the core lists for
//! each route, what each route requires of the findings, the key comparison of an in-place
//! migration, the review the checklist becomes, and the cleanup that waits for a passed
//! verification. The UI only renders what these views hold.

use eca_core::migration::{
    CleanupStep, KeyCheck, MigrationDecision, MigrationEdit, MigrationForm, OldAppAction,
    PastedKey, Route, PASSWORD_FLOW_ENDS,
};
use eca_core::screen::{MigrationScreen, ScreenState};
use eca_core::setup::{Setup, SetupEdit, SetupView};
use eca_core::verify_flows::verify_flows;
use eca_core::{profile, ErrorCode, FlowChoice, Profile, Screen, StepId};

const OLD_KEY: &str =
    "3MVG9oldCONNECTEDappKEYabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXY";
const OTHER_KEY: &str =
    "3MVG9newEXTERNALclientAPPkeyabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRST";

fn vonage() -> &'static Profile {
    profile("vonage-ai-studio").expect("vonage")
}

fn edit(setup: &mut Setup, profile: &Profile, edit: MigrationEdit) {
    setup
        .apply(profile, SetupEdit::Migration { edit })
        .unwrap_or_else(|err| panic!("{}: {}", err.message, err.hint));
}

fn refused(setup: &mut Setup, profile: &Profile, edit: MigrationEdit) -> String {
    let err = setup
        .apply(profile, SetupEdit::Migration { edit })
        .expect_err("refused");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    err.message
}

fn decide(setup: &mut Setup, profile: &Profile, decision: MigrationDecision) {
    setup
        .decide(profile, decision)
        .unwrap_or_else(|err| panic!("{}: {}", err.message, err.hint));
}

fn refused_decision(setup: &mut Setup, profile: &Profile, decision: MigrationDecision) -> String {
    let err = setup.decide(profile, decision).expect_err("refused");
    assert_eq!(err.code, ErrorCode::InvalidInput);
    err.message
}

fn found(setup: &mut Setup, profile: &Profile, local: bool, password_flow: bool) {
    edit(
        setup,
        profile,
        MigrationEdit::OldApp {
            name: "Vonage AI Connector".into(),
            local,
            users: Some(4),
        },
    );
    edit(setup, profile, MigrationEdit::SignIns { password_flow });
}

fn ids(view: &SetupView) -> Vec<String> {
    view.screens.iter().map(|e| e.screen.to_string()).collect()
}

fn state(view: &SetupView, screen: Screen) -> ScreenState {
    view.screens
        .iter()
        .find(|e| e.screen == screen)
        .map(|e| e.state)
        .unwrap_or_else(|| panic!("{screen} is not listed"))
}

fn migration_setup(profile: &Profile) -> Setup {
    let mut setup = Setup::new_migration(profile, false);
    setup.inputs.domain = "acme.my.salesforce.com".into();
    setup
}

#[test]
fn before_a_route_the_list_is_the_inputs_the_two_findings_and_the_choice() {
    let setup = migration_setup(vonage());
    let view = setup.view(vonage());
    assert_eq!(
        ids(&view),
        [
            "inputs",
            "find-old-app",
            "find-password-sign-ins",
            "choose-route",
            "finished"
        ]
    );
    let migration = view.migration.expect("a migration view");
    assert!(
        migration.routes.iter().all(|r| !r.offered),
        "nothing before the findings"
    );
    let titles: Vec<&str> = migration
        .pages
        .iter()
        .map(|p| p.header.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Find the connected app",
            "Find username-password sign-ins",
            "Choose how to move"
        ]
    );
    let oauth_usage = &migration.pages[0];
    assert_eq!(
        oauth_usage.header.link.as_deref(),
        Some("https://acme.my.salesforce.com/lightning/setup/ConnectedAppsUsage/home")
    );
    assert_eq!(
        migration.pages[1].header.link.as_deref(),
        Some("https://acme.my.salesforce.com/lightning/setup/OrgLoginHistory/home")
    );
    assert!(
        migration.pages[1]
            .facts
            .iter()
            .any(|f| f.text.contains(PASSWORD_FLOW_ENDS)),
        "Login History's screen states the date"
    );
}

#[test]
fn a_new_setup_has_no_migration_screens_and_refuses_migration_edits() {
    let mut setup = Setup::new(vonage(), false);
    let view = setup.view(vonage());
    assert!(view.migration.is_none());
    assert!(!ids(&view).iter().any(|id| id == "choose-route"));
    refused(
        &mut setup,
        vonage(),
        MigrationEdit::SignIns {
            password_flow: false,
        },
    );
    let err = setup
        .apply(
            vonage(),
            SetupEdit::GoTo {
                step: Screen::Migration(MigrationScreen::FindOldApp),
            },
        )
        .expect_err("no such screen here");
    assert_eq!(err.code, ErrorCode::UnknownStep);
}

#[test]
fn in_place_adds_the_key_screens_before_a_review_of_the_checklist_and_the_cleanup_last() {
    let profile = vonage();
    let mut setup = migration_setup(profile);
    found(&mut setup, profile, true, false);
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::InPlace,
        },
    );
    let view = setup.view(profile);
    assert_eq!(
        ids(&view),
        [
            "inputs",
            "find-old-app",
            "find-password-sign-ins",
            "choose-route",
            "record-key",
            "migrate",
            "compare-key",
            "open-manager",
            "basic-information",
            "oauth-settings",
            "flow-enablement",
            "security",
            "policies",
            "credentials",
            "verify",
            "partner",
            "cleanup",
            "finished"
        ]
    );
    for entry in &view.screens {
        assert_eq!(
            entry.review,
            matches!(entry.screen, Screen::Step(_)),
            "{}",
            entry.screen
        );
    }
    assert_eq!(state(&view, Screen::CLEANUP), ScreenState::Locked);
    // The review checks the migrated app: no Create click, "check" in place of "type".
    let security = view
        .checklist
        .steps
        .iter()
        .find(|s| s.id == StepId::Security)
        .expect("security");
    assert_eq!(security.finish, ["If you changed anything, click Save."]);
    assert!(security
        .sections
        .iter()
        .flat_map(|s| &s.fields)
        .all(|f| f.action.starts_with("Check that")));
    // The migrated app is the connected app's: its name replaces the guide's suggestion.
    assert_eq!(setup.inputs.app_name, "Vonage AI Connector");
    assert_eq!(setup.inputs.api_name, "Vonage_AI_Connector");
    let migration = view.migration.expect("view");
    assert!(!migration.review.is_empty());
    assert!(migration.review.iter().any(|f| f.unconfirmed));
    let cleanup = migration.pages.last().expect("cleanup page");
    assert_eq!(cleanup.screen, MigrationScreen::Cleanup);
    assert!(
        cleanup.header.instructions[0]
            .contains("deleting the new External Client App brings the connected app back"),
        "the undo comes first: {:?}",
        cleanup.header.instructions
    );
}

#[test]
fn in_place_is_refused_for_an_app_that_is_not_local_or_signs_in_with_a_password() {
    let profile = vonage();
    for (local, password_flow) in [(false, false), (true, true)] {
        let mut setup = migration_setup(profile);
        found(&mut setup, profile, local, password_flow);
        let message = refused_decision(
            &mut setup,
            profile,
            MigrationDecision::Route {
                route: Route::InPlace,
            },
        );
        assert!(message.contains("not possible"), "{message}");
        let view = setup.view(profile);
        let in_place = &view.migration.expect("view").routes[0];
        assert_eq!(in_place.route, Route::InPlace);
        assert!(!in_place.offered);
        assert!(!in_place.reasons.is_empty(), "says why");
    }
}

#[test]
fn a_route_is_refused_before_the_findings_are_recorded() {
    let mut setup = migration_setup(vonage());
    let message = refused_decision(
        &mut setup,
        vonage(),
        MigrationDecision::Route {
            route: Route::NewEca,
        },
    );
    assert!(message.contains("Record what you found"), "{message}");
}

#[test]
fn a_matching_key_says_the_partner_needs_no_change_and_only_fingerprints_are_saved() {
    let profile = vonage();
    let mut setup = migration_setup(profile);
    found(&mut setup, profile, true, false);
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::InPlace,
        },
    );
    edit(
        &mut setup,
        profile,
        MigrationEdit::KeyBefore {
            consumer_key: PastedKey(format!(" {OLD_KEY} ")),
        },
    );
    decide(
        &mut setup,
        profile,
        MigrationDecision::Migrated { done: true },
    );
    edit(
        &mut setup,
        profile,
        MigrationEdit::KeyAfter {
            consumer_key: PastedKey(OLD_KEY.into()),
        },
    );
    let view = setup.view(profile);
    let migration = view.migration.as_ref().expect("view");
    assert_eq!(migration.key_check, Some(KeyCheck::Same));
    assert!(migration.partner[0].text.contains("no new key"));
    let compare = migration
        .pages
        .iter()
        .find(|p| p.screen == MigrationScreen::CompareKey)
        .expect("compare page");
    assert_eq!(
        compare.form,
        MigrationForm::KeyAfter {
            before: Some("3MVG…VWXY".into()),
            after: Some("3MVG…VWXY".into()),
            check: Some(KeyCheck::Same),
        }
    );
    for screen in [
        MigrationScreen::RecordKey,
        MigrationScreen::Migrate,
        MigrationScreen::CompareKey,
    ] {
        assert_eq!(
            state(&view, Screen::Migration(screen)),
            ScreenState::Done,
            "{screen:?}"
        );
    }
    let saved = serde_json::to_string(&setup).expect("serializes");
    let shown = serde_json::to_string(&view).expect("serializes");
    for text in [&saved, &shown] {
        assert!(!text.contains(OLD_KEY), "the key itself is never kept");
        assert!(!text.contains(&OLD_KEY[4..40]));
    }
}

#[test]
fn a_key_that_changed_says_the_partner_needs_the_new_key() {
    let profile = vonage();
    let mut setup = migration_setup(profile);
    found(&mut setup, profile, true, false);
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::InPlace,
        },
    );
    edit(
        &mut setup,
        profile,
        MigrationEdit::KeyAfter {
            consumer_key: PastedKey(OTHER_KEY.into()),
        },
    );
    assert_eq!(
        setup.migration.as_ref().and_then(|m| m.key_check()),
        Some(KeyCheck::NoKeyBefore)
    );
    edit(
        &mut setup,
        profile,
        MigrationEdit::KeyBefore {
            consumer_key: PastedKey(OLD_KEY.into()),
        },
    );
    let view = setup.view(profile);
    let migration = view.migration.expect("view");
    assert_eq!(migration.key_check, Some(KeyCheck::Changed));
    assert!(migration.partner[0].text.contains("needs the new key"));
}

#[test]
fn keys_are_recorded_only_on_the_in_place_route() {
    let profile = vonage();
    let mut setup = migration_setup(profile);
    found(&mut setup, profile, true, false);
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::NewEca,
        },
    );
    let message = refused(
        &mut setup,
        profile,
        MigrationEdit::KeyBefore {
            consumer_key: PastedKey(OLD_KEY.into()),
        },
    );
    assert!(message.contains("in place"), "{message}");
    // On the key screen of the in-place route, a change of route leaves it for the choice.
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::InPlace,
        },
    );
    setup
        .apply(
            profile,
            SetupEdit::GoTo {
                step: Screen::Migration(MigrationScreen::RecordKey),
            },
        )
        .expect("listed in place");
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::NewEca,
        },
    );
    assert_eq!(
        setup.current_step,
        Screen::Migration(MigrationScreen::ChooseRoute)
    );
    let view = setup.view(profile);
    assert!(!ids(&view).iter().any(|id| id == "record-key"));
    assert!(
        view.screens.iter().all(|e| !e.review),
        "a new app is created, not reviewed"
    );
}

#[test]
fn the_password_flow_route_chooses_client_credentials_and_leaving_it_drops_them() {
    let profile = vonage();
    let mut setup = migration_setup(profile);
    setup.inputs.domain = "acme--qa.sandbox.my.salesforce.com".into();
    found(&mut setup, profile, true, true);
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::ClientCredentials,
        },
    );
    assert!(setup.inputs.chose("sandbox_client_credentials"));
    assert_eq!(
        verify_flows(profile, &setup.inputs),
        [FlowChoice::ClientCredentials]
    );
    let view = setup.view(profile);
    let migration = view.migration.as_ref().expect("view");
    assert!(migration
        .partner
        .iter()
        .any(|f| f.text.contains(PASSWORD_FLOW_ENDS)));
    let route = migration
        .routes
        .iter()
        .find(|r| r.route == Route::ClientCredentials)
        .expect("route");
    assert!(route.offered);
    assert!(route
        .reasons
        .iter()
        .any(|f| f.text.contains(PASSWORD_FLOW_ENDS)));
    let sheet = view.partner.as_ref().expect("vonage's form");
    assert!(
        sheet
            .webhooks
            .iter()
            .any(|w| w.works_with_eca && w.option.as_ref().is_some_and(|o| o.chosen)),
        "the client-credentials recipe is the chosen one"
    );

    // The admin finds the integration does not use the password flow after all.
    edit(
        &mut setup,
        profile,
        MigrationEdit::SignIns {
            password_flow: false,
        },
    );
    let migration = setup.migration.as_ref().expect("migration");
    assert_eq!(
        migration.route, None,
        "a route no longer allowed is dropped"
    );
    assert!(!setup.inputs.chose("sandbox_client_credentials"));
}

#[test]
fn an_option_the_admin_chose_stays_when_the_route_changes() {
    let profile = vonage();
    let mut setup = migration_setup(profile);
    setup
        .apply(
            profile,
            SetupEdit::Choose {
                option: "sandbox_client_credentials".into(),
                chosen: true,
            },
        )
        .expect("chosen");
    found(&mut setup, profile, true, true);
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::ClientCredentials,
        },
    );
    edit(
        &mut setup,
        profile,
        MigrationEdit::SignIns {
            password_flow: false,
        },
    );
    assert!(setup.inputs.chose("sandbox_client_credentials"));
}

#[test]
fn the_cleanup_opens_only_once_verified_and_the_partner_has_switched() {
    let profile = vonage();
    let mut setup = migration_setup(profile);
    found(&mut setup, profile, false, false);
    decide(
        &mut setup,
        profile,
        MigrationDecision::Route {
            route: Route::NewEca,
        },
    );
    let message = refused(
        &mut setup,
        profile,
        MigrationEdit::Cleanup {
            step: CleanupStep::RevokeTokens,
            done: true,
        },
    );
    assert!(message.contains("verification"), "{message}");
    assert!(setup
        .apply(
            profile,
            SetupEdit::GoTo {
                step: Screen::CLEANUP
            }
        )
        .is_err());

    setup.verified();
    // A new app has a new key: the partner still signs in through the old app until it has it.
    let message = refused(
        &mut setup,
        profile,
        MigrationEdit::Cleanup {
            step: CleanupStep::DeleteOldApp,
            done: true,
        },
    );
    assert!(
        message.contains("Vonage AI Studio uses the new key"),
        "{message}"
    );
    assert_eq!(
        state(&setup.view(profile), Screen::CLEANUP),
        ScreenState::Locked
    );
    let unsaved = setup
        .apply(profile, SetupEdit::ConfirmPartner { done: true })
        .expect_err("nothing to give the partner before the key and secret are saved");
    assert!(
        unsaved.message.contains("not saved yet"),
        "{}",
        unsaved.message
    );
    setup
        .apply(
            profile,
            SetupEdit::UseConnection {
                name: Some("Vonage".into()),
            },
        )
        .expect("saved");
    setup.verified();
    setup
        .apply(profile, SetupEdit::ConfirmPartner { done: true })
        .expect("confirmed");
    setup
        .apply(
            profile,
            SetupEdit::GoTo {
                step: Screen::CLEANUP,
            },
        )
        .expect("open now");
    assert_eq!(
        state(&setup.view(profile), Screen::CLEANUP),
        ScreenState::Todo
    );
    for step in [CleanupStep::RevokeTokens, CleanupStep::BlockOldApp] {
        edit(
            &mut setup,
            profile,
            MigrationEdit::Cleanup { step, done: true },
        );
    }
    let cleanup = &setup.migration.as_ref().expect("migration").cleanup;
    assert!(cleanup.tokens_revoked_at.is_some());
    assert_eq!(
        cleanup.old_app.as_ref().map(|end| end.action),
        Some(OldAppAction::Blocked)
    );
    assert_eq!(
        state(&setup.view(profile), Screen::CLEANUP),
        ScreenState::Done
    );
    edit(
        &mut setup,
        profile,
        MigrationEdit::Cleanup {
            step: CleanupStep::DeleteOldApp,
            done: true,
        },
    );
    assert_eq!(
        setup
            .migration
            .as_ref()
            .and_then(|m| m.cleanup.old_app.as_ref())
            .map(|e| e.action),
        Some(OldAppAction::Deleted)
    );
}

#[test]
fn a_setup_saved_before_migrations_existed_loads_as_a_new_setup() {
    let setup = Setup::new(vonage(), false);
    let mut json = serde_json::to_value(&setup).expect("serializes");
    assert!(
        json.get("migration").is_none(),
        "a new setup saves no migration"
    );
    json.as_object_mut().expect("object").remove("migration");
    let loaded: Setup = serde_json::from_value(json).expect("loads");
    assert_eq!(loaded.migration, None);
}

#[test]
fn every_salesforce_fact_on_a_migration_screen_has_a_source_or_is_marked_unconfirmed() {
    let profile = vonage();
    for (local, password_flow, route) in [
        (true, false, Route::InPlace),
        (true, false, Route::NewEca),
        (true, true, Route::ClientCredentials),
    ] {
        let mut setup = migration_setup(profile);
        found(&mut setup, profile, local, password_flow);
        decide(&mut setup, profile, MigrationDecision::Route { route });
        let view = setup.view(profile);
        let migration = view.migration.expect("view");
        let facts = migration
            .pages
            .iter()
            .flat_map(|p| &p.facts)
            .chain(migration.routes.iter().flat_map(|r| &r.reasons));
        for fact in facts {
            if let Some(source) = &fact.source {
                assert!(source.url.starts_with("https://"), "{}", source.url);
                assert!(!fact.unconfirmed, "sourced and unconfirmed: {}", fact.text);
            }
        }
        let unconfirmed: Vec<&str> = migration
            .pages
            .iter()
            .flat_map(|p| &p.facts)
            .filter(|f| f.unconfirmed)
            .map(|f| f.text.as_str())
            .collect();
        assert!(
            unconfirmed
                .iter()
                .any(|t| t.contains("exact label is unconfirmed")),
            "{route:?}: the Release Update label is marked: {unconfirmed:?}"
        );
        if route == Route::InPlace {
            assert!(
                unconfirmed.iter().any(|t| t.contains("Consumer Key")),
                "the kept key is marked unconfirmed where the admin relies on it"
            );
        }
    }
}
