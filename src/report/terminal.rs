//! The readable report: a coverage line, then the findings grouped by table, most severe
//! first, aligned by display width (a CJK character takes two columns).
//!
//! Text from the document (names, headings, notes, messages quoting them) is shown
//! [`escaped`](crate::error::escaped): a cell holding `ESC[2J` prints those characters instead of
//! clearing the screen.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use unicode_width::UnicodeWidthStr;

use super::{
    AuditedFile, Layout, Rendered, Report, ReportSink, SinkFinish, SinkTable, render_file,
};
use crate::annex::Role;
use crate::audit::{Finding, Lang, RowStatus, Severity, Summary, TableAudit, TableOutcome};
use crate::error::escaped;
use crate::{Error, Result};

/// The terminal report.
#[derive(Debug, Clone, Copy, Default)]
pub struct Terminal {
    /// Colour the severities (ANSI).
    pub color: bool,
    /// Only the coverage line.
    pub quiet: bool,
    /// Show each finding's id (`-v`), the handle of the reviewer's notes.
    pub verbose: bool,
}

/// The coverage line: files, tables, rows, totals checked / consistent / inconsistent /
/// skipped, and findings by severity.
///
/// ```
/// use annex_audit::audit::{Lang, Summary};
/// let s = Summary { tables: 3, score_tables: 3, rows: 45, totals_checked: 45, consistent: 45, warning: 1, ..Summary::default() };
/// let line = annex_audit::report::coverage_line(1, &s, Lang::En);
/// assert!(line.contains("45 rows") && line.contains("45 consistent"));
/// ```
pub fn coverage_line(files: usize, s: &Summary, lang: Lang) -> String {
    let Summary {
        tables,
        score_tables,
        rows,
        totals_checked,
        consistent,
        inconsistent,
        skipped,
        critical,
        error,
        warning,
        notice,
        ..
    } = s;
    let skipped_tables = tables - score_tables;
    match lang {
        Lang::Zh => format!(
            "{files} 个文件 · {tables} 张表（审核 {score_tables}，跳过 {skipped_tables}）· {rows} 行 · 核对总分 {totals_checked}：一致 {consistent}，不一致 {inconsistent}，未核对 {skipped} · 发现：严重 {critical}，错误 {error}，警告 {warning}，提示 {notice}"
        ),
        Lang::En => format!(
            "{files} file{} · {tables} tables ({score_tables} audited, {skipped_tables} skipped) · {rows} rows · totals checked {totals_checked}: {consistent} consistent, {inconsistent} inconsistent, {skipped} not checked · findings: {critical} critical, {error} error, {warning} warning, {notice} notice",
            if files == 1 { "" } else { "s" },
        ),
    }
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Error => Style::new().fg_color(Some(AnsiColor::Red.into())),
        Severity::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Notice => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
    }
}

/// Pads `text` with spaces to `width` display columns.
fn pad(text: &str, width: usize) -> String {
    let w = text.width();
    format!("{text}{}", " ".repeat(width.saturating_sub(w)))
}

impl Terminal {
    fn paint(&self, style: Style, text: &str) -> String {
        if self.color {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }

    fn findings_block(&self, findings: &[&Finding], layout: &Layout, lang: Lang) -> Vec<String> {
        let row_text = |f: &Finding| match (f.row, lang) {
            (Some(r), Lang::Zh) => format!("第{r}行"),
            (Some(r), Lang::En) => format!("row {r}"),
            (None, _) => "—".to_string(),
        };
        let cells: Vec<[String; 5]> = findings
            .iter()
            .map(|f| {
                [
                    f.severity.name(lang).to_string(),
                    f.check.name(lang).to_string(),
                    row_text(f),
                    escaped(f.name.as_deref().unwrap_or_default()).into_owned(),
                    escaped(f.column.as_deref().unwrap_or_default()).into_owned(),
                ]
            })
            .collect();
        let widths: Vec<usize> = (0..5)
            .map(|i| cells.iter().map(|c| c[i].width()).max().unwrap_or(0))
            .collect();
        let indent = 2 + widths[0] + 2;
        let mut lines = Vec::new();
        for (f, c) in findings.iter().zip(&cells) {
            let severity = self.paint(severity_style(f.severity), &pad(&c[0], widths[0]));
            let mut line = format!(
                "  {severity}  {}  {}  {}  {}",
                pad(&c[1], widths[1]),
                pad(&c[2], widths[2]),
                pad(&c[3], widths[3]),
                pad(&c[4], widths[4]),
            );
            if let Some(cell) = layout.finding_cell(f) {
                line.push_str("  ");
                line.push_str(&cell);
            }
            if self.verbose {
                line.push_str("  [");
                line.push_str(&f.id);
                line.push(']');
            }
            lines.push(line.trim_end().to_string());
            lines.push(format!("{}{}", " ".repeat(indent), escaped(&f.message)));
            if let Some(e) = &f.explanation {
                lines.push(format!("{}→ {}", " ".repeat(indent), escaped(e)));
            }
        }
        lines
    }

    /// The report's lines, without the trailing newline.
    pub fn lines(&self, file: &AuditedFile, layout: &Layout) -> Vec<String> {
        let mut sink = self.sink();
        // The terminal sink makes lines in memory and never fails.
        let _ = render_file(&mut sink, file, layout);
        sink.into_lines()
    }

    /// The first line: the file's name and its coverage.
    pub(crate) fn coverage(&self, file_name: &str, summary: &Summary, lang: Lang) -> String {
        format!(
            "{}: {}",
            escaped(file_name),
            coverage_line(1, summary, lang)
        )
    }

    /// The lines about one table; `findings` are the table's, in the report's order.
    pub(crate) fn table_lines(
        &self,
        t: &TableAudit,
        findings: &[&Finding],
        layout: &Layout,
        lang: Lang,
    ) -> Vec<String> {
        let mut lines = Vec::new();
        let title = escaped(t.title.as_deref().unwrap_or(""));
        let label = match lang {
            Lang::Zh => format!("表 {}", t.table),
            Lang::En => format!("table {}", t.table),
        };
        match &t.outcome {
            TableOutcome::Skipped { reason } => {
                lines.push(format!(
                    "{label}  {title}  {}{}",
                    lang.pick("跳过：", "skipped: "),
                    escaped(&crate::messages::translate(reason, lang))
                ));
            }
            TableOutcome::Score {
                sheet,
                rows,
                rule_text,
                ..
            } => {
                let sheet_name = layout.sheet(t.table).unwrap_or("");
                lines.push(String::new());
                lines.push(self.paint(
                    Style::new().bold(),
                    &format!(
                        "{label}  {title}  → {sheet_name} · {} {} · {}",
                        rows.len(),
                        lang.pick("行", "rows"),
                        escaped(rule_text)
                    ),
                ));
                lines.extend(self.findings_block(findings, layout, lang));
                for r in rows {
                    if let RowStatus::NotChecked(why) = &r.status {
                        let data = sheet.row(r.number);
                        let name =
                            escaped(data.and_then(|d| d.name.as_deref()).unwrap_or_default());
                        let why = crate::messages::translate(why, lang);
                        let why = escaped(&why);
                        lines.push(match lang {
                            Lang::Zh => format!("  第{}行 {name}：未核对总分，{why}", r.number),
                            Lang::En => {
                                format!("  row {} {name}: total not checked, {why}", r.number)
                            }
                        });
                    }
                }
                for s in &sheet.skipped_rows {
                    let row = s.table_row + 1;
                    let why = super::skip_reason_text(&s.reason, lang);
                    let why = escaped(&why);
                    lines.push(match lang {
                        Lang::Zh => format!("  表内第{row}行不是数据行，未审核：{why}"),
                        Lang::En => {
                            format!("  table row {row} is not a data row, not audited: {why}")
                        }
                    });
                }
                if sheet.column(Role::Total).is_none() {
                    lines.push(lang.pick("  无总分列", "  no total column").to_string());
                }
            }
        }
        lines
    }
}

impl Report for Terminal {
    fn render(&self, file: &AuditedFile, layout: &Layout, out: &mut dyn Write) -> Result<()> {
        for line in self.lines(file, layout) {
            writeln!(out, "{line}").map_err(|e| Error::io("stderr", e))?;
        }
        Ok(())
    }
}

/// The terminal report's sink: the lines of each table (unless quiet), the coverage line
/// first at the end.
#[derive(Debug)]
pub struct TerminalSink {
    terminal: Terminal,
    lines: Vec<String>,
}

impl Terminal {
    /// This report as a [`ReportSink`].
    pub fn sink(&self) -> TerminalSink {
        TerminalSink {
            terminal: *self,
            lines: Vec::new(),
        }
    }
}

impl TerminalSink {
    /// The report's lines, once finished.
    pub fn into_lines(self) -> Vec<String> {
        self.lines
    }
}

impl ReportSink for TerminalSink {
    fn table(&mut self, step: &SinkTable<'_>) -> Result<()> {
        if !self.terminal.quiet {
            self.lines.extend(self.terminal.table_lines(
                step.table,
                step.findings,
                step.layout,
                step.lang,
            ));
        }
        Ok(())
    }

    fn finish(&mut self, end: &SinkFinish<'_>) -> Result<()> {
        let coverage = self
            .terminal
            .coverage(&end.facts.file_name(), end.summary, end.lang);
        self.lines.insert(0, coverage);
        Ok(())
    }

    fn deliver(self: Box<Self>, rendered: &mut Rendered) {
        rendered.terminal = self.lines;
    }
}
