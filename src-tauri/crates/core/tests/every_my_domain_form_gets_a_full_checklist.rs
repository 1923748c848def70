//! Every form of My Domain the app accepts gets the same checklist as a production org, with
//! every step's deep link under that org's own host, and is classified with the right kind (and
//! a note only where the admin needs one). The forms are Salesforce Help's ("My Domain URL
//! Formats", "Partitioned Domains for ..."); `acme.free` stands for a form the app does not know.

use eca_core::checklist::{Checklist, Step};
use eca_core::inputs::{validate, SetupInputs};
use eca_core::partner::{partner_sheet, PartnerValue};
use eca_core::profile::Profile;
use eca_core::{checklist, normalize_domain, profile, profiles, OrgKind};
use eca_test_support::sample_inputs;

const PRODUCTION: &str = "acme.my.salesforce.com";

/// Each host with the kind it is, and whether it carries a note.
const FORMS: [(&str, OrgKind, bool); 10] = [
    (PRODUCTION, OrgKind::Production, false),
    (
        "acme--uat.sandbox.my.salesforce.com",
        OrgKind::Sandbox,
        false,
    ),
    ("acme--uat.my.salesforce.com", OrgKind::Sandbox, false),
    (
        "acme-dev-ed.develop.my.salesforce.com",
        OrgKind::DeveloperEdition,
        false,
    ),
    ("acme.scratch.my.salesforce.com", OrgKind::Scratch, false),
    (
        "cunning-koala-u9ryu3-dev-ed.trailblaze.my.salesforce.com",
        OrgKind::TrailheadPlayground,
        false,
    ),
    ("acme.demo.my.salesforce.com", OrgKind::Demo, false),
    ("acme.patch.my.salesforce.com", OrgKind::Patch, false),
    ("acme.free.my.salesforce.com", OrgKind::OtherMyDomain, true),
    (
        "acme.somethingnew.my.salesforce.com",
        OrgKind::OtherMyDomain,
        true,
    ),
];

fn inputs_for(profile: &Profile, domain: &str) -> SetupInputs {
    let mut inputs = sample_inputs(profile);
    inputs.domain = domain.into();
    inputs
}

/// A step without what depends on the org's host: its link (kept as the path under the host)
/// and the org's note among the warnings.
fn without_host(step: &Step, host: &str, note: Option<&str>) -> Step {
    let mut step = step.clone();
    step.header.link = step.header.link.map(|link| {
        link.strip_prefix(&format!("https://{host}"))
            .unwrap_or_else(|| panic!("{}: {link} is not under https://{host}", step.id))
            .to_owned()
    });
    step.header
        .warnings
        .retain(|warning| Some(warning.as_str()) != note);
    step
}

#[test]
fn every_form_is_classified_with_its_kind_and_note() {
    for (host, kind, has_note) in FORMS {
        let domain = normalize_domain(&format!("https://{host}/lightning/page/home"))
            .unwrap_or_else(|issue| panic!("{host} refused: {}", issue.message));
        assert_eq!(domain.host, host);
        assert_eq!(domain.kind, kind, "{host}");
        assert_eq!(domain.kind_label, kind.label(), "{host}");
        assert_eq!(domain.note.is_some(), has_note, "{host}: {:?}", domain.note);
        if let Some(note) = &domain.note {
            assert!(
                note.contains("does not know this form") && note.contains("Setup → My Domain"),
                "{host}: {note}"
            );
        }
        assert!(domain.has_my_domain(), "{host} gets deep links");
        assert_eq!(domain.base_url(), format!("https://{host}"));
    }
}

#[test]
fn every_form_gets_the_full_checklist_with_links_under_its_host() {
    for profile in profiles() {
        let production: Checklist = checklist(profile, &inputs_for(profile, PRODUCTION));
        assert!(
            production
                .steps
                .iter()
                .all(|step| step.header.link.is_some()),
            "{}: every production step has a deep link",
            profile.id
        );
        for (host, _, _) in FORMS {
            let inputs = inputs_for(profile, host);
            assert_eq!(
                validate(profile, &inputs),
                [],
                "{}: {host} is a valid domain",
                profile.id
            );
            let list = checklist(profile, &inputs);
            let org = list.org.as_ref().expect("the org is known");
            assert_eq!(org.host, host);
            let ids = |list: &Checklist| list.steps.iter().map(|s| s.id).collect::<Vec<_>>();
            assert_eq!(ids(&list), ids(&production), "{}: {host}", profile.id);
            for (step, expected) in list.steps.iter().zip(&production.steps) {
                let link = step.header.link.as_deref().unwrap_or_else(|| {
                    panic!("{}: {host}: step {} has no link", profile.id, step.id)
                });
                assert!(
                    link.starts_with(&format!("https://{host}/lightning/setup/")),
                    "{}: {host}: {link}",
                    profile.id
                );
                assert_eq!(
                    without_host(step, host, org.note.as_deref()),
                    without_host(expected, PRODUCTION, None),
                    "{}: {host}: step {} differs from production beyond its host",
                    profile.id,
                    step.id
                );
            }
            if let Some(note) = &org.note {
                assert!(
                    list.steps[0].header.warnings.contains(note),
                    "{}: {host}: the first step shows the note",
                    profile.id
                );
            }
        }
    }
}

#[test]
fn the_partner_is_given_the_org_host_of_every_form() {
    let vonage = profile("vonage-ai-studio").expect("the Vonage profile");
    for (host, kind, _) in FORMS {
        let sheet = partner_sheet(vonage, &inputs_for(vonage, host), None).expect("a sheet");
        let domain = sheet
            .fields
            .iter()
            .find(|field| field.label == "Domain")
            .expect("a Domain field");
        assert_eq!(
            domain.value,
            PartnerValue::Text {
                text: host.to_owned()
            },
            "{host}"
        );
        // Only a sandbox gets the sandbox recipe.
        assert_eq!(
            !sheet.webhooks.is_empty(),
            kind == OrgKind::Sandbox,
            "{host}"
        );
    }
}
