//! The setup report and the ECA metadata export. A `Report` is built once from a setup, its
//! profile, an optional verification, an optional check in Salesforce and the consumer key
//! (masked on the way in); the renderers only format it, so the four formats always hold the same facts. The consumer secret and
//! tokens are never inputs here, so no format can leak them.

mod dates;
mod html;
mod labels;
mod last_verification;
mod markdown;
pub mod metadata;
mod model;
mod org_check;
mod pdf;
mod write;

pub use dates::{DatePart, DatePattern, Dates, Zone};
pub use last_verification::{
    forget_verification, load_verification, read_verification, save_verification,
};
pub use metadata::{export_metadata, MetadataError};
pub use model::{
    Report, ReportApp, ReportCheck, ReportField, ReportGuide, ReportIntegration, ReportKey,
    ReportMigration, ReportOldApp, ReportOrg, ReportPartner, ReportSection, ReportStep,
    ReportVerification, SCHEMA_VERSION,
};
pub use org_check::{
    forget_org_check, load_org_check, read_org_check, ReportDifference, ReportNotShown,
    ReportOrgCheck,
};
pub use pdf::PdfError;
pub use write::{write_report, WriteError};

/// The formats a report can be saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Format {
    Pdf,
    Html,
    Markdown,
    Json,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Html => "html",
            Format::Markdown => "md",
            Format::Json => "json",
        }
    }
}

impl Report {
    /// Pretty JSON with `schema_version` first and a final newline.
    pub fn to_json(&self) -> String {
        // A struct of strings, vectors and options always serializes.
        serde_json::to_string_pretty(self).expect("the report serializes") + "\n"
    }

    pub fn to_markdown(&self) -> String {
        markdown::render(self)
    }

    /// One self-contained, printable HTML file: inline CSS, no scripts, no external resources.
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// A4 pages of real (searchable) text in the built-in Helvetica fonts.
    pub fn to_pdf(&self) -> Result<Vec<u8>, PdfError> {
        pdf::render(self)
    }

    /// The report in `format`, as the bytes to save.
    pub fn render(&self, format: Format) -> Result<Vec<u8>, PdfError> {
        Ok(match format {
            Format::Pdf => self.to_pdf()?,
            Format::Html => self.to_html().into_bytes(),
            Format::Markdown => self.to_markdown().into_bytes(),
            Format::Json => self.to_json().into_bytes(),
        })
    }
}
