#![allow(dead_code)]

//! What the fuzz targets run, shared with `tests/fuzz_regressions.rs` (which includes this file
//! with `#[path]`), so that a crash found by the fuzzer is replayed by exactly the same code.
//!
//! Any input must end in `Ok` or in an error whose message is one line; never a panic, an
//! abort, a hang or unbounded memory.

use std::io::{Cursor, Write};
use std::path::PathBuf;

use annex_audit::annex::Template;
use annex_audit::audit::{Auditor, Selection};
use annex_audit::package::{Limits, Package};
use annex_audit::report::{AuditedFile, Json, Layout, Report, Terminal};
use annex_audit::wordml::{self, ReadOptions};

/// Reads `bytes` as a whole .docx: every table of every part, audited, and the reports
/// rendered. Returns the error's message when the input is refused.
pub fn audit_docx(bytes: &[u8]) -> Option<String> {
    let outcome = audit(bytes);
    if let Err(message) = &outcome {
        assert!(
            !message.contains('\n') && !message.contains('\r'),
            "an error message spans several lines: {message:?}"
        );
    }
    outcome.err()
}

fn audit(bytes: &[u8]) -> Result<(), String> {
    let limits = Limits::default();
    let mut package = Package::from_bytes(bytes.to_vec(), &limits).map_err(|e| e.to_string())?;
    let mut auditor = Auditor::new(
        Template::default_template(),
        None,
        Selection {
            bookmark: None,
            all_parts: true,
        },
    );
    let mut stream =
        wordml::tables(&mut package, &ReadOptions::default()).map_err(|e| e.to_string())?;
    let mut outcome = Ok(());
    let mut first = true;
    while let Some(table) = stream.next() {
        match table {
            Ok(table) => {
                if first {
                    if let Some(title) = &stream.info().title {
                        auditor.detect_language(title);
                    }
                    first = false;
                }
                auditor.push(table);
            }
            Err(err) => {
                outcome = Err(err.to_string());
                break;
            }
        }
    }
    let info = stream.into_info();
    // The audit and the reports run on whatever was read, even after an error.
    let file = AuditedFile {
        path: PathBuf::from("fuzz.docx"),
        sha256: String::new(),
        bytes: bytes.len() as u64,
        title: info.title,
        audited_at: String::new(),
        report: auditor.finish(),
    };
    let layout = Layout::new(&file.report);
    let _ = Json.render(&file, &layout, &mut std::io::sink());
    let terminal = Terminal {
        color: true,
        quiet: false,
        verbose: true,
        // Wrapping exercised too: any document text must wrap without a panic.
        width: Some(80),
    };
    let _ = terminal.render(&file, &layout, &mut std::io::sink());
    outcome
}

/// A valid package around `document` (as word/document.xml), with styles, numbering, a header
/// and core properties, so that the document's references to them lead somewhere.
pub fn docx_with_document(document: &[u8]) -> Vec<u8> {
    let parts: [(&str, &[u8]); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        ("word/document.xml", document),
        ("word/styles.xml", STYLES.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
        ("word/header1.xml", HEADER.as_bytes()),
    ];
    zip_stored(&parts)
}

/// The separator between the parts of a `parts` input.
pub const SEPARATOR: &[u8] = b"\n--part--\n";

/// A valid package from `document ‖ SEPARATOR ‖ styles ‖ SEPARATOR ‖ numbering ‖ SEPARATOR ‖
/// header` (missing parts are empty; an empty styles or numbering part is left out), so that
/// the parts the document refers to are fuzzed along with it.
pub fn docx_from_parts(data: &[u8]) -> Vec<u8> {
    let mut pieces = split(data, SEPARATOR).into_iter();
    let document = pieces.next().unwrap_or_default();
    let styles = pieces.next().unwrap_or_default();
    let numbering = pieces.next().unwrap_or_default();
    let header = pieces.next().unwrap_or_default();
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.as_bytes()),
        ("word/document.xml", document),
    ];
    for (name, bytes) in [
        ("word/styles.xml", styles),
        ("word/numbering.xml", numbering),
        ("word/header1.xml", header),
    ] {
        if !bytes.is_empty() {
            parts.push((name, bytes));
        }
    }
    zip_stored(&parts)
}

fn split<'a>(mut data: &'a [u8], separator: &[u8]) -> Vec<&'a [u8]> {
    let mut pieces = Vec::new();
    while let Some(at) = data.windows(separator.len()).position(|w| w == separator) {
        let (piece, rest) = data.split_at(at);
        pieces.push(piece);
        data = rest.get(separator.len()..).unwrap_or_default();
    }
    pieces.push(data);
    pieces
}

fn zip_stored(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let stored =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, bytes) in parts {
        zip.start_file(*name, stored).expect("in-memory zip");
        zip.write_all(bytes).expect("in-memory zip");
    }
    zip.finish().expect("in-memory zip").into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:rPr><w:sz w:val="21"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Caption"><w:name w:val="caption"/><w:basedOn w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="List"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style><w:style w:type="character" w:styleId="Hidden"><w:name w:val="Hidden"/><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/></w:style></w:styles>"#;

const NUMBERING: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl><w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%2、"/></w:lvl><w:lvl w:ilvl="2"><w:start w:val="3"/><w:numFmt w:val="lowerRoman"/><w:lvlText w:val="(%1.%2.%3)"/></w:lvl></w:abstractNum><w:abstractNum w:abstractNumId="1"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="7"/></w:lvlOverride></w:num></w:numbering>"#;

const HEADER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:tbl><w:tr><w:tc><w:p><w:r><w:t>页眉</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:hdr>"#;
