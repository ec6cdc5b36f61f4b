//! Tests of interpretation, on the real annex's tables (parsed from the seed text dump, so they
//! do not depend on the .docx reader) and on small built tables.

use super::*;
use crate::wordml::{Cell, Container, Row, Table, VMerge};

/// A cell of one grid column.
pub(crate) fn cell(text: &str, grid_col: usize) -> Cell {
    Cell {
        text: text.to_string(),
        grid_col,
        col_span: 1,
        row_span: 1,
        v_merge: VMerge::None,
        numbering: None,
        revision: None,
        hidden: None,
        bookmarks: vec![],
        fields: vec![],
        content_control: false,
        nested_tables: vec![],
    }
}

/// A table of simple cells, one per grid column.
pub(crate) fn simple_table(number: usize, rows: &[Vec<&str>]) -> Table {
    let grid_cols = rows.iter().map(Vec::len).max().unwrap_or(0);
    Table {
        number,
        container: Container::Body,
        part: "word/document.xml".into(),
        heading: None,
        caption: None,
        unit_line: None,
        bookmarks: vec![],
        note: vec![],
        nested_in: None,
        continues: None,
        repeats_header: false,
        grid_cols,
        rows: rows
            .iter()
            .map(|r| Row {
                cells: r.iter().enumerate().map(|(i, t)| cell(t, i)).collect(),
                header: false,
                grid_before: 0,
                grid_after: 0,
            })
            .collect(),
        anomalies: vec![],
    }
}

/// The real annex's three tables, from `../shared/seed/000_dcf661efd9754544.txt`: cells are
/// tab-indented lines (a line without a tab continues the cell above as a new paragraph), rows
/// are separated by blank lines, other lines are paragraphs.
pub(crate) fn seed_tables() -> Vec<Table> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/seed/000_dcf661efd9754544.txt"
    );
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut tables: Vec<Table> = Vec::new();
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut row: Vec<String> = Vec::new();
    let mut heading: Option<String> = None;
    let mut in_table = false;
    let flush = |rows: &mut Vec<Vec<String>>, tables: &mut Vec<Table>, heading: &Option<String>| {
        if rows.is_empty() {
            return;
        }
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let mut t = simple_table(tables.len() + 1, &refs);
        t.heading = heading.clone();
        tables.push(t);
        rows.clear();
    };
    for line in text.lines() {
        let line = match line.find(']') {
            Some(i) if line.starts_with("[bookmark:") => &line[i + 1..],
            _ => line,
        };
        if let Some(cell) = line.strip_prefix('\t') {
            in_table = true;
            // A bookmark inside a cell: `\t[bookmark: _Hlk36751843]排名`.
            let cell = match cell.find(']') {
                Some(i) if cell.starts_with("[bookmark:") => &cell[i + 1..],
                _ => cell,
            };
            row.push(cell.to_string());
        } else if line.trim().is_empty() {
            if !row.is_empty() {
                rows.push(std::mem::take(&mut row));
            }
        } else if in_table && !row.is_empty() {
            // A second paragraph of the cell above (总分 / （110分）).
            if let Some(last) = row.last_mut() {
                last.push('\n');
                last.push_str(line);
            }
        } else {
            if in_table {
                flush(&mut rows, &mut tables, &heading);
                in_table = false;
            }
            if line.starts_with("注") {
                if let Some(t) = tables.last_mut() {
                    t.note.push(line.trim().to_string());
                }
            } else {
                heading = Some(line.trim().to_string());
            }
        }
    }
    if !row.is_empty() {
        rows.push(row);
    }
    flush(&mut rows, &mut tables, &heading);
    tables
}

fn sheet(table: &Table) -> ScoreSheet {
    match interpret(table, &Template::default_template()) {
        Interpretation::Score(s) => *s,
        Interpretation::Skipped { reason } => panic!("table {} skipped: {reason}", table.number),
        Interpretation::Structured { .. } => panic!("interpret reads score tables only"),
    }
}

#[test]
fn seed_parses_into_three_tables_of_9_33_3_rows() {
    let tables = seed_tables();
    let sizes: Vec<usize> = tables.iter().map(|t| t.rows.len()).collect();
    assert_eq!(sizes, [10, 34, 4]);
    assert_eq!(tables[0].heading.as_deref(), Some("一、各旗区人民政府"));
    assert_eq!(tables[1].note.len(), 1);
}

#[test]
fn seed_tables_are_score_sheets_with_named_columns_and_maxima() {
    for table in seed_tables() {
        let s = sheet(&table);
        assert_eq!(s.header_rows, 1);
        let roles: Vec<Role> = s.columns.iter().map(|c| c.role).collect();
        use Role::*;
        assert_eq!(
            roles,
            [
                Rank, Name, Component, Component, Component, Component, Component, Component,
                Bonus, Total
            ]
        );
        let maxima: Vec<String> = s
            .columns
            .iter()
            .map(|c| c.max.as_ref().map(|m| m.text.clone()).unwrap_or_default())
            .collect();
        let supervision = if table.number == 1 { "15" } else { "10" };
        assert_eq!(
            maxima,
            [
                "",
                "",
                "40",
                "15",
                "10",
                "10",
                "15",
                supervision,
                "10",
                "110"
            ]
        );
        assert_eq!(s.columns[9].label, "总分（110分）");
        assert_eq!(s.rows.len(), table.rows.len() - 1);
        assert!(s.skipped_rows.is_empty());
        assert!(s.rows.iter().all(|r| r.name.is_some()));
        assert_eq!(s.columns[2].decimals, Some(2));
    }
}

#[test]
fn the_note_states_85_and_20_17_for_tables_two_and_three_only() {
    let tables = seed_tables();
    assert!(sheet(&tables[0]).stated_rule.is_none());
    for t in &tables[1..] {
        let rule = sheet(t).stated_rule.expect("a stated rule");
        assert_eq!(rule.full_mark.map(|d| d.to_string()), Some("85".into()));
        assert_eq!(rule.factor.map(|f| f.to_string()), Some("20/17".into()));
    }
}

#[test]
fn not_applicable_cells_are_markers_and_numbers_keep_their_text() {
    let tables = seed_tables();
    let s = sheet(&tables[1]);
    let first = &s.rows[0];
    assert_eq!(first.name.as_deref(), Some("政务服务局"));
    assert_eq!(first.values[3], Value::NotApplicable("——".into()));
    assert_eq!(
        first.values[9].number().map(|n| n.text.as_str()),
        Some("97.75")
    );
}

/// A two-row header: 排名 / 名称 / 总分 merged vertically, 评估指标 spanning the components.
pub(crate) fn two_row_header_table() -> Table {
    let mut t = simple_table(
        1,
        &[
            vec!["排名", "名称", "评估指标", "", "", "总分（60分）"],
            vec![
                "",
                "",
                "发布解读（40分）",
                "办事服务（15分）",
                "附加指标（5分）",
                "",
            ],
            vec!["1", "甲局", "38.00", "——", "2.00", "46.71"],
            vec!["2", "乙局", "30.00", "10.00", "1.00", "41.00"],
        ],
    );
    // Row 0: 评估指标 spans three grid columns; the covered cells do not exist.
    t.rows[0].cells = vec![
        cell("排名", 0),
        cell("名称", 1),
        Cell {
            col_span: 3,
            ..cell("评估指标", 2)
        },
        cell("总分（60分）", 5),
    ];
    for c in [0, 1, 3] {
        t.rows[0].cells[c].v_merge = VMerge::Restart;
        t.rows[0].cells[c].row_span = 2;
    }
    t.rows[1].cells[0].v_merge = VMerge::Continue;
    t.rows[1].cells[1].v_merge = VMerge::Continue;
    t.rows[1].cells[5].v_merge = VMerge::Continue;
    t
}

#[test]
fn a_two_row_header_with_a_group_cell_is_understood() {
    let s = sheet(&two_row_header_table());
    assert_eq!(s.header_rows, 2);
    let labels: Vec<&str> = s.columns.iter().map(|c| c.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "排名",
            "名称",
            "发布解读（40分）",
            "办事服务（15分）",
            "附加指标（5分）",
            "总分（60分）"
        ]
    );
    assert_eq!(s.columns[2].path, "评估指标 / 发布解读（40分）");
    use Role::*;
    let roles: Vec<Role> = s.columns.iter().map(|c| c.role).collect();
    assert_eq!(roles, [Rank, Name, Component, Component, Bonus, Total]);
    assert_eq!(s.rows.len(), 2);
    assert_eq!(s.rows[0].table_row, 2);
}

#[test]
fn rows_that_are_not_data_are_skipped_with_a_reason() {
    let t = simple_table(
        1,
        &[
            vec!["名称", "得分A（50分）", "得分B（50分）", "合计"],
            vec!["甲", "40", "45", "85"],
            vec!["", "", "", ""],
            vec!["名称", "得分A（50分）", "得分B（50分）", "合计"],
            vec!["乙", "30", "45", "75"],
        ],
    );
    let s = sheet(&t);
    assert_eq!(s.rows.len(), 2);
    let reasons: Vec<&SkipReason> = s.skipped_rows.iter().map(|r| &r.reason).collect();
    assert_eq!(reasons, [&SkipReason::Empty, &SkipReason::RepeatedHeader]);
    // No rank column named: the name comes from the vocabulary.
    assert_eq!(s.rows[1].name.as_deref(), Some("乙"));
}

#[test]
fn a_text_row_inside_the_table_is_skipped_and_read_as_a_note() {
    let mut t = simple_table(
        1,
        &[
            vec!["名称", "A（50分）", "B（50分）", "总分"],
            vec!["甲", "40", "——", "94.12"],
            vec!["注：以50分为满分，结果乘以2/1。"],
        ],
    );
    t.rows[2].cells[0].col_span = 4;
    let s = sheet(&t);
    assert_eq!(s.rows.len(), 1);
    assert!(matches!(s.skipped_rows[0].reason, SkipReason::TextRow(_)));
    let rule = s.stated_rule.expect("rule from the text row");
    assert_eq!(rule.factor.map(|f| f.to_string()), Some("2".into()));
}

/// 财政拨款收支总表 (收入 | 预算数 | 支出 | 合计 | 一般公共预算 | …): its 合计 equals the one
/// figure column left of it on the total rows (本年收入 = 本年支出), which was taken for a
/// score sum. The correct table got 5 errors (“预算数缺少数值” on its blank lines) and a
/// 规则不明 warning in every 部门预算 document.
#[test]
fn a_total_equal_to_the_one_column_beside_it_is_no_score_sum() {
    let rows: Vec<Vec<&str>> = vec![
        vec!["收入", "收入", "支出", "支出", "支出", "支出"],
        vec![
            "项目",
            "预算数",
            "项目",
            "合计",
            "一般公共预算",
            "政府性基金预算",
        ],
        vec![
            "一、本年收入",
            "1831.87",
            "一、本年支出",
            "1831.87",
            "1831.87",
            "",
        ],
        vec![
            "（一）一般公共预算拨款",
            "1831.87",
            "（一）卫生健康支出",
            "299.12",
            "299.12",
            "",
        ],
        vec![
            "（二）政府性基金预算拨款",
            "",
            "（二）节能环保支出",
            "1532.75",
            "1532.75",
            "",
        ],
        vec!["二、上年结转", "", "二、结转下年", "", "", ""],
        vec!["收入总计", "1831.87", "支出总计", "1831.87", "1831.87", ""],
    ];
    let table = simple_table(1, &rows);
    match interpret(&table, &Template::default_template()) {
        Interpretation::Skipped { reason } => assert!(reason.contains("not a score table")),
        Interpretation::Score(_) => panic!("read as a score table"),
        Interpretation::Structured { .. } => {}
    }
    let structure = crate::annex::structure::analyse(
        &table,
        &crate::annex::structure::StructureVocabulary::default(),
    );
    assert_eq!(
        structure.root_findings().count(),
        0,
        "{:#?}",
        structure.results
    );
    assert!(
        structure
            .relations
            .iter()
            .any(|r| r.id == "hierarchy:一、本年支出:合计"),
        "{:#?}",
        structure
            .relations
            .iter()
            .map(|r| &r.id)
            .collect::<Vec<_>>()
    );
}

#[test]
fn tables_that_are_not_score_tables_are_skipped_with_the_reason() {
    let cases: [(Vec<Vec<&str>>, &str); 4] = [
        (
            vec![vec!["姓名", "电话"], vec!["张三", "123"]],
            "no row of numbers",
        ),
        (vec![vec!["1", "2"], vec!["3", "4"]], "no header row"),
        (
            vec![vec!["名称", "A", "B"], vec!["甲", "1", "2"]],
            "no total column",
        ),
        (vec![vec!["总分"]], "fewer than two columns"),
    ];
    for (rows, reason) in cases {
        match interpret(&simple_table(1, &rows), &Template::default_template()) {
            Interpretation::Skipped { reason: r } => assert!(r.contains(reason), "{r}"),
            Interpretation::Score(_) | Interpretation::Structured { .. } => {
                panic!("{rows:?} is not a score table")
            }
        }
    }
}

#[test]
fn an_unnamed_leading_column_of_whole_numbers_is_a_serial_number() {
    let t = simple_table(
        1,
        &[
            vec!["", "单位", "A（50分）", "B（50分）", "总分"],
            vec!["1", "甲", "40.5", "45", "85.5"],
            vec!["2", "乙", "30", "45", "75"],
        ],
    );
    let s = sheet(&t);
    assert_eq!(s.columns[0].role, Role::Serial);
    assert_eq!(s.columns[1].role, Role::Name);
}

#[test]
fn a_summary_row_is_skipped_and_rows_are_renumbered() {
    let t = simple_table(
        1,
        &[
            vec!["排名", "单位", "A（50分）", "B（50分）", "总分"],
            vec!["1", "甲", "40", "45", "85"],
            vec!["2", "乙", "30", "45", "75"],
            vec!["", "合 计", "70", "90", "160"],
        ],
    );
    let s = sheet(&t);
    assert_eq!(s.rows.len(), 2);
    assert_eq!(
        s.skipped_rows[0].reason,
        SkipReason::SummaryRow("合 计".into())
    );
    assert_eq!(s.skipped_rows[0].table_row, 3);
}

/// A life table from a SAS report in the corpus (apache-poi's bug57031.docx): "Total" =
/// Failed + Censored, `Treatment` numbers the strata, `Percent Censored` is 39 ÷ 86.
pub(crate) const SAS_LIFE_TABLE: &[&[&str]] = &[
    &[
        "Stratum",
        "Treatment",
        "Total",
        "Failed",
        "Censored",
        "Percent Censored",
    ],
    &["1", "1", "48", "29", "19", "39.58"],
    &["2", "2", "38", "18", "20", "52.63"],
    &["Total", "", "86", "47", "39", "45.35"],
];

#[test]
fn a_statistics_table_with_a_total_column_is_not_a_score_table() {
    let rows: Vec<Vec<&str>> = SAS_LIFE_TABLE.iter().map(|r| r.to_vec()).collect();
    let t = simple_table(1, &rows);
    match interpret(&t, &Template::default_template()) {
        Interpretation::Skipped { reason } => {
            assert!(reason.contains("not a score table"), "{reason}")
        }
        Interpretation::Score(s) => panic!("audited: {:?}", s.columns),
        Interpretation::Structured { .. } => panic!("interpret reads score tables only"),
    }
    // Without maxima, a table whose totals are the sums is still audited.
    let t = simple_table(
        1,
        &[
            vec!["Name", "Reading", "Writing", "Total"],
            vec!["Ann", "40", "45", "85"],
            vec!["Bob", "30", "45", "76"],
            vec!["Cid", "30", "40", "70"],
        ],
    );
    assert!(matches!(
        interpret(&t, &Template::default_template()),
        Interpretation::Score(_)
    ));
}

#[test]
fn unnamed_numbers_right_of_the_total_are_not_summed() {
    let t = simple_table(
        1,
        &[
            vec!["名称", "A（50分）", "B（50分）", "总分", "同比"],
            vec!["甲", "40", "45", "85", "3"],
        ],
    );
    let s = sheet(&t);
    assert_eq!(s.columns[4].role, Role::Other);
}

#[test]
fn a_long_text_merged_over_many_rows_is_not_copied_whole_into_each() {
    let long = "很".repeat(100_000);
    let mut rows = vec![
        vec!["名称", "得分（50分）", "总分（100分）"],
        vec![&long, "10", "10"],
    ];
    rows.extend((0..1_000).map(|_| vec!["", "10", "10"]));
    let mut table = simple_table(1, &rows);
    for (r, row) in table.rows.iter_mut().enumerate().skip(1) {
        if let Some(first) = row.cells.first_mut() {
            first.v_merge = if r == 1 {
                VMerge::Restart
            } else {
                VMerge::Continue
            };
        }
    }
    let spans: Vec<(usize, usize)> = (0..3).map(|c| (c, 1)).collect();
    let grid = cell_grid(&table.rows, &spans, false);
    // The cell itself keeps its text; the rows it continues over hold a bounded copy.
    assert_eq!(grid[1][0].chars().count(), 100_000);
    assert!(
        grid[2..]
            .iter()
            .all(|row| row[0].chars().count() == MAX_COPIED_CHARS)
    );
    assert!(grid[1001][0].starts_with("很很"));
}

fn skipped(rows: &[Vec<&str>]) -> String {
    match interpret(&simple_table(1, rows), &Template::default_template()) {
        Interpretation::Skipped { reason } => reason,
        Interpretation::Score(_) | Interpretation::Structured { .. } => {
            panic!("{rows:?} read as a score table")
        }
    }
}

fn roles(s: &ScoreSheet) -> Vec<Role> {
    s.columns.iter().map(|c| c.role).collect()
}

#[test]
fn a_ranked_list_of_one_score_is_a_score_table_with_nothing_to_recompute() {
    let s = sheet(&simple_table(
        1,
        &[
            vec!["排名", "单位", "得分"],
            vec!["1", "甲局", "95"],
            vec!["2", "乙局", "92"],
            vec!["2", "丙局", "90"],
            vec!["4", "丁局", "88"],
        ],
    ));
    assert_eq!(roles(&s), [Role::Rank, Role::Name, Role::Total]);
    assert!(s.is_ranked_list());
    assert_eq!(s.rows.len(), 4);
    // An ordinary score table is not one.
    assert!(!sheet(&seed_tables()[0]).is_ranked_list());
}

#[test]
fn a_ranked_list_ranks_the_column_its_header_calls_a_score_and_publishes_the_others() {
    let s = sheet(&simple_table(
        1,
        &[
            vec!["单位", "工单数", "得分", "排名"],
            vec!["甲", "7", "95", "1"],
            vec!["乙", "9", "92", "2"],
            vec!["丙", "8", "90", "3"],
        ],
    ));
    assert_eq!(
        roles(&s),
        [Role::Name, Role::Other, Role::Total, Role::Rank]
    );
    assert_eq!(s.rows[0].values[1], Value::Unparsed("7".into()));
    // Two number columns and neither named a score: which one the ranks follow is unknown.
    let reason = skipped(&[
        vec!["排名", "单位", "工单数", "办结数"],
        vec!["1", "甲", "7", "5"],
        vec!["2", "乙", "9", "4"],
    ]);
    assert!(reason.contains("no total column"), "{reason}");
}

#[test]
fn a_ranked_list_whose_ranks_follow_something_else_is_not_a_score_table() {
    // Ranked by the lowest figure first (用时): checking it highest first would report every row.
    let reason = skipped(&[
        vec!["排名", "单位", "平均用时"],
        vec!["1", "甲", "2.5"],
        vec!["2", "乙", "3.1"],
        vec!["3", "丙", "4.0"],
        vec!["4", "丁", "5.2"],
    ]);
    assert!(
        reason.contains("do not follow the score (0 of 4 rows agree)"),
        "{reason}"
    );
    assert_eq!(
        crate::messages::translate(&reason, crate::lang::Lang::Zh),
        "只有排名和一列得分（平均用时），没有相加的分项，且排名不是按该列由高到低排列（4 行中 0 行相符）：不是评分表"
    );
}

/// `单位 | 工单数 | 得分 | 排名` twice to a row, the last row with one record.
const TWO_TO_A_ROW: [[&str; 8]; 4] = [
    [
        "单位",
        "工单数",
        "得分",
        "排名",
        "单位",
        "工单数",
        "得分",
        "排名",
    ],
    ["甲", "10", "95", "1", "丁", "7", "88", "4"],
    ["乙", "9", "92", "2", "戊", "6", "85", "5"],
    ["丙", "8", "90", "3", "", "", "", ""],
];

#[test]
fn records_printed_side_by_side_are_read_one_to_a_row_down_the_left_records_first() {
    let rows: Vec<Vec<&str>> = TWO_TO_A_ROW.iter().map(|r| r.to_vec()).collect();
    let s = sheet(&simple_table(1, &rows));
    assert_eq!(
        s.side_by_side,
        Some(SideBySide {
            records_per_row: 2,
            columns_per_record: 4,
            printed_rows: 4,
            order: ReadingOrder::Down,
        })
    );
    assert_eq!(s.table.grid_cols, 4);
    assert_eq!(s.columns.len(), 4);
    let names: Vec<&str> = s.rows.iter().filter_map(|r| r.name.as_deref()).collect();
    assert_eq!(names, ["甲", "乙", "丙", "丁", "戊"]);
    // The rows are the unfolded table's: 戊 is its sixth row, under the header.
    assert_eq!(s.rows[4].table_row, 5);
    assert_eq!(s.table.rows[5].cells[0].text, "戊");
}

#[test]
fn side_by_side_records_numbered_along_each_row_are_read_across() {
    let s = sheet(&simple_table(
        1,
        &[
            vec!["排名", "单位", "得分", "排名", "单位", "得分"],
            vec!["1", "甲", "95", "2", "乙", "92"],
            vec!["3", "丙", "90", "4", "丁", "88"],
            vec!["5", "戊", "85", "", "", ""],
        ],
    ));
    assert_eq!(s.side_by_side.map(|l| l.order), Some(ReadingOrder::Across));
    let names: Vec<&str> = s.rows.iter().filter_map(|r| r.name.as_deref()).collect();
    assert_eq!(names, ["甲", "乙", "丙", "丁", "戊"]);
}

#[test]
fn side_by_side_records_with_components_sum_within_each_record() {
    let s = sheet(&simple_table(
        1,
        &[
            vec![
                "排名",
                "单位",
                "公开（60分）",
                "解读（40分）",
                "总分",
                "排名",
                "单位",
                "公开（60分）",
                "解读（40分）",
                "总分",
            ],
            vec!["1", "甲", "55", "38", "93", "3", "丙", "50", "35", "85"],
            vec!["2", "乙", "52", "36", "88", "", "", "", "", ""],
        ],
    ));
    assert_eq!(
        roles(&s),
        [
            Role::Rank,
            Role::Name,
            Role::Component,
            Role::Component,
            Role::Total
        ]
    );
    assert_eq!(s.rows.len(), 3);
    assert_eq!(s.rows[2].name.as_deref(), Some("丙"));
}

#[test]
fn a_note_across_both_records_is_kept_once_after_them() {
    let mut t = simple_table(
        1,
        &[
            vec!["排名", "单位", "得分", "排名", "单位", "得分"],
            vec!["1", "甲", "95", "3", "丙", "90"],
            vec!["2", "乙", "92", "", "", ""],
            vec!["注：按得分排名。"],
        ],
    );
    t.rows[3].cells[0].col_span = 6;
    let s = sheet(&t);
    assert_eq!(s.rows.len(), 3);
    assert_eq!(s.table.rows.len(), 5);
    assert_eq!(s.table.rows[4].cells[0].col_span, 3);
    assert!(s.notes().any(|n| n == "注：按得分排名。"));
    // The same row between records: whose it is cannot be told, so the table is not unfolded.
    let mut t = simple_table(
        1,
        &[
            vec!["排名", "单位", "得分", "排名", "单位", "得分"],
            vec!["1", "甲", "95", "3", "丙", "90"],
            vec!["一、市直"],
            vec!["2", "乙", "92", "4", "丁", "88"],
        ],
    );
    t.rows[2].cells[0].col_span = 6;
    match interpret(&t, &Template::default_template()) {
        Interpretation::Score(s) => assert_eq!(s.side_by_side, None),
        Interpretation::Skipped { .. } | Interpretation::Structured { .. } => {}
    }
}

#[test]
fn a_two_sided_budget_table_is_not_unfolded_into_records() {
    // 项目 | 金额 twice is two lists with their own totals, for the structure engine.
    let reason = skipped(&[
        vec!["项目", "金额", "项目", "金额"],
        vec!["一般公共预算收入", "100", "一般公共服务支出", "60"],
        vec!["上级补助收入", "50", "教育支出", "90"],
        vec!["收入总计", "150", "支出总计", "150"],
    ]);
    assert!(reason.contains("no total column"), "{reason}");
}

#[test]
fn a_side_by_side_table_continued_without_its_header_is_unfolded_under_the_borrowed_header() {
    let rows: Vec<Vec<&str>> = TWO_TO_A_ROW[..3].iter().map(|r| r.to_vec()).collect();
    let first = sheet(&simple_table(1, &rows));
    let mut rest = simple_table(2, &[TWO_TO_A_ROW[3].to_vec()]);
    rest.continues = Some(1);
    let Interpretation::Score(s) =
        interpret_continuation(&rest, &first, &Template::default_template())
    else {
        panic!("the continuation is not read");
    };
    assert_eq!(s.header_rows, 0);
    assert_eq!(s.table.number, 2);
    assert_eq!(s.table.rows.len(), 1);
    assert_eq!(s.rows.len(), 1);
    assert_eq!(
        (s.rows[0].table_row, s.rows[0].name.as_deref()),
        (0, Some("丙"))
    );
}

mod side_by_side_properties {
    use super::*;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof![
            Just(String::new()),
            "[0-9]{1,3}",
            Just("排名".to_string()),
            Just("单位".to_string()),
            Just("得分".to_string()),
            Just("注：说明".to_string()),
        ]
    }

    proptest! {
        /// Any table whose header repeats — with cells of any width, rows of any length, merges
        /// anywhere — is read or skipped, never a panic, and an unfolded sheet's rows are its
        /// own table's.
        #[test]
        fn unfolding_never_panics_and_keeps_rows_inside_the_table(
            record in prop::collection::vec(text(), 2..4),
            records in 2usize..4,
            body in prop::collection::vec(
                prop::collection::vec((text(), 1usize..3, 0u8..3), 0..10),
                0..6,
            ),
        ) {
            let header: Vec<&str> = (0..records)
                .flat_map(|_| record.iter().map(String::as_str))
                .collect();
            let mut table = simple_table(1, &[header]);
            for cells in &body {
                let mut grid_col = 0;
                let mut row = table.rows[0].clone();
                row.cells.clear();
                for (t, span, merge) in cells {
                    let mut c = cell(t, grid_col);
                    c.col_span = *span;
                    c.v_merge = [VMerge::None, VMerge::Restart, VMerge::Continue][usize::from(*merge)];
                    grid_col += span;
                    row.cells.push(c);
                }
                table.rows.push(row);
            }
            if let Interpretation::Score(s) = interpret(&table, &Template::default_template()) {
                for r in &s.rows {
                    prop_assert!(r.table_row < s.table.rows.len());
                }
            }
        }
    }
}

#[test]
fn a_total_named_only_as_a_score_is_found_by_its_sums() {
    // 得分 after the parts, and 一季度得分 beside a rank: the rows' sums make them the total.
    for (header, rows) in [
        (
            vec!["单位", "公开（40分）", "解读（60分）", "得分"],
            vec![
                vec!["甲", "35", "50", "85"],
                vec!["乙", "30", "55", "85"],
                vec!["丙", "38", "52", "91"],
            ],
        ),
        (
            vec!["排名", "单位", "公开（40分）", "解读（60分）", "一季度得分"],
            vec![
                vec!["1", "甲", "38", "52", "90"],
                vec!["2", "乙", "35", "50", "85"],
                vec!["3", "丙", "30", "50", "81"],
            ],
        ),
    ] {
        let mut all = vec![header];
        all.extend(rows);
        let s = sheet(&simple_table(1, &all));
        let n = s.columns.len();
        assert_eq!(s.columns[n - 1].role, Role::Total, "{:?}", all[0]);
        assert_eq!(s.columns[n - 2].role, Role::Component, "{:?}", all[0]);
        assert!(!s.is_ranked_list());
    }
    // The word alone is no total: 复核得分 beside 自评得分 is not their sum.
    let reason = skipped(&[
        vec!["单位", "自评得分", "复核得分"],
        vec!["甲", "85", "80"],
        vec!["乙", "90", "88"],
    ]);
    assert!(reason.contains("no total column"), "{reason}");
}
