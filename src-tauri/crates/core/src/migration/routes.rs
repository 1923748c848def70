//! Which routes Salesforce allows for what the admin found, and why (`Migration::offers`,
//! `reasons`), and the migration's screens in the order each route walks them (`screens`): the
//! one place that order is written, read by the step list, the pages and the command line.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::{
    advice, fact, key_kept_unconfirmed, no_password_flow_on_eca, password_flow_ends, sources,
    unconfirmed, undo_in_place, Fact, PASSWORD_FLOW_ENDS,
};
use super::model::{Migration, Route};
use crate::eca::Flow;
use crate::options::SetupOption;
use crate::profile::Profile;
use crate::screen::MigrationScreen;
use crate::verify_flows::client_credentials_enabled;

/// The migration's own screens in the order the wizard walks them, for `route` (`None`: not
/// chosen yet). Finding the old app and its sign-ins and choosing come first whatever the
/// route; in place, the key before, the Migrate click and the key after; with any route, the
/// cleanup last. Where each goes among the other screens is `screen::screens`'s to say.
pub fn screens(route: Option<Route>) -> Vec<MigrationScreen> {
    let mut screens = vec![
        MigrationScreen::FindOldApp,
        MigrationScreen::FindPasswordSignIns,
        MigrationScreen::ChooseRoute,
    ];
    if route == Some(Route::InPlace) {
        screens.extend([
            MigrationScreen::RecordKey,
            MigrationScreen::Migrate,
            MigrationScreen::CompareKey,
        ]);
    }
    if route.is_some() {
        screens.push(MigrationScreen::Cleanup);
    }
    screens
}

/// The profile option that gives its app the client credentials flow (Vonage's
/// `sandbox_client_credentials`), if it has one.
pub fn client_credentials_option(profile: &Profile) -> Option<&SetupOption> {
    profile.options.iter().find(|option| {
        option
            .eca
            .flows
            .as_ref()
            .is_some_and(|flows| flows.value.contains(&Flow::ClientCredentials))
    })
}

/// Whether this integration's new app can sign in with client credentials: through an option,
/// because its guide enables the flow, or because the admin sets every field (Custom).
pub fn client_credentials_possible(profile: &Profile) -> bool {
    let guide_enables = client_credentials_enabled(&profile.eca);
    profile.editable || guide_enables || client_credentials_option(profile).is_some()
}

impl Migration {
    /// Whether `route` may be chosen for what was found.
    pub fn offers(&self, profile: &Profile, route: Route) -> bool {
        let (Some(old_app), Some(password_flow)) = (&self.old_app, self.password_flow) else {
            return false;
        };
        let client_credentials = client_credentials_possible(profile);
        match route {
            Route::InPlace => old_app.local && !password_flow,
            Route::NewEca => !password_flow || !client_credentials,
            Route::ClientCredentials => password_flow && client_credentials,
        }
    }

    /// Every route with whether it is offered and why, in the order the picker lists them.
    pub fn routes(&self, profile: &Profile) -> Vec<RouteOption> {
        Route::ALL
            .into_iter()
            .map(|route| RouteOption {
                route,
                label: route.label().to_owned(),
                offered: self.offers(profile, route),
                reasons: self.reasons(profile, route),
            })
            .collect()
    }

    /// Why `route` is offered for what was found, or why not: sourced facts, unconfirmed ones
    /// marked, and this app's advice.
    pub(crate) fn reasons(&self, profile: &Profile, route: Route) -> Vec<Fact> {
        let (Some(old_app), Some(password_flow)) = (&self.old_app, self.password_flow) else {
            return vec![advice(
                "Record what you found on the two screens before this one first: which routes Salesforce allows depends on it.",
            )];
        };
        let client_credentials = client_credentials_possible(profile);
        let mut reasons = Vec::new();
        match route {
            Route::InPlace => {
                if !old_app.local {
                    reasons.push(fact(
                        format!("{} is not local (it was installed from a package or another org): Salesforce migrates only local connected apps.", old_app.name),
                        sources::MIGRATION,
                    ));
                }
                if password_flow {
                    reasons.push(no_password_flow_on_eca());
                }
                if old_app.local && !password_flow {
                    reasons.push(fact(
                        "Your connected app is local and does not use the username-password flow: Salesforce shows Migrate to External Client App for such an app.",
                        sources::MIGRATE,
                    ));
                    reasons.push(key_kept_unconfirmed());
                    reasons.push(fact(
                        "A migration fails when the app has push settings that are not valid (an expired Apple certificate, Android's old Server Key).",
                        sources::MIGRATION,
                    ));
                    reasons.push(unconfirmed(
                        "Other things may also hide the button (a custom connected app handler, Canvas, user provisioning): unconfirmed. If Salesforce does not show Migrate to External Client App, choose a new External Client App instead.",
                    ));
                    reasons.push(undo_in_place());
                }
            }
            Route::NewEca => {
                if password_flow && client_credentials {
                    reasons.push(fact(
                        "The integration signs in with a username and password, which no External Client App accepts: a new app alone would not keep it working. Choose the client credentials route.",
                        sources::MIGRATION,
                    ));
                } else {
                    reasons.push(fact(
                        "What the partners' own pages say: “If you previously set up a connected app for this integration, you will need to create an external client app instead” (Vonage); none of them documents the Migrate button.",
                        sources::PARTNER_ADVICE,
                    ));
                    reasons.push(advice(
                        "The new app gets its own Consumer Key and Secret: you enter both at the partner. The connected app keeps working until you clean it up, so the partner can switch over and be tested first.",
                    ));
                    if password_flow {
                        reasons.push(password_flow_ends());
                        reasons.push(advice(format!(
                            "{}'s app cannot use the client credentials flow: ask the partner to connect with the flow its guide describes before {PASSWORD_FLOW_ENDS}.",
                            profile.name
                        )));
                    }
                }
            }
            Route::ClientCredentials => {
                if !password_flow {
                    reasons.push(advice(
                        "Only for an integration that signs in with a username and password: yours does not.",
                    ));
                } else if !client_credentials {
                    reasons.push(advice(format!(
                        "{}'s app does not offer the client credentials flow: create a new External Client App and ask the partner to connect with the flow its guide describes.",
                        profile.name
                    )));
                } else {
                    reasons.push(no_password_flow_on_eca());
                    reasons.push(password_flow_ends());
                    reasons.push(fact(
                        "Salesforce recommends the OAuth 2.0 client credentials flow (or the web server flow with PKCE) instead of the username-password flow.",
                        sources::MIGRATION,
                    ));
                    reasons.push(match client_credentials_option(profile) {
                        Some(option) => advice(format!(
                            "The new app enables the Client Credentials Flow with a Run As user (“{}”), and the partner sends grant_type=client_credentials to your My Domain instead of a username and password.",
                            option.label
                        )),
                        None => advice(
                            "The new app enables the Client Credentials Flow with a Run As user, and the partner sends grant_type=client_credentials to your My Domain instead of a username and password.",
                        ),
                    });
                }
            }
        }
        reasons
    }
}

/// A route in the picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RouteOption {
    pub route: Route,
    pub label: String,
    /// Whether it may be chosen for what was found; a route not offered says why in `reasons`.
    pub offered: bool,
    pub reasons: Vec<Fact>,
}

#[cfg(test)]
mod tests {
    use super::super::model::found;
    use super::*;

    fn offered(migration: &Migration, id: &str) -> Vec<Route> {
        let profile = crate::profile(id).expect("profile");
        Route::ALL
            .into_iter()
            .filter(|route| migration.offers(profile, *route))
            .collect()
    }

    #[test]
    fn every_route_walks_the_findings_first_and_ends_with_the_cleanup() {
        let first = screens(None);
        assert_eq!(first.last(), Some(&MigrationScreen::ChooseRoute));
        for route in Route::ALL {
            let walked = screens(Some(route));
            assert!(walked.starts_with(&first), "{route:?}: {walked:?}");
            assert_eq!(walked.last(), Some(&MigrationScreen::Cleanup), "{route:?}");
        }
        assert!(screens(Some(Route::InPlace)).contains(&MigrationScreen::Migrate));
        assert!(!screens(Some(Route::NewEca)).contains(&MigrationScreen::Migrate));
    }

    #[test]
    fn in_place_is_offered_only_for_a_local_app_without_the_password_flow() {
        use Route::*;
        assert_eq!(
            offered(&found(true, false), "vonage-ai-studio"),
            [InPlace, NewEca]
        );
        assert_eq!(offered(&found(false, false), "vonage-ai-studio"), [NewEca]);
        assert_eq!(
            offered(&found(true, true), "vonage-ai-studio"),
            [ClientCredentials]
        );
        assert_eq!(offered(&Migration::default(), "vonage-ai-studio"), []);
    }

    #[test]
    fn without_client_credentials_a_password_flow_integration_gets_a_new_app() {
        assert_eq!(offered(&found(true, true), "webex"), [Route::NewEca]);
        assert_eq!(
            offered(&found(true, true), "service-board-sync"),
            [Route::ClientCredentials]
        );
        let profile = crate::profile("webex").expect("webex");
        let reasons = found(true, true).reasons(profile, Route::NewEca);
        assert!(
            reasons.iter().any(|f| f.text.contains(PASSWORD_FLOW_ENDS)),
            "the date is on screen: {reasons:?}"
        );
    }

    #[test]
    fn the_in_place_reasons_mark_the_kept_key_unconfirmed_and_state_the_undo() {
        let profile = crate::profile("vonage-ai-studio").expect("vonage");
        let reasons = found(true, false).reasons(profile, Route::InPlace);
        assert!(reasons
            .iter()
            .any(|f| f.unconfirmed && f.text.contains("Consumer Key")));
        assert!(reasons
            .iter()
            .any(|f| f.text.contains("delete the new External Client App")
                && f.source
                    .as_ref()
                    .is_some_and(|s| s.url.contains("migrate_connected_app"))));
        for fact in reasons.iter().filter(|f| !f.unconfirmed) {
            assert!(
                fact.source.is_some(),
                "a Salesforce fact without a source: {}",
                fact.text
            );
        }
    }
}
