//! `rank`: competition ranking (1, 2, 2, 4) by descending published total, across the chain;
//! serial numbers must run 1, 2, 3 ….

use super::{AuditCheck, Chain, Scope, at_cell};
use crate::annex::{DataRow, Role, ScoreSheet, parse_rank};
use crate::audit::{Check, Finding, Severity};

/// The `rank` check.
pub(super) struct Rank;

impl AuditCheck for Rank {
    fn id(&self) -> Check {
        Check::Rank
    }

    fn scope(&self) -> Scope {
        Scope::Chain
    }

    fn chain(&self, chain: &Chain<'_>, out: &mut Vec<Finding>) {
        let lang = chain.lang;
        let Some(first) = chain.sheets.first() else {
            return;
        };
        let rank_col = first.column(Role::Rank);
        let serial_col = first.column(Role::Serial);
        for (position, e) in chain.rows.iter().enumerate() {
            let Some((sheet, row)) = chain.sheet_and_row(e) else {
                continue;
            };
            if let (Some(c), Some(total)) = (rank_col, e.total) {
                let expected = 1 + chain.rows_above(total);
                if let Some(published) = row.value(c).and_then(|v| parse_rank(v.text()))
                    && usize::try_from(published).ok() != Some(expected)
                {
                    let text = row.value(c).map(|v| v.text().to_string());
                    out.push(Finding {
                        published: text,
                        expected: Some(expected.to_string()),
                        delta: Some((i64::from(published) - expected as i64).to_string()),
                        rule: Some(lang.pick(
                            "按总分从高到低排名，同分同名次（1、2、2、4）".into(),
                            "ranked by descending total, ties share a rank (1, 2, 2, 4)".into(),
                        )),
                        ..at_cell(
                            Check::Rank,
                            Severity::Error,
                            sheet,
                            row,
                            c,
                            lang.pick(
                                format!(
                                    "排名为{published}，按总分{}应为第{expected}名",
                                    total_text(sheet, row)
                                ),
                                format!(
                                    "ranked {published}, but its total {} ranks {expected}",
                                    total_text(sheet, row)
                                ),
                            ),
                        )
                    });
                }
            }
            if let Some(c) = serial_col {
                let expected = position + 1;
                if let Some(published) = row.value(c).and_then(|v| parse_rank(v.text()))
                    && usize::try_from(published).ok() != Some(expected)
                {
                    out.push(Finding {
                        published: row.value(c).map(|v| v.text().to_string()),
                        expected: Some(expected.to_string()),
                        ..at_cell(
                            Check::Rank,
                            Severity::Warning,
                            sheet,
                            row,
                            c,
                            lang.pick(
                                format!("序号为{published}，应为{expected}"),
                                format!("serial number {published} where {expected} was expected"),
                            ),
                        )
                    });
                }
            }
        }
    }
}

fn total_text(sheet: &ScoreSheet, row: &DataRow) -> String {
    sheet
        .column(Role::Total)
        .and_then(|c| row.value(c))
        .map(|v| v.text().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn ranks_follow_competition_ranking_of_the_published_totals() {
        let t = one_table(&[
            vec!["排名", "名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["1", "甲", "45.00", "45.00", "90.00"],
            vec!["2", "乙", "40.00", "40.00", "80.00"],
            vec!["3", "丙", "40.00", "40.00", "80.00"],
            vec!["4", "丁", "30.00", "40.00", "70.00"],
        ]);
        let found = findings_of(Check::Rank, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [(Some(3), Severity::Error, "ranked 3, but its total 80.00 ranks 2")]
        );
        assert_eq!(
            (found[0].expected.as_deref(), found[0].delta.as_deref()),
            (Some("2"), Some("1"))
        );
        let zh = findings_of(Check::Rank, Lang::Zh, vec![t]);
        assert_eq!(zh[0].message, "排名为3，按总分80.00应为第2名");
    }

    #[test]
    fn serial_numbers_out_of_sequence_are_a_warning() {
        let t = one_table(&[
            vec!["序号", "名称", "A（50分）", "总分（50分）"],
            vec!["1", "甲", "45.00", "45.00"],
            vec!["3", "乙", "40.00", "40.00"],
        ]);
        let found = findings_of(Check::Rank, Lang::En, vec![t]);
        assert_eq!(
            summary(&found),
            [(Some(2), Severity::Warning, "serial number 3 where 2 was expected")]
        );
    }
}
