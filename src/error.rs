//! The one error type of the library.
//!
//! Every problem with an input becomes one line of text that names the file's problem and, where
//! there is one, what to do about it. The binary prints that line on stderr and exits with
//! [`Error::exit_code`].

use std::borrow::Cow;
use std::fmt;
use std::path::{Path, PathBuf};

/// Exit code for an unreadable input (and for an output that cannot be written).
pub const EXIT_UNREADABLE: i32 = 3;
/// Exit code for a usage error (bad option, unknown template, …).
pub const EXIT_USAGE: i32 = 2;

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
        path: PathBuf,
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
        /// What was counted, e.g. "uncompressed size of word/document.xml".
        what: String,
        /// The limit, in the unit of `what`.
        limit: u64,
    },
    /// Malformed XML in a part: unbalanced, truncated, or otherwise not well-formed.
    Xml {
        part: String,
        position: u64,
        message: String,
    },
    /// A part declares a DOCTYPE; entities are never expanded.
    Doctype { part: String },
    /// A part is not valid UTF-8.
    NotUtf8 { part: String },
    /// A scoring template could not be found or parsed.
    Template(String),
    /// A usage problem detected after argument parsing (conflicting options, …).
    Usage(String),
    /// An output would overwrite the input.
    OutputIsInput(PathBuf),
    /// Writing an output failed.
    Output { path: PathBuf, message: String },
}

impl Error {
    /// The process exit code this error maps to.
    ///
    /// ```
    /// use annex_audit::Error;
    /// assert_eq!(Error::Empty.exit_code(), 3);
    /// assert_eq!(Error::Template("x".into()).exit_code(), 2);
    /// ```
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Template(_) | Error::Usage(_) => EXIT_USAGE,
            _ => EXIT_UNREADABLE,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }

    /// A limit error.
    pub fn limit(what: impl Into<String>, limit: u64) -> Self {
        Error::Limit {
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound(p) => write!(f, "{}: no such file or directory", path(p)),
            Error::IsDirectory(p) => {
                write!(f, "{}: is a directory, expected a .docx file", path(p))
            }
            Error::Io { path: p, source } => write!(f, "{}: {}", path(p), source),
            Error::Empty => write!(f, "the file is empty (0 bytes): not a Word document"),
            Error::LegacyDoc => write!(
                f,
                "this is a Word 97-2003 .doc file (OLE2), not a .docx: convert it first, e.g. `soffice --headless --convert-to docx FILE.doc`"
            ),
            Error::Encrypted => write!(
                f,
                "the document is encrypted (password-protected .docx): open it in Word, remove the password (File > Info > Protect Document) and save a copy"
            ),
            Error::Ole2 => write!(
                f,
                "this is an OLE2 compound file (an old Office format), not a .docx: convert it with `soffice --headless --convert-to docx`"
            ),
            Error::NotZip => write!(
                f,
                "not a .docx: the file is not a zip archive (is it a PDF, an HTML page or a renamed file?)"
            ),
            Error::CorruptZip(why) => {
                write!(f, "the .docx is truncated or corrupt: {}", shown(why))
            }
            Error::NoMainPart(why) => write!(f, "not a Word document: {}", shown(why)),
            Error::MissingPart(name) => {
                write!(
                    f,
                    "the .docx is incomplete: part {} is missing",
                    shown(name)
                )
            }
            Error::Limit { what, limit } => {
                let what = shown(what);
                if what.contains("size") || what.contains("ratio") {
                    let amount = if what.contains("size") && limit % MIB == 0 {
                        format!("{} MiB", limit / MIB)
                    } else if what.contains("size") {
                        format!("{limit} bytes")
                    } else {
                        format!("{limit}:1")
                    };
                    // Only the part size can be raised from the command line.
                    let hint = if what.contains("size of") && !what.contains("total") {
                        " (if the document is genuine, raise the limit with --max-part-mib)"
                    } else {
                        ""
                    };
                    write!(
                        f,
                        "refused: {what} exceeds the limit of {amount}, so this is probably a zip bomb or a damaged file{hint}"
                    )
                } else {
                    write!(
                        f,
                        "refused: {what} exceeds the limit of {limit}, so this is probably a damaged or machine-generated file"
                    )
                }
            }
            Error::Xml {
                part,
                position,
                message,
            } => write!(
                f,
                "malformed XML in {} at byte {position}: {}",
                shown(part),
                shown(message)
            ),
            Error::Doctype { part } => write!(
                f,
                "refused: {} declares a DOCTYPE, which Word never writes (entities are not expanded)",
                shown(part)
            ),
            Error::NotUtf8 { part } => write!(
                f,
                "malformed XML in {}: the text is not valid UTF-8, which Word always writes (made by another program? open it in Word or LibreOffice and save it again as .docx)",
                shown(part)
            ),
            Error::Template(why) => write!(f, "template: {why}"),
            Error::Usage(why) => write!(f, "{why}"),
            Error::OutputIsInput(p) => {
                write!(f, "refused to write {}: it is the input file", path(p))
            }
            Error::Output { path: p, message } => {
                write!(f, "cannot write {}: {}", path(p), shown(message))
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            _ => None,
        }
    }
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
