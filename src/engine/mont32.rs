//! The Montgomery kernel of `wasm32`: `mont`'s 48 64-bit limbs and algorithm, with every 64 × 64-bit
//! product made of four 32 × 32 → 64-bit products.
//!
//! WebAssembly has a 64 × 64 → 64-bit multiply but no 128-bit product: `mont`'s `u128` products become
//! calls to a library routine (`__multi3`) that rebuilds them from 32-bit halves, then 128-bit
//! additions. Here each half-product is one `i64.mul` of two values below 2^32, and the column sum is
//! kept as four `u64` words of weights 2^0, 2^32, 2^64 and 2^96, each a sum of values below 2^32 that
//! cannot overflow (a column adds at most 4 · 96 of them plus a carry); the words are combined once per
//! column. Because `N ≡ -1 (mod 2^64)`, the quotient digit of each column is its low word, as in `mont`.
//!
//! It is faster there than both `mont`'s library calls and 96 32-bit limbs with the same column
//! scheme (`wasm/js-tests/compare-builds.mjs` compares builds of the package in one process).
//!
//! Same constant-time shape as `mont`: loops over public limb indices, arithmetic carries, and `mont`'s
//! masked final subtraction. Its tests (on the build machine) check it against `mont`; on wasm32 the
//! package's known-answer tests run it.

use super::mont::{self, Fe, L};

/// The low half of a 64-bit word.
const M: u64 = 0xFFFF_FFFF;

/// A column accumulator: the sum is `c0 + c1·2^32 + c2·2^64 + c3·2^96`.
#[derive(Clone, Copy, Default)]
struct Acc {
    c0: u64,
    c1: u64,
    c2: u64,
    c3: u64,
}

impl Acc {
    /// `+= a·b`, from the four products of the halves.
    #[inline(always)]
    fn mac(&mut self, a: u64, b: u64) {
        let (al, ah, bl, bh) = (a & M, a >> 32, b & M, b >> 32);
        let ll = al * bl;
        let lh = al * bh;
        let hl = ah * bl;
        let hh = ah * bh;
        self.c0 += ll & M;
        self.c1 += (ll >> 32) + (lh & M) + (hl & M);
        self.c2 += (lh >> 32) + (hl >> 32) + (hh & M);
        self.c3 += hh >> 32;
    }
    /// The column's low 64-bit word, and the accumulator shifted down by one 64-bit word.
    #[inline(always)]
    fn shift(self) -> (u64, Acc) {
        let x1 = self.c1 + (self.c0 >> 32);
        let low = (self.c0 & M) | ((x1 & M) << 32);
        (
            low,
            Acc {
                c0: self.c2 + (x1 >> 32),
                c1: self.c3,
                c2: 0,
                c3: 0,
            },
        )
    }
}

/// Montgomery product `a·b·R⁻¹ mod N` (inputs and output fully reduced), column by column as
/// `mont::mul`; adding `m_i · N[0] = m_i · 2^64 - m_i` clears column `i`'s low word and carries `m_i`.
pub(crate) fn mul(a: &Fe, b: &Fe) -> Fe {
    let (a, b, n) = (&a.0, &b.0, &mont::N);
    let mut m = [0u64; L];
    let mut out = [0u64; L];
    let mut acc = Acc::default();
    for i in 0..L {
        for j in 0..i {
            acc.mac(a[j], b[i - j]);
            acc.mac(m[j], n[i - j]);
        }
        acc.mac(a[i], b[0]);
        let (mi, mut next) = acc.shift();
        m[i] = mi;
        next.c0 += mi & M;
        next.c1 += mi >> 32;
        acc = next;
    }
    for i in L..2 * L - 1 {
        for j in (i - L + 1)..L {
            acc.mac(a[j], b[i - j]);
            acc.mac(m[j], n[i - j]);
        }
        let (low, next) = acc.shift();
        out[i - L] = low;
        acc = next;
    }
    let (low, next) = acc.shift();
    out[L - 1] = low;
    mont::final_subtract(&mut out, next.c0);
    Fe(out)
}

/// Montgomery square `a²·R⁻¹ mod N`: as [`mul`], each cross product `a_j·a_{i-j}` (`j < i - j`)
/// summed once and doubled (the four words double separately).
pub(crate) fn square(a: &Fe) -> Fe {
    let (a, n) = (&a.0, &mont::N);
    let mut m = [0u64; L];
    let mut out = [0u64; L];
    let mut acc = Acc::default();
    for i in 0..2 * L - 1 {
        let mut cross = Acc::default();
        let mut j = i.saturating_sub(L - 1);
        while 2 * j < i {
            cross.mac(a[j], a[i - j]);
            j += 1;
        }
        acc.c0 += cross.c0 << 1;
        acc.c1 += cross.c1 << 1;
        acc.c2 += cross.c2 << 1;
        acc.c3 += cross.c3 << 1;
        if i.is_multiple_of(2) {
            acc.mac(a[i / 2], a[i / 2]);
        }
        if i < L {
            for j in 0..i {
                acc.mac(m[j], n[i - j]);
            }
            let (mi, mut next) = acc.shift();
            m[i] = mi;
            next.c0 += mi & M;
            next.c1 += mi >> 32;
            acc = next;
        } else {
            for j in (i - L + 1)..L {
                acc.mac(m[j], n[i - j]);
            }
            let (low, next) = acc.shift();
            out[i - L] = low;
            acc = next;
        }
    }
    let (low, next) = acc.shift();
    out[L - 1] = low;
    mont::final_subtract(&mut out, next.c0);
    Fe(out)
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
