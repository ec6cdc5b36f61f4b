//! One file through the whole pipeline: package → wordml → annex → audit, streaming: each table
//! is audited as the reader completes it.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::annex::Template;
use crate::audit::{Auditor, Lang, Selection};
use crate::package::{Limits, Package};
use crate::report::AuditedFile;
use crate::wordml::{self, ReadOptions};
use crate::{Error, Result};

/// How to audit a file.
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// The table vocabulary.
    pub template: Template,
    /// Which tables.
    pub selection: Selection,
    /// Message language; `None`: from the document.
    pub lang: Option<Lang>,
    /// Input limits.
    pub limits: Limits,
}

impl Default for AuditSettings {
    fn default() -> Self {
        AuditSettings {
            template: Template::default_template(),
            selection: Selection::default(),
            lang: None,
            limits: Limits::default(),
        }
    }
}

/// Reads and audits the document at `path`.
///
/// ```no_run
/// use annex_audit::pipeline::{audit_path, AuditSettings};
/// let audited = audit_path("samples/ordos-2020-annex.docx".as_ref(), &AuditSettings::default())?;
/// assert_eq!(audited.report.summary.rows, 45);
/// # Ok::<(), annex_audit::Error>(())
/// ```
pub fn audit_path(path: &Path, settings: &AuditSettings) -> Result<AuditedFile> {
    let mut package = Package::open(path, &settings.limits)?;
    let (sha256, bytes) = hash_file(path)?;
    let mut auditor = Auditor::new(
        settings.template.clone(),
        settings.lang,
        settings.selection.clone(),
    );
    let mut stream = wordml::tables(&mut package, &ReadOptions::default())?;
    let mut first = true;
    while let Some(table) = stream.next() {
        let table = table?;
        if first {
            // The title is read from the paragraphs before the first table.
            if let Some(title) = &stream.info().title {
                auditor.detect_language(title);
            }
            first = false;
        }
        auditor.push(table);
    }
    let info = stream.into_info();
    if first && let Some(title) = &info.title {
        // No table: the language still follows the document, for the "no table" message.
        auditor.detect_language(title);
    }
    Ok(AuditedFile {
        path: path.to_path_buf(),
        sha256,
        bytes,
        title: info.title,
        audited_at: jiff::Timestamp::now()
            .round(jiff::Unit::Second)
            .unwrap_or_else(|_| jiff::Timestamp::now())
            .to_string(),
        report: auditor.finish(),
    })
}

/// SHA-256 (lowercase hex) and size of a file, read in blocks.
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((hex, total))
}
