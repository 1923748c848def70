//! The report as Markdown, for a ticket or a change record: headings per step, values in code
//! spans so URLs and placeholders such as `<Run As username>` survive any renderer.

use std::fmt::Write;

use eca_core::migration::{OldAppAction, Route};
use eca_core::setup::Timestamp;

use crate::model::{human_time, or_not_set, Report, ReportKey, ReportSection};

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# External Client App setup report: {}\n",
        text(&report.integration.name)
    );
    let _ = writeln!(out, "{}\n", text(&report.integration.summary));
    let _ = writeln!(out, "## Summary\n");
    for (label, value) in summary(report) {
        let _ = writeln!(out, "- **{label}:** {}", code(&value));
    }
    let _ = writeln!(out, "- **Guides followed:**");
    for guide in &report.integration.guides {
        let _ = writeln!(out, "  - {} ({})", text(&guide.title), text(&guide.id));
    }
    if report.integration.guides.is_empty() {
        let _ = writeln!(out, "  - {NO_GUIDE}");
    }
    if report.migration.is_some() {
        let _ = writeln!(out, "\n## {MIGRATION_HEADING}\n");
        for (label, value) in migration_lines(report) {
            let _ = writeln!(out, "- **{label}:** {}", text(&value));
        }
    }

    let _ = writeln!(
        out,
        "\n## Steps ({} of {} marked done)",
        report.steps_done(),
        report.steps.len()
    );
    for (index, step) in report.steps.iter().enumerate() {
        let _ = writeln!(out, "\n### {}. {}\n", index + 1, text(&step.title));
        let _ = writeln!(out, "{}\n", text(&step.location));
        match step.done_at {
            Some(at) => {
                let _ = writeln!(out, "Marked done: {}", human_time(at));
            }
            None => {
                let _ = writeln!(out, "Not marked done.");
            }
        }
        sections(&mut out, &step.sections);
    }

    let _ = writeln!(out, "\n## Verification\n");
    match &report.verification {
        None => {
            let _ = writeln!(out, "Not verified yet.");
        }
        Some(v) => {
            let result = if v.passed { "passed" } else { "failed" };
            let _ = writeln!(
                out,
                "Result: **{result}** ({} flow against {})\n",
                text(&v.flow),
                code(&v.host)
            );
            for check in &v.checks {
                let _ = writeln!(
                    out,
                    "- **{}**: {}. {}",
                    check.status,
                    text(&check.title),
                    text(&check.detail)
                );
                if let Some(fix) = &check.fix {
                    let _ = writeln!(out, "  - Fix: {}", text(fix));
                }
                if let Some(step) = &check.revisit_step {
                    let _ = writeln!(out, "  - Revisit the step: {}", text(step.title()));
                }
            }
            if !v.granted_scopes.is_empty() {
                let _ = writeln!(
                    out,
                    "\nGranted scopes: {}",
                    code(&v.granted_scopes.join(" "))
                );
            }
            for (label, value) in [
                ("Username", &v.username),
                ("Org ID", &v.org_id),
                ("API version", &v.api_version),
            ] {
                if let Some(value) = value {
                    let _ = writeln!(out, "\n{label}: {}", code(value));
                }
            }
            for note in &v.notes {
                let _ = writeln!(out, "\nNote: {}", text(note));
            }
        }
    }
    if let Some(partner) = &report.partner {
        let _ = writeln!(out, "\n## At the partner: {}", text(&partner.place));
        sections(&mut out, &partner.sections);
    }

    let _ = writeln!(
        out,
        "\n---\n\nWritten by ECA Setup Assistant {} on {}. The consumer secret and tokens are never included.",
        report.app_version,
        human_time(report.generated_at)
    );
    out
}

fn sections(out: &mut String, sections: &[ReportSection]) {
    for section in sections {
        let _ = writeln!(out, "\n#### {}\n", text(&section.heading));
        for field in &section.fields {
            let _ = write!(
                out,
                "- **{}** ({}):",
                text(&field.label),
                text(&field.action)
            );
            if let [one] = field.value.as_slice() {
                let _ = writeln!(out, " {}", code(one));
            } else {
                out.push('\n');
                for line in &field.value {
                    let _ = writeln!(out, "  - {}", code(line));
                }
            }
        }
    }
}

/// What the guide list says for the Custom profile.
pub(crate) const NO_GUIDE: &str = "None: every setting was chosen by the admin.";

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

/// The heading of a migration's section, in every format.
pub(crate) const MIGRATION_HEADING: &str = "Move from the connected app";

/// A migration's lines every format shows, in order, each with its date where it has one. Keys
/// only masked.
pub(crate) fn migration_lines(report: &Report) -> Vec<(&'static str, String)> {
    let Some(m) = &report.migration else {
        return Vec::new();
    };
    let when = |at: Option<Timestamp>| at.map_or_else(|| "not yet".to_owned(), human_time);
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
                        human_time(app.recorded_at)
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
                |key| format!("{} (recorded {})", key.masked, human_time(key.recorded_at)),
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
                    format!("{done} {}", human_time(at))
                },
            ),
        ),
    ]);
    lines
}

/// Plain text with Markdown's active characters escaped.
fn text(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// A code span that holds any text, backticks included.
fn code(raw: &str) -> String {
    let fence = if raw.contains('`') { "``" } else { "`" };
    let pad = if raw.starts_with('`') || raw.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{raw}{pad}{fence}")
}
