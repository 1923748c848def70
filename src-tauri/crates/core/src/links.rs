//! Opening a page in the system browser. Only Salesforce's own pages (the org's Setup pages and
//! sign-in page under its My Domain) and the practice org on loopback may be opened, so a link
//! from anywhere else cannot launch an arbitrary URL. The check reads the parsed URL (scheme,
//! host, user info), never its text: `http://127.0.0.1:1@evil.example/` goes to evil.example.

use std::net::Ipv4Addr;

use url::{Host, Url};

use crate::error::{ErrorCode, UiError};

/// The domains Salesforce serves the pages this app links to from: My Domain and login hosts
/// (`*.my.salesforce.com`, `login.salesforce.com`, Salesforce Help at `help.salesforce.com`),
/// Lightning and Visualforce (`*.force.com`), and Setup (`*.my.salesforce-setup.com`).
const SALESFORCE_DOMAINS: [&str; 3] = ["salesforce.com", "force.com", "salesforce-setup.com"];

/// Whether `host` is one of `SALESFORCE_DOMAINS` or a name under one (`acme.my.salesforce.com`,
/// not `salesforce.com.evil.example` nor `evilsalesforce.com`).
fn is_salesforce(host: &str) -> bool {
    SALESFORCE_DOMAINS.iter().any(|domain| {
        host == *domain
            || host
                .strip_suffix(domain)
                .is_some_and(|name| name.ends_with('.') && name.len() > 1)
    })
}

/// https to a Salesforce host on the default port, or plain http to the practice org on
/// 127.0.0.1 / localhost; never with a user name or password in the URL.
pub fn check_link(url: &str) -> Result<(), UiError> {
    if allowed(url) {
        Ok(())
    } else {
        Err(UiError::new(
            ErrorCode::OpenFailed,
            "Only your org's Salesforce pages can be opened from here.".to_string(),
            "Open the page from Salesforce Setup yourself.",
        ))
    }
}

fn allowed(url: &str) -> bool {
    let Ok(parsed) = Url::parse(url) else {
        return false;
    };
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return false;
    }
    match (parsed.scheme(), parsed.host()) {
        ("https", Some(Host::Domain(host))) => parsed.port().is_none() && is_salesforce(host),
        ("http", Some(Host::Ipv4(ip))) => ip == Ipv4Addr::LOCALHOST,
        ("http", Some(Host::Domain(host))) => host == "localhost",
        _ => false,
    }
}

/// Opens `url` in the system browser. In a debug build the `opener` test hook names a program
/// to run instead (with the URL as its argument), so tests can see which page would open
/// without a browser.
pub fn open_in_browser(url: &str) -> Result<(), UiError> {
    check_link(url)?;
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

    #[test]
    fn salesforce_pages_and_the_practice_org_open() {
        for ok in [
            "https://acme.my.salesforce.com/lightning/setup/ManageUsers/home",
            "https://Acme.My.Salesforce.com/lightning/setup/OrgDomain/home",
            "https://acme--uat.sandbox.my.salesforce.com/services/oauth2/authorize?client_id=x&redirect_uri=http%3A%2F%2Flocalhost%3A1717%2FOauthRedirect",
            "https://login.salesforce.com",
            "https://help.salesforce.com/s/articleView?id=sf.domain_name_overview.htm",
            "https://acme.lightning.force.com/lightning/setup/home",
            "https://acme.my.salesforce-setup.com/lightning/setup/home",
            "https://acme.my.salesforce.com:443/x",
            "http://127.0.0.1:8080/lightning/setup/x",
            "http://localhost:41234/services/oauth2/authorize?x=1",
        ] {
            assert!(check_link(ok).is_ok(), "{ok} should open");
        }
    }

    #[test]
    fn anything_else_is_refused_by_its_parsed_host_and_scheme() {
        for bad in [
            // User info: the host is after the `@`.
            "http://127.0.0.1:1@evil.example/",
            "https://acme.my.salesforce.com@evil.example.com/",
            "https://user:pass@acme.my.salesforce.com/",
            "http://user@127.0.0.1:8080/",
            // Salesforce's name elsewhere than the host's end.
            "https://evil.example/?x=.salesforce.com",
            "https://evil.example.com/?.salesforce.com",
            "https://evil.example/#.salesforce.com",
            "https://acme.my.salesforce.com.evil.example/",
            "https://evilsalesforce.com/",
            "https://.salesforce.com/",
            // Plain http to a real host, loopback that is not 127.0.0.1 / localhost.
            "http://acme.my.salesforce.com/",
            "http://127.0.0.1.evil.com/",
            "http://127.0.0.2:8080/",
            "http://[::1]:8080/",
            "http://localhost.evil.example:8080/",
            "https://127.0.0.1:8080/",
            // A port on a real host.
            "https://acme.my.salesforce.com:8443/",
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
            assert!(check_link(bad).is_err(), "{bad} should be refused");
        }
    }
}
