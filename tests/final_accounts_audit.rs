//! Issue 18 through the binary: the final-accounts samples' figures compared between tables
//! and against the text. The clean sample gives nothing above a notice; the one with errors
//! gives each planted error (samples/README.md) once: F1 as two `crosscheck` errors, F2 as the
//! `sum` error of the two-sided table, F3 and F4 as one `text` error each. The JSON lists the
//! relations (`crosschecks`) and the workbook has the 文表核对 sheet.

use crate::common;

use calamine::{Data, Reader};
use common::{run, sample};
use serde_json::Value;

struct Audited {
    json: Value,
    sheets: Vec<String>,
    text_sheet: Vec<Vec<String>>,
    terminal: String,
}

fn audit(name: &str, extra: &[&str]) -> Audited {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let json_path = dir.path().join("out.json");
    let xlsx_path = dir.path().join("out.xlsx");
    let input = sample(name);
    let mut args = vec![
        "audit",
        input.to_str().expect("a UTF-8 path"),
        "--json",
        json_path.to_str().expect("a UTF-8 path"),
        "-o",
        xlsx_path.to_str().expect("a UTF-8 path"),
    ];
    args.extend_from_slice(extra);
    let out = run(&args);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(&json_path).expect("the JSON is written"))
            .expect("the JSON parses");
    let mut book = calamine::open_workbook_auto(&xlsx_path).expect("a workbook");
    let sheets = book.sheet_names();
    let text_name = sheets
        .iter()
        .find(|s| *s == "文表核对" || *s == "Text vs tables")
        .cloned();
    let text_sheet = text_name
        .map(|n| {
            let range = book.worksheet_range(&n).expect("the sheet reads");
            range
                .rows()
                .map(|r| {
                    r.iter()
                        .map(|c| match c {
                            Data::Empty => String::new(),
                            other => other.to_string(),
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    Audited {
        json,
        sheets,
        text_sheet,
        terminal: String::from_utf8_lossy(&out.stdout).into_owned(),
    }
}

/// (check, severity, table, cell) of every finding, in the report's order.
fn findings(json: &Value) -> Vec<(String, String, u64, String)> {
    json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap_or_default().to_string(),
                f["severity"].as_str().unwrap_or_default().to_string(),
                f["table"].as_u64().unwrap_or_default(),
                f["cell"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn the_clean_final_accounts_sample_gives_nothing_above_a_notice() {
    let audited = audit("final-accounts-2025.docx", &[]);
    let above_notice: Vec<_> = findings(&audited.json)
        .into_iter()
        .filter(|(_, severity, _, _)| severity != "notice")
        .collect();
    assert_eq!(above_notice, Vec::new());
    let crosschecks = audited.json["crosschecks"].as_array().expect("crosschecks");
    assert_eq!(crosschecks.len(), 23);
    assert!(crosschecks.iter().all(|r| r["consistent"] == true));
    let summary = &audited.json["summary"];
    assert_eq!(summary["relations_by_kind"]["crosscheck"], 6);
    assert_eq!(summary["relations_by_kind"]["text"], 17);
    assert_eq!(summary["inconsistent"], 0);
    // Each relation and each figure left unchecked has its row, under the headings.
    assert!(audited.sheets.iter().any(|s| s == "文表核对"));
    assert_eq!(audited.text_sheet.len(), 1 + 23 + 2);
    assert!(audited.text_sheet[1..24].iter().all(|r| r[7] == "一致"));
    assert!(!audited.terminal.contains("表间与文表核对"));
}

#[test]
fn the_final_accounts_sample_with_errors_gives_each_planted_error_once() {
    let audited = audit("final-accounts-2025-with-errors.docx", &[]);
    let seen = findings(&audited.json);
    let row = |check: &str, table: u64, cell: &str| {
        (
            check.to_string(),
            "error".to_string(),
            table,
            cell.to_string(),
        )
    };
    assert_eq!(
        seen,
        [
            // F2: the two-sided summary table's left side no longer adds up; 收入总计 still
            // equals 支出总计, so the part with two transposed digits is the cause.
            row("sum", 1, "'附表1 收入支出决算总表'!B13"),
            // F1: two classes differ between the summary and the 支出决算表 by opposite
            // amounts: one misfiled amount, one finding (the other row its consequence).
            row("crosscheck", 1, "'附表1 收入支出决算总表'!D4"),
            // F3: the share of 基本支出 on the wrong base.
            row("text", 2, "'附表2 支出决算表'!D4"),
            // F4: the rate of the “三公” expenditure on the wrong base.
            row("text", 3, "'附表3 “三公”经费支出决算表'!C3"),
        ]
    );
    let field = |name: &str| -> Vec<&str> {
        audited.json["findings"]
            .as_array()
            .expect("findings")
            .iter()
            .map(|f| f[name].as_str().unwrap_or_default())
            .collect()
    };
    let messages = field("message");
    assert!(messages[1].contains("505.35") && messages[1].contains("442.50"));
    assert!(messages[1].contains("71.30") && messages[1].contains("134.15"));
    assert!(messages[2].contains("第6段") && messages[2].contains("76.32%"));
    assert!(messages[3].contains("6.41%") && messages[3].contains("6.02%"));
    // Each planted slip is named: F2's transposed part, F1's heading, F3's and F4's bases.
    assert_eq!(
        field("explanation"),
        [
            "两位数字颠倒：1,364.15 应为 1,346.15",
            "记错科目：62.85 应记入“三、卫生健康支出”，却记入了“二、社会保障和就业支出”",
            "分母用错：按“收入总计”或“支出总计”的 5,212.80 计算正是 59.56%，应以“本年支出合计”4,067.80 为分母",
            "基数用错：以决算数 131.10 为基数计算正是 6.41%，增减率应以预算数 139.50 为基数",
        ]
    );
    let consequences = audited.json["findings"][1]["consequences"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(consequences, 1);
    // Each correction written like the figure it corrects.
    assert_eq!(field("expected"), ["1,346.15", "442.50", "76.32%", "6.02%"]);
    let inconsistent: Vec<&str> = audited.json["crosschecks"]
        .as_array()
        .expect("crosschecks")
        .iter()
        .filter(|r| r["consistent"] == false)
        .map(|r| r["kind"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(
        inconsistent,
        [
            "table_equality",
            "table_equality",
            "text_share",
            "text_rate"
        ]
    );
    let unmatched: Vec<&str> = audited.json["unmatched_figures"]
        .as_array()
        .expect("unmatched_figures")
        .iter()
        .map(|u| u["quoted"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(unmatched, ["312.60万元", "6.38%"]);
    let wrong: Vec<&Vec<String>> = audited
        .text_sheet
        .iter()
        .filter(|r| r.get(7).is_some_and(|s| s == "不一致"))
        .collect();
    assert_eq!(wrong.len(), 4);
    assert!(audited.terminal.contains("表间与文表核对"));
    assert_eq!(audited.json["summary"]["error"], 4);
}

#[test]
fn in_english_the_sheet_and_the_block_are_named_in_english() {
    let audited = audit("final-accounts-2025-with-errors.docx", &["--lang", "en"]);
    assert!(audited.sheets.iter().any(|s| s == "Text vs tables"));
    assert!(
        audited
            .terminal
            .contains("Between tables and against the text")
    );
    assert_eq!(audited.json["summary"]["error"], 4);
}

#[test]
fn the_ordos_samples_have_no_text_sheet_and_no_crosschecks() {
    for name in ["ordos-2020-annex.docx", "ordos-2020-annex-with-errors.docx"] {
        let audited = audit(name, &[]);
        assert!(!audited.sheets.iter().any(|s| s == "文表核对"), "{name}");
        assert!(audited.json.get("crosschecks").is_none(), "{name}");
    }
}

/// The whole report (`audit_path`) and the streamed one give the same JSON: the document-level
/// findings and relations, which arrive after the last table, are in both.
#[test]
fn the_streamed_json_is_the_whole_reports() {
    use annex_audit::pipeline::{AuditSettings, audit_path, audit_streaming};
    use annex_audit::report::{Json, Layout, Report, StreamOptions};

    let path = sample("final-accounts-2025-with-errors.docx");
    let settings = AuditSettings::default();
    let file = audit_path(&path, &settings).expect("audited");
    assert_eq!(file.report.document.findings().count(), 4);
    let layout = Layout::new(&file.report);
    let mut whole = Vec::new();
    Json.render(&file, &layout, &mut whole).expect("rendered");
    let options = StreamOptions {
        json: true,
        ..StreamOptions::default()
    };
    let streamed = audit_streaming(&path, &settings, options, true).expect("streamed");
    let mut json = streamed.rendered.json.expect("the JSON");
    let streamed_bytes = json.to_bytes().expect("the JSON bytes");
    let parse = |bytes: &[u8]| {
        let mut value: Value = serde_json::from_slice(bytes).expect("JSON");
        value["audited_at"] = Value::Null;
        value
    };
    assert_eq!(parse(&whole), parse(&streamed_bytes));
}
