//! The checks made on what Salesforce answered, one function each: the token, Permitted Users,
//! the signature, the instance, the scopes, the refresh token and the Run As user. Pure
//! functions over the answers, so each is tested with recorded Salesforce replies; the requests
//! themselves live in `run`.

use eca_core::domain::{OrgDomain, OrgKind};
use eca_core::eca::PermittedUsers;
use eca_core::profile::EcaSettings;
use eca_core::scopes::Scope;
use eca_core::secret::Secret;
use eca_core::{FlowChoice, StepId};

use crate::compare;
use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::result::{Check, CheckId};
use crate::token::{self, Tokens};

pub fn token_issued(tokens: &Tokens, flow: FlowChoice) -> Check {
    let granted = tokens.scopes();
    Check::passed(
        CheckId::Token,
        format!(
            "Salesforce issued an access token with the {} flow{}.",
            flow.label(),
            if granted.is_empty() {
                String::new()
            } else {
                format!(" (scopes: {})", granted.join(" "))
            }
        ),
    )
}

/// A pre-authorized app issued a token, so the user's profile or permission set is assigned.
pub fn permitted_users(eca: &EcaSettings) -> Check {
    if eca.permitted_users.value == PermittedUsers::AdminApprovedPreAuthorized {
        Check::passed(
            CheckId::PermittedUsers,
            "The app is pre-authorized and Salesforce let this user in: their profile or permission set is assigned to it.",
        )
    } else {
        Check::skipped(
            CheckId::PermittedUsers,
            "All users can self-authorize, so no profile or permission set needs to be assigned.",
        )
    }
}

/// The token was refused because the user is not pre-authorized.
pub fn permitted_users_refused(diagnosis: Diagnosis) -> [Check; 2] {
    [
        Check::skipped(
            CheckId::Token,
            "Salesforce refused the user before issuing a token: see Permitted Users.",
        ),
        Check::failed(CheckId::PermittedUsers, diagnosis),
    ]
}

pub fn signature(tokens: &Tokens, secret: &Secret) -> Check {
    if tokens.signature.is_none() {
        Check::skipped(
            CheckId::Signature,
            "Salesforce sent no signature with this token.",
        )
    } else if token::signature_matches(tokens, secret) {
        Check::passed(
            CheckId::Signature,
            "The token's signature matches the Consumer Secret.",
        )
    } else {
        Check::failed(
            CheckId::Signature,
            Diagnosis::new(
                DiagnosisCode::SignatureMismatch,
                "The token's signature does not match the Consumer Secret entered: the secret belongs to another app.",
                "Copy the Consumer Secret again from this app's Consumer Key and Secret page.",
                Some(StepId::ConsumerKeySecret),
            ),
        )
    }
}

/// `instance` is the token's `instance_url` without a trailing slash.
pub fn instance(instance: &str, domain: &OrgDomain) -> Check {
    if instance.is_empty() {
        Check::skipped(CheckId::Instance, "Salesforce sent no instance URL.")
    } else if domain.kind == OrgKind::GenericLogin {
        Check::passed(
            CheckId::Instance,
            format!("The org's own address is {instance}: use it as the domain where you can."),
        )
    } else if compare::instance_matches(instance, &domain.host) {
        Check::passed(CheckId::Instance, format!("The token is for {instance}."))
    } else {
        Check::failed(
            CheckId::Instance,
            compare::instance_mismatch(instance, &domain.host),
        )
    }
}

/// The granted scopes against the selected ones, for this flow; also the note naming selected
/// scopes this flow never carries.
pub fn scopes(selected: &[Scope], granted: &[String], flow: FlowChoice) -> (Check, Option<String>) {
    if granted.is_empty() {
        return (
            Check::skipped(
                CheckId::Scopes,
                "Salesforce did not list the granted scopes.",
            ),
            None,
        );
    }
    let comparison = compare::compare_scopes(selected, granted, flow);
    let note = (!comparison.not_carried.is_empty())
        .then(|| compare::not_carried_note(&comparison.not_carried, flow));
    let check = if comparison.missing.is_empty() {
        let mut detail = format!("Granted: {}.", granted.join(" "));
        if let Some(note) = &note {
            detail.push(' ');
            detail.push_str(note);
        }
        Check::passed(CheckId::Scopes, detail)
    } else {
        Check::failed(
            CheckId::Scopes,
            compare::missing_scopes_diagnosis(&comparison.missing),
        )
    };
    (check, note)
}

/// Whether a refresh token came when the flow and the app call for one.
pub fn refresh_token(flow: FlowChoice, selected: &[Scope], received: bool) -> Check {
    let wanted = selected.contains(&Scope::RefreshToken);
    match (flow, wanted, received) {
        (FlowChoice::WebServer, true, true) => Check::passed(
            CheckId::RefreshToken,
            "A refresh token came with the access token.",
        ),
        (FlowChoice::WebServer, true, false) => {
            Check::failed(CheckId::RefreshToken, compare::no_refresh_token())
        }
        (FlowChoice::WebServer, false, _) => Check::skipped(
            CheckId::RefreshToken,
            "The integration does not ask for a refresh token.",
        ),
        _ => Check::skipped(
            CheckId::RefreshToken,
            format!("The {} flow issues no refresh token.", flow.label()),
        ),
    }
}

/// The user the token acts as against the Run As user entered (client credentials only).
pub fn run_as(flow: FlowChoice, expected: Option<&str>, found: Option<&str>) -> Check {
    if flow != FlowChoice::ClientCredentials {
        return Check::skipped(
            CheckId::RunAs,
            "Only the client credentials flow has a Run As user.",
        );
    }
    match (expected, found) {
        (None, _) => Check::skipped(
            CheckId::RunAs,
            "No Run As user was entered to compare with.",
        ),
        (Some(_), None) => Check::skipped(
            CheckId::RunAs,
            "Salesforce did not say which user the token acts as.",
        ),
        (Some(expected), Some(found)) if compare::run_as_matches(found, expected) => {
            Check::passed(CheckId::RunAs, format!("The token acts as {found}."))
        }
        (Some(expected), Some(found)) => {
            Check::failed(CheckId::RunAs, compare::run_as_mismatch(found, expected))
        }
    }
}

#[cfg(test)]
mod tests {
    use eca_core::normalize_domain;

    use super::*;
    use crate::result::CheckStatus;

    /// A client-credentials answer as Salesforce sends it (values shortened).
    const CLIENT_CREDENTIALS_REPLY: &str = r#"{"access_token":"00D5g000004ABCD!AQEAQ.x","signature":"c2lnbmF0dXJl","scope":"api","instance_url":"https://acme.my.salesforce.com","id":"https://login.salesforce.com/id/00D5g000004ABCDEAU/0055g00000ABCDEAA2","token_type":"Bearer","issued_at":"1732900000000"}"#;

    fn reply() -> Tokens {
        serde_json::from_str(CLIENT_CREDENTIALS_REPLY).expect("a recorded reply")
    }

    #[test]
    fn bright_pattern_scopes_pass_on_a_client_credentials_token() {
        let selected = [Scope::Full, Scope::Api, Scope::RefreshToken];
        let (check, note) = scopes(&selected, &reply().scopes(), FlowChoice::ClientCredentials);
        assert_eq!(check.status, CheckStatus::Passed, "{check:?}");
        let note = note.expect("full and refresh_token are named");
        assert!(note.contains("Full access (full)"), "{note}");
        assert!(check.detail.contains(&note));
    }

    #[test]
    fn the_same_token_misses_scopes_for_the_web_server_flow() {
        let selected = [Scope::Full, Scope::Api, Scope::RefreshToken];
        let (check, _) = scopes(&selected, &reply().scopes(), FlowChoice::WebServer);
        assert_eq!(check.status, CheckStatus::Failed);
        let diagnosis = check.diagnosis.expect("diagnosis");
        assert_eq!(diagnosis.code, DiagnosisCode::MissingScope);
        assert!(diagnosis.message.contains("Full access (full)"));
    }

    #[test]
    fn a_signature_made_with_another_secret_points_to_the_key_step() {
        let check = signature(&reply(), &Secret::new("not-the-secret"));
        assert_eq!(check.status, CheckStatus::Failed);
        assert_eq!(
            check.diagnosis.and_then(|d| d.step),
            Some(StepId::ConsumerKeySecret)
        );
    }

    #[test]
    fn the_instance_is_compared_with_the_domain_entered() {
        let tokens = reply();
        let acme = normalize_domain("acme.my.salesforce.com").expect("domain");
        let other = normalize_domain("globex.my.salesforce.com").expect("domain");
        let login = normalize_domain("login.salesforce.com").expect("domain");
        let url = tokens.instance_url.as_str();
        assert_eq!(instance(url, &acme).status, CheckStatus::Passed);
        assert_eq!(instance(url, &other).status, CheckStatus::Failed);
        assert!(instance(url, &login)
            .detail
            .contains("use it as the domain"));
        assert_eq!(instance("", &acme).status, CheckStatus::Skipped);
    }

    #[test]
    fn a_missing_refresh_token_fails_only_where_the_flow_issues_one() {
        let selected = [Scope::Api, Scope::RefreshToken];
        let web = refresh_token(FlowChoice::WebServer, &selected, false);
        assert_eq!(web.status, CheckStatus::Failed);
        assert_eq!(
            refresh_token(FlowChoice::ClientCredentials, &selected, false).status,
            CheckStatus::Skipped
        );
        assert_eq!(
            refresh_token(FlowChoice::WebServer, &[Scope::Api], false).status,
            CheckStatus::Skipped
        );
    }

    #[test]
    fn run_as_is_compared_without_case_for_client_credentials_only() {
        let cc = FlowChoice::ClientCredentials;
        let expected = Some("Integration@Acme.com");
        assert_eq!(
            run_as(cc, expected, Some("integration@acme.com")).status,
            CheckStatus::Passed
        );
        assert_eq!(
            run_as(cc, expected, Some("admin@acme.com")).status,
            CheckStatus::Failed
        );
        assert_eq!(
            run_as(FlowChoice::WebServer, expected, Some("admin@acme.com")).status,
            CheckStatus::Skipped
        );
    }

    #[test]
    fn permitted_users_passes_only_for_a_preauthorized_app() {
        let bright = eca_core::profile("bright-pattern").expect("profile");
        let vonage = eca_core::profile("vonage-ai-studio").expect("profile");
        assert_eq!(permitted_users(&bright.eca).status, CheckStatus::Passed);
        assert_eq!(permitted_users(&vonage.eca).status, CheckStatus::Skipped);
    }
}
