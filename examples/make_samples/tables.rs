//! What the budget and final-account samples share: exact figures printed the way finance
//! bureaus print them, tables with merged header cells, planted errors, and the page around them.
//!
//! The figures are computed with rust_decimal from the leaf amounts in each sample's data, so
//! every total of the clean samples holds exactly; a planted error replaces the printed text of
//! one cell (or one phrase of a paragraph) afterwards.

use std::error::Error;
use std::fmt::Write as _;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::writer::{
    AnnotationIds, DECLARATION, DOCUMENT_OPEN, Paragraph, RSID, RunStyle, borders, package,
};

/// How the text of a column sits in its cells.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Names and codes.
    Left,
    /// Serial numbers and header cells.
    Centre,
    /// Figures.
    Right,
}

/// How a header cell takes part in a vertical merge (`w:vMerge`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Merge {
    /// A cell of its own.
    No,
    /// The top of a vertically merged range.
    Restart,
    /// Covered by the cell above.
    Continue,
}

/// A header cell: its text, how many grid columns it spans and how it merges vertically.
pub struct HeaderCell {
    /// The text; `\n` separates paragraphs.
    pub text: &'static str,
    /// Grid columns spanned (`w:gridSpan`).
    pub span: usize,
    /// Vertical merge.
    pub merge: Merge,
}

/// A header cell of one column that is not merged.
pub const fn head(text: &'static str) -> HeaderCell {
    HeaderCell {
        text,
        span: 1,
        merge: Merge::No,
    }
}

/// A header cell of one column merged with the cells below it.
pub const fn head_down(text: &'static str) -> HeaderCell {
    HeaderCell {
        text,
        span: 1,
        merge: Merge::Restart,
    }
}

/// A header cell spanning `span` columns.
pub const fn head_across(text: &'static str, span: usize) -> HeaderCell {
    HeaderCell {
        text,
        span,
        merge: Merge::No,
    }
}

/// The continuation of a `head_down` cell in the next header row.
pub const CONTINUED: HeaderCell = HeaderCell {
    text: "",
    span: 1,
    merge: Merge::Continue,
};

/// A body cell: its printed text and the grid columns it spans.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyCell {
    /// The printed text ("" for a blank cell).
    pub text: String,
    /// Grid columns spanned.
    pub span: usize,
}

/// A body row: its cells from grid column 0 and whether it is a total row (set in bold).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BodyRow {
    /// The cells.
    pub cells: Vec<BodyCell>,
    /// Set in bold, as 合计 rows are.
    pub bold: bool,
}

impl BodyRow {
    /// A row of one-column cells.
    pub fn plain(texts: Vec<String>) -> Self {
        BodyRow {
            cells: texts
                .into_iter()
                .map(|text| BodyCell { text, span: 1 })
                .collect(),
            bold: false,
        }
    }

    /// The row set in bold.
    pub fn bold(mut self) -> Self {
        self.bold = true;
        self
    }

    /// The cell starting at grid column `column`, if a cell starts there.
    pub fn cell_at(&mut self, column: usize) -> Option<&mut BodyCell> {
        let mut start = 0;
        for cell in &mut self.cells {
            if start == column {
                return Some(cell);
            }
            start += cell.span;
        }
        None
    }
}

/// A table as it will be written: the column grid, the header rows and the body rows.
pub struct TableSpec {
    /// Width of each grid column in twips.
    pub grid: Vec<u32>,
    /// Alignment of each grid column's body cells.
    pub align: Vec<Align>,
    /// The header rows (repeated on each page).
    pub header: Vec<Vec<HeaderCell>>,
    /// The body rows.
    pub rows: Vec<BodyRow>,
    /// Kept on one page: every paragraph but those of the last row is `w:keepNext`, as Word
    /// keeps a short table together.
    pub keep_together: bool,
}

/// One cell changed by a planted error.
pub struct CellEdit {
    /// The error's id in `samples/README.md`.
    pub id: &'static str,
    /// 1-based table number in the document.
    pub table: usize,
    /// 1-based body row (header rows not counted).
    pub row: usize,
    /// 0-based grid column where the cell starts.
    pub column: usize,
    /// The text printed instead of the correct figure ("" leaves the cell blank).
    pub text: &'static str,
}

/// One phrase of the text changed by a planted error.
pub struct TextEdit {
    /// The error's id in `samples/README.md`.
    pub id: &'static str,
    /// The phrase as the clean sample prints it; it occurs exactly once in the document.
    pub published: &'static str,
    /// The phrase printed instead.
    pub planted: &'static str,
}

/// A cell edit (a `const fn` so that the planted lists are constants).
pub const fn cell_edit(
    id: &'static str,
    table: usize,
    row: usize,
    column: usize,
    text: &'static str,
) -> CellEdit {
    CellEdit {
        id,
        table,
        row,
        column,
        text,
    }
}

/// Applies the edits of table `table` to its rows.
pub fn apply_edits(
    table: usize,
    spec: &mut TableSpec,
    edits: &[CellEdit],
) -> Result<(), Box<dyn Error>> {
    for edit in edits.iter().filter(|e| e.table == table) {
        let cell = edit
            .row
            .checked_sub(1)
            .and_then(|row| spec.rows.get_mut(row))
            .and_then(|row| row.cell_at(edit.column))
            .ok_or_else(|| {
                format!(
                    "{}: no cell starts at table {table}, row {}, column {}",
                    edit.id, edit.row, edit.column
                )
            })?;
        cell.text = edit.text.to_owned();
    }
    Ok(())
}

/// Applies the text edits to a paragraph's text.
pub fn apply_text_edits(text: &str, edits: &[TextEdit]) -> String {
    edits.iter().fold(text.to_owned(), |text, edit| {
        text.replacen(edit.published, edit.planted, 1)
    })
}

/// An amount in 万元 with two decimals, as printed: `1234.50`, or `1,234.50` with thousands
/// separators; negative amounts with an ASCII minus sign.
pub fn amount(value: Decimal, thousands: bool) -> String {
    let fixed = format!(
        "{:.2}",
        value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    );
    if !thousands {
        return fixed;
    }
    let (sign, unsigned) = match fixed.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", fixed.as_str()),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "00"));
    let mut grouped = String::new();
    for (index, digit) in whole.chars().enumerate() {
        if index > 0 && (whole.len() - index) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}{grouped}.{fraction}")
}

/// An amount printed blank when it is zero ("none"), as budget tables leave empty cells.
pub fn amount_or_blank(value: Decimal, thousands: bool) -> String {
    if value.is_zero() {
        String::new()
    } else {
        amount(value, thousands)
    }
}

/// The rate of change in per cent, `change ÷ base × 100`, rounded half away from zero to two
/// decimals; `—` when the base is zero (no rate can be given).
pub fn rate(change: Decimal, base: Decimal) -> String {
    if base.is_zero() {
        return "—".to_owned();
    }
    let percent = change * Decimal::ONE_HUNDRED / base;
    format!(
        "{:.2}",
        percent.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
    )
}

/// A figure from the sample data (always a valid literal).
pub fn figure(text: &str) -> Decimal {
    text.parse()
        .unwrap_or_else(|_| panic!("sample data holds a malformed figure {text:?}"))
}

/// Appends a table to `body`.
pub fn write_table(
    body: &mut String,
    ids: &mut AnnotationIds,
    spec: &TableSpec,
    header_style: &RunStyle,
    cell_style: &RunStyle,
    bold_cell_style: &RunStyle,
) {
    let width: u32 = spec.grid.iter().sum();
    let _ = write!(
        body,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"a3\"/><w:tblW w:w=\"{width}\" w:type=\"dxa\"/>\
         <w:jc w:val=\"center\"/><w:tblBorders>{}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" \
         w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        borders()
    );
    for width in &spec.grid {
        let _ = write!(body, "<w:gridCol w:w=\"{width}\"/>");
    }
    body.push_str("</w:tblGrid>");

    for header in &spec.header {
        let _ = write!(
            body,
            "<w:tr w:rsidR=\"{RSID}\" w:rsidTr=\"{RSID}\"><w:trPr><w:cantSplit/><w:tblHeader/>\
             <w:jc w:val=\"center\"/></w:trPr>"
        );
        let mut column = 0;
        for cell in header {
            let paragraphs = cell
                .text
                .split('\n')
                .map(|text| {
                    let paragraph = Paragraph::new(header_style).centred().text(text);
                    if spec.keep_together {
                        paragraph.keep_with_next()
                    } else {
                        paragraph
                    }
                })
                .collect();
            let width = spec.grid[column..column + cell.span].iter().sum();
            write_cell(body, ids, width, cell.span, cell.merge, paragraphs);
            column += cell.span;
        }
        body.push_str("</w:tr>");
    }

    for (index, row) in spec.rows.iter().enumerate() {
        let keep_with_next = spec.keep_together && index + 1 < spec.rows.len();
        let _ = write!(
            body,
            "<w:tr w:rsidR=\"{RSID}\" w:rsidTr=\"{RSID}\"><w:trPr><w:cantSplit/>\
             <w:trHeight w:val=\"397\"/><w:jc w:val=\"center\"/></w:trPr>"
        );
        let style = if row.bold {
            bold_cell_style
        } else {
            cell_style
        };
        let mut column = 0;
        for cell in &row.cells {
            let align = if cell.span > 1 {
                Align::Centre
            } else {
                spec.align[column]
            };
            let paragraph = Paragraph::new(style);
            let paragraph = match align {
                Align::Left => paragraph,
                Align::Centre => paragraph.centred(),
                Align::Right => paragraph.right_aligned(),
            };
            let paragraph = if keep_with_next {
                paragraph.keep_with_next()
            } else {
                paragraph
            };
            let paragraph = if cell.text.is_empty() {
                paragraph
            } else {
                paragraph.text(&cell.text)
            };
            let width = spec.grid[column..column + cell.span].iter().sum();
            write_cell(body, ids, width, cell.span, Merge::No, vec![paragraph]);
            column += cell.span;
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
}

/// A `w:tc` of `width` twips over `span` grid columns, centred vertically.
fn write_cell(
    body: &mut String,
    ids: &mut AnnotationIds,
    width: u32,
    span: usize,
    merge: Merge,
    paragraphs: Vec<Paragraph>,
) {
    let _ = write!(
        body,
        "<w:tc><w:tcPr><w:tcW w:w=\"{width}\" w:type=\"dxa\"/>"
    );
    if span > 1 {
        let _ = write!(body, "<w:gridSpan w:val=\"{span}\"/>");
    }
    match merge {
        Merge::No => {}
        Merge::Restart => body.push_str("<w:vMerge w:val=\"restart\"/>"),
        Merge::Continue => body.push_str("<w:vMerge/>"),
    }
    body.push_str("<w:vAlign w:val=\"center\"/></w:tcPr>");
    if merge == Merge::Continue {
        // Word writes an empty paragraph in a covered cell.
        body.push_str(&format!(
            "<w:p w:rsidR=\"{RSID}\" w:rsidRDefault=\"{RSID}\"/>"
        ));
    } else {
        for paragraph in paragraphs {
            paragraph.write(body, ids);
        }
    }
    body.push_str("</w:tc>");
}

/// The page of a sample: size, orientation and margins in twips.
pub struct Page {
    /// Width (`w:pgSz w:w`).
    pub width: u32,
    /// Height (`w:pgSz w:h`).
    pub height: u32,
    /// Landscape (`w:orient="landscape"`).
    pub landscape: bool,
    /// Top and bottom margins.
    pub margin_top_bottom: u32,
    /// Left and right margins.
    pub margin_left_right: u32,
}

impl Page {
    /// The text width: the page less the left and right margins.
    pub const fn text_width(&self) -> u32 {
        self.width - 2 * self.margin_left_right
    }
}

/// `word/document.xml` around a body already written.
pub fn document_xml(body: &str, page: &Page) -> String {
    let Page {
        width,
        height,
        landscape,
        margin_top_bottom,
        margin_left_right,
    } = page;
    let orient = if *landscape {
        " w:orient=\"landscape\""
    } else {
        ""
    };
    let mut xml = String::from(DECLARATION);
    xml.push_str(DOCUMENT_OPEN);
    xml.push_str("<w:body>");
    xml.push_str(body);
    let _ = write!(
        xml,
        "<w:sectPr w:rsidR=\"{RSID}\"><w:pgSz w:w=\"{width}\" w:h=\"{height}\"{orient}/>\
         <w:pgMar w:top=\"{margin_top_bottom}\" w:right=\"{margin_left_right}\" \
         w:bottom=\"{margin_top_bottom}\" w:left=\"{margin_left_right}\" w:header=\"851\" \
         w:footer=\"992\" w:gutter=\"0\"/><w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" \
         w:linePitch=\"312\"/></w:sectPr>"
    );
    xml.push_str("</w:body></w:document>");
    xml
}

/// The package of a sample: `document` with fixed document properties (created and modified
/// at the given W3CDTF instants, `pages` pages), so that regenerating gives the same bytes.
pub fn sample_package(
    document: String,
    created: &str,
    modified: &str,
    pages: u32,
) -> Result<Vec<u8>, Box<dyn Error>> {
    let core = format!(
        "{DECLARATION}<cp:coreProperties \
         xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:creator>Administrator</dc:creator><cp:lastModifiedBy>Administrator</cp:lastModifiedBy>\
         <cp:revision>2</cp:revision>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{modified}</dcterms:modified>\
         </cp:coreProperties>"
    );
    let app = format!(
        "{DECLARATION}<Properties \
         xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
         xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
         <Template>Normal.dotm</Template><TotalTime>0</TotalTime><Pages>{pages}</Pages>\
         <Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>\
         <ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
         <HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>"
    );
    package(document, &core, &app)
}

/// A 项 (the lowest level of the functional classification) with its figures; "" is none.
pub struct Item {
    /// The seven-digit code, e.g. `2010101`.
    pub code: &'static str,
    /// The subject's name, e.g. `行政运行`.
    pub name: &'static str,
    /// The figures, in the order of the table's figure columns that are typed in.
    pub figures: &'static [&'static str],
}

/// A row of a classification table: a 类 (3 digits), 款 (5) or 项 (7) with its figures, those
/// of a 类 or 款 being the sums of the level below.
pub struct Subject {
    /// The code.
    pub code: &'static str,
    /// The name.
    pub name: &'static str,
    /// The figures.
    pub figures: Vec<Decimal>,
}

/// The 类, 款 and 项 rows in printed order (each 类 followed by its 款, each 款 by its 项),
/// parents summed from their 项; `names` gives the names of the 类 and 款.
pub fn subjects(names: &[(&'static str, &'static str)], items: &[Item]) -> Vec<Subject> {
    let name_of = |code: &str| {
        names
            .iter()
            .find(|(c, _)| *c == code)
            .map(|(_, name)| *name)
            .unwrap_or_else(|| panic!("sample data names no subject {code}"))
    };
    let sum = |prefix: &str| {
        let width = items.first().map_or(0, |i| i.figures.len());
        let mut sums = vec![Decimal::ZERO; width];
        for item in items.iter().filter(|i| i.code.starts_with(prefix)) {
            for (total, text) in sums.iter_mut().zip(item.figures) {
                if !text.is_empty() {
                    *total += figure(text);
                }
            }
        }
        sums
    };
    let mut rows: Vec<Subject> = Vec::new();
    for item in items {
        for prefix in [&item.code[..3], &item.code[..5]] {
            if !rows.iter().any(|r| r.code == prefix) {
                rows.push(Subject {
                    code: prefix,
                    name: name_of(prefix),
                    figures: sum(prefix),
                });
            }
        }
        rows.push(Subject {
            code: item.code,
            name: item.name,
            figures: sum(item.code),
        });
    }
    rows
}

/// The 合计 of classification rows: the sum of the 类 rows.
pub fn grand_total(subjects: &[Subject]) -> Vec<Decimal> {
    let width = subjects.first().map_or(0, |s| s.figures.len());
    let mut total = vec![Decimal::ZERO; width];
    for class in subjects.iter().filter(|s| s.code.len() == 3) {
        for (sum, value) in total.iter_mut().zip(&class.figures) {
            *sum += value;
        }
    }
    total
}

/// The rows of a “三公” table: name, 预算数, 决算数. The 合计 is 1 + 2 + 3; the `其中` items
/// under 3 are never added again.
pub struct OfficialSpending {
    /// 1.因公出国（境）费: 预算数, 决算数.
    pub travel_abroad: (&'static str, &'static str),
    /// 2.公务接待费.
    pub reception: (&'static str, &'static str),
    /// 其中：（1）公务用车购置费.
    pub vehicle_purchase: (&'static str, &'static str),
    /// （2）公务用车运行费.
    pub vehicle_running: (&'static str, &'static str),
}

/// The column grid, header and body rows of a “三公” table; `thousands` prints separators.
pub fn official_spending_table(
    data: &OfficialSpending,
    grid: Vec<u32>,
    thousands: bool,
) -> TableSpec {
    let pair = |(budget, actual): (&str, &str)| (figure(budget), figure(actual));
    let travel = pair(data.travel_abroad);
    let reception = pair(data.reception);
    let purchase = pair(data.vehicle_purchase);
    let running = pair(data.vehicle_running);
    let vehicles = (purchase.0 + running.0, purchase.1 + running.1);
    let total = (
        travel.0 + reception.0 + vehicles.0,
        travel.1 + reception.1 + vehicles.1,
    );
    let row = |name: &str, (budget, actual): (Decimal, Decimal)| {
        let change = actual - budget;
        BodyRow::plain(vec![
            name.to_owned(),
            amount(budget, thousands),
            amount(actual, thousands),
            amount(change, thousands),
            rate(change, budget),
        ])
    };
    TableSpec {
        grid,
        align: vec![
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        header: vec![vec![
            head("项目"),
            head("预算数"),
            head("决算数"),
            head("增减额"),
            head("增减率（%）"),
        ]],
        rows: vec![
            row("合计", total).bold(),
            row("1.因公出国（境）费", travel),
            row("2.公务接待费", reception),
            row("3.公务用车购置及运行费", vehicles),
            row("其中：（1）公务用车购置费", purchase),
            row("（2）公务用车运行费", running),
        ],
        keep_together: true,
    }
}
