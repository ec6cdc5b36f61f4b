//! The bytes of a package: a file read by position (so every part reader can have its own
//! cursor without reopening the file) or a shared in-memory buffer; and the sniffing that tells
//! a .docx from the things people rename to .docx.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use crate::{Error, Result};

/// A cheaply cloneable `Read + Seek` over the package bytes; each clone has its own position.
#[derive(Clone, Debug)]
pub(crate) struct Source {
    data: SourceData,
    len: u64,
    pos: u64,
    /// Bytes read through any clone: tells how much compressed data a part has consumed.
    consumed: Arc<AtomicU64>,
}

#[derive(Clone, Debug)]
enum SourceData {
    #[cfg(any(unix, windows))]
    File(Arc<File>),
    Bytes(Arc<[u8]>),
}

impl Source {
    /// A source over an open file of `len` bytes.
    pub(crate) fn from_file(file: File, len: u64) -> io::Result<Self> {
        #[cfg(any(unix, windows))]
        {
            Ok(Self {
                data: SourceData::File(Arc::new(file)),
                len,
                pos: 0,
                consumed: Arc::default(),
            })
        }
        #[cfg(not(any(unix, windows)))]
        {
            let mut file = file;
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes)?;
            let _ = len;
            Ok(Self::from_bytes(bytes.into()))
        }
    }

    /// A source over bytes in memory.
    pub(crate) fn from_bytes(bytes: Arc<[u8]>) -> Self {
        Self {
            len: bytes.len() as u64,
            data: SourceData::Bytes(bytes),
            pos: 0,
            consumed: Arc::default(),
        }
    }

    /// The counter of bytes read through this source and all its clones.
    pub(crate) fn consumed(&self) -> Arc<AtomicU64> {
        self.consumed.clone()
    }

    /// Total length in bytes.
    pub(crate) fn len(&self) -> u64 {
        self.len
    }

    /// Reads up to `buf.len()` bytes at `offset` without moving the cursor.
    pub(crate) fn read_at(&self, buf: &mut [u8], offset: u64) -> io::Result<usize> {
        if offset >= self.len {
            return Ok(0);
        }
        match &self.data {
            SourceData::Bytes(bytes) => {
                let start = usize::try_from(offset).unwrap_or(usize::MAX);
                let available = bytes.get(start..).unwrap_or(&[]);
                let n = available.len().min(buf.len());
                if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
                    dst.copy_from_slice(src);
                }
                Ok(n)
            }
            #[cfg(unix)]
            SourceData::File(file) => std::os::unix::fs::FileExt::read_at(&**file, buf, offset),
            #[cfg(windows)]
            SourceData::File(file) => {
                std::os::windows::fs::FileExt::seek_read(&**file, buf, offset)
            }
        }
    }
}

impl Read for Source {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.read_at(buf, self.pos)?;
        self.pos = self.pos.saturating_add(n as u64);
        self.consumed.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for Source {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(n) => Some(n),
            SeekFrom::End(delta) => self.len.checked_add_signed(delta),
            SeekFrom::Current(delta) => self.pos.checked_add_signed(delta),
        };
        match target {
            Some(n) => {
                self.pos = n;
                Ok(n)
            }
            None => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
    }
}

/// The OLE2 compound file signature (Word 97-2003, encrypted OOXML, .xls, .msg, …).
const OLE2_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// `name` as UTF-16LE, the way OLE2 directory entries store names.
fn utf16le(name: &str) -> Vec<u8> {
    name.encode_utf16()
        .flat_map(|unit| unit.to_le_bytes())
        .collect()
}

/// Refuses what is not a zip before the zip reader sees it: empty files and OLE2 compound files
/// (told apart by their directory entries), and anything that does not start like a zip.
pub(crate) fn sniff(source: &Source) -> Result<()> {
    if source.len() == 0 {
        return Err(Error::Empty);
    }
    let mut head = [0u8; 8];
    let n = read_full_at(source, &mut head, 0)
        .map_err(|e| Error::CorruptZip(crate::error::io_reason(&e)))?;
    let head = head.get(..n).unwrap_or(&[]);
    if head == OLE2_MAGIC {
        return Err(classify_ole2(source));
    }
    // Local file header, empty archive, or spanned-archive marker.
    let zip_like = head.starts_with(b"PK\x03\x04")
        || head.starts_with(b"PK\x05\x06")
        || head.starts_with(b"PK\x07\x08");
    if !zip_like {
        return Err(Error::NotZip);
    }
    Ok(())
}

fn read_full_at(source: &Source, buf: &mut [u8], offset: u64) -> io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        let Some(rest) = buf.get_mut(filled..) else {
            break;
        };
        let n = source.read_at(rest, offset + filled as u64)?;
        if n == 0 {
            break;
        }
        filled += n;
    }
    Ok(filled)
}

/// Looks for the stream names that say what an OLE2 file holds. The directory can sit anywhere
/// in the file, so the whole file is scanned in chunks (with an overlap for names split across
/// chunks).
fn classify_ole2(source: &Source) -> Error {
    let encrypted = utf16le("EncryptedPackage");
    let word = utf16le("WordDocument");
    let overlap = encrypted.len().max(word.len());
    let mut chunk = vec![0u8; 1 << 20];
    let mut offset = 0u64;
    let mut saw_word = false;
    while let Ok(n) = read_full_at(source, &mut chunk, offset) {
        let window = chunk.get(..n).unwrap_or(&[]);
        if memchr::memmem::find(window, &encrypted).is_some() {
            return Error::Encrypted;
        }
        saw_word |= memchr::memmem::find(window, &word).is_some();
        if n < chunk.len() {
            break;
        }
        offset += (n - overlap) as u64;
    }
    if saw_word {
        Error::LegacyDoc
    } else {
        Error::Ole2
    }
}
