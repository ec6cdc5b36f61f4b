//! Tables that state no rule, as .docx fixtures: the relation inferred from the rows, a row
//! that breaks it reported as one warning with the relation's support, and a table too small
//! to infer from reported as "rule unknown", never silently a pass.

use crate::common;

use annex_audit::audit::{AuditReport, Check, Lang, RowStatus, Severity, TableOutcome};
use annex_audit::pipeline::{AuditSettings, audit_path};
use rust_decimal::{Decimal, RoundingStrategy};

/// Audits a document holding one table of `rows` (header first).
fn audit_table(rows: &[Vec<String>]) -> AuditReport {
    let built: Vec<String> = rows
        .iter()
        .map(|r| common::row(&r.iter().map(String::as_str).collect::<Vec<_>>()))
        .collect();
    let columns = rows.first().map_or(0, Vec::len);
    let body = format!(
        "{}{}",
        common::paragraph("一、评估结果"),
        common::table(columns, &built)
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = common::write(dir.path(), "fixture.docx", &common::docx(&body));
    let settings = AuditSettings {
        lang: Some(Lang::En),
        ..AuditSettings::default()
    };
    audit_path(&path, &settings).expect("audited").report
}

fn strings(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| (*c).to_string()).collect())
        .collect()
}

fn outline(report: &AuditReport) -> Vec<(Check, Severity, Option<usize>)> {
    report
        .findings
        .iter()
        .map(|f| (f.check, f.severity, f.row))
        .collect()
}

fn rule_text(report: &AuditReport) -> String {
    match report.tables.first().map(|t| &t.outcome) {
        Some(TableOutcome::Score { rule_text, .. }) => rule_text.clone(),
        other => panic!("not audited: {other:?}"),
    }
}

#[test]
fn a_quarter_total_sums_the_scores_not_the_counts_beside_them() {
    // 条数 (items published) beside each score; the total is the scores' sum. Row 4 planted.
    let report = audit_table(&strings(&[
        &[
            "名称",
            "条数",
            "发布（60分）",
            "条数",
            "解读（40分）",
            "总分（100分）",
        ],
        &["甲", "12", "50.00", "3", "30.00", "80.00"],
        &["乙", "7", "45.50", "5", "35.00", "80.50"],
        &["丙", "9", "40.00", "2", "38.25", "78.25"],
        &["丁", "3", "30.00", "1", "20.00", "51.00"],
        &["戊", "5", "20.00", "4", "20.00", "40.00"],
        &["己", "4", "10.00", "6", "12.00", "22.00"],
        &["庚", "8", "33.00", "2", "31.50", "64.50"],
    ]));
    assert_eq!(
        outline(&report),
        [
            (Check::Total, Severity::Warning, Some(4)),
            (Check::Rule, Severity::Notice, None),
        ],
        "{:#?}",
        report.findings
    );
    // Exactly one warning for the planted row, naming the relation and its support.
    assert_eq!(report.summary.warning, 1);
    assert_eq!(
        report.findings[0].message,
        "the total 51.00 breaks the relation inferred from the data, total = 发布（60分） + 解读（40分） (6 of 7 rows agree): by it the total would be 50.00"
    );
    assert_eq!(report.summary.consistent, 6);
    assert!(
        rule_text(&report).contains("inferred from the data, 6 of 7 rows agree"),
        "{}",
        rule_text(&report)
    );
}

#[test]
fn a_score_that_is_a_count_times_points() {
    let report = audit_table(&strings(&[
        &["名称", "条数", "总分（100分）"],
        &["甲", "12", "60"],
        &["乙", "7", "35"],
        &["丙", "9", "45"],
        &["丁", "3", "15"],
        &["戊", "20", "100"],
    ]));
    assert_eq!(
        outline(&report),
        [(Check::Rule, Severity::Notice, None)],
        "{:#?}",
        report.findings
    );
    assert_eq!(report.summary.consistent, 5);
    assert!(rule_text(&report).starts_with("total = 条数 × 5"));
}

/// Three indices weighted 0.3 / 0.5 / 0.2 into the total (weights not printed); `planted`
/// adds 3.50 to the sixth row's total.
fn weighted_rows(planted: bool) -> Vec<Vec<String>> {
    let a = [
        "81.5", "92.0", "70.25", "66.0", "99.5", "58.75", "88.0", "73.5", "61.0", "95.25",
    ];
    let b = [
        "77.0", "85.5", "90.0", "60.25", "70.0", "81.0", "66.5", "93.0", "55.5", "74.0",
    ];
    let c = [
        "60.0", "72.5", "88.0", "95.0", "64.25", "70.0", "83.5", "59.0", "91.0", "68.75",
    ];
    let v = |s: &str| Decimal::from_str_exact(s).unwrap_or_default();
    let mut rows = vec![vec![
        "名称".to_string(),
        "指数A".into(),
        "指数B".into(),
        "指数C".into(),
        "综合得分（100分）".into(),
    ]];
    for i in 0..a.len() {
        let mut t = (v(a[i]) * Decimal::new(3, 1)
            + v(b[i]) * Decimal::new(5, 1)
            + v(c[i]) * Decimal::new(2, 1))
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        if planted && i == 5 {
            t += Decimal::new(350, 2);
        }
        rows.push(vec![
            format!("单位{i}"),
            format!("{:.2}", v(a[i])),
            format!("{:.2}", v(b[i])),
            format!("{:.2}", v(c[i])),
            format!("{t:.2}"),
        ]);
    }
    rows
}

#[test]
fn weighted_indices_with_unprinted_weights() {
    let report = audit_table(&weighted_rows(false));
    assert_eq!(
        outline(&report),
        [(Check::Rule, Severity::Notice, None)],
        "{:#?}",
        report.findings
    );
    assert_eq!(
        report.findings[0].message,
        "no rule stated for the totals: total = 0.3 × 指数A + 0.5 × 指数B + 0.2 × 指数C inferred from the data (10 of 10 rows agree)"
    );
    assert_eq!(report.summary.consistent, 10);
}

#[test]
fn weighted_indices_with_a_planted_outlier_give_exactly_one_warning() {
    let report = audit_table(&weighted_rows(true));
    assert_eq!(
        outline(&report),
        [
            (Check::Total, Severity::Warning, Some(6)),
            (Check::Rule, Severity::Notice, None),
        ],
        "{:#?}",
        report.findings
    );
    assert_eq!(report.summary.warning, 1);
    assert_eq!(report.findings[0].expected.as_deref(), Some("72.13"));
    assert!(
        report.findings[0].message.contains("(9 of 10 rows agree)"),
        "{}",
        report.findings[0].message
    );
}

#[test]
fn a_table_too_small_to_infer_from_is_rule_unknown_not_a_pass() {
    let report = audit_table(&strings(&[
        &["名称", "条数", "发布（60分）", "总分（100分）"],
        &["甲", "12", "50.00", "81.00"],
        &["乙", "7", "45.50", "80.50"],
        &["丙", "9", "40.00", "60.00"],
    ]));
    assert_eq!(
        outline(&report),
        [(Check::Rule, Severity::Warning, None)],
        "{:#?}",
        report.findings
    );
    assert!(
        report.findings[0]
            .message
            .starts_with("rule unknown: 3 published totals not recomputed"),
        "{}",
        report.findings[0].message
    );
    assert!(rule_text(&report).starts_with("rule unknown: 3 published totals not recomputed"));
    let Some(TableOutcome::Score { rows, .. }) = report.tables.first().map(|t| &t.outcome) else {
        panic!("audited")
    };
    assert!(
        rows.iter()
            .all(|r| r.status == RowStatus::NotChecked("rule unknown".into()))
    );
    assert_eq!((report.summary.consistent, report.summary.skipped), (0, 3));
}
