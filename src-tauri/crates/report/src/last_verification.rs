//! Each setup's last verification, kept beside the saved setups so that a report made later
//! (by the app after a restart, or by the CLI) still holds it. Only what a report shows is
//! kept: the checks, the scopes, who and which org; never a token. Read and written like every
//! saved file (`eca_core::store`): a damaged one is set aside with its reason.

use std::path::{Path, PathBuf};

use eca_core::files::{read_versioned, write_private_json, FileError, Versioned};
use eca_core::setup::Timestamp;
use eca_core::verification::Verification;
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
) -> Result<(), FileError> {
    let saved = Saved {
        schema: SCHEMA,
        verified_at: Timestamp::now(),
        verification: report_verification(verification),
    };
    write_private_json(&file(data_dir, setup_id), &saved)
}

/// The setup's last verification, or the file set aside (`ID.json.unreadable-TIMESTAMP`) with
/// the reason it could not be read.
pub fn read_verification(
    data_dir: &Path,
    setup_id: &str,
) -> Result<Versioned<ReportVerification>, FileError> {
    Ok(read_versioned::<Saved>(&file(data_dir, setup_id), SCHEMA)?.map(|saved| saved.verification))
}

/// The setup's last verification; `None` when there is none, or when the file cannot be read
/// (it is set aside: it only repeats a result, so verifying again replaces it).
pub fn load_verification(data_dir: &Path, setup_id: &str) -> Option<ReportVerification> {
    read_verification(data_dir, setup_id).ok()?.read()
}

pub fn forget_verification(data_dir: &Path, setup_id: &str) {
    // Nothing to forget is as good as forgotten.
    let _ = std::fs::remove_file(file(data_dir, setup_id));
}
