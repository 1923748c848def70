//! Applying a migration's changes to a setup: what a form records (`MigrationEdit`) and the
//! decisions with their own use cases (`MigrationDecision`), each checked against the rules of
//! `routes`. A route that the findings no longer allow is dropped, and the client-credentials
//! route chooses (and leaving it drops) the profile's client-credentials option.

use super::model::{
    CleanupStep, KeyFingerprint, Migration, MigrationDecision, MigrationEdit, OldApp, OldAppAction,
    OldAppEnd, Route,
};
use super::routes::client_credentials_option;
use crate::error::{ErrorCode, UiError};
use crate::inputs::derive_api_name;
use crate::profile::Profile;
use crate::screen::{MigrationScreen, Screen};
use crate::setup::{Setup, Timestamp};

impl Setup {
    /// Applies what a migration screen's form recorded (`SetupEdit::Migration`).
    pub(crate) fn apply_migration(
        &mut self,
        profile: &Profile,
        edit: MigrationEdit,
    ) -> Result<(), UiError> {
        let lock = crate::progress::cleanup_lock(self, profile);
        let migration = moving(&mut self.migration)?;
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
            MigrationEdit::KeyBefore { consumer_key } => {
                in_place(migration)?;
                migration.key_before = Some(KeyFingerprint::of(&consumer_key.0)?);
            }
            MigrationEdit::KeyAfter { consumer_key } => {
                in_place(migration)?;
                migration.key_after = Some(KeyFingerprint::of(&consumer_key.0)?);
            }
            MigrationEdit::Cleanup { step, done } => {
                if let Some(lock) = lock {
                    return Err(lock);
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

    /// Applies a change that has its own use case: the route (which a practice org's app must
    /// follow) or the Migrate click (which a practice org plays). Only those use cases call this.
    pub fn decide(
        &mut self,
        profile: &Profile,
        decision: MigrationDecision,
    ) -> Result<(), UiError> {
        let migration = moving(&mut self.migration)?;
        match decision {
            MigrationDecision::Route { route } => {
                self.take_route(profile, route)?;
                // A screen of the route left behind (its key screens) is no longer listed.
                if !self.listed(profile, self.current_step) {
                    self.current_step = Screen::Migration(MigrationScreen::ChooseRoute);
                }
            }
            MigrationDecision::Migrated { done } => {
                in_place(migration)?;
                migration.migrated_at = done.then(Timestamp::now);
            }
        }
        Ok(())
    }

    /// Chooses a route Salesforce allows for what was found; the client-credentials route
    /// chooses the profile's client-credentials option, and leaving it drops the option again.
    fn take_route(&mut self, profile: &Profile, route: Route) -> Result<(), UiError> {
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

/// The migration of a setup that is one.
fn moving(migration: &mut Option<Migration>) -> Result<&mut Migration, UiError> {
    migration.as_mut().ok_or_else(|| {
        UiError::new(
            ErrorCode::InvalidInput,
            "This setup is a new External Client App, not a move from a connected app.",
            "Start a setup with “I already have a connected app for this integration”.",
        )
    })
}
