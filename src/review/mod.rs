//! The review cycle across drafts of an annex: two versions compared cell by cell
//! ([`diff::compare`]) and the comparison as a workbook ([`workbook::diff_workbook`]). The
//! reviewer's notes carried from one workbook to the next live with the workbook
//! (`report::read_previous`, `report::Review`).

pub mod diff;
pub mod workbook;

pub use diff::{AnnexDiff, Effect, compare};
pub use workbook::diff_workbook;
