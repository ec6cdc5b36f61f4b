//! Header rows → columns: labels, roles from the template's vocabulary, declared maxima.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::template::{HeaderVocabulary, KeywordRole, Template, default_template_ref};
use super::value::{Number, Value, normalize_number_text};
use super::{Column, DataRow, Role, collapse_whitespace, join_lines};

/// The maximum a header declares, read with the default template's `[header] maximum`:
/// `发布解读（40分）`, `(40分)`, `40分`, `（满分40分）`, `满分40`, `Publication (40 points)`.
/// The last such number in the text counts.
///
/// ```
/// use annex_audit::annex::parse_maximum;
/// assert_eq!(parse_maximum("发布解读（40分）").unwrap().text, "40");
/// assert_eq!(parse_maximum("总分\n（１１０分）").unwrap().value.to_string(), "110");
/// assert_eq!(parse_maximum("Publication (40 points)").unwrap().text, "40");
/// assert_eq!(parse_maximum("Publication (out of 40)").unwrap().text, "40");
/// assert_eq!(parse_maximum("满分40").unwrap().text, "40");
/// assert!(parse_maximum("名称").is_none());
/// ```
pub fn parse_maximum(label: &str) -> Option<Number> {
    default_template_ref().header.declared_maximum(label)
}

impl HeaderVocabulary {
    /// The maximum `label` declares: group `max` of the last match of the `maximum` patterns
    /// in the label with its spaces removed and its full-width digits made ASCII. A match
    /// with group `per_item` instead (`每条5分`, points per item) declares none, and hides the
    /// number it covers from the other patterns.
    pub fn declared_maximum(&self, label: &str) -> Option<Number> {
        self.number_in_group(label, "max")
    }

    /// The points per item `label` states (`采用得分（每条5分）` → 5): group `per_item` of the
    /// `maximum` patterns.
    pub fn points_per_item(&self, label: &str) -> Option<Number> {
        self.number_in_group(label, "per_item")
    }

    /// [`HeaderVocabulary::declared_maximum`] and [`HeaderVocabulary::points_per_item`] of
    /// `label` from one search: every header column asks for both.
    fn maximum_and_points_per_item(&self, label: &str) -> (Option<Number>, Option<Number>) {
        let text = normalize_number_text(label);
        let (mut max, mut per_item) = (None, None);
        self.maximum.each_match(&text, |found| {
            if let Some(m) = found.name("max") {
                max = Some(m);
            }
            if let Some(m) = found.name("per_item") {
                per_item = Some(m);
            }
        });
        (max.and_then(number), per_item.and_then(number))
    }

    /// The number in `group` of the last `maximum` match that has that group.
    fn number_in_group(&self, label: &str, group: &str) -> Option<Number> {
        let text = normalize_number_text(label);
        let caps = self
            .maximum
            .last_where(&text, |found| found.name(group).is_some())?;
        number(caps.name(group)?)
    }
}

/// A number as a pattern's group took it, with its decimals as written.
fn number(m: &str) -> Option<Number> {
    let value = Decimal::from_str_exact(m).ok()?;
    let decimals = m.split_once('.').map_or(0, |(_, f)| f.len());
    Some(Number {
        value,
        text: m.to_string(),
        decimals: u32::try_from(decimals).ok()?,
    })
}

/// Builds the columns from the header rows' texts (covered cells of a span already filled
/// with the spanning cell's text).
pub(super) fn columns(
    header: &[Vec<&str>],
    spans: &[(usize, usize)],
    template: &Template,
) -> Vec<Column> {
    let keywords = RoleKeywords::of(template);
    spans
        .iter()
        .enumerate()
        .map(|(c, &(grid_col, grid_span))| {
            let mut path: Vec<String> = Vec::new();
            let mut label_row = 0;
            for (r, row) in header.iter().enumerate() {
                let t = row.get(c).map(|t| join_lines(t)).unwrap_or_default();
                if !t.is_empty() && path.last() != Some(&t) {
                    path.push(t);
                    label_row = r;
                }
            }
            let label = path.last().cloned().unwrap_or_default();
            let (max, per_item) = template.header.maximum_and_points_per_item(&label);
            let role = keywords.role_of(&label, max.is_some());
            Column {
                grid_col,
                grid_span,
                label,
                path: path.join(" / "),
                label_row,
                role,
                max,
                per_item,
                decimals: None,
            }
        })
        .collect()
}

/// A template's column keywords, ready to name header labels' roles.
struct RoleKeywords {
    /// The roles in the order they are tried, each with its keywords compacted.
    roles: Vec<(KeywordRole, Vec<String>)>,
}

impl RoleKeywords {
    /// The template's keywords without whitespace and lower-cased, made once per table
    /// rather than once per column and keyword (21,600 instructions per header column, 15 % of
    /// interpreting a score table: BENCHMARKS.md, round 9).
    fn of(template: &Template) -> Self {
        let columns = &template.columns;
        let roles = columns
            .order
            .iter()
            .map(|role| {
                let keywords = columns
                    .keywords(*role)
                    .iter()
                    .map(|k| compact_lowercase(k))
                    .filter(|k| !k.is_empty())
                    .collect();
                (*role, keywords)
            })
            .collect();
        RoleKeywords { roles }
    }

    /// The role a header label names: the template's roles are tried in its order, the first
    /// whose keywords match wins. A label that declares a maximum is scored, so only the total
    /// and bonus roles can take it; everything unnamed is a component until the data says
    /// otherwise (see [`assign_text_columns`]).
    fn role_of(&self, label: &str, has_max: bool) -> Role {
        let label = compact_lowercase(label);
        self.roles
            .iter()
            .filter(|(role, _)| !has_max || role.is_scored())
            .find(|(_, keywords)| keywords.iter().any(|k| label.contains(k.as_str())))
            .map_or(Role::Component, |(role, _)| match role {
                KeywordRole::Total => Role::Total,
                KeywordRole::Bonus => Role::Bonus,
                KeywordRole::Rank => Role::Rank,
                KeywordRole::Serial => Role::Serial,
                KeywordRole::Name => Role::Name,
                KeywordRole::Other => Role::Other,
            })
    }
}

/// `text` without whitespace, lower-cased.
fn compact_lowercase(text: &str) -> String {
    compact_lowercase_chars(text).collect()
}

/// The characters of [`compact_lowercase`]`(text)`, one at a time: compared with a word
/// without a copy of `text`.
pub(super) fn compact_lowercase_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
}

/// Settles the columns the header did not name: an unnamed column without a maximum and
/// without a number under it is text (the first such becomes the name when no column is
/// named); an unnamed column of whole numbers left of the name is a serial number.
pub(super) fn assign_text_columns(columns: &mut [Column], rows: &mut [DataRow]) {
    let numbers_in = |rows: &[DataRow], c: usize| {
        rows.iter()
            .filter(|r| matches!(r.value(c), Some(Value::Number(_))))
            .count()
    };
    for (c, column) in columns.iter_mut().enumerate() {
        if column.role == Role::Component && column.max.is_none() && numbers_in(rows, c) == 0 {
            column.role = Role::Other;
            as_text(rows, c);
        }
    }
    if !columns.iter().any(|c| c.role == Role::Name)
        && let Some(c) = columns.iter().position(|c| c.role == Role::Other)
    {
        columns[c].role = Role::Name;
    }
    let name = columns.iter().position(|c| c.role == Role::Name);
    if let Some(name) = name
        && !columns
            .iter()
            .any(|c| matches!(c.role, Role::Rank | Role::Serial))
    {
        for (c, column) in columns.iter_mut().enumerate().take(name) {
            let all_whole = rows.iter().all(|r| match r.value(c) {
                Some(Value::Number(n)) => n.decimals == 0,
                _ => false,
            });
            if column.role == Role::Component && column.max.is_none() && all_whole {
                column.role = Role::Serial;
            }
        }
    }
}

/// Whether `label` names a score with one of the template's `score` words (得分, 成绩 …).
pub(super) fn names_a_score(label: &str, template: &Template) -> bool {
    use super::structure::compact;
    let label = compact(label);
    template
        .columns
        .score
        .iter()
        .map(|w| compact(w))
        .any(|w| !w.is_empty() && label.contains(w.as_str()))
}

/// A total the header names only as a score (`公开（40分） | 解读（60分） | 得分`, `一季度得分`,
/// `得分（100分）`):
/// the rightmost number column the template's `score` words name, with scored columns left of
/// it, becomes the total when most rows' figures are their sums — the sums decide, since the
/// word alone also names a part. The number columns right of it are published beside it.
pub(super) fn settle_summed_score(
    columns: &mut [Column],
    rows: &mut [DataRow],
    template: &Template,
) -> bool {
    // A maximum of its own (`得分（100分）`) must be above each part's: a part is never worth
    // more than the whole.
    let above_the_parts = |total: usize| match &columns[total].max {
        None => true,
        Some(max) => columns
            .iter()
            .enumerate()
            .filter(|(i, c)| *i != total && c.role == Role::Component)
            .all(|(_, c)| c.max.as_ref().is_none_or(|m| m.value < max.value)),
    };
    let named = |c: usize| {
        columns[c].role == Role::Component
            && names_a_score(&columns[c].label, template)
            && above_the_parts(c)
    };
    let parts_left = |c: usize| columns[..c].iter().any(|c| c.role == Role::Component);
    // The rightmost such column with parts left of it; else one printed before all its parts
    // (`得分（100分） | 信息发布（40分） | …`), the first.
    let total = match (0..columns.len()).rev().find(|&c| named(c)) {
        Some(c) if parts_left(c) => c,
        _ => match (0..columns.len()).find(|&c| named(c)) {
            Some(c)
                if !parts_left(c)
                    && columns[c + 1..]
                        .iter()
                        .filter(|c| c.role == Role::Component)
                        .count()
                        >= 2 =>
            {
                c
            }
            _ => return false,
        },
    };
    let first = !parts_left(total);
    let mut trial = columns.to_vec();
    trial[total].role = Role::Total;
    let beside: Vec<usize> = (total + 1..trial.len())
        .filter(|&c| !first && trial[c].role == Role::Component)
        .collect();
    for &c in &beside {
        trial[c].role = Role::Other;
    }
    match super::sums_agreeing(&trial, rows) {
        Some((agreeing, checkable)) if checkable > 0 && agreeing * 2 >= checkable => {}
        _ => return false,
    }
    columns.clone_from_slice(&trial);
    for c in beside {
        as_text(rows, c);
    }
    true
}

/// Maxima stated only in the paragraph above the table (`旗区政府评估满分为150分（政务公开60分、
/// 政府网站50分、政务新媒体40分）`, `满分为100分，其中信息发布40分、…`): the total's, and each part's whose name a column's label
/// contains, for the columns whose header declares none. A header's own maximum always wins.
pub(super) fn maxima_in_text(columns: &mut [Column], text: &str) {
    let text = normalize_number_text(text);
    let Some(at) = text.find("满分") else {
        return;
    };
    let rest = text[at + "满分".len()..].trim_start_matches(['为', '是', ' ']);
    let Some((total, rest)) = leading_points(rest) else {
        return;
    };
    if let Some(c) = columns
        .iter_mut()
        .find(|c| c.role == Role::Total && c.max.is_none())
    {
        c.max = Some(total);
    }
    // The parts follow in brackets, or after 其中, up to the end of the sentence.
    let rest = rest.trim_start_matches(['（', '(', '，', ',', ' ']);
    let rest = rest.strip_prefix("其中").unwrap_or(rest);
    let inner = rest
        .trim_start_matches(['：', ':'])
        .split([')', '）', '。'])
        .next()
        .unwrap_or_default();
    for item in inner.split(['、', '，', ',', '；', ';']) {
        let item = item.trim();
        let name_end = item
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(item.len());
        let (name, points) = item.split_at(name_end);
        let name = super::structure::compact(name.trim_end_matches(['为', '：', ':']));
        let Some((max, _)) = leading_points(points) else {
            continue;
        };
        if name.is_empty() {
            continue;
        }
        if let Some(c) = columns.iter_mut().find(|c| {
            c.role == Role::Component
                && c.max.is_none()
                && super::structure::compact(&c.label).contains(name.as_str())
        }) {
            c.max = Some(max);
        }
    }
}

/// `150分…` → 150 and what follows `分`.
fn leading_points(text: &str) -> Option<(Number, &str)> {
    let end = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let rest = text[end..].strip_prefix('分')?;
    Some((number(&text[..end])?, rest))
}

/// A total printed before its parts (`排名 | 单位 | 总得分(100) | 信息发布(40) | 解读回应(30) |
/// 办事服务(30)`): the number columns after it are its parts when each declares a maximum or
/// most rows' totals are their sums; otherwise they are published beside it (`总分 | 工单数 |
/// 满意率`), as numbers right of a total are.
pub(super) fn settle_total_first(columns: &mut [Column], rows: &mut [DataRow]) {
    let after: Vec<usize> = (0..columns.len())
        .filter(|&c| columns[c].role == Role::Component)
        .collect();
    let declared = after
        .iter()
        .all(|&c| columns[c].max.is_some() && columns[c].label.contains('分'));
    let summed = matches!(super::sums_agreeing(columns, rows), Some((a, n)) if n > 0 && a * 2 >= n);
    if declared || summed {
        return;
    }
    for c in after {
        columns[c].role = Role::Other;
        as_text(rows, c);
    }
}

/// A total over the columns of one label repeated under each group — `累计总分（60分）` over
/// `累计得分（30分）` under 网站 and under 微博, beside each group's `本月得分（10分）` — when all
/// the scored maxima do not make the total's and those columns' do (with or without the
/// bonus), and most rows' totals are their sums: the other scored columns are published beside
/// them, not summed.
pub(super) fn settle_repeated_label_total(columns: &mut [Column], rows: &mut [DataRow]) {
    let Some(total_max) = columns
        .iter()
        .find(|c| c.role == Role::Total)
        .and_then(|c| c.max.as_ref())
        .map(|m| m.value)
    else {
        return;
    };
    let bonus_max = columns
        .iter()
        .find(|c| c.role == Role::Bonus)
        .and_then(|c| c.max.as_ref())
        .map_or(Decimal::ZERO, |m| m.value);
    let adds_up = |parts: &mut dyn Iterator<Item = &Column>| -> bool {
        let mut sum = Decimal::ZERO;
        for c in parts {
            let Some(m) = &c.max else {
                return false;
            };
            sum += m.value;
        }
        sum == total_max || sum + bonus_max == total_max
    };
    let scored = |c: &&Column| c.role == Role::Component;
    if adds_up(&mut columns.iter().filter(scored)) {
        return;
    }
    let mut labels: Vec<String> = columns
        .iter()
        .filter(scored)
        .map(|c| c.label.clone())
        .collect();
    labels.sort_unstable();
    labels.dedup();
    for label in labels {
        let group: Vec<usize> = (0..columns.len())
            .filter(|&c| columns[c].role == Role::Component && columns[c].label == label)
            .collect();
        if group.len() < 2 || !adds_up(&mut group.iter().map(|&c| &columns[c])) {
            continue;
        }
        let mut trial = columns.to_vec();
        let beside: Vec<usize> = (0..trial.len())
            .filter(|c| trial[*c].role == Role::Component && !group.contains(c))
            .collect();
        for &c in &beside {
            trial[c].role = Role::Other;
        }
        if !matches!(super::sums_agreeing(&trial, rows), Some((a, n)) if n > 0 && a * 2 >= n) {
            continue;
        }
        columns.clone_from_slice(&trial);
        for c in beside {
            as_text(rows, c);
        }
        return;
    }
}

/// A ranked list whose header names no total (`排名 | 单位 | 得分 | 工单数`): the number column
/// the ranks follow becomes the total — the only one, or the one the template's `score` words
/// name — and the other number columns are text published beside it. False when no single
/// column can be told, or when another declares a maximum (it is then a part of a total the
/// header does not name, not a figure beside a ranked score).
pub(super) fn settle_ranked_score(
    columns: &mut [Column],
    rows: &mut [DataRow],
    template: &Template,
) -> bool {
    let candidates: Vec<usize> = columns
        .iter()
        .enumerate()
        .filter(|(_, c)| c.role == Role::Component)
        .map(|(i, _)| i)
        .collect();
    let chosen = match candidates.as_slice() {
        [only] => *only,
        _ => {
            let named: Vec<usize> = candidates
                .iter()
                .copied()
                .filter(|&c| names_a_score(&columns[c].label, template))
                .collect();
            match named.as_slice() {
                [one] => *one,
                _ => return false,
            }
        }
    };
    if candidates
        .iter()
        .any(|&c| c != chosen && columns[c].max.is_some())
    {
        return false;
    }
    for c in candidates {
        if c != chosen {
            columns[c].role = Role::Other;
            as_text(rows, c);
        }
    }
    columns[chosen].role = Role::Total;
    true
}

fn as_text(rows: &mut [DataRow], c: usize) {
    for row in rows {
        if let Some(v) = row.values.get_mut(c) {
            let t = collapse_whitespace(v.text());
            *v = if t.is_empty() {
                Value::Empty
            } else {
                Value::Unparsed(t)
            };
        }
    }
}

/// Each numeric column's usual number of decimals: the most frequent, the larger on a tie.
pub(super) fn assign_decimals(columns: &mut [Column], rows: &[DataRow]) {
    for (c, column) in columns.iter_mut().enumerate() {
        if !matches!(column.role, Role::Component | Role::Bonus | Role::Total) {
            continue;
        }
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for row in rows {
            if let Some(Value::Number(n)) = row.value(c) {
                *counts.entry(n.decimals).or_default() += 1;
            }
        }
        column.decimals = counts
            .into_iter()
            .max_by_key(|&(decimals, count)| (count, decimals))
            .map(|(d, _)| d);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_per_item_are_no_maximum() {
        // `采用得分（每条5分）` is 5 points per item adopted: 15 for three is no score above 5.
        assert_eq!(parse_maximum("采用得分（每条5分）"), None);
        assert_eq!(parse_maximum("信息报送（每篇0.5分）"), None);
        let max = |label: &str| parse_maximum(label).map(|n| n.value.to_string());
        assert_eq!(max("采用得分（满分40分，每条5分）").as_deref(), Some("40"));
        assert_eq!(max("采用得分（每条5分，最高20分）").as_deref(), Some("20"));
        assert_eq!(max("发布解读（40分）").as_deref(), Some("40"));
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    /// Header-like text: the pieces a maximum is written with, in any order, between anything.
    fn label() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("（".to_string()),
                Just("(".to_string()),
                Just("）".to_string()),
                Just(")".to_string()),
                Just("分".to_string()),
                Just("满分".to_string()),
                Just(" points".to_string()),
                Just("max ".to_string()),
                Just(".".to_string()),
                "[0-9０-９٠-٩．]{1,40}",
                "\\PC{0,6}",
            ],
            0..16,
        )
        .prop_map(|pieces| pieces.concat())
    }

    /// A header with maxima and points per item, several of each, in any order.
    fn maxima_and_points_per_item() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                (1u32..200).prop_map(|n| format!("（{n}分）")),
                (1u32..200).prop_map(|n| format!("满分{n}分")),
                (1u32..200).prop_map(|n| format!("最高{n}分")),
                (1u32..20, 0u32..10).prop_map(|(n, d)| format!("每条{n}.{d}分")),
                (1u32..20).prop_map(|n| format!("每篇 {n} 分")),
                Just("采用得分".to_string()),
                Just("，".to_string()),
            ],
            0..6,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn parse_maximum_never_panics_and_reads_what_it_quotes(text in prop_oneof![label(), "\\PC{0,300}"]) {
            if let Some(max) = parse_maximum(&text) {
                // The quoted text is the number read, digits and at most one point.
                prop_assert_eq!(Decimal::from_str_exact(&max.text).ok(), Some(max.value));
                prop_assert_eq!(
                    max.decimals as usize,
                    max.text.split_once('.').map_or(0, |(_, f)| f.len())
                );
                prop_assert!(max.value >= Decimal::ZERO);
            }
        }

        #[test]
        fn one_search_reads_the_maximum_and_the_points_per_item_as_two_would(
            text in prop_oneof![label(), maxima_and_points_per_item()]
        ) {
            let header = &default_template_ref().header;
            prop_assert_eq!(
                header.maximum_and_points_per_item(&text),
                (header.declared_maximum(&text), header.points_per_item(&text))
            );
        }

        #[test]
        fn a_declared_maximum_is_found_in_any_header(
            before in "[\\p{Han}a-z ]{0,12}",
            max in 1u32..1000,
            full_width in any::<bool>(),
        ) {
            let digits = if full_width {
                max.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)).collect()
            } else {
                max.to_string()
            };
            let label = format!("{before}（{digits}分）");
            prop_assert_eq!(parse_maximum(&label).map(|n| n.value), Some(Decimal::from(max)));
        }
    }
}
