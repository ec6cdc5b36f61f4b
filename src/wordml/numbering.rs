//! Automatic list numbering (`numbering.xml`): the labels Word displays ("1.", "一、", "①"),
//! computed in document order with counters per abstract list, level restarts and start
//! overrides.

use std::collections::{HashMap, HashSet};
use std::io::BufRead;

use super::styles::Styles;
use crate::Result;
use crate::xml::{Ev, Ns, XmlReader, local_name};

const LEVELS: usize = 9;

/// Longest value kept from a level's attributes (real ones are a few characters), so that a
/// damaged numbering.xml cannot make every numbered paragraph copy megabytes.
const MAX_VALUE_BYTES: usize = 256;
/// Longest label produced (Word's longest, nine levels of "%1.", is about 30 characters).
const MAX_LABEL_BYTES: usize = 256;
/// Widest zero-padding of a custom format ("001, 002, 003, ..." pads to 3).
const MAX_CUSTOM_WIDTH: usize = 16;

/// `value` cut to `MAX_VALUE_BYTES` (at a character boundary).
fn capped(value: Option<String>) -> Option<String> {
    value.map(|mut v| {
        truncate(&mut v, MAX_VALUE_BYTES);
        v
    })
}

fn truncate(text: &mut String, max_bytes: usize) {
    if text.len() > max_bytes {
        let mut end = max_bytes;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
}

/// What follows a label: a tab, a space or nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Suffix {
    #[default]
    Tab,
    Space,
    Nothing,
}

#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    format: String,
    /// For `w:numFmt w:val="custom"`: the sample, e.g. "001, 002, 003, ...".
    custom: Option<String>,
    text: Option<String>,
    restart: Option<u32>,
    suffix: Suffix,
    legal: bool,
    style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: Vec<Option<Level>>,
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: String,
    start_overrides: Vec<(usize, u32)>,
    level_overrides: Vec<(usize, Level)>,
}

/// A computed label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Label {
    /// The label text, e.g. "1." (empty for bullets, which are not kept).
    pub(crate) text: String,
    pub(crate) suffix: Suffix,
    pub(crate) bullet: bool,
}

/// Numbering definitions and the running counters.
#[derive(Debug, Clone, Default)]
pub(crate) struct Numbering {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<String, Num>,
    counters: HashMap<String, [Option<u32>; LEVELS]>,
    /// The start override in force per abstract list and level (from the num last started).
    starts: HashMap<String, [Option<u32>; LEVELS]>,
    used: HashSet<String>,
}

impl Numbering {
    /// Parses `numbering.xml`.
    pub(crate) fn parse<R: BufRead>(mut xml: XmlReader<R>) -> Result<Self> {
        let mut numbering = Numbering::default();
        let mut buf = crate::xml::Window::default();
        let mut path: Vec<String> = Vec::new();
        let mut abstract_num: Option<(String, AbstractNum)> = None;
        let mut num: Option<(String, Num)> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        // mc:AlternateContent around w:numFmt: the first Choice wins, Fallback is skipped.
        let mut alternate_taken: Vec<bool> = Vec::new();
        loop {
            match xml.next(&mut buf)? {
                Ev::Start { ns, start, empty } => {
                    let local = local_name(&start).to_string();
                    if ns == Ns::Mc {
                        match local.as_str() {
                            "AlternateContent" if !empty => alternate_taken.push(false),
                            "Choice" | "Fallback" if !empty => {
                                let taken = alternate_taken.last_mut();
                                match taken {
                                    Some(t) if !*t => *t = true,
                                    _ => {
                                        xml.skip_element(&mut buf)?;
                                        continue;
                                    }
                                }
                            }
                            _ => {}
                        }
                    } else if ns == Ns::W {
                        let val = xml.attr(&start, "val")?.map(|v| v.into_owned());
                        match local.as_str() {
                            "abstractNum" => {
                                let id = xml.attr(&start, "abstractNumId")?.unwrap_or_default();
                                let id = capped(Some(id.trim().to_string())).unwrap_or_default();
                                abstract_num = Some((id, AbstractNum::default()));
                            }
                            "num" => {
                                let id = xml.attr(&start, "numId")?.unwrap_or_default();
                                let id = capped(Some(id.trim().to_string())).unwrap_or_default();
                                num = Some((id, Num::default()));
                            }
                            "abstractNumId" => {
                                if let Some((_, n)) = num.as_mut() {
                                    n.abstract_id = capped(val.map(|v| v.trim().to_string()))
                                        .unwrap_or_default();
                                }
                            }
                            "lvlOverride" => {
                                override_level = xml
                                    .attr(&start, "ilvl")?
                                    .and_then(|v| v.trim().parse().ok())
                                    .filter(|l: &usize| *l < LEVELS);
                            }
                            "startOverride" => {
                                if let (Some((_, n)), Some(l), Some(v)) = (
                                    num.as_mut(),
                                    override_level,
                                    val.and_then(|v| v.trim().parse().ok()),
                                ) {
                                    // One per level (the last one), so the list stays short.
                                    n.start_overrides.retain(|(level, _)| *level != l);
                                    n.start_overrides.push((l, v));
                                }
                            }
                            "lvl" => {
                                let ilvl = xml
                                    .attr(&start, "ilvl")?
                                    .and_then(|v| v.trim().parse().ok())
                                    .unwrap_or(0usize);
                                if ilvl < LEVELS {
                                    level = Some((ilvl, Level::default()));
                                }
                            }
                            "numStyleLink" => {
                                if let Some((_, a)) = abstract_num.as_mut() {
                                    a.style_link = val;
                                }
                            }
                            name if path.last().is_some_and(|p| p == "lvl")
                                || !alternate_taken.is_empty() =>
                            {
                                if let Some((_, l)) = level.as_mut() {
                                    match name {
                                        "start" => {
                                            l.start = val.and_then(|v| v.trim().parse().ok())
                                        }
                                        "numFmt" => {
                                            l.format = capped(val).unwrap_or_default();
                                            l.custom = capped(
                                                xml.attr(&start, "format")?.map(|v| v.into_owned()),
                                            );
                                        }
                                        "lvlText" => l.text = capped(val),
                                        "lvlRestart" => {
                                            l.restart = val.and_then(|v| v.trim().parse().ok())
                                        }
                                        "suff" => {
                                            l.suffix = match val.as_deref() {
                                                Some("space") => Suffix::Space,
                                                Some("nothing") => Suffix::Nothing,
                                                _ => Suffix::Tab,
                                            }
                                        }
                                        "isLgl" => {
                                            l.legal =
                                                val.as_deref().is_none_or(super::styles::on_off)
                                        }
                                        "pStyle" => l.style = capped(val),
                                        _ => {}
                                    }
                                }
                            }
                            _ => {}
                        }
                    }
                    if !empty {
                        if ns == Ns::W && local.ends_with("Change") {
                            xml.skip_element(&mut buf)?;
                            continue;
                        }
                        path.push(local);
                    }
                }
                Ev::End => {
                    let Some(local) = path.pop() else { continue };
                    match local.as_str() {
                        "lvl" => {
                            if let Some((ilvl, l)) = level.take() {
                                if let Some(o) = override_level.filter(|_| num.is_some()) {
                                    // One per level (the first one, which is the one used).
                                    if let Some((_, n)) = num.as_mut()
                                        && !n.level_overrides.iter().any(|(i, _)| *i == o)
                                    {
                                        n.level_overrides.push((o, l));
                                    }
                                } else if let Some((_, a)) = abstract_num.as_mut() {
                                    if a.levels.len() <= ilvl {
                                        a.levels.resize(ilvl + 1, None);
                                    }
                                    if let Some(slot) = a.levels.get_mut(ilvl) {
                                        *slot = Some(l);
                                    }
                                }
                            }
                        }
                        "lvlOverride" => override_level = None,
                        "abstractNum" => {
                            if let Some((id, a)) = abstract_num.take() {
                                numbering.abstracts.entry(id).or_insert(a);
                            }
                        }
                        "num" => {
                            if let Some((id, n)) = num.take() {
                                numbering.nums.entry(id).or_insert(n);
                            }
                        }
                        "AlternateContent" => {
                            alternate_taken.pop();
                        }
                        _ => {}
                    }
                }
                Ev::Eof => return Ok(numbering),
                _ => {}
            }
        }
    }

    /// The abstract list a num refers to, following `w:numStyleLink` through the styles.
    fn resolve_abstract(&self, num_id: &str, styles: &Styles) -> Option<String> {
        let mut abstract_id = self.nums.get(num_id)?.abstract_id.clone();
        for _ in 0..4 {
            let abs = self.abstracts.get(&abstract_id)?;
            let has_levels = abs.levels.iter().any(Option::is_some);
            match (&abs.style_link, has_levels) {
                (Some(link), false) => {
                    let (linked_num, _) = styles.numbering(link)?;
                    abstract_id = self.nums.get(&linked_num)?.abstract_id.clone();
                }
                _ => return Some(abstract_id),
            }
        }
        Some(abstract_id)
    }

    fn level(&self, num_id: &str, abstract_id: &str, ilvl: usize) -> Option<Level> {
        if let Some(num) = self.nums.get(num_id)
            && let Some((_, l)) = num.level_overrides.iter().find(|(i, _)| *i == ilvl)
        {
            return Some(l.clone());
        }
        self.abstracts
            .get(abstract_id)?
            .levels
            .get(ilvl)
            .cloned()
            .flatten()
    }

    /// The level of an abstract list tied to a paragraph style (`w:lvl/w:pStyle`).
    pub(crate) fn level_for_style(&self, num_id: &str, style: &str, styles: &Styles) -> Option<u8> {
        let abstract_id = self.resolve_abstract(num_id, styles)?;
        let abs = self.abstracts.get(&abstract_id)?;
        abs.levels
            .iter()
            .position(|l| l.as_ref().and_then(|l| l.style.as_deref()) == Some(style))
            .and_then(|i| u8::try_from(i).ok())
    }

    /// Advances the counters for a paragraph numbered `num_id` at level `ilvl` and returns its
    /// label. `None` when the numbering does not exist (numId 0 removes numbering).
    pub(crate) fn next_label(&mut self, num_id: &str, ilvl: u8, styles: &Styles) -> Option<Label> {
        if num_id.trim() == "0" {
            return None;
        }
        let ilvl = usize::from(ilvl).min(LEVELS - 1);
        let abstract_id = self.resolve_abstract(num_id, styles)?;
        let level = self.level(num_id, &abstract_id, ilvl)?;
        if level.format == "bullet" {
            return Some(Label {
                text: String::new(),
                suffix: level.suffix,
                bullet: true,
            });
        }
        // A num with start overrides restarts its levels the first time it is used.
        if self.used.insert(num_id.to_string())
            && let Some(num) = self.nums.get(num_id)
        {
            let overrides = num.start_overrides.clone();
            if !overrides.is_empty() {
                let counters = self.counters.entry(abstract_id.clone()).or_default();
                let starts = self.starts.entry(abstract_id.clone()).or_default();
                for (l, value) in overrides {
                    if let (Some(c), Some(s)) = (counters.get_mut(l), starts.get_mut(l)) {
                        *c = None;
                        *s = Some(value);
                    }
                }
            }
        }
        let starts = self.starts.get(&abstract_id).copied().unwrap_or_default();
        let mut levels: Vec<Option<Level>> = Vec::with_capacity(LEVELS);
        for l in 0..LEVELS {
            levels.push(self.level(num_id, &abstract_id, l));
        }
        let start_of = |l: usize| -> u32 {
            starts
                .get(l)
                .copied()
                .flatten()
                .or_else(|| levels.get(l).cloned().flatten().and_then(|lv| lv.start))
                .unwrap_or(1)
        };
        let counters = self.counters.entry(abstract_id).or_default();
        let current = counters.get(ilvl).copied().flatten();
        let value = match current {
            Some(v) => v.saturating_add(1),
            None => start_of(ilvl),
        };
        if let Some(c) = counters.get_mut(ilvl) {
            *c = Some(value);
        }
        for deeper in ilvl + 1..LEVELS {
            let restart = levels
                .get(deeper)
                .cloned()
                .flatten()
                .and_then(|l| l.restart);
            let resets = match restart {
                None => true,
                Some(0) => false,
                // lvlRestart is 1-based: restart when that level or a higher one is used.
                Some(r) => (ilvl as u32) < r,
            };
            if resets && let Some(c) = counters.get_mut(deeper) {
                *c = None;
            }
        }
        let template = level
            .text
            .clone()
            .unwrap_or_else(|| format!("%{}", ilvl + 1));
        let mut text = String::new();
        let mut chars = template.chars().peekable();
        while let Some(ch) = chars.next() {
            if text.len() >= MAX_LABEL_BYTES {
                break;
            }
            if ch == '%'
                && let Some(digit) = chars.peek().and_then(|d| d.to_digit(10))
            {
                chars.next();
                let l = (digit as usize).saturating_sub(1);
                if l < LEVELS {
                    let n = counters
                        .get(l)
                        .copied()
                        .flatten()
                        .unwrap_or_else(|| start_of(l));
                    let lv = levels.get(l).cloned().flatten().unwrap_or_default();
                    let format = if level.legal {
                        "decimal"
                    } else {
                        lv.format.as_str()
                    };
                    text.push_str(&format_number(n, format, lv.custom.as_deref()));
                }
                continue;
            }
            text.push(ch);
        }
        truncate(&mut text, MAX_LABEL_BYTES);
        Some(Label {
            text,
            suffix: level.suffix,
            bullet: false,
        })
    }
}

/// Formats `n` the way Word does for a `w:numFmt` value.
pub(crate) fn format_number(n: u32, format: &str, custom: Option<&str>) -> String {
    match format {
        "decimal" | "" => n.to_string(),
        "decimalZero" => format!("{n:02}"),
        "upperLetter" => letters(n, b'A'),
        "lowerLetter" => letters(n, b'a'),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "none" => String::new(),
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "koreanCounting" => chinese(n, &CHINESE_DIGITS, &CHINESE_UNITS),
        "chineseLegalSimplified" | "ideographLegalTraditional" | "japaneseLegal" => {
            chinese(n, &LEGAL_DIGITS, &LEGAL_UNITS)
        }
        "ideographDigital" | "japaneseDigitalTenThousand" | "taiwaneseDigital" => n
            .to_string()
            .chars()
            .map(|d| {
                let i = d.to_digit(10).unwrap_or(0) as usize;
                CHINESE_DIGITS.get(i).copied().unwrap_or('〇')
            })
            .collect(),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => {
            enclosed(n, &[(1, 20, 0x2460), (21, 35, 0x3251), (36, 50, 0x32B1)])
        }
        "decimalEnclosedFullstop" => enclosed(n, &[(1, 20, 0x2488)]),
        "decimalEnclosedParen" => enclosed(n, &[(1, 20, 0x2474)]),
        "ideographEnclosedCircle" => enclosed(n, &[(1, 10, 0x3220)]),
        "ideographTraditional" => cycle(n, "甲乙丙丁戊己庚辛壬癸"),
        "ideographZodiac" => cycle(n, "子丑寅卯辰巳午未申酉戌亥"),
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|d| char::from_u32(u32::from(d) + 0xFF10 - 0x30).unwrap_or(d))
            .collect(),
        "ordinal" => {
            let suffix = match (n % 10, n % 100) {
                (_, 11..=13) => "th",
                (1, _) => "st",
                (2, _) => "nd",
                (3, _) => "rd",
                _ => "th",
            };
            format!("{n}{suffix}")
        }
        "custom" => {
            // "001, 002, 003, ..." → zero-padded to the sample's width.
            let sample = custom.unwrap_or("").split(',').next().unwrap_or("").trim();
            if !sample.is_empty() && sample.chars().all(|c| c.is_ascii_digit()) {
                format!("{n:0width$}", width = sample.len().min(MAX_CUSTOM_WIDTH))
            } else {
                n.to_string()
            }
        }
        _ => n.to_string(),
    }
}

const CHINESE_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
const CHINESE_UNITS: [char; 3] = ['十', '百', '千'];
const LEGAL_DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
const LEGAL_UNITS: [char; 3] = ['拾', '佰', '仟'];

/// Chinese reading of a number below 100,000,000 (larger ones fall back to digits).
fn chinese(n: u32, digits: &[char; 10], units: &[char; 3]) -> String {
    if n == 0 {
        return digits[0].to_string();
    }
    if n >= 100_000_000 {
        return n.to_string();
    }
    let zero = if digits[0] == '〇' { '零' } else { digits[0] };
    let below_10000 = |value: u32, leading: bool| -> String {
        let parts = [value / 1000, value / 100 % 10, value / 10 % 10, value % 10];
        let mut out = String::new();
        let mut pending_zero = false;
        for (i, d) in parts.iter().enumerate() {
            let d = *d as usize;
            if d == 0 {
                if !out.is_empty() {
                    pending_zero = true;
                }
                continue;
            }
            if pending_zero {
                out.push(zero);
                pending_zero = false;
            }
            let unit = match i {
                0 => Some(units[2]),
                1 => Some(units[1]),
                2 => Some(units[0]),
                _ => None,
            };
            // 十一 rather than 一十一 at the very start of the number.
            let skip_one = leading && out.is_empty() && i == 2 && d == 1 && digits[1] == '一';
            if !skip_one {
                out.push(digits.get(d).copied().unwrap_or(digits[0]));
            }
            if let Some(unit) = unit {
                out.push(unit);
            }
        }
        out
    };
    let high = n / 10_000;
    let low = n % 10_000;
    let mut out = String::new();
    if high > 0 {
        out.push_str(&below_10000(high, true));
        out.push('万');
        if low > 0 {
            if low < 1000 {
                out.push(zero);
            }
            out.push_str(&below_10000(low, false));
        }
    } else {
        out.push_str(&below_10000(low, true));
    }
    out
}

fn letters(n: u32, base: u8) -> String {
    if n == 0 {
        return String::new();
    }
    let index = (n - 1) % 26;
    let repeat = ((n - 1) / 26 + 1).min(100) as usize;
    let ch = char::from(base + index as u8);
    std::iter::repeat_n(ch, repeat).collect()
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    const TABLE: [(u32, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut out = String::new();
    for (value, text) in TABLE {
        while n >= value {
            out.push_str(text);
            n -= value;
        }
    }
    out
}

fn enclosed(n: u32, ranges: &[(u32, u32, u32)]) -> String {
    for (low, high, base) in ranges {
        if (*low..=*high).contains(&n)
            && let Some(ch) = char::from_u32(base + n - low)
        {
            return ch.to_string();
        }
    }
    n.to_string()
}

fn cycle(n: u32, symbols: &str) -> String {
    let symbols: Vec<char> = symbols.chars().collect();
    if n == 0 || symbols.is_empty() {
        return n.to_string();
    }
    let i = ((n - 1) as usize) % symbols.len();
    symbols.get(i).map(|c| c.to_string()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats() {
        assert_eq!(format_number(3, "decimal", None), "3");
        assert_eq!(format_number(3, "decimalZero", None), "03");
        assert_eq!(format_number(28, "upperLetter", None), "BB");
        assert_eq!(format_number(14, "lowerRoman", None), "xiv");
        assert_eq!(format_number(1, "chineseCounting", None), "一");
        assert_eq!(format_number(10, "chineseCounting", None), "十");
        assert_eq!(format_number(11, "chineseCountingThousand", None), "十一");
        assert_eq!(format_number(20, "chineseCounting", None), "二十");
        assert_eq!(
            format_number(105, "chineseCountingThousand", None),
            "一百零五"
        );
        assert_eq!(
            format_number(110, "chineseCountingThousand", None),
            "一百一十"
        );
        assert_eq!(
            format_number(10010, "chineseCountingThousand", None),
            "一万零一十"
        );
        assert_eq!(format_number(12, "ideographDigital", None), "一二");
        assert_eq!(format_number(3, "decimalEnclosedCircle", None), "③");
        assert_eq!(format_number(3, "chineseLegalSimplified", None), "叁");
        assert_eq!(format_number(2, "ideographTraditional", None), "乙");
        assert_eq!(
            format_number(7, "custom", Some("001, 002, 003, ...")),
            "007"
        );
        assert_eq!(format_number(12, "decimalFullWidth", None), "１２");
    }

    #[test]
    fn a_hostile_numbering_part_cannot_make_labels_huge() {
        let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;
        let overrides = r#"<w:lvlOverride w:ilvl="1"><w:lvl w:ilvl="1"><w:numFmt w:val="decimal"/></w:lvl></w:lvlOverride>"#
            .repeat(1000);
        let xml = format!(
            r#"<w:numbering {w}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="99999"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="{}"/></w:lvl><w:lvl w:ilvl="1"><w:numFmt w:val="custom" w:format="{}"/><w:lvlText w:val="%2"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/>{overrides}</w:num></w:numbering>"#,
            "%1".repeat(50_000),
            "0".repeat(100_000),
        );
        let reader = XmlReader::new(std::io::Cursor::new(xml.into_bytes()), "numbering.xml", 512);
        let mut numbering = Numbering::parse(reader).expect("parse");
        let styles = Styles::default();
        let label = numbering.next_label("1", 0, &styles).expect("label");
        assert!(
            label.text.starts_with("九万九千九百九十九"),
            "{}",
            label.text
        );
        assert!(label.text.len() <= MAX_LABEL_BYTES, "{}", label.text.len());
        assert_eq!(numbering.nums["1"].level_overrides.len(), 1);
        assert_eq!(
            format_number(7, "custom", Some(&"0".repeat(100_000))),
            format!("{:016}", 7)
        );
    }
}
