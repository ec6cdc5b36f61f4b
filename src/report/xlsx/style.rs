//! Cell formats: one CJK font everywhere, the annex's centred bordered cells, number formats
//! per published decimals, and a fill per severity for cells with findings.
//!
//! rust_xlsxwriter formats do not inherit the workbook's default font, so every format starts
//! from [`base`]. Formats are built once per look and kept in [`Styles`].

use std::collections::HashMap;

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder, FormatUnderline};

use crate::audit::Severity;

/// The font of every cell: 宋体 (SimSun), the font Chinese Excel and WPS use by default.
pub(super) const FONT: &str = "宋体";
/// Its size in points.
pub(super) const FONT_SIZE: f64 = 11.0;
/// Excel's default row height (pixels) and column width (pixels) for 11-point 宋体.
pub(super) const DEFAULT_ROW_PIXELS: u32 = 18;
pub(super) const DEFAULT_COLUMN_PIXELS: u32 = 72;
/// GB2312 character set and the "modern" font family, as Chinese Excel writes them for 宋体.
const CHARSET_GB2312: u8 = 134;
const FAMILY_MODERN: u8 = 3;

/// Light red fill with dark red text: Excel's own "light red" conditional style.
pub(super) const ROW_RED_FILL: u32 = 0xFFC7CE;
pub(super) const ROW_RED_TEXT: u32 = 0x9C0006;
const HEADER_FILL: u32 = 0xF2F2F2;
/// Light green: a published figure the recomputation confirms (Excel's "good" fill, lighter).
const VERIFIED_FILL: u32 = 0xE2EFDA;
/// Dark blue: a recomputed figure (a live formula) beside the published table.
const RECOMPUTED_TEXT: u32 = 0x1F4E79;
const LINK_BLUE: u32 = 0x0563C1;
const QUIET_GREY: u32 = 0x595959;

/// The fill of a cell with a finding of `severity`.
pub(super) fn severity_fill(severity: Severity) -> u32 {
    match severity {
        Severity::Critical => 0xFF7C80,
        Severity::Error => 0xFFC7CE,
        Severity::Warning => 0xFFEB9C,
        Severity::Notice => 0xDDEBF7,
    }
}

/// The border colour of a table cell with a finding.
fn severity_border(severity: Severity) -> u32 {
    match severity {
        Severity::Critical => 0xC00000,
        Severity::Error => 0xFF0000,
        Severity::Warning => 0xED7D31,
        Severity::Notice => 0x5B9BD5,
    }
}

/// The font every format starts from.
pub(super) fn base() -> Format {
    Format::new()
        .set_font_name(FONT)
        .set_font_size(FONT_SIZE)
        .set_font_charset(CHARSET_GB2312)
        .set_font_family(FAMILY_MODERN)
        .set_align(FormatAlign::VerticalCenter)
}

/// What a cell looks like, before any highlight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Look {
    /// The table sheet's title row: bold, larger, centred.
    Title,
    /// A header cell of a table: bold, wrapped, centred, bordered, grey.
    Header,
    /// A published text cell: centred, bordered.
    Text,
    /// A published text cell that wraps (several paragraphs, notes inside the table).
    WrapText,
    /// A published or recomputed number with this many decimals: centred, bordered.
    Number(u32),
    /// The note under a table: wrapped, left-aligned, no border.
    Note,
    /// A status or reason cell beside a table: left-aligned, bordered, wrapped.
    Status,
    /// A plain value on the summary or discrepancy sheet: left-aligned, wrapped.
    Plain,
    /// A one-line value on the summary sheet: left-aligned, not wrapped (it may overflow).
    Value,
    /// A number on the summary or discrepancy sheet, with this many decimals.
    PlainNumber(u32),
    /// A label: bold.
    Label,
    /// A column heading of the summary or discrepancy sheet: bold, grey, bordered.
    Heading,
    /// A hyperlink: blue, underlined.
    Link,
    /// A hyperlink that wraps within its column (the discrepancy sheet's table names).
    WrapLink,
    /// A hyperlink in a bordered list: blue, underlined, bordered.
    LinkCell,
    /// A section title on the summary sheet: bold, larger.
    Section,
    /// A quieter text (reasons for rows that are not data): grey italic.
    Quiet,
    /// A figure of a structured table, published or recomputed (see [`Figure`]).
    Figure(Figure),
    /// A row's name in a structured table: indented by its depth in the hierarchy, bold for a
    /// 合计 or 小计 row.
    RowName {
        /// Indent levels (类 0, 款 1, 项 2, a `其中` part one more than its parent).
        indent: u8,
        /// A 合计 or 小计 row.
        bold: bool,
    },
}

/// How a figure of a structured table is shown: as published (decimals, thousands separators,
/// a trailing `%`), bold in a 合计 or 小计 row, green when the recomputation confirms it, dark
/// blue when it is the recomputation itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(super) struct Figure {
    /// Digits after the decimal point.
    pub decimals: u32,
    /// `1,364.15`: thousands separators.
    pub thousands: bool,
    /// `-12.5%`: a trailing percent sign (the value stays −12.5).
    pub percent: bool,
    /// In a 合计 or 小计 row.
    pub bold: bool,
    /// A published figure the recomputation confirms.
    pub verified: bool,
    /// A recomputed figure (a formula).
    pub recomputed: bool,
}

impl Figure {
    /// The number format that shows the value as it was printed: `#,##0.00"%"` for
    /// `1,364.15%`.
    pub(super) fn number_format(self) -> String {
        let digits = number_format(self.decimals);
        let mut format = if self.thousands {
            format!("#,##{digits}")
        } else {
            digits
        };
        if self.percent {
            format.push_str("\"%\"");
        }
        format
    }
}

impl Look {
    /// Whether the look is that of a cell of a published table.
    fn in_table(self) -> bool {
        matches!(
            self,
            Look::Header
                | Look::Text
                | Look::WrapText
                | Look::Number(_)
                | Look::Status
                | Look::Quiet
                | Look::Figure(_)
                | Look::RowName { .. }
        )
    }
}

/// The number format of a value with `decimals` places: `0`, `0.0`, `0.00`, ….
pub(super) fn number_format(decimals: u32) -> String {
    if decimals == 0 {
        "0".to_string()
    } else {
        let places = usize::try_from(decimals.min(15)).unwrap_or(15);
        format!("0.{}", "0".repeat(places))
    }
}

fn build(look: Look) -> Format {
    let bordered = |f: Format| f.set_border(FormatBorder::Thin);
    match look {
        Look::Title => base()
            .set_bold()
            .set_font_size(14)
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Look::Header => bordered(base())
            .set_bold()
            .set_align(FormatAlign::Center)
            .set_text_wrap()
            .set_background_color(Color::RGB(HEADER_FILL)),
        Look::Text => bordered(base()).set_align(FormatAlign::Center),
        Look::WrapText => bordered(base())
            .set_align(FormatAlign::Center)
            .set_text_wrap(),
        Look::Number(d) => bordered(base())
            .set_align(FormatAlign::Center)
            .set_num_format(number_format(d)),
        Look::Note => base().set_text_wrap().set_align(FormatAlign::Top),
        Look::Status => bordered(base()).set_text_wrap(),
        Look::Plain => base().set_text_wrap().set_align(FormatAlign::Top),
        Look::Value => base()
            .set_align(FormatAlign::Left)
            .set_align(FormatAlign::Top),
        Look::PlainNumber(d) => base()
            .set_align(FormatAlign::Top)
            .set_align(FormatAlign::Left)
            .set_num_format(number_format(d)),
        Look::Label => base().set_bold().set_align(FormatAlign::Top),
        Look::Heading => bordered(base())
            .set_bold()
            .set_text_wrap()
            .set_background_color(Color::RGB(HEADER_FILL)),
        Look::Link => base()
            .set_font_color(Color::RGB(LINK_BLUE))
            .set_underline(FormatUnderline::Single)
            .set_align(FormatAlign::Top),
        Look::WrapLink => build(Look::Link).set_text_wrap(),
        Look::LinkCell => bordered(base())
            .set_font_color(Color::RGB(LINK_BLUE))
            .set_underline(FormatUnderline::Single),
        Look::Section => base().set_bold().set_font_size(12),
        Look::Quiet => bordered(base())
            .set_italic()
            .set_font_color(Color::RGB(QUIET_GREY))
            .set_text_wrap(),
        Look::Figure(figure) => {
            let mut format = bordered(base())
                .set_align(FormatAlign::Right)
                .set_num_format(figure.number_format());
            if figure.bold {
                format = format.set_bold();
            }
            if figure.verified {
                format = format.set_background_color(Color::RGB(VERIFIED_FILL));
            }
            if figure.recomputed {
                format = format.set_font_color(Color::RGB(RECOMPUTED_TEXT));
            }
            format
        }
        Look::RowName { indent, bold } => {
            let mut format = bordered(base()).set_text_wrap().set_indent(indent);
            if bold {
                format = format.set_bold();
            }
            format
        }
    }
}

/// The formats of one workbook, built once per look and highlight.
#[derive(Default)]
pub(super) struct Styles {
    formats: HashMap<(Look, Option<Severity>), Format>,
}

impl Styles {
    /// The format of `look`, highlighted for a finding of `mark` when given.
    pub(super) fn get(&mut self, look: Look, mark: Option<Severity>) -> &Format {
        self.formats.entry((look, mark)).or_insert_with(|| {
            let format = build(look);
            match mark {
                // A table cell also gets a coloured border, which stays visible where the
                // red-row conditional format replaces the fill.
                Some(severity) if look.in_table() => format
                    .set_background_color(Color::RGB(severity_fill(severity)))
                    .set_border(FormatBorder::Medium)
                    .set_border_color(Color::RGB(severity_border(severity))),
                Some(severity) => format.set_background_color(Color::RGB(severity_fill(severity))),
                None => format,
            }
        })
    }
}

/// The conditional format of a row whose difference is not zero.
pub(super) fn red_row() -> Format {
    Format::new()
        .set_background_color(Color::RGB(ROW_RED_FILL))
        .set_font_color(Color::RGB(ROW_RED_TEXT))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_follow_the_published_decimals() {
        assert_eq!(number_format(0), "0");
        assert_eq!(number_format(1), "0.0");
        assert_eq!(number_format(2), "0.00");
        let printed = Figure {
            decimals: 2,
            thousands: true,
            percent: true,
            ..Figure::default()
        };
        assert_eq!(printed.number_format(), "#,##0.00\"%\"");
    }

    #[test]
    fn formats_are_built_once_per_look_and_mark() {
        let mut styles = Styles::default();
        let a = styles.get(Look::Number(2), Some(Severity::Error)).clone();
        let b = styles.get(Look::Number(2), Some(Severity::Error)).clone();
        assert_eq!(a, b);
        assert_eq!(styles.formats.len(), 1);
    }
}
