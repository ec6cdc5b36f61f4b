//! `annex-audit audit`: one file, or a batch of files and directories in parallel.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use super::{AuditOptions, FailOn};
use crate::annex::Template;
use crate::audit::{Lang, Selection, Severity, Summary};
use crate::pipeline::{AuditSettings, audit_streaming};
use crate::report::{
    self, BatchEntry, Output, PreviousReview, StreamOptions, Terminal, Unreadable, Xlsx,
    read_previous, write_atomically,
};
use crate::{Error, Result};

/// `annex-audit audit`. Returns the exit code: 0 clean, 1 findings at the failing level,
/// 3 (batch) some input unreadable.
pub fn audit(options: &AuditOptions) -> Result<u8> {
    let template = match &options.template {
        Some(spec) => Template::resolve(spec)?,
        None => Template::default_template(),
    };
    let settings = AuditSettings {
        template,
        selection: Selection {
            bookmark: options.bookmark.clone(),
            all_parts: false,
        },
        lang: options.lang,
        limits: options.limits.clone(),
    };
    let batch = options.inputs.len() > 1 || options.inputs.iter().any(|p| p.is_dir());
    if batch {
        run_batch(options, &settings)
    } else {
        match options.inputs.first() {
            // Every error from here on concerns this file, and says so.
            Some(path) => run_single(path, options, &settings).map_err(|e| e.with_path(path)),
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

fn color_stderr() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
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

fn run_single(path: &Path, options: &AuditOptions, settings: &AuditSettings) -> Result<u8> {
    let terminal = Terminal {
        color: color_stderr(),
        quiet: options.quiet,
        verbose: options.verbose,
    };
    let out = match &options.output {
        Some(o) if o.is_dir() => workbook_path(path, Some(o)),
        Some(o) => o.clone(),
        None => workbook_path(path, None),
    };
    let workbook = if options.workbook {
        Some(workbook_report(&out, path, options)?)
    } else {
        None
    };
    let stream = StreamOptions {
        workbook,
        json: options.json.is_some(),
        terminal: Some(terminal),
        bookmark: options.bookmark.clone(),
        parallel_finish: true,
    };
    // Reading on a thread of its own: the tables are audited and their sheets written while
    // the rest of the document is decompressed and parsed.
    let mut audited = audit_streaming(path, settings, stream, true)?;
    let rendered = &mut audited.rendered;
    if let Some(bookmark) = &options.bookmark
        && !rendered.bookmark_found
    {
        // About the document: in its language (the one chosen, else the document's).
        return Err(Error::Usage(
            crate::messages::USAGE_NO_BOOKMARK.fill(rendered.lang, &[("bookmark", bookmark)]),
        ));
    }
    let mut written = Vec::new();
    if let Some(workbook) = &mut rendered.workbook {
        keep_previous(&out)?;
        write_atomically(&out, path, |w| copy_output(workbook, w, "workbook"))?;
        written.push(out);
    }
    if let (Some(json), Some(document)) = (&options.json, &mut rendered.json) {
        if json.as_os_str() == "-" {
            let stdout = std::io::stdout();
            copy_output(document, &mut stdout.lock(), "JSON")?;
        } else {
            write_atomically(json, path, |w| copy_output(document, w, "JSON"))?;
            written.push(json.clone());
        }
    }
    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    for line in &rendered.terminal {
        writeln!(err, "{line}").map_err(|e| Error::io("stderr", e))?;
    }
    if !options.quiet {
        if rendered.summary.tables == 0 {
            let _ = writeln!(err, "{}", no_table_message(rendered.lang));
        }
        for w in &written {
            // Named after the input, whose name can hold anything: one line, shown safely.
            let shown = crate::error::escaped(&w.display().to_string()).into_owned();
            let _ = writeln!(err, "→ {shown}");
        }
    }
    Ok(u8::from(fails(
        worst_cause(&rendered.findings),
        options.fail_on,
    )))
}

/// The workbook report for `out`, carrying the notes of the workbook already there. A
/// workbook there that cannot be read is never replaced unless `--overwrite` says so.
fn workbook_report(out: &Path, input: &Path, options: &AuditOptions) -> Result<Xlsx> {
    if report::same_file(out, input) {
        return Err(Error::OutputIsInput(out.to_path_buf()));
    }
    match read_previous(out) {
        Ok(Some(previous)) => Ok(Xlsx::default().with_previous(previous)),
        Ok(None) => Ok(Xlsx::default()),
        Err(_) if options.overwrite => Ok(Xlsx::default()),
        Err(why) => Err(Error::Output {
            path: out.to_path_buf(),
            message: refusal(&why, options.lang),
        }),
    }
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

/// Every .docx (.docm, .dotx, .dotm) under the inputs, directories recursively, in a stable
/// order.
fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
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
                    } else if p.extension().is_some_and(|e| {
                        ["docx", "docm", "dotx", "dotm"]
                            .iter()
                            .any(|x| e.eq_ignore_ascii_case(x))
                    }) {
                        files.push(p);
                    }
                }
            }
        } else {
            files.push(input.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn run_batch(options: &AuditOptions, settings: &AuditSettings) -> Result<u8> {
    let files = expand_inputs(&options.inputs)?;
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
    let used_names = Mutex::new(std::collections::HashSet::new());

    let entries: Vec<BatchEntry> = pool.install(|| {
        files
            .par_iter()
            .map(|path| {
                let entry = audit_one(
                    path,
                    out_dir.as_deref(),
                    options.overwrite,
                    settings,
                    &used_names,
                );
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
                entry
            })
            .collect()
    });
    progress.finish_and_clear();

    let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let mut total = Summary::default();
    for e in &entries {
        if let Some(s) = &e.summary {
            total.add(s);
        }
    }
    let lang = options.lang.unwrap_or_else(|| {
        entries
            .iter()
            .find_map(|e| e.lang)
            .unwrap_or_else(Lang::from_env)
    });
    for mut sink in report::index_sinks(out_dir.as_deref(), options.json.as_deref()) {
        report::write_index(sink.as_mut(), &inputs, &entries, &total, lang)?;
    }

    let stderr = std::io::stderr();
    let mut err = stderr.lock();
    let _ = writeln!(
        err,
        "{}",
        report::coverage_line(entries.len(), &total, lang)
    );
    let unreadable = entries.iter().filter(|e| e.error.is_some()).count();
    if !options.quiet {
        for e in &entries {
            // A file name can hold anything: keep each line one line.
            let path = crate::error::escaped(&e.path.display().to_string()).into_owned();
            let line = match (&e.error, &e.summary) {
                (Some(reason), _) => format!("{path}: {reason}"),
                (None, Some(s)) => format!(
                    "{}: {}",
                    path,
                    report::coverage_line(1, s, e.lang.unwrap_or(lang))
                ),
                (None, None) => continue,
            };
            let _ = writeln!(err, "{line}");
        }
        if let Some(dir) = &out_dir {
            let index = dir.join("index.xlsx").display().to_string();
            let _ = writeln!(err, "→ {}", crate::error::escaped(&index));
        }
    }
    if unreadable > 0 {
        return Ok(3);
    }
    let failing = entries.iter().any(|e| fails(e.worst, options.fail_on));
    Ok(u8::from(failing))
}

/// Audits one file of a batch and writes its workbook; an error is kept, not raised.
fn audit_one(
    path: &Path,
    out_dir: Option<&Path>,
    overwrite: bool,
    settings: &AuditSettings,
    used_names: &Mutex<std::collections::HashSet<PathBuf>>,
) -> BatchEntry {
    let mut entry = BatchEntry {
        path: path.to_path_buf(),
        ..BatchEntry::default()
    };
    let out = out_dir.map(|dir| unique_workbook_path(path, dir, used_names));
    let workbook = match &out {
        Some(out) => match previous_in_batch(out, overwrite, settings.lang) {
            Ok(Some(previous)) => Some(Xlsx::default().with_previous(previous)),
            Ok(None) => Some(Xlsx::default()),
            Err(message) => {
                entry.error = Some(message);
                return entry;
            }
        },
        None => None,
    };
    let stream = StreamOptions {
        workbook,
        ..StreamOptions::default()
    };
    // One thread per file: the batch already keeps every core busy with files.
    let mut audited = match audit_streaming(path, settings, stream, false) {
        Ok(f) => f,
        Err(e) => {
            // The batch line and the index name the file already: the reason alone.
            entry.error = Some(e.without_path().message(Lang::choose(settings.lang, None)));
            return entry;
        }
    };
    let rendered = &mut audited.rendered;
    entry.sha256 = Some(audited.sha256.clone());
    entry.title = audited.title.clone();
    entry.summary = Some(rendered.summary.clone());
    entry.worst = worst_cause(&rendered.findings);
    entry.lang = Some(rendered.lang);
    if let (Some(out), Some(workbook)) = (out, &mut rendered.workbook) {
        let written = keep_previous(&out)
            .and_then(|()| write_atomically(&out, path, |w| copy_output(workbook, w, "workbook")));
        match written {
            Ok(()) => entry.workbook = Some(out),
            Err(e) => {
                entry.error = Some(e.without_path().message(Lang::choose(settings.lang, None)))
            }
        }
    }
    entry
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
            message: refusal(&why, lang),
        }
        .message(Lang::choose(lang, None))),
    }
}

/// `<stem>.audit.xlsx` in `dir`, numbered when two inputs share a stem.
fn unique_workbook_path(
    input: &Path,
    dir: &Path,
    used: &Mutex<std::collections::HashSet<PathBuf>>,
) -> PathBuf {
    let first = workbook_path(input, Some(dir));
    let Ok(mut used) = used.lock() else {
        return first;
    };
    if used.insert(first.clone()) {
        return first;
    }
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.audit.xlsx")))
        .find(|p| used.insert(p.clone()))
        .unwrap_or(first)
}
