//! The commands behind the binary's subcommands. `main.rs` parses arguments into these option
//! structs and calls one function; everything else happens here and below.

use std::path::PathBuf;

use crate::package::Limits;

mod tables;

pub use tables::tables;

/// Language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

/// The lowest severity that makes `audit` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    Critical,
    Error,
    Warning,
    Notice,
    /// Always exit 0 when the input was read.
    Never,
}

/// Options of `annex-audit tables`.
#[derive(Debug, Clone)]
pub struct TablesOptions {
    /// The document to read.
    pub file: PathBuf,
    /// JSON on stdout instead of the listing.
    pub json: bool,
    /// Every row instead of the first few.
    pub all_rows: bool,
    /// Input limits.
    pub limits: Limits,
}

/// Options of `annex-audit audit`.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// Files and directories.
    pub inputs: Vec<PathBuf>,
    /// Workbook path (one input) or directory (batch).
    pub output: Option<PathBuf>,
    /// JSON path, or `-` for stdout.
    pub json: Option<PathBuf>,
    /// Failing severity.
    pub fail_on: FailOn,
    /// Template name or file.
    pub template: Option<String>,
    /// Restrict to the table at this bookmark.
    pub bookmark: Option<String>,
    /// Message language override.
    pub lang: Option<Lang>,
    /// Coverage line only.
    pub quiet: bool,
    /// Write the workbook.
    pub workbook: bool,
    /// Batch parallelism.
    pub jobs: Option<usize>,
    /// Input limits.
    pub limits: Limits,
}

/// `annex-audit audit`. Returns the exit code (0 clean, 1 findings at the failing level).
pub fn audit(_options: &AuditOptions) -> crate::Result<u8> {
    Err(crate::Error::Usage("audit: not implemented yet".into()))
}

/// `annex-audit templates [NAME]`.
pub fn templates(_name: Option<&str>) -> crate::Result<u8> {
    Err(crate::Error::Usage("templates: not implemented yet".into()))
}
