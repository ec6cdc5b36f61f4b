//! Uploads: each file of a `POST /api/audit` goes into a temporary directory of its own under
//! its own (cleaned) name, is audited there by the CLI's pipeline, and is removed whatever
//! happens (the directory is dropped when the audit ends, fails or is abandoned).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::extract::Multipart;
use axum::extract::multipart::Field;
use tempfile::TempDir;

use super::published;
use super::store::{ResultStore, StoredAudit};
use crate::annex::{BUILT_IN, Template};
use crate::audit::{Lang, Selection, Severity, Summary};
use crate::commands::FailOn;
use crate::package::Limits;
use crate::pipeline::{AuditSettings, audit_streaming};
use crate::report::{BatchEntry, StreamOptions, Xlsx};
use crate::{Error, Result};

/// Longest file name kept, in characters (longer ones are cut before the extension).
const MAX_NAME_CHARS: usize = 120;

/// One uploaded file, on disk until dropped.
pub struct Upload {
    /// Removed with everything in it when the upload is dropped.
    _dir: TempDir,
    /// The file, named as uploaded.
    pub path: PathBuf,
    /// Its name, cleaned.
    pub name: String,
}

/// A parsed `POST /api/audit`.
pub struct AuditRequest {
    /// The files, in the order sent.
    pub files: Vec<Upload>,
    /// The `template` field: a built-in template's name.
    pub template: Option<String>,
    /// The `lang` field.
    pub lang: Option<Lang>,
    /// The `fail_on` field.
    pub fail_on: FailOn,
}

/// Why a request could not be read: a message for the client, in its language.
#[derive(Debug)]
pub struct BadRequest {
    /// HTTP status.
    pub status: u16,
    /// One line.
    pub message: String,
}

fn bad(message: impl Into<String>) -> BadRequest {
    BadRequest {
        status: 400,
        message: message.into(),
    }
}

/// The name a file is kept and reported under: its last path component, control characters
/// and path separators removed, cut to a sensible length; `upload.docx` when nothing is left.
pub fn clean_name(raw: Option<&str>) -> String {
    let last = raw
        .unwrap_or_default()
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or_default();
    let kept: String = last
        .chars()
        .filter(|c| {
            !c.is_control() && !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect();
    let kept = kept.trim().trim_start_matches('.').to_string();
    if kept.is_empty() {
        return "upload.docx".into();
    }
    if kept.chars().count() <= MAX_NAME_CHARS {
        return kept;
    }
    let (stem, ext) = match kept.rsplit_once('.') {
        Some((s, e)) if e.chars().count() <= 8 => (s.to_string(), format!(".{e}")),
        _ => (kept.clone(), String::new()),
    };
    let stem: String = stem.chars().take(MAX_NAME_CHARS).collect();
    format!("{stem}{ext}")
}

/// `zh` or `en`.
pub fn parse_lang(text: &str) -> Option<Lang> {
    match text.trim().to_ascii_lowercase().as_str() {
        "zh" | "zh-cn" | "zh-hans" => Some(Lang::Zh),
        "en" => Some(Lang::En),
        _ => None,
    }
}

fn parse_fail_on(text: &str) -> Option<FailOn> {
    Some(match text.trim().to_ascii_lowercase().as_str() {
        "critical" => FailOn::Critical,
        "error" => FailOn::Error,
        "warning" => FailOn::Warning,
        "notice" => FailOn::Notice,
        "never" => FailOn::Never,
        _ => return None,
    })
}

/// Writes one file field into a fresh temporary directory.
async fn save(mut field: Field<'_>, lang: Lang) -> std::result::Result<Upload, BadRequest> {
    let name = clean_name(field.file_name());
    let cannot_store = |e: std::io::Error| BadRequest {
        status: 500,
        message: format!(
            "{}{e}",
            lang.pick("无法保存上传的文件：", "cannot store the upload: ")
        ),
    };
    let dir = tempfile::Builder::new()
        .prefix("annex-audit-upload-")
        .tempdir()
        .map_err(cannot_store)?;
    let path = dir.path().join(&name);
    let mut file = std::fs::File::create(&path).map_err(cannot_store)?;
    loop {
        match field.chunk().await {
            Ok(Some(chunk)) => file.write_all(&chunk).map_err(cannot_store)?,
            Ok(None) => break,
            Err(e) => return Err(body_error(&e.body_text(), e.status().as_u16(), lang)),
        }
    }
    file.flush().map_err(cannot_store)?;
    Ok(Upload {
        _dir: dir,
        path,
        name,
    })
}

fn body_error(text: &str, status: u16, lang: Lang) -> BadRequest {
    if status == 413 {
        BadRequest {
            status,
            message: lang
                .pick(
                    "上传的文件过大（合计不得超过 64 MiB）",
                    "the upload is too large (64 MiB at most in all)",
                )
                .into(),
        }
    } else {
        BadRequest {
            status,
            message: format!(
                "{}{text}",
                lang.pick("无法读取上传内容：", "cannot read the upload: ")
            ),
        }
    }
}

/// Reads the multipart body: every `file` field to disk, the option fields as text.
/// `lang` is the language of the messages until the `lang` field says otherwise.
pub async fn read_request(
    mut multipart: Multipart,
    lang: Lang,
) -> std::result::Result<AuditRequest, BadRequest> {
    let mut request = AuditRequest {
        files: Vec::new(),
        template: None,
        lang: None,
        fail_on: FailOn::Error,
    };
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                let lang = request.lang.unwrap_or(lang);
                return Err(body_error(&e.body_text(), e.status().as_u16(), lang));
            }
        };
        let lang = request.lang.unwrap_or(lang);
        let name = field.name().unwrap_or_default().to_string();
        if name == "file" {
            request.files.push(save(field, lang).await?);
            continue;
        }
        let value = field
            .text()
            .await
            .map_err(|e| body_error(&e.body_text(), e.status().as_u16(), lang))?;
        match name.as_str() {
            "template" if !value.trim().is_empty() => {
                let value = value.trim().to_string();
                if !BUILT_IN.iter().any(|(n, _)| *n == value) {
                    let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                    return Err(bad(format!(
                        "{}{}",
                        lang.pick("未知的模板，可用：", "unknown template; built in: "),
                        names.join(", ")
                    )));
                }
                request.template = Some(value);
            }
            "lang" if !value.trim().is_empty() => {
                request.lang = Some(parse_lang(&value).ok_or_else(|| {
                    bad(lang.pick("lang 只能是 zh 或 en", "lang must be zh or en"))
                })?);
            }
            "fail_on" if !value.trim().is_empty() => {
                request.fail_on = parse_fail_on(&value).ok_or_else(|| {
                    bad(lang.pick(
                        "fail_on 只能是 critical、error、warning、notice 或 never",
                        "fail_on must be critical, error, warning, notice or never",
                    ))
                })?;
            }
            _ => {}
        }
    }
    if request.files.is_empty() {
        let lang = request.lang.unwrap_or(lang);
        return Err(bad(lang.pick(
            "请求中没有文件：每个文件放在名为 file 的字段中",
            "no file in the request: send each file in a field named file",
        )));
    }
    Ok(request)
}

/// The pipeline's settings for a request, as `annex-audit audit` builds them.
pub fn settings(request: &AuditRequest, limits: &Limits) -> AuditSettings {
    AuditSettings {
        template: Arc::new(
            request
                .template
                .as_deref()
                .and_then(Template::built_in)
                .unwrap_or_else(Template::default_template),
        ),
        selection: Selection::default(),
        lang: request.lang,
        limits: limits.clone(),
    }
}

/// The exit code `annex-audit audit` would give for this worst finding.
pub fn fails(worst: Option<Severity>, fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Critical => Severity::Critical,
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Notice => Severity::Notice,
        FailOn::Never => return false,
    };
    worst.is_some_and(|w| w <= threshold)
}

/// The unreadable file's message, in `lang`: the CLI's one line ([`Error::message`]).
pub fn error_message(err: &Error, lang: Lang) -> String {
    err.message(lang)
}

/// What became of one file.
pub struct Outcome {
    /// The index entry (`workbook` is the URL of its workbook), as a batch lists it.
    pub entry: BatchEntry,
    /// The stored result's id, when audited.
    pub id: Option<String>,
    /// The JSON report, when audited.
    pub json: Option<Vec<u8>>,
}

/// Audits one upload with the CLI's pipeline and keeps its results in `store`; the upload is
/// removed before this returns. Blocking: run it on a blocking thread.
pub fn audit_upload(
    upload: Upload,
    settings: &AuditSettings,
    store: &ResultStore,
    message_lang: Lang,
) -> Outcome {
    let name = upload.name.clone();
    let mut entry = BatchEntry {
        path: PathBuf::from(&name),
        ..BatchEntry::default()
    };
    match audit_file(&upload.path, &name, settings) {
        Ok(done) => {
            entry.sha256 = Some(done.sha256);
            entry.title = done.title;
            entry.summary = Some(done.summary);
            entry.worst = done.worst;
            entry.lang = Some(done.lang);
            let json = done.json.clone();
            let id = store.insert(StoredAudit::new(name, done.json, done.workbook, done.view));
            entry.workbook = Some(PathBuf::from(format!("/api/workbook/{id}")));
            Outcome {
                entry,
                id: Some(id),
                json: Some(json),
            }
        }
        Err(err) => {
            entry.error = Some(error_message(&err, message_lang));
            Outcome {
                entry,
                id: None,
                json: None,
            }
        }
    }
}

struct Audited {
    sha256: String,
    title: Option<String>,
    summary: Summary,
    worst: Option<Severity>,
    lang: Lang,
    json: Vec<u8>,
    workbook: crate::report::Output,
    view: Vec<u8>,
}

fn audit_file(path: &Path, name: &str, settings: &AuditSettings) -> Result<Audited> {
    let options = StreamOptions {
        workbook: Some(Xlsx::default()),
        json: true,
        ..StreamOptions::default()
    };
    // One thread per upload: the server already runs as many audits as there are cores.
    let audited = audit_streaming(path, settings, options, false)?;
    let mut rendered = audited.rendered;
    let json_error = |e: std::io::Error| Error::io("JSON", e);
    let written = match rendered.json.as_mut() {
        Some(json) => json.to_bytes().map_err(json_error)?,
        None => return Err(Error::Internal("the JSON report was not rendered".into())),
    };
    let Some(workbook) = rendered.workbook.take() else {
        return Err(Error::Internal("the workbook was not rendered".into()));
    };
    // The report names the file as given; the CLI run beside the file is given its name.
    let mut report: serde_json::Value =
        serde_json::from_slice(&written).map_err(|e| json_error(std::io::Error::other(e)))?;
    if let Some(file) = report.get_mut("file") {
        file["path"] = serde_json::Value::String(name.to_string());
    }
    let mut json =
        serde_json::to_vec_pretty(&report).map_err(|e| json_error(std::io::Error::other(e)))?;
    json.push(b'\n');
    let view = published::view(path, &settings.limits, &report, &rendered.findings)?;
    let view = serde_json::to_vec(&view).map_err(|e| json_error(std::io::Error::other(e)))?;
    Ok(Audited {
        sha256: audited.sha256,
        title: audited.title,
        worst: rendered.worst(),
        summary: rendered.summary,
        lang: rendered.lang,
        json,
        workbook,
        view,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_cleaned() {
        assert_eq!(clean_name(Some("a.docx")), "a.docx");
        assert_eq!(clean_name(Some("../../etc/passwd")), "passwd");
        assert_eq!(clean_name(Some("C:\\Users\\x\\附件.docx")), "附件.docx");
        assert_eq!(clean_name(Some("..")), "upload.docx");
        assert_eq!(clean_name(Some("a\nb.docx")), "ab.docx");
        assert_eq!(clean_name(None), "upload.docx");
        let long = format!("{}.docx", "长".repeat(500));
        assert_eq!(clean_name(Some(&long)).chars().count(), MAX_NAME_CHARS + 5);
    }
}
