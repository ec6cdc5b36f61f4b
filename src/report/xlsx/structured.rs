//! The sheet of a table read by the structure engine ([`crate::annex::structure`]): budget,
//! final-account and allocation tables, where every total in the table is a relation.
//!
//! ```text
//! row 0          title (heading, unit)            │ 复核：纵向合计 … │ 复核：横向 … │
//! header rows    as published, merges kept      gap│ one column per   gap│ …        gap│ 差额  状态
//! table rows     figures as numbers, as printed    │ checked column:  │              │ =ROUND(T-M,d)
//!                (#,##0.00, 0.0"%"), names         │ =ROUND(SUM(D4:D9),2) in the   │ 一致 / 不一致 /
//!                indented by level, 合计 bold       │ target's row     │              │ 缺失 / 无法核对
//! under          the note, then the legend
//! ```
//!
//! Every published cell sits where [`Layout::position`] puts it, with the structure's logical
//! column as the worksheet column ([`structured_cell`]), so that a finding's
//! `Location { table_row, column }` names its cell here as it does on a score sheet. Each
//! relation's recomputation is a live formula in a mirrored block to the right: the block of
//! the relations down the columns (合计 and 小计 rows, 类/款/项, `其中`) and the block of those
//! across a row (total columns, 增减额, 增减率, 占比, products), one column per checked
//! column, in the target's row ([`recomputed_cell`]). A cell checked twice the same way
//! (rare) gets a second block. Each formula's cached result is the engine's exact value.

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{ConditionalFormatFormula, Worksheet, XlsxError};

use super::marks::Kept;
use super::number_value;
use super::style::{DEFAULT_ROW_PIXELS, Figure, Look, Styles, red_row};
use super::table::{
    MAX_NOTES, Op, Plan, Written, col16, header_width, note, note_text, row32, worst,
};
use super::text;
use rust_decimal::Decimal;

use crate::annex::Value;

use crate::annex::structure::{
    Bound, CellRef, ColumnInfo, ColumnRole, Grid, NotCheckableReason, OperandRole, Relation,
    RelationKind, RelationResult, RowRole, TableStructure, round_half_away,
};
use crate::audit::{Finding, Lang, Location, Severity};
use crate::exact::fixed;
use crate::report::{Layout, TITLE_ROWS, TOOL_NAME, a1, column_letters};
use crate::wordml::{Cell, Table, VMerge};

use super::table::{MAX_COLUMNS, MAX_ROWS, MAX_WIDTH, MIN_WIDTH};
/// Excel's limit on a formula's length, in characters, and on a function's arguments.
const MAX_FORMULA: usize = 8_000;
const MAX_ARGUMENTS: usize = 255;
/// The widest a label column gets, in characters (the table sheet's bounds hold for the rest).
const MAX_LABEL_WIDTH: usize = 36;
const MAX_HEADER_WIDTH: usize = 16;
const GAP_WIDTH: f64 = 2.0;
/// Excel's deepest outline level.
const MAX_OUTLINE: usize = 7;

/// One table read by the structure engine, to write.
pub(super) struct StructuredInput<'a> {
    /// The table as read from the document.
    pub table: &'a Table,
    /// Its structure, relations and results ([`crate::annex::structure::analyse`]).
    pub structure: &'a TableStructure,
    /// The findings about this table (their locations use the structure's columns).
    pub findings: &'a [&'a Finding],
    /// The heading shown in the title row.
    pub title: &'a str,
    /// Language of the words written.
    pub lang: Lang,
    /// Whether the sheet is kept in memory: what it writes is then remembered
    /// ([`Written::kept`]) for the document's findings, marked at the end.
    pub keep: bool,
}

/// The worksheet row and column (0-based) of the published cell at `table_row`, logical
/// `column` of a structured table: the same as [`Layout::position`], so that
/// [`Layout::cell`] and [`Layout::finding_cell`] link a structured finding to its cell.
///
/// ```
/// use annex_audit::report::structured_cell;
/// assert_eq!(structured_cell(2, 3), (3, 3)); // D4, below the title row
/// ```
pub fn structured_cell(table_row: usize, column: usize) -> (u32, u16) {
    Layout::position(Location { table_row, column })
}

/// The worksheet row and column of the live formula that recomputes the relation `relation`
/// (its id) of a structured table's sheet, if the structure has that relation.
pub fn recomputed_cell(structure: &TableStructure, relation: &str) -> Option<(u32, u16)> {
    let placement = Placement::of(structure);
    let i = structure.relations.iter().position(|r| r.id == relation)?;
    Some(placement.mirror_of(&structure.relations[i], i))
}

/// Whether a relation runs down a column (mirrored in a "down" block) or across a row.
fn runs_down(kind: RelationKind) -> bool {
    matches!(
        kind,
        RelationKind::ColumnSum
            | RelationKind::Subtotal
            | RelationKind::Hierarchy
            | RelationKind::PartOf
    )
}

/// What a mirrored block recomputes, which its heading says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum BlockKind {
    /// Sums down a column (合计 and 小计 rows, 类/款/项, `其中`): 纵向复核.
    Down,
    /// Relations across a row (total columns, 增减额, 增减率, 占比): 横向复核.
    Across,
    /// A two-sided table's balance: the total of one side against the other's (收入总计 =
    /// 支出总计), a sum of cells of another column: 两侧平衡复核.
    Balance,
}

impl BlockKind {
    fn of(r: &Relation) -> Self {
        if r.kind == RelationKind::ColumnSum
            && !r.operands.is_empty()
            && r.operands.iter().all(|o| o.cell.column != r.target.column)
        {
            BlockKind::Balance
        } else if runs_down(r.kind) {
            BlockKind::Down
        } else {
            BlockKind::Across
        }
    }

    fn heading(self, lang: Lang) -> &'static str {
        match self {
            BlockKind::Down => words::down_block(lang),
            BlockKind::Across => words::across_block(lang),
            BlockKind::Balance => words::balance_block(lang),
        }
    }
}

/// One mirrored block: the relations of one kind (and one layer, for cells checked twice
/// the same way), one worksheet column per checked column.
struct Block {
    kind: BlockKind,
    /// 0 for the first check of its cells, 1 for a second check of the same kind, ….
    layer: usize,
    /// The first worksheet column.
    first_col: usize,
    /// The structure columns mirrored, in order.
    columns: Vec<usize>,
}

/// Where the mirrored blocks, the difference and the status go.
struct Placement {
    blocks: Vec<Block>,
    /// Per relation (in the structure's order): its block.
    block_of: Vec<usize>,
    /// The gap columns (narrow, empty).
    gaps: Vec<usize>,
    difference_col: usize,
    status_col: usize,
}

impl Placement {
    fn of(structure: &TableStructure) -> Self {
        let ncols = structure.columns.len().max(1);
        // Layer of each relation: how many relations of its kind check its cell before it.
        let mut seen: HashMap<(BlockKind, usize, usize), usize> = HashMap::new();
        let mut keys = Vec::with_capacity(structure.relations.len());
        for r in &structure.relations {
            let kind = BlockKind::of(r);
            let layer = seen
                .entry((kind, r.target.table_row, r.target.column))
                .or_insert(0);
            keys.push((*layer, kind));
            *layer += 1;
        }
        // Blocks ordered by layer, then down, across, balance.
        let mut order: Vec<(usize, BlockKind)> = keys.clone();
        order.sort_unstable();
        order.dedup();
        let mut blocks: Vec<Block> = order
            .iter()
            .map(|&(layer, kind)| Block {
                kind,
                layer,
                first_col: 0,
                columns: Vec::new(),
            })
            .collect();
        let block_of: Vec<usize> = keys
            .iter()
            .map(|k| order.binary_search(k).unwrap_or(0))
            .collect();
        for (r, &b) in structure.relations.iter().zip(&block_of) {
            blocks[b].columns.push(r.target.column);
        }
        // [published] gap [block] gap [block] … gap [difference] [status]
        let mut gaps = Vec::with_capacity(blocks.len() + 1);
        let mut start = ncols;
        for block in &mut blocks {
            block.columns.sort_unstable();
            block.columns.dedup();
            gaps.push(start);
            block.first_col = start + 1;
            start = block.first_col + block.columns.len();
        }
        gaps.push(start);
        Placement {
            blocks,
            block_of,
            gaps,
            difference_col: start + 1,
            status_col: start + 2,
        }
    }

    /// The worksheet cell of relation `r` (the `i`th) in its block.
    fn mirror_of(&self, r: &Relation, i: usize) -> (u32, u16) {
        let block = &self.blocks[self.block_of[i]];
        let offset = block.columns.binary_search(&r.target.column).unwrap_or(0);
        let (row, _) = structured_cell(r.target.table_row, 0);
        (row, col16(block.first_col + offset))
    }
}

/// What the recomputation says about a published cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum CellStatus {
    NotCheckable,
    Consistent,
    /// A finding that follows from another cell's.
    Consequence,
    /// A finding of its own.
    Finding,
}

/// The status of a relation's result.
fn status_of(result: &RelationResult, caused: bool) -> CellStatus {
    match result {
        RelationResult::Consistent => CellStatus::Consistent,
        RelationResult::NotCheckable { .. } => CellStatus::NotCheckable,
        _ if caused => CellStatus::Consequence,
        _ => CellStatus::Finding,
    }
}

/// The A1 reference of a published cell.
fn cell_a1(cell: &CellRef) -> String {
    let (row, col) = structured_cell(cell.table_row, cell.column);
    a1(row, col)
}

/// The operands added, as few terms as possible: `D5`, `D5+D7+D9`, `SUM(D5:D9)`,
/// `SUM(D5:D9,D12)`; `None` when the formula would pass Excel's limits.
fn sum_terms(cells: &[&CellRef]) -> Option<String> {
    // Runs of consecutive cells down one column or across one row.
    let mut runs: Vec<(&CellRef, &CellRef)> = Vec::new();
    for &cell in cells {
        if let Some((first, last)) = runs.last_mut() {
            let down = last.column == cell.column
                && cell.table_row == last.table_row + 1
                && first.column == cell.column;
            let across = last.table_row == cell.table_row
                && cell.column == last.column + 1
                && first.table_row == cell.table_row;
            if down || across {
                *last = cell;
                continue;
            }
        }
        runs.push((cell, cell));
    }
    let term = |(first, last): &(&CellRef, &CellRef)| {
        if first == last {
            cell_a1(first)
        } else {
            format!("{}:{}", cell_a1(first), cell_a1(last))
        }
    };
    let formula = match runs.as_slice() {
        [] => "0".to_string(),
        [(a, b)] if a == b => cell_a1(a),
        singles if singles.len() <= 8 && singles.iter().all(|(a, b)| a == b) => {
            singles.iter().map(term).collect::<Vec<_>>().join("+")
        }
        _ if runs.len() <= MAX_ARGUMENTS => format!(
            "SUM({})",
            runs.iter().map(term).collect::<Vec<_>>().join(",")
        ),
        _ => return None,
    };
    (formula.len() <= MAX_FORMULA).then_some(formula)
}

/// The relation's recomputation as a formula (without `=`), rounded as the engine rounds it:
/// `ROUND(SUM(D5:D9),2)`, `ROUND(D5-C5,2)`, `ROUND((D5-C5)/C5*100,2)`, `ROUND(D5/D4*100,2)`.
pub(super) fn relation_formula(r: &Relation) -> Option<String> {
    let with = |role: OperandRole| {
        r.operands
            .iter()
            .find(|o| o.role == role)
            .map(|o| cell_a1(&o.cell))
    };
    let inner = match r.kind {
        RelationKind::RowTotal
        | RelationKind::ColumnSum
        | RelationKind::Subtotal
        | RelationKind::Hierarchy
        | RelationKind::PartOf => {
            let added: Vec<&CellRef> = r
                .operands
                .iter()
                .filter(|o| o.role == OperandRole::Add)
                .map(|o| &o.cell)
                .collect();
            sum_terms(&added)?
        }
        RelationKind::Difference => {
            format!(
                "{}-{}",
                with(OperandRole::Current)?,
                with(OperandRole::Previous)?
            )
        }
        RelationKind::Rate => {
            let previous = with(OperandRole::Previous)?;
            format!(
                "({}-{previous})/{previous}*100",
                with(OperandRole::Current)?
            )
        }
        RelationKind::Share => format!(
            "{}/{}*100",
            with(OperandRole::Part)?,
            with(OperandRole::Whole)?
        ),
        RelationKind::Product => {
            format!("{}*{}", with(OperandRole::Count)?, r.factor?.normalize())
        }
    };
    Some(format!("ROUND({inner},{})", r.rounding))
}

/// The sum of a `其中` list's parts (a relation bounded by its target), exactly; a blank part
/// counts as zero, as the engine counts it when it finds the list consistent.
fn parts_sum(r: &Relation, grid: &Grid) -> Option<Decimal> {
    r.operands.iter().try_fold(Decimal::ZERO, |sum, o| {
        let value = grid
            .value(o.cell.table_row, o.cell.column)
            .and_then(Value::number)
            .map_or(Decimal::ZERO, |n| n.value);
        sum.checked_add(value)
    })
}

/// The relation's value as the engine computed it, the formula's cached result: the published
/// figure when consistent (the parts' sum for a `其中` list), the expected one otherwise;
/// `None` when not recomputed.
fn engine_value(r: &Relation, result: &RelationResult, grid: &Grid) -> Option<String> {
    let published = grid
        .value(r.target.table_row, r.target.column)
        .and_then(Value::number);
    match result {
        RelationResult::Consistent if r.bound == Bound::AtMost => {
            parts_sum(r, grid).map(|v| fixed(round_half_away(v, r.rounding), r.rounding))
        }
        RelationResult::Consistent => published.map(|n| fixed(n.value, r.rounding)),
        RelationResult::Inconsistent { expected, .. } | RelationResult::Omitted { expected } => {
            Some(fixed(*expected, r.rounding))
        }
        RelationResult::Exceeds { parts, .. } => Some(fixed(*parts, r.rounding)),
        RelationResult::NotCheckable { .. } => None,
    }
}

/// published − recomputed as the engine has it, the difference cell's cached result.
fn engine_difference(r: &Relation, result: &RelationResult, grid: &Grid) -> Option<String> {
    let d = r.rounding;
    match result {
        RelationResult::Consistent if r.bound == Bound::AtMost => {
            let published = grid
                .value(r.target.table_row, r.target.column)
                .and_then(Value::number)?;
            let parts = round_half_away(parts_sum(r, grid)?, d);
            published.value.checked_sub(parts).map(|v| fixed(v, d))
        }
        RelationResult::Consistent => Some(fixed(Decimal::ZERO, d)),
        RelationResult::Inconsistent { delta, .. } => Some(fixed(*delta, d)),
        RelationResult::Omitted { expected } => Some(fixed(-*expected, d)),
        RelationResult::Exceeds { parts, published } => {
            published.checked_sub(*parts).map(|v| fixed(v, d))
        }
        RelationResult::NotCheckable { .. } => None,
    }
}

/// A published figure as printed: `1,364.15`, `-12.5%`.
fn shown(n: &crate::annex::Number, figure: Figure) -> String {
    let plain = fixed(n.value, figure.decimals);
    let mut out = if figure.thousands {
        let (sign, digits) = match plain.strip_prefix('-') {
            Some(rest) => ("-", rest),
            None => ("", plain.as_str()),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        let mut grouped = String::new();
        for (i, ch) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(ch);
        }
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}.{frac}")
        }
    } else {
        plain
    };
    if figure.percent {
        out.push('%');
    }
    out
}

/// The words of the sheet.
mod words {
    use crate::audit::Lang;

    pub(super) fn down_block(lang: Lang) -> &'static str {
        lang.pick("纵向复核", "Recomputed down")
    }

    pub(super) fn across_block(lang: Lang) -> &'static str {
        lang.pick("横向复核", "Recomputed across")
    }

    pub(super) fn balance_block(lang: Lang) -> &'static str {
        lang.pick("两侧平衡复核", "Two sides balance")
    }

    /// The heading of a block that checks its cells a second (`n`th) time the same way.
    pub(super) fn again(heading: &str, n: usize, lang: Lang) -> String {
        lang.pick(format!("{heading}（{n}）"), format!("{heading} ({n})"))
    }

    pub(super) fn beside(lang: Lang) -> [&'static str; 2] {
        lang.pick(["差额", "状态"], ["Difference", "Status"])
    }

    pub(super) fn consistent(lang: Lang) -> &'static str {
        lang.pick("一致", "consistent")
    }

    pub(super) fn inconsistent(lang: Lang) -> &'static str {
        lang.pick("不一致", "inconsistent")
    }

    pub(super) fn missing(lang: Lang) -> &'static str {
        lang.pick("缺失", "missing")
    }

    pub(super) fn not_checkable(lang: Lang) -> &'static str {
        lang.pick("无法核对", "not checkable")
    }

    pub(super) fn follows(lang: Lang) -> &'static str {
        lang.pick("（连带）", " (follows)")
    }

    pub(super) fn unit(unit: &str, lang: Lang) -> String {
        lang.pick(format!("单位：{unit}"), format!("Unit: {unit}"))
    }

    pub(super) fn legend(lang: Lang) -> &'static str {
        lang.pick(
            "说明：右侧“纵向复核”各列用公式重新计算每个合计行、小计与类款项汇总，“横向复核”各列重新计算合计列、增减额、增减率与占比，均只用表中已发布的数字，并按发布的小数位四舍五入；缓存值为本工具的精确复算结果，修改表中数字后公式即时重算。“差额”= 发布值 − 复核值。绿色：核对一致；红色/粉色：不一致或缺失（批注写明发布值、应为、规则与原因）；蓝色：由其他单元格的错误连带引起；“无法核对”的原因见批注；“（空白）”：该处与其加数均未公布数字，无需核对。",
            "Note: the columns \"Recomputed down\" on the right are formulas that recompute every total row, subtotal and level sum, those \"Recomputed across\" every total column, change, rate and share, from the published figures only, rounded to the published decimals; their cached values are this tool's exact recomputation, and they recalculate when a figure is changed. Difference = published − recomputed. Green: consistent; red/pink: inconsistent or missing (the note gives the published and expected figures, the rule and the cause); blue: follows from another cell's error; the note of a \"not checkable\" cell says why; \"(blank)\": nothing is published there or in its operands, nothing to check.",
        )
    }

    pub(super) fn balance_legend(lang: Lang) -> &'static str {
        lang.pick(
            "“两侧平衡复核”列用公式核对一侧的总计是否等于另一侧的总计（收入总计 = 支出总计）。",
            " The column \"Two sides balance\" checks that one side's total equals the other's (total income = total expenditure).",
        )
    }

    pub(super) fn note_labels(lang: Lang) -> [&'static str; 6] {
        lang.pick(
            ["发布值", "应为", "差额", "复核公式", "起因", "发布原文"],
            [
                "published",
                "expected",
                "difference",
                "formula",
                "follows from",
                "as printed",
            ],
        )
    }

    pub(super) fn blank(lang: Lang) -> &'static str {
        lang.pick("（空白）", "(blank)")
    }

    pub(super) fn parts_exceed(lang: Lang) -> &'static str {
        lang.pick("其中各项之和超过该数", "the listed parts add up to more")
    }
}

/// A published cell of a structured table: what goes there.
enum Content<'a> {
    Text(&'a str, Look),
    Figure(&'a crate::annex::Number, Figure),
    Blank(Look),
}

/// The sheet being laid out.
struct Laid<'a> {
    plan: Plan<'a>,
    /// Widest content of each worksheet column, in display columns.
    widths: Vec<usize>,
    /// Widest header text of each worksheet column, wrapped at its natural break.
    header_widths: Vec<usize>,
    /// Texts that wrap: (worksheet row, first and last worksheet column, text, rows spanned).
    wrapped: Vec<(u32, usize, usize, String, usize)>,
    /// Notes by worksheet cell, most severe first when capped.
    notes: BTreeMap<(u32, u16), (Option<Severity>, String)>,
}

impl Laid<'_> {
    fn measure(&mut self, col: usize, width: usize) {
        if let Some(w) = self.widths.get_mut(col) {
            *w = (*w).max(width);
        }
    }

    fn note(&mut self, at: (u32, u16), mark: Option<Severity>, text: String) {
        let entry = self.notes.entry(at).or_insert((mark, String::new()));
        if !entry.1.is_empty() {
            entry.1.push_str("\n\n");
        }
        entry.1.push_str(&text);
        entry.0 = [entry.0, mark].into_iter().flatten().min();
    }
}

/// The logical columns a Word cell covers (see `table::covered_columns`).
fn covered(columns: &[ColumnInfo], cell: &Cell) -> (usize, usize) {
    let first = columns
        .iter()
        .rposition(|c| c.grid_col <= cell.grid_col)
        .unwrap_or(0);
    let end = cell.grid_col + cell.col_span.max(1);
    let last = columns
        .iter()
        .rposition(|c| c.grid_col < end)
        .unwrap_or(first)
        .max(first);
    (first, last)
}

/// How deep a row sits in the hierarchy: 0 for a 类 or a row without parent.
fn depth(structure: &TableStructure, table_row: usize) -> usize {
    let mut d = 0;
    let mut at = structure.rows.get(table_row).and_then(|r| r.parent);
    while let Some(p) = at {
        d += 1;
        if d >= MAX_OUTLINE {
            break;
        }
        at = structure.rows.get(p).and_then(|r| r.parent);
    }
    d
}

/// Whether a column holds figures (codes and names stay text).
fn holds_figures(role: ColumnRole) -> bool {
    !matches!(
        role,
        ColumnRole::Code | ColumnRole::Label | ColumnRole::Text
    )
}

/// Writes the sheet of a table read by the structure engine: the table as printed, the
/// mirrored blocks of live formulas, the difference and status of each row, notes on flagged
/// cells, the hierarchy as indentation and outline levels, the note and the legend.
///
/// The workbook's sink calls this (through [`super::WorkbookBuilder::add_structured_sheet`])
/// for a table whose outcome carries a [`TableStructure`]; the score tables keep
/// [`super::table::write`].
pub(super) fn write_structured_sheet(
    ws: &mut Worksheet,
    styles: &mut Styles,
    input: &StructuredInput<'_>,
) -> Result<Written, XlsxError> {
    let structure = input.structure;
    let table = input.table;
    let lang = input.lang;
    let nrows = table.rows.len();
    let ncols = structure.columns.len().max(1);
    let placement = Placement::of(structure);
    let total_cols = placement.status_col + 1;
    if TITLE_ROWS as usize + nrows + table.note.len() + 2 >= MAX_ROWS || total_cols >= MAX_COLUMNS {
        return Err(XlsxError::RowColumnLimitError);
    }
    let last_published = col16(ncols - 1);
    let header_range = header_rows(structure);
    let label_col = structure
        .columns
        .iter()
        .position(|c| c.role == ColumnRole::Label);

    // The findings by cell, and what the relations say about each target cell.
    let mut by_cell: BTreeMap<(usize, usize), Vec<&Finding>> = BTreeMap::new();
    let mut table_level: Vec<&Finding> = Vec::new();
    for f in input.findings {
        match f.location {
            Some(l) => by_cell.entry((l.table_row, l.column)).or_default().push(f),
            None => table_level.push(f),
        }
    }
    // Where the audit traced a relation's error to another cell (a 基本支出 that makes both its
    // row's 合计 and its parent's sum disagree), the relation's target is that finding's
    // consequence, whatever the relations alone say: the sheet shows what the findings say.
    let mut consequence_of: HashMap<(usize, usize), &Finding> = HashMap::new();
    for f in input.findings {
        for c in &f.consequences {
            if let Some(l) = c.location {
                consequence_of.entry((l.table_row, l.column)).or_insert(f);
            }
        }
    }
    let status_at = |i: usize| -> CellStatus {
        let (Some(r), Some(e)) = (structure.relations.get(i), structure.results.get(i)) else {
            return CellStatus::NotCheckable;
        };
        let traced = consequence_of.contains_key(&(r.target.table_row, r.target.column));
        status_of(&e.result, e.caused_by.is_some() || traced)
    };
    let mut cell_status: HashMap<(usize, usize), CellStatus> = HashMap::new();
    for (i, r) in structure.relations.iter().enumerate() {
        let status = status_at(i);
        let entry = cell_status
            .entry((r.target.table_row, r.target.column))
            .or_insert(status);
        *entry = (*entry).max(status);
    }
    let mark_of = |at: (usize, usize)| -> Option<Severity> {
        by_cell
            .get(&at)
            .and_then(|fs| worst(fs.iter()))
            .or(match cell_status.get(&at) {
                Some(CellStatus::Finding) => Some(Severity::Error),
                Some(CellStatus::Consequence) => Some(Severity::Notice),
                _ => None,
            })
    };

    let mut laid = Laid {
        plan: Plan::default(),
        widths: vec![0; total_cols],
        header_widths: vec![0; total_cols],
        wrapped: Vec::new(),
        notes: BTreeMap::new(),
    };

    // The title, with the unit when no context row states it.
    let unit_shown = structure.unit.as_deref().is_some_and(|unit| {
        structure
            .rows
            .iter()
            .filter(|r| r.role == RowRole::Context)
            .any(|r| {
                table.rows[r.table_row]
                    .cells
                    .iter()
                    .any(|c| c.text.contains(unit))
            })
    });
    let title = match (&structure.unit, unit_shown) {
        (Some(unit), false) => format!("{}\n{}", input.title, words::unit(unit, lang)),
        _ => input.title.to_string(),
    };
    laid.plan
        .merge((0, 0), (0, last_published), (Look::Title, None));
    laid.plan.text((0, 0), title.clone(), (Look::Title, None));

    // The published table.
    let mut figures: HashMap<(usize, usize), Figure> = HashMap::new();
    for (r, row) in table.rows.iter().enumerate() {
        let info = structure.rows.get(r);
        let role = info.map_or(RowRole::Text, |i| i.role);
        let bold = matches!(role, RowRole::Summary | RowRole::Subtotal);
        let indent = u8::try_from(depth(structure, r)).unwrap_or(0);
        let mut filled = vec![false; ncols];
        for cell in &row.cells {
            let (c0, c1) = covered(&structure.columns, cell);
            filled[c0..=c1].iter_mut().for_each(|f| *f = true);
            let at = structured_cell(r, c0);
            if cell.v_merge == VMerge::Continue && laid.plan.covers(at) {
                continue;
            }
            let down = if cell.v_merge == VMerge::Restart {
                1 + table.rows[r + 1..]
                    .iter()
                    .take_while(|below| {
                        below
                            .cells
                            .iter()
                            .any(|c| c.grid_col == cell.grid_col && c.v_merge == VMerge::Continue)
                    })
                    .count()
            } else {
                1
            };
            let last_r = (r + down - 1).min(nrows.saturating_sub(1)).max(r);
            let mark = mark_of((r, c0));
            let column_role = structure.columns.get(c0).map(|c| c.role);
            let value = structure.grid.value(r, c0);
            let content = match role {
                RowRole::Header => Content::Text(&cell.text, Look::Header),
                RowRole::Context => Content::Text(&cell.text, Look::Plain),
                RowRole::Text => Content::Text(&cell.text, Look::WrapText),
                RowRole::Spacer => Content::Blank(Look::Text),
                RowRole::Data | RowRole::Summary | RowRole::Subtotal | RowRole::Section => {
                    match value {
                        Some(Value::Number(n))
                            if column_role.is_some_and(holds_figures) && c0 == c1 =>
                        {
                            let figure = Figure {
                                decimals: n.decimals,
                                thousands: n.text.contains([',', '，']),
                                percent: n.text.trim_end().ends_with(['%', '％']),
                                bold,
                                verified: mark.is_none()
                                    && cell_status.get(&(r, c0)) == Some(&CellStatus::Consistent),
                                recomputed: false,
                            };
                            Content::Figure(n, figure)
                        }
                        _ if label_col.is_some_and(|l| (c0..=c1).contains(&l)) || bold => {
                            Content::Text(&cell.text, Look::RowName { indent, bold })
                        }
                        _ => Content::Text(&cell.text, Look::Text),
                    }
                }
            };
            let look = match &content {
                Content::Text(_, look) | Content::Blank(look) => *look,
                Content::Figure(_, figure) => Look::Figure(*figure),
            };
            let end = structured_cell(last_r, c1);
            if end != at {
                laid.plan.merge(at, end, (look, mark));
            }
            match &content {
                Content::Figure(n, figure) => {
                    figures.insert((r, c0), *figure);
                    let printed = shown(n, *figure);
                    laid.measure(c0, printed.len());
                    match number_value(n) {
                        Some(v) => laid.plan.ops.push((at, Op::Number(v, (look, mark)))),
                        None => laid.plan.text(at, n.text.as_str(), (Look::Text, mark)),
                    }
                    if printed != n.text.trim() {
                        let label = words::note_labels(lang)[5];
                        let colon = lang.pick("：", ": ");
                        laid.note(at, None, format!("{label}{colon}{}", n.text));
                    }
                }
                Content::Text(t, look) if !t.is_empty() => {
                    laid.plan.text(at, *t, (*look, mark));
                    let wraps = matches!(look, Look::Header | Look::WrapText | Look::Plain)
                        || matches!(look, Look::RowName { .. });
                    let extra = match look {
                        Look::RowName { indent, .. } => usize::from(*indent) * 2,
                        _ => 0,
                    };
                    if c0 == c1 {
                        if matches!(look, Look::Header) {
                            laid.header_widths[c0] = laid.header_widths[c0].max(header_width(t));
                        } else if !matches!(look, Look::Plain | Look::WrapText) {
                            laid.measure(c0, text::width(t) + extra);
                        }
                    }
                    if wraps {
                        laid.wrapped
                            .push((at.0, c0, c1, (*t).to_string(), last_r - r + 1));
                    }
                }
                Content::Text(_, look) | Content::Blank(look) => {
                    laid.plan.blank(at, (*look, mark));
                }
            }
        }
        for (c, done) in filled.iter().enumerate() {
            let at = structured_cell(r, c);
            if !done && !laid.plan.covers(at) {
                let look = match role {
                    RowRole::Header => Look::Header,
                    RowRole::Context => Look::Plain,
                    _ => Look::Text,
                };
                laid.plan.blank(at, (look, None));
            }
        }
    }

    // The blocks' headings: the block's title on the title row, each column's header path
    // over the header rows.
    let (label_first, label_last) = match &header_range {
        Some((first, last)) => (structured_cell(*first, 0).0, structured_cell(*last, 0).0),
        None => (0, 0),
    };
    for block in &placement.blocks {
        let first = col16(block.first_col);
        let last = col16(block.first_col + block.columns.len().saturating_sub(1));
        let heading = match block.layer {
            0 => block.kind.heading(lang).to_string(),
            layer => words::again(block.kind.heading(lang), layer + 1, lang),
        };
        if header_range.is_some() {
            laid.plan.merge((0, first), (0, last), (Look::Header, None));
            laid.wrapped.push((
                0,
                block.first_col,
                block.first_col + block.columns.len().saturating_sub(1),
                heading.clone(),
                1,
            ));
            laid.plan.text((0, first), heading, (Look::Header, None));
        }
        for (i, &c) in block.columns.iter().enumerate() {
            let col = col16(block.first_col + i);
            let path = structure
                .columns
                .get(c)
                .map_or(String::new(), |info| info.path.replace(" / ", "\n"));
            laid.header_widths[block.first_col + i] = header_width(&path);
            laid.plan
                .merge((label_first, col), (label_last, col), (Look::Header, None));
            laid.wrapped.push((
                label_first,
                block.first_col + i,
                block.first_col + i,
                path.clone(),
                usize::try_from(label_last - label_first + 1).unwrap_or(1),
            ));
            laid.plan
                .text((label_first, col), path, (Look::Header, None));
        }
    }
    for (i, label) in words::beside(lang).iter().enumerate() {
        let col = placement.difference_col + i;
        laid.plan.merge(
            (label_first, col16(col)),
            (label_last, col16(col)),
            (Look::Header, None),
        );
        laid.plan
            .text((label_first, col16(col)), *label, (Look::Header, None));
        laid.header_widths[col] = text::width(label);
    }

    // The recomputations, one live formula per relation.
    let [
        published_label,
        expected_label,
        difference_label,
        formula_label,
        follows_label,
        _,
    ] = words::note_labels(lang);
    let colon = lang.pick("：", ": ");
    let mut row_results: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (i, (r, e)) in structure
        .relations
        .iter()
        .zip(&structure.results)
        .enumerate()
    {
        row_results.entry(r.target.table_row).or_default().push(i);
        let at = placement.mirror_of(r, i);
        let target_at = (r.target.table_row, r.target.column);
        let row_bold = structure
            .rows
            .get(r.target.table_row)
            .is_some_and(|info| matches!(info.role, RowRole::Summary | RowRole::Subtotal));
        let published = structure.grid.value(r.target.table_row, r.target.column);
        let target_figure = figures.get(&target_at).copied().unwrap_or_default();
        let status = status_at(i);
        let mark = match status {
            CellStatus::Finding | CellStatus::Consequence => mark_of(target_at),
            _ => None,
        };
        let formula = relation_formula(r);
        let cached = engine_value(r, &e.result, &structure.grid);
        let rule = r.rule.pick(lang == Lang::Zh).to_string();
        match (&formula, &cached) {
            (Some(formula), Some(cached)) => {
                let figure = Figure {
                    decimals: r.rounding,
                    thousands: target_figure.thousands,
                    percent: target_figure.percent,
                    bold: row_bold,
                    verified: false,
                    recomputed: true,
                };
                let look = Look::Figure(figure);
                laid.measure(usize::from(at.1), cached.len() + 2);
                laid.plan
                    .formula(at, formula.clone(), cached.clone(), (look, mark));
            }
            _ => {
                // Nothing published there at all, operands and total: a blank, as the terminal
                // and the overview count it, not a total that could not be checked.
                let nothing_published = e.result
                    == RelationResult::NotCheckable {
                        reason: NotCheckableReason::NothingPublished,
                    };
                let word = if nothing_published {
                    words::blank(lang)
                } else {
                    words::not_checkable(lang)
                };
                laid.plan.text(at, word, (Look::Quiet, None));
                laid.measure(usize::from(at.1), text::width(word));
                let why = match &e.result {
                    RelationResult::NotCheckable { reason } => {
                        reason.words().pick(lang == Lang::Zh).to_string()
                    }
                    _ => lang
                        .pick(
                            "公式超出 Excel 的长度限制",
                            "the formula passes Excel's limits",
                        )
                        .to_string(),
                };
                laid.note(at, None, format!("{word}{colon}{why}\n{rule}"));
            }
        }
        // A flagged cell's note: the figures, the rule, the formula, the cause.
        if status >= CellStatus::Consequence {
            let mut lines = vec![rule];
            let published_text = match published {
                Some(Value::Empty) | None => words::blank(lang).to_string(),
                Some(v) => v.text().to_string(),
            };
            let figures_line = match &e.result {
                RelationResult::Exceeds { parts, .. } => format!(
                    "{published_label}{colon}{published_text}；{}{colon}{}",
                    words::parts_exceed(lang),
                    fixed(*parts, r.rounding)
                ),
                _ => {
                    let mut line = format!("{published_label}{colon}{published_text}");
                    if let Some(c) = &cached {
                        // Written like the published figure (5,230.80 beside 5,212.80).
                        let c = Decimal::from_str_exact(c).map_or_else(
                            |_| c.clone(),
                            |v| crate::exact::fixed_like(v, r.rounding, &published_text),
                        );
                        line.push_str(&format!(
                            "{}{expected_label}{colon}{c}",
                            lang.pick("；", "; ")
                        ));
                    }
                    if let Some(d) = engine_difference(r, &e.result, &structure.grid) {
                        line.push_str(&format!(
                            "{}{difference_label}{colon}{d}",
                            lang.pick("；", "; ")
                        ));
                    }
                    line
                }
            };
            lines.push(figures_line);
            if let Some(f) = &formula {
                lines.push(format!("{formula_label}{colon}{} ={f}", a1(at.0, at.1)));
            }
            if let Some(cause) = consequence_of.get(&target_at) {
                // The cell the audit found wrong, with its figures and the likely slip.
                let mut line = match cause.location {
                    Some(l) => {
                        let (cr, cc) = structured_cell(l.table_row, l.column);
                        format!("{follows_label}{colon}{}", a1(cr, cc))
                    }
                    None => format!("{follows_label}{colon}{}", cause.message),
                };
                if let (Some(p), Some(x)) = (&cause.published, &cause.expected) {
                    line.push_str(&format!(
                        " {published_label}{colon}{p}{}{expected_label}{colon}{x}",
                        lang.pick("，", ", ")
                    ));
                }
                if let Some(why) = &cause.explanation {
                    line.push_str(&lang.pick(format!("（{why}）"), format!(" ({why})")));
                }
                lines.push(line);
            } else if let Some(cause) = e.caused_by.as_deref().and_then(|id| structure.relation(id))
            {
                lines.push(format!(
                    "{follows_label}{colon}{} {}",
                    cell_a1(&cause.target),
                    cause.rule.pick(lang == Lang::Zh)
                ));
            }
            let (sr, sc) = structured_cell(r.target.table_row, r.target.column);
            laid.note((sr, sc), mark, lines.join("\n"));
        }
    }
    // Findings at cells: their messages first on the cell's note.
    for ((r, c), fs) in &by_cell {
        let at = structured_cell(*r, *c);
        let text = note_text(fs, lang);
        let entry = laid
            .notes
            .entry(at)
            .or_insert((worst(fs.iter()), String::new()));
        entry.1 = if entry.1.is_empty() {
            text
        } else {
            format!("{text}\n\n{}", entry.1)
        };
    }

    // Bordered blanks in the blocks for the other rows of the table body.
    let body_first = header_range.map_or(0, |(_, last)| last + 1);
    let written: std::collections::HashSet<(u32, u16)> =
        laid.plan.ops.iter().map(|(at, _)| *at).collect();
    for r in body_first..nrows {
        let role = structure.rows.get(r).map(|i| i.role);
        if !matches!(
            role,
            Some(RowRole::Data | RowRole::Summary | RowRole::Subtotal | RowRole::Section)
        ) {
            continue;
        }
        let (sr, _) = structured_cell(r, 0);
        for block in &placement.blocks {
            for i in 0..block.columns.len() {
                let at = (sr, col16(block.first_col + i));
                if !written.contains(&at) {
                    laid.plan.blank(at, (Look::Text, None));
                }
            }
        }
    }

    // Each row's difference (of its first finding, else its first consistent relation) and
    // status.
    let mut status_widths = 0;
    let mut first_body_row = None;
    let mut last_body_row = None;
    for (row, indexes) in &row_results {
        let (sr, _) = structured_cell(*row, 0);
        first_body_row = first_body_row.or(Some(sr));
        last_body_row = Some(sr);
        let results: Vec<(usize, CellStatus)> =
            indexes.iter().map(|&i| (i, status_at(i))).collect();
        // The row's first finding of its own, else its first consequence, else its first
        // consistent relation; an equality before a `其中` bound.
        let primary = [
            CellStatus::Finding,
            CellStatus::Consequence,
            CellStatus::Consistent,
        ]
        .iter()
        .find_map(|wanted| {
            let mut of_status = results.iter().filter(|(_, s)| s == wanted);
            of_status
                .clone()
                .find(|(i, _)| structure.relations[*i].bound == Bound::Equal)
                .or_else(|| of_status.next())
        });
        let row_mark = results
            .iter()
            .filter(|(_, s)| *s >= CellStatus::Consequence)
            .filter_map(|(i, _)| {
                let t = &structure.relations[*i].target;
                mark_of((t.table_row, t.column))
            })
            .min();
        let difference_at = (sr, col16(placement.difference_col));
        match primary {
            Some(&(i, _)) => {
                let r = &structure.relations[i];
                let e = &structure.results[i];
                let mirror = placement.mirror_of(r, i);
                match engine_difference(r, &e.result, &structure.grid) {
                    Some(cached) if relation_formula(r).is_some() => {
                        let formula = format!(
                            "ROUND({}-{},{})",
                            cell_a1(&r.target),
                            a1(mirror.0, mirror.1),
                            r.rounding
                        );
                        laid.measure(placement.difference_col, cached.len() + 2);
                        let figure = Figure {
                            decimals: r.rounding,
                            recomputed: true,
                            ..Figure::default()
                        };
                        laid.plan.formula(
                            difference_at,
                            formula,
                            cached,
                            (Look::Figure(figure), row_mark),
                        );
                    }
                    _ => laid.plan.blank(difference_at, (Look::Text, None)),
                }
            }
            None => laid.plan.blank(difference_at, (Look::Text, None)),
        }
        let worst_status = results.iter().map(|(_, s)| *s).max();
        let any = |pred: fn(&RelationResult) -> bool| {
            results
                .iter()
                .any(|(i, s)| *s >= CellStatus::Consequence && pred(&structure.results[*i].result))
        };
        let word = match worst_status {
            Some(CellStatus::Finding | CellStatus::Consequence) => {
                let mut word = if any(|r| matches!(r, RelationResult::Omitted { .. }))
                    && !any(|r| {
                        matches!(
                            r,
                            RelationResult::Inconsistent { .. } | RelationResult::Exceeds { .. }
                        )
                    }) {
                    words::missing(lang).to_string()
                } else {
                    words::inconsistent(lang).to_string()
                };
                if worst_status == Some(CellStatus::Consequence) {
                    word.push_str(words::follows(lang));
                }
                word
            }
            Some(CellStatus::Consistent) => words::consistent(lang).to_string(),
            _ => words::not_checkable(lang).to_string(),
        };
        status_widths = status_widths.max(text::width(&word));
        let look = if worst_status == Some(CellStatus::NotCheckable) {
            Look::Quiet
        } else {
            Look::Status
        };
        laid.plan
            .text((sr, col16(placement.status_col)), word, (look, row_mark));
    }

    // Widths.
    let mut column_widths = Vec::with_capacity(total_cols);
    for c in 0..total_cols {
        let width = if placement.gaps.contains(&c) {
            GAP_WIDTH
        } else if c == placement.status_col {
            text::column_width(
                status_widths.max(laid.header_widths[c]),
                MIN_WIDTH + 2,
                MAX_WIDTH,
            )
        } else {
            let max = if Some(c) == label_col {
                MAX_LABEL_WIDTH
            } else {
                MAX_WIDTH
            };
            let w = laid.widths[c].max(laid.header_widths[c].min(MAX_HEADER_WIDTH));
            text::column_width(w, MIN_WIDTH, max)
        };
        column_widths.push(width);
        ws.set_column_width(col16(c), width)?;
    }

    // Heights of the rows with wrapped text.
    let span_width = |first: usize, last: usize| -> usize {
        column_widths[first..=last.min(total_cols - 1)]
            .iter()
            .map(|w| *w as usize)
            .sum::<usize>()
            .saturating_sub(1)
    };
    // A cell merged over rows shares its height among them.
    let mut heights: BTreeMap<u32, f64> = BTreeMap::new();
    for (row, first, last, text, rows) in &laid.wrapped {
        let lines = text::lines(text, span_width(*first, *last));
        if let Some(height) = text::merged_row_height(lines, *rows) {
            for r in *row..row.saturating_add(row32(*rows)) {
                let entry = heights.entry(r).or_insert(height);
                *entry = entry.max(height);
            }
        }
    }
    let title_lines = text::lines(&title, span_width(0, ncols - 1));
    let blocks_height = heights.get(&0).copied().unwrap_or_default();
    heights.insert(0, text::title_height(title_lines).max(blocks_height));

    // The note and the legend under the table.
    let mut next_row = structured_cell(nrows, 0).0;
    let last_col = col16(total_cols - 1);
    let full_width = span_width(0, ncols - 1);
    for paragraph in &table.note {
        laid.plan.merge(
            (next_row, 0),
            (next_row, last_published),
            (Look::Note, None),
        );
        laid.plan
            .text((next_row, 0), paragraph.as_str(), (Look::Note, None));
        heights.insert(
            next_row,
            text::row_height(text::lines(paragraph, full_width)),
        );
        next_row += 1;
    }
    let mut legend = words::legend(lang).to_string();
    if placement
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Balance)
    {
        legend.push_str(words::balance_legend(lang));
    }
    laid.plan
        .merge((next_row, 0), (next_row, last_col), (Look::Note, None));
    heights.insert(
        next_row,
        text::row_height(text::lines(&legend, span_width(0, total_cols - 1))),
    );
    laid.plan.text((next_row, 0), legend, (Look::Note, None));
    let last_row = next_row;

    // The hierarchy as outline levels, the parents above their children.
    ws.group_symbols_above(true);
    for (r, info) in structure.rows.iter().enumerate() {
        if matches!(
            info.role,
            RowRole::Data | RowRole::Summary | RowRole::Subtotal | RowRole::Section
        ) {
            let (sr, _) = structured_cell(r, 0);
            let levels = depth(structure, r);
            if levels > 0 {
                // rust_xlsxwriter 0.102 records the sheet's deepest level (`outlineLevelRow`,
                // which Excel needs for the outline buttons) only for a row it already knows:
                // the row's height first.
                match heights.get(&sr) {
                    Some(h) => ws.set_row_height(sr, *h)?,
                    None => ws.set_row_height_pixels(sr, DEFAULT_ROW_PIXELS)?,
                };
            }
            for _ in 0..levels {
                ws.group_rows(sr, sr)?;
            }
        }
    }

    let notes = std::mem::take(&mut laid.notes);
    let mut kept = input.keep.then(Kept::default);
    laid.plan.write(ws, styles, &heights, kept.as_mut())?;

    // Notes, the most severe first when there are too many.
    let mut noted: Vec<_> = notes.into_iter().collect();
    let notes_left_out = noted.len().saturating_sub(MAX_NOTES);
    if noted.len() > MAX_NOTES {
        noted.sort_by_key(|(at, (mark, _))| (mark.is_none(), *mark, *at));
        noted.truncate(MAX_NOTES);
    }
    for ((row, col), (_, text)) in noted {
        ws.insert_note(row, col, &note(&text))?;
        if let Some(kept) = kept.as_mut() {
            kept.note((row, col), text);
        }
    }
    if !table_level.is_empty() {
        let text = note_text(&table_level, lang);
        ws.insert_note(0, 0, &note(&text))?;
        if let Some(kept) = kept.as_mut() {
            kept.note((0, 0), text);
        }
    }
    ws.set_default_note_author(TOOL_NAME);

    // A live red difference and status when the difference is not zero.
    if let (Some(first), Some(last)) = (first_body_row, last_body_row) {
        let difference = column_letters(col16(placement.difference_col));
        let rule = format!(
            "=AND(ISNUMBER(${difference}{row}),${difference}{row}<>0)",
            row = first + 1
        );
        ws.add_conditional_format(
            first,
            col16(placement.difference_col),
            last,
            col16(placement.status_col),
            &ConditionalFormatFormula::new()
                .set_rule(rule.as_str())
                .set_format(red_row()),
        )?;
    }

    // Navigation and print.
    let freeze_col = match label_col {
        Some(c) if c < 3 => col16(c + 1),
        _ => 0,
    };
    let freeze_row = header_range.map_or(TITLE_ROWS, |(_, last)| structured_cell(last, 0).0 + 1);
    ws.set_freeze_panes(freeze_row, freeze_col)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_footer("&C&P / &N");
    if header_range.is_some() {
        ws.set_repeat_rows(label_first, label_last)?;
    }
    ws.set_print_area(0, 0, last_row, last_col)?;
    Ok(Written {
        no_chart: None,
        notes_left_out,
        kept,
    })
}

/// The first run of header rows (table rows), if any.
fn header_rows(structure: &TableStructure) -> Option<(usize, usize)> {
    let first = structure
        .rows
        .iter()
        .position(|r| r.role == RowRole::Header)?;
    let count = structure.rows[first..]
        .iter()
        .take_while(|r| r.role == RowRole::Header)
        .count();
    Some((first, first + count - 1))
}

#[cfg(test)]
#[path = "structured_tests.rs"]
mod tests;
