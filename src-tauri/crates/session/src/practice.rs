//! The practice orgs of this run: one per practice setup, started when the setup is opened and
//! stopped when the app exits. A new run gets a new port and new practice credentials.

use std::collections::HashMap;

use eca_core::inputs::SetupInputs;
use eca_core::profile::{InputKind, Profile};
use eca_core::{ErrorCode, UiError};
use eca_practice::{PracticeConfig, PracticeOrg, DEFAULT_RUN_AS};
use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use ts_rs::TS;

/// The practice org's own key and secret. Practice values only: showing them is the point.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PracticeCredentials {
    pub consumer_key: String,
    pub consumer_secret: String,
}

#[derive(Default)]
pub(crate) struct PracticeOrgs {
    running: Mutex<HashMap<String, PracticeOrg>>,
}

impl PracticeOrgs {
    /// Starts the setup's practice org unless it runs already; returns its host.
    pub(crate) async fn ensure(
        &self,
        setup_id: &str,
        profile: &Profile,
        inputs: &SetupInputs,
    ) -> Result<String, UiError> {
        let mut running = self.running.lock().await;
        if let Some(org) = running.get(setup_id) {
            return Ok(org.host());
        }
        let mut config = PracticeConfig::from_profile(profile, inputs);
        // A person signs in on the practice org's page and clicks Allow, as in a real org.
        config.auto_approve = false;
        let org = eca_practice::start(config, None).await?;
        let host = org.host();
        running.insert(setup_id.to_owned(), org);
        Ok(host)
    }

    pub(crate) async fn credentials(&self, setup_id: &str) -> Result<PracticeCredentials, UiError> {
        let running = self.running.lock().await;
        let org = running.get(setup_id).ok_or_else(not_running)?;
        Ok(PracticeCredentials {
            consumer_key: org.consumer_key().to_owned(),
            consumer_secret: org.consumer_secret().expose().to_owned(),
        })
    }
}

/// What a practice setup fills in for the admin: the partner's inputs get practice values.
pub(crate) fn sample_inputs(profile: &Profile) -> Vec<(String, String)> {
    let mut inputs = vec![(
        "contact_email".to_owned(),
        "admin@practice.example".to_owned(),
    )];
    for spec in &profile.inputs {
        let value = match spec.kind {
            InputKind::Host => "partner.practice.example",
            InputKind::Username => DEFAULT_RUN_AS,
            InputKind::PermissionSet => "Practice_Integration",
        };
        inputs.push((spec.id.clone(), value.to_owned()));
    }
    inputs
}

fn not_running() -> UiError {
    UiError::new(
        ErrorCode::PracticeOrgFailed,
        "The practice org for this setup is not running.",
        "Open the setup again from the home screen; that starts its practice org.",
    )
}
