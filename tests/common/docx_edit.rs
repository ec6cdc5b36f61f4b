//! Editing a .docx as an office would between drafts: one text replaced in the main part.

#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;

/// Copies a .docx replacing `from` by `to` in its main part (which must hold `from` once).
pub fn edit_docx(src: &Path, dst: &Path, from: &str, to: &str) {
    edit_docx_all(src, dst, &[(from, to)]);
}

/// Copies a .docx making every replacement in its main part (each `from` must occur once).
pub fn edit_docx_all(src: &Path, dst: &Path, edits: &[(&str, &str)]) {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(src).expect("open")).expect("zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(dst).expect("create"));
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).expect("entry");
        let name = entry.name().expect("a name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        if name == "word/document.xml" {
            let mut text = String::from_utf8(bytes).expect("utf-8");
            for (from, to) in edits {
                assert_eq!(text.matches(from).count(), 1, "{from} once in the document");
                text = text.replace(from, to);
            }
            bytes = text.into_bytes();
        }
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        writer.start_file(name, options).expect("start");
        writer.write_all(&bytes).expect("write");
    }
    writer.finish().expect("finish");
}
