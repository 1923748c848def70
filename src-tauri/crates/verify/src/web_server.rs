//! The web server flow: an authorize URL with `state` and a PKCE S256 challenge (always sent:
//! required by more and more orgs, harmless elsewhere), a check of that URL before the browser
//! opens (so a wrong callback URL or key is named instead of timing out), the browser, the
//! loopback redirect, and the code exchange. `oauth2` builds the URL, the state and the PKCE pair.

use eca_core::error::UiError;
use eca_core::secret::Secret;
use oauth2::basic::BasicClient;
use oauth2::{AuthUrl, ClientId, CsrfToken, PkceCodeChallenge, RedirectUrl, Scope};
use tokio_util::sync::CancellationToken;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::http::Transport;
use crate::loopback::{Callback, Listener};
use crate::request::LoopbackConfig;
use crate::result::Progress;
use crate::token::TokenError;

/// Opens a URL in the admin's browser; `eca_core::links::open_in_browser` in the app.
pub type Opener = dyn Fn(&str) -> Result<(), UiError> + Send + Sync;

/// One prepared sign-in: the URL to open and what must come back.
pub struct Authorization {
    pub url: String,
    pub state: Secret,
    pub verifier: Secret,
    pub redirect_uri: String,
}

/// Builds the authorize URL for `scopes` (space-joined by `oauth2`; none sends no `scope`).
pub fn authorization(
    base: &str,
    key: &str,
    redirect_uri: &str,
    scopes: &[&str],
) -> Result<Authorization, Diagnosis> {
    let bad = |_| {
        Diagnosis::new(
            DiagnosisCode::InvalidRequest,
            "The sign-in address could not be built from the domain and callback URL.",
            "Check the domain and the loopback port and path.",
            None,
        )
    };
    let client = BasicClient::new(ClientId::new(key.to_owned()))
        .set_auth_uri(AuthUrl::new(format!("{base}/services/oauth2/authorize")).map_err(bad)?)
        .set_redirect_uri(RedirectUrl::new(redirect_uri.to_owned()).map_err(bad)?);
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let (url, state) = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes.iter().map(|s| Scope::new((*s).to_owned())))
        .set_pkce_challenge(challenge)
        .url();
    Ok(Authorization {
        url: url.to_string(),
        state: Secret::new(state.secret().clone()),
        verifier: Secret::new(verifier.secret().clone()),
        redirect_uri: redirect_uri.to_owned(),
    })
}

/// Requests the authorize URL without a session, as a browser would before signing in. A valid
/// request gets the login page (or a redirect to it); a bad key, callback URL or scope gets an
/// error at once, which this returns instead of leaving the admin at an error page.
pub async fn preflight(transport: &Transport, auth: &Authorization) -> Result<(), TokenError> {
    let reply = transport.get(&auth.url, None).await?;
    if let Some(location) = &reply.location {
        if let Some((error, description)) = error_in_url(location) {
            return Err(TokenError::OAuth { error, description });
        }
        return Ok(());
    }
    if reply.is_success() {
        return Ok(());
    }
    #[derive(serde::Deserialize)]
    struct ErrorBody {
        error: String,
        #[serde(default)]
        error_description: String,
    }
    if let Ok(body) = serde_json::from_str::<ErrorBody>(&reply.body) {
        return Err(TokenError::OAuth {
            error: body.error,
            description: body.error_description,
        });
    }
    // Salesforce's own error page shows the pair as text: `error=...&error_description=...`.
    if let Some((error, description)) = error_in_page(&reply.body) {
        return Err(TokenError::OAuth { error, description });
    }
    Err(TokenError::Other(crate::token::unexpected(
        "Salesforce's sign-in page did not open as expected",
        &reply,
    )))
}

fn error_in_url(location: &str) -> Option<(String, String)> {
    let query = location.split_once('?')?.1;
    let query = query.split('#').next().unwrap_or(query);
    let mut error = None;
    let mut description = String::new();
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        match key.as_ref() {
            "error" => error = Some(value.into_owned()),
            "error_description" => description = value.into_owned(),
            _ => {}
        }
    }
    error.map(|error| (error, description))
}

/// `error=CODE&amp;error_description=TEXT` in an error page's text.
fn error_in_page(body: &str) -> Option<(String, String)> {
    let start = body.find("error=")? + "error=".len();
    let error: String = body[start..]
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if error.is_empty() {
        return None;
    }
    let description = body
        .find("error_description=")
        .map(|at| {
            let raw: String = body[at + "error_description=".len()..]
                .chars()
                .take_while(|c| !matches!(c, '<' | '&' | '"'))
                .collect();
            url::form_urlencoded::parse(format!("d={raw}").as_bytes())
                .next()
                .map(|(_, value)| value.into_owned())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    Some((error, description))
}

/// Opens the browser and waits for the redirect: the code, or Salesforce's error pair.
pub async fn sign_in(
    listener: Listener,
    auth: &Authorization,
    config: &LoopbackConfig,
    opener: &Opener,
    progress: &(dyn Fn(Progress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<Secret, TokenError> {
    if let Err(err) = opener(&auth.url) {
        progress(Progress::Step {
            message: format!(
                "The browser could not be opened ({}). Open this address yourself: {}",
                err.message, auth.url
            ),
        });
    }
    progress(Progress::WaitingForBrowser {
        authorize_url: auth.url.clone(),
        redirect_uri: auth.redirect_uri.clone(),
        timeout_secs: config.timeout.as_secs(),
    });
    match listener
        .wait(auth.state.expose(), config.timeout, cancel)
        .await?
    {
        Callback::Code(code) => Ok(code),
        Callback::Error { error, description } => Err(TokenError::OAuth { error, description }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorize_url_carries_state_pkce_and_scopes() {
        let auth = authorization(
            "https://acme.my.salesforce.com",
            "3MVGkey",
            "http://localhost:1717/OauthRedirect",
            &["api", "refresh_token"],
        )
        .expect("builds");
        let url = url::Url::parse(&auth.url).expect("a URL");
        let query: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
        assert_eq!(query["response_type"], "code");
        assert_eq!(query["client_id"], "3MVGkey");
        assert_eq!(query["redirect_uri"], "http://localhost:1717/OauthRedirect");
        assert_eq!(query["scope"], "api refresh_token");
        assert_eq!(query["code_challenge_method"], "S256");
        assert_eq!(query["state"], auth.state.expose());
        assert!(query["code_challenge"].len() >= 43);
        assert!(auth.verifier.expose().len() >= 43);
    }

    #[test]
    fn errors_are_read_from_redirects() {
        assert_eq!(
            error_in_url("https://x/setup/secur/RemoteAccessErrorPage.apexp?error=redirect_uri_mismatch&error_description=redirect_uri%20must%20match"),
            Some(("redirect_uri_mismatch".into(), "redirect_uri must match".into()))
        );
        assert_eq!(error_in_url("https://x/?startURL=%2Fsetup"), None);
        assert_eq!(
            error_in_page("<p>error=redirect_uri_mismatch&amp;error_description=redirect_uri%20must%20match%20configuration</p>"),
            Some(("redirect_uri_mismatch".into(), "redirect_uri must match configuration".into()))
        );
        assert_eq!(error_in_page("<p>all good</p>"), None);
    }
}
