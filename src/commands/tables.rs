//! `annex-audit tables`: the reader's view of a document, as a listing or as JSON.
//!
//! Both outputs stream: each table is printed once it is complete (in number order; a parent
//! waits for nothing but its own end, its nested tables are held until it is printed). If the
//! document turns out to be unreadable halfway, what was printed stays and the exit code is 3.

use std::collections::BTreeMap;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use super::TablesOptions;
use crate::error::escaped;
use crate::lang::Lang;
use crate::messages as m;
use crate::package::Package;
use crate::wordml::{
    self, Anomaly, Cell, CellPosition, DocumentInfo, ReadOptions, Revision, Table, VMerge,
};
use crate::{Error, Result};

/// Rows shown per table in the listing without `--all-rows`.
const PREVIEW_ROWS: usize = 6;
/// Widest column in the listing, in terminal cells.
const MAX_COLUMN_WIDTH: usize = 24;
/// The listing's width without `--wide`, in terminal cells: a table of ten score columns with
/// their long headers fits, its widest columns narrowed.
pub(crate) const LISTING_WIDTH: usize = 100;
/// No column is narrowed below this many cells.
const MIN_COLUMN_WIDTH: usize = 4;

/// `annex-audit tables FILE [--json] [--all-rows]`. Returns the exit code.
pub fn tables(options: &TablesOptions) -> Result<u8> {
    // Every error concerns this file, and says so.
    list_tables(options).map_err(|e| e.with_path(&options.file))
}

fn list_tables(options: &TablesOptions) -> Result<u8> {
    // A legacy document is read through its conversion, as `audit` reads it; the listing and
    // the JSON name the original file.
    let converted = if crate::convert::is_legacy_name(&options.file) {
        let lang = options.lang.unwrap_or_else(Lang::from_env);
        let converted = crate::pipeline::convert_legacy(&options.file, lang)?;
        if !options.json {
            let path = escaped(&options.file.display().to_string()).into_owned();
            eprintln!(
                "{}",
                lang.pick(
                    format!("{path}：由 {} 转换为 .docx 后读取", converted.converter),
                    format!(
                        "{path}: read after conversion to .docx by {}",
                        converted.converter
                    ),
                )
            );
        }
        Some(converted)
    } else {
        None
    };
    let docx = converted
        .as_ref()
        .map_or(options.file.as_path(), |c| c.docx());
    let mut package = Package::open(docx, &options.limits)?;
    let stdout = io::stdout();
    let mut out = BufWriter::with_capacity(256 * 1024, stdout.lock());
    let mut lang = options.lang;
    let count = if options.json {
        write_json(&mut package, &options.file, &mut out)?
    } else {
        let width = (!options.wide).then_some(LISTING_WIDTH);
        write_listing(
            &mut package,
            &options.file,
            options.all_rows,
            width,
            &mut lang,
            &mut out,
        )?
    };
    out.flush().map_err(output_error)?;
    if count == 0 && !options.json {
        let path = escaped(&options.file.display().to_string()).into_owned();
        eprintln!(
            "{}",
            m::TABLES_NONE.fill(Lang::choose(lang, None), &[("path", &path)])
        );
    }
    Ok(0)
}

fn output_error(err: io::Error) -> Error {
    Error::Output {
        path: "-".into(),
        message: crate::error::io_reason(&err),
    }
}

/// Re-orders the stream (nested tables complete before their parent) into number order.
struct InOrder {
    waiting: BTreeMap<usize, Table>,
    next: usize,
}

impl InOrder {
    fn new() -> Self {
        Self {
            waiting: BTreeMap::new(),
            next: 1,
        }
    }

    fn push(&mut self, table: Table, mut emit: impl FnMut(Table) -> Result<()>) -> Result<()> {
        self.waiting.insert(table.number, table);
        while let Some(table) = self.waiting.remove(&self.next) {
            self.next += 1;
            emit(table)?;
        }
        Ok(())
    }

    fn flush(&mut self, mut emit: impl FnMut(Table) -> Result<()>) -> Result<()> {
        while let Some((_, table)) = self.waiting.pop_first() {
            emit(table)?;
        }
        Ok(())
    }
}

/// Reads every table of `package` and hands each to `emit` in number order, with how many came
/// before it. Returns how many tables there were, and the document's facts.
fn each_in_order(
    package: &mut Package,
    mut emit: impl FnMut(usize, Table) -> Result<()>,
) -> Result<(usize, DocumentInfo)> {
    let mut stream = wordml::tables(package, &ReadOptions::default())?;
    let mut order = InOrder::new();
    let mut count = 0usize;
    let mut counted = |table: Table| -> Result<()> {
        count += 1;
        emit(count - 1, table)
    };
    for table in &mut stream {
        order.push(table?, &mut counted)?;
    }
    order.flush(&mut counted)?;
    Ok((count, stream.into_info()))
}

/// One table in the JSON output.
#[derive(Serialize)]
struct TableJson<'a> {
    table: usize,
    part: &'static str,
    part_name: &'a str,
    title: Option<&'a str>,
    heading: Option<&'a str>,
    caption: Option<&'a str>,
    unit_line: Option<&'a str>,
    bookmarks: &'a [String],
    note: Option<String>,
    nested_in: Option<CellPosition>,
    continues: Option<usize>,
    repeats_header: bool,
    grid_cols: usize,
    header_rows: usize,
    anomalies: &'a [Anomaly],
    rows: Vec<Vec<&'a str>>,
    cells: Vec<Vec<CellJson<'a>>>,
}

/// A cell's structure and flags in the JSON output (its text is in `rows`).
#[derive(Serialize)]
struct CellJson<'a> {
    grid_col: usize,
    col_span: usize,
    row_span: usize,
    v_merge: VMerge,
    #[serde(skip_serializing_if = "Option::is_none")]
    numbering: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    revision: Option<&'a Revision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    hidden: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    bookmarks: &'a [String],
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    fields: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    content_control: bool,
    #[serde(skip_serializing_if = "<[usize]>::is_empty")]
    nested_tables: &'a [usize],
}

impl<'a> CellJson<'a> {
    fn new(cell: &'a Cell) -> Self {
        Self {
            grid_col: cell.grid_col,
            col_span: cell.col_span,
            row_span: cell.row_span,
            v_merge: cell.v_merge,
            numbering: cell.numbering.as_deref(),
            revision: cell.revision.as_ref(),
            hidden: cell.hidden.as_deref(),
            bookmarks: &cell.bookmarks,
            fields: &cell.fields,
            content_control: cell.content_control,
            nested_tables: &cell.nested_tables,
        }
    }
}

impl<'a> TableJson<'a> {
    fn new(table: &'a Table) -> Self {
        Self {
            table: table.number,
            part: table.container.as_str(),
            part_name: &table.part,
            title: table.title(),
            heading: table.heading.as_deref(),
            caption: table.caption.as_deref(),
            unit_line: table.unit_line.as_deref(),
            bookmarks: &table.bookmarks,
            note: (!table.note.is_empty()).then(|| table.note.join("\n")),
            nested_in: table.nested_in,
            continues: table.continues,
            repeats_header: table.repeats_header,
            grid_cols: table.grid_cols,
            header_rows: table.rows.iter().take_while(|r| r.header).count(),
            anomalies: &table.anomalies,
            rows: table.texts(),
            cells: table
                .rows
                .iter()
                .map(|r| r.cells.iter().map(CellJson::new).collect())
                .collect(),
        }
    }
}

fn write_json(package: &mut Package, file: &Path, out: &mut impl Write) -> Result<usize> {
    let file_json =
        serde_json::to_string(&file.display().to_string()).map_err(|e| output_error(e.into()))?;
    write!(out, "{{\"file\":{file_json},\"tables\":[").map_err(output_error)?;
    let (count, info) = each_in_order(package, |before, table| {
        if before > 0 {
            out.write_all(b",").map_err(output_error)?;
        }
        serde_json::to_writer(&mut *out, &TableJson::new(&table))
            .map_err(|e| output_error(e.into()))
    })?;
    let info_json = serde_json::to_string(&info).map_err(|e| output_error(e.into()))?;
    writeln!(out, "],\"info\":{info_json}}}").map_err(output_error)?;
    Ok(count)
}

fn write_listing(
    package: &mut Package,
    file: &Path,
    all_rows: bool,
    width: Option<usize>,
    lang: &mut Option<Lang>,
    out: &mut impl Write,
) -> Result<usize> {
    let (count, info) = each_in_order(package, |_, table| {
        // The document's language, from its first table, unless `--lang` chose one.
        let lang = *lang.get_or_insert_with(|| Lang::of_document(&language_sample(&table)));
        let text = render_table(&table, all_rows, width, lang);
        out.write_all(text.as_bytes()).map_err(output_error)
    })?;
    let lang = Lang::choose(*lang, None);
    let title = info
        .title
        .as_deref()
        .unwrap_or(m::TABLES_NO_TITLE.get(lang));
    let file = escaped(&file.display().to_string()).into_owned();
    let line = m::TABLES_FILE.fill(
        lang,
        &[
            ("path", &file),
            ("count", &count),
            ("part", &escaped(&info.main_part)),
            ("strict", &if info.strict { " (Strict)" } else { "" }),
            ("title", &escaped(title)),
        ],
    );
    writeln!(out, "{line}").map_err(output_error)?;
    Ok(count)
}

/// The text a table's language is told from: its heading, caption and first rows.
fn language_sample(table: &Table) -> String {
    let mut sample = String::new();
    for text in [&table.heading, &table.caption].into_iter().flatten() {
        sample.push_str(text);
        sample.push(' ');
    }
    for row in table.rows.iter().take(PREVIEW_ROWS) {
        for cell in &row.cells {
            sample.push_str(&cell.text);
            sample.push(' ');
        }
    }
    sample
}

/// The English plural ending of a count (`row` + `s`); Chinese has none.
fn plural(count: usize) -> &'static str {
    if count == 1 { "" } else { "s" }
}

/// The listing of one table, within `width` terminal cells when given (`--wide`: none).
fn render_table(table: &Table, all_rows: bool, width: Option<usize>, lang: Lang) -> String {
    let mut text = String::new();
    let rows = table.rows.len();
    let container =
        m::part_name(table.container.as_str()).map_or(table.container.as_str(), |p| p.get(lang));
    text.push_str(&m::TABLES_TABLE.fill(
        lang,
        &[
            ("number", &table.number),
            ("container", &container),
            ("part", &table.part),
            ("rows", &rows),
            ("rows_s", &plural(rows)),
            ("columns", &table.grid_cols),
            ("columns_s", &plural(table.grid_cols)),
        ],
    ));
    text.push('\n');
    // Document text is shown with its control characters escaped: a heading holding
    // `ESC[2J` must not clear the reader's screen.
    let mut line = |label: &m::Msg, value: &str| {
        text.push_str(&labelled(label.get(lang), &escaped(value), width));
    };
    if let Some(heading) = &table.heading {
        line(&m::TABLES_HEADING, heading);
    }
    if let Some(caption) = &table.caption {
        line(&m::TABLES_CAPTION, caption);
    }
    if let Some(unit_line) = &table.unit_line {
        line(&m::TABLES_UNIT_LINE, unit_line);
    }
    if !table.bookmarks.is_empty() {
        line(&m::TABLES_BOOKMARKS, &table.bookmarks.join(", "));
    }
    if let Some(position) = table.nested_in {
        line(
            &m::TABLES_NESTED,
            &m::TABLES_NESTED_AT.fill(
                lang,
                &[
                    ("table", &position.table),
                    ("row", &position.row),
                    ("cell", &position.cell),
                ],
            ),
        );
    }
    if let Some(previous) = table.continues {
        let repeated = if table.repeats_header {
            m::TABLES_HEADER_REPEATED.get(lang)
        } else {
            ""
        };
        line(
            &m::TABLES_CONTINUES,
            &m::TABLES_CONTINUES_TABLE.fill(lang, &[("table", &previous), ("repeated", &repeated)]),
        );
    }
    for anomaly in &table.anomalies {
        line(&m::TABLES_ANOMALY, &m::translate(&anomaly.message, lang));
    }
    let shown = if all_rows {
        rows
    } else {
        rows.min(PREVIEW_ROWS)
    };
    text.push_str(&render_grid(table, shown, width));
    if shown < rows {
        text.push_str(&m::TABLES_MORE_ROWS.fill(
            lang,
            &[("count", &(rows - shown)), ("s", &plural(rows - shown))],
        ));
        text.push('\n');
    }
    for (i, note) in table.note.iter().enumerate() {
        let label = if i == 0 { m::TABLES_NOTE.get(lang) } else { "" };
        text.push_str(&labelled(label, &escaped(note), width));
    }
    text.push('\n');
    text
}

/// `  label:     value`, the value wrapped under itself to fit `width`.
fn labelled(label: &str, value: &str, width: Option<usize>) -> String {
    const INDENT: usize = 13;
    let room = width.map_or(usize::MAX, |w| w.saturating_sub(INDENT).max(20));
    let mut lines = vec![String::new()];
    let mut used = 0;
    for ch in value.chars() {
        let w = ch.width().unwrap_or(0);
        if used + w > room {
            lines.push(String::new());
            used = 0;
        }
        if let Some(last) = lines.last_mut() {
            last.push(ch);
        }
        used += w;
    }
    let mut text = String::new();
    for (i, l) in lines.iter().enumerate() {
        if i == 0 {
            let pad = " ".repeat(10usize.saturating_sub(display_width(label)));
            text.push_str(&format!("  {label}{pad} {l}\n"));
        } else {
            text.push_str(&format!("{}{l}\n", " ".repeat(INDENT)));
        }
    }
    text
}

/// The first `shown` rows aligned on the table grid, measured in terminal cells (CJK = 2).
/// Within `width`: the widest columns are narrowed (their text cut with `…`), and the columns
/// that still do not fit are left out, said on a line of their own.
fn render_grid(table: &Table, shown: usize, width: Option<usize>) -> String {
    // A display of more columns than this is unreadable anyway.
    let mut columns = table.grid_cols.clamp(1, 256);
    let mut widths = vec![1usize; columns];
    let max_column = if width.is_some() {
        MAX_COLUMN_WIDTH
    } else {
        usize::MAX
    };
    let display = |cell: &Cell| -> String {
        if cell.v_merge == VMerge::Continue && cell.text.trim().is_empty() {
            "〃".to_string()
        } else {
            escaped(&cell.text.replace(['\n', '\t'], " ")).into_owned()
        }
    };
    for row in table.rows.iter().take(shown) {
        for cell in &row.cells {
            if cell.col_span == 1
                && let Some(width) = widths.get_mut(cell.grid_col)
            {
                *width = (*width).max(display_width(&display(cell)).min(max_column));
            }
        }
    }
    let mut left_out = 0;
    if let Some(budget) = width {
        // "  │" then " text │" per column.
        let total = |widths: &[usize]| 3 + widths.iter().map(|w| w + 3).sum::<usize>();
        if total(&widths) > budget {
            // Each column as wide as its data (the header is what wraps: `发布解读（40分）`
            // over two lines), in even widths so that CJK text breaks between characters;
            // what is left goes, two cells at a time, to the columns whose header wants more.
            let header_rows = table.rows.iter().take_while(|r| r.header).count().max(1);
            let mut need = vec![MIN_COLUMN_WIDTH; columns];
            for row in table.rows.iter().take(shown).skip(header_rows) {
                for cell in &row.cells {
                    if cell.col_span == 1
                        && let Some(n) = need.get_mut(cell.grid_col)
                    {
                        *n = (*n).max(display_width(&display(cell)).min(max_column));
                    }
                }
            }
            let want = widths.clone();
            for (w, n) in widths.iter_mut().zip(&need) {
                *w = (*w).min(n + n % 2);
            }
            let mut grew = true;
            while grew {
                grew = false;
                for (i, w) in want.iter().enumerate() {
                    if widths[i] < *w && total(&widths) + 2 <= budget {
                        widths[i] = (widths[i] + 2).min(*w);
                        grew = true;
                    }
                }
            }
        }
        while total(&widths) > budget {
            let Some((widest, w)) = widths
                .iter()
                .copied()
                .enumerate()
                .max_by_key(|&(i, w)| (w, std::cmp::Reverse(i)))
            else {
                break;
            };
            if w <= MIN_COLUMN_WIDTH {
                break;
            }
            if let Some(slot) = widths.get_mut(widest) {
                *slot -= 1;
            }
        }
        while columns > 1 && total(&widths[..columns]) > budget {
            columns -= 1;
        }
        left_out = table.grid_cols.clamp(1, 256) - columns;
        widths.truncate(columns);
    }
    let mut text = String::new();
    for row in table.rows.iter().take(shown) {
        // Each column's text as the lines it takes (a gap in the row: one empty line).
        let mut segments: Vec<(usize, Vec<String>)> = Vec::new();
        let mut column = 0usize;
        for cell in &row.cells {
            while column < cell.grid_col && column < columns {
                segments.push((widths.get(column).copied().unwrap_or(1), Vec::new()));
                column += 1;
            }
            if column >= columns {
                break;
            }
            let span_end = cell
                .grid_col
                .saturating_add(cell.col_span)
                .min(columns)
                .max(column + 1);
            let cell_width: usize = (column..span_end)
                .map(|c| widths.get(c).copied().unwrap_or(1) + 3)
                .sum::<usize>()
                - 3;
            let shown_text = display(cell);
            let lines = if width.is_some() {
                wrap_cell(&shown_text, cell_width)
            } else {
                vec![shown_text]
            };
            segments.push((cell_width, lines));
            column = span_end;
        }
        let height = segments
            .iter()
            .map(|(_, l)| l.len())
            .max()
            .unwrap_or(1)
            .max(1);
        for k in 0..height {
            let mut line = String::from("  │");
            for (w, lines) in &segments {
                line.push(' ');
                line.push_str(&fit(lines.get(k).map_or("", String::as_str), *w));
                line.push_str(" │");
            }
            text.push_str(line.trim_end());
            text.push('\n');
        }
    }
    if left_out > 0 {
        text.push_str(&format!(
            "  … {left_out} more column{} (--wide shows them)\n",
            if left_out == 1 { "" } else { "s" }
        ));
    }
    text
}

/// At most this many lines per cell in the narrowed listing; the last is cut with `…`.
const MAX_CELL_LINES: usize = 3;

/// A cell's text in lines of `width` terminal cells, for a column narrowed to fit the listing:
/// `发布解读（40分）` in 8 cells is `发布解读` over `（40分）`.
fn wrap_cell(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let w = ch.width().unwrap_or(0);
        if used + w > width {
            if lines.len() == MAX_CELL_LINES {
                // The rest does not fit: `fit` cuts the last line with `…`.
                if let Some(last) = lines.last_mut() {
                    last.push(ch);
                    last.extend(chars.by_ref());
                }
                break;
            }
            lines.push(String::new());
            used = 0;
            if ch == ' ' {
                continue;
            }
        }
        if let Some(last) = lines.last_mut() {
            last.push(ch);
        }
        used += w;
    }
    lines
}

fn display_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// Pads or truncates (with `…`) to exactly `width` terminal cells.
fn fit(text: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    let total = display_width(text);
    for ch in text.chars() {
        let w = ch.width().unwrap_or(0);
        if total > width && used + w + 1 > width {
            out.push('…');
            used += 1;
            break;
        }
        if used + w > width {
            break;
        }
        out.push(ch);
        used += w;
    }
    out.push_str(&" ".repeat(width.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fit_pads_and_truncates_by_display_width() {
        assert_eq!(fit("排名", 6), "排名  ");
        assert_eq!(display_width(&fit("达拉特旗人民政府", 7)), 7);
        assert!(fit("达拉特旗人民政府", 7).ends_with('…'));
        assert_eq!(fit("94.20", 5), "94.20");
    }
}
