//! The partner's side: what the admin types into the partner's own form once the app exists, in
//! that form's order and wording, and what happens next. Like the checklist, a pure function of
//! the profile and the admin's inputs. The key and secret stay references: a sheet never holds
//! them, so it can go to the webview, a report or the terminal as it is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::{normalize_domain, OrgKind};
use crate::inputs::SetupInputs;
use crate::migration::PASSWORD_FLOW_RETIRED;
use crate::profile::{Profile, Source};
use crate::screen::StepId;
use crate::template::fill_with_labels;

/// The partner's form as the profile file describes it. Values are templates: `{domain}` (the
/// org's host, no `https://`), `{connection_name}`, `{app_name}`, a profile input's `{id}`, and
/// `{consumer_key}` / `{consumer_secret}`, which must stand alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartnerForm {
    /// Where the admin goes, in the partner's words ("Vonage API Dashboard").
    pub place: String,
    pub from: Source,
    pub quote: String,
    /// How to reach the form, in order.
    pub before: Vec<Said>,
    pub fields: Vec<PartnerFieldSpec>,
    /// What happens once the form is sent, and how the integration shows up afterwards.
    #[serde(default)]
    pub after: Vec<Said>,
    #[serde(default)]
    pub notes: Vec<Said>,
    /// Token requests the partner takes instead on sandbox orgs: the guide's own, and any the
    /// app recommends because the guide's cannot work with an External Client App.
    #[serde(default)]
    pub sandbox_webhooks: Vec<WebhookSpec>,
}

/// Words shown as they are written: the guide's own when `from` names a guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Said {
    pub quote: String,
    pub from: Source,
}

/// One field of the partner's form. `quote` is what the guide says of it, shown as its help;
/// a value no guide gives (`from = "recommended"`) says why in its `note` instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartnerFieldSpec {
    pub label: String,
    /// A template; absent for something only the admin knows (a password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value: Option<String>,
    pub from: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
}

/// A token request the admin types into the partner's webhook form. The guide's own quotes the
/// guide; one the app recommends has `from = "recommended"`, a `note` saying why, and names the
/// `option` that adapts the app to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WebhookSpec {
    /// The recipe's heading on the partner screen.
    pub title: String,
    pub from: Source,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub quote: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub note: Option<String>,
    /// The profile option (`[[options]]` id) that gives the app what this recipe needs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub option: Option<String>,
    pub method: String,
    pub url: String,
    pub headers: Vec<PartnerFieldSpec>,
    pub params: Vec<PartnerFieldSpec>,
    /// Object path in the response → where the partner keeps it.
    pub response: Vec<PartnerFieldSpec>,
}

/// The form filled in for one setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartnerSheet {
    pub place: String,
    pub from: Source,
    pub before: Vec<String>,
    pub fields: Vec<PartnerEntry>,
    pub after: Vec<String>,
    pub notes: Vec<String>,
    /// On a sandbox: the webhook recipes, the guide's first.
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartnerEntry {
    pub label: String,
    pub value: PartnerValue,
    pub help: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
#[ts(export)]
pub enum PartnerValue {
    /// Typed as shown.
    Text { text: String },
    /// Read from the keychain when the admin asks to copy it; never part of a sheet.
    Credential { part: CredentialPart },
    /// Only the admin knows it (their API user's password); the help says what it is.
    Yours,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CredentialPart {
    ConsumerKey,
    ConsumerSecret,
}

impl CredentialPart {
    pub fn label(self) -> &'static str {
        match self {
            CredentialPart::ConsumerKey => "Consumer Key",
            CredentialPart::ConsumerSecret => "Consumer Secret",
        }
    }
}

/// One webhook recipe filled in for this setup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Webhook {
    pub title: String,
    /// A guide's id, or `recommended` when no guide gives this recipe.
    pub from: Source,
    /// The guide's words for it, or why the app recommends it.
    pub intro: String,
    pub method: String,
    pub url: String,
    pub headers: Vec<PartnerEntry>,
    pub params: Vec<PartnerEntry>,
    pub response: Vec<PartnerEntry>,
    pub warnings: Vec<String>,
    /// Whether it can work with the External Client App this setup creates: a
    /// username-password recipe cannot.
    pub works_with_eca: bool,
    /// The option that adapts the app to this recipe, and whether the admin chose it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub option: Option<RecipeOption>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RecipeOption {
    pub id: String,
    pub label: String,
    /// What choosing it changes in the app's settings.
    pub summary: String,
    pub chosen: bool,
    /// The checklist steps whose fields it sets: where to go once it is chosen.
    pub steps: Vec<StepId>,
}

/// Shown with every username-password recipe: it cannot work with an External Client App
/// (Salesforce Help, “Connected App to External Client App Migration”) and stops working for
/// connected apps on the retirement date (Help article 005461976).
fn password_recipe_warning() -> String {
    format!("This recipe works only with an older connected app: {PASSWORD_FLOW_RETIRED}")
}

/// Shown with every username-password recipe as well: the flow is blocked by default in new orgs.
pub const LEGACY_FLOW_WARNING: &str = "With a connected app, Salesforce also blocks this flow by default since Summer '23. To allow it: Setup → OAuth and OpenID Connect Settings → turn on “Allow OAuth Username-Password Flows”. Use it only in a sandbox, with an API user that has no other use.";

/// What to type at the partner, or `None` when the profile names no partner form.
pub fn partner_sheet(
    profile: &Profile,
    inputs: &SetupInputs,
    connection: Option<&str>,
) -> Option<PartnerSheet> {
    let form = profile.partner.as_ref()?;
    let org = normalize_domain(&inputs.domain).ok();
    let fill = |template: &str| -> String {
        let filled = template
            .replace(
                "{domain}",
                org.as_ref().map_or("<your org's domain>", |org| &org.host),
            )
            .replace(
                "{connection_name}",
                connection.unwrap_or("<the connection's name>"),
            )
            .replace("{app_name}", inputs.app_name.trim());
        fill_with_labels(&filled, profile, inputs)
    };
    let entry = |spec: &PartnerFieldSpec| PartnerEntry {
        label: spec.label.clone(),
        value: match spec.value.as_deref() {
            None => PartnerValue::Yours,
            Some("{consumer_key}") => PartnerValue::Credential {
                part: CredentialPart::ConsumerKey,
            },
            Some("{consumer_secret}") => PartnerValue::Credential {
                part: CredentialPart::ConsumerSecret,
            },
            Some(template) => PartnerValue::Text {
                text: fill(template),
            },
        },
        help: spec
            .quote
            .clone()
            .or_else(|| spec.note.clone())
            .unwrap_or_default(),
    };
    let said = |lines: &[Said]| lines.iter().map(|s| s.quote.clone()).collect();
    let sandbox = org.as_ref().is_some_and(|org| org.kind == OrgKind::Sandbox);
    let webhooks = form
        .sandbox_webhooks
        .iter()
        .filter(|_| sandbox)
        .map(|spec| {
            let password = is_password_grant(spec);
            Webhook {
                title: spec.title.clone(),
                from: spec.from.clone(),
                intro: spec
                    .quote
                    .clone()
                    .or_else(|| spec.note.clone())
                    .unwrap_or_default(),
                method: spec.method.clone(),
                url: fill(&spec.url),
                headers: spec.headers.iter().map(entry).collect(),
                params: spec.params.iter().map(entry).collect(),
                response: spec.response.iter().map(entry).collect(),
                warnings: if password {
                    vec![password_recipe_warning(), LEGACY_FLOW_WARNING.to_owned()]
                } else {
                    Vec::new()
                },
                works_with_eca: !password,
                option: spec.option.as_deref().and_then(|id| {
                    let option = profile.options.iter().find(|o| o.id == id)?;
                    Some(RecipeOption {
                        id: option.id.clone(),
                        label: option.label.clone(),
                        summary: option.summary.clone(),
                        chosen: inputs.chose(id),
                        steps: option.eca.steps(),
                    })
                }),
            }
        })
        .collect();
    Some(PartnerSheet {
        place: form.place.clone(),
        from: form.from.clone(),
        before: said(&form.before),
        fields: form.fields.iter().map(entry).collect(),
        after: said(&form.after),
        notes: said(&form.notes),
        webhooks,
    })
}

fn is_password_grant(spec: &WebhookSpec) -> bool {
    spec.params
        .iter()
        .any(|p| p.label == "grant_type" && p.value.as_deref() == Some("password"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile;

    fn vonage_inputs(domain: &str) -> SetupInputs {
        let vonage = profile("vonage-ai-studio").expect("vonage");
        SetupInputs {
            domain: domain.into(),
            ..SetupInputs::suggested(vonage)
        }
    }

    fn text(entry: &PartnerEntry) -> &str {
        match &entry.value {
            PartnerValue::Text { text } => text,
            other => panic!("{}: {other:?} is not text", entry.label),
        }
    }

    #[test]
    fn vonage_form_lists_name_secret_key_domain_with_the_bare_host() {
        let vonage = profile("vonage-ai-studio").expect("vonage");
        let sheet = partner_sheet(
            vonage,
            &vonage_inputs("https://Acme.my.salesforce.com/"),
            Some("Salesforce QA"),
        )
        .expect("vonage has a partner form");
        let labels: Vec<&str> = sheet.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(
            labels,
            ["Name", "Consumer Secret", "Consumer Key", "Domain"]
        );
        assert_eq!(text(&sheet.fields[0]), "Salesforce QA");
        assert_eq!(
            sheet.fields[1].value,
            PartnerValue::Credential {
                part: CredentialPart::ConsumerSecret
            }
        );
        assert_eq!(text(&sheet.fields[3]), "acme.my.salesforce.com");
        assert!(
            sheet.webhooks.is_empty(),
            "production orgs use the OAuth form"
        );
    }

    fn params(hook: &Webhook) -> Vec<(&str, &PartnerValue)> {
        hook.params
            .iter()
            .map(|p| (p.label.as_str(), &p.value))
            .collect()
    }

    const SANDBOX: &str = "acme--qa.sandbox.my.salesforce.com";
    const SANDBOX_TOKEN_URL: &str =
        "https://acme--qa.sandbox.my.salesforce.com/services/oauth2/token";

    #[test]
    fn vonage_sandbox_keeps_the_guides_password_webhook_marked_as_unusable_with_an_eca() {
        let vonage = profile("vonage-ai-studio").expect("vonage");
        let sheet = partner_sheet(vonage, &vonage_inputs(SANDBOX), None).expect("sheet");
        assert_eq!(sheet.webhooks.len(), 2, "the guide's recipe and ours");
        let hook = &sheet.webhooks[0];
        assert_eq!(hook.from.0, "001");
        assert!(!hook.works_with_eca);
        assert_eq!(hook.option, None);
        assert_eq!(hook.method, "POST");
        assert_eq!(hook.url, SANDBOX_TOKEN_URL);
        let params = params(hook);
        assert_eq!(
            params[0],
            (
                "grant_type",
                &PartnerValue::Text {
                    text: "password".into()
                }
            )
        );
        assert_eq!(
            params[2].1,
            &PartnerValue::Credential {
                part: CredentialPart::ConsumerSecret
            }
        );
        assert_eq!(params[4], ("password", &PartnerValue::Yours));
        assert_eq!(text(&hook.response[0]), "$SF_ACCESS_TOKEN");
        assert!(
            hook.warnings[0].contains("External Client Apps do not support")
                && hook.warnings[0].contains("older connected app")
                && hook.warnings[0].contains("20 February 2027"),
            "{:?}",
            hook.warnings
        );
        assert!(hook.warnings[1].contains("blocks this flow by default"));
        assert_eq!(text(&sheet.fields[0]), "<the connection's name>");
    }

    #[test]
    fn vonage_sandbox_gets_the_client_credentials_webhook_filled_in_for_its_my_domain() {
        let vonage = profile("vonage-ai-studio").expect("vonage");
        let sheet = partner_sheet(vonage, &vonage_inputs(SANDBOX), None).expect("sheet");
        let hook = &sheet.webhooks[1];
        assert_eq!(hook.from.0, "recommended", "guide 001 does not give it");
        assert!(hook.works_with_eca);
        assert!(hook.warnings.is_empty());
        for cited in [
            "Connected App to External Client App Migration",
            "005461976",
            "000886201",
        ] {
            assert!(
                hook.intro.contains(cited),
                "the note cites {cited}: {}",
                hook.intro
            );
        }
        assert_eq!(hook.method, "POST");
        assert_eq!(hook.url, SANDBOX_TOKEN_URL);
        assert_eq!(
            params(hook),
            [
                (
                    "grant_type",
                    &PartnerValue::Text {
                        text: "client_credentials".into()
                    }
                ),
                (
                    "client_id",
                    &PartnerValue::Credential {
                        part: CredentialPart::ConsumerKey
                    }
                ),
                (
                    "client_secret",
                    &PartnerValue::Credential {
                        part: CredentialPart::ConsumerSecret
                    }
                ),
            ]
        );
        assert_eq!(text(&hook.headers[0]), "application/x-www-form-urlencoded");
        assert_eq!(hook.response.len(), 1);
        assert_eq!(hook.response[0].label, "access_token");
        assert_eq!(text(&hook.response[0]), "$SF_ACCESS_TOKEN");
        let option = hook.option.as_ref().expect("the recipe names its option");
        assert_eq!(option.id, "sandbox_client_credentials");
        assert!(!option.chosen);

        let mut inputs = vonage_inputs(SANDBOX);
        inputs.options.insert(option.id.clone());
        let sheet = partner_sheet(vonage, &inputs, None).expect("sheet");
        assert!(sheet.webhooks[1].option.as_ref().is_some_and(|o| o.chosen));
    }

    #[test]
    fn every_guided_profile_asks_for_both_credentials_and_custom_too() {
        // The app's own External Client App has no partner form: nothing is typed anywhere.
        for profile in crate::profiles().iter().filter(|p| p.partner.is_some()) {
            let inputs = SetupInputs {
                domain: "acme.my.salesforce.com".into(),
                ..SetupInputs::suggested(profile)
            };
            let sheet = partner_sheet(profile, &inputs, Some("Salesforce Production"))
                .unwrap_or_else(|| panic!("{} has a partner form", profile.id));
            for part in [CredentialPart::ConsumerKey, CredentialPart::ConsumerSecret] {
                assert!(
                    sheet
                        .fields
                        .iter()
                        .any(|f| f.value == PartnerValue::Credential { part }),
                    "{}: {part:?}",
                    profile.id
                );
            }
        }
        let own = crate::profile("eca-setup-assistant").expect("the app's own profile");
        assert!(
            partner_sheet(own, &SetupInputs::suggested(own), None).is_none(),
            "no partner form, no sheet"
        );
    }
}
