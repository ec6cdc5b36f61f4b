//! Bytes as a whole .docx: package, every table of every part, the audit and its reports.

#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "../harness.rs"]
mod harness;

fuzz_target!(|data: &[u8]| {
    harness::audit_docx(data);
});
