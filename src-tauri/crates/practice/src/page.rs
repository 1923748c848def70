//! The HTML a browser sees on the practice org: the login-and-allow form, the error page for an
//! authorize request that cannot go back to its callback, and Salesforce's generic error page
//! (OAUTH_APPROVAL_ERROR_GENERIC). Each says plainly that this is the practice org, not
//! Salesforce.

use axum::extract::Query;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use eca_core::html::escape;

use crate::authorize::{Checked, REQUEST_FIELDS};
use crate::oauth_error::OAuthError;
use crate::org::Org;
use crate::token::Params;

const STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem;line-height:1.5}\
.banner{background:#fff4ce;border:1px solid #c9a400;padding:.5rem .75rem;border-radius:4px}\
label{display:block;margin-top:.75rem}input{width:100%;padding:.4rem;box-sizing:border-box}\
.error{color:#b00020;font-weight:600}button{margin:1rem .5rem 0 0;padding:.5rem 1.25rem}";

pub(crate) fn document(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · Practice org</title>\
<style>{STYLE}</style></head><body>\n<p class=\"banner\" role=\"note\"><strong>Practice org</strong>: a simulated Salesforce org on this computer, not a real one.</p>\n{body}\n</body></html>\n",
        title = escape(title),
    )
}

/// The login and "Allow access?" page. The practice user's name and password are filled in,
/// so rehearsing (or a test) is one click on Allow.
pub fn login(org: &Org, checked: &Checked, problem: Option<&str>) -> Response {
    let user = org.data.practice_user();
    let mut hidden = String::new();
    for name in REQUEST_FIELDS {
        if let Some(value) = checked.params.get(name) {
            hidden.push_str(&format!(
                "<input type=\"hidden\" name=\"{name}\" value=\"{}\">\n",
                escape(value)
            ));
        }
    }
    let mut scopes = String::new();
    for token in &checked.scope {
        let label = match org.config.scope_for_token(token) {
            Some(scope) => scope.label(),
            None => token.as_str(),
        };
        scopes.push_str(&format!("<li>{}</li>", escape(label)));
    }
    let problem = problem.map_or(String::new(), |text| {
        format!("<p class=\"error\" role=\"alert\">{}</p>\n", escape(text))
    });
    let username = checked
        .params
        .get("login_hint")
        .filter(|hint| !hint.is_empty())
        .unwrap_or(&user.username);
    let body = format!(
        "<h1>Allow access?</h1>\n{problem}<p>An app is asking to:</p>\n<ul>{scopes}</ul>\n\
<form method=\"post\" action=\"/services/oauth2/authorize/approve\">\n{hidden}\
<label for=\"username\">Username</label><input id=\"username\" name=\"username\" autocomplete=\"username\" value=\"{username}\">\n\
<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" value=\"{password}\">\n\
<button type=\"submit\" name=\"decision\" value=\"allow\" id=\"allow\">Allow</button>\
<button type=\"submit\" name=\"decision\" value=\"deny\" id=\"deny\">Deny</button>\n</form>",
        username = escape(username),
        password = escape(org.config.password.expose()),
    );
    Html(document("Allow access?", &body)).into_response()
}

/// Salesforce shows these errors on its own page, with the pair in the text.
pub fn error(err: OAuthError) -> Response {
    let body = format!(
        "<h1>The app could not be authorized</h1>\n<p>error={}&amp;error_description={}</p>\n<p>{}</p>",
        escape(err.error()),
        escape(&err.description().replace(' ', "%20")),
        escape(match err {
            OAuthError::RedirectMismatch => "The redirect_uri is not one of the app's Callback URLs.",
            OAuthError::AppNotInstalled => "This practice org has no such External Client App.",
            _ => "The consumer key is not known to this org (yet).",
        }),
    );
    (StatusCode::BAD_REQUEST, Html(document("Error", &body))).into_response()
}

/// Where Salesforce's own error page lives; its address carries the real error pair.
pub const REMOTE_ACCESS_ERROR_PATH: &str = "/setup/secur/RemoteAccessErrorPage.apexp";

/// The address of Salesforce's generic error page for `err`: the page itself shows only
/// OAUTH_APPROVAL_ERROR_GENERIC, the reason is in `error` and `error_description`.
pub fn generic_error_location(base: &str, err: OAuthError) -> String {
    format!("{base}{REMOTE_ACCESS_ERROR_PATH}?{}", err.query(None))
}

/// `GET /setup/secur/RemoteAccessErrorPage.apexp`: the generic page Salesforce shows when it
/// stops a sign-in before the approval page. Like Salesforce's, its text names no cause; the
/// practice banner points at the address, where the cause is. "occured" is Salesforce's spelling
/// (FIDELITY.md row A4).
pub async fn remote_access_error(Query(params): Query<Params>) -> Response {
    let field = |name: &str| params.get(name).map_or("", String::as_str);
    let body = format!(
        "<h1>OAuth Error</h1>\n<p>We can't authorize you because of an OAuth error. For more information, contact your Salesforce administrator.</p>\n\
<p class=\"error\">OAUTH_APPROVAL_ERROR_GENERIC : An unexpected error has occured during authentication. Please try again.</p>\n\
<p class=\"banner\" role=\"note\">Practice org: a real org shows only the message above. The reason is in this page's address: error “{error}”, description “{description}”.</p>",
        error = escape(field("error")),
        description = escape(field("error_description")),
    );
    Html(document("OAuth Error", &body)).into_response()
}
