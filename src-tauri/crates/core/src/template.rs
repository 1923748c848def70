//! A profile's values with `{input_id}` placeholders (callback URLs, the Run As user, the
//! partner's form) filled from the admin's inputs. What a missing input becomes is the caller's
//! rule, and the only thing that differs between callers: the checklist shows `<Input label>`,
//! the practice org stands in a value of its own, the verification has nothing to compare.

use crate::inputs::SetupInputs;
use crate::profile::{InputSpec, Profile};

/// `template` with each of the profile's `{input_id}` placeholders replaced by the admin's value
/// for it (cleaned as `SetupInputs::value` cleans it) or, while that input is empty, by what
/// `missing` gives; `None` as soon as `missing` gives nothing. Placeholders the profile declares
/// no input for (`{domain}`, a typo) are left as they are.
pub fn fill(
    template: &str,
    profile: &Profile,
    inputs: &SetupInputs,
    mut missing: impl FnMut(&InputSpec) -> Option<String>,
) -> Option<String> {
    let mut out = template.to_owned();
    for spec in &profile.inputs {
        let key = format!("{{{}}}", spec.id);
        if out.contains(&key) {
            let value = match inputs.value(profile, &spec.id) {
                Some(value) => value,
                None => missing(spec)?,
            };
            out = out.replace(&key, &value);
        }
    }
    Some(out)
}

/// The rule for what the admin reads (the checklist, the partner's form): a missing input shows
/// as `<Input label>`, saying what goes there.
pub fn label(spec: &InputSpec) -> Option<String> {
    Some(format!("<{}>", spec.label))
}

/// `fill` with the `label` rule, which fills every placeholder.
pub fn fill_with_labels(template: &str, profile: &Profile, inputs: &SetupInputs) -> String {
    fill(template, profile, inputs, label).unwrap_or_else(|| unreachable!("labels never miss"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::InputKind;

    const CALLBACK: &str = "https://{tenant_domain}/oauth";

    fn service_board_sync() -> &'static Profile {
        crate::profile("service-board-sync").expect("profile")
    }

    fn typed(pairs: &[(&str, &str)]) -> SetupInputs {
        let mut inputs = SetupInputs::suggested(service_board_sync());
        for (id, value) in pairs {
            inputs.values.insert((*id).into(), (*value).into());
        }
        inputs
    }

    #[test]
    fn the_admins_value_is_used_cleaned_as_inputs_clean_it() {
        let inputs = typed(&[("tenant_domain", " https://acme.serviceboardsync.com/ ")]);
        let filled = fill(CALLBACK, service_board_sync(), &inputs, |_| {
            panic!("no input is missing")
        });
        assert_eq!(
            filled.as_deref(),
            Some("https://acme.serviceboardsync.com/oauth")
        );
    }

    #[test]
    fn the_label_rule_shows_what_goes_there() {
        let inputs = typed(&[("tenant_domain", "   ")]);
        assert_eq!(
            fill_with_labels(CALLBACK, service_board_sync(), &inputs),
            "https://<Service Board Sync tenant domain>/oauth"
        );
    }

    #[test]
    fn a_stand_in_rule_is_asked_about_the_missing_input_only() {
        let mut asked = Vec::new();
        let inputs = typed(&[("run_as", "integration@acme.com")]);
        let filled = fill(
            "{run_as} at {tenant_domain}",
            service_board_sync(),
            &inputs,
            |spec| {
                asked.push(spec.id.clone());
                (spec.kind == InputKind::Host).then(|| "partner.example".to_owned())
            },
        );
        assert_eq!(
            filled.as_deref(),
            Some("integration@acme.com at partner.example")
        );
        assert_eq!(asked, ["tenant_domain"]);
    }

    #[test]
    fn a_rule_that_gives_nothing_leaves_no_value() {
        let inputs = typed(&[("run_as", "integration@acme.com")]);
        let filled = fill(
            "{run_as} at {tenant_domain}",
            service_board_sync(),
            &inputs,
            |_| None,
        );
        assert_eq!(filled, None);
    }

    #[test]
    fn text_without_the_profiles_placeholders_is_left_as_it_is() {
        let inputs = typed(&[]);
        for text in [
            "https://api-eu.vonage.com/oauth/redirect",
            "https://{domain}/x",
            "",
        ] {
            assert_eq!(
                fill(text, service_board_sync(), &inputs, |_| None).as_deref(),
                Some(text)
            );
        }
    }
}
