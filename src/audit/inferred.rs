//! Totals whose rule nobody stated: the relation [`crate::annex::infer`] finds in the data
//! replaces the default sum, with its support.
//!
//! It runs only where the rule is not stated — no note states one, and a component column
//! declares no maximum (a count column beside the scores, an index without weights) or the note
//! gives the parts weights (`自评得分×30%+第三方评估得分×70%`) — and the default sum leaves some
//! total unexplained; a table whose header or note states its rule (a full mark, a factor)
//! never gets here. A row that breaks an inferred relation is a `total` **warning** (it may be
//! the guess that is wrong) naming the relation and its support; when no relation explains the
//! totals, the rows are not recomputed and a `rule` warning says so ("rule unknown: N
//! published totals not recomputed") with the candidates tried.

use rust_decimal::Decimal;

use super::checks::{ChainRule, at_cell, table_finding};
use super::exact::{Exact, Factor, Rounding, fixed};
use super::text::Lang;
use super::{Check, Finding, Recomputation, RowAudit, RowStatus, RuleSource, Severity};
use crate::annex::infer::{self, Inference, Operand, OperandKind, Printed, Relation, Unknown};
use crate::annex::{Role, ScoreSheet, Value};

/// A sheet's totals checked against an inferred rule (or found unexplained).
pub(super) struct InferredTotals {
    /// Each row's audit and its `total` finding (a warning), in row order.
    pub rows: Vec<(RowAudit, Option<Finding>)>,
    /// The `rule` finding: the relation inferred (a notice) or the rule unknown (a warning).
    pub finding: Finding,
    /// The rule in words, for the table's summary.
    pub rule_text: String,
}

/// Whether the rule of the sheet's totals is unstated: no note states one and some component
/// declares no maximum.
fn rule_unstated(sheet: &ScoreSheet, rule: &ChainRule) -> bool {
    rule.stated.is_none()
        && sheet.column(Role::Total).is_some()
        && (sheet
            .columns_with(Role::Component)
            .any(|c| sheet.columns.get(c).is_some_and(|col| col.max.is_none()))
            || sheet.weights_stated)
}

/// The operand columns (their sheet columns beside them) and their kinds.
fn operands(sheet: &ScoreSheet) -> (Vec<usize>, Vec<Operand>) {
    let mut columns = Vec::new();
    let mut operands = Vec::new();
    for (c, col) in sheet.columns.iter().enumerate() {
        let values: Vec<Option<Decimal>> = sheet
            .rows
            .iter()
            .map(|r| match r.value(c) {
                Some(Value::Number(n)) => Some(n.value),
                _ => None,
            })
            .collect();
        let whole = values.iter().flatten().all(|v| v.fract().is_zero());
        let kind = match col.role {
            Role::Bonus => OperandKind::Bonus,
            Role::Rank | Role::Serial => OperandKind::Identifier,
            Role::Component if col.max.is_some() => OperandKind::Score,
            Role::Component if whole => OperandKind::Count,
            Role::Component => OperandKind::Score,
            _ => continue,
        };
        columns.push(c);
        operands.push(Operand::new(kind, values));
    }
    (columns, operands)
}

/// Checks the sheet's totals against the relation inferred from its rows, when its rule is
/// unstated and the default sum leaves some total unexplained (`audits`: the default's).
pub(super) fn infer_totals(
    sheet: &ScoreSheet,
    rule: &ChainRule,
    audits: &[RowAudit],
    lang: Lang,
) -> Option<InferredTotals> {
    if !rule_unstated(sheet, rule) || audits.iter().all(|a| a.status == RowStatus::Consistent) {
        return None;
    }
    let total_col = sheet.column(Role::Total)?;
    let target: Vec<Option<Printed>> = sheet
        .rows
        .iter()
        .map(|r| match r.value(total_col) {
            Some(Value::Number(n)) => Some(Printed {
                value: n.value,
                decimals: n.decimals,
            }),
            _ => None,
        })
        .collect();
    let (columns, operands) = operands(sheet);
    let names: Vec<String> = columns.iter().map(|c| sheet.column_name(*c)).collect();
    let labels: Vec<&str> = names.iter().map(String::as_str).collect();
    Some(match infer::infer(&target, &operands) {
        Inference::Found(found) => {
            let described = found.relation.describe(&labels);
            let support = lang.pick(
                format!(
                    "{}行中{}行相符",
                    found.support.total, found.support.agreeing
                ),
                format!(
                    "{} of {} rows agree",
                    found.support.agreeing, found.support.total
                ),
            );
            let rule_words = if sheet.weights_stated {
                lang.pick(
                    format!("总分 = {described}（表注给出各项权重，据数据推定：{support}）"),
                    format!(
                        "total = {described} (a note gives the parts weights: inferred from the data, {support})"
                    ),
                )
            } else {
                lang.pick(
                    format!("总分 = {described}（未说明规则，据数据推定：{support}）"),
                    format!(
                        "total = {described} (no rule stated: inferred from the data, {support})"
                    ),
                )
            };
            let rows = sheet
                .rows
                .iter()
                .enumerate()
                .map(|(i, row)| {
                    let context = RowContext {
                        sheet,
                        relation: &found.relation,
                        operands: &operands,
                        columns: &columns,
                        rule_words: &rule_words,
                        lang,
                    };
                    context.check(i, row, total_col, &described, &support)
                })
                .collect();
            InferredTotals {
                rows,
                finding: Finding {
                    expected: Some(described.clone()),
                    rule: Some(rule_words.clone()),
                    ..table_finding(
                        Check::Rule,
                        Severity::Notice,
                        sheet.table.number,
                        if sheet.weights_stated {
                            lang.pick(
                                format!("表注给出各项权重，据数据推定为“总分 = {described}”（{support}）"),
                                format!(
                                    "a note gives the parts weights: total = {described} inferred from the data ({support})"
                                ),
                            )
                        } else {
                            lang.pick(
                                format!("未说明总分规则，据数据推定为“总分 = {described}”（{support}）"),
                                format!(
                                    "no rule stated for the totals: total = {described} inferred from the data ({support})"
                                ),
                            )
                        },
                    )
                },
                rule_text: rule_words,
            }
        }
        Inference::Unknown {
            reason,
            candidates_tried,
        } => unknown(sheet, &reason, candidates_tried, &labels, lang),
    })
}

/// What one row's check against an inferred relation needs.
struct RowContext<'a> {
    sheet: &'a ScoreSheet,
    relation: &'a Relation,
    operands: &'a [Operand],
    /// The sheet column of each operand.
    columns: &'a [usize],
    rule_words: &'a str,
    lang: Lang,
}

impl RowContext<'_> {
    /// The row's audit under the relation, and a warning when it breaks it.
    fn check(
        &self,
        i: usize,
        row: &crate::annex::DataRow,
        total_col: usize,
        described: &str,
        support: &str,
    ) -> (RowAudit, Option<Finding>) {
        let lang = self.lang;
        let not_checked = |why: String| {
            (
                RowAudit {
                    number: row.number,
                    table_row: row.table_row,
                    recomputation: None,
                    status: RowStatus::NotChecked(why),
                },
                None,
            )
        };
        let Some(published) = row.value(total_col).and_then(Value::number) else {
            return not_checked(lang.pick(
                "总分缺失或无法识别".into(),
                "the total is missing or unparsed".into(),
            ));
        };
        let exact = self
            .relation
            .value(self.operands, i)
            .and_then(|(num, den)| Exact::from_decimal(num).scale(Factor::new(Decimal::ONE, den)?));
        let Some((exact, expected)) =
            exact.and_then(|e| Some((e, e.round(published.decimals, Rounding::HalfAwayFromZero)?)))
        else {
            return not_checked(lang.pick(
                format!("推定关系“{described}”所需的数值缺失"),
                format!("a value the inferred relation {described} needs is missing"),
            ));
        };
        let recomputation = self.recomputation(i, published.decimals, exact.approx(), expected);
        let consistent = expected == published.value;
        let finding = (!consistent).then(|| {
            let expected_text = fixed(expected, published.decimals);
            let delta = fixed(published.value - expected, published.decimals);
            Finding {
                published: Some(published.text.clone()),
                expected: Some(expected_text.clone()),
                delta: Some(delta),
                rule: Some(self.rule_words.to_string()),
                ..at_cell(
                    Check::Total,
                    Severity::Warning,
                    self.sheet,
                    row,
                    total_col,
                    lang.pick(
                        format!(
                            "总分{}不符合据数据推定的关系“总分 = {described}”（{support}），按此关系应为 {expected_text}",
                            published.text
                        ),
                        format!(
                            "the total {} breaks the relation inferred from the data, total = {described} ({support}): by it the total would be {expected_text}",
                            published.text
                        ),
                    ),
                )
            }
        });
        let audit = RowAudit {
            number: row.number,
            table_row: row.table_row,
            recomputation,
            status: if consistent {
                RowStatus::Consistent
            } else {
                RowStatus::Inconsistent
            },
        };
        (audit, finding)
    }

    /// The recomputation as a sum of columns times a factor plus a bonus, when the relation
    /// has that shape (a weighted sum has none: its rows carry no formula).
    fn recomputation(
        &self,
        i: usize,
        decimals: u32,
        exact: Decimal,
        expected: Decimal,
    ) -> Option<Recomputation> {
        let column = |o: &usize| self.columns.get(*o).copied();
        let present = |o: &usize| {
            self.operands
                .get(*o)
                .and_then(|op| op.values.get(i))
                .copied()
                .flatten()
                .is_some()
        };
        let (components, bonus, factor) = match self.relation {
            Relation::Subset(cols) => {
                let bonus = cols.iter().find(|o| {
                    self.operands
                        .get(**o)
                        .is_some_and(|op| op.kind == OperandKind::Bonus)
                });
                let components = cols
                    .iter()
                    .filter(|o| Some(*o) != bonus)
                    .filter_map(column)
                    .collect();
                (components, bonus.and_then(column), None)
            }
            Relation::Multiple { column: o, k } => {
                (vec![column(o)?], None, Some(Factor::new(*k, Decimal::ONE)?))
            }
            Relation::Scaled {
                columns: cols,
                bonus,
                numerator,
                denominator,
            } => {
                let partial = cols.iter().any(|o| !present(o));
                let components = cols
                    .iter()
                    .filter(|o| present(o))
                    .filter_map(column)
                    .collect();
                let factor = if partial {
                    Some(Factor::new(*numerator, *denominator)?)
                } else {
                    None
                };
                (
                    components,
                    bonus.as_ref().filter(|b| present(b)).and_then(column),
                    factor,
                )
            }
            Relation::Weighted { .. } => return None,
        };
        Some(Recomputation {
            components,
            bonus,
            factor,
            source: RuleSource::Inferred,
            decimals,
            exact,
            expected,
        })
    }
}

/// No relation explains the totals: every row not recomputed, one `rule` warning.
fn unknown(
    sheet: &ScoreSheet,
    reason: &Unknown,
    candidates_tried: usize,
    labels: &[&str],
    lang: Lang,
) -> InferredTotals {
    let n = sheet.rows.len();
    let why = match reason {
        Unknown::TooFewRows => lang.pick(
            format!("行数少于{}，无法推定", infer::MIN_ROWS),
            format!("fewer than {} rows to infer it from", infer::MIN_ROWS),
        ),
        Unknown::Ambiguous(candidates) => {
            let listed: Vec<String> = candidates.iter().map(|c| c.describe(labels)).collect();
            lang.pick(
                format!("多种关系同样相符：{}", listed.join("；")),
                format!("several relations fit equally: {}", listed.join("; ")),
            )
        }
        Unknown::NoFit => lang.pick(
            format!(
                "已尝试{candidates_tried}种关系（列的子集之和、某列的倍数、按比例换算加附加分、加权和），均不能复现多数行"
            ),
            format!(
                "none of the {candidates_tried} relations tried (sums of columns, a column times a constant, scaled sums plus a bonus, weighted sums) reproduces most rows"
            ),
        ),
    };
    let headline = lang.pick(
        format!("规则不明：{n}个发布的总分未重新计算"),
        format!("rule unknown: {n} published totals not recomputed"),
    );
    let rows = sheet
        .rows
        .iter()
        .map(|row| {
            (
                RowAudit {
                    number: row.number,
                    table_row: row.table_row,
                    recomputation: None,
                    status: RowStatus::NotChecked(
                        lang.pick("规则不明".into(), "rule unknown".into()),
                    ),
                },
                None,
            )
        })
        .collect();
    let rule_text = lang.pick(
        format!("{headline}（{why}）"),
        format!("{headline} ({why})"),
    );
    InferredTotals {
        rows,
        finding: Finding {
            rule: Some(rule_text.clone()),
            explanation: Some(why.clone()),
            ..table_finding(
                Check::Rule,
                Severity::Warning,
                sheet.table.number,
                if sheet.weights_stated {
                    lang.pick(
                        format!("{headline}：表注给出各项权重，不是表头各项之和，{why}"),
                        format!(
                            "{headline}: a note gives the parts weights, so the total is not the header's sum, and {why}"
                        ),
                    )
                } else {
                    lang.pick(
                        format!("{headline}：表头与表注均未说明规则，{why}"),
                        format!(
                            "{headline}: neither the header nor a note states the rule, and {why}"
                        ),
                    )
                },
            )
        },
        rule_text,
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::tests::{audit, table};
    use crate::audit::*;

    /// Each finding's check and severity, in the report's order.
    fn severities(report: &AuditReport) -> Vec<(Check, Severity)> {
        report
            .findings
            .iter()
            .map(|f| (f.check, f.severity))
            .collect()
    }

    #[test]
    fn a_count_column_beside_the_scores_is_not_summed() {
        // 条数 has no maximum; the total sums the two scores only. Row 5 is planted wrong.
        let report = audit(vec![table(&[
            vec!["名称", "条数", "A（60分）", "B（40分）", "总分（100分）"],
            vec!["甲", "12", "50.00", "30.00", "80.00"],
            vec!["乙", "7", "45.50", "35.00", "80.50"],
            vec!["丙", "9", "40.00", "38.25", "78.25"],
            vec!["丁", "3", "30.00", "20.00", "50.00"],
            vec!["戊", "5", "20.00", "20.00", "45.00"],
            vec!["己", "4", "10.00", "12.00", "22.00"],
        ])]);
        let outline: Vec<(Check, Severity, Option<usize>)> = report
            .findings
            .iter()
            .map(|f| (f.check, f.severity, f.row))
            .collect();
        assert_eq!(
            outline,
            [
                (Check::Total, Severity::Warning, Some(5)),
                (Check::Rule, Severity::Notice, None)
            ],
            "{:#?}",
            report.findings
        );
        assert_eq!(
            report.findings[0].message,
            "the total 45.00 breaks the relation inferred from the data, total = A（60分） + B（40分） (5 of 6 rows agree): by it the total would be 40.00"
        );
        assert_eq!(report.summary.consistent, 5);
        let TableOutcome::Score {
            rows, rule_text, ..
        } = &report.tables[0].outcome
        else {
            panic!("audited")
        };
        assert_eq!(
            rows[0].recomputation.as_ref().map(|r| r.components.clone()),
            Some(vec![2, 3])
        );
        assert!(rule_text.contains("5 of 6 rows agree"), "{rule_text}");
    }

    #[test]
    fn a_score_that_is_a_count_times_points_is_recomputed_so() {
        // 得分 = 条数 × 5, no maximum printed anywhere but the total's.
        let report = audit(vec![table(&[
            vec!["名称", "条数", "总分（100分）"],
            vec!["甲", "12", "60"],
            vec!["乙", "7", "35"],
            vec!["丙", "9", "45"],
            vec!["丁", "3", "15"],
            vec!["戊", "20", "100"],
        ])]);
        let TableOutcome::Score {
            rows, rule_text, ..
        } = &report.tables[0].outcome
        else {
            panic!("audited: {:?}", report.tables[0].outcome)
        };
        assert_eq!(report.summary.consistent, 5, "{:#?}", report.findings);
        assert!(rule_text.starts_with("total = 条数 × 5"), "{rule_text}");
        assert_eq!(
            rows[0]
                .recomputation
                .as_ref()
                .and_then(|r| r.factor)
                .map(|f| f.to_string()),
            Some("5".into())
        );
    }

    #[test]
    fn a_table_too_small_to_infer_from_says_the_rule_is_unknown() {
        let report = audit(vec![table(&[
            vec!["名称", "条数", "A（60分）", "总分（100分）"],
            vec!["甲", "12", "50.00", "81.00"],
            vec!["乙", "7", "45.50", "80.50"],
        ])]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!((f.check, f.severity), (Check::Rule, Severity::Warning));
        assert_eq!(
            f.message,
            "rule unknown: 2 published totals not recomputed: neither the header nor a note states the rule, and fewer than 4 rows to infer it from"
        );
        assert_eq!(
            (report.summary.skipped, report.summary.totals_checked),
            (2, 0)
        );
    }

    #[test]
    fn a_stated_rule_is_never_second_guessed() {
        // Every column declares its maximum: a wrong total stays an error, nothing inferred.
        let report = audit(vec![table(&[
            vec!["名称", "A（60分）", "B（40分）", "总分（100分）"],
            vec!["甲", "50.00", "30.00", "80.00"],
            vec!["乙", "45.50", "35.00", "80.50"],
            vec!["丙", "40.00", "38.25", "78.25"],
            vec!["丁", "30.00", "20.00", "55.00"],
        ])]);
        let outline = severities(&report);
        assert_eq!(
            outline,
            [(Check::Total, Severity::Error)],
            "{:#?}",
            report.findings
        );
    }

    #[test]
    fn parts_weighted_in_the_note_are_not_summed_as_the_header_says() {
        // 综合得分 = 自评 × 30% + 第三方 × 70%: every part declares a maximum, yet the header's
        // sum (170 for 甲) is not the rule, and saying so was a critical finding per row.
        let weighted = |rows: &[Vec<&str>]| {
            let mut t = table(rows);
            t.note = vec!["注：综合得分=自评得分×30%+第三方评估得分×70%。".into()];
            audit(vec![t])
        };
        let header = vec!["单位", "自评（100分）", "第三方（100分）", "综合得分"];
        let report = weighted(&[
            header.clone(),
            vec!["甲", "90", "80", "83"],
            vec!["乙", "80", "90", "87"],
            vec!["丙", "70", "60", "63"],
            vec!["丁", "100", "70", "79"],
            vec!["戊", "60", "90", "81"],
        ]);
        let outline = severities(&report);
        assert_eq!(
            outline,
            [(Check::Rule, Severity::Notice)],
            "{:#?}",
            report.findings
        );
        assert!(
            report.findings[0]
                .rule
                .as_deref()
                .is_some_and(|r| r.contains("权重") || r.contains("weights")),
            "{:#?}",
            report.findings
        );
        let message = &report.findings[0].message;
        assert!(
            message.contains("表注给出各项权重")
                || message.contains("a note gives the parts weights"),
            "{message}"
        );
        // Too few rows to confirm the weights: not recomputed, a warning, no error.
        let report = weighted(&[
            header,
            vec!["甲", "90", "80", "83"],
            vec!["乙", "80", "90", "87"],
        ]);
        let outline = severities(&report);
        assert_eq!(
            outline,
            [(Check::Rule, Severity::Warning)],
            "{:#?}",
            report.findings
        );
    }
}
#[cfg(test)]
mod weighted_parts {
    use crate::audit::tests::{audit, table};
    use crate::audit::{Check, Severity};

    /// `第三方评估得分` holds 评估得分, a word for totals: left of 综合得分 it was taken for a
    /// subtotal published beside the total and left out, so no relation reproduced the rows (a
    /// `规则不明` warning on a correct table) and a wrong total went unreported. The note weights
    /// it: it is a part, and the weights are confirmed by the rows.
    #[test]
    fn a_part_the_note_weights_is_a_part_whatever_its_name() {
        let rows = |fifth: &'static str| {
            let mut t = table(&[
                vec!["排名", "单位", "自评得分", "第三方评估得分", "综合得分"],
                vec!["1", "财政局", "85.6", "91.6", "89.80"],
                vec!["2", "人力资源和社会保障局", "93.7", "83.4", "86.49"],
                vec!["3", "教育体育局", "82.6", "85.2", "84.42"],
                vec!["4", "民政局", "94.0", "79.8", "84.06"],
                vec!["5", "公安局", "80.5", "85.5", fifth],
                vec!["6", "发展和改革委员会", "86.0", "80.5", "82.15"],
                vec!["7", "科学技术局", "92.2", "72.9", "78.69"],
                vec!["8", "自然资源局", "87.0", "73.8", "77.76"],
            ]);
            t.note = vec!["注：综合得分=自评得分×30%+第三方评估得分×70%。".into()];
            audit(vec![t])
        };
        let report = rows("84.00");
        let outline: Vec<_> = report
            .findings
            .iter()
            .map(|f| (f.check, f.severity))
            .collect();
        assert_eq!(
            outline,
            [(Check::Rule, Severity::Notice)],
            "{:#?}",
            report.findings
        );
        let report = rows("84.10");
        let total = report
            .findings
            .iter()
            .find(|f| f.check == Check::Total)
            .unwrap_or_else(|| panic!("{:#?}", report.findings));
        assert_eq!(
            (total.row, total.expected.as_deref()),
            (Some(5), Some("84.00"))
        );
    }
}
