//! The org's domain as the admin types it: cleaned into a bare host and classified. Anything
//! that is not a login host (the Lightning UI, the Setup domain) is refused with the My Domain
//! address to use instead, because OAuth and client credentials only work there.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::inputs::FieldIssue;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OrgKind {
    /// `NAME.my.salesforce.com`
    Production,
    /// `NAME--SBOX.sandbox.my.salesforce.com` (or the older `NAME--SBOX.my.salesforce.com`)
    Sandbox,
    /// `NAME.develop.my.salesforce.com`
    DeveloperEdition,
    /// `NAME.scratch.my.salesforce.com`
    Scratch,
    /// `login.salesforce.com` / `test.salesforce.com`: accepted, with a note.
    GenericLogin,
    /// The built-in practice org on this machine (`127.0.0.1:PORT`).
    Practice,
}

impl OrgKind {
    pub fn label(self) -> &'static str {
        match self {
            OrgKind::Production => "Production",
            OrgKind::Sandbox => "Sandbox",
            OrgKind::DeveloperEdition => "Developer Edition",
            OrgKind::Scratch => "Scratch org",
            OrgKind::GenericLogin => "Generic login host",
            OrgKind::Practice => "Practice org",
        }
    }
}

/// A cleaned, accepted org domain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrgDomain {
    /// The bare host (with `:port` for the practice org), lower-case.
    pub host: String,
    pub kind: OrgKind,
    /// `kind` in words, for display.
    pub kind_label: String,
    /// Something the admin should know although the domain is accepted.
    #[ts(optional)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

impl OrgDomain {
    fn new(host: String, kind: OrgKind, note: Option<String>) -> OrgDomain {
        OrgDomain {
            host,
            kind,
            kind_label: kind.label().to_owned(),
            note,
        }
    }

    /// The base URL for links and requests: https, except for the practice org on loopback.
    pub fn base_url(&self) -> String {
        match self.kind {
            OrgKind::Practice => format!("http://{}", self.host),
            _ => format!("https://{}", self.host),
        }
    }

    /// Whether Setup pages can be linked directly: generic login hosts do not keep the path
    /// through login, so the checklist falls back to Quick Find for them.
    pub fn has_my_domain(&self) -> bool {
        self.kind != OrgKind::GenericLogin
    }
}

const MY_DOMAIN: &str = ".my.salesforce.com";

/// Trims, strips the scheme, path, query, port-less trailing dot and slash, and lower-cases.
/// Idempotent: cleaning a cleaned host changes nothing.
pub fn clean_host(raw: &str) -> String {
    let mut text = raw.trim();
    if let Some(at) = text.find("://") {
        text = &text[at + 3..];
    }
    let end = text.find(['/', '?', '#', '\\']).unwrap_or(text.len());
    let host = &text[..end];
    let host = host.rsplit_once('@').map_or(host, |(_, host)| host);
    host.trim_start()
        .trim_end_matches(|c: char| c == '.' || c.is_whitespace())
        .to_ascii_lowercase()
}

/// Cleans and classifies the org's domain, or says in one sentence why it cannot be used.
pub fn normalize_domain(raw: &str) -> Result<OrgDomain, FieldIssue> {
    let host = clean_host(raw);
    let issue = |message: String, hint: &str| Err(FieldIssue::new("domain", message, hint));
    if host.is_empty() {
        return issue(
            "Enter your org's My Domain address.".into(),
            "Find it in Setup under My Domain, for example acme.my.salesforce.com.",
        );
    }
    if let Some(port) = loopback_port(&host) {
        return Ok(OrgDomain::new(
            format!("127.0.0.1:{port}"),
            OrgKind::Practice,
            None,
        ));
    }
    if !host
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
        || host.contains("..")
    {
        return issue(
            format!("“{host}” is not a web address: it has characters an address cannot have."),
            "Copy the address from your browser's address bar while logged in to Salesforce.",
        );
    }
    if let Some(name) = host.strip_suffix(".lightning.force.com") {
        return issue(
            format!("{host} is the Lightning address of your org, not its login address."),
            &format!("Use your My Domain instead: {}.", my_domain_for(name)),
        );
    }
    if let Some(name) = host.strip_suffix(".my.salesforce-setup.com") {
        return issue(
            format!("{host} is the address of the Setup pages, not your org's login address."),
            &format!("Use your My Domain instead: {}{MY_DOMAIN}.", name),
        );
    }
    if host == "login.salesforce.com" || host == "test.salesforce.com" {
        let note = format!(
            "{host} works for signing in, but creating the app and the client credentials flow need your org's My Domain (Setup → My Domain). Use it if you can."
        );
        return Ok(OrgDomain::new(host, OrgKind::GenericLogin, Some(note)));
    }
    if host.ends_with(".my.site.com") || host.ends_with(".force.com") {
        return issue(
            format!("{host} is an Experience Cloud site or a Visualforce address, not your org's login address."),
            "Use your org's My Domain, which ends in .my.salesforce.com (Setup → My Domain).",
        );
    }
    let Some(name) = host.strip_suffix(MY_DOMAIN) else {
        return issue(
            format!("{host} is not a Salesforce My Domain address."),
            "A My Domain ends in .my.salesforce.com, for example acme.my.salesforce.com (Setup → My Domain).",
        );
    };
    if name.is_empty()
        || name
            .split('.')
            .any(|label| label.is_empty() || label.starts_with('-'))
    {
        return issue(
            format!("{host} is missing your org's name before .my.salesforce.com."),
            "A My Domain looks like acme.my.salesforce.com.",
        );
    }
    let kind = match name.rsplit_once('.') {
        None if name.contains("--") => OrgKind::Sandbox,
        None => OrgKind::Production,
        Some((org, "sandbox")) if org.contains("--") && !org.contains('.') => OrgKind::Sandbox,
        Some((org, "develop")) if !org.contains('.') => OrgKind::DeveloperEdition,
        Some((org, "scratch")) if !org.contains('.') => OrgKind::Scratch,
        Some(_) => {
            return issue(
                format!("{host} is not a form of My Domain that Salesforce uses."),
                "My Domains look like acme.my.salesforce.com, acme--uat.sandbox.my.salesforce.com, acme.develop.my.salesforce.com or acme.scratch.my.salesforce.com.",
            )
        }
    };
    Ok(OrgDomain::new(host, kind, None))
}

/// `acme--uat.sandbox` (from a Lightning host) → `acme--uat.sandbox.my.salesforce.com`.
fn my_domain_for(lightning_name: &str) -> String {
    format!("{lightning_name}{MY_DOMAIN}")
}

fn loopback_port(host: &str) -> Option<u16> {
    let (name, port) = host.rsplit_once(':')?;
    matches!(name, "127.0.0.1" | "localhost")
        .then(|| port.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms_are_cleaned_and_classified() {
        let cases = [
            (
                "acme.my.salesforce.com",
                "acme.my.salesforce.com",
                OrgKind::Production,
            ),
            (
                "  https://Acme.My.Salesforce.com/ ",
                "acme.my.salesforce.com",
                OrgKind::Production,
            ),
            (
                "https://acme.my.salesforce.com/lightning/setup/home?x=1",
                "acme.my.salesforce.com",
                OrgKind::Production,
            ),
            (
                "acme.my.salesforce.com.",
                "acme.my.salesforce.com",
                OrgKind::Production,
            ),
            (
                "acme.my.salesforce.com./",
                "acme.my.salesforce.com",
                OrgKind::Production,
            ),
            (
                "acme--uat.sandbox.my.salesforce.com",
                "acme--uat.sandbox.my.salesforce.com",
                OrgKind::Sandbox,
            ),
            (
                "acme--uat.my.salesforce.com",
                "acme--uat.my.salesforce.com",
                OrgKind::Sandbox,
            ),
            (
                "acme.develop.my.salesforce.com",
                "acme.develop.my.salesforce.com",
                OrgKind::DeveloperEdition,
            ),
            (
                "acme.scratch.my.salesforce.com",
                "acme.scratch.my.salesforce.com",
                OrgKind::Scratch,
            ),
            (
                "login.salesforce.com",
                "login.salesforce.com",
                OrgKind::GenericLogin,
            ),
            (
                "HTTPS://TEST.SALESFORCE.COM",
                "test.salesforce.com",
                OrgKind::GenericLogin,
            ),
            ("http://127.0.0.1:8443", "127.0.0.1:8443", OrgKind::Practice),
            ("localhost:9000/", "127.0.0.1:9000", OrgKind::Practice),
        ];
        for (raw, host, kind) in cases {
            let domain = normalize_domain(raw).unwrap_or_else(|e| panic!("{raw}: {}", e.message));
            assert_eq!((domain.host.as_str(), domain.kind), (host, kind), "{raw}");
        }
    }

    #[test]
    fn generic_login_hosts_carry_a_my_domain_note() {
        let domain = normalize_domain("login.salesforce.com").expect("accepted");
        assert!(domain
            .note
            .as_deref()
            .expect("a note")
            .contains("My Domain"));
        assert!(!domain.has_my_domain());
    }

    #[test]
    fn refused_forms_say_why_and_what_to_use() {
        let cases = [
            ("", "Enter your org's My Domain", "acme.my.salesforce.com"),
            (
                "acme.lightning.force.com",
                "Lightning address",
                "acme.my.salesforce.com",
            ),
            (
                "acme--uat.sandbox.lightning.force.com",
                "Lightning address",
                "acme--uat.sandbox.my.salesforce.com",
            ),
            (
                "https://acme.my.salesforce-setup.com/lightning/setup",
                "Setup pages",
                "acme.my.salesforce.com",
            ),
            ("acme.my.site.com", "Experience Cloud", ".my.salesforce.com"),
            (
                "example.com",
                "not a Salesforce My Domain",
                ".my.salesforce.com",
            ),
            (
                ".my.salesforce.com",
                "missing your org's name",
                "acme.my.salesforce.com",
            ),
            (
                "acme.foo.my.salesforce.com",
                "not a form of My Domain",
                "develop",
            ),
            ("acme my.salesforce.com", "characters", "address bar"),
        ];
        for (raw, message, hint) in cases {
            let issue = normalize_domain(raw).expect_err(raw);
            assert!(issue.message.contains(message), "{raw}: {}", issue.message);
            assert!(issue.hint.contains(hint), "{raw}: {}", issue.hint);
            assert_eq!(issue.field, "domain");
        }
    }

    #[test]
    fn cleaning_twice_equals_cleaning_once() {
        for raw in [
            "https://A.my.salesforce.com./x",
            " b.MY.salesforce.com. . ",
            "http://u@ c.my.salesforce.com/",
        ] {
            let once = clean_host(raw);
            assert_eq!(clean_host(&once), once, "{raw}");
        }
    }
}
