//! The relations a table's structure implies, found from its row and column roles.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::super::value::{Value, normalize_number_text};
use super::grid::Grid;
use super::roles::labels_exhaust;
use super::vocabulary::{Compiled, compact, contains_any};
use super::{
    Bound, CellRef, ColumnInfo, ColumnRole, NotRecomputed, NotRecomputedReason, Operand,
    OperandRole, Relation, RelationKind, RelationSource, RowInfo, RowRole, Words,
};
use crate::wordml::Table;

/// What [`find`] returns.
pub(crate) struct Found {
    pub relations: Vec<Relation>,
    pub not_recomputed: Vec<NotRecomputed>,
}

/// The most row names a rule's words list (a 合计 over 10,000 rows names the first few).
const NAMES_SHOWN: usize = 6;

/// Columns summed down by 合计, 小计 and hierarchy parents.
fn summed_down(role: ColumnRole) -> bool {
    matches!(
        role,
        ColumnRole::Amount | ColumnRole::Total | ColumnRole::Count
    )
}

/// Rows whose cells take part in row-wise relations.
fn figure_row(role: RowRole) -> bool {
    role.holds_figures()
}

struct Builder<'a> {
    grid: &'a Grid,
    rows: &'a [RowInfo],
    columns: &'a [ColumnInfo],
    relations: Vec<Relation>,
    not_recomputed: Vec<NotRecomputed>,
    /// Each row's name (its label, else its code, else its 1-based number).
    row_names: Vec<String>,
    /// Per row: the first row of the same name, so that ids repeat only with the words.
    name_ids: Vec<usize>,
    /// Each column's name (its header path, else `#n`).
    column_names: Vec<String>,
    /// How many relations have each (kind, row name, column): for `#2`, `#3` … in ids.
    ids: HashMap<(RelationKind, usize, usize), usize>,
}

impl<'a> Builder<'a> {
    fn new(grid: &'a Grid, rows: &'a [RowInfo], columns: &'a [ColumnInfo]) -> Self {
        let row_names: Vec<String> = rows
            .iter()
            .map(|r| {
                r.label
                    .clone()
                    .or_else(|| r.code.clone())
                    .unwrap_or_else(|| format!("{}", r.table_row + 1))
            })
            .collect();
        let mut first: HashMap<&str, usize> = HashMap::new();
        let name_ids = row_names
            .iter()
            .enumerate()
            .map(|(i, n)| *first.entry(n.as_str()).or_insert(i))
            .collect();
        let column_names = columns
            .iter()
            .map(|c| {
                if c.path.is_empty() {
                    format!("#{}", c.index + 1)
                } else {
                    c.path.clone()
                }
            })
            .collect();
        Builder {
            grid,
            rows,
            columns,
            relations: Vec::new(),
            not_recomputed: Vec::new(),
            row_names,
            name_ids,
            column_names,
            ids: HashMap::new(),
        }
    }

    fn cell(&self, table_row: usize, column: usize) -> CellRef {
        CellRef {
            table_row,
            column,
            grid_col: self.grid.grid_cols.get(column).copied().unwrap_or(column),
            published: self
                .grid
                .value(table_row, column)
                .map(|v| v.text().trim().to_string())
                .unwrap_or_default(),
        }
    }

    fn row_name(&self, table_row: usize) -> &str {
        self.row_names.get(table_row).map_or("", String::as_str)
    }

    fn column_name(&self, column: usize) -> &str {
        self.column_names.get(column).map_or("", String::as_str)
    }

    fn decimals(&self, cell: &CellRef, operands: &[Operand], kind: RelationKind) -> u32 {
        match self.grid.value(cell.table_row, cell.column) {
            Some(Value::Number(n)) => n.decimals,
            _ if matches!(kind, RelationKind::Rate | RelationKind::Share) => 2,
            _ => operands
                .iter()
                .filter_map(|o| self.grid.value(o.cell.table_row, o.cell.column))
                .filter_map(|v| v.number().map(|n| n.decimals))
                .max()
                .unwrap_or(0),
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        kind: RelationKind,
        target: (usize, usize),
        operands: impl IntoIterator<Item = (usize, usize, OperandRole)>,
        bound: Bound,
        factor: Option<Decimal>,
        source: RelationSource,
    ) {
        let target_ref = self.cell(target.0, target.1);
        let operands: Vec<Operand> = operands
            .into_iter()
            .map(|(r, c, role)| Operand {
                cell: self.cell(r, c),
                role,
            })
            .collect();
        let name_id = self.name_ids.get(target.0).copied().unwrap_or(target.0);
        let n = self.ids.entry((kind, name_id, target.1)).or_insert(0);
        *n += 1;
        let n = *n;
        let row = self.row_name(target.0);
        let col = self.column_name(target.1);
        let id = if n == 1 {
            format!("{}:{row}:{col}", kind.as_str())
        } else {
            format!("{}:{row}:{col}#{n}", kind.as_str())
        };
        let rounding = self.decimals(&target_ref, &operands, kind);
        let rule = self.rule(kind, row, col, &operands, bound, factor);
        self.relations.push(Relation {
            id,
            kind,
            target: target_ref,
            operands,
            bound,
            factor,
            rounding,
            source,
            rule,
        });
    }

    fn rule(
        &self,
        kind: RelationKind,
        row: &str,
        col: &str,
        operands: &[Operand],
        bound: Bound,
        factor: Option<Decimal>,
    ) -> Words {
        let rows_named = |ops: &[Operand]| -> String {
            let mut out = String::new();
            for (i, o) in ops.iter().take(NAMES_SHOWN).enumerate() {
                if i > 0 {
                    out.push_str(" + ");
                }
                out.push_str(self.row_name(o.cell.table_row));
            }
            if ops.len() > NAMES_SHOWN {
                out.push_str(" + …");
            }
            out
        };
        let cols_named = |ops: &[Operand]| -> String {
            let mut out = String::new();
            for (i, o) in ops.iter().enumerate() {
                if i > 0 {
                    out.push_str(" + ");
                }
                out.push_str(self.column_name(o.cell.column));
            }
            out
        };
        let find = |role: OperandRole| {
            operands
                .iter()
                .find(|o| o.role == role)
                .map(|o| self.column_name(o.cell.column))
                .unwrap_or_default()
        };
        let n = operands.len();
        let listed = match kind {
            RelationKind::ColumnSum
            | RelationKind::Subtotal
            | RelationKind::Hierarchy
            | RelationKind::PartOf => rows_named(operands),
            _ => String::new(),
        };
        match kind {
            RelationKind::RowTotal => {
                let parts = cols_named(operands);
                Words::new(
                    format!("「{row}」行：{col} = {parts}"),
                    format!("row “{row}”: {col} = {parts}"),
                )
            }
            RelationKind::ColumnSum | RelationKind::Subtotal => Words::new(
                format!("「{col}」列：{row} = 所含{n}行之和（{}）", listed.clone()),
                format!(
                    "column “{col}”: {row} = the sum of the {n} rows it covers ({})",
                    listed.clone()
                ),
            ),
            RelationKind::Hierarchy => Words::new(
                format!("「{col}」列：{row} = 下级科目之和（{}）", listed.clone()),
                format!(
                    "column “{col}”: {row} = the sum of its {n} children ({})",
                    listed.clone()
                ),
            ),
            RelationKind::PartOf => match bound {
                Bound::Equal => Words::new(
                    format!("「{col}」列：{row} = 其中各项之和（{}）", listed.clone()),
                    format!(
                        "column “{col}”: {row} = the sum of its parts ({})",
                        listed.clone()
                    ),
                ),
                Bound::AtMost => Words::new(
                    format!("「{col}」列：其中各项之和（{}）不超过{row}", listed.clone()),
                    format!(
                        "column “{col}”: the parts listed ({}) do not exceed {row}",
                        listed.clone()
                    ),
                ),
            },
            RelationKind::Difference => {
                let (cur, prev) = (find(OperandRole::Current), find(OperandRole::Previous));
                Words::new(
                    format!("「{row}」行：{col} = {cur} − {prev}"),
                    format!("row “{row}”: {col} = {cur} − {prev}"),
                )
            }
            RelationKind::Rate => {
                let (cur, prev) = (find(OperandRole::Current), find(OperandRole::Previous));
                Words::new(
                    format!("「{row}」行：{col} = （{cur} − {prev}）÷ {prev} × 100"),
                    format!("row “{row}”: {col} = ({cur} − {prev}) ÷ {prev} × 100"),
                )
            }
            RelationKind::Share => {
                let whole = operands
                    .iter()
                    .find(|o| o.role == OperandRole::Whole)
                    .map(|o| self.row_name(o.cell.table_row))
                    .unwrap_or_default();
                let part = find(OperandRole::Part);
                Words::new(
                    format!("「{row}」行：{col} = {part} ÷「{whole}」行的{part} × 100"),
                    format!("row “{row}”: {col} = {part} ÷ {part} of “{whole}” × 100"),
                )
            }
            RelationKind::Product => {
                let count = find(OperandRole::Count);
                let f = factor
                    .map(|f| f.normalize().to_string())
                    .unwrap_or_default();
                Words::new(
                    format!("「{row}」行：{col} = {count} × {f}"),
                    format!("row “{row}”: {col} = {count} × {f}"),
                )
            }
        }
    }

    /// Every numeric cell of `column` in figure rows, as not recomputed for `reason`.
    fn not_recomputed_column(&mut self, column: usize, reason: NotRecomputedReason) {
        let rows: Vec<usize> = self
            .rows
            .iter()
            .filter(|r| figure_row(r.role))
            .map(|r| r.table_row)
            .collect();
        for r in rows {
            if matches!(self.grid.value(r, column), Some(Value::Number(_))) {
                let cell = self.cell(r, column);
                self.not_recomputed.push(NotRecomputed { cell, reason });
            }
        }
    }
}

/// Finds every relation the structure implies.
pub(crate) fn find(
    grid: &Grid,
    rows: &[RowInfo],
    columns: &[ColumnInfo],
    table: &Table,
    words: &Compiled,
) -> Found {
    let mut b = Builder::new(grid, rows, columns);
    let down: Vec<usize> = columns
        .iter()
        .filter(|c| summed_down(c.role))
        .map(|c| c.index)
        .collect();
    let figure_rows: Vec<usize> = rows
        .iter()
        .filter(|r| figure_row(r.role))
        .map(|r| r.table_row)
        .collect();

    let row_wise = columns
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                ColumnRole::Total | ColumnRole::Difference | ColumnRole::Rate | ColumnRole::Share
            )
        })
        .count();
    let parents = rows.iter().filter(|r| r.parent.is_some()).count();
    b.relations
        .reserve(figure_rows.len() * row_wise + (parents + 8).min(rows.len()) * down.len());
    // Row-wise: total columns, products, differences, rates.
    row_totals(&mut b, &figure_rows, words);
    products(&mut b, &figure_rows, table);
    periods(&mut b, &figure_rows, words);

    // Column-wise: 合计 and 小计 rows, hierarchy, 其中.
    let coverage = summary_coverage(rows);
    for (summary, covered) in &coverage {
        let kind = match rows.get(*summary).map(|r| r.role) {
            Some(RowRole::Subtotal) => RelationKind::Subtotal,
            _ => RelationKind::ColumnSum,
        };
        if covered.is_empty() {
            for &c in &down {
                if matches!(grid.value(*summary, c), Some(Value::Number(_))) {
                    let cell = b.cell(*summary, c);
                    b.not_recomputed.push(NotRecomputed {
                        cell,
                        reason: NotRecomputedReason::NothingCovered,
                    });
                }
            }
            continue;
        }
        for &c in &down {
            let ops = covered.iter().map(|&r| (r, c, OperandRole::Add));
            b.push(
                kind,
                (*summary, c),
                ops,
                Bound::Equal,
                None,
                RelationSource::Structure,
            );
        }
    }
    let mut children: Vec<(usize, Vec<usize>, bool, bool)> = Vec::new();
    let mut index: HashMap<(usize, bool), usize> = HashMap::new();
    for row in rows {
        if let Some(p) = row.parent {
            let key = (p, row.of_which);
            let i = *index.entry(key).or_insert_with(|| {
                children.push((p, Vec::new(), row.of_which, false));
                children.len() - 1
            });
            if let Some(entry) = children.get_mut(i) {
                entry.1.push(row.table_row);
                entry.3 |= row.parent_inferred;
            }
        }
    }
    for (parent, kids, of_which, inferred) in children {
        // A `其中` list may break down a 合计 row as well as an item (`本年收入合计`, then
        // `其中：财政拨款收入`).
        let parent_role = rows.get(parent).map(|r| r.role);
        let breaks_down_total =
            of_which && matches!(parent_role, Some(RowRole::Summary | RowRole::Subtotal));
        if parent_role != Some(RowRole::Data) && !breaks_down_total {
            continue;
        }
        let (kind, bound) = if of_which {
            let parent_label = rows
                .get(parent)
                .and_then(|r| r.label.clone())
                .unwrap_or_default();
            let labels: Vec<&str> = kids
                .iter()
                .filter_map(|&k| rows.get(k).and_then(|r| r.label.as_deref()))
                .collect();
            let complete = labels_exhaust(&parent_label, &labels);
            (
                RelationKind::PartOf,
                if complete {
                    Bound::Equal
                } else {
                    Bound::AtMost
                },
            )
        } else {
            (RelationKind::Hierarchy, Bound::Equal)
        };
        let source = if inferred {
            RelationSource::Inferred
        } else {
            RelationSource::Structure
        };
        for &c in &down {
            let ops = kids.iter().map(|&r| (r, c, OperandRole::Add));
            b.push(kind, (parent, c), ops, bound, None, source);
        }
    }

    shares(&mut b, &figure_rows, &coverage);
    for col in columns
        .iter()
        .filter(|c| matches!(c.role, ColumnRole::Percent | ColumnRole::PerUnit))
    {
        b.not_recomputed_column(col.index, NotRecomputedReason::UnknownFormula);
    }
    Found {
        relations: b.relations,
        not_recomputed: b.not_recomputed,
    }
}

/// The rows each 合计/小计 row covers: a summary row after its items sums the items above it
/// back to the previous summary of its rank or higher (小计 stops at a section title too); one
/// before its items sums the items below it up to the next summary of its rank or higher.
/// Items are the top-level data rows (hierarchy children and `其中` parts are inside their
/// parents) and lower summaries, which stand for the rows they cover.
fn summary_coverage(rows: &[RowInfo]) -> Vec<(usize, Vec<usize>)> {
    let has_grand = rows.iter().any(|r| {
        r.role == RowRole::Summary
            && r.label.as_deref().is_some_and(|l| {
                let k = compact(l);
                k.contains("总计") || k.contains("總計")
            })
    });
    let rank = |r: &RowInfo| -> u8 {
        match r.role {
            RowRole::Subtotal => 1,
            RowRole::Summary
                if has_grand
                    && r.label.as_deref().is_some_and(|l| {
                        let k = compact(l);
                        k.contains("总计") || k.contains("總計")
                    }) =>
            {
                3
            }
            RowRole::Summary => 2,
            _ => 0,
        }
    };
    enum Entry {
        Item { row: usize, rank: u8 },
        Boundary,
        Open { row: usize, rank: u8 },
    }
    let mut stack: Vec<Entry> = Vec::new();
    let mut out: Vec<(usize, Vec<usize>)> = Vec::new();
    let broken_down_rows: std::collections::BTreeSet<usize> = rows
        .iter()
        .filter(|r| r.of_which)
        .filter_map(|r| r.parent)
        .collect();
    // Per summary row: whether the next summary of its rank or higher is of its rank (甲类合计
    // then 乙类合计: each opens a section of its own, whatever its `其中` says).
    let summaries: Vec<(usize, u8)> = rows
        .iter()
        .filter(|r| matches!(r.role, RowRole::Summary | RowRole::Subtotal))
        .map(|r| (r.table_row, rank(r)))
        .collect();
    let section_follows = |row: usize, r: u8| {
        summaries
            .iter()
            .skip_while(|(s, _)| *s <= row)
            .find(|(_, k)| *k >= r)
            .is_some_and(|(_, k)| *k == r)
    };
    // Closes the leading summaries of rank ≤ `upto` on top of the stack.
    fn close(stack: &mut Vec<Entry>, out: &mut Vec<(usize, Vec<usize>)>, upto: u8) {
        loop {
            let Some(pos) = stack.iter().rposition(|e| matches!(e, Entry::Open { .. })) else {
                return;
            };
            let Some(Entry::Open { row, rank }) = stack.get(pos) else {
                return;
            };
            let (row, rank) = (*row, *rank);
            if rank > upto {
                return;
            }
            let covered: Vec<usize> = stack
                .drain(pos + 1..)
                .filter_map(|e| match e {
                    Entry::Item { row, rank: r } if r < rank => Some(row),
                    _ => None,
                })
                .collect();
            stack.pop();
            out.push((row, covered));
            stack.push(Entry::Item { row, rank });
        }
    }
    for row in rows {
        match row.role {
            RowRole::Data if row.parent.is_none() => stack.push(Entry::Item {
                row: row.table_row,
                rank: 0,
            }),
            RowRole::Section => stack.push(Entry::Boundary),
            RowRole::Summary | RowRole::Subtotal => {
                let r = rank(row);
                close(&mut stack, &mut out, r);
                // Items of lower rank on top of the stack, back to a summary of this rank or
                // higher (or an open one); a 小计 also stops at a section title.
                let mut covered = Vec::new();
                let mut cut = stack.len();
                while let Some(e) = cut.checked_sub(1).and_then(|i| stack.get(i)) {
                    match e {
                        Entry::Item { row, rank } if *rank < r => covered.push(*row),
                        Entry::Boundary if r > 1 => {}
                        _ => break,
                    }
                    cut -= 1;
                }
                // `收入总计`, then `本年收入合计` broken down by its `其中` list, then
                // `年初结转和结余`: a total inside an open higher one that its list breaks down
                // is one of that total's items, not a total of the rows after it.
                let broken_down = || {
                    broken_down_rows.contains(&row.table_row)
                        && !section_follows(row.table_row, r)
                        && stack
                            .iter()
                            .any(|e| matches!(e, Entry::Open { rank, .. } if *rank > r))
                };
                if covered.is_empty() && broken_down() {
                    stack.push(Entry::Item {
                        row: row.table_row,
                        rank: r,
                    });
                } else if covered.is_empty() {
                    stack.push(Entry::Open {
                        row: row.table_row,
                        rank: r,
                    });
                } else {
                    stack.truncate(cut);
                    covered.reverse();
                    out.push((row.table_row, covered));
                    stack.push(Entry::Item {
                        row: row.table_row,
                        rank: r,
                    });
                }
            }
            _ => {}
        }
    }
    close(&mut stack, &mut out, u8::MAX);
    out.sort_by_key(|(r, _)| *r);
    out
}

/// Total columns: the sum of the amount columns of their group.
fn row_totals(b: &mut Builder<'_>, figure_rows: &[usize], words: &Compiled) {
    let columns = b.columns;
    let prefix = |c: &ColumnInfo| -> String {
        match c.path.rsplit_once(" / ") {
            Some((p, _)) => p.to_string(),
            None => String::new(),
        }
    };
    for total in columns.iter().filter(|c| c.role == ColumnRole::Total) {
        let group: Vec<&ColumnInfo> = columns
            .iter()
            .filter(|c| prefix(c) == prefix(total))
            .collect();
        let Some(at) = group.iter().position(|c| c.index == total.index) else {
            continue;
        };
        let is_part = |c: &&&ColumnInfo| c.role == ColumnRole::Amount;
        let before: Vec<usize> = group[..at]
            .iter()
            .rev()
            .take_while(|c| c.role != ColumnRole::Total)
            .filter(is_part)
            .map(|c| c.index)
            .collect();
        let after: Vec<usize> = group[at + 1..]
            .iter()
            .take_while(|c| c.role != ColumnRole::Total)
            .filter(is_part)
            .map(|c| c.index)
            .collect();
        // The parts stand on the side where the group has them: after a total that opens its
        // group (the group's first figure column is a total), before one that closes it.
        let opens = group
            .iter()
            .find(|c| matches!(c.role, ColumnRole::Amount | ColumnRole::Total))
            .is_some_and(|c| c.role == ColumnRole::Total);
        let mut parts = match (opens, before.is_empty(), after.is_empty()) {
            (true, _, false) | (false, true, _) => after,
            _ => before,
        };
        // `本年合计` sums the `本年…` columns: what its label says besides the total word.
        let stem = total_stem(&total.label, b.columns, &words.total_columns);
        if !stem.is_empty() {
            parts.retain(|&c| {
                b.columns
                    .get(c)
                    .is_some_and(|col| compact(&col.label).contains(stem.as_str()))
            });
        }
        parts.sort_unstable();
        // A total of one column is no sum: the header was read wrong (a "Total" over one
        // "Treatment" column), so nothing is claimed.
        if parts.len() < 2 {
            b.not_recomputed_column(total.index, NotRecomputedReason::NoParts);
            continue;
        }
        for &r in figure_rows {
            let ops = parts.iter().map(|&c| (r, c, OperandRole::Add));
            b.push(
                RelationKind::RowTotal,
                (r, total.index),
                ops,
                Bound::Equal,
                None,
                RelationSource::Header,
            );
        }
    }
}

/// A total column's label without its total word (`本年合计` → `本年`), compacted; empty when
/// nothing else is left or no other column shares it.
fn total_stem(label: &str, columns: &[ColumnInfo], total_words: &[String]) -> String {
    let own = compact(label);
    let Some(word) = total_words
        .iter()
        .filter(|w| own.contains(w.as_str()))
        .max_by_key(|w| w.len())
    else {
        return String::new();
    };
    let stem = own.replacen(word.as_str(), "", 1);
    let stem = stem
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_string();
    let shared = columns
        .iter()
        .filter(|c| c.role == ColumnRole::Amount && compact(&c.label).contains(stem.as_str()))
        .count();
    if stem.is_empty() || shared == 0 || stem.chars().all(|c| c.is_ascii_digit()) {
        String::new()
    } else {
        stem
    }
}

static FACTOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"每(?:条|个|项|次|篇|件|人|户|期)\s*([0-9]+(?:\.[0-9]+)?)\s*分")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Scores stated as count × points (`采用得分（每条5分）`), in the header or in the note.
fn products(b: &mut Builder<'_>, figure_rows: &[usize], table: &Table) {
    let columns = b.columns;
    let factor_of = |text: &str| -> Option<Decimal> {
        let text = normalize_number_text(text);
        FACTOR
            .captures(&text)
            .and_then(|c| c.get(1))
            .and_then(|m| Decimal::from_str_exact(m.as_str()).ok())
    };
    let note_factor = table.note.iter().find_map(|n| factor_of(n));
    for col in columns {
        if !matches!(col.role, ColumnRole::Amount | ColumnRole::Total) {
            continue;
        }
        let (factor, source) = match factor_of(&col.path) {
            Some(f) => (f, RelationSource::Header),
            None => match note_factor {
                // A note's factor applies to a score column right after a count column.
                Some(f)
                    if col.label.contains("得分")
                        && col.index > 0
                        && columns.get(col.index - 1).map(|c| c.role)
                            == Some(ColumnRole::Count) =>
                {
                    (f, RelationSource::Note)
                }
                _ => continue,
            },
        };
        let Some(count) = columns[..col.index]
            .iter()
            .rev()
            .find(|c| c.role == ColumnRole::Count)
        else {
            continue;
        };
        for &r in figure_rows {
            b.push(
                RelationKind::Product,
                (r, col.index),
                vec![(r, count.index, OperandRole::Count)],
                Bound::Equal,
                Some(factor),
                source,
            );
        }
    }
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2})\s*年?").unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// The strong period words (本年/上年) outrank the weak ones (决算数/预算数), and years outrank
/// both.
const STRONG_CURRENT: &[&str] = &["本年", "本期", "今年", "当年"];
const STRONG_PREVIOUS: &[&str] = &["上年", "上期", "去年", "上一年"];

/// Which period a column's header names: (current?, strength), strength 3 for a year, 2 for
/// 本年/上年, 1 for other words of the vocabulary.
fn period(path: &str, words: &Compiled, years: Option<(u32, u32)>) -> Option<(bool, u8)> {
    let k = compact(path);
    if let Some((max, _)) = years
        && let Some(y) = YEAR
            .captures(&normalize_number_text(path))
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse::<u32>().ok())
    {
        return Some((y == max, 3));
    }
    let strong_cur = STRONG_CURRENT.iter().any(|w| k.contains(w));
    let strong_prev = STRONG_PREVIOUS.iter().any(|w| k.contains(w));
    match (strong_cur, strong_prev) {
        (true, false) => return Some((true, 2)),
        (false, true) => return Some((false, 2)),
        _ => {}
    }
    let cur = contains_any(&k, &words.current);
    let prev = contains_any(&k, &words.previous);
    match (cur, prev) {
        (true, false) => Some((true, 1)),
        (false, true) => Some((false, 1)),
        _ => None,
    }
}

/// The period words removed, to pair `本年 / 基本支出` with `上年 / 基本支出`.
fn without_period(path: &str, words: &Compiled) -> String {
    let mut k = compact(&YEAR.replace_all(&normalize_number_text(path), ""));
    for w in STRONG_CURRENT
        .iter()
        .chain(STRONG_PREVIOUS)
        .map(|w| w.to_string())
        .chain(words.current.iter().cloned())
        .chain(words.previous.iter().cloned())
    {
        k = k.replace(&w, "");
    }
    k.replace('/', "")
}

/// 增减额 and 增减率 columns: current − previous, and (current − previous) ÷ previous × 100.
fn periods(b: &mut Builder<'_>, figure_rows: &[usize], words: &Compiled) {
    let columns = b.columns;
    let amounts: Vec<&ColumnInfo> = columns
        .iter()
        .filter(|c| matches!(c.role, ColumnRole::Amount | ColumnRole::Total))
        .collect();
    let mut years: Vec<u32> = amounts
        .iter()
        .filter_map(|c| {
            YEAR.captures(&normalize_number_text(&c.path))
                .and_then(|m| m.get(1))
                .and_then(|m| m.as_str().parse().ok())
        })
        .collect();
    years.sort_unstable();
    years.dedup();
    let years = match years.as_slice() {
        [.., prev, cur] => Some((*cur, *prev)),
        _ => None,
    };
    let classified: Vec<(&ColumnInfo, Option<(bool, u8)>)> = amounts
        .iter()
        .map(|c| (*c, period(&c.path, words, years)))
        .collect();
    let best = classified
        .iter()
        .filter_map(|(_, p)| p.map(|(_, s)| s))
        .max();
    for derived in columns
        .iter()
        .filter(|c| matches!(c.role, ColumnRole::Difference | ColumnRole::Rate))
    {
        let derived_key = {
            let mut k = without_period(&derived.path, words);
            for w in words.difference.iter().chain(&words.rate) {
                k = k.replace(w.as_str(), "");
            }
            k.trim_matches(|c: char| !c.is_alphanumeric()).to_string()
        };
        let pick = |current: bool| -> Vec<&ColumnInfo> {
            let mut found: Vec<&ColumnInfo> = classified
                .iter()
                .filter(|(_, p)| matches!(p, Some((cur, s)) if *cur == current && Some(*s) == best))
                .map(|(c, _)| *c)
                .collect();
            // The column named as the derived one is (`增减 / 基本支出` ↔ `本年 / 基本支出`)
            // first, then a total (a bare `增减额` compares the periods' totals), then the
            // nearest, those left of it before those right of it.
            found.sort_by_key(|c| {
                let distance = if c.index < derived.index {
                    derived.index - c.index
                } else {
                    c.index - derived.index + columns.len()
                };
                let named =
                    !derived_key.is_empty() && without_period(&c.path, words) == derived_key;
                (!named, c.role != ColumnRole::Total, distance)
            });
            found
        };
        let currents = pick(true);
        let previouses = pick(false);
        let Some(current) = currents.first() else {
            b.not_recomputed_column(derived.index, NotRecomputedReason::NoPeriods);
            continue;
        };
        let key = without_period(&current.path, words);
        let Some(previous) = previouses
            .iter()
            .find(|p| without_period(&p.path, words) == key && p.role == current.role)
            .or_else(|| {
                previouses
                    .iter()
                    .find(|p| without_period(&p.path, words) == key)
            })
            .or_else(|| previouses.first())
        else {
            b.not_recomputed_column(derived.index, NotRecomputedReason::NoPeriods);
            continue;
        };
        let kind = if derived.role == ColumnRole::Rate {
            RelationKind::Rate
        } else {
            RelationKind::Difference
        };
        for &r in figure_rows {
            b.push(
                kind,
                (r, derived.index),
                vec![
                    (r, current.index, OperandRole::Current),
                    (r, previous.index, OperandRole::Previous),
                ],
                Bound::Equal,
                None,
                RelationSource::Header,
            );
        }
    }
}

/// 占比 columns: the row's amount ÷ the grand total's × 100.
fn shares(b: &mut Builder<'_>, figure_rows: &[usize], coverage: &[(usize, Vec<usize>)]) {
    let columns = b.columns;
    // The grand total: the summary row that no other summary covers, the last such one.
    let covered_summaries: std::collections::HashSet<usize> = coverage
        .iter()
        .flat_map(|(_, c)| c.iter().copied())
        .collect();
    let whole_row = coverage.iter().map(|(r, _)| *r).rfind(|r| {
        b.rows.get(*r).map(|x| x.role) == Some(RowRole::Summary) && !covered_summaries.contains(r)
    });
    for share in columns.iter().filter(|c| c.role == ColumnRole::Share) {
        let base = columns[..share.index]
            .iter()
            .rev()
            .find(|c| matches!(c.role, ColumnRole::Amount | ColumnRole::Total));
        let (Some(base), Some(whole)) = (base, whole_row) else {
            b.not_recomputed_column(share.index, NotRecomputedReason::NoWhole);
            continue;
        };
        for &r in figure_rows {
            b.push(
                RelationKind::Share,
                (r, share.index),
                vec![
                    (r, base.index, OperandRole::Part),
                    (whole, base.index, OperandRole::Whole),
                ],
                Bound::Equal,
                None,
                RelationSource::Header,
            );
        }
    }
}
