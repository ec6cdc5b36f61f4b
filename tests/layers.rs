//! The pipeline flows one way: a stage may use the stages before it, never one after it.
//!
//! ```text
//! leaves (error, xml, exact, lang, messages, clock, beside) → convert
//!   → package → wordml → annex → audit → report → pipeline → commands → main, lib
//! ```
//!
//! Every `src/**/*.rs` file is assigned to its stage by its path, and every path it names
//! outside comments and string literals — `use crate::X…`, `crate::X::…`,
//! `use crate::{X, Y::…}` — must lead to its own stage or an earlier one. `pipeline` sits
//! below `commands` because the commands drive it (`commands::audit` calls
//! `pipeline::audit_streaming`). A new top-level module must be given its stage here.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// The stages, earliest first; a module's stage is its index.
const STAGES: &[&[&str]] = &[
    // Shared leaves, below everything. `Error` and `Result` are the crate root's re-exports
    // of `error`'s; `beside` starts the package's, the pipeline's and the reports' threads.
    &[
        "error", "xml", "exact", "lang", "messages", "clock", "beside", "Error", "Result",
    ],
    // Legacy .doc/.wps to a temporary .docx with LibreOffice: before the package reads it.
    &["convert"],
    &["package"],
    &["wordml"],
    &["annex"],
    &["audit"],
    &["report"],
    &["pipeline"],
    // Two audited versions compared (`diff`): reads reports, feeds the subcommands.
    &["review"],
    // The front ends: the subcommands and the local page.
    &["commands", "serve"],
    &["main", "lib"],
];

/// The stage of a top-level module (or a crate-root item), if it has one.
fn stage_of(module: &str) -> Option<usize> {
    STAGES.iter().position(|names| names.contains(&module))
}

/// The top-level module a source file belongs to: `src/annex/rule.rs` → `annex`,
/// `src/exact.rs` → `exact`.
fn module_of(relative: &Path) -> String {
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default();
    first.strip_suffix(".rs").unwrap_or(&first).to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source with comments and the contents of string and character literals replaced by
/// spaces (newlines kept), so that only code is searched and offsets keep their lines.
fn code_only(source: &str) -> String {
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(chars[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && matches!(next, Some('#' | '"')) && starts_token(&chars, i) {
            // A raw string: r"…", r#"…"#, br#"…"# (the b is already copied).
            let hashes = chars[i + 1..].iter().take_while(|&&h| h == '#').count();
            if chars.get(i + 1 + hashes) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let closing: String = std::iter::once('"')
                .chain(std::iter::repeat_n('#', hashes))
                .collect();
            let closing: Vec<char> = closing.chars().collect();
            let start = i + 2 + hashes;
            let end = (start..chars.len())
                .find(|&j| chars[j..].starts_with(&closing))
                .map_or(chars.len(), |j| j + closing.len());
            out.extend(chars[i..end].iter().map(|&c| blank(c)));
            i = end;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                if chars[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if let Some(&c) = chars.get(i) {
                    out.push(blank(c));
                }
                i += 1;
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{3000}') or a lifetime ('a, 'static).
            let end = if next == Some('\\') {
                (i + 2..chars.len()).find(|&j| chars[j] == '\'')
            } else if chars.get(i + 2) == Some(&'\'') {
                Some(i + 2)
            } else {
                None
            };
            match end {
                Some(end) => {
                    out.extend(std::iter::repeat_n(' ', end + 1 - i));
                    i = end + 1;
                }
                None => {
                    out.push(c);
                    i += 1;
                }
            }
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Whether the `r` at `i` begins a raw string (`r"`, `br"`) rather than ends an identifier.
fn starts_token(chars: &[char], i: usize) -> bool {
    let ident = |j: usize| {
        j < i
            && chars
                .get(j)
                .is_some_and(|c| c.is_alphanumeric() || *c == '_')
    };
    !ident(i.wrapping_sub(1)) || (chars[i - 1] == 'b' && !ident(i.wrapping_sub(2)))
}

/// The top-level modules a source names after `crate::` or `annex_audit::`, with the 1-based
/// line: `crate::annex::Template` → `annex`; `crate::{Error, audit::Lang}` → `Error`, `audit`.
fn named_modules(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let line_at = |offset: usize| code[..offset].matches('\n').count() + 1;
    let ident_at = |offset: usize| -> &str {
        let rest = &code[offset..];
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    };
    for prefix in ["crate::", "annex_audit::"] {
        for (at, _) in code.match_indices(prefix) {
            let before = code[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let mut i = at + prefix.len();
            i += code[i..].len() - code[i..].trim_start().len();
            if code[i..].starts_with('{') {
                // A group: the first segment of each top-level item.
                let mut depth = 0;
                let mut item_start = true;
                for (j, c) in code[i..].char_indices() {
                    let j = i + j;
                    match c {
                        '{' => {
                            depth += 1;
                            item_start = depth == 1;
                        }
                        '}' => {
                            depth -= 1;
                            if depth == 0 {
                                break;
                            }
                        }
                        ',' if depth == 1 => item_start = true,
                        c if item_start && depth == 1 && (c.is_alphanumeric() || c == '_') => {
                            let name = ident_at(j);
                            if name != "self" {
                                found.push((line_at(j), name.to_string()));
                            }
                            item_start = false;
                        }
                        _ => {}
                    }
                }
            } else {
                let name = ident_at(i);
                if !name.is_empty() {
                    found.push((line_at(i), name.to_string()));
                }
            }
        }
    }
    found.sort();
    found
}

/// The number of files read, and every import of a later stage as
/// `file:line: stage imports later`.
fn violations(src: &Path) -> (usize, Vec<String>) {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let count = files.len();
    let mut problems = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap_or(&file);
        let shown = Path::new("src").join(relative).display().to_string();
        let module = module_of(relative);
        let Some(own) = stage_of(&module) else {
            problems.push(format!(
                "{shown}: module `{module}` has no stage: add it to STAGES in tests/layers.rs"
            ));
            continue;
        };
        let source =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        for (line, named) in named_modules(&code_only(&source)) {
            match stage_of(&named) {
                Some(stage) if stage <= own => {}
                Some(_) => problems.push(format!(
                    "{shown}:{line}: `{module}` imports `{named}`, a later stage: {}",
                    source.lines().nth(line - 1).unwrap_or("").trim()
                )),
                None => problems.push(format!(
                    "{shown}:{line}: `{named}` has no stage: add it to STAGES in tests/layers.rs"
                )),
            }
        }
    }
    (count, problems)
}

#[test]
fn no_stage_imports_a_later_stage() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let (files, problems) = violations(&src);
    assert!(files > 20, "only {files} sources under {}", src.display());
    let mut report = String::new();
    for p in &problems {
        let _ = writeln!(report, "  {p}");
    }
    assert!(
        problems.is_empty(),
        "the pipeline must flow one way (leaves → package → wordml → annex → audit → report \
         → pipeline → commands → main):\n{report}"
    );
}

#[test]
fn the_scanner_sees_imports_and_skips_comments_and_strings() {
    let source = r##"
//! See [`X`](crate::report::X).
use crate::{Error, audit::{Lang, Finding}, self};
use crate::annex::Template;
fn f() -> crate::Result<()> {
    let s = "crate::commands::x";
    let r = r#"crate::pipeline"#;
    let c = '"';
    let t = crate::wordml::collapse_whitespace(" a ");
    /* crate::report */
    let l: &'static str = "";
}
"##;
    let named: Vec<(usize, String)> = named_modules(&code_only(source));
    let expect = [
        (3, "Error"),
        (3, "audit"),
        (4, "annex"),
        (5, "Result"),
        (9, "wordml"),
    ];
    let expect: Vec<(usize, String)> = expect.iter().map(|(l, n)| (*l, n.to_string())).collect();
    assert_eq!(named, expect);
}

#[test]
fn a_later_stage_import_is_caught_with_its_file_and_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let src = dir.path();
    for (path, text) in [
        ("lib.rs", "pub mod annex;\npub mod audit;\n"),
        (
            "annex/mod.rs",
            "//! x\n\nuse crate::audit::exact::Factor;\n",
        ),
        ("audit/mod.rs", "use crate::annex::Template;\n"),
    ] {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
        std::fs::write(&path, text).expect("write");
    }
    let (files, problems) = violations(src);
    assert_eq!(files, 3);
    let annex = problems
        .iter()
        .find(|p| p.starts_with("src/annex/mod.rs:3:"))
        .unwrap_or_else(|| panic!("{problems:#?}"));
    assert!(annex.contains("`audit`"), "{annex}");
    assert_eq!(problems.len(), 1, "{problems:#?}");
}
