//! `weights`: the maxima of the components (and the bonus) against the declared total.

use rust_decimal::Decimal;

use super::{AuditCheck, Scope, table_finding};
use crate::annex::{Role, ScoreSheet};
use crate::audit::{Check, Finding, Lang, Location, Severity};

/// The `weights` check.
pub(super) struct Weights;

impl AuditCheck for Weights {
    fn id(&self) -> Check {
        Check::Weights
    }

    fn scope(&self) -> Scope {
        Scope::Table
    }

    fn table(&self, sheet: &ScoreSheet, lang: Lang, out: &mut Vec<Finding>) {
        // A continuation without its own header borrows its chain's: checked once, there.
        if sheet.header_rows > 0 {
            out.extend(weights(sheet, lang));
        }
    }
}

fn weights(sheet: &ScoreSheet, lang: Lang) -> Option<Finding> {
    let total_col = sheet.column(Role::Total)?;
    // A ranked list publishes no parts whose maxima could add up to the total's.
    if sheet.is_ranked_list() {
        return None;
    }
    let declared = sheet.columns.get(total_col)?.max.as_ref()?;
    let mut parts = Vec::new();
    let mut sum = Decimal::ZERO;
    for c in sheet.columns_with(Role::Component) {
        let m = sheet.columns.get(c)?.max.as_ref()?;
        parts.push(m.text.clone());
        sum = sum.checked_add(m.value)?;
    }
    let bonus = sheet
        .column(Role::Bonus)
        .and_then(|c| sheet.columns.get(c))
        .and_then(|c| c.max.as_ref());
    let with_bonus = match bonus {
        Some(b) => {
            parts.push(b.text.clone());
            sum.checked_add(b.value)?
        }
        None => sum,
    };
    // The declared maximum may or may not count the bonus.
    if declared.value == with_bonus || declared.value == sum {
        return None;
    }
    let column = sheet.columns.get(total_col)?;
    let formula = format!("{} = {}", parts.join("+"), with_bonus.normalize());
    Some(Finding {
        column: Some(column.label.clone()),
        location: Some(Location {
            table_row: column.label_row,
            column: total_col,
        }),
        published: Some(declared.text.clone()),
        expected: Some(with_bonus.normalize().to_string()),
        delta: Some((declared.value - with_bonus).normalize().to_string()),
        ..table_finding(
            Check::Weights,
            Severity::Warning,
            sheet.table.number,
            lang.pick(
                format!("各列满分之和 {formula}，与表头“{}”不符", column.label),
                format!(
                    "the column maxima add up to {formula}, but the header declares {}",
                    column.label
                ),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    fn with_total_max(total: &str) -> crate::wordml::Table {
        one_table(&[
            vec!["名称", "A（40分）", "B（50分）", "加分（5分）", total],
            vec!["甲", "40.00", "45.00", "1.00", "86.00"],
        ])
    }

    #[test]
    fn maxima_must_add_up_to_the_declared_total_with_or_without_the_bonus() {
        for agrees in ["总分（90分）", "总分（95分）"] {
            assert!(findings_of(Check::Weights, Lang::En, vec![with_total_max(agrees)]).is_empty());
        }
        let found = findings_of(Check::Weights, Lang::En, vec![with_total_max("总分（100分）")]);
        assert_eq!(
            summary(&found),
            [(
                None,
                Severity::Warning,
                "the column maxima add up to 40+50+5 = 95, but the header declares 总分（100分）"
            )]
        );
        assert_eq!(found[0].delta.as_deref(), Some("5"));
        let zh = findings_of(Check::Weights, Lang::Zh, vec![with_total_max("总分（100分）")]);
        assert_eq!(zh[0].message, "各列满分之和 40+50+5 = 95，与表头“总分（100分）”不符");
    }
}
