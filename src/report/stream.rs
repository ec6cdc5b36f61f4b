//! Reports rendered table by table, as the audit completes each continuation chain: the
//! stream puts the tables in number order, names their sheets, and hands each to every
//! [`ReportSink`] (one per format, from [`sinks_for`]): a table's sheet, its JSON member and its
//! terminal lines are made as soon as its turn comes, and the table (its cells, values and row
//! audits) is dropped. What the document-level parts need (the findings, the counts, one
//! summary line per table) is kept until the end, where every sink finishes: the summary and
//! discrepancy sheets, the JSON document and the coverage line are written.
//!
//! The output is the same as rendering the finished [`AuditReport`](crate::audit::AuditReport)
//! with [`Xlsx`], [`Json`](super::Json) and [`Terminal`]: the sheets are named in table
//! number order by the same [`Layout`] steps, each table's findings are in the report's order,
//! and the JSON document is written member by member exactly as `serde_json` pretty-prints it.
//! A table is rendered only once every table with a smaller number is (a nested table
//! completes before its parent) and once the report's language is known (it names the sheets).

use std::collections::{BTreeMap, HashMap};

use super::sink::finish_all;
use super::{
    Facts, Layout, Output, ReportSink, SinkFinish, SinkStart, SinkTable, Terminal, Xlsx, sinks_for,
};
use crate::Result;
use crate::annex::structure::cross::DocumentChecks;
use crate::audit::{Finding, Lang, Severity, Summary, TableAudit, finding_order};

/// Which reports to render: each format asked for becomes one [`ReportSink`] (see
/// [`sinks_for`]).
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
    /// Render on more than one thread: the workbook's first table sheets on a thread of their
    /// own as the tables come ([`Xlsx::sink_beside`]), and at the end the documents (the
    /// workbook, the JSON) each on a thread of its own. For a single file, which has the
    /// machine to itself; a batch already runs one file per core.
    pub parallel: bool,
}

/// The reports of one document, rendered as its tables come: puts the tables in number
/// order, names their sheets, and feeds each to every sink.
pub struct ReportStream {
    /// One per format.
    sinks: Vec<Box<dyn ReportSink>>,
    /// The bookmark the caller selected.
    bookmark: Option<String>,
    /// Finish the sinks in parallel.
    parallel: bool,
    /// Once the language is known (and the sinks have begun): the layout so far.
    layout: Option<Layout>,
    /// Tables waiting for their turn (or for the language), by number.
    waiting: BTreeMap<usize, TableAudit>,
    /// Findings of the waiting tables, by table.
    waiting_findings: HashMap<usize, Vec<Finding>>,
    /// The number of the next table to render.
    next: usize,
    /// Every finding of the rendered tables.
    findings: Vec<Finding>,
    summary: Summary,
    bookmark_found: bool,
    /// With a bookmark selected: the bookmarks of the document's tables, in order.
    bookmarks: Vec<String>,
    /// The document-level relations ([`ReportStream::set_document`]).
    document: DocumentChecks,
    /// The document-level findings: rendered at the end, after every table.
    document_findings: Vec<Finding>,
}

/// At most this many of a document's bookmarks are kept to be listed.
const MAX_LISTED_BOOKMARKS: usize = 200;

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
    /// With a bookmark selected: the bookmarks the document's tables hold or follow, in
    /// order (so that a bookmark that is not there can be answered with those that are).
    pub bookmarks: Vec<String>,
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
        ReportStream {
            sinks: sinks_for(&options),
            bookmark: options.bookmark,
            parallel: options.parallel,
            layout: None,
            waiting: BTreeMap::new(),
            waiting_findings: HashMap::new(),
            next: 1,
            findings: Vec::new(),
            summary: Summary::default(),
            bookmark_found: false,
            bookmarks: Vec::new(),
            document: DocumentChecks::default(),
            document_findings: Vec::new(),
        }
    }

    /// Gives the document-level relations (between tables, against the text), which the
    /// summary counts and the sinks list at the end.
    pub fn set_document(&mut self, document: DocumentChecks) {
        self.document = document;
    }

    /// Adds a sink beyond those of the options (a format the caller brings), after them.
    pub fn add_sink(&mut self, sink: Box<dyn ReportSink>) {
        self.sinks.push(sink);
    }

    /// Takes the tables and findings of completed chains (in any order) and renders the tables
    /// whose turn has come; `lang` is the report's language once it is decided.
    ///
    /// # Errors
    ///
    /// The first error of a sink.
    pub fn push(
        &mut self,
        lang: Option<Lang>,
        tables: Vec<TableAudit>,
        findings: Vec<Finding>,
    ) -> Result<()> {
        for f in findings {
            if f.check.is_document_level() {
                self.document_findings.push(f);
            } else {
                self.waiting_findings.entry(f.table).or_default().push(f);
            }
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

    /// Begins every sink once the language is known.
    fn start(&mut self, lang: Lang) -> Result<()> {
        if self.layout.is_none() {
            let layout = Layout::for_language(lang);
            let start = SinkStart {
                lang,
                layout: &layout,
            };
            for sink in &mut self.sinks {
                sink.begin(&start)?;
            }
            self.layout = Some(layout);
        }
        Ok(())
    }

    /// Renders one table in every sink, then keeps only what the end needs.
    fn render(&mut self, t: TableAudit, lang: Lang) -> Result<()> {
        self.start(lang)?;
        let Some(layout) = self.layout.as_mut() else {
            return Ok(());
        };
        self.next = t.table.saturating_add(1);
        let mut findings = self.waiting_findings.remove(&t.table).unwrap_or_default();
        // Stable, like the report's sort: ties keep the order in which the checks found them.
        findings.sort_by(finding_order);
        layout.add_table(&t);
        let refs: Vec<&Finding> = findings.iter().collect();
        // Shared, so that the workbook's sheets' thread takes the table without a copy.
        let t = std::sync::Arc::new(t);
        let step = SinkTable {
            table: &t,
            findings: &refs,
            lang,
            layout,
            shared: Some(&t),
        };
        for sink in &mut self.sinks {
            sink.table(&step)?;
        }
        if let Some(bookmark) = &self.bookmark {
            self.bookmark_found |= t.sheet().is_some() || t.bookmarks.contains(bookmark);
            for name in &t.bookmarks {
                if self.bookmarks.len() < MAX_LISTED_BOOKMARKS && !self.bookmarks.contains(name) {
                    self.bookmarks.push(name.clone());
                }
            }
        }
        self.summary.count_table(&t);
        self.findings.extend(findings);
        Ok(())
    }

    /// Renders what is left once the audit is finished (`lang`, `tables` and `findings` as
    /// [`Auditor::finish_completed`](crate::audit::Auditor::finish_completed) returns them),
    /// then finishes every sink with the file `facts`.
    ///
    /// # Errors
    ///
    /// The first error of a sink.
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
        let Some(layout) = self.layout.take() else {
            unreachable!("begun above");
        };
        let mut findings = std::mem::take(&mut self.findings);
        findings.append(&mut self.document_findings);
        findings.sort_by(finding_order);
        let mut summary = std::mem::take(&mut self.summary);
        summary.count_document(&self.document);
        for f in &findings {
            summary.count_finding(f);
        }
        let end = SinkFinish {
            facts: *facts,
            lang,
            summary: &summary,
            findings: &findings,
            layout: &layout,
            document: &self.document,
        };
        finish_all(&mut self.sinks, &end, self.parallel)?;
        let mut rendered = Rendered {
            lang,
            summary,
            findings,
            layout,
            workbook: None,
            json: None,
            terminal: Vec::new(),
            bookmark_found: self.bookmark_found,
            bookmarks: std::mem::take(&mut self.bookmarks),
        };
        for sink in self.sinks {
            sink.deliver(&mut rendered);
        }
        Ok(rendered)
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
            parallel: true,
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

    /// What a sink saw, step by step.
    #[derive(Clone, Default)]
    struct Steps(std::sync::Arc<std::sync::Mutex<Vec<String>>>);

    impl Steps {
        fn note(&self, step: String) {
            if let Ok(mut steps) = self.0.lock() {
                steps.push(step);
            }
        }

        fn seen(&self) -> Vec<String> {
            self.0.lock().map(|s| s.clone()).unwrap_or_default()
        }
    }

    /// Records its steps; fails its finish when told to.
    struct Recorder {
        steps: Steps,
        fail_finish: bool,
    }

    impl ReportSink for Recorder {
        fn begin(&mut self, start: &SinkStart<'_>) -> Result<()> {
            self.steps.note(format!("begin {:?}", start.lang));
            Ok(())
        }

        fn table(&mut self, step: &SinkTable<'_>) -> Result<()> {
            self.steps.note(format!(
                "table {} findings {} sheet {:?}",
                step.table.table,
                step.findings.len(),
                step.layout.sheet(step.table.table)
            ));
            Ok(())
        }

        fn finish(&mut self, end: &SinkFinish<'_>) -> Result<()> {
            self.steps
                .note(format!("finish findings {}", end.findings.len()));
            if self.fail_finish {
                return Err(crate::Error::Usage("the recorder fails".into()));
            }
            Ok(())
        }

        fn finishes_on_its_own_thread(&self) -> bool {
            true
        }
    }

    #[test]
    fn a_sink_sees_begin_once_then_every_table_in_number_order_then_finish() {
        let file = audited_with_errors(None);
        let report = &file.report;
        let steps = Steps::default();
        let mut stream = ReportStream::new(StreamOptions::default());
        stream.add_sink(Box::new(Recorder {
            steps: steps.clone(),
            fail_finish: false,
        }));
        let mut tables = report.tables.clone();
        tables.reverse();
        stream
            .push(Some(report.lang), tables, report.findings.clone())
            .expect("rendered");
        let rendered = stream
            .finish(report.lang, Vec::new(), Vec::new(), &file.facts())
            .expect("finished");
        let layout = Layout::new(report);
        let by_table = crate::report::findings_by_table(&report.findings);
        let mut expected = vec![format!("begin {:?}", report.lang)];
        for t in &report.tables {
            expected.push(format!(
                "table {} findings {} sheet {:?}",
                t.table,
                by_table.get(&t.table).map_or(0, Vec::len),
                layout.sheet(t.table)
            ));
        }
        expected.push(format!("finish findings {}", report.findings.len()));
        assert_eq!(steps.seen(), expected);
        assert_eq!(rendered.layout, layout);
        assert!(rendered.workbook.is_none() && rendered.json.is_none());
    }

    #[test]
    fn a_failing_finish_is_returned_after_every_sink_finished() {
        let file = audited_clean(None);
        let report = &file.report;
        for parallel in [false, true] {
            let steps = Steps::default();
            let mut stream = ReportStream::new(StreamOptions {
                json: true,
                parallel,
                ..StreamOptions::default()
            });
            for fail_finish in [true, false] {
                stream.add_sink(Box::new(Recorder {
                    steps: steps.clone(),
                    fail_finish,
                }));
            }
            let err = stream
                .finish(
                    report.lang,
                    report.tables.clone(),
                    report.findings.clone(),
                    &file.facts(),
                )
                .expect_err("the recorder fails");
            assert!(matches!(err, crate::Error::Usage(_)), "{err}");
            let finishes = steps
                .seen()
                .iter()
                .filter(|s| s.starts_with("finish"))
                .count();
            assert_eq!(finishes, 2, "parallel: {parallel}");
        }
    }
}
