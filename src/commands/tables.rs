//! `annex-audit tables`: the reader's view of a document.

use super::TablesOptions;

/// `annex-audit tables FILE [--json]`. Returns the exit code.
pub fn tables(_options: &TablesOptions) -> crate::Result<u8> {
    Err(crate::Error::Usage("tables: not implemented yet".into()))
}
