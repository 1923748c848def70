//! One running ECA Setup Assistant: the saved setups, a practice org per practice setup, the
//! credentials in the keychain, and verification runs. The desktop app's commands are one-line
//! calls into `Desk`; it knows nothing of Tauri, so it is tested without a window.

mod practice;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use eca_core::journal::Journal;
use eca_core::partner::CredentialPart;
use eca_core::secret::Secret;
use eca_core::setup::Timestamp;
use eca_core::setup::{SetupEdit, SetupView};
use eca_core::store::SetupStore;
use eca_core::wizard::{find_profile, Home, Wizard};
use eca_core::{ErrorCode, UiError};
use eca_report::{
    export_metadata, forget_verification, load_verification, save_verification, Format, Report,
};
use eca_vault::{
    check_credentials, Connection, ConnectionList, Keychain, NewConnection, PasteReport, Stage,
    Vault,
};
use eca_verify::{FlowChoice, Progress, RecentChange, Verification, VerifyRequest};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

pub use practice::PracticeCredentials;

/// What the paste checks say about a key and secret, with the key as it will be saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PasteCheck {
    pub report: PasteReport,
    pub consumer_key: String,
}

pub struct Desk {
    wizard: Wizard,
    vault: Vault,
    practice: practice::PracticeOrgs,
    /// Cancels the verification that is running, if any.
    running: Mutex<Option<CancellationToken>>,
    /// Holds `setups/`, `connections.json` and each setup's last verification.
    data_dir: PathBuf,
    journal: Journal,
}

/// A rendered report and the file name to suggest for it.
pub struct ReportFile {
    pub bytes: Vec<u8>,
    pub file_name: String,
}

impl Desk {
    /// `data_dir` holds `setups/` and `connections.json`; secrets go to `keychain`; what
    /// happens, and every error the admin sees, goes to `journal`.
    pub fn new(data_dir: &Path, keychain: Keychain, journal: Journal) -> Desk {
        Desk {
            wizard: Wizard::new(SetupStore::new(data_dir.join("setups"))),
            vault: Vault::new(data_dir, keychain),
            practice: practice::PracticeOrgs::default(),
            running: Mutex::new(None),
            data_dir: data_dir.to_owned(),
            journal,
        }
    }

    pub fn journal(&self) -> &Journal {
        &self.journal
    }

    /// Writes an error the admin is about to see into the log, with what was being done.
    pub fn logged<T>(&self, doing: &str, result: Result<T, UiError>) -> Result<T, UiError> {
        if let Err(err) = &result {
            self.journal.warn(
                doing,
                &[
                    ("code", &format!("{:?}", err.code)),
                    ("message", &err.message),
                ],
            );
        }
        result
    }

    pub fn wizard(&self) -> &Wizard {
        &self.wizard
    }

    /// The home screen; a practice setup it resumes gets its practice org back.
    pub async fn home(&self) -> Result<Home, UiError> {
        let mut home = self.wizard.home()?;
        if let Some(view) = home.resume.take() {
            home.resume = Some(self.with_practice_org(view).await?);
        }
        Ok(home)
    }

    pub async fn open(&self, id: &str) -> Result<SetupView, UiError> {
        let view = self.wizard.open(id)?;
        self.with_practice_org(view).await
    }

    /// A setup against a practice org started for it, with every input filled in.
    pub async fn start_practice(&self, profile_id: &str) -> Result<SetupView, UiError> {
        let view = self.wizard.create(profile_id, true)?;
        let profile = find_profile(profile_id)?;
        for (field, value) in practice::sample_inputs(profile) {
            self.wizard
                .edit(&view.setup.id, SetupEdit::Input { field, value })?;
        }
        let view = self.open(&view.setup.id).await?;
        let host = view.checklist.org.as_ref().map(|org| org.host.as_str());
        self.journal.info(
            "practice.started",
            &[("setup", &view.setup.id), ("org", &host.unwrap_or("?"))],
        );
        Ok(view)
    }

    pub fn create(&self, profile_id: &str) -> Result<SetupView, UiError> {
        let view = self.wizard.create(profile_id, false)?;
        self.journal
            .info("setup.created", &[("setup", &view.setup.id)]);
        Ok(view)
    }

    /// One change to a setup; marking a step is logged, as it tells how far the admin got.
    pub fn edit(&self, setup_id: &str, edit: SetupEdit) -> Result<SetupView, UiError> {
        if let SetupEdit::Mark { step, done } = &edit {
            self.journal.info(
                "step.marked",
                &[("setup", &setup_id), ("step", step), ("done", done)],
            );
        }
        self.wizard.edit(setup_id, edit)
    }

    /// The practice org's key and secret, to fill the credentials form of a practice setup.
    pub async fn practice_credentials(
        &self,
        setup_id: &str,
    ) -> Result<PracticeCredentials, UiError> {
        self.practice.credentials(setup_id).await
    }

    pub fn check_paste(&self, consumer_key: &str, consumer_secret: Secret) -> PasteCheck {
        let checked = check_credentials(consumer_key, &consumer_secret, Stage::Paste);
        PasteCheck {
            report: checked.report,
            consumer_key: checked.consumer_key,
        }
    }

    /// Saves the key and secret in the keychain under `name` and ties the setup to it.
    pub async fn save_credentials(
        &self,
        setup_id: &str,
        name: &str,
        consumer_key: &str,
        consumer_secret: Secret,
    ) -> Result<SetupView, UiError> {
        let view = self.wizard.open(setup_id)?;
        let setup = &view.setup;
        let new = NewConnection {
            name: name.to_owned(),
            profile_id: setup.profile_id.clone(),
            setup_id: Some(setup.id.clone()),
            org_host: view
                .checklist
                .org
                .as_ref()
                .map(|org| org.host.clone())
                .unwrap_or_default(),
            practice: setup.practice,
        };
        // Saving the same setup again replaces its earlier connection.
        if let Some(old) = &setup.connection {
            if old.eq_ignore_ascii_case(name) {
                self.vault.remove(old).await?;
            }
        }
        let connection = self.vault.add(new, consumer_key, &consumer_secret).await?;
        self.journal.info(
            "credentials.saved",
            &[
                ("setup", &setup_id),
                ("connection", &connection.name),
                ("key", &connection.consumer_key_masked),
            ],
        );
        self.wizard.edit(
            setup_id,
            SetupEdit::UseConnection {
                name: Some(connection.name),
            },
        )
    }

    pub async fn connections(&self) -> Result<ConnectionList, UiError> {
        Ok(self.vault.list().await?)
    }

    pub async fn rename_connection(
        &self,
        name: &str,
        new_name: &str,
    ) -> Result<Connection, UiError> {
        let renamed = self.vault.rename(name, new_name).await?;
        if let Some(setup_id) = &renamed.setup_id {
            let edit = SetupEdit::UseConnection {
                name: Some(renamed.name.clone()),
            };
            // The setup may have been deleted since; the connection stands on its own.
            let _ = self.wizard.edit(setup_id, edit);
        }
        Ok(renamed)
    }

    pub async fn replace_secret(&self, name: &str, secret: Secret) -> Result<Connection, UiError> {
        Ok(self.vault.replace_secret(name, &secret).await?)
    }

    pub async fn remove_connection(&self, name: &str) -> Result<(), UiError> {
        let removed = self.vault.remove(name).await?;
        if let Some(setup_id) = &removed.setup_id {
            let _ = self
                .wizard
                .edit(setup_id, SetupEdit::UseConnection { name: None });
        }
        Ok(())
    }

    /// Runs the verification of a connection against its setup's org, keeping the refresh
    /// token it obtained in the keychain. `progress` hears each step as it happens.
    pub async fn verify(
        &self,
        connection: &str,
        flow: Option<FlowChoice>,
        soql: Option<String>,
        progress: &(dyn Fn(Progress) + Send + Sync),
    ) -> Result<Verification, UiError> {
        let saved = self.vault.get(connection).await?;
        let setup_id = saved.setup_id.clone().ok_or_else(|| {
            UiError::new(
                ErrorCode::SetupNotFound,
                format!("The connection {} does not belong to a setup.", saved.name),
                "Verify it from the command line with `eca-setup-cli verify --connection`.",
            )
        })?;
        let view = self.open(&setup_id).await?;
        let profile = find_profile(&view.setup.profile_id)?;
        let credentials = self.vault.credentials(&saved.name).await?;
        let mut request = VerifyRequest::new(
            profile.clone(),
            view.setup.inputs.clone(),
            credentials.consumer_key,
            credentials.consumer_secret,
        );
        if let Some(flow) = flow {
            request.flow = flow;
        }
        request.soql = soql;
        request.recent_changes = Some(RecentChange::from_done(
            &view.checklist,
            &view.setup.done,
            Timestamp::now(),
        ));
        let cancel = CancellationToken::new();
        *lock(&self.running) = Some(cancel.clone());
        let flow = format!("{:?}", request.flow);
        self.journal.info(
            "verify.started",
            &[("connection", &saved.name), ("flow", &flow)],
        );
        let opener = |url: &str| eca_core::links::open_in_browser(url);
        let verification = eca_verify::verify(request, &opener, progress, cancel).await;
        lock(&self.running).take();
        self.log_verification(&saved.name, &verification);
        if let Some(token) = &verification.refresh_token {
            self.vault.store_refresh_token(&saved.name, token).await?;
        }
        if verification.passed {
            self.vault.mark_verified(&saved.name).await?;
        }
        save_verification(&self.data_dir, &setup_id, &verification)?;
        if verification.passed {
            self.wizard.record_verified(&setup_id, &saved.name)?;
        }
        Ok(verification)
    }

    /// The setup's report: its steps, when each was done, its last verification and the
    /// connection's key, masked. Nothing secret is read to make it.
    pub async fn report(&self, setup_id: &str, format: Format) -> Result<ReportFile, UiError> {
        let view = self.wizard.open(setup_id)?;
        let profile = find_profile(&view.setup.profile_id)?;
        let masked_key = match &view.setup.connection {
            Some(name) => Some(self.vault.get(name).await?.consumer_key_masked),
            None => None,
        };
        // Masking a masked key leaves it as it is, so the key itself is never needed here.
        let mut report = Report::new(
            &view.setup,
            profile,
            None,
            masked_key.as_deref(),
            Timestamp::now(),
        );
        report.verification = load_verification(&self.data_dir, setup_id);
        let bytes = report.render(format).map_err(|err| {
            UiError::new(
                ErrorCode::Unexpected,
                format!(
                    "The report could not be written as {} ({err}).",
                    format.extension()
                ),
                "Try another format; the PDF needs nothing installed.",
            )
        })?;
        let file_name = format!(
            "{}-setup-report.{}",
            view.setup.inputs.api_name,
            format.extension()
        );
        Ok(ReportFile { bytes, file_name })
    }

    /// Deletes the setup and its last verification; its connection stays in the keychain.
    pub fn delete_setup(&self, setup_id: &str) -> Result<(), UiError> {
        self.wizard.delete(setup_id)?;
        forget_verification(&self.data_dir, setup_id);
        self.journal.info("setup.deleted", &[("setup", &setup_id)]);
        Ok(())
    }

    /// Each check on a line of its own, then the outcome: what support asks for first.
    fn log_verification(&self, connection: &str, verification: &Verification) {
        for check in &verification.checks {
            let code = check.diagnosis.as_ref().map(|d| format!("{:?}", d.code));
            self.journal.info(
                "verify.check",
                &[
                    ("check", &format!("{:?}", check.id)),
                    ("status", &format!("{:?}", check.status)),
                    ("detail", &check.detail),
                    ("diagnosis", &code.unwrap_or_default()),
                ],
            );
        }
        self.journal.info(
            "verify.finished",
            &[
                ("connection", &connection),
                ("host", &verification.host),
                ("passed", &verification.passed),
            ],
        );
    }

    /// Writes the setup's ECA as a Salesforce DX folder named after its API Name inside
    /// `parent`, and returns that folder.
    pub fn export_metadata(&self, setup_id: &str, parent: &Path) -> Result<PathBuf, UiError> {
        let view = self.wizard.open(setup_id)?;
        let profile = find_profile(&view.setup.profile_id)?;
        let dir = parent.join(format!("{}-metadata", view.setup.inputs.api_name.trim()));
        export_metadata(profile, &view.setup.inputs, &dir)?;
        Ok(dir)
    }

    /// The connection's Consumer Key or Secret, for the partner's form. Only the clipboard
    /// reads it; it is never sent to the webview.
    pub async fn credential(
        &self,
        connection: &str,
        part: CredentialPart,
    ) -> Result<Secret, UiError> {
        let credentials = self.vault.credentials(connection).await?;
        Ok(match part {
            CredentialPart::ConsumerKey => Secret::new(credentials.consumer_key),
            CredentialPart::ConsumerSecret => credentials.consumer_secret,
        })
    }

    /// Stops the running verification, if there is one; it then reports itself cancelled.
    pub fn cancel_verify(&self) {
        if let Some(cancel) = lock(&self.running).as_ref() {
            cancel.cancel();
        }
    }

    /// A practice setup needs its org running, and its domain pointing at it.
    async fn with_practice_org(&self, view: SetupView) -> Result<SetupView, UiError> {
        if !view.setup.practice {
            return Ok(view);
        }
        let profile = find_profile(&view.setup.profile_id)?;
        let host = self
            .practice
            .ensure(&view.setup.id, profile, &view.setup.inputs)
            .await?;
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
}

/// Nothing these locks guard can be left half-changed by a panic, so a poisoned one is usable.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
