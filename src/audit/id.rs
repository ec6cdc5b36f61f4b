//! Stable finding ids: the handle a reviewer's notes hang on across re-audits and drafts.
//!
//! An id is the first 12 hex digits of SHA-256 over
//! `check | table key | row key | column key | subject`, never over a position that a harmless
//! edit moves:
//!
//! - the table key ([`table_key`]): the table's first bookmark named by a person (Word's hidden
//!   `_GoBack`, `_Hlk…`, `_Toc…` bookmarks come and go with edits and are ignored), else its
//!   heading or caption without whitespace and without its leading enumeration (`二、` moves
//!   when a section is inserted), else `#N` after its position as the last resort; a
//!   continued table takes the key of its chain's first part, and a key met again in the same
//!   document is suffixed `~2`, `~3` … in document order;
//! - the row key: the row's name without whitespace, `#N` for a row without a name;
//! - the column key: the header label without whitespace and without its maximum (`（110分）`),
//!   so correcting a maximum keeps the column's findings;
//! - the subject, for a finding with neither row nor column (a note's rule): what it quotes
//!   as published.
//!
//! Two findings that still share an id (a name printed twice with the same mistake) are told
//! apart by a `-2`, `-3` … suffix in the order the checks report them.

use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;
use std::sync::LazyLock;

use regex::Regex;
use sha2::{Digest, Sha256};

use super::Finding;

/// A heading's leading enumeration: 一、 （一） 1. 1、 第一章 附件1 表1.
static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"^(?:",
        r"[一二三四五六七八九十百零〇]+[、.．]",
        r"|[（(][一二三四五六七八九十百零〇0-9０-９]+[）)]",
        r"|[0-9０-９]+(?:\.[0-9０-９]+)*[、.．)）]",
        r"|第[一二三四五六七八九十百零〇0-9０-９]+[章节部分篇]",
        r"|附件[0-9０-９]*[:：]?",
        r"|表[0-9０-９]+[:：.．、]?",
        r")"
    ))
    .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// A header's maximum: （110分） (10分) （满分10分）.
static MAXIMUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[（(][^（()）]*[0-9０-９][^（()）]*分[）)]")
        .unwrap_or_else(|e| unreachable!("static regex: {e}"))
});

/// Text without any whitespace.
fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Whether a bookmark is one Word makes and moves on its own (`_GoBack`, `_Hlk…`, `_Toc…`).
pub fn is_hidden_bookmark(name: &str) -> bool {
    name.starts_with('_')
}

/// The key of a table: its first bookmark named by a person, else its heading (or caption)
/// normalised, else `#number`. Shared by the ids and by `diff`'s table matching.
///
/// ```
/// use annex_audit::audit::id::table_key;
/// assert_eq!(table_key(&["_Hlk1".into()], Some("二、市人民政府 组成部门"), 2), "市人民政府组成部门");
/// assert_eq!(table_key(&["scores".into()], Some("二、部门"), 2), "@scores");
/// assert_eq!(table_key(&[], None, 4), "#4");
/// ```
pub fn table_key(bookmarks: &[String], title: Option<&str>, number: usize) -> String {
    if let Some(b) = bookmarks.iter().find(|b| !is_hidden_bookmark(b)) {
        return format!("@{b}");
    }
    if let Some(title) = title {
        let squeezed = squeeze(title);
        let key = ENUMERATION.replace(&squeezed, "");
        if !key.is_empty() {
            return key.into_owned();
        }
        if !squeezed.is_empty() {
            return squeezed;
        }
    }
    format!("#{number}")
}

/// A column header as the ids see it: no whitespace, no maximum.
///
/// ```
/// use annex_audit::audit::id::column_key;
/// assert_eq!(column_key("总分\n（110分）"), "总分");
/// ```
pub fn column_key(label: &str) -> String {
    MAXIMUM.replace_all(&squeeze(label), "").into_owned()
}

/// A row as the ids see it: its name without whitespace, `#N` without a name.
pub fn row_key(name: Option<&str>, row: Option<usize>) -> String {
    match (name.map(squeeze).filter(|n| !n.is_empty()), row) {
        (Some(name), _) => name,
        (None, Some(r)) => format!("#{r}"),
        (None, None) => String::new(),
    }
}

/// The id of a finding, before duplicates are told apart, given its table's key.
pub fn base_id(finding: &Finding, table_key: &str) -> String {
    let subject = if finding.row.is_none() && finding.column.is_none() {
        finding
            .published
            .as_deref()
            .map(squeeze)
            .unwrap_or_default()
    } else {
        String::new()
    };
    let material = [
        finding.check.as_str(),
        table_key,
        &row_key(finding.name.as_deref(), finding.row),
        &finding
            .column
            .as_deref()
            .map(column_key)
            .unwrap_or_default(),
        &subject,
    ]
    .join("|");
    let digest = Sha256::digest(material.as_bytes());
    let mut hex = String::with_capacity(12);
    for b in digest.iter().take(6) {
        let _ = write!(hex, "{b:02x}");
    }
    hex
}

/// Hands out table keys and ids over one document, so that both are unique in it.
#[derive(Debug, Default)]
pub struct IdAssigner {
    /// Table keys given out, with how many times each was asked for.
    table_keys: HashMap<String, usize>,
    /// Ids given out.
    ids: HashSet<String>,
}

impl IdAssigner {
    /// The document-unique key of the next chain whose first table has this key.
    pub fn chain_key(&mut self, key: String) -> String {
        let seen = self.table_keys.entry(key.clone()).or_insert(0);
        *seen += 1;
        if *seen == 1 {
            key
        } else {
            format!("{key}~{seen}")
        }
    }

    /// Sets the id of every finding of one chain, in the order given, and of the consequences
    /// attached to each; a consequence's `caused_by` then names its cause's id.
    pub fn assign(&mut self, findings: &mut [Finding], table_key: &str) {
        for f in findings {
            let base = base_id(f, table_key);
            let mut id = base.clone();
            let mut n = 1;
            while !self.ids.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            self.assign(&mut f.consequences, table_key);
            for consequence in &mut f.consequences {
                consequence.caused_by = Some(id.clone());
            }
            f.id = id;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::checks::table_finding;
    use crate::audit::{Check, Severity};

    fn finding(name: &str, row: usize, column: &str) -> Finding {
        Finding {
            row: Some(row),
            name: Some(name.into()),
            column: Some(column.into()),
            ..table_finding(Check::Total, Severity::Error, 3, "m".into())
        }
    }

    #[test]
    fn the_id_ignores_row_numbers_whitespace_maxima_and_the_heading_number() {
        let a = base_id(&finding("公安局", 13, "总分（110分）"), "部门");
        let moved = base_id(&finding("公 安局", 14, "总分\n（100分）"), "部门");
        assert_eq!(a, moved);
        assert_eq!(a.len(), 12);
        assert_ne!(a, base_id(&finding("民政局", 13, "总分（110分）"), "部门"));
        assert_eq!(
            table_key(&[], Some("二、市人民政府组成部门"), 2),
            table_key(&["_GoBack".into()], Some("三、市人民政府组成部门"), 3)
        );
    }

    #[test]
    fn duplicates_and_repeated_tables_get_suffixes_in_order() {
        let mut ids = IdAssigner::default();
        assert_eq!(ids.chain_key("表".into()), "表");
        assert_eq!(ids.chain_key("表".into()), "表~2");
        let mut twice = vec![finding("甲", 1, "A"), finding("甲", 2, "A")];
        ids.assign(&mut twice, "表");
        assert_eq!(twice[1].id, format!("{}-2", twice[0].id));
    }

    #[test]
    fn a_table_level_finding_is_told_apart_by_its_subject() {
        let rule = |published: &str| Finding {
            published: Some(published.into()),
            ..table_finding(Check::Rule, Severity::Warning, 1, "m".into())
        };
        assert_ne!(base_id(&rule("85 × 20/17"), "t"), base_id(&rule("80"), "t"));
    }
}
