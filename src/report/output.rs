//! A rendered report on its way to its file.

use std::io::{self, BufReader, BufWriter, Read, Seek, Write};

use tempfile::SpooledTempFile;

/// A rendered workbook or JSON document: in memory while small, in an unnamed temporary file
/// past [`Output::MEMORY_BYTES`], so that an output of hundreds of MB (a table of 100,000 rows
/// with a finding on every row) is not held in memory before it is copied into place.
///
/// ```
/// use std::io::Write;
/// use annex_audit::report::Output;
/// let mut output = Output::new();
/// output.write_all(b"{}\n")?;
/// let mut file = Vec::new();
/// output.copy_to(&mut file)?;
/// assert_eq!(file, b"{}\n");
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug)]
pub struct Output {
    /// Buffered: the zip and JSON writers write a few bytes at a time, and once the spool is a
    /// file each write would be a system call.
    spool: BufWriter<SpooledTempFile>,
}

impl Output {
    /// Outputs larger than this go to a temporary file.
    pub const MEMORY_BYTES: usize = 8 << 20;

    /// An empty output.
    pub fn new() -> Self {
        Self::with_memory(Self::MEMORY_BYTES)
    }

    /// An empty output kept in memory up to `bytes`.
    pub(crate) fn with_memory(bytes: usize) -> Self {
        Output {
            spool: BufWriter::with_capacity(64 * 1024, SpooledTempFile::new(bytes)),
        }
    }

    /// Whether the output went to a temporary file (once it was read: writes are buffered).
    pub fn on_disk(&self) -> bool {
        self.spool.get_ref().is_rolled()
    }

    /// Copies the whole output into `out` (from its start, however often it is called).
    pub fn copy_to(&mut self, out: &mut dyn Write) -> io::Result<u64> {
        // In pieces of 64 KB (a small annex's workbook and JSON in one write each), not of
        // `io::copy`'s 8 KB: into a file, each piece is a system call.
        io::copy(
            &mut BufReader::with_capacity(COPY_PIECE, self.written()?),
            out,
        )
    }

    /// The whole output.
    pub fn to_bytes(&mut self) -> io::Result<Vec<u8>> {
        let mut bytes = Vec::new();
        self.written()?.read_to_end(&mut bytes)?;
        Ok(bytes)
    }

    /// Everything written, read from its start.
    fn written(&mut self) -> io::Result<&mut SpooledTempFile> {
        self.spool.flush()?;
        let spool = self.spool.get_mut();
        spool.rewind()?;
        Ok(spool)
    }
}

/// How much of an output [`Output::copy_to`] reads and writes at a time.
const COPY_PIECE: usize = 64 * 1024;

impl Default for Output {
    fn default() -> Self {
        Self::new()
    }
}

impl Write for Output {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.spool.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.spool.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.spool.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_output_goes_to_disk_and_copies_back_whole() {
        let mut output = Output::with_memory(1_000);
        let chunk: Vec<u8> = (0..=255u8).collect();
        for _ in 0..10 {
            output.write_all(&chunk).expect("written");
        }
        let expected: Vec<u8> = chunk.repeat(10);
        assert_eq!(output.to_bytes().expect("read"), expected);
        assert!(output.on_disk());
        let mut copy = Vec::new();
        assert_eq!(output.copy_to(&mut copy).expect("copied"), 2_560);
        assert_eq!(copy, expected);
    }

    #[test]
    fn a_small_output_stays_in_memory() {
        let mut output = Output::with_memory(1_000);
        output.write_all(b"small").expect("written");
        assert!(!output.on_disk());
        assert_eq!(output.to_bytes().expect("read"), b"small");
    }
}
