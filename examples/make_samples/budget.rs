//! The budget sample (issue 12): an annex of three tables of a made-up city's 2025 accounts —
//! the 一般公共预算财政拨款支出决算表 (类/款/项 by functional-classification code, last year
//! against this year), the “三公”经费支出决算表 and a 资金分配表 over its counties.
//!
//! 望川市 and its counties are made up; the codes and names are the real 2025 功能分类科目.
//! The leaf figures are typed in below; every total, 增减额 and 增减率 is computed exactly.

use std::error::Error;
use std::path::Path;

use rust_decimal::Decimal;

use crate::tables::{
    Align, BodyCell, BodyRow, CONTINUED, CellEdit, Item, OfficialSpending, Page, TableSpec, amount,
    amount_or_blank, apply_edits, cell_edit, document_xml, figure, grand_total, head, head_across,
    head_down, official_spending_table, rate, sample_package, subjects, write_table,
};
use crate::writer::{
    AnnotationIds, CELL_STYLE, HEADER_CELL_STYLE, HEADING_STYLE, NOTE_STYLE, Paragraph, TITLE_STYLE,
};

/// File name of the clean sample, under `samples/`.
pub const CLEAN_FILE: &str = "budget-2025-final-accounts.docx";
/// File name of the sample with the planted errors B1–B7, under `samples/`.
pub const ERRORS_FILE: &str = "budget-2025-final-accounts-with-errors.docx";

/// The first paragraph.
pub const ATTACHMENT: &str = "附件2";
/// The title.
pub const TITLE: &str = "望川市2025年度市本级财政拨款支出决算和转移支付资金分配情况";
/// The unit, right-aligned under the title.
pub const UNIT: &str = "单位：万元";
/// The heading above each table.
pub const HEADINGS: [&str; 3] = [
    "一、一般公共预算财政拨款支出决算表",
    "二、“三公”经费支出决算表",
    "三、2025年高标准农田建设补助资金分配表",
];
/// The note under the allocation table.
pub const ALLOCATION_NOTE: &str = "注：空白单元格表示该县（区）无此级次资金。";

/// Names of the 类 and 款 used.
pub const SUBJECT_NAMES: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("20101", "人大事务"),
    ("20103", "政府办公厅（室）及相关机构事务"),
    ("205", "教育支出"),
    ("20502", "普通教育"),
    ("20508", "进修及培训"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("20808", "抚恤"),
    ("213", "农林水支出"),
    ("21301", "农业农村"),
    ("21307", "农村综合改革"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
];

/// The 项: 上年决算数, 本年 基本支出, 本年 项目支出 ("" = none). 培训支出 stopped this year
/// (增减率 -100.00); 病虫害控制 is new (上年 0.00, 增减率 —).
pub const ITEMS: &[Item] = &[
    item("2010101", "行政运行", &["312.45", "298.60", ""]),
    item("2010104", "人大会议", &["58.00", "", "64.30"]),
    item("2010301", "行政运行", &["486.20", "503.18", ""]),
    item("2010302", "一般行政管理事务", &["95.60", "", "87.25"]),
    item("2050201", "学前教育", &["640.00", "388.50", "305.70"]),
    item("2050202", "小学教育", &["2310.40", "2046.35", "412.80"]),
    item("2050203", "初中教育", &["1785.60", "1502.90", "240.15"]),
    item("2050803", "培训支出", &["36.80", "", ""]),
    item(
        "2080505",
        "机关事业单位基本养老保险缴费支出",
        &["402.36", "421.08", ""],
    ),
    item(
        "2080506",
        "机关事业单位职业年金缴费支出",
        &["160.94", "168.43", ""],
    ),
    item("2080801", "死亡抚恤", &["24.50", "18.20", ""]),
    item("2130101", "行政运行", &["265.30", "271.64", ""]),
    item("2130104", "事业运行", &["198.75", "205.12", "12.00"]),
    item("2130108", "病虫害控制", &["", "", "46.50"]),
    item(
        "2130705",
        "对村民委员会和村党支部的补助",
        &["380.00", "", "396.00"],
    ),
    item("2210201", "住房公积金", &["241.38", "252.61", ""]),
];

/// A 项 with its three figures.
const fn item(code: &'static str, name: &'static str, figures: &'static [&'static str; 3]) -> Item {
    Item {
        code,
        name,
        figures,
    }
}

/// The “三公” figures: 预算数, 决算数.
pub const OFFICIAL_SPENDING: OfficialSpending = OfficialSpending {
    travel_abroad: ("8.00", "6.35"),
    reception: ("15.00", "11.82"),
    vehicle_purchase: ("25.00", "24.80"),
    vehicle_running: ("23.00", "20.46"),
};

/// The allocation: county, 中央资金, 省级资金, 市级资金 ("" = none).
pub const ALLOCATION: &[(&str, [&str; 3])] = &[
    ("北岭县", ["1260.00", "315.00", "84.00"]),
    ("枫林县", ["980.00", "245.00", ""]),
    ("石桥县", ["1120.00", "280.00", "75.00"]),
    ("柳塘县", ["640.00", "", "42.00"]),
    ("青岗区", ["420.00", "105.00", "28.00"]),
    ("东溪区", ["", "96.00", "36.00"]),
];

/// The planted errors of the with-errors sample; `samples/README.md` explains each. Rows are
/// 1-based body rows (table 1: 1 = 合计, 2 = 201, …; header rows not counted), columns 0-based
/// grid columns.
pub const PLANTED: &[CellEdit] = &[
    // 2050202 小学教育, 基本支出: 2046.35 typed as 2064.35.
    cell_edit("B1", 1, 12, 4, "2064.35"),
    // 合计 row, 项目支出: 1564.70 typed as 1546.70.
    cell_edit("B2", 1, 1, 5, "1546.70"),
    // 2080801 死亡抚恤, 增减额: the minus sign of -6.30 lost.
    cell_edit("B3", 1, 21, 6, "6.30"),
    // 2050201 学前教育, 增减率: 54.20 ÷ 640.00 × 100 = 8.46875 truncated instead of rounded.
    cell_edit("B4", 1, 11, 7, "8.46"),
    // 石桥县, 资金合计 left blank.
    cell_edit("B5", 3, 3, 2, ""),
    // 其中：（1）公务用车购置费, 预算数 25.00 typed as 52.00, its 增减额 and 增减率 recomputed.
    cell_edit("B6", 2, 5, 1, "52.00"),
    cell_edit("B6", 2, 5, 3, "-27.20"),
    cell_edit("B6", 2, 5, 4, "-52.31"),
    // 合计 决算数 summed over every row, the 其中 items included; 增减额 and 增减率 follow it.
    cell_edit("B7", 2, 1, 2, "108.69"),
    cell_edit("B7", 2, 1, 3, "37.69"),
    cell_edit("B7", 2, 1, 4, "53.08"),
];

/// Writes both samples into `dir`.
pub fn write_samples(dir: &Path) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(CLEAN_FILE), docx(&[])?)?;
    std::fs::write(dir.join(ERRORS_FILE), docx(PLANTED)?)?;
    Ok(())
}

/// A4 landscape, margins 2.54 cm top and bottom, 2 cm left and right (as the Ordos sample).
const PAGE: Page = Page {
    width: 16838,
    height: 11906,
    landscape: true,
    margin_top_bottom: 1440,
    margin_left_right: 1134,
};

/// The whole package with `planted` applied.
pub fn docx(planted: &[CellEdit]) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut tables = [accounts_table(), official_spending(), allocation_table()];
    for (index, table) in tables.iter_mut().enumerate() {
        let width: u32 = table.grid.iter().sum();
        if width != PAGE.text_width() {
            return Err(format!("table {} is {width} twips wide", index + 1).into());
        }
        apply_edits(index + 1, table, planted)?;
    }

    let mut body = String::new();
    let mut ids = AnnotationIds::default();
    Paragraph::new(&HEADING_STYLE)
        .text(ATTACHMENT)
        .write(&mut body, &mut ids);
    Paragraph::new(&TITLE_STYLE)
        .centred()
        .spacing_after(156)
        .text(TITLE)
        .write(&mut body, &mut ids);
    Paragraph::new(&NOTE_STYLE)
        .right_aligned()
        .text(UNIT)
        .write(&mut body, &mut ids);
    for (heading, table) in HEADINGS.iter().zip(&tables) {
        Paragraph::new(&HEADING_STYLE)
            .indented()
            .keep_with_next()
            .text(heading)
            .write(&mut body, &mut ids);
        write_table(
            &mut body,
            &mut ids,
            table,
            &HEADER_CELL_STYLE,
            &CELL_STYLE,
            &HEADER_CELL_STYLE,
        );
    }
    Paragraph::new(&NOTE_STYLE)
        .text(ALLOCATION_NOTE)
        .write(&mut body, &mut ids);
    let xml = document_xml(&body, &PAGE);
    sample_package(xml, "2026-03-02T01:20:00Z", "2026-03-09T08:05:00Z", 3)
}

/// 一般公共预算财政拨款支出决算表: 科目编码 | 科目名称 | 上年决算数 | 本年决算数 (合计, 基本支出,
/// 项目支出) | 增减额 | 增减率（%）; the 合计 row first, its label across the code and name.
fn accounts_table() -> TableSpec {
    let rows = subjects(SUBJECT_NAMES, ITEMS);
    let figures = |values: &[Decimal]| {
        let (previous, basic, project) = (values[0], values[1], values[2]);
        let current = basic + project;
        let change = current - previous;
        vec![
            amount(previous, false),
            amount(current, false),
            amount_or_blank(basic, false),
            amount_or_blank(project, false),
            amount(change, false),
            rate(change, previous),
        ]
    };
    let total = grand_total(&rows);
    let mut body = Vec::new();
    let mut total_row = BodyRow {
        cells: vec![BodyCell {
            text: "合计".to_owned(),
            span: 2,
        }],
        bold: true,
    };
    total_row.cells.extend(
        figures(&total)
            .into_iter()
            .map(|text| BodyCell { text, span: 1 }),
    );
    body.push(total_row);
    for subject in &rows {
        let mut texts = vec![subject.code.to_owned(), subject.name.to_owned()];
        texts.extend(figures(&subject.figures));
        body.push(BodyRow::plain(texts));
    }
    TableSpec {
        grid: vec![1300, 4400, 1480, 1480, 1480, 1480, 1480, 1470],
        align: vec![
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        header: vec![
            vec![
                head_down("科目编码"),
                head_down("科目名称"),
                head_down("上年决算数"),
                head_across("本年决算数", 3),
                head_down("增减额"),
                head_down("增减率（%）"),
            ],
            vec![
                CONTINUED,
                CONTINUED,
                CONTINUED,
                head("合计"),
                head("基本支出"),
                head("项目支出"),
                CONTINUED,
                CONTINUED,
            ],
        ],
        rows: body,
        keep_together: false,
    }
}

/// “三公”经费支出决算表.
fn official_spending() -> TableSpec {
    official_spending_table(
        &OFFICIAL_SPENDING,
        vec![5370, 2300, 2300, 2300, 2300],
        false,
    )
}

/// 资金分配表: 序号 | 县（区） | 资金合计 | 中央资金 | 省级资金 | 市级资金, the 合计 row last.
fn allocation_table() -> TableSpec {
    let parse = |text: &str| {
        if text.is_empty() {
            Decimal::ZERO
        } else {
            figure(text)
        }
    };
    let mut rows = Vec::new();
    let mut totals = [Decimal::ZERO; 4];
    for (index, (county, parts)) in ALLOCATION.iter().enumerate() {
        let values = parts.map(parse);
        let sum: Decimal = values.iter().sum();
        totals[0] += sum;
        for (total, value) in totals[1..].iter_mut().zip(values) {
            *total += value;
        }
        let mut texts = vec![
            (index + 1).to_string(),
            (*county).to_owned(),
            amount(sum, false),
        ];
        texts.extend(parts.iter().map(|p| (*p).to_owned()));
        rows.push(BodyRow::plain(texts));
    }
    let mut total_row = vec![String::new(), "合计".to_owned()];
    total_row.extend(totals.iter().map(|t| amount_or_blank(*t, false)));
    rows.push(BodyRow::plain(total_row).bold());
    TableSpec {
        grid: vec![1000, 3570, 2500, 2500, 2500, 2500],
        align: vec![
            Align::Centre,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        header: vec![vec![
            head("序号"),
            head("县（区）"),
            head("资金合计"),
            head("中央资金"),
            head("省级资金"),
            head("市级资金"),
        ]],
        rows,
        keep_together: false,
    }
}
