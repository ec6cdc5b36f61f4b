//! Batch mode end to end: directories searched recursively, one workbook per input, the index
//! (JSON and workbook) listing every file, unreadable files listed with their reason without
//! stopping the batch, and the exit codes.

use crate::common;

use std::path::{Path, PathBuf};

use serde_json::Value;

use common::{run, sample};

/// A directory of inputs: two copies of the clean annex (one in a subdirectory, with the same
/// name as a top-level file), the annex with errors when `with_errors`, an empty `.docx` when
/// `with_empty`, and a text file that is not an input.
fn make_inputs(with_errors: bool, with_empty: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("annexes");
    let sub = inputs.join("2021");
    std::fs::create_dir_all(&sub).expect("dirs");
    let clean = sample("ordos-2020-annex.docx");
    std::fs::copy(&clean, inputs.join("annex.docx")).expect("copy");
    std::fs::copy(&clean, inputs.join("other.docx")).expect("copy");
    std::fs::copy(&clean, sub.join("annex.docx")).expect("copy");
    if with_errors {
        std::fs::copy(
            sample("ordos-2020-annex-with-errors.docx"),
            inputs.join("errors.docx"),
        )
        .expect("copy");
    }
    if with_empty {
        std::fs::write(inputs.join("empty.docx"), b"").expect("empty");
    }
    std::fs::write(inputs.join("notes.txt"), "not an annex").expect("text");
    (dir, inputs)
}

fn read_index(out: &Path) -> Value {
    let text = std::fs::read_to_string(out.join("index.json")).expect("index.json");
    serde_json::from_str(&text).expect("index.json is JSON")
}

fn files(index: &Value) -> &Vec<Value> {
    index["files"].as_array().expect("files")
}

fn file<'a>(index: &'a Value, ending: &str) -> &'a Value {
    files(index)
        .iter()
        .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(ending)))
        .unwrap_or_else(|| panic!("{ending} not in the index: {index:#}"))
}

/// The index in `out` lists `{stem}.docx` as skipped with a reason holding `words`, and no
/// workbook was written for it.
fn assert_skipped(out: &Path, stem: &str, words: &str) {
    let index = read_index(out);
    let entry = file(&index, &format!("{stem}.docx"));
    assert_eq!(entry["status"], "skipped", "{entry:#}");
    let reason = entry["reason"].as_str().expect("a reason");
    assert!(reason.contains(words), "{reason}");
    assert!(!out.join(format!("{stem}.audit.xlsx")).exists());
}

fn str_arg(path: &Path) -> &str {
    path.to_str().expect("a UTF-8 temporary path")
}

#[test]
fn every_file_is_listed_and_an_unreadable_one_does_not_stop_the_batch() {
    let (dir, inputs) = make_inputs(false, true);
    let out = dir.path().join("out");
    let result = run(&["audit", str_arg(&inputs), "-o", str_arg(&out), "-j", "2"]);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert_eq!(result.status.code(), Some(3), "{stderr}");

    let index = read_index(&out);
    // Four .docx files, recursively; notes.txt is not an input.
    assert_eq!(files(&index).len(), 4, "{index:#}");
    assert_eq!(index["unreadable"], 1);
    let empty = file(&index, "empty.docx");
    assert_eq!(empty["status"], "unreadable");
    assert!(
        empty["reason"]
            .as_str()
            .is_some_and(|r| r.contains("empty")),
        "{empty:#}"
    );
    assert!(empty["workbook"].is_null());

    let mut workbooks = Vec::new();
    for name in ["annexes/annex.docx", "2021/annex.docx", "other.docx"] {
        let f = file(&index, name);
        assert_eq!(f["status"], "audited", "{f:#}");
        assert!(f["reason"].is_null());
        assert_eq!(f["sha256"].as_str().map(str::len), Some(64));
        let coverage = f["coverage"].as_str().expect("coverage line");
        assert!(coverage.contains("45"), "{coverage}");
        assert_eq!(f["summary"]["rows"], 45);
        assert_eq!(f["summary"]["warning"], 1);
        let workbook = PathBuf::from(f["workbook"].as_str().expect("workbook"));
        assert!(workbook.starts_with(&out), "{}", workbook.display());
        assert!(
            std::fs::read(&workbook).is_ok_and(|b| b.starts_with(b"PK")),
            "{}",
            workbook.display()
        );
        workbooks.push(workbook);
    }
    // Two inputs named annex.docx get two workbooks.
    workbooks.sort();
    workbooks.dedup();
    assert_eq!(workbooks.len(), 3, "{workbooks:?}");
    assert_eq!(index["summary"]["tables"], 9);
    assert_eq!(index["summary"]["rows"], 135);
    assert!(out.join("index.xlsx").is_file());

    // The unreadable file is named with its reason in the report (stdout); no progress bar
    // when stderr is not a terminal.
    let stdout = String::from_utf8_lossy(&result.stdout);
    assert!(
        stdout.contains("empty.docx") && stdout.contains("empty"),
        "{stdout}"
    );
    assert!(!stderr.contains("ETA"), "{stderr}");
}

#[test]
fn exit_code_is_1_with_errors_and_0_without() {
    let (dir, inputs) = make_inputs(true, false);
    let out = dir.path().join("out");
    let result = run(&["audit", str_arg(&inputs), "-o", str_arg(&out), "-q"]);
    assert_eq!(
        result.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let index = read_index(&out);
    assert_eq!(files(&index).len(), 4);
    assert!(file(&index, "errors.docx")["summary"]["error"].as_u64() > Some(0));

    let (dir, inputs) = make_inputs(false, false);
    let out = dir.path().join("out");
    let result = run(&["audit", str_arg(&inputs), "-o", str_arg(&out), "-j", "1"]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(files(&read_index(&out)).len(), 3);
}

#[test]
fn a_batch_needs_an_output_directory_unless_no_workbook() {
    let (dir, inputs) = make_inputs(false, false);
    let result = run(&["audit", str_arg(&inputs)]);
    assert_eq!(result.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(stderr.contains("-o DIR"), "{stderr}");
    // Nothing was written beside the inputs.
    assert!(!inputs.join("annex.audit.xlsx").exists());

    // Without workbooks the index goes to stdout.
    let result = run(&["audit", str_arg(&inputs), "--no-workbook", "--json", "-"]);
    assert_eq!(result.status.code(), Some(0));
    let index: Value = serde_json::from_slice(&result.stdout).expect("JSON on stdout");
    assert_eq!(files(&index).len(), 3);
    assert!(files(&index).iter().all(|f| f["workbook"].is_null()));

    // With an output directory as well, the directory receives the index and no workbook.
    let out = dir.path().join("index-only");
    let result = run(&[
        "audit",
        str_arg(&inputs),
        "--no-workbook",
        "-o",
        str_arg(&out),
    ]);
    assert_eq!(result.status.code(), Some(0));
    let mut written: Vec<String> = std::fs::read_dir(&out)
        .expect("the output directory")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["index.json", "index.xlsx"]);
    let index = read_index(&out);
    assert_eq!(files(&index).len(), 3);
    assert!(files(&index).iter().all(|f| f["workbook"].is_null()));
    drop(dir);
}

/// Two inputs named annex.docx (one top-level, one in 2021/) get workbooks named from their
/// paths relative to the input folder, the same on every run; a unique name stays short.
#[test]
fn files_with_the_same_name_get_stable_names_from_their_relative_path() {
    let (dir, inputs) = make_inputs(false, false);
    let mut runs = Vec::new();
    for jobs in ["1", "3"] {
        let out = dir.path().join(format!("out-{jobs}"));
        let result = run(&[
            "audit",
            str_arg(&inputs),
            "-o",
            str_arg(&out),
            "-q",
            "-j",
            jobs,
        ]);
        assert_eq!(result.status.code(), Some(0));
        let index = read_index(&out);
        let mut names: Vec<(String, String)> = files(&index)
            .iter()
            .map(|f| {
                let input = f["path"].as_str().expect("path").to_string();
                let workbook = PathBuf::from(f["workbook"].as_str().expect("workbook"));
                let name = workbook
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .into_owned();
                (input, name)
            })
            .collect();
        names.sort();
        runs.push(names.into_iter().map(|(_, n)| n).collect::<Vec<_>>());
    }
    assert_eq!(
        runs[0],
        [
            "2021-annex.audit.xlsx",
            "annex.audit.xlsx",
            "other.audit.xlsx"
        ],
        "{runs:?}"
    );
    assert_eq!(runs[0], runs[1]);
}

/// The lock file Word or WPS keeps beside an open document (`~$附件1.docx`) is listed as
/// skipped with what it is, not as an unreadable annex that fails the batch.
#[test]
fn a_word_lock_file_is_skipped_and_does_not_fail_the_batch() {
    let (dir, inputs) = make_inputs(false, false);
    std::fs::write(inputs.join("~$annex.docx"), [0u8; 162]).expect("a lock file");
    let out = dir.path().join("out");
    let result = run(&[
        "audit",
        str_arg(&inputs),
        "-o",
        str_arg(&out),
        "--lang",
        "zh",
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stdout)
    );
    assert_skipped(&out, "~$annex", "锁定文件");
}

/// A folder with nothing to audit is bad input (exit 3, one line), not a clean batch of 0
/// files, with or without an output directory.
#[test]
fn a_folder_without_an_annex_is_refused_in_one_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("空文件夹");
    std::fs::create_dir_all(&empty).expect("dir");
    std::fs::write(empty.join("notes.txt"), "not an annex").expect("text");
    let out = dir.path().join("out");
    for args in [
        vec!["audit", str_arg(&empty), "--lang", "zh"],
        vec![
            "audit",
            str_arg(&empty),
            "-o",
            str_arg(&out),
            "--lang",
            "zh",
        ],
    ] {
        let result = run(&args);
        assert_eq!(result.status.code(), Some(3), "{args:?}");
        let said = String::from_utf8_lossy(&result.stderr);
        assert_eq!(said.trim_end().lines().count(), 1, "{said}");
        assert!(said.contains("没有 .docx 文件"), "{said}");
        assert!(said.contains("空文件夹"), "{said}");
    }
    assert!(!out.join("index.json").exists());
}

/// `--bookmark` in a batch: a file without that bookmark is listed as skipped with the
/// bookmarks it has (as a single file is refused with them), not counted as audited with every
/// table left out; the file holding it is audited.
#[test]
fn a_file_without_the_bookmark_asked_for_is_skipped_with_the_ones_it_has() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).expect("dir");
    std::fs::copy(
        sample("ordos-2020-annex-with-errors.docx"),
        inputs.join("a.docx"),
    )
    .expect("copy");
    std::fs::copy(sample("final-accounts-2025.docx"), inputs.join("b.docx")).expect("copy");
    let out = dir.path().join("out");
    let result = run(&[
        "audit",
        str_arg(&inputs),
        "-o",
        str_arg(&out),
        "--bookmark",
        "_Hlk36751722",
        "--fail-on",
        "never",
    ]);
    assert_eq!(
        result.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    assert_eq!(file(&read_index(&out), "a.docx")["status"], "audited");
    assert_skipped(&out, "b", "_Hlk36751722");
}

/// `-v` in a batch shows each file's tables and findings, with their ids, under its line;
/// without it a file is one line.
#[test]
fn verbose_shows_each_files_findings_with_their_ids() {
    let (dir, inputs) = make_inputs(true, false);
    let lines = |extra: &[&str]| -> String {
        let mut args = vec!["audit", str_arg(&inputs), "--no-workbook", "-j", "2"];
        args.extend_from_slice(extra);
        let result = run(&args);
        // 1: the errors file has a critical finding.
        assert_eq!(result.status.code(), Some(1));
        String::from_utf8_lossy(&result.stdout).into_owned()
    };
    let plain = lines(&[]);
    let verbose = lines(&["-v"]);
    // The errors file's critical total, with the id in brackets, after that file's line only.
    let errors_line = verbose
        .lines()
        .position(|l| l.contains("errors.docx"))
        .expect("the errors file's line");
    let critical = verbose
        .lines()
        .position(|l| l.contains("J4") && l.contains('['))
        .expect("乌审旗's total with its id");
    assert!(critical > errors_line, "{verbose}");
    let next_file = verbose
        .lines()
        .skip(errors_line + 1)
        .position(|l| l.contains("other.docx"))
        .map(|p| p + errors_line + 1);
    assert!(next_file.is_none_or(|n| n > critical), "{verbose}");
    assert!(!plain.contains("J4"), "{plain}");
    assert!(verbose.lines().count() > plain.lines().count() + 10);
    // `-q` still prints the batch line alone.
    assert_eq!(lines(&["-v", "-q"]).lines().count(), 1);
    drop(dir);
}
