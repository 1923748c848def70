//! The whole migration path of an integration at once, for the command line's
//! `checklist --migrate`: the screens before the route, then every route's screens with their
//! pages and its checklist, each computed by walking a setup through the route as the wizard
//! would.

use serde::{Deserialize, Serialize};

use super::facts::Fact;
use super::model::{MigrationDecision, MigrationEdit, Route};
use super::pages::{migration_view, MigrationPage};
use super::routes::screens;
use crate::checklist::Checklist;
use crate::domain::{normalize_domain, OrgDomain};
use crate::inputs::SetupInputs;
use crate::profile::Profile;
use crate::screen::ScreenEntry;
use crate::setup::Setup;

/// The whole migration path of an integration, for the command line's `checklist --migrate`:
/// the screens before the route, then each route's screens in order with their pages and the
/// checklist (a review of the migrated app, in place).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MigrationPath {
    pub profile_id: String,
    pub profile_name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org: Option<OrgDomain>,
    /// Finding the old app and its sign-ins, and choosing the route.
    pub first: Vec<MigrationPage>,
    pub routes: Vec<RoutePath>,
}

/// One route from the choice to the end.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutePath {
    pub route: Route,
    pub label: String,
    /// What the findings must be for it to be offered.
    pub when: String,
    /// Whether this integration can take it at all (client credentials needs an app that can
    /// enable that flow); an impossible route lists no screens.
    pub possible: bool,
    /// Why it is offered when `when` holds (or why not at all), as the route screen says.
    pub reasons: Vec<Fact>,
    /// Every screen from the start, in the order the wizard walks them.
    pub screens: Vec<ScreenEntry>,
    /// The migration screens of this route after the choice.
    pub pages: Vec<MigrationPage>,
    pub checklist: Checklist,
}

/// The migration path for `inputs` (the admin's org and app, as `checklist` takes them): all
/// three routes, or only `only`.
pub fn migration_path(
    profile: &Profile,
    inputs: &SetupInputs,
    only: Option<Route>,
) -> MigrationPath {
    let start = |password_flow: bool| {
        let mut setup = Setup::new_migration(profile, false);
        setup.inputs = inputs.clone();
        let found = [
            MigrationEdit::OldApp {
                name: "<your connected app>".to_owned(),
                local: true,
                users: None,
            },
            MigrationEdit::SignIns { password_flow },
        ];
        for edit in found {
            // Both findings are always accepted: they only name the app and answer a question.
            let _ = setup.apply_migration(profile, edit);
        }
        setup
    };
    let mut plan = Setup::new_migration(profile, false);
    plan.inputs = inputs.clone();
    let mut checklist = plan.checklist(profile);
    let first = migration_view(&plan, profile, &mut checklist)
        .map(|view| view.pages)
        .unwrap_or_default();
    let routes = Route::ALL
        .into_iter()
        .filter(|route| only.is_none_or(|only| only == *route))
        .map(|route| {
            let mut setup = start(route == Route::ClientCredentials);
            let reasons = setup
                .migration
                .as_ref()
                .map(|migration| migration.reasons(profile, route))
                .unwrap_or_default();
            let possible = setup
                .decide(profile, MigrationDecision::Route { route })
                .is_ok();
            // The plan keeps the admin's app name; in place the app would take the old one's.
            setup.inputs.app_name.clone_from(&inputs.app_name);
            setup.inputs.api_name.clone_from(&inputs.api_name);
            let view = setup.view(profile);
            let before_route = screens(None);
            let pages = view
                .migration
                .map(|m| {
                    m.pages
                        .into_iter()
                        .filter(|page| !before_route.contains(&page.screen))
                        .collect()
                })
                .unwrap_or_default();
            RoutePath {
                route,
                label: route.label().to_owned(),
                when: match route {
                    Route::InPlace => "the connected app is local and the integration does not sign in with a username and password",
                    Route::NewEca => "the integration does not sign in with a username and password (or cannot move to client credentials)",
                    Route::ClientCredentials => "the integration signs in with a username and password",
                }
                .to_owned(),
                possible,
                reasons,
                screens: if possible { view.screens } else { Vec::new() },
                pages: if possible { pages } else { Vec::new() },
                checklist: view.checklist,
            }
        })
        .collect();
    MigrationPath {
        profile_id: profile.id.clone(),
        profile_name: profile.name.clone(),
        org: normalize_domain(&inputs.domain).ok(),
        first,
        routes,
    }
}
