//! What a setup gives away: its report (with its last verification, its last check in
//! Salesforce and the connection's key masked; nothing secret is read to make it) and its
//! External Client App as a Salesforce DX folder. Both read the setup without changing what the app resumes to.

use std::path::{Path, PathBuf};

use eca_core::setup::{SetupView, Timestamp};
use eca_core::wizard::find_profile;
use eca_core::{ErrorCode, UiError};
use eca_report::{
    export_metadata, load_org_check, load_verification, write_report, Dates, Format, Report,
};

use crate::Desk;

impl Desk {
    /// The setup's report: its steps, when each was done, its last verification and the
    /// connection's key, masked; its times written as `dates` says.
    pub async fn report(
        &self,
        setup_id: &str,
        format: Format,
        dates: &Dates,
    ) -> Result<Vec<u8>, UiError> {
        let view = self.read(setup_id)?;
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
        report.org_check = load_org_check(&self.data_dir, setup_id);
        report.dates = dates.clone();
        report.render(format).map_err(|err| {
            UiError::new(
                ErrorCode::Unexpected,
                format!(
                    "The report could not be written as {} ({err}).",
                    format.extension()
                ),
                "Try another format; the PDF needs nothing installed.",
            )
        })
    }

    /// The file name to suggest for the setup's report.
    pub fn report_name(&self, setup_id: &str, format: Format) -> Result<String, UiError> {
        Ok(report_name(
            &self.read(setup_id)?.setup.inputs.api_name,
            format,
        ))
    }

    /// Renders the report and writes it to `path`; an existing file is replaced only with
    /// `overwrite`.
    pub async fn save_report(
        &self,
        setup_id: &str,
        format: Format,
        dates: &Dates,
        path: &Path,
        overwrite: bool,
    ) -> Result<(), UiError> {
        let bytes = self.report(setup_id, format, dates).await?;
        write_report(path, &bytes, overwrite)?;
        let bytes = bytes.len();
        let format = format.extension();
        self.journal.info(
            "report.saved",
            &[("setup", &setup_id), ("format", &format), ("bytes", &bytes)],
        );
        Ok(())
    }

    /// Writes the setup's ECA as a Salesforce DX folder named after its API Name inside
    /// `parent`, and returns that folder.
    pub fn export_metadata(&self, setup_id: &str, parent: &Path) -> Result<PathBuf, UiError> {
        let view = self.read(setup_id)?;
        let dir = parent.join(format!("{}-metadata", view.setup.inputs.api_name.trim()));
        self.export(&view, &dir)?;
        Ok(dir)
    }

    /// Writes the setup's ECA as a Salesforce DX folder into `dir` (new or empty) and returns
    /// the files written, relative to it.
    pub fn export_metadata_into(
        &self,
        setup_id: &str,
        dir: &Path,
    ) -> Result<Vec<PathBuf>, UiError> {
        self.export(&self.read(setup_id)?, dir)
    }

    fn export(&self, view: &SetupView, dir: &Path) -> Result<Vec<PathBuf>, UiError> {
        let profile = find_profile(&view.setup.profile_id)?;
        let files = export_metadata(profile, &view.setup.inputs, dir)?;
        self.journal.info(
            "metadata.exported",
            &[("setup", &view.setup.id), ("files", &files.len())],
        );
        Ok(files)
    }
}

fn report_name(api_name: &str, format: Format) -> String {
    format!("{}-setup-report.{}", api_name.trim(), format.extension())
}
