//! JSON for machines. The shape is a contract (see README.md): fields may be added, never
//! renamed or removed. Numbers are strings, exactly as published.

use std::io::Write;

use serde_json::{Value, json};

use super::{AuditedFile, Layout, Report, TOOL_NAME, TOOL_VERSION};
use crate::annex::Role;
use crate::audit::exact::fixed;
use crate::audit::{RowStatus, TableOutcome};
use crate::{Error, Result};

/// The JSON report.
pub struct Json;

impl Report for Json {
    fn render(&self, file: &AuditedFile, layout: &Layout, out: &mut dyn Write) -> Result<()> {
        let value = json_value(file, layout);
        serde_json::to_writer_pretty(&mut *out, &value)
            .map_err(|e| Error::io("JSON", std::io::Error::other(e)))?;
        out.write_all(b"\n").map_err(|e| Error::io("JSON", e))
    }
}

/// The JSON document of one audited file.
pub fn json_value(file: &AuditedFile, layout: &Layout) -> Value {
    let report = &file.report;
    let tables: Vec<Value> = report
        .tables
        .iter()
        .map(|t| match &t.outcome {
            TableOutcome::Skipped { reason } => json!({
                "table": t.table,
                "title": t.title,
                "kind": "skipped",
                "reason": reason,
                "container": t.container.as_str(),
                "bookmarks": t.bookmarks,
                "rows": 0,
                "rule": null,
            }),
            TableOutcome::Score {
                sheet,
                rows,
                rule,
                rule_text,
            } => {
                json!({
                "table": t.table,
                "title": t.title,
                "kind": "score",
                "reason": null,
                "container": t.container.as_str(),
                "bookmarks": t.bookmarks,
                "sheet": layout.sheet(t.table),
                "rows": rows.len(),
                "rule": rule_text,
                "rule_source": rule.as_ref().map(|r| r.source),
                "rule_factor": rule.as_ref().and_then(|r| r.factor).map(|f| f.to_string()),
                "rule_full_mark": rule.as_ref().and_then(|r| r.full_mark).map(|m| m.to_string()),
                "rule_quote": rule.as_ref().and_then(|r| r.quote.clone()),
                "rule_from_table": rule.as_ref().and_then(|r| r.from_table),
                "note": (!sheet.table.note.is_empty()).then(|| sheet.table.note.join("\n")),
                "continues": sheet.table.continues,
                "header_rows": sheet.header_rows,
                "columns": sheet.columns.iter().map(|c| json!({
                    "label": c.label,
                    "header": c.path,
                    "role": c.role,
                    "max": c.max.as_ref().map(|m| m.text.clone()),
                    "decimals": c.decimals,
                })).collect::<Vec<_>>(),
                "row_audits": rows.iter().map(|r| {
                    let data = sheet.row(r.number);
                    let total = sheet
                        .column(Role::Total)
                        .and_then(|c| data.and_then(|d| d.value(c)))
                        .map(|v| v.text().to_string());
                    let (status, reason) = match &r.status {
                        RowStatus::Consistent => ("consistent", None),
                        RowStatus::Inconsistent => ("inconsistent", None),
                        RowStatus::NotChecked(why) => ("not_checked", Some(why.clone())),
                    };
                    json!({
                        "row": r.number,
                        "name": data.and_then(|d| d.name.clone()),
                        "published": total,
                        "expected": r.recomputation.as_ref().map(|rc| fixed(rc.expected, rc.decimals)),
                        "exact": r.recomputation.as_ref().map(|rc| rc.exact.normalize().to_string()),
                        "scaled_by": r.recomputation.as_ref().and_then(|rc| rc.factor).map(|f| f.to_string()),
                        "status": status,
                        "reason": reason,
                    })
                }).collect::<Vec<_>>(),
                "skipped_rows": sheet.skipped_rows.iter().map(|s| json!({
                    "table_row": s.table_row + 1,
                    "reason": super::skip_reason_text(&s.reason, report.lang),
                })).collect::<Vec<_>>(),
                })
            }
        })
        .collect();
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "check": f.check.as_str(),
                "severity": f.severity.as_str(),
                "table": f.table,
                "row": f.row,
                "name": f.name,
                "column": f.column,
                "cell": layout.finding_cell(f),
                "published": f.published,
                "expected": f.expected,
                "delta": f.delta,
                "rule": f.rule,
                "explanation": f.explanation,
                "message": f.message,
            })
        })
        .collect();
    let s = &report.summary;
    json!({
        "tool": {"name": TOOL_NAME, "version": TOOL_VERSION},
        "file": {
            "path": file.path.display().to_string(),
            "sha256": file.sha256,
            "bytes": file.bytes,
            "title": file.title,
        },
        "audited_at": file.audited_at,
        "lang": report.lang,
        "tables": tables,
        "findings": findings,
        "summary": {
            "tables": s.tables,
            "score_tables": s.score_tables,
            "rows": s.rows,
            "totals_checked": s.totals_checked,
            "consistent": s.consistent,
            "inconsistent": s.inconsistent,
            "skipped": s.skipped,
            "critical": s.critical,
            "error": s.error,
            "warning": s.warning,
            "notice": s.notice,
        },
    })
}
