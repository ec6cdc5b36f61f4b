//! The one error type of the library.
//!
//! Every problem with an input becomes one line of text that names the file's problem and, where
//! there is one, what to do about it. The binary prints that line on stderr and exits with
//! [`Error::exit_code`].

use std::fmt;
use std::path::PathBuf;

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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::NotFound(p) => write!(f, "{}: no such file or directory", p.display()),
            Error::IsDirectory(p) => {
                write!(f, "{}: is a directory, expected a .docx file", p.display())
            }
            Error::Io { path, source } => write!(f, "{}: {}", path.display(), source),
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
            Error::CorruptZip(why) => write!(f, "the .docx is truncated or corrupt: {why}"),
            Error::NoMainPart(why) => write!(f, "not a Word document: {why}"),
            Error::MissingPart(name) => {
                write!(f, "the .docx is incomplete: part {name} is missing")
            }
            Error::Limit { what, limit } => write!(
                f,
                "refused: {what} exceeds the limit of {limit} (a damaged file or a zip bomb?)"
            ),
            Error::Xml {
                part,
                position,
                message,
            } => write!(f, "malformed XML in {part} at byte {position}: {message}"),
            Error::Doctype { part } => write!(
                f,
                "refused: {part} declares a DOCTYPE, which Word never writes (entities are not expanded)"
            ),
            Error::NotUtf8 { part } => {
                write!(f, "malformed XML in {part}: the text is not valid UTF-8")
            }
            Error::Template(why) => write!(f, "template: {why}"),
            Error::Usage(why) => write!(f, "{why}"),
            Error::OutputIsInput(p) => {
                write!(f, "refused to write {}: it is the input file", p.display())
            }
            Error::Output { path, message } => {
                write!(f, "cannot write {}: {message}", path.display())
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
