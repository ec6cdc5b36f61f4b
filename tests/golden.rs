//! Golden files: the outputs of the shipped samples, byte for byte (less the audit time and the
//! paths of this run). A change to `tests/golden/` is a decision: rewrite them with
//! `UPDATE_GOLDEN=1 cargo test --test integration golden::` and show the difference in the commit.

use crate::common;

use std::io::Read;
use std::path::Path;

use common::{root, run};

/// Replaces what changes from run to run: the audit time and the temporary output folder.
fn normalise(text: &str, audited_at: &str, out_dir: &Path) -> String {
    let mut text = text.replace(&out_dir.display().to_string(), "<OUT>");
    if !audited_at.is_empty() {
        text = text.replace(audited_at, "<AUDITED_AT>");
        // The terminal report shows it as a person reads it.
        text = text.replace(
            &annex_audit::report::readable_time(audited_at),
            "<AUDITED_AT>",
        );
        // The workbook's own properties carry the same instant in UTC without its `Z`.
        if let Ok(instant) = audited_at.parse::<jiff::Timestamp>() {
            let utc = instant.strftime("%Y-%m-%dT%H:%M:%S").to_string();
            text = text.replace(&format!("{utc}Z"), "<AUDITED_AT>");
            text = text.replace(&utc, "<AUDITED_AT>");
        }
    }
    text
}

/// Every part of the workbook as text, in the package's order, each under its name.
fn workbook_parts(path: &Path) -> String {
    let file = std::fs::File::open(path).expect("the workbook exists");
    let mut zip = zip::ZipArchive::new(file).expect("the workbook is a zip");
    let mut out = String::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("a zip entry");
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("the entry reads");
        let name = entry.name().expect("an entry name").to_string();
        out.push_str(&format!("== {name} ==\n"));
        match String::from_utf8(bytes) {
            Ok(text) => out.push_str(&text),
            Err(e) => out.push_str(&format!("<{} binary bytes>", e.into_bytes().len())),
        }
        out.push('\n');
    }
    out
}

/// Compares `actual` with the golden file `name`, or rewrites it under `UPDATE_GOLDEN=1`.
fn check(name: &str, actual: &str) {
    let path = root().join("tests/golden").join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).expect("the golden file is written");
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (UPDATE_GOLDEN=1 writes it)", path.display()));
    if expected != actual {
        let line = expected
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| expected.lines().count().min(actual.lines().count()));
        panic!(
            "{name} differs from its golden file at line {}:\n  golden: {:?}\n  actual: {:?}\n\
             (rewrite with UPDATE_GOLDEN=1 if the change is intended)",
            line + 1,
            expected.lines().nth(line),
            actual.lines().nth(line)
        );
    }
}

/// Audits `sample` with `extra` arguments and checks the terminal report, the JSON and the
/// workbook against `tests/golden/<stem>.*`.
fn golden(sample: &str, stem: &str, extra: &[&str]) {
    golden_parts(sample, stem, extra, true);
}

/// [`golden`], the workbook left out when `workbook` is false.
fn golden_parts(sample: &str, stem: &str, extra: &[&str], workbook: bool) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json = dir.path().join("out.json");
    let xlsx = dir.path().join("out.xlsx");
    let input = format!("samples/{sample}");
    let mut args = vec![
        "audit",
        input.as_str(),
        "--json",
        json.to_str().expect("a UTF-8 path"),
        "-o",
        xlsx.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(&args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .output()
        .expect("the binary runs");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json_text = std::fs::read_to_string(&json).expect("the JSON is written");
    let value: serde_json::Value = serde_json::from_str(&json_text).expect("the JSON parses");
    let audited_at = value["audited_at"].as_str().unwrap_or_default().to_string();
    let terminal = format!(
        "exit: {:?}\n-- stdout --\n{}-- stderr --\n{}",
        out.status.code(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    check(
        &format!("{stem}.terminal.txt"),
        &normalise(&terminal, &audited_at, dir.path()),
    );
    check(
        &format!("{stem}.json"),
        &normalise(&json_text, &audited_at, dir.path()),
    );
    if workbook {
        check(
            &format!("{stem}.xlsx.txt"),
            &normalise(&workbook_parts(&xlsx), &audited_at, dir.path()),
        );
    }
}

#[test]
fn budget_sample() {
    golden("budget-2025-final-accounts.docx", "budget-clean", &[]);
}

#[test]
fn budget_sample_with_errors() {
    golden(
        "budget-2025-final-accounts-with-errors.docx",
        "budget-errors",
        &[],
    );
}

#[test]
fn budget_sample_with_errors_in_english() {
    golden(
        "budget-2025-final-accounts-with-errors.docx",
        "budget-errors-en",
        &["--lang", "en"],
    );
}

#[test]
fn clean_sample() {
    golden("ordos-2020-annex.docx", "ordos-clean", &[]);
}

#[test]
fn sample_with_errors() {
    golden("ordos-2020-annex-with-errors.docx", "ordos-errors", &[]);
}

#[test]
fn sample_with_errors_in_english() {
    golden(
        "ordos-2020-annex-with-errors.docx",
        "ordos-errors-en",
        &["--lang", "en"],
    );
}

#[test]
fn final_accounts_sample() {
    golden("final-accounts-2025.docx", "final-accounts-clean", &[]);
}

#[test]
fn final_accounts_sample_with_errors() {
    golden(
        "final-accounts-2025-with-errors.docx",
        "final-accounts-errors",
        &[],
    );
}

#[test]
fn final_accounts_sample_with_errors_in_english() {
    golden(
        "final-accounts-2025-with-errors.docx",
        "final-accounts-errors-en",
        &["--lang", "en"],
    );
}

/// The golden files are not vacuous: the rewriting switch is off in CI, and a run that
/// produced nothing would not match them.
#[test]
fn golden_files_are_substantial() {
    for name in ["ordos-clean.json", "ordos-errors.xlsx.txt"] {
        let text = std::fs::read_to_string(root().join("tests/golden").join(name))
            .expect("the golden file exists");
        assert!(text.len() > 1000, "{name} is too short");
    }
    let _ = run(&["--version"]);
}
