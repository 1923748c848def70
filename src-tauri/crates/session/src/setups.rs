//! Setups: the home screen, starting one (a practice one with its org), opening it in the
//! wizard or only reading it, editing, marking steps, listing and deleting.

use eca_core::domain::is_practice_domain;
use eca_core::inputs::SetupInputs;
use eca_core::profile::Profile;
use eca_core::setup::{Setup, SetupEdit, SetupView};
use eca_core::store::Listing;
use eca_core::wizard::{find_profile, Home, Resume};
use eca_core::UiError;
use eca_report::{forget_org_check, forget_verification};

use crate::{practice, Desk};

impl Desk {
    /// The home screen; a practice setup it resumes gets its practice org back.
    pub async fn home(&self) -> Result<Home, UiError> {
        let mut home = self.wizard.home()?;
        if let Some(view) = home.resume.take() {
            home.resume = Some(self.with_practice_org(view).await?);
        }
        Ok(home)
    }

    /// Opens a setup in the wizard, which then resumes to it.
    pub async fn open(&self, id: &str) -> Result<SetupView, UiError> {
        let view = self.wizard.open(id)?;
        self.with_practice_org(view).await
    }

    /// Closes the open setup: the app then starts at the home screen.
    pub fn close(&self) -> Result<(), UiError> {
        self.wizard.close()
    }

    /// A setup as it is saved, for a report, an export or the command line; the app still
    /// resumes to whatever it resumed to.
    pub fn read(&self, id: &str) -> Result<SetupView, UiError> {
        self.wizard.read(id)
    }

    pub fn list(&self) -> Result<Listing, UiError> {
        self.wizard.list()
    }

    /// A new setup in the wizard, with the guide's suggested values.
    pub fn create(&self, profile_id: &str) -> Result<SetupView, UiError> {
        let view = self.wizard.create(profile_id, false)?;
        self.journal
            .info("setup.created", &[("setup", &view.setup.id)]);
        Ok(view)
    }

    /// A new setup with the inputs already chosen (the command line's `setup new`), saved once;
    /// the app does not resume to it. A loopback domain makes it a practice setup.
    pub fn create_with(&self, profile_id: &str, inputs: SetupInputs) -> Result<SetupView, UiError> {
        let profile = find_profile(profile_id)?;
        let practice = is_practice_domain(&inputs.domain);
        let mut setup = Setup::new(profile, practice);
        setup.inputs = inputs;
        let view = self.wizard.insert(setup, Resume::Unchanged)?;
        self.journal
            .info("setup.created", &[("setup", &view.setup.id)]);
        Ok(view)
    }

    /// A setup against a practice org started for it, with every input filled in: built in
    /// memory, its org started, then saved once.
    pub async fn start_practice(&self, profile_id: &str) -> Result<SetupView, UiError> {
        let profile = find_profile(profile_id)?;
        self.start_practice_setup(profile, Setup::new(profile, true))
            .await
    }

    /// Fills a practice setup's inputs, starts its org, points the domain at it and saves it.
    pub(crate) async fn start_practice_setup(
        &self,
        profile: &Profile,
        mut setup: Setup,
    ) -> Result<SetupView, UiError> {
        for (field, value) in eca_practice::sample_inputs(profile) {
            setup.apply(profile, SetupEdit::Input { field, value })?;
        }
        let host = self.practice.ensure(&setup, profile).await?;
        setup.apply(
            profile,
            SetupEdit::Input {
                field: "domain".into(),
                value: host.clone(),
            },
        )?;
        let view = self.wizard.insert(setup, Resume::This)?;
        self.journal.info(
            "practice.started",
            &[("setup", &view.setup.id), ("org", &host)],
        );
        Ok(view)
    }

    /// One change to a setup; marking a step is logged, as it tells how far the admin got, and
    /// so is a migration's (see `edit_migration`).
    ///
    /// A migration's route and its Migrate click are not edits: a practice org must follow
    /// them, so only `choose_route` and `record_migrated` make them. `SetupEdit::Migration`
    /// carries what a form records (`MigrationEdit`), which has no such change; this does not
    /// compile:
    ///
    /// ```compile_fail,E0599
    /// use eca_core::migration::{MigrationEdit, Route};
    /// let _ = eca_session::SetupEdit::Migration {
    ///     edit: MigrationEdit::Route { route: Route::InPlace },
    /// };
    /// ```
    ///
    /// while a form's change does:
    ///
    /// ```
    /// use eca_core::migration::MigrationEdit;
    /// let _ = eca_session::SetupEdit::Migration {
    ///     edit: MigrationEdit::SignIns { password_flow: true },
    /// };
    /// ```
    pub fn edit(&self, setup_id: &str, edit: SetupEdit) -> Result<SetupView, UiError> {
        match edit {
            SetupEdit::Mark { step, done } => {
                self.journal.info(
                    "step.marked",
                    &[("setup", &setup_id), ("step", &step), ("done", &done)],
                );
                self.wizard.edit(setup_id, SetupEdit::Mark { step, done })
            }
            SetupEdit::Migration { edit } => self.edit_migration(setup_id, edit),
            edit => self.wizard.edit(setup_id, edit),
        }
    }

    /// Deletes the setup, its last verification and its last check in Salesforce; its
    /// connection stays in the keychain.
    pub fn delete_setup(&self, setup_id: &str) -> Result<(), UiError> {
        self.wizard.delete(setup_id)?;
        forget_verification(&self.data_dir, setup_id);
        forget_org_check(&self.data_dir, setup_id);
        self.journal.info("setup.deleted", &[("setup", &setup_id)]);
        Ok(())
    }

    /// A practice setup needs its org running, and its domain pointing at it.
    pub(crate) async fn with_practice_org(&self, view: SetupView) -> Result<SetupView, UiError> {
        if !view.setup.practice {
            return Ok(view);
        }
        let profile = find_profile(&view.setup.profile_id)?;
        let host = self.practice.ensure(&view.setup, profile).await?;
        if view.checklist.org.as_ref().map(|org| &org.host) == Some(&host) {
            return Ok(view);
        }
        self.wizard.edit(
            &view.setup.id,
            SetupEdit::Input {
                field: "domain".into(),
                value: host,
            },
        )
    }

    /// The practice org's key and secret, to fill the credentials form of a practice setup.
    pub async fn practice_credentials(
        &self,
        setup_id: &str,
    ) -> Result<practice::PracticeCredentials, UiError> {
        self.practice.credentials(setup_id).await
    }
}
