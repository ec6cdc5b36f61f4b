//! `rank`: ranks by descending published total, across the chain — competition ranking
//! (1, 2, 2, 4), or dense ranking (1, 2, 2, 3) when the table's ranks follow it (a notice says
//! so); serial numbers must run 1, 2, 3 ….

use rust_decimal::Decimal;

use super::{AuditCheck, Chain, Scope, at_cell, table_finding};
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
        let scheme = rank_col.map_or(Scheme::Competition, |c| Scheme::of(chain, c));
        if scheme == Scheme::Dense {
            out.push(table_finding(
                Check::Rank,
                Severity::Notice,
                first.table.number,
                lang.pick(
                    "本表采用密集排名（同分同名次，其后名次不跳过：1、2、2、3），按此核对名次".into(),
                    "this table uses dense ranking (ties share a rank and the next rank follows on: 1, 2, 2, 3); ranks are checked that way".into(),
                ),
            ));
        }
        if rank_col.is_none() {
            out_of_order(chain, out);
        }
        let distinct = distinct_totals(chain);
        let (by_zh, by_en) = ranked_by(first);
        for (position, e) in chain.rows.iter().enumerate() {
            let Some((sheet, row)) = chain.sheet_and_row(e) else {
                continue;
            };
            if let (Some(c), Some(total)) = (rank_col, e.total) {
                let expected = scheme.rank(chain, &distinct, total);
                if let Some(published) = row.value(c).and_then(|v| parse_rank(v.text()))
                    && usize::try_from(published).ok() != Some(expected)
                {
                    let text = row.value(c).map(|v| v.text().to_string());
                    out.push(Finding {
                        published: text,
                        expected: Some(expected.to_string()),
                        delta: Some((i64::from(published) - expected as i64).to_string()),
                        rule: Some(scheme.rule(lang, &by_zh, &by_en)),
                        ..at_cell(
                            Check::Rank,
                            Severity::Error,
                            sheet,
                            row,
                            c,
                            lang.pick(
                                format!(
                                    "排名为{published}，按{by_zh}{}应为第{expected}名",
                                    total_text(sheet, row)
                                ),
                                format!(
                                    "ranked {published}, but its {by_en} {} ranks {expected}",
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

/// The fewest rows for the order alone to be read as a ranking: with fewer, a table listed in
/// another order falls into near-descending order by chance too often.
const MIN_ORDERED_ROWS: usize = 8;

/// A table without ranks whose rows run by descending total (order only): a row whose total is
/// higher than the row above breaks the published ranking. The order counts as a ranking when
/// at most one adjacent pair in ten, plus one, goes up; a row whose own total, or the total
/// above it, is wrong is left to that finding.
fn out_of_order(chain: &Chain<'_>, out: &mut Vec<Finding>) {
    let lang = chain.lang;
    let totals: Vec<Option<Decimal>> = chain.rows.iter().map(|e| e.total).collect();
    let pairs: Vec<(usize, Decimal, Decimal)> = totals
        .windows(2)
        .enumerate()
        .filter_map(|(i, w)| Some((i + 1, w[0]?, w[1]?)))
        .collect();
    let rising: Vec<&(usize, Decimal, Decimal)> =
        pairs.iter().filter(|(_, above, this)| this > above).collect();
    let falling = pairs.iter().filter(|(_, above, this)| this < above).count();
    if chain.rows.len() < MIN_ORDERED_ROWS
        || rising.is_empty()
        || falling == 0
        || rising.len() > 1 + pairs.len() / 10
    {
        return;
    }
    for &&(i, above, this) in &rising {
        let (Some(e), Some(prev)) = (chain.rows.get(i), chain.rows.get(i - 1)) else {
            continue;
        };
        if e.discrepancy.is_some() || prev.discrepancy.is_some() {
            continue;
        }
        let (Some((sheet, row)), Some((_, row_above))) =
            (chain.sheet_and_row(e), chain.sheet_and_row(prev))
        else {
            continue;
        };
        let Some(c) = sheet.column(Role::Total) else {
            continue;
        };
        let name_above = row_above.name.clone().unwrap_or_default();
        let (n, m) = (pairs.len() - rising.len(), pairs.len());
        out.push(Finding {
            published: row.value(c).map(|v| v.text().to_string()),
            rule: Some(lang.pick(
                format!("本表无名次列，各行按总分由高到低排列（{m}对相邻行中{n}对如此）"),
                format!("the table has no rank column and lists its rows by descending total ({n} of {m} adjacent pairs)"),
            )),
            ..at_cell(
                Check::Rank,
                Severity::Warning,
                sheet,
                row,
                c,
                lang.pick(
                    format!("总分{this}高于上一行{name_above}的{above}，与本表按总分由高到低的排列不符"),
                    format!("total {this} is above the {above} of {name_above} in the row before, out of the table's descending order"),
                ),
            )
        });
    }
}

/// How a table ranks tied totals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scheme {
    /// Ties share a rank and the next one skips (1, 2, 2, 4): the usual way, and the default.
    Competition,
    /// Ties share a rank and the next one follows on (1, 2, 2, 3), so a "top 15" lists 17 rows.
    Dense,
}

impl Scheme {
    /// Dense when strictly more rows' published ranks follow it than follow competition
    /// ranking — the two differ only after a tie, so a table without ties stays competition,
    /// and one mistyped rank does not change the scheme of a table that uses it throughout.
    fn of(chain: &Chain<'_>, rank_col: usize) -> Scheme {
        let distinct = distinct_totals(chain);
        let (mut competition, mut dense) = (0usize, 0usize);
        for e in chain.rows.iter() {
            let (Some((_, row)), Some(total)) = (chain.sheet_and_row(e), e.total) else {
                continue;
            };
            let Some(published) = row
                .value(rank_col)
                .and_then(|v| parse_rank(v.text()))
                .and_then(|p| usize::try_from(p).ok())
            else {
                continue;
            };
            competition += usize::from(published == Scheme::Competition.rank(chain, &distinct, total));
            dense += usize::from(published == Scheme::Dense.rank(chain, &distinct, total));
        }
        if dense > competition {
            Scheme::Dense
        } else {
            Scheme::Competition
        }
    }

    /// The rank of a row whose published total is `total`.
    fn rank(self, chain: &Chain<'_>, distinct: &[Decimal], total: Decimal) -> usize {
        match self {
            Scheme::Competition => 1 + chain.rows_above(total),
            // `distinct` is in descending order: the distinct totals above this one.
            Scheme::Dense => 1 + distinct.partition_point(|d| *d > total),
        }
    }

    /// The rule in words, ranked by `by` (总分, or a ranked list's own score).
    fn rule(self, lang: crate::audit::Lang, by_zh: &str, by_en: &str) -> String {
        match self {
            Scheme::Competition => lang.pick(
                format!("按{by_zh}从高到低排名，同分同名次（1、2、2、4）"),
                format!("ranked by descending {by_en}, ties share a rank (1, 2, 2, 4)"),
            ),
            Scheme::Dense => lang.pick(
                format!("按{by_zh}从高到低排名，同分同名次，其后名次不跳过（密集排名：1、2、2、3）"),
                format!("ranked by descending {by_en}, ties share a rank and the next follows on (dense: 1, 2, 2, 3)"),
            ),
        }
    }
}

/// What the ranks follow, in Chinese and in English: the total, or a ranked list's own score
/// named as its header names it, without the maximum (`得分（100分）` → 得分).
fn ranked_by(sheet: &ScoreSheet) -> (String, String) {
    let label = sheet
        .column(Role::Total)
        .and_then(|c| sheet.columns.get(c))
        .map(|c| {
            let cut = c.label.find(['（', '(']).unwrap_or(c.label.len());
            c.label[..cut].trim().to_string()
        })
        .filter(|l| sheet.is_ranked_list() && !l.is_empty());
    match label {
        Some(l) => (l.clone(), l),
        None => ("总分".into(), "total".into()),
    }
}

/// The chain's distinct published totals, highest first.
fn distinct_totals(chain: &Chain<'_>) -> Vec<Decimal> {
    let mut totals: Vec<Decimal> = chain.rows.iter().filter_map(|e| e.total).collect();
    totals.sort_unstable_by(|a, b| b.cmp(a));
    totals.dedup();
    totals
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
    fn dense_ranking_is_accepted_when_the_table_uses_it_and_said_once() {
        let t = one_table(&[
            vec!["排名", "名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["1", "甲", "45.00", "45.00", "90.00"],
            vec!["2", "乙", "40.00", "40.00", "80.00"],
            vec!["2", "丙", "40.00", "40.00", "80.00"],
            vec!["3", "丁", "30.00", "40.00", "70.00"],
            vec!["4", "戊", "30.00", "30.00", "60.00"],
        ]);
        let found = findings_of(Check::Rank, Lang::En, vec![t]);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].severity, Severity::Notice);
        assert!(found[0].message.contains("dense ranking"), "{}", found[0].message);
    }

    #[test]
    fn a_wrong_rank_in_a_dense_table_is_checked_by_dense_ranking() {
        let t = one_table(&[
            vec!["排名", "名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["1", "甲", "45.00", "45.00", "90.00"],
            vec!["2", "乙", "40.00", "40.00", "80.00"],
            vec!["2", "丙", "40.00", "40.00", "80.00"],
            vec!["3", "丁", "30.00", "40.00", "70.00"],
            vec!["5", "戊", "30.00", "30.00", "60.00"],
            vec!["5", "己", "25.00", "30.00", "55.00"],
        ]);
        let found = findings_of(Check::Rank, Lang::En, vec![t]);
        let errors: Vec<_> = found
            .iter()
            .filter(|f| f.severity == Severity::Error)
            .map(|f| (f.row, f.expected.clone()))
            .collect();
        // 戊 (60.00) is fourth by dense ranking; 己 (55.00) rightly fifth.
        assert_eq!(errors, [(Some(5), Some("4".to_string()))], "{found:#?}");
        assert!(found.iter().any(|f| f.severity == Severity::Notice));
    }

    #[test]
    fn a_table_without_ties_stays_competition_ranking() {
        let t = one_table(&[
            vec!["排名", "名称", "A（50分）", "总分（50分）"],
            vec!["1", "甲", "45.00", "45.00"],
            vec!["2", "乙", "40.00", "40.00"],
        ]);
        assert!(findings_of(Check::Rank, Lang::En, vec![t]).is_empty());
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

    /// `名称 | A（50分） | B（50分） | 总分（100分）`, one row per total, no rank column.
    fn listed(totals: &[u32]) -> crate::wordml::Table {
        let mut rows = vec![vec![
            "名称".to_string(),
            "A（50分）".to_string(),
            "B（50分）".to_string(),
            "总分（100分）".to_string(),
        ]];
        for (i, t) in totals.iter().enumerate() {
            let a = t / 2;
            rows.push(vec![
                format!("单位{}", i + 1),
                a.to_string(),
                (t - a).to_string(),
                t.to_string(),
            ]);
        }
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        one_table(&refs)
    }

    #[test]
    fn without_ranks_a_row_out_of_the_descending_order_is_a_warning() {
        let found = findings_of(
            Check::Rank,
            Lang::En,
            vec![listed(&[95, 93, 90, 88, 91, 85, 80, 78, 75])],
        );
        assert_eq!(
            summary(&found),
            [(
                Some(5),
                Severity::Warning,
                "total 91 is above the 88 of 单位4 in the row before, out of the table's descending order"
            )]
        );
        // Listed in another order (administrative), or too few rows to tell: nothing.
        for totals in [
            &[80, 95, 78, 90, 88, 93, 85, 75, 91][..],
            &[95, 90, 93, 88, 85][..],
        ] {
            let found = findings_of(Check::Rank, Lang::En, vec![listed(totals)]);
            assert!(found.is_empty(), "{totals:?}: {found:?}");
        }
    }
}
