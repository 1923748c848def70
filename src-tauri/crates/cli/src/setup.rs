//! `eca-setup-cli setup new | show | done | delete`: saved setups from a script, through the
//! same use cases as the app (`eca_session::Desk`). `new` takes the `checklist` flags and
//! checks them with the same sentences; `--json` prints the documented `SetupOutline`.

use std::fmt::Write as _;

use clap::{Args, Subcommand};
use eca_session::{profile, Desk, SetupEdit, SetupOutline, UiError};

use crate::failure::Failure;
use crate::ChecklistArgs;

/// What `setup done` takes for the partner's part rather than a checklist step.
const PARTNER: &str = "partner";

#[derive(Subcommand)]
pub(crate) enum SetupCommand {
    /// Save a new setup for an integration and org, with the same flags as `checklist`.
    New(NewArgs),
    /// Show a saved setup: its org, app, inputs, connection and each step with when it was done.
    Show(ShowArgs),
    /// Mark a checklist step of a saved setup done (or not done again with --undo); `partner`
    /// marks the values entered in the partner's form.
    Done(DoneArgs),
    /// Delete a saved setup and its last verification; its connection stays in the keychain.
    Delete {
        /// The setup's id, as `eca-setup-cli setups` lists it.
        id: String,
    },
}

#[derive(Args)]
pub(crate) struct NewArgs {
    #[command(flatten)]
    checklist: ChecklistArgs,
    /// The domain is the practice org on this computer (127.0.0.1:PORT, plain http): required
    /// for such an address, refused for a real org's.
    #[arg(long)]
    practice: bool,
}

#[derive(Args)]
pub(crate) struct ShowArgs {
    /// The setup's id, as `eca-setup-cli setups` lists it.
    id: String,
    /// Print the setup as JSON (the shape the README documents) instead of text.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
pub(crate) struct DoneArgs {
    /// The setup's id, as `eca-setup-cli setups` lists it.
    id: String,
    /// The step's id, as `setup show` lists it (for example policies), or `partner`.
    step: String,
    /// Mark the step not done.
    #[arg(long)]
    undo: bool,
    /// Print the setup as JSON afterwards instead of a sentence.
    #[arg(long)]
    json: bool,
}

pub(crate) fn run(command: SetupCommand) -> Result<String, Failure> {
    let desk = Desk::for_this_computer()?;
    match command {
        SetupCommand::New(NewArgs {
            checklist: args,
            practice,
        }) => {
            crate::plain_http::check(&args.domain, practice)?;
            let profile =
                profile(&args.profile).ok_or_else(|| UiError::unknown_profile(&args.profile))?;
            let inputs = crate::inputs::setup_inputs(profile, &args)?;
            let view = desk.create_with(&profile.id, inputs)?;
            let outline = SetupOutline::of(&view);
            if args.json {
                crate::json(&outline)
            } else {
                Ok(format!(
                    "Saved the setup {}.\n\n{}",
                    outline.id,
                    text(&outline)
                ))
            }
        }
        SetupCommand::Show(args) => {
            let outline = SetupOutline::of(&desk.read(&args.id)?);
            if args.json {
                crate::json(&outline)
            } else {
                Ok(text(&outline))
            }
        }
        SetupCommand::Done(args) => {
            let edit = if args.step == PARTNER {
                SetupEdit::ConfirmPartner { done: !args.undo }
            } else {
                SetupEdit::Mark {
                    step: args.step.parse().map_err(UiError::from)?,
                    done: !args.undo,
                }
            };
            let view = desk.edit(&args.id, edit)?;
            let outline = SetupOutline::of(&view);
            if args.json {
                return crate::json(&outline);
            }
            let step = outline
                .steps
                .iter()
                .find(|step| step.id == args.step)
                .map_or(args.step.as_str(), |step| step.title.as_str());
            if args.step == PARTNER {
                return Ok(format!(
                    "Marked the partner's form {} (the setup: {}).\n",
                    if args.undo {
                        "not filled in"
                    } else {
                        "filled in"
                    },
                    outline.progress.summary
                ));
            }
            let done = outline.steps.iter().filter(|s| s.done_at.is_some()).count();
            Ok(format!(
                "Marked “{step}” {} ({done} of {} checklist steps marked; the setup: {}).\n",
                if args.undo { "not done" } else { "done" },
                outline.steps.len(),
                outline.progress.summary
            ))
        }
        SetupCommand::Delete { id } => {
            desk.delete_setup(&id)?;
            Ok(format!("Deleted the setup {id}.\n"))
        }
    }
}

/// The setup for a person: what it is for, then each step with a tick and its id.
fn text(outline: &SetupOutline) -> String {
    let integration = profile(&outline.profile).map_or(outline.profile.as_str(), |p| &p.name);
    let org = outline.org.as_deref().unwrap_or("no org yet");
    let practice = if outline.practice {
        " · Practice mode"
    } else {
        ""
    };
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = writeln!(out, "{}", outline.id);
    let _ = writeln!(out, "    {integration} · {org}{practice}");
    let _ = writeln!(
        out,
        "    App: {} (API Name {})",
        outline.app_name, outline.api_name
    );
    for (key, value) in &outline.inputs {
        let _ = writeln!(out, "    {key}: {value}");
    }
    for option in &outline.options {
        let _ = writeln!(out, "    Option: {option}");
    }
    let _ = writeln!(
        out,
        "    Connection: {}",
        outline.connection.as_deref().unwrap_or("none yet")
    );
    let _ = writeln!(out, "    Progress: {}", outline.progress.summary);
    for line in outline.progress.lines() {
        let _ = writeln!(out, "      {line}");
    }
    let _ = writeln!(out, "    Steps:");
    for step in &outline.steps {
        let mark = if step.done_at.is_some() { "[x]" } else { "[ ]" };
        let _ = writeln!(out, "      {mark} {}  ({})", step.title, step.id);
    }
    for issue in &outline.issues {
        let _ = writeln!(out, "    To fix: {} {}", issue.message, issue.hint);
    }
    out
}
