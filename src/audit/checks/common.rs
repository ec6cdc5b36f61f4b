//! Helpers the checks share: finding builders, which columns hold scores, the components'
//! maxima, the rule in words and the count of rows above a total.

use rust_decimal::Decimal;

use super::ChainRow;
use crate::annex::{DataRow, Role, ScoreSheet};
use crate::audit::text::Lang;
use crate::audit::{AppliedRule, Check, Finding, Location, RuleSource, Severity};

/// A finding about a table as a whole, to be completed with struct update syntax.
pub fn table_finding(check: Check, severity: Severity, table: usize, message: String) -> Finding {
    Finding {
        // Set once the chain's checks have run (`audit::id`).
        id: String::new(),
        check,
        severity,
        table,
        row: None,
        name: None,
        column: None,
        location: None,
        published: None,
        expected: None,
        delta: None,
        rule: None,
        explanation: None,
        message,
        caused_by: None,
        consequences: Vec::new(),
    }
}

/// A finding about the cell in logical column `column` of a data row.
pub fn at_cell(
    check: Check,
    severity: Severity,
    sheet: &ScoreSheet,
    row: &DataRow,
    column: usize,
    message: String,
) -> Finding {
    Finding {
        row: Some(row.number),
        name: row.name.clone(),
        column: sheet.columns.get(column).map(|c| c.label.clone()),
        location: Some(Location {
            table_row: row.table_row,
            column,
        }),
        ..table_finding(check, severity, sheet.table.number, message)
    }
}

/// A warning about the cell at grid column `grid_col` of table row `table_row`, header rows
/// included (`revision` and `hidden` look at every cell).
pub(super) fn at_table_cell(
    check: Check,
    sheet: &ScoreSheet,
    table_row: usize,
    grid_col: usize,
    message: String,
) -> Finding {
    let data = sheet.row_at(table_row);
    let column = column_of(sheet, grid_col);
    Finding {
        row: data.map(|d| d.number),
        name: data.and_then(|d| d.name.clone()),
        column: sheet.columns.get(column).map(|c| c.label.clone()),
        location: Some(Location { table_row, column }),
        ..table_finding(check, Severity::Warning, sheet.table.number, message)
    }
}

/// The logical column holding grid column `grid_col`.
fn column_of(sheet: &ScoreSheet, grid_col: usize) -> usize {
    sheet
        .columns
        .iter()
        .rposition(|c| c.grid_col <= grid_col)
        .unwrap_or(0)
}

/// Whether a column holds a score (a component, the bonus or the total).
pub fn is_scored(role: Role) -> bool {
    matches!(role, Role::Component | Role::Bonus | Role::Total)
}

/// The sum of the components' maxima, when every component declares one.
pub(super) fn component_maxima(sheet: &ScoreSheet) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for c in sheet.columns_with(Role::Component) {
        sum = sum.checked_add(sheet.columns.get(c)?.max.as_ref()?.value)?;
    }
    Some(sum)
}

/// ` + bonus` when the sheet has a bonus column.
pub(super) fn plus_bonus(sheet: &ScoreSheet, lang: Lang) -> &'static str {
    if sheet.column(Role::Bonus).is_some() {
        lang.pick(" + 附加指标", " + bonus")
    } else {
        ""
    }
}

/// The rule of a table's totals in words, for the report.
pub(in crate::audit) fn rule_text(
    sheet: &ScoreSheet,
    applied: Option<&AppliedRule>,
    threshold: Option<&crate::annex::BonusThreshold>,
    lang: Lang,
) -> String {
    let text = scaling_text(sheet, applied, lang);
    match threshold {
        Some(t) if sheet.column(Role::Bonus).is_some() => {
            let (zh, en) = if t.inclusive {
                ("达到", "at least")
            } else {
                ("超过", "above")
            };
            let v = t.value.normalize();
            lang.pick(
                format!("{text}；附加指标仅在基础得分{zh}{v}分时计入（依表注）"),
                format!(
                    "{text}; the bonus counts only with a base score {en} {v} (as the note states)"
                ),
            )
        }
        _ => text,
    }
}

/// [`rule_text`] without the bonus threshold.
fn scaling_text(sheet: &ScoreSheet, applied: Option<&AppliedRule>, lang: Lang) -> String {
    if sheet.is_ranked_list() {
        let label = sheet
            .column(Role::Total)
            .and_then(|c| sheet.columns.get(c))
            .map_or("", |c| c.label.as_str());
        return lang.pick(
            format!("名次按“{label}”由高到低核对；本表没有分项，{label}无从复算"),
            format!("ranks checked against {label}, highest first; the table publishes no parts, so {label} is not recomputed"),
        );
    }
    let plus_bonus = plus_bonus(sheet, lang);
    // Scored columns published beside the summed ones (本月得分 beside 累计得分): name the parts.
    let beside = sheet
        .columns
        .iter()
        .any(|c| c.role == Role::Other && c.max.is_some());
    let sum = if beside {
        let parts: Vec<String> = sheet
            .columns_with(Role::Component)
            .map(|c| sheet.column_name(c))
            .collect();
        let parts = parts.join(" + ");
        lang.pick(
            format!("总分 = {parts}{plus_bonus}"),
            format!("total = {parts}{plus_bonus}"),
        )
    } else {
        lang.pick(
            format!("总分 = 各项指标得分之和{plus_bonus}"),
            format!("total = sum of the components{plus_bonus}"),
        )
    };
    let Some(rule) = applied else {
        return sum;
    };
    let factor = rule.factor.map(|f| f.to_string()).unwrap_or_default();
    match rule.source {
        // A note that the rows contradict, replaced by the header's maxima.
        RuleSource::Inferred if rule.quote.is_some() => lang.pick(
            format!("{sum}；含不适用指标的行：(适用指标得分之和) × {factor}{plus_bonus}（表注系数与表头不符，按表头满分比例核对）"),
            format!(
                "{sum}; rows with not-applicable cells: (sum of the applicable components) × {factor}{plus_bonus} (the note's factor contradicts the header: scaled to the header's maxima)"
            ),
        ),
        RuleSource::Inferred => lang.pick(
            format!("{sum}；含不适用指标的行：(适用指标得分之和) × {factor}{plus_bonus}（未说明规则，按满分比例推定）"),
            format!(
                "{sum}; rows with not-applicable cells: (sum of the applicable components) × {factor}{plus_bonus} (no rule stated: proportional scaling inferred)"
            ),
        ),
        _ => {
            let full = rule
                .full_mark
                .map(|m| lang.pick(format!("以{m}分为满分，"), format!("full mark {m}, ")))
                .unwrap_or_default();
            lang.pick(
                format!("{sum}；含不适用指标的行：{full}(适用指标得分之和) × {factor}{plus_bonus}（依表注）"),
                format!(
                    "{sum}; rows with not-applicable cells: {full}(sum of the applicable components) × {factor}{plus_bonus} (as the note states)"
                ),
            )
        }
    }
}

/// The published totals of a chain, sorted, to count the rows placed above a total in
/// logarithmic time (a chain can have hundreds of thousands of rows).
pub(in crate::audit) struct Higher(Vec<Decimal>);

impl Higher {
    pub(super) fn new(rows: &[ChainRow]) -> Self {
        let mut totals: Vec<Decimal> = rows.iter().filter_map(|e| e.total).collect();
        totals.sort_unstable();
        Higher(totals)
    }

    /// How many rows have a published total above `value`.
    pub(super) fn than(&self, value: Decimal) -> usize {
        self.0.len() - self.0.partition_point(|t| *t <= value)
    }
}

#[cfg(test)]
mod higher_tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(total: Option<i64>) -> ChainRow {
        ChainRow {
            sheet: 0,
            row: 0,
            total: total.map(|t| Decimal::new(t, 1)),
            corrected: None,
            discrepancy: None,
        }
    }

    proptest! {
        /// The sorted count agrees with comparing every pair, ties and missing totals included.
        #[test]
        fn rows_above_a_total_are_counted_exactly(
            totals in prop::collection::vec(prop::option::of(-50i64..50), 0..60),
            probe in -60i64..60,
        ) {
            let entries: Vec<ChainRow> = totals.iter().copied().map(entry).collect();
            let higher = Higher::new(&entries);
            let probe = Decimal::new(probe, 1);
            let naive = entries.iter().filter(|e| e.total > Some(probe)).count();
            prop_assert_eq!(higher.than(probe), naive);
        }
    }
}
