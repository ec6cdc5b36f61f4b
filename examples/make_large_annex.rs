//! Writes a large annex for benchmarks (not a test fixture: nothing in git depends on it):
//!
//! ```sh
//! cargo run --release --example make_large_annex -- 100 /tmp/annex-100.docx
//! ```
//!
//! The seed's three tables are repeated N times, each copy under its own headings, in the XML
//! Word writes (see `make_large_annex/generate.rs`). N = 100 gives a `word/document.xml` of about
//! 30 MB with 300 tables and 4,500 data rows; N = 1,000 about 300 MB, which needs
//! `--max-part-mib 400` to be read (the default limit is 200 MiB).

#[path = "make_samples/data.rs"]
#[allow(dead_code)] // The generator uses part of the sample's content.
mod data;
#[path = "make_large_annex/generate.rs"]
mod generate;

use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    let mut args = std::env::args().skip(1);
    let usage = "usage: make_large_annex N OUT.docx";
    let copies: usize = args.next().ok_or(usage)?.parse().map_err(|_| usage)?;
    let out = PathBuf::from(args.next().ok_or(usage)?);
    let written = generate::write_annex(copies, &out)?;
    println!(
        "wrote {}: {} tables, {} data rows, word/document.xml {:.1} MB, file {:.1} MB",
        out.display(),
        written.tables,
        written.data_rows,
        written.document_bytes as f64 / 1e6,
        written.file_bytes as f64 / 1e6
    );
    Ok(())
}
