//! Replays the inputs kept under `tests/fixtures/fuzz/<target>/` through exactly the code the
//! fuzz targets run (`fuzz/harness.rs`): each must be read or refused with a one-line message,
//! never panic. A crash the fuzzer finds is minimised (`cargo +nightly fuzz tmin`), fixed, and
//! its input added here under the target's name.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn inputs(target: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/fuzz")
        .join(target);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries.map(|e| e.expect("entry").path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

/// Runs every input of `target` through `build` and the harness; returns how many ran.
fn replay(target: &str, build: fn(&[u8]) -> Vec<u8>) -> usize {
    let files = inputs(target);
    for path in &files {
        let bytes = std::fs::read(path).expect("input");
        let package = build(&bytes);
        let outcome = std::panic::catch_unwind(|| harness::audit_docx(&package));
        assert!(outcome.is_ok(), "{} panics", path.display());
    }
    files.len()
}

#[test]
fn docx_inputs() {
    assert!(
        replay("docx", |b| b.to_vec()) > 0,
        "the docx inputs are missing"
    );
}

#[test]
fn document_xml_inputs() {
    let n = replay("document_xml", harness::docx_with_document);
    assert!(n > 0, "the document_xml inputs are missing");
}

#[test]
fn parts_inputs() {
    assert!(
        replay("parts", harness::docx_from_parts) > 0,
        "the parts inputs are missing"
    );
}

/// The harness itself: a package built from parts reads, and a refusal is one line.
#[test]
fn the_harness_reads_what_it_builds() {
    let document = br#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:tbl><w:tr><w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
    assert_eq!(
        harness::audit_docx(&harness::docx_with_document(document)),
        None
    );
    let mut parts = document.to_vec();
    parts.extend(harness::SEPARATOR);
    parts.extend(harness::SEPARATOR);
    parts.extend(b"<w:numbering");
    let refused = harness::audit_docx(&harness::docx_from_parts(&parts)).expect("refused");
    assert!(refused.contains("word/numbering.xml"), "{refused}");
    let refused = harness::audit_docx(b"PK\x03\x04").expect("refused");
    assert!(refused.contains("truncated or corrupt"), "{refused}");
}
