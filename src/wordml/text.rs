//! Small text helpers: whitespace collapsing, heading-like paragraphs, symbol characters.

/// Collapses every run of whitespace to one space and trims.
///
/// ```
/// assert_eq!(annex_audit::wordml::collapse_whitespace(" 总分\n（110分） "), "总分 （110分）");
/// ```
pub fn collapse_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `text` without the spaces that sit between two CJK characters: Word's layout (justified
/// or distributed title lines, a line break turned into a space) puts them inside a phrase
/// (`绩效 评估结果`), where Chinese never has one. A space beside a Latin letter or a digit
/// (`2020 年度`) is kept.
///
/// ```
/// assert_eq!(annex_audit::wordml::join_cjk_spaces("政务新媒体绩效 评估结果"), "政务新媒体绩效评估结果");
/// assert_eq!(annex_audit::wordml::join_cjk_spaces("2020 年度 ABC"), "2020 年度 ABC");
/// ```
pub fn join_cjk_spaces(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = out.chars().next_back();
            let after = chars[i + 1..].iter().find(|c| !c.is_whitespace());
            if before.is_some_and(is_cjk) && after.is_some_and(|a| is_cjk(*a)) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// Whether `c` is a CJK ideograph, kana, or CJK or full-width punctuation: a character that
/// takes no space beside another of its kind.
fn is_cjk(c: char) -> bool {
    matches!(
        u32::from(c),
        0x2E80..=0x2FDF        // radicals
            | 0x3001..=0x303F  // CJK symbols and punctuation (not the ideographic space)
            | 0x3040..=0x30FF  // kana
            | 0x3400..=0x4DBF  // extension A
            | 0x4E00..=0x9FFF  // unified ideographs
            | 0xF900..=0xFAFF  // compatibility ideographs
            | 0xFF01..=0xFF0F  // full-width punctuation
            | 0xFF1A..=0xFF20
            | 0xFF3B..=0xFF40
            | 0xFF5B..=0xFF65
            | 0x20000..=0x3FFFF // extensions B and later
    )
}

const CHINESE_NUMERALS: &str = "一二三四五六七八九十百零〇";

/// True for a line that only states the table's unit: `单位：万元`, `金额单位：元`,
/// `（单位：万元、%）`.
pub(crate) fn is_unit_statement(text: &str) -> bool {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let inner = compact
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')']);
    let inner = inner
        .strip_prefix("金额")
        .or_else(|| inner.strip_prefix("资金"))
        .unwrap_or(inner);
    inner
        .strip_prefix("单位")
        .and_then(|rest| rest.strip_prefix(['：', ':']))
        .is_some_and(|unit| (1..=12).contains(&unit.chars().count()))
}

/// True for a short line that starts like a numbered heading: `一、…`, `（一）…`, `第一章…`,
/// `1. …`, `1、…`, `1.2 …`. Notes (`注：…`) and sentences are not headings.
pub(crate) fn looks_like_numbered_heading(text: &str) -> bool {
    let text = text.trim();
    let length = text.chars().count();
    if !(2..=40).contains(&length) {
        return false;
    }
    if text.ends_with(['。', '；', ';', '，', ',', '：', ':']) {
        return false;
    }
    let mut chars = text.chars().peekable();
    let Some(first) = chars.next() else {
        return false;
    };
    // 一、  二、 … 十一、
    if CHINESE_NUMERALS.contains(first) {
        while chars.peek().is_some_and(|c| CHINESE_NUMERALS.contains(*c)) {
            chars.next();
        }
        return matches!(chars.next(), Some('、' | '.' | '．')) && chars.next().is_some();
    }
    // （一） (一) （1）
    if first == '（' || first == '(' {
        let mut digits = 0;
        while chars
            .peek()
            .is_some_and(|c| CHINESE_NUMERALS.contains(*c) || c.is_ascii_digit())
        {
            chars.next();
            digits += 1;
        }
        return digits > 0 && matches!(chars.next(), Some('）' | ')')) && chars.next().is_some();
    }
    // 第一章 第2节 第三部分
    if first == '第' {
        let mut digits = 0;
        while chars
            .peek()
            .is_some_and(|c| CHINESE_NUMERALS.contains(*c) || c.is_ascii_digit() || *c == '千')
        {
            chars.next();
            digits += 1;
        }
        let rest: String = chars.collect();
        return digits > 0
            && ["章", "节", "部分", "篇", "编"]
                .iter()
                .any(|unit| rest.starts_with(unit));
    }
    // 1. xxx   1、xxx   1.2 xxx   (but not 1.5, 0.6687 + 0.15346 or 2020年): the number is
    // followed by words, never by a digit or an operator.
    let starts_with_word = |rest: &[char]| {
        rest.iter()
            .find(|c| !c.is_whitespace())
            .is_some_and(|c| c.is_alphabetic())
    };
    if first.is_ascii_digit() && first != '0' {
        while chars.peek().is_some_and(char::is_ascii_digit) {
            chars.next();
        }
        match chars.next() {
            Some('、') => starts_with_word(&chars.collect::<Vec<char>>()),
            Some('.' | '．') => {
                // 1.2 heading: sub-numbers followed by a space.
                let mut after: Vec<char> = chars.collect();
                if after.first().is_some_and(char::is_ascii_digit) {
                    while after
                        .first()
                        .is_some_and(|c| c.is_ascii_digit() || *c == '.')
                    {
                        after.remove(0);
                    }
                    return after.first().is_some_and(|c| c.is_whitespace())
                        && starts_with_word(&after);
                }
                starts_with_word(&after)
            }
            _ => false,
        }
    } else {
        false
    }
}

/// True for a bare `附件`, `附件1`, `附件：` line (never the title).
pub(crate) fn is_attachment_label(text: &str) -> bool {
    // Every paragraph after a table is asked: most answer at their first character.
    if !text.trim_start().starts_with('附') {
        return false;
    }
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(rest) = text.strip_prefix("附件") else {
        return false;
    };
    rest.chars().all(|c| {
        c.is_ascii_digit()
            || ('０'..='９').contains(&c)
            || CHINESE_NUMERALS.contains(c)
            || matches!(c, ':' | '：' | '-' | '—')
    })
}

const SYMBOL_LOW: &str = " !∀#∃%&∋()∗+,−./0123456789:;<=>?≅ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ[∴]⊥_‾αβχδεφγηιϕκλμνοπθρστυϖωξψζ{|}∼";
const SYMBOL_HIGH: &str = "€ϒ′≤⁄∞ƒ♣♦♥♠↔←↑→↓°±″≥×∝∂•÷≠≡≈…⏐⎯↵ℵℑℜ℘⊗⊕∅∩∪⊃⊇⊄⊂⊆∈∉∠∇®©™∏√⋅¬∧∨⇔⇐⇑⇒⇓◊〈®©™∑⎛⎜⎝⎡⎢⎣⎧⎨⎩⎪\u{F8FF}〉∫⌠⎮⌡⎞⎟⎠⎤⎥⎦⎫⎬⎭";

/// The Unicode character for a `w:sym`: Symbol and Wingdings code points Word stores in the
/// private use area (F0xx) are mapped where a common equivalent exists; a private-use code point
/// that cannot be mapped means nothing outside its font and is dropped (`None`).
pub(crate) fn symbol_char(font: &str, code: u32) -> Option<char> {
    let low = if (0xF000..=0xF0FF).contains(&code) {
        code - 0xF000
    } else {
        code
    };
    let font = font.to_ascii_lowercase();
    let mapped = if font.starts_with("symbol") {
        // The Adobe Symbol encoding, 0x20–0x7E and 0xA0–0xFE.
        let index = |range_start: u32| usize::try_from(low - range_start).ok();
        match low {
            0x20..=0x7E => index(0x20).and_then(|i| SYMBOL_LOW.chars().nth(i)),
            0xA0..=0xFE => index(0xA0).and_then(|i| SYMBOL_HIGH.chars().nth(i)),
            _ => None,
        }
    } else if font.starts_with("wingdings 2") {
        match low {
            0x50 => Some('✓'),
            0x4F => Some('✗'),
            0x52 => Some('☑'),
            0x54 => Some('☒'),
            0xA3 => Some('☐'),
            0x98 => Some('•'),
            _ => None,
        }
    } else if font.starts_with("wingdings 3") {
        match low {
            0x5B => Some('◄'),
            0x5C => Some('►'),
            0x70 => Some('▲'),
            0x71 => Some('▼'),
            0xC6 => Some('⇦'),
            0xC7 => Some('⇨'),
            _ => None,
        }
    } else if font.starts_with("wingdings") {
        match low {
            0xFC => Some('✓'),
            0xFB => Some('✗'),
            0xFD => Some('☒'),
            0xFE => Some('☑'),
            0xA8 => Some('☐'),
            0x6F => Some('□'),
            0x6C => Some('●'),
            0x9F => Some('•'),
            0xD8 => Some('➢'),
            0x6E => Some('■'),
            0x71 => Some('❑'),
            0x75 => Some('◆'),
            0x76 => Some('❖'),
            0xA7 => Some('▪'),
            0xDF => Some('←'),
            0xE0 => Some('→'),
            0xE1 => Some('↑'),
            0xE2 => Some('↓'),
            0xE8 => Some('➔'),
            0xF0 => Some('⇨'),
            _ => None,
        }
    } else if (0x20..=0x7E).contains(&low) && code >= 0xF000 {
        char::from_u32(low)
    } else {
        None
    };
    mapped
        .or_else(|| char::from_u32(code))
        .filter(|c| !c.is_control() && !('\u{E000}'..='\u{F8FF}').contains(c))
}

/// Whether a font draws private-use code points as symbols (Symbol, Wingdings 1–3, Webdings).
pub(crate) fn is_symbol_font(font: &str) -> bool {
    // Every run's fonts come here (four per `w:rFonts`): compared in place, not lower-cased
    // into a new string each time (2 % of a large annex's reading, BENCHMARKS.md round 9).
    let font = font.trim_start().as_bytes();
    ["symbol", "wingdings", "webdings"].iter().any(|name| {
        font.get(..name.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(name.as_bytes()))
    })
}

/// Whether the raw attributes of a `w:rFonts` may name a symbol font: `symbol` or `ding` in
/// any case, or an entity reference (which could spell either). Every run has a `w:rFonts`,
/// and parsing its four font names to find none was a tenth of a large annex's reading
/// (BENCHMARKS.md, round 9); few documents use a symbol font at all.
pub(crate) fn may_name_symbol_font(raw: &[u8]) -> bool {
    let symbol_or_entity = memchr::memchr3_iter(b'y', b'Y', b'&', raw).any(|i| {
        raw.get(i) == Some(&b'&')
            || i.checked_sub(1)
                .and_then(|from| raw.get(from..from + 6))
                .is_some_and(|word| word.eq_ignore_ascii_case(b"symbol"))
    });
    symbol_or_entity
        || memchr::memchr2_iter(b'd', b'D', raw).any(|i| {
            raw.get(i..i + 4)
                .is_some_and(|word| word.eq_ignore_ascii_case(b"ding"))
        })
}

/// Run text in a symbol font: the characters U+F020–U+F0FF (how Word stores a Symbol or
/// Wingdings character typed into a run) become the Unicode character Word shows; one without
/// an equivalent is dropped, like an unmapped `w:sym`.
pub(crate) fn symbol_text<'a>(font: &str, text: &'a str) -> std::borrow::Cow<'a, str> {
    let private = |c: char| ('\u{F020}'..='\u{F0FF}').contains(&c);
    if !text.chars().any(private) {
        return std::borrow::Cow::Borrowed(text);
    }
    text.chars()
        .filter_map(|c| {
            if private(c) {
                symbol_char(font, u32::from(c))
            } else {
                Some(c)
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_naming_a_symbol_font_are_never_passed_over() {
        let names = [
            "Symbol",
            "SYMBOL MT",
            "Wingdings 2",
            "wingdings",
            "Webdings",
        ];
        for name in names {
            for raw in [
                format!(r#"w:ascii="{name}" w:hAnsi="{name}""#),
                format!(r#"w:hint="eastAsia" w:cs=" {name}""#),
                format!(r#"w:eastAsia="{name}""#),
            ] {
                assert!(may_name_symbol_font(raw.as_bytes()), "{raw}");
            }
        }
        // An entity could spell any name: the attributes are then parsed.
        assert!(may_name_symbol_font(br#"w:ascii="S&#121;mbol""#));
        for raw in [
            r#"w:ascii="宋体" w:hAnsi="Times New Roman" w:eastAsia="仿宋_GB2312" w:cs="Times New Roman""#,
            r#"w:asciiTheme="minorEastAsia" w:hAnsiTheme="minorEastAsia" w:cstheme="minorBidi""#,
            r#"w:ascii="DengXian" w:eastAsia="等线" w:hint="eastAsia""#,
            "",
            "y",
        ] {
            assert!(!may_name_symbol_font(raw.as_bytes()), "{raw}");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_symbol_font_name_in_any_slot_is_never_passed_over(
            name in "[ \u{3000}]{0,2}(?i:symbol|wingdings|webdings)[ 0-9a-zA-Z]{0,4}",
            slot in "(ascii|hAnsi|eastAsia|cs)",
            before in "( w:hint=\"eastAsia\"| w:ascii=\"宋体\")?",
        ) {
            proptest::prop_assume!(is_symbol_font(&name));
            let raw = format!(r#"{before} w:{slot}="{name}""#);
            proptest::prop_assert!(may_name_symbol_font(raw.as_bytes()), "{}", raw);
        }
    }

    #[test]
    fn symbol_fonts_are_named_by_their_start_in_any_case() {
        for font in [
            "Symbol",
            " WINGDINGS 2",
            "Wingdings",
            "webdings",
            "\u{3000}Symbol MT",
        ] {
            assert!(is_symbol_font(font), "{font}");
        }
        for font in [
            "宋体",
            "Sym",
            "",
            "Times New Roman",
            "MS Symbol",
            "Wingding",
        ] {
            assert!(!is_symbol_font(font), "{font}");
        }
    }

    #[test]
    fn spaces_between_cjk_characters_are_removed_and_others_kept() {
        assert_eq!(
            join_cjk_spaces("2020年度全市政务公开、政府网站、政务新媒体绩效 评估结果"),
            "2020年度全市政务公开、政府网站、政务新媒体绩效评估结果"
        );
        // Several spaces, and full-width punctuation on either side.
        assert_eq!(join_cjk_spaces("附件  1 ："), "附件  1 ：");
        assert_eq!(join_cjk_spaces("绩效 （评估） 结果"), "绩效（评估）结果");
        assert_eq!(join_cjk_spaces("绩   效"), "绩效");
        // Beside Latin letters and digits, a space is kept.
        assert_eq!(join_cjk_spaces("2020 年度 PDF 报告"), "2020 年度 PDF 报告");
        assert_eq!(join_cjk_spaces("Annual report"), "Annual report");
        assert_eq!(join_cjk_spaces(" 总分 "), " 总分 ");
        assert_eq!(join_cjk_spaces(""), "");
    }

    #[test]
    fn unit_statements() {
        for text in [
            "单位：万元",
            "金额单位：元",
            "（单位：万元、%）",
            "单位: 亿元",
            " 资金单位：万元 ",
        ] {
            assert!(is_unit_statement(text), "{text}");
        }
        for text in [
            "单位",
            "单位：",
            "预算单位：各旗区财政局及所属二级预算单位",
            "2025年预算表",
        ] {
            assert!(!is_unit_statement(text), "{text}");
        }
    }

    #[test]
    fn headings() {
        assert!(looks_like_numbered_heading("一、各旗区人民政府"));
        assert!(looks_like_numbered_heading("十二、附加指标"));
        assert!(looks_like_numbered_heading("（一）市直部门"));
        assert!(looks_like_numbered_heading("(2) Results"));
        assert!(looks_like_numbered_heading("第一章 总则"));
        assert!(looks_like_numbered_heading("1. Scope"));
        assert!(looks_like_numbered_heading("3、评估结果"));
        assert!(looks_like_numbered_heading("1.2 Method"));
        assert!(!looks_like_numbered_heading("1.5"));
        assert!(!looks_like_numbered_heading("2020年度评估结果"));
        assert!(!looks_like_numbered_heading("0.6687 + 0.15346"));
        assert!(!looks_like_numbered_heading("1.5 + 2.5 = 4"));
        assert!(!looks_like_numbered_heading("3、4、5"));
        assert!(!looks_like_numbered_heading("注：各项得分保留两位小数。"));
        assert!(!looks_like_numbered_heading("1.得分保留两位小数。"));
        assert!(!looks_like_numbered_heading("一、"));
    }

    #[test]
    fn attachment_labels() {
        assert!(is_attachment_label("附件"));
        assert!(is_attachment_label("附件1"));
        assert!(is_attachment_label("附件 2："));
        assert!(!is_attachment_label("附件1：评估结果"));
    }

    #[test]
    fn symbols() {
        assert_eq!(symbol_char("Wingdings", 0xF0FC), Some('✓'));
        assert_eq!(symbol_char("Symbol", 0xF0B4), Some('×'));
        assert_eq!(symbol_char("Symbol", 0xF0CE), Some('∈'));
        assert_eq!(symbol_char("Symbol", 0xF061), Some('α'));
        assert_eq!(symbol_char("Symbol", 0xF0FE), Some('⎭'));
        assert_eq!(SYMBOL_LOW.chars().count(), 0x7F - 0x20);
        assert_eq!(SYMBOL_HIGH.chars().count(), 0xFF - 0xA0);
        assert_eq!(symbol_char("Arial", 0x41), Some('A'));
        assert_eq!(symbol_char("Wingdings 3", 0xF07D), None);
        assert_eq!(symbol_char("Wingdings", 0xF0E0), Some('→'));
        assert_eq!(symbol_char("Wingdings 2", 0xF052), Some('☑'));
        assert_eq!(symbol_text("Wingdings", "\u{F0FC}达标 \u{F0E0}"), "✓达标 →");
        assert_eq!(symbol_text("Symbol", "\u{F0B7} 一"), "• 一");
        assert_eq!(symbol_char("Symbol", 0xF094), None);
        assert_eq!(symbol_char("UniversalMath1 BT", 0x81), None);
    }
}
