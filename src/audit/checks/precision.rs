//! `precision`: a score with more or fewer decimals than the rest of its column.

use super::{AuditCheck, Scope, at_cell, is_scored};
use crate::annex::{DataRow, ScoreSheet, Value};
use crate::audit::exact::fixed;
use crate::audit::{Check, Finding, Lang, Severity};

/// The `precision` check.
pub(super) struct Precision;

impl AuditCheck for Precision {
    fn id(&self) -> Check {
        Check::Precision
    }

    fn scope(&self) -> Scope {
        Scope::Row
    }

    fn row(&self, sheet: &ScoreSheet, row: &DataRow, lang: Lang, out: &mut Vec<Finding>) {
        for (c, column) in sheet.columns.iter().enumerate() {
            let (true, Some(Value::Number(n)), Some(d)) =
                (is_scored(column.role), row.value(c), column.decimals)
            else {
                continue;
            };
            if n.decimals == d {
                continue;
            }
            out.push(Finding {
                published: Some(n.text.clone()),
                expected: Some(fixed(n.value, d)),
                ..at_cell(
                    Check::Precision,
                    Severity::Notice,
                    sheet,
                    row,
                    c,
                    lang.pick(
                        format!("{} 有{}位小数，本列其他数值为{}位", n.text, n.decimals, d),
                        format!(
                            "{} has {} decimal(s), the column has {}",
                            n.text, n.decimals, d
                        ),
                    ),
                )
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn a_score_with_other_decimals_than_its_column_is_a_notice() {
        let t = one_table(&[
            vec!["名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["甲", "40.00", "45.00", "85.00"],
            vec!["乙", "40.5", "40.00", "80.50"],
            vec!["丙", "30.00", "30.00", "60.00"],
        ]);
        let found = findings_of(Check::Precision, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [(Some(2), Severity::Notice, "40.5 has 1 decimal(s), the column has 2")]
        );
        assert_eq!(found[0].expected.as_deref(), Some("40.50"));
        let zh = findings_of(Check::Precision, Lang::Zh, vec![t]);
        assert_eq!(zh[0].message, "40.5 有1位小数，本列其他数值为2位");
    }
}
