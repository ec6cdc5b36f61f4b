//! The .docx package: a zip archive read with limits, and its relationships.
//! (Implementation pending: see issue 3.)

/// Limits applied while opening and decompressing a package.
#[derive(Debug, Clone, Default)]
pub struct Limits {
    max_part_size: u64,
}

impl Limits {
    /// Sets the largest uncompressed part accepted, in bytes.
    pub fn with_max_part_size(mut self, bytes: u64) -> Self {
        self.max_part_size = bytes;
        self
    }
}

/// An opened .docx package.
pub struct Package {}
