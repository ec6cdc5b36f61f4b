//! The reviewer's notes in a workbook written before: read before the workbook is written
//! again, so that every 处理意见 / 备注 a person entered goes to the finding with the same id.
//!
//! The workbook may have been opened and saved by Excel, WPS or LibreOffice, and a person may
//! have inserted, moved or hidden columns, sorted or filtered the rows, or typed a number where
//! text was expected: the 差异 / Discrepancies sheet is found by name, its header row by its
//! texts, and each column by its heading (in either language), never by position. Only the
//! sheet's cells are read: notes typed in cell comments or on other sheets are not carried.

use std::collections::{HashMap, HashSet};
use std::io::BufReader;
use std::path::Path;
use std::sync::LazyLock;

use calamine::{Data, Range, Reader};
use regex::Regex;

use super::words;
use crate::audit::{Finding, Lang};
use crate::report::Layout;

/// The shape of an id: 12 hex digits, then `-N` for a duplicate.
static ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[0-9a-f]{12}(?:-[0-9]+)?$").unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// A date as the review column writes it.
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// How many rows from the top the header row may be (a person may insert a title above it).
const HEADER_SEARCH: usize = 20;

/// A reviewer's two entries for one finding.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notes {
    /// 处理意见 / Disposition.
    pub disposition: String,
    /// 备注 / Comment.
    pub comment: String,
}

impl Notes {
    /// Whether a person wrote anything.
    pub fn is_empty(&self) -> bool {
        self.disposition.is_empty() && self.comment.is_empty()
    }

    /// Adds another row's notes for the same finding, each entry once (joined with `；`).
    fn merge(&mut self, other: Notes) {
        for (mine, theirs) in [
            (&mut self.disposition, other.disposition),
            (&mut self.comment, other.comment),
        ] {
            if theirs.is_empty() || mine.split('；').any(|part| part == theirs) {
                continue;
            }
            if !mine.is_empty() {
                mine.push('；');
            }
            mine.push_str(&theirs);
        }
    }
}

/// One finding's row as the previous workbook shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviousEntry {
    /// Its id; empty for notes found on a row without an id, which are kept as they are.
    pub id: String,
    /// The reviewer's notes.
    pub notes: Notes,
    /// The descriptive cells (severity, check, table, row, name, …) by our column index, as
    /// shown: what a resolved finding's row repeats.
    pub fields: Vec<(u16, String)>,
    /// When it was listed under 已解决: the date it disappeared.
    pub resolved_on: Option<String>,
}

/// Everything the previous workbook's discrepancy sheet says about its findings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PreviousReview {
    /// Every finding row (current and resolved), in the sheet's order.
    pub entries: Vec<PreviousEntry>,
}

/// Why a previous workbook cannot be taken over.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreadable {
    /// Excel, WPS or LibreOffice holds it open (their lock file is beside it).
    OpenElsewhere(String),
    /// Not a workbook (or a damaged one).
    NotWorkbook(String),
    /// A workbook without our discrepancy sheet or its id column, that holds notes: what it
    /// lacks, in both languages.
    NotOurs(crate::error::Text),
}

impl Unreadable {
    /// The reason, in the report's language.
    pub fn reason(&self, lang: Lang) -> String {
        match self {
            Unreadable::OpenElsewhere(lock) => lang.pick(
                format!("它正在 Excel、WPS 或 LibreOffice 中打开（锁文件 {lock}），请先关闭"),
                format!(
                    "it is open in Excel, WPS or LibreOffice (lock file {lock}); close it first"
                ),
            ),
            Unreadable::NotWorkbook(why) => lang.pick(
                format!("它不是可读取的工作簿，或已损坏（技术细节：{why}）"),
                format!("it is not a readable workbook ({why})"),
            ),
            Unreadable::NotOurs(why) => lang.pick(
                format!("它不是本工具写出的核对工作簿（{}）", why.get(Lang::Zh)),
                format!(
                    "it is not a workbook written by this tool ({})",
                    why.get(Lang::En)
                ),
            ),
        }
    }
}

/// Reads the reviewer's notes from the workbook at `path`. `Ok(None)`: nothing to carry (no
/// file, or a workbook of ours from before ids with no note in it).
pub fn read_previous(path: &Path) -> Result<Option<PreviousReview>, Unreadable> {
    if !path.is_file() {
        return Ok(None);
    }
    if let Some(lock) = lock_file(path) {
        return Err(Unreadable::OpenElsewhere(lock));
    }
    let file = std::fs::File::open(path).map_err(|e| Unreadable::NotWorkbook(e.to_string()))?;
    let mut workbook = calamine::Xlsx::new(BufReader::new(file))
        .map_err(|e| Unreadable::NotWorkbook(e.to_string()))?;
    let names = workbook.sheet_names();
    let layouts = [
        Layout::for_language(Lang::Zh),
        Layout::for_language(Lang::En),
    ];
    let sheet_names = layouts.each_ref().map(Layout::discrepancy_sheet);
    let Some(name) = names
        .iter()
        .find(|n| sheet_names.iter().any(|s| n.trim() == *s))
        .cloned()
    else {
        let names = sheet_names.join(" / ");
        return Err(Unreadable::NotOurs(crate::error::Text::new(
            format!("没有名为 {names} 的工作表"),
            format!("no sheet named {names}"),
        )));
    };
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| Unreadable::NotWorkbook(e.to_string()))?;
    read_sheet(&range).map(|r| r.filter(|r| !r.entries.is_empty()))
}

/// The lock file Excel/WPS (`~$name`) or LibreOffice (`.~lock.name#`) keeps beside an open
/// workbook, if there is one.
fn lock_file(path: &Path) -> Option<String> {
    let name = path.file_name()?.to_string_lossy().into_owned();
    let dir = path.parent().filter(|p| !p.as_os_str().is_empty());
    let dir = dir.unwrap_or(Path::new("."));
    let short: String = name.chars().skip(2).collect();
    [
        format!(".~lock.{name}#"),
        format!("~${name}"),
        format!("~${short}"),
    ]
    .into_iter()
    .find(|candidate| dir.join(candidate).exists())
}

/// A cell as text, trimmed; whole numbers without `.0`.
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        other => other.to_string().trim().to_string(),
    }
}

/// What each heading of the sheet stands for: our column index, by its text in either
/// language.
fn column_of_heading(heading: &str) -> Option<u16> {
    let heading = heading.trim();
    [Lang::Zh, Lang::En].iter().find_map(|lang| {
        (0u16..)
            .zip(words::discrepancy_columns(*lang))
            .find(|(_, h)| h.eq_ignore_ascii_case(heading))
            .map(|(c, _)| c)
    })
}

/// Reads the findings of the discrepancy sheet.
fn read_sheet(range: &Range<Data>) -> Result<Option<PreviousReview>, Unreadable> {
    use super::discrepancies::col;
    // The header row: the first row holding the disposition heading.
    let header = range
        .rows()
        .take(HEADER_SEARCH)
        .enumerate()
        .find_map(|(i, row)| {
            let columns: HashMap<u16, usize> = row
                .iter()
                .enumerate()
                .filter_map(|(j, c)| column_of_heading(&text(c)).map(|ours| (ours, j)))
                .collect();
            columns
                .contains_key(&col::DISPOSITION)
                .then_some((i, columns))
        });
    let Some((header_row, columns)) = header else {
        return Err(Unreadable::NotOurs(crate::error::Text::new(
            "没有“处理意见 / Disposition”列",
            "no 处理意见 / Disposition column",
        )));
    };
    let at = |row: &[Data], ours: u16| -> String {
        columns
            .get(&ours)
            .and_then(|j| row.get(*j))
            .map(text)
            .unwrap_or_default()
    };
    let rows = range.rows().skip(header_row + 1);
    let Some(id_col) = columns.get(&col::ID).copied() else {
        // A workbook from before the ids: its notes cannot be placed.
        let notes = rows
            .filter(|row| {
                !at(row, col::DISPOSITION).is_empty() || !at(row, col::COMMENT).is_empty()
            })
            .count();
        return if notes == 0 {
            Ok(None)
        } else {
            Err(Unreadable::NotOurs(crate::error::Text::new(
                format!("有 {notes} 条备注，但没有编号列（由旧版本写出）"),
                format!("{notes} notes but no id column (written by an older version)"),
            )))
        };
    };
    let mut review = PreviousReview::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let id = row.get(id_col).map(text).unwrap_or_default();
        let notes = Notes {
            disposition: at(row, col::DISPOSITION),
            comment: at(row, col::COMMENT),
        };
        let id = if ID.is_match(&id) {
            id
        } else if !notes.is_empty() {
            // Notes on a row without an id (a person's own row, or an id deleted): kept.
            String::new()
        } else {
            continue;
        };
        if let Some(&earlier) = seen.get(&id).filter(|_| !id.is_empty()) {
            // The same finding twice (a row copied): both rows' notes are kept.
            if let Some(e) = review.entries.get_mut(earlier) {
                e.notes.merge(notes);
            }
            continue;
        }
        seen.insert(id.clone(), review.entries.len());
        let status = at(row, col::REVIEW);
        let resolved = status.contains(words::resolved_word(Lang::Zh))
            || status
                .to_lowercase()
                .contains(words::resolved_word(Lang::En));
        let resolved_on = resolved.then(|| {
            DATE.find(&status)
                .map(|m| m.as_str().to_string())
                .unwrap_or_default()
        });
        let fields = (0..col::DISPOSITION)
            .map(|c| (c, at(row, c)))
            .filter(|(_, t)| !t.is_empty())
            .collect();
        review.entries.push(PreviousEntry {
            id,
            notes,
            fields,
            resolved_on,
        });
    }
    Ok(Some(review))
}

/// How a finding's row stands against the previous workbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Carried {
    /// The notes carried over (empty when none).
    pub notes: Notes,
    /// Not in the previous workbook: marked 新增.
    pub new: bool,
}

/// The review columns of a new discrepancy sheet: each finding's carried notes and mark, and
/// the findings gone since.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Review {
    /// Per current finding id.
    pub carried: HashMap<String, Carried>,
    /// Findings of the previous workbook no longer found, with their notes and the date they
    /// disappeared (kept from an earlier re-audit when already resolved then); notes found on
    /// rows without an id come last, undated.
    pub resolved: Vec<PreviousEntry>,
}

impl Review {
    /// Matches the previous workbook's rows to the new findings by id. `today` dates the
    /// findings that disappear now.
    pub fn carry(previous: &PreviousReview, findings: &[Finding], today: &str) -> Review {
        let current: HashSet<&str> = findings.iter().map(|f| f.id.as_str()).collect();
        // A finding of the previous workbook that is now a consequence of another (a newer
        // version reports one mistake once): still found, its notes go with its cause.
        let cause_of: HashMap<&str, &str> = findings
            .iter()
            .flat_map(|f| {
                f.consequences
                    .iter()
                    .filter(|c| !c.id.is_empty() && !current.contains(c.id.as_str()))
                    .map(move |c| (c.id.as_str(), f.id.as_str()))
            })
            .collect();
        let mut by_cause: HashMap<&str, Notes> = HashMap::new();
        for e in &previous.entries {
            if let Some(cause) = cause_of.get(e.id.as_str()) {
                by_cause.entry(cause).or_default().merge(e.notes.clone());
            }
        }
        let by_id: HashMap<&str, &PreviousEntry> = previous
            .entries
            .iter()
            .map(|e| (e.id.as_str(), e))
            .collect();
        let carried = findings
            .iter()
            .map(|f| {
                let before = by_id.get(f.id.as_str());
                let mut notes = before.map(|e| e.notes.clone()).unwrap_or_default();
                let merged = by_cause.remove(f.id.as_str());
                let was_there = before.is_some() || merged.is_some();
                if let Some(merged) = merged {
                    notes.merge(merged);
                }
                let carried = Carried {
                    notes,
                    new: !was_there,
                };
                (f.id.clone(), carried)
            })
            .collect();
        let mut resolved: Vec<PreviousEntry> = previous
            .entries
            .iter()
            .filter(|e| !current.contains(e.id.as_str()) && !cause_of.contains_key(e.id.as_str()))
            .map(|e| PreviousEntry {
                resolved_on: (!e.id.is_empty()).then(|| {
                    e.resolved_on
                        .clone()
                        .filter(|d| !d.is_empty())
                        .unwrap_or_else(|| today.to_string())
                }),
                ..e.clone()
            })
            .collect();
        resolved.sort_by_key(|e| e.id.is_empty());
        Review { carried, resolved }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_are_recognised_in_either_language_and_any_case() {
        use super::super::discrepancies::col;
        assert_eq!(column_of_heading("处理意见"), Some(col::DISPOSITION));
        assert_eq!(column_of_heading(" comment "), Some(col::COMMENT));
        assert_eq!(column_of_heading("编号"), Some(col::ID));
        assert_eq!(column_of_heading("my own column"), None);
    }

    fn entry(id: &str, comment: &str, resolved_on: Option<&str>) -> PreviousEntry {
        PreviousEntry {
            id: id.into(),
            notes: Notes {
                disposition: String::new(),
                comment: comment.into(),
            },
            fields: vec![(0, "错误".into())],
            resolved_on: resolved_on.map(str::to_string),
        }
    }

    #[test]
    fn notes_follow_ids_new_findings_are_marked_and_gone_ones_are_resolved_once() {
        use crate::audit::checks::table_finding;
        use crate::audit::{Check, Severity};
        let previous = PreviousReview {
            entries: vec![
                entry("aaaaaaaaaaaa", "kept", None),
                entry("bbbbbbbbbbbb", "fixed since", None),
                entry("cccccccccccc", "fixed long ago", Some("2026-01-01")),
            ],
        };
        let finding = |id: &str| Finding {
            id: id.into(),
            ..table_finding(Check::Total, Severity::Error, 1, "m".into())
        };
        let findings = [finding("aaaaaaaaaaaa"), finding("dddddddddddd")];
        let review = Review::carry(&previous, &findings, "2026-12-01");
        assert_eq!(review.carried["aaaaaaaaaaaa"].notes.comment, "kept");
        assert!(!review.carried["aaaaaaaaaaaa"].new);
        assert!(review.carried["dddddddddddd"].new);
        assert!(review.carried["dddddddddddd"].notes.is_empty());
        let resolved: Vec<(&str, Option<&str>, &str)> = review
            .resolved
            .iter()
            .map(|e| {
                (
                    e.id.as_str(),
                    e.resolved_on.as_deref(),
                    e.notes.comment.as_str(),
                )
            })
            .collect();
        assert_eq!(
            resolved,
            [
                ("bbbbbbbbbbbb", Some("2026-12-01"), "fixed since"),
                ("cccccccccccc", Some("2026-01-01"), "fixed long ago"),
            ]
        );
    }

    /// A newer version reports one mistake once: a finding the reviewer annotated that is now
    /// a consequence of another is still found, its notes go with its cause, not to 已解决.
    #[test]
    fn notes_of_a_finding_now_a_consequence_go_with_its_cause() {
        use crate::audit::checks::table_finding;
        use crate::audit::{Check, Severity};
        let previous = PreviousReview {
            entries: vec![
                entry("aaaaaaaaaaaa", "kept", None),
                entry("eeeeeeeeeeee", "now merged", None),
                entry("ffffffffffff", "merged, its cause new", None),
            ],
        };
        let finding = |id: &str, consequence: &str| Finding {
            id: id.into(),
            consequences: vec![Finding {
                id: consequence.into(),
                ..table_finding(Check::Sum, Severity::Error, 1, "c".into())
            }],
            ..table_finding(Check::Sum, Severity::Error, 1, "m".into())
        };
        let findings = [
            finding("aaaaaaaaaaaa", "eeeeeeeeeeee"),
            finding("gggggggggggg", "ffffffffffff"),
        ];
        let review = Review::carry(&previous, &findings, "2026-12-01");
        assert_eq!(
            review.carried["aaaaaaaaaaaa"].notes.comment,
            "kept；now merged"
        );
        assert_eq!(
            review.carried["gggggggggggg"].notes.comment,
            "merged, its cause new"
        );
        assert!(!review.carried["gggggggggggg"].new);
        assert!(review.resolved.is_empty(), "{:#?}", review.resolved);
    }

    #[test]
    fn notes_without_an_id_are_kept_undated_after_the_resolved_ones() {
        let previous = PreviousReview {
            entries: vec![
                entry("", "my own row", None),
                entry("bbbbbbbbbbbb", "gone", None),
            ],
        };
        let review = Review::carry(&previous, &[], "2026-12-01");
        let kept: Vec<(&str, Option<&str>)> = review
            .resolved
            .iter()
            .map(|e| (e.notes.comment.as_str(), e.resolved_on.as_deref()))
            .collect();
        assert_eq!(kept, [("gone", Some("2026-12-01")), ("my own row", None)]);
        let mut notes = Notes {
            disposition: "确认".into(),
            comment: "a".into(),
        };
        notes.merge(Notes {
            disposition: "确认".into(),
            comment: "b".into(),
        });
        assert_eq!(
            (notes.disposition.as_str(), notes.comment.as_str()),
            ("确认", "a；b")
        );
    }

    #[test]
    fn a_file_that_is_not_a_workbook_is_unreadable_and_a_missing_one_is_nothing() {
        let dir = tempfile::tempdir().expect("a temporary directory");
        let missing = dir.path().join("none.xlsx");
        assert_eq!(read_previous(&missing), Ok(None));
        let text = dir.path().join("text.xlsx");
        std::fs::write(&text, "not a zip").expect("written");
        assert!(matches!(
            read_previous(&text),
            Err(Unreadable::NotWorkbook(_))
        ));
        std::fs::write(dir.path().join(".~lock.text.xlsx#"), "x").expect("written");
        assert!(matches!(
            read_previous(&text),
            Err(Unreadable::OpenElsewhere(_))
        ));
    }
}
