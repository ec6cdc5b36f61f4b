//! `crosscheck` (表间核对): a figure two tables of the document both publish — the same row
//! under each table's main amount column, a 合计 against the other table's total row, or a
//! rule of the template — that differs between them. Reported at the first table's cell, with
//! both tables, the row, the columns, both figures and the difference.

use super::sum::signed;
use super::{AuditCheck, DocumentView, Scope};
use crate::annex::structure::RelationResult;
use crate::annex::structure::cross::{CrossKind, CrossTarget};
use crate::audit::exact::fixed;
use crate::audit::{Check, Finding, Lang, Severity};

/// The `crosscheck` check.
pub(super) struct Crosscheck;

impl AuditCheck for Crosscheck {
    fn id(&self) -> Check {
        Check::Crosscheck
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn document(&self, document: &DocumentView<'_>, out: &mut Vec<Finding>) {
        let lang = document.lang;
        for relation in document.checks.findings() {
            if relation.kind != CrossKind::TableEquality {
                continue;
            }
            let (CrossTarget::Cell(target), Some(other)) =
                (&relation.target, relation.operands.first())
            else {
                continue;
            };
            let RelationResult::Inconsistent {
                expected, delta, ..
            } = &relation.result
            else {
                continue;
            };
            let decimals = relation.rounding;
            let (e, d) = (fixed(*expected, decimals), signed(*delta, decimals));
            let other = &other.cell;
            let (here, there) = (
                document.table_name(target.table),
                document.table_name(other.table),
            );
            let (row, other_row) = (&target.row_label, &other.row_label);
            let (column, other_column) = (&target.column_label, &other.column_label);
            let p = &target.published;
            let message = match lang {
                Lang::Zh => format!(
                    "{here}“{row}”{column}为 {p}，{there}“{other_row}”{other_column}为 {e}，两表不一致，相差 {d}"
                ),
                Lang::En => format!(
                    "{here}, “{row}” {column}: {p}; {there}, “{other_row}” {other_column}: {e}; the tables disagree by {d}"
                ),
            };
            let mut f = document.at(Check::Crosscheck, Severity::Error, target, message);
            f.expected = Some(e);
            f.delta = Some(d);
            f.rule = Some(relation.rule.pick(lang == Lang::Zh).to_string());
            out.push(f);
        }
    }
}
