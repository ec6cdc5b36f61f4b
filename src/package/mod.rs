//! The .docx package: a zip archive read with limits, and the relationships that say which part
//! is the main document and where its styles, numbering, headers, footers and notes are.
//!
//! ```no_run
//! use annex_audit::package::{Limits, Package};
//!
//! let mut package = Package::open("annex.docx", &Limits::default())?;
//! println!("main part: {}", package.main_part());
//! # Ok::<(), annex_audit::Error>(())
//! ```

use std::collections::HashMap;
use std::io::{Cursor, Read};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use zip::ZipArchive;
use zip::result::ZipError;

use crate::error::{LimitKind, Text};
use crate::messages;
use crate::xml::{Ev, XmlReader, local_name};
use crate::{Error, Result};

mod ahead;
mod part;
mod source;

pub use ahead::PartInput;
pub use part::PartReader;
use source::Source;

const MIB: u64 = 1024 * 1024;

/// Longest part name read, in bytes (Word's are under 40): every table records the name of its
/// part, so a 64 KB name would be copied into each of them.
const MAX_PART_NAME: usize = 1024;

/// Limits applied while opening and reading a package. The defaults accept any real annex
/// (a 200 MiB document.xml included) and refuse bombs quickly and in bounded memory.
///
/// ```
/// use annex_audit::package::Limits;
/// let limits = Limits::default().with_max_part_size(50 * 1024 * 1024).with_max_tables(100);
/// assert_eq!(limits.max_part_size(), 50 * 1024 * 1024);
/// assert_eq!(limits.max_tables(), 100);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    max_part_size: u64,
    max_compression_ratio: u64,
    max_entries: usize,
    max_total_uncompressed: u64,
    max_xml_depth: usize,
    max_tables: usize,
    max_rows_per_table: usize,
    max_cells_per_row: usize,
    max_cells: usize,
}

impl Default for Limits {
    /// - part size: 200 MiB (declared and actual);
    /// - compression ratio: 500:1, judged only once a part has produced more than 16 MiB
    ///   (Word's XML compresses 10–50:1; a bomb of spaces 1000:1);
    /// - entries: 20,000; declared total of all entries: 2 GiB (media included);
    /// - XML nesting depth: 512 elements (a table nested 8 deep needs about 40);
    /// - tables: 100,000; rows per table: 200,000; cells per row: 1,000 (Word allows 63);
    ///   table cells in the whole document: 500,000 (reading and auditing cost up to about a
    ///   kilobyte a cell; the largest table of the corpus has under 6,000).
    fn default() -> Self {
        Self {
            max_part_size: 200 * MIB,
            max_compression_ratio: 500,
            max_entries: 20_000,
            max_total_uncompressed: 2048 * MIB,
            max_xml_depth: 512,
            max_tables: 100_000,
            max_rows_per_table: 200_000,
            max_cells_per_row: 1_000,
            max_cells: 500_000,
        }
    }
}

impl Limits {
    /// Sets the largest uncompressed part accepted, in bytes.
    pub fn with_max_part_size(mut self, bytes: u64) -> Self {
        self.max_part_size = bytes;
        self
    }
    /// Sets the largest uncompressed part accepted, in MiB, as the command line's
    /// `--max-part-mib` does (a number of MiB past what bytes can count means no limit).
    ///
    /// ```
    /// use annex_audit::package::Limits;
    /// assert_eq!(Limits::default().with_max_part_mib(400).max_part_size(), 400 << 20);
    /// ```
    pub fn with_max_part_mib(self, mib: u64) -> Self {
        self.with_max_part_size(mib.saturating_mul(MIB))
    }
    /// Sets the largest compression ratio accepted (uncompressed / compressed), judged once a
    /// part has produced more than 16 MiB.
    pub fn with_max_compression_ratio(mut self, ratio: u64) -> Self {
        self.max_compression_ratio = ratio;
        self
    }
    /// Sets the largest number of zip entries accepted.
    pub fn with_max_entries(mut self, entries: usize) -> Self {
        self.max_entries = entries;
        self
    }
    /// Sets the largest total uncompressed size (declared by all entries, and read), in bytes.
    pub fn with_max_total_uncompressed(mut self, bytes: u64) -> Self {
        self.max_total_uncompressed = bytes;
        self
    }
    /// Sets the deepest XML element nesting accepted.
    pub fn with_max_xml_depth(mut self, depth: usize) -> Self {
        self.max_xml_depth = depth;
        self
    }
    /// Sets the largest number of tables in a document.
    pub fn with_max_tables(mut self, tables: usize) -> Self {
        self.max_tables = tables;
        self
    }
    /// Sets the largest number of rows in one table.
    pub fn with_max_rows_per_table(mut self, rows: usize) -> Self {
        self.max_rows_per_table = rows;
        self
    }
    /// Sets the largest number of cells in one row.
    pub fn with_max_cells_per_row(mut self, cells: usize) -> Self {
        self.max_cells_per_row = cells;
        self
    }
    /// The largest uncompressed part accepted, in bytes.
    pub fn max_part_size(&self) -> u64 {
        self.max_part_size
    }
    /// The largest compression ratio accepted.
    pub fn max_compression_ratio(&self) -> u64 {
        self.max_compression_ratio
    }
    /// The largest number of zip entries accepted.
    pub fn max_entries(&self) -> usize {
        self.max_entries
    }
    /// The largest total uncompressed size, in bytes.
    pub fn max_total_uncompressed(&self) -> u64 {
        self.max_total_uncompressed
    }
    /// The deepest XML element nesting accepted.
    pub fn max_xml_depth(&self) -> usize {
        self.max_xml_depth
    }
    /// Sets the largest number of table cells in the whole document.
    pub fn with_max_cells(mut self, cells: usize) -> Self {
        self.max_cells = cells;
        self
    }
    /// The largest number of tables in a document.
    pub fn max_tables(&self) -> usize {
        self.max_tables
    }
    /// The largest number of rows in one table.
    pub fn max_rows_per_table(&self) -> usize {
        self.max_rows_per_table
    }
    /// The largest number of cells in one row.
    pub fn max_cells_per_row(&self) -> usize {
        self.max_cells_per_row
    }
    /// The largest number of table cells in the whole document.
    pub fn max_cells(&self) -> usize {
        self.max_cells
    }
}

/// What a part related to the main document is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// `styles.xml`.
    Styles,
    /// `numbering.xml`.
    Numbering,
    /// A header.
    Header,
    /// A footer.
    Footer,
    /// Footnotes.
    Footnotes,
    /// Endnotes.
    Endnotes,
    /// Comments.
    Comments,
}

impl PartKind {
    fn from_relationship_type(rel_type: &str) -> Option<Self> {
        // Transitional and Strict types differ only before the last '/'.
        match rel_type.rsplit('/').next()? {
            "styles" => Some(Self::Styles),
            "numbering" => Some(Self::Numbering),
            "header" => Some(Self::Header),
            "footer" => Some(Self::Footer),
            "footnotes" => Some(Self::Footnotes),
            "endnotes" => Some(Self::Endnotes),
            "comments" => Some(Self::Comments),
            _ => None,
        }
    }
}

/// A part the main document refers to, present in the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelatedPart {
    /// What the part is for.
    pub kind: PartKind,
    /// Its name in the zip (no leading slash).
    pub name: String,
}

/// An opened .docx / .docm / .dotx / .dotm package.
pub struct Package {
    archive: ZipArchive<Source>,
    limits: Limits,
    /// Lower-cased part name → name as stored (OPC part names are case-insensitive).
    names: HashMap<String, String>,
    main_part: String,
    related: Vec<RelatedPart>,
    core_part: Option<String>,
    total_read: Arc<AtomicU64>,
    /// Bytes read from the package file so far (shared by every handle).
    source_read: Arc<AtomicU64>,
    /// One archive handle per part being streamed, so several parts can be read in turn
    /// while borrowing the package once.
    slots: Vec<ZipArchive<Source>>,
}

impl std::fmt::Debug for Package {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Package")
            .field("main_part", &self.main_part)
            .field("related", &self.related)
            .field("entries", &self.archive.len())
            .finish()
    }
}

impl Package {
    /// Opens the file at `path`.
    ///
    /// Errors: [`Error::NotFound`], [`Error::IsDirectory`], [`Error::Empty`],
    /// [`Error::Encrypted`], [`Error::LegacyDoc`], [`Error::Ole2`], [`Error::NotZip`],
    /// [`Error::CorruptZip`], [`Error::NoMainPart`], [`Error::Limit`], [`Error::Xml`] (in the
    /// relationships).
    pub fn open(path: impl AsRef<Path>, limits: &Limits) -> Result<Self> {
        let path = path.as_ref();
        let metadata = match std::fs::metadata(path) {
            Ok(m) => m,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NotFound(path.to_path_buf()));
            }
            Err(err) => return Err(Error::io(path, err)),
        };
        if metadata.is_dir() {
            return Err(Error::IsDirectory(path.to_path_buf()));
        }
        let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
        let len = file.metadata().map_err(|e| Error::io(path, e))?.len();
        let source = Source::from_file(file, len).map_err(|e| Error::io(path, e))?;
        Self::from_source(source, limits)
    }

    /// Opens a package held in memory.
    ///
    /// ```
    /// use annex_audit::{Error, package::{Limits, Package}};
    /// let err = Package::from_bytes(Vec::new(), &Limits::default()).unwrap_err();
    /// assert!(matches!(err, Error::Empty));
    /// ```
    pub fn from_bytes(bytes: impl Into<Arc<[u8]>>, limits: &Limits) -> Result<Self> {
        Self::from_source(Source::from_bytes(bytes.into()), limits)
    }

    fn from_source(source: Source, limits: &Limits) -> Result<Self> {
        source::sniff(&source)?;
        precheck_entry_count(&source, limits)?;
        let source_read = source.consumed();
        let archive = ZipArchive::new(source).map_err(zip_error)?;
        if archive.len() > limits.max_entries {
            return Err(Error::limit(
                LimitKind::Entries,
                "number of entries in the zip",
                limits.max_entries as u64,
            ));
        }
        let mut names = HashMap::new();
        for name in archive.file_names() {
            let name = name.map_err(zip_error)?;
            names
                .entry(name.to_lowercase())
                .or_insert_with(|| name.to_string());
        }
        let mut package = Self {
            archive,
            limits: limits.clone(),
            names,
            main_part: String::new(),
            related: Vec::new(),
            core_part: None,
            total_read: Arc::new(AtomicU64::new(0)),
            source_read,
            slots: Vec::new(),
        };
        package.check_declared_total()?;
        package.find_parts()?;
        Ok(package)
    }

    fn check_declared_total(&mut self) -> Result<()> {
        let declared = match self.archive.decompressed_size() {
            Some(total) => total,
            None => {
                let mut total = 0u128;
                for index in 0..self.archive.len() {
                    let file = self.archive.by_index_raw(index).map_err(zip_error)?;
                    total += u128::from(file.size());
                }
                total
            }
        };
        if declared > u128::from(self.limits.max_total_uncompressed) {
            return Err(Error::limit(
                LimitKind::TotalSize,
                "declared total uncompressed size of the zip",
                self.limits.max_total_uncompressed,
            ));
        }
        Ok(())
    }

    /// The limits this package is read with.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The main document part's name, e.g. `word/document.xml`.
    pub fn main_part(&self) -> &str {
        &self.main_part
    }

    /// The parts the main document refers to that exist in the package, in relationship order.
    pub fn related(&self) -> &[RelatedPart] {
        &self.related
    }

    /// The names of the related parts of one kind.
    pub fn related_of(&self, kind: PartKind) -> impl Iterator<Item = &str> {
        self.related
            .iter()
            .filter(move |p| p.kind == kind)
            .map(|p| p.name.as_str())
    }

    /// The core properties part (`docProps/core.xml`), if present.
    pub fn core_properties_part(&self) -> Option<&str> {
        self.core_part.as_deref()
    }

    /// The stored name of a part, looked up case-insensitively.
    pub fn find_part(&self, name: &str) -> Option<&str> {
        self.names.get(&name.to_lowercase()).map(String::as_str)
    }

    /// Opens a part for streaming, with the limits applied while it is read.
    pub fn open_part(&mut self, name: &str) -> Result<PartReader<'_>> {
        let stored = self
            .find_part(name)
            .ok_or_else(|| Error::MissingPart(name.to_string()))?
            .to_string();
        open_in(
            &mut self.archive,
            &stored,
            &self.limits,
            (self.total_read.clone(), self.source_read.clone()),
        )
    }

    /// Reads a small part whole (relationships, styles, numbering), within the part size limit.
    pub fn read_part(&mut self, name: &str) -> Result<Vec<u8>> {
        let mut reader = self.open_part(name)?;
        let mut bytes = Vec::new();
        match reader.read_to_end(&mut bytes) {
            Ok(_) => Ok(bytes),
            Err(err) => Err(crate::xml::io_error_to_error(name, err)),
        }
    }

    /// Streams several parts one after the other while borrowing the package once.
    pub(crate) fn part_queue(&mut self, names: Vec<String>, ahead: bool) -> PartQueue<'_> {
        self.slots = names.iter().map(|_| self.archive.clone()).collect();
        PartQueue {
            slots: self.slots.iter_mut(),
            names: names.into_iter(),
            limits: &self.limits,
            lookup: &self.names,
            counters: (self.total_read.clone(), self.source_read.clone()),
            ahead,
        }
    }

    fn find_parts(&mut self) -> Result<()> {
        let package_rels = match self.find_part("_rels/.rels") {
            Some(name) => {
                let name = name.to_string();
                let bytes = self.read_part(&name)?;
                parse_relationships(&bytes, &name, &self.limits)?
            }
            None => Vec::new(),
        };
        let mut main = None;
        for rel in &package_rels {
            if rel.external {
                continue;
            }
            let rel_type = rel.rel_type.as_str();
            if rel_type.ends_with("/officeDocument") && main.is_none() {
                if let Some(target) = resolve_target("", &rel.target)
                    && let Some(stored) = self.find_part(&target)
                {
                    main = Some(stored.to_string());
                }
            } else if rel_type.ends_with("/core-properties")
                && self.core_part.is_none()
                && let Some(target) = resolve_target("", &rel.target)
            {
                self.core_part = self.find_part(&target).map(str::to_string);
            }
        }
        if self.core_part.is_none() {
            self.core_part = self.find_part("docProps/core.xml").map(str::to_string);
        }
        let main = match main {
            Some(main) => main,
            None => match self.main_from_content_types()? {
                Some(main) => main,
                None => match self.find_part("word/document.xml") {
                    Some(name) => name.to_string(),
                    None => {
                        return Err(Error::NoMainPart(Text::msg(
                            messages::NO_MAIN_PART_NONE,
                            &[],
                        )));
                    }
                },
            },
        };
        if main.len() > MAX_PART_NAME {
            return Err(Error::limit(
                LimitKind::PartNameLength,
                "length of the main document part's name",
                MAX_PART_NAME as u64,
            ));
        }
        let (dir, file) = match main.rsplit_once('/') {
            Some((dir, file)) => (dir.to_string(), file.to_string()),
            None => (String::new(), main.clone()),
        };
        let rels_name = if dir.is_empty() {
            format!("_rels/{file}.rels")
        } else {
            format!("{dir}/_rels/{file}.rels")
        };
        if let Some(stored) = self.find_part(&rels_name).map(str::to_string) {
            let bytes = self.read_part(&stored)?;
            // Relationships may repeat a target many times: dedupe in constant time.
            let mut seen = std::collections::HashSet::new();
            for rel in parse_relationships(&bytes, &stored, &self.limits)? {
                if rel.external {
                    continue;
                }
                let Some(kind) = PartKind::from_relationship_type(&rel.rel_type) else {
                    continue;
                };
                // Dangling targets (WPS writes Target="NULL") are tolerated: skipped.
                let Some(target) = resolve_target(&dir, &rel.target) else {
                    continue;
                };
                let Some(stored) = self.find_part(&target) else {
                    continue;
                };
                let name = stored.to_string();
                if name.len() <= MAX_PART_NAME && name != main && seen.insert(name.clone()) {
                    self.related.push(RelatedPart { kind, name });
                }
            }
        }
        self.main_part = main;
        Ok(())
    }

    fn main_from_content_types(&mut self) -> Result<Option<String>> {
        let Some(name) = self.find_part("[Content_Types].xml").map(str::to_string) else {
            return Ok(None);
        };
        let bytes = self.read_part(&name)?;
        let mut xml = XmlReader::new(Cursor::new(bytes), &name, self.limits.max_xml_depth);
        let mut buf = crate::xml::Window::default();
        loop {
            match xml.next(&mut buf)? {
                Ev::Start { start, .. } if local_name(&start) == "Override" => {
                    let content_type = xml.attr(&start, "ContentType")?.unwrap_or_default();
                    let is_main = [
                        "wordprocessingml.document.main+xml",
                        "wordprocessingml.template.main+xml",
                        "ms-word.document.macroEnabled.main+xml",
                        "ms-word.template.macroEnabledTemplate.main+xml",
                    ]
                    .iter()
                    .any(|suffix| content_type.ends_with(suffix));
                    if is_main {
                        let part_name = xml.attr(&start, "PartName")?.unwrap_or_default();
                        if let Some(target) = resolve_target("", &part_name)
                            && let Some(stored) = self.find_part(&target)
                        {
                            return Ok(Some(stored.to_string()));
                        }
                    }
                }
                Ev::Eof => return Ok(None),
                _ => {}
            }
        }
    }
}

/// Hands out the parts of a [`Package::part_queue`] one at a time.
pub(crate) struct PartQueue<'a> {
    slots: std::slice::IterMut<'a, ZipArchive<Source>>,
    names: std::vec::IntoIter<String>,
    limits: &'a Limits,
    lookup: &'a HashMap<String, String>,
    counters: (Arc<AtomicU64>, Arc<AtomicU64>),
    /// Large parts are inflated on a thread of their own, ahead of the tokenizer.
    ahead: bool,
}

impl<'a> PartQueue<'a> {
    /// The next part's name and reader, or `None` when all were handed out.
    pub(crate) fn next_part(&mut self) -> Option<(String, Result<PartInput<'a>>)> {
        let name = self.names.next()?;
        let slot = self.slots.next()?;
        let Some(stored) = self.lookup.get(&name.to_lowercase()) else {
            return Some((name.clone(), Err(Error::MissingPart(name))));
        };
        let reader = PartInput::open(slot, stored, self.limits, self.counters.clone(), self.ahead);
        Some((stored.clone(), reader))
    }
}

fn open_in<'a>(
    archive: &'a mut ZipArchive<Source>,
    name: &str,
    limits: &Limits,
    (total, source_read): (Arc<AtomicU64>, Arc<AtomicU64>),
) -> Result<PartReader<'a>> {
    let file = archive.by_name(name).map_err(|err| match err {
        ZipError::FileNotFound => Error::MissingPart(name.to_string()),
        other => zip_error_in(name, other),
    })?;
    let declared = file.size();
    if declared > limits.max_part_size() {
        return Err(Error::limit(
            LimitKind::PartSize,
            format!("declared uncompressed size of {name}"),
            limits.max_part_size(),
        ));
    }
    if declared > part::RATIO_CHECK_AFTER
        && declared / file.compressed_size().max(1) > limits.max_compression_ratio()
    {
        return Err(Error::limit(
            LimitKind::Ratio,
            format!("declared compression ratio of {name}"),
            limits.max_compression_ratio(),
        ));
    }
    Ok(PartReader::new(file, name, limits, total, source_read))
}

fn zip_error(err: ZipError) -> Error {
    Error::CorruptZip(zip_message(err))
}

fn zip_error_in(name: &str, err: ZipError) -> Error {
    let why = match err {
        ZipError::UnsupportedArchive(why) => {
            Text::msg(messages::ZIP_UNSUPPORTED_FEATURE, &[("why", &why)])
        }
        ZipError::CompressionMethodNotSupported(method) => {
            Text::msg(messages::ZIP_UNSUPPORTED_METHOD, &[("method", &method)])
        }
        other => zip_message(other),
    };
    Error::CorruptZip(why.prefixed(name))
}

/// A zip error in words, in both languages; a record cut short is named for what it means
/// rather than by the zip crate's internal type name. Other complaints of the zip crate (in
/// English) are kept in the Chinese only as a technical detail.
fn zip_message(err: ZipError) -> Text {
    let cut_short = || Text::msg(messages::ZIP_CUT_SHORT, &[]);
    match err {
        ZipError::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => cut_short(),
        ZipError::Io(io) => crate::error::data_error(&io),
        ZipError::InvalidArchive(why) if why.starts_with("Unexpected end of") => cut_short(),
        other => Text::foreign(messages::ZIP_INVALID, &other.to_string()),
    }
}

/// Reads the end-of-central-directory record to refuse an absurd number of entries before the
/// zip reader allocates for them. Zip64 archives are checked after opening instead.
fn precheck_entry_count(source: &Source, limits: &Limits) -> Result<()> {
    const EOCD: &[u8] = b"PK\x05\x06";
    let len = source.len();
    let tail_len = len.min(65_557);
    let mut tail = vec![0u8; usize::try_from(tail_len).unwrap_or(0)];
    let offset = len - tail_len;
    let mut filled = 0;
    while filled < tail.len() {
        let Some(rest) = tail.get_mut(filled..) else {
            break;
        };
        let n = source
            .read_at(rest, offset + filled as u64)
            .map_err(|e| Error::CorruptZip(crate::error::io_reason(&e)))?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    let Some(at) = memchr::memmem::rfind(&tail, EOCD) else {
        return Err(Error::CorruptZip(Text::msg(
            messages::ZIP_NO_END_RECORD,
            &[],
        )));
    };
    if let Some(&[low, high]) = tail.get(at + 10..at + 12) {
        let entries = u16::from_le_bytes([low, high]);
        if entries != u16::MAX && usize::from(entries) > limits.max_entries {
            return Err(Error::limit(
                LimitKind::Entries,
                "number of entries in the zip",
                limits.max_entries as u64,
            ));
        }
    }
    Ok(())
}

/// One relationship.
#[derive(Debug, Clone)]
pub(crate) struct Relationship {
    pub(crate) rel_type: String,
    pub(crate) target: String,
    pub(crate) external: bool,
}

/// Parses a `.rels` part.
pub(crate) fn parse_relationships(
    bytes: &[u8],
    part: &str,
    limits: &Limits,
) -> Result<Vec<Relationship>> {
    let mut xml = XmlReader::new(Cursor::new(bytes), part, limits.max_xml_depth);
    let mut buf = crate::xml::Window::default();
    let mut rels = Vec::new();
    loop {
        match xml.next(&mut buf)? {
            Ev::Start { start, .. } if local_name(&start) == "Relationship" => {
                let rel_type = xml.attr(&start, "Type")?.unwrap_or_default().into_owned();
                let target = xml.attr(&start, "Target")?.unwrap_or_default().into_owned();
                let external = xml
                    .attr(&start, "TargetMode")?
                    .is_some_and(|mode| mode.eq_ignore_ascii_case("External"));
                if rels.len() < 100_000 {
                    rels.push(Relationship {
                        rel_type,
                        target,
                        external,
                    });
                }
            }
            Ev::Eof => return Ok(rels),
            _ => {}
        }
    }
}

/// Resolves a relationship target against the directory of its source part: relative paths,
/// absolute `/word/...`, `..` and `.` segments, percent-escapes and backslashes. `None` for an
/// empty target or one that names nothing (`NULL`).
pub(crate) fn resolve_target(base_dir: &str, target: &str) -> Option<String> {
    let target = percent_decode(target.trim()).replace('\\', "/");
    let target = target.split(['#', '?']).next().unwrap_or("");
    if target.is_empty() || target.eq_ignore_ascii_case("NULL") {
        return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    let path = match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None if base_dir.is_empty() => target.to_string(),
        None => format!("{base_dir}/{target}"),
    };
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    if segments.is_empty() {
        return None;
    }
    Some(segments.join("/"))
}

fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_string();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes.get(i).copied().unwrap_or(0);
        if byte == b'%' {
            let hex = bytes
                .get(i + 1..i + 3)
                .and_then(|h| std::str::from_utf8(h).ok())
                .and_then(|h| u8::from_str_radix(h, 16).ok());
            if let Some(value) = hex {
                out.push(value);
                i += 3;
                continue;
            }
        }
        out.push(byte);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_like_opc() {
        assert_eq!(
            resolve_target("word", "styles.xml").as_deref(),
            Some("word/styles.xml")
        );
        assert_eq!(
            resolve_target("word", "/word/header1.xml").as_deref(),
            Some("word/header1.xml")
        );
        assert_eq!(
            resolve_target("word", "../customXml/item1.xml").as_deref(),
            Some("customXml/item1.xml")
        );
        assert_eq!(
            resolve_target("", "word/document%202.xml").as_deref(),
            Some("word/document 2.xml")
        );
        assert_eq!(resolve_target("word", "NULL"), None);
        assert_eq!(resolve_target("word", ""), None);
        assert_eq!(resolve_target("word", "../../.."), None);
    }

    #[test]
    fn limits_default_is_not_zero() {
        let limits = Limits::default();
        assert_eq!(limits.max_part_size(), 200 * MIB);
        assert_eq!(limits.max_xml_depth(), 512);
        assert_eq!(Limits::default().with_max_part_size(7).max_part_size(), 7);
    }

    #[test]
    fn sniffing_refuses_non_zips() {
        let limits = Limits::default();
        assert!(matches!(
            Package::from_bytes(b"%PDF-1.4".to_vec(), &limits),
            Err(Error::NotZip)
        ));
        let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
        ole.extend(vec![0u8; 600]);
        assert!(matches!(
            Package::from_bytes(ole.clone(), &limits),
            Err(Error::Ole2)
        ));
        let mut doc = ole.clone();
        doc.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
        assert!(matches!(
            Package::from_bytes(doc, &limits),
            Err(Error::LegacyDoc)
        ));
        let mut encrypted = ole;
        encrypted.extend(
            "EncryptedPackage"
                .encode_utf16()
                .flat_map(|u| u.to_le_bytes()),
        );
        assert!(matches!(
            Package::from_bytes(encrypted, &limits),
            Err(Error::Encrypted)
        ));
        assert!(matches!(
            Package::from_bytes(b"PK\x03\x04truncated".to_vec(), &limits),
            Err(Error::CorruptZip(_))
        ));
    }
}

#[cfg(test)]
mod path_tests {
    use super::*;

    #[test]
    fn missing_paths_and_directories() {
        let limits = Limits::default();
        assert!(matches!(
            Package::open("/nonexistent/annex.docx", &limits),
            Err(Error::NotFound(_))
        ));
        assert!(matches!(
            Package::open(env!("CARGO_MANIFEST_DIR"), &limits),
            Err(Error::IsDirectory(_))
        ));
    }
}

#[cfg(test)]
mod bomb_tests {
    use std::io::Write;

    use super::*;

    /// A deflated part of `size` spaces whose headers declare `declared` uncompressed and
    /// `compressed` compressed bytes (a stored padding entry follows, so a larger compressed
    /// size still lies within the file).
    fn lying_package(size: usize, declared: u32, compressed: Option<u32>) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", deflated)
            .expect("start");
        zip.write_all(&vec![b' '; size]).expect("write");
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("padding.bin", stored).expect("start");
        zip.write_all(&vec![7u8; 2 << 20]).expect("write");
        let mut bytes = zip.finish().expect("finish").into_inner();
        let name = b"word/document.xml";
        // Sizes sit at offsets 18 (compressed) and 22 (uncompressed) of a local header, 20 and
        // 24 of a central directory entry.
        for (signature, offset, name_at) in [(b"PK\x03\x04", 18, 30), (b"PK\x01\x02", 20, 46)] {
            let at = memchr::memmem::find_iter(&bytes, signature)
                .find(|&i| bytes.get(i + name_at..i + name_at + name.len()) == Some(&name[..]))
                .expect("header");
            if let Some(compressed) = compressed {
                bytes[at + offset..at + offset + 4].copy_from_slice(&compressed.to_le_bytes());
            }
            bytes[at + offset + 4..at + offset + 8].copy_from_slice(&declared.to_le_bytes());
        }
        bytes
    }

    #[test]
    fn declared_sizes_are_checked_before_decompressing() {
        let bytes = lying_package(1 << 20, 300 << 20, None);
        let mut package = Package::from_bytes(bytes, &Limits::default()).expect("package");
        let err = package.read_part("word/document.xml").expect_err("size");
        assert!(
            err.to_string().contains("declared uncompressed size"),
            "{err}"
        );
        let bytes = lying_package(20 << 20, 20 << 20, None);
        let mut package = Package::from_bytes(bytes, &Limits::default()).expect("package");
        let err = package.read_part("word/document.xml").expect_err("ratio");
        assert!(
            err.to_string().contains("declared compression ratio"),
            "{err}"
        );
    }

    /// Every byte of `name`, read through the part queue (inline or ahead).
    fn read_queued(bytes: Vec<u8>, ahead: bool) -> std::io::Result<Vec<u8>> {
        let mut package = Package::from_bytes(bytes, &Limits::default()).expect("package");
        let mut queue = package.part_queue(vec!["word/document.xml".into()], ahead);
        let (_, input) = queue.next_part().expect("queued");
        let mut out = Vec::new();
        input
            .map_err(std::io::Error::other)?
            .read_to_end(&mut out)?;
        Ok(out)
    }

    #[test]
    fn a_part_inflated_ahead_reads_as_inline_and_keeps_the_limits() {
        // 12 MiB of varied bytes: three times the threshold, many buffers.
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let deflated = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        zip.start_file("word/document.xml", deflated)
            .expect("start");
        let content: Vec<u8> = (0u32..12 << 20)
            .map(|i| b"<w:t>0123456789</w:t>"[(i % 21) as usize] ^ (i >> 16) as u8 & 1)
            .collect();
        zip.write_all(&content).expect("write");
        let bytes = zip.finish().expect("finish").into_inner();
        assert!(content.len() as u64 >= ahead::AHEAD_FROM);
        assert_eq!(read_queued(bytes.clone(), true).expect("ahead"), content);
        assert_eq!(read_queued(bytes, false).expect("inline"), content);
        // A bomb whose compressed size lies: caught by the inflating thread, reported in
        // place of the bytes.
        let bytes = lying_package(40 << 20, 100 << 20, Some(1 << 20));
        let err = read_queued(bytes, true).expect_err("bomb");
        let message = err.to_string();
        assert!(
            message.contains("compression ratio of") && !message.contains("declared"),
            "{message}"
        );
        // Declared sizes are refused before any thread starts.
        let bytes = lying_package(1 << 20, 300 << 20, None);
        let err = read_queued(bytes, true).expect_err("size");
        assert!(
            err.to_string().contains("declared uncompressed size"),
            "{err}"
        );
    }

    #[test]
    fn lying_headers_are_caught_while_streaming() {
        // Declared smaller than what comes out: refused as soon as it overflows.
        let bytes = lying_package(1 << 20, 1000, None);
        let mut package = Package::from_bytes(bytes, &Limits::default()).expect("package");
        let err = package.read_part("word/document.xml").expect_err("liar");
        assert!(matches!(err, Error::CorruptZip(_)), "{err}");
        // A compressed size inflated to hide the ratio: the ratio of what came out to what was
        // actually consumed gives it away once 16 MiB came out.
        let bytes = lying_package(40 << 20, 100 << 20, Some(1 << 20));
        let mut package = Package::from_bytes(bytes, &Limits::default()).expect("package");
        let err = package.read_part("word/document.xml").expect_err("bomb");
        let message = err.to_string();
        assert!(
            message.contains("compression ratio of") && !message.contains("declared"),
            "{message}"
        );
    }
}
