//! `cell`: a rank or serial number that is not one, a score that is missing or neither a
//! number nor a not-applicable marker.

use super::{AuditCheck, Scope, StructuredTable, at_cell, is_scored};
use crate::annex::{DataRow, Role, ScoreSheet, Value, parse_rank};
use crate::audit::{Check, Finding, Lang, Severity};

/// The `cell` check.
pub(super) struct Cell;

impl AuditCheck for Cell {
    fn id(&self) -> Check {
        Check::Cell
    }

    fn structured(&self, table: &StructuredTable<'_>, out: &mut Vec<Finding>) {
        let lang = table.lang;
        for (cell, value) in table.figure_cells() {
            // A word in a column of figures is a label or an inner heading, not a mangled
            // number: only text that is mostly digits (`9.O0`, `1,2.34`) is reported.
            if let Value::Unparsed(text) = value
                && looks_like_a_number(text)
            {
                out.push(table.at(
                    Check::Cell,
                    Severity::Error,
                    &cell,
                    lang.pick(
                        format!("无法识别的数值“{text}”：既不是数字，也不是不适用标记"),
                        format!(
                            "unparsed value \"{text}\": neither a number nor a not-applicable marker"
                        ),
                    ),
                ));
            }
        }
    }

    fn scope(&self) -> Scope {
        Scope::Row
    }

    fn row(&self, sheet: &ScoreSheet, row: &DataRow, lang: Lang, out: &mut Vec<Finding>) {
        for (c, column) in sheet.columns.iter().enumerate() {
            let Some(value) = row.value(c) else { continue };
            if matches!(column.role, Role::Rank | Role::Serial) {
                if parse_rank(value.text()).is_none() {
                    out.push(unparsed_rank(sheet, row, c, value.text(), lang));
                }
                continue;
            }
            if !is_scored(column.role) {
                continue;
            }
            match value {
                Value::Empty => out.push(at_cell(
                    Check::Cell,
                    Severity::Error,
                    sheet,
                    row,
                    c,
                    lang.pick(
                        format!("{}缺少数值", column.label),
                        format!("missing value in {}", column.label),
                    ),
                )),
                Value::Unparsed(text) => out.push(Finding {
                    published: Some(text.clone()),
                    ..at_cell(
                        Check::Cell,
                        Severity::Error,
                        sheet,
                        row,
                        c,
                        lang.pick(
                            format!("无法识别的数值“{text}”：既不是数字，也不是不适用标记"),
                            format!(
                                "unparsed value \"{text}\": neither a number nor a not-applicable marker"
                            ),
                        ),
                    )
                }),
                Value::NotApplicable(_) | Value::Number(_) => {}
            }
        }
    }
}

/// A rank or serial cell that holds no rank, empty or not.
fn unparsed_rank(sheet: &ScoreSheet, row: &DataRow, c: usize, text: &str, lang: Lang) -> Finding {
    Finding {
        published: (!text.is_empty()).then(|| text.to_string()),
        ..at_cell(
            Check::Cell,
            Severity::Error,
            sheet,
            row,
            c,
            if text.is_empty() {
                lang.pick("缺少排名".into(), "missing rank".into())
            } else {
                lang.pick(
                    format!("无法识别的排名“{text}”"),
                    format!("unparsed rank \"{text}\""),
                )
            },
        )
    }
}

/// Whether unparsed text was meant as a number: one word (`230 лет` is a count with its unit)
/// that starts like a number (`3.OO`, `-1,2.5`) or is mostly digits (`１２,3.4`); full-width
/// digits count. A decimal comma (`47,6`) is another convention's number, not a mistake.
fn looks_like_a_number(text: &str) -> bool {
    let is_digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let trimmed = text.trim();
    if let Some((whole, fraction)) = trimmed.trim_start_matches('-').split_once(',')
        && !whole.is_empty()
        && whole.chars().all(is_digit)
        && (1..=2).contains(&fraction.chars().count())
        && fraction.chars().all(is_digit)
    {
        return false;
    }
    let one_word = trimmed.split_whitespace().count() == 1;
    let starts_like_a_number = trimmed
        .trim_start_matches(['-', '+', '－', '＋', '.'])
        .chars()
        .next()
        .is_some_and(is_digit);
    let digits = text.chars().filter(|&c| is_digit(c)).count();
    let alphanumeric = text.chars().filter(|c| c.is_alphanumeric()).count();
    one_word && (starts_like_a_number || digits * 2 > alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn missing_and_unparsed_scores_and_ranks_are_cell_errors() {
        let t = one_table(&[
            vec!["排名", "名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["1", "甲", "", "45.00", "90.00"],
            vec!["二", "乙", "4O.00", "40.00", "80.00"],
            vec!["3", "丙", "30.00", "——", "60.00"],
        ]);
        let found = findings_of(Check::Cell, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [
                (Some(1), Severity::Error, "missing value in A（50分）"),
                (Some(2), Severity::Error, "unparsed rank \"二\""),
                (
                    Some(2),
                    Severity::Error,
                    "unparsed value \"4O.00\": neither a number nor a not-applicable marker"
                ),
            ]
        );
        assert_eq!(found[2].published.as_deref(), Some("4O.00"));
        let zh = findings_of(Check::Cell, Lang::Zh, vec![t]);
        assert_eq!(zh[0].message, "A（50分）缺少数值");
        assert_eq!(zh[1].message, "无法识别的排名“二”");
    }

    #[test]
    fn only_text_meant_as_a_number_is_unparsed_in_a_column_of_figures() {
        assert!(super::looks_like_a_number("9.O0"));
        assert!(super::looks_like_a_number("3.OO"));
        assert!(super::looks_like_a_number("１２,3.4"));
        assert!(!super::looks_like_a_number("Февраль"));
        assert!(!super::looks_like_a_number("合计"));
        assert!(!super::looks_like_a_number("No. Sites exceeding AL"));
        assert!(!super::looks_like_a_number("230 лет"));
        assert!(!super::looks_like_a_number("(#1.0 م)"));
        assert!(!super::looks_like_a_number("47,6"));
    }
}
