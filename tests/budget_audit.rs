//! The audit of the budget samples (issue 12): every table that is not a score table is read by
//! the structure engine; on the clean sample every total, subtotal and derived figure is
//! recomputed and agrees, on the with-errors sample each planted error B1–B7
//! (`samples/README.md`) is reported once, at its cause, with its consequences attached.

use std::collections::BTreeMap;
use std::path::Path;

use annex_audit::annex::structure::{NotCheckableReason, RelationResult};
use annex_audit::audit::{AuditReport, Check, Finding, Lang, Severity, TableOutcome};
use annex_audit::pipeline::{AuditSettings, audit_path};

fn audit(name: &str) -> AuditReport {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name);
    let settings = AuditSettings {
        lang: Some(Lang::En),
        ..AuditSettings::default()
    };
    audit_path(&path, &settings)
        .expect("the sample reads")
        .report
}

#[test]
fn the_clean_budget_sample_recomputes_every_figure_and_finds_nothing() {
    let report = audit("budget-2025-final-accounts.docx");
    assert_eq!(report.summary.structured_tables, 3, "{:#?}", report.tables);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Notice),
        "{:#?}",
        report.findings
    );
    let kinds: BTreeMap<&str, usize> = report
        .summary
        .relations_by_kind
        .iter()
        .map(|(k, n)| (k.as_str(), *n))
        .collect();
    // Table 1: 31 rows × (合计 column, 增减额, 增减率), 14 parents × 4 amount columns, the 合计
    // row × 4; table 2: 6 rows × (增减额, 增减率), the 合计 row × 2, the `其中` list × 2; table
    // 3: 7 rows' 资金合计, the 合计 row × 4.
    let expected: BTreeMap<&str, usize> = [
        ("column_sum", 10),
        ("difference", 37),
        ("hierarchy", 56),
        ("part_of", 2),
        ("rate", 37),
        ("row_total", 38),
    ]
    .into();
    assert_eq!(kinds, expected);
    assert_eq!(report.summary.inconsistent, 0);
    assert_eq!(report.summary.totals_checked, 171);
    for t in &report.tables {
        let TableOutcome::Structured {
            structure,
            template,
            ..
        } = &t.outcome
        else {
            panic!("table {} not structured: {:?}", t.table, t.outcome)
        };
        assert_eq!(template, "budget");
        assert!(
            structure.not_recomputed.is_empty(),
            "{:?}",
            structure.not_recomputed
        );
        // What is not recomputed: a blank 款 over blank 项 (nothing published) and the 增减率
        // printed `—` over a zero 上年 (2130108 病虫害控制).
        for (relation, evaluated) in structure.relations.iter().zip(&structure.results) {
            if let RelationResult::NotCheckable { reason } = evaluated.result {
                assert!(
                    matches!(
                        reason,
                        NotCheckableReason::NothingPublished
                            | NotCheckableReason::TargetNotApplicable
                    ),
                    "{}: {reason:?}",
                    relation.id
                );
            }
        }
    }
}

/// (check, table, body row, row name, column, published, expected) of a finding.
type Seen<'a> = (
    Check,
    usize,
    Option<usize>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
);

fn seen(f: &Finding) -> Seen<'_> {
    (
        f.check,
        f.table,
        f.row,
        f.name.as_deref(),
        f.column.as_deref(),
        f.published.as_deref(),
        f.expected.as_deref(),
    )
}

#[test]
fn each_planted_error_is_reported_once_at_its_cause_with_its_consequences() {
    let report = audit("budget-2025-final-accounts-with-errors.docx");
    let found: Vec<Seen<'_>> = report.findings.iter().map(seen).collect();
    let expected: Vec<Seen<'_>> = vec![
        // B2: the 合计 row's 项目支出 ≠ Σ 类.
        (
            Check::Sum,
            1,
            Some(1),
            Some("合计"),
            Some("本年决算数 / 项目支出"),
            Some("1546.70"),
            Some("1564.70"),
        ),
        // B4: 增减率 truncated.
        (
            Check::Derived,
            1,
            Some(11),
            Some("学前教育"),
            Some("增减率（%）"),
            Some("8.46"),
            Some("8.47"),
        ),
        // B1: the 基本支出 cell, transposed digits.
        (
            Check::Sum,
            1,
            Some(12),
            Some("小学教育"),
            Some("本年决算数 / 基本支出"),
            Some("2064.35"),
            Some("2046.35"),
        ),
        // B3: the sign of 增减额 lost.
        (
            Check::Derived,
            1,
            Some(21),
            Some("死亡抚恤"),
            Some("增减额"),
            Some("6.30"),
            Some("-6.30"),
        ),
        // B7: the `其中` items counted twice in the 合计.
        (
            Check::Sum,
            2,
            Some(1),
            Some("合计"),
            Some("决算数"),
            Some("108.69"),
            Some("63.43"),
        ),
        // B6: a `其中` part above its parent.
        (
            Check::Sum,
            2,
            Some(5),
            Some("其中：（1）公务用车购置费"),
            Some("预算数"),
            Some("52.00"),
            Some("25.00"),
        ),
        // B5: 资金合计 left blank.
        (
            Check::Sum,
            3,
            Some(3),
            Some("石桥县"),
            Some("资金合计"),
            None,
            Some("1475.00"),
        ),
    ];
    assert_eq!(found, expected, "{:#?}", report.findings);
    assert!(
        report
            .findings
            .iter()
            .all(|f| f.severity == Severity::Error)
    );
    let consequences =
        |i: usize| -> Vec<Seen<'_>> { report.findings[i].consequences.iter().map(seen).collect() };
    // B2: the 合计 row's 合计 ≠ 基本 + 项目.
    assert_eq!(
        consequences(0),
        vec![(
            Check::Sum,
            1,
            Some(1),
            Some("合计"),
            Some("本年决算数 / 合计"),
            Some("7641.31"),
            Some("7623.31")
        )]
    );
    // B1: the row's 合计 and 20502's 基本支出.
    assert_eq!(
        consequences(2),
        vec![
            (
                Check::Sum,
                1,
                Some(12),
                Some("小学教育"),
                Some("本年决算数 / 合计"),
                Some("2459.15"),
                Some("2477.15")
            ),
            (
                Check::Sum,
                1,
                Some(10),
                Some("普通教育"),
                Some("本年决算数 / 基本支出"),
                Some("3937.75"),
                Some("3955.75")
            ),
        ]
    );
    // B5: the 合计 row's 资金合计 with the blank as zero.
    assert_eq!(
        consequences(6),
        vec![(
            Check::Sum,
            3,
            Some(7),
            Some("合计"),
            Some("资金合计"),
            Some("5726.00"),
            Some("4251.00")
        )]
    );
    // B6: the `其中` part 52.00 above its parent; the parent's 48.00 against its parts' 75.00
    // follows from it.
    assert_eq!(
        consequences(5),
        vec![(
            Check::Sum,
            2,
            Some(4),
            Some("3.公务用车购置及运行费"),
            Some("预算数"),
            Some("48.00"),
            Some("75.00")
        )]
    );
    for i in [1, 3, 4] {
        assert!(consequences(i).is_empty(), "{:#?}", report.findings[i]);
    }
    for f in &report.findings {
        for c in &f.consequences {
            assert_eq!(c.caused_by.as_deref(), Some(f.id.as_str()));
            // Each cause names in its message the figures that disagree because of it.
            let figure = c.published.as_deref().unwrap_or("?");
            assert!(f.message.contains(figure), "{figure} in {}", f.message);
        }
    }
    assert!(
        report.findings[0]
            .message
            .ends_with("; because of it these disagree too: 合计 / 本年决算数 / 合计 7641.31"),
        "{}",
        report.findings[0].message
    );
    assert_eq!((report.summary.causes, report.summary.consequences), (7, 5));
    // The slip each planted error is, named.
    let explanations: Vec<Option<&str>> = report
        .findings
        .iter()
        .map(|f| f.explanation.as_deref())
        .collect();
    assert_eq!(
        explanations,
        [
            Some("two digits transposed: 1546.70 for 1564.70"),
            Some(
                "truncated instead of rounded: the published figure drops the exact result's further decimals"
            ),
            Some("two digits transposed: 2064.35 for 2046.35"),
            Some("the sign is wrong (same digits, opposite sign)"),
            Some(
                "the `其中` parts counted again: the extra 45.26 is exactly the sum of the parts listed under “3.公务用车购置及运行费”"
            ),
            Some("two digits transposed: 52.00 for 25.00"),
            None,
        ]
    );
}
