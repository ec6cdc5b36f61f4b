//! The figures a paragraph quotes: amounts with their unit (`5,212.80万元`, `12.5亿元`),
//! percentages, scores (`145.76分`), each with the words before it that say what it is and the
//! comparison it states (比上年增加, 下降, 占…的), so that the text can be checked against the
//! tables. Numbers that are not quantities — years, dates, document numbers (`〔2025〕12号`),
//! ordinals and section numbers (`第12号`, `（1）`), phone numbers, counts of things (`46批次`,
//! `12辆`) — are listed apart and never matched.
//!
//! Pure text processing: no table, no audit.

use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::Serialize;

/// The unit of a quoted figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FigureUnit {
    /// 元.
    Yuan,
    /// 千元.
    ThousandYuan,
    /// 万元.
    TenThousandYuan,
    /// 百万元.
    MillionYuan,
    /// 亿元.
    HundredMillionYuan,
    /// `%`.
    Percent,
    /// 个百分点: a difference of percentages.
    PercentagePoint,
    /// 分: a score.
    Score,
}

impl FigureUnit {
    /// The unit as printed in the report (`万元`, `%`).
    pub fn as_str(self) -> &'static str {
        match self {
            FigureUnit::Yuan => "元",
            FigureUnit::ThousandYuan => "千元",
            FigureUnit::TenThousandYuan => "万元",
            FigureUnit::MillionYuan => "百万元",
            FigureUnit::HundredMillionYuan => "亿元",
            FigureUnit::Percent => "%",
            FigureUnit::PercentagePoint => "个百分点",
            FigureUnit::Score => "分",
        }
    }

    /// How many 万元 one of this unit is, for amounts of money; `None` otherwise.
    pub fn in_ten_thousand_yuan(self) -> Option<Decimal> {
        match self {
            FigureUnit::Yuan => Some(Decimal::new(1, 4)),
            FigureUnit::ThousandYuan => Some(Decimal::new(1, 1)),
            FigureUnit::TenThousandYuan => Some(Decimal::ONE),
            FigureUnit::MillionYuan => Some(Decimal::new(100, 0)),
            FigureUnit::HundredMillionYuan => Some(Decimal::new(10_000, 0)),
            _ => None,
        }
    }

    /// How many 万元 one of a table's stated unit (`万元`, `元`, `亿元`) is, if it is money.
    pub fn table_unit_in_ten_thousand_yuan(unit: &str) -> Option<Decimal> {
        let unit = unit.trim();
        MONEY_UNITS
            .iter()
            .find(|(word, _)| *word == unit)
            .and_then(|(_, u)| u.in_ten_thousand_yuan())
    }
}

/// Up or down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// 增加, 增长, 提高, 上升.
    Increase,
    /// 减少, 下降, 降低.
    Decrease,
}

/// What a quoted figure states besides its amount.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Comparison {
    /// A plain amount: it equals a cell.
    None,
    /// An amount of change (`比预算减少8.40万元`): current − reference.
    Change {
        /// Up or down.
        direction: Direction,
        /// What it is compared with (`预算`, `上年`), when the text says.
        against: Option<String>,
    },
    /// A rate of change (`下降6.02%`): (current − reference) ÷ reference × 100.
    Rate {
        /// Up or down.
        direction: Direction,
        /// What it is compared with, when the text says.
        against: Option<String>,
    },
    /// A share (`占76.32%`, `占本年支出合计的76.32%`): part ÷ whole × 100.
    Share {
        /// The whole it is a share of, when the text names it.
        of: Option<String>,
    },
}

/// A figure quoted in a paragraph.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QuotedFigure {
    /// The figure as printed, unit included (`5,212.80万元`).
    pub text: String,
    /// Its value in its own unit (`5212.80`), signed.
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Decimals printed.
    pub decimals: u32,
    /// Its unit.
    pub unit: FigureUnit,
    /// The words before it that say what it is (`基本支出`, `“三公”经费支出`), possibly empty.
    pub subject: String,
    /// The comparison it states.
    pub comparison: Comparison,
    /// Byte range of `text` in the paragraph.
    pub span: Range<usize>,
}

impl QuotedFigure {
    /// The value in 万元, for an amount of money.
    pub fn in_ten_thousand_yuan(&self) -> Option<Decimal> {
        self.unit
            .in_ten_thousand_yuan()
            .and_then(|scale| self.value.checked_mul(scale))
    }
}

/// Why a number in the text is not a quantity to check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum NonQuantityKind {
    /// A year (`2025年`, `2025年度`).
    Year,
    /// A month or day (`3月12日`, `2026-03-12`).
    Date,
    /// A document number (`〔2025〕12号`).
    DocumentNumber,
    /// An ordinal or a section or item number (`第12号`, `（1）`, `1.`).
    Ordinal,
    /// A phone number.
    Phone,
    /// A count of things in a unit that is not money (`46批次`, `12辆`).
    Count {
        /// The unit as printed.
        unit: String,
    },
    /// A number without a unit.
    Bare,
}

/// A number in the text that is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NonQuantity {
    /// As printed.
    pub text: String,
    /// What it is.
    pub kind: NonQuantityKind,
    /// Byte range in the paragraph.
    pub span: Range<usize>,
}

/// Everything numeric in a paragraph.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scanned {
    /// The quantities, in order.
    pub figures: Vec<QuotedFigure>,
    /// The other numbers, in order.
    pub non_quantities: Vec<NonQuantity>,
}

/// The figures `paragraph` quotes, in order (see [`scan_all`] for the other numbers too).
///
/// ```
/// use annex_audit::annex::quote::{scan, FigureUnit};
/// let figures = scan("2025年度收入总计5,212.80万元，其中：基本支出3,104.55万元，占76.32%。");
/// assert_eq!(figures.len(), 3);
/// assert_eq!(figures[0].subject, "收入总计");
/// assert_eq!(figures[0].value.to_string(), "5212.80");
/// assert_eq!(figures[2].unit, FigureUnit::Percent);
/// ```
pub fn scan(paragraph: &str) -> Vec<QuotedFigure> {
    scan_all(paragraph).figures
}

const MONEY_UNITS: &[(&str, FigureUnit)] = &[
    ("百万元", FigureUnit::MillionYuan),
    ("万元", FigureUnit::TenThousandYuan),
    ("亿元", FigureUnit::HundredMillionYuan),
    ("千元", FigureUnit::ThousandYuan),
    ("元", FigureUnit::Yuan),
];

/// Units after a number, longest first within a shared start.
const UNITS: &[(&str, Unit)] = &[
    ("个百分点", Unit::Figure(FigureUnit::PercentagePoint)),
    ("百万元", Unit::Figure(FigureUnit::MillionYuan)),
    ("万元", Unit::Figure(FigureUnit::TenThousandYuan)),
    ("亿元", Unit::Figure(FigureUnit::HundredMillionYuan)),
    ("千元", Unit::Figure(FigureUnit::ThousandYuan)),
    ("元", Unit::Figure(FigureUnit::Yuan)),
    ("%", Unit::Figure(FigureUnit::Percent)),
    ("％", Unit::Figure(FigureUnit::Percent)),
    ("分钟", Unit::Count),
    ("分", Unit::Figure(FigureUnit::Score)),
    ("年度", Unit::Year),
    ("年", Unit::Year),
    ("月", Unit::Date),
    ("日", Unit::Date),
    ("号", Unit::DocumentNumber),
];

/// Units of counts: a number followed by one of these is not money.
const COUNT_UNITS: &[&str] = &[
    "批次",
    "人次",
    "余人",
    "万人",
    "万亩",
    "平方米",
    "公里",
    "小时",
    "批",
    "辆",
    "人",
    "次",
    "个",
    "家",
    "项",
    "户",
    "名",
    "件",
    "台",
    "套",
    "处",
    "所",
    "条",
    "篇",
    "天",
    "亩",
    "吨",
    "场",
    "期",
    "份",
    "本",
    "册",
    "座",
    "间",
    "栋",
    "头",
    "只",
    "张",
    "部",
    "类",
    "种",
    "位",
    "届",
    "周",
    "倍",
    "岁",
    "米",
    "千米",
    "万",
    "千",
    "亿",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Figure(FigureUnit),
    Year,
    Date,
    DocumentNumber,
    Count,
}

/// Characters that end a clause: the subject of a figure never reaches past them.
fn is_boundary(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '；'
            | '：'
            | '！'
            | '？'
            | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '\n'
            | '（'
            | '）'
            | '('
            | ')'
    )
}

/// Digits and the decimal point in their ASCII form (full-width ones mapped).
fn ascii_digit(c: char) -> Option<char> {
    match c {
        '0'..='9' => Some(c),
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32),
        _ => None,
    }
}

fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || ascii_digit(c).is_some() || c == '_'
}

/// Every number in `paragraph`: the quantities with their subject and comparison, and the
/// numbers that are not quantities with what they are.
///
/// ```
/// use annex_audit::annex::quote::{scan_all, NonQuantityKind};
/// let scanned = scan_all("望财预〔2025〕12号，接待46批次");
/// assert!(scanned.figures.is_empty());
/// assert_eq!(scanned.non_quantities.len(), 3);
/// assert_eq!(scanned.non_quantities[1].kind, NonQuantityKind::DocumentNumber);
/// ```
pub fn scan_all(paragraph: &str) -> Scanned {
    let chars: Vec<(usize, char)> = paragraph.char_indices().collect();
    let byte_at = |i: usize| chars.get(i).map_or(paragraph.len(), |(b, _)| *b);
    let mut out = Scanned::default();
    // Where the clause of the next figure may start (after the last number read).
    let mut clause_floor = 0usize;
    let mut i = 0usize;
    while i < chars.len() {
        let c = chars[i].1;
        if ascii_digit(c).is_none() || (i > 0 && is_word_char(chars[i - 1].1)) {
            i += 1;
            continue;
        }
        if i > 0 && matches!(chars[i - 1].1, '.' | '．') {
            i += 1;
            continue;
        }
        let Some(number) = read_number(&chars, i) else {
            i += 1;
            continue;
        };
        let sign_start = if number.negative { i - 1 } else { i };
        // The unit, after optional spaces.
        let mut u = number.end;
        while u < chars.len() && chars[u].1 == ' ' {
            u += 1;
        }
        let rest: String = chars[u..chars.len().min(u + 6)]
            .iter()
            .map(|(_, c)| *c)
            .collect();
        let unit = UNITS
            .iter()
            .find(|(word, _)| rest.starts_with(word))
            .map(|(word, unit)| (*word, *unit));
        let count_unit = COUNT_UNITS
            .iter()
            .filter(|word| rest.starts_with(**word))
            .max_by_key(|word| word.len())
            .copied();
        let previous = sign_start.checked_sub(1).map(|p| chars[p].1);
        let next_after_number = chars.get(number.end).map(|(_, c)| *c);
        let unit_end = |word: &str| u + word.chars().count();

        let non_quantity = |kind: NonQuantityKind, end: usize| NonQuantity {
            text: paragraph[byte_at(sign_start)..byte_at(end)].to_string(),
            kind,
            span: byte_at(sign_start)..byte_at(end),
        };
        let (kind, end) = if let Some(date_end) = number.date_end {
            (Some(NonQuantityKind::Date), date_end)
        } else if previous == Some('第') {
            let end = unit.map_or(number.end, |(w, _)| unit_end(w));
            let end = count_unit.map_or(end, |w| end.max(unit_end(w)));
            (Some(NonQuantityKind::Ordinal), end)
        } else if matches!(previous, Some('〔' | '[' | '【' | '［'))
            && matches!(next_after_number, Some('〕' | ']' | '】' | '］'))
        {
            (Some(NonQuantityKind::DocumentNumber), number.end)
        } else if matches!(previous, Some('（' | '('))
            && matches!(next_after_number, Some('）' | ')'))
        {
            (Some(NonQuantityKind::Ordinal), number.end)
        } else if let Some((word, unit @ (Unit::Year | Unit::Date | Unit::DocumentNumber))) = unit {
            let kind = match unit {
                Unit::Year => NonQuantityKind::Year,
                Unit::Date => NonQuantityKind::Date,
                _ => NonQuantityKind::DocumentNumber,
            };
            (Some(kind), unit_end(word))
        } else if let Some((word, Unit::Figure(FigureUnit::Score))) = unit
            && matches!(previous, Some('时' | '点' | ':' | '：'))
        {
            // 10时30分: a time, not a score.
            (Some(NonQuantityKind::Date), unit_end(word))
        } else if let Some((word, Unit::Count)) = unit {
            (
                Some(NonQuantityKind::Count {
                    unit: word.to_string(),
                }),
                unit_end(word),
            )
        } else if let (Some(word), true) = (count_unit, unit.is_none()) {
            (
                Some(NonQuantityKind::Count {
                    unit: word.to_string(),
                }),
                unit_end(word),
            )
        } else if unit.is_none() {
            let digits = number.digits;
            let phone = (digits >= 7 && number.decimals == 0 && !number.grouped)
                || matches!(next_after_number, Some('-' | '－'));
            let ordinal =
                matches!(next_after_number, Some('、' | '.' | '．')) && number.decimals == 0;
            let kind = if phone {
                NonQuantityKind::Phone
            } else if ordinal {
                NonQuantityKind::Ordinal
            } else {
                NonQuantityKind::Bare
            };
            (Some(kind), number.end)
        } else {
            (None, number.end)
        };
        if let Some(kind) = kind {
            out.non_quantities.push(non_quantity(kind, end));
            i = end.max(i + 1);
            clause_floor = i;
            continue;
        }
        let Some((word, Unit::Figure(figure_unit))) = unit else {
            i = number.end;
            continue;
        };
        let end = unit_end(word);
        let clause_start = (clause_floor..sign_start)
            .rev()
            .find(|&k| is_boundary(chars[k].1))
            .map_or(clause_floor, |k| k + 1);
        let clause: String = chars[clause_start..sign_start]
            .iter()
            .map(|(_, c)| *c)
            .collect();
        let (subject, comparison) = read_clause(&clause, figure_unit);
        let mut value = number.value;
        if number.negative {
            value = -value;
        }
        out.figures.push(QuotedFigure {
            text: paragraph[byte_at(sign_start)..byte_at(end)].to_string(),
            value,
            decimals: number.decimals,
            unit: figure_unit,
            subject,
            comparison,
            span: byte_at(sign_start)..byte_at(end),
        });
        i = end;
        clause_floor = end;
    }
    out
}

struct ReadNumber {
    value: Decimal,
    decimals: u32,
    /// Char index just past the number.
    end: usize,
    negative: bool,
    digits: usize,
    grouped: bool,
    /// Char index past a whole date (`2026-03-12`), when the number starts one.
    date_end: Option<usize>,
}

/// The number starting at char `start`: digits, thousands groups of three, a decimal part.
fn read_number(chars: &[(usize, char)], start: usize) -> Option<ReadNumber> {
    let digit = |k: usize| chars.get(k).and_then(|(_, c)| ascii_digit(*c));
    let mut text = String::new();
    let mut k = start;
    while let Some(d) = digit(k) {
        text.push(d);
        k += 1;
    }
    let integer_digits = text.len();
    // A date written with separators: 2026-03-12, 2026.3.12, 2026/03/12.
    if integer_digits == 4 {
        let sep = chars.get(k).map(|(_, c)| *c);
        if let Some(sep @ ('-' | '/' | '.' | '－' | '．')) = sep {
            let mut m = k + 1;
            let mut first = 0;
            while digit(m).is_some() {
                m += 1;
                first += 1;
            }
            if (1..=2).contains(&first) && chars.get(m).map(|(_, c)| *c) == Some(sep) {
                let mut n = m + 1;
                let mut second = 0;
                while digit(n).is_some() {
                    n += 1;
                    second += 1;
                }
                if (1..=2).contains(&second) {
                    return Some(ReadNumber {
                        value: Decimal::ZERO,
                        decimals: 0,
                        end: n,
                        negative: false,
                        digits: 4,
                        grouped: false,
                        date_end: Some(n),
                    });
                }
            }
        }
    }
    let mut grouped = false;
    if integer_digits <= 3 {
        loop {
            let sep = chars.get(k).map(|(_, c)| *c);
            if !matches!(sep, Some(',' | '，')) {
                break;
            }
            let group: Option<String> = (1..=3).map(|j| digit(k + j)).collect();
            match group {
                Some(g) if digit(k + 4).is_none() => {
                    text.push_str(&g);
                    k += 4;
                    grouped = true;
                }
                _ => break,
            }
        }
    }
    let mut decimals = 0u32;
    if matches!(chars.get(k).map(|(_, c)| *c), Some('.' | '．')) && digit(k + 1).is_some() {
        text.push('.');
        k += 1;
        while let Some(d) = digit(k) {
            text.push(d);
            k += 1;
            decimals += 1;
        }
    }
    let negative = start > 0
        && matches!(chars[start - 1].1, '-' | '−' | '－')
        && (start < 2 || !is_word_char(chars[start - 2].1));
    let value = Decimal::from_str(&text).ok()?;
    Some(ReadNumber {
        value,
        decimals,
        end: k,
        negative,
        digits: integer_digits,
        grouped,
        date_end: None,
    })
}

const INCREASE: &[&str] = &["增加", "增长", "提高", "上升", "增收", "增多", "多"];
const DECREASE: &[&str] = &["减少", "下降", "降低", "减收", "缩减", "减", "少"];
/// Words between the subject and the figure that say nothing about it.
const FILLERS: &[&str] = &["达到", "共计", "为", "是", "达", "约", "了"];
/// Words before the subject that are not part of it.
const LEADING: &[&str] = &["其中", "全年", "累计"];
/// Words after the subject that are not part of it (`各增加`, `同比增长`).
const TRAILING: &[&str] = &["分别", "同比", "各", "均", "共"];

fn strip_suffixes<'a>(mut text: &'a str, words: &[&str]) -> &'a str {
    loop {
        let before = text;
        for word in words {
            if let Some(rest) = text.strip_suffix(word) {
                text = rest;
            }
        }
        if text == before {
            return text;
        }
    }
}

fn strip_prefixes<'a>(mut text: &'a str, words: &[&str]) -> &'a str {
    loop {
        let before = text;
        for word in words {
            if let Some(rest) = text.strip_prefix(word) {
                text = rest;
            }
        }
        if text == before {
            return text;
        }
    }
}

/// The subject and the comparison of the clause before a figure.
fn read_clause(clause: &str, unit: FigureUnit) -> (String, Comparison) {
    let clause = clause.trim();
    let clause = strip_suffixes(clause, FILLERS);
    // A share: …占[whole的]
    if let Some(at) = clause.rfind('占') {
        let whole = &clause[at + '占'.len_utf8()..];
        let whole = whole.strip_suffix('的').unwrap_or(whole);
        let whole = whole.strip_prefix('比').unwrap_or(whole).trim();
        let subject = subject_words(&clause[..at]);
        let of = (!whole.is_empty() && whole != "比").then(|| whole.to_string());
        return (subject, Comparison::Share { of });
    }
    let directions = INCREASE
        .iter()
        .map(|w| (w, Direction::Increase))
        .chain(DECREASE.iter().map(|w| (w, Direction::Decrease)));
    let found = directions
        .filter(|(w, _)| clause.ends_with(**w))
        .max_by_key(|(w, _)| w.len());
    if let Some((word, direction)) = found {
        let head = &clause[..clause.len() - word.len()];
        let head = strip_suffixes(head, TRAILING);
        // 比X / 较X / 与X相比 at the end of the head names the reference.
        let (subject, against) = match head.rfind('比').or_else(|| head.rfind('较')) {
            Some(at) => {
                let marker_len = head[at..].chars().next().map_or(0, char::len_utf8);
                let against = head[at + marker_len..].trim();
                let subject = head[..at].trim_end_matches('与');
                (
                    subject,
                    (!against.is_empty()).then(|| against.trim_end_matches('相').to_string()),
                )
            }
            None => (head, None),
        };
        let subject = subject_words(strip_suffixes(subject, TRAILING));
        let comparison = if matches!(unit, FigureUnit::Percent) {
            Comparison::Rate { direction, against }
        } else {
            Comparison::Change { direction, against }
        };
        return (subject, comparison);
    }
    (subject_words(clause), Comparison::None)
}

/// The label-like words at the end of a clause: leading fillers and a year dropped, at most
/// the last 40 characters.
fn subject_words(text: &str) -> String {
    let text = strip_prefixes(text.trim(), LEADING);
    let text = text.trim_start_matches(['、', ' ', '　']);
    let chars: Vec<char> = text.chars().collect();
    let keep = chars.len().saturating_sub(40);
    chars[keep..].iter().collect::<String>().trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> QuotedFigure {
        let figures = scan(text);
        assert_eq!(figures.len(), 1, "{text}: {figures:?}");
        figures.into_iter().next().unwrap_or_else(|| unreachable!())
    }

    fn kinds(text: &str) -> Vec<NonQuantityKind> {
        let scanned = scan_all(text);
        assert!(scanned.figures.is_empty(), "{text}: {:?}", scanned.figures);
        scanned.non_quantities.into_iter().map(|n| n.kind).collect()
    }

    #[test]
    fn amounts_with_each_unit_and_thousands_separators() {
        let f = one("收入总计5,212.80万元");
        assert_eq!(
            (f.text.as_str(), f.value.to_string().as_str()),
            ("5,212.80万元", "5212.80")
        );
        assert_eq!(
            (f.unit, f.decimals, f.subject.as_str()),
            (FigureUnit::TenThousandYuan, 2, "收入总计")
        );
        assert_eq!(f.comparison, Comparison::None);
        let f = one("总投资12.5亿元");
        assert_eq!(f.in_ten_thousand_yuan(), Some(Decimal::new(125_000, 0)));
        let f = one("补助资金3,000元");
        assert_eq!(f.in_ten_thousand_yuan(), Some(Decimal::new(3000, 4)));
        assert_eq!(one("经费１２３．４５万元").value, Decimal::new(12345, 2));
        assert_eq!(one("共计1,234千元").unit, FigureUnit::ThousandYuan);
        assert_eq!(one("合计5.6百万元").unit, FigureUnit::MillionYuan);
        let f = one("综合得分145.76分");
        assert_eq!(
            (f.unit, f.subject.as_str()),
            (FigureUnit::Score, "综合得分")
        );
        assert_eq!(one("执行率98.5％").unit, FigureUnit::Percent);
        assert_eq!(one("提高2.3个百分点").unit, FigureUnit::PercentagePoint);
        assert_eq!(one("结余为-8.40万元").value, Decimal::new(-840, 2));
        assert_eq!(one("收入 5212.80 万元").value, Decimal::new(521_280, 2));
    }

    #[test]
    fn subjects_drop_years_fillers_and_clause_openers() {
        let f = scan("2025年度本年支出合计4,067.80万元，其中：基本支出3,104.55万元，占76.32%");
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].subject, "本年支出合计");
        assert_eq!(f[1].subject, "基本支出");
        assert_eq!(f[2].comparison, Comparison::Share { of: None });
        let f = one("2025年度“三公”经费支出131.10万元");
        assert_eq!(f.subject, "“三公”经费支出");
        let f = one("按支出功能分类科目，农林水支出3,189.03万元");
        assert_eq!(f.subject, "农林水支出");
        assert_eq!(
            one("一般公共预算财政拨款收入为3,456.20万元").subject,
            "一般公共预算财政拨款收入"
        );
    }

    #[test]
    fn comparisons() {
        let f = scan("“三公”经费支出131.10万元，比预算减少8.40万元，下降6.02%");
        assert_eq!(f.len(), 3);
        assert_eq!(
            f[1].comparison,
            Comparison::Change {
                direction: Direction::Decrease,
                against: Some("预算".to_string())
            }
        );
        assert_eq!(
            f[2].comparison,
            Comparison::Rate {
                direction: Direction::Decrease,
                against: None
            }
        );
        assert_eq!(one("支出总计5,212.80万元").subject, "支出总计");
        assert_eq!(one("本年收入合计为3,846.65万元").subject, "本年收入合计");
        let f = one("收入、支出总计各增加312.60万元");
        assert_eq!(f.subject, "收入、支出总计");
        assert!(matches!(
            f.comparison,
            Comparison::Change {
                direction: Direction::Increase,
                ..
            }
        ));
        let f = one("基本支出比上年增长5.20%");
        assert_eq!(f.subject, "基本支出");
        assert_eq!(
            f.comparison,
            Comparison::Rate {
                direction: Direction::Increase,
                against: Some("上年".to_string())
            }
        );
        let f = one("基本支出较上年降低3.5%");
        assert!(matches!(
            f.comparison,
            Comparison::Rate {
                direction: Direction::Decrease,
                ..
            }
        ));
        let f = one("项目支出占本年支出合计的23.68%");
        assert_eq!(f.subject, "项目支出");
        assert_eq!(
            f.comparison,
            Comparison::Share {
                of: Some("本年支出合计".to_string())
            }
        );
        assert_eq!(
            one("占比为78.40%").comparison,
            Comparison::Share { of: None }
        );
    }

    #[test]
    fn years_dates_and_document_numbers_are_never_figures() {
        assert_eq!(kinds("2025年"), [NonQuantityKind::Year]);
        assert_eq!(kinds("2025年度部门决算"), [NonQuantityKind::Year]);
        assert_eq!(
            kinds("经2026年3月12日局党组会议审议通过"),
            [
                NonQuantityKind::Year,
                NonQuantityKind::Date,
                NonQuantityKind::Date
            ]
        );
        assert_eq!(kinds("于2026-04-10公开"), [NonQuantityKind::Date]);
        assert_eq!(
            kinds("上午9时30分开会"),
            [NonQuantityKind::Bare, NonQuantityKind::Date]
        );
        assert_eq!(kinds("于2026.4.10公开"), [NonQuantityKind::Date]);
        assert_eq!(
            kinds("（望财预〔2025〕12号）"),
            [
                NonQuantityKind::DocumentNumber,
                NonQuantityKind::DocumentNumber
            ]
        );
        assert_eq!(
            kinds("望财预[2025]7号"),
            [
                NonQuantityKind::DocumentNumber,
                NonQuantityKind::DocumentNumber
            ]
        );
    }

    #[test]
    fn ordinals_sections_phones_and_counts_are_never_figures() {
        assert_eq!(kinds("第12号"), [NonQuantityKind::Ordinal]);
        assert_eq!(
            kinds("第3条第2款"),
            [NonQuantityKind::Ordinal, NonQuantityKind::Ordinal]
        );
        assert!(
            scan_all("第三部分　2025年度部门决算情况说明")
                .figures
                .is_empty()
        );
        assert!(
            scan_all("一、收入支出决算总体情况说明")
                .non_quantities
                .is_empty()
        );
        assert_eq!(kinds("（1）公务用车购置费"), [NonQuantityKind::Ordinal]);
        assert_eq!(kinds("1.因公出国（境）费"), [NonQuantityKind::Ordinal]);
        assert_eq!(kinds("2、公务接待费"), [NonQuantityKind::Ordinal]);
        assert_eq!(
            kinds("联系电话：0477-8581234"),
            [NonQuantityKind::Phone, NonQuantityKind::Phone]
        );
        assert_eq!(kinds("电话13912345678"), [NonQuantityKind::Phone]);
        assert_eq!(
            kinds("接待国内来访团组46批次"),
            [NonQuantityKind::Count {
                unit: "批次".to_string()
            }]
        );
        assert_eq!(
            kinds("年末公务用车保有量12辆"),
            [NonQuantityKind::Count {
                unit: "辆".to_string()
            }]
        );
        assert_eq!(
            kinds("会议时长30分钟"),
            [NonQuantityKind::Count {
                unit: "分钟".to_string()
            }]
        );
        assert_eq!(kinds("附表3"), [NonQuantityKind::Bare]);
        assert!(scan("GB2312编码").is_empty());
    }

    #[test]
    fn the_sample_paragraphs_quote_what_they_quote() {
        let text = "2025年度“三公”经费支出131.10万元，比预算减少8.40万元，下降6.02%，主要原因是严格落实\
                    过紧日子要求。其中：公务接待费14.62万元，接待国内来访团组46批次；公务用车购置及运行费\
                    116.48万元，年末公务用车保有量12辆。";
        let scanned = scan_all(text);
        let quoted: Vec<&str> = scanned.figures.iter().map(|f| f.text.as_str()).collect();
        assert_eq!(
            quoted,
            ["131.10万元", "8.40万元", "6.02%", "14.62万元", "116.48万元"]
        );
        assert_eq!(scanned.figures[3].subject, "公务接待费");
        assert_eq!(scanned.figures[4].subject, "公务用车购置及运行费");
        for figure in &scanned.figures {
            assert_eq!(&text[figure.span.clone()], figure.text);
        }
    }
}
