//! The sample annexes under `samples/` say exactly what the published annex says.
//!
//! The published text is `../shared/seed/000_dcf661efd9754544.txt`, a dump of the real .docx:
//! one line per paragraph, table cells on their own lines after a tab, rows separated by blank
//! lines, hidden bookmarks shown as `[bookmark: NAME]`. The samples are read back with a small
//! scan of `word/document.xml` (independent of the project's reader, which is tested elsewhere).

use crate::{data, writer};

use std::io::Read;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// A paragraph outside tables, or a table, in document order.
#[derive(Debug, Clone, PartialEq)]
enum Block {
    Paragraph {
        text: String,
        bookmarks: Vec<String>,
    },
    Table(Vec<Vec<Cell>>),
}

/// A table cell's accepted text (paragraphs joined with `\n`) and the bookmarks starting in it.
#[derive(Debug, Clone, PartialEq)]
struct Cell {
    text: String,
    bookmarks: Vec<String>,
}

/// What the scan of `word/document.xml` finds.
#[derive(Debug, Default)]
struct Scanned {
    /// Every body paragraph (empty ones included) and table.
    blocks: Vec<Block>,
    /// Per table, per row: whether the row is marked `w:tblHeader`.
    header_rows: Vec<Vec<bool>>,
    /// Per table, per row, per cell: the text before tracked changes (deletions kept,
    /// insertions dropped).
    originals: Vec<Vec<Vec<String>>>,
    /// Per table: the number of `w:gridCol`.
    grid_columns: Vec<usize>,
    /// `w:pgSz` attributes: width, height, orientation.
    page: Option<(String, String, String)>,
}

impl Scanned {
    /// The blocks without empty paragraphs (the seed's dump does not show them reliably).
    fn visible_blocks(&self) -> Vec<Block> {
        self.blocks
            .iter()
            .filter(|b| !matches!(b, Block::Paragraph { text, bookmarks } if text.is_empty() && bookmarks.is_empty()))
            .cloned()
            .collect()
    }

    fn tables(&self) -> Vec<&Vec<Vec<Cell>>> {
        self.blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(rows) => Some(rows),
                Block::Paragraph { .. } => None,
            })
            .collect()
    }

    fn paragraphs(&self) -> Vec<&Block> {
        self.blocks
            .iter()
            .filter(|b| matches!(b, Block::Paragraph { .. }))
            .collect()
    }
}

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sample(name: &str) -> PathBuf {
    manifest_dir().join("samples").join(name)
}

fn seed_path() -> PathBuf {
    manifest_dir().join("../shared/seed/000_dcf661efd9754544.txt")
}

/// Splits `[bookmark: NAME]` prefixes off a line.
fn strip_bookmarks(mut line: &str) -> (Vec<String>, &str) {
    let mut names = Vec::new();
    while let Some(rest) = line.strip_prefix("[bookmark: ") {
        let end = rest
            .find(']')
            .expect("unterminated bookmark marker in the seed");
        names.push(rest[..end].to_owned());
        line = &rest[end + 1..];
    }
    (names, line)
}

/// Parses the seed dump into blocks (empty paragraphs left out: the dump's blank lines also
/// separate rows and end tables).
fn seed_blocks() -> Vec<Block> {
    let text = std::fs::read_to_string(seed_path()).expect("read the seed dump");
    let mut blocks = Vec::new();
    let mut table: Option<Vec<Vec<Cell>>> = None;
    let mut row_open = false;
    let mut previous_was_cell = false;
    for line in text.lines() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if let Some(cell) = line.strip_prefix('\t') {
            let (bookmarks, cell) = strip_bookmarks(cell);
            let rows = table.get_or_insert_with(Vec::new);
            if !row_open {
                rows.push(Vec::new());
                row_open = true;
            }
            let row = rows.last_mut().expect("a row was just opened");
            row.push(Cell {
                text: cell.to_owned(),
                bookmarks,
            });
            previous_was_cell = true;
        } else if line.is_empty() {
            row_open = false;
            previous_was_cell = false;
        } else if previous_was_cell {
            // A second paragraph in the same cell (总分 / （110分）).
            let rows = table.as_mut().expect("a cell came before");
            let cell = rows.last_mut().and_then(|r| r.last_mut()).expect("a cell");
            cell.text.push('\n');
            cell.text.push_str(line);
        } else {
            if let Some(rows) = table.take() {
                blocks.push(Block::Table(rows));
            }
            row_open = false;
            let (bookmarks, line) = strip_bookmarks(line);
            blocks.push(Block::Paragraph {
                text: line.to_owned(),
                bookmarks,
            });
        }
    }
    if let Some(rows) = table.take() {
        blocks.push(Block::Table(rows));
    }
    blocks
}

/// The seed's three tables as plain text grids.
fn seed_tables() -> Vec<Vec<Vec<String>>> {
    seed_blocks()
        .into_iter()
        .filter_map(|b| match b {
            Block::Table(rows) => Some(
                rows.into_iter()
                    .map(|r| r.into_iter().map(|c| c.text).collect())
                    .collect(),
            ),
            Block::Paragraph { .. } => None,
        })
        .collect()
}

fn read_part(path: &Path, part: &str) -> String {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
    let mut entry = zip.by_name(part).unwrap_or_else(|e| panic!("{part}: {e}"));
    let mut xml = String::new();
    entry.read_to_string(&mut xml).expect("UTF-8 XML");
    xml
}

/// Every part of a package, by name, uncompressed.
fn read_parts(path: &Path) -> Vec<(String, Vec<u8>)> {
    let file = std::fs::File::open(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut zip = zip::ZipArchive::new(file).expect("a zip archive");
    (0..zip.len())
        .map(|i| {
            let mut entry = zip.by_index(i).expect("an entry");
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).expect("an entry's bytes");
            let name = entry.name().expect("a UTF-8 entry name").into_owned();
            (name, bytes)
        })
        .collect()
}

fn attribute(element: &BytesStart, name: &str) -> Option<String> {
    element.try_get_attribute(name).ok().flatten().map(|a| {
        a.normalized_value(XmlVersion::Implicit1_0)
            .expect("an attribute value")
            .into_owned()
    })
}

/// A cell being scanned.
#[derive(Default)]
struct CellScan {
    paragraphs: Vec<String>,
    originals: Vec<String>,
    bookmarks: Vec<String>,
}

/// A table being scanned.
#[derive(Default)]
struct TableScan {
    rows: Vec<Vec<Cell>>,
    header_rows: Vec<bool>,
    originals: Vec<Vec<String>>,
    grid_columns: usize,
}

/// Which text element the scan is in.
#[derive(PartialEq)]
enum InText {
    No,
    Accepted,
    Deleted,
}

/// Appends text from a `w:t` or `w:delText` to the cell or paragraph being scanned.
fn push_text(
    text: &str,
    in_text: &InText,
    in_insertion: bool,
    cell: &mut Option<CellScan>,
    paragraph: &mut Option<(String, Vec<String>)>,
) {
    if let Some(cell) = cell.as_mut() {
        if *in_text == InText::Accepted {
            cell.paragraphs
                .last_mut()
                .expect("text in a paragraph")
                .push_str(text);
        }
        if *in_text == InText::Deleted || (*in_text == InText::Accepted && !in_insertion) {
            cell.originals
                .last_mut()
                .expect("text in a paragraph")
                .push_str(text);
        }
    } else if let Some((accepted, _)) = paragraph.as_mut()
        && *in_text == InText::Accepted
    {
        accepted.push_str(text);
    }
}

/// Reads the body of `word/document.xml`: paragraphs, tables, bookmarks, tracked changes.
fn scan(path: &Path) -> Scanned {
    let xml = read_part(path, "word/document.xml");
    let mut reader = Reader::from_str(&xml);
    let mut out = Scanned::default();
    let mut paragraph: Option<(String, Vec<String>)> = None;
    let mut pending_bookmarks: Vec<String> = Vec::new();
    let mut table: Option<TableScan> = None;
    let mut cell: Option<CellScan> = None;
    let mut in_text = InText::No;
    let mut in_insertion = false;

    loop {
        let event = reader.read_event().expect("well-formed document.xml");
        match event {
            Event::Eof => break,
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(event, Event::Empty(_));
                match e.name().as_ref() {
                    "w:tbl" => table = Some(TableScan::default()),
                    "w:gridCol" => {
                        if let Some(t) = table.as_mut() {
                            t.grid_columns += 1;
                        }
                    }
                    "w:tr" => {
                        let t = table.as_mut().expect("a row in a table");
                        t.rows.push(Vec::new());
                        t.header_rows.push(false);
                        t.originals.push(Vec::new());
                    }
                    "w:tblHeader" => {
                        let on = attribute(e, "w:val")
                            .is_none_or(|v| matches!(v.as_str(), "true" | "1" | "on"));
                        let t = table.as_mut().expect("w:tblHeader in a table");
                        *t.header_rows.last_mut().expect("w:tblHeader in a row") = on;
                    }
                    "w:tc" => cell = Some(CellScan::default()),
                    "w:p" => {
                        if let Some(cell) = cell.as_mut() {
                            cell.paragraphs.push(String::new());
                            cell.originals.push(String::new());
                        } else {
                            paragraph =
                                Some((String::new(), std::mem::take(&mut pending_bookmarks)));
                            if empty {
                                let (text, bookmarks) = paragraph.take().expect("just set");
                                out.blocks.push(Block::Paragraph { text, bookmarks });
                            }
                        }
                    }
                    "w:bookmarkStart" => {
                        let name = attribute(e, "w:name").expect("a bookmark name");
                        if let Some(cell) = cell.as_mut() {
                            cell.bookmarks.push(name);
                        } else if let Some((_, bookmarks)) = paragraph.as_mut() {
                            bookmarks.push(name);
                        } else {
                            pending_bookmarks.push(name);
                        }
                    }
                    "w:t" if !empty => in_text = InText::Accepted,
                    "w:delText" if !empty => in_text = InText::Deleted,
                    "w:ins" if !empty => in_insertion = true,
                    "w:pgSz" => {
                        let get = |name| attribute(e, name).unwrap_or_default();
                        out.page = Some((get("w:w"), get("w:h"), get("w:orient")));
                    }
                    _ => {}
                }
            }
            Event::Text(ref t) => {
                let text = t.xml10_content();
                push_text(&text, &in_text, in_insertion, &mut cell, &mut paragraph);
            }
            Event::GeneralRef(ref r) => {
                let resolved = match r.resolve_char_ref().expect("a valid character reference") {
                    Some(c) => c.to_string(),
                    None => match r.xml10_content().as_ref() {
                        "lt" => "<".to_owned(),
                        "gt" => ">".to_owned(),
                        "amp" => "&".to_owned(),
                        "quot" => "\"".to_owned(),
                        "apos" => "'".to_owned(),
                        other => panic!("unknown entity &{other};"),
                    },
                };
                push_text(&resolved, &in_text, in_insertion, &mut cell, &mut paragraph);
            }
            Event::End(ref e) => match e.name().as_ref() {
                "w:t" | "w:delText" => in_text = InText::No,
                "w:ins" => in_insertion = false,
                "w:p" => {
                    if cell.is_none()
                        && let Some((text, bookmarks)) = paragraph.take()
                    {
                        out.blocks.push(Block::Paragraph { text, bookmarks });
                    }
                }
                "w:tc" => {
                    let done = cell.take().expect("a cell ends");
                    let t = table.as_mut().expect("a cell in a table");
                    t.rows.last_mut().expect("a row").push(Cell {
                        text: done.paragraphs.join("\n"),
                        bookmarks: done.bookmarks,
                    });
                    t.originals
                        .last_mut()
                        .expect("a row")
                        .push(done.originals.join("\n"));
                }
                "w:tbl" => {
                    let done = table.take().expect("a table ends");
                    out.blocks.push(Block::Table(done.rows));
                    out.header_rows.push(done.header_rows);
                    out.originals.push(done.originals);
                    out.grid_columns.push(done.grid_columns);
                }
                _ => {}
            },
            _ => {}
        }
    }
    out
}

/// The seed's content rebuilt from the generator's constants, in the seed's block form.
fn embedded_blocks() -> Vec<Block> {
    let paragraph = |text: &str, bookmark: Option<&str>| Block::Paragraph {
        text: text.to_owned(),
        bookmarks: bookmark.map(str::to_owned).into_iter().collect(),
    };
    let mut blocks = vec![
        paragraph(data::ATTACHMENT, Some(data::BOOKMARK_ATTACHMENT)),
        paragraph(&data::title(), Some(data::BOOKMARK_TITLE)),
    ];
    for (index, section) in data::SECTIONS.iter().enumerate() {
        let heading_bookmark = (index == 0).then_some(data::BOOKMARK_FIRST_HEADING);
        blocks.push(paragraph(section.heading, heading_bookmark));
        let mut rows = vec![
            section
                .header
                .iter()
                .enumerate()
                .map(|(column, text)| Cell {
                    text: (*text).to_owned(),
                    bookmarks: (index == 1 && column == 0)
                        .then(|| data::BOOKMARK_SECOND_TABLE.to_owned())
                        .into_iter()
                        .collect(),
                })
                .collect::<Vec<_>>(),
        ];
        rows.extend(section.rows.iter().map(|row| {
            row.iter()
                .map(|text| Cell {
                    text: (*text).to_owned(),
                    bookmarks: Vec::new(),
                })
                .collect()
        }));
        blocks.push(Block::Table(rows));
        if let Some(note) = section.note {
            blocks.push(paragraph(note, None));
        }
    }
    blocks.push(paragraph(data::LAST_PARAGRAPH, None));
    blocks
}

/// The seed parses into what the issue describes: 附件, a title, three headings with tables of
/// 9, 33 and 3 data rows, notes after tables 2 and 3, and the four bookmarks.
#[test]
fn seed_dump_has_the_expected_shape() {
    let blocks = seed_blocks();
    let rows: Vec<usize> = seed_tables().iter().map(|t| t.len() - 1).collect();
    assert_eq!(rows, [9, 33, 3]);
    assert!(
        seed_tables()
            .iter()
            .flatten()
            .all(|row| row.len() == data::COLUMNS)
    );
    assert_eq!(blocks.len(), 11, "{blocks:#?}");
    let Block::Paragraph { text: title, .. } = &blocks[1] else {
        panic!("title expected")
    };
    assert_eq!(title.matches(' ').count(), data::TITLE_PADDING);
}

#[test]
fn embedded_constants_equal_the_seed() {
    assert_eq!(embedded_blocks(), seed_blocks());
}

#[test]
fn clean_sample_matches_the_seed_cell_for_cell() {
    let scanned = scan(&sample(writer::CLEAN_FILE));
    let seed = seed_blocks();
    let visible = scanned.visible_blocks();
    assert_eq!(visible.len(), seed.len());
    for (index, (got, want)) in visible.iter().zip(&seed).enumerate() {
        assert_eq!(got, want, "block {index}");
    }
    // No tracked changes in the clean sample.
    for (table, originals) in scanned.tables().iter().zip(&scanned.originals) {
        let texts: Vec<Vec<&str>> = table
            .iter()
            .map(|r| r.iter().map(|c| c.text.as_str()).collect())
            .collect();
        let originals: Vec<Vec<&str>> = originals
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        assert_eq!(texts, originals);
    }
}

#[test]
fn bookmarks_are_where_the_seed_has_them() {
    let scanned = scan(&sample(writer::CLEAN_FILE));
    let bookmarked: Vec<(String, String)> = scanned
        .paragraphs()
        .into_iter()
        .filter_map(|b| match b {
            Block::Paragraph { text, bookmarks } if !bookmarks.is_empty() => {
                Some((bookmarks.join(","), text.clone()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        bookmarked,
        [
            ("_GoBack".to_owned(), "附件".to_owned()),
            ("_Hlk36751979".to_owned(), data::title()),
            ("_Hlk36751722".to_owned(), "一、各旗区人民政府".to_owned()),
        ]
    );
    let tables = scanned.tables();
    let cell_bookmarks: Vec<(usize, usize, usize, &str)> = tables
        .iter()
        .enumerate()
        .flat_map(|(t, rows)| {
            rows.iter().enumerate().flat_map(move |(r, row)| {
                row.iter().enumerate().flat_map(move |(c, cell)| {
                    cell.bookmarks
                        .iter()
                        .map(move |name| (t + 1, r, c, name.as_str()))
                })
            })
        })
        .collect();
    assert_eq!(cell_bookmarks, [(2, 0, 0, "_Hlk36751843")]);
    assert_eq!(tables[1][0][0].text, "排名");
}

#[test]
fn samples_are_a4_landscape_with_repeating_header_rows() {
    for name in [writer::CLEAN_FILE, writer::ERRORS_FILE] {
        let scanned = scan(&sample(name));
        let page = scanned.page.clone().expect("w:pgSz");
        assert_eq!(
            page,
            ("16838".into(), "11906".into(), "landscape".into()),
            "{name}"
        );
        assert_eq!(scanned.grid_columns, [data::COLUMNS; 3], "{name}");
        let rows: Vec<usize> = scanned.header_rows.iter().map(Vec::len).collect();
        assert_eq!(rows, [10, 34, 4], "{name}");
        for (table, headers) in scanned.header_rows.iter().enumerate() {
            assert!(
                headers[0],
                "{name}: table {} header row lacks w:tblHeader",
                table + 1
            );
            assert!(
                headers[1..].iter().all(|h| !h),
                "{name}: table {} has w:tblHeader on a data row",
                table + 1
            );
        }
    }
}

#[test]
fn samples_look_like_word_wrote_them() {
    let path = sample(writer::CLEAN_FILE);
    let app = read_part(&path, "docProps/app.xml");
    assert!(
        app.contains("<Application>Microsoft Office Word</Application>"),
        "{app}"
    );
    let core = read_part(&path, "docProps/core.xml");
    assert!(core.contains("<dcterms:created"), "{core}");
    let document = read_part(&path, "word/document.xml");
    for font in ["仿宋_GB2312", "黑体", "方正小标宋简体"] {
        let marker = format!("w:ascii=\"{font}\" w:eastAsia=\"{font}\" w:hAnsi=\"{font}\"");
        assert!(document.contains(&marker), "no run in {font}");
    }
    assert!(document.contains("<w:vAlign w:val=\"center\"/>"));
    assert!(document.contains("<w:insideV w:val=\"single\""));
}

/// The cells changed by the planted errors, as `samples/README.md` lists them: id, table,
/// data row (1-based), column (0-based), published text, planted text, and the text before
/// tracked changes when it differs from the planted (accepted) text.
type Expected = (
    &'static str,
    usize,
    usize,
    usize,
    &'static str,
    &'static str,
    Option<&'static str>,
);

const EXPECTED: &[Expected] = &[
    ("E1", 2, 13, 9, "91.70", "91.71", None),
    ("E2", 1, 2, 2, "38.30", "33.80", None),
    ("E3", 3, 3, 9, "75.14", "63.70", None),
    ("E4", 2, 2, 3, "15.00", "15.50", None),
    ("E4", 2, 2, 9, "97.00", "97.50", None),
    ("E5", 2, 20, 0, "20", "21", None),
    ("E5", 2, 21, 0, "21", "20", None),
    ("E6", 2, 16, 9, "91.40", "91.04", None),
    ("E7", 2, 9, 9, "92.99", "92.98", None),
    ("E8", 2, 33, 5, "9.00", "9.O0", None),
    ("E9", 2, 10, 9, "92.90", "92.90", Some("92.80")),
    ("E10", 1, 1, 4, "9.50", "9.5", None),
];

#[test]
fn errors_sample_differs_only_in_the_planted_cells() {
    let clean = scan(&sample(writer::CLEAN_FILE));
    let errors = scan(&sample(writer::ERRORS_FILE));

    assert_eq!(clean.paragraphs(), errors.paragraphs());
    assert_eq!(clean.header_rows, errors.header_rows);

    // (table, data row, column, published, planted text, original before tracked changes).
    let mut differences = Vec::new();
    let (clean_tables, error_tables) = (clean.tables(), errors.tables());
    assert_eq!(clean_tables.len(), error_tables.len());
    for (t, (clean_rows, error_rows)) in clean_tables.iter().zip(&error_tables).enumerate() {
        assert_eq!(clean_rows.len(), error_rows.len());
        for (r, (clean_row, error_row)) in clean_rows.iter().zip(error_rows.iter()).enumerate() {
            assert_eq!(clean_row.len(), error_row.len());
            for (c, (clean_cell, error_cell)) in clean_row.iter().zip(error_row).enumerate() {
                assert_eq!(clean_cell.bookmarks, error_cell.bookmarks);
                let original = &errors.originals[t][r][c];
                if clean_cell.text != error_cell.text || *original != error_cell.text {
                    differences.push((
                        t + 1,
                        r,
                        c,
                        clean_cell.text.clone(),
                        error_cell.text.clone(),
                        (*original != error_cell.text).then(|| original.clone()),
                    ));
                }
            }
        }
    }
    let mut expected: Vec<_> = EXPECTED
        .iter()
        .map(|&(_, table, row, column, published, planted, original)| {
            let original = original.map(str::to_owned);
            (
                table,
                row,
                column,
                published.to_owned(),
                planted.to_owned(),
                original,
            )
        })
        .collect();
    expected.sort();
    assert_eq!(differences, expected);

    // The generator plants the same errors under the same ids; the published values listed
    // are the seed's.
    let planted: Vec<(&str, usize, usize, usize)> = writer::PLANTED
        .iter()
        .map(|p| (p.id, p.table, p.row, p.column))
        .collect();
    let listed: Vec<(&str, usize, usize, usize)> =
        EXPECTED.iter().map(|e| (e.0, e.1, e.2, e.3)).collect();
    assert_eq!(planted, listed);
    let seed = seed_tables();
    for &(id, table, row, column, published, ..) in EXPECTED {
        assert_eq!(seed[table - 1][row][column], published, "{id}");
    }

    // Nothing else differs in the package: every other part is byte-identical.
    let clean_parts = read_parts(&sample(writer::CLEAN_FILE));
    let error_parts = read_parts(&sample(writer::ERRORS_FILE));
    let names = |parts: &[(String, Vec<u8>)]| parts.iter().map(|p| p.0.clone()).collect::<Vec<_>>();
    assert_eq!(names(&clean_parts), names(&error_parts));
    for ((name, clean_bytes), (_, error_bytes)) in clean_parts.iter().zip(&error_parts) {
        if name != "word/document.xml" {
            assert!(
                clean_bytes == error_bytes,
                "{name} differs between the samples"
            );
        }
    }
}

/// The tracked change of E9 is a real `w:del`/`w:ins` pair with author and date.
#[test]
fn errors_sample_tracked_change_is_word_markup() {
    let document = read_part(&sample(writer::ERRORS_FILE), "word/document.xml");
    let del = document.find("<w:del ").expect("a w:del");
    let ins = document.find("<w:ins ").expect("a w:ins");
    assert!(del < ins);
    for markup in [&document[del..], &document[ins..]] {
        let tag = &markup[..markup.find('>').expect("a tag end")];
        assert!(
            tag.contains("w:author=\"") && tag.contains("w:date=\""),
            "{tag}"
        );
    }
    assert!(document.contains("<w:delText>92.80</w:delText>"));
    assert_eq!(document.matches("<w:del ").count(), 1);
    assert_eq!(document.matches("<w:ins ").count(), 1);
}

#[test]
fn regenerating_gives_the_committed_bytes() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    writer::write_samples(dir.path()).expect("write the samples");
    for name in [writer::CLEAN_FILE, writer::ERRORS_FILE] {
        let fresh = std::fs::read(dir.path().join(name)).expect("the fresh sample");
        let committed = std::fs::read(sample(name)).expect("the committed sample");
        assert!(
            fresh == committed,
            "samples/{name} is stale: run `cargo run --example make_samples` and commit"
        );
    }
}

/// The LibreOffice round trip of the clean sample (a fixture for the reader's tests) still
/// holds the seed's paragraphs, tables and bookmarks, and its page is still A4 landscape.
#[test]
fn libreoffice_fixture_keeps_the_content() {
    let path = manifest_dir().join("tests/fixtures/ordos-2020-annex.libreoffice.docx");
    let scanned = scan(&path);
    assert_eq!(scanned.visible_blocks(), seed_blocks());
    assert_eq!(
        scanned.header_rows.iter().map(|h| h[0]).collect::<Vec<_>>(),
        [true; 3]
    );
    let page = scanned.page.expect("w:pgSz");
    assert_eq!(page, ("16838".into(), "11906".into(), "landscape".into()));
    let app = read_part(&path, "docProps/app.xml");
    assert!(app.contains("<Application>LibreOffice"), "{app}");
}
