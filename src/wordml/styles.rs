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
pub(crate) struct Style {
    /// `w:name`, lower-cased.
    pub(crate) name: String,
    pub(crate) based_on: Option<String>,
    pub(crate) outline_level: Option<u8>,
    pub(crate) num_id: Option<String>,
    pub(crate) ilvl: Option<u8>,
    /// Font size in half-points.
    pub(crate) size: Option<u32>,
    pub(crate) vanish: Option<bool>,
}

/// All styles of a document.
#[derive(Debug, Clone, Default)]
pub(crate) struct Styles {
    styles: HashMap<String, Style>,
    default_paragraph: Option<String>,
    default_size: Option<u32>,
}

impl Styles {
    /// Parses `styles.xml`.
    pub(crate) fn parse<R: BufRead>(mut xml: XmlReader<R>) -> Result<Self> {
        let mut styles = Styles::default();
        let mut buf = Vec::new();
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
                                    styles.styles.entry(id).or_insert(style);
                                }
                            }
                            "rPr" => in_defaults_rpr = false,
                            _ => {}
                        }
                    }
                }
                Ev::Eof => return Ok(styles),
                _ => {}
            }
        }
    }

    /// The style a paragraph without `w:pStyle` has.
    pub(crate) fn default_paragraph(&self) -> Option<&str> {
        self.default_paragraph.as_deref()
    }

    /// The first value `pick` finds along the `basedOn` chain of `id`.
    pub(crate) fn inherited<T>(&self, id: &str, pick: impl Fn(&Style) -> Option<T>) -> Option<T> {
        let mut next = Some(id);
        for _ in 0..MAX_CHAIN {
            let style = self.styles.get(next?)?;
            if let Some(value) = pick(style) {
                return Some(value);
            }
            next = style.based_on.as_deref();
        }
        None
    }

    /// Outline level (0–8) set by the style or its ancestors; 9 means body text.
    pub(crate) fn outline_level(&self, id: &str) -> Option<u8> {
        self.inherited(id, |s| s.outline_level)
    }

    /// True when the style (or an ancestor) is a built-in heading style by name.
    pub(crate) fn is_heading(&self, id: &str) -> bool {
        self.inherited(id, |s| is_heading_name(&s.name).then_some(()))
            .is_some()
    }

    /// True for the Title style (or one based on it).
    pub(crate) fn is_title(&self, id: &str) -> bool {
        self.inherited(id, |s| {
            (s.name == "title" || s.name == "标题").then_some(())
        })
        .is_some()
            || id.eq_ignore_ascii_case("title")
    }

    /// Numbering (numId, ilvl) set by the style chain.
    pub(crate) fn numbering(&self, id: &str) -> Option<(String, Option<u8>)> {
        self.inherited(id, |s| s.num_id.clone().map(|num| (num, s.ilvl)))
    }

    /// Font size in half-points from the style chain, else the document default.
    pub(crate) fn size(&self, id: Option<&str>) -> Option<u32> {
        id.and_then(|id| self.inherited(id, |s| s.size))
            .or(self.default_size)
    }

    /// Hidden (`w:vanish`) from the style chain.
    pub(crate) fn vanish(&self, id: &str) -> bool {
        self.inherited(id, |s| s.vanish).unwrap_or(false)
    }

    /// Whether a style id exists.
    pub(crate) fn contains(&self, id: &str) -> bool {
        self.styles.contains_key(id)
    }
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

    #[test]
    fn heading_names() {
        assert!(is_heading_name("heading 1"));
        assert!(is_heading_name("标题 2"));
        assert!(!is_heading_name("heading"));
        assert!(!is_heading_name("header"));
        assert!(!is_heading_name("title"));
    }
}
