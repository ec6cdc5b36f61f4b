//! One file through the whole pipeline: package → wordml → annex → audit, streaming: each table
//! is audited as the reader completes it.
//!
//! Two ways through:
//!
//! - [`audit_path`] collects the whole [`AuditReport`](crate::audit::AuditReport), for callers
//!   that want the report itself;
//! - [`audit_streaming`] renders the reports table by table ([`ReportStream`]) and keeps no
//!   table once it is rendered, so memory grows with the largest table rather than with the
//!   document. With `threaded`, the package is decompressed and parsed on a thread of its own
//!   while the tables are audited and rendered on the caller's: the reader never waits for the
//!   workbook, and the workbook is written while the reader parses the next tables.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, mpsc};

use sha2::{Digest, Sha256};

use crate::annex::{StatedRule, Template, parse_maximum};
use crate::audit::{Auditor, Lang, Selection};
use crate::package::{Limits, Package};
use crate::report::{AuditedFile, Facts, Rendered, ReportStream, StreamOptions};
use crate::wordml::{self, DocumentInfo, ReadOptions, Table};
use crate::{Error, Result, convert};

/// How to audit a file.
#[derive(Debug, Clone)]
pub struct AuditSettings {
    /// The table vocabulary, shared by the auditors of a batch.
    pub template: Arc<Template>,
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
            template: Arc::new(Template::default_template()),
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
    // A legacy document is audited through its conversion, and named and hashed as itself.
    if convert::is_legacy_name(path) {
        let converted = convert_legacy(path, settings.lang.unwrap_or_else(Lang::from_env))?;
        let audited = audit_docx_path(converted.docx(), settings)?;
        let (sha256, bytes) = hash_file(path)?;
        return Ok(AuditedFile {
            path: path.to_path_buf(),
            sha256,
            bytes,
            ..audited
        });
    }
    audit_docx_path(path, settings)
}

/// [`audit_path`] of a .docx.
fn audit_docx_path(path: &Path, settings: &AuditSettings) -> Result<AuditedFile> {
    let mut package = Package::open(path, &settings.limits)?;
    let (sha256, bytes) = hash_file(path)?;
    let mut feed = Feed::new(settings);
    let info = each_table(&mut package, true, |table, title, chain| {
        feed.push(table, title, chain);
        Ok(true)
    })?;
    let auditor = feed.end(&info);
    Ok(AuditedFile {
        path: path.to_path_buf(),
        sha256,
        bytes,
        title: info.title,
        audited_at: now(),
        report: auditor.finish(),
    })
}

/// A file audited by [`audit_streaming`]: its facts and the rendered reports.
#[derive(Debug)]
pub struct StreamedAudit {
    /// SHA-256 of the file's bytes, lowercase hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The document's title, as the reader found it.
    pub title: Option<String>,
    /// When the audit ran, RFC 3339 in local time with its offset.
    pub audited_at: String,
    /// What converted a legacy document to the .docx that was audited (see
    /// [`audit_streaming`]).
    pub converted_by: Option<String>,
    /// The reports.
    pub rendered: Rendered,
}

/// How many tables the reader may be ahead of the audit (bounds the memory the reader can fill
/// when the workbook is the slower side).
const READ_AHEAD: usize = 16;

/// What the reader thread hands over.
enum Received {
    /// A table, with the document's title for the first one (see [`each_table`]), and whether
    /// a later table may continue it.
    Table(Table, Option<String>, Chain),
    /// The end of the document.
    Done(DocumentInfo),
    /// Reading failed; nothing follows.
    Failed(Error),
}

/// Whether a table yet to come may continue a table just read
/// ([`wordml::TableStream::may_be_continued`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Chain {
    /// It may: its continuation chain is audited once the next table shows whether it does.
    MayContinue,
    /// None will: its chain is audited at once, and its sheet written while the next table is
    /// still being read (the next table's start used to be what completed it).
    Ends,
}

/// Reads and audits the document at `path`, rendering the reports `options` asks for as the
/// tables come. With `threaded`, reading runs on a second thread (for a single file; a batch
/// already runs one file per core).
///
/// ```no_run
/// use annex_audit::pipeline::{audit_streaming, AuditSettings};
/// use annex_audit::report::StreamOptions;
/// let options = StreamOptions { json: true, ..StreamOptions::default() };
/// let audited = audit_streaming("annex.docx".as_ref(), &AuditSettings::default(), options, true)?;
/// assert!(audited.rendered.json.is_some());
/// # Ok::<(), annex_audit::Error>(())
/// ```
///
/// A legacy document (named .doc or .wps) is converted to a
/// temporary .docx by LibreOffice when it is installed ([`crate::convert`]) and that is
/// audited, the reports naming the original file and the conversion; without LibreOffice, one
/// line says to save it as .docx in WPS or Word.
pub fn audit_streaming(
    path: &Path,
    settings: &AuditSettings,
    options: StreamOptions,
    threaded: bool,
) -> Result<StreamedAudit> {
    if convert::is_legacy_name(path) {
        return audit_converted(path, settings, options, threaded);
    }
    let reading = if threaded {
        Reading::start(path, &settings.limits)
    } else {
        None
    };
    audit_docx(path, None, settings, options, reading)
}

/// [`audit_streaming`] of the document `reading` is reading, threaded: for a caller that
/// starts reading before it has set the audit up (the template parsed, the outputs checked),
/// so that the reading runs beside that. The reading keeps the limits it was started with.
pub fn audit_reading(
    reading: Reading,
    settings: &AuditSettings,
    options: StreamOptions,
) -> Result<StreamedAudit> {
    let path = reading.path.clone();
    audit_docx(&path, None, settings, options, Some(reading))
}

/// A .docx being read on a thread of its own, started beside the calling thread: its tables,
/// then its facts (or the error that stopped it), through a bounded channel. The thread stops
/// at its next table once the `Reading` is dropped.
pub struct Reading {
    /// The document.
    path: PathBuf,
    received: mpsc::Receiver<Received>,
    /// Work for the reader thread once it has read the document ([`Reading::after_reading`]).
    after_reading: AfterReading,
}

/// Work handed to a reader thread for when it has read the document: `Some(work)` while the
/// reader reads (`Some(None)`: none yet), `None` once it has taken it.
type AfterReading = Arc<Mutex<Option<Option<Box<dyn FnOnce() + Send>>>>>;

impl Reading {
    /// Starts reading the .docx at `path` within `limits`. `None` for a legacy name (it is
    /// converted first: [`audit_streaming`]) or when no thread could be started (the caller
    /// reads inline).
    pub fn start(path: &Path, limits: &Limits) -> Option<Reading> {
        if convert::is_legacy_name(path) {
            return None;
        }
        let (sender, received) = mpsc::sync_channel(READ_AHEAD);
        let read = path.to_path_buf();
        let limits = limits.clone();
        let after_reading: AfterReading = Arc::new(Mutex::new(Some(None)));
        let after = Arc::clone(&after_reading);
        let reader = std::thread::Builder::new().name("reader".into());
        crate::beside::spawn(reader, move || {
            read_into(&read, &limits, &sender);
            // Taken out of the lock first: the work runs unlocked.
            let work = after.lock().ok().and_then(|mut slot| slot.take()).flatten();
            if let Some(work) = work {
                work();
            }
        })
        .ok()?;
        // std's CPU feature detection runs once per process, at the first use of a feature
        // test: in the reader, at the CRC of the package's first part. It is a dozen CPUID
        // instructions, each a trap to the hypervisor in a virtual machine (30-50 µs in all on
        // the machines of BENCHMARKS.md, round 17); this thread, which only waits for the
        // reader now, runs it while the reader starts and opens the package.
        #[cfg(target_arch = "x86_64")]
        let _ = std::arch::is_x86_feature_detected!("pclmulqdq");
        Some(Reading {
            path: path.to_path_buf(),
            received,
            after_reading,
        })
    }

    /// The document being read.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Gives the reader thread `work` for when it has read the document (and sent its last
    /// table and its facts), in place of any given before. For work that only saves the
    /// caller time, never for what it waits on: `false` when the reader is already past that
    /// point, and `work` is then dropped unrun.
    fn after_reading(&self, work: impl FnOnce() + Send + 'static) -> bool {
        match self.after_reading.lock().as_deref_mut() {
            Ok(Some(slot)) => {
                *slot = Some(Box::new(work));
                true
            }
            _ => false,
        }
    }
}

/// The legacy document (.doc, .wps) at `path` converted to a temporary .docx by LibreOffice,
/// for `audit`, `tables` and `diff` alike; without LibreOffice, or when it fails, one line in
/// `lang` says to save it as .docx in WPS or Word.
pub fn convert_legacy(path: &Path, lang: Lang) -> Result<convert::Converted> {
    let Some(office) = convert::find_office() else {
        return Err(Error::Unconverted(lang.pick(
            "这是旧版 Word/WPS 文档（.doc/.wps），无法直接审核：请用 WPS 或 Word 打开，另存为 .docx 后再审核（安装 LibreOffice 后本程序可自动转换）".into(),
            "this is a legacy Word/WPS document (.doc/.wps), which cannot be audited directly: open it in WPS or Word and save it as .docx (另存为 .docx), then audit that (with LibreOffice installed, annex-audit converts it itself)".into(),
        )));
    };
    convert::to_docx(path, &office, convert::TIMEOUT).map_err(|e| {
        let why = match e {
            convert::ConvertError::NoOffice => lang.pick("未找到 LibreOffice", "LibreOffice not found").to_string(),
            convert::ConvertError::TimedOut(t) => lang.pick(
                format!("{} 秒内未完成", t.as_secs()),
                format!("it did not finish within {} s", t.as_secs()),
            ),
            // LibreOffice's own words are English: a Chinese reader gets what they mean.
            convert::ConvertError::Failed(why) => lang.pick(
                "转换没有生成 .docx，文件可能已损坏、加密或并非 Word 文档".to_string(),
                why,
            ),
        };
        Error::Unconverted(lang.pick(
            format!("这是旧版 Word/WPS 文档（.doc/.wps），LibreOffice 未能将其转换为 .docx（{why}）：请用 WPS 或 Word 打开，另存为 .docx 后再审核"),
            format!("this is a legacy Word 97-2003 .doc file (or .wps) and LibreOffice could not convert it to .docx ({why}): open it in WPS or Word and save it as .docx (另存为 .docx), then audit that"),
        ))
    })
}

/// Converts the legacy document at `path` and audits the conversion.
fn audit_converted(
    path: &Path,
    settings: &AuditSettings,
    options: StreamOptions,
    threaded: bool,
) -> Result<StreamedAudit> {
    let converted = convert_legacy(path, settings.lang.unwrap_or_else(Lang::from_env))?;
    let shown = Shown {
        path,
        converted_by: &converted.converter,
    };
    let reading = if threaded {
        Reading::start(converted.docx(), &settings.limits)
    } else {
        None
    };
    audit_docx(converted.docx(), Some(shown), settings, options, reading)
}

/// How a converted document is named in its reports: by the original file and its converter.
#[derive(Clone, Copy)]
struct Shown<'a> {
    path: &'a Path,
    converted_by: &'a str,
}

/// [`audit_streaming`] of a .docx; `shown`: it is the conversion of that file. Read by
/// `reading` when there is one, inline otherwise.
fn audit_docx(
    path: &Path,
    shown: Option<Shown<'_>>,
    settings: &AuditSettings,
    options: StreamOptions,
    reading: Option<Reading>,
) -> Result<StreamedAudit> {
    // The facts (name, hash, size) are the original file's.
    let original = shown.map_or(path, |s| s.path);
    let mut feed = Feed::new(settings);
    let mut stream = ReportStream::new(options);
    let mut on_table = |table: Table, title: Option<&str>, chain: Chain| -> Result<()> {
        feed.push(table, title, chain);
        let (tables, findings) = feed.auditor.take_completed();
        stream.push(feed.auditor.lang(), tables, findings)
    };
    let (info, hashed) = if let Some(reading) = reading {
        // The patterns are compiled while the reader opens the package and parses up to
        // the first table, instead of when the first table needs them, one step at a time
        // between the tables: a table that is ready is audited first (what it needs is
        // compiled then), once the reader was faster than the compiling (BENCHMARKS.md, round
        // 15). A reader done with a small document compiles them from the other end of the
        // list.
        let _ = reading.after_reading(warm_up_from_the_end(&settings.template));
        let hashed = hash_file(original);
        let mut idle = warm_up_steps(&settings.template).into_iter();
        let mut info = None;
        loop {
            let read = match reading.received.try_recv() {
                Ok(read) => read,
                Err(mpsc::TryRecvError::Empty) => {
                    if let Some(work) = idle.next() {
                        work();
                        continue;
                    }
                    match reading.received.recv() {
                        Ok(read) => read,
                        Err(mpsc::RecvError) => break,
                    }
                }
                Err(mpsc::TryRecvError::Disconnected) => break,
            };
            match read {
                Received::Table(table, title, chain) => on_table(table, title.as_deref(), chain)?,
                Received::Done(done) => info = Some(done),
                Received::Failed(err) => return Err(err),
            }
        }
        match info {
            Some(info) => (info, hashed),
            // The reader always ends with Done or Failed, unless it panicked.
            None => return Err(Error::Internal("the reader stopped unexpectedly".into())),
        }
    } else {
        let mut package = Package::open(path, &settings.limits)?;
        let hashed = hash_file(original);
        let info = each_table(&mut package, false, |table, title, chain| {
            on_table(table, title, chain)?;
            Ok(true)
        })?;
        (info, hashed)
    };
    let mut auditor = feed.end(&info);
    stream.set_document(auditor.take_document());
    let (sha256, bytes) = hashed?;
    let audited_at = now();
    let (lang, tables, findings) = auditor.finish_completed();
    let facts = Facts {
        path: original,
        sha256: &sha256,
        bytes,
        title: info.title.as_deref(),
        audited_at: &audited_at,
        converted_by: shown.map(|s| s.converted_by),
    };
    let rendered = stream.finish(lang, tables, findings, &facts)?;
    Ok(StreamedAudit {
        sha256,
        bytes,
        title: info.title,
        audited_at,
        converted_by: shown.map(|s| s.converted_by.to_string()),
        rendered,
    })
}

/// An auditor fed by the reader. Unless the settings fix it, the language follows the
/// document's title as known when the first table arrives, before the table's own text; a
/// document without tables takes it from the title as finally read, for the "no table"
/// message.
struct Feed {
    auditor: Auditor,
    fed: bool,
}

impl Feed {
    fn new(settings: &AuditSettings) -> Self {
        Feed {
            auditor: Auditor::new(
                settings.template.clone(),
                settings.lang,
                settings.selection.clone(),
            ),
            fed: false,
        }
    }

    /// Audits one table; `title` comes with the first table only (see [`each_table`]).
    fn push(&mut self, table: Table, title: Option<&str>, chain: Chain) {
        if let Some(title) = title {
            self.auditor.detect_language(title);
        }
        self.fed = true;
        self.auditor.push(table);
        if chain == Chain::Ends {
            self.auditor.end_chain();
        }
    }

    /// The auditor, once the document's facts are known, with the document-level checks run
    /// on its body text.
    fn end(mut self, info: &DocumentInfo) -> Auditor {
        if !self.fed
            && let Some(title) = &info.title
        {
            self.auditor.detect_language(title);
        }
        self.auditor.check_document(&info.body_text);
        self.auditor
    }
}

/// Reads every table of the document in `package`, handing each to `each` with the document's
/// title (as known then) alongside the first table only, and whether a later table may
/// continue it; stops early when `each` returns `false`. Returns the document's facts.
fn each_table(
    package: &mut Package,
    decompress_ahead: bool,
    mut each: impl FnMut(Table, Option<&str>, Chain) -> Result<bool>,
) -> Result<DocumentInfo> {
    let options = ReadOptions {
        decompress_ahead,
        ..ReadOptions::default()
    };
    let mut stream = wordml::tables(package, &options)?;
    let mut first = true;
    while let Some(table) = stream.next() {
        let table = table?;
        let title = if std::mem::take(&mut first) {
            stream.info().title.as_deref()
        } else {
            None
        };
        let chain = if stream.may_be_continued(table.number) {
            Chain::MayContinue
        } else {
            Chain::Ends
        };
        if !each(table, title, chain)? {
            break;
        }
    }
    Ok(stream.into_info())
}

/// The reader thread: every table of the document at `path`, then the document's facts (or
/// the error that stopped it). Stops early when the consumer has gone.
fn read_into(path: &Path, limits: &Limits, sender: &mpsc::SyncSender<Received>) {
    let result = Package::open(path, limits).and_then(|mut package| {
        each_table(&mut package, true, |table, title, chain| {
            let title = title.map(str::to_string);
            Ok(sender.send(Received::Table(table, title, chain)).is_ok())
        })
    });
    let _ = sender.send(match result {
        Ok(info) => Received::Done(info),
        Err(err) => Received::Failed(err),
    });
}

/// [`warm_up_steps`] in the opposite order, for the reader thread once it has read the
/// document: on a small annex the reader is done while the auditor is still compiling (the
/// second core then idles), so the two meet in the middle. A list or pattern one thread is
/// compiling, the other waits for rather than compiling it again. Nothing more: more work
/// here made the audit slower (BENCHMARKS.md, round 14), the reader's core being the one the
/// table sheets and the workbook's threads then use.
fn warm_up_from_the_end(template: &Template) -> impl FnOnce() + Send + 'static {
    let steps = warm_up_steps(template);
    move || {
        for step in steps.into_iter().rev() {
            step();
        }
    }
}

/// What the auditor compiles first while it waits for the reader, one step at a time: the
/// template's lists (compiled lazily, so beside the reading instead of at the first table that
/// needs them), then the patterns of the header maxima and the stated rules (a few hundred
/// microseconds each, a large part of auditing one small annex). Each list a clone sharing the
/// template's compiled forms. The weight and bonus-threshold lists are only parsed, last: a
/// note tests what their patterns need (a `%`, `以上`, `低于` …) and only one that has it
/// compiles them, which most annexes' notes do not (BENCHMARKS.md, round 16).
fn warm_up_steps(template: &Template) -> Vec<Box<dyn FnOnce() + Send>> {
    let mut steps: Vec<Box<dyn FnOnce() + Send>> = Vec::new();
    for patterns in [
        &template.header.maximum,
        &template.notes.full_mark,
        &template.notes.factor,
    ] {
        let patterns = patterns.clone();
        steps.push(Box::new(move || {
            patterns.compile();
        }));
    }
    steps.push(Box::new(|| {
        let _ = parse_maximum("（1分）");
    }));
    steps.push(Box::new(|| {
        let _ = StatedRule::from_note("以1分为满分，乘以1/1");
    }));
    for patterns in [&template.notes.weight, &template.notes.bonus_threshold] {
        let patterns = patterns.clone();
        steps.push(Box::new(move || patterns.prepare()));
    }
    steps
}

/// The current time, RFC 3339 to the second in local time with its UTC offset
/// (`2026-12-01T21:23:16+08:00`): the time the user's clock showed, and still one instant for
/// a program.
fn now() -> String {
    let now = jiff::Timestamp::now().to_zoned_datetime(crate::clock::local_zone().clone());
    now.round(jiff::Unit::Second)
        .unwrap_or(now)
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

/// SHA-256 (lowercase hex) and size of a file, read in blocks.
pub fn hash_file(path: &Path) -> Result<(String, u64)> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // A buffered reader's buffer is not zeroed first: a zeroed block was cleared again for
    // every file of a batch.
    let mut reader = BufReader::with_capacity(64 * 1024, file);
    let mut hasher = Sha256::new();
    let mut total = 0u64;
    loop {
        let block = reader.fill_buf().map_err(|e| Error::io(path, e))?;
        if block.is_empty() {
            break;
        }
        hasher.update(block);
        let n = block.len();
        reader.consume(n);
        total += n as u64;
    }
    let hex = hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Ok((hex, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    /// A chain the reader says has ended is audited at once; the report is the one of auditing
    /// each chain when the table after it arrives (the samples, and corpus files whose tables
    /// continue one another).
    #[test]
    fn a_chain_audited_as_soon_as_it_ends_gives_the_same_report() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let corpus = root.join("../shared/corpus");
        let mut files: Vec<PathBuf> = std::fs::read_dir(root.join("samples"))
            .expect("samples")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "docx"))
            .collect();
        for name in [
            "pandoc/tables.docx",
            "pandoc/tables-default-widths.docx",
            "pandoc/tables_separated_with_rawblock.docx",
        ] {
            files.push(corpus.join(name));
        }
        let dir = tempfile::tempdir().expect("tempdir");
        files.push(split_score_table(dir.path()));
        let settings = AuditSettings::default();
        let (mut ended, mut open) = (0, 0);
        for path in &files {
            let early = audit_path(path, &settings).expect("audited").report;
            let mut package = Package::open(path, &settings.limits).expect("opened");
            let mut feed = Feed::new(&settings);
            let info = each_table(&mut package, false, |table, title, chain| {
                match chain {
                    Chain::Ends => ended += 1,
                    Chain::MayContinue => open += 1,
                }
                feed.push(table, title, Chain::MayContinue);
                Ok(true)
            })
            .expect("read");
            let late = feed.end(&info).finish();
            assert_eq!(early, late, "{}", path.display());
        }
        assert!(ended > 0 && open > 0, "{ended} ended, {open} open");
    }

    /// A .docx whose score table runs over three pages, the last part without its header,
    /// then a second table under its own heading.
    fn split_score_table(dir: &Path) -> PathBuf {
        use crate::wordml::tests::{doc, p, package_with, tbl, tr};
        let header = tr(&[
            "排名",
            "单位",
            "发布解读（40分）",
            "回应关切（60分）",
            "总分（100分）",
        ]);
        let page_break = r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p/>"#;
        let body = [
            p("一、各旗区人民政府"),
            tbl(
                5,
                &(header.clone() + &tr(&["1", "达拉特旗", "38.5", "55.7", "94.2"])),
            ),
            page_break.to_string(),
            tbl(
                5,
                &(header.clone() + &tr(&["2", "乌审旗", "37.5", "55.7", "93.2"])),
            ),
            page_break.to_string(),
            tbl(5, &tr(&["3", "杭锦旗", "36.0", "56.1", "93.1"])),
            p("二、市直部门"),
            tbl(
                5,
                &(header + &tr(&["1", "市政府办", "35.0", "55.0", "90.0"])),
            ),
        ]
        .concat();
        let path = dir.join("split.docx");
        std::fs::write(&path, package_with(&doc(&body), &[])).expect("written");
        path
    }

    /// A .docx of `tables` one-cell tables, more than the reader may be ahead of the audit.
    fn many_tables(dir: &Path, tables: usize) -> PathBuf {
        let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
        let table = "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc></w:tr></w:tbl>";
        let document = format!(
            r#"<w:document xmlns:w="{w}"><w:body>{}</w:body></w:document>"#,
            table.repeat(tables)
        );
        let path = dir.join("tables.docx");
        std::fs::write(&path, crate::wordml::tests::package_with(&document, &[])).expect("written");
        path
    }

    /// Work the reader took runs once it has read the document, and work given once the
    /// reader has finished is refused (the audit then compiles everything itself).
    #[test]
    fn the_reader_runs_the_work_it_took_after_the_document() {
        let dir = tempfile::tempdir().expect("tempdir");
        // Past READ_AHEAD tables the reader waits for the audit, so it cannot reach its
        // work before the test has received a table: the work is always taken.
        let path = many_tables(dir.path(), READ_AHEAD + 4);
        let reading = Reading::start(&path, &Limits::default()).expect("a reader thread");
        let (ran, runs) = mpsc::channel();
        assert!(reading.after_reading(move || {
            let _ = ran.send(());
        }));
        let mut tables = 0;
        loop {
            match reading.received.recv().expect("the reader sends its facts") {
                Received::Table(..) => tables += 1,
                Received::Done(_) => break,
                Received::Failed(err) => panic!("{err}"),
            }
        }
        assert_eq!(tables, READ_AHEAD + 4);
        runs.recv_timeout(Duration::from_secs(60))
            .expect("the work the reader took ran");
        assert!(!reading.after_reading(|| unreachable!("work after the reader finished")));
    }
}
