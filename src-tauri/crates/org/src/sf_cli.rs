//! The Salesforce CLI's login, borrowed (optional): when `sf` is on PATH and already authorized
//! to the org the admin entered, the assistant may use that session instead of signing in
//! through its own app. The token is the CLI's: it is read into a `Secret` at once, checked
//! against the org with a read, kept by the caller in memory only, and never revoked here
//! (revoking it would log the CLI out too). No output of `sf` is ever logged or returned.
//!
//! The commands and their JSON, from the CLI's own sources (salesforcecli/plugin-org):
//! - `sf org list --json` (`src/commands/org/list.ts`, `OrgListResult`): `result` holds the
//!   arrays `nonScratchOrgs`, `regularOrgs`, `sandboxes`, `devHubs`, `scratchOrgs`, each entry
//!   with `username`, `instanceUrl`, `orgId`, `alias` and `connectedStatus`.
//! - `sf org display --target-org USERNAME --json` (`src/commands/org/display.ts`,
//!   `OrgDisplayReturn`): `result.id` (the org ID), `result.instanceUrl`, `result.username`,
//!   `result.apiVersion`, `result.accessToken`. Newer CLIs redact `accessToken` there unless
//!   `SF_TEMP_SHOW_SECRETS` is set, and hand it out with
//! - `sf org auth show-access-token --target-org USERNAME --json`
//!   (`src/commands/org/auth/show-access-token.ts`): `result.accessToken`. It is asked first;
//!   an older CLI without it falls back to `org display`'s field.
//!
//! Never `--verbose`: that adds the `sfdxAuthUrl`, which holds the refresh token.

use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::process::Command;

use eca_core::domain::{normalize_domain, OrgKind};
use eca_core::secret::Secret;
use eca_verify::api::newest_version;
use eca_verify::{Diagnosis, DiagnosisCode};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::connect::OrgIdentity;
use crate::error::OrgError;
use crate::query::{query, text};
use crate::{OrgSession, REQUEST_TIMEOUT};

/// One org the Salesforce CLI is authorized to, without any token: what the screen offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SfCliLogin {
    pub username: String,
    pub instance_url: String,
    pub org_id: String,
    /// The CLI's alias for it, if any.
    pub alias: Option<String>,
}

/// The `sf` program found on a PATH.
#[derive(Debug, Clone)]
pub struct SfCli {
    program: PathBuf,
}

impl SfCli {
    /// `sf` on this process's PATH, if installed.
    pub fn find() -> Option<SfCli> {
        SfCli::find_in(&std::env::var_os("PATH")?)
    }

    /// `sf` on the given PATH (`sf.cmd` or `sf.exe` on Windows, where npm installs a shim).
    pub fn find_in(path: &OsStr) -> Option<SfCli> {
        let names: &[&str] = if cfg!(windows) {
            &["sf.cmd", "sf.exe"]
        } else {
            &["sf"]
        };
        std::env::split_paths(path)
            .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
            .find(|candidate| candidate.is_file())
            .map(|program| SfCli { program })
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Runs `sf ARGS` and returns its `result`. The output is never shown: a failure says
    /// only which command failed and the CLI's own one-line `message`, which holds no token.
    async fn run(&self, args: &[&str]) -> Result<Value, OrgError> {
        let program = self.program.clone();
        let args: Vec<OsString> = args.iter().map(OsString::from).collect();
        let shown = args
            .iter()
            .map(|a| a.to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join(" ");
        let output = tokio::task::spawn_blocking(move || {
            Command::new(program)
                .args(&args)
                // No colours, no update check, no prompt: plain JSON.
                .env("SF_DISABLE_AUTOUPDATE", "true")
                .env("SF_AUTOUPDATE_DISABLE", "true")
                .env("FORCE_COLOR", "0")
                .stdin(std::process::Stdio::null())
                .output()
        })
        .await
        .map_err(|_| cli_failed(&shown, "it stopped unexpectedly".into()))?
        .map_err(|err| cli_failed(&shown, err.to_string()))?;
        let answer: Value = serde_json::from_slice(&output.stdout)
            .map_err(|_| cli_failed(&shown, "its answer was not JSON".into()))?;
        let status = answer.get("status").and_then(Value::as_i64).unwrap_or(1);
        if !output.status.success() || status != 0 {
            let said = answer
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("no reason given")
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            return Err(cli_failed(&shown, said));
        }
        Ok(answer.get("result").cloned().unwrap_or(Value::Null))
    }

    /// Every org the CLI is authorized to (`sf org list --json`), each once.
    pub async fn logins(&self) -> Result<Vec<SfCliLogin>, OrgError> {
        let result = self.run(&["org", "list", "--json"]).await?;
        let mut logins: Vec<SfCliLogin> = Vec::new();
        let groups = [
            "nonScratchOrgs",
            "regularOrgs",
            "sandboxes",
            "devHubs",
            "scratchOrgs",
        ];
        for entry in groups
            .iter()
            .filter_map(|group| result.get(group).and_then(Value::as_array))
            .flatten()
        {
            let login = SfCliLogin {
                username: text(entry, "username"),
                instance_url: text(entry, "instanceUrl"),
                org_id: text(entry, "orgId"),
                alias: entry
                    .get("alias")
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
            let connected = entry
                .get("connectedStatus")
                .and_then(Value::as_str)
                .is_none_or(|status| status == "Connected");
            if connected
                && !login.username.is_empty()
                && !logins.iter().any(|l| l.username == login.username)
            {
                logins.push(login);
            }
        }
        Ok(logins)
    }

    /// The CLI's login to the org at `domain` (its My Domain host against `instanceUrl`), if
    /// it has one.
    pub async fn login_for(&self, domain: &str) -> Option<SfCliLogin> {
        let host = normalize_domain(domain).ok()?.host;
        self.logins()
            .await
            .ok()?
            .into_iter()
            .find(|login| same_host(&login.instance_url, &host))
    }

    /// Connects with the CLI's login of `username` to the org at `domain`: the token comes
    /// from the CLI, is checked with reads (the API versions, then the user's `User` row) and
    /// is returned in the session for the caller to keep in memory only.
    pub async fn connect(
        &self,
        domain: &str,
        username: &str,
        practice: bool,
    ) -> Result<(OrgSession, OrgIdentity), OrgError> {
        let domain = normalize_domain(domain)
            .map_err(|issue| invalid(issue.message, issue.hint.to_owned()))?;
        let is_practice = domain.kind == OrgKind::Practice;
        if is_practice != practice {
            return Err(invalid(
                format!("{} is not the kind of org this connection is for.", domain.host),
                "Enter the org's My Domain (Setup → My Domain); the practice org only with --practice.".into(),
            ));
        }
        let Some(login) = self.logins().await?.into_iter().find(|login| {
            login.username == username && same_host(&login.instance_url, &domain.host)
        }) else {
            return Err(invalid(
                format!("The Salesforce CLI is not authorized to {} as {username}.", domain.host),
                format!("Sign the CLI in (sf org login web --instance-url {}) or connect the assistant with its own app.", domain.base_url()),
            ));
        };
        let display = self
            .run(&["org", "display", "--target-org", username, "--json"])
            .await?;
        let instance = text(&display, "instanceUrl")
            .trim_end_matches('/')
            .to_owned();
        if !same_host(&instance, &domain.host) {
            return Err(invalid(
                format!("The Salesforce CLI's login of {username} is for another org."),
                "Connect the assistant with its own app instead.".into(),
            ));
        }
        let token = match self
            .run(&[
                "org",
                "auth",
                "show-access-token",
                "--target-org",
                username,
                "--json",
            ])
            .await
        {
            Ok(result) => secret(&result),
            // An older CLI without that command still hands it out in `org display`.
            Err(_) => secret(&display),
        };
        drop(display);
        let Some(token) = token else {
            return Err(invalid(
                "The Salesforce CLI did not hand out its login.".into(),
                "Update the Salesforce CLI (sf update), or connect the assistant with its own app."
                    .into(),
            ));
        };
        let transport = eca_verify::http::Transport::new(practice, REQUEST_TIMEOUT);
        let version = newest_version(&transport, &instance).await?;
        let session = OrgSession {
            base: domain.base_url(),
            instance: instance.clone(),
            version: version.clone(),
            practice,
            token,
        };
        let soql = format!(
            "SELECT Id, Username FROM User WHERE Username = '{}'",
            username.replace('\\', "\\\\").replace('\'', "\\'")
        );
        let rows = query(&session, "User", &soql).await.map_err(|err| match err {
            OrgError::SessionEnded { said } => OrgError::Diagnosed(Diagnosis::new(
                DiagnosisCode::InvalidRequest,
                format!("The org refused the Salesforce CLI's login of {username} ({said})."),
                format!("Sign the CLI in again (sf org login web --instance-url {}) or connect the assistant with its own app.", session.base),
                None,
            )),
            other => other,
        })?;
        let user_id = rows
            .records
            .first()
            .map(|record| text(record, "Id"))
            .unwrap_or_default();
        let identity = OrgIdentity {
            host: domain.host,
            practice,
            instance_url: instance,
            api_version: version,
            org_id: login.org_id,
            user_id,
            username: username.to_owned(),
            scopes: Vec::new(),
            salesforce_cli: true,
        };
        Ok((session, identity))
    }

    /// The CLI's current token for `username`, for a later run that kept none in memory.
    pub async fn token(&self, username: &str) -> Result<Secret, OrgError> {
        let asked = self
            .run(&[
                "org",
                "auth",
                "show-access-token",
                "--target-org",
                username,
                "--json",
            ])
            .await;
        let token = match asked {
            Ok(result) => secret(&result),
            Err(_) => secret(
                &self
                    .run(&["org", "display", "--target-org", username, "--json"])
                    .await?,
            ),
        };
        token.ok_or_else(|| {
            invalid(
                "The Salesforce CLI did not hand out its login.".into(),
                "Update the Salesforce CLI (sf update), or connect the assistant with its own app."
                    .into(),
            )
        })
    }
}

/// `accessToken` as a `Secret`, unless missing or the CLI's redaction notice (a token has no
/// spaces).
fn secret(result: &Value) -> Option<Secret> {
    let token = result.get("accessToken").and_then(Value::as_str)?;
    (!token.is_empty() && !token.contains(char::is_whitespace)).then(|| Secret::new(token))
}

/// Whether `url`'s host (and port, for the practice org) is `host`.
fn same_host(url: &str, host: &str) -> bool {
    let Ok(url) = url::Url::parse(url) else {
        return false;
    };
    let Some(found) = url.host_str() else {
        return false;
    };
    let found = match url.port() {
        Some(port) => format!("{found}:{port}"),
        None => found.to_owned(),
    };
    found.eq_ignore_ascii_case(host)
}

fn invalid(message: String, fix: String) -> OrgError {
    OrgError::Diagnosed(Diagnosis::new(
        DiagnosisCode::InvalidRequest,
        message,
        fix,
        None,
    ))
}

fn cli_failed(command: &str, said: String) -> OrgError {
    invalid(
        format!("The Salesforce CLI could not answer `sf {command}` ({said})."),
        "Check the CLI works in a terminal (sf org list), or connect the assistant with its own app."
            .into(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instance_url_matches_its_my_domain_host_only() {
        assert!(same_host(
            "https://acme.my.salesforce.com",
            "acme.my.salesforce.com"
        ));
        assert!(same_host(
            "https://ACME.my.salesforce.com/",
            "acme.my.salesforce.com"
        ));
        assert!(same_host("http://127.0.0.1:4321", "127.0.0.1:4321"));
        assert!(!same_host("http://127.0.0.1:4322", "127.0.0.1:4321"));
        assert!(!same_host(
            "https://other.my.salesforce.com",
            "acme.my.salesforce.com"
        ));
    }

    #[test]
    fn a_redacted_access_token_is_no_token() {
        let redacted =
            serde_json::json!({ "accessToken": "[REDACTED] Use sf org auth show-access-token" });
        assert!(secret(&redacted).is_none());
        assert!(secret(&serde_json::json!({ "accessToken": "00D!abc" })).is_some());
    }
}
