//! Why a command stopped, and the exit code that tells a script: 2 when what was typed cannot
//! be used, 1 for anything else. The sentences are the core's, the same ones the app shows.

use std::io::Write;
use std::process::ExitCode;

use eca_session::{ErrorCode, UiError};

/// One thing that went wrong: what happened, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub message: String,
    pub hint: String,
}

#[derive(Debug)]
pub enum Failure {
    /// What was typed cannot be used; one problem per field at fault.
    Invalid(Vec<Problem>),
    /// The command could not do its work (the setups folder, writing the output).
    Failed(Problem),
}

impl Failure {
    pub fn failed(message: impl Into<String>, hint: impl Into<String>) -> Failure {
        Failure::Failed(Problem {
            message: message.into(),
            hint: hint.into(),
        })
    }

    pub fn exit_code(&self) -> ExitCode {
        match self {
            Failure::Invalid(_) => ExitCode::from(2),
            Failure::Failed(_) => ExitCode::FAILURE,
        }
    }

    /// Each problem as `error: message` with its hint on the next line.
    pub fn report(&self, out: &mut impl Write) {
        let problems = match self {
            Failure::Invalid(problems) => problems.as_slice(),
            Failure::Failed(problem) => std::slice::from_ref(problem),
        };
        for problem in problems {
            // Nothing more can be done if stderr itself is gone.
            let _ = writeln!(out, "error: {}\n  {}", problem.message, problem.hint);
        }
    }
}

impl From<UiError> for Failure {
    fn from(err: UiError) -> Failure {
        let whole = Problem {
            message: err.message,
            hint: err.hint,
        };
        match err.code {
            ErrorCode::InvalidInput | ErrorCode::InvalidCredential if !err.fields.is_empty() => {
                Failure::Invalid(
                    err.fields
                        .into_iter()
                        .map(|issue| Problem {
                            message: issue.message,
                            hint: issue.hint,
                        })
                        .collect(),
                )
            }
            ErrorCode::InvalidInput
            | ErrorCode::UnknownProfile
            | ErrorCode::UnknownStep
            | ErrorCode::SetupNotFound
            | ErrorCode::FileExists
            | ErrorCode::ConnectionExists
            | ErrorCode::ConnectionNotFound
            | ErrorCode::ConnectionOtherOrg
            | ErrorCode::InvalidCredential => Failure::Invalid(vec![whole]),
            _ => Failure::Failed(whole),
        }
    }
}
