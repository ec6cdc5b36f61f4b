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

    /// Picks the text for this language.
    pub fn pick<T>(self, zh: T, en: T) -> T {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}
