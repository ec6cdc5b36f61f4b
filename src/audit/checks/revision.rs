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
                        format!("修订类型：{}", kinds_in_chinese(&rev.kinds).join("、")),
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

/// The kinds of tracked change (WordprocessingML's element names, as the reader keeps them) in
/// the words Word's Chinese interface uses; an unknown one as it is.
fn kinds_in_chinese(kinds: &[String]) -> Vec<&str> {
    kinds
        .iter()
        .map(|kind| match kind.as_str() {
            "ins" => "插入",
            "del" => "删除",
            "moveFrom" => "移出",
            "moveTo" => "移入",
            "rPrChange" => "字符格式更改",
            "pPrChange" => "段落格式更改",
            "tcPrChange" => "单元格格式更改",
            "rowIns" => "插入行",
            "cellIns" => "插入单元格",
            "cellDel" => "删除单元格",
            "cellMerge" => "合并单元格",
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Location, Severity};
    use crate::wordml::Revision;

    #[test]
    fn tracked_changes_in_the_header_and_the_data_are_named_with_both_texts() {
        let mut t = one_table(&[
            vec!["名称", "A（50分）", "总分（50分）"],
            vec!["甲", "40.00", "40.00"],
        ]);
        t.rows[0].cells[1].revision = Some(Revision {
            original: "A（40分）".into(),
            kinds: vec!["del".into(), "ins".into()],
        });
        t.rows[1].cells[2].revision = Some(Revision {
            original: "41.00".into(),
            kinds: vec!["ins".into()],
        });
        let found = findings_of(Check::Revision, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [
                (
                    None,
                    Severity::Warning,
                    "unaccepted tracked changes: originally \"A（40分）\", accepted \"A（50分）\""
                ),
                (
                    Some(1),
                    Severity::Warning,
                    "unaccepted tracked changes: originally \"41.00\", accepted \"40.00\""
                ),
            ]
        );
        assert_eq!(
            found[0].location,
            Some(Location {
                table_row: 0,
                column: 1
            })
        );
        assert_eq!(found[0].explanation.as_deref(), Some("tracked changes: del, ins"));
        let zh = findings_of(Check::Revision, Lang::Zh, vec![t]);
        assert_eq!(zh[1].message, "单元格含未接受的修订：原为“41.00”，接受修订后为“40.00”");
        assert_eq!(zh[0].explanation.as_deref(), Some("修订类型：删除、插入"));
    }
}
