//! What each migration screen shows, computed from the setup as the checklist is: where it is
//! in Setup, what to do, the facts it rests on and its form (`MigrationPage`); the checklist
//! turned into a review of a migrated app; and what the partner screen says first. The prose
//! lives here; which routes are offered is `routes`, and the facts' sources are `facts`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::facts::{
    advice, fact, key_kept_unconfirmed, no_password_flow_on_eca, password_flow_ends,
    release_update_label, sources, unconfirmed, undo_in_place, Fact,
};
use super::model::{KeyCheck, Migration, OldAppEnd, Route};
use super::routes::{screens, RouteOption};
use crate::checklist::{setup_link, Checklist, FieldValue, PageHeader, MANAGER_PATH};
use crate::domain::{normalize_domain, OrgDomain};
use crate::error::UiError;
use crate::profile::Profile;
use crate::screen::{MigrationScreen, StepId};
use crate::setup::{Setup, Timestamp};

/// Lightning Setup paths under the org's domain (public Setup-link tables; the screens also name
/// the Quick Find words, for when a link does not open the page).
pub const OAUTH_USAGE_PATH: &str = "/lightning/setup/ConnectedAppsUsage/home";
pub const APP_MANAGER_PATH: &str = "/lightning/setup/NavigationMenus/home";
pub const LOGIN_HISTORY_PATH: &str = "/lightning/setup/OrgLoginHistory/home";

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

/// One migration screen: where it is in Setup and what to do (the header a checklist step has
/// too), what it rests on, and what the admin records there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct MigrationPage {
    pub screen: MigrationScreen,
    #[serde(flatten)]
    #[ts(flatten)]
    pub header: PageHeader,
    pub facts: Vec<Fact>,
    pub form: MigrationForm,
}

/// What the admin records on a page, with what is recorded already. Each kind is sent back as
/// the `MigrationEdit` of the same name, but the route and the Migrate click, which have their
/// own commands (`choose_route`, `record_migrated`).
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
        lock: crate::progress::cleanup_lock(setup, profile),
    };
    if migration.route == Some(Route::InPlace) {
        review(checklist);
    }
    Some(MigrationView {
        route: migration.route,
        routes: migration.routes(profile),
        pages: screens(migration.route)
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
    /// Why the cleanup is not open yet, if it is not.
    lock: Option<UiError>,
}

impl Pages<'_> {
    fn link(&self, path: &str) -> Option<String> {
        setup_link(self.org, path)
    }

    /// Where Connected Apps OAuth Usage is: the find page and the cleanup page both start there.
    fn at_oauth_usage(&self, header: &mut PageHeader) {
        header.breadcrumb = [
            "Setup",
            "Apps",
            "Connected Apps",
            "Connected Apps OAuth Usage",
        ]
        .map(String::from)
        .to_vec();
        header.link = self.link(OAUTH_USAGE_PATH);
        header.quick_find = "OAuth, then Connected Apps OAuth Usage".into();
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
            header: PageHeader {
                title: screen.title().to_owned(),
                ..PageHeader::default()
            },
            facts: Vec::new(),
            form: self.form(screen),
        };
        let crumbs = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let migration = self.migration;
        let partner = &self.profile.name;
        match screen {
            MigrationScreen::FindOldApp => {
                self.at_oauth_usage(&mut page.header);
                page.header.instructions = vec![
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
                page.header.breadcrumb = crumbs(&["Setup", "Identity", "Login History"]);
                page.header.link = self.link(LOGIN_HISTORY_PATH);
                page.header.quick_find = "Login History".into();
                page.header.instructions = vec![
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
                page.header.instructions = vec![
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
                page.header.breadcrumb = crumbs(&[
                    "Setup",
                    "Apps",
                    "App Manager",
                    &self.old_name(),
                    "View",
                    "Manage Consumer Details",
                ]);
                page.header.link = self.link(APP_MANAGER_PATH);
                page.header.quick_find = "App Manager".into();
                page.header.instructions = vec![
                    format!("In App Manager, open the menu at the end of {}'s row and click View.", self.old_name()),
                    "Click Manage Consumer Details and verify your identity with the code Salesforce sends.".into(),
                    "Copy the Consumer Key and paste it below. This app keeps only its first and last four characters and a fingerprint to compare with, never the key.".into(),
                ];
                page.facts = vec![key_kept_unconfirmed()];
                page.header.warnings.push("Record the key before you click Migrate: afterwards the old key can no longer be read from the read-only connected app, and the comparison cannot be made.".into());
            }
            MigrationScreen::Migrate => {
                page.header.breadcrumb =
                    crumbs(&["Setup", "Apps", "App Manager", &self.old_name()]);
                page.header.link = self.link(APP_MANAGER_PATH);
                page.header.quick_find = "App Manager".into();
                page.facts = vec![
                    undo_in_place(),
                    fact("You need the permission “Create, edit, and delete External Client Apps”, and Lightning Experience.", sources::MIGRATE),
                    fact("After the migration the connected app stays as a read-only version in App Manager; every change is made on the new External Client App.", sources::MIGRATE),
                    fact("After migration the connected app no longer shows up in Notification Delivery Settings or the Briefcase connected app assignment.", sources::MIGRATE),
                    no_password_flow_on_eca(),
                ];
                page.header.instructions = vec![
                    format!("In App Manager, open {} by clicking its name.", self.old_name()),
                    "Click Migrate to External Client App (Salesforce shows the button only for an app that is eligible).".into(),
                    "Confirm that the app is local and that it does not use the username-password flow, then click Migrate.".into(),
                    "A window opens with a link to the new External Client App: open it, then mark this step done.".into(),
                ];
                if migration.key_before.is_none() {
                    page.header.warnings.push("No Consumer Key is recorded yet: record it on the previous screen first, or the key cannot be compared afterwards.".into());
                }
            }
            MigrationScreen::CompareKey => {
                page.header.breadcrumb = crumbs(&[
                    "Setup",
                    "Apps",
                    "External Client Apps",
                    "External Client App Manager",
                    &self.old_name(),
                    "Settings",
                    "OAuth Settings",
                ]);
                page.header.link = self.link(MANAGER_PATH);
                page.header.quick_find = "External Client App Manager".into();
                page.header.instructions = vec![
                    "In the External Client App Manager, open the app the migration created and its Settings tab.".into(),
                    "Under OAuth Settings, click Consumer Key and Secret and verify your identity.".into(),
                    "Paste the Consumer Key below: this app compares it with the key recorded before the migration.".into(),
                ];
                page.facts = vec![key_kept_unconfirmed()];
                match migration.key_check() {
                    Some(check @ KeyCheck::Same) => page.facts.push(advice(check.sentence())),
                    Some(check) => page.header.warnings.push(check.sentence().into()),
                    None => {}
                }
            }
            MigrationScreen::Cleanup => {
                self.at_oauth_usage(&mut page.header);
                if let Some(lock) = &self.lock {
                    page.header
                        .warnings
                        .push(format!("{} {}", lock.message, lock.hint));
                }
                if migration.route == Some(Route::InPlace) {
                    page.facts.push(undo_in_place());
                    page.header.instructions.push(
                        "Before anything else, know the undo: deleting the new External Client App brings the connected app back. Do not delete the new app unless you mean to go back.".into(),
                    );
                } else {
                    page.header.instructions.push(format!(
                        "Before anything else, know the undo: until you block or delete {}, the partner can still be switched back to it; once it is deleted it cannot be created again.",
                        self.old_name()
                    ));
                }
                page.header.instructions.extend([
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
                unlocked: self.lock.is_none(),
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
            StepId::WaitForPropagation
            | StepId::ConsumerKeySecret
            | StepId::IntegrationUser
            | StepId::AdminPermissions => continue,
        };
        step.header.instructions = instructions;
        step.header.title = format!("Check: {}", step.header.title);
        step.click = None;
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
            None => vec![advice(format!("Compare the Consumer Key first ({}): only a match means the partner needs no change.", MigrationScreen::CompareKey.title()))],
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
