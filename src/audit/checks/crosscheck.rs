//! `crosscheck` (表间核对): a figure two tables of the document both publish — the same row
//! under each table's main amount column, a 合计 against the other table's total row, or a
//! rule of the template — that differs between them. Reported at the first table's cell, with
//! both tables, the row, the columns, both figures and the difference.

use rust_decimal::Decimal;

use super::sum::signed;
use super::{AuditCheck, DocumentView, Scope};
use crate::annex::structure::cross::{CrossKind, CrossRelation, CrossTarget, TableCell};
use crate::annex::structure::{RelationKind, RelationResult};
use crate::audit::exact::{fixed, fixed_like};
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
        let mut disagreements: Vec<Option<Disagreement<'_>>> = Vec::new();
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
            disagreements.push(Some(Disagreement {
                relation,
                target,
                other: &other.cell,
                expected: *expected,
                delta: *delta,
            }));
        }
        for i in 0..disagreements.len() {
            let Some(first) = disagreements.get_mut(i).and_then(Option::take) else {
                continue;
            };
            let partner = disagreements
                .iter()
                .position(|d| d.as_ref().is_some_and(|d| first.offsets(d)))
                .and_then(|j| disagreements.get_mut(j).and_then(Option::take));
            match partner {
                Some(second) => out.push(misfiled(document, &first, &second)),
                None => out.push(first.finding(document)),
            }
        }
    }
}

/// A figure two tables publish differently.
struct Disagreement<'a> {
    relation: &'a CrossRelation,
    /// The cell of the table reported at.
    target: &'a TableCell,
    /// The other table's cell.
    other: &'a TableCell,
    /// The other table's figure, rounded to the target's decimals.
    expected: Decimal,
    /// Target − other.
    delta: Decimal,
}

impl Disagreement<'_> {
    /// The target's decimals.
    fn decimals(&self) -> u32 {
        self.relation.rounding
    }

    /// True when `other` is the same two tables and columns disagreeing by the opposite amount
    /// on another row: one amount under the wrong heading, the sum of both rows unchanged.
    fn offsets(&self, other: &Disagreement<'_>) -> bool {
        let (a, b) = ((self.target, self.other), (other.target, other.other));
        a.0.table == b.0.table
            && a.1.table == b.1.table
            && a.0.column == b.0.column
            && a.1.column == b.1.column
            && a.0.table_row != b.0.table_row
            && a.1.table_row != b.1.table_row
            && !self.delta.is_zero()
            && self.delta == -other.delta
    }

    /// The other table's figure as the target prints figures.
    fn expected_text(&self) -> String {
        fixed_like(self.expected, self.decimals(), &self.target.published)
    }

    /// The finding of this disagreement alone.
    fn finding(&self, document: &DocumentView<'_>) -> Finding {
        let lang = document.lang;
        let e = self.expected_text();
        let d = signed(self.delta, self.decimals());
        let (target, other) = (self.target, self.other);
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
        f.rule = Some(self.relation.rule.pick(lang == Lang::Zh).to_string());
        f
    }
}

/// True when the other table's cell is the sum of its own detail rows, checked and
/// consistent (a 类 with its 款 and 项 beneath): its figure has support the bare one lacks.
fn backed_by_detail(document: &DocumentView<'_>, cell: &TableCell) -> bool {
    document.table(cell.table).is_some_and(|t| {
        let s = t.structure;
        s.relations.iter().zip(&s.results).any(|(r, e)| {
            matches!(r.kind, RelationKind::Hierarchy | RelationKind::Subtotal)
                && r.target.table_row == cell.table_row
                && r.target.column == cell.column
                && e.result == RelationResult::Consistent
        })
    })
}

/// Two rows of the same two tables that disagree by opposite amounts: one finding, at the row
/// that has more, the other row its consequence. Which table misfiled it is said when the other
/// table's two figures are each the sum of their detail and this table's are not.
fn misfiled(document: &DocumentView<'_>, more: &Disagreement<'_>, less: &Disagreement<'_>) -> Finding {
    let (more, less) = if more.delta > Decimal::ZERO {
        (more, less)
    } else {
        (less, more)
    };
    let lang = document.lang;
    let decimals = more.decimals();
    let amount = fixed(more.delta, decimals);
    let (here, there) = (
        document.table_name(more.target.table),
        document.table_name(more.other.table),
    );
    let (row_more, row_less) = (&more.target.row_label, &less.target.row_label);
    let (p_more, p_less) = (&more.target.published, &less.target.published);
    let (e_more, e_less) = (more.expected_text(), less.expected_text());
    let (other_more, other_less) = (&more.other.row_label, &less.other.row_label);
    let column = &more.target.column_label;
    let there_backed =
        backed_by_detail(document, more.other) && backed_by_detail(document, less.other);
    let here_backed =
        backed_by_detail(document, more.target) && backed_by_detail(document, less.target);
    let which = match (there_backed, here_backed) {
        (true, false) => Some(Side::Here),
        (false, true) => Some(Side::There),
        _ => None,
    };
    // The table each of the two is: the one whose rows are backed by their detail, the one
    // the slip is in.
    let verdict = which.map(|side| match side {
        Side::Here => (more.other.table, more.target.table),
        Side::There => (more.target.table, more.other.table),
    });
    let mut message = lang.pick(
        format!(
            "{here}“{row_more}”{column}为 {p_more}、“{row_less}”为 {p_less}，{there}“{other_more}”“{other_less}”分别为 {e_more}、{e_less}：一项多 {amount}，一项少 {amount}，两项之和两表一致，很可能是同一笔 {amount} 记错了科目"
        ),
        format!(
            "{here}, {column}: “{row_more}” {p_more} and “{row_less}” {p_less}; {there}: “{other_more}” {e_more} and “{other_less}” {e_less}: one is {amount} more, the other {amount} less, and the two add up to the same in both tables, so one amount of {amount} is likely filed under the wrong heading"
        ),
    );
    if let Some((backed, slipped)) = verdict {
        message.push_str(&lang.pick(
            format!("；表{backed}中这两项均与其下级科目之和相符，错记在表{slipped}"),
            format!(
                "; in table {backed} both rows are the sum of their detail, so the slip is in table {slipped}"
            ),
        ));
    }
    let explanation = match which {
        Some(Side::Here) => lang.pick(
            format!("科目错记：{amount} 应记入“{row_less}”，却记入了“{row_more}”"),
            format!("filed under the wrong heading: {amount} belongs to “{row_less}”, not “{row_more}”"),
        ),
        Some(Side::There) => lang.pick(
            format!("科目错记：表{}把 {amount} 记入了“{other_less}”，应记入“{other_more}”", more.other.table),
            format!("filed under the wrong heading in table {}: {amount} belongs to “{other_more}”, not “{other_less}”", more.other.table),
        ),
        None => lang.pick(
            format!("科目错记：两项一多一少，各 {amount}，两项之和不变"),
            format!("filed under the wrong heading: the rows differ by +{amount} and −{amount}, their sum unchanged"),
        ),
    };
    let mut f = more.finding(document);
    f.message = message;
    f.explanation = Some(explanation);
    f.with_consequences(vec![less.finding(document)])
}

/// The table a misfiled amount is in.
#[derive(Clone, Copy)]
enum Side {
    /// The table reported at.
    Here,
    /// The other table.
    There,
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

    /// A summary table whose 社会保障 and 卫生健康 rows are `social` and `health`, against a
    /// detail table where each class is the sum of its 款.
    fn misfiled(social: &str, health: &str) -> crate::audit::AuditReport {
        misfiled_in_order(social, health, false)
    }

    /// The same, with the detail table first when `detail_first`.
    fn misfiled_in_order(social: &str, health: &str, detail_first: bool) -> crate::audit::AuditReport {
        let (summary_number, detail_number) = if detail_first { (2, 1) } else { (1, 2) };
        let summary = simple_table(
            summary_number,
            &[
                vec!["项目", "决算数"],
                vec!["一、一般公共服务支出", "35.40"],
                vec!["二、社会保障和就业支出", social],
                vec!["三、卫生健康支出", health],
                vec!["合计", "612.05"],
            ],
        );
        let detail = simple_table(
            detail_number,
            &[
                vec!["科目编码", "科目名称", "合计"],
                vec!["201", "一般公共服务支出", "35.40"],
                vec!["20101", "人大事务", "35.40"],
                vec!["208", "社会保障和就业支出", "442.50"],
                vec!["20805", "行政事业单位养老支出", "400.00"],
                vec!["20808", "抚恤", "42.50"],
                vec!["210", "卫生健康支出", "134.15"],
                vec!["21001", "卫生健康管理事务", "134.15"],
                vec!["", "合计", "612.05"],
            ],
        );
        let mut auditor =
            Auditor::new(Template::default_template(), Some(Lang::Zh), Selection::default());
        if detail_first {
            auditor.push(detail);
            auditor.push(summary);
        } else {
            auditor.push(summary);
            auditor.push(detail);
        }
        auditor.check_document(&[]);
        auditor.finish()
    }

    #[test]
    fn an_amount_under_the_wrong_heading_in_the_second_table_is_said_to_be_there() {
        let report = misfiled_in_order("505.35", "71.30", true);
        let cross: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Crosscheck)
            .collect();
        assert_eq!(cross.len(), 1, "{:#?}", report.findings);
        let f = cross[0];
        // Reported at the detail table (table 1), whose rows are right; the slip is table 2's.
        assert_eq!(f.table, 1);
        assert!(
            f.message.ends_with("；表1中这两项均与其下级科目之和相符，错记在表2"),
            "{}",
            f.message
        );
        assert_eq!(
            f.explanation.as_deref(),
            Some("科目错记：表2把 62.85 记入了“二、社会保障和就业支出”，应记入“三、卫生健康支出”")
        );
    }

    #[test]
    fn an_amount_under_the_wrong_heading_is_one_finding_in_the_table_without_detail() {
        let report = misfiled("505.35", "71.30");
        let cross: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Crosscheck)
            .collect();
        assert_eq!(cross.len(), 1, "{:#?}", report.findings);
        let f = cross[0];
        assert_eq!(
            (f.name.as_deref(), f.published.as_deref(), f.expected.as_deref(), f.delta.as_deref()),
            (Some("二、社会保障和就业支出"), Some("505.35"), Some("442.50"), Some("+62.85"))
        );
        assert!(
            f.message.contains("一项多 62.85，一项少 62.85")
                && f.message.ends_with("；表2中这两项均与其下级科目之和相符，错记在表1"),
            "{}",
            f.message
        );
        assert_eq!(
            f.explanation.as_deref(),
            Some("科目错记：62.85 应记入“三、卫生健康支出”，却记入了“二、社会保障和就业支出”")
        );
        // The other row is the same mistake: its consequence, not a finding of its own.
        assert_eq!(f.consequences.len(), 1);
        assert_eq!(f.consequences[0].name.as_deref(), Some("三、卫生健康支出"));
        // Differences that do not offset stay two findings.
        let report = misfiled("505.35", "72.30");
        let cross = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Crosscheck)
            .count();
        assert_eq!(cross, 2, "{:#?}", report.findings);
    }
}
