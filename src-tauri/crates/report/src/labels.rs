//! The words the Markdown, HTML and PDF reports share: headings, labels, the summary and
//! migration lines, and the footer, each defined once so the three formats say the same thing.
//! A writer adds only its markup (and the PDF its ASCII). The JSON report has no labels: its
//! keys are the model's fields.

use eca_core::migration::{OldAppAction, Route};
use eca_core::progress::PhaseState;
use eca_core::setup::Timestamp;

use crate::model::{Report, ReportGuide, ReportIntegration, ReportKey, ReportVerification};
use crate::org_check::{ReportDifference, ReportNotShown, ReportOrgCheck};

/// The report's title; every format adds the integration's name after a colon.
pub(crate) const TITLE: &str = "External Client App setup report";

/// "External Client App setup report: Vonage AI Studio".
pub(crate) fn title(report: &Report) -> String {
    format!("{TITLE}: {}", report.integration.name)
}

pub(crate) const SUMMARY: &str = "Summary";

/// What the guide list says when the profile has no guide: the Custom profile's settings are
/// the admin's; those of ECA Setup Assistant's own app are Salesforce's or this app's.
pub(crate) fn no_guide(integration: &ReportIntegration) -> &'static str {
    if integration.admin_chosen {
        "None: every setting was chosen by the admin."
    } else {
        "None: every setting is Salesforce's default or ECA Setup Assistant's recommendation."
    }
}

pub(crate) const GUIDES: &str = "Guides followed";

/// A guide in the list: its title, then its id.
pub(crate) fn guide_line(guide: &ReportGuide) -> String {
    format!("{} ({})", guide.title, guide.id)
}

/// The summary lines every format shows, in order.
pub(crate) fn summary(report: &Report) -> Vec<(&'static str, String)> {
    let (domain, kind) = match &report.org {
        Some(org) => (org.domain.clone(), org.kind.clone()),
        None => ("(not set)".to_owned(), "(unknown)".to_owned()),
    };
    vec![
        ("Integration", report.integration.name.clone()),
        ("Org domain", domain),
        ("Org kind", kind),
        ("App name", or_not_set(&report.app.name).to_owned()),
        ("API name", or_not_set(&report.app.api_name).to_owned()),
        (
            "Contact email",
            or_not_set(&report.app.contact_email).to_owned(),
        ),
        (
            "Connection",
            report
                .connection
                .clone()
                .unwrap_or_else(|| "(none saved)".to_owned()),
        ),
        (
            "Consumer key",
            report
                .consumer_key_masked
                .clone()
                .unwrap_or_else(|| "(not entered)".to_owned()),
        ),
        ("Setup ID", report.setup_id.clone()),
    ]
}

/// The heading of the progress section, in every format.
pub(crate) const PROGRESS_HEADING: &str = "Progress";

/// Each part of the setup with whether it is done and when, after the overall line: the same
/// model the app's screens and the command line read, so the report says "done" only when they do.
pub(crate) fn progress_lines(report: &Report) -> Vec<(String, String)> {
    let progress = &report.progress;
    let mut lines = vec![("Overall".to_owned(), progress.summary.clone())];
    lines.extend(progress.phases.iter().map(|phase| {
        let state = match (phase.state, phase.done_at, &phase.locked) {
            (PhaseState::Done, Some(at), _) => format!("Done {}", report.dates.write(at)),
            (PhaseState::Done, None, _) => "Done".to_owned(),
            (PhaseState::Locked, _, Some(why)) => format!("Not open yet: {why}"),
            _ if phase.total > 1 => {
                format!("Not done yet ({} of {} steps)", phase.done, phase.total)
            }
            _ => "Not done yet".to_owned(),
        };
        (phase.title.clone(), state)
    }));
    lines
}

/// The heading of a migration's section, in every format.
pub(crate) const MIGRATION_HEADING: &str = "Move from the connected app";

/// A migration's lines every format shows, in order, each with its date where it has one. Keys
/// only masked.
pub(crate) fn migration_lines(report: &Report) -> Vec<(&'static str, String)> {
    let Some(m) = &report.migration else {
        return Vec::new();
    };
    let when = |at: Option<Timestamp>| {
        at.map_or_else(|| "not yet".to_owned(), |at| report.dates.write(at))
    };
    let yes_no = |answer: Option<bool>, yes: &str, no: &str| match answer {
        Some(true) => yes.to_owned(),
        Some(false) => no.to_owned(),
        None => "(not recorded)".to_owned(),
    };
    let mut lines = vec![
        (
            "Old connected app",
            m.old_app.as_ref().map_or_else(
                || "(not recorded)".to_owned(),
                |app| {
                    let users = app
                        .users
                        .map_or_else(String::new, |n| format!(", User Count {n}"));
                    let local = if app.local { "local" } else { "not local" };
                    format!(
                        "{} ({local}{users}; recorded {})",
                        app.name,
                        report.dates.write(app.recorded_at)
                    )
                },
            ),
        ),
        (
            "Username-password sign-ins",
            yes_no(
                m.password_flow,
                "yes: the integration signed in with a username and password",
                "no",
            ),
        ),
        (
            "Route",
            m.route_label
                .clone()
                .unwrap_or_else(|| "(not chosen)".to_owned()),
        ),
    ];
    if m.route == Some(Route::InPlace) {
        let key = |key: &Option<ReportKey>| {
            key.as_ref().map_or_else(
                || "(not recorded)".to_owned(),
                |key| {
                    format!(
                        "{} (recorded {})",
                        key.masked,
                        report.dates.write(key.recorded_at)
                    )
                },
            )
        };
        lines.extend([
            ("Consumer key before", key(&m.key_before)),
            ("Migrated", when(m.migrated_at)),
            ("Consumer key after", key(&m.key_after)),
            (
                "Key comparison",
                m.key_check.map_or_else(
                    || "not made".to_owned(),
                    |check| check.sentence().to_owned(),
                ),
            ),
        ]);
    }
    lines.extend([
        ("Verification passed", when(m.verified_at)),
        ("Tokens revoked", when(m.tokens_revoked_at)),
        (
            "Old app",
            m.old_app_end.map_or_else(
                || "not blocked or deleted yet".to_owned(),
                |(action, at)| {
                    let done = match action {
                        OldAppAction::Blocked => "Blocked",
                        OldAppAction::Deleted => "Deleted",
                    };
                    format!("{done} {}", report.dates.write(at))
                },
            ),
        ),
    ]);
    lines
}

/// "Steps (3 of 9 marked done)".
pub(crate) fn steps_heading(report: &Report) -> String {
    format!(
        "Steps ({} of {} marked done)",
        report.steps_done(),
        report.steps.len()
    )
}

/// Under a step's title: when it was marked done, or that it was not.
pub(crate) fn done_line(report: &Report, done_at: Option<Timestamp>) -> String {
    match done_at {
        Some(at) => format!("Marked done: {}", report.dates.write(at)),
        None => "Not marked done.".to_owned(),
    }
}

pub(crate) const VERIFICATION: &str = "Verification";
pub(crate) const NOT_VERIFIED: &str = "Not verified yet.";
/// Before the verification's outcome: "Result: passed".
pub(crate) const RESULT: &str = "Result";

/// The verification's outcome in a word.
pub(crate) fn outcome(passed: bool) -> &'static str {
    if passed {
        "passed"
    } else {
        "failed"
    }
}

/// "Web server (authorization code) flow against acme.my.salesforce.com"; `flow` and `host`
/// come already marked up by the writer.
pub(crate) fn flow_against(flow: &str, host: &str) -> String {
    format!("{flow} flow against {host}")
}

/// Before a failed check's fix.
pub(crate) const FIX: &str = "Fix";
/// Before the title of the step a failed check points back to.
pub(crate) const REVISIT: &str = "Revisit the step";
pub(crate) const GRANTED_SCOPES: &str = "Granted scopes";
/// Before each of the verification's notes.
pub(crate) const NOTE: &str = "Note";

/// Who the token was for and which org and API version answered, for those the verification
/// learnt.
pub(crate) fn verification_facts(v: &ReportVerification) -> Vec<(&'static str, &str)> {
    [
        ("Username", &v.username),
        ("Org ID", &v.org_id),
        ("API version", &v.api_version),
    ]
    .into_iter()
    .filter_map(|(label, value)| Some((label, value.as_deref()?)))
    .collect()
}

/// The heading of the check in Salesforce's section, in every format.
pub(crate) const ORG_CHECK_HEADING: &str = "Checked in Salesforce";

/// The check's first line: when, which app, and the outcome.
pub(crate) fn org_check_line(report: &Report, check: &ReportOrgCheck) -> String {
    let outcome = if check.found == "not found" {
        format!("the app {} was not found in the org", check.api_name)
    } else {
        let differences = match check.differences.len() {
            0 => "no difference".to_owned(),
            1 => "1 difference".to_owned(),
            n => format!("{n} differences"),
        };
        format!(
            "the app {} (found {}): {differences}, {} setting(s) as needed",
            check.api_name, check.found, check.matched
        )
    };
    format!(
        "Read from the org {} with the Metadata API, changing nothing: {outcome}.",
        report.dates.write(check.checked_at)
    )
}

/// A difference's title: "Screen › Field".
pub(crate) fn difference_title(difference: &ReportDifference) -> String {
    format!("{} › {}", difference.screen, difference.field)
}

/// A difference's lines, in order.
pub(crate) fn difference_lines(difference: &ReportDifference) -> Vec<(&'static str, String)> {
    let mut lines = vec![
        ("Found", difference.found.clone()),
        ("Needed", difference.needed.clone()),
        (FIX, difference.fix.clone()),
    ];
    if let Some(quote) = &difference.quote {
        lines.push(("Why", quote.clone()));
    }
    lines.push(("How", difference.how.clone()));
    lines
}

/// Before the checks made without signing in, for what the org would not show.
pub(crate) const WITHOUT_SIGN_IN: &str =
    "Checked without signing in (the org would not show these settings)";
/// Before the metadata types the org would not show.
pub(crate) const NOT_SHOWN: &str = "Not shown by the org";

/// A type the org would not show: "ExtlClntAppGlobalOauthSettings: why. Fix".
pub(crate) fn not_shown_line(not_shown: &ReportNotShown) -> String {
    format!(
        "{}: {} {}",
        not_shown.type_name, not_shown.message, not_shown.fix
    )
}

/// "At the partner: Vonage API Dashboard".
pub(crate) fn partner_heading(place: &str) -> String {
    format!("At the partner: {place}")
}

/// The writer of the report: "ECA Setup Assistant 0.1.0".
pub(crate) fn writer(report: &Report) -> String {
    format!("ECA Setup Assistant {}", report.app_version)
}

/// The footer: who wrote the report and when, and that no secret is in it. The Markdown and
/// HTML reports end with it.
pub(crate) fn footer(report: &Report) -> String {
    format!(
        "Written by {} on {}. The consumer secret and tokens are never included.",
        writer(report),
        report.dates.write(report.generated_at)
    )
}

/// The footer as the PDF prints it on every page, before the page number: the same facts,
/// shorter.
pub(crate) fn page_footer(report: &Report) -> String {
    format!(
        "{} - report written {} - the consumer secret and tokens are never included",
        writer(report),
        report.dates.write(report.generated_at)
    )
}

/// A value or a visible gap, so an empty input never reads as a missing line.
pub(crate) fn or_not_set(text: &str) -> &str {
    if text.is_empty() {
        "(not set)"
    } else {
        text
    }
}
