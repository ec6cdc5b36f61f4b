//! JSON for machines. The shape is a contract (see README.md): fields may be added, never
//! renamed or removed. Numbers are strings, exactly as published.

use std::io::Write;

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use serde_json::{Value, json};

use super::{
    AuditedFile, Facts, Layout, Output, Rendered, Report, ReportSink, SinkFinish, SinkTable,
    TOOL_NAME, TOOL_VERSION, render_file,
};
use std::collections::BTreeMap;

use crate::annex::Role;
use crate::annex::structure::cross::{CrossTarget, DocumentChecks, TableCell, TextQuote};
use crate::annex::structure::{
    Bound, CellRef, ColumnRole, NotRecomputedReason, OperandRole, RelationResult, RelationSource,
    RowRole, TableStructure,
};
use crate::audit::exact::fixed;
use crate::audit::{
    Finding, Lang, Location, RowStatus, RuleSource, Summary, TableAudit, TableOutcome,
};
use crate::{Error, Result};

/// The JSON report.
pub struct Json;

impl Json {
    /// This report as a [`ReportSink`].
    pub fn sink(&self) -> JsonSink {
        JsonSink {
            tables: Some(TablesSpool::default()),
            document: None,
        }
    }
}

impl Report for Json {
    fn render(&self, file: &AuditedFile, layout: &Layout, out: &mut dyn Write) -> Result<()> {
        let mut sink = self.sink();
        render_file(&mut sink, file, layout)?;
        sink.copy_to(out)
    }
}

/// The JSON report's sink: each table's member spooled as it comes, the document written
/// around them at the end.
pub struct JsonSink {
    /// The tables so far, until the document is finished.
    tables: Option<TablesSpool>,
    /// The document, once finished.
    document: Option<Output>,
}

impl JsonSink {
    /// Copies the finished document into `out` (nothing before it is finished).
    fn copy_to(&mut self, out: &mut dyn Write) -> Result<()> {
        if let Some(document) = &mut self.document {
            document.copy_to(out).map_err(|e| Error::io("JSON", e))?;
        }
        Ok(())
    }
}

impl ReportSink for JsonSink {
    fn table(&mut self, step: &SinkTable<'_>) -> Result<()> {
        let tables = self.tables.get_or_insert_with(TablesSpool::default);
        tables.push(&table_member(step.table, step.layout, step.lang))
    }

    fn finish(&mut self, end: &SinkFinish<'_>) -> Result<()> {
        let mut value = document_value(
            &end.facts,
            end.lang,
            &[],
            end.summary,
            end.layout,
            Value::Array(Vec::new()),
        );
        add_document_checks(&mut value, end.document, end.layout, end.lang);
        let tables = self.tables.take().unwrap_or_default();
        let mut out = Output::new();
        write_document(&mut out, &value, tables, end.findings, end.layout)?;
        self.document = Some(out);
        Ok(())
    }

    fn finishes_on_its_own_thread(&self) -> bool {
        true
    }

    fn deliver(self: Box<Self>, rendered: &mut Rendered) {
        rendered.json = self.document;
    }
}

/// The JSON document of one audited file.
pub fn json_value(file: &AuditedFile, layout: &Layout) -> Value {
    let report = &file.report;
    let tables: Vec<Value> = report
        .tables
        .iter()
        .map(|t| table_value(t, layout, report.lang))
        .collect();
    let mut value = document_value(
        &file.facts(),
        report.lang,
        &report.findings,
        &report.summary,
        layout,
        Value::Array(tables),
    );
    add_document_checks(&mut value, &report.document, layout, report.lang);
    value
}

/// Adds `crosschecks` (every relation between tables and between the text and the tables,
/// with its result) and `unmatched_figures` (the quoted figures that name nothing the tables
/// hold, with why), when the document has any: a document whose text quotes no figure keeps
/// the shape it had.
pub(crate) fn add_document_checks(
    value: &mut Value,
    document: &DocumentChecks,
    layout: &Layout,
    lang: Lang,
) {
    if document.relations.is_empty() && document.unmatched_figures.is_empty() {
        return;
    }
    let Some(object) = value.as_object_mut() else {
        return;
    };
    let zh = lang == Lang::Zh;
    let cell = |c: &TableCell| {
        let location = Location {
            table_row: c.table_row,
            column: c.column,
        };
        json!({
            "table": c.table,
            "table_row": c.table_row,
            "column": c.column,
            "row_label": c.row_label,
            "column_label": c.column_label,
            "published": c.published,
            "cell": layout.cell(c.table, location),
        })
    };
    let quote = |q: &TextQuote| {
        json!({
            "paragraph": q.paragraph + 1,
            "opening": q.opening,
            "quoted": q.quoted,
            "subject": q.subject,
        })
    };
    let relations: Vec<Value> = document
        .relations
        .iter()
        .map(|r| {
            let target = match &r.target {
                CrossTarget::Cell(c) => {
                    let mut v = cell(c);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("kind".into(), json!("cell"));
                    }
                    v
                }
                CrossTarget::Text(q) => {
                    let mut v = quote(q);
                    if let Some(o) = v.as_object_mut() {
                        o.insert("kind".into(), json!("paragraph"));
                    }
                    v
                }
            };
            let operands: Vec<Value> = r
                .operands
                .iter()
                .map(|o| {
                    let mut v = cell(&o.cell);
                    if let Some(object) = v.as_object_mut() {
                        object.insert("role".into(), json!(o.role));
                    }
                    v
                })
                .collect();
            let expected = match &r.result {
                RelationResult::Inconsistent { expected, .. }
                | RelationResult::Omitted { expected } => Some(fixed(*expected, r.rounding)),
                _ => None,
            };
            let consistent = match &r.result {
                RelationResult::Consistent => Some(true),
                RelationResult::NotCheckable { .. } => None,
                _ => Some(false),
            };
            json!({
                "id": r.id,
                "kind": r.kind.as_str(),
                "target": target,
                "operands": operands,
                "rule": r.rule.pick(zh),
                "source": r.source,
                "rounding": r.rounding,
                "consistent": consistent,
                "expected": expected,
            })
        })
        .collect();
    let unmatched: Vec<Value> = document
        .unmatched_figures
        .iter()
        .map(|u| {
            let mut v = quote(&u.quote);
            if let Some(o) = v.as_object_mut() {
                o.insert("reason".into(), json!(u.reason.pick(zh)));
            }
            v
        })
        .collect();
    object.insert("crosschecks".into(), Value::Array(relations));
    object.insert("unmatched_figures".into(), Value::Array(unmatched));
}

/// A value as `serde_json::to_writer_pretty` writes it.
pub(crate) fn pretty(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing a `Value` into memory cannot fail.
    let _ = serde_json::to_writer_pretty(&mut out, value);
    out
}

/// Writes `value` as `to_writer_pretty` does, nested `depth` levels deep in the document: the
/// first line where the cursor is (the caller wrote the indentation or the key), every further
/// line indented `depth` levels more.
fn write_nested<W: Write, T: Serialize + ?Sized>(
    out: W,
    value: &T,
    depth: usize,
) -> std::io::Result<()> {
    let mut formatter = PrettyFormatter::with_indent(INDENT);
    // The pretty printer indents by the arrays and objects open around a line: `depth` of
    // them, opened on nothing, put every line of `value` where the document has it.
    for _ in 0..depth {
        formatter.begin_array(&mut std::io::sink())?;
    }
    let mut serializer = serde_json::Serializer::with_formatter(out, formatter);
    value
        .serialize(&mut serializer)
        .map_err(std::io::Error::from)
}

/// Writes `separator`, then `member` as an element of an array in the document's top-level
/// object (two levels deep), through `scratch`: the serializer's many small writes go into the
/// vector, and `out` takes one.
fn write_member<T: Serialize + ?Sized>(
    out: &mut dyn Write,
    scratch: &mut Vec<u8>,
    separator: &[u8],
    member: &T,
) -> std::io::Result<()> {
    scratch.clear();
    scratch.extend_from_slice(separator);
    write_nested(&mut *scratch, member, 2)?;
    out.write_all(scratch)
}

/// One level of the document's indentation, as `to_writer_pretty` has it.
const INDENT: &[u8] = b"  ";

/// The elements of the `tables` member, pretty-printed and indented as the document has them,
/// collected as the tables are rendered: in memory up to [`TablesSpool::SPILL_BYTES`], then in
/// an unnamed temporary file, so that a document of thousands of tables does not hold them all.
pub(crate) struct TablesSpool {
    count: usize,
    spool: Output,
    /// The vector each member is written through ([`write_member`]).
    member: Vec<u8>,
}

impl Default for TablesSpool {
    fn default() -> Self {
        TablesSpool {
            count: 0,
            spool: Output::with_memory(Self::SPILL_BYTES),
            member: Vec::new(),
        }
    }
}

impl TablesSpool {
    /// Beyond this many bytes the elements go to a temporary file.
    pub(crate) const SPILL_BYTES: usize = 1 << 20;

    /// Adds one table's member.
    pub(crate) fn push(&mut self, table: &TableMember<'_>) -> Result<()> {
        let separator: &[u8] = if self.count == 0 {
            b"\n    "
        } else {
            b",\n    "
        };
        write_member(&mut self.spool, &mut self.member, separator, table)
            .map_err(|e| Error::io("JSON", e))?;
        self.count += 1;
        Ok(())
    }

    /// Writes the `tables` array.
    fn write_array(&mut self, out: &mut dyn Write) -> std::io::Result<()> {
        if self.count == 0 {
            return out.write_all(b"[]");
        }
        out.write_all(b"[")?;
        self.spool.copy_to(out)?;
        out.write_all(b"\n  ]")
    }
}

/// Writes `document` as `to_writer_pretty` would, with the spooled `tables` in place of its
/// `tables` member, `findings` in place of its `findings` member (one at a time, so that a
/// document with a million findings is never one value in memory), and a final newline.
pub(crate) fn write_document(
    out: &mut dyn Write,
    document: &Value,
    mut tables: TablesSpool,
    findings: &[Finding],
    layout: &Layout,
) -> Result<()> {
    let io = |e| Error::io("JSON", e);
    let Value::Object(members) = document else {
        out.write_all(&pretty(document)).map_err(io)?;
        return out.write_all(b"\n").map_err(io);
    };
    out.write_all(b"{").map_err(io)?;
    for (i, (key, value)) in members.iter().enumerate() {
        out.write_all(if i == 0 { b"\n  " } else { b",\n  " })
            .map_err(io)?;
        serde_json::to_writer(&mut *out, key).map_err(|e| io(e.into()))?;
        out.write_all(b": ").map_err(io)?;
        if key == "tables" {
            tables.write_array(out).map_err(io)?;
        } else if key == "findings" && !findings.is_empty() {
            out.write_all(b"[").map_err(io)?;
            let mut scratch = Vec::new();
            for (j, f) in findings.iter().enumerate() {
                let separator: &[u8] = if j == 0 { b"\n    " } else { b",\n    " };
                write_member(out, &mut scratch, separator, &FindingMember::new(f, layout))
                    .map_err(io)?;
            }
            out.write_all(b"\n  ]").map_err(io)?;
        } else {
            write_nested(&mut *out, value, 1).map_err(io)?;
        }
    }
    if !members.is_empty() {
        out.write_all(b"\n").map_err(io)?;
    }
    out.write_all(b"}\n").map_err(io)
}

/// One table's member of `tables`, as a value (for [`json_value`]).
pub(crate) fn table_value(t: &TableAudit, layout: &Layout, lang: Lang) -> Value {
    // Serialising a member into a value cannot fail: its keys are strings.
    serde_json::to_value(table_member(t, layout, lang)).unwrap_or(Value::Null)
}

/// One table's member of `tables`, as the sink writes it into the document.
///
/// The members are structs written straight into the document: building a `Value` of every
/// row audit and relation (a map, a string per key), printing it into a buffer and indenting
/// that buffer was 4 % of a large score annex's instructions and a quarter of a budget
/// annex's. Each struct's fields are in the order of their names, the order a `Value`'s keys
/// are written in, and a nested struct whose fields are not goes through a `Value`, so that
/// both ways give the same bytes (`members_are_written_as_their_values_are`).
#[derive(Serialize)]
#[serde(untagged)]
pub(crate) enum TableMember<'a> {
    Score(Box<ScoreMember<'a>>),
    Skipped(SkippedMember<'a>),
    Structured(Box<StructuredMember<'a>>),
}

#[derive(Serialize)]
pub(crate) struct SkippedMember<'a> {
    bookmarks: &'a [String],
    container: &'static str,
    kind: &'static str,
    /// Why the table was skipped, in English: stable for scripts.
    reason: &'a str,
    /// The same in the report's language, for a person.
    reason_text: String,
    rows: usize,
    rule: (),
    table: usize,
    title: Option<&'a str>,
}

#[derive(Serialize)]
pub(crate) struct ScoreMember<'a> {
    bookmarks: &'a [String],
    columns: Vec<ColumnMember<'a>>,
    container: &'static str,
    continues: Option<usize>,
    header_rows: usize,
    kind: &'static str,
    note: Option<String>,
    reason: (),
    reason_text: (),
    row_audits: Vec<RowAuditMember<'a>>,
    rows: usize,
    rule: &'a str,
    rule_factor: Option<String>,
    rule_from_table: Option<usize>,
    rule_full_mark: Option<String>,
    rule_quote: Option<&'a str>,
    rule_source: Option<RuleSource>,
    sheet: Option<&'a str>,
    /// A struct whose fields are not in the order of their names.
    side_by_side: Option<Value>,
    skipped_rows: Vec<SkippedRowMember>,
    table: usize,
    template: &'a str,
    title: Option<&'a str>,
}

#[derive(Serialize)]
struct ColumnMember<'a> {
    decimals: Option<u32>,
    header: &'a str,
    label: &'a str,
    max: Option<&'a str>,
    role: Role,
}

#[derive(Serialize)]
struct RowAuditMember<'a> {
    exact: Option<String>,
    expected: Option<String>,
    name: Option<&'a str>,
    published: Option<&'a str>,
    reason: Option<&'a str>,
    row: usize,
    scaled_by: Option<String>,
    status: &'static str,
}

#[derive(Serialize)]
struct SkippedRowMember {
    reason: String,
    /// The workbook's row, as in the sheet and its cell references (`A12`).
    sheet_row: usize,
}

/// The member of `t`.
pub(crate) fn table_member<'a>(
    t: &'a TableAudit,
    layout: &'a Layout,
    lang: Lang,
) -> TableMember<'a> {
    match &t.outcome {
        TableOutcome::Skipped { reason } => TableMember::Skipped(SkippedMember {
            bookmarks: &t.bookmarks,
            container: t.container.as_str(),
            kind: "skipped",
            reason,
            reason_text: crate::messages::translate(reason, lang).into_owned(),
            rows: 0,
            rule: (),
            table: t.table,
            title: t.title.as_deref(),
        }),
        TableOutcome::Structured {
            table,
            structure,
            template,
        } => TableMember::Structured(Box::new(structured_member(
            t, table, structure, template, layout, lang,
        ))),
        TableOutcome::Score {
            sheet,
            rows,
            rule,
            rule_text,
            template,
        } => {
            let total_column = sheet.column(Role::Total);
            TableMember::Score(Box::new(ScoreMember {
                bookmarks: &t.bookmarks,
                columns: sheet
                    .columns
                    .iter()
                    .map(|c| ColumnMember {
                        decimals: c.decimals,
                        header: &c.path,
                        label: &c.label,
                        max: c.max.as_ref().map(|m| m.text.as_str()),
                        role: c.role,
                    })
                    .collect(),
                container: t.container.as_str(),
                continues: sheet.table.continues,
                header_rows: sheet.header_rows,
                kind: "score",
                note: (!sheet.table.note.is_empty()).then(|| sheet.table.note.join("\n")),
                reason: (),
                reason_text: (),
                row_audits: rows
                    .iter()
                    .map(|r| {
                        let data = sheet.row(r.number);
                        let (status, reason) = match &r.status {
                            RowStatus::Consistent => ("consistent", None),
                            RowStatus::Inconsistent => ("inconsistent", None),
                            RowStatus::NotChecked(why) => ("not_checked", Some(why.as_str())),
                        };
                        let recomputation = r.recomputation.as_ref();
                        RowAuditMember {
                            exact: recomputation.map(|rc| rc.exact.normalize().to_string()),
                            expected: recomputation.map(|rc| fixed(rc.expected, rc.decimals)),
                            name: data.and_then(|d| d.name.as_deref()),
                            published: total_column
                                .and_then(|c| data.and_then(|d| d.value(c)))
                                .map(|v| v.text()),
                            reason,
                            row: r.number,
                            scaled_by: recomputation
                                .and_then(|rc| rc.factor)
                                .map(|f| f.to_string()),
                            status,
                        }
                    })
                    .collect(),
                rows: rows.len(),
                rule: rule_text,
                rule_factor: rule.as_ref().and_then(|r| r.factor).map(|f| f.to_string()),
                rule_from_table: rule.as_ref().and_then(|r| r.from_table),
                rule_full_mark: rule
                    .as_ref()
                    .and_then(|r| r.full_mark)
                    .map(|m| m.to_string()),
                rule_quote: rule.as_ref().and_then(|r| r.quote.as_deref()),
                rule_source: rule.as_ref().map(|r| r.source),
                sheet: layout.sheet(t.table),
                side_by_side: sheet
                    .side_by_side
                    .as_ref()
                    .and_then(|s| serde_json::to_value(s).ok()),
                skipped_rows: sheet
                    .skipped_rows
                    .iter()
                    .map(|s| SkippedRowMember {
                        reason: super::skip_reason_text(&s.reason, lang),
                        sheet_row: super::sheet_row(s.table_row),
                    })
                    .collect(),
                table: t.table,
                template,
                title: t.title.as_deref(),
            }))
        }
    }
}

/// A cell of a structured table: its 0-based table row, logical column and grid column, its
/// workbook reference (once the table has a sheet: null otherwise), its text as published,
/// and for an operand its role.
#[derive(Serialize)]
struct CellMember<'a> {
    cell: Option<String>,
    column: usize,
    grid_column: usize,
    published: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    role: Option<OperandRole>,
    row: usize,
}

impl<'a> CellMember<'a> {
    fn new(table: usize, cell: &'a CellRef, layout: &Layout, role: Option<OperandRole>) -> Self {
        let location = Location {
            table_row: cell.table_row,
            column: cell.column,
        };
        CellMember {
            cell: layout.cell(table, location),
            column: cell.column,
            grid_column: cell.grid_col,
            published: &cell.published,
            role,
            row: cell.table_row,
        }
    }
}

/// The member of a table read by the structure engine: its template, unit, row roles,
/// columns, every relation with its outcome, and the published figures not recomputed.
#[derive(Serialize)]
pub(crate) struct StructuredMember<'a> {
    bookmarks: &'a [String],
    columns: Vec<StructuredColumnMember<'a>>,
    container: &'static str,
    continues: Option<usize>,
    header_rows: usize,
    kind: &'static str,
    not_recomputed: Vec<NotRecomputedMember<'a>>,
    note: Option<String>,
    reason: (),
    reason_text: (),
    relations: Vec<RelationMember<'a>>,
    row_roles: BTreeMap<&'static str, usize>,
    rows: usize,
    rule: (),
    table: usize,
    template: &'a str,
    title: Option<&'a str>,
    unit: Option<&'a str>,
}

#[derive(Serialize)]
struct StructuredColumnMember<'a> {
    grid_column: usize,
    grid_span: usize,
    header: &'a str,
    label: &'a str,
    role: ColumnRole,
}

#[derive(Serialize)]
struct RelationMember<'a> {
    bound: Bound,
    caused_by: Option<&'a str>,
    consistent: Option<bool>,
    expected: Option<String>,
    factor: Option<String>,
    id: &'a str,
    kind: &'static str,
    operands: Vec<CellMember<'a>>,
    reason: Option<String>,
    /// An enum whose fields are not in the order of their names.
    result: Value,
    rule: &'a str,
    source: RelationSource,
    target: CellMember<'a>,
}

#[derive(Serialize)]
struct NotRecomputedMember<'a> {
    cell: CellMember<'a>,
    reason: NotRecomputedReason,
    reason_text: String,
}

fn structured_member<'a>(
    t: &'a TableAudit,
    table: &'a crate::wordml::Table,
    structure: &'a TableStructure,
    template: &'a str,
    layout: &Layout,
    lang: Lang,
) -> StructuredMember<'a> {
    let cell = |cell: &'a CellRef| CellMember::new(t.table, cell, layout, None);
    let chinese = lang == Lang::Zh;
    let mut row_roles: BTreeMap<&'static str, usize> = BTreeMap::new();
    for r in &structure.rows {
        let role = match r.role {
            RowRole::Context => "context",
            RowRole::Header => "header",
            RowRole::Data => "data",
            RowRole::Summary => "summary",
            RowRole::Subtotal => "subtotal",
            RowRole::Section => "section",
            RowRole::Text => "text",
            RowRole::Spacer => "spacer",
        };
        *row_roles.entry(role).or_default() += 1;
    }
    let relations = structure
        .relations
        .iter()
        .zip(&structure.results)
        .map(|(r, e)| {
            let (consistent, expected, reason) = match &e.result {
                RelationResult::Consistent => (Some(true), None, None),
                RelationResult::Inconsistent { expected, .. } => {
                    (Some(false), Some(fixed(*expected, r.rounding)), None)
                }
                RelationResult::Omitted { expected } => {
                    (Some(false), Some(fixed(*expected, r.rounding)), None)
                }
                RelationResult::Exceeds { parts, .. } => {
                    (Some(false), Some(fixed(*parts, r.rounding)), None)
                }
                RelationResult::NotCheckable { reason } => {
                    (None, None, Some(reason.words().pick(chinese).to_string()))
                }
            };
            RelationMember {
                bound: r.bound,
                caused_by: e.caused_by.as_deref(),
                consistent,
                expected,
                factor: r.factor.map(|f| f.to_string()),
                id: &r.id,
                kind: r.kind.as_str(),
                operands: r
                    .operands
                    .iter()
                    .map(|o| CellMember::new(t.table, &o.cell, layout, Some(o.role)))
                    .collect(),
                reason,
                // Serialising a result into a value cannot fail: its keys are strings.
                result: serde_json::to_value(&e.result).unwrap_or(Value::Null),
                rule: r.rule.pick(chinese),
                source: r.source,
                target: cell(&r.target),
            }
        })
        .collect();
    StructuredMember {
        bookmarks: &t.bookmarks,
        columns: structure
            .columns
            .iter()
            .map(|c| StructuredColumnMember {
                grid_column: c.grid_col,
                grid_span: c.grid_span,
                header: &c.path,
                label: &c.label,
                role: c.role,
            })
            .collect(),
        container: t.container.as_str(),
        continues: table.continues,
        header_rows: structure
            .rows
            .iter()
            .take_while(|r| matches!(r.role, RowRole::Context | RowRole::Header))
            .count(),
        kind: "structured",
        not_recomputed: structure
            .not_recomputed
            .iter()
            .map(|n| NotRecomputedMember {
                cell: cell(&n.cell),
                reason: n.reason,
                reason_text: n.reason.words().pick(chinese).to_string(),
            })
            .collect(),
        note: (!table.note.is_empty()).then(|| table.note.join("\n")),
        reason: (),
        reason_text: (),
        relations,
        row_roles,
        rows: structure.rows.len(),
        rule: (),
        table: t.table,
        template,
        title: t.title.as_deref(),
        unit: structure.unit.as_deref(),
    }
}

/// One member of `findings`; `caused_by` and `consequences` only when present.
pub(crate) fn finding_value(f: &Finding, layout: &Layout) -> Value {
    // Serialising a member into a value cannot fail: its keys are strings.
    serde_json::to_value(FindingMember::new(f, layout)).unwrap_or(Value::Null)
}

/// One member of `findings`, written straight into the document (a document can have
/// hundreds of thousands); its fields in the order of their names, as [`TableMember`]'s.
#[derive(Serialize)]
struct FindingMember<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    caused_by: Option<&'a str>,
    cell: Option<String>,
    check: &'static str,
    column: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    consequences: Vec<FindingMember<'a>>,
    delta: Option<&'a str>,
    expected: Option<&'a str>,
    explanation: Option<&'a str>,
    id: &'a str,
    message: &'a str,
    name: Option<&'a str>,
    published: Option<&'a str>,
    row: Option<usize>,
    rule: Option<&'a str>,
    severity: &'static str,
    table: usize,
}

impl<'a> FindingMember<'a> {
    fn new(f: &'a Finding, layout: &Layout) -> Self {
        FindingMember {
            caused_by: f.caused_by.as_deref(),
            cell: layout.finding_cell(f),
            check: f.check.as_str(),
            column: f.column.as_deref(),
            consequences: f
                .consequences
                .iter()
                .map(|c| FindingMember::new(c, layout))
                .collect(),
            delta: f.delta.as_deref(),
            expected: f.expected.as_deref(),
            explanation: f.explanation.as_deref(),
            id: &f.id,
            message: &f.message,
            name: f.name.as_deref(),
            published: f.published.as_deref(),
            row: f.row,
            rule: f.rule.as_deref(),
            severity: f.severity.as_str(),
            table: f.table,
        }
    }
}

/// The document around the tables: the file, the findings, the summary, and `tables` as given.
pub(crate) fn document_value(
    facts: &Facts<'_>,
    lang: Lang,
    findings: &[Finding],
    summary: &Summary,
    layout: &Layout,
    tables: Value,
) -> Value {
    let findings: Vec<Value> = findings.iter().map(|f| finding_value(f, layout)).collect();
    let mut value = json!({
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "file": {
            "path": facts.path.display().to_string(),
            "sha256": facts.sha256,
            "bytes": facts.bytes,
            "title": facts.title,
        },
        "audited_at": facts.audited_at,
        "lang": lang,
        "tables": tables,
        "findings": findings,
        "summary": summary,
    });
    if let Some(converter) = facts.converted_by
        && let Some(file) = value.get_mut("file").and_then(Value::as_object_mut)
    {
        file.insert("converted_by".into(), Value::from(converter));
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::audited_with_errors;
    use rust_decimal::Decimal;

    /// The document written member by member, its tables spilled to a temporary file, is the
    /// document `serde_json` pretty-prints from one value.
    #[test]
    fn spooled_tables_and_streamed_findings_write_the_pretty_document() {
        let file = audited_with_errors(Some(Lang::Zh));
        let layout = Layout::new(&file.report);
        assert!(!file.report.findings.is_empty());
        // Tables large enough to spill: 1.5 MB of text each.
        let reason = "表".repeat(500_000);
        let members: Vec<TableMember> = (0..3)
            .map(|table| {
                TableMember::Skipped(SkippedMember {
                    bookmarks: &[],
                    container: "body",
                    kind: "skipped",
                    reason: &reason,
                    reason_text: reason.clone(),
                    rows: 0,
                    rule: (),
                    table,
                    title: None,
                })
            })
            .collect();
        let mut spool = TablesSpool::default();
        for member in &members {
            spool.push(member).expect("spooled");
        }
        let tables = members
            .iter()
            .map(|member| serde_json::to_value(member).expect("a value"))
            .collect();
        assert!(spool.spool.on_disk(), "spilled to a file");
        let facts = file.facts();
        let lang = file.report.lang;
        let summary = &file.report.summary;
        let skeleton = document_value(&facts, lang, &[], summary, &layout, json!([]));
        let mut written = Vec::new();
        write_document(
            &mut written,
            &skeleton,
            spool,
            &file.report.findings,
            &layout,
        )
        .expect("written");
        let whole = document_value(
            &facts,
            lang,
            &file.report.findings,
            summary,
            &layout,
            Value::Array(tables),
        );
        let mut expected = serde_json::to_vec_pretty(&whole).expect("JSON");
        expected.push(b'\n');
        assert!(written == expected, "the documents differ");
    }

    /// `member` written at depths 0, 1 and 2 is `value` pretty-printed and indented as deep.
    fn assert_written_as<T: Serialize>(member: &T, value: &Value) {
        for depth in 0..3 {
            let mut written = Vec::new();
            write_nested(&mut written, member, depth).expect("written");
            let indent = "\n".to_string() + &"  ".repeat(depth);
            let expected = String::from_utf8_lossy(&pretty(value)).replace('\n', &indent);
            assert_eq!(String::from_utf8_lossy(&written), expected);
        }
    }

    /// The members written straight into the document are written as their values would be,
    /// key for key, at any depth: with every field present and with every one absent.
    #[test]
    fn members_are_written_as_their_values_are() {
        let bookmarks = vec!["_Toc1".to_string()];
        let side_by_side = crate::annex::SideBySide {
            records_per_row: 2,
            columns_per_record: 3,
            printed_rows: 4,
            order: crate::annex::ReadingOrder::Down,
        };
        let row = |present: bool| RowAuditMember {
            exact: present.then(|| "91.7".into()),
            expected: present.then(|| "91.70".into()),
            name: present.then_some("东胜区"),
            published: present.then_some("91.80"),
            reason: present.then_some("缺项"),
            row: 1,
            scaled_by: present.then(|| "20/17".into()),
            status: "not_checked",
        };
        let score = |present: bool| ScoreMember {
            bookmarks: if present { &bookmarks } else { &[] },
            columns: vec![ColumnMember {
                decimals: present.then_some(2),
                header: "指标/得分",
                label: "得分",
                max: present.then_some("40"),
                role: Role::Component,
            }],
            container: "body",
            continues: present.then_some(1),
            header_rows: 2,
            kind: "score",
            note: present.then(|| "注：\"折算\"\n第二行".into()),
            reason: (),
            reason_text: (),
            row_audits: vec![row(present), row(!present)],
            rows: 2,
            rule: "合计",
            rule_factor: present.then(|| "20/17".into()),
            rule_from_table: present.then_some(0),
            rule_full_mark: present.then(|| "100".into()),
            rule_quote: present.then_some("按85分折算"),
            rule_source: present.then_some(RuleSource::Stated),
            sheet: present.then_some("表1"),
            side_by_side: present
                .then(|| serde_json::to_value(side_by_side).ok())
                .flatten(),
            skipped_rows: if present {
                vec![SkippedRowMember {
                    reason: "空行".into(),
                    sheet_row: 7,
                }]
            } else {
                Vec::new()
            },
            table: 0,
            template: "government-evaluation",
            title: present.then_some("一、各旗区人民政府"),
        };
        let skipped = |present: bool| SkippedMember {
            bookmarks: if present { &bookmarks } else { &[] },
            container: "text_box",
            kind: "skipped",
            reason: "没有数字",
            reason_text: "没有数字".into(),
            rows: 0,
            rule: (),
            table: 3,
            title: present.then_some("附表"),
        };
        let cell_ref = CellRef {
            table_row: 4,
            column: 2,
            grid_col: 3,
            published: "1,234.50".into(),
        };
        let cell = |present: bool, role: Option<OperandRole>| CellMember {
            cell: present.then(|| "'表1'!D7".into()),
            column: cell_ref.column,
            grid_column: cell_ref.grid_col,
            published: &cell_ref.published,
            role,
            row: cell_ref.table_row,
        };
        let result = RelationResult::Inconsistent {
            expected: Decimal::new(123_450, 2),
            exact: Decimal::new(1_234_504, 3),
            published: Decimal::new(123_460, 2),
            delta: Decimal::new(10, 2),
        };
        let structured = |present: bool| StructuredMember {
            bookmarks: if present { &bookmarks } else { &[] },
            columns: vec![StructuredColumnMember {
                grid_column: 3,
                grid_span: 2,
                header: "本年决算 / 基本支出",
                label: "基本支出",
                role: ColumnRole::Amount,
            }],
            container: "body",
            continues: present.then_some(0),
            header_rows: 2,
            kind: "structured",
            not_recomputed: vec![NotRecomputedMember {
                cell: cell(present, None),
                reason: NotRecomputedReason::NoParts,
                reason_text: "没有组成项".into(),
            }],
            note: present.then(|| "注：单位万元".into()),
            reason: (),
            reason_text: (),
            relations: vec![RelationMember {
                bound: Bound::AtMost,
                caused_by: present.then_some("row_total:合计:本年"),
                consistent: present.then_some(false),
                expected: present.then(|| "1234.50".into()),
                factor: present.then(|| "0.5".into()),
                id: "column_sum:合计:本年决算数",
                kind: "column_sum",
                operands: vec![cell(present, Some(OperandRole::Add))],
                reason: present.then(|| "有运算项为空".into()),
                result: serde_json::to_value(&result).expect("a value"),
                rule: "合计 = 各行之和",
                source: RelationSource::Structure,
                target: cell(present, None),
            }],
            row_roles: BTreeMap::from([("data", 3), ("header", 2)]),
            rows: 5,
            rule: (),
            table: 1,
            template: "budget",
            title: present.then_some("2025年部门决算表"),
            unit: present.then_some("万元"),
        };
        for present in [true, false] {
            let members = [
                TableMember::Score(Box::new(score(present))),
                TableMember::Skipped(skipped(present)),
                TableMember::Structured(Box::new(structured(present))),
            ];
            for member in &members {
                let value = serde_json::to_value(member).expect("a value");
                assert_written_as(member, &value);
            }
        }
    }

    /// Findings are written straight into the document as their values would be, with and
    /// without a cause and consequences.
    #[test]
    fn findings_are_written_as_their_values_are() {
        let file = audited_with_errors(Some(Lang::Zh));
        let layout = Layout::new(&file.report);
        let mut findings = file.report.findings.clone();
        let mut with_both = findings.first().cloned().expect("a finding");
        with_both.caused_by = Some("cause".into());
        with_both.consequences = findings.iter().take(2).cloned().collect();
        findings.push(with_both);
        for f in &findings {
            assert_written_as(&FindingMember::new(f, &layout), &finding_value(f, &layout));
        }
        assert!(
            findings
                .iter()
                .any(|f| f.caused_by.is_none() && f.consequences.is_empty())
        );
    }

    #[test]
    fn an_empty_spool_writes_an_empty_array() {
        let file = audited_with_errors(None);
        let layout = Layout::new(&file.report);
        let facts = file.facts();
        let skeleton = document_value(
            &facts,
            file.report.lang,
            &[],
            &file.report.summary,
            &layout,
            json!([]),
        );
        let mut written = Vec::new();
        write_document(
            &mut written,
            &skeleton,
            TablesSpool::default(),
            &[],
            &layout,
        )
        .expect("written");
        let mut expected = serde_json::to_vec_pretty(&skeleton).expect("JSON");
        expected.push(b'\n');
        assert_eq!(
            String::from_utf8_lossy(&written),
            String::from_utf8_lossy(&expected)
        );
    }
}
