//! The table as a grid of parsed values over its logical columns, the context rows above the
//! header, the header rows with each column's header path, and the unit.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::super::value::{Value, normalize_number_text, parse_value};
use super::super::{cell_grid, collapse_whitespace, column_spans, join_lines};
use super::vocabulary::{Compiled, compact, contains_any};
use super::{ColumnInfo, ColumnRole, RowInfo, RowRole};
use crate::wordml::{Table, VMerge};

/// The parsed cells of a table and what its blank cells mean.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Grid {
    /// One value per table row and logical column. A vertically merged continuation is empty
    /// (its figure is published once, in the top cell).
    pub values: Vec<Vec<Value>>,
    /// The grid column where each logical column starts.
    pub grid_cols: Vec<usize>,
    /// Per logical column: a blank or not-applicable operand counts as zero (most of the column
    /// is blank, a note says blank means zero, or the column holds totals, where a blank is an
    /// omission that the sums over it show as the amount missing).
    pub blank_is_zero: Vec<bool>,
    /// The note states a rule (`乘以20/17`) for rows with a not-applicable part.
    pub rule_in_note: bool,
}

impl Grid {
    /// The value at `table_row`, logical column `column`.
    pub fn value(&self, table_row: usize, column: usize) -> Option<&Value> {
        self.values.get(table_row)?.get(column)
    }
}

static THOUSANDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[+-]?[0-9]{1,3}(?:[,，][0-9]{3})+(?:\.[0-9]+)?$")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Parses one cell as [`parse_value`] does, also reading a trailing `%` (`-6.48%`) and thousands
/// separators (`1,234.50`); the number keeps the cell's text verbatim.
///
/// ```
/// use annex_audit::annex::structure::parse_cell;
/// let markers = vec!["——".to_string()];
/// let v = parse_cell("-6.48%", &markers);
/// let n = v.number().unwrap();
/// assert_eq!((n.value.to_string().as_str(), n.text.as_str(), n.decimals), ("-6.48", "-6.48%", 2));
/// assert_eq!(parse_cell("1,234.5", &markers).number().unwrap().value.to_string(), "1234.5");
/// assert_eq!(parse_cell("１２％", &markers).number().unwrap().decimals, 0);
/// ```
pub fn parse_cell(text: &str, markers: &[String]) -> Value {
    let value = parse_value(text, markers);
    let Value::Unparsed(original) = &value else {
        return value;
    };
    let normalized = normalize_number_text(text);
    let without_percent = normalized
        .strip_suffix(['%', '％'])
        .unwrap_or(&normalized)
        .to_string();
    let plain = if THOUSANDS.is_match(&without_percent) {
        without_percent.replace([',', '，'], "")
    } else {
        without_percent
    };
    if plain.len() == normalized.len() {
        return value;
    }
    match parse_value(&plain, &[]) {
        Value::Number(mut n) => {
            n.text = original.clone();
            Value::Number(n)
        }
        _ => value,
    }
}

/// What [`read_layout`] finds before any role is given.
pub(crate) struct Layout {
    /// The logical columns' (grid column, span).
    pub spans: Vec<(usize, usize)>,
    /// Rows `0..context` are context rows.
    pub context: usize,
    /// The header rows.
    pub header: Range<usize>,
    /// Each column's header path, top to bottom, repeated texts once.
    pub paths: Vec<Vec<String>>,
    /// The header rows' texts compacted, to recognise a repeated header.
    pub header_keys: Vec<String>,
    /// The parsed cells.
    pub grid: Grid,
    /// The unit stated.
    pub unit: Option<String>,
    /// How far each cell's text is indented by leading spaces (a full-width space counts
    /// two), by row and column, capped: the text itself is read trimmed.
    pub indents: Vec<Vec<u8>>,
    /// The texts of the context rows, the caption, the heading and the note, for phrases.
    pub context_texts: Vec<String>,
}

/// The most header rows looked for below the context rows.
const MAX_HEADER_ROWS: usize = 4;
/// The most context rows looked for above the header.
const MAX_CONTEXT_ROWS: usize = 4;

/// Reads the grid, the context and header rows, the header paths and the unit.
pub(crate) fn read_layout(table: &Table, words: &Compiled) -> Layout {
    let spans = column_spans(table);
    let markers = &words.not_applicable;
    let mut values: Vec<Vec<Value>> = Vec::with_capacity(table.rows.len());
    let mut indents: Vec<Vec<u8>> = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut out = Vec::with_capacity(spans.len());
        let mut indent = Vec::with_capacity(spans.len());
        for &(start, _) in &spans {
            let (v, d) = match row.cells.iter().find(|c| c.grid_col == start) {
                Some(c) if c.v_merge != VMerge::Continue => {
                    (parse_cell(&c.text, markers), leading_indent(&c.text))
                }
                _ => (Value::Empty, 0),
            };
            out.push(v);
            indent.push(d);
        }
        values.push(out);
        indents.push(indent);
    }

    let context = values
        .iter()
        .take(MAX_CONTEXT_ROWS)
        .position(|row| !is_context_row(row, words))
        .unwrap_or(values.len().min(MAX_CONTEXT_ROWS));
    // The header ends at the first row of figures; below its first row, also at an empty row
    // or one with a single text (a group title such as `一、中央资金`).
    // The row that numbers the columns (`栏次 | 1 | 2 | 3`) belongs to the header, and names
    // nothing.
    let header_end = (context..values.len().min(context + MAX_HEADER_ROWS + 1))
        .find(|&r| {
            values.get(r).is_some_and(|row| {
                !numbers_the_columns(row)
                    && (is_data_like(row)
                        || numbered_items(row)
                        || (r > context
                            && row.iter().filter(|v| !matches!(v, Value::Empty)).count() <= 1))
            })
        })
        .unwrap_or((context + 1).min(values.len()));
    let header = context..header_end;
    let header_rows = table.rows.get(header.clone()).unwrap_or(&[]);
    let header_grid = cell_grid(header_rows, &spans, true);
    let naming: Vec<bool> = header
        .clone()
        .map(|r| values.get(r).is_none_or(|row| !numbers_the_columns(row)))
        .collect();
    let paths: Vec<Vec<String>> = (0..spans.len())
        .map(|c| {
            let mut path: Vec<String> = Vec::new();
            for (row, _) in header_grid.iter().zip(&naming).filter(|(_, n)| **n) {
                let t = row.get(c).map(|t| join_lines(t)).unwrap_or_default();
                if !t.is_empty() && path.last() != Some(&t) {
                    path.push(t);
                }
            }
            path
        })
        .collect();
    let header_keys = header
        .clone()
        .filter_map(|r| values.get(r).map(|row| row_key(row)))
        .filter(|k| !k.is_empty())
        .collect();

    let mut context_texts: Vec<String> = values[..context]
        .iter()
        .flat_map(|row| row.iter().map(|v| collapse_whitespace(v.text())))
        .filter(|t| !t.is_empty())
        .collect();
    context_texts.extend(header_grid.iter().flatten().map(|t| collapse_whitespace(t)));
    context_texts.extend(table.caption.iter().cloned());
    context_texts.extend(table.unit_line.iter().cloned());
    context_texts.extend(table.heading.iter().cloned());
    context_texts.extend(table.note.iter().cloned());
    let unit = words.unit.as_ref().and_then(|re| {
        context_texts.iter().find_map(|t| {
            re.captures(t)
                .and_then(|c| c.get(1))
                .map(|m| m.as_str().to_string())
        })
    });
    let grid = Grid {
        grid_cols: spans.iter().map(|s| s.0).collect(),
        values,
        blank_is_zero: vec![],
        rule_in_note: false,
    };
    Layout {
        spans,
        context,
        header,
        paths,
        header_keys,
        grid,
        unit,
        indents,
        context_texts,
    }
}

/// The indentation of a text by its leading spaces (`　　一般公共预算财政拨款`: 4), capped.
fn leading_indent(text: &str) -> u8 {
    let width: usize = text
        .chars()
        .take_while(|c| c.is_whitespace() && *c != '\n')
        .take(64)
        .map(|c| if c == '\u{3000}' { 2 } else { 1 })
        .sum();
    u8::try_from(width).unwrap_or(u8::MAX)
}

/// A row that numbers the columns under the header (`栏次 | 栏次 | 1 | 2 | 3`, the official
/// final-accounts forms): its first text is 栏次 or 栏号 and the rest are whole numbers.
fn numbers_the_columns(row: &[Value]) -> bool {
    let mut texts = row
        .iter()
        .map(|v| compact(v.text()))
        .filter(|t| !t.is_empty());
    let Some(first) = texts.next() else {
        return false;
    };
    matches!(first.as_str(), "栏次" | "栏号")
        && texts.all(|t| t == first || t.chars().all(|c| c.is_ascii_digit()))
}

/// A row's texts compacted and joined: equal for a header repeated lower down.
pub(crate) fn row_key(row: &[Value]) -> String {
    let mut key = String::new();
    for v in row {
        key.push_str(&compact(v.text()));
        key.push('|');
    }
    if key.chars().all(|c| c == '|') {
        String::new()
    } else {
        key
    }
}

/// Above the header: rows of text only, with one distinct text (`附件2`, a title spanning the
/// row) or naming the unit or the annex (`附件2 … 单位：万元`).
fn is_context_row(row: &[Value], words: &Compiled) -> bool {
    let mut texts: Vec<&str> = Vec::new();
    for v in row {
        match v {
            Value::Empty => {}
            Value::Unparsed(t) => {
                if !texts.contains(&t.as_str()) {
                    texts.push(t);
                }
            }
            _ => return false,
        }
    }
    texts.len() <= 1
        || texts.iter().any(|t| {
            words.unit.as_ref().is_some_and(|re| re.is_match(t)) || compact(t).starts_with("附件")
        })
}

/// A row of figures: at least one number, numbers and markers at least half of its non-empty
/// cells, and not a row numbering the columns (`栏次 | 1 | 2 | 3`).
/// A row of figures beside numbered item names (`一、一般公共预算财政拨款收入 | 1,336.48 |
/// 一、一般公共服务支出 | （blank）`): more text than figures, but no header numbers its
/// words.
fn numbered_items(row: &[Value]) -> bool {
    let texts: Vec<&String> = row
        .iter()
        .filter_map(|v| match v {
            Value::Unparsed(t) => Some(t),
            _ => None,
        })
        .collect();
    !texts.is_empty()
        && row.iter().any(|v| matches!(v, Value::Number(_)))
        && texts
            .iter()
            .all(|t| super::roles::numbering_style(t).is_some())
}

pub(crate) fn is_data_like(row: &[Value]) -> bool {
    let (mut numbers, mut numeric, mut non_empty) = (0usize, 0usize, 0usize);
    let mut sequence = true;
    for v in row {
        match v {
            Value::Empty => continue,
            Value::Number(n) => {
                numbers += 1;
                numeric += 1;
                sequence &= n.decimals == 0 && n.value == rust_decimal::Decimal::from(numbers);
            }
            Value::NotApplicable(_) => numeric += 1,
            Value::Unparsed(_) => {}
        }
        non_empty += 1;
    }
    let column_numbers = sequence && numbers >= 3;
    numbers >= 1 && numeric * 2 >= non_empty && !column_numbers
}

/// Completes the grid with what blank cells mean in each column.
pub(crate) fn finish_grid(
    mut grid: Grid,
    rows: &[RowInfo],
    columns: &[ColumnInfo],
    table: &Table,
    words: &Compiled,
    context_texts: &[String],
) -> Grid {
    let stated = context_texts
        .iter()
        .chain(text_rows(rows, &grid).iter())
        .any(|t| contains_any(&compact(t), &words.blank_means_zero));
    grid.blank_is_zero = columns
        .iter()
        .map(|col| {
            if stated || col.role == ColumnRole::Total {
                return true;
            }
            let (mut blank, mut cells) = (0usize, 0usize);
            for r in rows.iter().filter(|r| r.role == RowRole::Data) {
                cells += 1;
                if matches!(
                    grid.value(r.table_row, col.index),
                    Some(Value::Empty | Value::NotApplicable(_))
                ) {
                    blank += 1;
                }
            }
            cells > 0 && blank * 2 >= cells
        })
        .collect();
    grid.rule_in_note = table
        .note
        .iter()
        .map(String::as_str)
        .chain(text_rows(rows, &grid).iter().map(String::as_str))
        .filter_map(super::super::StatedRule::from_note)
        .any(|rule| rule.factor.is_some());
    grid
}

/// The texts of the text rows below the header.
fn text_rows(rows: &[RowInfo], grid: &Grid) -> Vec<String> {
    rows.iter()
        .filter(|r| r.role == RowRole::Text)
        .filter_map(|r| {
            grid.values.get(r.table_row).and_then(|row| {
                row.iter()
                    .find(|v| !matches!(v, Value::Empty))
                    .map(|v| v.text().to_string())
            })
        })
        .collect()
}
