//! Workbook tests: render into memory, read back with calamine (values, cached formula results,
//! formulas, merges, links) and, for what calamine does not read (formats, notes, charts, print
//! setup, properties), look at the package's XML parts.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx as Calamine, open_workbook_from_rs};
use rust_decimal::Decimal;

use super::*;
use crate::annex::tests::simple_table;
use crate::annex::{Role, Template, Value};
use crate::audit::{Lang, Location, RowStatus, Selection, audit_tables};
use crate::report::tests::{audited_clean, audited_with_errors};
use crate::report::{column_letters, coverage_line};
use crate::wordml::{Table, VMerge};

type Book = Calamine<Cursor<Vec<u8>>>;

fn render(file: &AuditedFile) -> (Vec<u8>, Layout) {
    render_with(file, Xlsx::default())
}

fn render_with(file: &AuditedFile, xlsx: Xlsx) -> (Vec<u8>, Layout) {
    let layout = Layout::new(&file.report);
    let mut bytes = Vec::new();
    xlsx.render(file, &layout, &mut bytes)
        .expect("the workbook renders");
    (bytes, layout)
}

/// The workbook report with every table sheet streamed (a constant-memory worksheet).
fn streamed() -> Xlsx {
    Xlsx {
        in_memory: Some(InMemory::NOTHING),
        ..Xlsx::default()
    }
}

fn open(bytes: &[u8]) -> Book {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

/// One part of the package as text.
fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

fn audited(tables: Vec<Table>, lang: Option<Lang>) -> AuditedFile {
    AuditedFile {
        report: audit_tables(
            tables,
            &Template::default_template(),
            lang,
            &Selection::default(),
        ),
        ..audited_with_errors(lang)
    }
}

/// A sheet's merged ranges, (first row, first column) to (last row, last column), in order.
fn sorted_merges(book: &mut Book, sheet: &str) -> Vec<((u32, u32), (u32, u32))> {
    let mut merges: Vec<_> = book
        .merge_cells_by_sheet_name(sheet)
        .expect("merges")
        .iter()
        .map(|d| (d.start, d.end))
        .collect();
    merges.sort_unstable();
    merges
}

fn float(data: Option<&Data>) -> f64 {
    match data {
        Some(Data::Float(f)) => *f,
        Some(Data::Int(i)) => *i as f64,
        other => panic!("expected a number, found {other:?}"),
    }
}

fn string(data: Option<&Data>) -> String {
    match data {
        Some(Data::String(s)) => s.clone(),
        other => panic!("expected text, found {other:?}"),
    }
}

fn as_f64(d: Decimal) -> f64 {
    d.to_string().parse().expect("a decimal")
}

const TABLE_SHEETS: [&str; 3] = ["各旗区人民政府", "市人民政府组成部门", "市级园区"];

#[test]
fn sheets_come_in_order_summary_tables_discrepancies_with_valid_unique_names() {
    for (lang, first, last) in [
        (None, "概览", "差异"),
        (Some(Lang::En), "Summary", "Discrepancies"),
    ] {
        let (bytes, _) = render(&audited_with_errors(lang));
        let names = open(&bytes).sheet_names();
        let mut expected = vec![first];
        expected.extend(TABLE_SHEETS);
        expected.push(last);
        assert_eq!(names, expected);
    }
}

#[test]
fn every_published_cell_is_where_the_layout_says_as_a_number_or_as_text() {
    let file = audited_with_errors(None);
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let mut numbers = 0;
    for t in &file.report.tables {
        let sheet = t.sheet().expect("a score table");
        let name = layout.sheet(t.table).expect("a sheet");
        let range = book.worksheet_range(name).expect("the sheet");
        assert_eq!(
            string(range.get_value((0, 0))),
            t.title.clone().unwrap_or_default()
        );
        for (r, row) in sheet.table.rows.iter().enumerate().take(sheet.header_rows) {
            for cell in &row.cells {
                let (c0, _) = table::covered_columns(&sheet.columns, cell);
                let (wr, wc) = Layout::position(Location {
                    table_row: r,
                    column: c0,
                });
                assert_eq!(
                    string(range.get_value((wr, u32::from(wc)))),
                    table::header_text(&cell.text)
                );
            }
        }
        for d in &sheet.rows {
            for (c, v) in d.values.iter().enumerate() {
                let (wr, wc) = Layout::position(Location {
                    table_row: d.table_row,
                    column: c,
                });
                let got = range.get_value((wr, u32::from(wc)));
                match v {
                    Value::Number(n) => {
                        let f = float(got);
                        assert!(
                            (f - as_f64(n.value)).abs() < 1e-9,
                            "{name} {wr},{wc}: {f} vs {}",
                            n.text
                        );
                        numbers += 1;
                    }
                    Value::NotApplicable(t) | Value::Unparsed(t) => assert_eq!(&string(got), t),
                    Value::Empty => assert!(matches!(got, None | Some(Data::Empty)), "{got:?}"),
                }
            }
        }
    }
    // 45 rows × (rank + 8 scores) minus the unparsed 9.O0 and the ten "——".
    assert_eq!(numbers, 45 * 9 - 1 - 10);
    // The planted errors are as published: 9.O0 as text, 9.5 as a number.
    let range = book.worksheet_range("市人民政府组成部门").expect("sheet");
    assert_eq!(string(range.get_value((34, 5))), "9.O0");
    let range = book.worksheet_range("各旗区人民政府").expect("sheet");
    assert_eq!(float(range.get_value((2, 4))), 9.5);
}

#[test]
fn cached_results_are_the_audits_recomputation_and_formulas_mirror_the_rule() {
    let file = audited_with_errors(Some(Lang::En));
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let mut scaled = 0;
    let mut checked = 0;
    for t in &file.report.tables {
        let TableOutcome::Score { sheet, rows, .. } = &t.outcome else {
            continue;
        };
        let name = layout.sheet(t.table).expect("a sheet");
        let values = book.worksheet_range(name).expect("values");
        let formulas = book.worksheet_formula(name).expect("formulas");
        let recomputed = u32::try_from(sheet.columns.len()).expect("columns");
        let total = u32::try_from(sheet.column(Role::Total).expect("total")).expect("col");
        for audit in rows {
            let (wr, _) = Layout::position(Location {
                table_row: audit.table_row,
                column: 0,
            });
            let status = string(values.get_value((wr, recomputed + 2)));
            let Some(rc) = &audit.recomputation else {
                assert!(status.contains("not checked"), "{status}");
                assert_eq!(
                    formulas
                        .get_value((wr, recomputed))
                        .map(String::as_str)
                        .unwrap_or(""),
                    ""
                );
                continue;
            };
            checked += 1;
            let cached = float(values.get_value((wr, recomputed)));
            assert_eq!(cached, as_f64(rc.expected), "{name} row {}", audit.number);
            let formula = formulas
                .get_value((wr, recomputed))
                .cloned()
                .unwrap_or_default();
            assert_eq!(formula, table::recomputed_formula(rc, wr));
            assert!(formula.starts_with("ROUND("), "{formula}");
            if rc.factor.is_some() {
                scaled += 1;
                assert!(formula.contains(")*20/17+"), "{formula}");
            } else {
                assert!(formula.starts_with("ROUND(SUM("), "{formula}");
            }
            let published = float(values.get_value((wr, total)));
            let difference = float(values.get_value((wr, recomputed + 1)));
            assert!(
                (difference - (published - cached)).abs() < 1e-9,
                "{published} − {cached} ≠ {difference}"
            );
            let letters = |c: u32| column_letters(u16::try_from(c).expect("col"));
            assert_eq!(
                formulas
                    .get_value((wr, recomputed + 1))
                    .cloned()
                    .unwrap_or_default(),
                format!(
                    "ROUND({}{n}-{}{n},{})",
                    letters(total),
                    letters(recomputed),
                    rc.decimals,
                    n = wr + 1
                )
            );
            match audit.status {
                RowStatus::Consistent => {
                    assert_eq!(difference, 0.0);
                    assert!(status == "✓" || !status.contains("total"), "{status}");
                }
                _ => assert!(status.contains("total"), "{status}"),
            }
        }
    }
    assert_eq!((checked, scaled), (44, 10));
    // The examples of the issue, on the rows they describe.
    let formulas = book.worksheet_formula("市级园区").expect("formulas");
    assert_eq!(
        formulas.get_value((4, 10)).map(String::as_str),
        Some("ROUND((C5+E5+F5+G5+H5)*20/17+I5,2)")
    );
    let formulas = book.worksheet_formula("各旗区人民政府").expect("formulas");
    assert_eq!(
        formulas.get_value((2, 10)).map(String::as_str),
        Some("ROUND(SUM(C3:I3),2)")
    );
    // E8: 商务局's row is not checked, and says why.
    let values = book.worksheet_range("市人民政府组成部门").expect("values");
    let status = string(values.get_value((34, 12)));
    assert!(status.starts_with("cell · not checked"), "{status}");
}

#[test]
fn discrepancy_rows_are_the_findings_in_order_with_links_to_their_cells() {
    for lang in [None, Some(Lang::En)] {
        let file = audited_with_errors(lang);
        let (bytes, layout) = render(&file);
        let mut book = open(&bytes);
        let name = layout.discrepancy_sheet();
        let range = book.worksheet_range(name).expect("discrepancies");
        let lang = file.report.lang;
        let headings = words::discrepancy_columns(lang);
        for (c, h) in (0u32..).zip(headings) {
            assert_eq!(string(range.get_value((0, c))), h);
        }
        let figure = |data: Option<&Data>, expected: &Option<String>| match expected {
            None => assert!(matches!(data, None | Some(Data::Empty)), "{data:?}"),
            Some(text) => match crate::annex::parse_value(text, &[]) {
                Value::Number(n) => assert_eq!(float(data), as_f64(n.value), "{text}"),
                _ => assert_eq!(&string(data), text),
            },
        };
        let optional = |data: Option<&Data>, expected: &Option<String>| match expected {
            None => assert!(matches!(data, None | Some(Data::Empty)), "{data:?}"),
            Some(text) => assert_eq!(&string(data), text),
        };
        // The rows are the JSON report's findings, in its order.
        let json = crate::report::json_value(&file, &layout);
        let json_findings = json["findings"].as_array().expect("findings");
        assert_eq!(json_findings.len(), file.report.findings.len());
        for (row, j) in (1u32..).zip(json_findings) {
            let at = |c: u16| range.get_value((row, u32::from(c)));
            use discrepancies::col;
            // The JSON keeps the stable id; the workbook shows the check's name.
            let id = j["check"].as_str().unwrap_or_default();
            let name = crate::messages::check_name(id).map_or(id, |m| m.get(lang));
            assert_eq!(string(at(col::CHECK)), name);
            assert_eq!(
                Some(string(at(col::MESSAGE)).as_str()),
                j["message"].as_str()
            );
            // The cell column shows the cell alone; its link goes to the sheet's cell.
            match j["cell"].as_str() {
                Some(cell) => assert_eq!(
                    string(at(col::CELL)),
                    cell.rsplit_once('!').expect("sheet!cell").1
                ),
                None => assert!(at(col::CELL).is_none_or(|d| *d == Data::Empty)),
            }
        }
        for (row, f) in (1u32..).zip(&file.report.findings) {
            let at = |c: u16| range.get_value((row, u32::from(c)));
            use discrepancies::col;
            assert_eq!(string(at(col::SEVERITY)), words::severity(f.severity, lang));
            assert_eq!(string(at(col::CHECK)), words::check(f.check, lang));
            assert_eq!(
                string(at(col::TABLE)),
                layout.sheet(f.table).expect("sheet")
            );
            match f.row {
                Some(r) => assert_eq!(float(at(col::ROW)), r as f64),
                None => assert!(at(col::ROW).is_none_or(|d| *d == Data::Empty)),
            }
            optional(at(col::NAME), &f.name);
            optional(
                at(col::COLUMN),
                &f.column
                    .as_deref()
                    .map(|c| table::header_text(c).into_owned()),
            );
            optional(
                at(col::CELL),
                &layout
                    .finding_cell(f)
                    .and_then(|c| c.rsplit_once('!').map(|(_, at)| at.to_string())),
            );
            figure(at(col::PUBLISHED), &f.published);
            figure(at(col::EXPECTED), &f.expected);
            figure(at(col::DIFFERENCE), &f.delta);
            optional(at(col::RULE), &f.rule);
            optional(at(col::EXPLANATION), &f.explanation);
            assert_eq!(string(at(col::MESSAGE)), f.message);
            assert!(at(col::DISPOSITION).is_none_or(|d| *d == Data::Empty));
        }
        let last = u32::try_from(file.report.findings.len()).expect("rows");
        assert!(
            range
                .get_value((last + 1, 0))
                .is_none_or(|d| *d == Data::Empty)
        );
        // Each cell reference is a link to that very cell; each table a link to its sheet.
        let links = book.hyperlinks_by_sheet_name(name).expect("links");
        let e1 = file
            .report
            .findings
            .iter()
            .position(|f| f.table == 2 && f.row == Some(13))
            .expect("E1");
        let e1_row = u32::try_from(e1 + 1).expect("row");
        let cell_link = links
            .iter()
            .find(|l| l.range.start == (e1_row, u32::from(discrepancies::col::CELL)))
            .expect("a link on E1's cell");
        assert_eq!(
            cell_link.location.as_deref(),
            Some("'市人民政府组成部门'!J15")
        );
        let table_link = links
            .iter()
            .find(|l| l.range.start == (e1_row, u32::from(discrepancies::col::TABLE)))
            .expect("a link on E1's table");
        assert_eq!(
            table_link.location.as_deref(),
            Some("'市人民政府组成部门'!A1")
        );
        // The disposition is a list.
        let xml = part(&bytes, "xl/worksheets/sheet5.xml");
        let choices = words::dispositions(lang).join(",");
        assert!(
            xml.contains(&format!("<formula1>\"{choices}\"</formula1>")),
            "{choices}"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:Q13\"/>"), "{xml}");
    }
}

#[test]
fn without_findings_one_row_says_so() {
    let table = simple_table(
        1,
        &[
            vec!["名称", "得分A（50分）", "得分B（50分）", "总分（100分）"],
            vec!["甲", "40", "45", "85"],
            vec!["乙", "30", "45", "75"],
        ],
    );
    let file = audited(vec![table], None);
    assert!(
        file.report.findings.is_empty(),
        "{:#?}",
        file.report.findings
    );
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let range = book
        .worksheet_range(layout.discrepancy_sheet())
        .expect("discrepancies");
    assert_eq!(
        string(range.get_value((1, 0))),
        words::no_findings(Lang::Zh)
    );
    assert_eq!(range.end().map(|(r, _)| r), Some(1));
    let range = book.worksheet_range("表1").expect("the table's sheet");
    assert_eq!(string(range.get_value((2, 6))), "✓");
}

#[test]
fn the_summary_names_the_document_the_tool_the_coverage_and_every_table() {
    let file = audited_with_errors(None);
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let range = book
        .worksheet_range(layout.summary_sheet())
        .expect("summary");
    let texts: Vec<String> = range
        .used_cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let has = |needle: &str| texts.iter().any(|t| t.contains(needle));
    assert!(has("2020年度全市政务公开"));
    assert!(has("ordos-2020-annex-with-errors.docx"));
    assert!(has(&"0".repeat(64)));
    assert!(has(&format!("annex-audit {}", env!("CARGO_PKG_VERSION"))));
    assert!(has(&coverage_line(1, &file.report.summary, Lang::Zh)));
    assert!(has("对附加指标外指标评分时以85分为满分"), "{texts:#?}");
    for sheet in TABLE_SHEETS {
        assert!(texts.iter().any(|t| t == sheet), "{sheet}");
    }
    let links = book
        .hyperlinks_by_sheet_name(layout.summary_sheet())
        .expect("links");
    let targets: Vec<&str> = links.iter().filter_map(|l| l.location.as_deref()).collect();
    assert_eq!(
        targets,
        [
            "'各旗区人民政府'!A1",
            "'市人民政府组成部门'!A1",
            "'市级园区'!A1"
        ]
    );
}

/// The overview of a document of budget tables counts them as audited, with their rows of
/// figures, and each table's consistent, inconsistent and unchecked totals add up to the
/// coverage line's. (It used to show 0 audited, 3 skipped and 0 rows beside a coverage line of
/// 3 audited, and the relations' count as each table's rows.)
#[test]
fn the_summary_counts_budget_tables_as_the_coverage_line_does() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/budget-2025-final-accounts-with-errors.docx");
    let doc = crate::wordml::read_path(&path, &crate::package::Limits::default())
        .expect("the budget sample reads");
    let template = Template::built_in("budget").expect("the budget template");
    let file = AuditedFile {
        path: path.clone(),
        report: audit_tables(doc.tables, &template, None, &Selection::default()),
        ..audited_with_errors(None)
    };
    let s = &file.report.summary;
    assert_eq!((s.tables, s.structured_tables, s.score_tables), (3, 3, 0));
    let (bytes, layout) = render(&file);
    let range = open(&bytes)
        .worksheet_range(layout.summary_sheet())
        .expect("summary");
    let number = |row: u32, col: u32| match range.get_value((row, col)) {
        Some(Data::Float(f)) => *f as usize,
        Some(Data::Int(i)) => usize::try_from(*i).expect("a count"),
        other => panic!("({row}, {col}): {other:?}"),
    };
    let row_of = |label: &str| {
        range
            .rows()
            .position(|r| matches!(r.first(), Some(Data::String(t)) if t == label))
            .map(|r| u32::try_from(r).expect("row"))
            .unwrap_or_else(|| panic!("no row starts with {label}"))
    };
    // The coverage figures: tables, audited, skipped, rows, totals checked, consistent,
    // inconsistent, not checked.
    let figures = row_of("表格") + 1;
    // A document of budget tables has no scores: its totals are 合计, in the grid and the line.
    assert!(
        matches!(range.get_value((figures - 1, 4)), Some(Data::String(t)) if t == "已核对合计"),
        "{:?}",
        range.get_value((figures - 1, 4))
    );
    assert!(coverage_line(1, s, Lang::Zh).contains("核对合计 "));
    let coverage: Vec<usize> = (0..8).map(|c| number(figures, c)).collect();
    // Each table: rows, consistent, inconsistent, not checked, findings (columns D to H).
    let heading = row_of("表");
    let tables: Vec<Vec<usize>> = (1..=3)
        .map(|t| (3..8).map(|c| number(heading + t, c)).collect())
        .collect();
    let column = |c: usize| tables.iter().map(|t| t[c]).sum::<usize>();
    let rows = column(0);
    assert_eq!(
        coverage,
        [
            3,
            3,
            0,
            rows,
            s.totals_checked,
            s.consistent,
            s.inconsistent,
            s.skipped
        ]
    );
    assert_eq!(
        (column(1), column(2), column(3)),
        (s.consistent, s.inconsistent, s.skipped)
    );
    // Each table's rule says which relations were checked, in words, not the template's id.
    for t in 1..=3 {
        match range.get_value((heading + t, 8)) {
            Some(Data::String(rule)) => {
                assert!(rule.starts_with("核对关系："), "{rule}");
                assert!(!rule.chars().any(|c| c.is_ascii_alphabetic()), "{rule}");
            }
            other => panic!("table {t}'s rule: {other:?}"),
        }
    }
    // A table's rows are its rows of figures, not its relations (153 in the first).
    let TableOutcome::Structured { structure, .. } = &file.report.tables[0].outcome else {
        panic!("the first table is structured");
    };
    assert!(tables[0][0] > 20 && tables[0][0] < structure.rows.len());
    assert!(tables[0][0] < structure.relations.len());
}

#[test]
fn skipped_tables_and_rows_are_listed_with_their_reasons() {
    let mut tables = vec![simple_table(
        1,
        &[
            vec!["名称", "得分A（50分）", "得分B（50分）", "合计"],
            vec!["甲", "40", "45", "85"],
            vec!["", "", "", ""],
            vec!["名称", "得分A（50分）", "得分B（50分）", "合计"],
            vec!["乙", "30", "45", "75"],
            vec!["以下为园区"],
            vec!["丙", "20", "45", "65"],
        ],
    )];
    tables[0].rows[5].cells[0].col_span = 4;
    tables.push(simple_table(
        2,
        // No figure at all: a table with one would be read by the structure engine.
        &[vec!["姓名", "电话"], vec!["张三", "未公开"]],
    ));
    let file = audited(tables, Some(Lang::En));
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let name = layout.sheet(1).expect("sheet");
    let range = book.worksheet_range(name).expect("values");
    // Rows that are not data rows are written as published, where Layout puts them.
    assert_eq!(string(range.get_value((4, 0))), "名称");
    assert_eq!(string(range.get_value((4, 3))), "合计");
    assert_eq!(string(range.get_value((6, 0))), "以下为园区");
    assert_eq!(float(range.get_value((7, 1))), 20.0);
    for (row, why) in [(3, "empty row"), (4, "repeated header"), (6, "text row")] {
        let status = string(range.get_value((row, 6)));
        assert!(status.contains(why), "{status}");
    }
    assert_eq!(string(range.get_value((7, 6))), "✓");
    let merges = book.merge_cells_by_sheet_name(name).expect("merges");
    assert!(merges.iter().any(|d| d.start == (6, 0) && d.end == (6, 3)));
    // The summary lists the table that is not a score table, with the reason.
    let summary = book
        .worksheet_range(layout.summary_sheet())
        .expect("summary");
    let skipped = summary
        .used_cells()
        .find_map(|(_, _, d)| match d {
            Data::String(s) if s.starts_with("skipped: ") => Some(s.clone()),
            _ => None,
        })
        .expect("a skipped table");
    assert!(skipped.contains("no row of numbers"), "{skipped}");
    assert_eq!(
        book.sheet_names().len(),
        3,
        "no sheet for the skipped table"
    );
}

/// The two-row header table of `annex::tests`, with a heading and a note under it.
fn two_row_header_table() -> Table {
    let mut t = crate::annex::tests::two_row_header_table();
    t.heading = Some("一、两行表头".into());
    t.note = vec![
        "注：对于没有对外服务职能的部门，以40分为满分，结果乘以55/40与附加指标得分之和为最终得分。"
            .into(),
    ];
    t
}

#[test]
fn a_two_row_merged_header_keeps_its_merges_and_every_cell_its_place() {
    let file = audited(vec![two_row_header_table()], None);
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let name = layout.sheet(1).expect("sheet");
    assert_eq!(name, "两行表头");
    let merges = sorted_merges(&mut book, name);
    assert_eq!(
        merges,
        [
            ((0, 0), (0, 5)), // title
            ((1, 0), (2, 0)), // 排名
            ((1, 1), (2, 1)), // 名称
            ((1, 2), (1, 4)), // 评估指标
            ((1, 5), (2, 5)), // 总分
            ((1, 6), (2, 6)), // 复核总分
            ((1, 7), (2, 7)), // 差额
            ((1, 8), (2, 8)), // 状态
            ((5, 0), (5, 5)), // the note
        ]
    );
    let range = book.worksheet_range(name).expect("values");
    assert_eq!(string(range.get_value((1, 2))), "评估指标");
    // Each maximum on a line of its own, never split from its label by wrapping.
    assert_eq!(string(range.get_value((2, 2))), "发布解读\n（40分）");
    assert_eq!(string(range.get_value((2, 4))), "附加指标\n（5分）");
    assert_eq!(string(range.get_value((1, 5))), "总分\n（60分）");
    assert_eq!(float(range.get_value((3, 2))), 38.0);
    assert_eq!(string(range.get_value((3, 3))), "——");
    assert_eq!(float(range.get_value((4, 5))), 41.0);
    assert!(string(range.get_value((5, 0))).starts_with("注："));
    // 38 × 55/40 + 2 = 54.25, not 46.71: the published total is flagged where Layout says.
    assert_eq!(float(range.get_value((3, 6))), 54.25);
    let finding = file
        .report
        .findings
        .iter()
        .find(|f| f.check == crate::audit::Check::Total)
        .expect("a total finding");
    assert_eq!(
        layout.finding_cell(finding).as_deref(),
        Some("'两行表头'!F4")
    );
    let xml = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        xml.contains("xSplit=\"2\" ySplit=\"3\""),
        "frozen below both header rows"
    );
    assert!(xml.contains("<autoFilter ref=\"A3:I5\"/>"), "{xml}");
    let workbook = part(&bytes, "xl/workbook.xml");
    assert!(workbook.contains(">两行表头!$2:$3<"), "{workbook}");
}

#[test]
fn sheet_names_stay_unique_and_within_31_characters_and_long_text_is_cut() {
    let long_heading = format!("一、{}", "很长的标题".repeat(10));
    let long_name = "名".repeat(40_000);
    let mut tables = Vec::new();
    for number in 1..=3 {
        let mut t = simple_table(
            number,
            &[
                vec!["名称", "得分A（50分）", "得分B（50分）", "总分（100分）"],
                vec![long_name.as_str(), "40", "45", "85"],
                vec!["乙", "30", "45", "76"],
            ],
        );
        t.heading = Some(long_heading.clone());
        t.note = vec![format!("注：{}", "说明".repeat(20_000))];
        tables.push(t);
    }
    let file = audited(tables, None);
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let names = book.sheet_names();
    assert_eq!(names.len(), 5);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "{names:?}");
    assert!(names.iter().all(|n| n.chars().count() <= 31), "{names:?}");
    let sheet = layout.sheet(2).expect("sheet");
    let range = book.worksheet_range(sheet).expect("values");
    let name = string(range.get_value((2, 0)));
    assert_eq!(name.encode_utf16().count(), text::MAX_CELL_TEXT);
    assert!(name.ends_with('…'));
    let note = string(range.get_value((4, 0)));
    assert!(note.encode_utf16().count() <= text::MAX_CELL_TEXT && note.ends_with('…'));
}

#[test]
fn numbers_show_their_own_published_decimals() {
    let (bytes, _) = render(&audited_with_errors(None));
    let styles = part(&bytes, "xl/styles.xml");
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    // The style index of a cell, then its number format code.
    let style_of = |cell: &str| -> String {
        let at = sheet
            .find(&format!("<c r=\"{cell}\""))
            .unwrap_or_else(|| panic!("{cell}"));
        let rest = &sheet[at..];
        let s = rest
            .split("s=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("a style");
        let index: usize = s.parse().expect("a number");
        let xfs = styles.split("<cellXfs").nth(1).expect("cellXfs");
        let xf = xfs.split("<xf ").nth(index + 1).expect("the xf");
        let id = xf
            .split("numFmtId=\"")
            .nth(1)
            .and_then(|r| r.split('"').next())
            .expect("numFmtId");
        match id {
            "0" => "General".into(),
            "1" => "0".into(),
            "2" => "0.00".into(),
            _ => styles
                .split(&format!("<numFmt numFmtId=\"{id}\" formatCode=\""))
                .nth(1)
                .and_then(|r| r.split('"').next())
                .expect("the format")
                .to_string(),
        }
    };
    assert_eq!(style_of("E3"), "0.0", "9.5 is published with one decimal");
    assert_eq!(style_of("E4"), "0.00");
    assert_eq!(style_of("J3"), "0.00");
    assert_eq!(style_of("A3"), "0");
    assert_eq!(style_of("K3"), "0.00", "the recomputed total");
}

#[test]
fn finding_cells_have_notes_rows_turn_red_and_the_sheet_prints_as_the_annex() {
    let file = audited_with_errors(None);
    let (bytes, _) = render(&file);
    // Table 2 is the third sheet; its notes are in the comments part of its drawing.
    let sheet = part(&bytes, "xl/worksheets/sheet3.xml");
    assert!(sheet.contains("xSplit=\"2\" ySplit=\"2\""), "frozen");
    assert!(sheet.contains("<autoFilter ref=\"A2:M35\"/>"));
    assert!(
        sheet.contains("<formula>AND(ISNUMBER($L3),$L3&lt;&gt;0)</formula>"),
        "the red-row rule"
    );
    assert!(sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains("paperSize=\"9\""));
    assert!(sheet.contains("fitToHeight=\"0\""));
    assert!(sheet.contains("outlineLevel=\"1\""), "grouped columns");
    // Fit to pages, one wide (fitToWidth's default) and as many down as needed.
    assert!(
        sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"),
        "fit to pages"
    );
    assert!(!sheet.contains("fitToWidth="), "one page wide");
    assert!(sheet.contains("<pageMargins left=\"0.4\" right=\"0.4\""));
    let workbook = part(&bytes, "xl/workbook.xml");
    // The published table and the recomputed total, difference and status (A to M), then
    // the chart below on a page of its own: a page break just before it.
    let area = ">市人民政府组成部门!$A$1:$M$";
    assert!(workbook.contains(area), "print area: {workbook}");
    let breaks = sheet
        .split("<rowBreaks")
        .nth(1)
        .expect("a page break before the chart");
    let anchor = part(&bytes, "xl/drawings/drawing2.xml");
    let from_row = anchor
        .split("<xdr:from>")
        .nth(1)
        .and_then(|f| f.split("<xdr:row>").nth(1))
        .and_then(|r| r.split('<').next())
        .expect("the chart's first row");
    assert!(
        breaks.contains(&format!("<brk id=\"{from_row}\"")),
        "the break is just before the chart (row {from_row}): {breaks}"
    );
    let printed_to: u32 = workbook
        .split(area)
        .nth(1)
        .and_then(|r| r.split('<').next())
        .and_then(|r| r.parse().ok())
        .expect("the print area's last row");
    let chart_to: u32 = anchor
        .split("<xdr:to>")
        .nth(1)
        .and_then(|f| f.split("<xdr:row>").nth(1))
        .and_then(|r| r.split('<').next())
        .and_then(|r| r.parse().ok())
        .expect("the chart's last row");
    assert!(printed_to > chart_to, "the chart is printed whole");
    assert!(
        workbook.contains(">市人民政府组成部门!$2:$2<"),
        "repeated header"
    );
    let comments: Vec<String> = (1..=3)
        .map(|n| part(&bytes, &format!("xl/comments{n}.xml")))
        .collect();
    let all = comments.join("");
    for f in &file.report.findings {
        let first_line = f
            .message
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(all.contains(&first_line), "{}", f.message);
    }
    assert!(comments[1].contains("<comment ref=\"J15\""), "E1's note");
    // One horizontal bar chart per table sheet, first row on top: what was compared, the
    // published total (J) beside the recomputed one (K), so that a row scaled by 20/17 is
    // drawn at the total it is ranked by.
    for (n, sheet) in (1..=3).zip(TABLE_SHEETS) {
        let chart = part(&bytes, &format!("xl/charts/chart{n}.xml"));
        assert!(chart.contains("<c:barDir val=\"bar\"/>"));
        assert!(chart.contains("<c:grouping val=\"clustered\"/>"));
        assert!(chart.contains("<c:orientation val=\"maxMin\"/>"));
        assert_eq!(chart.matches("<c:ser>").count(), 2, "{chart}");
        let last = match sheet {
            "各旗区人民政府" => 11,
            "市人民政府组成部门" => 35,
            _ => 5,
        };
        for column in ["J", "K"] {
            let values = format!("<c:f>{sheet}!${column}$3:${column}${last}</c:f>");
            assert!(chart.contains(&values), "{values} in {chart}");
        }
        assert!(chart.contains("<c:v>发布总分</c:v>") && chart.contains("<c:v>复核总分</c:v>"));
    }
}

#[test]
fn fonts_properties_and_widths_suit_a_chinese_document() {
    let file = audited_with_errors(None);
    let (bytes, _) = render(&file);
    let styles = part(&bytes, "xl/styles.xml");
    assert!(!styles.contains("Calibri"), "every font is 宋体");
    assert!(styles.contains("<name val=\"宋体\"/>"));
    let core = part(&bytes, "docProps/core.xml");
    assert!(core.contains("<dc:title>2020年度全市政务公开"));
    assert!(
        core.contains("<dc:creator></dc:creator>"),
        "no author unless given"
    );
    assert!(
        core.contains("2026-11-26T00:00:00Z"),
        "created when audited"
    );
    let custom = part(&bytes, "docProps/custom.xml");
    for needle in [
        "name=\"source_sha256\"",
        &"0".repeat(64),
        "name=\"generator\"",
        &format!("annex-audit {}", env!("CARGO_PKG_VERSION")),
        "name=\"source_file\"",
        "ordos-2020-annex-with-errors.docx",
    ] {
        assert!(custom.contains(needle), "{needle}");
    }
    let layout = Layout::new(&file.report);
    let mut with_author = Vec::new();
    Xlsx::with_author("审核组")
        .render(&file, &layout, &mut with_author)
        .expect("renders");
    assert!(part(&with_author, "docProps/core.xml").contains("<dc:creator>审核组</dc:creator>"));
    // 名称 is as wide as its longest name (国有资产监督管理委员会: 22 columns) plus padding.
    let sheet = part(&bytes, "xl/worksheets/sheet3.xml");
    let col_b = sheet
        .split("<col min=\"2\" max=\"2\" width=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|w| w.parse::<f64>().ok())
        .expect("a width for column B");
    assert!((24.0..26.0).contains(&col_b), "{col_b}");
}

#[test]
fn the_clean_annex_has_no_red_row_and_one_weights_note() {
    let file = audited_clean(None);
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    for t in &file.report.tables {
        let sheet = t.sheet().expect("sheet");
        let name = layout.sheet(t.table).expect("sheet");
        let range = book.worksheet_range(name).expect("values");
        let c = u32::try_from(sheet.columns.len()).expect("cols");
        for d in &sheet.rows {
            let r = u32::try_from(d.table_row).expect("row") + 1;
            assert_eq!(float(range.get_value((r, c + 1))), 0.0);
        }
    }
    assert_eq!(
        file.report
            .findings
            .iter()
            .filter(|f| f.severity <= crate::audit::Severity::Warning)
            .count(),
        1
    );
    let comments = part(&bytes, "xl/comments1.xml");
    assert!(
        comments.contains("<comment ref=\"J2\""),
        "the weights note on 总分"
    );
}

/// Renders the samples into `target/xlsx-samples/` for a look in LibreOffice, and times a
/// 4,500-row audit: `cargo test --release --lib write_samples -- --ignored --nocapture`.
#[test]
#[ignore]
fn write_samples_and_time_a_large_audit() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/xlsx-samples");
    std::fs::create_dir_all(&dir).expect("dir");
    for (name, file) in [
        ("with-errors.xlsx", audited_with_errors(None)),
        ("with-errors.en.xlsx", audited_with_errors(Some(Lang::En))),
        ("clean.xlsx", audited_clean(None)),
        (
            "two-row-header.xlsx",
            audited(vec![two_row_header_table()], None),
        ),
    ] {
        let (bytes, _) = render(&file);
        std::fs::write(dir.join(name), bytes).expect("write");
    }
    // 100 copies of the three tables: 4,500 data rows, 1,200 findings, 300 sheets.
    let mut many = Vec::new();
    for copy in 0..100 {
        for mut t in crate::audit::tests::tables_with_planted_errors() {
            t.number += copy * 3;
            t.heading = t.heading.map(|h| format!("{h} {copy}"));
            many.push(t);
        }
    }
    let file = audited(many, None);
    let started = std::time::Instant::now();
    let (bytes, _) = render(&file);
    println!(
        "300 tables, {} rows, {} findings: {:?}, {} bytes",
        file.report.summary.rows,
        file.report.findings.len(),
        started.elapsed(),
        bytes.len()
    );
    std::fs::write(dir.join("many.xlsx"), bytes).expect("write");
    // One table of 4,500 rows (the rows of table 2 repeated).
    let mut big = crate::audit::tests::tables_with_planted_errors()
        .into_iter()
        .nth(1)
        .expect("table 2");
    let body: Vec<_> = big.rows[1..].to_vec();
    while big.rows.len() <= 4_500 {
        big.rows.extend(body.iter().cloned());
    }
    big.rows.truncate(4_501);
    let file = audited(vec![big], None);
    let started = std::time::Instant::now();
    let (bytes, _) = render(&file);
    println!(
        "1 table, {} rows, {} findings: {:?}, {} bytes",
        file.report.summary.rows,
        file.report.findings.len(),
        started.elapsed(),
        bytes.len()
    );
    std::fs::write(dir.join("large.xlsx"), bytes).expect("write");
}

/// Tables that push every limit: over-long and control-character text everywhere, headings
/// that collide and hold characters sheet names forbid, and a vertical merge that runs into a
/// horizontal span of the next row (Word allows it, Excel forbids overlapping merges).
fn hostile_file() -> AuditedFile {
    let huge = "很".repeat(40_000);
    let control = "甲\u{0}\u{1}\u{b}乙";
    let mut tables = Vec::new();
    for number in 1..=3 {
        let mut t = simple_table(
            number,
            &[
                vec!["名称", "得分A（50分）", "得分B（50分）", "总分（100分）"],
                vec![huge.as_str(), "40", "45", "85"],
                vec![control, "30", "——", "76"],
                vec!["丙", "9.O0", "45", "54"],
                vec![huge.as_str()],
            ],
        );
        t.heading = Some(format!("一、[{}]:*?/\\'\u{7}", "标题".repeat(100)));
        t.note = vec![huge.clone(), "注：以50分为满分，结果乘以2/1。".into()];
        // 名称 of the first data row merged down over three rows, into the next row's span.
        t.rows[1].cells[0].v_merge = VMerge::Restart;
        t.rows[1].cells[0].row_span = 3;
        t.rows[2].cells[0].v_merge = VMerge::Continue;
        t.rows[3].cells[0].col_span = 2;
        t.rows[3].cells.remove(1);
        t.rows[4].cells[0].col_span = 4;
        tables.push(t);
    }
    let mut file = audited(tables, None);
    file.title = Some(huge.clone());
    file.path = format!("{}.docx", "长".repeat(1_000)).into();
    file
}

/// Renders [`hostile_file`] when run by the test below (which reads this process's stderr).
#[test]
#[ignore]
fn hostile_render_child() {
    if std::env::var_os("ANNEX_AUDIT_HOSTILE_CHILD").is_none() {
        return;
    }
    let file = hostile_file();
    let layout = Layout::new(&file.report);
    for in_memory in [None, Some(InMemory::NOTHING)] {
        let xlsx = Xlsx {
            in_memory,
            ..Xlsx::with_author("作".repeat(300))
        };
        let mut bytes = Vec::new();
        xlsx.render(&file, &layout, &mut bytes).expect("renders");
        let book = open(&bytes);
        assert_eq!(book.sheet_names().len(), 5);
    }
}

#[test]
fn hostile_input_renders_without_a_warning_on_stderr() {
    let exe = std::env::current_exe().expect("the test binary");
    let out = std::process::Command::new(exe)
        .args([
            "--ignored",
            "--exact",
            "report::xlsx::tests::hostile_render_child",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("ANNEX_AUDIT_HOSTILE_CHILD", "1")
        .output()
        .expect("the child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(stdout.contains("1 passed"), "{stdout}");
    assert_eq!(stderr, "", "rust_xlsxwriter warned");
}

#[test]
fn merges_that_would_overlap_are_left_unmerged_and_cells_stay_in_place() {
    let file = hostile_file();
    let (bytes, layout) = render(&file);
    let mut book = open(&bytes);
    let name = layout.sheet(1).expect("sheet");
    assert!(name.chars().count() <= 31 && !name.contains(['[', ']', ':', '*', '?', '/', '\\']));
    let merges = book.merge_cells_by_sheet_name(name).expect("merges");
    for (i, a) in merges.iter().enumerate() {
        for b in &merges[i + 1..] {
            let apart = a.end.0 < b.start.0
                || b.end.0 < a.start.0
                || a.end.1 < b.start.1
                || b.end.1 < a.start.1;
            assert!(apart, "{a:?} overlaps {b:?}");
        }
    }
    // The name merged down over the row that continues it, not into the next row's span.
    let spans: Vec<((u32, u32), (u32, u32))> = merges.iter().map(|d| (d.start, d.end)).collect();
    assert!(spans.contains(&((2, 0), (3, 0))), "{spans:?}");
    assert!(spans.contains(&((4, 0), (4, 1))), "{spans:?}");
    let range = book.worksheet_range(name).expect("values");
    assert_eq!(float(range.get_value((2, 1))), 40.0);
    assert_eq!(string(range.get_value((3, 2))), "——");
    assert_eq!(string(range.get_value((4, 0))), "丙");
    assert_eq!(float(range.get_value((4, 2))), 45.0);
}

#[test]
fn a_sheet_name_with_an_apostrophe_is_quoted_in_links_and_chart_ranges() {
    let mut t = simple_table(
        1,
        &[
            vec!["Name", "A (50)", "B (50)", "Total (100)"],
            vec!["North", "40", "45", "85"],
            vec!["South", "30", "45", "75"],
        ],
    );
    t.heading = Some("1. Districts' scores".into());
    let file = audited(vec![t], Some(Lang::En));
    let (bytes, layout) = render(&file);
    assert_eq!(layout.sheet(1), Some("Districts' scores"));
    let mut book = open(&bytes);
    let links = book.hyperlinks_by_sheet_name("Summary").expect("links");
    assert_eq!(
        links[0].location.as_deref(),
        Some("'Districts'' scores'!A1")
    );
    let chart = part(&bytes, "xl/charts/chart1.xml");
    assert!(
        chart.contains("<c:f>'Districts'' scores'!$D$3:$D$4</c:f>"),
        "{chart}"
    );
    let range = book.worksheet_range("Districts' scores").expect("values");
    assert_eq!(float(range.get_value((2, 4))), 85.0);
}

/// What a worksheet holds, as read back: values, formulas, merges, the rows with their own
/// heights, and each cell's format (its `cellXfs` record in styles.xml).
#[derive(Debug, PartialEq)]
struct SheetContents {
    values: Vec<Vec<Data>>,
    formulas: Vec<Vec<String>>,
    merges: Vec<((u32, u32), (u32, u32))>,
    heights: Vec<String>,
    formats: Vec<String>,
}

/// The workbook's cell formats (`cellXfs`, in order), each with its number format, font, fill
/// and border written out instead of numbered.
fn cell_formats_of(styles: &str) -> Vec<String> {
    let list = |tag: &str| -> Vec<String> {
        let Some(from) = styles.find(&format!("<{tag}s")) else {
            return Vec::new();
        };
        let to = styles[from..]
            .find(&format!("</{tag}s>"))
            .map_or(styles.len(), |i| from + i);
        regex::Regex::new(&format!(r"<{tag}(?: [^>]*)?(?:/>|>.*?</{tag}>)"))
            .expect("a regex")
            .find_iter(&styles[from..to])
            .map(|m| m.as_str().to_string())
            .collect()
    };
    let (fonts, fills, borders) = (list("font"), list("fill"), list("border"));
    let cell_xfs = styles.find("<cellXfs").expect("cellXfs");
    let cell_xfs = &styles[cell_xfs..styles.find("</cellXfs>").expect("cellXfs end")];
    let xfs = regex::Regex::new(r"<xf [^>]*?(?:/>|>.*?</xf>)").expect("a regex");
    let number_formats: std::collections::HashMap<String, String> =
        regex::Regex::new(r#"<numFmt numFmtId="([0-9]+)" formatCode="([^"]*)""#)
            .expect("a regex")
            .captures_iter(styles)
            .map(|c| (c[1].to_string(), c[2].to_string()))
            .collect();
    let id = regex::Regex::new(r#"(numFmtId|fontId|fillId|borderId)="([0-9]+)""#).expect("a regex");
    xfs.find_iter(cell_xfs)
        .map(|xf| {
            id.replace_all(xf.as_str(), |c: &regex::Captures<'_>| {
                let n: usize = c[2].parse().expect("a number");
                let named = match &c[1] {
                    "fontId" => fonts.get(n).cloned(),
                    "fillId" => fills.get(n).cloned(),
                    "borderId" => borders.get(n).cloned(),
                    _ => Some(
                        number_formats
                            .get(&c[2])
                            .cloned()
                            .unwrap_or(c[2].to_string()),
                    ),
                };
                format!("{}=[{}]", &c[1], named.expect("a referenced record"))
            })
            .into_owned()
        })
        .collect()
}

fn contents(bytes: &[u8]) -> Vec<(String, SheetContents)> {
    let mut book = open(bytes);
    let row_heights =
        regex::Regex::new(r#"<row r="([0-9]+)"[^>]*? ht="([0-9.]+)""#).expect("a regex");
    // A cell's format by what it is, not by its number: the two kinds of sheet may number
    // the workbook's formats (and their fonts, fills and borders) in another order.
    let styles = part(bytes, "xl/styles.xml");
    let xfs = cell_formats_of(&styles);
    let cell_formats =
        regex::Regex::new(r#"<c r="([A-Z]+[0-9]+)"(?: s="([0-9]+)")?"#).expect("a regex");
    let names = book.sheet_names();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let values = book.worksheet_range(name).expect("values");
            let formulas = book.worksheet_formula(name).expect("formulas");
            let merges = sorted_merges(&mut book, name);
            let xml = part(bytes, &format!("xl/worksheets/sheet{}.xml", i + 1));
            let heights = row_heights
                .captures_iter(&xml)
                .map(|c| format!("{}:{}", &c[1], &c[2]))
                .collect();
            let formats = cell_formats
                .captures_iter(&xml)
                .map(|c| {
                    let xf = c
                        .get(2)
                        .map_or(0, |s| s.as_str().parse().expect("a number"));
                    format!("{} {}", &c[1], xfs.get(xf).expect("a format"))
                })
                .collect();
            let contents = SheetContents {
                values: values.rows().map(<[Data]>::to_vec).collect(),
                formulas: formulas.rows().map(<[String]>::to_vec).collect(),
                merges,
                heights,
                formats,
            };
            (name.clone(), contents)
        })
        .collect()
}

#[test]
fn streamed_table_sheets_read_back_the_same_as_sheets_kept_in_memory() {
    let files = [
        audited_with_errors(Some(Lang::Zh)),
        audited_with_errors(Some(Lang::En)),
        audited_clean(None),
        audited(vec![two_row_header_table()], None),
        hostile_file(),
    ];
    let caches = regex::Regex::new(r"<c:(str|num)Cache>.*?</c:(str|num)Cache>").expect("a regex");
    let without_caches = |xml: String| {
        caches
            .replace_all(&xml, "")
            .replace("c:strRef>", "c:numRef>")
    };
    for file in &files {
        let (in_memory, _) = render(file);
        let (streamed, _) = render_with(file, streamed());
        let (a, b) = (contents(&in_memory), contents(&streamed));
        assert_eq!(a.len(), b.len());
        for ((name, a), (_, b)) in a.iter().zip(&b) {
            assert!(!a.values.is_empty(), "{name}");
            assert_eq!(a, b, "{}: sheet {name}", file.path.display());
        }
        // Notes and drawings are the same parts either way; charts too, but for their data
        // caches, which rust_xlsxwriter fills from cells kept in memory (Excel and LibreOffice
        // read a chart's cells when they open the workbook).
        for part_name in ["xl/comments1.xml", "xl/drawings/drawing1.xml"] {
            assert_eq!(
                part(&in_memory, part_name),
                part(&streamed, part_name),
                "{part_name}"
            );
        }
        let (a, b) = (
            without_caches(part(&in_memory, "xl/charts/chart1.xml")),
            without_caches(part(&streamed, "xl/charts/chart1.xml")),
        );
        assert!(a.contains("<c:cat><c:numRef><c:f>"), "{a}");
        assert_eq!(a, b);
        // Streamed sheets keep their strings inline; the others share them.
        let first_table = part(&streamed, "xl/worksheets/sheet2.xml");
        assert!(first_table.contains(r#"t="inlineStr""#), "not streamed");
    }
}

#[test]
fn a_table_with_thousands_of_wrong_cells_gets_notes_on_the_first_only_and_says_so() {
    let names: Vec<String> = (1..=2_100).map(|i| format!("单位{i}")).collect();
    let mut rows = vec![vec![
        "名称",
        "得分A（50分）",
        "得分B（50分）",
        "总分（100分）",
    ]];
    rows.extend(names.iter().map(|n| vec![n.as_str(), "40", "45", "86"]));
    let mut t = simple_table(1, &rows);
    t.heading = Some("一、各单位".into());
    let file = audited(vec![t], Some(Lang::Zh));
    assert_eq!(file.report.findings.len(), 2_100, "one wrong total per row");
    let (bytes, layout) = render(&file);
    // A table of more than 2,000 rows is streamed, and so is a discrepancy sheet that long.
    assert!(part(&bytes, "xl/worksheets/sheet2.xml").contains(r#"t="inlineStr""#));
    assert!(part(&bytes, "xl/worksheets/sheet3.xml").contains(r#"t="inlineStr""#));
    let comments = part(&bytes, "xl/comments1.xml");
    assert_eq!(comments.matches("<comment ").count(), table::MAX_NOTES);
    let mut book = open(&bytes);
    let summary = book
        .worksheet_range(layout.summary_sheet())
        .expect("summary");
    let remark = summary
        .rows()
        .flatten()
        .filter_map(|d| match d {
            Data::String(s) if s.contains("批注") => Some(s.clone()),
            _ => None,
        })
        .next()
        .expect("the summary says notes were left out");
    assert!(
        remark.contains("2000") && remark.contains("100"),
        "{remark}"
    );
    // Every finding is still on the discrepancy sheet.
    let discrepancies = book
        .worksheet_range(layout.discrepancy_sheet())
        .expect("discrepancies");
    assert_eq!(
        discrepancies.rows().filter(|r| r[0] != Data::Empty).count(),
        2_101
    );
}

#[test]
fn past_the_note_limit_the_most_severe_cells_keep_their_notes() {
    let file = audited_with_errors(Some(Lang::Zh));
    let mut by_cell: std::collections::BTreeMap<(usize, usize), Vec<&Finding>> =
        std::collections::BTreeMap::new();
    for f in file.report.findings.iter().filter(|f| f.table == 2) {
        if let Some(l) = f.location {
            by_cell.entry((l.table_row, l.column)).or_default().push(f);
        }
    }
    let severities: std::collections::BTreeSet<_> = by_cell
        .values()
        .flat_map(|fs| fs.iter().map(|f| f.severity))
        .collect();
    assert!(
        severities.len() > 1,
        "the fixture mixes severities: {severities:?}"
    );
    assert_eq!(
        table::noted_cells(&by_cell, by_cell.len()).len(),
        by_cell.len()
    );
    let kept = table::noted_cells(&by_cell, 2);
    assert_eq!(kept.len(), 2);
    let worst_of = |fs: &Vec<&Finding>| fs.iter().map(|f| f.severity).min();
    let kept_worst = kept.iter().filter_map(|(_, fs)| worst_of(fs)).max();
    for (at, fs) in &by_cell {
        if !kept.iter().any(|(k, _)| k == &at) {
            assert!(
                worst_of(fs) >= kept_worst,
                "{at:?} is more severe than a kept cell"
            );
        }
    }
}

/// The widths of a sheet's columns as written (`<col min max width>`), by 0-based column.
fn written_widths(sheet_xml: &str) -> Vec<f64> {
    let mut widths = Vec::new();
    for col in sheet_xml.split("<col ").skip(1) {
        let attr = |name: &str| {
            col.split(&format!("{name}=\""))
                .nth(1)
                .and_then(|v| v.split('"').next())
                .expect("an attribute")
                .to_string()
        };
        let (min, max): (usize, usize) = (
            attr("min").parse().expect("min"),
            attr("max").parse().expect("max"),
        );
        let width: f64 = attr("width").parse().expect("width");
        widths.resize(max, 0.0);
        widths[min - 1..max].iter_mut().for_each(|w| *w = width);
    }
    widths
}

#[test]
fn header_cells_keep_each_maximum_with_its_brackets_on_a_line_wide_enough() {
    let file = audited_with_errors(None);
    let (bytes, _) = render(&file);
    let mut book = open(&bytes);
    let range = book.worksheet_range("各旗区人民政府").expect("values");
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    let widths = written_widths(&sheet);
    let mut broken = 0;
    for c in 0..10u32 {
        let header = string(range.get_value((1, c)));
        for line in header.split('\n') {
            // A bracket opens a line or is not there: never `发布解读（40` / `分）`.
            if let Some(i) = line.find('（') {
                assert_eq!(i, 0, "{header:?}");
                broken += 1;
            }
            // The column fits the longest piece that must not break.
            let need = unicode_width::UnicodeWidthStr::width(line) as f64;
            assert!(
                widths[c as usize] >= need,
                "{header:?}: {}",
                widths[c as usize]
            );
        }
    }
    assert_eq!(broken, 8, "seven scores and the total");
}

#[test]
fn the_discrepancy_sheet_prints_readably() {
    let file = audited_with_errors(None);
    let (bytes, _) = render(&file);
    let sheet = part(&bytes, "xl/worksheets/sheet5.xml");
    assert!(sheet.contains("orientation=\"landscape\""));
    assert!(sheet.contains("paperSize=\"9\""));
    assert!(sheet.contains("<pageSetUpPr fitToPage=\"1\"/>"));
    assert!(sheet.contains("fitToHeight=\"0\"") && !sheet.contains("fitToWidth="));
    assert!(sheet.contains("<pageMargins left=\"0.4\" right=\"0.4\""));
    let workbook = part(&bytes, "xl/workbook.xml");
    let last = file.report.findings.len() + 1;
    assert!(
        workbook.contains(&format!(">差异!$A$1:$M${last}<")),
        "{workbook}"
    );
    assert!(workbook.contains(">差异!$1:$1<"), "the heading row repeats");
    // The printed columns (severity to message) fit the width that prints at 9 points or
    // more; rust_xlsxwriter adds 0.625 to each width.
    let widths = written_widths(&sheet);
    let printed: f64 = widths[..=usize::from(discrepancies::LAST_PRINTED)]
        .iter()
        .sum();
    let columns = f64::from(discrepancies::LAST_PRINTED + 1);
    assert!(
        printed <= discrepancies::PRINT_WIDTH as f64 + columns * 0.625,
        "{printed}"
    );
    // The long texts wrap at their width.
    let styles = part(&bytes, "xl/styles.xml");
    let xfs = cell_formats(&styles);
    let message = sheet
        .split("<c r=\"M2\" s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse::<usize>().ok())
        .expect("the first message's format");
    assert!(xfs[message].1, "the message wraps");
}

/// The cell formats of a styles part: each one's font size and whether it wraps.
fn cell_formats(styles: &str) -> Vec<(f64, bool)> {
    let fonts: Vec<f64> = styles
        .split("<fonts")
        .nth(1)
        .and_then(|f| f.split("</fonts>").next())
        .expect("fonts")
        .split("<font>")
        .skip(1)
        .map(|f| {
            f.split("<sz val=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .expect("a size")
        })
        .collect();
    styles
        .split("<cellXfs")
        .nth(1)
        .and_then(|x| x.split("</cellXfs>").next())
        .expect("cell formats")
        .split("<xf ")
        .skip(1)
        .map(|xf| {
            let font: usize = xf
                .split("fontId=\"")
                .nth(1)
                .and_then(|v| v.split('"').next())
                .and_then(|v| v.parse().ok())
                .expect("a font id");
            (fonts[font], xf.contains("wrapText=\"1\""))
        })
        .collect()
}

#[test]
fn no_cell_of_a_table_or_the_discrepancy_sheet_is_in_a_font_under_9_points() {
    let file = audited_with_errors(None);
    let (bytes, _) = render(&file);
    let xfs = cell_formats(&part(&bytes, "xl/styles.xml"));
    for n in 2..=5 {
        let sheet = part(&bytes, &format!("xl/worksheets/sheet{n}.xml"));
        let used: Vec<usize> = sheet
            .split(" s=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next()?.parse().ok())
            .collect();
        assert!(!used.is_empty());
        for s in used {
            assert!(
                xfs[s].0 >= 9.0,
                "sheet{n}: format {s} is {} points",
                xfs[s].0
            );
        }
    }
}

/// Score tables 1 to `count`, each headed `n、第n组`, with three rows; the second row's total
/// is wrong (66 for 65) in the tables `wrong` picks.
fn numbered_score_tables(count: usize, wrong: impl Fn(usize) -> bool) -> Vec<Table> {
    (1..=count)
        .map(|n| {
            let rows = [
                vec!["名称", "得分A（50分）", "得分B（50分）", "总分（100分）"],
                vec!["甲", "40", "45", "85"],
                vec!["乙", "30", "35", if wrong(n) { "66" } else { "65" }],
                vec!["丙", "20", "25", "45"],
            ];
            let mut t = simple_table(n, &rows);
            t.heading = Some(format!("{n}、第{n}组"));
            t
        })
        .collect()
}

#[test]
fn past_the_first_tables_only_a_table_with_a_wrong_total_gets_a_chart_and_the_summary_says_so() {
    // The last table's second total is wrong; the others all agree.
    let last = table::CHARTED_TABLES + 3;
    let tables = numbered_score_tables(last, |n| n == last);
    let file = audited(tables, Some(Lang::Zh));
    let (bytes, layout) = render(&file);
    let zip = zip::ZipArchive::new(Cursor::new(&bytes)).expect("a zip");
    let charts = zip
        .file_names()
        .filter(|n| n.as_ref().is_ok_and(|n| n.starts_with("xl/charts/chart")))
        .count();
    assert_eq!(
        charts,
        table::CHARTED_TABLES + 1,
        "the first eight and the wrong one"
    );
    // The wrong table's sheet is the one past the first eight with a drawing.
    let last_sheet = table::CHARTED_TABLES + 4; // the summary is sheet 1
    let rels = part(
        &bytes,
        &format!("xl/worksheets/_rels/sheet{last_sheet}.xml.rels"),
    );
    assert!(rels.contains("drawing"), "{rels}");
    let mut book = open(&bytes);
    let summary = book
        .worksheet_range(layout.summary_sheet())
        .expect("summary");
    let (first_row, _) = summary.start().expect("a summary");
    let remark_rows: Vec<u32> = (first_row..)
        .zip(summary.rows())
        .filter(|(_, row)| {
            row.iter()
                .any(|d| matches!(d, Data::String(s) if s.contains("未绘制图表")))
        })
        .map(|(r, _)| r + 1)
        .collect();
    assert_eq!(
        remark_rows.len(),
        2,
        "the two clean tables past the first eight"
    );
    // The remark is wider than its column: its row is as tall as its wrapped lines, since
    // LibreOffice does not fit row heights and the text would run into the next row.
    let sheets = contents(&bytes);
    let heights = &sheets.first().expect("the summary sheet").1.heights;
    for r in remark_rows {
        let own_height = heights
            .iter()
            .find_map(|h| h.strip_prefix(&format!("{r}:")))
            .and_then(|h| h.parse::<f64>().ok());
        assert!(
            own_height.is_some_and(|h| h > 15.0),
            "row {r}: {own_height:?}"
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2_000))]

    /// The fast conversion of a published number gives the very double its text parses to,
    /// sign of zero included, on both sides of its limits (2^53, 10^22) and past them.
    #[test]
    fn a_number_cell_holds_the_double_its_text_parses_to(
        digits in proptest::prop_oneof![
            0u64..100_000,
            (1u64 << 53) - 3..(1u64 << 53) + 3,
            proptest::num::u64::ANY,
        ],
        high in proptest::prop_oneof![proptest::strategy::Just(0u32), 0u32..1_000],
        scale in 0u32..=28,
        negative in proptest::bool::ANY,
    ) {
        let mut value = Decimal::from_i128_with_scale(
            i128::from(digits) | (i128::from(high) << 64),
            scale,
        );
        value.set_sign_negative(negative);
        let number = crate::annex::Number {
            value,
            text: value.to_string(),
            decimals: scale,
        };
        let parsed: f64 = value.to_string().parse().expect("a decimal's text parses");
        proptest::prop_assert_eq!(
            number_value(&number).map(f64::to_bits),
            Some(parsed.to_bits()),
            "{}",
            value
        );
    }
}

/// The sink that writes the first tables' sheets on a thread of its own makes the same
/// workbook, part for part, as the one that writes them itself: with no table (its thread,
/// started with the sink, is never handed the workbook), with one, and past [`SHEETS_BESIDE`]
/// tables (where the thread gives the workbook back) with findings on tables on both sides.
#[test]
fn sheets_written_beside_make_the_same_workbook() {
    for count in [0, 1, SHEETS_BESIDE + 4] {
        let tables = numbered_score_tables(count, |n| n % 5 == 0);
        let file = audited(tables, Some(Lang::Zh));
        let layout = Layout::new(&file.report);
        let made = |mut sink: WorkbookSink| -> Vec<u8> {
            crate::report::render_file(&mut sink, &file, &layout).expect("the workbook renders");
            let mut bytes = Vec::new();
            sink.workbook
                .expect("a workbook")
                .copy_to(&mut bytes)
                .expect("the bytes");
            bytes
        };
        let beside = made(Xlsx::default().sink_beside());
        let itself = made(Xlsx::default().sink());
        let names = |bytes: &[u8]| -> Vec<String> {
            let zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
            zip.file_names()
                .map(|n| n.expect("a part's name").into_owned())
                .collect()
        };
        assert_eq!(names(&beside), names(&itself), "{count} tables");
        if count > SHEETS_BESIDE {
            assert!(
                file.report.findings.len() >= 2,
                "findings before and past the thread"
            );
            assert!(names(&itself).len() > SHEETS_BESIDE + 10);
        }
        for name in names(&itself) {
            assert_eq!(
                part(&beside, &name),
                part(&itself, &name),
                "{count} tables: {name}"
            );
        }
    }
}

/// The final-account sample with errors, its tables audited, with two document-level findings
/// as the pipeline's checks make them once every table is read (the report stage does not run
/// the pipeline): a cross-table one at 附表1's D4 (社会保障和就业支出 505.35 against 表2's
/// 442.50) and a text one at 附表2's D4.
fn audited_final_accounts() -> AuditedFile {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join("final-accounts-2025-with-errors.docx");
    let doc = crate::wordml::read_path(&path, &crate::package::Limits::default())
        .expect("the sample reads");
    let template = Template::built_in("budget").expect("budget template");
    let mut report = audit_tables(doc.tables, &template, Some(Lang::Zh), &Selection::default());
    let mut cross = report
        .findings
        .iter()
        .find(|f| f.table == 1 && f.location.is_some())
        .cloned()
        .expect("a finding of 附表1");
    cross.check = crate::audit::Check::Crosscheck;
    cross.location = Some(Location {
        table_row: 2,
        column: 3,
    });
    cross.message = "表1「附表1 收入支出决算总表」“二、社会保障和就业支出”决算数为 505.35，表2「附表2 支出决算表」“社会保障和就业支出”合计为 442.50，两表不一致".into();
    cross.published = Some("505.35".into());
    cross.expected = Some("442.50".into());
    cross.consequences.clear();
    let mut text = cross.clone();
    text.check = crate::audit::Check::Text;
    text.table = 2;
    text.location = Some(Location {
        table_row: 2,
        column: 3,
    });
    text.message = "第6段所述 59.56% 与表格不符".into();
    report.findings.extend([cross, text]);
    AuditedFile {
        report,
        ..audited_with_errors(Some(Lang::Zh))
    }
}

/// The `<c>` element of `cell` (`D4`) in a sheet's XML.
fn cell_element<'s>(sheet: &'s str, cell: &str) -> &'s str {
    let from = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("{cell} is written"));
    let rest = &sheet[from..];
    let end = rest
        .find("</c>")
        .map_or_else(|| rest.find("/>").map_or(rest.len(), |i| i + 2), |i| i + 4);
    &rest[..end]
}

/// The format (written out, see [`cell_formats_of`]) of `cell` on the sheet part `sheet`.
fn format_of(bytes: &[u8], sheet: &str, cell: &str) -> String {
    let xml = part(bytes, sheet);
    let element = cell_element(&xml, cell);
    let index: usize = element
        .split(" s=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    cell_formats_of(&part(bytes, "xl/styles.xml"))
        .get(index)
        .cloned()
        .expect("a cell format")
}

/// The notes of a sheet part (`xl/worksheets/sheet2.xml`): its comments part's text, empty
/// when it has none.
fn notes_of(bytes: &[u8], sheet: &str) -> String {
    let (dir, file) = sheet.rsplit_once('/').expect("a path");
    let rels = format!("{dir}/_rels/{file}.rels");
    let zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("a zip");
    if !zip
        .file_names()
        .any(|n| n.is_ok_and(|n| n == rels.as_str()))
    {
        return String::new();
    }
    let rels = part(bytes, &rels);
    let Some(target) = rels
        .split("Target=\"../")
        .skip(1)
        .filter_map(|t| t.split('"').next())
        .find(|t| t.starts_with("comments"))
    else {
        return String::new();
    };
    part(bytes, &format!("xl/{target}"))
}

/// A cross-table finding (表1's 社会保障和就业支出 505.35 against 表2's 442.50) points at
/// '附表1 收入支出决算总表'!D4. The document-level checks run after the sheet is written:
/// the cell showed as a plain figure without a note, though the discrepancy sheet linked to
/// it. It now has the sheet's red error format, keeping its number format and value, and a
/// note with the finding's message; the text finding on 附表2's D4 gets its note only (the
/// figure is right, the paragraph quoting it is not).
#[test]
fn document_findings_are_marked_on_their_cells_of_sheets_kept_in_memory() {
    let file = audited_final_accounts();
    let layout = Layout::new(&file.report);
    let cross = file
        .report
        .findings
        .iter()
        .find(|f| f.check == crate::audit::Check::Crosscheck)
        .expect("a cross-table finding");
    assert_eq!(
        layout.finding_cell(cross).as_deref(),
        Some("'附表1 收入支出决算总表'!D4")
    );
    let bytes = Xlsx::default()
        .to_bytes(&file, &layout)
        .expect("the workbook renders");
    let format = format_of(&bytes, "xl/worksheets/sheet2.xml", "D4");
    assert!(format.contains("FFFFC7CE"), "the error fill: {format}");
    assert!(format.contains("FFFF0000"), "the error border: {format}");
    assert!(format.contains("0.00"), "the number format kept: {format}");
    assert!(!format.contains("FFE2EFDA"), "no longer verified: {format}");
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        cell_element(&sheet, "D4").contains("<v>505.35</v>"),
        "the value kept"
    );
    let notes = notes_of(&bytes, "xl/worksheets/sheet2.xml");
    assert!(notes.contains("表间核对"), "{notes}");
    assert!(notes.contains("505.35"), "{notes}");
    // Its sheet's own finding (the transposed 年初结转和结余, B13) keeps its note and mark.
    assert!(notes.contains("收入总计 = 本年收入合计"), "{notes}");
    let own = format_of(&bytes, "xl/worksheets/sheet2.xml", "B13");
    assert!(own.contains("FFFFC7CE"), "{own}");
    // The text finding on 附表2.
    let text = notes_of(&bytes, "xl/worksheets/sheet3.xml");
    assert!(text.contains("文表核对"), "{text}");
    // The paragraph misquotes the cell, which is right: a note, its format unchanged.
    let text_cell = format_of(&bytes, "xl/worksheets/sheet3.xml", "D4");
    assert!(!text_cell.contains("FFFFC7CE"), "{text_cell}");

    // A streamed sheet's rows are on disk when the document's findings come: its cells are
    // left as written (each written once), and the workbook reads back.
    let bytes = streamed()
        .to_bytes(&file, &layout)
        .expect("the workbook renders");
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(sheet.contains("inlineStr"), "streamed");
    assert_eq!(sheet.matches("<c r=\"D4\"").count(), 1);
    assert!(!notes_of(&bytes, "xl/worksheets/sheet2.xml").contains("表间核对"));
    assert!(
        open(&bytes)
            .worksheet_range("附表1 收入支出决算总表")
            .is_ok()
    );
}

/// A department's final accounts run to nine tables and more, and the checks between them land
/// on any: a structured table's sheet past the first eight is kept in memory while the cells
/// kept stay within a budget, and its cell is marked. (Every sheet past the eighth was
/// streamed, so a cross-table finding on 表9 was on the discrepancy sheet only.) Past the
/// budget the sheet is streamed.
#[test]
fn structured_sheets_past_the_first_are_kept_within_a_budget_of_cells_and_marked() {
    let file = audited_final_accounts();
    let layout = Layout::new(&file.report);
    let none_for_its_place = |cells| Xlsx {
        in_memory: Some(InMemory {
            sheets: 0,
            cells,
            ..InMemory::DEFAULT
        }),
        ..Xlsx::default()
    };
    let bytes = none_for_its_place(InMemory::DEFAULT.cells)
        .to_bytes(&file, &layout)
        .expect("the workbook renders");
    assert!(!part(&bytes, "xl/worksheets/sheet2.xml").contains("inlineStr"));
    let format = format_of(&bytes, "xl/worksheets/sheet2.xml", "D4");
    assert!(format.contains("FFFFC7CE"), "marked: {format}");
    assert!(notes_of(&bytes, "xl/worksheets/sheet2.xml").contains("表间核对"));

    // A budget smaller than 附表1 streams it, and its cell stays as written.
    let bytes = none_for_its_place(10)
        .to_bytes(&file, &layout)
        .expect("the workbook renders");
    assert!(part(&bytes, "xl/worksheets/sheet2.xml").contains("inlineStr"));
    assert!(!notes_of(&bytes, "xl/worksheets/sheet2.xml").contains("表间核对"));
}

/// An amount filed under the wrong heading is one cross-table finding (D4) whose other row
/// (D5) is its consequence: D5 is marked blue, as the sheet marks a cell that follows from
/// another's, and its note names D4.
#[test]
fn the_consequence_of_a_document_finding_is_marked_as_following_from_it() {
    let mut file = audited_final_accounts();
    let cross = file
        .report
        .findings
        .iter_mut()
        .find(|f| f.check == crate::audit::Check::Crosscheck)
        .expect("a cross-table finding");
    let mut other = cross.clone();
    other.location = Some(Location {
        table_row: 3,
        column: 3,
    });
    other.message = "“三、卫生健康支出”决算数为 71.30，表2为 134.15，两表不一致".into();
    cross.consequences.push(other);
    let layout = Layout::new(&file.report);
    let bytes = Xlsx::default()
        .to_bytes(&file, &layout)
        .expect("the workbook renders");
    let format = format_of(&bytes, "xl/worksheets/sheet2.xml", "D5");
    assert!(
        format.contains("FFDDEBF7"),
        "the consequence's blue: {format}"
    );
    assert!(
        !format.contains("FFFFC7CE"),
        "not an error of its own: {format}"
    );
    let notes = notes_of(&bytes, "xl/worksheets/sheet2.xml");
    assert!(notes.contains("71.30，表2为 134.15"), "{notes}");
    assert!(notes.contains("起因：D4"), "{notes}");
}

/// A cell with a finding of its own keeps its mark and its note when a milder document-level
/// finding lands on it: the error stays, the notes are both there.
#[test]
fn a_document_finding_on_a_marked_cell_keeps_the_cells_own_mark_and_note() {
    let mut file = audited_final_accounts();
    let own = file
        .report
        .findings
        .iter()
        .find(|f| f.check == crate::audit::Check::Sum && f.table == 1)
        .cloned()
        .expect("the sheet's own finding at B13");
    let mut cross = file
        .report
        .findings
        .iter()
        .find(|f| f.check == crate::audit::Check::Crosscheck)
        .cloned()
        .expect("a cross-table finding");
    cross.location = own.location;
    cross.severity = crate::audit::Severity::Notice;
    cross.message = "两表核对的提示".into();
    file.report.findings.push(cross);
    let layout = Layout::new(&file.report);
    let bytes = Xlsx::default()
        .to_bytes(&file, &layout)
        .expect("the workbook renders");
    let format = format_of(&bytes, "xl/worksheets/sheet2.xml", "B13");
    assert!(
        format.contains("FFFFC7CE"),
        "still the error fill: {format}"
    );
    let notes = notes_of(&bytes, "xl/worksheets/sheet2.xml");
    assert!(notes.contains("两表核对的提示"), "{notes}");
    assert!(notes.contains("收入总计 = 本年收入合计"), "{notes}");
}
