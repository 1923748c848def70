//! `GET /services/oauth2/authorize` and the form it shows: the request is checked as Salesforce
//! checks it (key, callback, scopes, PKCE), then the practice user logs in and allows or denies
//! (or, with auto-approve, allows at once), and the browser goes back to the callback with a
//! code or an error, and the `state` it came with.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::LOCATION;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::grants::PendingCode;
use crate::mint;
use crate::oauth_error::OAuthError;
use crate::org::{App, GrantKind, Org};
use crate::page;
use crate::token::{parse_form, Params};

/// The authorize request's parameters, carried through the form as hidden fields.
pub const REQUEST_FIELDS: [&str; 8] = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "state",
    "code_challenge",
    "code_challenge_method",
    "login_hint",
];

/// An authorize request that passed every check the login page comes after.
pub struct Checked {
    pub app: App,
    pub params: Params,
    pub redirect_uri: String,
    pub state: Option<String>,
    pub scope: Vec<String>,
    pub challenge: Option<String>,
}

/// Why an authorize request stops: before the callback is known good the browser gets an error
/// page; after, it is sent back to the callback with the error, except for the refusals Salesforce
/// shows on its generic error page (`Generic`, a redirect to that page with the pair in its
/// address).
enum Refusal {
    Page(OAuthError),
    Redirect(OAuthError, String, Option<String>),
    Generic(String),
}

impl Refusal {
    /// Salesforce's generic error page (OAUTH_APPROVAL_ERROR_GENERIC) for `err`.
    fn generic(org: &Org, err: OAuthError) -> Refusal {
        Refusal::Generic(page::generic_error_location(&org.base_url, err))
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        match self {
            Refusal::Page(err) => page::error(err),
            Refusal::Redirect(err, uri, state) => redirect(&uri, &err.query(state.as_deref())),
            Refusal::Generic(location) => {
                (StatusCode::FOUND, [(LOCATION, location)]).into_response()
            }
        }
    }
}

pub async fn authorize(State(org): State<Arc<Org>>, Query(params): Query<Params>) -> Response {
    let checked = match check(&org, params) {
        Ok(checked) => checked,
        Err(refusal) => return refusal.into_response(),
    };
    // A browser signed in to another org brings that org's session, which Salesforce refuses
    // for a Local app at once (FIDELITY.md row L20), before any login page.
    if org.config.signed_in_elsewhere {
        return Refusal::Redirect(
            OAuthError::CrossOrgBlocked,
            checked.redirect_uri,
            checked.state,
        )
        .into_response();
    }
    if org.config.auto_approve {
        approve(&org, &checked)
    } else {
        page::login(&org, &checked, None)
    }
}

/// `POST /services/oauth2/authorize/approve`: the form's Allow or Deny.
pub async fn decide(State(org): State<Arc<Org>>, body: Bytes) -> Response {
    let form = parse_form(&body);
    let params: Params = REQUEST_FIELDS
        .iter()
        .filter_map(|name| {
            form.get(*name)
                .map(|value| ((*name).to_owned(), value.clone()))
        })
        .collect();
    let checked = match check(&org, params) {
        Ok(checked) => checked,
        Err(refusal) => return refusal.into_response(),
    };
    if form.get("decision").map(String::as_str) != Some("allow") {
        return Refusal::Redirect(
            OAuthError::AccessDenied,
            checked.redirect_uri,
            checked.state,
        )
        .into_response();
    }
    let username = form.get("username").map_or("", |name| name.trim());
    let password = form.get("password").map_or("", String::as_str);
    let user = org.data.practice_user();
    if !user.username.eq_ignore_ascii_case(username)
        || !mint::same_secret(password, org.config.password.expose())
    {
        return page::login(
            &org,
            &checked,
            Some("Please check your username and password. If you still can't log in, look at what `eca-setup-cli practice-org` printed."),
        );
    }
    approve(&org, &checked)
}

fn check(org: &Org, params: Params) -> Result<Checked, Refusal> {
    let get = |name: &str| {
        params
            .get(name)
            .map(String::as_str)
            .filter(|v| !v.is_empty())
    };
    let app = org.identify_app(get("client_id")).map_err(Refusal::Page)?;
    let redirect_uri = get("redirect_uri")
        .filter(|uri| org.callback_allowed(app, uri))
        .ok_or(Refusal::Page(OAuthError::RedirectMismatch))?
        .to_owned();
    let state = get("state").map(String::from);
    let refuse = |err| Refusal::Redirect(err, redirect_uri.clone(), state.clone());
    if get("response_type") != Some("code") {
        return Err(refuse(OAuthError::UnsupportedResponseType));
    }
    // A scope the app lacks stops on Salesforce's generic error page, not the callback
    // (FIDELITY.md row O17).
    let scope = org
        .scope_of(app, get("scope"))
        .map_err(|err| Refusal::generic(org, err))?;
    let challenge = match (get("code_challenge"), get("code_challenge_method")) {
        (Some(challenge), None | Some("S256")) => Some(challenge.to_owned()),
        (Some(_), Some(_)) => return Err(refuse(OAuthError::UnsupportedChallengeMethod)),
        (None, _) if org.requires_pkce(app) => {
            return Err(refuse(OAuthError::MissingCodeChallenge))
        }
        (None, _) => None,
    };
    Ok(Checked {
        app,
        params,
        redirect_uri,
        state,
        scope,
        challenge,
    })
}

/// The practice user has allowed access: the login checks, then a code on the callback.
fn approve(org: &Org, checked: &Checked) -> Response {
    // Salesforce checks the uninstalled-app restriction once the user is known, before the
    // approval page, and stops on its generic error page (FIDELITY.md row L19).
    if checked.app == App::Partner && org.config.uninstalled_connected_app {
        return Refusal::generic(org, OAuthError::AppMustBeInstalled).into_response();
    }
    let user = org.data.practice_user();
    // The partner app's policies (Permitted Users, IP relaxation) are not the assistant's.
    let checked_user = match checked.app {
        App::Partner => org.check_user(user, GrantKind::AuthorizationCode),
        App::Assistant if !user.active => Err(OAuthError::InactiveUser),
        App::Assistant => Ok(()),
    };
    if let Err(err) = checked_user {
        return Refusal::Redirect(err, checked.redirect_uri.clone(), checked.state.clone())
            .into_response();
    }
    let code = org.grants().add_code(PendingCode::new(
        checked.redirect_uri.clone(),
        checked.scope.clone(),
        checked.challenge.clone(),
        user.id.clone(),
        checked.app,
    ));
    let mut query = form_urlencoded::Serializer::new(String::new());
    query.append_pair("code", &code);
    if let Some(state) = &checked.state {
        query.append_pair("state", state);
    }
    redirect(&checked.redirect_uri, &query.finish())
}

/// 302 to the callback with the query appended to any it already has.
fn redirect(uri: &str, query: &str) -> Response {
    let joiner = if uri.contains('?') { '&' } else { '?' };
    let location = format!("{uri}{joiner}{query}");
    (StatusCode::FOUND, [(LOCATION, location)]).into_response()
}
