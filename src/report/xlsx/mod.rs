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
//!    and a bar chart of the published total beside the recomputed one, printed after the table;
//! 3. the discrepancies ([`Layout::discrepancy_sheet`]: 差异 / Discrepancies) — one row per
//!    finding, linked to its table and cell, with columns for the reviewer.
//!
//! Every format uses 宋体 (SimSun) and column widths come from the display width of the text
//! (a CJK character counts two), because rust_xlsxwriter's `autofit` under-measures CJK.
//!
//! Each table's sheet is written as soon as its table is audited ([`WorkbookBuilder`]), so the
//! audit need not keep the table. A few small sheets are kept in memory ([`InMemory`]); the
//! others are rust_xlsxwriter's constant-memory worksheets, whose rows go to a temporary file as
//! they are written (a sheet is laid out whole first, then written in row order), so that a
//! document of thousands of tables, or of one huge table, needs the memory of one sheet. Their
//! charts carry no cached data (rust_xlsxwriter reads it from cells it no longer holds): Excel
//! and LibreOffice read a chart's cells when they open the workbook. The summary and
//! discrepancy sheets and the package itself are written at the end.

mod crosschecks;
mod discrepancies;
mod marks;
mod open_files;
mod previous;
mod scratch;
mod structured;
mod style;
mod summary;
mod table;
mod text;
mod words;

#[cfg(test)]
mod tests;

use std::io::Write;
use std::sync::Arc;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, Worksheet, XlsxError};

use super::{
    AuditedFile, Facts, Layout, Output, Rendered, Report, ReportSink, SinkFinish, SinkStart,
    SinkTable, TOOL_NAME, TOOL_VERSION, render_file,
};
use crate::annex::Number;
use crate::audit::{Finding, Lang, Summary, TableAudit, TableOutcome};
use crate::{Error, Result};

pub use structured::{recomputed_cell, structured_cell};

pub use previous::{
    Carried, Notes, PreviousEntry, PreviousReview, Review, Unreadable, read_previous,
};

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
    /// The reviewer's notes of the workbook this one replaces, carried to the findings with
    /// the same ids ([`Xlsx::with_previous`]).
    previous: Option<Arc<PreviousReview>>,
    /// What is kept in memory rather than streamed; `None` for [`InMemory::DEFAULT`]. The tests
    /// set it to write the same workbook both ways.
    in_memory: Option<InMemory>,
}

/// Which worksheets are kept in memory; the others are rust_xlsxwriter's constant-memory
/// worksheets, whose rows go to a temporary file as they are written. Small documents (nearly
/// all) then cost no temporary file, and a large one holds at most a few small sheets.
#[derive(Debug, Clone, Copy)]
struct InMemory {
    /// The first this many table sheets…
    sheets: usize,
    /// …and, after them, the sheets of structured tables while the cells of those kept so far
    /// stay within this many: a department's final accounts (nine to a dozen tables) keep every
    /// sheet, so the findings between tables and against the text are marked on each at the
    /// end ([`marks`]); a consolidated annex of hundreds keeps a few MB of them…
    cells: usize,
    /// …when their tables have at most this many rows.
    rows: usize,
    /// The discrepancy sheet, when there are at most this many findings.
    findings: usize,
}

impl InMemory {
    const DEFAULT: InMemory = InMemory {
        sheets: 8,
        cells: 50_000,
        rows: 2_000,
        findings: 2_000,
    };
    /// Every sheet streamed but the summary.
    #[cfg(test)]
    const NOTHING: InMemory = InMemory {
        sheets: 0,
        cells: 0,
        rows: 0,
        findings: 0,
    };
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
            ..Xlsx::default()
        }
    }

    /// This report carrying the notes of the workbook it replaces: each finding gets the notes
    /// entered against its id, new findings are marked 新增, and findings gone since are listed
    /// under 已解决 with their notes and the date they disappeared.
    pub fn with_previous(mut self, previous: PreviousReview) -> Self {
        self.previous = Some(Arc::new(previous));
        self
    }

    /// The workbook's bytes.
    pub fn to_bytes(&self, file: &AuditedFile, layout: &Layout) -> Result<Vec<u8>> {
        let mut sink = self.sink();
        render_file(&mut sink, file, layout)?;
        match sink.workbook {
            Some(mut workbook) => workbook.to_bytes().map_err(|e| Error::io("workbook", e)),
            None => Ok(Vec::new()),
        }
    }

    /// This report as a [`ReportSink`].
    pub fn sink(&self) -> WorkbookSink {
        WorkbookSink {
            xlsx: self.clone(),
            builder: None,
            writer: None,
            workbook: None,
        }
    }

    /// This report as a [`ReportSink`] that writes the first tables' sheets on a thread of
    /// their own, beside the audit of the next tables (see [`WorkbookSink`]): for a single
    /// file, which has the machine to itself. The thread starts now, to wait for the first
    /// table: started at that table, it delayed the audit by the time a thread takes to start
    /// (BENCHMARKS.md, round 15). Were it not to start, the sheets are written in the sink.
    pub fn sink_beside(&self) -> WorkbookSink {
        WorkbookSink {
            writer: SheetWriter::spawn(),
            ..self.sink()
        }
    }

    /// Title, subject, author (only when given), the generator, and the source's name and
    /// SHA-256 as custom properties.
    fn properties(&self, facts: &Facts<'_>, lang: Lang) -> DocProperties {
        let generator = format!("{TOOL_NAME} {TOOL_VERSION}");
        let title = facts
            .title
            .map(str::to_string)
            .unwrap_or_else(|| facts.file_name());
        let subject = lang.pick("附件表格核对结果", "Audit of the annex's tables");
        let mut properties = DocProperties::new()
            .set_title(text::fit(&title, 1024))
            .set_subject(subject)
            .set_comment(&generator)
            .set_custom_property(
                "source_sha256",
                text::fit(facts.sha256, text::MAX_PARAMETER).as_ref(),
            )
            .set_custom_property("generator", &generator)
            .set_custom_property(
                "source_file",
                text::fit(&facts.file_name(), text::MAX_PARAMETER).as_ref(),
            );
        if let Some(author) = &self.author {
            properties = properties.set_author(text::fit(author, text::MAX_PARAMETER));
        }
        if let Some(when) = excel_datetime(facts.audited_at) {
            properties = properties.set_creation_datetime(&when);
        }
        properties
    }
}

/// The whole-document facts the summary sheet, the discrepancy sheet and the properties need
/// once every table sheet is written.
pub(crate) struct Document<'a> {
    /// The file.
    pub facts: Facts<'a>,
    /// The report's language.
    pub lang: Lang,
    /// The counts.
    pub summary: &'a Summary,
    /// Every finding, in the report's order.
    pub findings: &'a [Finding],
    /// The figures compared between tables and against the text.
    pub document: &'a crate::annex::structure::cross::DocumentChecks,
}

/// A workbook written table by table: each audited table's sheet is written as soon as the
/// table is (so that its score sheet can be dropped), the summary and discrepancy sheets at the
/// end. The summary sheet is created first, so that it stays the first sheet.
pub(crate) struct WorkbookBuilder {
    workbook: Workbook,
    styles: style::Styles,
    /// What the summary sheet says about each table, in number order.
    lines: Vec<summary::TableLine>,
    /// How many table sheets there are.
    table_sheets: usize,
    /// How many of them are score tables' sheets, which have charts.
    score_sheets: usize,
    /// The cells of the structured tables kept in memory past the first [`InMemory::sheets`].
    cells_kept: usize,
    /// What is kept in memory.
    in_memory: InMemory,
    /// One open-file slot per constant-memory sheet, given back when the workbook is dropped.
    temp_files: Vec<open_files::Slot>,
    /// What the table sheets kept in memory wrote, by table number: the document's findings
    /// are marked on them at the end ([`marks`]).
    kept: std::collections::HashMap<usize, marks::Kept>,
}

impl WorkbookBuilder {
    /// An empty workbook with the summary sheet in first place.
    pub(crate) fn new(xlsx: &Xlsx, layout: &Layout) -> std::result::Result<Self, XlsxError> {
        let mut workbook = Workbook::new();
        if let Some(dir) = scratch::directory() {
            workbook.set_tempdir(dir)?;
        }
        workbook.set_default_format(
            &style::base(),
            style::DEFAULT_ROW_PIXELS,
            style::DEFAULT_COLUMN_PIXELS,
        )?;
        // The summary comes first but is written last: it reports what the table sheets did.
        workbook.add_worksheet().set_name(layout.summary_sheet())?;
        Ok(WorkbookBuilder {
            workbook,
            styles: style::Styles::default(),
            lines: Vec::new(),
            table_sheets: 0,
            score_sheets: 0,
            cells_kept: 0,
            in_memory: xlsx.in_memory.unwrap_or(InMemory::DEFAULT),
            temp_files: Vec::new(),
            kept: std::collections::HashMap::new(),
        })
    }

    /// Adds the next table (in number order): its sheet when it is audited and has a sheet
    /// name, and its line on the summary. `findings` are the table's, in the report's order.
    pub(crate) fn add_table(
        &mut self,
        t: &TableAudit,
        sheet_name: Option<&str>,
        findings: &[&Finding],
        lang: Lang,
    ) -> std::result::Result<(), XlsxError> {
        let mut written = None;
        if let (TableOutcome::Score { sheet, rows, .. }, Some(name)) = (&t.outcome, sheet_name) {
            let in_memory = self.table_sheets < self.in_memory.sheets
                && sheet.table.rows.len() <= self.in_memory.rows;
            let among_first = self.score_sheets < table::CHARTED_TABLES;
            self.table_sheets += 1;
            self.score_sheets += 1;
            let ws = add_worksheet(&mut self.workbook, &mut self.temp_files, in_memory)?;
            ws.set_name(name)?;
            let remark = sheet
                .side_by_side
                .as_ref()
                .map(|layout| crate::report::side_by_side_text(layout, lang));
            let input = table::TableInput {
                sheet,
                rows,
                findings,
                name,
                title: t.title.as_deref().unwrap_or(name),
                remark: remark.as_deref(),
                lang,
                among_first,
                // The document's findings (between tables, against the text) are on the
                // structured tables only: a score sheet has nothing to mark at the end.
                keep: false,
            };
            written = Some(table::write(ws, &mut self.styles, &input)?);
        }
        if let (
            TableOutcome::Structured {
                table, structure, ..
            },
            Some(name),
        ) = (&t.outcome, sheet_name)
        {
            let input = structured::StructuredInput {
                table,
                structure,
                findings,
                title: t.title.as_deref().unwrap_or(name),
                lang,
                keep: false,
            };
            written = Some(self.add_structured_sheet(input, name)?);
        }
        if let Some(kept) = written.as_mut().and_then(|w| w.kept.take()) {
            self.kept.insert(t.table, kept);
        }
        self.lines
            .push(summary::TableLine::new(t, written.as_ref(), lang));
        Ok(())
    }

    /// Adds the sheet of a table read by the structure engine, named `sheet_name`, and returns
    /// what the summary line needs. The sink dispatches here from [`WorkbookBuilder::add_table`]
    /// for a table whose outcome carries a [`TableStructure`](crate::annex::structure::TableStructure)
    /// (the structured outcome's arm calls this, then pushes the table's summary line as the
    /// score arm does); `findings` are the table's, their locations in the structure's columns.
    fn add_structured_sheet(
        &mut self,
        mut input: structured::StructuredInput<'_>,
        sheet_name: &str,
    ) -> std::result::Result<table::Written, XlsxError> {
        // A table with a hierarchy stays in memory (within the row limit) whatever its place:
        // rust_xlsxwriter 0.102 writes no `outlineLevel` on a constant-memory sheet's rows.
        let outlined = input.structure.rows.iter().any(|r| r.parent.is_some());
        let among_first = self.table_sheets < self.in_memory.sheets;
        let cells: usize = input.table.rows.iter().map(|row| row.cells.len()).sum();
        let within_budget = self.cells_kept.saturating_add(cells) <= self.in_memory.cells;
        let in_memory = (among_first || outlined || within_budget)
            && input.table.rows.len() <= self.in_memory.rows;
        if in_memory && !among_first {
            self.cells_kept = self.cells_kept.saturating_add(cells);
        }
        self.table_sheets += 1;
        // A sheet in memory can still be marked at the end: what it wrote is remembered (a
        // fraction of what rust_xlsxwriter holds of it meanwhile).
        input.keep = in_memory;
        let ws = add_worksheet(&mut self.workbook, &mut self.temp_files, in_memory)?;
        ws.set_name(sheet_name)?;
        structured::write_structured_sheet(ws, &mut self.styles, &input)
    }

    /// Writes the discrepancy and summary sheets, then the workbook into `out`.
    pub(crate) fn finish(
        mut self,
        xlsx: &Xlsx,
        document: &Document<'_>,
        layout: &Layout,
        out: &mut (impl Write + Send),
    ) -> Result<()> {
        self.workbook
            .set_properties(&xlsx.properties(&document.facts, document.lang));
        marks::mark_document_findings(
            &mut self.workbook,
            &mut self.styles,
            &self.kept,
            document.findings,
            layout,
            document.lang,
        )
        .map_err(workbook_error)?;
        let in_memory = document.findings.len() <= self.in_memory.findings;
        let ws = add_worksheet(&mut self.workbook, &mut self.temp_files, in_memory)
            .map_err(workbook_error)?;
        ws.set_name(layout.discrepancy_sheet())
            .map_err(workbook_error)?;
        let review = xlsx
            .previous
            .as_deref()
            .map(|p| Review::carry(p, document.findings, &today()));
        discrepancies::write(
            ws,
            &mut self.styles,
            document.findings,
            document.lang,
            layout,
            review.as_ref(),
        )
        .map_err(workbook_error)?;
        if crosschecks::wanted(document.document) {
            let ws = add_worksheet(&mut self.workbook, &mut self.temp_files, true)
                .map_err(workbook_error)?;
            ws.set_name(crosschecks::sheet_name(document.lang))
                .map_err(workbook_error)?;
            crosschecks::write(
                ws,
                &mut self.styles,
                document.document,
                document.lang,
                layout,
            )
            .map_err(workbook_error)?;
        }
        let workbook = &mut self.workbook;
        let ws = workbook.worksheet_from_index(0).map_err(workbook_error)?;
        summary::write(ws, &mut self.styles, document, &self.lines, layout)
            .map_err(workbook_error)?;
        ws.set_active(true);
        // Deflate's fastest level: the workbook of 300 tables is written in two thirds of the
        // time (deflate was a third of it) for a file a quarter larger (2.3 MB instead of
        // 1.9 MB); a workbook is written once and opened a few times.
        workbook.set_zip_compression_level(1);
        workbook.save_to_writer(out).map_err(workbook_error)?;
        if self.table_sheets > Self::DROPPED_BESIDE_SHEETS {
            // Freeing hundreds of sheets and closing their temporary files one by one took 6 ms
            // of a 300-table annex's run, between the save and the outputs being written: a
            // thread of its own does it beside them. (Were it not to start, the closure and
            // the workbook in it are dropped here, as before.)
            let _ = crate::beside::spawn(
                std::thread::Builder::new().name("workbook-drop".into()),
                move || drop(self),
            );
        }
        Ok(())
    }

    /// Workbooks with more table sheets than this are dropped on a thread of their own
    /// ([`WorkbookBuilder::finish`]); a small one is freed in less time than a thread takes
    /// to start.
    const DROPPED_BESIDE_SHEETS: usize = 64;
}

/// Ends a sheet's rows after `last_row`. rust_xlsxwriter 0.102 writes a constant-memory
/// sheet's last row twice when that row has its own height (the second time as an empty
/// `<row>`, which Excel repairs); a blank, borderless cell below it becomes the last row
/// instead. Written in memory too, so that a sheet is the same either way.
fn end_rows(
    ws: &mut Worksheet,
    styles: &mut style::Styles,
    last_row: u32,
    has_height: bool,
) -> std::result::Result<(), XlsxError> {
    if has_height {
        ws.write_blank(
            last_row.saturating_add(1),
            0,
            styles.get(style::Look::Note, None),
        )?;
    }
    Ok(())
}

/// A new worksheet: a constant-memory one unless `in_memory` or the process has no open file
/// left for it (`temp_files` keeps the slot until the workbook is dropped).
fn add_worksheet<'w>(
    workbook: &'w mut Workbook,
    temp_files: &mut Vec<open_files::Slot>,
    in_memory: bool,
) -> std::result::Result<&'w mut Worksheet, XlsxError> {
    if !in_memory && let Some(slot) = open_files::take() {
        temp_files.push(slot);
        return workbook.add_worksheet_with_constant_memory();
    }
    Ok(workbook.add_worksheet())
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

/// Today's date (local time), which dates the findings resolved by this audit.
fn today() -> String {
    jiff::Timestamp::now()
        .to_zoned_datetime(crate::clock::local_zone().clone())
        .date()
        .to_string()
}

/// A count (a table or row number, how many rows or findings) as a worksheet number.
fn count(n: usize) -> f64 {
    f64::from(u32::try_from(n).unwrap_or(u32::MAX))
}

/// A published number as the worksheet stores it: the double nearest its decimal value, as
/// Excel reads "91.70".
///
/// Nearly every published figure has fewer than 16 digits: its digits and its power of ten are
/// then both exact doubles, and their quotient, rounded once, is the nearest double (Clinger's
/// fast path, the one the standard library's parser takes for such text). Longer figures go
/// through the parser. This ran for every number cell (1 % of a large annex's instructions
/// through the text).
fn number_value(n: &Number) -> Option<f64> {
    /// 10^0 … 10^22: every one an exact double.
    const POWERS_OF_TEN: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    const EXACT_MANTISSA: u128 = 1 << 53;
    let digits = n.value.mantissa().unsigned_abs();
    match usize::try_from(n.value.scale())
        .ok()
        .and_then(|scale| POWERS_OF_TEN.get(scale))
    {
        Some(power) if digits <= EXACT_MANTISSA => {
            // Both conversions are exact: `digits` is at most 2^53.
            let magnitude = digits as f64 / power;
            // The sign apart, so that "-0.00" stays -0 as its text parses.
            Some(if n.value.is_sign_negative() {
                -magnitude
            } else {
                magnitude
            })
        }
        _ => n.value.to_string().parse().ok(),
    }
}

pub(crate) fn workbook_error(e: XlsxError) -> Error {
    Error::io("workbook", std::io::Error::other(e))
}

impl Report for Xlsx {
    fn render(&self, file: &AuditedFile, layout: &Layout, out: &mut dyn Write) -> Result<()> {
        let mut sink = self.sink();
        render_file(&mut sink, file, layout)?;
        if let Some(workbook) = &mut sink.workbook {
            workbook
                .copy_to(out)
                .map_err(|e| Error::io("workbook", e))?;
        }
        Ok(())
    }
}

/// The workbook's sink: the summary sheet made first, each table's sheet as the table comes,
/// the discrepancy and summary sheets and the package at the end.
///
/// Made by [`Xlsx::sink_beside`], it writes the sheets of the first [`SHEETS_BESIDE`] tables
/// on a thread of its own, which holds the workbook meanwhile: once the reader of a small
/// annex is done, the thread auditing the tables is the one that decides how long the audit
/// takes, and their sheets were a sixth of its work (BENCHMARKS.md, round 13). The workbook
/// comes back at the next table or at the finish, and what the thread met goes with it: the
/// same sheets in the same order, and its first error returned there.
pub struct WorkbookSink {
    xlsx: Xlsx,
    /// The workbook being written, from the start to the finish, unless `writer` holds it.
    builder: Option<WorkbookBuilder>,
    /// The thread writing the first tables' sheets (waiting for the workbook until the first
    /// table, then holding it), until the workbook is taken back.
    writer: Option<SheetWriter>,
    /// The workbook, once finished.
    workbook: Option<Output>,
}

/// How many tables' sheets [`Xlsx::sink_beside`] writes on a thread of their own: a small
/// annex's, and the first of a large one, whose reader is then still the slower side (the
/// tables are copied to be handed over).
const SHEETS_BESIDE: usize = 8;

/// A table handed to the [`SheetWriter`]: the table, its sheet's name, its findings and the
/// report's language.
type SheetJob = (
    std::sync::Arc<TableAudit>,
    Option<String>,
    Vec<Finding>,
    Lang,
);

/// The thread writing tables' sheets into the workbook it is handed.
struct SheetWriter {
    /// Hands the workbook over, at the first table; `None` once it is handed.
    hand: Option<std::sync::mpsc::SyncSender<WorkbookBuilder>>,
    jobs: std::sync::mpsc::Sender<SheetJob>,
    /// Gives the workbook back, with the first error of the sheets it wrote; `None` when it
    /// was never handed one.
    done: std::thread::JoinHandle<Option<(WorkbookBuilder, std::result::Result<(), XlsxError>)>>,
    /// Tables handed over so far.
    sent: usize,
}

impl SheetWriter {
    /// Starts a thread that waits for a workbook, then writes into it the sheets of the tables
    /// it is handed; `None` when the thread cannot start.
    fn spawn() -> Option<SheetWriter> {
        let (jobs, received) = std::sync::mpsc::channel::<SheetJob>();
        let (hand, take) = std::sync::mpsc::sync_channel::<WorkbookBuilder>(1);
        let thread = std::thread::Builder::new().name("sheets".into());
        let done = crate::beside::spawn(thread, move || {
            let mut builder = take.recv().ok()?;
            let mut result = Ok(());
            for (table, sheet_name, findings, lang) in received {
                if result.is_ok() {
                    let findings: Vec<&Finding> = findings.iter().collect();
                    result = builder.add_table(&table, sheet_name.as_deref(), &findings, lang);
                }
            }
            Some((builder, result))
        })
        .ok()?;
        Some(SheetWriter {
            hand: Some(hand),
            jobs,
            done,
            sent: 0,
        })
    }

    /// Whether the thread holds a workbook (or has given it back at its end).
    fn is_handed(&self) -> bool {
        self.hand.is_none()
    }

    /// Hands the thread the workbook `slot` holds, unless it was handed one before; `false`,
    /// the workbook left in `slot`, when the thread has gone.
    fn hand(&mut self, slot: &mut Option<WorkbookBuilder>) -> bool {
        let Some(hand) = &self.hand else {
            return true;
        };
        let Some(builder) = slot.take() else {
            return false;
        };
        match hand.send(builder) {
            Ok(()) => {
                self.hand = None;
                true
            }
            Err(std::sync::mpsc::SendError(builder)) => {
                *slot = Some(builder);
                false
            }
        }
    }

    /// Waits for the sheets handed over, and takes the workbook back (`None` when the thread
    /// was never handed one).
    fn join(self) -> Result<Option<WorkbookBuilder>> {
        let handed = self.is_handed();
        drop(self.jobs);
        drop(self.hand);
        let given_back = self
            .done
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match given_back {
            Some((builder, result)) => {
                result.map_err(workbook_error)?;
                Ok(Some(builder))
            }
            None if handed => Err(Error::Internal(
                "the workbook was not handed to its sheets".into(),
            )),
            None => Ok(None),
        }
    }
}

impl WorkbookSink {
    /// The workbook being written, taken back from the sheets' thread if it holds it; an
    /// error before the start, or the first error of the sheets the thread wrote.
    fn builder(&mut self) -> Result<&mut WorkbookBuilder> {
        if let Some(writer) = self.writer.take()
            && let Some(builder) = writer.join()?
        {
            self.builder = Some(builder);
        }
        self.builder.as_mut().ok_or_else(not_begun)
    }
}

/// A step before [`ReportSink::begin`]: a mistake of the caller.
fn not_begun() -> Error {
    workbook_error(XlsxError::ParameterError(
        "the workbook was not begun".into(),
    ))
}

impl ReportSink for WorkbookSink {
    fn begin(&mut self, start: &SinkStart<'_>) -> Result<()> {
        let builder = WorkbookBuilder::new(&self.xlsx, start.layout).map_err(workbook_error)?;
        self.builder = Some(builder);
        Ok(())
    }

    fn table(&mut self, step: &SinkTable<'_>) -> Result<()> {
        let sheet_name = step.layout.sheet(step.table.table);
        // The first table hands the thread the workbook (a sink whose thread has gone writes
        // every sheet itself).
        if let Some(writer) = self.writer.as_mut()
            && writer.hand(&mut self.builder)
            && writer.sent < SHEETS_BESIDE
        {
            let job = (
                step.shared.map_or_else(
                    || std::sync::Arc::new(step.table.clone()),
                    std::sync::Arc::clone,
                ),
                sheet_name.map(str::to_string),
                step.findings.iter().map(|f| (*f).clone()).collect(),
                step.lang,
            );
            // A thread that stopped has its error (or its panic) waiting at `join`.
            if writer.jobs.send(job).is_ok() {
                writer.sent += 1;
                return Ok(());
            }
        }
        self.builder()?
            .add_table(step.table, sheet_name, step.findings, step.lang)
            .map_err(workbook_error)
    }

    fn finish(&mut self, end: &SinkFinish<'_>) -> Result<()> {
        // The workbook back from the sheets' thread (with its first error), then taken.
        self.builder()?;
        let builder = self.builder.take().ok_or_else(not_begun)?;
        let document = Document {
            facts: end.facts,
            lang: end.lang,
            summary: end.summary,
            findings: end.findings,
            document: end.document,
        };
        let mut out = Output::new();
        builder.finish(&self.xlsx, &document, end.layout, &mut out)?;
        self.workbook = Some(out);
        Ok(())
    }

    fn finishes_on_its_own_thread(&self) -> bool {
        true
    }

    fn deliver(self: Box<Self>, rendered: &mut Rendered) {
        rendered.workbook = self.workbook;
    }
}
