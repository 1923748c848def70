//! A setup as the command line's `setup new --json` and `setup show --json` print it. The
//! shape is documented in the README and stable: fields are only ever added, never renamed.

use std::collections::BTreeMap;

use eca_core::inputs::FieldIssue;
use eca_core::progress::SetupProgress;
use eca_core::setup::{SetupView, Timestamp};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SetupOutline {
    pub id: String,
    /// The integration's id, as `profiles` lists it.
    pub profile: String,
    pub practice: bool,
    /// The org's host, once a usable domain is entered.
    pub org: Option<String>,
    pub app_name: String,
    pub api_name: String,
    pub contact_email: String,
    /// The integration's own inputs (`--input KEY=VALUE`).
    pub inputs: BTreeMap<String, String>,
    /// The options chosen (`--option ID`).
    pub options: Vec<String>,
    /// The saved connection holding the credentials, once there is one.
    pub connection: Option<String>,
    /// The checklist's steps in order, each with when it was marked done.
    pub steps: Vec<StepOutline>,
    /// What still needs fixing in the inputs; empty when the setup is complete.
    pub issues: Vec<FieldIssue>,
    /// How far the whole setup is: every part (Salesforce, key and secret, verification, the
    /// partner, a migration's cleanup) with its state; `complete` only when all are done.
    pub progress: SetupProgress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepOutline {
    /// The id `setup done ID STEP` takes.
    pub id: String,
    pub title: String,
    /// RFC 3339, or null while not done.
    pub done_at: Option<Timestamp>,
}

impl SetupOutline {
    pub fn of(view: &SetupView) -> SetupOutline {
        let setup = &view.setup;
        SetupOutline {
            id: setup.id.clone(),
            profile: setup.profile_id.clone(),
            practice: setup.practice,
            org: view.checklist.org.as_ref().map(|org| org.host.clone()),
            app_name: setup.inputs.app_name.clone(),
            api_name: setup.inputs.api_name.clone(),
            contact_email: setup.inputs.contact_email.clone(),
            inputs: setup
                .inputs
                .values
                .iter()
                .map(|(key, value)| (key.clone(), value.clone()))
                .collect(),
            options: setup.inputs.options.iter().cloned().collect(),
            connection: setup.connection.clone(),
            steps: view
                .checklist
                .steps
                .iter()
                .map(|step| StepOutline {
                    id: step.id.to_string(),
                    title: step.header.title.clone(),
                    done_at: setup.done.get(&step.id).copied(),
                })
                .collect(),
            issues: view.issues.clone(),
            progress: view.progress.clone(),
        }
    }
}
