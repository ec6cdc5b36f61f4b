//! The index of a batch: one line per input file with its coverage, counts by severity and a
//! link to its workbook; unreadable files with their reason.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Url, Workbook};
use serde_json::{Value, json};
use unicode_width::UnicodeWidthStr;

use super::{TOOL_NAME, TOOL_VERSION, coverage_line, write_atomically_protecting};
use crate::audit::{Lang, Severity, Summary};
use crate::{Error, Result};

/// One input of a batch.
#[derive(Debug, Clone, Default)]
pub struct BatchEntry {
    /// The input.
    pub path: PathBuf,
    /// Its SHA-256, when read.
    pub sha256: Option<String>,
    /// The document's title.
    pub title: Option<String>,
    /// Counts, when audited.
    pub summary: Option<Summary>,
    /// The most severe finding.
    pub worst: Option<Severity>,
    /// The language of its messages.
    pub lang: Option<Lang>,
    /// Its workbook, when written.
    pub workbook: Option<PathBuf>,
    /// Why it could not be read or written.
    pub error: Option<String>,
    /// Why a file found in a folder was not audited (a .pdf, an .xls, a .doc without
    /// LibreOffice): listed, never silently left out.
    pub skipped: Option<String>,
    /// What converted a legacy document to the .docx that was audited.
    pub converted_by: Option<String>,
}

/// One format of the batch index, fed in three steps like a [`ReportSink`](super::ReportSink):
/// [`begin`](IndexSink::begin) once, [`entry`](IndexSink::entry) for each input in the
/// batch's order, [`finish`](IndexSink::finish) once.
///
/// A second trait rather than `ReportSink` at the batch level, because the shapes differ: a
/// step is one input's outcome ([`BatchEntry`], possibly an unreadable file), not an audited
/// table with its findings and sheet; the index's language is decided only once every file is
/// audited (the first file's language unless one is given), so nothing language-dependent can
/// be written before the end; and an index goes straight to its file (atomically, never over
/// an input) rather than into an [`Output`](super::Output) the caller places.
///
/// Adding an index format takes one sink here and one line in [`index_sinks`]:
///
/// ```
/// use annex_audit::report::{BatchEntry, IndexSink};
///
/// struct CountUnreadable(usize);
/// impl IndexSink for CountUnreadable {
///     fn entry(&mut self, entry: &BatchEntry) -> annex_audit::Result<()> {
///         self.0 += usize::from(entry.error.is_some());
///         Ok(())
///     }
/// }
///
/// let mut count = CountUnreadable(0);
/// let entries = [BatchEntry { error: Some("not a zip".into()), ..BatchEntry::default() }];
/// annex_audit::report::write_index(&mut count, &[], &entries, &Default::default(), annex_audit::audit::Lang::En)?;
/// assert_eq!(count.0, 1);
/// # Ok::<(), annex_audit::Error>(())
/// ```
///
/// # Errors
///
/// A step returns the error that stops its format (a file that cannot be written, an output
/// that is an input); [`write_index`] stops at the first.
pub trait IndexSink {
    /// The batch begins. Nothing by default.
    ///
    /// # Errors
    ///
    /// When the format cannot start.
    fn begin(&mut self, start: &IndexStart) -> Result<()> {
        let _ = start;
        Ok(())
    }

    /// The next input, in the batch's order.
    ///
    /// # Errors
    ///
    /// When the entry cannot be written.
    fn entry(&mut self, entry: &BatchEntry) -> Result<()>;

    /// The batch ends: the index is written. Nothing by default.
    ///
    /// # Errors
    ///
    /// When the index cannot be written.
    fn finish(&mut self, end: &IndexFinish<'_>) -> Result<()> {
        let _ = end;
        Ok(())
    }
}

/// What an index sink knows when the batch begins.
#[derive(Debug, Clone, Copy)]
pub struct IndexStart {
    /// How many inputs the batch has.
    pub files: usize,
}

/// What an index sink knows when the batch ends.
#[derive(Debug, Clone, Copy)]
pub struct IndexFinish<'a> {
    /// The batch's inputs, which no index may overwrite.
    pub inputs: &'a [&'a Path],
    /// The counts of every audited file together.
    pub total: &'a Summary,
    /// The index's language.
    pub lang: Lang,
}

/// The registry of index formats: `index.xlsx` and `index.json` in `dir`, and the JSON index
/// at `json` (`-`: standard output), in that order.
pub fn index_sinks(dir: Option<&Path>, json: Option<&Path>) -> Vec<Box<dyn IndexSink>> {
    let mut sinks: Vec<Box<dyn IndexSink>> = Vec::new();
    if let Some(dir) = dir {
        sinks.push(Box::new(IndexWorkbook::new(dir.join("index.xlsx"))));
        sinks.push(Box::new(IndexJson::new(Some(dir.join("index.json")))));
    }
    if let Some(json) = json {
        let path = (json.as_os_str() != "-").then(|| json.to_path_buf());
        sinks.push(Box::new(IndexJson::new(path)));
    }
    sinks
}

/// Feeds `sink` the batch: begin, each entry, finish.
///
/// # Errors
///
/// The sink's first error.
pub fn write_index(
    sink: &mut dyn IndexSink,
    inputs: &[&Path],
    entries: &[BatchEntry],
    total: &Summary,
    lang: Lang,
) -> Result<()> {
    sink.begin(&IndexStart {
        files: entries.len(),
    })?;
    for entry in entries {
        sink.entry(entry)?;
    }
    sink.finish(&IndexFinish {
        inputs,
        total,
        lang,
    })
}

/// The JSON index: every file with its status, counts and workbook, and the totals.
pub struct IndexJson {
    /// Where it goes: a file, or standard output.
    path: Option<PathBuf>,
    files: Vec<Value>,
    unreadable: usize,
}

impl IndexJson {
    /// The JSON index written at `path` (atomically), or to standard output when `None`.
    pub fn new(path: Option<PathBuf>) -> Self {
        IndexJson {
            path,
            files: Vec::new(),
            unreadable: 0,
        }
    }

    /// The whole index.
    fn value(&self, total: &Summary) -> Value {
        json!({
            "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
            "files": self.files,
            "summary": total,
            "unreadable": self.unreadable,
        })
    }
}

impl IndexSink for IndexJson {
    fn begin(&mut self, start: &IndexStart) -> Result<()> {
        self.files.reserve(start.files);
        Ok(())
    }

    fn entry(&mut self, e: &BatchEntry) -> Result<()> {
        self.unreadable += usize::from(e.error.is_some());
        self.files.push(json!({
            "path": e.path.display().to_string(),
            "status": if e.error.is_some() {
                "unreadable"
            } else if e.skipped.is_some() {
                "skipped"
            } else {
                "audited"
            },
            "reason": e.error.as_ref().or(e.skipped.as_ref()),
            "converted_by": e.converted_by,
            "sha256": e.sha256,
            "title": e.title,
            "workbook": e.workbook.as_ref().map(|w| w.display().to_string()),
            "coverage": e.summary.as_ref().map(|s| coverage_line(1, s, e.lang.unwrap_or(Lang::En))),
            "summary": e.summary,
        }));
        Ok(())
    }

    fn finish(&mut self, end: &IndexFinish<'_>) -> Result<()> {
        let value = self.value(end.total);
        match &self.path {
            Some(path) => write_atomically_protecting(path, end.inputs, |w| write_json(w, &value)),
            None => write_json(&mut std::io::stdout().lock(), &value),
        }
    }
}

/// Writes `value` pretty, with a final newline.
fn write_json(out: &mut dyn Write, value: &Value) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)
        .map_err(|e| Error::io("JSON", std::io::Error::other(e)))?;
    out.write_all(b"\n").map_err(|e| Error::io("JSON", e))
}

/// Writes the batch index as JSON: every file with its status, counts and workbook, and the
/// totals.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_index_json(
    out: &mut dyn Write,
    entries: &[BatchEntry],
    total: &Summary,
) -> Result<()> {
    let mut sink = IndexJson::new(None);
    for entry in entries {
        sink.entry(entry)?;
    }
    write_json(out, &sink.value(total))
}

/// The index workbook: one row per input, linked to its workbook. Written whole at the end,
/// when its language is known.
pub struct IndexWorkbook {
    path: PathBuf,
    entries: Vec<BatchEntry>,
}

impl IndexWorkbook {
    /// The index workbook written at `path` (atomically).
    pub fn new(path: PathBuf) -> Self {
        IndexWorkbook {
            path,
            entries: Vec::new(),
        }
    }
}

impl IndexSink for IndexWorkbook {
    fn begin(&mut self, start: &IndexStart) -> Result<()> {
        self.entries.reserve(start.files);
        Ok(())
    }

    fn entry(&mut self, entry: &BatchEntry) -> Result<()> {
        self.entries.push(entry.clone());
        Ok(())
    }

    fn finish(&mut self, end: &IndexFinish<'_>) -> Result<()> {
        write_index_workbook(&self.path, end.inputs, &self.entries, end.total, end.lang)
    }
}

/// Writes the batch index workbook at `path` (atomically, never over an input).
pub fn write_index_workbook(
    path: &Path,
    inputs: &[&Path],
    entries: &[BatchEntry],
    total: &Summary,
    lang: Lang,
) -> Result<()> {
    let fail = |e: rust_xlsxwriter::XlsxError| Error::Output {
        path: path.to_path_buf(),
        message: match &e {
            rust_xlsxwriter::XlsxError::IoError(io) => crate::error::io_reason(io),
            other => crate::error::Text::foreign(
                crate::messages::OUTPUT_WORKBOOK_FAILED,
                &other.to_string(),
            ),
        },
    };
    // 宋体 (SimSun), 11 points, as the workbooks: also the default font, whose digit width
    // is the unit of the column widths below.
    let font = "宋体";
    let header = Format::new()
        .set_font_name(font)
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border_bottom(FormatBorder::Thin);
    let text = Format::new()
        .set_font_name(font)
        .set_text_wrap()
        .set_align(FormatAlign::Top);
    let link = Format::new()
        .set_font_name(font)
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_font_color(rust_xlsxwriter::Color::Blue)
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let mut workbook = Workbook::new();
    let default = Format::new()
        .set_font_name(font)
        .set_font_size(11)
        .set_font_charset(134)
        .set_font_family(3);
    workbook
        .set_default_format(&default, 18, 72)
        .map_err(fail)?;
    let sheet = workbook.add_worksheet();
    sheet.set_name(lang.pick("文件", "Files")).map_err(fail)?;
    let headers: Vec<&str> = match lang {
        Lang::Zh => vec![
            "文件",
            "标题",
            "状态",
            "表",
            "行",
            "已核对",
            "一致",
            "不一致",
            "未核对",
            "严重",
            "错误",
            "警告",
            "提示",
            "原因",
        ],
        Lang::En => vec![
            "File",
            "Title",
            "Status",
            "Tables",
            "Rows",
            "Checked",
            "Consistent",
            "Inconsistent",
            "Not checked",
            "Critical",
            "Error",
            "Warning",
            "Notice",
            "Reason",
        ],
    };
    let mut widths: Vec<usize> = headers.iter().map(|h| h.width() + 2).collect();
    // The coverage line runs across the columns: it must not wrap within the first.
    let line = Format::new().set_font_name(font);
    sheet
        .write_string_with_format(0, 0, coverage_line(entries.len(), total, lang), &line)
        .map_err(fail)?;
    for (c, h) in headers.iter().enumerate() {
        sheet
            .write_string_with_format(2, c as u16, *h, &header)
            .map_err(fail)?;
    }
    for (i, e) in entries.iter().enumerate() {
        let row = 3 + i as u32;
        let name = e.path.display().to_string();
        widths[0] = widths[0].max(name.width().min(60));
        match &e.workbook {
            Some(w) => {
                // Relative to the index, which sits in the same directory as the workbooks.
                let target = w
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                sheet
                    .write_url_with_format(
                        row,
                        0,
                        Url::new(format!("file:///{}", url_escape(&target))).set_text(&name),
                        &link,
                    )
                    .map_err(fail)?;
            }
            None => {
                sheet
                    .write_string_with_format(row, 0, &name, &text)
                    .map_err(fail)?;
            }
        }
        let title = e.title.clone().unwrap_or_default();
        widths[1] = widths[1].max(title.width().min(60));
        sheet
            .write_string_with_format(row, 1, &title, &text)
            .map_err(fail)?;
        let status = match (&e.error, e.worst) {
            (Some(_), _) => crate::messages::STATUS_UNREADABLE.get(lang),
            (None, _) if e.skipped.is_some() => lang.pick("已跳过", "skipped"),
            (None, None) => "✓",
            (None, Some(w)) => w.name(lang),
        };
        sheet
            .write_string_with_format(row, 2, status, &text)
            .map_err(fail)?;
        if let Some(s) = &e.summary {
            let counts = [
                s.tables,
                s.rows,
                s.totals_checked,
                s.consistent,
                s.inconsistent,
                s.skipped,
                s.critical,
                s.error,
                s.warning,
                s.notice,
            ];
            // The rows are the score tables': a file of budget tables only has its cell left
            // blank, as its coverage line leaves them out, rather than a misleading 0.
            let rows_counted = s.score_tables > 0 || s.structured_tables == 0;
            for (k, n) in counts.iter().enumerate() {
                let c = 3 + k as u16;
                if k == 1 && !rows_counted {
                    sheet.write_blank(row, c, &text).map_err(fail)?;
                    continue;
                }
                sheet
                    .write_number_with_format(row, c, *n as f64, &text)
                    .map_err(fail)?;
            }
        }
        if let Some(reason) = e.error.as_ref().or(e.skipped.as_ref()) {
            widths[13] = widths[13].max(reason.width().min(80));
            sheet
                .write_string_with_format(row, 13, reason, &text)
                .map_err(fail)?;
        }
    }
    let widths = index_widths(&widths);
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w).map_err(fail)?;
    }
    // Rows with wrapped text, as tall as their longest text needs (LibreOffice does not fit
    // them on import).
    for (i, e) in entries.iter().enumerate() {
        let name = e.path.display().to_string();
        let title = e.title.clone().unwrap_or_default();
        let reason = e.error.clone().unwrap_or_default();
        let lines = [
            (0, name.as_str()),
            (1, title.as_str()),
            (13, reason.as_str()),
        ]
        .iter()
        .map(|(c, t)| lines_in(t, widths[*c]))
        .max()
        .unwrap_or(1);
        if lines > 1 {
            let points = (lines as f64 * 14.5 + 3.0).min(409.0);
            sheet.set_row_height(3 + i as u32, points).map_err(fail)?;
        }
    }
    let last = 2 + entries.len() as u32;
    sheet.autofilter(2, 0, last, 13).map_err(fail)?;
    sheet.set_freeze_panes(3, 1).map_err(fail)?;
    // Printed like the workbooks' discrepancy sheets: landscape A4, one page wide at 9 points
    // or more (see `index_widths`), the column headings on every page.
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(2, 2).map_err(fail)?;
    sheet.set_footer("&C&P / &N");
    sheet.set_print_area(0, 0, last, 13).map_err(fail)?;
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(lang.pick("批量审核索引", "Batch audit index"))
        .set_comment(format!("{TOOL_NAME} {TOOL_VERSION}"));
    workbook.set_properties(&props);
    let bytes = workbook.save_to_buffer().map_err(fail)?;
    write_atomically_protecting(path, inputs, |w| {
        w.write_all(&bytes).map_err(|e| Error::io(path, e))
    })
}

/// The width of the index's columns together, in characters: as on the discrepancy sheet,
/// what a landscape A4 page prints one page wide with 11-point text at 9 points or more.
const INDEX_PRINT_WIDTH: f64 = 138.0;

/// The index's column widths, in characters, from the widest content of each (display
/// columns, with padding): the status up to 10, the counts up to 7 (their headings wrap), the
/// file (a link, which LibreOffice does not wrap) up to 24 and the reason up to 18; the title,
/// wrapped, takes what is left of [`INDEX_PRINT_WIDTH`], at least 16. The maxima add up to
/// the print width.
fn index_widths(content: &[usize]) -> Vec<f64> {
    const FILE: usize = 0;
    const TITLE: usize = 1;
    const REASON: usize = 13;
    let mut widths: Vec<f64> = content
        .iter()
        .map(|w| (*w).clamp(6, 60) as f64 + 1.0)
        .collect();
    for (c, w) in widths.iter_mut().enumerate() {
        let max = match c {
            FILE => 24.0,
            REASON => 18.0,
            2 => 10.0,
            3..=12 => 7.0,
            _ => continue,
        };
        *w = w.min(max);
    }
    let others: f64 = (0..widths.len())
        .filter(|c| *c != TITLE)
        .map(|c| widths[c])
        .sum();
    if let Some(w) = widths.get_mut(TITLE) {
        *w = w.min((INDEX_PRINT_WIDTH - others).floor().max(16.0));
    }
    widths
}

/// Lines `text` takes in a column `width` characters wide (three short, as applications wrap at
/// glyph edges).
fn lines_in(text: &str, width: f64) -> usize {
    let columns = (width as usize).saturating_sub(3).max(1);
    text.split('\n')
        .map(|p| p.width().div_ceil(columns).max(1))
        .sum()
}

/// Percent-encodes what a relative file URL cannot hold.
fn url_escape(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            ' ' => "%20".to_string(),
            '#' => "%23".to_string(),
            '%' => "%25".to_string(),
            _ => c.to_string(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries() -> Vec<BatchEntry> {
        let summary = Summary {
            tables: 3,
            score_tables: 3,
            rows: 45,
            ..Summary::default()
        };
        vec![
            BatchEntry {
                path: "a.docx".into(),
                summary: Some(summary),
                lang: Some(Lang::Zh),
                ..BatchEntry::default()
            },
            BatchEntry {
                path: "b.docx".into(),
                error: Some("not a zip".into()),
                ..BatchEntry::default()
            },
        ]
    }

    #[test]
    fn the_registry_writes_both_indexes_into_the_directory_as_write_index_json_does() {
        let dir = tempfile::tempdir().expect("tempdir");
        let entries = entries();
        let mut total = Summary::default();
        for s in entries.iter().filter_map(|e| e.summary.as_ref()) {
            total.add(s);
        }
        let sinks = index_sinks(Some(dir.path()), None);
        assert_eq!(sinks.len(), 2);
        for mut sink in sinks {
            write_index(sink.as_mut(), &[], &entries, &total, Lang::Zh).expect("written");
        }
        let mut expected = Vec::new();
        write_index_json(&mut expected, &entries, &total).expect("JSON");
        let written = std::fs::read(dir.path().join("index.json")).expect("index.json");
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&expected)
        );
        let value: Value = serde_json::from_slice(&written).expect("JSON");
        assert_eq!(value["unreadable"], 1);
        assert_eq!(value["files"][1]["status"], "unreadable");
        assert!(dir.path().join("index.xlsx").is_file());
    }

    #[test]
    fn an_index_never_overwrites_an_input() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("index.json");
        std::fs::write(&input, b"input").expect("write");
        let mut sink = IndexJson::new(Some(input.clone()));
        let err = write_index(
            &mut sink,
            &[input.as_path()],
            &entries(),
            &Summary::default(),
            Lang::En,
        )
        .expect_err("refused");
        assert!(matches!(err, Error::OutputIsInput(_)), "{err}");
        assert_eq!(std::fs::read(&input).expect("read"), b"input");
    }

    /// One part of a written workbook, as text.
    fn part(path: &Path, name: &str) -> String {
        use std::io::Read;
        let file = std::fs::File::open(path).expect("the index");
        let mut zip = zip::ZipArchive::new(file).expect("a zip");
        let mut text = String::new();
        zip.by_name(name)
            .expect("the part")
            .read_to_string(&mut text)
            .expect("UTF-8");
        text
    }

    #[test]
    fn the_index_prints_landscape_one_page_wide_with_its_headings_on_every_page() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("index.xlsx");
        let mut entries = entries();
        entries[0].path = format!("{}/a.docx", "很长的文件夹名称".repeat(8)).into();
        entries[0].title = Some("2020年度全市政务公开、政府网站、政务新媒体绩效评估结果".repeat(3));
        entries[1].error = Some("无法读取：".repeat(30));
        write_index_workbook(&path, &[], &entries, &Summary::default(), Lang::Zh).expect("written");
        let sheet = part(&path, "xl/worksheets/sheet1.xml");
        assert!(sheet.contains("orientation=\"landscape\""));
        assert!(sheet.contains("paperSize=\"9\""));
        assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"));
        assert!(sheet.contains("fitToHeight=\"0\""));
        let workbook = part(&path, "xl/workbook.xml");
        assert!(
            workbook.contains(">文件!$3:$3<"),
            "repeated headings: {workbook}"
        );
        assert!(
            workbook.contains(">文件!$A$1:$N$5<"),
            "print area: {workbook}"
        );
        // Long texts wrap at a fixed width: the columns together stay within the budget that
        // prints 11-point text at 9 points or more.
        let widths: f64 = sheet
            .split("width=\"")
            .skip(1)
            .filter_map(|w| w.split('"').next()?.parse::<f64>().ok())
            .zip(sheet.split("<col min=\"").skip(1).filter_map(|c| {
                let min: u32 = c.split('"').next()?.parse().ok()?;
                let max: u32 = c.split("max=\"").nth(1)?.split('"').next()?.parse().ok()?;
                Some(f64::from(max - min + 1))
            }))
            .map(|(w, n)| w * n)
            .sum();
        // rust_xlsxwriter writes each width plus 0.625 of padding.
        assert!(widths <= INDEX_PRINT_WIDTH + 14.0 * 0.625, "{widths}");
        // Every font of the index is 11 points.
        let styles = part(&path, "xl/styles.xml");
        let fonts = styles
            .split("<fonts")
            .nth(1)
            .expect("fonts")
            .split("</fonts>")
            .next()
            .expect("fonts");
        assert!(fonts.matches("<sz val=\"").count() >= 1);
        assert_eq!(
            fonts.matches("<sz val=\"11\"/>").count(),
            fonts.matches("<sz val=\"").count()
        );
        assert!(fonts.contains("宋体"));
    }
}
