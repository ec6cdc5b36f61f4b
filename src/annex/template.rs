//! Templates: the declarative vocabulary that recognises a kind of score table.
//!
//! Built-in templates are the files `templates/*.toml`, embedded in the binary (the build script
//! lists the folder: adding a vocabulary is adding a file); users may pass their own file with
//! `--template FILE`. A template is read and its patterns compiled once per run; every document
//! of a batch shares it.
//!
//! # Format
//!
//! | key | what it holds |
//! |---|---|
//! | `name` | the template's name (a built-in's is its file name) |
//! | `description` | what kind of table it describes (optional) |
//! | `[columns] order` | the roles tried on a header, in order: `total`, `bonus`, `rank`, `serial`, `name`, `other`; the first whose keywords match wins |
//! | `[columns] total` | keywords of the published total (at least one) |
//! | `[columns] bonus` | keywords of the bonus, added after any scaling |
//! | `[columns] rank` | keywords of a rank, checked against the order of the totals |
//! | `[columns] serial` | keywords of a serial number (1, 2, 3 …) |
//! | `[columns] name` | keywords of the ranked body's name |
//! | `[columns] other` | keywords of published text columns that are never scored |
//! | `[header] maximum` | regexes of the maximum a header declares, group `max`; a match with group `per_item` instead (`每条5分`) declares none |
//! | `[notes] full_mark` | regexes of the full mark a note states (`以85分为满分`), group `mark` |
//! | `[notes] factor` | regexes of the factor a note states: groups `numerator` and `denominator` (`乘以20/17`), or `factor` (`乘以1.2`) |
//! | `[notes] weight` | regexes of a weight a note gives one part (`自评得分×30%`), group `weight`: two or more mean the total is no plain sum |
//! | `[notes] bonus_threshold` | regexes of the base score the bonus needs to count (`基础得分达到60分的，加分计入总分`): group `at_least` (60 counts) or `above` (60 does not) |
//! | `[values] not_applicable` | cell texts that mean "not applicable" (`——`, `/`, `无`) |
//! | `[rows] summary` | names of rows that sum or average the others (`合计`, `平均分`) |
//!
//! A keyword matches a header that contains it, spaces removed and ASCII letters compared
//! without case. A header that declares a maximum is scored: only `total` and `bonus` can take
//! it. A header no keyword matches is a scored component if numbers stand under it.
//!
//! Patterns are [`regex`] syntax, best written as TOML literal strings (`'…'`, no escaping).
//! They are matched on text whose full-width digits were made ASCII (`１１０` → `110`), so
//! digits are written `[0-9]`; header text also has every space removed. Of a list, the
//! leftmost match in the text wins, the earlier pattern on a tie; a header's maximum is its last
//! match, a note's rule its first.
//!
//! # Defaults
//!
//! `[columns] order`, `[header] maximum`, `[notes] full_mark`, `[notes] factor`,
//! `[notes] weight` and `[notes] bonus_threshold` may be left out: each key left out is taken whole from the default built-in
//! template ([`DEFAULT_TEMPLATE`]); a key given replaces it whole (`factor = []` reads no
//! factor). The other lists are empty when left out, and `[columns] total` is required.
//!
//! ```
//! use annex_audit::annex::Template;
//!
//! let t = Template::from_toml(
//!     r#"
//! name = "league"
//! [columns]
//! order = ["rank", "total", "name"]
//! total = ["points"]
//! rank = ["pos"]
//! name = ["team"]
//! [header]
//! maximum = ['max\s*(?<max>[0-9]+)']
//! "#,
//!     "league.toml",
//! )
//! .unwrap();
//! assert_eq!(t.header.declared_maximum("Goals max 90").unwrap().text, "90");
//! // Not given: the default template's note patterns.
//! let rule = t.notes.stated_rule("以85分为满分，结果乘以20/17").unwrap();
//! assert_eq!(rule.factor.unwrap().to_string(), "20/17");
//! ```

use std::collections::HashSet;
use std::path::Path;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, LazyLock, OnceLock};

use regex_automata::Input;
use regex_automata::meta::{self, Regex};
use regex_automata::util::captures::Captures;
use serde::{Deserialize, Serialize};

use super::literals::Needs;
use crate::{Error, Result};

/// The built-in templates, `templates/*.toml` by file name: (name, TOML source).
pub const BUILT_IN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/built_in_templates.rs"));

/// The template used when none is chosen, and the source of the keys a template leaves out.
pub const DEFAULT_TEMPLATE: &str = "government-evaluation";

/// The default template, read once per process.
static DEFAULT: LazyLock<std::result::Result<Template, String>> =
    LazyLock::new(|| read_built_in(DEFAULT_TEMPLATE, None));

/// The other built-in templates, read once per process (an auditor of the default template
/// takes the budget vocabulary for its structured tables: read for every file of a batch, it
/// was parsed again each time).
static OTHER_BUILT_IN: LazyLock<Vec<(&'static str, std::result::Result<Template, String>)>> =
    LazyLock::new(|| {
        BUILT_IN
            .iter()
            .filter(|(n, _)| *n != DEFAULT_TEMPLATE)
            .map(|(n, _)| {
                let default = DEFAULT
                    .as_ref()
                    .map_err(|e| format!("{DEFAULT_TEMPLATE}: {e}"));
                (*n, default.and_then(|d| read_built_in(n, Some(d))))
            })
            .collect()
    });

/// The built-in template `name`, its keys left out taken from `default`. Its patterns are not
/// parsed for their syntax here, as a template file's are: `every_built_in_template_parses`
/// checks them in the tests, and parsing them was a third of reading the template.
fn read_built_in(name: &str, default: Option<&Template>) -> std::result::Result<Template, String> {
    let text = BUILT_IN
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
        .ok_or_else(|| format!("no built-in template named {name}"))?;
    let file: TemplateFile = toml::from_str(text).map_err(|e| e.to_string())?;
    Template::complete(file, default, Checked::Roles)
}

/// What [`Template::complete`] checks of a template.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Checked {
    /// The roles, and the patterns' syntax and capture groups: a template file.
    Everything,
    /// The roles: a built-in template, whose patterns the tests check.
    Roles,
}

/// [`Template::default_template`], for the functions that take no template.
static DEFAULT_OR_MINIMAL: LazyLock<Template> = LazyLock::new(Template::default_template);

/// The default template, shared (or a minimal one should the built-in fail to read, which
/// `every_built_in_template_parses` rules out).
pub(super) fn default_template_ref() -> &'static Template {
    &DEFAULT_OR_MINIMAL
}

/// A table vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "TemplateFile")]
pub struct Template {
    /// The template's name.
    pub name: String,
    /// What kind of table it describes.
    pub description: String,
    /// Header keywords per column role, and the order the roles are tried in.
    pub columns: ColumnVocabulary,
    /// How a header declares its maximum.
    pub header: HeaderVocabulary,
    /// How a note states a scaling rule.
    pub notes: NoteVocabulary,
    /// Cell vocabulary.
    pub values: ValueVocabulary,
    /// Row vocabulary.
    pub rows: RowVocabulary,
    /// The words that name a table's structure (合计 rows, `其中`, 增减额 …), for the relations
    /// engine ([`super::structure`]); defaults when the template has no `[structure]` section.
    pub structure: super::structure::StructureVocabulary,
}

/// Row vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowVocabulary {
    /// Names of rows that sum or average the others (合计, 平均分): not audited as data rows.
    #[serde(default)]
    pub summary: Vec<String>,
}

/// The roles a header names by keyword (a scored component is whatever no keyword names).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum KeywordRole {
    /// The published total.
    Total,
    /// The bonus.
    Bonus,
    /// A rank.
    Rank,
    /// A serial number.
    Serial,
    /// The ranked body's name.
    Name,
    /// Published text, never scored.
    Other,
}

impl KeywordRole {
    /// Whether a header declaring a maximum can take this role: only scored roles can.
    pub fn is_scored(self) -> bool {
        matches!(self, KeywordRole::Total | KeywordRole::Bonus)
    }
}

/// Header keywords per column role. A header matches a role when it contains one of the
/// keywords (ASCII case-insensitively); roles are tried in [`order`](Self::order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnVocabulary {
    /// The roles in the order they are tried; the first that matches wins.
    pub order: Vec<KeywordRole>,
    /// The published total.
    pub total: Vec<String>,
    /// The bonus (added after any scaling, may be negative).
    #[serde(default)]
    pub bonus: Vec<String>,
    /// A rank checked against the order of the totals.
    #[serde(default)]
    pub rank: Vec<String>,
    /// A serial number (1, 2, 3 …) that says nothing about order.
    #[serde(default)]
    pub serial: Vec<String>,
    /// The name of the ranked body.
    #[serde(default)]
    pub name: Vec<String>,
    /// Published text columns that are never scored.
    #[serde(default)]
    pub other: Vec<String>,
    /// The score a rank follows when the header names no total (`排名 | 单位 | 得分 | 工单数`):
    /// among several unnamed number columns, the one these words name is the ranked total.
    #[serde(default)]
    pub score: Vec<String>,
}

impl ColumnVocabulary {
    /// The keywords of `role`.
    pub fn keywords(&self, role: KeywordRole) -> &[String] {
        match role {
            KeywordRole::Total => &self.total,
            KeywordRole::Bonus => &self.bonus,
            KeywordRole::Rank => &self.rank,
            KeywordRole::Serial => &self.serial,
            KeywordRole::Name => &self.name,
            KeywordRole::Other => &self.other,
        }
    }
}

/// How a header declares its maximum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeaderVocabulary {
    /// Patterns of the maximum, the number in group `max`.
    pub maximum: Patterns,
}

/// How a note states a scaling rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteVocabulary {
    /// Patterns of the full mark, the number in group `mark`.
    pub full_mark: Patterns,
    /// Patterns of the factor: groups `numerator` and `denominator`, or `factor`.
    pub factor: Patterns,
    /// Patterns of a weight given to one part of the total (`自评得分×30%`), in group `weight`:
    /// a note stating two or more weights states a rule the header's sum is not.
    pub weight: Patterns,
    /// Patterns of the base score a row needs for its bonus to count (`基础得分达到60分的，
    /// 加分计入总分`): group `at_least` (a base of exactly 60 counts) or `above` (it does not).
    pub bonus_threshold: Patterns,
}

/// Cell vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueVocabulary {
    /// Not-applicable markers.
    #[serde(default)]
    pub not_applicable: Vec<String>,
}

/// A match of one of a [`Patterns`] list: where it is and its named groups.
pub(super) struct Found<'t> {
    text: &'t str,
    start: usize,
    end: usize,
    caps: Captures,
}

impl<'t> Found<'t> {
    /// The text of the named group `name`, when the pattern has it and it took part.
    pub(super) fn name(&self, name: &str) -> Option<&'t str> {
        let span = self.caps.get_group_by_name(name)?;
        self.text.get(span.start..span.end)
    }
}

/// A list of regular expressions, checked when read and compiled on first use (shared by the
/// template's clones); written and compared as their sources.
///
/// The list is compiled as one regular expression of many patterns, searched once per text:
/// the leftmost match, and at that position the earliest pattern that matches, as a search of
/// each pattern in turn would pick. Compiling is most of the cost of reading a template, so:
/// done lazily, it runs beside the document's reading ([`Patterns::compile`]); one compiler
/// per list instead of one per pattern; no prefilter of the regex engine's own (the texts are
/// header cells and note sentences, where it saves nothing); and no lazy DFA, whose reverse
/// automaton and state cache cost more to build than they save on a few short texts (the
/// bounded backtracker or the PikeVM searches them), nor the one-pass DFA, which only serves
/// anchored searches. The default template's lists: 2.4–3.9 ms to compile pattern by pattern
/// with the lazy DFA, 1.2–1.4 ms this way (BENCHMARKS.md, round 8).
///
/// A long text is another matter: the backtracker visits every pattern's states from every
/// position, about 30 µs for one note sentence of 200 bytes against the bonus-threshold list.
/// A list that has searched [`DFA_AFTER`] texts of [`LONG_TEXT`] bytes or more is compiled a
/// second time with the lazy DFA, which searches the long texts after them: a document of a few
/// tables never pays for that compilation, one of hundreds of tables gets its searches in a
/// few microseconds each (BENCHMARKS.md, round 9). Both give the same matches.
///
/// Before either, a text is tested for the literals each pattern's matches contain
/// ([`Needs`]): a text that lacks them for every pattern cannot match, and is neither searched
/// nor made to compile the list. A note without `%` never compiles the weight list (round 16).
#[derive(Debug, Clone, Default)]
pub struct Patterns {
    sources: Vec<String>,
    compiled: Arc<Compiled>,
}

/// Texts this long (bytes) or longer count towards compiling a list with the lazy DFA.
const LONG_TEXT: usize = 128;

/// Long texts a list searches with the backtracker before it is compiled with the lazy DFA.
const DFA_AFTER: u32 = 8;

/// A list's compiled forms, shared by a template's clones.
#[derive(Debug, Default)]
struct Compiled {
    /// The patterns parsed, for the compilers and for what a match needs.
    parsed: OnceLock<Parsed>,
    /// Without the lazy DFA: cheap to build, searches short texts as fast as any.
    plain: OnceLock<Option<Regex>>,
    /// With the lazy DFA, built once the list has searched enough long texts.
    with_dfa: OnceLock<Option<Regex>>,
    /// Long texts searched so far without the lazy DFA.
    long_searches: AtomicU32,
}

/// A list's patterns parsed; a pattern that does not parse is left out (it never matches).
#[derive(Debug)]
struct Parsed {
    hirs: Vec<regex_syntax::hir::Hir>,
    /// What each pattern's matches contain, in the order of `hirs`.
    needs: Vec<Needs>,
}

/// Which of a list's compiled forms.
#[derive(Debug, Clone, Copy)]
enum Engine {
    Plain,
    WithDfa,
}

impl Patterns {
    /// Checks `sources`; the error names the pattern that is not valid.
    ///
    /// # Errors
    ///
    /// A message naming the first pattern that is not a valid regular expression.
    pub fn new(sources: Vec<String>) -> std::result::Result<Self, String> {
        let patterns = Patterns::unchecked(sources);
        patterns.group_names()?;
        Ok(patterns)
    }

    /// `sources` as they are, checked by [`Template::check`] when they come from a file.
    fn unchecked(sources: Vec<String>) -> Self {
        Patterns {
            sources,
            compiled: Arc::default(),
        }
    }

    /// Each pattern's named capture groups, from its syntax; the error names the first
    /// pattern that is not valid.
    fn group_names(&self) -> std::result::Result<Vec<Vec<String>>, String> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let hir = regex_syntax::Parser::new()
                    .parse(s)
                    .map_err(|e| format!("pattern {} `{s}`: {e}", i + 1))?;
                let mut names = Vec::new();
                capture_names(&hir, &mut names);
                Ok(names)
            })
            .collect()
    }

    /// The compiled list, compiled now if it was not yet; `None` when it is empty. A pattern
    /// the regex engine refuses despite valid syntax (beyond its size limit) never matches.
    pub fn compile(&self) -> Option<&Regex> {
        self.compiled_as(Engine::Plain)
    }

    /// Parses the list now, if it was not yet, for the test of what its matches need (a
    /// fraction of compiling it): the first text searched then pays only for that test.
    pub fn prepare(&self) {
        self.parsed();
    }

    /// The list compiled for `engine`, compiled now if it was not yet.
    fn compiled_as(&self, engine: Engine) -> Option<&Regex> {
        let (cell, config) = match engine {
            Engine::Plain => (&self.compiled.plain, meta::Config::new().hybrid(false)),
            Engine::WithDfa => (&self.compiled.with_dfa, meta::Config::new()),
        };
        cell.get_or_init(|| {
            let config = config.auto_prefilter(false).onepass(false);
            let build = |hirs: &[&regex_syntax::hir::Hir]| {
                Regex::builder()
                    .configure(config.clone())
                    .build_many_from_hir(hirs)
                    .ok()
            };
            let all: Vec<&regex_syntax::hir::Hir> = self.parsed().hirs.iter().collect();
            if all.is_empty() {
                return None;
            }
            build(&all).or_else(|| {
                let usable: Vec<&regex_syntax::hir::Hir> = all
                    .iter()
                    .copied()
                    .filter(|h| build(&[*h]).is_some())
                    .collect();
                build(&usable)
            })
        })
        .as_ref()
    }

    /// The patterns parsed as the regex engine parses them (once, shared by the clones), with
    /// what each one's matches contain.
    fn parsed(&self) -> &Parsed {
        self.compiled.parsed.get_or_init(|| {
            let hirs: Vec<regex_syntax::hir::Hir> = self
                .sources
                .iter()
                .filter_map(|s| regex_automata::util::syntax::parse(s).ok())
                .collect();
            let needs = hirs.iter().map(Needs::of).collect();
            Parsed { hirs, needs }
        })
    }

    /// Whether some pattern of the list can match in `text`: `false` when `text` lacks what
    /// each one's matches contain, so that a list no text needs is never compiled.
    fn may_match(&self, text: &str) -> bool {
        self.parsed()
            .needs
            .iter()
            .any(|needs| needs.met_by(text.as_bytes()))
    }

    /// The compiled form to search `text` with: the lazy DFA once this list has searched
    /// enough long texts, the plain form otherwise.
    fn engine_for(&self, text: &str) -> Engine {
        if text.len() < LONG_TEXT {
            return Engine::Plain;
        }
        if self.compiled.with_dfa.get().is_some() {
            return Engine::WithDfa;
        }
        let before = self.compiled.long_searches.fetch_add(1, Ordering::Relaxed);
        if before >= DFA_AFTER {
            Engine::WithDfa
        } else {
            Engine::Plain
        }
    }

    /// The patterns as written.
    pub fn sources(&self) -> &[String] {
        &self.sources
    }

    /// The leftmost match at or after byte `start`, the earlier pattern on a tie.
    fn first_at<'t>(&self, text: &'t str, start: usize) -> Option<Found<'t>> {
        if !self.may_match(text.get(start..)?) {
            return None;
        }
        self.first_at_with(self.engine_for(text), text, start)
    }

    /// [`first_at`](Self::first_at) with the compiled form `engine`.
    fn first_at_with<'t>(&self, engine: Engine, text: &'t str, start: usize) -> Option<Found<'t>> {
        let regex = self.compiled_as(engine)?;
        let input = Input::new(text).range(start..);
        let mut caps = regex.create_captures();
        regex.search_captures(&input, &mut caps);
        let m = caps.get_match()?;
        Some(Found {
            text,
            start: m.start(),
            end: m.end(),
            caps,
        })
    }

    /// The first match in `text`.
    pub(super) fn first<'t>(&self, text: &'t str) -> Option<Found<'t>> {
        self.first_at(text, 0)
    }

    /// The last of the successive non-overlapping matches in `text` for which `keep` holds
    /// (`keep` sees every match, in order).
    pub(super) fn last_where<'t>(
        &self,
        text: &'t str,
        mut keep: impl FnMut(&Found<'t>) -> bool,
    ) -> Option<Found<'t>> {
        let mut last = None;
        self.each_match(text, |found| {
            if keep(&found) {
                last = Some(found);
            }
        });
        last
    }

    /// Each of the successive non-overlapping matches in `text`, in order.
    pub(super) fn each_match<'t>(&self, text: &'t str, mut each: impl FnMut(Found<'t>)) {
        let mut start = 0;
        while start <= text.len() {
            let Some(found) = self.first_at(text, start) else {
                break;
            };
            // An empty match moves on by one character.
            start = if found.end > found.start {
                found.end
            } else {
                found.end
                    + text
                        .get(found.end..)
                        .and_then(|rest| rest.chars().next())
                        .map_or(1, char::len_utf8)
            };
            each(found);
        }
    }

    /// The first pattern (1-based) lacking every one of the group sets `groups` accepts, or
    /// the first that is not valid.
    fn lacking(&self, groups: &[&[&str]]) -> std::result::Result<Option<(usize, &str)>, String> {
        Ok(self
            .group_names()?
            .iter()
            .zip(&self.sources)
            .enumerate()
            .find_map(|(i, (names, source))| {
                let fits = groups
                    .iter()
                    .any(|set| set.iter().all(|g| names.iter().any(|n| n == g)));
                (!fits).then_some((i + 1, source.as_str()))
            }))
    }
}

/// The names of the capture groups in `hir`, in order.
fn capture_names(hir: &regex_syntax::hir::Hir, names: &mut Vec<String>) {
    use regex_syntax::hir::HirKind;
    match hir.kind() {
        HirKind::Capture(capture) => {
            if let Some(name) = &capture.name {
                names.push(name.to_string());
            }
            capture_names(&capture.sub, names);
        }
        HirKind::Repetition(repetition) => capture_names(&repetition.sub, names),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            for sub in subs {
                capture_names(sub, names);
            }
        }
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) | HirKind::Look(_) => {}
    }
}

impl PartialEq for Patterns {
    fn eq(&self, other: &Self) -> bool {
        self.sources == other.sources
    }
}

impl Eq for Patterns {}

impl Serialize for Patterns {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        self.sources.serialize(s)
    }
}

impl<'de> Deserialize<'de> for Patterns {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        Ok(Patterns::unchecked(Vec::<String>::deserialize(d)?))
    }
}

/// A template as written, before the keys it leaves out are taken from the default.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TemplateFile {
    name: String,
    #[serde(default)]
    description: String,
    columns: ColumnsFile,
    #[serde(default)]
    header: HeaderFile,
    #[serde(default)]
    notes: NotesFile,
    #[serde(default)]
    values: ValueVocabulary,
    #[serde(default)]
    rows: RowVocabulary,
    #[serde(default)]
    structure: super::structure::StructureVocabulary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ColumnsFile {
    order: Option<Vec<KeywordRole>>,
    total: Vec<String>,
    #[serde(default)]
    bonus: Vec<String>,
    #[serde(default)]
    rank: Vec<String>,
    #[serde(default)]
    serial: Vec<String>,
    #[serde(default)]
    name: Vec<String>,
    #[serde(default)]
    other: Vec<String>,
    #[serde(default)]
    score: Vec<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct HeaderFile {
    maximum: Option<Patterns>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct NotesFile {
    full_mark: Option<Patterns>,
    factor: Option<Patterns>,
    weight: Option<Patterns>,
    bonus_threshold: Option<Patterns>,
}

impl TryFrom<TemplateFile> for Template {
    type Error = String;

    fn try_from(file: TemplateFile) -> std::result::Result<Self, String> {
        let default = DEFAULT
            .as_ref()
            .map_err(|e| format!("{DEFAULT_TEMPLATE}: {e}"))?;
        Template::complete(file, Some(default), Checked::Everything)
    }
}

impl Template {
    /// Parses a template from TOML text; `origin` names it in errors. Vocabulary keys the text
    /// leaves out come from the default template (see [the format](crate::annex::template)).
    ///
    /// # Errors
    ///
    /// [`Error::Template`], naming `origin`, when the text is not TOML, has a key the format
    /// does not know, lists no `total` keyword, leaves `total` (or a role with keywords) out of
    /// `order` or names a role twice there, has a pattern that is not a valid regular
    /// expression or lacks its capture group (`max` or `per_item`; `mark`; `numerator` and
    /// `denominator`, or `factor`; `weight`). A syntax error is [`Error::Bilingual`], with its line and column counted in
    /// characters, naming full-width punctuation typed where TOML wants ASCII.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        toml::from_str::<Template>(text).map_err(|e| match e.span() {
            Some(span) => syntax_error(text, origin, span.start, e.message()),
            None => Error::Template(format!("{origin}: {e}")),
        })
    }

    /// The template `file` describes, the keys it leaves out taken from `default` (an error
    /// without one).
    fn complete(
        file: TemplateFile,
        default: Option<&Template>,
        checked: Checked,
    ) -> std::result::Result<Template, String> {
        let missing = |key: &str| format!("{key} is missing");
        let c = file.columns;
        let order = match (c.order, default) {
            (Some(order), _) => order,
            (None, Some(d)) => d.columns.order.clone(),
            (None, None) => return Err(missing("[columns] order")),
        };
        let patterns = |given: Option<Patterns>,
                        key: &str,
                        from_default: fn(&Template) -> &Patterns|
         -> std::result::Result<Patterns, String> {
            match (given, default) {
                (Some(p), _) => Ok(p),
                (None, Some(d)) => Ok(from_default(d).clone()),
                (None, None) => Err(missing(key)),
            }
        };
        let template = Template {
            name: file.name,
            description: file.description,
            columns: ColumnVocabulary {
                order,
                total: c.total,
                bonus: c.bonus,
                rank: c.rank,
                serial: c.serial,
                name: c.name,
                other: c.other,
                score: c.score,
            },
            header: HeaderVocabulary {
                maximum: patterns(file.header.maximum, "[header] maximum", |d| {
                    &d.header.maximum
                })?,
            },
            notes: NoteVocabulary {
                full_mark: patterns(file.notes.full_mark, "[notes] full_mark", |d| {
                    &d.notes.full_mark
                })?,
                factor: patterns(file.notes.factor, "[notes] factor", |d| &d.notes.factor)?,
                weight: patterns(file.notes.weight, "[notes] weight", |d| &d.notes.weight)?,
                bonus_threshold: patterns(
                    file.notes.bonus_threshold,
                    "[notes] bonus_threshold",
                    |d| &d.notes.bonus_threshold,
                )?,
            },
            values: file.values,
            rows: file.rows,
            structure: file.structure,
        };
        template.check(checked)?;
        Ok(template)
    }

    /// What TOML cannot say: the roles and (unless `checked` is [`Checked::Roles`]) the
    /// patterns and their capture groups are usable.
    fn check(&self, checked: Checked) -> std::result::Result<(), String> {
        let columns = &self.columns;
        if columns.total.is_empty() {
            return Err("[columns] total must list at least one keyword".into());
        }
        let mut seen = HashSet::new();
        for role in &columns.order {
            if !seen.insert(role) {
                return Err(format!("[columns] order names {role:?} twice"));
            }
        }
        let roles = [
            KeywordRole::Total,
            KeywordRole::Bonus,
            KeywordRole::Rank,
            KeywordRole::Serial,
            KeywordRole::Name,
            KeywordRole::Other,
        ];
        if let Some(role) = roles
            .into_iter()
            .find(|r| !columns.keywords(*r).is_empty() && !seen.contains(r))
        {
            return Err(format!(
                "[columns] order leaves out {role:?}, which has keywords"
            ));
        }
        if checked == Checked::Roles {
            return Ok(());
        }
        let groups: [(&str, &Patterns, &[&[&str]]); 5] = [
            (
                "[header] maximum",
                &self.header.maximum,
                &[&["max"], &["per_item"]],
            ),
            ("[notes] full_mark", &self.notes.full_mark, &[&["mark"]]),
            (
                "[notes] factor",
                &self.notes.factor,
                &[&["numerator", "denominator"], &["factor"]],
            ),
            ("[notes] weight", &self.notes.weight, &[&["weight"]]),
            (
                "[notes] bonus_threshold",
                &self.notes.bonus_threshold,
                &[&["at_least"], &["above"]],
            ),
        ];
        for (key, patterns, accepted) in groups {
            if let Some((i, pattern)) = patterns.lacking(accepted)? {
                let wanted: Vec<String> = accepted
                    .iter()
                    .map(|set| {
                        set.iter()
                            .map(|g| format!("(?<{g}>…)"))
                            .collect::<Vec<_>>()
                            .join(" and ")
                    })
                    .collect();
                return Err(format!(
                    "{key}: pattern {i} `{pattern}` needs the group {}",
                    wanted.join(", or ")
                ));
            }
        }
        Ok(())
    }

    /// A built-in template by name.
    ///
    /// ```
    /// let t = annex_audit::annex::Template::built_in("government-evaluation").unwrap();
    /// assert!(t.columns.total.iter().any(|k| k == "总分"));
    /// ```
    pub fn built_in(name: &str) -> Option<Self> {
        if name == DEFAULT_TEMPLATE {
            return DEFAULT.as_ref().ok().cloned();
        }
        OTHER_BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, t)| t.as_ref().ok().cloned())
    }

    /// The default template, read and compiled once per process.
    pub fn default_template() -> Self {
        Template::built_in(DEFAULT_TEMPLATE).unwrap_or_else(|| Template {
            name: DEFAULT_TEMPLATE.into(),
            description: String::new(),
            columns: ColumnVocabulary {
                order: vec![KeywordRole::Total],
                total: vec!["总分".into()],
                bonus: vec![],
                rank: vec![],
                serial: vec![],
                name: vec![],
                other: vec![],
                score: vec![],
            },
            header: HeaderVocabulary {
                maximum: Patterns::default(),
            },
            notes: NoteVocabulary {
                full_mark: Patterns::default(),
                factor: Patterns::default(),
                weight: Patterns::default(),
                bonus_threshold: Patterns::default(),
            },
            values: ValueVocabulary::default(),
            rows: RowVocabulary::default(),
            structure: Default::default(),
        })
    }

    /// Resolves `--template NAME|FILE`: a built-in name, else a path to a TOML file.
    ///
    /// # Errors
    ///
    /// [`Error::Template`] when `spec` is neither a built-in name nor a readable file, or the
    /// file is not a valid template (see [`Template::from_toml`]).
    pub fn resolve(spec: &str) -> Result<Self> {
        if let Some(t) = Template::built_in(spec) {
            return Ok(t);
        }
        let path = Path::new(spec);
        if !path.exists() {
            let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            return Err(Error::Template(format!(
                "{spec}: neither a built-in template ({}) nor a file",
                names.join(", ")
            )));
        }
        let bytes = std::fs::read(path).map_err(|e| {
            let why = crate::error::io_reason(&e);
            Error::Bilingual {
                zh: format!(
                    "模板文件 {}：{}",
                    path.display(),
                    why.get(crate::lang::Lang::Zh)
                ),
                en: format!(
                    "template {}: {}",
                    path.display(),
                    why.get(crate::lang::Lang::En)
                ),
                exit: crate::error::EXIT_USAGE,
            }
        })?;
        let origin = path.display().to_string();
        let text = decode_template(&bytes, &origin)?;
        Template::from_toml(&text, &origin)
    }
}

/// A template file's text: UTF-8 (with or without a byte-order mark), UTF-16 with its mark, or
/// GBK — what Notepad and WPS save on a Chinese Windows. Anything else is refused with the line
/// and column, counted in characters, where the text stops being UTF-8.
fn decode_template(bytes: &[u8], origin: &str) -> Result<String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let utf8 = match std::str::from_utf8(bytes) {
        Ok(text) => return Ok(text.to_string()),
        Err(e) => e,
    };
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) =
            encoding.decode_without_bom_handling(bytes.get(bom..).unwrap_or_default());
        if !had_errors {
            return Ok(text.into_owned());
        }
    }
    // GB18030 reads every GBK file the same way.
    let (text, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if !had_errors {
        return Ok(text.into_owned());
    }
    let valid = String::from_utf8_lossy(bytes.get(..utf8.valid_up_to()).unwrap_or_default());
    let (line, column) = line_column(&valid, valid.len());
    Err(Error::Bilingual {
        zh: format!(
            "模板文件 {origin} 第 {line} 行第 {column} 列：文本既不是 UTF-8 也不是 GBK 编码。请用记事本打开，“另存为”时编码选 UTF-8"
        ),
        en: format!(
            "template {origin}, line {line}, column {column}: the text is neither UTF-8 nor GBK; open it in Notepad and save it as UTF-8"
        ),
        exit: crate::error::EXIT_USAGE,
    })
}

/// The 1-based line and column, in characters, of byte `at` in `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before.get(line_start..).unwrap_or("").chars().count() + 1;
    (line, column)
}

/// Full-width punctuation a Chinese input method types where TOML wants ASCII, with the
/// character meant.
const FULL_WIDTH: &[(char, char)] = &[
    ('＝', '='),
    ('“', '"'),
    ('”', '"'),
    ('‘', '\''),
    ('’', '\''),
    ('［', '['),
    ('］', ']'),
    ('【', '['),
    ('】', ']'),
    ('，', ','),
    ('｛', '{'),
    ('｝', '}'),
    ('＃', '#'),
    ('．', '.'),
];

/// A TOML syntax error at byte `at`, with its line and column in characters. When the line has
/// full-width punctuation outside quotes, that is named (and its column given) with the ASCII
/// character to type instead: the usual cause in a template written on a Chinese system.
fn syntax_error(text: &str, origin: &str, at: usize, message: &str) -> Error {
    let (line, mut column) = line_column(text, at.min(text.len()));
    let line_text = text.lines().nth(line - 1).unwrap_or("");
    let mut quote: Option<char> = None;
    let mut full_width = None;
    for (i, c) in line_text.chars().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == '"' || c == '\'' => quote = Some(c),
            None if c == '#' => break,
            None => {
                if let Some(&(wide, ascii)) = FULL_WIDTH.iter().find(|(w, _)| *w == c) {
                    full_width = Some((i + 1, wide, ascii));
                    break;
                }
            }
        }
    }
    let message = message.trim();
    match full_width {
        Some((at_column, wide, ascii)) => {
            column = at_column;
            Error::Bilingual {
                zh: format!(
                    "模板文件 {origin} 第 {line} 行第 {column} 列：全角标点“{wide}”，请改为半角“{ascii}”"
                ),
                en: format!(
                    "template {origin}, line {line}, column {column}: full-width '{wide}', type the ASCII '{ascii}' instead"
                ),
                exit: crate::error::EXIT_USAGE,
            }
        }
        None => Error::Bilingual {
            zh: format!(
                "模板文件 {origin} 第 {line} 行第 {column} 列：{}",
                toml_message_in_chinese(message)
            ),
            en: format!("template {origin}, line {line}, column {column}: {message}"),
            exit: crate::error::EXIT_USAGE,
        },
    }
}

/// The TOML reader's message (English) said in Chinese: the mistakes people make editing a
/// template (a misspelt key, a number where text belongs, a key left out) in words of their
/// own; anything else as a technical detail after a sentence that says what it is.
fn toml_message_in_chinese(message: &str) -> String {
    let backticked = |text: &str| {
        let start = text.find('`')? + 1;
        let len = text.get(start..)?.find('`')?;
        text.get(start..start + len).map(str::to_string)
    };
    if let Some(rest) = message.strip_prefix("unknown field ")
        && let Some(key) = backticked(rest)
    {
        let known: Vec<&str> = rest
            .split_once("expected")
            .map(|(_, list)| list.split('`').skip(1).step_by(2).collect())
            .unwrap_or_default();
        return if known.is_empty() {
            format!("没有名为“{key}”的键，请检查拼写")
        } else {
            format!(
                "没有名为“{key}”的键，请检查拼写（此处可用的键：{}）",
                known.join("、")
            )
        };
    }
    if let Some(rest) = message.strip_prefix("missing field ")
        && let Some(key) = backticked(rest)
    {
        return format!("缺少键“{key}”");
    }
    if let Some(rest) = message.strip_prefix("invalid type: ") {
        let (found, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        let kind = |text: &str| {
            let text = text.trim();
            if text.starts_with("a string") || text.starts_with("string") {
                "文本（加引号）"
            } else if text.starts_with("integer") || text.starts_with("an integer") {
                "整数"
            } else if text.starts_with("a sequence") || text.starts_with("sequence") {
                "列表（[ … ]）"
            } else if text.starts_with("a boolean") || text.starts_with("boolean") {
                "true 或 false"
            } else if text.starts_with("float") || text.starts_with("a float") {
                "小数"
            } else {
                "其他类型"
            }
        };
        return format!(
            "值的类型不对：这里应为{}，写成了{}",
            kind(expected),
            kind(found)
        );
    }
    format!("TOML 格式错误（技术细节：{message}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A misspelt key, a value of the wrong type and a missing key are said in Chinese words,
    /// with the line and column; the TOML reader's English stays in the English message only.
    #[test]
    fn template_mistakes_are_said_in_chinese() {
        let chinese = |text: &str| match Template::from_toml(text, "t.toml") {
            Err(Error::Bilingual { zh, en, exit }) => {
                assert_eq!(exit, crate::error::EXIT_USAGE);
                assert!(en.starts_with("template t.toml, line"), "{en}");
                zh
            }
            other => panic!("{text:?}: {other:?}"),
        };
        let zh = chinese("[columns]\ntotall = [\"总分\"]\n");
        assert!(
            zh.starts_with("模板文件 t.toml 第 2 行第 1 列：没有名为“totall”的键"),
            "{zh}"
        );
        assert!(zh.contains("total、"), "{zh}");
        let zh = chinese("description = 5\n");
        assert!(zh.ends_with("这里应为文本（加引号），写成了整数"), "{zh}");
        for zh in [zh, chinese("[columns]\ntotal = 5\n")] {
            assert!(
                !zh.contains("invalid") && !zh.contains("expected"),
                "English left: {zh}"
            );
        }
        assert_eq!(
            toml_message_in_chinese("missing field `total`"),
            "缺少键“total”"
        );
        assert_eq!(
            toml_message_in_chinese("something new"),
            "TOML 格式错误（技术细节：something new）"
        );
    }

    #[test]
    fn a_gbk_template_is_decoded_and_full_width_punctuation_is_located() {
        let (gbk, _, _) = encoding_rs::GBK.encode("description = \"政府网站\"\n");
        assert_eq!(
            decode_template(&gbk, "t.toml").expect("decoded"),
            "description = \"政府网站\"\n"
        );
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "a = 1".as_bytes()].concat();
        assert_eq!(
            decode_template(&with_bom, "t.toml").expect("decoded"),
            "a = 1"
        );
        let text = "[columns]\ndescription ＝ \"（总分）\"\n";
        let Err(Error::Bilingual { zh, en, exit }) = Template::from_toml(text, "t.toml") else {
            panic!("refused");
        };
        assert_eq!(exit, crate::error::EXIT_USAGE);
        assert_eq!(
            zh,
            "模板文件 t.toml 第 2 行第 13 列：全角标点“＝”，请改为半角“=”"
        );
        assert!(en.contains("line 2, column 13"), "{en}");
        // Full-width characters inside a string are the vocabulary, not a mistake.
        let text = "description = “政府”\n";
        let Err(Error::Bilingual { zh, .. }) = Template::from_toml(text, "t.toml") else {
            panic!("refused");
        };
        assert!(zh.contains("第 1 行第 15 列") && zh.contains("““”"), "{zh}");
    }

    #[test]
    fn every_built_in_template_parses() {
        for (name, text) in BUILT_IN {
            let t = Template::from_toml(text, name).expect("parses");
            assert_eq!(&t.name, name);
            // The process reads them without parsing their patterns again: the same template.
            assert_eq!(Template::built_in(name), Some(t));
        }
    }

    #[test]
    fn the_built_in_list_is_the_templates_folder() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
        let mut files: Vec<String> = std::fs::read_dir(&dir)
            .expect("templates/")
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .filter_map(|n| n.strip_suffix(".toml").map(str::to_string))
            .collect();
        files.sort();
        let built_in: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
        assert_eq!(built_in, files);
        assert!(built_in.contains(&DEFAULT_TEMPLATE));
    }

    #[test]
    fn the_default_template_states_every_key_itself() {
        let text = BUILT_IN
            .iter()
            .find(|(n, _)| *n == DEFAULT_TEMPLATE)
            .map(|(_, t)| *t)
            .expect("the default is built in");
        let file: TemplateFile = toml::from_str(text).expect("parses");
        let t = Template::complete(file, None, Checked::Everything)
            .expect("complete without a default");
        assert_eq!(t, Template::default_template());
    }

    #[test]
    fn a_file_without_the_new_keys_takes_them_from_the_default() {
        let old = "name = \"old\"\n[columns]\ntotal = [\"总分\"]\nrank = [\"排名\"]\n\
                   [values]\nnot_applicable = [\"/\"]\n";
        let t = Template::from_toml(old, "old.toml").expect("parses");
        let d = Template::default_template();
        assert_eq!(t.columns.order, d.columns.order);
        assert_eq!(t.header, d.header);
        assert_eq!(t.notes, d.notes);
        assert_eq!(t.columns.bonus, Vec::<String>::new());
        // A key given replaces the default whole.
        let t = Template::from_toml(&format!("{old}[notes]\nfactor = []\n"), "x").expect("parses");
        assert_eq!(t.notes.full_mark, d.notes.full_mark);
        assert!(t.notes.factor.sources().is_empty());
        assert!(t.notes.stated_rule("乘以20/17").is_none());
    }

    #[test]
    fn unknown_template_names_the_choices() {
        let err = Template::resolve("no-such-template").expect_err("unknown");
        assert!(err.to_string().contains("government-evaluation"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn a_bad_file_is_a_template_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.toml");
        std::fs::write(&path, "name = \"x\"\n[columns]\ntotal = []\n").expect("write");
        let err = Template::resolve(&path.display().to_string()).expect_err("empty total");
        assert!(err.to_string().contains("total"), "{err}");
    }

    #[test]
    fn patterns_are_checked_without_compiling_and_compiled_once_for_every_clone() {
        let patterns = Patterns::new(vec!["(?:第|(?<max>[0-9]+))*分".into()]).expect("valid");
        assert_eq!(patterns.group_names(), Ok(vec![vec!["max".to_string()]]));
        assert!(patterns.compiled.plain.get().is_none());
        let clone = patterns.clone();
        let found = clone.first("第12分").and_then(|c| c.name("max"));
        assert_eq!(found, Some("12"));
        assert!(std::ptr::eq(
            patterns.compile().expect("compiled"),
            clone.compile().expect("compiled")
        ));
    }

    #[test]
    fn a_text_without_what_the_patterns_need_neither_compiles_nor_searches_the_list() {
        // Fresh lists with the built-in patterns: the template's own are shared by the tests.
        let t = Template::built_in("government-evaluation").expect("built in");
        let fresh = |p: &Patterns| Patterns::new(p.sources().to_vec()).expect("valid");
        let (bonus, weight) = (fresh(&t.notes.bonus_threshold), fresh(&t.notes.weight));
        bonus.prepare();
        assert!(bonus.compiled.parsed.get().is_some());
        let note =
            "注：对附加指标外指标评分时以85分为满分，结果乘以20/17与附加指标得分之和为最终得分。";
        assert!(bonus.first(note).is_none() && weight.first(note).is_none());
        assert!(bonus.compiled.plain.get().is_none());
        assert!(weight.compiled.plain.get().is_none());
        // A note that has what a pattern needs compiles the list, and is searched.
        let found = bonus.first("注：基础得分达到60分的，加分计入总分。");
        assert_eq!(found.and_then(|f| f.name("at_least")), Some("60"));
        assert!(bonus.compiled.plain.get().is_some());
    }

    #[test]
    fn a_list_finds_the_leftmost_match_and_at_one_place_the_earlier_pattern() {
        fn groups(found: Option<Found<'_>>) -> Option<(Option<&str>, Option<&str>)> {
            found.map(|f| (f.name("max"), f.name("mark")))
        }
        // The later pattern matches further left: it wins, as searching each in turn chose.
        let patterns =
            Patterns::new(vec!["b(?<max>[0-9])".into(), "(?<mark>[0-9])分".into()]).expect("ok");
        assert_eq!(groups(patterns.first("3分 b4")), Some((None, Some("3"))));
        // Both match at the same place: the earlier pattern wins.
        let patterns =
            Patterns::new(vec!["(?<max>[0-9])".into(), "(?<mark>[0-9])分".into()]).expect("ok");
        assert_eq!(groups(patterns.first("3分")), Some((Some("3"), None)));
        assert!(Patterns::default().first("3分").is_none());
    }

    #[test]
    fn a_pattern_the_engine_refuses_leaves_the_others_of_its_list_working() {
        // Valid syntax, beyond the engine's size limit.
        let patterns =
            Patterns::new(vec![r"\w{5000}".into(), "(?<max>[0-9]+)分".into()]).expect("syntax");
        let found = patterns.first("满分12分").and_then(|f| f.name("max"));
        assert_eq!(found, Some("12"));
    }

    #[test]
    fn long_texts_are_searched_with_the_lazy_dfa_after_a_few_and_find_the_same() {
        let t = Template::built_in("government-evaluation").expect("built in");
        let bonus = &t.notes.bonus_threshold;
        fn found<'t>(
            list: &Patterns,
            engine: Engine,
            text: &'t str,
        ) -> Option<(usize, usize, Option<&'t str>, Option<&'t str>)> {
            let f = list.first_at_with(engine, text, 0)?;
            Some((f.start, f.end, f.name("at_least"), f.name("above")))
        }
        let note = "注：对于没有对外服务职能的部门，不检查其网站涉及办事服务的指标，\
            对附加指标外指标评分时以85分为满分，结果乘以20/17与附加指标得分之和为最终得分；\
            基础得分达到60分的，附加指标加分计入总分，超过 70 分的另有奖励分。";
        assert!(note.len() >= LONG_TEXT);
        let texts = [
            note,
            "基础得分低于60分的，加分不予计入",
            "加分项须在基础得分90分（含）以上时计入；其余情况不加分。",
            "没有阈值的一句说明，长度足够长，长度足够长，长度足够长，长度足够长，长度足够长。",
        ];
        for text in texts {
            assert_eq!(
                found(bonus, Engine::Plain, text),
                found(bonus, Engine::WithDfa, text),
                "{text}"
            );
        }
        assert_eq!(
            found(bonus, Engine::Plain, note).and_then(|f| f.2),
            Some("60")
        );

        // A fresh list: short texts never count, long ones switch it after DFA_AFTER.
        let fresh = Patterns::new(bonus.sources().to_vec()).expect("valid");
        for _ in 0..100 {
            assert!(matches!(fresh.engine_for("达到60分的加分"), Engine::Plain));
        }
        for _ in 0..DFA_AFTER {
            assert!(matches!(fresh.engine_for(note), Engine::Plain));
        }
        assert!(fresh.compiled.with_dfa.get().is_none());
        assert!(matches!(fresh.engine_for(note), Engine::WithDfa));
        let first = fresh.first(note).and_then(|f| f.name("at_least"));
        assert!(fresh.compiled.with_dfa.get().is_some());
        assert_eq!(first, Some("60"));
        // Short texts keep the plain form even then.
        assert!(matches!(fresh.engine_for("达到60分的加分"), Engine::Plain));
    }

    #[test]
    fn unusable_vocabulary_is_refused_with_its_key() {
        let base = "name = \"x\"\n[columns]\ntotal = [\"总分\"]\n";
        let cases = [
            ("[header]\nmaximum = ['([0-9]+']\n", "pattern 1"),
            ("[header]\nmaximum = ['([0-9]+)分']\n", "(?<max>…)"),
            (
                "[notes]\nfactor = ['乘以(?<numerator>[0-9]+)']\n",
                "denominator",
            ),
            ("[notes]\nfull_mark = ['(?<max>[0-9]+)']\n", "(?<mark>…)"),
            ("[notes]\nrule = []\n", "rule"),
        ];
        for (extra, needle) in cases {
            let err = Template::from_toml(&format!("{base}{extra}"), "t.toml").expect_err(extra);
            assert!(err.to_string().contains(needle), "{extra}: {err}");
            assert_eq!(err.exit_code(), 2);
        }
        let orders = [
            ("order = [\"name\"]\n", "Total"),
            ("order = [\"total\", \"total\"]\n", "twice"),
            ("order = [\"total\", \"component\"]\n", "component"),
            ("order = [\"total\"]\nrank = [\"排名\"]\n", "Rank"),
        ];
        for (order, needle) in orders {
            let text = format!("name = \"x\"\n[columns]\n{order}total = [\"总分\"]\n");
            let err = Template::from_toml(&text, "t.toml").expect_err(order);
            assert!(err.to_string().contains(needle), "{order}: {err}");
        }
    }

    #[test]
    fn the_order_decides_which_role_a_header_takes() {
        let text = "name = \"x\"\n[columns]\norder = [ORDER]\ntotal = [\"合计\"]\n\
                    rank = [\"排名\"]\n";
        let read =
            |order: &str| Template::from_toml(&text.replace("ORDER", order), "x").expect("parses");
        let header = vec![vec!["排名合计"]];
        let role = |t: &Template| super::super::header::columns(&header, &[(0, 1)], t)[0].role;
        assert_eq!(
            role(&read("\"total\", \"rank\"")),
            super::super::Role::Total
        );
        assert_eq!(role(&read("\"rank\", \"total\"")), super::super::Role::Rank);
    }

    #[test]
    fn a_three_line_template_reads_the_real_annex() {
        let small = "name = \"small\"\n[columns]\ntotal = [\"总分\"]\n";
        assert_eq!(small.lines().count(), 3);
        let small = Template::from_toml(small, "small.toml").expect("parses");
        let default = Template::default_template();
        for table in super::super::tests::seed_tables() {
            let read = |t: &Template| match super::super::interpret(&table, t) {
                super::super::Interpretation::Score(s) => *s,
                super::super::Interpretation::Skipped { reason } => panic!("{reason}"),
                super::super::Interpretation::Structured { .. } => panic!("not from interpret"),
            };
            let (a, b) = (read(&small), read(&default));
            let maxima = |s: &super::super::ScoreSheet| -> Vec<_> {
                s.columns.iter().map(|c| c.max.clone()).collect()
            };
            assert_eq!(maxima(&a), maxima(&b));
            assert_eq!(a.stated_rule, b.stated_rule);
            assert_eq!(a.rows.len(), b.rows.len());
        }
    }

    #[test]
    fn a_template_round_trips_through_toml() {
        let t = Template::default_template();
        let text = toml::to_string(&t).expect("serialises");
        assert_eq!(Template::from_toml(&text, "again").expect("parses"), t);
    }
}
