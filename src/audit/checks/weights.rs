//! `weights`: the maxima of the components (and the bonus) against the declared total.
//!
//! When the maxima add up to more than the total declares, the excess is often one column's
//! maximum printed too high (`监督保障（15分）` where the other tables say 10). A column is
//! named as the likely place when it is the only one whose scores all stay within its maximum
//! less the excess; a note's rule (`以85分为满分…乘以20/17`) that fixes the components' maxima
//! at 100 keeps the bonus out of the candidates. Otherwise the finding stays on the total's
//! header and lists the columns that could absorb the excess.

use rust_decimal::Decimal;

use super::{AuditCheck, Chain, Scope, table_finding};
use crate::annex::{Number, Role, ScoreSheet, Value};
use crate::audit::{Check, Finding, Lang, Location, Severity};

/// Scores a column needs before its highest can speak for its maximum.
const EVIDENCE_ROWS: usize = 3;

/// The `weights` check.
pub(super) struct Weights;

impl AuditCheck for Weights {
    fn id(&self) -> Check {
        Check::Weights
    }

    fn scope(&self) -> Scope {
        Scope::Chain
    }

    fn chain(&self, chain: &Chain<'_>, out: &mut Vec<Finding>) {
        // A continuation without its own header borrows its chain's; a repeated header with the
        // same maxima is the same mistake, reported once.
        let mut seen: Vec<Vec<Option<Decimal>>> = Vec::new();
        for sheet in chain.sheets.iter().filter(|s| s.header_rows > 0) {
            let maxima: Vec<Option<Decimal>> =
                sheet.columns.iter().map(|c| c.max.as_ref().map(|m| m.value)).collect();
            if seen.contains(&maxima) {
                continue;
            }
            seen.push(maxima);
            out.extend(weights(sheet, chain, chain.lang));
        }
    }
}

/// A column whose maximum could be the one printed too high.
struct Candidate {
    column: usize,
    /// Its maximum less the excess.
    fitting: Decimal,
    /// The highest score published in it, as printed.
    highest: String,
}

/// The highest number of column `c` across the chain's sheets laid out like `sheet`, and how
/// many numbers there are.
fn highest_in<'s>(
    chain: &Chain<'s>,
    sheet: &ScoreSheet,
    c: usize,
) -> (Option<&'s Number>, usize) {
    let mut highest: Option<&Number> = None;
    let mut n = 0;
    for s in chain.sheets.iter().filter(|s| s.columns.len() == sheet.columns.len()) {
        for row in &s.rows {
            if let Some(Value::Number(v)) = row.value(c) {
                n += 1;
                if highest.is_none_or(|h| v.value > h.value) {
                    highest = Some(v);
                }
            }
        }
    }
    (highest, n)
}

fn weights(sheet: &ScoreSheet, chain: &Chain<'_>, lang: Lang) -> Option<Finding> {
    let total_col = sheet.column(Role::Total)?;
    // A ranked list publishes no parts whose maxima could add up to the total's.
    if sheet.is_ranked_list() {
        return None;
    }
    let declared = sheet.columns.get(total_col)?.max.as_ref()?;
    let mut parts = Vec::new();
    let mut components = Vec::new();
    let mut sum = Decimal::ZERO;
    for c in sheet.columns_with(Role::Component) {
        let m = sheet.columns.get(c)?.max.as_ref()?;
        parts.push(m.text.clone());
        components.push(c);
        sum = sum.checked_add(m.value)?;
    }
    let bonus = sheet
        .column(Role::Bonus)
        .and_then(|c| Some((c, sheet.columns.get(c)?.max.as_ref()?)));
    let with_bonus = match bonus {
        Some((_, b)) => {
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
    // Checked: a header's maximum is whatever number it prints.
    let excess = with_bonus.checked_sub(declared.value)?;
    let shortfall = declared.value.checked_sub(with_bonus)?;
    let candidates = if excess > Decimal::ZERO {
        candidates(sheet, chain, &components, bonus.map(|(c, _)| c), sum, excess)
    } else {
        Vec::new()
    };
    let at_total = |message: String, expected: Option<String>| Finding {
        column: Some(column.label.clone()),
        location: Some(Location {
            table_row: column.label_row,
            column: total_col,
        }),
        published: Some(declared.text.clone()),
        expected,
        delta: Some(shortfall.normalize().to_string()),
        ..table_finding(Check::Weights, Severity::Warning, sheet.table.number, message)
    };
    let excess_text = excess.normalize();
    match candidates.as_slice() {
        [] => Some(at_total(
            lang.pick(
                format!("各列满分之和 {formula}，与表头“{}”不符", column.label),
                format!(
                    "the column maxima add up to {formula}, but the header declares {}",
                    column.label
                ),
            ),
            Some(with_bonus.normalize().to_string()),
        )),
        [one] => {
            let col = sheet.columns.get(one.column)?;
            let max = col.max.as_ref()?;
            let fitting = one.fitting.normalize();
            let highest = &one.highest;
            let total = &column.label;
            let label = &col.label;
            // Said only when the rule is what picked the column.
            let by_rule = rule_base(chain)
                .filter(|(_, _, base)| *base == sum || Some(*base) == sum.checked_sub(excess))
                .map(|(full, f, base)| {
                lang.pick(
                    format!("；表注按{full}分乘以{f}折算，各项指标满分之和应为{base}"),
                    format!("; the note's rule ({full} × {f}) puts the components' maxima at {base}"),
                )
            });
            let by_rule = by_rule.unwrap_or_default();
            Some(Finding {
                column: Some(col.label.clone()),
                location: Some(Location {
                    table_row: col.label_row,
                    column: one.column,
                }),
                published: Some(max.text.clone()),
                expected: Some(fitting.to_string()),
                delta: Some(excess_text.to_string()),
                ..table_finding(
                    Check::Weights,
                    Severity::Warning,
                    sheet.table.number,
                    lang.pick(
                        format!(
                            "“{label}”的满分可能应为{fitting}分（也可能是表头“{total}”有误）：各列满分之和 {formula}，比表头总分多 {excess_text} 分；本列各行得分最高 {highest}，均未超过{fitting}分{by_rule}"
                        ),
                        format!(
                            "the maximum of {label} is likely {fitting} (or the header's {total} is wrong): the column maxima add up to {formula}, {excess_text} more than the declared total; no score in the column is above {fitting} (highest {highest}){by_rule}"
                        ),
                    ),
                )
            })
        }
        several => {
            let listed: Vec<String> = several
                .iter()
                .filter_map(|c| {
                    let label = &sheet.columns.get(c.column)?.label;
                    let highest = &c.highest;
                    Some(lang.pick(
                        format!("“{label}”最高 {highest}"),
                        format!("{label}, highest {highest}"),
                    ))
                })
                .collect();
            Some(at_total(
                lang.pick(
                    format!(
                        "各列满分之和 {formula}，与表头“{}”不符：或表头总分有误，或某一列的满分多标了 {excess_text} 分（得分均不超过“满分 − {excess_text}”的列：{}）",
                        column.label,
                        listed.join("、")
                    ),
                    format!(
                        "the column maxima add up to {formula}, but the header declares {}: either the header's total is wrong or one column's maximum is {excess_text} too high (columns whose scores all stay within their maximum less {excess_text}: {})",
                        column.label,
                        listed.join("; ")
                    ),
                ),
                None,
            ))
        }
    }
}

/// The full mark, factor and components' maximum a note of the chain states
/// (`以85分为满分…乘以20/17`: 100), when the product is exact.
fn rule_base(chain: &Chain<'_>) -> Option<(Decimal, crate::audit::exact::Factor, Decimal)> {
    let stated = chain.rule.stated.as_ref()?;
    let (full, factor) = (stated.full_mark?, stated.factor?);
    let scaled = full.checked_mul(factor.numerator)?;
    let base = scaled.checked_div(factor.denominator)?;
    factor.maps(full, base).then_some((full, factor, base.normalize()))
}

/// The columns whose maximum less `excess` still holds every score of the chain (with at
/// least [`EVIDENCE_ROWS`] scores). A note's rule that fixes the components' maxima decides
/// between the components and the bonus.
fn candidates(
    sheet: &ScoreSheet,
    chain: &Chain<'_>,
    components: &[usize],
    bonus: Option<usize>,
    components_sum: Decimal,
    excess: Decimal,
) -> Vec<Candidate> {
    let columns: Vec<usize> = match rule_base(chain).map(|(_, _, base)| base) {
        // The components' maxima already give the rule's base: the bonus is the one.
        Some(base) if base == components_sum => bonus.into_iter().collect(),
        // Less the excess they give it: one of the components.
        Some(base) if Some(base) == components_sum.checked_sub(excess) => components.to_vec(),
        _ => components.iter().copied().chain(bonus).collect(),
    };
    columns
        .into_iter()
        .filter_map(|c| {
            let max = sheet.columns.get(c)?.max.as_ref()?.value;
            let fitting = max.checked_sub(excess)?;
            let (highest, n) = highest_in(chain, sheet, c);
            let highest = highest?;
            (fitting > Decimal::ZERO && n >= EVIDENCE_ROWS && highest.value <= fitting).then(|| {
                Candidate {
                    column: c,
                    fitting,
                    highest: highest.text.clone(),
                }
            })
        })
        .collect()
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

    /// A table whose maxima add up to 75 against a declared 65: B（20分） scores at most 10.
    fn ten_too_many(bonus_scores: [&str; 3]) -> crate::wordml::Table {
        one_table(&[
            vec!["名称", "A（40分）", "B（20分）", "C（10分）", "加分（5分）", "总分（65分）"],
            vec!["甲", "38.00", "9.50", "9.00", bonus_scores[0], "56.50"],
            vec!["乙", "33.00", "10.00", "8.00", bonus_scores[1], "51.00"],
            vec!["丙", "30.00", "8.00", "7.50", bonus_scores[2], "45.50"],
        ])
    }

    #[test]
    fn the_one_column_whose_scores_fit_its_maximum_less_the_excess_is_named() {
        let found = findings_of(Check::Weights, Lang::Zh, vec![ten_too_many(["0", "0", "0"])]);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        // At B's header (logical column 2), not at the total's.
        assert_eq!(f.location.map(|l| (l.table_row, l.column)), Some((0, 2)));
        assert_eq!(f.column.as_deref(), Some("B（20分）"));
        assert_eq!(
            (f.published.as_deref(), f.expected.as_deref(), f.delta.as_deref()),
            (Some("20"), Some("10"), Some("10"))
        );
        assert_eq!(
            f.message,
            "“B（20分）”的满分可能应为10分（也可能是表头“总分（65分）”有误）：各列满分之和 40+20+10+5 = 75，比表头总分多 10 分；本列各行得分最高 10.00，均未超过10分"
        );
    }

    #[test]
    fn several_columns_that_could_absorb_the_excess_are_listed_on_the_total() {
        // The bonus (5) cannot lose 10, so raise the excess's competition with a bonus of 15.
        let table = one_table(&[
            vec!["名称", "A（40分）", "B（20分）", "C（10分）", "加分（15分）", "总分（75分）"],
            vec!["甲", "38.00", "9.50", "9.00", "1.00", "57.50"],
            vec!["乙", "33.00", "10.00", "8.00", "2.00", "53.00"],
            vec!["丙", "30.00", "8.00", "7.50", "0.50", "46.00"],
        ]);
        let found = findings_of(Check::Weights, Lang::Zh, vec![table]);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.location.map(|l| l.column), Some(5));
        assert_eq!((f.published.as_deref(), f.expected.as_deref()), (Some("75"), None));
        assert_eq!(
            f.message,
            "各列满分之和 40+20+10+15 = 85，与表头“总分（75分）”不符：或表头总分有误，或某一列的满分多标了 10 分（得分均不超过“满分 − 10”的列：“B（20分）”最高 10.00、“加分（15分）”最高 2.00）"
        );
    }

    #[test]
    fn a_notes_rule_fixing_the_components_maxima_leaves_the_bonus_out() {
        // The note's 50 × 6/5 = 60 is the components' 70 less the excess: one of them holds it,
        // and the bonus, whose scores would fit its 15 less 10, is not a candidate.
        let mut table = one_table(&[
            vec!["名称", "A（40分）", "B（20分）", "C（10分）", "加分（15分）", "总分（75分）"],
            vec!["甲", "38.00", "9.50", "9.00", "1.00", "57.50"],
            vec!["乙", "33.00", "10.00", "8.00", "2.00", "53.00"],
            vec!["丙", "30.00", "8.00", "7.50", "0.50", "46.00"],
        ]);
        table.note = vec!["注：没有对外服务职能的部门，以50分为满分，结果乘以6/5与加分之和为最终得分。".into()];
        let found = findings_of(Check::Weights, Lang::Zh, vec![table]);
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.location.map(|l| l.column), Some(2), "{}", f.message);
        assert!(
            f.message.ends_with("；表注按50分乘以6/5折算，各项指标满分之和应为60"),
            "{}",
            f.message
        );
    }

    #[test]
    fn too_few_scores_or_none_within_the_smaller_maximum_keep_the_finding_on_the_total() {
        // Two rows are not evidence.
        let two = one_table(&[
            vec!["名称", "A（40分）", "B（20分）", "C（10分）", "加分（5分）", "总分（65分）"],
            vec!["甲", "38.00", "9.50", "9.00", "0", "56.50"],
            vec!["乙", "33.00", "10.00", "8.00", "0", "51.00"],
        ]);
        let found = findings_of(Check::Weights, Lang::Zh, vec![two]);
        assert_eq!(found[0].location.map(|l| l.column), Some(5));
        assert_eq!(found[0].expected.as_deref(), Some("75"));
        assert_eq!(
            found[0].message,
            "各列满分之和 40+20+10+5 = 75，与表头“总分（65分）”不符"
        );
        // B's 10.50 leaves no column that can lose 10.
        let over = one_table(&[
            vec!["名称", "A（40分）", "B（20分）", "C（10分）", "加分（5分）", "总分（65分）"],
            vec!["甲", "38.00", "10.50", "9.00", "0", "57.50"],
            vec!["乙", "33.00", "10.00", "8.00", "0", "51.00"],
            vec!["丙", "30.00", "8.00", "7.50", "0", "45.50"],
        ]);
        let found = findings_of(Check::Weights, Lang::Zh, vec![over]);
        assert_eq!(found[0].location.map(|l| l.column), Some(5));
        assert_eq!(found[0].expected.as_deref(), Some("75"));
    }
}
