//! The pull reader shared by every part reader: our tokenizer (`tokens`) handing over
//! quick-xml's start tags, so that attributes and unescaping stay quick-xml's; namespace
//! classification, error mapping, the depth limit, DOCTYPE refusal and the end-of-part check.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::BufRead;

use quick_xml::events::{BytesCData, BytesRef, BytesStart, BytesText};

use crate::error::{LimitKind, Text, printable};
use crate::messages as m;
use crate::{Error, Result};

#[cfg(test)]
mod tests;
mod tokens;

pub(crate) use tokens::Window;
use tokens::{Token, TokenError, Tokens};

/// WordprocessingML, transitional.
pub(crate) const W_TRANSITIONAL: &str =
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// WordprocessingML, Strict (ISO/IEC 29500 Strict).
pub(crate) const W_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
/// Markup compatibility.
pub(crate) const MC: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
/// Office Math.
pub(crate) const M_TRANSITIONAL: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/math";
/// Office Math, Strict.
pub(crate) const M_STRICT: &str = "http://purl.oclc.org/ooxml/officeDocument/math";

/// The namespaces the readers care about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ns {
    /// WordprocessingML (transitional or Strict).
    W,
    /// Markup compatibility (`mc:`).
    Mc,
    /// Office Math (`m:`).
    M,
    /// Any other namespace, or an undeclared prefix.
    Other,
    /// No namespace at all (relationships and content types use a default namespace, so this
    /// is rare).
    None,
}

/// A pull reader over one part, with the limits and checks every reader needs.
///
/// Namespaces are resolved here rather than by quick-xml's `NsReader`, which inspects every
/// element's attributes: Word declares its namespaces on the root element, so an element is
/// only scanned for declarations when its attributes contain `xmlns`, and prefixes are resolved
/// through a small cache. (This halves the parsing time of a Word document.)
///
/// The events borrow from a [`Window`] the caller passes to every [`XmlReader::next`]: one
/// window per reader, for its whole life.
pub(crate) struct XmlReader<R: BufRead> {
    tokens: Tokens<R>,
    part: String,
    depth: usize,
    max_depth: usize,
    seen_root: bool,
    /// The part's first bytes were checked for UTF-16.
    started: bool,
    strict: bool,
    /// In-scope declarations: (depth of the declaring element, prefix, namespace).
    bindings: Vec<(usize, Box<str>, Ns)>,
    /// The same declarations by prefix, innermost last: a prefix the cache misses is found
    /// in constant time however many are in scope.
    by_prefix: HashMap<Box<str>, Vec<Ns>>,
    /// Recently resolved prefixes; cleared whenever `bindings` changes.
    cache: Vec<(Box<str>, Ns)>,
    /// The one-letter prefix resolved last and its namespace, looked at before the cache:
    /// nearly every element of a Word part is `w:`. Cleared with the cache.
    last_letter: Option<(u8, Ns)>,
}

/// Most namespace declarations accepted on one element or in scope (real documents: ~40).
const MAX_BINDINGS: usize = 10_000;

/// One event, reduced to what the readers use. Names are local names; text is unescaped.
pub(crate) enum Ev<'b> {
    /// A start tag (`empty` for `<x/>`, which has no matching `End`).
    Start {
        ns: Ns,
        start: BytesStart<'b>,
        empty: bool,
    },
    /// An end tag (names are checked by quick-xml; callers keep their own stack).
    End,
    /// Character data (already unescaped, entity references delivered one by one).
    Text(Cow<'b, str>),
    /// Something to ignore (comment, processing instruction, declaration).
    Skip,
    /// End of the part (all elements closed).
    Eof,
}

impl<R: BufRead> XmlReader<R> {
    /// A reader over `source`, named `part` in errors.
    pub(crate) fn new(source: R, part: &str, max_depth: usize) -> Self {
        Self::with_block(source, part, max_depth, tokens::BLOCK)
    }

    /// [`XmlReader::new`], adding at least `block` bytes to the window per refill.
    pub(crate) fn with_block(source: R, part: &str, max_depth: usize, block: usize) -> Self {
        Self {
            tokens: Tokens::with_block(source, block),
            part: part.to_string(),
            depth: 0,
            max_depth,
            seen_root: false,
            started: false,
            strict: false,
            bindings: Vec::new(),
            by_prefix: HashMap::new(),
            cache: Vec::new(),
            last_letter: None,
        }
    }

    /// Records the namespace declarations of an element at `depth`.
    fn declare(&mut self, start: &BytesStart<'_>, depth: usize) -> Result<()> {
        // Cheap pre-check: Word's attributes (rsids, values) rarely contain an 'x' at all.
        let raw = start.attributes_raw().as_bytes();
        // Most elements (w:t, w:rPr, w:tc, …) have no attributes at all.
        let declares = raw.len() >= 5
            && memchr::memchr_iter(b'x', raw)
                .any(|i| raw.get(i..i + 5) == Some(b"xmlns".as_slice()));
        if !declares {
            return Ok(());
        }
        // Without quick-xml's duplicate check, which compares every attribute with every earlier
        // one: the first match is taken, and Word writes no duplicates.
        for attribute in start.attributes().with_checks(false) {
            let attribute = attribute
                .map_err(|e| self.error(Text::detailed(m::XML_BAD_ATTRIBUTE, &e.to_string())))?;
            let key = attribute.key.into_inner();
            let prefix = if key == "xmlns" {
                ""
            } else if let Some(prefix) = key.strip_prefix("xmlns:") {
                prefix
            } else {
                continue;
            };
            let uri = attribute
                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_err(|e| self.error(Text::detailed(m::XML_BAD_NAMESPACE, &e.to_string())))?;
            let ns = classify(&uri, &mut self.strict);
            if self.bindings.len() >= MAX_BINDINGS {
                return Err(Error::limit(
                    LimitKind::NamespaceDeclarations,
                    format!("namespace declarations in {}", self.part),
                    MAX_BINDINGS as u64,
                ));
            }
            self.bindings.push((depth, prefix.into(), ns));
            self.by_prefix.entry(prefix.into()).or_default().push(ns);
            self.cache.clear();
            self.last_letter = None;
        }
        Ok(())
    }

    /// Drops the declarations of elements deeper than `depth`.
    fn undeclare(&mut self, depth: usize) {
        if self.bindings.last().is_some_and(|(d, _, _)| *d > depth) {
            while self.bindings.last().is_some_and(|(d, _, _)| *d > depth) {
                if let Some((_, prefix, _)) = self.bindings.pop()
                    && let Some(stack) = self.by_prefix.get_mut(&prefix)
                {
                    stack.pop();
                }
            }
            self.cache.clear();
            self.last_letter = None;
        }
    }

    /// The namespace of an element name.
    fn resolve(&mut self, name: &str) -> Ns {
        let prefix = match prefix_end(name) {
            Some(colon) => name.get(..colon).unwrap_or(""),
            None => "",
        };
        let letter = match prefix.as_bytes() {
            [letter] => Some(*letter),
            _ => None,
        };
        if let (Some(letter), Some((last, ns))) = (letter, self.last_letter)
            && letter == last
        {
            return ns;
        }
        if let Some((_, ns)) = self.cache.iter().find(|(p, _)| &**p == prefix) {
            let ns = *ns;
            self.last_letter = letter.map(|letter| (letter, ns));
            return ns;
        }
        let ns = self
            .by_prefix
            .get(prefix)
            .and_then(|stack| stack.last().copied())
            .unwrap_or(if prefix.is_empty() {
                Ns::None
            } else {
                Ns::Other
            });
        self.last_letter = letter.map(|letter| (letter, ns));
        if self.cache.len() < 16 {
            self.cache.push((prefix.into(), ns));
        }
        ns
    }

    /// True once a Strict WordprocessingML element has been seen.
    pub(crate) fn saw_strict(&self) -> bool {
        self.strict
    }

    /// Current element depth (open elements).
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// An XML error at the current position.
    pub(crate) fn error(&self, message: Text) -> Error {
        Error::Xml {
            part: self.part.clone(),
            position: self.tokens.position(),
            message,
        }
    }

    fn map_error(&self, err: TokenError) -> Error {
        match err {
            TokenError::NotUtf8 => Error::NotUtf8 {
                part: self.part.clone(),
            },
            TokenError::Io(io) => io_error_to_error(&self.part, io),
            TokenError::Truncated(inside) => {
                self.error(Text::msg_with(m::XML_ENDS_EARLY, "inside", *inside))
            }
            TokenError::Malformed(message) => self.error(message),
        }
    }

    /// The next event. Comments, processing instructions and the declaration come as `Skip`; a
    /// DOCTYPE is refused; the end of the part inside open elements is an error.
    pub(crate) fn next<'b>(&mut self, buf: &'b mut Window) -> Result<Ev<'b>> {
        if !self.started {
            self.started = true;
            self.refuse_utf16()?;
        }
        let token = match self.tokens.next(buf) {
            Ok(token) => token,
            Err(err) => return Err(self.map_error(err)),
        };
        match token {
            Token::Start(start) => {
                self.refuse_second_root()?;
                self.depth += 1;
                self.seen_root = true;
                if self.depth > self.max_depth {
                    return Err(Error::limit(
                        LimitKind::XmlDepth,
                        format!("XML nesting depth in {}", self.part),
                        self.max_depth as u64,
                    ));
                }
                self.declare(&start, self.depth)?;
                let ns = self.resolve(start.name().into_inner());
                Ok(Ev::Start {
                    ns,
                    start,
                    empty: false,
                })
            }
            Token::Empty(start) => {
                self.refuse_second_root()?;
                self.seen_root = true;
                if self.depth + 1 > self.max_depth {
                    return Err(Error::limit(
                        LimitKind::XmlDepth,
                        format!("XML nesting depth in {}", self.part),
                        self.max_depth as u64,
                    ));
                }
                // An empty element's declarations apply to itself only.
                self.declare(&start, self.depth + 1)?;
                let ns = self.resolve(start.name().into_inner());
                self.undeclare(self.depth);
                Ok(Ev::Start {
                    ns,
                    start,
                    empty: true,
                })
            }
            Token::End => {
                self.depth = self.depth.saturating_sub(1);
                self.undeclare(self.depth);
                Ok(Ev::End)
            }
            Token::Text(text) => {
                if self.depth == 0
                    && !text
                        .bytes()
                        .all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n'))
                {
                    return Err(self.error(Text::msg(m::XML_TEXT_OUTSIDE, &[])));
                }
                Ok(Ev::Text(BytesText::from_escaped(text).xml10_content()))
            }
            Token::CData(_) | Token::Reference(_) if self.depth == 0 => {
                Err(self.error(Text::msg(m::XML_TEXT_OUTSIDE, &[])))
            }
            Token::CData(data) => Ok(Ev::Text(BytesCData::new(data).xml10_content())),
            Token::Reference(name) => {
                let ch = self.resolve_reference(&BytesRef::new(name))?;
                Ok(Ev::Text(Cow::Owned(ch.to_string())))
            }
            Token::DocType => Err(Error::Doctype {
                part: self.part.clone(),
            }),
            Token::Skip => Ok(Ev::Skip),
            Token::Eof => {
                if self.depth > 0 {
                    return Err(
                        self.error(Text::msg(m::XML_OPEN_AT_END, &[("count", &self.depth)]))
                    );
                }
                if !self.seen_root {
                    return Err(self.error(Text::msg(m::XML_NO_ROOT, &[])));
                }
                Ok(Ev::Eof)
            }
        }
    }

    /// A part in UTF-16 (with or without a byte-order mark) is refused as not UTF-8 before
    /// its NUL bytes can be read as odd element names.
    fn refuse_utf16(&mut self) -> Result<()> {
        let head = match self.tokens.source_mut().fill_buf() {
            Ok(head) => head,
            Err(err) => return Err(io_error_to_error(&self.part, err)),
        };
        let head = head.get(..4).unwrap_or(head);
        if head.starts_with(&[0xFE, 0xFF]) || head.starts_with(&[0xFF, 0xFE]) || head.contains(&0) {
            return Err(Error::NotUtf8 {
                part: self.part.clone(),
            });
        }
        Ok(())
    }

    /// After the root element has closed, another element is not XML.
    fn refuse_second_root(&self) -> Result<()> {
        if self.depth == 0 && self.seen_root {
            return Err(self.error(Text::msg(m::XML_SECOND_ROOT, &[])));
        }
        Ok(())
    }

    /// After a parse error: reads the rest of the part, so that a damaged zip entry (a broken
    /// deflate stream, a wrong CRC) is reported as the damage rather than as the malformed
    /// text it decoded to. The limits still apply while reading.
    pub(crate) fn damage(&mut self) -> Option<Error> {
        match std::io::copy(self.tokens.source_mut(), &mut std::io::sink()) {
            Err(err) => match io_error_to_error(&self.part, err) {
                damaged @ Error::CorruptZip(_) => Some(damaged),
                _ => None,
            },
            Ok(_) => None,
        }
    }

    fn resolve_reference(&self, reference: &BytesRef<'_>) -> Result<char> {
        match reference.resolve_char_ref() {
            Ok(Some(ch)) => Ok(ch),
            Ok(None) => match &**reference {
                "lt" => Ok('<'),
                "gt" => Ok('>'),
                "amp" => Ok('&'),
                "apos" => Ok('\''),
                "quot" => Ok('"'),
                other => Err(self.error(Text::msg(
                    m::XML_UNDEFINED_ENTITY,
                    &[("name", &printable(other, 40))],
                ))),
            },
            Err(err) => Err(self.error(Text::detailed(m::XML_BAD_CHAR_REF, &err.to_string()))),
        }
    }

    /// The value of the attribute whose local name is `local` (any prefix), unescaped.
    pub(crate) fn attr<'a>(
        &self,
        start: &'a BytesStart<'_>,
        local: &str,
    ) -> Result<Option<Cow<'a, str>>> {
        // Without quick-xml's duplicate check, which compares every attribute with every earlier
        // one: the first match is taken, and Word writes no duplicates.
        for attribute in start.attributes().with_checks(false) {
            let attribute = attribute
                .map_err(|e| self.error(Text::detailed(m::XML_BAD_ATTRIBUTE, &e.to_string())))?;
            if attribute.key.local_name().into_inner() == local {
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| {
                        self.error(Text::detailed(m::XML_BAD_ATTRIBUTE_VALUE, &e.to_string()))
                    })?;
                return Ok(Some(value));
            }
        }
        Ok(None)
    }

    /// The values of the attributes whose local names are in `wanted`, read in one pass:
    /// `found(i, value)` for each, `i` its place in `wanted`, in document order. For elements
    /// read for several attributes (`w:rFonts`), where one [`XmlReader::attr`] call per
    /// attribute parsed every attribute again each time.
    pub(crate) fn attrs<'a>(
        &self,
        start: &'a BytesStart<'_>,
        wanted: &[&str],
        mut found: impl FnMut(usize, Cow<'a, str>),
    ) -> Result<()> {
        for attribute in start.attributes().with_checks(false) {
            let attribute = attribute
                .map_err(|e| self.error(Text::detailed(m::XML_BAD_ATTRIBUTE, &e.to_string())))?;
            let local = attribute.key.local_name().into_inner();
            if let Some(i) = wanted.iter().position(|w| *w == local) {
                let value = attribute
                    .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                    .map_err(|e| {
                        self.error(Text::detailed(m::XML_BAD_ATTRIBUTE_VALUE, &e.to_string()))
                    })?;
                found(i, value);
            }
        }
        Ok(())
    }

    /// Reads past the end of the element just started (for `empty == false`).
    pub(crate) fn skip_element(&mut self, buf: &mut Window) -> Result<()> {
        let target = self.depth.saturating_sub(1);
        while self.depth > target {
            if let Ev::Eof = self.next(buf)? {
                return Ok(());
            }
        }
        Ok(())
    }
}

/// Maps a plain I/O error from a part reader to our error.
pub(crate) fn io_error_to_error(part: &str, io: std::io::Error) -> Error {
    if io.get_ref().is_some_and(|inner| inner.is::<Error>()) {
        if let Some(inner) = io.into_inner()
            && let Ok(err) = inner.downcast::<Error>()
        {
            return *err;
        }
        return Error::CorruptZip(Text::msg(m::ZIP_READ_ERROR, &[]).prefixed(part));
    }
    Error::CorruptZip(crate::error::data_error(&io).prefixed(part))
}

fn classify(uri: &str, strict: &mut bool) -> Ns {
    if uri == W_TRANSITIONAL {
        Ns::W
    } else if uri == W_STRICT {
        *strict = true;
        Ns::W
    } else if uri == MC {
        Ns::Mc
    } else if uri == M_TRANSITIONAL || uri == M_STRICT {
        Ns::M
    } else if uri.is_empty() {
        Ns::None
    } else {
        Ns::Other
    }
}

/// The local name of a start tag, as text.
pub(crate) fn local_name<'a>(start: &'a BytesStart<'_>) -> &'a str {
    let name = start.name().into_inner();
    match prefix_end(name) {
        Some(colon) => name.get(colon + 1..).unwrap_or(""),
        None => name,
    }
}

/// The position of the colon after a name's prefix. A plain loop: prefixes are a few bytes
/// (`w:`, `mc:`, `w14:`) and this runs twice per element, where memchr's set-up costs more than
/// the search.
fn prefix_end(name: &str) -> Option<usize> {
    name.bytes().position(|b| b == b':')
}
