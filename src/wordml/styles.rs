//! The parts of `styles.xml` the reader needs: outline levels and heading names (for table
//! context), numbering set by a paragraph style, font size (for the title) and hidden text.

use std::collections::HashMap;
use std::io::BufRead;

use crate::Result;
use crate::xml::{Ev, Ns, XmlReader, local_name};

/// Longest `basedOn` chain followed (chains can be cyclic in damaged files).
const MAX_CHAIN: usize = 32;

/// One style's own settings (not inherited).
#[derive(Debug, Clone, Default)]
struct Style {
    /// `w:name`, lower-cased.
    name: String,
    based_on: Option<String>,
    outline_level: Option<u8>,
    num_id: Option<String>,
    ilvl: Option<u8>,
    /// Font size in half-points.
    size: Option<u32>,
    vanish: Option<bool>,
}

/// What a style says once its `basedOn` chain is followed: each setting from the style itself
/// or its nearest ancestor that has it. Resolved once when `styles.xml` is read, so that a
/// paragraph's or run's style costs one lookup instead of one walk of the chain per setting
/// (several per paragraph, one per run: 1–2 % of a large annex's reading).
#[derive(Debug, Clone, Default)]
pub(crate) struct Resolved {
    /// Outline level (0–8; 9 means body text).
    pub(crate) outline_level: Option<u8>,
    /// A built-in heading style by name (`heading 1`, `标题 2`).
    pub(crate) heading: bool,
    /// The Title style by name (`title`, `标题`).
    title: bool,
    /// Numbering: numId and ilvl.
    pub(crate) numbering: Option<(String, Option<u8>)>,
    /// Font size in half-points.
    pub(crate) size: Option<u32>,
    /// Hidden (`w:vanish`).
    pub(crate) vanish: Option<bool>,
}

/// All styles of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Resolved>,
    default_paragraph: Option<String>,
    default_size: Option<u32>,
    /// [`Styles::hidden_and_size`] of the default paragraph style, which every paragraph
    /// starts from.
    default_paragraph_look: (bool, Option<u32>),
}

impl Styles {
    /// Parses `styles.xml`.
    pub(crate) fn parse<R: BufRead>(mut xml: XmlReader<R>) -> Result<Self> {
        let mut styles = Styles::default();
        let mut own: HashMap<String, Style> = HashMap::new();
        let mut buf = crate::xml::Window::default();
        // Where we are: the style being read (its id and what it says so far), whether inside
        // the document defaults' run properties, and the open elements' names.
        let mut current: Option<(String, Style)> = None;
        let mut in_defaults_rpr = false;
        let mut path: Vec<String> = Vec::new();
        loop {
            match xml.next(&mut buf)? {
                Ev::Start { ns, start, empty } => {
                    let local = local_name(&start).to_string();
                    if ns == Ns::W {
                        let parent = path.last().map(String::as_str).unwrap_or("");
                        match (parent, local.as_str()) {
                            (_, "style") => {
                                let id = xml.attr(&start, "styleId")?.unwrap_or_default();
                                let is_default =
                                    xml.attr(&start, "default")?.is_some_and(|v| on_off(&v));
                                let kind = xml.attr(&start, "type")?.unwrap_or_default();
                                if is_default && kind == "paragraph" {
                                    styles.default_paragraph = Some(id.to_string());
                                }
                                current = Some((id.into_owned(), Style::default()));
                            }
                            ("style", "name") => {
                                if let Some((_, style)) = current.as_mut() {
                                    style.name =
                                        xml.attr(&start, "val")?.unwrap_or_default().to_lowercase();
                                }
                            }
                            ("style", "basedOn") => {
                                if let Some((_, style)) = current.as_mut() {
                                    style.based_on =
                                        xml.attr(&start, "val")?.map(|v| v.into_owned());
                                }
                            }
                            ("pPr", "outlineLvl") => {
                                if let Some((_, style)) = current.as_mut() {
                                    style.outline_level = xml
                                        .attr(&start, "val")?
                                        .and_then(|v| v.trim().parse().ok());
                                }
                            }
                            ("numPr", "numId") => {
                                if let Some((_, style)) = current.as_mut() {
                                    style.num_id = xml.attr(&start, "val")?.map(|v| v.into_owned());
                                }
                            }
                            ("numPr", "ilvl") => {
                                if let Some((_, style)) = current.as_mut() {
                                    style.ilvl = xml
                                        .attr(&start, "val")?
                                        .and_then(|v| v.trim().parse().ok());
                                }
                            }
                            ("rPr", "sz") => {
                                let size =
                                    xml.attr(&start, "val")?.and_then(|v| v.trim().parse().ok());
                                if in_defaults_rpr {
                                    styles.default_size = size;
                                } else if let Some((_, style)) = current.as_mut() {
                                    style.size = size;
                                }
                            }
                            ("rPr", "vanish") => {
                                if let Some((_, style)) = current.as_mut() {
                                    let val = xml.attr(&start, "val")?;
                                    style.vanish = Some(val.is_none_or(|v| on_off(&v)));
                                }
                            }
                            ("rPrDefault", "rPr") => in_defaults_rpr = true,
                            _ => {}
                        }
                    }
                    if !empty {
                        // Property-change elements hold the old settings: never read them.
                        if local.ends_with("Change") {
                            xml.skip_element(&mut buf)?;
                            continue;
                        }
                        path.push(local);
                    }
                }
                Ev::End => {
                    if let Some(local) = path.pop() {
                        match local.as_str() {
                            "style" => {
                                if let Some((id, style)) = current.take() {
                                    own.entry(id).or_insert(style);
                                }
                            }
                            "rPr" => in_defaults_rpr = false,
                            _ => {}
                        }
                    }
                }
                Ev::Eof => {
                    styles.styles = resolve(&own);
                    styles.default_paragraph_look =
                        styles.hidden_and_size(styles.default_paragraph.as_deref());
                    return Ok(styles);
                }
                _ => {}
            }
        }
    }

    /// The style a paragraph without `w:pStyle` has.
    pub(crate) fn default_paragraph(&self) -> Option<&str> {
        self.default_paragraph.as_deref()
    }

    /// The style `id`, its chain followed.
    pub(crate) fn get(&self, id: &str) -> Option<&Resolved> {
        self.styles.get(id)
    }

    /// True for the Title style (or one based on it), or a style whose id is `Title`; `style`
    /// is what [`Styles::get`] gave for `id`.
    pub(crate) fn is_title(id: &str, style: Option<&Resolved>) -> bool {
        style.is_some_and(|s| s.title) || id.eq_ignore_ascii_case("title")
    }

    /// Whether text in the default paragraph style is hidden, and its size (see
    /// [`Styles::hidden_and_size`]).
    pub(crate) fn default_paragraph_look(&self) -> (bool, Option<u32>) {
        self.default_paragraph_look
    }

    /// Numbering (numId, ilvl) set by the style chain.
    pub(crate) fn numbering(&self, id: &str) -> Option<(String, Option<u8>)> {
        self.get(id)?.numbering.clone()
    }

    /// Whether text in style `id` is hidden (`w:vanish`), and its font size in half-points:
    /// the style chain's, else not hidden and the document's default size.
    pub(crate) fn hidden_and_size(&self, id: Option<&str>) -> (bool, Option<u32>) {
        let style = id.and_then(|id| self.get(id));
        (
            style.and_then(|s| s.vanish).unwrap_or(false),
            style.and_then(|s| s.size).or(self.default_size),
        )
    }
}

/// Every style with its chain followed: each setting from the nearest style of the chain that
/// has it, at most [`MAX_CHAIN`] styles deep (a cycle or a missing parent ends the chain).
fn resolve(own: &HashMap<String, Style>) -> HashMap<String, Resolved> {
    own.keys()
        .map(|id| {
            let mut resolved = Resolved::default();
            let (mut heading, mut title) = (None, None);
            let mut next = Some(id.as_str());
            for _ in 0..MAX_CHAIN {
                let Some(style) = next.and_then(|id| own.get(id)) else {
                    break;
                };
                resolved.outline_level = resolved.outline_level.or(style.outline_level);
                heading = heading.or(is_heading_name(&style.name).then_some(()));
                title = title.or((style.name == "title" || style.name == "标题").then_some(()));
                if resolved.numbering.is_none() {
                    resolved.numbering = style.num_id.clone().map(|num| (num, style.ilvl));
                }
                resolved.size = resolved.size.or(style.size);
                resolved.vanish = resolved.vanish.or(style.vanish);
                next = style.based_on.as_deref();
            }
            resolved.heading = heading.is_some();
            resolved.title = title.is_some();
            (id.clone(), resolved)
        })
        .collect()
}

fn is_heading_name(name: &str) -> bool {
    let rest = name
        .strip_prefix("heading")
        .or_else(|| name.strip_prefix("标题"))
        .map(str::trim_start);
    rest.is_some_and(|r| r.chars().next().is_some_and(|c| c.is_ascii_digit()))
}

/// An OOXML on/off value: absent or anything but false/0/off is on.
pub(crate) fn on_off(value: &str) -> bool {
    !matches!(value.trim(), "0" | "false" | "off" | "False" | "none")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Styles {
        let xml = format!(
            r#"<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{xml}</w:styles>"#
        );
        Styles::parse(XmlReader::new(xml.as_bytes(), "styles.xml", 64)).expect("parsed")
    }

    #[test]
    fn each_setting_comes_from_the_nearest_style_of_the_chain_that_has_it() {
        let styles = parse(
            r#"<w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val="21"/></w:rPr></w:rPrDefault></w:docDefaults>
            <w:style w:type="paragraph" w:styleId="Base"><w:name w:val="Heading 1"/>
              <w:pPr><w:outlineLvl w:val="0"/><w:numPr><w:ilvl w:val="2"/><w:numId w:val="7"/></w:numPr></w:pPr>
              <w:rPr><w:sz w:val="32"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Mid"><w:name w:val="Mid"/><w:basedOn w:val="Base"/>
              <w:pPr><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:vanish/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Top"><w:name w:val="Title"/><w:basedOn w:val="Mid"/>
              <w:rPr><w:sz w:val="44"/></w:rPr></w:style>
            <w:style w:type="paragraph" w:styleId="Orphan"><w:name w:val="o"/><w:basedOn w:val="Gone"/></w:style>
            <w:style w:type="paragraph" w:styleId="A"><w:name w:val="a"/><w:basedOn w:val="B"/></w:style>
            <w:style w:type="paragraph" w:styleId="B"><w:name w:val="b"/><w:basedOn w:val="A"/></w:style>"#,
        );
        let top = styles.get("Top").expect("Top");
        assert_eq!(top.outline_level, Some(1));
        assert!(top.heading && top.title);
        assert_eq!(top.numbering, Some(("7".to_string(), Some(2))));
        assert_eq!((top.size, top.vanish), (Some(44), Some(true)));
        assert_eq!(styles.hidden_and_size(Some("Mid")), (true, Some(32)));
        let is_title = |id: &str| Styles::is_title(id, styles.get(id));
        assert!(is_title("Top") && !is_title("Mid") && is_title("TITLE"));
        assert_eq!(styles.numbering("Mid"), Some(("7".to_string(), Some(2))));
        // A missing parent or a cycle ends the chain.
        assert_eq!(styles.hidden_and_size(Some("Orphan")), (false, Some(21)));
        assert_eq!(styles.hidden_and_size(Some("A")), (false, Some(21)));
        assert!(styles.get("Gone").is_none());
        assert_eq!(styles.hidden_and_size(None), (false, Some(21)));
    }

    #[test]
    fn heading_names() {
        assert!(is_heading_name("heading 1"));
        assert!(is_heading_name("标题 2"));
        assert!(!is_heading_name("heading"));
        assert!(!is_heading_name("header"));
        assert!(!is_heading_name("title"));
    }
}
