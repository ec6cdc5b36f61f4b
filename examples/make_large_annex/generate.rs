//! A large annex for benchmarks: the seed's three tables repeated `copies` times, each copy under
//! its own headings, written the way Word writes typed and edited text.
//!
//! What makes the XML heavy in real annexes is reproduced: every paragraph and run carries
//! revision-save ids (`w:rsidR`, `w:rsidRPr`, …), every run repeats its full properties (fonts
//! for each script, size, complex-script size), numbers are split over several runs (Word splits
//! a run wherever the text was edited), cells have `w:tcPr` and paragraph properties, and some
//! cells hold `_Hlk` bookmarks. One copy is about 300 KB of `word/document.xml`, so 100 copies
//! give about 30 MB (300 tables, 4,500 data rows) and 1,000 copies about 300 MB.
//!
//! The part is streamed into the zip one copy at a time: memory stays at one copy whatever the
//! size. The output is deterministic (fixed ids from a seeded generator, fixed zip dates).

use std::fmt::Write as _;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::data::{ATTACHMENT, BOOKMARK_TITLE, COLUMNS, LAST_PARAGRAPH, SECTIONS, Section, title};

/// What was written.
#[derive(Debug, Clone, Copy, Default)]
pub struct Written {
    /// Uncompressed size of `word/document.xml`.
    pub document_bytes: u64,
    /// Tables written.
    pub tables: usize,
    /// Data rows written (header rows not counted).
    pub data_rows: usize,
    /// Size of the .docx.
    pub file_bytes: u64,
}

/// Column widths in twips (A4 landscape, 2 cm margins).
const GRID: [u32; COLUMNS] = [700, 3100, 1300, 1300, 1300, 1300, 1300, 1300, 1300, 1670];

/// The cell font, as a Chinese Word writes it for every script.
const CELL_FONT: &str = "仿宋_GB2312";
/// 五号: 10.5 pt, in half-points.
const CELL_SIZE: u32 = 21;
const HEADING_FONT: &str = "黑体";
const HEADING_SIZE: u32 = 32;
const TITLE_FONT: &str = "方正小标宋简体";
const TITLE_SIZE: u32 = 44;
const NOTE_SIZE: u32 = 28;

/// A small deterministic generator of revision ids (xorshift), so that the file is the same
/// every time.
struct Rsids(u64);

impl Rsids {
    fn next(&mut self) -> String {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        // Word's rsids are 8 hex digits, the first two usually 00.
        format!("00{:06X}", self.0 & 0xFF_FFFF)
    }
}

/// Writes the annex with `copies` copies of the seed's tables to `out`.
pub fn write_annex(copies: usize, out: &Path) -> io::Result<Written> {
    let file = File::create(out)?;
    let mut zip = ZipWriter::new(BufWriter::with_capacity(1 << 20, file));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default())
        .large_file(true);
    for (name, xml) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", STYLES),
        ("docProps/core.xml", CORE),
    ] {
        zip.start_file(name, options).map_err(io::Error::other)?;
        zip.write_all(xml.as_bytes())?;
    }
    zip.start_file("word/document.xml", options)
        .map_err(io::Error::other)?;
    let mut written = Written::default();
    let mut writer = Document {
        rsids: Rsids(0x9E37_79B9_7F4A_7C15),
        bookmark: 0,
        cell: 0,
        buf: String::with_capacity(1 << 20),
    };
    writer.start();
    for copy in 1..=copies {
        for section in &SECTIONS {
            writer.section(section, copy);
            written.tables += 1;
            written.data_rows += section.rows.len();
        }
        written.document_bytes += writer.buf.len() as u64;
        zip.write_all(writer.buf.as_bytes())?;
        writer.buf.clear();
    }
    writer.end();
    written.document_bytes += writer.buf.len() as u64;
    zip.write_all(writer.buf.as_bytes())?;
    let mut inner = zip.finish().map_err(io::Error::other)?;
    inner.flush()?;
    written.file_bytes = std::fs::metadata(out)?.len();
    Ok(written)
}

/// The document being written: the text of the current copy, and the running ids.
struct Document {
    rsids: Rsids,
    bookmark: u32,
    cell: u64,
    buf: String,
}

impl Document {
    fn start(&mut self) {
        self.buf.push_str(DECLARATION);
        self.buf.push_str(DOCUMENT_OPEN);
        self.buf.push_str("<w:body>");
        self.paragraph(ATTACHMENT, HEADING_FONT, HEADING_SIZE, Align::Left, None);
        let title = title();
        self.paragraph(
            &title,
            TITLE_FONT,
            TITLE_SIZE,
            Align::Centre,
            Some(BOOKMARK_TITLE),
        );
    }

    fn end(&mut self) {
        self.paragraph(LAST_PARAGRAPH, CELL_FONT, NOTE_SIZE, Align::Left, None);
        self.buf.push_str(
            "<w:sectPr w:rsidR=\"00C2716B\" w:rsidSect=\"00C2716B\"><w:pgSz w:w=\"16838\" \
             w:h=\"11906\" w:orient=\"landscape\"/><w:pgMar w:top=\"1440\" w:right=\"1134\" \
             w:bottom=\"1440\" w:left=\"1134\" w:header=\"851\" w:footer=\"992\" \
             w:gutter=\"0\"/><w:cols w:space=\"425\"/><w:docGrid w:type=\"lines\" \
             w:linePitch=\"312\"/></w:sectPr></w:body></w:document>",
        );
    }

    /// A heading, its table, its note and the empty paragraphs after it.
    fn section(&mut self, section: &Section, copy: usize) {
        // Each copy has its own heading: 一、各旗区人民政府（7）.
        let heading = format!("{}（{copy}）", section.heading);
        self.paragraph(&heading, HEADING_FONT, HEADING_SIZE, Align::Indented, None);
        self.table(section);
        if let Some(note) = section.note {
            self.paragraph(note, CELL_FONT, NOTE_SIZE, Align::Left, None);
        }
        for _ in 0..section.empty_paragraphs_after {
            self.paragraph("", CELL_FONT, NOTE_SIZE, Align::Left, None);
        }
    }

    fn table(&mut self, section: &Section) {
        let width: u32 = GRID.iter().sum();
        let _ = write!(
            self.buf,
            "<w:tbl><w:tblPr><w:tblW w:w=\"{width}\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\
             <w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
             </w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" \
             w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" \
             w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        );
        for w in GRID {
            let _ = write!(self.buf, "<w:gridCol w:w=\"{w}\"/>");
        }
        self.buf.push_str("</w:tblGrid>");
        self.row(&section.header, true);
        for row in section.rows {
            self.row(row, false);
        }
        self.buf.push_str("</w:tbl>");
    }

    fn row(&mut self, cells: &[&str; COLUMNS], header: bool) {
        let (a, b) = (self.rsids.next(), self.rsids.next());
        let _ = write!(
            self.buf,
            "<w:tr w:rsidR=\"{a}\" w:rsidTr=\"{b}\"><w:trPr><w:cantSplit/>"
        );
        if header {
            self.buf.push_str("<w:tblHeader/>");
        } else {
            self.buf.push_str("<w:trHeight w:val=\"397\"/>");
        }
        self.buf.push_str("<w:jc w:val=\"center\"/></w:trPr>");
        for (column, text) in cells.iter().enumerate() {
            let _ = write!(
                self.buf,
                "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/><w:vAlign w:val=\"center\"/>\
                 </w:tcPr>",
                GRID[column]
            );
            // Word leaves a _Hlk bookmark wherever a range was copied: about one cell in nine.
            self.cell += 1;
            let bookmark = (self.cell % 9 == 4).then(|| format!("_Hlk{}", 36_750_000 + self.cell));
            for (i, paragraph) in text.split('\n').enumerate() {
                let mark = if i == 0 { bookmark.as_deref() } else { None };
                self.cell_paragraph(paragraph, header, mark);
            }
            self.buf.push_str("</w:tc>");
        }
        self.buf.push_str("</w:tr>");
    }

    /// A table cell's paragraph: centred, with the cell font; numbers split over runs.
    fn cell_paragraph(&mut self, text: &str, bold: bool, bookmark: Option<&str>) {
        let props = run_properties(CELL_FONT, CELL_SIZE, bold);
        self.open_paragraph(&props, Align::Centre);
        let id = self.bookmark_start(bookmark);
        for piece in pieces(text) {
            self.run(piece, &props);
        }
        self.bookmark_end(id);
        self.buf.push_str("</w:p>");
    }

    fn paragraph(
        &mut self,
        text: &str,
        font: &str,
        size: u32,
        align: Align,
        bookmark: Option<&str>,
    ) {
        let props = run_properties(font, size, false);
        self.open_paragraph(&props, align);
        let id = self.bookmark_start(bookmark);
        if !text.is_empty() {
            self.run(text, &props);
        }
        self.bookmark_end(id);
        self.buf.push_str("</w:p>");
    }

    fn open_paragraph(&mut self, props: &str, align: Align) {
        let (r, d, p) = (self.rsids.next(), self.rsids.next(), self.rsids.next());
        let _ = write!(
            self.buf,
            "<w:p w:rsidR=\"{r}\" w:rsidRDefault=\"{d}\" w:rsidP=\"{p}\"><w:pPr>"
        );
        match align {
            Align::Left => {}
            Align::Centre => self.buf.push_str("<w:jc w:val=\"center\"/>"),
            Align::Indented => self
                .buf
                .push_str("<w:ind w:firstLineChars=\"200\" w:firstLine=\"640\"/>"),
        }
        let _ = write!(self.buf, "{props}</w:pPr>");
    }

    fn bookmark_start(&mut self, name: Option<&str>) -> Option<u32> {
        let name = name?;
        let id = self.bookmark;
        self.bookmark += 1;
        let _ = write!(
            self.buf,
            "<w:bookmarkStart w:id=\"{id}\" w:name=\"{name}\"/>"
        );
        Some(id)
    }

    fn bookmark_end(&mut self, id: Option<u32>) {
        if let Some(id) = id {
            let _ = write!(self.buf, "<w:bookmarkEnd w:id=\"{id}\"/>");
        }
    }

    fn run(&mut self, text: &str, props: &str) {
        let rsid = self.rsids.next();
        let space = if text.starts_with(' ') || text.ends_with(' ') {
            " xml:space=\"preserve\""
        } else {
            ""
        };
        let _ = write!(
            self.buf,
            "<w:r w:rsidRPr=\"{rsid}\">{props}<w:t{space}>{}</w:t></w:r>",
            escape(text)
        );
    }
}

#[derive(Clone, Copy)]
enum Align {
    Left,
    Centre,
    Indented,
}

/// The runs Word leaves in a cell: a number is split where it was edited (`94` `.20`, `1` `2`);
/// other text in runs of at most six characters.
fn pieces(text: &str) -> Vec<&str> {
    if text.is_empty() {
        return Vec::new();
    }
    let numeric = text
        .bytes()
        .all(|b| b.is_ascii_digit() || b == b'.' || b == b'-');
    let mut cuts = vec![0];
    if numeric {
        if let Some(point) = text.find('.') {
            cuts.push(point);
        } else if text.len() > 1 {
            cuts.push(1);
        }
    } else {
        for (count, (i, _)) in text.char_indices().enumerate() {
            if count > 0 && count % 6 == 0 {
                cuts.push(i);
            }
        }
    }
    cuts.push(text.len());
    cuts.dedup();
    cuts.windows(2)
        .filter_map(|w| text.get(w[0]..w[1]))
        .filter(|p| !p.is_empty())
        .collect()
}

/// `w:rPr` as Word writes it for CJK text: a font for every script, size and complex-script
/// size.
fn run_properties(font: &str, size: u32, bold: bool) -> String {
    let bold = if bold { "<w:b/><w:bCs/>" } else { "" };
    format!(
        "<w:rPr><w:rFonts w:ascii=\"{font}\" w:eastAsia=\"{font}\" w:hAnsi=\"{font}\"/>\
         {bold}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/></w:rPr>"
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

const DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

const DOCUMENT_OPEN: &str = "<w:document \
    xmlns:wpc=\"http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas\" \
    xmlns:mc=\"http://schemas.openxmlformats.org/markup-compatibility/2006\" \
    xmlns:o=\"urn:schemas-microsoft-com:office:office\" \
    xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
    xmlns:m=\"http://schemas.openxmlformats.org/officeDocument/2006/math\" \
    xmlns:v=\"urn:schemas-microsoft-com:vml\" \
    xmlns:w10=\"urn:schemas-microsoft-com:office:word\" \
    xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
    xmlns:w14=\"http://schemas.microsoft.com/office/word/2010/wordml\" \
    xmlns:w15=\"http://schemas.microsoft.com/office/word/2012/wordml\" \
    mc:Ignorable=\"w14 w15\">";

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
</Types>";

const PACKAGE_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr>\
<w:rFonts w:ascii=\"Times New Roman\" w:eastAsia=\"宋体\" w:hAnsi=\"Times New Roman\" w:cs=\"Times New Roman\"/>\
<w:kern w:val=\"2\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"22\"/>\
<w:lang w:val=\"en-US\" w:eastAsia=\"zh-CN\" w:bidi=\"ar-SA\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault/></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/><w:qFormat/>\
<w:pPr><w:widowControl w:val=\"0\"/><w:jc w:val=\"both\"/></w:pPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"a1\"><w:name w:val=\"Normal Table\"/></w:style>\
</w:styles>";

const CORE: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n\
<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
<dc:creator>Administrator</dc:creator><cp:revision>3</cp:revision>\
<dcterms:created xsi:type=\"dcterms:W3CDTF\">2021-01-15T02:11:00Z</dcterms:created>\
</cp:coreProperties>";
