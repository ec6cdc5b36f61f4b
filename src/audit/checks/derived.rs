//! `derived`: a 增减额 (current − previous), 增减率 ((current − previous) ÷ previous × 100),
//! 占比 (part ÷ whole × 100) or product (count × the stated factor) of a table read by the
//! structure engine, recomputed exactly and rounded half away from zero to the decimals the
//! cell prints.

use super::sum::relation_finding;
use super::{AuditCheck, Scope, StructuredTable};
use crate::annex::structure::{Evaluated, Relation, RelationKind};
use crate::audit::{Check, Finding};

/// The `derived` check.
pub(super) struct Derived;

impl AuditCheck for Derived {
    fn id(&self) -> Check {
        Check::Derived
    }

    fn scope(&self) -> Scope {
        Scope::Relation
    }

    fn relation(
        &self,
        table: &StructuredTable<'_>,
        relation: &Relation,
        evaluated: &Evaluated,
        out: &mut Vec<Finding>,
    ) {
        if matches!(
            relation.kind,
            RelationKind::Difference
                | RelationKind::Rate
                | RelationKind::Share
                | RelationKind::Product
        ) {
            out.extend(relation_finding(Check::Derived, table, relation, evaluated));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::annex::tests::simple_table;
    use crate::audit::tests::audit;
    use crate::audit::{Check, Severity};

    #[test]
    fn a_difference_with_its_sign_lost_and_a_truncated_rate_are_errors() {
        let t = simple_table(
            1,
            &[
                vec!["项目", "上年", "本年", "增减额", "增减率（%）"],
                vec!["甲", "24.50", "18.20", "6.30", "-25.71"],
                vec!["乙", "640.00", "694.20", "54.20", "8.46"],
            ],
        );
        let report = audit(vec![t]);
        let seen: Vec<_> = report
            .findings
            .iter()
            .map(|f| {
                (
                    f.check,
                    f.severity,
                    f.name.as_deref(),
                    f.published.as_deref(),
                    f.expected.as_deref(),
                    f.delta.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (Check::Derived, Severity::Error, Some("甲"), Some("6.30"), Some("-6.30"), Some("+12.60")),
                (Check::Derived, Severity::Error, Some("乙"), Some("8.46"), Some("8.47"), Some("-0.01")),
            ],
            "{:#?}",
            report.findings
        );
        assert!(report.findings[1].message.contains("published 8.46, recomputed 8.47"));
    }
}
