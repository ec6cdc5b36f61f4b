//! `sum`: a 合计 or 总计 row, a 小计, a hierarchy parent (类, 款, a numbered item), a `其中`
//! list and a total column of a table read by the structure engine, recomputed exactly from
//! the cells it sums: inconsistent, left blank while its parts are published, or a `其中` part
//! larger than its parent.

use rust_decimal::Decimal;

use super::{AuditCheck, Scope, StructuredTable};
use crate::annex::Value;
use crate::annex::structure::{
    Bound, Evaluated, Relation, RelationKind, RelationResult, RelationSource,
};
use crate::audit::exact::{fixed, fixed_like};
use crate::audit::{Check, Finding, Severity};

/// The `sum` check.
pub(super) struct Sum;

impl AuditCheck for Sum {
    fn id(&self) -> Check {
        Check::Sum
    }

    fn scope(&self) -> Scope {
        Scope::Relation
    }

    fn relation(
        &self,
        table: &StructuredTable<'_>,
        relation: &Relation,
        evaluated: &Evaluated,
        out: &mut Vec<Finding>,
    ) {
        if !(relation.kind.is_sum() || relation.kind == RelationKind::PartOf) {
            return;
        }
        if relation.kind == RelationKind::PartOf
            && let Some(f) = part_above_parent(table, relation, evaluated)
        {
            // The parent's sum disagrees because of that part: its finding is the part's
            // consequence, one mistake reported once, at its cause.
            let follows = relation_finding(Check::Sum, table, relation, evaluated);
            let mut f = f;
            if let (Some(c), RelationResult::Inconsistent { expected, .. }) =
                (&follows, &evaluated.result)
            {
                let whole = &c.published.clone().unwrap_or_default();
                let parts = fixed_like(*expected, relation.rounding, whole);
                f.message.push_str(&table.lang.pick(
                    format!("；上级数 {whole} 因此与其中各项之和 {parts} 不符"),
                    format!("; the parent's {whole} therefore differs from its parts' sum {parts}"),
                ));
            }
            out.push(f.with_consequences(follows.into_iter().collect()));
            return;
        }
        out.extend(relation_finding(Check::Sum, table, relation, evaluated));
    }
}

/// The source of a relation in words.
fn source_words(source: RelationSource, lang: crate::audit::Lang) -> &'static str {
    match source {
        RelationSource::Header => lang.pick("表头", "the header"),
        RelationSource::Note => lang.pick("表注", "the note"),
        RelationSource::Template => lang.pick("模板词表", "the template"),
        RelationSource::Structure => lang.pick("表格结构", "the table's structure"),
        RelationSource::Inferred => lang.pick("版式推断", "a guess from the layout"),
    }
}

/// The finding of a relation whose result is one (inconsistent, omitted, exceeds), at its
/// target, naming the rule in words, the figures and where the rule comes from. Error, or
/// warning for a relation guessed from the layout.
pub(super) fn relation_finding(
    check: Check,
    table: &StructuredTable<'_>,
    relation: &Relation,
    evaluated: &Evaluated,
) -> Option<Finding> {
    let lang = table.lang;
    let zh = lang.pick(true, false);
    let rule = relation.rule.pick(zh);
    let source = source_words(relation.source, lang);
    // Most of a kind disagreeing says more about our reading of the table than about the
    // publisher: a warning, which says so.
    let misread = table.mostly_broken(relation.kind);
    let severity = if relation.source == RelationSource::Inferred || misread {
        Severity::Warning
    } else {
        Severity::Error
    };
    let decimals = relation.rounding;
    let mut truncated = false;
    let (message, expected, delta) = match &evaluated.result {
        RelationResult::Inconsistent {
            expected,
            delta,
            exact,
            published,
        } => {
            truncated = exact.trunc_with_scale(decimals) == *published;
            let p = &relation.target.published;
            let (e, d) = (fixed_like(*expected, decimals, p), signed(*delta, decimals));
            (
                lang.pick(
                    format!("{rule}：公布 {p}，重新计算为 {e}，相差 {d}（依据：{source}）"),
                    format!("{rule}: published {p}, recomputed {e}, off by {d} (from {source})"),
                ),
                Some(e),
                Some(d),
            )
        }
        RelationResult::Omitted { expected } => {
            // Written like the figures it is the sum of.
            let like = relation
                .operands
                .first()
                .map_or("", |o| o.cell.published.as_str());
            let e = fixed_like(*expected, decimals, like);
            (
                lang.pick(
                    format!("{rule}：该单元格空白，但各项已公布，应为 {e}（漏填，不是零；依据：{source}）"),
                    format!("{rule}: the cell is blank although its parts are published; it should be {e} (an omission, not a zero; from {source})"),
                ),
                Some(e),
                None,
            )
        }
        RelationResult::Exceeds { parts, published } => {
            let (s, p) = (fixed(*parts, decimals), fixed(*published, decimals));
            (
                lang.pick(
                    format!("{rule}：其中各项合计 {s}，超过公布的 {p}（依据：{source}）"),
                    format!("{rule}: the parts add up to {s}, more than the published {p} (from {source})"),
                ),
                Some(format!("≥ {s}")),
                None,
            )
        }
        _ => return None,
    };
    let message = if misread {
        lang.pick(
            format!("{message}。本表此类关系多数不符，表格结构可能未被正确识别，请人工核对"),
            format!("{message}. Most relations of this kind in the table disagree: its structure may have been read wrong, so check by hand"),
        )
    } else {
        message
    };
    let mut f = table.at(check, severity, &relation.target, message);
    f.expected = expected;
    f.delta = delta;
    f.rule = Some(rule.to_string());
    if let RelationResult::Inconsistent { delta, .. } = &evaluated.result
        && let Some(parent) = parts_counted_again(table, relation, *delta)
    {
        f.explanation = Some(lang.pick(
            format!("“其中”项被重复计入：多出的 {} 正是“{parent}”所列其中各项之和", fixed(*delta, decimals)),
            format!("the `其中` parts counted again: the extra {} is exactly the sum of the parts listed under “{parent}”", fixed(*delta, decimals)),
        ));
    }
    if truncated {
        f.explanation = Some(
            lang.pick(
                "截断而非四舍五入：公布值是精确结果直接舍去多余小数",
                "truncated instead of rounded: the published figure drops the exact result's further decimals",
            )
            .to_string(),
        );
    }
    Some(f)
}

/// The row among a sum's operands whose `其中` parts add up to exactly `delta` in the target's
/// column: a 合计 that counted them besides their parent.
fn parts_counted_again(
    table: &StructuredTable<'_>,
    relation: &Relation,
    delta: Decimal,
) -> Option<String> {
    if !matches!(
        relation.kind,
        RelationKind::ColumnSum | RelationKind::Subtotal | RelationKind::Hierarchy
    ) || delta <= Decimal::ZERO
    {
        return None;
    }
    let column = relation.target.column;
    let structure = table.structure;
    relation.operands.iter().find_map(|o| {
        let parent = o.cell.table_row;
        let mut parts = structure
            .rows
            .iter()
            .filter(|r| r.of_which && r.parent == Some(parent))
            .peekable();
        parts.peek()?;
        let mut sum = Decimal::ZERO;
        for r in parts {
            if let Some(Value::Number(n)) = structure.grid.value(r.table_row, column) {
                sum = sum.checked_add(n.value)?;
            }
        }
        (sum == delta).then(|| table.row_name(parent).unwrap_or_default())
    })
}

/// `delta` with its sign, as the findings print it (`+18.00`, `-0.01`).
pub(super) fn signed(delta: Decimal, decimals: u32) -> String {
    let text = fixed(delta, decimals);
    if delta > Decimal::ZERO {
        format!("+{text}")
    } else {
        text
    }
}

/// A `其中` list that does not add up to its parent because one part alone is larger than
/// the parent: that part is the wrong cell (a part cannot exceed its whole), reported there.
fn part_above_parent(
    table: &StructuredTable<'_>,
    relation: &Relation,
    evaluated: &Evaluated,
) -> Option<Finding> {
    let parent = match &evaluated.result {
        RelationResult::Inconsistent { published, exact, .. } if exact > published => *published,
        RelationResult::Exceeds { published, .. } => *published,
        _ => return None,
    };
    let grid = &table.structure.grid;
    let value = |row: usize, col: usize| match grid.value(row, col) {
        Some(Value::Number(n)) => Some(n.value),
        _ => None,
    };
    let mut above = relation.operands.iter().filter(|o| {
        value(o.cell.table_row, o.cell.column).is_some_and(|v| v > parent)
    });
    let part = above.next()?;
    if above.next().is_some() {
        return None;
    }
    let lang = table.lang;
    let zh = lang.pick(true, false);
    let rule = relation.rule.pick(zh);
    let parent_name = table.row_name(relation.target.table_row).unwrap_or_default();
    let p = &part.cell.published;
    let whole = &relation.target.published;
    // Most of a kind disagreeing says more about our reading of the table than about the
    // publisher: a warning, which says so.
    let misread = table.mostly_broken(relation.kind);
    let severity = if relation.source == RelationSource::Inferred || misread {
        Severity::Warning
    } else {
        Severity::Error
    };
    let mut f = table.at(
        Check::Sum,
        severity,
        &part.cell,
        lang.pick(
            format!("“其中”项 {p} 大于其所属的“{parent_name}” {whole}：部分不能超过整体（{rule}）"),
            format!("the `其中` part {p} is larger than its parent “{parent_name}” {whole}: a part cannot exceed its whole ({rule})"),
        ),
    );
    // A complete list: the part is what the parent leaves after the other parts.
    let others: Option<Decimal> = relation
        .operands
        .iter()
        .filter(|o| o.cell != part.cell)
        .try_fold(Decimal::ZERO, |sum, o| {
            sum.checked_add(value(o.cell.table_row, o.cell.column).unwrap_or_default())
        });
    let decimals = match grid.value(part.cell.table_row, part.cell.column) {
        Some(Value::Number(n)) => n.decimals,
        _ => relation.rounding,
    };
    let corrected = match (relation.bound, others) {
        (Bound::Equal, Some(others)) if parent >= others => Some(parent - others),
        _ => None,
    };
    f.expected = Some(match corrected {
        Some(c) => fixed(c, decimals),
        None => format!("≤ {whole}"),
    });
    // The difference beside the corrected figure, as every other finding with one has.
    if let (Some(c), Some(v)) = (corrected, value(part.cell.table_row, part.cell.column)) {
        f.delta = v.checked_sub(c).map(|d| signed(d, decimals));
    }
    f.rule = Some(rule.to_string());
    Some(f)
}

#[cfg(test)]
mod tests {
    use crate::annex::tests::simple_table;
    use crate::audit::tests::audit;
    use crate::audit::{Check, Severity, TableOutcome};

    #[test]
    fn a_blank_row_total_is_an_omission_and_the_total_row_it_breaks_its_consequence() {
        let t = simple_table(
            1,
            &[
                vec!["地区", "资金合计", "中央资金", "省级资金"],
                vec!["甲县", "30.00", "20.00", "10.00"],
                vec!["乙县", "", "15.00", "5.00"],
                vec!["丙县", "13.00", "10.00", "3.00"],
                vec!["合计", "63.00", "45.00", "18.00"],
            ],
        );
        let report = audit(vec![t]);
        assert!(matches!(
            report.tables[0].outcome,
            TableOutcome::Structured { .. }
        ));
        let seen: Vec<_> = report
            .findings
            .iter()
            .map(|f| {
                (
                    f.check,
                    f.severity,
                    f.row,
                    f.name.as_deref(),
                    f.column.as_deref(),
                    f.expected.as_deref(),
                    f.consequences.len(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                // Blank 资金合计 with its parts published: an omission (the 合计 row's 资金合计,
                // which reads it as zero, is its consequence).
                (Check::Sum, Severity::Error, Some(2), Some("乙县"), Some("资金合计"), Some("20.00"), 1),
            ],
            "{:#?}",
            report.findings
        );
        assert!(report.findings[0].message.contains("an omission, not a zero"));
        let consequence = &report.findings[0].consequences[0];
        assert_eq!(
            (consequence.name.as_deref(), consequence.published.as_deref()),
            (Some("合计"), Some("63.00"))
        );
        assert_eq!(consequence.caused_by.as_deref(), Some(report.findings[0].id.as_str()));
    }

    /// A 合计 row that disagrees in most columns says the table was read wrong more likely
    /// than that every total is wrong: warnings that say so, not errors.
    #[test]
    fn a_sum_row_wrong_in_most_columns_is_a_warning_about_the_reading() {
        let t = simple_table(
            1,
            &[
                vec!["地区", "中央资金", "省级资金", "市级资金", "县级资金"],
                vec!["甲县", "20.00", "10.00", "5.00", "1.00"],
                vec!["乙县", "15.00", "5.00", "5.00", "2.00"],
                vec!["合计", "40.00", "20.00", "12.00", "3.00"],
            ],
        );
        let report = audit(vec![t]);
        let sums: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Sum)
            .collect();
        assert_eq!(sums.len(), 3, "{sums:#?}");
        assert!(sums.iter().all(|f| f.severity == Severity::Warning));
        assert!(
            sums.iter().all(|f| f.message.contains("structure may have been read wrong")
                || f.message.contains("表格结构可能未被正确识别")),
            "{sums:#?}"
        );
    }
}
