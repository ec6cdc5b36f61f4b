//! Audit tests on the real annex's figures (parsed from the seed text) and on planted errors.

use super::*;
use crate::annex::tests::seed_tables;

fn audit(tables: Vec<Table>) -> AuditReport {
    audit_tables(
        tables,
        &Template::default_template(),
        Some(Lang::En),
        &Selection::default(),
    )
}

#[test]
fn the_real_annex_is_consistent_but_for_its_weights() {
    let report = audit(seed_tables());
    let s = &report.summary;
    assert_eq!(
        (
            s.tables,
            s.score_tables,
            s.rows,
            s.totals_checked,
            s.consistent,
            s.inconsistent,
            s.skipped
        ),
        (3, 3, 45, 45, 45, 0, 0),
        "{:#?}",
        report.findings
    );
    let serious: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.severity <= Severity::Warning)
        .collect();
    assert_eq!(serious.len(), 1, "{serious:#?}");
    let w = serious[0];
    assert_eq!((w.check, w.table), (Check::Weights, 1));
    assert_eq!(w.published.as_deref(), Some("110"));
    assert_eq!(w.expected.as_deref(), Some("115"));
    assert!(
        w.message.contains("40+15+10+10+15+15+10 = 115"),
        "{}",
        w.message
    );
}

/// Sets the text of a data row's cell (1-based data row, 0-based column).
fn set(tables: &mut [Table], table: usize, row: usize, col: usize, text: &str) {
    tables[table - 1].rows[row].cells[col].text = text.to_string();
}

/// The planted errors of `samples/ordos-2020-annex-with-errors.docx`, applied to the seed's
/// tables in memory (see samples/README.md).
pub(crate) fn tables_with_planted_errors() -> Vec<Table> {
    let mut t = seed_tables();
    set(&mut t, 2, 13, 9, "91.71"); // E1 total off by a cent
    set(&mut t, 1, 2, 2, "33.80"); // E2 component typo (38.30)
    set(&mut t, 3, 3, 9, "63.70"); // E3 scaling omitted (75.14)
    set(&mut t, 2, 2, 3, "15.50"); // E4 above the maximum, total adjusted
    set(&mut t, 2, 2, 9, "97.50");
    set(&mut t, 2, 20, 0, "21"); // E5 ranks swapped
    set(&mut t, 2, 21, 0, "20");
    set(&mut t, 2, 16, 9, "91.04"); // E6 total digits transposed (91.40)
    set(&mut t, 2, 9, 9, "92.98"); // E7 truncated (92.99)
    set(&mut t, 2, 33, 5, "9.O0"); // E8 unparsed
    t[1].rows[10].cells[9].revision = Some(crate::wordml::Revision {
        original: "92.80".into(),
        kinds: vec!["del".into(), "ins".into()],
    }); // E9 tracked change
    set(&mut t, 1, 1, 4, "9.5"); // E10 precision
    t
}

#[test]
fn every_planted_error_is_found_with_its_check_row_and_explanation() {
    let report = audit(tables_with_planted_errors());
    let got: Vec<(Check, Severity, usize, Option<usize>)> = report
        .findings
        .iter()
        .map(|f| (f.check, f.severity, f.table, f.row))
        .collect();
    use Check::*;
    use Severity::*;
    assert_eq!(
        got,
        [
            (Total, Critical, 1, Some(2)),
            (Range, Error, 2, Some(2)),
            (Total, Error, 2, Some(13)),
            (Total, Error, 2, Some(16)),
            (Rank, Error, 2, Some(20)),
            (Rank, Error, 2, Some(21)),
            (Cell, Error, 2, Some(33)),
            (Total, Error, 3, Some(3)),
            (Weights, Warning, 1, None),
            (Revision, Warning, 2, Some(10)),
            (Precision, Notice, 1, Some(1)),
            (Total, Notice, 2, Some(9)),
        ],
        "{:#?}",
        report.findings
    );
    let find = |table, row, check| {
        report
            .findings
            .iter()
            .find(|f| f.table == table && f.row == Some(row) && f.check == check)
            .expect("finding")
    };
    let e1 = find(2, 13, Total);
    assert_eq!(
        (
            e1.published.as_deref(),
            e1.expected.as_deref(),
            e1.delta.as_deref()
        ),
        (Some("91.71"), Some("91.70"), Some("0.01"))
    );
    assert!(
        e1.explanation
            .as_deref()
            .unwrap_or("")
            .contains("off by one in the last digit")
    );
    let e2 = find(1, 2, Total);
    assert_eq!(e2.expected.as_deref(), Some("88.70"));
    assert_eq!(e2.name.as_deref(), Some("乌审旗"));
    assert!(
        e2.message.contains("would rank 4 instead of 2"),
        "{}",
        e2.message
    );
    assert_eq!(
        e2.explanation.as_deref(),
        Some("two digits transposed in 发布解读（40分）: published 33.80, the total implies 38.30")
    );
    let e3 = find(3, 3, Total);
    assert_eq!(e3.expected.as_deref(), Some("75.14"));
    assert!(
        e3.explanation
            .as_deref()
            .unwrap_or("")
            .starts_with("scaling ×20/17 omitted")
    );
    assert!(e3.rule.as_deref().unwrap_or("").contains("× 20/17"));
    let e6 = find(2, 16, Total);
    assert!(
        e6.explanation
            .as_deref()
            .unwrap_or("")
            .contains("transposed in the total: 91.40 published as 91.04")
    );
    let e7 = find(2, 9, Total);
    assert_eq!(e7.expected.as_deref(), Some("92.99"));
    assert!(
        e7.explanation
            .as_deref()
            .unwrap_or("")
            .contains("truncated")
    );
    let e9 = find(2, 10, Revision);
    assert!(
        e9.message.contains("92.80") && e9.message.contains("92.90"),
        "{}",
        e9.message
    );
    let s = &report.summary;
    assert_eq!(
        (
            s.rows,
            s.totals_checked,
            s.consistent,
            s.inconsistent,
            s.skipped
        ),
        (45, 44, 39, 5, 1)
    );
}

#[test]
fn chinese_messages_for_a_chinese_document() {
    let report = audit_tables(
        tables_with_planted_errors(),
        &Template::default_template(),
        None,
        &Selection::default(),
    );
    assert_eq!(report.lang, Lang::Zh);
    let e2 = &report.findings[0];
    assert_eq!(e2.check, Check::Total);
    assert!(e2.message.contains("总分应为 88.70"), "{}", e2.message);
    assert!(e2.message.contains("第2名变为第4名"), "{}", e2.message);
}

mod random_tables {
    use super::*;
    use crate::annex::tests::simple_table;
    use proptest::prelude::*;

    /// Rounds p/q (q > 0) half away from zero to an integer, with plain integers: the
    /// reference the audit's decimal arithmetic must agree with (values are in hundredths).
    fn round_ratio(p: i128, q: i128) -> i128 {
        let (neg, a) = (p < 0, p.abs());
        let (n, r) = (a / q, a % q);
        let n = if 2 * r >= q { n + 1 } else { n };
        if neg { -n } else { n }
    }

    fn text(hundredths: i128) -> String {
        fixed(Decimal::from_i128_with_scale(hundredths, 2), 2)
    }

    use crate::audit::exact::fixed;

    proptest! {
        /// Random score tables (maxima, not-applicable cells, a stated 20/17-style rule, a
        /// bonus): a row is consistent exactly when its published total is the brute-force
        /// rational recomputation rounded half away from zero.
        #[test]
        fn recomputation_agrees_with_rational_brute_force(
            maxima in proptest::collection::vec(5i128..=40, 2..6),
            rows in proptest::collection::vec(
                (proptest::collection::vec(0i128..=4000, 6), any::<bool>(), -500i128..=500, -2i128..=2),
                1..12,
            ),
        ) {
            let base: i128 = maxima.iter().sum();
            // Column 1 is the one that may not apply; the note states base−max₁ and base/(base−max₁).
            let full = base - maxima[1];
            let mut header: Vec<String> = vec!["名称".into()];
            header.extend(maxima.iter().enumerate().map(|(i, m)| format!("指标{i}（{m}分）")));
            header.push("附加指标（5分）".into());
            header.push(format!("总分（{}分）", base + 5));
            let mut table_rows = vec![header];
            let mut expected_consistent = Vec::new();
            for (n, (values, na, bonus, nudge)) in rows.iter().enumerate() {
                let mut row = vec![format!("单位{n}")];
                let mut sum = 0i128;
                for (i, m) in maxima.iter().enumerate() {
                    if i == 1 && *na {
                        row.push("——".into());
                        continue;
                    }
                    let v = values[i] % (m * 100 + 1);
                    sum += v;
                    row.push(text(v));
                }
                row.push(text(*bonus));
                // total = sum × base/full + bonus, or sum + bonus, in hundredths.
                let exact = if *na {
                    round_ratio(sum * base + bonus * full, full)
                } else {
                    sum + bonus
                };
                row.push(text(exact + nudge));
                expected_consistent.push(*nudge == 0);
                table_rows.push(row);
            }
            let refs: Vec<Vec<&str>> = table_rows.iter().map(|r| r.iter().map(String::as_str).collect()).collect();
            let mut t = simple_table(1, &refs);
            t.note = vec![format!("注：以{full}分为满分，结果乘以{base}/{full}与附加指标得分之和为最终得分。")];
            let report = audit(vec![t]);
            let Some(TableOutcome::Score { rows: audits, .. }) = report.tables.first().map(|t| &t.outcome) else {
                return Err(TestCaseError::fail(format!("not audited: {:?}", report.tables)));
            };
            prop_assert_eq!(audits.len(), expected_consistent.len());
            for (a, consistent) in audits.iter().zip(&expected_consistent) {
                let got = matches!(a.status, RowStatus::Consistent);
                prop_assert_eq!(got, *consistent, "row {}: {:?}", a.number, a);
            }
            // No rule finding: the note's numbers agree with the header by construction.
            prop_assert!(report.findings.iter().all(|f| f.check != Check::Rule), "{:?}", report.findings);
        }
    }
}

fn table(rows: &[Vec<&str>]) -> Table {
    crate::annex::tests::simple_table(1, rows)
}

fn checks_of(report: &AuditReport) -> Vec<(Check, Severity, Option<usize>)> {
    report
        .findings
        .iter()
        .map(|f| (f.check, f.severity, f.row))
        .collect()
}

#[test]
fn without_a_stated_rule_scaling_is_inferred_from_the_maxima_and_said() {
    // 30 + 40 applicable of 100: × 100/70 → 100.00 + bonus 1.00.
    let t = table(&[
        vec![
            "名称",
            "A（30分）",
            "B（30分）",
            "C（40分）",
            "加分（5分）",
            "总分（105分）",
        ],
        vec!["甲", "30.00", "——", "40.00", "1.00", "101.00"],
        vec!["乙", "20.00", "20.00", "20.00", "0.00", "60.00"],
    ]);
    let report = audit(vec![t]);
    assert_eq!(report.summary.consistent, 2, "{:#?}", report.findings);
    assert_eq!(checks_of(&report), [(Check::Rule, Severity::Notice, None)]);
    assert!(report.findings[0].message.contains("inferred"));
    let TableOutcome::Score { rows, rule, .. } = &report.tables[0].outcome else {
        panic!("audited")
    };
    assert_eq!(
        rows[0]
            .recomputation
            .as_ref()
            .and_then(|r| r.factor)
            .map(|f| f.to_string()),
        Some("100/70".into())
    );
    assert_eq!(rule.as_ref().map(|r| r.source), Some(RuleSource::Inferred));
}

#[test]
fn a_note_that_contradicts_the_header_is_a_rule_warning() {
    // B (30) not applicable leaves 70, but the note says 80 (and 80 × 5/4 = 100 agrees).
    let mut t = table(&[
        vec![
            "名称",
            "A（30分）",
            "B（30分）",
            "C（40分）",
            "总分（100分）",
        ],
        vec!["甲", "30.00", "——", "40.00", "87.50"],
    ]);
    t.note = vec!["注：以80分为满分，结果乘以5/4。".into()];
    let report = audit(vec![t]);
    let rule: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.check == Check::Rule)
        .collect();
    assert_eq!(rule.len(), 1, "{:#?}", report.findings);
    assert_eq!(rule[0].severity, Severity::Warning);
    assert_eq!(
        (rule[0].published.as_deref(), rule[0].expected.as_deref()),
        (Some("80"), Some("70"))
    );
    // The stated factor is applied as stated: 70 × 5/4 = 87.50.
    assert_eq!(report.summary.consistent, 1);
    // 85 × 20/17 = 100, but the maxima add up to 110: the second rule check.
    let mut t = table(&[
        vec![
            "名称",
            "A（40分）",
            "B（15分）",
            "C（55分）",
            "总分（110分）",
        ],
        vec!["甲", "40.00", "15.00", "55.00", "110.00"],
    ]);
    t.note = vec!["注：以85分为满分，结果乘以20/17。".into()];
    let report = audit(vec![t]);
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.check == Check::Rule && f.message.contains("85 × 20/17 = 100")),
        "{:#?}",
        report.findings
    );
}

#[test]
fn duplicates_hidden_text_ranges_and_serial_numbers() {
    let mut t = table(&[
        vec![
            "序号",
            "单位",
            "A（50分）",
            "B（50分）",
            "加分（5分）",
            "总分（105分）",
        ],
        vec!["1", "甲局", "40.00", "45.00", "6.00", "91.00"],
        vec!["2", "乙局", "-1.00", "45.00", "0.00", "44.00"],
        vec!["4", "甲 局", "30.00", "40.00", "0.00", "70.00"],
    ]);
    t.rows[2].cells[1].hidden = Some("（已撤销）".into());
    let report = audit(vec![t]);
    assert_eq!(
        checks_of(&report),
        [
            (Check::Range, Severity::Error, Some(1)),
            (Check::Range, Severity::Error, Some(2)),
            (Check::Hidden, Severity::Warning, Some(2)),
            (Check::Rank, Severity::Warning, Some(3)),
            (Check::Duplicate, Severity::Warning, Some(3)),
        ],
        "{:#?}",
        report.findings
    );
}

#[test]
fn a_table_continued_on_the_next_page_shares_its_ranking_and_the_note_below_it() {
    let mut first = table(&[
        vec!["排名", "名称", "A（50分）", "B（50分）", "总分（100分）"],
        vec!["1", "甲", "50.00", "——", "100.00"],
        vec!["2", "乙", "40.00", "45.00", "85.00"],
    ]);
    first.number = 1;
    // The second part repeats no header; its note states the rule for both parts.
    let mut second = table(&[
        vec!["3", "丙", "40.00", "40.00", "80.00"],
        vec!["3", "丁", "30.00", "40.00", "70.00"],
    ]);
    second.number = 2;
    second.continues = Some(1);
    second.note = vec!["注：以50分为满分，结果乘以2。".into()];
    let report = audit(vec![first, second]);
    assert_eq!(report.summary.score_tables, 2, "{:#?}", report.tables);
    assert_eq!(report.summary.consistent, 4, "{:#?}", report.findings);
    // 丁 70.00 ranks 4th across both parts, not 3rd.
    let rank: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.check == Check::Rank)
        .collect();
    assert_eq!(rank.len(), 1, "{:#?}", report.findings);
    assert_eq!(
        (rank[0].table, rank[0].row, rank[0].expected.as_deref()),
        (2, Some(2), Some("4"))
    );
    let TableOutcome::Score { rule, .. } = &report.tables[0].outcome else {
        panic!("audited")
    };
    assert_eq!(rule.as_ref().and_then(|r| r.from_table), Some(2));
}
