//! Interpretation: a table with its context becomes a score sheet — its header rows, its columns
//! (rank, name, scored components with their maxima, bonus, total), its data rows as parsed
//! values, and the scoring rule its note states — or is skipped with a reason.

mod header;
pub mod infer;
mod literals;
pub mod quote;
mod rule;
mod side_by_side;
pub mod structure;
pub mod template;
mod value;

use serde::Serialize;

use crate::wordml::{Row, Table, VMerge};

pub use crate::wordml::collapse_whitespace;
pub use header::parse_maximum;
pub use rule::{BonusThreshold, StatedRule};
pub use side_by_side::{ReadingOrder, SideBySide};
pub use template::{
    BUILT_IN, ColumnVocabulary, DEFAULT_TEMPLATE, HeaderVocabulary, KeywordRole, NoteVocabulary,
    Patterns, RowVocabulary, Template, ValueVocabulary,
};
pub use value::{Number, Value, normalize_number_text, parse_rank, parse_value};

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// A rank checked against the order of the totals.
    Rank,
    /// A serial number (1, 2, 3 …).
    Serial,
    /// The name of the ranked body.
    Name,
    /// A scored component, summed into the total.
    Component,
    /// The bonus, added after any scaling.
    Bonus,
    /// The published total.
    Total,
    /// Published text that is not scored.
    Other,
}

/// One logical column of a score table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Column {
    /// First grid column the column covers.
    pub grid_col: usize,
    /// Number of grid columns it covers.
    pub grid_span: usize,
    /// Its own header text (the lowest header cell over it), whitespace collapsed:
    /// `发布解读（40分）`, `总分（110分）`.
    pub label: String,
    /// The header texts from top to bottom joined with ` / ` (`评估指标 / 发布解读（40分）`).
    pub path: String,
    /// 0-based header row the label comes from (the top row of a vertically merged label).
    pub label_row: usize,
    /// What it holds.
    pub role: Role,
    /// The maximum its header declares.
    pub max: Option<Number>,
    /// The points per item its header states (`采用得分（每条5分）`): its figure is a count of
    /// items times these points.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub per_item: Option<Number>,
    /// The number of decimals most of its published numbers have.
    pub decimals: Option<u32>,
}

/// A data row: one ranked body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DataRow {
    /// 1-based number among the table's data rows.
    pub number: usize,
    /// 0-based index of the row in the table (header rows included).
    pub table_row: usize,
    /// The name cell's text, whitespace collapsed.
    pub name: Option<String>,
    /// One value per column, in column order.
    pub values: Vec<Value>,
}

impl DataRow {
    /// The value in column `col`.
    pub fn value(&self, col: usize) -> Option<&Value> {
        self.values.get(col)
    }
}

/// Why a row of a score table is not a data row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum SkipReason {
    /// Every cell is empty.
    Empty,
    /// The row repeats the header.
    RepeatedHeader,
    /// One text cell across the row: a note or a section title inside the table.
    TextRow(String),
    /// A row of column sums or averages (合计, 平均, Total), named in its name cell.
    SummaryRow(String),
}

/// A row of a score table that is not audited, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedRow {
    /// 0-based index of the row in the table.
    pub table_row: usize,
    /// Why.
    pub reason: SkipReason,
}

/// A table read as a score sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScoreSheet {
    /// The table as read.
    pub table: Table,
    /// How many rows at the top form the header.
    pub header_rows: usize,
    /// The logical columns, left to right.
    pub columns: Vec<Column>,
    /// The data rows in table order.
    pub rows: Vec<DataRow>,
    /// The other rows below the header.
    pub skipped_rows: Vec<SkippedRow>,
    /// The scaling rule stated in the note under the table (or in a text row inside it).
    pub stated_rule: Option<StatedRule>,
    /// The note gives the total's parts weights (`自评得分×30%+第三方评估得分×70%`): the
    /// total is no plain sum of the header's parts.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub weights_stated: bool,
    /// The document prints two or more records to a row; `table` is unfolded to one record per
    /// row (see [`SideBySide`]), and its row numbers are those of the unfolded table.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub side_by_side: Option<SideBySide>,
    /// The base score a note says a row needs for its bonus to count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub bonus_threshold: Option<BonusThreshold>,
}

impl ScoreSheet {
    /// The data row numbered `number` (1-based).
    pub fn row(&self, number: usize) -> Option<&DataRow> {
        self.rows
            .get(number.wrapping_sub(1))
            .filter(|r| r.number == number)
    }

    /// The data row at `table_row` of the table, if that row is data.
    pub fn row_at(&self, table_row: usize) -> Option<&DataRow> {
        self.rows
            .binary_search_by_key(&table_row, |r| r.table_row)
            .ok()
            .and_then(|i| self.rows.get(i))
    }

    /// A ranked list (`排名 | 单位 | 得分`): a rank and the score it follows, but no component or
    /// bonus the score is made of, so nothing to recompute it from.
    pub fn is_ranked_list(&self) -> bool {
        !self
            .columns
            .iter()
            .any(|c| matches!(c.role, Role::Component | Role::Bonus))
    }

    /// The name of column `c` in words: its label, after its group when another column has the
    /// same label (`网站·累计得分` beside `微博·累计得分`).
    pub fn column_name(&self, c: usize) -> String {
        let Some(column) = self.columns.get(c) else {
            return String::new();
        };
        let shared = self
            .columns
            .iter()
            .filter(|o| o.label == column.label)
            .count()
            > 1;
        let group: Vec<&str> = column.path.split(" / ").collect();
        match group.split_last() {
            Some((_, parents)) if shared && !parents.is_empty() => {
                format!("{}·{}", parents.join("·"), column.label)
            }
            _ => column.label.clone(),
        }
    }

    /// Index of the first column with `role`.
    pub fn column(&self, role: Role) -> Option<usize> {
        self.columns.iter().position(|c| c.role == role)
    }

    /// Indices of the columns with `role`.
    pub fn columns_with(&self, role: Role) -> impl Iterator<Item = usize> + '_ {
        self.columns
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.role == role)
            .map(|(i, _)| i)
    }

    /// The note paragraphs that may state the rule: the table's note and any text rows in it.
    pub fn notes(&self) -> impl Iterator<Item = &str> {
        self.table
            .note
            .iter()
            .map(String::as_str)
            .chain(self.skipped_rows.iter().filter_map(|r| match &r.reason {
                SkipReason::TextRow(t) => Some(t.as_str()),
                _ => None,
            }))
    }
}

/// The outcome of interpreting one table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Interpretation {
    /// A score table.
    Score(Box<ScoreSheet>),
    /// Not a score table but a table with figures, read by the structure engine (the auditor
    /// decides this; [`interpret`] reads score tables only and never returns it).
    Structured {
        /// Its structure, relations and their results.
        structure: Box<structure::TableStructure>,
        /// The name of the template whose vocabulary read it.
        template: String,
    },
    /// Not a score table, with the reason in English.
    Skipped {
        /// Why the table is not audited.
        reason: String,
    },
}

/// The most header rows looked for; real annexes have one or two.
const MAX_HEADER_ROWS: usize = 5;

/// Reads a table as a score sheet with the template's vocabulary.
pub fn interpret(table: &Table, template: &Template) -> Interpretation {
    match read_score_sheet(table, template) {
        Ok(parts) => Interpretation::Score(Box::new(parts.into_sheet(table.clone(), template))),
        Err(reason) => Interpretation::Skipped { reason },
    }
}

/// [`interpret`], taking the table: a score table moves into its sheet instead of being copied
/// (a table of 100,000 rows is about 100 MB); a table that is not one comes back with the
/// reason.
pub fn interpret_owned(table: Table, template: &Template) -> Result<Box<ScoreSheet>, NotScore> {
    match read_score_sheet(&table, template) {
        Ok(parts) => Ok(Box::new(parts.into_sheet(table, template))),
        Err(reason) => Err(NotScore {
            table: Box::new(table),
            reason,
        }),
    }
}

/// A table [`interpret_owned`] gives back: not a score table.
#[derive(Debug)]
pub struct NotScore {
    /// The table, as given.
    pub table: Box<Table>,
    /// Why it is not a score table, in English.
    pub reason: String,
}

/// A score sheet but for its table.
struct SheetParts {
    header_rows: usize,
    columns: Vec<Column>,
    rows: Vec<DataRow>,
    skipped_rows: Vec<SkippedRow>,
    /// The table unfolded to one record per row, when the document prints several to a row.
    unfolded: Option<(Table, SideBySide)>,
}

impl SheetParts {
    fn into_sheet(self, table: Table, template: &Template) -> ScoreSheet {
        let (table, side_by_side) = match self.unfolded {
            Some((unfolded, layout)) => (unfolded, Some(layout)),
            None => (table, None),
        };
        let mut sheet = ScoreSheet {
            table,
            header_rows: self.header_rows,
            columns: self.columns,
            rows: self.rows,
            skipped_rows: self.skipped_rows,
            stated_rule: None,
            weights_stated: false,
            side_by_side,
            bonus_threshold: None,
        };
        let stated_rule = sheet.notes().find_map(|n| template.notes.stated_rule(n));
        sheet.stated_rule = stated_rule;
        let weights_stated = sheet.notes().any(|n| template.notes.states_weights(n));
        sheet.weights_stated = weights_stated;
        let bonus_threshold = sheet
            .notes()
            .find_map(|n| template.notes.bonus_threshold(n));
        sheet.bonus_threshold = bonus_threshold;
        sheet
    }
}

/// What [`interpret`] reads of a table, or why it is not a score table: records printed side
/// by side are read one to a row when that reads as a score table, else the table as printed.
fn read_score_sheet(table: &Table, template: &Template) -> Result<SheetParts, String> {
    let spans = column_spans(table);
    let head = table.rows.len().min(MAX_HEADER_ROWS + 1);
    let header_rows = cell_grid(&table.rows[..head], &spans, false)
        .iter()
        .position(|row| looks_like_data(row, &template.values.not_applicable));
    if let Some(h @ 1..) = header_rows
        && let Some((unfolded, layout)) = side_by_side::unfold(table, &spans, h, template)
        && let Ok(mut parts) = read_records(&unfolded, column_spans(&unfolded), template)
    {
        parts.unfolded = Some((unfolded, layout));
        return Ok(parts);
    }
    read_records(table, spans, template)
}

/// [`read_score_sheet`] of a table read one record per row, whose logical columns are `spans`
/// (found once: it takes a pass over every cell).
fn read_records(
    table: &Table,
    spans: Vec<(usize, usize)>,
    template: &Template,
) -> Result<SheetParts, String> {
    let skip = |reason: String| -> Result<SheetParts, String> { Err(reason) };
    if table.rows.is_empty() {
        return skip("the table has no rows".into());
    }
    let markers = &template.values.not_applicable;
    if spans.len() < 2 {
        return skip("the table has fewer than two columns".into());
    }
    let texts = cell_grid(&table.rows, &spans, false);

    let Some(header_rows) = texts
        .iter()
        .take(MAX_HEADER_ROWS + 1)
        .position(|row| looks_like_data(row, markers))
    else {
        return skip(format!(
            "no row of numbers within the first {} rows",
            MAX_HEADER_ROWS + 1
        ));
    };
    if header_rows == 0 {
        return skip("the first row holds numbers: no header row".into());
    }
    let header_grid = cell_grid(&table.rows[..header_rows], &spans, true);
    let mut columns = header::columns(&header_grid, &spans, template);
    if let Some(caption) = table.caption.as_deref() {
        header::maxima_in_text(&mut columns, caption);
    }
    let no_total =
        |columns: &[Column]| format!("no total column in the header ({})", header_labels(columns));
    let total = columns.iter().rposition(|c| c.role == Role::Total);
    // Without a total named, only a total named as a score (得分) or a ranked list (排名 |
    // 单位 | 得分) may still make one: the data says.
    if total.is_none()
        && !columns.iter().any(|c| {
            c.role == Role::Rank
                || (c.role == Role::Component && header::names_a_score(&c.label, template))
        })
    {
        return skip(no_total(&columns));
    }
    // Only the rightmost total is the total; an earlier one is a subtotal published beside it.
    // Unnamed numbers right of the total are published beside it, not summed into it — unless
    // nothing scored stands left of it: a total printed first (`总得分(100) | 信息发布(40) | …`)
    // is the sum of the columns after it, when the data says so ([`header::settle_total_first`]).
    // Only where the header speaks of scores (a maximum, a rank, 总分 or 得分): an allocation's
    // `资金合计 | 中央资金 | 省级资金` is the structure engine's.
    let total_first = total.is_some_and(|total| {
        let after: Vec<&Column> = columns[total + 1..]
            .iter()
            .filter(|c| c.role == Role::Component)
            .collect();
        // A maximum in points (`（40分）`, not the `（1）` numbering a column), 总分 or 得分.
        let in_points = |c: &Column| c.max.is_some() && c.label.contains('分');
        let total_col = &columns[total];
        let scored = in_points(total_col)
            || total_col.label.contains("总分")
            || header::names_a_score(&total_col.label, template)
            || after.iter().any(|c| in_points(c))
            || columns.iter().any(|c| c.role == Role::Rank);
        scored
            && after.len() >= 2
            && !columns[..total]
                .iter()
                .any(|c| matches!(c.role, Role::Component | Role::Bonus))
    });
    // An earlier "total" that a note weights (`综合得分=自评得分×30%+第三方评估得分×70%`, where
    // 评估得分 names totals) is a part of the total, not a subtotal beside it.
    let weighted_in_note = |label: &str| {
        let label = structure::compact(label);
        table.note.iter().any(|n| {
            template.notes.states_weights(n) && structure::compact(n).contains(label.as_str())
        })
    };
    if let Some(total) = total {
        for (i, c) in columns.iter_mut().enumerate() {
            if i < total && c.role == Role::Total && weighted_in_note(&c.label) {
                c.role = Role::Component;
            } else if (i < total && c.role == Role::Total)
                || (i > total && c.role == Role::Component && !total_first)
            {
                c.role = Role::Other;
            }
        }
    }

    let header_texts = &texts[..header_rows];
    let mut rows = Vec::new();
    let mut skipped_rows = Vec::new();
    for (table_row, row) in texts.iter().enumerate().skip(header_rows) {
        let reason = match row.iter().find(|t| !t.trim().is_empty()) {
            None => Some(SkipReason::Empty),
            Some(_) if header_texts.iter().any(|h| same_texts(h, row)) => {
                Some(SkipReason::RepeatedHeader)
            }
            Some(first) if is_text_row(table, table_row, spans.len(), markers) => {
                Some(SkipReason::TextRow(collapse_whitespace(first)))
            }
            Some(_) => None,
        };
        if let Some(reason) = reason {
            skipped_rows.push(SkippedRow { table_row, reason });
            continue;
        }
        let values: Vec<Value> = row
            .iter()
            .zip(&columns)
            .map(|(text, col)| match col.role {
                Role::Name | Role::Other => {
                    let t = collapse_whitespace(text);
                    if t.is_empty() {
                        Value::Empty
                    } else {
                        Value::Unparsed(t)
                    }
                }
                _ => parse_value(text, markers),
            })
            .collect();
        rows.push(DataRow {
            number: rows.len() + 1,
            table_row,
            name: None,
            values,
        });
    }
    if rows.is_empty() {
        return skip("no data rows under the header".into());
    }
    header::assign_text_columns(&mut columns, &mut rows);
    // A total the vocabulary does not name (得分, 一季度得分 after the parts) is found by the
    // sums; failing that, a rank may follow one score (排名 | 单位 | 得分 | 工单数).
    if total.is_none()
        && !header::settle_summed_score(&mut columns, &mut rows, template)
        && !header::settle_ranked_score(&mut columns, &mut rows, template)
    {
        return skip(no_total(&columns));
    }
    if total_first {
        header::settle_total_first(&mut columns, &mut rows);
    }
    header::settle_repeated_label_total(&mut columns, &mut rows);
    let has = |role: Role| columns.iter().any(|c| c.role == role);
    // A ranked list publishes the score the ranks follow and nothing it is the sum of.
    let ranked_list = !has(Role::Component) && !has(Role::Bonus) && has(Role::Rank);
    if !has(Role::Component) && !ranked_list {
        return skip(format!(
            "no scored component columns in the header ({})",
            header_labels(&columns)
        ));
    }
    if let Some(name_col) = columns.iter().position(|c| c.role == Role::Name) {
        for row in &mut rows {
            row.name = row
                .values
                .get(name_col)
                .map(|v| collapse_whitespace(v.text()))
                .filter(|t| !t.is_empty());
        }
    }
    let (rows, summary_rows) = split_summary_rows(rows, &columns, template);
    skipped_rows.extend(summary_rows);
    skipped_rows.sort_by_key(|r| r.table_row);
    if rows.is_empty() {
        return skip("no data rows under the header".into());
    }
    // Totals that are not the sums (weights the table does not print) still rank the rows:
    // ranks that follow them make it a score table, whose rule the audit then looks for.
    let evidence = if ranked_list {
        lacks_rank_evidence(&columns, &rows)
    } else {
        lacks_score_evidence(&columns, &rows)
            .filter(|_| !has(Role::Rank) || lacks_rank_evidence(&columns, &rows).is_some())
    };
    if let Some(reason) = evidence {
        return skip(reason);
    }
    header::assign_decimals(&mut columns, &rows);

    Ok(SheetParts {
        header_rows,
        columns,
        rows,
        skipped_rows,
        unfolded: None,
    })
}

/// Moves rows named like a sum or an average (合计, 平均分, Total) out of the data rows, and
/// numbers the remaining rows 1, 2, 3 ….
fn split_summary_rows(
    rows: Vec<DataRow>,
    columns: &[Column],
    template: &Template,
) -> (Vec<DataRow>, Vec<SkippedRow>) {
    // Compared without whitespace and case, character by character: a copy of each row's
    // label is made only for a summary row.
    let compact = header::compact_lowercase_chars;
    let summary_words: Vec<String> = template
        .rows
        .summary
        .iter()
        .map(|w| compact(w).collect())
        .collect();
    // The name, or the first text cell when no column is the name (合计 often sits under 排名),
    // when it names a summary row.
    let summary_label = |row: &DataRow| -> Option<String> {
        row.name
            .as_deref()
            .or_else(|| {
                row.values
                    .iter()
                    .zip(columns)
                    .find(|(v, c)| c.role != Role::Component && matches!(v, Value::Unparsed(_)))
                    .map(|(v, _)| v.text())
            })
            .filter(|l| summary_words.iter().any(|w| w.chars().eq(compact(l))))
            .map(str::to_string)
    };
    let mut data = Vec::new();
    let mut skipped = Vec::new();
    for mut row in rows {
        match summary_label(&row) {
            Some(l) => skipped.push(SkippedRow {
                table_row: row.table_row,
                reason: SkipReason::SummaryRow(l),
            }),
            None => {
                row.number = data.len() + 1;
                data.push(row);
            }
        }
    }
    (data, skipped)
}

/// A table that declares no maximum anywhere is a score table only if its totals are, for the
/// most part, the sums of its components (plus bonus): otherwise a statistics table with a
/// "Total" column would be audited as if it were an annex.
fn lacks_score_evidence(columns: &[Column], rows: &[DataRow]) -> Option<String> {
    if columns.iter().any(|c| c.max.is_some()) {
        return None;
    }
    // A total equal to the one figure column beside it is no sum (财政拨款收支总表:
    // 收入 | 预算数 | 支出 | 合计 | …, where 本年收入 = 本年支出 and 收入总计 = 支出总计).
    let summed = columns
        .iter()
        .filter(|c| matches!(c.role, Role::Component | Role::Bonus))
        .count();
    let ranked = columns.iter().any(|c| c.role == Role::Rank);
    if summed < 2 && !ranked && columns.iter().any(|c| c.role == Role::Total) {
        return Some(
            "one figure column beside the total, no maximum and no rank: not a score table"
                .to_string(),
        );
    }
    let (agreeing, checkable) = sums_agreeing(columns, rows)?;
    if checkable > 0 && agreeing * 2 >= checkable {
        return None;
    }
    // The same label under each group (累计得分 under 网站, 微博, 微信): the total may be the sum
    // of those columns alone, which the audit's inference then finds.
    let mut labels: Vec<&str> = columns
        .iter()
        .filter(|c| c.role == Role::Component)
        .map(|c| c.label.as_str())
        .collect();
    labels.sort_unstable();
    labels.dedup();
    for label in labels {
        let only: Vec<Column> = columns
            .iter()
            .map(|c| {
                let mut c = c.clone();
                if c.role == Role::Component && c.label != label {
                    c.role = Role::Other;
                }
                c
            })
            .collect();
        let repeated = only.iter().filter(|c| c.role == Role::Component).count() >= 2;
        if repeated
            && let Some((agreeing, checkable)) = sums_agreeing(&only, rows)
            && checkable > 0
            && agreeing * 2 >= checkable
        {
            return None;
        }
    }
    Some(format!(
        "no column declares a maximum and the totals are not the sums of the columns before them ({agreeing} of {checkable} rows agree): not a score table"
    ))
}

/// How many rows' totals are the sums of their components and bonus, of how many rows have
/// every one of them published as a number; None without a total column.
fn sums_agreeing(columns: &[Column], rows: &[DataRow]) -> Option<(usize, usize)> {
    let total = columns.iter().position(|c| c.role == Role::Total)?;
    let summed: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| matches!(c.role, Role::Component | Role::Bonus))
        .map(|(i, _)| i)
        .collect();
    let (mut checkable, mut agreeing) = (0usize, 0usize);
    for row in rows {
        let mut sum = rust_decimal::Decimal::ZERO;
        let mut complete = true;
        for c in &summed {
            match row.value(*c) {
                Some(Value::Number(n)) => match sum.checked_add(n.value) {
                    Some(s) => sum = s,
                    None => complete = false,
                },
                _ => complete = false,
            }
        }
        let Some(Value::Number(t)) = row.value(total) else {
            continue;
        };
        if !complete {
            continue;
        }
        checkable += 1;
        if (sum - t.value).abs() < rust_decimal::Decimal::new(1, t.decimals) {
            agreeing += 1;
        }
    }
    Some((agreeing, checkable))
}

/// A ranked list (a rank and one score, nothing summed) is a score table only if its ranks,
/// for the most part, follow that score from the highest down (competition or dense ranking):
/// otherwise the rank follows something else, and checking it against the score would report
/// every row.
fn lacks_rank_evidence(columns: &[Column], rows: &[DataRow]) -> Option<String> {
    let rank = columns.iter().position(|c| c.role == Role::Rank)?;
    let total = columns.iter().position(|c| c.role == Role::Total)?;
    let score = |row: &DataRow| row.value(total).and_then(Value::number).map(|n| n.value);
    let mut totals: Vec<rust_decimal::Decimal> = rows.iter().filter_map(score).collect();
    totals.sort_unstable();
    let mut distinct = totals.clone();
    distinct.dedup();
    // How many of `sorted` are above `t`, by binary search: a list may have 100,000 rows.
    let above =
        |sorted: &[rust_decimal::Decimal], t| sorted.len() - sorted.partition_point(|v| *v <= t);
    let ranked: Vec<(rust_decimal::Decimal, usize)> = rows
        .iter()
        .filter_map(|row| {
            let published = row.value(rank).and_then(|v| parse_rank(v.text()))?;
            Some((score(row)?, usize::try_from(published).ok()?))
        })
        .collect();
    // A part continued from an earlier page ranks on from where that part ended (4, 5, 6).
    let offset = ranked
        .iter()
        .map(|r| r.1)
        .min()
        .unwrap_or(1)
        .saturating_sub(1);
    let checkable = ranked.len();
    let agreeing = ranked
        .iter()
        .filter(|&&(t, published)| {
            [above(&totals, t) + 1, above(&distinct, t) + 1]
                .iter()
                .any(|r| published == *r || published == r + offset)
        })
        .count();
    if checkable >= 1 && agreeing * 2 >= checkable {
        return None;
    }
    let label = columns.get(total).map_or("", |c| c.label.as_str());
    Some(format!(
        "a rank and one score ({label}) with nothing summed, and the ranks do not follow the score ({agreeing} of {checkable} rows agree): not a score table"
    ))
}

/// Reads a table that continues another across a page without repeating its header: the
/// header of `first` (the chain's first part) is put back on top, and the row indices are
/// those of `table` itself (`header_rows` is 0).
pub fn interpret_continuation(
    table: &Table,
    first: &ScoreSheet,
    template: &Template,
) -> Interpretation {
    let h = first.header_rows;
    let mut combined = table.clone();
    let header = first.table.rows.iter().take(h);
    combined.rows = match &first.side_by_side {
        // The first part's header, as printed: one record's, repeated.
        Some(layout) => header
            .map(|r| side_by_side::printed_header(r, layout, first.table.grid_cols))
            .chain(table.rows.iter().cloned())
            .collect(),
        None => header.chain(&table.rows).cloned().collect(),
    };
    combined.grid_cols = combined.grid_cols.max(first.table.grid_cols);
    match interpret(&combined, template) {
        Interpretation::Score(mut sheet) if sheet.header_rows == h => {
            if sheet.side_by_side.is_some() {
                // The unfolded rows are the sheet's own: only the borrowed header goes.
                sheet.table.rows.drain(..h);
            } else {
                sheet.table = table.clone();
            }
            sheet.header_rows = 0;
            for r in &mut sheet.rows {
                r.table_row -= h;
            }
            for r in &mut sheet.skipped_rows {
                r.table_row -= h;
            }
            Interpretation::Score(sheet)
        }
        Interpretation::Score(_) => Interpretation::Skipped {
            reason: format!(
                "continues table {} but its rows do not fit that table's header",
                first.table.number
            ),
        },
        skipped => skipped,
    }
}

/// Joins the lines of a header cell (its paragraphs) the way the text reads: without a space
/// between CJK or full-width characters (`总分` + `（110分）` → `总分（110分）`), with one
/// between other words; other whitespace collapsed.
///
/// ```
/// use annex_audit::annex::join_lines;
/// assert_eq!(join_lines("总分\n（110分）"), "总分（110分）");
/// assert_eq!(join_lines("Total\n(110)"), "Total (110)");
/// ```
pub fn join_lines(text: &str) -> String {
    let wide = |c: char| unicode_width::UnicodeWidthChar::width(c) == Some(2);
    let mut out = String::new();
    for line in text
        .lines()
        .map(collapse_whitespace)
        .filter(|l| !l.is_empty())
    {
        let joins_tight = match (out.chars().last(), line.chars().next()) {
            (Some(a), Some(b)) => wide(a) || wide(b),
            _ => true,
        };
        if !out.is_empty() && !joins_tight {
            out.push(' ');
        }
        out.push_str(&line);
    }
    out
}

fn header_labels(columns: &[Column]) -> String {
    columns
        .iter()
        .map(|c| c.label.as_str())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(", ")
}

/// The logical columns: every grid position where some row starts a cell. A span that no row
/// splits is one column, so irregular Word grids do not invent empty columns.
fn column_spans(table: &Table) -> Vec<(usize, usize)> {
    let mut starts: Vec<usize> = table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.grid_col))
        .collect();
    starts.sort_unstable();
    starts.dedup();
    let end = table
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.grid_col + c.col_span.max(1)))
        .max()
        .unwrap_or(0)
        .max(table.grid_cols);
    starts
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let next = starts.get(i + 1).copied().unwrap_or(end);
            (s, next.saturating_sub(s).max(1))
        })
        .collect()
}

/// Longest text shown in another grid position (a merged cell's text in the rows it continues
/// over, a group title over its columns): what is read from those positions (a row's values,
/// labels) is copied from there, and a long text repeated over thousands of rows must not
/// multiply memory. Labels, names and numbers are far shorter.
const MAX_COPIED_CHARS: usize = 1_000;

/// `text` up to [`MAX_COPIED_CHARS`].
fn bounded(text: &str) -> &str {
    match text.char_indices().nth(MAX_COPIED_CHARS) {
        Some((cut, _)) => text.get(..cut).unwrap_or(text),
        None => text,
    }
}

/// The text shown in each logical column of each of `rows` (the first rows of a table: a row's
/// texts depend only on the rows above it). A vertical-merge continuation shows the text of the
/// cell it continues; a column covered by a cell starting further left is empty, or shows that
/// cell's text with `fill_spans` (for header rows: a group title over its columns). Borrowed
/// from the cells: this runs over every cell of a score table, and a copy of each was a
/// tenth of the small allocations of a large annex.
fn cell_grid<'t>(rows: &'t [Row], spans: &[(usize, usize)], fill_spans: bool) -> Vec<Vec<&'t str>> {
    let mut grid: Vec<Vec<&str>> = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut texts = Vec::with_capacity(spans.len());
        for (c, &(start, _)) in spans.iter().enumerate() {
            let text =
                match row.cells.iter().find(|cell| {
                    cell.grid_col <= start && start < cell.grid_col + cell.col_span.max(1)
                }) {
                    Some(cell) if cell.v_merge == VMerge::Continue => grid
                        .get(r.wrapping_sub(1))
                        .and_then(|above| above.get(c))
                        .map_or("", |text| bounded(text)),
                    Some(cell) if cell.grid_col == start => cell.text.as_str(),
                    Some(cell) if fill_spans => bounded(&cell.text),
                    _ => "",
                };
            texts.push(text);
        }
        grid.push(texts);
    }
    grid
}

/// A row is data when at least two cells hold numbers and numbers or markers make up at least
/// half of its non-empty cells.
fn looks_like_data(row: &[&str], markers: &[String]) -> bool {
    let mut numbers = 0;
    let mut numeric = 0;
    let mut non_empty = 0;
    for text in row {
        match parse_value(text, markers) {
            Value::Empty => continue,
            Value::Number(_) => {
                numbers += 1;
                numeric += 1;
            }
            Value::NotApplicable(_) => numeric += 1,
            Value::Unparsed(_) => {}
        }
        non_empty += 1;
    }
    numbers >= 2 && numeric * 2 >= non_empty
}

/// The same texts once whitespace is collapsed (compared word by word, without allocating:
/// each data row is compared with each header row).
fn same_texts(a: &[&str], b: &[&str]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.split_whitespace().eq(y.split_whitespace()))
        && a.iter().any(|t| !t.trim().is_empty())
}

/// One non-numeric text cell spanning at least half of the columns (a note or a section title
/// inside the table).
fn is_text_row(table: &Table, table_row: usize, columns: usize, markers: &[String]) -> bool {
    let Some(row) = table.rows.get(table_row) else {
        return false;
    };
    let filled: Vec<_> = row
        .cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .collect();
    let grid = table.grid_cols.max(columns);
    matches!(filled.as_slice(), [cell] if cell.col_span * 2 >= grid
        && matches!(parse_value(&cell.text, markers), Value::Unparsed(_)))
}

#[cfg(test)]
pub(crate) mod tests;
