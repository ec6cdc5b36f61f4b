//! The words that name the parts of a table's structure: summary rows, the `其中` marker, total
//! and derived columns, the two periods compared, the unit, and the phrases saying a blank is
//! zero. Templates carry it as their `[structure]` section; every field has a default, so a
//! template without the section still reads budget and score tables.

use serde::{Deserialize, Serialize};

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| (*w).to_string()).collect()
}

/// The vocabulary [`analyse`](super::analyse) reads a table's structure with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct StructureVocabulary {
    /// Names of rows that sum every row they cover (合计, 总计, 共计); 总计 sums the 合计 rows.
    pub summary: Vec<String>,
    /// Names of rows that sum one group (小计).
    pub subtotal: Vec<String>,
    /// The word that opens a list of parts of the row above (`其中：`).
    pub of_which: Vec<String>,
    /// Header words of a column that sums the amount columns of its group (合计, 资金合计, 总分).
    pub total_columns: Vec<String>,
    /// Header words of a difference column (增减额 = current − previous).
    pub difference: Vec<String>,
    /// Header words of a rate-of-change column (增减率 = (current − previous) ÷ previous × 100).
    pub rate: Vec<String>,
    /// Header words of a share column (占比 = part ÷ total × 100).
    pub share: Vec<String>,
    /// Header words of a ratio whose formula the header does not name (执行率, 完成率, 比例):
    /// never summed into a total row, listed as not recomputed. A column whose cells mostly
    /// carry `%` is one too.
    pub percent: Vec<String>,
    /// Header words of a figure per unit (单价, 补助标准, 人均): never summed into a total row,
    /// listed as not recomputed.
    pub per_unit: Vec<String>,
    /// Header words of a column of counts (条数, 人数): summed down, never into a row total.
    pub count: Vec<String>,
    /// Header words of a code column (科目编码): an identifier, never summed.
    pub code: Vec<String>,
    /// Header words of a rank or serial column: never summed.
    pub rank: Vec<String>,
    /// Header words of the label column (项目, 名称).
    pub label: Vec<String>,
    /// Header words of text columns that are never summed (备注, 说明).
    pub text: Vec<String>,
    /// Header words of the current period (本年, 本期, 决算数 beside 预算数).
    pub current: Vec<String>,
    /// Header words of the previous period or the plan compared against (上年, 上期, 预算数).
    pub previous: Vec<String>,
    /// A regular expression whose first group is the unit (`单位：万元` → `万元`).
    pub unit_pattern: String,
    /// Phrases in a note or context row saying that blank cells mean zero or none.
    pub blank_means_zero: Vec<String>,
    /// Not-applicable markers (`——`, `/`, `无`), compared without spaces.
    pub not_applicable: Vec<String>,
    /// Figures that must agree between two tables of one document (表间勾稽), beyond those
    /// the tables' shared row names show: the template's `[[structure.crosscheck]]` rules.
    pub crosscheck: Vec<CrossRule>,
}

/// A declared equality between two tables: the cell of `table`'s row `row` equals the cell of
/// `other_table`'s row `other_row`. Tables are found by words of their title, rows by their
/// name (numbering and spaces ignored), columns by header words (empty: the table's main
/// amount column, or the amount column beside the row's name on a two-sided table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrossRule {
    /// Words of the title of the table holding the checked figure (`收入支出决算总表`).
    pub table: String,
    /// The row's name (`本年支出合计`).
    pub row: String,
    /// Header words of its column; empty for the main amount column.
    #[serde(default)]
    pub column: String,
    /// Words of the title of the table it must equal (`支出决算表`).
    pub other_table: String,
    /// The row there (`合计`).
    pub other_row: String,
    /// Header words of the column there; empty for the main amount column.
    #[serde(default)]
    pub other_column: String,
    /// The rule in Chinese.
    pub zh: String,
    /// The rule in English.
    pub en: String,
}

impl CrossRule {
    fn new(
        (table, row, column): (&str, &str, &str),
        (other_table, other_row, other_column): (&str, &str, &str),
        zh: &str,
        en: &str,
    ) -> Self {
        CrossRule {
            table: table.to_string(),
            row: row.to_string(),
            column: column.to_string(),
            other_table: other_table.to_string(),
            other_row: other_row.to_string(),
            other_column: other_column.to_string(),
            zh: zh.to_string(),
            en: en.to_string(),
        }
    }
}

/// The standard reconciliations of a department's budget and final-account tables (部门预算公开,
/// 部门决算公开). A 部门收入总表's 合计 may include 上年结转, so only the spending is ruled.
fn final_account_rules() -> Vec<CrossRule> {
    vec![
        CrossRule::new(
            ("收支总表", "本年支出合计", ""),
            ("支出总表", "合计", "合计"),
            "部门收支总表的本年支出合计等于部门支出总表的合计",
            "the summary table's 本年支出合计 equals the 部门支出总表's 合计",
        ),
        CrossRule::new(
            ("收入支出决算总表", "本年支出合计", ""),
            ("支出决算表", "合计", "合计"),
            "收入支出决算总表的本年支出合计等于支出决算表的合计",
            "the summary table's 本年支出合计 equals the 支出决算表's 合计",
        ),
        CrossRule::new(
            ("收入支出决算总表", "本年收入合计", ""),
            ("收入决算表", "合计", "合计"),
            "收入支出决算总表的本年收入合计等于收入决算表的合计",
            "the summary table's 本年收入合计 equals the 收入决算表's 合计",
        ),
    ]
}

impl Default for StructureVocabulary {
    fn default() -> Self {
        StructureVocabulary {
            summary: words(&[
                "合计",
                "总计",
                "共计",
                "总合计",
                "累计",
                "合計",
                "總計",
                "共計",
                "total",
                "grand total",
            ]),
            subtotal: words(&["小计", "小計", "subtotal"]),
            of_which: words(&["其中", "of which", "including"]),
            total_columns: words(&[
                "合计",
                "小计",
                "总计",
                "合計",
                "小計",
                "總計",
                "资金合计",
                "金额合计",
                "总额",
                "总分",
                "总得分",
                "得分合计",
                "综合得分",
                "最终得分",
                "total",
            ]),
            difference: words(&[
                "增减额",
                "增减",
                "增加额",
                "减少额",
                "差额",
                "增（减）",
                "change",
            ]),
            rate: words(&[
                "增减率",
                "增长率",
                "增减幅度",
                "增幅",
                "增减比例",
                "变动率",
                "growth",
            ]),
            share: words(&["占比", "比重", "所占比例", "占总", "share"]),
            percent: words(&["率", "比例", "百分比", "百分点", "percent", "ratio"]),
            per_unit: words(&[
                "单价",
                "均价",
                "标准",
                "人均",
                "户均",
                "亩均",
                "平均",
                "每人",
                "每户",
                "每亩",
                "/人",
                "/户",
                "/亩",
                "unit price",
                "average",
            ]),
            count: words(&[
                "条数",
                "工单数",
                "件数",
                "个数",
                "人数",
                "次数",
                "户数",
                "家数",
                "数量",
                "count",
            ]),
            code: words(&[
                "科目编码",
                "科目代码",
                "行次",
                "行号",
                "栏次",
                "功能分类",
                "编码",
                "代码",
                "日期",
                "时间",
                "期限",
                "年份",
                "月份",
                "电话",
                "手机",
                "邮编",
                "账号",
                "code",
                "date",
                "phone",
            ]),
            rank: words(&["排名", "名次", "位次", "序号", "编号", "rank", "no."]),
            label: words(&[
                "项目",
                "科目名称",
                "名称",
                "单位",
                "地区",
                "部门",
                "item",
                "name",
            ]),
            text: words(&["备注", "说明", "等次", "等级", "档次", "remark", "note"]),
            current: words(&[
                "本年",
                "本期",
                "今年",
                "当年",
                "决算数",
                "执行数",
                "current",
            ]),
            previous: words(&[
                "上年",
                "上期",
                "去年",
                "上一年",
                "预算数",
                "年初预算",
                "previous",
            ]),
            unit_pattern: r"(?:金额)?单位\s*[:：]\s*([^\s,，;；)）]+)".into(),
            blank_means_zero: words(&[
                "空白表示",
                "空格表示",
                "空白单元格表示",
                "空白为零",
                "空白为0",
                "blank means zero",
                "blank cells are zero",
            ]),
            crosscheck: final_account_rules(),
            not_applicable: words(&[
                "——",
                "—",
                "－－",
                "--",
                "-",
                "/",
                "／",
                "无",
                "不适用",
                "不涉及",
                "n/a",
                "na",
            ]),
        }
    }
}

/// Lower-cases ASCII and removes every kind of space: how labels and words are compared.
pub(crate) fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '\u{200b}' | '\u{feff}'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The vocabulary with every word compacted once, so that matching a label costs no
/// allocation per word.
#[derive(Debug, Clone)]
pub(crate) struct Compiled {
    pub summary: Vec<String>,
    pub subtotal: Vec<String>,
    pub of_which: Vec<String>,
    pub total_columns: Vec<String>,
    pub difference: Vec<String>,
    pub rate: Vec<String>,
    pub share: Vec<String>,
    pub percent: Vec<String>,
    pub per_unit: Vec<String>,
    pub count: Vec<String>,
    pub code: Vec<String>,
    pub rank: Vec<String>,
    pub label: Vec<String>,
    pub text: Vec<String>,
    pub current: Vec<String>,
    pub previous: Vec<String>,
    pub unit: Option<regex::Regex>,
    pub blank_means_zero: Vec<String>,
    pub not_applicable: Vec<String>,
}

impl Compiled {
    pub fn new(v: &StructureVocabulary) -> Self {
        let c = |list: &[String]| -> Vec<String> {
            list.iter()
                .map(|w| compact(w))
                .filter(|w| !w.is_empty())
                .collect()
        };
        Compiled {
            summary: c(&v.summary),
            subtotal: c(&v.subtotal),
            of_which: c(&v.of_which),
            total_columns: c(&v.total_columns),
            difference: c(&v.difference),
            rate: c(&v.rate),
            share: c(&v.share),
            percent: c(&v.percent),
            per_unit: c(&v.per_unit),
            count: c(&v.count),
            code: c(&v.code),
            rank: c(&v.rank),
            label: c(&v.label),
            text: c(&v.text),
            current: c(&v.current),
            previous: c(&v.previous),
            unit: regex::Regex::new(&v.unit_pattern).ok(),
            blank_means_zero: c(&v.blank_means_zero),
            not_applicable: v.not_applicable.clone(),
        }
    }
}

/// True when the compacted `text` contains one of the compacted `words`.
pub(crate) fn contains_any(text: &str, words: &[String]) -> bool {
    words.iter().any(|w| text.contains(w.as_str()))
}
