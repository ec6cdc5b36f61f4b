//! Throughput at any size, beside the hardware limit: how long reading, reading and auditing,
//! and the whole `audit` command (workbook and JSON) take on generated annexes of N copies of
//! the seed's tables, each next to `unzip -p FILE word/document.xml > /dev/null` on the same
//! file in the same run; then a batch of seed-size annexes. Prints a Markdown table.
//!
//! ```sh
//! cargo bench --bench throughput                      # N = 1, 100, 1000; batch of 1,000
//! cargo bench-linux --bench throughput                # the same, of the published x86-64 Linux
//!                                                     # binary (static-pie; .cargo/config.toml)
//! cargo bench --bench throughput -- --sizes 1,100 --runs 5 --batch 200
//! cargo bench --bench throughput -- --before /path/to/older/annex-audit   # before/after columns
//! ```
//!
//! With `--before BIN`, the whole audit and the batch are also timed with that binary (an
//! earlier build), the two run alternately in the same minutes, and a before/after table
//! follows. Both binaries run from copies made at the start ([`fresh_copy`]). The last table
//! checks the speed targets (issue 17) against this run's figures.
//!
//! Every figure is the median wall time of `--runs` runs of a separate process (so process
//! start-up counts, as it does for a user), and peak RSS comes from `/usr/bin/time -f %M` on one
//! more run. "read" and "read + audit" are this binary run as a child (`--child read|audit`),
//! "audit" is the release binary. N = 1,000 (347 MB of XML) is read with `--max-part-mib 400`.
//!
//! When Python has python-docx and openpyxl, `benches/python_baseline.py` (read every table,
//! recompute the totals, write a workbook) runs once on each size up to 100 for comparison.

#[path = "../examples/make_samples/data.rs"]
#[allow(dead_code)] // The generator uses part of the sample's content.
mod data;
#[path = "../examples/make_large_annex/generate.rs"]
mod generate;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use annex_audit::package::{Limits, Package};
use annex_audit::pipeline::{AuditSettings, audit_streaming};
use annex_audit::report::StreamOptions;
use annex_audit::wordml::{self, ReadOptions};

const BINARY: &str = env!("CARGO_BIN_EXE_annex-audit");

/// A part limit that lets N = 1,000 through (347 MB of `word/document.xml`).
const MAX_PART_MIB: &str = "400";

struct Options {
    sizes: Vec<usize>,
    runs: usize,
    batch: usize,
    /// `-j` for the batch; `None` for the tool's default (one more than the cores).
    jobs: Option<usize>,
    /// An earlier build to time beside this one.
    before: Option<PathBuf>,
    /// This build's binary, as run (a copy: [`fresh_copy`]).
    binary: PathBuf,
}

/// This run's figures that the targets are checked against.
#[derive(Default)]
struct Measured {
    /// (N, unzip, whole audit, peak RSS of the whole audit in KB).
    sizes: Vec<(usize, Duration, Duration, Option<u64>)>,
    /// (N, python, whole audit).
    python: Vec<(usize, Duration, Duration)>,
    /// (files, time).
    batch: Option<(usize, Duration)>,
    /// (case, before, after).
    before_after: Vec<(String, Duration, Duration)>,
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [mode, what, file] = args.as_slice()
        && mode == "--child"
    {
        return child(what, Path::new(file));
    }
    let mut options = Options {
        sizes: vec![1, 100, 1000],
        runs: 5,
        batch: 1000,
        jobs: None,
        before: None,
        binary: PathBuf::from(BINARY),
    };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let mut value = || rest.next().cloned().unwrap_or_default();
        match arg.as_str() {
            "--sizes" => {
                options.sizes = value()
                    .split(',')
                    .filter_map(|n| n.trim().parse().ok())
                    .collect();
            }
            "--runs" => options.runs = value().parse().unwrap_or(5).max(1),
            "--batch" => options.batch = value().parse().unwrap_or(1000),
            "--jobs" => options.jobs = value().parse().ok().map(|j: usize| j.max(1)),
            "--before" => options.before = Some(PathBuf::from(value())),
            // `cargo bench` passes --bench; anything else is ignored too.
            _ => {}
        }
    }
    let dir = tempfile::tempdir()?;
    options.binary = fresh_copy(&options.binary, dir.path(), "annex-audit")?;
    if let Some(before) = &options.before {
        options.before = Some(fresh_copy(before, dir.path(), "annex-audit-before")?);
    }
    println!("{}", machine());
    println!();
    println!(
        "| N | document.xml | tables | unzip -p | read | read + audit | audit (xlsx + JSON) | peak RSS read / audit / command |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let mut measured = Measured::default();
    for &n in &options.sizes {
        let file = dir.path().join(format!("annex-{n}.docx"));
        let written = generate::write_annex(n, &file)?;
        let limit = ["--max-part-mib".to_string(), MAX_PART_MIB.to_string()];
        let out = dir.path().join(format!("annex-{n}.audit.xlsx"));
        let json = dir.path().join(format!("annex-{n}.audit.json"));
        let runs = if n >= 1000 {
            options.runs.min(3)
        } else {
            options.runs
        };
        let unzip = median(runs, || {
            run(Command::new("unzip")
                .arg("-p")
                .arg(&file)
                .arg("word/document.xml"))
        })?;
        let me = std::env::current_exe()?;
        let child = |what: &str| {
            let mut c = Command::new(&me);
            c.args(["--child", what]).arg(&file);
            c
        };
        let read = median(runs, || run(&mut child("read")))?;
        let audit = median(runs, || run(&mut child("audit")))?;
        let whole = |binary: &Path| {
            let mut command = Command::new(binary);
            command
                .arg("audit")
                .arg(&file)
                .arg("-o")
                .arg(&out)
                .arg("--json")
                .arg(&json)
                .arg("-q")
                .args(&limit);
            command
        };
        // A first audit each time: no earlier workbook whose notes are carried over.
        let mut first_audit = || {
            for path in [&out, &json, &out.with_extension("prev.xlsx")] {
                let _ = std::fs::remove_file(path);
            }
        };
        let mut command = whole(&options.binary);
        let full = match &options.before {
            Some(before) => {
                let mut earlier = whole(before);
                let (now, then) =
                    paired_medians(runs, &mut command, &mut earlier, &mut first_audit)?;
                measured
                    .before_after
                    .push((format!("N = {n}, audit (xlsx + JSON)"), then, now));
                now
            }
            None => median(runs, || {
                first_audit();
                run(&mut command)
            })?,
        };
        first_audit();
        let rss_kb = [
            peak_rss(&child("read")),
            peak_rss(&child("audit")),
            peak_rss(&command),
        ];
        measured.sizes.push((n, unzip, full, rss_kb[2]));
        let rss =
            rss_kb.map(|r| r.map_or("?".to_string(), |kb| format!("{:.0}", kb as f64 / 1024.0)));
        println!(
            "| {n} | {:.1} MB | {} | {} | {} | {} | {} | {} / {} / {} MB |",
            written.document_bytes as f64 / 1e6,
            written.tables,
            ms(unzip),
            beside(read, unzip),
            beside(audit, unzip),
            beside(full, unzip),
            rss[0],
            rss[1],
            rss[2],
        );
        if n <= 100
            && python_available()
            && let Ok(python) = run(Command::new("python3")
                .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/python_baseline.py"))
                .arg(&file)
                .arg(dir.path().join(format!("annex-{n}.python.xlsx"))))
        {
            measured.python.push((n, python, full));
        }
    }
    if !measured.python.is_empty() {
        println!();
        println!("| N | python-docx + openpyxl (one run) | audit (xlsx + JSON) | faster |");
        println!("|---:|---:|---:|---:|");
        for &(n, python, full) in &measured.python {
            println!(
                "| {n} | {} | {} | {:.1}× |",
                ms(python),
                ms(full),
                python.as_secs_f64() / full.as_secs_f64().max(1e-9)
            );
        }
    }
    if options.batch > 0 {
        batch(dir.path(), &options, &mut measured)?;
    }
    if !measured.before_after.is_empty() {
        println!();
        println!("| case | before | after | after / before |");
        println!("|---|---:|---:|---:|");
        for (case, before, after) in &measured.before_after {
            println!(
                "| {case} | {} | {} | {:.2} |",
                ms(*before),
                ms(*after),
                after.as_secs_f64() / before.as_secs_f64().max(1e-9)
            );
        }
    }
    targets(&measured);
    Ok(())
}

/// The speed targets, each with this run's figure and whether it is met: a regression shows
/// as a target no longer met.
fn targets(measured: &Measured) {
    let mut lines = Vec::new();
    let verdict = |met: bool| if met { "met" } else { "**not met**" };
    if let Some(&(_, unzip, full, rss)) = measured.sizes.iter().find(|s| s.0 == 100) {
        let ratio = full.as_secs_f64() / unzip.as_secs_f64().max(1e-9);
        lines.push(format!(
            "| N = 100, whole audit ≤ 2.0× `unzip -p` | {ratio:.2}× | {} |",
            verdict(ratio <= 2.0)
        ));
        if let Some(kb) = rss {
            let mb = kb as f64 / 1024.0;
            lines.push(format!(
                "| N = 100, peak RSS ≤ 50 MB | {mb:.1} MB | {} |",
                verdict(mb <= 50.0)
            ));
        }
    }
    if let Some(&(_, python, full)) = measured.python.iter().find(|p| p.0 == 100) {
        let faster = python.as_secs_f64() / full.as_secs_f64().max(1e-9);
        lines.push(format!(
            "| N = 100, ≥ 30× python-docx + openpyxl | {faster:.1}× | {} |",
            verdict(faster >= 30.0)
        ));
    }
    if let Some(&(_, _, full, _)) = measured.sizes.iter().find(|s| s.0 == 1) {
        lines.push(format!(
            "| N = 1 (the real annex), whole process ≤ 6 ms | {} | {} |",
            ms(full),
            verdict(full <= Duration::from_millis(6))
        ));
    }
    if let Some((files, time)) = measured.batch
        && files == 1000
    {
        lines.push(format!(
            "| 1,000 annexes in one batch ≤ 2 s | {} | {} |",
            ms(time),
            verdict(time <= Duration::from_secs(2))
        ));
    }
    if !lines.is_empty() {
        println!();
        println!("| target | this run | |");
        println!("|---|---:|---|");
        for line in lines {
            println!("{line}");
        }
    }
}

/// Medians of `a` and `b` run alternately, `runs` times each, after one warm-up run of each;
/// `clean` (not timed) before every run. Each pair's order alternates too: neither binary
/// always runs just after the other, in whatever state the other leaves behind.
fn paired_medians(
    runs: usize,
    a: &mut Command,
    b: &mut Command,
    clean: &mut dyn FnMut(),
) -> Result<(Duration, Duration), Box<dyn std::error::Error>> {
    let mut times_a = Vec::with_capacity(runs);
    let mut times_b = Vec::with_capacity(runs);
    for i in 0..=runs {
        let mut timed = |command: &mut Command| -> Result<Duration, Box<dyn std::error::Error>> {
            clean();
            run(command)
        };
        let (time_a, time_b) = if i % 2 == 0 {
            let time_a = timed(a)?;
            (time_a, timed(b)?)
        } else {
            let time_b = timed(b)?;
            (timed(a)?, time_b)
        };
        if i > 0 {
            times_a.push(time_a);
            times_b.push(time_b);
        }
    }
    Ok((middle(times_a), middle(times_b)))
}

/// The median of some durations.
fn middle(mut times: Vec<Duration>) -> Duration {
    times.sort_unstable();
    times.get(times.len() / 2).copied().unwrap_or_default()
}

/// `--child read FILE`: every table read, nothing else. `--child audit FILE`: read and
/// audited, no report written.
fn child(what: &str, file: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let limits = Limits::default().with_max_part_size(400 * 1024 * 1024);
    match what {
        "read" => {
            let mut package = Package::open(file, &limits)?;
            let mut rows = 0;
            for table in wordml::tables(&mut package, &ReadOptions::default())? {
                rows += table?.rows.len();
            }
            std::hint::black_box(rows);
        }
        "audit" => {
            let settings = AuditSettings {
                limits,
                ..AuditSettings::default()
            };
            let audited = audit_streaming(file, &settings, StreamOptions::default(), true)?;
            std::hint::black_box(audited.rendered.summary.rows);
        }
        other => return Err(format!("unknown child mode {other}").into()),
    }
    Ok(())
}

/// A copy of the binary at `path` in `dir`, named `name`, to be run instead of it: the two
/// binaries compared are then files written the same way in the same minute. A binary file's
/// age changed the run time of the same bytes: on round 17's machine a copy made a moment before
/// audited the real annex 0.55 ms sooner (of 8.5 ms, 200 interleaved runs, three times) than the
/// file it was copied from, written 40 minutes earlier, which made an older `--before` build
/// look slower than it was (BENCHMARKS.md, round 17).
fn fresh_copy(path: &Path, dir: &Path, name: &str) -> Result<PathBuf, Box<dyn std::error::Error>> {
    let copy = dir.join(name);
    std::fs::copy(path, &copy).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(copy)
}

/// 1,000 (or `--batch`) copies of the real annex through `audit DIR -o OUT` (with `-j` when
/// `--jobs` is given). Each run writes into a new directory, all removed at the end: creating
/// a thousand files just after deleting a thousand makes ext4 search past the recently deleted
/// inodes (`recently_deleted` was 6 % of a batch's profile when each run removed the last
/// run's workbooks first).
fn batch(
    dir: &Path,
    options: &Options,
    measured: &mut Measured,
) -> Result<(), Box<dyn std::error::Error>> {
    let sample = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples/ordos-2020-annex.docx");
    let inputs = dir.join("batch");
    std::fs::create_dir_all(&inputs)?;
    for i in 0..options.batch {
        std::fs::copy(&sample, inputs.join(format!("annex-{i:04}.docx")))?;
    }
    let outputs = dir.join("batch-out");
    let mut runs = 0;
    let command_of = |binary: &Path, runs: &mut usize| {
        *runs += 1;
        let mut command = Command::new(binary);
        command
            .arg("audit")
            .arg(&inputs)
            .arg("-o")
            .arg(outputs.join(runs.to_string()))
            .arg("-q");
        if let Some(jobs) = options.jobs {
            command.arg("-j").arg(jobs.to_string());
        }
        command
    };
    let command = |runs: &mut usize| command_of(&options.binary, runs);
    let time = match &options.before {
        Some(before) => {
            // Alternately, each run into a directory of its own, each pair in the other order
            // from the last.
            let mut now = Vec::new();
            let mut then = Vec::new();
            for i in 0..options.runs.min(3) {
                if i % 2 == 0 {
                    now.push(run(&mut command(&mut runs))?);
                    then.push(run(&mut command_of(before, &mut runs))?);
                } else {
                    then.push(run(&mut command_of(before, &mut runs))?);
                    now.push(run(&mut command(&mut runs))?);
                }
            }
            let (now, then) = (middle(now), middle(then));
            measured.before_after.push((
                format!("{} annexes in one batch", options.batch),
                then,
                now,
            ));
            now
        }
        None => median(options.runs.min(3), || run(&mut command(&mut runs)))?,
    };
    measured.batch = Some((options.batch, time));
    let rss = peak_rss(&command(&mut runs)).map_or("?".to_string(), |kb| {
        format!("{:.0} MB", kb as f64 / 1024.0)
    });
    let _ = std::fs::remove_dir_all(&outputs);
    let jobs = options
        .jobs
        .map_or("default (cores + 1)".to_string(), |j| j.to_string());
    println!();
    println!("| batch | files | jobs | time | per file | peak RSS |");
    println!("|---|---:|---:|---:|---:|---:|");
    println!(
        "| `audit DIR -o OUT` (copies of samples/ordos-2020-annex.docx) | {} | {jobs} | {} | {:.2} ms | {rss} |",
        options.batch,
        ms(time),
        time.as_secs_f64() * 1000.0 / options.batch.max(1) as f64,
    );
    Ok(())
}

/// Python with python-docx and openpyxl, for the baseline script.
fn python_available() -> bool {
    Command::new("python3")
        .args(["-c", "import docx, openpyxl"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success())
}

/// Runs the command to its end with its output thrown away; the wall time.
fn run(command: &mut Command) -> Result<Duration, Box<dyn std::error::Error>> {
    let started = Instant::now();
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()?;
    let elapsed = started.elapsed();
    // 1: findings at the failing level; anything else is a failure of the run itself.
    if !matches!(status.code(), Some(0 | 1)) {
        return Err(format!("{command:?} exited with {status}").into());
    }
    Ok(elapsed)
}

/// The median of `runs` timings, after one untimed warm-up run.
fn median(
    runs: usize,
    mut once: impl FnMut() -> Result<Duration, Box<dyn std::error::Error>>,
) -> Result<Duration, Box<dyn std::error::Error>> {
    once()?;
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(once()?);
    }
    Ok(middle(times))
}

/// Peak resident set size of one run, in KiB, from `/usr/bin/time -f %M`.
fn peak_rss(command: &Command) -> Option<u64> {
    let output = Command::new("/usr/bin/time")
        .args(["-f", "%M"])
        .arg(command.get_program())
        .args(command.get_args())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

fn ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms >= 1000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        format!("{ms:.1} ms")
    }
}

/// A time with its ratio to unzip's.
fn beside(d: Duration, unzip: Duration) -> String {
    format!(
        "{} ({:.2}×)",
        ms(d),
        d.as_secs_f64() / unzip.as_secs_f64().max(1e-9)
    )
}

/// The machine and how busy it was: CPUs, memory, load average when the run started.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|m| m.trim().to_string())
        })
        .unwrap_or_default();
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .find(|l| l.starts_with("MemTotal"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map_or("?".to_string(), |kb| {
            format!("{:.0} GiB", kb as f64 / 1048576.0)
        });
    let load = std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    // The binary measured is built with the flags this harness was built with.
    let linked = if cfg!(target_feature = "crt-static") {
        "C library linked in (`cargo bench-linux`)"
    } else {
        "C library loaded at start (`cargo bench`)"
    };
    format!("{cpus} CPUs ({model}), {memory} memory; load average at start: {load}; {linked}")
}
