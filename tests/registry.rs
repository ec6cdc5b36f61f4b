//! README.md's check table and the check registry list the same ids: a check added to one and
//! not the other fails here.

use std::collections::BTreeSet;

use annex_audit::audit::Check;

/// The ids in the first column of the table under README.md's `#### Checks` heading.
fn readme_check_ids(readme: &str) -> Vec<String> {
    let section = readme
        .split_once("#### Checks")
        .map(|(_, rest)| rest)
        .unwrap_or_default();
    section
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .filter_map(|l| {
            let first = l.trim_start_matches('|').split('|').next()?.trim();
            let id = first.strip_prefix('`')?.strip_suffix('`')?;
            Some(id.to_string())
        })
        .collect()
}

#[test]
fn readme_check_table_lists_exactly_the_registered_checks() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .unwrap_or_default();
    let documented = readme_check_ids(&readme);
    let registered: Vec<String> = Check::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert!(
        !documented.is_empty(),
        "no check table under README.md's #### Checks"
    );
    let documented_set: BTreeSet<&String> = documented.iter().collect();
    assert_eq!(
        documented_set.len(),
        documented.len(),
        "an id twice in README.md: {documented:?}"
    );
    let registered_set: BTreeSet<&String> = registered.iter().collect();
    let undocumented: Vec<&&String> = registered_set.difference(&documented_set).collect();
    let unregistered: Vec<&&String> = documented_set.difference(&registered_set).collect();
    assert!(
        undocumented.is_empty() && unregistered.is_empty(),
        "registered but not in README.md's check table: {undocumented:?}; \
         in the table but not registered: {unregistered:?}"
    );
}

#[test]
fn the_table_parser_reads_ids_and_stops_at_the_table_end() {
    let readme = "intro\n| `x` | no |\n#### Checks\n\n| check | severity | what |\n| --- | --- | --- |\n\
                  | `total` | error | … |\n| `rank` | error | … |\n\nText | `after` |\n| `later` |\n";
    assert_eq!(readme_check_ids(readme), ["total", "rank"]);
}
