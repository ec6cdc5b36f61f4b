//! The one error type of the library.
//!
//! Every problem with an input becomes one line of text that names the file's problem and, where
//! there is one, what to do about it. The binary prints that line on stderr and exits with
//! [`Error::exit_code`].

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::lang::Lang;
use crate::messages::Msg;

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

/// A text in both languages, chosen when it is shown: what an error carries where its words
/// are built (a damaged zip entry, a malformed XML construct, an output that failed), so that a
/// Chinese message never shows an English sentence.
///
/// One pointer wide: every `Result` of the reader's hot path carries an [`Error`] (and the
/// tokenizer's error) by value, and a text kept inline made them larger (the reader's
/// instructions +2 %).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Text(Box<Pair>);

#[derive(Debug, Clone, PartialEq, Eq)]
struct Pair {
    zh: String,
    en: String,
}

impl Text {
    /// A text from its two languages.
    pub fn new(zh: impl Into<String>, en: impl Into<String>) -> Self {
        Text(Box::new(Pair {
            zh: zh.into(),
            en: en.into(),
        }))
    }

    /// The catalogue entry `msg` filled with `args`, in both languages.
    ///
    /// ```
    /// use annex_audit::error::Text;
    /// use annex_audit::lang::Lang;
    /// use annex_audit::messages::XML_UNDEFINED_ENTITY;
    /// let text = Text::msg(XML_UNDEFINED_ENTITY, &[("name", &"foo")]);
    /// assert_eq!(text.get(Lang::Zh), "未定义的实体 &foo;");
    /// assert_eq!(text.get(Lang::En), "undefined entity &foo;");
    /// ```
    pub fn msg(msg: Msg, args: &[(&str, &dyn fmt::Display)]) -> Self {
        Text::new(msg.fill(Lang::Zh, args), msg.fill(Lang::En, args))
    }

    /// The catalogue entry `msg` with its one placeholder `name` filled by the entry `word`,
    /// each in its language (`{inside}` → 结束标签 / inside an end tag).
    pub fn msg_with(msg: Msg, name: &str, word: Msg) -> Self {
        Text::new(
            msg.fill(Lang::Zh, &[(name, &word.zh)]),
            msg.fill(Lang::En, &[(name, &word.en)]),
        )
    }

    /// A sentence of ours (`msg`, in both languages) about a problem whose only precise words
    /// are a third party's (the zip reader's, the operating system's, a workbook reader's): the
    /// English is `detail` as it was always shown; the Chinese is our sentence with `detail`
    /// after it as a technical detail (`（技术细节：…）`), never as the sentence.
    ///
    /// ```
    /// use annex_audit::error::Text;
    /// use annex_audit::lang::Lang;
    /// use annex_audit::messages::ZIP_INVALID;
    /// let text = Text::foreign(ZIP_INVALID, "invalid Zip archive: bad field");
    /// assert_eq!(text.get(Lang::Zh), "zip 压缩包的结构已损坏（技术细节：invalid Zip archive: bad field）");
    /// assert_eq!(text.get(Lang::En), "invalid Zip archive: bad field");
    /// ```
    pub fn foreign(msg: Msg, detail: &str) -> Self {
        let detail = printable(detail, MAX_SHOWN);
        Text::new(
            crate::messages::TECHNICAL_DETAIL
                .fill(Lang::Zh, &[("text", &msg.zh), ("detail", &detail)]),
            detail.into_owned(),
        )
    }

    /// [`Text::foreign`] whose English is our sentence too, the detail after a colon
    /// (`bad attribute: …`).
    pub fn detailed(msg: Msg, detail: &str) -> Self {
        let mut text = Text::foreign(msg, detail);
        text.0.en = format!("{}: {}", msg.en, text.0.en);
        text
    }

    /// The text in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.0.zh, &self.0.en)
    }

    /// Both languages with `prefix` (a part's name and a colon) before them.
    pub fn prefixed(self, prefix: &str) -> Self {
        Text::new(
            format!("{prefix}：{}", self.0.zh),
            format!("{prefix}: {}", self.0.en),
        )
    }
}

/// Why an I/O operation failed, in both languages: the English is the operating system's own
/// words; the Chinese names the common cases (and what to do about them) itself, and gives the
/// system's words only as a technical detail for the rare others.
///
/// ```
/// use annex_audit::error::io_reason;
/// use annex_audit::lang::Lang;
/// let exists = std::io::Error::from(std::io::ErrorKind::AlreadyExists);
/// assert!(io_reason(&exists).get(Lang::Zh).starts_with("已有同名的文件或文件夹"));
/// assert_eq!(io_reason(&exists).get(Lang::En), exists.to_string());
/// ```
pub fn io_reason(err: &std::io::Error) -> Text {
    io_reason_in(err, err.to_string())
}

/// [`io_reason`] with the English given (the system's words without a temporary file's path).
pub fn io_reason_in(err: &std::io::Error, en: String) -> Text {
    use crate::messages as m;
    use std::io::ErrorKind as K;
    let known = match err.kind() {
        K::NotFound => Some(m::IO_NOT_FOUND),
        K::PermissionDenied => Some(m::IO_PERMISSION),
        K::AlreadyExists => Some(m::IO_ALREADY_EXISTS),
        K::IsADirectory => Some(m::IO_IS_A_DIRECTORY),
        K::NotADirectory => Some(m::IO_NOT_A_DIRECTORY),
        K::ReadOnlyFilesystem => Some(m::IO_READ_ONLY),
        K::StorageFull | K::WriteZero => Some(m::IO_FULL),
        K::QuotaExceeded => Some(m::IO_QUOTA),
        K::FileTooLarge => Some(m::IO_TOO_LARGE),
        K::InvalidData => Some(m::IO_INVALID_DATA),
        K::UnexpectedEof => Some(m::IO_UNEXPECTED_EOF),
        K::DirectoryNotEmpty => Some(m::IO_DIRECTORY_NOT_EMPTY),
        K::InvalidFilename => Some(m::IO_INVALID_FILENAME),
        K::ResourceBusy | K::ExecutableFileBusy => Some(m::IO_BUSY),
        K::Interrupted | K::TimedOut | K::WouldBlock => Some(m::IO_INTERRUPTED),
        K::CrossesDevices => Some(m::IO_CROSSES_DEVICES),
        K::Unsupported => Some(m::IO_UNSUPPORTED),
        _ => None,
    };
    match known {
        Some(known) => Text::new(known.zh, en),
        None => Text::foreign(m::IO_OTHER, &en),
    }
}

/// Why reading a part's (decompressed) data failed, in both languages: damaged compressed data
/// (a broken deflate stream, a wrong checksum) said as such, data that ends early as a
/// truncated file, anything else as the operating system's reason. The English is the reader's
/// own words, as before.
pub fn data_error(io: &std::io::Error) -> Text {
    use std::io::ErrorKind as K;
    match io.kind() {
        K::InvalidData | K::InvalidInput | K::Other => {
            Text::foreign(crate::messages::ZIP_BAD_DATA, &io.to_string())
        }
        K::UnexpectedEof => Text::new(crate::messages::ZIP_DATA_CUT_SHORT.zh, io.to_string()),
        _ => io_reason(io),
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
    /// A zip archive that is truncated or damaged: what is wrong, in both languages.
    CorruptZip(Text),
    /// A zip archive without a WordprocessingML main document part: why, in both languages.
    NoMainPart(Text),
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
        /// What is not well-formed, in both languages.
        message: Text,
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
        /// Why, in both languages.
        message: Text,
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

/// A [`Text`] as shown: our sentence may hold a piece of the file (cut to [`MAX_SHOWN`] where
/// it was taken), so the whole is cut at twice that.
fn shown_text(text: &Text, lang: Lang) -> String {
    printable(text.get(lang), 2 * MAX_SHOWN).into_owned()
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
                // English keeps the system's own words; Chinese says the common cases itself.
                let why = io_reason(source);
                m::IO.fill(lang, &[("path", &path(p)), ("why", &why.get(lang))])
            }
            Error::Empty => m::EMPTY.get(lang).to_string(),
            Error::LegacyDoc => m::LEGACY_DOC.get(lang).to_string(),
            Error::Encrypted => m::ENCRYPTED.get(lang).to_string(),
            Error::Ole2 => m::OLE2.get(lang).to_string(),
            Error::NotZip => m::NOT_ZIP.get(lang).to_string(),
            Error::CorruptZip(why) => m::CORRUPT_ZIP.fill(lang, &[("why", &shown_text(why, lang))]),
            Error::NoMainPart(why) => {
                m::NO_MAIN_PART.fill(lang, &[("why", &shown_text(why, lang))])
            }
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
                    ("why", &shown_text(message, lang)),
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
            Error::Output { path: p, message } => m::OUTPUT.fill(
                lang,
                &[("path", &path(p)), ("why", &shown_text(message, lang))],
            ),
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
        let err = Error::CorruptZip(Text::new("截断", "cut short")).with_path("附件1.docx");
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
        assert_eq!(
            io.message(Lang::Zh),
            "a.docx：读写失败。操作系统报告了错误（技术细节：denied）"
        );
        let usage = Error::Usage("no table holds or follows bookmark x".into()).with_path("a.docx");
        assert_eq!(usage.exit_code(), EXIT_USAGE);
        let internal =
            Error::Internal("the reader stopped unexpectedly".into()).with_path("a.docx");
        assert_eq!(internal.exit_code(), EXIT_INTERNAL);
        assert_eq!(
            internal.to_string(),
            "a.docx: internal error (a bug, not a problem with the input; please report this line): the reader stopped unexpectedly"
        );
        // A file name cannot break the line.
        let odd = Error::Empty.with_path("two\nlines.docx");
        assert!(
            odd.to_string()
                .starts_with("two\\nlines.docx: the file is empty")
        );
    }

    /// The words a Chinese message may hold in Latin letters: names of formats, programs and
    /// parts, and options. Any other English word is a sentence left untranslated.
    fn english_words(message: &str) -> Vec<&str> {
        const ALLOWED: &[&str] = &[
            "docx",
            "doc",
            "xlsx",
            "zip",
            "xml",
            "XML",
            "Word",
            "WPS",
            "Excel",
            "word",
            "document",
            "officeDocument",
            "DOCTYPE",
            "CDATA",
            "UTF",
            "MiB",
            "nbsp",
            "foo",
            "overwrite",
        ];
        // A technical detail is secondary by its own label; what follows it is not judged.
        let judged = message.split("（技术细节：").next().unwrap_or(message);
        judged
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() > 1 && !ALLOWED.contains(w))
            .collect()
    }

    #[test]
    fn the_reviewed_errors_are_wholly_chinese_in_chinese() {
        use crate::messages as m;
        use std::io::{Error as IoError, ErrorKind as K};
        let errors = [
            Error::CorruptZip(Text::msg(m::ZIP_NO_END_RECORD, &[])),
            Error::CorruptZip(Text::msg(m::ZIP_CUT_SHORT, &[])),
            Error::CorruptZip(
                data_error(&IoError::new(K::InvalidInput, "corrupt deflate stream"))
                    .prefixed("word/document.xml"),
            ),
            Error::CorruptZip(Text::foreign(
                m::ZIP_INVALID,
                "invalid Zip archive: Variable-length field extends beyond file boundary",
            )),
            Error::NoMainPart(Text::msg(m::NO_MAIN_PART_NONE, &[])),
            Error::Xml {
                part: "word/document.xml".into(),
                position: 125_583,
                message: Text::msg_with(m::XML_ENDS_EARLY, "inside", m::XML_IN_END_TAG),
            },
            Error::Xml {
                part: "word/document.xml".into(),
                position: 12,
                message: Text::msg(m::XML_UNDEFINED_ENTITY, &[("name", &"foo")]),
            },
            Error::io("输出", IoError::from(K::AlreadyExists)),
            Error::io("文件", IoError::from(K::NotFound)),
            Error::io("文件", IoError::from(K::PermissionDenied)),
            Error::io("文件", IoError::from(K::IsADirectory)),
            Error::io("文件", IoError::from(K::NotADirectory)),
            Error::io("文件", IoError::from(K::ReadOnlyFilesystem)),
            Error::io("文件", IoError::from(K::StorageFull)),
            Error::io("文件", IoError::from(K::InvalidData)),
            Error::io("文件", IoError::from(K::UnexpectedEof)),
            Error::Output {
                path: "目录".into(),
                message: io_reason(&IoError::from_raw_os_error(21)),
            },
        ];
        for err in &errors {
            let zh = err.message(Lang::Zh);
            assert!(english_words(&zh).is_empty(), "{zh}");
            assert!(zh.contains('请'), "says what to do: {zh}");
        }
        // The English is the one it always was.
        assert_eq!(
            errors[0].message(Lang::En),
            "the .docx is truncated or corrupt: no end-of-central-directory record (the download is probably truncated)"
        );
        assert_eq!(
            errors[2].message(Lang::En),
            "the .docx is truncated or corrupt: word/document.xml: corrupt deflate stream"
        );
        assert_eq!(
            errors[3].message(Lang::En),
            "the .docx is truncated or corrupt: invalid Zip archive: Variable-length field extends beyond file boundary"
        );
        assert_eq!(
            errors[5].message(Lang::En),
            "malformed XML in word/document.xml at byte 125583: inside an end tag (the part ends early: truncated?)"
        );
        // A third party's words stay, as a technical detail after our sentence.
        assert!(
            errors[3].message(Lang::Zh).starts_with(
                "该 .docx 不完整或已损坏：zip 压缩包的结构已损坏（技术细节：invalid Zip archive"
            ),
            "{}",
            errors[3].message(Lang::Zh)
        );
        assert_eq!(
            errors[7].message(Lang::Zh),
            "输出：读写失败。已有同名的文件或文件夹：请换一个路径，或先移走它"
        );
    }
}
