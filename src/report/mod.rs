//! Reports of an audit: the verified workbook, JSON for machines, a summary for the terminal.
//! One module per format, each a [`ReportSink`] fed table by table ([`ReportStream`]) or a
//! whole audited file at once ([`render_file`], [`Report`]).

mod index;
mod json;
mod layout;
mod output;
mod sink;
mod stream;
mod terminal;
mod xlsx;

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::annex::SkipReason;
use crate::audit::{AuditReport, Lang};
use crate::{Error, Result};

pub use index::{
    BatchEntry, IndexFinish, IndexJson, IndexSink, IndexStart, IndexWorkbook, index_sinks,
    write_index, write_index_json, write_index_workbook,
};
pub use json::{Json, JsonSink, json_value};
pub use layout::{Layout, TITLE_ROWS, a1, column_letters, quote_sheet};
pub use output::Output;
pub use sink::{ReportSink, SinkFinish, SinkStart, SinkTable, render_file, sinks_for};
pub use stream::{Rendered, ReportStream, StreamOptions};
pub use terminal::{Terminal, TerminalSink, converted_note, coverage_line};
pub use xlsx::{
    Carried, Notes, PreviousEntry, PreviousReview, Review, Unreadable, WorkbookSink, Xlsx,
    read_previous, recomputed_cell, structured_cell,
};

/// The tool's name and version, as reports name it.
pub const TOOL_NAME: &str = "annex-audit";
/// The tool's version.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

/// The audited file: where it came from and what the audit found.
#[derive(Debug, Clone, Serialize)]
pub struct AuditedFile {
    /// The path as given.
    pub path: PathBuf,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The document's title, as the reader found it.
    pub title: Option<String>,
    /// When the audit ran, RFC 3339 in local time with its offset
    /// (`2026-12-01T21:23:16+08:00`); [`readable_time`] shows it to a person.
    pub audited_at: String,
    /// The audit.
    pub report: AuditReport,
}

impl AuditedFile {
    /// The file's name without directories.
    pub fn file_name(&self) -> String {
        self.facts().file_name()
    }

    /// What the reports say about the file itself.
    pub fn facts(&self) -> Facts<'_> {
        Facts {
            path: &self.path,
            sha256: &self.sha256,
            bytes: self.bytes,
            title: self.title.as_deref(),
            audited_at: &self.audited_at,
            converted_by: None,
        }
    }
}

/// The audited file's own facts, without the audit: what a report rendered table by table
/// needs at its end.
#[derive(Debug, Clone, Copy)]
pub struct Facts<'a> {
    /// The path as given.
    pub path: &'a Path,
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: &'a str,
    /// Size in bytes.
    pub bytes: u64,
    /// The document's title, as the reader found it.
    pub title: Option<&'a str>,
    /// When the audit ran, RFC 3339 in local time with its offset
    /// (`2026-12-01T21:23:16+08:00`); [`readable_time`] shows it to a person.
    pub audited_at: &'a str,
    /// What converted the file to a temporary .docx before the audit (a .doc or .wps through
    /// LibreOffice), so that every report says the audit read a conversion.
    pub converted_by: Option<&'a str>,
}

impl Facts<'_> {
    /// The file's name without directories.
    pub fn file_name(&self) -> String {
        self.path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| self.path.display().to_string())
    }
}

/// An RFC 3339 time as a person reads it: `2026-12-01T21:23:16+08:00` →
/// `2026-12-01 21:23:16 +08:00` (a `Z` shows as `+00:00`); text that is not such a time is
/// returned as it is.
///
/// ```
/// use annex_audit::report::readable_time;
/// assert_eq!(readable_time("2026-12-01T21:23:16+08:00"), "2026-12-01 21:23:16 +08:00");
/// assert_eq!(readable_time("2026-12-01T13:23:16Z"), "2026-12-01 13:23:16 +00:00");
/// ```
pub fn readable_time(rfc3339: &str) -> String {
    if rfc3339.parse::<jiff::Timestamp>().is_err() {
        return rfc3339.to_string();
    }
    // Checked above: `YYYY-MM-DDTHH:MM:SS`, optional fraction, then `Z` or `±hh:mm`.
    let (when, rest) = rfc3339.split_at(rfc3339.find('T').unwrap_or(0).min(rfc3339.len()));
    let rest = rest.trim_start_matches(['T', 't']);
    let offset_at = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
    let (time, offset) = rest.split_at(offset_at);
    let time = time.split('.').next().unwrap_or(time);
    let offset = if offset.eq_ignore_ascii_case("z") {
        "+00:00"
    } else {
        offset
    };
    format!("{when} {time} {offset}")
}

/// The 1-based workbook row of a table row (0-based in the Word table), as the sheet and its
/// cell references (`J15`) number it. A person sees rows numbered two ways only: this, and the
/// data row (`第13行`, the row's place among the table's data rows).
pub(crate) fn sheet_row(table_row: usize) -> usize {
    Layout::position(crate::audit::Location {
        table_row,
        column: 0,
    })
    .0 as usize
        + 1
}

/// How a side-by-side table's records were listed, in words: shown under its sheet and in
/// its report line, since its row numbers are not the document's.
pub(crate) fn side_by_side_text(layout: &crate::annex::SideBySide, lang: Lang) -> String {
    use crate::annex::ReadingOrder;
    use crate::messages as m;
    let msg = match layout.order {
        ReadingOrder::Down => m::SIDE_BY_SIDE_DOWN,
        ReadingOrder::Across => m::SIDE_BY_SIDE_ACROSS,
    };
    msg.fill(
        lang,
        &[
            ("records", &layout.records_per_row),
            ("columns", &layout.columns_per_record),
        ],
    )
}

/// Why a row of a score table is not a data row, in words.
pub(crate) fn skip_reason_text(reason: &SkipReason, lang: Lang) -> String {
    use crate::messages as m;
    match reason {
        SkipReason::Empty => m::ROW_EMPTY.get(lang).to_string(),
        SkipReason::RepeatedHeader => m::ROW_REPEATED_HEADER.get(lang).to_string(),
        SkipReason::TextRow(t) => m::ROW_TEXT.fill(lang, &[("text", t)]),
        SkipReason::SummaryRow(t) => m::ROW_SUMMARY.fill(lang, &[("text", t)]),
    }
}

/// The findings of each table, in the report's order, gathered in one pass (a document can
/// hold many thousands of tables).
pub(crate) fn findings_by_table(
    findings: &[crate::audit::Finding],
) -> std::collections::HashMap<usize, Vec<&crate::audit::Finding>> {
    let mut by_table: std::collections::HashMap<usize, Vec<&crate::audit::Finding>> =
        std::collections::HashMap::new();
    // The document-level findings are not a table's: they come at the end.
    for f in findings.iter().filter(|f| !f.check.is_document_level()) {
        by_table.entry(f.table).or_default().push(f);
    }
    by_table
}

/// One output format rendering a whole audited file at once: a convenience over the format's
/// [`ReportSink`], fed by [`render_file`].
pub trait Report {
    /// Renders the audit into `out`.
    ///
    /// # Errors
    ///
    /// The sink's error, or the error writing into `out`.
    fn render(&self, file: &AuditedFile, layout: &Layout, out: &mut dyn Write) -> Result<()>;
}

/// Writes `path` atomically: into a temporary file in the same directory, renamed into place
/// only when `write` succeeded, so a failure leaves no partial file and an existing file is
/// replaced in one step. Refuses to write over `input`.
pub fn write_atomically(
    path: &Path,
    input: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    write_atomically_protecting(path, &[input], write)
}

/// [`write_atomically`], refusing to write over any of `inputs`.
pub fn write_atomically_protecting(
    path: &Path,
    inputs: &[&Path],
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    if inputs.iter().any(|input| same_file(path, input)) {
        return Err(Error::OutputIsInput(path.to_path_buf()));
    }
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let fail = |message: crate::error::Text| Error::Output {
        path: path.to_path_buf(),
        message,
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".annex-audit-").suffix(".tmp");
    // A temporary file is private (0600); the output gets the mode of any new file (0666 less
    // the umask, which open(2) applies).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir).map_err(|e| fail(plain(&e)))?;
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush().map_err(|e| fail(plain(&e)))?;
    }
    // No fsync: the rename already guarantees that readers see either the old file or the
    // complete new one, and a report can be written again; fsync would double the run time of
    // a small audit.
    tmp.persist(path).map_err(|e| fail(plain(&e.error)))?;
    Ok(())
}

/// An I/O error's reason without the path `tempfile` attaches to it (the temporary file's name
/// means nothing to the user), in both languages.
fn plain(e: &std::io::Error) -> crate::error::Text {
    let en = match e.raw_os_error() {
        Some(code) => std::io::Error::from_raw_os_error(code).to_string(),
        None => e.kind().to_string(),
    };
    crate::error::io_reason_in(e, en)
}

/// True when both paths name the same existing file (or are literally equal).
pub(crate) fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    // A path that does not resolve (an output not written yet) names no existing file.
    let Ok(a) = a.canonicalize() else {
        return false;
    };
    b.canonicalize().is_ok_and(|b| a == b)
}

#[cfg(test)]
pub(crate) mod tests;

#[cfg(test)]
mod atomic_tests {
    use super::*;

    #[test]
    fn atomic_write_replaces_or_leaves_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in.docx");
        std::fs::write(&input, b"input").expect("write");
        let out = dir.path().join("out.txt");
        write_atomically(&out, &input, |w| {
            w.write_all(b"done").map_err(|e| Error::io("out", e))
        })
        .expect("written");
        assert_eq!(std::fs::read(&out).expect("read"), b"done");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // The same mode as any file the user creates (0666 less the umask).
            let probe = dir.path().join("probe");
            std::fs::File::create(&probe).expect("probe");
            let mode = |p: &Path| std::fs::metadata(p).expect("meta").permissions().mode();
            assert_eq!(mode(&out), mode(&probe));
            std::fs::remove_file(&probe).expect("remove probe");
        }
        // A failing writer leaves the old file and no temporary behind.
        let err = write_atomically(&out, &input, |w| {
            w.write_all(b"partial").map_err(|e| Error::io("out", e))?;
            Err(Error::Usage("boom".into()))
        });
        assert!(err.is_err());
        assert_eq!(std::fs::read(&out).expect("read"), b"done");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn the_input_is_never_the_output() {
        let dir = tempfile::tempdir().expect("tempdir");
        let input = dir.path().join("in.docx");
        std::fs::write(&input, b"input").expect("write");
        let again = dir.path().join(".").join("in.docx");
        let err = write_atomically(&again, &input, |_| Ok(())).expect_err("refused");
        assert!(matches!(err, Error::OutputIsInput(_)));
        assert_eq!(std::fs::read(&input).expect("read"), b"input");
    }
}
