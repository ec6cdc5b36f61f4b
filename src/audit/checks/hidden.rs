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

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn hidden_text_in_a_cell_is_a_warning_quoting_it() {
        let mut t = one_table(&[
            vec!["名称", "A（50分）", "总分（50分）"],
            vec!["甲", "40.00", "40.00"],
            vec!["乙", "30.00", "30.00"],
        ]);
        t.rows[2].cells[0].hidden = Some("（已撤销）".into());
        let found = findings_of(Check::Hidden, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [(Some(2), Severity::Warning, "hidden text in the cell: \"（已撤销）\"")]
        );
        assert_eq!(found[0].name.as_deref(), Some("乙"));
        let zh = findings_of(Check::Hidden, Lang::Zh, vec![t]);
        assert_eq!(zh[0].message, "单元格含隐藏文字“（已撤销）”");
    }
}
