//! Legacy documents: a .doc (or .wps) is converted to a temporary .docx by LibreOffice when it
//! is installed and audited, every report saying so; without LibreOffice one line says to save
//! it as .docx in WPS or Word. In batch mode a folder's .doc/.wps/.xls/.pdf files are never
//! silently left out.
//!
//! The .doc fixture is made from a sample by LibreOffice itself; the conversion tests are
//! skipped, with the reason printed, only when `soffice` is not installed (CI installs it).

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::sample;

fn soffice() -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|d| d.join("soffice"))
            .find(|p| p.is_file())
    })
}

/// The sample with planted errors saved as a Word 97-2003 .doc by LibreOffice, in `dir`.
fn doc_fixture(soffice: &Path, dir: &Path) -> PathBuf {
    let profile = dir.join("profile");
    let status = Command::new(soffice)
        .arg("--headless")
        .arg("--norestore")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--convert-to", "doc", "--outdir"])
        .arg(dir)
        .arg(sample("ordos-2020-annex-with-errors.docx"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .expect("soffice runs");
    assert!(status.success());
    let doc = dir.join("ordos-2020-annex-with-errors.doc");
    let bytes = std::fs::read(&doc).expect("the .doc is written");
    assert!(bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]), "an OLE2 file");
    doc
}

fn run_with(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_annex-audit"));
    command.args(args).env("NO_COLOR", "1");
    for (k, v) in env {
        command.env(k, v);
    }
    command.output().expect("the binary runs")
}

#[test]
fn a_doc_is_converted_by_libreoffice_and_audited_saying_so() {
    let Some(soffice) = soffice() else {
        eprintln!("skipped: soffice is not installed (CI installs libreoffice-writer-nogui)");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let doc = doc_fixture(&soffice, dir.path());
    let out = run_with(&["audit", doc.to_str().expect("utf-8"), "--json", "-"], &[]);
    let report = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{report}");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    // The reports name the original file and the conversion.
    assert!(
        json["file"]["path"]
            .as_str()
            .is_some_and(|p| p.ends_with(".doc")),
        "{}",
        json["file"]
    );
    assert!(
        json["file"]["converted_by"]
            .as_str()
            .is_some_and(|c| c.contains("LibreOffice"))
    );
    let first = report.lines().next().unwrap_or_default();
    assert!(
        first.contains("LibreOffice") && first.contains("转换为 .docx"),
        "{first}"
    );
    // The same planted errors as in the .docx.
    assert_eq!(json["summary"]["rows"], 45);
    assert_eq!(json["summary"]["inconsistent"], 5, "{}", json["summary"]);
    let cells: Vec<&str> = json["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .filter_map(|f| f["cell"].as_str())
        .collect();
    assert!(cells.contains(&"'市人民政府组成部门'!J15"), "{cells:?}");
    // The workbook goes beside the .doc, no temporary file is left beside it.
    assert!(
        dir.path()
            .join("ordos-2020-annex-with-errors.audit.xlsx")
            .is_file()
    );

    // A batch folder: the .doc is audited, a .pdf and an .xls are listed as skipped.
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).expect("mkdir");
    std::fs::copy(&doc, folder.join("附件1.doc")).expect("copy");
    std::fs::write(folder.join("附件2.pdf"), b"%PDF-1.4").expect("pdf");
    std::fs::write(folder.join("附件3.xls"), b"\xD0\xCF\x11\xE0").expect("xls");
    let out = run_with(
        &[
            folder.to_str().expect("utf-8"),
            "--no-workbook",
            "--json",
            "-",
        ],
        &[],
    );
    let index: serde_json::Value = serde_json::from_slice(&out.stdout).expect("index");
    let files = index["files"].as_array().expect("files");
    assert_eq!(files.len(), 3, "{index:#}");
    let status = |name: &str| {
        files
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(name)))
            .map(|f| (f["status"].clone(), f["reason"].clone()))
            .unwrap_or_else(|| panic!("{name} listed: {index:#}"))
    };
    assert_eq!(status("附件1.doc").0, "audited");
    assert_eq!(status("附件2.pdf").0, "skipped");
    assert!(
        status("附件2.pdf")
            .1
            .as_str()
            .is_some_and(|r| r.contains("PDF"))
    );
    assert_eq!(status("附件3.xls").0, "skipped");
    assert_eq!(index["unreadable"], 0);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // `tables` and `diff` read it the same way (they told the user to convert it themselves).
    let doc_arg = doc.to_str().expect("utf-8");
    let out = run_with(&["tables", doc_arg, "--json"], &[]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        listed["tables"].as_array().map(Vec::len),
        Some(3),
        "{listed:#}"
    );
    let with_errors = sample("ordos-2020-annex-with-errors.docx");
    let out = run_with(
        &[
            "diff",
            with_errors.to_str().expect("utf-8"),
            doc_arg,
            "--json",
            "-",
        ],
        &[],
    );
    let said = String::from_utf8_lossy(&out.stderr);
    let compared: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {said}"));
    // The same document in two formats: nothing changed in its tables.
    assert_eq!(out.status.code(), Some(0), "{said} {compared:#}");
}

#[test]
fn without_libreoffice_a_doc_gets_one_line_saying_to_save_it_as_docx() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Any bytes: the name is enough to know it needs converting.
    let doc = dir.path().join("附件.doc");
    std::fs::write(&doc, b"\xD0\xCF\x11\xE0 legacy").expect("doc");
    let no_office = [("PATH", ""), ("LANG", "zh_CN.UTF-8")];
    let out = run_with(&["audit", doc.to_str().expect("utf-8")], &no_office);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("附件.doc") && stderr.contains("WPS") && stderr.contains("另存为 .docx"),
        "{stderr}"
    );
    // A .wps too, in English with --lang en.
    let wps = dir.path().join("通知.wps");
    std::fs::write(&wps, b"wps").expect("wps");
    let out = run_with(&[wps.to_str().expect("utf-8"), "--lang", "en"], &no_office);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("save it as .docx"), "{stderr}");

    // In a batch the .doc is listed as skipped with the reason.
    let out = run_with(
        &[
            "audit",
            dir.path().to_str().expect("utf-8"),
            "--no-workbook",
            "--json",
            "-",
        ],
        &no_office,
    );
    let index: serde_json::Value = serde_json::from_slice(&out.stdout).expect("index");
    let files = index["files"].as_array().expect("files");
    assert_eq!(files.len(), 2, "{index:#}");
    assert!(files.iter().all(|f| f["status"] == "skipped"), "{index:#}");
    assert!(
        files[0]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("另存为 .docx")),
        "{index:#}"
    );
}
