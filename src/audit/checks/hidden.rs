//! `hidden`: hidden text inside a cell of the table, header included.

use super::common::at_table_cell;
use super::{AuditCheck, Scope};
use crate::annex::ScoreSheet;
use crate::audit::{Check, Finding, Lang};

/// The `hidden` check.
pub(super) struct Hidden;

impl AuditCheck for Hidden {
    fn id(&self) -> Check {
        Check::Hidden
    }

    fn scope(&self) -> Scope {
        Scope::Table
    }

    fn table(&self, sheet: &ScoreSheet, lang: Lang, out: &mut Vec<Finding>) {
        for (r, row) in sheet.table.rows.iter().enumerate() {
            for cell in &row.cells {
                let Some(hidden) = &cell.hidden else { continue };
                out.push(at_table_cell(
                    Check::Hidden,
                    sheet,
                    r,
                    cell.grid_col,
                    lang.pick(
                        format!("单元格含隐藏文字“{hidden}”"),
                        format!("hidden text in the cell: \"{hidden}\""),
                    ),
                ));
            }
        }
    }
}
