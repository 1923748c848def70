//! Opening a page in the system browser. Only the org's own pages (its My Domain, and the
//! Lightning and Setup hosts of the same name: `OrgDomain::own_hosts`), Salesforce's
//! documentation and the running practice org's port may be opened, so a link from anywhere
//! else, another org's pages included, cannot launch an arbitrary URL. The check reads the
//! parsed URL (scheme, host, port, user info), never its text
//! (`http://127.0.0.1:1@evil.example/` goes to evil.example), and the parsed URL is what the
//! browser is given.

use std::net::Ipv4Addr;

use url::{Host, Url};

use crate::domain::{OrgDomain, OrgKind};
use crate::error::{ErrorCode, UiError};

/// Salesforce's documentation, which the checklist and the migration pages cite: Salesforce
/// Help and the developer guides.
const DOCUMENTATION_HOSTS: [&str; 2] = ["help.salesforce.com", "developer.salesforce.com"];

/// Partner pages the migration screens cite as sources, each opened only at that very address.
const CITED_PARTNER_PAGES: [&str; 1] = [crate::migration::facts::sources::PARTNER_ADVICE.1];

/// The parsed `url` when it may be opened for `org` (`None`: no org yet, documentation only):
/// https to one of the org's own hosts or to the documentation, on the default port, or plain
/// http to the practice org's own port on 127.0.0.1 / localhost; never with a user name or
/// password in the URL.
pub fn check_link(url: &str, org: Option<&OrgDomain>) -> Result<Url, UiError> {
    match Url::parse(url) {
        Ok(parsed) if allowed(&parsed, org) => Ok(parsed),
        _ => Err(UiError::new(
            ErrorCode::OpenFailed,
            "Only this setup's org pages and Salesforce Help can be opened from here.".to_string(),
            "Open the page from Salesforce Setup yourself.",
        )),
    }
}

fn allowed(url: &Url, org: Option<&OrgDomain>) -> bool {
    if !url.username().is_empty() || url.password().is_some() {
        return false;
    }
    if CITED_PARTNER_PAGES.contains(&url.as_str()) {
        return true;
    }
    match (url.scheme(), url.host()) {
        ("https", Some(Host::Domain(host))) if url.port().is_none() => {
            DOCUMENTATION_HOSTS.contains(&host)
                || org.is_some_and(|org| {
                    org.kind != OrgKind::Practice && org.own_hosts().iter().any(|own| own == host)
                })
        }
        ("http", Some(Host::Ipv4(Ipv4Addr::LOCALHOST)))
        | ("http", Some(Host::Domain("localhost"))) => org.is_some_and(|org| {
            org.kind == OrgKind::Practice
                && url
                    .port()
                    .is_some_and(|port| org.host == format!("127.0.0.1:{port}"))
        }),
        _ => false,
    }
}

/// Opens `url` in the system browser when `check_link` allows it for `org`. In a debug build
/// the `opener` test hook names a program to run instead (with the URL as its argument), so
/// tests can see which page would open without a browser.
pub fn open_in_browser(url: &str, org: Option<&OrgDomain>) -> Result<(), UiError> {
    let parsed = check_link(url, org)?;
    let url = parsed.as_str();
    let opened = match &crate::test_hooks::get().opener {
        Some(program) => std::process::Command::new(program)
            .arg(url)
            .spawn()
            .map(drop),
        None => open::that_detached(url),
    };
    opened.map_err(|err| {
        UiError::new(
            ErrorCode::OpenFailed,
            format!("The browser could not be opened ({err})."),
            "Copy the address shown under the step's title into your browser.",
        )
    })
}

#[cfg(test)]
mod tests {
    use super::check_link;
    use crate::domain::{normalize_domain, OrgDomain};

    fn org(domain: &str) -> OrgDomain {
        normalize_domain(domain).expect(domain)
    }

    #[test]
    fn the_orgs_own_pages_and_salesforce_help_open() {
        let acme = org("acme.my.salesforce.com");
        for ok in [
            "https://acme.my.salesforce.com/lightning/setup/ManageUsers/home",
            "https://Acme.My.Salesforce.com/lightning/setup/OrgDomain/home",
            "https://acme.lightning.force.com/lightning/setup/home",
            "https://acme.my.salesforce-setup.com/lightning/setup/home",
            "https://acme.my.salesforce.com:443/x",
            "https://help.salesforce.com/s/articleView?id=sf.domain_name_overview.htm",
            "https://developer.salesforce.com/docs/atlas.en-us.api_rest.meta/api_rest/intro_rest.htm",
        ] {
            assert!(check_link(ok, Some(&acme)).is_ok(), "{ok} should open");
        }
        let sandbox = org("acme--uat.sandbox.my.salesforce.com");
        let authorize = "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/authorize?client_id=x&redirect_uri=http%3A%2F%2Flocalhost%3A1717%2FOauthRedirect";
        assert!(check_link(authorize, Some(&sandbox)).is_ok());
        let login = org("login.salesforce.com");
        assert!(check_link("https://login.salesforce.com/", Some(&login)).is_ok());
        let practice = org("127.0.0.1:8080");
        for ok in [
            "http://127.0.0.1:8080/lightning/setup/x",
            "http://localhost:8080/services/oauth2/authorize?x=1",
        ] {
            assert!(check_link(ok, Some(&practice)).is_ok(), "{ok} should open");
        }
    }

    #[test]
    fn the_parsed_url_is_what_opens() {
        let acme = org("acme.my.salesforce.com");
        let parsed = check_link("https://ACME.my.salesforce.com:443/a b", Some(&acme)).unwrap();
        assert_eq!(parsed.as_str(), "https://acme.my.salesforce.com/a%20b");
    }

    #[test]
    fn a_partner_page_the_migration_cites_opens_at_that_address_only() {
        let cited = crate::migration::facts::sources::PARTNER_ADVICE.1;
        assert!(check_link(cited, None).is_ok());
        let elsewhere = cited.replace("how-to-create", "something-else");
        assert!(check_link(&elsewhere, None).is_err());
    }

    #[test]
    fn another_orgs_pages_and_another_local_port_are_refused() {
        let acme = org("acme.my.salesforce.com");
        for other in [
            "https://evil.my.salesforce.com/lightning/setup/home",
            "https://evil.lightning.force.com/lightning/setup/home",
            "https://evil.my.salesforce-setup.com/",
            "https://evil.my.site.com/login",
            "https://evil.force.com/",
            "https://acme.my.site.com/",
            "https://login.salesforce.com/",
            "https://salesforce.com/",
            "http://127.0.0.1:8080/lightning/setup/x",
        ] {
            assert!(
                check_link(other, Some(&acme)).is_err(),
                "{other} is not acme's"
            );
        }
        let practice = org("127.0.0.1:8080");
        for other in [
            "http://127.0.0.1:8081/lightning/setup/x",
            "http://localhost:9999/",
            "http://127.0.0.1/",
            "https://acme.my.salesforce.com/",
        ] {
            assert!(
                check_link(other, Some(&practice)).is_err(),
                "{other} is not the practice org"
            );
        }
        assert!(check_link("https://help.salesforce.com/", None).is_ok());
        for no_org_yet in ["https://acme.my.salesforce.com/", "http://127.0.0.1:8080/"] {
            assert!(
                check_link(no_org_yet, None).is_err(),
                "{no_org_yet} without an org"
            );
        }
    }

    #[test]
    fn anything_else_is_refused_by_its_parsed_host_and_scheme() {
        let acme = org("acme.my.salesforce.com");
        let practice = org("127.0.0.1:8080");
        for bad in [
            // User info: the host is after the `@`.
            "http://127.0.0.1:8080@evil.example/",
            "https://acme.my.salesforce.com@evil.example.com/",
            "https://user:pass@acme.my.salesforce.com/",
            "http://user@127.0.0.1:8080/",
            // Salesforce's name elsewhere than the host's end.
            "https://evil.example/?x=.salesforce.com",
            "https://evil.example.com/?acme.my.salesforce.com",
            "https://evil.example/#acme.my.salesforce.com",
            "https://acme.my.salesforce.com.evil.example/",
            "https://evilsalesforce.com/",
            "https://.salesforce.com/",
            // Plain http to a real host, loopback that is not 127.0.0.1 / localhost.
            "http://acme.my.salesforce.com/",
            "http://help.salesforce.com/",
            "http://127.0.0.1.evil.com:8080/",
            "http://127.0.0.2:8080/",
            "http://[::1]:8080/",
            "http://localhost.evil.example:8080/",
            "https://127.0.0.1:8080/",
            // A port on a real host.
            "https://acme.my.salesforce.com:8443/",
            "https://help.salesforce.com:8443/",
            // Other schemes and non-URLs.
            "javascript:alert(1)",
            "javascript://acme.my.salesforce.com/%0aalert(1)",
            "file:///etc/passwd",
            "file://acme.my.salesforce.com/etc/passwd",
            "data:text/html,<script>alert(1)</script>",
            "ftp://acme.my.salesforce.com/",
            "acme.my.salesforce.com/lightning",
            "",
        ] {
            for org in [None, Some(&acme), Some(&practice)] {
                assert!(check_link(bad, org).is_err(), "{bad} should be refused");
            }
        }
    }
}
