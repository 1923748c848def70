//! One setup in progress: which integration, the admin's inputs, where they are in the
//! checklist and when each step was marked done. This is what is saved; it never holds a secret.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use ts_rs::TS;

use crate::checklist::{checklist, Checklist};
use crate::inputs::{validate, FieldIssue, SetupInputs};
use crate::profile::Profile;

/// Bumped when the saved shape changes in a way older readers cannot handle.
pub const SCHEMA: u32 = 1;

/// The wizard's first screen, before the checklist's steps.
pub const INPUTS_STEP: &str = "inputs";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Setup {
    pub schema: u32,
    pub id: String,
    pub profile_id: String,
    /// Against the built-in practice org rather than a real one.
    #[serde(default)]
    pub practice: bool,
    pub inputs: SetupInputs,
    /// `"inputs"` or the id of a checklist step.
    pub current_step: String,
    /// Step id → when the admin marked it done.
    #[serde(default)]
    #[ts(type = "Record<string, string>")]
    pub done: BTreeMap<String, Timestamp>,
    #[ts(type = "string")]
    pub created_at: Timestamp,
    #[ts(type = "string")]
    pub updated_at: Timestamp,
}

/// An RFC 3339 time, as saved and shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Timestamp(#[serde(with = "time::serde::rfc3339")] pub OffsetDateTime);

impl Timestamp {
    pub fn now() -> Timestamp {
        Timestamp(OffsetDateTime::now_utc())
    }
}

impl Setup {
    pub fn new(profile: &Profile, practice: bool) -> Setup {
        let now = Timestamp::now();
        Setup {
            schema: SCHEMA,
            id: format!("{}-{}", profile.id, now.0.unix_timestamp_nanos() / 1_000),
            profile_id: profile.id.clone(),
            practice,
            inputs: SetupInputs::suggested(profile),
            current_step: INPUTS_STEP.into(),
            done: BTreeMap::new(),
            created_at: now,
            updated_at: now,
        }
    }

    pub fn checklist(&self, profile: &Profile) -> Checklist {
        checklist(profile, &self.inputs)
    }

    pub fn issues(&self, profile: &Profile) -> Vec<FieldIssue> {
        validate(profile, &self.inputs)
    }

    /// Marks a step done (or not) now.
    pub fn mark(&mut self, step_id: &str, done: bool) {
        if done {
            self.done.insert(step_id.to_owned(), Timestamp::now());
        } else {
            self.done.remove(step_id);
        }
    }
}
