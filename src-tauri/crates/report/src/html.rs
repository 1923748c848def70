//! The report as one self-contained HTML file: inline CSS (with print rules), no scripts, no
//! fonts or images from anywhere, every piece of text escaped.

use std::fmt::Write;

use eca_core::html::escape;

use crate::labels::{
    difference_lines, difference_title, done_line, flow_against, footer, guide_line,
    migration_lines, no_guide, not_shown_line, org_check_line, outcome, partner_heading,
    progress_lines, steps_heading, summary, title, verification_facts, FIX, GRANTED_SCOPES, GUIDES,
    MIGRATION_HEADING, NOTE, NOT_SHOWN, NOT_VERIFIED, ORG_CHECK_HEADING, PROGRESS_HEADING, RESULT,
    REVISIT, SUMMARY, VERIFICATION, WITHOUT_SIGN_IN,
};
use crate::model::{Report, ReportSection};
use crate::org_check::ReportOrgCheck;

const STYLE: &str = "
body { font-family: -apple-system, 'Segoe UI', Helvetica, Arial, sans-serif; color: #1b1b1b; max-width: 52rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.6rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.25rem; border-bottom: 2px solid #0b5cab; padding-bottom: 0.2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 0.2rem; }
h4 { font-size: 0.95rem; margin: 0.8rem 0 0.3rem; color: #444; }
.lead { color: #444; margin-top: 0; }
.where { color: #555; font-size: 0.9rem; margin: 0; }
.done { font-size: 0.9rem; margin: 0.2rem 0; }
.done.no { color: #8a4b00; }
dl.summary { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; }
dl.summary dt { font-weight: 600; }
dl.summary dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: 0.92rem; }
th, td { text-align: left; vertical-align: top; padding: 0.3rem 0.5rem; border-bottom: 1px solid #ddd; }
th { width: 34%; font-weight: 600; }
td.action { width: 16%; color: #555; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.88em; word-break: break-all; }
.status { font-weight: 700; text-transform: uppercase; font-size: 0.8rem; }
.passed { color: #1d6b2f; } .failed { color: #b3261e; } .skipped { color: #555; }
footer { margin-top: 2.5rem; border-top: 1px solid #ccc; padding-top: 0.5rem; color: #555; font-size: 0.85rem; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  h3, h4 { break-after: avoid; }
  section.step { break-inside: avoid; }
  tr { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
";

pub(crate) fn render(report: &Report) -> String {
    let mut out = String::new();
    let title = escape(&title(report));
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
    );
    let _ = writeln!(out, "<h1>{title}</h1>");
    let _ = writeln!(
        out,
        "<p class=\"lead\">{}</p>",
        escape(&report.integration.summary)
    );

    let _ = writeln!(out, "<h2>{SUMMARY}</h2>\n<dl class=\"summary\">");
    for (label, value) in summary(report) {
        let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(&value));
    }
    let _ = writeln!(out, "<dt>{GUIDES}</dt><dd>");
    for guide in &report.integration.guides {
        let _ = writeln!(out, "{}<br>", escape(&guide_line(guide)));
    }
    if report.integration.guides.is_empty() {
        let _ = writeln!(out, "{}", escape(no_guide(&report.integration)));
    }
    let _ = writeln!(out, "</dd>\n</dl>");
    let _ = writeln!(out, "<h2>{PROGRESS_HEADING}</h2>\n<dl class=\"summary\">");
    for (label, value) in progress_lines(report) {
        let _ = writeln!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape(&label),
            escape(&value)
        );
    }
    let _ = writeln!(out, "</dl>");
    if report.migration.is_some() {
        let _ = writeln!(out, "<h2>{MIGRATION_HEADING}</h2>\n<dl class=\"summary\">");
        for (label, value) in migration_lines(report) {
            let _ = writeln!(out, "<dt>{}</dt><dd>{}</dd>", escape(label), escape(&value));
        }
        let _ = writeln!(out, "</dl>");
    }

    let _ = writeln!(out, "<h2>{}</h2>", steps_heading(report));
    for (index, step) in report.steps.iter().enumerate() {
        let _ = writeln!(out, "<section class=\"step\">");
        let _ = writeln!(out, "<h3>{}. {}</h3>", index + 1, escape(&step.title));
        let _ = writeln!(out, "<p class=\"where\">{}</p>", escape(&step.location));
        let class = if step.done_at.is_some() {
            "done"
        } else {
            "done no"
        };
        let _ = writeln!(
            out,
            "<p class=\"{class}\">{}</p>",
            escape(&done_line(report, step.done_at))
        );
        sections(&mut out, &step.sections);
        let _ = writeln!(out, "</section>");
    }

    let _ = writeln!(out, "<h2>{VERIFICATION}</h2>");
    match &report.verification {
        None => {
            let _ = writeln!(out, "<p>{NOT_VERIFIED}</p>");
        }
        Some(v) => {
            let word = outcome(v.passed);
            let _ = writeln!(
                out,
                "<p>{RESULT}: <span class=\"status {word}\">{word}</span> ({})</p>\n<table>",
                flow_against(
                    &escape(&v.flow),
                    &format!("<code>{}</code>", escape(&v.host))
                )
            );
            for check in &v.checks {
                let mut detail = escape(&check.detail);
                if let Some(fix) = &check.fix {
                    let _ = write!(detail, "<br>{FIX}: {}", escape(fix));
                }
                if let Some(step) = &check.revisit_step {
                    let _ = write!(detail, "<br>{REVISIT}: {}", escape(step.title()));
                }
                let _ = writeln!(
                    out,
                    "<tr><th scope=\"row\">{}</th><td>{detail}</td><td class=\"action\"><span class=\"status {}\">{}</span></td></tr>",
                    escape(&check.title),
                    escape(&check.status),
                    escape(&check.status)
                );
            }
            let _ = writeln!(out, "</table>");
            if !v.granted_scopes.is_empty() {
                let _ = writeln!(
                    out,
                    "<p>{GRANTED_SCOPES}: <code>{}</code></p>",
                    escape(&v.granted_scopes.join(" "))
                );
            }
            for (label, value) in verification_facts(v) {
                let _ = writeln!(out, "<p>{label}: <code>{}</code></p>", escape(value));
            }
            for note in &v.notes {
                let _ = writeln!(out, "<p>{NOTE}: {}</p>", escape(note));
            }
        }
    }
    if let Some(check) = &report.org_check {
        org_check(&mut out, report, check);
    }
    if let Some(partner) = &report.partner {
        let _ = writeln!(out, "<h2>{}</h2>", escape(&partner_heading(&partner.place)));
        sections(&mut out, &partner.sections);
    }
    let _ = writeln!(
        out,
        "<footer>{}</footer>\n</body>\n</html>",
        escape(&footer(report))
    );
    out
}

fn org_check(out: &mut String, report: &Report, check: &ReportOrgCheck) {
    let _ = writeln!(out, "<h2>{ORG_CHECK_HEADING}</h2>");
    let _ = writeln!(out, "<p>{}</p>", escape(&org_check_line(report, check)));
    for difference in &check.differences {
        let _ = writeln!(
            out,
            "<h4>{}</h4>\n<table>",
            escape(&difference_title(difference))
        );
        for (label, value) in difference_lines(difference) {
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{label}</th><td>{}</td></tr>",
                escape(&value)
            );
        }
        let _ = writeln!(out, "</table>");
    }
    if !check.without_sign_in.is_empty() {
        let _ = writeln!(out, "<h4>{WITHOUT_SIGN_IN}</h4>\n<table>");
        for c in &check.without_sign_in {
            let mut detail = escape(&c.detail);
            if let Some(fix) = &c.fix {
                let _ = write!(detail, "<br>{FIX}: {}", escape(fix));
            }
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{detail}</td><td class=\"action\"><span class=\"status {}\">{}</span></td></tr>",
                escape(&c.title),
                escape(&c.status),
                escape(&c.status)
            );
        }
        let _ = writeln!(out, "</table>");
    }
    if !check.not_shown.is_empty() {
        let _ = writeln!(out, "<h4>{NOT_SHOWN}</h4>\n<ul>");
        for not_shown in &check.not_shown {
            let _ = writeln!(out, "<li>{}</li>", escape(&not_shown_line(not_shown)));
        }
        let _ = writeln!(out, "</ul>");
    }
    for note in &check.notes {
        let _ = writeln!(out, "<p>{NOTE}: {}</p>", escape(note));
    }
}

fn sections(out: &mut String, sections: &[ReportSection]) {
    for section in sections {
        let _ = writeln!(out, "<h4>{}</h4>\n<table>", escape(&section.heading));
        for field in &section.fields {
            let values: Vec<String> = field
                .value
                .iter()
                .map(|line| format!("<code>{}</code>", escape(line)))
                .collect();
            let _ = writeln!(
                out,
                "<tr><th scope=\"row\">{}</th><td>{}</td><td class=\"action\">{}</td></tr>",
                escape(&field.label),
                values.join("<br>"),
                escape(&field.action)
            );
        }
        let _ = writeln!(out, "</table>");
    }
}
