//! The language of messages.

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
    /// use annex_audit::audit::Lang;
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

    /// The language of messages given before any document is read (usage and input errors):
    /// Chinese when the first set of `LC_ALL`, `LC_MESSAGES`, `LANG` starts with `zh`. With
    /// none set, Chinese on Windows (where they rarely are, and the tool's users read Chinese),
    /// English elsewhere.
    pub fn from_env() -> Lang {
        Self::from_locale(
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .iter()
                .filter_map(std::env::var_os)
                .find(|v| !v.is_empty())
                .map(|v| v.to_string_lossy().into_owned())
                .as_deref(),
        )
    }

    /// The language of a locale name such as `zh_CN.UTF-8`; `None`: no locale is set.
    ///
    /// ```
    /// use annex_audit::audit::Lang;
    /// assert_eq!(Lang::from_locale(Some("zh_CN.UTF-8")), Lang::Zh);
    /// assert_eq!(Lang::from_locale(Some("C.UTF-8")), Lang::En);
    /// ```
    pub fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(l) if l.starts_with("zh") => Lang::Zh,
            Some(_) => Lang::En,
            None if cfg!(windows) => Lang::Zh,
            None => Lang::En,
        }
    }

    /// Picks the text for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
