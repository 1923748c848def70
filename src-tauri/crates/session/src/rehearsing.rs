//! Rehearsing a partner's classic mistake in Practice mode: the setup's practice org started
//! again with one setting of its app wrong (PKCE left required, the partner's callback URL
//! mistyped), or put right, on the same port with the same key and secret, so the saved
//! connection and the setup's domain stay valid and the next verification shows what the
//! partner would meet. Only practice setups: nothing here reaches a real org.

use eca_core::eca::Setting;
use eca_core::partner_request::{partner_request, PartnerCallback};
use eca_core::setup::Setup;
use eca_core::wizard::find_profile;
use eca_core::{ErrorCode, Profile, StepId, UiError};
use eca_practice::PracticeConfig;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Desk;

/// A mistake the admin can rehearse in a practice setup's app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PracticeMistake {
    /// “Require Proof Key for Code Exchange (PKCE)…” left checked, for a partner whose sign-in
    /// sends no code challenge.
    PkceLeftRequired,
    /// The partner's callback URL typed with its last character missing.
    CallbackMistyped,
}

/// What the setup's practice app rehearses now, for the verify screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PracticeRehearsal {
    /// `None`: the app is set up as the guide says.
    pub mistake: Option<PracticeMistake>,
    /// The mistakes this integration's partner can meet (one that sends PKCE cannot be refused
    /// for it; one without a callback URL has none to mistype).
    pub offered: Vec<PracticeMistake>,
    /// One sentence: what the practice app has now.
    pub changed: String,
}

impl Desk {
    /// Starts the practice setup's org again with `mistake` made in its app, or as the guide
    /// sets it up when `None`, on the same port with the same key and secret. Refused for a
    /// real setup, and for a mistake the integration's partner cannot meet.
    pub async fn rehearse_mistake(
        &self,
        setup_id: &str,
        mistake: Option<PracticeMistake>,
    ) -> Result<PracticeRehearsal, UiError> {
        let (setup, profile) = self.practice_setup(setup_id).await?;
        if let Some(mistake) = mistake {
            if !offered(profile, &setup).contains(&mistake) {
                return Err(not_offered(profile, mistake));
            }
        }
        let change = |running: &PracticeConfig| with_mistake(profile, &setup, running, mistake);
        self.practice.restart(setup_id, mistake, change).await?;
        let what = mistake.map_or_else(|| "none".to_owned(), |m| format!("{m:?}"));
        self.journal.info(
            "practice.rehearsed",
            &[("setup", &setup_id), ("mistake", &what)],
        );
        self.practice_rehearsal(setup_id).await
    }

    /// What the practice setup's app rehearses now, and what it could.
    pub async fn practice_rehearsal(&self, setup_id: &str) -> Result<PracticeRehearsal, UiError> {
        let (setup, profile) = self.practice_setup(setup_id).await?;
        let mistake = self.practice.rehearsing(setup_id).await?;
        Ok(PracticeRehearsal {
            mistake,
            offered: offered(profile, &setup),
            changed: changed(profile, &setup, mistake),
        })
    }

    /// A practice setup with its org running, and its integration.
    async fn practice_setup(&self, setup_id: &str) -> Result<(Setup, &'static Profile), UiError> {
        let view = self.read(setup_id)?;
        if !view.setup.practice {
            return Err(UiError::new(
                ErrorCode::InvalidInput,
                "Mistakes are rehearsed only in Practice mode; this setup is for a real org.",
                "Start a practice setup from the home screen to rehearse a mistake.",
            ));
        }
        let view = self.with_practice_org(view).await?;
        let profile = find_profile(&view.setup.profile_id)?;
        Ok((view.setup, profile))
    }
}

/// The mistakes `setup`'s partner can meet.
fn offered(profile: &Profile, setup: &Setup) -> Vec<PracticeMistake> {
    let guide = PracticeConfig::from_profile(profile, &setup.inputs);
    let request = partner_request(profile, &setup.inputs);
    let mut offered = Vec::new();
    if !request.sends_pkce() && !guide.require_pkce {
        offered.push(PracticeMistake::PkceLeftRequired);
    }
    if partner_callback(profile, setup).is_some_and(|url| guide.callback_urls.contains(&url)) {
        offered.push(PracticeMistake::CallbackMistyped);
    }
    offered
}

/// The first callback URL the partner's browser returns to, filled in.
fn partner_callback(profile: &Profile, setup: &Setup) -> Option<String> {
    partner_request(profile, &setup.inputs)
        .callbacks
        .into_iter()
        .find_map(|callback| match callback {
            PartnerCallback::Url(url) => Some(url),
            PartnerCallback::Unfilled(_) => None,
        })
}

/// The running app with the guide's PKCE box and callback URLs again, then `mistake` made in
/// it; its key, secret, user and connected app stay.
fn with_mistake(
    profile: &Profile,
    setup: &Setup,
    running: &PracticeConfig,
    mistake: Option<PracticeMistake>,
) -> PracticeConfig {
    let guide = PracticeConfig::from_profile(profile, &setup.inputs);
    let mut config = running.clone();
    config.require_pkce = guide.require_pkce;
    config.callback_urls = guide.callback_urls;
    match mistake {
        None => {}
        Some(PracticeMistake::PkceLeftRequired) => config.require_pkce = true,
        Some(PracticeMistake::CallbackMistyped) => {
            if let Some(url) = partner_callback(profile, setup) {
                for registered in &mut config.callback_urls {
                    if *registered == url {
                        *registered = mistyped(&url);
                    }
                }
            }
        }
    }
    config
}

/// The URL with its last character dropped, as a hurried paste leaves it.
fn mistyped(url: &str) -> String {
    let mut typo = url.to_owned();
    typo.pop();
    typo
}

/// One sentence on what the practice app has now.
fn changed(profile: &Profile, setup: &Setup, mistake: Option<PracticeMistake>) -> String {
    let who = &profile.name;
    match mistake {
        None => format!("The practice app is set up as {who}'s guide says; choose a mistake to see how the verification catches it."),
        Some(PracticeMistake::PkceLeftRequired) => format!(
            "The practice app now has “{}” checked on the {} step, and {who}'s sign-in sends no PKCE code challenge: verify to see it refused.",
            Setting::RequirePkce.label(),
            StepId::Security.title(),
        ),
        Some(PracticeMistake::CallbackMistyped) => {
            let url = partner_callback(profile, setup).unwrap_or_default();
            let typo = mistyped(&url);
            format!("The practice app's callback URL for {who} now reads {typo} instead of {url} (its last letter dropped): verify to see it refused.")
        }
    }
}

fn not_offered(profile: &Profile, mistake: PracticeMistake) -> UiError {
    let who = &profile.name;
    let message = match mistake {
        PracticeMistake::PkceLeftRequired => format!(
            "{who}'s guide does not turn PKCE off for its sign-in, so leaving it required is no mistake here."
        ),
        PracticeMistake::CallbackMistyped => {
            format!("{who}'s app has no callback URL of the partner's to mistype.")
        }
    };
    UiError::new(
        ErrorCode::InvalidInput,
        message,
        "Choose one of the mistakes the verify screen offers for this integration.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn practice_setup(profile_id: &str) -> (&'static Profile, Setup) {
        let profile = eca_core::profile(profile_id).expect("profile");
        let mut setup = Setup::new(profile, true);
        for (field, value) in eca_practice::sample_inputs(profile) {
            let edit = eca_core::setup::SetupEdit::Input { field, value };
            setup.apply(profile, edit).expect("a practice value");
        }
        (profile, setup)
    }

    #[test]
    fn vonage_can_rehearse_both_mistakes_and_webex_neither_pkce() {
        let (vonage, setup) = practice_setup("vonage-ai-studio");
        assert_eq!(
            offered(vonage, &setup),
            [
                PracticeMistake::PkceLeftRequired,
                PracticeMistake::CallbackMistyped
            ]
        );
        let (webex, setup) = practice_setup("webex");
        assert!(
            !offered(webex, &setup).contains(&PracticeMistake::PkceLeftRequired),
            "Webex's guide keeps PKCE required"
        );
    }

    #[test]
    fn a_mistyped_callback_keeps_the_loopback_one_and_put_right_restores_it() {
        let (vonage, setup) = practice_setup("vonage-ai-studio");
        let guide = PracticeConfig::from_profile(vonage, &setup.inputs);
        let typo = with_mistake(
            vonage,
            &setup,
            &guide,
            Some(PracticeMistake::CallbackMistyped),
        );
        assert_eq!(
            typo.callback_urls,
            [
                "https://api-eu.vonage.com/oauth/redirec",
                eca_practice::LOOPBACK_CALLBACK
            ]
        );
        assert!(!typo.require_pkce, "one mistake at a time");
        assert_eq!(typo.consumer_key, guide.consumer_key);
        let pkce = with_mistake(
            vonage,
            &setup,
            &typo,
            Some(PracticeMistake::PkceLeftRequired),
        );
        assert!(pkce.require_pkce);
        assert_eq!(
            pkce.callback_urls, guide.callback_urls,
            "the typo is undone"
        );
        let right = with_mistake(vonage, &setup, &pkce, None);
        assert!(!right.require_pkce);
        assert_eq!(right.callback_urls, guide.callback_urls);
    }
}
