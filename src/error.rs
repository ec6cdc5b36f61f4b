//! The one error type of the library.
//!
//! Every problem with an input becomes one line of text that names the file's problem and, where
//! there is one, what to do about it. The binary prints that line on stderr and exits with
//! [`Error::exit_code`].

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::lang::Lang;

/// Exit code for an unreadable input (and for an output that cannot be written).
pub const EXIT_UNREADABLE: i32 = 3;
/// Exit code for a usage error (bad option, unknown template, …): the user's mistakes only.
pub const EXIT_USAGE: i32 = 2;
/// Exit code for a failure of the program itself (a worker thread panicked, a channel closed
/// early, a thread pool could not start): never the input's or the user's doing.
pub const EXIT_INTERNAL: i32 = 4;

/// Which limit was exceeded: it fixes the limit's unit and whether an option raises it, so the
/// message never has to guess them from its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitKind {
    /// Uncompressed size of one part, declared or read (`--max-part-mib` raises it).
    PartSize,
    /// Uncompressed size of the whole package, declared or read.
    TotalSize,
    /// Compression ratio of one part (a zip bomb's mark).
    Ratio,
    /// Entries in the zip's central directory.
    Entries,
    /// Length of the main document part's name.
    PartNameLength,
    /// Namespace declarations in a part.
    NamespaceDeclarations,
    /// XML nesting depth of a part.
    XmlDepth,
    /// Tables in the document.
    Tables,
    /// Rows of one table.
    Rows,
    /// Grid columns declared by one table.
    GridColumns,
    /// Cells in one row of a table.
    CellsInRow,
    /// Table cells in the whole document.
    Cells,
}

/// The unit a limit is counted in, which decides how its amount is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LimitUnit {
    /// Bytes, shown in MiB when a whole number of them.
    Bytes,
    /// Uncompressed bytes per compressed byte, shown as `N:1`.
    Ratio,
    /// A plain count (entries, elements, rows, cells, …).
    Count,
}

impl LimitKind {
    /// The unit the limit is counted in.
    pub fn unit(self) -> LimitUnit {
        match self {
            LimitKind::PartSize | LimitKind::TotalSize => LimitUnit::Bytes,
            LimitKind::Ratio => LimitUnit::Ratio,
            LimitKind::Entries
            | LimitKind::PartNameLength
            | LimitKind::NamespaceDeclarations
            | LimitKind::XmlDepth
            | LimitKind::Tables
            | LimitKind::Rows
            | LimitKind::GridColumns
            | LimitKind::CellsInRow
            | LimitKind::Cells => LimitUnit::Count,
        }
    }

    /// The command-line option that raises the limit, if one does.
    pub fn flag(self) -> Option<&'static str> {
        match self {
            LimitKind::PartSize => Some("--max-part-mib"),
            _ => None,
        }
    }
}

/// What went wrong, in terms a user can act on.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The path does not exist.
    NotFound(PathBuf),
    /// A directory was given where a file is expected.
    IsDirectory(PathBuf),
    /// Reading or writing a file failed.
    Io {
        /// The file read or written.
        path: PathBuf,
        /// What the operating system said.
        source: std::io::Error,
    },
    /// The file has no bytes.
    Empty,
    /// A Word 97–2003 binary document (an OLE2 compound file with a WordDocument stream).
    LegacyDoc,
    /// A password-protected document: an OLE2 compound file holding an EncryptedPackage stream.
    Encrypted,
    /// Some other OLE2 compound file (.xls, .msg, …).
    Ole2,
    /// The bytes are not a zip archive at all.
    NotZip,
    /// A zip archive that is truncated or damaged.
    CorruptZip(String),
    /// A zip archive without a WordprocessingML main document part.
    NoMainPart(String),
    /// A part named by a relationship or by the main document is missing.
    MissingPart(String),
    /// A configured limit was exceeded (size, ratio, entries, depth, tables, rows, cells).
    Limit {
        /// Which limit: its unit and the option that raises it.
        kind: LimitKind,
        /// What was counted, e.g. "uncompressed size of word/document.xml".
        what: String,
        /// The limit, in the unit of `what`.
        limit: u64,
    },
    /// Malformed XML in a part: unbalanced, truncated, or otherwise not well-formed.
    Xml {
        /// The part's name in the package (`word/document.xml`).
        part: String,
        /// Byte offset in the decompressed part where the reader stopped.
        position: u64,
        /// The XML reader's own words.
        message: String,
    },
    /// A part declares a DOCTYPE; entities are never expanded.
    Doctype {
        /// The part's name in the package.
        part: String,
    },
    /// A part is not valid UTF-8.
    NotUtf8 {
        /// The part's name in the package.
        part: String,
    },
    /// A scoring template could not be found or parsed.
    Template(String),
    /// A usage problem detected after argument parsing (conflicting options, …).
    Usage(String),
    /// A failure of the program itself, not of the input or of the command line (a worker
    /// thread panicked, a channel closed early): exit code [`EXIT_INTERNAL`].
    Internal(String),
    /// An error met while processing one input file, with that file's path: the path is shown
    /// once, before the error (see [`Error::with_path`]).
    WithPath {
        /// The input file, as given.
        path: PathBuf,
        /// What went wrong with it.
        source: Box<Error>,
    },
    /// An output would overwrite the input.
    OutputIsInput(PathBuf),
    /// Writing an output failed.
    Output {
        /// The output that could not be written.
        path: PathBuf,
        /// Why.
        message: String,
    },
    /// A problem found before any document is read whose message is written in both languages
    /// (a template file that is not UTF-8 or GBK, or has full-width punctuation): the binary
    /// shows the one of `--lang` or the locale; `Display` shows the English.
    Bilingual {
        /// The Chinese message.
        zh: String,
        /// The English message.
        en: String,
        /// The exit code.
        exit: i32,
    },
    /// A legacy document (.doc, .wps) that could not be converted to .docx: the whole message,
    /// already in the user's language, saying what to do (save it as .docx in WPS or Word).
    Unconverted(String),
}

impl Error {
    /// The process exit code this error maps to.
    ///
    /// ```
    /// use annex_audit::Error;
    /// assert_eq!(Error::Empty.exit_code(), 3);
    /// assert_eq!(Error::Template("x".into()).exit_code(), 2);
    /// assert_eq!(Error::Internal("x".into()).exit_code(), 4);
    /// assert_eq!(Error::Empty.with_path("a.docx").exit_code(), 3);
    /// ```
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Template(_) | Error::Usage(_) => EXIT_USAGE,
            Error::Internal(_) => EXIT_INTERNAL,
            Error::Bilingual { exit, .. } => *exit,
            Error::WithPath { source, .. } => source.exit_code(),
            _ => EXIT_UNREADABLE,
        }
    }

    /// This error as met while processing the input file `path`, so that its message names the
    /// file. Applied once, where a file's processing starts; an error that already names `path`
    /// (a missing file, an I/O error on it, or one already wrapped) is returned as it is, so the
    /// name is never shown twice.
    ///
    /// ```
    /// use annex_audit::Error;
    /// let err = Error::NotZip.with_path("附件1.docx");
    /// assert!(err.to_string().starts_with("附件1.docx: not a .docx"));
    /// let twice = err.with_path("附件1.docx").to_string();
    /// assert_eq!(twice.matches("附件1.docx").count(), 1);
    /// let missing = Error::NotFound("a.docx".into()).with_path("a.docx").to_string();
    /// assert_eq!(missing, "a.docx: no such file or directory");
    /// ```
    pub fn with_path(self, path: impl Into<PathBuf>) -> Self {
        let path = path.into();
        let named = match &self {
            Error::WithPath { .. } => true,
            Error::NotFound(p)
            | Error::IsDirectory(p)
            | Error::Io { path: p, .. }
            | Error::OutputIsInput(p) => *p == path,
            _ => false,
        };
        if named {
            self
        } else {
            Error::WithPath {
                path,
                source: Box::new(self),
            }
        }
    }

    /// The error itself, without the file it was met in.
    pub fn without_path(&self) -> &Error {
        match self {
            Error::WithPath { source, .. } => source.without_path(),
            other => other,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A limit error: `what` was counted against a limit of `kind`.
    pub fn limit(kind: LimitKind, what: impl Into<String>, limit: u64) -> Self {
        Error::Limit {
            kind,
            what: what.into(),
            limit,
        }
    }
}

/// Longest piece of text taken from a file (a part name, a parser's message) shown in an error.
const MAX_SHOWN: usize = 300;

/// Text taken from a file or the command line as it may appear in the one-line message: control
/// and bidirectional-formatting characters escaped (so that no input can break the line or drive
/// the terminal), and cut to `max` characters.
///
/// ```
/// use annex_audit::error::printable;
/// assert_eq!(printable("word/document.xml", 300), "word/document.xml");
/// assert_eq!(printable("a\nb\u{1b}[31m", 300), "a\\nb\\u{1b}[31m");
/// assert_eq!(printable("abcdef", 3), "abc…");
/// ```
pub fn printable(text: &str, max: usize) -> Cow<'_, str> {
    let unsafe_char =
        |c: char| c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if !text.chars().any(unsafe_char) && text.chars().nth(max).is_none() {
        return Cow::Borrowed(text);
    }
    let mut shown = String::new();
    for (i, c) in text.chars().enumerate() {
        if i == max {
            shown.push('…');
            break;
        }
        if unsafe_char(c) {
            shown.extend(c.escape_default());
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// [`printable`] without a length limit: for text shown whole, on a line of its own or in a
/// listing (the terminal report, the `tables` listing, the paths of written files).
///
/// ```
/// use annex_audit::error::escaped;
/// assert_eq!(escaped("清屏\u{1b}[2J"), "清屏\\u{1b}[2J");
/// ```
pub fn escaped(text: &str) -> Cow<'_, str> {
    printable(text, usize::MAX)
}

fn shown(text: &str) -> Cow<'_, str> {
    printable(text, MAX_SHOWN)
}

fn path(p: &Path) -> String {
    printable(&p.display().to_string(), usize::MAX).into_owned()
}

const MIB: u64 = 1024 * 1024;

impl Error {
    /// The one-line message in `lang`, from the catalogue ([`crate::messages`]). Text taken
    /// from the file or the system (a part's name, the operating system's words) is shown as
    /// it is; a usage or template sentence is given in `lang` when the catalogue knows it.
    ///
    /// ```
    /// use annex_audit::{Error, lang::Lang};
    /// let err = Error::NotZip.with_path("附件1.pdf");
    /// assert!(err.message(Lang::Zh).starts_with("附件1.pdf：不是 .docx"));
    /// assert_eq!(err.message(Lang::En), err.to_string());
    /// ```
    pub fn message(&self, lang: Lang) -> String {
        use crate::messages as m;
        match self {
            Error::NotFound(p) => m::NOT_FOUND.fill(lang, &[("path", &path(p))]),
            Error::IsDirectory(p) => m::IS_DIRECTORY.fill(lang, &[("path", &path(p))]),
            Error::Io { path: p, source } => {
                let known = match source.kind() {
                    std::io::ErrorKind::PermissionDenied => Some(m::IO_PERMISSION),
                    std::io::ErrorKind::NotFound => Some(m::IO_NOT_FOUND),
                    std::io::ErrorKind::StorageFull => Some(m::IO_FULL),
                    std::io::ErrorKind::ReadOnlyFilesystem => Some(m::IO_READ_ONLY),
                    _ => None,
                };
                // English keeps the system's own words; Chinese says the common cases itself.
                let why = match (lang, known) {
                    (Lang::Zh, Some(known)) => known.get(lang).to_string(),
                    _ => source.to_string(),
                };
                m::IO.fill(lang, &[("path", &path(p)), ("why", &why)])
            }
            Error::Empty => m::EMPTY.get(lang).to_string(),
            Error::LegacyDoc => m::LEGACY_DOC.get(lang).to_string(),
            Error::Encrypted => m::ENCRYPTED.get(lang).to_string(),
            Error::Ole2 => m::OLE2.get(lang).to_string(),
            Error::NotZip => m::NOT_ZIP.get(lang).to_string(),
            Error::CorruptZip(why) => m::CORRUPT_ZIP.fill(lang, &[("why", &shown(why))]),
            Error::NoMainPart(why) => m::NO_MAIN_PART.fill(lang, &[("why", &shown(why))]),
            Error::MissingPart(name) => m::MISSING_PART.fill(lang, &[("part", &shown(name))]),
            Error::Limit { kind, what, limit } => {
                let amount = match kind.unit() {
                    LimitUnit::Bytes if limit % MIB == 0 => format!("{} MiB", limit / MIB),
                    LimitUnit::Bytes => m::LIMIT_BYTES.fill(lang, &[("count", limit)]),
                    LimitUnit::Ratio => format!("{limit}:1"),
                    LimitUnit::Count => limit.to_string(),
                };
                let likely = match kind.unit() {
                    LimitUnit::Bytes | LimitUnit::Ratio => m::LIMIT_LIKELY_BOMB.get(lang),
                    LimitUnit::Count => m::LIMIT_LIKELY_GENERATED.get(lang),
                };
                let mut text = m::LIMIT.fill(
                    lang,
                    &[
                        ("what", &m::translate(&shown(what), lang)),
                        ("amount", &amount),
                        ("likely", &likely),
                    ],
                );
                if let Some(flag) = kind.flag() {
                    text.push_str(&m::LIMIT_RAISE.fill(lang, &[("flag", &flag)]));
                }
                text
            }
            Error::Xml {
                part,
                position,
                message,
            } => m::XML.fill(
                lang,
                &[
                    ("part", &shown(part)),
                    ("position", position),
                    ("why", &shown(message)),
                ],
            ),
            Error::Doctype { part } => m::DOCTYPE.fill(lang, &[("part", &shown(part))]),
            Error::NotUtf8 { part } => m::NOT_UTF8.fill(lang, &[("part", &shown(part))]),
            Error::Template(why) => m::TEMPLATE.fill(lang, &[("why", &m::translate(why, lang))]),
            Error::Usage(why) => m::translate(why, lang).into_owned(),
            Error::Internal(why) => {
                m::INTERNAL.fill(lang, &[("why", &m::translate(&shown(why), lang))])
            }
            Error::WithPath { path: p, source } => {
                m::WITH_PATH.fill(lang, &[("path", &path(p)), ("why", &source.message(lang))])
            }
            Error::OutputIsInput(p) => m::OUTPUT_IS_INPUT.fill(lang, &[("path", &path(p))]),
            Error::Output { path: p, message } => {
                m::OUTPUT.fill(lang, &[("path", &path(p)), ("why", &shown(message))])
            }
            // Already in the user's language, with what to do.
            Error::Unconverted(message) => message.clone(),
            Error::Bilingual { zh, en, .. } => lang.pick(zh, en).clone(),
        }
    }
}

/// The English message, for logs; a person reads [`Error::message`] in their language.
impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::WithPath { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_takes_its_unit_and_hint_from_its_kind() {
        let part = Error::limit(
            LimitKind::PartSize,
            "uncompressed size of word/document.xml",
            200 * MIB,
        );
        assert_eq!(
            part.to_string(),
            "refused: uncompressed size of word/document.xml exceeds the limit of 200 MiB, so this is probably a zip bomb or a damaged file (if the document is genuine, raise the limit with --max-part-mib)"
        );
        // The words of `what` no longer matter: a size counted in bytes without "size" in it.
        let total = Error::limit(LimitKind::TotalSize, "bytes read", 1_000);
        assert_eq!(
            total.to_string(),
            "refused: bytes read exceeds the limit of 1000 bytes, so this is probably a zip bomb or a damaged file"
        );
        let ratio = Error::limit(LimitKind::Ratio, "compression ratio of a.xml", 100);
        assert!(
            ratio
                .to_string()
                .contains("limit of 100:1, so this is probably a zip bomb")
        );
        assert!(!ratio.to_string().contains("--max-part-mib"));
        let rows = Error::limit(LimitKind::Rows, "number of rows in table 3", 100_000);
        assert_eq!(
            rows.to_string(),
            "refused: number of rows in table 3 exceeds the limit of 100000, so this is probably a damaged or machine-generated file"
        );
        assert_eq!(LimitKind::PartSize.flag(), Some("--max-part-mib"));
        assert_eq!(LimitKind::Entries.flag(), None);
        assert_eq!(LimitKind::Cells.unit(), LimitUnit::Count);
    }

    #[test]
    fn a_file_is_named_once_and_keeps_its_error_exit_code() {
        let err = Error::CorruptZip("cut short".into()).with_path("附件1.docx");
        assert_eq!(
            err.to_string(),
            "附件1.docx: the .docx is truncated or corrupt: cut short"
        );
        assert_eq!(err.exit_code(), EXIT_UNREADABLE);
        assert!(matches!(err.without_path(), Error::CorruptZip(_)));
        let again = err.with_path("附件1.docx");
        assert_eq!(again.to_string().matches("附件1.docx").count(), 1);

        let io = Error::io("a.docx", std::io::Error::other("denied")).with_path("a.docx");
        assert_eq!(io.to_string(), "a.docx: denied");
        let usage = Error::Usage("no table holds or follows bookmark x".into()).with_path("a.docx");
        assert_eq!(usage.exit_code(), EXIT_USAGE);
        let internal =
            Error::Internal("the reader stopped unexpectedly".into()).with_path("a.docx");
        assert_eq!(internal.exit_code(), EXIT_INTERNAL);
        assert_eq!(
            internal.to_string(),
            "a.docx: internal error (a bug, not a problem with the input): the reader stopped unexpectedly"
        );
        // A file name cannot break the line.
        let odd = Error::Empty.with_path("two\nlines.docx");
        assert!(
            odd.to_string()
                .starts_with("two\\nlines.docx: the file is empty")
        );
    }
}
