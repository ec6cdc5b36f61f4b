//! `sum_row`: a row of sums or averages (合计, 平均分) against the data rows above it, column by
//! column, rounded half away from zero to its own published decimals.
//!
//! A 合计 may sum its own table's rows or, under the last part of a table continued across
//! pages, the whole chain's: either agrees. When a wrong or missing row total is what makes a
//! 合计 disagree, the root-cause pass (`audit::causes`) reports the 合计 under that row.

use rust_decimal::Decimal;

use super::{AuditCheck, Chain, Scope, table_finding};
use crate::annex::{Role, ScoreSheet, SkipReason, Value, parse_value};
use crate::audit::exact::{Exact, Factor, Rounding, fixed};
use crate::audit::{Check, Finding, Location, Severity};

/// The `sum_row` check.
pub(super) struct SumRow;

impl AuditCheck for SumRow {
    fn id(&self) -> Check {
        Check::SumRow
    }

    fn scope(&self) -> Scope {
        Scope::Chain
    }

    fn chain(&self, chain: &Chain<'_>, out: &mut Vec<Finding>) {
        for (s, sheet) in chain.sheets.iter().enumerate() {
            for skipped in &sheet.skipped_rows {
                if let SkipReason::SummaryRow(label) = &skipped.reason {
                    let earlier = chain.sheets.get(..s).unwrap_or_default();
                    out.extend(summary_row(chain, sheet, earlier, skipped.table_row, label));
                }
            }
        }
    }
}

/// Whether a summary row's label names an average rather than a sum.
pub(in crate::audit) fn is_average(label: &str) -> bool {
    let l = label.to_lowercase();
    ["平均", "average", "mean"].iter().any(|w| l.contains(w))
}

/// The published number in logical column `c` of table row `table_row`.
fn published_at(sheet: &ScoreSheet, table_row: usize, c: usize) -> Option<crate::annex::Number> {
    let grid_col = sheet.columns.get(c)?.grid_col;
    let cell = sheet
        .table
        .rows
        .get(table_row)?
        .cells
        .iter()
        .find(|cell| cell.grid_col == grid_col)?;
    match parse_value(&cell.text, &[]) {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// The sum (or average) of column `c` over `sheets`' data rows, rounded to `decimals`.
fn aggregate(sheets: &[&ScoreSheet], c: usize, average: bool, decimals: u32) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    let mut n = 0u32;
    for sheet in sheets {
        for row in &sheet.rows {
            if let Some(Value::Number(v)) = row.value(c) {
                sum = sum.checked_add(v.value)?;
                n += 1;
            }
        }
    }
    let exact = Exact::from_decimal(sum);
    let exact = if average {
        exact.scale(Factor::new(Decimal::ONE, Decimal::from(n))?)?
    } else {
        exact
    };
    exact.round(decimals, Rounding::HalfAwayFromZero)
}

/// The findings of one summary row: each scored column whose published figure is neither the
/// sheet's nor the chain's aggregate.
fn summary_row(
    chain: &Chain<'_>,
    sheet: &ScoreSheet,
    earlier: &[&ScoreSheet],
    table_row: usize,
    label: &str,
) -> Vec<Finding> {
    let lang = chain.lang;
    let average = is_average(label);
    let mut whole: Vec<&ScoreSheet> = earlier.to_vec();
    whole.push(sheet);
    let mut out = Vec::new();
    for (c, column) in sheet.columns.iter().enumerate() {
        if !matches!(column.role, Role::Component | Role::Bonus | Role::Total) {
            continue;
        }
        let Some(published) = published_at(sheet, table_row, c) else {
            continue;
        };
        let d = published.decimals;
        let Some(own) = aggregate(&[sheet], c, average, d) else {
            continue;
        };
        let chained = aggregate(&whole, c, average, d);
        if own == published.value || chained == Some(published.value) {
            continue;
        }
        let expected = fixed(own, d);
        let what = if average {
            lang.pick("平均值", "average")
        } else {
            lang.pick("之和", "sum")
        };
        out.push(Finding {
            column: Some(column.label.clone()),
            location: Some(Location { table_row, column: c }),
            published: Some(published.text.clone()),
            expected: Some(expected.clone()),
            delta: Some(fixed(published.value - own, d)),
            rule: Some(lang.pick(
                format!("{label}行 = 各行{}{what}", column.label),
                format!("{label} row = the {what} of the rows' {}", column.label),
            )),
            ..table_finding(
                Check::SumRow,
                Severity::Error,
                sheet.table.number,
                lang.pick(
                    format!(
                        "{label}行的{}为{}，各行{what}为{expected}",
                        column.label, published.text
                    ),
                    format!(
                        "the {label} row's {} is {}, but the rows' {what} is {expected}",
                        column.label, published.text
                    ),
                ),
            )
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn a_sum_row_is_checked_column_by_column() {
        let t = one_table(&[
            vec!["名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["甲", "45.00", "45.00", "90.00"],
            vec!["乙", "30.00", "40.00", "70.00"],
            vec!["合计", "75.00", "86.00", "160.00"],
            vec!["平均", "37.50", "42.50", "80.00"],
        ]);
        let found = findings_of(Check::SumRow, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [(
                None,
                Severity::Error,
                "the 合计 row's B（50分） is 86.00, but the rows' sum is 85.00"
            )]
        );
        assert_eq!(found[0].location.map(|l| (l.table_row, l.column)), Some((3, 2)));
        let zh = findings_of(Check::SumRow, Lang::Zh, vec![t]);
        assert_eq!(zh[0].message, "合计行的B（50分）为86.00，各行之和为85.00");
    }
}
