//! Each setup's last verification, kept beside the saved setups so that a report made later
//! (by the app after a restart, or by the CLI) still holds it. Only what a report shows is
//! kept: the checks, the scopes, who and which org; never a token.

use std::path::{Path, PathBuf};

use eca_core::setup::Timestamp;
use eca_core::store::{write_atomically, StoreError};
use eca_verify::Verification;
use serde::{Deserialize, Serialize};

use crate::model::{report_verification, ReportVerification};

const SCHEMA: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Saved {
    schema: u32,
    verified_at: Timestamp,
    verification: ReportVerification,
}

fn file(data_dir: &Path, setup_id: &str) -> PathBuf {
    data_dir
        .join("verifications")
        .join(format!("{setup_id}.json"))
}

pub fn save_verification(
    data_dir: &Path,
    setup_id: &str,
    verification: &Verification,
) -> Result<(), StoreError> {
    let saved = Saved {
        schema: SCHEMA,
        verified_at: Timestamp::now(),
        verification: report_verification(verification),
    };
    // A struct of strings, vectors and options always serializes.
    let json = serde_json::to_vec_pretty(&saved).expect("a verification serializes");
    write_atomically(&file(data_dir, setup_id), &json)
}

/// The setup's last verification; `None` when there is none, or when the file cannot be read
/// (it only repeats a result, so verifying again replaces it).
pub fn load_verification(data_dir: &Path, setup_id: &str) -> Option<ReportVerification> {
    let bytes = std::fs::read(file(data_dir, setup_id)).ok()?;
    serde_json::from_slice::<Saved>(&bytes)
        .ok()
        .filter(|saved| saved.schema == SCHEMA)
        .map(|saved| saved.verification)
}

pub fn forget_verification(data_dir: &Path, setup_id: &str) {
    // Nothing to forget is as good as forgotten.
    let _ = std::fs::remove_file(file(data_dir, setup_id));
}
