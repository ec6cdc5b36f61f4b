//! `annex-audit serve` through its HTTP API (issue 16): the answers are the CLI's reports, bad
//! files get the CLI's message and leave the server up, foreign hosts and origins are refused,
//! and 50 uploads at once are all answered.

use crate::common;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use annex_audit::serve::{self, ServeConfig};
use common::{run, sample};
use serde_json::Value;

const WITH_ERRORS: &str = "ordos-2020-annex-with-errors.docx";
const CLEAN: &str = "ordos-2020-annex.docx";

/// An HTTP client that hands back 4xx and 5xx answers instead of failing on them.
fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(300)))
        .build()
        .into()
}

/// A multipart body: `fields` as text, `files` (name, bytes) each in a field named `file`.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "annex-audit-test-boundary-7f3a9c";
    let mut body = Vec::new();
    for (name, value) in fields {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
        )
        .expect("write");
    }
    for (name, bytes) in files {
        write!(
            body,
            "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .expect("write");
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    write!(body, "--{boundary}--\r\n").expect("write");
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// An answer: status, the headers asked about, body.
struct Answer {
    status: u16,
    audit_id: Option<String>,
    exit_code: Option<String>,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }
}

fn read(mut response: ureq::http::Response<ureq::Body>) -> Answer {
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let (audit_id, exit_code) = (header("x-audit-id"), header("x-exit-code"));
    let status = response.status().as_u16();
    let body = response
        .body_mut()
        .with_config()
        .limit(u64::MAX)
        .read_to_vec()
        .expect("body");
    Answer {
        status,
        audit_id,
        exit_code,
        body,
    }
}

fn post_audit(addr: SocketAddr, fields: &[(&str, &str)], files: &[(&str, &[u8])]) -> Answer {
    let (content_type, body) = multipart(fields, files);
    let response = agent()
        .post(format!("http://{addr}/api/audit"))
        .header("Content-Type", &content_type)
        .send(&body[..])
        .expect("the server answers");
    read(response)
}

fn get(addr: SocketAddr, path: &str) -> Answer {
    read(
        agent()
            .get(format!("http://{addr}{path}"))
            .call()
            .expect("the server answers"),
    )
}

fn sample_bytes(name: &str) -> Vec<u8> {
    std::fs::read(sample(name)).expect("sample")
}

/// The CLI's JSON for `args` (`audit … --json - --no-workbook`).
fn cli_json(files: &[&Path]) -> Value {
    let mut args = vec!["audit"];
    let paths: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
    args.extend(paths.iter().map(String::as_str));
    args.extend(["--json", "-", "--no-workbook"]);
    let out = run(&args);
    serde_json::from_slice(&out.stdout).expect("the CLI prints JSON")
}

/// The CLI's one-line message for a bad file.
/// The CLI's one line for `path`, less the program's name and the file's (the page shows the
/// file's name beside the message, in `file`).
fn cli_message(path: &Path) -> String {
    let shown = path.display().to_string();
    let out = run(&["audit", &shown, "--no-workbook"]);
    assert_eq!(out.status.code(), Some(3));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.trim();
    let line = line.strip_prefix("annex-audit: ").unwrap_or(line);
    let prefix = format!("{shown}: ");
    line.strip_prefix(prefix.as_str())
        .unwrap_or(line)
        .to_string()
}

fn start() -> serve::ServerHandle {
    serve::start(ServeConfig {
        lang: Some(annex_audit::audit::Lang::En),
        ..ServeConfig::default()
    })
    .expect("the server starts")
}

#[test]
fn the_samples_findings_are_the_clis() {
    let server = start();
    let addr = server.addr();
    let answer = post_audit(addr, &[], &[(WITH_ERRORS, &sample_bytes(WITH_ERRORS))]);
    assert_eq!(
        answer.status,
        200,
        "{}",
        String::from_utf8_lossy(&answer.body)
    );
    assert_eq!(
        answer.exit_code.as_deref(),
        Some("1"),
        "a critical finding fails"
    );
    let served = answer.json();
    let cli = cli_json(&[&sample(WITH_ERRORS)]);
    assert_eq!(served["findings"], cli["findings"]);
    assert_eq!(served["summary"], cli["summary"]);
    assert_eq!(served["findings"].as_array().map(Vec::len), Some(12));
    // The whole report is the CLI's, but for the time and the path (the upload's name).
    let strip = |mut v: Value| {
        v["audited_at"] = Value::Null;
        v["file"]["path"] = Value::Null;
        v
    };
    assert_eq!(strip(served.clone()), strip(cli));
    assert_eq!(served["file"]["path"], WITH_ERRORS);

    // The stored results: the same JSON bytes, the workbook, the tables as published.
    let id = answer.audit_id.expect("an id");
    let report = get(addr, &format!("/api/report/{id}"));
    assert_eq!(report.status, 200);
    assert_eq!(report.body, answer.body);
    let workbook = get(addr, &format!("/api/workbook/{id}"));
    assert_eq!(workbook.status, 200);
    assert!(workbook.body.starts_with(b"PK\x03\x04"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(workbook.body)).expect("an xlsx");
    assert!(zip.by_name("xl/workbook.xml").is_ok());
    let view = get(addr, &format!("/api/view/{id}")).json();
    assert_eq!(view["tables"].as_array().map(Vec::len), Some(3));
    assert_eq!(view["places"].as_array().map(Vec::len), Some(12));
    // The critical finding (乌审旗's total, row 2 of table 1) sits on the cell 93.20.
    let place = &view["places"][0];
    let row = &view["tables"][0]["rows"][place["row"].as_u64().expect("row") as usize];
    let cell = row
        .as_array()
        .expect("cells")
        .iter()
        .find(|c| c["column"] == place["column"])
        .expect("the cell");
    assert_eq!(cell["text"], "93.20");

    assert_eq!(get(addr, "/api/workbook/0123456789abcdef").status, 404);
    let health = get(addr, "/api/health").json();
    assert_eq!(health["status"], "ok");
    server.stop();
}

#[test]
fn several_files_answer_with_the_batch_index() {
    let server = start();
    let addr = server.addr();
    let answer = post_audit(
        addr,
        &[("fail_on", "never"), ("template", "government-evaluation")],
        &[
            (CLEAN, &sample_bytes(CLEAN)),
            (WITH_ERRORS, &sample_bytes(WITH_ERRORS)),
        ],
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.exit_code.as_deref(), Some("0"), "fail_on never");
    let served = answer.json();
    let cli = cli_json(&[&sample(CLEAN), &sample(WITH_ERRORS)]);
    assert_eq!(served["summary"], cli["summary"]);
    assert_eq!(served["unreadable"], 0);
    let files = served["files"].as_array().expect("files");
    assert_eq!(files.len(), 2);
    // In the order sent (the CLI sorts its paths): matched by content.
    for file in files {
        let expected = cli["files"]
            .as_array()
            .expect("files")
            .iter()
            .find(|e| e["sha256"] == file["sha256"])
            .expect("the same file in the CLI's index");
        assert_eq!(file["summary"], expected["summary"]);
        assert_eq!(file["coverage"], expected["coverage"]);
        assert_eq!(file["status"], "audited");
        let url = file["workbook"].as_str().expect("a workbook URL");
        let workbook = get(addr, url);
        assert_eq!(workbook.status, 200);
        assert!(workbook.body.starts_with(b"PK"));
    }
    assert_eq!(files[0]["path"], CLEAN);
    server.stop();
}

/// About 24 MiB of spaces in word/document.xml, deflated about 1000:1: past 16 MiB the
/// package's ratio limit (500:1) refuses it.
fn zip_bomb() -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("[Content_Types].xml", options)
        .expect("entry");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#).expect("write");
    zip.start_file("_rels/.rels", options).expect("entry");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#).expect("write");
    zip.start_file("word/document.xml", options).expect("entry");
    zip.write_all(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">"#).expect("write");
    let spaces = vec![b' '; 1 << 20];
    for _ in 0..24 {
        zip.write_all(&spaces).expect("write");
    }
    zip.write_all(b"</w:t></w:r></w:p></w:body></w:document>")
        .expect("write");
    zip.finish().expect("zip").into_inner()
}

/// A Word 97-2003 file as the package sniffs it: OLE2's magic and a WordDocument stream name.
fn legacy_doc() -> Vec<u8> {
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.resize(608, 0);
    doc.extend("WordDocument".encode_utf16().flat_map(|u| u.to_le_bytes()));
    doc
}

#[test]
fn hostile_files_get_the_clis_message_and_the_server_stays_up() {
    let dir = tempfile::tempdir().expect("temp dir");
    let server = start();
    let addr = server.addr();
    let inputs: [(&str, Vec<u8>); 3] = [
        ("bomb.docx", zip_bomb()),
        ("old.doc", legacy_doc()),
        (
            "notes.docx",
            b"just some plain text, not a document\n".to_vec(),
        ),
    ];
    // The command line's messages, each read once: the .doc's means a LibreOffice run.
    let mut messages = Vec::new();
    for (name, bytes) in &inputs {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write input");
        let expected = cli_message(&path);
        let answer = post_audit(addr, &[("lang", "en")], &[(name, bytes)]);
        assert_eq!(answer.status, 422, "{name}");
        assert_eq!(answer.exit_code.as_deref(), Some("3"));
        let body = answer.json();
        assert_eq!(body["error"], expected.as_str(), "{name}");
        assert_eq!(body["file"], *name);
        // In Chinese, the same message in Chinese.
        let zh = post_audit(addr, &[("lang", "zh")], &[(name, bytes)]).json();
        let zh = zh["error"].as_str().expect("message").to_string();
        let chinese = match *name {
            "bomb.docx" => "zip 炸弹",
            // Converted by LibreOffice where it is installed (this fake .doc fails), else
            // refused: either way the page says to save it as .docx.
            "old.doc" => ".docx",
            _ => "不是 zip 压缩包",
        };
        assert!(zh.contains(chinese), "{zh}");
        assert_eq!(get(addr, "/api/health").json()["status"], "ok");
        messages.push(expected);
    }
    assert!(messages[0].contains("zip bomb"), "{}", messages[0]);
    assert!(messages[1].contains(".docx"), "{}", messages[1]);
    // In a batch, each bad file is an unreadable entry beside the good one.
    let answer = post_audit(
        addr,
        &[],
        &[
            ("old.doc", &inputs[1].1),
            (WITH_ERRORS, &sample_bytes(WITH_ERRORS)),
        ],
    );
    assert_eq!(answer.status, 200);
    assert_eq!(answer.exit_code.as_deref(), Some("3"));
    let batch = answer.json();
    assert_eq!(batch["unreadable"], 1);
    assert_eq!(batch["files"][0]["status"], "unreadable");
    assert_eq!(batch["files"][1]["status"], "audited");
    // No file, a bad option, a body over the limit: one clear message each.
    assert_eq!(post_audit(addr, &[("lang", "en")], &[]).status, 400);
    let bad = post_audit(addr, &[("template", "/etc/passwd")], &[("a.docx", b"x")]);
    assert_eq!(bad.status, 400, "only built-in templates: no file is read");
    let huge = vec![b'x'; serve::MAX_UPLOAD_BYTES + 1];
    let answer = post_audit(addr, &[], &[("huge.docx", &huge)]);
    assert_eq!(answer.status, 413);
    assert_eq!(get(addr, "/api/health").json()["status"], "ok");
    server.stop();
}

/// Sends a raw request and returns the status code.
fn raw_status(addr: SocketAddr, request: &str) -> u16 {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream.write_all(request.as_bytes()).expect("send");
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let text = String::from_utf8_lossy(&answer);
    text.split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status in {text}"))
}

#[test]
fn foreign_hosts_and_origins_are_refused() {
    let server = start();
    let addr = server.addr();
    let port = addr.port();
    let get_with_host = |host: &str| {
        raw_status(
            addr,
            &format!("GET /api/health HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    assert_eq!(get_with_host(&format!("127.0.0.1:{port}")), 200);
    assert_eq!(get_with_host(&format!("localhost:{port}")), 200);
    assert_eq!(get_with_host(&format!("attacker.example:{port}")), 421);
    assert_eq!(get_with_host("127.0.0.1:1"), 421);
    assert_eq!(
        raw_status(addr, "GET / HTTP/1.0\r\n\r\n"),
        421,
        "no Host at all"
    );
    let (content_type, body) = multipart(&[], &[(WITH_ERRORS, &sample_bytes(WITH_ERRORS))]);
    let post_from = |origin: &str| {
        read(
            agent()
                .post(format!("http://{addr}/api/audit"))
                .header("Content-Type", &content_type)
                .header("Origin", origin)
                .send(&body[..])
                .expect("answer"),
        )
        .status
    };
    assert_eq!(post_from("http://attacker.example"), 403);
    assert_eq!(post_from(&format!("http://127.0.0.1:{}", port + 1)), 403);
    assert_eq!(post_from("null"), 403);
    assert_eq!(post_from(&format!("http://127.0.0.1:{port}")), 200);
    // The page itself: embedded, and forbidding every other origin.
    let page = agent()
        .get(format!("http://{addr}/"))
        .call()
        .expect("the page");
    let csp = page
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_string();
    assert!(csp.starts_with("default-src 'self'"), "{csp}");
    server.stop();
}

/// The binary's `serve --port 0 --no-browser`, with its temporary files in `tmp`.
fn spawn_binary(tmp: &Path) -> (Child, SocketAddr) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(["serve", "--port", "0", "--no-browser", "--lang", "en"])
        .env("TMPDIR", tmp)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary starts");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut printed = Vec::new();
    let mut byte = [0u8; 1];
    while !printed.ends_with(b"/\n") {
        if stdout.read(&mut byte).unwrap_or(0) == 0 {
            panic!("no address: {}", String::from_utf8_lossy(&printed));
        }
        printed.push(byte[0]);
    }
    // Whatever else it prints is read and dropped.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let text = String::from_utf8_lossy(&printed);
    let addr = text
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| panic!("no address in {text}"));
    (child, addr)
}

/// Peak resident memory of a process, in KiB (Linux).
fn peak_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn fifty_uploads_at_once_are_all_answered() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let (mut child, addr) = spawn_binary(tmp.path());
    let before = peak_kib(child.id());
    let bytes = sample_bytes(WITH_ERRORS);
    let expected = cli_json(&[&sample(WITH_ERRORS)]);
    let answers: Vec<Answer> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|_| scope.spawn(|| post_audit(addr, &[], &[(WITH_ERRORS, &bytes)])))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("a client thread"))
            .collect()
    });
    let after = peak_kib(child.id());
    let health = get(addr, "/api/health").json();
    assert_eq!(health["results"], 50);
    assert_eq!(health["audits"]["running"], 0);
    let _ = child.kill();
    let _ = child.wait();
    for answer in &answers {
        assert_eq!(answer.status, 200);
        assert_eq!(answer.json()["findings"], expected["findings"]);
    }
    let mut ids: Vec<_> = answers.iter().filter_map(|a| a.audit_id.clone()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 50, "one result each");
    // Every upload was removed once audited.
    let left: Vec<_> = std::fs::read_dir(tmp.path())
        .expect("temp dir")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("annex-audit-upload-"))
        .collect();
    assert!(left.is_empty(), "uploads left behind: {left:?}");
    eprintln!(
        "serve: 50 concurrent uploads of {WITH_ERRORS}: peak RSS {} KiB before, {} KiB after",
        before.map_or("?".into(), |k| k.to_string()),
        after.map_or("?".into(), |k| k.to_string())
    );
}

/// A Chinese server answers a path it does not have, and an expired result, in Chinese.
#[test]
fn a_chinese_server_answers_a_missing_page_in_chinese() {
    let server = serve::start(ServeConfig {
        lang: Some(annex_audit::audit::Lang::Zh),
        ..ServeConfig::default()
    })
    .expect("the server starts");
    let addr = server.addr();
    let missing = get(addr, "/no-such-page");
    assert_eq!(missing.status, 404);
    assert_eq!(missing.json()["error"], "没有这个页面");
    let expired = get(addr, "/api/workbook/0123456789abcdef");
    assert_eq!(expired.status, 404);
    assert!(
        expired.json()["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("结果不存在")),
        "{:?}",
        expired.json()
    );
    server.stop();
}
