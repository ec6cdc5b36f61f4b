//! `text` (文表核对): a figure a paragraph quotes — an amount, a share, an amount or rate of
//! change — whose words name a row, a column or a table, recomputed from the cells and compared
//! at the decimals printed. Reported at the first cell compared, naming the paragraph (第N段 and
//! its first words), the figure, the cells and the value they give.

use super::sum::signed;
use super::{AuditCheck, DocumentView, Scope};
use rust_decimal::Decimal;

use crate::annex::Value;
use crate::annex::structure::cross::{CrossKind, CrossRelation, CrossTarget, TableCell, cell_at};
use crate::annex::structure::{OperandRole, RelationResult};
use crate::audit::exact::fixed;
use crate::exact::round_half_away;
use crate::audit::{Check, Finding, Lang, Severity};

/// The `text` check.
pub(super) struct Text;

impl AuditCheck for Text {
    fn id(&self) -> Check {
        Check::Text
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn document(&self, document: &DocumentView<'_>, out: &mut Vec<Finding>) {
        let lang = document.lang;
        for relation in document.checks.findings() {
            if relation.kind == CrossKind::TableEquality {
                continue;
            }
            let (CrossTarget::Text(quote), Some(first)) =
                (&relation.target, relation.operands.first())
            else {
                continue;
            };
            let RelationResult::Inconsistent {
                expected,
                delta,
                exact,
                published,
            } = &relation.result
            else {
                continue;
            };
            let decimals = relation.rounding;
            let unit = unit_of(&quote.quoted);
            let e = format!("{}{unit}", fixed(*expected, decimals));
            let d = signed(*delta, decimals);
            let cells: Vec<String> = relation
                .operands
                .iter()
                .map(|o| {
                    let c = &o.cell;
                    let table = document.table_name(c.table);
                    let row = &c.row_label;
                    match lang {
                        Lang::Zh => format!("{table}“{row}”{} {}", c.column_label, c.published),
                        Lang::En => format!("{table}, “{row}” {}: {}", c.column_label, c.published),
                    }
                })
                .collect();
            let paragraph = quote.paragraph + 1;
            let opening = &quote.opening;
            let quoted = &quote.quoted;
            let rule = relation.rule.pick(lang == Lang::Zh);
            let message = match lang {
                Lang::Zh => format!(
                    "第{paragraph}段（“{opening}”）所述 {quoted} 与表格不符：{rule}，据 {} 应为 {e}（相差 {d}）",
                    cells.join("、")
                ),
                Lang::En => format!(
                    "paragraph {paragraph} (“{opening}”) quotes {quoted}, which the tables do not give: {rule}; from {} it is {e} (off by {d})",
                    cells.join("; ")
                ),
            };
            let mut f = document.at(Check::Text, Severity::Error, &first.cell, message);
            f.published = Some(quoted.clone());
            f.expected = Some(e);
            f.delta = Some(d);
            f.rule = Some(rule.to_string());
            f.explanation = wrong_base(document, relation, *exact, *published, quoted);
            out.push(f);
        }
    }
}

/// A quoted share or rate that the same cells give over another base: a rate over the current
/// figure instead of the earlier one, a share over another figure of the whole's column (the
/// 收入总计 instead of the 本年支出合计). Said only when exactly one base gives the quoted figure.
fn wrong_base(
    document: &DocumentView<'_>,
    relation: &CrossRelation,
    exact: Decimal,
    published: Decimal,
    quoted: &str,
) -> Option<String> {
    let lang = document.lang;
    let decimals = relation.rounding;
    let role = |r: OperandRole| relation.operands.iter().find(|o| o.role == r);
    let number = |cell: &TableCell| -> Option<Decimal> {
        let table = document.table(cell.table)?;
        table.structure.grid.value(cell.table_row, cell.column)?.number().map(|n| n.value)
    };
    // The quoted figure over `base` instead of `used`: exact × used ÷ base, at its decimals.
    let gives = |used: Decimal, base: Decimal| -> bool {
        !base.is_zero()
            && exact
                .checked_mul(used)
                .and_then(|v| v.checked_div(base))
                .map(|v| round_half_away(v, decimals))
                .is_some_and(|v| v == published)
    };
    match relation.kind {
        CrossKind::TextRate => {
            let (current, previous) = (&role(OperandRole::Current)?.cell, &role(OperandRole::Previous)?.cell);
            let (now, before) = (number(current)?, number(previous)?);
            gives(before, now).then(|| {
                lang.pick(
                    format!(
                        "基数用错：以{} {} 为基数计算正是 {quoted}，增减率应以{} {} 为基数",
                        current.column_label,
                        current.published,
                        previous.column_label,
                        previous.published
                    ),
                    format!(
                        "wrong base: over {} {} the rate is {quoted}; it should be over {} {}",
                        current.column_label,
                        current.published,
                        previous.column_label,
                        previous.published
                    ),
                )
            })
        }
        CrossKind::TextShare => {
            let (part, whole) = (&role(OperandRole::Part)?.cell, &role(OperandRole::Whole)?.cell);
            let used = number(whole)?;
            let table = document.table(whole.table)?;
            let s = table.structure;
            // Every other figure under a header like the whole's (both sides of a two-sided
            // table), one base per value.
            let mut bases: Vec<(Decimal, Vec<TableCell>)> = Vec::new();
            for column in s.columns.iter().filter(|c| c.label == whole.column_label) {
                for row in 0..s.rows.len() {
                    let at_part = (part.table, part.table_row, part.column)
                        == (whole.table, row, column.index);
                    if (row, column.index) == (whole.table_row, whole.column) || at_part {
                        continue;
                    }
                    let Some(Value::Number(n)) = s.grid.value(row, column.index) else {
                        continue;
                    };
                    if n.value == used || !gives(used, n.value) {
                        continue;
                    }
                    let cell = cell_at(*table, row, column.index);
                    match bases.iter_mut().find(|(v, _)| *v == n.value) {
                        Some((_, cells)) => cells.push(cell),
                        None => bases.push((n.value, vec![cell])),
                    }
                }
            }
            let [(_, cells)] = bases.as_slice() else {
                return None;
            };
            let labels: Vec<String> = cells.iter().map(|c| format!("“{}”", c.row_label)).collect();
            let labels = labels.join(lang.pick("或", " or "));
            let figure = cells.first().map(|c| c.published.as_str()).unwrap_or_default();
            Some(lang.pick(
                format!(
                    "分母用错：按{labels}的 {figure} 计算正是 {quoted}，应以“{}”{} 为分母",
                    whole.row_label, whole.published
                ),
                format!(
                    "wrong base: over {labels} ({figure}) the share is {quoted}; it should be over “{}” {}",
                    whole.row_label, whole.published
                ),
            ))
        }
        _ => None,
    }
}

/// What follows the number of a quoted figure: `%`, `万元`, or nothing.
fn unit_of(quoted: &str) -> &str {
    quoted.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+' | '，'))
}

#[cfg(test)]
mod tests {
    use super::unit_of;
    use crate::annex::Template;
    use crate::annex::tests::simple_table;
    use crate::audit::{Auditor, Check, Lang, Selection};
    use crate::wordml::BodyParagraph;

    /// The explanation of the one `text` finding on a “三公” table and a paragraph `text`.
    fn explained(text: &str) -> Option<String> {
        let mut table = simple_table(
            1,
            &[
                vec!["项目", "预算数", "决算数"],
                vec!["合计", "139.50", "131.10"],
                vec!["1.公务接待费", "18.50", "14.62"],
                vec!["2.公务用车购置及运行费", "121.00", "116.48"],
            ],
        );
        table.heading = Some("“三公”经费支出决算表".into());
        let mut auditor =
            Auditor::new(Template::default_template(), Some(Lang::Zh), Selection::default());
        auditor.push(table);
        auditor.check_document(&[BodyParagraph {
            index: 0,
            text: text.to_string(),
            after_table: None,
            before_table: Some(1),
        }]);
        let report = auditor.finish();
        let text: Vec<_> = report.findings.iter().filter(|f| f.check == Check::Text).collect();
        assert_eq!(text.len(), 1, "{:#?}", report.findings);
        text[0].explanation.clone()
    }

    #[test]
    fn a_rate_over_the_wrong_base_is_explained() {
        assert_eq!(
            explained("2025年度“三公”经费支出131.10万元，比预算减少8.40万元，下降6.41%。").as_deref(),
            Some("基数用错：以决算数 131.10 为基数计算正是 6.41%，增减率应以预算数 139.50 为基数")
        );
        // A rate no base gives is not explained.
        assert_eq!(explained("2025年度“三公”经费支出131.10万元，比预算减少8.40万元，下降6.52%。"), None);
    }

    #[test]
    fn the_unit_is_what_follows_the_number() {
        assert_eq!(unit_of("59.56%"), "%");
        assert_eq!(unit_of("3,104.55万元"), "万元");
        assert_eq!(unit_of("12"), "");
    }
}
