//! Montgomery arithmetic modulo the group prime N on 48 little-endian 64-bit limbs, `R = 2^3072`.
//!
//! Every function here runs the same instruction sequence and touches the same memory for every
//! input: loop bounds depend only on the (public) limb count, carries are propagated arithmetically,
//! and the one data-dependent decision (the final subtraction of N) is a mask-based select.

use core::hint::black_box;

/// Number of 64-bit limbs of a residue.
pub(crate) const L: usize = 48;

const fn hex_nibble(c: u8) -> u64 {
    match c {
        b'0'..=b'9' => (c - b'0') as u64,
        b'a'..=b'f' => (c - b'a' + 10) as u64,
        b'A'..=b'F' => (c - b'A' + 10) as u64,
        _ => panic!("N_HEX is not hex"),
    }
}

const fn parse_modulus(hex: &str) -> [u64; L] {
    let b = hex.as_bytes();
    assert!(b.len() == 16 * L, "N_HEX must have 768 hex digits");
    let mut out = [0u64; L];
    let mut i = 0;
    while i < L {
        let start = (L - 1 - i) * 16;
        let mut v = 0u64;
        let mut k = 0;
        while k < 16 {
            v = (v << 4) | hex_nibble(b[start + k]);
            k += 1;
        }
        out[i] = v;
        i += 1;
    }
    out
}

/// N, little-endian limbs.
pub(crate) const N: [u64; L] = parse_modulus(crate::group::N_HEX);

// The kernel relies on N ≡ -1 (mod 2^64): the Montgomery constant -N⁻¹ mod 2^64 is then 1, so the
// per-column quotient digit is the column's low word itself, and m·N[0] = m·2^64 - m.
const _: () = assert!(N[0] == u64::MAX);
// N > R/2, so every value below R is below 2N and one conditional subtraction fully reduces it.
const _: () = assert!(N[L - 1] >> 63 == 1);

/// `R mod N = 2^3072 - N` (N < R < 2N): the Montgomery form of 1.
const fn r_mod_n() -> [u64; L] {
    let mut out = [0u64; L];
    let mut borrow = 0u64;
    let mut i = 0;
    while i < L {
        let (d, b1) = 0u64.overflowing_sub(N[i]);
        let (d, b2) = d.overflowing_sub(borrow);
        out[i] = d;
        borrow = (b1 | b2) as u64;
        i += 1;
    }
    out
}

/// A residue in Montgomery form (`x·R mod N`), always fully reduced (`< N`).
#[derive(Clone, Copy)]
pub(crate) struct Fe(pub(crate) [u64; L]);

impl Fe {
    /// The Montgomery form of 1.
    pub(crate) const ONE: Fe = Fe(r_mod_n());
}

/// Three-word column accumulator step: `(hi:lo) += a·b`.
#[inline(always)]
fn mac(lo: &mut u128, hi: &mut u64, a: u64, b: u64) {
    let p = u128::from(a) * u128::from(b);
    let (s, c) = lo.overflowing_add(p);
    *lo = s;
    *hi = hi.wrapping_add(u64::from(c));
}

/// All-ones when `x == 0`, zero otherwise, hidden from the optimiser so it stays arithmetic.
#[inline(always)]
pub(crate) fn mask_if_zero(x: u64) -> u64 {
    let nonzero = (x | x.wrapping_neg()) >> 63;
    black_box(nonzero.wrapping_sub(1))
}

/// Given `out + carry·2^3072 < 2N`, reduces it into `[0, N)` without a data-dependent branch.
#[inline(always)]
pub(crate) fn final_subtract(out: &mut [u64; L], carry: u64) {
    let mut diff = [0u64; L];
    let mut borrow = 0u64;
    for i in 0..L {
        let (d, b1) = out[i].overflowing_sub(N[i]);
        let (d, b2) = d.overflowing_sub(borrow);
        borrow = u64::from(b1 | b2);
        diff[i] = d;
    }
    // Keep the difference when the value overflowed R (carry = 1) or did not borrow (value ≥ N).
    let keep_diff = mask_if_zero((carry | (borrow ^ 1)) ^ 1);
    for i in 0..L {
        out[i] = (diff[i] & keep_diff) | (out[i] & !keep_diff);
    }
}

/// Montgomery product `a·b·R⁻¹ mod N` (inputs and output fully reduced).
///
/// Product scanning with interleaved reduction (Koç et al.'s FIPS): column by column, the
/// accumulator collects `a_j·b_{i-j}` and `m_j·N_{i-j}`; the quotient digit of column `i < 48` is
/// its low word (because -N⁻¹ ≡ 1 mod 2^64). The result is `(ab + mN)/R < (N² + RN)/R < 2N`.
pub(crate) fn mul(a: &Fe, b: &Fe) -> Fe {
    let (a, b) = (&a.0, &b.0);
    let mut m = [0u64; L];
    let mut out = [0u64; L];
    let (mut lo, mut hi) = (0u128, 0u64);
    for i in 0..L {
        for j in 0..i {
            mac(&mut lo, &mut hi, a[j], b[i - j]);
            mac(&mut lo, &mut hi, m[j], N[i - j]);
        }
        mac(&mut lo, &mut hi, a[i], b[0]);
        let mi = lo as u64;
        m[i] = mi;
        // + mi·N[0] = mi·2^64 - mi: the low word cancels and the carry gains mi.
        lo = ((u128::from(hi) << 64) | (lo >> 64)) + u128::from(mi);
        hi = 0;
    }
    for i in L..2 * L - 1 {
        for j in (i - L + 1)..L {
            mac(&mut lo, &mut hi, a[j], b[i - j]);
            mac(&mut lo, &mut hi, m[j], N[i - j]);
        }
        out[i - L] = lo as u64;
        lo = (u128::from(hi) << 64) | (lo >> 64);
        hi = 0;
    }
    out[L - 1] = lo as u64;
    final_subtract(&mut out, (lo >> 64) as u64);
    Fe(out)
}

/// Montgomery square `a²·R⁻¹ mod N`: as [`mul`], but each column's cross products
/// `a_j·a_{i-j}` (j < i-j) are summed once and doubled, saving about a third of the products.
pub(crate) fn square(a: &Fe) -> Fe {
    let a = &a.0;
    let mut m = [0u64; L];
    let mut out = [0u64; L];
    let (mut lo, mut hi) = (0u128, 0u64);
    for i in 0..2 * L - 1 {
        let (mut cross_lo, mut cross_hi) = (0u128, 0u64);
        let mut j = i.saturating_sub(L - 1);
        while 2 * j < i {
            mac(&mut cross_lo, &mut cross_hi, a[j], a[i - j]);
            j += 1;
        }
        // A column holds at most 48 products < 2^128 plus a carry < 2^71, so cross_hi < 2^6 and
        // doubling cannot overflow the three words.
        cross_hi = (cross_hi << 1) | (cross_lo >> 127) as u64;
        cross_lo <<= 1;
        let (s, c) = lo.overflowing_add(cross_lo);
        lo = s;
        hi = hi.wrapping_add(cross_hi).wrapping_add(u64::from(c));
        if i % 2 == 0 {
            mac(&mut lo, &mut hi, a[i / 2], a[i / 2]);
        }
        if i < L {
            for j in 0..i {
                mac(&mut lo, &mut hi, m[j], N[i - j]);
            }
            let mi = lo as u64;
            m[i] = mi;
            lo = ((u128::from(hi) << 64) | (lo >> 64)) + u128::from(mi);
        } else {
            for j in (i - L + 1)..L {
                mac(&mut lo, &mut hi, m[j], N[i - j]);
            }
            out[i - L] = lo as u64;
            lo = (u128::from(hi) << 64) | (lo >> 64);
        }
        hi = 0;
    }
    out[L - 1] = lo as u64;
    final_subtract(&mut out, (lo >> 64) as u64);
    Fe(out)
}

/// Constant-time table lookup: returns `table[index]` after reading every entry of `table`
/// (each entry is combined under a mask, so neither branches nor addresses depend on `index`).
/// Returns zero limbs if `index >= table.len()` (never the case for callers).
#[inline]
pub(crate) fn select(table: &[Fe], index: u64) -> Fe {
    let mut out = [0u64; L];
    for (k, entry) in table.iter().enumerate() {
        let mask = mask_if_zero(k as u64 ^ index);
        for (o, e) in out.iter_mut().zip(entry.0.iter()) {
            *o |= e & mask;
        }
    }
    Fe(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    fn big(a: &[u64; L]) -> BigUint {
        let mut bytes = Vec::with_capacity(8 * L);
        for limb in a {
            bytes.extend_from_slice(&limb.to_le_bytes());
        }
        BigUint::from_bytes_le(&bytes)
    }

    fn fe(x: &BigUint) -> Fe {
        let mut bytes = x.to_bytes_le();
        bytes.resize(8 * L, 0);
        let mut out = [0u64; L];
        for (o, chunk) in out.iter_mut().zip(bytes.chunks(8)) {
            *o = u64::from_le_bytes(chunk.try_into().unwrap());
        }
        Fe(out)
    }

    struct Ctx {
        n: BigUint,
        r_inv: BigUint,
    }

    fn ctx() -> Ctx {
        let n = big(&N);
        let r = BigUint::from(1u8) << 3072usize;
        let r_inv = r.modinv(&n).unwrap();
        Ctx { n, r_inv }
    }

    fn xorshift(state: &mut u64) -> u64 {
        *state ^= *state << 13;
        *state ^= *state >> 7;
        *state ^= *state << 17;
        *state
    }

    /// Values stressing carries: 0, 1, 2, N-1, N-2, R mod N, sparse and dense limb patterns, random.
    fn samples(c: &Ctx) -> Vec<BigUint> {
        let mut v = vec![
            BigUint::from(0u8),
            BigUint::from(1u8),
            BigUint::from(2u8),
            &c.n - 1u8,
            &c.n - 2u8,
            big(&Fe::ONE.0),
            (&c.n - 1u8) >> 1usize,
            (BigUint::from(1u8) << 3071usize) % &c.n,
            ((BigUint::from(1u8) << 3072usize) - 1u8) % &c.n,
            ((BigUint::from(1u8) << 64usize) - 1u8),
        ];
        let mut s = 0x9e37_79b9_7f4a_7c15u64;
        for k in 0..40 {
            let mut limbs = [0u64; L];
            for (i, l) in limbs.iter_mut().enumerate() {
                *l = match k % 4 {
                    0 => xorshift(&mut s),
                    1 => u64::MAX,
                    2 if i % 3 == 0 => u64::MAX,
                    3 => xorshift(&mut s) | 0xFFFF_FFFF_0000_0000,
                    _ => 0,
                };
            }
            v.push(big(&limbs) % &c.n);
        }
        v
    }

    #[test]
    fn one_is_r_mod_n() {
        let c = ctx();
        assert_eq!(big(&Fe::ONE.0), (BigUint::from(1u8) << 3072usize) % &c.n);
    }

    #[test]
    fn mul_and_square_match_num_bigint() {
        let c = ctx();
        let xs = samples(&c);
        for x in &xs {
            let expect_sq = (x * x * &c.r_inv) % &c.n;
            assert_eq!(big(&square(&fe(x)).0), expect_sq, "square {x:x}");
            for y in &xs {
                let expect = (x * y * &c.r_inv) % &c.n;
                assert_eq!(big(&mul(&fe(x), &fe(y)).0), expect, "mul {x:x} {y:x}");
            }
        }
    }

    #[test]
    fn chained_squares_match_num_bigint() {
        let c = ctx();
        let mut x = fe(&(&c.n - 3u8));
        let mut expect = &c.n - 3u8;
        for _ in 0..300 {
            x = square(&x);
            expect = (&expect * &expect * &c.r_inv) % &c.n;
            assert_eq!(big(&x.0), expect);
        }
    }

    /// The portable kernel on a handful of values: small enough to run under Miri (CI runs
    /// `cargo +nightly miri test --lib portable_kernel_small`), which checks the kernel for undefined
    /// behaviour, out-of-bounds indexing and overflow.
    #[test]
    fn portable_kernel_small() {
        // No modular inverse (slow under Miri): check `out·R ≡ x·y (mod N)` and `out < N`.
        let n = big(&N);
        let r = BigUint::from(1u8) << 3072usize;
        let xs = [
            &n - 1u8,
            (BigUint::from(0x1234_5678_9abc_def0u64) << 3000usize) % &n + 7u8,
        ];
        for x in &xs {
            let sq = big(&square(&fe(x)).0);
            assert!(sq < n);
            assert_eq!((sq * &r) % &n, (x * x) % &n);
            for y in &xs {
                let p = big(&mul(&fe(x), &fe(y)).0);
                assert!(p < n);
                assert_eq!((p * &r) % &n, (x * y) % &n);
            }
        }
        let table: Vec<Fe> = xs.iter().map(fe).collect();
        assert_eq!(big(&select(&table, 1).0), xs[1]);
    }

    #[test]
    fn select_reads_the_indexed_entry() {
        let table: Vec<Fe> = (0..64u64)
            .map(|k| Fe([k.wrapping_mul(0x0123_4567_89ab_cdef); L]))
            .collect();
        for k in 0..64u64 {
            assert_eq!(select(&table, k).0, table[k as usize].0);
        }
        assert_eq!(select(&table, 64).0, [0u64; L]);
    }
}
