//! `annex-audit diff OLD NEW`: what changed between two versions of an annex, cell by cell,
//! and what each change did. Exit 0 when nothing changed, 1 when something did (like `diff`),
//! 3 when an input cannot be read.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::DiffOptions;
use crate::audit::{Lang, Selection};
use crate::pipeline::{AuditSettings, audit_path};
use crate::report::write_atomically_protecting;
use crate::review::workbook::effect_words;
use crate::review::{AnnexDiff, compare, diff_workbook};
use crate::{Error, Result};

/// Where `-o` puts the comparison workbook, as `audit -o` puts its own: into a directory
/// (existing, or named with a trailing separator) as `<new version's name>.diff.xlsx`, else at
/// the path given with `.xlsx` added when it has no such extension.
fn diff_workbook_path(new: &Path, asked: &Path) -> PathBuf {
    if asked.is_dir() || super::audit::ends_with_separator(asked) {
        let stem = new
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "annex".into());
        return asked.join(format!("{stem}.diff.xlsx"));
    }
    super::audit::with_xlsx(asked)
}

/// `annex-audit diff`. Returns the exit code: 0 identical, 1 changed.
pub fn diff(options: &DiffOptions) -> Result<u8> {
    let settings = AuditSettings {
        lang: options.lang,
        selection: Selection::default(),
        limits: options.limits.clone(),
        ..AuditSettings::default()
    };
    // Which of the two versions could not be read: the error names it, as `audit` does.
    let old = audit_path(&options.old, &settings).map_err(|e| e.with_path(&options.old))?;
    let new = audit_path(&options.new, &settings).map_err(|e| e.with_path(&options.new))?;
    let result = compare(&old, &new);
    let lang = options.lang.unwrap_or(new.report.lang);
    let inputs = [options.old.as_path(), options.new.as_path()];
    if let Some(asked) = &options.output {
        let out = diff_workbook_path(&options.new, asked);
        let bytes = diff_workbook(&result, &new, lang)?;
        super::audit::create_parent(&out)?;
        write_atomically_protecting(&out, &inputs, |w| {
            w.write_all(&bytes).map_err(|e| Error::io(&out, e))
        })?;
    }
    let json_on_stdout = options
        .json
        .as_deref()
        .is_some_and(|p| p.as_os_str() == "-");
    if let Some(path) = &options.json {
        let mut text = serde_json::to_string_pretty(&result)
            .map_err(|e| Error::io("JSON", std::io::Error::other(e)))?;
        text.push('\n');
        if json_on_stdout {
            std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| Error::io("stdout", e))?;
        } else {
            write_atomically_protecting(path, &inputs, |w| {
                w.write_all(text.as_bytes()).map_err(|e| Error::io(path, e))
            })?;
        }
    }
    if !json_on_stdout {
        let stdout = std::io::stdout();
        let mut out = stdout.lock();
        for line in lines(&result, lang) {
            writeln!(out, "{line}").map_err(|e| Error::io("stdout", e))?;
        }
    }
    Ok(u8::from(result.changed()))
}

/// The comparison for a reader, one change a line (document text shown escaped).
pub fn lines(d: &AnnexDiff, lang: Lang) -> Vec<String> {
    let esc = |t: &str| crate::error::escaped(t).into_owned();
    let mut lines = Vec::new();
    for t in &d.tables {
        let title = esc(t.title.as_deref().unwrap_or_default());
        lines.push(lang.pick(
            format!(
                "表 {}  {title}（按{}对应）",
                t.table,
                matched_by(t.matched_by, lang)
            ),
            format!("table {}  {title} (matched by {})", t.table, t.matched_by),
        ));
        for c in &t.changes {
            let name = esc(c.name.as_deref().unwrap_or_default());
            let (column, was, now) = (esc(&c.column), esc(&c.old), esc(&c.new));
            let effect = effect_words(&c.effect, lang);
            lines.push(lang.pick(
                format!(
                    "  第{}行 {name} {column}：{was} → {now}（影响：{effect}）",
                    c.row
                ),
                format!(
                    "  row {} {name} {column}: {was} → {now} (effect: {effect})",
                    c.row
                ),
            ));
        }
        for (added, rows) in [(true, &t.rows_added), (false, &t.rows_removed)] {
            for p in rows {
                let name = esc(p.name.as_deref().unwrap_or_default());
                lines.push(match (added, lang) {
                    (true, Lang::Zh) => format!("  + 第{}行 {name}（新增行）", p.row),
                    (true, Lang::En) => format!("  + row {} {name} (added)", p.row),
                    (false, Lang::Zh) => format!("  - 原第{}行 {name}（已删除）", p.row),
                    (false, Lang::En) => format!("  - old row {} {name} (removed)", p.row),
                });
            }
        }
        for k in &t.rank_changes {
            let name = esc(k.name.as_deref().unwrap_or_default());
            lines.push(match (k.kind, lang) {
                ("published", Lang::Zh) => format!("  排名 {name}：{} → {}", k.old, k.new),
                ("published", Lang::En) => format!("  rank {name}: {} → {}", k.old, k.new),
                (_, Lang::Zh) => format!("  按复核总分的名次 {name}：{} → {}", k.old, k.new),
                (_, Lang::En) => {
                    format!("  place by recomputed total {name}: {} → {}", k.old, k.new)
                }
            });
        }
        for k in &t.tracked_changes {
            let name = esc(k.name.as_deref().unwrap_or_default());
            let column = esc(k.column.as_deref().unwrap_or_default());
            let (was, now) = (esc(&k.original), esc(&k.accepted));
            lines.push(lang.pick(
                format!("  修订 {name} {column}：原为“{was}”，接受后为“{now}”"),
                format!(
                    "  tracked change {name} {column}: originally \"{was}\", accepted \"{now}\""
                ),
            ));
        }
    }
    for t in &d.tables_added {
        let title = esc(t.title.as_deref().unwrap_or_default());
        lines.push(lang.pick(
            format!("+ 表 {} {title}（新增表）", t.table),
            format!("+ table {} {title} (added)", t.table),
        ));
    }
    for t in &d.tables_removed {
        let title = esc(t.title.as_deref().unwrap_or_default());
        lines.push(lang.pick(
            format!("- 原表 {} {title}（已删除）", t.table),
            format!("- old table {} {title} (removed)", t.table),
        ));
    }
    let groups = [
        (lang.pick("已更正", "fixed"), &d.findings.fixed),
        (lang.pick("新出现", "introduced"), &d.findings.introduced),
    ];
    for (label, list) in groups {
        for f in list {
            lines.push(format!(
                "{label} [{}] {} {}: {}",
                f.id,
                crate::messages::severity_name(f.severity).map_or(f.severity, |m| m.get(lang)),
                crate::messages::check_name(f.check).map_or(f.check, |m| m.get(lang)),
                esc(&f.message)
            ));
        }
    }
    let s = &d.summary;
    lines.push(lang.pick(
        format!(
            "改动单元格 {}，增行 {}，删行 {}，排名变化 {}，新修订 {} · 发现：已更正 {}，新出现 {}，仍存在 {}",
            s.cells_changed, s.rows_added, s.rows_removed, s.rank_changes, s.tracked_changes,
            s.findings_fixed, s.findings_introduced, s.findings_persisting
        ),
        format!(
            "{} cells changed, {} rows added, {} removed, {} rank changes, {} new tracked changes · findings: {} fixed, {} introduced, {} persisting",
            s.cells_changed, s.rows_added, s.rows_removed, s.rank_changes, s.tracked_changes,
            s.findings_fixed, s.findings_introduced, s.findings_persisting
        ),
    ));
    lines
}

fn matched_by(how: &str, lang: Lang) -> &'static str {
    match how {
        "bookmark" => lang.pick("书签", "bookmark"),
        "heading" => lang.pick("标题", "heading"),
        _ => lang.pick("位置", "position"),
    }
}
