//! The structure of any table: what each row and column is (context, header, data, 合计 and
//! 小计 rows, 类/款/项 codes, numbered items and `其中` parts; codes, labels, amounts, total and
//! derived columns), the arithmetic relations that structure implies between published cells,
//! and each relation recomputed exactly.
//!
//! The score engine ([`interpret`](super::interpret)) stays in charge of score tables; this
//! engine reads budget, final-account and allocation tables, where every total in the table is
//! a relation: a 合计 row sums the rows it covers, a 合计 column the columns of its group,
//! 增减额 = 本年 − 上年, 增减率 = 增减额 ÷ 上年 × 100, and so on. Relations are plain data
//! ([`Relation`]), evaluated on their own ([`evaluate`]), and a wrong cell's consequences are
//! marked as such ([`mark_causes`]) so that only the cause is reported.

pub mod cross;
mod evaluate;
mod grid;
mod relations;
mod roles;
pub mod two_sided;
mod vocabulary;

#[cfg(test)]
mod tests;

use rust_decimal::Decimal;
use serde::Serialize;

use crate::wordml::Table;

pub use crate::exact::round_half_away;
pub use evaluate::{evaluate, evaluate_with, mark_causes};
pub use grid::{Grid, parse_cell};
/// Text as labels are compared: spaces and zero-width characters removed, lowercase.
pub(crate) use vocabulary::compact;
pub use vocabulary::{CrossRule, StructureVocabulary};

/// A text in both languages of the reports; callers pick one (`lang.pick(&w.zh, &w.en)`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Words {
    /// Chinese.
    pub zh: String,
    /// English.
    pub en: String,
}

impl Words {
    /// Both texts.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Words {
            zh: zh.into(),
            en: en.into(),
        }
    }

    /// The Chinese text when `chinese`, else the English one.
    pub fn pick(&self, chinese: bool) -> &str {
        if chinese { &self.zh } else { &self.en }
    }
}

/// What a row of the table is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RowRole {
    /// Above the header: `附件2`, the table's title, `单位：万元`.
    Context,
    /// A header row (also one repeated further down).
    Header,
    /// A row of figures: an item, a 类/款/项, a numbered item or a `其中` part.
    Data,
    /// A 合计, 总计 or 共计 row: the sum of the rows it covers.
    Summary,
    /// A 小计 row: the sum of its group.
    Subtotal,
    /// A group's title without figures (`一、中央资金`): the 小计 below it stops there.
    Section,
    /// A text inside the table below the header (a note).
    Text,
    /// An empty row.
    Spacer,
}

impl RowRole {
    /// A row of figures: an item, a 合计 or a 小计, whose cells take part in the relations
    /// (and which the overview counts as the table's rows).
    pub fn holds_figures(self) -> bool {
        matches!(self, RowRole::Data | RowRole::Summary | RowRole::Subtotal)
    }
}

/// One row of the table with its role and its place in the hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowInfo {
    /// 0-based index of the row in the table.
    pub table_row: usize,
    /// What the row is.
    pub role: RowRole,
    /// The row's name (its label cell, spaces collapsed), if any.
    pub label: Option<String>,
    /// The budget classification code (`201`, `20101`, `2010101`), from the code column or the
    /// front of the label.
    pub code: Option<String>,
    /// The numbering in front of the label (`一、`, `1.`, `（1）`), if any.
    pub numbering: Option<String>,
    /// The table row of the row this one is a part of (its 类 for a 款, its numbered parent,
    /// the line above a `其中` list).
    pub parent: Option<usize>,
    /// True when the parent is a guess: an unnumbered row under a numbered item.
    pub parent_inferred: bool,
    /// True for the parts of a `其中` list: they are in their parent, never added again.
    pub of_which: bool,
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnRole {
    /// A classification code: an identifier, never summed.
    Code,
    /// The rows' names.
    Label,
    /// Amounts: summed down by 合计 rows and across by total columns.
    Amount,
    /// A total column (合计, 资金合计, 总分): the sum of the amount columns of its group.
    Total,
    /// 增减额: current − previous.
    Difference,
    /// 增减率 (%): (current − previous) ÷ previous × 100.
    Rate,
    /// 占比 (%): the row's amount ÷ the total's × 100.
    Share,
    /// A percentage whose formula the header does not name (执行率).
    Percent,
    /// A figure per unit (单价, 补助标准, 人均经费): never summed, its formula not named.
    PerUnit,
    /// Counts (条数, 人数): summed down, never added to amounts.
    Count,
    /// A rank or serial number.
    Rank,
    /// Other text.
    Text,
}

/// One logical column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnInfo {
    /// 0-based index among the logical columns.
    pub index: usize,
    /// First grid column it covers.
    pub grid_col: usize,
    /// Grid columns it covers.
    pub grid_span: usize,
    /// Its own header text (the lowest header cell over it).
    pub label: String,
    /// Its header path from top to bottom, joined with ` / ` (`上年决算 / 基本支出`).
    pub path: String,
    /// What it holds.
    pub role: ColumnRole,
}

/// A published cell a relation reads or checks.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct CellRef {
    /// 0-based row in the table.
    pub table_row: usize,
    /// 0-based logical column.
    pub column: usize,
    /// The grid column the cell starts at.
    pub grid_col: usize,
    /// The cell's text as published (trimmed), empty for a blank cell.
    pub published: String,
}

/// How an operand takes part in a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperandRole {
    /// Added.
    Add,
    /// The current period of a difference or rate.
    Current,
    /// The previous period (the base of a rate).
    Previous,
    /// The part of a share.
    Part,
    /// The whole of a share.
    Whole,
    /// The count of a product (count × the stated factor).
    Count,
}

/// One operand of a relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Operand {
    /// The cell.
    pub cell: CellRef,
    /// How it takes part.
    pub role: OperandRole,
}

/// The kind of a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationKind {
    /// A total column = the sum of the amount columns of its group, in one row.
    RowTotal,
    /// A 合计/总计 row = the sum of the rows it covers, in one column.
    ColumnSum,
    /// A 小计 row = the sum of its group, in one column.
    Subtotal,
    /// A hierarchy parent (类, 款, a numbered item) = the sum of its children.
    Hierarchy,
    /// A `其中` list ≤ its parent (= when the list is complete).
    PartOf,
    /// 增减额 = current − previous.
    Difference,
    /// 增减率 = (current − previous) ÷ previous × 100.
    Rate,
    /// 占比 = part ÷ whole × 100.
    Share,
    /// A score = count × the factor the header or note states.
    Product,
}

impl RelationKind {
    /// True for the sums: a total column, a 合计 row, a 小计, a parent of its children.
    pub fn is_sum(self) -> bool {
        matches!(
            self,
            RelationKind::RowTotal
                | RelationKind::ColumnSum
                | RelationKind::Subtotal
                | RelationKind::Hierarchy
        )
    }

    /// The short stable name used in relation ids (`column_sum`).
    pub fn as_str(self) -> &'static str {
        match self {
            RelationKind::RowTotal => "row_total",
            RelationKind::ColumnSum => "column_sum",
            RelationKind::Subtotal => "subtotal",
            RelationKind::Hierarchy => "hierarchy",
            RelationKind::PartOf => "part_of",
            RelationKind::Difference => "difference",
            RelationKind::Rate => "rate",
            RelationKind::Share => "share",
            RelationKind::Product => "product",
        }
    }
}

/// Where a relation comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelationSource {
    /// A header names it (合计 column, 增减额, 增减率, `（每条5分）`).
    Header,
    /// A note states it.
    Note,
    /// The template's vocabulary names it.
    Template,
    /// The rows' structure implies it (合计 and 小计 rows, codes, `其中`).
    Structure,
    /// A guess from the layout (unnumbered rows under a numbered item).
    Inferred,
}

/// How the target compares with the operands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bound {
    /// The target equals the result, rounded to the target's decimals.
    Equal,
    /// The result is at most the target (a partial `其中` list).
    AtMost,
}

/// An arithmetic relation between published cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Relation {
    /// Stable id: kind, row label and column header (`column_sum:合计:本年决算数`), with `#2`,
    /// `#3` … when the same words occur again.
    pub id: String,
    /// The kind.
    pub kind: RelationKind,
    /// The published cell it checks.
    pub target: CellRef,
    /// The cells it is computed from.
    pub operands: Vec<Operand>,
    /// Equal, or at most (a partial `其中` list).
    pub bound: Bound,
    /// The factor of a product.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub factor: Option<Decimal>,
    /// Decimals the result is rounded to: the target's as printed (half away from zero).
    pub rounding: u32,
    /// Where it comes from.
    pub source: RelationSource,
    /// The rule in words.
    pub rule: Words,
}

/// Why a relation could not be recomputed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotCheckableReason {
    /// An operand is blank or marked not applicable and the column does not say blank is zero.
    BlankOperand,
    /// An operand or the target is text that is not a number.
    Unparsed,
    /// The target is marked not applicable.
    TargetNotApplicable,
    /// Neither the target nor any operand is published.
    NothingPublished,
    /// The base of a rate or share is zero.
    ZeroBase,
    /// A row the note rescales (`乘以20/17`): a rule in the note, not the sum.
    RuleInNote,
    /// The result exceeds exact decimal arithmetic.
    Overflow,
}

impl NotCheckableReason {
    /// The reason in words.
    pub fn words(self) -> Words {
        let (zh, en) = match self {
            NotCheckableReason::BlankOperand => (
                "有运算项为空或标为不适用",
                "an operand is blank or marked not applicable",
            ),
            NotCheckableReason::Unparsed => ("有单元格不是数字", "a cell is not a number"),
            NotCheckableReason::TargetNotApplicable => (
                "结果单元格标为不适用",
                "the result is marked not applicable",
            ),
            NotCheckableReason::NothingPublished => ("没有公布任何数字", "nothing is published"),
            NotCheckableReason::ZeroBase => ("基数为零", "the base is zero"),
            NotCheckableReason::RuleInNote => ("该行适用表注中的规则", "a rule in the note"),
            NotCheckableReason::Overflow => ("超出精确计算范围", "beyond exact arithmetic"),
        };
        Words::new(zh, en)
    }
}

/// The outcome of recomputing one relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RelationResult {
    /// The published target is the recomputed value.
    Consistent,
    /// The published target differs from the recomputed value.
    Inconsistent {
        /// The recomputed value rounded to the target's decimals.
        #[serde(with = "rust_decimal::serde::str")]
        expected: Decimal,
        /// The recomputed value, unrounded.
        #[serde(with = "rust_decimal::serde::str")]
        exact: Decimal,
        /// The published value.
        #[serde(with = "rust_decimal::serde::str")]
        published: Decimal,
        /// published − expected.
        #[serde(with = "rust_decimal::serde::str")]
        delta: Decimal,
    },
    /// The target is blank although its operands are published: an omission, not a zero.
    Omitted {
        /// The value that belongs there, rounded to the decimals of its operands.
        #[serde(with = "rust_decimal::serde::str")]
        expected: Decimal,
    },
    /// A `其中` list adds up to more than its parent.
    Exceeds {
        /// The sum of the listed parts.
        #[serde(with = "rust_decimal::serde::str")]
        parts: Decimal,
        /// The parent as published.
        #[serde(with = "rust_decimal::serde::str")]
        published: Decimal,
    },
    /// Not recomputed, with the reason.
    NotCheckable {
        /// Why.
        reason: NotCheckableReason,
    },
}

impl RelationResult {
    /// True for the results that are findings (inconsistent, omitted, exceeds).
    pub fn is_finding(&self) -> bool {
        matches!(
            self,
            RelationResult::Inconsistent { .. }
                | RelationResult::Omitted { .. }
                | RelationResult::Exceeds { .. }
        )
    }

    /// True for a total left unchecked although something is published: not recomputed for
    /// any reason but that nothing at all is published there (a blank, which is no total).
    pub fn left_unchecked(&self) -> bool {
        matches!(
            self,
            RelationResult::NotCheckable { reason } if *reason != NotCheckableReason::NothingPublished
        )
    }
}

/// A relation's result, and the relation whose error it follows from, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evaluated {
    /// The relation's id.
    pub relation: String,
    /// The result.
    pub result: RelationResult,
    /// The id of the relation whose error explains this one (a 合计 that disagrees because a
    /// row's total is wrong): report that one, this one is its consequence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caused_by: Option<String>,
}

/// Why a published figure that looks like a result has no relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum NotRecomputedReason {
    /// A percentage or a figure per unit whose formula the header does not name.
    UnknownFormula,
    /// A total column without amount columns in its group.
    NoParts,
    /// A difference or rate column without a current and a previous column.
    NoPeriods,
    /// A share column without an amount column or a 合计 row.
    NoWhole,
    /// A summary row that covers no row.
    NothingCovered,
}

impl NotRecomputedReason {
    /// The reason in words.
    pub fn words(self) -> Words {
        let (zh, en) = match self {
            NotRecomputedReason::UnknownFormula => {
                ("表头未说明计算方法", "the header names no formula")
            }
            NotRecomputedReason::NoParts => (
                "合计列所在组没有金额列",
                "the total column's group has no amount columns",
            ),
            NotRecomputedReason::NoPeriods => (
                "找不到本年与上年（或预算与决算）两列",
                "no current and previous columns found",
            ),
            NotRecomputedReason::NoWhole => (
                "找不到占比的分母（金额列或合计行）",
                "no whole for the share",
            ),
            NotRecomputedReason::NothingCovered => (
                "合计行之上（或之下）没有可加总的行",
                "the summary row covers no rows",
            ),
        };
        Words::new(zh, en)
    }
}

/// A published figure the engine could not recompute.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NotRecomputed {
    /// The cell.
    pub cell: CellRef,
    /// Why.
    pub reason: NotRecomputedReason,
}

/// A table's structure, its relations and their results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableStructure {
    /// One entry per table row.
    pub rows: Vec<RowInfo>,
    /// The logical columns.
    pub columns: Vec<ColumnInfo>,
    /// The unit the table states (`万元`), from a context row, the caption or the heading.
    pub unit: Option<String>,
    /// The cells as parsed, with what blank cells mean.
    #[serde(skip)]
    pub grid: Grid,
    /// Every relation found.
    pub relations: Vec<Relation>,
    /// One result per relation, in the same order.
    pub results: Vec<Evaluated>,
    /// Published figures that look like results but have no relation, with the reason.
    pub not_recomputed: Vec<NotRecomputed>,
}

impl Relation {
    /// The cells it checks and reads, as (row, column): its target first, then its operands.
    pub fn cells(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        std::iter::once((self.target.table_row, self.target.column)).chain(
            self.operands
                .iter()
                .map(|o| (o.cell.table_row, o.cell.column)),
        )
    }
}

impl TableStructure {
    /// The relation with `id`.
    pub fn relation(&self, id: &str) -> Option<&Relation> {
        self.relations.iter().find(|r| r.id == id)
    }

    /// The result of the relation with `id`.
    pub fn result(&self, id: &str) -> Option<&Evaluated> {
        self.results.iter().find(|r| r.relation == id)
    }

    /// True when a row below the header holds a figure, a number in a column of figures (not a
    /// serial number, a code or a text column): a table worth listing as audited.
    pub fn has_figures(&self) -> bool {
        // A serial number, a code or a number inside a text column is no figure: a list of
        // products numbered 1, 2, 3 has nothing to recompute.
        let figure_column = |c: usize| {
            self.columns.get(c).is_none_or(|info| {
                !matches!(
                    info.role,
                    ColumnRole::Code | ColumnRole::Label | ColumnRole::Rank | ColumnRole::Text
                )
            })
        };
        self.rows
            .iter()
            .filter(|r| !matches!(r.role, RowRole::Header | RowRole::Context))
            .any(|r| {
                self.grid.values.get(r.table_row).is_some_and(|row| {
                    row.iter()
                        .enumerate()
                        .any(|(c, v)| v.number().is_some() && figure_column(c))
                })
            })
    }

    /// The findings that are not consequences of another finding.
    pub fn root_findings(&self) -> impl Iterator<Item = (&Relation, &Evaluated)> {
        self.relations
            .iter()
            .zip(&self.results)
            .filter(|(_, e)| e.result.is_finding() && e.caused_by.is_none())
    }
}

/// Reads a table's structure with `vocabulary`, finds the relations it implies, recomputes
/// each, and marks the consequences of each wrong cell. Linear in the table's size.
pub fn analyse(table: &Table, vocabulary: &StructureVocabulary) -> TableStructure {
    let words = vocabulary::Compiled::new(vocabulary);
    let layout = grid::read_layout(table, &words);
    let mut rows = roles::row_roles(&layout, &words);
    let mut columns = roles::column_roles(&layout, &rows, &words);
    roles::hierarchy(&mut rows, &layout, &columns, &words);
    let grid::Layout {
        grid,
        unit,
        context_texts,
        indents,
        ..
    } = layout;
    let mut grid = grid::finish_grid(grid, &rows, &columns, table, &words, &context_texts);
    // A table of two lists side by side (收入 | 决算数 | 支出 | 决算数) is read as two lists.
    let found = match two_sided::sides(&rows, &columns, &grid) {
        Some(sides) => relations::Found {
            relations: two_sided::relations(
                &rows,
                &mut columns,
                &mut grid,
                &indents,
                sides,
                &words,
            ),
            not_recomputed: Vec::new(),
        },
        None => relations::find(&grid, &rows, &columns, table, &words),
    };
    let mut results: Vec<Evaluated> = found
        .relations
        .iter()
        .map(|r| Evaluated {
            relation: r.id.clone(),
            result: evaluate(r, &grid),
            caused_by: None,
        })
        .collect();
    mark_causes(&found.relations, &mut results, &grid);
    TableStructure {
        rows,
        columns,
        unit,
        grid,
        relations: found.relations,
        results,
        not_recomputed: found.not_recomputed,
    }
}
