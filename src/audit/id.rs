//! Stable finding ids: the handle a reviewer's notes hang on across re-audits and drafts.
//!
//! An id is the first 12 hex digits of SHA-256 over
//! `check | table key | row key | column key | subject`, never over a position that a harmless
//! edit moves:
//!
//! - the table key ([`table_key`]): the table's first bookmark named by a person (Word's hidden
//!   `_GoBack`, `_Hlk…`, `_Toc…` bookmarks come and go with edits and are ignored), else its
//!   heading or caption without whitespace and without its leading enumeration (`二、` moves
//!   when a section is inserted), else `#N` after its position as the last resort; a
//!   continued table takes the key of its chain's first part, and a key met again in the same
//!   document is suffixed `~2`, `~3` … in document order;
//! - the row key: the row's name without whitespace, `#N` for a row without a name;
//! - the column key: the header label without whitespace and without its maximum (`（110分）`),
//!   so correcting a maximum keeps the column's findings;
//! - the subject, for a finding with neither row nor column (a note's rule): what it quotes
//!   as published.
//!
//! Two findings that still share an id (a name printed twice with the same mistake) are told
//! apart by a `-2`, `-3` … suffix in the order the checks report them.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use super::Finding;

/// The Chinese numerals of an enumeration: 一 … 十, 百, 零, 〇.
fn is_chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '零' | '〇'
    )
}

/// A digit, ASCII or full-width.
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// The marks an enumeration of digits ends with: 1、 1. 1) 1）.
const DIGITS_MARK: [char; 5] = ['、', '.', '．', ')', '）'];

/// A heading's leading enumeration removed, with the whitespace before and after it:
/// 一、 （一） 1. 1、 1.2) `1 ` 第一章 附件1： 表1. The ids take it from a heading without its
/// whitespace, the sheet names from the heading as printed.
///
/// Written out rather than as a pattern: these ids are made for every table with findings and
/// a sheet is named after every table, and compiling a pattern took a fifth of a millisecond
/// of a small annex's audit, on the thread that decides its time. The tests here and in
/// `report::layout` hold it to the patterns it replaced, alternative for alternative, in the
/// order a regex tries them.
///
/// ```
/// use annex_audit::audit::id::strip_enumeration;
/// assert_eq!(strip_enumeration(" （三） 市级园区"), "市级园区");
/// assert_eq!(strip_enumeration("1.2 评估结果"), "评估结果");
/// assert_eq!(strip_enumeration("2020年度评估"), "2020年度评估");
/// ```
pub fn strip_enumeration(text: &str) -> &str {
    let body = text.trim_start();
    match enumeration_len(body) {
        Some(len) => body[len..].trim_start(),
        None => text,
    }
}

/// The length in bytes of the enumeration `text` starts with (`text` starts with no
/// whitespace), if it starts with one.
fn enumeration_len(text: &str) -> Option<usize> {
    let mut chars = text.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    let len = |r: &str| text.len() - r.len();
    match first {
        // 一、 二． 十二 .
        c if is_chinese_numeral(c) => rest
            .trim_start_matches(is_chinese_numeral)
            .trim_start()
            .strip_prefix(['、', '.', '．'])
            .map(len),
        // （一） ( 3 )
        '（' | '(' => {
            let inside = rest.trim_start();
            let after = inside.trim_start_matches(|c| is_chinese_numeral(c) || is_digit(c));
            (after.len() < inside.len())
                .then(|| after.trim_start().strip_prefix(['）', ')']))
                .flatten()
                .map(len)
        }
        // 1.2.3 then a mark or a space — the most dotted groups first, as a regex tries them.
        c if is_digit(c) => {
            let mut ends = vec![rest.trim_start_matches(is_digit)];
            while let Some(group) = ends.last().and_then(|e| e.strip_prefix('.')) {
                let after = group.trim_start_matches(is_digit);
                if after.len() == group.len() {
                    break;
                }
                ends.push(after);
            }
            // Digits, spaces, a mark if any, then a space: `1、 `, `1 `, `1.2 `.
            let spaced = ends.iter().rev().find_map(|end| {
                let after_spaces = end.trim_start();
                let marked_then_space = after_spaces
                    .strip_prefix(DIGITS_MARK)
                    .and_then(|r| r.strip_prefix(char::is_whitespace));
                match marked_then_space {
                    Some(r) => Some(len(r)),
                    None => (after_spaces.len() < end.len()).then(|| len(after_spaces)),
                }
            });
            // Else digits, spaces and a mark: `1、`, `1.2)`.
            spaced.or_else(|| {
                ends.iter()
                    .rev()
                    .find_map(|end| end.trim_start().strip_prefix(DIGITS_MARK).map(len))
            })
        }
        // 第一章 第3节 第二部分
        '第' => {
            let after = rest.trim_start_matches(|c| is_chinese_numeral(c) || is_digit(c));
            (after.len() < rest.len())
                .then(|| after.strip_prefix(['章', '节', '部', '分', '篇']))
                .flatten()
                .map(len)
        }
        // 附件 附件2 附件 2 ：
        '附' => rest.strip_prefix('件').map(|r| {
            let r = r.trim_start().trim_start_matches(is_digit).trim_start();
            len(r.strip_prefix([':', '：']).unwrap_or(r))
        }),
        // 表1 表 1： 表2、
        '表' => {
            let spaced = rest.trim_start();
            let after = spaced.trim_start_matches(is_digit);
            (after.len() < spaced.len()).then(|| {
                let after = after.trim_start();
                len(after
                    .strip_prefix([':', '：', '.', '．', '、'])
                    .unwrap_or(after))
            })
        }
        _ => None,
    }
}

/// Every maximum removed from a header: （110分） (10分) （满分10分）: a bracket holding a
/// digit and ending in 分, with no bracket inside. Written out for the reason
/// [`strip_enumeration`] is.
fn strip_maximums(text: &str) -> String {
    let is_bracket = |c: char| matches!(c, '（' | '(' | ')' | '）');
    let mut kept = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find(['（', '(']) {
        let (before, from_open) = rest.split_at(open);
        kept.push_str(before);
        let bracket_len = from_open.chars().next().map_or(1, char::len_utf8);
        let inside = &from_open[bracket_len..];
        // The first bracket after this one closes it, with a digit inside and 分 last.
        let maximum_end = inside.find(is_bracket).and_then(|close| {
            let closing = inside[close..]
                .chars()
                .next()
                .filter(|c| matches!(c, '）' | ')'))?;
            let holds_maximum = inside[..close]
                .strip_suffix('分')
                .is_some_and(|before_fen| before_fen.chars().any(is_digit));
            holds_maximum.then(|| close + closing.len_utf8())
        });
        match maximum_end {
            Some(end) => rest = &inside[end..],
            None => {
                kept.push_str(&from_open[..bracket_len]);
                rest = inside;
            }
        }
    }
    kept.push_str(rest);
    kept
}

/// Text without any whitespace.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a bookmark is one Word makes and moves on its own (`_GoBack`, `_Hlk…`, `_Toc…`).
pub fn is_hidden_bookmark(name: &str) -> bool {
    name.starts_with('_')
}

/// The key of a table: its first bookmark named by a person, else its heading (or caption)
/// normalised, else `#number`. The ids key on the heading first, as they always have, so that
/// a reviewer's notes keep their findings; `diff`'s table matching keys on the table's title.
///
/// ```
/// use annex_audit::audit::id::table_key;
/// assert_eq!(table_key(&["_Hlk1".into()], Some("二、市人民政府 组成部门"), 2), "市人民政府组成部门");
/// assert_eq!(table_key(&["scores".into()], Some("二、部门"), 2), "@scores");
/// assert_eq!(table_key(&[], None, 4), "#4");
/// ```
pub fn table_key(bookmarks: &[String], title: Option<&str>, number: usize) -> String {
    if let Some(b) = bookmarks.iter().find(|b| !is_hidden_bookmark(b)) {
        return format!("@{b}");
    }
    if let Some(title) = title {
        let squeezed = squeeze(title);
        let key = strip_enumeration(&squeezed);
        if !key.is_empty() {
            return key.to_string();
        }
        if !squeezed.is_empty() {
            return squeezed;
        }
    }
    format!("#{number}")
}

/// A column header as the ids see it: no whitespace, no maximum.
///
/// ```
/// use annex_audit::audit::id::column_key;
/// assert_eq!(column_key("总分\n（110分）"), "总分");
/// ```
pub fn column_key(label: &str) -> String {
    strip_maximums(&squeeze(label))
}

/// A row as the ids see it: its name without whitespace, `#N` without a name.
pub fn row_key(name: Option<&str>, row: Option<usize>) -> String {
    match (name.map(squeeze).filter(|n| !n.is_empty()), row) {
        (Some(name), _) => name,
        (None, Some(r)) => format!("#{r}"),
        (None, None) => String::new(),
    }
}

/// The id of a finding, before duplicates are told apart, given its table's key.
pub fn base_id(finding: &Finding, table_key: &str) -> String {
    let subject = if finding.row.is_none() && finding.column.is_none() {
        finding
            .published
            .as_deref()
            .map(squeeze)
            .unwrap_or_default()
    } else {
        String::new()
    };
    let material = [
        finding.check.as_str(),
        table_key,
        &row_key(finding.name.as_deref(), finding.row),
        &finding
            .column
            .as_deref()
            .map(column_key)
            .unwrap_or_default(),
        &subject,
    ]
    .join("|");
    let digest = Sha256::digest(material.as_bytes());
    let mut hex = String::with_capacity(12);
    for b in digest.iter().take(6) {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Hands out table keys and ids over one document, so that both are unique in it.
#[derive(Debug, Default)]
pub struct IdAssigner {
    /// Table keys given out, with how many times each was asked for.
    table_keys: HashMap<String, usize>,
    /// Ids given out.
    ids: HashSet<String>,
}

impl IdAssigner {
    /// The document-unique key of the next chain whose first table has this key.
    pub fn chain_key(&mut self, key: String) -> String {
        let seen = self.table_keys.entry(key.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            key
        } else {
            format!("{key}~{seen}")
        }
    }

    /// Sets the id of every finding of one chain, in the order given, and of the consequences
    /// attached to each; a consequence's `caused_by` then names its cause's id.
    pub fn assign(&mut self, findings: &mut [Finding], table_key: &str) {
        for f in findings {
            let base = base_id(f, table_key);
            let mut id = base.clone();
            let mut n = 1;
            while !self.ids.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            self.assign(&mut f.consequences, table_key);
            for consequence in &mut f.consequences {
                consequence.caused_by = Some(id.clone());
            }
            f.id = id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::checks::table_finding;
    use crate::audit::{Check, Severity};

    fn finding(name: &str, row: usize, column: &str) -> Finding {
        Finding {
            row: Some(row),
            name: Some(name.into()),
            column: Some(column.into()),
            ..table_finding(Check::Total, Severity::Error, 3, "m".into())
        }
    }

    #[test]
    fn the_id_ignores_row_numbers_whitespace_maxima_and_the_heading_number() {
        let a = base_id(&finding("公安局", 13, "总分（110分）"), "部门");
        let moved = base_id(&finding("公 安局", 14, "总分\n（100分）"), "部门");
        assert_eq!(a, moved);
        assert_eq!(a.len(), 12);
        assert_ne!(a, base_id(&finding("民政局", 13, "总分（110分）"), "部门"));
        assert_eq!(
            table_key(&[], Some("二、市人民政府组成部门"), 2),
            table_key(&["_GoBack".into()], Some("三、市人民政府组成部门"), 3)
        );
    }

    #[test]
    fn duplicates_and_repeated_tables_get_suffixes_in_order() {
        let mut ids = IdAssigner::default();
        assert_eq!(ids.chain_key("表".into()), "表");
        assert_eq!(ids.chain_key("表".into()), "表~2");
        let mut twice = vec![finding("甲", 1, "A"), finding("甲", 2, "A")];
        ids.assign(&mut twice, "表");
        assert_eq!(twice[1].id, format!("{}-2", twice[0].id));
    }

    /// The patterns [`strip_enumeration`] and [`strip_maximums`] replaced, kept as their
    /// specification.
    mod patterns {
        use regex::Regex;

        pub fn enumeration() -> Regex {
            Regex::new(concat!(
                r"^(?:",
                r"[一二三四五六七八九十百零〇]+[、.．]",
                r"|[（(][一二三四五六七八九十百零〇0-9０-９]+[）)]",
                r"|[0-9０-９]+(?:\.[0-9０-９]+)*[、.．)）]",
                r"|第[一二三四五六七八九十百零〇0-9０-９]+[章节部分篇]",
                r"|附件[0-9０-９]*[:：]?",
                r"|表[0-9０-９]+[:：.．、]?",
                r")"
            ))
            .expect("the enumeration pattern")
        }

        pub fn maximum() -> Regex {
            Regex::new(r"[（(][^（()）]*[0-9０-９][^（()）]*分[）)]").expect("the maximum pattern")
        }
    }

    #[test]
    fn headings_lose_their_enumeration_as_the_pattern_says() {
        let pattern = patterns::enumeration();
        for heading in [
            "一、各旗区人民政府",
            "十二．部门",
            "（一）部门",
            "(3)部门",
            "（）部门",
            "1.部门",
            "1、部门",
            "1.2.3)部门",
            "1.2部门",
            "1.2.3x",
            "12",
            "１２．部门",
            "第一章总则",
            "第3节",
            "第二部分",
            "第章",
            "附件",
            "附件2：名单",
            "附表",
            "表1部门",
            "表：部门",
            "表１２、部门",
            "部门",
            "",
        ] {
            assert_eq!(
                strip_enumeration(heading),
                pattern.replace(heading, ""),
                "{heading}"
            );
        }
    }

    #[test]
    fn headers_lose_their_maxima_as_the_pattern_says() {
        let pattern = patterns::maximum();
        for header in [
            "总分（110分）",
            "发布解读(40分)",
            "满分（满分10分）附加",
            "（10分）（20分）",
            "（10分(20分）",
            "（分）",
            "（10）",
            "（10分）)",
            "(（10分）",
            "得分（１０分）",
            "（10分分）",
            "（分1分）",
            "a（b（10分）c",
            "（",
            "",
        ] {
            assert_eq!(
                strip_maximums(header),
                pattern.replace_all(header, ""),
                "{header}"
            );
        }
    }

    mod equivalence {
        use std::sync::LazyLock;

        use proptest::prelude::*;
        use regex::Regex;

        /// Strings made of the pieces the patterns care about, and a few others.
        fn text() -> impl Strategy<Value = String> {
            let pieces = [
                "一", "二", "十", "〇", "、", ".", "．", "（", "(", ")", "）", "0", "1", "１",
                "９", "第", "章", "部分", "篇", "附件", "表", ":", "：", "分", "总", "x",
            ];
            // Headings mostly start like an enumeration: these starts come often.
            let starts = [
                "", "1", "1.2", "1.2.3", "一", "（一", "(1", "第一", "第2", "表1", "附件",
            ];
            (
                proptest::sample::select(starts.to_vec()),
                proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..8),
            )
                .prop_map(|(start, pieces)| format!("{start}{}", pieces.concat()))
        }

        /// The patterns compiled once for the thousands of cases.
        static ENUMERATION: LazyLock<Regex> = LazyLock::new(super::patterns::enumeration);
        static MAXIMUM: LazyLock<Regex> = LazyLock::new(super::patterns::maximum);

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2_000))]

            #[test]
            fn strip_enumeration_is_the_pattern(heading in text()) {
                let expected = ENUMERATION.replace(&heading, "").into_owned();
                prop_assert_eq!(super::strip_enumeration(&heading), expected.as_str());
            }

            #[test]
            fn strip_maximums_is_the_pattern(header in text()) {
                prop_assert_eq!(
                    super::strip_maximums(&header),
                    MAXIMUM.replace_all(&header, "").into_owned()
                );
            }
        }
    }

    #[test]
    fn a_table_level_finding_is_told_apart_by_its_subject() {
        let rule = |published: &str| Finding {
            published: Some(published.into()),
            ..table_finding(Check::Rule, Severity::Warning, 1, "m".into())
        };
        assert_ne!(base_id(&rule("85 × 20/17"), "t"), base_id(&rule("80"), "t"));
    }
}
