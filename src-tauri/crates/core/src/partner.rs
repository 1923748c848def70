//! The partner's side: what the admin types into the partner's own form once the app exists, in
//! that form's order and wording, and what happens next. Like the checklist, a pure function of
//! the profile and the admin's inputs. The key and secret stay references: a sheet never holds
//! them, so it can go to the webview, a report or the terminal as it is.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::fill_template;
use crate::domain::{normalize_domain, OrgKind};
use crate::inputs::SetupInputs;
use crate::profile::{Profile, Source};

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
    /// A token request the partner asks for instead on sandbox orgs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub sandbox_webhook: Option<WebhookSpec>,
}

/// Words shown as they are written: the guide's own when `from` names a guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Said {
    pub quote: String,
    pub from: Source,
}

/// One field of the partner's form. `quote` is what the guide says of it, shown as its help.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PartnerFieldSpec {
    pub label: String,
    /// A template; absent for something only the admin knows (a password).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub value: Option<String>,
    pub from: Source,
    pub quote: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct WebhookSpec {
    pub from: Source,
    pub quote: String,
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
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub webhook: Option<Webhook>,
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

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Webhook {
    pub intro: String,
    pub method: String,
    pub url: String,
    pub headers: Vec<PartnerEntry>,
    pub params: Vec<PartnerEntry>,
    pub response: Vec<PartnerEntry>,
    pub warnings: Vec<String>,
}

/// Shown with every username-password recipe: the flow is blocked by default in new orgs.
pub const LEGACY_FLOW_WARNING: &str = "This uses the username-password flow, which Salesforce blocks by default since Summer '23. To allow it: Setup → OAuth and OpenID Connect Settings → turn on “Allow OAuth Username-Password Flows”. Use it only in a sandbox, with an API user that has no other use.";

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
        fill_template(&filled, profile, inputs)
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
        help: spec.quote.clone(),
    };
    let said = |lines: &[Said]| lines.iter().map(|s| s.quote.clone()).collect();
    let sandbox = org.as_ref().is_some_and(|org| org.kind == OrgKind::Sandbox);
    let webhook = form
        .sandbox_webhook
        .as_ref()
        .filter(|_| sandbox)
        .map(|spec| Webhook {
            intro: spec.quote.clone(),
            method: spec.method.clone(),
            url: fill(&spec.url),
            headers: spec.headers.iter().map(entry).collect(),
            params: spec.params.iter().map(entry).collect(),
            response: spec.response.iter().map(entry).collect(),
            warnings: vec![LEGACY_FLOW_WARNING.to_owned()],
        });
    Some(PartnerSheet {
        place: form.place.clone(),
        from: form.from.clone(),
        before: said(&form.before),
        fields: form.fields.iter().map(entry).collect(),
        after: said(&form.after),
        notes: said(&form.notes),
        webhook,
    })
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
            sheet.webhook.is_none(),
            "production orgs use the OAuth form"
        );
    }

    #[test]
    fn vonage_sandbox_gets_the_password_webhook_for_its_own_host() {
        let vonage = profile("vonage-ai-studio").expect("vonage");
        let sheet = partner_sheet(
            vonage,
            &vonage_inputs("acme--qa.sandbox.my.salesforce.com"),
            None,
        )
        .expect("sheet");
        let hook = sheet.webhook.expect("a sandbox gets the webhook recipe");
        assert_eq!(hook.method, "POST");
        assert_eq!(
            hook.url,
            "https://acme--qa.sandbox.my.salesforce.com/services/oauth2/token"
        );
        let params: Vec<(&str, &PartnerValue)> = hook
            .params
            .iter()
            .map(|p| (p.label.as_str(), &p.value))
            .collect();
        assert_eq!(params[0].0, "grant_type");
        assert_eq!(
            params[0].1,
            &PartnerValue::Text {
                text: "password".into()
            }
        );
        assert_eq!(
            params[2].1,
            &PartnerValue::Credential {
                part: CredentialPart::ConsumerSecret
            }
        );
        assert_eq!(params[4].1, &PartnerValue::Yours);
        assert_eq!(text(&hook.response[0]), "$SF_ACCESS_TOKEN");
        assert!(hook.warnings[0].contains("blocks by default"));
        assert_eq!(text(&sheet.fields[0]), "<the connection's name>");
    }

    #[test]
    fn every_guided_profile_asks_for_both_credentials_and_custom_too() {
        for profile in crate::profiles() {
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
    }
}
