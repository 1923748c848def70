//! The report as an A4 PDF of real text in the built-in Helvetica fonts (no font file to ship,
//! searchable and copyable). Those fonts only know WinAnsi, so arrows, ellipses and curly quotes
//! become ASCII here and only here; Latin-1 letters (a French or German month) stay. Lines are
//! wrapped with Helvetica's advance widths.
//! Written with `pdf-writer`, which only writes: the app holds no PDF parser.

use pdf_writer::{Content, Date, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use time::{OffsetDateTime, UtcOffset};

use crate::labels::{
    difference_lines, difference_title, done_line, flow_against, guide_line, migration_lines,
    no_guide, not_shown_line, org_check_line, outcome, page_footer, partner_heading,
    progress_lines, steps_heading, summary, title, verification_facts, writer, FIX, GRANTED_SCOPES,
    GUIDES, MIGRATION_HEADING, NOTE, NOT_SHOWN, NOT_VERIFIED, ORG_CHECK_HEADING, PROGRESS_HEADING,
    RESULT, REVISIT, SUMMARY, TITLE, VERIFICATION, WITHOUT_SIGN_IN,
};
use crate::model::{Report, ReportSection};

/// Writing the PDF cannot fail: it is built in memory from text the report already holds. The
/// name stays so `Report::render` keeps one error type for every format.
pub type PdfError = std::convert::Infallible;

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = PAGE_W - 20.0;
const TOP: f32 = PAGE_H - 20.0;
const BOTTOM: f32 = 22.0;
const LABEL_W: f32 = 52.0;
const PT_TO_MM: f32 = 0.3528;
/// PDF user space is in points; the layout is in millimetres.
const MM_TO_PT: f32 = 72.0 / 25.4;

const REGULAR: Name = Name(b"F1");
const BOLD: Name = Name(b"F2");

const INK: (f32, f32, f32) = (0.1, 0.1, 0.1);
const MUTED: (f32, f32, f32) = (0.38, 0.38, 0.38);
const ACCENT: (f32, f32, f32) = (0.04, 0.36, 0.67);
const GOOD: (f32, f32, f32) = (0.11, 0.42, 0.18);
const BAD: (f32, f32, f32) = (0.7, 0.15, 0.12);

pub(crate) fn render(report: &Report) -> Result<Vec<u8>, PdfError> {
    let mut pdf = Pages {
        footer: page_footer(report),
        done: Vec::new(),
        content: Content::new(),
        y: TOP,
    };
    pdf.draw_footer();

    pdf.paragraph(TITLE, 18.0, true, 0.0, INK);
    pdf.space(1.0);
    let subtitle = format!("{} - {}", report.integration.name, report.app.name);
    pdf.paragraph(&subtitle, 12.0, false, 0.0, ACCENT);
    pdf.paragraph(&report.integration.summary, 9.5, false, 0.0, MUTED);

    pdf.heading(SUMMARY);
    for (label, value) in summary(report) {
        pdf.row(label, &[value]);
    }
    let mut guides: Vec<String> = report.integration.guides.iter().map(guide_line).collect();
    if guides.is_empty() {
        guides.push(no_guide(&report.integration).to_owned());
    }
    pdf.row(GUIDES, &guides);
    pdf.heading(PROGRESS_HEADING);
    for (label, value) in progress_lines(report) {
        pdf.row(&label, &[value]);
    }
    if report.migration.is_some() {
        pdf.heading(MIGRATION_HEADING);
        for (label, value) in migration_lines(report) {
            pdf.row(label, &[value]);
        }
    }

    pdf.heading(&steps_heading(report));
    for (index, step) in report.steps.iter().enumerate() {
        // Keep a step's title with at least its first lines.
        pdf.ensure(24.0);
        pdf.space(2.0);
        pdf.paragraph(
            &format!("{}. {}", index + 1, step.title),
            12.0,
            true,
            0.0,
            INK,
        );
        pdf.paragraph(&step.location, 8.5, false, 0.0, MUTED);
        let colour = if step.done_at.is_some() { GOOD } else { BAD };
        pdf.paragraph(&done_line(report, step.done_at), 9.0, false, 0.0, colour);
        pdf.sections(&step.sections);
    }

    pdf.heading(VERIFICATION);
    match &report.verification {
        None => pdf.paragraph(NOT_VERIFIED, 10.0, false, 0.0, INK),
        Some(v) => {
            let colour = if v.passed { GOOD } else { BAD };
            let result = format!("{RESULT}: {}", outcome(v.passed).to_uppercase());
            pdf.paragraph(&result, 11.0, true, 0.0, colour);
            pdf.paragraph(&flow_against(&v.flow, &v.host), 9.5, false, 0.0, MUTED);
            for check in &v.checks {
                let colour = match check.status.as_str() {
                    "passed" => GOOD,
                    "failed" => BAD,
                    _ => MUTED,
                };
                pdf.ensure(14.0);
                pdf.space(1.0);
                pdf.paragraph(
                    &format!("[{}] {}", check.status.to_uppercase(), check.title),
                    10.0,
                    true,
                    0.0,
                    colour,
                );
                pdf.paragraph(&check.detail, 9.5, false, 5.0, INK);
                if let Some(fix) = &check.fix {
                    pdf.paragraph(&format!("{FIX}: {fix}"), 9.5, false, 5.0, INK);
                }
                if let Some(step) = &check.revisit_step {
                    pdf.paragraph(
                        &format!("{REVISIT}: {}", step.title()),
                        9.5,
                        false,
                        5.0,
                        INK,
                    );
                }
            }
            pdf.space(2.0);
            if !v.granted_scopes.is_empty() {
                pdf.row(GRANTED_SCOPES, &[v.granted_scopes.join(" ")]);
            }
            for (label, value) in verification_facts(v) {
                pdf.row(label, &[value.to_owned()]);
            }
            for note in &v.notes {
                pdf.paragraph(&format!("{NOTE}: {note}"), 9.5, false, 0.0, INK);
            }
        }
    }
    if let Some(check) = &report.org_check {
        pdf.heading(ORG_CHECK_HEADING);
        let colour = if check.passed { GOOD } else { BAD };
        pdf.paragraph(&org_check_line(report, check), 10.0, false, 0.0, colour);
        for difference in &check.differences {
            pdf.ensure(14.0);
            pdf.space(1.0);
            pdf.paragraph(&difference_title(difference), 10.0, true, 0.0, BAD);
            for (label, value) in difference_lines(difference) {
                pdf.row(label, &[value]);
            }
        }
        if !check.without_sign_in.is_empty() {
            pdf.space(1.0);
            pdf.paragraph(WITHOUT_SIGN_IN, 10.0, true, 0.0, ACCENT);
            for c in &check.without_sign_in {
                let line = format!("[{}] {}: {}", c.status.to_uppercase(), c.title, c.detail);
                pdf.paragraph(&line, 9.5, false, 5.0, INK);
                if let Some(fix) = &c.fix {
                    pdf.paragraph(&format!("{FIX}: {fix}"), 9.5, false, 5.0, INK);
                }
            }
        }
        if !check.not_shown.is_empty() {
            pdf.space(1.0);
            pdf.paragraph(NOT_SHOWN, 10.0, true, 0.0, ACCENT);
            for not_shown in &check.not_shown {
                pdf.paragraph(&not_shown_line(not_shown), 9.5, false, 5.0, INK);
            }
        }
        for note in &check.notes {
            pdf.paragraph(&format!("{NOTE}: {note}"), 9.5, false, 0.0, INK);
        }
    }
    if let Some(partner) = &report.partner {
        pdf.heading(&partner_heading(&partner.place));
        pdf.sections(&partner.sections);
    }

    let written = pdf_date(report.generated_at.0);
    Ok(pdf.finish(&title(report), &writer(report), written))
}

/// The pages drawn so far, the page being drawn, and the pen's height on it (millimetres from
/// the bottom edge).
struct Pages {
    done: Vec<Content>,
    content: Content,
    y: f32,
    footer: String,
}

impl Pages {
    /// Starts a new page unless `height` millimetres still fit on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            let full = std::mem::replace(&mut self.content, Content::new());
            self.done.push(full);
            self.y = TOP;
            self.draw_footer();
        }
    }

    fn space(&mut self, mm: f32) {
        self.y -= mm;
    }

    fn draw_footer(&mut self) {
        self.rule(BOTTOM - 6.0, MUTED, 0.3);
        let footer = format!("{} - page {}", self.footer, self.done.len() + 1);
        let lines = wrap(&win_ansi(&footer), RIGHT - LEFT, 7.5, false);
        for (i, line) in lines.iter().enumerate() {
            self.text(
                line,
                7.5,
                LEFT,
                BOTTOM - 10.0 - i as f32 * 3.2,
                false,
                MUTED,
            );
        }
    }

    /// A horizontal rule across the text column, `thickness` in points.
    fn rule(&mut self, y: f32, (r, g, b): (f32, f32, f32), thickness: f32) {
        self.content
            .set_stroke_rgb(r, g, b)
            .set_line_width(thickness)
            .move_to(LEFT * MM_TO_PT, y * MM_TO_PT)
            .line_to(RIGHT * MM_TO_PT, y * MM_TO_PT)
            .stroke();
    }

    /// One line of `text` (from `win_ansi`: WinAnsi's byte for each character is its code
    /// point), its baseline at `x`, `y`.
    fn text(
        &mut self,
        text: &str,
        size: f32,
        x: f32,
        y: f32,
        bold: bool,
        (r, g, b): (f32, f32, f32),
    ) {
        self.content
            .set_fill_rgb(r, g, b)
            .begin_text()
            .set_font(if bold { BOLD } else { REGULAR }, size)
            .next_line(x * MM_TO_PT, y * MM_TO_PT)
            .show(Str(&text.chars().map(|c| c as u8).collect::<Vec<u8>>()))
            .end_text();
    }

    /// A section title with a rule under it, kept with what follows.
    fn sections(&mut self, sections: &[ReportSection]) {
        for section in sections {
            self.ensure(12.0);
            self.space(1.0);
            self.paragraph(&section.heading, 10.0, true, 0.0, ACCENT);
            for field in &section.fields {
                self.row(&field.label, &field.value);
            }
        }
    }

    fn heading(&mut self, text: &str) {
        self.ensure(26.0);
        self.space(5.0);
        self.paragraph(text, 14.0, true, 0.0, ACCENT);
        self.space(1.0);
        self.rule(self.y, ACCENT, 0.6);
        self.space(2.0);
    }

    /// Wrapped text across the page, `indent` millimetres in.
    fn paragraph(
        &mut self,
        text: &str,
        size: f32,
        bold: bool,
        indent: f32,
        colour: (f32, f32, f32),
    ) {
        let height = line_height(size);
        for line in wrap(&win_ansi(text), RIGHT - LEFT - indent, size, bold) {
            self.ensure(height);
            self.y -= height;
            self.text(&line, size, LEFT + indent, self.y, bold, colour);
        }
    }

    /// `label` in bold on the left, the value's lines (each wrapped) on the right.
    fn row(&mut self, label: &str, values: &[String]) {
        const SIZE: f32 = 9.5;
        let height = line_height(SIZE);
        let labels = wrap(&win_ansi(label), LABEL_W - 3.0, SIZE, true);
        let lines: Vec<String> = values
            .iter()
            .flat_map(|value| wrap(&win_ansi(value), RIGHT - LEFT - LABEL_W, SIZE, false))
            .collect();
        let rows = labels.len().max(lines.len()).max(1);
        // A short row never splits across pages; a long one flows line by line.
        if rows <= 6 {
            self.ensure(rows as f32 * height + 1.2);
        }
        for i in 0..rows {
            self.ensure(height);
            self.y -= height;
            if let Some(label) = labels.get(i) {
                self.text(label, SIZE, LEFT, self.y, true, INK);
            }
            if let Some(line) = lines.get(i) {
                self.text(line, SIZE, LEFT + LABEL_W, self.y, false, INK);
            }
        }
        self.y -= 1.2;
    }

    /// The file: catalog, page tree, the two fonts, the document information and every page.
    fn finish(mut self, title: &str, creator: &str, written: Date) -> Vec<u8> {
        self.done.push(self.content);
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let regular = Ref::new(3);
        let bold = Ref::new(4);
        let info = Ref::new(5);
        // Each page is followed by its content stream: pages 6, 8, 10... and contents 7, 9, 11...
        let page_ref = |i: usize| Ref::new(6 + 2 * i as i32);

        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.pages(tree)
            .kids((0..self.done.len()).map(page_ref))
            .count(self.done.len() as i32);
        for (font, base) in [(regular, "Helvetica"), (bold, "Helvetica-Bold")] {
            pdf.type1_font(font)
                .base_font(Name(base.as_bytes()))
                .encoding_predefined(Name(b"WinAnsiEncoding"));
        }
        pdf.document_info(info)
            .title(TextStr(title))
            .creator(TextStr(creator))
            .creation_date(written)
            .modified_date(written);
        for (i, content) in self.done.into_iter().enumerate() {
            let (page, stream) = (page_ref(i), page_ref(i).next());
            let mut writer = pdf.page(page);
            writer
                .media_box(Rect::new(0.0, 0.0, PAGE_W * MM_TO_PT, PAGE_H * MM_TO_PT))
                .parent(tree)
                .contents(stream);
            writer
                .resources()
                .fonts()
                .pair(REGULAR, regular)
                .pair(BOLD, bold);
            writer.finish();
            pdf.stream(stream, &content.finish());
        }
        pdf.finish()
    }
}

/// `at` as a PDF date, in its own offset from UTC.
fn pdf_date(at: OffsetDateTime) -> Date {
    let offset: UtcOffset = at.offset();
    Date::new(at.year().clamp(0, 9999) as u16)
        .month(u8::from(at.month()))
        .day(at.day())
        .hour(at.hour())
        .minute(at.minute())
        .second(at.second())
        .utc_offset_hour(offset.whole_hours())
        .utc_offset_minute(offset.minutes_past_hour().unsigned_abs())
}

fn line_height(size: f32) -> f32 {
    size * 1.3 * PT_TO_MM
}

/// Greedy word wrap to `width` millimetres; a word wider than the line (a long URL) is broken.
fn wrap(text: &str, width: f32, size: f32, bold: bool) -> Vec<String> {
    let fits = |s: &str| text_width(s, size, bold) <= width;
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() {
            word.to_owned()
        } else {
            format!("{line} {word}")
        };
        if fits(&candidate) {
            line = candidate;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if !fits(&line) {
                line.pop();
                lines.push(std::mem::take(&mut line));
                line.push(c);
            }
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

fn text_width(text: &str, size: f32, bold: bool) -> f32 {
    let units: u32 = text.chars().map(helvetica_width).sum();
    // Helvetica-Bold runs about 6% wider than the regular cut for the same text.
    let scale = if bold { 1.06 } else { 1.0 };
    units as f32 / 1000.0 * size * PT_TO_MM * scale
}

/// Helvetica's advance widths (per 1000 units of the em) for ASCII, from its AFM.
fn helvetica_width(c: char) -> u32 {
    match c {
        ' ' | '!' | ',' | '.' | '/' | ':' | ';' | '[' | '\\' | ']' | 'I' | 'f' | 't' => 278,
        'i' | 'j' | 'l' => 222,
        '\'' => 191,
        '"' => 355,
        '(' | ')' | '-' | '`' | 'r' => 333,
        '*' => 389,
        '+' | '<' | '=' | '>' | '~' => 584,
        '%' => 889,
        '&' | 'A' | 'B' | 'E' | 'K' | 'P' | 'S' | 'V' | 'X' | 'Y' => 667,
        '@' => 1015,
        'C' | 'D' | 'H' | 'N' | 'R' | 'U' => 722,
        'F' | 'T' | 'Z' => 611,
        'G' | 'O' | 'Q' => 778,
        'J' | 'c' | 'k' | 's' | 'v' | 'x' | 'y' | 'z' => 500,
        'L' => 556,
        'M' | 'm' => 833,
        'W' => 944,
        'w' => 722,
        '^' => 469,
        '{' | '}' => 334,
        '|' => 260,
        _ => 556,
    }
}

/// What the WinAnsi built-in fonts cannot show, in ASCII; Latin-1 letters and signs, whose
/// WinAnsi bytes are their code points, stay; anything else becomes `?` so no character
/// silently disappears.
pub(crate) fn win_ansi(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '→' => out.push_str("->"),
            '←' => out.push_str("<-"),
            '›' => out.push('>'),
            '‹' => out.push('<'),
            '…' => out.push_str("..."),
            '“' | '”' | '„' => out.push('"'),
            '‘' | '’' => out.push('\''),
            '–' | '—' => out.push('-'),
            '✓' | '✔' => out.push_str("OK"),
            '✗' | '✘' => out.push('x'),
            '•' => out.push('*'),
            // No-break and thin spaces (a 12-hour time's, before "PM"), and the invisible
            // direction marks of a right-to-left date.
            '\u{a0}' | '\u{202f}' | '\u{2009}' => out.push(' '),
            '\u{200e}' | '\u{200f}' => {}
            '\n' | '\t' => out.push(' '),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            '\u{a1}'..='\u{ff}' => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn win_ansi_replaces_what_winansi_fonts_cannot_show() {
        assert_eq!(
            win_ansi("Setup › Apps → “New” … ✓ 3MVG…WXYZ"),
            "Setup > Apps -> \"New\" ... OK 3MVG...WXYZ"
        );
        assert_eq!(
            win_ansi("6 déc. 2026, 9:05\u{202f}PM"),
            "6 déc. 2026, 9:05 PM"
        );
        assert_eq!(win_ansi("2026年"), "2026?");
    }

    #[test]
    fn long_words_are_broken_and_every_line_fits() {
        let url = "https://example.com/".to_owned() + &"a".repeat(200);
        let lines = wrap(&format!("see {url} now"), 60.0, 10.0, false);
        assert!(lines.len() > 2, "{lines:?}");
        for line in &lines {
            assert!(text_width(line, 10.0, false) <= 60.0, "{line}");
        }
        assert_eq!(lines.concat().replace(' ', ""), format!("see{url}now"));
    }

    #[test]
    fn dates_keep_their_offset_from_utc() {
        let written = |at| {
            let mut pdf = Pdf::new();
            pdf.document_info(Ref::new(1)).creation_date(pdf_date(at));
            String::from_utf8_lossy(&pdf.finish()).into_owned()
        };
        let utc = written(time::macros::datetime!(2026-11-22 09:30:15 UTC));
        assert!(utc.contains("(D:20261122093015Z)"), "{utc}");
        let india = written(time::macros::datetime!(2026-11-22 09:30:15 +05:30));
        assert!(india.contains("(D:20261122093015+05'30)"), "{india}");
        let newfoundland = written(time::macros::datetime!(2026-11-22 09:30:15 -03:30));
        assert!(
            newfoundland.contains("(D:20261122093015-03'30)"),
            "{newfoundland}"
        );
    }
}
