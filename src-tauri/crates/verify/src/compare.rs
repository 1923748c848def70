//! What Salesforce granted compared with what the profile requires: the scopes, the instance
//! URL against the domain entered, and the Run As user. Pure functions over the answers.

use eca_core::scopes::Scope;
use url::Url;

use eca_core::StepId;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::request::FlowChoice;

/// The selected scopes compared with the granted ones, for one flow.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScopeComparison {
    /// Selected, expected of this flow, and not granted: a failure.
    pub missing: Vec<Scope>,
    /// Selected but never carried by this flow's token: named as information only.
    pub not_carried: Vec<Scope>,
}

/// Which selected scopes a token of `flow` should carry and did not. A client-credentials token
/// carries only API-type scopes for certain (never `refresh_token`; `full`, `web` and `openid`
/// are left off too), so only those are required of it.
pub fn compare_scopes(selected: &[Scope], granted: &[String], flow: FlowChoice) -> ScopeComparison {
    let is_granted = |scope: &Scope| {
        scope
            .tokens()
            .iter()
            .any(|token| granted.iter().any(|g| g == token))
    };
    let mut comparison = ScopeComparison::default();
    for scope in selected.iter().copied().filter(|scope| !is_granted(scope)) {
        let expected = match flow {
            FlowChoice::ClientCredentials => scope.is_api_type(),
            FlowChoice::WebServer => true,
            FlowChoice::Password => scope != Scope::RefreshToken,
        };
        if expected {
            comparison.missing.push(scope);
        } else {
            comparison.not_carried.push(scope);
        }
    }
    comparison
}

/// The sentence naming scopes the flow never carries.
pub fn not_carried_note(not_carried: &[Scope], flow: FlowChoice) -> String {
    let labels: Vec<String> = not_carried
        .iter()
        .map(|scope| format!("“{}”", scope.label()))
        .collect();
    format!(
        "The {} flow's token does not carry {}, as Salesforce documents: that is expected, and the partner's own sign-in still gets them.",
        flow.label(),
        labels.join(", ")
    )
}

pub fn missing_scopes_diagnosis(missing: &[Scope]) -> Diagnosis {
    let labels: Vec<String> = missing
        .iter()
        .map(|scope| format!("“{}”", scope.label()))
        .collect();
    Diagnosis::new(
        DiagnosisCode::MissingScope,
        format!(
            "Salesforce did not grant {} that the integration needs.",
            labels.join(", ")
        ),
        format!(
            "On step {}, add {} to Selected OAuth Scopes.",
            StepId::OauthSettings.title(),
            labels.join(", ")
        ),
        Some(StepId::OauthSettings),
    )
}

pub fn no_refresh_token() -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::NoRefreshToken,
        "The token came without a refresh token, so the integration would have to sign in again every time the token expires.",
        format!(
            "On step {}, add the scope “{}”.",
            StepId::OauthSettings.title(),
            Scope::RefreshToken.label()
        ),
        Some(StepId::OauthSettings),
    )
}

/// The host (with port, when there is one) of a URL.
fn host_of(url: &str) -> Option<String> {
    let url = Url::parse(url).ok()?;
    let host = url.host_str()?.to_ascii_lowercase();
    Some(match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host,
    })
}

/// Whether `instance_url` is the org entered. `localhost` and `127.0.0.1` are the same place.
pub fn instance_matches(instance_url: &str, host: &str) -> bool {
    let normal = |h: &str| h.replace("localhost", "127.0.0.1");
    host_of(instance_url).is_some_and(|found| normal(&found) == normal(host))
}

pub fn instance_mismatch(instance_url: &str, host: &str) -> Diagnosis {
    let found = host_of(instance_url).unwrap_or_else(|| instance_url.to_owned());
    Diagnosis::new(
        DiagnosisCode::InstanceMismatch,
        format!("The token is for {found}, not for the domain entered ({host})."),
        format!("Enter {found} as the org's domain, and give the partner that address."),
        None,
    )
}

pub fn run_as_matches(found: &str, expected: &str) -> bool {
    found.trim().eq_ignore_ascii_case(expected.trim())
}

pub fn run_as_mismatch(found: &str, expected: &str) -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::RunAsMismatch,
        format!("The token acts as {found}, not as the integration user {expected}."),
        format!("On the Policies tab, set Run As (Username) to {expected}."),
        Some(StepId::Policies),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn granted(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn scopes_are_compared_by_any_of_their_tokens() {
        let required = [Scope::Api, Scope::Id, Scope::RefreshToken];
        let web = |text| compare_scopes(&required, &granted(text), FlowChoice::WebServer);
        assert_eq!(web("api profile refresh_token"), ScopeComparison::default());
        assert_eq!(web("api id").missing, [Scope::RefreshToken]);
    }

    #[test]
    fn client_credentials_require_only_api_type_scopes() {
        // Bright Pattern selects full, api and refresh_token; Salesforce grants "api" alone.
        let selected = [Scope::Full, Scope::Api, Scope::RefreshToken];
        let cc = compare_scopes(&selected, &granted("api"), FlowChoice::ClientCredentials);
        assert!(cc.missing.is_empty(), "{cc:?}");
        assert_eq!(cc.not_carried, [Scope::Full, Scope::RefreshToken]);
        let none = compare_scopes(&selected, &granted("id"), FlowChoice::ClientCredentials);
        assert_eq!(none.missing, [Scope::Api]);
        let note = not_carried_note(&cc.not_carried, FlowChoice::ClientCredentials);
        assert!(note.contains("Full access (full)") && note.contains("client credentials"));
    }

    #[test]
    fn instance_is_compared_by_host_and_port() {
        assert!(instance_matches(
            "https://Acme.my.salesforce.com",
            "acme.my.salesforce.com"
        ));
        assert!(instance_matches("http://localhost:4000", "127.0.0.1:4000"));
        assert!(!instance_matches(
            "https://acme.develop.my.salesforce.com",
            "acme.my.salesforce.com"
        ));
        assert!(!instance_matches("not a url", "acme.my.salesforce.com"));
    }

    #[test]
    fn no_refresh_token_points_to_the_oauth_step() {
        let d = no_refresh_token();
        assert_eq!(d.step, Some(StepId::OauthSettings));
        assert!(d.fix.contains("Perform requests at any time"));
    }
}
