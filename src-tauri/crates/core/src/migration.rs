//! Moving an integration that runs on an older connected app to an External Client App: what the
//! admin found in Setup, the route taken (and why the others are not offered), the Consumer Key
//! before and after an in-place migration, and the cleanup of the old app. What each migration
//! screen shows is computed here from the setup, as the checklist is, so the UI, the command line
//! and the report say the same. The key itself is never kept: only its masked form and a SHA-256
//! digest, enough to compare a key pasted later and nothing more.
//!
//! Every Salesforce fact a screen relies on carries its source, and the ones no public source
//! confirms say so (`Fact::unconfirmed`); `practice/FIDELITY.md` (rows M*) lists them all.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::checklist::{Checklist, FieldValue, MANAGER_PATH};
use crate::domain::{normalize_domain, OrgDomain};
use crate::eca::Flow;
use crate::error::{ErrorCode, UiError};
use crate::inputs::derive_api_name;
use crate::options::SetupOption;
use crate::profile::Profile;
use crate::screen::{MigrationScreen, Screen, ScreenState, StepId};
use crate::secret::mask_key;
use crate::setup::{Setup, Timestamp};

/// When Salesforce stops the username-password flow for connected apps, with no extension: Help
/// article 005461976, "migrate them before the February 20, 2027 enforcement date" and
/// "Salesforce doesn't offer an extension or exception process for this enforcement date"
/// (FIDELITY.md row M14).
pub const PASSWORD_FLOW_ENDS: &str = "20 February 2027";

/// Lightning Setup paths under the org's domain (public Setup-link tables; the screens also name
/// the Quick Find words, for when a link does not open the page).
pub const OAUTH_USAGE_PATH: &str = "/lightning/setup/ConnectedAppsUsage/home";
pub const APP_MANAGER_PATH: &str = "/lightning/setup/NavigationMenus/home";
pub const LOGIN_HISTORY_PATH: &str = "/lightning/setup/OrgLoginHistory/home";

/// What a migration has recorded. A setup without one is a new setup; files saved before
/// migrations existed have none.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Migration {
    /// The connected app the integration uses, as found on OAuth Usage and App Manager.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub old_app: Option<OldApp>,
    /// Whether the integration signs in with the username-password flow (Login History);
    /// `None` until the admin has looked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub password_flow: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub route: Option<Route>,
    /// In place: the connected app's key, recorded before the Migrate click.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key_before: Option<KeyFingerprint>,
    /// In place: the new External Client App's key, recorded after it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key_after: Option<KeyFingerprint>,
    /// In place: when the admin clicked Migrate to External Client App.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub migrated_at: Option<Timestamp>,
    #[serde(default)]
    pub cleanup: Cleanup,
    /// The profile option the client-credentials route chose, dropped again if the route changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub route_option: Option<String>,
    /// A practice setup's connected app, as its practice org plays it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub rehearsal: Option<Rehearsal>,
}

/// The old connected app, as the admin found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OldApp {
    pub name: String,
    /// Created in this org, rather than installed from a package or another org.
    pub local: bool,
    /// The User Count on Connected Apps OAuth Usage; `None` when the app is not listed there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub users: Option<u32>,
    #[ts(type = "string")]
    pub recorded_at: Timestamp,
}

/// How the integration moves to an External Client App.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "kebab-case")]
#[ts(export)]
pub enum Route {
    /// App Manager → the connected app → Migrate to External Client App.
    InPlace,
    /// A new External Client App from the partner's guide; the partner gets its key and secret.
    NewEca,
    /// The integration signs in with a username and password, which no External Client App
    /// accepts: a new app with the client credentials flow, and the partner's client-credentials
    /// recipe.
    ClientCredentials,
}

impl Route {
    pub const ALL: [Route; 3] = [Route::InPlace, Route::NewEca, Route::ClientCredentials];

    pub fn as_str(self) -> &'static str {
        match self {
            Route::InPlace => "in-place",
            Route::NewEca => "new-eca",
            Route::ClientCredentials => "client-credentials",
        }
    }

    /// What the route picker, the report and the command line call it.
    pub fn label(self) -> &'static str {
        match self {
            Route::InPlace => "Migrate the connected app in place",
            Route::NewEca => "Create a new External Client App",
            Route::ClientCredentials => {
                "Create a new External Client App with the client credentials flow"
            }
        }
    }
}

impl std::str::FromStr for Route {
    type Err = UiError;

    fn from_str(text: &str) -> Result<Route, UiError> {
        Route::ALL
            .into_iter()
            .find(|route| route.as_str() == text)
            .ok_or_else(|| {
                UiError::new(
                    ErrorCode::InvalidInput,
                    format!("There is no route called “{text}”."),
                    "Use in-place, new-eca or client-credentials.",
                )
            })
    }
}

/// A Consumer Key as it may be kept: masked to its ends, and its SHA-256 to compare another
/// key with. Never the key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyFingerprint {
    pub masked: String,
    /// Lowercase hex SHA-256 of the trimmed key.
    pub sha256: String,
    #[ts(type = "string")]
    pub recorded_at: Timestamp,
}

impl KeyFingerprint {
    /// The fingerprint of a pasted key (spaces around it are ignored). An empty key, or one
    /// with spaces inside, is refused: it cannot be a Consumer Key.
    pub fn of(key: &str) -> Result<KeyFingerprint, UiError> {
        let key = key.trim();
        if key.is_empty() || key.chars().any(char::is_whitespace) {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                "That is not a Consumer Key: it is empty or has spaces inside.",
                "Copy the Consumer Key again from Salesforce and paste it alone.",
            ));
        }
        let digest = Sha256::digest(key.as_bytes());
        Ok(KeyFingerprint {
            masked: mask_key(key),
            sha256: digest.iter().map(|byte| format!("{byte:02x}")).collect(),
            recorded_at: Timestamp::now(),
        })
    }

    pub fn same_key(&self, other: &KeyFingerprint) -> bool {
        self.sha256 == other.sha256
    }
}

/// What comparing the keys says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum KeyCheck {
    /// The new app has the connected app's key: the partner needs no new key.
    Same,
    /// The key changed: the partner needs the new key and secret.
    Changed,
    /// No key was recorded before the migration, so nobody can tell: treat it as changed.
    NoKeyBefore,
}

impl KeyCheck {
    /// One sentence for the report and the command line.
    pub fn sentence(self) -> &'static str {
        match self {
            KeyCheck::Same => "The External Client App has the same Consumer Key as the connected app had: the partner needs no new key.",
            KeyCheck::Changed => "The External Client App's Consumer Key differs from the connected app's: the partner needs the new key and secret.",
            KeyCheck::NoKeyBefore => "No key was recorded before the migration, so whether it changed is unknown: give the partner the new key and secret.",
        }
    }
}

/// The old app's cleanup, once the new connection has passed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Cleanup {
    /// When the admin revoked the old app's tokens (OAuth Usage → Revoke).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional, type = "string")]
    pub tokens_revoked_at: Option<Timestamp>,
    /// Blocked or deleted, and when.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub old_app: Option<OldAppEnd>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OldAppEnd {
    pub action: OldAppAction,
    #[ts(type = "string")]
    pub at: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OldAppAction {
    Blocked,
    Deleted,
}

/// One thing the cleanup screen marks done or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CleanupStep {
    RevokeTokens,
    BlockOldApp,
    DeleteOldApp,
}

/// How a practice org plays the connected app to migrate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rehearsal {
    /// Created in the practice org: eligible for Migrate unless it uses the password flow.
    pub local: bool,
    /// Its integration signs in with the username-password flow.
    pub password_flow: bool,
    /// After Migrate, the External Client App has the connected app's key (the widely quoted,
    /// unconfirmed behaviour); `false` rehearses a key that changed.
    pub key_kept: bool,
}

impl Default for Rehearsal {
    fn default() -> Rehearsal {
        Rehearsal {
            local: true,
            password_flow: false,
            key_kept: true,
        }
    }
}

/// A Consumer Key pasted on a migration screen, on its way to a fingerprint. Debug prints it
/// masked, so an edit logged by mistake shows no key.
// A newtype struct: serde reads and writes it as the bare string.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(as = "String")]
pub struct PastedKey(pub String);

impl std::fmt::Debug for PastedKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&mask_key(self.0.trim()))
    }
}

/// One change on a migration screen; the UI sends these inside `SetupEdit::Migration`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum MigrationEdit {
    /// What Connected Apps OAuth Usage and App Manager show.
    OldApp {
        name: String,
        local: bool,
        #[serde(default)]
        #[ts(optional)]
        users: Option<u32>,
    },
    /// What Login History shows.
    SignIns {
        password_flow: bool,
    },
    Route {
        route: Route,
    },
    /// The connected app's Consumer Key, before Migrate; only its fingerprint is kept.
    KeyBefore {
        consumer_key: PastedKey,
    },
    /// The Migrate click done (or not).
    Migrated {
        done: bool,
    },
    /// The new External Client App's Consumer Key; compared, then only its fingerprint kept.
    KeyAfter {
        consumer_key: PastedKey,
    },
    Cleanup {
        step: CleanupStep,
        done: bool,
    },
}

/// A sentence a screen relies on, with where it comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Fact {
    pub text: String,
    /// The public page it rests on; none for the app's own advice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub source: Option<Citation>,
    /// No public source confirms it: the screen marks it “unconfirmed” where an admin relies on it.
    pub unconfirmed: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Citation {
    pub title: String,
    pub url: String,
}

/// Where the facts come from (FIDELITY.md rows M*).
mod sources {
    pub const MIGRATE: (&str, &str) = (
        "Salesforce Help: Create an External Client App from a Connected App",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.migrate_connected_app_to_external_client_app.htm",
    );
    pub const MIGRATION: (&str, &str) = (
        "Salesforce Help: Connected App to External Client App Migration",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.connected_app_to_external_client_app_migration.htm",
    );
    pub const USERNAME_PASSWORD: (&str, &str) = (
        "Salesforce Help: OAuth 2.0 Username-Password Flow for Special Scenarios",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.remoteaccess_oauth_username_password_flow_ca.htm",
    );
    pub const OAUTH_USAGE: (&str, &str) = (
        "Salesforce Help: Manage Current OAuth Connected App Sessions",
        "https://help.salesforce.com/apex/HTViewHelpDoc?id=xcloud.connected_app_manage_current_sessions.htm",
    );
    pub const MONITOR_USAGE: (&str, &str) = (
        "Salesforce: Monitor Usage for an OAuth Connected App",
        "https://developer.salesforce.com/docs/atlas.en-us.210.0.packagingGuide.meta/packagingGuide/connected_app_monitor.htm",
    );
    pub const LOGIN_HISTORY: (&str, &str) = (
        "Salesforce: Monitor Login History",
        "https://developer.salesforce.com/docs/atlas.en-us.securityImplGuide.meta/securityImplGuide/users_login_history.htm",
    );
    /// The article itself gives the date and says there is no extension; the release note says
    /// only "Winter '27".
    pub const RETIREMENT: (&str, &str) = (
        "Salesforce Help article 005461976: retirement of the OAuth 2.0 username-password flow for connected apps",
        "https://help.salesforce.com/s/articleView?id=005461976&type=1",
    );
    pub const SPRING_26: (&str, &str) = (
        "Salesforce Help article 005228017: new connected apps can no longer be created in Spring '26",
        "https://help.salesforce.com/s/articleView?id=005228017&type=1",
    );
    pub const PARTNER_ADVICE: (&str, &str) = (
        "Vonage AI Studio: How to create a Salesforce external client app",
        "https://studio.docs.ai.vonage.com/http/nodes/integrations/legacy-salesforce-authentication-node/salesforce-authentication/how-to-create-a-salesforce-external-client-app",
    );
    pub const DELETE: (&str, &str) = (
        "Salesforce: Delete a Connected App",
        "https://developer.salesforce.com/docs/atlas.en-us.222.0.packagingGuide.meta/packagingGuide/connected_app_delete.htm",
    );
}

fn fact(text: impl Into<String>, source: (&str, &str)) -> Fact {
    Fact {
        text: text.into(),
        source: Some(Citation {
            title: source.0.to_owned(),
            url: source.1.to_owned(),
        }),
        unconfirmed: false,
    }
}

fn unconfirmed(text: impl Into<String>) -> Fact {
    Fact {
        text: text.into(),
        source: None,
        unconfirmed: true,
    }
}

fn advice(text: impl Into<String>) -> Fact {
    Fact {
        text: text.into(),
        source: None,
        unconfirmed: false,
    }
}

/// The facts several screens repeat.
fn no_password_flow_on_eca() -> Fact {
    fact(
        "External Client Apps do not support the username-password flow: if a connected app that uses it is migrated, the flow does not work on the External Client App.",
        sources::MIGRATION,
    )
}

fn password_flow_ends() -> Fact {
    fact(
        format!("Salesforce stops the username-password flow for connected apps on {PASSWORD_FLOW_ENDS}, with no extension."),
        sources::RETIREMENT,
    )
}

fn release_update_label() -> Fact {
    unconfirmed(
        "In Setup → Release Updates it may be listed as “Retirement of OAuth 2.0 Username-Password Flow for Connected Apps”; the exact label is unconfirmed.",
    )
}

fn undo_in_place() -> Fact {
    fact(
        "The undo of an in-place migration: delete the new External Client App, and the connected app becomes active again with the settings and policies it had when it was migrated.",
        sources::MIGRATE,
    )
}

fn key_kept_unconfirmed() -> Fact {
    unconfirmed(
        "Whether the migrated app keeps the connected app's Consumer Key and Secret is widely quoted but not confirmed by Salesforce: this app records the key before and compares it after, and only a match means nothing changes at the partner.",
    )
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
    let guide_enables = profile.eca.flows.value.contains(&Flow::ClientCredentials)
        && profile.eca.client_credentials_policy.value;
    profile.editable || guide_enables || client_credentials_option(profile).is_some()
}

impl Migration {
    /// Whether both finding screens have been answered.
    pub fn findings_recorded(&self) -> bool {
        self.old_app.is_some() && self.password_flow.is_some()
    }

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

    /// The comparison of the keys, once the key after is recorded.
    pub fn key_check(&self) -> Option<KeyCheck> {
        let after = self.key_after.as_ref()?;
        Some(match &self.key_before {
            None => KeyCheck::NoKeyBefore,
            Some(before) if before.same_key(after) => KeyCheck::Same,
            Some(_) => KeyCheck::Changed,
        })
    }

    /// Whether the old app's cleanup is complete: tokens revoked and the app blocked or deleted.
    pub fn cleaned_up(&self) -> bool {
        self.cleanup.tokens_revoked_at.is_some() && self.cleanup.old_app.is_some()
    }

    /// How far one migration screen is; the cleanup is locked until `verified`.
    pub fn state(&self, screen: MigrationScreen, verified: bool) -> ScreenState {
        let done = match screen {
            MigrationScreen::FindOldApp => self.old_app.is_some(),
            MigrationScreen::FindPasswordSignIns => self.password_flow.is_some(),
            MigrationScreen::ChooseRoute => self.route.is_some(),
            MigrationScreen::RecordKey => self.key_before.is_some(),
            MigrationScreen::Migrate => self.migrated_at.is_some(),
            MigrationScreen::CompareKey => self.key_after.is_some(),
            MigrationScreen::Cleanup if !verified => return ScreenState::Locked,
            MigrationScreen::Cleanup => self.cleaned_up(),
        };
        if done {
            ScreenState::Done
        } else {
            ScreenState::Todo
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

    fn reasons(&self, profile: &Profile, route: Route) -> Vec<Fact> {
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

/// Everything the migration's screens show, computed from the setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MigrationView {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub route: Option<Route>,
    /// Every route, offered or not, with the reasons.
    pub routes: Vec<RouteOption>,
    /// One page per migration screen in the step list, in its order.
    pub pages: Vec<MigrationPage>,
    /// In place: what each checklist step says above its fields, as it is a review of the
    /// migrated app (the checklist in the view already carries the review's instructions).
    #[serde(default)]
    pub review: Vec<Fact>,
    /// What the partner screen says first: whether the partner needs the new key and secret.
    #[serde(default)]
    pub partner: Vec<Fact>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub key_check: Option<KeyCheck>,
}

/// One migration screen: where it is in Setup, what to do, what it rests on, and what the admin
/// records there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MigrationPage {
    pub screen: MigrationScreen,
    pub title: String,
    /// Where the Setup page is, from Setup down; empty for a screen of this app's own.
    pub breadcrumb: Vec<String>,
    /// A deep link into the org's Setup, when the org has a My Domain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub link: Option<String>,
    /// What to type in Setup's Quick Find box; empty for a screen of this app's own.
    pub quick_find: String,
    pub instructions: Vec<String>,
    pub facts: Vec<Fact>,
    pub warnings: Vec<String>,
    pub form: MigrationForm,
}

/// What the admin records on a page, with what is recorded already. Each kind is sent back as
/// the `MigrationEdit` of the same name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum MigrationForm {
    OldApp {
        name: String,
        #[ts(optional)]
        local: Option<bool>,
        #[ts(optional)]
        users: Option<u32>,
    },
    SignIns {
        #[ts(optional)]
        password_flow: Option<bool>,
    },
    /// The choices are `MigrationView::routes`.
    Route {
        #[ts(optional)]
        chosen: Option<Route>,
    },
    KeyBefore {
        /// The key recorded, masked.
        #[ts(optional)]
        recorded: Option<String>,
    },
    Migrated {
        #[ts(optional, type = "string")]
        at: Option<Timestamp>,
    },
    KeyAfter {
        #[ts(optional)]
        before: Option<String>,
        #[ts(optional)]
        after: Option<String>,
        #[ts(optional)]
        check: Option<KeyCheck>,
    },
    Cleanup {
        /// False until the new connection has passed its verification: nothing may be marked.
        unlocked: bool,
        #[ts(optional, type = "string")]
        tokens_revoked_at: Option<Timestamp>,
        #[ts(optional)]
        old_app: Option<OldAppEnd>,
    },
}

/// The migration's screens for `setup`, or `None` for a new setup. `checklist` is turned into a
/// review of the migrated app for the in-place route.
pub fn migration_view(
    setup: &Setup,
    profile: &Profile,
    checklist: &mut Checklist,
) -> Option<MigrationView> {
    let migration = setup.migration.as_ref()?;
    let org = normalize_domain(&setup.inputs.domain).ok();
    let page = Pages {
        org: org.as_ref(),
        profile,
        migration,
        verified: setup.verified_at.is_some(),
    };
    let mut screens = vec![
        MigrationScreen::FindOldApp,
        MigrationScreen::FindPasswordSignIns,
        MigrationScreen::ChooseRoute,
    ];
    if migration.route == Some(Route::InPlace) {
        screens.extend([
            MigrationScreen::RecordKey,
            MigrationScreen::Migrate,
            MigrationScreen::CompareKey,
        ]);
        review(checklist);
    }
    if migration.route.is_some() {
        screens.push(MigrationScreen::Cleanup);
    }
    Some(MigrationView {
        route: migration.route,
        routes: migration.routes(profile),
        pages: screens
            .into_iter()
            .map(|screen| page.page(screen))
            .collect(),
        review: if migration.route == Some(Route::InPlace) {
            review_facts()
        } else {
            Vec::new()
        },
        partner: partner_facts(migration),
        key_check: migration.key_check(),
    })
}

struct Pages<'a> {
    org: Option<&'a OrgDomain>,
    profile: &'a Profile,
    migration: &'a Migration,
    verified: bool,
}

impl Pages<'_> {
    fn link(&self, path: &str) -> Option<String> {
        self.org
            .filter(|org| org.has_my_domain())
            .map(|org| format!("{}{path}", org.base_url()))
    }

    fn old_name(&self) -> String {
        self.migration
            .old_app
            .as_ref()
            .map_or_else(|| "the connected app".to_owned(), |app| app.name.clone())
    }

    fn page(&self, screen: MigrationScreen) -> MigrationPage {
        let mut page = MigrationPage {
            screen,
            title: screen.title().to_owned(),
            breadcrumb: Vec::new(),
            link: None,
            quick_find: String::new(),
            instructions: Vec::new(),
            facts: Vec::new(),
            warnings: Vec::new(),
            form: self.form(screen),
        };
        let crumbs = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let migration = self.migration;
        let partner = &self.profile.name;
        match screen {
            MigrationScreen::FindOldApp => {
                page.breadcrumb = crumbs(&[
                    "Setup",
                    "Apps",
                    "Connected Apps",
                    "Connected Apps OAuth Usage",
                ]);
                page.link = self.link(OAUTH_USAGE_PATH);
                page.quick_find = "OAuth, then Connected Apps OAuth Usage".into();
                page.instructions = vec![
                    "Open Connected Apps OAuth Usage: it lists the connected apps that have active tokens, each with its User Count.".into(),
                    format!("Find the app {partner} uses (often named after {partner}, or “{}” as the partner's guide suggests). Note its name and User Count.", self.profile.app_name.value),
                    "Then open Setup → App Manager and find the same app: if it came from a package or another org rather than being created here, it is not local. On OAuth Usage, such an app shows an Install button.".into(),
                    "Record what you found below.".into(),
                ];
                page.facts = vec![
                    fact("Connected Apps OAuth Usage lists the org's OAuth connected apps with active tokens and their user counts; from it you can revoke an app's sessions and block the app.", sources::OAUTH_USAGE),
                    fact("On OAuth Usage, an app with an Install button was created in another org; an app whose tokens have all been revoked or expired disappears from the list.", sources::MONITOR_USAGE),
                    fact("Apps that sign in with the username-password flow do not appear on OAuth Usage, even with an active session: if you find nothing here, look in Login History on the next screen.", sources::USERNAME_PASSWORD),
                ];
            }
            MigrationScreen::FindPasswordSignIns => {
                page.breadcrumb = crumbs(&["Setup", "Identity", "Login History"]);
                page.link = self.link(LOGIN_HISTORY_PATH);
                page.quick_find = "Login History".into();
                page.instructions = vec![
                    "Open Login History and look for the integration's sign-ins: the integration user's rows, with the connected app's name as Application.".into(),
                    "Decide whether the integration signs in with a username and password: its setup at the partner asks for a Salesforce password (or password and security token), or its token request sends grant_type=password.".into(),
                    "Record the answer below.".into(),
                ];
                page.facts = vec![
                    fact("Login History shows who signed in, when, from where, with which login type and application.", sources::LOGIN_HISTORY),
                    fact("Username-password sign-ins are not on Connected Apps OAuth Usage: their access tokens are temporary session IDs, so Login History is where they show.", sources::USERNAME_PASSWORD),
                    unconfirmed("Which Login History column tells the username-password flow apart from other OAuth sign-ins (Login Type shows “Remote Access 2.0” for OAuth sign-ins) is unconfirmed: the partner's setup is the surer sign."),
                    password_flow_ends(),
                    release_update_label(),
                ];
                if let Some(recipe) = self.password_recipe() {
                    page.facts.push(advice(format!(
                        "{partner}'s own recipe “{recipe}” signs in with a username and password: if your org uses it, answer yes."
                    )));
                }
            }
            MigrationScreen::ChooseRoute => {
                page.instructions = vec![
                    "Choose how to move the integration. Only the routes Salesforce allows for what you found can be chosen; each says why.".into(),
                ];
                page.facts = vec![
                    fact("Since Spring '26 an org cannot create new connected apps (Salesforce Support can grant an exception): once the old app is deleted, there is no making another one.", sources::SPRING_26),
                    fact("External Client Apps are the next generation of connected apps, and Salesforce recommends migrating local connected apps to local External Client Apps.", sources::MIGRATION),
                ];
                if migration.password_flow == Some(true) {
                    page.facts.push(no_password_flow_on_eca());
                    page.facts.push(password_flow_ends());
                }
            }
            MigrationScreen::RecordKey => {
                page.breadcrumb = crumbs(&[
                    "Setup",
                    "Apps",
                    "App Manager",
                    &self.old_name(),
                    "View",
                    "Manage Consumer Details",
                ]);
                page.link = self.link(APP_MANAGER_PATH);
                page.quick_find = "App Manager".into();
                page.instructions = vec![
                    format!("In App Manager, open the menu at the end of {}'s row and click View.", self.old_name()),
                    "Click Manage Consumer Details and verify your identity with the code Salesforce sends.".into(),
                    "Copy the Consumer Key and paste it below. This app keeps only its first and last four characters and a fingerprint to compare with, never the key.".into(),
                ];
                page.facts = vec![key_kept_unconfirmed()];
                page.warnings.push("Record the key before you click Migrate: afterwards the old key can no longer be read from the read-only connected app, and the comparison cannot be made.".into());
            }
            MigrationScreen::Migrate => {
                page.breadcrumb = crumbs(&["Setup", "Apps", "App Manager", &self.old_name()]);
                page.link = self.link(APP_MANAGER_PATH);
                page.quick_find = "App Manager".into();
                page.facts = vec![
                    undo_in_place(),
                    fact("You need the permission “Create, edit, and delete External Client Apps”, and Lightning Experience.", sources::MIGRATE),
                    fact("After the migration the connected app stays as a read-only version in App Manager; every change is made on the new External Client App.", sources::MIGRATE),
                    fact("After migration the connected app no longer shows up in Notification Delivery Settings or the Briefcase connected app assignment.", sources::MIGRATE),
                    no_password_flow_on_eca(),
                ];
                page.instructions = vec![
                    format!("In App Manager, open {} by clicking its name.", self.old_name()),
                    "Click Migrate to External Client App (Salesforce shows the button only for an app that is eligible).".into(),
                    "Confirm that the app is local and that it does not use the username-password flow, then click Migrate.".into(),
                    "A window opens with a link to the new External Client App: open it, then mark this step done.".into(),
                ];
                if migration.key_before.is_none() {
                    page.warnings.push("No Consumer Key is recorded yet: record it on the previous screen first, or the key cannot be compared afterwards.".into());
                }
            }
            MigrationScreen::CompareKey => {
                page.breadcrumb = crumbs(&[
                    "Setup",
                    "Apps",
                    "External Client Apps",
                    "External Client App Manager",
                    &self.old_name(),
                    "Settings",
                    "OAuth Settings",
                ]);
                page.link = self.link(MANAGER_PATH);
                page.quick_find = "External Client App Manager".into();
                page.instructions = vec![
                    "In the External Client App Manager, open the app the migration created and its Settings tab.".into(),
                    "Under OAuth Settings, click Consumer Key and Secret and verify your identity.".into(),
                    "Paste the Consumer Key below: this app compares it with the key recorded before the migration.".into(),
                ];
                page.facts = vec![key_kept_unconfirmed()];
                match migration.key_check() {
                    Some(check @ KeyCheck::Same) => page.facts.push(advice(check.sentence())),
                    Some(check) => page.warnings.push(check.sentence().into()),
                    None => {}
                }
            }
            MigrationScreen::Cleanup => {
                page.breadcrumb = crumbs(&[
                    "Setup",
                    "Apps",
                    "Connected Apps",
                    "Connected Apps OAuth Usage",
                ]);
                page.link = self.link(OAUTH_USAGE_PATH);
                page.quick_find = "OAuth, then Connected Apps OAuth Usage".into();
                if !self.verified {
                    page.warnings.push("Verify the new connection first (Connect & verify): nothing here is to be done before it has passed.".into());
                }
                if migration.route == Some(Route::InPlace) {
                    page.facts.push(undo_in_place());
                    page.instructions.push(
                        "Before anything else, know the undo: deleting the new External Client App brings the connected app back. Do not delete the new app unless you mean to go back.".into(),
                    );
                } else {
                    page.instructions.push(format!(
                        "Before anything else, know the undo: until you block or delete {}, the partner can still be switched back to it; once it is deleted it cannot be created again.",
                        self.old_name()
                    ));
                }
                page.instructions.extend([
                    format!("On Connected Apps OAuth Usage, find {} and revoke its tokens (User Count → Revoke All, or the app's Revoke).", self.old_name()),
                    format!("Then block {} on the same page (Block), or delete it in App Manager (its menu → View → Delete).", self.old_name()),
                    "Mark each one done below as you do it.".into(),
                ]);
                page.facts.extend([
                    fact("From Connected Apps OAuth Usage you can revoke an app's active sessions and block or unblock org-wide access to it.", sources::OAUTH_USAGE),
                    fact("A deleted connected app is permanently deleted.", sources::DELETE),
                    fact("Since Spring '26 an org cannot create new connected apps: a deleted one cannot be made again.", sources::SPRING_26),
                ]);
                if migration.password_flow == Some(true) {
                    page.facts.push(fact("Username-password sign-ins never appear on OAuth Usage, so revoking or blocking there may not reach them: delete the app in App Manager to stop them.", sources::USERNAME_PASSWORD));
                }
            }
        }
        page
    }

    fn form(&self, screen: MigrationScreen) -> MigrationForm {
        let migration = self.migration;
        match screen {
            MigrationScreen::FindOldApp => MigrationForm::OldApp {
                name: migration
                    .old_app
                    .as_ref()
                    .map_or_else(String::new, |app| app.name.clone()),
                local: migration.old_app.as_ref().map(|app| app.local),
                users: migration.old_app.as_ref().and_then(|app| app.users),
            },
            MigrationScreen::FindPasswordSignIns => MigrationForm::SignIns {
                password_flow: migration.password_flow,
            },
            MigrationScreen::ChooseRoute => MigrationForm::Route {
                chosen: migration.route,
            },
            MigrationScreen::RecordKey => MigrationForm::KeyBefore {
                recorded: migration.key_before.as_ref().map(|key| key.masked.clone()),
            },
            MigrationScreen::Migrate => MigrationForm::Migrated {
                at: migration.migrated_at,
            },
            MigrationScreen::CompareKey => MigrationForm::KeyAfter {
                before: migration.key_before.as_ref().map(|key| key.masked.clone()),
                after: migration.key_after.as_ref().map(|key| key.masked.clone()),
                check: migration.key_check(),
            },
            MigrationScreen::Cleanup => MigrationForm::Cleanup {
                unlocked: self.verified,
                tokens_revoked_at: migration.cleanup.tokens_revoked_at,
                old_app: migration.cleanup.old_app.clone(),
            },
        }
    }

    /// The title of the partner's own username-password recipe, if its profile has one.
    fn password_recipe(&self) -> Option<&str> {
        let partner = self.profile.partner.as_ref()?;
        partner
            .sandbox_webhooks
            .iter()
            .find(|hook| {
                hook.params
                    .iter()
                    .any(|p| p.label == "grant_type" && p.value.as_deref() == Some("password"))
            })
            .map(|hook| hook.title.as_str())
    }
}

/// What the review of a migrated app rests on.
fn review_facts() -> Vec<Fact> {
    vec![
        advice("These are the partner's guide values: check each on the app the migration created and change any that differ. Nothing here is to be created again."),
        fact("All changes are made on the new External Client App; the connected app stays read-only.", sources::MIGRATE),
        unconfirmed("Which settings a migration carries over is not documented field by field: check every value."),
    ]
}

/// Turns the checklist's steps into a review of the migrated app: the same screens and values,
/// with "check" in place of "type" and no Create click.
fn review(checklist: &mut Checklist) {
    for step in &mut checklist.steps {
        let instructions = match step.id {
            StepId::OpenManager => vec![
                "Open the External Client App Manager: the app the migration created is listed there.".to_owned(),
                "Open it: the next screens check its settings against the partner's guide.".to_owned(),
            ],
            StepId::BasicInformation => vec![
                "On the app's Settings tab, check the Basic Information below. The name and API Name may be the connected app's; that is fine.".to_owned(),
            ],
            StepId::OauthSettings | StepId::FlowEnablement | StepId::Security => vec![
                "On the app's Settings tab, click Edit and check each value below; change any that differ.".to_owned(),
            ],
            StepId::Policies => vec![
                "Open the app's Policies tab and click Edit; check each value below and change any that differ.".to_owned(),
            ],
            StepId::WaitForPropagation | StepId::ConsumerKeySecret | StepId::IntegrationUser => {
                continue
            }
        };
        step.instructions = instructions;
        step.finish = match step.id {
            StepId::OpenManager | StepId::BasicInformation => Vec::new(),
            _ => vec!["If you changed anything, click Save.".to_owned()],
        };
        for field in step.sections.iter_mut().flat_map(|s| s.fields.iter_mut()) {
            if field.id == "verify_callback" {
                continue;
            }
            field.action = match field.value {
                FieldValue::Checkbox { checked: true } => "Check that it is checked",
                FieldValue::Checkbox { checked: false } => "Check that it is unchecked",
                _ => "Check that it matches",
            }
            .to_owned();
        }
    }
}

/// What the partner screen says first, by route and key comparison.
fn partner_facts(migration: &Migration) -> Vec<Fact> {
    match migration.route {
        None => Vec::new(),
        Some(Route::InPlace) => match migration.key_check() {
            None => vec![advice("Compare the Consumer Key first (Compare the Consumer Key after migrating): only a match means the partner needs no change.")],
            Some(KeyCheck::Same) => vec![
                advice(KeyCheck::Same.sentence()),
                unconfirmed("Whether the Consumer Secret is kept too is unconfirmed: if the partner's connection fails after the migration, enter the new app's key and secret below."),
            ],
            Some(check) => vec![advice(check.sentence())],
        },
        Some(Route::NewEca) => vec![advice(
            "The new app has its own Consumer Key and Secret: enter both at the partner, and check that the integration works before you clean up the old app.",
        )],
        Some(Route::ClientCredentials) => vec![
            advice("The new app has its own Consumer Key and Secret: give the partner the client-credentials recipe below instead of the username and password, with both."),
            password_flow_ends(),
        ],
    }
}

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
    pub screens: Vec<crate::screen::ScreenEntry>,
    /// The migration screens of this route after the choice.
    pub pages: Vec<MigrationPage>,
    pub checklist: Checklist,
}

/// The migration path for `inputs` (the admin's org and app, as `checklist` takes them): all
/// three routes, or only `only`.
pub fn migration_path(
    profile: &Profile,
    inputs: &crate::inputs::SetupInputs,
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
            let possible = setup.take_route(profile, route).is_ok();
            // The plan keeps the admin's app name; in place the app would take the old one's.
            setup.inputs.app_name.clone_from(&inputs.app_name);
            setup.inputs.api_name.clone_from(&inputs.api_name);
            let view = setup.view(profile);
            let pages = view
                .migration
                .map(|m| m.pages.into_iter().skip(3).collect())
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

impl Setup {
    /// Applies one change on a migration screen.
    pub(crate) fn apply_migration(
        &mut self,
        profile: &Profile,
        edit: MigrationEdit,
    ) -> Result<(), UiError> {
        let verified = self.verified_at.is_some();
        let Some(migration) = self.migration.as_mut() else {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                "This setup is a new External Client App, not a move from a connected app.",
                "Start a setup with “I already have a Connected App for this integration”.",
            ));
        };
        match edit {
            MigrationEdit::OldApp { name, local, users } => {
                let name = name.trim().to_owned();
                if name.is_empty() {
                    return Err(UiError::new(
                        ErrorCode::InvalidInput,
                        "Give the connected app's name as OAuth Usage or App Manager shows it.",
                        "Copy it from Setup; if you find no app, look in Login History on the next screen.",
                    ));
                }
                migration.old_app = Some(OldApp {
                    name,
                    local,
                    users,
                    recorded_at: Timestamp::now(),
                });
                self.keep_route_if_offered(profile)?;
            }
            MigrationEdit::SignIns { password_flow } => {
                migration.password_flow = Some(password_flow);
                self.keep_route_if_offered(profile)?;
            }
            MigrationEdit::Route { route } => {
                self.take_route(profile, route)?;
                // A screen of the route left behind (its key screens) is no longer listed.
                if !self.listed(profile, self.current_step) {
                    self.current_step = Screen::Migration(MigrationScreen::ChooseRoute);
                }
            }
            MigrationEdit::KeyBefore { consumer_key } => {
                in_place(migration)?;
                migration.key_before = Some(KeyFingerprint::of(&consumer_key.0)?);
            }
            MigrationEdit::Migrated { done } => {
                in_place(migration)?;
                migration.migrated_at = done.then(Timestamp::now);
            }
            MigrationEdit::KeyAfter { consumer_key } => {
                in_place(migration)?;
                migration.key_after = Some(KeyFingerprint::of(&consumer_key.0)?);
            }
            MigrationEdit::Cleanup { step, done } => {
                if !verified {
                    return Err(UiError::new(
                        ErrorCode::InvalidInput,
                        "The old app's cleanup opens once the new connection has passed its verification.",
                        "Run Connect & verify first; nothing of the old app is to be revoked, blocked or deleted before.",
                    ));
                }
                let cleanup = &mut migration.cleanup;
                let action = match step {
                    CleanupStep::RevokeTokens => {
                        cleanup.tokens_revoked_at = done.then(Timestamp::now);
                        return Ok(());
                    }
                    CleanupStep::BlockOldApp => OldAppAction::Blocked,
                    CleanupStep::DeleteOldApp => OldAppAction::Deleted,
                };
                if done {
                    cleanup.old_app = Some(OldAppEnd {
                        action,
                        at: Timestamp::now(),
                    });
                } else if cleanup
                    .old_app
                    .as_ref()
                    .is_some_and(|end| end.action == action)
                {
                    cleanup.old_app = None;
                }
            }
        }
        Ok(())
    }

    /// Chooses a route Salesforce allows for what was found; the client-credentials route
    /// chooses the profile's client-credentials option, and leaving it drops the option again.
    pub(crate) fn take_route(&mut self, profile: &Profile, route: Route) -> Result<(), UiError> {
        let migration = self.migration.as_ref().expect("checked by the caller");
        if !migration.findings_recorded() {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                "Record what you found first: the connected app, and whether it signs in with a username and password.",
                "Fill in the two screens before this one.",
            ));
        }
        if !migration.offers(profile, route) {
            let why = migration
                .reasons(profile, route)
                .into_iter()
                .next()
                .map_or_else(String::new, |fact| fact.text);
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                format!("“{}” is not possible for this app: {why}", route.label()),
                "Choose one of the routes offered.",
            ));
        }
        self.drop_route_option(profile)?;
        if route == Route::ClientCredentials {
            if let Some(option) = client_credentials_option(profile) {
                if !self.inputs.chose(&option.id) {
                    self.choose(profile, option.id.clone(), true)?;
                    if let Some(migration) = self.migration.as_mut() {
                        migration.route_option = Some(option.id.clone());
                    }
                }
            }
        }
        if route == Route::InPlace {
            self.name_after_old_app();
        }
        if let Some(migration) = self.migration.as_mut() {
            migration.route = Some(route);
        }
        Ok(())
    }

    /// After the findings change: a route they no longer allow is dropped.
    fn keep_route_if_offered(&mut self, profile: &Profile) -> Result<(), UiError> {
        let Some(migration) = self.migration.as_ref() else {
            return Ok(());
        };
        if let Some(route) = migration.route {
            if !migration.offers(profile, route) {
                self.drop_route_option(profile)?;
                if let Some(migration) = self.migration.as_mut() {
                    migration.route = None;
                }
            }
        }
        Ok(())
    }

    fn drop_route_option(&mut self, profile: &Profile) -> Result<(), UiError> {
        let option = self
            .migration
            .as_mut()
            .and_then(|migration| migration.route_option.take());
        match option {
            Some(option) => self.choose(profile, option, false),
            None => Ok(()),
        }
    }

    /// In place, the app under review is the connected app's: its name replaces the guide's
    /// suggestion (a name the admin typed stays).
    fn name_after_old_app(&mut self) {
        let Some(old) = self.migration.as_ref().and_then(|m| m.old_app.as_ref()) else {
            return;
        };
        let name = old.name.clone();
        let inputs = &mut self.inputs;
        let suggested = inputs.app_name.trim().is_empty()
            || crate::profile(&self.profile_id)
                .is_some_and(|profile| inputs.app_name == profile.app_name.value);
        if suggested {
            if inputs.api_name == derive_api_name(&inputs.app_name) {
                inputs.api_name = derive_api_name(&name);
            }
            inputs.app_name = name;
        }
    }
}

fn in_place(migration: &Migration) -> Result<(), UiError> {
    if migration.route == Some(Route::InPlace) {
        Ok(())
    } else {
        Err(UiError::new(
            ErrorCode::InvalidInput,
            "The Consumer Key is recorded and compared only when the connected app is migrated in place.",
            "Choose “Migrate the connected app in place” first, if Salesforce offers it for your app.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY: &str =
        "3MVG9practiceKEYbeforeMIGRATIONabcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRS";

    #[test]
    fn a_fingerprint_keeps_the_masked_key_and_a_digest_but_never_the_key() {
        let fingerprint = KeyFingerprint::of(&format!("  {KEY}\n")).expect("a key");
        assert_eq!(fingerprint.masked, "3MVG…PQRS");
        assert_eq!(fingerprint.sha256.len(), 64);
        let saved = serde_json::to_string(&fingerprint).expect("serializes");
        assert!(!saved.contains(KEY), "{saved}");
        assert!(!saved.contains(&KEY[4..20]), "{saved}");
        assert!(fingerprint.same_key(&KeyFingerprint::of(KEY).expect("a key")));
        assert!(!fingerprint.same_key(&KeyFingerprint::of(&KEY.replace('K', "k")).expect("a key")));
    }

    #[test]
    fn a_key_with_spaces_inside_or_nothing_is_refused() {
        for bad in ["", "   ", "3MVG9 abc"] {
            let err = KeyFingerprint::of(bad).expect_err(bad);
            assert_eq!(err.code, ErrorCode::InvalidInput, "{bad:?}");
        }
    }

    #[test]
    fn a_pasted_key_prints_masked() {
        let printed = format!(
            "{:?}",
            MigrationEdit::KeyBefore {
                consumer_key: PastedKey(KEY.into())
            }
        );
        assert!(!printed.contains(KEY), "{printed}");
        assert!(printed.contains("3MVG…PQRS"), "{printed}");
    }

    #[test]
    fn routes_serialize_as_the_ids_the_cli_takes() {
        for route in Route::ALL {
            assert_eq!(
                serde_json::to_value(route).expect("serializes"),
                route.as_str()
            );
            assert_eq!(route.as_str().parse::<Route>().expect("parses"), route);
        }
    }

    fn found(local: bool, password_flow: bool) -> Migration {
        Migration {
            old_app: Some(OldApp {
                name: "Vonage AI".into(),
                local,
                users: Some(3),
                recorded_at: Timestamp::now(),
            }),
            password_flow: Some(password_flow),
            ..Migration::default()
        }
    }

    fn offered(migration: &Migration, id: &str) -> Vec<Route> {
        let profile = crate::profile(id).expect("profile");
        Route::ALL
            .into_iter()
            .filter(|route| migration.offers(profile, *route))
            .collect()
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
    fn the_retirement_date_cites_salesforces_own_article() {
        let fact = password_flow_ends();
        assert!(fact.text.contains(PASSWORD_FLOW_ENDS) && fact.text.contains("no extension"));
        let source = fact.source.expect("a cited fact");
        assert_eq!(
            source.url,
            "https://help.salesforce.com/s/articleView?id=005461976&type=1"
        );
        assert!(source.title.contains("005461976"), "{}", source.title);
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

    #[test]
    fn the_key_check_follows_the_fingerprints() {
        let mut migration = found(true, false);
        assert_eq!(migration.key_check(), None);
        migration.key_after = Some(KeyFingerprint::of(KEY).expect("key"));
        assert_eq!(migration.key_check(), Some(KeyCheck::NoKeyBefore));
        migration.key_before = Some(KeyFingerprint::of(KEY).expect("key"));
        assert_eq!(migration.key_check(), Some(KeyCheck::Same));
        migration.key_before = Some(KeyFingerprint::of("3MVG9other").expect("key"));
        assert_eq!(migration.key_check(), Some(KeyCheck::Changed));
    }

    #[test]
    fn the_cleanup_is_locked_until_verified() {
        let migration = found(true, false);
        assert_eq!(
            migration.state(MigrationScreen::Cleanup, false),
            ScreenState::Locked
        );
        assert_eq!(
            migration.state(MigrationScreen::Cleanup, true),
            ScreenState::Todo
        );
    }
}
