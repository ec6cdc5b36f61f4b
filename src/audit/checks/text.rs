//! `text` (文表核对): a figure a paragraph quotes — an amount, a share, an amount or rate of
//! change — whose words name a row, a column or a table, recomputed from the cells and compared
//! at the decimals printed. Reported at the first cell compared, naming the paragraph (第N段 and
//! its first words), the figure, the cells and the value they give.

use super::sum::signed;
use super::{AuditCheck, DocumentView, Scope};
use crate::annex::structure::RelationResult;
use crate::annex::structure::cross::{CrossKind, CrossTarget};
use crate::audit::exact::fixed;
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
                expected, delta, ..
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
            out.push(f);
        }
    }
}

/// What follows the number of a quoted figure: `%`, `万元`, or nothing.
fn unit_of(quoted: &str) -> &str {
    quoted.trim_start_matches(|c: char| c.is_ascii_digit() || matches!(c, ',' | '.' | '-' | '+' | '，'))
}

#[cfg(test)]
mod tests {
    use super::unit_of;

    #[test]
    fn the_unit_is_what_follows_the_number() {
        assert_eq!(unit_of("59.56%"), "%");
        assert_eq!(unit_of("3,104.55万元"), "万元");
        assert_eq!(unit_of("12"), "");
    }
}
