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
