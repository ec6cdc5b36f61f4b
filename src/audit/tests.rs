//! Audit tests on the real annex's figures (parsed from the seed text) and on planted errors.

use super::*;
use crate::annex::tests::seed_tables;

pub(crate) fn audit(tables: Vec<Table>) -> AuditReport {
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
    // Either the total's 110 or one maximum is wrong: 监督保障（15分） (the other two tables
    // print 10) and the bonus both score within their maximum less 5, so no figure is proposed
    // and both are named.
    assert_eq!(w.expected.as_deref(), None);
    assert!(
        w.message.contains("40+15+10+10+15+15+10 = 115")
            && w.message
                .contains("监督保障（15分）, highest 9.00; 附加指标（10分）, highest 3.90"),
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

pub(crate) fn table(rows: &[Vec<&str>]) -> Table {
    crate::annex::tests::simple_table(1, rows)
}

pub(crate) fn checks_of(report: &AuditReport) -> Vec<(Check, Severity, Option<usize>)> {
    report
        .findings
        .iter()
        .map(|f| (f.check, f.severity, f.row))
        .collect()
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
fn the_auditors_of_a_batch_share_one_template_and_one_structure_template() {
    let template = Arc::new(Template::default_template());
    let auditors: Vec<Auditor> = (0..2)
        .map(|_| Auditor::new(Arc::clone(&template), Some(Lang::En), Selection::default()))
        .collect();
    for auditor in &auditors {
        assert!(Arc::ptr_eq(&auditor.template, &template));
    }
    let [first, second] = &auditors[..] else {
        unreachable!("two auditors")
    };
    assert_eq!(first.structure_template().name, "budget");
    assert!(std::ptr::eq(
        first.structure_template(),
        second.structure_template()
    ));
    // A template of the caller's own is its own structure template.
    let own = Template {
        name: "own".into(),
        ..Template::default_template()
    };
    let auditor = Auditor::new(own, Some(Lang::En), Selection::default());
    assert!(std::ptr::eq(
        auditor.structure_template(),
        &*auditor.template
    ));
}

#[test]
fn score_tables_keep_nothing_for_the_document_checks() {
    let mut auditor = Auditor::new(
        Template::default_template(),
        Some(Lang::En),
        Selection::default(),
    );
    for t in seed_tables() {
        auditor.push(t);
    }
    auditor.flush_chain();
    assert!(auditor.kept.is_empty());
    auditor.check_document(&[]);
    assert!(auditor.take_document().relations.is_empty());
    let report = auditor.finish();
    assert!(report.findings.iter().all(|f| !f.check.is_document_level()));
    assert_eq!(report.summary.relations_by_kind.get("crosscheck"), None);
}

#[test]
fn a_ranked_list_has_its_ranks_checked_against_its_score_and_nothing_else_reported() {
    let report = audit(vec![crate::annex::tests::simple_table(
        1,
        &[
            vec!["排名", "单位", "得分（100分）"],
            vec!["1", "甲局", "95"],
            vec!["2", "乙局", "92"],
            vec!["3", "丙局", "90"],
            vec!["3", "丁局", "88"],
        ],
    )]);
    let found: Vec<(Check, Option<usize>, &str)> = report
        .findings
        .iter()
        .map(|f| (f.check, f.row, f.message.as_str()))
        .collect();
    // No 'should total 0', no column maxima adding up to 0 against 100: only the wrong rank.
    assert_eq!(
        found,
        [(Check::Rank, Some(4), "ranked 3, but its 得分 88 ranks 4")]
    );
    let TableOutcome::Score {
        rows, rule_text, ..
    } = &report.tables[0].outcome
    else {
        panic!("not read as a score table");
    };
    assert!(
        rule_text.contains("ranks checked against 得分（100分）"),
        "{rule_text}"
    );
    assert!(rows.iter().all(|r| matches!(
        &r.status,
        RowStatus::NotChecked(why) if why.contains("no parts published")
    )));
}

#[test]
fn a_wrong_total_of_side_by_side_records_is_found_at_its_own_record() {
    let report = audit(vec![crate::annex::tests::simple_table(
        1,
        &[
            vec![
                "排名",
                "单位",
                "公开（60分）",
                "解读（40分）",
                "总分（100分）",
                "排名",
                "单位",
                "公开（60分）",
                "解读（40分）",
                "总分（100分）",
            ],
            vec!["1", "甲", "55", "38", "93", "3", "丙", "50", "35", "86"],
            vec!["2", "乙", "52", "36", "88", "4", "丁", "45", "30", "75"],
        ],
    )]);
    type Found<'a> = (
        Option<usize>,
        Option<&'a str>,
        Option<&'a str>,
        Option<Location>,
    );
    let totals: Vec<Found> = report
        .findings
        .iter()
        .filter(|f| f.check == Check::Total)
        .map(|f| (f.row, f.name.as_deref(), f.expected.as_deref(), f.location))
        .collect();
    // 丙 is the third record, in the unfolded table's fourth row and fifth column.
    assert_eq!(
        totals,
        [(
            Some(3),
            Some("丙"),
            Some("85"),
            Some(Location {
                table_row: 3,
                column: 4
            })
        )]
    );
    assert!(
        report.findings.iter().all(|f| f.check != Check::Cell),
        "{:?}",
        report.findings
    );
}

fn with_bonus(note: &str, rows: &[[&str; 5]]) -> Table {
    let mut all = vec![vec![
        "单位",
        "公开（50分）",
        "解读（50分）",
        "加分（5分）",
        "总分",
    ]];
    all.extend(rows.iter().map(|r| r.to_vec()));
    let mut t = crate::annex::tests::simple_table(1, &all);
    t.note = vec![note.to_string()];
    t
}

#[test]
fn a_bonus_below_the_notes_threshold_does_not_count_and_one_counted_anyway_is_named() {
    let note = "注：基础得分60分以下的，不予加分。";
    let rows = [
        ["甲", "45", "40", "5", "90"],
        ["乙", "40", "38", "3", "81"],
        ["丙", "25", "30", "3", "55"],
        // Exactly 60 is 以下: no bonus.
        ["丁", "30", "30", "2", "60"],
    ];
    let report = audit(vec![with_bonus(note, &rows)]);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let TableOutcome::Score { rule_text, .. } = &report.tables[0].outcome else {
        panic!("not a score table");
    };
    assert!(rule_text.contains("base score above 60"), "{rule_text}");

    let mut wrong = rows;
    wrong[2][4] = "58";
    let report = audit(vec![with_bonus(note, &wrong)]);
    let totals: Vec<(Option<usize>, Option<&str>, Option<&str>)> = report
        .findings
        .iter()
        .map(|f| (f.row, f.expected.as_deref(), f.explanation.as_deref()))
        .collect();
    assert_eq!(
        totals,
        [(
            Some(3),
            Some("55"),
            Some(
                "the bonus 3 was added although the base score is below the note's threshold: with it the total is 58"
            )
        )]
    );
}

#[test]
fn a_threshold_the_rows_contradict_is_not_applied() {
    // 90 names the grade, not the bonus's condition: every total includes its bonus.
    let report = audit(vec![with_bonus(
        "注：得分达到90分的为优秀，附加分最高5分。",
        &[
            ["甲", "45", "44", "5", "94"],
            ["乙", "40", "38", "3", "81"],
            ["丙", "25", "30", "3", "58"],
        ],
    )]);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let TableOutcome::Score { rule_text, .. } = &report.tables[0].outcome else {
        panic!("not a score table");
    };
    assert!(!rule_text.contains("base score"), "{rule_text}");
}

#[test]
fn totals_of_weights_the_table_does_not_print_still_have_their_ranks_checked() {
    // 综合指数 = 0.4 × 公开 + 0.3 × 解读 + 0.3 × 回应, the weights printed nowhere; 乙 and 丁
    // swapped ranks.
    let report = audit(vec![crate::annex::tests::simple_table(
        1,
        &[
            vec![
                "排名",
                "单位",
                "公开指数",
                "解读指数",
                "回应指数",
                "综合指数",
            ],
            vec!["1", "甲", "0.85", "0.90", "0.80", "0.850"],
            vec!["2", "丙", "0.95", "0.60", "0.70", "0.770"],
            vec!["4", "乙", "0.75", "0.80", "0.70", "0.750"],
            vec!["3", "丁", "0.60", "0.70", "0.90", "0.720"],
            vec!["5", "戊", "0.50", "0.55", "0.60", "0.545"],
        ],
    )]);
    let found: Vec<(Check, Severity, Option<usize>)> = report
        .findings
        .iter()
        .map(|f| (f.check, f.severity, f.row))
        .collect();
    assert_eq!(
        found,
        [
            (Check::Rank, Severity::Error, Some(3)),
            (Check::Rank, Severity::Error, Some(4)),
            (Check::Rule, Severity::Warning, None),
        ]
    );
}

/// `累计得分` under each of two sources, beside each source's `本月得分`.
fn same_label_under_each_group(maxima: bool, totals: [&str; 4]) -> Table {
    let (month, cumulative, total) = if maxima {
        ("本月得分（10分）", "累计得分（30分）", "累计总分（60分）")
    } else {
        ("本月得分", "累计得分", "累计总分")
    };
    crate::annex::tests::simple_table(
        1,
        &[
            vec!["单位", "网站", "网站", "微博", "微博", total],
            vec!["单位", month, cumulative, month, cumulative, total],
            vec!["甲", "10", "28", "8", "20", totals[0]],
            vec!["乙", "9", "25", "7", "22", totals[1]],
            vec!["丙", "8", "25", "9", "24", totals[2]],
            vec!["丁", "7", "20", "6", "18", totals[3]],
        ],
    )
}

#[test]
fn a_total_over_one_label_repeated_under_each_group_sums_those_columns_only() {
    // The maxima say it (30 + 30 = 60): the other scored columns are published beside.
    let report = audit(vec![same_label_under_each_group(
        true,
        ["48", "47", "50", "38"],
    )]);
    let found: Vec<(Check, Option<usize>, Option<&str>)> = report
        .findings
        .iter()
        .map(|f| (f.check, f.row, f.expected.as_deref()))
        .collect();
    assert_eq!(found, [(Check::Total, Some(3), Some("49"))]);
    let TableOutcome::Score { rule_text, .. } = &report.tables[0].outcome else {
        panic!("not a score table");
    };
    assert_eq!(
        rule_text,
        "total = 网站·累计得分（30分） + 微博·累计得分（30分）"
    );
    // Without maxima the data say it, and the rule is reported as inferred.
    let report = audit(vec![same_label_under_each_group(
        false,
        ["48", "47", "49", "38"],
    )]);
    let found: Vec<(Check, Severity, &str)> = report
        .findings
        .iter()
        .map(|f| (f.check, f.severity, f.message.as_str()))
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].0, found[0].1),
        (Check::Rule, Severity::Notice),
        "{found:?}"
    );
    assert!(
        found[0].2.contains("网站·累计得分 + 微博·累计得分"),
        "{}",
        found[0].2
    );
}

/// The findings at warning severity or above (`Severity` orders the most severe first).
fn serious(report: &AuditReport) -> Vec<&Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.severity <= Severity::Warning)
        .collect()
}

/// Five rows scored on three parts, the total at `at` (0: before the parts, 3: after them)
/// under `label`, 丙's total printed `third`.
fn scored(label: &str, at: usize, third: &str) -> Table {
    let rows = [
        ["1", "甲局", "91.80", "35.95", "26.40", "29.45"],
        ["2", "乙局", "89.80", "38.75", "26.40", "24.65"],
        ["3", "丙局", third, "32.00", "29.55", "19.15"],
        ["4", "丁局", "75.00", "30.00", "25.00", "20.00"],
        ["5", "戊局", "70.50", "30.00", "20.50", "20.00"],
    ];
    let header = [
        "排名",
        "单位",
        label,
        "信息发布（40分）",
        "解读回应（30分）",
        "办事服务（30分）",
    ];
    fn order(r: [&str; 6], at: usize) -> Vec<&str> {
        let mut parts = vec![r[3], r[4], r[5]];
        parts.insert(at, r[2]);
        [r[0], r[1]].into_iter().chain(parts).collect()
    }
    let mut all = vec![order(header, at)];
    all.extend(rows.into_iter().map(|r| order(r, at)));
    table(&all)
}

/// annex-kinds: the total stands first (`总得分(100)` before its parts), or is named only as a
/// score (`得分（100分）`, `一季度得分`) with its own maximum, before or after the parts. Each was
/// read as a ranked list or a budget table and its wrong total went unreported; now it is the
/// sum of its parts, and 丙局's 81.70 (80.70 summed) is the one finding.
#[test]
fn a_total_first_or_named_as_a_score_with_its_maximum_is_the_sum_of_its_parts() {
    for (label, at) in [
        ("总得分(100)", 0),
        ("总分（100分）", 0),
        ("得分（100分）", 0),
        ("得分（100分）", 3),
        ("一季度得分（100分）", 3),
        ("一季度得分", 0),
    ] {
        let report = audit(vec![scored(label, at, "80.70")]);
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.severity > Severity::Warning),
            "{label} at {at}: {:#?}",
            report.findings
        );
        assert_eq!(report.summary.totals_checked, 5, "{label} at {at}");
        let report = audit(vec![scored(label, at, "81.70")]);
        let got: Vec<_> = serious(&report)
            .into_iter()
            .map(|f| (f.check, f.row, f.expected.as_deref()))
            .collect();
        assert_eq!(
            got,
            [(Check::Total, Some(3), Some("80.70"))],
            "{label} at {at}: {:#?}",
            report.findings
        );
    }
}

/// A total misprinted above the next rows' (丙局 90.70 for 80.70) while the printed ranks follow
/// the right totals: by the published totals 乙局 and 丙局 look misranked, by the corrected
/// ones they are right. One finding, the total, an error (the ranking stands, so not
/// critical), the two ranks its consequences. (They were two rank errors of their own, and the
/// total's message said the place would change from 2 to 3 when the rank column said 3.)
#[test]
fn ranks_right_by_the_corrected_total_are_its_consequences_not_errors() {
    let report = audit(vec![scored("总分（100分）", 3, "90.70")]);
    let found = serious(&report);
    assert_eq!(found.len(), 1, "{found:#?}");
    let total = found[0];
    assert_eq!(
        (total.check, total.severity, total.row),
        (Check::Total, Severity::Error, Some(3))
    );
    assert!(total.message.contains("rank"), "{}", total.message);
    // A digit of the total or of 办事服务 (19.15 for 29.15): either fits, neither is asserted.
    let why = total.explanation.as_deref().unwrap_or_default();
    assert!(
        why.contains("possibly one digit wrong in the total")
            && why.contains("possibly one digit wrong in 办事服务"),
        "{why}"
    );
    let ranks: Vec<_> = total
        .consequences
        .iter()
        .map(|c| (c.check, c.row))
        .collect();
    assert_eq!(ranks, [(Check::Rank, Some(2)), (Check::Rank, Some(3))]);
}

/// annex-kinds: maxima given only in the paragraph above the table (`满分为100分（政务公开60分、
/// 政府网站40分）`, or `其中…` after the total). They were ignored: 63.60 of 60 and a total of
/// 102.00 of 100 passed. Now the part is the finding and the total over 100 its consequence.
#[test]
fn maxima_stated_above_the_table_bound_its_columns() {
    for caption in [
        "市直部门评估满分为100分（政务公开60分、政府网站40分）。",
        "本次评估满分为100分，其中政务公开60分、政府网站40分。",
    ] {
        let mut t = table(&[
            vec!["排名", "部门", "政务公开", "政府网站", "总分"],
            vec!["1", "教育体育局", "63.60", "38.40", "102.00"],
            vec!["2", "自然资源局", "59.90", "31.90", "91.80"],
            vec!["3", "工业和信息化局", "55.50", "34.95", "90.45"],
            vec!["4", "民政局", "50.00", "30.00", "80.00"],
        ]);
        t.caption = Some(caption.into());
        let report = audit(vec![t]);
        let got: Vec<_> = serious(&report)
            .into_iter()
            .map(|f| (f.check, f.row, f.column.as_deref()))
            .collect();
        assert_eq!(
            got,
            [(Check::Range, Some(1), Some("政务公开"))],
            "{caption}: {:#?}",
            report.findings
        );
        let part = &report.findings[0];
        let consequences: Vec<_> = part
            .consequences
            .iter()
            .map(|f| (f.check, f.column.as_deref()))
            .collect();
        assert_eq!(consequences, [(Check::Range, Some("总分"))]);
    }
}

/// A wrong total above the maximum (丙局 101.70 of 100, its parts making 80.70): one finding,
/// the total; its being over the maximum, and the ranks it seems to upset, are consequences.
#[test]
fn a_wrong_total_over_its_maximum_is_one_finding() {
    let report = audit(vec![scored("总分（100分）", 3, "101.70")]);
    let found: Vec<_> = serious(&report)
        .into_iter()
        .map(|f| (f.check, f.row))
        .collect();
    assert_eq!(found, [(Check::Total, Some(3))], "{:#?}", report.findings);
    assert!(
        report.findings[0]
            .consequences
            .iter()
            .any(|c| c.check == Check::Range),
        "{:#?}",
        report.findings[0].consequences
    );
}

/// A total printed first is a score table's only where the header speaks of scores: an
/// allocation (`分配资金合计`, where 分 is 分配's) or columns numbered `（1）（2）（3）` stay
/// the structure engine's, their 合计 row summed down.
#[test]
fn allocations_with_the_total_first_stay_budget_tables() {
    for header in [
        vec!["序号", "县区", "分配资金合计", "中央资金", "省级资金"],
        vec![
            "序号",
            "县区",
            "合计（1）",
            "基本支出（2）",
            "项目支出（3）",
        ],
    ] {
        let report = audit(vec![table(&[
            header.clone(),
            vec!["1", "甲县", "30.00", "20.00", "10.00"],
            vec!["2", "乙县", "20.00", "15.00", "5.00"],
            vec!["3", "丙县", "13.00", "10.00", "3.00"],
            vec!["", "合计", "63.00", "45.00", "18.00"],
        ])]);
        assert!(
            matches!(report.tables[0].outcome, TableOutcome::Structured { .. }),
            "{header:?}: {:?}",
            report.tables[0].outcome
        );
        assert!(
            report
                .findings
                .iter()
                .all(|f| f.severity > Severity::Warning),
            "{header:?}: {:#?}",
            report.findings
        );
    }
}

/// The ranking stands only when every printed rank fits the corrected totals: with 戊局
/// printed 4th (5th by any totals), the misprinted total's correction still changes places
/// the ranks do not show, and it stays critical.
#[test]
fn a_total_stays_critical_unless_every_printed_rank_fits_the_corrected_totals() {
    let mut t = scored("总分（100分）", 3, "90.70");
    set(std::slice::from_mut(&mut t), 1, 5, 0, "4");
    let report = audit(vec![t]);
    let total = report
        .findings
        .iter()
        .find(|f| f.check == Check::Total)
        .expect("the total's finding");
    assert_eq!(total.severity, Severity::Critical, "{:#?}", report.findings);
}
