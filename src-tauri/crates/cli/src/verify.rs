//! `eca-setup-cli verify`: proves an External Client App works against an org (or the practice
//! org) and prints the checks, as text or JSON. The key and secret are read from standard input,
//! never from arguments, so they stay out of shell history and process listings (at a terminal
//! the secret is not echoed). The tokens it obtains are revoked when it ends unless
//! `--keep-tokens` says otherwise; it keeps no copy. Exits 1 when a check fails, 2 when what
//! was typed cannot be used, including a flow the setup's app cannot be verified with (the
//! username-password flow never can), before anything is read.

use std::fmt::Write as _;
use std::future::Future;
use std::io::{self, Write as _};
use std::pin::Pin;
use std::time::Duration;

use clap::{Args, ValueEnum};
use eca_session::{
    checklist, choose_flow, normalize_domain, profile, CheckStatus, Desk, FlowChoice, Profile,
    Progress, Secret, SetupInputs, UiError, Verification, VerifyOptions, PASSWORD_FLOW_UNSUPPORTED,
};

use crate::failure::{Failure, Problem};

#[derive(Args)]
pub(crate) struct VerifyArgs {
    /// A connection saved with `connection add`: its integration, org, key and secret (from the
    /// keychain) are used; a connection saved for another org than its setup's is refused.
    #[arg(long, value_name = "NAME")]
    connection: Option<String>,
    /// The integration's id, as `eca-setup-cli profiles` lists it.
    #[arg(
        long,
        value_name = "ID",
        required_unless_present = "connection",
        conflicts_with = "connection"
    )]
    profile: Option<String>,
    /// The org's My Domain (for example acme.my.salesforce.com), or the practice org's address.
    #[arg(
        long,
        required_unless_present = "connection",
        conflicts_with = "connection"
    )]
    domain: Option<String>,
    /// The OAuth flow to verify with (default: the first the profile allows). `password` is
    /// refused: External Client Apps do not support the username-password flow.
    #[arg(long, value_enum)]
    flow: Option<FlowArg>,
    /// A value the integration needs, for example run_as=integration@acme.com (a saved
    /// connection's setup has its own).
    #[arg(long = "input", value_name = "KEY=VALUE", value_parser = crate::key_value, conflicts_with = "connection")]
    inputs: Vec<(String, String)>,
    /// An option of the integration the setup chose, for example sandbox_client_credentials
    /// (`profiles` lists them). Repeat for more.
    #[arg(long = "option", value_name = "ID", conflicts_with = "connection")]
    options: Vec<String>,
    /// The domain is the practice org, or another simulated org, on this computer
    /// (127.0.0.1:PORT): the key and secret then go to it over plain http. Required for such an
    /// address, refused for a real org's; a saved connection says itself.
    #[arg(long, conflicts_with = "connection")]
    practice: bool,
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
    /// Leave the tokens the verification obtained valid in Salesforce (until they expire or are
    /// revoked in Setup → External Client Apps → OAuth Usage) instead of revoking them when it
    /// ends. This tool keeps no copy of them either way.
    #[arg(long)]
    keep_tokens: bool,
    /// Revoke the tokens when the verification ends: the default now, accepted for scripts
    /// written before it was.
    #[arg(long, hide = true, conflicts_with = "keep_tokens")]
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
    let runtime = crate::runtime()?;
    let desk = Desk::for_this_computer()?;
    let options = VerifyOptions {
        flow: args.flow.map(FlowChoice::from),
        soql: args.soql.clone(),
        port: args.port,
        browser_timeout: Some(Duration::from_secs(args.timeout)),
        propagation_wait: Some(Duration::from_secs(args.propagation_wait)),
        keep_tokens: args.keep_tokens,
        // Said with --practice, never read from the domain's text (see `plain_http`). A saved
        // connection's own setup says whether it is practice.
        practice: args.practice,
    };
    let verification = runtime.block_on(async {
        // What was asked is checked before anything is read from stdin.
        let mut verifying: Pin<Box<dyn Future<Output = Result<Verification, UiError>> + '_>> =
            match &args.connection {
                Some(name) => {
                    let (profile, inputs) = desk.connection_inputs(name).await?;
                    check_flow(profile, &inputs, options.flow)?;
                    Box::pin(desk.verify(name, options, &report_progress))
                }
                None => {
                    let profile_id = args.profile.clone().unwrap_or_default();
                    let profile = profile(&profile_id)
                        .ok_or_else(|| UiError::unknown_profile(&profile_id))?;
                    let inputs = setup_inputs(profile, &args)?;
                    crate::plain_http::check(&inputs.domain, args.practice)?;
                    check_flow(profile, &inputs, options.flow)?;
                    let (key, secret) = usable(crate::credentials::read().await?)?;
                    Box::pin(desk.verify_credentials(
                        &profile.id,
                        inputs,
                        key,
                        secret,
                        options,
                        &report_progress,
                    ))
                }
            };
        // Ctrl+C cancels the verification, which still revokes its tokens and reports.
        let handling = crate::interrupt::handled_here();
        let verification = tokio::select! {
            done = &mut verifying => done,
            _ = tokio::signal::ctrl_c() => {
                desk.cancel_verify();
                let done = verifying.await;
                handling.keep();
                done
            }
        };
        Ok::<_, Failure>(verification?)
    })?;
    let profile = profile(&verification.profile_id)
        .ok_or_else(|| UiError::unknown_profile(&verification.profile_id))?;
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

/// The profile's suggested inputs with `--domain`, `--input` and `--option` applied.
fn setup_inputs(profile: &Profile, args: &VerifyArgs) -> Result<SetupInputs, Failure> {
    let mut inputs = SetupInputs::suggested(profile);
    let domain = args.domain.clone().unwrap_or_default();
    inputs.domain.clone_from(&domain);
    let mut problems = Vec::new();
    if let Err(issue) = normalize_domain(&domain) {
        problems.push(Problem {
            message: issue.message,
            hint: issue.hint,
        });
    }
    problems.extend(crate::inputs::apply(
        profile,
        &mut inputs,
        &args.inputs,
        &args.options,
    ));
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(Failure::Invalid(problems))
    }
}

/// A flow the setup's app cannot be verified with is refused before the key and secret are
/// read, in the command line's words: which `--flow` to use, which `--option` gives the app
/// the flow asked for.
fn check_flow(
    profile: &Profile,
    inputs: &SetupInputs,
    asked: Option<FlowChoice>,
) -> Result<FlowChoice, Failure> {
    let refused = match choose_flow(profile, inputs, asked) {
        Ok(flow) => return Ok(flow),
        Err(refused) => refused,
    };
    let instead = refused.instead;
    let use_instead = format!(
        "use --flow {} instead (the {} flow).",
        instead.cli_name(),
        instead.label()
    );
    let problem = if refused.asked == FlowChoice::Password {
        let why = PASSWORD_FLOW_UNSUPPORTED.trim_end_matches('.');
        Problem {
            message: format!("{why}: {use_instead}"),
            hint: format!(
                "eca-setup-cli verify --profile {} --domain … --flow {}",
                profile.id,
                instead.cli_name()
            ),
        }
    } else {
        Problem {
            message: format!(
                "{}'s External Client App cannot be verified with the {} flow: {use_instead}",
                profile.name,
                refused.asked.label()
            ),
            hint: match refused.enabling_options.as_slice() {
                [] => "The integration's guide does not enable that flow on the app.".to_owned(),
                ids => format!(
                    "To give the app that flow, choose --option {} (and type what it asks for).",
                    ids.join(" or --option ")
                ),
            },
        }
    };
    Err(Failure::Invalid(vec![problem]))
}

/// The key and secret trimmed, or which of them is missing.
fn usable((key, secret): (String, Secret)) -> Result<(String, Secret), Failure> {
    let hint = "Give Consumer Key, then Consumer Secret on standard input, one per line, for example from a file: < credentials.txt";
    let missing = |name: &str| {
        Failure::Invalid(vec![Problem {
            message: format!("The {name} is missing from standard input."),
            hint: hint.into(),
        }])
    };
    let key = key.trim().to_owned();
    if key.is_empty() {
        return Err(missing("Consumer Key"));
    }
    let trimmed = Secret::new(secret.expose().trim());
    if trimmed.is_empty() {
        return Err(missing("Consumer Secret"));
    }
    Ok((key, trimmed))
}

/// Progress goes to stderr, so stdout holds only the result.
pub(crate) fn report_progress(event: Progress) {
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
                    .map_or(id.as_str(), |step| step.header.title.as_str());
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

    fn read_credentials(input: &str) -> Result<(String, Secret), Failure> {
        usable(crate::credentials::lines(&mut io::Cursor::new(input))?)
    }

    #[test]
    fn credentials_come_one_per_line_trimmed() {
        let (key, secret) = read_credentials("3MVGkey \n secret\r\nmore\n").expect("read");
        assert_eq!(key, "3MVGkey");
        assert_eq!(secret.expose(), "secret");
    }

    fn refusal(profile_id: &str, asked: FlowChoice) -> Problem {
        let profile = profile(profile_id).expect("profile");
        match check_flow(profile, &SetupInputs::suggested(profile), Some(asked)) {
            Err(Failure::Invalid(mut problems)) if problems.len() == 1 => problems.remove(0),
            other => panic!("{profile_id} {asked:?}: {other:?}"),
        }
    }

    #[test]
    fn the_password_flow_is_refused_saying_why_and_the_flow_to_use() {
        let problem = refusal("vonage-ai-studio", FlowChoice::Password);
        assert_eq!(
            problem.message,
            "External Client Apps do not support the username-password flow, and Salesforce retires it for connected apps on 20 February 2027: use --flow web-server instead (the web server (browser sign-in) flow)."
        );
        let problem = refusal("service-board-sync", FlowChoice::Password);
        assert!(
            problem
                .message
                .ends_with("use --flow client-credentials instead (the client credentials flow)."),
            "{}",
            problem.message
        );
    }

    #[test]
    fn a_flow_the_app_does_not_enable_is_refused_naming_the_flow_and_the_option() {
        let problem = refusal("vonage-ai-studio", FlowChoice::ClientCredentials);
        assert_eq!(
            problem.message,
            "Vonage AI Studio's External Client App cannot be verified with the client credentials flow: use --flow web-server instead (the web server (browser sign-in) flow)."
        );
        assert!(
            problem.hint.contains("--option sandbox_client_credentials"),
            "{}",
            problem.hint
        );
        let problem = refusal("service-board-sync", FlowChoice::WebServer);
        assert!(problem.message.contains("use --flow client-credentials"));
        assert!(problem.hint.contains("does not enable"), "{}", problem.hint);
    }

    #[test]
    fn offered_flows_and_the_custom_profiles_are_accepted() {
        let vonage = profile("vonage-ai-studio").expect("profile");
        let mut inputs = SetupInputs::suggested(vonage);
        assert_eq!(
            check_flow(vonage, &inputs, None).ok(),
            Some(FlowChoice::WebServer)
        );
        inputs.options.insert("sandbox_client_credentials".into());
        assert_eq!(
            check_flow(vonage, &inputs, None).ok(),
            Some(FlowChoice::ClientCredentials)
        );
        let custom = profile("custom").expect("profile");
        assert_eq!(
            check_flow(
                custom,
                &SetupInputs::suggested(custom),
                Some(FlowChoice::ClientCredentials)
            )
            .ok(),
            Some(FlowChoice::ClientCredentials),
            "the admin's own app may enable any flow"
        );
    }

    #[test]
    fn a_missing_secret_says_what_to_pipe_in() {
        let Err(Failure::Invalid(problems)) = read_credentials("key\n") else {
            panic!("a missing secret is refused")
        };
        assert!(problems[0].message.contains("Consumer Secret"));
    }
}
