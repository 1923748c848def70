//! The report as Markdown, for a ticket or a change record: headings per step, values in code
//! spans so URLs and placeholders such as `<Run As username>` survive any renderer.

use std::fmt::Write;

use crate::labels::{
    difference_lines, difference_title, done_line, flow_against, footer, guide_line,
    migration_lines, no_guide, not_shown_line, org_check_line, outcome, partner_heading,
    progress_lines, steps_heading, summary, title, verification_facts, FIX, GRANTED_SCOPES, GUIDES,
    MIGRATION_HEADING, NOTE, NOT_SHOWN, NOT_VERIFIED, ORG_CHECK_HEADING, PROGRESS_HEADING, RESULT,
    REVISIT, SUMMARY, VERIFICATION, WITHOUT_SIGN_IN,
};
use crate::model::{Report, ReportSection};
use crate::org_check::ReportOrgCheck;

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", text(&title(report)));
    let _ = writeln!(out, "{}\n", text(&report.integration.summary));
    let _ = writeln!(out, "## {SUMMARY}\n");
    for (label, value) in summary(report) {
        let _ = writeln!(out, "- **{label}:** {}", code(&value));
    }
    let _ = writeln!(out, "- **{GUIDES}:**");
    for guide in &report.integration.guides {
        let _ = writeln!(out, "  - {}", text(&guide_line(guide)));
    }
    if report.integration.guides.is_empty() {
        let _ = writeln!(out, "  - {}", no_guide(&report.integration));
    }
    let _ = writeln!(out, "\n## {PROGRESS_HEADING}\n");
    for (label, value) in progress_lines(report) {
        let _ = writeln!(out, "- **{}:** {}", text(&label), text(&value));
    }
    if report.migration.is_some() {
        let _ = writeln!(out, "\n## {MIGRATION_HEADING}\n");
        for (label, value) in migration_lines(report) {
            let _ = writeln!(out, "- **{label}:** {}", text(&value));
        }
    }

    let _ = writeln!(out, "\n## {}", steps_heading(report));
    for (index, step) in report.steps.iter().enumerate() {
        let _ = writeln!(out, "\n### {}. {}\n", index + 1, text(&step.title));
        let _ = writeln!(out, "{}\n", text(&step.location));
        let _ = writeln!(out, "{}", done_line(report, step.done_at));
        sections(&mut out, &step.sections);
    }

    let _ = writeln!(out, "\n## {VERIFICATION}\n");
    match &report.verification {
        None => {
            let _ = writeln!(out, "{NOT_VERIFIED}");
        }
        Some(v) => {
            let _ = writeln!(
                out,
                "{RESULT}: **{}** ({})\n",
                outcome(v.passed),
                flow_against(&text(&v.flow), &code(&v.host))
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
                    let _ = writeln!(out, "  - {FIX}: {}", text(fix));
                }
                if let Some(step) = &check.revisit_step {
                    let _ = writeln!(out, "  - {REVISIT}: {}", text(step.title()));
                }
            }
            if !v.granted_scopes.is_empty() {
                let _ = writeln!(
                    out,
                    "\n{GRANTED_SCOPES}: {}",
                    code(&v.granted_scopes.join(" "))
                );
            }
            for (label, value) in verification_facts(v) {
                let _ = writeln!(out, "\n{label}: {}", code(value));
            }
            for note in &v.notes {
                let _ = writeln!(out, "\n{NOTE}: {}", text(note));
            }
        }
    }
    if let Some(check) = &report.org_check {
        org_check(&mut out, report, check);
    }
    if let Some(partner) = &report.partner {
        let _ = writeln!(out, "\n## {}", text(&partner_heading(&partner.place)));
        sections(&mut out, &partner.sections);
    }

    let _ = writeln!(out, "\n---\n\n{}", footer(report));
    out
}

fn org_check(out: &mut String, report: &Report, check: &ReportOrgCheck) {
    let _ = writeln!(out, "\n## {ORG_CHECK_HEADING}\n");
    let _ = writeln!(out, "{}", text(&org_check_line(report, check)));
    for difference in &check.differences {
        let _ = writeln!(out, "\n#### {}\n", text(&difference_title(difference)));
        for (label, value) in difference_lines(difference) {
            let _ = writeln!(out, "- **{label}:** {}", text(&value));
        }
    }
    if !check.without_sign_in.is_empty() {
        let _ = writeln!(out, "\n{WITHOUT_SIGN_IN}:\n");
        for c in &check.without_sign_in {
            let _ = writeln!(
                out,
                "- **{}**: {}. {}",
                c.status,
                text(&c.title),
                text(&c.detail)
            );
            if let Some(fix) = &c.fix {
                let _ = writeln!(out, "  - {FIX}: {}", text(fix));
            }
        }
    }
    if !check.not_shown.is_empty() {
        let _ = writeln!(out, "\n{NOT_SHOWN}:\n");
        for not_shown in &check.not_shown {
            let _ = writeln!(out, "- {}", text(&not_shown_line(not_shown)));
        }
    }
    for note in &check.notes {
        let _ = writeln!(out, "\n{NOTE}: {}", text(note));
    }
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
