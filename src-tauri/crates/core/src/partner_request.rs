//! How the partner's own sign-in request looks, as its guide describes it: the callback URLs its
//! browser flow returns to, whether it sends a PKCE challenge and the Consumer Secret, and which
//! scopes it asks for. The verification replays that request rather than its own, so a setup
//! that works for this app but not for the partner fails. What a guide does not say stays
//! `None`, and the verification says "not checked" for it instead of passing silently.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::checklist::{effective_eca, VERIFY_CALLBACK};
use crate::inputs::SetupInputs;
use crate::profile::{Profile, Sourced};
use crate::scopes::Scope;
use crate::template;

/// A profile's `[partner_request]` table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct PartnerRequestSpec {
    /// Whether the partner's sign-in sends a PKCE code challenge.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub pkce: Option<Sourced<bool>>,
    /// Whether the partner sends the Consumer Secret with its token requests.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub secret: Option<Sourced<bool>>,
    /// The scopes the partner's sign-in asks for, when its guide says.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub scopes: Option<Sourced<Vec<Scope>>>,
}

/// One callback URL the partner's browser returns to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PartnerCallback {
    Url(String),
    /// An input it needs is still empty: the URL as the checklist shows it (`<Tenant domain>`).
    Unfilled(String),
}

/// The partner's request for one setup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartnerRequest {
    /// Who sends it, for sentences: the integration's name, or "The partner" for Custom.
    pub partner: String,
    pub callbacks: Vec<PartnerCallback>,
    pub pkce: Option<Sourced<bool>>,
    pub secret: Option<Sourced<bool>>,
    pub scopes: Option<Sourced<Vec<Scope>>>,
}

impl PartnerRequest {
    /// Whether the partner sends PKCE; unknown counts as sending it, which Salesforce accepts
    /// whether the app requires PKCE or not, so only what a guide says can fail.
    pub fn sends_pkce(&self) -> bool {
        self.pkce.as_ref().is_none_or(|pkce| pkce.value)
    }

    /// Whether the partner sends the Consumer Secret; unknown counts as sending it.
    pub fn sends_secret(&self) -> bool {
        self.secret.as_ref().is_none_or(|secret| secret.value)
    }

    /// The scope tokens the partner's sign-in asks for; `None` when its guide does not say.
    pub fn scope_tokens(&self) -> Option<Vec<String>> {
        let scopes = &self.scopes.as_ref()?.value;
        Some(scopes.iter().map(|s| s.tokens()[0].to_owned()).collect())
    }
}

/// The partner's request as the setup's profile and inputs make it. In the Custom profile the
/// loopback line is the one the admin adds for this app's verification, not the partner's, and
/// is left out; any other profile's callback URLs are its partner's own, the loopback included
/// (ECA Setup Assistant's own app signs in there).
pub fn partner_request(profile: &Profile, inputs: &SetupInputs) -> PartnerRequest {
    let eca = effective_eca(profile, inputs);
    let admins_loopback = |url: &str| profile.editable && url == VERIFY_CALLBACK;
    let callbacks = eca
        .callback_urls
        .value
        .iter()
        .map(|url| url.trim())
        .filter(|url| !url.is_empty() && !admins_loopback(url))
        .map(|url| match template::fill(url, profile, inputs, |_| None) {
            Some(filled) => PartnerCallback::Url(filled),
            None => PartnerCallback::Unfilled(template::fill_with_labels(url, profile, inputs)),
        })
        .collect();
    let spec = profile.partner_request.clone().unwrap_or_default();
    PartnerRequest {
        partner: if profile.editable {
            "The partner".into()
        } else {
            profile.name.clone()
        },
        callbacks,
        pkce: spec.pkce,
        secret: spec.secret,
        scopes: spec.scopes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request_of(id: &str) -> PartnerRequest {
        let profile = crate::profile(id).expect("profile");
        let mut inputs = SetupInputs::suggested(profile);
        for spec in &profile.inputs {
            inputs.values.insert(spec.id.clone(), spec.example.clone());
        }
        partner_request(profile, &inputs)
    }

    #[test]
    fn each_guide_says_what_its_partner_sends() {
        let vonage = request_of("vonage-ai-studio");
        assert_eq!(
            vonage.callbacks,
            [PartnerCallback::Url(
                "https://api-eu.vonage.com/oauth/redirect".into()
            )]
        );
        assert!(!vonage.sends_pkce(), "guide 000: PKCE must be disabled");
        assert!(vonage.sends_secret());
        let webex = request_of("webex");
        assert_eq!(
            webex.pkce.as_ref().map(|p| p.value),
            Some(true),
            "guide 004 keeps PKCE required, so Webex sends it"
        );
        let own = request_of("eca-setup-assistant");
        assert_eq!(
            own.callbacks,
            [PartnerCallback::Url(VERIFY_CALLBACK.into())],
            "the app's own sign-in returns to its loopback, which is its callback"
        );
        assert!(own.sends_pkce() && !own.sends_secret(), "a public client");
        assert_eq!(own.scope_tokens(), Some(vec!["api".to_owned()]));
        let bright = request_of("bright-pattern");
        assert_eq!(bright.pkce, None, "guide 003 does not say");
        assert_eq!(
            bright.callbacks,
            [PartnerCallback::Url(
                "https://example.brightpattern.com/admin/salesforcecallback.html".into()
            )]
        );
    }

    #[test]
    fn an_empty_input_leaves_the_callback_unfilled_and_the_loopback_is_not_the_partners() {
        let profile = crate::profile("service-board-sync").expect("profile");
        let inputs = SetupInputs::suggested(profile);
        let request = partner_request(profile, &inputs);
        assert!(
            matches!(&request.callbacks[..], [PartnerCallback::Unfilled(url)] if url.contains('<')),
            "{:?}",
            request.callbacks
        );
        let custom = crate::profile("custom").expect("profile");
        let mut inputs = SetupInputs::suggested(custom);
        let mut eca = custom.eca.clone();
        eca.callback_urls.value = vec!["https://partner.example/cb".into(), VERIFY_CALLBACK.into()];
        inputs.eca = Some(eca);
        let request = partner_request(custom, &inputs);
        assert_eq!(request.partner, "The partner");
        assert_eq!(
            request.callbacks,
            [PartnerCallback::Url("https://partner.example/cb".into())]
        );
        assert!(request.sends_pkce() && request.sends_secret() && request.scope_tokens().is_none());
    }
}
