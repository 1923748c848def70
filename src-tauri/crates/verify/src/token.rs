//! The token endpoint: the four grants, Salesforce's token response, its `signature`, and revoke.
//!
//! The response is parsed here with serde rather than through `oauth2`'s token types: Salesforce
//! sends fields those types do not model (`instance_url`, `id`, `issued_at`, `signature`), sends
//! no `expires_in`, and uses non-standard `error` values (`invalid_client_id`,
//! `OAUTH_EC_APP_NOT_FOUND`) whose exact text drives the diagnosis. Owning the request also keeps
//! every call on the one `Transport` (https only, timeouts, bounded bodies). `oauth2` still
//! builds the authorize URL, the PKCE pair and the CSRF state (see `web_server`).

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use eca_core::secret::Secret;
use hmac::{Hmac, KeyInit, Mac};
use serde::{Deserialize, Deserializer};
use sha2::Sha256;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::http::{Reply, Transport};

/// A token response, with every token a `Secret` from the moment it is parsed.
#[derive(Debug, Clone, Deserialize)]
pub struct Tokens {
    #[serde(deserialize_with = "secret")]
    pub access_token: Secret,
    #[serde(default, deserialize_with = "optional_secret")]
    pub refresh_token: Option<Secret>,
    #[serde(default)]
    pub instance_url: String,
    /// The identity URL, `https://login.salesforce.com/id/ORGID/USERID`.
    #[serde(default)]
    pub id: String,
    /// Milliseconds since the epoch, as a string.
    #[serde(default)]
    pub issued_at: String,
    #[serde(default)]
    pub signature: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub token_type: Option<String>,
}

impl Tokens {
    /// The granted scope tokens (`scope` is space-separated).
    pub fn scopes(&self) -> Vec<String> {
        self.scope
            .as_deref()
            .unwrap_or("")
            .split_whitespace()
            .map(str::to_owned)
            .collect()
    }

    /// The org id and user id from the identity URL.
    pub fn org_and_user(&self) -> Option<(String, String)> {
        let mut parts = self.id.trim_end_matches('/').rsplit('/');
        let user = parts.next()?;
        let org = parts.next()?;
        (!org.is_empty() && !user.is_empty()).then(|| (org.to_owned(), user.to_owned()))
    }
}

fn secret<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Secret, D::Error> {
    String::deserialize(deserializer).map(Secret::new)
}

fn optional_secret<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Secret>, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?
        .filter(|text| !text.is_empty())
        .map(Secret::new))
}

/// Why a token request failed: Salesforce's own error pair (kept raw so the caller can retry on
/// propagation errors and map it with the flow in hand), or anything else, already diagnosed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    OAuth { error: String, description: String },
    Other(Diagnosis),
}

impl TokenError {
    /// The key is not (yet) known: the two answers a freshly created app gives while it
    /// propagates.
    pub fn is_propagation(&self) -> bool {
        matches!(self, TokenError::OAuth { error, .. }
            if error == "invalid_client_id" || error.eq_ignore_ascii_case("OAUTH_EC_APP_NOT_FOUND"))
    }
}

impl From<Diagnosis> for TokenError {
    fn from(diagnosis: Diagnosis) -> TokenError {
        TokenError::Other(diagnosis)
    }
}

#[derive(Deserialize)]
struct ErrorBody {
    error: String,
    #[serde(default)]
    error_description: String,
}

pub fn token_url(base: &str) -> String {
    format!("{base}/services/oauth2/token")
}

/// POSTs a grant to the token endpoint and parses the answer.
pub async fn request(
    transport: &Transport,
    base: &str,
    form: &[(&str, &str)],
) -> Result<Tokens, TokenError> {
    let reply = transport.post_form(&token_url(base), form).await?;
    parse(&reply)
}

/// Reads the token endpoint's answer: `Tokens` on success, Salesforce's error pair otherwise.
/// Public so the property tests can feed it any body; callers use the grant functions.
pub fn parse(reply: &Reply) -> Result<Tokens, TokenError> {
    if reply.is_success() {
        return serde_json::from_str(&reply.body).map_err(|_| {
            TokenError::Other(unexpected(
                "Salesforce's token answer could not be read.",
                reply,
            ))
        });
    }
    match serde_json::from_str::<ErrorBody>(&reply.body) {
        Ok(body) => Err(TokenError::OAuth {
            error: body.error,
            description: body.error_description,
        }),
        Err(_) => Err(TokenError::Other(unexpected(
            "The token endpoint did not answer as Salesforce does.",
            reply,
        ))),
    }
}

pub fn unexpected(what: &str, reply: &Reply) -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::UnexpectedResponse,
        format!("{what} (HTTP {}).", reply.status),
        "Check that the domain is your org's My Domain; if it is, try again in a minute.",
        None,
    )
}

pub async fn client_credentials(
    transport: &Transport,
    base: &str,
    key: &str,
    secret: &Secret,
) -> Result<Tokens, TokenError> {
    let form = [
        ("grant_type", "client_credentials"),
        ("client_id", key),
        ("client_secret", secret.expose()),
    ];
    request(transport, base, &form).await
}

/// Exchanges an authorization code; `verifier` is the PKCE verifier when a challenge was sent,
/// and `secret` is sent only when given, as the partner sends it or not.
pub async fn authorization_code(
    transport: &Transport,
    base: &str,
    key: &str,
    secret: Option<&Secret>,
    code: &Secret,
    redirect_uri: &str,
    verifier: Option<&Secret>,
) -> Result<Tokens, TokenError> {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", code.expose()),
        ("client_id", key),
        ("redirect_uri", redirect_uri),
    ];
    form.extend(secret.map(|secret| ("client_secret", secret.expose())));
    form.extend(verifier.map(|verifier| ("code_verifier", verifier.expose())));
    request(transport, base, &form).await
}

/// Exchanges a refresh token; `secret` is sent only when given.
pub async fn refresh(
    transport: &Transport,
    base: &str,
    key: &str,
    secret: Option<&Secret>,
    refresh_token: &Secret,
) -> Result<Tokens, TokenError> {
    let mut form = vec![
        ("grant_type", "refresh_token"),
        ("refresh_token", refresh_token.expose()),
        ("client_id", key),
    ];
    form.extend(secret.map(|secret| ("client_secret", secret.expose())));
    request(transport, base, &form).await
}

/// Revokes a token (revoking a refresh token revokes its access tokens too).
pub async fn revoke(transport: &Transport, base: &str, token: &Secret) -> Result<(), Diagnosis> {
    let reply = revoke_reply(transport, base, token).await?;
    if reply.is_success() {
        return Ok(());
    }
    Err(revoke_refused(&reply))
}

/// Revokes a token that may have ended already (an access token whose refresh token rotation
/// replaced): Salesforce's `invalid_token` then means there is nothing left to revoke.
pub async fn revoke_unless_gone(
    transport: &Transport,
    base: &str,
    token: &Secret,
) -> Result<(), Diagnosis> {
    let reply = revoke_reply(transport, base, token).await?;
    // JSON, or form-encoded as some Salesforce revoke answers are (FIDELITY.md V3).
    let gone = serde_json::from_str::<ErrorBody>(&reply.body)
        .is_ok_and(|body| body.error == "invalid_token")
        || reply
            .body
            .split('&')
            .any(|pair| pair == "error=invalid_token");
    if reply.is_success() || gone {
        return Ok(());
    }
    Err(revoke_refused(&reply))
}

async fn revoke_reply(
    transport: &Transport,
    base: &str,
    token: &Secret,
) -> Result<Reply, Diagnosis> {
    let url = format!("{base}/services/oauth2/revoke");
    transport
        .post_form(&url, &[("token", token.expose())])
        .await
}

/// A revoke Salesforce refused: where the admin revokes an External Client App's tokens by
/// hand (not Connected Apps OAuth Usage, which lists only connected apps).
fn revoke_refused(reply: &Reply) -> Diagnosis {
    let said = serde_json::from_str::<ErrorBody>(&reply.body)
        .map(|body| format!(" ({}: {})", body.error, body.error_description))
        .unwrap_or_default();
    Diagnosis::new(
        DiagnosisCode::OAuthError,
        format!(
            "Salesforce did not revoke the test token{said} (HTTP {}).",
            reply.status
        ),
        "Revoke it yourself in Setup → External Client Apps → OAuth Usage, or let it expire.",
        None,
    )
}

/// Whether `signature` is the base64 HMAC-SHA256 of `id + issued_at` keyed with the secret.
/// A mismatch means the secret belongs to another app (or the answer was tampered with).
pub fn signature_matches(tokens: &Tokens, secret: &Secret) -> bool {
    let Some(signature) = tokens.signature.as_deref() else {
        return false;
    };
    let Ok(expected) = STANDARD.decode(signature.trim()) else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret.expose().as_bytes()) else {
        return false;
    };
    mac.update(tokens.id.as_bytes());
    mac.update(tokens.issued_at.as_bytes());
    mac.verify_slice(&expected).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(signature: Option<String>) -> Tokens {
        Tokens {
            access_token: Secret::new("00Dxx!AQ"),
            refresh_token: None,
            instance_url: "https://acme.my.salesforce.com".into(),
            id: "https://login.salesforce.com/id/00Dxx0000001gEREAY/005xx000001Sv6AAAS".into(),
            issued_at: "1700000000000".into(),
            signature,
            scope: Some("api id".into()),
            token_type: Some("Bearer".into()),
        }
    }

    fn sign(secret: &str, text: &str) -> String {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key");
        mac.update(text.as_bytes());
        STANDARD.encode(mac.finalize().into_bytes())
    }

    #[test]
    fn signature_is_checked_against_the_secret() {
        let t = tokens(None);
        let good = sign("s3cret", &format!("{}{}", t.id, t.issued_at));
        let signed = tokens(Some(good));
        assert!(signature_matches(&signed, &Secret::new("s3cret")));
        assert!(!signature_matches(&signed, &Secret::new("other")));
        assert!(!signature_matches(&tokens(None), &Secret::new("s3cret")));
        assert!(!signature_matches(
            &tokens(Some("not base64!".into())),
            &Secret::new("s3cret")
        ));
    }

    #[test]
    fn identity_url_gives_org_and_user() {
        assert_eq!(
            tokens(None).org_and_user(),
            Some(("00Dxx0000001gEREAY".into(), "005xx000001Sv6AAAS".into()))
        );
    }

    #[test]
    fn tokens_parse_and_never_print() {
        let body = r#"{"access_token":"00Dabc!AQsecretvalue","instance_url":"https://a.my.salesforce.com","id":"https://login.salesforce.com/id/00D/005","token_type":"Bearer","issued_at":"1","signature":"x","scope":"api refresh_token","refresh_token":"5Aep861refreshvalue"}"#;
        let reply = Reply {
            status: 200,
            location: None,
            body: body.into(),
        };
        let tokens = parse(&reply).expect("parses");
        assert_eq!(tokens.scopes(), ["api", "refresh_token"]);
        let printed = format!("{tokens:?}");
        assert!(!printed.contains("secretvalue") && !printed.contains("refreshvalue"));
        let printed = format!("{reply:?}");
        assert!(
            !printed.contains("secretvalue") && !printed.contains("refreshvalue"),
            "the raw answer printed its tokens: {printed}"
        );
        assert!(printed.contains("status: 200"), "{printed}");
    }

    #[test]
    fn a_redirect_prints_where_it_goes_without_its_code() {
        let reply = Reply {
            status: 302,
            location: Some(
                "http://localhost:1717/OauthRedirect?code=aPrx.secretcode&state=s".into(),
            ),
            body: String::new(),
        };
        let printed = format!("{reply:?}");
        assert!(!printed.contains("secretcode"), "{printed}");
        assert!(
            printed.contains("http://localhost:1717/OauthRedirect"),
            "{printed}"
        );
    }

    #[test]
    fn error_pairs_are_kept_raw() {
        let reply = Reply {
            status: 400,
            location: None,
            body:
                r#"{"error":"invalid_client_id","error_description":"client identifier invalid"}"#
                    .into(),
        };
        let err = parse(&reply).expect_err("an error");
        assert!(err.is_propagation());
    }

    #[test]
    fn a_refused_revoke_points_to_the_external_client_apps_oauth_usage_page() {
        let reply = Reply {
            status: 400,
            location: None,
            body: r#"{"error":"unsupported_token_type","error_description":"this token type is not supported"}"#.into(),
        };
        let diagnosis = revoke_refused(&reply);
        assert!(
            diagnosis.message.contains("unsupported_token_type"),
            "{diagnosis:?}"
        );
        assert!(diagnosis.fix.contains("External Client Apps → OAuth Usage"));
        assert!(
            !diagnosis.fix.contains("Connected Apps"),
            "{}",
            diagnosis.fix
        );
    }
}
