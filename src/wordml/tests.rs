//! Unit tests over small packages built in memory from raw XML, one structure per test.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;

use super::*;
use crate::package::{Limits, Package};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const NAMESPACES: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math""#;

/// A zip holding `parts` (name, content), stored uncompressed.
pub(crate) fn zip_parts(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in parts {
        zip.start_file(*name, options).expect("start");
        zip.write_all(content.as_bytes()).expect("write");
    }
    zip.finish().expect("finish").into_inner()
}

/// A minimal package: `document` is the whole main part; `extra` are more parts under `word/`
/// (styles.xml, numbering.xml, header1.xml …), related from the main part by their name.
pub(crate) fn package_with(document: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let mut rels = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (i, (name, _)) in extra.iter().enumerate() {
        let kind = name
            .trim_end_matches(".xml")
            .trim_end_matches(char::is_numeric);
        rels.push_str(&format!(
            r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{name}"/>"#
        ));
    }
    rels.push_str(r#"<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="NULL"/>"#);
    rels.push_str("</Relationships>");
    let mut parts: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
        ),
        ("word/document.xml".into(), document.into()),
        ("word/_rels/document.xml.rels".into(), rels),
    ];
    for (name, content) in extra {
        parts.push((format!("word/{name}"), (*content).into()));
    }
    let borrowed: Vec<(&str, &str)> = parts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_str()))
        .collect();
    zip_parts(&borrowed)
}

/// A main part whose body is `body`.
pub(crate) fn doc(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {NAMESPACES}><w:body>{body}</w:body></w:document>"#
    )
}

/// A paragraph of one run of `text`.
pub(crate) fn p(text: &str) -> String {
    format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

fn tc(text: &str) -> String {
    format!("<w:tc>{}</w:tc>", p(text))
}

/// A row of one-paragraph cells.
pub(crate) fn tr(cells: &[&str]) -> String {
    format!(
        "<w:tr>{}</w:tr>",
        cells.iter().map(|c| tc(c)).collect::<String>()
    )
}

/// A table of `columns` grid columns holding `rows`.
pub(crate) fn tbl(columns: usize, rows: &str) -> String {
    format!(
        "<w:tbl><w:tblPr/><w:tblGrid>{}</w:tblGrid>{rows}</w:tbl>",
        "<w:gridCol w:w=\"100\"/>".repeat(columns)
    )
}

fn read_bytes(bytes: Vec<u8>) -> Result<Document> {
    read_bytes_with(bytes, &Limits::default())
}

fn read_bytes_with(bytes: Vec<u8>, limits: &Limits) -> Result<Document> {
    let mut package = Package::from_bytes(bytes, limits)?;
    read_document(&mut package, &ReadOptions::default())
}

fn read(body: &str) -> Document {
    read_bytes(package_with(&doc(body), &[])).expect("read")
}

fn texts(table: &Table) -> Vec<Vec<String>> {
    table
        .rows
        .iter()
        .map(|r| r.cells.iter().map(|c| c.text.clone()).collect())
        .collect()
}

#[test]
fn two_row_header_with_merged_cells() {
    let header1 = r#"<w:tr>
        <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>排名</w:t></w:r></w:p></w:tc>
        <w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>名称</w:t></w:r></w:p></w:tc>
        <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>得分</w:t></w:r></w:p></w:tc>
    </w:tr>"#;
    let header2 = r#"<w:tr>
        <w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>
        <w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc>
        <w:tc><w:p><w:r><w:t>发布</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>总分</w:t></w:r></w:p></w:tc>
    </w:tr>"#;
    let body = tbl(
        4,
        &format!(
            "{header1}{header2}{}",
            tr(&["1", "达拉特旗", "34.90", "94.20"])
        ),
    );
    let document = read(&body);
    let table = &document.tables[0];
    assert_eq!(table.grid_cols, 4);
    assert!(table.anomalies.is_empty(), "{:?}", table.anomalies);
    let first = &table.rows[0].cells;
    assert_eq!((first[0].row_span, first[0].v_merge), (2, VMerge::Restart));
    assert_eq!((first[1].row_span, first[1].grid_col), (2, 1));
    assert_eq!((first[2].grid_col, first[2].col_span), (2, 2));
    let second = &table.rows[1].cells;
    assert_eq!(second.len(), 4, "one cell per w:tc");
    assert_eq!(second[0].v_merge, VMerge::Continue);
    assert_eq!(second[1].v_merge, VMerge::Continue);
    assert_eq!((second[2].grid_col, second[3].grid_col), (2, 3));
    assert_eq!(
        table.cell_at(1, 0).map(|c| c.v_merge),
        Some(VMerge::Continue)
    );
    assert_eq!(texts(table)[2], ["1", "达拉特旗", "34.90", "94.20"]);
}

#[test]
fn content_control_around_a_cell_and_a_row() {
    let row_with_cell_sdt = format!(
        "<w:tr>{}<w:sdt><w:sdtPr><w:alias w:val=\"x\"/></w:sdtPr><w:sdtContent>{}</w:sdtContent></w:sdt>{}</w:tr>",
        tc("1"),
        tc("达拉特旗"),
        tc("94.20")
    );
    let row_in_sdt = format!(
        "<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt>",
        tr(&["2", "乌审旗", "93.20"])
    );
    let document = read(&tbl(
        3,
        &format!(
            "{}{row_with_cell_sdt}{row_in_sdt}",
            tr(&["排名", "名称", "总分"])
        ),
    ));
    let table = &document.tables[0];
    assert_eq!(
        texts(table),
        [
            vec!["排名", "名称", "总分"],
            vec!["1", "达拉特旗", "94.20"],
            vec!["2", "乌审旗", "93.20"]
        ]
    );
    let row = &table.rows[1].cells;
    assert_eq!(
        row.iter().map(|c| c.content_control).collect::<Vec<_>>(),
        [false, true, false]
    );
    assert_eq!(row[2].grid_col, 2, "no shift after the wrapped cell");
    assert!(table.rows[2].cells.iter().all(|c| c.content_control));
    assert!(table.rows[0].cells.iter().all(|c| !c.content_control));
}

#[test]
fn tracked_change_inside_a_number() {
    let cell = r#"<w:tc><w:p><w:r><w:t>9</w:t></w:r><w:del w:id="1" w:author="a"><w:r><w:delText>1</w:delText></w:r></w:del><w:ins w:id="2" w:author="a"><w:r><w:t>2</w:t></w:r></w:ins><w:r><w:t>.50</w:t></w:r></w:p></w:tc>"#;
    let document = read(&tbl(2, &format!("<w:tr>{}{cell}</w:tr>", tc("总分"))));
    let cell = &document.tables[0].rows[0].cells[1];
    assert_eq!(cell.text, "92.50");
    let revision = cell.revision.as_ref().expect("revision");
    assert_eq!(revision.original, "91.50");
    assert_eq!(revision.kinds, ["del", "ins"]);
    assert_eq!(document.tables[0].rows[0].cells[0].revision, None);
}

#[test]
fn moves_and_deleted_paragraph_marks() {
    let cell = r#"<w:tc>
        <w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>12</w:t></w:r></w:p>
        <w:p><w:r><w:t>.5</w:t></w:r><w:moveFrom w:id="2"><w:r><w:t>old</w:t></w:r></w:moveFrom><w:moveTo w:id="3"><w:r><w:t>0</w:t></w:r></w:moveTo></w:p>
    </w:tc>"#;
    let document = read(&tbl(1, &format!("<w:tr>{cell}</w:tr>")));
    let cell = &document.tables[0].rows[0].cells[0];
    assert_eq!(
        cell.text, "12.50",
        "a deleted paragraph mark joins the paragraphs"
    );
    let revision = cell.revision.as_ref().expect("revision");
    assert_eq!(revision.original, "12\n.5old");
    assert_eq!(revision.kinds, ["del", "moveFrom", "moveTo"]);
}

#[test]
fn a_revision_after_plain_paragraphs_keeps_them_in_the_original() {
    // The original is only built apart from the text once they differ: what came before
    // must be in it all the same, line breaks included.
    let cell = r#"<w:tc>
        <w:p><w:r><w:t>甲</w:t></w:r></w:p>
        <w:p><w:pPr><w:rPr><w:del w:id="1" w:author="a"/></w:rPr></w:pPr><w:r><w:t>乙</w:t></w:r></w:p>
        <w:p><w:r><w:t>丙</w:t></w:r><w:ins w:id="2" w:author="a"><w:r><w:t>丁</w:t></w:r></w:ins><w:r><w:t>戊</w:t></w:r></w:p>
        <w:p><w:r><w:t>己</w:t></w:r></w:p>
    </w:tc>"#;
    let plain = r#"<w:tc><w:p><w:r><w:t>庚</w:t></w:r></w:p><w:p><w:pPr><w:rPr><w:del w:id="3" w:author="a"/></w:rPr></w:pPr><w:r><w:t>辛</w:t></w:r></w:p></w:tc>"#;
    let document = read(&tbl(2, &format!("<w:tr>{cell}{plain}</w:tr>")));
    let cells = &document.tables[0].rows[0].cells;
    assert_eq!(cells[0].text, "甲\n乙丙丁戊\n己");
    let revision = cells[0].revision.as_ref().expect("revision");
    assert_eq!(revision.original, "甲\n乙\n丙戊\n己");
    assert_eq!(revision.kinds, ["del", "ins"]);
    // A deleted mark on the last paragraph joins nothing: the original is the text.
    assert_eq!(cells[1].text, "庚\n辛");
    let revision = cells[1].revision.as_ref().expect("revision");
    assert_eq!(revision.original, "庚\n辛");
}

fn numbering_part(format: &str, text: &str) -> String {
    format!(
        r#"<w:numbering xmlns:w="{W}">
        <w:abstractNum w:abstractNumId="3"><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="{format}"/><w:lvlText w:val="{text}"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%1.%2)"/></w:lvl></w:abstractNum>
        <w:abstractNum w:abstractNumId="4"><w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val=""/></w:lvl></w:abstractNum>
        <w:num w:numId="7"><w:abstractNumId w:val="3"/></w:num>
        <w:num w:numId="8"><w:abstractNumId w:val="3"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>
        <w:num w:numId="9"><w:abstractNumId w:val="4"/></w:num>
        </w:numbering>"#
    )
}

fn numbered_cell(num_id: u32, level: u32, text: &str) -> String {
    format!(
        r#"<w:tc><w:p><w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr></w:pPr>{}</w:p></w:tc>"#,
        if text.is_empty() {
            String::new()
        } else {
            format!("<w:r><w:t>{text}</w:t></w:r>")
        }
    )
}

#[test]
fn rank_column_numbered_by_word() {
    let rows: String = ["达拉特旗", "乌审旗", "杭锦旗"]
        .iter()
        .map(|name| format!("<w:tr>{}{}</w:tr>", numbered_cell(7, 0, ""), tc(name)))
        .collect();
    let body = tbl(2, &format!("{}{rows}", tr(&["排名", "名称"])));
    let bytes = package_with(
        &doc(&body),
        &[("numbering.xml", &numbering_part("decimal", "%1"))],
    );
    let document = read_bytes(bytes).expect("read");
    let table = &document.tables[0];
    let ranks: Vec<&str> = table.rows[1..]
        .iter()
        .map(|r| r.cells[0].text.as_str())
        .collect();
    assert_eq!(ranks, ["1", "2", "3"]);
    assert!(
        table.rows[1..]
            .iter()
            .all(|r| r.cells[0].numbering.is_some())
    );
    assert_eq!(table.rows[3].cells[0].numbering.as_deref(), Some("3"));
    assert_eq!(table.rows[0].cells[0].numbering, None);
}

#[test]
fn numbering_levels_restarts_overrides_and_bullets() {
    let cells = [
        numbered_cell(7, 0, "a"),
        numbered_cell(7, 1, "b"),
        numbered_cell(7, 1, "c"),
        numbered_cell(7, 0, "d"),
        numbered_cell(7, 1, "e"),
        numbered_cell(8, 0, "f"),
        numbered_cell(9, 0, "g"),
    ];
    let rows: String = cells.iter().map(|c| format!("<w:tr>{c}</w:tr>")).collect();
    let bytes = package_with(
        &doc(&tbl(1, &rows)),
        &[("numbering.xml", &numbering_part("chineseCounting", "%1、"))],
    );
    let document = read_bytes(bytes).expect("read");
    let column: Vec<String> = texts(&document.tables[0])
        .into_iter()
        .map(|r| r[0].clone())
        .collect();
    assert_eq!(
        column,
        [
            "一、 a", "一.a) b", "一.b) c", "二、 d", "二.a) e", "一、 f", "g"
        ],
        "levels, lower level reset, startOverride restart, bullets left out"
    );
}

#[test]
fn numbered_heading_from_numbering_and_style() {
    let styles = format!(
        r#"<w:styles xmlns:w="{W}"><w:style w:type="paragraph" w:styleId="H2"><w:name w:val="heading 2"/><w:pPr><w:numPr><w:numId w:val="7"/></w:numPr><w:outlineLvl w:val="1"/></w:pPr></w:style></w:styles>"#
    );
    let heading =
        r#"<w:p><w:pPr><w:pStyle w:val="H2"/></w:pPr><w:r><w:t>各旗区人民政府</w:t></w:r></w:p>"#;
    let body = format!("{heading}{}", tbl(1, &tr(&["x"])));
    let bytes = package_with(
        &doc(&body),
        &[
            ("styles.xml", &styles),
            ("numbering.xml", &numbering_part("chineseCounting", "%1、")),
        ],
    );
    let document = read_bytes(bytes).expect("read");
    assert_eq!(
        document.tables[0].heading.as_deref(),
        Some("一、 各旗区人民政府")
    );
}

#[test]
fn full_width_digits_are_kept_verbatim() {
    let document = read(&tbl(2, &tr(&["９４．２０", " 1 234.50 "])));
    assert_eq!(texts(&document.tables[0])[0], ["９４．２０", " 1 234.50 "]);
}

/// A score table over three pages (the last part without its header), then another table
/// under its own heading.
fn split_over_pages() -> String {
    let page_break = r#"<w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p/>"#;
    let header = tr(&["排名", "名称", "总分"]);
    format!(
        "{}{}{page_break}{}{page_break}{}{}{}",
        p("一、各旗区人民政府"),
        tbl(3, &format!("{header}{}", tr(&["1", "达拉特旗", "94.20"]))),
        tbl(3, &format!("{header}{}", tr(&["2", "乌审旗", "93.20"]))),
        tbl(3, &tr(&["3", "杭锦旗", "92.10"])),
        p("二、市直部门"),
        tbl(3, &format!("{header}{}", tr(&["1", "市政府办", "90.00"]))),
    )
}

#[test]
fn table_continued_across_a_page_break() {
    let document = read(&split_over_pages());
    let tables = &document.tables;
    assert_eq!(tables.len(), 4);
    assert_eq!(
        (tables[0].continues, tables[0].repeats_header),
        (None, false)
    );
    assert_eq!(
        (tables[1].continues, tables[1].repeats_header),
        (Some(1), true)
    );
    assert_eq!(
        (tables[2].continues, tables[2].repeats_header),
        (Some(2), false)
    );
    assert_eq!(tables[2].heading.as_deref(), Some("一、各旗区人民政府"));
    assert_eq!(
        tables[3].continues, None,
        "a heading in between starts a new table"
    );
    assert_eq!(tables[3].heading.as_deref(), Some("二、市直部门"));
}

/// The number of each table as the stream yields it, and whether a later table may still
/// continue it then.
fn streamed_chains(body: &str) -> Vec<(usize, bool)> {
    let mut package =
        Package::from_bytes(package_with(&doc(body), &[]), &Limits::default()).expect("package");
    let mut stream = tables(&mut package, &ReadOptions::default()).expect("stream");
    let mut yielded = Vec::new();
    while let Some(table) = stream.next() {
        let number = table.expect("table").number;
        yielded.push((number, stream.may_be_continued(number)));
    }
    yielded
}

#[test]
fn the_stream_says_which_tables_a_later_one_may_still_continue() {
    // Only empty paragraphs after the first two: the next table may continue them (it does);
    // a heading after the third, and nothing after the last.
    assert_eq!(
        streamed_chains(&split_over_pages()),
        [(1, true), (2, true), (3, false), (4, false)]
    );
    // A note in between ends the chain.
    let body = format!(
        "{}{}{}",
        tbl(2, &tr(&["a", "b"])),
        p("注：得分保留两位小数。"),
        tbl(2, &tr(&["c", "d"]))
    );
    assert_eq!(streamed_chains(&body), [(1, false), (2, false)]);
    // A nested table ends with its cell; its parent, followed at once by a table, may still
    // be continued when it is yielded (the grids, which differ, are not read yet).
    let nested = tbl(2, &tr(&["inner 1", "inner 2"]));
    let outer_cell = format!("<w:tc>{}{nested}</w:tc>", p("before"));
    let body = format!(
        "{}{}",
        tbl(
            2,
            &format!("{}<w:tr>{}{outer_cell}</w:tr>", tr(&["h1", "h2"]), tc("x"))
        ),
        tbl(1, &tr(&["next"]))
    );
    assert_eq!(streamed_chains(&body), [(2, false), (1, true), (3, false)]);
}

#[test]
fn a_note_between_tables_stops_continuation() {
    let body = format!(
        "{}{}{}",
        tbl(2, &tr(&["a", "b"])),
        p("注：得分保留两位小数。"),
        tbl(2, &tr(&["c", "d"]))
    );
    let document = read(&body);
    assert_eq!(document.tables[0].note, ["注：得分保留两位小数。"]);
    assert_eq!(document.tables[1].continues, None);
}

#[test]
fn a_unit_line_under_the_title_leaves_the_title_the_caption() {
    let body = format!(
        "{}{}{}{}{}{}",
        p("附件2"),
        p("2025年部门预算执行情况表"),
        p("单位：万元"),
        tbl(2, &tr(&["项目", "金额"])),
        p("（金额单位：元）"),
        tbl(2, &tr(&["项目", "金额"])),
    );
    let document = read(&body);
    let first = &document.tables[0];
    assert_eq!(first.caption.as_deref(), Some("2025年部门预算执行情况表"));
    assert_eq!(first.unit_line.as_deref(), Some("单位：万元"));
    // Alone above a table, the unit line is its caption as before.
    let second = &document.tables[1];
    assert_eq!(second.caption.as_deref(), Some("（金额单位：元）"));
    assert_eq!(second.unit_line, None);
}

#[test]
fn heading_caption_note_and_title() {
    let title = r#"<w:p><w:r><w:rPr><w:sz w:val="44"/></w:rPr><w:t>2020年度全市政务公开   绩效</w:t></w:r><w:r><w:rPr><w:sz w:val="44"/></w:rPr><w:t>评估结果</w:t></w:r></w:p>"#;
    let attachment = r#"<w:p><w:r><w:rPr><w:sz w:val="64"/></w:rPr><w:t>附件1</w:t></w:r></w:p>"#;
    let body = format!(
        "{attachment}{title}{}{}{}{}{}{}",
        p("一、各旗区人民政府"),
        p("表1 得分情况"),
        tbl(2, &tr(&["a", "b"])),
        p("注：1.得分保留两位小数。"),
        p("2.附加指标另计。"),
        p("（二）市直部门"),
    );
    let document = read(&body);
    assert_eq!(
        document.info.title.as_deref(),
        Some("2020年度全市政务公开绩效评估结果")
    );
    let table = &document.tables[0];
    assert_eq!(table.heading.as_deref(), Some("一、各旗区人民政府"));
    assert_eq!(table.caption.as_deref(), Some("表1 得分情况"));
    assert_eq!(table.note, ["注：1.得分保留两位小数。", "2.附加指标另计。"]);
    assert_eq!(document.info.paragraphs, 7);
}

#[test]
fn core_properties_title_wins() {
    let mut parts: Vec<(String, Vec<u8>)> = Vec::new();
    let bytes = package_with(&doc(&p("Body title")), &[]);
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut content).expect("read");
        let name = file.name().expect("name").to_string();
        if name == "_rels/.rels" {
            content = String::from_utf8(content)
                .expect("utf8")
                .replace("</Relationships>", r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>"#)
                .into_bytes();
        }
        parts.push((name, content));
    }
    parts.push((
        "docProps/core.xml".into(),
        br#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>  Core   title </dc:title></cp:coreProperties>"#.to_vec(),
    ));
    let texts: Vec<(String, String)> = parts
        .into_iter()
        .map(|(n, c)| (n, String::from_utf8(c).expect("utf8")))
        .collect();
    let borrowed: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, c)| (n.as_str(), c.as_str()))
        .collect();
    let document = read_bytes(zip_parts(&borrowed)).expect("read");
    assert_eq!(document.info.title.as_deref(), Some("Core title"));
}

#[test]
fn nested_table_is_its_own_table() {
    let nested = tbl(2, &tr(&["inner 1", "inner 2"]));
    let outer_cell = format!("<w:tc>{}{nested}{}</w:tc>", p("before"), p("after"));
    let body = format!(
        "{}{}",
        tbl(
            2,
            &format!("{}<w:tr>{}{outer_cell}</w:tr>", tr(&["h1", "h2"]), tc("x"))
        ),
        tbl(1, &tr(&["next"]))
    );
    let mut package =
        Package::from_bytes(package_with(&doc(&body), &[]), &Limits::default()).expect("package");
    let streamed: Vec<usize> = tables(&mut package, &ReadOptions::default())
        .expect("stream")
        .map(|t| t.expect("table").number)
        .collect();
    assert_eq!(
        streamed,
        [2, 1, 3],
        "a nested table completes before its parent"
    );
    let document = read(&body);
    let outer = &document.tables[0];
    assert_eq!(outer.rows[1].cells[1].text, "before\nafter");
    assert_eq!(outer.rows[1].cells[1].nested_tables, [2]);
    let inner = &document.tables[1];
    assert_eq!(
        inner.nested_in,
        Some(CellPosition {
            table: 1,
            row: 2,
            cell: 2
        })
    );
    assert_eq!(texts(inner), [["inner 1", "inner 2"]]);
    assert_eq!(inner.note, ["after"]);
    assert_eq!(document.tables[2].nested_in, None);
}

#[test]
fn field_results_not_instructions() {
    let simple = r#"<w:tc><w:p><w:fldSimple w:instr=" =SUM(ABOVE) "><w:r><w:t>188.40</w:t></w:r></w:fldSimple></w:p></w:tc>"#;
    let complex = r#"<w:tc><w:p>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>PAGE</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>7</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:instrText xml:space="preserve"> = 7 "yes" "no"</w:instrText></w:r>
        <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>yes</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
        <w:r><w:t xml:space="preserve"> done</w:t></w:r></w:p></w:tc>"#;
    let document = read(&tbl(2, &format!("<w:tr>{simple}{complex}</w:tr>")));
    let cells = &document.tables[0].rows[0].cells;
    assert_eq!(cells[0].text, "188.40");
    assert_eq!(cells[0].fields, ["=SUM(ABOVE)"]);
    assert_eq!(cells[1].text, "yes done");
    assert_eq!(cells[1].fields, ["PAGE", "IF = 7 \"yes\" \"no\""]);
}

#[test]
fn alternate_content_reads_the_choice_only() {
    let cell = r#"<w:tc><w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>choice</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>fallback</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p></w:tc>"#;
    let document = read(&tbl(1, &format!("<w:tr>{cell}</w:tr>")));
    assert_eq!(document.tables[0].rows[0].cells[0].text, "choice");
}

#[test]
fn hidden_text_is_kept_out_and_flagged() {
    let styles = format!(
        r#"<w:styles xmlns:w="{W}"><w:style w:type="character" w:styleId="Hid"><w:name w:val="hid"/><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#
    );
    let cell = r#"<w:tc><w:p><w:r><w:t>94.20</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>(old)</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Hid"/></w:rPr><w:t>[x]</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>!</w:t></w:r></w:p></w:tc>"#;
    let body = format!(
        "{}{}",
        r#"<w:p><w:r><w:t>shown</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>secret</w:t></w:r></w:p>"#,
        tbl(1, &format!("<w:tr>{cell}</w:tr>"))
    );
    let document = read_bytes(package_with(&doc(&body), &[("styles.xml", &styles)])).expect("read");
    let cell = &document.tables[0].rows[0].cells[0];
    assert_eq!(cell.text, "94.20!");
    assert_eq!(cell.hidden.as_deref(), Some("(old)[x]"));
    assert_eq!(document.info.hidden_paragraphs, 1);
}

#[test]
fn bookmarks_on_body_table_row_cell_and_heading() {
    let body = format!(
        r#"<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>{}<w:p><w:bookmarkStart w:id="1" w:name="_Hlk1"/><w:r><w:t>一、各旗区人民政府</w:t></w:r><w:bookmarkEnd w:id="1"/></w:p><w:bookmarkStart w:id="2" w:name="body_level"/><w:tbl><w:tblGrid><w:gridCol/></w:tblGrid><w:bookmarkStart w:id="3" w:name="in_tbl"/><w:tr><w:bookmarkStart w:id="4" w:name="in_tr"/><w:tc><w:bookmarkStart w:id="5" w:name="in_tc"/><w:p><w:bookmarkStart w:id="6" w:name="in_p"/><w:r><w:t>x</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#,
        p("附件")
    );
    let document = read(&body);
    let table = &document.tables[0];
    assert_eq!(
        table.bookmarks,
        ["_Hlk1", "body_level", "in_tbl", "in_tr", "in_tc", "in_p"]
    );
    assert_eq!(table.rows[0].cells[0].bookmarks, ["in_tc", "in_p"]);
}

#[test]
fn grid_before_after_and_rows_wider_than_the_grid() {
    let shifted = r#"<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr>"#;
    let body = tbl(
        3,
        &format!(
            "{}{shifted}{}",
            tr(&["a", "b", "c"]),
            tr(&["1", "2", "3", "4"])
        ),
    );
    let document = read(&body);
    let table = &document.tables[0];
    assert_eq!(table.rows[1].cells[0].grid_col, 1);
    assert_eq!(
        (table.rows[1].grid_before, table.rows[1].grid_after),
        (1, 1)
    );
    assert_eq!(table.grid_cols, 4, "widened, not shifted");
    assert_eq!(table.anomalies.len(), 1);
    assert_eq!(table.anomalies[0].row, Some(2));
    assert_eq!(table.rows[2].cells[3].grid_col, 3);
}

#[test]
fn legacy_hmerge_is_folded() {
    let row = r#"<w:tr><w:tc><w:tcPr><w:hMerge w:val="restart"/></w:tcPr><w:p><w:r><w:t>wide</w:t></w:r></w:p></w:tc><w:tc><w:tcPr><w:hMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr>"#;
    let document = read(&tbl(3, row));
    let cells = &document.tables[0].rows[0].cells;
    assert_eq!(cells.len(), 2);
    assert_eq!((cells[0].text.as_str(), cells[0].col_span), ("wide", 2));
    assert_eq!(cells[1].grid_col, 2);
}

#[test]
fn strict_namespace() {
    let strict = r#"<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>b</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#;
    let document = read_bytes(package_with(strict, &[])).expect("read");
    assert!(document.info.strict);
    assert_eq!(texts(&document.tables[0]), [["a", "b"]]);
}

#[test]
fn entity_and_character_references() {
    let document = read(&tbl(
        1,
        &tr(&["R&amp;D &lt;5&gt; &#x4E00;&#49; &quot;q&apos;"]),
    ));
    assert_eq!(document.tables[0].rows[0].cells[0].text, "R&D <5> 一1 \"q'");
}

#[test]
fn run_level_characters() {
    let cell = r#"<w:tc><w:p><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t><w:br/><w:t>c</w:t><w:noBreakHyphen/><w:t>d</w:t><w:softHyphen/><w:t>e</w:t><w:sym w:font="Wingdings" w:char="F0FC"/><w:sym w:font="Wingdings 3" w:char="F07D"/></w:r></w:p><w:p><w:r><w:t>second</w:t></w:r></w:p></w:tc>"#;
    let document = read(&tbl(1, &format!("<w:tr>{cell}</w:tr>")));
    assert_eq!(
        document.tables[0].rows[0].cells[0].text,
        "a\tb\nc-de✓\nsecond"
    );
}

/// Bullets, check marks and arrows typed in a Symbol or Wingdings run are stored as private-use
/// characters (U+F020–U+F0FF): they come out as the character Word shows, as `w:sym` does.
#[test]
fn private_use_characters_in_a_symbol_font_run_are_mapped() {
    let wingdings = r#"<w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr>"#;
    let symbol = r#"<w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr>"#;
    let plain = r#"<w:rPr><w:rFonts w:ascii="宋体" w:hAnsi="宋体"/></w:rPr>"#;
    let cell = format!(
        r#"<w:tc><w:p><w:r>{wingdings}<w:t>&#xF0FC;</w:t></w:r><w:r><w:t>达标</w:t></w:r><w:r>{wingdings}<w:t>&#xF0E0;</w:t></w:r><w:r>{symbol}<w:t>&#xF0B7;</w:t></w:r><w:r>{plain}<w:t>&#xF0FC;x</w:t></w:r><w:r><w:sym w:font="Wingdings" w:char="F0E0"/></w:r></w:p></w:tc>"#
    );
    let document = read(&tbl(1, &format!("<w:tr>{cell}</w:tr>")));
    // In a font that is not a symbol font the code point is kept as written.
    assert_eq!(
        document.tables[0].rows[0].cells[0].text,
        "✓达标→•\u{F0FC}x→"
    );
}

#[test]
fn text_boxes_and_headers_are_listed_after_the_body() {
    let textbox = format!(
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        tbl(1, &tr(&["in a text box"])),
        tbl(1, &tr(&["in a text box"]))
    );
    let header = format!(
        r#"<w:hdr xmlns:w="{W}">{}</w:hdr>"#,
        tbl(1, &tr(&["in the header"]))
    );
    let body = format!("{textbox}{}", tbl(1, &tr(&["body"])));
    let document =
        read_bytes(package_with(&doc(&body), &[("header1.xml", &header)])).expect("read");
    let summary: Vec<(usize, Container, &str, &str)> = document
        .tables
        .iter()
        .map(|t| {
            (
                t.number,
                t.container,
                t.part.as_str(),
                t.rows[0].cells[0].text.as_str(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (1, Container::TextBox, "word/document.xml", "in a text box"),
            (2, Container::Body, "word/document.xml", "body"),
            (3, Container::Header, "word/header1.xml", "in the header"),
        ]
    );
}

#[test]
fn main_part_found_through_relationships() {
    let parts = [
        ("[Content_Types].xml", "<Types/>"),
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument" Target="/content/main.xml"/></Relationships>"#,
        ),
        ("content/main.xml", &doc(&tbl(1, &tr(&["moved"])))),
    ];
    let mut package = Package::from_bytes(zip_parts(&parts), &Limits::default()).expect("package");
    assert_eq!(package.main_part(), "content/main.xml");
    let document = read_document(&mut package, &ReadOptions::default()).expect("read");
    assert_eq!(document.tables[0].rows[0].cells[0].text, "moved");
    assert_eq!(document.info.main_part, "content/main.xml");
}

#[test]
fn not_a_word_document() {
    let parts = [
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        ("xl/workbook.xml", "<workbook/>"),
    ];
    let err = read_bytes(zip_parts(&parts)).expect_err("refused");
    assert!(matches!(err, Error::NoMainPart(_)), "{err}");
    let err = read_bytes(zip_parts(&[("a.txt", "x")])).expect_err("refused");
    assert!(matches!(err, Error::NoMainPart(_)), "{err}");
}

#[test]
fn truncated_xml_is_an_error() {
    let full = doc(&tbl(1, &tr(&["x"])));
    let truncated = &full[..full.len() - 30];
    let err = read_bytes(package_with(truncated, &[])).expect_err("truncated");
    assert!(matches!(err, Error::Xml { .. }), "{err}");
    assert!(err.to_string().contains("word/document.xml"), "{err}");
}

#[test]
fn malformed_xml_and_bad_utf8_are_errors() {
    let err = read_bytes(package_with(&doc("<w:p></w:r>"), &[])).expect_err("mismatch");
    assert!(matches!(err, Error::Xml { .. }), "{err}");
    let err = read_bytes(package_with(&doc("<w:p>&bogus;</w:p>"), &[])).expect_err("entity");
    assert!(matches!(err, Error::Xml { .. }), "{err}");
    // Patching a stored entry's bytes breaks its CRC: the damage is named, not the text.
    let mut bytes = package_with(&doc(&p("AAAA")), &[]);
    let at = bytes.windows(4).position(|w| w == b"AAAA").expect("marker");
    bytes[at] = 0xFF;
    let err = read_bytes(bytes.clone()).expect_err("damaged");
    assert!(matches!(err, Error::CorruptZip(_)), "{err}");
    // The same byte in an intact entry: not UTF-8.
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut entry = archive.by_index_raw(i).expect("entry");
        let name = entry.name().expect("name").to_string();
        let mut content = Vec::new();
        std::io::Read::read_to_end(&mut entry, &mut content).expect("read");
        zip.start_file(name, SimpleFileOptions::default())
            .expect("start");
        zip.write_all(&content).expect("write");
    }
    let err = read_bytes(zip.finish().expect("finish").into_inner()).expect_err("utf8");
    assert!(matches!(err, Error::NotUtf8 { .. }), "{err}");
}

#[test]
fn doctype_is_refused() {
    let bomb = format!(
        r#"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>{}"#,
        doc(&p("&lol2;"))
    );
    let err = read_bytes(package_with(&bomb, &[])).expect_err("doctype");
    assert!(matches!(err, Error::Doctype { .. }), "{err}");
}

#[test]
fn limits_are_enforced() {
    let deep = format!(
        "{}{}",
        "<w:tbl><w:tr><w:tc>".repeat(300),
        "</w:tc></w:tr></w:tbl>".repeat(300)
    );
    let err = read_bytes(package_with(&doc(&deep), &[])).expect_err("depth");
    assert!(matches!(err, Error::Limit { .. }), "{err}");

    let three_tables = format!("{}{}{}", tbl(1, &tr(&["a"])), p(""), tbl(1, &tr(&["b"])));
    let bytes = package_with(&doc(&format!("{three_tables}{}", tbl(1, &tr(&["c"])))), &[]);
    let err = read_bytes_with(bytes, &Limits::default().with_max_tables(2)).expect_err("tables");
    assert!(matches!(err, Error::Limit { .. }), "{err}");
    let err = read_bytes_with(
        package_with(&doc(&tbl(1, &format!("{}{}", tr(&["a"]), tr(&["b"])))), &[]),
        &Limits::default().with_max_rows_per_table(1),
    )
    .expect_err("rows");
    assert!(err.to_string().contains("rows"), "{err}");
    let err = read_bytes_with(
        package_with(&doc(&tbl(1, &tr(&["a", "b", "c"]))), &[]),
        &Limits::default().with_max_cells_per_row(2),
    )
    .expect_err("cells");
    assert!(err.to_string().contains("cells"), "{err}");
    let big = package_with(&doc(&p(&"x".repeat(5000))), &[]);
    let err = read_bytes_with(big, &Limits::default().with_max_part_size(2000)).expect_err("size");
    assert!(err.to_string().contains("word/document.xml"), "{err}");
    // Cells are counted across all the document's tables: 3 tables of 2 cells.
    let six = format!(
        "{}{}{}",
        tbl(2, &tr(&["a", "b"])),
        p(""),
        tbl(2, &format!("{}{}", tr(&["c", "d"]), tr(&["e", "f"])))
    );
    let limits = Limits::default().with_max_cells(5);
    let err = read_bytes_with(package_with(&doc(&six), &[]), &limits).expect_err("cells");
    assert!(
        err.to_string()
            .contains("number of table cells in the document exceeds the limit of 5"),
        "{err}"
    );
    let limits = Limits::default().with_max_cells(6);
    assert_eq!(
        read_bytes_with(package_with(&doc(&six), &[]), &limits)
            .expect("six cells")
            .tables
            .len(),
        2
    );
}

#[test]
fn document_without_tables() {
    let document = read(&p("just text"));
    assert!(document.tables.is_empty());
    assert_eq!(document.info.title.as_deref(), Some("just text"));
}

#[test]
fn any_prefix_or_default_namespace_works() {
    let prefixed = format!(
        r#"<ns0:document xmlns:ns0="{W}"><ns0:body><ns0:tbl><ns0:tr><ns0:tc><ns0:p><ns0:r><ns0:t>a</ns0:t></ns0:r></ns0:p></ns0:tc></ns0:tr></ns0:tbl></ns0:body></ns0:document>"#
    );
    let document = read_bytes(package_with(&prefixed, &[])).expect("prefixed");
    assert_eq!(texts(&document.tables[0]), [["a"]]);
    let default = format!(
        r#"<document xmlns="{W}"><body><tbl><tr><tc xmlns:x="urn:other"><p><r><t>b</t></r><x:t>not text</x:t></p></tc></tr></tbl></body></document>"#
    );
    let document = read_bytes(package_with(&default, &[])).expect("default");
    assert_eq!(texts(&document.tables[0]), [["b"]]);
    // A prefix rebound on an inner element, and unbound again after it.
    let rebound = format!(
        r#"<w:document xmlns:w="{W}"><w:body><w:tbl><w:tr><w:tc><w:p xmlns:w="urn:not-word"><w:r><w:t>hidden from us</w:t></w:r></w:p><w:p><w:r><w:t>c</w:t></w:r></w:p></w:tc></w:tr></w:tbl></w:body></w:document>"#
    );
    let document = read_bytes(package_with(&rebound, &[])).expect("rebound");
    assert_eq!(texts(&document.tables[0]), [["c"]]);
}

#[test]
fn wrappers_around_runs_are_transparent() {
    let cell = r#"<w:tc><w:p><w:customXml w:element="score"><w:smartTag w:element="num"><w:hyperlink r:id="rId9"><w:sdt><w:sdtPr><w:text/></w:sdtPr><w:sdtContent><w:r><w:t>94</w:t></w:r></w:sdtContent></w:sdt></w:hyperlink></w:smartTag></w:customXml><w:dir w:val="ltr"><w:r><w:t>.20</w:t></w:r></w:dir></w:p></w:tc>"#;
    let wrapped_table = format!(
        "<w:sdt><w:sdtPr/><w:sdtContent>{}</w:sdtContent></w:sdt>",
        tbl(2, &format!("<w:tr>{cell}{}</w:tr>", tc("plain")))
    );
    let document = read(&wrapped_table);
    let cell = &document.tables[0].rows[0].cells[0];
    assert_eq!(cell.text, "94.20");
    assert!(cell.content_control, "a content control inside the cell");
    let plain = &document.tables[0].rows[0].cells[1];
    assert!(
        !plain.content_control,
        "the control around the table does not count"
    );
}

#[test]
fn absurd_spans_are_clamped_not_trusted() {
    let row = r#"<w:tr><w:trPr><w:gridBefore w:val="18446744073709551615"/></w:trPr><w:tc><w:tcPr><w:gridSpan w:val="99999999999"/><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:tcPr><w:gridSpan w:val="-3"/></w:tcPr><w:p/></w:tc></w:tr>"#;
    let document = read(&tbl(2, row));
    let table = &document.tables[0];
    let max = Limits::default().max_cells_per_row();
    assert_eq!(table.rows[0].cells[0].grid_col, max);
    assert_eq!(table.rows[0].cells[0].col_span, max);
    assert_eq!(table.rows[0].cells[1].col_span, 1);
    assert!(!table.anomalies.is_empty());
    assert!(table.cell_at(0, usize::MAX - 1).is_none());
    let too_wide = format!(
        "<w:tbl><w:tblGrid>{}</w:tblGrid></w:tbl>",
        "<w:gridCol/>".repeat(5)
    );
    let err = read_bytes_with(
        package_with(&doc(&too_wide), &[]),
        &Limits::default().with_max_cells_per_row(4),
    )
    .expect_err("grid");
    assert!(err.to_string().contains("grid columns"), "{err}");
}

/// A table's note ends where the next annex begins (`附件2`): the application form and its
/// instructions that follow are that annex's text, not the table's note.
#[test]
fn a_note_stops_at_the_next_annex_label() {
    let body = format!(
        "{}{}{}{}{}",
        tbl(1, &format!("{}{}", tr(&["序号"]), tr(&["1"]))),
        p("注：本表数据截至2020年底。"),
        p("附件2"),
        p("申请表"),
        p("填写说明：请如实填写。"),
    );
    let document = read(&body);
    assert_eq!(document.tables[0].note, ["注：本表数据截至2020年底。"]);
}

/// A section heading above several tables names none of them when each has its own caption:
/// the caption is the title; a caption that names no table (a unit, a remark) leaves it to
/// the heading, and so does a heading that names a group rather than tables.
#[test]
fn a_caption_naming_a_table_is_its_title_under_a_section_heading() {
    let titles = |heading: &str, caption: &str| {
        let body = format!(
            "{}{}{}",
            p(heading),
            p(caption),
            tbl(2, &tr(&["项目", "金额"]))
        );
        read(&body).tables[0].title().map(str::to_string)
    };
    let section = "三、部门预算公开表";
    assert_eq!(
        titles(section, "表1 部门收支总表").as_deref(),
        Some("表1 部门收支总表")
    );
    assert_eq!(
        titles(section, "一般公共预算支出表（按功能分类）").as_deref(),
        Some("一般公共预算支出表（按功能分类）")
    );
    assert_eq!(
        titles(section, "（按功能分类科目）").as_deref(),
        Some(section)
    );
    assert_eq!(titles(section, "填表日期：").as_deref(), Some(section));
    assert_eq!(
        titles(section, "部门收支总体情况见下表").as_deref(),
        Some(section)
    );
    assert_eq!(
        titles("一、各旗区人民政府", "表1 得分情况").as_deref(),
        Some("一、各旗区人民政府")
    );
    assert_eq!(
        titles("一、人大代表建议承办单位", "表1 得分情况").as_deref(),
        Some("一、人大代表建议承办单位")
    );
}
