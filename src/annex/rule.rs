//! The scoring rule a note states, read from the document's own words.
//!
//! `对附加指标外指标评分时以85分为满分，结果乘以20/17与附加指标得分之和为最终得分` states a full
//! mark (85) for the remaining components and a factor (20/17) applied before the bonus is added.
//! The numbers are extracted, not the sentence matched, so a differently worded note with other
//! numbers is read just as well; whether the numbers agree with the header is the audit's job.
//! The phrases are the template's `[notes]` patterns.

use rust_decimal::Decimal;
use serde::Serialize;

use super::template::{NoteVocabulary, default_template_ref};
use super::value::normalize_number_text;
use crate::exact::Factor;

/// A scaling rule stated in a note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatedRule {
    /// The full mark the remaining components are scored out of (85), if stated.
    #[serde(with = "rust_decimal::serde::str_option")]
    pub full_mark: Option<Decimal>,
    /// The factor applied to their sum (20/17), if stated.
    pub factor: Option<Factor>,
    /// The sentence the numbers come from, verbatim.
    pub quote: String,
}

/// The base score a row needs for its bonus to count, stated in a note (`基础得分达到60分的，加分
/// 计入总分`): below it, the total is the base alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BonusThreshold {
    /// The base score named (60).
    #[serde(with = "rust_decimal::serde::str")]
    pub value: Decimal,
    /// Whether a base of exactly `value` counts (达到, 以上, 不低于) or not (超过, 高于).
    pub inclusive: bool,
    /// The sentence it comes from, verbatim.
    pub quote: String,
}

impl BonusThreshold {
    /// Whether a row whose base score is `base` (compared by `base_cmp`, the base's ordering
    /// against `value`) has its bonus counted.
    pub fn counts(&self, base_cmp: std::cmp::Ordering) -> bool {
        match base_cmp {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Equal => self.inclusive,
            std::cmp::Ordering::Less => false,
        }
    }
}

impl StatedRule {
    /// Reads a rule from one note paragraph with the default template's `[notes]` patterns, if
    /// it states a full mark or a factor.
    ///
    /// ```
    /// use annex_audit::annex::StatedRule;
    /// let note = "注：对于没有对外服务职能的部门，不检查其网站涉及办事服务的指标，\
    ///             对附加指标外指标评分时以85分为满分，结果乘以20/17与附加指标得分之和为最终得分。";
    /// let rule = StatedRule::from_note(note).unwrap();
    /// assert_eq!(rule.full_mark.unwrap().to_string(), "85");
    /// assert_eq!(rule.factor.unwrap().to_string(), "20/17");
    /// assert!(StatedRule::from_note("注：数据截至12月31日。").is_none());
    /// ```
    pub fn from_note(note: &str) -> Option<Self> {
        default_template_ref().notes.stated_rule(note)
    }
}

impl NoteVocabulary {
    /// Whether a note gives the total's parts weights (`综合得分=自评得分×30%+第三方评估得分×70%`):
    /// two or more matches of the `weight` patterns. The header's sum is then not the rule.
    ///
    /// ```
    /// let t = annex_audit::annex::Template::built_in("government-evaluation").unwrap();
    /// assert!(t.notes.states_weights("注：综合得分=自评得分×30%+第三方评估得分×70%。"));
    /// assert!(!t.notes.states_weights("注：以85分为满分，结果乘以20/17。"));
    /// ```
    pub fn states_weights(&self, note: &str) -> bool {
        let text = normalize_digits(note);
        let mut weights = 0;
        self.weight.last_where(&text, |_| {
            weights += 1;
            true
        });
        weights >= 2
    }

    /// The base score a note says the bonus needs, if it says so: group `at_least` or
    /// `above` of the first `bonus_threshold` match.
    ///
    /// ```
    /// let t = annex_audit::annex::Template::built_in("government-evaluation").unwrap();
    /// let th = t.notes.bonus_threshold("注：基础得分达到60分的，加分计入总分。").unwrap();
    /// assert_eq!((th.value.to_string(), th.inclusive), ("60".into(), true));
    /// let th = t.notes.bonus_threshold("注：基础得分60分以下的，不予加分。").unwrap();
    /// assert_eq!((th.value.to_string(), th.inclusive), ("60".into(), false));
    /// assert!(t.notes.bonus_threshold("注：以85分为满分，结果乘以20/17。").is_none());
    /// ```
    pub fn bonus_threshold(&self, note: &str) -> Option<BonusThreshold> {
        let text = normalize_digits(note);
        let c = self.bonus_threshold.first(&text)?;
        let (number, inclusive) = match (c.name("at_least"), c.name("above")) {
            (Some(n), _) => (n, true),
            (None, Some(n)) => (n, false),
            (None, None) => return None,
        };
        Some(BonusThreshold {
            value: Decimal::from_str_exact(number).ok()?,
            inclusive,
            quote: note.trim().to_string(),
        })
    }

    /// The rule one note paragraph states, if it states a full mark or a factor: group `mark`
    /// of the first `full_mark` match, and `numerator`/`denominator` (or `factor`) of the first
    /// `factor` match, read in the note with its full-width digits made ASCII.
    pub fn stated_rule(&self, note: &str) -> Option<StatedRule> {
        let text = normalize_digits(note);
        let number = |m: Option<&str>| m.and_then(|m| Decimal::from_str_exact(m).ok());
        let full_mark = self
            .full_mark
            .first(&text)
            .and_then(|c| number(c.name("mark")));
        let factor = self.factor.first(&text).and_then(|c| {
            match (number(c.name("numerator")), number(c.name("denominator"))) {
                (Some(n), Some(d)) => Factor::new(n, d),
                _ => number(c.name("factor")).and_then(|f| Factor::new(f, Decimal::ONE)),
            }
        });
        if full_mark.is_none() && factor.is_none() {
            return None;
        }
        Some(StatedRule {
            full_mark,
            factor,
            quote: note.trim().to_string(),
        })
    }
}

/// Full-width digits and punctuation to ASCII, leaving the rest of the sentence alone.
fn normalize_digits(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '０'..='９' | '．' => normalize_number_text(&c.to_string())
                .chars()
                .next()
                .unwrap_or(c),
            '／' => '/',
            '＊' => '*',
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn factor(n: i64, d: i64) -> Option<Factor> {
        Factor::new(Decimal::from(n), Decimal::from(d))
    }

    #[test]
    fn a_bonus_threshold_is_read_in_its_usual_wordings() {
        let notes = &default_template_ref().notes;
        let read = |note: &str| {
            notes
                .bonus_threshold(note)
                .map(|t| (t.value.to_string(), t.inclusive))
        };
        let at_least = Some(("60".to_string(), true));
        let above = Some(("60".to_string(), false));
        assert_eq!(read("注：基础得分达到60分的，加分计入总分。"), at_least);
        assert_eq!(
            read("注：加分项仅对基础得分60分（含）以上的单位有效。"),
            at_least
        );
        assert_eq!(
            read("注：基础得分６０分以上的单位，附加分计入总分。"),
            at_least
        );
        assert_eq!(read("注：基础得分低于60分的，加分不计入总分。"), at_least);
        assert_eq!(read("注：得分超过60分的单位，附加分方可计入总分。"), above);
        assert_eq!(read("注：基础得分60分以下的，不予加分。"), above);
        // Without a bonus word, or the seed's rule: no threshold.
        assert_eq!(read("注：得分达到90分的为优秀。"), None);
        assert_eq!(
            read(
                "注：对附加指标外指标评分时以85分为满分，结果乘以20/17与附加指标得分之和为最终得分。"
            ),
            None
        );
    }

    #[test]
    fn a_weight_is_no_factor() {
        let note = "注：综合得分=自评得分×30%+第三方评估得分×70%。";
        assert_eq!(StatedRule::from_note(note), None);
        let notes = &default_template_ref().notes;
        assert!(notes.states_weights(note));
        assert!(notes.states_weights("自评权重30%，第三方评估占70%"));
        assert!(!notes.states_weights("得分乘以1.2"));
        assert_eq!(
            StatedRule::from_note("满分为85分，再乘以1.25。").and_then(|r| r.factor),
            factor(125, 100)
        );
    }

    #[test]
    fn other_wordings_and_numbers() {
        let cases = [
            ("按80分为满分计算，得分乘以５／４", Some(80), factor(5, 4)),
            ("以90分为满分，结果乘以10/9", Some(90), factor(10, 9)),
            ("以８５分为满分，结果乘以17分之20", Some(85), factor(20, 17)),
            (
                "Departments without services are scored out of 85 and the result multiplied by 20/17.",
                Some(85),
                factor(20, 17),
            ),
            ("满分为85分，再乘以1.25", Some(85), factor(125, 100)),
        ];
        for (note, full, f) in cases {
            let rule = StatedRule::from_note(note).expect(note);
            assert_eq!(rule.full_mark, full.map(Decimal::from), "{note}");
            assert_eq!(rule.factor, f, "{note}");
            assert_eq!(rule.quote, note);
        }
    }

    #[test]
    fn notes_without_numbers_state_no_rule() {
        for note in ["注：排名不分先后。", "注：——表示不适用", ""] {
            assert!(StatedRule::from_note(note).is_none(), "{note}");
        }
    }
}

#[cfg(test)]
mod proptests {
    use super::*;
    use proptest::prelude::*;

    /// Note-like text: the words a rule is stated with, numbers of any length, and anything.
    fn note() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop_oneof![
                Just("以".to_string()),
                Just("按".to_string()),
                Just("分为满分".to_string()),
                Just("满分为".to_string()),
                Just("乘以".to_string()),
                Just("×".to_string()),
                Just("*".to_string()),
                Just("/".to_string()),
                Just("／".to_string()),
                Just("÷".to_string()),
                Just("分之".to_string()),
                Just("分".to_string()),
                Just("out of ".to_string()),
                Just("multiplied by ".to_string()),
                Just("full marks of ".to_string()),
                "[0-9０-９٠-٩.．]{1,40}",
                "\\PC{0,6}",
            ],
            0..24,
        )
        .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #[test]
        fn from_note_never_panics_and_quotes_the_note(text in prop_oneof![note(), "\\PC{0,400}"]) {
            if let Some(rule) = StatedRule::from_note(&text) {
                prop_assert!(rule.full_mark.is_some() || rule.factor.is_some());
                prop_assert_eq!(rule.quote.as_str(), text.trim());
                if let Some(factor) = rule.factor {
                    prop_assert!(factor.numerator > Decimal::ZERO);
                    prop_assert!(factor.denominator > Decimal::ZERO);
                }
            }
        }

        #[test]
        fn a_stated_rule_is_read_with_any_numbers(full in 1u32..1000, n in 1u32..100, d in 1u32..100) {
            let note = format!("注：以{full}分为满分，结果乘以{n}/{d}。");
            let rule = StatedRule::from_note(&note).expect("a rule");
            prop_assert_eq!(rule.full_mark, Some(Decimal::from(full)));
            prop_assert_eq!(rule.factor, Factor::new(Decimal::from(n), Decimal::from(d)));
        }
    }
}
