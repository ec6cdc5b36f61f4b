//! Runs the registered checks on one continuation chain of tables (usually a single table)
//! and assembles the chain's table audits.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::checks::{
    AuditCheck, Chain, ChainRow, ChainRule, InferredScaling, Scope, StructuredTable, recompute_row,
    rule_text,
};
use super::exact::fixed;
use super::text::Lang;
use super::{
    AppliedRule, Check, Finding, Recomputation, RowAudit, RuleSource, TableAudit, TableOutcome,
};
use super::{causes, inferred};
use crate::annex::structure::{
    OperandRole, Relation, RelationKind, RelationResult, TableStructure, evaluate_with,
};
use crate::annex::{Interpretation, Role, ScoreSheet, Value};
use crate::wordml::Table;

/// A score sheet of the chain waiting for its audit.
struct PendingSheet {
    /// Its place among the chain's table audits (filled once the chain is checked).
    slot: usize,
    sheet: Box<ScoreSheet>,
    /// The table's title ([`crate::wordml::Table::title`]).
    title: Option<String>,
    bookmarks: Vec<String>,
}

/// Audits one chain: the tables of one table continued across pages (usually one table).
pub(super) fn audit_chain(
    chain: Vec<(Table, Interpretation)>,
    lang: Lang,
) -> (Vec<TableAudit>, Vec<Finding>) {
    let registered: Vec<&'static dyn AuditCheck> =
        Check::ALL.iter().map(|c| c.definition()).collect();
    audit_chain_with(chain, lang, &registered)
}

/// Audits one chain with these checks only (every row's total is recomputed regardless).
pub(super) fn audit_chain_with(
    chain: Vec<(Table, Interpretation)>,
    lang: Lang,
    checks: &[&'static dyn AuditCheck],
) -> (Vec<TableAudit>, Vec<Finding>) {
    let mut audits: Vec<Option<TableAudit>> = Vec::new();
    let mut sheets: Vec<PendingSheet> = Vec::new();
    let mut structured_findings: Vec<Finding> = Vec::new();
    for (table, interpretation) in chain {
        let title = table.title().map(str::to_string);
        match interpretation {
            Interpretation::Score(sheet) => {
                sheets.push(PendingSheet {
                    slot: audits.len(),
                    sheet,
                    title,
                    bookmarks: table.bookmarks.clone(),
                });
                // Placeholder replaced below, keeping table order.
                audits.push(None);
            }
            Interpretation::Structured {
                structure,
                template,
            } => {
                findings_of_structured(&table, &structure, lang, checks, &mut structured_findings);
                audits.push(Some(TableAudit {
                    table: table.number,
                    title,
                    container: table.container,
                    bookmarks: table.bookmarks.clone(),
                    outcome: TableOutcome::Structured {
                        table: Box::new(table),
                        structure,
                        template,
                    },
                }));
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
    let mut rule = chain_rule(&sheets);
    drop_contradicted_threshold(&sheets, &mut rule, lang);
    let mut findings = structured_findings;
    let checked = check_sheets(&sheets, &rule, checks, lang, &mut findings);
    rule.header_over_note = checked.header_over_note;
    for ((pending, rows), rule_text) in sheets
        .into_iter()
        .zip(checked.row_audits)
        .zip(checked.rule_texts)
    {
        let mut audit = sheet_audit(
            pending.sheet,
            pending.title,
            pending.bookmarks,
            rows,
            &rule,
            lang,
        );
        if let (Some(text), TableOutcome::Score { rule_text, .. }) = (rule_text, &mut audit.outcome)
        {
            *rule_text = text;
        }
        if let Some(s) = audits.get_mut(pending.slot) {
            *s = Some(audit);
        }
    }
    (audits.into_iter().flatten().collect(), findings)
}

/// Runs the [`Scope::Relation`] checks on every relation of a structured table and attaches
/// each finding whose relation follows from another's error to that cause's finding (the
/// cause's own cause, up to the root).
fn findings_of_structured(
    table: &Table,
    structure: &TableStructure,
    lang: Lang,
    checks: &[&'static dyn AuditCheck],
    out: &mut Vec<Finding>,
) {
    let context = StructuredTable::new(table.number, structure, lang);
    for check in checks {
        check.structured(&context, out);
    }
    let relation_checks: Vec<&'static dyn AuditCheck> = checks
        .iter()
        .copied()
        .filter(|d| d.scope() == Scope::Relation)
        .collect();
    if relation_checks.is_empty() {
        return;
    }
    // Each relation's findings, by relation index.
    let mut by_relation: Vec<Vec<Finding>> = Vec::with_capacity(structure.relations.len());
    for (relation, evaluated) in structure.relations.iter().zip(&structure.results) {
        let mut found = Vec::new();
        if evaluated.result.is_finding() {
            for check in &relation_checks {
                check.relation(&context, relation, evaluated, &mut found);
            }
        }
        by_relation.push(found);
    }
    let index: HashMap<&str, usize> = structure
        .relations
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    // The root cause of relation `i`: follow `caused_by` (bounded by the number of relations).
    let root = |mut i: usize| -> usize {
        for _ in 0..structure.results.len() {
            match structure
                .results
                .get(i)
                .and_then(|e| e.caused_by.as_deref())
                .and_then(|c| index.get(c))
            {
                Some(&cause) if cause != i => i = cause,
                _ => break,
            }
        }
        i
    };
    let mut consequences: Vec<Vec<Finding>> = vec![Vec::new(); by_relation.len()];
    let mut roots: Vec<usize> = Vec::new();
    for i in 0..by_relation.len() {
        let r = root(i);
        let has_findings = by_relation.get(i).is_some_and(|f| !f.is_empty());
        let root_has_findings = by_relation.get(r).is_some_and(|f| !f.is_empty());
        if r != i && has_findings && root_has_findings {
            let moved = by_relation
                .get_mut(i)
                .map(std::mem::take)
                .unwrap_or_default();
            if let Some(list) = consequences.get_mut(r) {
                list.extend(moved);
            }
        } else if has_findings {
            roots.push(i);
        }
    }
    let from = out.len();
    // The confirmed totals' findings, by (row, parts' rows, difference): one slip in a part
    // typed into several columns (its 合计 and its 基本支出) is one finding.
    let mut same_parts: Vec<(usize, SameParts)> = Vec::new();
    for i in roots {
        let found = by_relation
            .get_mut(i)
            .map(std::mem::take)
            .unwrap_or_default();
        let attached = consequences
            .get_mut(i)
            .map(std::mem::take)
            .unwrap_or_default();
        let mut found = found.into_iter();
        if let Some(first) = found.next() {
            let (first, attached) = if attached.is_empty() {
                (first, attached)
            } else {
                match cause_cell(&context, i, &first, &attached) {
                    // The relation's own finding becomes one more consequence of the cell.
                    Some(cell) => (cell, std::iter::once(first).chain(attached).collect()),
                    None => (first, attached),
                }
            };
            let (mut first, mut attached) = (first, attached);
            // A total down a column that a sum across other rows confirms as published (its
            // parent's sum holds with it, and nothing that sum reads is in dispute): the
            // mistake is in what it sums, not in it. Its own row's total is no confirmation:
            // one figure typed into two of the row's columns keeps it.
            let at_target = |f: &Finding, r: &Relation| {
                f.location.map(|l| (l.table_row, l.column))
                    == Some((r.target.table_row, r.target.column))
            };
            let inconsistent = matches!(
                structure.results.get(i).map(|e| &e.result),
                Some(RelationResult::Inconsistent { .. })
            );
            let confirmed = structure
                .relations
                .get(i)
                .filter(|r| {
                    inconsistent
                        && at_target(&first, r)
                        && matches!(
                            r.kind,
                            RelationKind::ColumnSum
                                | RelationKind::Subtotal
                                | RelationKind::Hierarchy
                        )
                })
                .and_then(|r| total_confirmed_by(structure, r, i))
                .filter(|other| other.kind != RelationKind::RowTotal);
            if first.explanation.is_none()
                && confirmed.is_none()
                && let (Some(p), Some(e)) = (&first.published, &first.expected)
            {
                first.explanation = super::explain::figure_slip(p, e, lang);
            }
            // A total with no slip of its own whose sum one transposed part explains: the part
            // is the cause when another relation confirms the total as published, a
            // possibility otherwise.
            if first.explanation.is_none()
                && let Some(relation) = structure.relations.get(i)
                && first.location.map(|l| (l.table_row, l.column))
                    == Some((relation.target.table_row, relation.target.column))
                && let Some(slip) = operand_slip(structure, relation, i)
            {
                match slip.confirmed_by {
                    Some(other) => {
                        let moved = slip.finding(&context, &first, relation, other);
                        attached.insert(0, std::mem::replace(&mut first, moved));
                    }
                    None => first.explanation = Some(slip.possibility(relation, lang)),
                }
            }
            if first.explanation.is_none()
                && let (Some(other), Some(relation)) = (confirmed, structure.relations.get(i))
                && at_target(&first, relation)
            {
                let p = &relation.target.published;
                let rule = other.rule.pick(lang.pick(true, false));
                first.explanation = Some(lang.pick(
                    format!("公布的 {p} 符合“{rule}”：错误更可能在被加总的各项中，而不在此数"),
                    format!("the published {p} fits “{rule}”: the error is more likely in the parts summed than in this figure"),
                ));
                let mut rows: Vec<usize> =
                    relation.operands.iter().map(|o| o.cell.table_row).collect();
                rows.sort_unstable();
                if let Some(delta) = first.delta.clone() {
                    same_parts.push((
                        out.len(),
                        (relation.kind, relation.target.table_row, rows, delta),
                    ));
                }
            }
            // The totals it breaks, named in its message: a reviewer reading the finding alone
            // learns which other disagreements it explains.
            if !attached.is_empty() {
                let named: Vec<String> = attached.iter().map(|c| follows_named(c, lang)).collect();
                first.message.push_str(&lang.pick(
                    format!("；因此连带不符：{}", named.join("、")),
                    format!("; because of it these disagree too: {}", named.join(", ")),
                ));
            }
            out.push(first.with_consequences(attached));
        }
        out.extend(found);
    }
    one_slip_across_columns(out, from, &same_parts, lang);
    corroborated_once(out, from, lang);
}

/// A total's kind of sum, its row, the rows of the parts it sums, and its difference as
/// printed.
type SameParts = (RelationKind, usize, Vec<usize>, String);

/// Findings of confirmed totals (`same_parts`, by their index in `out`) of one row over the
/// same parts off by the same difference in several columns: one finding, the others its
/// consequences, named (`「基本支出」列同样相差 -10.00`).
fn one_slip_across_columns(
    out: &mut Vec<Finding>,
    from: usize,
    same_parts: &[(usize, SameParts)],
    lang: Lang,
) {
    let mut first_of: HashMap<&SameParts, usize> = HashMap::new();
    let mut moved_to: HashMap<usize, usize> = HashMap::new();
    for (at, key) in same_parts {
        match first_of.get(key) {
            Some(&first) => {
                moved_to.insert(*at, first);
            }
            None => {
                first_of.insert(key, *at);
            }
        }
    }
    if moved_to.is_empty() {
        return;
    }
    let tail: Vec<Finding> = out.split_off(from);
    let mut follows: HashMap<usize, Vec<Finding>> = HashMap::new();
    let mut kept: Vec<(usize, Finding)> = Vec::new();
    for (k, f) in tail.into_iter().enumerate() {
        match moved_to.get(&(from + k)) {
            Some(first) => follows.entry(*first).or_default().push(f),
            None => kept.push((from + k, f)),
        }
    }
    for (at, mut f) in kept {
        if let Some(list) = follows.remove(&at) {
            for c in &list {
                let column = c.column.as_deref().unwrap_or_default();
                let d = c.delta.as_deref().unwrap_or_default();
                f.message.push_str(&lang.pick(
                    format!("；「{column}」列同样相差 {d}"),
                    format!("; the “{column}” column is off by {d} too"),
                ));
            }
            f.explanation = Some(lang.pick(
                "各列的上级数都符合其他关系，而下级之和在这几列同样相差：很可能是下级某一项在这几列同样填错",
                "the totals fit the table's other relations in every column, and their parts are off by the same in each: one part is likely wrong by that much in all of them",
            ).to_string());
            out.push(f.with_consequences(list));
        } else {
            out.push(f);
        }
    }
}

/// The other sum that holds with `relation`'s total as published (the total's parent's sum
/// first, else its row's total), when no other relation reading the total disagrees and no
/// other cell the confirming sum reads or gives is in a disagreement (a parent summed from the
/// same wrong figure, two totals copied with the same slip, two siblings off by opposite
/// amounts confirm nothing).
fn total_confirmed_by<'s>(
    structure: &'s TableStructure,
    relation: &Relation,
    index: usize,
) -> Option<&'s Relation> {
    let total = (relation.target.table_row, relation.target.column);
    let disputed: std::collections::HashSet<(usize, usize)> = structure
        .relations
        .iter()
        .zip(&structure.results)
        .filter(|(_, e)| e.result.is_finding())
        .flat_map(|(r, _)| r.cells())
        .filter(|cell| *cell != total)
        .collect();
    let undisputed = |r: &Relation| {
        r.cells()
            .all(|cell| cell == total || !disputed.contains(&cell))
    };
    let reads_total = |r: &Relation| r.cells().any(|cell| cell == total);
    let mut confirmed_by = None;
    for (j, (r, e)) in structure
        .relations
        .iter()
        .zip(&structure.results)
        .enumerate()
    {
        if j == index || !reads_total(r) {
            continue;
        }
        match &e.result {
            // Only an equality confirms a figure (a `其中` list only bounds it).
            // A sum down the columns (the total one part of its parent) before its own row's
            // total, which one figure typed into two columns of the row would also keep.
            RelationResult::Consistent if r.kind.is_sum() && undisputed(r) => {
                let better = confirmed_by.is_none_or(|c: &Relation| {
                    c.kind == RelationKind::RowTotal && r.kind != RelationKind::RowTotal
                });
                if better {
                    confirmed_by = Some(r);
                }
            }
            result if result.is_finding() => return None,
            _ => {}
        }
    }
    confirmed_by
}

/// Two findings of a table's relations on the same cell that give it the same figure (收入总计
/// by its parts and by the other side's 支出总计): one mistake, reported once, the later its
/// consequence, named as agreeing. `out[from..]` are the table's findings.
fn corroborated_once(out: &mut Vec<Finding>, from: usize, lang: Lang) {
    if out.len() <= from + 1 {
        return;
    }
    let tail: Vec<Finding> = out.split_off(from);
    // The first finding of each (cell, figure), and the later ones that agree with it.
    let mut first_of: HashMap<(usize, usize, String), usize> = HashMap::new();
    let mut kept: Vec<(Finding, Vec<Finding>)> = Vec::with_capacity(tail.len());
    for f in tail {
        let key = f
            .location
            .zip(f.expected.clone())
            .map(|(l, e)| (l.table_row, l.column, e));
        match key.as_ref().and_then(|k| first_of.get(k)) {
            Some(&i) => {
                if let Some((_, agreeing)) = kept.get_mut(i) {
                    agreeing.push(f);
                }
            }
            None => {
                if let Some(k) = key {
                    first_of.insert(k, kept.len());
                }
                kept.push((f, Vec::new()));
            }
        }
    }
    for (mut first, agreeing) in kept {
        if !agreeing.is_empty() {
            let rules: Vec<&str> = agreeing.iter().filter_map(|f| f.rule.as_deref()).collect();
            let e = first.expected.clone().unwrap_or_default();
            first.message.push_str(&lang.pick(
                format!("；按“{}”同样应为 {e}", rules.join("”“")),
                format!("; “{}” gives {e} as well", rules.join("”, “")),
            ));
            first = first.with_consequences(agreeing);
        }
        out.push(first);
    }
}

/// A consequence in a few words: its row and column, and the figure that disagrees
/// (`「合计」行·本年决算数 / 合计 7641.31`).
fn follows_named(c: &Finding, lang: Lang) -> String {
    let at = match (&c.name, &c.column) {
        (Some(name), Some(column)) => lang.pick(
            format!("「{name}」行·{column}"),
            format!("{name} / {column}"),
        ),
        (Some(name), None) => lang.pick(format!("「{name}」行"), name.clone()),
        (None, Some(column)) => lang.pick(format!("「{column}」列"), column.clone()),
        (None, None) => String::new(),
    };
    match &c.published {
        Some(p) if at.is_empty() => p.clone(),
        Some(p) => format!("{at} {p}"),
        None => at,
    }
}

/// A cause whose consequences all read one cell of its relation's operands besides its target
/// (a 基本支出 that makes both its row's 合计 and its parent's sum disagree; a 上年数 that makes
/// both its row's 增减额 and its column's 合计 disagree): that cell is the wrong one, and the
/// finding moves there with the value that makes the relation hold, when that value makes
/// every consequence hold too.
fn cause_cell(
    context: &StructuredTable<'_>,
    relation: usize,
    finding: &Finding,
    consequences: &[Finding],
) -> Option<Finding> {
    let structure = context.structure;
    let rel = structure.relations.get(relation)?;
    let difference = rel.kind == RelationKind::Difference;
    if !(rel.kind.is_sum() || difference) {
        return None;
    }
    let consequence_relations: Vec<&Relation> = consequences
        .iter()
        .filter_map(|c| c.location)
        .filter_map(|l| {
            // The relation that disagrees there (a 合计 cell is the target of a row total
            // and a column sum).
            structure
                .relations
                .iter()
                .zip(&structure.results)
                .find(|(r, e)| {
                    e.result.is_finding()
                        && r.target.table_row == l.table_row
                        && r.target.column == l.column
                })
                .map(|(r, _)| r)
        })
        .collect();
    if consequence_relations.len() != consequences.len() {
        return None;
    }
    let shared: Vec<&crate::annex::structure::Operand> = rel
        .operands
        .iter()
        .filter(|o| {
            consequence_relations
                .iter()
                .all(|r| r.operands.iter().any(|c| c.cell == o.cell))
        })
        .collect();
    let [operand] = shared.as_slice() else {
        return None;
    };
    let number = |row: usize, col: usize| match structure.grid.value(row, col) {
        Some(Value::Number(n)) => Some(n.value),
        _ => None,
    };
    // The relation is linear: target = Σ sign × operand, a 上年数 subtracted.
    let sign = |o: &crate::annex::structure::Operand| {
        if o.role == OperandRole::Previous {
            Decimal::NEGATIVE_ONE
        } else {
            Decimal::ONE
        }
    };
    let target = number(rel.target.table_row, rel.target.column)?;
    let published = number(operand.cell.table_row, operand.cell.column)?;
    let mut others = Decimal::ZERO;
    for o in rel.operands.iter().filter(|o| o.cell != operand.cell) {
        others += sign(o) * number(o.cell.table_row, o.cell.column).unwrap_or_default();
    }
    let expected = (target - others) * sign(operand);
    // Corrected, the cell makes the relation and every consequence hold: else the
    // disagreements only happen to share it.
    let cell = (operand.cell.table_row, operand.cell.column);
    let holds = |r: &Relation| {
        evaluate_with(r, &structure.grid, Some((cell, expected))) == RelationResult::Consistent
    };
    if !holds(rel) || !consequence_relations.iter().all(|r| holds(r)) {
        return None;
    }
    let decimals = match structure
        .grid
        .value(operand.cell.table_row, operand.cell.column)
    {
        Some(Value::Number(n)) => n.decimals,
        _ => rel.rounding,
    };
    let delta = published - expected;
    let lang = context.lang;
    let rule = rel.rule.pick(lang.pick(true, false));
    let p = &operand.cell.published;
    let e = crate::exact::fixed_like(expected, decimals, p);
    let d = if delta > Decimal::ZERO {
        format!("+{}", fixed(delta, decimals))
    } else {
        fixed(delta, decimals)
    };
    let t = &rel.target.published;
    let only_sums = consequence_relations.iter().all(|r| r.kind.is_sum());
    let message = match (difference, only_sums) {
        (false, true) => lang.pick(
            format!("公布 {p}，应为 {e}（相差 {d}）：按公布的 {t} 与其余各项（{rule}），且引用该单元格的各项合计同样相差，错误在此单元格"),
            format!("published {p}, should be {e} (off by {d}): from the published {t} and the other parts ({rule}); every sum that reads this cell is off by the same, so the error is here"),
        ),
        (false, false) => lang.pick(
            format!("公布 {p}，应为 {e}（相差 {d}）：按公布的 {t} 与其余各项（{rule}），且引用该单元格的其他数据按更正后的值都相符，错误在此单元格"),
            format!("published {p}, should be {e} (off by {d}): from the published {t} and the other parts ({rule}); everything else that reads this cell holds with the corrected figure, so the error is here"),
        ),
        (true, _) => lang.pick(
            format!("公布 {p}，应为 {e}（相差 {d}）：按公布的增减额 {t} 与同行另一期的数（{rule}），且引用该单元格的合计按更正后的值相符，错误在此单元格而不在增减额"),
            format!("published {p}, should be {e} (off by {d}): from the published change {t} and the other period's figure in the row ({rule}); the sums that read this cell hold with the corrected figure, so the error is here, not in the change"),
        ),
    };
    let mut moved = context.at(finding.check, finding.severity, &operand.cell, message);
    moved.expected = Some(e);
    moved.delta = Some(d);
    moved.rule = Some(rule.to_string());
    Some(moved)
}

/// The one part of a sum whose two transposed digits, put back, make the sum the published
/// total.
struct OperandSlip<'s> {
    /// The part.
    operand: &'s crate::annex::structure::Operand,
    /// Its row's name.
    name: String,
    /// Its figure as published.
    published: &'s crate::annex::Number,
    /// The figure it should be, and that figure written like the published one.
    fitting: Decimal,
    expected: String,
    /// The other relation that holds with the total as published (收入总计 = 支出总计), when
    /// there is one: the total is then right and the part the cause.
    confirmed_by: Option<&'s Relation>,
}

impl OperandSlip<'_> {
    /// The explanation on the total when nothing confirms it.
    fn possibility(&self, relation: &Relation, lang: Lang) -> String {
        let (name, p, e, t) = (
            &self.name,
            &self.published.text,
            &self.expected,
            &relation.target.published,
        );
        lang.pick(
            format!("可能是分项“{name}”两位数字颠倒：{p} 应为 {e}，更正后合计即为公布的 {t}"),
            format!("perhaps two digits of the part “{name}” transposed: {p} for {e}; corrected, the sum is the published {t}"),
        )
    }

    /// The finding at the part, when `other` confirms the total: `total` (the sum's finding)
    /// becomes its consequence.
    fn finding(
        &self,
        context: &StructuredTable<'_>,
        total: &Finding,
        relation: &Relation,
        other: &Relation,
    ) -> Finding {
        let lang = context.lang;
        let (p, e, t) = (
            &self.published.text,
            &self.expected,
            &relation.target.published,
        );
        let delta =
            crate::exact::fixed(self.published.value - self.fitting, self.published.decimals);
        let delta = if delta.starts_with('-') {
            delta
        } else {
            format!("+{delta}")
        };
        let (rule, confirming) = (
            relation.rule.pick(lang.pick(true, false)),
            other.rule.pick(lang.pick(true, false)),
        );
        let message = lang.pick(
            format!("公布 {p}，应为 {e}（相差 {delta}）：由公布的合计 {t} 减去其余各项得出（{rule}）；该合计与“{confirming}”相符，错误在此分项"),
            format!("published {p}, should be {e} (off by {delta}): the published total {t} less the other parts ({rule}); that total agrees with “{confirming}”, so the error is in this part"),
        );
        let mut moved = context.at(total.check, total.severity, &self.operand.cell, message);
        // The label on the part's own side of a two-sided table.
        moved.name = Some(self.name.clone())
            .filter(|n| !n.is_empty())
            .or(moved.name);
        moved.expected = Some(e.clone());
        moved.delta = Some(delta);
        moved.rule = Some(rule.to_string());
        moved.explanation = super::explain::figure_slip(p, e, lang);
        moved
    }
}

/// The one part of sum `relation` (result `index`) whose two transposed digits, put back,
/// make the sum the published total (`1,364.15` for `1,346.15`); none when another relation
/// reading or giving the total disagrees (the total is then the likelier typo).
fn operand_slip<'s>(
    structure: &'s TableStructure,
    relation: &'s Relation,
    index: usize,
) -> Option<OperandSlip<'s>> {
    if !relation.kind.is_sum() {
        return None;
    }
    let Some(RelationResult::Inconsistent { delta, .. }) =
        structure.results.get(index).map(|e| &e.result)
    else {
        return None;
    };
    // A disagreement elsewhere about the total leaves the slip a possibility only.
    let total = (relation.target.table_row, relation.target.column);
    let disputed = structure
        .relations
        .iter()
        .zip(&structure.results)
        .enumerate()
        .any(|(j, (r, e))| j != index && e.result.is_finding() && r.cells().any(|c| c == total));
    if disputed {
        return None;
    }
    // The row's own total alone confirms nothing (one figure typed into two of its columns
    // keeps it): the slip is then a possibility.
    let confirmed_by =
        total_confirmed_by(structure, relation, index).filter(|r| r.kind != RelationKind::RowTotal);
    let mut found = relation.operands.iter().filter_map(|o| {
        let Some(Value::Number(n)) = structure.grid.value(o.cell.table_row, o.cell.column) else {
            return None;
        };
        // The part that gives the published total: its figure plus the total's difference,
        // printable at its decimals.
        let fitting = n.value.checked_add(*delta)?;
        if fitting.round_dp(n.decimals) != fitting {
            return None;
        }
        // A part that is itself the sum of its detail, as published, is not the slip.
        let part = (o.cell.table_row, o.cell.column);
        let backed = structure
            .relations
            .iter()
            .zip(&structure.results)
            .any(|(r, e)| {
                r.kind.is_sum()
                    && (r.target.table_row, r.target.column) == part
                    && e.result == RelationResult::Consistent
            });
        if backed {
            return None;
        }
        let e = crate::exact::fixed_like(fitting, n.decimals, &n.text);
        super::explain::transposed(&n.text, &e).then_some((o, n, fitting, e))
    });
    let (operand, published, fitting, expected) = found.next()?;
    if found.next().is_some() {
        return None;
    }
    Some(OperandSlip {
        operand,
        name: crate::annex::structure::cross::row_label_at(
            structure,
            operand.cell.table_row,
            operand.cell.column,
        ),
        published,
        fitting,
        expected,
        confirmed_by,
    })
}

/// The first rule stated in a note of the chain, with its table.
fn chain_rule(sheets: &[PendingSheet]) -> ChainRule {
    let mut rule = sheets
        .iter()
        .find_map(|p| {
            let stated = p.sheet.stated_rule.clone()?;
            Some(ChainRule {
                stated: Some(stated),
                from_table: Some(p.sheet.table.number),
                ..ChainRule::default()
            })
        })
        .unwrap_or_default();
    rule.bonus_threshold = sheets.iter().find_map(|p| p.sheet.bonus_threshold.clone());
    rule
}

/// Forgets a bonus threshold that the rows contradict: a note may name a score and the bonus
/// in one sentence without making the one the other's condition (`得分达到90分的为优秀，附加分
/// 最高5分`), so the threshold stands only if no fewer totals agree with it than without it.
fn drop_contradicted_threshold(sheets: &[PendingSheet], rule: &mut ChainRule, lang: Lang) {
    if rule.bonus_threshold.is_none() {
        return;
    }
    let without = ChainRule {
        bonus_threshold: None,
        ..rule.clone()
    };
    let agreeing = |r: &ChainRule| {
        sheets
            .iter()
            .flat_map(|p| p.sheet.rows.iter().map(move |row| (p.sheet.as_ref(), row)))
            .filter(|(sheet, row)| {
                recompute_row(sheet, row, r, lang).0.status == super::RowStatus::Consistent
            })
            .count()
    };
    if agreeing(&without) > agreeing(rule) {
        rule.bonus_threshold = None;
    }
}

/// Runs the table and row checks and the recomputation on every sheet, then the chain checks,
/// then groups the findings by cause; returns each sheet's row audits, and whether the
/// header's scaling replaced a note's that the rows contradict.
fn check_sheets(
    sheets: &[PendingSheet],
    rule: &ChainRule,
    checks: &[&'static dyn AuditCheck],
    lang: Lang,
    findings: &mut Vec<Finding>,
) -> Checked {
    let in_scope = |scope: Scope| -> Vec<&'static dyn AuditCheck> {
        checks
            .iter()
            .copied()
            .filter(|d| d.scope() == scope)
            .collect()
    };
    let (table_checks, row_checks) = (in_scope(Scope::Table), in_scope(Scope::Row));
    let mut rows: Vec<ChainRow> = Vec::new();
    let mut row_audits = Vec::with_capacity(sheets.len());
    let mut rule_texts: Vec<Option<String>> = vec![None; sheets.len()];
    let mut inferred = None;
    for (i, pending) in sheets.iter().enumerate() {
        let sheet = pending.sheet.as_ref();
        for check in &table_checks {
            check.table(sheet, lang, findings);
        }
        let total_col = sheet.column(Role::Total);
        let mut audits_of_sheet = Vec::with_capacity(sheet.rows.len());
        for (r, row) in sheet.rows.iter().enumerate() {
            for check in &row_checks {
                check.row(sheet, row, lang, findings);
            }
            let (audit, discrepancy) = recompute_row(sheet, row, rule, lang);
            if let Some(Recomputation {
                source: RuleSource::Inferred,
                factor: Some(factor),
                ..
            }) = &audit.recomputation
            {
                inferred.get_or_insert(InferredScaling {
                    table: sheet.table.number,
                    factor: *factor,
                });
            }
            rows.push(ChainRow {
                sheet: i,
                row: r,
                total: total_col
                    .and_then(|c| row.value(c))
                    .and_then(Value::number)
                    .map(|n| n.value),
                corrected: discrepancy
                    .as_ref()
                    .and_then(|_| audit.recomputation.as_ref().map(|rc| rc.expected)),
                discrepancy,
            });
            audits_of_sheet.push(audit);
        }
        // A sheet whose rule nobody stated: the relation its rows follow, inferred.
        if let Some(inferred_totals) = inferred::infer_totals(sheet, rule, &audits_of_sheet, lang) {
            let first = rows.len() - audits_of_sheet.len();
            for (r, (audit, discrepancy)) in inferred_totals.rows.into_iter().enumerate() {
                if let Some(e) = rows.get_mut(first + r) {
                    e.corrected = discrepancy
                        .as_ref()
                        .and_then(|_| audit.recomputation.as_ref().map(|rc| rc.expected));
                    e.discrepancy = discrepancy;
                }
                if let Some(slot) = audits_of_sheet.get_mut(r) {
                    *slot = audit;
                }
            }
            if inferred.is_some_and(|s: InferredScaling| s.table == sheet.table.number) {
                inferred = None;
            }
            findings.push(inferred_totals.finding);
            rule_texts[i] = Some(inferred_totals.rule_text);
        }
        row_audits.push(audits_of_sheet);
    }
    let sheet_refs: Vec<&ScoreSheet> = sheets.iter().map(|p| p.sheet.as_ref()).collect();
    let verdict = causes::note_against_header(&sheet_refs, rule, &mut rows, &mut row_audits, lang);
    let header_over_note = matches!(verdict, Some(causes::NoteVerdict::HeaderFits { .. }));
    let chain = Chain::new(sheet_refs, rows, rule, inferred, lang);
    for check in in_scope(Scope::Chain) {
        check.chain(&chain, findings);
    }
    causes::group(findings, &chain, verdict);
    Checked {
        row_audits,
        rule_texts,
        header_over_note,
    }
}

/// What [`check_sheets`] leaves for the sheets' audits.
struct Checked {
    /// Each sheet's row audits.
    row_audits: Vec<Vec<RowAudit>>,
    /// The rule in words of a sheet whose rule was inferred from its rows.
    rule_texts: Vec<Option<String>>,
    /// The header's scaling replaced a note's that the rows contradict.
    header_over_note: bool,
}

/// A score sheet's audit: its rows, the rule its scaled rows follow and that rule in words.
fn sheet_audit(
    sheet: Box<ScoreSheet>,
    title: Option<String>,
    bookmarks: Vec<String>,
    rows: Vec<RowAudit>,
    rule: &ChainRule,
    lang: Lang,
) -> TableAudit {
    let scaled = rows
        .iter()
        .filter_map(|r| r.recomputation.as_ref())
        .find(|rc| rc.factor.is_some());
    let applied = match (rule.stated.as_ref(), scaled) {
        // The rows fit the header's maxima, not the note: checked with proportional scaling.
        (Some(stated), Some(rc)) if rule.header_over_note => Some(AppliedRule {
            source: RuleSource::Inferred,
            factor: rc.factor,
            full_mark: None,
            quote: Some(stated.quote.clone()),
            from_table: rule.from_table,
        }),
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
    let rule_text = rule_text(
        &sheet,
        applied.as_ref(),
        rule.bonus_threshold.as_ref(),
        lang,
    );
    TableAudit {
        table: sheet.table.number,
        title,
        container: sheet.table.container,
        bookmarks,
        outcome: TableOutcome::Score {
            sheet,
            rows,
            rule: applied,
            rule_text,
            // Named by the auditor, which knows the template.
            template: String::new(),
        },
    }
}

#[cfg(test)]
mod tests {
    use crate::audit::tests::{audit, table};
    use crate::audit::*;

    #[test]
    fn a_total_whose_one_part_has_two_digits_transposed_names_that_part() {
        let found = |middle: &str| {
            let report = audit(vec![table(&[
                vec!["项目", "决算数"],
                vec!["一、财政拨款收入", "100.00"],
                vec!["二、事业收入", middle],
                vec!["三、其他收入", "20.00"],
                vec!["收入总计", "1,466.15"],
            ])]);
            report.findings
        };
        let findings = found("1,364.15");
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(
            findings[0].explanation.as_deref(),
            Some(
                "perhaps two digits of the part “二、事业收入” transposed: 1,364.15 for 1,346.15; corrected, the sum is the published 1,466.15"
            )
        );
        // A part off by a difference no transposition makes: no explanation.
        let findings = found("1,365.15");
        assert_eq!(findings.len(), 1, "{findings:#?}");
        assert_eq!(findings[0].explanation, None);
        // A whole-number part cannot become 1,346.15 (printed 1,346, it would not give the
        // total): no explanation.
        let findings = found("1,364");
        assert!(
            findings.iter().all(|f| f.explanation.is_none()),
            "{findings:#?}"
        );
    }

    /// The final-accounts sample's summary table with 收入总计 (B14) printed `total`,
    /// 使用非财政拨款结余 (B12) `reserve` and 年初结转和结余 (B13) `carried`: its findings.
    fn income_total(total: &str, reserve: &str, carried: &str) -> Vec<Finding> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join("final-accounts-2025.docx");
        let mut doc = crate::wordml::read_path(&path, &crate::package::Limits::default())
            .expect("the sample reads");
        let summary = &mut doc.tables[0];
        let cell = |row: usize| summary.rows[row].cells[1].text.clone();
        assert_eq!(
            (cell(12).as_str(), cell(10).as_str(), cell(11).as_str()),
            ("5,212.80", "20.00", "1,346.15")
        );
        summary.rows[12].cells[1].text = total.into();
        summary.rows[10].cells[1].text = reserve.into();
        summary.rows[11].cells[1].text = carried.into();
        let template = crate::annex::Template::built_in("budget").expect("budget template");
        let report = audit_tables(
            vec![doc.tables.swap_remove(0)],
            &template,
            Some(Lang::Zh),
            &Selection::default(),
        );
        report.findings
    }

    /// A table of two years with its change and rate, 甲's 上年 printed `previous` and 乙's
    /// rate `rate` (24.00 and 10.00 right): its findings.
    fn two_years(previous: &str, rate: &str, with_change: bool) -> Vec<Finding> {
        let rows = [
            ["项目", "上年决算数", "本年预算数", "增减额", "增减率（%）"],
            ["合计", "150.00", "177.00", "27.00", "18.00"],
            ["甲", previous, "36.00", "12.00", "50.00"],
            ["乙", "50.00", "55.00", "5.00", rate],
            ["丙", "76.00", "86.00", "10.00", "13.16"],
        ];
        let rows: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| {
                r.iter()
                    .enumerate()
                    .filter(|(c, _)| with_change || *c != 3)
                    .map(|(_, t)| *t)
                    .collect()
            })
            .collect();
        audit(vec![table(&rows)]).findings
    }

    #[test]
    fn a_wrong_base_figure_is_the_cause_of_its_change_and_its_column_s_total() {
        for with_change in [true, false] {
            assert!(two_years("24.00", "10.00", with_change).is_empty());
            // 甲's 上年 printed 42.00: its 增减额 (or, without one, its 增减率) and the column's
            // 合计 both disagree; the one cell both read is the mistake.
            let found = two_years("42.00", "10.00", with_change);
            assert_eq!(found.len(), 1, "{found:#?}");
            let f = &found[0];
            assert_eq!(
                (f.name.as_deref(), f.column.as_deref()),
                (Some("甲"), Some("上年决算数"))
            );
            assert_eq!(
                (f.published.as_deref(), f.expected.as_deref()),
                (Some("42.00"), Some("24.00"))
            );
            assert!(f.message.contains("so the error is here"), "{}", f.message);
            let follows: Vec<(Option<&str>, Option<&str>)> = f
                .consequences
                .iter()
                .map(|c| (c.name.as_deref(), c.column.as_deref()))
                .collect();
            let mut expected = vec![(Some("合计"), Some("上年决算数"))];
            if with_change {
                expected.push((Some("甲"), Some("增减额")));
            }
            expected.push((Some("甲"), Some("增减率（%）")));
            for e in &expected {
                assert!(follows.contains(e), "{e:?} not in {follows:?}");
            }
            assert_eq!(follows.len(), expected.len(), "{follows:?}");
        }
        // A wrong rate with its base right is the rate's own mistake.
        let found = two_years("24.00", "12.00", false);
        assert_eq!(found.len(), 1, "{found:#?}");
        assert_eq!(found[0].column.as_deref(), Some("增减率（%）"));
    }

    #[test]
    fn a_transposed_part_under_a_total_the_other_side_confirms_is_the_cause() {
        // 收入总计 5,212.80 still equals 支出总计: the part is wrong.
        let found = income_total("5,212.80", "20.00", "1,364.15");
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.location.map(|l| (l.table_row, l.column)), Some((11, 1)));
        assert_eq!(
            (
                f.published.as_deref(),
                f.expected.as_deref(),
                f.delta.as_deref()
            ),
            (Some("1,364.15"), Some("1,346.15"), Some("+18.00"))
        );
        assert_eq!(
            f.explanation.as_deref(),
            Some("两位数字颠倒：1,364.15 应为 1,346.15")
        );
        assert!(f.message.contains("两侧平衡"), "{}", f.message);
        // The total's own disagreement follows from it.
        assert_eq!(f.consequences.len(), 1);
        assert_eq!(f.consequences[0].published.as_deref(), Some("5,212.80"));
        // The total misprinted 5,212.89 while 支出总计 says 5,212.80: the total is the typo,
        // and 20.12, whose transposition happens to fit (20.21), is not offered.
        let found = income_total("5,212.89", "20.12", "1,346.03");
        assert!(
            found
                .iter()
                .all(|f| f.location.map(|l| l.table_row) == Some(12)),
            "{found:#?}"
        );
        assert!(
            found
                .iter()
                .flat_map(|f| f.consequences.iter().chain([f]))
                .all(|g| g.explanation.as_deref().is_none_or(|e| !e.contains("分项"))),
            "{found:#?}"
        );
    }

    /// The final-accounts sample's 支出决算表 with each (code, column, text) of `edits` printed
    /// (column 2 合计, 3 基本支出): its findings.
    fn spending_with(edits: &[(&str, usize, &str)]) -> Vec<Finding> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("samples")
            .join("final-accounts-2025.docx");
        let mut doc = crate::wordml::read_path(&path, &crate::package::Limits::default())
            .expect("the sample reads");
        let spending = &mut doc.tables[1];
        for (code, column, text) in edits {
            let row = spending
                .rows
                .iter_mut()
                .find(|r| r.cells.first().is_some_and(|c| c.text == *code))
                .unwrap_or_else(|| panic!("{code}'s row"));
            row.cells[*column].text = (*text).into();
        }
        let template = crate::annex::Template::built_in("budget").expect("budget template");
        audit_tables(
            vec![doc.tables.swap_remove(1)],
            &template,
            Some(Lang::Zh),
            &Selection::default(),
        )
        .findings
    }

    /// 行政单位离退休 (2080501, 86.40 in both) printed `total` under 合计 and `basic` under
    /// 基本支出.
    fn retirees(total: &str, basic: &str) -> Vec<Finding> {
        spending_with(&[("2080501", 2, total), ("2080501", 3, basic)])
    }

    #[test]
    fn a_part_wrong_in_two_columns_is_one_finding_that_does_not_blame_the_total() {
        assert!(retirees("86.40", "86.40").is_empty());
        // Both 96.40: 行政事业单位养老支出's 429.90 fits its class's sum and its row's total;
        // its parts add up to 439.90 in both columns.
        let found = retirees("96.40", "96.40");
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.name.as_deref(), Some("行政事业单位养老支出"));
        let explanation = f.explanation.as_deref().unwrap_or_default();
        assert!(
            !explanation.contains("一位数字有误") && explanation.contains("下级某一项"),
            "{explanation}"
        );
        assert!(
            f.message.contains("「基本支出」列同样相差 -10.00"),
            "{}",
            f.message
        );
        assert_eq!(f.consequences.len(), 1);
        // 行政事业单位养老支出 itself misprinted 439.90 and its class summed from it (452.50):
        // the class's sum holds but the 合计 row no longer adds it up, so nothing confirms the
        // 439.90, which keeps its slip.
        let found = spending_with(&[
            ("20805", 2, "439.90"),
            ("20805", 3, "439.90"),
            ("208", 2, "452.50"),
            ("208", 3, "452.50"),
        ]);
        let own = found
            .iter()
            .find(|f| f.name.as_deref() == Some("行政事业单位养老支出"))
            .unwrap_or_else(|| panic!("{found:#?}"));
        assert_eq!(
            own.explanation.as_deref(),
            Some("一位数字有误：439.90 应为 429.90"),
            "{found:#?}"
        );
        // In one column only: the total is not accused of a slip either.
        let found = retirees("96.40", "86.40");
        assert!(
            found.iter().all(|f| f
                .explanation
                .as_deref()
                .is_none_or(|e| !e.contains("一位数字有误：429.90"))),
            "{found:#?}"
        );
    }

    #[test]
    fn a_total_two_relations_correct_to_the_same_figure_is_one_finding() {
        // 收入总计 misprinted 5,221.80: its parts and 支出总计 both give 5,212.80.
        let found = income_total("5,221.80", "20.00", "1,346.15");
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(f.expected.as_deref(), Some("5,212.80"));
        assert!(
            f.message
                .ends_with("；按“收入总计 = 支出总计（两侧平衡）”同样应为 5,212.80"),
            "{}",
            f.message
        );
        assert_eq!(f.consequences.len(), 1);
    }

    #[test]
    fn a_table_continued_on_the_next_page_shares_its_ranking_and_the_note_below_it() {
        let mut first = table(&[
            vec!["排名", "名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["1", "甲", "50.00", "——", "100.00"],
            vec!["2", "乙", "40.00", "45.00", "85.00"],
        ]);
        first.number = 1;
        // The second part repeats no header; its note states the rule for both parts.
        let mut second = table(&[
            vec!["3", "丙", "40.00", "40.00", "80.00"],
            vec!["3", "丁", "30.00", "40.00", "70.00"],
        ]);
        second.number = 2;
        second.continues = Some(1);
        second.note = vec!["注：以50分为满分，结果乘以2。".into()];
        let report = audit(vec![first, second]);
        assert_eq!(report.summary.score_tables, 2, "{:#?}", report.tables);
        assert_eq!(report.summary.consistent, 4, "{:#?}", report.findings);
        // 丁 70.00 ranks 4th across both parts, not 3rd.
        let rank: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Rank)
            .collect();
        assert_eq!(rank.len(), 1, "{:#?}", report.findings);
        assert_eq!(
            (rank[0].table, rank[0].row, rank[0].expected.as_deref()),
            (2, Some(2), Some("4"))
        );
        let TableOutcome::Score { rule, .. } = &report.tables[0].outcome else {
            panic!("audited")
        };
        assert_eq!(rule.as_ref().and_then(|r| r.from_table), Some(2));
    }
}
