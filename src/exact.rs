//! Exact arithmetic on published scores.
//!
//! A scaled total such as `(35.40+10.00+10.00+14.80+10.00)×20/17+3.40` is a fraction whose
//! decimal expansion does not end. It is kept as an exact quotient of two decimals and rounded
//! with integer quotient and remainder, so the rounding decision is exact even at a midpoint.
//! The rounding strategy is always named: publishers round half away from zero, which is not
//! `rust_decimal`'s default (banker's rounding).

use std::cmp::Ordering;
use std::fmt;

use rust_decimal::Decimal;
use serde::Serialize;

/// How a value is rounded to a number of decimals.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Half away from zero: 0.125 → 0.13, −0.125 → −0.13. What publishers (and Excel's ROUND) do.
    HalfAwayFromZero,
    /// Half to even (banker's rounding): 0.125 → 0.12, 0.135 → 0.14.
    HalfEven,
    /// Toward zero: 0.129 → 0.12.
    Truncate,
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Rounding::HalfAwayFromZero => "half away from zero",
            Rounding::HalfEven => "half to even",
            Rounding::Truncate => "truncation",
        })
    }
}

/// A positive scaling factor `numerator / denominator`, e.g. 20/17. Factors are equal when
/// their values are (5/4 == 1.25).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Factor {
    /// Numerator.
    #[serde(with = "rust_decimal::serde::str")]
    pub numerator: Decimal,
    /// Denominator (> 0).
    #[serde(with = "rust_decimal::serde::str")]
    pub denominator: Decimal,
}

impl Factor {
    /// A factor, if both parts are positive.
    pub fn new(numerator: Decimal, denominator: Decimal) -> Option<Self> {
        (numerator > Decimal::ZERO && denominator > Decimal::ZERO).then_some(Factor {
            numerator: numerator.normalize(),
            denominator: denominator.normalize(),
        })
    }

    /// True when `a × factor == b` exactly (e.g. 85 × 20/17 == 100).
    pub fn maps(&self, a: Decimal, b: Decimal) -> bool {
        match (
            a.checked_mul(self.numerator),
            b.checked_mul(self.denominator),
        ) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        }
    }
}

impl PartialEq for Factor {
    fn eq(&self, other: &Self) -> bool {
        match (
            self.numerator.checked_mul(other.denominator),
            other.numerator.checked_mul(self.denominator),
        ) {
            (Some(a), Some(b)) => a == b,
            _ => false,
        }
    }
}

impl Eq for Factor {}

impl fmt::Display for Factor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.denominator == Decimal::ONE {
            write!(f, "{}", self.numerator)
        } else {
            write!(f, "{}/{}", self.numerator, self.denominator)
        }
    }
}

/// An exact value `numerator / denominator` with a positive denominator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Exact {
    numerator: Decimal,
    denominator: Decimal,
}

impl Exact {
    /// An exact decimal.
    pub fn from_decimal(value: Decimal) -> Self {
        Exact {
            numerator: value,
            denominator: Decimal::ONE,
        }
    }

    /// `self × factor`, or `None` on overflow.
    pub fn scale(self, factor: Factor) -> Option<Self> {
        Some(Exact {
            numerator: self.numerator.checked_mul(factor.numerator)?,
            denominator: self.denominator.checked_mul(factor.denominator)?,
        })
    }

    /// `self + value`, or `None` on overflow.
    pub fn plus(self, value: Decimal) -> Option<Self> {
        Some(Exact {
            numerator: self
                .numerator
                .checked_add(value.checked_mul(self.denominator)?)?,
            denominator: self.denominator,
        })
    }

    /// A decimal approximation to 28 significant digits, for display only.
    pub fn approx(&self) -> Decimal {
        self.numerator
            .checked_div(self.denominator)
            .unwrap_or(Decimal::MAX)
    }

    /// How this value compares with `value`, exactly; `None` on overflow.
    pub fn compare(&self, value: Decimal) -> Option<std::cmp::Ordering> {
        // The denominator is positive: comparing across it keeps the order.
        Some(self.numerator.cmp(&value.checked_mul(self.denominator)?))
    }

    /// Is this value exactly `value`?
    pub fn equals(&self, value: Decimal) -> bool {
        value
            .checked_mul(self.denominator)
            .is_some_and(|v| v == self.numerator)
    }

    /// Rounds to `decimals` places with the named strategy, exactly. `None` only on overflow.
    ///
    /// ```
    /// use annex_audit::exact::{Exact, Factor, Rounding};
    /// use rust_decimal::Decimal;
    /// let sum = Decimal::new(8020, 2); // 35.40+10.00+10.00+14.80+10.00
    /// let f = Factor::new(Decimal::from(20), Decimal::from(17)).unwrap();
    /// let total = Exact::from_decimal(sum).scale(f).unwrap().plus(Decimal::new(340, 2)).unwrap();
    /// assert_eq!(total.round(2, Rounding::HalfAwayFromZero), Some(Decimal::new(9775, 2)));
    /// // A midpoint goes away from zero, unlike rust_decimal's default.
    /// let mid = Exact::from_decimal(Decimal::new(-125, 3));
    /// assert_eq!(mid.round(2, Rounding::HalfAwayFromZero), Some(Decimal::new(-13, 2)));
    /// assert_eq!(mid.round(2, Rounding::HalfEven), Some(Decimal::new(-12, 2)));
    /// ```
    pub fn round(&self, decimals: u32, rounding: Rounding) -> Option<Decimal> {
        let scale = Decimal::from_i128_with_scale(10i128.checked_pow(decimals)?, 0);
        let scaled = self.numerator.checked_mul(scale)?;
        let negative = scaled.is_sign_negative() && !scaled.is_zero();
        let magnitude = scaled.abs();
        let d = self.denominator;
        // Integer quotient and remainder of magnitude / d. The division is only an estimate
        // (it is rounded to 28 digits); the exact remainder corrects it.
        let mut q = magnitude.checked_div(d)?.trunc();
        let mut r = magnitude.checked_sub(q.checked_mul(d)?)?;
        while r.is_sign_negative() && !r.is_zero() {
            q = q.checked_sub(Decimal::ONE)?;
            r = r.checked_add(d)?;
        }
        while r >= d {
            q = q.checked_add(Decimal::ONE)?;
            r = r.checked_sub(d)?;
        }
        let twice_r = r.checked_mul(Decimal::TWO)?;
        let up = match rounding {
            Rounding::Truncate => false,
            Rounding::HalfAwayFromZero => twice_r >= d,
            Rounding::HalfEven => match twice_r.cmp(&d) {
                Ordering::Greater => true,
                Ordering::Less => false,
                Ordering::Equal => q.checked_rem(Decimal::TWO)? != Decimal::ZERO,
            },
        };
        if up {
            q = q.checked_add(Decimal::ONE)?;
        }
        if negative {
            q.set_sign_negative(true);
        }
        let mut result = q.checked_div(scale)?;
        result.rescale(decimals);
        if result.is_zero() {
            result.set_sign_positive(true);
        }
        Some(result)
    }
}

/// `value` written with exactly `decimals` places (`91.7`, 2 → `"91.70"`).
///
/// ```
/// use annex_audit::exact::fixed;
/// use rust_decimal::Decimal;
/// assert_eq!(fixed(Decimal::new(917, 1), 2), "91.70");
/// ```
pub fn fixed(value: Decimal, decimals: u32) -> String {
    let mut v = value;
    v.rescale(decimals);
    v.to_string()
}

/// [`fixed`], with the integer part grouped by thousands (`5,230.80`) when `like`, the published
/// figure it stands beside, is written so: an expected value reads like the figure it corrects.
///
/// ```
/// use annex_audit::exact::fixed_like;
/// use rust_decimal::Decimal;
/// assert_eq!(fixed_like(Decimal::new(523080, 2), 2, "5,212.80"), "5,230.80");
/// assert_eq!(fixed_like(Decimal::new(-1234567, 0), 0, "1,000"), "-1,234,567");
/// assert_eq!(fixed_like(Decimal::new(523080, 2), 2, "5212.80"), "5230.80");
/// assert_eq!(fixed_like(Decimal::new(98, 0), 0, "1,000"), "98");
/// ```
pub fn fixed_like(value: Decimal, decimals: u32, like: &str) -> String {
    let plain = fixed(value, decimals);
    let grouped = like
        .as_bytes()
        .windows(3)
        .any(|w| w[0].is_ascii_digit() && w[1] == b',' && w[2].is_ascii_digit());
    if !grouped {
        return plain;
    }
    let (sign, digits) = match plain.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", plain.as_str()),
    };
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(plain.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// The length in bytes of [`fixed`]`(value, decimals)`, without writing it out: a column's
/// width is measured over every number in it.
///
/// ```
/// use annex_audit::exact::fixed_len;
/// use rust_decimal::Decimal;
/// assert_eq!(fixed_len(Decimal::new(-917, 1), 2), "-91.70".len());
/// ```
pub fn fixed_len(value: Decimal, decimals: u32) -> usize {
    struct Counted(usize);
    impl fmt::Write for Counted {
        fn write_str(&mut self, s: &str) -> fmt::Result {
            self.0 += s.len();
            Ok(())
        }
    }
    let mut v = value;
    v.rescale(decimals);
    let mut counted = Counted(0);
    let _ = fmt::Write::write_fmt(&mut counted, format_args!("{v}"));
    counted.0
}

/// Rounds a decimal to `decimals` places, half away from zero, as publishers round (`2.345` →
/// `2.35`, `-2.345` → `-2.35`): the one rounding of plain decimals (an [`Exact`] quotient
/// rounds with [`Exact::round`]).
///
/// ```
/// use annex_audit::exact::round_half_away;
/// use rust_decimal::Decimal;
/// assert_eq!(round_half_away(Decimal::new(-6475, 3), 2), Decimal::new(-648, 2));
/// ```
pub fn round_half_away(value: Decimal, decimals: u32) -> Decimal {
    value.round_dp_with_strategy(
        decimals,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Brute-force reference: round p/q (q > 0) to `dp` decimals with plain i128 integers.
    fn reference_round(p: i128, q: i128, dp: u32, rounding: Rounding) -> i128 {
        let scaled = p * 10i128.pow(dp);
        let (neg, a) = (scaled < 0, scaled.abs());
        let (mut n, r) = (a / q, a % q);
        let up = match rounding {
            Rounding::Truncate => false,
            Rounding::HalfAwayFromZero => 2 * r >= q,
            Rounding::HalfEven => 2 * r > q || (2 * r == q && n % 2 == 1),
        };
        if up {
            n += 1;
        }
        if neg { -n } else { n }
    }

    fn to_decimal(units: i128, dp: u32) -> Decimal {
        Decimal::from_i128_with_scale(units, dp)
    }

    #[test]
    fn seed_rows_recompute_as_published() {
        let f = Factor::new(Decimal::from(20), Decimal::from(17)).expect("factor");
        // (sum of applicable components, bonus, published) from the real annex.
        for (sum, bonus, published) in [
            (8020, 340, 9775),  // 政务服务局
            (8055, 110, 9586),  // 城市管理综合执法局
            (7870, 40, 9299),   // 国有资产监督管理委员会
            (6480, -110, 7514), // 恩格贝生态示范区
        ] {
            let total = Exact::from_decimal(to_decimal(sum, 2))
                .scale(f)
                .and_then(|e| e.plus(to_decimal(bonus, 2)))
                .expect("no overflow");
            assert_eq!(
                total.round(2, Rounding::HalfAwayFromZero),
                Some(to_decimal(published, 2))
            );
        }
    }

    #[test]
    fn factor_maps_85_to_100() {
        let f = Factor::new(Decimal::from(20), Decimal::from(17)).expect("factor");
        assert!(f.maps(Decimal::from(85), Decimal::from(100)));
        assert!(!f.maps(Decimal::from(80), Decimal::from(100)));
        assert_eq!(f.to_string(), "20/17");
    }

    proptest! {
        #[test]
        fn fixed_len_is_the_length_of_fixed(
            mantissa in any::<i64>(),
            scale in 0u32..=12,
            decimals in 0u32..=8,
        ) {
            let value = Decimal::new(mantissa, scale);
            prop_assert_eq!(fixed_len(value, decimals), fixed(value, decimals).len());
        }
    }

    proptest! {
        /// (Σ components) × n/d + bonus, rounded, equals the brute-force rational result.
        #[test]
        fn recomputation_matches_rational_brute_force(
            components in proptest::collection::vec(-100_000i128..100_000, 1..9),
            bonus in -5_000i128..5_000,
            n in 1i128..50,
            d in 1i128..50,
            dp in 0u32..4,
        ) {
            let sum: i128 = components.iter().sum();
            let mut exact = Exact::from_decimal(to_decimal(0, 2));
            for c in &components {
                let e = exact.numerator + to_decimal(*c, 2);
                exact = Exact::from_decimal(e);
            }
            let f = Factor::new(Decimal::from_i128_with_scale(n, 0), Decimal::from_i128_with_scale(d, 0)).expect("factor");
            let total = exact.scale(f).and_then(|e| e.plus(to_decimal(bonus, 2))).expect("no overflow");
            // value = (sum/100 × n/d + bonus/100) = (sum×n + bonus×d) / (100 d)
            let (p, q) = (sum * n + bonus * d, 100 * d);
            for rounding in [Rounding::HalfAwayFromZero, Rounding::HalfEven, Rounding::Truncate] {
                let expected = to_decimal(reference_round(p, q, dp, rounding), dp);
                prop_assert_eq!(total.round(dp, rounding), Some(expected));
            }
        }

        /// Exact midpoints round away from zero, both signs.
        #[test]
        fn midpoints_go_away_from_zero(units in -1_000_000i128..1_000_000, dp in 0u32..4) {
            // units + 0.5 in the last place
            let mid = to_decimal(units * 10 + if units < 0 { -5 } else { 5 }, dp + 1);
            let rounded = Exact::from_decimal(mid).round(dp, Rounding::HalfAwayFromZero).expect("rounds");
            let away = to_decimal(units + if units < 0 { -1 } else { 1 }, dp);
            prop_assert_eq!(rounded, away);
        }
    }
}
