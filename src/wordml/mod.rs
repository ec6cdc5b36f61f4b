//! WordprocessingML: one streaming pass over the main document (then headers, footers, notes
//! and comments) producing every table as a true grid with its context.
//!
//! # How a cell's text is read
//!
//! - Runs are concatenated; `w:tab`/`w:ptab` → `\t`, `w:br`/`w:cr` → `\n`, `w:noBreakHyphen` →
//!   `-`, `w:softHyphen` → nothing, `w:sym` → its Unicode character (the Symbol font is mapped;
//!   private-use symbols without an equivalent are dropped), and so are the characters
//!   U+F020–U+F0FF typed into a run whose `w:rFonts` is Symbol or Wingdings (•, ✓, →). Entity and character references
//!   are resolved; digits are kept verbatim (full-width stays full-width).
//! - Paragraphs are joined with `\n`; empty paragraphs at the start and end of a cell are
//!   dropped. A deleted paragraph mark joins its paragraph to the next one.
//! - Automatic numbering: the label Word displays ("1", "1.", "一、") starts the paragraph,
//!   followed by a space when the paragraph has text; bullets are left out. The label is also in
//!   [`Cell::numbering`].
//! - Tracked changes: the accepted reading (insertions and moves kept, deletions dropped);
//!   [`Cell::revision`] has the text before the changes. A row deleted by a tracked change is
//!   left out and reported in [`Table::anomalies`].
//! - Hidden text (`w:vanish`, directly or through a character or paragraph style) is left out
//!   and kept in [`Cell::hidden`].
//! - Fields show their result, never their instruction; instructions are in [`Cell::fields`].
//! - `mc:AlternateContent`: the first `mc:Choice` only. Content controls, custom XML, smart
//!   tags and hyperlinks are read through. Footnote and endnote reference marks are not text.
//! - Tables nested in a cell, and text boxes in it, are not part of the cell's text.
//!
//! # Two ways in
//!
//! - [`read_path`] / [`read_document`] collect a whole [`Document`];
//! - [`tables`] yields each [`Table`] as soon as it is complete (its note included), so a
//!   consumer's memory grows with the largest table, not with the document.
//!
//! ```no_run
//! use annex_audit::package::{Limits, Package};
//! use annex_audit::wordml::{self, ReadOptions};
//!
//! let mut package = Package::open("annex.docx", &Limits::default())?;
//! let mut stream = wordml::tables(&mut package, &ReadOptions::default())?;
//! for table in &mut stream {
//!     let table = table?;
//!     println!("table {}: {} rows", table.number, table.rows.len());
//! }
//! println!("title: {:?}", stream.info().title);
//! # Ok::<(), annex_audit::Error>(())
//! ```

use std::collections::VecDeque;
use std::io::Cursor;
use std::path::Path;

use crate::package::{Limits, Package, PartInput, PartKind, PartQueue};
use crate::xml::{Ev, Window, XmlReader, local_name};
use crate::{Error, Result};

mod model;
mod numbering;
mod reader;
mod styles;
mod text;

pub use model::*;
pub use text::{collapse_whitespace, join_cjk_spaces};

use numbering::Numbering;
use reader::{PartParser, Shared};
use styles::Styles;

/// What to read besides the main document body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadOptions {
    /// Also read headers, footers, footnotes, endnotes and comments (their tables are listed
    /// after the body's). Default: true.
    pub other_parts: bool,
    /// Put automatic numbering labels ("1.", "一、") into the text, as Word displays them
    /// (followed by a space when the paragraph has text). `Cell::numbering` holds the label
    /// either way. Default: true.
    pub numbering_labels: bool,
    /// Inflate a large part (4 MiB and more) on a thread of its own while the XML is
    /// tokenised: about the decompression's time saved on two cores. A batch that already
    /// runs one file per core turns it off. Default: true.
    pub decompress_ahead: bool,
}

impl Default for ReadOptions {
    fn default() -> Self {
        Self {
            other_parts: true,
            numbering_labels: true,
            decompress_ahead: true,
        }
    }
}

/// Reads every table of the document at `path`.
///
/// ```no_run
/// use annex_audit::{package::Limits, wordml};
/// let document = wordml::read_path("annex.docx", &Limits::default())?;
/// for table in &document.tables {
///     println!("{} {:?}", table.number, table.heading);
/// }
/// # Ok::<(), annex_audit::Error>(())
/// ```
pub fn read_path(path: impl AsRef<Path>, limits: &Limits) -> Result<Document> {
    let mut package = Package::open(path, limits)?;
    read_document(&mut package, &ReadOptions::default())
}

/// Reads every table of an opened package, sorted by number, with the document's facts.
pub fn read_document(package: &mut Package, options: &ReadOptions) -> Result<Document> {
    let mut stream = tables(package, options)?;
    let mut tables = Vec::new();
    for table in &mut stream {
        tables.push(table?);
    }
    tables.sort_by_key(|t| t.number);
    Ok(Document {
        info: stream.into_info(),
        tables,
    })
}

/// Starts the streaming pass: styles, numbering and core properties are read first (small
/// parts), then the main document and the other parts are streamed one after the other.
pub fn tables<'a>(package: &'a mut Package, options: &ReadOptions) -> Result<TableStream<'a>> {
    let limits = package.limits().clone();
    let styles = match first_related(package, PartKind::Styles) {
        Some(name) => Styles::parse(part_xml(package, &name)?)?,
        None => Styles::default(),
    };
    let numbering = match first_related(package, PartKind::Numbering) {
        Some(name) => Numbering::parse(part_xml(package, &name)?)?,
        None => Numbering::default(),
    };
    let title = match package.core_properties_part().map(str::to_string) {
        Some(name) => core_title(part_xml(package, &name)?)?,
        None => None,
    };
    let main = package.main_part().to_string();
    let mut parts = vec![(main.clone(), Container::Body)];
    if options.other_parts {
        for (kind, container) in [
            (PartKind::Header, Container::Header),
            (PartKind::Footer, Container::Footer),
            (PartKind::Footnotes, Container::Footnotes),
            (PartKind::Endnotes, Container::Endnotes),
            (PartKind::Comments, Container::Comments),
        ] {
            for name in package.related_of(kind) {
                parts.push((name.to_string(), container));
            }
        }
    }
    let containers = parts.iter().map(|(_, c)| *c).collect();
    let queue = package.part_queue(
        parts.into_iter().map(|(n, _)| n).collect(),
        options.decompress_ahead,
    );
    Ok(TableStream {
        queue,
        containers,
        current: None,
        shared: Shared {
            styles,
            numbering,
            limits,
            tables_started: 0,
            cells_read: 0,
            info: DocumentInfo {
                title,
                main_part: main,
                ..DocumentInfo::default()
            },
            title_candidate: None,
            body_table_seen: false,
            last_body_table: None,
            body_text_bytes: 0,
            may_be_continued: Default::default(),
            numbering_labels: options.numbering_labels,
        },
        out: VecDeque::new(),
        buf: Window::default(),
        finished: false,
        first_part: true,
    })
}

/// The tables of a document, each yielded once it is complete (note included). Tables come in
/// the order they complete: a nested table before its parent; numbers follow the order of the
/// tables' starts. After an error the stream ends.
pub struct TableStream<'a> {
    queue: PartQueue<'a>,
    containers: VecDeque<Container>,
    current: Option<(XmlReader<PartInput<'a>>, PartParser)>,
    shared: Shared,
    out: VecDeque<Table>,
    /// The current part's text (a fresh window for each part).
    buf: Window,
    finished: bool,
    first_part: bool,
}

impl std::fmt::Debug for TableStream<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TableStream")
            .field("tables_started", &self.shared.tables_started)
            .field("finished", &self.finished)
            .finish()
    }
}

impl TableStream<'_> {
    /// The document's facts; complete once the stream is exhausted (the title may come from
    /// the body paragraphs before the first table).
    pub fn info(&self) -> &DocumentInfo {
        &self.shared.info
    }

    /// Whether a table yet to come may continue the table numbered `number`, which the stream
    /// has yielded: a table is yielded once its note is complete, when the next table begins,
    /// and only a table separated from it by nothing but empty paragraphs may continue it (when
    /// their grids match, which is known once that table's grid is read). `false`: the table's
    /// continuation chain ends with it.
    pub fn may_be_continued(&self, number: usize) -> bool {
        self.shared.may_be_continued.contains(&number)
    }

    /// The document's facts, consuming the stream.
    pub fn into_info(self) -> DocumentInfo {
        self.shared.info
    }

    fn advance(&mut self) -> Result<()> {
        match self.current.as_mut() {
            Some((xml, parser)) => {
                if let Err(err) = parser.pump(xml, &mut self.buf, &mut self.shared, &mut self.out) {
                    // Garbled text may be a damaged zip entry: say so if it is.
                    return Err(match err {
                        Error::Xml { .. } | Error::NotUtf8 { .. } | Error::NoMainPart(_) => {
                            xml.damage().unwrap_or(err)
                        }
                        other => other,
                    });
                }
                if parser.is_finished() {
                    if self.first_part {
                        self.shared.info.strict = xml.saw_strict();
                        self.first_part = false;
                    }
                    self.current = None;
                }
                Ok(())
            }
            None => {
                let Some((name, reader)) = self.queue.next_part() else {
                    self.finish_info();
                    self.finished = true;
                    return Ok(());
                };
                let container = self.containers.pop_front().unwrap_or(Container::Body);
                let reader = match reader {
                    Ok(reader) => reader,
                    // Only the main part is required; a vanished side part is skipped.
                    Err(Error::MissingPart(_)) if !self.first_part => return Ok(()),
                    Err(err) => return Err(err),
                };
                let block = reader.piece();
                let xml =
                    XmlReader::with_block(reader, &name, self.shared.limits.max_xml_depth(), block);
                let parser = PartParser::new(&name, container, self.first_part);
                self.current = Some((xml, parser));
                self.buf.clear_for(block);
                Ok(())
            }
        }
    }

    fn finish_info(&mut self) {
        if self.shared.info.title.is_none() {
            self.shared.info.title = self.shared.title_candidate.take().map(|(_, t)| t);
        }
        // Spaces Word's layout left inside a Chinese title (`绩效 评估结果`) are no part of it.
        if let Some(title) = &mut self.shared.info.title {
            *title = text::join_cjk_spaces(title);
        }
    }
}

impl Iterator for TableStream<'_> {
    type Item = Result<Table>;

    fn next(&mut self) -> Option<Result<Table>> {
        loop {
            if let Some(table) = self.out.pop_front() {
                return Some(Ok(table));
            }
            if self.finished {
                return None;
            }
            if let Err(err) = self.advance() {
                self.finished = true;
                self.current = None;
                return Some(Err(err));
            }
        }
    }
}

impl std::iter::FusedIterator for TableStream<'_> {}

/// The name of the first part of `kind` related to the main document.
fn first_related(package: &Package, kind: PartKind) -> Option<String> {
    package.related_of(kind).next().map(str::to_string)
}

/// A small part read whole, as XML.
fn part_xml(package: &mut Package, name: &str) -> Result<XmlReader<Cursor<Vec<u8>>>> {
    let bytes = package.read_part(name)?;
    Ok(XmlReader::new(
        Cursor::new(bytes),
        name,
        package.limits().max_xml_depth(),
    ))
}

/// `dc:title` from `docProps/core.xml`, whitespace collapsed, if non-empty.
fn core_title(mut xml: XmlReader<Cursor<Vec<u8>>>) -> Result<Option<String>> {
    let mut buf = Window::default();
    let mut in_title = false;
    let mut title = String::new();
    loop {
        match xml.next(&mut buf)? {
            Ev::Start { start, empty, .. }
                if local_name(&start) == "title" && xml.depth() == 2 && !empty =>
            {
                in_title = true;
            }
            Ev::End => in_title = in_title && xml.depth() >= 2,
            Ev::Text(text) if in_title => title.push_str(&text),
            Ev::Eof => break,
            _ => {}
        }
    }
    let title = text::collapse_whitespace(&title);
    Ok((!title.is_empty()).then_some(title))
}

#[cfg(test)]
pub(crate) mod tests;
