//! The one way a report is rendered: every format is a [`ReportSink`] fed in three steps, in
//! the shape of ripgrep's `grep_searcher::Sink` (begin, one call per match, finish): the
//! document begins, each finished table comes in number order, the document finishes.
//!
//! [`ReportStream`](super::ReportStream) feeds the sinks [`sinks_for`] builds from
//! [`StreamOptions`] as the audit completes each table; [`render_file`] feeds one sink a whole
//! [`AuditedFile`] (the [`Report`](super::Report) trait renders that way).

use super::{AuditedFile, Facts, Json, Layout, Rendered, StreamOptions};
use crate::Result;
use crate::annex::structure::cross::DocumentChecks;
use crate::audit::{Finding, Lang, Summary, TableAudit};

/// What a sink knows when the document begins: the report's language and the layout, whose
/// table sheets are named as the tables come (the fixed sheets are named already).
#[derive(Debug, Clone, Copy)]
pub struct SinkStart<'a> {
    /// The report's language.
    pub lang: Lang,
    /// Where the tables and findings are in the workbook.
    pub layout: &'a Layout,
}

/// One finished table, in number order, with its findings. Borrowed: a sink keeps what it
/// needs and the table is dropped once every sink has seen it.
#[derive(Debug, Clone, Copy)]
pub struct SinkTable<'a> {
    /// The audited table.
    pub table: &'a TableAudit,
    /// Its findings, in the report's order.
    pub findings: &'a [&'a Finding],
    /// The report's language.
    pub lang: Lang,
    /// The layout, with this table's sheet named (if it has one).
    pub layout: &'a Layout,
    /// `table` shared, when the caller holds it so: a sink that keeps the table beyond the
    /// call (for a thread of its own) takes it without copying it.
    pub shared: Option<&'a std::sync::Arc<TableAudit>>,
}

/// What a sink knows when the document finishes. The file's facts come here, not at the
/// start: the title is final and the audit time taken only once the whole document is read.
#[derive(Debug, Clone, Copy)]
pub struct SinkFinish<'a> {
    /// The audited file.
    pub facts: Facts<'a>,
    /// The report's language.
    pub lang: Lang,
    /// The counts, findings included.
    pub summary: &'a Summary,
    /// Every finding, in the report's order.
    pub findings: &'a [Finding],
    /// The whole layout.
    pub layout: &'a Layout,
    /// The relations checked between tables and against the text (the findings among them
    /// are in `findings`, after the tables' own).
    pub document: &'a DocumentChecks,
}

/// One output format, rendered as the audit goes: [`begin`](ReportSink::begin) once, then
/// [`table`](ReportSink::table) for each table in number order, then
/// [`finish`](ReportSink::finish) once; then [`deliver`](ReportSink::deliver) hands what was
/// made to the caller's [`Rendered`].
///
/// Adding a format takes one file holding the sink, one line in [`sinks_for`] and one flag in
/// [`StreamOptions`] (plus, for a format made into a file, a field of [`Rendered`] that
/// `deliver` fills). A sink counting the tables:
///
/// ```
/// use annex_audit::report::{Layout, ReportSink, SinkTable, render_file};
///
/// struct CountTables(usize);
/// impl ReportSink for CountTables {
///     fn table(&mut self, _: &SinkTable<'_>) -> annex_audit::Result<()> {
///         self.0 += 1;
///         Ok(())
///     }
/// }
///
/// let file = annex_audit::pipeline::audit_path(
///     "samples/ordos-2020-annex.docx".as_ref(),
///     &Default::default(),
/// )?;
/// let mut count = CountTables(0);
/// render_file(&mut count, &file, &Layout::new(&file.report))?;
/// assert_eq!(count.0, file.report.tables.len());
/// # Ok::<(), annex_audit::Error>(())
/// ```
///
/// # Errors
///
/// Each step returns the error that stops the format (a workbook the writer refuses, a
/// temporary file that cannot be written). A stream stops at the first error of any sink and
/// returns it; at the end every sink finishes and the first error, in sink order, is returned.
pub trait ReportSink: Send {
    /// The document begins; the language is known. Nothing by default.
    ///
    /// # Errors
    ///
    /// When the format cannot start (the workbook cannot be created).
    fn begin(&mut self, start: &SinkStart<'_>) -> Result<()> {
        let _ = start;
        Ok(())
    }

    /// The next table, in number order.
    ///
    /// # Errors
    ///
    /// When the table cannot be written (a sheet past Excel's limits, a full disk).
    fn table(&mut self, table: &SinkTable<'_>) -> Result<()>;

    /// The document ends: the document-level parts are written. Nothing by default.
    ///
    /// # Errors
    ///
    /// When the document cannot be written.
    fn finish(&mut self, end: &SinkFinish<'_>) -> Result<()> {
        let _ = end;
        Ok(())
    }

    /// Whether [`finish`](ReportSink::finish) writes a whole document, worth a thread of its
    /// own when [`StreamOptions::parallel`] asks for it.
    fn finishes_on_its_own_thread(&self) -> bool {
        false
    }

    /// Hands what the sink made to `rendered`. Nothing by default (a sink that sends its
    /// output elsewhere as it goes).
    fn deliver(self: Box<Self>, rendered: &mut Rendered) {
        let _ = rendered;
    }
}

/// The registry: the sinks `options` asks for, in the order they render and report errors.
pub fn sinks_for(options: &StreamOptions) -> Vec<Box<dyn ReportSink>> {
    let mut sinks: Vec<Box<dyn ReportSink>> = Vec::new();
    if let Some(xlsx) = &options.workbook {
        sinks.push(Box::new(if options.parallel {
            xlsx.sink_beside()
        } else {
            xlsx.sink()
        }));
    }
    if options.json {
        sinks.push(Box::new(Json.sink()));
    }
    if let Some(terminal) = options.terminal {
        sinks.push(Box::new(terminal.sink()));
    }
    sinks
}

/// Feeds `sink` the whole audited `file`: begin, every table with its findings, finish.
///
/// # Errors
///
/// The first error of the sink.
pub fn render_file(sink: &mut dyn ReportSink, file: &AuditedFile, layout: &Layout) -> Result<()> {
    let report = &file.report;
    let lang = report.lang;
    sink.begin(&SinkStart { lang, layout })?;
    let mut by_table = super::findings_by_table(&report.findings);
    for t in &report.tables {
        let findings = by_table.remove(&t.table).unwrap_or_default();
        sink.table(&SinkTable {
            table: t,
            findings: &findings,
            lang,
            layout,
            shared: None,
        })?;
    }
    sink.finish(&SinkFinish {
        facts: file.facts(),
        lang,
        summary: &report.summary,
        findings: &report.findings,
        layout,
        document: &report.document,
    })
}

/// Finishes every sink; with `parallel`, the sinks that write a whole document each on a
/// thread of their own (the first on the caller's). Every sink finishes; the first error, in
/// sink order, is returned.
///
/// # Errors
///
/// The first sink's error.
pub(crate) fn finish_all(
    sinks: &mut [Box<dyn ReportSink>],
    end: &SinkFinish<'_>,
    parallel: bool,
) -> Result<()> {
    let alone = sinks
        .iter()
        .filter(|s| s.finishes_on_its_own_thread())
        .count();
    if !parallel || alone < 2 {
        let results: Vec<Result<()>> = sinks.iter_mut().map(|s| s.finish(end)).collect();
        return results.into_iter().collect();
    }
    std::thread::scope(|scope| {
        let mut first_alone = true;
        let mut spawned = Vec::new();
        let mut here = Vec::new();
        for (i, sink) in sinks.iter_mut().enumerate() {
            if sink.finishes_on_its_own_thread() && !std::mem::take(&mut first_alone) {
                spawned.push((
                    i,
                    crate::beside::spawn_scoped(scope, move || sink.finish(end)),
                ));
            } else {
                here.push((i, sink));
            }
        }
        let mut results: Vec<(usize, Result<()>)> = here
            .into_iter()
            .map(|(i, sink)| (i, sink.finish(end)))
            .collect();
        for (i, handle) in spawned {
            let result = handle
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            results.push((i, result));
        }
        results.sort_by_key(|(i, _)| *i);
        results.into_iter().try_for_each(|(_, r)| r)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Terminal, Xlsx};

    #[test]
    fn the_registry_makes_one_sink_per_format_asked_for() {
        assert!(sinks_for(&StreamOptions::default()).is_empty());
        let every = StreamOptions {
            workbook: Some(Xlsx::default()),
            json: true,
            terminal: Some(Terminal::default()),
            ..StreamOptions::default()
        };
        let sinks = sinks_for(&every);
        let alone: Vec<bool> = sinks
            .iter()
            .map(|s| s.finishes_on_its_own_thread())
            .collect();
        // The workbook and the JSON document are written whole at the end; the terminal's
        // coverage line is one line.
        assert_eq!(alone, [true, true, false]);
    }
}
