//! The checks, run on one continuation chain of tables (usually a single table).

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::exact::{Exact, Factor, Rounding, fixed};
use super::explain::{self, RowArithmetic};
use super::text::Lang;
use super::{
    AppliedRule, Check, Finding, Location, Recomputation, RowAudit, RowStatus, RuleSource,
    Severity, TableAudit, TableOutcome,
};
use crate::annex::{
    DataRow, Interpretation, Number, Role, ScoreSheet, StatedRule, Value, collapse_whitespace,
    parse_rank,
};
use crate::wordml::Table;

/// The rule a chain's scaled rows follow.
struct ChainRule {
    stated: Option<StatedRule>,
    /// The table whose note states it.
    from_table: Option<usize>,
}

/// One data row of the chain, for the checks across rows (rank, duplicates, critical).
struct Entry {
    sheet: usize,
    row: usize,
    total: Option<Decimal>,
    /// The corrected total of a row with a `total` finding.
    corrected: Option<Decimal>,
    finding: Option<usize>,
}

type PendingSheet = (usize, Box<ScoreSheet>, Option<String>, Vec<String>);

/// Audits one chain: the tables of one table continued across pages (usually one table).
pub(super) fn audit_chain(
    chain: Vec<(Table, Interpretation)>,
    lang: Lang,
) -> (Vec<TableAudit>, Vec<Finding>) {
    let mut audits = Vec::new();
    let mut findings = Vec::new();
    // Score sheets with their slot in `audits` (filled once the chain is checked), title and
    // bookmarks.
    let mut sheets: Vec<PendingSheet> = Vec::new();
    for (table, interpretation) in chain {
        let title = table.heading.clone().or_else(|| table.caption.clone());
        match interpretation {
            Interpretation::Score(sheet) => {
                sheets.push((audits.len(), sheet, title, table.bookmarks.clone()));
                // Placeholder replaced below, keeping table order.
                audits.push(None);
            }
            Interpretation::Skipped { reason } => audits.push(Some(TableAudit {
                table: table.number,
                title,
                container: table.container,
                bookmarks: table.bookmarks.clone(),
                outcome: TableOutcome::Skipped { reason },
            })),
        }
    }
    let stated = sheets
        .iter()
        .find_map(|(_, s, _, _)| s.stated_rule.clone().map(|r| (r, s.table.number)));
    let rule = ChainRule {
        from_table: stated.as_ref().map(|(_, t)| *t),
        stated: stated.map(|(r, _)| r),
    };

    let mut entries: Vec<Entry> = Vec::new();
    let mut row_audits: Vec<Vec<RowAudit>> = Vec::new();
    let mut inferred: Vec<(usize, Factor)> = Vec::new();
    for (i, (_, sheet, _, _)) in sheets.iter().enumerate() {
        let t = sheet.table.number;
        findings.extend(cell_findings(sheet, lang));
        findings.extend(tracked_and_hidden(sheet, lang));
        if sheet.header_rows > 0 {
            findings.extend(weights(sheet, lang));
        }
        let mut audits_of_sheet = Vec::new();
        for (r, row) in sheet.rows.iter().enumerate() {
            let (audit, finding) = check_total(sheet, row, &rule, lang);
            if let Some(Recomputation {
                source: RuleSource::Inferred,
                factor: Some(f),
                ..
            }) = &audit.recomputation
            {
                inferred.push((t, *f));
            }
            let total = sheet
                .column(Role::Total)
                .and_then(|c| row.value(c))
                .and_then(Value::number)
                .map(|n| n.value);
            let corrected = finding
                .as_ref()
                .and_then(|_| audit.recomputation.as_ref().map(|rc| rc.expected));
            let finding_index = finding.map(|f| {
                findings.push(f);
                findings.len() - 1
            });
            entries.push(Entry {
                sheet: i,
                row: r,
                total,
                corrected,
                finding: finding_index,
            });
            audits_of_sheet.push(audit);
        }
        row_audits.push(audits_of_sheet);
    }

    let sheet_refs: Vec<&ScoreSheet> = sheets.iter().map(|(_, s, _, _)| s.as_ref()).collect();
    let higher = Higher::new(&entries);
    escalate_rank_changes(&sheet_refs, &entries, &higher, &mut findings, lang);
    findings.extend(ranks(&sheet_refs, &entries, &higher, lang));
    findings.extend(duplicates(&sheet_refs, &entries, lang));
    findings.extend(rule_findings(&sheet_refs, &rule, &inferred, lang));

    for ((slot, sheet, title, bookmarks), rows) in sheets.into_iter().zip(row_audits) {
        let scaled = rows
            .iter()
            .filter_map(|r| r.recomputation.as_ref())
            .find(|rc| rc.factor.is_some());
        let applied = match (rule.stated.as_ref(), scaled) {
            (Some(stated), _) => Some(AppliedRule {
                source: RuleSource::Stated,
                factor: stated.factor.or_else(|| scaled.and_then(|rc| rc.factor)),
                full_mark: stated.full_mark,
                quote: Some(stated.quote.clone()),
                from_table: rule.from_table,
            }),
            (None, Some(rc)) => Some(AppliedRule {
                source: RuleSource::Inferred,
                factor: rc.factor,
                full_mark: None,
                quote: None,
                from_table: None,
            }),
            (None, None) => None,
        };
        let rule_text = rule_text(&sheet, applied.as_ref(), lang);
        let audit = TableAudit {
            table: sheet.table.number,
            title,
            container: sheet.table.container,
            bookmarks,
            outcome: TableOutcome::Score {
                sheet,
                rows,
                rule: applied,
                rule_text,
            },
        };
        if let Some(s) = audits.get_mut(slot) {
            *s = Some(audit);
        }
    }
    (audits.into_iter().flatten().collect(), findings)
}

/// A finding about a table, to be completed with struct update syntax.
fn base(check: Check, severity: Severity, table: usize, message: String) -> Finding {
    Finding {
        check,
        severity,
        table,
        row: None,
        name: None,
        column: None,
        location: None,
        published: None,
        expected: None,
        delta: None,
        rule: None,
        explanation: None,
        message,
    }
}

/// A finding about one cell of a data row.
fn at_cell(
    check: Check,
    severity: Severity,
    sheet: &ScoreSheet,
    row: &DataRow,
    column: usize,
    message: String,
) -> Finding {
    Finding {
        row: Some(row.number),
        name: row.name.clone(),
        column: sheet.columns.get(column).map(|c| c.label.clone()),
        location: Some(Location {
            table_row: row.table_row,
            column,
        }),
        ..base(check, severity, sheet.table.number, message)
    }
}

fn is_scored(role: Role) -> bool {
    matches!(role, Role::Component | Role::Bonus | Role::Total)
}

/// `cell` (missing or unparsed values), `range` and `precision`.
fn cell_findings(sheet: &ScoreSheet, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    for row in &sheet.rows {
        for (c, column) in sheet.columns.iter().enumerate() {
            let Some(value) = row.value(c) else { continue };
            if matches!(column.role, Role::Rank | Role::Serial) {
                if parse_rank(value.text()).is_none() {
                    let text = value.text();
                    out.push(at_cell(
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
                    ));
                    if let Some(f) = out.last_mut() {
                        f.published = (!text.is_empty()).then(|| text.to_string());
                    }
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
                Value::NotApplicable(_) => {}
                Value::Number(n) => {
                    out.extend(range(sheet, row, c, n, lang));
                    if let Some(d) = column.decimals
                        && n.decimals != d
                    {
                        out.push(Finding {
                            published: Some(n.text.clone()),
                            expected: Some(fixed(n.value, d)),
                            ..at_cell(
                                Check::Precision,
                                Severity::Notice,
                                sheet,
                                row,
                                c,
                                lang.pick(
                                    format!(
                                        "{} 有{}位小数，本列其他数值为{}位",
                                        n.text, n.decimals, d
                                    ),
                                    format!(
                                        "{} has {} decimal(s), the column has {}",
                                        n.text, n.decimals, d
                                    ),
                                ),
                            )
                        });
                    }
                }
            }
        }
    }
    out
}

/// `range`: a component outside [0, max], a bonus outside ±max, a total above its maximum.
fn range(sheet: &ScoreSheet, row: &DataRow, c: usize, n: &Number, lang: Lang) -> Option<Finding> {
    let column = sheet.columns.get(c)?;
    let max = column.max.as_ref();
    let (bad, allowed) = match column.role {
        Role::Component => (
            n.value < Decimal::ZERO || max.is_some_and(|m| n.value > m.value),
            format!("0–{}", max.map_or("", |m| m.text.as_str())),
        ),
        Role::Bonus => {
            let m = max?;
            (n.value.abs() > m.value, format!("±{}", m.text))
        }
        Role::Total => {
            let m = max?;
            (n.value > m.value, format!("≤{}", m.text))
        }
        _ => return None,
    };
    if !bad {
        return None;
    }
    let message = if n.value < Decimal::ZERO && column.role == Role::Component {
        lang.pick(
            format!("{} 为负数，得分应在 {allowed} 之间", n.text),
            format!("{} is negative; the score must lie in {allowed}", n.text),
        )
    } else {
        lang.pick(
            format!("{} 超出本列满分（{allowed}）", n.text),
            format!("{} exceeds the column maximum ({allowed})", n.text),
        )
    };
    Some(Finding {
        published: Some(n.text.clone()),
        expected: Some(allowed),
        ..at_cell(Check::Range, Severity::Error, sheet, row, c, message)
    })
}

/// The logical column holding grid column `grid_col`.
fn column_of(sheet: &ScoreSheet, grid_col: usize) -> usize {
    sheet
        .columns
        .iter()
        .rposition(|c| c.grid_col <= grid_col)
        .unwrap_or(0)
}

/// `revision` and `hidden`, for every cell of the table (header included).
fn tracked_and_hidden(sheet: &ScoreSheet, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    for (r, row) in sheet.table.rows.iter().enumerate() {
        let data = sheet.row_at(r);
        for cell in &row.cells {
            let column = column_of(sheet, cell.grid_col);
            let located = |check, message: String| Finding {
                row: data.map(|d| d.number),
                name: data.and_then(|d| d.name.clone()),
                column: sheet.columns.get(column).map(|c| c.label.clone()),
                location: Some(Location {
                    table_row: r,
                    column,
                }),
                ..base(check, Severity::Warning, sheet.table.number, message)
            };
            if let Some(rev) = &cell.revision {
                let now = collapse_whitespace(&cell.text);
                let was = collapse_whitespace(&rev.original);
                out.push(Finding {
                    published: Some(now.clone()),
                    explanation: Some(lang.pick(
                        format!("修订类型：{}", rev.kinds.join("、")),
                        format!("tracked changes: {}", rev.kinds.join(", ")),
                    )),
                    ..located(
                        Check::Revision,
                        lang.pick(
                            format!("单元格含未接受的修订：原为“{was}”，接受修订后为“{now}”"),
                            format!(
                                "unaccepted tracked changes: originally \"{was}\", accepted \"{now}\""
                            ),
                        ),
                    )
                });
            }
            if let Some(hidden) = &cell.hidden {
                out.push(located(
                    Check::Hidden,
                    lang.pick(
                        format!("单元格含隐藏文字“{hidden}”"),
                        format!("hidden text in the cell: \"{hidden}\""),
                    ),
                ));
            }
        }
    }
    out
}

/// `weights`: the maxima of the components (and the bonus) against the declared total.
fn weights(sheet: &ScoreSheet, lang: Lang) -> Option<Finding> {
    let total_col = sheet.column(Role::Total)?;
    let declared = sheet.columns.get(total_col)?.max.as_ref()?;
    let mut parts = Vec::new();
    let mut sum = Decimal::ZERO;
    for c in sheet.columns_with(Role::Component) {
        let m = sheet.columns.get(c)?.max.as_ref()?;
        parts.push(m.text.clone());
        sum = sum.checked_add(m.value)?;
    }
    let bonus = sheet
        .column(Role::Bonus)
        .and_then(|c| sheet.columns.get(c))
        .and_then(|c| c.max.as_ref());
    let with_bonus = match bonus {
        Some(b) => {
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
    Some(Finding {
        column: Some(column.label.clone()),
        location: Some(Location {
            table_row: column.label_row,
            column: total_col,
        }),
        published: Some(declared.text.clone()),
        expected: Some(with_bonus.normalize().to_string()),
        delta: Some((declared.value - with_bonus).normalize().to_string()),
        ..base(
            Check::Weights,
            Severity::Warning,
            sheet.table.number,
            lang.pick(
                format!("各列满分之和 {formula}，与表头“{}”不符", column.label),
                format!(
                    "the column maxima add up to {formula}, but the header declares {}",
                    column.label
                ),
            ),
        )
    })
}

/// Recomputes one row's total and compares it with the published one.
fn check_total(
    sheet: &ScoreSheet,
    row: &DataRow,
    rule: &ChainRule,
    lang: Lang,
) -> (RowAudit, Option<Finding>) {
    let not_checked = |reason: String| {
        (
            RowAudit {
                number: row.number,
                table_row: row.table_row,
                recomputation: None,
                status: RowStatus::NotChecked(reason),
            },
            None,
        )
    };
    let Some(total_col) = sheet.column(Role::Total) else {
        return not_checked(lang.pick("无总分列".into(), "no total column".into()));
    };
    let published = match row.value(total_col) {
        Some(Value::Number(n)) => n,
        Some(Value::NotApplicable(t)) => {
            return not_checked(lang.pick(
                format!("总分未发布（{t}）"),
                format!("no total published ({t})"),
            ));
        }
        _ => {
            return not_checked(lang.pick(
                "总分缺失或无法识别".into(),
                "the total is missing or unparsed".into(),
            ));
        }
    };
    let mut components = Vec::new();
    let mut not_applicable = Vec::new();
    let mut sum = Decimal::ZERO;
    for c in sheet.columns_with(Role::Component) {
        match row.value(c) {
            Some(Value::Number(n)) => {
                components.push(c);
                match sum.checked_add(n.value) {
                    Some(s) => sum = s,
                    None => return not_checked("overflow".into()),
                }
            }
            Some(Value::NotApplicable(_)) => not_applicable.push(c),
            _ => {
                let label = sheet.columns.get(c).map_or("", |col| col.label.as_str());
                return not_checked(lang.pick(
                    format!("{label}缺失或无法识别"),
                    format!("{label} is missing or unparsed"),
                ));
            }
        }
    }
    let (bonus_col, bonus) = match sheet.column(Role::Bonus) {
        Some(c) => match row.value(c) {
            Some(Value::Number(n)) => (Some(c), n.value),
            Some(Value::NotApplicable(_)) => (None, Decimal::ZERO),
            _ => {
                let label = sheet.columns.get(c).map_or("", |col| col.label.as_str());
                return not_checked(lang.pick(
                    format!("{label}缺失或无法识别"),
                    format!("{label} is missing or unparsed"),
                ));
            }
        },
        None => (None, Decimal::ZERO),
    };
    let (factor, source) = if not_applicable.is_empty() {
        (None, RuleSource::Sum)
    } else {
        match scaling_factor(sheet, rule, &not_applicable) {
            Some(found) => found,
            None => {
                return not_checked(lang.pick(
                    "含不适用指标，但既无规则说明，表头也未标明各项满分，无法推定".into(),
                    "not-applicable cells, but neither a stated rule nor column maxima to infer one"
                        .into(),
                ));
            }
        }
    };
    let arithmetic = RowArithmetic {
        sheet,
        values: &row.values,
        components: &components,
        bonus_col,
        sum,
        bonus,
        factor,
        published,
    };
    let Some(exact) = arithmetic.exact() else {
        return not_checked("overflow".into());
    };
    let Some(expected) = exact.round(published.decimals, Rounding::HalfAwayFromZero) else {
        return not_checked("overflow".into());
    };
    let recomputation = Recomputation {
        components: components.clone(),
        bonus: bonus_col,
        factor,
        source,
        decimals: published.decimals,
        exact: exact.approx(),
        expected,
    };
    let consistent = expected == published.value;
    let audit = RowAudit {
        number: row.number,
        table_row: row.table_row,
        recomputation: Some(recomputation.clone()),
        status: if consistent {
            RowStatus::Consistent
        } else {
            RowStatus::Inconsistent
        },
    };
    if consistent {
        return (audit, None);
    }
    let expected_text = fixed(expected, published.decimals);
    let delta = fixed(published.value - expected, published.decimals);
    let row_rule = row_rule_text(sheet, &recomputation, lang);
    let (severity, explanation, message) = match explain::other_rounding(&arithmetic, lang) {
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
            let found = explain::explanations(&arithmetic, lang);
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
    let finding = Finding {
        published: Some(published.text.clone()),
        expected: Some(expected_text),
        delta: Some(delta),
        rule: Some(row_rule),
        explanation: Some(explanation),
        ..at_cell(Check::Total, severity, sheet, row, total_col, message)
    };
    (audit, Some(finding))
}

/// The factor for a row with not-applicable components: stated in the note, derived from the
/// stated full mark, or inferred from the maxima (proportional scaling).
fn scaling_factor(
    sheet: &ScoreSheet,
    rule: &ChainRule,
    not_applicable: &[usize],
) -> Option<(Option<Factor>, RuleSource)> {
    if let Some(stated) = &rule.stated {
        if let Some(f) = stated.factor {
            return Some((Some(f), RuleSource::Stated));
        }
        if let (Some(full), Some(base)) = (stated.full_mark, component_maxima(sheet)) {
            return Some((Factor::new(base, full), RuleSource::Stated));
        }
    }
    let base = component_maxima(sheet)?;
    let mut missing = Decimal::ZERO;
    for c in not_applicable {
        missing = missing.checked_add(sheet.columns.get(*c)?.max.as_ref()?.value)?;
    }
    let remaining = base.checked_sub(missing)?;
    Some((Factor::new(base, remaining), RuleSource::Inferred))
}

/// The sum of the components' maxima, when every component declares one.
fn component_maxima(sheet: &ScoreSheet) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for c in sheet.columns_with(Role::Component) {
        sum = sum.checked_add(sheet.columns.get(c)?.max.as_ref()?.value)?;
    }
    Some(sum)
}

fn row_rule_text(sheet: &ScoreSheet, rc: &Recomputation, lang: Lang) -> String {
    let has_bonus = sheet.column(Role::Bonus).is_some();
    let rounding = lang.pick(
        format!("，四舍五入保留{}位小数", rc.decimals),
        format!(", rounded half away from zero to {} decimals", rc.decimals),
    );
    let plus_bonus = if has_bonus {
        lang.pick(" + 附加指标", " + bonus")
    } else {
        ""
    };
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

fn rule_text(sheet: &ScoreSheet, applied: Option<&AppliedRule>, lang: Lang) -> String {
    let has_bonus = sheet.column(Role::Bonus).is_some();
    let plus_bonus = if has_bonus {
        lang.pick(" + 附加指标", " + bonus")
    } else {
        ""
    };
    let sum = lang.pick(
        format!("总分 = 各项指标得分之和{plus_bonus}"),
        format!("total = sum of the components{plus_bonus}"),
    );
    let Some(rule) = applied else {
        return sum;
    };
    let factor = rule.factor.map(|f| f.to_string()).unwrap_or_default();
    match rule.source {
        RuleSource::Inferred => lang.pick(
            format!("{sum}；含不适用指标的行：(适用指标得分之和) × {factor}{plus_bonus}（未说明规则，按满分比例推定）"),
            format!(
                "{sum}; rows with not-applicable cells: (sum of the applicable components) × {factor}{plus_bonus} (no rule stated: proportional scaling inferred)"
            ),
        ),
        _ => {
            let full = rule
                .full_mark
                .map(|m| lang.pick(format!("以{m}分为满分，"), format!("full mark {m}, ")))
                .unwrap_or_default();
            lang.pick(
                format!("{sum}；含不适用指标的行：{full}(适用指标得分之和) × {factor}{plus_bonus}（依表注）"),
                format!(
                    "{sum}; rows with not-applicable cells: {full}(sum of the applicable components) × {factor}{plus_bonus} (as the note states)"
                ),
            )
        }
    }
}

/// The published totals of a chain, sorted, to count the rows placed above a total in
/// logarithmic time (a chain can have hundreds of thousands of rows).
struct Higher(Vec<Decimal>);

impl Higher {
    fn new(entries: &[Entry]) -> Self {
        let mut totals: Vec<Decimal> = entries.iter().filter_map(|e| e.total).collect();
        totals.sort_unstable();
        Higher(totals)
    }

    /// How many rows have a published total above `value`.
    fn than(&self, value: Decimal) -> usize {
        self.0.len() - self.0.partition_point(|t| *t <= value)
    }
}

/// Raises a `total` error to critical when the corrected total would change the row's place.
fn escalate_rank_changes(
    sheets: &[&ScoreSheet],
    entries: &[Entry],
    higher: &Higher,
    findings: &mut [Finding],
    lang: Lang,
) {
    for e in entries {
        let (Some(total), Some(corrected), Some(f)) = (e.total, e.corrected, e.finding) else {
            continue;
        };
        let Some(finding) = findings.get_mut(f) else {
            continue;
        };
        if finding.severity != Severity::Error {
            continue;
        }
        // The other rows above this one, now and once corrected (the row itself is above its
        // corrected total when that is lower).
        let place_now = 1 + higher.than(total);
        let place_corrected = 1 + higher.than(corrected) - usize::from(total > corrected);
        if place_now != place_corrected {
            let name = sheets
                .get(e.sheet)
                .and_then(|s| s.rows.get(e.row))
                .and_then(|r| r.name.clone())
                .unwrap_or_default();
            finding.severity = Severity::Critical;
            finding.message.push_str(&lang.pick(
                format!("；更正后{name}的名次将由第{place_now}名变为第{place_corrected}名"),
                format!("; corrected, {name} would rank {place_corrected} instead of {place_now}"),
            ));
        }
    }
}

/// `rank`: competition ranking (1, 2, 2, 4) by descending published total, across the chain;
/// serial numbers must run 1, 2, 3 ….
fn ranks(sheets: &[&ScoreSheet], entries: &[Entry], higher: &Higher, lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(first) = sheets.first() else {
        return out;
    };
    let rank_col = first.column(Role::Rank);
    let serial_col = first.column(Role::Serial);
    for (position, e) in entries.iter().enumerate() {
        let Some(sheet) = sheets.get(e.sheet) else {
            continue;
        };
        let Some(row) = sheet.rows.get(e.row) else {
            continue;
        };
        if let (Some(c), Some(total)) = (rank_col, e.total) {
            let expected = 1 + higher.than(total);
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
    out
}

fn total_text(sheet: &ScoreSheet, row: &DataRow) -> String {
    sheet
        .column(Role::Total)
        .and_then(|c| row.value(c))
        .map(|v| v.text().to_string())
        .unwrap_or_default()
}

/// `duplicate`: the same name twice in a table (or its continuation).
fn duplicates(sheets: &[&ScoreSheet], entries: &[Entry], lang: Lang) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
    for e in entries {
        let Some(sheet) = sheets.get(e.sheet) else {
            continue;
        };
        let Some(row) = sheet.rows.get(e.row) else {
            continue;
        };
        let Some(name) = &row.name else { continue };
        let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
        match seen.get(&key) {
            Some(&(table, number)) => {
                let Some(c) = sheet.column(Role::Name) else {
                    continue;
                };
                out.push(Finding {
                    published: Some(name.clone()),
                    ..at_cell(
                        Check::Duplicate,
                        Severity::Warning,
                        sheet,
                        row,
                        c,
                        lang.pick(
                            format!("名称“{name}”与表{table}第{number}行重复"),
                            format!("\"{name}\" already appears in table {table}, row {number}"),
                        ),
                    )
                });
            }
            None => {
                seen.insert(key, (sheet.table.number, row.number));
            }
        }
    }
    out
}

/// `rule`: the note's numbers against the header; a notice when the rule had to be inferred.
fn rule_findings(
    sheets: &[&ScoreSheet],
    rule: &ChainRule,
    inferred: &[(usize, Factor)],
    lang: Lang,
) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(first) = sheets.first() else {
        return out;
    };
    let table = rule.from_table.unwrap_or(first.table.number);
    let base = component_maxima(first);
    if let Some(stated) = &rule.stated {
        let quote = Some(stated.quote.clone());
        if let (Some(full), Some(f), Some(base)) = (stated.full_mark, stated.factor, base)
            && !f.maps(full, base)
        {
            let scaled = Exact::from_decimal(full)
                .scale(f)
                .map(|e| e.approx().round_dp(4).normalize().to_string())
                .unwrap_or_default();
            out.push(Finding {
                published: Some(format!("{full} × {f}")),
                expected: Some(base.normalize().to_string()),
                rule: quote.clone(),
                ..base_finding_rule(
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
            });
        }
        // Each set of not-applicable columns must leave the stated full mark.
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
        for set in sets {
            let Some(base) = base else { break };
            let mut missing = Decimal::ZERO;
            let mut labels = Vec::new();
            let mut known = true;
            for c in &set {
                match first.columns.get(*c).and_then(|col| col.max.as_ref()) {
                    Some(m) => {
                        missing += m.value;
                        labels.push(first.columns[*c].label.clone());
                    }
                    None => known = false,
                }
            }
            if !known {
                continue;
            }
            let remaining = base - missing;
            let mismatch = match (stated.full_mark, stated.factor) {
                (Some(full), _) => (full != remaining).then(|| full.normalize().to_string()),
                (None, Some(f)) => (!f.maps(remaining, base)).then(|| format!("{base} / {f}")),
                (None, None) => None,
            };
            if let Some(stated_text) = mismatch {
                out.push(Finding {
                    published: Some(stated_text),
                    expected: Some(remaining.normalize().to_string()),
                    rule: quote.clone(),
                    ..base_finding_rule(
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
                });
            }
        }
    } else if let Some((t, f)) = inferred.first() {
        out.push(Finding {
            severity: Severity::Notice,
            expected: Some(f.to_string()),
            ..base_finding_rule(
                *t,
                lang.pick(
                    format!(
                        "含不适用指标的行未见规则说明，按满分比例推定（× {f}）后核对"
                    ),
                    format!(
                        "no rule stated for rows with not-applicable cells: checked with proportional scaling (× {f}), inferred"
                    ),
                ),
            )
        });
    }
    out
}

fn base_finding_rule(table: usize, message: String) -> Finding {
    base(Check::Rule, Severity::Warning, table, message)
}

#[cfg(test)]
mod higher_tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(total: Option<i64>) -> Entry {
        Entry {
            sheet: 0,
            row: 0,
            total: total.map(|t| Decimal::new(t, 1)),
            corrected: None,
            finding: None,
        }
    }

    proptest! {
        /// The sorted count agrees with comparing every pair, ties and missing totals included.
        #[test]
        fn rows_above_a_total_are_counted_exactly(
            totals in prop::collection::vec(prop::option::of(-50i64..50), 0..60),
            probe in -60i64..60,
        ) {
            let entries: Vec<Entry> = totals.iter().copied().map(entry).collect();
            let higher = Higher::new(&entries);
            let probe = Decimal::new(probe, 1);
            let naive = entries.iter().filter(|e| e.total > Some(probe)).count();
            prop_assert_eq!(higher.than(probe), naive);
        }
    }
}
