//! `eca-setup-cli verify`: proves an External Client App works against an org (or the practice
//! org) and prints the checks, as text or JSON. The key and secret are read from standard input,
//! never from arguments, so they stay out of shell history and process listings. Exits 1 when a
//! check fails, 2 when what was typed cannot be used.

use std::fmt::Write as _;
use std::io::{self, BufRead, Write as _};
use std::time::Duration;

use clap::{Args, ValueEnum};
use eca_core::domain::normalize_domain;
use eca_core::inputs::SetupInputs;
use eca_core::links::open_in_browser;
use eca_core::secret::Secret;
use eca_core::{checklist, profile, Profile, UiError};
use eca_verify::{
    CancellationToken, CheckStatus, FlowChoice, PasswordLogin, Progress, RetryPolicy, Verification,
    VerifyRequest,
};

use crate::failure::{Failure, Problem};

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// The integration's id, as `eca-setup-cli profiles` lists it.
    #[arg(long, value_name = "ID")]
    profile: String,
    /// The org's My Domain (for example acme.my.salesforce.com), or the practice org's address.
    #[arg(long)]
    domain: String,
    /// The OAuth flow to verify with (default: the first the profile allows).
    #[arg(long, value_enum)]
    flow: Option<FlowArg>,
    /// A value the integration needs, for example run_as=integration@acme.com.
    #[arg(long = "input", value_name = "KEY=VALUE", value_parser = crate::key_value)]
    inputs: Vec<(String, String)>,
    /// The SOQL query to run (default: SELECT Id, Name FROM Organization).
    #[arg(long, value_name = "QUERY")]
    soql: Option<String>,
    /// Print the result as JSON instead of text.
    #[arg(long)]
    json: bool,
    /// The loopback port for the web server flow's redirect (default 1717).
    #[arg(long, value_name = "N")]
    port: Option<u16>,
    /// How long to wait for the browser sign-in, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = 300)]
    timeout: u64,
    /// How long to keep retrying while a new app propagates, in seconds (Salesforce: up to 600).
    #[arg(long, value_name = "SECS", default_value_t = 600)]
    propagation_wait: u64,
    /// Revoke the tokens the verification obtained when it is done.
    #[arg(long)]
    revoke: bool,
}

#[derive(Clone, Copy, ValueEnum)]
enum FlowArg {
    ClientCredentials,
    WebServer,
    Password,
}

impl From<FlowArg> for FlowChoice {
    fn from(flow: FlowArg) -> FlowChoice {
        match flow {
            FlowArg::ClientCredentials => FlowChoice::ClientCredentials,
            FlowArg::WebServer => FlowChoice::WebServer,
            FlowArg::Password => FlowChoice::Password,
        }
    }
}

pub(crate) fn run(args: VerifyArgs) -> Result<String, Failure> {
    let profile = profile(&args.profile).ok_or_else(|| UiError::unknown_profile(&args.profile))?;
    let inputs = setup_inputs(profile, &args)?;
    let flow = args.flow.map_or_else(
        || FlowChoice::for_profile(eca_core::checklist::effective_eca(profile, &inputs)),
        FlowChoice::from,
    );
    let credentials = read_credentials(&mut io::stdin().lock(), flow)?;
    let mut request =
        VerifyRequest::new(profile.clone(), inputs, credentials.key, credentials.secret);
    request.flow = flow;
    request.soql = args.soql;
    request.password_login = credentials.login;
    request.revoke_after = args.revoke;
    request.loopback.timeout = Duration::from_secs(args.timeout);
    if let Some(port) = args.port {
        request.loopback.port = port;
    }
    request.propagation = RetryPolicy {
        total: Duration::from_secs(args.propagation_wait),
        ..RetryPolicy::default()
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| {
            Failure::failed(
                format!("The verification could not start its runtime ({err})."),
                "This is a bug; please report it.",
            )
        })?;
    let verification = runtime.block_on(async {
        let cancel = CancellationToken::new();
        let on_ctrl_c = cancel.clone();
        tokio::spawn(async move {
            if tokio::signal::ctrl_c().await.is_ok() {
                on_ctrl_c.cancel();
            }
        });
        eca_verify::verify(request, &open_in_browser, &report_progress, cancel).await
    });
    let text = if args.json {
        crate::json(&verification)?
    } else {
        render(profile, &verification)
    };
    if verification.passed {
        return Ok(text);
    }
    crate::write_stdout(&text)?;
    let failed = verification
        .checks
        .iter()
        .filter(|check| check.status == CheckStatus::Failed)
        .count();
    Err(Failure::failed(
        format!("The verification found {failed} problem(s)."),
        "Each failed check above says what to fix and which step to revisit.",
    ))
}

/// The profile's suggested inputs with `--domain` and `--input` applied.
fn setup_inputs(profile: &Profile, args: &VerifyArgs) -> Result<SetupInputs, Failure> {
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain.clone_from(&args.domain);
    let mut problems = Vec::new();
    if let Err(issue) = normalize_domain(&args.domain) {
        problems.push(Problem {
            message: issue.message,
            hint: issue.hint,
        });
    }
    for (key, value) in &args.inputs {
        if profile.input(key).is_some() {
            inputs.values.insert(key.clone(), value.clone());
        } else {
            let known: Vec<&str> = profile.inputs.iter().map(|i| i.id.as_str()).collect();
            problems.push(Problem {
                message: format!("{} has no input called “{key}”.", profile.name),
                hint: if known.is_empty() {
                    "This integration takes no --input values.".into()
                } else {
                    format!("Its inputs are: {}.", known.join(", "))
                },
            });
        }
    }
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(Failure::Invalid(problems))
    }
}

struct Credentials {
    key: String,
    secret: Secret,
    login: Option<PasswordLogin>,
}

/// Key, then secret, one per line; for the password flow also username, then password.
fn read_credentials(input: &mut impl BufRead, flow: FlowChoice) -> Result<Credentials, Failure> {
    let mut names = vec!["Consumer Key", "Consumer Secret"];
    if flow == FlowChoice::Password {
        names.extend(["username", "password (with the security token appended)"]);
    }
    let mut values = Vec::new();
    for name in &names {
        let mut line = String::new();
        let read = input.read_line(&mut line).map_err(|err| {
            Failure::failed(
                format!("Standard input could not be read ({err})."),
                "Pipe the key and secret in, one per line.",
            )
        })?;
        let value = Secret::new(line.trim());
        // Wiped on drop, like every secret.
        drop(Secret::new(line));
        if read == 0 || value.is_empty() {
            return Err(Failure::Invalid(vec![Problem {
                message: format!("The {name} is missing from standard input."),
                hint: format!(
                    "Give {} on standard input, one per line, for example from a file: < credentials.txt",
                    names.join(", then ")
                ),
            }]));
        }
        values.push(value);
    }
    let mut values = values.into_iter();
    let key = values
        .next()
        .map(|v| v.expose().to_owned())
        .unwrap_or_default();
    let secret = values.next().unwrap_or_else(|| Secret::new(""));
    let login = match (values.next(), values.next()) {
        (Some(username), Some(password)) => Some(PasswordLogin {
            username: username.expose().to_owned(),
            password,
        }),
        _ => None,
    };
    Ok(Credentials { key, secret, login })
}

/// Progress goes to stderr, so stdout holds only the result.
fn report_progress(event: Progress) {
    let line = match event {
        Progress::Step { message } => format!("… {message}"),
        Progress::WaitingForBrowser {
            authorize_url,
            redirect_uri,
            timeout_secs,
        } => format!(
            "… Sign in and click Allow in your browser (waiting {timeout_secs} s for {redirect_uri}). If no browser opened, visit:\n  {authorize_url}"
        ),
        Progress::WaitingForPropagation {
            attempt,
            waited_secs,
            next_retry_secs,
            total_secs,
        } => format!(
            "… The key is not known yet; a new app can take up to 10 minutes to reach Salesforce's login servers. Try {attempt} in {next_retry_secs} s ({waited_secs} of {total_secs} s waited)."
        ),
        Progress::CheckDone { .. } => return,
    };
    let _ = writeln!(io::stderr().lock(), "{line}");
}

/// The checks as text: one line each, with the diagnosis under a failure.
fn render(profile: &Profile, verification: &Verification) -> String {
    let steps = {
        let mut inputs = SetupInputs::suggested(profile);
        inputs.domain.clone_from(&verification.host);
        checklist(profile, &inputs).steps
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: verification on {} with the {} flow",
        profile.name,
        verification.host,
        verification.flow.label()
    );
    for check in &verification.checks {
        let mark = match check.status {
            CheckStatus::Passed => "PASS",
            CheckStatus::Failed => "FAIL",
            CheckStatus::Skipped => "SKIP",
        };
        let _ = writeln!(out, "{mark}  {}: {}", check.title, check.detail);
        if let Some(diagnosis) = &check.diagnosis {
            let _ = writeln!(out, "      Fix: {}", diagnosis.fix);
            if let Some(id) = &diagnosis.step {
                let title = steps
                    .iter()
                    .find(|step| &step.id == id)
                    .map_or(id.as_str(), |step| step.title.as_str());
                let _ = writeln!(out, "      Step: {title} ({id})");
            }
            let _ = writeln!(out, "      Code: {:?}", diagnosis.code);
        }
    }
    for note in &verification.notes {
        let _ = writeln!(out, "Note: {note}");
    }
    let _ = writeln!(
        out,
        "{}",
        if verification.passed {
            "Result: the External Client App works."
        } else {
            "Result: the verification failed."
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_come_one_per_line() {
        let mut input = io::Cursor::new("3MVGkey \n secret\r\n");
        let read = read_credentials(&mut input, FlowChoice::ClientCredentials).expect("read");
        assert_eq!(read.key, "3MVGkey");
        assert_eq!(read.secret.expose(), "secret");
        assert!(read.login.is_none());

        let mut input = io::Cursor::new("key\nsecret\nadmin@acme.com\npw+token\n");
        let read = read_credentials(&mut input, FlowChoice::Password).expect("read");
        let login = read.login.expect("a login");
        assert_eq!(login.username, "admin@acme.com");
        assert_eq!(login.password.expose(), "pw+token");
    }

    #[test]
    fn a_missing_secret_says_what_to_pipe_in() {
        let mut input = io::Cursor::new("key\n");
        let Err(Failure::Invalid(problems)) =
            read_credentials(&mut input, FlowChoice::ClientCredentials)
        else {
            panic!("a missing secret is refused")
        };
        assert!(problems[0].message.contains("Consumer Secret"));
    }
}
