//! The Montgomery kernel of `wasm32`, on 96 little-endian 32-bit limbs (`R = 2^3072` as in `mont`).
//!
//! WebAssembly has a 64 × 64 → 64-bit multiply but no 128-bit product: the 64-bit kernel's `u128`
//! products become calls to a library routine (`__multi3`) that rebuilds them from four 32-bit
//! products. Here every product is one `i64.mul` of two 32-bit limbs, and the column accumulator is
//! two `u64` words that cannot overflow: each product is split into its low and high halves, added to
//! separate sums (at most 2 · 96 terms below 2^32 each), and the halves are recombined once per column.
//! Because `N ≡ -1 (mod 2^32)`, the quotient digit of each column is its low word, as in `mont`.
//!
//! Measured and dropped (Node 20, same run, `wasm/js-tests/compare-builds.mjs`, medians of 200 sign-ins):
//! each column as two dot products over rising slices (b and N stored reversed), 22.3 ms per sign-in
//! against this kernel's 18.5 ms; the same with SIMD128 (`i64x2.extmul`, four products per step),
//! 26.4 ms.
//!
//! Same constant-time shape as `mont`: loops over public limb indices, arithmetic carries, and `mont`'s
//! masked final subtraction.

use super::mont::{self, Fe, L};

/// Number of 32-bit limbs of a residue.
const L32: usize = 2 * L;

/// N in 32-bit limbs.
const N32: [u32; L32] = split(&mont::N);

const _: () = assert!(N32[0] == u32::MAX);

const fn split(x: &[u64; L]) -> [u32; L32] {
    let mut out = [0u32; L32];
    let mut i = 0;
    while i < L {
        out[2 * i] = x[i] as u32;
        out[2 * i + 1] = (x[i] >> 32) as u32;
        i += 1;
    }
    out
}

fn join(x: &[u32; L32]) -> [u64; L] {
    let mut out = [0u64; L];
    for (o, pair) in out.iter_mut().zip(x.chunks_exact(2)) {
        *o = u64::from(pair[0]) | (u64::from(pair[1]) << 32);
    }
    out
}

/// A column accumulator: the sum is `lo + hi · 2^32`.
#[derive(Clone, Copy, Default)]
struct Acc {
    lo: u64,
    hi: u64,
}

impl Acc {
    /// `+= a·b`.
    #[inline(always)]
    fn mac(&mut self, a: u32, b: u32) {
        let p = u64::from(a) * u64::from(b);
        self.lo += p & 0xFFFF_FFFF;
        self.hi += p >> 32;
    }

    /// The column's low word, and the accumulator shifted down by one word for the next column.
    #[inline(always)]
    fn shift(self) -> (u32, Acc) {
        let low = self.lo as u32;
        let lo = (self.lo >> 32) + self.hi;
        (low, Acc { lo, hi: 0 })
    }
}

/// The columns `i ≥ 96` of the reduction (and the product terms they still hold), then the final
/// subtraction. `acc` enters holding column 96's carry in.
#[inline(always)]
fn finish(mut acc: Acc, m: &[u32; L32], product: impl Fn(usize, &mut Acc)) -> Fe {
    let mut out = [0u32; L32];
    for i in L32..2 * L32 - 1 {
        product(i, &mut acc);
        for j in (i - L32 + 1)..L32 {
            acc.mac(m[j], N32[i - j]);
        }
        let (low, next) = acc.shift();
        out[i - L32] = low;
        acc = next;
    }
    let (low, next) = acc.shift();
    out[L32 - 1] = low;
    let mut out = join(&out);
    mont::final_subtract(&mut out, next.lo);
    Fe(out)
}

/// Quotient digit of column `i < 96`: `m_i` is the low word, and adding `m_i · N[0] = m_i · 2^32 - m_i`
/// clears that word and carries `m_i`.
#[inline(always)]
fn reduce_column(acc: Acc, m: &mut [u32; L32], i: usize) -> Acc {
    let (mi, mut next) = acc.shift();
    m[i] = mi;
    next.lo += u64::from(mi);
    next
}

/// Montgomery product `a·b·R⁻¹ mod N` (inputs and output fully reduced).
pub(crate) fn mul(a: &Fe, b: &Fe) -> Fe {
    let (a, b) = (split(&a.0), split(&b.0));
    let mut m = [0u32; L32];
    let mut acc = Acc::default();
    for i in 0..L32 {
        for j in 0..i {
            acc.mac(a[j], b[i - j]);
            acc.mac(m[j], N32[i - j]);
        }
        acc.mac(a[i], b[0]);
        acc = reduce_column(acc, &mut m, i);
    }
    finish(acc, &m, |i, acc| {
        for j in (i - L32 + 1)..L32 {
            acc.mac(a[j], b[i - j]);
        }
    })
}

/// The doubled cross products `2 · Σ a_j·a_{i-j}` (j < i-j) and the square `a_{i/2}²` of column `i`.
#[inline(always)]
fn square_column(a: &[u32; L32], i: usize, acc: &mut Acc) {
    let mut cross = Acc::default();
    let mut j = i.saturating_sub(L32 - 1);
    while 2 * j < i {
        cross.mac(a[j], a[i - j]);
        j += 1;
    }
    acc.lo += cross.lo << 1;
    acc.hi += cross.hi << 1;
    if i.is_multiple_of(2) {
        acc.mac(a[i / 2], a[i / 2]);
    }
}

/// Montgomery square `a²·R⁻¹ mod N`: as [`mul`], each cross product summed once and doubled.
pub(crate) fn square(a: &Fe) -> Fe {
    let a = split(&a.0);
    let mut m = [0u32; L32];
    let mut acc = Acc::default();
    for i in 0..L32 {
        square_column(&a, i, &mut acc);
        for j in 0..i {
            acc.mac(m[j], N32[i - j]);
        }
        acc = reduce_column(acc, &mut m, i);
    }
    finish(acc, &m, |i, acc| square_column(&a, i, acc))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// Below N: N - 1 - (a pattern), so every limb pattern is a valid residue.
    fn samples() -> Vec<Fe> {
        let mut v = vec![Fe([0; L]), Fe::ONE, Fe(mont::N)];
        v[2].0[0] -= 1; // N - 1
        let mut s = 0x2545_f491_4f6c_dd1du64;
        for k in 0..30 {
            let mut x = mont::N;
            for (i, limb) in x.iter_mut().enumerate() {
                let d = match k % 3 {
                    0 => xorshift(&mut s),
                    1 => u64::MAX,
                    _ if i % 5 == 0 => xorshift(&mut s),
                    _ => 0,
                };
                // x = N - d limb-wise without borrow into the top limb: keep limbs ≤ N's.
                *limb = limb.saturating_sub(d);
            }
            x[L - 1] = mont::N[L - 1] - 1;
            v.push(Fe(x));
        }
        v
    }

    #[test]
    fn mul_and_square_match_the_64_bit_kernel() {
        let xs = samples();
        for x in &xs {
            assert_eq!(square(x).0, mont::square(x).0);
            for y in &xs {
                assert_eq!(mul(x, y).0, mont::mul(x, y).0);
            }
        }
    }

    #[test]
    fn chained_squares_match_the_64_bit_kernel() {
        let mut x = samples()[5];
        let mut y = x;
        for _ in 0..300 {
            x = square(&x);
            y = mont::square(&y);
            assert_eq!(x.0, y.0);
        }
    }
}
