//! Row and column roles, and the rows' hierarchy: classification codes (类 → 款 → 项),
//! numbered items (`一、` → `（一）` → `1.` → `（1）`) and `其中` lists.

use std::sync::LazyLock;

use regex::Regex;
use rust_decimal::Decimal;

use super::super::collapse_whitespace;
use super::super::value::Value;
use super::grid::{Layout, is_data_like, row_key};
use super::vocabulary::{Compiled, compact, contains_any};
use super::{ColumnInfo, ColumnRole, RowInfo, RowRole};

/// The label words a summary row may carry around its word (`支出合计`) are at most this many
/// characters.
const SUMMARY_EXTRA_CHARS: usize = 6;

/// Every row's role, its label, and nothing of the hierarchy yet.
pub(crate) fn row_roles(layout: &Layout, words: &Compiled) -> Vec<RowInfo> {
    let columns = layout.spans.len();
    layout
        .grid
        .values
        .iter()
        .enumerate()
        .map(|(r, row)| {
            let label = row.iter().find_map(|v| match v {
                Value::Unparsed(t) => Some(collapse_whitespace(t)),
                _ => None,
            });
            let role = if r < layout.context {
                RowRole::Context
            } else if layout.header.contains(&r) {
                RowRole::Header
            } else if row.iter().all(|v| matches!(v, Value::Empty)) {
                RowRole::Spacer
            } else if !layout.header_keys.is_empty()
                && !is_data_like(row)
                && layout.header_keys.contains(&row_key(row))
            {
                RowRole::Header
            } else {
                body_row_role(row, label.as_deref(), columns, words)
            };
            RowInfo {
                table_row: r,
                role,
                label,
                code: None,
                numbering: None,
                parent: None,
                parent_inferred: false,
                of_which: false,
            }
        })
        .collect()
}

fn body_row_role(row: &[Value], label: Option<&str>, columns: usize, words: &Compiled) -> RowRole {
    let key = label.map(|l| strip_numbering(&compact(l)).to_string());
    if let Some(key) = &key {
        let names = |list: &[String]| {
            list.iter().any(|w| {
                key == w
                    || ((key.starts_with(w.as_str()) || key.ends_with(w.as_str()))
                        && key.chars().count() <= w.chars().count() + SUMMARY_EXTRA_CHARS)
            })
        };
        if names(&words.subtotal) {
            return RowRole::Subtotal;
        }
        if names(&words.summary) {
            return RowRole::Summary;
        }
    }
    let has_number = row.iter().any(|v| matches!(v, Value::Number(_)));
    if has_number {
        return RowRole::Data;
    }
    let filled = row.iter().filter(|v| !matches!(v, Value::Empty)).count();
    let one_text = filled == 1 && columns > 2;
    let numbered = label.is_some_and(|l| numbering_style(l).is_some());
    let note = key
        .as_deref()
        .is_some_and(|k| k.starts_with("注") || k.starts_with("说明") || k.starts_with("备注"));
    if note {
        RowRole::Text
    } else if numbered || one_text {
        RowRole::Section
    } else {
        RowRole::Data
    }
}

/// Every column's role, from its header words and the values under it.
pub(crate) fn column_roles(layout: &Layout, rows: &[RowInfo], words: &Compiled) -> Vec<ColumnInfo> {
    let body: Vec<usize> = rows
        .iter()
        .filter(|r| matches!(r.role, RowRole::Data | RowRole::Summary | RowRole::Subtotal))
        .map(|r| r.table_row)
        .collect();
    // Total rows: a serial column left blank in every one of them numbers the rows.
    let summaries: Vec<usize> = rows
        .iter()
        .filter(|r| matches!(r.role, RowRole::Summary | RowRole::Subtotal))
        .map(|r| r.table_row)
        .collect();
    let mut label_found = false;
    layout
        .spans
        .iter()
        .enumerate()
        .map(|(c, &(grid_col, grid_span))| {
            let path = layout.paths.get(c).cloned().unwrap_or_default();
            let label = path.last().cloned().unwrap_or_default();
            let own = compact(&label);
            let full = compact(&path.join(""));
            let (mut numbers, mut texts) = (0usize, 0usize);
            let mut code_lengths = [false; 16];
            let mut all_codes = true;
            let mut last_code: Vec<String> = vec![String::new(); 16];
            let (mut deeper, mut nested) = (0usize, 0usize);
            let mut serial = true;
            // 2023, 2024, 2025 down the column: years, not amounts.
            let mut years = true;
            let mut last_year: Option<Decimal> = None;
            let mut percent_signs = 0usize;
            for &r in &body {
                match layout.grid.value(r, c) {
                    Some(Value::Number(n)) => {
                        numbers += 1;
                        if n.text.trim_end().ends_with(['%', '％']) {
                            percent_signs += 1;
                        }
                        years &= n.decimals == 0
                            && (Decimal::from(1949)..=Decimal::from(2100)).contains(&n.value)
                            && last_year.is_none_or(|y| n.value == y + Decimal::ONE);
                        last_year = Some(n.value);
                        let digits = n.text.trim();
                        let is_code = n.decimals == 0
                            && digits.bytes().all(|b| b.is_ascii_digit())
                            && matches!(digits.len(), 3 | 5 | 7 | 9);
                        all_codes &= is_code;
                        if is_code && let Some(slot) = code_lengths.get_mut(digits.len()) {
                            *slot = true;
                            // A 款 or 项 code follows the code one level up that it extends.
                            if digits.len() > 3 {
                                deeper += 1;
                                let up = &digits[..digits.len() - 2];
                                if last_code.get(up.len()).is_some_and(|c| c == up) {
                                    nested += 1;
                                }
                            }
                            if let Some(slot) = last_code.get_mut(digits.len()) {
                                *slot = digits.to_string();
                            }
                        }
                        serial &= n.decimals == 0 && n.value == Decimal::from(numbers);
                    }
                    Some(Value::Unparsed(_)) => texts += 1,
                    _ => {}
                }
            }
            let numeric = numbers > 0 && numbers >= texts;
            let empty = numbers == 0 && texts == 0;
            // Most of its figures printed as percentages (`96.5%`).
            let percent_cells = percent_signs * 2 > numbers;
            // A score out of a stated maximum (`办事效率（20分）`, `标准化建设（30分）`) is summed
            // into the total whatever its words.
            let scored = crate::annex::parse_maximum(&label).is_some();
            let blank_in_totals = !summaries.is_empty()
                && summaries
                    .iter()
                    .all(|&r| matches!(layout.grid.value(r, c), None | Some(Value::Empty)));
            let code_levels = code_lengths.iter().filter(|b| **b).count();
            let role = if (contains_any(&own, &words.code) && (numeric || empty) && !scored)
                || (numeric && all_codes && code_levels >= 2 && nested * 2 >= deeper.max(1))
                || (numeric && years && numbers >= 2)
            {
                ColumnRole::Code
            } else if contains_any(&own, &words.rank) && (numeric || empty) {
                ColumnRole::Rank
            } else if !(numeric || empty) || contains_any(&own, &words.text) {
                if !label_found && !contains_any(&own, &words.text) {
                    label_found = true;
                    ColumnRole::Label
                } else {
                    ColumnRole::Text
                }
            } else if contains_any(&own, &words.rate)
                || (contains_any(&own, &words.difference)
                    && (own.contains('%') || own.contains('％') || percent_cells))
            {
                ColumnRole::Rate
            } else if contains_any(&own, &words.share) {
                ColumnRole::Share
            } else if contains_any(&own, &words.difference) {
                ColumnRole::Difference
            } else if (contains_any(&own, &words.percent) && !scored) || percent_cells {
                // Before the total and count words: 合计完成率 and 人数比例 are ratios too.
                ColumnRole::Percent
            } else if contains_any(&own, &words.per_unit) && !scored {
                ColumnRole::PerUnit
            } else if contains_any(&own, &words.total_columns) {
                ColumnRole::Total
            } else if contains_any(&own, &words.count) {
                ColumnRole::Count
            } else if full.contains('%') || full.contains('％') {
                ColumnRole::Percent
            } else if empty && contains_any(&own, &words.label) {
                ColumnRole::Text
            } else if numeric && serial && numbers >= 2 && (c == 0 || blank_in_totals) {
                ColumnRole::Rank
            } else {
                ColumnRole::Amount
            };
            ColumnInfo {
                index: c,
                grid_col,
                grid_span,
                label,
                path: path.join(" / "),
                role,
            }
        })
        .collect()
}

/// The numbering styles of Chinese outlines, outermost first as usually nested.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Style {
    /// `一、`
    Chinese,
    /// `（一）`
    ParenChinese,
    /// `1.` / `1、`
    Arabic,
    /// `（1）`
    ParenArabic,
    /// `①`
    Circled,
}

static NUMBERING: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:(?P<c>[一二三四五六七八九十百]+[、.．])",
        r"|(?P<pc>[（(][一二三四五六七八九十百]+[）)])",
        r"|(?P<a>[0-9０-９]+(?:[、．]|\.(?:[^0-9]|$)))",
        r"|(?P<pa>[（(][0-9０-９]+[）)])",
        r"|(?P<ci>[①-⑳]))",
    ))
    .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

static CODE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([0-9]{3}(?:[0-9]{2}){1,3}|[0-9]{3})(?:\s+|[^0-9.．、])")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// The numbering at the front of a label, and its text.
pub(crate) fn numbering_style(label: &str) -> Option<(Style, String)> {
    let caps = NUMBERING.captures(label.trim_start())?;
    let (style, m) = [
        ("c", Style::Chinese),
        ("pc", Style::ParenChinese),
        ("a", Style::Arabic),
        ("pa", Style::ParenArabic),
        ("ci", Style::Circled),
    ]
    .iter()
    .find_map(|(name, style)| caps.name(name).map(|m| (*style, m.as_str())))?;
    let text = match style {
        // The character after the dot is not part of the numbering.
        Style::Arabic => m
            .char_indices()
            .find(|(_, ch)| matches!(ch, '.' | '、' | '．'))
            .map(|(i, ch)| &m[..i + ch.len_utf8()])
            .unwrap_or(m),
        _ => m,
    };
    Some((style, text.to_string()))
}

/// A compacted label without the numbering at its front.
fn strip_numbering(key: &str) -> &str {
    match numbering_style(key) {
        Some((_, n)) => key.get(n.len()..).unwrap_or(key),
        None => key,
    }
}

/// The label without a leading `其中：` marker, if it has one.
fn strip_of_which<'a>(label: &'a str, words: &Compiled) -> Option<&'a str> {
    let key = compact(label);
    let word = words
        .of_which
        .iter()
        .find(|w| key.starts_with(w.as_str()))?;
    // Walk the label past as many non-space characters as the word has.
    let mut needed = word.chars().count();
    let mut end = 0;
    for (i, c) in label.char_indices() {
        if needed == 0 {
            break;
        }
        end = i + c.len_utf8();
        if !c.is_whitespace() {
            needed -= 1;
        }
    }
    let rest = label.get(end..).unwrap_or("");
    Some(rest.trim_start_matches([':', '：', ',', '，', ' ', '\u{3000}']))
}

/// Fills each row's code, numbering, parent and `其中` flag.
pub(crate) fn hierarchy(
    rows: &mut [RowInfo],
    layout: &Layout,
    columns: &[ColumnInfo],
    words: &Compiled,
) {
    let code_col = columns.iter().position(|c| c.role == ColumnRole::Code);
    let label_col = columns.iter().position(|c| c.role == ColumnRole::Label);
    // The label is the label column's text when there is one.
    if let Some(lc) = label_col {
        for row in rows.iter_mut() {
            if matches!(row.role, RowRole::Data | RowRole::Section) {
                let text = layout.grid.value(row.table_row, lc).map(|v| v.text());
                if let Some(t) = text.map(collapse_whitespace).filter(|t| !t.is_empty()) {
                    row.label = Some(t);
                }
            }
        }
    }
    let mut code_stack: Vec<(String, usize)> = Vec::new();
    let mut outline: Vec<(Style, usize)> = Vec::new();
    // The `其中` list being read: its parent row and its items' numbering style.
    let mut of_which: Option<(usize, Option<Style>)> = None;
    // An unnumbered `其中` list: its parent row and the marker row's indentation. The items after
    // the first are aligned under it (`其中：财政拨款收入`, then `　　　事业收入`).
    let mut of_which_aligned: Option<(usize, u8, Option<u8>)> = None;
    let mut last_data: Option<usize> = None;
    // Rows indented by leading spaces in their label (`　　一般公共预算财政拨款` under
    // `年初结转和结余`): each with the nearest row above that is indented less.
    let mut indented: Vec<(u8, usize)> = Vec::new();
    let indent = |table_row: usize| -> u8 {
        label_col
            .and_then(|c| layout.indents.get(table_row)?.get(c).copied())
            .unwrap_or(0)
    };
    for row in rows.iter_mut() {
        let role = row.role;
        match role {
            RowRole::Data | RowRole::Section => {}
            RowRole::Summary | RowRole::Subtotal => {
                outline.clear();
                of_which = None;
                of_which_aligned = None;
                // `本年支出合计` then `其中：基本支出`: the list breaks down the total above it.
                last_data = Some(row.table_row);
                indented.clear();
                continue;
            }
            _ => continue,
        }
        let table_row = row.table_row;
        let label = row.label.clone().unwrap_or_default();
        if role == RowRole::Section && strip_of_which(&label, words).is_none() {
            // A group title without figures is no one's parent: the rows under it are the
            // group's items, summed by its 小计.
            row.numbering = numbering_style(&label).map(|(_, t)| t);
            outline.clear();
            code_stack.clear();
            of_which = None;
            of_which_aligned = None;
            continue;
        }
        // Code: the code column, else the front of the label.
        let code = code_col
            .and_then(|c| layout.grid.value(table_row, c))
            .and_then(|v| v.number())
            .map(|n| n.text.trim().to_string())
            .filter(|t| t.bytes().all(|b| b.is_ascii_digit()) && t.len() >= 3)
            .or_else(|| {
                CODE_PREFIX
                    .captures(&label)
                    .and_then(|c| c.get(1))
                    .map(|m| m.as_str().to_string())
            });
        let marker_rest = strip_of_which(&label, words);
        let item = marker_rest.unwrap_or(&label);
        let numbering = numbering_style(item);
        row.numbering = numbering.as_ref().map(|(_, t)| t.clone());

        // A `其中` list: opened by the marker, continued by items of the same numbering.
        if let Some(rest) = marker_rest {
            let parent = last_data;
            of_which_aligned = None;
            if rest.is_empty() && role == RowRole::Section {
                // A bare `其中：` line: the list starts with the next row.
                of_which = parent.map(|p| (p, None));
                continue;
            }
            row.of_which = parent.is_some();
            row.parent = parent;
            row.code = code;
            of_which = parent.map(|p| (p, numbering.as_ref().map(|(s, _)| *s)));
            if numbering.is_none() {
                // Without numbering, the list goes on only over the rows indented past the
                // marker's own line.
                of_which = None;
                of_which_aligned = parent.map(|p| (p, indent(table_row), None));
            }
            continue;
        }
        if let Some((parent, depth, aligned_at)) = of_which_aligned {
            // The items after the first stand where the first does: a line indented further
            // is a part of an item, not of the list.
            let at = indent(table_row);
            if role == RowRole::Data
                && numbering.is_none()
                && code.is_none()
                && at >= depth.saturating_add(ALIGNED_UNDER_OF_WHICH)
                && aligned_at.is_none_or(|a| a == at)
            {
                row.of_which = true;
                row.parent = Some(parent);
                of_which_aligned = Some((parent, depth, Some(at)));
                continue;
            }
            of_which_aligned = None;
        }
        if let Some((parent, style)) = of_which {
            let same = match (style, &numbering) {
                (Some(s), Some((n, _))) => s == *n,
                // First row after a bare `其中：`: it sets the style.
                (None, _) => true,
                _ => false,
            };
            if same && role == RowRole::Data {
                row.of_which = true;
                row.parent = Some(parent);
                row.code = code;
                of_which = numbering.as_ref().map(|(s, _)| (parent, Some(*s)));
                continue;
            }
            of_which = None;
        }

        if let Some(code) = code {
            while code_stack
                .last()
                .is_some_and(|(c, _)| !(code.len() > c.len() && code.starts_with(c.as_str())))
            {
                code_stack.pop();
            }
            row.parent = code_stack.last().map(|(_, r)| *r);
            code_stack.push((code.clone(), table_row));
            row.code = Some(code);
        } else if let Some((style, _)) = numbering {
            if let Some(k) = outline.iter().position(|(s, _)| *s == style) {
                outline.truncate(k);
            }
            row.parent = outline.last().map(|(_, r)| *r);
            outline.push((style, table_row));
        } else if role == RowRole::Data {
            let depth = indent(table_row);
            while indented.last().is_some_and(|(d, _)| *d >= depth) {
                indented.pop();
            }
            if let Some((_, r)) = outline.last() {
                row.parent = Some(*r);
                row.parent_inferred = true;
            } else if let Some((_, r)) = indented.last().filter(|_| depth > 0) {
                row.parent = Some(*r);
                row.parent_inferred = true;
            }
            indented.push((depth, table_row));
        } else {
            outline.clear();
        }
        if role == RowRole::Data {
            last_data = Some(table_row);
        }
    }
    settle_inferred(rows, layout, columns);
    nest_by_total(rows, layout, columns);
}

/// The columns a 合计 row sums.
fn summed_columns(columns: &[ColumnInfo]) -> Vec<usize> {
    columns
        .iter()
        .filter(|c| {
            matches!(
                c.role,
                ColumnRole::Amount | ColumnRole::Total | ColumnRole::Count
            )
        })
        .map(|c| c.index)
        .collect()
}

/// Most unmarked rows read as the parts of the item above them: an item of more parts than
/// this is written with numbering or `其中`.
const MAX_UNMARKED_PARTS: usize = 50;

/// Unnumbered items whose parts follow them unmarked (`基本支出`, then `人员经费` and `公用经费`,
/// indented in the document but not in its text). Read flat, the table's one 合计 row counts
/// the parts twice. The runs of two or more rows that sum exactly to the row above them are
/// taken as its parts only when that, and not the flat reading, makes the 合计 agree in every
/// summed column: a wrong 合计 is still found, and a guess never becomes a finding.
fn nest_by_total(rows: &mut [RowInfo], layout: &Layout, columns: &[ColumnInfo]) {
    let summed = summed_columns(columns);
    let summaries: Vec<usize> = rows
        .iter()
        .filter(|r| {
            matches!(
                r.role,
                RowRole::Summary | RowRole::Subtotal | RowRole::Section
            )
        })
        .map(|r| r.table_row)
        .collect();
    let [total] = summaries[..] else {
        return;
    };
    if summed.is_empty()
        || rows.get(total).is_none_or(|r| r.role != RowRole::Summary)
        || rows.iter().any(|r| {
            r.parent.is_some()
                || (r.role == RowRole::Data
                    && (r.numbering.is_some() || r.code.is_some() || r.of_which))
        })
    {
        return;
    }
    let value = |r: usize, c: usize| -> Decimal {
        match layout.grid.value(r, c) {
            Some(Value::Number(n)) => n.value,
            _ => Decimal::ZERO,
        }
    };
    let sums = |set: &[usize]| -> Vec<Decimal> {
        summed
            .iter()
            .map(|&c| {
                set.iter()
                    .map(|&r| value(r, c))
                    .fold(Decimal::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
            })
            .collect()
    };
    let published: Vec<Decimal> = summed.iter().map(|&c| value(total, c)).collect();
    if published.iter().all(Decimal::is_zero) {
        return;
    }
    let items: Vec<usize> = rows
        .iter()
        .filter(|r| r.role == RowRole::Data)
        .map(|r| r.table_row)
        .collect();
    if sums(&items) == published {
        return;
    }
    // Greedily, each item followed by the shortest run of two or more rows that make it,
    // summed as the run grows (a table of thousands of rows stays linear).
    let mut parts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < items.len() {
        let parent = items[i];
        let target = sums(&[parent]);
        let mut end = None;
        if target.iter().any(|v| !v.is_zero()) {
            let mut run = vec![Decimal::ZERO; summed.len()];
            let last = items.len().min(i + 1 + MAX_UNMARKED_PARTS);
            for (k, &row) in items.iter().enumerate().take(last).skip(i + 1) {
                for (s, &c) in run.iter_mut().zip(&summed) {
                    *s = s.checked_add(value(row, c)).unwrap_or(*s);
                }
                if k >= i + 2 && run == target {
                    end = Some(k);
                    break;
                }
            }
        }
        match end {
            Some(k) => {
                parts.extend(items[i + 1..=k].iter().map(|&r| (r, parent)));
                i = k + 1;
            }
            None => i += 1,
        }
    }
    let top: Vec<usize> = items
        .iter()
        .copied()
        .filter(|r| parts.iter().all(|(p, _)| p != r))
        .collect();
    if parts.is_empty() || sums(&top) != published {
        return;
    }
    for (part, parent) in parts {
        if let Some(row) = rows.get_mut(part) {
            row.parent = Some(parent);
            row.parent_inferred = true;
        }
    }
}

/// Unnumbered rows under a numbered item may be its parts (indentation lost) or items of their
/// own (`上年结转` after `二、…`). They are taken as its parts only as far as their figures say
/// so: the shortest run of them that sums to the item in every summed column; the others are
/// items of their own. A guess never becomes a finding.
fn settle_inferred(rows: &mut [RowInfo], layout: &Layout, columns: &[ColumnInfo]) {
    let summed = summed_columns(columns);
    let value = |r: usize, c: usize| -> Option<Decimal> {
        match layout.grid.value(r, c) {
            Some(Value::Number(n)) => Some(n.value),
            _ => None,
        }
    };
    let mut i = 0;
    while i < rows.len() {
        let Some(parent) = rows[i].parent.filter(|_| rows[i].parent_inferred) else {
            i += 1;
            continue;
        };
        let run_end = (i..rows.len())
            .find(|&k| !(rows[k].parent == Some(parent) && rows[k].parent_inferred))
            .unwrap_or(rows.len());
        // `其中：人员经费` marks only the first part; unnumbered rows right after it (`公用经费`)
        // are the list's next parts when, with it, they sum to the item.
        let marked: Vec<usize> = (0..i)
            .rev()
            .take_while(|&k| rows[k].of_which && rows[k].parent == Some(parent))
            .collect();
        let mut sums: Vec<Decimal> = summed
            .iter()
            .map(|&c| {
                marked
                    .iter()
                    .map(|&k| value(k, c).unwrap_or_default())
                    .fold(Decimal::ZERO, |a, b| a.checked_add(b).unwrap_or(a))
            })
            .collect();
        let mut accepted = None;
        let published: Vec<Option<Decimal>> = summed.iter().map(|&c| value(parent, c)).collect();
        // Rows are indexed by their table row.
        for k in i..run_end {
            for (s, &c) in sums.iter_mut().zip(&summed) {
                *s = s.checked_add(value(k, c).unwrap_or_default()).unwrap_or(*s);
            }
            let agrees = published.iter().any(|p| p.is_some_and(|p| !p.is_zero()))
                && published
                    .iter()
                    .zip(&sums)
                    .all(|(p, s)| p.unwrap_or_default() == *s);
            if agrees {
                accepted = Some(k);
                break;
            }
        }
        for (k, row) in rows.iter_mut().enumerate().take(run_end).skip(i) {
            if accepted.is_none_or(|last| k > last) {
                row.parent = None;
                row.parent_inferred = false;
            } else if !marked.is_empty() {
                row.of_which = true;
            }
        }
        i = run_end;
    }
}

/// How much deeper than a `其中：` line the items after its first stand: under the text after
/// the marker (`其中：` is six half-widths; a line indented by one full-width space more is a
/// part of an item, not of the list).
pub(crate) const ALIGNED_UNDER_OF_WHICH: u8 = 4;

/// Breakdowns that are complete by definition in the budget and final-accounts forms: 基本支出
/// is 人员经费 + 公用经费. (A body's 本年支出合计 is more than 基本支出 + 项目支出 when it has
/// 上缴上级支出, 经营支出 or 对附属单位补助支出.)
const COMPLETE_BREAKDOWNS: &[(&str, &[&str])] = &[("基本支出", &["人员经费", "公用经费"])];

/// Whether the labels of a `其中` list name every part of its parent's label:
/// `公务用车购置及运行费` = `公务用车购置费` + `公务用车运行费`, or a breakdown complete by
/// definition (`基本支出` = `人员经费` + `公用经费`).
pub(crate) fn labels_exhaust(parent: &str, children: &[&str]) -> bool {
    if children.len() < 2 {
        return false;
    }
    let clean = |t: &str| -> String {
        let k = compact(t);
        let k = k
            .strip_prefix("其中")
            .map(|rest| rest.trim_start_matches([':', '：']))
            .unwrap_or(&k)
            .to_string();
        strip_numbering(&k).to_string()
    };
    let parent = clean(parent);
    let children: Vec<String> = children.iter().map(|c| clean(c)).collect();
    if COMPLETE_BREAKDOWNS.iter().any(|(stem, parts)| {
        parent.contains(stem)
            && children.len() == parts.len()
            && parts.iter().all(|p| children.iter().any(|c| c == p))
    }) {
        return true;
    }
    let first: Vec<char> = children[0].chars().collect();
    let prefix_len = children.iter().skip(1).fold(first.len(), |len, c| {
        first
            .iter()
            .zip(c.chars())
            .take(len)
            .take_while(|(a, b)| **a == *b)
            .count()
    });
    let suffix_len = children.iter().skip(1).fold(first.len(), |len, c| {
        first
            .iter()
            .rev()
            .zip(c.chars().rev())
            .take(len)
            .take_while(|(a, b)| **a == *b)
            .count()
    });
    let prefix: String = first.iter().take(prefix_len).collect();
    let suffix: String = first
        .iter()
        .skip(first.len().saturating_sub(suffix_len))
        .collect();
    let mut parts: Vec<String> = parent
        .split(['及', '和', '与', '、', ',', '，', '+', '＋'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut p = p.to_string();
            if !p.starts_with(&prefix) {
                p = format!("{prefix}{p}");
            }
            if !p.ends_with(&suffix) {
                p.push_str(&suffix);
            }
            p
        })
        .collect();
    let mut kids = children.clone();
    parts.sort();
    kids.sort();
    parts.len() >= 2 && parts == kids
}
