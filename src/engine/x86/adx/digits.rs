//! Portable helpers of the x86-64 kernel: Karatsuba's absolute differences and the Montgomery
//! quotient digits of a 6-limb block, with the constant `-N⁻¹ mod 2^384` they use.

use super::BLOCK;
use crate::engine::mont::{L, N};

/// `(|x - y|, 1 if x < y else 0)` for 24-limb values, without branches.
pub(super) fn abs_diff(x: &[u64], y: &[u64]) -> ([u64; L / 2], u64) {
    let mut d = [0u64; L / 2];
    let mut borrow = 0u64;
    for i in 0..L / 2 {
        let (v, b1) = x[i].overflowing_sub(y[i]);
        let (v, b2) = v.overflowing_sub(borrow);
        d[i] = v;
        borrow = u64::from(b1 | b2);
    }
    let mask = core::hint::black_box(borrow.wrapping_neg());
    let mut carry = mask & 1;
    for v in d.iter_mut() {
        let (w, c) = (*v ^ mask).overflowing_add(carry);
        *v = w;
        carry = u64::from(c);
    }
    (d, borrow)
}

/// `-N⁻¹ mod 2^384`, little-endian limbs (its low limb is 1 because N ≡ -1 mod 2^64).
pub(crate) const N_INV_NEG: [u64; BLOCK] = n_inv_neg();

const _: () = assert!(N_INV_NEG[0] == 1);

/// `a·b mod 2^384`.
const fn mul_low(a: &[u64; BLOCK], b: &[u64; BLOCK]) -> [u64; BLOCK] {
    let mut out = [0u64; BLOCK];
    let mut i = 0;
    while i < BLOCK {
        let mut carry = 0u128;
        let mut j = 0;
        while i + j < BLOCK {
            let v = out[i + j] as u128 + (a[i] as u128) * (b[j] as u128) + carry;
            out[i + j] = v as u64;
            carry = v >> 64;
            j += 1;
        }
        i += 1;
    }
    out
}

/// `-x mod 2^384`.
const fn neg(x: &[u64; BLOCK]) -> [u64; BLOCK] {
    let mut out = [0u64; BLOCK];
    let mut carry = 1u128;
    let mut i = 0;
    while i < BLOCK {
        let v = (!x[i]) as u128 + carry;
        out[i] = v as u64;
        carry = v >> 64;
        i += 1;
    }
    out
}

/// Newton's iteration `y ← y·(2 - N·y)` doubles the correct low bits of `N⁻¹`: from 64 (`y = -1`,
/// since N ≡ -1) to 512 ≥ 384 in three steps.
const fn n_inv_neg() -> [u64; BLOCK] {
    let mut n = [0u64; BLOCK];
    let mut i = 0;
    while i < BLOCK {
        n[i] = N[i];
        i += 1;
    }
    let mut y = [u64::MAX; BLOCK];
    let mut step = 0;
    while step < 3 {
        // 2 - N·y = -(N·y) + 2.
        let mut e = neg(&mul_low(&n, &y));
        let mut carry = 2u128;
        let mut k = 0;
        while k < BLOCK {
            let v = e[k] as u128 + carry;
            e[k] = v as u64;
            carry = v >> 64;
            k += 1;
        }
        y = mul_low(&y, &e);
        step += 1;
    }
    neg(&y)
}

/// The six quotient digits of one reduction block: `low · (-N⁻¹) mod 2^384` (product scanning; the
/// constant's low limb is 1, so its column term is `low[i]` itself).
#[inline(always)]
pub(super) fn quotient_digits(low: &[u64]) -> [u64; BLOCK] {
    let mut out = [0u64; BLOCK];
    let (mut acc, mut top) = (0u128, 0u64);
    for i in 0..BLOCK {
        for j in 0..i {
            let p = u128::from(low[j]) * u128::from(N_INV_NEG[i - j]);
            let (s, c) = acc.overflowing_add(p);
            acc = s;
            top = top.wrapping_add(u64::from(c));
        }
        let (s, c) = acc.overflowing_add(u128::from(low[i]));
        acc = s;
        top = top.wrapping_add(u64::from(c));
        out[i] = acc as u64;
        acc = (u128::from(top) << 64) | (acc >> 64);
        top = 0;
    }
    out
}
