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

use rust_xlsxwriter::{Format, Url, Worksheet, XlsxError};

use super::style::{Look, Styles};
use super::table::{CHARTED_TABLES, MAX_CHART_ROWS, MAX_NOTES, NoChart, Written};
use super::text::{self, cell_text};
use super::words;
use super::{Document, count};
use crate::annex::structure::{RelationResult, TableStructure};
use crate::audit::{AppliedRule, Lang, RowStatus, Severity, Summary, TableAudit, TableOutcome};
use crate::report::{Facts, Layout, TOOL_NAME, TOOL_VERSION, coverage_line, quote_sheet};

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

/// The coverage figures' headings; `totals`: what the totals checked are in Chinese (总分, 合计).
fn coverage_labels(lang: Lang, totals: &str) -> [String; 8] {
    let [
        tables,
        audited,
        skipped,
        rows,
        checked,
        consistent,
        inconsistent,
        not_checked,
    ] = lang.pick(
        [
            "表格",
            "已审核",
            "已跳过",
            "数据行",
            "已核对",
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
    );
    let checked = match lang {
        Lang::Zh => format!("{checked}{totals}"),
        Lang::En => checked.to_string(),
    };
    [
        tables.to_string(),
        audited.to_string(),
        skipped.to_string(),
        rows.to_string(),
        checked,
        consistent.to_string(),
        inconsistent.to_string(),
        not_checked.to_string(),
    ]
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
    Score(ScoreLine),
}

/// What the summary says about an audited table: its rows of figures, and its totals checked
/// (one a row in a score table, each relation in a structured one), as the coverage counts them.
struct ScoreLine {
    rows: usize,
    consistent: usize,
    inconsistent: usize,
    not_checked: usize,
    rule: Option<AppliedRule>,
    rule_text: String,
    /// Why the table's sheet has no chart, if it has none.
    no_chart: Option<NoChart>,
    /// Cells with findings left without a note.
    notes_left_out: usize,
}

impl TableLine {
    /// The line of a table, with what was written of its sheet (if it has one).
    pub(super) fn new(t: &TableAudit, written: Option<&Written>, lang: Lang) -> Self {
        let outcome = match &t.outcome {
            TableOutcome::Skipped { reason } => LineOutcome::Skipped(reason.clone()),
            // Its rows of figures; its totals counted by relation, as `Summary::count_table`
            // counts them: a relation with nothing published is no total left unchecked.
            TableOutcome::Structured {
                structure,
                template,
                ..
            } => LineOutcome::Score(ScoreLine {
                rows: structure
                    .rows
                    .iter()
                    .filter(|r| r.role.holds_figures())
                    .count(),
                consistent: structure
                    .results
                    .iter()
                    .filter(|e| e.result == RelationResult::Consistent)
                    .count(),
                inconsistent: structure
                    .results
                    .iter()
                    .filter(|e| e.result.is_finding())
                    .count(),
                not_checked: structure
                    .results
                    .iter()
                    .filter(|e| e.result.left_unchecked())
                    .count(),
                rule: None,
                rule_text: relations_checked(structure, template, lang),
                no_chart: None,
                notes_left_out: written.map_or(0, |w| w.notes_left_out),
            }),
            TableOutcome::Score {
                rows,
                rule,
                rule_text,
                ..
            } => LineOutcome::Score(ScoreLine {
                rows: rows.len(),
                consistent: rows
                    .iter()
                    .filter(|r| r.status == RowStatus::Consistent)
                    .count(),
                inconsistent: rows
                    .iter()
                    .filter(|r| r.status == RowStatus::Inconsistent)
                    .count(),
                not_checked: rows
                    .iter()
                    .filter(|r| matches!(r.status, RowStatus::NotChecked(_)))
                    .count(),
                rule: rule.clone(),
                rule_text: rule_text.clone(),
                no_chart: written.and_then(|w| w.no_chart),
                notes_left_out: written.map_or(0, |w| w.notes_left_out),
            }),
        };
        TableLine {
            table: t.table,
            title: t.title.clone(),
            outcome,
        }
    }
}

/// The rule of a structured table in words: the relations checked, by kind and count, as the
/// coverage line names them (`核对关系：合计 6 · 上级科目 56`), and the template when it is not
/// the built-in one for such tables; never the template's bare id in a Chinese cell.
fn relations_checked(structure: &TableStructure, template: &str, lang: Lang) -> String {
    let mut counts = Summary::default();
    for relation in &structure.relations {
        *counts
            .relations_by_kind
            .entry(relation.kind.as_str().to_string())
            .or_default() += 1;
    }
    let kinds = crate::report::terminal::relations_by_kind(&counts, lang);
    let kinds = if kinds.is_empty() {
        lang.pick("无", "none").to_string()
    } else {
        kinds
    };
    let own = (template != "budget").then(|| crate::error::printable(template, 40));
    match (lang, own) {
        (Lang::Zh, None) => format!("核对关系：{kinds}"),
        (Lang::Zh, Some(t)) => format!("核对关系（模板 {t}）：{kinds}"),
        (Lang::En, None) => format!("relations checked: {kinds}"),
        (Lang::En, Some(t)) => format!("relations checked (template {t}): {kinds}"),
    }
}

/// A cell whose text wraps: its row's height is known once the column widths are.
struct WrappedText {
    row: u32,
    column: u16,
    text: String,
}

/// The summary sheet being written, and what its widths and heights need.
struct SummarySheet<'w> {
    ws: &'w mut Worksheet,
    styles: &'w mut Styles,
    lang: Lang,
    /// Widest text of each column, in display columns.
    widths: [usize; TABLE_COLUMNS],
    wrapped: Vec<WrappedText>,
}

/// The last column of the sheet.
const LAST_COL: u16 = TABLE_COLUMNS as u16 - 1;

/// Writes the summary sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    styles: &mut Styles,
    document: &Document<'_>,
    lines: &[TableLine],
    layout: &Layout,
) -> Result<(), XlsxError> {
    let mut sheet = SummarySheet {
        ws,
        styles,
        lang: document.lang,
        widths: [0; TABLE_COLUMNS],
        wrapped: Vec::new(),
    };
    sheet.write_title(&document.facts)?;
    let row = sheet.write_facts(document)?;
    let row = sheet.write_coverage(document.summary, lines, row + 1)?;
    let row = sheet.write_severities(document.summary, row)?;
    let (header_row, last_row) = sheet.write_tables(document, lines, layout, row)?;
    sheet.fit()?;
    let ws = sheet.ws;
    if last_row > header_row {
        ws.autofilter(header_row, 0, last_row, LAST_COL)?;
    }
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    Ok(())
}

impl SummarySheet<'_> {
    fn widen(&mut self, c: u16, w: usize) {
        if let Some(slot) = self.widths.get_mut(usize::from(c)) {
            *slot = (*slot).max(w);
        }
    }

    fn wrap(&mut self, row: u32, column: u16, text: impl Into<String>) {
        self.wrapped.push(WrappedText {
            row,
            column,
            text: text.into(),
        });
    }

    /// The title: the document's, or its file name.
    fn write_title(&mut self, file: &Facts<'_>) -> Result<(), XlsxError> {
        let title = file
            .title
            .map(str::to_string)
            .unwrap_or_else(|| file.file_name());
        let title_format = self.styles.get(Look::Title, None).clone();
        self.ws.merge_range(0, 0, 0, LAST_COL, "", &title_format)?;
        self.ws
            .write_string_with_format(0, 0, cell_text(&title), &title_format)?;
        self.ws
            .set_row_height(0, text::title_height(text::lines(&title, 120)))?;
        Ok(())
    }

    /// The document facts, from row 2; returns the row after them.
    fn write_facts(&mut self, document: &Document<'_>) -> Result<u32, XlsxError> {
        let file = &document.facts;
        let coverage = coverage_line(1, document.summary, self.lang);
        let tool = format!("{TOOL_NAME} {TOOL_VERSION}");
        let labels = fact_labels(self.lang);
        let mut row = 2u32;
        for (i, label) in labels.iter().enumerate() {
            let label_format = self.styles.get(Look::Label, None);
            self.ws
                .write_string_with_format(row, 0, *label, label_format)?;
            self.widen(0, text::width(label));
            let value_format = self.styles.get(Look::Value, None).clone();
            let ws = &mut *self.ws;
            match i {
                0 => {
                    ws.write_string_with_format(
                        row,
                        1,
                        cell_text(&file.file_name()),
                        &value_format,
                    )?;
                }
                1 => {
                    ws.write_string_with_format(row, 1, cell_text(file.sha256), &value_format)?;
                }
                2 => {
                    let bytes = self.styles.get(Look::PlainNumber(0), None);
                    ws.write_number_with_format(row, 1, file.bytes as f64, bytes)?;
                }
                3 => {
                    // As a person reads it, in local time with its offset.
                    let when = crate::report::readable_time(file.audited_at);
                    ws.write_string_with_format(row, 1, cell_text(&when), &value_format)?;
                }
                4 => {
                    ws.write_string_with_format(row, 1, &tool, &value_format)?;
                }
                _ => {
                    let wrap = self.styles.get(Look::Plain, None).clone();
                    ws.merge_range(row, 1, row, LAST_COL, "", &wrap)?;
                    ws.write_string_with_format(row, 1, &coverage, &wrap)?;
                    ws.set_row_height(row, text::row_height(text::lines(&coverage, 110)))?;
                }
            }
            row += 1;
        }
        Ok(row)
    }

    /// The coverage figures under their section heading at `row`; returns the next section's
    /// row.
    fn write_coverage(
        &mut self,
        s: &Summary,
        lines: &[TableLine],
        mut row: u32,
    ) -> Result<u32, XlsxError> {
        let lang = self.lang;
        // Audited as the coverage line counts them: score and structured tables alike.
        let audited = s.score_tables + s.structured_tables;
        // The rows of figures of every audited table (`Summary::rows` counts the score
        // tables' only).
        let rows: usize = lines
            .iter()
            .map(|l| match &l.outcome {
                LineOutcome::Score(score) => score.rows,
                LineOutcome::Skipped(_) => 0,
            })
            .sum();
        let section_format = self.styles.get(Look::Section, None);
        self.ws
            .write_string_with_format(row, 0, section(lang, 0), section_format)?;
        row += 1;
        let figures = [
            s.tables,
            audited,
            s.tables.saturating_sub(audited),
            rows,
            s.totals_checked,
            s.consistent,
            s.inconsistent,
            s.skipped,
        ];
        let labels = coverage_labels(lang, crate::report::terminal::totals_word(s));
        for ((c, label), n) in (0u16..).zip(labels).zip(figures) {
            let heading = self.styles.get(Look::Heading, None);
            self.ws.write_string_with_format(row, c, &label, heading)?;
            let number = self.styles.get(Look::Number(0), None);
            self.ws
                .write_number_with_format(row + 1, c, count(n), number)?;
            self.widen(c, text::width(&label));
            self.wrap(row, c, label);
        }
        Ok(row + 3)
    }

    /// The findings by severity under their section heading at `row`; returns the next
    /// section's row.
    fn write_severities(&mut self, s: &Summary, mut row: u32) -> Result<u32, XlsxError> {
        let lang = self.lang;
        let section_format = self.styles.get(Look::Section, None);
        self.ws
            .write_string_with_format(row, 0, section(lang, 1), section_format)?;
        row += 1;
        for (c, severity) in (0u16..).zip(Severity::ALL) {
            let label = words::severity(severity, lang);
            let heading = self.styles.get(Look::Heading, Some(severity));
            self.ws.write_string_with_format(row, c, label, heading)?;
            let number = self.styles.get(Look::Number(0), None);
            self.ws
                .write_number_with_format(row + 1, c, count(s.count(severity)), number)?;
            self.widen(c, text::width(label));
        }
        Ok(row + 3)
    }

    /// The table list under its section heading at `row`, one line per table; returns its
    /// heading row and its last row.
    fn write_tables(
        &mut self,
        document: &Document<'_>,
        lines: &[TableLine],
        layout: &Layout,
        mut row: u32,
    ) -> Result<(u32, u32), XlsxError> {
        let section_format = self.styles.get(Look::Section, None);
        self.ws
            .write_string_with_format(row, 0, section(self.lang, 2), section_format)?;
        row += 1;
        for (c, h) in (0u16..).zip(table_headings(self.lang)) {
            let heading = self.styles.get(Look::Heading, None);
            self.ws.write_string_with_format(row, c, h, heading)?;
            self.widen(c, text::width(h).min(16));
            self.wrap(row, c, h);
        }
        let header_row = row;
        let mut findings_per_table: HashMap<usize, usize> = HashMap::new();
        for f in document.findings {
            *findings_per_table.entry(f.table).or_default() += 1;
        }
        for t in lines {
            row += 1;
            let findings = findings_per_table.get(&t.table).copied().unwrap_or(0);
            self.write_table_line(t, findings, layout, row)?;
        }
        Ok((header_row, row))
    }

    /// One table's line at `row`: its number and title, then what its outcome says.
    fn write_table_line(
        &mut self,
        t: &TableLine,
        findings: usize,
        layout: &Layout,
        row: u32,
    ) -> Result<(), XlsxError> {
        let plain = self.styles.get(Look::Status, None).clone();
        let number = self.styles.get(Look::Number(0), None).clone();
        self.ws
            .write_number_with_format(row, 0, count(t.table), &number)?;
        let title = t.title.as_deref().unwrap_or("");
        self.ws
            .write_string_with_format(row, 1, cell_text(title), &plain)?;
        self.wrap(row, 1, title);
        self.widen(1, text::width(title));
        match &t.outcome {
            LineOutcome::Skipped(reason) => self.write_skipped(reason, &plain, row),
            LineOutcome::Score(score) => {
                self.write_score(t.table, score, findings, layout, (&plain, &number), row)
            }
        }
    }

    /// A skipped table: the reason in the rule column, the rest blank.
    fn write_skipped(&mut self, reason: &str, plain: &Format, row: u32) -> Result<(), XlsxError> {
        let lang = self.lang;
        let skipped = crate::messages::STATUS_SKIPPED.get(lang);
        self.ws.write_string_with_format(row, 2, skipped, plain)?;
        for c in 3..RULE_COL {
            self.ws.write_blank(row, c, plain)?;
        }
        let reason = crate::messages::translate(reason, lang);
        let why = lang.pick(format!("跳过：{reason}"), format!("skipped: {reason}"));
        self.ws
            .write_string_with_format(row, RULE_COL, cell_text(&why), plain)?;
        self.wrap(row, RULE_COL, why);
        self.ws.write_blank(row, QUOTE_COL, plain)?;
        self.ws.write_blank(row, REMARK_COL, plain)?;
        Ok(())
    }

    /// An audited table: a link to its sheet, its counts, its rule with the note it came
    /// from, and remarks on what its sheet leaves out.
    fn write_score(
        &mut self,
        table: usize,
        score: &ScoreLine,
        findings: usize,
        layout: &Layout,
        (plain, number): (&Format, &Format),
        row: u32,
    ) -> Result<(), XlsxError> {
        match layout.sheet(table) {
            Some(sheet) => {
                let url = Url::new(format!("internal:{}!A1", quote_sheet(sheet))).set_text(sheet);
                let link = self.styles.get(Look::LinkCell, None);
                self.ws.write_url_with_format(row, 2, url, link)?;
                self.widen(2, text::width(sheet));
            }
            None => {
                self.ws.write_blank(row, 2, plain)?;
            }
        }
        let figures = [
            score.rows,
            score.consistent,
            score.inconsistent,
            score.not_checked,
            findings,
        ];
        for (c, n) in (3u16..).zip(figures) {
            self.ws.write_number_with_format(row, c, count(n), number)?;
        }
        self.ws
            .write_string_with_format(row, RULE_COL, cell_text(&score.rule_text), plain)?;
        self.wrap(row, RULE_COL, score.rule_text.clone());
        match rule_quote(score.rule.as_ref(), table, self.lang) {
            Some(q) => {
                self.ws
                    .write_string_with_format(row, QUOTE_COL, cell_text(&q), plain)?;
                self.wrap(row, QUOTE_COL, q);
            }
            None => {
                self.ws.write_blank(row, QUOTE_COL, plain)?;
            }
        }
        match remark(score, self.lang) {
            Some(r) => {
                self.ws
                    .write_string_with_format(row, REMARK_COL, &r, plain)?;
                self.widen(REMARK_COL, text::width(&r));
                self.wrap(row, REMARK_COL, r);
            }
            None => {
                self.ws.write_blank(row, REMARK_COL, plain)?;
            }
        }
        Ok(())
    }

    /// Widths, then the heights of the rows with wrapped text (LibreOffice does not fit them).
    fn fit(&mut self) -> Result<(), XlsxError> {
        self.widen(RULE_COL, 40);
        self.widen(QUOTE_COL, 50);
        let caps = [14, 30, 24, 14, 14, 14, 14, 10, 40, 50, 30];
        let column_widths: Vec<f64> = self
            .widths
            .iter()
            .zip(caps)
            .map(|(w, cap)| text::column_width(*w, 8, cap))
            .collect();
        for (c, w) in (0u16..).zip(&column_widths) {
            self.ws.set_column_width(c, *w)?;
        }
        let mut lines: Vec<(u32, usize)> = Vec::with_capacity(self.wrapped.len());
        for cell in &self.wrapped {
            let width = column_widths
                .get(usize::from(cell.column))
                .map_or(10, |w| (*w as usize).saturating_sub(1));
            let l = text::lines(&cell.text, width);
            match lines.last_mut() {
                Some((last, most)) if *last == cell.row => *most = (*most).max(l),
                _ => lines.push((cell.row, l)),
            }
        }
        for (r, l) in lines {
            if l > 1 {
                self.ws.set_row_height(r, text::row_height(l))?;
            }
        }
        Ok(())
    }
}

/// The rule's note quoted, naming the table whose note it is when another's.
fn rule_quote(rule: Option<&AppliedRule>, table: usize, lang: Lang) -> Option<String> {
    let r = rule?;
    let q = r.quote.as_deref()?;
    let from = match r.from_table {
        Some(n) if n != table => lang.pick(
            format!("（表{n}的附注）"),
            format!(" (the note of table {n})"),
        ),
        _ => String::new(),
    };
    Some(lang.pick(format!("“{q}”{from}"), format!("\u{201c}{q}\u{201d}{from}")))
}

/// What a table's sheet leaves out: its chart (past [`MAX_CHART_ROWS`] rows, or past the first
/// [`CHARTED_TABLES`] tables when every total agrees), notes (past [`MAX_NOTES`]).
fn remark(score: &ScoreLine, lang: Lang) -> Option<String> {
    let no_chart = score.no_chart.and_then(|reason| match reason {
        NoChart::NoRows => None,
        NoChart::TooManyRows => Some(lang.pick(
            format!("超过{MAX_CHART_ROWS}行，未绘制图表"),
            format!("more than {MAX_CHART_ROWS} rows: no chart"),
        )),
        NoChart::AllAgree => Some(lang.pick(
            format!("总分全部一致，未绘制图表（前{CHARTED_TABLES}张表及总分有差异的表才绘制）"),
            format!(
                "every total agrees: no chart (drawn for the first {CHARTED_TABLES} tables and wherever a total differs)"
            ),
        )),
    });
    let notes_left_out = score.notes_left_out;
    let few_notes = (notes_left_out > 0).then(|| {
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
    (!remarks.is_empty()).then(|| remarks.join(lang.pick("；", "; ")))
}
