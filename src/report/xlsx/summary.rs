//! The summary sheet, first in the workbook: what was audited, by which tool, what was found,
//! and for each table its sheet, its rows and the rule applied with the note it came from.
//!
//! ```text
//! title
//! source file / SHA-256 / size / audited at / tool / coverage line
//! coverage figures          tables audited skipped rows checked consistent inconsistent not-checked
//! findings by severity      critical error warning notice
//! tables                    table title sheet rows consistent inconsistent not-checked findings rule note remarks
//! ```

use std::collections::HashMap;

use rust_xlsxwriter::{Url, Worksheet, XlsxError};

use super::style::{Look, Styles};
use super::table::{MAX_CHART_ROWS, MAX_NOTES, Written};
use super::text::{self, cell_text};
use super::words;
use super::{Document, count};
use crate::audit::{AppliedRule, Lang, RowStatus, Severity, TableAudit, TableOutcome};
use crate::report::{Layout, TOOL_NAME, TOOL_VERSION, coverage_line, quote_sheet};

/// Columns of the table list.
const TABLE_COLUMNS: usize = 11;
const RULE_COL: u16 = 8;
const QUOTE_COL: u16 = 9;
const REMARK_COL: u16 = 10;

/// Labels of the document facts.
fn fact_labels(lang: Lang) -> [&'static str; 6] {
    lang.pick(
        [
            "源文件",
            "SHA-256",
            "文件大小（字节）",
            "审核时间",
            "工具",
            "覆盖范围",
        ],
        [
            "Source file",
            "SHA-256",
            "Size (bytes)",
            "Audited at",
            "Tool",
            "Coverage",
        ],
    )
}

fn coverage_labels(lang: Lang) -> [&'static str; 8] {
    lang.pick(
        [
            "表格",
            "已审核",
            "已跳过",
            "数据行",
            "已核对总分",
            "一致",
            "不一致",
            "未核对",
        ],
        [
            "Tables",
            "Audited",
            "Skipped",
            "Rows",
            "Totals checked",
            "Consistent",
            "Inconsistent",
            "Not checked",
        ],
    )
}

fn table_headings(lang: Lang) -> [&'static str; TABLE_COLUMNS] {
    lang.pick(
        [
            "表",
            "标题",
            "工作表",
            "行数",
            "一致",
            "不一致",
            "未核对",
            "发现",
            "规则",
            "规则依据（附注原文）",
            "备注",
        ],
        [
            "Table",
            "Title",
            "Sheet",
            "Rows",
            "Consistent",
            "Inconsistent",
            "Not checked",
            "Findings",
            "Rule",
            "From the note (quoted)",
            "Remarks",
        ],
    )
}

fn section(lang: Lang, which: usize) -> &'static str {
    let names = lang.pick(
        ["覆盖情况", "发现（按严重程度）", "表格"],
        ["Coverage", "Findings by severity", "Tables"],
    );
    names.get(which).copied().unwrap_or("")
}

/// What the summary says about one table: kept instead of the table once its sheet is
/// written.
pub(super) struct TableLine {
    table: usize,
    title: Option<String>,
    outcome: LineOutcome,
}

enum LineOutcome {
    Skipped(String),
    Score {
        rows: usize,
        consistent: usize,
        inconsistent: usize,
        rule: Option<AppliedRule>,
        rule_text: String,
        /// Whether the table's sheet has a chart.
        chart: bool,
        /// Cells with findings left without a note.
        notes_left_out: usize,
    },
}

impl TableLine {
    /// The line of a table, with what was written of its sheet (if it has one).
    pub(super) fn new(t: &TableAudit, written: Option<&Written>) -> Self {
        let outcome = match &t.outcome {
            TableOutcome::Skipped { reason } => LineOutcome::Skipped(reason.clone()),
            TableOutcome::Score {
                rows,
                rule,
                rule_text,
                ..
            } => LineOutcome::Score {
                rows: rows.len(),
                consistent: rows
                    .iter()
                    .filter(|r| r.status == RowStatus::Consistent)
                    .count(),
                inconsistent: rows
                    .iter()
                    .filter(|r| r.status == RowStatus::Inconsistent)
                    .count(),
                rule: rule.clone(),
                rule_text: rule_text.clone(),
                chart: written.is_some_and(|w| w.chart),
                notes_left_out: written.map_or(0, |w| w.notes_left_out),
            },
        };
        TableLine {
            table: t.table,
            title: t.title.clone(),
            outcome,
        }
    }
}

/// Writes the summary sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    styles: &mut Styles,
    document: &Document<'_>,
    lines: &[TableLine],
    layout: &Layout,
) -> Result<(), XlsxError> {
    let file = &document.facts;
    let lang = document.lang;
    let s = document.summary;
    let last_col = u16::try_from(TABLE_COLUMNS - 1).unwrap_or(0);
    let mut widths = [0usize; TABLE_COLUMNS];
    let mut widen = |c: u16, w: usize| {
        if let Some(slot) = widths.get_mut(usize::from(c)) {
            *slot = (*slot).max(w);
        }
    };

    // Title.
    let title = file
        .title
        .map(str::to_string)
        .unwrap_or_else(|| file.file_name());
    let title_format = styles.get(Look::Title, None).clone();
    ws.merge_range(0, 0, 0, last_col, "", &title_format)?;
    ws.write_string_with_format(0, 0, cell_text(&title), &title_format)?;
    ws.set_row_height(0, text::title_height(text::lines(&title, 120)))?;

    // Document facts.
    let coverage = coverage_line(1, s, lang);
    let tool = format!("{TOOL_NAME} {TOOL_VERSION}");
    let labels = fact_labels(lang);
    let mut row = 2u32;
    for (i, label) in labels.iter().enumerate() {
        ws.write_string_with_format(row, 0, *label, styles.get(Look::Label, None))?;
        widen(0, text::width(label));
        let value_format = styles.get(Look::Value, None).clone();
        match i {
            0 => {
                ws.write_string_with_format(row, 1, cell_text(&file.file_name()), &value_format)?;
            }
            1 => {
                ws.write_string_with_format(row, 1, cell_text(file.sha256), &value_format)?;
            }
            2 => {
                let bytes = styles.get(Look::PlainNumber(0), None);
                ws.write_number_with_format(row, 1, file.bytes as f64, bytes)?;
            }
            3 => {
                ws.write_string_with_format(row, 1, cell_text(file.audited_at), &value_format)?;
            }
            4 => {
                ws.write_string_with_format(row, 1, &tool, &value_format)?;
            }
            _ => {
                let wrap = styles.get(Look::Plain, None).clone();
                ws.merge_range(row, 1, row, last_col, "", &wrap)?;
                ws.write_string_with_format(row, 1, &coverage, &wrap)?;
                ws.set_row_height(row, text::row_height(text::lines(&coverage, 110)))?;
            }
        }
        row += 1;
    }

    // Wrapped cells, for the row heights: (row, column, text).
    let mut wrapped: Vec<(u32, u16, String)> = Vec::new();

    // Coverage figures.
    row += 1;
    ws.write_string_with_format(row, 0, section(lang, 0), styles.get(Look::Section, None))?;
    row += 1;
    let figures = [
        s.tables,
        s.score_tables,
        s.tables.saturating_sub(s.score_tables),
        s.rows,
        s.totals_checked,
        s.consistent,
        s.inconsistent,
        s.skipped,
    ];
    for ((c, label), n) in (0u16..).zip(coverage_labels(lang)).zip(figures) {
        ws.write_string_with_format(row, c, label, styles.get(Look::Heading, None))?;
        ws.write_number_with_format(row + 1, c, count(n), styles.get(Look::Number(0), None))?;
        widen(c, text::width(label));
        wrapped.push((row, c, label.to_string()));
    }
    row += 3;

    // Findings by severity.
    ws.write_string_with_format(row, 0, section(lang, 1), styles.get(Look::Section, None))?;
    row += 1;
    for (c, severity) in (0u16..).zip(Severity::ALL) {
        let label = words::severity(severity, lang);
        ws.write_string_with_format(row, c, label, styles.get(Look::Heading, Some(severity)))?;
        ws.write_number_with_format(
            row + 1,
            c,
            count(s.count(severity)),
            styles.get(Look::Number(0), None),
        )?;
        widen(c, text::width(label));
    }
    row += 3;

    // Tables.
    ws.write_string_with_format(row, 0, section(lang, 2), styles.get(Look::Section, None))?;
    row += 1;
    for (c, h) in (0u16..).zip(table_headings(lang)) {
        ws.write_string_with_format(row, c, h, styles.get(Look::Heading, None))?;
        widen(c, text::width(h).min(16));
        wrapped.push((row, c, h.to_string()));
    }
    let header_row = row;
    let mut findings_per_table: HashMap<usize, usize> = HashMap::new();
    for f in document.findings {
        *findings_per_table.entry(f.table).or_default() += 1;
    }
    for t in lines {
        row += 1;
        let plain = styles.get(Look::Status, None).clone();
        let number = styles.get(Look::Number(0), None).clone();
        ws.write_number_with_format(row, 0, count(t.table), &number)?;
        let title = t.title.as_deref().unwrap_or("");
        ws.write_string_with_format(row, 1, cell_text(title), &plain)?;
        wrapped.push((row, 1, title.to_string()));
        widen(1, text::width(title));
        match &t.outcome {
            LineOutcome::Skipped(reason) => {
                let skipped = lang.pick("跳过", "skipped");
                ws.write_string_with_format(row, 2, skipped, &plain)?;
                for c in 3..RULE_COL {
                    ws.write_blank(row, c, &plain)?;
                }
                let why = lang.pick(format!("跳过：{reason}"), format!("skipped: {reason}"));
                ws.write_string_with_format(row, RULE_COL, cell_text(&why), &plain)?;
                wrapped.push((row, RULE_COL, why));
                ws.write_blank(row, QUOTE_COL, &plain)?;
                ws.write_blank(row, REMARK_COL, &plain)?;
            }
            LineOutcome::Score {
                rows,
                consistent,
                inconsistent,
                rule,
                rule_text,
                chart,
                notes_left_out,
            } => {
                match layout.sheet(t.table) {
                    Some(sheet) => {
                        let url =
                            Url::new(format!("internal:{}!A1", quote_sheet(sheet))).set_text(sheet);
                        ws.write_url_with_format(row, 2, url, styles.get(Look::LinkCell, None))?;
                        widen(2, text::width(sheet));
                    }
                    None => {
                        ws.write_blank(row, 2, &plain)?;
                    }
                }
                let (rows, consistent, inconsistent) = (*rows, *consistent, *inconsistent);
                let not_checked = rows - consistent - inconsistent;
                let findings = findings_per_table.get(&t.table).copied().unwrap_or(0);
                for (c, n) in (3u16..).zip([rows, consistent, inconsistent, not_checked, findings])
                {
                    ws.write_number_with_format(row, c, count(n), &number)?;
                }
                ws.write_string_with_format(row, RULE_COL, cell_text(rule_text), &plain)?;
                wrapped.push((row, RULE_COL, rule_text.clone()));
                let quote = rule.as_ref().and_then(|r| {
                    let q = r.quote.as_deref()?;
                    let from = match r.from_table {
                        Some(n) if n != t.table => lang.pick(
                            format!("（表{n}的附注）"),
                            format!(" (the note of table {n})"),
                        ),
                        _ => String::new(),
                    };
                    Some(lang.pick(format!("“{q}”{from}"), format!("\u{201c}{q}\u{201d}{from}")))
                });
                match quote {
                    Some(q) => {
                        ws.write_string_with_format(row, QUOTE_COL, cell_text(&q), &plain)?;
                        wrapped.push((row, QUOTE_COL, q));
                    }
                    None => {
                        ws.write_blank(row, QUOTE_COL, &plain)?;
                    }
                }
                let no_chart = (rows > MAX_CHART_ROWS && !chart).then(|| {
                    lang.pick(
                        format!("超过{MAX_CHART_ROWS}行，未绘制图表"),
                        format!("more than {MAX_CHART_ROWS} rows: no chart"),
                    )
                });
                let few_notes = (*notes_left_out > 0).then(|| {
                    lang.pick(
                        format!(
                            "仅{MAX_NOTES}个有发现的单元格附批注（最严重的优先；另{notes_left_out}个见差异表）"
                        ),
                        format!(
                            "notes on {MAX_NOTES} cells with findings only, the most severe first ({notes_left_out} more on the discrepancy sheet)"
                        ),
                    )
                });
                let remarks: Vec<String> = no_chart.into_iter().chain(few_notes).collect();
                let remark = (!remarks.is_empty()).then(|| remarks.join(lang.pick("；", "; ")));
                match remark {
                    Some(r) => {
                        ws.write_string_with_format(row, REMARK_COL, &r, &plain)?;
                        widen(REMARK_COL, text::width(&r));
                    }
                    None => {
                        ws.write_blank(row, REMARK_COL, &plain)?;
                    }
                }
            }
        }
    }

    // Widths, then the heights of the rows with wrapped text (LibreOffice does not fit them).
    widen(RULE_COL, 40);
    widen(QUOTE_COL, 50);
    let caps = [14, 30, 24, 14, 14, 14, 14, 10, 40, 50, 30];
    let column_widths: Vec<f64> = widths
        .iter()
        .zip(caps)
        .map(|(w, cap)| text::column_width(*w, 8, cap))
        .collect();
    for (c, w) in (0u16..).zip(&column_widths) {
        ws.set_column_width(c, *w)?;
    }
    let mut lines: Vec<(u32, usize)> = Vec::with_capacity(wrapped.len());
    for (r, c, t) in &wrapped {
        let width = column_widths
            .get(usize::from(*c))
            .map_or(10, |w| (*w as usize).saturating_sub(1));
        let l = text::lines(t, width);
        match lines.last_mut() {
            Some((last, most)) if last == r => *most = (*most).max(l),
            _ => lines.push((*r, l)),
        }
    }
    for (r, l) in lines {
        if l > 1 {
            ws.set_row_height(r, text::row_height(l))?;
        }
    }
    if row > header_row {
        ws.autofilter(header_row, 0, row, last_col)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}
