//! Two-sided tables: a 收入支出决算总表 puts two lists side by side — 收入 | 决算数 | 支出 |
//! 决算数 — each with its own totals (本年收入合计, 收入总计 on the left; 本年支出合计, 支出总计
//! on the right), and the two sides balance (收入总计 = 支出总计). Read as one list, its rows
//! mix both sides; read as two, every total is a relation.

use super::super::value::Value;
use super::grid::Grid;
use super::roles::{ALIGNED_UNDER_OF_WHICH, Style, numbering_style};
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
    /// Its classification codes (科目编码) just left of the names, if any.
    pub code: Option<usize>,
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
    let code_of = |label: usize| {
        label.checked_sub(1).filter(|&c| {
            columns
                .get(c)
                .is_some_and(|col| col.role == ColumnRole::Code)
        })
    };
    Some([
        Side {
            label: left,
            code: code_of(left),
            amount: left_amount,
        },
        Side {
            label: right,
            code: code_of(right),
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

/// The label of `row` on `side`, spaces removed, if any: a total merged over the code and
/// label columns (`人员经费合计` across `科目编码 | 科目名称`) has its text in the code column.
pub(crate) fn side_label(grid: &Grid, row: usize, side: Side) -> String {
    let label = grid
        .value(row, side.label)
        .map(|v| compact(v.text()))
        .unwrap_or_default();
    if !label.is_empty() {
        return label;
    }
    match side.code.and_then(|c| grid.value(row, c)) {
        Some(Value::Unparsed(text)) => compact(text),
        _ => String::new(),
    }
}

/// Pairs of words of two sides that balance: what came in and what went out.
const BALANCING: &[(&str, &str)] = &[
    ("收入", "支出"),
    ("资产", "负债"),
    ("来源", "去向"),
    ("来源", "用途"),
];

/// The words that name a side: its header and its last total's name.
fn side_words(columns: &[ColumnInfo], side: Side, total: &str) -> String {
    let header = columns
        .get(side.label)
        .map(|c| compact(&c.path))
        .unwrap_or_default();
    format!("{header}|{total}")
}

/// Whether two sides balance: one names what came in (收入) and the other what went out
/// (支出). 人员经费 beside 公用经费 (基本支出决算表) are two lists that do not.
fn complementary(left: &str, right: &str) -> bool {
    BALANCING
        .iter()
        .any(|(a, b)| left.contains(a) && right.contains(b))
}

/// The figure columns of each side: past its label up to the next side's label (or the end),
/// row numbers (行次) left out. `项目 | 行次 | 合计 | 一般公共预算财政拨款 | 政府性基金…`
/// has four on its right side.
fn side_amounts(columns: &[ColumnInfo], sides: [Side; 2]) -> [Vec<usize>; 2] {
    let ends = [sides[1].label, columns.len()];
    let of = |k: usize| -> Vec<usize> {
        (sides[k].label + 1..ends[k])
            .filter(|&c| columns.get(c).is_some_and(|col| is_amount(col.role)))
            .collect()
    };
    [of(0), of(1)]
}

/// The lines one side breaks down: a line and the lines indented under it
/// (`年初财政拨款结转和结余`, then `　　一般公共预算财政拨款` …), or the `其中` list after it.
struct Breakdown {
    parent: usize,
    parts: Vec<usize>,
    by: BrokenDownBy,
}

/// How a side shows that lines break down the one above them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BrokenDownBy {
    /// Numbered one level down (`一、本年收入`, then `（一）一般公共预算拨款`).
    Numbering,
    /// Classification codes (`301 工资福利支出`, then `30101 基本工资`).
    Code,
    /// Indented by leading spaces: layout, not a stated rule.
    Indentation,
    /// Marked `其中`: the list may name only some of the parts.
    OfWhich,
}

/// The relations of a two-sided table: on each side and in each of its figure columns, every
/// total row = the previous total (if any) + the items since it, and a line broken down by
/// the lines indented under it = their sum; a side's 合计 column = its other columns, row by
/// row; and the sides' last totals are equal. Marks each side's figure columns as
/// blank-is-zero (a line without a figure has none) and the right label column as a label
/// column.
pub(crate) fn relations(
    rows: &[RowInfo],
    columns: &mut [ColumnInfo],
    grid: &mut Grid,
    indents: &[Vec<u8>],
    sides: [Side; 2],
    words: &Compiled,
) -> Vec<Relation> {
    let mut relations = Vec::new();
    let mut last_totals = Vec::new();
    let amounts = side_amounts(columns, sides);
    let body: Vec<usize> = rows
        .iter()
        .filter(|r| !matches!(r.role, RowRole::Header | RowRole::Context))
        .map(|r| r.table_row)
        .collect();
    for (side, side_columns) in sides.into_iter().zip(&amounts) {
        if let Some(column) = columns.get_mut(side.label) {
            column.role = ColumnRole::Label;
        }
        for &c in side_columns {
            if let Some(zero) = grid.blank_is_zero.get_mut(c) {
                *zero = true;
            }
        }
        let several = side_columns.len() > 1;
        let column_names: Vec<String> = side_columns
            .iter()
            .map(|&c| {
                columns
                    .get(c)
                    .map(|col| col.label.clone())
                    .unwrap_or_default()
            })
            .collect();
        // `「合计」列：` before a rule, when the side has more than one figure column.
        let in_column = |k: usize| -> (String, String) {
            match column_names.get(k).filter(|_| several) {
                Some(name) => (format!("「{name}」列："), format!("column “{name}”: ")),
                None => (String::new(), String::new()),
            }
        };
        // The side's classification codes (`科目编码 | 科目名称 | 决算数` on each side).
        let code_column = side.code;
        let code_of = |row: usize| -> Option<String> {
            let text = grid.value(row, code_column?)?.text().trim().to_string();
            (text.len() >= 3 && text.bytes().all(|b| b.is_ascii_digit())).then_some(text)
        };
        let mut codes: Vec<(String, usize)> = Vec::new();
        let depth = |row: usize| -> u8 {
            indents
                .get(row)
                .and_then(|r| r.get(side.label))
                .copied()
                .unwrap_or(0)
        };
        let mut previous_total: Option<(usize, String)> = None;
        let mut items: Vec<usize> = Vec::new();
        let mut breakdowns: Vec<Breakdown> = Vec::new();
        // The lines since the last total that may be broken down, by indentation.
        let mut open: Vec<(u8, usize)> = Vec::new();
        // An unnumbered `其中` list being read: its breakdown and the marker line's indentation.
        let mut of_which_list: Option<(usize, u8, Option<u8>)> = None;
        // The numbered lines since the last total, one per numbering style, outermost first.
        let mut outline: Vec<(Style, usize)> = Vec::new();
        // The total on the line just above, which a `其中` list may break down
        // (`本年收入合计`, then `其中：…`).
        let mut total_above: Option<usize> = None;
        for &row in &body {
            let label = side_label(grid, row, side);
            if label.is_empty() {
                continue;
            }
            if contains_any(&label, &words.summary) {
                open.clear();
                outline.clear();
                codes.clear();
                of_which_list = None;
                let target_row = row;
                let operand_rows: Vec<usize> = previous_total
                    .iter()
                    .map(|(r, _)| *r)
                    .chain(items.iter().copied())
                    .collect();
                if operand_rows.is_empty() {
                    continue;
                }
                let names: Vec<String> = previous_total
                    .iter()
                    .map(|(_, n)| n.clone())
                    .chain(items.iter().map(|&r| side_label(grid, r, side)))
                    .collect();
                let listed = shown(&names);
                for (k, &c) in side_columns.iter().enumerate() {
                    let (zh, en) = in_column(k);
                    relations.push(sum_relation(
                        grid,
                        format!("column_sum:{label}:{}", column_names[k]),
                        RelationKind::ColumnSum,
                        (target_row, c),
                        &operand_rows.iter().map(|&r| (r, c)).collect::<Vec<_>>(),
                        Bound::Equal,
                        RelationSource::Structure,
                        Words::new(
                            format!("{zh}{label} = {listed}"),
                            format!("{en}{label} = {listed} (one side of a two-sided table)"),
                        ),
                    ));
                }
                previous_total = Some((row, label));
                items.clear();
                total_above = Some(row);
                continue;
            }
            let d = depth(row);
            if let Some((b, marker_depth, aligned_at)) = of_which_list {
                if d >= marker_depth.saturating_add(ALIGNED_UNDER_OF_WHICH)
                    && aligned_at.is_none_or(|a| a == d)
                    && !starts_of_which(&label, words)
                {
                    if let Some(parent) = breakdowns.get(b).map(|x| x.parent) {
                        part_of(&mut breakdowns, parent, row, BrokenDownBy::OfWhich);
                    }
                    of_which_list = Some((b, marker_depth, Some(d)));
                    continue;
                }
                of_which_list = None;
            }
            let after_total = total_above.take();
            if starts_of_which(&label, words) {
                // `其中：…` breaks down the line above it, indented or not.
                if let Some(parent) = open.last().map(|&(_, r)| r).or(after_total) {
                    let b = part_of(&mut breakdowns, parent, row, BrokenDownBy::OfWhich);
                    of_which_list = Some((b, d, None));
                    continue;
                }
            }
            if let Some(code) = code_of(row) {
                // `301 工资福利支出`, then `30101 基本工资`: a code within another's is its part.
                while codes
                    .last()
                    .is_some_and(|(c, _)| !(code.len() > c.len() && code.starts_with(c.as_str())))
                {
                    codes.pop();
                }
                match codes.last() {
                    Some(&(_, parent)) => {
                        part_of(&mut breakdowns, parent, row, BrokenDownBy::Code);
                    }
                    None => items.push(row),
                }
                codes.push((code, row));
                open.clear();
                open.push((d, row));
                continue;
            }
            if let Some((style, _)) = numbering_style(&label) {
                // `一、本年收入`, then `（一）一般公共预算拨款`: a style already open closes the
                // levels inside it.
                if let Some(k) = outline.iter().position(|(s, _)| *s == style) {
                    outline.truncate(k);
                }
                open.clear();
                match outline.last() {
                    Some(&(_, parent)) => {
                        part_of(&mut breakdowns, parent, row, BrokenDownBy::Numbering);
                    }
                    None => items.push(row),
                }
                outline.push((style, row));
                open.push((d, row));
                continue;
            }
            while open.last().is_some_and(|(o, _)| *o >= d) {
                open.pop();
            }
            match open.last() {
                Some(&(_, parent)) => {
                    part_of(&mut breakdowns, parent, row, BrokenDownBy::Indentation);
                }
                None => {
                    outline.clear();
                    items.push(row);
                }
            }
            open.push((d, row));
        }
        for breakdown in &breakdowns {
            let parent_label = side_label(grid, breakdown.parent, side);
            let part_labels: Vec<String> = breakdown
                .parts
                .iter()
                .map(|&r| side_label(grid, r, side))
                .collect();
            let part_refs: Vec<&str> = part_labels.iter().map(String::as_str).collect();
            let listed = shown(&part_labels);
            let (kind, bound, source) = match breakdown.by {
                BrokenDownBy::OfWhich => {
                    let complete = super::roles::labels_exhaust(&parent_label, &part_refs);
                    let bound = if complete {
                        Bound::Equal
                    } else {
                        Bound::AtMost
                    };
                    (RelationKind::PartOf, bound, RelationSource::Structure)
                }
                BrokenDownBy::Numbering | BrokenDownBy::Code => (
                    RelationKind::Hierarchy,
                    Bound::Equal,
                    RelationSource::Structure,
                ),
                // Indentation is layout, not a stated rule: a disagreement is a warning.
                BrokenDownBy::Indentation => (
                    RelationKind::Hierarchy,
                    Bound::Equal,
                    RelationSource::Inferred,
                ),
            };
            for (k, &c) in side_columns.iter().enumerate() {
                let (zh, en) = in_column(k);
                let rule = match bound {
                    Bound::Equal if breakdown.by == BrokenDownBy::Code => Words::new(
                        format!("{zh}{parent_label} = 下级科目之和（{listed}）"),
                        format!("{en}{parent_label} = the sum of its children ({listed})"),
                    ),
                    Bound::Equal => Words::new(
                        format!("{zh}{parent_label} = 所列明细之和（{listed}）"),
                        format!("{en}{parent_label} = the sum of the lines under it ({listed})"),
                    ),
                    Bound::AtMost => Words::new(
                        format!("{zh}其中各项之和（{listed}）不超过{parent_label}"),
                        format!("{en}the parts listed ({listed}) do not exceed {parent_label}"),
                    ),
                };
                relations.push(sum_relation(
                    grid,
                    format!("{}:{parent_label}:{}", kind.as_str(), column_names[k]),
                    kind,
                    (breakdown.parent, c),
                    &breakdown.parts.iter().map(|&r| (r, c)).collect::<Vec<_>>(),
                    bound,
                    source,
                    rule,
                ));
            }
        }
        relations.extend(side_row_totals(grid, columns, &body, side, side_columns));
        // A column without a figure in a sum (国有资本经营预算财政拨款, all blank) has
        // nothing to check.
        relations.retain(|r| {
            std::iter::once(&r.target)
                .chain(r.operands.iter().map(|o| &o.cell))
                .any(|c| matches!(grid.value(c.table_row, c.column), Some(Value::Number(_))))
        });
        if let Some(total) = previous_total {
            last_totals.push(total);
        }
    }
    if let [(left_row, left_name), (right_row, right_name)] = last_totals.as_slice()
        && complementary(
            &side_words(columns, sides[0], left_name),
            &side_words(columns, sides[1], right_name),
        )
    {
        // The first figure columns balance, and any further pair of the same name (预算数
        // with 预算数).
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        if let (Some(&l), Some(&r)) = (amounts[0].first(), amounts[1].first()) {
            pairs.push((l, r));
        }
        for &l in amounts[0].iter().skip(1) {
            let name = columns
                .get(l)
                .map(|c| compact(&c.label))
                .unwrap_or_default();
            if let Some(&r) = amounts[1]
                .iter()
                .skip(1)
                .find(|&&r| columns.get(r).map(|c| compact(&c.label)).as_ref() == Some(&name))
            {
                pairs.push((l, r));
            }
        }
        for (l, r) in pairs {
            let target = cell(grid, *left_row, l);
            let operand = cell(grid, *right_row, r);
            let rounding = decimals(grid, &[&target, &operand]);
            let column_name = columns.get(l).map(|c| c.label.clone()).unwrap_or_default();
            let id = if l == amounts[0].first().copied().unwrap_or(l) {
                format!("balance:{left_name}:{right_name}")
            } else {
                format!("balance:{left_name}:{right_name}:{column_name}")
            };
            let (zh, en) = if l == amounts[0].first().copied().unwrap_or(l) {
                (String::new(), String::new())
            } else {
                (
                    format!("「{column_name}」列："),
                    format!("column “{column_name}”: "),
                )
            };
            relations.push(Relation {
                id,
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
                    format!("{zh}{left_name} = {right_name}（两侧平衡）"),
                    format!("{en}{left_name} = {right_name} (the two sides balance)"),
                ),
            });
        }
    }
    relations
}

/// Whether a side's label opens a `其中` list.
fn starts_of_which(label: &str, words: &Compiled) -> bool {
    words.of_which.iter().any(|w| label.starts_with(w.as_str()))
}

/// Adds `row` to the parts of `parent`'s breakdown (made when new) and returns the
/// breakdown's index. A `其中` among the parts makes the list one that may be partial.
fn part_of(breakdowns: &mut Vec<Breakdown>, parent: usize, row: usize, by: BrokenDownBy) -> usize {
    let i = match breakdowns.iter().position(|b| b.parent == parent) {
        Some(i) => i,
        None => {
            breakdowns.push(Breakdown {
                parent,
                parts: Vec::new(),
                by,
            });
            breakdowns.len() - 1
        }
    };
    if let Some(b) = breakdowns.get_mut(i) {
        b.parts.push(row);
        if by == BrokenDownBy::OfWhich {
            b.by = by;
        }
    }
    i
}

/// The first six names joined by ` + `, then ` + …`.
fn shown(names: &[String]) -> String {
    let mut out = names
        .iter()
        .take(6)
        .cloned()
        .collect::<Vec<_>>()
        .join(" + ");
    if names.len() > 6 {
        out.push_str(" + …");
    }
    out
}

/// `target` = the sum of the `operands` cells (row, column), rounded to the decimals they print.
#[allow(clippy::too_many_arguments)]
fn sum_relation(
    grid: &Grid,
    id: String,
    kind: RelationKind,
    (target_row, target_column): (usize, usize),
    operands: &[(usize, usize)],
    bound: Bound,
    source: RelationSource,
    rule: Words,
) -> Relation {
    let target = cell(grid, target_row, target_column);
    let operands: Vec<Operand> = operands
        .iter()
        .map(|&(r, c)| Operand {
            cell: cell(grid, r, c),
            role: OperandRole::Add,
        })
        .collect();
    let mut refs: Vec<&CellRef> = operands.iter().map(|o| &o.cell).collect();
    refs.push(&target);
    let rounding = decimals(grid, &refs);
    Relation {
        id,
        kind,
        target,
        operands,
        bound,
        factor: None,
        rounding,
        source,
        rule,
    }
}

/// A side whose first figure column is a 合计 over the others (`合计 | 一般公共预算财政拨款 |
/// 政府性基金预算财政拨款 | …`): that column = the sum of the others, on every line of the side
/// with a figure.
fn side_row_totals(
    grid: &Grid,
    columns: &[ColumnInfo],
    body: &[usize],
    side: Side,
    side_columns: &[usize],
) -> Vec<Relation> {
    let Some((&total, parts)) = side_columns.split_first() else {
        return Vec::new();
    };
    if columns.get(total).map(|c| c.role) != Some(ColumnRole::Total)
        || parts.len() < 2
        || parts
            .iter()
            .any(|&c| columns.get(c).map(|col| col.role) != Some(ColumnRole::Amount))
    {
        return Vec::new();
    }
    let name = |c: usize| {
        columns
            .get(c)
            .map(|col| col.label.clone())
            .unwrap_or_default()
    };
    let total_name = name(total);
    let part_names = parts
        .iter()
        .map(|&c| name(c))
        .collect::<Vec<_>>()
        .join(" + ");
    body.iter()
        .filter(|&&r| {
            side_columns
                .iter()
                .any(|&c| matches!(grid.value(r, c), Some(Value::Number(_))))
        })
        .map(|&r| {
            let row = side_label(grid, r, side);
            let cells: Vec<(usize, usize)> = parts.iter().map(|&c| (r, c)).collect();
            sum_relation(
                grid,
                format!("row_total:{row}:{total_name}"),
                RelationKind::RowTotal,
                (r, total),
                &cells,
                Bound::Equal,
                RelationSource::Header,
                Words::new(
                    format!("「{row}」行：{total_name} = {part_names}"),
                    format!("row “{row}”: {total_name} = {part_names}"),
                ),
            )
        })
        .collect()
}
