//! What the reader produces: tables as true grids, with their context.
//!
//! The types are plain data, serialisable for `annex-audit tables --json`.

use serde::Serialize;

/// Where a table sits in the package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Container {
    /// The main document body (audited).
    Body,
    /// A text box (`w:txbxContent`) anywhere in the body (listed, not audited by default).
    TextBox,
    /// A header part.
    Header,
    /// A footer part.
    Footer,
    /// The footnotes part.
    Footnotes,
    /// The endnotes part.
    Endnotes,
    /// The comments part.
    Comments,
}

impl Container {
    /// The short name used in listings and JSON (`"body"`, `"header"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            Container::Body => "body",
            Container::TextBox => "textbox",
            Container::Header => "header",
            Container::Footer => "footer",
            Container::Footnotes => "footnotes",
            Container::Endnotes => "endnotes",
            Container::Comments => "comments",
        }
    }
}

/// How a cell takes part in a vertical merge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum VMerge {
    /// Not vertically merged.
    #[default]
    None,
    /// `w:vMerge w:val="restart"`: the top cell of a merged range.
    Restart,
    /// `w:vMerge` (bare or `continue`): covered by the cell above; usually empty.
    Continue,
}

/// A tracked change inside a cell, left unaccepted in the document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Revision {
    /// The cell's text as it was before the tracked changes (deletions kept, insertions dropped).
    pub original: String,
    /// Kinds seen in the cell: "ins", "del", "moveFrom", "moveTo", "rPrChange", …
    pub kinds: Vec<String>,
}

/// One `w:tc` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cell {
    /// The accepted reading of the cell: its paragraphs joined with `\n`, the text of nested
    /// tables excluded, hidden text excluded, automatic numbering labels included.
    pub text: String,
    /// 0-based grid column where the cell starts (after `w:gridBefore`).
    pub grid_col: usize,
    /// Number of grid columns covered (`w:gridSpan`, or legacy `w:hMerge` folded in).
    pub col_span: usize,
    /// Number of rows covered: > 1 for a `Restart` cell followed by continuations, 1 otherwise
    /// (also 1 for a continuation cell itself).
    pub row_span: usize,
    /// Vertical merge role.
    pub v_merge: VMerge,
    /// The automatic numbering label Word displays in this cell ("1", "2.", "一、"), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub numbering: Option<String>,
    /// Unaccepted tracked changes in this cell.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub revision: Option<Revision>,
    /// Hidden text (`w:vanish`) found in the cell and kept out of `text`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hidden: Option<String>,
    /// Bookmarks that start inside the cell.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub bookmarks: Vec<String>,
    /// Field instructions seen in the cell (`w:instrText`, `w:fldSimple/@w:instr`), trimmed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// True when the cell (or content inside it) is wrapped in a content control (`w:sdt`).
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub content_control: bool,
    /// Numbers of the tables nested in this cell.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub nested_tables: Vec<usize>,
}

/// One `w:tr` element.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Row {
    /// The cells in document order, one per `w:tc` (a legacy `w:hMerge` continuation is folded
    /// into the cell it continues, which widens its `col_span`).
    pub cells: Vec<Cell>,
    /// `w:tblHeader`: the row repeats at the top of each page.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub header: bool,
    /// `w:gridBefore`: grid columns skipped before the first cell.
    #[serde(skip_serializing_if = "is_zero")]
    pub grid_before: usize,
    /// `w:gridAfter`: grid columns left empty after the last cell.
    #[serde(skip_serializing_if = "is_zero")]
    pub grid_after: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Something about a table's structure that the reader had to report rather than fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Anomaly {
    /// 0-based row index, if the anomaly concerns one row.
    pub row: Option<usize>,
    /// What is wrong, in English.
    pub message: String,
}

/// Where a nested table sits: the cell of its parent table (1-based row and cell numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CellPosition {
    /// The parent table's number.
    pub table: usize,
    /// 1-based row within the parent.
    pub row: usize,
    /// 1-based `w:tc` within the row.
    pub cell: usize,
}

/// A table with its context.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// 1-based number in the order the tables' starts appear in the document (body first, then
    /// the other parts); nested tables come right after their parent's start.
    pub number: usize,
    /// The kind of container the table sits in.
    pub container: Container,
    /// The part's name in the package, e.g. `word/document.xml`.
    pub part: String,
    /// The nearest heading-like paragraph before the table (Heading style, outline level, or a
    /// numbered heading such as `一、…`), whitespace collapsed.
    pub heading: Option<String>,
    /// The last non-empty paragraph right before the table when it is not the heading (a
    /// caption such as `表1 …`).
    pub caption: Option<String>,
    /// A unit statement (`单位：万元`) between the caption and the table: kept apart, so that
    /// the title above it stays the caption.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_line: Option<String>,
    /// Bookmarks that start inside the table or in the paragraphs just before it.
    pub bookmarks: Vec<String>,
    /// The non-empty paragraphs after the table up to the next table or heading (the `注：…`
    /// note), each whitespace-trimmed.
    pub note: Vec<String>,
    /// For a nested table, the cell it sits in.
    pub nested_in: Option<CellPosition>,
    /// The number of the table this one continues (a table split across pages), if any.
    pub continues: Option<usize>,
    /// For a continuation: whether its first row repeats the header of the table it continues.
    pub repeats_header: bool,
    /// Number of grid columns (from `w:tblGrid`, widened if rows need more).
    pub grid_cols: usize,
    /// The rows.
    pub rows: Vec<Row>,
    /// Structural problems found while reading.
    pub anomalies: Vec<Anomaly>,
}

/// True when `words` name a table: `表1 …`, `附表3 …`, or words ending in 表 before a remark
/// in brackets (`…支出决算表（按功能分类）`); not `填表日期：`, `一、人大代表建议`, nor a
/// sentence leading to the table (`部门收支总体情况见下表`).
fn names_a_table(words: &str) -> bool {
    let numbered = ["表", "附表"].iter().any(|p| {
        words
            .strip_prefix(p)
            .is_some_and(|rest| rest.trim_start().starts_with(|d: char| d.is_ascii_digit()))
    });
    let head = words
        .trim_end()
        .trim_end_matches(['）', ')'])
        .rsplit_once(['（', '('])
        .map_or(words.trim_end(), |(head, _)| head)
        .trim_end();
    let sentence = ["下表", "此表", "本表", "见", "如"]
        .iter()
        .any(|w| head.contains(w))
        || head.contains(['，', '。', '；', ',', ';']);
    words.chars().count() <= 60 && !sentence && (numbered || head.ends_with('表'))
}

impl Table {
    /// The words that name this table for its reader: the caption just above it when that
    /// names a table and the heading does too (`表1 部门收支总表` under the section heading
    /// `三、部门预算公开表`, which stands above every table of the section), else the heading
    /// (`一、各旗区人民政府` over `表1 得分情况` says whose scores), else the caption.
    pub fn title(&self) -> Option<&str> {
        match (self.heading.as_deref(), self.caption.as_deref()) {
            (Some(heading), Some(caption)) if names_a_table(heading) && names_a_table(caption) => {
                Some(caption)
            }
            (heading, caption) => heading.or(caption),
        }
    }

    /// The cell texts, one `Vec` per row and one string per `w:tc`.
    pub fn texts(&self) -> Vec<Vec<&str>> {
        self.rows
            .iter()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .collect()
    }

    /// The cell covering grid column `col` in row `row`, if any (spans taken into account,
    /// vertical continuations returned as themselves).
    pub fn cell_at(&self, row: usize, col: usize) -> Option<&Cell> {
        self.rows
            .get(row)?
            .cells
            .iter()
            .find(|c| c.grid_col <= col && col < c.grid_col.saturating_add(c.col_span.max(1)))
    }
}

/// Document-level facts gathered while reading.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentInfo {
    /// The document's title: `docProps/core.xml` `dc:title` when set, else the most prominent
    /// paragraph before the first table (largest font, Title style), whitespace collapsed.
    pub title: Option<String>,
    /// The main document part's name.
    pub main_part: String,
    /// True for Strict OOXML (`http://purl.oclc.org/ooxml/…`).
    pub strict: bool,
    /// Number of paragraphs read in the body (outside tables).
    pub paragraphs: usize,
    /// Number of those body paragraphs that hold hidden text (`w:vanish`), kept out of the
    /// reading.
    pub hidden_paragraphs: usize,
    /// The non-empty body paragraphs outside tables, in order, so that the figures the text
    /// quotes can be checked against the tables; at most [`MAX_BODY_PARAGRAPHS`] paragraphs
    /// and [`MAX_BODY_TEXT_BYTES`] of text (the rest is counted in `body_text_dropped`).
    #[serde(skip)]
    pub body_text: Vec<BodyParagraph>,
    /// Non-empty body paragraphs left out of `body_text` once its bounds were reached.
    #[serde(skip)]
    pub body_text_dropped: usize,
}

/// Body paragraphs kept in [`DocumentInfo::body_text`] at most.
pub const MAX_BODY_PARAGRAPHS: usize = 10_000;
/// Bytes of body text kept in [`DocumentInfo::body_text`] at most.
pub const MAX_BODY_TEXT_BYTES: usize = 2 * 1024 * 1024;

/// A body paragraph outside tables, with where it sits among the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BodyParagraph {
    /// 0-based index among the body paragraphs (empty ones counted).
    pub index: usize,
    /// The text as read (automatic numbering labels included, hidden text excluded), trimmed.
    pub text: String,
    /// The number of the last body table that started before the paragraph, if any.
    pub after_table: Option<usize>,
    /// The number of the first body table that starts after the paragraph, if any.
    pub before_table: Option<usize>,
}

/// A whole document as read: its tables in number order and its facts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Document {
    /// Document-level facts.
    pub info: DocumentInfo,
    /// Every table, sorted by `number`.
    pub tables: Vec<Table>,
}
