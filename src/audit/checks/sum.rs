//! `sum`: a 合计 or 总计 row, a 小计, a hierarchy parent (类, 款, a numbered item), a `其中`
//! list and a total column of a table read by the structure engine, recomputed exactly from
//! the cells it sums: inconsistent, left blank while its parts are published, or a `其中` part
//! larger than its parent.

use rust_decimal::Decimal;

use super::{AuditCheck, Scope, StructuredTable};
use crate::annex::Value;
use crate::annex::structure::{Evaluated, Relation, RelationKind, RelationResult, RelationSource};
use crate::audit::exact::fixed;
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
        if !matches!(
            relation.kind,
            RelationKind::RowTotal
                | RelationKind::ColumnSum
                | RelationKind::Subtotal
                | RelationKind::Hierarchy
                | RelationKind::PartOf
        ) {
            return;
        }
        if relation.kind == RelationKind::PartOf
            && let Some(f) = part_above_parent(table, relation, evaluated)
        {
            out.push(f);
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
    let severity = if relation.source == RelationSource::Inferred {
        Severity::Warning
    } else {
        Severity::Error
    };
    let decimals = relation.rounding;
    let (message, expected, delta) = match &evaluated.result {
        RelationResult::Inconsistent {
            expected, delta, ..
        } => {
            let (e, d) = (fixed(*expected, decimals), signed(*delta, decimals));
            let p = &relation.target.published;
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
            let e = fixed(*expected, decimals);
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
    let mut f = table.at(check, severity, &relation.target, message);
    f.expected = expected;
    f.delta = delta;
    f.rule = Some(rule.to_string());
    Some(f)
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
    let severity = if relation.source == RelationSource::Inferred {
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
    f.expected = Some(lang.pick(format!("≤ {whole}"), format!("≤ {whole}")));
    f.rule = Some(rule.to_string());
    Some(f)
}
