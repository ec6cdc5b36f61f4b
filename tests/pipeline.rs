//! The library's two ways through one file (`audit_path`, `audit_streaming` with and without
//! the reader thread) reach the same audit.

use crate::common;

use annex_audit::audit::Lang;
use annex_audit::pipeline::{AuditSettings, audit_path, audit_streaming};
use annex_audit::report::StreamOptions;
use common::sample;

fn assert_same_audit(path: &std::path::Path) {
    let settings = AuditSettings::default();
    let whole = audit_path(path, &settings).expect("audited");
    for threaded in [false, true] {
        let streamed =
            audit_streaming(path, &settings, StreamOptions::default(), threaded).expect("audited");
        assert_eq!(streamed.sha256, whole.sha256);
        assert_eq!(streamed.bytes, whole.bytes);
        assert_eq!(streamed.title, whole.title);
        assert_eq!(streamed.rendered.lang, whole.report.lang);
        assert_eq!(streamed.rendered.summary, whole.report.summary);
        assert_eq!(streamed.rendered.findings, whole.report.findings);
    }
}

#[test]
fn both_ways_through_agree_on_the_samples() {
    for name in ["ordos-2020-annex.docx", "ordos-2020-annex-with-errors.docx"] {
        assert_same_audit(&sample(name));
    }
}

#[test]
fn without_tables_the_language_follows_the_title_either_way() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = common::write(dir.path(), "prose.docx", &common::prose_docx());
    assert_same_audit(&input);
    let whole = audit_path(&input, &AuditSettings::default()).expect("audited");
    assert_eq!(whole.report.summary.tables, 0);
    assert_eq!(whole.report.lang, Lang::Zh);
}
