//! The web server flow: an authorize URL with `state` and, exactly when the partner sends one, a
//! PKCE S256 challenge, a check of that URL before the browser opens (so a wrong callback URL or
//! key is named instead of timing out), the browser, the loopback redirect, and the code
//! exchange. `oauth2` builds the URL, the state and the PKCE pair.

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
    /// The PKCE verifier, when a challenge was sent.
    pub verifier: Option<Secret>,
    pub redirect_uri: String,
}

/// Builds the authorize URL for `scopes` (space-joined by `oauth2`; none sends no `scope`), with
/// a PKCE challenge when `pkce`.
pub fn authorization(
    base: &str,
    key: &str,
    redirect_uri: &str,
    scopes: &[&str],
    pkce: bool,
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
    let mut request = client
        .authorize_url(CsrfToken::new_random)
        .add_scopes(scopes.iter().map(|s| Scope::new((*s).to_owned())));
    let mut verifier = None;
    if pkce {
        let (challenge, pkce_verifier) = PkceCodeChallenge::new_random_sha256();
        request = request.set_pkce_challenge(challenge);
        verifier = Some(Secret::new(pkce_verifier.secret().clone()));
    }
    let (url, state) = request.url();
    Ok(Authorization {
        url: url.to_string(),
        state: Secret::new(state.secret().clone()),
        verifier,
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
        // Salesforce's generic error page is a page too, not the login page: read its cause.
        if reply.body.contains(GENERIC_ERROR) {
            if let Some((error, description)) = error_in_page(&reply.body) {
                return Err(TokenError::OAuth { error, description });
            }
        }
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

/// What Salesforce's own error page shows instead of a cause; the cause is in its address.
const GENERIC_ERROR: &str = "OAUTH_APPROVAL_ERROR_GENERIC";
/// Salesforce's own error page (`/setup/secur/RemoteAccessErrorPage.apexp`), lower case.
const ERROR_PAGE: &str = "/remoteaccesserrorpage.apexp";

/// The pair in a redirect's address: on the callback, or on Salesforce's own error page, whose
/// address carries the real cause. That page with no pair is the generic error.
fn error_in_url(location: &str) -> Option<(String, String)> {
    let (path, query) = location.split_once('?').unwrap_or((location, ""));
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
    match error {
        Some(error) => Some((error, description)),
        None if path.to_ascii_lowercase().ends_with(ERROR_PAGE) => Some(generic_error()),
        None => None,
    }
}

/// The pair in an error page's text or links (`error=CODE&amp;error_description=TEXT`): the
/// first that is not the generic `OAUTH_APPROVAL_ERROR_GENERIC`; else that generic error, with
/// the page's own words when it shows them.
fn error_in_page(body: &str) -> Option<(String, String)> {
    let pairs: Vec<(String, String)> = body
        .match_indices("error=")
        .filter_map(|(at, marker)| pair_at(&body[at + marker.len()..]))
        .collect();
    if let Some(real) = pairs
        .iter()
        .find(|(error, _)| !error.eq_ignore_ascii_case(GENERIC_ERROR))
    {
        return Some(real.clone());
    }
    generic_error_in_page(body).or_else(|| pairs.into_iter().next())
}

/// `CODE` at the start of `text`, and its `error_description=TEXT` if one comes before the next
/// pair.
fn pair_at(text: &str) -> Option<(String, String)> {
    let error: String = text
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if error.is_empty() {
        return None;
    }
    let rest = &text[error.len()..];
    let rest = &rest[..rest.find("error=").unwrap_or(rest.len())];
    let description = rest
        .find("error_description=")
        .map(|at| decoded(&rest[at + "error_description=".len()..]))
        .unwrap_or_default();
    Some((error, description))
}

/// A form-encoded value up to the markup or the next parameter.
fn decoded(raw: &str) -> String {
    let raw: String = raw
        .chars()
        .take_while(|c| !matches!(c, '<' | '&' | '"'))
        .collect();
    url::form_urlencoded::parse(format!("d={raw}").as_bytes())
        .next()
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default()
}

/// `OAUTH_APPROVAL_ERROR_GENERIC : WORDS` in a page: the generic error and its words.
fn generic_error_in_page(body: &str) -> Option<(String, String)> {
    let after = &body[body.find(GENERIC_ERROR)? + GENERIC_ERROR.len()..];
    let words: String = after
        .trim_start_matches([' ', ':'])
        .chars()
        .take_while(|c| *c != '<' && *c != '\n')
        .collect();
    let words = words.trim();
    Some(if words.is_empty() {
        generic_error()
    } else {
        (GENERIC_ERROR.to_owned(), words.to_owned())
    })
}

fn generic_error() -> (String, String) {
    (
        GENERIC_ERROR.to_owned(),
        crate::diagnosis::GENERIC_ERROR_PAGE_TEXT.to_owned(),
    )
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
            true,
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
        assert!(auth.verifier.expect("a verifier").expose().len() >= 43);
    }

    #[test]
    fn a_partner_without_pkce_is_replayed_without_a_challenge() {
        let auth = authorization(
            "https://acme.my.salesforce.com",
            "3MVGkey",
            "https://api-eu.vonage.com/oauth/redirect",
            &[],
            false,
        )
        .expect("builds");
        let url = url::Url::parse(&auth.url).expect("a URL");
        let names: Vec<String> = url.query_pairs().map(|(k, _)| k.into_owned()).collect();
        assert!(
            !names.iter().any(|n| n.starts_with("code_challenge")),
            "{names:?}"
        );
        assert!(!names.contains(&"scope".to_owned()), "{names:?}");
        assert!(auth.verifier.is_none());
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

    /// Salesforce's generic error page, as MoveData's docs and jetstream #1462 record it.
    const GENERIC_PAGE: &str = "<p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p><p>OAUTH_APPROVAL_ERROR_GENERIC : An unexpected error has occured during authentication. Please try again.</p>";

    #[test]
    fn salesforces_generic_error_page_yields_the_pair_in_its_address() {
        // forcedotcom/mcp-hosted #47: the page is generic, its address carries the reason.
        assert_eq!(
            error_in_url("https://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_scope&error_description=the+requested+scope+is+not+allowed"),
            Some(("invalid_scope".into(), "the requested scope is not allowed".into()))
        );
        assert_eq!(
            error_in_url("https://acme.my.salesforce.com/setup/secur/RemoteAccessErrorPage.apexp"),
            Some(generic_error()),
            "the page without a pair is still an error, not the login page"
        );
        let linked = format!(
            "{GENERIC_PAGE}<a href=\"/setup/secur/RemoteAccessErrorPage.apexp?error=invalid_client&amp;error_description=app+must+be+installed+into+org\">"
        );
        assert_eq!(
            error_in_page(&linked),
            Some((
                "invalid_client".into(),
                "app must be installed into org".into()
            ))
        );
        let generic_first = "<p>error=OAUTH_APPROVAL_ERROR_GENERIC&amp;error_description=An%20unexpected%20error</p><p>error=invalid_scope&amp;error_description=the%20requested%20scope%20is%20not%20allowed</p>";
        assert_eq!(
            error_in_page(generic_first),
            Some((
                "invalid_scope".into(),
                "the requested scope is not allowed".into()
            ))
        );
        assert_eq!(
            error_in_page(GENERIC_PAGE),
            Some((
                "OAUTH_APPROVAL_ERROR_GENERIC".into(),
                crate::diagnosis::GENERIC_ERROR_PAGE_TEXT.into()
            ))
        );
    }
}
