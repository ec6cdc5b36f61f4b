//! The audited tables as published, for the page: the audit's JSON names each finding's table,
//! row and column but carries no cells, so the page gets the reader's cells laid out in the
//! workbook's logical columns (every grid position where some row starts a cell, as the annex
//! stage counts them), with each finding's position beside them. Nothing here judges a figure:
//! the findings come from the audit, the texts verbatim from the document.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::Result;
use crate::audit::Finding;
use crate::package::{Limits, Package};
use crate::wordml::{self, ReadOptions, Row, VMerge};

/// One cell as the page draws it.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PublishedCell {
    /// First logical column (0-based, as the findings count them).
    pub column: usize,
    /// Logical columns covered.
    pub colspan: usize,
    /// Rows covered (a vertical merge).
    pub rowspan: usize,
    /// The text, verbatim.
    pub text: String,
}

/// One audited table as published.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct PublishedTable {
    /// The reader's table number, as the report's `tables[].table`.
    pub table: usize,
    /// Logical columns.
    pub columns: usize,
    /// Its rows (0-based as the findings' rows), each with the cells that start in it.
    pub rows: Vec<Vec<PublishedCell>>,
}

/// Where a finding sits, in the order of the report's `findings`.
#[derive(Debug, Serialize, PartialEq, Eq)]
pub struct FindingPlace {
    /// The table.
    pub table: usize,
    /// 0-based row of the table, when the finding is about a cell.
    pub row: Option<usize>,
    /// 0-based logical column.
    pub column: Option<usize>,
}

/// What the page draws besides the report.
#[derive(Debug, Serialize)]
pub struct View {
    /// The audited tables as published.
    pub tables: Vec<PublishedTable>,
    /// One place per finding of the report.
    pub places: Vec<FindingPlace>,
}

/// Logical column starts of `rows`: every grid column where some row starts a cell.
fn column_starts<'a>(rows: impl Iterator<Item = &'a Row>) -> Vec<usize> {
    let starts: BTreeSet<usize> = rows
        .flat_map(|r| r.cells.iter().map(|c| c.grid_col))
        .collect();
    starts.into_iter().collect()
}

/// Lays `rows` out in the logical columns `starts`.
fn lay_out(table: usize, rows: &[Row], starts: &[usize]) -> PublishedTable {
    let column_of = |grid: usize| starts.partition_point(|&s| s <= grid).saturating_sub(1);
    // Open vertical merges by logical column: (row, index of the cell in that row).
    let mut open: HashMap<usize, (usize, usize)> = HashMap::new();
    let mut laid: Vec<Vec<PublishedCell>> = Vec::with_capacity(rows.len());
    for (r, row) in rows.iter().enumerate() {
        let mut cells = Vec::with_capacity(row.cells.len());
        for cell in &row.cells {
            let first = column_of(cell.grid_col);
            let end = cell.grid_col + cell.col_span.max(1);
            let last = column_of(end.saturating_sub(1)).max(first);
            if cell.v_merge == VMerge::Continue
                && let Some(&(top_row, index)) = open.get(&first)
                && let Some(top) = laid.get_mut(top_row).and_then(|c| c.get_mut(index))
            {
                top.rowspan += 1;
                continue;
            }
            if cell.v_merge == VMerge::Restart {
                open.insert(first, (r, cells.len()));
            } else {
                open.remove(&first);
            }
            cells.push(PublishedCell {
                column: first,
                colspan: last - first + 1,
                rowspan: 1,
                text: cell.text.clone(),
            });
        }
        laid.push(cells);
    }
    PublishedTable {
        table,
        columns: starts.len(),
        rows: laid,
    }
}

/// The audited tables of `report` (the audit's JSON document, parsed) read again from the
/// document at `path`, and the findings' places.
pub fn view(path: &Path, limits: &Limits, report: &Value, findings: &[Finding]) -> Result<View> {
    // Audited tables, and the chain's first table for a continuation (its header rows give
    // the columns, as the annex stage reads it).
    let mut audited: BTreeMap<usize, Option<usize>> = BTreeMap::new();
    for t in report["tables"].as_array().into_iter().flatten() {
        if (t["kind"] == "score" || t["kind"] == "structured")
            && let Some(n) = t["table"].as_u64().and_then(|n| usize::try_from(n).ok())
        {
            let first = t["continues"]
                .as_u64()
                .and_then(|n| usize::try_from(n).ok());
            let header_rows = t["header_rows"].as_u64().unwrap_or(0);
            audited.insert(n, first.filter(|_| header_rows == 0));
        }
    }
    let wanted_header: BTreeSet<usize> = audited.values().flatten().copied().collect();
    let mut header_rows_of: HashMap<usize, usize> = HashMap::new();
    for t in report["tables"].as_array().into_iter().flatten() {
        if let (Some(n), Some(h)) = (t["table"].as_u64(), t["header_rows"].as_u64()) {
            header_rows_of.insert(n as usize, h as usize);
        }
    }
    let mut headers: HashMap<usize, Vec<Row>> = HashMap::new();
    let mut tables = Vec::new();
    if !audited.is_empty() {
        let mut package = Package::open(path, limits)?;
        for table in wordml::tables(&mut package, &ReadOptions::default())? {
            let table = table?;
            if wanted_header.contains(&table.number) {
                let h = header_rows_of.get(&table.number).copied().unwrap_or(0);
                headers.insert(table.number, table.rows.iter().take(h).cloned().collect());
            }
            let Some(first) = audited.get(&table.number) else {
                continue;
            };
            let header: &[Row] = first
                .and_then(|f| headers.get(&f))
                .map_or(&[], Vec::as_slice);
            let starts = column_starts(header.iter().chain(&table.rows));
            tables.push(lay_out(table.number, &table.rows, &starts));
        }
    }
    tables.sort_by_key(|t| t.table);
    let places = findings
        .iter()
        .map(|f| FindingPlace {
            table: f.table,
            row: f.location.map(|l| l.table_row),
            column: f.location.map(|l| l.column),
        })
        .collect();
    Ok(View { tables, places })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wordml::Cell;

    fn cell(text: &str, grid_col: usize, col_span: usize, v_merge: VMerge) -> Cell {
        Cell {
            text: text.into(),
            grid_col,
            col_span,
            row_span: 1,
            v_merge,
            numbering: None,
            revision: None,
            hidden: None,
            bookmarks: Vec::new(),
            fields: Vec::new(),
            content_control: false,
            nested_tables: Vec::new(),
        }
    }

    fn row(cells: Vec<Cell>) -> Row {
        Row {
            cells,
            header: false,
            grid_before: 0,
            grid_after: 0,
        }
    }

    #[test]
    fn spans_and_vertical_merges_are_laid_out_in_logical_columns() {
        let rows = vec![
            row(vec![
                cell("名称", 0, 1, VMerge::Restart),
                cell("评估指标", 1, 2, VMerge::None),
            ]),
            row(vec![
                cell("", 0, 1, VMerge::Continue),
                cell("发布", 1, 1, VMerge::None),
                cell("总分", 2, 1, VMerge::None),
            ]),
            row(vec![
                cell("甲", 0, 1, VMerge::None),
                cell("1", 1, 1, VMerge::None),
                cell("1", 2, 1, VMerge::None),
            ]),
        ];
        let starts = column_starts(rows.iter());
        let laid = lay_out(1, &rows, &starts);
        assert_eq!(laid.columns, 3);
        assert_eq!(laid.rows[0][0].rowspan, 2);
        assert_eq!(laid.rows[0][1].colspan, 2);
        assert_eq!(laid.rows[1].len(), 2);
        assert_eq!(laid.rows[1][0].column, 1);
        assert_eq!(laid.rows[2][2].text, "1");
    }
}
