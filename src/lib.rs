//! annex-audit: reads the tables of an official Word annex, recomputes every published total
//! exactly, and reports each discrepancy with its evidence.
//!
//! The data flows one way, one module per stage:
//!
//! ```text
//! package (zip, limits, relationships)
//!   → wordml (streaming quick-xml → tables with their context)
//!   → annex  (a table with its context → a score sheet: columns, maxima, rules)
//!   → audit  (checks → findings)
//!   → report (xlsx, json, terminal)
//! ```
//!
//! Shared leaves sit below every stage: `error`, `xml`, `lang` (the language of messages),
//! `messages` (every fixed word a person reads, in both languages), `convert` (legacy
//! .doc/.wps to a temporary .docx with LibreOffice), and `exact` (exact arithmetic on
//! published scores, used by the annex's stated rules and by the audit's recomputation).
//! `tests/layers.rs` fails when a stage imports a later one.
//! `review` compares two versions of an annex (`annex-audit diff`).

#![warn(missing_docs)]

pub mod annex;
pub mod audit;
mod beside;
pub mod clock;
pub mod commands;
pub mod convert;
pub mod error;
pub mod exact;
pub mod lang;
pub mod messages;
pub mod package;
pub mod pipeline;
pub mod report;
pub mod review;
pub mod serve;
pub mod wordml;
mod xml;

pub use error::{Error, Result};
