//! One mistake, one finding: the sample annex edited the way a new user tried it (one row of
//! the second table deleted; the note's factor changed from 20/17 to 10/9) gives one finding at
//! the cause, with the consequences attached, besides the table-1 `weights` warning the annex
//! always has.

use crate::common;

use std::io::{Read, Write};
use std::path::PathBuf;

use annex_audit::audit::{Check, Finding, Lang, Severity};
use annex_audit::pipeline::{AuditSettings, audit_path};

/// The clean sample with its `word/document.xml` rewritten by `edit`, written into `dir`.
fn edited_sample(dir: &tempfile::TempDir, name: &str, edit: impl Fn(&str) -> String) -> PathBuf {
    let bytes = std::fs::read(common::sample("ordos-2020-annex.docx")).expect("the sample");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("an entry");
        let entry_name = entry.name().expect("an entry name").to_string();
        let mut content = Vec::new();
        entry.read_to_end(&mut content).expect("read the entry");
        if entry_name == "word/document.xml" {
            let text = String::from_utf8(content).expect("UTF-8");
            content = edit(&text).into_bytes();
        }
        out.start_file(entry_name, options).expect("a zip entry");
        out.write_all(&content).expect("write the entry");
    }
    let bytes = out.finish().expect("zip").into_inner();
    common::write(dir.path(), name, &bytes)
}

/// The document without the table row holding `name`.
fn without_row(document: &str, name: &str) -> String {
    let at = document.find(name).expect("the row's name");
    let start = document[..at].rfind("<w:tr ").expect("the row's start");
    let end = at + document[at..].find("</w:tr>").expect("the row's end") + "</w:tr>".len();
    format!("{}{}", &document[..start], &document[end..])
}

fn audit(path: &std::path::Path) -> annex_audit::audit::AuditReport {
    let settings = AuditSettings {
        lang: Some(Lang::En),
        ..AuditSettings::default()
    };
    audit_path(path, &settings).expect("audited").report
}

/// (check, severity, table, row, consequences) of each finding.
fn outline(findings: &[Finding]) -> Vec<(Check, Severity, usize, Option<usize>, usize)> {
    findings
        .iter()
        .map(|f| (f.check, f.severity, f.table, f.row, f.consequences.len()))
        .collect()
}

#[test]
fn one_row_deleted_is_one_rank_finding_at_the_gap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = edited_sample(&dir, "row.docx", |d| without_row(d, "应急管理局"));
    let report = audit(&path);
    assert_eq!(
        outline(&report.findings),
        [
            (Check::Rank, Severity::Error, 2, Some(5), 27),
            (Check::Weights, Severity::Warning, 1, None, 0),
        ],
        "{:#?}",
        report.findings
    );
    let gap = &report.findings[0];
    assert_eq!(gap.name.as_deref(), Some("教育体育局"));
    assert_eq!(
        gap.message,
        "ranked 6, but its total 94.80 ranks 5; the ranks skip 1 here (a row deleted or left out?), so the 27 rows after it are off by 1 too"
    );
    assert!(
        gap.consequences
            .iter()
            .all(|c| c.check == Check::Rank && c.caused_by.as_deref() == Some(gap.id.as_str()))
    );
    let s = &report.summary;
    assert_eq!(
        (s.causes, s.consequences, s.error, s.warning),
        (2, 27, 1, 1)
    );
    assert_eq!(s.consistent, 44);
}

#[test]
fn the_note_factor_changed_is_one_rule_error_on_each_note() {
    let dir = tempfile::tempdir().expect("tempdir");
    // The note is printed under tables 2 and 3: both change.
    let path = edited_sample(&dir, "note.docx", |d| d.replace("20/17", "10/9"));
    let report = audit(&path);
    assert_eq!(
        outline(&report.findings),
        [
            (Check::Rule, Severity::Error, 2, None, 8),
            (Check::Rule, Severity::Error, 3, None, 2),
            (Check::Weights, Severity::Warning, 1, None, 0),
        ],
        "{:#?}",
        report.findings
    );
    assert_eq!(
        report.findings[0].message,
        "the note's full mark 85 × 10/9 = 94.4444, but the components' maxima add up to 100; with the note's rule 8 totals would differ, while all 8 scaled rows fit the header's maxima (× 100/85): checked with the header's"
    );
    for f in &report.findings[..2] {
        let key = f.id.clone();
        assert!(
            f.consequences
                .iter()
                .all(|c| c.check == Check::Total && c.caused_by.as_deref() == Some(key.as_str()))
        );
    }
    // Every total fits the header's scaling, so none is reported wrong.
    let s = &report.summary;
    assert_eq!((s.consistent, s.inconsistent), (45, 0));
    assert_eq!(
        (s.causes, s.consequences, s.critical, s.error),
        (3, 10, 0, 2)
    );

    // Only the first note changed: one rule error, table 3 as published.
    let path = edited_sample(&dir, "first-note.docx", |d| d.replacen("20/17", "10/9", 1));
    let report = audit(&path);
    assert_eq!(
        outline(&report.findings),
        [
            (Check::Rule, Severity::Error, 2, None, 8),
            (Check::Weights, Severity::Warning, 1, None, 0),
        ]
    );
}

#[test]
fn fail_on_counts_causes_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = edited_sample(&dir, "note.docx", |d| d.replace("20/17", "10/9"));
    let path = path.to_str().expect("UTF-8 path");
    // Before the grouping, the note's factor made 7 totals critical; now the cause is an error.
    let critical = common::run(&[
        "audit",
        "--no-workbook",
        "-q",
        "--fail-on",
        "critical",
        path,
    ]);
    assert_eq!(critical.status.code(), Some(0));
    let error = common::run(&["audit", "--no-workbook", "-q", "--fail-on", "error", path]);
    assert_eq!(error.status.code(), Some(1));
    let (_, json) = common::run_json(&["audit", "--no-workbook", "--json", "-", path]);
    assert_eq!(json["summary"]["causes"], 3);
    assert_eq!(json["summary"]["consequences"], 10);
    let first = &json["findings"][0];
    assert_eq!(first["consequences"].as_array().map(Vec::len), Some(8));
    assert_eq!(first["consequences"][0]["caused_by"], first["id"]);
    assert_eq!(first["id"].as_str().map(str::len), Some(12));
    assert!(first.get("caused_by").is_none());
}
