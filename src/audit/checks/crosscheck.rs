//! `crosscheck` (表间核对): a figure two tables of the document both publish — the same row
//! under each table's main amount column, a 合计 against the other table's total row, or a
//! rule of the template — that differs between them. Reported at the first table's cell (or at
//! the one two other tables contradict alike, or at the line whose difference a total repeats),
//! with both tables, the row, the columns, both figures and the difference.

use rust_decimal::Decimal;

use super::sum::signed;
use super::{AuditCheck, DocumentView, Scope};
use crate::annex::structure::cross::{CrossKind, CrossRelation, CrossTarget, TableCell};
use crate::annex::structure::{RelationKind, RelationResult, RelationSource};
use crate::audit::exact::{fixed, fixed_like};
use crate::audit::{Check, Finding, Lang, Severity};

/// The `crosscheck` check.
pub(super) struct Crosscheck;

impl AuditCheck for Crosscheck {
    fn id(&self) -> Check {
        Check::Crosscheck
    }

    fn scope(&self) -> Scope {
        Scope::Document
    }

    fn document(&self, document: &DocumentView<'_>, out: &mut Vec<Finding>) {
        let mut disagreements: Vec<Option<Disagreement<'_>>> = Vec::new();
        for relation in document.checks.findings() {
            if relation.kind != CrossKind::TableEquality {
                continue;
            }
            let (CrossTarget::Cell(target), Some(other)) =
                (&relation.target, relation.operands.first())
            else {
                continue;
            };
            let RelationResult::Inconsistent {
                expected,
                delta,
                exact,
                ..
            } = &relation.result
            else {
                continue;
            };
            // The other cell as printed: in the same unit when it is the figure compared.
            let printed = document
                .table(other.cell.table)
                .and_then(|t| t.structure.grid.value(other.cell.table_row, other.cell.column))
                .and_then(|v| v.number());
            let disagreement = Disagreement {
                relation,
                target,
                other: &other.cell,
                expected: *expected,
                delta: *delta,
                decimals: relation.rounding,
                other_decimals: printed
                    .filter(|n| n.value == *exact)
                    .map(|n| n.decimals),
            };
            // A figure its own table already corrects to the other table's: the tables
            // disagree because of that error, reported in its table; said once more here as
            // a notice that the other table confirms the correction, not as a second error.
            if let Some(notice) = disagreement.explained_by_own_table(document) {
                out.push(notice);
                continue;
            }
            disagreements.push(Some(disagreement));
        }
        // Only rows whose own tables add up around them: in a table broken there, two
        // differences that happen to offset are two slips, not one amount moved. (Once each:
        // it reads the tables' relations.)
        let settled: Vec<bool> = disagreements
            .iter()
            .map(|d| {
                d.as_ref().is_some_and(|d| {
                    undisturbed(document, d.target) && undisturbed(document, d.other)
                })
            })
            .collect();
        // A total that differs between the tables by what one of its lines differs, the total
        // summing the line in its table: the line's consequence, one amount reported once, at
        // the line. (Pairs of disagreements: skipped for a document of thousands of them,
        // whose findings then stay apart.)
        let grouped = disagreements.len() <= GROUPED_AT_MOST;
        let totals_of = if grouped {
            totals_explained_by_lines(document, &disagreements)
        } else {
            Vec::new()
        };
        let mut follows: Vec<Vec<Disagreement<'_>>> = vec![Vec::new(); disagreements.len()];
        for &(total, line) in &totals_of {
            let taken = disagreements.get_mut(total).and_then(Option::take);
            if let (Some(d), Some(list)) = (taken, follows.get_mut(line)) {
                list.push(d);
            }
        }
        // One cell that two other tables contradict alike (表5's figure against 表4's and
        // 表6's, which agree): one mistake, reported once, at that cell.
        let mut alike: Vec<Vec<Disagreement<'_>>> = vec![Vec::new(); disagreements.len()];
        for i in 0..disagreements.len() {
            for j in i + 1..disagreements.len() {
                if !grouped {
                    break;
                }
                let (Some(Some(old_a)), Some(Some(old_b))) =
                    (disagreements.get(i), disagreements.get(j))
                else {
                    continue;
                };
                let Some((a, b)) = contradicted_alike(old_a, old_b) else {
                    continue;
                };
                // The totals each explains, seen from the side its line now is.
                let (Some(totals_a), Some(totals_b)) = (
                    turned(follows.get(i).map_or(&[][..], Vec::as_slice), old_a, &a),
                    turned(follows.get(j).map_or(&[][..], Vec::as_slice), old_b, &b),
                ) else {
                    continue;
                };
                if let Some(list) = follows.get_mut(i) {
                    *list = totals_a.into_iter().chain(totals_b).collect();
                }
                if let Some(list) = follows.get_mut(j) {
                    list.clear();
                }
                if let Some(slot) = disagreements.get_mut(i) {
                    *slot = Some(a);
                }
                if let (Some(slot), Some(list)) = (disagreements.get_mut(j), alike.get_mut(i)) {
                    *slot = None;
                    list.push(b);
                }
            }
        }
        for i in 0..disagreements.len() {
            let Some(first) = disagreements.get_mut(i).and_then(Option::take) else {
                continue;
            };
            let totals = follows.get_mut(i).map(std::mem::take).unwrap_or_default();
            let others = alike.get_mut(i).map(std::mem::take).unwrap_or_default();
            if !totals.is_empty() || !others.is_empty() {
                out.push(with_what_follows(document, &first, &others, &totals));
                continue;
            }
            let partner = disagreements
                .iter()
                .enumerate()
                .position(|(j, d)| {
                    d.as_ref().is_some_and(|d| {
                        first.offsets(d)
                            && settled.get(i).copied().unwrap_or(false)
                            && settled.get(j).copied().unwrap_or(false)
                    })
                })
                .and_then(|j| disagreements.get_mut(j).and_then(Option::take));
            match partner {
                Some(second) => out.push(misfiled(document, &first, &second)),
                None => out.push(first.finding(document)),
            }
        }
        // Totals whose line was reported otherwise (as the second row of an amount filed
        // under the wrong heading): reported on their own, never dropped.
        for list in follows {
            out.extend(list.iter().map(|d| d.finding(document)));
        }
    }
}

/// A figure two tables publish differently.
#[derive(Clone)]
struct Disagreement<'a> {
    relation: &'a CrossRelation,
    /// The cell of the table reported at.
    target: &'a TableCell,
    /// The other table's cell.
    other: &'a TableCell,
    /// The other table's figure, rounded to the target's decimals.
    expected: Decimal,
    /// Target − other.
    delta: Decimal,
    /// The target's decimals.
    decimals: u32,
    /// The other cell's decimals, when both tables print the figure in the same unit (it can
    /// then be reported from the other side).
    other_decimals: Option<u32>,
}

impl<'a> Disagreement<'a> {
    /// The target's decimals.
    fn decimals(&self) -> u32 {
        self.decimals
    }

    /// True when `other` is the same two tables and columns disagreeing by the opposite amount
    /// on another row: one amount under the wrong heading, the sum of both rows unchanged.
    fn offsets(&self, other: &Disagreement<'_>) -> bool {
        let (a, b) = ((self.target, self.other), (other.target, other.other));
        a.0.table == b.0.table
            && a.1.table == b.1.table
            && a.0.column == b.0.column
            && a.1.column == b.1.column
            && a.0.table_row != b.0.table_row
            && a.1.table_row != b.1.table_row
            && !self.delta.is_zero()
            && self.delta == -other.delta
    }

    /// The same disagreement seen from the other table: reported at its cell.
    /// None when the tables print the figure in different units.
    fn swapped(&self) -> Option<Disagreement<'a>> {
        let decimals = self.other_decimals?;
        Some(Disagreement {
            relation: self.relation,
            target: self.other,
            other: self.target,
            expected: self.expected.checked_add(self.delta)?,
            delta: -self.delta,
            decimals,
            other_decimals: Some(self.decimals),
        })
    }

    /// The notice for a disagreement that one table's own error explains: that table's
    /// relations recompute its cell to exactly the other table's figure. None otherwise.
    fn explained_by_own_table(&self, document: &DocumentView<'_>) -> Option<Finding> {
        let published = |cell: &TableCell| {
            document
                .table(cell.table)?
                .structure
                .grid
                .value(cell.table_row, cell.column)?
                .number()
                .map(|n| n.value)
        };
        let wrong = if corrected_to(document, self.target) == Some(self.expected) {
            self.clone()
        } else {
            let swapped = self.swapped()?;
            if corrected_to(document, swapped.target) != Some(swapped.expected)
                || published(self.target) != Some(swapped.expected)
            {
                return None;
            }
            swapped
        };
        let lang = document.lang;
        let (here, there) = (
            document.table_name(wrong.target.table),
            document.table_name(wrong.other.table),
        );
        let (row, other_row) = (&wrong.target.row_label, &wrong.other.row_label);
        let (p, e) = (&wrong.target.published, wrong.expected_text());
        let message = match lang {
            Lang::Zh => format!(
                "{here}“{row}”为 {p}，{there}“{other_row}”为 {e}：两表不一致源于此数本身有误，本表的勾稽关系算得 {e}（已在本表报告），{there}的数字印证了这一更正"
            ),
            Lang::En => format!(
                "{here}, “{row}”: {p}; {there}, “{other_row}”: {e}. The tables disagree because this figure is wrong: its own table's relations give {e} (reported there), and {there} confirms the correction"
            ),
        };
        let mut f = document.at(Check::Crosscheck, Severity::Notice, wrong.target, message);
        f.rule = Some(self.relation.rule.pick(lang == Lang::Zh).to_string());
        Some(f)
    }

    /// The other table's figure as the target prints figures.
    fn expected_text(&self) -> String {
        fixed_like(self.expected, self.decimals(), &self.target.published)
    }

    /// The finding of this disagreement alone.
    fn finding(&self, document: &DocumentView<'_>) -> Finding {
        let lang = document.lang;
        let e = self.expected_text();
        let d = signed(self.delta, self.decimals());
        let (target, other) = (self.target, self.other);
        let (here, there) = (
            document.table_name(target.table),
            document.table_name(other.table),
        );
        let (row, other_row) = (&target.row_label, &other.row_label);
        let (column, other_column) = (&target.column_label, &other.column_label);
        let p = &target.published;
        let message = match lang {
            Lang::Zh => format!(
                "{here}“{row}”{column}为 {p}，{there}“{other_row}”{other_column}为 {e}，两表不一致，相差 {d}"
            ),
            Lang::En => format!(
                "{here}, “{row}” {column}: {p}; {there}, “{other_row}” {other_column}: {e}; the tables disagree by {d}"
            ),
        };
        let mut f = document.at(Check::Crosscheck, Severity::Error, target, message);
        f.expected = Some(e);
        f.delta = Some(d);
        f.rule = Some(self.relation.rule.pick(lang == Lang::Zh).to_string());
        f
    }
}

/// `list` (the totals `from` explains) seen from the side `to` is on: as they are when `to`
/// is `from` as it was, else each swapped; None when one cannot be (another unit).
fn turned<'a>(
    list: &[Disagreement<'a>],
    from: &Disagreement<'a>,
    to: &Disagreement<'a>,
) -> Option<Vec<Disagreement<'a>>> {
    if std::ptr::eq(from.target, to.target) {
        return Some(list.to_vec());
    }
    list.iter().map(Disagreement::swapped).collect()
}

/// Most disagreements of a document paired to find one mistake's consequences: beyond, each
/// is reported on its own (the pairing is quadratic).
const GROUPED_AT_MOST: usize = 2_000;

/// The finding of `first` with what follows from it: the same cell contradicted alike by
/// other tables (`others`, seen from the cell) and the totals that differ by its difference
/// (`totals`, seen from its side).
fn with_what_follows(
    document: &DocumentView<'_>,
    first: &Disagreement<'_>,
    others: &[Disagreement<'_>],
    totals: &[Disagreement<'_>],
) -> Finding {
    let lang = document.lang;
    let mut f = first.finding(document);
    for other in others {
        let there = document.table_name(other.other.table);
        let (row, column) = (&other.other.row_label, &other.other.column_label);
        let e = other.expected_text();
        f.message.push_str(&lang.pick(
            format!("；{there}“{row}”{column}同样为 {e}：另两张表一致，错误很可能在此"),
            format!("; {there}, “{row}” {column}: also {e}: the two other tables agree, so the error is likely here"),
        ));
    }
    if !totals.is_empty() {
        let mut named: Vec<String> = totals
            .iter()
            .map(|t| format!("“{}”", t.target.row_label))
            .collect();
        named.dedup();
        let d = signed(first.delta, first.decimals());
        f.message.push_str(&lang.pick(
            format!("；{}由该行加总而来，因此在表间也相差 {d}", named.join("、")),
            format!(
                "; {} add this row up, so they differ by {d} between the tables too",
                named.join(", ")
            ),
        ));
    }
    let consequences = others
        .iter()
        .chain(totals)
        .map(|d| d.finding(document))
        .collect();
    f.with_consequences(consequences)
}

/// `a` and `b` seen from the one cell they share, when two different tables contradict it
/// with the same figure; None otherwise (or when a table prints the figure in another unit).
fn contradicted_alike<'a>(
    a: &Disagreement<'a>,
    b: &Disagreement<'a>,
) -> Option<(Disagreement<'a>, Disagreement<'a>)> {
    let key = |c: &TableCell| (c.table, c.table_row, c.column);
    let sides = |d: &Disagreement<'a>| [Some(d.clone()), d.swapped()];
    for a in sides(a).into_iter().flatten() {
        for b in sides(b).into_iter().flatten() {
            if key(a.target) == key(b.target)
                && a.other.table != b.other.table
                && a.other.table != a.target.table
                && b.other.table != b.target.table
                && !a.delta.is_zero()
                && a.delta == b.delta
            {
                return Some((a, b));
            }
        }
    }
    None
}

/// The pairs (total, line) of disagreements between the same two tables in the same columns
/// where the total differs by exactly what the line does and, in one of the two tables, the
/// total is the consistent sum of the line (directly or through the levels between): the
/// total's difference is the line's. A line may explain several totals; a total is explained
/// once.
fn totals_explained_by_lines(
    document: &DocumentView<'_>,
    disagreements: &[Option<Disagreement<'_>>],
) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    for (t, total) in disagreements.iter().enumerate() {
        let Some(total) = total else { continue };
        let line = disagreements.iter().enumerate().position(|(l, line)| {
            line.as_ref().is_some_and(|line| {
                l != t
                    && !line.delta.is_zero()
                    && line.delta == total.delta
                    && line.target.table == total.target.table
                    && line.other.table == total.other.table
                    && line.target.column == total.target.column
                    && line.other.column == total.other.column
                    && (sums_into(document, line.target, total.target)
                        || sums_into(document, line.other, total.other))
            })
        });
        if let Some(l) = line {
            pairs.push((t, l));
        }
    }
    // A line that is itself a total explained by another line: its totals follow the root.
    // Pairs that lead back to themselves (a 类, 款 and 项 of one name paired across levels)
    // explain nothing: both stay findings of their own.
    let line_of: std::collections::HashMap<usize, usize> = pairs.iter().copied().collect();
    let root = |start: usize| {
        let mut at = start;
        let mut seen = vec![start];
        while let Some(&next) = line_of.get(&at) {
            if seen.contains(&next) {
                return None;
            }
            seen.push(next);
            at = next;
        }
        Some(at)
    };
    pairs
        .iter()
        .filter_map(|&(t, _)| root(t).map(|r| (t, r)))
        .filter(|(t, l)| t != l)
        .collect()
}

/// True when `total` is, in its table, the consistent sum of `line` (a column sum, a 小计 or a
/// parent of levels, possibly through the levels between): a difference in the line carries
/// into the total.
fn sums_into(document: &DocumentView<'_>, line: &TableCell, total: &TableCell) -> bool {
    if line.table != total.table || line.column != total.column {
        return false;
    }
    let Some(table) = document.table(line.table) else {
        return false;
    };
    let s = table.structure;
    let goal = (total.table_row, total.column);
    // Up the consistent sums that read each cell reached; each cell once.
    let mut reached = vec![(line.table_row, line.column)];
    let mut next = 0;
    while let Some(&at) = reached.get(next) {
        if at == goal {
            return true;
        }
        next += 1;
        for (r, e) in s.relations.iter().zip(&s.results) {
            let up = (r.target.table_row, r.target.column);
            if matches!(
                r.kind,
                RelationKind::ColumnSum | RelationKind::Subtotal | RelationKind::Hierarchy
            ) && e.result == RelationResult::Consistent
                && !reached.contains(&up)
                && r.operands
                    .iter()
                    .any(|o| (o.cell.table_row, o.cell.column) == at)
            {
                reached.push(up);
            }
        }
    }
    false
}

/// True when the other table's cell is the sum of its own detail rows, checked and
/// consistent (a 类 with its 款 and 项 beneath): its figure has support the bare one lacks.
fn backed_by_detail(document: &DocumentView<'_>, cell: &TableCell) -> bool {
    document.table(cell.table).is_some_and(|t| {
        let s = t.structure;
        s.relations.iter().zip(&s.results).any(|(r, e)| {
            matches!(r.kind, RelationKind::Hierarchy | RelationKind::Subtotal)
                && r.target.table_row == cell.table_row
                && r.target.column == cell.column
                && e.result == RelationResult::Consistent
        })
    })
}

/// What the cell's own table recomputes it to, when a relation that gives it disagrees and
/// the table reports that at this cell: not a guess from the layout, nor a disagreement the
/// table traced to another cell.
fn corrected_to(document: &DocumentView<'_>, cell: &TableCell) -> Option<Decimal> {
    let s = document.table(cell.table)?.structure;
    s.relations.iter().zip(&s.results).find_map(|(r, e)| {
        let here = (r.target.table_row, r.target.column) == (cell.table_row, cell.column);
        let reported_here = e.caused_by.is_none() && r.source != RelationSource::Inferred;
        match e.result {
            RelationResult::Inconsistent { expected, .. } if here && reported_here => {
                Some(expected)
            }
            _ => None,
        }
    })
}

/// True when no relation of the cell's own table that reads or gives it disagrees.
fn undisturbed(document: &DocumentView<'_>, cell: &TableCell) -> bool {
    let at = (cell.table_row, cell.column);
    document.table(cell.table).is_some_and(|t| {
        let s = t.structure;
        s.relations
            .iter()
            .zip(&s.results)
            .all(|(r, e)| !e.result.is_finding() || !r.cells().any(|c| c == at))
    })
}

/// Two rows of the same two tables that disagree by opposite amounts while each table adds up:
/// one finding, at the row that has more, the other row its consequence. When one table's two
/// figures are each the sum of their detail and the other's are not, the finding is at the
/// other's cells and says the slip is more likely there.
fn misfiled(document: &DocumentView<'_>, a: &Disagreement<'_>, b: &Disagreement<'_>) -> Finding {
    let backed = |d: &Disagreement<'_>, other_side: bool| {
        let cell = if other_side { d.other } else { d.target };
        backed_by_detail(document, cell)
    };
    let there_backed = backed(a, true) && backed(b, true);
    let here_backed = backed(a, false) && backed(b, false);
    // Seen from the table the slip is likelier in (this one when neither or both are backed).
    // (Only when both tables print the figures in the same unit; otherwise the verdict is
    // left unsaid rather than reported at the wrong table.)
    let swapped = (here_backed && !there_backed)
        .then(|| a.swapped().zip(b.swapped()))
        .flatten();
    let verdict = match &swapped {
        Some(_) => true,
        None => there_backed && !here_backed,
    };
    let (a, b) = swapped.unwrap_or_else(|| (a.clone(), b.clone()));
    let (more, less) = if a.delta > Decimal::ZERO { (&a, &b) } else { (&b, &a) };
    let lang = document.lang;
    let decimals = more.decimals();
    let amount = fixed(more.delta, decimals);
    let (here, there) = (
        document.table_name(more.target.table),
        document.table_name(more.other.table),
    );
    let (row_more, row_less) = (&more.target.row_label, &less.target.row_label);
    let (p_more, p_less) = (&more.target.published, &less.target.published);
    let (e_more, e_less) = (more.expected_text(), less.expected_text());
    let (other_more, other_less) = (&more.other.row_label, &less.other.row_label);
    let column = &more.target.column_label;
    let mut message = lang.pick(
        format!(
            "{here}“{row_more}”{column}为 {p_more}、“{row_less}”为 {p_less}，{there}“{other_more}”“{other_less}”分别为 {e_more}、{e_less}：“{row_more}”多 {amount}、“{row_less}”少 {amount}，两项之和两表一致，很可能是同一笔 {amount} 记错了科目"
        ),
        format!(
            "{here}, {column}: “{row_more}” {p_more} and “{row_less}” {p_less}; {there}: “{other_more}” {e_more} and “{other_less}” {e_less}: “{row_more}” is {amount} more and “{row_less}” {amount} less, and the two add up to the same in both tables, so one amount of {amount} is likely filed under the wrong heading"
        ),
    );
    let (this, that) = (more.target.table, more.other.table);
    if verdict {
        message.push_str(&lang.pick(
            format!("；表{that}中这两项均与其下级科目之和相符，错记更可能在表{this}"),
            format!(
                "; in table {that} both rows are the sum of their detail, so the slip is more likely in table {this}"
            ),
        ));
    }
    let explanation = if verdict {
        lang.pick(
            format!("记错科目：{amount} 应记入“{row_less}”，却记入了“{row_more}”"),
            format!("filed under the wrong heading: {amount} belongs to “{row_less}”, not “{row_more}”"),
        )
    } else {
        lang.pick(
            format!("记错科目：两项一多一少，各 {amount}，两项之和不变"),
            format!("filed under the wrong heading: the rows differ by +{amount} and −{amount}, their sum unchanged"),
        )
    };
    let mut f = more.finding(document);
    f.message = message;
    f.explanation = Some(explanation);
    f.with_consequences(vec![less.finding(document)])
}

#[cfg(test)]
mod tests {
    use crate::annex::Template;
    use crate::annex::tests::simple_table;
    use crate::audit::{Auditor, Check, Lang, Selection, Severity};
    use crate::wordml::Table;

    fn audited(second: &str) -> crate::audit::AuditReport {
        let summary = simple_table(
            1,
            &[
                vec!["项目", "决算数"],
                vec!["一般公共服务支出", "35.40"],
                vec!["卫生健康支出", "71.30"],
                vec!["合计", "106.70"],
            ],
        );
        let detail = simple_table(
            2,
            &[
                vec!["项目", "合计"],
                vec!["一般公共服务支出", "35.40"],
                vec!["卫生健康支出", second],
                vec!["合计", "106.70"],
            ],
        );
        let mut auditor =
            Auditor::new(Template::default_template(), Some(Lang::Zh), Selection::default());
        auditor.push(summary);
        auditor.push(detail);
        auditor.check_document(&[]);
        auditor.finish()
    }

    #[test]
    fn a_figure_two_tables_publish_differently_is_an_error_after_the_tables_own() {
        let report = audited("71.30");
        assert!(report.findings.is_empty(), "{:#?}", report.findings);
        assert!(report.summary.relations_by_kind.get("crosscheck") >= Some(&1));
        let report = audited("72.30");
        let cross = crosschecks(&report);
        assert_eq!(cross.len(), 1, "{:#?}", report.findings);
        let f = cross[0];
        assert_eq!((f.severity, f.table), (Severity::Error, 1));
        assert_eq!(f.expected.as_deref(), Some("72.30"));
        assert!(f.message.contains("71.30") && f.message.contains("表2"), "{}", f.message);
        assert!(!f.id.is_empty());
        // After every finding of the tables themselves (table 2's own 合计 no longer adds up).
        assert_eq!(report.findings.last().map(|f| f.check), Some(Check::Crosscheck));
    }

    /// 表2's 卫生健康支出 class is misprinted 143.15 over its 款 of 134.15, which 表1 prints:
    /// the tables disagree because of 表2's own error, reported in 表2 (应为 134.15). The
    /// disagreement is a notice at 表2's cell that 表1 confirms the correction, not a second
    /// error at 表1's figure, which is right.
    #[test]
    fn a_disagreement_that_a_tables_own_error_explains_is_a_notice_there() {
        let report = two_tables("442.50", "134.15", "143.15", false);
        let own: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.check != Check::Crosscheck && f.severity >= Severity::Error)
            .map(|f| (f.table, f.expected.as_deref()))
            .collect();
        assert_eq!(own, [(2, Some("134.15"))], "{:#?}", report.findings);
        let cross = crosschecks(&report);
        assert_eq!(cross.len(), 1, "{cross:#?}");
        assert_eq!((cross[0].severity, cross[0].table), (Severity::Notice, 2));
        assert!(cross[0].message.contains("印证"), "{}", cross[0].message);
        assert_eq!(cross[0].expected, None);
        // The same slip in 表1, whose table does not correct it, stays an error there.
        let report = two_tables("442.50", "143.15", "134.15", false);
        let cross = crosschecks(&report);
        assert!(
            cross.iter().any(|f| f.severity == Severity::Error && f.table == 1),
            "{cross:#?}"
        );
    }

    /// A summary table of three classes, 社会保障 `social` and 卫生健康 `health`, under 合计
    /// `total`.
    fn summary_table(number: usize, social: &str, health: &str, total: &str) -> Table {
        simple_table(
            number,
            &[
                vec!["项目", "决算数"],
                vec!["一、一般公共服务支出", "35.40"],
                vec!["二、社会保障和就业支出", social],
                vec!["三、卫生健康支出", health],
                vec!["合计", total],
            ],
        )
    }

    /// The detail table of the same classes, each the sum of its 款 (卫生健康 printed
    /// `health` over a 款 of 134.15).
    fn detail_table(number: usize, health: &str) -> Table {
        simple_table(
            number,
            &[
                vec!["科目编码", "科目名称", "合计"],
                vec!["201", "一般公共服务支出", "35.40"],
                vec!["20101", "人大事务", "35.40"],
                vec!["208", "社会保障和就业支出", "442.50"],
                vec!["20805", "行政事业单位养老支出", "400.00"],
                vec!["20808", "抚恤", "42.50"],
                vec!["210", "卫生健康支出", health],
                vec!["21001", "卫生健康管理事务", "134.15"],
                vec!["", "合计", "612.05"],
            ],
        )
    }

    /// The audit of `tables`, in that order, with the checks between them.
    fn audited_tables(tables: Vec<Table>) -> crate::audit::AuditReport {
        let mut auditor =
            Auditor::new(Template::default_template(), Some(Lang::Zh), Selection::default());
        for table in tables {
            auditor.push(table);
        }
        auditor.check_document(&[]);
        auditor.finish()
    }

    /// The report's cross-table findings.
    fn crosschecks(report: &crate::audit::AuditReport) -> Vec<&crate::audit::Finding> {
        report
            .findings
            .iter()
            .filter(|f| f.check == Check::Crosscheck)
            .collect()
    }

    /// A summary table whose 社会保障 and 卫生健康 rows are `social` and `health`, against a
    /// detail table where each class is the sum of its 款.
    fn misfiled(social: &str, health: &str) -> crate::audit::AuditReport {
        two_tables(social, health, "134.15", false)
    }

    /// The summary table (社会保障 `social`, 卫生健康 `health`) and the detail table (its
    /// 卫生健康 class `detail_health` over a 款 of 134.15), the detail first when
    /// `detail_first`.
    fn two_tables(
        social: &str,
        health: &str,
        detail_health: &str,
        detail_first: bool,
    ) -> crate::audit::AuditReport {
        let (summary_number, detail_number) = if detail_first { (2, 1) } else { (1, 2) };
        let summary = summary_table(summary_number, social, health, "612.05");
        let detail = detail_table(detail_number, detail_health);
        let mut auditor =
            Auditor::new(Template::default_template(), Some(Lang::Zh), Selection::default());
        if detail_first {
            auditor.push(detail);
            auditor.push(summary);
        } else {
            auditor.push(summary);
            auditor.push(detail);
        }
        auditor.check_document(&[]);
        auditor.finish()
    }

    /// 表1 prints 社会保障 `social` and 合计 `total` (表2: 442.50 and 612.05), each table adding
    /// up: 表1's 合计 differs because its line does, one amount reported once, at the line.
    #[test]
    fn a_total_that_differs_by_its_line_s_difference_is_the_line_s_consequence() {
        let report = |social: &str, total: &str| {
            audited_tables(vec![
                summary_table(1, social, "134.15", total),
                detail_table(2, "134.15"),
            ])
        };
        let clean = report("442.50", "612.05");
        assert!(clean.findings.is_empty(), "{:#?}", clean.findings);
        let found = report("460.50", "630.05");
        assert_eq!(found.findings.len(), 1, "{:#?}", found.findings);
        let f = &found.findings[0];
        assert_eq!(f.check, Check::Crosscheck);
        assert_eq!(
            (f.name.as_deref(), f.published.as_deref(), f.expected.as_deref()),
            (Some("二、社会保障和就业支出"), Some("460.50"), Some("442.50"))
        );
        assert!(
            f.message.ends_with("；“合计”由该行加总而来，因此在表间也相差 +18.00"),
            "{}",
            f.message
        );
        assert_eq!(f.consequences.len(), 1);
        assert_eq!(f.consequences[0].name.as_deref(), Some("合计"));
        // A total off by another amount than the line is a second mistake of its own.
        let found = report("460.50", "631.05");
        assert!(
            crosschecks(&found)
                .iter()
                .all(|f| f.consequences.is_empty()),
            "{:#?}",
            found.findings
        );
    }

    /// 表1's 社会保障 (and its 合计 with it) printed 460.50 where 表2 and 表3 both print
    /// 442.50: one mistake, at 表1's cell, the second table and the totals its consequences.
    #[test]
    fn a_figure_two_other_tables_contradict_alike_is_one_finding_at_it() {
        let summary =
            |number: usize, social: &str, total: &str| summary_table(number, social, "134.15", total);
        let by_kind = |social: [&str; 2], total: [&str; 2]| {
            simple_table(
                3,
                &[
                    vec!["项目", "合计", "基本支出", "项目支出"],
                    vec!["一、一般公共服务支出", "35.40", "30.40", "5.00"],
                    vec!["二、社会保障和就业支出", social[0], social[1], "42.50"],
                    vec!["三、卫生健康支出", "134.15", "100.00", "34.15"],
                    vec!["合计", total[0], total[1], "81.65"],
                ],
            )
        };
        let detail = detail_table(2, "134.15");
        let report = |social: &str, total: &str| {
            audited_tables(vec![
                summary(1, social, total),
                detail.clone(),
                by_kind(["442.50", "400.00"], ["612.05", "530.40"]),
            ])
        };
        let clean = report("442.50", "612.05");
        assert!(clean.findings.is_empty(), "{:#?}", clean.findings);
        let found = report("460.50", "630.05");
        assert_eq!(found.findings.len(), 1, "{:#?}", found.findings);
        let f = &found.findings[0];
        assert_eq!(
            (f.table, f.name.as_deref(), f.published.as_deref(), f.expected.as_deref()),
            (1, Some("二、社会保障和就业支出"), Some("460.50"), Some("442.50"))
        );
        assert!(f.message.contains("同样为 442.50：另两张表一致"), "{}", f.message);
        let follows: Vec<(usize, Option<&str>)> = f
            .consequences
            .iter()
            .map(|c| (c.table, c.name.as_deref()))
            .collect();
        assert_eq!(follows.len(), 3, "{follows:?}");
        assert_eq!(follows.iter().filter(|(_, n)| *n == Some("合计")).count(), 2);

        // The last table the odd one (its 社会保障 and 合计 18.00 more, adding up): the finding
        // and the totals that follow are all at table 3's cells, none at the right tables'.
        let found = audited_tables(vec![
            summary(1, "442.50", "612.05"),
            detail.clone(),
            by_kind(["460.50", "418.00"], ["630.05", "548.40"]),
        ]);
        assert_eq!(found.findings.len(), 1, "{:#?}", found.findings);
        let f = &found.findings[0];
        assert_eq!(
            (f.table, f.published.as_deref(), f.expected.as_deref()),
            (3, Some("460.50"), Some("442.50"))
        );
        assert!(
            f.consequences.iter().all(|c| c.table == 3),
            "{:#?}",
            f.consequences
        );
    }

    #[test]
    fn an_amount_under_the_wrong_heading_in_the_second_table_is_said_to_be_there() {
        let report = two_tables("505.35", "71.30", "134.15", true);
        let cross = crosschecks(&report);
        assert_eq!(cross.len(), 1, "{:#?}", report.findings);
        let f = cross[0];
        // Reported at table 2's cells: table 1's rows are each the sum of their detail.
        assert_eq!(f.table, 2);
        assert!(
            f.message
                .ends_with("；表1中这两项均与其下级科目之和相符，错记更可能在表2"),
            "{}",
            f.message
        );
        assert_eq!(
            f.explanation.as_deref(),
            Some("记错科目：62.85 应记入“三、卫生健康支出”，却记入了“二、社会保障和就业支出”")
        );
    }

    #[test]
    fn offsetting_differences_in_tables_that_do_not_add_up_stay_two_findings() {
        // Two unrelated slips of 18.00: table 1's 社会保障 (its 合计 no longer holds) and
        // table 2's 卫生健康 (no longer the sum of its 款). Seen from table 1 they offset.
        let report = two_tables("460.50", "134.15", "152.15", false);
        let cross = crosschecks(&report);
        assert_eq!(cross.len(), 2, "{:#?}", report.findings);
        assert!(cross.iter().all(|f| f.consequences.is_empty()));
    }

    #[test]
    fn an_amount_under_the_wrong_heading_is_one_finding_in_the_table_without_detail() {
        let report = misfiled("505.35", "71.30");
        let cross = crosschecks(&report);
        assert_eq!(cross.len(), 1, "{:#?}", report.findings);
        let f = cross[0];
        assert_eq!(
            (f.name.as_deref(), f.published.as_deref(), f.expected.as_deref(), f.delta.as_deref()),
            (Some("二、社会保障和就业支出"), Some("505.35"), Some("442.50"), Some("+62.85"))
        );
        assert!(
            f.message
                .contains("“二、社会保障和就业支出”多 62.85、“三、卫生健康支出”少 62.85")
                && f.message
                    .ends_with("；表2中这两项均与其下级科目之和相符，错记更可能在表1"),
            "{}",
            f.message
        );
        assert_eq!(
            f.explanation.as_deref(),
            Some("记错科目：62.85 应记入“三、卫生健康支出”，却记入了“二、社会保障和就业支出”")
        );
        // The other row is the same mistake: its consequence, not a finding of its own.
        assert_eq!(f.consequences.len(), 1);
        assert_eq!(f.consequences[0].name.as_deref(), Some("三、卫生健康支出"));
        // Differences that do not offset stay two findings.
        let report = misfiled("505.35", "72.30");
        let cross = crosschecks(&report).len();
        assert_eq!(cross, 2, "{:#?}", report.findings);
    }
}
