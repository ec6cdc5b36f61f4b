//! Records side by side: a long ranked list printed two or three records to a line to save
//! paper — `单位 | 工单数 | 得分 | 排名 | 单位 | 工单数 | 得分 | 排名`. Read one record per row,
//! it has every column twice and nothing adds up; unfolded into one record per row, it is an
//! ordinary score table.

use serde::Serialize;

use super::structure::compact;
use super::template::Template;
use super::value::parse_rank;
use super::{cell_grid, collapse_whitespace, join_lines};
use crate::wordml::{Row, Table, VMerge};

/// In which order the records of a side-by-side table are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadingOrder {
    /// Down the left records, then down the next (ranks 1–3 left, 4–6 right): the usual way.
    Down,
    /// Across each printed row, left to right (ranks 1 and 2 in the first row).
    Across,
}

/// How a side-by-side table was unfolded, for the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SideBySide {
    /// Records printed in one row.
    pub records_per_row: usize,
    /// Logical columns of one record.
    pub columns_per_record: usize,
    /// Rows the table has in the document (header rows included).
    pub printed_rows: usize,
    /// The order the records were read in.
    pub order: ReadingOrder,
}

/// The table with one record per row — the header of the first record, then the records in
/// reading order, empty records (the last row shorter than the others) left out — when its
/// header repeats the same labels over two or more equal blocks of columns.
///
/// `spans` are the table's logical columns and `header_rows` the rows above its first data
/// row. A row crossing from one block into the next (a note across the table) is kept once,
/// after the records, when it comes after every record; anywhere else, or a vertical merge in
/// the body, and the table is not unfolded: which record such a cell belongs to is unknown.
pub(super) fn unfold(
    table: &Table,
    spans: &[(usize, usize)],
    header_rows: usize,
    template: &Template,
) -> Option<(Table, SideBySide)> {
    let header = table.rows.get(..header_rows)?;
    let labels: Vec<String> = cell_grid(header, spans, true).iter().fold(
        vec![String::new(); spans.len()],
        |mut acc, row| {
            for (label, text) in acc.iter_mut().zip(row) {
                label.push_str(&join_lines(text));
                label.push('\u{1f}');
            }
            acc
        },
    );
    let per_record = period(&labels, spans)?;
    let starts: Vec<usize> = spans.iter().step_by(per_record).map(|s| s.0).collect();
    let width = starts.get(1)? - starts.first()?;
    let block_of = |grid_col: usize| starts.partition_point(|s| *s <= grid_col).saturating_sub(1);

    let mut blocks: Vec<Vec<Row>> = vec![Vec::new(); starts.len()];
    let mut crossing: Vec<Row> = Vec::new();
    for row in &table.rows[header_rows..] {
        if row
            .cells
            .iter()
            .any(|c| c.v_merge != VMerge::None || c.row_span > 1)
        {
            return None;
        }
        let crosses = row.cells.iter().any(|c| {
            let b = block_of(c.grid_col);
            c.grid_col + c.col_span.max(1) > starts.get(b + 1).copied().unwrap_or(usize::MAX)
        });
        if crosses {
            crossing.push(clamped(row, starts[0], width));
            continue;
        }
        if !crossing.is_empty() {
            return None;
        }
        for (b, &start) in starts.iter().enumerate() {
            let mut record = Row {
                cells: Vec::new(),
                header: false,
                grid_before: 0,
                grid_after: 0,
            };
            for cell in row.cells.iter().filter(|c| block_of(c.grid_col) == b) {
                let mut cell = cell.clone();
                cell.grid_col = cell.grid_col - start + starts[0];
                record.cells.push(cell);
            }
            blocks[b].push(record);
        }
    }
    let order = reading_order(
        &blocks,
        &spans[..per_record],
        &labels[..per_record],
        template,
    );
    let rows_of_block = blocks.first().map_or(0, Vec::len);
    let mut records: Vec<Row> = Vec::with_capacity(rows_of_block * blocks.len());
    match order {
        ReadingOrder::Down => records.extend(blocks.iter().flatten().cloned()),
        ReadingOrder::Across => {
            for r in 0..rows_of_block {
                records.extend(blocks.iter().filter_map(|b| b.get(r)).cloned());
            }
        }
    }
    // A record with nothing in it is the blank end of a shorter last row.
    records.retain(|r| r.cells.iter().any(|c| !c.text.trim().is_empty()));

    let mut unfolded = table.clone();
    unfolded.grid_cols = width;
    unfolded.rows = header
        .iter()
        .map(|r| clamped(r, starts[0], width))
        .chain(records)
        .chain(crossing)
        .collect();
    // Their row numbers are the document's: kept as table-wide remarks.
    for a in &mut unfolded.anomalies {
        a.row = None;
    }
    Some((
        unfolded,
        SideBySide {
            records_per_row: starts.len(),
            columns_per_record: per_record,
            printed_rows: table.rows.len(),
            order,
        },
    ))
}

/// The printed header row an unfolded `row` came from: the first record's header repeated for
/// each record, `width` grid columns apart — for a continuation that does not repeat it.
pub(super) fn printed_header(row: &Row, layout: &SideBySide, width: usize) -> Row {
    let mut printed = row.clone();
    printed.cells = (0..layout.records_per_row)
        .flat_map(|b| {
            row.cells.iter().map(move |c| {
                let mut c = c.clone();
                c.grid_col += b * width;
                c
            })
        })
        .collect();
    printed
}

/// The smallest number of columns whose labels the header repeats over two or more equal
/// blocks covering the whole width (the same labels, the same grid widths): a record.
fn period(labels: &[String], spans: &[(usize, usize)]) -> Option<usize> {
    let n = labels.len();
    let distinct_named = |block: &[String]| {
        let mut named: Vec<&String> = block
            .iter()
            .filter(|l| !l.replace('\u{1f}', "").trim().is_empty())
            .collect();
        named.sort();
        named.dedup();
        named.len()
    };
    (2..=n / 2).filter(|p| n.is_multiple_of(*p)).find(|&p| {
        let same_labels = labels.iter().enumerate().all(|(i, l)| *l == labels[i % p]);
        let same_widths = spans.iter().enumerate().all(|(i, s)| {
            let (block, first) = (&spans[i - i % p], &spans[i % p]);
            s.1 == first.1 && s.0 - block.0 == first.0 - spans[0].0
        });
        // A record names at least two of its columns: blank headers repeat trivially.
        same_labels && same_widths && distinct_named(&labels[..p]) >= 2
    })
}

/// `row` cut to the grid columns `start .. start + width` (a header cell spanning every
/// block keeps the first block's part).
fn clamped(row: &Row, start: usize, width: usize) -> Row {
    let end = start + width;
    let mut out = row.clone();
    out.grid_before = 0;
    out.grid_after = 0;
    out.cells.retain(|c| c.grid_col < end);
    for c in &mut out.cells {
        c.col_span = c.col_span.max(1).min(end - c.grid_col);
    }
    out
}

/// Down the blocks unless the rank or serial columns (named so in `labels`, the first
/// block's) read in order more often across the rows.
fn reading_order(
    blocks: &[Vec<Row>],
    spans: &[(usize, usize)],
    labels: &[String],
    template: &Template,
) -> ReadingOrder {
    let words: Vec<String> = template
        .columns
        .rank
        .iter()
        .chain(&template.columns.serial)
        .map(|w| compact(w))
        .filter(|w| !w.is_empty())
        .collect();
    let rank_starts: Vec<usize> = spans
        .iter()
        .zip(labels)
        .filter(|(_, l)| {
            let l = compact(l);
            words.iter().any(|w| l.contains(w.as_str()))
        })
        .map(|(s, _)| s.0)
        .collect();
    let rank_at = |row: &Row, start: usize| -> Option<u32> {
        let cell = row.cells.iter().find(|c| c.grid_col == start)?;
        parse_rank(&collapse_whitespace(&cell.text))
    };
    let rows = blocks.first().map_or(0, Vec::len);
    let rising_pairs = |order: ReadingOrder, start: usize| -> usize {
        let ranks: Vec<u32> = match order {
            ReadingOrder::Down => blocks
                .iter()
                .flatten()
                .filter_map(|r| rank_at(r, start))
                .collect(),
            ReadingOrder::Across => (0..rows)
                .flat_map(|r| blocks.iter().filter_map(move |b| b.get(r)))
                .filter_map(|row| rank_at(row, start))
                .collect(),
        };
        ranks.windows(2).filter(|w| w[0] <= w[1]).count()
    };
    let count = |order| {
        rank_starts
            .iter()
            .map(|&s| rising_pairs(order, s))
            .sum::<usize>()
    };
    if count(ReadingOrder::Across) > count(ReadingOrder::Down) {
        ReadingOrder::Across
    } else {
        ReadingOrder::Down
    }
}
