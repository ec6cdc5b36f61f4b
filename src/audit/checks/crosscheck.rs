//! `crosscheck` (表间核对): a figure two tables of the document both publish — the same row
//! under each table's main amount column, a 合计 against the other table's total row, or a
//! rule of the template — that differs between them. Reported at the first table's cell, with
//! both tables, the row, the columns, both figures and the difference.

use super::sum::signed;
use super::{AuditCheck, DocumentView, Scope};
use crate::annex::structure::RelationResult;
use crate::annex::structure::cross::{CrossKind, CrossTarget};
use crate::audit::exact::fixed_like;
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
            let e = fixed_like(*expected, decimals, &target.published);
            let d = signed(*delta, decimals);
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

#[cfg(test)]
mod tests {
    use crate::annex::Template;
    use crate::annex::tests::simple_table;
    use crate::audit::{Auditor, Check, Lang, Selection, Severity};

    fn audited(second: &str) -> crate::audit::AuditReport {
        let summary = simple_table(
            1,
            &[
                vec!["项目", "决算数"],
                vec!["一般公共服务支出", "35.40"],
                vec!["卫生健康支出", "71.30"],
                vec!["合计", "106.70"],
            ],
        );
        let detail = simple_table(
            2,
            &[
                vec!["项目", "合计"],
                vec!["一般公共服务支出", "35.40"],
                vec!["卫生健康支出", second],
                vec!["合计", "106.70"],
            ],
        );
        let mut auditor =
            Auditor::new(Template::default_template(), Some(Lang::Zh), Selection::default());
        auditor.push(summary);
        auditor.push(detail);
        auditor.check_document(&[]);
        auditor.finish()
    }

    #[test]
    fn a_figure_two_tables_publish_differently_is_an_error_after_the_tables_own() {
        let report = audited("71.30");
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert!(report.summary.relations_by_kind.get("crosscheck") >= Some(&1));
        let report = audited("72.30");
        let cross: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Crosscheck)
            .collect();
        assert_eq!(cross.len(), 1, "{:#?}", report.findings);
        let f = cross[0];
        assert_eq!((f.severity, f.table), (Severity::Error, 1));
        assert_eq!(f.expected.as_deref(), Some("72.30"));
        assert!(f.message.contains("71.30") && f.message.contains("表2"), "{}", f.message);
        assert!(!f.id.is_empty());
        // After every finding of the tables themselves (table 2's own 合计 no longer adds up).
        assert_eq!(report.findings.last().map(|f| f.check), Some(Check::Crosscheck));
    }
}
