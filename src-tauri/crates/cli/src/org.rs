//! `org connect | check | inventory | disconnect`: the assistant connected to an org,
//! read-only. Parse, call `Desk`, print; a check with differences exits 1, as a failed
//! verification does.

use std::io::{self, BufRead};
use std::path::PathBuf;

use clap::Subcommand;
use eca_session::{AppCheck, Desk, FindingSource, Inventory, UiError};

use crate::failure::Failure;

#[derive(Subcommand)]
pub(crate) enum OrgCommand {
    /// Sign ECA Setup Assistant in to the org through its own External Client App (the web
    /// server flow with PKCE, the api scope only). Reads that app's Consumer Key from standard
    /// input; the token stays in the keychain until `org disconnect`.
    Connect {
        /// The org's My Domain, for example acme.my.salesforce.com.
        #[arg(long)]
        domain: String,
        /// The domain is the practice org's (plain http on this computer).
        #[arg(long)]
        practice: bool,
        /// Optional: use the Salesforce CLI's login to that org (`sf` installed and authorized
        /// to it) instead of the assistant's own app. No Consumer Key is read; the token stays
        /// the CLI's: not kept in the keychain, not revoked by `org disconnect`.
        #[arg(long)]
        use_sf_cli: bool,
    },
    /// Read a saved setup's External Client App from the org and compare it with the setup.
    Check {
        /// The setup's id, as `eca-setup-cli setups` lists it.
        setup_id: String,
        #[arg(long)]
        json: bool,
    },
    /// List every connected app and External Client App in use, for 20 February 2027.
    Inventory {
        /// Also write the list as CSV to FILE.
        #[arg(long, value_name = "FILE")]
        csv: Option<PathBuf>,
        #[arg(long)]
        json: bool,
    },
    /// Revoke the assistant's token and forget the connection.
    Disconnect,
}

pub(crate) fn run(command: OrgCommand) -> Result<String, Failure> {
    let runtime = crate::runtime()?;
    let desk = Desk::for_this_computer()?;
    match command {
        OrgCommand::Connect {
            domain,
            practice,
            use_sf_cli: true,
        } => {
            let Some(login) = runtime.block_on(desk.org_sf_cli_login(&domain)) else {
                return Err(UiError::new(
                    eca_session::ErrorCode::InvalidInput,
                    format!("The Salesforce CLI (sf) is not installed or not authorized to {domain}."),
                    "Sign the CLI in (sf org login web), or connect without --use-sf-cli and pipe in the Consumer Key of the assistant's own app.",
                )
                .into());
            };
            let connected =
                runtime.block_on(desk.org_connect_sf_cli(&domain, &login.username, practice));
            let identity = desk.logged("org.connect", connected)?;
            Ok(format!(
                "Connected to {} as {}, using the Salesforce CLI's login. Its token is not kept by the assistant, and `eca-setup-cli org disconnect` does not revoke it (that would log the CLI out too).\n",
                identity.host, identity.username
            ))
        }
        OrgCommand::Connect {
            domain, practice, ..
        } => {
            let key = consumer_key()?;
            let connected = runtime.block_on(desk.org_connect(
                &domain,
                &key,
                practice,
                &crate::verify::report_progress,
            ));
            let identity = desk.logged("org.connect", connected)?;
            Ok(format!(
                "Connected to {} as {} (scopes: {}). The token is in the keychain until `eca-setup-cli org disconnect`.\n",
                identity.host,
                if identity.username.is_empty() { "the signed-in user" } else { &identity.username },
                identity.scopes.join(" ")
            ))
        }
        OrgCommand::Check { setup_id, json } => {
            let check = runtime.block_on(desk.org_check(&setup_id));
            let check = desk.logged("org.check", check)?;
            let text = if json {
                crate::json(&check)?
            } else {
                render_check(&check)
            };
            if check.passed {
                return Ok(text);
            }
            crate::write_stdout(&text)?;
            let count = check.differences().count();
            Err(Failure::failed(
                if count == 0 {
                    "The app was not found in the org.".to_owned()
                } else {
                    format!("The check found {count} difference(s).")
                },
                "Each difference above names its Setup screen, field and fix.",
            ))
        }
        OrgCommand::Inventory { csv, json } => {
            let list = runtime.block_on(desk.org_inventory());
            let list = desk.logged("org.inventory", list)?;
            if let Some(file) = csv {
                std::fs::write(&file, list.to_csv()).map_err(|err| {
                    Failure::failed(
                        format!("{} could not be written ({err}).", file.display()),
                        "Check the folder exists and you can write to it.",
                    )
                })?;
            }
            if json {
                crate::json(&list)
            } else {
                Ok(render_inventory(&list))
            }
        }
        OrgCommand::Disconnect => {
            let borrowed = desk
                .org_identity()
                .is_some_and(|identity| identity.salesforce_cli);
            desk.logged("org.disconnect", runtime.block_on(desk.org_disconnect()))?;
            if borrowed {
                return Ok("Disconnected. The Salesforce CLI's login was not revoked (that would log the CLI out too); `sf org logout` ends it.\n".into());
            }
            Ok(
                "Disconnected: the assistant's token was revoked and deleted from the keychain.\n"
                    .into(),
            )
        }
    }
}

/// The Consumer Key of the assistant's own app: the first line of standard input.
fn consumer_key() -> Result<String, Failure> {
    let mut line = String::new();
    io::stdin().lock().read_line(&mut line).map_err(|err| {
        Failure::failed(
            format!("Standard input could not be read ({err})."),
            "Pipe in the Consumer Key of ECA Setup Assistant's own External Client App.",
        )
    })?;
    let key = line.trim().to_owned();
    if key.is_empty() {
        return Err(UiError::new(
            eca_session::ErrorCode::InvalidInput,
            "No Consumer Key was given.",
            "Pipe in the Consumer Key of ECA Setup Assistant's own External Client App (its setup's step “Consumer Key and Secret”).",
        )
        .into());
    }
    Ok(key)
}

fn render_check(check: &AppCheck) -> String {
    let mut out = String::new();
    let differences: Vec<_> = check.differences().collect();
    out.push_str(&format!(
        "{} ({}): {}\n",
        check.api_name,
        check.profile_id,
        if check.passed {
            "no difference".to_owned()
        } else {
            format!("{} difference(s)", differences.len())
        }
    ));
    for d in &differences {
        let how = match d.source {
            FindingSource::Metadata => "read from the org",
            FindingSource::Query => "read from the org (User)",
            FindingSource::WithoutSignIn => "checked without signing in",
        };
        out.push_str(&format!(
            "✗ {} → {}: found {}, needed {} ({how})\n    Fix: {}\n",
            d.screen, d.field, d.found, d.needed, d.fix
        ));
        if let Some(quote) = &d.quote {
            out.push_str(&format!("    Why: {quote}\n"));
        }
    }
    let matched = check.findings.iter().filter(|f| f.matches).count();
    out.push_str(&format!("✓ {matched} setting(s) as needed.\n"));
    for not_read in &check.not_read {
        out.push_str(&format!(
            "• Not shown by the org: {} {} {}\n",
            not_read.type_name, not_read.message, not_read.fix
        ));
    }
    for check in &check.without_sign_in {
        out.push_str(&format!(
            "• Checked without signing in: {}: {}\n",
            check.title, check.detail
        ));
    }
    for note in &check.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}

fn render_inventory(list: &Inventory) -> String {
    let mut out = String::new();
    for app in &list.apps {
        out.push_str(&format!(
            "{}: {} token(s), {} user(s), last used {}; {} sign-in(s) in 30 days, {} username-password; partner {}; Migrate button: {}; route: {}\n",
            app.name,
            app.tokens,
            app.users,
            app.last_used.as_deref().unwrap_or("never"),
            app.sign_ins.iter().map(|s| s.count).sum::<u32>(),
            app.username_password_sign_ins,
            app.partner.as_ref().map_or_else(
                || "unknown".to_owned(),
                |p| format!("{} (by {})", p.name, p.by)
            ),
            eca_session::migrate_text(app.migrate_button),
            app.route.map_or("none", |r| r.as_str()),
        ));
    }
    for note in &list.notes {
        out.push_str(&format!("note: {note}\n"));
    }
    out
}
