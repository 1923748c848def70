//! `eca-setup-cli practice-org`: starts the practice org for a profile, prints what an admin
//! needs to rehearse against it (its address, key and secret, the user and password for its
//! sign-in page — printing the practice secret is the point here), and serves until Ctrl+C.

use std::io::{self, Write};

use clap::Args;
use eca_session::{
    default_flow, profile, Desk, PracticeConfig, PracticeOrg, Profile, SetupInputs, UiError,
};

use crate::failure::{Failure, Problem};

#[derive(Args)]
pub(crate) struct PracticeArgs {
    /// The integration whose External Client App the practice org plays, as `profiles` lists it.
    #[arg(long, value_name = "ID")]
    profile: String,
    /// The port on 127.0.0.1 to listen on (default: any free port).
    #[arg(long)]
    port: Option<u16>,
    /// Change one setting of the practice app or org, for example require_pkce=true or run_as=
    /// (empty). Repeat for more; a wrong key lists the valid ones.
    #[arg(long = "set", value_name = "KEY=VALUE", value_parser = crate::key_value)]
    settings: Vec<(String, String)>,
    /// A value the integration needs, for example run_as=integration@acme.com.
    #[arg(long = "input", value_name = "KEY=VALUE", value_parser = crate::key_value)]
    inputs: Vec<(String, String)>,
    /// An option of the integration to play, for example sandbox_client_credentials (its app
    /// then has what the option adds). Repeat for more.
    #[arg(long = "option", value_name = "ID")]
    options: Vec<String>,
}

pub(crate) fn run(args: PracticeArgs) -> Result<String, Failure> {
    let profile = profile(&args.profile).ok_or_else(|| UiError::unknown_profile(&args.profile))?;
    let (inputs, config) = config(profile, &args)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|err| {
            Failure::failed(
                format!("The practice org could not start its runtime ({err})."),
                "This is a bug; please report it.",
            )
        })?;
    let desk = Desk::for_this_computer()?;
    runtime.block_on(async {
        let org = desk.start_practice_org(config, args.port).await?;
        announce(profile, &inputs, &args.options, &org)?;
        // Serving goes on in the background until Ctrl+C (or the signal cannot be watched).
        let _ = tokio::signal::ctrl_c().await;
        org.shutdown().await;
        Ok("The practice org has stopped.\n".to_owned())
    })
}

fn config(
    profile: &Profile,
    args: &PracticeArgs,
) -> Result<(SetupInputs, PracticeConfig), Failure> {
    let mut inputs = SetupInputs::suggested(profile);
    let mut problems = crate::inputs::apply(profile, &mut inputs, &args.inputs, &args.options);
    let mut config = PracticeConfig::from_profile(profile, &inputs);
    for (key, value) in &args.settings {
        if let Err(err) = config.set(key, value) {
            let err = UiError::from(err);
            problems.push(Problem {
                message: err.message,
                hint: err.hint,
            });
        }
    }
    if problems.is_empty() {
        Ok((inputs, config))
    } else {
        Err(Failure::Invalid(problems))
    }
}

/// Prints the org's address and credentials and flushes, so a script can read them at once.
fn announce(
    profile: &Profile,
    inputs: &SetupInputs,
    options: &[String],
    org: &PracticeOrg,
) -> Result<(), Failure> {
    let config = org.config();
    let flow = default_flow(profile, inputs).cli_name();
    let mut options: String = options.iter().map(|id| format!(" --option {id}")).collect();
    // The inputs too, so the verification replays the partner's callback URL this org holds.
    for (id, value) in &inputs.values {
        options.push_str(&format!(" --input {id}={value}"));
    }
    let text = format!(
        "Practice org for {name} is running at {base}\n\
         (a simulated Salesforce org on this computer; nothing here reaches a real org)\n\n\
         Domain:          {host}\n\
         Consumer Key:    {key}\n\
         Consumer Secret: {secret}\n\
         Username:        {username}\n\
         Password:        {password}\n\
         Run As:          {run_as}\n\
         Callback URLs:   {callbacks}\n\
         Scopes:          {scopes}\n\
         Assistant Key:   {assistant}\n\n\
         To verify against it, in another terminal (give it the key and secret above when asked):\n  \
         eca-setup-cli verify --practice --profile {id} --domain {host} --flow {flow}{options}\n\n\
         To connect ECA Setup Assistant itself (its own app here has the Assistant Key above):\n  \
         eca-setup-cli org connect --practice --domain {host}\n\n\
         Press Ctrl+C to stop.\n",
        name = profile.name,
        base = org.base_url(),
        host = org.host(),
        key = org.consumer_key(),
        secret = org.consumer_secret().expose(),
        username = org.username(),
        password = org.password().expose(),
        run_as = config.run_as.as_deref().unwrap_or("(none)"),
        callbacks = config.callback_urls.join(", "),
        scopes = config
            .scopes
            .iter()
            .map(|scope| scope.tokens()[0])
            .collect::<Vec<_>>()
            .join(", "),
        id = profile.id,
        assistant = config.assistant_key,
    );
    let mut out = io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|err| {
            Failure::failed(
                format!("The practice org's details could not be written ({err})."),
                "Check where the output is redirected to.",
            )
        })
}
