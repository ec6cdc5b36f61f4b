//! Bytes as word/document.xml inside a valid package (with styles, numbering and a header).

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::audit_docx(&harness::docx_with_document(data));
});
