//! The workbook names of a batch: `<stem>.audit.xlsx`, unless two inputs share a stem (in
//! different folders, or differing only in case, which Windows does not tell apart). Then each
//! of them is named from its path relative to the folder it was found in (`2020-附件`,
//! `2021-附件`), with the extension when that is still not enough, and numbered only as a
//! last resort. The names depend on the inputs alone, never on which file finished first, so
//! they are the same on every run.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

/// One input of a batch.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct BatchInput {
    /// The file, as found.
    pub path: PathBuf,
    /// Its path relative to the folder given on the command line (as given for a file named
    /// directly).
    pub relative: PathBuf,
    /// Why it is listed but not audited (a .pdf or .xls found in a folder).
    pub skipped: Option<String>,
}

/// The workbook file name of each input, in the inputs' order.
///
/// ```text
/// 2020/附件.docx, 2021/附件.docx, 通知.docx  →  2020-附件.audit.xlsx, 2021-附件.audit.xlsx, 通知.audit.xlsx
/// ```
pub(super) fn workbook_names(inputs: &[BatchInput]) -> Vec<String> {
    let stems: Vec<String> = inputs.iter().map(|i| stem(&i.path)).collect();
    let mut names = distinguish(stems, |i| joined(&inputs[i].relative, false));
    names = distinguish(names, |i| joined(&inputs[i].relative, true));
    names = distinguish(names, |i| joined(&inputs[i].path, true));
    // Still equal (a path given twice in other spellings): numbered in the inputs' order.
    let mut seen: HashMap<String, usize> = HashMap::new();
    names
        .into_iter()
        .map(|name| {
            let n = seen.entry(name.to_lowercase()).or_insert(0);
            *n += 1;
            if *n == 1 {
                format!("{name}.audit.xlsx")
            } else {
                format!("{name}-{n}.audit.xlsx")
            }
        })
        .collect()
}

/// Replaces each name shared (ignoring case) by several inputs with `longer(index)`.
fn distinguish(names: Vec<String>, longer: impl Fn(usize) -> String) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::new();
    for name in &names {
        *count.entry(name.to_lowercase()).or_insert(0) += 1;
    }
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| {
            if count.get(&name.to_lowercase()).copied().unwrap_or(0) > 1 {
                longer(i)
            } else {
                name
            }
        })
        .collect()
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "annex".into())
}

/// The path's folders and file name joined with `-` (the extension kept or not): a file name,
/// whatever the path's depth, with nothing a file system refuses.
fn joined(path: &Path, with_extension: bool) -> String {
    let mut parts: Vec<String> = path
        .parent()
        .into_iter()
        .flat_map(Path::components)
        .filter_map(|c| match c {
            Component::Normal(p) => Some(p.to_string_lossy().into_owned()),
            Component::ParentDir => Some("..".into()),
            _ => None,
        })
        .filter(|p| p != "..")
        .collect();
    let last = if with_extension {
        path.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    } else {
        stem(path)
    };
    parts.push(last);
    parts
        .join("-")
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(path: &str, relative: &str) -> BatchInput {
        BatchInput {
            path: PathBuf::from(path),
            relative: PathBuf::from(relative),
            skipped: None,
        }
    }

    #[test]
    fn only_shared_stems_are_named_from_their_relative_path() {
        let inputs = [
            input("in/2020/附件.docx", "2020/附件.docx"),
            input("in/2021/附件.docx", "2021/附件.docx"),
            input("in/通知.docx", "通知.docx"),
            input("in/a/Report.docx", "a/Report.docx"),
            input("in/b/report.docx", "b/report.docx"),
            input("in/c/x.docx", "c/x.docx"),
            input("in/c/x.docm", "c/x.docm"),
        ];
        assert_eq!(
            workbook_names(&inputs),
            [
                "2020-附件.audit.xlsx",
                "2021-附件.audit.xlsx",
                "通知.audit.xlsx",
                "a-Report.audit.xlsx",
                "b-report.audit.xlsx",
                "c-x.docx.audit.xlsx",
                "c-x.docm.audit.xlsx",
            ]
        );
    }

    #[test]
    fn the_same_file_twice_is_numbered_in_order() {
        let inputs = [
            input("a/附件.docx", "a/附件.docx"),
            input("a/附件.docx", "a/附件.docx"),
        ];
        assert_eq!(
            workbook_names(&inputs),
            ["a-附件.docx.audit.xlsx", "a-附件.docx-2.audit.xlsx"]
        );
    }
}
