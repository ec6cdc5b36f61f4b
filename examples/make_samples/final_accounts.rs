//! The final-accounts sample (issue 18): a made-up department's 部门决算 explanation whose text
//! quotes figures of the three tables that follow it — 收入支出决算总表 (two-sided), 支出决算表
//! (类/款/项 by functional-classification code) and the “三公”经费支出决算表.
//!
//! 望川市农业农村局 is made up; the codes and names are the real 2025 功能分类科目. The leaf
//! figures are typed in below; every total is computed exactly, and the clean text's figures
//! follow from the tables (`tests/budget_samples.rs` recomputes them).

use std::error::Error;
use std::path::Path;

use rust_decimal::Decimal;

use crate::tables::{
    Align, BodyRow, CONTINUED, CellEdit, Item, OfficialSpending, Page, Subject, TableSpec,
    TextEdit, amount, amount_or_blank, apply_edits, apply_text_edits, cell_edit, document_xml,
    figure, grand_total, head, head_across, head_down, official_spending_table, sample_package,
    subjects, write_table,
};
use crate::writer::{AnnotationIds, HEADING_STYLE, Paragraph, RunStyle, TITLE_STYLE};

/// File name of the clean sample, under `samples/`.
pub const CLEAN_FILE: &str = "final-accounts-2025.docx";
/// File name of the sample with the planted errors F1–F4, under `samples/`.
pub const ERRORS_FILE: &str = "final-accounts-2025-with-errors.docx";

/// The title.
pub const TITLE: &str = "望川市农业农村局2025年度部门决算";
/// The part heading; its `三` and `2025` are not figures.
pub const PART_HEADING: &str = "第三部分　2025年度部门决算情况说明";

/// The explanation: numbered headings, each followed by its paragraph.
pub const SECTIONS: [(&str, &str); 4] = [
    (
        "一、收入支出决算总体情况说明",
        "2025年度收入总计5,212.80万元，支出总计5,212.80万元。与2024年度相比，收入、支出总计各增加\
         312.60万元，增长6.38%，主要原因是高标准农田建设和农业科技推广项目资金增加。本年收入合计\
         3,846.65万元，其中：一般公共预算财政拨款收入3,456.20万元，占89.85%。",
    ),
    (
        "二、支出决算情况说明",
        "2025年度本年支出合计4,067.80万元，其中：基本支出3,104.55万元，占76.32%；项目支出\
         963.25万元，占23.68%。按支出功能分类科目，农林水支出3,189.03万元，占78.40%，主要用于\
         机构运行、农业科技推广和对村民委员会和村党支部的补助。",
    ),
    (
        "三、“三公”经费支出决算情况说明",
        "2025年度“三公”经费支出131.10万元，比预算减少8.40万元，下降6.02%，主要原因是严格落实\
         过紧日子要求，压减公务接待和公务用车运行支出。其中：公务接待费14.62万元，接待国内来访\
         团组46批次；公务用车购置及运行费116.48万元，年末公务用车保有量12辆。",
    ),
    (
        "四、其他需要说明的情况",
        "根据《望川市财政局关于做好2025年度部门决算编制和公开工作的通知》（望财预〔2025〕12号）\
         要求，本部门2025年度决算经2026年3月12日局党组会议审议通过，于2026年4月10日前在\
         望川市人民政府门户网站公开。",
    ),
];

/// The title and unit of each table.
pub const TABLE_TITLES: [&str; 3] = [
    "附表1　收入支出决算总表",
    "附表2　支出决算表",
    "附表3　“三公”经费支出决算表",
];
/// The unit, right-aligned above each table.
pub const UNIT: &str = "单位：万元";

/// The income lines of the summary table (left side) with their 决算数 ("" = none).
pub const INCOME: &[(&str, &str)] = &[
    ("一、一般公共预算财政拨款收入", "3456.20"),
    ("二、政府性基金预算财政拨款收入", "210.00"),
    ("三、国有资本经营预算财政拨款收入", ""),
    ("四、上级补助收入", ""),
    ("五、事业收入", "142.30"),
    ("六、经营收入", ""),
    ("七、附属单位上缴收入", ""),
    ("八、其他收入", "38.15"),
];
/// 使用非财政拨款结余.
pub const USE_OF_NON_APPROPRIATION_BALANCE: &str = "20.00";
/// 年初结转和结余.
pub const OPENING_BALANCE: &str = "1346.15";
/// 结余分配.
pub const BALANCE_DISTRIBUTION: &str = "15.20";

/// The expenditure lines of the summary table: label and 类 code (the amount is the class's
/// total in the 支出决算表). Only the classes the department has are listed, numbered anew.
pub const EXPENDITURE_CLASSES: &[(&str, &str)] = &[
    ("一、一般公共服务支出", "201"),
    ("二、社会保障和就业支出", "208"),
    ("三、卫生健康支出", "210"),
    ("四、农林水支出", "213"),
    ("五、住房保障支出", "221"),
];

/// Names of the 类 and 款 used.
pub const SUBJECT_NAMES: &[(&str, &str)] = &[
    ("201", "一般公共服务支出"),
    ("20199", "其他一般公共服务支出"),
    ("208", "社会保障和就业支出"),
    ("20805", "行政事业单位养老支出"),
    ("20808", "抚恤"),
    ("210", "卫生健康支出"),
    ("21011", "行政事业单位医疗"),
    ("213", "农林水支出"),
    ("21301", "农业农村"),
    ("21307", "农村综合改革"),
    ("221", "住房保障支出"),
    ("22102", "住房改革支出"),
];

/// The 项: 基本支出, 项目支出 ("" = none).
pub const ITEMS: &[Item] = &[
    item("2019999", "其他一般公共服务支出", &["", "35.40"]),
    item("2080501", "行政单位离退休", &["86.40", ""]),
    item(
        "2080505",
        "机关事业单位基本养老保险缴费支出",
        &["245.36", ""],
    ),
    item("2080506", "机关事业单位职业年金缴费支出", &["98.14", ""]),
    item("2080801", "死亡抚恤", &["12.60", ""]),
    item("2101101", "行政单位医疗", &["62.85", ""]),
    item("2101102", "事业单位医疗", &["71.30", ""]),
    item("2130101", "行政运行", &["1062.48", ""]),
    item("2130104", "事业运行", &["1198.70", "56.00"]),
    item("2130106", "科技转化与推广服务", &["", "128.60"]),
    item("2130108", "病虫害控制", &["", "74.35"]),
    item("2130135", "农业资源保护修复与利用", &["", "210.00"]),
    item("2130705", "对村民委员会和村党支部的补助", &["", "458.90"]),
    item("2210201", "住房公积金", &["203.52", ""]),
    item("2210203", "购房补贴", &["63.20", ""]),
];

/// A 项 with its two figures.
const fn item(code: &'static str, name: &'static str, figures: &'static [&'static str; 2]) -> Item {
    Item {
        code,
        name,
        figures,
    }
}

/// The “三公” figures: 预算数, 决算数 (因公出国（境）费 neither budgeted nor spent: 增减率 —).
pub const OFFICIAL_SPENDING: OfficialSpending = OfficialSpending {
    travel_abroad: ("0.00", "0.00"),
    reception: ("18.50", "14.62"),
    vehicle_purchase: ("85.00", "84.60"),
    vehicle_running: ("36.00", "31.88"),
};

/// The planted errors in the tables; `samples/README.md` explains each. Rows are 1-based body
/// rows (header rows not counted), columns 0-based grid columns.
pub const PLANTED: &[CellEdit] = &[
    // The summary counts 2101101 行政单位医疗 (62.85) under 社会保障和就业支出 instead of
    // 卫生健康支出; the 本年支出合计 is unchanged.
    cell_edit("F1", 1, 2, 3, "505.35"),
    cell_edit("F1", 1, 3, 3, "71.30"),
    // 年初结转和结余 1,346.15 typed as 1,364.15; 收入总计 left as published.
    cell_edit("F2", 1, 11, 1, "1,364.15"),
];

/// The planted errors in the text.
pub const TEXT_PLANTED: &[TextEdit] = &[
    // 3,104.55 ÷ 5,212.80 (支出总计) instead of ÷ 4,067.80 (本年支出合计).
    TextEdit {
        id: "F3",
        published: "占76.32%",
        planted: "占59.56%",
    },
    // 8.40 ÷ 131.10 (决算数) instead of ÷ 139.50 (预算数).
    TextEdit {
        id: "F4",
        published: "下降6.02%",
        planted: "下降6.41%",
    },
];

/// Writes both samples into `dir`.
pub fn write_samples(dir: &Path) -> Result<(), Box<dyn Error>> {
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join(CLEAN_FILE), docx(&[], &[])?)?;
    std::fs::write(dir.join(ERRORS_FILE), docx(PLANTED, TEXT_PLANTED)?)?;
    Ok(())
}

/// A4 portrait, margins 2.54 cm all round (narrower than Word's 3.17 cm left and right, to
/// give the tables room).
const PAGE: Page = Page {
    width: 11906,
    height: 16838,
    landscape: false,
    margin_top_bottom: 1440,
    margin_left_right: 1440,
};

/// The body text: 仿宋_GB2312 三号 (16 pt), first line indented two characters.
const BODY_STYLE: RunStyle = RunStyle {
    font: "仿宋_GB2312",
    half_points: 32,
    bold: false,
};
/// The table titles: 黑体 小三 (15 pt).
const TABLE_TITLE_STYLE: RunStyle = RunStyle {
    font: "黑体",
    half_points: 30,
    bold: false,
};
/// Table cells: 仿宋_GB2312 小五 (9 pt), so that the longest names (16 characters) and the
/// seven-digit codes stay on one line in portrait; the header and 合计 rows in bold.
const TABLE_CELL_STYLE: RunStyle = RunStyle {
    font: "仿宋_GB2312",
    half_points: 18,
    bold: false,
};
const TABLE_BOLD_STYLE: RunStyle = RunStyle {
    font: "仿宋_GB2312",
    half_points: 18,
    bold: true,
};
/// The unit line: 仿宋_GB2312 小四 (12 pt).
const UNIT_STYLE: RunStyle = RunStyle {
    font: "仿宋_GB2312",
    half_points: 24,
    bold: false,
};

/// The whole package with the planted cell and text edits applied.
pub fn docx(planted: &[CellEdit], text_planted: &[TextEdit]) -> Result<Vec<u8>, Box<dyn Error>> {
    let classes = subjects(SUBJECT_NAMES, ITEMS);
    let mut tables = [
        summary_table(&classes),
        expenditure_table(&classes),
        official_spending_table(&OFFICIAL_SPENDING, vec![3676, 1250, 1250, 1250, 1600], true),
    ];
    for (index, table) in tables.iter_mut().enumerate() {
        let width: u32 = table.grid.iter().sum();
        if width != PAGE.text_width() {
            return Err(format!("table {} is {width} twips wide", index + 1).into());
        }
        apply_edits(index + 1, table, planted)?;
    }
    let texts: Vec<String> = SECTIONS
        .iter()
        .map(|(_, text)| apply_text_edits(text, text_planted))
        .collect();
    for edit in text_planted {
        let found = SECTIONS
            .iter()
            .map(|(_, text)| text.matches(edit.published).count())
            .sum::<usize>();
        if found != 1 {
            return Err(format!("{}: {:?} found {found} times", edit.id, edit.published).into());
        }
    }

    let mut body = String::new();
    let mut ids = AnnotationIds::default();
    Paragraph::new(&TITLE_STYLE)
        .centred()
        .spacing_after(156)
        .text(TITLE)
        .write(&mut body, &mut ids);
    Paragraph::new(&HEADING_STYLE)
        .outline_level(0)
        .text(PART_HEADING)
        .write(&mut body, &mut ids);
    for ((heading, _), text) in SECTIONS.iter().zip(&texts) {
        Paragraph::new(&HEADING_STYLE)
            .indented()
            .keep_with_next()
            .text(heading)
            .write(&mut body, &mut ids);
        Paragraph::new(&BODY_STYLE)
            .indented()
            .text(text)
            .write(&mut body, &mut ids);
    }
    for (title, table) in TABLE_TITLES.iter().zip(&tables) {
        Paragraph::new(&TABLE_TITLE_STYLE)
            .centred()
            .keep_with_next()
            .outline_level(1)
            .text(title)
            .write(&mut body, &mut ids);
        Paragraph::new(&UNIT_STYLE)
            .right_aligned()
            .keep_with_next()
            .text(UNIT)
            .write(&mut body, &mut ids);
        write_table(
            &mut body,
            &mut ids,
            table,
            &TABLE_BOLD_STYLE,
            &TABLE_CELL_STYLE,
            &TABLE_BOLD_STYLE,
        );
    }
    let xml = document_xml(&body, &PAGE);
    sample_package(xml, "2026-03-10T06:30:00Z", "2026-03-16T02:15:00Z", 4)
}

/// A figure of the data, "" meaning zero.
fn value(text: &str) -> Decimal {
    if text.is_empty() {
        Decimal::ZERO
    } else {
        figure(text)
    }
}

/// 收入支出决算总表: 收入 | 决算数 | 支出 | 决算数, income lines beside the classes, then
/// 本年收入合计 / 本年支出合计, the balances, and 收入总计 / 支出总计 on one row.
fn summary_table(classes: &[Subject]) -> TableSpec {
    let money = |d: Decimal| amount(d, true);
    let class_total = |code: &str| {
        classes
            .iter()
            .find(|s| s.code == code)
            .map(|s| s.figures.iter().sum::<Decimal>())
            .unwrap_or_else(|| panic!("no class {code} in the 支出决算表"))
    };
    let income: Decimal = INCOME.iter().map(|(_, v)| value(v)).sum();
    let expenditure: Decimal = grand_total(classes).iter().sum();
    let income_total = income + value(USE_OF_NON_APPROPRIATION_BALANCE) + value(OPENING_BALANCE);
    let closing_balance = income_total - expenditure - value(BALANCE_DISTRIBUTION);

    let mut rows = Vec::new();
    for (index, (label, figure)) in INCOME.iter().enumerate() {
        let (right_label, right_value) = match EXPENDITURE_CLASSES.get(index) {
            Some((label, code)) => ((*label).to_owned(), money(class_total(code))),
            None => (String::new(), String::new()),
        };
        rows.push(BodyRow::plain(vec![
            (*label).to_owned(),
            amount_or_blank(value(figure), true),
            right_label,
            right_value,
        ]));
    }
    let pair = |left: &str, l: Decimal, right: &str, r: Decimal| {
        BodyRow::plain(vec![left.to_owned(), money(l), right.to_owned(), money(r)])
    };
    rows.push(pair("本年收入合计", income, "本年支出合计", expenditure).bold());
    rows.push(pair(
        "使用非财政拨款结余",
        value(USE_OF_NON_APPROPRIATION_BALANCE),
        "结余分配",
        value(BALANCE_DISTRIBUTION),
    ));
    rows.push(pair(
        "年初结转和结余",
        value(OPENING_BALANCE),
        "年末结转和结余",
        closing_balance,
    ));
    rows.push(pair("收入总计", income_total, "支出总计", income_total).bold());
    TableSpec {
        grid: vec![3300, 1213, 3300, 1213],
        align: vec![Align::Left, Align::Right, Align::Left, Align::Right],
        header: vec![vec![
            head("收入"),
            head("决算数"),
            head("支出"),
            head("决算数"),
        ]],
        rows,
        keep_together: false,
    }
}

/// 支出决算表: 项目 (科目编码, 科目名称) | 合计 | 基本支出 | 项目支出; the 合计 row first, its
/// label in the name column with the code cell blank.
fn expenditure_table(classes: &[Subject]) -> TableSpec {
    let figures = |values: &[Decimal]| {
        let (basic, project) = (values[0], values[1]);
        vec![
            amount(basic + project, true),
            amount_or_blank(basic, true),
            amount_or_blank(project, true),
        ]
    };
    let mut rows = Vec::new();
    let mut total = vec![String::new(), "合计".to_owned()];
    total.extend(figures(&grand_total(classes)));
    rows.push(BodyRow::plain(total).bold());
    for subject in classes {
        let mut texts = vec![subject.code.to_owned(), subject.name.to_owned()];
        texts.extend(figures(&subject.figures));
        rows.push(BodyRow::plain(texts));
    }
    TableSpec {
        grid: vec![1200, 3776, 1350, 1350, 1350],
        align: vec![
            Align::Left,
            Align::Left,
            Align::Right,
            Align::Right,
            Align::Right,
        ],
        header: vec![
            vec![
                head_across("项目", 2),
                head_down("合计"),
                head_down("基本支出"),
                head_down("项目支出"),
            ],
            vec![
                head("科目编码"),
                head("科目名称"),
                CONTINUED,
                CONTINUED,
                CONTINUED,
            ],
        ],
        rows,
        keep_together: false,
    }
}
