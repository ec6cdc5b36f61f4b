//! Bytes as word/document.xml, styles.xml, numbering.xml and a header, separated by
//! `harness::SEPARATOR`, inside a valid package: the document's references to styles and
//! numbering are fuzzed together with the definitions they reach.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::audit_docx(&harness::docx_from_parts(data));
});
