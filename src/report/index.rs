//! The index of a batch: one line per input file with its coverage, counts by severity and a
//! link to its workbook; unreadable files with their reason.

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_xlsxwriter::{Format, FormatBorder, Url, Workbook};
use serde_json::json;
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
}

/// Writes the batch index as JSON: every file with its status, counts and workbook, and the
/// totals.
pub fn write_index_json(
    out: &mut dyn Write,
    entries: &[BatchEntry],
    total: &Summary,
) -> Result<()> {
    let files: Vec<_> = entries
        .iter()
        .map(|e| {
            json!({
                "path": e.path.display().to_string(),
                "status": if e.error.is_some() { "unreadable" } else { "audited" },
                "reason": e.error,
                "sha256": e.sha256,
                "title": e.title,
                "workbook": e.workbook.as_ref().map(|w| w.display().to_string()),
                "coverage": e.summary.as_ref().map(|s| coverage_line(1, s, e.lang.unwrap_or(Lang::En))),
                "summary": e.summary,
            })
        })
        .collect();
    let value = json!({
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "files": files,
        "summary": total,
        "unreadable": entries.iter().filter(|e| e.error.is_some()).count(),
    });
    serde_json::to_writer_pretty(&mut *out, &value)
        .map_err(|e| Error::io("JSON", std::io::Error::other(e)))?;
    out.write_all(b"\n").map_err(|e| Error::io("JSON", e))
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
        message: e.to_string(),
    };
    let font = "SimSun";
    let header = Format::new()
        .set_font_name(font)
        .set_bold()
        .set_border_bottom(FormatBorder::Thin);
    let text = Format::new().set_font_name(font);
    let link = Format::new()
        .set_font_name(font)
        .set_font_color(rust_xlsxwriter::Color::Blue)
        .set_underline(rust_xlsxwriter::FormatUnderline::Single);
    let mut workbook = Workbook::new();
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
    sheet
        .write_string_with_format(0, 0, coverage_line(entries.len(), total, lang), &text)
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
            (Some(_), _) => lang.pick("无法读取", "unreadable"),
            (None, None) => "✓",
            (None, Some(w)) => w.as_str(),
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
            for (k, n) in counts.iter().enumerate() {
                sheet
                    .write_number_with_format(row, 3 + k as u16, *n as f64, &text)
                    .map_err(fail)?;
            }
        }
        if let Some(reason) = &e.error {
            widths[13] = widths[13].max(reason.width().min(80));
            sheet
                .write_string_with_format(row, 13, reason, &text)
                .map_err(fail)?;
        }
    }
    for (c, w) in widths.iter().enumerate() {
        sheet
            .set_column_width(c as u16, *w as f64 + 1.0)
            .map_err(fail)?;
    }
    let last = 2 + entries.len() as u32;
    sheet.autofilter(2, 0, last, 13).map_err(fail)?;
    sheet.set_freeze_panes(3, 1).map_err(fail)?;
    let props = rust_xlsxwriter::DocProperties::new()
        .set_title(lang.pick("批量审核索引", "Batch audit index"))
        .set_comment(format!("{TOOL_NAME} {TOOL_VERSION}"));
    workbook.set_properties(&props);
    let bytes = workbook.save_to_buffer().map_err(fail)?;
    write_atomically_protecting(path, inputs, |w| {
        w.write_all(&bytes).map_err(|e| Error::io(path, e))
    })
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
