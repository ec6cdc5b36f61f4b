//! The streaming pass over one part: an explicit element stack (never recursion on the input),
//! a stack of block scopes (the part, table cells, text boxes, notes) that carry the table
//! context, and a stack of open tables. Tables leave through `out` once their note is complete.

use std::collections::{BTreeSet, VecDeque};
use std::io::BufRead;

use quick_xml::events::BytesStart;

use super::model::{
    Anomaly, BodyParagraph, Cell, CellPosition, Container, DocumentInfo, MAX_BODY_PARAGRAPHS,
    MAX_BODY_TEXT_BYTES, Revision, Row, Table, VMerge,
};
use super::numbering::{Numbering, Suffix};
use super::styles::{Styles, on_off};
use super::text::{
    collapse_whitespace, is_attachment_label, is_symbol_font, is_unit_statement,
    looks_like_numbered_heading, may_name_symbol_font, symbol_char, symbol_text,
};
use crate::error::LimitKind;
use crate::package::Limits;
use crate::xml::{Ev, Ns, Window, XmlReader, local_name};
use crate::{Error, Result};

/// Open complex fields tracked at once; deeper ones are counted, not stored.
const MAX_FIELDS: usize = 64;
/// Longest field instruction kept.
const MAX_INSTRUCTION: usize = 1_000;
/// Note paragraphs kept per table; a table followed by pages of prose is released early.
const MAX_NOTE_PARAGRAPHS: usize = 50;
/// Longest heading kept, in characters: every table after it carries a copy, so a huge
/// heading-like paragraph must not be repeated across thousands of tables.
const MAX_HEADING_CHARS: usize = 200;
/// Bookmark names or field instructions kept per paragraph, cell or table (real documents have
/// a handful; a hostile one could have millions, and de-duplication is linear).
const MAX_NAMES: usize = 256;

/// `text` without leading and trailing newlines, moved rather than copied when it has none (a
/// cell's text is built paragraph by paragraph with `\n` between them).
fn trim_newlines(text: String) -> String {
    if text.starts_with('\n') || text.ends_with('\n') {
        text.trim_matches('\n').to_string()
    } else {
        text
    }
}

/// Adds `name` to a small de-duplicated list, up to `MAX_NAMES`.
fn add_name(list: &mut Vec<String>, name: &str) {
    if list.len() < MAX_NAMES && !list.iter().any(|n| n == name) {
        list.push(name.to_string());
    }
}

/// Adds a kind of tracked change to `kinds` once (the kinds are a fixed vocabulary, so the
/// list needs no bound).
fn add_kind(kinds: &mut Vec<String>, kind: &str) {
    if !kinds.iter().any(|k| k == kind) {
        kinds.push(kind.to_string());
    }
}

/// State shared by all parts of one document.
pub(crate) struct Shared {
    pub(crate) styles: Styles,
    pub(crate) numbering: Numbering,
    pub(crate) limits: Limits,
    pub(crate) tables_started: usize,
    /// Table cells read so far, all tables of all parts.
    pub(crate) cells_read: usize,
    pub(crate) info: DocumentInfo,
    /// Best title candidate so far: (prominence, text).
    pub(crate) title_candidate: Option<(u32, String)>,
    pub(crate) body_table_seen: bool,
    /// The number of the last top-level body table started, for the paragraphs after it.
    pub(crate) last_body_table: Option<usize>,
    /// Bytes of text kept in `info.body_text`.
    pub(crate) body_text_bytes: usize,
    /// Whether numbering labels go into the text (see `ReadOptions::numbering_labels`).
    pub(crate) numbering_labels: bool,
    /// The tables handed out while the table after them, which may continue them, is still
    /// being read ([`ContinuationCandidate`]). Every other table is handed out once nothing can
    /// continue it any more.
    pub(crate) may_be_continued: BTreeSet<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TextKind {
    Normal,
    Deleted,
    Instruction,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RevisionKind {
    Ins,
    Del,
    MoveFrom,
    MoveTo,
}

/// What an open element means to the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// Children are read as if the element were not there (hyperlink, smartTag, sdtContent…).
    Transparent,
    Paragraph,
    ParaProps,
    NumPr,
    ParaMarkProps,
    Run,
    RunProps,
    Text(TextKind),
    Table,
    Grid,
    Row,
    RowProps,
    Cell,
    CellProps,
    Revision(RevisionKind),
    Sdt,
    Alternate {
        taken: bool,
    },
    TextBox,
    Note,
}

impl Frame {
    /// Property containers: children not understood are skipped, not read as content.
    fn is_properties(self) -> bool {
        matches!(
            self,
            Frame::ParaProps
                | Frame::NumPr
                | Frame::ParaMarkProps
                | Frame::RunProps
                | Frame::Grid
                | Frame::RowProps
                | Frame::CellProps
        )
    }
}

enum Open {
    Push(Frame),
    Skip,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ScopeKind {
    Root,
    Cell,
    TextBox,
    Note,
}

#[derive(Debug, Default)]
struct Para {
    text: String,
    /// The text before tracked changes; `None` while it is `text` (no insertion or deletion
    /// so far), so that a paragraph without revisions is not built twice.
    original: Option<String>,
    hidden: String,
    bookmarks: Vec<String>,
    fields: Vec<String>,
    kinds: Vec<String>,
    content_control: bool,
    style: Option<String>,
    outline_level: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// Largest visible run size (half-points).
    max_size: Option<u32>,
    mark_deleted: bool,
    /// From the paragraph style: runs are hidden / sized like this unless they say otherwise.
    style_hidden: bool,
    style_size: Option<u32>,
}

struct Scope {
    kind: ScopeKind,
    container: Container,
    para: Option<Para>,
    last_heading: Option<String>,
    caption: Option<String>,
    /// A unit statement after the caption (`单位：万元` under the table's title).
    unit_line: Option<String>,
    lead_bookmarks: Vec<String>,
    pending: Option<Table>,
    /// Since `pending` ended: nothing but empty paragraphs and breaks.
    pending_clean: bool,
}

impl Scope {
    fn new(kind: ScopeKind, container: Container) -> Self {
        Self {
            kind,
            container,
            para: None,
            last_heading: None,
            caption: None,
            unit_line: None,
            lead_bookmarks: Vec::new(),
            pending: None,
            pending_clean: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HMerge {
    Restart,
    Continue,
}

#[derive(Debug, Default)]
struct CellBuilder {
    text: String,
    /// As [`Para::original`]: `None` while it is `text`.
    original: Option<String>,
    hidden: String,
    kinds: Vec<String>,
    numbering: Option<String>,
    bookmarks: Vec<String>,
    fields: Vec<String>,
    content_control: bool,
    nested_tables: Vec<usize>,
    col_span: usize,
    v_merge: VMerge,
    h_merge: Option<HMerge>,
    paragraphs: usize,
    prev_mark_deleted: bool,
}

#[derive(Debug, Default)]
struct RowBuilder {
    cells: Vec<(Cell, Option<HMerge>)>,
    current: Option<CellBuilder>,
    tc_count: usize,
    header: bool,
    grid_before: usize,
    grid_after: usize,
    deleted: bool,
    inserted: bool,
}

struct TableBuilder {
    table: Table,
    scope_index: usize,
    sdt_base: usize,
    grid_from_tbl_grid: usize,
    widths: Vec<usize>,
    row: Option<RowBuilder>,
    inner_bookmarks: Vec<String>,
    /// The table this one may continue.
    candidate: Option<ContinuationCandidate>,
}

/// A table that ended just before another began with nothing between them but empty
/// paragraphs: the new one continues it when their grids match.
struct ContinuationCandidate {
    /// The earlier table's number.
    number: usize,
    /// Its grid columns.
    grid_cols: usize,
    /// Its first row's texts, to tell whether the new table repeats the header.
    first_row: Vec<String>,
}

struct Field {
    instruction: String,
    result: bool,
}

#[derive(Debug, Default, Clone)]
struct RunState {
    /// The run's Symbol or Wingdings font (`w:rFonts`), whose private-use characters are mapped.
    symbol_font: Option<String>,
    vanish: Option<bool>,
    size: Option<u32>,
    style: Option<String>,
    hidden: bool,
    effective_size: Option<u32>,
}

/// The reader of one part.
pub(crate) struct PartParser {
    part: String,
    is_main: bool,
    frames: Vec<Frame>,
    skip_from: Option<usize>,
    scopes: Vec<Scope>,
    tables: Vec<TableBuilder>,
    fields: Vec<Field>,
    field_overflow: usize,
    del_depth: usize,
    ins_depth: usize,
    move_from_depth: usize,
    move_to_depth: usize,
    sdt_depth: usize,
    run: RunState,
    root_seen: bool,
    finished: bool,
}

impl PartParser {
    /// A parser for `part`, whose tables sit in `container`.
    pub(crate) fn new(part: &str, container: Container, is_main: bool) -> Self {
        Self {
            part: part.to_string(),
            is_main,
            frames: Vec::new(),
            skip_from: None,
            scopes: vec![Scope::new(ScopeKind::Root, container)],
            tables: Vec::new(),
            fields: Vec::new(),
            field_overflow: 0,
            del_depth: 0,
            ins_depth: 0,
            move_from_depth: 0,
            move_to_depth: 0,
            sdt_depth: 0,
            run: RunState::default(),
            root_seen: false,
            finished: false,
        }
    }

    /// True once the part's end was reached.
    pub(crate) fn is_finished(&self) -> bool {
        self.finished
    }

    /// Reads events until at least one table is complete or the part ends.
    pub(crate) fn pump<R: BufRead>(
        &mut self,
        xml: &mut XmlReader<R>,
        buf: &mut Window,
        shared: &mut Shared,
        out: &mut VecDeque<Table>,
    ) -> Result<()> {
        while out.is_empty() && !self.finished {
            let event = xml.next(buf)?;
            match event {
                Ev::Start { ns, start, empty } => {
                    if self.skip_from.is_some() {
                        continue;
                    }
                    let open = self.open(xml, ns, &start, shared, out)?;
                    match (open, empty) {
                        (Open::Push(frame), true) => self.close(frame, shared, out)?,
                        (Open::Push(frame), false) => self.frames.push(frame),
                        (Open::Skip, true) => {}
                        (Open::Skip, false) => self.skip_from = Some(xml.depth()),
                    }
                }
                Ev::End => {
                    if let Some(from) = self.skip_from {
                        if xml.depth() < from {
                            self.skip_from = None;
                        }
                        continue;
                    }
                    if let Some(frame) = self.frames.pop() {
                        self.close(frame, shared, out)?;
                    }
                }
                Ev::Text(text) => {
                    if self.skip_from.is_some() {
                        continue;
                    }
                    if let Some(Frame::Text(kind)) = self.frames.last().copied() {
                        let text = match &self.run.symbol_font {
                            Some(font) => symbol_text(font, &text),
                            None => std::borrow::Cow::Borrowed(text.as_ref()),
                        };
                        match kind {
                            TextKind::Normal => self.push_text(&text, false),
                            TextKind::Deleted => self.push_text(&text, true),
                            TextKind::Instruction => self.push_instruction(&text),
                        }
                    }
                }
                Ev::Skip => {}
                Ev::Eof => {
                    self.finish(out);
                }
            }
        }
        Ok(())
    }

    fn finish(&mut self, out: &mut VecDeque<Table>) {
        // Well-formed XML closed every element; release whatever is still pending.
        while let Some(scope) = self.scopes.pop() {
            if let Some(table) = scope.pending {
                out.push_back(table);
            }
        }
        self.finished = true;
    }

    fn scope(&mut self) -> Option<&mut Scope> {
        self.scopes.last_mut()
    }

    fn para(&mut self) -> Option<&mut Para> {
        self.scopes.last_mut()?.para.as_mut()
    }

    fn current_cell(&mut self) -> Option<&mut CellBuilder> {
        self.tables.last_mut()?.row.as_mut()?.current.as_mut()
    }

    fn in_cell_scope(&self) -> bool {
        self.scopes
            .last()
            .is_some_and(|s| s.kind == ScopeKind::Cell)
    }

    fn open<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        ns: Ns,
        start: &BytesStart<'_>,
        shared: &mut Shared,
        out: &mut VecDeque<Table>,
    ) -> Result<Open> {
        let local = local_name(start);
        if !self.root_seen {
            self.root_seen = true;
            if self.is_main && !(ns == Ns::W && local == "document") {
                return Err(Error::NoMainPart(crate::error::Text::msg(
                    crate::messages::NO_MAIN_PART_ROOT,
                    &[("part", &self.part), ("root", &local)],
                )));
            }
            return Ok(Open::Push(Frame::Transparent));
        }
        let parent = self.frames.last().copied().unwrap_or(Frame::Transparent);
        match ns {
            Ns::W => self.open_w(xml, local, start, parent, shared, out),
            Ns::Mc => Ok(match local {
                "AlternateContent" => Open::Push(Frame::Alternate { taken: false }),
                "Choice" | "Fallback" => match self.frames.last_mut() {
                    // The first branch wins (in practice the Choice); never both.
                    Some(Frame::Alternate { taken }) if !*taken => {
                        *taken = true;
                        Open::Push(Frame::Transparent)
                    }
                    _ => Open::Skip,
                },
                _ => Open::Push(Frame::Transparent),
            }),
            Ns::M if local == "t" => Ok(Open::Push(Frame::Text(TextKind::Normal))),
            _ if parent.is_properties() => Ok(Open::Skip),
            _ => Ok(Open::Push(Frame::Transparent)),
        }
    }

    /// A `w:` element: a property when its parent is a property container (whose children
    /// are never content), else content, each family read by a function of its own.
    fn open_w<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
        parent: Frame,
        shared: &mut Shared,
        out: &mut VecDeque<Table>,
    ) -> Result<Open> {
        match parent {
            Frame::ParaProps => self.open_paragraph_property(xml, local, start),
            Frame::NumPr => self.open_numbering_property(xml, local, start),
            Frame::ParaMarkProps => Ok(self.open_paragraph_mark_property(local)),
            Frame::RunProps => self.open_run_property(xml, local, start),
            Frame::Grid => self.open_grid_column(local, shared),
            Frame::RowProps => self.open_row_property(xml, local, start, shared),
            Frame::CellProps => self.open_cell_property(xml, local, start, shared),
            _ => self.open_content(xml, local, start, parent, shared, out),
        }
    }

    /// A child of `w:pPr`: the paragraph's style, outline level, numbering and mark.
    fn open_paragraph_property<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
    ) -> Result<Open> {
        Ok(match local {
            "pStyle" => {
                let style = xml.attr(start, "val")?.map(|v| v.into_owned());
                if let Some(p) = self.para() {
                    p.style = style;
                }
                Open::Skip
            }
            "outlineLvl" => {
                let level = xml.attr(start, "val")?.and_then(|v| v.trim().parse().ok());
                if let Some(p) = self.para() {
                    p.outline_level = level;
                }
                Open::Skip
            }
            "numPr" => Open::Push(Frame::NumPr),
            "rPr" => Open::Push(Frame::ParaMarkProps),
            "pPrChange" => {
                if let Some(p) = self.para() {
                    add_kind(&mut p.kinds, "pPrChange");
                }
                Open::Skip
            }
            _ => Open::Skip,
        })
    }

    /// A child of `w:numPr`: the paragraph's list and level.
    fn open_numbering_property<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
    ) -> Result<Open> {
        match local {
            "numId" => {
                let id = xml.attr(start, "val")?.map(|v| v.into_owned());
                if let Some(p) = self.para() {
                    p.num_id = id;
                }
            }
            "ilvl" => {
                let level = xml.attr(start, "val")?.and_then(|v| v.trim().parse().ok());
                if let Some(p) = self.para() {
                    p.ilvl = level;
                }
            }
            _ => {}
        }
        Ok(Open::Skip)
    }

    /// A child of the paragraph mark's `w:rPr`: tracked changes of the mark itself.
    fn open_paragraph_mark_property(&mut self, local: &str) -> Open {
        match local {
            "del" | "moveFrom" => {
                if let Some(p) = self.para() {
                    p.mark_deleted = true;
                    add_kind(&mut p.kinds, local);
                }
            }
            "ins" | "moveTo" | "rPrChange" => {
                if let Some(p) = self.para() {
                    add_kind(&mut p.kinds, local);
                }
            }
            _ => {}
        }
        Open::Skip
    }

    /// A child of a run's `w:rPr`: its style, size and hidden flag.
    fn open_run_property<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
    ) -> Result<Open> {
        match local {
            "rStyle" => self.run.style = xml.attr(start, "val")?.map(|v| v.into_owned()),
            "rFonts" if may_name_symbol_font(start.attributes_raw().as_bytes()) => {
                // The first of these slots, in this order, that names a symbol font.
                let mut symbol: Option<(usize, String)> = None;
                xml.attrs(
                    start,
                    &["ascii", "hAnsi", "cs", "eastAsia"],
                    |slot, font| {
                        if symbol.as_ref().is_none_or(|(first, _)| slot < *first)
                            && is_symbol_font(&font)
                        {
                            symbol = Some((slot, font.into_owned()));
                        }
                    },
                )?;
                if let Some((_, font)) = symbol {
                    self.run.symbol_font = Some(font);
                }
            }
            "sz" => self.run.size = xml.attr(start, "val")?.and_then(|v| v.trim().parse().ok()),
            "vanish" => {
                self.run.vanish = Some(xml.attr(start, "val")?.is_none_or(|v| on_off(&v)));
            }
            "rPrChange" => {
                if let Some(p) = self.para() {
                    add_kind(&mut p.kinds, "rPrChange");
                }
            }
            _ => {}
        }
        Ok(Open::Skip)
    }

    /// A child of `w:tblGrid`: one more grid column, within the cell limit.
    fn open_grid_column(&mut self, local: &str, shared: &Shared) -> Result<Open> {
        let max = shared.limits.max_cells_per_row();
        if local == "gridCol"
            && let Some(t) = self.tables.last_mut()
        {
            if t.grid_from_tbl_grid >= max {
                return Err(Error::limit(
                    LimitKind::GridColumns,
                    format!("number of grid columns of table {}", t.table.number),
                    max as u64,
                ));
            }
            t.grid_from_tbl_grid += 1;
        }
        Ok(Open::Skip)
    }

    /// A child of `w:trPr`: the row's skipped grid columns, header flag and tracked changes.
    fn open_row_property<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
        shared: &Shared,
    ) -> Result<Open> {
        if !matches!(
            local,
            "gridBefore" | "gridAfter" | "tblHeader" | "del" | "ins"
        ) {
            return Ok(Open::Skip);
        }
        let value = xml.attr(start, "val")?;
        // Spans beyond the cell limit are bogus: clamp them so the grid stays small.
        let max = shared.limits.max_cells_per_row();
        if let Some(row) = self.tables.last_mut().and_then(|t| t.row.as_mut()) {
            let number = || {
                value
                    .as_deref()
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .map(|n| n.min(max))
            };
            match local {
                "gridBefore" => row.grid_before = number().unwrap_or(0),
                "gridAfter" => row.grid_after = number().unwrap_or(0),
                "tblHeader" => row.header = value.as_deref().is_none_or(on_off),
                "del" => row.deleted = true,
                "ins" => row.inserted = true,
                _ => {}
            }
        }
        Ok(Open::Skip)
    }

    /// A child of `w:tcPr`: the cell's spans, merges and tracked changes.
    fn open_cell_property<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
        shared: &Shared,
    ) -> Result<Open> {
        if !matches!(
            local,
            "gridSpan" | "vMerge" | "hMerge" | "cellIns" | "cellDel" | "cellMerge" | "tcPrChange"
        ) {
            return Ok(Open::Skip);
        }
        let value = xml.attr(start, "val")?;
        let max = shared.limits.max_cells_per_row();
        if let Some(cell) = self.current_cell() {
            match local {
                "gridSpan" => {
                    cell.col_span = value
                        .as_deref()
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1)
                        .clamp(1, max.max(1));
                }
                "vMerge" => {
                    cell.v_merge = match value.as_deref() {
                        Some("restart") => VMerge::Restart,
                        _ => VMerge::Continue,
                    }
                }
                "hMerge" => {
                    cell.h_merge = Some(match value.as_deref() {
                        Some("restart") => HMerge::Restart,
                        _ => HMerge::Continue,
                    })
                }
                "cellIns" | "cellDel" | "cellMerge" | "tcPrChange" => {
                    add_kind(&mut cell.kinds, local)
                }
                _ => {}
            }
        }
        Ok(Open::Skip)
    }

    /// A content element: paragraphs and runs, fields, tracked changes, tables, content
    /// controls, text boxes and notes, bookmarks; whatever holds no displayed text is skipped.
    fn open_content<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
        parent: Frame,
        shared: &mut Shared,
        out: &mut VecDeque<Table>,
    ) -> Result<Open> {
        Ok(match local {
            "p" => self.open_paragraph(shared),
            "pPr" if parent == Frame::Paragraph => Open::Push(Frame::ParaProps),
            "r" => self.open_run(),
            "rPr" if parent == Frame::Run => Open::Push(Frame::RunProps),
            "t" => Open::Push(Frame::Text(TextKind::Normal)),
            "delText" => Open::Push(Frame::Text(TextKind::Deleted)),
            "instrText" => Open::Push(Frame::Text(TextKind::Instruction)),
            "tab" | "ptab" | "br" | "cr" | "noBreakHyphen" | "sym" if parent == Frame::Run => {
                self.open_run_character(xml, local, start)?
            }
            "fldChar" | "fldSimple" => self.open_field(xml, local, start)?,
            "ins" => self.open_revision(RevisionKind::Ins),
            "del" => self.open_revision(RevisionKind::Del),
            "moveFrom" => self.open_revision(RevisionKind::MoveFrom),
            "moveTo" => self.open_revision(RevisionKind::MoveTo),
            "tbl" => {
                self.begin_table(shared, out)?;
                Open::Push(Frame::Table)
            }
            "tblGrid" if parent == Frame::Table => Open::Push(Frame::Grid),
            "tr" => self.open_row(shared)?,
            "trPr" if parent == Frame::Row => Open::Push(Frame::RowProps),
            "tc" => self.open_cell(shared)?,
            "tcPr" if parent == Frame::Cell => Open::Push(Frame::CellProps),
            "sdt" => self.open_content_control(),
            "txbxContent" | "footnote" | "endnote" | "comment" => self.open_block_scope(local),
            "bookmarkStart" => self.open_bookmark(xml, start)?,
            // Property containers, old versions of properties, ruby text, section settings and
            // content-control settings hold no displayed text.
            "pPr" | "rPr" | "tblPr" | "tblPrEx" | "trPr" | "tcPr" | "sectPr" | "sdtPr"
            | "sdtEndPr" | "customXmlPr" | "smartTagPr" | "rt" | "delInstrText" | "background"
            | "tblGrid" | "fldData" | "docPartPr" => Open::Skip,
            name if name.ends_with("Change") => Open::Skip,
            _ if parent.is_properties() => Open::Skip,
            _ => Open::Push(Frame::Transparent),
        })
    }

    /// `w:p`: a new paragraph in the current scope, taking its style's defaults (one met while
    /// the scope's paragraph is still open is read as part of that paragraph).
    fn open_paragraph(&mut self, shared: &Shared) -> Open {
        let scope_has_para = self.scope().is_some_and(|s| s.para.is_some());
        if scope_has_para {
            return Open::Push(Frame::Transparent);
        }
        let styles = &shared.styles;
        let mut para = Para::default();
        (para.style_hidden, para.style_size) = styles.default_paragraph_look();
        // Only a content control inside the table counts (one around the whole
        // table does not mark every cell).
        let base = self.tables.last().map_or(0, |t| t.sdt_base);
        para.content_control = self.in_cell_scope() && self.sdt_depth > base;
        if let Some(scope) = self.scope() {
            scope.para = Some(para);
        }
        Open::Push(Frame::Paragraph)
    }

    /// `w:r`: a new run, hidden and sized like its paragraph until its properties say otherwise.
    fn open_run(&mut self) -> Open {
        let (hidden, size) = self
            .para()
            .map(|p| (p.style_hidden, p.style_size))
            .unwrap_or((false, None));
        self.run = RunState {
            hidden,
            effective_size: size,
            ..RunState::default()
        };
        Open::Push(Frame::Run)
    }

    /// A character written as an element inside a run: tab, break, hyphen or symbol.
    fn open_run_character<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
    ) -> Result<Open> {
        match local {
            "tab" | "ptab" => self.push_text("\t", false),
            "br" | "cr" => self.push_text("\n", false),
            "noBreakHyphen" => self.push_text("-", false),
            "sym" => {
                let font = xml.attr(start, "font")?.unwrap_or_default().into_owned();
                let code = xml
                    .attr(start, "char")?
                    .and_then(|c| u32::from_str_radix(c.trim(), 16).ok());
                if let Some(ch) = code.and_then(|c| symbol_char(&font, c)) {
                    let mut utf8 = [0u8; 4];
                    self.push_text(ch.encode_utf8(&mut utf8), false);
                }
            }
            _ => {}
        }
        Ok(Open::Skip)
    }

    /// `w:fldChar` (a complex field's begin, separator or end) or `w:fldSimple`.
    fn open_field<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        local: &str,
        start: &BytesStart<'_>,
    ) -> Result<Open> {
        if local == "fldSimple" {
            let instruction = xml.attr(start, "instr")?.unwrap_or_default().into_owned();
            self.record_instruction(&instruction);
            return Ok(Open::Push(Frame::Transparent));
        }
        let kind = xml
            .attr(start, "fldCharType")?
            .unwrap_or_default()
            .into_owned();
        self.field_char(&kind);
        Ok(Open::Skip)
    }

    /// `w:tr`: a new row of the innermost table, within the row limit.
    fn open_row(&mut self, shared: &Shared) -> Result<Open> {
        match self.tables.last_mut() {
            Some(t) if t.row.is_none() => {
                if t.table.rows.len() >= shared.limits.max_rows_per_table() {
                    return Err(Error::limit(
                        LimitKind::Rows,
                        format!("number of rows in table {}", t.table.number),
                        shared.limits.max_rows_per_table() as u64,
                    ));
                }
                t.row = Some(RowBuilder::default());
                Ok(Open::Push(Frame::Row))
            }
            _ => Ok(Open::Push(Frame::Transparent)),
        }
    }

    /// `w:tc`: a new cell of the current row, within the per-row and per-document cell
    /// limits, with a block scope of its own.
    fn open_cell(&mut self, shared: &mut Shared) -> Result<Open> {
        let sdt_depth = self.sdt_depth;
        let max_cells = shared.limits.max_cells_per_row();
        let Some(table) = self.tables.last_mut() else {
            return Ok(Open::Push(Frame::Transparent));
        };
        let sdt_base = table.sdt_base;
        let number = table.table.number;
        let Some(row) = table.row.as_mut() else {
            return Ok(Open::Push(Frame::Transparent));
        };
        if row.current.is_some() {
            return Ok(Open::Push(Frame::Transparent));
        }
        if row.tc_count >= max_cells {
            return Err(Error::limit(
                LimitKind::CellsInRow,
                format!("number of cells in a row of table {number}"),
                max_cells as u64,
            ));
        }
        // Reading and auditing cost a few hundred bytes to a kilobyte a cell.
        if shared.cells_read >= shared.limits.max_cells() {
            return Err(Error::limit(
                LimitKind::Cells,
                "number of table cells in the document",
                shared.limits.max_cells() as u64,
            ));
        }
        shared.cells_read += 1;
        row.tc_count += 1;
        row.current = Some(CellBuilder {
            col_span: 1,
            content_control: sdt_depth > sdt_base,
            ..CellBuilder::default()
        });
        let container = self
            .scopes
            .last()
            .map(|s| s.container)
            .unwrap_or(Container::Body);
        self.scopes.push(Scope::new(ScopeKind::Cell, container));
        Ok(Open::Push(Frame::Cell))
    }

    /// `w:sdt`: a content control, which marks the cell and paragraph it is in.
    fn open_content_control(&mut self) -> Open {
        self.sdt_depth += 1;
        if self.in_cell_scope()
            && let Some(cell) = self.current_cell()
        {
            cell.content_control = true;
        }
        if let Some(p) = self.para() {
            p.content_control = true;
        }
        Open::Push(Frame::Sdt)
    }

    /// `w:txbxContent`, `w:footnote`, `w:endnote` or `w:comment`: a block scope of its own, so
    /// that its paragraphs neither head nor note the tables around it.
    fn open_block_scope(&mut self, local: &str) -> Open {
        if local == "txbxContent" {
            self.scopes
                .push(Scope::new(ScopeKind::TextBox, Container::TextBox));
            return Open::Push(Frame::TextBox);
        }
        let container = self
            .scopes
            .last()
            .map(|s| s.container)
            .unwrap_or(Container::Body);
        self.scopes.push(Scope::new(ScopeKind::Note, container));
        Open::Push(Frame::Note)
    }

    /// `w:bookmarkStart`: a named bookmark at this point.
    fn open_bookmark<R: BufRead>(
        &mut self,
        xml: &XmlReader<R>,
        start: &BytesStart<'_>,
    ) -> Result<Open> {
        if let Some(name) = xml.attr(start, "name")? {
            let name = name.trim().to_string();
            // `_GoBack` is Word's mark of the last edit, wherever the cursor was: not a place
            // anyone named.
            if !name.is_empty() && name != "_GoBack" {
                self.bookmark(name);
            }
        }
        Ok(Open::Skip)
    }

    fn open_revision(&mut self, kind: RevisionKind) -> Open {
        match kind {
            RevisionKind::Ins => self.ins_depth += 1,
            RevisionKind::Del => self.del_depth += 1,
            RevisionKind::MoveFrom => self.move_from_depth += 1,
            RevisionKind::MoveTo => self.move_to_depth += 1,
        }
        Open::Push(Frame::Revision(kind))
    }

    fn close(
        &mut self,
        frame: Frame,
        shared: &mut Shared,
        out: &mut VecDeque<Table>,
    ) -> Result<()> {
        match frame {
            Frame::Paragraph => self.end_paragraph(shared, out),
            Frame::ParaProps => {
                if let Some(p) = self.para()
                    && let Some(style) = p.style.as_deref()
                    && shared.styles.get(style).is_some()
                {
                    (p.style_hidden, p.style_size) = shared.styles.hidden_and_size(Some(style));
                }
            }
            Frame::RunProps => {
                let (para_hidden, para_size) = self
                    .para()
                    .map(|p| (p.style_hidden, p.style_size))
                    .unwrap_or((false, None));
                let run = &mut self.run;
                let style = run.style.as_deref().and_then(|s| shared.styles.get(s));
                run.hidden = run
                    .vanish
                    .or_else(|| style.and_then(|s| s.vanish))
                    .unwrap_or(para_hidden);
                run.effective_size = run
                    .size
                    .or_else(|| style.and_then(|s| s.size))
                    .or(para_size);
            }
            Frame::Revision(kind) => match kind {
                RevisionKind::Ins => self.ins_depth = self.ins_depth.saturating_sub(1),
                RevisionKind::Del => self.del_depth = self.del_depth.saturating_sub(1),
                RevisionKind::MoveFrom => {
                    self.move_from_depth = self.move_from_depth.saturating_sub(1)
                }
                RevisionKind::MoveTo => self.move_to_depth = self.move_to_depth.saturating_sub(1),
            },
            Frame::Sdt => self.sdt_depth = self.sdt_depth.saturating_sub(1),
            Frame::Table => self.end_table(),
            Frame::Row => self.end_row(),
            Frame::Cell => self.end_cell(out),
            Frame::TextBox | Frame::Note => {
                if self.scopes.len() > 1
                    && let Some(scope) = self.scopes.pop()
                    && let Some(table) = scope.pending
                {
                    out.push_back(table);
                }
            }
            Frame::Transparent
            | Frame::NumPr
            | Frame::ParaMarkProps
            | Frame::Run
            | Frame::Text(_)
            | Frame::Grid
            | Frame::RowProps
            | Frame::CellProps
            | Frame::Alternate { .. } => {}
        }
        Ok(())
    }

    fn fields_visible(&self) -> bool {
        self.field_overflow == 0 && self.fields.iter().all(|f| f.result)
    }

    fn push_text(&mut self, text: &str, deleted_text: bool) {
        if !self.fields_visible() {
            return;
        }
        let deleted = deleted_text || self.del_depth > 0 || self.move_from_depth > 0;
        let inserted = self.ins_depth > 0 || self.move_to_depth > 0;
        let moved_from = self.move_from_depth > 0;
        let moved_to = self.move_to_depth > 0;
        let hidden = self.run.hidden;
        let size = self.run.effective_size;
        let Some(para) = self.para() else {
            return;
        };
        if deleted {
            para.original
                .get_or_insert_with(|| para.text.clone())
                .push_str(text);
            add_kind(&mut para.kinds, if moved_from { "moveFrom" } else { "del" });
            return;
        }
        if hidden {
            para.hidden.push_str(text);
            return;
        }
        if inserted {
            // The original is the text so far, without what is inserted.
            para.original.get_or_insert_with(|| para.text.clone());
            para.text.push_str(text);
            add_kind(&mut para.kinds, if moved_to { "moveTo" } else { "ins" });
        } else {
            para.text.push_str(text);
            if let Some(original) = para.original.as_mut() {
                original.push_str(text);
            }
        }
        if !text.trim().is_empty()
            && let Some(size) = size
        {
            para.max_size = Some(para.max_size.map_or(size, |m| m.max(size)));
        }
    }

    fn push_instruction(&mut self, text: &str) {
        if self.field_overflow > 0 {
            return;
        }
        if let Some(field) = self.fields.last_mut()
            && !field.result
            && field.instruction.len() < MAX_INSTRUCTION
        {
            field.instruction.push_str(text);
        }
    }

    fn record_instruction(&mut self, instruction: &str) {
        let instruction = collapse_whitespace(instruction);
        if instruction.is_empty() {
            return;
        }
        if let Some(para) = self.para() {
            add_name(&mut para.fields, &instruction);
        }
    }

    fn field_char(&mut self, kind: &str) {
        // A deleted field is gone from the accepted reading: its characters do not count.
        if self.del_depth > 0 || self.move_from_depth > 0 {
            return;
        }
        match kind {
            "begin" => {
                if self.fields.len() < MAX_FIELDS && self.field_overflow == 0 {
                    self.fields.push(Field {
                        instruction: String::new(),
                        result: false,
                    });
                } else {
                    self.field_overflow += 1;
                }
            }
            "separate" if self.field_overflow == 0 => {
                let mut recorded = None;
                if let Some(field) = self.fields.last_mut()
                    && !field.result
                {
                    field.result = true;
                    recorded = Some(std::mem::take(&mut field.instruction));
                }
                if let Some(instruction) = recorded {
                    self.record_instruction(&instruction);
                }
            }
            "end" => {
                if self.field_overflow > 0 {
                    self.field_overflow -= 1;
                } else if let Some(field) = self.fields.pop()
                    && !field.result
                {
                    self.record_instruction(&field.instruction);
                }
            }
            _ => {}
        }
    }

    fn bookmark(&mut self, name: String) {
        let scopes = self.scopes.len();
        if let Some(para) = self.para() {
            add_name(&mut para.bookmarks, &name);
            return;
        }
        // Outside paragraphs: a child of w:tbl / w:tr belongs to the table; a child of w:tc to
        // the cell; a child of w:body (or a cell's block level) leads into what follows.
        if let Some(table) = self.tables.last_mut()
            && table.scope_index + 1 == scopes
        {
            add_name(&mut table.inner_bookmarks, &name);
            return;
        }
        if self.in_cell_scope()
            && let Some(cell) = self.current_cell()
        {
            add_name(&mut cell.bookmarks, &name);
        }
        if let Some(scope) = self.scope() {
            add_name(&mut scope.lead_bookmarks, &name);
        }
    }

    fn end_paragraph(&mut self, shared: &mut Shared, out: &mut VecDeque<Table>) {
        let Some(scope) = self.scopes.last_mut() else {
            return;
        };
        let Some(mut para) = scope.para.take() else {
            return;
        };
        let scope_kind = scope.kind;
        let container = scope.container;
        let styles = &shared.styles;
        let own_style = para.style.take();
        let style = own_style.as_deref().or_else(|| styles.default_paragraph());

        // Automatic numbering: the paragraph's own numPr, else its style's.
        let mut numbering = None;
        let direct = para.num_id.clone();
        let resolved = style.and_then(|s| styles.get(s));
        let from_style = resolved.and_then(|s| s.numbering.clone());
        let num = match (direct, from_style) {
            (Some(id), style_num) => Some((id, para.ilvl.or(style_num.and_then(|(_, l)| l)))),
            (None, Some((id, level))) => Some((id, para.ilvl.or(level))),
            (None, None) => None,
        };
        if let Some((num_id, level)) = num {
            let level = level
                .or_else(|| {
                    style.and_then(|s| shared.numbering.level_for_style(&num_id, s, &shared.styles))
                })
                .unwrap_or(0);
            if let Some(label) = shared.numbering.next_label(&num_id, level, &shared.styles)
                && !label.bullet
                && !label.text.is_empty()
            {
                numbering = Some(label);
            }
        }
        let (text, original) = match numbering.as_ref().filter(|_| shared.numbering_labels) {
            Some(label) => {
                let separator = match label.suffix {
                    Suffix::Nothing => "",
                    Suffix::Space | Suffix::Tab => " ",
                };
                let join = |body: &str| {
                    if body.trim().is_empty() {
                        label.text.clone()
                    } else {
                        format!("{}{}{}", label.text, separator, body)
                    }
                };
                (join(&para.text), para.original.as_deref().map(join))
            }
            None => (std::mem::take(&mut para.text), para.original.take()),
        };

        let outline = para
            .outline_level
            .or_else(|| resolved.and_then(|s| s.outline_level));
        let heading_like = !text.trim().is_empty()
            && (outline.is_some_and(|l| l < 9)
                || resolved.is_some_and(|s| s.heading)
                || looks_like_numbered_heading(&text));
        let is_title_style = style.is_some_and(|s| Styles::is_title(s, resolved));

        if scope_kind == ScopeKind::Cell
            && let Some(cell) = self.current_cell()
        {
            // The cell's original is built apart once it differs from its text: a paragraph
            // with insertions or deletions, or a deleted paragraph mark (the text then joins
            // the next paragraph without a line break).
            let separate = original.is_some() || (cell.paragraphs > 0 && cell.prev_mark_deleted);
            if separate && cell.original.is_none() {
                cell.original = Some(cell.text.clone());
            }
            if cell.paragraphs > 0 {
                if !cell.prev_mark_deleted {
                    cell.text.push('\n');
                }
                if let Some(cell_original) = cell.original.as_mut() {
                    cell_original.push('\n');
                }
            }
            if let Some(cell_original) = cell.original.as_mut() {
                cell_original.push_str(original.as_deref().unwrap_or(&text));
            }
            cell.text.push_str(&text);
            if !para.hidden.is_empty() {
                if !cell.hidden.is_empty() {
                    cell.hidden.push('\n');
                }
                cell.hidden.push_str(&para.hidden);
            }
            for bookmark in &para.bookmarks {
                add_name(&mut cell.bookmarks, bookmark);
            }
            for field in &para.fields {
                add_name(&mut cell.fields, field);
            }
            for kind in &para.kinds {
                add_kind(&mut cell.kinds, kind);
            }
            if cell.numbering.is_none() {
                cell.numbering = numbering.as_ref().map(|l| l.text.clone());
            }
            cell.content_control |= para.content_control;
            cell.prev_mark_deleted = para.mark_deleted;
            cell.paragraphs += 1;
        }

        if scope_kind == ScopeKind::Root && container == Container::Body {
            keep_body_paragraph(shared, &text);
            shared.info.paragraphs += 1;
            if !para.hidden.is_empty() {
                shared.info.hidden_paragraphs += 1;
            }
            if !shared.body_table_seen {
                let candidate = collapse_whitespace(&text);
                if !candidate.is_empty() && !is_attachment_label(&candidate) {
                    let prominence = if is_title_style {
                        u32::MAX
                    } else {
                        para.max_size.or(para.style_size).unwrap_or(20)
                    };
                    let better = shared
                        .title_candidate
                        .as_ref()
                        .is_none_or(|(best, _)| prominence > *best);
                    if better {
                        shared.title_candidate = Some((prominence, candidate));
                    }
                }
            }
        }

        let Some(scope) = self.scopes.last_mut() else {
            return;
        };
        if text.trim().is_empty() {
            for bookmark in &para.bookmarks {
                add_name(&mut scope.lead_bookmarks, bookmark);
            }
        } else if heading_like {
            if let Some(table) = scope.pending.take() {
                out.push_back(table);
            }
            let mut heading = collapse_whitespace(&text);
            if let Some((cut, _)) = heading.char_indices().nth(MAX_HEADING_CHARS) {
                heading.truncate(cut);
                heading.push('…');
            }
            scope.last_heading = Some(heading);
            scope.caption = None;
            scope.unit_line = None;
            // Kept with those of the paragraphs since the last table: a bookmark on the
            // document's title, or on a heading above this one, selects the table that follows.
            for bookmark in &para.bookmarks {
                add_name(&mut scope.lead_bookmarks, bookmark);
            }
        } else {
            // `附件2` begins the next annex: what follows is its text, not this table's note.
            let next_annex = scope.pending.is_some() && is_attachment_label(&text);
            let mut release = next_annex;
            if let Some(table) = scope.pending.as_mut()
                && !next_annex
            {
                table.note.push(text.trim().to_string());
                release = table.note.len() >= MAX_NOTE_PARAGRAPHS;
            }
            if release && let Some(table) = scope.pending.take() {
                out.push_back(table);
            }
            scope.pending_clean = false;
            // Whitespace is collapsed only if a table takes it as its caption. A unit line
            // under a title leaves the title the caption: the sheet is named after the title,
            // not `单位：万元`.
            if scope.caption.is_some() && is_unit_statement(&text) {
                scope.unit_line = Some(text);
            } else {
                scope.caption = Some(text);
                scope.unit_line = None;
            }
            for bookmark in &para.bookmarks {
                add_name(&mut scope.lead_bookmarks, bookmark);
            }
        }
    }

    fn begin_table(&mut self, shared: &mut Shared, out: &mut VecDeque<Table>) -> Result<()> {
        if shared.tables_started >= shared.limits.max_tables() {
            return Err(Error::limit(
                LimitKind::Tables,
                "number of tables",
                shared.limits.max_tables() as u64,
            ));
        }
        shared.tables_started += 1;
        let number = shared.tables_started;
        let in_cell = self.in_cell_scope();
        let scope_index = self.scopes.len().saturating_sub(1);
        let part = self.part.clone();
        let Some(scope) = self.scopes.last_mut() else {
            return Ok(());
        };
        if scope.kind == ScopeKind::Root && scope.container == Container::Body {
            shared.body_table_seen = true;
            shared.last_body_table = Some(number);
            for paragraph in shared.info.body_text.iter_mut().rev() {
                if paragraph.before_table.is_some() {
                    break;
                }
                paragraph.before_table = Some(number);
            }
        }
        let mut candidate = None;
        if let Some(previous) = scope.pending.take() {
            if scope.pending_clean {
                let first_row = previous
                    .rows
                    .first()
                    .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
                    .unwrap_or_default();
                candidate = Some(ContinuationCandidate {
                    number: previous.number,
                    grid_cols: previous.grid_cols,
                    first_row,
                });
                shared.may_be_continued.insert(previous.number);
            }
            out.push_back(previous);
        }
        let heading = scope.last_heading.clone();
        let caption = scope.caption.take().map(|c| collapse_whitespace(&c));
        let unit_line = scope.unit_line.take().map(|c| collapse_whitespace(&c));
        let bookmarks = std::mem::take(&mut scope.lead_bookmarks);
        let container = scope.container;
        let mut nested_in = None;
        if in_cell && let Some(parent) = self.tables.last_mut() {
            let parent_number = parent.table.number;
            let row_number = parent.table.rows.len() + 1;
            if let Some(row) = parent.row.as_mut() {
                nested_in = Some(CellPosition {
                    table: parent_number,
                    row: row_number,
                    cell: row.tc_count,
                });
                if let Some(cell) = row.current.as_mut() {
                    cell.nested_tables.push(number);
                }
            }
        }
        self.tables.push(TableBuilder {
            table: Table {
                number,
                container,
                part,
                heading,
                caption,
                unit_line,
                bookmarks,
                note: Vec::new(),
                nested_in,
                continues: None,
                repeats_header: false,
                grid_cols: 0,
                rows: Vec::new(),
                anomalies: Vec::new(),
            },
            scope_index,
            sdt_base: self.sdt_depth,
            grid_from_tbl_grid: 0,
            widths: Vec::new(),
            row: None,
            inner_bookmarks: Vec::new(),
            candidate,
        });
        Ok(())
    }

    fn end_cell(&mut self, out: &mut VecDeque<Table>) {
        if self.scopes.len() > 1
            && let Some(scope) = self.scopes.pop()
            && let Some(table) = scope.pending
        {
            out.push_back(table);
        }
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(row) = table.row.as_mut() else {
            return;
        };
        let Some(mut builder) = row.current.take() else {
            return;
        };
        let text = trim_newlines(std::mem::take(&mut builder.text));
        let revision = (!builder.kinds.is_empty()).then(|| Revision {
            original: match builder.original.take() {
                Some(original) => trim_newlines(original),
                None => text.clone(),
            },
            kinds: builder.kinds,
        });
        for bookmark in &builder.bookmarks {
            add_name(&mut table.inner_bookmarks, bookmark);
        }
        let cell = Cell {
            text,
            grid_col: 0,
            col_span: builder.col_span.max(1),
            row_span: 1,
            v_merge: builder.v_merge,
            numbering: builder.numbering,
            revision,
            hidden: (!builder.hidden.is_empty()).then_some(builder.hidden),
            bookmarks: builder.bookmarks,
            fields: builder.fields,
            content_control: builder.content_control,
            nested_tables: builder.nested_tables,
        };
        row.cells.push((cell, builder.h_merge));
    }

    fn end_row(&mut self) {
        let Some(table) = self.tables.last_mut() else {
            return;
        };
        let Some(mut row) = table.row.take() else {
            return;
        };
        if let Some(builder) = row.current.take() {
            // A cell left open by malformed nesting: keep what it had.
            row.cells.push((
                Cell {
                    text: builder.text,
                    grid_col: 0,
                    col_span: builder.col_span.max(1),
                    row_span: 1,
                    v_merge: builder.v_merge,
                    numbering: builder.numbering,
                    revision: None,
                    hidden: None,
                    bookmarks: builder.bookmarks,
                    fields: builder.fields,
                    content_control: builder.content_control,
                    nested_tables: builder.nested_tables,
                },
                builder.h_merge,
            ));
        }
        if row.deleted {
            table.table.anomalies.push(Anomaly {
                row: Some(table.table.rows.len()),
                message: "a row deleted by a tracked change was left out of the accepted reading"
                    .into(),
            });
            return;
        }
        // Legacy horizontal merges: fold continuation cells into the cell they continue.
        let mut cells: Vec<Cell> = Vec::with_capacity(row.cells.len());
        for (cell, h_merge) in row.cells {
            if h_merge == Some(HMerge::Continue)
                && let Some(previous) = cells.last_mut()
            {
                previous.col_span += cell.col_span;
                if !cell.text.trim().is_empty() {
                    previous.text.push('\n');
                    previous.text.push_str(&cell.text);
                }
                continue;
            }
            cells.push(cell);
        }
        let mut column = row.grid_before;
        for cell in &mut cells {
            cell.grid_col = column;
            column = column.saturating_add(cell.col_span);
        }
        if row.inserted {
            for cell in &mut cells {
                let revision = cell.revision.get_or_insert_with(|| Revision {
                    original: String::new(),
                    kinds: Vec::new(),
                });
                add_kind(&mut revision.kinds, "rowIns");
                revision.original.clear();
            }
        }
        table.widths.push(column.saturating_add(row.grid_after));
        table.table.rows.push(Row {
            cells,
            header: row.header,
            grid_before: row.grid_before,
            grid_after: row.grid_after,
        });
    }

    fn end_table(&mut self) {
        let Some(builder) = self.tables.pop() else {
            return;
        };
        let scope_index = builder.scope_index;
        let table = finish_table(builder);
        let scope = match self.scopes.get_mut(scope_index) {
            Some(scope) => scope,
            None => match self.scopes.last_mut() {
                Some(scope) => scope,
                None => return,
            },
        };
        scope.pending = Some(table);
        scope.pending_clean = true;
        scope.caption = None;
        scope.unit_line = None;
        scope.lead_bookmarks.clear();
    }
}

/// The cell of `row` starting at grid column `column` (cells are in grid order).
fn starting_at(row: &Row, column: usize) -> Option<&Cell> {
    let index = row.cells.partition_point(|c| c.grid_col < column);
    row.cells.get(index).filter(|c| c.grid_col == column)
}

/// Whether some cell of `row` covers grid column `column`.
fn covers(row: &Row, column: usize) -> bool {
    let index = row.cells.partition_point(|c| c.grid_col <= column);
    index
        .checked_sub(1)
        .and_then(|i| row.cells.get(i))
        .is_some_and(|c| column < c.grid_col.saturating_add(c.col_span))
}

/// Grid columns, spans, anomalies and continuation for a complete table.
fn finish_table(builder: TableBuilder) -> Table {
    let TableBuilder {
        mut table,
        grid_from_tbl_grid,
        widths,
        inner_bookmarks,
        candidate,
        ..
    } = builder;
    let widest = widths.iter().copied().max().unwrap_or(0);
    if grid_from_tbl_grid > 0 {
        for (index, width) in widths.iter().enumerate() {
            if *width > grid_from_tbl_grid {
                table.anomalies.push(Anomaly {
                    row: Some(index),
                    message: format!(
                        "row {} needs {} grid columns but the table grid has {}",
                        index + 1,
                        width,
                        grid_from_tbl_grid
                    ),
                });
            }
        }
    }
    table.grid_cols = grid_from_tbl_grid.max(widest);

    // Vertical merges: a restart cell spans the continuation cells below it in its column.
    let row_count = table.rows.len();
    for r in 0..row_count {
        let restarts: Vec<(usize, usize)> = table
            .rows
            .get(r)
            .map(|row| {
                row.cells
                    .iter()
                    .enumerate()
                    .filter(|(_, c)| c.v_merge == VMerge::Restart)
                    .map(|(i, c)| (i, c.grid_col))
                    .collect()
            })
            .unwrap_or_default();
        for (index, column) in restarts {
            let mut span = 1;
            for below in table.rows.iter().skip(r + 1) {
                let continues =
                    starting_at(below, column).is_some_and(|c| c.v_merge == VMerge::Continue);
                if continues {
                    span += 1;
                } else {
                    break;
                }
            }
            if let Some(cell) = table
                .rows
                .get_mut(r)
                .and_then(|row| row.cells.get_mut(index))
            {
                cell.row_span = span;
            }
        }
        if let Some(row) = table.rows.get(r) {
            for cell in row.cells.iter().filter(|c| c.v_merge == VMerge::Continue) {
                let above = r
                    .checked_sub(1)
                    .and_then(|a| table.rows.get(a))
                    .is_some_and(|above| covers(above, cell.grid_col));
                if !above {
                    table.anomalies.push(Anomaly {
                        row: Some(r),
                        message: format!(
                            "row {}: the cell at grid column {} continues a vertical merge but nothing is above it",
                            r + 1,
                            cell.grid_col + 1
                        ),
                    });
                }
            }
        }
    }

    for bookmark in &inner_bookmarks {
        add_name(&mut table.bookmarks, bookmark);
    }

    if let Some(ContinuationCandidate {
        number,
        grid_cols,
        first_row,
    }) = candidate
        && grid_cols == table.grid_cols
        && grid_cols > 0
    {
        table.continues = Some(number);
        let this_first: Vec<&str> = table
            .rows
            .first()
            .map(|r| r.cells.iter().map(|c| c.text.as_str()).collect())
            .unwrap_or_default();
        table.repeats_header = !this_first.is_empty()
            && this_first.iter().any(|t| !t.trim().is_empty())
            && this_first.len() == first_row.len()
            && this_first
                .iter()
                .zip(first_row.iter())
                .all(|(a, b)| collapse_whitespace(a) == collapse_whitespace(b));
    }
    table
}

/// Keeps a non-empty body paragraph in `info.body_text`, within its bounds (the paragraphs
/// past them are counted, not kept).
fn keep_body_paragraph(shared: &mut Shared, text: &str) {
    let text = text.trim();
    if text.is_empty() {
        return;
    }
    let bytes = shared.body_text_bytes.saturating_add(text.len());
    let info = &mut shared.info;
    if info.body_text.len() >= MAX_BODY_PARAGRAPHS || bytes > MAX_BODY_TEXT_BYTES {
        info.body_text_dropped += 1;
        return;
    }
    shared.body_text_bytes = bytes;
    info.body_text.push(BodyParagraph {
        index: info.paragraphs,
        text: text.to_string(),
        after_table: shared.last_body_table,
        before_table: None,
    });
}
