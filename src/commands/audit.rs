//! `annex-audit audit`: one file, or a batch of files and directories in parallel.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::names::{BatchInput, workbook_names};
use super::{AuditOptions, FailOn, ReadAhead};
use crate::annex::Template;
use crate::audit::{Lang, Selection, Severity, Summary};
use crate::pipeline::{AuditSettings, Reading, audit_reading, audit_streaming};
use crate::report::{
    self, BatchEntry, Output, PreviousReview, StreamOptions, Terminal, Unreadable, Xlsx,
    read_previous, write_atomically,
};
use crate::{Error, Result};

/// `annex-audit audit`. Returns the exit code: 0 clean, 1 findings at the failing level,
/// 3 (batch) some input unreadable. `ahead`: the input already being read, when the command
/// line named one plainly ([`ReadAhead::start`]).
pub fn audit(options: &AuditOptions, ahead: ReadAhead) -> Result<u8> {
    let batch = options.inputs.len() > 1 || options.inputs.iter().any(|p| p.is_dir());
    // A single .docx starts being read now, beside the template's parsing and the checks of
    // the outputs, which took a quarter of a millisecond before the reading started
    // (BENCHMARKS.md, round 13). An error of the reading still waits for its turn: it is
    // reported where the audit would have met it.
    let reading = match options.inputs.first() {
        Some(path) if !batch => ahead
            .take_for(path, &options.limits)
            .or_else(|| Reading::start(path, &options.limits)),
        _ => None,
    };
    let template = match &options.template {
        Some(spec) => Template::resolve(spec)?,
        None => Template::default_template(),
    };
    let settings = AuditSettings {
        template: Arc::new(template),
        selection: Selection {
            bookmark: options.bookmark.clone(),
            all_parts: false,
        },
        lang: options.lang,
        limits: options.limits.clone(),
    };
    if batch {
        run_batch(options, &settings)
    } else {
        match options.inputs.first() {
            // Every error from here on concerns this file, and says so.
            Some(path) => {
                run_single(path, options, &settings, reading).map_err(|e| e.with_path(path))
            }
            None => Err(Error::Usage("no input given".into())),
        }
    }
}

fn fails(worst: Option<Severity>, fail_on: FailOn) -> bool {
    let threshold = match fail_on {
        FailOn::Critical => Severity::Critical,
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Notice => Severity::Notice,
        FailOn::Never => return false,
    };
    worst.is_some_and(|w| w <= threshold)
}

/// The most severe cause: consequences attached to a cause do not count towards `--fail-on`.
fn worst_cause(findings: &[crate::audit::Finding]) -> Option<Severity> {
    findings
        .iter()
        .filter(|f| f.caused_by.is_none())
        .map(|f| f.severity)
        .min()
}

/// Where the human report goes: stdout (so `> 报告.txt` keeps it), or stderr when `--json -`
/// takes stdout.
fn report_stream(options: &AuditOptions) -> Box<dyn Write> {
    if json_on_stdout(options) {
        Box::new(std::io::stderr())
    } else {
        Box::new(std::io::stdout())
    }
}

/// `--json -`: the JSON document (or index) is written on stdout.
fn json_on_stdout(options: &AuditOptions) -> bool {
    options
        .json
        .as_deref()
        .is_some_and(|j| j.as_os_str() == "-")
}

/// The width the report wraps to: `COLUMNS` when set, else the terminal's when the report's
/// stream is one; none in a file or a pipe.
fn report_width(options: &AuditOptions) -> Option<usize> {
    if let Some(columns) = std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse::<usize>().ok())
        .filter(|c| *c >= 20)
    {
        return Some(columns);
    }
    let term = if json_on_stdout(options) {
        console::Term::stderr()
    } else {
        console::Term::stdout()
    };
    term.size_checked().map(|(_, columns)| usize::from(columns))
}

/// Colour only when the report's stream is a terminal and `NO_COLOR` is unset.
fn color_report(options: &AuditOptions) -> bool {
    let terminal = if json_on_stdout(options) {
        std::io::stderr().is_terminal()
    } else {
        std::io::stdout().is_terminal()
    };
    terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// `<stem>.audit.xlsx` beside the input, or inside `dir`.
fn workbook_path(input: &Path, dir: Option<&Path>) -> PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "annex".into());
    let name = format!("{stem}.audit.xlsx");
    match dir {
        Some(d) => d.join(name),
        None => input.with_file_name(name),
    }
}

/// `--bookmark` names no bookmark of a table: the error lists those the document has, the
/// ones a person gave a name first (Word hides `_Hlk…`, `_Toc…` in its dialog), so the user can
/// pick one. In the report's language: the document has been read.
fn missing_bookmark(bookmark: &str, found: &[String], lang: Lang) -> Error {
    let shown = |b: &String| crate::error::printable(b, 80).into_owned();
    let mut listed: Vec<String> = found
        .iter()
        .filter(|b| !b.starts_with('_'))
        .chain(found.iter().filter(|b| b.starts_with('_')))
        .take(30)
        .map(shown)
        .collect();
    if found.len() > listed.len() {
        listed.push("…".into());
    }
    let bookmark = crate::error::printable(bookmark, 80);
    let (zh, en) = if listed.is_empty() {
        (
            format!("没有表格位于书签“{bookmark}”处或其后：文档中的表格没有书签"),
            format!(
                "no table holds or follows bookmark {bookmark}: the document's tables have no bookmark"
            ),
        )
    } else {
        (
            format!(
                "没有表格位于书签“{bookmark}”处或其后。文档中表格的书签：{}",
                listed.join("、")
            ),
            format!(
                "no table holds or follows bookmark {bookmark}; the document's tables have: {}",
                listed.join(", ")
            ),
        )
    };
    Error::Usage(lang.pick(zh, en))
}

/// The workbook of a single input, from `-o`: a path ending in a separator or naming an
/// existing directory is a directory (`<stem>.audit.xlsx` in it); any other path is the
/// workbook's, `.xlsx` added when it lacks it (Excel and WPS open nothing else by a double
/// click). Without `-o`: beside the input. `-o` naming the input itself is refused as it is
/// given, before `.xlsx` would turn it into another name.
fn single_workbook_path(input: &Path, output: Option<&Path>) -> Result<PathBuf> {
    Ok(match output {
        None => workbook_path(input, None),
        Some(o) if o.is_dir() || ends_with_separator(o) => workbook_path(input, Some(o)),
        Some(o) if report::same_file(o, input) => {
            return Err(Error::OutputIsInput(o.to_path_buf()));
        }
        Some(o) => with_xlsx(o),
    })
}

/// `报告/` (or `报告\` on Windows): the user means a directory, existing or not.
pub(super) fn ends_with_separator(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    text.ends_with('/') || (cfg!(windows) && text.ends_with('\\'))
}

/// `path`, with `.xlsx` appended unless it already ends so (in any case).
pub(super) fn with_xlsx(path: &Path) -> PathBuf {
    if path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"))
    {
        return path.to_path_buf();
    }
    let mut name = path.as_os_str().to_owned();
    name.push(".xlsx");
    PathBuf::from(name)
}

/// Creates the missing directories above an output file.
pub(super) fn create_parent(file: &Path) -> Result<()> {
    match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))
        }
        _ => Ok(()),
    }
}

/// `reading`: the reading of `path`, when [`audit`] could start it.
fn run_single(
    path: &Path,
    options: &AuditOptions,
    settings: &AuditSettings,
    reading: Option<Reading>,
) -> Result<u8> {
    let terminal = Terminal {
        color: color_report(options),
        quiet: options.quiet,
        verbose: options.verbose,
        width: report_width(options),
    };
    // Where the workbook goes is settled (and a path naming the input refused) before the
    // audit: the notes of a workbook already there are read first, and an unreadable one is
    // never replaced.
    let workbook_out = if options.workbook {
        Some(single_workbook_path(path, options.output.as_deref())?)
    } else {
        None
    };
    // An existing workbook that cannot be read is left alone; the report is still shown.
    let (workbook, refused) = match &workbook_out {
        Some(out) => match workbook_report(out, path, options)? {
            Ok(xlsx) => (Some(xlsx), None),
            Err(why) => (None, Some(why)),
        },
        None => (None, None),
    };
    let stream = StreamOptions {
        workbook,
        json: options.json.is_some(),
        terminal: Some(terminal),
        bookmark: options.bookmark.clone(),
        parallel: true,
    };
    // Reading on a thread of its own: the tables are audited and their sheets written while
    // the rest of the document is decompressed and parsed.
    let mut audited = match reading {
        Some(reading) => audit_reading(reading, settings, stream)?,
        None => audit_streaming(path, settings, stream, true)?,
    };
    let rendered = &mut audited.rendered;
    if let Some(bookmark) = &options.bookmark
        && !rendered.bookmark_found
    {
        return Err(missing_bookmark(
            bookmark,
            &rendered.bookmarks,
            options.lang.unwrap_or(rendered.lang),
        ));
    }
    // The report first: it is shown even when an output cannot be written.
    let mut out = report_stream(options);
    for line in &rendered.terminal {
        match writeln!(out, "{line}") {
            Ok(()) => {}
            // `| head`: the reader has seen enough; the outputs are still written.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break,
            Err(e) => return Err(Error::io("stdout", e)),
        }
    }
    if !options.quiet && rendered.summary.tables == 0 {
        let _ = writeln!(out, "{}", no_table_message(rendered.lang));
    }
    let mut written = Vec::new();
    let mut unwritten = false;
    if let (Some(why), Some(target)) = (&refused, &workbook_out) {
        let shown = crate::error::escaped(&target.display().to_string()).into_owned();
        let colon = rendered.lang.pick("：", ": ");
        eprintln!(
            "annex-audit{colon}{shown}{colon}{}",
            refusal(why, Some(rendered.lang))
        );
        unwritten = true;
    }
    if let (Some(workbook), Some(target)) = (&mut rendered.workbook, workbook_out) {
        match write_workbook(workbook, &target, path) {
            Ok(()) => written.push(target),
            Err(Error::OutputIsInput(p)) => return Err(Error::OutputIsInput(p)),
            Err(e) => {
                eprintln!(
                    "annex-audit{}{}",
                    rendered.lang.pick("：", ": "),
                    workbook_failure(&target, &e, rendered.lang)
                );
                unwritten = true;
            }
        }
    }
    if let (Some(json), Some(document)) = (&options.json, &mut rendered.json) {
        if json.as_os_str() == "-" {
            let stdout = std::io::stdout();
            copy_output(document, &mut stdout.lock(), "JSON")?;
        } else {
            create_parent(json)?;
            write_atomically(json, path, |w| copy_output(document, w, "JSON"))?;
            written.push(json.clone());
        }
    }
    if !options.quiet {
        for w in &written {
            // Named after the input, whose name can hold anything: one line, shown safely.
            let shown = crate::error::escaped(&w.display().to_string()).into_owned();
            let _ = writeln!(out, "→ {shown}");
        }
    }
    if unwritten {
        return Ok(u8::try_from(crate::error::EXIT_UNREADABLE).unwrap_or(3));
    }
    Ok(u8::from(fails(
        worst_cause(&rendered.findings),
        options.fail_on,
    )))
}
/// The workbook report for `out`, carrying the notes of the workbook already there. A
/// workbook there that cannot be read is never replaced unless `--overwrite` says so.
///
/// The inner `Err` is why the workbook there is left alone (the audit goes on and its report
/// is shown); the outer one refuses a workbook path naming the input.
fn workbook_report(
    out: &Path,
    input: &Path,
    options: &AuditOptions,
) -> Result<std::result::Result<Xlsx, Unreadable>> {
    if report::same_file(out, input) {
        return Err(Error::OutputIsInput(out.to_path_buf()));
    }
    Ok(match read_previous(out) {
        Ok(Some(previous)) => Ok(Xlsx::default().with_previous(previous)),
        Ok(None) => Ok(Xlsx::default()),
        Err(_) if options.overwrite => Ok(Xlsx::default()),
        Err(why) => Err(why),
    })
}

/// Why an existing workbook is left alone, and how to proceed, in the chosen language (both
/// the locale's when none was chosen: the document's is not known yet).
fn refusal(why: &Unreadable, lang: Option<Lang>) -> String {
    let say = |lang: Lang| {
        lang.pick(
            format!(
                "已有的工作簿无法读取：{}。为免丢失其中的处理意见与备注，未覆盖任何文件。请用 -o 指定另一个路径，或加 --overwrite 覆盖它",
                why.reason(lang)
            ),
            format!(
                "the existing workbook cannot be read: {}. Nothing was overwritten, so that no reviewer's note is lost: give another path with -o, or pass --overwrite to replace it",
                why.reason(lang)
            ),
        )
    };
    match lang {
        Some(lang) => say(lang),
        None => say(Lang::from_env()),
    }
}

/// `<name>.prev.xlsx` beside `out` (`x.audit.xlsx` → `x.audit.prev.xlsx`).
pub(crate) fn prev_path(out: &Path) -> PathBuf {
    let stem = out
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    out.with_file_name(format!("{stem}.prev.xlsx"))
}

/// Copies the workbook at `out`, if any, to `<name>.prev.xlsx` before it is replaced: the
/// reviewer's previous workbook survives whatever happens to the new one.
fn keep_previous(out: &Path) -> Result<()> {
    if out.is_file() {
        let prev = prev_path(out);
        std::fs::copy(out, &prev).map_err(|e| Error::io(&prev, e))?;
    }
    Ok(())
}

/// Writes a workbook into place (its missing directories created), the one it replaces kept
/// as `<name>.prev.xlsx`. A file that cannot be
/// replaced — open in Excel or WPS (on Windows a sharing violation), read-only, immutable — is
/// refused before anything is written: Windows would refuse to replace it too.
fn write_workbook(workbook: &mut Output, target: &Path, input: &Path) -> Result<()> {
    if std::fs::metadata(target).is_ok_and(|m| m.is_file() && m.permissions().readonly()) {
        return Err(Error::Output {
            path: target.to_path_buf(),
            message: crate::error::Text::msg(crate::messages::OUTPUT_READ_ONLY, &[]),
        });
    }
    create_parent(target)?;
    keep_previous(target)?;
    write_atomically(target, input, |w| copy_output(workbook, w, "workbook"))
}

/// The one line saying a workbook could not be written, in the report's language. An existing
/// workbook that could not be replaced is almost always open in Excel or WPS: the line says
/// to close it or to use `-o`. Never a temporary file's path.
fn workbook_failure(target: &Path, err: &Error, lang: Lang) -> String {
    let shown = crate::error::escaped(&target.display().to_string()).into_owned();
    if target.exists() {
        lang.pick(
            format!(
                "无法写入 {shown}：该文件正在 Excel 或 WPS 中打开（或为只读）。请关闭后重新运行，或用 -o 指定其他路径"
            ),
            format!(
                "cannot write {shown}: it is open in Excel or WPS (or read-only); close it and run again, or use -o to write elsewhere"
            ),
        )
    } else {
        let reason = match err.without_path() {
            Error::Output { message, .. } => message.get(lang).to_string(),
            Error::Io { source, .. } => {
                crate::error::io_reason_in(source, source.kind().to_string())
                    .get(lang)
                    .to_string()
            }
            other => other.message(lang),
        };
        lang.pick(
            format!("无法写入 {shown}（{reason}）。请用 -o 指定其他路径"),
            format!("cannot write {shown} ({reason}); use -o to write elsewhere"),
        )
    }
}

fn copy_output(output: &mut Output, out: &mut dyn Write, what: &str) -> Result<()> {
    output
        .copy_to(out)
        .map(|_| ())
        .map_err(|e| Error::io(what, e))
}

fn no_table_message(lang: Lang) -> String {
    lang.pick(
        "文档中没有可读取的表格",
        "the document holds no readable table",
    )
    .to_string()
}

/// Every .docx (.docm, .dotx, .dotm) under the inputs, directories recursively, each with its
/// path relative to the folder it was found in, in a stable order. A folder's .doc and .wps
/// files are audited through LibreOffice when it is installed; they (without it), and .xls,
/// .pdf and .ofd files, are listed as skipped with the reason.
fn expand_inputs(inputs: &[PathBuf], lang: Lang) -> Result<Vec<BatchInput>> {
    let office = crate::convert::find_office().is_some();
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut stack = vec![input.clone()];
            while let Some(dir) = stack.pop() {
                let entries = std::fs::read_dir(&dir).map_err(|e| Error::io(&dir, e))?;
                let mut found: Vec<PathBuf> =
                    entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
                found.sort();
                for p in found {
                    if p.is_dir() {
                        stack.push(p);
                        continue;
                    }
                    let extension = p
                        .extension()
                        .map(|e| e.to_string_lossy().to_ascii_lowercase())
                        .unwrap_or_default();
                    // `~$附件1.docx`: the owner file Word and WPS keep beside a document while
                    // it is open, a few hundred bytes that only look like a .docx.
                    let lock_file = p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with("~$"));
                    let skipped = match extension.as_str() {
                        _ if lock_file => Some(lang.pick(
                            "Word/WPS 打开文档时生成的临时锁定文件，不是附件",
                            "the lock file Word or WPS keeps beside an open document, not an annex",
                        )),
                        "docx" | "docm" | "dotx" | "dotm" => None,
                        "doc" | "dot" | "wps" | "wpt" if office => None,
                        "doc" | "dot" | "wps" | "wpt" => Some(lang.pick(
                            "旧版 Word/WPS 文档：请用 WPS 或 Word 打开，另存为 .docx（安装 LibreOffice 后可自动转换）",
                            "a legacy Word/WPS document: open it in WPS or Word and save it as .docx (with LibreOffice installed it is converted automatically)",
                        )),
                        "xls" | "et" => Some(lang.pick(
                            "电子表格，不是 Word 附件：本程序审核 .docx 中的表格",
                            "a spreadsheet, not a Word annex: annex-audit audits the tables of .docx files",
                        )),
                        "pdf" | "ofd" => Some(lang.pick(
                            "PDF/OFD 文件，无法读取其中的表格：请找同一附件的 .docx 或 .doc 版本",
                            "a PDF/OFD file, whose tables cannot be read: look for the .docx or .doc version of the same annex",
                        )),
                        _ => continue,
                    };
                    let relative = p.strip_prefix(input).unwrap_or(&p).to_path_buf();
                    files.push(BatchInput {
                        path: p,
                        relative,
                        skipped: skipped.map(str::to_string),
                    });
                }
            }
        } else {
            files.push(BatchInput {
                path: input.clone(),
                relative: input.clone(),
                skipped: None,
            });
        }
    }
    files.sort();
    files.dedup_by(|a, b| a.path == b.path);
    Ok(files)
}

fn run_batch(options: &AuditOptions, settings: &AuditSettings) -> Result<u8> {
    let lang = options.lang.unwrap_or_else(Lang::from_env);
    let found = expand_inputs(&options.inputs, lang)?;
    // A folder with nothing to audit is no clean result: the user pointed at the wrong one.
    if found.is_empty() {
        let shown: Vec<String> = options
            .inputs
            .iter()
            .map(|p| crate::error::escaped(&p.display().to_string()).into_owned())
            .collect();
        let shown = shown.join(lang.pick("、", ", "));
        return Err(Error::Bilingual {
            zh: format!("没有可审核的文件：{shown} 中没有 .docx 文件"),
            en: format!("nothing to audit: no .docx file in {shown}"),
            exit: crate::error::EXIT_UNREADABLE,
        });
    }
    let names = workbook_names(&found);
    let files: Vec<PathBuf> = found.iter().map(|f| f.path.clone()).collect();
    let out_dir = match (&options.output, options.workbook) {
        (Some(dir), _) => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
            Some(dir.clone())
        }
        (None, false) => None,
        (None, true) => {
            return Err(Error::Usage(
                "several inputs: give an output directory with -o DIR (or --no-workbook)".into(),
            ));
        }
    };
    // One job more than cores by default: a job spends part of each file waiting on the file
    // system (reading the input, creating the workbook), and the extra job fills that time.
    // 1,000 annexes on 2 cores: 2.6-3.1 s with 2 jobs, 2.45-2.55 s with 3 or 4.
    let jobs = options
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()) + 1)
        .max(1);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::Internal(format!("cannot start {jobs} jobs: {e}")))?;

    let progress = if std::io::stderr().is_terminal() && !options.quiet {
        ProgressBar::with_draw_target(Some(files.len() as u64), ProgressDrawTarget::stderr())
    } else {
        ProgressBar::hidden()
    };
    progress.set_style(
        ProgressStyle::with_template(
            crate::messages::PROGRESS_BAR.get(Lang::choose(settings.lang, None)),
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let findings_so_far = AtomicUsize::new(0);

    let (entries, reports): (Vec<BatchEntry>, Vec<Vec<String>>) = pool.install(|| {
        found
            .par_iter()
            .zip(&names)
            .map(|(input, name)| {
                // With `--no-workbook`, `-o DIR` receives the index only.
                let out = out_dir
                    .as_deref()
                    .filter(|_| options.workbook)
                    .map(|dir| dir.join(name));
                let (entry, report) = match &input.skipped {
                    Some(reason) => (
                        BatchEntry {
                            path: input.path.clone(),
                            skipped: Some(reason.clone()),
                            ..BatchEntry::default()
                        },
                        Vec::new(),
                    ),
                    None => audit_one(&input.path, out.as_deref(), options, settings),
                };
                let n = entry
                    .summary
                    .as_ref()
                    .map_or(0, |s| s.critical + s.error + s.warning + s.notice);
                let total = findings_so_far.fetch_add(n, Ordering::Relaxed) + n;
                progress.set_message(
                    crate::messages::PROGRESS_FINDINGS
                        .fill(Lang::choose(settings.lang, None), &[("count", &total)]),
                );
                progress.inc(1);
                (entry, report)
            })
            .unzip()
    });
    progress.finish_and_clear();

    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut total = Summary::default();
    for e in &entries {
        if let Some(s) = &e.summary {
            total.add(s);
        }
    }
    // The batch's own lines (the coverage line, the index) are Chinese when any of its
    // documents is, else the locale's: never the language of whichever file sorts first.
    let lang = options.lang.unwrap_or_else(|| {
        if entries.iter().any(|e| e.lang == Some(Lang::Zh)) {
            Lang::Zh
        } else {
            Lang::from_env()
        }
    });
    for mut sink in report::index_sinks(out_dir.as_deref(), options.json.as_deref()) {
        report::write_index(sink.as_mut(), &inputs, &entries, &total, lang)?;
    }

    let mut out = report_stream(options);
    let _ = writeln!(
        out,
        "{}",
        report::coverage_line(entries.len(), &total, lang)
    );
    let unreadable = entries.iter().filter(|e| e.error.is_some()).count();
    if !options.quiet {
        for (e, report) in entries.iter().zip(&reports) {
            // A file name can hold anything: keep each line one line.
            let path = crate::error::escaped(&e.path.display().to_string()).into_owned();
            let line = match (&e.error, &e.summary) {
                (Some(reason), _) => format!("{path}: {reason}"),
                (None, Some(s)) => {
                    let lang = e.lang.unwrap_or(lang);
                    let note = e
                        .converted_by
                        .as_deref()
                        .map(|c| report::converted_note(c, lang))
                        .unwrap_or_default();
                    format!("{path}{note}: {}", report::coverage_line(1, s, lang))
                }
                (None, None) => match &e.skipped {
                    Some(reason) => {
                        format!("{path}: {}{reason}", lang.pick("已跳过：", "skipped: "))
                    }
                    None => continue,
                },
            };
            let _ = writeln!(out, "{line}");
            // `-v`: the file's tables and findings follow its line (its own coverage line, the
            // same counts, is the batch line already; it ends at the report's first blank line,
            // however many lines it wraps to).
            if !report.is_empty() {
                let tables = report.iter().position(String::is_empty).unwrap_or(1);
                for l in report.iter().skip(tables) {
                    let _ = writeln!(out, "{l}");
                }
                let _ = writeln!(out);
            }
        }
        if let Some(dir) = &out_dir {
            let index = dir.join("index.xlsx").display().to_string();
            let _ = writeln!(out, "→ {}", crate::error::escaped(&index));
        }
    }
    if unreadable > 0 {
        return Ok(3);
    }
    let failing = entries.iter().any(|e| fails(e.worst, options.fail_on));
    Ok(u8::from(failing))
}

/// Audits one file of a batch and writes its workbook to `out`, carrying the notes of the
/// workbook already there; an error is kept, not raised.
fn audit_one(
    path: &Path,
    out: Option<&Path>,
    options: &AuditOptions,
    settings: &AuditSettings,
) -> (BatchEntry, Vec<String>) {
    let mut entry = BatchEntry {
        path: path.to_path_buf(),
        ..BatchEntry::default()
    };
    let workbook = match out {
        Some(out) => match previous_in_batch(out, options.overwrite, settings.lang) {
            Ok(Some(previous)) => Some(Xlsx::default().with_previous(previous)),
            Ok(None) => Some(Xlsx::default()),
            Err(message) => {
                entry.error = Some(message);
                return (entry, Vec::new());
            }
        },
        None => None,
    };
    // `-v`: the file's whole report, with each finding's id, under its batch line.
    let terminal = (options.verbose && !options.quiet).then(|| Terminal {
        color: color_report(options),
        quiet: false,
        verbose: true,
        width: report_width(options),
    });
    let stream = StreamOptions {
        workbook,
        terminal,
        bookmark: settings.selection.bookmark.clone(),
        ..StreamOptions::default()
    };
    // One thread per file: the batch already keeps every core busy with files.
    let mut audited = match audit_streaming(path, settings, stream, false) {
        Ok(f) => f,
        Err(e) => {
            // The batch line and the index name the file already: the reason alone.
            entry.error = Some(e.without_path().message(Lang::choose(settings.lang, None)));
            return (entry, Vec::new());
        }
    };
    let rendered = &mut audited.rendered;
    // A file without the bookmark asked for is skipped with the bookmarks it has, as a single
    // file is refused with them, not counted as audited with every table left out.
    if let Some(bookmark) = &settings.selection.bookmark
        && !rendered.bookmark_found
    {
        let lang = Lang::choose(settings.lang, Some(rendered.lang));
        entry.skipped = Some(missing_bookmark(bookmark, &rendered.bookmarks, lang).message(lang));
        entry.lang = Some(rendered.lang);
        return (entry, Vec::new());
    }
    entry.sha256 = Some(audited.sha256.clone());
    entry.title = audited.title.clone();
    entry.summary = Some(rendered.summary.clone());
    entry.worst = worst_cause(&rendered.findings);
    entry.lang = Some(rendered.lang);
    entry.converted_by = audited.converted_by.clone();
    if let (Some(out), Some(workbook)) = (out, &mut rendered.workbook) {
        match write_workbook(workbook, out, path) {
            Ok(()) => entry.workbook = Some(out.to_path_buf()),
            Err(e) => entry.error = Some(workbook_failure(out, &e, rendered.lang)),
        }
    }
    let report = std::mem::take(&mut rendered.terminal);
    (entry, report)
}

/// The notes of a batch file's previous workbook; the refusal as the entry's error when it
/// cannot be read (the file is then reported unreadable and its workbook left alone).
fn previous_in_batch(
    out: &Path,
    overwrite: bool,
    lang: Option<Lang>,
) -> std::result::Result<Option<PreviousReview>, String> {
    match read_previous(out) {
        Ok(previous) => Ok(previous),
        Err(_) if overwrite => Ok(None),
        Err(why) => Err(Error::Output {
            path: out.to_path_buf(),
            message: crate::error::Text::new(
                refusal(&why, Some(Lang::Zh)),
                refusal(&why, Some(Lang::En)),
            ),
        }
        .message(Lang::choose(lang, None))),
    }
}
