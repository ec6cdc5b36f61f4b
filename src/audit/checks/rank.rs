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
