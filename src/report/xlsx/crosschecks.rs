//! The 文表核对 / `Text vs tables` sheet: every figure compared across the document — each
//! equality between two tables and each figure the text quotes — with where it is, the figure,
//! the rule, the cells it was compared with (links to their table sheets), the expected value
//! and whether it agrees. Written only when the document has something of the kind, printed
//! landscape one page wide like the 差异 sheet.

use rust_xlsxwriter::{Url, Worksheet, XlsxError};

use super::style::{Look, Styles};
use super::text::{self, cell_text};
use crate::annex::structure::RelationResult;
use crate::annex::structure::cross::{
    CrossKind, CrossTarget, DocumentChecks, TableCell, TextQuote,
};
use crate::audit::exact::fixed;
use crate::audit::{Lang, Location, Severity};
use crate::report::Layout;

/// The sheet's name in `lang`.
pub(super) fn sheet_name(lang: Lang) -> &'static str {
    lang.pick("文表核对", "Text vs tables")
}

/// Whether the document has anything for the sheet.
pub(super) fn wanted(document: &DocumentChecks) -> bool {
    !document.relations.is_empty() || !document.unmatched_figures.is_empty()
}

/// Columns, in order.
const KIND: u16 = 0;
const WHERE: u16 = 1;
const FIGURE: u16 = 2;
const RULE: u16 = 3;
const FIRST_CELL: u16 = 4;
const SECOND_CELL: u16 = 5;
const EXPECTED: u16 = 6;
const STATUS: u16 = 7;

/// Widest column, in characters (the printed columns add up to about the 差异 sheet's width).
const WIDTHS: [usize; 8] = [10, 30, 12, 30, 22, 22, 10, 8];

/// One cell of a row: text (marked with a severity's colour) or a link inside the workbook.
enum Content {
    Text(String, Option<Severity>),
    Link(String, String),
}

fn kind_words(kind: CrossKind, lang: Lang) -> &'static str {
    match kind {
        CrossKind::TableEquality => lang.pick("表间相等", "between tables"),
        CrossKind::TextEqual => lang.pick("文中数额", "amount in the text"),
        CrossKind::TextShare => lang.pick("文中占比", "share in the text"),
        CrossKind::TextChange => lang.pick("文中增减额", "change in the text"),
        CrossKind::TextRate => lang.pick("文中增减率", "rate in the text"),
    }
}

fn paragraph_words(quote: &TextQuote, lang: Lang) -> String {
    let n = quote.paragraph + 1;
    match lang {
        Lang::Zh => format!("第{n}段：{}", quote.opening),
        Lang::En => format!("paragraph {n}: {}", quote.opening),
    }
}

/// A table cell as a link to its sheet (`'附表2 支出决算表'!D4`), showing the sheet, the row's
/// name, the column and the figure; text when the table has no sheet.
fn cell_content(cell: &TableCell, layout: &Layout) -> Content {
    let location = Location {
        table_row: cell.table_row,
        column: cell.column,
    };
    let what = format!(
        "{} {} {}",
        cell.row_label, cell.column_label, cell.published
    );
    match layout.cell(cell.table, location) {
        Some(reference) => Content::Link(
            format!("internal:{reference}"),
            format!("{reference} {what}"),
        ),
        None => Content::Text(what, None),
    }
}

/// The rows of the sheet, one per relation then one per figure left unchecked.
fn rows(document: &DocumentChecks, layout: &Layout, lang: Lang) -> Vec<Vec<(u16, Content)>> {
    let zh = lang == Lang::Zh;
    let mut out = Vec::new();
    for r in &document.relations {
        let mut row = vec![(KIND, Content::Text(kind_words(r.kind, lang).into(), None))];
        match &r.target {
            CrossTarget::Cell(cell) => {
                row.push((WHERE, cell_content(cell, layout)));
                row.push((FIGURE, Content::Text(cell.published.clone(), None)));
            }
            CrossTarget::Text(quote) => {
                row.push((WHERE, Content::Text(paragraph_words(quote, lang), None)));
                row.push((FIGURE, Content::Text(quote.quoted.clone(), None)));
            }
        }
        row.push((RULE, Content::Text(r.rule.pick(zh).to_string(), None)));
        for (column, operand) in [FIRST_CELL, SECOND_CELL].into_iter().zip(&r.operands) {
            row.push((column, cell_content(&operand.cell, layout)));
        }
        let (expected, status, mark) = match &r.result {
            RelationResult::Consistent => (None, lang.pick("一致", "consistent"), None),
            RelationResult::NotCheckable { .. } => (None, lang.pick("未核对", "not checked"), None),
            RelationResult::Inconsistent { expected, .. }
            | RelationResult::Omitted { expected } => (
                Some(fixed(*expected, r.rounding)),
                lang.pick("不一致", "inconsistent"),
                Some(Severity::Error),
            ),
            RelationResult::Exceeds { .. } => (
                None,
                lang.pick("不一致", "inconsistent"),
                Some(Severity::Error),
            ),
        };
        if let Some(expected) = expected {
            row.push((EXPECTED, Content::Text(expected, None)));
        }
        row.push((STATUS, Content::Text(status.into(), mark)));
        out.push(row);
    }
    for u in &document.unmatched_figures {
        out.push(vec![
            (
                KIND,
                Content::Text(lang.pick("文中数字", "figure in the text").into(), None),
            ),
            (WHERE, Content::Text(paragraph_words(&u.quote, lang), None)),
            (FIGURE, Content::Text(u.quote.quoted.clone(), None)),
            (RULE, Content::Text(u.reason.pick(zh).to_string(), None)),
            (
                STATUS,
                Content::Text(lang.pick("未核对", "not checked").into(), None),
            ),
        ]);
    }
    out
}

/// Writes the sheet.
pub(super) fn write(
    ws: &mut Worksheet,
    styles: &mut Styles,
    document: &DocumentChecks,
    lang: Lang,
    layout: &Layout,
) -> Result<(), XlsxError> {
    let headings = match lang {
        Lang::Zh => [
            "类型",
            "位置",
            "数字",
            "规则",
            "核对单元格",
            "核对单元格",
            "应为",
            "状态",
        ],
        Lang::En => [
            "Kind", "Where", "Figure", "Rule", "Cell", "Cell", "Expected", "Status",
        ],
    };
    let rows = rows(document, layout, lang);
    let mut widths: Vec<usize> = headings.iter().map(|h| text::width(h)).collect();
    for row in &rows {
        for (c, content) in row {
            let shown = match content {
                Content::Text(t, _) | Content::Link(_, t) => t,
            };
            if let Some(w) = widths.get_mut(usize::from(*c)) {
                *w = (*w).max(text::width(shown));
            }
        }
    }
    let column_widths: Vec<f64> = widths
        .iter()
        .zip(WIDTHS)
        .map(|(w, max)| text::column_width(*w, 6, max))
        .collect();
    for (c, w) in (0u16..).zip(&column_widths) {
        ws.set_column_width(c, *w)?;
    }
    for (c, heading) in (0u16..).zip(headings) {
        ws.write_string_with_format(0, c, heading, styles.get(Look::Heading, None))?;
    }
    ws.set_freeze_panes(1, 0)?;
    ws.set_landscape();
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    ws.set_repeat_rows(0, 0)?;
    ws.set_footer("&C&P / &N");
    for (r, row) in (1u32..).zip(&rows) {
        let lines = row
            .iter()
            .filter_map(|(c, content)| {
                let shown = match content {
                    Content::Text(t, _) | Content::Link(_, t) => t,
                };
                let width = column_widths.get(usize::from(*c))?;
                Some(text::lines(shown, (*width as usize).saturating_sub(2)))
            })
            .max()
            .unwrap_or(1);
        if lines > 1 {
            ws.set_row_height(r, text::row_height(lines))?;
        }
        for (c, content) in row {
            match content {
                Content::Text(t, mark) => {
                    ws.write_string_with_format(
                        r,
                        *c,
                        cell_text(t),
                        styles.get(Look::Plain, *mark),
                    )?;
                }
                Content::Link(target, t) => {
                    let url = Url::new(target.as_str()).set_text(t.as_str());
                    ws.write_url_with_format(r, *c, url, styles.get(Look::WrapLink, None))?;
                }
            }
        }
    }
    let last_row = u32::try_from(rows.len()).unwrap_or(u32::MAX);
    ws.autofilter(0, 0, last_row, STATUS)?;
    ws.set_print_area(0, 0, last_row, STATUS)?;
    Ok(())
}
