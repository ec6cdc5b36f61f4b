//! The tokenizer against quick-xml's own reader: the same tokens from the same documents,
//! whatever the sizes in which the part arrives, and an error wherever quick-xml has one.

use std::io::{self, BufRead, Read};

use proptest::prelude::*;
use quick_xml::events::Event;

use super::tokens::{Token, Tokens, Window};

/// A source that hands over at most `step` bytes at a time, so that tokens, references and
/// characters are cut at every place.
struct Trickle<'a> {
    data: &'a [u8],
    pos: usize,
    step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        let chunk = self.fill_buf()?;
        let n = chunk.len().min(out.len());
        out[..n].copy_from_slice(&chunk[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl BufRead for Trickle<'_> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        let end = (self.pos + self.step).min(self.data.len());
        Ok(&self.data[self.pos..end])
    }
    fn consume(&mut self, n: usize) {
        self.pos += n;
    }
}

/// quick-xml's tokens, configured as the reader was before it had its own tokenizer.
fn reference_tokens(data: &[u8], step: usize) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(Trickle { data, pos: 0, step });
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    config.trim_text(false);
    let mut buf = Vec::new();
    let mut out = Vec::new();
    loop {
        buf.clear();
        let token = match reader.read_event_into(&mut buf) {
            Err(_) => "error".to_string(),
            Ok(Event::Start(start)) => format!("start {}", &*start),
            Ok(Event::Empty(start)) => format!("empty {}", &*start),
            Ok(Event::End(_)) => "end".to_string(),
            Ok(Event::Text(text)) => format!("text {}", text.xml10_content()),
            Ok(Event::GeneralRef(name)) => format!("reference {}", &*name),
            Ok(Event::CData(data)) => format!("cdata {}", data.xml10_content()),
            Ok(Event::Comment(_) | Event::PI(_) | Event::Decl(_)) => "skip".to_string(),
            Ok(Event::DocType(_)) => "doctype".to_string(),
            Ok(Event::Eof) => "eof".to_string(),
        };
        let last = matches!(token.as_str(), "error" | "doctype" | "eof");
        out.push(token);
        if last {
            return out;
        }
    }
}

fn our_tokens(data: &[u8], step: usize, block: usize) -> Vec<String> {
    let mut tokens = Tokens::with_block(Trickle { data, pos: 0, step }, block);
    let mut window = Window::default();
    let mut out = Vec::new();
    loop {
        let token = match tokens.next(&mut window) {
            Err(_) => "error".to_string(),
            Ok(Token::Start(start)) => format!("start {}", &*start),
            Ok(Token::Empty(start)) => format!("empty {}", &*start),
            Ok(Token::End) => "end".to_string(),
            Ok(Token::Text(text)) => format!(
                "text {}",
                quick_xml::events::BytesText::from_escaped(text).xml10_content()
            ),
            Ok(Token::Reference(name)) => format!("reference {name}"),
            Ok(Token::CData(data)) => format!(
                "cdata {}",
                quick_xml::events::BytesCData::new(data).xml10_content()
            ),
            Ok(Token::Skip) => "skip".to_string(),
            Ok(Token::DocType) => "doctype".to_string(),
            Ok(Token::Eof) => "eof".to_string(),
        };
        let last = matches!(token.as_str(), "error" | "doctype" | "eof");
        out.push(token);
        if last {
            return out;
        }
    }
}

fn name() -> impl Strategy<Value = String> {
    prop::sample::select(vec!["w:p", "w:r", "w:t", "a", "w14:paraId", "中"]).prop_map(String::from)
}

fn attribute() -> impl Strategy<Value = String> {
    let value = prop::collection::vec(
        prop::sample::select(vec![
            "0", "a b", ">", "/", "'", "&amp;", "&#x4E2D;", "中文", "/>",
        ]),
        0..4,
    );
    (name(), value, any::<bool>()).prop_map(|(key, value, single)| {
        let value = value.concat();
        if single || value.contains('"') {
            format!(" {key}='{}'", value.replace('\'', "&apos;"))
        } else {
            format!(" {key}=\"{value}\"")
        }
    })
}

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::collection::vec(
            prop::sample::select(vec![
                "a",
                " ",
                "中文",
                "\r\n",
                "\r",
                "\n",
                "]]>",
                ">",
                "&amp;",
                "&lt;",
                "&#20013;",
                "&#x1F600;",
                "😀",
                "\t",
            ]),
            1..6
        )
        .prop_map(|pieces| pieces.concat()),
        Just("<!-- a > b -- c -->".to_string()),
        Just("<!---->".to_string()),
        Just("<![CDATA[ a<b>&amp; ]] > \r\n]]>".to_string()),
        Just("<?pi some data?>".to_string()),
        (name(), prop::collection::vec(attribute(), 0..3))
            .prop_map(|(name, attributes)| format!("<{name}{}/>", attributes.concat())),
    ]
}

fn element() -> impl Strategy<Value = String> {
    leaf().prop_recursive(5, 64, 6, |inner| {
        (
            name(),
            prop::collection::vec(attribute(), 0..3),
            prop::collection::vec(inner, 0..6),
            prop::sample::select(vec!["", " ", "\r\n"]),
        )
            .prop_map(|(name, attributes, children, space)| {
                format!(
                    "<{name}{}>{}</{name}{space}>",
                    attributes.concat(),
                    children.concat()
                )
            })
    })
}

fn document() -> impl Strategy<Value = Vec<u8>> {
    (
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec(element(), 1..3),
    )
        .prop_map(|(bom, declaration, body)| {
            let mut text = String::new();
            if bom {
                text.push('\u{feff}');
            }
            if declaration {
                text.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n");
            }
            text.push_str("<root>");
            text.push_str(&body.concat());
            text.push_str("</root>");
            text.into_bytes()
        })
}

/// A document with one change a damaged or hostile part could have: cut anywhere (inside a
/// character too), or one byte replaced by markup or by a byte that is not UTF-8.
fn damaged() -> impl Strategy<Value = Vec<u8>> {
    (
        document(),
        any::<prop::sample::Index>(),
        prop::sample::select(vec![
            None,
            Some(b'<'),
            Some(b'>'),
            Some(b'&'),
            Some(b'"'),
            Some(b'/'),
            Some(b'!'),
            Some(b';'),
            Some(0xFF),
            Some(0x80),
        ]),
    )
        .prop_map(|(mut bytes, at, replace)| {
            let at = at.index(bytes.len());
            match replace {
                None => bytes.truncate(at),
                Some(byte) => bytes[at] = byte,
            }
            bytes
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(600))]

    #[test]
    fn well_formed_documents_give_quick_xmls_tokens_however_they_arrive(
        document in document(),
        step in 1usize..9,
        block in 1usize..9,
    ) {
        let expected = reference_tokens(&document, 4096);
        prop_assert_eq!(expected.last().map(String::as_str), Some("eof"));
        prop_assert_eq!(our_tokens(&document, step, block), expected.clone());
        prop_assert_eq!(our_tokens(&document, 64 * 1024, 64 * 1024), expected);
    }

    #[test]
    fn a_damaged_document_is_refused_where_quick_xml_refuses_it(
        document in damaged(),
        step in 1usize..9,
        block in 1usize..9,
    ) {
        let expected = reference_tokens(&document, 4096);
        let ours = our_tokens(&document, step, block);
        prop_assert!(agrees(&ours, &expected), "ours {:?}\nquick-xml {:?}", ours, expected);
    }
}

/// Our tokens agree with quick-xml's: the same tokens, or the same up to an error of ours,
/// where quick-xml has a tag without a name (which it lets through and XML does not) or refuses
/// the part too, there or later (a byte that is not UTF-8 is found when its block is added to
/// the window, before the tokens ahead of it).
fn agrees(ours: &[String], expected: &[String]) -> bool {
    if ours.last().map(String::as_str) != Some("error") {
        return ours == expected;
    }
    let at = ours.len() - 1;
    let Some(theirs) = expected.get(at) else {
        return false;
    };
    let nameless = ["start ", "empty "].iter().any(|kind| {
        theirs
            .strip_prefix(kind)
            .is_some_and(|content| content.is_empty() || content.starts_with(char::is_whitespace))
    });
    let refused = expected.last().map(String::as_str) == Some("error");
    ours[..at] == expected[..at] && (refused || nameless)
}

#[test]
fn a_construct_longer_than_many_blocks_is_searched_once() {
    // 6 MB of attribute value, text and comment, arriving a byte at a time: a search restarted
    // from the construct's beginning on every refill would scan terabytes.
    let long = "x".repeat(2_000_000);
    let document = format!("<a v=\"{long}>\">{long}<!--{long}--></a>");
    let started = std::time::Instant::now();
    let tokens = our_tokens(document.as_bytes(), 1, 1);
    assert_eq!(tokens.len(), 5, "start, text, comment, end, eof");
    assert_eq!(tokens.last().map(String::as_str), Some("eof"));
    // Generous: a quadratic search takes far longer than this on any machine.
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_byte_order_mark_and_characters_cut_between_blocks_are_read_whole() {
    let document = "\u{feff}<a>中文😀</a>".as_bytes();
    for step in 1..6 {
        assert_eq!(
            our_tokens(document, step, 1),
            ["start a", "text 中文😀", "end", "eof"],
            "step {step}"
        );
    }
}
