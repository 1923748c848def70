//! `eca-setup-cli report` and `eca-setup-cli metadata`: a saved setup's report in one of four
//! formats, with its last verification and its connection's key masked, and its ECA as a
//! Salesforce DX source folder. Both come from `eca-report`; neither reads a secret.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use eca_core::paths::{data_dir, setups_dir};
use eca_core::setup::{Setup, Timestamp};
use eca_core::store::{SetupStore, StoreError};
use eca_core::wizard::find_profile;
use eca_core::{Profile, UiError};
use eca_report::{
    export_metadata, load_verification, write_report, Format, MetadataError, Report, WriteError,
};
use eca_vault::Vault;

use crate::failure::{Failure, Problem};

#[derive(Clone, Copy, ValueEnum)]
pub enum ReportFormat {
    Pdf,
    Html,
    Md,
    Json,
}

#[derive(Args)]
pub struct ReportArgs {
    /// The saved setup's id, as `eca-setup-cli setups` lists it.
    #[arg(long, value_name = "ID")]
    setup: String,
    #[arg(long, value_enum)]
    format: ReportFormat,
    /// Where to save the report.
    #[arg(long, value_name = "FILE")]
    out: PathBuf,
    /// Replace FILE if it already exists.
    #[arg(long)]
    force: bool,
}

#[derive(Args)]
pub struct MetadataArgs {
    /// The saved setup's id, as `eca-setup-cli setups` lists it.
    #[arg(long, value_name = "ID")]
    setup: String,
    /// A new or empty folder for the Salesforce DX source.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

pub fn report(args: ReportArgs) -> Result<String, Failure> {
    let (setup, profile) = load(&args.setup)?;
    let masked_key = match &setup.connection {
        Some(name) => Some(masked_key(name)?),
        None => None,
    };
    let mut report = Report::new(
        &setup,
        profile,
        None,
        masked_key.as_deref(),
        Timestamp::now(),
    );
    report.verification = data_dir().and_then(|dir| load_verification(&dir, &setup.id));
    let format = match args.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Html => Format::Html,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Json => Format::Json,
    };
    let bytes = report.render(format).map_err(|err| {
        Failure::failed(
            format!("The report could not be made ({err})."),
            "This is a bug; please report it.",
        )
    })?;
    write_report(&args.out, &bytes, args.force).map_err(|err| match err {
        WriteError::Exists(_) => invalid(UiError::from(err), "Pass --force to replace it."),
        other => UiError::from(other).into(),
    })?;
    Ok(format!("Saved the report to {}\n", args.out.display()))
}

pub fn metadata(args: MetadataArgs) -> Result<String, Failure> {
    let (setup, profile) = load(&args.setup)?;
    let files = export_metadata(profile, &setup.inputs, &args.out).map_err(|err| match err {
        MetadataError::NotEmpty(_) => invalid(UiError::from(err), "Choose a new or empty folder."),
        other => Failure::from(UiError::from(other)),
    })?;
    let mut out = format!("Wrote {} files to {}:\n", files.len(), args.out.display());
    for file in files {
        out.push_str(&format!("  {}\n", file.display()));
    }
    out.push_str("Read README.md there before deploying: the org setting it needs, the deploy command, and what to set by hand afterwards.\n");
    Ok(out)
}

/// The connection's key as it is listed (masked); masking it again leaves it as it is.
fn masked_key(connection: &str) -> Result<String, Failure> {
    let runtime = crate::runtime()?;
    let vault = Vault::open_default().map_err(UiError::from)?;
    let connection = runtime
        .block_on(vault.get(connection))
        .map_err(UiError::from)?;
    Ok(connection.consumer_key_masked)
}

/// The saved setup and its profile; an unknown id is bad input (exit 2).
fn load(id: &str) -> Result<(Setup, &'static Profile), Failure> {
    let dir = setups_dir().ok_or_else(Failure::no_data_dir)?;
    let setup = SetupStore::new(dir).load(id).map_err(|err| match err {
        StoreError::NotFound(_) | StoreError::BadId(_) => invalid(
            UiError::from(err),
            "List the saved setups with `eca-setup-cli setups`.",
        ),
        other => UiError::from(other).into(),
    })?;
    let profile = find_profile(&setup.profile_id)?;
    Ok((setup, profile))
}

fn invalid(err: UiError, hint: &str) -> Failure {
    Failure::Invalid(vec![Problem {
        message: err.message,
        hint: hint.to_owned(),
    }])
}
