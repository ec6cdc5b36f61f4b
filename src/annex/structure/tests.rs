//! Tests of the structure engine: one table per structure of the budget section of
//! `annex-kinds.md`, each clean and with one planted error, and the real score table.

use rust_decimal::Decimal;

use super::*;
use crate::annex::tests::{SAS_LIFE_TABLE, cell, seed_tables, simple_table};
use crate::wordml::{Cell, Row, VMerge};

/// A table of simple cells from rows of texts.
fn table(rows: &[&[&str]]) -> Table {
    let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    simple_table(1, &rows)
}

fn analysed(rows: &[&[&str]]) -> TableStructure {
    analyse(&table(rows), &StructureVocabulary::default())
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str_exact(s).unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The findings as (relation id, result, caused_by).
fn findings(s: &TableStructure) -> Vec<(&str, &RelationResult, Option<&str>)> {
    s.results
        .iter()
        .filter(|e| e.result.is_finding())
        .map(|e| (e.relation.as_str(), &e.result, e.caused_by.as_deref()))
        .collect()
}

/// Every relation is consistent, and there is at least one of each kind named.
fn assert_clean(s: &TableStructure, kinds: &[RelationKind]) {
    for (r, e) in s.relations.iter().zip(&s.results) {
        assert_eq!(
            e.result,
            RelationResult::Consistent,
            "{}: {}",
            r.id,
            r.rule.en
        );
    }
    for kind in kinds {
        assert!(
            s.relations.iter().any(|r| r.kind == *kind),
            "no {kind:?} relation in {:#?}",
            s.relations.iter().map(|r| &r.id).collect::<Vec<_>>()
        );
    }
}

fn inconsistent(expected: &str, published: &str) -> RelationResult {
    let (e, p) = (dec(expected), dec(published));
    RelationResult::Inconsistent {
        expected: e,
        exact: e,
        published: p,
        delta: p - e,
    }
}

/// Sets the text of the cell at (row, column) of a row list.
fn planted<'a>(rows: &[&[&'a str]], row: usize, col: usize, text: &'a str) -> Vec<Vec<&'a str>> {
    let mut out: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    out[row][col] = text;
    out
}

fn analysed_vec(rows: &[Vec<&str>]) -> TableStructure {
    analyse(&simple_table(1, rows), &StructureVocabulary::default())
}

const TOTAL_LAST: &[&[&str]] = &[
    &["项目", "合计", "基本支出", "项目支出"],
    &["甲单位", "150.50", "100.50", "50"],
    &["乙单位", "80", "60", "20"],
    &["合计", "230.50", "160.50", "70"],
];

#[test]
fn a_total_row_last_sums_the_rows_above_and_a_total_column_its_group() {
    let s = analysed(TOTAL_LAST);
    assert_clean(&s, &[RelationKind::ColumnSum, RelationKind::RowTotal]);
    assert_eq!(s.rows[3].role, RowRole::Summary);
    let roles: Vec<ColumnRole> = s.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            ColumnRole::Label,
            ColumnRole::Total,
            ColumnRole::Amount,
            ColumnRole::Amount
        ]
    );
    let sum = s.relation("column_sum:合计:基本支出").expect("column sum");
    assert_eq!(
        sum.operands
            .iter()
            .map(|o| o.cell.table_row)
            .collect::<Vec<_>>(),
        [1, 2]
    );
    assert_eq!(sum.target.published, "160.50");
    assert_eq!(sum.rounding, 2);

    // 乙单位's 合计 published 90 instead of 80: the row is the cause, the 合计 row's total
    // cell its consequence.
    let s = analysed_vec(&planted(TOTAL_LAST, 2, 1, "90"));
    assert_eq!(
        findings(&s),
        [
            ("row_total:乙单位:合计", &inconsistent("80", "90"), None),
            (
                "column_sum:合计:合计",
                &inconsistent("240.50", "230.50"),
                Some("row_total:乙单位:合计")
            ),
        ]
    );
}

const TOTAL_FIRST: &[&[&str]] = &[
    &["项目", "金额", "备注"],
    &["合计", "46", ""],
    &["公务接待费", "20", ""],
    &["因公出国（境）费", "26", "含培训"],
];

#[test]
fn a_total_row_first_sums_the_rows_below() {
    let s = analysed(TOTAL_FIRST);
    assert_clean(&s, &[RelationKind::ColumnSum]);
    assert_eq!(s.columns[2].role, ColumnRole::Text);
    let s = analysed_vec(&planted(TOTAL_FIRST, 1, 1, "-52"));
    assert_eq!(
        findings(&s),
        [("column_sum:合计:金额", &inconsistent("46", "-52"), None)]
    );
}

const SUBTOTALS: &[&[&str]] = &[
    &["地区", "金额（万元）"],
    &["一、中央资金", ""],
    &["甲县", "100"],
    &["乙县", "200"],
    &["小计", "300"],
    &["二、省级资金", ""],
    &["甲县", "50"],
    &["丙县", "70"],
    &["小计", "120"],
    &["合计", "420"],
];

#[test]
fn each_subtotal_sums_its_group_and_the_total_sums_the_subtotals() {
    let s = analysed(SUBTOTALS);
    assert_clean(&s, &[RelationKind::Subtotal, RelationKind::ColumnSum]);
    assert_eq!(s.rows[1].role, RowRole::Section);
    let total = s.relation("column_sum:合计:金额（万元）").expect("total");
    assert_eq!(
        total
            .operands
            .iter()
            .map(|o| o.cell.table_row)
            .collect::<Vec<_>>(),
        [4, 8]
    );
    let second = s
        .relation("subtotal:小计:金额（万元）#2")
        .expect("second subtotal");
    assert_eq!(
        second
            .operands
            .iter()
            .map(|o| o.cell.table_row)
            .collect::<Vec<_>>(),
        [6, 7]
    );
    // The first 小计 published 310: wrong itself, and the 合计 disagrees because of it.
    let s = analysed_vec(&planted(SUBTOTALS, 4, 1, "310"));
    assert_eq!(
        findings(&s),
        [
            (
                "subtotal:小计:金额（万元）",
                &inconsistent("300", "310"),
                None
            ),
            (
                "column_sum:合计:金额（万元）",
                &inconsistent("430", "420"),
                Some("subtotal:小计:金额（万元）")
            ),
        ]
    );
}

const CODES: &[&[&str]] = &[
    &["科目编码", "科目名称", "本年支出"],
    &["合计", "", "400"],
    &["201", "一般公共服务支出", "300"],
    &["20101", "人大事务", "120"],
    &["2010101", "行政运行", "100"],
    &["2010102", "一般行政管理事务", "20"],
    &["20103", "政府办公厅（室）及相关机构事务", "180"],
    &["2010301", "行政运行", "180"],
    &["205", "教育支出", "100"],
    &["20502", "普通教育", "100"],
    &["2050201", "学前教育", "100"],
];

#[test]
fn classification_codes_sum_level_by_level_and_the_total_sums_the_classes_only() {
    let s = analysed(CODES);
    assert_clean(&s, &[RelationKind::Hierarchy, RelationKind::ColumnSum]);
    assert_eq!(s.columns[0].role, ColumnRole::Code);
    assert_eq!(s.rows[4].code.as_deref(), Some("2010101"));
    assert_eq!(s.rows[4].parent, Some(3));
    assert_eq!(s.rows[3].parent, Some(2));
    assert_eq!(s.rows[2].parent, None);
    let total = s.relation("column_sum:合计:本年支出").expect("total");
    assert_eq!(
        total
            .operands
            .iter()
            .map(|o| o.cell.table_row)
            .collect::<Vec<_>>(),
        [2, 8]
    );
    // The code column is never summed.
    assert!(s.relations.iter().all(|r| r.target.column != 0));
    // 人大事务 published 125: its own sum disagrees, and 201 disagrees because of it.
    let s = analysed_vec(&planted(CODES, 3, 2, "125"));
    assert_eq!(
        findings(&s),
        [
            (
                "hierarchy:一般公共服务支出:本年支出",
                &inconsistent("305", "300"),
                Some("hierarchy:人大事务:本年支出")
            ),
            (
                "hierarchy:人大事务:本年支出",
                &inconsistent("120", "125"),
                None
            ),
        ]
    );
}

#[test]
fn codes_in_front_of_the_name_make_the_same_hierarchy() {
    let rows: Vec<Vec<&str>> = vec![
        vec!["功能分类科目", "金额"],
        vec!["201 一般公共服务支出", "300"],
        vec!["20101 人大事务", "120"],
        vec!["20103 政府办公厅", "180"],
        vec!["205 教育支出", "100"],
        vec!["总计", "400"],
    ];
    let s = analysed_vec(&rows);
    assert_clean(&s, &[RelationKind::Hierarchy, RelationKind::ColumnSum]);
    assert_eq!(s.rows[2].code.as_deref(), Some("20101"));
    let mut wrong = rows.clone();
    wrong[3][1] = "170";
    let s = analysed_vec(&wrong);
    assert_eq!(
        findings(&s),
        [(
            "hierarchy:201 一般公共服务支出:金额",
            &inconsistent("290", "300"),
            None
        )]
    );
}

const OF_WHICH_COMPLETE: &[&[&str]] = &[
    &["项目", "上年决算数", "本年决算数"],
    &["合计", "100", "90"],
    &["1.公务接待费", "20", "18"],
    &["2.因公出国（境）费", "30", "22"],
    &["3.公务用车购置及运行费", "50", "50"],
    &["其中：（1）公务用车购置费", "20", "10"],
    &["（2）公务用车运行费", "30", "40"],
];

#[test]
fn a_complete_of_which_list_equals_its_parent_and_is_not_added_again() {
    let s = analysed(OF_WHICH_COMPLETE);
    assert_clean(&s, &[RelationKind::PartOf, RelationKind::ColumnSum]);
    assert!(s.rows[5].of_which && s.rows[6].of_which);
    assert_eq!(s.rows[6].parent, Some(4));
    let part = s
        .relation("part_of:3.公务用车购置及运行费:本年决算数")
        .expect("part of");
    assert_eq!(part.bound, Bound::Equal);
    let total = s.relation("column_sum:合计:本年决算数").expect("total");
    assert_eq!(
        total
            .operands
            .iter()
            .map(|o| o.cell.table_row)
            .collect::<Vec<_>>(),
        [2, 3, 4]
    );
    let s = analysed_vec(&planted(OF_WHICH_COMPLETE, 6, 2, "35"));
    assert_eq!(
        findings(&s),
        [(
            "part_of:3.公务用车购置及运行费:本年决算数",
            &inconsistent("45", "50"),
            None
        )]
    );
}

const OF_WHICH_PARTIAL: &[&[&str]] = &[
    &["项目", "金额"],
    &["1.公务接待费", "20"],
    &["2.公务用车购置及运行费", "50"],
    &["其中：公务用车运行费", "30"],
    &["合计", "70"],
];

#[test]
fn a_partial_of_which_list_is_at_most_its_parent() {
    let s = analysed(OF_WHICH_PARTIAL);
    assert_clean(&s, &[RelationKind::PartOf, RelationKind::ColumnSum]);
    let part = s
        .relation("part_of:2.公务用车购置及运行费:金额")
        .expect("part of");
    assert_eq!(part.bound, Bound::AtMost);
    let s = analysed_vec(&planted(OF_WHICH_PARTIAL, 3, 1, "60"));
    assert_eq!(
        findings(&s),
        [(
            "part_of:2.公务用车购置及运行费:金额",
            &RelationResult::Exceeds {
                parts: dec("60"),
                published: dec("50")
            },
            None
        )]
    );
}

const FUND_COLUMNS: &[&[&str]] = &[
    &["县区", "资金合计", "中央资金", "省级资金", "市级资金"],
    &["甲县", "150", "100", "50", ""],
    &["乙县", "80", "", "60", "20"],
    &["丙县", "30", "", "", "30"],
    &["合计", "260", "100", "110", "50"],
];

fn fund_table(rows: &[Vec<&str>]) -> TableStructure {
    let mut t = simple_table(1, rows);
    t.note = vec!["注：空白表示无该级资金。".into()];
    analyse(&t, &StructureVocabulary::default())
}

#[test]
fn a_total_column_sums_its_group_with_blanks_as_none_and_a_blank_total_is_omitted() {
    let rows: Vec<Vec<&str>> = FUND_COLUMNS.iter().map(|r| r.to_vec()).collect();
    let s = fund_table(&rows);
    assert_clean(&s, &[RelationKind::RowTotal, RelationKind::ColumnSum]);
    assert!(s.grid.blank_is_zero.iter().all(|b| *b));
    // 丙县's 资金合计 left blank: an omission, and the 合计 row disagrees by the amount missing.
    let s = fund_table(&planted(FUND_COLUMNS, 3, 1, ""));
    assert_eq!(
        findings(&s),
        [
            (
                "row_total:丙县:资金合计",
                &RelationResult::Omitted {
                    expected: dec("30")
                },
                None
            ),
            (
                "column_sum:合计:资金合计",
                &inconsistent("230", "260"),
                Some("row_total:丙县:资金合计")
            ),
        ]
    );
}

const CHANGES: &[&[&str]] = &[
    &[
        "项目",
        "2022年决算数",
        "2023年决算数",
        "增减额",
        "增减率（%）",
    ],
    &["公务接待费", "125.00", "116.90", "-8.10", "-6.48%"],
    &["因公出国（境）费", "40.00", "35.00", "-5.00", "-12.5%"],
    &["公务用车购置费", "10.00", "0.00", "-10.00", "-100%"],
    &["合计", "175.00", "151.90", "-23.10", "-13.2%"],
];

#[test]
fn differences_and_rates_are_rounded_to_the_decimals_each_cell_prints() {
    let s = analysed(CHANGES);
    assert_clean(
        &s,
        &[
            RelationKind::Difference,
            RelationKind::Rate,
            RelationKind::ColumnSum,
        ],
    );
    let rate = s.relation("rate:公务接待费:增减率（%）").expect("rate");
    assert_eq!(rate.rounding, 2);
    assert_eq!(rate.operands[0].cell.column, 2);
    assert_eq!(rate.operands[1].cell.column, 1);
    assert_eq!(
        s.relation("rate:公务用车购置费:增减率（%）")
            .map(|r| r.rounding),
        Some(0)
    );
    // 因公出国（境）费 2023 published 36.00 instead of 35.00: the difference is the finding;
    // the rate and the 合计 disagree because of it.
    let s = analysed_vec(&planted(CHANGES, 2, 2, "36.00"));
    let diff = "difference:因公出国（境）费:增减额";
    assert_eq!(
        findings(&s),
        [
            (diff, &inconsistent("-4.00", "-5.00"), None),
            (
                "rate:因公出国（境）费:增减率（%）",
                &RelationResult::Inconsistent {
                    expected: dec("-10.0"),
                    exact: dec("-10"),
                    published: dec("-12.5"),
                    delta: dec("-2.5"),
                },
                Some(diff)
            ),
            (
                "column_sum:合计:2023年决算数",
                &inconsistent("152.90", "151.90"),
                Some(diff)
            ),
        ]
    );
}

const CONTEXT: &[&[&str]] = &[
    &["附件2", "", "", ""],
    &["2024年部门支出预算表", "", "", ""],
    &["", "", "", "单位：万元"],
    &["项目", "合计", "基本支出", "项目支出"],
    &["", "", "", ""],
    &["行政运行", "1,200.00", "1,000.00", "200.00"],
    &["机关服务", "300.00", "", "300.00"],
    &["", "", "", ""],
    &["合计", "1,500.00", "1,000.00", "500.00"],
];

#[test]
fn context_rows_give_the_unit_and_spacer_rows_are_skipped() {
    let s = analysed(CONTEXT);
    assert_clean(&s, &[RelationKind::RowTotal, RelationKind::ColumnSum]);
    assert_eq!(s.unit.as_deref(), Some("万元"));
    let roles: Vec<RowRole> = s.rows.iter().map(|r| r.role).collect();
    assert_eq!(
        roles,
        [
            RowRole::Context,
            RowRole::Context,
            RowRole::Context,
            RowRole::Header,
            RowRole::Spacer,
            RowRole::Data,
            RowRole::Data,
            RowRole::Spacer,
            RowRole::Summary,
        ]
    );
    let sum = s.relation("column_sum:合计:合计").expect("sum");
    assert_eq!(sum.target.published, "1,500.00");
    let s = analysed_vec(&planted(CONTEXT, 6, 3, "350.00"));
    assert_eq!(
        findings(&s),
        [
            (
                "row_total:机关服务:合计",
                &inconsistent("350.00", "300.00"),
                None
            ),
            (
                "column_sum:合计:项目支出",
                &inconsistent("550.00", "500.00"),
                Some("row_total:机关服务:合计")
            ),
        ]
    );
}

/// A two-row header: 项目 merged down, 本年预算 and 上年预算 each over 合计, 基本, 项目.
fn merged_header_table(wrong: bool) -> Table {
    let mut t = simple_table(
        1,
        &[
            vec!["项目", "本年预算", "", "", "上年预算", "", ""],
            vec![
                "",
                "合计",
                "基本支出",
                "项目支出",
                "合计",
                "基本支出",
                "项目支出",
            ],
            vec!["甲", "30", "20", "10", "25", "20", "5"],
            vec![
                "乙",
                "12",
                "2",
                "10",
                "9",
                "4",
                if wrong { "6" } else { "5" },
            ],
            vec!["合计", "42", "22", "20", "34", "24", "10"],
        ],
    );
    let top = Row {
        cells: vec![
            Cell {
                row_span: 2,
                v_merge: VMerge::Restart,
                ..cell("项目", 0)
            },
            Cell {
                col_span: 3,
                ..cell("本年预算", 1)
            },
            Cell {
                col_span: 3,
                ..cell("上年预算", 4)
            },
        ],
        header: true,
        grid_before: 0,
        grid_after: 0,
    };
    t.rows[0] = top;
    t.rows[1].cells[0].v_merge = VMerge::Continue;
    t
}

#[test]
fn merged_header_cells_give_each_column_its_path_and_group() {
    let s = analyse(&merged_header_table(false), &StructureVocabulary::default());
    assert_clean(&s, &[RelationKind::RowTotal, RelationKind::ColumnSum]);
    let paths: Vec<&str> = s.columns.iter().map(|c| c.path.as_str()).collect();
    assert_eq!(
        paths,
        [
            "项目",
            "本年预算 / 合计",
            "本年预算 / 基本支出",
            "本年预算 / 项目支出",
            "上年预算 / 合计",
            "上年预算 / 基本支出",
            "上年预算 / 项目支出",
        ]
    );
    let total = s
        .relation("row_total:甲:上年预算 / 合计")
        .expect("row total");
    assert_eq!(
        total
            .operands
            .iter()
            .map(|o| o.cell.column)
            .collect::<Vec<_>>(),
        [5, 6]
    );
    let s = analyse(&merged_header_table(true), &StructureVocabulary::default());
    assert_eq!(
        findings(&s),
        [
            (
                "row_total:乙:上年预算 / 合计",
                &inconsistent("10", "9"),
                None
            ),
            (
                "column_sum:合计:上年预算 / 项目支出",
                &inconsistent("11", "10"),
                Some("row_total:乙:上年预算 / 合计")
            ),
        ]
    );
}

#[test]
fn a_product_stated_in_the_header_is_count_times_points() {
    let rows: Vec<Vec<&str>> = vec![
        vec!["单位", "采用条数", "采用得分（每条5分）"],
        vec!["甲", "3", "15"],
        vec!["乙", "4", "20"],
    ];
    let s = analysed_vec(&rows);
    assert_clean(&s, &[RelationKind::Product]);
    let mut wrong = rows.clone();
    wrong[2][2] = "25";
    let s = analysed_vec(&wrong);
    assert_eq!(
        findings(&s),
        [(
            "product:乙:采用得分（每条5分）",
            &inconsistent("20", "25"),
            None
        )]
    );
}

#[test]
fn a_share_is_the_part_of_the_total_row() {
    let rows: Vec<Vec<&str>> = vec![
        vec!["县区", "资金（万元）", "占比（%）"],
        vec!["重点县", "2080", "65"],
        vec!["其他县", "1120", "35"],
        vec!["合计", "3200", "100"],
    ];
    let s = analysed_vec(&rows);
    assert_clean(&s, &[RelationKind::Share, RelationKind::ColumnSum]);
}

#[test]
fn a_percentage_without_a_formula_is_listed_as_not_recomputed() {
    let s = analysed(&[
        &["项目", "预算数", "执行数", "执行率（%）"],
        &["甲", "100", "90", "90"],
    ]);
    assert!(s.relations.is_empty());
    assert_eq!(s.not_recomputed.len(), 1);
    assert_eq!(
        s.not_recomputed[0].reason,
        NotRecomputedReason::UnknownFormula
    );
    assert_eq!(s.not_recomputed[0].cell.published, "90");
}

#[test]
fn the_real_score_tables_yield_row_totals_and_no_false_alarm() {
    let tables = seed_tables();
    assert_eq!(tables.len(), 3);
    let mut rule_rows = 0;
    for t in &tables {
        let s = analyse(t, &StructureVocabulary::default());
        let totals = s
            .relations
            .iter()
            .filter(|r| r.kind == RelationKind::RowTotal)
            .count();
        let data = s.rows.iter().filter(|r| r.role == RowRole::Data).count();
        assert!(
            data > 0 && totals == data,
            "table {}: {totals} of {data}",
            t.number
        );
        assert_eq!(s.columns[0].role, ColumnRole::Rank, "table {}", t.number);
        assert!(
            s.relations.iter().all(|r| r.kind == RelationKind::RowTotal),
            "table {}",
            t.number
        );
        for (r, e) in s.relations.iter().zip(&s.results) {
            match &e.result {
                RelationResult::Consistent => {}
                RelationResult::NotCheckable {
                    reason: NotCheckableReason::RuleInNote,
                } => rule_rows += 1,
                other => panic!("table {}: {}: {other:?}", t.number, r.id),
            }
        }
    }
    assert!(rule_rows > 0);
}

#[test]
fn the_budget_template_states_the_default_vocabulary() {
    let budget = crate::annex::Template::built_in("budget").expect("budget template");
    assert_eq!(budget.structure, StructureVocabulary::default());
    let evaluation =
        crate::annex::Template::built_in("government-evaluation").expect("evaluation template");
    assert_eq!(evaluation.structure, StructureVocabulary::default());
}

#[test]
fn unnumbered_rows_under_a_numbered_item_are_its_parts_only_as_far_as_they_sum_to_it() {
    let s = analysed(&[
        &["项目", "金额"],
        &["一、一般公共预算拨款", "100"],
        &["基本支出", "60"],
        &["项目支出", "40"],
        &["二、政府性基金", "50"],
        &["上年结转", "20"],
        &["收入总计", "170"],
    ]);
    assert_clean(&s, &[RelationKind::Hierarchy, RelationKind::ColumnSum]);
    assert_eq!(
        (s.rows[2].parent, s.rows[2].parent_inferred),
        (Some(1), true)
    );
    assert_eq!(s.rows[5].parent, None);
    let total = s.relation("column_sum:收入总计:金额").expect("total");
    assert_eq!(
        total
            .operands
            .iter()
            .map(|o| o.cell.table_row)
            .collect::<Vec<_>>(),
        [1, 4, 5]
    );
}

#[test]
fn amounts_of_three_and_five_digits_are_not_codes_and_a_percent_change_is_a_rate() {
    let s = analysed(&[
        &["项目", "上年", "本年", "增减（%）"],
        &["甲", "120", "35000", "29066.67"],
        &["乙", "12345", "200", "-98.38"],
    ]);
    let roles: Vec<ColumnRole> = s.columns.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            ColumnRole::Label,
            ColumnRole::Amount,
            ColumnRole::Amount,
            ColumnRole::Rate
        ]
    );
    assert_clean(&s, &[RelationKind::Rate]);
}

#[test]
fn a_flat_header_of_two_periods_pairs_each_total_with_its_own_parts_and_the_totals() {
    let s = analysed(&[
        &[
            "项目",
            "上年合计",
            "上年基本",
            "上年项目",
            "本年合计",
            "本年基本",
            "本年项目",
            "增减额",
        ],
        &["甲", "30", "20", "10", "32", "24", "8", "2"],
        &["乙", "15", "10", "5", "16", "12", "4", "1"],
        &["合计", "45", "30", "15", "48", "36", "12", "3"],
    ]);
    assert_clean(&s, &[RelationKind::RowTotal, RelationKind::Difference]);
    let current = s.relation("row_total:甲:本年合计").expect("row total");
    assert_eq!(
        current
            .operands
            .iter()
            .map(|o| o.cell.column)
            .collect::<Vec<_>>(),
        [5, 6]
    );
    let diff = s.relation("difference:甲:增减额").expect("difference");
    assert_eq!(
        diff.operands
            .iter()
            .map(|o| o.cell.column)
            .collect::<Vec<_>>(),
        [4, 1]
    );
}

#[test]
fn traditional_characters_name_the_same_rows() {
    let s = analysed(&[
        &["項目", "金額"],
        &["甲", "1.5"],
        &["乙", "2"],
        &["合計", "3.5"],
    ]);
    assert_clean(&s, &[RelationKind::ColumnSum]);
}

#[test]
fn a_ratio_column_without_a_percent_sign_is_never_summed_into_the_total_row() {
    // 执行率 and 完成率 are ratios whatever their header's unit: their 合计 cell is the ratio of
    // the totals (290 ÷ 300), never the sum of the rows' ratios.
    for header in ["执行率", "预算完成率", "执行比例", "百分比"] {
        let s = analysed(&[
            &["项目", "预算数", "执行数", header],
            &["甲", "100", "90", "90"],
            &["乙", "200", "200", "100"],
            &["合计", "300", "290", "96.67"],
        ]);
        assert_clean(&s, &[RelationKind::ColumnSum]);
        assert_eq!(s.columns[3].role, ColumnRole::Percent, "{header}");
        assert!(
            s.not_recomputed
                .iter()
                .any(|n| n.reason == NotRecomputedReason::UnknownFormula),
            "{header}"
        );
    }
}

#[test]
fn a_column_of_percentages_in_its_cells_is_never_summed() {
    let s = analysed(&[
        &["项目", "预算数", "执行数", "进度"],
        &["甲", "100", "90", "90%"],
        &["乙", "200", "200", "100%"],
        &["合计", "300", "290", "96.67%"],
    ]);
    assert_clean(&s, &[RelationKind::ColumnSum]);
    assert_eq!(s.columns[3].role, ColumnRole::Percent);
}

#[test]
fn a_serial_column_left_blank_in_the_total_row_is_an_identifier_not_an_omission() {
    // Only the counts of the life table add up.
    let s = analysed(SAS_LIFE_TABLE);
    assert_clean(&s, &[RelationKind::ColumnSum]);
    assert_eq!(s.columns[1].role, ColumnRole::Rank);
    assert_eq!(s.columns[5].role, ColumnRole::Percent);
}

#[test]
fn a_figure_per_unit_is_never_summed_into_the_total_row() {
    // 单价, 补助标准 (元/人) and 人均经费 are left blank in the 合计 row or state its own
    // average there: neither is an omission or a wrong sum.
    let tables: [(&[&[&str]], usize); 3] = [
        (
            &[
                &["项目", "数量", "单价（元）", "金额（元）"],
                &["甲", "2", "100", "200"],
                &["乙", "3", "50", "150"],
                &["合计", "5", "", "350"],
            ],
            2,
        ),
        (
            &[
                &["地区", "补助标准（元/人）", "人数", "金额（万元）"],
                &["甲县", "1200", "100", "12"],
                &["乙县", "1200", "50", "6"],
                &["合计", "", "150", "18"],
            ],
            1,
        ),
        (
            &[
                &["单位", "人均经费（元）", "总经费（万元）"],
                &["甲", "5000", "10"],
                &["乙", "4000", "8"],
                &["合计", "4500", "18"],
            ],
            1,
        ),
    ];
    for (rows, per_unit) in tables {
        let s = analysed(rows);
        assert_clean(&s, &[RelationKind::ColumnSum]);
        assert_eq!(
            s.columns[per_unit].role,
            ColumnRole::PerUnit,
            "{:?}",
            rows[0]
        );
        assert!(
            s.not_recomputed
                .iter()
                .any(|n| n.reason == NotRecomputedReason::UnknownFormula),
            "{:?}",
            rows[0]
        );
    }
}

#[test]
fn years_dates_and_telephone_numbers_are_identifiers_never_summed() {
    let tables: [(&[&[&str]], usize); 3] = [
        (
            &[
                &["年度", "预算数", "决算数"],
                &["2023", "100", "90"],
                &["2024", "200", "200"],
                &["2025", "300", "280"],
                &["合计", "600", "570"],
            ],
            0,
        ),
        (
            &[
                &["项目", "金额（万元）", "完成时间"],
                &["甲", "10", "2025.6"],
                &["乙", "20", "2025.12"],
                &["合计", "30", ""],
            ],
            2,
        ),
        (
            &[
                &["地区", "面积（亩）", "资金（万元）", "联系电话"],
                &["甲", "100", "10", "12345678"],
                &["乙", "200", "20", "87654321"],
                &["合计", "300", "30", ""],
            ],
            3,
        ),
    ];
    for (rows, identifier) in tables {
        let s = analysed(rows);
        assert_clean(&s, &[RelationKind::ColumnSum]);
        assert_eq!(
            s.columns[identifier].role,
            ColumnRole::Code,
            "{:?}",
            rows[0]
        );
    }
    // Amounts that happen to lie between 1949 and 2100 are amounts when they do not count up
    // one by one.
    let s = analysed(&[
        &["项目", "金额"],
        &["甲", "2000"],
        &["乙", "2050"],
        &["合计", "4050"],
    ]);
    assert_eq!(s.columns[1].role, ColumnRole::Amount);
    assert_clean(&s, &[RelationKind::ColumnSum]);
}

#[test]
fn a_list_marked_once_by_its_first_part_takes_the_unmarked_parts_that_complete_it() {
    // Only the first part carries `其中：`; `公用经费` under it is the list's second part, not an
    // item of its own: the 合计 is 100 + 50, not 100 + 40 + 50.
    let rows: &[&[&str]] = &[
        &["项目", "金额"],
        &["一、基本支出", "100"],
        &["其中：人员经费", "60"],
        &["公用经费", "40"],
        &["二、项目支出", "50"],
        &["合计", "150"],
    ];
    let s = analysed(rows);
    assert_clean(&s, &[RelationKind::ColumnSum, RelationKind::PartOf]);
    assert!(s.rows[2].of_which && s.rows[3].of_which);
    assert_eq!(s.rows[3].parent, Some(1));
    // A wrong 合计 is still found, against the same parts.
    let mut wrong: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    wrong[5][1] = "151";
    let s = analysed_vec(&wrong);
    let found = findings(&s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        matches!(found[0].1, RelationResult::Inconsistent { expected, .. } if *expected == dec("150")),
        "{found:?}"
    );
}

#[test]
fn unmarked_parts_of_an_unnumbered_item_are_nested_only_when_that_makes_the_total_agree() {
    // `人员经费` and `公用经费` were indented under `基本支出` in the document; the text keeps no
    // trace of it. Read flat, the 合计 would be 250 against 150.
    let rows: &[&[&str]] = &[
        &["项目", "金额"],
        &["基本支出", "100"],
        &["人员经费", "60"],
        &["公用经费", "40"],
        &["项目支出", "50"],
        &["合计", "150"],
    ];
    let s = analysed(rows);
    assert_clean(&s, &[RelationKind::ColumnSum, RelationKind::Hierarchy]);
    assert_eq!((s.rows[2].parent, s.rows[3].parent), (Some(1), Some(1)));
    assert!(s.rows[2].parent_inferred && s.rows[3].parent_inferred);
    // The same figures with a 合计 that counts every row: four items of their own.
    let mut flat: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
    flat[5][1] = "250";
    let s = analysed_vec(&flat);
    assert_clean(&s, &[RelationKind::ColumnSum]);
    assert!(s.rows.iter().all(|r| r.parent.is_none()));
    // A 合计 that fits neither reading is still wrong, against the flat one.
    flat[5][1] = "160";
    let s = analysed_vec(&flat);
    let found = findings(&s);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(
        matches!(found[0].1, RelationResult::Inconsistent { expected, .. } if *expected == dec("250")),
        "{found:?}"
    );
}

#[test]
fn a_score_out_of_a_stated_maximum_is_summed_whatever_its_words() {
    // 效率 holds 率, 标准化 标准 and 办理时间 时间: as scores out of a maximum they are parts
    // of 总分, not a ratio, a figure per unit or a date.
    let s = analysed(&[
        &[
            "单位",
            "办事效率（20分）",
            "标准化建设（30分）",
            "办理时间（10分）",
            "服务质量（40分）",
            "总分",
        ],
        &["甲", "18", "25", "8", "37", "88"],
        &["乙", "15", "28", "6", "34", "83"],
    ]);
    assert_clean(&s, &[RelationKind::RowTotal]);
    for c in 1..=4 {
        assert_eq!(
            s.columns[c].role,
            ColumnRole::Amount,
            "{}",
            s.columns[c].label
        );
    }
    assert_eq!(
        s.relations
            .iter()
            .filter(|r| r.kind == RelationKind::RowTotal)
            .count(),
        2
    );
}

/// A numbered list of words has nothing to recompute: its serial numbers are no figures. A
/// column of amounts beside them is.
#[test]
fn serial_numbers_alone_are_no_figures() {
    let list = analysed(&[
        &["序号", "类别", "包括产品"],
        &["1", "畜禽类", "猪肉、牛肉、羊肉"],
        &["2", "水产类", "鱼、虾、蟹"],
        &["3", "果蔬类", "苹果、梨"],
    ]);
    assert!(!list.has_figures(), "{:?}", list.columns);
    let amounts = analysed(&[
        &["序号", "项目", "金额"],
        &["1", "办公费", "12.50"],
        &["2", "差旅费", "8.00"],
    ]);
    assert!(amounts.has_figures(), "{:?}", amounts.columns);
}

/// The official final-accounts forms number their rows (a 行次 column on each side) and their
/// columns (a 栏次 row under the header). The 行次 were read as amounts (本年收入合计 "公布 9，
/// 重新计算为 36") and the 栏次 row as the header, the columns named `1`, `2`, … and their row
/// sums never found: both are identifiers now, and the table is checked as printed.
#[test]
fn row_and_column_numbers_of_the_official_forms_are_identifiers() {
    let two_sided = analysed(&[
        &["收入", "", "", "支出", "", ""],
        &["项目", "行次", "金额", "项目", "行次", "金额"],
        &[
            "一、财政拨款收入",
            "1",
            "90.00",
            "一、一般公共服务支出",
            "5",
            "30.00",
        ],
        &["二、其他收入", "2", "10.00", "二、教育支出", "6", "70.00"],
        &["本年收入合计", "3", "100.00", "本年支出合计", "7", "100.00"],
        &["年初结转和结余", "4", "5.00", "年末结转和结余", "8", "5.00"],
        &["收入总计", "9", "105.00", "支出总计", "10", "105.00"],
    ]);
    assert_clean(&two_sided, &[RelationKind::ColumnSum]);
    // Read as two sides, each with its totals, and the sides balance.
    let ids: Vec<&str> = two_sided.relations.iter().map(|r| r.id.as_str()).collect();
    assert!(ids.contains(&"balance:收入总计:支出总计"), "{ids:?}");
    assert!(ids.contains(&"column_sum:本年支出合计:金额"), "{ids:?}");
    assert!(
        two_sided
            .columns
            .iter()
            .filter(|c| c.label == "行次")
            .all(|c| c.role == ColumnRole::Code),
        "{:?}",
        two_sided.columns
    );
    let numbered = analysed(&[
        &[
            "科目编码",
            "科目名称",
            "本年收入合计",
            "财政拨款收入",
            "事业收入",
        ],
        &["栏次", "栏次", "1", "2", "3"],
        &["", "合计", "110.00", "90.00", "20.00"],
        &["201", "一般公共服务支出", "40.00", "30.00", "10.00"],
        &["205", "教育支出", "70.00", "60.00", "10.00"],
    ]);
    let labels: Vec<&str> = numbered.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "科目编码",
            "科目名称",
            "本年收入合计",
            "财政拨款收入",
            "事业收入"
        ]
    );
    assert_clean(
        &numbered,
        &[RelationKind::ColumnSum, RelationKind::RowTotal],
    );
    assert!(
        numbered
            .rows
            .iter()
            .all(|r| r.role != RowRole::Data || r.label.as_deref() != Some("栏次"))
    );
}

/// `年初结转和结余` broken down by fund on the rows below it, indented by full-width spaces
/// (`　　一般公共预算财政拨款`), as the official forms print it: read flat, 收入总计 counted the
/// breakdown twice (a false error on a correct table). An indented row is the part of the row
/// above indented less, as far as the figures say so.
#[test]
fn rows_indented_under_an_item_are_its_parts_when_their_figures_make_it() {
    let s = analysed(&[
        &["项目", "金额"],
        &["一、财政拨款", "90.00"],
        &["二、其他收入", "10.00"],
        &["本年收入合计", "100.00"],
        &["年初结转和结余", "20.00"],
        &["\u{3000}\u{3000}一般公共预算财政拨款", "20.00"],
        &["\u{3000}\u{3000}政府性基金预算财政拨款", ""],
        &["收入总计", "120.00"],
    ]);
    assert_clean(&s, &[RelationKind::ColumnSum, RelationKind::Hierarchy]);
    assert_eq!(s.rows[5].parent, Some(4));
}

/// A `其中` right under a total row breaks that total down (`本年支出合计`, then
/// `其中：工资福利支出`): it was taken as a part of the data row above the total, and a part
/// larger than that row was reported (`“其中”项 857.76 大于其所属的“年初结转和结余” 20.00`).
#[test]
fn an_of_which_under_a_total_row_is_a_part_of_that_total() {
    let s = analysed(&[
        &["项目", "金额"],
        &["一、基本支出", "60.00"],
        &["二、项目支出", "40.00"],
        &["本年支出合计", "100.00"],
        &["其中：工资福利支出", "50.00"],
        &["年末结转和结余", "5.00"],
        &["支出总计", "105.00"],
    ]);
    assert!(findings(&s).is_empty(), "{:#?}", findings(&s));
    assert_eq!(s.rows[4].parent, Some(3));
}

/// 财政拨款收入支出决算总表 as the official form prints it: the left side breaks
/// `年初财政拨款结转和结余` down by fund on indented lines, and the right side has a 合计 column
/// over three fund columns. Read as before, 收入总计 counted the breakdown twice (a false error
/// on a correct table) and only the right side's first column was checked.
const FUNDS_TWO_SIDED: &[&[&str]] = &[
    &["收入", "", "", "支出", "", "", "", "", ""],
    &[
        "项目",
        "行次",
        "金额",
        "项目",
        "行次",
        "合计",
        "一般公共预算财政拨款",
        "政府性基金预算财政拨款",
        "国有资本经营预算财政拨款",
    ],
    &[
        "一、一般公共预算财政拨款",
        "1",
        "90.00",
        "一、教育支出",
        "30",
        "60.00",
        "60.00",
        "",
        "",
    ],
    &[
        "二、政府性基金预算财政拨款",
        "2",
        "10.00",
        "二、城乡社区支出",
        "31",
        "45.00",
        "35.00",
        "10.00",
        "",
    ],
    &[
        "本年收入合计",
        "3",
        "100.00",
        "本年支出合计",
        "32",
        "105.00",
        "95.00",
        "10.00",
        "",
    ],
    &[
        "年初财政拨款结转和结余",
        "4",
        "20.00",
        "年末财政拨款结转和结余",
        "33",
        "15.00",
        "15.00",
        "",
        "",
    ],
    &[
        "\u{3000}\u{3000}一般公共预算财政拨款",
        "5",
        "20.00",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    &[
        "\u{3000}\u{3000}政府性基金预算财政拨款",
        "6",
        "",
        "",
        "",
        "",
        "",
        "",
        "",
    ],
    &[
        "收入总计",
        "7",
        "120.00",
        "支出总计",
        "34",
        "120.00",
        "110.00",
        "10.00",
        "",
    ],
];

#[test]
fn a_two_sided_table_reads_indented_breakdowns_and_every_figure_column_of_a_side() {
    let s = analysed(FUNDS_TWO_SIDED);
    assert_clean(
        &s,
        &[
            RelationKind::ColumnSum,
            RelationKind::Hierarchy,
            RelationKind::RowTotal,
        ],
    );
    let ids: Vec<&str> = s.relations.iter().map(|r| r.id.as_str()).collect();
    for id in [
        "column_sum:收入总计:金额",
        "hierarchy:年初财政拨款结转和结余:金额",
        "column_sum:本年支出合计:一般公共预算财政拨款",
        "column_sum:支出总计:政府性基金预算财政拨款",
        "row_total:二、城乡社区支出:合计",
        "balance:收入总计:支出总计",
    ] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
    // 收入总计 sums 本年收入合计 and the line broken down, not the breakdown again.
    let total = s
        .relations
        .iter()
        .find(|r| r.id == "column_sum:收入总计:金额")
        .map(|r| {
            r.operands
                .iter()
                .map(|o| o.cell.table_row)
                .collect::<Vec<_>>()
        });
    assert_eq!(total, Some(vec![4, 5]));
    // A column without a figure has nothing to sum.
    assert!(
        !ids.iter()
            .any(|id| id.ends_with(":国有资本经营预算财政拨款")),
        "{ids:?}"
    );

    // A slip in a fund column is found, once at its cause.
    let wrong = analysed_vec(&planted(FUNDS_TWO_SIDED, 3, 6, "53.00"));
    let roots: Vec<&str> = wrong.root_findings().map(|(r, _)| r.id.as_str()).collect();
    assert_eq!(roots.len(), 1, "{:#?}", findings(&wrong));
    // A slip inside the breakdown is found at the line it breaks down.
    let wrong = analysed_vec(&planted(FUNDS_TWO_SIDED, 6, 2, "2.00"));
    let roots: Vec<&str> = wrong.root_findings().map(|(r, _)| r.id.as_str()).collect();
    assert_eq!(roots, ["hierarchy:年初财政拨款结转和结余:金额"]);
}

/// 收入支出决算总体增减变动表: 收入总计 first, then 本年收入合计 broken down by an unnumbered
/// `其中` list whose later items are aligned under the first by full-width spaces, then
/// 年初结转和结余. Each total was read as the sum of the rows after it: 收入总计 = 本年收入合计
/// alone and 本年收入合计 = 事业收入 + 其他收入 + 年初结转和结余, warnings on a correct table.
const TOTALS_IN_SEQUENCE: &[&[&str]] = &[
    &["项目", "2025年度决算数", "2024年度决算数"],
    &["收入总计", "120.00", "110.00"],
    &["本年收入合计", "100.00", "95.00"],
    &["其中：财政拨款收入", "80.00", "75.00"],
    &["\u{3000}\u{3000}\u{3000}事业收入", "20.00", "20.00"],
    &["年初结转和结余", "20.00", "15.00"],
    &["支出总计", "120.00", "110.00"],
    &["本年支出合计", "105.00", "100.00"],
    &["其中：基本支出", "70.00", "60.00"],
    &["\u{3000}\u{3000}\u{3000}项目支出", "35.00", "40.00"],
    &["年末结转和结余", "15.00", "10.00"],
];

#[test]
fn totals_in_sequence_each_sum_their_own_level_and_an_aligned_of_which_list_goes_on() {
    let s = analysed(TOTALS_IN_SEQUENCE);
    assert_clean(&s, &[RelationKind::ColumnSum, RelationKind::PartOf]);
    assert_eq!(s.rows[4].parent, Some(2));
    assert!(s.rows[4].of_which);
    let operands = |id: &str| {
        s.relations.iter().find(|r| r.id == id).map(|r| {
            r.operands
                .iter()
                .map(|o| o.cell.table_row)
                .collect::<Vec<_>>()
        })
    };
    assert_eq!(
        operands("column_sum:收入总计:2025年度决算数"),
        Some(vec![2, 5])
    );
    // 基本支出 + 项目支出 may leave out 经营支出 and 上缴上级支出: at most the total.
    let spending = s
        .relations
        .iter()
        .find(|r| r.id == "part_of:本年支出合计:2025年度决算数");
    assert_eq!(spending.map(|r| r.bound), Some(Bound::AtMost));

    // A 项目支出 that makes the list exceed its total is found there.
    let wrong = analysed_vec(&planted(TOTALS_IN_SEQUENCE, 9, 1, "53.00"));
    let roots: Vec<&str> = wrong.root_findings().map(|(r, _)| r.id.as_str()).collect();
    assert_eq!(roots, ["part_of:本年支出合计:2025年度决算数"]);
}

/// The official two-sided form without 行次 columns: its first line (`一、一般公共预算财政拨款收入
/// | 1,336.48 | 一、一般公共服务支出 | `) has more text than figures and was read as a third
/// header row, so 本年收入合计 lost its first item (“公布 1,472.83，重新计算为 136.35”).
#[test]
fn a_first_line_of_numbered_items_with_one_figure_is_no_header() {
    let s = analysed(&[
        &["收入", "", "支出", ""],
        &["项目", "金额", "项目", "金额"],
        &[
            "一、一般公共预算财政拨款收入",
            "90.00",
            "一、一般公共服务支出",
            "",
        ],
        &["二、事业收入", "10.00", "二、教育支出", "100.00"],
        &["本年收入合计", "100.00", "本年支出合计", "100.00"],
    ]);
    assert_clean(&s, &[RelationKind::ColumnSum]);
    assert_eq!(s.rows[2].role, RowRole::Data);
}

/// 基本支出决算表 prints 人员经费 and 公用经费 side by side, each by economic class with its
/// codes, and each side's 合计 merged over its code and name columns. It had no relation at
/// all (the merged totals had no name on the name column), and read as a 收入/支出 table its
/// two totals would have been set equal.
const BASIC_BY_CLASS: &[&[&str]] = &[
    &[
        "人员经费",
        "人员经费",
        "人员经费",
        "公用经费",
        "公用经费",
        "公用经费",
    ],
    &[
        "科目编码",
        "科目名称",
        "决算数",
        "科目编码",
        "科目名称",
        "决算数",
    ],
    &[
        "301",
        "工资福利支出",
        "30.00",
        "302",
        "商品和服务支出",
        "12.00",
    ],
    &["30101", "基本工资", "20.00", "30201", "办公费", "5.00"],
    &["30102", "津贴补贴", "10.00", "30205", "水费", "7.00"],
    &[
        "303",
        "对个人和家庭的补助",
        "3.00",
        "310",
        "资本性支出",
        "6.00",
    ],
    &["30302", "退休费", "3.00", "31002", "办公设备购置", "6.00"],
    &["人员经费合计", "", "33.00", "公用经费合计", "", "18.00"],
];

#[test]
fn two_lists_side_by_side_sum_by_their_codes_and_do_not_balance() {
    let s = analysed(BASIC_BY_CLASS);
    assert_clean(&s, &[RelationKind::ColumnSum, RelationKind::Hierarchy]);
    let ids: Vec<&str> = s.relations.iter().map(|r| r.id.as_str()).collect();
    for id in [
        "column_sum:人员经费合计:决算数",
        "column_sum:公用经费合计:决算数",
        "hierarchy:工资福利支出:决算数",
        "hierarchy:资本性支出:决算数",
    ] {
        assert!(ids.contains(&id), "{id} not in {ids:?}");
    }
    assert!(!ids.iter().any(|id| id.starts_with("balance:")), "{ids:?}");
    // A wrong 公用经费合计 is found once, at itself.
    let wrong = analysed_vec(&planted(BASIC_BY_CLASS, 7, 5, "18.30"));
    let roots: Vec<&str> = wrong.root_findings().map(|(r, _)| r.id.as_str()).collect();
    assert_eq!(roots, ["column_sum:公用经费合计:决算数"]);
}

/// A section total that opens its own section keeps its rows though a `其中` breaks it down
/// (甲类合计 then 乙类合计 under 总计), and a line indented past the list's items is a part of
/// an item, not of the `其中` list.
#[test]
fn section_totals_first_keep_their_rows_and_a_deeper_line_is_not_in_the_of_which_list() {
    let s = analysed(&[
        &["项目", "金额"],
        &["总计", "150.00"],
        &["甲类合计", "100.00"],
        &["其中：工资", "60.00"],
        &["A1", "60.00"],
        &["A2", "40.00"],
        &["乙类合计", "50.00"],
        &["B1", "50.00"],
    ]);
    assert!(findings(&s).is_empty(), "{:#?}", findings(&s));
    let s = analysed(&[
        &["项目", "金额"],
        &["一般公共服务支出", "100.00"],
        &["\u{3000}其中：人大事务", "60.00"],
        &["\u{3000}\u{3000}行政运行", "50.00"],
        &["\u{3000}\u{3000}一般行政管理事务", "10.00"],
        &["教育支出", "50.00"],
        &["合计", "150.00"],
    ]);
    assert!(!s.rows[3].of_which, "{:#?}", s.rows);
}
