//! The discrepancy sheet: one row per finding in the report's order (most severe first), each
//! linked to its table sheet and to the cell in question, with two columns for reviewers.
//!
//! ```text
//! severity check table row name column cell published expected difference rule explanation message │ disposition comment
//! ```

use rust_xlsxwriter::{DataValidation, Url, Worksheet, XlsxError};

use super::style::{Look, Styles};
use super::text::{self, cell_text};
use super::words;
use super::{count, number_value};
use crate::annex::{Value, parse_value};
use crate::audit::{Finding, Lang};
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
}

/// Excel keeps at most this many hyperlinks on a worksheet; beyond them links become text.
const MAX_LINKS: usize = 65_530;

/// Widest column, in characters, before the text wraps.
fn max_width(column: u16) -> usize {
    match column {
        col::RULE | col::EXPLANATION => 30,
        col::MESSAGE => 40,
        col::NAME | col::TABLE => 20,
        col::COLUMN => 16,
        col::CELL => 30,
        _ => 14,
    }
}

/// A figure of a finding: a number with its own decimals when it reads as one, else text.
fn write_figure(
    ws: &mut Worksheet,
    styles: &mut Styles,
    (row, col): (u32, u16),
    figure: Option<&str>,
) -> Result<usize, XlsxError> {
    let Some(figure) = figure else {
        return Ok(0);
    };
    let number = match parse_value(figure, &[]) {
        Value::Number(n) => number_value(&n).map(|v| (v, n.decimals)),
        _ => None,
    };
    match number {
        Some((v, decimals)) => {
            ws.write_number_with_format(row, col, v, styles.get(Look::PlainNumber(decimals), None))?
        }
        None => {
            ws.write_string_with_format(row, col, cell_text(figure), styles.get(Look::Plain, None))?
        }
    };
    Ok(text::width(figure))
}

/// Writes the discrepancy sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    styles: &mut Styles,
    findings: &[Finding],
    lang: Lang,
    layout: &Layout,
) -> Result<(), XlsxError> {
    let headings = words::discrepancy_columns(lang);
    let mut widths: Vec<usize> = headings.iter().map(|h| text::width(h)).collect();
    for (c, heading) in (0u16..).zip(headings.iter()) {
        ws.write_string_with_format(0, c, *heading, styles.get(Look::Heading, None))?;
    }
    let last_col = col::COMMENT;
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
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
        for (c, w) in (0u16..).zip(&widths) {
            ws.set_column_width(c, text::column_width(*w, 8, max_width(c)))?;
        }
        return Ok(());
    }

    let mut links = 0usize;
    for (row, f) in (1u32..).zip(findings) {
        write_finding(ws, styles, layout, (row, f), &mut links, &mut widths, lang)?;
    }
    let last_row = u32::try_from(findings.len()).unwrap_or(u32::MAX);
    let column_widths: Vec<f64> = (0u16..)
        .zip(&widths)
        .map(|(c, w)| text::column_width(*w, 8, max_width(c)))
        .collect();
    for (c, w) in (0u16..).zip(&column_widths) {
        ws.set_column_width(c, *w)?;
    }
    // Row heights for the wrapped texts (LibreOffice does not fit them on import): the
    // tallest cell of each row decides.
    for (row, f) in (1u32..).zip(findings) {
        let lines = [
            (col::NAME, f.name.as_deref()),
            (col::COLUMN, f.column.as_deref()),
            (col::RULE, f.rule.as_deref()),
            (col::EXPLANATION, f.explanation.as_deref()),
            (col::MESSAGE, Some(f.message.as_str())),
        ]
        .iter()
        .filter_map(|(c, t)| {
            let width = column_widths.get(usize::from(*c))?;
            Some(text::lines(
                t.as_deref()?,
                (*width as usize).saturating_sub(1),
            ))
        })
        .max()
        .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(row, text::row_height(lines))?;
        }
    }

    ws.autofilter(0, 0, last_row, last_col)?;
    let choices = words::dispositions(lang);
    let validation = DataValidation::new()
        .allow_list_strings(&choices)?
        .ignore_blank(true);
    ws.add_data_validation(1, col::DISPOSITION, last_row, col::DISPOSITION, &validation)?;
    Ok(())
}

fn write_finding(
    ws: &mut Worksheet,
    styles: &mut Styles,
    layout: &Layout,
    (row, f): (u32, &Finding),
    links: &mut usize,
    widths: &mut [usize],
    lang: Lang,
) -> Result<(), XlsxError> {
    let mut widen = |c: u16, w: usize| {
        if let Some(slot) = widths.get_mut(usize::from(c)) {
            *slot = (*slot).max(w);
        }
    };
    let severity = words::severity(f.severity, lang);
    ws.write_string_with_format(
        row,
        col::SEVERITY,
        severity,
        styles.get(Look::Plain, Some(f.severity)),
    )?;
    widen(col::SEVERITY, text::width(severity));
    ws.write_string_with_format(
        row,
        col::CHECK,
        f.check.as_str(),
        styles.get(Look::Plain, None),
    )?;
    widen(col::CHECK, f.check.as_str().len());

    match layout.sheet(f.table) {
        Some(sheet) if *links < MAX_LINKS => {
            let url = Url::new(format!("internal:{}!A1", quote_sheet(sheet))).set_text(sheet);
            ws.write_url_with_format(row, col::TABLE, url, styles.get(Look::Link, None))?;
            *links += 1;
            widen(col::TABLE, text::width(sheet));
        }
        Some(sheet) => {
            ws.write_string_with_format(row, col::TABLE, sheet, styles.get(Look::Plain, None))?;
            widen(col::TABLE, text::width(sheet));
        }
        None => {
            ws.write_number_with_format(
                row,
                col::TABLE,
                count(f.table),
                styles.get(Look::PlainNumber(0), None),
            )?;
        }
    }
    if let Some(r) = f.row {
        ws.write_number_with_format(
            row,
            col::ROW,
            count(r),
            styles.get(Look::PlainNumber(0), None),
        )?;
    }
    for (c, t) in [(col::NAME, &f.name), (col::COLUMN, &f.column)] {
        if let Some(t) = t {
            ws.write_string_with_format(row, c, cell_text(t), styles.get(Look::Plain, None))?;
            widen(c, text::width(t));
        }
    }
    if let Some(cell) = layout.finding_cell(f) {
        if *links < MAX_LINKS {
            let url = Url::new(format!("internal:{cell}")).set_text(cell.as_str());
            ws.write_url_with_format(row, col::CELL, url, styles.get(Look::Link, None))?;
            *links += 1;
        } else {
            ws.write_string_with_format(row, col::CELL, &cell, styles.get(Look::Plain, None))?;
        }
        widen(col::CELL, text::width(&cell));
    }
    for (c, figure) in [
        (col::PUBLISHED, f.published.as_deref()),
        (col::EXPECTED, f.expected.as_deref()),
        (col::DIFFERENCE, f.delta.as_deref()),
    ] {
        let w = write_figure(ws, styles, (row, c), figure)?;
        widen(c, w);
    }
    for (c, t) in [
        (col::RULE, f.rule.as_deref()),
        (col::EXPLANATION, f.explanation.as_deref()),
        (col::MESSAGE, Some(f.message.as_str())),
    ] {
        if let Some(t) = t {
            ws.write_string_with_format(row, c, cell_text(t), styles.get(Look::Plain, None))?;
            widen(c, text::width(t));
        }
    }
    Ok(())
}
