//! `eca-setup-cli`: ECA Setup Assistant on the command line. This file holds the clap
//! definitions and the dispatch; every use case is `eca-session`'s (the app's own), every rule
//! and sentence the core's. The modules parse arguments and print, nothing more.

mod connection;
mod credentials;
mod failure;
mod inputs;
mod interrupt;
mod listing;
mod org;
mod plain_http;
mod practice;
mod print;
mod report;
mod setup;
mod verify;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use eca_session::{
    checklist, migration_path, profile, profiles, test_hooks, Desk, Route, SetAside, UiError,
};

use crate::failure::Failure;

/// ECA Setup Assistant on the command line: what to fill in on each Salesforce Setup screen to
/// create an External Client App for an integration.
#[derive(Parser)]
#[command(name = "eca-setup-cli", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// List the integrations a checklist can be made for.
    Profiles {
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Print the Setup screens to fill in, field by field, for one integration and org.
    Checklist(ChecklistArgs),
    /// Save, show, mark and delete setups, as the desktop app does.
    Setup {
        #[command(subcommand)]
        command: setup::SetupCommand,
    },
    /// List the saved setups (the desktop app's and the command line's).
    Setups {
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Saved connections: credentials kept in the OS keychain.
    Connection {
        #[command(subcommand)]
        command: connection::ConnectionCommand,
    },
    /// Run the practice org: a simulated Salesforce org on 127.0.0.1 to rehearse against.
    PracticeOrg(practice::PracticeArgs),
    /// Prove an External Client App works: run its OAuth flow against the org and check the
    /// result. Reads the Consumer Key and Secret from standard input, one per line.
    Verify(verify::VerifyArgs),
    /// Save a saved setup's report as PDF, HTML, Markdown or JSON. Never includes the secret.
    Report(report::ReportArgs),
    /// Export a saved setup's External Client App as a Salesforce DX source folder.
    Metadata(report::MetadataArgs),
    /// Connect ECA Setup Assistant itself to an org, read-only: check a setup's app as the org
    /// holds it, list every integration for 20 February 2027, disconnect.
    Org {
        #[command(subcommand)]
        command: org::OrgCommand,
    },
}

#[derive(Args)]
pub(crate) struct ChecklistArgs {
    /// The integration's id, as `eca-setup-cli profiles` lists it.
    #[arg(long, value_name = "ID")]
    pub(crate) profile: String,
    /// Your org's My Domain, for example acme.my.salesforce.com.
    #[arg(long)]
    pub(crate) domain: String,
    /// A value the integration needs, for example tenant_domain=acme.serviceboardsync.com.
    #[arg(long = "input", value_name = "KEY=VALUE", value_parser = key_value)]
    pub(crate) inputs: Vec<(String, String)>,
    /// An option of the integration, for example sandbox_client_credentials (`profiles` lists
    /// them): the checklist then includes what it changes. Repeat for more.
    #[arg(long = "option", value_name = "ID")]
    pub(crate) options: Vec<String>,
    /// The External Client App Name (default: the name the partner's guide suggests).
    #[arg(long, value_name = "NAME")]
    pub(crate) app_name: Option<String>,
    /// The API Name (default: derived from the app name, as Salesforce does).
    #[arg(long, value_name = "NAME")]
    pub(crate) api_name: Option<String>,
    /// The Contact Email (default: a placeholder to fill in on the screen).
    #[arg(long)]
    pub(crate) email: Option<String>,
    /// Print the checklist as JSON instead of text.
    #[arg(long)]
    pub(crate) json: bool,
    /// Print the path that moves the integration from an existing connected app to an External
    /// Client App: finding the old app, the routes Salesforce allows and each one's steps, and
    /// the cleanup.
    #[arg(long)]
    pub(crate) migrate: bool,
    /// With --migrate, only this route, every step in full: in-place, new-eca or
    /// client-credentials.
    #[arg(long, value_name = "ROUTE", requires = "migrate")]
    pub(crate) route: Option<String>,
}

fn main() -> ExitCode {
    // The test hooks are read once, at start, as the desktop app reads them.
    test_hooks::get();
    let cli = Cli::parse();
    match run(cli.command).and_then(|text| write_stdout(&text)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => {
            failure.report(&mut io::stderr().lock());
            failure.exit_code()
        }
    }
}

/// Runs one command; what it returns goes to stdout.
fn run(command: Command) -> Result<String, Failure> {
    match command {
        Command::Profiles { json } => listing::profiles(profiles(), json),
        Command::Checklist(args) => {
            let profile =
                profile(&args.profile).ok_or_else(|| UiError::unknown_profile(&args.profile))?;
            let inputs = inputs::setup_inputs(profile, &args)?;
            if args.migrate {
                let route = args.route.as_deref().map(str::parse::<Route>).transpose()?;
                let path = migration_path(profile, &inputs, route);
                return if args.json {
                    json(&path)
                } else {
                    Ok(print::migration(&path, route.is_some()))
                };
            }
            let checklist = checklist(profile, &inputs);
            if args.json {
                json(&checklist)
            } else {
                Ok(print::checklist(&checklist))
            }
        }
        Command::Setup { command } => setup::run(command),
        Command::Setups { json } => {
            let listing = Desk::for_this_computer()?.list()?;
            report_set_aside(&listing.set_aside, "the saved setup", "");
            listing::setups(&listing.setups, json)
        }
        Command::Connection { command } => connection::run(command),
        Command::PracticeOrg(args) => practice::run(args),
        Command::Verify(args) => verify::run(args),
        Command::Report(args) => report::report(args),
        Command::Metadata(args) => report::metadata(args),
        Command::Org { command } => org::run(command),
    }
}

/// The async runtime the keychain and HTTP commands run on, one thread being plenty.
fn runtime() -> Result<tokio::runtime::Runtime, Failure> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| {
            Failure::failed(
                format!("The command could not start ({err})."),
                "This is a bug; please report it.",
            )
        })
}

/// Pretty JSON with a final newline.
fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String, Failure> {
    serde_json::to_string_pretty(value)
        .map(|text| text + "\n")
        .map_err(|err| {
            Failure::failed(
                format!("The JSON could not be written ({err})."),
                "This is a bug; please report it.",
            )
        })
}

/// Each file that could not be read and was moved aside, on stderr: `what` names it, `after`
/// says what still stands.
fn report_set_aside(set_aside: &[SetAside], what: &str, after: &str) {
    let mut err = io::stderr().lock();
    for file in set_aside {
        // Nothing more can be done if stderr itself is gone.
        let _ = writeln!(
            err,
            "note: {what} {} could not be read because {}; it was moved to {} so you can inspect or delete it.{after}",
            file.file, file.reason, file.moved_to
        );
    }
}

fn write_stdout(text: &str) -> Result<(), Failure> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A reader such as `head` that stops early is not a failure of this command.
        Err(err) if err.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(err) => Err(Failure::failed(
            format!("The output could not be written ({err})."),
            "Check where the output is redirected to.",
        )),
    }
}

/// `KEY=VALUE` for `--input`; the value may itself contain `=`.
fn key_value(arg: &str) -> Result<(String, String), String> {
    match arg.split_once('=') {
        Some((key, value)) if !key.trim().is_empty() => {
            Ok((key.trim().to_owned(), value.to_owned()))
        }
        _ => Err("expected KEY=VALUE, for example tenant_domain=acme.serviceboardsync.com".into()),
    }
}
