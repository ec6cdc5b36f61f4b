//! One sheet per audited table: the table as published, where [`Layout::position`] puts each
//! cell, and beside it three grouped columns that prove the arithmetic with live formulas.
//!
//! ```text
//! row 0                title (the table's heading), merged over the published columns
//! rows 1 … h           header rows as published, merges kept          复核总分  差额  状态
//! rows h+1 …           data rows (numbers as numbers), other rows as text  =ROUND(…)  =ROUND(J−K)  ✓
//! below the table      the note, one merged row per paragraph
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap, HashSet};

use rust_xlsxwriter::{
    Chart, ChartAxisCrossing, ChartFont, ChartLegendPosition, ChartType, ConditionalFormatFormula,
    Formula, Note, Worksheet, XlsxError,
};

use super::marks::Kept;
use super::style::{FONT, Look, Styles, red_row};
use super::text::{self, MAX_NOTE_TEXT, cell_text, fit};
use super::words;
use super::{end_rows, number_value};
use crate::annex::{Column, DataRow, Number, Role, ScoreSheet, SkipReason, Value};
use crate::audit::exact::{fixed, fixed_len};
use crate::audit::{Check, Finding, Lang, Location, Recomputation, RowAudit, RowStatus, Severity};
use crate::report::{Layout, TITLE_ROWS, TOOL_NAME, a1, column_letters};
use crate::wordml::{Cell, VMerge};

/// Excel's worksheet limits (the structured sheet shares them).
pub(super) const MAX_ROWS: usize = 1_048_576;
pub(super) const MAX_COLUMNS: usize = 16_384;
/// Columns beside the table: recomputed, difference, status.
const BESIDE: usize = 3;

/// The most writes a table sheet's plan makes room for at the start (72 bytes each, 4.5 MB);
/// a larger table's plan grows as its cells come.
const PLANNED_WRITES: usize = 1 << 16;
/// A header paragraph wider than this many display columns (at its natural break) wraps
/// anywhere rather than widen its column further.
const HEADER_MAX_WIDTH: usize = 16;
/// Column widths, in characters.
pub(super) const MIN_WIDTH: usize = 6;
pub(super) const MAX_WIDTH: usize = 50;
const MAX_STATUS_WIDTH: usize = 60;
/// Beyond this many rows a bar per row is no longer readable: the chart is left out (the
/// summary says so).
pub(super) const MAX_CHART_ROWS: usize = 200;
/// The first this many table sheets of a workbook each get their chart. Past them a table gets
/// one only when some published total differs from its recomputation: there the bars show
/// where; where every total agrees the chart would show pairs of equal bars, which the 状态
/// column already says, and the charts of a document of hundreds of tables were the larger
/// part of writing its workbook (four package parts each). The summary names the tables
/// without one.
pub(super) const CHARTED_TABLES: usize = 8;

/// One audited table to write.
pub(super) struct TableInput<'a> {
    /// The interpreted table.
    pub sheet: &'a ScoreSheet,
    /// One audit per data row.
    pub rows: &'a [RowAudit],
    /// The findings about this table, most severe first.
    pub findings: &'a [&'a Finding],
    /// The sheet's name.
    pub name: &'a str,
    /// The heading shown in the title row.
    pub title: &'a str,
    /// The audit's own remark on how the table was read, shown under its note.
    pub remark: Option<&'a str>,
    /// Language of the words written.
    pub lang: Lang,
    /// Whether the sheet is among the workbook's first [`CHARTED_TABLES`] table sheets.
    pub among_first: bool,
    /// Whether the sheet is kept in memory: what it writes is then remembered
    /// ([`Written::kept`]) for the document's findings, marked at the end.
    pub keep: bool,
}

/// Why a table sheet has no chart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum NoChart {
    /// The table has no data row to draw.
    NoRows,
    /// More than [`MAX_CHART_ROWS`] rows.
    TooManyRows,
    /// Past the first [`CHARTED_TABLES`] table sheets, and every total agrees.
    AllAgree,
}

/// What the summary needs to know about a written table sheet.
pub(super) struct Written {
    /// Why no chart was added, or `None` when it was.
    pub no_chart: Option<NoChart>,
    /// Cells with findings that got no note (beyond [`MAX_NOTES`]).
    pub notes_left_out: usize,
    /// What a sheet kept in memory wrote, to mark the document's findings at the end.
    pub kept: Option<Kept>,
}

/// Notes on a sheet's cells with findings, at most (the most severe cells first): each note is a
/// shape in the sheet's VML drawing (about 2 KB of XML, and memory for it until the workbook is
/// saved), and a sheet with tens of thousands of wrong cells is read from its status column and
/// the discrepancy sheet, which list every finding. The summary says when notes were left out.
pub(super) const MAX_NOTES: usize = 2_000;

/// The cells that get a note, at most `max`: all when they are few, else the most severe (in
/// table order within a severity).
pub(super) fn noted_cells<'m, 'f>(
    by_cell: &'m BTreeMap<(usize, usize), Vec<&'f Finding>>,
    max: usize,
) -> Vec<(&'m (usize, usize), &'m Vec<&'f Finding>)> {
    let mut noted: Vec<_> = by_cell.iter().collect();
    if noted.len() > max {
        noted.sort_by_key(|(at, fs)| (worst(fs.iter()), **at));
        noted.truncate(max);
    }
    noted
}

/// The worksheet cell of a table cell, as the JSON and terminal reports name it.
fn position(table_row: usize, column: usize) -> (u32, u16) {
    Layout::position(Location { table_row, column })
}

pub(super) fn col16(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}

pub(super) fn row32(r: usize) -> u32 {
    u32::try_from(r).unwrap_or(u32::MAX)
}

/// The logical columns a Word cell covers: the column it starts in (the last column starting
/// at or before its grid column) to the last column starting inside its span.
pub(super) fn covered_columns(columns: &[Column], cell: &Cell) -> (usize, usize) {
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

/// A header's text as written: a line break before the bracketed maximum that ends a
/// paragraph (`发布解读（40分）` → `发布解读` / `（40分）`), so that wrapping never splits the
/// maximum from its label (`发布解读（40` / `分）`). Other text is kept as published.
pub(super) fn header_text(text: &str) -> Cow<'_, str> {
    let break_at = |p: &str| match p.rfind(['（', '(']) {
        Some(i) if p.ends_with(['）', ')']) && !p[..i].trim_end().is_empty() => Some(i),
        _ => None,
    };
    if text.split('\n').all(|p| break_at(p).is_none()) {
        return Cow::Borrowed(text);
    }
    let paragraphs: Vec<String> = text
        .split('\n')
        .map(|p| match break_at(p) {
            Some(i) => format!("{}\n{}", p[..i].trim_end(), &p[i..]),
            None => p.to_string(),
        })
        .collect();
    Cow::Owned(paragraphs.join("\n"))
}

/// The width a header needs: its widest line once broken by [`header_text`], so that the
/// bracketed maximum (the longest piece that must not break) fits on its own line.
pub(super) fn header_width(text: &str) -> usize {
    text::width(&header_text(text))
}

/// The most severe of some findings.
pub(super) fn worst<'a, 'b: 'a>(
    findings: impl IntoIterator<Item = &'a &'b Finding>,
) -> Option<Severity> {
    findings.into_iter().map(|f| f.severity).min()
}

/// A cell formula's terms: `0`, `C5`, `SUM(C5:I5)` for contiguous columns, `C5+E5+F5`.
fn sum_of(columns: &[usize], row: u32) -> (String, bool) {
    let cell = |c: usize| a1(row, col16(c));
    match columns {
        [] => ("0".into(), false),
        [only] => (cell(*only), false),
        [first, .., last] if columns.windows(2).all(|w| w[1] == w[0] + 1) => {
            (format!("SUM({}:{})", cell(*first), cell(*last)), false)
        }
        _ => (
            columns
                .iter()
                .map(|&c| cell(c))
                .collect::<Vec<_>>()
                .join("+"),
            true,
        ),
    }
}

/// The recomputed total of worksheet row `row` as a formula that mirrors the audit's rule:
/// `ROUND(SUM(C5:I5),2)` for a plain row, `ROUND((C5+E5+F5+G5+H5)*20/17+I5,2)` for a scaled
/// one. The columns are exactly those the audit summed.
pub(super) fn recomputed_formula(rc: &Recomputation, row: u32) -> String {
    match rc.factor {
        None => {
            let mut columns = rc.components.clone();
            columns.extend(rc.bonus);
            columns.sort_unstable();
            columns.dedup();
            let (sum, _) = sum_of(&columns, row);
            format!("ROUND({sum},{})", rc.decimals)
        }
        Some(factor) => {
            let (sum, compound) = sum_of(&rc.components, row);
            let sum = if compound { format!("({sum})") } else { sum };
            let bonus = rc
                .bonus
                .map(|b| format!("+{}", a1(row, col16(b))))
                .unwrap_or_default();
            format!("ROUND({sum}*{factor}{bonus},{})", rc.decimals)
        }
    }
}

/// A data row's status: ✓ for a consistent row without findings, else the names of the checks
/// of its findings (`总分核对, 范围`; the ids in English), and why its total was not checked.
fn row_status(status: &RowStatus, findings: &[&Finding], lang: Lang) -> String {
    let mut ids: Vec<&str> = Vec::new();
    for f in findings {
        let id = words::check(f.check, lang);
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    let ids = ids.join(lang.pick("、", ", "));
    match status {
        RowStatus::Consistent if ids.is_empty() => words::CONSISTENT.to_string(),
        RowStatus::Inconsistent if ids.is_empty() => words::check(Check::Total, lang).to_string(),
        RowStatus::Consistent | RowStatus::Inconsistent => ids,
        RowStatus::NotChecked(why) if ids.is_empty() => words::not_checked(why, lang),
        RowStatus::NotChecked(why) => format!("{ids} · {}", words::not_checked(why, lang)),
    }
}

/// The text of a cell note: each finding's message, figures, rule and explanation.
pub(super) fn note_text(findings: &[&Finding], lang: Lang) -> String {
    let [published, expected, difference, rule, explanation] = words::note_labels(lang);
    let colon = lang.pick("：", ": ");
    let mut parts = Vec::with_capacity(findings.len());
    for f in findings {
        let mut lines = vec![format!(
            "[{} · {}] {}",
            words::severity(f.severity, lang),
            words::check(f.check, lang),
            f.message
        )];
        let figures: Vec<String> = [
            (published, &f.published),
            (expected, &f.expected),
            (difference, &f.delta),
        ]
        .iter()
        .filter_map(|(label, v)| v.as_ref().map(|v| format!("{label}{colon}{v}")))
        .collect();
        if !figures.is_empty() {
            lines.push(figures.join(lang.pick("；", "; ")));
        }
        if let Some(r) = &f.rule {
            lines.push(format!("{rule}{colon}{r}"));
        }
        if let Some(e) = &f.explanation {
            lines.push(format!("{explanation}{colon}{e}"));
        }
        parts.push(lines.join("\n"));
    }
    parts.join("\n\n")
}

/// A cell note of `text` (some findings' [`note_text`]), sized to it.
pub(super) fn note(text: &str) -> Note {
    let text = fit(text, MAX_NOTE_TEXT);
    // About 48 display columns per line of 9-point text in a 360-pixel box.
    let lines = text::lines(&text, 48);
    let height = u32::try_from(lines.saturating_mul(15) + 16)
        .unwrap_or(u32::MAX)
        .clamp(60, 480);
    Note::new(text)
        .set_author(TOOL_NAME)
        .add_author_prefix(false)
        .set_font_name(FONT)
        .set_font_size(9)
        .set_width(360)
        .set_height(height)
}

/// The content of one published cell.
enum Content<'a> {
    Text(Cow<'a, str>, Look),
    Number(&'a Number),
    Blank(Look),
}

/// A format, by what it looks like and the finding that marks it.
pub(super) type Style = (Look, Option<Severity>);

/// One cell write or merge of the sheet being laid out.
pub(super) enum Op<'a> {
    /// A merged range from this cell to `last`.
    Merge {
        last: (u32, u16),
        style: Style,
    },
    Text(Cow<'a, str>, Style),
    Blank(Style),
    Number(f64, Style),
    Formula {
        formula: String,
        result: String,
        style: Style,
    },
}

impl Op<'_> {
    /// The format the write gives its cell.
    fn style(&self) -> Style {
        match self {
            Op::Merge { style, .. }
            | Op::Text(_, style)
            | Op::Blank(style)
            | Op::Number(_, style)
            | Op::Formula { style, .. } => *style,
        }
    }
}

/// The cells of a table sheet, laid out before any is written: a streamed (constant-memory)
/// worksheet takes cells in row order only and writes a row's height with the row, and the
/// heights are known only once every column's width is. Sheets kept in memory are written the
/// same way, so that both kinds come out alike.
#[derive(Default)]
pub(super) struct Plan<'a> {
    /// Writes and merges in the order made; [`Plan::write`] sorts them by cell, stably, so a
    /// merge still comes before the value of its first cell.
    pub(super) ops: Vec<((u32, u16), Op<'a>)>,
    /// Merged ranges already made: rust_xlsxwriter refuses overlaps (and leaves its own state
    /// half-updated when it does), so every merge is checked here first.
    merged: HashSet<(u32, u16)>,
}

impl<'a> Plan<'a> {
    pub(super) fn covers(&self, cell: (u32, u16)) -> bool {
        self.merged.contains(&cell)
    }

    /// Merges the range if it is more than one cell and free; returns whether it did.
    pub(super) fn merge(
        &mut self,
        (r0, c0): (u32, u16),
        (r1, c1): (u32, u16),
        style: Style,
    ) -> bool {
        if (r0, c0) == (r1, c1) {
            return false;
        }
        let range = || (r0..=r1).flat_map(move |r| (c0..=c1).map(move |c| (r, c)));
        if range().any(|cell| self.merged.contains(&cell)) {
            return false;
        }
        self.merged.extend(range());
        self.ops.push((
            (r0, c0),
            Op::Merge {
                last: (r1, c1),
                style,
            },
        ));
        true
    }

    pub(super) fn text(&mut self, at: (u32, u16), text: impl Into<Cow<'a, str>>, style: Style) {
        self.ops.push((at, Op::Text(text.into(), style)));
    }

    pub(super) fn blank(&mut self, at: (u32, u16), style: Style) {
        self.ops.push((at, Op::Blank(style)));
    }

    pub(super) fn formula(
        &mut self,
        at: (u32, u16),
        formula: String,
        result: String,
        style: Style,
    ) {
        self.ops.push((
            at,
            Op::Formula {
                formula,
                result,
                style,
            },
        ));
    }

    /// One published cell: text, a number as a number (or its text when it has no double), or
    /// a formatted blank.
    fn put(&mut self, at: (u32, u16), content: &Content<'a>, mark: Option<Severity>) {
        match content {
            Content::Text(t, look) if !t.is_empty() => self.text(at, t.clone(), (*look, mark)),
            Content::Text(_, look) | Content::Blank(look) => self.blank(at, (*look, mark)),
            Content::Number(n) => match number_value(n) {
                Some(v) => self
                    .ops
                    .push((at, Op::Number(v, (Look::Number(n.decimals), mark)))),
                None => self.text(at, n.text.as_str(), (Look::Text, mark)),
            },
        }
    }

    /// Writes the row heights, then every cell and merge in row order; `kept`, when given,
    /// records each cell's format (a sheet kept in memory, see [`Kept`]).
    pub(super) fn write(
        mut self,
        ws: &mut Worksheet,
        styles: &mut Styles,
        heights: &BTreeMap<u32, f64>,
        mut kept: Option<&mut Kept>,
    ) -> Result<(), XlsxError> {
        for (row, height) in heights {
            ws.set_row_height(*row, *height)?;
        }
        self.ops.sort_by_key(|(at, _)| *at);
        let last_row = self.ops.last().map(|((row, _), _)| *row);
        // Values side by side in a row with one format are written without it, then formatted
        // as one range: rust_xlsxwriter hashes the whole `Format` (fonts, borders, fills) on
        // every call that takes one, which was 5 % of a large annex's audit (BENCHMARKS.md,
        // round 9). The cells, their formats and the order formats are first used (their
        // numbers in styles.xml) stay as they were. A range is formatted before the next
        // row's first write, which a streamed sheet takes as the end of the row before.
        let mut run = FormatRun::default();
        for ((row, col), op) in self.ops {
            if let Some(kept) = kept.as_deref_mut() {
                kept.cell((row, col), op.style());
            }
            match op {
                Op::Text(t, style) if !t.is_empty() => {
                    run.extend(ws, styles, (row, col), style)?;
                    ws.write_string(row, col, cell_text(&t))?;
                }
                Op::Number(v, style) => {
                    run.extend(ws, styles, (row, col), style)?;
                    ws.write_number(row, col, v)?;
                }
                Op::Formula {
                    formula,
                    result,
                    style,
                } => {
                    run.extend(ws, styles, (row, col), style)?;
                    ws.write_formula(row, col, Formula::new(formula).set_result(result))?;
                }
                // A merge, a blank and an empty text keep their formats: a formatted range
                // makes its missing cells blank without counting them in the sheet's extent.
                Op::Merge {
                    last: (r1, c1),
                    style: (look, mark),
                } => {
                    run.finish(ws, styles)?;
                    ws.merge_range(row, col, r1, c1, "", styles.get(look, mark))?;
                }
                Op::Text(_, (look, mark)) | Op::Blank((look, mark)) => {
                    run.finish(ws, styles)?;
                    ws.write_blank(row, col, styles.get(look, mark))?;
                }
            }
        }
        run.finish(ws, styles)?;
        if let Some(last) = last_row {
            end_rows(ws, styles, last, heights.contains_key(&last))?;
        }
        Ok(())
    }
}

/// Cells written side by side in one row, waiting for their common format.
#[derive(Default)]
struct FormatRun {
    /// Row, first and last column, format.
    cells: Option<(u32, u16, u16, Style)>,
}

impl FormatRun {
    /// Takes the cell at `at` into the run, or formats the run and starts another with it.
    fn extend(
        &mut self,
        ws: &mut Worksheet,
        styles: &mut Styles,
        at: (u32, u16),
        style: Style,
    ) -> Result<(), XlsxError> {
        if let Some((row, _, last, same)) = &mut self.cells
            && *row == at.0
            && last.checked_add(1) == Some(at.1)
            && *same == style
        {
            *last = at.1;
            return Ok(());
        }
        self.finish(ws, styles)?;
        self.cells = Some((at.0, at.1, at.1, style));
        Ok(())
    }

    /// Formats the cells of the run, if any.
    fn finish(&mut self, ws: &mut Worksheet, styles: &mut Styles) -> Result<(), XlsxError> {
        if let Some((row, first, last, (look, mark))) = self.cells.take() {
            ws.set_range_format(row, first, row, last, styles.get(look, mark))?;
        }
        Ok(())
    }
}

/// What kind of table row this is.
enum RowKind<'a> {
    Header,
    Data(&'a DataRow),
    Other,
}

impl<'a> Content<'a> {
    /// The content of a published cell starting in `column`, as its row has it.
    fn of(kind: &RowKind<'a>, cell: &'a Cell, column: usize) -> Self {
        match kind {
            RowKind::Header => Content::Text(header_text(&cell.text), Look::Header),
            RowKind::Data(d) => match d.value(column) {
                Some(Value::Number(n)) => Content::Number(n),
                Some(Value::NotApplicable(t) | Value::Unparsed(t)) => {
                    let look = if t.contains('\n') {
                        Look::WrapText
                    } else {
                        Look::Text
                    };
                    Content::Text(Cow::Borrowed(t), look)
                }
                Some(Value::Empty) | None => Content::Blank(Look::Text),
            },
            RowKind::Other => Content::Text(Cow::Borrowed(&cell.text), Look::WrapText),
        }
    }

    /// What the cell looks like, before any finding marks it.
    fn look(&self) -> Look {
        match self {
            Content::Text(_, look) | Content::Blank(look) => *look,
            Content::Number(n) => Look::Number(n.decimals),
        }
    }
}

/// Where a table sheet's parts go.
struct Shape {
    /// Published columns (at least one).
    ncols: usize,
    /// Published rows.
    nrows: usize,
    /// Header rows, at most `nrows`.
    header_rows: usize,
    /// The three columns beside the table.
    recomputed_col: usize,
    difference_col: usize,
    status_col: usize,
    /// The last published column.
    last_col: u16,
}

impl Shape {
    /// The shape of `sheet`'s worksheet; an error past Excel's limits.
    fn of(sheet: &ScoreSheet) -> Result<Self, XlsxError> {
        let ncols = sheet.columns.len().max(1);
        let nrows = sheet.table.rows.len();
        let notes = sheet.table.note.len();
        if TITLE_ROWS as usize + nrows + notes >= MAX_ROWS || ncols + BESIDE + 2 >= MAX_COLUMNS {
            return Err(XlsxError::RowColumnLimitError);
        }
        Ok(Shape {
            ncols,
            nrows,
            header_rows: sheet.header_rows.min(nrows),
            recomputed_col: ncols,
            difference_col: ncols + 1,
            status_col: ncols + 2,
            last_col: col16(ncols - 1),
        })
    }

    /// The worksheet rows the labels of the columns beside the table span: the header rows,
    /// or the title row when there is none.
    fn label_rows(&self) -> (u32, u32) {
        if self.header_rows > 0 {
            (TITLE_ROWS, TITLE_ROWS + row32(self.header_rows) - 1)
        } else {
            (0, 0)
        }
    }
}

/// The table's rows by table row: the data rows, and why the others are not audited.
struct RowIndex<'a> {
    data: HashMap<usize, &'a DataRow>,
    skipped: HashMap<usize, &'a SkipReason>,
}

impl<'a> RowIndex<'a> {
    fn of(sheet: &'a ScoreSheet) -> Self {
        RowIndex {
            data: sheet.rows.iter().map(|d| (d.table_row, d)).collect(),
            skipped: sheet
                .skipped_rows
                .iter()
                .map(|s| (s.table_row, &s.reason))
                .collect(),
        }
    }
}

/// The table's findings by where they point: a cell, a data row, or the table as a whole.
struct Placed<'a> {
    /// By (table row, column).
    by_cell: BTreeMap<(usize, usize), Vec<&'a Finding>>,
    /// By data row number.
    by_row: HashMap<usize, Vec<&'a Finding>>,
    /// Without a cell.
    table_level: Vec<&'a Finding>,
}

impl<'a> Placed<'a> {
    fn of(findings: &[&'a Finding]) -> Self {
        let mut placed = Placed {
            by_cell: BTreeMap::new(),
            by_row: HashMap::new(),
            table_level: Vec::new(),
        };
        for f in findings {
            match f.location {
                Some(l) => placed
                    .by_cell
                    .entry((l.table_row, l.column))
                    .or_default()
                    .push(f),
                None => placed.table_level.push(f),
            }
            if let Some(number) = f.row {
                placed.by_row.entry(number).or_default().push(f);
            }
        }
        placed
    }
}

/// A status text beside the table, written once the status column's width is known.
struct StatusText {
    /// The worksheet row.
    row: u32,
    text: String,
    look: Look,
    /// The most severe finding of the row.
    mark: Option<Severity>,
}

/// A wrapped cell, whose height is known only once the widths are.
struct WrappedCell<'a> {
    /// The worksheet row it starts in.
    row: u32,
    /// The published columns it spans.
    first: usize,
    last: usize,
    text: Cow<'a, str>,
    /// The table rows it spans (a vertical merge).
    rows: usize,
}

/// A table sheet being laid out: its cells, and what their widths and heights need.
struct SheetPlan<'a> {
    plan: Plan<'a>,
    /// Widest data of each published column, in display columns.
    widths: Vec<usize>,
    /// Widest header of each published column, wrapped at its natural break.
    header_widths: Vec<usize>,
    /// Lines each worksheet row needs. Rows with wrapped text get an explicit height: Excel
    /// fits such rows itself, but LibreOffice keeps the default height on import (seen with
    /// 7.4), and no application fits a merged cell.
    row_lines: BTreeMap<u32, usize>,
    wrapped: Vec<WrappedCell<'a>>,
    statuses: Vec<StatusText>,
}

/// The width of published columns `first..=last` together, in characters.
fn published_width(column_widths: &[f64], first: usize, last: usize) -> usize {
    column_widths[first..=last]
        .iter()
        .map(|w| *w as usize)
        .sum::<usize>()
        .saturating_sub(1)
}

impl<'a> SheetPlan<'a> {
    fn new(shape: &Shape) -> Self {
        // About one write per cell, the columns beside the table included: the writes are
        // gathered before they are sorted, and growing the vector a doubling at a time took
        // fresh pages at every step (30 page faults and 0.2–0.3 ms of auditing the real
        // annex: BENCHMARKS.md, round 14). Bounded: a wide grid need not have its cells.
        let cells = (TITLE_ROWS as usize + shape.nrows + 1)
            .saturating_mul(shape.ncols + BESIDE)
            .min(PLANNED_WRITES);
        SheetPlan {
            plan: Plan {
                ops: Vec::with_capacity(cells),
                ..Plan::default()
            },
            widths: vec![0; shape.ncols],
            header_widths: vec![0; shape.ncols],
            row_lines: BTreeMap::new(),
            wrapped: Vec::new(),
            statuses: Vec::new(),
        }
    }

    /// The title row, merged over the published columns.
    fn lay_title(&mut self, title: &'a str, shape: &Shape) {
        self.plan
            .merge((0, 0), (0, shape.last_col), (Look::Title, None));
        self.plan.text((0, 0), title, (Look::Title, None));
    }

    /// The table as published: every cell where [`Layout::position`] puts it, merges kept,
    /// gaps filled with blanks, and why a row that is not data is not audited.
    fn lay_published(
        &mut self,
        sheet: &'a ScoreSheet,
        shape: &Shape,
        rows: &RowIndex<'a>,
        placed: &Placed<'_>,
        lang: Lang,
    ) {
        for (r, row) in sheet.table.rows.iter().enumerate() {
            let kind = if r < shape.header_rows {
                RowKind::Header
            } else if let Some(d) = rows.data.get(&r) {
                RowKind::Data(d)
            } else {
                RowKind::Other
            };
            let mut filled = vec![false; shape.ncols];
            for cell in &row.cells {
                let (c0, c1) = self.lay_cell(sheet, shape, placed, r, &kind, cell);
                filled[c0..=c1].iter_mut().for_each(|f| *f = true);
            }
            for (c, done) in filled.iter().enumerate() {
                let at = position(r, c);
                if !done && !self.plan.covers(at) {
                    let look = if matches!(kind, RowKind::Header) {
                        Look::Header
                    } else {
                        Look::Text
                    };
                    self.plan.blank(at, (look, None));
                }
            }
            if let (RowKind::Other, Some(reason)) = (&kind, rows.skipped.get(&r)) {
                // Why this row is not audited, beside it.
                self.statuses.push(StatusText {
                    row: position(r, 0).0,
                    text: words::skipped_row(reason, lang),
                    look: Look::Quiet,
                    mark: None,
                });
            }
        }
    }

    /// One published cell of table row `r`, merged over what it covers, measured for the
    /// widths and heights; returns the columns it covers.
    fn lay_cell(
        &mut self,
        sheet: &'a ScoreSheet,
        shape: &Shape,
        placed: &Placed<'_>,
        r: usize,
        kind: &RowKind<'a>,
        cell: &'a Cell,
    ) -> (usize, usize) {
        let (c0, c1) = covered_columns(&sheet.columns, cell);
        let at = position(r, c0);
        if cell.v_merge == VMerge::Continue && self.plan.covers(at) {
            return (c0, c1);
        }
        // A vertical merge covers the rows below that continue it, whatever row_span says:
        // a Word table can run a merge into a cell of the next row, Excel cannot.
        let down = if cell.v_merge == VMerge::Restart {
            1 + sheet.table.rows[r + 1..]
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
        let last_r = (r + down - 1).min(shape.nrows.saturating_sub(1)).max(r);
        let mark = placed.by_cell.get(&(r, c0)).and_then(worst);
        let content = Content::of(kind, cell, c0);
        let look = content.look();
        let end = position(last_r, c1);
        if end != at {
            self.plan.merge(at, end, (look, mark));
        }
        self.plan.put(at, &content, mark);
        self.measure(kind, &content, at.0, (c0, c1), last_r - r + 1);
        (c0, c1)
    }

    /// Widths and heights: what a cell starting in worksheet row `row`, spanning `columns`
    /// and `rows` table rows, needs.
    fn measure(
        &mut self,
        kind: &RowKind<'_>,
        content: &Content<'a>,
        row: u32,
        (c0, c1): (usize, usize),
        rows: usize,
    ) {
        let text = match content {
            Content::Text(t, _) => t.clone(),
            Content::Number(_) | Content::Blank(_) => Cow::Borrowed(""),
        };
        let shown = match content {
            Content::Number(n) => fixed_len(n.value, n.decimals),
            _ => text::width(&text),
        };
        match kind {
            RowKind::Data(_) if c0 == c1 => self.widths[c0] = self.widths[c0].max(shown),
            RowKind::Header | RowKind::Other if c0 == c1 => {
                self.header_widths[c0] = self.header_widths[c0].max(header_width(&text));
            }
            _ => {}
        }
        if matches!(content.look(), Look::Header | Look::WrapText) && !text.is_empty() {
            self.wrapped.push(WrappedCell {
                row,
                first: c0,
                last: c1,
                text,
                rows,
            });
        }
    }

    /// The published columns' widths: the data, or the header wrapped at its natural break
    /// when wider.
    fn published_widths(&self) -> Vec<f64> {
        let mut column_widths = Vec::with_capacity(self.widths.len() + BESIDE);
        for (data, header) in self.widths.iter().zip(&self.header_widths) {
            let w = (*data).max((*header).min(HEADER_MAX_WIDTH));
            column_widths.push(text::column_width(w, MIN_WIDTH, MAX_WIDTH));
        }
        column_widths
    }

    /// The three columns beside the table: their labels over the header rows, then for each
    /// data row the recomputed total and the difference as live formulas, and its status.
    /// Returns the width the figures need.
    fn lay_beside(
        &mut self,
        input: &TableInput<'a>,
        shape: &Shape,
        rows: &RowIndex<'a>,
        placed: &Placed<'_>,
    ) -> usize {
        let labels = words::beside_table(input.lang);
        let (label_first, label_last) = shape.label_rows();
        for (i, label) in labels.iter().enumerate() {
            let c = col16(shape.ncols + i);
            self.plan
                .merge((label_first, c), (label_last, c), (Look::Header, None));
            self.plan
                .text((label_first, c), *label, (Look::Header, None));
        }
        let total_col = input.sheet.column(Role::Total);
        let mut figure_width = labels
            .iter()
            .take(2)
            .map(|l| text::width(l))
            .max()
            .unwrap_or(0);
        let (recomputed_col, difference_col) = (shape.recomputed_col, shape.difference_col);
        for audit in input.rows {
            let (sr, _) = position(audit.table_row, 0);
            let row_findings = placed
                .by_row
                .get(&audit.number)
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            self.statuses.push(StatusText {
                row: sr,
                text: row_status(&audit.status, row_findings, input.lang),
                look: Look::Status,
                mark: worst(row_findings),
            });
            let Some(rc) = &audit.recomputation else {
                for c in [recomputed_col, difference_col] {
                    self.plan.blank((sr, col16(c)), (Look::Text, None));
                }
                continue;
            };
            let number = (Look::Number(rc.decimals), None);
            let expected = fixed(rc.expected, rc.decimals);
            figure_width = figure_width.max(expected.len());
            self.plan.formula(
                (sr, col16(recomputed_col)),
                recomputed_formula(rc, sr),
                expected,
                number,
            );
            let published = total_col
                .and_then(|tc| rows.data.get(&audit.table_row).and_then(|d| d.value(tc)))
                .and_then(Value::number);
            match (total_col, published) {
                (Some(tc), Some(p)) => {
                    let difference = p
                        .value
                        .checked_sub(rc.expected)
                        .map(|d| fixed(d, rc.decimals))
                        .unwrap_or_default();
                    figure_width = figure_width.max(difference.len());
                    let formula = format!(
                        "ROUND({}-{},{})",
                        a1(sr, col16(tc)),
                        a1(sr, col16(recomputed_col)),
                        rc.decimals
                    );
                    self.plan
                        .formula((sr, col16(difference_col)), formula, difference, number);
                }
                _ => {
                    self.plan
                        .blank((sr, col16(difference_col)), (Look::Text, None));
                }
            }
        }
        figure_width
    }

    /// The status column's width (its texts and its label), in characters.
    fn status_width(&self, label: &str) -> f64 {
        let widest = self
            .statuses
            .iter()
            .map(|s| text::width(&s.text))
            .chain([text::width(label)])
            .max()
            .unwrap_or(0);
        text::column_width(widest, MIN_WIDTH, MAX_STATUS_WIDTH)
    }

    /// The status texts, wrapping within their column of `status_width`.
    fn lay_statuses(&mut self, shape: &Shape, status_width: f64) {
        for status in std::mem::take(&mut self.statuses) {
            let lines = text::lines(&status.text, (status_width as usize).saturating_sub(2));
            let entry = self.row_lines.entry(status.row).or_insert(1);
            *entry = (*entry).max(lines);
            self.plan.text(
                (status.row, col16(shape.status_col)),
                status.text,
                (status.look, status.mark),
            );
        }
    }

    /// The heights of the rows with wrapped text (each row of a vertical merge takes its
    /// share) and of the title row.
    fn row_heights(
        &mut self,
        column_widths: &[f64],
        title: &str,
        shape: &Shape,
    ) -> BTreeMap<u32, f64> {
        let mut heights: BTreeMap<u32, f64> = std::mem::take(&mut self.row_lines)
            .into_iter()
            .filter(|(_, lines)| *lines > 1)
            .map(|(sr, lines)| (sr, text::row_height(lines)))
            .collect();
        // A cell merged over rows shares its height among them.
        for cell in &self.wrapped {
            let width = published_width(column_widths, cell.first, cell.last);
            let lines = text::lines(&cell.text, width);
            if let Some(height) = text::merged_row_height(lines, cell.rows) {
                for r in cell.row..cell.row.saturating_add(row32(cell.rows)) {
                    let entry = heights.entry(r).or_insert(height);
                    *entry = entry.max(height);
                }
            }
        }
        let title_lines = text::lines(title, published_width(column_widths, 0, shape.ncols - 1));
        heights.insert(0, text::title_height(title_lines));
        heights
    }

    /// The note under the table, one merged row per paragraph, each with its height. Returns
    /// the sheet's last printed row.
    fn lay_note(
        &mut self,
        notes: impl Iterator<Item = &'a str>,
        shape: &Shape,
        column_widths: &[f64],
        heights: &mut BTreeMap<u32, f64>,
    ) -> u32 {
        let mut last_row = position(shape.nrows.saturating_sub(1), 0).0;
        for (i, paragraph) in notes.enumerate() {
            let (nr, _) = position(shape.nrows + i, 0);
            self.plan
                .merge((nr, 0), (nr, shape.last_col), (Look::Note, None));
            self.plan.text((nr, 0), paragraph, (Look::Note, None));
            let lines = text::lines(
                paragraph,
                published_width(column_widths, 0, shape.ncols - 1),
            );
            heights.insert(nr, text::row_height(lines));
            last_row = nr;
        }
        last_row
    }
}

/// Writes one table sheet.
pub(super) fn write<'a>(
    ws: &mut Worksheet,
    styles: &mut Styles,
    input: &TableInput<'a>,
) -> Result<Written, XlsxError> {
    let sheet = input.sheet;
    let shape = Shape::of(sheet)?;
    let rows = RowIndex::of(sheet);
    let placed = Placed::of(input.findings);

    let mut laid = SheetPlan::new(&shape);
    laid.lay_title(input.title, &shape);
    laid.lay_published(sheet, &shape, &rows, &placed, input.lang);
    let mut column_widths = laid.published_widths();
    let figure_width = laid.lay_beside(input, &shape, &rows, &placed);
    let status_width = laid.status_width(words::beside_table(input.lang)[2]);
    column_widths.push(text::column_width(figure_width, MIN_WIDTH + 4, MAX_WIDTH));
    column_widths.push(text::column_width(figure_width, MIN_WIDTH + 4, MAX_WIDTH));
    column_widths.push(status_width);
    for (c, w) in column_widths.iter().enumerate() {
        ws.set_column_width(col16(c), *w)?;
    }
    laid.lay_statuses(&shape, status_width);
    ws.group_columns(col16(shape.recomputed_col), col16(shape.status_col))?;
    let mut heights = laid.row_heights(&column_widths, input.title, &shape);
    let notes = sheet
        .table
        .note
        .iter()
        .map(String::as_str)
        .chain(input.remark);
    let last_row = laid.lay_note(notes, &shape, &column_widths, &mut heights);
    let mut kept = input.keep.then(Kept::default);
    laid.plan.write(ws, styles, &heights, kept.as_mut())?;

    let notes_left_out = write_notes(ws, &placed, input.lang, kept.as_mut())?;
    let data_rows = write_navigation(ws, sheet, &shape)?;
    let print_width = print_pixels(&column_widths);
    let charted = match data_rows {
        None => Err(NoChart::NoRows),
        Some(_) if sheet.rows.len() > MAX_CHART_ROWS => Err(NoChart::TooManyRows),
        Some(_)
            if !input.among_first
                && !input
                    .rows
                    .iter()
                    .any(|r| r.status == RowStatus::Inconsistent) =>
        {
            Err(NoChart::AllAgree)
        }
        Some(first_last) => Ok(first_last),
    };
    let (chart_rows, no_chart) = match charted {
        Ok(first_last) => {
            // Below the table and its note, past the blank row that ends them, on a page of
            // its own.
            let at = last_row.saturating_add(2);
            let rows = add_chart(ws, input, &shape, first_last, at, print_width)?
                .map(|rows| (at, at.saturating_add(rows)));
            (rows, rows.is_none().then_some(NoChart::NoRows))
        }
        Err(reason) => (None, Some(reason)),
    };
    set_print(ws, &shape, last_row, chart_rows)?;
    Ok(Written {
        no_chart,
        notes_left_out,
        kept,
    })
}

/// Notes on the cells with findings (at most [`MAX_NOTES`]); table-level findings on the
/// title. Returns how many cells with findings got no note; `kept` records the notes' texts.
fn write_notes(
    ws: &mut Worksheet,
    placed: &Placed<'_>,
    lang: Lang,
    mut kept: Option<&mut Kept>,
) -> Result<usize, XlsxError> {
    let mut put = |at: (u32, u16), findings: &[&Finding]| {
        let text = note_text(findings, lang);
        ws.insert_note(at.0, at.1, &note(&text))?;
        if let Some(kept) = kept.as_deref_mut() {
            kept.note(at, text);
        }
        Ok::<(), XlsxError>(())
    };
    for ((r, c), fs) in noted_cells(&placed.by_cell, MAX_NOTES) {
        put(position(*r, *c), fs)?;
    }
    let notes_left_out = placed.by_cell.len().saturating_sub(MAX_NOTES);
    if !placed.table_level.is_empty() {
        put((0, 0), &placed.table_level)?;
    }
    ws.set_default_note_author(TOOL_NAME);
    Ok(notes_left_out)
}

/// Navigation and the red rows: frozen headers and names, a filter over the table, and a red
/// row wherever the difference is not zero. Returns the first and last data rows, if any.
fn write_navigation(
    ws: &mut Worksheet,
    sheet: &ScoreSheet,
    shape: &Shape,
) -> Result<Option<(u32, u32)>, XlsxError> {
    let data_rows: Vec<u32> = sheet
        .rows
        .iter()
        .map(|d| position(d.table_row, 0).0)
        .collect();
    let first_data = data_rows.iter().min().copied();
    let last_data = data_rows.iter().max().copied();
    let freeze_col = match sheet.column(Role::Name) {
        Some(c) if c < 3 => col16(c + 1),
        _ => 0,
    };
    ws.set_freeze_panes(TITLE_ROWS + row32(shape.header_rows), freeze_col)?;
    let (Some(first), Some(last)) = (first_data, last_data) else {
        return Ok(None);
    };
    let status_col = col16(shape.status_col);
    if shape.header_rows > 0 {
        ws.autofilter(shape.label_rows().1, 0, last, status_col)?;
    }
    let difference = column_letters(col16(shape.difference_col));
    let rule = format!(
        "=AND(ISNUMBER(${difference}{row}),${difference}{row}<>0)",
        row = first + 1
    );
    ws.add_conditional_format(
        first,
        0,
        last,
        status_col,
        &ConditionalFormatFormula::new()
            .set_rule(rule.as_str())
            .set_format(red_row()),
    )?;
    Ok(Some((first, last)))
}

/// Pixels per character of column width and per column of padding, as rust_xlsxwriter
/// converts a width (and so places a chart).
const PIXELS_PER_CHARACTER: f64 = 7.0;
const COLUMN_PADDING_PIXELS: f64 = 5.0;
/// Pixels per default row, at most (rows below the table have the default height).
const ROW_PIXELS: u32 = 18;

/// The width in pixels of columns of these widths (in characters), side by side.
fn print_pixels(column_widths: &[f64]) -> u32 {
    let pixels: f64 = column_widths
        .iter()
        .map(|w| (w * PIXELS_PER_CHARACTER).round() + COLUMN_PADDING_PIXELS)
        .sum();
    // A sheet is at most 16,384 columns of at most 255 characters: well within u32.
    pixels.clamp(0.0, f64::from(u32::MAX)) as u32
}

/// Print: the published table with the recomputed total, difference and status beside it,
/// down to `last_row`, landscape A4, one page wide, the header rows on every page; the chart
/// (its first and last rows, when there is one) on a page of its own below.
fn set_print(
    ws: &mut Worksheet,
    shape: &Shape,
    last_row: u32,
    chart_rows: Option<(u32, u32)>,
) -> Result<(), XlsxError> {
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_print_center_horizontally(true);
    ws.set_footer("&C&P / &N");
    if shape.header_rows > 0 {
        ws.set_repeat_rows(TITLE_ROWS, shape.label_rows().1)?;
    }
    let last_printed = match chart_rows {
        Some((first, last)) => {
            ws.set_page_breaks(&[first])?;
            last
        }
        None => last_row,
    };
    ws.set_print_area(0, 0, last_printed, col16(shape.status_col))?;
    Ok(())
}

/// Two bars per data row, the published total beside the recomputed one, in the annex's order
/// from the top: what the audit compared, so that a row whose total is scaled (by 20/17) is
/// drawn at the total it is ranked by, and a wrong total stands out beside its recomputation.
/// The chart is as wide as the printed columns (`width` pixels) and, unless the rows need
/// more, as tall as a printed page. Returns the worksheet rows it covers, when one was added.
fn add_chart(
    ws: &mut Worksheet,
    input: &TableInput<'_>,
    shape: &Shape,
    (first, last): (u32, u32),
    at_row: u32,
    width: u32,
) -> Result<Option<u32>, XlsxError> {
    let sheet = input.sheet;
    let recomputed = input.rows.iter().any(|r| r.recomputation.is_some());
    let total = sheet.column(Role::Total);
    if !recomputed && total.is_none() {
        return Ok(None);
    }
    let categories = sheet
        .column(Role::Name)
        .or_else(|| sheet.column(Role::Rank))
        .or_else(|| sheet.column(Role::Serial));
    let name = input.name;
    let [published_name, recomputed_name] = words::chart_series(input.lang);
    let mut font = ChartFont::new();
    font.set_name(FONT).set_size(9);
    let mut chart = Chart::new(ChartType::Bar);
    chart.title().set_name((name, 0, 0)).set_font(&font);
    let series = total
        .map(|c| (published_name, c))
        .into_iter()
        .chain(recomputed.then_some((recomputed_name, shape.recomputed_col)));
    for (series_name, c) in series {
        let s = chart.add_series();
        s.set_name(series_name)
            .set_values((name, first, col16(c), last, col16(c)))
            .set_gap(60);
        if let Some(cat) = categories {
            s.set_categories((name, first, col16(cat), last, col16(cat)));
        }
    }
    // A bar chart's category axis is its y axis: reversed so that the first row is on top, with
    // the value axis kept at the bottom.
    chart
        .y_axis()
        .set_reverse()
        .set_crossing(ChartAxisCrossing::Max)
        .set_font(&font);
    chart.x_axis().set_font(&font);
    chart
        .legend()
        .set_position(ChartLegendPosition::Bottom)
        .set_font(&font);
    let bars = last.saturating_sub(first) + 1;
    // A landscape A4 page is about 0.6 times as high as it is wide, less the repeated header.
    let page = width.saturating_mul(55) / 100;
    let roomy = bars.saturating_mul(26).saturating_add(140);
    let tight = bars.saturating_mul(12).saturating_add(140);
    let height = roomy.min(page.max(tight)).clamp(320, 6_000);
    chart.set_width(width.clamp(480, 4_000));
    chart.set_height(height);
    ws.insert_chart_with_offset(at_row, 0, &chart, 0, 0)?;
    Ok(Some(height.div_ceil(ROW_PIXELS) + 1))
}

#[cfg(test)]
mod header_tests {
    use super::header_text;

    #[test]
    fn a_bracketed_maximum_goes_on_a_line_of_its_own() {
        assert_eq!(header_text("发布解读（40分）"), "发布解读\n（40分）");
        assert_eq!(header_text("总分 （110分）"), "总分\n（110分）");
        assert_eq!(header_text("Total (100)"), "Total\n(100)");
        // Already broken, or nothing to break: as published.
        assert_eq!(header_text("总分\n（110分）"), "总分\n（110分）");
        assert_eq!(header_text("（40分）"), "（40分）");
        assert_eq!(header_text("名称"), "名称");
        assert_eq!(header_text("指标（一）说明"), "指标（一）说明");
        // Each paragraph on its own.
        assert_eq!(
            header_text("评估指标\n发布解读（40分）"),
            "评估指标\n发布解读\n（40分）"
        );
    }
}
