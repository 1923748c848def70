//! Properties of what the admin types: the org domain cleaner and normaliser, and the API Name
//! derivation and validator. Random input, fixed rules.

use eca_core::domain::clean_host;
use eca_core::inputs::{check_api_name, derive_api_name};
use eca_core::normalize_domain;
use proptest::prelude::*;

/// Domain-shaped text with the clutter admins paste: schemes, credentials, paths, case, spaces.
fn domain_like() -> impl Strategy<Value = String> {
    let scheme = prop_oneof![
        Just(""),
        Just("https://"),
        Just("http://"),
        Just("HTTPS://")
    ];
    let user = prop_oneof![Just(""), Just("admin@"), Just("a:b@")];
    let name = "[a-zA-Z0-9][a-zA-Z0-9-]{0,12}(--[a-zA-Z0-9]{1,6})?";
    let suffix = prop_oneof![
        Just(".my.salesforce.com"),
        Just(".sandbox.my.salesforce.com"),
        Just(".develop.my.salesforce.com"),
        Just(".scratch.my.salesforce.com"),
        Just("-dev-ed.trailblaze.my.salesforce.com"),
        Just(".demo.my.salesforce.com"),
        Just(".patch.my.salesforce.com"),
        Just(".free.my.salesforce.com"),
        Just(".lightning.force.com"),
        Just(".trailblaze.lightning.force.com"),
        Just(".my.salesforce-setup.com"),
        Just(".my.site.com"),
        Just(""),
    ];
    let tail = prop_oneof![
        Just(String::new()),
        Just("/".to_owned()),
        Just(".".to_owned()),
        "/[a-z/]{0,10}(\\?[a-z=&]{0,8})?".prop_map(|s| s),
        ":[0-9]{1,5}".prop_map(|s| s),
    ];
    (" {0,2}", scheme, user, name, suffix, tail, "[ \t]{0,2}").prop_map(
        |(pre, scheme, user, name, suffix, tail, post)| {
            format!("{pre}{scheme}{user}{name}{suffix}{tail}{post}")
        },
    )
}

fn any_domain_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        domain_like(),
        "(localhost|127\\.0\\.0\\.1):[0-9]{1,6}",
        "login\\.salesforce\\.com|test\\.salesforce\\.com",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn cleaning_a_host_twice_equals_cleaning_it_once(raw in any_domain_input()) {
        let once = clean_host(&raw);
        prop_assert_eq!(clean_host(&once), once);
    }

    /// `normalize_domain` returns (it does not panic) on anything, and whatever it accepts is
    /// a fixed point: the accepted host normalises to the same domain.
    #[test]
    fn an_accepted_domain_re_normalises_to_itself(raw in any_domain_input()) {
        if let Ok(domain) = normalize_domain(&raw) {
            prop_assert_eq!(normalize_domain(&domain.host), Ok(domain.clone()));
            prop_assert!(!domain.host.is_empty());
        }
    }

    #[test]
    fn a_my_domain_url_normalises_to_its_bare_host(
        name in "[a-zA-Z][a-zA-Z0-9]{0,15}(--[a-zA-Z0-9]{1,8})?",
        path in "(/[a-zA-Z0-9_.-]{0,10}){0,4}",
        query in "[a-zA-Z0-9=&]{0,12}",
    ) {
        let raw = format!("https://{name}.my.salesforce.com{path}?{query}");
        let domain = normalize_domain(&raw)
            .map_err(|issue| TestCaseError::fail(format!("{raw} refused: {issue:?}")))?;
        prop_assert_eq!(domain.host, format!("{}.my.salesforce.com", name.to_ascii_lowercase()));
    }

    /// Any well-formed host under .my.salesforce.com is accepted, whatever its form: Salesforce
    /// adds forms (trials, new partitions), and a real org must never be refused.
    #[test]
    fn every_well_formed_my_domain_is_accepted(
        labels in prop::collection::vec("[a-z0-9][a-z0-9-]{0,12}", 1..4),
    ) {
        let host = format!("{}.my.salesforce.com", labels.join("."));
        let domain = normalize_domain(&host)
            .map_err(|issue| TestCaseError::fail(format!("{host} refused: {issue:?}")))?;
        prop_assert_eq!(&domain.host, &host);
        prop_assert!(domain.has_my_domain());
        prop_assert_eq!(domain.note.is_some(), domain.kind == eca_core::OrgKind::OtherMyDomain);
    }

    #[test]
    fn a_lightning_host_is_refused_with_its_my_domain(
        labels in prop::collection::vec("[a-zA-Z0-9][a-zA-Z0-9-]{0,10}", 1..3),
        scheme in prop_oneof![Just(""), Just("https://")],
        path in "(/[a-z]{0,6}){0,2}",
    ) {
        let name = labels.join(".");
        let raw = format!("{scheme}{name}.lightning.force.com{path}");
        let issue = normalize_domain(&raw)
            .err()
            .ok_or_else(|| TestCaseError::fail(format!("{raw} was accepted")))?;
        let my_domain = format!("{}.my.salesforce.com", name.to_ascii_lowercase());
        prop_assert!(
            issue.hint.contains(&my_domain),
            "hint for {} should name {}: {}", raw, my_domain, issue.hint
        );
    }

    #[test]
    fn a_derived_api_name_passes_the_validator(app_name in prop_oneof![
        any::<String>(),
        "[ a-zA-Z0-9_.'&é-]{0,40}",
    ]) {
        let derived = derive_api_name(&app_name);
        if app_name.chars().any(|c| c.is_ascii_alphanumeric()) {
            let issues = check_api_name(&derived);
            prop_assert!(issues.is_empty(), "{:?} → {:?}: {:?}", app_name, derived, issues);
        } else {
            prop_assert_eq!(derived, "");
        }
    }

    #[test]
    fn the_api_name_check_gives_at_most_one_issue_per_rule(api_name in prop_oneof![
        any::<String>(),
        "[ a-zA-Z0-9_é!-]{0,20}",
    ]) {
        let issues = check_api_name(&api_name);
        prop_assert!(issues.len() <= 5, "five rules, {} issues", issues.len());
        let mut messages: Vec<&str> = issues.iter().map(|i| i.message.as_str()).collect();
        let count = messages.len();
        messages.sort_unstable();
        messages.dedup();
        prop_assert_eq!(messages.len(), count, "a rule reported twice: {:?}", issues);
        prop_assert!(issues.iter().all(|i| i.field == "api_name"));
    }
}
