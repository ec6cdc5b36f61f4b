//! `revision`: a cell, header included, with tracked changes not yet accepted; the audit reads
//! the accepted text, the finding names both.

use super::common::at_table_cell;
use super::{AuditCheck, Scope};
use crate::annex::{ScoreSheet, collapse_whitespace};
use crate::audit::{Check, Finding, Lang};

/// The `revision` check.
pub(super) struct Revision;

impl AuditCheck for Revision {
    fn id(&self) -> Check {
        Check::Revision
    }

    fn scope(&self) -> Scope {
        Scope::Table
    }

    fn table(&self, sheet: &ScoreSheet, lang: Lang, out: &mut Vec<Finding>) {
        for (r, row) in sheet.table.rows.iter().enumerate() {
            for cell in &row.cells {
                let Some(rev) = &cell.revision else { continue };
                let now = collapse_whitespace(&cell.text);
                let was = collapse_whitespace(&rev.original);
                out.push(Finding {
                    published: Some(now.clone()),
                    explanation: Some(lang.pick(
                        format!("修订类型：{}", rev.kinds.join("、")),
                        format!("tracked changes: {}", rev.kinds.join(", ")),
                    )),
                    ..at_table_cell(
                        Check::Revision,
                        sheet,
                        r,
                        cell.grid_col,
                        lang.pick(
                            format!("单元格含未接受的修订：原为“{was}”，接受修订后为“{now}”"),
                            format!(
                                "unaccepted tracked changes: originally \"{was}\", accepted \"{now}\""
                            ),
                        ),
                    )
                });
            }
        }
    }
}
