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
