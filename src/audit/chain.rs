//! Runs the registered checks on one continuation chain of tables (usually a single table)
//! and assembles the chain's table audits.

use super::checks::{
    AuditCheck, Chain, ChainRow, ChainRule, InferredScaling, Scope, recompute_row, rule_text,
};
use super::text::Lang;
use super::{
    AppliedRule, Check, Finding, Recomputation, RowAudit, RuleSource, TableAudit, TableOutcome,
};
use crate::annex::{Interpretation, Role, ScoreSheet, Value};
use crate::wordml::Table;

/// A score sheet of the chain waiting for its audit.
struct PendingSheet {
    /// Its place among the chain's table audits (filled once the chain is checked).
    slot: usize,
    sheet: Box<ScoreSheet>,
    /// Heading or caption.
    title: Option<String>,
    bookmarks: Vec<String>,
}

/// Audits one chain: the tables of one table continued across pages (usually one table).
pub(super) fn audit_chain(
    chain: Vec<(Table, Interpretation)>,
    lang: Lang,
) -> (Vec<TableAudit>, Vec<Finding>) {
    let mut audits: Vec<Option<TableAudit>> = Vec::new();
    let mut sheets: Vec<PendingSheet> = Vec::new();
    for (table, interpretation) in chain {
        let title = table.heading.clone().or_else(|| table.caption.clone());
        match interpretation {
            Interpretation::Score(sheet) => {
                sheets.push(PendingSheet {
                    slot: audits.len(),
                    sheet,
                    title,
                    bookmarks: table.bookmarks.clone(),
                });
                // Placeholder replaced below, keeping table order.
                audits.push(None);
            }
            Interpretation::Skipped { reason } => audits.push(Some(TableAudit {
                table: table.number,
                title,
                container: table.container,
                bookmarks: table.bookmarks.clone(),
                outcome: TableOutcome::Skipped { reason },
            })),
        }
    }
    let rule = chain_rule(&sheets);
    let mut findings = Vec::new();
    let row_audits = check_sheets(&sheets, &rule, lang, &mut findings);
    for (pending, rows) in sheets.into_iter().zip(row_audits) {
        let audit = sheet_audit(
            pending.sheet,
            pending.title,
            pending.bookmarks,
            rows,
            &rule,
            lang,
        );
        if let Some(s) = audits.get_mut(pending.slot) {
            *s = Some(audit);
        }
    }
    (audits.into_iter().flatten().collect(), findings)
}

/// The first rule stated in a note of the chain, with its table.
fn chain_rule(sheets: &[PendingSheet]) -> ChainRule {
    sheets
        .iter()
        .find_map(|p| {
            let stated = p.sheet.stated_rule.clone()?;
            Some(ChainRule {
                stated: Some(stated),
                from_table: Some(p.sheet.table.number),
            })
        })
        .unwrap_or_default()
}

/// Runs the table and row checks and the recomputation on every sheet, then the chain checks;
/// returns each sheet's row audits.
fn check_sheets(
    sheets: &[PendingSheet],
    rule: &ChainRule,
    lang: Lang,
    findings: &mut Vec<Finding>,
) -> Vec<Vec<RowAudit>> {
    let in_scope = |scope: Scope| -> Vec<&'static dyn AuditCheck> {
        Check::ALL
            .iter()
            .map(|c| c.definition())
            .filter(|d| d.scope() == scope)
            .collect()
    };
    let (table_checks, row_checks) = (in_scope(Scope::Table), in_scope(Scope::Row));
    let mut rows: Vec<ChainRow> = Vec::new();
    let mut row_audits = Vec::with_capacity(sheets.len());
    let mut inferred = None;
    for (i, pending) in sheets.iter().enumerate() {
        let sheet = pending.sheet.as_ref();
        for check in &table_checks {
            check.table(sheet, lang, findings);
        }
        let total_col = sheet.column(Role::Total);
        let mut audits_of_sheet = Vec::with_capacity(sheet.rows.len());
        for (r, row) in sheet.rows.iter().enumerate() {
            for check in &row_checks {
                check.row(sheet, row, lang, findings);
            }
            let (audit, discrepancy) = recompute_row(sheet, row, rule, lang);
            if let Some(Recomputation {
                source: RuleSource::Inferred,
                factor: Some(factor),
                ..
            }) = &audit.recomputation
            {
                inferred.get_or_insert(InferredScaling {
                    table: sheet.table.number,
                    factor: *factor,
                });
            }
            rows.push(ChainRow {
                sheet: i,
                row: r,
                total: total_col
                    .and_then(|c| row.value(c))
                    .and_then(Value::number)
                    .map(|n| n.value),
                corrected: discrepancy
                    .as_ref()
                    .and_then(|_| audit.recomputation.as_ref().map(|rc| rc.expected)),
                discrepancy,
            });
            audits_of_sheet.push(audit);
        }
        row_audits.push(audits_of_sheet);
    }
    let chain = Chain::new(
        sheets.iter().map(|p| p.sheet.as_ref()).collect(),
        rows,
        rule,
        inferred,
        lang,
    );
    for check in in_scope(Scope::Chain) {
        check.chain(&chain, findings);
    }
    row_audits
}

/// A score sheet's audit: its rows, the rule its scaled rows follow and that rule in words.
fn sheet_audit(
    sheet: Box<ScoreSheet>,
    title: Option<String>,
    bookmarks: Vec<String>,
    rows: Vec<RowAudit>,
    rule: &ChainRule,
    lang: Lang,
) -> TableAudit {
    let scaled = rows
        .iter()
        .filter_map(|r| r.recomputation.as_ref())
        .find(|rc| rc.factor.is_some());
    let applied = match (rule.stated.as_ref(), scaled) {
        (Some(stated), _) => Some(AppliedRule {
            source: RuleSource::Stated,
            factor: stated.factor.or_else(|| scaled.and_then(|rc| rc.factor)),
            full_mark: stated.full_mark,
            quote: Some(stated.quote.clone()),
            from_table: rule.from_table,
        }),
        (None, Some(rc)) => Some(AppliedRule {
            source: RuleSource::Inferred,
            factor: rc.factor,
            full_mark: None,
            quote: None,
            from_table: None,
        }),
        (None, None) => None,
    };
    let rule_text = rule_text(&sheet, applied.as_ref(), lang);
    TableAudit {
        table: sheet.table.number,
        title,
        container: sheet.table.container,
        bookmarks,
        outcome: TableOutcome::Score {
            sheet,
            rows,
            rule: applied,
            rule_text,
        },
    }
}
