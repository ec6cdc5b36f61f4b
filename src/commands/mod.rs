//! The commands behind the binary's subcommands. `main.rs` parses arguments into these option
//! structs and calls one function; everything else happens here and below.

use std::io::Write;
use std::path::PathBuf;

use crate::package::Limits;

mod audit;
pub mod cli;
mod diff;
mod names;
pub mod read_ahead;
mod tables;

pub use crate::audit::Lang;
pub use audit::audit;
pub use diff::diff;
pub use read_ahead::ReadAhead;
pub use tables::tables;

/// The lowest severity that makes `audit` exit with 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    /// Only critical findings (a total whose correction changes the ranking).
    Critical,
    /// Errors and above (the default).
    Error,
    /// Warnings and above.
    Warning,
    /// Any finding, notices included.
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
    /// Every column at its full width, however wide the listing gets (default: 100 columns).
    pub wide: bool,
    /// Message language; `None`: the document's (its first table's), else the locale's.
    pub lang: Option<Lang>,
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
    /// Show each finding's id in the terminal report.
    pub verbose: bool,
    /// Replace an existing workbook that cannot be read (its notes are then lost) instead of
    /// refusing to.
    pub overwrite: bool,
    /// Write the workbook.
    pub workbook: bool,
    /// Batch parallelism.
    pub jobs: Option<usize>,
    /// Input limits.
    pub limits: Limits,
}

/// Options of `annex-audit diff`.
#[derive(Debug, Clone)]
pub struct DiffOptions {
    /// The earlier version.
    pub old: PathBuf,
    /// The later version.
    pub new: PathBuf,
    /// Where to write the comparison workbook.
    pub output: Option<PathBuf>,
    /// JSON path, or `-` for stdout.
    pub json: Option<PathBuf>,
    /// Message language override.
    pub lang: Option<Lang>,
    /// Input limits.
    pub limits: Limits,
}

/// The one line an error is shown as, in `lang` where the error has both languages
/// ([`Error::Bilingual`](crate::Error::Bilingual)); the file it concerns first.
///
/// ```
/// use annex_audit::{Error, commands::{Lang, error_message}};
/// let err = Error::Bilingual { zh: "模板有误".into(), en: "bad template".into(), exit: 2 };
/// let err = err.with_path("a.docx");
/// assert_eq!(error_message(&err, Lang::Zh), "a.docx：模板有误");
/// assert_eq!(error_message(&err, Lang::En), "a.docx: bad template");
/// ```
pub fn error_message(err: &crate::Error, lang: Lang) -> String {
    match err {
        crate::Error::Bilingual { zh, en, .. } => lang.pick(zh, en).clone(),
        // A Chinese line takes the full-width colon throughout (`annex-audit：a.docx：…`).
        crate::Error::WithPath { path, source } => format!(
            "{}{}{}",
            crate::error::escaped(&path.display().to_string()),
            lang.pick("：", ": "),
            error_message(source, lang)
        ),
        other => other.message(lang),
    }
}

/// `annex-audit templates [NAME]`: lists the built-in templates, or prints one's TOML.
pub fn templates(name: Option<&str>) -> crate::Result<u8> {
    use crate::annex::{BUILT_IN, DEFAULT_TEMPLATE, Template};
    let mut out = std::io::stdout().lock();
    let io = |e| crate::Error::io("stdout", e);
    match name {
        None => {
            for (n, text) in BUILT_IN {
                let description = Template::from_toml(text, n)
                    .map(|t| t.description)
                    .unwrap_or_default();
                let default = if *n == DEFAULT_TEMPLATE {
                    crate::messages::TEMPLATES_DEFAULT.get(Lang::from_env())
                } else {
                    ""
                };
                writeln!(out, "{n}{default}\t{description}").map_err(io)?;
            }
        }
        Some(n) => match BUILT_IN.iter().find(|(name, _)| *name == n) {
            Some((_, text)) => write!(out, "{text}").map_err(io)?,
            None => {
                // Not built in: resolving it gives the helpful error (or validates a file).
                let t = Template::resolve(n)?;
                let valid = crate::messages::TEMPLATES_VALID.fill(
                    Lang::from_env(),
                    &[("name", &t.name), ("description", &t.description)],
                );
                writeln!(out, "{valid}").map_err(io)?;
            }
        },
    }
    Ok(0)
}
