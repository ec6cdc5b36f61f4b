//! The verified workbook: what people send on. It looks like the annex, proves its own
//! arithmetic with live formulas whose cached results are the audit's exact recomputation, and
//! leads a reviewer from each finding to its cell in one click.
//!
//! Sheets, in order:
//!
//! 1. the summary ([`Layout::summary_sheet`]: 概览 / Summary) — document, tool, coverage,
//!    findings by severity, each table with its sheet, rule and quoted note;
//! 2. one sheet per audited table ([`Layout::sheet`]) — every cell exactly where
//!    [`Layout::position`] says, then the grouped columns 复核总分 / 差额 / 状态 with live
//!    formulas, a red row where the difference is not zero, a note on every cell with a finding,
//!    and a stacked bar chart of the components;
//! 3. the discrepancies ([`Layout::discrepancy_sheet`]: 差异 / Discrepancies) — one row per
//!    finding, linked to its table and cell, with columns for the reviewer.
//!
//! Every format uses 宋体 (SimSun) and column widths come from the display width of the text
//! (a CJK character counts two), because rust_xlsxwriter's `autofit` under-measures CJK.
//!
//! The worksheets are written in normal (not constant-memory) mode: merges, notes and the
//! statuses beside a table are written out of row order, which constant-memory mode forbids.
//! The whole workbook is built in memory and written in one piece.

mod discrepancies;
mod style;
mod summary;
mod table;
mod text;
mod words;

#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::io::Write;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use super::{AuditedFile, Layout, Report, TOOL_NAME, TOOL_VERSION};
use crate::audit::{Finding, TableOutcome};
use crate::{Error, Result};

/// The workbook report.
///
/// ```
/// use annex_audit::annex::Template;
/// use annex_audit::audit::{Lang, Selection, audit_tables};
/// use annex_audit::report::{AuditedFile, Layout, Report, Xlsx};
///
/// let report = audit_tables(vec![], &Template::default_template(), Some(Lang::En), &Selection::default());
/// let file = AuditedFile {
///     path: "annex.docx".into(),
///     sha256: "0".repeat(64),
///     bytes: 0,
///     title: None,
///     audited_at: "2026-01-01T00:00:00Z".into(),
///     report,
/// };
/// let layout = Layout::new(&file.report);
/// let mut bytes = Vec::new();
/// Xlsx::default().render(&file, &layout, &mut bytes)?;
/// assert!(bytes.starts_with(b"PK"));
/// # Ok::<(), annex_audit::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct Xlsx {
    /// The author written into the document properties; left empty when `None`.
    pub author: Option<String>,
}

impl Xlsx {
    /// A workbook report without an author.
    pub fn new() -> Self {
        Xlsx::default()
    }

    /// A workbook report naming `author` in the document properties.
    pub fn with_author(author: impl Into<String>) -> Self {
        Xlsx {
            author: Some(author.into()),
        }
    }

    /// The workbook's bytes.
    pub fn to_bytes(&self, file: &AuditedFile, layout: &Layout) -> Result<Vec<u8>> {
        let mut workbook = self.workbook(file, layout).map_err(workbook_error)?;
        workbook.save_to_buffer().map_err(workbook_error)
    }

    /// Builds the workbook in memory.
    fn workbook(
        &self,
        file: &AuditedFile,
        layout: &Layout,
    ) -> std::result::Result<Workbook, XlsxError> {
        let report = &file.report;
        let mut workbook = Workbook::new();
        workbook.set_default_format(
            &style::base(),
            style::DEFAULT_ROW_PIXELS,
            style::DEFAULT_COLUMN_PIXELS,
        )?;
        workbook.set_properties(&self.properties(file));
        let mut styles = style::Styles::default();

        // The summary comes first but is written last: it reports what the table sheets did.
        workbook.add_worksheet().set_name(layout.summary_sheet())?;

        let mut findings_by_table: HashMap<usize, Vec<&Finding>> = HashMap::new();
        for f in &report.findings {
            findings_by_table.entry(f.table).or_default().push(f);
        }
        let mut charts: HashMap<usize, bool> = HashMap::new();
        for t in &report.tables {
            let (TableOutcome::Score { sheet, rows, .. }, Some(name)) =
                (&t.outcome, layout.sheet(t.table))
            else {
                continue;
            };
            let ws = workbook.add_worksheet();
            ws.set_name(name)?;
            let input = table::TableInput {
                sheet,
                rows,
                findings: findings_by_table.remove(&t.table).unwrap_or_default(),
                name,
                title: t.title.as_deref().unwrap_or(name),
                lang: report.lang,
            };
            let written = table::write(ws, &mut styles, &input)?;
            charts.insert(t.table, written.chart);
        }

        let ws = workbook.add_worksheet();
        ws.set_name(layout.discrepancy_sheet())?;
        discrepancies::write(ws, &mut styles, report, layout)?;

        let ws = workbook.worksheet_from_index(0)?;
        summary::write(ws, &mut styles, file, layout, &summary::Charts(&charts))?;
        ws.set_active(true);
        Ok(workbook)
    }

    /// Title, subject, author (only when given), the generator, and the source's name and
    /// SHA-256 as custom properties.
    fn properties(&self, file: &AuditedFile) -> DocProperties {
        let generator = format!("{TOOL_NAME} {TOOL_VERSION}");
        let title = file.title.clone().unwrap_or_else(|| file.file_name());
        let subject = file
            .report
            .lang
            .pick("附件评分表核对结果", "Audit of the annex's score tables");
        let mut properties = DocProperties::new()
            .set_title(text::fit(&title, 1024))
            .set_subject(subject)
            .set_comment(&generator)
            .set_custom_property(
                "source_sha256",
                text::fit(&file.sha256, text::MAX_PARAMETER).as_ref(),
            )
            .set_custom_property("generator", &generator)
            .set_custom_property(
                "source_file",
                text::fit(&file.file_name(), text::MAX_PARAMETER).as_ref(),
            );
        if let Some(author) = &self.author {
            properties = properties.set_author(text::fit(author, text::MAX_PARAMETER));
        }
        if let Some(when) = excel_datetime(&file.audited_at) {
            properties = properties.set_creation_datetime(&when);
        }
        properties
    }
}

/// The audit time as the workbook's creation time, so that the same audit gives the same bytes.
fn excel_datetime(rfc3339: &str) -> Option<ExcelDateTime> {
    let timestamp: jiff::Timestamp = rfc3339.parse().ok()?;
    let utc = timestamp
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .datetime();
    let year = u16::try_from(utc.year()).ok()?;
    let month = u8::try_from(utc.month()).ok()?;
    let day = u8::try_from(utc.day()).ok()?;
    let hour = u16::try_from(utc.hour()).ok()?;
    let minute = u8::try_from(utc.minute()).ok()?;
    let second = f64::from(utc.second());
    ExcelDateTime::from_ymd(year, month, day)
        .and_then(|d| d.and_hms(hour, minute, second))
        .ok()
}

fn workbook_error(e: XlsxError) -> Error {
    Error::io("workbook", std::io::Error::other(e))
}

impl Report for Xlsx {
    fn render(&self, file: &AuditedFile, layout: &Layout, out: &mut dyn Write) -> Result<()> {
        let bytes = self.to_bytes(file, layout)?;
        out.write_all(&bytes).map_err(|e| Error::io("workbook", e))
    }
}
