//! Tests of the structured sheet: the budget sample's tables and small in-memory tables,
//! written alone into a workbook and read back with calamine and from the package's XML; the
//! formulas recalculated by LibreOffice when it is installed.

use std::io::{Cursor, Read};
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx as Calamine, open_workbook_from_rs};
use rust_xlsxwriter::Workbook;

use super::*;
use crate::annex::Template;
use crate::annex::structure::analyse;
use crate::annex::tests::simple_table;
use crate::audit::{Check, Finding};
use crate::report::xlsx::{InMemory, WorkbookBuilder, Xlsx};

type Book = Calamine<Cursor<Vec<u8>>>;

const SHEET: &str = "表1";

/// The sheet of `table` alone in a workbook, kept in memory or streamed.
fn workbook(
    table: &Table,
    structure: &TableStructure,
    findings: &[&Finding],
    lang: Lang,
    streamed: bool,
) -> Vec<u8> {
    let mut book = Workbook::new();
    book.set_default_format(
        &super::super::style::base(),
        super::super::style::DEFAULT_ROW_PIXELS,
        super::super::style::DEFAULT_COLUMN_PIXELS,
    )
    .expect("default format");
    let ws = if streamed {
        book.add_worksheet_with_constant_memory()
            .expect("a streamed sheet")
    } else {
        book.add_worksheet()
    };
    ws.set_name(SHEET).expect("name");
    let input = StructuredInput {
        table,
        structure,
        findings,
        title: table.heading.as_deref().unwrap_or("预算表"),
        lang,
        keep: false,
    };
    write_structured_sheet(ws, &mut Styles::default(), &input).expect("the sheet is written");
    book.save_to_buffer().expect("the workbook is saved")
}

fn open(bytes: &[u8]) -> Book {
    open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("calamine opens the workbook")
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut text)
        .expect("utf-8");
    text
}

/// A sheet's values and formulas, each read once: calamine parses the whole sheet for every
/// `worksheet_range`, and a budget table has hundreds of relations to look up.
struct Cells {
    values: calamine::Range<Data>,
    formulas: calamine::Range<String>,
}

impl Cells {
    fn read(book: &mut Book) -> Self {
        Cells {
            values: book.worksheet_range(SHEET).expect("values"),
            formulas: book.worksheet_formula(SHEET).expect("formulas"),
        }
    }

    /// The cell's cached value as the text Excel would show unformatted.
    fn cached(&self, (row, col): (u32, u16)) -> Option<f64> {
        match self.values.get_value((row, u32::from(col))) {
            Some(Data::Float(f)) => Some(*f),
            Some(Data::Int(i)) => Some(*i as f64),
            _ => None,
        }
    }

    fn formula(&self, (row, col): (u32, u16)) -> String {
        self.formulas
            .get_value((row, u32::from(col)))
            .cloned()
            .unwrap_or_default()
    }

    fn text(&self, (row, col): (u32, u16)) -> String {
        match self.values.get_value((row, u32::from(col))) {
            Some(Data::String(s)) => s.clone(),
            Some(other) => other.to_string(),
            None => String::new(),
        }
    }
}

fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples")
        .join(name)
}

/// The budget sample's tables with their structures.
fn budget_tables(name: &str) -> Vec<(Table, TableStructure)> {
    let doc = crate::wordml::read_path(sample(name), &crate::package::Limits::default())
        .expect("the sample reads");
    let template = Template::built_in("budget").expect("budget template");
    doc.tables
        .into_iter()
        .map(|t| {
            let s = analyse(&t, &template.structure);
            (t, s)
        })
        .collect()
}

/// Every relation of `structure` on the written sheet: a formula where the engine recomputed
/// it, whose text is the relation's formula and whose cached result is the engine's value;
/// "not checkable" where it did not, and "(blank)" where nothing at all is published (no total
/// to check). Returns how many formulas were checked.
fn assert_every_relation_is_a_live_formula(bytes: &[u8], structure: &TableStructure) -> usize {
    let cells = Cells::read(&mut open(bytes));
    let mut formulas = 0;
    for (r, e) in structure.relations.iter().zip(&structure.results) {
        let at = recomputed_cell(structure, &r.id).expect("a cell");
        match engine_value(r, &e.result, &structure.grid) {
            Some(value) => {
                let expected_formula = relation_formula(r).expect("a formula");
                assert_eq!(cells.formula(at), expected_formula, "{}", r.id);
                let got = cells.cached(at).unwrap_or(f64::NAN);
                let want: f64 = value.parse().expect("a number");
                assert_eq!(got, want, "{}: cached result", r.id);
                formulas += 1;
            }
            None if e.result.left_unchecked() => {
                assert_eq!(cells.text(at), "无法核对", "{}", r.id)
            }
            None => assert_eq!(cells.text(at), "（空白）", "{}", r.id),
        }
    }
    formulas
}

#[test]
fn budget_sample_every_relation_is_a_formula_with_the_engines_value() {
    for name in [
        "budget-2025-final-accounts.docx",
        "budget-2025-final-accounts-with-errors.docx",
    ] {
        let tables = budget_tables(name);
        assert!(!tables.is_empty(), "{name}");
        let mut total = 0;
        for (table, structure) in &tables {
            for streamed in [false, true] {
                let bytes = workbook(table, structure, &[], Lang::Zh, streamed);
                total += assert_every_relation_is_a_live_formula(&bytes, structure);
            }
        }
        assert!(total > 100, "{name}: {total} formulas");
    }
}

#[test]
fn budget_sample_with_errors_flags_notes_and_groups_the_hierarchy() {
    let tables = budget_tables("budget-2025-final-accounts-with-errors.docx");
    let (table, structure) = &tables[0];
    let bytes = workbook(table, structure, &[], Lang::Zh, false);
    let mut book = open(&bytes);
    let cells = Cells::read(&mut book);

    // The header as published, merged: 本年决算数 over three columns, the others down two rows.
    let merges: Vec<_> = book
        .merge_cells_by_sheet_name(SHEET)
        .expect("merges")
        .iter()
        .map(|d| (d.start, d.end))
        .collect();
    assert!(merges.contains(&((1, 3), (1, 5))), "{merges:?}");
    assert!(merges.contains(&((1, 0), (2, 0))), "{merges:?}");
    // 合计 spans the code and name columns.
    assert!(merges.contains(&((3, 0), (3, 1))), "{merges:?}");
    // The figures are numbers.
    assert_eq!(cells.cached((3, 2)), Some(7398.28), "合计 上年决算数");

    // The wrong 合计 of 本年决算数 (7641.31, the parts add up to 7623.31) has its formula, its
    // note and its status; the row's difference is live too.
    let rel = structure
        .relation("row_total:合计:本年决算数 / 合计")
        .expect("relation");
    let at = recomputed_cell(structure, &rel.id).expect("cell");
    assert_eq!(cells.formula(at), "ROUND(SUM(E4:F4),2)");
    assert_eq!(cells.cached(at), Some(7623.31));
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let comments = part(&bytes, "xl/comments1.xml");
    assert!(comments.contains("7641.31") && comments.contains("7623.31"));
    assert!(comments.contains("应为"), "{comments}");
    // 普通教育's 基本支出 level disagrees because 小学教育's total (D15) is wrong.
    assert!(comments.contains("起因：D15"), "{comments}");
    let statuses: Vec<String> = (0..40)
        .map(|r| {
            let placement = Placement::of(structure);
            cells.text((r, col16(placement.status_col)))
        })
        .collect();
    assert_eq!(statuses[3], "不一致");
    assert!(statuses.iter().any(|s| s == "一致"), "{statuses:?}");
    // A hierarchy of non-contiguous children: 201 = 20101 + 20103.
    let hierarchy = structure
        .relations
        .iter()
        .find(|r| r.kind == RelationKind::Hierarchy && r.target.table_row == 3)
        .expect("the 201 hierarchy");
    let formula = relation_formula(hierarchy).expect("formula");
    assert!(formula.contains('+'), "{formula}");

    // 款 at outline level 1, 项 at 2, parents above their children; 合计 bold.
    assert!(sheet.contains(r#"<row r="6" "#) && sheet.contains(r#"outlineLevel="2""#));
    assert!(sheet.contains(r#"summaryBelow="0""#), "parents above");
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains("<b/>"));
    assert!(styles.contains(r#"indent="2""#), "项 indented twice");
    // The legend under the table, the print set up.
    let legend_row = structured_cell(table.rows.len() + table.note.len(), 0).0;
    assert!(cells.text((legend_row, 0)).starts_with("说明"));
    assert!(sheet.contains(r#"orientation="landscape""#));
    assert!(sheet.contains(r#"fitToHeight="0""#));
    assert!(sheet.contains("<pane "));
}

/// A small budget table: codes, names, last year, this year's total of two parts, the change
/// and the rate, a 合计 row; `rows` replaces rows by index.
fn small_table(plant: &[(usize, usize, &'static str)]) -> Table {
    let mut rows: Vec<Vec<&str>> = vec![
        vec![
            "科目编码",
            "科目名称",
            "上年合计",
            "本年合计",
            "本年基本支出",
            "本年项目支出",
            "增减额",
            "增减率（%）",
        ],
        vec![
            "", "合计", "300.00", "330.00", "200.00", "130.00", "30.00", "10.00",
        ],
        vec![
            "201",
            "一般公共服务支出",
            "100.00",
            "110.00",
            "60.00",
            "50.00",
            "10.00",
            "10.00",
        ],
        vec![
            "20101",
            "人大事务",
            "100.00",
            "110.00",
            "60.00",
            "50.00",
            "10.00",
            "10.00",
        ],
        vec![
            "205",
            "教育支出",
            "200.00",
            "220.00",
            "140.00",
            "80.00",
            "20.00",
            "10.00",
        ],
        vec![
            "20502",
            "普通教育",
            "150.00",
            "160.00",
            "100.00",
            "60.00",
            "10.00",
            "6.67",
        ],
        vec![
            "20503",
            "职业教育",
            "50.00",
            "60.00",
            "40.00",
            "20.00",
            "10.00",
            "20.00",
        ],
    ];
    for (r, c, text) in plant {
        rows[*r][*c] = text;
    }
    simple_table(1, &rows)
}

fn finding_at(table_row: usize, column: usize, message: &str) -> Finding {
    Finding {
        id: "f1".into(),
        check: Check::Total,
        severity: Severity::Critical,
        table: 1,
        row: None,
        name: None,
        column: None,
        location: Some(Location { table_row, column }),
        published: Some("170.00".into()),
        expected: Some("160.00".into()),
        delta: Some("10.00".into()),
        rule: None,
        explanation: None,
        message: message.into(),
        caused_by: None,
        consequences: Vec::new(),
    }
}

#[test]
fn small_table_formulas_statuses_notes_and_fills() {
    let clean = small_table(&[]);
    let s = analyse(
        &clean,
        &crate::annex::structure::StructureVocabulary::default(),
    );
    assert!(
        s.results
            .iter()
            .all(|e| e.result == RelationResult::Consistent),
        "{:#?}",
        s.results
    );
    let bytes = workbook(&clean, &s, &[], Lang::Zh, false);
    assert!(assert_every_relation_is_a_live_formula(&bytes, &s) >= 15);
    let kinds: std::collections::HashSet<RelationKind> =
        s.relations.iter().map(|r| r.kind).collect();
    for kind in [
        RelationKind::RowTotal,
        RelationKind::ColumnSum,
        RelationKind::Hierarchy,
        RelationKind::Difference,
        RelationKind::Rate,
    ] {
        assert!(kinds.contains(&kind), "{kind:?} in {kinds:?}");
    }
    // Formulas as the brief names them.
    let formula_of = |s: &TableStructure, id: &str| {
        relation_formula(s.relation(id).unwrap_or_else(|| panic!("{id}"))).expect("formula")
    };
    assert_eq!(
        formula_of(&s, "row_total:普通教育:本年合计"),
        "ROUND(SUM(E7:F7),2)"
    );
    assert_eq!(
        formula_of(&s, "difference:普通教育:增减额"),
        "ROUND(D7-C7,2)"
    );
    assert_eq!(
        formula_of(&s, "rate:普通教育:增减率（%）"),
        "ROUND((D7-C7)/C7*100,2)"
    );
    assert_eq!(
        formula_of(&s, "hierarchy:教育支出:上年合计"),
        "ROUND(SUM(C7:C8),2)"
    );
    assert_eq!(formula_of(&s, "column_sum:合计:上年合计"), "ROUND(C4+C6,2)");
    let cells = Cells::read(&mut open(&bytes));
    let placement = Placement::of(&s);
    assert_eq!(cells.text((6, col16(placement.status_col))), "一致");
    // Consistent figures are green; no notes on a clean table.
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.to_uppercase().contains("FFE2EFDA"));
    let names: Vec<String> = {
        let zip = zip::ZipArchive::new(Cursor::new(&bytes)).expect("zip");
        (0..zip.len())
            .filter_map(|i| {
                zip.name_for_index(i)
                    .and_then(|n| n.ok())
                    .map(|n| n.to_string())
            })
            .collect()
    };
    assert!(!names.iter().any(|n| n.contains("comments")), "{names:?}");

    // 普通教育 本年合计 170.00 instead of 160.00: its row total is wrong (the cause), the 教育
    // 支出 level and the 合计 follow, and so do the row's change and rate.
    let wrong = small_table(&[(5, 3, "170.00")]);
    let s = analyse(
        &wrong,
        &crate::annex::structure::StructureVocabulary::default(),
    );
    let finding = finding_at(5, 3, "合计列与各部分之和不符");
    let bytes = workbook(&wrong, &s, &[&finding], Lang::Zh, true);
    assert_every_relation_is_a_live_formula(&bytes, &s);
    let cells = Cells::read(&mut open(&bytes));
    let row_total = s
        .relation("row_total:普通教育:本年合计")
        .expect("row total");
    let at = recomputed_cell(&s, &row_total.id).expect("cell");
    assert_eq!(cells.cached(at), Some(160.0));
    assert_eq!(cells.text((6, col16(placement.status_col))), "不一致");
    let difference = cells.formula((6, col16(placement.difference_col)));
    assert!(difference.starts_with("ROUND(D7-"), "{difference}");
    assert_eq!(
        cells.cached((6, col16(placement.difference_col))),
        Some(10.0)
    );
    let comments = part(&bytes, "xl/comments1.xml");
    assert!(
        comments.contains("合计列与各部分之和不符"),
        "the finding's message"
    );
    assert!(comments.contains("应为：160.00"), "{comments}");
    if s.results.iter().any(|e| e.caused_by.is_some()) {
        assert!(comments.contains("起因"), "{comments}");
    }
    // The cell with a critical finding gets the critical fill.
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.to_uppercase().contains("FFFF7C80"));
    // English words.
    let bytes = workbook(&wrong, &s, &[], Lang::En, false);
    let cells = Cells::read(&mut open(&bytes));
    assert_eq!(cells.text((6, col16(placement.status_col))), "inconsistent");
}

#[test]
fn thousands_and_percent_are_shown_as_printed() {
    let table = simple_table(
        1,
        &[
            vec!["项目", "上年", "本年", "增减率"],
            vec!["甲", "1,200.00", "1,364.15", "13.68%"],
            vec!["乙", "80.0", "70.0", "-12.5%"],
        ],
    );
    let s = analyse(
        &table,
        &crate::annex::structure::StructureVocabulary::default(),
    );
    let bytes = workbook(&table, &s, &[], Lang::Zh, false);
    let styles = part(&bytes, "xl/styles.xml");
    assert!(styles.contains(r##"formatCode="#,##0.00""##), "{styles}");
    assert!(
        styles.contains(r#"formatCode="0.0&quot;%&quot;""#),
        "{styles}"
    );
    let mut book = open(&bytes);
    let range = book.worksheet_range(SHEET).expect("values");
    assert_eq!(range.get_value((2, 2)), Some(&Data::Float(1364.15)));
    assert_eq!(range.get_value((3, 3)), Some(&Data::Float(-12.5)));
    let a = crate::annex::Number {
        value: rust_decimal::Decimal::new(136415, 2),
        text: "1,364.15".into(),
        decimals: 2,
    };
    let figure = Figure {
        decimals: 2,
        thousands: true,
        ..Figure::default()
    };
    assert_eq!(shown(&a, figure), "1,364.15");
}

/// Renders `bytes` with LibreOffice's forced recalculation and compares every formula with its
/// cached result (`scripts/workbook_recalc_check.py`).
fn recalculates_in_libreoffice(bytes: &[u8], name: &str) -> Option<bool> {
    let soffice = std::process::Command::new("soffice")
        .arg("--version")
        .output();
    if soffice.is_err() {
        println!("LibreOffice (soffice) is not installed: recalculation not checked");
        return None;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).expect("written");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/workbook_recalc_check.py");
    let out = std::process::Command::new("python3")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    println!("{}", String::from_utf8_lossy(&out.stdout));
    Some(out.status.success())
}

#[test]
fn libreoffice_recalculates_every_formula_to_the_engines_value() {
    let tables = budget_tables("budget-2025-final-accounts-with-errors.docx");
    let mut book = Workbook::new();
    for (i, (table, structure)) in tables.iter().enumerate() {
        let ws = book.add_worksheet();
        ws.set_name(format!("表{}", i + 1)).expect("name");
        let input = StructuredInput {
            table,
            structure,
            findings: &[],
            title: table.heading.as_deref().unwrap_or("预算表"),
            lang: Lang::Zh,
            keep: false,
        };
        write_structured_sheet(ws, &mut Styles::default(), &input).expect("sheet");
    }
    for (name, table) in [
        ("small", small_table(&[(5, 3, "170.00")])),
        ("sections", sections_table()),
    ] {
        let s = analyse(
            &table,
            &crate::annex::structure::StructureVocabulary::default(),
        );
        let ws = book.add_worksheet();
        ws.set_name(name).expect("name");
        let input = StructuredInput {
            table: &table,
            structure: &s,
            findings: &[],
            title: name,
            lang: Lang::Zh,
            keep: false,
        };
        write_structured_sheet(ws, &mut Styles::default(), &input).expect("sheet");
    }
    let bytes = book.save_to_buffer().expect("saved");
    if let Ok(dir) = std::env::var("STRUCTURED_SHEET_OUT") {
        std::fs::write(Path::new(&dir).join("structured.xlsx"), &bytes).expect("kept");
    }
    if let Some(ok) = recalculates_in_libreoffice(&bytes, "structured.xlsx") {
        assert!(
            ok,
            "LibreOffice's recalculation differs from the cached results"
        );
    }
}

/// A table with its unit in a context row, sections with 小计 rows, a `其中` part and shares.
fn sections_table() -> Table {
    simple_table(
        1,
        &[
            vec!["单位：万元", "", ""],
            vec!["项目", "金额", "占比（%）"],
            vec!["一、中央资金", "", ""],
            vec!["甲", "60.00", "40.00"],
            vec!["乙", "40.00", "26.67"],
            vec!["小计", "100.00", "66.67"],
            vec!["二、地方资金", "", ""],
            vec!["丙", "50.00", "33.33"],
            vec!["其中：人员经费", "20.00", "13.33"],
            vec!["小计", "50.00", "33.33"],
            vec!["合计", "150.00", "100.00"],
        ],
    )
}

#[test]
fn context_rows_sections_subtotals_parts_and_shares() {
    let table = sections_table();
    let s = analyse(
        &table,
        &crate::annex::structure::StructureVocabulary::default(),
    );
    let roles: Vec<RowRole> = s.rows.iter().map(|r| r.role).collect();
    assert_eq!(roles[0], RowRole::Context, "{roles:?}");
    let bytes = workbook(&table, &s, &[], Lang::Zh, true);
    assert!(assert_every_relation_is_a_live_formula(&bytes, &s) >= 4);
    // Outline levels need a sheet kept in memory (see `add_structured_sheet`).
    let bytes = workbook(&table, &s, &[], Lang::Zh, false);
    let cells = Cells::read(&mut open(&bytes));
    // The unit stays where it was printed, and is not repeated in the title.
    assert_eq!(cells.text((1, 0)), "单位：万元");
    assert!(!cells.text((0, 0)).contains("单位"));
    let kinds: std::collections::HashSet<RelationKind> =
        s.relations.iter().map(|r| r.kind).collect();
    assert!(kinds.contains(&RelationKind::Subtotal), "{kinds:?}");
    if let Some(share) = s.relations.iter().find(|r| r.kind == RelationKind::Share) {
        let formula = relation_formula(share).expect("formula");
        assert!(formula.contains("*100,2)"), "{formula}");
    }
    // 小计 rows are bold; the rows of a section are grouped under it.
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    if s.rows.iter().any(|r| r.parent.is_some()) {
        assert!(sheet.contains(r#"outlineLevel="1""#), "{sheet}");
        assert!(sheet.contains(r#"outlineLevelRow="1""#), "{sheet}");
    }
}

#[test]
fn the_builder_keeps_a_table_with_a_hierarchy_in_memory_for_its_outline() {
    // No table sheet is kept in memory for its place or its size: this one is for its outline.
    let xlsx = Xlsx {
        in_memory: Some(InMemory {
            sheets: 0,
            cells: 0,
            ..InMemory::DEFAULT
        }),
        ..Xlsx::default()
    };
    let mut builder =
        WorkbookBuilder::new(&xlsx, &Layout::for_language(Lang::Zh)).expect("a builder");
    let tables = budget_tables("budget-2025-final-accounts-with-errors.docx");
    let (table, structure) = &tables[0];
    let input = StructuredInput {
        table,
        structure,
        findings: &[],
        title: "一般公共预算财政拨款支出决算表",
        lang: Lang::Zh,
        keep: false,
    };
    let written = builder
        .add_structured_sheet(input, "一般公共预算财政拨款支出决算表")
        .expect("the sheet is added");
    assert_eq!(written.notes_left_out, 0);
    let bytes = builder.workbook.save_to_buffer().expect("saved");
    let sheet = part(&bytes, "xl/worksheets/sheet2.xml");
    assert!(
        sheet.contains(r#"outlineLevelRow="2""#),
        "the outline is kept"
    );
    assert!(sheet.contains(r#"outlineLevel="2""#), "on the rows too");
    assert!(!sheet.contains("inlineStr"), "kept in memory");
}

/// The budget sample with errors, audited in Chinese: its tables with their structures and
/// the findings with their causes and consequences.
fn audited_budget_sample() -> crate::audit::AuditReport {
    let doc = crate::wordml::read_path(
        sample("budget-2025-final-accounts-with-errors.docx"),
        &crate::package::Limits::default(),
    )
    .expect("the sample reads");
    let template = Template::built_in("budget").expect("budget template");
    crate::audit::audit_tables(
        doc.tables,
        &template,
        Some(Lang::Zh),
        &crate::audit::Selection::default(),
    )
}

/// The table at `index` of `report` and its structure.
fn structured_table(report: &crate::audit::AuditReport, index: usize) -> (&Table, &TableStructure) {
    match report.tables.get(index).map(|t| &t.outcome) {
        Some(crate::audit::TableOutcome::Structured {
            table, structure, ..
        }) => (table, structure),
        other => panic!("table {index} is structured: {other:?}"),
    }
}

/// The audit traces 小学教育's wrong 基本支出 (E15: 2064.35 where 2046.35 makes both its row's
/// 合计 and 普通教育's sum hold) and reports it there, its row's 合计 (D15) and the parent's sum
/// (E13) as its consequences. The sheet says the same: D15 and E13 are "follows" (blue), each
/// note naming E15 as the cause, and the row's status is not a finding of its own. (It marked
/// D15 red as a finding of its own and named D15 as E13's cause, telling the auditor to correct
/// a figure that is right.)
#[test]
fn a_figure_the_audit_traced_to_another_cell_is_shown_as_that_cells_consequence() {
    let report = audited_budget_sample();
    let (table, structure) = structured_table(&report, 0);
    let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.table == 1).collect();
    let cause = findings
        .iter()
        .find(|f| {
            f.location
                .is_some_and(|l| (l.table_row, l.column) == (13, 4))
        })
        .expect("the finding at E15");
    assert_eq!(cause.consequences.len(), 2, "{cause:#?}");
    let bytes = workbook(table, structure, &findings, Lang::Zh, false);
    let comments = part(&bytes, "xl/comments1.xml");
    // Each note of a consequence names E15, and no note names D15 as a cause.
    assert!(comments.matches("起因：E15").count() >= 2, "{comments}");
    assert!(!comments.contains("起因：D15"), "{comments}");
    let cells = Cells::read(&mut open(&bytes));
    let placement = Placement::of(structure);
    let (row, _) = structured_cell(13, 0);
    let status = cells.text((row, col16(placement.status_col)));
    assert_eq!(status, "不一致（连带）");
}

/// A `其中` part larger than its parent (52.00 under 48.00, its digits swapped from 25.00) is
/// the finding, with its difference; the parent's sum that disagrees because of it (48.00
/// against the parts' 75.00) is its consequence, not a finding nobody reports, and the sheet
/// names the part as its cause.
#[test]
fn a_part_above_its_parent_carries_the_parents_sum_as_its_consequence() {
    let report = audited_budget_sample();
    let (table, structure) = structured_table(&report, 1);
    let findings: Vec<&Finding> = report.findings.iter().filter(|f| f.table == 2).collect();
    let cause = findings
        .iter()
        .find(|f| f.published.as_deref() == Some("52.00"))
        .expect("the finding at the part");
    assert_eq!(cause.expected.as_deref(), Some("25.00"));
    assert_eq!(cause.delta.as_deref(), Some("+27.00"));
    let follows: Vec<&str> = cause
        .consequences
        .iter()
        .filter_map(|c| c.published.as_deref())
        .collect();
    assert_eq!(follows, ["48.00"]);
    let bytes = workbook(table, structure, &findings, Lang::Zh, false);
    let comments = part(&bytes, "xl/comments1.xml");
    assert!(comments.contains("起因：B7"), "{comments}");
}

/// A two-sided 收入支出决算总表 (收入 columns | 支出 columns) checks each side's sums down its
/// column and the two totals against each other (收入总计 = 支出总计). The balance was laid
/// out as a second "down" block and headed 纵向复核 as well; its heading now says what it is,
/// and the legend explains it.
#[test]
fn a_two_sided_tables_balance_block_is_headed_as_the_balance() {
    let tables = budget_tables("final-accounts-2025-with-errors.docx");
    let (table, structure) = &tables[0];
    assert!(
        structure
            .relations
            .iter()
            .any(|r| r.id.starts_with("balance:")),
        "the two-sided table has its balance"
    );
    let placement = Placement::of(structure);
    let kinds: Vec<BlockKind> = placement.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, [BlockKind::Down, BlockKind::Balance]);
    for (lang, down, balance) in [
        (Lang::Zh, "纵向复核", "两侧平衡复核"),
        (Lang::En, "Recomputed down", "Two sides balance"),
    ] {
        let bytes = workbook(table, structure, &[], lang, false);
        let cells = Cells::read(&mut open(&bytes));
        let headings: Vec<String> = placement
            .blocks
            .iter()
            .map(|b| cells.text((0, col16(b.first_col))))
            .collect();
        assert_eq!(headings, [down, balance]);
        // The balance's formula is in its block, in 收入总计's row.
        let balance_relation = structure
            .relations
            .iter()
            .find(|r| r.id.starts_with("balance:"))
            .expect("the balance");
        let (_, col) = recomputed_cell(structure, &balance_relation.id).expect("its cell");
        assert_eq!(usize::from(col), placement.blocks[1].first_col);
        let sheet = part(&bytes, "xl/sharedStrings.xml");
        assert!(sheet.contains(balance), "the legend names the block");
    }
    assert!(
        assert_every_relation_is_a_live_formula(
            &workbook(table, structure, &[], Lang::Zh, false),
            structure
        ) >= 5
    );
}

/// A header merged over two rows that takes two lines (a block's column path 本年决算数 /
/// 合计 under the budget sample's two header rows) had rows of the default height, 27 points
/// for the 32 two lines need: LibreOffice, which does not grow rows on import, clipped it. The
/// rows now share the cell's whole height.
#[test]
fn a_header_merged_over_two_rows_gets_the_height_of_its_lines() {
    let tables = budget_tables("budget-2025-final-accounts-with-errors.docx");
    let (table, structure) = &tables[0];
    let (first, last) = header_rows(structure).expect("header rows");
    assert_eq!(last, first + 1, "two header rows");
    let bytes = workbook(table, structure, &[], Lang::Zh, false);
    let sheet = part(&bytes, "xl/worksheets/sheet1.xml");
    let height = |table_row: usize| -> f64 {
        let (row, _) = structured_cell(table_row, 0);
        let tag = format!("<row r=\"{}\"", row + 1);
        sheet
            .split(&tag)
            .nth(1)
            .and_then(|rest| rest.split('>').next())
            .and_then(|attributes| attributes.split(" ht=\"").nth(1))
            .and_then(|h| h.split('"').next())
            .and_then(|h| h.parse().ok())
            .unwrap_or(13.5)
    };
    let two_rows = height(first) + height(last);
    assert!(
        two_rows >= text::row_height(2),
        "two lines over two header rows: {two_rows} points"
    );
}
