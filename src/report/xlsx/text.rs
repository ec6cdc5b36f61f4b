//! Text measured and bounded for the workbook: display widths (a CJK character takes two
//! columns, as it does in 宋体), wrapped line counts for row heights, and the guards that keep
//! every input-derived string within Excel's limits.

use std::borrow::Cow;

use unicode_width::UnicodeWidthStr;

/// Excel's limit on a cell's text, in UTF-16 code units.
pub(super) const MAX_CELL_TEXT: usize = 32_767;

/// The longest note text written. Excel accepts up to 32,767 − 54 units, but a note is read in
/// a small box: the full text is on the discrepancy sheet anyway.
pub(super) const MAX_NOTE_TEXT: usize = 4_000;

/// Excel limit on custom document property strings and other short parameters.
pub(super) const MAX_PARAMETER: usize = 255;

/// `text` shortened to at most `max_utf16` UTF-16 code units, ending with `…` when it was cut,
/// so that rust_xlsxwriter never refuses (or warns about) an over-long input string:
/// `fit("abcdef", 4)` is `abc…` (see the tests below).
pub(super) fn fit(text: &str, max_utf16: usize) -> Cow<'_, str> {
    // A UTF-8 string never has more UTF-16 units than bytes: short strings need no count.
    if text.len() <= max_utf16 || text.encode_utf16().count() <= max_utf16 {
        return Cow::Borrowed(text);
    }
    let budget = max_utf16.saturating_sub(1);
    let mut used = 0;
    let mut cut = String::with_capacity(budget * 3);
    for c in text.chars() {
        used += c.len_utf16();
        if used > budget {
            break;
        }
        cut.push(c);
    }
    cut.push('…');
    Cow::Owned(cut)
}

/// A cell's text within Excel's limit.
pub(super) fn cell_text(text: &str) -> Cow<'_, str> {
    fit(text, MAX_CELL_TEXT)
}

/// The display width of the widest line of `text`.
pub(super) fn width(text: &str) -> usize {
    text.split('\n')
        .map(UnicodeWidthStr::width)
        .max()
        .unwrap_or(0)
}

/// How many lines `text` takes in a column `columns` display columns wide: each paragraph
/// wraps on its own and takes at least one line.
pub(super) fn lines(text: &str, columns: usize) -> usize {
    let columns = columns.max(1);
    text.split('\n')
        .map(|p| UnicodeWidthStr::width(p).div_ceil(columns).max(1))
        .sum()
}

/// Points per line of 11-point 宋体 text, and the padding of a row.
const LINE_POINTS: f64 = 14.5;
const ROW_PADDING_POINTS: f64 = 3.0;
/// Excel's row height limit, in points.
const MAX_ROW_POINTS: f64 = 409.0;

/// The height in points of a row that shows `lines` lines.
pub(super) fn row_height(lines: usize) -> f64 {
    let lines = u32::try_from(lines).unwrap_or(u32::MAX);
    (f64::from(lines) * LINE_POINTS + ROW_PADDING_POINTS).min(MAX_ROW_POINTS)
}

/// The height in points of a row of the default height (18 pixels), which shows one line.
const DEFAULT_ROW_POINTS: f64 = super::style::DEFAULT_ROW_PIXELS as f64 * 0.75;

/// The height in points each row of a cell merged over `rows` rows needs so that the cell
/// shows `lines` lines (a header over two rows, a block's column path), `None` when rows of
/// the default height do. The rows share the whole cell's height, padding included: two lines
/// over two rows of the default height (27 points for 32) were clipped in LibreOffice, which
/// does not grow rows to fit on import. One row is [`row_height`].
pub(super) fn merged_row_height(lines: usize, rows: usize) -> Option<f64> {
    if lines <= 1 {
        return None;
    }
    if rows <= 1 {
        return Some(row_height(lines));
    }
    let rows = u32::try_from(rows).unwrap_or(u32::MAX);
    // Up to a whole pixel (0.75 points), which is how heights are written.
    let share = (row_height(lines) / f64::from(rows) / 0.75).ceil() * 0.75;
    (share > DEFAULT_ROW_POINTS).then_some(share)
}

/// The height in points of a title row (14-point bold) that shows `lines` lines.
pub(super) fn title_height(lines: usize) -> f64 {
    (row_height(lines) * 1.35).min(MAX_ROW_POINTS)
}

/// A column width (in Excel's character units) for content `content` display columns wide,
/// with a little padding, within `min..=max`.
pub(super) fn column_width(content: usize, min: usize, max: usize) -> f64 {
    let w = (content + 2).clamp(min, max);
    f64::from(u32::try_from(w).unwrap_or(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn over_long_text_is_cut_with_an_ellipsis_within_the_utf16_limit() {
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("abcd", 4), "abcd");
        // Astral characters take two UTF-16 units each.
        let astral = "𠀀".repeat(10);
        let cut = fit(&astral, 7);
        assert!(cut.encode_utf16().count() <= 7, "{cut}");
        assert!(cut.ends_with('…'));
        let huge = "很".repeat(40_000);
        let cut = cell_text(&huge);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_TEXT);
    }

    #[test]
    fn cjk_counts_two_columns_and_paragraphs_wrap_separately() {
        assert_eq!(width("总分\n（110分）"), 9);
        assert_eq!(width("38.00"), 5);
        assert_eq!(lines("总分\n（110分）", 10), 2);
        assert_eq!(lines("发布解读（40分）", 10), 2);
        assert_eq!(lines("", 10), 1);
        assert!(row_height(1000) <= 409.0);
        assert!(title_height(1000) <= 409.0);
        assert_eq!(column_width(100, 6, 40), 40.0);
        assert_eq!(column_width(1, 6, 40), 6.0);
    }

    #[test]
    fn a_cell_merged_over_rows_shares_its_whole_height_among_them() {
        // One line needs no height of its own, merged or not.
        assert_eq!(merged_row_height(1, 1), None);
        assert_eq!(merged_row_height(1, 2), None);
        // One row: the height of its lines (46.5 points, 62 pixels).
        assert_eq!(merged_row_height(3, 1), Some(row_height(3)));
        assert_eq!(row_height(3), 46.5);
        // Two lines over two rows need more than two default rows (13.5 points each).
        let two_over_two = merged_row_height(2, 2).expect("taller than the default");
        assert!(two_over_two * 2.0 >= row_height(2), "{two_over_two}");
        assert!(two_over_two > DEFAULT_ROW_POINTS);
        // Two lines over three rows fit in three default rows.
        assert_eq!(merged_row_height(2, 3), None);
        // Three lines over two rows: the whole cell's height, not two rows of two lines.
        let three_over_two = merged_row_height(3, 2).expect("taller");
        assert!(three_over_two * 2.0 >= row_height(3));
        assert!(
            three_over_two * 2.0 < row_height(3) + 1.5,
            "{three_over_two}"
        );
    }
}
