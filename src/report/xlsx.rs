//! The verified workbook (being written: see issue 5).

use std::io::Write;

use super::{AuditedFile, Layout, Report};
use crate::{Error, Result};

/// The workbook report.
#[derive(Debug, Clone, Default)]
pub struct Xlsx;

impl Report for Xlsx {
    fn render(&self, _file: &AuditedFile, _layout: &Layout, _out: &mut dyn Write) -> Result<()> {
        Err(Error::Usage("the workbook is not implemented yet".into()))
    }
}
