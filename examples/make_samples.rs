//! Writes the sample documents under `samples/`:
//!
//! ```sh
//! cargo run --example make_samples
//! ```
//!
//! - `ordos-2020-annex.docx` is the Ordos 2020 annex as published, and
//!   `ordos-2020-annex-with-errors.docx` the same with the errors E1–E10;
//! - `budget-2025-final-accounts.docx` is a made-up city's budget annex (决算表, “三公” table,
//!   资金分配表), and `budget-2025-final-accounts-with-errors.docx` the same with B1–B7;
//! - `final-accounts-2025.docx` is a made-up department's 部门决算 explanation with its three
//!   tables, and `final-accounts-2025-with-errors.docx` the same with F1–F4.
//!
//! The errors are listed in `samples/README.md`. The output is byte-for-byte reproducible
//! (`tests/samples.rs` and `tests/budget_samples.rs` check it).

#[path = "make_samples/budget.rs"]
mod budget;
#[path = "make_samples/data.rs"]
mod data;
#[path = "make_samples/final_accounts.rs"]
mod final_accounts;
#[path = "make_samples/tables.rs"]
mod tables;
#[path = "make_samples/writer.rs"]
mod writer;

use std::error::Error;
use std::path::Path;

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    writer::write_samples(&dir)?;
    for name in [writer::CLEAN_FILE, writer::ERRORS_FILE] {
        println!("wrote {}", dir.join(name).display());
    }
    for planted in writer::PLANTED {
        println!(
            "  {}: table {}, row {}, column {}",
            planted.id, planted.table, planted.row, planted.column
        );
    }
    budget::write_samples(&dir)?;
    final_accounts::write_samples(&dir)?;
    for name in [
        budget::CLEAN_FILE,
        budget::ERRORS_FILE,
        final_accounts::CLEAN_FILE,
        final_accounts::ERRORS_FILE,
    ] {
        println!("wrote {}", dir.join(name).display());
    }
    for planted in budget::PLANTED.iter().chain(final_accounts::PLANTED) {
        println!(
            "  {}: table {}, row {}, column {}: {:?}",
            planted.id, planted.table, planted.row, planted.column, planted.text
        );
    }
    for edit in final_accounts::TEXT_PLANTED {
        println!("  {}: {:?} -> {:?}", edit.id, edit.published, edit.planted);
    }
    Ok(())
}
