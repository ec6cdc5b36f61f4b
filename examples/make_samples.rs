//! Writes the two sample annexes under `samples/`:
//!
//! ```sh
//! cargo run --example make_samples
//! ```
//!
//! `samples/ordos-2020-annex.docx` is the Ordos 2020 annex as published;
//! `samples/ordos-2020-annex-with-errors.docx` is the same with the errors listed in
//! `samples/README.md`. The output is byte-for-byte reproducible (`tests/samples.rs` checks it).

#[path = "make_samples/data.rs"]
mod data;
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
    Ok(())
}
