//! Report tests on the real annex's figures with the planted errors.

use super::*;
use crate::annex::Template;
use crate::audit::{Lang, Selection, audit_tables};

/// An audited file built from the seed's tables with the samples' planted errors.
pub(crate) fn audited_with_errors(lang: Option<Lang>) -> AuditedFile {
    let report = audit_tables(
        crate::audit::tests::tables_with_planted_errors(),
        &Template::default_template(),
        lang,
        &Selection::default(),
    );
    AuditedFile {
        path: "samples/ordos-2020-annex-with-errors.docx".into(),
        sha256: "0".repeat(64),
        bytes: 1,
        title: Some("2020年度全市政务公开、政府网站、政务新媒体绩效 评估结果".into()),
        audited_at: "2026-11-26T00:00:00Z".into(),
        report,
    }
}

/// An audited file built from the seed's tables as published (no planted error).
pub(crate) fn audited_clean(lang: Option<Lang>) -> AuditedFile {
    let report = audit_tables(
        crate::annex::tests::seed_tables(),
        &Template::default_template(),
        lang,
        &Selection::default(),
    );
    AuditedFile {
        path: "samples/ordos-2020-annex.docx".into(),
        report,
        ..audited_with_errors(lang)
    }
}

#[test]
fn json_has_the_contract_shape_and_names_cells_like_the_workbook() {
    let file = audited_with_errors(None);
    let layout = Layout::new(&file.report);
    let v = json_value(&file, &layout);
    assert_eq!(v["tool"]["name"], "annex-audit");
    assert_eq!(v["file"]["sha256"], "0".repeat(64));
    assert_eq!(v["tables"][0]["kind"], "score");
    assert_eq!(v["tables"][0]["title"], "一、各旗区人民政府");
    assert_eq!(v["tables"][1]["rows"], 33);
    assert_eq!(v["summary"]["rows"], 45);
    let e1 = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["table"] == 2 && f["row"] == 13)
        .expect("E1");
    assert_eq!(e1["check"], "total");
    assert_eq!(e1["severity"], "error");
    assert_eq!(e1["name"], "公安局");
    assert_eq!(e1["column"], "总分（110分）");
    assert_eq!(e1["cell"], "'市人民政府组成部门'!J15");
    assert_eq!(e1["published"], "91.71");
    assert_eq!(e1["expected"], "91.70");
    assert_eq!(e1["delta"], "0.01");
    for key in ["rule", "explanation", "message"] {
        assert!(e1[key].is_string(), "{key}");
    }
}

#[test]
fn json_summary_has_the_contract_members() {
    let file = audited_with_errors(None);
    let v = json_value(&file, &Layout::new(&file.report));
    let summary = v["summary"].as_object().expect("summary");
    let keys: Vec<&str> = summary.keys().map(String::as_str).collect();
    let mut expected = vec![
        "tables",
        "score_tables",
        "rows",
        "totals_checked",
        "consistent",
        "inconsistent",
        "skipped",
        "critical",
        "error",
        "warning",
        "notice",
        "causes",
        "consequences",
        "structured_tables",
        "relations_by_kind",
    ];
    expected.sort_unstable();
    assert_eq!(keys, expected);
    let s = &file.report.summary;
    assert_eq!(summary["tables"], s.tables);
    assert_eq!(summary["score_tables"], s.score_tables);
    assert_eq!(summary["totals_checked"], s.totals_checked);
    assert_eq!(summary["warning"], s.warning);
}

#[test]
fn terminal_report_starts_with_the_coverage_line_and_aligns_cjk() {
    let file = audited_with_errors(Some(Lang::En));
    let layout = Layout::new(&file.report);
    let lines = Terminal::default().lines(&file, &layout);
    assert!(lines[0].contains("45 rows"), "{}", lines[0]);
    assert!(
        lines[0].contains("44: 39 consistent, 5 inconsistent, 1 not checked"),
        "{}",
        lines[0]
    );
    // The cell references of one table start at the same display column.
    let cells: Vec<usize> = lines
        .iter()
        .filter(|l| l.contains("'市人民政府组成部门'!"))
        .map(|l| {
            let at = l.find('\'').unwrap_or(0);
            unicode_width::UnicodeWidthStr::width(&l[..at])
        })
        .collect();
    assert!(cells.len() > 3, "{lines:#?}");
    assert!(
        cells.windows(2).all(|w| w[0] == w[1]),
        "{cells:?}\n{lines:#?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("row 33 商务局: total not checked"))
    );
    let quiet = Terminal {
        quiet: true,
        ..Terminal::default()
    }
    .lines(&file, &layout);
    assert_eq!(quiet.len(), 1);
}
