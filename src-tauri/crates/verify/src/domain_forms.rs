//! Does the org's address resolve, and if not, which other form of the same My Domain does?
//! Admins often drop or add `.develop` or `.sandbox` (guide 001's Developer Edition case), so a
//! name that does not resolve is tried in the other forms Salesforce uses.

use std::time::Duration;

use eca_core::domain::{OrgDomain, OrgKind};

use crate::diagnosis::{Diagnosis, DiagnosisCode};

const MY_DOMAIN: &str = ".my.salesforce.com";

/// The other My Domain forms of `host` (never `host` itself), most likely first.
pub fn alternative_hosts(host: &str) -> Vec<String> {
    let Some(name) = host.strip_suffix(MY_DOMAIN) else {
        return Vec::new();
    };
    let base = ["develop", "sandbox", "scratch"]
        .iter()
        .find_map(|kind| name.strip_suffix(&format!(".{kind}")))
        .unwrap_or(name);
    if base.is_empty() || base.contains('.') {
        return Vec::new();
    }
    let mut forms = Vec::new();
    if base.contains("--") {
        forms.push(format!("{base}.sandbox{MY_DOMAIN}"));
        forms.push(format!("{base}{MY_DOMAIN}"));
    } else {
        forms.push(format!("{base}.develop{MY_DOMAIN}"));
        forms.push(format!("{base}{MY_DOMAIN}"));
        forms.push(format!("{base}.scratch{MY_DOMAIN}"));
    }
    forms.retain(|form| form != host);
    forms
}

/// Whether `host` resolves (port 443), within a few seconds.
pub async fn resolves(host: &str) -> bool {
    let lookup = tokio::net::lookup_host((host, 443));
    match tokio::time::timeout(Duration::from_secs(5), lookup).await {
        Ok(Ok(mut addrs)) => addrs.next().is_some(),
        _ => false,
    }
}

/// Ok when the org's host resolves (the practice org always does); otherwise a `DnsFailure`
/// that names the other form which does resolve, when one does.
pub async fn check(domain: &OrgDomain) -> Result<String, Diagnosis> {
    if domain.kind == OrgKind::Practice {
        return Ok(format!(
            "The practice org on this computer ({}).",
            domain.host
        ));
    }
    if resolves(&domain.host).await {
        return Ok(format!("{} was found.", domain.host));
    }
    for other in alternative_hosts(&domain.host) {
        if resolves(&other).await {
            return Err(Diagnosis::new(
                DiagnosisCode::DnsFailure,
                format!("{} does not exist, but {other} does.", domain.host),
                format!(
                    "Use {other} as your org's domain (Setup → My Domain shows the exact address)."
                ),
                None,
            ));
        }
    }
    Err(Diagnosis::new(
        DiagnosisCode::DnsFailure,
        format!("{} could not be found.", domain.host),
        "Check the spelling of the My Domain (Setup → My Domain shows it) and your internet connection.",
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::alternative_hosts;

    #[test]
    fn other_forms_of_a_my_domain() {
        assert_eq!(
            alternative_hosts("acme.my.salesforce.com"),
            [
                "acme.develop.my.salesforce.com",
                "acme.scratch.my.salesforce.com"
            ]
        );
        assert_eq!(
            alternative_hosts("acme.develop.my.salesforce.com"),
            ["acme.my.salesforce.com", "acme.scratch.my.salesforce.com"]
        );
        assert_eq!(
            alternative_hosts("acme--uat.my.salesforce.com"),
            ["acme--uat.sandbox.my.salesforce.com"]
        );
        assert_eq!(
            alternative_hosts("acme--uat.sandbox.my.salesforce.com"),
            ["acme--uat.my.salesforce.com"]
        );
        assert!(alternative_hosts("login.salesforce.com").is_empty());
    }
}
