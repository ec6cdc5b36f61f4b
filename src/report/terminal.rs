//! The readable report: a coverage line, then the findings grouped by table, most severe
//! first, aligned by display width (a CJK character takes two columns).
//!
//! Text from the document (names, headings, notes, messages quoting them) is shown
//! [`escaped`](crate::error::escaped): a cell holding `ESC[2J` prints those characters instead of
//! clearing the screen.

use std::io::Write;

use anstyle::{AnsiColor, Style};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

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
    /// The terminal's width in columns: finding lines wrap between their fields, and messages
    /// between words, to fit it (`None`: one line per finding, as in a file).
    pub width: Option<usize>,
}

/// What the totals checked are, in Chinese: a score table's 总分, a budget table's 合计 (a
/// document of budget tables has no scores), or both.
pub(crate) fn totals_word(s: &Summary) -> &'static str {
    match (s.score_tables > 0, s.structured_tables > 0) {
        (false, true) => "合计",
        (true, true) => "总分与合计",
        _ => "总分",
    }
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
    let audited = score_tables + s.structured_tables;
    let skipped_tables = tables.saturating_sub(audited);
    // The data rows of score tables; a document of budget tables only has none to count.
    let rows = if *score_tables > 0 || s.structured_tables == 0 {
        lang.pick(format!("· {rows} 行 "), format!(" · {rows} rows"))
    } else {
        String::new()
    };
    let checked = totals_word(s);
    let score_tables = &audited;
    let line = match lang {
        Lang::Zh => format!(
            "{files} 个文件 · {tables} 张表（审核 {score_tables}，跳过 {skipped_tables}）{rows}· 核对{checked} {totals_checked}：一致 {consistent}，不一致 {inconsistent}，未核对 {skipped} · 发现：严重 {critical}，错误 {error}，警告 {warning}，提示 {notice}"
        ),
        Lang::En => format!(
            "{files} file{} · {tables} tables ({score_tables} audited, {skipped_tables} skipped){rows} · totals checked {totals_checked}: {consistent} consistent, {inconsistent} inconsistent, {skipped} not checked · findings: {critical} critical, {error} error, {warning} warning, {notice} notice",
            if files == 1 { "" } else { "s" },
        ),
    };
    let kinds = relations_by_kind(s, lang);
    if kinds.is_empty() {
        line
    } else {
        format!("{line} · {kinds}")
    }
}

/// Said after the name of a file audited through a conversion: the audit read the .docx the
/// converter made, not the file itself.
pub fn converted_note(converter: &str, lang: Lang) -> String {
    lang.pick(
        format!("（由 {converter} 转换为 .docx 后审核）"),
        format!(" (audited as converted to .docx by {converter})"),
    )
}

/// The relations of the structured tables counted by kind, in the engine's order
/// (`合计 12 · 小计 3 · 增减额 10`); empty when there are none.
pub fn relations_by_kind(s: &Summary, lang: Lang) -> String {
    use crate::annex::structure::RelationKind as K;
    let kinds = [
        (K::ColumnSum, "合计", "column sums"),
        (K::Subtotal, "小计", "subtotals"),
        (K::Hierarchy, "上级科目", "parents"),
        (K::PartOf, "其中", "of-which lists"),
        (K::RowTotal, "合计列", "row totals"),
        (K::Difference, "增减额", "differences"),
        (K::Rate, "增减率", "rates"),
        (K::Share, "占比", "shares"),
        (K::Product, "乘积", "products"),
    ];
    // Then the document-level relations: between tables, and against the text.
    let document = [
        ("crosscheck", "表间核对", "between tables"),
        ("text", "文表核对", "against the text"),
    ];
    kinds
        .iter()
        .map(|(kind, zh, en)| (kind.as_str(), zh, en))
        .chain(document.iter().map(|(kind, zh, en)| (*kind, zh, en)))
        .filter_map(|(kind, zh, en)| {
            let n = *s.relations_by_kind.get(kind)?;
            Some(match lang {
                Lang::Zh => format!("{zh} {n}"),
                Lang::En => format!("{n} {en}"),
            })
        })
        .collect::<Vec<_>>()
        .join(" · ")
}

fn severity_style(severity: Severity) -> Style {
    match severity {
        Severity::Critical => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
        Severity::Error => Style::new().fg_color(Some(AnsiColor::Red.into())),
        Severity::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Notice => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
    }
}

/// The pieces a line may break between: a run of spaces; a cell reference
/// (`'工作表'!J15`) whole; a CJK character with the punctuation that may not start a line;
/// any other run of characters (a word, a number, `40+15+10`).
fn atoms(text: &str) -> Vec<&str> {
    const NO_LINE_START: &str = "，。、；：？！）》」』”’…%）";
    let mut atoms = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let len = if c == '\'' {
            // A quoted sheet name followed by `!` and a cell: one piece.
            match rest[1..].find("'!") {
                Some(close) => {
                    let after = 1 + close + 2;
                    after
                        + rest[after..]
                            .find(|ch: char| !ch.is_ascii_alphanumeric() && ch != '$' && ch != ':')
                            .unwrap_or(rest.len() - after)
                }
                None => c.len_utf8(),
            }
        } else if c.is_whitespace() {
            rest.find(|ch: char| !ch.is_whitespace())
                .unwrap_or(rest.len())
        } else if c.width().unwrap_or(0) == 2 || NO_LINE_START.contains(c) {
            let mut end = c.len_utf8();
            for next in rest[end..].chars() {
                if NO_LINE_START.contains(next) {
                    end += next.len_utf8();
                } else {
                    break;
                }
            }
            end
        } else {
            rest.find(|ch: char| {
                ch.is_whitespace() || ch.width().unwrap_or(0) == 2 || NO_LINE_START.contains(ch)
            })
            .unwrap_or(rest.len())
        };
        let len = len.max(c.len_utf8()).min(rest.len());
        atoms.push(&rest[..len]);
        rest = &rest[len..];
    }
    atoms
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
            // The fields after the severity, each padded to its column, then the cell.
            let mut fields: Vec<String> = (1..5).map(|i| pad(&c[i], widths[i])).collect();
            if let Some(cell) = layout.finding_cell(f) {
                fields.push(cell);
            }
            if self.verbose {
                fields.push(format!("[{}]", f.id));
            }
            match self.width {
                None => {
                    let line = format!("  {severity}  {}", fields.join("  "));
                    lines.push(line.trim_end().to_string());
                }
                Some(width) => {
                    // Wrapped between fields, never inside one: a cell reference stays whole.
                    let mut line = format!("  {severity}");
                    let mut used = 2 + widths[0];
                    for field in fields.iter().filter(|f| !f.trim().is_empty()) {
                        let w = field.trim_end().width();
                        if used + 2 + w > width && used > indent {
                            lines.push(line.trim_end().to_string());
                            line = " ".repeat(indent);
                            used = indent;
                        } else {
                            line.push_str("  ");
                            used += 2;
                        }
                        line.push_str(field);
                        used += field.width();
                    }
                    lines.push(line.trim_end().to_string());
                }
            }
            let message = escaped(&f.message);
            lines.extend(self.wrapped(&message, indent, ""));
            if let Some(e) = &f.explanation {
                lines.extend(self.wrapped(&escaped(e), indent, "→ "));
            }
        }
        lines
    }

    /// `text` after `indent` spaces and `lead`, in lines that fit the width (continuations under
    /// the text): broken at spaces or between CJK characters, never inside a number, a word or
    /// a cell reference (`'市人民政府组成部门'!J15`). One line without a width.
    fn wrapped(&self, text: &str, indent: usize, lead: &str) -> Vec<String> {
        let first = format!("{}{lead}", " ".repeat(indent));
        let Some(width) = self.width else {
            return vec![format!("{first}{text}")];
        };
        let start = indent + lead.width();
        let room = width.saturating_sub(start).max(20);
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut used = 0;
        for atom in atoms(text) {
            let w = atom.width();
            if used + w > room && used > 0 {
                lines.push(line.trim_end().to_string());
                line = String::new();
                used = 0;
                if atom.trim().is_empty() {
                    continue;
                }
            }
            line.push_str(atom);
            used += w;
        }
        lines.push(line.trim_end().to_string());
        lines
            .into_iter()
            .enumerate()
            .map(|(i, l)| {
                if i == 0 {
                    format!("{first}{l}")
                } else {
                    format!("{}{l}", " ".repeat(start))
                }
            })
            .collect()
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
                lines.extend(self.wrapped(
                    &format!(
                        "{label}  {title}  {}{}",
                        lang.pick("跳过：", "skipped: "),
                        escaped(&crate::messages::translate(reason, lang))
                    ),
                    0,
                    "",
                ));
            }
            TableOutcome::Structured {
                structure,
                template,
                ..
            } => {
                lines.push(String::new());
                lines.push(self.paint(
                    Style::new().bold(),
                    &structured_line(&label, &title, structure, template, lang),
                ));
                lines.extend(self.findings_block(findings, layout, lang));
                for n in &structure.not_recomputed {
                    let row = structure
                        .rows
                        .get(n.cell.table_row)
                        .and_then(|r| r.label.as_deref())
                        .unwrap_or_default();
                    let column = structure
                        .columns
                        .get(n.cell.column)
                        .map(|c| c.path.as_str())
                        .unwrap_or_default();
                    let why = n.reason.words();
                    let (row, column, published) =
                        (escaped(row), escaped(column), escaped(&n.cell.published));
                    lines.push(match lang {
                        Lang::Zh => format!("  {row} {column} {published}：未重新计算，{}", why.zh),
                        Lang::En => {
                            format!("  {row} {column} {published}: not recomputed, {}", why.en)
                        }
                    });
                }
            }
            TableOutcome::Score {
                sheet,
                rows,
                rule_text,
                template,
                ..
            } => {
                let sheet_name = layout.sheet(t.table).unwrap_or("");
                lines.push(String::new());
                let heading = format!(
                    "{label}  {title}  → {sheet_name} · {} {} · {} · {} {}",
                    rows.len(),
                    lang.pick("行", "rows"),
                    escaped(rule_text),
                    lang.pick("模板", "template"),
                    escaped(template)
                );
                for line in self.wrapped(&heading, 0, "") {
                    lines.push(self.paint(Style::new().bold(), &line));
                }
                if let Some(side_by_side) = &sheet.side_by_side {
                    let text = super::side_by_side_text(side_by_side, lang);
                    lines.extend(self.wrapped(&escaped(&text), 2, ""));
                }
                lines.extend(self.findings_block(findings, layout, lang));
                // One reason for every row (a ranked list publishes no parts) is said once.
                let reasons: Vec<&String> = rows
                    .iter()
                    .filter_map(|r| match &r.status {
                        RowStatus::NotChecked(why) => Some(why),
                        _ => None,
                    })
                    .collect();
                let shared = match reasons.split_first() {
                    Some((first, rest))
                        if rows.len() > 1
                            && reasons.len() == rows.len()
                            && rest.iter().all(|w| w == first) =>
                    {
                        Some(*first)
                    }
                    _ => None,
                };
                if let Some(why) = shared {
                    let why = crate::messages::translate(why, lang);
                    let why = escaped(&why);
                    let line = match lang {
                        Lang::Zh => format!("全部{}行：未核对总分，{why}", rows.len()),
                        Lang::En => format!("all {} rows: total not checked, {why}", rows.len()),
                    };
                    lines.extend(self.wrapped(&line, 2, ""));
                }
                for r in rows.iter().filter(|_| shared.is_none()) {
                    if let RowStatus::NotChecked(why) = &r.status {
                        let data = sheet.row(r.number);
                        let name =
                            escaped(data.and_then(|d| d.name.as_deref()).unwrap_or_default());
                        let why = crate::messages::translate(why, lang);
                        let why = escaped(&why);
                        let line = match lang {
                            Lang::Zh => format!("第{}行 {name}：未核对总分，{why}", r.number),
                            Lang::En => {
                                format!("row {} {name}: total not checked, {why}", r.number)
                            }
                        };
                        lines.extend(self.wrapped(&line, 2, ""));
                    }
                }
                for s in &sheet.skipped_rows {
                    let row = super::sheet_row(s.table_row);
                    let why = super::skip_reason_text(&s.reason, lang);
                    let why = escaped(&why);
                    let line = match lang {
                        Lang::Zh => format!("工作表第{row}行不是数据行，未审核：{why}"),
                        Lang::En => {
                            format!("sheet row {row} is not a data row, not audited: {why}")
                        }
                    };
                    lines.extend(self.wrapped(&line, 2, ""));
                }
                if sheet.column(Role::Total).is_none() {
                    lines.push(lang.pick("  无总分列", "  no total column").to_string());
                }
            }
        }
        lines
    }
}

/// The bold line of a structured table: its template, unit and relations.
fn structured_line(
    label: &str,
    title: &str,
    structure: &crate::annex::structure::TableStructure,
    template: &str,
    lang: Lang,
) -> String {
    use crate::annex::structure::RelationResult;
    let total = structure.relations.len();
    let consistent = structure
        .results
        .iter()
        .filter(|e| e.result == RelationResult::Consistent)
        .count();
    let inconsistent = structure
        .results
        .iter()
        .filter(|e| e.result.is_finding())
        .count();
    // Blank targets over blank operands: nothing published, nothing to check.
    let blank = structure
        .results
        .iter()
        .filter(|e| {
            e.result
                == RelationResult::NotCheckable {
                    reason: crate::annex::structure::NotCheckableReason::NothingPublished,
                }
        })
        .count();
    let unchecked = total - consistent - inconsistent - blank;
    let unit = escaped(structure.unit.as_deref().unwrap_or("—"));
    let template = escaped(template);
    match lang {
        Lang::Zh => format!(
            "{label}  {title}  · 模板 {template} · 单位 {unit} · 勾稽关系 {total}：一致 {consistent}，不一致 {inconsistent}，未核对 {unchecked}，空白 {blank}"
        ),
        Lang::En => format!(
            "{label}  {title}  · template {template} · unit {unit} · relations {total}: {consistent} consistent, {inconsistent} inconsistent, {unchecked} not checked, {blank} blank"
        ),
    }
}

impl Report for Terminal {
    fn render(&self, file: &AuditedFile, layout: &Layout, out: &mut dyn Write) -> Result<()> {
        for line in self.lines(file, layout) {
            writeln!(out, "{line}").map_err(|e| Error::io("the report", e))?;
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
        let mut name = end.facts.file_name();
        if let Some(converter) = end.facts.converted_by {
            name.push_str(&converted_note(converter, end.lang));
        }
        let coverage = self.terminal.coverage(&name, end.summary, end.lang);
        let coverage = self.terminal.wrapped(&coverage, 0, "");
        self.lines.splice(0..0, coverage);
        let document: Vec<&Finding> = end
            .findings
            .iter()
            .filter(|f| f.check.is_document_level())
            .collect();
        if !self.terminal.quiet && !document.is_empty() {
            self.lines.push(String::new());
            self.lines.push(
                self.terminal.paint(
                    Style::new().bold(),
                    end.lang
                        .pick("表间与文表核对", "Between tables and against the text"),
                ),
            );
            self.lines.extend(
                self.terminal
                    .findings_block(&document, end.layout, end.lang),
            );
        }
        if !self.terminal.quiet {
            let when = super::readable_time(end.facts.audited_at);
            self.lines.push(format!(
                "{}{when}",
                end.lang.pick("审核时间：", "audited at ")
            ));
        }
        Ok(())
    }

    fn deliver(self: Box<Self>, rendered: &mut Rendered) {
        rendered.terminal = self.lines;
    }
}

#[cfg(test)]
mod wrap_tests {
    use super::*;

    #[test]
    fn atoms_cover_the_text_and_keep_cell_references_whole() {
        for text in [
            "总分应为 91.70，发布为 91.71（相差 0.01）",
            "see '市人民政府组成部门'!J15, then 'x'!$A$1:B2.",
            "'unclosed quote 一二",
            "",
            "  spaced   out  ",
        ] {
            assert_eq!(atoms(text).concat(), text);
        }
        assert!(atoms("see '市人民政府组成部门'!J15, then").contains(&"'市人民政府组成部门'!J15"));
        assert!(atoms("发布为 91.71（相差").contains(&"91.71"));
        // Punctuation that may not start a line stays with the character before it.
        assert!(atoms("应为，发布").contains(&"为，"));
    }

    #[test]
    fn wrapped_lines_fit_and_continue_under_the_text() {
        let terminal = Terminal {
            width: Some(30),
            ..Terminal::default()
        };
        let lines = terminal.wrapped("the column maxima add up to 115, but the header", 4, "→ ");
        assert!(lines.iter().all(|l| l.width() <= 30), "{lines:?}");
        assert!(lines[0].starts_with("    → the"));
        assert!(lines[1].starts_with("      "));
    }
}
