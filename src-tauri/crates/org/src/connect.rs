//! The sign-in of the assistant itself: the web server flow with PKCE through the assistant's
//! own External Client App (a Consumer Key only: a desktop app keeps no secret, so its app
//! requires none for the web server flow), on the loopback, asking for `api` alone. No
//! `refresh_token`: the connection lasts one org session (the org's session timeout), nothing
//! long-lived exists anywhere, and "disconnect" revokes the one token there is. A refusal is
//! explained by the verification's own table (`from_oauth_error`).

use eca_core::domain::{normalize_domain, OrgKind};
use eca_core::FlowChoice;
use eca_verify::api::newest_version;
use eca_verify::diagnosis::from_oauth_error;
use eca_verify::loopback::Listener;
use eca_verify::run::rest_base;
use eca_verify::token::{self, TokenError};
use eca_verify::web_server::{self, Opener};
use eca_verify::{Diagnosis, DiagnosisCode, LoopbackConfig, Progress};
use serde::{Deserialize, Serialize};
use tokio_util::sync::CancellationToken;
use ts_rs::TS;

use crate::error::OrgError;
use crate::query::{query, text};
use crate::{OrgSession, REQUEST_TIMEOUT};

/// The scopes the assistant asks for: the REST and Metadata APIs, nothing else.
pub const SCOPES: [&str; 1] = ["api"];

/// What signing in needs.
#[derive(Debug, Clone)]
pub struct ConnectRequest {
    /// The org's My Domain (or the practice org's `127.0.0.1:PORT`).
    pub domain: String,
    /// The Consumer Key of the assistant's own External Client App.
    pub consumer_key: String,
    /// The practice org: plain http on loopback is allowed. Never read from the domain's text.
    pub practice: bool,
    pub loopback: LoopbackConfig,
}

/// Who and where the assistant is signed in, without the token: what is shown and saved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrgIdentity {
    /// The org's host as entered, normalized.
    pub host: String,
    pub practice: bool,
    /// Where the APIs are.
    pub instance_url: String,
    pub api_version: String,
    pub org_id: String,
    pub user_id: String,
    /// The signed-in user's username, when the org says.
    pub username: String,
    /// The scopes Salesforce granted (empty for the Salesforce CLI's login: the CLI's own).
    pub scopes: Vec<String>,
    /// Connected with the Salesforce CLI's login (`sf_cli`): its token is the CLI's, kept in
    /// memory only and never revoked by the assistant.
    #[serde(default)]
    pub salesforce_cli: bool,
}

/// Signs in: the authorize URL is checked before the browser opens, the code comes back on
/// the loopback, and the exchange sends the PKCE verifier and no secret.
pub async fn connect(
    request: &ConnectRequest,
    opener: &Opener,
    progress: &(dyn Fn(Progress) + Send + Sync),
    cancel: &CancellationToken,
) -> Result<(OrgSession, OrgIdentity), OrgError> {
    let domain = normalize_domain(&request.domain).map_err(|issue| {
        Diagnosis::new(
            DiagnosisCode::InvalidRequest,
            issue.message,
            issue.hint,
            None,
        )
    })?;
    let practice = domain.kind == OrgKind::Practice;
    if practice && !request.practice {
        return Err(Diagnosis::new(
            DiagnosisCode::InsecureUrl,
            format!("{} is an address on this computer (plain http), not a real org, so nothing was sent.", domain.host),
            "Enter the org's My Domain (Setup → My Domain); to rehearse, connect to the practice org with --practice.",
            None,
        )
        .into());
    }
    let transport = eca_verify::http::Transport::new(practice, REQUEST_TIMEOUT);
    let base = domain.base_url();
    let key = request.consumer_key.trim();
    let listener = Listener::bind(&request.loopback).await?;
    // The port bound, which a port of 0 leaves to the system.
    let redirect_uri = format!(
        "http://localhost:{}{}",
        listener.port(),
        request.loopback.path
    );
    let auth = web_server::authorization(&base, key, &redirect_uri, &SCOPES, true)?;
    progress(Progress::Step {
        message: "Checking the sign-in page".into(),
    });
    web_server::preflight(&transport, &auth)
        .await
        .map_err(refused)?;
    progress(Progress::Step {
        message: "Waiting for you to sign in and click Allow in the browser".into(),
    });
    let code = web_server::sign_in(listener, &auth, &request.loopback, opener, progress, cancel)
        .await
        .map_err(refused)?;
    progress(Progress::Step {
        message: "Exchanging the code for a token".into(),
    });
    let tokens = token::authorization_code(
        &transport,
        &base,
        key,
        None,
        &code,
        &auth.redirect_uri,
        auth.verifier.as_ref(),
    )
    .await
    .map_err(refused)?;
    let (instance, _) = rest_base(tokens.instance_url.trim_end_matches('/'), &base, &transport);
    let version = newest_version(&transport, &instance).await?;
    let (org_id, user_id) = tokens.org_and_user().unwrap_or_default();
    let session = OrgSession {
        base,
        instance: instance.clone(),
        version: version.clone(),
        practice,
        token: tokens.access_token.clone(),
    };
    let username = signed_in_username(&session, &user_id).await;
    Ok((
        session,
        OrgIdentity {
            host: domain.host,
            practice,
            instance_url: instance,
            api_version: version,
            org_id,
            user_id,
            username,
            scopes: tokens.scopes(),
            salesforce_cli: false,
        },
    ))
}

/// The signed-in user's username from `User` (the `api` scope reads it; userinfo would need
/// another scope). Empty when the org does not say.
async fn signed_in_username(session: &OrgSession, user_id: &str) -> String {
    if user_id.is_empty() || !user_id.chars().all(|c| c.is_ascii_alphanumeric()) {
        return String::new();
    }
    let soql = format!("SELECT Username FROM User WHERE Id = '{user_id}'");
    match query(session, "User", &soql).await {
        Ok(rows) => rows
            .records
            .first()
            .map(|record| text(record, "Username"))
            .unwrap_or_default(),
        Err(_) => String::new(),
    }
}

/// Revokes the assistant's token; one that had ended already counts as revoked.
pub async fn disconnect(session: &OrgSession) -> Result<(), OrgError> {
    let transport = session.transport();
    token::revoke_unless_gone(&transport, &session.base, &session.token).await?;
    Ok(())
}

/// A refused sign-in in the verification's words, with the assistant's own app named where the
/// table points at a checklist step of the partner's.
fn refused(err: TokenError) -> OrgError {
    let mut diagnosis = match err {
        TokenError::Other(diagnosis) => diagnosis,
        TokenError::OAuth { error, description } => {
            from_oauth_error(&error, &description, FlowChoice::WebServer)
        }
    };
    if let Some(step) = diagnosis.step.take() {
        diagnosis.fix = format!(
            "{} (This is the assistant's own External Client App: its setup's step “{}”.)",
            diagnosis.fix,
            step.title()
        );
        diagnosis.step = Some(step);
    }
    OrgError::Diagnosed(diagnosis)
}
