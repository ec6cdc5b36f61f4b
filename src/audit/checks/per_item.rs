//! `per_item`: a score its header states as points per item (`采用得分（每条5分）`) against the
//! count it is made of (`采用条数`): count × points, exactly.

use rust_decimal::Decimal;

use super::{AuditCheck, Scope, at_cell};
use crate::annex::{DataRow, Role, ScoreSheet, Value};
use crate::audit::{Check, Finding, Lang, Severity};

/// The `per_item` check.
pub(super) struct PerItem;

impl AuditCheck for PerItem {
    fn id(&self) -> Check {
        Check::PerItem
    }

    fn scope(&self) -> Scope {
        Scope::Row
    }

    fn row(&self, sheet: &ScoreSheet, row: &DataRow, lang: Lang, out: &mut Vec<Finding>) {
        for (c, column) in sheet.columns.iter().enumerate() {
            let Some(points) = &column.per_item else {
                continue;
            };
            let Some(k) = count_column(sheet, c) else {
                continue;
            };
            let (Some(Value::Number(score)), Some(Value::Number(count))) =
                (row.value(c), row.value(k))
            else {
                continue;
            };
            let Some(expected) = count.value.checked_mul(points.value) else {
                continue;
            };
            if expected == score.value {
                continue;
            }
            let count_label = sheet.column_name(k);
            let label = sheet.column_name(c);
            let expected_text = expected.normalize().to_string();
            out.push(Finding {
                published: Some(score.text.clone()),
                expected: Some(expected_text.clone()),
                delta: Some((score.value - expected).normalize().to_string()),
                rule: Some(lang.pick(
                    format!("{label} = {count_label} × {}（表头：每项{}分）", points.text, points.text),
                    format!("{label} = {count_label} × {} (the header: {} points per item)", points.text, points.text),
                )),
                ..at_cell(
                    Check::PerItem,
                    Severity::Error,
                    sheet,
                    row,
                    c,
                    lang.pick(
                        format!(
                            "{label}为{}，按{count_label}{} × {}分应为{expected_text}",
                            score.text, count.text, points.text
                        ),
                        format!(
                            "{label} is {}, but {count_label} {} × {} points is {expected_text}",
                            score.text, count.text, points.text
                        ),
                    ),
                )
            });
        }
    }
}

/// The count a points-per-item column `c` is made of: the column of whole numbers without a
/// maximum whose label shares the longest start with its own (`采用条数` for `采用得分`), else
/// the nearest such column to its left whose label ends in 数 (条数, 次数, 篇数).
fn count_column(sheet: &ScoreSheet, c: usize) -> Option<usize> {
    let label: Vec<char> = sheet.columns.get(c)?.label.chars().collect();
    let counts: Vec<usize> = (0..sheet.columns.len())
        .filter(|&k| k != c && is_count(sheet, k))
        .collect();
    let shared = |k: usize| {
        sheet.columns[k]
            .label
            .chars()
            .zip(&label)
            .take_while(|(a, b)| a == *b)
            .count()
    };
    let by_name = counts
        .iter()
        .copied()
        .filter(|&k| shared(k) > 0)
        .max_by_key(|&k| (shared(k), std::cmp::Reverse(k.abs_diff(c))));
    by_name.or_else(|| {
        counts
            .iter()
            .copied()
            .filter(|&k| k < c && sheet.columns[k].label.trim_end().ends_with('数'))
            .max()
    })
}

/// Whether column `k` holds counts: no maximum, not the total, rank or bonus, and whole
/// numbers in every row that has one.
fn is_count(sheet: &ScoreSheet, k: usize) -> bool {
    let Some(column) = sheet.columns.get(k) else {
        return false;
    };
    if column.max.is_some()
        || column.per_item.is_some()
        || !matches!(column.role, Role::Component | Role::Other)
    {
        return false;
    }
    let mut numbers = 0;
    for row in &sheet.rows {
        match row.value(k) {
            Some(Value::Number(n)) if n.value.fract() == Decimal::ZERO && n.value >= Decimal::ZERO => {
                numbers += 1;
            }
            Some(Value::Number(_)) => return false,
            Some(Value::Unparsed(t)) if t.parse::<u64>().is_ok() => numbers += 1,
            _ => {}
        }
    }
    numbers > 0
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn a_score_of_points_per_item_is_its_count_times_the_points() {
        let t = one_table(&[
            vec!["单位", "采用条数", "采用得分（每条5分）", "报送得分（20分）", "总分"],
            vec!["甲", "3", "15", "18", "33"],
            vec!["乙", "2", "10", "20", "30"],
            vec!["丙", "4", "25", "15", "40"],
            vec!["丁", "1", "5", "19", "24"],
        ]);
        let found: Vec<_> = findings_of(Check::PerItem, Lang::Zh, vec![t])
            .into_iter()
            .filter(|f| f.check == Check::PerItem)
            .collect();
        assert_eq!(
            summary(&found),
            [(
                Some(3),
                Severity::Error,
                "采用得分（每条5分）为25，按采用条数4 × 5分应为20"
            )]
        );
        assert_eq!(found[0].expected.as_deref(), Some("20"));
        assert_eq!(
            found[0].rule.as_deref(),
            Some("采用得分（每条5分） = 采用条数 × 5（表头：每项5分）")
        );
    }

    #[test]
    fn without_a_count_beside_it_nothing_is_said() {
        let t = one_table(&[
            vec!["单位", "采用得分（每条5分）", "报送得分（20分）", "总分"],
            vec!["甲", "15", "18", "33"],
            vec!["乙", "10", "20", "30"],
        ]);
        let found = findings_of(Check::PerItem, Lang::Zh, vec![t]);
        assert!(found.iter().all(|f| f.check != Check::PerItem), "{found:?}");
    }
}
