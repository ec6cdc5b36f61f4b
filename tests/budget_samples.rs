//! The budget and final-account samples under `samples/` (issues 12 and 18) are honest: the
//! committed files are what the generator writes; in the clean samples every relation holds
//! exactly (合计, 小计, parent = Σ children, 增减额, 增减率, 资金合计, `其中` items, the two-sided
//! 总计, the cross-table equalities and the figures the text quotes); the with-errors samples
//! differ from them only in the planted cells and phrases, and break exactly the relations
//! `samples/README.md` lists.
//!
//! The tables are read with the project's reader (`annex_audit::wordml`); the relations are
//! recomputed here with rust_decimal, independently of the audit.

use crate::{budget, final_accounts};

use std::io::Read;
use std::path::{Path, PathBuf};

use annex_audit::package::Limits;
use annex_audit::wordml::{self, Table};
use quick_xml::Reader;
use quick_xml::events::Event;
use regex::Regex;
use rust_decimal::{Decimal, RoundingStrategy};

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// A table's body rows (header rows left out) as text by grid column; a cell spanning several
/// columns appears in each of them.
fn body_grid(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.header)
        .map(|(index, _)| {
            (0..table.grid_cols)
                .map(|col| {
                    table
                        .cell_at(index, col)
                        .map(|c| c.text.clone())
                        .unwrap_or_default()
                })
                .collect()
        })
        .collect()
}

/// Every table of a sample, as body grids.
fn grids(name: &str) -> Vec<Vec<Vec<String>>> {
    let document = wordml::read_path(sample(name), &Limits::default())
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    document.tables.iter().map(body_grid).collect()
}

/// The text of every body paragraph outside tables, in order.
fn paragraphs(name: &str) -> Vec<String> {
    let file = std::fs::File::open(sample(name)).expect("the sample exists");
    let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .expect("word/document.xml")
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    let mut reader = Reader::from_str(&xml);
    let (mut depth, mut in_text) = (0usize, false);
    let mut out: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Eof => break,
            Event::Start(e) => match e.name().as_ref() {
                "w:tbl" => depth += 1,
                "w:p" if depth == 0 => out.push(String::new()),
                "w:t" => in_text = depth == 0,
                _ => {}
            },
            Event::Empty(e) if e.name().as_ref() == "w:p" && depth == 0 => out.push(String::new()),
            Event::End(e) => match e.name().as_ref() {
                "w:tbl" => depth -= 1,
                "w:t" => in_text = false,
                _ => {}
            },
            Event::Text(t) if in_text => {
                let text = t.xml10_content();
                out.last_mut().expect("text in a paragraph").push_str(&text);
            }
            _ => {}
        }
    }
    out
}

/// A printed figure: blank is `None`; thousands separators are dropped.
fn figure(text: &str) -> Option<Decimal> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    Some(
        text.replace(',', "")
            .parse()
            .unwrap_or_else(|e| panic!("{text:?} is not a figure: {e}")),
    )
}

/// A figure, blank counting as zero (an operand that is none).
fn zero_if_blank(text: &str) -> Decimal {
    figure(text).unwrap_or_default()
}

/// The rate that `change ÷ base × 100` prints at two decimals (half away from zero), or `—`.
fn expected_rate(change: Decimal, base: Decimal) -> String {
    if base.is_zero() {
        return "—".to_owned();
    }
    let rate = (change * Decimal::ONE_HUNDRED / base)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
    format!("{rate:.2}")
}

/// Collects the relations that do not hold, one line each.
#[derive(Default)]
struct Violations(Vec<String>);

impl Violations {
    fn equal(&mut self, what: String, printed: Decimal, computed: Decimal) {
        if printed != computed {
            self.0
                .push(format!("{what}: printed {printed}, computed {computed}"));
        }
    }

    fn same_text(&mut self, what: String, printed: &str, computed: &str) {
        if printed != computed {
            self.0
                .push(format!("{what}: printed {printed}, computed {computed}"));
        }
    }
}

/// The parent/child relations of a classification table: every 类 (3 digits) and 款 (5) equals
/// the sum of the level below in each of `columns`, the 合计 row the sum of the 类.
fn check_hierarchy(
    v: &mut Violations,
    table: &str,
    rows: &[Vec<String>],
    code_col: usize,
    columns: &[(usize, &str)],
) {
    let codes: Vec<&str> = rows.iter().map(|r| r[code_col].as_str()).collect();
    for (index, row) in rows.iter().enumerate() {
        let code = codes[index];
        let (label, children): (String, Vec<usize>) = if row.iter().any(|c| c == "合计") {
            let classes = (0..rows.len()).filter(|&i| codes[i].len() == 3).collect();
            ("合计".to_owned(), classes)
        } else if code.len() == 3 || code.len() == 5 {
            let children = (0..rows.len())
                .filter(|&i| codes[i].len() == code.len() + 2 && codes[i].starts_with(code))
                .collect();
            (code.to_owned(), children)
        } else {
            continue;
        };
        assert!(!children.is_empty(), "{table} {label} has no children");
        for &(col, name) in columns {
            let sum = children.iter().map(|&i| zero_if_blank(&rows[i][col])).sum();
            v.equal(
                format!("{table} {label} {name} = Σ children"),
                zero_if_blank(&row[col]),
                sum,
            );
        }
    }
}

/// The relations within one row: `total = parts`.
fn check_row_sum(v: &mut Violations, what: String, row: &[String], total: usize, parts: &[usize]) {
    let sum = parts.iter().map(|&c| zero_if_blank(&row[c])).sum();
    v.equal(what, zero_if_blank(&row[total]), sum);
}

/// 增减额 = `current − base` and 增减率 as printed.
fn check_change(
    v: &mut Violations,
    label: &str,
    row: &[String],
    base: usize,
    current: usize,
    change: usize,
    rate: usize,
) {
    let (base, current) = (zero_if_blank(&row[base]), zero_if_blank(&row[current]));
    let printed_change = zero_if_blank(&row[change]);
    v.equal(
        format!("{label} 增减额 = 本年 − 上年"),
        printed_change,
        current - base,
    );
    v.same_text(
        format!("{label} 增减率 = 增减额 ÷ 上年"),
        &row[rate],
        &expected_rate(current - base, base),
    );
}

/// The “三公” table: 合计 = 1 + 2 + 3 (the 其中 items not again), 3 = (1) + (2) and each 其中 item
/// within its parent, 增减额 and 增减率 of every row.
fn check_official_spending(v: &mut Violations, table: &str, rows: &[Vec<String>]) {
    let labels: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(
        labels,
        [
            "合计",
            "1.因公出国（境）费",
            "2.公务接待费",
            "3.公务用车购置及运行费",
            "其中：（1）公务用车购置费",
            "（2）公务用车运行费"
        ]
    );
    for (col, name) in [(1, "预算数"), (2, "决算数")] {
        let value = |r: usize| zero_if_blank(&rows[r][col]);
        v.equal(
            format!("{table} 合计 {name} = 1 + 2 + 3"),
            value(0),
            value(1) + value(2) + value(3),
        );
        v.equal(
            format!("{table} 3 {name} = (1) + (2)"),
            value(3),
            value(4) + value(5),
        );
        for (r, item) in [(4, "(1)"), (5, "(2)")] {
            if value(r) > value(3) {
                v.0.push(format!(
                    "{table} 其中 {item} {name} {} > its parent {}",
                    value(r),
                    value(3)
                ));
            }
        }
    }
    for (row, label) in rows.iter().zip(&labels) {
        check_change(v, &format!("{table} {label}"), row, 1, 2, 3, 4);
    }
}

/// Every relation of the budget sample's three tables.
fn budget_violations(grids: &[Vec<Vec<String>>]) -> Vec<String> {
    let mut v = Violations::default();
    let accounts = &grids[0];
    // 0 科目编码 | 1 科目名称 | 2 上年决算数 | 3 合计 | 4 基本支出 | 5 项目支出 | 6 增减额 | 7 增减率
    check_hierarchy(
        &mut v,
        "决算表",
        accounts,
        0,
        &[
            (2, "上年决算数"),
            (3, "合计"),
            (4, "基本支出"),
            (5, "项目支出"),
            (6, "增减额"),
        ],
    );
    for row in accounts {
        let label = format!("决算表 {}", row[0]);
        check_row_sum(
            &mut v,
            format!("{label} 合计 = 基本 + 项目"),
            row,
            3,
            &[4, 5],
        );
        check_change(&mut v, &label, row, 2, 3, 6, 7);
    }
    check_official_spending(&mut v, "三公", &grids[1]);
    let allocation = &grids[2];
    // 0 序号 | 1 县（区） | 2 资金合计 | 3 中央资金 | 4 省级资金 | 5 市级资金
    let (total, counties) = allocation.split_last().expect("rows");
    assert_eq!(total[1], "合计");
    for row in allocation {
        let label = format!("分配表 {}", row[1]);
        if row[2].is_empty() && row[3..].iter().any(|c| !c.is_empty()) {
            v.0.push(format!(
                "{label} 资金合计 blank while its parts are published"
            ));
        }
        check_row_sum(
            &mut v,
            format!("{label} 资金合计 = 中央 + 省级 + 市级"),
            row,
            2,
            &[3, 4, 5],
        );
    }
    for col in 2..6 {
        let sum = counties.iter().map(|r| zero_if_blank(&r[col])).sum();
        v.equal(
            format!("分配表 合计 column {col} = Σ counties"),
            zero_if_blank(&total[col]),
            sum,
        );
    }
    v.0
}

/// The row of a two-sided summary whose cell in `col` is `label`.
fn summary_value(rows: &[Vec<String>], col: usize, label: &str) -> Decimal {
    let row = rows
        .iter()
        .find(|r| r[col] == label)
        .unwrap_or_else(|| panic!("no {label} in the summary"));
    zero_if_blank(&row[col + 1])
}

/// A percentage printed in the text against the share it should be.
fn check_share(v: &mut Violations, what: &str, printed: &str, part: Decimal, whole: Decimal) {
    v.same_text(format!("text {what}"), printed, &expected_rate(part, whole));
}

/// Every relation of the final-accounts sample: each table, across the tables, and the text.
fn final_accounts_violations(grids: &[Vec<Vec<String>>], text: &str) -> Vec<String> {
    let mut v = Violations::default();
    let (summary, expenditure, official) = (&grids[0], &grids[1], &grids[2]);

    // 收入支出决算总表: 0 收入 | 1 决算数 | 2 支出 | 3 决算数.
    let income_rows: Vec<&Vec<String>> = summary
        .iter()
        .take_while(|r| r[0] != "本年收入合计")
        .collect();
    let income = summary_value(summary, 0, "本年收入合计");
    let income_sum = income_rows.iter().map(|r| zero_if_blank(&r[1])).sum();
    v.equal("总表 本年收入合计 = Σ 收入".to_owned(), income, income_sum);
    let expenditure_sum = income_rows.iter().map(|r| zero_if_blank(&r[3])).sum();
    let spent = summary_value(summary, 2, "本年支出合计");
    v.equal(
        "总表 本年支出合计 = Σ 支出".to_owned(),
        spent,
        expenditure_sum,
    );
    let income_total = summary_value(summary, 0, "收入总计");
    let spending_total = summary_value(summary, 2, "支出总计");
    v.equal(
        "总表 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余".to_owned(),
        income_total,
        income
            + summary_value(summary, 0, "使用非财政拨款结余")
            + summary_value(summary, 0, "年初结转和结余"),
    );
    v.equal(
        "总表 支出总计 = 本年支出合计 + 结余分配 + 年末结转和结余".to_owned(),
        spending_total,
        spent + summary_value(summary, 2, "结余分配") + summary_value(summary, 2, "年末结转和结余"),
    );
    v.equal(
        "总表 收入总计 = 支出总计".to_owned(),
        income_total,
        spending_total,
    );

    // 支出决算表: 0 科目编码 | 1 科目名称 | 2 合计 | 3 基本支出 | 4 项目支出.
    check_hierarchy(
        &mut v,
        "支出表",
        expenditure,
        0,
        &[(2, "合计"), (3, "基本支出"), (4, "项目支出")],
    );
    for row in expenditure {
        check_row_sum(
            &mut v,
            format!("支出表 {} 合计 = 基本 + 项目", row[0]),
            row,
            2,
            &[3, 4],
        );
    }
    let total_row = expenditure
        .iter()
        .find(|r| r[1] == "合计")
        .expect("a 合计 row");
    v.equal(
        "支出表 合计 = 总表 本年支出合计".to_owned(),
        zero_if_blank(&total_row[2]),
        spent,
    );
    for row in summary.iter().take_while(|r| r[0] != "本年收入合计") {
        let Some((_, class_name)) = row[2].split_once('、') else {
            continue;
        };
        let class = expenditure
            .iter()
            .find(|r| r[0].len() == 3 && r[1] == class_name)
            .unwrap_or_else(|| panic!("no class {class_name} in the 支出决算表"));
        v.equal(
            format!("总表 {class_name} = 支出表 {}", class[0]),
            zero_if_blank(&row[3]),
            zero_if_blank(&class[2]),
        );
    }

    check_official_spending(&mut v, "三公", official);

    // The text's figures.
    let capture = |pattern: &str| -> Vec<String> {
        let regex = Regex::new(pattern).expect("a valid pattern");
        let captures = regex
            .captures(text)
            .unwrap_or_else(|| panic!("the text has no {pattern}"));
        captures
            .iter()
            .skip(1)
            .map(|m| m.expect("a group").as_str().to_owned())
            .collect()
    };
    let money = |s: &str| figure(s).expect("a figure");
    let quoted = capture(r"收入总计([\d,.]+)万元，支出总计([\d,.]+)万元")
        .iter()
        .map(|s| money(s))
        .collect::<Vec<_>>();
    v.equal("text 收入总计".to_owned(), quoted[0], income_total);
    v.equal("text 支出总计".to_owned(), quoted[1], spending_total);
    let growth = capture(r"各增加([\d,.]+)万元，增长([\d.]+)%");
    let increase = money(&growth[0]);
    check_share(
        &mut v,
        "增长率",
        &growth[1],
        increase,
        income_total - increase,
    );
    let income_text = capture(r"本年收入合计([\d,.]+)万元");
    v.equal(
        "text 本年收入合计".to_owned(),
        money(&income_text[0]),
        income,
    );
    let appropriation = capture(r"一般公共预算财政拨款收入([\d,.]+)万元，占([\d.]+)%");
    let appropriation_table = summary_value(summary, 0, "一、一般公共预算财政拨款收入");
    v.equal(
        "text 一般公共预算财政拨款收入".to_owned(),
        money(&appropriation[0]),
        appropriation_table,
    );
    check_share(
        &mut v,
        "财政拨款收入占比",
        &appropriation[1],
        appropriation_table,
        income,
    );
    let spent_text = capture(r"本年支出合计([\d,.]+)万元");
    v.equal("text 本年支出合计".to_owned(), money(&spent_text[0]), spent);
    for (name, col) in [("基本支出", 3), ("项目支出", 4)] {
        let quoted = capture(&format!(r"{name}([\d,.]+)万元，占([\d.]+)%"));
        let table_value = zero_if_blank(&total_row[col]);
        v.equal(format!("text {name}"), money(&quoted[0]), table_value);
        check_share(
            &mut v,
            &format!("{name}占比"),
            &quoted[1],
            table_value,
            spent,
        );
    }
    let farming = capture(r"农林水支出([\d,.]+)万元，占([\d.]+)%");
    let farming_table = expenditure
        .iter()
        .find(|r| r[0] == "213")
        .map(|r| zero_if_blank(&r[2]))
        .expect("class 213");
    v.equal(
        "text 农林水支出".to_owned(),
        money(&farming[0]),
        farming_table,
    );
    check_share(&mut v, "农林水支出占比", &farming[1], farming_table, spent);
    let three = capture(r"“三公”经费支出([\d,.]+)万元，比预算减少([\d,.]+)万元，下降([\d.]+)%");
    let (budget, actual) = (
        zero_if_blank(&official[0][1]),
        zero_if_blank(&official[0][2]),
    );
    v.equal("text 三公 决算数".to_owned(), money(&three[0]), actual);
    v.equal(
        "text 三公 减少额".to_owned(),
        money(&three[1]),
        budget - actual,
    );
    check_share(&mut v, "三公 下降率", &three[2], budget - actual, budget);
    for (name, row) in [("公务接待费", 2), ("公务用车购置及运行费", 3)] {
        let quoted = capture(&format!(r"{name}([\d,.]+)万元"));
        v.equal(
            format!("text {name}"),
            money(&quoted[0]),
            zero_if_blank(&official[row][2]),
        );
    }
    v.0
}

#[test]
fn regenerating_gives_the_committed_bytes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    budget::write_samples(dir.path()).expect("write the budget samples");
    final_accounts::write_samples(dir.path()).expect("write the final-account samples");
    for name in [
        budget::CLEAN_FILE,
        budget::ERRORS_FILE,
        final_accounts::CLEAN_FILE,
        final_accounts::ERRORS_FILE,
    ] {
        let fresh = std::fs::read(dir.path().join(name)).expect("the fresh sample");
        let committed = std::fs::read(sample(name)).expect("the committed sample");
        assert!(
            fresh == committed,
            "samples/{name} is stale: run `cargo run --example make_samples` and commit"
        );
    }
}

#[test]
fn clean_budget_sample_holds_every_relation() {
    let grids = grids(budget::CLEAN_FILE);
    assert_eq!(grids.len(), 3);
    assert_eq!(
        grids.iter().map(Vec::len).collect::<Vec<_>>(),
        [31, 6, 7],
        "body rows per table"
    );
    assert_eq!(budget_violations(&grids), Vec::<String>::new());
    // The cases the brief asks for are there: a -100.00, a — (last year 0.00), blanks in the
    // allocation, the 合计 row first in the 决算表 and last in the allocation.
    let rates: Vec<&str> = grids[0].iter().map(|r| r[7].as_str()).collect();
    assert!(rates.contains(&"-100.00"));
    assert!(rates.contains(&"—"));
    assert_eq!(grids[0][0][0], "合计");
    assert_eq!(
        grids[0][0][1], "合计",
        "the 合计 label spans the code and name"
    );
    assert!(grids[2].iter().any(|r| r[3..].iter().any(String::is_empty)));
}

#[test]
fn clean_final_accounts_sample_holds_every_relation_and_its_text_follows() {
    let grids = grids(final_accounts::CLEAN_FILE);
    assert_eq!(
        grids.iter().map(Vec::len).collect::<Vec<_>>(),
        [12, 28, 6],
        "body rows per table"
    );
    let text = paragraphs(final_accounts::CLEAN_FILE).join("\n");
    assert!(text.contains("第三部分"));
    assert!(text.contains("〔2025〕12号"));
    assert_eq!(
        final_accounts_violations(&grids, &text),
        Vec::<String>::new()
    );
}

/// The cells of the budget sample changed by B1–B7: id, table, body row (1-based), grid
/// column, correct (clean) text, planted text.
const BUDGET_PLANTED: &[(&str, usize, usize, usize, &str, &str)] = &[
    ("B1", 1, 12, 4, "2046.35", "2064.35"),
    ("B2", 1, 1, 5, "1564.70", "1546.70"),
    ("B3", 1, 21, 6, "-6.30", "6.30"),
    ("B4", 1, 11, 7, "8.47", "8.46"),
    ("B5", 3, 3, 2, "1475.00", ""),
    ("B6", 2, 5, 1, "25.00", "52.00"),
    ("B6", 2, 5, 3, "-0.20", "-27.20"),
    ("B6", 2, 5, 4, "-0.80", "-52.31"),
    ("B7", 2, 1, 2, "63.43", "108.69"),
    ("B7", 2, 1, 3, "-7.57", "37.69"),
    ("B7", 2, 1, 4, "-10.66", "53.08"),
];

/// The relations the budget sample with errors breaks (README: "the audit must report"), each
/// with the planted error it comes from.
const BUDGET_BROKEN: &[(&str, &str)] = &[
    (
        "B2",
        "决算表 合计 项目支出 = Σ children: printed 1546.70, computed 1564.70",
    ),
    (
        "B1",
        "决算表 20502 基本支出 = Σ children: printed 3937.75, computed 3955.75",
    ),
    (
        "B3",
        "决算表 20808 增减额 = Σ children: printed -6.30, computed 6.30",
    ),
    (
        "B2",
        "决算表 合计 合计 = 基本 + 项目: printed 7641.31, computed 7623.31",
    ),
    (
        "B4",
        "决算表 2050201 增减率 = 增减额 ÷ 上年: printed 8.46, computed 8.47",
    ),
    (
        "B1",
        "决算表 2050202 合计 = 基本 + 项目: printed 2459.15, computed 2477.15",
    ),
    (
        "B3",
        "决算表 2080801 增减额 = 本年 − 上年: printed 6.30, computed -6.30",
    ),
    (
        "B6",
        "三公 3 预算数 = (1) + (2): printed 48.00, computed 75.00",
    ),
    ("B6", "三公 其中 (1) 预算数 52.00 > its parent 48.00"),
    (
        "B7",
        "三公 合计 决算数 = 1 + 2 + 3: printed 108.69, computed 63.43",
    ),
    (
        "B5",
        "分配表 石桥县 资金合计 blank while its parts are published",
    ),
    (
        "B5",
        "分配表 石桥县 资金合计 = 中央 + 省级 + 市级: printed 0, computed 1475.00",
    ),
    (
        "B5",
        "分配表 合计 column 2 = Σ counties: printed 5726.00, computed 4251.00",
    ),
];

/// The cells of the final-accounts sample changed by F1 and F2, as above.
const FINAL_PLANTED: &[(&str, usize, usize, usize, &str, &str)] = &[
    ("F1", 1, 2, 3, "442.50", "505.35"),
    ("F1", 1, 3, 3, "134.15", "71.30"),
    ("F2", 1, 11, 1, "1,346.15", "1,364.15"),
];

/// The phrases of the text changed by F3 and F4: correct, planted.
const FINAL_TEXT_PLANTED: &[(&str, &str, &str)] = &[
    ("F3", "占76.32%", "占59.56%"),
    ("F4", "下降6.02%", "下降6.41%"),
];

/// The relations the final-accounts sample with errors breaks.
const FINAL_BROKEN: &[(&str, &str)] = &[
    (
        "F2",
        "总表 收入总计 = 本年收入合计 + 使用非财政拨款结余 + 年初结转和结余: printed 5212.80, computed 5230.80",
    ),
    (
        "F1",
        "总表 社会保障和就业支出 = 支出表 208: printed 505.35, computed 442.50",
    ),
    (
        "F1",
        "总表 卫生健康支出 = 支出表 210: printed 71.30, computed 134.15",
    ),
    ("F3", "text 基本支出占比: printed 59.56, computed 76.32"),
    ("F4", "text 三公 下降率: printed 6.41, computed 6.02"),
];

/// The cells where two samples' tables differ: (table, body row, grid column, clean, other).
fn differing_cells(
    clean: &[Vec<Vec<String>>],
    other: &[Vec<Vec<String>>],
) -> Vec<(usize, usize, usize, String, String)> {
    assert_eq!(clean.len(), other.len());
    let mut out = Vec::new();
    for (t, (a, b)) in clean.iter().zip(other).enumerate() {
        assert_eq!(a.len(), b.len(), "table {}", t + 1);
        for (r, (ra, rb)) in a.iter().zip(b).enumerate() {
            for (c, (ca, cb)) in ra.iter().zip(rb).enumerate() {
                if ca != cb {
                    out.push((t + 1, r + 1, c, ca.clone(), cb.clone()));
                }
            }
        }
    }
    out
}

fn expected_cells(
    planted: &[(&str, usize, usize, usize, &str, &str)],
) -> Vec<(usize, usize, usize, String, String)> {
    let mut cells: Vec<_> = planted
        .iter()
        .map(|&(_, t, r, c, clean, errors)| (t, r, c, clean.to_owned(), errors.to_owned()))
        .collect();
    cells.sort();
    cells
}

/// Every part of a package other than `word/document.xml`, by name.
fn other_parts(name: &str) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(sample(name)).expect("the sample exists");
    let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
    (0..zip.len())
        .filter_map(|i| {
            let mut entry = zip.by_index(i).expect("an entry");
            let name = entry.name().expect("a UTF-8 name").into_owned();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("the entry's bytes");
            (name != "word/document.xml").then_some((name, bytes))
        })
        .collect()
}

#[test]
fn budget_errors_sample_differs_only_in_the_planted_cells() {
    let clean = grids(budget::CLEAN_FILE);
    let errors = grids(budget::ERRORS_FILE);
    assert_eq!(
        differing_cells(&clean, &errors),
        expected_cells(BUDGET_PLANTED)
    );
    assert_eq!(
        paragraphs(budget::CLEAN_FILE),
        paragraphs(budget::ERRORS_FILE)
    );
    assert!(other_parts(budget::CLEAN_FILE) == other_parts(budget::ERRORS_FILE));
    // The generator plants what is listed here, under the same ids.
    let planted: Vec<_> = budget::PLANTED
        .iter()
        .map(|p| (p.id, p.table, p.row, p.column, p.text))
        .collect();
    let listed: Vec<_> = BUDGET_PLANTED
        .iter()
        .map(|&(id, t, r, c, _, text)| (id, t, r, c, text))
        .collect();
    assert_eq!(planted, listed);
}

#[test]
fn budget_errors_sample_breaks_exactly_the_listed_relations() {
    let broken = budget_violations(&grids(budget::ERRORS_FILE));
    let listed: Vec<String> = BUDGET_BROKEN.iter().map(|(_, b)| (*b).to_owned()).collect();
    assert_eq!(broken, listed);
}

#[test]
fn final_accounts_errors_sample_differs_only_in_the_planted_cells_and_phrases() {
    let clean = grids(final_accounts::CLEAN_FILE);
    let errors = grids(final_accounts::ERRORS_FILE);
    assert_eq!(
        differing_cells(&clean, &errors),
        expected_cells(FINAL_PLANTED)
    );
    let clean_text = paragraphs(final_accounts::CLEAN_FILE);
    let errors_text = paragraphs(final_accounts::ERRORS_FILE);
    assert_eq!(clean_text.len(), errors_text.len());
    let mut changed = Vec::new();
    for (a, b) in clean_text.iter().zip(&errors_text) {
        if a != b {
            let (id, correct, planted) = FINAL_TEXT_PLANTED
                .iter()
                .find(|(_, correct, _)| a.contains(correct))
                .unwrap_or_else(|| panic!("an unlisted change in {a:?}"));
            assert_eq!(&a.replacen(correct, planted, 1), b, "{id}");
            changed.push(*id);
        }
    }
    // The two phrases sit in different paragraphs.
    assert_eq!(changed, ["F3", "F4"]);
    assert!(other_parts(final_accounts::CLEAN_FILE) == other_parts(final_accounts::ERRORS_FILE));
    let planted: Vec<_> = final_accounts::PLANTED
        .iter()
        .map(|p| (p.id, p.table, p.row, p.column, p.text))
        .collect();
    let listed: Vec<_> = FINAL_PLANTED
        .iter()
        .map(|&(id, t, r, c, _, text)| (id, t, r, c, text))
        .collect();
    assert_eq!(planted, listed);
    let text_planted: Vec<_> = final_accounts::TEXT_PLANTED
        .iter()
        .map(|e| (e.id, e.published, e.planted))
        .collect();
    assert_eq!(text_planted, FINAL_TEXT_PLANTED);
}

#[test]
fn final_accounts_errors_sample_breaks_exactly_the_listed_relations() {
    let grids = grids(final_accounts::ERRORS_FILE);
    let text = paragraphs(final_accounts::ERRORS_FILE).join("\n");
    let broken = final_accounts_violations(&grids, &text);
    let listed: Vec<String> = FINAL_BROKEN.iter().map(|(_, b)| (*b).to_owned()).collect();
    assert_eq!(broken, listed);
}
