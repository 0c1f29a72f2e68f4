//! The AVX-512 IFMA Montgomery kernel: 52-bit digits, eight per 512-bit register, multiplied by
//! VPMADD52LUQ / VPMADD52HUQ (the low and high 52 bits of eight 52 × 52-bit products at once).
//!
//! # Shape
//!
//! Operands are the engine's `Fe` (48 × 64-bit limbs, `R = 2^3072`), converted on entry to 60
//! digits of 52 bits (3120 bits, in 8 registers of 8 lanes; lanes 60 – 63 stay zero) and back on
//! exit. The multiplication is operand-scanning with interleaved reduction, digit `b_i` by digit:
//!
//! ```text
//! acc += lo(A · b_i)                  (every lane: the low 52 bits of a_j · b_i)
//! y    = acc_0 mod 2^52               (-N⁻¹ ≡ 1 mod 2^52, since N ≡ -1 mod 2^64)
//! acc += lo(N · y)                    (now acc_0 ≡ 0 mod 2^52)
//! acc  = acc / 2^52                   (lanes move down one; acc_0's carry joins the new acc_0)
//! acc += hi(A · b_i) + hi(N · y)      (the high halves belong one digit up: after the move, here)
//! ```
//!
//! Lanes are not normalised inside the loop: each of the final 60 lanes collects at most
//! 4 · 60 values below 2^52 plus small carries, below 2^60, so 64-bit lanes cannot overflow.
//!
//! 60 steps divide by `2^3120`, 48 bits more than the engine's `R`. So `b` enters as the integer
//! `b · 2^48` (below `2^3120`: still 60 digits, the lowest holding `b`'s low 4 bits at its top): the
//! result is `(a · b · 2^48 + Y·N) / 2^3120 = a·b·R⁻¹ mod N` plus a multiple of N, and below
//! `(N · 2^3120 + 2^3120 · N) / 2^3120 = 2N`. Leaving, the lanes are normalised into 64-bit limbs
//! with their carries, and the portable kernel's masked subtraction reduces the value below N.
//! Squaring is a multiplication of the value by itself.
//!
//! # Constant time
//!
//! Straight-line code: loop bounds, shifts and lane moves depend only on digit indices; the
//! reduction digit `y` is a lane of a register (never an address or a branch); the final
//! subtraction is the masked select of the portable kernel. VPMADD52LUQ / VPMADD52HUQ take the
//! same time for every operand value (Intel lists them among its data-operand-independent-timing
//! instructions).

use core::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_alignr_epi64, _mm512_and_si512, _mm512_broadcastq_epi64,
    _mm512_castsi512_si128, _mm512_madd52hi_epu64, _mm512_madd52lo_epu64, _mm512_mask_add_epi64,
    _mm512_set1_epi64, _mm512_setzero_si512, _mm512_srli_epi64,
};

use crate::engine::mont::{Fe, L, N, final_subtract};

/// Bits per digit.
const DIGIT_BITS: usize = 52;
/// Digits per operand: 60 · 52 = 3120 bits, the first multiple of 52 above 3072.
const DIGITS: usize = 60;
/// Lanes per register.
const LANES: usize = 8;
/// Registers per operand (64 lanes).
const REGS: usize = 8;
/// The low 52 bits.
const DIGIT_MASK: u64 = (1 << DIGIT_BITS) - 1;
/// Bits the second operand is shifted by on entry (`60 · 52 - 3072`).
const B_SHIFT: usize = DIGITS * DIGIT_BITS - 64 * L;

const _: () = assert!(REGS * LANES >= DIGITS && B_SHIFT == 48);
// -N⁻¹ ≡ 1 (mod 2^52) because N ≡ -1 (mod 2^64): the reduction digit is the low digit itself.
const _: () = assert!(N[0] & DIGIT_MASK == DIGIT_MASK);

/// Digits of one operand, as lanes.
type Digits = [u64; REGS * LANES];

/// The 52-bit digits of `x · 2^shift` (`x` below `2^3072`, `shift <= 48` so the value fits 3120 bits): digit `j` holds bits
/// `52j - shift .. 52j - shift + 52` of `x`. The shifts and word indices depend only on `j`.
#[inline(always)]
const fn digits(x: &[u64; L], shift: usize) -> Digits {
    let mut out = [0u64; REGS * LANES];
    let mut j = 0;
    while j < DIGITS {
        let start = (DIGIT_BITS * j) as isize - shift as isize;
        let v = if start < 0 {
            x[0] << (-start) as u32
        } else {
            let (word, bit) = (start as usize / 64, start as usize % 64);
            let mut v = if word < L { x[word] >> bit } else { 0 };
            if bit != 0 && word + 1 < L {
                v |= x[word + 1] << (64 - bit);
            }
            v
        };
        out[j] = v & DIGIT_MASK;
        j += 1;
    }
    out
}

/// N's digits.
const N_DIGITS: Digits = digits(&N, 0);

/// Sums the lanes `t_j · 2^(52j)` (each below 2^61) into 48 limbs and the carry above them. Which
/// limb is complete after which lane depends only on the lane index.
#[inline(always)]
fn limbs_of(t: &Digits) -> ([u64; L], u64) {
    let mut out = [0u64; L];
    // Bits of the running sum from position 64 · done upward.
    let mut window: u128 = 0;
    let mut done = 0;
    for (j, &lane) in t.iter().enumerate().take(DIGITS) {
        window += u128::from(lane) << (DIGIT_BITS * j - 64 * done);
        // Later lanes start at bit 52 (j + 1): the limbs below it are final.
        while done < L && DIGIT_BITS * (j + 1) >= 64 * (done + 1) {
            out[done] = window as u64;
            window >>= 64;
            done += 1;
        }
    }
    (out, window as u64)
}

/// Proof that this CPU executes AVX-512F and AVX-512 IFMA instructions: obtainable only from
/// [`Ifma::detect`].
#[derive(Clone, Copy)]
pub(crate) struct Ifma(());

impl Ifma {
    /// The token if the CPU has AVX-512F and AVX-512 IFMA (the standard library caches its CPUID
    /// probe, which also checks that the operating system saves the 512-bit registers). Miri cannot
    /// run these instructions: under Miri the kernel is never available.
    pub(crate) fn detect() -> Option<Ifma> {
        if cfg!(miri) {
            return None;
        }
        (std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx512ifma"))
        .then_some(Ifma(()))
    }

    /// Montgomery product `a·b·R⁻¹ mod N` (inputs and output fully reduced).
    #[inline]
    pub(crate) fn mul(self, a: &Fe, b: &Fe) -> Fe {
        // SAFETY: an `Ifma` exists only after `detect` found AVX-512F and AVX-512 IFMA.
        unsafe { mont_mul(a, b) }
    }

    /// Montgomery square `a²·R⁻¹ mod N`.
    #[inline]
    pub(crate) fn square(self, a: &Fe) -> Fe {
        self.mul(a, a)
    }
}

/// Loads digits into registers.
#[inline(always)]
fn load(d: &Digits) -> [__m512i; REGS] {
    // SAFETY: `Digits` is 64 `u64` (512 bytes) and `[__m512i; 8]` is 512 bytes of integer lanes:
    // every bit pattern is valid for both, and a by-value transmute needs no alignment.
    unsafe { core::mem::transmute::<Digits, [__m512i; REGS]>(*d) }
}

/// Stores registers as digits.
#[inline(always)]
fn store(r: [__m512i; REGS]) -> Digits {
    // SAFETY: as in `load`, the other way.
    unsafe { core::mem::transmute::<[__m512i; REGS], Digits>(r) }
}

/// The whole multiplication: conversion, the 60 steps of the module documentation, normalisation
/// and the final subtraction.
#[target_feature(enable = "avx512f,avx512ifma")]
fn mont_mul(a: &Fe, b: &Fe) -> Fe {
    let av = load(&digits(&a.0, 0));
    let b_digits = digits(&b.0, B_SHIFT);
    let nv = load(&N_DIGITS);
    let mask = _mm512_set1_epi64(DIGIT_MASK as i64);
    let zero = _mm512_setzero_si512();
    let mut acc = [zero; REGS];
    for &digit in b_digits.iter().take(DIGITS) {
        let bi = _mm512_set1_epi64(digit as i64);
        for r in 0..REGS {
            acc[r] = _mm512_madd52lo_epu64(acc[r], av[r], bi);
        }
        let y = _mm512_and_si512(
            _mm512_broadcastq_epi64(_mm512_castsi512_si128(acc[0])),
            mask,
        );
        for r in 0..REGS {
            acc[r] = _mm512_madd52lo_epu64(acc[r], nv[r], y);
        }
        // Lane 0 is now ≡ 0 mod 2^52: drop it, moving every lane down one, and add its carry.
        let carry = _mm512_srli_epi64::<52>(acc[0]);
        for r in 0..REGS - 1 {
            acc[r] = _mm512_alignr_epi64::<1>(acc[r + 1], acc[r]);
        }
        acc[REGS - 1] = _mm512_alignr_epi64::<1>(zero, acc[REGS - 1]);
        acc[0] = _mm512_mask_add_epi64(acc[0], 1, acc[0], carry);
        for r in 0..REGS {
            let hi = _mm512_madd52hi_epu64(zero, av[r], bi);
            acc[r] = _mm512_madd52hi_epu64(_mm512_add_epi64(acc[r], hi), nv[r], y);
        }
    }
    let (mut out, carry) = limbs_of(&store(acc));
    final_subtract(&mut out, carry);
    Fe(out)
}

#[cfg(test)]
mod tests;
