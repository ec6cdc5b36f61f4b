//! The discrepancy sheet: one row per finding in the report's order (most severe first), each
//! linked to its table sheet and to the cell in question, with two columns for reviewers.
//!
//! ```text
//! severity check table row name column cell published expected difference rule explanation message │ disposition comment id review
//! ```
//!
//! With a [`Review`] of the previous workbook, each finding's row carries the notes a person
//! entered against its id, a finding not seen before is marked 新增 / new in the review
//! column, and the findings gone since follow the others under a 已解决 / Resolved title, each
//! with its notes and the date it disappeared.

use std::borrow::Cow;

use rust_xlsxwriter::{DataValidation, Url, Worksheet, XlsxError};

use super::previous::Review;
use super::style::{Look, Styles};
use super::table::header_text;
use super::text::{self, cell_text};
use super::words;
use super::{count, end_rows, number_value};
use crate::annex::{Value, parse_value};
use crate::audit::{Finding, Lang, Severity};
use crate::report::{Layout, quote_sheet};

/// Columns of the sheet, by what they hold.
pub(super) mod col {
    pub const SEVERITY: u16 = 0;
    pub const CHECK: u16 = 1;
    pub const TABLE: u16 = 2;
    pub const ROW: u16 = 3;
    pub const NAME: u16 = 4;
    pub const COLUMN: u16 = 5;
    pub const CELL: u16 = 6;
    pub const PUBLISHED: u16 = 7;
    pub const EXPECTED: u16 = 8;
    pub const DIFFERENCE: u16 = 9;
    pub const RULE: u16 = 10;
    pub const EXPLANATION: u16 = 11;
    pub const MESSAGE: u16 = 12;
    pub const DISPOSITION: u16 = 13;
    pub const COMMENT: u16 = 14;
    pub const ID: u16 = 15;
    pub const REVIEW: u16 = 16;
}

/// Excel keeps at most this many hyperlinks on a worksheet; beyond them links become text.
const MAX_LINKS: usize = 65_530;

/// Widest column, in characters, before the text wraps. The columns printed (up to the
/// message) share [`PRINT_WIDTH`]: the long texts get what the others leave.
fn max_width(column: u16) -> usize {
    match column {
        col::RULE | col::EXPLANATION => 30,
        col::MESSAGE => 40,
        // A table's name is a link, which LibreOffice does not wrap: it gets its width.
        col::TABLE => 20,
        col::NAME => 10,
        col::COMMENT => 12,
        col::SEVERITY | col::CHECK | col::COLUMN => 10,
        col::ROW | col::CELL => 8,
        // Figures: a number does not wrap, and 10 shows eight digits (`123456.78`) and the
        // English headings (`Difference`).
        _ => 10,
    }
}

/// The narrowest column, in characters.
const MIN_WIDTH: usize = 6;
/// The rule and the explanation never wrap narrower than this, in characters; the message,
/// which says what is wrong, never narrower than [`MIN_MESSAGE_WIDTH`].
const MIN_TEXT_WIDTH: usize = 8;
const MIN_MESSAGE_WIDTH: usize = 16;

/// The printed columns: severity to message. The reviewers' columns, the id and the review
/// mark stay on screen.
pub(super) const LAST_PRINTED: u16 = col::MESSAGE;

/// The width of the printed columns together, in characters, so that a landscape A4 page with
/// 0.4-inch margins (10.89 inches) prints them one page wide at 82 % or more, and 11-point text
/// stays at 9 points or more. At 宋体's 7 pixels per character and 5 of padding per column,
/// 138 characters are 1,031 pixels (10.7 inches at 96 dpi, printed at 100 %); LibreOffice with
/// a wider Song face (Noto Serif CJK) printed 149 characters at 8.9 points, 138 at 9.5.
pub(super) const PRINT_WIDTH: usize = 138;

/// The columns' widths, in characters, for content `widths` display columns wide: each column
/// within its maximum, and the rule, explanation and message sharing what the other printed
/// columns leave of [`PRINT_WIDTH`] (the message 40 % of it, at least 16; the rule and the
/// explanation half the rest each), wrapped at that width. The others' maxima (106) and the
/// long texts at their narrowest (8 + 8 + 16) are the print width.
fn column_widths(widths: &[usize]) -> Vec<f64> {
    let mut out: Vec<f64> = (0u16..)
        .zip(widths)
        .map(|(c, w)| text::column_width(*w, MIN_WIDTH, max_width(c)))
        .collect();
    let long = [col::RULE, col::EXPLANATION, col::MESSAGE];
    let others: f64 = (0..=LAST_PRINTED)
        .filter(|c| !long.contains(c))
        .filter_map(|c| out.get(usize::from(c)))
        .sum();
    let (narrowest, message_narrowest) = (MIN_TEXT_WIDTH as f64, MIN_MESSAGE_WIDTH as f64);
    let left = (PRINT_WIDTH as f64 - others).max(2.0 * narrowest + message_narrowest);
    let message = (left * 0.4).floor().max(message_narrowest);
    let share = ((left - message) / 2.0).floor().max(narrowest);
    let rooms = [share, share, message];
    for (c, room) in long.iter().zip(rooms) {
        if let Some(w) = out.get_mut(usize::from(*c)) {
            *w = w.min(room);
        }
    }
    out
}

/// One cell of a finding's row.
enum Content<'a> {
    Text(Cow<'a, str>, Look, Option<Severity>),
    /// A link inside the workbook (`internal:…`) showing `text`.
    Link(String, Cow<'a, str>),
    Number(f64, Look),
}

/// The cells of a finding's row, each with the display width it asks of its column (0 for the
/// counts, which never decide a width). `links` counts the links made so far on the sheet.
fn finding_cells<'a>(
    f: &'a Finding,
    layout: &'a Layout,
    review: Option<&'a Review>,
    links: &mut usize,
    lang: Lang,
) -> Vec<(u16, Content<'a>, usize)> {
    let mut cells = Vec::with_capacity(17);
    let mut link = |target: String, text: Cow<'a, str>| {
        if *links < MAX_LINKS {
            *links += 1;
            Content::Link(target, text)
        } else {
            Content::Text(text, Look::Plain, None)
        }
    };
    let severity = words::severity(f.severity, lang);
    cells.push((
        col::SEVERITY,
        Content::Text(severity.into(), Look::Plain, Some(f.severity)),
        text::width(severity),
    ));
    let check = words::check(f.check, lang);
    cells.push((
        col::CHECK,
        Content::Text(check.into(), Look::Plain, None),
        text::width(check),
    ));
    match layout.sheet(f.table) {
        Some(sheet) => {
            let target = format!("internal:{}!A1", quote_sheet(sheet));
            cells.push((col::TABLE, link(target, sheet.into()), text::width(sheet)));
        }
        None => cells.push((
            col::TABLE,
            Content::Number(count(f.table), Look::PlainNumber(0)),
            0,
        )),
    }
    if let Some(r) = f.row {
        cells.push((col::ROW, Content::Number(count(r), Look::PlainNumber(0)), 0));
    }
    if let Some(t) = &f.name {
        cells.push((
            col::NAME,
            Content::Text(t.into(), Look::Plain, None),
            text::width(t),
        ));
    }
    if let Some(t) = &f.column {
        // A column's name as its header is written: the maximum on a line of its own.
        let t = header_text(t);
        let width = text::width(&t);
        cells.push((col::COLUMN, Content::Text(t, Look::Plain, None), width));
    }
    if let Some(cell) = layout.finding_cell(f) {
        // The table column names the sheet: the link shows the cell alone (`J4`).
        let shown = cell
            .rsplit_once('!')
            .map_or_else(|| cell.clone(), |(_, at)| at.to_string());
        let width = text::width(&shown);
        let target = format!("internal:{cell}");
        cells.push((col::CELL, link(target, shown.into()), width));
    }
    for (c, figure) in [
        (col::PUBLISHED, f.published.as_deref()),
        (col::EXPECTED, f.expected.as_deref()),
        (col::DIFFERENCE, f.delta.as_deref()),
    ] {
        let Some(figure) = figure else {
            continue;
        };
        // A number with its own decimals when it reads as one (`5,212.80` too: a figure and
        // its correction are numbers alike, whichever way they were printed), else text.
        let ungrouped = ungrouped(figure);
        let content = match parse_value(&ungrouped, &[]) {
            Value::Number(n) => {
                number_value(&n).map(|v| Content::Number(v, Look::PlainNumber(n.decimals)))
            }
            _ => None,
        }
        .unwrap_or_else(|| Content::Text(figure.into(), Look::Plain, None));
        cells.push((c, content, text::width(figure)));
    }
    for (c, t) in [
        (col::RULE, f.rule.as_deref()),
        (col::EXPLANATION, f.explanation.as_deref()),
        (col::MESSAGE, Some(f.message.as_str())),
    ] {
        if let Some(t) = t {
            cells.push((
                c,
                Content::Text(t.into(), Look::Plain, None),
                text::width(t),
            ));
        }
    }
    if let Some(carried) = review.and_then(|r| r.carried.get(&f.id)) {
        let notes = [
            (
                col::DISPOSITION,
                words::disposition_in(&carried.notes.disposition, lang),
            ),
            (col::COMMENT, carried.notes.comment.as_str()),
        ];
        for (c, t) in notes {
            if !t.is_empty() {
                cells.push((
                    c,
                    Content::Text(t.into(), Look::Plain, None),
                    text::width(t),
                ));
            }
        }
    }
    cells.push((
        col::ID,
        Content::Text(f.id.as_str().into(), Look::Plain, None),
        f.id.len(),
    ));
    if review
        .and_then(|r| r.carried.get(&f.id))
        .is_some_and(|c| c.new)
    {
        let mark = words::new_mark(lang);
        cells.push((
            col::REVIEW,
            Content::Text(mark.into(), Look::Plain, None),
            text::width(mark),
        ));
    }
    cells
}

/// The cells of a resolved finding's row: what the previous workbook showed, its notes, its
/// id and the date it disappeared.
fn resolved_cells(entry: &super::previous::PreviousEntry, lang: Lang) -> Vec<(u16, String)> {
    let mut cells: Vec<(u16, String)> = entry.fields.clone();
    cells.push((
        col::DISPOSITION,
        words::disposition_in(&entry.notes.disposition, lang).to_string(),
    ));
    cells.push((col::COMMENT, entry.notes.comment.clone()));
    cells.push((col::ID, entry.id.clone()));
    let mark = match entry.resolved_on.as_deref() {
        Some(date) => words::resolved_mark(date, lang),
        None => words::unmatched_mark(lang).to_string(),
    };
    cells.push((col::REVIEW, mark));
    cells.retain(|(_, t)| !t.is_empty());
    cells
}

/// Writes the section of resolved findings from row `first` on.
fn write_resolved(
    ws: &mut Worksheet,
    styles: &mut Styles,
    review: Option<&Review>,
    first: u32,
    lang: Lang,
) -> Result<(), XlsxError> {
    let Some(review) = review.filter(|r| !r.resolved.is_empty()) else {
        return Ok(());
    };
    ws.write_string_with_format(
        first,
        0,
        words::resolved_section(lang),
        styles.get(Look::Heading, None),
    )?;
    for (row, entry) in (first + 1..).zip(&review.resolved) {
        for (c, t) in resolved_cells(entry, lang) {
            ws.write_string_with_format(row, c, cell_text(&t), styles.get(Look::Plain, None))?;
        }
    }
    Ok(())
}

/// Writes the discrepancy sheet. Its rows go out in order, each with its height, so that the
/// sheet can be a constant-memory worksheet: the column widths are measured first, in a pass
/// of their own.
pub(super) fn write(
    ws: &mut Worksheet,
    styles: &mut Styles,
    findings: &[Finding],
    lang: Lang,
    layout: &Layout,
    review: Option<&Review>,
) -> Result<(), XlsxError> {
    let headings = words::discrepancy_columns(lang);
    let mut widths: Vec<usize> = headings.iter().map(|h| text::width(h)).collect();
    for (c, heading) in (0u16..).zip(headings.iter()) {
        ws.write_string_with_format(0, c, *heading, styles.get(Look::Heading, None))?;
    }
    for entry in review.iter().flat_map(|r| &r.resolved) {
        for (c, t) in resolved_cells(entry, lang) {
            if let Some(slot) = widths.get_mut(usize::from(c)) {
                *slot = (*slot).max(text::width(&t));
            }
        }
    }
    let last_col = col::REVIEW;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(0, 0)?;
    ws.set_footer("&C&P / &N");

    if findings.is_empty() {
        ws.write_string_with_format(
            1,
            0,
            words::no_findings(lang),
            styles.get(Look::Plain, None),
        )?;
        ws.autofilter(0, 0, 1, last_col)?;
        for (c, w) in (0u16..).zip(&column_widths(&widths)) {
            ws.set_column_width(c, *w)?;
        }
        ws.set_print_area(0, 0, 1, LAST_PRINTED)?;
        return write_resolved(ws, styles, review, 3, lang);
    }

    let mut links = 0usize;
    for f in findings {
        for (c, _, width) in finding_cells(f, layout, review, &mut links, lang) {
            if let Some(slot) = widths.get_mut(usize::from(c)) {
                *slot = (*slot).max(width);
            }
        }
    }
    let column_widths = column_widths(&widths);
    for (c, w) in (0u16..).zip(&column_widths) {
        ws.set_column_width(c, *w)?;
    }
    // The headings wrap within their columns.
    let heading_lines = (0u16..)
        .zip(headings.iter())
        .filter_map(|(c, h)| {
            let width = column_widths.get(usize::from(c))?;
            Some(text::lines(h, (*width as usize).saturating_sub(1)))
        })
        .max()
        .unwrap_or(1);
    if heading_lines > 1 {
        ws.set_row_height(0, text::row_height(heading_lines))?;
    }
    let mut links = 0usize;
    let mut last_height = false;
    for (row, f) in (1u32..).zip(findings) {
        // The tallest wrapped cell decides the row's height (LibreOffice does not fit rows
        // with wrapped text on import).
        let column = f.column.as_deref().map(header_text);
        let table = layout.sheet(f.table);
        let lines = [
            (col::TABLE, table),
            (col::NAME, f.name.as_deref()),
            (col::COLUMN, column.as_deref()),
            (col::RULE, f.rule.as_deref()),
            (col::EXPLANATION, f.explanation.as_deref()),
            (col::MESSAGE, Some(f.message.as_str())),
        ]
        .iter()
        .filter_map(|(c, t)| {
            let width = column_widths.get(usize::from(*c))?;
            // Two columns short of the width: applications wrap at word and glyph edges.
            Some(text::lines(
                t.as_deref()?,
                (*width as usize).saturating_sub(2),
            ))
        })
        .max()
        .unwrap_or(1);
        last_height = lines > 1;
        if last_height {
            ws.set_row_height(row, text::row_height(lines))?;
        }
        for (c, content, _) in finding_cells(f, layout, review, &mut links, lang) {
            match content {
                Content::Text(t, look, mark) => {
                    ws.write_string_with_format(row, c, cell_text(&t), styles.get(look, mark))?;
                }
                Content::Link(target, t) => {
                    let url = Url::new(target).set_text(t.as_ref());
                    ws.write_url_with_format(row, c, url, styles.get(Look::WrapLink, None))?;
                }
                Content::Number(v, look) => {
                    ws.write_number_with_format(row, c, v, styles.get(look, None))?;
                }
            }
        }
    }
    let last_row = u32::try_from(findings.len()).unwrap_or(u32::MAX);
    if review.is_some_and(|r| !r.resolved.is_empty()) {
        write_resolved(ws, styles, review, last_row.saturating_add(2), lang)?;
    } else {
        end_rows(ws, styles, last_row, last_height)?;
    }
    ws.autofilter(0, 0, last_row, last_col)?;
    let last_printed_row = match review.filter(|r| !r.resolved.is_empty()) {
        Some(r) => last_row
            .saturating_add(2)
            .saturating_add(u32::try_from(r.resolved.len()).unwrap_or(u32::MAX)),
        None => last_row,
    };
    ws.set_print_area(0, 0, last_printed_row, LAST_PRINTED)?;
    let choices = words::dispositions(lang);
    let validation = DataValidation::new()
        .allow_list_strings(&choices)?
        .ignore_blank(true);
    ws.add_data_validation(1, col::DISPOSITION, last_row, col::DISPOSITION, &validation)?;
    Ok(())
}

/// `figure` without the commas that group its digits by thousands (`5,212.80` → `5212.80`);
/// anything else as it is.
fn ungrouped(figure: &str) -> std::borrow::Cow<'_, str> {
    let bytes = figure.as_bytes();
    let grouping = |i: usize| {
        bytes.get(i) == Some(&b',')
            && i > 0
            && bytes.get(i - 1).is_some_and(u8::is_ascii_digit)
            && bytes
                .get(i + 1..i + 4)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit))
    };
    if !(0..bytes.len()).any(grouping) {
        return std::borrow::Cow::Borrowed(figure);
    }
    let kept: String = figure
        .char_indices()
        .filter(|(i, _)| !grouping(*i))
        .map(|(_, c)| c)
        .collect();
    std::borrow::Cow::Owned(kept)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_commas_that_group_thousands_go() {
        assert_eq!(ungrouped("5,212.80"), "5212.80");
        assert_eq!(ungrouped("-1,234,567"), "-1234567");
        assert_eq!(ungrouped("5212.80"), "5212.80");
        // Not a grouping: a list, a decimal comma, a short group.
        assert_eq!(ungrouped("1,2"), "1,2");
        assert_eq!(ungrouped("a, b"), "a, b");
        assert_eq!(ungrouped("12,34"), "12,34");
    }

    #[test]
    fn the_printed_columns_share_the_print_width_whatever_their_content() {
        for content in [0, 8, 40, 200, 5_000] {
            let widths = column_widths(&[content; 17]);
            let printed: f64 = widths[..=usize::from(LAST_PRINTED)].iter().sum();
            assert!(printed <= PRINT_WIDTH as f64, "{content}: {printed}");
            assert!(widths.iter().all(|w| *w >= MIN_WIDTH as f64), "{widths:?}");
        }
        // Short texts keep their own width; long ones wrap at what is left.
        let mut content = [8; 17];
        content[usize::from(col::MESSAGE)] = 300;
        let widths = column_widths(&content);
        assert_eq!(widths[usize::from(col::RULE)], 10.0);
        assert_eq!(widths[usize::from(col::PUBLISHED)], 10.0);
        assert_eq!(widths[usize::from(col::MESSAGE)], 16.0, "{widths:?}");
    }
}
