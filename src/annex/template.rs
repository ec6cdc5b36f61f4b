//! Templates: the declarative vocabulary that recognises a kind of score table.
//!
//! Built-in templates live in `templates/*.toml` and are embedded in the binary; users may pass
//! their own file with `--template FILE`.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The built-in templates: (name, TOML source).
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "government-evaluation",
        include_str!("../../templates/government-evaluation.toml"),
    ),
    ("budget", include_str!("../../templates/budget.toml")),
];

/// The template used when none is chosen.
pub const DEFAULT_TEMPLATE: &str = "government-evaluation";

/// A table vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// The template's name.
    pub name: String,
    /// What kind of table it describes.
    #[serde(default)]
    pub description: String,
    /// Header keywords per column role.
    pub columns: ColumnVocabulary,
    /// Cell vocabulary.
    #[serde(default)]
    pub values: ValueVocabulary,
    /// Row vocabulary.
    #[serde(default)]
    pub rows: RowVocabulary,
    /// The words that name a table's structure (合计 rows, `其中`, 增减额 …), for the relations
    /// engine ([`super::structure`]); defaults when the template has no `[structure]` section.
    #[serde(default)]
    pub structure: super::structure::StructureVocabulary,
}

/// Row vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowVocabulary {
    /// Names of rows that sum or average the others (合计, 平均分): not audited as data rows.
    #[serde(default)]
    pub summary: Vec<String>,
}

/// Header keywords per column role. A header matches a role when it contains one of the
/// keywords (ASCII case-insensitively); roles are tried in field order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnVocabulary {
    /// The published total.
    pub total: Vec<String>,
    /// The bonus (added after any scaling, may be negative).
    #[serde(default)]
    pub bonus: Vec<String>,
    /// A rank checked against the order of the totals.
    #[serde(default)]
    pub rank: Vec<String>,
    /// A serial number (1, 2, 3 …) that says nothing about order.
    #[serde(default)]
    pub serial: Vec<String>,
    /// The name of the ranked body.
    #[serde(default)]
    pub name: Vec<String>,
    /// Published text columns that are never scored.
    #[serde(default)]
    pub other: Vec<String>,
}

/// Cell vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueVocabulary {
    /// Not-applicable markers.
    #[serde(default)]
    pub not_applicable: Vec<String>,
}

impl Template {
    /// Parses a template from TOML text; `origin` names it in errors.
    pub fn from_toml(text: &str, origin: &str) -> Result<Self> {
        let template: Template =
            toml::from_str(text).map_err(|e| Error::Template(format!("{origin}: {e}")))?;
        if template.columns.total.is_empty() {
            return Err(Error::Template(format!(
                "{origin}: [columns] total must list at least one keyword"
            )));
        }
        Ok(template)
    }

    /// A built-in template by name.
    ///
    /// ```
    /// let t = annex_audit::annex::Template::built_in("government-evaluation").unwrap();
    /// assert!(t.columns.total.iter().any(|k| k == "总分"));
    /// ```
    pub fn built_in(name: &str) -> Option<Self> {
        BUILT_IN
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(n, text)| Template::from_toml(text, n).ok())
    }

    /// The default template.
    pub fn default_template() -> Self {
        Template::built_in(DEFAULT_TEMPLATE).unwrap_or_else(|| Template {
            name: DEFAULT_TEMPLATE.into(),
            description: String::new(),
            columns: ColumnVocabulary {
                total: vec!["总分".into()],
                bonus: vec![],
                rank: vec![],
                serial: vec![],
                name: vec![],
                other: vec![],
            },
            values: ValueVocabulary::default(),
            rows: RowVocabulary::default(),
            structure: Default::default(),
        })
    }

    /// Resolves `--template NAME|FILE`: a built-in name, else a path to a TOML file.
    pub fn resolve(spec: &str) -> Result<Self> {
        if let Some(t) = Template::built_in(spec) {
            return Ok(t);
        }
        let path = Path::new(spec);
        if !path.exists() {
            let names: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
            return Err(Error::Template(format!(
                "{spec}: neither a built-in template ({}) nor a file",
                names.join(", ")
            )));
        }
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::Template(format!("{}: {e}", path.display())))?;
        Template::from_toml(&text, &path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_parses() {
        for (name, text) in BUILT_IN {
            let t = Template::from_toml(text, name).expect("parses");
            assert_eq!(&t.name, name);
        }
    }

    #[test]
    fn unknown_template_names_the_choices() {
        let err = Template::resolve("no-such-template").expect_err("unknown");
        assert!(err.to_string().contains("government-evaluation"), "{err}");
        assert_eq!(err.exit_code(), 2);
    }

    #[test]
    fn a_bad_file_is_a_template_error() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("t.toml");
        std::fs::write(&path, "name = \"x\"\n[columns]\ntotal = []\n").expect("write");
        let err = Template::resolve(&path.display().to_string()).expect_err("empty total");
        assert!(err.to_string().contains("total"), "{err}");
    }
}
