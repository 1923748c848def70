//! What went wrong, in words an admin can act on: a closed code the UI branches on, one sentence,
//! the fix, and the wizard step to revisit. Salesforce's `error` / `error_description` pairs map
//! to a diagnosis in one table (`from_oauth_error`), the same table as SALESFORCE.md's.

use eca_core::eca::{IpRelaxation, PermittedUsers, RefreshTokenPolicy, Setting};
use eca_core::scopes::Scope;
use eca_core::{FlowChoice, StepId};

// The diagnosis types live in `eca_core::verification`, beside the checks that carry them; the
// table that fills them is here.
pub use eca_core::verification::{Diagnosis, DiagnosisCode};

/// The sentence both the verification and the command line give when the username-password
/// flow is asked for: the core's one retirement sentence.
pub use eca_core::migration::PASSWORD_FLOW_RETIRED as PASSWORD_FLOW_UNSUPPORTED;

/// The username-password flow was asked for; `instead` is the flow this setup verifies with.
pub fn password_flow_unsupported(instead: FlowChoice) -> Diagnosis {
    Diagnosis::new(
        DiagnosisCode::PasswordFlowUnsupported,
        PASSWORD_FLOW_UNSUPPORTED,
        format!("Verify with the {} flow instead.", instead.label()),
        None,
    )
}

/// Salesforce's error pair → the diagnosis. `flow` decides the few rows whose fix depends on the
/// grant (authentication failure, unsupported grant type). Descriptions are matched loosely
/// (lower case, by a telling word) because Salesforce words them slightly differently by release.
pub fn from_oauth_error(error: &str, description: &str, flow: FlowChoice) -> Diagnosis {
    use DiagnosisCode as C;
    let d = description.to_ascii_lowercase();
    let said = if description.is_empty() {
        format!("Salesforce answered “{error}”.")
    } else {
        format!("Salesforce answered “{error}: {description}”.")
    };
    let (code, message, fix, step): (C, &str, String, Option<StepId>) = match (error, d.as_str()) {
        ("invalid_client_id", _) => (
            C::InvalidClientId,
            "Salesforce does not know this Consumer Key.",
            "Copy the Consumer Key again (all of it) from this org's app, and use this org's My Domain. A new or changed app can take up to 10 minutes to reach Salesforce's login servers: if you just created it, wait and try again.".into(),
            Some(StepId::ConsumerKeySecret),
        ),
        (e, _) if e.eq_ignore_ascii_case("OAUTH_EC_APP_NOT_FOUND") => (
            C::AppNotFound,
            "The External Client App is not installed in this org.",
            "A Local app works only in the org it was created in (a production key does not work in a sandbox, nor after a sandbox refresh): create the app in this org.".into(),
            Some(StepId::OpenManager),
        ),
        (e, d) if e.eq_ignore_ascii_case("OAUTH_AUTHORIZATION_BLOCKED") || d.contains("cross-org") => (
            C::CrossOrgSignIn,
            "Salesforce blocked a sign-in across orgs: the sign-in happened in another org than the one this External Client App belongs to (the browser was still signed in to another Salesforce org, or the sign-in went to login.salesforce.com or test.salesforce.com instead of this org's My Domain).",
            "Sign out of every other Salesforce org in this browser (or use a private window), and enter this org's My Domain as the domain, not login.salesforce.com (Setup → My Domain shows it). Then verify again.".into(),
            None,
        ),
        ("redirect_uri_mismatch", _) => (
            C::RedirectMismatch,
            "The callback address is not one of the app's Callback URLs.",
            "Add the exact callback URL shown on the callback step as its own line under Callback URL (scheme, host, port, path and trailing slash must all match).".into(),
            Some(StepId::OauthSettings),
        ),
        ("invalid_request", d) if d.contains("code challenge") || d.contains("pkce") => (
            C::PkceRequired,
            "The app or the org requires PKCE.",
            format!("This app always sends PKCE; if the partner's own connection fails this way, tell the partner that the org requires PKCE (or clear the PKCE box on the {} step where the org allows it).", StepId::Security.title()),
            Some(StepId::Security),
        ),
        ("invalid_request", d) if d.contains("scope parameter") => (
            C::ScopeWithClientCredentials,
            "Salesforce refused the scope sent with the token request: a client credentials token always carries the scopes selected on the app, and the request may not name any.",
            format!("Send no scope with client credentials: remove it from the token request (for a Named Credential or External Credential, clear its Scope field). Choose the scopes on the {} step instead.", StepId::OauthSettings.title()),
            None,
        ),
        ("invalid_grant", d) if d.contains("code verifier") => (
            C::InvalidCodeVerifier,
            "The sign-in could not be completed: the PKCE verifier did not match.",
            "Start the connection again from the beginning.".into(),
            None,
        ),
        ("invalid_grant", d) if d.contains("authorization code") => (
            C::ExpiredCode,
            "The sign-in code expired or was already used before it could be exchanged.",
            "Start the connection again from the beginning.".into(),
            None,
        ),
        // `invalid_client` has more than one cause; only its description tells them apart.
        ("invalid_client", d) if d.contains("must be installed") => (
            C::ConnectedAppNotInstalled,
            "The app is a connected app that is not installed in this org, and Salesforce lets only users with the “Approve Uninstalled Connected Apps” permission use such an app. The Consumer Key and Secret are not the problem.",
            "An admin installs the app: Setup → Connected Apps OAuth Usage → Install next to the app. Or give the user who signs in the “Approve Uninstalled Connected Apps” permission (on their profile or a permission set).".into(),
            None,
        ),
        ("invalid_client", d) if d.is_empty() || d.contains("credentials") || d.contains("secret") => (
            C::InvalidClientCredentials,
            "Salesforce refused the Consumer Secret.",
            "Copy the Consumer Secret again, without spaces before or after it, from this app's Consumer Key and Secret page.".into(),
            Some(StepId::ConsumerKeySecret),
        ),
        ("invalid_grant", d) if d.contains("not supported on this domain") => (
            C::DomainNotSupported,
            "Salesforce does not take this request on this address: the client credentials flow works only on the org's own My Domain, not on login.salesforce.com or test.salesforce.com.",
            "Enter the org's My Domain as its domain: Setup → My Domain shows it, for example acme.my.salesforce.com, or acme--uat.sandbox.my.salesforce.com for a sandbox.".into(),
            None,
        ),
        ("invalid_grant", d) if d.contains("authentication failure") => (
            C::AuthenticationFailure,
            "Salesforce refused to authenticate this request, without saying why.",
            "Copy the Consumer Key and Consumer Secret again from this org's app, and check that the domain is the org's own My Domain (Setup → My Domain shows it).".into(),
            None,
        ),
        ("invalid_grant", d) if d.contains("no valid scopes") => (
            C::NoApiScope,
            "The client credentials flow found no scope it can grant: its token carries only API-type scopes.",
            format!("On the {} step, add “{}” to Selected OAuth Scopes.", StepId::OauthSettings.title(), Scope::Api.label()),
            Some(StepId::OauthSettings),
        ),
        ("unsupported_grant_type", _) => match flow {
            FlowChoice::ClientCredentials => (
                C::UnsupportedGrantType,
                "The client credentials flow is not enabled for this app, or the request did not reach the org's own https:// address.",
                format!("Check Enable Client Credentials Flow on the Policies tab (and under Flow Enablement), then save. {WRONG_ADDRESS}"),
                Some(StepId::Policies),
            ),
            FlowChoice::WebServer | FlowChoice::Password => (
                C::UnsupportedGrantType,
                "The org refused this kind of sign-in for the app, or the request did not reach the org's own https:// address.",
                format!("Check that OAuth is enabled on the app and that the flow is enabled on the {} step. {WRONG_ADDRESS}", StepId::Policies.title()),
                Some(StepId::Policies),
            ),
        },
        ("invalid_grant", d) if d.contains("client credentials user") => (
            C::NoClientCredentialsUser,
            "The app has no Run As user for the client credentials flow.",
            "On the Policies tab, under Enable Client Credentials Flow, set Run As (Username) to the integration user's username.".into(),
            Some(StepId::Policies),
        ),
        // Admin approved users are pre-authorized, and the user is not assigned: the token
        // endpoint says `invalid_app_access`, the browser sign-in `OAUTH_APP_ACCESS_DENIED`.
        (e, _) if e == "invalid_app_access" || e.eq_ignore_ascii_case("OAUTH_APP_ACCESS_DENIED") => (
            C::UserNotApproved,
            "This user may not use the app: its Permitted Users policy is Admin approved users are pre-authorized, and none of the user's profile or permission sets is selected on the app.",
            not_admin_approved_fix(flow),
            Some(StepId::Policies),
        ),
        // A self-authorizing app the user never approved, for a flow that cannot ask them (JWT
        // bearer): a different cause with a different fix.
        ("invalid_grant", d) if d.contains("approved") => (
            C::UserNotApproved,
            "This user has never approved the app: it lets users self-authorize, and this kind of sign-in (for example the JWT bearer flow) cannot ask them to.",
            format!("Sign in once in the browser as this user and click Allow. Or on the {} step choose {} and select the user's profile or a permission set of theirs.", StepId::Policies.title(), PermittedUsers::AdminApprovedPreAuthorized.label()),
            Some(StepId::Policies),
        ),
        ("invalid_grant", d) if d.contains("ip restricted") || d.contains("login hours") => (
            C::IpRestricted,
            "Salesforce refused the sign-in from this network address (IP restrictions or login hours).",
            format!("On the {} step set {} to {}.", StepId::Policies.title(), Setting::IpRelaxation.label(), IpRelaxation::Bypass.label()),
            Some(StepId::Policies),
        ),
        ("invalid_grant", d) if d.contains("inactive") || d.contains("frozen") => (
            C::InactiveUser,
            "The user is deactivated or frozen.",
            "Reactivate (or unfreeze) the user in Setup → Users.".into(),
            Some(StepId::IntegrationUser),
        ),
        ("invalid_grant", d) if d.contains("expired") => (
            C::ExpiredToken,
            "The refresh token no longer works: it was revoked, expired by the app's policy, or already used once with rotation on.",
            format!("Connect again; on the {} step set {} to {}.", StepId::Policies.title(), Setting::RefreshTokenPolicy.label(), RefreshTokenPolicy::Infinite.label()),
            Some(StepId::Policies),
        ),
        ("invalid_scope", _) => (
            C::InvalidScope,
            "A requested scope is not selected on the app.",
            format!("On the {} step, move every scope the checklist lists to Selected OAuth Scopes.", StepId::OauthSettings.title()),
            Some(StepId::OauthSettings),
        ),
        (e, _) if e.eq_ignore_ascii_case("OAUTH_APPROVAL_ERROR_GENERIC") => (
            C::GenericErrorPage,
            "Salesforce stopped the sign-in on its own error page, which gives no reason (OAUTH_APPROVAL_ERROR_GENERIC).",
            "The reason is in that page's address, after error= and error_description=. Most often the app is a connected app not installed in this org (an admin installs it from Setup → Connected Apps OAuth Usage, or gives the user “Approve Uninstalled Connected Apps”), or a scope it asks for is not selected on the app.".into(),
            None,
        ),
        ("access_denied", _) => (
            C::AccessDenied,
            "The sign-in was denied (Deny was clicked, or the user may not approve this app).",
            "Start again and click Allow on Salesforce's page.".into(),
            None,
        ),
        _ => (
            C::OAuthError,
            "Salesforce refused the request.",
            "Check the step named in the message, or search Salesforce Help for the error.".into(),
            None,
        ),
    };
    Diagnosis {
        code,
        message: format!("{message} {said}"),
        fix,
        step,
    }
}

/// Said after the fix for `unsupported_grant_type`: Salesforce gives the same answer to a request
/// that missed the org's https:// address (FIDELITY.md row D5).
const WRONG_ADDRESS: &str = "Salesforce gives the same answer to a request sent to http:// instead of https://, or to the wrong host (for example login.salesforce.com for a sandbox): the address must be the org's My Domain, starting with https://.";

/// Which profile or permission set an admin-approved app needs: the Run As user's for client
/// credentials, else the signing-in user's.
fn not_admin_approved_fix(flow: FlowChoice) -> String {
    let whose = match flow {
        FlowChoice::ClientCredentials => {
            "the Run As user's profile, or a permission set assigned to the Run As user"
        }
        FlowChoice::WebServer | FlowChoice::Password => {
            "the profile of the user who signs in, or a permission set assigned to them"
        }
    };
    format!(
        "On the {} step, {} is {}: select {whose} in the app's Profiles or Permission Sets. Or choose {}.",
        StepId::Policies.title(),
        Setting::PermittedUsers.label(),
        PermittedUsers::AdminApprovedPreAuthorized.label(),
        PermittedUsers::AllSelfAuthorized.label(),
    )
}

/// Every (`error`, `error_description`) pair Salesforce sends that `from_oauth_error` reads as a
/// known cause, as recorded from Salesforce. Each must have a row in the practice org's
/// FIDELITY.md with its source (verify/tests/fidelity_pairs.rs fails otherwise), and each maps to
/// a code other than `OAuthError` (the unit test below). A row added to the table above is added
/// here too.
pub const RECOGNISED_PAIRS: &[(&str, &str)] = &[
    ("invalid_client_id", "client identifier invalid"),
    (
        "OAUTH_EC_APP_NOT_FOUND",
        "External client app is not installed in this org",
    ),
    (
        "OAUTH_AUTHORIZATION_BLOCKED",
        "Cross-org OAuth flows are not supported for this external client app",
    ),
    (
        "redirect_uri_mismatch",
        "redirect_uri must match configuration",
    ),
    ("invalid_request", "missing required code challenge"),
    ("invalid_request", "scope parameter not supported"),
    ("invalid_grant", "invalid code verifier"),
    ("invalid_grant", "expired authorization code"),
    ("invalid_client", "app must be installed into org"),
    ("invalid_client", "invalid client credentials"),
    ("invalid_grant", "request not supported on this domain"),
    ("invalid_grant", "authentication failure"),
    ("invalid_grant", "no valid scopes defined"),
    ("unsupported_grant_type", "grant type not supported"),
    ("invalid_grant", "no client credentials user enabled"),
    (
        "invalid_app_access",
        "user is not admin approved to access this app",
    ),
    (
        "OAUTH_APP_ACCESS_DENIED",
        "user is not admin approved to access this app",
    ),
    ("invalid_grant", "user hasn't approved this consumer"),
    ("invalid_grant", "ip restricted"),
    ("invalid_grant", "inactive user"),
    ("invalid_grant", "expired access/refresh token"),
    ("invalid_scope", "the requested scope is not allowed"),
    ("OAUTH_APPROVAL_ERROR_GENERIC", GENERIC_ERROR_PAGE_TEXT),
    ("access_denied", "end-user denied authorization"),
];

/// What Salesforce's generic error page says (its spelling), read as the description of
/// `OAUTH_APPROVAL_ERROR_GENERIC` when the page's address carries no pair.
pub const GENERIC_ERROR_PAGE_TEXT: &str =
    "An unexpected error has occured during authentication. Please try again.";

/// A REST API error (`[{"message","errorCode"}]`).
pub fn from_rest_error(error_code: &str, message: &str) -> Diagnosis {
    if error_code == "INVALID_SESSION_ID" {
        Diagnosis::new(
            DiagnosisCode::InvalidSession,
            format!("Salesforce's API refused the access token (“{message}”)."),
            format!("The token expired or lacks the api scope: on the {} step select {}, then verify again.", StepId::OauthSettings.title(), Scope::Api.label()),
            Some(StepId::OauthSettings),
        )
    } else {
        Diagnosis::new(
            DiagnosisCode::QueryFailed,
            format!("Salesforce's API answered {error_code}: {message}"),
            "Check the query, or that the user has access to the object.",
            None,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_of_the_error_table_has_its_code_and_step() {
        use DiagnosisCode as C;
        let cc = FlowChoice::ClientCredentials;
        let rows: [(&str, &str, C, Option<StepId>); 16] = [
            (
                "invalid_client_id",
                "client identifier invalid",
                C::InvalidClientId,
                Some(StepId::ConsumerKeySecret),
            ),
            (
                "OAUTH_EC_APP_NOT_FOUND",
                "External client app is not installed in this org",
                C::AppNotFound,
                Some(StepId::OpenManager),
            ),
            (
                "redirect_uri_mismatch",
                "redirect_uri must match configuration",
                C::RedirectMismatch,
                Some(StepId::OauthSettings),
            ),
            (
                "invalid_request",
                "missing required code challenge",
                C::PkceRequired,
                Some(StepId::Security),
            ),
            (
                "invalid_grant",
                "invalid code verifier",
                C::InvalidCodeVerifier,
                None,
            ),
            (
                "invalid_client",
                "invalid client credentials",
                C::InvalidClientCredentials,
                Some(StepId::ConsumerKeySecret),
            ),
            (
                "invalid_grant",
                "authentication failure",
                C::AuthenticationFailure,
                None,
            ),
            (
                "invalid_grant",
                "request not supported on this domain",
                C::DomainNotSupported,
                None,
            ),
            (
                "unsupported_grant_type",
                "grant type not supported",
                C::UnsupportedGrantType,
                Some(StepId::Policies),
            ),
            (
                "invalid_grant",
                "no client credentials user enabled",
                C::NoClientCredentialsUser,
                Some(StepId::Policies),
            ),
            (
                "invalid_grant",
                "user hasn't approved this consumer",
                C::UserNotApproved,
                Some(StepId::Policies),
            ),
            (
                "invalid_grant",
                "ip restricted",
                C::IpRestricted,
                Some(StepId::Policies),
            ),
            (
                "invalid_grant",
                "inactive user",
                C::InactiveUser,
                Some(StepId::IntegrationUser),
            ),
            (
                "invalid_grant",
                "expired access/refresh token",
                C::ExpiredToken,
                Some(StepId::Policies),
            ),
            (
                "invalid_scope",
                "the requested scope is not allowed",
                C::InvalidScope,
                Some(StepId::OauthSettings),
            ),
            (
                "access_denied",
                "end-user denied authorization",
                C::AccessDenied,
                None,
            ),
        ];
        for (error, description, code, step) in rows {
            let diagnosis = from_oauth_error(error, description, cc);
            assert_eq!(diagnosis.code, code, "{error}/{description}");
            assert_eq!(diagnosis.step, step, "{error}/{description}");
            assert!(
                diagnosis.message.contains(error),
                "the message quotes Salesforce"
            );
        }
        let unknown = from_oauth_error("server_error", "", cc);
        assert_eq!(unknown.code, C::OAuthError);
    }

    #[test]
    fn a_cross_org_sign_in_says_to_sign_out_and_use_the_my_domain() {
        // forcedotcom/mcp-hosted #10: the callback got this pair.
        for error in ["OAUTH_AUTHORIZATION_BLOCKED", "invalid_client"] {
            let d = from_oauth_error(
                error,
                "Cross-org OAuth flows are not supported for this external client app",
                FlowChoice::WebServer,
            );
            assert_eq!(d.code, DiagnosisCode::CrossOrgSignIn, "{error}");
            assert_eq!(d.step, None);
            assert!(d.message.contains("another org"), "{}", d.message);
            assert!(
                d.fix.contains("Sign out of every other Salesforce org"),
                "{}",
                d.fix
            );
            assert!(d.fix.contains("My Domain"), "{}", d.fix);
            assert!(!d.fix.contains("Create the app"), "{}", d.fix);
        }
    }

    #[test]
    fn every_recognised_pair_names_its_cause() {
        for flow in [FlowChoice::ClientCredentials, FlowChoice::WebServer] {
            for (error, description) in RECOGNISED_PAIRS {
                let d = from_oauth_error(error, description, flow);
                assert_ne!(
                    d.code,
                    DiagnosisCode::OAuthError,
                    "{error} / {description} falls through to the generic message"
                );
                assert!(d.message.contains(error), "the message quotes Salesforce");
            }
        }
        let mut pairs = RECOGNISED_PAIRS.to_vec();
        pairs.sort_unstable();
        pairs.dedup();
        assert_eq!(
            pairs.len(),
            RECOGNISED_PAIRS.len(),
            "a pair is listed twice"
        );
    }

    #[test]
    fn an_admin_approved_app_names_the_permitted_users_policy_and_whose_profile() {
        // jetstream #656 (token endpoint) and Microsoft's Copilot for Sales troubleshooting
        // article (the browser sign-in's redirect).
        let token = from_oauth_error(
            "invalid_app_access",
            "user is not admin approved to access this app",
            FlowChoice::ClientCredentials,
        );
        let browser = from_oauth_error(
            "OAUTH_APP_ACCESS_DENIED",
            "user is not admin approved to access this app",
            FlowChoice::WebServer,
        );
        for d in [&token, &browser] {
            assert_eq!(d.code, DiagnosisCode::UserNotApproved);
            assert_eq!(d.step, Some(StepId::Policies));
            assert!(d.fix.contains("Permitted Users"), "{}", d.fix);
            assert!(
                d.fix.contains("Admin approved users are pre-authorized"),
                "{}",
                d.fix
            );
        }
        assert!(token.fix.contains("Run As user's profile"), "{}", token.fix);
        assert!(browser.fix.contains("user who signs in"), "{}", browser.fix);
    }

    #[test]
    fn a_consumer_never_approved_is_told_to_approve_it_once() {
        let d = from_oauth_error(
            "invalid_grant",
            "user hasn't approved this consumer",
            FlowChoice::WebServer,
        );
        assert_eq!(d.code, DiagnosisCode::UserNotApproved);
        assert_eq!(d.step, Some(StepId::Policies));
        assert!(d.fix.contains("click Allow"), "{}", d.fix);
    }

    #[test]
    fn invalid_client_is_read_by_its_description() {
        // MoveData's docs: RemoteAccessErrorPage.apexp?error=invalid_client&error_description=app+must+be+installed+into+org.
        let uninstalled = from_oauth_error(
            "invalid_client",
            "app must be installed into org",
            FlowChoice::WebServer,
        );
        assert_eq!(uninstalled.code, DiagnosisCode::ConnectedAppNotInstalled);
        assert!(
            uninstalled
                .fix
                .contains("Approve Uninstalled Connected Apps"),
            "{}",
            uninstalled.fix
        );
        assert!(uninstalled.fix.contains("Install"), "{}", uninstalled.fix);
        assert!(
            !uninstalled.message.contains("refused the Consumer Secret"),
            "{}",
            uninstalled.message
        );
        let secret = from_oauth_error(
            "invalid_client",
            "invalid client credentials",
            FlowChoice::WebServer,
        );
        assert_eq!(secret.code, DiagnosisCode::InvalidClientCredentials);
        let unknown = from_oauth_error("invalid_client", "something new", FlowChoice::WebServer);
        assert_eq!(
            unknown.code,
            DiagnosisCode::OAuthError,
            "not read as a wrong secret"
        );
    }

    #[test]
    fn salesforces_generic_error_page_points_at_its_address() {
        let d = from_oauth_error(
            "OAUTH_APPROVAL_ERROR_GENERIC",
            GENERIC_ERROR_PAGE_TEXT,
            FlowChoice::WebServer,
        );
        assert_eq!(d.code, DiagnosisCode::GenericErrorPage);
        assert!(d.fix.contains("error_description="), "{}", d.fix);
    }

    #[test]
    fn a_scope_sent_with_client_credentials_is_told_to_send_none() {
        let d = from_oauth_error(
            "invalid_request",
            "scope parameter not supported",
            FlowChoice::ClientCredentials,
        );
        assert_eq!(d.code, DiagnosisCode::ScopeWithClientCredentials);
        assert!(
            d.fix.starts_with("Send no scope with client credentials"),
            "{}",
            d.fix
        );
    }

    #[test]
    fn unsupported_grant_type_also_names_http_and_the_wrong_host_after_the_flow() {
        // SalesforceCommerceCloud/b2c-crm-sync #16 (http://), Oyatel/CometD.NET #20 (host).
        for flow in [FlowChoice::ClientCredentials, FlowChoice::WebServer] {
            let d = from_oauth_error("unsupported_grant_type", "grant type not supported", flow);
            assert!(
                d.fix.starts_with("Check "),
                "the flow's own fix first: {}",
                d.fix
            );
            assert!(d.fix.contains("http:// instead of https://"), "{}", d.fix);
            assert!(d.fix.contains("wrong host"), "{}", d.fix);
            assert!(d.message.contains("https://"), "{}", d.message);
        }
    }

    #[test]
    fn no_valid_scopes_asks_for_the_api_scope() {
        let d = from_oauth_error(
            "invalid_grant",
            "no valid scopes defined",
            FlowChoice::ClientCredentials,
        );
        assert_eq!(d.code, DiagnosisCode::NoApiScope);
        assert_eq!(d.step, Some(StepId::OauthSettings));
        assert!(
            d.fix.contains("Manage user data via APIs (api)"),
            "{}",
            d.fix
        );
    }
}
