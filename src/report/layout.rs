//! Where each table and each finding sits in the workbook.
//!
//! The workbook, the JSON and the terminal report name a finding's cell the same way, so the
//! layout is computed once from the audit and shared: one sheet per audited table, named after
//! its heading, with the table's rows from [`TITLE_ROWS`] down and its columns from A.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use crate::audit::{AuditReport, Finding, Lang, Location, TableAudit};
use crate::wordml::collapse_whitespace;

/// Rows above the table on each table sheet (the title row).
pub const TITLE_ROWS: u32 = 1;

/// Excel's limit on sheet-name length.
const MAX_SHEET_NAME: usize = 31;

/// Sheet names and cell addresses for one audited document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    summary: String,
    discrepancies: String,
    /// The language of the fixed sheet names and of `表N` / `Table N`.
    lang: Lang,
    /// table number → sheet name, for audited tables.
    sheets: BTreeMap<usize, String>,
    /// Names taken, lower-cased (Excel compares sheet names without case).
    used: HashSet<String>,
    /// Per base name (lower-cased), the next number to try: many tables under one heading are
    /// numbered in turn instead of from 2 each time.
    next: HashMap<String, usize>,
}

impl Layout {
    /// Names the sheets: the summary and discrepancy sheets in the document's language, then
    /// one per audited table after its heading (`一、各旗区人民政府` → `各旗区人民政府`), unique,
    /// at most 31 characters, without `[]:*?/\`; `表N` / `Table N` when there is no heading.
    ///
    /// ```
    /// use annex_audit::report::Layout;
    /// assert_eq!(Layout::sheet_name_for("一、各旗区人民政府"), "各旗区人民政府");
    /// assert_eq!(Layout::sheet_name_for("（二）市直部门: [2020]"), "市直部门 2020");
    /// ```
    pub fn new(report: &AuditReport) -> Self {
        let mut layout = Layout::for_language(report.lang);
        for t in &report.tables {
            layout.add_table(t);
        }
        layout
    }

    /// A layout without table sheets yet, for a report rendered table by table: add the
    /// tables in number order with [`Layout::add_table`] and the names are those
    /// [`Layout::new`] gives.
    pub fn for_language(lang: Lang) -> Self {
        let (summary, discrepancies) = match lang {
            Lang::Zh => ("概览", "差异"),
            Lang::En => ("Summary", "Discrepancies"),
        };
        // The fixed sheets' names, the 文表核对 sheet's included, are never a table's.
        let text_sheet = lang.pick("文表核对", "Text vs tables");
        let used: HashSet<String> = [summary, discrepancies, "History", text_sheet]
            .iter()
            .map(|s| s.to_lowercase())
            .collect();
        Layout {
            summary: summary.into(),
            discrepancies: discrepancies.into(),
            lang,
            sheets: BTreeMap::new(),
            used,
            next: HashMap::new(),
        }
    }

    /// Names the sheet of the next table (in number order), if it is audited; returns the name.
    pub fn add_table(&mut self, t: &TableAudit) -> Option<&str> {
        if t.sheet().is_none() && t.structure().is_none() {
            return None;
        }
        let mut base = t
            .title
            .as_deref()
            .map(Self::sheet_name_for)
            .unwrap_or_default();
        if base.is_empty() {
            base = match self.lang {
                Lang::Zh => format!("表{}", t.table),
                Lang::En => format!("Table {}", t.table),
            };
        }
        let name = unique(&base, &mut self.used, &mut self.next);
        self.sheets.insert(t.table, name);
        self.sheets.get(&t.table).map(String::as_str)
    }

    /// A heading made into a sheet name (not yet unique).
    pub fn sheet_name_for(title: &str) -> String {
        let stripped = crate::audit::id::strip_enumeration(title);
        let cleaned: String = stripped
            .chars()
            .map(|c| {
                if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let collapsed = collapse_whitespace(&cleaned);
        let trimmed = collapsed.trim_matches(|c: char| c == '\'' || c.is_whitespace());
        truncate(trimmed, MAX_SHEET_NAME)
    }

    /// The summary sheet's name.
    pub fn summary_sheet(&self) -> &str {
        &self.summary
    }

    /// The discrepancy sheet's name.
    pub fn discrepancy_sheet(&self) -> &str {
        &self.discrepancies
    }

    /// The sheet of an audited table.
    pub fn sheet(&self, table: usize) -> Option<&str> {
        self.sheets.get(&table).map(String::as_str)
    }

    /// The 0-based worksheet row and column of a table cell.
    pub fn position(location: Location) -> (u32, u16) {
        let row = u32::try_from(location.table_row)
            .unwrap_or(u32::MAX - TITLE_ROWS)
            .saturating_add(TITLE_ROWS);
        let col = u16::try_from(location.column).unwrap_or(u16::MAX);
        (row, col)
    }

    /// A cell of a table as a workbook reference, `'各旗区人民政府'!J15`.
    pub fn cell(&self, table: usize, location: Location) -> Option<String> {
        let sheet = self.sheet(table)?;
        let (row, col) = Self::position(location);
        Some(format!("{}!{}", quote_sheet(sheet), a1(row, col)))
    }

    /// The finding's cell, as the workbook, the JSON and the terminal report name it.
    pub fn finding_cell(&self, finding: &Finding) -> Option<String> {
        self.cell(finding.table, finding.location?)
    }
}

/// `'name'`, with apostrophes doubled, as formulas and hyperlinks need it.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// A1 notation of a 0-based row and column.
///
/// ```
/// assert_eq!(annex_audit::report::a1(14, 9), "J15");
/// assert_eq!(annex_audit::report::a1(0, 27), "AB1");
/// ```
pub fn a1(row: u32, col: u16) -> String {
    // One allocation: the workbook writes a few of these for every data row.
    let mut a1 = String::with_capacity(12);
    push_column_letters(&mut a1, col);
    let _ = write!(a1, "{}", u64::from(row) + 1);
    a1
}

/// Column letters of a 0-based column: 0 → A, 25 → Z, 26 → AA.
pub fn column_letters(col: u16) -> String {
    let mut letters = String::with_capacity(4);
    push_column_letters(&mut letters, col);
    letters
}

/// Appends the column letters of a 0-based column to `out`.
fn push_column_letters(out: &mut String, col: u16) {
    // At most four letters: the last u16 column is CRXP.
    let mut letters = [0u8; 4];
    let mut len = 0;
    let mut n = u32::from(col) + 1;
    while n > 0 && len < letters.len() {
        letters[len] = b'A' + ((n - 1) % 26) as u8;
        len += 1;
        n = (n - 1) / 26;
    }
    out.extend(letters[..len].iter().rev().map(|&b| char::from(b)));
}

/// The longest prefix of `s` within `max` UTF-16 code units, trailing blanks removed. Excel
/// counts a sheet name's length in UTF-16: a character outside the Basic Multilingual Plane
/// (𝐻, 𝑆, the rarer CJK ideographs of Extension B) counts twice.
fn truncate(s: &str, max: usize) -> String {
    let mut units = 0;
    s.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= max
        })
        .collect::<String>()
        .trim_end()
        .to_string()
}

fn unique(base: &str, used: &mut HashSet<String>, next: &mut HashMap<String, usize>) -> String {
    let key = base.to_lowercase();
    let named = |n: usize| {
        if n < 2 {
            return base.to_string();
        }
        let suffix = format!(" ({n})");
        format!(
            "{}{suffix}",
            truncate(base, MAX_SHEET_NAME - suffix.chars().count())
        )
    };
    let mut n = next.get(&key).copied().unwrap_or(1);
    let mut candidate = named(n);
    while used.contains(&candidate.to_lowercase()) {
        n += 1;
        candidate = named(n);
    }
    used.insert(candidate.to_lowercase());
    next.insert(key, n + 1);
    candidate
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// The pattern the sheet names took a heading's enumeration off with, before
    /// [`crate::audit::id::strip_enumeration`]: kept as its specification. Digits are ASCII or
    /// full-width, not `\d`.
    fn enumeration_pattern() -> regex::Regex {
        regex::Regex::new(concat!(
            r"^\s*(?:",
            r"[一二三四五六七八九十百零〇]+\s*[、.．]",
            r"|[（(]\s*[一二三四五六七八九十百零〇0-9０-９]+\s*[）)]",
            r"|[0-9０-９]+(?:\.[0-9０-９]+)*\s*[、.．)）]?\s",
            r"|[0-9０-９]+(?:\.[0-9０-９]+)*\s*[、.．)）]",
            r"|第[一二三四五六七八九十百零〇0-9０-９]+[章节部分篇]",
            r"|附件\s*[0-9０-９]*\s*[:：]?",
            r"|表\s*[0-9０-９]+\s*[:：.．、]?",
            r")\s*"
        ))
        .expect("the enumeration pattern")
    }

    /// The pattern compiled once for the property test's thousands of cases.
    static ENUMERATION: std::sync::LazyLock<regex::Regex> =
        std::sync::LazyLock::new(enumeration_pattern);

    /// Headings made of the pieces the pattern cares about, spaces among them.
    fn heading() -> impl Strategy<Value = String> {
        let pieces = [
            "一", "二", "十", "〇", "、", ".", "．", "（", "(", ")", "）", "0", "1", "１", "９",
            "第", "章", "部分", "篇", "节", "附件", "表", ":", "：", "分", "x", " ", " ",
            "\u{3000}", "\t",
        ];
        let starts = [
            "", " ", "1", "1.2", "1.2.3", "1 ", "一", "（一", "( 1", "第一", "第2", "表1", "表 ",
            "附件", "附件 ",
        ];
        (
            proptest::sample::select(starts.to_vec()),
            proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..8),
        )
            .prop_map(|(start, pieces)| format!("{start}{}", pieces.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4_000))]

        #[test]
        fn a_heading_loses_its_enumeration_as_the_pattern_says(heading in heading()) {
            let expected = ENUMERATION.replace(&heading, "").into_owned();
            prop_assert_eq!(crate::audit::id::strip_enumeration(&heading), expected.as_str());
        }
    }

    #[test]
    fn headings_lose_their_enumeration_as_the_pattern_says() {
        let pattern = enumeration_pattern();
        for heading in [
            "一、各旗区人民政府",
            " 二 ．部门",
            "（ 一 ）部门",
            "1 部门",
            "1、 部门",
            "1 、部门",
            "1.2.3 x",
            "1.2.x",
            "1.2x",
            "1.2 .x",
            "１２． 部门",
            "第一章 总则",
            "附件 2 ：名单",
            "附件",
            "表 1 、部门",
            "表 部门",
            "2020年度全市政务公开评估",
            "  ",
            "",
        ] {
            assert_eq!(
                crate::audit::id::strip_enumeration(heading),
                pattern.replace(heading, ""),
                "{heading:?}"
            );
        }
    }

    #[test]
    fn headings_become_sheet_names() {
        for (title, name) in [
            ("一、各旗区人民政府", "各旗区人民政府"),
            ("二、市人民政府组成部门", "市人民政府组成部门"),
            ("（三）市级园区", "市级园区"),
            ("1. Districts", "Districts"),
            ("表2 评估结果", "评估结果"),
            ("第一章 总则", "总则"),
            ("附件1：得分表", "得分表"),
            ("a/b:c*d?e[f]g\\h", "a b c d e f g h"),
            ("'quoted'", "quoted"),
            ("2020年度全市政务公开评估", "2020年度全市政务公开评估"),
        ] {
            assert_eq!(Layout::sheet_name_for(title), name, "{title}");
        }
        let long = "很".repeat(40);
        assert_eq!(Layout::sheet_name_for(&long).chars().count(), 31);
    }

    #[test]
    fn names_count_their_length_as_excel_does_in_utf16_units() {
        // A heading of mathematical letters (each two UTF-16 units) as in a real annex's
        // formula caption; rust_xlsxwriter refused its 31-character name and the audit failed.
        let title = "𝐻1 𝑆1 (t) ≠𝑆2 (t) for at least one t in the sample";
        let name = Layout::sheet_name_for(title);
        assert!(name.encode_utf16().count() <= 31, "{name}");
        assert!(name.starts_with("𝐻1 𝑆1"), "{name}");
        let wide = "𠀀".repeat(40);
        let mut used = HashSet::new();
        let mut next = HashMap::new();
        let first = unique(&Layout::sheet_name_for(&wide), &mut used, &mut next);
        let second = unique(&Layout::sheet_name_for(&wide), &mut used, &mut next);
        assert_eq!(first, "𠀀".repeat(15));
        assert_eq!(second, format!("{} (2)", "𠀀".repeat(13)));
        let mut book = rust_xlsxwriter::Workbook::new();
        for n in [&name, &first, &second] {
            book.add_worksheet()
                .set_name(n.as_str())
                .expect("Excel accepts the name");
        }
    }

    #[test]
    fn names_are_unique_case_insensitively_within_31_characters() {
        let mut used = HashSet::new();
        let base = "x".repeat(31);
        let mut next = HashMap::new();
        let a = unique(&base, &mut used, &mut next);
        let b = unique(&base.to_uppercase(), &mut used, &mut next);
        assert_eq!(a, base);
        assert!(b.ends_with(" (2)") && b.chars().count() == 31, "{b}");
    }

    #[test]
    fn many_tables_with_one_heading_are_numbered_in_turn() {
        let mut used = HashSet::new();
        let mut next = HashMap::new();
        assert_eq!(unique("A", &mut used, &mut next), "A");
        // Another heading that happens to look like a numbered one takes that name first.
        assert_eq!(unique("A (2)", &mut used, &mut next), "A (2)");
        assert_eq!(unique("A", &mut used, &mut next), "A (3)");
        let names: Vec<String> = (0..10_000)
            .map(|_| unique("A", &mut used, &mut next))
            .collect();
        assert_eq!(names.first().map(String::as_str), Some("A (4)"));
        assert_eq!(names.last().map(String::as_str), Some("A (10003)"));
        assert_eq!(used.len(), 10_003);
    }

    #[test]
    fn cells_are_quoted_a1_references_below_the_title_row() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
        assert_eq!(column_letters(u16::MAX), "CRXP");
        assert_eq!(a1(u32::MAX, u16::MAX), "CRXP4294967296");
        assert_eq!(quote_sheet("it's"), "'it''s'");
        assert_eq!(
            Layout::position(Location {
                table_row: 13,
                column: 9
            }),
            (14, 9)
        );
    }
}
