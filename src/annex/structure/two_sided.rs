//! Two-sided tables: a 收入支出决算总表 puts two lists side by side — 收入 | 决算数 | 支出 |
//! 决算数 — each with its own totals (本年收入合计, 收入总计 on the left; 本年支出合计, 支出总计
//! on the right), and the two sides balance (收入总计 = 支出总计). Read as one list, its rows
//! mix both sides; read as two, every total is a relation.

use super::super::value::Value;
use super::grid::Grid;
use super::vocabulary::{Compiled, compact, contains_any};
use super::{
    Bound, CellRef, ColumnInfo, ColumnRole, Operand, OperandRole, Relation, RelationKind,
    RelationSource, RowInfo, RowRole, Words,
};

/// Header words of the label column of a side (支出 beside 收入).
const SIDE_WORDS: &[&str] = &[
    "收入", "支出", "资产", "负债", "来源", "去向", "用途", "项目",
];

/// One side of a two-sided table: its label column and the amount column beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Side {
    /// The logical column of the side's names.
    pub label: usize,
    /// The logical column of its amounts.
    pub amount: usize,
}

fn is_amount(role: ColumnRole) -> bool {
    matches!(role, ColumnRole::Amount | ColumnRole::Total)
}

/// The two sides, when the header shows two label columns each followed by an amount column
/// (the second label column holds text in its body rows, never figures).
pub(crate) fn sides(rows: &[RowInfo], columns: &[ColumnInfo], grid: &Grid) -> Option<[Side; 2]> {
    // The amount column of a label column: the next one, past the official forms' row numbers
    // (`项目 | 行次 | 金额`).
    let amount_of = |label: usize| -> Option<usize> {
        let next = (label + 1..columns.len()).find(|&c| columns[c].role != ColumnRole::Code)?;
        is_amount(columns[next].role).then_some(next)
    };
    let left = columns.iter().position(|c| c.role == ColumnRole::Label)?;
    let left_amount = amount_of(left)?;
    let body: Vec<usize> = rows
        .iter()
        .filter(|r| !matches!(r.role, RowRole::Header | RowRole::Context))
        .map(|r| r.table_row)
        .collect();
    let right = (left_amount + 1..columns.len().saturating_sub(1)).find(|&c| {
        let texts = body
            .iter()
            .filter(|&&r| matches!(grid.value(r, c), Some(Value::Unparsed(_))))
            .count();
        let numbers = body
            .iter()
            .filter(|&&r| matches!(grid.value(r, c), Some(Value::Number(_))))
            .count();
        let header = compact(&columns[c].label);
        let amount = amount_of(c);
        let same_amount_header = amount
            .is_some_and(|a| compact(&columns[a].label) == compact(&columns[left_amount].label));
        let side_header = SIDE_WORDS.iter().any(|w| header.contains(w));
        texts >= 3
            && numbers == 0
            && columns[c].role != ColumnRole::Code
            && amount.is_some()
            && (same_amount_header || side_header)
    })?;
    Some([
        Side {
            label: left,
            amount: left_amount,
        },
        Side {
            label: right,
            amount: amount_of(right)?,
        },
    ])
}

fn cell(grid: &Grid, table_row: usize, column: usize) -> CellRef {
    CellRef {
        table_row,
        column,
        grid_col: grid.grid_cols.get(column).copied().unwrap_or(column),
        published: grid
            .value(table_row, column)
            .map(|v| v.text().trim().to_string())
            .unwrap_or_default(),
    }
}

fn decimals(grid: &Grid, cells: &[&CellRef]) -> u32 {
    cells
        .iter()
        .filter_map(|c| grid.value(c.table_row, c.column))
        .filter_map(|v| v.number().map(|n| n.decimals))
        .max()
        .unwrap_or(0)
}

/// The label of `row` on `side`, spaces removed, if any.
pub(crate) fn side_label(grid: &Grid, row: usize, side: Side) -> String {
    grid.value(row, side.label)
        .map(|v| compact(v.text()))
        .unwrap_or_default()
}

/// The relations of a two-sided table: on each side, every total row = the previous total
/// (if any) + the items since it; and the sides' last totals are equal. Marks each side's
/// amount column as blank-is-zero (a line without a figure has none) and the right label
/// column as a label column.
pub(crate) fn relations(
    rows: &[RowInfo],
    columns: &mut [ColumnInfo],
    grid: &mut Grid,
    sides: [Side; 2],
    words: &Compiled,
) -> Vec<Relation> {
    let mut relations = Vec::new();
    let mut last_totals = Vec::new();
    for side in sides {
        if let Some(column) = columns.get_mut(side.label) {
            column.role = ColumnRole::Label;
        }
        if let Some(zero) = grid.blank_is_zero.get_mut(side.amount) {
            *zero = true;
        }
        let amount_name = columns
            .get(side.amount)
            .map(|c| c.label.clone())
            .unwrap_or_default();
        let mut previous_total: Option<(usize, String)> = None;
        let mut items: Vec<usize> = Vec::new();
        for row in rows
            .iter()
            .filter(|r| !matches!(r.role, RowRole::Header | RowRole::Context))
        {
            let label = side_label(grid, row.table_row, side);
            if label.is_empty() {
                continue;
            }
            if !contains_any(&label, &words.summary) {
                items.push(row.table_row);
                continue;
            }
            let target = cell(grid, row.table_row, side.amount);
            let operands: Vec<Operand> = previous_total
                .iter()
                .map(|(r, _)| *r)
                .chain(items.iter().copied())
                .map(|r| Operand {
                    cell: cell(grid, r, side.amount),
                    role: OperandRole::Add,
                })
                .collect();
            if operands.is_empty() {
                continue;
            }
            let names: Vec<String> = previous_total
                .iter()
                .map(|(_, n)| n.clone())
                .chain(items.iter().map(|&r| side_label(grid, r, side)))
                .collect();
            let shown = names
                .iter()
                .take(6)
                .cloned()
                .collect::<Vec<_>>()
                .join(" + ");
            let more = if names.len() > 6 { " + …" } else { "" };
            let mut refs: Vec<&CellRef> = operands.iter().map(|o| &o.cell).collect();
            refs.push(&target);
            let rounding = decimals(grid, &refs);
            relations.push(Relation {
                id: format!("column_sum:{label}:{amount_name}"),
                kind: RelationKind::ColumnSum,
                target,
                operands,
                bound: Bound::Equal,
                factor: None,
                rounding,
                source: RelationSource::Structure,
                rule: Words::new(
                    format!("{label} = {shown}{more}"),
                    format!("{label} = {shown}{more} (one side of a two-sided table)"),
                ),
            });
            previous_total = Some((row.table_row, label));
            items.clear();
        }
        if let Some(total) = previous_total {
            last_totals.push(total);
        }
    }
    if let [(left_row, left_name), (right_row, right_name)] = last_totals.as_slice() {
        let target = cell(grid, *left_row, sides[0].amount);
        let operand = cell(grid, *right_row, sides[1].amount);
        let rounding = decimals(grid, &[&target, &operand]);
        relations.push(Relation {
            id: format!("balance:{left_name}:{right_name}"),
            kind: RelationKind::ColumnSum,
            target,
            operands: vec![Operand {
                cell: operand,
                role: OperandRole::Add,
            }],
            bound: Bound::Equal,
            factor: None,
            rounding,
            source: RelationSource::Structure,
            rule: Words::new(
                format!("{left_name} = {right_name}（两侧平衡）"),
                format!("{left_name} = {right_name} (the two sides balance)"),
            ),
        });
    }
    relations
}
