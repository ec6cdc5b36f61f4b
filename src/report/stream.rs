//! Reports rendered table by table, as the audit completes each continuation chain: a table's
//! sheet, its JSON member and its terminal lines are made as soon as its turn comes, and the
//! table (its cells, values and row audits) is dropped. What the document-level parts need
//! (the findings, the counts, one summary line per table) is kept until the end, where the
//! summary and discrepancy sheets, the JSON document and the coverage line are written.
//!
//! The output is the same as rendering the finished [`AuditReport`](crate::audit::AuditReport)
//! with [`Xlsx`], [`Json`](super::Json) and [`Terminal`]: the sheets are named in table
//! number order by the same [`Layout`] steps, each table's findings are in the report's order,
//! and the JSON document is written member by member exactly as `serde_json` pretty-prints it.
//! A table is rendered only once every table with a smaller number is (a nested table
//! completes before its parent) and once the report's language is known (it names the sheets).

use std::collections::{BTreeMap, HashMap};

use serde_json::Value;

use super::json::{TablesSpool, document_value, pretty, table_value, write_document};
use super::xlsx::{Document, WorkbookBuilder, workbook_error};
use super::{Facts, Layout, Output, Terminal, Xlsx};
use crate::Result;
use crate::audit::{Finding, Lang, Severity, Summary, TableAudit, finding_order};

/// Which reports to render.
#[derive(Debug, Clone, Default)]
pub struct StreamOptions {
    /// The workbook, with these settings.
    pub workbook: Option<Xlsx>,
    /// The JSON document.
    pub json: bool,
    /// The terminal report (its per-table lines unless it is quiet).
    pub terminal: Option<Terminal>,
    /// A bookmark the caller selected: [`Rendered::bookmark_found`] tells whether an audited
    /// table or a table holding it was seen.
    pub bookmark: Option<String>,
    /// Write the workbook and the JSON document on two threads at the end.
    pub parallel_finish: bool,
}

/// The reports of one document, rendered as its tables come.
pub struct ReportStream {
    options: StreamOptions,
    /// Once the language is known: the layout, and the workbook being written.
    started: Option<(Layout, Option<WorkbookBuilder>)>,
    /// Tables waiting for their turn (or for the language), by number.
    waiting: BTreeMap<usize, TableAudit>,
    /// Findings of the waiting tables, by table.
    waiting_findings: HashMap<usize, Vec<Finding>>,
    /// The number of the next table to render.
    next: usize,
    /// Every finding of the rendered tables.
    findings: Vec<Finding>,
    summary: Summary,
    /// The JSON document's tables so far, when the document is asked for.
    json_tables: Option<TablesSpool>,
    terminal_lines: Vec<String>,
    bookmark_found: bool,
}

/// What a [`ReportStream`] produced.
#[derive(Debug)]
pub struct Rendered {
    /// The report's language.
    pub lang: Lang,
    /// The counts.
    pub summary: Summary,
    /// Every finding, in the report's order.
    pub findings: Vec<Finding>,
    /// Where the tables and findings are in the workbook.
    pub layout: Layout,
    /// The workbook, when asked for.
    pub workbook: Option<Output>,
    /// The JSON document (with its final newline), when asked for.
    pub json: Option<Output>,
    /// The terminal report's lines, when asked for.
    pub terminal: Vec<String>,
    /// Whether an audited table, or a table holding the selected bookmark, was seen.
    pub bookmark_found: bool,
}

impl Rendered {
    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }
}

impl ReportStream {
    /// A stream rendering the reports `options` asks for.
    pub fn new(options: StreamOptions) -> Self {
        let json_tables = options.json.then(TablesSpool::default);
        ReportStream {
            options,
            started: None,
            waiting: BTreeMap::new(),
            waiting_findings: HashMap::new(),
            next: 1,
            findings: Vec::new(),
            summary: Summary::default(),
            json_tables,
            terminal_lines: Vec::new(),
            bookmark_found: false,
        }
    }

    /// Takes the tables and findings of completed chains (in any order) and renders the tables
    /// whose turn has come; `lang` is the report's language once it is decided.
    pub fn push(
        &mut self,
        lang: Option<Lang>,
        tables: Vec<TableAudit>,
        findings: Vec<Finding>,
    ) -> Result<()> {
        for f in findings {
            self.waiting_findings.entry(f.table).or_default().push(f);
        }
        for t in tables {
            self.waiting.insert(t.table, t);
        }
        let Some(lang) = lang else {
            return Ok(());
        };
        while let Some(entry) = self.waiting.first_entry() {
            if *entry.key() != self.next {
                break;
            }
            let t = entry.remove();
            self.render(t, lang)?;
        }
        Ok(())
    }

    fn start(&mut self, lang: Lang) -> Result<()> {
        if self.started.is_none() {
            let layout = Layout::for_language(lang);
            let workbook = match &self.options.workbook {
                Some(xlsx) => Some(WorkbookBuilder::new(xlsx, &layout).map_err(workbook_error)?),
                None => None,
            };
            self.started = Some((layout, workbook));
        }
        Ok(())
    }

    /// Renders one table in every report, then keeps only what the end needs.
    fn render(&mut self, t: TableAudit, lang: Lang) -> Result<()> {
        self.start(lang)?;
        let Some((layout, workbook)) = self.started.as_mut() else {
            return Ok(());
        };
        self.next = t.table.saturating_add(1);
        let mut findings = self.waiting_findings.remove(&t.table).unwrap_or_default();
        // Stable, like the report's sort: ties keep the order in which the checks found them.
        findings.sort_by(finding_order);
        let sheet_name = layout.add_table(&t).map(str::to_string);
        let refs: Vec<&Finding> = findings.iter().collect();
        if let Some(workbook) = workbook {
            workbook
                .add_table(&t, sheet_name.as_deref(), refs.clone(), lang)
                .map_err(workbook_error)?;
        }
        if let Some(json_tables) = &mut self.json_tables {
            json_tables.push(&pretty(&table_value(&t, layout, lang)))?;
        }
        if let Some(terminal) = &self.options.terminal
            && !terminal.quiet
        {
            self.terminal_lines
                .extend(terminal.table_lines(&t, &refs, layout, lang));
        }
        if let Some(bookmark) = &self.options.bookmark {
            self.bookmark_found |= t.sheet().is_some() || t.bookmarks.contains(bookmark);
        }
        self.summary.count_table(&t);
        self.findings.extend(findings);
        Ok(())
    }

    /// Renders what is left once the audit is finished (`lang`, `tables` and `findings` as
    /// [`Auditor::finish_completed`](crate::audit::Auditor::finish_completed) returns them),
    /// then the document-level parts about the file `facts`.
    pub fn finish(
        mut self,
        lang: Lang,
        tables: Vec<TableAudit>,
        findings: Vec<Finding>,
        facts: &Facts<'_>,
    ) -> Result<Rendered> {
        self.push(Some(lang), tables, findings)?;
        // Numbers never skip in practice; if one did, the rest still go in number order.
        while let Some((_, t)) = self.waiting.pop_first() {
            self.render(t, lang)?;
        }
        self.start(lang)?;
        let mut findings = std::mem::take(&mut self.findings);
        findings.sort_by(finding_order);
        let mut summary = std::mem::take(&mut self.summary);
        for f in &findings {
            summary.count_finding(f);
        }
        let Some((layout, workbook)) = self.started.take() else {
            unreachable!("started above");
        };
        let document = Document {
            facts: *facts,
            lang,
            summary: &summary,
            findings: &findings,
        };
        let options = &self.options;
        let json_tables = self.json_tables.take();
        let render_workbook = |workbook: Option<WorkbookBuilder>| -> Result<Option<Output>> {
            match (workbook, &options.workbook) {
                (Some(builder), Some(xlsx)) => {
                    let mut out = Output::new();
                    builder.finish(xlsx, &document, &layout, &mut out)?;
                    Ok(Some(out))
                }
                _ => Ok(None),
            }
        };
        let render_json = || -> Result<Option<Output>> {
            let Some(json_tables) = json_tables else {
                return Ok(None);
            };
            let value = document_value(
                facts,
                lang,
                &[],
                &summary,
                &layout,
                Value::Array(Vec::new()),
            );
            let mut out = Output::new();
            write_document(&mut out, &value, json_tables, &findings, &layout)?;
            Ok(Some(out))
        };
        let (workbook, json) = if options.parallel_finish && workbook.is_some() && options.json {
            std::thread::scope(|scope| {
                let json = scope.spawn(render_json);
                let workbook = render_workbook(workbook);
                let json = json
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
                (workbook, json)
            })
        } else {
            (render_workbook(workbook), render_json())
        };
        let (workbook, json) = (workbook?, json?);
        let mut terminal = Vec::new();
        if let Some(t) = &self.options.terminal {
            terminal.push(t.coverage(&facts.file_name(), &summary, lang));
            terminal.append(&mut self.terminal_lines);
        }
        Ok(Rendered {
            lang,
            summary,
            findings,
            layout,
            workbook,
            json,
            terminal,
            bookmark_found: self.bookmark_found,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::{audited_clean, audited_with_errors};
    use crate::report::{AuditedFile, Json, Report};

    /// Renders `file`'s tables through a stream, fed in reverse order two tables at a time
    /// (as nested tables and continuation chains arrive out of order).
    fn streamed(file: &AuditedFile, lang_known_early: bool) -> Rendered {
        let report = &file.report;
        let mut stream = ReportStream::new(StreamOptions {
            workbook: Some(Xlsx::default()),
            json: true,
            terminal: Some(Terminal::default()),
            bookmark: None,
            parallel_finish: true,
        });
        let mut tables: Vec<TableAudit> = report.tables.clone();
        tables.reverse();
        let mut findings = report.findings.clone();
        findings.reverse();
        let last = tables.split_off(tables.len().min(2));
        for pair in tables.chunks(2) {
            let numbers: Vec<usize> = pair.iter().map(|t| t.table).collect();
            let (mine, rest): (Vec<Finding>, Vec<Finding>) = std::mem::take(&mut findings)
                .into_iter()
                .partition(|f| numbers.contains(&f.table));
            findings = rest;
            let lang = lang_known_early.then_some(report.lang);
            stream
                .push(lang, pair.to_vec(), mine)
                .expect("the tables render");
        }
        stream
            .finish(report.lang, last, findings, &file.facts())
            .expect("the reports render")
    }

    #[test]
    fn a_streamed_report_is_the_whole_reports_rendering() {
        for file in [
            audited_with_errors(None),
            audited_with_errors(Some(Lang::En)),
            audited_clean(None),
        ] {
            let layout = Layout::new(&file.report);
            let workbook = Xlsx::default()
                .to_bytes(&file, &layout)
                .expect("the workbook renders");
            let mut json = Vec::new();
            Json.render(&file, &layout, &mut json)
                .expect("the JSON renders");
            let terminal = Terminal::default().lines(&file, &layout);
            for early in [true, false] {
                let mut rendered = streamed(&file, early);
                assert_eq!(rendered.layout, layout);
                assert_eq!(rendered.findings, file.report.findings);
                assert_eq!(rendered.summary, file.report.summary);
                let bytes = |output: &mut Option<Output>| {
                    output.as_mut().map(|o| o.to_bytes().expect("readable"))
                };
                assert!(bytes(&mut rendered.workbook) == Some(workbook.clone()));
                assert!(bytes(&mut rendered.json) == Some(json.clone()));
                assert_eq!(rendered.terminal, terminal);
            }
        }
    }

    #[test]
    fn the_json_document_is_written_as_serde_json_pretty_prints_it() {
        for file in [audited_with_errors(None), audited_clean(Some(Lang::En))] {
            let layout = Layout::new(&file.report);
            let mut expected =
                serde_json::to_vec_pretty(&crate::report::json_value(&file, &layout))
                    .expect("JSON");
            expected.push(b'\n');
            let mut written = Vec::new();
            Json.render(&file, &layout, &mut written)
                .expect("the JSON renders");
            assert_eq!(
                String::from_utf8_lossy(&written),
                String::from_utf8_lossy(&expected)
            );
        }
        // No table at all: `"tables": []`.
        let mut file = audited_clean(None);
        file.report.tables.clear();
        file.report.findings.clear();
        let layout = Layout::new(&file.report);
        let mut expected =
            serde_json::to_vec_pretty(&crate::report::json_value(&file, &layout)).expect("JSON");
        expected.push(b'\n');
        let mut written = Vec::new();
        Json.render(&file, &layout, &mut written)
            .expect("the JSON renders");
        assert_eq!(written, expected);
    }
}
