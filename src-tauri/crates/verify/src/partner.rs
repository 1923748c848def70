//! The partner's own sign-in request, replayed before any sign-in: for each callback URL the
//! partner's browser returns to, the authorize request it will make (with its PKCE choice and
//! scopes), stopped before the login page. Salesforce refuses an unregistered callback at once
//! on its own error page, and a request the app's settings refuse (PKCE required, a scope not
//! selected) on the callback. No redirect is followed, so nothing is ever sent to the partner.
//! What the partner's guide does not say is reported as "not checked", never as passed.

use eca_core::eca::Setting;
use eca_core::partner_request::{PartnerCallback, PartnerRequest};
use eca_core::StepId;

use crate::diagnosis::{from_oauth_error, Diagnosis, DiagnosisCode};
use crate::result::{Check, CheckId, CheckStatus};
use crate::token::TokenError;
use crate::FlowChoice;

/// What Salesforce answered the partner's request on one callback URL.
pub enum Answer {
    /// The login page: the callback, the PKCE choice and the scopes are all accepted.
    Accepted,
    /// A refusal of the partner's callback, PKCE choice or scopes, with the diagnosis the
    /// propagation wait may already have reworded.
    Refused(Diagnosis),
    /// A refusal before Salesforce looked at the callback (an unknown key, an app not installed,
    /// no answer at all): the token check names it, as the same request by this app fails too.
    Inconclusive(Diagnosis),
}

/// Whether Salesforce's answer is about the partner's own request (its callback, PKCE choice
/// or scopes) rather than about the key, the app or the network.
pub fn about_the_partner(diagnosis: &Diagnosis) -> bool {
    matches!(
        diagnosis.code,
        DiagnosisCode::RedirectMismatch | DiagnosisCode::PkceRequired | DiagnosisCode::InvalidScope
    )
}

/// The callback check for one URL, from Salesforce's answer to the partner's request on it.
pub fn callback(request: &PartnerRequest, url: &str, answer: &Answer) -> Check {
    let who = &request.partner;
    let check = match answer {
        Answer::Refused(diagnosis) if refused_callback(diagnosis) => {
            Check::failed(CheckId::PartnerCallback, for_callback(who, url, diagnosis))
        }
        Answer::Inconclusive(diagnosis) => Check::skipped(
            CheckId::PartnerCallback,
            format!("Not checked: Salesforce refused the request before it looked at {url} ({}). The token check below says what to fix.", diagnosis.message.trim_end_matches('.')),
        ),
        Answer::Accepted | Answer::Refused(_) => Check::passed(
            CheckId::PartnerCallback,
            format!("Salesforce accepts {url} as a callback URL for {who}'s sign-in (checked without signing in; nothing was sent to {who})."),
        ),
    };
    check.titled(format!("{who}'s callback URL is registered"))
}

/// A callback URL that cannot be checked yet: an input it needs is empty.
pub fn unfilled(request: &PartnerRequest, url: &str) -> Check {
    Check::skipped(
        CheckId::PartnerCallback,
        format!("Not checked: {url} still has a value to fill in; enter it with the setup's details and verify again."),
    )
    .titled(format!("{}'s callback URL is registered", request.partner))
}

/// The partner has no callback URL on the app (a Custom setup without one): nothing to check.
pub fn no_callback(request: &PartnerRequest) -> Check {
    Check::skipped(
        CheckId::PartnerCallback,
        "Not checked: the app lists no callback URL for the partner's sign-in.",
    )
    .titled(format!("{}'s callback URL is registered", request.partner))
}

/// The PKCE check from the answer on the first checked callback (`None`: none was checked).
pub fn pkce(request: &PartnerRequest, answer: Option<&Answer>) -> Check {
    let who = &request.partner;
    let title = match request.pkce.as_ref().map(|pkce| pkce.value) {
        Some(false) => format!("Salesforce accepts {who}'s sign-in without PKCE"),
        Some(true) => format!("Salesforce accepts {who}'s sign-in with PKCE"),
        None => format!("{who}'s PKCE choice"),
    };
    let check = match (&request.pkce, answer) {
        (None, _) => Check::skipped(
            CheckId::PartnerPkce,
            format!("Not checked: {who}'s guide does not say whether its sign-in sends a PKCE code challenge. This verification sends one, which Salesforce accepts whether or not the app requires PKCE."),
        ),
        (Some(_), None) => Check::skipped(CheckId::PartnerPkce, NO_CALLBACK),
        (Some(_), Some(Answer::Refused(d))) if d.code == DiagnosisCode::PkceRequired => {
            Check::failed(CheckId::PartnerPkce, pkce_required(request))
        }
        (Some(_), Some(Answer::Refused(d))) if d.code != DiagnosisCode::InvalidScope => {
            Check::skipped(CheckId::PartnerPkce, REFUSED_FIRST)
        }
        (Some(_), Some(Answer::Inconclusive(_))) => {
            Check::skipped(CheckId::PartnerPkce, REFUSED_FIRST)
        }
        (Some(sent), Some(_)) if sent.value => Check::passed(
            CheckId::PartnerPkce,
            format!("{who}'s sign-in sends a PKCE code challenge, as its guide keeps Require PKCE checked; Salesforce accepts it."),
        ),
        (Some(_), Some(_)) => Check::passed(
            CheckId::PartnerPkce,
            format!("{who}'s sign-in sends no PKCE code challenge, and Salesforce accepts it: the app does not require PKCE."),
        ),
    };
    check.titled(title)
}

/// The scopes check from the same answer.
pub fn scopes(request: &PartnerRequest, answer: Option<&Answer>) -> Check {
    let who = &request.partner;
    let check = match (request.scope_tokens(), answer) {
        (None, _) => Check::skipped(
            CheckId::PartnerScopes,
            format!("Not checked: {who}'s guide does not say which scopes its sign-in asks for. The scopes Salesforce grants are compared with the guide's list below."),
        ),
        (Some(_), None) => Check::skipped(CheckId::PartnerScopes, NO_CALLBACK),
        (Some(_), Some(Answer::Refused(d))) if d.code == DiagnosisCode::InvalidScope => {
            Check::failed(CheckId::PartnerScopes, d.clone())
        }
        (Some(_), Some(Answer::Refused(_) | Answer::Inconclusive(_))) => {
            Check::skipped(CheckId::PartnerScopes, REFUSED_FIRST)
        }
        (Some(tokens), Some(_)) => Check::passed(
            CheckId::PartnerScopes,
            format!("Salesforce accepts the scopes {who} asks for: {}.", tokens.join(" ")),
        ),
    };
    check.titled(format!("Salesforce accepts the scopes {who} asks for"))
}

/// The secret check, once the token exchange (and refresh, where there was one) ran with the
/// partner's secret choice. `exchanged`: whether they succeeded.
pub fn secret(request: &PartnerRequest, flow: FlowChoice, exchanged: bool) -> Check {
    let who = &request.partner;
    let check = match (&request.secret, exchanged) {
        (_, false) => Check::skipped(
            CheckId::PartnerSecret,
            "Not checked: the token exchange did not succeed.",
        ),
        (None, true) => Check::skipped(
            CheckId::PartnerSecret,
            format!("Not checked: {who}'s guide does not say whether it sends the Consumer Secret; this verification sent it, and Salesforce accepted it."),
        ),
        (Some(sent), true) if sent.value => Check::passed(
            CheckId::PartnerSecret,
            match flow {
                FlowChoice::ClientCredentials => format!("{who} sends the Consumer Secret with its token request, as this verification did, and Salesforce accepted it."),
                _ => format!("{who} sends the Consumer Secret with its token requests, as this verification did, and Salesforce accepted it: “{}” and “{}” may stay checked.", Setting::RequireSecretWebServer.label(), Setting::RequireSecretRefresh.label()),
            },
        ),
        (Some(_), true) => Check::passed(
            CheckId::PartnerSecret,
            format!("{who} sends no Consumer Secret, and Salesforce issued tokens without one, as it will for {who}."),
        ),
    };
    check.titled(format!(
        "{who}'s token requests work with its Consumer Secret choice"
    ))
}

/// The diagnosis for a sign-in refused for want of PKCE, when the partner sends none: the box to
/// clear, and what to tell the partner where the org keeps it locked on.
pub fn pkce_required(request: &PartnerRequest) -> Diagnosis {
    let who = &request.partner;
    let guide = request
        .pkce
        .as_ref()
        .and_then(|pkce| pkce.quote.as_deref())
        .map(|quote| format!(" (its guide: “{quote}”)"))
        .unwrap_or_default();
    Diagnosis::new(
        DiagnosisCode::PkceRequired,
        format!("Salesforce refuses {who}'s sign-in: the app requires PKCE, and {who}'s connection sends no PKCE code challenge{guide}. Salesforce answered “invalid_request: missing required code challenge”."),
        format!(
            "On the {} step, uncheck “{}”, then save (changes take up to 10 minutes to reach Salesforce). If the box is checked and locked, your org or Salesforce requires PKCE for every app: tell {who} that its connection must send PKCE, as it cannot connect until it does.",
            StepId::Security.title(),
            Setting::RequirePkce.label()
        ),
        Some(StepId::Security),
    )
}

/// The diagnosis for the partner's callback URL that Salesforce does not accept.
fn for_callback(who: &str, url: &str, refused: &Diagnosis) -> Diagnosis {
    if refused.code == DiagnosisCode::ChangePropagating {
        return Diagnosis {
            message: format!(
                "{who}'s callback URL {url} is not accepted yet. {}",
                refused.message
            ),
            ..refused.clone()
        };
    }
    Diagnosis::new(
        DiagnosisCode::RedirectMismatch,
        format!("Salesforce refuses {who}'s callback URL {url}: it is not one of the app's Callback URLs, so {who}'s first connection would fail with “redirect_uri_mismatch”."),
        format!(
            "On the {} step, add {url} exactly, as its own line under {} (scheme, host, path and any trailing slash must match), then save.",
            StepId::OauthSettings.title(),
            Setting::CallbackUrls.label()
        ),
        Some(StepId::OauthSettings),
    )
}

/// A refusal of the callback itself (a PKCE or scope refusal comes on the callback, which proves
/// it registered).
fn refused_callback(diagnosis: &Diagnosis) -> bool {
    diagnosis.code == DiagnosisCode::RedirectMismatch
        || (diagnosis.code == DiagnosisCode::ChangePropagating
            && diagnosis.step == Some(StepId::OauthSettings))
}

const NO_CALLBACK: &str = "Not checked: no callback URL of the partner could be checked.";
const REFUSED_FIRST: &str =
    "Not checked: Salesforce refused the partner's request for an earlier reason (above).";

/// Salesforce's answer as a diagnosis of the partner's sign-in.
pub fn diagnose(err: &TokenError) -> Diagnosis {
    match err {
        TokenError::Other(diagnosis) => diagnosis.clone(),
        TokenError::OAuth { error, description } => {
            from_oauth_error(error, description, FlowChoice::WebServer)
        }
    }
}

/// Whether any partner check failed, so the sign-in is not worth starting.
pub fn any_failed(checks: &[Check]) -> bool {
    checks.iter().any(|check| {
        check.status == CheckStatus::Failed
            && matches!(
                check.id,
                CheckId::PartnerCallback | CheckId::PartnerPkce | CheckId::PartnerScopes
            )
    })
}

/// The callback URLs to check, in order: `Ok(url)` to request, `Err(url)` still unfilled.
pub fn urls(request: &PartnerRequest) -> impl Iterator<Item = Result<&str, &str>> {
    request.callbacks.iter().map(|callback| match callback {
        PartnerCallback::Url(url) => Ok(url.as_str()),
        PartnerCallback::Unfilled(url) => Err(url.as_str()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use eca_core::inputs::SetupInputs;
    use eca_core::partner_request::partner_request;

    fn vonage() -> PartnerRequest {
        let profile = eca_core::profile("vonage-ai-studio").expect("profile");
        partner_request(profile, &SetupInputs::suggested(profile))
    }

    fn refused(error: &str, description: &str) -> Answer {
        let err = TokenError::OAuth {
            error: error.into(),
            description: description.into(),
        };
        Answer::Refused(diagnose(&err))
    }

    #[test]
    fn a_mistyped_callback_names_the_url_to_add_and_the_oauth_step() {
        let request = vonage();
        let url = "https://api-eu.vonage.com/oauth/redirect";
        let answer = refused(
            "redirect_uri_mismatch",
            "redirect_uri must match configuration",
        );
        let check = callback(&request, url, &answer);
        assert_eq!(check.status, CheckStatus::Failed);
        assert_eq!(check.title, "Vonage AI Studio's callback URL is registered");
        let diagnosis = check.diagnosis.expect("a diagnosis");
        assert_eq!(diagnosis.step, Some(StepId::OauthSettings));
        assert!(diagnosis.fix.contains(url), "{}", diagnosis.fix);
        assert_eq!(pkce(&request, Some(&answer)).status, CheckStatus::Skipped);
    }

    #[test]
    fn an_unknown_key_leaves_the_partner_checks_to_the_token_check() {
        let request = vonage();
        let err = TokenError::OAuth {
            error: "invalid_client_id".into(),
            description: "client identifier invalid".into(),
        };
        let diagnosis = diagnose(&err);
        assert!(!about_the_partner(&diagnosis));
        let answer = Answer::Inconclusive(diagnosis);
        let url = "https://api-eu.vonage.com/oauth/redirect";
        let checks = [
            callback(&request, url, &answer),
            pkce(&request, Some(&answer)),
            scopes(&request, Some(&answer)),
        ];
        assert!(
            checks.iter().all(|c| c.status == CheckStatus::Skipped),
            "{checks:?}"
        );
        assert!(!any_failed(&checks));
    }

    #[test]
    fn pkce_left_on_fails_vonages_pkce_check_but_not_its_callback() {
        let request = vonage();
        let answer = refused("invalid_request", "missing required code challenge");
        let url = "https://api-eu.vonage.com/oauth/redirect";
        assert_eq!(callback(&request, url, &answer).status, CheckStatus::Passed);
        let check = pkce(&request, Some(&answer));
        assert_eq!(check.status, CheckStatus::Failed);
        let diagnosis = check.diagnosis.expect("a diagnosis");
        assert_eq!(diagnosis.step, Some(StepId::Security));
        assert!(diagnosis.fix.contains("uncheck"), "{}", diagnosis.fix);
        assert!(diagnosis.fix.contains("locked"), "{}", diagnosis.fix);
    }

    #[test]
    fn what_a_guide_does_not_say_is_not_checked() {
        let profile = eca_core::profile("bright-pattern").expect("profile");
        let request = partner_request(profile, &SetupInputs::suggested(profile));
        for check in [
            pkce(&request, Some(&Answer::Accepted)),
            scopes(&request, Some(&Answer::Accepted)),
        ] {
            assert_eq!(check.status, CheckStatus::Skipped, "{check:?}");
            assert!(
                check.detail.starts_with("Not checked: "),
                "{}",
                check.detail
            );
        }
    }
}
