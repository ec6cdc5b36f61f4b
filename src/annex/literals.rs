//! The literals a pattern's every match contains: a test that rules a text out before a
//! pattern list is compiled or searched.
//!
//! A note or a header that contains none of what a list needs cannot match it: the real
//! annex's note (`以85分为满分，结果乘以20/17`) names no `%` and no `以上`, so the weight and
//! bonus-threshold lists are never compiled for it (compiling them took 0.4 ms of a small
//! annex's audit), and a header without `分` or a bracket is not searched for a maximum.
//!
//! What a match needs is read from the pattern's syntax, never guessed: a literal, a small
//! class (one of its characters), a repetition of at least one, a group, and every part of a
//! sequence are needed; an alternative is needed only as one of its branches' needs; anything
//! else (a large class such as `[^。；;]`, an optional part, an assertion) needs nothing.

use memchr::memmem;
use regex_syntax::hir::{Class, Hir, HirKind};

/// A class with at most this many characters is needed as one of them.
const SMALL_CLASS: usize = 8;

/// An alternative needs at most this many literals (one of them); more and it needs nothing.
const MOST_CHOICES: usize = 64;

/// What a pattern's every match contains: one literal of each set (UTF-8 bytes).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Needs {
    /// Each set's literals; a match contains at least one of every set.
    all_of: Vec<Vec<Vec<u8>>>,
}

impl Needs {
    /// What every match of `hir` contains.
    pub(super) fn of(hir: &Hir) -> Needs {
        Needs {
            all_of: needed(hir),
        }
    }

    /// Whether `text` contains what a match needs; `false` rules every match out.
    pub(super) fn met_by(&self, text: &[u8]) -> bool {
        self.all_of
            .iter()
            .all(|set| set.iter().any(|lit| memmem::find(text, lit).is_some()))
    }
}

/// The sets of literals every match of `hir` contains one of each.
fn needed(hir: &Hir) -> Vec<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Vec::new(),
        HirKind::Literal(lit) => vec![vec![lit.0.to_vec()]],
        HirKind::Class(class) => class_literals(class).map_or_else(Vec::new, |set| vec![set]),
        HirKind::Repetition(rep) if rep.min >= 1 => needed(&rep.sub),
        HirKind::Repetition(_) => Vec::new(),
        HirKind::Capture(capture) => needed(&capture.sub),
        HirKind::Concat(subs) => subs.iter().flat_map(needed).collect(),
        HirKind::Alternation(subs) => {
            let mut choices: Vec<Vec<u8>> = Vec::new();
            for sub in subs {
                // A branch that needs nothing lets the alternative need nothing.
                let Some(best) = most_selective(needed(sub)) else {
                    return Vec::new();
                };
                choices.extend(best);
                if choices.len() > MOST_CHOICES {
                    return Vec::new();
                }
            }
            choices.sort();
            choices.dedup();
            vec![choices]
        }
    }
}

/// The characters of a small class, each as its UTF-8 bytes; `None` for a large one.
fn class_literals(class: &Class) -> Option<Vec<Vec<u8>>> {
    let mut literals = Vec::new();
    match class {
        Class::Unicode(class) => {
            for range in class.iter() {
                for c in range.start()..=range.end() {
                    if literals.len() == SMALL_CLASS {
                        return None;
                    }
                    literals.push(c.to_string().into_bytes());
                }
            }
        }
        Class::Bytes(class) => {
            for range in class.iter() {
                for b in range.start()..=range.end() {
                    if literals.len() == SMALL_CLASS {
                        return None;
                    }
                    literals.push(vec![b]);
                }
            }
        }
    }
    // An empty class never matches: it needs nothing a test could use.
    (!literals.is_empty()).then_some(literals)
}

/// Of a branch's needed sets, the one that rules out the most texts: its shortest literal the
/// longest, then the fewest literals.
fn most_selective(sets: Vec<Vec<Vec<u8>>>) -> Option<Vec<Vec<u8>>> {
    sets.into_iter().max_by_key(|set| {
        let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
        (shortest, std::cmp::Reverse(set.len()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use regex_automata::meta::Regex;

    fn needs(pattern: &str) -> Needs {
        Needs::of(&regex_automata::util::syntax::parse(pattern).expect("a valid pattern"))
    }

    fn strings(sets: &[&[&str]]) -> Needs {
        Needs {
            all_of: sets
                .iter()
                .map(|set| set.iter().map(|s| s.as_bytes().to_vec()).collect())
                .collect(),
        }
    }

    #[test]
    fn a_pattern_needs_its_literals_small_classes_and_one_of_each_alternative() {
        assert_eq!(
            needs(r"(?:以|按)\s*(?<mark>[0-9]+)\s*分?\s*为满分"),
            strings(&[&["以", "按"], &["为满分"]])
        );
        // [0-9]+ is a class of ten: it needs no digit in particular.
        assert_eq!(needs(r"[0-9]+分"), strings(&[&["分"]]));
        assert_eq!(
            needs(r"[(（]x[)）]"),
            strings(&[&["(", "（"], &["x"], &[")", "）"]])
        );
        // A branch that needs nothing, an optional part, a large class and assertions: nothing.
        assert_eq!(needs(r"(?:a|b*)c?[^。；;]*$"), strings(&[]));
        // Each branch gives its most selective set.
        assert_eq!(needs(r"(?:[0-9]满分|yy)"), strings(&[&["yy", "满分"]]));
    }

    #[test]
    fn case_insensitive_letters_need_one_of_their_cases() {
        let n = needs(r"(?i:out)");
        assert!(n.met_by(b"OuT of"));
        assert!(!n.met_by(b"in"));
    }

    #[test]
    fn a_text_without_what_a_list_needs_is_ruled_out() {
        let bonus = needs(r"(?<at_least>[0-9]+)\s*分\s*以上[^。；;]*?(?:加分|附加分)");
        assert!(!bonus.met_by("对附加指标外指标评分时以85分为满分，结果乘以20/17".as_bytes()));
        assert!(bonus.met_by("60分以上的，加分计入总分".as_bytes()));
    }

    /// Every built-in pattern compiled, with what it needs: what the audit searches.
    static BUILT_IN_PATTERNS: std::sync::LazyLock<Vec<(String, Regex, Needs)>> =
        std::sync::LazyLock::new(|| {
            crate::annex::template::BUILT_IN
                .iter()
                .flat_map(|(name, _)| {
                    let t = crate::annex::Template::built_in(name).expect("a built-in template");
                    [
                        t.header.maximum.clone(),
                        t.notes.full_mark.clone(),
                        t.notes.factor.clone(),
                        t.notes.weight.clone(),
                        t.notes.bonus_threshold.clone(),
                    ]
                })
                .flat_map(|p| p.sources().to_vec())
                .map(|p| {
                    let regex = Regex::new(&p).expect("a built-in pattern");
                    let needs = needs(&p);
                    (p, regex, needs)
                })
                .collect()
        });

    /// Texts made of the pieces the built-in patterns are written with, and a few others.
    fn text() -> impl Strategy<Value = String> {
        let pieces = [
            "以",
            "按",
            "85",
            "6",
            "0",
            ".",
            "5",
            "分",
            "为",
            "满分",
            "乘以",
            "乘",
            "×",
            "*",
            "/",
            "÷",
            "20",
            "17",
            "分之",
            "%",
            "％",
            "权重",
            "占",
            "达到",
            "不低于",
            "以上",
            "以下",
            "超过",
            "低于",
            "加分",
            "附加分",
            "附加指标",
            "奖励分",
            "不予",
            "不",
            "计入",
            "含",
            "（",
            "(",
            ")",
            "）",
            "每",
            "条",
            " ",
            "。",
            "；",
            "out of",
            "OUT OF",
            "full",
            "marks",
            "points",
            "max",
            "multiplied by",
            "times",
            "x",
        ];
        proptest::collection::vec(proptest::sample::select(pieces.to_vec()), 0..14)
            .prop_map(|pieces| pieces.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        /// Sound: a text a pattern matches always has what the pattern needs.
        #[test]
        fn a_text_a_pattern_matches_has_what_it_needs(text in text()) {
            prop_assert!(BUILT_IN_PATTERNS.len() >= 15);
            for (pattern, regex, needs) in BUILT_IN_PATTERNS.iter() {
                if regex.is_match(&text) {
                    prop_assert!(needs.met_by(text.as_bytes()), "{pattern} on {text}");
                }
            }
        }
    }
}
