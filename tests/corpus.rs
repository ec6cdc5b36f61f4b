//! Sweeps every file of `../shared/corpus/MANIFEST.tsv`: each is read, or refused with the
//! error its features call for; none panics. Also runs the binary on a few of them, and shows
//! the tables of the Strict files pandoc could not read.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use annex_audit::Error;
use annex_audit::package::{Limits, Package};
use annex_audit::wordml::{self, Container, Document, ReadOptions};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

struct Entry {
    path: String,
    tables: usize,
    features: String,
}

fn manifest() -> Vec<Entry> {
    let text = std::fs::read_to_string(corpus().join("MANIFEST.tsv")).expect("manifest");
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let columns: Vec<&str> = line.split('\t').collect();
            Entry {
                path: columns[0].to_string(),
                tables: columns[4].parse().unwrap_or(0),
                features: columns[5].to_string(),
            }
        })
        .collect()
}

/// The error kind a refused file must get, from its features; `None` = must be read.
fn expected_refusal(features: &str) -> Option<fn(&Error) -> bool> {
    let has = |f: &str| features.split(',').any(|x| x == f);
    if has("encrypted-OLE") {
        Some(|e| matches!(e, Error::Encrypted))
    } else if has("OLE-legacy-doc") {
        Some(|e| matches!(e, Error::LegacyDoc))
    } else if features.contains("corrupt") {
        Some(|e| matches!(e, Error::NotZip | Error::CorruptZip(_)))
    } else if has("zero-byte") {
        Some(|e| matches!(e, Error::Empty))
    } else {
        None
    }
}

fn read(path: &Path) -> annex_audit::Result<(Document, String)> {
    let mut package = Package::open(path, &Limits::default())?;
    let main = package.main_part().to_string();
    let mut xml = String::new();
    package
        .open_part(&main)?
        .read_to_string(&mut xml)
        .map_err(|e| Error::io(path, e))?;
    let document = wordml::read_document(&mut package, &ReadOptions::default())?;
    Ok((document, xml))
}

/// `w:tbl` elements that sit inside `mc:Fallback` (duplicates of the Choice we read).
fn tables_in_fallbacks(xml: &str) -> usize {
    let mut count = 0;
    let mut rest = xml;
    while let Some(start) = rest.find("<mc:Fallback") {
        let after = &rest[start..];
        let end = after.find("</mc:Fallback>").unwrap_or(after.len());
        count += after[..end].matches("<w:tbl>").count();
        rest = &after[end..];
    }
    count
}

#[test]
fn every_corpus_file_is_read_or_refused_for_the_right_reason() {
    let mut read_count = 0;
    let mut refused = 0;
    let mut tables = 0;
    let mut problems = Vec::new();
    for entry in manifest() {
        let path = corpus().join(&entry.path);
        let outcome = std::panic::catch_unwind(|| read(&path));
        let Ok(outcome) = outcome else {
            problems.push(format!("{}: PANIC", entry.path));
            continue;
        };
        match (outcome, expected_refusal(&entry.features)) {
            (Ok((document, xml)), None) => {
                read_count += 1;
                tables += document.tables.len();
                // The manifest counts w:tbl elements in the main part.
                let in_main = document
                    .tables
                    .iter()
                    .filter(|t| t.part == document.info.main_part)
                    .count();
                let expected = entry.tables - tables_in_fallbacks(&xml);
                if in_main != expected {
                    problems.push(format!(
                        "{}: {in_main} tables in the main part, manifest {} ({} in fallbacks)",
                        entry.path,
                        entry.tables,
                        entry.tables - expected
                    ));
                }
                let body = document
                    .tables
                    .iter()
                    .filter(|t| t.container == Container::Body)
                    .count();
                assert!(body <= in_main);
            }
            (Ok(_), Some(_)) => problems.push(format!(
                "{}: read, but its features ({}) say it must be refused",
                entry.path, entry.features
            )),
            (Err(err), None) => problems.push(format!("{}: refused: {err}", entry.path)),
            (Err(err), Some(right_kind)) => {
                refused += 1;
                if !right_kind(&err) {
                    problems.push(format!(
                        "{}: wrong refusal for {}: {err:?}",
                        entry.path, entry.features
                    ));
                }
            }
        }
    }
    println!("corpus: {read_count} read ({tables} tables), {refused} refused");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(read_count >= 270, "only {read_count} files read");
}

fn run_binary(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .output()
        .expect("run annex-audit");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

#[test]
fn the_binary_exits_0_or_3_with_one_line() {
    let root = corpus();
    let path = |p: &str| root.join(p).display().to_string();
    for refused in [
        "apache-poi/bug53475-password-is-pass.docx",
        "apache-poi/truncated62886.docx",
        "apache-poi/cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm",
        "_synthetic/zero-byte.docx",
    ] {
        let (code, stdout, stderr) = run_binary(&["tables", &path(refused)]);
        assert_eq!(code, 3, "{refused}: {stderr}");
        assert!(stdout.is_empty(), "{refused}: {stdout}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{refused}: {stderr}");
        assert!(stderr.starts_with("annex-audit: "), "{stderr}");
        // The file is named, once.
        assert_eq!(stderr.matches(&path(refused)).count(), 1, "{stderr}");
    }
    let (code, _, stderr) = run_binary(&["tables", &path("no/such/file.docx")]);
    assert_eq!(code, 3);
    assert!(stderr.contains("no such file"), "{stderr}");
    let (code, _, stderr) = run_binary(&["tables", &path("pandoc")]);
    assert_eq!(code, 3);
    assert!(stderr.contains("directory"), "{stderr}");

    let (code, stdout, stderr) = run_binary(&["tables", "--json", &path("pandoc/tables.docx")]);
    assert_eq!(code, 0, "{stderr}");
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("json");
    let tables = json["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 3);
    assert_eq!(tables[0]["table"], 1);
    assert_eq!(tables[0]["part"], "body");
    assert_eq!(tables[0]["part_name"], "word/document.xml");
    assert_eq!(tables[0]["nested_in"], serde_json::Value::Null);
    assert_eq!(tables[0]["rows"][0][0], "Name");
    assert_eq!(tables[0]["cells"][0][0]["grid_col"], 0);

    let (code, stdout, _) = run_binary(&["tables", &path("docx-rs/table__table_word_online.docx")]);
    assert_eq!(code, 0);
    assert!(stdout.contains("Table 1"), "{stdout}");

    let (code, _, stderr) = run_binary(&["tables", &path("pandoc/7691.docx")]);
    assert_eq!(code, 0);
    assert!(stderr.contains("no table"), "{stderr}");
}

/// The Strict files pandoc 2.17 could not read (no reference JSON): their tables, as verified
/// against the XML (w:tr / w:tc counts, texts).
#[test]
fn strict_files_pandoc_could_not_read() {
    let expected: &[(&str, &[(usize, usize)])] = &[
        ("docx2python/strict.docx", &[(2, 2)]),
        (
            "open-xml-sdk/bottom-Table Cell Bottom Border-val-double.docx.docx",
            &[(2, 2)],
        ),
        (
            "open-xml-sdk/insideH-Table Inside Horizontal Edges Border-val-thinThickThinSmallGap.docx.docx",
            &[(3, 3)],
        ),
        (
            "open-xml-sdk/left-Table Left Border-themeColor-background1.docx.docx",
            &[(2, 2)],
        ),
        (
            "open-xml-sdk/shd-Table Shading-val-pct5.docx.docx",
            &[(2, 2)],
        ),
        ("open-xml-sdk/tblLayout-Table Layout.docx", &[(1, 1)]),
        ("open-xml-sdk/top-Table Top Border-sz-255.docx", &[(2, 2)]),
        // The third table's middle row is deleted by a tracked change.
        ("open-xml-sdk/Strict01.docx", &[(3, 3), (3, 3), (2, 3)]),
        ("pandoc/7691.docx", &[]),
        ("mammoth.js/strict-format.docx", &[]),
    ];
    for (file, shapes) in expected {
        let path = corpus().join(file);
        assert!(
            !corpus().join(format!("reference/{file}.json")).exists(),
            "{file} has a pandoc reference"
        );
        let (document, _) = read(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(document.info.strict, "{file} is Strict");
        println!("{file}:");
        for table in &document.tables {
            println!("  table {} ({})", table.number, table.container.as_str());
            for row in table.texts() {
                println!("    {row:?}");
            }
        }
        let got: Vec<(usize, usize)> = document
            .tables
            .iter()
            .map(|t| (t.rows.len(), t.grid_cols))
            .collect();
        assert_eq!(got, *shapes, "{file}");
    }
    let (strict, _) = read(&corpus().join("docx2python/strict.docx")).expect("read");
    assert_eq!(
        strict.tables[0].texts(),
        [["Cellaa", "Cellab"], ["Cellba", "Cellbb"]]
    );
    let (strict01, _) = read(&corpus().join("open-xml-sdk/Strict01.docx")).expect("read");
    assert_eq!(strict01.tables[0].texts()[1], ["100", "200", "300"]);
    assert_eq!(strict01.tables[2].texts()[1], ["400", "500", "600"]);
    assert_eq!(strict01.tables[2].anomalies.len(), 1);
}

/// A table the reader hands out as the end of its chain (`may_be_continued` false when it is
/// yielded) is never continued by a later one: the auditor audits its chain at once on that
/// word, and a continuation arriving afterwards would be audited apart from it.
#[test]
fn a_table_handed_out_as_the_end_of_its_chain_is_never_continued() {
    let (mut checked, mut open, mut continued) = (0, 0, 0);
    let mut problems = Vec::new();
    for entry in manifest() {
        if expected_refusal(&entry.features).is_some() {
            continue;
        }
        let path = corpus().join(&entry.path);
        let Ok(mut package) = Package::open(&path, &Limits::default()) else {
            continue;
        };
        let Ok(mut stream) = wordml::tables(&mut package, &ReadOptions::default()) else {
            continue;
        };
        let mut ended = std::collections::BTreeSet::new();
        while let Some(Ok(table)) = stream.next() {
            checked += 1;
            if let Some(earlier) = table.continues {
                continued += 1;
                if ended.contains(&earlier) {
                    problems.push(format!(
                        "{}: table {} continues table {earlier}, handed out as the end of its chain",
                        entry.path, table.number
                    ));
                }
            }
            if stream.may_be_continued(table.number) {
                open += 1;
            } else {
                ended.insert(table.number);
            }
        }
    }
    println!("{checked} tables: {open} handed out open to a continuation, {continued} continued");
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(
        continued > 0 && open >= continued,
        "{continued} continued, {open} open"
    );
}
