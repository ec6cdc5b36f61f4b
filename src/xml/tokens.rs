//! The tokenizer under [`super::XmlReader`]: it splits a part into tags, text, references and
//! the constructs the readers skip, borrowing each from a [`Window`] of the part's text.
//!
//! quick-xml's buffered reader copies every event into a buffer and checks the UTF-8 of each
//! one apart; at 21 bytes per tag in a Word document that was half of the reading. Here the part
//! is checked as UTF-8 once, as it is appended to the window in blocks, and a token is a slice
//! of the window. Start tags are still handed over as quick-xml's [`BytesStart`], so attributes,
//! their unescaping and normalisation stay quick-xml's; text and CDATA are normalised by
//! quick-xml's own functions. The end-of-line and end-name rules are XML 1.0's, as quick-xml's
//! with `check_end_names`. A differential test (`src/xml/tests.rs`) holds the two readers to
//! the same events on generated documents.

use std::io::{self, BufRead};

use quick_xml::events::BytesStart;

use crate::error::{Text, printable};
use crate::messages::{self as m, Msg};

/// The part's text read so far and not yet consumed: tokens borrow from it.
///
/// One window per [`super::XmlReader`], passed to every call of its `next`: the window keeps
/// the text and where the next token starts, the reader the rest of its state.
#[derive(Default)]
pub(crate) struct Window {
    text: String,
    /// Where the next token starts.
    pos: usize,
}

impl Window {
    /// Empties the window for a part read `block` bytes at a time, with room for a refill and
    /// an unconsumed rest: a window grown a doubling at a time took fresh pages on the
    /// reader's thread, and copied the text, for each part.
    pub(crate) fn clear_for(&mut self, block: usize) {
        self.text.clear();
        self.text.reserve(block.saturating_mul(2));
        self.pos = 0;
    }
}

/// One token of the part.
pub(crate) enum Token<'b> {
    /// `<name attributes>`.
    Start(BytesStart<'b>),
    /// `<name attributes/>`.
    Empty(BytesStart<'b>),
    /// `</name>`, its name checked against the open element's.
    End,
    /// Character data up to the next markup or reference, not yet end-of-line normalised.
    Text(&'b str),
    /// `&name;` or `&#number;`: the name between `&` and `;`.
    Reference(&'b str),
    /// The contents of `<![CDATA[…]]>`.
    CData(&'b str),
    /// A comment, processing instruction or XML declaration.
    Skip,
    /// `<!DOCTYPE`: never read further.
    DocType,
    /// The end of the part.
    Eof,
}

/// Why the part could not be split into tokens.
pub(crate) enum TokenError {
    /// The source failed (the limits and a damaged zip entry travel this way).
    Io(io::Error),
    /// A byte sequence that is not UTF-8.
    NotUtf8,
    /// The part ends inside the construct named (a reference: this error stays small, it is
    /// carried by every token's `Result`).
    Truncated(&'static Msg),
    /// Anything else that is not well-formed.
    Malformed(Text),
}

/// How far the search for the end of a construct had gone when the window ran out, relative
/// to the construct's first byte; the search resumes there once more text is in the window,
/// so that a long construct is searched once, not once per block.
#[derive(Clone, Copy)]
enum Resume {
    Nothing,
    /// Inside a start tag, inside the quote `quote` (0: none).
    Tag {
        at: usize,
        quote: u8,
    },
    /// Text, a reference, an end tag, a comment, CDATA or a processing instruction.
    At(usize),
}

/// Text appended to the window per refill, at least: large enough that refilling and the
/// move of the unconsumed rest cost nothing beside the tokenising.
pub(crate) const BLOCK: usize = 64 * 1024;

/// The tokenizer's state between calls (the text itself is in the [`Window`]).
pub(crate) struct Tokens<R: BufRead> {
    source: R,
    /// Bytes appended per refill, at least ([`BLOCK`]; a few bytes in the tests, so that every
    /// construct is split across refills somewhere).
    block: usize,
    /// Offset in the part of the window's first byte.
    offset: u64,
    /// Offset in the part of the token being read, for error messages.
    token_start: u64,
    /// An incomplete UTF-8 sequence at the end of the last block.
    carry: Vec<u8>,
    eof: bool,
    started: bool,
    resume: Resume,
    /// The names of the open elements, one after the other, and where each begins.
    names: String,
    name_starts: Vec<usize>,
}

impl<R: BufRead> Tokens<R> {
    /// A tokenizer that appends at least `block` bytes per refill.
    pub(crate) fn with_block(source: R, block: usize) -> Self {
        Self {
            source,
            block: block.max(1),
            offset: 0,
            token_start: 0,
            carry: Vec::new(),
            eof: false,
            started: false,
            resume: Resume::Nothing,
            names: String::new(),
            name_starts: Vec::new(),
        }
    }

    /// The source, for reading past an error and for the first bytes' check.
    pub(crate) fn source_mut(&mut self) -> &mut R {
        &mut self.source
    }

    /// Offset in the part of the token last read (or being read when an error occurred).
    pub(crate) fn position(&self) -> u64 {
        self.token_start
    }

    /// The next token.
    pub(crate) fn next<'b>(&mut self, w: &'b mut Window) -> Result<Token<'b>, TokenError> {
        if !self.started {
            self.started = true;
            // A byte-order mark is dropped; with its three bytes in the window.
            while w.text.len() < '\u{feff}'.len_utf8() && self.fill(w)? {}
            if w.text.starts_with('\u{feff}') {
                w.pos = '\u{feff}'.len_utf8();
            }
        }
        self.token_start = self.offset + w.pos as u64;
        loop {
            let bytes = w.text.as_bytes().get(w.pos..).unwrap_or_default();
            let Some(&first) = bytes.first() else {
                if self.fill(w)? {
                    continue;
                }
                return Ok(Token::Eof);
            };
            let found = match first {
                b'<' => match bytes.get(1) {
                    None => None,
                    Some(b'/') => end_tag(bytes, self.resume),
                    Some(b'!') => bang(bytes, self.resume, self.eof)?,
                    Some(b'?') => processing_instruction(bytes, self.resume)?,
                    Some(_) => start_tag(bytes, &mut self.resume),
                },
                b'&' => reference(bytes, self.resume)?,
                _ => text(bytes, self.resume),
            };
            let Some((end, kind)) = found else {
                // Remember how far the search went, then read more.
                if !matches!(self.resume, Resume::Tag { .. }) {
                    self.resume = Resume::At(searched_to(bytes, first));
                }
                let inside = truncated_in(bytes);
                if self.fill(w)? {
                    continue;
                }
                if first != b'<' && first != b'&' {
                    // Text runs to the end of the part.
                    self.resume = Resume::Nothing;
                    let start = w.pos;
                    w.pos = w.text.len();
                    let w: &'b Window = w;
                    return Ok(Token::Text(w.text.get(start..).unwrap_or_default()));
                }
                return Err(TokenError::Truncated(inside));
            };
            self.resume = Resume::Nothing;
            let start = w.pos;
            w.pos += end;
            let w: &'b Window = w;
            let raw = w.text.get(start..start + end).unwrap_or_default();
            return self.token(kind, raw);
        }
    }

    /// The token `raw` (its bytes from the first to the last) of `kind`.
    fn token<'b>(&mut self, kind: Kind, raw: &'b str) -> Result<Token<'b>, TokenError> {
        Ok(match kind {
            Kind::Start | Kind::Empty => {
                let empty = kind == Kind::Empty;
                let inner = raw
                    .get(1..raw.len() - if empty { 2 } else { 1 })
                    .unwrap_or_default();
                let name_len = inner.bytes().position(is_space).unwrap_or(inner.len());
                if name_len == 0 {
                    return Err(TokenError::Malformed(Text::msg(
                        m::XML_NO_ELEMENT_NAME,
                        &[],
                    )));
                }
                let start = BytesStart::from_content(inner, name_len);
                if empty {
                    Token::Empty(start)
                } else {
                    self.name_starts.push(self.names.len());
                    self.names
                        .push_str(inner.get(..name_len).unwrap_or_default());
                    Token::Start(start)
                }
            }
            Kind::End => {
                let name = raw
                    .get(2..raw.len() - 1)
                    .unwrap_or_default()
                    .trim_end_matches([' ', '\t', '\r', '\n']);
                let Some(&from) = self.name_starts.last() else {
                    return Err(TokenError::Malformed(Text::msg(
                        m::XML_END_WITHOUT_START,
                        &[("name", &printable(name, 80))],
                    )));
                };
                let open = self.names.get(from..).unwrap_or_default();
                if open != name {
                    return Err(TokenError::Malformed(Text::msg(
                        m::XML_END_MISMATCH,
                        &[
                            ("name", &printable(name, 80)),
                            ("open", &printable(open, 80)),
                        ],
                    )));
                }
                self.names.truncate(from);
                self.name_starts.pop();
                Token::End
            }
            Kind::Text => Token::Text(raw),
            Kind::Reference => Token::Reference(raw.get(1..raw.len() - 1).unwrap_or_default()),
            Kind::CData => Token::CData(
                raw.get("<![CDATA[".len()..raw.len() - "]]>".len())
                    .unwrap_or_default(),
            ),
            Kind::Skip => Token::Skip,
            Kind::DocType => Token::DocType,
        })
    }

    /// Appends at least a block of the source to the window (less at the end of the part),
    /// first dropping what was consumed. False when nothing was left to append.
    fn fill(&mut self, w: &mut Window) -> Result<bool, TokenError> {
        if self.eof {
            return Ok(false);
        }
        if w.pos > 0 {
            w.text.drain(..w.pos);
            self.offset += w.pos as u64;
            w.pos = 0;
        }
        let mut added = 0;
        while added < self.block {
            let chunk = match self.source.fill_buf() {
                Ok(chunk) => chunk,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(TokenError::Io(err)),
            };
            if chunk.is_empty() {
                self.eof = true;
                if !self.carry.is_empty() {
                    return Err(TokenError::NotUtf8);
                }
                break;
            }
            let used = if self.carry.is_empty() {
                // A block is checked up to the last complete character; the rest is carried.
                let cut = complete_up_to(chunk);
                let (whole, rest) = chunk.split_at(cut);
                let whole = simdutf8::basic::from_utf8(whole).map_err(|_| TokenError::NotUtf8)?;
                w.text.push_str(whole);
                self.carry.extend_from_slice(rest);
                chunk.len()
            } else {
                // Complete the carried character with the first bytes of this block.
                let width = utf8_width(self.carry.first().copied().unwrap_or(0));
                let want = width.saturating_sub(self.carry.len()).min(chunk.len());
                self.carry
                    .extend_from_slice(chunk.get(..want).unwrap_or_default());
                if self.carry.len() >= width {
                    let ch = std::str::from_utf8(&self.carry).map_err(|_| TokenError::NotUtf8)?;
                    w.text.push_str(ch);
                    self.carry.clear();
                }
                want
            };
            self.source.consume(used);
            added += used;
        }
        Ok(added > 0)
    }
}

/// What a token found in the window is.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Start,
    Empty,
    End,
    Text,
    Reference,
    CData,
    Skip,
    DocType,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// A start tag: its length, or `None` with `resume` updated when the window ends first. A `>`
/// inside a quoted attribute value does not end the tag.
fn start_tag(bytes: &[u8], resume: &mut Resume) -> Option<(usize, Kind)> {
    let (mut at, mut quote) = match *resume {
        Resume::Tag { at, quote } => (at, quote),
        _ => (1, 0),
    };
    loop {
        if quote != 0 {
            match memchr::memchr(quote, bytes.get(at..).unwrap_or_default()) {
                Some(i) => at += i + 1,
                None => {
                    *resume = Resume::Tag {
                        at: bytes.len(),
                        quote,
                    };
                    return None;
                }
            }
        }
        match memchr::memchr3(b'>', b'"', b'\'', bytes.get(at..).unwrap_or_default()) {
            Some(i) => {
                let found = bytes.get(at + i).copied().unwrap_or(b'>');
                at += i + 1;
                if found == b'>' {
                    let empty = at >= 3 && bytes.get(at - 2) == Some(&b'/');
                    return Some((at, if empty { Kind::Empty } else { Kind::Start }));
                }
                quote = found;
            }
            None => {
                *resume = Resume::Tag {
                    at: bytes.len(),
                    quote: 0,
                };
                return None;
            }
        }
    }
}

fn end_tag(bytes: &[u8], resume: Resume) -> Option<(usize, Kind)> {
    let from = resumed(resume, 2);
    memchr::memchr(b'>', bytes.get(from..).unwrap_or_default()).map(|i| (from + i + 1, Kind::End))
}

/// Text up to the next `<` or `&`.
fn text(bytes: &[u8], resume: Resume) -> Option<(usize, Kind)> {
    let from = resumed(resume, 1);
    memchr::memchr2(b'<', b'&', bytes.get(from..).unwrap_or_default())
        .map(|i| (from + i, Kind::Text))
}

/// `&name;`. A `&` not closed by `;` before the next `<` or `&` is not well-formed (quick-xml
/// refuses it the same way).
fn reference(bytes: &[u8], resume: Resume) -> Result<Option<(usize, Kind)>, TokenError> {
    let from = resumed(resume, 1);
    match memchr::memchr3(b';', b'&', b'<', bytes.get(from..).unwrap_or_default()) {
        Some(i) if bytes.get(from + i) == Some(&b';') => Ok(Some((from + i + 1, Kind::Reference))),
        Some(_) => Err(TokenError::Malformed(Text::msg(
            m::XML_LOOSE_AMPERSAND,
            &[],
        ))),
        None => Ok(None),
    }
}

/// `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE`.
fn bang(bytes: &[u8], resume: Resume, eof: bool) -> Result<Option<(usize, Kind)>, TokenError> {
    const COMMENT: &[u8] = b"<!--";
    const CDATA: &[u8] = b"<![CDATA[";
    const DOCTYPE: &[u8] = b"<!DOCTYPE";
    if bytes.starts_with(COMMENT) {
        return Ok(until(bytes, resume, COMMENT.len(), b"-->").map(|end| (end, Kind::Skip)));
    }
    if bytes.starts_with(CDATA) {
        return Ok(until(bytes, resume, CDATA.len(), b"]]>").map(|end| (end, Kind::CData)));
    }
    if bytes
        .get(..DOCTYPE.len())
        .is_some_and(|head| head.eq_ignore_ascii_case(DOCTYPE))
    {
        return Ok(Some((DOCTYPE.len(), Kind::DocType)));
    }
    let could_still_be = |marker: &[u8]| {
        bytes.len() < marker.len()
            && marker
                .get(..bytes.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(bytes))
    };
    if !eof && (could_still_be(COMMENT) || could_still_be(CDATA) || could_still_be(DOCTYPE)) {
        return Ok(None);
    }
    Err(TokenError::Malformed(Text::msg(m::XML_LOOSE_BANG, &[])))
}

/// `<?target …?>`: a processing instruction or the XML declaration. `<?>` is refused, as
/// quick-xml refuses it (its `?` opens the instruction and cannot also close it).
fn processing_instruction(
    bytes: &[u8],
    resume: Resume,
) -> Result<Option<(usize, Kind)>, TokenError> {
    if bytes.get(2) == Some(&b'>') {
        return Err(TokenError::Malformed(Text::msg(
            m::XML_PI_WITHOUT_TARGET,
            &[],
        )));
    }
    Ok(until(bytes, resume, 2, b"?>").map(|end| (end, Kind::Skip)))
}

/// The end of a construct closed by `close`, searched from `skip` bytes in.
fn until(bytes: &[u8], resume: Resume, skip: usize, close: &[u8]) -> Option<usize> {
    let from = resumed(resume, skip);
    memchr::memmem::find(bytes.get(from..).unwrap_or_default(), close)
        .map(|i| from + i + close.len())
}

/// Where a search starts: past the construct's `opening`, or where the last search stopped.
fn resumed(resume: Resume, opening: usize) -> usize {
    match resume {
        Resume::At(at) => at.max(opening),
        _ => opening,
    }
}

/// Where a search that found nothing in `bytes` resumes (each search also starts no earlier
/// than past its construct's opening): a closing sequence (`-->`, `]]>`, `?>`) may have begun
/// in the last two bytes.
fn searched_to(bytes: &[u8], first: u8) -> usize {
    if first == b'<' && matches!(bytes.get(1), Some(b'!' | b'?')) {
        bytes.len().saturating_sub(2)
    } else {
        bytes.len()
    }
}

fn truncated_in(bytes: &[u8]) -> &'static Msg {
    match (bytes.first(), bytes.get(1)) {
        (Some(b'&'), _) => &m::XML_IN_REFERENCE,
        (_, Some(b'/')) => &m::XML_IN_END_TAG,
        (_, Some(b'!')) => &m::XML_IN_COMMENT,
        (_, Some(b'?')) => &m::XML_IN_PI,
        _ => &m::XML_IN_START_TAG,
    }
}

/// The length of the longest prefix of `chunk` that does not end inside a character: the
/// bytes after it are the beginning of a character the next block completes.
fn complete_up_to(chunk: &[u8]) -> usize {
    let len = chunk.len();
    for back in 1..=3.min(len) {
        let b = chunk[len - back];
        if b & 0xC0 != 0x80 {
            // The last character's first byte: complete if its width fits.
            return if utf8_width(b) > back {
                len - back
            } else {
                len
            };
        }
    }
    len
}

/// The width of the character a first byte announces (1 for anything invalid: the check of
/// the block refuses it).
fn utf8_width(first: u8) -> usize {
    match first {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => 1,
    }
}
