//! `total`: every row's total recomputed exactly (the applicable components, scaled by the
//! chain's rule when some do not apply, plus the bonus, rounded half away from zero to the
//! published decimals) against the published one. A wrong total is an error, a notice when
//! another rounding reproduces it, critical when correcting it changes the row's place.
//!
//! [`recompute_row`] runs on every row whatever the registry holds: its recomputation is the
//! row's audit. The check itself reports the discrepancies once the chain's ranking is known.

use rust_decimal::Decimal;

use super::common::{component_maxima, plus_bonus};
use super::{AuditCheck, Chain, ChainRule, Scope, at_cell};
use crate::annex::{DataRow, Number, Role, ScoreSheet, Value};
use crate::audit::exact::{Exact, Factor, Rounding, fixed};
use crate::audit::explain::{self, RowArithmetic};
use crate::audit::{Check, Finding, Lang, Recomputation, RowAudit, RowStatus, RuleSource, Severity};

/// The `total` check.
pub(super) struct Total;

impl AuditCheck for Total {
    fn id(&self) -> Check {
        Check::Total
    }

    /// The chain: a wrong total is critical when its correction changes the ranking.
    fn scope(&self) -> Scope {
        Scope::Chain
    }

    fn chain(&self, chain: &Chain<'_>, out: &mut Vec<Finding>) {
        for e in &chain.rows {
            let Some(finding) = &e.discrepancy else {
                continue;
            };
            let mut finding = finding.clone();
            if let (Some(total), Some(corrected)) = (e.total, e.corrected)
                && finding.severity == Severity::Error
            {
                escalate_rank_change(chain, e.sheet, e.row, total, corrected, &mut finding);
            }
            out.push(finding);
        }
    }
}

/// Raises a `total` error to critical when the corrected total would change the row's place.
fn escalate_rank_change(
    chain: &Chain<'_>,
    sheet: usize,
    row: usize,
    total: Decimal,
    corrected: Decimal,
    finding: &mut Finding,
) {
    // The other rows above this one, now and once corrected (the row itself is above its
    // corrected total when that is lower).
    let place_now = 1 + chain.rows_above(total);
    let place_corrected = 1 + chain.rows_above(corrected) - usize::from(total > corrected);
    if place_now == place_corrected {
        return;
    }
    let score_sheet = chain.sheets.get(sheet);
    let data_row = score_sheet.and_then(|s| s.rows.get(row));
    let name = data_row.and_then(|r| r.name.clone()).unwrap_or_default();
    // A printed rank that already is the corrected place: the ranking was made with the right
    // total and only the total was misprinted; the ranking stands.
    let printed_rank = score_sheet
        .and_then(|s| s.column(Role::Rank))
        .and_then(|c| data_row?.value(c))
        .and_then(|v| crate::annex::parse_rank(v.text()))
        .and_then(|r| usize::try_from(r).ok());
    if printed_rank == Some(place_corrected) && ranks_fit_corrected_totals(chain) {
        finding.message.push_str(&chain.lang.pick(
            format!("；公布的名次第{place_corrected}名与更正后的总分相符：名次无误，错的是总分"),
            format!(
                "; the printed rank {place_corrected} fits the corrected total: the rank is right, the total is wrong"
            ),
        ));
        return;
    }
    finding.severity = Severity::Critical;
    finding.message.push_str(&chain.lang.pick(
        format!("；更正后{name}的名次将由第{place_now}名变为第{place_corrected}名"),
        format!("; corrected, {name} would rank {place_corrected} instead of {place_now}"),
    ));
}

/// True when every printed rank of the chain is the place of its row by the corrected totals
/// (competition or dense ranking throughout): the ranking was made with the right totals.
fn ranks_fit_corrected_totals(chain: &Chain<'_>) -> bool {
    let places = chain.corrected_places();
    let (mut competition, mut dense) = (true, true);
    for e in &chain.rows {
        let total = e.corrected.or(e.total);
        let Some((sheet, row)) = chain.sheet_and_row(e) else {
            continue;
        };
        let printed = sheet
            .column(Role::Rank)
            .and_then(|c| row.value(c))
            .and_then(|v| crate::annex::parse_rank(v.text()))
            .and_then(|r| usize::try_from(r).ok());
        let (Some(printed), Some(t)) = (printed, total) else {
            continue;
        };
        competition &= printed == places.competition(t);
        dense &= printed == places.dense(t);
    }
    competition || dense
}

/// Why a row's total could not be recomputed, in the message language.
struct NotChecked(String);

/// The applicable components of a row and their sum, and the not-applicable ones.
struct ComponentSum {
    applicable: Vec<usize>,
    not_applicable: Vec<usize>,
    sum: Decimal,
}

/// The bonus of a row: its column when it holds a number, and its value (0 otherwise).
struct Bonus {
    column: Option<usize>,
    value: Decimal,
}

/// How a row's components are scaled: the factor (none for a plain sum) and where it comes
/// from.
struct Scaling {
    factor: Option<Factor>,
    source: RuleSource,
}

/// Recomputes one row's total and compares it with the published one: the row's audit, and
/// the `total` finding (at error severity or a notice) when they differ.
pub(in crate::audit) fn recompute_row(
    sheet: &ScoreSheet,
    row: &DataRow,
    rule: &ChainRule,
    lang: Lang,
) -> (RowAudit, Option<Finding>) {
    match recompute(sheet, row, rule, lang) {
        Ok(done) => done,
        Err(NotChecked(reason)) => (
            RowAudit {
                number: row.number,
                table_row: row.table_row,
                recomputation: None,
                status: RowStatus::NotChecked(reason),
            },
            None,
        ),
    }
}

fn recompute(
    sheet: &ScoreSheet,
    row: &DataRow,
    rule: &ChainRule,
    lang: Lang,
) -> Result<(RowAudit, Option<Finding>), NotChecked> {
    let (total_col, published) = published_total(sheet, row, lang)?;
    if sheet.is_ranked_list() {
        let label = sheet.columns.get(total_col).map_or("", |c| c.label.as_str());
        return Err(NotChecked(lang.pick(
            format!("本表没有分项，{label}不复算"),
            format!("no parts published: {label} is not recomputed"),
        )));
    }
    let components = sum_components(sheet, row, lang)?;
    let scaling = scaling(sheet, rule, &components.not_applicable, lang)?;
    let bonus = counted(bonus(sheet, row, lang)?, &components, &scaling, rule)?;
    let arithmetic = RowArithmetic {
        sheet,
        values: &row.values,
        components: &components.applicable,
        bonus_col: bonus.column,
        sum: components.sum,
        bonus: bonus.value,
        factor: scaling.factor,
        published,
    };
    let (exact, expected) = round_exactly(&arithmetic)?;
    let recomputation = Recomputation {
        components: components.applicable.clone(),
        bonus: bonus.column,
        factor: scaling.factor,
        source: scaling.source,
        decimals: published.decimals,
        exact: exact.approx(),
        expected,
    };
    let consistent = expected == published.value;
    let finding = (!consistent).then(|| {
        discrepancy(
            &arithmetic,
            &recomputation,
            sheet,
            row,
            total_col,
            lang,
        )
    });
    let audit = RowAudit {
        number: row.number,
        table_row: row.table_row,
        recomputation: Some(recomputation),
        status: if consistent {
            RowStatus::Consistent
        } else {
            RowStatus::Inconsistent
        },
    };
    Ok((audit, finding))
}

/// The total column and the published total, when it is a number.
fn published_total<'a>(
    sheet: &ScoreSheet,
    row: &'a DataRow,
    lang: Lang,
) -> Result<(usize, &'a Number), NotChecked> {
    let Some(total_col) = sheet.column(Role::Total) else {
        return Err(NotChecked(
            lang.pick("无总分列".into(), "no total column".into()),
        ));
    };
    match row.value(total_col) {
        Some(Value::Number(n)) => Ok((total_col, n)),
        Some(Value::NotApplicable(t)) => Err(NotChecked(lang.pick(
            format!("总分未发布（{t}）"),
            format!("no total published ({t})"),
        ))),
        _ => Err(NotChecked(lang.pick(
            "总分缺失或无法识别".into(),
            "the total is missing or unparsed".into(),
        ))),
    }
}

/// A score cell that is neither a number nor not applicable: the row cannot be recomputed.
fn missing_or_unparsed(sheet: &ScoreSheet, c: usize, lang: Lang) -> NotChecked {
    let label = sheet.columns.get(c).map_or("", |col| col.label.as_str());
    NotChecked(lang.pick(
        format!("{label}缺失或无法识别"),
        format!("{label} is missing or unparsed"),
    ))
}

/// Sums the applicable components and sets the not-applicable ones apart.
fn sum_components(
    sheet: &ScoreSheet,
    row: &DataRow,
    lang: Lang,
) -> Result<ComponentSum, NotChecked> {
    let mut out = ComponentSum {
        applicable: Vec::new(),
        not_applicable: Vec::new(),
        sum: Decimal::ZERO,
    };
    for c in sheet.columns_with(Role::Component) {
        match row.value(c) {
            Some(Value::Number(n)) => {
                out.applicable.push(c);
                out.sum = out
                    .sum
                    .checked_add(n.value)
                    .ok_or_else(|| NotChecked("overflow".into()))?;
            }
            Some(Value::NotApplicable(_)) => out.not_applicable.push(c),
            _ => return Err(missing_or_unparsed(sheet, c, lang)),
        }
    }
    Ok(out)
}

/// The row's bonus; a not-applicable bonus counts 0.
fn bonus(sheet: &ScoreSheet, row: &DataRow, lang: Lang) -> Result<Bonus, NotChecked> {
    let none = Bonus {
        column: None,
        value: Decimal::ZERO,
    };
    let Some(c) = sheet.column(Role::Bonus) else {
        return Ok(none);
    };
    match row.value(c) {
        Some(Value::Number(n)) => Ok(Bonus {
            column: Some(c),
            value: n.value,
        }),
        Some(Value::NotApplicable(_)) => Ok(none),
        _ => Err(missing_or_unparsed(sheet, c, lang)),
    }
}

/// The bonus as it counts: none when a note says the bonus needs a base score the row's
/// (scaled) components do not reach.
fn counted(
    bonus: Bonus,
    components: &ComponentSum,
    scaling: &Scaling,
    rule: &ChainRule,
) -> Result<Bonus, NotChecked> {
    let Some(threshold) = &rule.bonus_threshold else {
        return Ok(bonus);
    };
    if bonus.column.is_none() {
        return Ok(bonus);
    }
    let overflow = || NotChecked("overflow".into());
    let mut base = Exact::from_decimal(components.sum);
    if let Some(f) = scaling.factor {
        base = base.scale(f).ok_or_else(overflow)?;
    }
    let reaches = threshold.counts(base.compare(threshold.value).ok_or_else(overflow)?);
    Ok(if reaches {
        bonus
    } else {
        Bonus {
            column: None,
            value: Decimal::ZERO,
        }
    })
}

/// A plain sum when every component applies; otherwise the chain's scaling.
fn scaling(
    sheet: &ScoreSheet,
    rule: &ChainRule,
    not_applicable: &[usize],
    lang: Lang,
) -> Result<Scaling, NotChecked> {
    if not_applicable.is_empty() {
        return Ok(Scaling {
            factor: None,
            source: RuleSource::Sum,
        });
    }
    scaling_factor(sheet, rule, not_applicable).ok_or_else(|| {
        NotChecked(lang.pick(
            "含不适用指标，但既无规则说明，表头也未标明各项满分，无法推定".into(),
            "not-applicable cells, but neither a stated rule nor column maxima to infer one".into(),
        ))
    })
}

/// The factor for a row with not-applicable components: stated in the note, derived from the
/// stated full mark, or inferred from the maxima (proportional scaling).
fn scaling_factor(
    sheet: &ScoreSheet,
    rule: &ChainRule,
    not_applicable: &[usize],
) -> Option<Scaling> {
    if let Some(stated) = &rule.stated {
        if let Some(f) = stated.factor {
            return Some(Scaling {
                factor: Some(f),
                source: RuleSource::Stated,
            });
        }
        if let (Some(full), Some(base)) = (stated.full_mark, component_maxima(sheet)) {
            return Some(Scaling {
                factor: Factor::new(base, full),
                source: RuleSource::Stated,
            });
        }
    }
    let base = component_maxima(sheet)?;
    let mut missing = Decimal::ZERO;
    for c in not_applicable {
        missing = missing.checked_add(sheet.columns.get(*c)?.max.as_ref()?.value)?;
    }
    let remaining = base.checked_sub(missing)?;
    Some(Scaling {
        factor: Factor::new(base, remaining),
        source: RuleSource::Inferred,
    })
}

/// The exact total and its rounding half away from zero to the published decimals.
fn round_exactly(arithmetic: &RowArithmetic<'_>) -> Result<(Exact, Decimal), NotChecked> {
    let overflow = || NotChecked("overflow".into());
    let exact = arithmetic.exact().ok_or_else(overflow)?;
    let expected = exact
        .round(arithmetic.published.decimals, Rounding::HalfAwayFromZero)
        .ok_or_else(overflow)?;
    Ok((exact, expected))
}

/// The `total` finding of a row whose published total differs from `rc.expected`: a notice
/// when another rounding reproduces it, an error with the likely slips otherwise.
fn discrepancy(
    arithmetic: &RowArithmetic<'_>,
    rc: &Recomputation,
    sheet: &ScoreSheet,
    row: &DataRow,
    total_col: usize,
    lang: Lang,
) -> Finding {
    let published = arithmetic.published;
    let expected_text = fixed(rc.expected, published.decimals);
    let delta = fixed(published.value - rc.expected, published.decimals);
    let (severity, explanation, message) = match explain::other_rounding(arithmetic, lang) {
        Some(how) => (
            Severity::Notice,
            how,
            lang.pick(
                format!(
                    "总分按四舍五入应为 {expected_text}，发布为 {}（相差 {delta}）",
                    published.text
                ),
                format!(
                    "rounded half away from zero the total is {expected_text}, published {} (difference {delta})",
                    published.text
                ),
            ),
        ),
        None => {
            let found = explain::explanations(arithmetic, lang);
            let explanation = if found.is_empty() {
                lang.pick(
                    "未找到能复现发布值的常见错误".to_string(),
                    "no common slip reproduces the published figure".to_string(),
                )
            } else {
                found.join(lang.pick("；", "; "))
            };
            (
                Severity::Error,
                explanation,
                lang.pick(
                    format!(
                        "总分应为 {expected_text}，发布为 {}（相差 {delta}）",
                        published.text
                    ),
                    format!(
                        "the total should be {expected_text}, published {} (difference {delta})",
                        published.text
                    ),
                ),
            )
        }
    };
    Finding {
        published: Some(published.text.clone()),
        expected: Some(expected_text),
        delta: Some(delta),
        rule: Some(row_rule_text(sheet, rc, lang)),
        explanation: Some(explanation),
        ..at_cell(Check::Total, severity, sheet, row, total_col, message)
    }
}

/// The rule one row's total follows, in words.
fn row_rule_text(sheet: &ScoreSheet, rc: &Recomputation, lang: Lang) -> String {
    let rounding = lang.pick(
        format!("，四舍五入保留{}位小数", rc.decimals),
        format!(", rounded half away from zero to {} decimals", rc.decimals),
    );
    let plus_bonus = plus_bonus(sheet, lang);
    match (rc.factor, rc.source) {
        (Some(f), RuleSource::Inferred) => lang.pick(
            format!("(适用指标得分之和) × {f}{plus_bonus}（未说明规则，按满分比例推定）{rounding}"),
            format!(
                "(sum of the applicable components) × {f}{plus_bonus} (no rule stated: proportional scaling inferred){rounding}"
            ),
        ),
        (Some(f), _) => lang.pick(
            format!("(适用指标得分之和) × {f}{plus_bonus}（依表注）{rounding}"),
            format!("(sum of the applicable components) × {f}{plus_bonus} (as the note states){rounding}"),
        ),
        (None, _) => lang.pick(
            format!("各项指标得分之和{plus_bonus}{rounding}"),
            format!("sum of the components{plus_bonus}{rounding}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::tests::audit;
    use crate::audit::*;
    use rust_decimal::Decimal;

    mod random_tables {
        use super::*;
        use crate::annex::tests::simple_table;
        use proptest::prelude::*;
    
        /// Rounds p/q (q > 0) half away from zero to an integer, with plain integers: the
        /// reference the audit's decimal arithmetic must agree with (values are in hundredths).
        fn round_ratio(p: i128, q: i128) -> i128 {
            let (neg, a) = (p < 0, p.abs());
            let (n, r) = (a / q, a % q);
            let n = if 2 * r >= q { n + 1 } else { n };
            if neg { -n } else { n }
        }
    
        fn text(hundredths: i128) -> String {
            fixed(Decimal::from_i128_with_scale(hundredths, 2), 2)
        }
    
        use crate::audit::exact::fixed;
    
        proptest! {
            /// Random score tables (maxima, not-applicable cells, a stated 20/17-style rule, a
            /// bonus): a row is consistent exactly when its published total is the brute-force
            /// rational recomputation rounded half away from zero.
            #[test]
            fn recomputation_agrees_with_rational_brute_force(
                maxima in proptest::collection::vec(5i128..=40, 2..6),
                rows in proptest::collection::vec(
                    (proptest::collection::vec(0i128..=4000, 6), any::<bool>(), -500i128..=500, -2i128..=2),
                    1..12,
                ),
            ) {
                let base: i128 = maxima.iter().sum();
                // Column 1 is the one that may not apply; the note states base−max₁ and base/(base−max₁).
                let full = base - maxima[1];
                let mut header: Vec<String> = vec!["名称".into()];
                header.extend(maxima.iter().enumerate().map(|(i, m)| format!("指标{i}（{m}分）")));
                header.push("附加指标（5分）".into());
                header.push(format!("总分（{}分）", base + 5));
                let mut table_rows = vec![header];
                let mut expected_consistent = Vec::new();
                for (n, (values, na, bonus, nudge)) in rows.iter().enumerate() {
                    let mut row = vec![format!("单位{n}")];
                    let mut sum = 0i128;
                    for (i, m) in maxima.iter().enumerate() {
                        if i == 1 && *na {
                            row.push("——".into());
                            continue;
                        }
                        let v = values[i] % (m * 100 + 1);
                        sum += v;
                        row.push(text(v));
                    }
                    row.push(text(*bonus));
                    // total = sum × base/full + bonus, or sum + bonus, in hundredths.
                    let exact = if *na {
                        round_ratio(sum * base + bonus * full, full)
                    } else {
                        sum + bonus
                    };
                    row.push(text(exact + nudge));
                    expected_consistent.push(*nudge == 0);
                    table_rows.push(row);
                }
                let refs: Vec<Vec<&str>> = table_rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
                let mut t = simple_table(1, &refs);
                t.note = vec![format!("注：以{full}分为满分，结果乘以{base}/{full}与附加指标得分之和为最终得分。")];
                let report = audit(vec![t]);
                let Some(TableOutcome::Score { rows: audits, .. }) = report.tables.first().map(|t| &t.outcome) else {
                    return Err(TestCaseError::fail(format!("not audited: {:?}", report.tables)));
                };
                prop_assert_eq!(audits.len(), expected_consistent.len());
                for (a, consistent) in audits.iter().zip(&expected_consistent) {
                    let got = matches!(a.status, RowStatus::Consistent);
                    prop_assert_eq!(got, *consistent, "row {}: {:?}", a.number, a);
                }
                // No rule finding: the note's numbers agree with the header by construction.
                prop_assert!(report.findings.iter().all(|f| f.check != Check::Rule), "{:?}", report.findings);
            }
        }
    }

    mod focused {
        use super::super::super::test_support::{findings_of, one_table, summary};
        use super::super::{ChainRule, recompute_row};
        use crate::annex::{self, Interpretation, Template};
        use crate::audit::{Check, Lang, RowStatus, Severity};

        #[test]
        fn a_wrong_total_is_critical_when_its_correction_changes_the_ranking() {
            let t = one_table(&[
                vec!["名称", "A（50分）", "B（50分）", "总分（100分）"],
                vec!["甲", "45.00", "45.00", "90.00"],
                vec!["乙", "30.00", "40.00", "85.00"],
                vec!["丙", "40.00", "40.00", "80.00"],
                vec!["丁", "30.00", "30.00", "60.10"],
            ]);
            let found = findings_of(Check::Total, Lang::En, vec![t.clone()]);
            assert_eq!(
                summary(&found),
                [
                    (
                        Some(2),
                        Severity::Critical,
                        "the total should be 70.00, published 85.00 (difference 15.00); corrected, 乙 would rank 3 instead of 2"
                    ),
                    (
                        Some(4),
                        Severity::Error,
                        "the total should be 60.00, published 60.10 (difference 0.10)"
                    ),
                ]
            );
            assert_eq!(
                found[0].rule.as_deref(),
                Some("sum of the components, rounded half away from zero to 2 decimals")
            );
            let zh = findings_of(Check::Total, Lang::Zh, vec![t]);
            assert_eq!(
                zh[0].message,
                "总分应为 70.00，发布为 85.00（相差 15.00）；更正后乙的名次将由第2名变为第3名"
            );
        }

        #[test]
        fn a_total_another_rounding_reproduces_is_a_notice() {
            // 30.05 + 30.01 = 60.06: 60.1 to one decimal, but 60.0 truncated.
            let t = one_table(&[
                vec!["名称", "A（50分）", "B（50分）", "总分（100分）"],
                vec!["甲", "30.05", "30.01", "60.0"],
            ]);
            let found = findings_of(Check::Total, Lang::En, vec![t]);
            assert_eq!(found.len(), 1, "{found:#?}");
            assert_eq!(found[0].severity, Severity::Notice, "{found:#?}");
            assert!(
                found[0].message.starts_with("rounded half away from zero the total is 60.1, published 60.0"),
                "{}",
                found[0].message
            );
        }

        #[test]
        fn a_row_with_a_missing_component_is_not_checked_with_the_reason() {
            let t = one_table(&[
                vec!["名称", "A（50分）", "B（50分）", "总分（100分）"],
                vec!["甲", "45.00", "", "90.00"],
            ]);
            let Interpretation::Score(sheet) = annex::interpret(&t, &Template::default_template())
            else {
                panic!("a score table");
            };
            let (audit, finding) = recompute_row(&sheet, &sheet.rows[0], &ChainRule::default(), Lang::En);
            assert_eq!(
                audit.status,
                RowStatus::NotChecked("B（50分） is missing or unparsed".into())
            );
            assert!(audit.recomputation.is_none() && finding.is_none());
        }
    }
}
