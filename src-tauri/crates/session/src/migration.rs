//! Moving an integration from its connected app: starting such a setup (a practice one with a
//! connected app in its practice org), recording what the admin found, choosing the route, the
//! Consumer Key before and after an in-place migration, the Migrate click (which a practice org
//! plays too) and the cleanup. Every rule is the core's (`eca_core::migration`); a key pasted
//! here is turned into its fingerprint by the core and never saved or logged.

use eca_core::migration::{
    CleanupStep, MigrationDecision, MigrationEdit, PastedKey, Rehearsal, Route,
};
use eca_core::setup::{Setup, SetupEdit, SetupView};
use eca_core::wizard::{find_profile, Resume};
use eca_core::UiError;

use crate::Desk;

impl Desk {
    /// A new setup that moves the integration from its connected app; the app resumes to it.
    pub fn start_migration(&self, profile_id: &str) -> Result<SetupView, UiError> {
        let profile = find_profile(profile_id)?;
        let view = self
            .wizard
            .insert(Setup::new_migration(profile, false), Resume::This)?;
        self.journal
            .info("migration.started", &[("setup", &view.setup.id)]);
        Ok(view)
    }

    /// A practice migration: its practice org starts with a connected app as `rehearsal`
    /// describes it (local or not, with the username-password flow or not, the key kept by an
    /// in-place migration or not). What the admin finds is theirs to record, from the practice
    /// org's Setup pages.
    pub async fn start_practice_migration(
        &self,
        profile_id: &str,
        rehearsal: Rehearsal,
    ) -> Result<SetupView, UiError> {
        let profile = find_profile(profile_id)?;
        let mut setup = Setup::new_migration(profile, true);
        if let Some(migration) = setup.migration.as_mut() {
            migration.rehearsal = Some(rehearsal);
        }
        let view = self.start_practice_setup(profile, setup).await?;
        self.journal.info(
            "migration.started",
            &[
                ("setup", &view.setup.id),
                ("local", &rehearsal.local),
                ("password_flow", &rehearsal.password_flow),
                ("key_kept", &rehearsal.key_kept),
            ],
        );
        Ok(view)
    }

    /// What a migration screen's form recorded, logged by its kind (never with a key). The
    /// route and the Migrate click are not such edits: `choose_route` and `record_migrated`.
    pub fn edit_migration(
        &self,
        setup_id: &str,
        edit: MigrationEdit,
    ) -> Result<SetupView, UiError> {
        let kind = match &edit {
            MigrationEdit::OldApp { .. } => "old_app",
            MigrationEdit::SignIns { .. } => "sign_ins",
            MigrationEdit::KeyBefore { .. } => "key_before",
            MigrationEdit::KeyAfter { .. } => "key_after",
            MigrationEdit::Cleanup { .. } => "cleanup",
        };
        let view = self.wizard.edit(setup_id, SetupEdit::Migration { edit })?;
        self.journal
            .info("migration.edited", &[("setup", &setup_id), ("what", &kind)]);
        Ok(view)
    }

    /// Saves a route or the Migrate click, logged as an edit is; only `choose_route` and
    /// `record_migrated` call this, after or before what the practice org must do for it.
    fn decide_migration(
        &self,
        setup_id: &str,
        decision: MigrationDecision,
    ) -> Result<SetupView, UiError> {
        let kind = match decision {
            MigrationDecision::Route { .. } => "route",
            MigrationDecision::Migrated { .. } => "migrated",
        };
        let view = self.wizard.decide(setup_id, decision)?;
        self.journal
            .info("migration.edited", &[("setup", &setup_id), ("what", &kind)]);
        Ok(view)
    }

    /// What Connected Apps OAuth Usage and App Manager show for the old app.
    pub fn record_old_app(
        &self,
        setup_id: &str,
        name: &str,
        local: bool,
        users: Option<u32>,
    ) -> Result<SetupView, UiError> {
        self.edit_migration(
            setup_id,
            MigrationEdit::OldApp {
                name: name.to_owned(),
                local,
                users,
            },
        )
    }

    /// What Login History shows: whether the integration signs in with a username and password.
    pub fn record_sign_ins(
        &self,
        setup_id: &str,
        password_flow: bool,
    ) -> Result<SetupView, UiError> {
        self.edit_migration(setup_id, MigrationEdit::SignIns { password_flow })
    }

    /// Chooses a route the findings allow (the client-credentials route also chooses the
    /// integration's client-credentials option). A practice org whose app that changes is
    /// started again with it, on a new port with a new key and secret, as the admin would
    /// create the new app with those settings.
    pub async fn choose_route(&self, setup_id: &str, route: Route) -> Result<SetupView, UiError> {
        let before = self.read(setup_id)?;
        let view = self.decide_migration(setup_id, MigrationDecision::Route { route })?;
        if view.setup.practice && view.setup.inputs.options != before.setup.inputs.options {
            self.practice.stop(setup_id).await;
            return self.with_practice_org(view).await;
        }
        Ok(view)
    }

    /// The connected app's Consumer Key before Migrate; only its masked form and digest are kept.
    pub fn record_key_before(
        &self,
        setup_id: &str,
        consumer_key: &str,
    ) -> Result<SetupView, UiError> {
        self.edit_migration(
            setup_id,
            MigrationEdit::KeyBefore {
                consumer_key: PastedKey(consumer_key.to_owned()),
            },
        )
    }

    /// The Migrate click, done or undone. In a practice setup the practice org migrates its
    /// connected app too, as its App Manager's button does; refused there when its app is not
    /// eligible.
    pub async fn record_migrated(&self, setup_id: &str, done: bool) -> Result<SetupView, UiError> {
        let view = self.read(setup_id)?;
        if done && view.setup.practice {
            let view = self.with_practice_org(view).await?;
            self.practice.migrate(&view.setup.id).await?;
        }
        self.decide_migration(setup_id, MigrationDecision::Migrated { done })
    }

    /// The new External Client App's Consumer Key, compared with the one recorded before: the
    /// view's `migration.key_check` says whether the partner needs the new key.
    pub fn compare_key_after(
        &self,
        setup_id: &str,
        consumer_key: &str,
    ) -> Result<SetupView, UiError> {
        self.edit_migration(
            setup_id,
            MigrationEdit::KeyAfter {
                consumer_key: PastedKey(consumer_key.to_owned()),
            },
        )
    }

    /// Marks one part of the old app's cleanup; refused until the new connection has passed.
    pub fn mark_cleanup(
        &self,
        setup_id: &str,
        step: CleanupStep,
        done: bool,
    ) -> Result<SetupView, UiError> {
        self.edit_migration(setup_id, MigrationEdit::Cleanup { step, done })
    }
}
