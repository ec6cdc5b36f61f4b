//! The annex's content, exactly as the Ordos city government published it.
//!
//! Transcribed from `../shared/seed/000_dcf661efd9754544.txt` (a text dump of the published
//! .docx); `tests/samples.rs` checks every string here against that file, so a typo cannot
//! slip in. Kept as constants so that the generator needs nothing outside the repository.

/// Columns in every table: 排名, 名称, seven indicators, 总分.
pub const COLUMNS: usize = 10;

/// One table row, one string per cell, as printed.
pub type Row = [&'static str; COLUMNS];

/// The first paragraph of the document.
pub const ATTACHMENT: &str = "附件";

/// The title's first line.
pub const TITLE_FIRST_LINE: &str = "2020年度全市政务公开、政府网站、政务新媒体绩效";

/// The publisher padded the title with this many ASCII spaces so that the last words wrap onto a
/// second centred line; the title is a single paragraph.
pub const TITLE_PADDING: usize = 443;

/// The title's last words (second line once wrapped).
pub const TITLE_SECOND_LINE: &str = "评估结果";

/// The title paragraph's text, exactly as published.
pub fn title() -> String {
    format!(
        "{TITLE_FIRST_LINE}{}{TITLE_SECOND_LINE}",
        " ".repeat(TITLE_PADDING)
    )
}

/// Hidden bookmarks Word left in the published file, where the dump shows them.
pub const BOOKMARK_ATTACHMENT: &str = "_GoBack";
/// On the title paragraph.
pub const BOOKMARK_TITLE: &str = "_Hlk36751979";
/// On the first heading (一、各旗区人民政府).
pub const BOOKMARK_FIRST_HEADING: &str = "_Hlk36751722";
/// In the first header cell (排名) of the second table.
pub const BOOKMARK_SECOND_TABLE: &str = "_Hlk36751843";

/// The note printed after the second and third tables.
pub const NOTE: &str = "注：对于没有对外服务职能的部门，不检查其网站涉及办事服务的指标，对附加指标外指标评分时以85分为满分，结果乘以20/17与附加指标得分之和为最终得分。";

/// The document's last paragraph holds a single space (after the last note).
pub const LAST_PARAGRAPH: &str = " ";

/// A heading, its table and what follows the table.
pub struct Section {
    /// The heading paragraph before the table.
    pub heading: &'static str,
    /// The header row; `\n` separates paragraphs within a cell (总分 / （110分）).
    pub header: Row,
    /// The data rows.
    pub rows: &'static [Row],
    /// The note paragraph right after the table, if any.
    pub note: Option<&'static str>,
    /// Empty paragraphs between the table (or its note) and the next heading.
    pub empty_paragraphs_after: usize,
}

/// The three sections, in document order.
pub const SECTIONS: [Section; 3] = [
    Section {
        heading: "一、各旗区人民政府",
        header: [
            "排名",
            "名称",
            "发布解读（40分）",
            "办事服务（15分）",
            "互动交流（10分）",
            "依申请公开（10分）",
            "平台建设（15分）",
            "监督保障（15分）",
            "附加指标（10分）",
            "总分\n（110分）",
        ],
        rows: COUNTIES,
        note: None,
        empty_paragraphs_after: 2,
    },
    Section {
        heading: "二、市人民政府组成部门",
        header: [
            "排名",
            "名称",
            "发布解读（40分）",
            "办事服务（15分）",
            "互动交流（10分）",
            "依申请公开（10分）",
            "平台建设（15分）",
            "监督保障（10分）",
            "附加指标（10分）",
            "总分\n（110分）",
        ],
        rows: DEPARTMENTS,
        note: Some(NOTE),
        empty_paragraphs_after: 2,
    },
    Section {
        heading: "三、市级园区",
        header: [
            "排名",
            "名称",
            "发布解读（40分）",
            "办事服务（15分）",
            "互动交流（10分）",
            "依申请公开（10分）",
            "平台建设（15分）",
            "监督保障（10分）",
            "附加指标（10分）",
            "总分\n（110分）",
        ],
        rows: PARKS,
        note: Some(NOTE),
        empty_paragraphs_after: 0,
    },
];

/// Table 1 rows, as published.
#[rustfmt::skip] // One row per line, as in the annex.
const COUNTIES: &[Row] = &[
    ["1", "达拉特旗", "34.90", "13.50", "9.50", "9.50", "13.90", "9.00", "3.90", "94.20"],
    ["2", "乌审旗", "38.30", "12.50", "8.50", "10.00", "13.90", "8.90", "1.10", "93.20"],
    ["3", "杭锦旗", "37.95", "12.00", "10.00", "9.75", "14.50", "9.00", "-1.10", "92.10"],
    ["4", "准格尔旗", "36.30", "12.50", "7.50", "9.75", "14.00", "9.00", "2.00", "91.05"],
    ["5", "康巴什区", "36.15", "10.50", "10.00", "10.00", "14.30", "7.00", "-0.30", "87.65"],
    ["6", "鄂托克前旗", "33.10", "12.50", "8.00", "10.00", "13.90", "9.00", "-1.90", "84.60"],
    ["7", "鄂托克旗", "31.10", "12.00", "7.50", "9.75", "13.90", "8.70", "-0.20", "82.75"],
    ["8", "伊金霍洛旗", "24.85", "14.00", "10.00", "10.00", "14.10", "7.90", "-2.70", "78.15"],
    ["9", "东胜区", "14.90", "13.00", "6.50", "9.50", "13.70", "6.50", "-1.60", "62.50"],
];

/// Table 2 rows, as published.
#[rustfmt::skip] // One row per line, as in the annex.
const DEPARTMENTS: &[Row] = &[
    ["1", "政务服务局", "35.40", "——", "10.00", "10.00", "14.80", "10.00", "3.40", "97.75"],
    ["2", "人力资源和社会保障局", "38.50", "15.00", "10.00", "10.00", "12.80", "8.00", "2.70", "97.00"],
    ["3", "住房和城乡建设局", "38.80", "15.00", "9.50", "9.75", "12.60", "8.50", "1.90", "96.05"],
    ["4", "城市管理综合执法局", "37.00", "——", "10.00", "10.00", "14.80", "8.75", "1.10", "95.86"],
    ["5", "应急管理局", "36.80", "14.50", "10.00", "10.00", "14.80", "7.70", "1.90", "95.70"],
    ["6", "教育体育局", "37.00", "15.00", "10.00", "10.00", "14.40", "7.80", "0.60", "94.80"],
    ["7", "人民政府金融工作办公室", "38.10", "14.00", "10.00", "10.00", "12.40", "7.40", "2.50", "94.40"],
    ["8", "工业和信息化局", "38.00", "14.50", "8.00", "10.00", "12.00", "8.20", "2.30", "93.00"],
    ["9", "国有资产监督管理委员会", "38.10", "——", "7.50", "10.00", "14.60", "8.50", "0.40", "92.99"],
    ["10", "生态环境局", "36.80", "15.00", "9.50", "10.00", "12.60", "8.00", "1.00", "92.90"],
    ["11", "司法局", "38.00", "13.00", "10.00", "10.00", "14.60", "5.80", "0.80", "92.20"],
    ["12", "民族事务委员会", "36.25", "15.00", "10.00", "10.00", "14.20", "6.80", "-0.50", "91.75"],
    ["13", "公安局", "38.00", "15.00", "6.50", "10.00", "12.30", "9.00", "0.90", "91.70"],
    ["14", "水利局", "38.50", "15.00", "7.50", "10.00", "12.80", "6.00", "1.80", "91.60"],
    ["15", "林业和草原局", "39.20", "15.00", "7.50", "10.00", "14.40", "6.20", "-0.80", "91.50"],
    ["16", "自然资源局", "39.00", "13.50", "9.50", "9.00", "14.20", "6.80", "-0.60", "91.40"],
    ["17", "财政局", "36.10", "15.00", "8.00", "10.00", "14.80", "6.30", "-0.40", "89.80"],
    ["18", "审计局", "37.20", "——", "9.00", "10.00", "9.80", "8.80", "1.50", "89.50"],
    ["19", "科学技术局", "37.00", "14.00", "10.00", "10.00", "13.60", "4.20", "0.10", "88.90"],
    ["20", "民政局", "38.00", "15.00", "5.50", "10.00", "12.80", "7.50", "-0.50", "88.30"],
    ["21", "市场监督管理局", "35.10", "14.00", "8.00", "10.00", "10.30", "8.00", "2.70", "88.10"],
    ["22", "农牧局", "36.00", "15.00", "7.50", "10.00", "13.00", "6.50", "-0.50", "87.50"],
    ["23", "卫生健康委员会", "34.25", "14.50", "7.50", "9.00", "13.50", "7.00", "1.40", "87.15"],
    ["24", "信访局", "36.00", "——", "4.00", "10.00", "14.20", "8.50", "1.20", "86.73"],
    ["25", "文化和旅游局", "37.60", "14.50", "5.50", "10.00", "12.80", "8.00", "-2.60", "85.80"],
    ["26", "扶贫开发办公室", "34.15", "——", "8.00", "10.00", "12.30", "6.20", "1.00", "84.12"],
    ["27", "交通运输局", "33.75", "11.00", "8.00", "10.00", "13.80", "6.70", "-0.10", "83.15"],
    ["28", "退役军人事务局", "31.40", "——", "5.50", "9.50", "14.40", "6.00", "1.90", "80.49"],
    ["29", "能源局", "28.30", "14.00", "8.00", "9.50", "13.80", "6.50", "-0.70", "79.40"],
    ["30", "发展和改革委员会", "27.30", "14.00", "7.00", "10.00", "13.30", "6.80", "-1.60", "76.80"],
    ["31", "医疗保障局", "31.50", "13.50", "4.00", "9.00", "12.30", "4.50", "1.00", "75.80"],
    ["32", "统计局", "24.60", "——", "4.00", "10.00", "12.60", "5.20", "1.80", "68.15"],
    ["33", "商务局", "0.00", "0.00", "0.00", "9.00", "7.00", "1.50", "0.70", "18.20"],
];

/// Table 3 rows, as published.
#[rustfmt::skip] // One row per line, as in the annex.
const PARKS: &[Row] = &[
    ["1", "鄂尔多斯空港物流园区", "37.90", "——", "5.50", "10.00", "12.90", "8.00", "1.70", "89.11"],
    ["2", "鄂尔多斯高新技术产业开发区", "32.50", "12.50", "5.50", "9.75", "14.80", "3.80", "1.40", "80.25"],
    ["3", "恩格贝生态示范区", "35.50", "——", "4.00", "10.00", "12.30", "3.00", "-1.10", "75.14"],
];
