//! The comparison as a workbook: a summary sheet listing every change, then one sheet per
//! changed table showing the new version's cells, each changed cell highlighted with its old
//! value in a note.

use std::collections::HashSet;

use rust_xlsxwriter::{Color, Format, FormatBorder, Note, Workbook, Worksheet, XlsxError};

use super::diff::{AnnexDiff, Effect, FindingRef, TableDiff};
use crate::audit::{Lang, TableOutcome};
use crate::report::{AuditedFile, Layout};
use crate::{Error, Result};

/// The effects in words.
pub fn effect_words(effect: &[Effect], lang: Lang) -> String {
    let words: Vec<&str> = effect
        .iter()
        .map(|e| match e {
            Effect::Total => lang.pick("总分", "total"),
            Effect::Rank => lang.pick("排名", "rank"),
            Effect::Finding => lang.pick("发现", "finding"),
        })
        .collect();
    if words.is_empty() {
        lang.pick("仅此单元格", "this cell only").to_string()
    } else {
        words.join(lang.pick("、", ", "))
    }
}

struct Styles {
    heading: Format,
    plain: Format,
    changed: Format,
}

fn styles() -> Styles {
    let base = Format::new().set_font_name("宋体").set_font_size(10.5);
    Styles {
        heading: base.clone().set_bold().set_border(FormatBorder::Thin),
        plain: base.clone().set_border(FormatBorder::Thin),
        changed: base
            .set_border(FormatBorder::Thin)
            .set_background_color(Color::RGB(0xFFEB9C)),
    }
}

/// The workbook's bytes. `new` is the new version's audit (its tables are shown).
pub fn diff_workbook(diff: &AnnexDiff, new: &AuditedFile, lang: Lang) -> Result<Vec<u8>> {
    build(diff, new, lang)
        .and_then(|mut w| w.save_to_buffer())
        .map_err(|e| Error::io("workbook", std::io::Error::other(e)))
}

fn build(
    diff: &AnnexDiff,
    new: &AuditedFile,
    lang: Lang,
) -> std::result::Result<Workbook, XlsxError> {
    let styles = styles();
    let mut workbook = Workbook::new();
    let summary_name = lang.pick("变化概览", "Changes");
    let mut used: HashSet<String> = HashSet::from([summary_name.to_lowercase()]);
    let ws = workbook.add_worksheet();
    ws.set_name(summary_name)?;
    write_summary(ws, diff, lang, &styles)?;
    for t in &diff.tables {
        let mut name = Layout::sheet_name_for(t.title.as_deref().unwrap_or_default());
        if name.is_empty() {
            name = lang.pick(format!("表{}", t.table), format!("Table {}", t.table));
        }
        let base = name.clone();
        let mut n = 1;
        while !used.insert(name.to_lowercase()) {
            n += 1;
            let suffix = format!(" ({n})");
            let keep = 31usize.saturating_sub(suffix.chars().count());
            name = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        }
        let ws = workbook.add_worksheet();
        ws.set_name(&name)?;
        write_table(ws, t, new, lang, &styles)?;
    }
    Ok(workbook)
}

fn write_row(
    ws: &mut Worksheet,
    row: u32,
    cells: &[String],
    format: &Format,
) -> std::result::Result<(), XlsxError> {
    for (c, text) in (0u16..).zip(cells) {
        ws.write_string_with_format(row, c, text, format)?;
    }
    Ok(())
}

fn write_summary(
    ws: &mut Worksheet,
    diff: &AnnexDiff,
    lang: Lang,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    let mut r = 0u32;
    let facts = [
        (lang.pick("旧版本", "Old version"), &diff.old),
        (lang.pick("新版本", "New version"), &diff.new),
    ];
    for (label, f) in facts {
        let line = [label.to_string(), f.path.clone(), f.sha256.clone()];
        write_row(ws, r, &line, &styles.plain)?;
        r += 1;
    }
    let s = &diff.summary;
    let counts = lang.pick(
        format!(
            "比较 {} 张表，{} 张有变化；改动单元格 {}；增行 {}，删行 {}；排名变化 {}；新修订 {}；发现：已更正 {}，新出现 {}，仍存在 {}",
            s.tables_compared,
            s.tables_changed,
            s.cells_changed,
            s.rows_added,
            s.rows_removed,
            s.rank_changes,
            s.tracked_changes,
            s.findings_fixed,
            s.findings_introduced,
            s.findings_persisting
        ),
        format!(
            "{} tables compared, {} changed; {} cells changed; {} rows added, {} removed; {} rank changes; {} new tracked changes; findings: {} fixed, {} introduced, {} persisting",
            s.tables_compared,
            s.tables_changed,
            s.cells_changed,
            s.rows_added,
            s.rows_removed,
            s.rank_changes,
            s.tracked_changes,
            s.findings_fixed,
            s.findings_introduced,
            s.findings_persisting
        ),
    );
    ws.write_string_with_format(r, 0, counts, &styles.plain)?;
    r += 2;
    let heading = lang
        .pick(
            ["表", "行", "名称", "列", "原值", "新值", "影响"],
            ["Table", "Row", "Name", "Column", "Old", "New", "Effect"],
        )
        .map(str::to_string);
    write_row(ws, r, &heading, &styles.heading)?;
    r += 1;
    for t in &diff.tables {
        let title = t.title.clone().unwrap_or_else(|| t.table.to_string());
        for c in &t.changes {
            let line = [
                title.clone(),
                c.row.to_string(),
                c.name.clone().unwrap_or_default(),
                c.column.clone(),
                c.old.clone(),
                c.new.clone(),
                effect_words(&c.effect, lang),
            ];
            write_row(ws, r, &line, &styles.plain)?;
            r += 1;
        }
        let moved = [
            (lang.pick("增行", "row added"), &t.rows_added),
            (lang.pick("删行", "row removed"), &t.rows_removed),
        ];
        for (what, rows) in moved {
            for p in rows {
                let line = [
                    title.clone(),
                    p.row.to_string(),
                    p.name.clone().unwrap_or_default(),
                    what.to_string(),
                ];
                write_row(ws, r, &line, &styles.plain)?;
                r += 1;
            }
        }
        for k in &t.rank_changes {
            let what = match k.kind {
                "published" => lang.pick("排名（发布）", "rank (published)"),
                _ => lang.pick("名次（按复核总分）", "place (recomputed)"),
            };
            let line = [
                title.clone(),
                k.row.to_string(),
                k.name.clone().unwrap_or_default(),
                what.to_string(),
                k.old.clone(),
                k.new.clone(),
            ];
            write_row(ws, r, &line, &styles.plain)?;
            r += 1;
        }
        for k in &t.tracked_changes {
            let line = [
                title.clone(),
                k.row.map(|r| r.to_string()).unwrap_or_default(),
                k.name.clone().unwrap_or_default(),
                k.column.clone().unwrap_or_default(),
                k.original.clone(),
                k.accepted.clone(),
                lang.pick("修订（未接受）", "tracked change (unaccepted)")
                    .to_string(),
            ];
            write_row(ws, r, &line, &styles.plain)?;
            r += 1;
        }
    }
    r += 1;
    let finding_heading = lang
        .pick(
            ["编号", "表", "名称", "列", "严重程度", "检查", "说明"],
            [
                "Id", "Table", "Name", "Column", "Severity", "Check", "Message",
            ],
        )
        .map(str::to_string);
    write_row(ws, r, &finding_heading, &styles.heading)?;
    r += 1;
    let groups = [
        (
            lang.pick("已更正的发现", "Findings fixed"),
            &diff.findings.fixed,
        ),
        (
            lang.pick("新出现的发现", "Findings introduced"),
            &diff.findings.introduced,
        ),
        (
            lang.pick("仍存在的发现", "Findings persisting"),
            &diff.findings.persisting,
        ),
    ];
    for (label, list) in groups {
        ws.write_string_with_format(r, 0, format!("{label}（{}）", list.len()), &styles.heading)?;
        r += 1;
        for f in list {
            write_row(ws, r, &finding_line(f, lang), &styles.plain)?;
            r += 1;
        }
    }
    for (c, width) in [12.0, 8.0, 24.0, 18.0, 12.0, 12.0, 24.0].iter().enumerate() {
        ws.set_column_width(u16::try_from(c).unwrap_or(0), *width)?;
    }
    Ok(())
}

fn finding_line(f: &FindingRef, lang: Lang) -> [String; 7] {
    [
        f.id.clone(),
        f.table.to_string(),
        f.name.clone().unwrap_or_default(),
        f.column.clone().unwrap_or_default(),
        crate::messages::severity_name(f.severity)
            .map_or(f.severity, |m| m.get(lang))
            .to_string(),
        crate::messages::check_name(f.check)
            .map_or(f.check, |m| m.get(lang))
            .to_string(),
        f.message.clone(),
    ]
}

/// One changed table: the new version's cells as laid out in Word, changes highlighted.
fn write_table(
    ws: &mut Worksheet,
    t: &TableDiff,
    new: &AuditedFile,
    lang: Lang,
    styles: &Styles,
) -> std::result::Result<(), XlsxError> {
    let title = t.title.clone().unwrap_or_default();
    ws.write_string_with_format(0, 0, &title, &styles.heading)?;
    let Some(TableOutcome::Score { sheet, .. }) = new.report.table(t.table).map(|a| &a.outcome)
    else {
        return Ok(());
    };
    let changed: std::collections::HashMap<(usize, usize), &super::diff::CellChange> = t
        .changes
        .iter()
        .filter_map(|c| {
            let grid = sheet.columns.get(c.column_index)?.grid_col;
            Some(((c.table_row, grid), c))
        })
        .collect();
    let mut last = 1u32;
    for (r, row) in sheet.table.rows.iter().enumerate() {
        let xr = u32::try_from(r + 1).unwrap_or(u32::MAX);
        last = xr;
        for cell in &row.cells {
            let xc = u16::try_from(cell.grid_col).unwrap_or(u16::MAX);
            match changed.get(&(r, cell.grid_col)) {
                Some(change) => {
                    ws.write_string_with_format(xr, xc, &cell.text, &styles.changed)?;
                    let text = lang.pick(
                        format!(
                            "原为：{}\n影响：{}",
                            change.old,
                            effect_words(&change.effect, lang)
                        ),
                        format!(
                            "was: {}\neffect: {}",
                            change.old,
                            effect_words(&change.effect, lang)
                        ),
                    );
                    ws.insert_note(xr, xc, &Note::new(text).add_author_prefix(false))?;
                }
                None => {
                    ws.write_string_with_format(xr, xc, &cell.text, &styles.plain)?;
                }
            }
        }
    }
    for (r, p) in (last + 2..).zip(&t.rows_removed) {
        let mut line = vec![lang.pick("已删除的行", "row removed").to_string()];
        line.extend(p.cells.iter().map(|(k, v)| format!("{k}: {v}")));
        write_row(ws, r, &line, &styles.plain)?;
    }
    Ok(())
}
