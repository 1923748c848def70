//! `eca-setup-cli report` and `eca-setup-cli metadata`: a saved setup's report in one of four
//! formats, with its last verification and its connection's key masked, and its ECA as a
//! Salesforce DX source folder, through the app's own use cases. Neither reads a secret.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use eca_session::{Dates, Desk, ErrorCode, Format, UiError};

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
    let desk = Desk::for_this_computer()?;
    let format = match args.format {
        ReportFormat::Pdf => Format::Pdf,
        ReportFormat::Html => Format::Html,
        ReportFormat::Md => Format::Markdown,
        ReportFormat::Json => Format::Json,
    };
    let saved = crate::runtime()?.block_on(desk.save_report(
        &args.setup,
        format,
        &Dates::Utc,
        &args.out,
        args.force,
    ));
    saved.map_err(|err| match err.code {
        ErrorCode::FileExists => with_hint(err, "Pass --force to replace it."),
        _ => err.into(),
    })?;
    Ok(format!("Saved the report to {}\n", args.out.display()))
}

pub fn metadata(args: MetadataArgs) -> Result<String, Failure> {
    let desk = Desk::for_this_computer()?;
    let files = desk
        .export_metadata_into(&args.setup, &args.out)
        .map_err(|err| match err.code {
            ErrorCode::FileExists => with_hint(err, "Choose a new or empty folder."),
            _ => err.into(),
        })?;
    let mut out = format!("Wrote {} files to {}:\n", files.len(), args.out.display());
    for file in files {
        out.push_str(&format!("  {}\n", file.display()));
    }
    out.push_str("Read README.md there before deploying: the org setting it needs, the deploy command, and what to set by hand afterwards.\n");
    Ok(out)
}

/// The app's sentence, with what to do in command-line terms.
fn with_hint(err: UiError, hint: &str) -> Failure {
    Failure::Invalid(vec![Problem {
        message: err.message,
        hint: hint.to_owned(),
    }])
}
