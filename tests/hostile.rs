//! Bad input never hurts (issue 6): every hostile input is built in a temporary directory and
//! given to the binary, through `tables` and through `audit` with each kind of output. Each run
//! must exit with 3 and one line on stderr naming the problem, must not panic, and must leave
//! no file behind (no workbook, no JSON, no temporary file).
//!
//! Set `HOSTILE_DUMP_DIR=/some/dir` to also write every input there (to measure the release
//! binary on them with `/usr/bin/time -v`).

use crate::common;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{docx, paragraph, row, run, sample, table};

/// The main-document XML around a body.
fn document_xml(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A zip of raw parts (name, bytes), deflated.
fn zip_of(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in parts {
        zip.start_file(*name, options).expect("zip entry");
        zip.write_all(bytes).expect("zip write");
    }
    zip.finish().expect("zip").into_inner()
}

/// A package whose main document part holds exactly `document` (any bytes).
fn docx_with_document(document: &[u8]) -> Vec<u8> {
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/document.xml", document),
    ])
}

/// A readable annex table, so that a failure later in the document has something before it.
fn one_table() -> String {
    table(2, &[row(&["名称", "总分"]), row(&["甲", "90"])])
}

// ---------------------------------------------------------------------------------------------
// OLE2 compound files (Word 97-2003 .doc, encrypted .docx, .xls)

/// A minimal but well-formed OLE2 compound file (version 3, 512-byte sectors, one FAT sector,
/// one directory sector) holding `streams`, each stored in regular sectors (padded to 4096
/// bytes, the mini-stream cutoff).
fn ole2(streams: &[(&str, Vec<u8>)]) -> Vec<u8> {
    const SECTOR: usize = 512;
    const FREE: u32 = 0xFFFF_FFFF;
    const END_OF_CHAIN: u32 = 0xFFFF_FFFE;
    const FAT_SECTOR: u32 = 0xFFFF_FFFD;
    const NO_STREAM: u32 = 0xFFFF_FFFF;
    assert!(streams.len() <= 3, "one directory sector holds 4 entries");
    let padded: Vec<Vec<u8>> = streams
        .iter()
        .map(|(_, data)| {
            let mut data = data.clone();
            let len = data.len().max(4096).div_ceil(SECTOR) * SECTOR;
            data.resize(len, 0);
            data
        })
        .collect();
    // Sector 0: the FAT; sector 1: the directory; then each stream's sectors in turn.
    let mut fat = vec![FAT_SECTOR, END_OF_CHAIN];
    let mut starts = Vec::new();
    for data in &padded {
        let start = fat.len() as u32;
        starts.push(start);
        let count = (data.len() / SECTOR) as u32;
        for i in 0..count {
            fat.push(if i + 1 == count {
                END_OF_CHAIN
            } else {
                start + i + 1
            });
        }
    }
    assert!(fat.len() <= SECTOR / 4, "one FAT sector");
    fat.resize(SECTOR / 4, FREE);

    let mut header = Vec::with_capacity(SECTOR);
    header.extend([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header.extend([0u8; 16]); // CLSID
    header.extend(0x003Eu16.to_le_bytes()); // minor version
    header.extend(0x0003u16.to_le_bytes()); // major version 3
    header.extend(0xFFFEu16.to_le_bytes()); // byte order
    header.extend(9u16.to_le_bytes()); // sector shift: 512
    header.extend(6u16.to_le_bytes()); // mini sector shift: 64
    header.extend([0u8; 6]);
    header.extend(0u32.to_le_bytes()); // directory sectors (0 in version 3)
    header.extend(1u32.to_le_bytes()); // FAT sectors
    header.extend(1u32.to_le_bytes()); // first directory sector
    header.extend(0u32.to_le_bytes()); // transaction signature
    header.extend(4096u32.to_le_bytes()); // mini stream cutoff
    header.extend(END_OF_CHAIN.to_le_bytes()); // first mini FAT sector
    header.extend(0u32.to_le_bytes()); // mini FAT sectors
    header.extend(END_OF_CHAIN.to_le_bytes()); // first DIFAT sector
    header.extend(0u32.to_le_bytes()); // DIFAT sectors
    header.extend(0u32.to_le_bytes()); // DIFAT[0]: the FAT is sector 0
    while header.len() < SECTOR {
        header.extend(FREE.to_le_bytes());
    }

    let entry = |name: &str, kind: u8, child: u32, right: u32, start: u32, size: u64| {
        let mut e = Vec::with_capacity(128);
        let units: Vec<u16> = name.encode_utf16().collect();
        for u in &units {
            e.extend(u.to_le_bytes());
        }
        e.resize(64, 0);
        e.extend((((units.len() + 1) * 2) as u16).to_le_bytes());
        e.push(kind);
        e.push(1); // black
        e.extend(NO_STREAM.to_le_bytes()); // left sibling
        e.extend(right.to_le_bytes());
        e.extend(child.to_le_bytes());
        e.extend([0u8; 16 + 4 + 8 + 8]); // CLSID, state bits, times
        e.extend(start.to_le_bytes());
        e.extend(size.to_le_bytes());
        e
    };
    let mut directory = entry("Root Entry", 5, 1, NO_STREAM, END_OF_CHAIN, 0);
    for (i, ((name, data), start)) in streams.iter().zip(&starts).enumerate() {
        // Siblings chained to the right (a degenerate but valid all-black tree).
        let right = if i + 1 < streams.len() {
            i as u32 + 2
        } else {
            NO_STREAM
        };
        directory.extend(entry(
            name,
            2,
            NO_STREAM,
            right,
            *start,
            data.len().max(4096) as u64,
        ));
    }
    while directory.len() < SECTOR {
        directory.extend(entry("", 0, NO_STREAM, NO_STREAM, 0, 0));
    }

    let mut file = header;
    file.extend(fat.iter().flat_map(|e| e.to_le_bytes()));
    file.extend(directory);
    for data in padded {
        file.extend(data);
    }
    file
}

/// A Word 97-2003 document: a WordDocument stream starting with the FIB's magic number.
fn legacy_doc() -> Vec<u8> {
    let mut word = vec![0xEC, 0xA5, 0xC1, 0x00];
    word.resize(4096, 0);
    ole2(&[("WordDocument", word), ("1Table", vec![0; 4096])])
}

/// A password-protected .docx: an OLE2 file with EncryptionInfo and EncryptedPackage streams.
fn encrypted_docx() -> Vec<u8> {
    let mut info = vec![0x04, 0x00, 0x04, 0x00, 0x40, 0x00, 0x00, 0x00];
    info.extend(br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><encryption xmlns="http://schemas.microsoft.com/office/2006/encryption"/>"#);
    let mut package = (8000u64).to_le_bytes().to_vec();
    package.extend((0..8000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8));
    ole2(&[("EncryptionInfo", info), ("EncryptedPackage", package)])
}

// ---------------------------------------------------------------------------------------------
// Zip surgery

/// Where the local header and the central-directory entry of `name` start.
fn headers_of(zip: &[u8], name: &str) -> (usize, usize) {
    let name = name.as_bytes();
    let find = |signature: &[u8], name_at: usize| {
        memchr::memmem::find_iter(zip, signature)
            .find(|&i| zip.get(i + name_at..i + name_at + name.len()) == Some(name))
            .expect("header present")
    };
    (find(b"PK\x03\x04", 30), find(b"PK\x01\x02", 46))
}

/// The range of `name`'s compressed data.
fn data_of(zip: &[u8], name: &str) -> std::ops::Range<usize> {
    let (local, central) = headers_of(zip, name);
    let u16_at = |i: usize| usize::from(u16::from_le_bytes([zip[i], zip[i + 1]]));
    let u32_at =
        |i: usize| u32::from_le_bytes([zip[i], zip[i + 1], zip[i + 2], zip[i + 3]]) as usize;
    let start = local + 30 + u16_at(local + 26) + u16_at(local + 28);
    start..start + u32_at(central + 20)
}

fn flipped(mut bytes: Vec<u8>, at: &[usize]) -> Vec<u8> {
    for &i in at {
        bytes[i] ^= 0xFF;
    }
    bytes
}

// ---------------------------------------------------------------------------------------------
// The bomb: about 1 GiB of spaces in word/document.xml, about 1 MB compressed.
//
// Deflating 1 GiB with the zip crate takes half a minute in a debug build, so the deflate
// stream is written directly: a stored block with the XML before the spaces, one dynamic
// Huffman block whose only codes are a space, "length 258" and "distance 1" (one bit each for
// the length and the distance, so 258 spaces cost 2 bits), and a stored block with the XML
// after them. Its CRC-32 is combined arithmetically. The zip crate then assembles the package,
// copying the entry raw.

const BOMB_SPACES: u64 = 1 << 30;

/// An LSB-first bit writer (deflate's bit order).
#[derive(Default)]
struct Bits {
    out: Vec<u8>,
    acc: u64,
    count: u32,
}

impl Bits {
    fn put(&mut self, value: u32, count: u32) {
        self.acc |= u64::from(value) << self.count;
        self.count += count;
        while self.count >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.count -= 8;
        }
    }

    /// A Huffman code, which deflate writes most significant bit first.
    fn code(&mut self, code: u32, len: u32) {
        let reversed = code.reverse_bits() >> (32 - len);
        self.put(reversed, len);
    }

    fn align(&mut self) {
        if self.count > 0 {
            self.put(0, 8 - self.count);
        }
    }

    fn stored(&mut self, last: bool, bytes: &[u8]) {
        self.put(u32::from(last), 1);
        self.put(0, 2);
        self.align();
        let len = u16::try_from(bytes.len()).expect("stored block under 64 KiB");
        self.out.extend(len.to_le_bytes());
        self.out.extend((!len).to_le_bytes());
        self.out.extend(bytes);
    }
}

/// The raw deflate stream of `prefix`, `BOMB_SPACES` spaces and `suffix`.
fn bomb_deflate(prefix: &[u8], suffix: &[u8]) -> Vec<u8> {
    let mut bits = Bits::default();
    bits.stored(false, prefix);
    // Dynamic block header: 286 literal/length codes, 1 distance code, 18 code-length codes.
    bits.put(0, 1);
    bits.put(2, 2);
    bits.put(286 - 257, 5);
    bits.put(0, 5);
    bits.put(18 - 4, 4);
    // Code-length code lengths, in the format's order: symbol 18 (a run of zeros) gets 1 bit,
    // lengths 1 and 2 get 2 bits each.
    for symbol in [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1] {
        bits.put(
            match symbol {
                18 => 1,
                1 | 2 => 2,
                _ => 0,
            },
            3,
        );
    }
    // Canonical codes: 18 → 0, 1 → 10, 2 → 11.
    let zeros = |bits: &mut Bits, mut n: u32| {
        while n > 0 {
            let run = n.min(138);
            bits.code(0, 1);
            bits.put(run - 11, 7);
            n -= run;
        }
    };
    zeros(&mut bits, 32); // 0..=31
    bits.code(0b11, 2); // ' ' (32): length 2
    zeros(&mut bits, 223); // 33..=255
    bits.code(0b11, 2); // end of block (256): length 2
    zeros(&mut bits, 28); // 257..=284
    bits.code(0b10, 2); // 285 (length 258): length 1
    bits.code(0b10, 2); // distance code 0 (distance 1): length 1
    // Literal/length codes: 285 → 0, ' ' → 10, end of block → 11; distance 1 → 0.
    bits.code(0b10, 2);
    let matches = (BOMB_SPACES - 4) / 258;
    assert_eq!(1 + matches * 258 + 3, BOMB_SPACES);
    for _ in 0..matches {
        bits.put(0, 2);
    }
    for _ in 0..3 {
        bits.code(0b10, 2);
    }
    bits.code(0b11, 2);
    bits.stored(true, suffix);
    bits.align();
    bits.out
}

fn crc32(mut crc: u32, bytes: &[u8]) -> u32 {
    crc = !crc;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn gf2_times(matrix: &[u32; 32], mut vector: u32) -> u32 {
    let mut sum = 0;
    let mut row = 0;
    while vector != 0 {
        if vector & 1 == 1 {
            sum ^= matrix[row];
        }
        vector >>= 1;
        row += 1;
    }
    sum
}

fn gf2_square(matrix: &[u32; 32]) -> [u32; 32] {
    std::array::from_fn(|n| gf2_times(matrix, matrix[n]))
}

/// CRC-32 of `a ‖ b` from the CRCs of `a` and `b` and `b`'s length (zlib's crc32_combine).
fn crc32_combine(mut crc1: u32, crc2: u32, mut len2: u64) -> u32 {
    let mut odd = [0u32; 32];
    odd[0] = 0xEDB8_8320;
    for (n, row) in odd.iter_mut().enumerate().skip(1) {
        *row = 1 << (n - 1);
    }
    let mut even = gf2_square(&odd);
    odd = gf2_square(&even);
    while len2 != 0 {
        even = gf2_square(&odd);
        if len2 & 1 == 1 {
            crc1 = gf2_times(&even, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
        odd = gf2_square(&even);
        if len2 & 1 == 1 {
            crc1 = gf2_times(&odd, crc1);
        }
        len2 >>= 1;
    }
    crc1 ^ crc2
}

/// A one-entry zip in memory holding raw deflate `data`, with the sizes its headers declare.
fn raw_entry_zip(name: &str, data: &[u8], crc: u32, declared: u32) -> Vec<u8> {
    let compressed = u32::try_from(data.len()).expect("small");
    let name_len = name.len() as u16;
    let mut zip = Vec::new();
    zip.extend(b"PK\x03\x04");
    zip.extend(20u16.to_le_bytes()); // version needed
    zip.extend(0u16.to_le_bytes()); // flags
    zip.extend(8u16.to_le_bytes()); // deflate
    zip.extend(0u16.to_le_bytes()); // time
    zip.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
    zip.extend(crc.to_le_bytes());
    zip.extend(compressed.to_le_bytes());
    zip.extend(declared.to_le_bytes());
    zip.extend(name_len.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(name.as_bytes());
    zip.extend(data);
    let central = zip.len() as u32;
    zip.extend(b"PK\x01\x02");
    zip.extend(20u16.to_le_bytes()); // version made by
    zip.extend(20u16.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(8u16.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip.extend(0x21u16.to_le_bytes());
    zip.extend(crc.to_le_bytes());
    zip.extend(compressed.to_le_bytes());
    zip.extend(declared.to_le_bytes());
    zip.extend(name_len.to_le_bytes());
    zip.extend([0u8; 2 + 2 + 2 + 2 + 4]); // extra, comment, disk, attributes
    zip.extend(0u32.to_le_bytes()); // local header offset
    zip.extend(name.as_bytes());
    let size = zip.len() as u32 - central;
    zip.extend(b"PK\x05\x06");
    zip.extend([0u8; 4]);
    zip.extend(1u16.to_le_bytes());
    zip.extend(1u16.to_le_bytes());
    zip.extend(size.to_le_bytes());
    zip.extend(central.to_le_bytes());
    zip.extend(0u16.to_le_bytes());
    zip
}

/// Writes the bomb package to `path`, streaming (nothing near 1 GiB is ever held). `declared`:
/// the uncompressed size its headers state (`None`: the truth).
fn write_bomb(path: &Path, declared: Option<u32>) {
    let prefix = br#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t xml:space="preserve">"#;
    let suffix = b"</w:t></w:r></w:p><w:sectPr/></w:body></w:document>";
    let data = bomb_deflate(prefix, suffix);
    let mib = vec![b' '; 1 << 20];
    let mut spaces = crc32(0, &mib);
    let mut len = mib.len() as u64;
    while len < BOMB_SPACES {
        spaces = crc32_combine(spaces, spaces, len);
        len *= 2;
    }
    let crc = crc32_combine(crc32(0, prefix), spaces, BOMB_SPACES);
    let crc = crc32_combine(crc, crc32(0, suffix), suffix.len() as u64);
    let total = prefix.len() as u64 + BOMB_SPACES + suffix.len() as u64;
    let declared = declared.unwrap_or(u32::try_from(total).expect("under 4 GiB"));
    let entry = raw_entry_zip("word/document.xml", &data, crc, declared);
    let mut source = zip::ZipArchive::new(std::io::Cursor::new(entry)).expect("entry zip");

    let file = std::fs::File::create(path).expect("create bomb");
    let mut zip = zip::ZipWriter::new(std::io::BufWriter::new(file));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", PACKAGE_RELS),
    ] {
        zip.start_file(name, options).expect("entry");
        zip.write_all(text.as_bytes()).expect("write");
    }
    zip.raw_copy_file(source.by_index_raw(0).expect("raw entry"))
        .expect("raw copy");
    zip.finish().expect("finish").flush().expect("flush");
}

// ---------------------------------------------------------------------------------------------
// Running the cases

/// How a case's input comes to be.
enum Input {
    Bytes(Vec<u8>),
    /// A corpus file, copied into the temporary directory (never into the repository).
    Corpus(&'static str),
    /// Written by a function (too large to hold).
    Writer(fn(&Path)),
    /// A path that does not exist.
    Missing,
}

struct Case {
    name: &'static str,
    input: Input,
    /// Any of these (lower case) in the stderr line names the problem.
    keywords: &'static [&'static str],
}

fn case(name: &'static str, input: Input, keywords: &'static [&'static str]) -> Case {
    Case {
        name,
        input,
        keywords,
    }
}

fn corpus(path: &str) -> PathBuf {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus")).join(path)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn check_refused(case: &Case, args: &[&str], out: &Output) -> Result<String, String> {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.trim_end();
    let context = || {
        format!(
            "{} {args:?}: exit {:?}, stderr {stderr:?}",
            case.name,
            out.status.code()
        )
    };
    if stderr.contains("panicked") || out.status.code() == Some(101) {
        return Err(format!("PANIC: {}", context()));
    }
    if out.status.code() != Some(3) {
        return Err(format!("exit code is not 3: {}", context()));
    }
    if line.lines().count() != 1 || !line.starts_with("annex-audit: ") {
        return Err(format!("not exactly one line: {}", context()));
    }
    if line.contains("::") || line.chars().any(char::is_control) {
        return Err(format!(
            "internal names or control characters: {}",
            context()
        ));
    }
    // The line names the file (once: never "file: file: …"), right after the program's name.
    let file = format!("{}.docx", case.name);
    if line.matches(file.as_str()).count() != 1 {
        return Err(format!("does not name {file} exactly once: {}", context()));
    }
    let lower = line.to_lowercase();
    if !case.keywords.iter().any(|k| lower.contains(k)) {
        return Err(format!(
            "the message names none of {:?}: {}",
            case.keywords,
            context()
        ));
    }
    Ok(line.to_string())
}

/// Runs every command on the case's input; returns the problems found.
fn run_case(case: &Case) -> Vec<String> {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join(format!("{}.docx", case.name));
    match &case.input {
        Input::Bytes(bytes) => std::fs::write(&input, bytes).expect("write input"),
        Input::Corpus(path) => {
            std::fs::copy(corpus(path), &input).expect("copy corpus file");
        }
        Input::Writer(write) => write(&input),
        Input::Missing => {}
    }
    if let Some(dump) = std::env::var_os("HOSTILE_DUMP_DIR")
        && input.is_file()
    {
        let dump = PathBuf::from(dump);
        std::fs::create_dir_all(&dump).expect("dump dir");
        std::fs::copy(&input, dump.join(input.file_name().expect("name"))).expect("dump");
    }
    let before = files_in(dir.path());
    let original = std::fs::read(&input).ok();
    let path = input.to_str().expect("utf-8 path");
    let json_out = dir.path().join("out.json");
    let json_out = json_out.to_str().expect("utf-8");
    let xlsx_out = dir.path().join("out.xlsx");
    let xlsx_out = xlsx_out.to_str().expect("utf-8");
    let runs: Vec<Vec<&str>> = vec![
        vec!["tables", path],
        vec!["tables", "--json", path],
        vec!["audit", path],
        vec!["audit", path, "--json", json_out],
        vec!["audit", path, "-o", xlsx_out, "--json", json_out],
        vec!["audit", path, "--no-workbook", "--json", "-"],
    ];
    let mut problems = Vec::new();
    let mut message = String::new();
    for args in &runs {
        let out = run(args);
        match check_refused(case, args, &out) {
            Ok(line) => message = line,
            Err(problem) => problems.push(problem),
        }
        if args[0] == "audit" && !out.stdout.is_empty() {
            problems.push(format!(
                "{} {args:?}: audit printed on stdout: {:?}",
                case.name,
                String::from_utf8_lossy(&out.stdout)
            ));
        }
        let after = files_in(dir.path());
        if after != before {
            problems.push(format!(
                "{} {args:?}: files left behind: {after:?} (before: {before:?})",
                case.name
            ));
        }
        if std::fs::read(&input).ok() != original {
            problems.push(format!("{} {args:?}: the input changed", case.name));
        }
    }
    println!("{:<34} {message}", case.name);
    problems
}

fn run_cases(cases: Vec<Case>) {
    let problems: Vec<String> = cases.iter().flat_map(run_case).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

fn sample_bytes() -> Vec<u8> {
    std::fs::read(sample("ordos-2020-annex.docx")).expect("sample")
}

// ---------------------------------------------------------------------------------------------
// The cases

#[test]
fn not_a_docx_at_all() {
    let mut latin1_text =
        b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n".to_vec();
    latin1_text.extend(b"trailer\n%%EOF\n");
    run_cases(vec![
        case("legacy-doc", Input::Bytes(legacy_doc()), &[".doc file", "convert"]),
        case(
            "legacy-doc-corpus",
            Input::Corpus(
                "apache-poi/cpansearch.perl.org_src_tobyink_acme-rundoc-0.001_word-lib_hello_world.docm",
            ),
            &[".doc file"],
        ),
        case("encrypted", Input::Bytes(encrypted_docx()), &["encrypted"]),
        case(
            "encrypted-poi-bug53475",
            Input::Corpus("apache-poi/bug53475-password-is-pass.docx"),
            &["encrypted"],
        ),
        case(
            "encrypted-poi-agile",
            Input::Corpus("apache-poi/protected_agile.docx"),
            &["encrypted"],
        ),
        case(
            "encrypted-openxml-sdk",
            Input::Corpus("open-xml-sdk/document with password.docx"),
            &["encrypted"],
        ),
        case(
            "other-ole2-xls",
            Input::Bytes(ole2(&[("Workbook", vec![9; 4096])])),
            &["ole2"],
        ),
        case("empty", Input::Bytes(Vec::new()), &["empty"]),
        case("empty-corpus", Input::Corpus("_synthetic/zero-byte.docx"), &["empty"]),
        case("pdf", Input::Bytes(latin1_text), &["not a zip"]),
        case(
            "html",
            Input::Bytes(
                b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n"
                    .to_vec(),
            ),
            &["not a zip"],
        ),
        case("one-byte", Input::Bytes(b"P".to_vec()), &["not a zip"]),
        case("missing", Input::Missing, &["no such file"]),
    ]);
}

#[test]
fn a_directory_is_not_a_file() {
    // `audit DIR` is batch mode; `tables DIR` is an error.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().to_str().expect("utf-8");
    for args in [vec!["tables", path], vec!["tables", "--json", path]] {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
        assert!(stderr.contains("is a directory"), "{stderr}");
    }
    assert!(files_in(dir.path()).is_empty());
}

#[test]
fn truncated_and_corrupt_zips() {
    let good = sample_bytes();
    let len = good.len();
    let mut cases = Vec::new();
    let cuts: [(&'static str, usize); 10] = [
        ("truncated-at-4", 4),
        ("truncated-at-30", 30),
        ("truncated-at-200", 200),
        ("truncated-at-quarter", len / 4),
        ("truncated-at-half", len / 2),
        ("truncated-at-three-quarters", len * 3 / 4),
        ("truncated-in-central-directory", len - 200),
        ("truncated-before-end-record", len - 22),
        ("truncated-in-end-record", len - 10),
        ("truncated-last-byte", len - 1),
    ];
    for (name, cut) in cuts {
        cases.push(case(
            name,
            Input::Bytes(good[..cut].to_vec()),
            &["truncated or corrupt"],
        ));
    }
    let (local, central) = headers_of(&good, "word/document.xml");
    let data = data_of(&good, "word/document.xml");
    let mid = data.start + data.len() / 2;
    cases.extend([
        case(
            "corrupt-central-directory-signature",
            Input::Bytes(flipped(good.clone(), &[central + 1])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-central-directory-offset",
            Input::Bytes(flipped(good.clone(), &[central + 42, central + 43])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-central-directory-crc",
            Input::Bytes(flipped(good.clone(), &[central + 16])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-local-header-signature",
            Input::Bytes(flipped(good.clone(), &[local + 2])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-local-header-name-length",
            Input::Bytes(flipped(good.clone(), &[local + 26])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-deflate-start",
            Input::Bytes(flipped(good.clone(), &[data.start])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-deflate-middle",
            Input::Bytes(flipped(good.clone(), &[mid, mid + 1, mid + 2, mid + 3])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-end-record-offset",
            Input::Bytes(flipped(good.clone(), &[len - 6, len - 5])),
            &["truncated or corrupt"],
        ),
        case(
            "corrupt-not-zip-poi-clusterfuzz",
            Input::Corpus(
                "apache-poi/clusterfuzz-testcase-minimized-POIXWPFFuzzer-6442791109263360.docx",
            ),
            &["truncated or corrupt", "not a zip"],
        ),
        case(
            "corrupt-not-zip-poi-crash",
            Input::Corpus("apache-poi/crash-517626e815e0afa9decd0ebb6d1dee63fb9907dd.docx"),
            &["truncated or corrupt", "not a zip"],
        ),
        case(
            "corrupt-not-zip-poi-truncated",
            Input::Corpus("apache-poi/truncated62886.docx"),
            &["truncated or corrupt", "not a zip"],
        ),
    ]);
    run_cases(cases);
}

#[test]
fn zips_that_are_not_word_documents() {
    let workbook = zip_of(&[
        ("[Content_Types].xml", b"<Types/>"),
        ("xl/workbook.xml", b"<workbook/>"),
    ]);
    let rels_to_nowhere = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
    ]);
    run_cases(vec![
        case(
            "zip-of-a-spreadsheet",
            Input::Bytes(workbook),
            &["no main document part"],
        ),
        case(
            "zip-without-the-main-part",
            Input::Bytes(rels_to_nowhere),
            &["no main document part"],
        ),
        case(
            "empty-zip",
            Input::Bytes(b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0".to_vec()),
            &["no main document part"],
        ),
    ]);
}

#[test]
fn malformed_truncated_and_foreign_xml() {
    let valid = document_xml(&format!("{}{}", paragraph("标题"), one_table()));
    // Cut right after a tag: the end of the part inside open elements.
    let cut = valid[..valid.len() * 2 / 3].rfind('>').expect("a tag") + 1;
    let truncated = valid.as_bytes()[..cut].to_vec();
    let utf16: Vec<u8> = valid
        .replace("UTF-8", "UTF-16")
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let utf16_bom: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(utf16.iter().copied())
        .collect();
    let latin1 = document_xml(&paragraph("Caf\u{0}")).replace('\u{0}', "\u{1}");
    let latin1: Vec<u8> = latin1
        .bytes()
        .map(|b| if b == 1 { 0xE9 } else { b })
        .collect();
    let gbk = document_xml(&paragraph("\u{0}")).replace("UTF-8", "GB2312");
    let gbk: Vec<u8> = gbk
        .bytes()
        .flat_map(|b| {
            if b == 0 {
                vec![0xC6, 0xC0, 0xB9, 0xC0]
            } else {
                vec![b]
            }
        })
        .collect();
    let doctype = |dtd: &str| {
        valid.replacen(
            "<w:document",
            &format!("<!DOCTYPE w:document{dtd}>\n<w:document"),
            1,
        )
    };
    let laughs = concat!(
        " [",
        r#"<!ENTITY lol "lol">"#,
        r#"<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">"#,
        r#"<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">"#,
        r#"<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">"#,
        r#"<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">"#,
        r#"<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">"#,
        r#"<!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">"#,
        r#"<!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">"#,
        r#"<!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">"#,
        r#"<!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">"#,
        "]"
    );
    let billion_laughs = doctype(laughs).replace("标题", "&lol9;");
    let external = doctype(r#" SYSTEM "file:///etc/passwd""#);
    let rels_doctype = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        (
            "_rels/.rels",
            PACKAGE_RELS
                .replacen(
                    "<Relationships",
                    "<!DOCTYPE r [<!ENTITY x \"y\">]><Relationships",
                    1,
                )
                .as_bytes(),
        ),
        ("word/document.xml", valid.as_bytes()),
    ]);
    let undefined_entity = valid.replace("标题", "&nbsp;");
    // Every table records its part's name: a 60,000-byte one would be copied into each.
    let name = format!("word/{}.xml", "a".repeat(60_000));
    let long_name = zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        (
            "_rels/.rels",
            PACKAGE_RELS.replace("word/document.xml", &name).as_bytes(),
        ),
        (&name, valid.as_bytes()),
    ]);
    let many_roots = format!("{valid}<w:document/>");
    let text_after_root = format!("{valid}trailing");
    run_cases(vec![
        case(
            "xml-mismatched-end-tag",
            Input::Bytes(docx(&format!("{}</w:tc>", one_table()))),
            &["malformed xml"],
        ),
        case(
            "xml-unclosed-attribute",
            Input::Bytes(docx(r#"<w:p w:rsidR="00AB></w:p>"#)),
            &["malformed xml"],
        ),
        case(
            "xml-lone-ampersand",
            Input::Bytes(docx("<w:p><w:r><w:t>A & B</w:t></w:r></w:p>")),
            &["malformed xml"],
        ),
        case(
            "xml-undefined-entity",
            Input::Bytes(docx_with_document(undefined_entity.as_bytes())),
            &["malformed xml"],
        ),
        case(
            "xml-second-root",
            Input::Bytes(docx_with_document(many_roots.as_bytes())),
            &["second root element"],
        ),
        case(
            "xml-text-after-root",
            Input::Bytes(docx_with_document(text_after_root.as_bytes())),
            &["text outside the root element"],
        ),
        case(
            "xml-not-xml",
            Input::Bytes(docx_with_document(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")),
            &["malformed xml", "not valid utf-8"],
        ),
        case(
            "xml-empty-part",
            Input::Bytes(docx_with_document(b"")),
            &["malformed xml"],
        ),
        case(
            "xml-truncated",
            Input::Bytes(docx_with_document(&truncated)),
            &["open element(s) (truncated?)"],
        ),
        case(
            "xml-truncated-in-a-tag",
            Input::Bytes(docx_with_document(&valid.as_bytes()[..valid.len() - 5])),
            &["ends early: truncated?"],
        ),
        case(
            "xml-truncated-in-a-comment",
            Input::Bytes(docx_with_document(
                format!("{}<!-- a comment", &valid[..cut]).as_bytes(),
            )),
            &["ends early: truncated?"],
        ),
        case(
            "xml-latin1",
            Input::Bytes(docx_with_document(&latin1)),
            &["not valid utf-8"],
        ),
        case(
            "xml-gbk",
            Input::Bytes(docx_with_document(&gbk)),
            &["not valid utf-8"],
        ),
        case(
            "xml-utf16-without-bom",
            Input::Bytes(docx_with_document(&utf16)),
            &["not valid utf-8"],
        ),
        case(
            "xml-utf16-with-bom",
            Input::Bytes(docx_with_document(&utf16_bom)),
            &["not valid utf-8"],
        ),
        case(
            "xml-text-before-root",
            Input::Bytes(docx_with_document(format!("junk{valid}").as_bytes())),
            &["text outside the root element"],
        ),
        case(
            "xml-doctype",
            Input::Bytes(docx_with_document(doctype("").as_bytes())),
            &["doctype"],
        ),
        case(
            "xml-billion-laughs",
            Input::Bytes(docx_with_document(billion_laughs.as_bytes())),
            &["doctype"],
        ),
        case(
            "xml-external-entity",
            Input::Bytes(docx_with_document(external.as_bytes())),
            &["doctype"],
        ),
        case(
            "xml-doctype-in-rels",
            Input::Bytes(rels_doctype),
            &["doctype"],
        ),
        case(
            "main-part-name-of-60000-bytes",
            Input::Bytes(long_name),
            &["length of the main document part's name"],
        ),
    ]);
}

#[test]
fn bombs_and_depth() {
    fn nested_tables(n: usize) -> Vec<u8> {
        let mut body = String::with_capacity(n * 64);
        for _ in 0..n {
            body.push_str("<w:tbl><w:tr><w:tc><w:p/>");
        }
        for _ in 0..n {
            body.push_str("</w:tc></w:tr></w:tbl>");
        }
        docx(&body)
    }
    fn deep_elements(n: usize) -> Vec<u8> {
        let body = format!("{}{}", "<w:sdt>".repeat(n), "</w:sdt>".repeat(n));
        docx(&body)
    }
    run_cases(vec![
        case(
            "bomb",
            Input::Writer(|path| write_bomb(path, None)),
            &["uncompressed size", "compression ratio"],
        ),
        case(
            "bomb-lying-header",
            Input::Writer(|path| write_bomb(path, Some(150 << 20))),
            &["compression ratio"],
        ),
        case(
            "nested-tables-100000",
            Input::Bytes(nested_tables(100_000)),
            &["nesting depth"],
        ),
        case(
            "nested-elements-1000000",
            Input::Bytes(deep_elements(1_000_000)),
            &["nesting depth"],
        ),
    ]);
}

#[test]
fn the_bomb_is_a_valid_zip_of_spaces() {
    // So that the refusal above is the limit's doing, not a broken file's.
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("bomb.docx");
    write_bomb(&path, None);
    let size = std::fs::metadata(&path).expect("bomb").len();
    assert!((900_000..1_200_000).contains(&size), "{size} bytes");
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&path).expect("open")).expect("zip");
    let mut entry = archive.by_name("word/document.xml").expect("entry");
    assert!(entry.size() > BOMB_SPACES);
    let mut head = vec![0u8; 4 << 20];
    std::io::Read::read_exact(&mut entry, &mut head).expect("inflate");
    let spaces = memchr::memmem::find(&head, b"preserve\">").expect("prefix") + 10;
    assert!(head[spaces..].iter().all(|&b| b == b' '));
    // The CRC arithmetic, on something small enough to check directly.
    let (a, b) = (b"hello, ".as_slice(), b"world".as_slice());
    assert_eq!(
        crc32_combine(crc32(0, a), crc32(0, b), b.len() as u64),
        crc32(0, b"hello, world")
    );
    assert_eq!(crc32(0, b"123456789"), 0xCBF4_3926);
}

#[test]
fn a_document_without_tables_is_not_an_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = common::write(dir.path(), "prose.docx", &common::prose_docx());
    let path = input.to_str().expect("utf-8");
    let out = run(&["tables", path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains("no table found"), "{stderr}");
    let out = run(&["audit", path, "--no-workbook"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    // The language follows the document even without a table.
    assert!(stdout.contains("没有可读取的表格"), "{stdout}");
    let json = dir.path().join("prose.json");
    let out = run(&[
        "audit",
        path,
        "--no-workbook",
        "--lang",
        "en",
        "--json",
        json.to_str().expect("utf-8"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("no readable table"), "{stdout}");
    let value: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("json written")).expect("json");
    assert!(value.is_object(), "{value}");
}

#[test]
fn an_output_path_equal_to_the_input_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let original = sample_bytes();
    let input = common::write(dir.path(), "annex.docx", &original);
    let path = input.to_str().expect("utf-8");
    let dotted = dir.path().join(".").join("annex.docx");
    let dotted = dotted.to_str().expect("utf-8");
    let link = dir.path().join("link.docx");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&input, &link).expect("symlink");
    let link = link.to_str().expect("utf-8");
    let mut runs = vec![
        vec!["audit", path, "-o", path],
        vec!["audit", path, "-o", dotted],
        vec!["audit", path, "--no-workbook", "--json", path],
        vec!["audit", path, "--no-workbook", "--json", dotted],
    ];
    if cfg!(unix) {
        runs.push(vec!["audit", path, "-o", link]);
        runs.push(vec!["audit", link, "-o", path]);
    }
    let before = files_in(dir.path());
    for args in runs {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(3), "{args:?}: {stderr}");
        assert!(
            stderr.contains("it is the input file"),
            "{args:?}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{args:?}: {stderr}");
        assert_eq!(std::fs::read(&input).expect("input"), original, "{args:?}");
        assert_eq!(files_in(dir.path()), before, "{args:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Small files that used to make big work: each must finish (the deadline only catches a hang,
// it is not a timing assertion) with a bounded output.

/// Runs the binary, killing it after `deadline`; `None` if it had to be killed.
fn run_with_deadline(args: &[&str], deadline: std::time::Duration) -> Option<Output> {
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("the binary runs");
    // Drain the pipes while waiting, so a large output cannot block the child.
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    let out = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut bytes).map(|_| bytes)
    });
    let err = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut bytes).map(|_| bytes)
    });
    let started = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    };
    Some(Output {
        status,
        stdout: out.join().expect("stdout thread").expect("stdout"),
        stderr: err.join().expect("stderr thread").expect("stderr"),
    })
}

const DEADLINE: std::time::Duration = std::time::Duration::from_secs(60);

fn styles_and_numbering_package(document: &str, numbering: &str) -> Vec<u8> {
    let rels = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>"#;
    zip_of(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/numbering.xml", numbering.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ])
}

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

/// Runs `args` + `input`, expecting `code` and `needle` on stderr, within the deadline.
fn finishes(input: &Path, args: &[&str], code: i32, needle: &str) -> Output {
    let mut args = args.to_vec();
    args.push(input.to_str().expect("utf-8"));
    let out = run_with_deadline(&args, DEADLINE)
        .unwrap_or_else(|| panic!("{args:?} did not finish within {DEADLINE:?}"));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
    assert!(stderr.contains(needle), "{args:?}: {stderr}");
    assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    out
}

fn score_row(cells: &[String]) -> String {
    let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
    row(&cells)
}

#[test]
fn small_files_cannot_make_big_work() {
    let dir = tempfile::tempdir().expect("tempdir");

    // A 50,000-"%1" numbering label in a custom format padded to 100,000 digits, on 2,000
    // paragraphs of one cell: once gigabytes of label text.
    let numbering = format!(
        r#"<w:numbering {W}><w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"><w:start w:val="99999"/><w:numFmt w:val="custom" w:format="{}"/><w:lvlText w:val="{}"/></w:lvl></w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>"#,
        "0".repeat(100_000),
        "%1".repeat(50_000)
    );
    let numbered =
        r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>"#;
    let document = document_xml(&format!(
        "<w:tbl><w:tr><w:tc>{}</w:tc></w:tr></w:tbl>",
        numbered.repeat(2_000)
    ));
    let labels = common::write(
        dir.path(),
        "labels.docx",
        &styles_and_numbering_package(&document, &numbering),
    );
    for args in [&["tables", "--json"][..], &["audit", "--no-workbook", "-q"]] {
        let out = finishes(&labels, args, 0, "");
        // 2,000 labels of at most 256 bytes each, and the rest of the JSON.
        assert!(out.stdout.len() < 2_000_000, "{} bytes", out.stdout.len());
    }

    // A heading of 100,000 characters before 5,000 tables: each table once carried a copy.
    let heading = format!(
        r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>{}</w:t></w:r></w:p>"#,
        "标题".repeat(50_000)
    );
    let tables = "<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr></w:tbl>".repeat(5_000);
    let headings = common::write(
        dir.path(),
        "headings.docx",
        &docx(&format!("{heading}{tables}")),
    );
    finishes(&headings, &["audit", "--no-workbook", "-q"], 0, "");
    // Each of the 5,000 tables names its heading, cut to 200 characters.
    let out = finishes(&headings, &["tables", "--json"], 0, "");
    assert!(out.stdout.len() < 20_000_000, "{} bytes", out.stdout.len());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let heading = json["tables"][4_999]["heading"].as_str().expect("heading");
    assert_eq!(heading.chars().count(), 201, "{heading}");
    assert!(heading.starts_with("标题标题") && heading.ends_with('…'));
}

/// The inputs that once took minutes or gigabytes at scale, each a few megabytes at most. Too
/// slow for the debug build; run with `cargo test --release --test integration hostile:: -- --ignored`.
#[test]
#[ignore = "minutes in a debug build: cargo test --release --test integration hostile:: -- --ignored"]
fn at_scale_nothing_is_quadratic() {
    let dir = tempfile::tempdir().expect("tempdir");

    // 9,990 namespace prefixes in scope, used in turn by a million elements: once a scan of
    // every declaration per element.
    let declarations: String = (0..9_990)
        .map(|i| format!(r#" xmlns:p{i}="urn:x:{i}""#))
        .collect();
    let elements: String = (0..1_000_000)
        .map(|i| format!("<p{}:x/>", i % 9_990))
        .collect();
    let namespaces = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {W}{declarations}><w:body>{elements}</w:body></w:document>"#
    );
    let namespaces = common::write(
        dir.path(),
        "namespaces.docx",
        &docx_with_document(namespaces.as_bytes()),
    );
    finishes(&namespaces, &["tables"], 0, "no table found");

    // A consistent, ranked score table of 100,000 rows: ranks were counted by comparing every
    // pair of rows, and each row's data was found by a scan of all rows.
    let mut rows = vec![row(&["排名", "名称", "得分（100分）", "总分（100分）"])];
    rows.extend((0..100_000).map(|i| {
        let total = format!("{:.3}", f64::from(100_000 - i) / 1000.0);
        score_row(&[
            (i + 1).to_string(),
            format!("单位{i}"),
            total.clone(),
            total,
        ])
    }));
    let ranks = common::write(dir.path(), "ranks.docx", &docx(&table(4, &rows)));
    let out = finishes(&ranks, &["audit", "--no-workbook", "--json", "-"], 0, "");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        json["summary"]["consistent"], 100_000,
        "{}",
        json["summary"]
    );
    assert_eq!(json["findings"].as_array().map(Vec::len), Some(0));

    // 60,000 small score tables under one heading, each with a wrong total: sheet names were
    // numbered from 2 each time.
    let small = table(
        3,
        &[
            row(&["名称", "得分（50分）", "总分（100分）"]),
            row(&["甲", "10", "11"]),
        ],
    );
    let many = docx(&format!(
        "{}{}",
        paragraph("一、评估结果"),
        small.repeat(60_000)
    ));
    let many = common::write(dir.path(), "many.docx", &many);
    finishes(&many, &["audit", "--no-workbook", "--json", "-"], 1, "");

    // A 700,000-character name merged over 5,000 rows: once a copy per row (gigabytes).
    let long = "很".repeat(700_000);
    let merged = |text: &str, how: &str| {
        format!(
            r#"<w:tc><w:tcPr><w:vMerge{how}/></w:tcPr>{}</w:tc>"#,
            paragraph(text)
        )
    };
    let mut body = vec![row(&["名称", "得分（50分）", "总分（100分）"])];
    body.push(format!(
        "<w:tr>{}{}{}</w:tr>",
        merged(&long, r#" w:val="restart""#),
        common::cell("10", ""),
        common::cell("10", "")
    ));
    let continued = format!(
        "<w:tr>{}{}{}</w:tr>",
        merged("", ""),
        common::cell("10", ""),
        common::cell("10", "")
    );
    body.extend(std::iter::repeat_n(continued, 5_000));
    let merged = common::write(dir.path(), "merged.docx", &docx(&table(3, &body)));
    finishes(&merged, &["audit", "--no-workbook", "-q"], 0, "");

    // 100,000 header relationships over 19,000 header parts: each was checked against every
    // part already related.
    let targets = 19_000;
    let rels: String = (0..100_000)
        .map(|i| {
            format!(
                r#"<Relationship Id="r{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="h{}.xml"/>"#,
                i % targets
            )
        })
        .collect();
    let rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>"#
    );
    let header = format!("<w:hdr {W}/>");
    let names: Vec<String> = (0..targets).map(|i| format!("word/h{i}.xml")).collect();
    let document = document_xml(&paragraph("正文"));
    let mut parts: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", PACKAGE_RELS.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
    ];
    parts.extend(names.iter().map(|n| (n.as_str(), header.as_bytes())));
    let related = common::write(dir.path(), "related.docx", &zip_of(&parts));
    finishes(&related, &["tables"], 0, "no table found");

    // Half a million cells are refused, whatever their arrangement (once ~1 KB of memory a
    // cell, from a file of a few kilobytes).
    let cells = "<w:tc><w:p/></w:tc>".repeat(1_000);
    let flood = docx(&format!(
        "<w:tbl>{}</w:tbl>",
        format!("<w:tr>{cells}</w:tr>").repeat(501)
    ));
    let flood = common::write(dir.path(), "flood.docx", &flood);
    let json = dir.path().join("flood.json");
    finishes(
        &flood,
        &[
            "audit",
            "--no-workbook",
            "--json",
            json.to_str().expect("utf-8"),
        ],
        3,
        "flood.docx: refused: number of table cells in the document exceeds the limit of 500000",
    );
    assert!(!json.exists());
}

#[test]
fn a_batch_of_hostile_files_names_each_problem_and_exits_3() {
    let dir = tempfile::tempdir().expect("tempdir");
    let inputs = dir.path().join("inputs");
    std::fs::create_dir(&inputs).expect("mkdir");
    common::write(&inputs, "good.docx", &sample_bytes());
    common::write(&inputs, "empty.docx", b"");
    common::write(&inputs, "legacy.docx", &legacy_doc());
    common::write(&inputs, "encrypted.docx", &encrypted_docx());
    common::write(&inputs, "truncated.docx", &sample_bytes()[..5_000]);
    // A file name that would break the line (and, with an escape, drive the terminal).
    #[cfg(unix)]
    common::write(&inputs, "two\nlines\u{1b}[31m.docx", b"");
    let json = dir.path().join("index.json");
    let out = run(&[
        "audit",
        inputs.to_str().expect("utf-8"),
        "--no-workbook",
        "--json",
        json.to_str().expect("utf-8"),
    ]);
    // The batch's report (its coverage line, then one line per file) is on stdout.
    let report = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{report}");
    assert!(!report.contains("panicked"), "{report}");
    assert!(!report.contains('\u{1b}'), "{report}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let files = if cfg!(unix) { 6 } else { 5 };
    // The coverage line, then one line per file.
    assert_eq!(report.trim_end().lines().count(), 1 + files, "{report}");
    for (name, problem) in [
        ("empty.docx", "empty"),
        ("legacy.docx", ".doc file"),
        ("encrypted.docx", "encrypted"),
        ("truncated.docx", "truncated"),
    ] {
        assert!(
            report
                .lines()
                .any(|l| l.matches(name).count() == 1 && l.contains(problem)),
            "{name}, named once: {report}"
        );
    }
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&json).expect("index")).expect("json");
    assert_eq!(
        index["files"].as_array().map(Vec::len),
        Some(files),
        "{index}"
    );
    assert_eq!(index["unreadable"], files - 1, "{index}");
}

/// Control characters in the document's text (raw bytes that quick-xml passes through) reach
/// the terminal escaped: a heading or a cell holding `ESC[2J` must not clear the screen, nor a
/// name holding `ESC]0;…BEL` retitle the window.
#[test]
fn terminal_output_escapes_control_characters_from_the_document() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let clear = "\u{1b}[2J";
    let retitle = "\u{1b}]0;owned\u{7}";
    let body = format!(
        "{}{}{}",
        paragraph(&format!("一、各旗区{clear}人民政府")),
        table(
            4,
            &[
                row(&["排名", "名称", "发布解读（40分）", "总分（40分）"]),
                row(&["1", &format!("东胜区{retitle}"), "30", "31"]),
                row(&["2", "康巴什区", "20", "20"]),
            ],
        ),
        paragraph(&format!("注：{clear}以40分为满分。")),
    );
    let path = dir.path().join("escapes.docx");
    std::fs::write(&path, docx(&body)).expect("written");
    let path = path.to_str().expect("a UTF-8 path");
    for args in [
        vec!["tables", path],
        vec!["tables", "--all-rows", path],
        vec!["audit", path, "--no-workbook"],
    ] {
        let out = run(&args);
        let (stdout, stderr) = (
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr),
        );
        assert!(
            out.status.code().is_some_and(|c| c < 3),
            "{args:?}: {stderr}"
        );
        for (name, text) in [("stdout", &stdout), ("stderr", &stderr)] {
            assert!(
                !text.contains(['\u{1b}', '\u{7}']),
                "{args:?}: raw control characters on {name}:\n{text}"
            );
        }
        let shown = format!("{stdout}{stderr}");
        assert!(
            shown.contains("\\u{1b}"),
            "{args:?}: the escape is shown:\n{shown}"
        );
    }
}

/// The binary with the Chinese locale the reviewer used (`LANG=zh_CN.UTF-8`).
fn run_zh(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_annex-audit"))
        .args(args)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .expect("the binary runs")
}

/// The English words of a Chinese line, outside its technical detail (`（技术细节：…）`, which
/// is secondary by its label) and outside `dir` (a temporary path): only names of formats,
/// programs, parts and options may remain.
fn english_words(line: &str, dir: &Path) -> Vec<String> {
    const ALLOWED: &[&str] = &[
        "annex",
        "audit",
        "docx",
        "xlsx",
        "json",
        "zip",
        "xml",
        "XML",
        "Word",
        "WPS",
        "Excel",
        "word",
        "document",
        "officeDocument",
        "foo",
        "body",
        "tc",
        "overwrite",
    ];
    let line = line.replace(dir.to_str().expect("utf-8"), "");
    let judged = line.split("（技术细节：").next().unwrap_or_default();
    judged
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() > 1 && !ALLOWED.contains(w))
        .map(str::to_string)
        .collect()
}

/// In Chinese, every refusal the reviewer met is one Chinese line saying what to do, with exit
/// code 3: a damaged zip, damaged XML, a zip without a Word document, and outputs that cannot
/// be written. The zip reader's or the system's English appears only as a technical detail.
#[test]
fn in_chinese_each_refusal_is_chinese_and_says_what_to_do() {
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let sample = sample_bytes();
    let valid = document_xml(&format!("{}{}", paragraph("标题"), one_table()));
    let deflated = docx_with_document(valid.as_bytes());
    let range = data_of(&deflated, "word/document.xml");
    let mut corrupt = deflated.clone();
    for byte in &mut corrupt[range.start + 20..range.start + 60] {
        *byte ^= 0x55;
    }
    let inputs: Vec<(&str, Vec<u8>)> = vec![
        ("截断", sample[..5_000].to_vec()),
        ("少十字节", sample[..sample.len() - 10].to_vec()),
        ("压缩数据损坏", corrupt),
        (
            "没有主文档",
            zip_of(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes())]),
        ),
        (
            "结束标签中截断",
            docx_with_document(&valid.as_bytes()[..valid.len() - 5]),
        ),
        (
            "未定义实体",
            docx_with_document(valid.replace("标题", "&foo;").as_bytes()),
        ),
        ("标签不配对", docx(&format!("{}</w:tc>", one_table()))),
    ];
    let good = common::write(d, "附件.docx", &sample);
    let good = good.to_str().expect("utf-8");
    let mut runs: Vec<Vec<String>> = Vec::new();
    for (name, bytes) in &inputs {
        let path = common::write(d, &format!("{name}.docx"), bytes);
        runs.push(vec![
            "audit".into(),
            path.to_str().expect("utf-8").into(),
            "--no-workbook".into(),
        ]);
    }
    let s = |p: &Path| p.to_str().expect("utf-8").to_string();
    let a_dir = d.join("文件夹");
    std::fs::create_dir(&a_dir).expect("mkdir");
    let a_file = common::write(d, "文件", b"x");
    let not_workbook = common::write(d, "旧工作簿.xlsx", b"not a workbook");
    runs.extend([
        // A directory for the JSON report.
        vec![
            "audit".into(),
            good.into(),
            "--no-workbook".into(),
            "--json".into(),
            s(&a_dir),
        ],
        // A batch's output directory that is a file.
        vec![
            "audit".into(),
            good.into(),
            good.into(),
            "-o".into(),
            s(&a_file),
        ],
        // A workbook under a file, as if it were a directory.
        vec![
            "audit".into(),
            good.into(),
            "-o".into(),
            s(&a_file.join("x.xlsx")),
        ],
        // Something that is not a workbook where the workbook goes.
        vec!["audit".into(), good.into(), "-o".into(), s(&not_workbook)],
    ]);
    let mut problems = Vec::new();
    for args in &runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = run_zh(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr.trim_end();
        let english = english_words(line, d);
        println!("{line}");
        if out.status.code() != Some(3) || line.lines().count() != 1 {
            problems.push(format!("{args:?}: exit {:?}, {line:?}", out.status.code()));
        } else if !english.is_empty() {
            problems.push(format!("{args:?}: English {english:?} in {line:?}"));
        } else if !line.contains('请') {
            problems.push(format!("{args:?}: says nothing to do: {line:?}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
