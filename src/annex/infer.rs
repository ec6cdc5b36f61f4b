//! Inference of an unstated rule: which relation over a table's numeric columns reproduces a
//! published column.
//!
//! Many published tables state no rule: the total is the sum of some columns but not of a count
//! column beside them, a score is a count times a fixed number of points, or a weighted sum of
//! indices whose weights nobody printed. [`infer`] searches a small space of plausible relations
//! and keeps the simplest that reproduces the published figures *exactly* (after rounding half
//! away from zero to their printed decimals) in most rows, with its support ("11 of 12 rows
//! agree") and the rows that break it. With too few rows, or several relations fitting equally,
//! it says the rule is unknown instead of guessing.
//!
//! The module is table-agnostic (columns are indices into the operands given) and imports
//! nothing from the audit: a column is a list of optional exact decimals, one per row.
//!
//! The relations tried, simplest first:
//!
//! 1. [`Relation::Subset`]: the sum of a subset of the score columns (a count or identifier
//!    column only when the sum fits every row);
//! 2. [`Relation::Multiple`]: one column times a constant (`条数 × 5`);
//! 3. [`Relation::Scaled`]: the score columns' sum, scaled by a factor `p/q` in rows where some
//!    do not apply, plus a bonus (`(Σ) × 100/85 + 附加`), the factor found from the data;
//! 4. [`Relation::Weighted`]: a weighted sum with weights found by least squares (on `f64`),
//!    snapped to few decimals and verified exactly.
//!
//! ```
//! use annex_audit::annex::infer::{infer, Inference, Operand, OperandKind, Printed, Relation};
//! use rust_decimal::Decimal;
//!
//! let d = |s: &str| Decimal::from_str_exact(s).ok();
//! // 条数 (a count) beside two scores; the total is the two scores' sum only.
//! let count = Operand::new(OperandKind::Count, [d("3"), d("5"), d("2"), d("4")].to_vec());
//! let a = Operand::new(OperandKind::Score, [d("40.5"), d("30"), d("20.25"), d("10")].to_vec());
//! let b = Operand::new(OperandKind::Score, [d("9.5"), d("8"), d("7.75"), d("6")].to_vec());
//! let total: Vec<Option<Printed>> = ["50.0", "38.0", "28.0", "16.0"]
//!     .iter()
//!     .map(|t| Printed::parse(t))
//!     .collect();
//! let Inference::Found(found) = infer(&total, &[count, a, b]) else {
//!     panic!("a rule");
//! };
//! assert_eq!(found.relation, Relation::Subset(vec![1, 2]));
//! assert_eq!((found.support.agreeing, found.support.total), (4, 4));
//! assert_eq!(found.relation.describe(&["条数", "A", "B"]), "A + B");
//! ```

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// Fewest rows a relation is inferred from.
pub const MIN_ROWS: usize = 4;

/// Most columns whose subsets are searched exhaustively (2¹² − 1 subsets).
pub const MAX_SUBSET_COLUMNS: usize = 12;

/// Rows the candidates are screened on before being verified on every row.
const SCREEN_ROWS: usize = 16;

/// Largest denominator tried for a scaling factor `p/q`.
const MAX_FACTOR_DENOMINATOR: u32 = 100;

/// Most decimals a fitted constant or weight is snapped to.
const MAX_WEIGHT_DECIMALS: u32 = 4;

/// A published figure: its exact value and the decimals it is printed with (to which a
/// relation's value is rounded before comparing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Printed {
    /// The value.
    pub value: Decimal,
    /// Its printed decimals (`91.70` → 2).
    pub decimals: u32,
}

impl Printed {
    /// A plain decimal as printed (`"91.70"`), or `None` when it is not one.
    pub fn parse(text: &str) -> Option<Self> {
        let value = Decimal::from_str_exact(text.trim()).ok()?;
        Some(Printed {
            value,
            decimals: value.scale(),
        })
    }
}

/// What an operand column holds, which decides where it may enter a relation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OperandKind {
    /// A score: summed, weighted, scaled.
    Score,
    /// A score added after any scaling (附加指标); summed like a score otherwise.
    Bonus,
    /// A count of another unit (条数): enters a sum only if the sum fits every row; may be
    /// multiplied by a constant or weighted.
    Count,
    /// An identifier (rank, serial number): enters a sum only if it fits every row.
    Identifier,
}

/// One candidate operand column: its kind and its value in each row (`None`: blank, not
/// applicable or not a number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operand {
    /// What it holds.
    pub kind: OperandKind,
    /// One value per row, aligned with the target.
    pub values: Vec<Option<Decimal>>,
}

impl Operand {
    /// An operand of `kind` with these values.
    pub fn new(kind: OperandKind, values: Vec<Option<Decimal>>) -> Self {
        Operand { kind, values }
    }

    fn at(&self, row: usize) -> Option<Decimal> {
        self.values.get(row).copied().flatten()
    }
}

/// A relation between the operands and the target; columns are indices into the operands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Relation {
    /// The sum of these columns.
    Subset(Vec<usize>),
    /// One column times `k`.
    Multiple {
        /// The column.
        column: usize,
        /// The constant.
        k: Decimal,
    },
    /// The sum of `columns`, times `numerator/denominator` in rows where some of them are
    /// blank (not applicable), plus the `bonus` column.
    Scaled {
        /// The scored columns.
        columns: Vec<usize>,
        /// The column added after scaling.
        bonus: Option<usize>,
        /// The factor's numerator.
        numerator: Decimal,
        /// The factor's denominator (> 0).
        denominator: Decimal,
    },
    /// `Σ weights[i] × columns[i]`.
    Weighted {
        /// The columns.
        columns: Vec<usize>,
        /// Their weights, in the same order.
        weights: Vec<Decimal>,
    },
}

impl Relation {
    /// How simple the relation is (lower is simpler): the order the kinds are preferred in.
    fn class(&self) -> u8 {
        match self {
            Relation::Subset(_) => 0,
            Relation::Multiple { .. } => 1,
            Relation::Scaled { .. } => 2,
            Relation::Weighted { .. } => 3,
        }
    }

    /// The relation's exact value in `row` as `numerator / denominator` (denominator > 0), or
    /// `None` when an operand it needs is blank there.
    pub fn value(&self, operands: &[Operand], row: usize) -> Option<(Decimal, Decimal)> {
        let get = |c: &usize| operands.get(*c).and_then(|o| o.at(row));
        match self {
            Relation::Subset(columns) => {
                let mut sum = Decimal::ZERO;
                for c in columns {
                    sum = sum.checked_add(get(c)?)?;
                }
                Some((sum, Decimal::ONE))
            }
            Relation::Multiple { column, k } => Some((get(column)?.checked_mul(*k)?, Decimal::ONE)),
            Relation::Weighted { columns, weights } => {
                let mut sum = Decimal::ZERO;
                for (c, w) in columns.iter().zip(weights) {
                    sum = sum.checked_add(get(c)?.checked_mul(*w)?)?;
                }
                Some((sum, Decimal::ONE))
            }
            Relation::Scaled {
                columns,
                bonus,
                numerator,
                denominator,
            } => {
                let mut sum = Decimal::ZERO;
                let mut scaled = false;
                for c in columns {
                    match get(c) {
                        Some(v) => sum = sum.checked_add(v)?,
                        None => scaled = true,
                    }
                }
                let bonus = match bonus {
                    Some(b) => get(b).unwrap_or(Decimal::ZERO),
                    None => Decimal::ZERO,
                };
                if scaled {
                    let n = sum
                        .checked_mul(*numerator)?
                        .checked_add(bonus.checked_mul(*denominator)?)?;
                    Some((n, *denominator))
                } else {
                    Some((sum.checked_add(bonus)?, Decimal::ONE))
                }
            }
        }
    }

    /// The relation as a formula over the column `labels` (`A + B`, `条数 × 5`,
    /// `(A + B) × 20/17 + 附加`, `0.3 × A + 0.7 × B`), language-neutral.
    pub fn describe(&self, labels: &[&str]) -> String {
        let label = |c: &usize| labels.get(*c).copied().unwrap_or("?").to_string();
        let sum = |columns: &[usize]| columns.iter().map(label).collect::<Vec<_>>().join(" + ");
        match self {
            Relation::Subset(columns) => sum(columns),
            Relation::Multiple { column, k } => format!("{} × {}", label(column), k.normalize()),
            Relation::Weighted { columns, weights } => columns
                .iter()
                .zip(weights)
                .map(|(c, w)| format!("{} × {}", w.normalize(), label(c)))
                .collect::<Vec<_>>()
                .join(" + "),
            Relation::Scaled {
                columns,
                bonus,
                numerator,
                denominator,
            } => {
                let mut s = format!(
                    "({}) × {}/{}",
                    sum(columns),
                    numerator.normalize(),
                    denominator.normalize()
                );
                if let Some(b) = bonus {
                    let _ = write!(s, " + {}", label(b));
                }
                s
            }
        }
    }
}

/// How many rows agree with a relation, of those where it can be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Support {
    /// Rows whose published figure the relation reproduces.
    pub agreeing: usize,
    /// Rows with a published figure and every operand the relation needs.
    pub total: usize,
}

/// A relation found, with its support and the rows that break it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The relation.
    pub relation: Relation,
    /// Its support.
    pub support: Support,
    /// Rows (indices into the target) where it can be computed but does not reproduce the
    /// published figure.
    pub outliers: Vec<usize>,
    /// How many candidate relations were tried.
    pub candidates_tried: usize,
}

/// Why no relation was inferred.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unknown {
    /// Fewer than [`MIN_ROWS`] rows with a published figure.
    TooFewRows,
    /// Several relations fit equally well; they are listed.
    Ambiguous(Vec<Relation>),
    /// No relation tried reproduces most rows.
    NoFit,
}

/// The outcome of [`infer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Inference {
    /// A relation reproduces most rows.
    Found(Found),
    /// The rule is unknown.
    Unknown {
        /// Why.
        reason: Unknown,
        /// How many candidate relations were tried.
        candidates_tried: usize,
    },
}

/// Whether `num/den` (den > 0), rounded half away from zero to the printed decimals, is the
/// printed value: exact, with multiplications only.
pub fn reproduces(num: Decimal, den: Decimal, printed: Printed) -> bool {
    if den <= Decimal::ZERO {
        return false;
    }
    if printed.decimals > 28 {
        return false;
    }
    // round(num/den) to d decimals is P ⇔ P − u/2 ≤ num/den < P + u/2 (num ≥ 0; the ends
    // swap for num < 0), u = 10^−d; doubled and multiplied by den to stay exact.
    let unit = Decimal::new(1, printed.decimals);
    let bound = |side: Decimal| {
        printed
            .value
            .checked_mul(Decimal::TWO)
            .and_then(|p| p.checked_add(side))
            .and_then(|p| p.checked_mul(den))
    };
    let (Some(x2), Some(low), Some(high)) =
        (num.checked_mul(Decimal::TWO), bound(-unit), bound(unit))
    else {
        return false;
    };
    if x2 >= Decimal::ZERO {
        low <= x2 && x2 < high
    } else {
        low < x2 && x2 <= high
    }
}

/// The rows of the target with a published figure.
fn usable_rows(target: &[Option<Printed>]) -> Vec<usize> {
    target
        .iter()
        .enumerate()
        .filter_map(|(i, t)| t.map(|_| i))
        .collect()
}

/// A relation's support over `rows`: (agreeing, computable, outliers).
fn support_over(
    relation: &Relation,
    target: &[Option<Printed>],
    operands: &[Operand],
    rows: &[usize],
) -> (usize, usize, Vec<usize>) {
    let mut agreeing = 0;
    let mut total = 0;
    let mut outliers = Vec::new();
    for &r in rows {
        let (Some(Some(printed)), Some((num, den))) = (target.get(r), relation.value(operands, r))
        else {
            continue;
        };
        total += 1;
        if reproduces(num, den, *printed) {
            agreeing += 1;
        } else {
            outliers.push(r);
        }
    }
    (agreeing, total, outliers)
}

/// "Most rows": at least three quarters of the computable rows, and at least three of them.
fn mostly(agreeing: usize, total: usize) -> bool {
    agreeing >= 3 && agreeing * 4 >= total * 3
}

/// A candidate verified on every row.
struct Candidate {
    relation: Relation,
    agreeing: usize,
    total: usize,
    outliers: Vec<usize>,
}

/// The search: candidates screened on a few rows, verified on all.
struct Search<'a> {
    target: &'a [Option<Printed>],
    operands: &'a [Operand],
    rows: Vec<usize>,
    screen: Vec<usize>,
    tried: usize,
    accepted: Vec<Candidate>,
}

impl Search<'_> {
    /// Screens `relation` on the first rows, then verifies it on every row; keeps it when it
    /// reproduces most rows (every row when `every_row`) and covers at least half of them.
    fn consider(&mut self, relation: Relation, every_row: bool) -> bool {
        self.tried += 1;
        let (a, t, _) = support_over(&relation, self.target, self.operands, &self.screen);
        if t > 0 && !(a * 4 >= t * 3 && (!every_row || a == t)) {
            return false;
        }
        let (agreeing, total, outliers) =
            support_over(&relation, self.target, self.operands, &self.rows);
        let enough_rows = total >= MIN_ROWS && total * 2 >= self.rows.len();
        let fits = if every_row {
            agreeing == total
        } else {
            mostly(agreeing, total)
        };
        if enough_rows && fits {
            self.accepted.push(Candidate {
                relation,
                agreeing,
                total,
                outliers,
            });
            return true;
        }
        false
    }

    /// Columns that hold a nonzero number in some row (an all-zero column fits any sum).
    fn informative(&self, c: usize) -> bool {
        self.rows.iter().any(|&r| {
            self.operands
                .get(c)
                .and_then(|o| o.at(r))
                .is_some_and(|v| !v.is_zero())
        })
    }

    fn subsets(&mut self) {
        let pool: Vec<usize> = (0..self.operands.len())
            .filter(|&c| self.informative(c))
            .collect();
        let restricted =
            |o: &Operand| matches!(o.kind, OperandKind::Count | OperandKind::Identifier);
        if pool.len() > MAX_SUBSET_COLUMNS {
            // Too many for every subset: the score columns together, and all but one.
            let scores: Vec<usize> = pool
                .iter()
                .copied()
                .filter(|&c| self.operands.get(c).is_some_and(|o| !restricted(o)))
                .collect();
            self.consider(Relation::Subset(scores.clone()), false);
            for skip in 0..scores.len() {
                let mut s = scores.clone();
                s.remove(skip);
                self.consider(Relation::Subset(s), false);
            }
            return;
        }
        for mask in 1u32..(1u32 << pool.len()) {
            let columns: Vec<usize> = pool
                .iter()
                .enumerate()
                .filter(|(i, _)| mask & (1 << i) != 0)
                .map(|(_, &c)| c)
                .collect();
            let every_row = columns
                .iter()
                .any(|&c| self.operands.get(c).is_some_and(restricted));
            self.consider(Relation::Subset(columns), every_row);
        }
    }

    fn multiples(&mut self) {
        for (c, operand) in self.operands.iter().enumerate() {
            if operand.kind == OperandKind::Identifier || !self.informative(c) {
                continue;
            }
            // The ratio in the screened row with the largest operand, snapped to few decimals.
            let Some((v, t)) = self
                .screen
                .iter()
                .filter_map(|&r| Some((operand.at(r)?, self.target.get(r).copied().flatten()?)))
                .filter(|(v, _)| !v.is_zero())
                .max_by_key(|(v, _)| v.abs())
            else {
                continue;
            };
            let Some(ratio) = t.value.checked_div(v) else {
                continue;
            };
            for decimals in 0..=MAX_WEIGHT_DECIMALS {
                let k = ratio.round_dp(decimals).normalize();
                if k.is_zero() || k == Decimal::ONE {
                    continue;
                }
                if self.consider(Relation::Multiple { column: c, k }, false) {
                    break;
                }
            }
        }
    }

    fn scaled(&mut self) {
        let scores: Vec<usize> = (0..self.operands.len())
            .filter(|&c| {
                self.operands
                    .get(c)
                    .is_some_and(|o| o.kind == OperandKind::Score)
            })
            .collect();
        let bonus = (0..self.operands.len()).find(|&c| {
            self.operands
                .get(c)
                .is_some_and(|o| o.kind == OperandKind::Bonus)
        });
        // Rows where some score is blank: the factor's evidence.
        let partial: Vec<(Decimal, Decimal)> = self
            .rows
            .iter()
            .filter_map(|&r| {
                let t = self.target.get(r).copied().flatten()?;
                let mut sum = Decimal::ZERO;
                let mut blank = false;
                for &c in &scores {
                    match self.operands.get(c).and_then(|o| o.at(r)) {
                        Some(v) => sum = sum.checked_add(v)?,
                        None => blank = true,
                    }
                }
                let b = bonus
                    .and_then(|b| self.operands.get(b).and_then(|o| o.at(r)))
                    .unwrap_or(Decimal::ZERO);
                (blank && !sum.is_zero())
                    .then(|| (t.value.checked_sub(b), sum))?
                    .0
                    .map(|rest| (rest, sum))
            })
            .collect();
        let Some(&(rest, sum)) = partial.iter().max_by_key(|(_, s)| *s) else {
            return;
        };
        let Some(estimate) = rest.checked_div(sum).and_then(|f| f.to_f64()) else {
            return;
        };
        for q in 1..=MAX_FACTOR_DENOMINATOR {
            let p = (estimate * f64::from(q)).round();
            if p < 1.0 {
                continue;
            }
            let (Some(numerator), denominator) = (Decimal::from_f64_retain(p), Decimal::from(q))
            else {
                continue;
            };
            if numerator == denominator {
                continue;
            }
            // Only factors in lowest terms: 40/34 is 20/17, tried already.
            if gcd(p as u64, u64::from(q)) != 1 {
                continue;
            }
            let relation = Relation::Scaled {
                columns: scores.clone(),
                bonus,
                numerator: numerator.normalize(),
                denominator,
            };
            // Screened on the partial rows, where the factor matters.
            if self.consider(relation, false) {
                break;
            }
        }
    }

    fn weighted(&mut self) {
        let columns: Vec<usize> = (0..self.operands.len())
            .filter(|&c| {
                self.informative(c)
                    && self
                        .operands
                        .get(c)
                        .is_some_and(|o| o.kind != OperandKind::Identifier)
            })
            .collect();
        if columns.len() < 2 || columns.len() > MAX_SUBSET_COLUMNS {
            return;
        }
        // Rows with every operand and the target, as f64.
        let mut xs: Vec<Vec<f64>> = Vec::new();
        let mut ys: Vec<f64> = Vec::new();
        let mut tolerance: Vec<f64> = Vec::new();
        for &r in &self.rows {
            let Some(t) = self.target.get(r).copied().flatten() else {
                continue;
            };
            let x: Option<Vec<f64>> = columns
                .iter()
                .map(|&c| self.operands.get(c)?.at(r)?.to_f64())
                .collect();
            let (Some(x), Some(y)) = (x, t.value.to_f64()) else {
                continue;
            };
            xs.push(x);
            ys.push(y);
            tolerance.push(0.5 * 10f64.powi(-(t.decimals.min(12) as i32)) + 1e-9);
        }
        if xs.len() < columns.len() + 3 {
            return;
        }
        // Least squares, then again without the rows far off (planted outliers), twice.
        let mut keep: Vec<bool> = vec![true; xs.len()];
        let mut weights = Vec::new();
        for _ in 0..3 {
            let Some(w) = least_squares(&xs, &ys, &keep) else {
                return;
            };
            let residuals: Vec<f64> = xs
                .iter()
                .zip(&ys)
                .map(|(x, y)| (y - x.iter().zip(&w).map(|(a, b)| a * b).sum::<f64>()).abs())
                .collect();
            let mut kept: Vec<f64> = residuals
                .iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(r, _)| *r)
                .collect();
            kept.sort_by(f64::total_cmp);
            let median = kept.get(kept.len() / 2).copied().unwrap_or(0.0);
            for (i, r) in residuals.iter().enumerate() {
                keep[i] = *r <= (3.0 * median).max(tolerance[i] * 2.0);
            }
            weights = w;
        }
        for decimals in 0..=MAX_WEIGHT_DECIMALS {
            let snapped: Vec<Decimal> = weights
                .iter()
                .map(|w| {
                    Decimal::from_f64_retain(*w)
                        .map(|d| d.round_dp(decimals).normalize())
                        .unwrap_or_default()
                })
                .collect();
            let (cols, ws): (Vec<usize>, Vec<Decimal>) = columns
                .iter()
                .zip(&snapped)
                .filter(|(_, w)| !w.is_zero())
                .map(|(c, w)| (*c, *w))
                .unzip();
            if cols.is_empty() || ws.iter().all(|w| *w == Decimal::ONE) {
                continue;
            }
            let relation = if cols.len() == 1 {
                Relation::Multiple {
                    column: cols[0],
                    k: ws[0],
                }
            } else {
                Relation::Weighted {
                    columns: cols,
                    weights: ws,
                }
            };
            if self.accepted.iter().any(|c| c.relation == relation) {
                continue;
            }
            if self.consider(relation, false) {
                break;
            }
        }
    }

    /// The simplest candidate whose support is within a tenth of the best's, or the reason
    /// none is kept.
    fn choose(mut self) -> Inference {
        let tried = self.tried;
        let unknown = |reason| Inference::Unknown {
            reason,
            candidates_tried: tried,
        };
        let Some(best) = self.accepted.iter().map(|c| c.agreeing).max() else {
            return unknown(Unknown::NoFit);
        };
        let slack = (self.rows.len() / 10).max(1);
        let Some(class) = self
            .accepted
            .iter()
            .filter(|c| c.agreeing + slack >= best)
            .map(|c| c.relation.class())
            .min()
        else {
            return unknown(Unknown::NoFit);
        };
        self.accepted.retain(|c| c.relation.class() == class);
        let top = self.accepted.iter().map(|c| c.agreeing).max().unwrap_or(0);
        self.accepted.retain(|c| c.agreeing == top);
        if self.accepted.len() > 1 {
            return unknown(Unknown::Ambiguous(
                self.accepted.into_iter().map(|c| c.relation).collect(),
            ));
        }
        match self.accepted.pop() {
            Some(c) => Inference::Found(Found {
                relation: c.relation,
                support: Support {
                    agreeing: c.agreeing,
                    total: c.total,
                },
                outliers: c.outliers,
                candidates_tried: tried,
            }),
            None => unknown(Unknown::NoFit),
        }
    }
}

fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Least-squares weights (no intercept) over the kept rows: the normal equations solved by
/// Gaussian elimination with partial pivoting; `None` when they are singular.
fn least_squares(xs: &[Vec<f64>], ys: &[f64], keep: &[bool]) -> Option<Vec<f64>> {
    let m = xs.first()?.len();
    let mut a = vec![vec![0.0f64; m + 1]; m];
    for ((x, y), k) in xs.iter().zip(ys).zip(keep) {
        if !k {
            continue;
        }
        for i in 0..m {
            for j in 0..m {
                a[i][j] += x[i] * x[j];
            }
            a[i][m] += x[i] * y;
        }
    }
    for col in 0..m {
        let pivot = (col..m).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[pivot][col].abs() < 1e-9 {
            return None;
        }
        a.swap(col, pivot);
        let pivot_row = a[col].clone();
        for (row, r) in a.iter_mut().enumerate() {
            if row != col {
                let f = r[col] / pivot_row[col];
                for (x, p) in r.iter_mut().zip(&pivot_row).skip(col) {
                    *x -= f * p;
                }
            }
        }
    }
    Some((0..m).map(|i| a[i][m] / a[i][i]).collect())
}

/// Infers the relation that reproduces the `target` column from the `operands` (each with one
/// value per target row). See the module documentation for the relations tried and the
/// acceptance rule; the search is bounded (exhaustive subsets over at most
/// [`MAX_SUBSET_COLUMNS`] columns, candidates screened on a few rows before being verified on
/// all), so it runs in time linear in the rows.
pub fn infer(target: &[Option<Printed>], operands: &[Operand]) -> Inference {
    let rows = usable_rows(target);
    if rows.len() < MIN_ROWS {
        return Inference::Unknown {
            reason: Unknown::TooFewRows,
            candidates_tried: 0,
        };
    }
    let screen = rows.iter().copied().take(SCREEN_ROWS).collect();
    let mut search = Search {
        target,
        operands,
        rows,
        screen,
        tried: 0,
        accepted: Vec::new(),
    };
    search.subsets();
    search.multiples();
    search.scaled();
    search.weighted();
    search.choose()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> Option<Decimal> {
        Decimal::from_str_exact(text).ok()
    }

    fn column(kind: OperandKind, values: &[&str]) -> Operand {
        Operand::new(
            kind,
            values
                .iter()
                .map(|v| if v.is_empty() { None } else { d(v) })
                .collect(),
        )
    }

    fn printed(values: &[&str]) -> Vec<Option<Printed>> {
        values.iter().map(|v| Printed::parse(v)).collect()
    }

    fn found(inference: Inference) -> Found {
        match inference {
            Inference::Found(f) => f,
            other => panic!("expected a relation, got {other:?}"),
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero_and_exact() {
        let p = |t: &str| Printed::parse(t).unwrap_or_else(|| panic!("{t}"));
        assert!(reproduces(Decimal::new(1005, 3), Decimal::ONE, p("1.01")));
        assert!(!reproduces(Decimal::new(1005, 3), Decimal::ONE, p("1.00")));
        assert!(reproduces(Decimal::new(-1005, 3), Decimal::ONE, p("-1.01")));
        // 85 × 20/17 = 100 exactly; 1/3 → 0.33.
        assert!(reproduces(
            Decimal::from(1700),
            Decimal::from(17),
            p("100.00")
        ));
        assert!(reproduces(Decimal::ONE, Decimal::from(3), p("0.33")));
        assert!(!reproduces(Decimal::ONE, Decimal::from(3), p("0.34")));
    }

    #[test]
    fn a_count_column_beside_the_scores_is_left_out_of_the_sum() {
        let count = column(OperandKind::Count, &["3", "5", "2", "4", "1"]);
        let a = column(
            OperandKind::Score,
            &["40.50", "30.00", "20.25", "10.00", "5.00"],
        );
        let b = column(
            OperandKind::Score,
            &["9.50", "8.00", "7.75", "6.00", "1.25"],
        );
        let total = printed(&["50.00", "38.00", "28.00", "16.00", "6.25"]);
        let f = found(infer(&total, &[count, a, b]));
        assert_eq!(f.relation, Relation::Subset(vec![1, 2]));
        assert_eq!((f.support.agreeing, f.support.total), (5, 5));
        assert!(f.outliers.is_empty());
    }

    #[test]
    fn a_count_enters_a_sum_only_when_it_fits_every_row() {
        // total = count + score in 4 of 5 rows only: not accepted with the count.
        let count = column(OperandKind::Count, &["3", "5", "2", "4", "1"]);
        let a = column(OperandKind::Score, &["10", "20", "30", "40", "50"]);
        let total = printed(&["13", "25", "32", "44", "99"]);
        assert!(matches!(
            infer(&total, &[count.clone(), a.clone()]),
            Inference::Unknown {
                reason: Unknown::NoFit,
                ..
            }
        ));
        let total = printed(&["13", "25", "32", "44", "51"]);
        assert_eq!(
            found(infer(&total, &[count, a])).relation,
            Relation::Subset(vec![0, 1])
        );
    }

    #[test]
    fn count_times_points() {
        let count = column(OperandKind::Count, &["3", "5", "2", "4", "0", "7"]);
        let score = printed(&["15", "25", "10", "20", "0", "35"]);
        let f = found(infer(&score, &[count]));
        assert_eq!(
            f.relation,
            Relation::Multiple {
                column: 0,
                k: Decimal::from(5)
            }
        );
        assert_eq!(f.relation.describe(&["条数"]), "条数 × 5");
    }

    /// Indices weighted 0.3 / 0.5 / 0.2, rounded to 2 decimals; row 5 planted wrong.
    fn weighted_table(planted: bool) -> (Vec<Option<Printed>>, Vec<Operand>) {
        let a = [
            "81.5", "92.0", "70.25", "66.0", "99.5", "58.75", "88.0", "73.5", "61.0", "95.25",
        ];
        let b = [
            "77.0", "85.5", "90.0", "60.25", "70.0", "81.0", "66.5", "93.0", "55.5", "74.0",
        ];
        let c = [
            "60.0", "72.5", "88.0", "95.0", "64.25", "70.0", "83.5", "59.0", "91.0", "68.75",
        ];
        let mut totals = Vec::new();
        for i in 0..a.len() {
            let v = |s: &str| Decimal::from_str_exact(s).unwrap_or_default();
            let t = v(a[i]) * Decimal::new(3, 1)
                + v(b[i]) * Decimal::new(5, 1)
                + v(c[i]) * Decimal::new(2, 1);
            let mut t =
                t.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            if planted && i == 5 {
                t += Decimal::new(350, 2);
            }
            totals.push(Some(Printed {
                value: t,
                decimals: 2,
            }));
        }
        let operands = vec![
            column(OperandKind::Score, &a),
            column(OperandKind::Score, &b),
            column(OperandKind::Score, &c),
        ];
        (totals, operands)
    }

    #[test]
    fn unprinted_weights_are_found_and_snapped() {
        let (total, operands) = weighted_table(false);
        let f = found(infer(&total, &operands));
        assert_eq!(
            f.relation,
            Relation::Weighted {
                columns: vec![0, 1, 2],
                weights: vec![Decimal::new(3, 1), Decimal::new(5, 1), Decimal::new(2, 1)],
            }
        );
        assert_eq!((f.support.agreeing, f.support.total), (10, 10));
        assert_eq!(
            f.relation.describe(&["A", "B", "C"]),
            "0.3 × A + 0.5 × B + 0.2 × C"
        );
    }

    #[test]
    fn a_planted_outlier_does_not_hide_the_weights() {
        let (total, operands) = weighted_table(true);
        let f = found(infer(&total, &operands));
        assert!(matches!(f.relation, Relation::Weighted { .. }), "{f:?}");
        assert_eq!((f.support.agreeing, f.support.total), (9, 10));
        assert_eq!(f.outliers, vec![5]);
    }

    #[test]
    fn a_scaling_factor_is_found_from_the_rows_where_a_score_does_not_apply() {
        // (A + B) × 20/17 + bonus where B is blank; plain A + B + bonus elsewhere.
        let a = column(
            OperandKind::Score,
            &["35.40", "38.50", "37.00", "36.80", "38.10"],
        );
        let b = column(OperandKind::Score, &["", "45.00", "", "44.50", ""]);
        let bonus = column(
            OperandKind::Bonus,
            &["3.40", "2.70", "1.10", "1.90", "0.40"],
        );
        let total = printed(&["45.05", "86.20", "44.63", "83.20", "45.22"]);
        let f = found(infer(&total, &[a, b, bonus]));
        assert_eq!(
            f.relation,
            Relation::Scaled {
                columns: vec![0, 1],
                bonus: Some(2),
                numerator: Decimal::from(20),
                denominator: Decimal::from(17),
            }
        );
        assert_eq!(f.support.agreeing, 5);
    }

    #[test]
    fn too_few_rows_are_not_guessed_from() {
        let a = column(OperandKind::Score, &["1", "2", "3"]);
        let b = column(OperandKind::Score, &["4", "5", "6"]);
        let total = printed(&["5", "7", "9"]);
        assert_eq!(
            infer(&total, &[a, b]),
            Inference::Unknown {
                reason: Unknown::TooFewRows,
                candidates_tried: 0
            }
        );
    }

    #[test]
    fn two_relations_fitting_equally_are_listed_not_chosen() {
        // C = A + B in every row: the total is A + B and C alike.
        let a = column(OperandKind::Score, &["1", "2", "3", "4", "5"]);
        let b = column(OperandKind::Score, &["4", "5", "6", "8", "9"]);
        let c = column(OperandKind::Score, &["5", "7", "9", "12", "14"]);
        let total = printed(&["5", "7", "9", "12", "14"]);
        match infer(&total, &[a, b, c]) {
            Inference::Unknown {
                reason: Unknown::Ambiguous(candidates),
                ..
            } => assert_eq!(
                candidates,
                vec![Relation::Subset(vec![0, 1]), Relation::Subset(vec![2])]
            ),
            other => panic!("expected ambiguity, got {other:?}"),
        }
    }

    #[test]
    fn nothing_fits_random_totals() {
        let a = column(OperandKind::Score, &["1", "2", "3", "4", "5"]);
        let b = column(OperandKind::Score, &["4", "5", "6", "8", "9"]);
        let total = printed(&["17", "3", "40", "1", "22"]);
        assert!(matches!(
            infer(&total, &[a, b]),
            Inference::Unknown {
                reason: Unknown::NoFit,
                ..
            }
        ));
    }
}
