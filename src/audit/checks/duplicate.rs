//! `duplicate`: the same name (whitespace aside) twice in a table or its continuation.

use std::collections::HashMap;

use super::{AuditCheck, Chain, Scope, at_cell};
use crate::annex::Role;
use crate::audit::{Check, Finding, Severity};

/// The `duplicate` check.
pub(super) struct Duplicate;

impl AuditCheck for Duplicate {
    fn id(&self) -> Check {
        Check::Duplicate
    }

    fn scope(&self) -> Scope {
        Scope::Chain
    }

    fn chain(&self, chain: &Chain<'_>, out: &mut Vec<Finding>) {
        let lang = chain.lang;
        // Name without whitespace → the table and row it first appears in.
        let mut seen: HashMap<String, (usize, usize)> = HashMap::new();
        for e in &chain.rows {
            let Some((sheet, row)) = chain.sheet_and_row(e) else {
                continue;
            };
            let Some(name) = &row.name else { continue };
            let key: String = name.chars().filter(|c| !c.is_whitespace()).collect();
            match seen.get(&key) {
                Some(&(table, number)) => {
                    let Some(c) = sheet.column(Role::Name) else {
                        continue;
                    };
                    out.push(Finding {
                        published: Some(name.clone()),
                        ..at_cell(
                            Check::Duplicate,
                            Severity::Warning,
                            sheet,
                            row,
                            c,
                            lang.pick(
                                format!("名称“{name}”与表{table}第{number}行重复"),
                                format!(
                                    "\"{name}\" already appears in table {table}, row {number}"
                                ),
                            ),
                        )
                    });
                }
                None => {
                    seen.insert(key, (sheet.table.number, row.number));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_support::{findings_of, one_table, summary};
    use crate::audit::{Check, Lang, Severity};

    #[test]
    fn a_name_twice_whitespace_aside_names_its_first_row() {
        let t = one_table(&[
            vec!["名称", "A（50分）", "总分（50分）"],
            vec!["甲局", "45.00", "45.00"],
            vec!["乙局", "40.00", "40.00"],
            vec!["甲 局", "30.00", "30.00"],
        ]);
        let found = findings_of(Check::Duplicate, Lang::En, vec![t.clone()]);
        assert_eq!(
            summary(&found),
            [(
                Some(3),
                Severity::Warning,
                "\"甲 局\" already appears in table 1, row 1"
            )]
        );
        let zh = findings_of(Check::Duplicate, Lang::Zh, vec![t]);
        assert_eq!(zh[0].message, "名称“甲 局”与表1第1行重复");
    }
}
