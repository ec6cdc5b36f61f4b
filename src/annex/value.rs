//! Cell values as published: numbers with their verbatim text and decimals, not-applicable
//! markers, empty cells, and anything else (reported, never guessed).

use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

/// More digits than this before or after the point make a cell unparsed: no score has them, and
/// the bound keeps every later sum and product exact within `Decimal`'s 28 digits.
const MAX_INTEGER_DIGITS: usize = 12;
const MAX_FRACTION_DIGITS: usize = 8;

/// A number exactly as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Number {
    /// The exact value.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// The cell's text, verbatim.
    pub text: String,
    /// Digits after the decimal point as published (`94.20` → 2, `9.5` → 1, `18` → 0).
    pub decimals: u32,
}

/// What a cell holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Value {
    /// A number.
    Number(Number),
    /// A not-applicable marker (`——`, `/`, `无`, …), verbatim.
    NotApplicable(String),
    /// Nothing but whitespace.
    Empty,
    /// Text that is neither a number nor a marker, verbatim.
    Unparsed(String),
}

impl Value {
    /// The number, if the cell holds one.
    pub fn number(&self) -> Option<&Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The text as published (empty for an empty cell).
    pub fn text(&self) -> &str {
        match self {
            Value::Number(n) => &n.text,
            Value::NotApplicable(t) | Value::Unparsed(t) => t,
            Value::Empty => "",
        }
    }
}

/// Maps the characters publishers use for digits, signs and the decimal point to ASCII and drops
/// every kind of space. Anything else is kept, so that it makes the cell unparsed.
///
/// ```
/// use annex_audit::annex::normalize_number_text;
/// assert_eq!(normalize_number_text(" ９４．２０ "), "94.20");
/// assert_eq!(normalize_number_text("－1.10"), "-1.10");
/// assert_eq!(normalize_number_text("1\u{a0}234.5"), "1234.5");
/// ```
pub fn normalize_number_text(text: &str) -> String {
    text.chars()
        .filter(|c| !is_space(*c))
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            '．' => '.',
            '－' | '−' | '–' | '‐' | '‑' | '﹣' => '-',
            '＋' => '+',
            _ => c,
        })
        .collect()
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}' | '\u{2060}' | '\u{feff}')
}

/// Parses one cell. `markers` are the not-applicable markers of the template, compared after
/// removing spaces.
///
/// ```
/// use annex_audit::annex::{parse_value, Value};
/// let markers = vec!["——".to_string(), "/".to_string()];
/// let v = parse_value("９４．２０", &markers);
/// let n = v.number().unwrap();
/// assert_eq!(n.value.to_string(), "94.20");
/// assert_eq!((n.text.as_str(), n.decimals), ("９４．２０", 2));
/// assert_eq!(parse_value("——", &markers), Value::NotApplicable("——".into()));
/// assert_eq!(parse_value("9.O0", &markers), Value::Unparsed("9.O0".into()));
/// assert_eq!(parse_value(" ", &markers), Value::Empty);
/// ```
pub fn parse_value(text: &str, markers: &[String]) -> Value {
    // Compared without spaces, as if compacted, but without allocating: this runs for every
    // cell of every table.
    let Some(first) = text.chars().find(|c| !is_space(*c)) else {
        return Value::Empty;
    };
    // A marker can only match a text that begins with its first character: for a figure no
    // marker gets further than that.
    let could_be = |m: &String| {
        m.chars()
            .find(|c| !is_space(*c))
            .is_some_and(|c| c.eq_ignore_ascii_case(&first))
    };
    if markers
        .iter()
        .any(|m| could_be(m) && same_ignoring_spaces_and_ascii_case(m, text))
    {
        return Value::NotApplicable(text.trim().to_string());
    }
    // Nearly every published figure is plain ASCII (`94.20`, `-1.10`): parsed as it stands.
    // Anything else (full-width digits, Unicode minus signs, inner spaces) is normalised first.
    let trimmed = text.trim();
    let plain = trimmed
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'));
    let parsed = if plain {
        parse_number(trimmed)
    } else {
        parse_number(&normalize_number_text(text))
    };
    match parsed {
        Some((value, decimals)) => Value::Number(Number {
            value,
            text: trimmed.to_string(),
            decimals,
        }),
        None => Value::Unparsed(trimmed.to_string()),
    }
}

/// `a` and `b` are equal once every kind of space is removed, ASCII letters compared without
/// case.
fn same_ignoring_spaces_and_ascii_case(a: &str, b: &str) -> bool {
    let mut a = a.chars().filter(|c| !is_space(*c));
    let mut b = b.chars().filter(|c| !is_space(*c));
    loop {
        match (a.next(), b.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if x.eq_ignore_ascii_case(&y) => {}
            _ => return false,
        }
    }
}

/// Parses `[+-]digits[.digits]` (ASCII, already normalised) exactly.
fn parse_number(s: &str) -> Option<(Decimal, u32)> {
    let unsigned = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (int, frac) = match unsigned.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (unsigned, None),
    };
    let all_digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    // `.05` and `-.5`: a figure printed without its leading zero is still that figure.
    let no_leading_zero = int.is_empty() && frac.is_some_and(all_digits);
    if !(all_digits(int) || no_leading_zero) || int.len() > MAX_INTEGER_DIGITS {
        return None;
    }
    let decimals = match frac {
        Some(f) if all_digits(f) && f.len() <= MAX_FRACTION_DIGITS => f.len(),
        Some(_) => return None,
        None => 0,
    };
    let value = Decimal::from_str_exact(s.strip_prefix('+').unwrap_or(s)).ok()?;
    Some((value, u32::try_from(decimals).ok()?))
}

/// Parses a rank cell: `1`, `１`, `1.`, `1、`, `第1名`, `（1）`. Returns `None` for anything else.
///
/// ```
/// use annex_audit::annex::parse_rank;
/// assert_eq!(parse_rank("1."), Some(1));
/// assert_eq!(parse_rank("第１２名"), Some(12));
/// assert_eq!(parse_rank("一"), None);
/// ```
pub fn parse_rank(text: &str) -> Option<u32> {
    // Nearly every rank is plain ASCII digits (`12`): read as it stands, without the copy
    // that normalising makes. The checks read each row's rank several times.
    let trimmed = text.trim();
    if (1..=9).contains(&trimmed.len()) && trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return u32::from_str(trimmed).ok();
    }
    parse_rank_normalised(text)
}

/// [`parse_rank`] of `text` normalised first (full-width digits, spaces inside).
fn parse_rank_normalised(text: &str) -> Option<u32> {
    let s = normalize_number_text(text);
    let s = s.strip_prefix('第').unwrap_or(&s);
    let s = s.strip_suffix('名').unwrap_or(s);
    let s = s
        .strip_prefix(['(', '（'])
        .and_then(|r| r.strip_suffix([')', '）']))
        .unwrap_or(s);
    let s = s.strip_suffix(['.', '、']).unwrap_or(s);
    if s.is_empty() || s.len() > 9 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    u32::from_str(s).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn markers() -> Vec<String> {
        ["——", "—", "--", "-", "/", "无", "不适用"]
            .iter()
            .map(|s| s.to_string())
            .collect()
    }

    #[test]
    fn published_numbers_keep_text_and_decimals() {
        let v = parse_value("-1.10", &markers());
        let n = v.number().expect("a number");
        assert_eq!(n.value, Decimal::new(-110, 2));
        assert_eq!(n.decimals, 2);
        assert_eq!(n.text, "-1.10");
        let v = parse_value("18", &markers());
        assert_eq!(v.number().map(|n| n.decimals), Some(0));
    }

    #[test]
    fn a_figure_without_its_leading_zero_is_that_figure() {
        for (text, value) in [
            (".05", Decimal::new(5, 2)),
            ("-.5", Decimal::new(-5, 1)),
            ("+.5", Decimal::new(5, 1)),
            ("．５", Decimal::new(5, 1)),
        ] {
            let v = parse_value(text, &markers());
            let n = v.number().unwrap_or_else(|| panic!("{text:?}: {v:?}"));
            assert_eq!(n.value, value, "{text:?}");
            assert_eq!(n.text, text, "{text:?}");
            assert_eq!(n.decimals, value.scale());
        }
    }

    #[test]
    fn minus_signs_and_spaces_are_normalised() {
        for text in ["－0.30", "−0.30", "–0.30", " - 0.30", "-0.30\u{3000}"] {
            let v = parse_value(text, &markers());
            assert_eq!(
                v.number().map(|n| n.value),
                Some(Decimal::new(-30, 2)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn markers_are_not_applicable_but_a_lone_minus_number_is_not() {
        for m in ["——", "—", "--", "-", "/", "无", "不适用", " —— "] {
            assert!(
                matches!(parse_value(m, &markers()), Value::NotApplicable(_)),
                "{m:?}"
            );
        }
        assert!(matches!(parse_value("-1", &markers()), Value::Number(_)));
    }

    #[test]
    fn anything_else_is_unparsed() {
        for text in [
            "9.O0",
            "9..5",
            "9.",
            ".",
            "-.",
            "95%",
            "1e3",
            "1,000",
            "9.123456789",
            "1234567890123",
        ] {
            assert!(
                matches!(parse_value(text, &markers()), Value::Unparsed(_)),
                "{text:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn any_string_yields_a_value_without_panic(s in "\\PC{0,40}") {
            let v = parse_value(&s, &markers());
            match v {
                Value::Number(n) => {
                    prop_assert_eq!(n.text.as_str(), s.trim());
                    prop_assert!(n.decimals <= MAX_FRACTION_DIGITS as u32);
                }
                Value::NotApplicable(t) | Value::Unparsed(t) => prop_assert_eq!(t.as_str(), s.trim()),
                Value::Empty => prop_assert!(s.chars().all(is_space)),
            }
            let _ = parse_rank(&s);
        }

        #[test]
        fn cells_of_number_like_characters_never_panic(
            s in prop::collection::vec(
                prop_oneof![
                    "[0-9０-９٠-٩]{1,30}",
                    "[.．,，+＋\\-－−–‐‑﹣%％eE]",
                    "[ \u{3000}\u{a0}\u{200b}\u{feff}\t\n]",
                    "[—/无第名（）()、.]",
                    "\\PC",
                ],
                0..30,
            ).prop_map(|pieces| pieces.concat())
        ) {
            match parse_value(&s, &markers()) {
                Value::Number(n) => {
                    // A number is exact, within the digits any score has.
                    prop_assert!(n.decimals <= MAX_FRACTION_DIGITS as u32);
                    prop_assert!(n.value.abs() < Decimal::from(10i64.pow(MAX_INTEGER_DIGITS as u32)));
                    let normalized = normalize_number_text(&s);
                    let plain = normalized.strip_prefix('+').unwrap_or(&normalized);
                    prop_assert_eq!(Decimal::from_str_exact(plain).ok(), Some(n.value));
                }
                Value::NotApplicable(t) | Value::Unparsed(t) => prop_assert_eq!(t.as_str(), s.trim()),
                Value::Empty => prop_assert!(s.chars().all(is_space)),
            }
            // Normalising twice changes nothing more.
            let once = normalize_number_text(&s);
            prop_assert_eq!(normalize_number_text(&once), once);
        }

        #[test]
        fn ranks_are_read_in_every_published_form(rank in 1u32..1_000_000, form in 0usize..7, full_width in any::<bool>()) {
            let digits: String = if full_width {
                rank.to_string().chars().map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c)).collect()
            } else {
                rank.to_string()
            };
            let text = match form {
                0 => digits,
                1 => format!("{digits}."),
                2 => format!("{digits}、"),
                3 => format!("第{digits}名"),
                4 => format!("（{digits}）"),
                5 => format!("({digits})"),
                _ => format!(" {digits}\u{3000}"),
            };
            prop_assert_eq!(parse_rank(&text), Some(rank));
        }

        #[test]
        fn a_plain_rank_reads_as_it_does_normalised(
            s in "[ \t\u{3000}]{0,2}[0-9]{0,11}[ \t\u{3000}]{0,2}|[0-9 \u{3000}\t１]{0,12}|\\PC{0,12}"
        ) {
            prop_assert_eq!(parse_rank(&s), parse_rank_normalised(&s));
        }

        #[test]
        fn parse_rank_never_panics(s in "\\PC{0,200}") {
            if let Some(rank) = parse_rank(&s) {
                prop_assert!(s.chars().any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c)), "{} from {:?}", rank, s);
            }
        }

        #[test]
        fn formatted_decimals_round_trip(units in -10_000_000i64..10_000_000, dp in 0u32..5, full_width in any::<bool>()) {
            let d = Decimal::new(units, dp);
            let mut text = d.to_string();
            if full_width {
                text = text.chars().map(|c| match c {
                    '0'..='9' => char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c),
                    '.' => '．',
                    '-' => '－',
                    _ => c,
                }).collect();
            }
            let v = parse_value(&text, &markers());
            let n = v.number().expect("a number");
            prop_assert_eq!(n.value, d);
            prop_assert_eq!(n.decimals, dp);
            prop_assert_eq!(&n.text, &text);
        }
    }
}
