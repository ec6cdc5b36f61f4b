//! Legacy documents (.doc, .wps) converted to a temporary .docx by LibreOffice, when it is
//! installed: most annexes on government sites are still .doc files.
//!
//! LibreOffice runs headless with a profile of its own in a temporary directory (so that it
//! neither touches nor waits for the user's open LibreOffice), with macros disabled in that
//! profile, and is killed — with the processes it started — past a timeout. The converted
//! file lives in a temporary directory removed when the [`Converted`] is dropped.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How long a conversion may take before LibreOffice is killed. A 100-page .doc converts in a
/// few seconds; the first start of a fresh profile takes a few more.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// The extensions of documents LibreOffice converts for the audit: Word 97–2003 (`.doc`,
/// `.dot`) and WPS Writer (`.wps`, `.wpt`).
pub const LEGACY_EXTENSIONS: &[&str] = &["doc", "dot", "wps", "wpt"];

/// Why a conversion did not give a .docx.
#[derive(Debug)]
pub enum ConvertError {
    /// Neither `soffice` nor `libreoffice` is on PATH.
    NoOffice,
    /// LibreOffice did not finish within the timeout and was killed.
    TimedOut(Duration),
    /// LibreOffice ran but wrote no .docx (or could not be started): its exit status or the
    /// reason.
    Failed(String),
}

/// A document converted to .docx: the file, in a temporary directory that lives as long as
/// this value.
#[derive(Debug)]
pub struct Converted {
    dir: tempfile::TempDir,
    docx: PathBuf,
    /// The converter, as reports name it (`LibreOffice 7.4.7.2`, or the program's name).
    pub converter: String,
}

impl Converted {
    /// The converted .docx.
    pub fn docx(&self) -> &Path {
        &self.docx
    }

    /// The temporary directory holding it.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }
}

/// Whether the file's name says it is a legacy document LibreOffice should convert.
///
/// ```
/// use annex_audit::convert::is_legacy_name;
/// assert!(is_legacy_name("附件1.DOC".as_ref()));
/// assert!(is_legacy_name("通知.wps".as_ref()));
/// assert!(!is_legacy_name("附件1.docx".as_ref()));
/// ```
pub fn is_legacy_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| LEGACY_EXTENSIONS.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// LibreOffice's program: `soffice` or `libreoffice` on PATH (on Windows also its usual
/// install folders, where the installer puts it without touching PATH).
pub fn find_office() -> Option<PathBuf> {
    let names: &[&str] = if cfg!(windows) {
        &["soffice.exe", "soffice.com", "libreoffice.exe"]
    } else {
        &["soffice", "libreoffice"]
    };
    let on_path = std::env::var_os("PATH").into_iter().flat_map(|paths| {
        std::env::split_paths(&paths)
            .filter(|d| !d.as_os_str().is_empty())
            .collect::<Vec<_>>()
    });
    let mut folders: Vec<PathBuf> = on_path.collect();
    if cfg!(windows) {
        for var in ["ProgramFiles", "ProgramFiles(x86)"] {
            if let Some(base) = std::env::var_os(var) {
                folders.push(PathBuf::from(base).join("LibreOffice").join("program"));
            }
        }
    }
    folders
        .iter()
        .flat_map(|d| names.iter().map(move |n| d.join(n)))
        .find(|p| p.is_file())
}

/// Converts `input` (a .doc, .wps, …) to a temporary .docx with `office` (see
/// [`find_office`]), killing it past `timeout`.
///
/// # Errors
///
/// [`ConvertError::TimedOut`], or [`ConvertError::Failed`] when LibreOffice cannot start, fails,
/// or writes no .docx.
pub fn to_docx(input: &Path, office: &Path, timeout: Duration) -> Result<Converted, ConvertError> {
    let failed = |why: String| ConvertError::Failed(why);
    let dir = tempfile::Builder::new()
        .prefix("annex-audit-convert-")
        .tempdir()
        .map_err(|e| failed(e.to_string()))?;
    // The input under a plain name: LibreOffice's command line and URLs need no escaping, and
    // the output's name is known.
    let extension = input
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .filter(|e| e.chars().all(|c| c.is_ascii_alphanumeric()))
        .unwrap_or_else(|| "doc".into());
    let source = dir.path().join(format!("input.{extension}"));
    std::fs::copy(input, &source).map_err(|e| failed(e.to_string()))?;
    let profile = dir.path().join("profile");
    write_profile(&profile).map_err(|e| failed(e.to_string()))?;
    let out = dir.path().join("out");
    std::fs::create_dir(&out).map_err(|e| failed(e.to_string()))?;

    let mut command = Command::new(office);
    command
        .arg("--headless")
        .arg("--norestore")
        .arg("--nolockcheck")
        .arg("--nodefault")
        .arg(format!("-env:UserInstallation={}", file_url(&profile)))
        .arg("--convert-to")
        .arg("docx:MS Word 2007 XML")
        .arg("--outdir")
        .arg(&out)
        .arg(&source)
        .current_dir(dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    #[cfg(unix)]
    {
        // A process group of its own, so that a timeout kills soffice.bin too.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let mut child = command
        .spawn()
        .map_err(|e| failed(format!("{}: {e}", office.display())))?;
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() >= timeout => {
                kill_tree(&mut child);
                return Err(ConvertError::TimedOut(timeout));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => {
                kill_tree(&mut child);
                return Err(failed(e.to_string()));
            }
        }
    };
    let docx = out.join("input.docx");
    if !docx.is_file() {
        return Err(failed(format!("LibreOffice wrote no .docx ({status})")));
    }
    Ok(Converted {
        dir,
        docx,
        converter: converter_name(office),
    })
}

/// The program's name as reports show it.
fn converter_name(office: &Path) -> String {
    let name = office
        .file_stem()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("LibreOffice ({name})")
}

/// A `file://` URL for a local directory, as `-env:UserInstallation` wants it.
fn file_url(path: &Path) -> String {
    let text = path.display().to_string().replace('\\', "/");
    let mut url = String::from("file://");
    if !text.starts_with('/') {
        url.push('/');
    }
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.~:".contains(&b) {
            url.push(char::from(b));
        } else {
            url.push_str(&format!("%{b:02X}"));
        }
    }
    url
}

/// A fresh LibreOffice profile with macros disabled outright (security level "very high", and
/// macro execution off), so that a hostile document's macros never run.
fn write_profile(profile: &Path) -> std::io::Result<()> {
    let user = profile.join("user");
    std::fs::create_dir_all(&user)?;
    std::fs::write(
        user.join("registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="MacroSecurityLevel" oor:op="fuse"><value>3</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Security/Scripting"><prop oor:name="DisableMacrosExecution" oor:op="fuse"><value>true</value></prop></item>
</oor:items>
"#,
    )
}

/// Kills LibreOffice and the processes it started, and reaps it.
fn kill_tree(child: &mut std::process::Child) {
    let pid = child.id().to_string();
    #[cfg(unix)]
    let _ = Command::new("kill")
        .args(["-KILL", "--", &format!("-{pid}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    #[cfg(windows)]
    let _ = Command::new("taskkill")
        .args(["/T", "/F", "/PID", &pid])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let _ = child.kill();
    let _ = child.wait();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_profile_path_becomes_a_file_url() {
        assert_eq!(
            file_url(Path::new("/tmp/a b/profile")),
            "file:///tmp/a%20b/profile"
        );
        assert_eq!(file_url(Path::new("C:\\Temp\\p")), "file:///C:/Temp/p");
    }

    #[test]
    fn a_converter_that_never_ends_is_killed_at_the_timeout() {
        #[cfg(unix)]
        {
            let dir = tempfile::tempdir().expect("tempdir");
            let slow = dir.path().join("soffice");
            std::fs::write(&slow, "#!/bin/sh\nsleep 30\n").expect("script");
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&slow, std::fs::Permissions::from_mode(0o755)).expect("chmod");
            let input = dir.path().join("a.doc");
            std::fs::write(&input, b"not really").expect("input");
            let started = Instant::now();
            let result = to_docx(&input, &slow, Duration::from_millis(300));
            assert!(
                matches!(result, Err(ConvertError::TimedOut(_))),
                "{result:?}"
            );
            assert!(started.elapsed() < Duration::from_secs(10));
        }
    }
}
