//! Recomputing a relation exactly, and telling a wrong cell's consequences from the cell.

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::exact::round_half_away;

use super::super::value::Value;
use super::grid::Grid;
use super::{
    Bound, Evaluated, NotCheckableReason, OperandRole, Relation, RelationKind, RelationResult,
};

/// A cell's figure put in place of the published one, to see whether a relation holds with it.
pub type Replaced = Option<((usize, usize), Decimal)>;

/// An operand's value: its number (or the figure `replaced` puts there), zero for a blank
/// where blank means zero, or why not.
fn operand(
    grid: &Grid,
    row: usize,
    col: usize,
    replaced: Replaced,
) -> Result<Option<Decimal>, NotCheckableReason> {
    if let Some((cell, value)) = replaced
        && cell == (row, col)
    {
        return Ok(Some(value));
    }
    match grid.value(row, col) {
        Some(Value::Number(n)) => Ok(Some(n.value)),
        Some(Value::Unparsed(_)) => Err(NotCheckableReason::Unparsed),
        _ if grid.blank_is_zero.get(col).copied().unwrap_or(false) => Ok(None),
        _ => Err(NotCheckableReason::BlankOperand),
    }
}

/// Where an operand of each role is kept while evaluating.
fn role_slot(role: OperandRole) -> usize {
    match role {
        OperandRole::Add => 0,
        OperandRole::Current => 1,
        OperandRole::Previous => 2,
        OperandRole::Part => 3,
        OperandRole::Whole => 4,
        OperandRole::Count => 5,
    }
}

/// Recomputes `relation` on `grid`: the operands' result, rounded half away from zero to the
/// decimals the target prints, against the published target.
pub fn evaluate(relation: &Relation, grid: &Grid) -> RelationResult {
    evaluate_with(relation, grid, None)
}

/// [`evaluate`] with one operand's figure `replaced`: whether the relation would hold were that
/// cell corrected.
pub fn evaluate_with(relation: &Relation, grid: &Grid, replaced: Replaced) -> RelationResult {
    use RelationResult::NotCheckable;
    let target = grid.value(relation.target.table_row, relation.target.column);
    let published = match target {
        Some(Value::Number(n)) => Some(n.value),
        Some(Value::Unparsed(_)) => {
            return NotCheckable {
                reason: NotCheckableReason::Unparsed,
            };
        }
        _ => None,
    };
    let target_marker = matches!(target, Some(Value::NotApplicable(_)));

    // A row the note rescales: its total follows the note, not the sum.
    if grid.rule_in_note
        && relation.kind == RelationKind::RowTotal
        && relation.operands.iter().any(|o| {
            matches!(
                grid.value(o.cell.table_row, o.cell.column),
                Some(Value::NotApplicable(_))
            )
        })
    {
        return NotCheckable {
            reason: NotCheckableReason::RuleInNote,
        };
    }

    // One pass, no allocation: the sum of the operands and the one of each role.
    let mut sum = Some(Decimal::ZERO);
    let mut by_role = [Decimal::ZERO; 6];
    let mut any_published = false;
    let mut blank_reason = None;
    for o in &relation.operands {
        let v = match operand(grid, o.cell.table_row, o.cell.column, replaced) {
            Ok(Some(v)) => {
                any_published = true;
                v
            }
            Ok(None) => Decimal::ZERO,
            Err(NotCheckableReason::BlankOperand) => {
                blank_reason = Some(NotCheckableReason::BlankOperand);
                Decimal::ZERO
            }
            Err(reason) => return NotCheckable { reason },
        };
        sum = sum.and_then(|s| s.checked_add(v));
        if let Some(slot) = by_role.get_mut(role_slot(o.role)) {
            *slot = v;
        }
    }
    if published.is_none() && !any_published {
        return NotCheckable {
            reason: NotCheckableReason::NothingPublished,
        };
    }
    if target_marker {
        return NotCheckable {
            reason: NotCheckableReason::TargetNotApplicable,
        };
    }
    // A blank part of a published sum is none (`合计 = 基本支出 + 项目支出` with no 项目支出):
    // the sum is checked with it as zero. A blank operand of any other relation is not zero:
    // only a blank target may still be shown as omitted.
    let additive = matches!(
        relation.kind,
        RelationKind::RowTotal
            | RelationKind::ColumnSum
            | RelationKind::Subtotal
            | RelationKind::Hierarchy
            | RelationKind::PartOf
    );
    if let (Some(reason), Some(_), false) = (blank_reason, published, additive) {
        return NotCheckable { reason };
    }
    let get = |role: OperandRole| by_role.get(role_slot(role)).copied().unwrap_or_default();
    let hundred = Decimal::ONE_HUNDRED;
    let exact = match relation.kind {
        RelationKind::RowTotal
        | RelationKind::ColumnSum
        | RelationKind::Subtotal
        | RelationKind::Hierarchy
        | RelationKind::PartOf => sum,
        RelationKind::Difference => {
            get(OperandRole::Current).checked_sub(get(OperandRole::Previous))
        }
        RelationKind::Rate => {
            let previous = get(OperandRole::Previous);
            if previous.is_zero() {
                return NotCheckable {
                    reason: NotCheckableReason::ZeroBase,
                };
            }
            get(OperandRole::Current)
                .checked_sub(previous)
                .and_then(|d| d.checked_mul(hundred))
                .and_then(|d| d.checked_div(previous))
        }
        RelationKind::Share => {
            let whole = get(OperandRole::Whole);
            if whole.is_zero() {
                return NotCheckable {
                    reason: NotCheckableReason::ZeroBase,
                };
            }
            get(OperandRole::Part)
                .checked_mul(hundred)
                .and_then(|d| d.checked_div(whole))
        }
        RelationKind::Product => relation
            .factor
            .and_then(|f| get(OperandRole::Count).checked_mul(f)),
    };
    let Some(exact) = exact else {
        return NotCheckable {
            reason: NotCheckableReason::Overflow,
        };
    };
    let expected = round_half_away(exact, relation.rounding);
    let Some(published) = published else {
        return RelationResult::Omitted { expected };
    };
    match relation.bound {
        Bound::AtMost if exact > published => RelationResult::Exceeds {
            parts: exact,
            published,
        },
        Bound::AtMost => RelationResult::Consistent,
        Bound::Equal if expected == published => RelationResult::Consistent,
        Bound::Equal => RelationResult::Inconsistent {
            expected,
            exact,
            published,
            delta: published - expected,
        },
    }
}

/// How far a finding is off: |delta| of an inconsistent result, the missing amount of an
/// omitted one, the excess of parts over their parent.
fn magnitude(result: &RelationResult) -> Option<Decimal> {
    match result {
        RelationResult::Inconsistent { delta, .. } => Some(delta.abs()),
        RelationResult::Omitted { expected } => Some(expected.abs()),
        RelationResult::Exceeds { parts, published } => Some((*parts - *published).abs()),
        _ => None,
    }
}

/// Relations that sum a column (or a level) over rows.
fn column_wise(kind: RelationKind) -> bool {
    matches!(
        kind,
        RelationKind::ColumnSum
            | RelationKind::Subtotal
            | RelationKind::Hierarchy
            | RelationKind::PartOf
    )
}

/// Relations within one row.
fn row_wise(kind: RelationKind) -> bool {
    matches!(
        kind,
        RelationKind::RowTotal | RelationKind::Difference | RelationKind::Product
    )
}

/// Marks each finding that follows from another as `caused_by` it, so that only the cause is
/// reported:
/// - a relation whose operand is another finding's target, off by the same amount (a row's
///   wrong or missing total makes the 合计 row's total cell disagree; a wrong 小计 makes the
///   合计 disagree);
/// - a column sum that shares an operand with a row-wise finding off by the same amount (one
///   wrong amount: the row is reported, the 合计 is its consequence);
/// - a rate or share whose operand is another finding's target or shares an operand with a
///   finding in its row;
/// - a rate or share that holds once an operand is corrected by a column sum reading the same
///   cell, off by that sum's difference, when a consistent relation of the total's row confirms
///   the published total.
///
/// `results` are in the order of `relations`. Linear in the number of operands.
pub fn mark_causes(relations: &[Relation], results: &mut [Evaluated], grid: &Grid) {
    // Findings by the cells they check and the cells they read.
    let mut by_target: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    let mut by_operand: HashMap<(usize, usize), Vec<usize>> = HashMap::new();
    for (i, (rel, res)) in relations.iter().zip(results.iter()).enumerate() {
        if !res.result.is_finding() {
            continue;
        }
        by_target
            .entry((rel.target.table_row, rel.target.column))
            .or_default()
            .push(i);
        for o in &rel.operands {
            by_operand
                .entry((o.cell.table_row, o.cell.column))
                .or_default()
                .push(i);
        }
    }
    let mut causes: Vec<Option<usize>> = vec![None; relations.len()];
    for (b, rel) in relations.iter().enumerate() {
        let Some(result) = results.get(b).map(|e| &e.result) else {
            continue;
        };
        if !result.is_finding() {
            continue;
        }
        let size = magnitude(result);
        let derived = matches!(rel.kind, RelationKind::Rate | RelationKind::Share);
        let mut cause = None;
        for o in &rel.operands {
            let cell = (o.cell.table_row, o.cell.column);
            // Rule 1: the operand is another finding's target.
            if let Some(found) = by_target.get(&cell).and_then(|list| {
                list.iter().copied().find(|&a| {
                    a != b
                        && (derived
                            || results
                                .get(a)
                                .and_then(|e| magnitude(&e.result))
                                .zip(size)
                                .is_some_and(|(x, y)| x == y))
                })
            }) {
                cause = Some(found);
                break;
            }
            // Rule 2: a shared operand with a row-wise finding.
            if (column_wise(rel.kind) || derived)
                && let Some(found) = by_operand.get(&cell).and_then(|list| {
                    list.iter().copied().find(|&a| {
                        a != b
                            && relations.get(a).is_some_and(|x| {
                                row_wise(x.kind)
                                    && (!derived || x.target.table_row == rel.target.table_row)
                            })
                            && (derived
                                || results
                                    .get(a)
                                    .and_then(|e| magnitude(&e.result))
                                    .zip(size)
                                    .is_some_and(|(x, y)| x == y))
                    })
                })
            {
                cause = Some(found);
                break;
            }
        }
        causes[b] = cause;
    }
    // Rule 3: a rate or share with no cause of its own that holds once one of its operands is
    // corrected by the column sum that reads the same cell (a wrong 上年数 breaks its column's
    // 合计 and its row's 增减率; without a 增减额 column nothing else ties the two): the column
    // sum's consequence, so that the one cell is reported once.
    // Only a column sum whose published total something else confirms: a consistent row-wise
    // relation reading it (the 合计 row's own 增减率). A large base moves a rate little, so a
    // rate that holds once corrected is no proof by itself.
    let confirmed: std::collections::HashSet<(usize, usize)> = relations
        .iter()
        .zip(results.iter())
        .filter(|(r, e)| {
            (row_wise(r.kind) || matches!(r.kind, RelationKind::Rate | RelationKind::Share))
                && e.result == RelationResult::Consistent
        })
        .flat_map(|(r, _)| r.operands.iter().map(|o| (o.cell.table_row, o.cell.column)))
        .collect();
    for (b, rel) in relations.iter().enumerate() {
        let finding = results.get(b).is_some_and(|e| e.result.is_finding());
        if !finding
            || causes.get(b).copied().flatten().is_some()
            || !matches!(rel.kind, RelationKind::Rate | RelationKind::Share)
        {
            continue;
        }
        let corrected_by = |a: usize, cell: (usize, usize)| -> bool {
            let Some(Value::Number(published)) = grid.value(cell.0, cell.1) else {
                return false;
            };
            let column = relations.get(a).is_some_and(|x| {
                column_wise(x.kind) && confirmed.contains(&(x.target.table_row, x.target.column))
            });
            match results.get(a).map(|e| &e.result) {
                Some(RelationResult::Inconsistent { delta, .. }) if column => {
                    published.value.checked_add(*delta).is_some_and(|fixed| {
                        evaluate_with(rel, grid, Some((cell, fixed))) == RelationResult::Consistent
                    })
                }
                _ => false,
            }
        };
        let found = rel.operands.iter().find_map(|o| {
            let cell = (o.cell.table_row, o.cell.column);
            by_operand
                .get(&cell)?
                .iter()
                .copied()
                .find(|&a| a != b && corrected_by(a, cell))
        });
        if let (Some(a), Some(slot)) = (found, causes.get_mut(b)) {
            *slot = Some(a);
        }
    }
    // A cause that is itself caused by its consequence would hide both: keep the earlier one.
    for b in 0..causes.len() {
        if let Some(a) = causes[b]
            && causes.get(a).copied().flatten() == Some(b)
            && a > b
        {
            causes[b] = None;
        }
    }
    for (b, cause) in causes.into_iter().enumerate() {
        if let (Some(a), Some(e)) = (cause, results.get_mut(b)) {
            e.caused_by = relations.get(a).map(|r| r.id.clone());
        }
    }
}
