//! The org's domain as the admin types it: cleaned into a bare host and classified. Anything
//! that is not a login host (the Lightning UI, the Setup domain) is refused with the My Domain
//! address to use instead, because OAuth and client credentials only work there.
//!
//! Every host under `.my.salesforce.com` is accepted. The forms Salesforce documents are
//! recognised by the word between the org's name and `.my.salesforce.com` (its "partition"):
//! Salesforce Help, "My Domain URL Formats", "What Determines Your URL Formats" and the
//! "Partitioned Domains for ..." pages (for example `xcloud.domain_name_partitioned_domains_scratch`
//! and `..._patch`); Tooling API `OrgDomainLog.DomainPartition` lists the words: `demo`, `develop`,
//! `free` (internal), `patch`, `sandbox`, `scratch`, `sfdctest` / `sfrestore` (internal),
//! `trailblaze` (Trailhead Playgrounds). Developer Edition and Trailhead Playground names end in
//! `-dev-ed` ("My Domain Considerations"). A word this module does not know, or more labels than
//! `NAME.WORD`, is accepted as `OtherMyDomain` with a note: Salesforce adds forms, and refusing a
//! real org would leave the admin stuck.
//!
//! The Lightning (`X.lightning.force.com`) and Setup (`X.my.salesforce-setup.com`) hosts of an org
//! carry the same `X` as its login host `X.my.salesforce.com`, partition word included (the same
//! Help pages list `MyDomainName.scratch.lightning.force.com` and
//! `MyDomainName.scratch.my.salesforce-setup.com` beside `MyDomainName.scratch.my.salesforce.com`).

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
    /// `NAME.develop.my.salesforce.com` (usually `NAME-dev-ed.develop...`)
    DeveloperEdition,
    /// `NAME.scratch.my.salesforce.com`
    Scratch,
    /// `NAME.trailblaze.my.salesforce.com` (usually `NAME-dev-ed.trailblaze...`)
    TrailheadPlayground,
    /// `NAME.demo.my.salesforce.com`
    Demo,
    /// `NAME.patch.my.salesforce.com`
    Patch,
    /// Any other host under `.my.salesforce.com` (trials, `.free.`, forms added later): accepted,
    /// with a note.
    OtherMyDomain,
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
            OrgKind::TrailheadPlayground => "Trailhead Playground",
            OrgKind::Demo => "Demo org",
            OrgKind::Patch => "Patch org",
            OrgKind::OtherMyDomain => "My Domain",
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

    /// The hosts that are this org's own: its My Domain and the Lightning and Setup hosts that
    /// carry the same name (the module's note cites the forms); a login host or the practice
    /// org's address alone otherwise (the org behind a login host is not known before sign-in).
    pub fn own_hosts(&self) -> Vec<String> {
        match self.host.strip_suffix(MY_DOMAIN) {
            Some(name) if self.kind != OrgKind::Practice => vec![
                self.host.clone(),
                format!("{name}.lightning.force.com"),
                format!("{name}.my.salesforce-setup.com"),
            ],
            _ => vec![self.host.clone()],
        }
    }
}

const MY_DOMAIN: &str = ".my.salesforce.com";

/// The partition words Salesforce documents, and the kind of org each names.
const PARTITIONS: [(&str, OrgKind); 6] = [
    ("sandbox", OrgKind::Sandbox),
    ("develop", OrgKind::DeveloperEdition),
    ("scratch", OrgKind::Scratch),
    ("trailblaze", OrgKind::TrailheadPlayground),
    ("demo", OrgKind::Demo),
    ("patch", OrgKind::Patch),
];

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

/// Whether a request's Host (or the authority in its target) names this computer's loopback
/// listener on `port`: `localhost:PORT`, `127.0.0.1:PORT` or `[::1]:PORT`, with exactly this
/// port. The redirect listener and the practice org both answer only such requests, so a page
/// of another site that a DNS name points at 127.0.0.1 (DNS rebinding) is refused.
pub fn is_loopback_authority(authority: &str, port: u16) -> bool {
    let Some((name, given)) = authority.rsplit_once(':') else {
        return false;
    };
    given == port.to_string()
        && (name.eq_ignore_ascii_case("localhost") || name == "127.0.0.1" || name == "[::1]")
}

/// Whether `raw` is the practice org's address: a loopback one, which is how an admin rehearses
/// against `practice-org`. A setup or a verification for it is a practice one, and may use
/// plain http to it.
pub fn is_practice_domain(raw: &str) -> bool {
    normalize_domain(raw).is_ok_and(|org| org.kind == OrgKind::Practice)
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
    if let Some(name) = org_part(&host, ".lightning.force.com") {
        return issue(
            format!("{host} is the Lightning address of your org, not its login address."),
            &format!("Use your My Domain instead: {name}{MY_DOMAIN}."),
        );
    }
    if let Some(name) = org_part(&host, ".my.salesforce-setup.com") {
        return issue(
            format!("{host} is the address of the Setup pages, not your org's login address."),
            &format!("Use your My Domain instead: {name}{MY_DOMAIN}."),
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
    match my_domain_kind(name) {
        Some(kind) => Ok(OrgDomain::new(host, kind, None)),
        None => {
            let note = format!(
                "{host} is accepted, but this app does not know this form of My Domain: check that it is exactly the address shown in Setup → My Domain."
            );
            Ok(OrgDomain::new(host, OrgKind::OtherMyDomain, Some(note)))
        }
    }
}

/// The kind of a My Domain from the part before `.my.salesforce.com`, when it is a documented
/// form: `NAME` (production, or a sandbox's older `NAME--SBOX`), or `NAME.WORD` with a known
/// partition word. A sandbox's name always carries `--SBOX`; no other form's does.
fn my_domain_kind(name: &str) -> Option<OrgKind> {
    let Some((org, partition)) = name.split_once('.') else {
        return Some(if name.contains("--") {
            OrgKind::Sandbox
        } else {
            OrgKind::Production
        });
    };
    let (_, kind) = PARTITIONS.iter().find(|(word, _)| *word == partition)?;
    ((*kind == OrgKind::Sandbox) == org.contains("--")).then_some(*kind)
}

/// The org's part of a Lightning or Setup host (`acme--uat.sandbox` of
/// `acme--uat.sandbox.lightning.force.com`), which its My Domain shares.
fn org_part<'a>(host: &'a str, suffix: &str) -> Option<&'a str> {
    host.strip_suffix(suffix)
        .filter(|name| !name.is_empty() && !name.starts_with('.'))
}

fn loopback_port(host: &str) -> Option<u16> {
    let (name, port) = host.rsplit_once(':')?;
    matches!(name, "127.0.0.1" | "localhost")
        .then(|| port.parse().ok())
        .flatten()
}

#[cfg(test)]
mod tests {

    #[test]
    fn only_loopback_names_with_the_listeners_port_are_addressed_here() {
        for good in [
            "localhost:1717",
            "LocalHost:1717",
            "127.0.0.1:1717",
            "[::1]:1717",
        ] {
            assert!(is_loopback_authority(good, 1717), "{good}");
        }
        for bad in [
            "evil.example:1717",
            "localhost",
            "localhost:1718",
            "localhost:+1717",
            "localhost:01717",
            "localhost.:1717",
            "127.0.0.2:1717",
            "localhost.evil.example:1717",
            "[::2]:1717",
            "",
        ] {
            assert!(!is_loopback_authority(bad, 1717), "{bad}");
        }
    }

    use super::*;

    #[test]
    fn an_orgs_own_hosts_are_its_my_domain_and_the_lightning_and_setup_hosts_of_that_name() {
        let hosts = |raw: &str| normalize_domain(raw).expect(raw).own_hosts();
        assert_eq!(
            hosts("acme--uat.sandbox.my.salesforce.com"),
            [
                "acme--uat.sandbox.my.salesforce.com",
                "acme--uat.sandbox.lightning.force.com",
                "acme--uat.sandbox.my.salesforce-setup.com",
            ]
        );
        assert_eq!(hosts("login.salesforce.com"), ["login.salesforce.com"]);
        assert_eq!(hosts("localhost:4000"), ["127.0.0.1:4000"]);
    }

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
                "acme-dev-ed.develop.my.salesforce.com",
                "acme-dev-ed.develop.my.salesforce.com",
                OrgKind::DeveloperEdition,
            ),
            (
                "acme.scratch.my.salesforce.com",
                "acme.scratch.my.salesforce.com",
                OrgKind::Scratch,
            ),
            (
                "https://cunning-koala-u9ryu3-dev-ed.trailblaze.my.salesforce.com/",
                "cunning-koala-u9ryu3-dev-ed.trailblaze.my.salesforce.com",
                OrgKind::TrailheadPlayground,
            ),
            (
                "acme.demo.my.salesforce.com",
                "acme.demo.my.salesforce.com",
                OrgKind::Demo,
            ),
            (
                "acme.patch.my.salesforce.com",
                "acme.patch.my.salesforce.com",
                OrgKind::Patch,
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
            assert_eq!(domain.kind_label, kind.label(), "{raw}");
            if kind != OrgKind::GenericLogin {
                assert_eq!(domain.note, None, "{raw}: a known form needs no note");
            }
        }
    }

    #[test]
    fn unknown_forms_under_my_salesforce_com_are_accepted_with_a_note() {
        for raw in [
            "acme.free.my.salesforce.com",
            "acme.trial.my.salesforce.com",
            "acme.foo.my.salesforce.com",
            "acme.eu.develop.my.salesforce.com",
            // A sandbox's name carries --SBOX; without it, or on another partition, the form
            // is not one Salesforce documents.
            "acme.sandbox.my.salesforce.com",
            "acme--uat.develop.my.salesforce.com",
        ] {
            let domain = normalize_domain(raw).unwrap_or_else(|e| panic!("{raw}: {}", e.message));
            assert_eq!(domain.kind, OrgKind::OtherMyDomain, "{raw}");
            assert_eq!(domain.host, raw);
            let note = domain.note.as_deref().expect("an unknown form has a note");
            assert!(note.contains(raw), "the note names the host: {note}");
            assert!(note.contains("does not know this form"), "{note}");
            assert!(note.contains("Setup → My Domain"), "{note}");
            assert!(domain.has_my_domain(), "{raw}: links still use the host");
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
    fn lightning_and_setup_hosts_are_refused_with_the_my_domain_of_the_same_org() {
        // Each form's login host, and the Lightning and Setup hosts Salesforce serves beside it.
        let forms = [
            "acme",
            "acme--uat.sandbox",
            "acme--uat",
            "acme-dev-ed.develop",
            "acme-dev-ed",
            "acme.scratch",
            "cunning-koala-u9ryu3-dev-ed.trailblaze",
            "acme.demo",
            "acme.patch",
        ];
        for name in forms {
            let my_domain = format!("{name}.my.salesforce.com");
            for (raw, message) in [
                (
                    format!("https://{name}.lightning.force.com/lightning/page/home"),
                    "Lightning address",
                ),
                (
                    format!("{name}.my.salesforce-setup.com/lightning/setup/SetupOneHome/home"),
                    "Setup pages",
                ),
            ] {
                let issue = normalize_domain(&raw).expect_err(&raw);
                assert!(issue.message.contains(message), "{raw}: {}", issue.message);
                assert_eq!(
                    issue.hint,
                    format!("Use your My Domain instead: {my_domain}."),
                    "{raw}"
                );
                let suggested = normalize_domain(&my_domain).expect("the suggestion is accepted");
                assert_ne!(suggested.kind, OrgKind::OtherMyDomain, "{my_domain}");
            }
        }
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
                ".lightning.force.com",
                "Experience Cloud",
                ".my.salesforce.com",
            ),
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
                "-acme.develop.my.salesforce.com",
                "missing your org's name",
                "acme.my.salesforce.com",
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
