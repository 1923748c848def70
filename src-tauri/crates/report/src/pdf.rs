//! The report as an A4 PDF of real text in the built-in Helvetica fonts (no font file to ship,
//! searchable and copyable). Those fonts only know WinAnsi, so arrows, ellipses and curly quotes
//! become ASCII here and only here. Lines are wrapped with Helvetica's advance widths.

use printpdf::{
    BuiltinFont, Color, IndirectFontRef, Line, Mm, PdfDocument, PdfDocumentReference,
    PdfLayerReference, Point, Rgb,
};

use crate::markdown::{summary, NO_GUIDE};
use crate::model::{human_time, Report, ReportSection};

#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct PdfError(#[from] printpdf::Error);

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 20.0;
const RIGHT: f32 = PAGE_W - 20.0;
const TOP: f32 = PAGE_H - 20.0;
const BOTTOM: f32 = 22.0;
const LABEL_W: f32 = 52.0;
const PT_TO_MM: f32 = 0.3528;

const INK: (f32, f32, f32) = (0.1, 0.1, 0.1);
const MUTED: (f32, f32, f32) = (0.38, 0.38, 0.38);
const ACCENT: (f32, f32, f32) = (0.04, 0.36, 0.67);
const GOOD: (f32, f32, f32) = (0.11, 0.42, 0.18);
const BAD: (f32, f32, f32) = (0.7, 0.15, 0.12);

pub(crate) fn render(report: &Report) -> Result<Vec<u8>, PdfError> {
    let title = format!(
        "External Client App setup report: {}",
        report.integration.name
    );
    let (doc, page, layer) = PdfDocument::new(ascii(&title), Mm(PAGE_W), Mm(PAGE_H), "text");
    let doc = doc
        .with_creation_date(report.generated_at.0)
        .with_mod_date(report.generated_at.0)
        .with_metadata_date(report.generated_at.0)
        .with_creator(format!("ECA Setup Assistant {}", report.app_version));
    let regular = doc.add_builtin_font(BuiltinFont::Helvetica)?;
    let bold = doc.add_builtin_font(BuiltinFont::HelveticaBold)?;
    let layer = doc.get_page(page).get_layer(layer);
    let mut pdf = Pages {
        footer: format!(
            "ECA Setup Assistant {} - report written {} - the consumer secret and tokens are never included",
            report.app_version,
            human_time(report.generated_at)
        ),
        doc,
        layer,
        regular,
        bold,
        y: TOP,
        page: 1,
    };
    pdf.draw_footer();

    pdf.paragraph("External Client App setup report", 18.0, true, 0.0, INK);
    pdf.space(1.0);
    let subtitle = format!("{} - {}", report.integration.name, report.app.name);
    pdf.paragraph(&subtitle, 12.0, false, 0.0, ACCENT);
    pdf.paragraph(&report.integration.summary, 9.5, false, 0.0, MUTED);

    pdf.heading("Summary");
    for (label, value) in summary(report) {
        pdf.row(label, &[value]);
    }
    let mut guides: Vec<String> = report
        .integration
        .guides
        .iter()
        .map(|g| format!("{} ({})", g.title, g.id))
        .collect();
    if guides.is_empty() {
        guides.push(NO_GUIDE.to_owned());
    }
    pdf.row("Guides followed", &guides);

    pdf.heading(&format!(
        "Steps ({} of {} marked done)",
        report.steps_done(),
        report.steps.len()
    ));
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
        match step.done_at {
            Some(at) => pdf.paragraph(
                &format!("Marked done: {}", human_time(at)),
                9.0,
                false,
                0.0,
                GOOD,
            ),
            None => pdf.paragraph("Not marked done.", 9.0, false, 0.0, BAD),
        }
        pdf.sections(&step.sections);
    }

    pdf.heading("Verification");
    match &report.verification {
        None => pdf.paragraph("Not verified yet.", 10.0, false, 0.0, INK),
        Some(v) => {
            let (word, colour) = if v.passed {
                ("PASSED", GOOD)
            } else {
                ("FAILED", BAD)
            };
            pdf.paragraph(&format!("Result: {word}"), 11.0, true, 0.0, colour);
            pdf.paragraph(
                &format!("{} flow against {}", v.flow, v.host),
                9.5,
                false,
                0.0,
                MUTED,
            );
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
                    pdf.paragraph(&format!("Fix: {fix}"), 9.5, false, 5.0, INK);
                }
                if let Some(step) = &check.revisit_step {
                    pdf.paragraph(
                        &format!("Revisit the step: {}", step.title()),
                        9.5,
                        false,
                        5.0,
                        INK,
                    );
                }
            }
            pdf.space(2.0);
            if !v.granted_scopes.is_empty() {
                pdf.row("Granted scopes", &[v.granted_scopes.join(" ")]);
            }
            for (label, value) in [
                ("Username", &v.username),
                ("Org ID", &v.org_id),
                ("API version", &v.api_version),
            ] {
                if let Some(value) = value {
                    pdf.row(label, std::slice::from_ref(value));
                }
            }
            for note in &v.notes {
                pdf.paragraph(&format!("Note: {note}"), 9.5, false, 0.0, INK);
            }
        }
    }
    if let Some(partner) = &report.partner {
        pdf.heading(&format!("At the partner: {}", partner.place));
        pdf.sections(&partner.sections);
    }
    Ok(pdf.doc.save_to_bytes()?)
}

/// The page being filled and the pen's height on it (millimetres from the bottom edge).
struct Pages {
    doc: PdfDocumentReference,
    layer: PdfLayerReference,
    regular: IndirectFontRef,
    bold: IndirectFontRef,
    y: f32,
    page: usize,
    footer: String,
}

impl Pages {
    fn font(&self, bold: bool) -> &IndirectFontRef {
        if bold {
            &self.bold
        } else {
            &self.regular
        }
    }

    /// Starts a new page unless `height` millimetres still fit on this one.
    fn ensure(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            let (page, layer) = self.doc.add_page(Mm(PAGE_W), Mm(PAGE_H), "text");
            self.layer = self.doc.get_page(page).get_layer(layer);
            self.page += 1;
            self.y = TOP;
            self.draw_footer();
        }
    }

    fn space(&mut self, mm: f32) {
        self.y -= mm;
    }

    fn draw_footer(&self) {
        self.rule(BOTTOM - 6.0, MUTED, 0.3);
        let footer = format!("{} - page {}", self.footer, self.page);
        let lines = wrap(&ascii(&footer), RIGHT - LEFT, 7.5, false);
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

    fn rule(&self, y: f32, colour: (f32, f32, f32), thickness: f32) {
        self.layer.set_outline_color(rgb(colour));
        self.layer.set_outline_thickness(thickness);
        self.layer.add_line(Line {
            points: vec![
                (Point::new(Mm(LEFT), Mm(y)), false),
                (Point::new(Mm(RIGHT), Mm(y)), false),
            ],
            is_closed: false,
        });
    }

    fn text(&self, text: &str, size: f32, x: f32, y: f32, bold: bool, colour: (f32, f32, f32)) {
        self.layer.set_fill_color(rgb(colour));
        self.layer
            .use_text(text, size, Mm(x), Mm(y), self.font(bold));
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
        for line in wrap(&ascii(text), RIGHT - LEFT - indent, size, bold) {
            self.ensure(height);
            self.y -= height;
            self.text(&line, size, LEFT + indent, self.y, bold, colour);
        }
    }

    /// `label` in bold on the left, the value's lines (each wrapped) on the right.
    fn row(&mut self, label: &str, values: &[String]) {
        const SIZE: f32 = 9.5;
        let height = line_height(SIZE);
        let labels = wrap(&ascii(label), LABEL_W - 3.0, SIZE, true);
        let lines: Vec<String> = values
            .iter()
            .flat_map(|value| wrap(&ascii(value), RIGHT - LEFT - LABEL_W, SIZE, false))
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
}

fn rgb((r, g, b): (f32, f32, f32)) -> Color {
    Color::Rgb(Rgb::new(r, g, b, None))
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

/// What the WinAnsi built-in fonts cannot show, in ASCII; anything else outside ASCII becomes
/// `?` so no character silently disappears.
pub(crate) fn ascii(text: &str) -> String {
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
            '\u{a0}' => out.push(' '),
            '\n' | '\t' => out.push(' '),
            c if c.is_ascii() && !c.is_ascii_control() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_replaces_what_winansi_fonts_cannot_show() {
        assert_eq!(
            ascii("Setup › Apps → “New” … ✓ 3MVG…WXYZ"),
            "Setup > Apps -> \"New\" ... OK 3MVG...WXYZ"
        );
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
}
