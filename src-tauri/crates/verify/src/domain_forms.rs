//! Does the org's address resolve, and if not, which other form of the same My Domain does?
//! Admins often drop or add the partition word (`.develop`, `.sandbox`, `.trailblaze`; guide
//! 001's Developer Edition case) or the `-dev-ed` that Developer Edition and Trailhead Playground
//! names end in, so a name that does not resolve is tried in the other forms Salesforce uses
//! (Salesforce Help, "My Domain URL Formats" and "Partitioned Domains"; see `eca_core::domain`).
//! Behind a proxy the name is not looked up here at all: the proxy is asked for a tunnel to it,
//! and no other form is guessed (each guess would be one more connection through the proxy,
//! and a proxy that opens every tunnel would make any guess look right).

use std::time::Duration;

use eca_core::domain::{OrgDomain, OrgKind};
use tokio::task::JoinSet;

use crate::diagnosis::{Diagnosis, DiagnosisCode};
use crate::proxy::{self, ProxySettings, TunnelAnswer};

const MY_DOMAIN: &str = ".my.salesforce.com";

/// The partition words an org's name may carry before `.my.salesforce.com`.
const PARTITIONS: [&str; 7] = [
    "sandbox",
    "develop",
    "scratch",
    "trailblaze",
    "demo",
    "patch",
    "free",
];

const DEV_ED: &str = "-dev-ed";

/// The other My Domain forms of `host` (never `host` itself), most likely first.
///
/// A sandbox name (`NAME--SBOX`) has two forms: `.sandbox` and the older one without it. Any
/// other name is tried as a Developer Edition (`NAME-dev-ed.develop`, or `NAME.develop` as
/// guide 001 writes it), a Trailhead Playground (`NAME-dev-ed.trailblaze`), production, a
/// Developer Edition without partitioned domains (`NAME-dev-ed`), then the scratch, demo and
/// patch forms.
pub fn alternative_hosts(host: &str) -> Vec<String> {
    let Some(name) = host.strip_suffix(MY_DOMAIN) else {
        return Vec::new();
    };
    let base = PARTITIONS
        .iter()
        .find_map(|word| name.strip_suffix(&format!(".{word}")))
        .unwrap_or(name);
    if base.is_empty() || base.contains('.') {
        return Vec::new();
    }
    let names = if base.contains("--") {
        vec![format!("{base}.sandbox"), base.to_owned()]
    } else {
        let bare = base.strip_suffix(DEV_ED).unwrap_or(base);
        if bare.is_empty() {
            return Vec::new();
        }
        vec![
            format!("{bare}{DEV_ED}.develop"),
            format!("{bare}.develop"),
            format!("{bare}{DEV_ED}.trailblaze"),
            bare.to_owned(),
            format!("{bare}{DEV_ED}"),
            format!("{bare}.scratch"),
            format!("{bare}.demo"),
            format!("{bare}.patch"),
        ]
    };
    let mut forms: Vec<String> = Vec::new();
    for name in names {
        let form = format!("{name}{MY_DOMAIN}");
        if form != host && !forms.contains(&form) {
            forms.push(form);
        }
    }
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
/// that names the other form which does resolve, when one does. When `proxy` carries requests
/// to the org, Ok when the proxy opens a tunnel to it, otherwise the proxy's refusal.
pub async fn check(domain: &OrgDomain, proxy: &ProxySettings) -> Result<String, Diagnosis> {
    if domain.kind == OrgKind::Practice {
        return Ok(format!(
            "The practice org on this computer ({}).",
            domain.host
        ));
    }
    let url = url::Url::parse(&domain.base_url()).ok();
    if let Some(via) = url.as_ref().and_then(|url| proxy.for_url(url)) {
        return through_proxy(via, &domain.host).await;
    }
    if resolves(&domain.host).await {
        return Ok(format!("{} was found.", domain.host));
    }
    if let Some(other) = first_resolving(alternative_hosts(&domain.host)).await {
        return Err(Diagnosis::new(
            DiagnosisCode::DnsFailure,
            format!("{} does not exist, but {other} does.", domain.host),
            format!(
                "Use {other} as your org's domain (Setup → My Domain shows the exact address)."
            ),
            None,
        ));
    }
    Err(Diagnosis::new(
        DiagnosisCode::DnsFailure,
        format!("{} could not be found.", domain.host),
        "Check the spelling of the My Domain (Setup → My Domain shows it) and your internet connection.",
        None,
    ))
}

/// The org's host asked of the proxy rather than of this computer's resolver.
async fn through_proxy(via: &proxy::Proxy, host: &str) -> Result<String, Diagnosis> {
    let shown = via.shown();
    match proxy::tunnel_answer(via, host, 443).await {
        TunnelAnswer::Opened => Ok(format!(
            "{host} was reached through the proxy {shown} (not looked up on this computer: the proxy does that)."
        )),
        TunnelAnswer::NotAsked => Ok(format!(
            "{host} is reached through the proxy {shown}, which looks it up; it was not looked up on this computer."
        )),
        refused => Err(proxy::refusal(via, host, &refused)),
    }
}

/// The first of `hosts` (in their order) that resolves. They are looked up together, so a slow
/// resolver costs one timeout rather than one per form.
async fn first_resolving(hosts: Vec<String>) -> Option<String> {
    let mut lookups = JoinSet::new();
    for (index, host) in hosts.iter().cloned().enumerate() {
        lookups.spawn(async move { (index, resolves(&host).await) });
    }
    let mut found: Vec<usize> = Vec::new();
    while let Some(done) = lookups.join_next().await {
        if let Ok((index, true)) = done {
            found.push(index);
        }
    }
    found.into_iter().min().map(|index| hosts[index].clone())
}

#[cfg(test)]
mod tests {
    use super::{alternative_hosts, first_resolving};

    fn hosts(names: &[&str]) -> Vec<String> {
        names
            .iter()
            .map(|name| format!("{name}.my.salesforce.com"))
            .collect()
    }

    #[test]
    fn a_sandbox_name_is_tried_in_both_sandbox_forms() {
        assert_eq!(
            alternative_hosts("acme--uat.my.salesforce.com"),
            hosts(&["acme--uat.sandbox"])
        );
        assert_eq!(
            alternative_hosts("acme--uat.sandbox.my.salesforce.com"),
            hosts(&["acme--uat"])
        );
        // A sandbox name typed with another partition word.
        assert_eq!(
            alternative_hosts("acme--uat.develop.my.salesforce.com"),
            hosts(&["acme--uat.sandbox", "acme--uat"])
        );
    }

    #[test]
    fn a_production_name_is_tried_as_developer_edition_and_trailhead_first() {
        assert_eq!(
            alternative_hosts("acme.my.salesforce.com"),
            hosts(&[
                "acme-dev-ed.develop",
                "acme.develop",
                "acme-dev-ed.trailblaze",
                "acme-dev-ed",
                "acme.scratch",
                "acme.demo",
                "acme.patch",
            ])
        );
    }

    #[test]
    fn a_trailhead_playground_without_its_partition_word_finds_it() {
        // The admin dropped `.trailblaze`, or `-dev-ed.trailblaze`.
        for typed in [
            "cunning-koala-u9ryu3-dev-ed.my.salesforce.com",
            "cunning-koala-u9ryu3.my.salesforce.com",
            "cunning-koala-u9ryu3-dev-ed.develop.my.salesforce.com",
        ] {
            let forms = alternative_hosts(typed);
            assert!(
                forms.contains(&"cunning-koala-u9ryu3-dev-ed.trailblaze.my.salesforce.com".into()),
                "{typed}: {forms:?}"
            );
            assert!(!forms.contains(&typed.to_owned()), "never the host itself");
        }
    }

    #[test]
    fn a_trailhead_playground_is_tried_as_a_developer_edition_and_the_other_forms() {
        assert_eq!(
            alternative_hosts("acme-dev-ed.trailblaze.my.salesforce.com"),
            hosts(&[
                "acme-dev-ed.develop",
                "acme.develop",
                "acme",
                "acme-dev-ed",
                "acme.scratch",
                "acme.demo",
                "acme.patch",
            ])
        );
    }

    #[test]
    fn demo_patch_and_unknown_forms_fall_back_to_the_documented_ones() {
        for typed in [
            "acme.demo.my.salesforce.com",
            "acme.patch.my.salesforce.com",
            "acme.free.my.salesforce.com",
        ] {
            let forms = alternative_hosts(typed);
            assert_eq!(
                forms.first().map(String::as_str),
                Some("acme-dev-ed.develop.my.salesforce.com"),
                "{typed}"
            );
            assert!(
                forms.contains(&"acme.my.salesforce.com".into()),
                "{typed}: {forms:?}"
            );
            assert!(
                !forms.contains(&typed.to_owned()),
                "{typed}: never the host itself"
            );
        }
    }

    #[test]
    fn hosts_that_are_not_a_plain_my_domain_have_no_alternatives() {
        for host in [
            "login.salesforce.com",
            "acme.lightning.force.com",
            ".my.salesforce.com",
            "-dev-ed.my.salesforce.com",
            "acme.eu.trial.my.salesforce.com",
            "127.0.0.1:8443",
        ] {
            assert_eq!(alternative_hosts(host), Vec::<String>::new(), "{host}");
        }
    }

    #[tokio::test]
    async fn the_first_resolving_form_in_order_is_chosen() {
        // `.invalid` never resolves (RFC 6761); `localhost` always does.
        let order = |names: &[&str]| names.iter().map(|n| n.to_string()).collect::<Vec<_>>();
        assert_eq!(
            first_resolving(order(&["a.invalid", "localhost", "b.invalid"])).await,
            Some("localhost".into())
        );
        assert_eq!(
            first_resolving(order(&["127.0.0.1", "localhost"])).await,
            Some("127.0.0.1".into()),
            "the earlier form wins when both resolve"
        );
        assert_eq!(first_resolving(order(&["a.invalid"])).await, None);
        assert_eq!(first_resolving(Vec::new()).await, None);
    }
}
