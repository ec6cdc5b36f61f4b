//! Two versions of an annex compared cell by cell: what the office changed between drafts, and
//! what each change did to a total, a rank or a finding.
//!
//! Tables are matched by a bookmark a person named, else by title (normalised as in
//! [`table_key`]), else by position among the tables left; rows by name (a name printed twice
//! by occurrence), rows without a name by position; columns by header (without the maximum,
//! [`column_key`]). Only audited score tables are compared cell by cell.

use std::collections::{BTreeMap, HashMap, HashSet};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::annex::{Role, ScoreSheet, Value};
use crate::audit::id::{column_key, is_hidden_bookmark, row_key, table_key};
use crate::audit::{Finding, RowAudit, TableAudit, TableOutcome};
use crate::report::AuditedFile;

/// A document as the comparison names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileFacts {
    /// The path as given.
    pub path: String,
    /// SHA-256 of its bytes.
    pub sha256: String,
    /// Its size in bytes.
    pub bytes: u64,
    /// Its title.
    pub title: Option<String>,
}

impl FileFacts {
    fn of(file: &AuditedFile) -> Self {
        FileFacts {
            path: file.path.display().to_string(),
            sha256: file.sha256.clone(),
            bytes: file.bytes,
            title: file.title.clone(),
        }
    }
}

/// What a changed cell did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Effect {
    /// The published total, or the total the row's figures add up to, changed (or can no
    /// longer be recomputed).
    Total,
    /// The row's rank changed: as published, or as its recomputed total implies.
    Rank,
    /// A finding on the cell (or, for a figure, on the row's total) was fixed or introduced.
    Finding,
}

/// One changed cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellChange {
    /// The data row in the new version (1-based).
    pub row: usize,
    /// The row's name.
    pub name: Option<String>,
    /// The column's header in the new version.
    pub column: String,
    /// The text before.
    pub old: String,
    /// The text now.
    pub new: String,
    /// What it changed beyond the cell (empty: nothing else).
    pub effect: Vec<Effect>,
    /// 0-based row of the new table (for the workbook).
    #[serde(skip)]
    pub table_row: usize,
    /// 0-based logical column of the new sheet (for the workbook).
    #[serde(skip)]
    pub column_index: usize,
}

/// A row present in one version only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowPresence {
    /// Its data row number in the version that has it.
    pub row: usize,
    /// Its name.
    pub name: Option<String>,
    /// Its cells, header → text.
    pub cells: BTreeMap<String, String>,
}

/// A row whose rank moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RankChange {
    /// The data row in the new version.
    pub row: usize,
    /// The row's name.
    pub name: Option<String>,
    /// `published` (the rank column's value) or `recomputed` (the place its recomputed total
    /// takes in the table).
    pub kind: &'static str,
    /// Before.
    pub old: String,
    /// Now.
    pub new: String,
}

/// A tracked change in the new version that the old one did not have.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrackedChange {
    /// The data row, when the cell is in one.
    pub row: Option<usize>,
    /// The row's name.
    pub name: Option<String>,
    /// The column's header.
    pub column: Option<String>,
    /// The text before the tracked changes.
    pub original: String,
    /// The text once they are accepted.
    pub accepted: String,
}

/// One pair of matched tables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableDiff {
    /// The table's number in the new version.
    pub table: usize,
    /// Its number in the old version.
    pub old_table: usize,
    /// The table's title ([`crate::wordml::Table::title`]), new version.
    pub title: Option<String>,
    /// `bookmark`, `heading` or `position`.
    pub matched_by: &'static str,
    /// Every changed cell, in row then column order.
    pub changes: Vec<CellChange>,
    /// Rows only the new version has.
    pub rows_added: Vec<RowPresence>,
    /// Rows only the old version had.
    pub rows_removed: Vec<RowPresence>,
    /// Ranks that moved.
    pub rank_changes: Vec<RankChange>,
    /// Tracked changes new in this version.
    pub tracked_changes: Vec<TrackedChange>,
}

impl TableDiff {
    /// Whether anything differs.
    pub fn changed(&self) -> bool {
        !(self.changes.is_empty()
            && self.rows_added.is_empty()
            && self.rows_removed.is_empty()
            && self.rank_changes.is_empty()
            && self.tracked_changes.is_empty())
    }
}

/// A table present in one version only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TablePresence {
    /// Its number in the version that has it.
    pub table: usize,
    /// The table's title ([`crate::wordml::Table::title`]).
    pub title: Option<String>,
}

/// A finding as the comparison lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FindingRef {
    /// Its id.
    pub id: String,
    /// Its check.
    pub check: &'static str,
    /// Its severity.
    pub severity: &'static str,
    /// Its table (in the version it comes from).
    pub table: usize,
    /// Its row's name.
    pub name: Option<String>,
    /// Its column.
    pub column: Option<String>,
    /// What it says.
    pub message: String,
}

impl FindingRef {
    fn of(f: &Finding) -> Self {
        FindingRef {
            id: f.id.clone(),
            check: f.check.as_str(),
            severity: f.severity.as_str(),
            table: f.table,
            name: f.name.clone(),
            column: f.column.clone(),
            message: f.message.clone(),
        }
    }
}

/// The audit findings between the two versions, by id.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FindingChanges {
    /// In the old version only.
    pub fixed: Vec<FindingRef>,
    /// In the new version only.
    pub introduced: Vec<FindingRef>,
    /// In both.
    pub persisting: Vec<FindingRef>,
}

/// Counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DiffSummary {
    /// Tables matched and compared.
    pub tables_compared: usize,
    /// Tables with a change.
    pub tables_changed: usize,
    /// Tables only in the new version.
    pub tables_added: usize,
    /// Tables only in the old version.
    pub tables_removed: usize,
    /// Cells changed.
    pub cells_changed: usize,
    /// Rows added.
    pub rows_added: usize,
    /// Rows removed.
    pub rows_removed: usize,
    /// Rank changes.
    pub rank_changes: usize,
    /// Tracked changes new in the new version.
    pub tracked_changes: usize,
    /// Findings fixed.
    pub findings_fixed: usize,
    /// Findings introduced.
    pub findings_introduced: usize,
    /// Findings in both.
    pub findings_persisting: usize,
}

/// The comparison of two versions of an annex.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AnnexDiff {
    /// The old version.
    pub old: FileFacts,
    /// The new version.
    pub new: FileFacts,
    /// Every matched table with a change.
    pub tables: Vec<TableDiff>,
    /// Tables only the new version has.
    pub tables_added: Vec<TablePresence>,
    /// Tables only the old version had.
    pub tables_removed: Vec<TablePresence>,
    /// The audit findings fixed, introduced and persisting.
    pub findings: FindingChanges,
    /// Counts.
    pub summary: DiffSummary,
}

impl AnnexDiff {
    /// Whether the two versions differ at all (`diff`'s exit code 1).
    pub fn changed(&self) -> bool {
        !self.tables.is_empty()
            || !self.tables_added.is_empty()
            || !self.tables_removed.is_empty()
            || !self.findings.fixed.is_empty()
            || !self.findings.introduced.is_empty()
    }
}

/// Compares two audited versions of an annex.
pub fn compare(old: &AuditedFile, new: &AuditedFile) -> AnnexDiff {
    let old_tables: Vec<&TableAudit> = old.report.tables.iter().collect();
    let new_tables: Vec<&TableAudit> = new.report.tables.iter().collect();
    let pairs = match_tables(&old_tables, &new_tables);
    let mut tables = Vec::new();
    let mut compared = 0;
    let (mut old_matched, mut new_matched) = (HashSet::new(), HashSet::new());
    for (o, n, how) in &pairs {
        old_matched.insert(*o);
        new_matched.insert(*n);
        let (Some(ot), Some(nt)) = (old_tables.get(*o), new_tables.get(*n)) else {
            continue;
        };
        compared += 1;
        let diff = compare_tables(ot, nt, how, &old.report.findings, &new.report.findings);
        if diff.changed() {
            tables.push(diff);
        }
    }
    let presence = |list: &[&TableAudit], matched: &HashSet<usize>| -> Vec<TablePresence> {
        list.iter()
            .enumerate()
            .filter(|(i, _)| !matched.contains(i))
            .map(|(_, t)| TablePresence {
                table: t.table,
                title: t.title.clone(),
            })
            .collect()
    };
    let tables_added = presence(&new_tables, &new_matched);
    let tables_removed = presence(&old_tables, &old_matched);
    let findings = finding_changes(&old.report.findings, &new.report.findings);
    let summary = DiffSummary {
        tables_compared: compared,
        tables_changed: tables.len(),
        tables_added: tables_added.len(),
        tables_removed: tables_removed.len(),
        cells_changed: tables.iter().map(|t| t.changes.len()).sum(),
        rows_added: tables.iter().map(|t| t.rows_added.len()).sum(),
        rows_removed: tables.iter().map(|t| t.rows_removed.len()).sum(),
        rank_changes: tables.iter().map(|t| t.rank_changes.len()).sum(),
        tracked_changes: tables.iter().map(|t| t.tracked_changes.len()).sum(),
        findings_fixed: findings.fixed.len(),
        findings_introduced: findings.introduced.len(),
        findings_persisting: findings.persisting.len(),
    };
    AnnexDiff {
        old: FileFacts::of(old),
        new: FileFacts::of(new),
        tables,
        tables_added,
        tables_removed,
        findings,
        summary,
    }
}

/// The findings of each version split by id.
fn finding_changes(old: &[Finding], new: &[Finding]) -> FindingChanges {
    let old_ids: HashSet<&str> = old.iter().map(|f| f.id.as_str()).collect();
    let new_ids: HashSet<&str> = new.iter().map(|f| f.id.as_str()).collect();
    FindingChanges {
        fixed: old
            .iter()
            .filter(|f| !new_ids.contains(f.id.as_str()))
            .map(FindingRef::of)
            .collect(),
        introduced: new
            .iter()
            .filter(|f| !old_ids.contains(f.id.as_str()))
            .map(FindingRef::of)
            .collect(),
        persisting: new
            .iter()
            .filter(|f| old_ids.contains(f.id.as_str()))
            .map(FindingRef::of)
            .collect(),
    }
}

/// A way to key tables for matching.
type TableKeyFn = dyn Fn(&TableAudit) -> Option<String>;

/// Pairs of (old index, new index, how matched): by a person's bookmark, then by title (by
/// occurrence when a title repeats), then by position among the tables left.
fn match_tables(old: &[&TableAudit], new: &[&TableAudit]) -> Vec<(usize, usize, &'static str)> {
    let mut pairs = Vec::new();
    let (mut old_left, mut new_left): (Vec<usize>, Vec<usize>) =
        ((0..old.len()).collect(), (0..new.len()).collect());
    let bookmark = |t: &TableAudit| t.bookmarks.iter().find(|b| !is_hidden_bookmark(b)).cloned();
    let heading = |t: &TableAudit| {
        t.title
            .as_deref()
            .map(|title| table_key(&[], Some(title), t.table))
    };
    let keys: [(&'static str, &TableKeyFn); 2] = [("bookmark", &bookmark), ("heading", &heading)];
    for (how, key) in keys {
        let mut by_key: HashMap<(String, usize), usize> = HashMap::new();
        let mut seen: HashMap<String, usize> = HashMap::new();
        for &i in &old_left {
            if let Some(k) = old.get(i).and_then(|t| key(t)) {
                let n = seen.entry(k.clone()).or_insert(0);
                *n += 1;
                by_key.insert((k, *n), i);
            }
        }
        seen.clear();
        let mut matched_new = HashSet::new();
        let mut matched_old = HashSet::new();
        for &j in &new_left {
            let Some(k) = new.get(j).and_then(|t| key(t)) else {
                continue;
            };
            let n = seen.entry(k.clone()).or_insert(0);
            *n += 1;
            if let Some(&i) = by_key.get(&(k, *n)) {
                pairs.push((i, j, how));
                matched_old.insert(i);
                matched_new.insert(j);
            }
        }
        old_left.retain(|i| !matched_old.contains(i));
        new_left.retain(|j| !matched_new.contains(j));
    }
    for (&i, &j) in old_left.iter().zip(&new_left) {
        pairs.push((i, j, "position"));
    }
    pairs.sort_by_key(|(_, j, _)| *j);
    pairs
}

/// A score table's parts the comparison needs.
struct Side<'a> {
    sheet: &'a ScoreSheet,
    rows: &'a [RowAudit],
}

fn side(t: &TableAudit) -> Option<Side<'_>> {
    match &t.outcome {
        TableOutcome::Score { sheet, rows, .. } => Some(Side { sheet, rows }),
        TableOutcome::Structured { .. } | TableOutcome::Skipped { .. } => None,
    }
}

/// A cell's text as published, whitespace collapsed.
fn cell_text(sheet: &ScoreSheet, row: usize, column: usize) -> String {
    let text = sheet
        .rows
        .get(row)
        .and_then(|r| r.value(column))
        .map(Value::text)
        .unwrap_or_default();
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each data row's key (name, or `#N`), with an occurrence suffix when a name repeats.
fn row_keys(sheet: &ScoreSheet) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    sheet
        .rows
        .iter()
        .map(|r| {
            let key = row_key(r.name.as_deref(), Some(r.number));
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            if *n == 1 { key } else { format!("{key}~{n}") }
        })
        .collect()
}

/// The recomputed total of each row (the published one when it could not be recomputed).
fn totals(side: &Side<'_>) -> Vec<Option<Decimal>> {
    let total_col = side.sheet.column(Role::Total);
    side.sheet
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            side.rows
                .get(i)
                .and_then(|a| a.recomputation.as_ref())
                .map(|rc| rc.expected)
                .or_else(|| {
                    total_col
                        .and_then(|c| r.value(c))
                        .and_then(Value::number)
                        .map(|n| n.value)
                })
        })
        .collect()
}

/// The place each recomputed total takes in its table (1 + the number of higher totals).
fn places(totals: &[Option<Decimal>]) -> Vec<Option<usize>> {
    totals
        .iter()
        .map(|t| {
            let t = (*t)?;
            Some(1 + totals.iter().flatten().filter(|o| **o > t).count())
        })
        .collect()
}

/// The ids of the findings on a cell of a table: (row key, column key).
fn findings_at(findings: &[Finding], table: usize) -> HashMap<(String, String), HashSet<&str>> {
    let mut at: HashMap<(String, String), HashSet<&str>> = HashMap::new();
    for f in findings.iter().filter(|f| f.table == table) {
        let key = (
            row_key(f.name.as_deref(), f.row),
            f.column.as_deref().map(column_key).unwrap_or_default(),
        );
        at.entry(key).or_default().insert(f.id.as_str());
    }
    at
}

fn compare_tables(
    old_t: &TableAudit,
    new_t: &TableAudit,
    how: &'static str,
    old_findings: &[Finding],
    new_findings: &[Finding],
) -> TableDiff {
    let mut diff = TableDiff {
        table: new_t.table,
        old_table: old_t.table,
        title: new_t.title.clone(),
        matched_by: how,
        changes: Vec::new(),
        rows_added: Vec::new(),
        rows_removed: Vec::new(),
        rank_changes: Vec::new(),
        tracked_changes: Vec::new(),
    };
    let (Some(old), Some(new)) = (side(old_t), side(new_t)) else {
        return diff;
    };
    let old_keys = row_keys(old.sheet);
    let new_keys = row_keys(new.sheet);
    let old_by_key: HashMap<&str, usize> = old_keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let old_columns: HashMap<String, usize> = old
        .sheet
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| (column_key(&c.label), i))
        .collect();
    let (old_totals, new_totals) = (totals(&old), totals(&new));
    let (old_places, new_places) = (places(&old_totals), places(&new_totals));
    let old_at = findings_at(old_findings, old_t.table);
    let new_at = findings_at(new_findings, new_t.table);
    let total_key = new
        .sheet
        .column(Role::Total)
        .and_then(|c| new.sheet.columns.get(c))
        .map(|c| column_key(&c.label))
        .unwrap_or_default();
    let rank_col = new.sheet.column(Role::Rank);
    let mut matched_old = HashSet::new();
    for (j, key) in new_keys.iter().enumerate() {
        let Some(row) = new.sheet.rows.get(j) else {
            continue;
        };
        let Some(&i) = old_by_key.get(key.as_str()) else {
            diff.rows_added.push(presence(new.sheet, j));
            continue;
        };
        matched_old.insert(i);
        let row_name_key = row_key(row.name.as_deref(), Some(row.number));
        let findings_changed = |column: &str| {
            let k = (row_name_key.clone(), column.to_string());
            let empty = HashSet::new();
            old_at.get(&k).unwrap_or(&empty) != new_at.get(&k).unwrap_or(&empty)
        };
        // A figure that stops (or starts) parsing changes whether the total can be checked.
        let recomputed = |side: &Side<'_>, k: usize| {
            side.rows
                .get(k)
                .and_then(|a| a.recomputation.as_ref())
                .map(|rc| rc.expected)
        };
        let total_changed = old_totals.get(i) != new_totals.get(j)
            || recomputed(&old, i).is_some() != recomputed(&new, j).is_some();
        let place_changed = old_places.get(i) != new_places.get(j);
        for (c, column) in new.sheet.columns.iter().enumerate() {
            let ckey = column_key(&column.label);
            let Some(&oc) = old_columns.get(&ckey) else {
                continue;
            };
            let (was, now) = (cell_text(old.sheet, i, oc), cell_text(new.sheet, j, c));
            if was == now {
                continue;
            }
            let mut effect = Vec::new();
            let figure = matches!(column.role, Role::Component | Role::Bonus | Role::Total);
            if column.role == Role::Total || (figure && total_changed) {
                effect.push(Effect::Total);
            }
            if column.role == Role::Rank || (figure && place_changed) {
                effect.push(Effect::Rank);
            }
            if findings_changed(&ckey) || (figure && findings_changed(&total_key)) {
                effect.push(Effect::Finding);
            }
            diff.changes.push(CellChange {
                row: row.number,
                name: row.name.clone(),
                column: column.label.clone(),
                old: was,
                new: now,
                effect,
                table_row: row.table_row,
                column_index: c,
            });
        }
        if let Some(rc) = rank_col {
            let oc = new
                .sheet
                .columns
                .get(rc)
                .and_then(|c| old_columns.get(&column_key(&c.label)));
            if let Some(&oc) = oc {
                let (was, now) = (cell_text(old.sheet, i, oc), cell_text(new.sheet, j, rc));
                if was != now {
                    diff.rank_changes.push(RankChange {
                        row: row.number,
                        name: row.name.clone(),
                        kind: "published",
                        old: was,
                        new: now,
                    });
                }
            }
        }
        if place_changed {
            let show = |p: Option<&Option<usize>>| {
                p.copied()
                    .flatten()
                    .map(|p| p.to_string())
                    .unwrap_or_default()
            };
            diff.rank_changes.push(RankChange {
                row: row.number,
                name: row.name.clone(),
                kind: "recomputed",
                old: show(old_places.get(i)),
                new: show(new_places.get(j)),
            });
        }
    }
    for i in (0..old.sheet.rows.len()).filter(|i| !matched_old.contains(i)) {
        diff.rows_removed.push(presence(old.sheet, i));
    }
    diff.tracked_changes = tracked_changes(old.sheet, new.sheet);
    diff
}

/// A row's cells by header.
fn presence(sheet: &ScoreSheet, i: usize) -> RowPresence {
    let row = sheet.rows.get(i);
    RowPresence {
        row: row.map_or(i + 1, |r| r.number),
        name: row.and_then(|r| r.name.clone()),
        cells: sheet
            .columns
            .iter()
            .enumerate()
            .map(|(c, col)| (col.label.clone(), cell_text(sheet, i, c)))
            .collect(),
    }
}

/// The tracked changes of the new table that the old one does not hold (same accepted and
/// original text in the same row name and column).
fn tracked_changes(old: &ScoreSheet, new: &ScoreSheet) -> Vec<TrackedChange> {
    let list = |sheet: &ScoreSheet| -> Vec<TrackedChange> {
        let mut out = Vec::new();
        for (r, row) in sheet.table.rows.iter().enumerate() {
            let data = sheet.row_at(r);
            for cell in &row.cells {
                let Some(rev) = &cell.revision else { continue };
                let column = sheet
                    .columns
                    .iter()
                    .rposition(|c| c.grid_col <= cell.grid_col)
                    .and_then(|c| sheet.columns.get(c))
                    .map(|c| c.label.clone());
                out.push(TrackedChange {
                    row: data.map(|d| d.number),
                    name: data.and_then(|d| d.name.clone()),
                    column,
                    original: rev.original.trim().to_string(),
                    accepted: cell.text.trim().to_string(),
                });
            }
        }
        out
    };
    let before: HashSet<(Option<String>, Option<String>, String, String)> = list(old)
        .into_iter()
        .map(|t| {
            (
                t.name,
                t.column.as_deref().map(column_key),
                t.original,
                t.accepted,
            )
        })
        .collect();
    list(new)
        .into_iter()
        .filter(|t| {
            !before.contains(&(
                t.name.clone(),
                t.column.as_deref().map(column_key),
                t.original.clone(),
                t.accepted.clone(),
            ))
        })
        .collect()
}
