//! `text` (文表核对): a figure a paragraph quotes — an amount, a share, an amount or rate of
//! change — whose words name a row, a column or a table, recomputed from the cells and compared
//! at the decimals printed. Reported at the first cell compared, naming the paragraph (第N段 and
//! its first words), the figure, the cells and the value they give.

use super::sum::signed;
use super::{AuditCheck, DocumentView, Scope};
use rust_decimal::Decimal;

use crate::annex::Value;
use crate::annex::structure::cross::{
    self, CrossKind, CrossRelation, CrossTarget, TableCell, cell_at,
};
use crate::annex::structure::{OperandRole, RelationResult};
use crate::audit::exact::fixed_like;
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
            // Written like the quoted figure (5,212.80万元).
            let e = format!("{}{unit}", fixed_like(*expected, decimals, &quote.quoted));
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
            // The text gives what the table's own recomputation gives: the cell is the slip
            // (reported on its table), not the paragraph.
            if relation.kind == CrossKind::TextEqual
                && let Some(table_says) = recomputed_in_quote(document, &first.cell, *exact, decimals)
                && table_says == *published
            {
                let p = &first.cell.published;
                let message = lang.pick(
                    format!(
                        "第{paragraph}段（“{opening}”）所述 {quoted} 与表中的 {p} 不符，但与该单元格的重新计算结果一致：应更正的是表格（见该表的发现），不是正文"
                    ),
                    format!(
                        "paragraph {paragraph} (“{opening}”) quotes {quoted}, not the table's {p}, but it is what the cell recomputes to: the table is to be corrected (see its finding), not the text"
                    ),
                );
                let mut f = document.at(Check::Text, Severity::Notice, &first.cell, message);
                f.published = Some(quoted.clone());
                f.rule = Some(rule.to_string());
                out.push(f);
                continue;
            }
            let mut f = document.at(Check::Text, Severity::Error, &first.cell, message);
            f.published = Some(quoted.clone());
            f.expected = Some(e.clone());
            f.delta = Some(d);
            f.rule = Some(rule.to_string());
            // A slip of the figure itself (76.23% for 76.32%) before another base: the simpler
            // account of the difference.
            f.explanation = crate::audit::explain::figure_slip(quoted, &e, lang)
                .or_else(|| wrong_base(document, relation, *exact, *published, quoted));
            out.push(f);
        }
    }
}

/// What the cell's own table recomputes it to, in the quoted figure's unit and decimals, when
/// a relation of that table finds the cell wrong; `exact` is the cell in the quote's unit.
fn recomputed_in_quote(
    document: &DocumentView<'_>,
    cell: &TableCell,
    exact: Decimal,
    decimals: u32,
) -> Option<Decimal> {
    let s = document.table(cell.table)?.structure;
    let printed = s.grid.value(cell.table_row, cell.column)?.number()?.value;
    if printed.is_zero() {
        return None;
    }
    let recomputed = s.relations.iter().zip(&s.results).find_map(|(r, e)| {
        let at_cell = (r.target.table_row, r.target.column) == (cell.table_row, cell.column);
        match &e.result {
            RelationResult::Inconsistent { exact, .. } if at_cell => Some(*exact),
            _ => None,
        }
    })?;
    // The same conversion as the cell's (元 to 万元), applied to the recomputed figure.
    let converted = recomputed.checked_mul(exact)?.checked_div(printed)?;
    Some(round_half_away(converted, decimals))
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
                    // Only another total is a base a writer would take by mistake (收入总计,
                    // 本年收入合计), not any line of the table.
                    let label = cross::row_label_at(s, row, column.index);
                    if !["合计", "总计", "小计"].iter().any(|w| label.contains(w)) {
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
    use crate::audit::{Auditor, Check, Lang, Selection, Severity};
    use crate::wordml::BodyParagraph;

    /// The `text` findings on a “三公” table whose 合计 决算数 is `total`, and a paragraph.
    fn text_findings(total: &str, text: &str) -> Vec<crate::audit::Finding> {
        let mut table = simple_table(
            1,
            &[
                vec!["项目", "预算数", "决算数"],
                vec!["合计", "139.50", total],
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
        report
            .findings
            .into_iter()
            .filter(|f| f.check == Check::Text)
            .collect()
    }

    /// The explanation of the one `text` finding of a paragraph `text` on the “三公” table.
    fn explained(text: &str) -> Option<String> {
        let found = text_findings("131.10", text);
        assert_eq!(found.len(), 1, "{found:#?}");
        found[0].explanation.clone()
    }

    #[test]
    fn a_quoted_figure_with_two_digits_transposed_is_said_so_before_any_other_base() {
        assert_eq!(
            explained("2025年度“三公”经费支出131.10万元，比预算减少8.40万元，下降6.20%。").as_deref(),
            Some("两位数字颠倒：6.20% 应为 6.02%")
        );
    }

    #[test]
    fn a_quote_that_gives_the_cells_recomputed_figure_points_at_the_table() {
        // 合计 printed 131.01 where its items add up to 131.10, which the text quotes.
        let found = text_findings("131.01", "2025年度“三公”经费支出131.10万元。");
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!((f.severity, f.expected.as_deref()), (Severity::Notice, None));
        assert!(f.message.contains("应更正的是表格"), "{}", f.message);
        // A quote that is neither: the text is wrong.
        let found = text_findings("131.10", "2025年度“三公”经费支出131.01万元。");
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Error);
    }

    #[test]
    fn a_rate_over_the_wrong_base_is_explained() {
        assert_eq!(
            explained("2025年度“三公”经费支出131.10万元，比预算减少8.40万元，下降6.41%。").as_deref(),
            Some("基数用错：以决算数 131.10 为基数计算正是 6.41%，增减率应以预算数 139.50 为基数")
        );
        // A rate no base gives is not explained.
        assert_eq!(explained("2025年度“三公”经费支出131.10万元，比预算减少8.40万元，下降7.13%。"), None);
    }

    #[test]
    fn the_unit_is_what_follows_the_number() {
        assert_eq!(unit_of("59.56%"), "%");
        assert_eq!(unit_of("3,104.55万元"), "万元");
        assert_eq!(unit_of("12"), "");
    }
}
