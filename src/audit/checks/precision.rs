//! `precision`: a score with more or fewer decimals than the rest of its column.

use std::collections::{BTreeMap, BTreeSet};

use super::{AuditCheck, Scope, StructuredTable, at_cell, is_scored};
use crate::annex::{DataRow, ScoreSheet, Value};
use crate::audit::exact::fixed;
use crate::audit::{Check, Finding, Lang, Severity};

/// The `precision` check.
pub(super) struct Precision;

impl AuditCheck for Precision {
    fn id(&self) -> Check {
        Check::Precision
    }

    fn structured(&self, table: &StructuredTable<'_>, out: &mut Vec<Finding>) {
        // Per column: how many figures print each number of decimals.
        let mut counts: BTreeMap<(usize, u32), usize> = BTreeMap::new();
        for (cell, value) in table.figure_cells() {
            if let Value::Number(n) = value {
                *counts.entry((cell.column, n.decimals)).or_default() += 1;
            }
        }
        // The column's decimals: those most of its figures print (none when no majority).
        let mut column_decimals: BTreeMap<usize, u32> = BTreeMap::new();
        for column in counts.keys().map(|(c, _)| *c).collect::<BTreeSet<_>>() {
            let of_column: Vec<(u32, usize)> = counts
                .range((column, 0)..=(column, u32::MAX))
                .map(|((_, d), n)| (*d, *n))
                .collect();
            let all: usize = of_column.iter().map(|(_, n)| n).sum();
            if let Some((d, n)) = of_column.iter().max_by_key(|(_, n)| *n)
                && n * 2 > all
            {
                column_decimals.insert(column, *d);
            }
        }
        let lang = table.lang;
        for (cell, value) in table.figure_cells() {
            let (Value::Number(n), Some(&d)) = (value, column_decimals.get(&cell.column)) else {
                continue;
            };
            if n.decimals == d {
                continue;
            }
            let mut f = table.at(
                Check::Precision,
                Severity::Notice,
                &cell,
                lang.pick(
                    format!("{} 有{}位小数，本列其他数值为{}位", n.text, n.decimals, d),
                    format!("{} has {} decimal(s), the column has {}", n.text, n.decimals, d),
                ),
            );
            // Padded to the column's decimals the figure is the same (88 → 88.00); rounded to
            // them it would be another (2010.5 is no 2011), so nothing is expected then.
            if n.decimals < d {
                f.expected = Some(fixed(n.value, d));
            }
            out.push(f);
        }
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
                expected: (n.decimals < d).then(|| fixed(n.value, d)),
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

#[cfg(test)]
mod structured_tests {
    use crate::annex::tests::simple_table;
    use crate::audit::tests::audit;
    use crate::audit::{Check, Severity};

    #[test]
    fn a_figure_of_a_structured_table_with_other_decimals_is_a_notice_and_text_an_error() {
        let t = simple_table(
            1,
            &[
                vec!["地区", "资金合计", "中央资金", "省级资金"],
                vec!["甲县", "30.00", "20.0", "10.00"],
                vec!["乙县", "20.00", "15.00", "5.00"],
                vec!["丙县", "13.00", "10.00", "3.OO"],
                vec!["合计", "63.00", "45.00", "18.00"],
            ],
        );
        let report = audit(vec![t]);
        let seen: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.check, f.severity, f.name.as_deref(), f.published.as_deref()))
            .collect();
        assert!(
            seen.contains(&(Check::Precision, Severity::Notice, Some("甲县"), Some("20.0"))),
            "{seen:?}"
        );
        assert!(
            seen.contains(&(Check::Cell, Severity::Error, Some("丙县"), Some("3.OO"))),
            "{seen:?}"
        );
    }
}
