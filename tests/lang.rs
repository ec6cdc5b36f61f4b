//! A Chinese user never meets an English sentence: the help and the command line's errors follow
//! the locale, the input errors before any document too, and no `pick` in the sources leaves
//! one language empty. (The catalogue's own walk — every entry in both languages — is
//! `messages::tests`.)

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The binary run with `LANG` set to `locale` (and the other locale variables cleared).
fn run_in(locale: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", locale)
        .output()
        .expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn has_cjk(line: &str) -> bool {
    line.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
}

/// Lines of help that describe something (an option, a command, the about line) but hold no
/// Chinese: each must, in a Chinese locale.
fn english_lines(help: &str) -> Vec<String> {
    help.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .filter(|l| !has_cjk(l))
        // An option's or argument's name alone on its line is syntax, not a sentence.
        .filter(|l| l.split_whitespace().count() > 1 || !l.chars().any(char::is_lowercase))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_help_is_chinese_in_a_chinese_locale_and_english_otherwise() {
    for args in [
        &["--help"][..],
        &["-h"],
        &["help"],
        &["help", "audit"],
        &["audit", "--help"],
        &["tables", "-h"],
        &["diff", "--help"],
        &["serve", "--help"],
        &["templates", "--help"],
    ] {
        let zh = run_in("zh_CN.UTF-8", args);
        assert!(zh.status.success(), "{args:?}: {}", text(&zh.stderr));
        let help = text(&zh.stdout);
        assert!(help.contains("用法："), "{args:?}:\n{help}");
        let english = english_lines(&help);
        assert!(
            english.is_empty(),
            "{args:?}: lines without Chinese:\n{}",
            english.join("\n")
        );

        let en = run_in("C", args);
        assert!(en.status.success(), "{args:?}");
        let help = text(&en.stdout);
        assert!(help.contains("Usage:"), "{args:?}:\n{help}");
        assert!(!help.lines().any(has_cjk), "{args:?}:\n{help}");
    }
}

/// `--lang` on the command line decides the help and the command line's mistakes too, in any
/// locale: a user who types `--lang zh` reads no English.
#[test]
fn the_help_and_the_mistakes_follow_lang_on_the_command_line() {
    let help = text(&run_in("C", &["audit", "--lang", "zh", "--help"]).stdout);
    assert!(help.contains("用法："), "{help}");
    assert!(english_lines(&help).is_empty(), "{help}");
    let help = text(&run_in("zh_CN.UTF-8", &["audit", "--lang=en", "--help"]).stdout);
    assert!(
        help.contains("Usage:") && !help.lines().any(has_cjk),
        "{help}"
    );
    let mistake = run_in("C", &["audit", "--lang", "zh", "--bogus", "a.docx"]);
    assert_eq!(mistake.status.code(), Some(2));
    let said = text(&mistake.stderr);
    assert!(said.contains("无法识别的参数"), "{said}");
    assert!(english_lines(&said).is_empty(), "{said}");
}

/// The arguments are listed in the order they are typed, in both languages: the Chinese help
/// listed `diff`'s <NEW> before <OLD>, so a user following it swapped the two versions.
#[test]
fn the_help_lists_the_arguments_in_the_order_they_are_typed() {
    for locale in ["zh_CN.UTF-8", "C"] {
        let help = text(&run_in(locale, &["diff", "--help"]).stdout);
        let at = |name: &str| {
            help.lines()
                .position(|l| l.trim_start().starts_with(name))
                .unwrap_or_else(|| panic!("{locale}: no line for {name}:\n{help}"))
        };
        assert!(at("<OLD>") < at("<NEW>"), "{locale}:\n{help}");
    }
}

#[test]
fn command_line_mistakes_and_input_errors_follow_the_locale() {
    let zh = run_in("zh_CN.UTF-8", &["audit", "--no-such-option", "a.docx"]);
    assert_eq!(zh.status.code(), Some(2));
    let said = text(&zh.stderr);
    assert!(said.contains("无法识别的参数"), "{said}");
    assert!(english_lines(&said).is_empty(), "{said}");

    let missing = run_in("zh_CN.UTF-8", &["audit", "no-such-file.docx"]);
    assert_eq!(missing.status.code(), Some(3));
    let said = text(&missing.stderr);
    assert!(said.contains("文件或目录不存在"), "{said}");

    // `--lang` wins over the locale.
    let asked = run_in(
        "zh_CN.UTF-8",
        &["audit", "--lang", "en", "no-such-file.docx"],
    );
    let said = text(&asked.stderr);
    assert!(said.contains("no such file or directory"), "{said}");

    let en = run_in("C", &["audit", "no-such-file.docx"]);
    let said = text(&en.stderr);
    assert!(said.contains("no such file or directory"), "{said}");
    assert!(!has_cjk(&said), "{said}");

    let template = run_in("zh_CN.UTF-8", &["audit", "--template", "nope", "a.docx"]);
    let said = text(&template.stderr);
    assert!(said.contains("既不是内置模板"), "{said}");
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable directory") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level arguments of the call whose `(` is at the start of `rest`, as written.
fn call_arguments(rest: &str) -> Vec<String> {
    let mut args = Vec::new();
    let mut current = String::new();
    let mut depth = 0usize;
    let mut chars = rest.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                current.push(c);
                // A string literal: copied up to its closing quote, escapes included.
                while let Some(s) = chars.next() {
                    current.push(s);
                    if s == '\\' {
                        if let Some(escaped) = chars.next() {
                            current.push(escaped);
                        }
                    } else if s == '"' {
                        break;
                    }
                }
                continue;
            }
            '(' | '[' | '{' => {
                depth += 1;
                if depth == 1 {
                    continue;
                }
            }
            ')' | ']' | '}' => {
                depth -= 1;
                if depth == 0 {
                    args.push(current.trim().to_string());
                    return args;
                }
            }
            ',' if depth == 1 => {
                args.push(current.trim().to_string());
                current.clear();
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    args
}

#[test]
fn no_pick_leaves_a_language_empty() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 50,
        "the sources were not found: {}",
        files.len()
    );
    let mut calls = 0;
    let mut empty = Vec::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("a readable source");
        for marker in [".pick(", "Lang::pick("] {
            for (at, _) in source.match_indices(marker) {
                let open = at + marker.len() - 1;
                let mut args = call_arguments(&source[open..]);
                // A trailing comma (`pick(\n "…",\n "…",\n)`) is not an argument.
                if args.len() > 2 && args.last().is_some_and(String::is_empty) {
                    args.pop();
                }
                calls += 1;
                let line = source[..at].matches('\n').count() + 1;
                if args
                    .iter()
                    .any(|a| a.is_empty() || a == "\"\"" || a == "String::new()")
                {
                    empty.push(format!("{}:{line}: {args:?}", file.display()));
                }
            }
        }
    }
    assert!(calls > 100, "too few pick calls found: {calls}");
    assert!(
        empty.is_empty(),
        "a language left empty:\n{}",
        empty.join("\n")
    );
}

/// A document with no Chinese (an English table) is reported in the locale's language: a
/// Chinese user reads Chinese, as the help says (中文文档用中文，否则按系统语言). A batch's own
/// lines are Chinese when any of its documents is, whichever file sorts first.
#[test]
fn a_document_without_chinese_follows_the_locale_and_a_batch_its_chinese_documents() {
    let english = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/pandoc/9002.docx");
    let english = english.to_str().expect("utf-8");
    let zh = run_in("zh_CN.UTF-8", &["audit", english, "--no-workbook", "-q"]);
    let line = text(&zh.stdout);
    assert!(line.contains("个文件") && line.contains("张表"), "{line}");
    let en = run_in("C", &["audit", english, "--no-workbook", "-q"]);
    let line = text(&en.stdout);
    assert!(
        line.contains("1 file") && !line.lines().any(has_cjk),
        "{line}"
    );
    let listing = text(&run_in("zh_CN.UTF-8", &["tables", english]).stdout);
    assert!(listing.lines().next().is_some_and(has_cjk), "{listing}");

    // An English document that sorts first, then a Chinese one: the batch line is Chinese even
    // in an English locale.
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::copy(english, dir.path().join("a.docx")).expect("copy");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/ordos-2020-annex.docx"),
        dir.path().join("b.docx"),
    )
    .expect("copy");
    let folder = dir.path().to_str().expect("utf-8");
    let out = run_in("C", &["audit", folder, "--no-workbook", "-q"]);
    let line = text(&out.stdout);
    assert!(line.starts_with("2 个文件"), "{line}");
}

/// A skipped table's reason in the JSON report: `reason` stays English (stable for scripts),
/// `reason_text` is in the report's language, as the other reasons are; an audited table has
/// neither. The reviewer's two cases: a table `--bookmark` did not select, and a table of
/// words only.
#[test]
fn a_skipped_tables_reason_text_is_in_the_reports_language() {
    let (out, report) = common::run_json(&[
        "audit",
        common::sample("ordos-2020-annex-with-errors.docx")
            .to_str()
            .expect("utf-8"),
        "--bookmark",
        "_Hlk36751722",
        "--json",
        "-",
        "--no-workbook",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(report["lang"], "zh");
    let tables = report["tables"].as_array().expect("tables");
    assert!(tables[0]["reason"].is_null() && tables[0]["reason_text"].is_null());
    assert_eq!(
        tables[1]["reason"],
        "not selected: does not hold bookmark _Hlk36751722"
    );
    assert_eq!(tables[1]["reason_text"], "未选中：不含书签 _Hlk36751722");

    let dir = tempfile::tempdir().expect("tempdir");
    let words = common::table(
        2,
        &(0..8)
            .map(|i| common::row(&["名称", &format!("说明{i}")]))
            .collect::<Vec<_>>(),
    );
    let input = common::write(
        dir.path(),
        "附件.docx",
        &common::docx(&format!("{}{words}", common::paragraph("各单位情况说明"))),
    );
    let (_, report) = common::run_json(&[
        "audit",
        input.to_str().expect("utf-8"),
        "--json",
        "-",
        "--no-workbook",
    ]);
    let table = &report["tables"][0];
    assert_eq!(table["kind"], "skipped", "{report}");
    assert_eq!(
        table["reason"],
        "no row of numbers within the first 6 rows; no figures below the header"
    );
    assert_eq!(table["reason_text"], "前 6 行内没有数字行；表头下没有数字");
}
