//! Why a published total differs: the roundings and common slips that reproduce it.

use rust_decimal::Decimal;

use super::exact::{Exact, Factor, Rounding, fixed};
use super::text::Lang;
use crate::annex::{Number, Role, ScoreSheet, Value};

/// The arithmetic of one row, as recomputed.
pub(super) struct RowArithmetic<'a> {
    /// The sheet the row is in.
    pub sheet: &'a ScoreSheet,
    /// The row's values.
    pub values: &'a [Value],
    /// Components summed (applicable ones).
    pub components: &'a [usize],
    /// The bonus column, when it holds a number.
    pub bonus_col: Option<usize>,
    /// Sum of the applicable components.
    pub sum: Decimal,
    /// The bonus (0 when none).
    pub bonus: Decimal,
    /// The factor of a scaled row.
    pub factor: Option<Factor>,
    /// The published total.
    pub published: &'a Number,
}

impl RowArithmetic<'_> {
    fn total(&self, sum: Decimal, bonus: Decimal, factor: Option<Factor>) -> Option<Exact> {
        let base = Exact::from_decimal(sum);
        let scaled = match factor {
            Some(f) => base.scale(f)?,
            None => base,
        };
        scaled.plus(bonus)
    }

    /// The exact recomputed total.
    pub fn exact(&self) -> Option<Exact> {
        self.total(self.sum, self.bonus, self.factor)
    }

    fn rounds_to_published(&self, value: Option<Exact>) -> bool {
        value
            .and_then(|v| v.round(self.published.decimals, Rounding::HalfAwayFromZero))
            .is_some_and(|r| r == self.published.value)
    }

    fn fmt(&self, value: Option<Exact>) -> String {
        value
            .and_then(|v| v.round(self.published.decimals, Rounding::HalfAwayFromZero))
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

/// If the published total equals the recomputation under another rounding than the
/// publishers' (half away from zero), says which.
pub(super) fn other_rounding(a: &RowArithmetic<'_>, lang: Lang) -> Option<String> {
    let exact = a.exact()?;
    let d = a.published.decimals;
    let p = a.published.value;
    let differs_from_publishers = exact
        .round(d, Rounding::HalfAwayFromZero)
        .is_some_and(|r| r != p);
    if !differs_from_publishers {
        return None;
    }
    if exact.round(d, Rounding::Truncate) == Some(p) {
        return Some(lang.pick(
            format!(
                "发布值为截尾结果（直接舍去第{}位以后的小数，未四舍五入）",
                d + 1
            ),
            "matches only when truncated instead of rounded half away from zero".to_string(),
        ));
    }
    if exact.round(d, Rounding::HalfEven) == Some(p) {
        return Some(lang.pick(
            "发布值为“四舍六入五成双”（银行家舍入）的结果".to_string(),
            "matches only with banker's rounding (half to even)".to_string(),
        ));
    }
    if let Some(f) = a.factor {
        let scaled = Exact::from_decimal(a.sum)
            .scale(f)
            .and_then(|s| s.round(d, Rounding::HalfAwayFromZero))
            .and_then(|s| s.checked_add(a.bonus));
        if scaled == Some(p) {
            return Some(lang.pick(
                format!("发布值为先将乘以{f}的结果保留{d}位小数、再加附加指标的结果"),
                format!(
                    "matches only when the scaled sum is rounded to {d} decimals before the bonus is added"
                ),
            ));
        }
    }
    None
}

/// The common slips that reproduce the published total, in words.
pub(super) fn explanations(a: &RowArithmetic<'_>, lang: Lang) -> Vec<String> {
    let mut found = Vec::new();
    let p = &a.published.text;
    if !a.bonus.is_zero() {
        let without = a.total(a.sum, Decimal::ZERO, a.factor);
        if a.rounds_to_published(without) {
            found.push(lang.pick(
                format!("漏加附加指标：不含附加指标的结果为 {}", a.fmt(without)),
                format!(
                    "bonus omitted: without the bonus the total is {}",
                    a.fmt(without)
                ),
            ));
        }
        let twice = a.total(a.sum, a.bonus * Decimal::TWO, a.factor);
        if a.rounds_to_published(twice) {
            found.push(lang.pick(
                format!("附加指标计算了两次：结果为 {}", a.fmt(twice)),
                format!("bonus counted twice: gives {}", a.fmt(twice)),
            ));
        }
    }
    // A bonus left out because the base score is below the note's threshold, added anyway.
    let uncounted = a
        .sheet
        .column(crate::annex::Role::Bonus)
        .filter(|_| a.bonus_col.is_none())
        .and_then(|c| a.values.get(c))
        .and_then(|v| v.number())
        .filter(|n| !n.value.is_zero());
    if let Some(bonus) = uncounted {
        let with = a.total(a.sum, bonus.value, a.factor);
        if a.rounds_to_published(with) {
            found.push(lang.pick(
                format!(
                    "基础得分未达到表注规定的分数，却计入了附加指标 {}：计入后为 {}",
                    bonus.text,
                    a.fmt(with)
                ),
                format!(
                    "the bonus {} was added although the base score is below the note's threshold: with it the total is {}",
                    bonus.text,
                    a.fmt(with)
                ),
            ));
        }
    }
    if let Some(f) = a.factor {
        let plain = a.total(a.sum, a.bonus, None);
        if a.rounds_to_published(plain) {
            found.push(lang.pick(
                format!("未按规则乘以{f}：各项直接相加为 {}", a.fmt(plain)),
                format!("scaling ×{f} omitted: the plain sum is {}", a.fmt(plain)),
            ));
        }
        let on_bonus = a
            .sum
            .checked_add(a.bonus)
            .and_then(|s| a.total(s, Decimal::ZERO, Some(f)));
        if a.rounds_to_published(on_bonus) {
            found.push(lang.pick(
                format!("附加指标也乘以了{f}：结果为 {}", a.fmt(on_bonus)),
                format!(
                    "scaling ×{f} applied to the bonus too: gives {}",
                    a.fmt(on_bonus)
                ),
            ));
        }
    }
    let expected = a
        .exact()
        .and_then(|e| e.round(a.published.decimals, Rounding::HalfAwayFromZero));
    if let Some(expected) = expected {
        let expected_text = fixed(expected, a.published.decimals);
        if digit_change(
            &expected_text,
            &fixed(a.published.value, a.published.decimals),
        ) == Some(Change::Transposed)
        {
            found.push(lang.pick(
                format!("总分两位数字颠倒：应为 {expected_text}，发布为 {p}"),
                format!("two digits transposed in the total: {expected_text} published as {p}"),
            ));
        }
        if found.is_empty() {
            // One digit changed: in the total itself or in one of its parts, each as likely
            // as the others; more than one is offered as a possibility, none asserted.
            let published_text = fixed(a.published.value, a.published.decimals);
            let unit = Decimal::new(1, a.published.decimals);
            if a.published
                .value
                .checked_sub(expected)
                .is_some_and(|d| d.abs() > unit)
                && digit_change(&expected_text, &published_text) == Some(Change::OneDigit)
            {
                found.push(lang.pick(
                    format!("总分有一位数字错误：应为 {expected_text}，发布为 {p}"),
                    format!("one digit wrong in the total: {expected_text} published as {p}"),
                ));
            }
            found.extend(component_slips(a, expected, lang));
            if found.len() > 1 {
                for slip in &mut found {
                    *slip = lang.pick(format!("可能{slip}"), format!("possibly {slip}"));
                }
            }
        }
        if found.is_empty() {
            let unit = Decimal::new(1, a.published.decimals);
            if a.published
                .value
                .checked_sub(expected)
                .is_some_and(|d| d.abs() == unit)
            {
                found.push(lang.pick(
                    format!("末位相差1（{unit}）：录入或舍入时的笔误"),
                    format!("off by one in the last digit ({unit}): a typing or rounding slip"),
                ));
            }
        }
    }
    found
}

/// Components (or the bonus) whose value, with two digits swapped or one digit changed,
/// reproduces the published total. A one-unit difference is left out: every column could
/// absorb it.
fn component_slips(a: &RowArithmetic<'_>, expected: Decimal, lang: Lang) -> Vec<String> {
    let unit = Decimal::new(1, a.published.decimals);
    if a.published
        .value
        .checked_sub(expected)
        .is_none_or(|d| d.abs() <= unit)
    {
        return Vec::new();
    }
    let mut transposed = Vec::new();
    let mut one_digit = Vec::new();
    let columns = a.components.iter().copied().chain(a.bonus_col);
    for c in columns {
        let Some(Value::Number(v)) = a.values.get(c) else {
            continue;
        };
        let Some(implied) = implied_value(a, c, v) else {
            continue;
        };
        let implied_text = fixed(implied, v.decimals);
        let label = a.sheet.columns.get(c).map_or("", |col| col.label.as_str());
        match digit_change(&fixed(v.value, v.decimals), &implied_text) {
            Some(Change::Transposed) => transposed.push(lang.pick(
                format!(
                    "{label}两位数字颠倒：发布 {}，总分对应 {implied_text}",
                    v.text
                ),
                format!(
                    "two digits transposed in {label}: published {}, the total implies {implied_text}",
                    v.text
                ),
            )),
            Some(Change::OneDigit) => one_digit.push(lang.pick(
                format!(
                    "{label}有一位数字错误：发布 {}，总分对应 {implied_text}",
                    v.text
                ),
                format!(
                    "one digit wrong in {label}: published {}, the total implies {implied_text}",
                    v.text
                ),
            )),
            None => {}
        }
    }
    if transposed.is_empty() {
        one_digit
    } else {
        transposed
    }
}

/// The value column `c` would need for the total to round to the published figure, if one
/// with the column's decimals exists within its range.
fn implied_value(a: &RowArithmetic<'_>, c: usize, v: &Number) -> Option<Decimal> {
    let is_bonus = Some(c) == a.bonus_col;
    let weight = match (is_bonus, a.factor) {
        (false, Some(f)) => f.numerator.checked_div(f.denominator)?,
        _ => Decimal::ONE,
    };
    let gap = a.published.value.checked_sub(a.exact()?.approx())?;
    let step = crate::exact::round_half_away(gap.checked_div(weight)?, v.decimals);
    let unit = Decimal::new(1, v.decimals);
    for nudge in [Decimal::ZERO, unit, -unit] {
        let change = step.checked_add(nudge)?;
        let candidate = v.value.checked_add(change)?;
        let total = if is_bonus {
            a.total(a.sum, a.bonus.checked_add(change)?, a.factor)
        } else {
            a.total(a.sum.checked_add(change)?, a.bonus, a.factor)
        };
        if !change.is_zero() && a.rounds_to_published(total) && in_range(a.sheet, c, candidate) {
            return Some(candidate);
        }
    }
    None
}

fn in_range(sheet: &ScoreSheet, c: usize, value: Decimal) -> bool {
    let Some(col) = sheet.columns.get(c) else {
        return false;
    };
    let max = col.max.as_ref().map(|m| m.value);
    match col.role {
        Role::Bonus => max.is_none_or(|m| value.abs() <= m),
        _ => value >= Decimal::ZERO && max.is_none_or(|m| value <= m),
    }
}

/// The slip that turns `expected` into `published` (both as printed, same decimals): two
/// digits transposed, one digit wrong, or the sign lost — in words, for a figure of a table
/// read by the structure engine.
pub(super) fn figure_slip(published: &str, expected: &str, lang: Lang) -> Option<String> {
    let unsigned = |t: &str| t.trim_start_matches(['-', '+']).to_string();
    if published != expected && unsigned(published) == unsigned(expected) {
        return Some(
            lang.pick(
                "正负号错误（数值相同，符号相反）",
                "the sign is wrong (same digits, opposite sign)",
            )
            .to_string(),
        );
    }
    let last_digit_only = published.len() == expected.len()
        && published.get(..published.len().saturating_sub(1))
            == expected.get(..expected.len().saturating_sub(1));
    match digit_change(published, expected)? {
        // A difference in the last digit alone is a rounding, not a slip.
        Change::OneDigit if last_digit_only => None,
        Change::Transposed => Some(lang.pick(
            format!("两位数字颠倒：{published} 应为 {expected}"),
            format!("two digits transposed: {published} for {expected}"),
        )),
        Change::OneDigit => Some(lang.pick(
            format!("一位数字有误：{published} 应为 {expected}"),
            format!("one digit wrong: {published} for {expected}"),
        )),
    }
}

/// True when `a` and `b` (as printed, same decimals) differ by two adjacent digits swapped.
pub(super) fn transposed(a: &str, b: &str) -> bool {
    digit_change(a, b) == Some(Change::Transposed)
}

#[derive(Debug, PartialEq, Eq)]
enum Change {
    Transposed,
    OneDigit,
}

/// How two renderings of a number with the same decimals differ: two adjacent digits swapped
/// (the point between them does not count: 38.30 → 33.80), or one digit changed.
fn digit_change(a: &str, b: &str) -> Option<Change> {
    let a: Vec<char> = a.chars().filter(|c| *c != '.').collect();
    let b: Vec<char> = b.chars().filter(|c| *c != '.').collect();
    if a.len() != b.len() || a == b {
        return None;
    }
    let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    let digit = |c: char| c.is_ascii_digit();
    match diffs.as_slice() {
        [i] if digit(a[*i]) && digit(b[*i]) => Some(Change::OneDigit),
        [i, j]
            if *j == i + 1 && a[*i] == b[*j] && a[*j] == b[*i] && digit(a[*i]) && digit(a[*j]) =>
        {
            Some(Change::Transposed)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digit_changes() {
        assert_eq!(digit_change("38.30", "33.80"), Some(Change::Transposed));
        assert_eq!(digit_change("91.40", "91.04"), Some(Change::Transposed));
        assert_eq!(digit_change("91.40", "19.40"), Some(Change::Transposed));
        assert_eq!(digit_change("91.40", "94.01"), None);
        assert_eq!(digit_change("13.50", "15.50"), Some(Change::OneDigit));
        assert_eq!(digit_change("9.50", "19.50"), None);
        assert_eq!(digit_change("1.0", "1.0"), None);
    }
}
