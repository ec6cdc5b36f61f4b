//! The review cycle end to end: a reviewer fills 处理意见 / 备注 in the 差异 sheet of our
//! workbook, saved again by another program; the office fixes a planted error; the re-audit
//! keeps every note on its finding and lists the fixed one under 已解决. Also: a workbook that
//! cannot be read is never overwritten, and a batch keeps the notes of every workbook.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader};
use rust_xlsxwriter::Workbook;
use serde_json::Value;

use common::docx_edit::edit_docx;
use common::{run, sample};

/// A remark the reviewer types in the 备注 column on a row of its own.
const OWN_REMARK: &str = "整体意见：请办公室统一复核";

/// A reviewer's entries: id → (处理意见, 备注).
type Notes = BTreeMap<String, (String, String)>;

/// Every sheet of a workbook as rows of cells.
fn read_workbook(path: &Path) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book = calamine::open_workbook_auto(path).expect("a workbook");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("a sheet");
            let rows = range.rows().map(<[Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        None | Some(Data::Empty) => String::new(),
        Some(d) => d.to_string().trim().to_string(),
    }
}

/// The 差异 sheet's rows by id: (处理意见, 备注, 复核), found by the headings.
fn review_rows(path: &Path) -> BTreeMap<String, (String, String, String)> {
    let sheets = read_workbook(path);
    let (_, rows) = sheets
        .iter()
        .find(|(name, _)| name == "差异")
        .expect("a 差异 sheet");
    let header = rows
        .iter()
        .position(|r| r.iter().any(|c| text(Some(c)) == "处理意见"))
        .expect("a header row");
    let col = |heading: &str| {
        rows[header]
            .iter()
            .position(|c| text(Some(c)) == heading)
            .unwrap_or_else(|| panic!("a {heading} column"))
    };
    let (id, disposition, comment, review) =
        (col("编号"), col("处理意见"), col("备注"), col("复核"));
    rows.iter()
        .skip(header + 1)
        .filter(|r| !text(r.get(id)).is_empty())
        .map(|r| {
            (
                text(r.get(id)),
                (
                    text(r.get(disposition)),
                    text(r.get(comment)),
                    text(r.get(review)),
                ),
            )
        })
        .collect()
}

/// Writes our workbook again as another program would, with the reviewer's notes: every sheet
/// copied as values, the 差异 sheet with a title row above the header, its columns in another
/// order with a column of the reviewer's own inserted, its rows sorted the other way, and one
/// 备注 typed as a number. Then, when LibreOffice is installed, opened and saved by it too.
/// Returns the program(s) that wrote it.
fn fill_notes_as_a_person(path: &Path, notes: &Notes, numeric_comment: &str) -> String {
    let sheets = read_workbook(path);
    let mut book = Workbook::new();
    for (name, rows) in &sheets {
        let ws = book.add_worksheet();
        ws.set_name(name).expect("name");
        if name != "差异" {
            for (r, row) in (0u32..).zip(rows) {
                for (c, cell) in (0u16..).zip(row) {
                    match cell {
                        Data::Float(f) => ws.write_number(r, c, *f).map(|_| ()),
                        Data::Int(i) => ws.write_number(r, c, *i as f64).map(|_| ()),
                        Data::Empty => Ok(()),
                        other => ws.write_string(r, c, other.to_string()).map(|_| ()),
                    }
                    .expect("cell");
                }
            }
            continue;
        }
        let header = &rows[0];
        let heading = |c: usize| text(header.get(c));
        let find = |h: &str| (0..header.len()).find(|c| heading(*c) == h).expect(h);
        let (id, disposition, comment) = (find("编号"), find("处理意见"), find("备注"));
        // New order: 备注, 编号, the reviewer's column, 处理意见, then the rest reversed.
        let mut order: Vec<Option<usize>> = vec![Some(comment), Some(id), None, Some(disposition)];
        order.extend(
            (0..header.len())
                .rev()
                .filter(|c| ![id, disposition, comment].contains(c))
                .map(Some),
        );
        ws.write_string(0, 0, "复核记录（第一轮）").expect("title");
        let mut body: Vec<&Vec<Data>> = rows.iter().skip(1).collect();
        body.sort_by_key(|r| std::cmp::Reverse(text(r.get(id))));
        // The reviewer's own remark on a row of its own, below the findings (no id).
        let remark_row = u32::try_from(body.len()).expect("rows") + 3;
        ws.write_string(remark_row, 0, OWN_REMARK).expect("remark");
        for (r, row) in (1u32..).zip(std::iter::once(header).chain(body)) {
            let row_id = text(row.get(id));
            for (c, source) in (0u16..).zip(&order) {
                let value = match source {
                    None if r == 1 => "审核人".to_string(),
                    None => "张三".to_string(),
                    Some(s) if r > 1 && *s == disposition => {
                        notes.get(&row_id).map(|n| n.0.clone()).unwrap_or_default()
                    }
                    Some(s) if r > 1 && *s == comment => {
                        let note = notes.get(&row_id).map(|n| n.1.clone()).unwrap_or_default();
                        if row_id == numeric_comment {
                            let n: f64 = note.parse().expect("a numeric note");
                            ws.write_number(r, c, n).expect("number");
                            continue;
                        }
                        note
                    }
                    Some(s) => text(row.get(*s)),
                };
                if !value.is_empty() {
                    ws.write_string(r, c, value).expect("cell");
                }
            }
        }
    }
    book.save(path).expect("saved");
    let mut writers = "rust_xlsxwriter (columns moved, one inserted, rows sorted)".to_string();
    if resave_with_libreoffice(path) {
        writers.push_str(", then LibreOffice");
    }
    writers
}

/// Opens and saves `path` with LibreOffice (an isolated profile), when it is installed.
fn resave_with_libreoffice(path: &Path) -> bool {
    let installed = Command::new("soffice")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        return false;
    }
    let work = tempfile::tempdir().expect("tempdir");
    let profile = format!("file://{}", work.path().join("profile").display());
    let out = work.path().join("out");
    let status = Command::new("soffice")
        .arg(format!("-env:UserInstallation={profile}"))
        .args([
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(&out)
        .arg(path)
        .output()
        .expect("soffice runs");
    let saved = out.join(path.file_name().expect("a name"));
    let stderr = String::from_utf8_lossy(&status.stderr);
    if !saved.is_file() && stderr.contains("could not be loaded") {
        // LibreOffice without Calc (libreoffice-calc-nogui) cannot open a workbook.
        eprintln!("LibreOffice has no Calc: the workbook is not re-saved by it");
        return false;
    }
    assert!(saved.is_file(), "LibreOffice saved nothing: {stderr}");
    std::fs::copy(&saved, path).expect("copied back");
    true
}

/// The findings of the JSON report, by (table, row, check): id.
fn ids_by_place(json: &Path) -> BTreeMap<(u64, u64, String), String> {
    let value: Value =
        serde_json::from_str(&std::fs::read_to_string(json).expect("json")).expect("JSON");
    value["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| {
            (
                (
                    f["table"].as_u64().unwrap_or(0),
                    f["row"].as_u64().unwrap_or(0),
                    f["check"].as_str().unwrap_or_default().to_string(),
                ),
                f["id"].as_str().expect("an id").to_string(),
            )
        })
        .collect()
}

fn audit(docx: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "audit",
        docx.to_str().expect("utf-8"),
        "--fail-on",
        "never",
        "-q",
    ];
    args.extend_from_slice(extra);
    run(&args)
}

fn date_of(review: &str) -> String {
    let date = regex::Regex::new(r"[0-9]{4}-[0-9]{2}-[0-9]{2}").expect("regex");
    date.find(review)
        .map(|m| m.as_str().to_string())
        .unwrap_or_default()
}

#[test]
fn notes_survive_a_resave_by_another_program_and_a_fix_and_the_fixed_finding_is_resolved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("annex.docx");
    std::fs::copy(sample("ordos-2020-annex-with-errors.docx"), &docx).expect("copy");
    let json = dir.path().join("findings.json");
    let first = audit(&docx, &["--json", json.to_str().expect("utf-8")]);
    assert_eq!(first.status.code(), Some(0), "{first:?}");
    let workbook = dir.path().join("annex.audit.xlsx");
    let ids = ids_by_place(&json);
    let id = |table, row, check: &str| ids[&(table, row, check.to_string())].clone();
    // E1 (公安局's total, fixed below), E2, E5 (both rank rows), E8 and the weights warning.
    let e1 = id(2, 13, "total");
    // `-v` shows the ids in the terminal report.
    let verbose = run(&[
        "audit",
        docx.to_str().expect("utf-8"),
        "-v",
        "--no-workbook",
    ]);
    // The report is on stdout (`> 报告.txt` keeps it).
    assert!(String::from_utf8_lossy(&verbose.stdout).contains(&format!("[{e1}]")));
    let mut notes = Notes::new();
    notes.insert(
        e1.clone(),
        ("确认".into(), "已通知办公室更正为91.70".into()),
    );
    notes.insert(
        id(1, 2, "total"),
        ("确认".into(), "影响排名，需重新公布".into()),
    );
    notes.insert(id(2, 20, "rank"), ("已解释".into(), String::new()));
    notes.insert(id(2, 21, "rank"), (String::new(), "与民政局互换".into()));
    notes.insert(id(2, 33, "cell"), ("确认".into(), "42".into()));
    notes.insert(id(1, 0, "weights"), ("误报".into(), "表头按原文".into()));
    let writers = fill_notes_as_a_person(&workbook, &notes, &id(2, 33, "cell"));
    let filled = std::fs::read(&workbook).expect("the filled workbook");

    // The office fixes E1; the auditor audits the corrected version.
    let fixed = dir.path().join("fixed.docx");
    edit_docx(&docx, &fixed, "<w:t>91.71</w:t>", "<w:t>91.70</w:t>");
    std::fs::rename(&fixed, &docx).expect("replaced");
    let second = audit(&docx, &[]);
    assert_eq!(second.status.code(), Some(0), "{second:?}");

    let rows = review_rows(&workbook);
    for (id, (disposition, comment)) in &notes {
        let (d, c, review) = rows
            .get(id)
            .unwrap_or_else(|| panic!("{id} lost ({writers}): {rows:#?}"));
        assert_eq!((d, c), (disposition, comment), "{id} ({writers})");
        if *id == e1 {
            assert!(review.starts_with("已解决"), "{review}");
            assert!(!date_of(review).is_empty(), "{review}");
        } else {
            assert_eq!(review, "", "{id} is neither new nor resolved");
        }
    }
    // Every finding of the second audit is there, none new; the resolved one follows a title.
    assert_eq!(rows.len(), ids.len(), "{rows:#?}");
    let sheets = read_workbook(&workbook);
    let (_, sheet) = sheets.iter().find(|(n, _)| n == "差异").expect("差异");
    let title = sheet
        .iter()
        .position(|r| text(r.first()).starts_with("已解决"))
        .expect("a 已解决 section");
    let e1_row = sheet
        .iter()
        .position(|r| r.iter().any(|c| text(Some(c)) == e1))
        .expect("E1's row");
    assert!(e1_row > title);
    // The reviewer's own remark, on a row without an id, is kept too.
    let remark = sheet
        .iter()
        .find(|r| r.iter().any(|c| text(Some(c)) == OWN_REMARK))
        .unwrap_or_else(|| panic!("the remark on a row of its own is lost: {sheet:#?}"));
    assert!(remark.iter().any(|c| text(Some(c)).starts_with("无编号")));
    // The workbook the reviewer filled is kept beside the new one.
    let prev = dir.path().join("annex.audit.prev.xlsx");
    assert_eq!(std::fs::read(&prev).expect("the .prev.xlsx"), filled);

    // Audited again: the resolved finding keeps its notes and the date it disappeared.
    let resolved_on = date_of(&rows[&e1].2);
    let third = audit(&docx, &[]);
    assert_eq!(third.status.code(), Some(0), "{third:?}");
    let again = review_rows(&workbook);
    assert_eq!(
        again, rows,
        "a re-audit of the same document changes nothing"
    );
    assert_eq!(date_of(&again[&e1].2), resolved_on);

    // The error comes back: its notes come back with it, and it is no longer resolved.
    let back = dir.path().join("back.docx");
    edit_docx(&docx, &back, "<w:t>91.70</w:t>", "<w:t>91.71</w:t>");
    std::fs::rename(&back, &docx).expect("replaced");
    let fourth = audit(&docx, &[]);
    assert_eq!(fourth.status.code(), Some(0), "{fourth:?}");
    let reopened = review_rows(&workbook);
    assert_eq!(
        reopened[&e1],
        (notes[&e1].0.clone(), notes[&e1].1.clone(), String::new())
    );
}

#[test]
fn an_unreadable_workbook_is_never_overwritten_unless_asked() {
    let dir = tempfile::tempdir().expect("tempdir");
    let docx = dir.path().join("annex.docx");
    std::fs::copy(sample("ordos-2020-annex.docx"), &docx).expect("copy");
    let workbook = dir.path().join("annex.audit.xlsx");
    std::fs::write(&workbook, "notes of mine").expect("written");
    let refused = audit(&docx, &["--lang", "en"]);
    assert_eq!(refused.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("-o") && stderr.contains("--overwrite"),
        "{stderr}"
    );
    assert_eq!(std::fs::read(&workbook).expect("kept"), b"notes of mine");

    // Another workbook, not ours: refused too.
    let mut other = Workbook::new();
    other
        .add_worksheet()
        .write_string(0, 0, "预算")
        .expect("cell");
    other.save(&workbook).expect("saved");
    let foreign = std::fs::read(&workbook).expect("read");
    assert_eq!(audit(&docx, &[]).status.code(), Some(3));
    assert_eq!(std::fs::read(&workbook).expect("kept"), foreign);

    // Open in LibreOffice (its lock file beside it): refused.
    let ours = dir.path().join("ours.xlsx");
    assert_eq!(
        audit(&docx, &["-o", ours.to_str().expect("utf-8")])
            .status
            .code(),
        Some(0)
    );
    std::fs::write(dir.path().join(".~lock.ours.xlsx#"), "user").expect("lock");
    let locked = audit(
        &docx,
        &["-o", ours.to_str().expect("utf-8"), "--lang", "en"],
    );
    assert_eq!(locked.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&locked.stderr).contains("open in Excel, WPS or LibreOffice"));
    // The report is shown all the same.
    assert!(String::from_utf8_lossy(&locked.stdout).contains("tables"));

    let forced = audit(&docx, &["--overwrite"]);
    assert_eq!(forced.status.code(), Some(0), "{forced:?}");
    assert!(
        !review_rows(&workbook).is_empty(),
        "the clean annex's findings"
    );
    assert_eq!(
        std::fs::read(dir.path().join("annex.audit.prev.xlsx")).expect("kept as .prev"),
        foreign
    );
}

#[test]
fn a_batch_re_audit_keeps_the_notes_of_every_workbook() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).expect("dir");
    std::fs::copy(sample("ordos-2020-annex.docx"), inputs.join("clean.docx")).expect("copy");
    std::fs::copy(
        sample("ordos-2020-annex-with-errors.docx"),
        inputs.join("errors.docx"),
    )
    .expect("copy");
    let out = dir.path().join("out");
    let batch = || {
        run(&[
            "audit",
            inputs.to_str().expect("utf-8"),
            "-o",
            out.to_str().expect("utf-8"),
            "--fail-on",
            "never",
            "-q",
        ])
    };
    assert_eq!(batch().status.code(), Some(0));
    let workbooks: Vec<PathBuf> = ["clean", "errors"]
        .iter()
        .map(|s| out.join(format!("{s}.audit.xlsx")))
        .collect();
    let mut expected = Vec::new();
    for (n, workbook) in workbooks.iter().enumerate() {
        let rows = review_rows(workbook);
        let notes: Notes = rows
            .keys()
            .enumerate()
            .map(|(i, id)| (id.clone(), ("确认".to_string(), format!("第{n}本第{i}条"))))
            .collect();
        fill_notes_as_a_person(workbook, &notes, "");
        expected.push(notes);
    }
    assert_eq!(batch().status.code(), Some(0));
    for (workbook, notes) in workbooks.iter().zip(&expected) {
        let rows = review_rows(workbook);
        let kept: BTreeSet<(String, String, String)> =
            rows.into_iter().map(|(id, (d, c, _))| (id, d, c)).collect();
        let written: BTreeSet<(String, String, String)> = notes
            .iter()
            .map(|(id, (d, c))| (id.clone(), d.clone(), c.clone()))
            .collect();
        assert_eq!(kept, written, "{}", workbook.display());
    }
}
