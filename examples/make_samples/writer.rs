//! Writes the annex as the WordprocessingML a Chinese-locale Word 2016 would save.
//!
//! docx-rs 0.4.22 cannot express several things the real annex has (`w:tblHeader`, bookmarks
//! inside a table cell, tracked changes inside a cell, Word's own `docProps/app.xml`) and
//! stamps the zip entries with the current time, so the parts are written here as XML text and
//! zipped with the `zip` crate, with fixed dates so that regenerating gives the same bytes.

use std::error::Error;
use std::fmt::Write as _;
use std::io::{Cursor, Write as _};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use crate::data::{
    ATTACHMENT, BOOKMARK_ATTACHMENT, BOOKMARK_FIRST_HEADING, BOOKMARK_SECOND_TABLE, BOOKMARK_TITLE,
    COLUMNS, LAST_PARAGRAPH, SECTIONS, Section, title,
};

/// File name of the faithful sample, under `samples/`.
pub const CLEAN_FILE: &str = "ordos-2020-annex.docx";
/// File name of the sample with the planted errors, under `samples/`.
pub const ERRORS_FILE: &str = "ordos-2020-annex-with-errors.docx";

/// What a planted error puts in a cell instead of the published text.
pub enum Edit {
    /// Plain text.
    Text(&'static str),
    /// An unaccepted tracked change: `deleted` struck out, `inserted` added.
    TrackedChange {
        deleted: &'static str,
        inserted: &'static str,
    },
}

/// One cell changed by a planted error (an error may change several cells).
pub struct Planted {
    /// The error's id in `samples/README.md`.
    pub id: &'static str,
    /// 1-based table number.
    pub table: usize,
    /// 1-based data row within the table (the header row not counted).
    pub row: usize,
    /// 0-based column (0 = 排名, 1 = 名称, 9 = 总分).
    pub column: usize,
    /// The new content.
    pub edit: Edit,
}

/// The planted errors of `ordos-2020-annex-with-errors.docx`; `samples/README.md` explains each.
pub const PLANTED: &[Planted] = &[
    text("E1", 2, 13, 9, "91.71"),
    text("E2", 1, 2, 2, "33.80"),
    text("E3", 3, 3, 9, "63.70"),
    text("E4", 2, 2, 3, "15.50"),
    text("E4", 2, 2, 9, "97.50"),
    text("E5", 2, 20, 0, "21"),
    text("E5", 2, 21, 0, "20"),
    text("E6", 2, 16, 9, "91.04"),
    text("E7", 2, 9, 9, "92.98"),
    text("E8", 2, 33, 5, "9.O0"),
    Planted {
        id: "E9",
        table: 2,
        row: 10,
        column: 9,
        edit: Edit::TrackedChange {
            deleted: "92.80",
            inserted: "92.90",
        },
    },
    text("E10", 1, 1, 4, "9.5"),
];

/// A planted error that replaces a cell's text.
const fn text(
    id: &'static str,
    table: usize,
    row: usize,
    column: usize,
    text: &'static str,
) -> Planted {
    Planted {
        id,
        table,
        row,
        column,
        edit: Edit::Text(text),
    }
}

/// Writes both samples into `dir`.
pub fn write_samples(dir: &Path) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(CLEAN_FILE), docx(&[])?)?;
    std::fs::write(dir.join(ERRORS_FILE), docx(PLANTED)?)?;
    Ok(())
}

/// The whole .docx package, with `planted` applied to the tables.
pub fn docx(planted: &[Planted]) -> Result<Vec<u8>, Box<dyn Error>> {
    package(document(planted), CORE, APP)
}

/// A .docx package around `document` (the text of `word/document.xml`), with Word's styles,
/// settings and font table and the given `docProps/core.xml` and `docProps/app.xml`.
pub fn package(document: String, core: &str, app: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    // Word stores every part deflated and stamps entries 1980-01-01 00:00 (the zip epoch).
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let parts: [(&str, String); 9] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/settings.xml", SETTINGS.to_owned()),
        ("word/fontTable.xml", FONT_TABLE.to_owned()),
        ("docProps/core.xml", core.to_owned()),
        ("docProps/app.xml", app.to_owned()),
    ];
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, xml) in parts {
        zip.start_file(name, options)?;
        zip.write_all(xml.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}

/// Word's XML declaration, followed by CRLF as Word writes it.
pub const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// The revision-save id on every paragraph and row: the document was typed in one session.
pub const RSID: &str = "00C2716B";

/// Tracked changes in the with-errors sample are attributed to this author at this time.
const REVISION_AUTHOR: &str = "Administrator";
const REVISION_DATE: &str = "2021-01-18T10:32:00Z";

/// A4 landscape (twentieths of a point): 2.54 cm margins top and bottom, 2 cm left and right
/// to leave the wide tables room.
const PAGE_WIDTH: u32 = 16838;
const PAGE_HEIGHT: u32 = 11906;
const MARGIN_TOP_BOTTOM: u32 = 1440;
const MARGIN_LEFT_RIGHT: u32 = 1134;

/// Column widths in twips: rank narrow, name wide enough for the longest name (13 characters)
/// on one line, the indicators wide enough for 依申请公开 on one line, the total for （110分）.
/// They add up to the text width, 16838 − 2 × 1134 = 14570.
const GRID: [u32; COLUMNS] = [700, 3100, 1300, 1300, 1300, 1300, 1300, 1300, 1300, 1670];

// Checked at compile time: the columns fill the text width exactly.
const _: () = {
    let (mut total, mut column) = (0, 0);
    while column < COLUMNS {
        total += GRID[column];
        column += 1;
    }
    assert!(total == PAGE_WIDTH - 2 * MARGIN_LEFT_RIGHT);
};

/// Fonts and sizes (in half-points) of the different kinds of paragraphs.
pub struct RunStyle {
    /// The font of every script (ascii, eastAsia, hAnsi).
    pub font: &'static str,
    /// Size in half-points (`w:sz`).
    pub half_points: u32,
    /// Bold (`w:b`).
    pub bold: bool,
}

/// 附件 and the headings: 黑体 三号 (16 pt).
pub const HEADING_STYLE: RunStyle = RunStyle {
    font: "黑体",
    half_points: 32,
    bold: false,
};
/// The title: 方正小标宋简体 二号 (22 pt).
pub const TITLE_STYLE: RunStyle = RunStyle {
    font: "方正小标宋简体",
    half_points: 44,
    bold: false,
};
/// The notes: 仿宋_GB2312 四号 (14 pt).
pub const NOTE_STYLE: RunStyle = RunStyle {
    font: "仿宋_GB2312",
    half_points: 28,
    bold: false,
};
/// Table cells: 仿宋_GB2312 五号 (10.5 pt); the header row in bold.
pub const CELL_STYLE: RunStyle = RunStyle {
    font: "仿宋_GB2312",
    half_points: 21,
    bold: false,
};
pub const HEADER_CELL_STYLE: RunStyle = RunStyle {
    font: "仿宋_GB2312",
    half_points: 21,
    bold: true,
};

/// `word/document.xml`.
fn document(planted: &[Planted]) -> String {
    let mut body = String::new();
    let mut ids = AnnotationIds::default();

    Paragraph::new(&HEADING_STYLE)
        .bookmark(BOOKMARK_ATTACHMENT, Collapsed)
        .text(ATTACHMENT)
        .write(&mut body, &mut ids);

    Paragraph::new(&TITLE_STYLE)
        .centred()
        .spacing_after(156)
        .bookmark(BOOKMARK_TITLE, Spanning)
        .text(&title())
        .write(&mut body, &mut ids);

    for (index, section) in SECTIONS.iter().enumerate() {
        let table_number = index + 1;
        let mut heading = Paragraph::new(&HEADING_STYLE).indented();
        if table_number == 1 {
            heading = heading.bookmark(BOOKMARK_FIRST_HEADING, Spanning);
        }
        heading.text(section.heading).write(&mut body, &mut ids);
        let edits: Vec<&Planted> = planted.iter().filter(|p| p.table == table_number).collect();
        table(&mut body, &mut ids, section, table_number, &edits);
        if let Some(note) = section.note {
            Paragraph::new(&NOTE_STYLE)
                .text(note)
                .write(&mut body, &mut ids);
        }
        for _ in 0..section.empty_paragraphs_after {
            Paragraph::new(&NOTE_STYLE).write(&mut body, &mut ids);
        }
    }
    Paragraph::new(&NOTE_STYLE)
        .text(LAST_PARAGRAPH)
        .write(&mut body, &mut ids);

    let mut xml = String::from(DECLARATION);
    xml.push_str(DOCUMENT_OPEN);
    xml.push_str("<w:body>");
    xml.push_str(&body);
    let _ = write!(
        xml,
        "<w:sectPr w:rsidR=\"{RSID}\"><w:pgSz w:w=\"{PAGE_WIDTH}\" w:h=\"{PAGE_HEIGHT}\" \
         w:orient=\"landscape\"/><w:pgMar w:top=\"{MARGIN_TOP_BOTTOM}\" \
         w:right=\"{MARGIN_LEFT_RIGHT}\" w:bottom=\"{MARGIN_TOP_BOTTOM}\" \
         w:left=\"{MARGIN_LEFT_RIGHT}\" w:header=\"851\" w:footer=\"992\" \
         w:gutter=\"0\"/><w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" \
         w:linePitch=\"312\"/></w:sectPr>"
    );
    xml.push_str("</w:body></w:document>");
    xml
}

/// One table: the header row (repeated on each page) and the data rows, with any planted edits.
fn table(
    body: &mut String,
    ids: &mut AnnotationIds,
    section: &Section,
    table_number: usize,
    edits: &[&Planted],
) {
    let width: u32 = GRID.iter().sum();
    let _ = write!(
        body,
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"a3\"/><w:tblW w:w=\"{width}\" w:type=\"dxa\"/>\
         <w:jc w:val=\"center\"/><w:tblBorders>{}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>\
         <w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" \
         w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>",
        borders()
    );
    for width in GRID {
        let _ = write!(body, "<w:gridCol w:w=\"{width}\"/>");
    }
    body.push_str("</w:tblGrid>");

    // The header row: marked w:tblHeader so that Word repeats it at the top of each page.
    let _ = write!(
        body,
        "<w:tr w:rsidR=\"{RSID}\" w:rsidTr=\"{RSID}\"><w:trPr><w:cantSplit/><w:tblHeader/>\
         <w:jc w:val=\"center\"/></w:trPr>"
    );
    for (column, text) in section.header.iter().enumerate() {
        let mut paragraphs = text.split('\n');
        let first = paragraphs.next().unwrap_or_default();
        let mut first = Paragraph::new(&HEADER_CELL_STYLE).centred().text(first);
        if table_number == 2 && column == 0 {
            first = first.bookmark(BOOKMARK_SECOND_TABLE, Spanning);
        }
        let mut cell = vec![first];
        cell.extend(paragraphs.map(|p| Paragraph::new(&HEADER_CELL_STYLE).centred().text(p)));
        table_cell(body, ids, column, cell);
    }
    body.push_str("</w:tr>");

    for (row_index, row) in section.rows.iter().enumerate() {
        let _ = write!(
            body,
            "<w:tr w:rsidR=\"{RSID}\" w:rsidTr=\"{RSID}\"><w:trPr><w:cantSplit/>\
             <w:trHeight w:val=\"397\"/><w:jc w:val=\"center\"/></w:trPr>"
        );
        for (column, published) in row.iter().enumerate() {
            let edit = edits
                .iter()
                .find(|p| p.row == row_index + 1 && p.column == column)
                .map(|p| &p.edit);
            let paragraph = Paragraph::new(&CELL_STYLE).centred();
            let paragraph = match edit {
                None => paragraph.text(published),
                Some(Edit::Text(text)) => paragraph.text(text),
                Some(Edit::TrackedChange { deleted, inserted }) => {
                    paragraph.tracked_change(deleted, inserted)
                }
            };
            table_cell(body, ids, column, vec![paragraph]);
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
}

/// A `w:tc` in grid column `column`, centred vertically.
fn table_cell(
    body: &mut String,
    ids: &mut AnnotationIds,
    column: usize,
    paragraphs: Vec<Paragraph>,
) {
    let _ = write!(
        body,
        "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/></w:tcPr>",
        GRID[column]
    );
    for paragraph in paragraphs {
        paragraph.write(body, ids);
    }
    body.push_str("</w:tc>");
}

/// Single thin black lines round the table and between all cells.
pub fn borders() -> String {
    ["top", "left", "bottom", "right", "insideH", "insideV"]
        .iter()
        .map(|side| {
            format!("<w:{side} w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>")
        })
        .collect()
}

/// Bookmark and tracked-change ids, unique in the document.
#[derive(Default)]
pub struct AnnotationIds {
    next: u32,
}

impl AnnotationIds {
    /// The next unused id.
    pub fn next(&mut self) -> u32 {
        let id = self.next;
        self.next += 1;
        id
    }
}

/// How a bookmark sits in its paragraph.
#[derive(Clone, Copy)]
pub enum BookmarkExtent {
    /// Start and end together before the text, as Word leaves `_GoBack` at the cursor.
    Collapsed,
    /// Around the paragraph's text, as Word leaves `_Hlk…` on a copied range.
    Spanning,
}
use BookmarkExtent::{Collapsed, Spanning};

/// What a paragraph contains.
enum Content<'a> {
    Empty,
    Text(&'a str),
    TrackedChange { deleted: &'a str, inserted: &'a str },
}

/// A paragraph with direct formatting, the way Word writes typed text.
pub struct Paragraph<'a> {
    style: &'a RunStyle,
    centred: bool,
    right_aligned: bool,
    outline_level: Option<u8>,
    keep_with_next: bool,
    indented: bool,
    spacing_after: Option<u32>,
    bookmark: Option<(&'a str, BookmarkExtent)>,
    content: Content<'a>,
}

impl<'a> Paragraph<'a> {
    /// An empty paragraph whose runs take `style`.
    pub fn new(style: &'a RunStyle) -> Self {
        Paragraph {
            style,
            centred: false,
            right_aligned: false,
            outline_level: None,
            keep_with_next: false,
            indented: false,
            spacing_after: None,
            bookmark: None,
            content: Content::Empty,
        }
    }

    /// Centred (`w:jc w:val="center"`).
    pub fn centred(mut self) -> Self {
        self.centred = true;
        self
    }

    /// Right-aligned (`w:jc w:val="right"`), as figures and `单位：万元` are set.
    pub fn right_aligned(mut self) -> Self {
        self.right_aligned = true;
        self
    }

    /// An outline level (`w:outlineLvl`, 0 = level 1), as Word's 标题 styles give.
    pub fn outline_level(mut self, level: u8) -> Self {
        self.outline_level = Some(level);
        self
    }

    /// Kept on the same page as the next paragraph or table (`w:keepNext`), as headings are.
    pub fn keep_with_next(mut self) -> Self {
        self.keep_with_next = true;
        self
    }

    /// First line indented by two characters, as headings are in official documents.
    pub fn indented(mut self) -> Self {
        self.indented = true;
        self
    }

    /// Space after the paragraph, in twips.
    pub fn spacing_after(mut self, twips: u32) -> Self {
        self.spacing_after = Some(twips);
        self
    }

    /// A bookmark on the paragraph.
    pub fn bookmark(mut self, name: &'a str, extent: BookmarkExtent) -> Self {
        self.bookmark = Some((name, extent));
        self
    }

    /// The paragraph's text, in one run.
    pub fn text(mut self, text: &'a str) -> Self {
        self.content = Content::Text(text);
        self
    }

    fn tracked_change(mut self, deleted: &'a str, inserted: &'a str) -> Self {
        self.content = Content::TrackedChange { deleted, inserted };
        self
    }

    /// Appends the paragraph's XML to `out`.
    pub fn write(self, out: &mut String, ids: &mut AnnotationIds) {
        let run_props = run_properties(self.style);
        let _ = write!(
            out,
            "<w:p w:rsidR=\"{RSID}\" w:rsidRDefault=\"{RSID}\"><w:pPr>"
        );
        if self.keep_with_next {
            out.push_str("<w:keepNext/>");
        }
        if let Some(after) = self.spacing_after {
            let _ = write!(out, "<w:spacing w:after=\"{after}\"/>");
        }
        if self.indented {
            // Two characters of the paragraph's own font size.
            let twips = self.style.half_points * 20;
            let _ = write!(
                out,
                "<w:ind w:firstLineChars=\"200\" w:firstLine=\"{twips}\"/>"
            );
        }
        if self.centred {
            out.push_str("<w:jc w:val=\"center\"/>");
        } else if self.right_aligned {
            out.push_str("<w:jc w:val=\"right\"/>");
        }
        if let Some(level) = self.outline_level {
            let _ = write!(out, "<w:outlineLvl w:val=\"{level}\"/>");
        }
        let _ = write!(out, "{run_props}</w:pPr>");

        let bookmark = self
            .bookmark
            .map(|(name, extent)| (ids.next(), name, extent));
        if let Some((id, name, extent)) = bookmark {
            let _ = write!(out, "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>");
            if let Collapsed = extent {
                let _ = write!(out, "<w:bookmarkEnd w:id=\"{id}\"/>");
            }
        }
        match self.content {
            Content::Empty => {}
            Content::Text(text) => run(out, &run_props, "w:t", text),
            Content::TrackedChange { deleted, inserted } => {
                let _ = write!(
                    out,
                    "<w:del w:id=\"{}\" w:author=\"{REVISION_AUTHOR}\" w:date=\"{REVISION_DATE}\">",
                    ids.next()
                );
                run(out, &run_props, "w:delText", deleted);
                let _ = write!(
                    out,
                    "</w:del><w:ins w:id=\"{}\" w:author=\"{REVISION_AUTHOR}\" \
                     w:date=\"{REVISION_DATE}\">",
                    ids.next()
                );
                run(out, &run_props, "w:t", inserted);
                out.push_str("</w:ins>");
            }
        }
        if let Some((id, _, Spanning)) = bookmark {
            let _ = write!(out, "<w:bookmarkEnd w:id=\"{id}\"/>");
        }
        out.push_str("</w:p>");
    }
}

/// A run of `text` in element `tag` (`w:t` or `w:delText`).
fn run(out: &mut String, run_props: &str, tag: &str, text: &str) {
    let space = if text.starts_with(' ') || text.ends_with(' ') || text.contains("  ") {
        " xml:space=\"preserve\""
    } else {
        ""
    };
    let _ = write!(
        out,
        "<w:r>{run_props}<{tag}{space}>{}</{tag}></w:r>",
        escape(text)
    );
}

/// `w:rPr` for a style: the same font for East Asian and Latin text, as the annex uses.
fn run_properties(style: &RunStyle) -> String {
    let RunStyle {
        font,
        half_points,
        bold,
    } = style;
    let bold = if *bold { "<w:b/>" } else { "" };
    format!(
        "<w:rPr><w:rFonts w:ascii=\"{font}\" w:eastAsia=\"{font}\" w:hAnsi=\"{font}\"/>{bold}\
         <w:sz w:val=\"{half_points}\"/><w:szCs w:val=\"{half_points}\"/></w:rPr>"
    )
}

/// Escapes text for XML element content.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

pub const DOCUMENT_OPEN: &str = "<w:document \
    xmlns:wpc=\"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas\" \
    xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
    xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
    xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\" \
    xmlns:v=\"urn:schemas-microsoft-com:vml\" \
    xmlns:wp14=\"http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing\" \
    xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
    xmlns:w10=\"urn:schemas-microsoft-com:office:word\" \
    xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
    xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
    xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" \
    xmlns:wpg=\"http://schemas.microsoft.com/office/word/2010/wordprocessingGroup\" \
    xmlns:wpi=\"http://schemas.microsoft.com/office/word/2010/wordprocessingInk\" \
    xmlns:wne=\"http://schemas.microsoft.com/office/word/2006/wordml\" \
    xmlns:wps=\"http://schemas.microsoft.com/office/word/2010/wordprocessingShape\" \
    mc:Ignorable=\"w14 w15 wp14\">";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/settings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml\"/>\
<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
<Override PartName=\"/docProps/app.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>\
</Types>";

const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties\" Target=\"docProps/app.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId3\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable\" Target=\"fontTable.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings\" Target=\"settings.xml\"/>\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

/// Word's defaults for a Chinese document: 五号 text, kerning, zh-CN as East Asian language;
/// the style ids are the ones Chinese Word gives (a = Normal, a3 = Table Grid).
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<w:styles xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" mc:Ignorable=\"w14 w15\">\
<w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>\
<w:kern w:val=\"2\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"22\"/>\
<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault/></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr>\
<w:rPr><w:rFonts w:eastAsia=\"仿宋_GB2312\"/></w:rPr></w:style>\
<w:style w:type=\"character\" w:default=\"1\" w:styleId=\"a0\"><w:name w:val=\"Default Paragraph Font\"/>\
<w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"a1\"><w:name w:val=\"Normal Table\"/>\
<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/>\
<w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/>\
<w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"numbering\" w:default=\"1\" w:styleId=\"a2\"><w:name w:val=\"No List\"/>\
<w:uiPriority w:val=\"99\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\
<w:style w:type=\"table\" w:styleId=\"a3\"><w:name w:val=\"Table Grid\"/><w:basedOn w:val=\"a1\"/>\
<w:uiPriority w:val=\"39\"/><w:tblPr><w:tblBorders>\
<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
</w:tblBorders></w:tblPr></w:style>\
</w:styles>";

const SETTINGS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<w:settings xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" mc:Ignorable=\"w14 w15\">\
<w:zoom w:percent=\"100\"/><w:bordersDoNotSurroundHeader/><w:bordersDoNotSurroundFooter/>\
<w:defaultTabStop w:val=\"420\"/><w:drawingGridVerticalSpacing w:val=\"156\"/>\
<w:displayHorizontalDrawingGridEvery w:val=\"0\"/><w:displayVerticalDrawingGridEvery w:val=\"2\"/>\
<w:characterSpacingControl w:val=\"compressPunctuation\"/>\
<w:compat><w:spaceForUL/><w:balanceSingleByteDoubleByteWidth/><w:doNotLeaveBackslashAlone/>\
<w:ulTrailSpace/><w:doNotExpandShiftReturn/><w:adjustLineHeightInTable/><w:useFELayout/>\
<w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/>\
<w:compatSetting w:name=\"overrideTableStyleFontSizeAndJustification\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
<w:compatSetting w:name=\"enableOpenTypeFeatures\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
<w:compatSetting w:name=\"doNotFlipMirrorIndents\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
<w:compatSetting w:name=\"differentiateMultirowTableHeaders\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"1\"/>\
</w:compat><w:rsids><w:rsidRoot w:val=\"00C2716B\"/><w:rsid w:val=\"00C2716B\"/></w:rsids>\
<w:themeFontLang w:val=\"en-US\" w:eastAsia=\"zh-CN\"/>\
<w:clrSchemeMapping w:bg1=\"light1\" w:t1=\"dark1\" w:bg2=\"light2\" w:t2=\"dark2\" w:accent1=\"accent1\" \
w:accent2=\"accent2\" w:accent3=\"accent3\" w:accent4=\"accent4\" w:accent5=\"accent5\" \
w:accent6=\"accent6\" w:hyperlink=\"hyperlink\" w:followedHyperlink=\"followedHyperlink\"/>\
<w:decimalSymbol w:val=\".\"/><w:listSeparator w:val=\",\"/></w:settings>";

const FONT_TABLE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<w:fonts xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" mc:Ignorable=\"w14 w15\">\
<w:font w:name=\"Times New Roman\"><w:panose1 w:val=\"02020603050405020304\"/><w:charset w:val=\"00\"/>\
<w:family w:val=\"roman\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"宋体\"><w:altName w:val=\"SimSun\"/><w:panose1 w:val=\"02010600030101010101\"/>\
<w:charset w:val=\"86\"/><w:family w:val=\"auto\"/><w:pitch w:val=\"variable\"/></w:font>\
<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/><w:charset w:val=\"86\"/>\
<w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
<w:font w:name=\"黑体\"><w:altName w:val=\"SimHei\"/><w:panose1 w:val=\"02010609060101010101\"/>\
<w:charset w:val=\"86\"/><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font>\
<w:font w:name=\"方正小标宋简体\"><w:charset w:val=\"86\"/><w:family w:val=\"script\"/>\
<w:pitch w:val=\"fixed\"/></w:font>\
</w:fonts>";

/// Fixed dates so that regenerating changes nothing.
const CORE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:creator>Administrator</dc:creator><cp:lastModifiedBy>Administrator</cp:lastModifiedBy>\
<cp:revision>3</cp:revision>\
<dcterms:created xsi:type=\"dcterms:W3CDTF\">2021-01-15T02:11:00Z</dcterms:created>\
<dcterms:modified xsi:type=\"dcterms:W3CDTF\">2021-01-18T02:40:00Z</dcterms:modified>\
</cp:coreProperties>";

const APP: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\" \
xmlns:vt=\"http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes\">\
<Template>Normal.dotm</Template><TotalTime>0</TotalTime><Pages>4</Pages>\
<Application>Microsoft Office Word</Application><DocSecurity>0</DocSecurity>\
<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>\
<HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0000</AppVersion></Properties>";
