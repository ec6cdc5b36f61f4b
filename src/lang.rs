//! The language of messages, and how it is chosen: `--lang`, else the document's language for
//! everything about the document, else the locale for what comes before any document is read.
//!
//! A leaf: every stage may use it. The words themselves live in [`crate::messages`].

use serde::Serialize;

/// Language of messages: Chinese for a Chinese document, English otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Chinese.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// Chinese when at least a fifth of the letters in `sample` are CJK ideographs.
    ///
    /// ```
    /// use annex_audit::lang::Lang;
    /// assert_eq!(Lang::detect("一、各旗区人民政府 排名 名称"), Lang::Zh);
    /// assert_eq!(Lang::detect("Rank Name Total (110)"), Lang::En);
    /// ```
    pub fn detect(sample: &str) -> Lang {
        let mut cjk = 0usize;
        let mut letters = 0usize;
        for c in sample.chars().filter(|c| c.is_alphabetic()) {
            letters += 1;
            if matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
            {
                cjk += 1;
            }
        }
        if letters > 0 && cjk * 5 >= letters {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of messages about a document whose text `sample` is: Chinese for a Chinese
    /// document, else the locale's ([`Lang::from_env`]), so that a Chinese user auditing a
    /// document with little or no Chinese (an English table, one of figures only) still reads
    /// Chinese.
    pub fn of_document(sample: &str) -> Lang {
        match Lang::detect(sample) {
            Lang::Zh => Lang::Zh,
            Lang::En => Lang::from_env(),
        }
    }

    /// Picks the text for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }

    /// The language of the locale: Chinese when the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
    /// that is set and not empty starts with `zh` (`zh_CN.UTF-8`, `zh_TW`), else English (with
    /// none set: Chinese on Windows, English elsewhere). Used
    /// for usage and input errors met before any document is read, and for `--help`.
    pub fn from_env() -> Lang {
        Lang::from_locale(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] with the variables read through `var`, so the rule can be tested
    /// without touching the process's environment.
    ///
    /// ```
    /// use annex_audit::lang::Lang;
    /// let env = |vars: &'static [(&'static str, &'static str)]| {
    ///     move |name: &str| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
    /// };
    /// assert_eq!(Lang::from_locale(env(&[("LANG", "zh_CN.UTF-8")])), Lang::Zh);
    /// assert_eq!(Lang::from_locale(env(&[("LC_ALL", "C"), ("LANG", "zh_CN.UTF-8")])), Lang::En);
    /// assert_eq!(Lang::from_locale(env(&[("LC_ALL", ""), ("LC_MESSAGES", "zh_TW")])), Lang::Zh);
    /// assert_eq!(Lang::from_locale(env(&[])), Lang::En);
    /// ```
    pub fn from_locale(var: impl Fn(&str) -> Option<String>) -> Lang {
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| var(name))
            .find(|value| !value.is_empty());
        let Some(locale) = locale else {
            // None set: Windows rarely sets them, and the tool's users there read Chinese.
            return if cfg!(windows) { Lang::Zh } else { Lang::En };
        };
        if locale.to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The language of messages by the rule: the one asked for (`--lang`), else the
    /// document's, else the locale's.
    ///
    /// ```
    /// use annex_audit::lang::Lang;
    /// assert_eq!(Lang::choose(Some(Lang::En), Some(Lang::Zh)), Lang::En);
    /// assert_eq!(Lang::choose(None, Some(Lang::Zh)), Lang::Zh);
    /// ```
    pub fn choose(asked: Option<Lang>, document: Option<Lang>) -> Lang {
        asked.or(document).unwrap_or_else(Lang::from_env)
    }
}
