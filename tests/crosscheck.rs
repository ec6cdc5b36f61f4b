//! Issue 18 on the final-accounts samples: the figures two tables both publish agree, the
//! two-sided summary table balances, and the figures the text quotes follow from the tables;
//! in the with-errors sample exactly the planted errors F1–F4 (samples/README.md) break them.
//! The Ordos samples' paragraphs quote no figures: nothing of their text is matched.

use crate::common;

use std::path::{Path, PathBuf};

use annex_audit::annex::Template;
use annex_audit::annex::structure::cross::{
    CrossKind, CrossTarget, DocumentChecks, DocumentTable, check_document, table_title,
};
use annex_audit::annex::structure::{RelationResult, TableStructure, analyse};
use annex_audit::package::Limits;
use annex_audit::wordml::{self, Document};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

struct Read {
    document: Document,
    titles: Vec<String>,
    structures: Vec<TableStructure>,
}

fn read(name: &str) -> Read {
    let document = wordml::read_path(sample(name), &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    let vocabulary = Template::built_in("budget")
        .expect("budget template")
        .structure;
    let structures = document
        .tables
        .iter()
        .map(|t| analyse(t, &vocabulary))
        .collect();
    let titles = document.tables.iter().map(table_title).collect();
    Read {
        document,
        titles,
        structures,
    }
}

fn checks(read: &Read) -> DocumentChecks {
    let vocabulary = Template::built_in("budget")
        .expect("budget template")
        .structure;
    let tables: Vec<DocumentTable<'_>> = read
        .document
        .tables
        .iter()
        .zip(&read.structures)
        .zip(&read.titles)
        .map(|((t, s), title)| DocumentTable {
            number: t.number,
            title,
            structure: s,
        })
        .collect();
    check_document(&tables, &read.document.info.body_text, &vocabulary)
}

/// Every finding of the document: each table's own (causes only), then the cross ones, as
/// `table N: id: published vs expected` / `kind: quoted/cell: published vs expected`.
fn findings(read: &Read, checks: &DocumentChecks) -> Vec<String> {
    let mut out = Vec::new();
    for (table, structure) in read.document.tables.iter().zip(&read.structures) {
        for (relation, evaluated) in structure.root_findings() {
            out.push(format!(
                "table {}: {}: {}",
                table.number,
                relation.id,
                outcome(&evaluated.result)
            ));
        }
    }
    for relation in checks.findings() {
        let what = match &relation.target {
            CrossTarget::Cell(cell) => format!("table {} {}", cell.table, cell.row_label),
            CrossTarget::Text(quote) => format!("text {} {}", quote.subject, quote.quoted),
        };
        out.push(format!(
            "{}: {what}: {}",
            relation.kind.as_str(),
            outcome(&relation.result)
        ));
    }
    out
}

fn outcome(result: &RelationResult) -> String {
    match result {
        RelationResult::Inconsistent {
            expected,
            published,
            ..
        } => format!("{published} vs {expected}"),
        other => format!("{other:?}"),
    }
}

#[test]
fn the_reader_keeps_the_body_paragraphs_with_the_tables_around_them() {
    let read = read("final-accounts-2025.docx");
    let body = &read.document.info.body_text;
    assert_eq!(read.document.info.body_text_dropped, 0);
    let share = body
        .iter()
        .find(|p| p.text.contains("基本支出3,104.55万元，占76.32%"))
        .expect("the paragraph on expenditure");
    assert_eq!((share.after_table, share.before_table), (None, Some(1)));
    // The last paragraph is the unit above table 3.
    let last = body.last().expect("paragraphs");
    assert_eq!(last.text, "单位：万元");
    assert_eq!((last.after_table, last.before_table), (Some(2), Some(3)));
    assert!(body.windows(2).all(|w| w[0].index < w[1].index));
}

#[test]
fn clean_final_accounts_sample_gives_no_finding() {
    let read = read("final-accounts-2025.docx");
    let checks = checks(&read);
    assert_eq!(findings(&read, &checks), Vec::<String>::new());
    let count = |kind: CrossKind| checks.relations.iter().filter(|r| r.kind == kind).count();
    // Five classes and the 本年支出合计 = 合计 rule between tables 1 and 2.
    assert_eq!(count(CrossKind::TableEquality), 6);
    assert_eq!(count(CrossKind::TextEqual), 11);
    assert_eq!(count(CrossKind::TextShare), 4);
    assert_eq!(count(CrossKind::TextChange), 1);
    assert_eq!(count(CrossKind::TextRate), 1);
    assert!(
        checks
            .relations
            .iter()
            .all(|r| r.result == RelationResult::Consistent)
    );
    // 各增加312.60万元 and 增长6.38% compare with 2024, which no table holds.
    let unmatched: Vec<&str> = checks
        .unmatched_figures
        .iter()
        .map(|u| u.quote.quoted.as_str())
        .collect();
    assert_eq!(unmatched, ["312.60万元", "6.38%"]);
}

#[test]
fn final_accounts_errors_sample_gives_each_planted_error_once() {
    let read = read("final-accounts-2025-with-errors.docx");
    let checks = checks(&read);
    assert_eq!(
        findings(&read, &checks),
        [
            // F2: the left side of the two-sided summary no longer adds up.
            "table 1: column_sum:收入总计:决算数: 5212.80 vs 5230.80",
            // F1: two classes differ between the summary and the 支出决算表.
            "table_equality: table 1 二、社会保障和就业支出: 505.35 vs 442.50",
            "table_equality: table 1 三、卫生健康支出: 71.30 vs 134.15",
            // F3: the share on the wrong base.
            "text_share: text  59.56%: 59.56 vs 76.32",
            // F4: the rate on the wrong base.
            "text_rate: text  6.41%: 6.41 vs 6.02",
        ]
    );
}

#[test]
fn the_ordos_samples_quote_no_figure_that_is_matched() {
    for name in ["ordos-2020-annex.docx", "ordos-2020-annex-with-errors.docx"] {
        let read = read(name);
        let checks = checks(&read);
        let text: Vec<&str> = checks
            .relations
            .iter()
            .filter(|r| matches!(r.target, CrossTarget::Text(_)))
            .map(|r| r.id.as_str())
            .collect();
        assert_eq!(text, Vec::<&str>::new(), "{name}");
        assert!(!read.document.info.body_text.is_empty(), "{name}");
    }
}

#[test]
fn the_budget_samples_errors_stay_inside_their_tables() {
    for name in [
        "budget-2025-final-accounts.docx",
        "budget-2025-final-accounts-with-errors.docx",
    ] {
        let read = read(name);
        let checks = checks(&read);
        let cross: Vec<&str> = checks.findings().map(|r| r.id.as_str()).collect();
        assert_eq!(cross, Vec::<&str>::new(), "{name}");
    }
}

#[test]
fn the_reader_keeps_at_most_ten_thousand_paragraphs_and_counts_the_rest() {
    let mut body: String = (0..10_005)
        .map(|n| common::paragraph(&format!("第{n}段")))
        .collect();
    body.push_str(&common::paragraph(""));
    body.push_str(&common::table(2, &[common::row(&["项目", "金额"])]));
    body.push_str(&common::paragraph("表后说明"));
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::write(dir.path(), "many.docx", &common::docx(&body));
    let document = wordml::read_path(&path, &Limits::default()).expect("read");
    let info = &document.info;
    assert_eq!(info.body_text.len(), wordml::MAX_BODY_PARAGRAPHS);
    // Five paragraphs before the table and the one after it; the empty one is not text.
    assert_eq!(info.body_text_dropped, 6);
    assert_eq!(info.paragraphs, 10_007);
    let first = &info.body_text[0];
    assert_eq!((first.index, first.text.as_str()), (0, "第0段"));
    assert_eq!((first.after_table, first.before_table), (None, Some(1)));
}

#[test]
fn the_reader_keeps_at_most_two_megabytes_of_body_text() {
    let long = "经".repeat(100_000);
    let body: String = (0..8).map(|_| common::paragraph(&long)).collect();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = common::write(dir.path(), "long.docx", &common::docx(&body));
    let document = wordml::read_path(&path, &Limits::default()).expect("read");
    // 300,000 bytes each: six fit in 2 MB.
    assert_eq!(document.info.body_text.len(), 6);
    assert_eq!(document.info.body_text_dropped, 2);
    assert!(
        document
            .info
            .body_text
            .iter()
            .all(|p| p.before_table.is_none())
    );
}

/// The budget sample with a paragraph of `sentences` before its tables: the headline figures
/// a 情况说明 quotes in its own words (the table's title with the year and the body before it,
/// `共安排…资金` for an allocation table, a county inside `下达…资金`, `占全部资金的`).
fn budget_with_text(dir: &Path, name: &str, sentences: &[&str]) -> PathBuf {
    let paragraphs: String = sentences.iter().map(|s| common::paragraph(s)).collect();
    let path = dir.join(format!("{name}.docx"));
    common::docx_edit::edit_docx(
        &sample("budget-2025-final-accounts.docx"),
        &path,
        "<w:body>",
        &format!("<w:body>{paragraphs}"),
    );
    path
}

const HEADLINES: [&str; 5] = [
    "2025年市本级一般公共预算财政拨款支出决算7,641.31万元，比上年增加243.03万元，增长3.28%。",
    "2025年“三公”经费支出决算63.43万元，比预算减少7.57万元，下降10.66%。",
    "2025年共安排高标准农田建设补助资金5,726.00万元，其中中央资金4,420.00万元，占77.19%。",
    "下达北岭县资金1,659.00万元，占全部资金的28.97%。",
    "2025年“三公”经费支出预算71.00万元。北岭县获得中央资金1,260.00万元，省级资金315.00万元。",
];

/// The text findings of an audit, as (row, published, expected).
fn text_findings(path: &Path) -> (usize, Vec<(String, String, String)>) {
    let path = path.to_str().expect("a UTF-8 path");
    let (_, json) = common::run_json(&["audit", path, "--no-workbook", "--json", "-", "-q"]);
    let findings = json["findings"].as_array().expect("findings").clone();
    let text = |f: &serde_json::Value, k: &str| f[k].as_str().unwrap_or_default().to_string();
    let unmatched = json["unmatched_figures"].as_array().map_or(0, Vec::len);
    (
        unmatched,
        findings
            .iter()
            .map(|f| (text(f, "name"), text(f, "published"), text(f, "expected")))
            .collect(),
    )
}

#[test]
fn headline_figures_the_text_quotes_in_its_own_words_are_checked() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let clean = budget_with_text(dir.path(), "clean", &HEADLINES);
    assert_eq!(
        text_findings(&clean),
        (0, vec![]),
        "every headline matched, none wrong"
    );
    let planted = [
        ("7,641.31", "7,614.31", "7,641.31万元"),
        ("增加243.03", "增加234.03", "243.03万元"),
        ("决算63.43", "决算64.43", "63.43万元"),
        ("资金5,726.00", "资金5,762.00", "5,726.00万元"),
        ("占77.19%", "占77.91%", "77.19%"),
        ("资金1,659.00", "资金1,695.00", "1,659.00万元"),
        ("28.97%", "29.87%", "28.97%"),
        ("预算71.00", "预算70.00", "71.00万元"),
        // 北岭县's 省级资金, not the column's 合计 (1,041.00).
        ("省级资金315.00", "省级资金351.00", "315.00万元"),
    ];
    for (n, (from, to, expected)) in planted.iter().enumerate() {
        let sentences: Vec<String> = HEADLINES.iter().map(|s| s.replacen(from, to, 1)).collect();
        assert_ne!(sentences, HEADLINES, "{from} is in the text");
        let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
        let path = budget_with_text(dir.path(), &format!("planted-{n}"), &refs);
        let (_, found) = text_findings(&path);
        assert_eq!(found.len(), 1, "{from} → {to}: {found:?}");
        assert_eq!(found[0].2, *expected, "{from} → {to}: {found:?}");
    }
}

/// Sentences that hold a table's title or a line's name but mean another figure (last year's,
/// the 年初 or 调整 budget, a part, a county's share of a province's total, a school of the
/// county, all but the county, the whole after a county): no finding, whatever the tables say.
#[test]
fn names_that_mean_another_figure_raise_no_alarm() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let sentences = [
        "上年一般公共预算财政拨款支出决算为7,398.28万元。",
        "一般公共预算财政拨款支出年初预算7,400.00万元，调整预算7,500.00万元。",
        "一般公共预算财政拨款支出中的基本支出6,076.61万元。",
        "北岭县获得中央高标准农田建设补助资金1,260.00万元。",
        "北岭县获得中央资金1,260.00万元，占全省中央资金总额的3.20%。",
        "北岭县获得中央资金1,260.00万元，占全部资金的22.00%。",
        "除北岭县外，下达资金4,067.00万元。",
        "北岭县第一中学获得资金20.00万元。",
        "北岭县上年获得资金1,500.00万元。",
        "下达北岭县资金1,659.00万元，中央资金4,420.00万元。",
        "2025年“三公”经费支出决算63.43万元。基本支出6,076.61万元，占59.27%。",
    ];
    let path = budget_with_text(dir.path(), "other-figures", &sentences);
    let (_, found) = text_findings(&path);
    assert_eq!(found, vec![], "no alarm");
}
