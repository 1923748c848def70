//! Opening a Setup page in the system browser. Only the org's own pages (and the practice org on
//! loopback) may be opened, so a link from anywhere else cannot launch an arbitrary URL.

use crate::error::{ErrorCode, UiError};

/// `https://…salesforce.com/…` or the practice org at `http://127.0.0.1:PORT/…`.
pub fn check_link(url: &str) -> Result<(), UiError> {
    let host = url
        .strip_prefix("https://")
        .map(|rest| rest.split(['/', '?', '#']).next().unwrap_or(""))
        .filter(|host| host.ends_with(".salesforce.com") && !host.contains(['@', ':']));
    let practice = url
        .strip_prefix("http://127.0.0.1:")
        .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    if host.is_some() || practice {
        Ok(())
    } else {
        Err(UiError::new(
            ErrorCode::OpenFailed,
            "Only your org's Salesforce pages can be opened from here.".to_string(),
            "Open the page from Salesforce Setup yourself.",
        ))
    }
}

/// Opens `url` in the system browser. `ECA_SETUP_OPENER` names a program to run instead (with
/// the URL as its argument), so tests can see which page would open without a browser.
pub fn open_in_browser(url: &str) -> Result<(), UiError> {
    check_link(url)?;
    let opened = match std::env::var_os("ECA_SETUP_OPENER") {
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
    fn only_salesforce_and_the_practice_org_open() {
        for ok in [
            "https://acme.my.salesforce.com/lightning/setup/ManageUsers/home",
            "https://login.salesforce.com",
            "http://127.0.0.1:8080/lightning/setup/x",
        ] {
            assert!(check_link(ok).is_ok(), "{ok}");
        }
        for bad in [
            "http://acme.my.salesforce.com/",
            "https://evil.example.com/?.salesforce.com",
            "https://acme.my.salesforce.com@evil.example.com/",
            "file:///etc/passwd",
            "http://127.0.0.1.evil.com/",
            "javascript:alert(1)",
        ] {
            assert!(check_link(bad).is_err(), "{bad}");
        }
    }
}
