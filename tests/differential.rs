//! Differential test against pandoc 2.17's reading of the corpus (`../shared/corpus/reference`).
//!
//! Per reference table, the non-empty cell texts in document order are compared with ours (body
//! tables in number order; our vertical-merge continuation cells dropped, since pandoc writes a
//! rowspan instead). Both sides are normalised the same way: whitespace collapsed, and the
//! invisible soft hyphen U+00AD removed (pandoc keeps `w:softHyphen` as U+00AD, we drop it).
//! Our side is read with `numbering_labels: false`, pandoc's convention (it renders numbered
//! paragraphs as HTML lists without their labels); the labels themselves are tested in the
//! unit tests and in `numbering_labels_are_in_the_text` below.
//!
//! Every remaining disagreement must be listed in `EXPLAINED` with its reason, and each reason
//! is checked against the file's XML; a disagreement not listed, or a listed one that no longer
//! disagrees, fails the test.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};

use annex_audit::package::{Limits, Package};
use annex_audit::wordml::{self, Container, ReadOptions, VMerge};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// Why pandoc and the reader legitimately differ on a table.
#[derive(Debug, Clone, Copy)]
enum Reason {
    /// pandoc renders a footnote/endnote reference as its number inside the cell text ("cell1");
    /// the reader keeps reference marks out of the text (a "94.20" with a note is not 94.201).
    NoteReferenceMark,
    /// pandoc numbers a note reference whose mark is custom (`w:customMarkFollows`): the reader
    /// shows the custom mark ("*"), which is what Word displays.
    CustomNoteMark,
    /// pandoc renders Office Math as TeX; the reader keeps the math runs' plain text.
    MathAsTex,
}

impl Reason {
    /// What the document XML must contain for the reason to hold.
    fn evidence(self) -> &'static [&'static str] {
        match self {
            Reason::NoteReferenceMark => &["footnoteReference", "endnoteReference"],
            Reason::CustomNoteMark => &["customMarkFollows"],
            Reason::MathAsTex => &["oMath"],
        }
    }
}

/// (file, 1-based reference table, reason).
const EXPLAINED: &[(&str, usize, Reason)] = &[
    ("open-xml-sdk/TableEdn.docx", 1, Reason::NoteReferenceMark),
    ("open-xml-sdk/TableFnt.docx", 1, Reason::NoteReferenceMark),
    (
        "open-xml-sdk/TableFntEdnt.docx",
        1,
        Reason::NoteReferenceMark,
    ),
    (
        "apache-poi/table_footnotes.docx",
        1,
        Reason::NoteReferenceMark,
    ),
    (
        "apache-poi/form_footnotes.docx",
        1,
        Reason::NoteReferenceMark,
    ),
    ("apache-poi/bug65649.docx", 15, Reason::NoteReferenceMark),
    ("apache-poi/stress011.docx", 1, Reason::CustomNoteMark),
    ("docling/table_with_equations.docx", 1, Reason::MathAsTex),
];

fn normalise(text: &str) -> String {
    text.replace('\u{AD}', "")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn reference_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![corpus().join("reference")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("reference dir") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "json") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn main_document_xml(path: &Path) -> String {
    let mut package = Package::open(path, &Limits::default()).expect("open");
    let main = package.main_part().to_string();
    let mut text = String::new();
    package
        .open_part(&main)
        .expect("main part")
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

#[test]
fn body_tables_agree_with_pandoc() {
    let options = ReadOptions {
        numbering_labels: false,
        ..ReadOptions::default()
    };
    let mut total = 0usize;
    let mut agreeing = 0usize;
    let mut disagreements: Vec<(String, usize, String)> = Vec::new();
    for reference_path in reference_files() {
        let json: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&reference_path).expect("read"))
                .expect("reference json");
        let source = json["source"].as_str().expect("source").to_string();
        let reference_tables = json["tables"].as_array().expect("tables");
        let mut package = Package::open(corpus().join(&source), &Limits::default())
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let document = wordml::read_document(&mut package, &options)
            .unwrap_or_else(|e| panic!("{source}: {e}"));
        let ours: Vec<Vec<String>> = document
            .tables
            .iter()
            .filter(|t| t.container == Container::Body)
            .map(|t| {
                t.rows
                    .iter()
                    .flat_map(|r| r.cells.iter())
                    .filter(|c| c.v_merge != VMerge::Continue)
                    .map(|c| normalise(&c.text))
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .collect();
        for (index, table) in reference_tables.iter().enumerate() {
            total += 1;
            let theirs: Vec<String> = table
                .as_array()
                .expect("rows")
                .iter()
                .flat_map(|row| row.as_array().expect("cells").iter())
                .map(|cell| normalise(cell.as_str().expect("text")))
                .filter(|t| !t.is_empty())
                .collect();
            match ours.get(index) {
                Some(mine) if *mine == theirs => agreeing += 1,
                Some(mine) => {
                    let first = mine
                        .iter()
                        .zip(theirs.iter())
                        .find(|(a, b)| a != b)
                        .map(|(a, b)| format!("ours {a:?} / pandoc {b:?}"))
                        .unwrap_or_else(|| {
                            format!("{} cells / pandoc {}", mine.len(), theirs.len())
                        });
                    disagreements.push((source.clone(), index + 1, first));
                }
                None => disagreements.push((source.clone(), index + 1, "missing".into())),
            }
        }
        if ours.len() > reference_tables.len() {
            disagreements.push((
                source.clone(),
                0,
                format!(
                    "{} body tables, pandoc {}",
                    ours.len(),
                    reference_tables.len()
                ),
            ));
        }
    }
    let share = agreeing as f64 / total as f64;
    println!(
        "agreement with pandoc: {agreeing} / {total} reference tables = {:.2} %",
        share * 100.0
    );
    for (file, table, what) in &disagreements {
        let explained = EXPLAINED
            .iter()
            .find(|(f, t, _)| f == file && t == table)
            .map(|(_, _, r)| format!("{r:?}"))
            .unwrap_or_else(|| "NOT EXPLAINED".into());
        let what: String = what.chars().take(160).collect();
        println!("  {file} table {table}: {explained}: {what}");
    }

    let found: BTreeSet<(String, usize)> = disagreements
        .iter()
        .map(|(f, t, _)| (f.clone(), *t))
        .collect();
    let listed: BTreeSet<(String, usize)> = EXPLAINED
        .iter()
        .map(|(f, t, _)| (f.to_string(), *t))
        .collect();
    let unexplained: Vec<_> = found.difference(&listed).collect();
    let stale: Vec<_> = listed.difference(&found).collect();
    assert!(
        unexplained.is_empty(),
        "unexplained disagreements: {unexplained:?}"
    );
    assert!(
        stale.is_empty(),
        "explained but no longer disagreeing: {stale:?}"
    );
    assert!(share >= 0.98, "agreement {share:.4} is below 98 %");

    // Each reason is checked against the document's XML.
    for (file, _, reason) in EXPLAINED {
        let xml = main_document_xml(&corpus().join(file));
        assert!(
            reason.evidence().iter().any(|needle| xml.contains(needle)),
            "{file}: no evidence of {reason:?} in the main document"
        );
    }
}

/// The labels pandoc leaves out are in our default reading.
#[test]
fn numbering_labels_are_in_the_text() {
    let document = wordml::read_path(
        corpus().join("pandoc/table_with_list_cell.docx"),
        &Limits::default(),
    )
    .expect("read");
    let cells: Vec<&str> = document.tables[0]
        .rows
        .iter()
        .flat_map(|r| r.cells.iter().map(|c| c.text.as_str()))
        .collect();
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with("1. Cell with\n2. A\n3. Numbered")),
        "{cells:?}"
    );
}
