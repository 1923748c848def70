//! The `checklist` flags turned into the core's `SetupInputs` and checked by the core's own
//! `validate`. Two things differ from the app: a missing contact email is fine on paper (its
//! placeholder shows), and every problem also names the flag that fixes it.

use eca_session::{derive_api_name, validate, FieldIssue, Profile, SetupInputs};

use crate::failure::{Failure, Problem};
use crate::ChecklistArgs;

/// The profile's suggested inputs with the flags applied, or every problem with them.
pub fn setup_inputs(profile: &Profile, args: &ChecklistArgs) -> Result<SetupInputs, Failure> {
    let mut inputs = SetupInputs::suggested(profile);
    inputs.domain.clone_from(&args.domain);
    if let Some(name) = &args.app_name {
        inputs.app_name.clone_from(name);
        inputs.api_name = derive_api_name(name);
    }
    if let Some(api_name) = &args.api_name {
        inputs.api_name.clone_from(api_name);
    }
    if let Some(email) = &args.email {
        inputs.contact_email.clone_from(email);
    }
    let mut problems = apply(profile, &mut inputs, &args.inputs, &args.options);
    let email_left_out = inputs.contact_email.trim().is_empty();
    problems.extend(
        validate(profile, &inputs)
            .into_iter()
            .filter(|issue| !(email_left_out && issue.field == "contact_email"))
            .map(|issue| with_flag(profile, issue)),
    );
    if problems.is_empty() {
        Ok(inputs)
    } else {
        Err(Failure::Invalid(problems))
    }
}

/// Each `--input KEY=VALUE` and `--option ID` the profile has, applied; one problem per key or
/// id it does not have.
pub fn apply(
    profile: &Profile,
    inputs: &mut SetupInputs,
    values: &[(String, String)],
    options: &[String],
) -> Vec<Problem> {
    let mut problems = Vec::new();
    for (key, value) in values {
        if profile.input(key).is_some() {
            inputs.values.insert(key.clone(), value.clone());
        } else {
            problems.push(unknown_input(profile, key));
        }
    }
    problems.extend(choose_options(profile, options, inputs));
    problems
}

/// Chooses each `--option` the profile has; one problem per id it does not have.
fn choose_options(profile: &Profile, ids: &[String], inputs: &mut SetupInputs) -> Vec<Problem> {
    let mut problems = Vec::new();
    for id in ids {
        if profile.options.iter().any(|option| &option.id == id) {
            inputs.options.insert(id.clone());
        } else {
            let known: Vec<&str> = profile.options.iter().map(|o| o.id.as_str()).collect();
            problems.push(Problem {
                message: format!("{} has no option called “{id}”.", profile.name),
                hint: if known.is_empty() {
                    format!("{} takes no --option; leave it out.", profile.name)
                } else {
                    format!("Its options are: {}.", known.join(", "))
                },
            });
        }
    }
    problems
}

/// The core's sentence and hint, with the flag that sets the field added to the hint.
fn with_flag(profile: &Profile, issue: FieldIssue) -> Problem {
    let flag = match issue.field.as_str() {
        "domain" => "--domain".to_owned(),
        "app_name" => "--app-name".to_owned(),
        "api_name" => "--api-name".to_owned(),
        "contact_email" => "--email".to_owned(),
        id => match profile.input(id) {
            Some(spec) => format!("--input {id}={}", spec.example),
            None => {
                return Problem {
                    message: issue.message,
                    hint: issue.hint,
                }
            }
        },
    };
    Problem {
        message: issue.message,
        hint: format!("{} Set it with {flag}.", issue.hint),
    }
}

fn unknown_input(profile: &Profile, key: &str) -> Problem {
    let hint = if profile.inputs.is_empty() {
        format!("{} takes no --input; leave it out.", profile.name)
    } else {
        let valid: Vec<String> = profile
            .inputs
            .iter()
            .map(|spec| format!("{} ({})", spec.id, spec.label))
            .collect();
        format!("Its inputs are: {}.", valid.join(", "))
    };
    Problem {
        message: format!("{} has no input called “{key}”.", profile.name),
        hint,
    }
}
