//! `eca-setup-cli connection add | list | remove`: saved connections, through the app's own use
//! cases (`eca_session::Desk`). The key and secret are read from stdin (never from arguments,
//! which other users can see in `ps`) and go through the same checks as the app's form before
//! reaching the keychain.

use std::fmt::Write as _;
use std::io::{self, Write};

use clap::{Args, Subcommand};
use eca_session::{
    check_connection_name, normalize_domain, profile, Connection, Dates, Desk, NewConnection,
    PasteIssue, Secret, Severity, Timestamp, UiError,
};
use serde::Serialize;

use crate::failure::{Failure, Problem};
use crate::json;

#[derive(Subcommand)]
pub(crate) enum ConnectionCommand {
    /// Save a connection. Reads two lines from stdin: the Consumer Key, then the Consumer Secret
    /// (at a terminal it asks for each, and the secret is not shown as it is typed).
    Add(AddArgs),
    /// List the saved connections (the Consumer Key masked, secrets never shown).
    List {
        /// Print a JSON array instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Remove a connection and every keychain entry it has.
    Remove {
        /// The connection's name, as `connection list` shows it.
        name: String,
    },
}

#[derive(Args)]
pub(crate) struct AddArgs {
    /// A name for the connection, for example "Salesforce Production".
    #[arg(long)]
    name: String,
    /// The saved setup the credentials belong to, as `eca-setup-cli setups` lists it.
    #[arg(long, value_name = "ID", required_unless_present = "profile", conflicts_with_all = ["profile", "domain", "practice"])]
    setup: Option<String>,
    /// Without a saved setup: the integration's id, as `eca-setup-cli profiles` lists it.
    #[arg(long, value_name = "ID", requires = "domain")]
    profile: Option<String>,
    /// Without a saved setup: the org's My Domain, for example acme.my.salesforce.com.
    #[arg(long, value_name = "HOST", requires = "profile")]
    domain: Option<String>,
    /// Without a saved setup: the credentials are for the practice org.
    #[arg(long)]
    practice: bool,
}

pub(crate) fn run(command: ConnectionCommand) -> Result<String, Failure> {
    let runtime = crate::runtime()?;
    match command {
        ConnectionCommand::Add(args) => runtime.block_on(add(args)),
        ConnectionCommand::List { json } => runtime.block_on(list(json)),
        ConnectionCommand::Remove { name } => runtime.block_on(remove(&name)),
    }
}

async fn add(args: AddArgs) -> Result<String, Failure> {
    let desk = Desk::for_this_computer()?;
    let (saved, notes) = match &args.setup {
        Some(id) => {
            // An unknown setup is said before anything is read from stdin.
            desk.read(id)?;
            let (key, secret) = read_credentials().await?;
            let saved = desk
                .save_credentials(id, &args.name, &key, secret, false)
                .await?;
            (saved.connection, saved.notes)
        }
        None => {
            let new = new_connection(&args)?;
            let (key, secret) = read_credentials().await?;
            desk.add_connection(new, &key, &secret).await?
        }
    };
    report_notes(&notes);
    Ok(saved_sentence(&desk, &saved))
}

fn saved_sentence(desk: &Desk, saved: &Connection) -> String {
    let service = desk.keychain_service(saved.practice);
    format!(
        "Saved the connection “{}” ({}).\nThe Consumer Key ({}) and the Consumer Secret are in the keychain under {service}; nothing secret was written to disk.\n",
        saved.name,
        integration_and_org(saved),
        saved.consumer_key_masked,
    )
}

/// The non-secret details of a connection that belongs to no setup, from `--profile` and
/// `--domain`.
fn new_connection(args: &AddArgs) -> Result<NewConnection, Failure> {
    let (Some(profile_id), Some(domain)) = (&args.profile, &args.domain) else {
        return Err(Failure::Invalid(vec![Problem {
            message: "Say which setup (or which integration and org) the credentials are for."
                .into(),
            hint: "Use --setup ID, or --profile ID with --domain HOST.".into(),
        }]));
    };
    let profile = profile(profile_id).ok_or_else(|| UiError::unknown_profile(profile_id))?;
    let org = normalize_domain(domain).map_err(|issue| UiError::invalid_input(vec![issue]))?;
    crate::plain_http::check(domain, args.practice)?;
    Ok(NewConnection {
        name: check_connection_name(&args.name).map_err(UiError::from)?,
        profile_id: profile.id.clone(),
        setup_id: None,
        org_host: org.host,
        practice: args.practice,
    })
}

/// The Consumer Key, then the Consumer Secret, from stdin (at a terminal, the secret unechoed).
async fn read_credentials() -> Result<(String, Secret), Failure> {
    let (key, secret) = crate::credentials::read().await?;
    if key.trim().is_empty() && secret.expose().trim().is_empty() {
        return Err(Failure::Invalid(vec![Problem {
            message: "Nothing was read from standard input; the Consumer Key and the Consumer Secret are read from there, never from arguments.".into(),
            hint: "Give them one per line, for example from a file: eca-setup-cli connection add ... < credentials.txt".into(),
        }]));
    }
    Ok((key, secret))
}

/// Trimmed values and shapes worth a second look are said, not fatal.
fn report_notes(issues: &[PasteIssue]) {
    let mut err = io::stderr().lock();
    for issue in issues {
        // Nothing more can be done if stderr itself is gone.
        let _ = match issue.severity {
            Severity::Info => writeln!(err, "note: {}", issue.message),
            Severity::Warning => writeln!(err, "warning: {}\n  {}", issue.message, issue.hint),
            Severity::Error => Ok(()),
        };
    }
}

/// A connection as `connection list --json` shows it.
#[derive(Serialize)]
struct ConnectionRow<'a> {
    name: &'a str,
    integration: &'a str,
    integration_name: &'a str,
    org: &'a str,
    practice: bool,
    setup_id: Option<&'a str>,
    /// Masked to its first and last four characters.
    consumer_key: &'a str,
    last_verified: Option<&'a Timestamp>,
}

async fn list(as_json: bool) -> Result<String, Failure> {
    let listing = Desk::for_this_computer()?.connections().await?;
    crate::report_set_aside(
        &listing.set_aside,
        "the saved connections file",
        " The keychain entries of the connections it listed are still there.",
    );
    let connections = &listing.connections;
    if as_json {
        let rows: Vec<ConnectionRow> = connections
            .iter()
            .map(|c| ConnectionRow {
                name: &c.name,
                integration: &c.profile_id,
                integration_name: integration_name(c),
                org: &c.org_host,
                practice: c.practice,
                setup_id: c.setup_id.as_deref(),
                consumer_key: &c.consumer_key_masked,
                last_verified: c.last_verified_at.as_ref(),
            })
            .collect();
        return json(&rows);
    }
    if connections.is_empty() {
        return Ok("No saved connections. Add one with `eca-setup-cli connection add`.\n".into());
    }
    let mut out = String::new();
    for (index, c) in connections.iter().enumerate() {
        if index > 0 {
            out.push('\n');
        }
        let verified = c
            .last_verified_at
            .map_or("never".to_owned(), |at| Dates::Utc.write(at));
        // Writing to a String cannot fail.
        let _ = writeln!(out, "{}", c.name);
        let _ = writeln!(out, "    {}", integration_and_org(c));
        let _ = writeln!(out, "    Consumer Key: {}", c.consumer_key_masked);
        let _ = writeln!(out, "    Last verified: {verified}");
    }
    Ok(out)
}

async fn remove(name: &str) -> Result<String, Failure> {
    let removed = Desk::for_this_computer()?.remove_connection(name).await?;
    Ok(format!(
        "Removed the connection “{}” and its keychain entries.\n",
        removed.name
    ))
}

fn integration_name(connection: &Connection) -> &str {
    profile(&connection.profile_id).map_or(&connection.profile_id, |p| &p.name)
}

fn integration_and_org(connection: &Connection) -> String {
    let practice = if connection.practice {
        " · Practice mode"
    } else {
        ""
    };
    format!(
        "{} · {}{practice}",
        integration_name(connection),
        connection.org_host
    )
}
