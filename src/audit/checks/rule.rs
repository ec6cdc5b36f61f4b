//! `rule`: the note's numbers against the header (the stated full mark and factor, and the
//! full mark each set of not-applicable columns leaves); a notice when no rule is stated and
//! proportional scaling had to be inferred.

use std::collections::BTreeSet;

use rust_decimal::Decimal;

use super::common::component_maxima;
use super::{AuditCheck, Chain, InferredScaling, Scope, table_finding};
use crate::annex::{Role, ScoreSheet, StatedRule, Value};
use crate::audit::exact::Exact;
use crate::audit::{Check, Finding, Lang, Severity};

/// The `rule` check.
pub(super) struct Rule;

impl AuditCheck for Rule {
    fn id(&self) -> Check {
        Check::Rule
    }

    fn scope(&self) -> Scope {
        Scope::Chain
    }

    fn chain(&self, chain: &Chain<'_>, out: &mut Vec<Finding>) {
        let lang = chain.lang;
        let Some(first) = chain.sheets.first() else {
            return;
        };
        let table = chain.rule.from_table.unwrap_or(first.table.number);
        let base = component_maxima(first);
        if let Some(stated) = &chain.rule.stated {
            if let Some(base) = base {
                out.extend(factor_against_header(table, stated, base, lang));
            }
            for set in not_applicable_sets(&chain.sheets) {
                let Some(base) = base else { break };
                out.extend(full_mark_left(table, first, stated, base, &set, lang));
            }
        } else if let Some(InferredScaling { table, factor: f }) = chain.inferred {
            out.push(Finding {
                severity: Severity::Notice,
                expected: Some(f.to_string()),
                ..rule_warning(
                    table,
                    lang.pick(
                        format!("含不适用指标的行未见规则说明，按满分比例推定（× {f}）后核对"),
                        format!(
                            "no rule stated for rows with not-applicable cells: checked with proportional scaling (× {f}), inferred"
                        ),
                    ),
                )
            });
        }
    }
}

fn rule_warning(table: usize, message: String) -> Finding {
    table_finding(Check::Rule, Severity::Warning, table, message)
}

/// The stated full mark times the stated factor must give the components' maxima (`base`).
fn factor_against_header(
    table: usize,
    stated: &StatedRule,
    base: Decimal,
    lang: Lang,
) -> Option<Finding> {
    let (Some(full), Some(f)) = (stated.full_mark, stated.factor) else {
        return None;
    };
    if f.maps(full, base) {
        return None;
    }
    let scaled = Exact::from_decimal(full)
        .scale(f)
        .map(|e| e.approx().round_dp(4).normalize().to_string())
        .unwrap_or_default();
    Some(Finding {
        published: Some(format!("{full} × {f}")),
        expected: Some(base.normalize().to_string()),
        rule: Some(stated.quote.clone()),
        ..rule_warning(
            table,
            lang.pick(
                format!(
                    "表注的满分{full}乘以{f}得{scaled}，而表头各项满分之和为{}",
                    base.normalize()
                ),
                format!(
                    "the note's full mark {full} × {f} = {scaled}, but the components' maxima add up to {}",
                    base.normalize()
                ),
            ),
        )
    })
}

/// Every distinct set of not-applicable component columns among the chain's rows, in order.
fn not_applicable_sets(sheets: &[&ScoreSheet]) -> BTreeSet<Vec<usize>> {
    let mut sets: BTreeSet<Vec<usize>> = BTreeSet::new();
    for sheet in sheets {
        for row in &sheet.rows {
            let set: Vec<usize> = sheet
                .columns_with(Role::Component)
                .filter(|c| matches!(row.value(*c), Some(Value::NotApplicable(_))))
                .collect();
            if !set.is_empty() {
                sets.insert(set);
            }
        }
    }
    sets
}

/// Each set of not-applicable columns must leave the stated full mark (or a stated factor
/// that maps what is left onto the components' maxima).
fn full_mark_left(
    table: usize,
    first: &ScoreSheet,
    stated: &StatedRule,
    base: Decimal,
    set: &[usize],
    lang: Lang,
) -> Option<Finding> {
    let mut missing = Decimal::ZERO;
    let mut labels = Vec::new();
    for c in set {
        let column = first.columns.get(*c)?;
        missing += column.max.as_ref()?.value;
        labels.push(column.label.clone());
    }
    let remaining = base - missing;
    let stated_text = match (stated.full_mark, stated.factor) {
        (Some(full), _) => (full != remaining).then(|| full.normalize().to_string()),
        (None, Some(f)) => (!f.maps(remaining, base)).then(|| format!("{base} / {f}")),
        (None, None) => None,
    }?;
    Some(Finding {
        published: Some(stated_text),
        expected: Some(remaining.normalize().to_string()),
        rule: Some(stated.quote.clone()),
        ..rule_warning(
            table,
            lang.pick(
                format!(
                    "{}不适用时，其余指标满分为{} − {} = {}，与表注不符",
                    labels.join("、"),
                    base.normalize(),
                    missing.normalize(),
                    remaining.normalize()
                ),
                format!(
                    "with {} not applicable the remaining maxima add up to {} − {} = {}, which the note contradicts",
                    labels.join(", "),
                    base.normalize(),
                    missing.normalize(),
                    remaining.normalize()
                ),
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::audit::tests::{audit, checks_of, table};
    use crate::audit::*;

    #[test]
    fn without_a_stated_rule_scaling_is_inferred_from_the_maxima_and_said() {
        // 30 + 40 applicable of 100: × 100/70 → 100.00 + bonus 1.00.
        let t = table(&[
            vec![
                "名称",
                "A（30分）",
                "B（30分）",
                "C（40分）",
                "加分（5分）",
                "总分（105分）",
            ],
            vec!["甲", "30.00", "——", "40.00", "1.00", "101.00"],
            vec!["乙", "20.00", "20.00", "20.00", "0.00", "60.00"],
        ]);
        let report = audit(vec![t]);
        assert_eq!(report.summary.consistent, 2, "{:#?}", report.findings);
        assert_eq!(checks_of(&report), [(Check::Rule, Severity::Notice, None)]);
        assert!(report.findings[0].message.contains("inferred"));
        let TableOutcome::Score { rows, rule, .. } = &report.tables[0].outcome else {
            panic!("audited")
        };
        assert_eq!(
            rows[0]
                .recomputation
                .as_ref()
                .and_then(|r| r.factor)
                .map(|f| f.to_string()),
            Some("100/70".into())
        );
        assert_eq!(rule.as_ref().map(|r| r.source), Some(RuleSource::Inferred));
    }
    
    #[test]
    fn a_note_that_contradicts_the_header_is_a_rule_warning() {
        // B (30) not applicable leaves 70, but the note says 80 (and 80 × 5/4 = 100 agrees).
        let mut t = table(&[
            vec![
                "名称",
                "A（30分）",
                "B（30分）",
                "C（40分）",
                "总分（100分）",
            ],
            vec!["甲", "30.00", "——", "40.00", "87.50"],
        ]);
        t.note = vec!["注：以80分为满分，结果乘以5/4。".into()];
        let report = audit(vec![t]);
        let rule: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Rule)
            .collect();
        assert_eq!(rule.len(), 1, "{:#?}", report.findings);
        assert_eq!(rule[0].severity, Severity::Warning);
        assert_eq!(
            (rule[0].published.as_deref(), rule[0].expected.as_deref()),
            (Some("80"), Some("70"))
        );
        // The stated factor is applied as stated: 70 × 5/4 = 87.50.
        assert_eq!(report.summary.consistent, 1);
        // 85 × 20/17 = 100, but the maxima add up to 110: the second rule check.
        let mut t = table(&[
            vec![
                "名称",
                "A（40分）",
                "B（15分）",
                "C（55分）",
                "总分（110分）",
            ],
            vec!["甲", "40.00", "15.00", "55.00", "110.00"],
        ]);
        t.note = vec!["注：以85分为满分，结果乘以20/17。".into()];
        let report = audit(vec![t]);
        assert!(
            report
                .findings
                .iter()
                .any(|f| f.check == Check::Rule && f.message.contains("85 × 20/17 = 100")),
            "{:#?}",
            report.findings
        );
    }
}
