//! Figures that must agree across one document: between its tables (表间勾稽) and between
//! its text and its tables (文表一致).
//!
//! Between tables, a figure that two tables both publish must be equal: the same row name
//! (numbering, codes, quotes and spaces ignored) under each table's main amount column, a
//! table's 合计 against the other table's total row of the side holding the shared rows, and
//! the template's declared rules ([`CrossRule`](super::CrossRule)).
//! Against the text, each figure a paragraph quotes ([`crate::annex::quote`]) whose words
//! name a row, a column or a table is recomputed from the cells: equal (units converted), or
//! the share, difference or rate it states, compared at the decimals printed. Figures that
//! name nothing are listed, never guessed.
//!
//! Results are plain data ([`CrossRelation`]), evaluated exactly with rust_decimal.

use std::collections::{HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use super::super::quote::{self, Comparison, Direction, FigureUnit, QuotedFigure};
use super::super::value::Value;
use super::two_sided::{self, Side};
use super::vocabulary::{Compiled, compact, contains_any};
use super::{
    ColumnRole, NotCheckableReason, OperandRole, RelationResult, RelationSource, RowRole,
    StructureVocabulary, TableStructure, Words,
};
use crate::exact::round_half_away;
use crate::wordml::{BodyParagraph, Table};

/// A table of the document as the checks see it: its number, its title and its structure.
#[derive(Debug, Clone, Copy)]
pub struct DocumentTable<'a> {
    /// The table's number in the document.
    pub number: usize,
    /// Its heading and caption, joined (`附表1 收入支出决算总表 单位：万元`).
    pub title: &'a str,
    /// Its analysed structure.
    pub structure: &'a TableStructure,
}

/// The title words of a table as [`DocumentTable::title`] wants them: heading and caption.
pub fn table_title(table: &Table) -> String {
    [table.heading.as_deref(), table.caption.as_deref()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

/// What a cross relation checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CrossKind {
    /// A figure two tables publish is equal in both.
    TableEquality,
    /// A figure the text quotes equals a cell.
    TextEqual,
    /// A share the text quotes = part ÷ whole × 100 of two cells.
    TextShare,
    /// An amount of change the text quotes = the difference of two cells.
    TextChange,
    /// A rate of change the text quotes = the difference ÷ the reference × 100.
    TextRate,
}

impl CrossKind {
    /// The short stable name used in ids.
    pub fn as_str(self) -> &'static str {
        match self {
            CrossKind::TableEquality => "table_equality",
            CrossKind::TextEqual => "text_equal",
            CrossKind::TextShare => "text_share",
            CrossKind::TextChange => "text_change",
            CrossKind::TextRate => "text_rate",
        }
    }
}

/// A published cell of one of the document's tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableCell {
    /// The table's number.
    pub table: usize,
    /// 0-based row in the table.
    pub table_row: usize,
    /// 0-based logical column.
    pub column: usize,
    /// The row's name as published.
    pub row_label: String,
    /// The column's header.
    pub column_label: String,
    /// The cell's text as published.
    pub published: String,
}

/// A figure quoted in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TextQuote {
    /// The paragraph's index among the body paragraphs.
    pub paragraph: usize,
    /// The paragraph's first words, to find it.
    pub opening: String,
    /// The figure as printed (`占59.56%` gives `59.56%`).
    pub quoted: String,
    /// The words before it that say what it is.
    pub subject: String,
    /// Byte range of the figure in the paragraph.
    #[serde(skip)]
    pub span: std::ops::Range<usize>,
}

/// What a cross relation checks: a cell or a figure of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CrossTarget {
    /// A table's cell.
    Cell(TableCell),
    /// A figure of the text.
    Text(TextQuote),
}

/// One operand of a cross relation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossOperand {
    /// The cell.
    pub cell: TableCell,
    /// How it takes part (`add` for an equality, `part`/`whole`, `current`/`previous`).
    pub role: OperandRole,
}

/// A relation between figures of different tables, or of the text and the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CrossRelation {
    /// Stable id: kind, then where (`table_equality:1:社会保障和就业支出=2:社会保障和就业支出`).
    pub id: String,
    /// The kind.
    pub kind: CrossKind,
    /// What it checks.
    pub target: CrossTarget,
    /// The cells it is computed from.
    pub operands: Vec<CrossOperand>,
    /// The rule in words.
    pub rule: Words,
    /// Where it comes from: the tables' shared names ([`RelationSource::Structure`]) or the
    /// template ([`RelationSource::Template`]); text figures by their words
    /// ([`RelationSource::Structure`]).
    pub source: RelationSource,
    /// Decimals compared: the target's as printed.
    pub rounding: u32,
    /// The outcome.
    pub result: RelationResult,
}

/// A quoted figure no row, column or table is named by, or whose comparison has no reference
/// in the tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UnmatchedFigure {
    /// Where it is.
    pub quote: TextQuote,
    /// Why it was not checked.
    pub reason: Words,
}

/// The document-level checks.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DocumentChecks {
    /// Every cross relation found, with its result.
    pub relations: Vec<CrossRelation>,
    /// Quoted figures that could not be checked.
    pub unmatched_figures: Vec<UnmatchedFigure>,
    /// Numbers of the text that are not quantities (years, dates, document numbers, counts).
    pub non_quantities: usize,
}

impl DocumentChecks {
    /// The relations whose result is a finding.
    pub fn findings(&self) -> impl Iterator<Item = &CrossRelation> {
        self.relations.iter().filter(|r| r.result.is_finding())
    }
}

/// A row or column name with numbering (`一、`, `（1）`, `1.`, `其中：`), a leading
/// classification code, quotes and spaces removed, full-width letters and digits made ASCII,
/// lower-cased: two tables' names for one line compare equal.
pub fn normalize_label(label: &str) -> String {
    let mut text: String = label
        .chars()
        .filter_map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0),
            '“' | '”' | '"' | '‘' | '’' | '\'' | '「' | '」' | '『' | '』' => None,
            c if c.is_whitespace() || c == '\u{3000}' => None,
            c => Some(c),
        })
        .flat_map(char::to_lowercase)
        .collect();
    loop {
        let before = text.len();
        for prefix in ["其中:", "其中"] {
            if let Some(rest) = text.strip_prefix(prefix) {
                text = rest.to_string();
            }
        }
        text = strip_numbering(&text).to_string();
        if text.len() == before {
            return text;
        }
    }
}

/// `text` without its leading numbering or classification code.
fn strip_numbering(text: &str) -> &str {
    const NUMERALS: &str = "一二三四五六七八九十百零〇";
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |k: usize| chars.get(k).map(|(_, c)| *c);
    let byte = |k: usize| chars.get(k).map_or(text.len(), |(b, _)| *b);
    // (1) / (一)
    if at(0) == Some('(') {
        let mut k = 1;
        while at(k).is_some_and(|c| c.is_ascii_digit() || NUMERALS.contains(c)) {
            k += 1;
        }
        if k > 1 && at(k) == Some(')') {
            return &text[byte(k + 1)..];
        }
    }
    // 一、 / 1. / 1、 / 1) / a code 2080501 before a name
    let mut k = 0;
    while at(k).is_some_and(|c| NUMERALS.contains(c)) {
        k += 1;
    }
    if k > 0 && matches!(at(k), Some('、' | '.' | '．')) {
        return &text[byte(k + 1)..];
    }
    let mut k = 0;
    while at(k).is_some_and(|c| c.is_ascii_digit()) {
        k += 1;
    }
    if k > 0
        && matches!(at(k), Some('、' | '.' | ')'))
        && !at(k + 1).is_some_and(|c| c.is_ascii_digit())
    {
        return &text[byte(k + 1)..];
    }
    if k >= 3
        && at(k)
            .is_some_and(|c| !c.is_ascii() && !matches!(c, '%' | '万' | '元' | '年' | '月' | '亿'))
    {
        return &text[byte(k)..];
    }
    text
}

/// The words of a table's title that name what it lists: `附表3 “三公”经费支出决算表` →
/// `三公经费支出`.
fn title_core(title: &str) -> String {
    let first = title.split_whitespace().collect::<Vec<_>>();
    // The heading part: drop 附表N / 表N / 附件N and the unit.
    let words: Vec<&str> = first
        .iter()
        .copied()
        // The unit statement (`单位：万元`), not a body named 某单位.
        .filter(|w| !w.contains("单位：") && !w.contains("单位:"))
        .filter(|w| {
            let w = w.trim_start_matches(['附', '表', '件']);
            w.is_empty() || !w.chars().all(|c| c.is_ascii_digit())
        })
        .collect();
    let mut core = normalize_label(&words.concat());
    for prefix in ["附表", "表"] {
        if let Some(rest) = core.strip_prefix(prefix) {
            core = rest
                .trim_start_matches(|c: char| c.is_ascii_digit())
                .to_string();
        }
    }
    for suffix in ["决算表", "预算表", "明细表", "情况表", "统计表", "表"] {
        if let Some(rest) = core.strip_suffix(suffix) {
            return rest.to_string();
        }
    }
    core
}

/// One named line of a table: its normalised name, row and the amount column that belongs
/// to it.
#[derive(Debug, Clone)]
struct Line {
    name: String,
    table_row: usize,
    amount: usize,
    side: usize,
    summary: bool,
}

/// What the checks know of one table.
struct Indexed<'a> {
    table: DocumentTable<'a>,
    lines: Vec<Line>,
    /// Amount and total columns by normalised header.
    columns: Vec<(String, usize)>,
    /// The first summary row and the main amount column.
    summary_row: Option<usize>,
    main_column: Option<usize>,
    /// 万元 per the table's unit.
    scale: Option<Decimal>,
    title_core: String,
    compact_title: String,
    /// Which money the table counts, from its title and the title rows inside it.
    scope: Scope,
    /// What kind of table it is: its scope and its columns' headers. A document never
    /// publishes two tables of one kind for one body and one year.
    kind: String,
    /// On a two-sided table, the first column of the right side.
    right_side_from: Option<usize>,
}

/// The money a table counts: a table of every fund (支出决算表) and one of a single fund
/// (一般公共预算财政拨款支出决算表) list the same 类 with different figures whenever the body has
/// other income, so only tables of the same scope are compared row by row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Scope {
    fund: Fund,
    spending: Spending,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Fund {
    /// No fund named: every source (收入支出决算总表, 支出决算表, 部门收支总表).
    Every,
    /// 财政拨款 without naming one of its budgets: the three together.
    Appropriations,
    GeneralPublic,
    GovernmentFunds,
    StateCapital,
    SocialInsurance,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Spending {
    Every,
    /// 基本支出 only.
    Basic,
    /// 项目支出 only.
    Project,
}

impl Scope {
    /// The scope named by `words` (a table's compacted title).
    fn of(words: &str) -> Scope {
        let fund = if words.contains("政府性基金") {
            Fund::GovernmentFunds
        } else if words.contains("国有资本经营") {
            Fund::StateCapital
        } else if words.contains("社会保险基金") {
            Fund::SocialInsurance
        } else if words.contains("一般公共预算") {
            Fund::GeneralPublic
        } else if words.contains("财政拨款") {
            Fund::Appropriations
        } else {
            Fund::Every
        };
        let spending = if words.contains("基本支出") {
            Spending::Basic
        } else if words.contains("项目支出") {
            Spending::Project
        } else {
            Spending::Every
        };
        Scope { fund, spending }
    }
}

fn is_amount(role: ColumnRole) -> bool {
    matches!(role, ColumnRole::Amount | ColumnRole::Total)
}

fn index_table<'a>(table: DocumentTable<'a>, words: &Compiled) -> Indexed<'a> {
    let s = table.structure;
    let main_column = s
        .columns
        .iter()
        .find(|c| c.role == ColumnRole::Total)
        .or_else(|| {
            s.columns.iter().find(|c| {
                c.role == ColumnRole::Amount && contains_any(&compact(&c.label), &words.current)
            })
        })
        .or_else(|| s.columns.iter().find(|c| c.role == ColumnRole::Amount))
        .map(|c| c.index);
    let body = s.rows.iter().filter(|r| {
        matches!(
            r.role,
            RowRole::Data | RowRole::Summary | RowRole::Subtotal | RowRole::Section
        )
    });
    let mut lines = Vec::new();
    let sides = two_sided::sides(&s.rows, &s.columns, &s.grid);
    match sides {
        Some(sides) => {
            for (side_index, side) in sides.iter().enumerate() {
                for row in s
                    .rows
                    .iter()
                    .filter(|r| !matches!(r.role, RowRole::Header | RowRole::Context))
                {
                    let label = side_label(s, row.table_row, *side);
                    if label.is_empty() {
                        continue;
                    }
                    let name = normalize_label(&label);
                    lines.push(Line {
                        summary: contains_any(&name, &words.summary),
                        name,
                        table_row: row.table_row,
                        amount: side.amount,
                        side: side_index,
                    });
                }
            }
        }
        None => {
            if let Some(amount) = main_column {
                for row in body {
                    let Some(label) = row.label.as_deref() else {
                        continue;
                    };
                    let name = normalize_label(label);
                    if name.is_empty() {
                        continue;
                    }
                    lines.push(Line {
                        name,
                        table_row: row.table_row,
                        amount,
                        side: 0,
                        summary: matches!(row.role, RowRole::Summary | RowRole::Subtotal),
                    });
                }
            }
        }
    }
    let columns = s
        .columns
        .iter()
        .filter(|c| is_amount(c.role))
        .map(|c| (normalize_label(&c.label), c.index))
        .collect();
    let summary_row = s
        .rows
        .iter()
        .find(|r| r.role == RowRole::Summary)
        .map(|r| r.table_row);
    // The title as the scope sees it: heading and caption, and the title rows printed inside
    // the table (附件2, the table's own name).
    let mut titled = normalize_label(table.title);
    for row in s.rows.iter().filter(|r| r.role == RowRole::Context) {
        for value in (0..s.columns.len()).filter_map(|c| s.grid.value(row.table_row, c)) {
            titled.push_str(&normalize_label(value.text()));
        }
    }
    let scope = Scope::of(&titled);
    let mut kind = format!("{scope:?}");
    for c in &s.columns {
        kind.push('|');
        kind.push_str(&normalize_label(&c.label));
    }
    Indexed {
        scope,
        kind,
        right_side_from: sides.map(|[_, right]| right.label),
        lines,
        columns,
        summary_row,
        main_column,
        scale: s
            .unit
            .as_deref()
            .and_then(FigureUnit::table_unit_in_ten_thousand_yuan),
        title_core: title_core(table.title),
        compact_title: normalize_label(table.title),
        table,
    }
}

fn side_label(s: &TableStructure, row: usize, side: Side) -> String {
    s.grid
        .value(row, side.label)
        .map(|v| v.text().trim().to_string())
        .unwrap_or_default()
}

impl Indexed<'_> {
    fn number(&self, row: usize, column: usize) -> Option<Decimal> {
        match self.table.structure.grid.value(row, column) {
            Some(Value::Number(n)) => Some(n.value),
            _ => None,
        }
    }

    fn decimals(&self, row: usize, column: usize) -> u32 {
        self.table
            .structure
            .grid
            .value(row, column)
            .and_then(|v| v.number().map(|n| n.decimals))
            .unwrap_or(0)
    }

    fn cell(&self, row: usize, column: usize) -> TableCell {
        cell_at(self.table, row, column)
    }

    /// The column whose header holds `words` (normalised), or the main one for empty words.
    fn column_named(&self, words: &str, beside: Option<usize>) -> Option<usize> {
        if words.is_empty() {
            return beside.or(self.main_column);
        }
        let words = normalize_label(words);
        self.columns
            .iter()
            .find(|(name, _)| *name == words)
            .or_else(|| self.columns.iter().find(|(name, _)| name.contains(&words)))
            .map(|(_, c)| *c)
    }
}

/// The name of the row of the cell at `row`, `column`: in a two-sided table, the label on the
/// cell's own side.
pub fn row_label_at(s: &TableStructure, row: usize, column: usize) -> String {
    match two_sided::sides(&s.rows, &s.columns, &s.grid) {
        // The side whose columns hold `column`: the right one from its label on.
        Some([left, right]) => side_label(s, row, if column >= right.label { right } else { left }),
        None => s
            .rows
            .get(row)
            .and_then(|r| r.label.clone())
            .unwrap_or_default(),
    }
}

/// The cell at `row`, `column` of `table`, named as the cross relations name it: a two-sided
/// table's row by the label on the cell's own side.
pub fn cell_at(table: DocumentTable<'_>, row: usize, column: usize) -> TableCell {
    let s = table.structure;
    TableCell {
        table: table.number,
        table_row: row,
        column,
        row_label: row_label_at(s, row, column),
        column_label: s
            .columns
            .get(column)
            .map(|c| c.label.clone())
            .unwrap_or_default(),
        published: s
            .grid
            .value(row, column)
            .map(|v| v.text().trim().to_string())
            .unwrap_or_default(),
    }
}

/// The result of an equality: `published` against `computed`, at `decimals`.
fn compare(published: Decimal, computed: Decimal, decimals: u32) -> RelationResult {
    // Shown as printed: `40.00`, not `40`.
    let mut expected = round_half_away(computed, decimals);
    expected.rescale(decimals);
    if expected == published {
        return RelationResult::Consistent;
    }
    match published.checked_sub(expected) {
        Some(delta) => RelationResult::Inconsistent {
            expected,
            exact: computed,
            published,
            delta,
        },
        None => RelationResult::NotCheckable {
            reason: NotCheckableReason::Overflow,
        },
    }
}

/// The cross-table and text checks of one document, once all its tables are analysed:
/// `tables` in document order, `paragraphs` the body text ([`crate::wordml::DocumentInfo`]'s
/// `body_text`), `vocabulary` the template's (its `crosscheck` rules).
pub fn check_document(
    tables: &[DocumentTable<'_>],
    paragraphs: &[BodyParagraph],
    vocabulary: &StructureVocabulary,
) -> DocumentChecks {
    let words = Compiled::new(vocabulary);
    let indexed: Vec<Indexed<'_>> = tables.iter().map(|t| index_table(*t, &words)).collect();
    let sets = sets(&indexed);
    let mut checks = DocumentChecks::default();
    between_tables(&indexed, &sets, vocabulary, &words, &mut checks.relations);
    for paragraph in paragraphs {
        text_checks(&indexed, &sets, paragraph, &words, &mut checks);
    }
    checks
}

/// The set of tables each table belongs to (by index): a document that publishes several
/// bodies' or years' accounts one after the other (甲单位's tables, then 乙单位's) repeats its
/// kinds of table, and a table of a kind already in the current set starts the next set.
/// Tables are compared only within their set: 甲单位's 教育支出 is not 乙单位's. A document of
/// one body is one set, and the pairs to compare grow with the tables of a set, not of the
/// whole document.
fn sets(indexed: &[Indexed<'_>]) -> Vec<usize> {
    let mut set = 0;
    let mut members: Vec<&Indexed<'_>> = Vec::new();
    indexed
        .iter()
        .map(|t| {
            if members.iter().any(|m| same_kind(m, t)) {
                set += 1;
                members.clear();
            }
            members.push(t);
            set
        })
        .collect()
}

/// Whether two tables are the same table for two bodies or years: the same scope and columns,
/// and titles that differ only before a common end, in words naming a body or a year
/// (`甲单位支出决算表` and `乙单位支出决算表`, `2024年…` and `2025年…`), or not at all.
fn same_kind(a: &Indexed<'_>, b: &Indexed<'_>) -> bool {
    if a.kind != b.kind || a.title_core.is_empty() || b.title_core.is_empty() {
        return false;
    }
    let (x, y): (Vec<char>, Vec<char>) = (
        a.title_core.chars().collect(),
        b.title_core.chars().collect(),
    );
    let common = x
        .iter()
        .rev()
        .zip(y.iter().rev())
        .take_while(|(p, q)| p == q)
        .count();
    let (px, py) = (&x[..x.len() - common], &y[..y.len() - common]);
    if px.is_empty() && py.is_empty() {
        return true;
    }
    // The words that differ, with the two characters after them: `甲` + `单位`, `2024` + `年`.
    let opening = &x[x.len() - common..][..common.min(2)];
    let names_a_body_or_year = |prefix: &[char]| {
        if prefix.is_empty() {
            return true;
        }
        let words: String = prefix.iter().chain(opening).collect();
        words.contains('年') || BODY_WORDS.iter().any(|w| words.contains(w))
    };
    common >= 2 && names_a_body_or_year(px) && names_a_body_or_year(py)
}

/// Words that name a body in a title (`某某局`, `某某县`, `某某中心`).
const BODY_WORDS: &[&str] = &[
    "单位", "部门", "局", "委", "办", "院", "厅", "署", "县", "区", "市", "镇", "乡", "街道",
    "中心", "学校", "医院", "所", "站", "馆", "队", "会", "社",
];

/// A pending equality between two tables' cells.
struct Pair {
    a: (usize, usize, usize),
    b: (usize, usize, usize),
    source: RelationSource,
    rule: Words,
}

fn between_tables(
    indexed: &[Indexed<'_>],
    sets: &[usize],
    vocabulary: &StructureVocabulary,
    words: &Compiled,
    out: &mut Vec<CrossRelation>,
) {
    let mut pairs: Vec<Pair> = Vec::new();
    // Declared rules first: they name the pair better than the structure does.
    for rule in &vocabulary.crosscheck {
        let (table_words, other_words) = (
            normalize_label(&rule.table),
            normalize_label(&rule.other_table),
        );
        // A rule's words name a scope too: 收入支出决算总表 is not 财政拨款收入支出决算总表.
        let (scope, other_scope) = (Scope::of(&table_words), Scope::of(&other_words));
        for (i, a) in indexed.iter().enumerate() {
            if a.scope != scope || !a.compact_title.contains(&table_words) {
                continue;
            }
            for (j, b) in indexed.iter().enumerate() {
                if i == j
                    || sets[i] != sets[j]
                    || b.scope != other_scope
                    || !b.compact_title.contains(&other_words)
                    || b.compact_title.contains(&table_words)
                {
                    continue;
                }
                let find = |t: &Indexed<'_>, row: &str, column: &str| {
                    let row = normalize_label(row);
                    let line = t.lines.iter().find(|l| l.name == row)?;
                    let column = t.column_named(column, Some(line.amount))?;
                    Some((line.table_row, column))
                };
                if let (Some((ra, ca)), Some((rb, cb))) = (
                    find(a, &rule.row, &rule.column),
                    find(b, &rule.other_row, &rule.other_column),
                ) {
                    pairs.push(Pair {
                        a: (i, ra, ca),
                        b: (j, rb, cb),
                        source: RelationSource::Template,
                        rule: Words::new(rule.zh.clone(), rule.en.clone()),
                    });
                }
            }
        }
    }
    // A 预算数 is the figure compared with only where the document publishes an outturn
    // (决算数 against 预算数); in a budget disclosure it is the figure itself.
    let outturn = indexed.iter().any(|t| {
        t.table.structure.columns.iter().any(|c| {
            let label = compact(&c.path);
            label.contains("决算") || label.contains("执行数")
        })
    });
    // Shared row names, between every two tables of one set and one scope that share at least
    // two.
    let once: Vec<HashMap<&str, Option<&Line>>> = indexed.iter().map(lines_once).collect();
    for i in 0..indexed.len() {
        for j in i + 1..indexed.len() {
            if sets[j] != sets[i] {
                break;
            }
            let (a, b) = (&indexed[i], &indexed[j]);
            if a.scope != b.scope
                || !units_agree(a, b)
                || !main_columns_compatible(a, b, words, outturn)
            {
                continue;
            }
            let (in_a, in_b) = (&once[i], &once[j]);
            let mut shared: Vec<(&Line, &Line)> = a
                .lines
                .iter()
                .filter_map(
                    |l| match (in_a.get(l.name.as_str()), in_b.get(l.name.as_str())) {
                        (Some(Some(x)), Some(Some(y))) if std::ptr::eq(*x, l) => Some((*x, *y)),
                        _ => None,
                    },
                )
                .collect();
            shared.retain(|(x, y)| {
                a.number(x.table_row, x.amount).is_some()
                    && b.number(y.table_row, y.amount).is_some()
                    && Flow::of(a, x.amount).agrees(Flow::of(b, y.amount))
            });
            if shared.len() < 2 {
                continue;
            }
            for (x, y) in &shared {
                let name = &x.name;
                pairs.push(Pair {
                    a: (i, x.table_row, x.amount),
                    b: (j, y.table_row, y.amount),
                    source: RelationSource::Structure,
                    rule: Words::new(
                        format!("两表的“{name}”应相等"),
                        format!("“{name}” must be the same in both tables"),
                    ),
                });
            }
            // A's total of the side holding the shared lines against B's first 合计.
            let side = shared[0].0.side;
            let last_shared = shared.iter().map(|(x, _)| x.table_row).max().unwrap_or(0);
            let a_total = a
                .lines
                .iter()
                .find(|l| l.side == side && l.summary && l.table_row > last_shared);
            let b_total = b.summary_row.zip(b.main_column);
            if let (Some(total), Some((rb, cb))) = (a_total, b_total) {
                pairs.push(Pair {
                    a: (i, total.table_row, total.amount),
                    b: (j, rb, cb),
                    source: RelationSource::Structure,
                    rule: Words::new(
                        format!("“{}”应等于另一表的合计", total.name),
                        format!("“{}” must equal the other table's total", total.name),
                    ),
                });
            }
        }
    }
    narrower_columns(indexed, sets, words, &mut pairs);
    let mut seen = HashSet::new();
    for pair in pairs {
        let key = if pair.a <= pair.b {
            (pair.a, pair.b)
        } else {
            (pair.b, pair.a)
        };
        if !seen.insert(key) {
            continue;
        }
        let (first, second) = if pair.a.0 <= pair.b.0 {
            (pair.a, pair.b)
        } else {
            (pair.b, pair.a)
        };
        let (ta, tb) = (&indexed[first.0], &indexed[second.0]);
        let target = ta.cell(first.1, first.2);
        let operand = tb.cell(second.1, second.2);
        let rounding = ta.decimals(first.1, first.2);
        let result = match (ta.number(first.1, first.2), tb.number(second.1, second.2)) {
            (Some(published), Some(other)) => {
                // Checked: a figure of 29 digits in a scaled table exceeds exact arithmetic.
                let converted = match (ta.scale, tb.scale) {
                    (Some(sa), Some(sb)) if !sa.is_zero() => {
                        other.checked_mul(sb).and_then(|v| v.checked_div(sa))
                    }
                    _ => Some(other),
                };
                match converted {
                    Some(converted) => compare(published, converted, rounding),
                    None => RelationResult::NotCheckable {
                        reason: NotCheckableReason::Overflow,
                    },
                }
            }
            _ => RelationResult::NotCheckable {
                reason: NotCheckableReason::BlankOperand,
            },
        };
        out.push(CrossRelation {
            id: format!(
                "{}:{}:{}={}:{}",
                CrossKind::TableEquality.as_str(),
                target.table,
                normalize_label(&target.row_label),
                operand.table,
                normalize_label(&operand.row_label)
            ),
            kind: CrossKind::TableEquality,
            target: CrossTarget::Cell(target),
            operands: vec![CrossOperand {
                cell: operand,
                role: OperandRole::Add,
            }],
            rule: pair.rule,
            source: pair.source,
            rounding,
            result,
        });
    }
}

/// A figure column that counts narrower money than its table: a fund or a kind of spending
/// its header names and the title does not (`一般公共预算` beside `合计` in 财政拨款收支总表,
/// `基本支出` in 一般公共预算支出表).
struct ScopedColumn {
    column: usize,
    scope: Scope,
    flow: Flow,
    side: usize,
    narrowed: bool,
}

/// The current-period money columns of a table with the scope each counts.
fn scoped_columns(t: &Indexed<'_>, words: &Compiled) -> Vec<ScopedColumn> {
    t.table
        .structure
        .columns
        .iter()
        .filter(|c| is_amount(c.role))
        .filter(|c| {
            let label = compact(&c.path);
            !contains_any(&label, &words.previous) || contains_any(&label, &words.current)
        })
        // A column of the table's own scope counts as its main one only: 人员经费 is part of
        // the 基本支出 that 一般公共预算基本支出表's 合计 counts.
        .filter(|c| {
            Scope::of(&compact(&c.label)) != Scope::of("")
                || Some(c.index) == t.main_column
                || t.right_side_from.is_some()
        })
        .map(|c| {
            // A column is narrowed by its own words; by its group's only when it is the group's
            // total (基本支出 / 小计), never as one of its parts (基本支出 / 人员经费).
            let own = compact(&c.label);
            let named = if contains_any(&own, &words.total_columns) {
                Scope::of(&compact(&c.path))
            } else {
                Scope::of(&own)
            };
            let scope = Scope {
                fund: if named.fund == Fund::Every {
                    t.scope.fund
                } else {
                    named.fund
                },
                spending: if named.spending == Spending::Every {
                    t.scope.spending
                } else {
                    named.spending
                },
            };
            ScopedColumn {
                column: c.index,
                narrowed: scope != t.scope,
                scope,
                flow: Flow::of(t, c.index),
                side: usize::from(t.right_side_from.is_some_and(|r| c.index >= r)),
            }
        })
        .collect()
}

/// Pairs between a column that counts narrower money than its table and a column of another
/// table of the same set that counts the same money: 财政拨款收支总表's 一般公共预算 column
/// against 一般公共预算支出表's 合计, class by class, and 一般公共预算支出表's 基本支出 合计
/// against 一般公共预算基本支出表's 合计. Lines are compared when the two share at least two
/// names; the totals when both tables are single lists with one 合计 row (a two-sided table's
/// 总计 includes what was carried over).
fn narrower_columns(
    indexed: &[Indexed<'_>],
    sets: &[usize],
    words: &Compiled,
    pairs: &mut Vec<Pair>,
) {
    let scoped: Vec<Vec<ScopedColumn>> = indexed.iter().map(|t| scoped_columns(t, words)).collect();
    if !scoped.iter().flatten().any(|c| c.narrowed) {
        return;
    }
    let once: Vec<HashMap<&str, Option<&Line>>> = indexed.iter().map(lines_once).collect();
    let column_label = |t: &Indexed<'_>, c: usize| {
        t.table
            .structure
            .columns
            .get(c)
            .map(|col| col.label.clone())
            .unwrap_or_default()
    };
    for i in 0..indexed.len() {
        for j in i + 1..indexed.len() {
            if sets[j] != sets[i] {
                break;
            }
            let (a, b) = (&indexed[i], &indexed[j]);
            if !units_agree(a, b) {
                continue;
            }
            for ca in &scoped[i] {
                for cb in &scoped[j] {
                    if ca.scope != cb.scope
                        || !(ca.narrowed || cb.narrowed)
                        || !ca.flow.agrees(cb.flow)
                    {
                        continue;
                    }
                    let shared: Vec<(&Line, &Line)> = a
                        .lines
                        .iter()
                        .filter(|l| l.side == ca.side && !l.summary)
                        .filter_map(|l| {
                            match (once[i].get(l.name.as_str()), once[j].get(l.name.as_str())) {
                                (Some(Some(x)), Some(Some(y)))
                                    if std::ptr::eq(*x, l) && y.side == cb.side =>
                                {
                                    Some((*x, *y))
                                }
                                _ => None,
                            }
                        })
                        .filter(|(x, y)| {
                            a.number(x.table_row, ca.column).is_some()
                                && b.number(y.table_row, cb.column).is_some()
                        })
                        .collect();
                    let (la, lb) = (column_label(a, ca.column), column_label(b, cb.column));
                    if shared.len() >= 2 {
                        for (x, y) in &shared {
                            let name = &x.name;
                            pairs.push(Pair {
                                a: (i, x.table_row, ca.column),
                                b: (j, y.table_row, cb.column),
                                source: RelationSource::Structure,
                                rule: Words::new(
                                    format!("“{name}”的{la}应等于另一表的{lb}"),
                                    format!("“{name}”: {la} must equal the other table's {lb}"),
                                ),
                            });
                        }
                    }
                    // One list with one 合计 row: a 人员经费合计 above the grand total is no total
                    // of the table.
                    let single = |t: &Indexed<'_>| {
                        t.right_side_from.is_none()
                            && t.table
                                .structure
                                .rows
                                .iter()
                                .filter(|r| r.role == RowRole::Summary)
                                .count()
                                == 1
                    };
                    if let (true, true, Some(ra), Some(rb)) =
                        (single(a), single(b), a.summary_row, b.summary_row)
                        && a.number(ra, ca.column).is_some()
                        && b.number(rb, cb.column).is_some()
                    {
                        pairs.push(Pair {
                            a: (i, ra, ca.column),
                            b: (j, rb, cb.column),
                            source: RelationSource::Structure,
                            rule: Words::new(
                                format!("{la}的合计应等于另一表{lb}的合计"),
                                format!(
                                    "the total of {la} must equal the other table's total of {lb}"
                                ),
                            ),
                        });
                    }
                }
            }
        }
    }
}

/// The table's non-total lines by name, `None` for a name that occurs more than once.
fn lines_once<'t>(t: &'t Indexed<'_>) -> HashMap<&'t str, Option<&'t Line>> {
    let mut seen: HashMap<&str, Option<&Line>> = HashMap::new();
    for line in t.lines.iter().filter(|l| !l.summary) {
        seen.entry(line.name.as_str())
            .and_modify(|e| *e = None)
            .or_insert(Some(line));
    }
    seen
}

fn units_agree(a: &Indexed<'_>, b: &Indexed<'_>) -> bool {
    a.scale.is_some() == b.scale.is_some()
}

/// Whether a column counts what came in or what went out: a 类 of the 收入决算表 (本年收入合计)
/// and the same 类 of the 支出决算表 (本年支出合计) differ by what was carried over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flow {
    Income,
    Spending,
    /// Neither or both named (金额, 决算数, 收支合计).
    Unnamed,
}

impl Flow {
    /// The flow of a column: its label's, else its header group's (`支出 / 金额` on a
    /// two-sided table), else the table title's (收入决算表 with a plain 合计 column).
    fn of(table: &Indexed<'_>, column: usize) -> Flow {
        let named = |text: &str| match (text.contains("收入"), text.contains("支出")) {
            (true, false) => Flow::Income,
            (false, true) => Flow::Spending,
            _ => Flow::Unnamed,
        };
        let Some(c) = table.table.structure.columns.get(column) else {
            return Flow::Unnamed;
        };
        // On a two-sided table, the side's totals (收入总计, 支出总计) name it.
        let side_totals = || {
            let side = usize::from(table.right_side_from.is_some_and(|r| column >= r));
            table
                .lines
                .iter()
                .filter(|l| l.side == side && l.summary)
                .map(|l| named(&l.name))
                .find(|f| *f != Flow::Unnamed)
                .unwrap_or(Flow::Unnamed)
        };
        // Each looked at only when the one before names neither.
        match named(&compact(&c.label)) {
            Flow::Unnamed => match named(&compact(&c.path)) {
                Flow::Unnamed if table.right_side_from.is_some() => match side_totals() {
                    Flow::Unnamed => named(&table.title_core),
                    flow => flow,
                },
                Flow::Unnamed => named(&table.title_core),
                flow => flow,
            },
            flow => flow,
        }
    }

    fn agrees(self, other: Flow) -> bool {
        self == other || self == Flow::Unnamed || other == Flow::Unnamed
    }
}

/// Header words of a column of money (besides the template's current and total words).
const MONEY_HEADERS: &[&str] = &[
    "金额", "决算", "预算", "执行", "支出", "收入", "资金", "拨款", "元", "amount",
];

/// Both tables' main figures are money of the same period (决算数 against 合计, not a budget
/// against an outturn, nor serial numbers against amounts).
fn main_columns_compatible(
    a: &Indexed<'_>,
    b: &Indexed<'_>,
    words: &Compiled,
    outturn: bool,
) -> bool {
    // Per table: the periods of the columns its lines use (true: the previous one), if every
    // such column holds money.
    let periods = |t: &Indexed<'_>| -> Option<Vec<bool>> {
        let mut periods: Vec<bool> = t
            .lines
            .iter()
            .map(|l| {
                let c = t.table.structure.columns.get(l.amount)?;
                let label = compact(&c.label);
                let money = c.role == ColumnRole::Total
                    || contains_any(&label, &words.current)
                    || contains_any(&label, &words.total_columns)
                    || contains_any(&label, &words.previous)
                    || MONEY_HEADERS.iter().any(|w| label.contains(w));
                let plan =
                    label.contains("预算") && !EARLIER_PERIOD.iter().any(|w| label.contains(w));
                let previous = contains_any(&label, &words.previous)
                    && !contains_any(&label, &words.current)
                    && (!plan || outturn);
                money.then_some(previous)
            })
            .collect::<Option<_>>()?;
        periods.dedup();
        Some(periods)
    };
    match (periods(a), periods(b)) {
        (Some(pa), Some(pb)) => pa.len() <= 1 && pa == pb,
        _ => false,
    }
}

/// A figure of the text matched to a cell.
#[derive(Debug, Clone, Copy)]
struct Matched {
    table: usize,
    row: usize,
    column: usize,
    /// The table's total, named by the table's title: a whole the figures after it are
    /// shares of (`共安排…资金5,726万元，其中中央资金4,420万元，占77.19%`).
    titled: bool,
    /// Named by a column's name alone: its 合计 cell, unless the sentence named a line just
    /// before (`北岭县获得中央资金1,260万元，省级资金315万元` is 北岭县's 省级资金).
    column_only: bool,
}

fn opening(text: &str) -> String {
    let mut out: String = text.chars().take(16).collect();
    if text.chars().count() > 16 {
        out.push('…');
    }
    out
}

fn quote_of(paragraph: &BodyParagraph, figure: &QuotedFigure) -> TextQuote {
    TextQuote {
        paragraph: paragraph.index,
        opening: opening(&paragraph.text),
        quoted: figure.text.clone(),
        subject: figure.subject.clone(),
        span: figure.span.clone(),
    }
}

/// The cells `words` name, in document order: a row, else an amount column's 合计 cell, else
/// a table's main total.
fn named_cells(
    indexed: &[Indexed<'_>],
    words: &str,
    allowed: &dyn Fn(usize) -> bool,
) -> Vec<Matched> {
    let name = normalize_label(words);
    if name.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (t, table) in indexed.iter().enumerate() {
        for line in table.lines.iter().filter(|l| l.name == name) {
            found.push(Matched {
                table: t,
                row: line.table_row,
                column: line.amount,
                titled: false,
                column_only: false,
            });
        }
    }
    if found.is_empty() {
        for (t, table) in indexed.iter().enumerate() {
            if let Some(row) = table.summary_row {
                for (_, column) in table.columns.iter().filter(|(n, _)| *n == name) {
                    found.push(Matched {
                        table: t,
                        row,
                        column: *column,
                        titled: false,
                        column_only: true,
                    });
                }
            }
        }
    }
    if found.is_empty() {
        for (t, table) in indexed.iter().enumerate() {
            if !table.title_core.is_empty()
                && table.title_core == name
                && let (Some(row), Some(column)) = (table.summary_row, table.main_column)
            {
                found.push(Matched {
                    table: t,
                    row,
                    column,
                    titled: true,
                    column_only: false,
                });
            }
        }
    }
    found.retain(|m| allowed(m.table));
    if found.is_empty() {
        found.extend(titled_loosely(indexed, &name, allowed));
    }
    if found.is_empty() {
        found.extend(row_inside(indexed, &name, allowed));
    }
    found.retain(|m| {
        indexed
            .get(m.table)
            .is_some_and(|t| t.number(m.row, m.column).is_some())
    });
    found
}

/// Words without what a text adds to a table's name: a leading year (`2025年`, `2025年度`)
/// and a trailing period (`决算`, `预算数`), which is returned.
fn without_year_and_period(words: &str) -> (&str, Option<&'static str>) {
    let digits = words.bytes().take_while(u8::is_ascii_digit).count();
    let mut rest = words;
    if digits == 4 {
        let after = &words[digits..];
        rest = after
            .strip_prefix("年度")
            .or_else(|| after.strip_prefix("年"))
            .unwrap_or(words);
    }
    for (suffix, period) in [
        ("决算数", "决算"),
        ("预算数", "预算"),
        ("执行数", "执行"),
        ("决算", "决算"),
        ("预算", "预算"),
    ] {
        if let Some(core) = rest.strip_suffix(suffix) {
            return (core, Some(period));
        }
    }
    (rest, None)
}

/// The whole of `占全部资金的`, `占总额的` for the figure `part`: its table's total in the main
/// column, or in the part's own column, whichever holds what the words name besides 全部 or
/// 总额 (`资金` is in 资金合计). Nothing when the words name more (`全省中央资金总额` is no
/// figure of the tables) or say no 全部, 总额, 总数, 合计 or 总计.
fn whole_of_all(indexed: &[Indexed<'_>], part: Matched, words_of: &str) -> Option<Matched> {
    let all = ["全部", "总额", "总数", "合计", "总计"];
    if !all.iter().any(|w| words_of.contains(w)) {
        return None;
    }
    let mut rest = normalize_label(words_of);
    for w in all.iter().chain(&["的"]) {
        rest = rest.replace(w, "");
    }
    let table = indexed.get(part.table)?;
    let row = table.summary_row.filter(|r| *r != part.row)?;
    let names = |column: usize| {
        rest.is_empty()
            || table
                .columns
                .iter()
                .any(|(n, c)| *c == column && n.contains(rest.as_str()))
    };
    let column = [table.main_column, Some(part.column)]
        .into_iter()
        .flatten()
        .find(|c| names(*c))?;
    Some(Matched {
        row,
        column,
        titled: false,
        column_only: false,
        ..part
    })
}

/// Words a text puts before a table's or a line's name without changing what it names:
/// the body or level (`市本级`, `本部门`) and the verb of an allocation (`共安排`, `下达`).
const NAME_FILLERS: &[&str] = &[
    "市本级",
    "县本级",
    "区本级",
    "本级",
    "本部门",
    "本单位",
    "部门",
    "单位",
    "全市",
    "全县",
    "全区",
    "全省",
    "共安排",
    "共下达",
    "共拨付",
    "安排",
    "下达",
    "拨付",
    "分配",
    "获得",
    "资金",
    "共",
];

/// Words that make a name mean another figure than the table's current one: another period
/// (`上年`, `年初`, `调整`), a part (`其中`, `中的`) or an exception (`除`, `以外`).
const NAME_CHANGERS: &[&str] = &[
    "上年", "去年", "上期", "同期", "年初", "调整", "其中", "中的", "除", "以外", "之外",
];

/// True when `rest` is nothing but [`NAME_FILLERS`].
fn only_fillers(mut rest: &str) -> bool {
    'strip: while !rest.is_empty() {
        for filler in NAME_FILLERS {
            if let Some(r) = rest.strip_prefix(filler) {
                rest = r;
                continue 'strip;
            }
            if let Some(r) = rest.strip_suffix(filler) {
                rest = r;
                continue 'strip;
            }
        }
        return false;
    }
    true
}

/// The one table whose title's core the words are, once the words' period and the words a
/// text puts before a name ([`NAME_FILLERS`]) and the title's year and kind of list (`分配`,
/// `安排`, `明细`, `情况`) are left out: `市本级一般公共预算财政拨款支出决算` names
/// `一般公共预算财政拨款支出决算表`, `共安排高标准农田建设补助资金` names
/// `2025年高标准农田建设补助资金分配表`. Its total, in the one column of the period the words
/// name (`“三公”经费支出预算` is the 预算数 column, never 上年预算数), else its main column when
/// they name none. Nothing when the words name another period or a part ([`NAME_CHANGERS`]),
/// a period the table has no single column of, or when no table or several fit.
fn titled_loosely(
    indexed: &[Indexed<'_>],
    name: &str,
    allowed: &dyn Fn(usize) -> bool,
) -> Option<Matched> {
    if NAME_CHANGERS.iter().any(|w| name.contains(w)) {
        return None;
    }
    let (subject, period) = without_year_and_period(name);
    let mut hits = indexed.iter().enumerate().filter(|(t, table)| {
        let (core, _) = without_year_and_period(&table.title_core);
        let core = ["分配", "安排", "明细", "情况"]
            .iter()
            .find_map(|w| core.strip_suffix(w))
            .unwrap_or(core);
        allowed(*t)
            && core.chars().count() >= 4
            && subject
                .find(core)
                .is_some_and(|at| subject.ends_with(core) && only_fillers(&subject[..at]))
    });
    let (t, table) = hits.next()?;
    if hits.next().is_some() {
        return None;
    }
    let row = table.summary_row?;
    let column = match period {
        Some(period) => {
            let of_period: Vec<usize> = table
                .columns
                .iter()
                .filter(|(n, _)| n.contains(period) && !NAME_CHANGERS.iter().any(|w| n.contains(w)))
                .map(|(_, c)| *c)
                .collect();
            let main = table.main_column?;
            let main_names_a_period = table
                .columns
                .iter()
                .any(|(n, c)| *c == main && n.contains(['预', '决', '执']));
            match of_period.as_slice() {
                [one] => *one,
                // A 决算表's figures under 合计 are its 决算 when no column names a period.
                [] if period == "决算" && !main_names_a_period => main,
                // No column of that period, or several (年初预算数, 调整预算数): which one the
                // text means is not known.
                _ => return None,
            }
        }
        None => table.main_column?,
    };
    Some(Matched {
        table: t,
        row,
        column,
        titled: true,
        column_only: false,
    })
}

/// The lines of the document whose name, three characters or more and no total, the words
/// hold with nothing else but [`NAME_FILLERS`] and a column's name (`下达北岭县资金` is the row
/// 北岭县's amount, `北岭县获得中央资金` its 中央资金, a column of the line's own side): every
/// line of that name, for the figure to choose the equal one (the same 项 under several 款).
/// Nothing when the words name another period or an exception ([`NAME_CHANGERS`]), or lines
/// of different names fit.
fn row_inside(
    indexed: &[Indexed<'_>],
    name: &str,
    allowed: &dyn Fn(usize) -> bool,
) -> Vec<Matched> {
    if NAME_CHANGERS.iter().any(|w| name.contains(w)) {
        return Vec::new();
    }
    let mut found: Vec<Matched> = Vec::new();
    let mut line_name: Option<&str> = None;
    for (t, table) in indexed.iter().enumerate().filter(|(t, _)| allowed(*t)) {
        for l in table
            .lines
            .iter()
            .filter(|l| !l.summary && l.name.chars().count() >= 3)
        {
            let Some(at) = name.find(l.name.as_str()) else {
                continue;
            };
            let rest = format!("{}{}", &name[..at], &name[at + l.name.len()..]);
            let side_of = |c: usize| match table.right_side_from {
                Some(right) if c >= right => 1,
                _ => 0,
            };
            // The longest column name of the line's side the rest holds (中央资金 before 资金).
            let column = table
                .columns
                .iter()
                .filter(|(n, c)| {
                    n.chars().count() >= 2 && rest.contains(n.as_str()) && side_of(*c) == l.side
                })
                .max_by_key(|(n, _)| n.len());
            let (column, rest) = match column {
                Some((n, c)) => (*c, rest.replacen(n.as_str(), "", 1)),
                None => (l.amount, rest),
            };
            if !only_fillers(&rest) {
                continue;
            }
            if line_name.is_some_and(|n| n != l.name) {
                return Vec::new();
            }
            line_name = Some(&l.name);
            found.push(Matched {
                table: t,
                row: l.table_row,
                column,
                titled: false,
                column_only: false,
            });
        }
    }
    found
}

/// A cell's value in the unit of `figure` (the table's unit converted), if it is a number.
fn in_figure_unit(indexed: &[Indexed<'_>], m: Matched, figure: &QuotedFigure) -> Option<Decimal> {
    let table = &indexed[m.table];
    let value = table.number(m.row, m.column)?;
    match (table.scale, figure.unit.in_ten_thousand_yuan()) {
        (Some(table_scale), Some(figure_scale)) if !figure_scale.is_zero() => {
            value.checked_mul(table_scale)?.checked_div(figure_scale)
        }
        _ => Some(value),
    }
}

/// True when nothing between bytes `from` and `to` of `text` ends a sentence or a clause
/// that starts another subject (`。`, `；`, `：`, `！`, `？`).
fn same_sentence(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|between| !between.contains(['。', '；', ';', '：', ':', '！', '？']))
}

fn unmatched(
    paragraph: &BodyParagraph,
    figure: &QuotedFigure,
    zh: &str,
    en: &str,
) -> UnmatchedFigure {
    UnmatchedFigure {
        quote: quote_of(paragraph, figure),
        reason: Words::new(zh, en),
    }
}

fn text_checks(
    indexed: &[Indexed<'_>],
    sets: &[usize],
    paragraph: &BodyParagraph,
    words: &Compiled,
    checks: &mut DocumentChecks,
) {
    // In a document of several sets (bodies, years), a paragraph speaks of the set of the table
    // it introduces or of the one it follows (情况说明 stands before or after its tables): a
    // name is looked up there only, never in another body's tables.
    let own_sets: Vec<usize> = [paragraph.before_table, paragraph.after_table]
        .into_iter()
        .flatten()
        .filter_map(|number| indexed.iter().position(|t| t.table.number == number))
        .filter_map(|i| sets.get(i).copied())
        .collect();
    let several = sets.last().is_some_and(|&last| last > 0);
    let allowed = |table: usize| {
        !several || own_sets.is_empty() || sets.get(table).is_some_and(|s| own_sets.contains(s))
    };
    let named_cells = |words: &str| named_cells(indexed, words, &allowed);
    let scanned = quote::scan_all(&paragraph.text);
    checks.non_quantities += scanned.non_quantities.len();
    let mut last_amount: Option<Matched> = None;
    // Where the figure `last_amount` was read ends in the paragraph.
    let mut last_end = 0usize;
    let mut last_whole: Option<Matched> = None;
    let mut last_whole_end = 0usize;
    let mut last_against: Option<String> = None;
    for figure in &scanned.figures {
        let id = |kind: CrossKind| {
            format!(
                "{}:{}:{}",
                kind.as_str(),
                paragraph.index,
                figure.span.start
            )
        };
        match &figure.comparison {
            Comparison::None => {
                if figure.unit.in_ten_thousand_yuan().is_none() && figure.unit != FigureUnit::Score
                {
                    checks.unmatched_figures.push(unmatched(
                        paragraph,
                        figure,
                        "未说明是哪一项的百分比",
                        "a percentage whose formula the text does not state",
                    ));
                    continue;
                }
                let mut candidates = named_cells(&figure.subject);
                // `北岭县获得中央资金1,260万元，省级资金315万元`: a column named alone after a
                // line of the same sentence is that line's.
                if let (Some(line), Some(named)) = (last_amount, candidates.first().copied())
                    && named.column_only
                    && named.table == line.table
                    && indexed[line.table].summary_row != Some(line.row)
                    && same_sentence(&paragraph.text, last_end, figure.span.start)
                {
                    // The line's cell first; the column's 合计 stays a candidate, for a text
                    // that goes back to the whole.
                    candidates.insert(
                        0,
                        Matched {
                            row: line.row,
                            column_only: false,
                            ..named
                        },
                    );
                }
                let Some(first) = candidates.first().copied() else {
                    checks.unmatched_figures.push(unmatched(
                        paragraph,
                        figure,
                        "表中没有这样命名的行、列或表",
                        "no row, column or table of the tables is named so",
                    ));
                    // A share or change after it (`基本支出1119.57万元，占59.27%`) is of this
                    // figure, not of the one before.
                    last_amount = None;
                    continue;
                };
                let chosen = candidates
                    .iter()
                    .copied()
                    .find(|m| {
                        in_figure_unit(indexed, *m, figure)
                            .is_some_and(|v| round_half_away(v, figure.decimals) == figure.value)
                    })
                    .unwrap_or(first);
                let result = match in_figure_unit(indexed, chosen, figure) {
                    Some(value) => compare(figure.value, value, figure.decimals),
                    None => RelationResult::NotCheckable {
                        reason: NotCheckableReason::Overflow,
                    },
                };
                let cell = indexed[chosen.table].cell(chosen.row, chosen.column);
                checks.relations.push(CrossRelation {
                    id: id(CrossKind::TextEqual),
                    kind: CrossKind::TextEqual,
                    target: CrossTarget::Text(quote_of(paragraph, figure)),
                    rule: Words::new(
                        format!(
                            "正文“{}{}”应等于表{}的“{}”",
                            figure.subject, figure.text, cell.table, cell.row_label
                        ),
                        format!(
                            "the text's “{}{}” must equal table {}'s “{}”",
                            figure.subject, figure.text, cell.table, cell.row_label
                        ),
                    ),
                    operands: vec![CrossOperand {
                        cell,
                        role: OperandRole::Add,
                    }],
                    source: RelationSource::Structure,
                    rounding: figure.decimals,
                    result,
                });
                last_amount = Some(chosen);
                last_end = figure.span.end;
                last_against = None;
                if chosen.titled || contains_any(&normalize_label(&figure.subject), &words.summary)
                {
                    last_whole = Some(chosen);
                    last_whole_end = figure.span.end;
                }
            }
            Comparison::Share { of } => {
                let whole = match of {
                    Some(words_of) => named_cells(words_of)
                        .first()
                        .copied()
                        .or_else(|| whole_of_all(indexed, last_amount?, words_of)),
                    // A table named by its title is the whole of its own figures in the same
                    // sentence only (`“三公”经费…63.43万元。基本支出…，占59.27%` is no share of
                    // the 三公 total).
                    None => last_whole.filter(|w| {
                        !w.titled
                            || (last_amount.is_some_and(|p| p.table == w.table)
                                && same_sentence(
                                    &paragraph.text,
                                    last_whole_end,
                                    figure.span.start,
                                ))
                    }),
                };
                let (Some(part), Some(whole)) = (last_amount, whole) else {
                    checks.unmatched_figures.push(unmatched(
                        paragraph,
                        figure,
                        "找不到占比的部分或总数",
                        "the part or the whole of the share is not in the tables",
                    ));
                    continue;
                };
                let (p, w) = (
                    indexed[part.table].number(part.row, part.column),
                    in_same_unit(indexed, whole, part),
                );
                let result = match (p, w) {
                    (Some(p), Some(w)) if !w.is_zero() => {
                        match (p * Decimal::ONE_HUNDRED).checked_div(w) {
                            Some(share) => compare(figure.value, share, figure.decimals),
                            None => RelationResult::NotCheckable {
                                reason: NotCheckableReason::Overflow,
                            },
                        }
                    }
                    (Some(_), Some(_)) => RelationResult::NotCheckable {
                        reason: NotCheckableReason::ZeroBase,
                    },
                    _ => RelationResult::NotCheckable {
                        reason: NotCheckableReason::BlankOperand,
                    },
                };
                let part_cell = indexed[part.table].cell(part.row, part.column);
                let whole_cell = indexed[whole.table].cell(whole.row, whole.column);
                checks.relations.push(CrossRelation {
                    id: id(CrossKind::TextShare),
                    kind: CrossKind::TextShare,
                    target: CrossTarget::Text(quote_of(paragraph, figure)),
                    rule: Words::new(
                        format!(
                            "占比 = {} ÷ {} × 100",
                            part_cell.row_label_or_column(),
                            whole_cell.row_label_or_column()
                        ),
                        format!(
                            "share = {} ÷ {} × 100",
                            part_cell.row_label_or_column(),
                            whole_cell.row_label_or_column()
                        ),
                    ),
                    operands: vec![
                        CrossOperand {
                            cell: part_cell,
                            role: OperandRole::Part,
                        },
                        CrossOperand {
                            cell: whole_cell,
                            role: OperandRole::Whole,
                        },
                    ],
                    source: RelationSource::Structure,
                    rounding: figure.decimals,
                    result,
                });
            }
            Comparison::Change { direction, against } | Comparison::Rate { direction, against } => {
                let rate = matches!(figure.comparison, Comparison::Rate { .. });
                // `比上年增加12.34万元，增长0.66%`: the rate compares with what the change did.
                if against.is_some() {
                    last_against.clone_from(against);
                }
                let against = against.as_ref().or(last_against.as_ref());
                let reference = last_amount.and_then(|m| {
                    let table = &indexed[m.table];
                    let previous = reference_column(table, m.column, against, words)?;
                    Some((m, previous))
                });
                let Some((current, previous_column)) = reference else {
                    checks.unmatched_figures.push(unmatched(
                        paragraph,
                        figure,
                        "表中没有比较的基数（如上年数、预算数）",
                        "the tables hold no reference figure (previous year, budget) to compare with",
                    ));
                    continue;
                };
                if !rate && figure.unit.in_ten_thousand_yuan().is_none() {
                    checks.unmatched_figures.push(unmatched(
                        paragraph,
                        figure,
                        "百分点之差不与单元格比较",
                        "a difference in percentage points is not compared with cells",
                    ));
                    continue;
                }
                let table = &indexed[current.table];
                let previous = Matched {
                    column: previous_column,
                    ..current
                };
                let now = in_figure_unit(indexed, current, figure);
                let before = in_figure_unit(indexed, previous, figure);
                let (now_raw, before_raw) = (
                    table.number(current.row, current.column),
                    table.number(previous.row, previous.column),
                );
                let sense = |v: Decimal| {
                    if *direction == Direction::Decrease {
                        -v
                    } else {
                        v
                    }
                };
                let result = match (rate, now, before, now_raw, before_raw) {
                    (false, Some(n), Some(b), _, _) => {
                        compare(figure.value, sense(n - b), figure.decimals)
                    }
                    (true, _, _, Some(_), Some(b)) if b.is_zero() => RelationResult::NotCheckable {
                        reason: NotCheckableReason::ZeroBase,
                    },
                    (true, _, _, Some(n), Some(b)) => {
                        match ((n - b) * Decimal::ONE_HUNDRED).checked_div(b) {
                            Some(r) => compare(figure.value, sense(r), figure.decimals),
                            None => RelationResult::NotCheckable {
                                reason: NotCheckableReason::Overflow,
                            },
                        }
                    }
                    _ => RelationResult::NotCheckable {
                        reason: NotCheckableReason::BlankOperand,
                    },
                };
                let kind = if rate {
                    CrossKind::TextRate
                } else {
                    CrossKind::TextChange
                };
                let current_cell = table.cell(current.row, current.column);
                let previous_cell = table.cell(previous.row, previous.column);
                let (zh, en) = if rate {
                    (
                        format!(
                            "增减率 =（{} − {}）÷ {} × 100",
                            current_cell.column_label,
                            previous_cell.column_label,
                            previous_cell.column_label
                        ),
                        format!(
                            "rate = ({} − {}) ÷ {} × 100",
                            current_cell.column_label,
                            previous_cell.column_label,
                            previous_cell.column_label
                        ),
                    )
                } else {
                    (
                        format!(
                            "增减额 = {} − {}",
                            current_cell.column_label, previous_cell.column_label
                        ),
                        format!(
                            "change = {} − {}",
                            current_cell.column_label, previous_cell.column_label
                        ),
                    )
                };
                checks.relations.push(CrossRelation {
                    id: id(kind),
                    kind,
                    target: CrossTarget::Text(quote_of(paragraph, figure)),
                    rule: Words::new(zh, en),
                    operands: vec![
                        CrossOperand {
                            cell: current_cell,
                            role: OperandRole::Current,
                        },
                        CrossOperand {
                            cell: previous_cell,
                            role: OperandRole::Previous,
                        },
                    ],
                    source: RelationSource::Structure,
                    rounding: figure.decimals,
                    result,
                });
            }
        }
    }
}

/// The whole's value in the part's table's unit.
fn in_same_unit(indexed: &[Indexed<'_>], whole: Matched, part: Matched) -> Option<Decimal> {
    let value = indexed[whole.table].number(whole.row, whole.column)?;
    match (indexed[whole.table].scale, indexed[part.table].scale) {
        (Some(w), Some(p)) if !p.is_zero() => value.checked_mul(w)?.checked_div(p),
        _ => Some(value),
    }
}

/// Words of an earlier period in a comparison or a header (`比上年`, `上年决算数`).
const EARLIER_PERIOD: &[&str] = &["上年", "去年", "上期", "上一年", "同期"];

/// The year a header names (`2025年度决算数` → 2025).
fn year_in(text: &str) -> Option<u32> {
    let digits: Vec<char> = text.chars().collect();
    digits.windows(5).find_map(|w| {
        (w[..4].iter().all(char::is_ascii_digit) && w[4] == '年')
            .then(|| w[..4].iter().collect::<String>().parse().ok())
            .flatten()
    })
}

/// The column a comparison refers to, beside `current` in the same table and on its side of a
/// two-sided one: the one the text names (`比预算` → 预算数); for `比上年`, a column of an earlier
/// period (上年…, or an earlier year than the current column's); without words, a
/// previous-period column (上年, 预算数). Of several, the one of the current column's name
/// (`决算数 / 合计` against `预算数 / 合计`, not `预算数 / 基本支出`). Never a carry-over
/// (上年结转), nor a column of the same name as the current one: the other side's 预算数 of a
/// 收支总表 is no earlier figure.
fn reference_column(
    table: &Indexed<'_>,
    current: usize,
    against: Option<&String>,
    words: &Compiled,
) -> Option<usize> {
    let columns = &table.table.structure.columns;
    let current_path = columns.get(current).map(|c| compact(&c.path))?;
    let current_label = columns.get(current).map(|c| compact(&c.label))?;
    let side_of = |c: usize| table.right_side_from.is_some_and(|r| c >= r);
    let candidates: Vec<(usize, String, String)> = columns
        .iter()
        .filter(|c| {
            let path = compact(&c.path);
            c.index != current
                && is_amount(c.role)
                && side_of(c.index) == side_of(current)
                && path != current_path
                && !path.contains("结转")
                && !path.contains("结余")
        })
        .map(|c| (c.index, compact(&c.path), compact(&c.label)))
        .collect();
    // The first column that `fits`, preferring one of the current column's name.
    let best = |fits: &dyn Fn(&str) -> bool| -> Option<usize> {
        let mut fitting = candidates.iter().filter(|(_, path, _)| fits(path));
        let all: Vec<&(usize, String, String)> = fitting.by_ref().collect();
        all.iter()
            .find(|(_, _, label)| *label == current_label)
            .or_else(|| all.first())
            .map(|(c, _, _)| *c)
    };
    let against = against.map(|a| compact(a)).filter(|a| !a.is_empty());
    if let Some(against) = &against {
        if let Some(c) = best(&|path: &str| path.contains(against.as_str())) {
            return Some(c);
        }
        if EARLIER_PERIOD.iter().any(|w| against.contains(w)) {
            let now = year_in(&current_path);
            return best(&|path: &str| {
                EARLIER_PERIOD.iter().any(|w| path.contains(w))
                    || matches!((now, year_in(path)), (Some(n), Some(y)) if y < n)
            });
        }
    }
    best(&|path: &str| contains_any(path, &words.previous))
}

impl TableCell {
    /// The row's name, or the column's header for a 合计 row (`基本支出` for the 合计 row's
    /// 基本支出 cell).
    pub fn row_label_or_column(&self) -> String {
        let row = normalize_label(&self.row_label);
        if row.is_empty() || row == "合计" || row == "总计" {
            format!("{}{}", self.row_label, self.column_label)
        } else {
            self.row_label.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_lose_numbering_codes_quotes_and_width() {
        assert_eq!(
            normalize_label("二、社会保障和就业支出"),
            "社会保障和就业支出"
        );
        assert_eq!(
            normalize_label("其中：（1）公务用车购置费"),
            "公务用车购置费"
        );
        assert_eq!(
            normalize_label("3.公务用车购置及运行费"),
            "公务用车购置及运行费"
        );
        assert_eq!(normalize_label("2080501 行政单位离退休"), "行政单位离退休");
        assert_eq!(normalize_label("“三公”经费 支出"), "三公经费支出");
        assert_eq!(normalize_label("ＡＢＣ１２３"), "abc123");
        assert_eq!(normalize_label("本年支出合计"), "本年支出合计");
        assert_eq!(normalize_label("1.5万元"), "1.5万元");
    }

    use crate::annex::structure::analyse;
    use crate::annex::tests::simple_table;

    fn structure(rows: &[&[&str]]) -> TableStructure {
        let rows: Vec<Vec<&str>> = rows.iter().map(|r| r.to_vec()).collect();
        analyse(&simple_table(1, &rows), &StructureVocabulary::default())
    }

    fn paragraph(text: &str) -> BodyParagraph {
        BodyParagraph {
            index: 0,
            text: text.to_string(),
            after_table: None,
            before_table: Some(1),
        }
    }

    const SPENDING: &[&[&str]] = &[
        &["", "单位：万元"],
        &["项目", "金额"],
        &["合计", "100.00"],
        &["办公费", "60.00"],
        &["差旅费", "40.00"],
    ];

    fn one_table(text: &str) -> DocumentChecks {
        let s = structure(SPENDING);
        let tables = [DocumentTable {
            number: 1,
            title: "附表1 支出明细表",
            structure: &s,
        }];
        check_document(&tables, &[paragraph(text)], &StructureVocabulary::default())
    }

    fn results(checks: &DocumentChecks) -> Vec<(CrossKind, &RelationResult)> {
        checks
            .relations
            .iter()
            .map(|r| (r.kind, &r.result))
            .collect()
    }

    #[test]
    fn text_figures_are_compared_in_their_own_unit() {
        for text in [
            "办公费60.00万元",
            "办公费600,000元",
            "办公费0.006亿元",
            "办公费60万元",
        ] {
            let checks = one_table(text);
            assert_eq!(
                results(&checks),
                [(CrossKind::TextEqual, &RelationResult::Consistent)],
                "{text}"
            );
        }
        let checks = one_table("办公费65.00万元");
        let RelationResult::Inconsistent { expected, .. } = &checks.relations[0].result else {
            panic!("{:?}", checks.relations);
        };
        assert_eq!(expected.to_string(), "60.00");
    }

    #[test]
    fn a_share_of_a_named_whole_and_of_the_last_total() {
        let checks = one_table("办公费60.00万元，占合计的60.00%");
        assert_eq!(
            results(&checks)[1],
            (CrossKind::TextShare, &RelationResult::Consistent)
        );
        let checks = one_table("合计100.00万元，其中：差旅费40.00万元，占41.00%");
        let share = &checks.relations[2];
        assert_eq!(share.kind, CrossKind::TextShare);
        let RelationResult::Inconsistent { expected, .. } = &share.result else {
            panic!("{share:?}");
        };
        assert_eq!(expected.to_string(), "40.00");
    }

    #[test]
    fn figures_that_name_nothing_are_listed_not_guessed() {
        let checks = one_table("招待费12.00万元，比上年增加2.00万元，2025年度共3批次");
        assert!(checks.relations.is_empty());
        let listed: Vec<&str> = checks
            .unmatched_figures
            .iter()
            .map(|u| u.quote.quoted.as_str())
            .collect();
        assert_eq!(listed, ["12.00万元", "2.00万元"]);
        assert_eq!(checks.non_quantities, 2);
    }

    #[test]
    fn a_declared_rule_links_tables_that_share_no_name() {
        let a = structure(SPENDING);
        let b = structure(&[
            &["", "单位：万元"],
            &["项目", "金额"],
            &["总计", "90.00"],
            &["设备购置", "90.00"],
        ]);
        let tables = [
            DocumentTable {
                number: 1,
                title: "附表1 甲表",
                structure: &a,
            },
            DocumentTable {
                number: 2,
                title: "附表2 乙表",
                structure: &b,
            },
        ];
        let none = check_document(&tables, &[], &StructureVocabulary::default());
        assert!(none.relations.is_empty());
        let mut vocabulary = StructureVocabulary::default();
        vocabulary.crosscheck.push(super::super::CrossRule {
            table: "甲表".into(),
            row: "合计".into(),
            column: String::new(),
            other_table: "乙表".into(),
            other_row: "总计".into(),
            other_column: "金额".into(),
            zh: "甲表合计等于乙表总计".into(),
            en: "甲表's total equals 乙表's".into(),
        });
        let checks = check_document(&tables, &[], &vocabulary);
        assert_eq!(checks.relations.len(), 1);
        let relation = &checks.relations[0];
        assert_eq!(relation.source, RelationSource::Template);
        assert!(matches!(
            relation.result,
            RelationResult::Inconsistent { .. }
        ));
    }

    #[test]
    fn tables_sharing_names_agree_on_each_and_on_their_totals() {
        let summary = structure(&[
            &["", "", "", "单位：万元"],
            &["收入", "决算数", "支出", "决算数"],
            &["一、财政拨款收入", "90.00", "一、一般公共服务支出", "30.00"],
            &["二、其他收入", "10.00", "二、教育支出", "70.00"],
            &["本年收入合计", "100.00", "本年支出合计", "100.00"],
            &["年初结转和结余", "5.00", "年末结转和结余", "5.00"],
            &["收入总计", "105.00", "支出总计", "105.00"],
        ]);
        let detail = structure(&[
            &["", "", "", "单位：万元"],
            &["项目", "合计", "基本支出", "项目支出"],
            &["合计", "100.00", "60.00", "40.00"],
            &["一般公共服务支出", "30.00", "30.00", ""],
            &["教育支出", "72.00", "30.00", "42.00"],
        ]);
        let tables = [
            DocumentTable {
                number: 1,
                title: "附表1 收入支出决算总表",
                structure: &summary,
            },
            DocumentTable {
                number: 2,
                title: "附表2 支出决算表",
                structure: &detail,
            },
        ];
        let checks = check_document(&tables, &[], &StructureVocabulary::default());
        let outcome: Vec<(&str, bool)> = checks
            .relations
            .iter()
            .map(|r| (r.id.as_str(), r.result.is_finding()))
            .collect();
        assert_eq!(
            outcome,
            [
                ("table_equality:1:本年支出合计=2:合计", false),
                (
                    "table_equality:1:一般公共服务支出=2:一般公共服务支出",
                    false
                ),
                ("table_equality:1:教育支出=2:教育支出", true),
            ]
        );
        // The summary reads as two lists that balance.
        let ids: Vec<&str> = summary.relations.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "column_sum:本年收入合计:决算数",
                "column_sum:收入总计:决算数",
                "column_sum:本年支出合计:决算数",
                "column_sum:支出总计:决算数",
                "balance:收入总计:支出总计",
            ]
        );
        assert!(
            summary
                .results
                .iter()
                .all(|e| e.result == RelationResult::Consistent)
        );
    }

    /// The detail of every fund and that of one fund (一般公共预算财政拨款) list the same 类;
    /// their figures differ whenever the body has other income (20.00 of 事业收入 here), and
    /// comparing them was a false error on a correct document.
    #[test]
    fn tables_of_different_funds_are_not_compared_row_by_row() {
        let every = structure(&[
            &["", "", "", "单位：万元"],
            &["项目", "合计", "基本支出", "项目支出"],
            &["合计", "300.00", "250.00", "50.00"],
            &["一般公共服务支出", "100.00", "50.00", "50.00"],
            &["教育支出", "200.00", "200.00", ""],
        ]);
        let general = structure(&[
            &["", "", "", "单位：万元"],
            &["项目", "合计", "基本支出", "项目支出"],
            &["合计", "280.00", "250.00", "30.00"],
            &["一般公共服务支出", "80.00", "50.00", "30.00"],
            &["教育支出", "200.00", "200.00", ""],
        ]);
        let table = |number, title, structure| DocumentTable {
            number,
            title,
            structure,
        };
        let checks = check_document(
            &[
                table(1, "附表2 支出决算表", &every),
                table(2, "附表5 一般公共预算财政拨款支出决算表", &general),
            ],
            &[],
            &StructureVocabulary::default(),
        );
        assert!(checks.relations.is_empty(), "{:?}", checks.relations);
        // Two tables of one fund are compared line by line, column by column; the 基本支出
        // table of that fund (by economic class) only by its 合计, with their 基本支出 合计.
        let basic = structure(&[
            &["", "", "", "单位：万元"],
            &["项目", "合计", "人员经费", "公用经费"],
            &["合计", "250.00", "200.00", "50.00"],
            &["工资福利支出", "200.00", "200.00", ""],
            &["商品和服务支出", "50.00", "", "50.00"],
        ]);
        let checks = check_document(
            &[
                table(1, "附表4 一般公共预算财政拨款支出决算表", &general),
                table(2, "附表5 一般公共预算财政拨款支出决算明细表", &general),
                table(3, "附表6 一般公共预算财政拨款基本支出决算表", &basic),
            ],
            &[],
            &StructureVocabulary::default(),
        );
        let pairs: Vec<(&str, &str, &str)> = checks
            .relations
            .iter()
            .map(|r| {
                (
                    r.id.as_str(),
                    match &r.target {
                        CrossTarget::Cell(c) => c.column_label.as_str(),
                        CrossTarget::Text(_) => "",
                    },
                    r.operands[0].cell.column_label.as_str(),
                )
            })
            .collect();
        for pair in [
            (
                "table_equality:1:一般公共服务支出=2:一般公共服务支出",
                "合计",
                "合计",
            ),
            ("table_equality:1:教育支出=2:教育支出", "合计", "合计"),
            (
                "table_equality:1:教育支出=2:教育支出",
                "基本支出",
                "基本支出",
            ),
            ("table_equality:1:合计=3:合计", "基本支出", "合计"),
            ("table_equality:2:合计=3:合计", "基本支出", "合计"),
        ] {
            assert!(pairs.contains(&pair), "{pair:?} not in {pairs:#?}");
        }
        assert!(
            pairs
                .iter()
                .all(|(id, _, other)| !id.contains("=3:") || *other == "合计"),
            "{pairs:#?}"
        );
        assert!(
            checks
                .relations
                .iter()
                .all(|r| r.result == RelationResult::Consistent),
            "{:#?}",
            checks.relations
        );
    }

    /// The 收入决算表 and the 支出决算表 list the same 类, one what came in, the other what went
    /// out: they differ by what was carried over and are not compared. A template's rule
    /// naming 收入支出决算总表 does not take the 财政拨款收入支出决算总表 for it.
    #[test]
    fn income_is_not_compared_with_spending_nor_a_rule_applied_to_another_fund() {
        let income = structure(&[
            &["", "", "单位：万元"],
            &["项目", "本年收入合计", "财政拨款收入"],
            &["合计", "110.00", "110.00"],
            &["一般公共服务支出", "40.00", "40.00"],
            &["教育支出", "70.00", "70.00"],
        ]);
        let spending = structure(&[
            &["", "", "单位：万元"],
            &["项目", "本年支出合计", "基本支出"],
            &["合计", "100.00", "100.00"],
            &["一般公共服务支出", "30.00", "30.00"],
            &["教育支出", "70.00", "70.00"],
        ]);
        let table = |number, title, structure| DocumentTable {
            number,
            title,
            structure,
        };
        let checks = check_document(
            &[
                table(1, "附表2 收入决算表", &income),
                table(2, "附表3 支出决算表", &spending),
            ],
            &[],
            &StructureVocabulary::default(),
        );
        assert!(checks.relations.is_empty(), "{:?}", checks.relations);

        let mut vocabulary = StructureVocabulary::default();
        vocabulary.crosscheck.push(super::super::CrossRule {
            table: "收入支出决算总表".into(),
            row: "合计".into(),
            column: String::new(),
            other_table: "支出决算表".into(),
            other_row: "合计".into(),
            other_column: String::new(),
            zh: "总表的合计等于支出决算表的合计".into(),
            en: "the totals agree".into(),
        });
        let checks = check_document(
            &[
                table(1, "附表4 财政拨款收入支出决算总表", &spending),
                table(2, "附表3 支出决算表", &income),
            ],
            &[],
            &vocabulary,
        );
        assert!(checks.relations.is_empty(), "{:?}", checks.relations);
        let checks = check_document(
            &[
                table(1, "附表1 收入支出决算总表", &spending),
                table(2, "附表3 支出决算表", &income),
            ],
            &[],
            &vocabulary,
        );
        assert_eq!(checks.relations.len(), 1, "{:?}", checks.relations);
    }

    /// A document that publishes two bodies' accounts one after the other: each body's tables
    /// are compared with each other, never with the other body's (甲单位's 教育支出 is not
    /// 乙单位's), and a paragraph's figure is looked up in the tables of its own body.
    #[test]
    fn the_tables_of_two_bodies_are_compared_within_each_body() {
        let body = |education: &'static str, total: &'static str| {
            let summary = structure(&[
                &["", "", "", "单位：万元"],
                &["收入", "决算数", "支出", "决算数"],
                &["一、财政拨款收入", total, "一、一般公共服务支出", "30.00"],
                &["二、其他收入", "0.00", "二、教育支出", education],
                &["本年收入合计", total, "本年支出合计", total],
            ]);
            let detail = structure(&[
                &["", "", "", "单位：万元"],
                &["项目", "合计", "基本支出", "项目支出"],
                &["合计", total, total, ""],
                &["一般公共服务支出", "30.00", "30.00", ""],
                &["教育支出", education, education, ""],
            ]);
            (summary, detail)
        };
        let (a1, a2) = body("70.00", "100.00");
        let (b1, b2) = body("170.00", "200.00");
        let table = |number, title, structure| DocumentTable {
            number,
            title,
            structure,
        };
        let tables = [
            table(1, "甲单位收入支出决算总表", &a1),
            table(2, "甲单位支出决算表", &a2),
            table(3, "乙单位收入支出决算总表", &b1),
            table(4, "乙单位支出决算表", &b2),
        ];
        // After 乙单位's tables: 甲单位's 70.00 is not looked at.
        let quote = BodyParagraph {
            index: 9,
            text: "教育支出70.00万元。".into(),
            after_table: Some(4),
            before_table: None,
        };
        // Between 甲单位's tables and 乙单位's: either body's.
        let between = BodyParagraph {
            index: 8,
            text: "教育支出70.00万元。".into(),
            after_table: Some(2),
            before_table: Some(3),
        };
        let checks = check_document(&tables, &[between, quote], &StructureVocabulary::default());
        let between: Vec<(&str, bool)> = checks
            .relations
            .iter()
            .filter(|r| r.kind == CrossKind::TableEquality)
            .map(|r| (r.id.as_str(), r.result.is_finding()))
            .collect();
        assert_eq!(
            between
                .into_iter()
                .collect::<std::collections::BTreeSet<_>>(),
            [
                ("table_equality:1:本年支出合计=2:合计", false),
                (
                    "table_equality:1:一般公共服务支出=2:一般公共服务支出",
                    false
                ),
                ("table_equality:1:教育支出=2:教育支出", false),
                ("table_equality:3:本年支出合计=4:合计", false),
                (
                    "table_equality:3:一般公共服务支出=4:一般公共服务支出",
                    false
                ),
                ("table_equality:3:教育支出=4:教育支出", false),
            ]
            .into_iter()
            .collect()
        );
        let text: Vec<bool> = checks
            .relations
            .iter()
            .filter(|r| r.kind == CrossKind::TextEqual)
            .map(|r| r.result.is_finding())
            .collect();
        assert_eq!(
            text,
            [false, true],
            "乙单位 spent 170.00: 甲单位's 70.00 is not its figure"
        );
        // Titles that differ in what they list are one body's tables, whatever their columns.
        let x = index_table(
            table(1, "附表7 机关运行经费支出表", &a2),
            &Compiled::new(&StructureVocabulary::default()),
        );
        let y = index_table(
            table(2, "附表8 三公经费支出表", &a2),
            &Compiled::new(&StructureVocabulary::default()),
        );
        assert!(!same_kind(&x, &y));
        let z = index_table(
            table(3, "2024年三公经费支出表", &a2),
            &Compiled::new(&StructureVocabulary::default()),
        );
        let w = index_table(
            table(4, "2025年三公经费支出表", &a2),
            &Compiled::new(&StructureVocabulary::default()),
        );
        assert!(same_kind(&z, &w));
    }

    #[test]
    fn a_title_names_what_its_table_lists() {
        assert_eq!(
            title_core("附表3　“三公”经费支出决算表 单位：万元"),
            "三公经费支出"
        );
        assert_eq!(title_core("附表2 支出决算表"), "支出");
        assert_eq!(title_core("表1 收入支出决算总表"), "收入支出决算总");
        assert_eq!(title_core("甲单位支出决算表 单位：万元"), "甲单位支出");
    }

    #[test]
    fn figures_beyond_exact_arithmetic_are_not_checkable_not_a_panic() {
        assert_eq!(
            compare(Decimal::MAX, Decimal::MIN, 0),
            RelationResult::NotCheckable {
                reason: NotCheckableReason::Overflow
            }
        );
    }

    /// 部门收支总表 prints 预算数 on both sides: `比上年增加12.34万元，增长0.66%` was compared
    /// with 收入总计 − 支出总计 (“应为 0.00万元”), a false error on a correct document. A
    /// comparison with the previous year needs a column of an earlier period; the rate after a
    /// change compares with what the change did; and a share after a figure no table names is
    /// not taken of the figure before it (`占59.27%` was 支出总计 ÷ 支出总计).
    #[test]
    fn comparisons_need_an_earlier_period_and_a_share_follows_its_own_figure() {
        let two_sided = structure(&[
            &["收入", "", "支出", ""],
            &["项目", "预算数", "项目", "预算数"],
            &["一般公共预算拨款", "90.00", "基本支出", "60.00"],
            &["事业收入", "10.00", "项目支出", "40.00"],
            &["其他收入", "", "", ""],
            &["收入总计", "100.00", "支出总计", "100.00"],
        ]);
        let tables = [DocumentTable {
            number: 1,
            title: "表1 部门收支总表",
            structure: &two_sided,
        }];
        let text = paragraph(
            "2026年收入总计100.00万元，比上年增加12.34万元，增长14.08%。支出总计100.00万元，其中人员经费60.00万元，占60.00%。",
        );
        let checks = check_document(&tables, &[text], &StructureVocabulary::default());
        assert!(
            checks
                .relations
                .iter()
                .all(|r| matches!(r.kind, CrossKind::TextEqual)),
            "{:#?}",
            checks
                .relations
                .iter()
                .map(|r| &r.rule.zh)
                .collect::<Vec<_>>()
        );
        let unmatched: Vec<&str> = checks
            .unmatched_figures
            .iter()
            .map(|u| u.quote.quoted.as_str())
            .collect();
        assert!(unmatched.contains(&"12.34万元"), "{unmatched:?}");
        assert!(unmatched.contains(&"14.08%"), "{unmatched:?}");
        assert!(unmatched.contains(&"60.00%"), "{unmatched:?}");

        // 比上年 is no comparison with the plan: beside 预算数 only, it is not checked.
        let plan = structure(&[
            &["项目", "决算数", "预算数"],
            &["收入总计", "100.00", "87.66"],
        ]);
        let tables = [DocumentTable {
            number: 1,
            title: "表1 收入决算表",
            structure: &plan,
        }];
        let text = paragraph("2026年收入总计100.00万元，比上年增加12.34万元。");
        let checks = check_document(&tables, &[text], &StructureVocabulary::default());
        assert_eq!(
            results(&checks),
            [(CrossKind::TextEqual, &RelationResult::Consistent)]
        );

        // With an earlier year beside it, the change is checked against that year.
        let years = structure(&[
            &["项目", "2026年预算数", "2025年预算数"],
            &["收入总计", "100.00", "87.66"],
        ]);
        let tables = [DocumentTable {
            number: 1,
            title: "表1 收入总表",
            structure: &years,
        }];
        let text = paragraph("2026年收入总计100.00万元，比上年增加12.34万元，增长14.08%。");
        let checks = check_document(&tables, &[text], &StructureVocabulary::default());
        let kinds: Vec<(CrossKind, &RelationResult)> = results(&checks);
        assert_eq!(
            kinds,
            [
                (CrossKind::TextEqual, &RelationResult::Consistent),
                (CrossKind::TextChange, &RelationResult::Consistent),
                (CrossKind::TextRate, &RelationResult::Consistent),
            ]
        );
    }

    /// In a budget disclosure 预算数 is the figure itself, not a plan compared with: 部门收支总表
    /// (预算数 on both sides) was never compared with 部门支出总表 (合计), and a class re-summed
    /// in one of them went unreported.
    #[test]
    fn a_budget_is_compared_with_a_budget_where_no_outturn_is_published() {
        let summary = structure(&[
            &["收入", "", "支出", ""],
            &["项目", "预算数", "项目", "预算数"],
            &["一、一般公共预算拨款收入", "90.00", "一、教育支出", "60.00"],
            &["二、事业收入", "10.00", "二、卫生健康支出", "40.00"],
            &["本年收入合计", "100.00", "本年支出合计", "100.00"],
        ]);
        let spending = structure(&[
            &["科目名称", "合计", "基本支出", "项目支出"],
            &["合计", "101.00", "70.00", "31.00"],
            &["教育支出", "61.00", "40.00", "21.00"],
            &["卫生健康支出", "40.00", "30.00", "10.00"],
        ]);
        let tables = [
            DocumentTable {
                number: 1,
                title: "表1 部门收支总表",
                structure: &summary,
            },
            DocumentTable {
                number: 3,
                title: "表3 部门支出总表",
                structure: &spending,
            },
        ];
        let checks = check_document(&tables, &[], &StructureVocabulary::default());
        let wrong: Vec<&str> = checks.findings().map(|r| r.id.as_str()).collect();
        assert_eq!(
            wrong,
            [
                "table_equality:1:本年支出合计=3:合计",
                "table_equality:1:教育支出=3:教育支出"
            ]
        );
    }
}
