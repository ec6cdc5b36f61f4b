//! Decompression ahead of the tokenizer: a large part is inflated on a thread of its own into a
//! few fixed-size buffers, handed to the XML reader through a bounded channel and handed back
//! for reuse, so that inflating and tokenising run side by side on two cores. Small parts are
//! inflated inline: a thread costs more than it saves on them.
//!
//! The limits stay where they were: the thread reads through a [`PartReader`], which checks the
//! part size, the ratio and the total on every read, and its error reaches the XML reader in
//! place of the bytes that broke the limit. Memory is bounded by [`BUFFERS`] × [`CHUNK`].

use std::io::{self, BufRead, BufReader, Read};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{self, Receiver, SyncSender, TryRecvError};

use zip::ZipArchive;

use super::part::PartReader;
use super::source::Source;
use super::{Limits, open_in};
use crate::Result;

/// Size of one buffer of decompressed bytes: large enough that the hand-over costs nothing
/// beside the inflating and tokenising of its contents.
pub(crate) const CHUNK: usize = 256 * 1024;

/// Buffers in existence for one part at most (in the channel, being filled, being read).
pub(crate) const BUFFERS: usize = 6;

/// Parts whose header declares fewer bytes than this are inflated inline.
pub(crate) const AHEAD_FROM: u64 = 4 * 1024 * 1024;

/// The pieces a part is read in: a sixteenth of its declared size, within these bounds (the
/// inline reader's buffer, and what the tokenizer adds to its window per refill). std's
/// `BufReader` zeroes its buffer before the first read into it (a reader without `read_buf`),
/// and the window is a copy: for the real annex's 0.25 MB, 16 KB pieces rather than 64 KB took
/// fewer fresh pages on the reader's thread, which a small annex waits for, while a part of a
/// few megabytes reads faster in 64 KB pieces (BENCHMARKS.md, round 15).
const PIECE: std::ops::RangeInclusive<usize> = 16 * 1024..=64 * 1024;

/// The piece for a part that declares `declared` bytes (see [`PIECE`]).
fn piece_for(declared: u64) -> usize {
    usize::try_from(declared / 16)
        .unwrap_or(usize::MAX)
        .clamp(*PIECE.start(), *PIECE.end())
}

/// The decompressed bytes of one part, inline or from the inflating thread.
pub struct PartInput<'a> {
    inner: Inner<'a>,
    /// The size of the pieces the part is best read in ([`PIECE`]).
    piece: usize,
}

// One per part being read, so its size does not matter; boxing the inline reader would add an
// indirection to every `fill_buf` of the tokenizer.
#[allow(clippy::large_enum_variant)]
enum Inner<'a> {
    Inline(BufReader<PartReader<'a>>),
    Ahead(AheadReader),
}

impl<'a> PartInput<'a> {
    /// Opens `name` in `archive`: inline when the part is small (or `ahead` is off), on an
    /// inflating thread over a clone of the archive otherwise. Declared sizes and ratios are
    /// refused here, before any thread starts.
    pub(crate) fn open(
        archive: &'a mut ZipArchive<Source>,
        name: &str,
        limits: &Limits,
        counters: (Arc<AtomicU64>, Arc<AtomicU64>),
        ahead: bool,
    ) -> Result<Self> {
        // The central directory's size decides; the part's own header is read (and checked
        // against the limits) by whichever side inflates it.
        let declared = archive
            .index_for_name(name)
            .and_then(|index| archive.by_index_data(index).ok())
            .map_or(0, |entry| entry.size());
        if ahead && declared >= AHEAD_FROM {
            // Refused sizes and ratios are refused here, before a thread starts.
            drop(open_in(archive, name, limits, counters.clone())?);
            let spawned = AheadReader::spawn(
                archive.clone(),
                name.to_string(),
                limits.clone(),
                counters.clone(),
            );
            // Without a thread (a process at its thread limit), the part is read inline.
            if let Ok(ahead) = spawned {
                return Ok(Self {
                    inner: Inner::Ahead(ahead),
                    piece: *PIECE.end(),
                });
            }
        }
        let reader = open_in(archive, name, limits, counters)?;
        let piece = piece_for(declared);
        Ok(Self {
            inner: Inner::Inline(BufReader::with_capacity(piece, reader)),
            piece,
        })
    }
}

impl PartInput<'_> {
    /// The size of the pieces the part is best read in: what a tokenizer should add to its
    /// window per refill.
    pub(crate) fn piece(&self) -> usize {
        self.piece
    }
}

impl Read for PartInput<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match &mut self.inner {
            Inner::Inline(reader) => reader.read(buf),
            Inner::Ahead(reader) => reader.read(buf),
        }
    }
}

impl BufRead for PartInput<'_> {
    #[inline]
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        match &mut self.inner {
            Inner::Inline(reader) => reader.fill_buf(),
            Inner::Ahead(reader) => reader.fill_buf(),
        }
    }

    #[inline]
    fn consume(&mut self, amount: usize) {
        match &mut self.inner {
            Inner::Inline(reader) => reader.consume(amount),
            Inner::Ahead(reader) => reader.consume(amount),
        }
    }
}

/// The reading end of an inflating thread.
struct AheadReader {
    /// Filled buffers, or the error that ended the part.
    filled: Receiver<io::Result<Vec<u8>>>,
    /// Buffers handed back for reuse.
    spent: SyncSender<Vec<u8>>,
    /// The buffer being read and the position in it.
    current: Vec<u8>,
    position: usize,
    /// The part ended (its end, or an error already returned).
    ended: bool,
}

impl AheadReader {
    fn spawn(
        mut archive: ZipArchive<Source>,
        name: String,
        limits: Limits,
        counters: (Arc<AtomicU64>, Arc<AtomicU64>),
    ) -> io::Result<Self> {
        let (fill, filled) = mpsc::sync_channel(BUFFERS - 2);
        let (spent, reuse) = mpsc::sync_channel(BUFFERS);
        crate::beside::spawn(
            std::thread::Builder::new().name("inflate".into()),
            move || match open_in(&mut archive, &name, &limits, counters) {
                Ok(reader) => inflate(reader, &fill, &reuse),
                Err(err) => {
                    let _ = fill.send(Err(io::Error::other(err)));
                }
            },
        )?;
        Ok(Self {
            filled,
            spent,
            current: Vec::new(),
            position: 0,
            ended: false,
        })
    }
}

/// The inflating thread: fills buffers until the part ends, fails or the reader goes away.
fn inflate(
    mut reader: PartReader<'_>,
    fill: &SyncSender<io::Result<Vec<u8>>>,
    reuse: &Receiver<Vec<u8>>,
) {
    let mut made = 0;
    loop {
        let mut buffer = match reuse.try_recv() {
            Ok(buffer) => buffer,
            Err(TryRecvError::Empty) if made < BUFFERS => {
                made += 1;
                Vec::new()
            }
            // Every buffer is in use: wait for one (or for the reader to go away).
            Err(TryRecvError::Empty) => match reuse.recv() {
                Ok(buffer) => buffer,
                Err(_) => return,
            },
            Err(TryRecvError::Disconnected) => return,
        };
        buffer.resize(CHUNK, 0);
        let mut filled = 0;
        let outcome = loop {
            let Some(window) = buffer.get_mut(filled..) else {
                break Ok(());
            };
            if window.is_empty() {
                break Ok(());
            }
            match reader.read(window) {
                Ok(0) => break Ok(()),
                Ok(n) => filled += n,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
                Err(err) => break Err(err),
            }
        };
        buffer.truncate(filled);
        let last = filled < CHUNK;
        if filled > 0 && fill.send(Ok(buffer)).is_err() {
            return;
        }
        if let Err(err) = outcome {
            let _ = fill.send(Err(err));
            return;
        }
        if last {
            return;
        }
    }
}

impl Read for AheadReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let available = self.fill_buf()?;
        let n = available.len().min(buf.len());
        if let (Some(dst), Some(src)) = (buf.get_mut(..n), available.get(..n)) {
            dst.copy_from_slice(src);
        }
        self.consume(n);
        Ok(n)
    }
}

impl AheadReader {
    /// Moves to the next filled buffer (handing the spent one back), or learns that the part
    /// ended.
    #[cold]
    fn refill(&mut self) -> io::Result<()> {
        while self.position >= self.current.len() && !self.ended {
            match self.filled.recv() {
                Ok(Ok(next)) => {
                    let spent = std::mem::replace(&mut self.current, next);
                    self.position = 0;
                    if spent.capacity() > 0 {
                        // The thread may have finished: then the buffer is simply dropped.
                        let _ = self.spent.try_send(spent);
                    }
                }
                Ok(Err(err)) => {
                    self.ended = true;
                    return Err(err);
                }
                // The thread finished after its last buffer.
                Err(_) => self.ended = true,
            }
        }
        Ok(())
    }
}

impl BufRead for AheadReader {
    // Called for every event the tokenizer reads: the common case must stay a comparison.
    #[inline]
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        if self.position >= self.current.len() {
            self.refill()?;
        }
        Ok(self.current.get(self.position..).unwrap_or(&[]))
    }

    #[inline]
    fn consume(&mut self, amount: usize) {
        self.position = self.position.saturating_add(amount).min(self.current.len());
    }
}
