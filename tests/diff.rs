//! `annex-audit diff` end to end: the two samples differ by exactly the ten planted errors
//! (samples/README.md, E1–E10), each with its effect; identical versions (and a LibreOffice
//! re-save) exit 0; an unreadable input exits 3; tables and rows are matched as documented.

use crate::common;

use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

use serde_json::Value;

use common::docx_edit::edit_docx_all;
use common::{root, run, run_json, sample};

fn diff_json(old: &Path, new: &Path) -> (Option<i32>, Value) {
    let (out, value) = run_json(&[
        "diff",
        old.to_str().expect("utf-8"),
        new.to_str().expect("utf-8"),
        "--json",
        "-",
    ]);
    (out.status.code(), value)
}

/// Every changed cell: (table, row, name, column, old, new, effects).
fn changes(v: &Value) -> BTreeSet<(u64, u64, String, String, String, String, String)> {
    let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
    v["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .flat_map(|t| {
            let table = t["table"].as_u64().expect("a number");
            t["changes"]
                .as_array()
                .expect("changes")
                .iter()
                .map(move |c| {
                    let effect: Vec<String> = c["effect"]
                        .as_array()
                        .expect("effects")
                        .iter()
                        .map(s)
                        .collect();
                    (
                        table,
                        c["row"].as_u64().expect("a row"),
                        s(&c["name"]),
                        s(&c["column"]),
                        s(&c["old"]),
                        s(&c["new"]),
                        effect.join("+"),
                    )
                })
        })
        .collect()
}

fn checks(list: &Value) -> Vec<String> {
    let mut checks: Vec<String> = list
        .as_array()
        .expect("a list")
        .iter()
        .map(|f| f["check"].as_str().expect("a check").to_string())
        .collect();
    checks.sort();
    checks
}

#[test]
fn the_two_samples_differ_by_exactly_the_planted_errors_each_with_its_effect() {
    let (code, v) = diff_json(
        &sample("ordos-2020-annex.docx"),
        &sample("ordos-2020-annex-with-errors.docx"),
    );
    assert_eq!(code, Some(1));
    let row = |t, r, name: &str, col: &str, old: &str, new: &str, effect: &str| {
        (
            t,
            r,
            name.to_string(),
            col.to_string(),
            old.to_string(),
            new.to_string(),
            effect.to_string(),
        )
    };
    let expected: BTreeSet<_> = [
        // E1: the total off by a cent.
        row(
            2,
            13,
            "公安局",
            "总分（110分）",
            "91.70",
            "91.71",
            "total+finding",
        ),
        // E2: transposed digits in a component: the recomputed total and place move.
        row(
            1,
            2,
            "乌审旗",
            "发布解读（40分）",
            "38.30",
            "33.80",
            "total+rank+finding",
        ),
        // E3: the scaling omitted.
        row(
            3,
            3,
            "恩格贝生态示范区",
            "总分（110分）",
            "75.14",
            "63.70",
            "total+finding",
        ),
        // E4: a score above its maximum, and the total that follows it (consistent).
        row(
            2,
            2,
            "人力资源和社会保障局",
            "办事服务（15分）",
            "15.00",
            "15.50",
            "total+finding",
        ),
        row(
            2,
            2,
            "人力资源和社会保障局",
            "总分（110分）",
            "97.00",
            "97.50",
            "total",
        ),
        // E5: two ranks swapped.
        row(2, 20, "民政局", "排名", "20", "21", "rank+finding"),
        row(2, 21, "市场监督管理局", "排名", "21", "20", "rank+finding"),
        // E6: transposed digits in the total.
        row(
            2,
            16,
            "自然资源局",
            "总分（110分）",
            "91.40",
            "91.04",
            "total+finding",
        ),
        // E7: truncated instead of rounded.
        row(
            2,
            9,
            "国有资产监督管理委员会",
            "总分（110分）",
            "92.99",
            "92.98",
            "total+finding",
        ),
        // E8: a letter O: the total can no longer be recomputed.
        row(
            2,
            33,
            "商务局",
            "依申请公开（10分）",
            "9.00",
            "9.O0",
            "total+finding",
        ),
        // E10: one decimal instead of two: the same value.
        row(
            1,
            1,
            "达拉特旗",
            "互动交流（10分）",
            "9.50",
            "9.5",
            "finding",
        ),
    ]
    .into_iter()
    .collect();
    assert_eq!(changes(&v), expected);
    // E9: the accepted text is unchanged; the tracked change is new.
    let tracked: Vec<&Value> = v["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .flat_map(|t| t["tracked_changes"].as_array().expect("a list"))
        .collect();
    assert_eq!(tracked.len(), 1);
    assert_eq!(tracked[0]["name"], "生态环境局");
    assert_eq!(
        (&tracked[0]["original"], &tracked[0]["accepted"]),
        (&Value::from("92.80"), &Value::from("92.90"))
    );
    // Ranks: E5's published swap, and E2's recomputed 乌审旗 2 → 4 (杭锦旗, 准格尔旗 move up).
    let ranks: BTreeSet<(String, String, String, String)> = v["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .flat_map(|t| t["rank_changes"].as_array().expect("a list"))
        .map(|k| {
            let s = |key: &str| k[key].as_str().unwrap_or_default().to_string();
            (s("name"), s("kind"), s("old"), s("new"))
        })
        .collect();
    let rank = |n: &str, k: &str, o: &str, w: &str| (n.into(), k.into(), o.into(), w.into());
    let expected_ranks: BTreeSet<(String, String, String, String)> = [
        rank("民政局", "published", "20", "21"),
        rank("市场监督管理局", "published", "21", "20"),
        rank("乌审旗", "recomputed", "2", "4"),
        rank("杭锦旗", "recomputed", "3", "2"),
        rank("准格尔旗", "recomputed", "4", "3"),
    ]
    .into_iter()
    .collect();
    assert_eq!(ranks, expected_ranks);
    for t in v["tables"].as_array().expect("tables") {
        assert_eq!(t["matched_by"], "heading");
        assert_eq!(t["rows_added"], Value::Array(vec![]));
        assert_eq!(t["rows_removed"], Value::Array(vec![]));
    }
    // Findings: the clean sample's one warning persists; every planted one is introduced.
    assert_eq!(checks(&v["findings"]["persisting"]), ["weights"]);
    assert_eq!(checks(&v["findings"]["fixed"]), Vec::<String>::new());
    assert_eq!(
        checks(&v["findings"]["introduced"]),
        [
            "cell",
            "precision",
            "range",
            "rank",
            "rank",
            "revision",
            "total",
            "total",
            "total",
            "total",
            "total"
        ]
    );
    assert_eq!(v["summary"]["cells_changed"], 11);
    assert!(v["old"]["sha256"].is_string() && v["new"]["path"].is_string());

    // The other way round, every finding is fixed.
    let (code, back) = diff_json(
        &sample("ordos-2020-annex-with-errors.docx"),
        &sample("ordos-2020-annex.docx"),
    );
    assert_eq!(code, Some(1));
    assert_eq!(back["findings"]["fixed"].as_array().map(Vec::len), Some(11));
    assert_eq!(back["findings"]["introduced"], Value::Array(vec![]));
}

#[test]
fn identical_versions_exit_0_even_resaved_by_libreoffice_and_unreadable_input_exits_3() {
    let clean = sample("ordos-2020-annex.docx");
    let (code, v) = diff_json(&clean, &clean);
    assert_eq!(code, Some(0), "{v:#}");
    let resaved = root().join("tests/fixtures/ordos-2020-annex.libreoffice.docx");
    let (code, v) = diff_json(&clean, &resaved);
    assert_eq!(code, Some(0), "{v:#}");
    let out = run(&[
        "diff",
        clean.to_str().expect("utf-8"),
        root().join("samples/README.md").to_str().expect("utf-8"),
    ]);
    assert_eq!(out.status.code(), Some(3));
    // The one line says which of the two versions it could not read, either way round.
    let dir = tempfile::tempdir().expect("tempdir");
    let cut = dir.path().join("新版本.docx");
    let bytes = std::fs::read(&clean).expect("the sample");
    std::fs::write(&cut, &bytes[..bytes.len() / 2]).expect("a truncated copy");
    for args in [[&clean, &cut], [&cut, &clean]] {
        let out = run(&[
            "diff",
            args[0].to_str().expect("utf-8"),
            args[1].to_str().expect("utf-8"),
        ]);
        assert_eq!(out.status.code(), Some(3));
        let said = String::from_utf8_lossy(&out.stderr);
        assert_eq!(said.trim_end().lines().count(), 1, "{said}");
        assert!(said.contains("新版本.docx"), "{said}");
    }
}

#[test]
fn a_renamed_heading_matches_by_position_and_a_renamed_row_is_removed_and_added() {
    let dir = tempfile::tempdir().expect("tempdir");
    let edited = dir.path().join("edited.docx");
    edit_docx_all(
        &sample("ordos-2020-annex.docx"),
        &edited,
        &[
            ("<w:t>三、市级园区</w:t>", "<w:t>三、开发园区</w:t>"),
            ("<w:t>恩格贝生态示范区</w:t>", "<w:t>恩格贝示范区</w:t>"),
        ],
    );
    let (code, v) = diff_json(&sample("ordos-2020-annex.docx"), &edited);
    assert_eq!(code, Some(1));
    let tables = v["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 1, "{v:#}");
    assert_eq!(tables[0]["matched_by"], "position");
    assert_eq!(tables[0]["rows_removed"][0]["name"], "恩格贝生态示范区");
    assert_eq!(tables[0]["rows_added"][0]["name"], "恩格贝示范区");
    assert_eq!(tables[0]["changes"], Value::Array(vec![]));
}

#[test]
fn the_workbook_has_a_summary_and_one_sheet_per_changed_table_with_the_old_values_in_notes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("diff.xlsx");
    let run_out = run(&[
        "diff",
        sample("ordos-2020-annex.docx").to_str().expect("utf-8"),
        sample("ordos-2020-annex-with-errors.docx")
            .to_str()
            .expect("utf-8"),
        "-o",
        out.to_str().expect("utf-8"),
    ]);
    assert_eq!(run_out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&run_out.stdout);
    assert!(stdout.contains("38.30 → 33.80"), "{stdout}");
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(&out).expect("a workbook");
    assert_eq!(
        book.sheet_names(),
        [
            "变化概览",
            "各旗区人民政府",
            "市人民政府组成部门",
            "市级园区"
        ]
    );
    let table1 = book.worksheet_range("各旗区人民政府").expect("a sheet");
    // Row 2 of the table (乌审旗) is worksheet row 3 (a title row above the table).
    let cell = table1.get_value((3, 2)).map(|d| d.to_string());
    assert_eq!(cell.as_deref(), Some("33.80"));
    let mut notes = String::new();
    let mut zip = zip::ZipArchive::new(std::fs::File::open(&out).expect("open")).expect("zip");
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        if entry.name().expect("a name").contains("comments") {
            entry.read_to_string(&mut notes).expect("read");
        }
    }
    assert!(notes.contains("原为：38.30"), "{notes}");
}

#[test]
fn finding_ids_survive_a_renumbered_heading_and_spaces_in_a_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let edited = dir.path().join("edited.docx");
    let errors = sample("ordos-2020-annex-with-errors.docx");
    edit_docx_all(
        &errors,
        &edited,
        &[
            (
                "<w:t>二、市人民政府组成部门</w:t>",
                "<w:t>四、市人民政府组成部门</w:t>",
            ),
            (
                "<w:t>国有资产监督管理委员会</w:t>",
                "<w:t xml:space=\"preserve\">国有资产 监督管理委员会</w:t>",
            ),
        ],
    );
    let (code, v) = diff_json(&errors, &edited);
    assert_eq!(code, Some(1), "the name's text changed");
    assert_eq!(v["findings"]["fixed"], Value::Array(vec![]), "{v:#}");
    assert_eq!(v["findings"]["introduced"], Value::Array(vec![]), "{v:#}");
    assert_eq!(
        v["findings"]["persisting"].as_array().map(Vec::len),
        Some(12)
    );
}

/// `-o` takes what `audit -o` takes: a folder (existing, or named with a trailing `/`) receives
/// `<new version>.diff.xlsx`, missing folders are made, and `.xlsx` is added when missing.
#[test]
fn the_comparison_workbook_goes_where_audit_would_put_a_workbook() {
    let old = sample("ordos-2020-annex.docx");
    let new = sample("ordos-2020-annex-with-errors.docx");
    let dir = tempfile::tempdir().expect("tempdir");
    let existing = dir.path().join("比较");
    std::fs::create_dir_all(&existing).expect("dir");
    let trailing = format!("{}/", dir.path().join("新文件夹").display());
    let cases = [
        (
            existing.display().to_string(),
            existing.join("ordos-2020-annex-with-errors.diff.xlsx"),
        ),
        (
            trailing.clone(),
            dir.path()
                .join("新文件夹")
                .join("ordos-2020-annex-with-errors.diff.xlsx"),
        ),
        (
            dir.path().join("a/b/对比").display().to_string(),
            dir.path().join("a/b/对比.xlsx"),
        ),
    ];
    for (asked, written) in cases {
        let out = run(&[
            "diff",
            old.to_str().expect("utf-8"),
            new.to_str().expect("utf-8"),
            "-o",
            &asked,
        ]);
        assert_eq!(
            out.status.code(),
            Some(1),
            "{asked}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(written.is_file(), "{asked} → {}", written.display());
    }
}
