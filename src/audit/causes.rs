//! Root causes: findings that share one cause are reported once, at the cause, with the
//! consequences attached ([`Finding::consequences`], each with `caused_by`) and counted in the
//! message. One mistake gives one finding, not a wall of them:
//!
//! - a gap in the ranks (a row deleted or left out) is one `rank` finding at the gap, not one
//!   per later row ([`rank_shifts`]);
//! - a note whose factor contradicts the header while every scaled row fits the header's
//!   maxima is one `rule` error on the note, the rows checked with the header's scaling and no
//!   `total` finding for them ([`note_against_header`], [`attach_to_note`]);
//! - a column maximum that most rows' scores exceed is one `range` finding on the header, with
//!   the header's `weights` warning when the maximum the rows need is what makes the maxima add
//!   up ([`header_maxima`]);
//! - a 合计 that a wrong or missing row total explains is reported under that row
//!   ([`sum_row_by_row`]).
//!
//! The chain driver runs [`note_against_header`] once every row is recomputed, and [`group`]
//! after the checks.

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use super::checks::{Chain, ChainRow, ChainRule, recompute_row, table_finding};
use super::exact::Factor;
use super::text::Lang;
use super::{Check, Finding, Location, RowAudit, RowStatus, Severity};
use crate::annex::{Role, ScoreSheet, Value, parse_rank};

/// What the scaled rows say about a note whose rule the header may contradict.
#[derive(Debug)]
pub(super) enum NoteVerdict {
    /// Some scaled totals differ from the note's rule, and every scaled row fits the header's
    /// proportional scaling: the note is wrong. The rows were re-checked with the header's.
    HeaderFits {
        /// The `total` findings the note's rule gave, now consequences of the note.
        consequences: Vec<Finding>,
        /// Rows scaled.
        scaled_rows: usize,
        /// The header's factor for the first scaled row.
        factor: Option<Factor>,
    },
    /// Every scaled row fits the note.
    NoteFits {
        /// Rows scaled.
        scaled_rows: usize,
    },
}

/// Re-checks the scaled rows of a chain whose note states a rule: when some of their totals
/// differ under the note's rule but all of them fit proportional scaling to the header's
/// maxima, the header's rule replaces the note's for those rows (their audits and
/// discrepancies), and the note's discrepancies become the consequences of one `rule` finding.
pub(super) fn note_against_header(
    sheets: &[&ScoreSheet],
    rule: &ChainRule,
    rows: &mut [ChainRow],
    audits: &mut [Vec<RowAudit>],
    lang: Lang,
) -> Option<NoteVerdict> {
    rule.stated.as_ref()?;
    let is_scaled = |e: &ChainRow| {
        audits
            .get(e.sheet)
            .and_then(|s| s.get(e.row))
            .and_then(|a| a.recomputation.as_ref())
            .is_some_and(|rc| rc.factor.is_some())
    };
    let scaled_count = rows.iter().filter(|e| is_scaled(e)).count();
    if scaled_count == 0 {
        return None;
    }
    // Rows that follow the note cost nothing more.
    if !rows.iter().any(|e| e.discrepancy.is_some() && is_scaled(e)) {
        return Some(NoteVerdict::NoteFits {
            scaled_rows: scaled_count,
        });
    }
    let header = ChainRule::default();
    let mut scaled = Vec::new();
    for (i, e) in rows.iter().enumerate() {
        if !is_scaled(e) {
            continue;
        }
        let sheet = *sheets.get(e.sheet)?;
        let row = sheet.rows.get(e.row)?;
        let (by_header, discrepancy) = recompute_row(sheet, row, &header, lang);
        if discrepancy.is_some() || by_header.status != RowStatus::Consistent {
            return None;
        }
        scaled.push((i, by_header));
    }
    let scaled_rows = scaled.len();
    let factor = scaled
        .first()
        .and_then(|(_, a)| a.recomputation.as_ref())
        .and_then(|rc| rc.factor);
    let mut consequences = Vec::new();
    for (i, by_header) in scaled {
        let Some(e) = rows.get_mut(i) else { continue };
        consequences.extend(e.discrepancy.take());
        e.corrected = None;
        if let Some(slot) = audits.get_mut(e.sheet).and_then(|s| s.get_mut(e.row)) {
            *slot = by_header;
        }
    }
    Some(NoteVerdict::HeaderFits {
        consequences,
        scaled_rows,
        factor,
    })
}

/// Groups a chain's findings by cause: the note's verdict, rank shifts, header maxima.
pub(super) fn group(findings: &mut Vec<Finding>, chain: &Chain<'_>, verdict: Option<NoteVerdict>) {
    if let Some(verdict) = verdict {
        attach_to_note(findings, chain, verdict);
    }
    ranks_behind_totals(findings, chain);
    totals_above_their_maximum_by_a_part(findings, chain);
    rank_shifts(findings, chain);
    header_maxima(findings, chain);
    sum_row_by_row(findings, chain);
}

/// The note's `rule` finding takes the verdict: an error carrying the `total` findings the
/// note's rule gave when the header fits every scaled row, a warning saying the rows follow
/// the note otherwise.
pub(super) fn attach_to_note(findings: &mut Vec<Finding>, chain: &Chain<'_>, verdict: NoteVerdict) {
    let lang = chain.lang;
    let Some(stated) = &chain.rule.stated else {
        return;
    };
    let on_note = findings
        .iter()
        .position(|f| f.check == Check::Rule && f.rule.as_deref() == Some(stated.quote.as_str()));
    match verdict {
        NoteVerdict::NoteFits { scaled_rows } => {
            if let Some(f) = on_note.and_then(|i| findings.get_mut(i)) {
                f.message.push_str(&lang.pick(
                    format!("（含不适用指标的{scaled_rows}行总分均符合表注）"),
                    format!(" (all {scaled_rows} scaled rows follow the note)"),
                ));
            }
        }
        NoteVerdict::HeaderFits {
            consequences,
            scaled_rows,
            factor,
        } => {
            let n = consequences.len();
            let f = factor.map(|f| f.to_string()).unwrap_or_default();
            let stated_factor = stated.factor.map(|f| f.to_string()).unwrap_or_default();
            let cause = match on_note {
                Some(i) => findings.remove(i),
                None => Finding {
                    published: Some(stated_factor.clone()),
                    expected: Some(f.clone()),
                    rule: Some(stated.quote.clone()),
                    ..table_finding(
                        Check::Rule,
                        Severity::Error,
                        chain.rule.from_table.unwrap_or_default(),
                        lang.pick(
                            format!("表注的系数{stated_factor}与表头各项满分不符"),
                            format!(
                                "the note's factor {stated_factor} contradicts the header's maxima"
                            ),
                        ),
                    )
                },
            };
            let mut cause = cause.with_consequences(consequences);
            cause.severity = Severity::Error;
            cause.message.push_str(&lang.pick(
                format!(
                    "；按表注计算有{n}个总分与发布值不符，而含不适用指标的{scaled_rows}行均符合按表头满分比例的换算（× {f}），已按表头核对"
                ),
                format!(
                    "; with the note's rule {n} totals would differ, while all {scaled_rows} scaled rows fit the header's maxima (× {f}): checked with the header's"
                ),
            ));
            findings.push(cause);
        }
    }
}

/// A rank that disagrees with the published totals but is right by the corrected ones: the
/// ranking was made with the right totals and a total was misprinted. The rank is that total's
/// consequence (its own row's total, or the wrong total that passed it), not an error of its
/// own.
pub(super) fn ranks_behind_totals(findings: &mut Vec<Finding>, chain: &Chain<'_>) {
    if chain.rows.iter().all(|e| e.corrected.is_none()) {
        return;
    }
    let places = chain.corrected_places();
    // The chain row of each (table, row) and the total finding on it.
    let row_of = chain_positions(chain);
    let total_finding = |findings: &[Finding], i: usize| {
        let (sheet, row) = chain.sheet_and_row(chain.rows.get(i)?)?;
        findings.iter().position(|f| {
            f.check == Check::Total && f.table == sheet.table.number && f.row == Some(row.number)
        })
    };
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for (k, f) in findings.iter().enumerate() {
        if f.check != Check::Rank || f.severity != Severity::Error {
            continue;
        }
        let Some(&i) = f.row.and_then(|r| row_of.get(&(f.table, r))) else {
            continue;
        };
        let (Some(published), Some(t)) = (
            f.published
                .as_deref()
                .and_then(parse_rank)
                .and_then(|p| usize::try_from(p).ok()),
            chain.rows.get(i).and_then(|e| e.corrected.or(e.total)),
        ) else {
            continue;
        };
        let fits = published == places.competition(t) || published == places.dense(t);
        if !fits {
            continue;
        }
        // The cause: this row's own wrong total, or the wrong total that moved past it.
        let own = chain
            .rows
            .get(i)
            .and_then(|e| e.corrected)
            .and(total_finding(findings, i));
        let passing = || {
            let here = chain.rows.get(i)?.total?;
            chain.rows.iter().enumerate().find_map(|(j, e)| {
                let (a, b) = (e.total?, e.corrected?);
                let (low, high) = if a < b { (a, b) } else { (b, a) };
                (j != i && low <= here && here <= high)
                    .then(|| total_finding(findings, j))
                    .flatten()
            })
        };
        if let Some(cause) = own.or_else(passing) {
            moves.push((k, cause));
        }
    }
    if moves.is_empty() {
        return;
    }
    let mut taken: Vec<Option<Finding>> = std::mem::take(findings).into_iter().map(Some).collect();
    let mut by_cause: BTreeMap<usize, Vec<Finding>> = BTreeMap::new();
    for (k, cause) in moves {
        if let Some(rank) = taken.get_mut(k).and_then(Option::take) {
            by_cause.entry(cause).or_default().push(rank);
        }
    }
    for (cause, ranks) in by_cause {
        if let Some(Some(f)) = taken.get_mut(cause) {
            let n = ranks.len();
            f.message.push_str(&chain.lang.pick(
                format!("；按公布的总分有{n}处名次看似不符，按更正后的总分则相符，是此总分之误所致"),
                format!(
                    "; {n} rank(s) that seem wrong by the published totals fit the corrected ones: this total is the cause"
                ),
            ));
            let mut all = std::mem::take(&mut f.consequences);
            all.extend(ranks);
            *f = f.clone().with_consequences(all);
        }
    }
    findings.extend(taken.into_iter().flatten());
}

/// A total above its maximum by no more than the parts of its row exceed theirs (政务公开 75.00
/// of 60 puts 总分 152.00 over 150), or whose own recomputation is wrong: the part, or the
/// `total` finding, is the cause, the total's `range` finding its consequence.
pub(super) fn totals_above_their_maximum_by_a_part(findings: &mut Vec<Finding>, chain: &Chain<'_>) {
    let lang = chain.lang;
    // The excess of a `range` finding over its column's maximum, and whether it is the total.
    let excess = |f: &Finding| -> Option<(Decimal, bool)> {
        let sheet = chain.sheets.iter().find(|s| s.table.number == f.table)?;
        let column = sheet
            .columns
            .iter()
            .find(|c| Some(c.label.as_str()) == f.column.as_deref())?;
        let value = Decimal::from_str_exact(f.published.as_deref()?.trim()).ok()?;
        let over = value.checked_sub(column.max.as_ref()?.value)?;
        Some((over, column.role == Role::Total))
    };
    let mut moves: Vec<(usize, usize)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        if f.check != Check::Range || f.row.is_none() {
            continue;
        }
        let Some((over, true)) = excess(f) else {
            continue;
        };
        // A wrong total above its maximum: the wrong total is the cause.
        if let Some(j) = findings
            .iter()
            .position(|g| g.check == Check::Total && g.table == f.table && g.row == f.row)
        {
            moves.push((i, j));
            continue;
        }
        let parts: Vec<(usize, Decimal)> = findings
            .iter()
            .enumerate()
            .filter(|(j, g)| {
                *j != i && g.check == Check::Range && g.table == f.table && g.row == f.row
            })
            .filter_map(|(j, g)| match excess(g) {
                Some((o, false)) if o > Decimal::ZERO => Some((j, o)),
                _ => None,
            })
            .collect();
        let by_parts = parts
            .iter()
            .try_fold(Decimal::ZERO, |a, (_, o)| a.checked_add(*o));
        if let (Some(&(first, _)), Some(sum)) = (parts.first(), by_parts)
            && over <= sum
        {
            moves.push((i, first));
        }
    }
    if moves.is_empty() {
        return;
    }
    let mut taken: Vec<Option<Finding>> = std::mem::take(findings).into_iter().map(Some).collect();
    for (total, part) in moves {
        let Some(consequence) = taken.get_mut(total).and_then(Option::take) else {
            continue;
        };
        if let Some(Some(f)) = taken.get_mut(part) {
            let label = consequence.column.clone().unwrap_or_default();
            f.message.push_str(&lang.pick(
                format!("；{label}因此也超出满分"),
                format!("; {label} is over its maximum for that reason"),
            ));
            let mut all = std::mem::take(&mut f.consequences);
            all.push(consequence);
            *f = f.clone().with_consequences(all);
        }
    }
    findings.extend(taken.into_iter().flatten());
}

/// A rank or serial number off by the same amount in consecutive rows: one cause at the first
/// of them (ranks skipped: a row deleted or left out; ranks repeated: a row inserted).
pub(super) fn rank_shifts(findings: &mut Vec<Finding>, chain: &Chain<'_>) {
    let lang = chain.lang;
    let position = chain_positions(chain);
    // Rank findings by (severity, position): ranks are errors, serial numbers warnings.
    let mut shifted: BTreeMap<(Severity, usize), (i64, usize)> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if f.check != Check::Rank {
            continue;
        }
        let (Some(row), Some(delta)) = (f.row, rank_delta(f)) else {
            continue;
        };
        if let Some(&p) = position.get(&(f.table, row)) {
            shifted.insert((f.severity, p), (delta, i));
        }
    }
    let mut runs: Vec<Vec<usize>> = Vec::new();
    let mut last: Option<(Severity, usize, i64)> = None;
    for (&(severity, p), &(delta, i)) in &shifted {
        match (last, runs.last_mut()) {
            (Some((s, q, d)), Some(run)) if s == severity && q + 1 == p && d == delta => {
                run.push(i);
            }
            _ => runs.push(vec![i]),
        }
        last = Some((severity, p, delta));
    }
    let mut grouped: Vec<(usize, Vec<usize>)> = runs
        .into_iter()
        .filter(|r| r.len() >= 2)
        .filter_map(|r| Some((*r.first()?, r.get(1..)?.to_vec())))
        .collect();
    if grouped.is_empty() {
        return;
    }
    let mut taken: Vec<Option<Finding>> = std::mem::take(findings).into_iter().map(Some).collect();
    for (first, rest) in &mut grouped {
        let consequences: Vec<Finding> = rest
            .iter()
            .filter_map(|i| taken.get_mut(*i).and_then(Option::take))
            .collect();
        if let Some(Some(f)) = taken.get_mut(*first) {
            let delta = rank_delta(f).unwrap_or_default();
            let k = delta.unsigned_abs();
            let n = consequences.len();
            let tail = if delta > 0 {
                lang.pick(
                    format!("；名次自此跳过{k}位（可能删除或遗漏了一行），其后{n}行的名次因此均多{k}"),
                    format!(
                        "; the ranks skip {k} here (a row deleted or left out?), so the {n} rows after it are off by {k} too"
                    ),
                )
            } else {
                lang.pick(
                    format!("；名次自此少{k}位（可能名次重复或多出一行），其后{n}行的名次因此均少{k}"),
                    format!(
                        "; the ranks fall back by {k} here (a rank repeated or a row inserted?), so the {n} rows after it are off by {k} too"
                    ),
                )
            };
            f.message.push_str(&tail);
            *f = f.clone().with_consequences(consequences);
        }
    }
    findings.extend(taken.into_iter().flatten());
}

/// The chain position of each (table number, row number).
fn chain_positions(chain: &Chain<'_>) -> HashMap<(usize, usize), usize> {
    chain
        .rows
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let (sheet, row) = chain.sheet_and_row(e)?;
            Some(((sheet.table.number, row.number), i))
        })
        .collect()
}

/// Published minus expected rank of a `rank` finding.
fn rank_delta(f: &Finding) -> Option<i64> {
    let published = i64::from(parse_rank(f.published.as_deref()?)?);
    let expected: i64 = f.expected.as_deref()?.parse().ok()?;
    Some(published - expected).filter(|d| *d != 0)
}

/// A 合计 whose total disagrees by exactly what a wrong row total (its correction) or a missing
/// one (the row's components) would change: reported under that row.
pub(super) fn sum_row_by_row(findings: &mut Vec<Finding>, chain: &Chain<'_>) {
    let lang = chain.lang;
    let mut i = 0;
    while i < findings.len() {
        let Some(cause) = row_behind_sum(findings, i, chain) else {
            i += 1;
            continue;
        };
        let consequence = findings.remove(i);
        let at = if cause > i { cause - 1 } else { cause };
        if let Some(row_finding) = findings.get_mut(at) {
            let gap = consequence.delta.clone().unwrap_or_default();
            let label = consequence.column.clone().unwrap_or_default();
            row_finding.message.push_str(&lang.pick(
                format!("；合计行的{label}因此相差{gap}"),
                format!("; the sum row's {label} is off by {gap} for that reason"),
            ));
            let mut all = std::mem::take(&mut row_finding.consequences);
            all.push(consequence);
            *row_finding = row_finding.clone().with_consequences(all);
        }
        // The finding at `i` was removed: the next one is at `i` now.
    }
}

/// The index of the row finding behind the `sum_row` finding at `i`, if one explains it.
fn row_behind_sum(findings: &[Finding], i: usize, chain: &Chain<'_>) -> Option<usize> {
    let f = findings.get(i)?;
    if f.check != Check::SumRow {
        return None;
    }
    let location = f.location?;
    let sheet_index = chain
        .sheets
        .iter()
        .position(|s| s.table.number == f.table)?;
    let sheet = chain.sheets.get(sheet_index)?;
    let total_col = sheet.column(Role::Total)?;
    if location.column != total_col {
        return None;
    }
    let label = sheet.skipped_rows.iter().find_map(|r| match &r.reason {
        crate::annex::SkipReason::SummaryRow(l) if r.table_row == location.table_row => Some(l),
        _ => None,
    })?;
    if super::checks::is_average(label) {
        return None;
    }
    let gap = Decimal::from_str_exact(f.delta.as_deref()?).ok()?;
    // What each row would add to the sum: a wrong total its correction, a missing one its
    // components.
    for e in chain.rows.iter().filter(|e| e.sheet == sheet_index) {
        let row = sheet.rows.get(e.row)?;
        let change = match (e.total, e.corrected) {
            (Some(total), Some(corrected)) => corrected.checked_sub(total),
            (None, _) => plain_sum(sheet, row),
            _ => None,
        };
        let Some(change) = change.filter(|c| !c.is_zero()) else {
            continue;
        };
        if change != gap {
            continue;
        }
        let wanted = if e.total.is_some() {
            Check::Total
        } else {
            Check::Cell
        };
        if let Some(j) = findings.iter().position(|g| {
            g.check == wanted
                && g.table == f.table
                && g.row == Some(row.number)
                && g.location.map(|l| l.column) == Some(total_col)
        }) {
            return Some(j);
        }
    }
    None
}

/// A row's components and bonus added up, when every one is a number.
fn plain_sum(sheet: &ScoreSheet, row: &crate::annex::DataRow) -> Option<Decimal> {
    let mut sum = Decimal::ZERO;
    for (c, column) in sheet.columns.iter().enumerate() {
        if matches!(column.role, Role::Component | Role::Bonus) {
            match row.value(c) {
                Some(Value::Number(n)) => sum = sum.checked_add(n.value)?,
                _ => return None,
            }
        }
    }
    Some(sum)
}

/// Fewest rows above a column's maximum that blame the header rather than the rows.
const HEADER_MAXIMUM_ROWS: usize = 3;

/// A component column whose maximum most rows' scores exceed: one `range` finding on the
/// header cell, the rows' `range` findings attached.
pub(super) fn header_maxima(findings: &mut Vec<Finding>, chain: &Chain<'_>) {
    let lang = chain.lang;
    // (table, column) → indices of the findings of scores above the maximum.
    let mut above: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        if f.check != Check::Range || f.row.is_none() {
            continue;
        }
        let Some(column) = f.location.map(|l| l.column) else {
            continue;
        };
        let Some(sheet) = chain.sheets.iter().find(|s| s.table.number == f.table) else {
            continue;
        };
        let Some(col) = sheet.columns.get(column) else {
            continue;
        };
        let (Some(max), Some(value)) = (
            col.max.as_ref().map(|m| m.value),
            f.published
                .as_deref()
                .and_then(|p| Decimal::from_str_exact(p).ok()),
        ) else {
            continue;
        };
        if col.role == Role::Component && value > max {
            above.entry((f.table, column)).or_default().push(i);
        }
    }
    let mut causes: Vec<(Vec<usize>, Finding)> = Vec::new();
    for ((table, column), mut indices) in above {
        let Some(sheet) = chain.sheets.iter().find(|s| s.table.number == table) else {
            continue;
        };
        let Some(col) = sheet.columns.get(column) else {
            continue;
        };
        let numbers: Vec<Decimal> = sheet
            .rows
            .iter()
            .filter_map(|r| match r.value(column) {
                Some(Value::Number(n)) => Some(n.value),
                _ => None,
            })
            .collect();
        let n = indices.len();
        if n < HEADER_MAXIMUM_ROWS || n * 2 < numbers.len() {
            continue;
        }
        let highest = numbers.iter().max().copied().unwrap_or_default();
        let max = col.max.as_ref().map(|m| m.text.clone()).unwrap_or_default();
        let m = numbers.len();
        let mut finding = Finding {
            column: Some(col.label.clone()),
            location: Some(Location {
                table_row: col.label_row,
                column,
            }),
            published: Some(max.clone()),
            expected: Some(format!("≥{}", highest.normalize())),
            ..table_finding(
                Check::Range,
                Severity::Error,
                table,
                lang.pick(
                    format!(
                        "{m}行中有{n}行的得分超过表头满分{max}（最高{}）：表头所标满分可能有误",
                        highest.normalize()
                    ),
                    format!(
                        "{n} of {m} rows score above the header's maximum {max} (highest {}): the header's maximum is likely wrong",
                        highest.normalize()
                    ),
                ),
            )
        };
        // The `weights` warning of the same header, when the maximum the rows need is what
        // makes the maxima add up to the declared total.
        let old_max = col.max.as_ref().map(|m| m.value).unwrap_or_default();
        // (Only the warning on the total's header: one that names a column is another cause.)
        let total = sheet.column(Role::Total);
        let weights = findings.iter().position(|f| {
            f.check == Check::Weights
                && f.table == table
                && f.location.map(|l| l.column) == total
                && f.delta
                    .as_deref()
                    .and_then(|d| Decimal::from_str_exact(d).ok())
                    .and_then(|d| old_max.checked_add(d))
                    .is_some_and(|fitting| fitting > old_max && fitting >= highest)
        });
        if let Some(w) = weights {
            let fitting = findings
                .get(w)
                .and_then(|f| f.delta.as_deref())
                .and_then(|d| Decimal::from_str_exact(d).ok())
                .map(|d| (old_max + d).normalize())
                .unwrap_or_default();
            finding.message.push_str(&lang.pick(
                format!("；若为{fitting}分，各列满分之和即与总分满分相符"),
                format!("; with {fitting} the column maxima would add up to the declared total"),
            ));
            indices.push(w);
        }
        causes.push((indices, finding));
    }
    if causes.is_empty() {
        return;
    }
    let mut taken: Vec<Option<Finding>> = std::mem::take(findings).into_iter().map(Some).collect();
    let mut out = Vec::new();
    for (indices, cause) in causes {
        let consequences: Vec<Finding> = indices
            .iter()
            .filter_map(|i| taken.get_mut(*i).and_then(Option::take))
            .collect();
        out.push(cause.with_consequences(consequences));
    }
    findings.extend(taken.into_iter().flatten());
    findings.extend(out);
}

#[cfg(test)]
mod tests {
    use crate::audit::tests::{audit, table};
    use crate::audit::*;

    /// A ranked table of `n` rows with totals 100, 99, … and ranks as given.
    fn ranked(ranks: &[&str]) -> crate::wordml::Table {
        let mut rows = vec![vec![
            "排名".to_string(),
            "名称".into(),
            "A（50分）".into(),
            "B（50分）".into(),
            "总分（100分）".into(),
        ]];
        for (i, r) in ranks.iter().enumerate() {
            let a = 50 - i;
            rows.push(vec![
                (*r).to_string(),
                format!("单位{i}"),
                format!("{a}.00"),
                "40.00".into(),
                format!("{}.00", a + 40),
            ]);
        }
        let refs: Vec<Vec<&str>> = rows
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        table(&refs)
    }

    #[test]
    fn a_gap_in_the_ranks_is_one_finding_at_the_gap() {
        let report = audit(vec![ranked(&["1", "2", "4", "5", "6", "7"])]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!(
            (f.check, f.severity, f.row),
            (Check::Rank, Severity::Error, Some(3))
        );
        assert_eq!(
            f.message,
            "ranked 4, but its total 88.00 ranks 3; the ranks skip 1 here (a row deleted or left out?), so the 3 rows after it are off by 1 too"
        );
        assert_eq!(f.consequences.len(), 3);
        assert!(
            f.consequences
                .iter()
                .all(|c| c.caused_by.as_deref() == Some(f.id.as_str()))
        );
        assert_eq!((report.summary.causes, report.summary.consequences), (1, 3));
        assert_eq!(report.summary.error, 1);
    }

    #[test]
    fn the_causes_speak_chinese_too() {
        let zh = |tables| {
            audit_tables(
                tables,
                &crate::annex::Template::default_template(),
                Some(Lang::Zh),
                &Selection::default(),
            )
        };
        let report = zh(vec![ranked(&["1", "2", "4", "5", "6"])]);
        assert_eq!(
            report.findings[0].message,
            "排名为4，按总分88.00应为第3名；名次自此跳过1位（可能删除或遗漏了一行），其后2行的名次因此均多1"
        );
        let report = zh(vec![noted("10/9")]);
        assert_eq!(
            report.findings[0].message,
            "表注的满分85乘以10/9得94.4444，而表头各项满分之和为100；按表注计算有2个总分与发布值不符，而含不适用指标的2行均符合按表头满分比例的换算（× 100/85），已按表头核对"
        );
    }

    #[test]
    fn a_repeated_rank_shifts_the_later_rows_back() {
        let report = audit(vec![ranked(&["1", "2", "2", "3", "4"])]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        assert!(
            report.findings[0].message.contains("fall back by 1"),
            "{}",
            report.findings[0].message
        );
        assert_eq!(report.findings[0].consequences.len(), 2);
    }

    #[test]
    fn two_swapped_ranks_stay_two_findings() {
        let report = audit(vec![ranked(&["1", "3", "2", "4"])]);
        assert_eq!(report.findings.len(), 2, "{:#?}", report.findings);
        assert!(report.findings.iter().all(|f| f.consequences.is_empty()));
        assert_eq!((report.summary.causes, report.summary.consequences), (2, 0));
    }

    /// Two departments without 办事服务 (15 of 100): 20/17 fits, the note says `factor`.
    fn noted(factor: &str) -> crate::wordml::Table {
        let mut t = table(&[
            vec![
                "名称",
                "A（40分）",
                "B（15分）",
                "C（45分）",
                "加分（10分）",
                "总分（110分）",
            ],
            vec!["甲", "35.40", "——", "34.80", "3.40", "85.99"],
            vec!["乙", "38.50", "15.00", "40.00", "2.70", "96.20"],
            vec!["丙", "37.00", "——", "38.00", "1.10", "89.34"],
        ]);
        t.note = vec![format!(
            "注：以85分为满分，结果乘以{factor}与附加指标得分之和为最终得分。"
        )];
        t
    }

    #[test]
    fn a_note_contradicted_by_the_header_and_the_rows_is_one_rule_error() {
        let right = audit(vec![noted("20/17")]);
        assert!(right.findings.is_empty(), "{:#?}", right.findings);
        let report = audit(vec![noted("10/9")]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!((f.check, f.severity), (Check::Rule, Severity::Error));
        assert_eq!(
            f.message,
            "the note's full mark 85 × 10/9 = 94.4444, but the components' maxima add up to 100; with the note's rule 2 totals would differ, while all 2 scaled rows fit the header's maxima (× 100/85): checked with the header's"
        );
        assert_eq!(f.consequences.len(), 2);
        assert!(
            f.consequences
                .iter()
                .all(|c| c.check == Check::Total && c.caused_by.as_deref() == Some(f.id.as_str()))
        );
        // The rows are checked with the header's scaling: consistent.
        assert_eq!(report.summary.consistent, 3, "{:#?}", report.tables);
        let TableOutcome::Score { rule, .. } = &report.tables[0].outcome else {
            panic!("audited")
        };
        assert_eq!(rule.as_ref().map(|r| r.source), Some(RuleSource::Inferred));
    }

    #[test]
    fn rows_that_follow_a_contradicted_note_leave_the_warning_and_say_so() {
        // 85 × 10/9 ≠ 100, but the totals are computed with 10/9: the header is what's off.
        let mut t = noted("10/9");
        t.rows[1].cells[5].text = "81.40".into(); // (35.40 + 34.80) × 10/9 + 3.40 = 81.40
        t.rows[3].cells[5].text = "84.43".into(); // 75.00 × 10/9 + 1.10 = 84.43
        let report = audit(vec![t]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!((f.check, f.severity), (Check::Rule, Severity::Warning));
        assert!(
            f.message.ends_with(" (all 2 scaled rows follow the note)"),
            "{}",
            f.message
        );
    }

    /// Three rows and a 合计 computed from the right totals; `total` is 乙's published total.
    fn summed(total: &str) -> crate::wordml::Table {
        table(&[
            vec!["名称", "A（50分）", "B（50分）", "总分（100分）"],
            vec!["甲", "45.00", "45.00", "90.00"],
            vec!["乙", "30.00", "40.00", total],
            vec!["丙", "20.00", "40.00", "60.00"],
            vec!["合计", "95.00", "125.00", "220.00"],
        ])
    }

    #[test]
    fn a_sum_row_a_wrong_row_total_explains_is_reported_under_the_row() {
        assert!(audit(vec![summed("70.00")]).findings.is_empty());
        let report = audit(vec![summed("75.00")]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert_eq!((f.check, f.row), (Check::Total, Some(2)));
        assert_eq!(
            f.message,
            "the total should be 70.00, published 75.00 (difference 5.00); the sum row's 总分（100分） is off by -5.00 for that reason"
        );
        assert_eq!(
            f.consequences
                .iter()
                .map(|c| (c.check, c.caused_by.as_deref()))
                .collect::<Vec<_>>(),
            [(Check::SumRow, Some(f.id.as_str()))]
        );
        assert_eq!((report.summary.causes, report.summary.consequences), (1, 1));
    }

    #[test]
    fn a_sum_row_a_missing_row_total_explains_is_reported_under_the_row() {
        let report = audit(vec![summed("")]);
        let outline: Vec<(Check, Option<usize>, usize)> = report
            .findings
            .iter()
            .map(|f| (f.check, f.row, f.consequences.len()))
            .collect();
        assert_eq!(
            outline,
            [(Check::Cell, Some(2), 1)],
            "{:#?}",
            report.findings
        );
    }

    #[test]
    fn a_maximum_most_rows_exceed_is_one_finding_on_the_header() {
        let report = audit(vec![table(&[
            vec!["名称", "A（10分）", "B（50分）", "总分（60分）"],
            vec!["甲", "14.00", "40.00", "54.00"],
            vec!["乙", "12.50", "40.00", "52.50"],
            vec!["丙", "9.00", "40.00", "49.00"],
            vec!["丁", "11.00", "40.00", "51.00"],
        ])]);
        let range: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.check == Check::Range)
            .collect();
        assert_eq!(range.len(), 1, "{:#?}", report.findings);
        let f = range[0];
        assert_eq!((f.row, f.location.map(|l| l.table_row)), (None, Some(0)));
        assert_eq!(
            f.message,
            "3 of 4 rows score above the header's maximum 10 (highest 14): the header's maximum is likely wrong"
        );
        assert_eq!(f.consequences.len(), 3);
        // The declared total says the column's maximum is 15: the weights warning is the same
        // mistake.
        let report = audit(vec![table(&[
            vec!["名称", "A（10分）", "B（50分）", "总分（65分）"],
            vec!["甲", "14.00", "40.00", "54.00"],
            vec!["乙", "12.50", "40.00", "52.50"],
            vec!["丙", "9.00", "40.00", "49.00"],
            vec!["丁", "11.00", "40.00", "51.00"],
        ])]);
        assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
        let f = &report.findings[0];
        assert!(
            f.message
                .ends_with("; with 15 the column maxima would add up to the declared total"),
            "{}",
            f.message
        );
        assert_eq!(
            f.consequences.iter().map(|c| c.check).collect::<Vec<_>>(),
            [Check::Range, Check::Range, Check::Range, Check::Weights]
        );
        // One row above its maximum stays a row finding.
        let report = audit(vec![table(&[
            vec!["名称", "A（10分）", "B（50分）", "总分（60分）"],
            vec!["甲", "14.00", "40.00", "54.00"],
            vec!["乙", "8.00", "40.00", "48.00"],
        ])]);
        assert!(
            report.findings.iter().all(|f| f.row == Some(1)),
            "{:#?}",
            report.findings
        );
    }
}
