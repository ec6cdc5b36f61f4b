//! Helpers shared by the end-to-end tests: running the binary, and writing small .docx files
//! from raw WordprocessingML.

#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The sample annexes' published content (the same constants the sample generator uses).
pub(crate) use crate::data;
/// Editing a .docx between drafts, for the review and diff tests.
pub mod docx_edit;

/// The crate's root directory.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A file under `samples/`.
pub fn sample(name: &str) -> PathBuf {
    root().join("samples").join(name)
}

/// Runs the binary with `args`, in the C locale: what comes before a document is read (usage,
/// input errors, `templates`) follows the locale, and the tests expect English there.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .output()
        .expect("the binary runs")
}

/// Runs the binary and parses its stdout as JSON.
pub fn run_json(args: &[&str]) -> (Output, serde_json::Value) {
    let out = run(args);
    let value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out, value)
}

/// Escapes text for XML.
pub fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A paragraph of plain text.
pub fn paragraph(text: &str) -> String {
    format!(
        r#"<w:p><w:r><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
        escape(text)
    )
}

/// A table cell with optional `tcPr` content; `\n` in the text separates paragraphs.
pub fn cell(text: &str, tc_pr: &str) -> String {
    let paragraphs: String = text.split('\n').map(paragraph).collect();
    format!("<w:tc><w:tcPr>{tc_pr}</w:tcPr>{paragraphs}</w:tc>")
}

/// A table of rows given as already-built `<w:tr>` strings.
pub fn table(grid_cols: usize, rows: &[String]) -> String {
    let grid: String = (0..grid_cols)
        .map(|_| r#"<w:gridCol w:w="1000"/>"#)
        .collect();
    format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{}</w:tbl>"#,
        rows.concat()
    )
}

/// A row of simple cells.
pub fn row(cells: &[&str]) -> String {
    format!(
        "<w:tr>{}</w:tr>",
        cells.iter().map(|c| cell(c, "")).collect::<String>()
    )
}

/// A minimal .docx whose body is `body` (paragraphs and tables).
pub fn docx(body: &str) -> Vec<u8> {
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let parts = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#
                .to_string(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#
                .to_string(),
        ),
        ("word/document.xml", document),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in parts {
        zip.start_file(name, options).expect("zip entry");
        zip.write_all(text.as_bytes()).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A Chinese document of two paragraphs and no table.
pub fn prose_docx() -> Vec<u8> {
    docx(&format!(
        "{}{}",
        paragraph("关于2020年评估结果的通报"),
        paragraph("正文。")
    ))
}

/// Writes `bytes` to `dir/name` and returns the path.
pub fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write fixture");
    path
}

/// The annex rebuilt with a two-row header: 排名, 名称 and 总分 merged vertically, 评估指标
/// spanning the seven indicator columns, as many annexes publish it.
pub fn two_row_header_annex() -> Vec<u8> {
    let mut body = String::new();
    for section in data::SECTIONS.iter() {
        body.push_str(&paragraph(section.heading));
        let restart = r#"<w:vMerge w:val="restart"/>"#;
        let cont = "<w:vMerge/>";
        let mut first = String::from("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        first.push_str(&cell(section.header[0], restart));
        first.push_str(&cell(section.header[1], restart));
        first.push_str(&cell("评估指标", r#"<w:gridSpan w:val="7"/>"#));
        first.push_str(&cell(section.header[9], restart));
        first.push_str("</w:tr>");
        let mut second = String::from("<w:tr><w:trPr><w:tblHeader/></w:trPr>");
        second.push_str(&cell("", cont));
        second.push_str(&cell("", cont));
        for label in &section.header[2..9] {
            second.push_str(&cell(label, ""));
        }
        second.push_str(&cell("", cont));
        second.push_str("</w:tr>");
        let mut rows = vec![first, second];
        rows.extend(section.rows.iter().map(|r| row(r)));
        body.push_str(&table(data::COLUMNS, &rows));
        if let Some(note) = section.note {
            body.push_str(&paragraph(note));
        }
    }
    docx(&body)
}
