//! The workbook's words, in the report's language.

use crate::annex::SkipReason;
use crate::audit::{Check, Lang, Severity};

/// A severity as the workbook names it: 严重 / 错误 / 警告 / 提示 in Chinese, the stable id in
/// English.
pub(crate) fn severity(severity: Severity, lang: Lang) -> &'static str {
    severity.name(lang)
}

/// A check as the workbook names it: 总分核对, 范围 … in Chinese, the stable id in English.
pub(crate) fn check(check: Check, lang: Lang) -> &'static str {
    check.name(lang)
}

/// Headings of the three columns beside each table.
pub(super) fn beside_table(lang: Lang) -> [&'static str; 3] {
    lang.pick(
        ["复核总分", "差额", "状态"],
        ["Recomputed", "Difference", "Status"],
    )
}

/// The status of a consistent row without findings.
pub(super) const CONSISTENT: &str = "✓";

/// Why a row's total was not checked.
pub(super) fn not_checked(reason: &str, lang: Lang) -> String {
    let reason = crate::messages::translate(reason, lang);
    crate::messages::STATUS_NOT_CHECKED_WHY.fill(lang, &[("why", &reason)])
}

/// Why a row of the table is not a data row.
pub(super) fn skipped_row(reason: &SkipReason, lang: Lang) -> String {
    let why = crate::report::skip_reason_text(reason, lang);
    lang.pick(
        format!("非数据行（{why}），未审核"),
        format!("not a data row ({why}), not audited"),
    )
}

/// Column headings of the discrepancy sheet (the previous workbook's columns are found by
/// these texts, in either language).
pub(super) fn discrepancy_columns(lang: Lang) -> [&'static str; 17] {
    lang.pick(
        [
            "严重程度",
            "检查",
            "表",
            "行",
            "名称",
            "列",
            "单元格",
            "发布值",
            "应为",
            "差额",
            "规则",
            "原因分析",
            "说明",
            "处理意见",
            "备注",
            "编号",
            "复核",
        ],
        [
            "Severity",
            "Check",
            "Table",
            "Row",
            "Name",
            "Column",
            "Cell",
            "Published",
            "Expected",
            "Difference",
            "Rule",
            "Explanation",
            "Message",
            "Disposition",
            "Comment",
            "Id",
            "Review",
        ],
    )
}

/// The choices of the reviewer's disposition.
pub(super) fn dispositions(lang: Lang) -> [&'static str; 3] {
    lang.pick(
        ["确认", "已解释", "误报"],
        ["confirmed", "explained", "false alarm"],
    )
}

/// A reviewer's disposition carried into a workbook in `lang`: one of the choices of either
/// language becomes the same choice in `lang` (a workbook reviewed in English, re-audited in
/// Chinese, offers 确认 in its drop-down, not `confirmed`); anything else typed stays as typed.
pub(super) fn disposition_in(typed: &str, lang: Lang) -> &str {
    let wanted = typed.trim();
    let index = [Lang::Zh, Lang::En].into_iter().find_map(|l| {
        dispositions(l)
            .iter()
            .position(|d| d.eq_ignore_ascii_case(wanted))
    });
    match index.and_then(|i| dispositions(lang).get(i).copied()) {
        Some(choice) => choice,
        None => typed,
    }
}

/// The row written when there is no finding.
pub(super) fn no_findings(lang: Lang) -> &'static str {
    lang.pick(
        "未发现问题：所有核对均通过。",
        "No findings: every check passed.",
    )
}

/// Labels in a cell note.
pub(super) fn note_labels(lang: Lang) -> [&'static str; 5] {
    lang.pick(
        ["发布值", "应为", "差额", "规则", "原因"],
        ["published", "expected", "difference", "rule", "explanation"],
    )
}

/// The review mark of a finding not in the previous workbook.
pub(super) fn new_mark(lang: Lang) -> &'static str {
    lang.pick("新增", "new")
}

/// The word that marks a resolved finding (and heads their section).
pub(super) fn resolved_word(lang: Lang) -> &'static str {
    lang.pick("已解决", "resolved")
}

/// The review mark of a resolved finding: the word and the date it disappeared.
pub(super) fn resolved_mark(date: &str, lang: Lang) -> String {
    format!("{} {date}", resolved_word(lang))
}

/// The review mark of notes found on a row without an id, kept as they were.
pub(super) fn unmatched_mark(lang: Lang) -> &'static str {
    lang.pick("无编号，原样保留", "no id, kept as found")
}

/// The title of the section of resolved findings.
pub(super) fn resolved_section(lang: Lang) -> &'static str {
    lang.pick(
        "已解决（上次核对发现、本次已不存在的问题，保留其处理意见与备注）",
        "Resolved (found by the previous audit, gone now; their notes are kept)",
    )
}

/// The two series of a table sheet's chart: the published total and the recomputed one.
pub(super) fn chart_series(lang: Lang) -> [&'static str; 2] {
    lang.pick(
        ["发布总分", "复核总分"],
        ["Published total", "Recomputed total"],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_disposition_chosen_in_one_language_is_the_same_choice_in_the_other() {
        assert_eq!(disposition_in("Confirmed", Lang::Zh), "确认");
        assert_eq!(disposition_in(" false alarm ", Lang::Zh), "误报");
        assert_eq!(disposition_in("已解释", Lang::En), "explained");
        assert_eq!(disposition_in("确认", Lang::Zh), "确认");
        // Anything typed that is no choice stays as typed.
        assert_eq!(disposition_in("已与财政局核实", Lang::En), "已与财政局核实");
        assert_eq!(disposition_in("", Lang::Zh), "");
    }
}
