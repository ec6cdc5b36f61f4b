//! The document-level findings (表间核对 between tables, 文表核对 against the text) marked on
//! their table sheets at the end.
//!
//! Those checks run once every table is read, while each table's sheet is written as soon as
//! its table is audited: the cell a finding points at was written as a plain (or verified,
//! green) cell. A sheet kept in memory ([`super::InMemory`]) remembers what it wrote — each
//! cell's format and each note's text ([`Kept`]) — and at the end the cell gets the error
//! format of its finding (the format it had, its number format included, with the finding's
//! highlight; its value and cached result are untouched) and a note giving the finding, above
//! the note it had.
//!
//! A constant-memory (streamed) sheet's rows are already in its temporary file when the
//! document checks finish, and a row written cannot be rewritten: such a sheet (past the first
//! eight table sheets and the budget of cells [`super::InMemory`] keeps, or of more than 2,000
//! rows) is left as it was, and its cell stays
//! unmarked. The finding is still on the discrepancy sheet (差异), linked to the cell, and in
//! the JSON report.

use std::collections::{BTreeMap, HashMap};

use rust_xlsxwriter::{Workbook, XlsxError};

use super::style::{Figure, Look, Styles};
use super::table::{MAX_NOTES, Style, note, note_text, worst};
use crate::audit::{Check, Finding, Lang, Severity};
use crate::report::Layout;

/// What a table sheet kept in memory remembers of what it wrote.
#[derive(Debug, Default)]
pub(super) struct Kept {
    /// Each cell written and its format, in cell order (a merge's first cell twice: the merge,
    /// then its value, which counts).
    cells: Vec<((u32, u16), Style)>,
    /// The text of each note.
    notes: BTreeMap<(u32, u16), String>,
}

impl Kept {
    /// Records a cell written with `style`; cells come in cell order.
    pub(super) fn cell(&mut self, at: (u32, u16), style: Style) {
        self.cells.push((at, style));
    }

    /// Records a note's text.
    pub(super) fn note(&mut self, at: (u32, u16), text: String) {
        self.notes.insert(at, text);
    }

    /// The format the cell at `at` was written with (its last write), if it was.
    fn style_at(&self, at: (u32, u16)) -> Option<Style> {
        let after = self.cells.partition_point(|(cell, _)| *cell <= at);
        let (cell, style) = self.cells.get(after.checked_sub(1)?)?;
        (*cell == at).then_some(*style)
    }
}

/// A finding to mark, with the finding it follows from when it is a consequence.
type Marked<'f> = (&'f Finding, Option<&'f Finding>);

/// Marks the document-level findings with a cell on the table sheets that were `kept`
/// (by table number): the cell's format with the worst of its own mark and the findings'
/// severities, and a note with the findings' messages first, then the note the sheet gave it.
/// The findings of other sheets are left to the discrepancy sheet (see the module's comment).
pub(super) fn mark_document_findings(
    workbook: &mut Workbook,
    styles: &mut Styles,
    kept: &HashMap<usize, Kept>,
    findings: &[Finding],
    layout: &Layout,
    lang: Lang,
) -> Result<(), XlsxError> {
    if kept.is_empty() {
        return Ok(());
    }
    // Each cell's findings; a consequence (the other row of an amount filed under the wrong
    // heading) with the finding it follows from.
    let mut by_cell: BTreeMap<(usize, (u32, u16)), Vec<Marked<'_>>> = BTreeMap::new();
    for f in findings.iter().filter(|f| f.check.is_document_level()) {
        let own = std::iter::once((f, None));
        let consequences = f.consequences.iter().map(|c| (c, Some(f)));
        for (g, cause) in own.chain(consequences) {
            if let Some(location) = g.location
                && kept.contains_key(&g.table)
            {
                by_cell
                    .entry((g.table, Layout::position(location)))
                    .or_default()
                    .push((g, cause));
            }
        }
    }
    let mut added: HashMap<usize, usize> = HashMap::new();
    for ((table, at), marked) in by_cell {
        let (Some(sheet), Some(name)) = (kept.get(&table), layout.sheet(table)) else {
            continue;
        };
        // A cell that only follows from another's is blue, as the sheet marks its own.
        let fs: Vec<&Finding> = marked.iter().map(|(f, _)| *f).collect();
        // A text finding says the paragraph misquotes the figures: the cell itself is right,
        // so it gets the note and keeps its format.
        let own: Vec<&Finding> = marked
            .iter()
            .filter(|(f, c)| c.is_none() && f.check != Check::Text)
            .map(|(f, _)| *f)
            .collect();
        let own_worst = worst(own.iter());
        let follows = marked.iter().any(|(_, c)| c.is_some());
        let severity = own_worst.or(follows.then_some(Severity::Notice));
        let ws = workbook.worksheet_from_name(name)?;
        if let (Some((look, mark)), Some(_)) = (sheet.style_at(at), severity) {
            // A verified (green) figure is no longer: the finding's fill replaces it.
            let look = match look {
                Look::Figure(figure) => Look::Figure(Figure {
                    verified: false,
                    ..figure
                }),
                other => other,
            };
            let mark = [mark, severity].into_iter().flatten().min();
            ws.set_cell_format(at.0, at.1, styles.get(look, mark))?;
        }
        let had_note = sheet.notes.get(&at);
        // New notes count against the sheet's cap with those it has.
        let count = added.entry(table).or_insert(0);
        if had_note.is_none() && sheet.notes.len() + *count >= MAX_NOTES {
            continue;
        }
        if had_note.is_none() {
            *count += 1;
        }
        let mut text = note_text(&fs, lang);
        for cause in marked.iter().filter_map(|(_, c)| *c) {
            let (follows_label, colon) = lang.pick(("起因", "："), ("follows from", ": "));
            let at = cause
                .location
                .map(|l| {
                    let (r, c) = Layout::position(l);
                    crate::report::layout::a1(r, c)
                })
                .unwrap_or_default();
            text.push_str(&format!("\n{follows_label}{colon}{at}"));
        }
        if let Some(before) = had_note {
            text.push_str("\n\n");
            text.push_str(before);
        }
        ws.insert_note(at.0, at.1, &note(&text))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::Severity;

    #[test]
    fn a_cells_last_write_is_its_format() {
        let mut kept = Kept::default();
        kept.cell((1, 0), (Look::Text, None));
        kept.cell((2, 3), (Look::Header, None));
        kept.cell((2, 3), (Look::Number(2), Some(Severity::Notice)));
        kept.cell((4, 1), (Look::Text, None));
        assert_eq!(
            kept.style_at((2, 3)),
            Some((Look::Number(2), Some(Severity::Notice)))
        );
        assert_eq!(kept.style_at((1, 0)), Some((Look::Text, None)));
        assert_eq!(kept.style_at((3, 0)), None);
        assert_eq!(kept.style_at((0, 0)), None);
        assert_eq!(kept.style_at((9, 9)), None);
    }
}
