//! Checks: recompute every total exactly and cross-check the score sheets.
//!
//! Tables are pushed one at a time as the reader produces them ([`Auditor::push`]); a table
//! that continues across a page waits for the rest of its chain, because the chain shares its
//! rule (the note usually sits under the last part) and its ranking. [`Auditor::finish`]
//! returns the [`AuditReport`]: every table audited or skipped with its reason, every finding
//! with where it is, what was published, what was expected and by which rule.

mod causes;
mod chain;
pub mod checks;
mod text;
pub use crate::exact;
mod explain;
pub mod id;
mod inferred;

use std::fmt;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::annex::structure::cross::{DocumentChecks, DocumentTable, check_document, table_title};
use crate::annex::structure::{RelationResult, TableStructure};
use crate::annex::{self, Interpretation, ScoreSheet, Template};
use crate::wordml::{BodyParagraph, Container, Table};

pub use crate::lang::Lang;
pub use checks::Check;
pub use exact::{Exact, Factor, Rounding};

/// How serious a finding is, most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// An error that changes the published ranking.
    Critical,
    /// A published figure is wrong.
    Error,
    /// The table is inconsistent or unclean, without a wrong figure.
    Warning,
    /// Worth knowing; not wrong.
    Notice,
}

impl Severity {
    /// Every severity, most serious first.
    pub const ALL: [Severity; 4] = [
        Severity::Critical,
        Severity::Error,
        Severity::Warning,
        Severity::Notice,
    ];

    /// The stable id: `critical`, `error`, `warning`, `notice`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Critical => "critical",
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Notice => "notice",
        }
    }

    /// The name a person reads: 严重 / 错误 / 警告 / 提示 in Chinese, the id in English.
    ///
    /// ```
    /// use annex_audit::audit::{Lang, Severity};
    /// assert_eq!(Severity::Critical.name(Lang::Zh), "严重");
    /// assert_eq!(Severity::Critical.name(Lang::En), "critical");
    /// ```
    pub fn name(self, lang: Lang) -> &'static str {
        crate::messages::severity_name(self.as_str()).map_or(self.as_str(), |m| m.get(lang))
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A cell of a table: 0-based row of the table (header rows included) and 0-based logical
/// column of its score sheet. The report turns it into a workbook reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Location {
    /// 0-based row in the table.
    pub table_row: usize,
    /// 0-based column of the score sheet.
    pub column: usize,
}

/// One discrepancy, with its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The stable id (see [`id`]): survives re-audits and harmless edits, carries the
    /// reviewer's notes from one workbook to the next.
    pub id: String,
    /// What was checked.
    pub check: Check,
    /// How serious it is.
    pub severity: Severity,
    /// The reader's table number.
    pub table: usize,
    /// 1-based data row within the table; `None` for a table-level finding.
    pub row: Option<usize>,
    /// The row's name.
    pub name: Option<String>,
    /// The column's header label.
    pub column: Option<String>,
    /// The cell in question.
    pub location: Option<Location>,
    /// The figure as published, verbatim.
    pub published: Option<String>,
    /// What it should be.
    pub expected: Option<String>,
    /// published − expected.
    pub delta: Option<String>,
    /// The rule the expectation follows.
    pub rule: Option<String>,
    /// The likely cause, when one reproduces the published figure.
    pub explanation: Option<String>,
    /// One sentence for a human.
    pub message: String,
    /// The [`Finding::key`] of the finding that causes this one, for a consequence reported
    /// under its cause (absent otherwise).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<String>,
    /// The findings this one causes, reported once here instead of one by one (a gap in the
    /// ranks, not the rank of every later row); each carries `caused_by`. Absent when none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub consequences: Vec<Finding>,
}

impl Finding {
    /// A deterministic key naming the finding within one audit, `check:table:row:column` (`-`
    /// for a table-level row or column): what a consequence's `caused_by` holds until the
    /// chain's findings get their stable ids ([`id::IdAssigner::assign`] replaces it with the
    /// cause's id).
    pub fn key(&self) -> String {
        let part = |v: Option<usize>| v.map_or_else(|| "-".to_string(), |v| v.to_string());
        format!(
            "{}:{}:{}:{}",
            self.check,
            self.table,
            part(self.row),
            part(self.location.map(|l| l.column))
        )
    }

    /// Attaches `consequences` to this finding (each marked as caused by it), after any it
    /// already has: a check may attach one (a `其中` part's parent sum) before the chain attaches
    /// the relations that follow.
    pub fn with_consequences(mut self, consequences: Vec<Finding>) -> Self {
        let key = self.key();
        // One level: a consequence's own consequences follow from this cause too (the sheets
        // and the discrepancy list read one level).
        let mut flat = Vec::with_capacity(consequences.len());
        for mut c in consequences {
            let nested = std::mem::take(&mut c.consequences);
            flat.push(c);
            flat.extend(nested);
        }
        self.consequences.extend(flat.into_iter().map(|mut c| {
            c.caused_by = Some(key.clone());
            c
        }));
        self
    }
}

/// Which rule a row's total follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RuleSource {
    /// Plain sum of the components plus the bonus.
    Sum,
    /// Scaling stated in the note under the table.
    Stated,
    /// Proportional scaling inferred from the column maxima (no rule stated).
    Inferred,
}

/// How a row's total was recomputed: enough to rebuild it as a spreadsheet formula.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Recomputation {
    /// Score-sheet columns summed (the applicable components).
    pub components: Vec<usize>,
    /// The bonus column, when it holds a number.
    pub bonus: Option<usize>,
    /// The factor applied to the components' sum, for a scaled row.
    pub factor: Option<Factor>,
    /// Where the rule comes from.
    pub source: RuleSource,
    /// Decimals of the published total, to which the value is rounded.
    pub decimals: u32,
    /// The exact value, to 28 significant digits (display only).
    #[serde(with = "rust_decimal::serde::str")]
    pub exact: Decimal,
    /// The exact value rounded half away from zero to `decimals`.
    #[serde(with = "rust_decimal::serde::str")]
    pub expected: Decimal,
}

/// Whether a row's total was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "reason", rename_all = "snake_case")]
pub enum RowStatus {
    /// The published total equals the recomputation.
    Consistent,
    /// It does not (see the `total` finding).
    Inconsistent,
    /// It could not be checked, with the reason.
    NotChecked(String),
}

/// A data row's audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowAudit {
    /// 1-based data row number.
    pub number: usize,
    /// 0-based row in the table.
    pub table_row: usize,
    /// The recomputation, when the row could be checked.
    pub recomputation: Option<Recomputation>,
    /// The outcome of the total check.
    pub status: RowStatus,
}

/// The rule applied to a table's scaled rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AppliedRule {
    /// Stated in a note or inferred.
    pub source: RuleSource,
    /// The factor (or, when inferred per row, the first one used).
    pub factor: Option<Factor>,
    /// The full mark stated.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub full_mark: Option<Decimal>,
    /// The note it was read from, verbatim.
    pub quote: Option<String>,
    /// The table whose note states it (a continued table shares its chain's rule).
    pub from_table: Option<usize>,
}

/// A table's outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TableOutcome {
    /// A score table, audited.
    Score {
        /// The interpreted sheet.
        sheet: Box<ScoreSheet>,
        /// One audit per data row.
        rows: Vec<RowAudit>,
        /// The rule for rows with not-applicable cells, if any such row exists or a note states one.
        rule: Option<AppliedRule>,
        /// The rule in words.
        rule_text: String,
        /// The template whose vocabulary read it.
        template: String,
    },
    /// Any other table with figures, read by the structure engine
    /// ([`annex::structure::analyse`]): every total, subtotal and derived figure it implies,
    /// recomputed.
    Structured {
        /// The table as read (the workbook shows its rows).
        table: Box<Table>,
        /// Its rows' and columns' roles, relations and their results.
        structure: Box<TableStructure>,
        /// The template whose vocabulary read it.
        template: String,
    },
    /// Not audited, with the reason.
    Skipped {
        /// Why.
        reason: String,
    },
}

/// One table's audit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableAudit {
    /// The reader's table number.
    pub table: usize,
    /// The table's title ([`crate::wordml::Table::title`]).
    pub title: Option<String>,
    /// Where the table sits.
    pub container: Container,
    /// Bookmarks in or just before the table.
    pub bookmarks: Vec<String>,
    /// Audited or skipped.
    pub outcome: TableOutcome,
}

impl TableAudit {
    /// The score sheet, for an audited table.
    pub fn sheet(&self) -> Option<&ScoreSheet> {
        match &self.outcome {
            TableOutcome::Score { sheet, .. } => Some(sheet),
            TableOutcome::Structured { .. } | TableOutcome::Skipped { .. } => None,
        }
    }

    /// The structure, for a table read by the structure engine.
    pub fn structure(&self) -> Option<&TableStructure> {
        match &self.outcome {
            TableOutcome::Structured { structure, .. } => Some(structure),
            _ => None,
        }
    }
}

/// Counts over a whole audit.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Tables in the document.
    pub tables: usize,
    /// Tables audited as score tables.
    pub score_tables: usize,
    /// Data rows of the score tables.
    pub rows: usize,
    /// Totals recomputed.
    pub totals_checked: usize,
    /// Totals equal to their recomputation.
    pub consistent: usize,
    /// Totals that differ.
    pub inconsistent: usize,
    /// Rows whose total could not be checked, and relations of structured tables that could
    /// not be recomputed although something is published.
    pub skipped: usize,
    /// Tables read by the structure engine (budget, final-account, allocation tables).
    pub structured_tables: usize,
    /// Relations found in the structured tables, by kind (`column_sum`, `difference`, …).
    pub relations_by_kind: std::collections::BTreeMap<String, usize>,
    /// Findings by severity.
    pub critical: usize,
    /// Findings by severity.
    pub error: usize,
    /// Findings by severity.
    pub warning: usize,
    /// Findings by severity.
    pub notice: usize,
    /// Findings reported: each is a cause, of itself or of the consequences attached to it
    /// (what `--fail-on` counts); equal to the four severity counts together.
    pub causes: usize,
    /// Findings attached to a cause instead of being reported one by one (counted by no
    /// severity).
    pub consequences: usize,
}

impl Summary {
    /// Number of findings at `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        match severity {
            Severity::Critical => self.critical,
            Severity::Error => self.error,
            Severity::Warning => self.warning,
            Severity::Notice => self.notice,
        }
    }

    /// Adds another summary (batch totals).
    pub fn add(&mut self, other: &Summary) {
        self.tables += other.tables;
        self.score_tables += other.score_tables;
        self.rows += other.rows;
        self.totals_checked += other.totals_checked;
        self.consistent += other.consistent;
        self.inconsistent += other.inconsistent;
        self.skipped += other.skipped;
        self.structured_tables += other.structured_tables;
        for (kind, n) in &other.relations_by_kind {
            *self.relations_by_kind.entry(kind.clone()).or_default() += n;
        }
        self.critical += other.critical;
        self.error += other.error;
        self.warning += other.warning;
        self.notice += other.notice;
        self.causes += other.causes;
        self.consequences += other.consequences;
    }
}

/// The audit of one document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditReport {
    /// Language of the messages.
    pub lang: Lang,
    /// Every table, in number order.
    pub tables: Vec<TableAudit>,
    /// Every finding, most severe first, then by table, row and column.
    pub findings: Vec<Finding>,
    /// Counts.
    pub summary: Summary,
    /// The figures checked between tables and against the text (empty until the body text is
    /// given: [`Auditor::check_document`]).
    pub document: DocumentChecks,
}

impl AuditReport {
    /// The most severe finding's severity.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }

    /// A table's audit by number.
    pub fn table(&self, number: usize) -> Option<&TableAudit> {
        self.tables.iter().find(|t| t.table == number)
    }
}

/// Which tables to audit.
#[derive(Debug, Clone, Default)]
pub struct Selection {
    /// Only the table holding (or just after) this bookmark.
    pub bookmark: Option<String>,
    /// Also audit tables in headers, footers, notes and text boxes.
    pub all_parts: bool,
}

/// Audits tables as they arrive.
///
/// ```
/// use annex_audit::annex::Template;
/// use annex_audit::audit::{Auditor, Lang, Selection};
/// let auditor = Auditor::new(Template::default_template(), Some(Lang::En), Selection::default());
/// let report = auditor.finish();
/// assert_eq!(report.summary.tables, 0);
/// ```
pub struct Auditor {
    /// Shared: a batch audits every document with the same one, and a copy of it was some
    /// 850 allocations for each.
    template: Arc<Template>,
    /// The template whose `[structure]` vocabulary reads the tables that are not score tables:
    /// `budget` unless the caller chose a template other than the default. Taken at the first
    /// such table ([`Auditor::structure_template`]): a document of score tables never needs it,
    /// and reading it was a tenth of a millisecond of a small annex's main thread
    /// (BENCHMARKS.md, round 13).
    structure_template: std::sync::OnceLock<Arc<Template>>,
    lang: Option<Lang>,
    selection: Selection,
    /// The tables of the current continuation chain, not yet checked.
    chain: Vec<(Table, Interpretation)>,
    tables: Vec<TableAudit>,
    findings: Vec<Finding>,
    /// Table keys and finding ids handed out so far.
    ids: id::IdAssigner,
    /// What the document-level checks need of each structured body table: number, title and
    /// a copy of its structure (the audit itself may be rendered and dropped before the end).
    /// Only structured tables are kept, so a document of score tables costs nothing here.
    kept: Vec<(usize, String, TableStructure)>,
    /// The document-level checks, once run.
    document: DocumentChecks,
}

impl Auditor {
    /// An auditor with a vocabulary (a [`Template`] or an `Arc` of one), a message language
    /// (`None`: decided by the first table's text) and a selection.
    pub fn new(
        template: impl Into<Arc<Template>>,
        lang: Option<Lang>,
        selection: Selection,
    ) -> Self {
        Auditor {
            template: template.into(),
            structure_template: std::sync::OnceLock::new(),
            lang,
            selection,
            chain: Vec::new(),
            tables: Vec::new(),
            findings: Vec::new(),
            ids: id::IdAssigner::default(),
            kept: Vec::new(),
            document: DocumentChecks::default(),
        }
    }

    /// The template whose `[structure]` vocabulary reads the tables that are not score
    /// tables, taken now if it was not yet.
    fn structure_template(&self) -> &Template {
        self.structure_template.get_or_init(|| {
            if self.template.name == annex::template::DEFAULT_TEMPLATE {
                // One for the process: the auditors of a batch share it, and the patterns it
                // compiles.
                static BUDGET: std::sync::OnceLock<Option<Arc<Template>>> =
                    std::sync::OnceLock::new();
                BUDGET
                    .get_or_init(|| Template::built_in("budget").map(Arc::new))
                    .clone()
                    .unwrap_or_else(|| Arc::clone(&self.template))
            } else {
                Arc::clone(&self.template)
            }
        })
    }

    /// Sets the language if it is still open, from text such as the document's title.
    pub fn detect_language(&mut self, sample: &str) {
        if self.lang.is_none() && !sample.trim().is_empty() {
            self.lang = Some(Lang::of_document(sample));
        }
    }

    /// Audits one table (checks run once its continuation chain is complete).
    pub fn push(&mut self, table: Table) {
        if self.lang.is_none() {
            let sample: String = table
                .rows
                .iter()
                .take(3)
                .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
                .chain(table.heading.as_deref())
                .collect();
            self.detect_language(&sample);
        }
        let continues_chain = table.continues.is_some_and(|prev| {
            self.chain
                .last()
                .is_some_and(|(last, _)| last.number == prev)
        });
        if !continues_chain {
            self.flush_chain();
        }
        let entry = self.interpret(table);
        self.chain.push(entry);
    }

    /// Audits the continuation chain of the tables pushed so far now, when the caller knows
    /// that no later table continues it (the reader's
    /// [`TableStream::may_be_continued`](crate::wordml::TableStream::may_be_continued)):
    /// [`Auditor::take_completed`] then has it. Without this, a chain is audited when the next
    /// table that does not continue it arrives, or at the finish; either way its audit is the
    /// same.
    pub fn end_chain(&mut self) {
        self.flush_chain();
    }

    /// The table's interpretation, beside the table; a score table moves into its sheet, and
    /// the chain keeps only its heading, bookmarks and other particulars (the checks read the
    /// rows from the sheet).
    fn interpret(&self, table: Table) -> (Table, Interpretation) {
        if let Some(reason) = self.not_selected(&table) {
            return (table, Interpretation::Skipped { reason });
        }
        match annex::interpret_owned(table, &self.template) {
            Ok(mut sheet) => {
                let rows = std::mem::take(&mut sheet.table.rows);
                let particulars = sheet.table.clone();
                sheet.table.rows = rows;
                (particulars, Interpretation::Score(sheet))
            }
            Err(annex::NotScore { table, reason }) => {
                let table = *table;
                let interpretation = match self.chain.first() {
                    // A continuation without a repeated header takes the header of its chain's
                    // first part.
                    Some((_, Interpretation::Score(first))) if table.continues.is_some() => {
                        annex::interpret_continuation(&table, first, &self.template)
                    }
                    _ => self.structured(&table, reason),
                };
                (table, interpretation)
            }
        }
    }

    /// A table the score engine does not take: read by the structure engine when it holds a
    /// figure, else skipped with the score engine's reason.
    fn structured(&self, table: &Table, reason: String) -> Interpretation {
        let has_digit = table.rows.iter().any(|r| {
            r.cells
                .iter()
                .any(|c| c.text.bytes().any(|b| b.is_ascii_digit()))
        });
        if !has_digit {
            return Interpretation::Skipped { reason };
        }
        let structure_template = self.structure_template();
        let structure = annex::structure::analyse(table, &structure_template.structure);
        if !structure.has_figures() {
            return Interpretation::Skipped {
                reason: crate::messages::SKIP_NO_FIGURES
                    .fill(crate::lang::Lang::En, &[("reason", &reason)]),
            };
        }
        Interpretation::Structured {
            structure: Box::new(structure),
            template: structure_template.name.clone(),
        }
    }

    fn not_selected(&self, table: &Table) -> Option<String> {
        if let Some(bookmark) = &self.selection.bookmark
            && !table.bookmarks.iter().any(|b| b == bookmark)
        {
            return Some(format!("not selected: does not hold bookmark {bookmark}"));
        }
        let audited_part = matches!(table.container, Container::Body);
        if !audited_part && !self.selection.all_parts {
            return Some(format!(
                "in a {} ({}): not audited by default",
                table.container.as_str(),
                table.part
            ));
        }
        None
    }

    fn flush_chain(&mut self) {
        if self.chain.is_empty() {
            return;
        }
        let chain = std::mem::take(&mut self.chain);
        let lang = self.lang.unwrap_or_else(Lang::from_env);
        // The chain's key is its first table's: a continued table keeps its findings' ids
        // wherever the page breaks.
        let key = chain
            .first()
            .map(|(t, _)| {
                let title = t.heading.as_deref().or(t.caption.as_deref());
                id::table_key(&t.bookmarks, title, t.number)
            })
            .unwrap_or_default();
        let key = self.ids.chain_key(key);
        let (mut audits, mut findings) = chain::audit_chain(chain, lang);
        for audit in &mut audits {
            if let TableOutcome::Score { template, .. } = &mut audit.outcome {
                template.clone_from(&self.template.name);
            }
        }
        self.ids.assign(&mut findings, &key);
        for audit in &audits {
            if let TableOutcome::Structured {
                table, structure, ..
            } = &audit.outcome
                && matches!(audit.container, Container::Body)
            {
                self.kept
                    .push((audit.table, table_title(table), (**structure).clone()));
            }
        }
        self.tables.extend(audits);
        self.findings.extend(findings);
    }

    /// Runs the document-level checks ([`checks::Scope::Document`]: between the structured
    /// tables, and between the body text and them) once the reader is done, with the body
    /// `paragraphs` ([`crate::wordml::DocumentInfo::body_text`]). Their findings join the
    /// others (with ids keyed `@document`); the relations are kept for the report
    /// ([`Auditor::take_document`], [`AuditReport::document`]). Call it once, after the last
    /// table.
    pub fn check_document(&mut self, paragraphs: &[BodyParagraph]) {
        self.flush_chain();
        let kept = std::mem::take(&mut self.kept);
        if kept.is_empty() {
            return;
        }
        let lang = self.lang.unwrap_or_else(Lang::from_env);
        let tables: Vec<DocumentTable<'_>> = kept
            .iter()
            .map(|(number, title, structure)| DocumentTable {
                number: *number,
                title,
                structure,
            })
            .collect();
        let document = check_document(&tables, paragraphs, &self.structure_template().structure);
        let view = checks::DocumentView {
            checks: &document,
            tables: &tables,
            lang,
        };
        let mut findings = Vec::new();
        for check in Check::ALL {
            let definition = check.definition();
            if definition.scope() == checks::Scope::Document {
                definition.document(&view, &mut findings);
            }
        }
        let key = self.ids.chain_key("@document".to_string());
        self.ids.assign(&mut findings, &key);
        self.findings.extend(findings);
        self.document = document;
    }

    /// The document-level relations found by [`Auditor::check_document`], taken (for a
    /// consumer that renders as it goes).
    pub fn take_document(&mut self) -> DocumentChecks {
        std::mem::take(&mut self.document)
    }

    /// The message language, once decided (by the caller, the title or the first table with
    /// text). A consumer that renders tables as they come waits for it: the report's language
    /// names the sheets.
    pub fn lang(&self) -> Option<Lang> {
        self.lang
    }

    /// The tables and findings of the chains completed since the last call, for a consumer that
    /// renders tables as they come instead of waiting for [`Auditor::finish`]. Tables come in
    /// chain order (a nested table may come before its parent); findings unsorted.
    pub fn take_completed(&mut self) -> (Vec<TableAudit>, Vec<Finding>) {
        (
            std::mem::take(&mut self.tables),
            std::mem::take(&mut self.findings),
        )
    }

    /// Finishes the last chain: the language, and the tables and findings not yet taken.
    pub fn finish_completed(mut self) -> (Lang, Vec<TableAudit>, Vec<Finding>) {
        self.flush_chain();
        (
            self.lang.unwrap_or_else(Lang::from_env),
            self.tables,
            self.findings,
        )
    }

    /// Finishes the last chain and returns the report.
    pub fn finish(mut self) -> AuditReport {
        self.flush_chain();
        let lang = self.lang.unwrap_or_else(Lang::from_env);
        let mut tables = self.tables;
        tables.sort_by_key(|t| t.table);
        let mut findings = self.findings;
        findings.sort_by(finding_order);
        let mut summary = summarize(&tables, &findings);
        summary.count_document(&self.document);
        AuditReport {
            lang,
            tables,
            findings,
            summary,
            document: self.document,
        }
    }
}

/// Audits a whole list of tables.
pub fn audit_tables(
    tables: impl IntoIterator<Item = Table>,
    template: &Template,
    lang: Option<Lang>,
    selection: &Selection,
) -> AuditReport {
    let mut auditor = Auditor::new(template.clone(), lang, selection.clone());
    for t in tables {
        auditor.push(t);
    }
    auditor.finish()
}

fn summarize(tables: &[TableAudit], findings: &[Finding]) -> Summary {
    let mut s = Summary::default();
    for t in tables {
        s.count_table(t);
    }
    for f in findings {
        s.count_finding(f);
    }
    s
}

impl Summary {
    /// Counts one table: audited or skipped, and the outcome of each of its rows.
    pub fn count_table(&mut self, table: &TableAudit) {
        self.tables += 1;
        if let TableOutcome::Score { rows, .. } = &table.outcome {
            self.score_tables += 1;
            self.rows += rows.len();
            for r in rows {
                match r.status {
                    RowStatus::Consistent => self.consistent += 1,
                    RowStatus::Inconsistent => self.inconsistent += 1,
                    RowStatus::NotChecked(_) => self.skipped += 1,
                }
            }
        }
        if let TableOutcome::Structured { structure, .. } = &table.outcome {
            self.structured_tables += 1;
            for (relation, evaluated) in structure.relations.iter().zip(&structure.results) {
                *self
                    .relations_by_kind
                    .entry(relation.kind.as_str().to_string())
                    .or_default() += 1;
                match &evaluated.result {
                    RelationResult::Consistent => self.consistent += 1,
                    RelationResult::Inconsistent { .. }
                    | RelationResult::Omitted { .. }
                    | RelationResult::Exceeds { .. } => self.inconsistent += 1,
                    unchecked @ RelationResult::NotCheckable { .. } => {
                        if unchecked.left_unchecked() {
                            self.skipped += 1;
                        }
                    }
                }
            }
        }
        self.totals_checked = self.consistent + self.inconsistent;
    }

    /// Counts the document-level relations: each checked relation as consistent or not, and by
    /// kind (`crosscheck` between tables, `text` against the text).
    pub fn count_document(&mut self, document: &DocumentChecks) {
        use crate::annex::structure::cross::CrossKind;
        for relation in &document.relations {
            let kind = match relation.kind {
                CrossKind::TableEquality => Check::Crosscheck,
                _ => Check::Text,
            };
            *self
                .relations_by_kind
                .entry(kind.as_str().to_string())
                .or_default() += 1;
            match &relation.result {
                RelationResult::Consistent => self.consistent += 1,
                RelationResult::NotCheckable { .. } => self.skipped += 1,
                _ => self.inconsistent += 1,
            }
        }
        self.totals_checked = self.consistent + self.inconsistent;
    }

    /// Counts one finding by its severity, as a cause, with its consequences.
    pub fn count_finding(&mut self, finding: &Finding) {
        self.causes += 1;
        self.consequences += finding.consequences.len();
        match finding.severity {
            Severity::Critical => self.critical += 1,
            Severity::Error => self.error += 1,
            Severity::Warning => self.warning += 1,
            Severity::Notice => self.notice += 1,
        }
    }
}

/// What findings are ordered by, most significant first: severity (most severe first), table,
/// row, cell and check (in registry order).
#[derive(PartialEq, Eq, PartialOrd, Ord)]
struct FindingKey {
    /// Document-level findings come after every table's own.
    document: bool,
    severity: Severity,
    table: usize,
    row: Option<usize>,
    location: Option<Location>,
    check: Check,
}

impl FindingKey {
    fn of(f: &Finding) -> Self {
        FindingKey {
            document: f.check.is_document_level(),
            severity: f.severity,
            table: f.table,
            row: f.row,
            location: f.location,
            check: f.check,
        }
    }
}

/// The order of findings in a report: the tables' own findings, then the document-level ones
/// (between tables, against the text); each most severe first, then by table, row, cell and
/// check.
pub fn finding_order(a: &Finding, b: &Finding) -> std::cmp::Ordering {
    FindingKey::of(a).cmp(&FindingKey::of(b))
}

#[cfg(test)]
pub(crate) mod tests;
