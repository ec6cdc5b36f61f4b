//! `range`: a component outside [0, max], a bonus outside ±max, a total above its maximum.

use rust_decimal::Decimal;

use super::{AuditCheck, Scope, at_cell};
use crate::annex::{DataRow, Number, Role, ScoreSheet, Value};
use crate::audit::{Check, Finding, Lang, Severity};

/// The `range` check.
pub(super) struct Range;

impl AuditCheck for Range {
    fn id(&self) -> Check {
        Check::Range
    }

    fn scope(&self) -> Scope {
        Scope::Row
    }

    fn row(&self, sheet: &ScoreSheet, row: &DataRow, lang: Lang, out: &mut Vec<Finding>) {
        for c in 0..sheet.columns.len() {
            if let Some(Value::Number(n)) = row.value(c) {
                out.extend(out_of_range(sheet, row, c, n, lang));
            }
        }
    }
}

/// The finding for number `n` in column `c`, when it lies outside the column's range.
fn out_of_range(
    sheet: &ScoreSheet,
    row: &DataRow,
    c: usize,
    n: &Number,
    lang: Lang,
) -> Option<Finding> {
    let column = sheet.columns.get(c)?;
    let max = column.max.as_ref();
    // The range is written out only for a number outside it: this runs for every number.
    let allowed = match column.role {
        Role::Component => (n.value < Decimal::ZERO || max.is_some_and(|m| n.value > m.value))
            .then(|| format!("0–{}", max.map_or("", |m| m.text.as_str()))),
        Role::Bonus => {
            let m = max?;
            (n.value.abs() > m.value).then(|| format!("±{}", m.text))
        }
        Role::Total => {
            let m = max?;
            (n.value > m.value).then(|| format!("≤{}", m.text))
        }
        _ => None,
    }?;
    let message = if n.value < Decimal::ZERO && column.role == Role::Component {
        lang.pick(
            format!("{} 为负数，得分应在 {allowed} 之间", n.text),
            format!("{} is negative; the score must lie in {allowed}", n.text),
        )
    } else {
        lang.pick(
            format!("{} 超出本列满分（{allowed}）", n.text),
            format!("{} exceeds the column maximum ({allowed})", n.text),
        )
    };
    Some(Finding {
        published: Some(n.text.clone()),
        expected: Some(allowed),
        ..at_cell(Check::Range, Severity::Error, sheet, row, c, message)
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn components_bonus_and_total_outside_their_range() {
        let t = one_table(&[
            vec!["名称", "A（50分）", "B（50分）", "加分（5分）", "总分（100分）"],
            vec!["甲", "-1.00", "50.00", "0.00", "49.00"],
            vec!["乙", "50.50", "50.00", "-6.00", "94.50"],
            vec!["丙", "50.00", "50.00", "5.00", "105.00"],
        ]);
        let found = findings_of(Check::Range, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [
                (Some(1), Severity::Error, "-1.00 is negative; the score must lie in 0–50"),
                (Some(2), Severity::Error, "50.50 exceeds the column maximum (0–50)"),
                (Some(2), Severity::Error, "-6.00 exceeds the column maximum (±5)"),
                (Some(3), Severity::Error, "105.00 exceeds the column maximum (≤100)"),
            ]
        );
        let zh = findings_of(Check::Range, Lang::Zh, vec![t]);
        assert_eq!(zh[0].message, "-1.00 为负数，得分应在 0–50 之间");
    }
}
