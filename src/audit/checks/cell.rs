//! `cell`: a rank or serial number that is not one, a score that is missing or neither a
//! number nor a not-applicable marker.

use super::{AuditCheck, Scope, at_cell, is_scored};
use crate::annex::{DataRow, Role, ScoreSheet, Value, parse_rank};
use crate::audit::{Check, Finding, Lang, Severity};

/// The `cell` check.
pub(super) struct Cell;

impl AuditCheck for Cell {
    fn id(&self) -> Check {
        Check::Cell
    }

    fn scope(&self) -> Scope {
        Scope::Row
    }

    fn row(&self, sheet: &ScoreSheet, row: &DataRow, lang: Lang, out: &mut Vec<Finding>) {
        for (c, column) in sheet.columns.iter().enumerate() {
            let Some(value) = row.value(c) else { continue };
            if matches!(column.role, Role::Rank | Role::Serial) {
                if parse_rank(value.text()).is_none() {
                    out.push(unparsed_rank(sheet, row, c, value.text(), lang));
                }
                continue;
            }
            if !is_scored(column.role) {
                continue;
            }
            match value {
                Value::Empty => out.push(at_cell(
                    Check::Cell,
                    Severity::Error,
                    sheet,
                    row,
                    c,
                    lang.pick(
                        format!("{}缺少数值", column.label),
                        format!("missing value in {}", column.label),
                    ),
                )),
                Value::Unparsed(text) => out.push(Finding {
                    published: Some(text.clone()),
                    ..at_cell(
                        Check::Cell,
                        Severity::Error,
                        sheet,
                        row,
                        c,
                        lang.pick(
                            format!("无法识别的数值“{text}”：既不是数字，也不是不适用标记"),
                            format!(
                                "unparsed value \"{text}\": neither a number nor a not-applicable marker"
                            ),
                        ),
                    )
                }),
                Value::NotApplicable(_) | Value::Number(_) => {}
            }
        }
    }
}

/// A rank or serial cell that holds no rank, empty or not.
fn unparsed_rank(sheet: &ScoreSheet, row: &DataRow, c: usize, text: &str, lang: Lang) -> Finding {
    Finding {
        published: (!text.is_empty()).then(|| text.to_string()),
        ..at_cell(
            Check::Cell,
            Severity::Error,
            sheet,
            row,
            c,
            if text.is_empty() {
                lang.pick("缺少排名".into(), "missing rank".into())
            } else {
                lang.pick(
                    format!("无法识别的排名“{text}”"),
                    format!("unparsed rank \"{text}\""),
                )
            },
        )
    }
}
