//! `precision`: a score with more or fewer decimals than the rest of its column.

use super::{AuditCheck, Scope, at_cell, is_scored};
use crate::annex::{DataRow, ScoreSheet, Value};
use crate::audit::exact::fixed;
use crate::audit::{Check, Finding, Lang, Severity};

/// The `precision` check.
pub(super) struct Precision;

impl AuditCheck for Precision {
    fn id(&self) -> Check {
        Check::Precision
    }

    fn scope(&self) -> Scope {
        Scope::Row
    }

    fn row(&self, sheet: &ScoreSheet, row: &DataRow, lang: Lang, out: &mut Vec<Finding>) {
        for (c, column) in sheet.columns.iter().enumerate() {
            let (true, Some(Value::Number(n)), Some(d)) =
                (is_scored(column.role), row.value(c), column.decimals)
            else {
                continue;
            };
            if n.decimals == d {
                continue;
            }
            out.push(Finding {
                published: Some(n.text.clone()),
                expected: Some(fixed(n.value, d)),
                ..at_cell(
                    Check::Precision,
                    Severity::Notice,
                    sheet,
                    row,
                    c,
                    lang.pick(
                        format!("{} 有{}位小数，本列其他数值为{}位", n.text, n.decimals, d),
                        format!(
                            "{} has {} decimal(s), the column has {}",
                            n.text, n.decimals, d
                        ),
                    ),
                )
            });
        }
    }
}
