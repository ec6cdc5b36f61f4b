//! Reading one part: decompression through the zip crate, with the size, ratio and total limits
//! checked on what is actually produced (the header's sizes are checked first, never trusted).

use std::io::{self, Read};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use zip::read::ZipFile;

use super::Limits;
use super::source::Source;
use crate::Error;
use crate::error::{LimitKind, Text};

/// A part is only judged on its compression ratio once it has produced this much: real XML is
/// repetitive and small parts may compress very well without being bombs.
pub(crate) const RATIO_CHECK_AFTER: u64 = 16 * 1024 * 1024;

/// A streaming reader over one decompressed part, enforcing the limits while it reads.
///
/// Errors are `io::Error`s that carry an [`Error`] inside, so the XML reader can hand the
/// original error (a limit, a corrupt stream) back to the caller.
pub struct PartReader<'a> {
    inner: ZipFile<'a, Source>,
    name: String,
    produced: u64,
    declared: u64,
    compressed: u64,
    max_part_size: u64,
    max_ratio: u64,
    total: Arc<AtomicU64>,
    max_total: u64,
    /// Bytes read from the package file (all readers) and the count when this part started:
    /// the compressed bytes this part consumed so far, for the ratio check.
    source_read: Arc<AtomicU64>,
    source_read_at_start: u64,
}

impl<'a> PartReader<'a> {
    pub(crate) fn new(
        inner: ZipFile<'a, Source>,
        name: &str,
        limits: &Limits,
        total: Arc<AtomicU64>,
        source_read: Arc<AtomicU64>,
    ) -> Self {
        Self {
            source_read_at_start: source_read.load(Ordering::Relaxed),
            source_read,
            declared: inner.size(),
            compressed: inner.compressed_size(),
            inner,
            name: name.to_string(),
            produced: 0,
            max_part_size: limits.max_part_size(),
            max_ratio: limits.max_compression_ratio(),
            total,
            max_total: limits.max_total_uncompressed(),
        }
    }

    /// The part's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    fn check(&self) -> Result<(), Error> {
        if self.produced > self.max_part_size {
            return Err(Error::limit(
                LimitKind::PartSize,
                format!("uncompressed size of {}", self.name),
                self.max_part_size,
            ));
        }
        if self.produced > self.declared {
            return Err(Error::CorruptZip(Text::msg(
                crate::messages::ZIP_OVERRUN,
                &[("part", &self.name), ("declared", &self.declared)],
            )));
        }
        // The ratio of what was produced to what was consumed so far (not to the whole
        // compressed size, which a bomb reaches only at its end).
        let consumed = self
            .source_read
            .load(Ordering::Relaxed)
            .saturating_sub(self.source_read_at_start)
            .min(self.compressed.max(1));
        if self.produced > RATIO_CHECK_AFTER && self.produced / consumed.max(1) > self.max_ratio {
            return Err(Error::limit(
                LimitKind::Ratio,
                format!("compression ratio of {}", self.name),
                self.max_ratio,
            ));
        }
        if self.total.load(Ordering::Relaxed) > self.max_total {
            return Err(Error::limit(
                LimitKind::TotalSize,
                "total uncompressed size read from the package",
                self.max_total,
            ));
        }
        Ok(())
    }
}

impl Read for PartReader<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        // Never ask for more than one byte past the limit: `take` semantics on the real stream.
        let allowed = self
            .max_part_size
            .saturating_add(1)
            .saturating_sub(self.produced);
        let want = usize::try_from(allowed)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        if want == 0 && !buf.is_empty() {
            return Err(io::Error::other(Error::limit(
                LimitKind::PartSize,
                format!("uncompressed size of {}", self.name),
                self.max_part_size,
            )));
        }
        let Some(window) = buf.get_mut(..want) else {
            return Ok(0);
        };
        let n = match self.inner.read(window) {
            Ok(n) => n,
            Err(err) => {
                return Err(io::Error::other(Error::CorruptZip(
                    crate::error::data_error(&err).prefixed(&self.name),
                )));
            }
        };
        self.produced = self.produced.saturating_add(n as u64);
        self.total.fetch_add(n as u64, Ordering::Relaxed);
        self.check().map_err(io::Error::other)?;
        Ok(n)
    }
}
