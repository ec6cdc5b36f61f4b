//! The end-to-end tests, as one test binary: each file beside this one is a module of it, and
//! `common/` holds their shared helpers. One binary is compiled and linked once, where 22 each
//! linked their own copy of the library and its dependencies: a fresh `cargo test` took some
//! 30 s less (BENCHMARKS.md, round 19). `cargo test --test integration serve::` runs one
//! file's tests.

mod common;

// The sample generator's modules (examples/make_samples), which name each other from the crate
// root; tests/samples.rs and tests/budget_samples.rs check what they write. Not all of them is
// used here.
#[allow(dead_code)]
#[path = "../examples/make_samples/budget.rs"]
mod budget;
#[allow(dead_code)]
#[path = "../examples/make_samples/data.rs"]
mod data;
#[allow(dead_code)]
#[path = "../examples/make_samples/final_accounts.rs"]
mod final_accounts;
#[allow(dead_code)]
#[path = "../examples/make_samples/tables.rs"]
mod tables;
#[allow(dead_code)]
#[path = "../examples/make_samples/writer.rs"]
mod writer;

mod audit_cli;
mod batch;
mod budget_audit;
mod budget_samples;
mod causes;
mod convert;
mod corpus;
mod crosscheck;
mod diff;
mod differential;
mod final_accounts_audit;
mod fuzz_regressions;
mod golden;
mod hostile;
mod inference;
mod lang;
mod layers;
mod pipeline;
mod registry;
mod review;
mod samples;
mod serve;

/// Every `.rs` file beside this one is a module of it: with `autotests = false`, a file left
/// out here would never be compiled or run.
#[test]
fn every_test_file_is_a_module_of_this_binary() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    let declared = include_str!("integration.rs");
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("the tests directory") {
        let path = entry.expect("a directory entry").path();
        let Some(stem) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs")
            && stem != "integration"
            && !declared.contains(&format!("\nmod {stem};\n"))
        {
            missing.push(stem.to_string());
        }
    }
    assert!(
        missing.is_empty(),
        "files in tests/ that tests/integration.rs does not declare: {missing:?}"
    );
}
