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
//! Lanes are not normalised inside the loop: final lane `p` collects `2·(59 - p)` low halves and
//! `2·(60 - p)` high halves, at most 238 values below 2^52, plus carries below 2^8: below 2^60, so
//! 64-bit lanes cannot overflow.
//!
//! 60 steps divide by `2^3120`, 48 bits more than the engine's `R`. So `b` enters as the integer
//! `b · 2^48` (below `2^3120`: still 60 digits, the lowest holding `b`'s low 4 bits at its top): the
//! result is `(a · b · 2^48 + Y·N) / 2^3120 = a·b·R⁻¹ mod N` plus a multiple of N, and below
//! `(N · 2^3120 + 2^3120 · N) / 2^3120 = 2N`.
//!
//! Squaring (`mont_square`) takes the same steps with both operands entering as `a · 2^24` (together
//! the `2^48` of a product), and step `i` adds `a_i` times the row `(0, …, 0, a_i, 2a_{i+1}, …)`
//! (lane `i` first) instead of `a_i · A`: each cross product is added once, doubled. Registers that
//! lie wholly below lane `i` hold zeros and are skipped, so the 60 steps issue 1528 multiply
//! instructions instead of 1920. Its lanes collect fewer values than a multiplication's, each still
//! below 2^52, so the bound above holds.
//!
//! The rest is vector code too:
//! - *in*: each register's 8 digits lie in 52 consecutive bytes of the operand, so one byte
//!   permutation (VBMI's VPERMB), a per-lane shift and a mask make them;
//! - *normalise*: every lane's bits above 52 move up one lane; the carries that can still ripple
//!   (through lanes equal to `2^52 - 1`) are resolved for all 64 lanes at once as an addition on
//!   64-bit masks, one bit per lane;
//! - *reduce*: `x - N` lane by lane, its borrows resolved the same way; the borrow out of the top
//!   chooses `x` or `x - N` through a lane mask;
//! - *out*: digit pairs become 13 bytes each and one byte permutation per register lays them end
//!   to end.
//!
//! Where it stops: each of a multiplication's 60 steps issues 32 multiply instructions (a squaring
//! 1528 in all), and current cores run about one per cycle; computing the products apart from the
//! accumulator (fewer dependencies, more additions) is slower. Figures: `BENCHMARKING.md`.
//!
//! # Constant time
//!
//! Straight-line code: loop bounds, shifts and lane moves depend only on digit indices; the
//! reduction digit `y` is a lane of a register (never an address or a branch); carries and borrows
//! are resolved with arithmetic on lane masks, and the final choice is a lane blend under a mask
//! computed arithmetically from the borrow. VPMADD52LUQ / VPMADD52HUQ are assumed, like MULX, to
//! take the same time for every operand value; `benches/constant_time/` measures the
//! exponentiations on this kernel.

use core::arch::x86_64::{
    __m512i, _mm512_add_epi64, _mm512_alignr_epi64, _mm512_and_si512, _mm512_broadcastq_epi64,
    _mm512_castsi512_si128, _mm512_cmpeq_epi64_mask, _mm512_cmpeq_epu64_mask,
    _mm512_cmpgt_epu64_mask, _mm512_cmplt_epi64_mask, _mm512_madd52hi_epu64, _mm512_madd52lo_epu64,
    _mm512_mask_add_epi64, _mm512_mask_blend_epi64, _mm512_mask_sub_epi64, _mm512_maskz_mov_epi64,
    _mm512_or_si512, _mm512_permutexvar_epi8, _mm512_permutexvar_epi64, _mm512_set1_epi64,
    _mm512_setzero_si512, _mm512_slli_epi64, _mm512_srli_epi64, _mm512_srlv_epi64,
    _mm512_sub_epi64,
};

use crate::engine::mont::{Fe, L, N};

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
// `load_digits` moves the second operand by whole bytes.
const _: () = assert!(B_SHIFT.is_multiple_of(8));
/// Bits both operands of a squaring are shifted by on entry: together the `B_SHIFT` of a product.
const SQUARE_SHIFT: usize = B_SHIFT / 2;
const _: () = assert!(2 * SQUARE_SHIFT == B_SHIFT && SQUARE_SHIFT.is_multiple_of(8));
// A squaring's doubled digits carry a bit up from each digit's bit 51; the top digit of `a · 2^24`
// (below 2^3096) has bit 51 clear, so `2a` still fits 60 digits.
const _: () = assert!(64 * L + SQUARE_SHIFT < DIGIT_BITS * DIGITS - 1);
// -N⁻¹ ≡ 1 (mod 2^52) because N ≡ -1 (mod 2^64): the reduction digit is the low digit itself.
const _: () = assert!(N[0] & DIGIT_MASK == DIGIT_MASK);

/// Digits of one operand, as lanes.
type Digits = [u64; REGS * LANES];

/// The 52-bit digits of `x · 2^shift`, one at a time (N's digits at compile time, and the reference
/// for [`load_digits`] in the tests) (`x` below `2^3072`, `shift <= 48` so the value fits 3120 bits): digit `j` holds bits
/// `52j - shift .. 52j - shift + 52` of `x`. The shifts and word indices depend only on `j`.
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

/// Bytes a register's 8 digits are read from: digit `l` of register `r` starts at bit `52l` of the
/// 64 bytes from byte `52r` (416 bits per register, so every register starts on a byte).
const fn digit_bytes() -> [u8; 64] {
    let mut idx = [0u8; 64];
    let mut l = 0;
    while l < LANES {
        let mut k = 0;
        while k < 8 {
            idx[8 * l + k] = (DIGIT_BITS * l / 8 + k) as u8;
            k += 1;
        }
        l += 1;
    }
    idx
}

/// The bit each digit starts at within its 8 bytes.
const fn digit_shifts() -> [u64; LANES] {
    let mut out = [0u64; LANES];
    let mut l = 0;
    while l < LANES {
        out[l] = (DIGIT_BITS * l % 8) as u64;
        l += 1;
    }
    out
}

/// Little-endian bytes of `x · 2^(8·pad)` with room for the last register's 64-byte window.
#[inline(always)]
fn bytes_of(x: &[u64; L], pad: usize) -> [u8; 8 * L + 64] {
    let mut buf = [0u8; 8 * L + 64];
    for (i, limb) in x.iter().enumerate() {
        buf[pad + 8 * i..pad + 8 * i + 8].copy_from_slice(&limb.to_le_bytes());
    }
    buf
}

/// Output byte `i < 52` of a register's packed digits: byte `i % 13` of digit pair `i / 13`, whose
/// 13 bytes sit at the start of lanes `2k` (8 bytes) and `2k + 1` (5 bytes).
const fn pair_bytes() -> [u8; 64] {
    let mut idx = [0u8; 64];
    let mut i = 0;
    while i < 52 {
        idx[i] = (16 * (i / 13) + i % 13) as u8;
        i += 1;
    }
    idx
}

/// Proof that this CPU executes AVX-512F, AVX-512BW, AVX-512 IFMA and AVX-512 VBMI instructions (and
/// so the AVX2, FMA and F16C that AVX-512F implies): obtainable only from [`Ifma::detect`].
#[derive(Clone, Copy)]
pub(crate) struct Ifma(());

impl Ifma {
    /// The token if the CPU has every feature `mont_mul` is compiled for: AVX-512F (with the AVX2,
    /// FMA and F16C it implies), AVX-512BW (which VBMI implies: the compiler uses its mask moves),
    /// AVX-512 IFMA and AVX-512 VBMI. The standard library caches its CPUID probe, which also checks
    /// that the operating system saves the 512-bit registers. Miri cannot run these instructions:
    /// under Miri the kernel is never available.
    pub(crate) fn detect() -> Option<Ifma> {
        if cfg!(miri) {
            return None;
        }
        (std::arch::is_x86_feature_detected!("avx512f")
            && std::arch::is_x86_feature_detected!("avx2")
            && std::arch::is_x86_feature_detected!("fma")
            && std::arch::is_x86_feature_detected!("f16c")
            && std::arch::is_x86_feature_detected!("avx512bw")
            && std::arch::is_x86_feature_detected!("avx512ifma")
            && std::arch::is_x86_feature_detected!("avx512vbmi"))
        .then_some(Ifma(()))
    }

    /// Montgomery product `a·b·R⁻¹ mod N` (inputs and output fully reduced).
    #[inline]
    pub(crate) fn mul(self, a: &Fe, b: &Fe) -> Fe {
        // SAFETY: an `Ifma` exists only after `detect` found every feature `mont_mul` enables
        // (AVX-512F, IFMA and VBMI) and those they imply (AVX-512BW, AVX2, FMA, F16C).
        unsafe { mont_mul(a, b) }
    }

    /// Montgomery square `a²·R⁻¹ mod N` (input and output fully reduced).
    #[inline]
    pub(crate) fn square(self, a: &Fe) -> Fe {
        // SAFETY: as in `mul`; `mont_square` enables the same features.
        unsafe { mont_square(a) }
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

/// [`digits`] in registers: each register's 8 digits gathered from its 64-byte window by one byte
/// permutation, then shifted into place and masked (`shift` a multiple of 8).
#[inline]
#[target_feature(enable = "avx512f,avx512vbmi")]
fn load_digits(x: &[u64; L], shift: usize) -> [__m512i; REGS] {
    let buf = bytes_of(x, shift / 8);
    let index = load_bytes(&digit_bytes());
    let shifts = load_u64s(&digit_shifts());
    let mask = _mm512_set1_epi64(DIGIT_MASK as i64);
    core::array::from_fn(|r| {
        let window: &[u8; 64] = buf[52 * r..52 * r + 64].try_into().expect("64 bytes");
        let v = _mm512_permutexvar_epi8(index, load_bytes(window));
        _mm512_and_si512(_mm512_srlv_epi64(v, shifts), mask)
    })
}

/// 64 bytes as a register.
#[inline(always)]
fn load_bytes(b: &[u8; 64]) -> __m512i {
    // SAFETY: 64 bytes of plain data; every bit pattern is a valid `__m512i`.
    unsafe { core::mem::transmute::<[u8; 64], __m512i>(*b) }
}

/// A register as 64 bytes.
#[inline(always)]
fn store_bytes(v: __m512i) -> [u8; 64] {
    // SAFETY: as in `load_bytes`, the other way.
    unsafe { core::mem::transmute::<__m512i, [u8; 64]>(v) }
}

/// 8 words as a register.
#[inline(always)]
fn load_u64s(w: &[u64; LANES]) -> __m512i {
    // SAFETY: 64 bytes of plain data; every bit pattern is a valid `__m512i`.
    unsafe { core::mem::transmute::<[u64; LANES], __m512i>(*w) }
}

/// The whole multiplication: conversion, the 60 steps of the module documentation, normalisation
/// and the final subtraction.
#[target_feature(enable = "avx512f,avx512ifma,avx512vbmi")]
fn mont_mul(a: &Fe, b: &Fe) -> Fe {
    let av = load_digits(&a.0, 0);
    let b_digits = store(load_digits(&b.0, B_SHIFT));
    let nv = load(&N_DIGITS);
    let mut acc = [_mm512_setzero_si512(); REGS];
    for &digit in b_digits.iter().take(DIGITS) {
        step(&mut acc, &av, _mm512_set1_epi64(digit as i64), &nv, 0);
    }
    pack(&subtract_n_if_above(&normalise(&acc)))
}

/// One step of the module documentation: `acc += lo(row · d)`, the reduction digit `y`,
/// `acc += lo(N · y)`, every lane moved down one, then the high halves of both products. `d` is the
/// step's digit in every lane; registers of `row` below `first` are zero and skipped (`first` depends
/// on the step's index alone).
#[inline]
#[target_feature(enable = "avx512f,avx512ifma")]
fn step(
    acc: &mut [__m512i; REGS],
    row: &[__m512i; REGS],
    d: __m512i,
    nv: &[__m512i; REGS],
    first: usize,
) {
    let mask = _mm512_set1_epi64(DIGIT_MASK as i64);
    let zero = _mm512_setzero_si512();
    // Constant bounds with a test inside, so every register keeps a fixed index.
    for r in 0..REGS {
        if r >= first {
            acc[r] = _mm512_madd52lo_epu64(acc[r], row[r], d);
        }
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
        let sum = if r >= first {
            _mm512_add_epi64(acc[r], _mm512_madd52hi_epu64(zero, row[r], d))
        } else {
            acc[r]
        };
        acc[r] = _mm512_madd52hi_epu64(sum, nv[r], y);
    }
}

/// The squaring: the steps of [`mont_mul`] with both operands `a · 2^24`, where step `i` adds
/// `a_i` times the row `(0, …, 0, a_i, 2a_{i+1}, 2a_{i+2}, …)` (lane `i` first): each cross product
/// `a_i·a_j` (`i < j`) is added once, doubled, instead of twice. The doubled digits are those of
/// `2·Σ_{j>i} a_j 2^{52j}`: lane `i + 1` holds `2a_{i+1} mod 2^52` and every later lane `j` also the
/// bit carried from `a_{j-1}`. Registers below lane `i` hold only zeros and are skipped; which they
/// are depends on `i` alone.
#[target_feature(enable = "avx512f,avx512ifma,avx512vbmi")]
fn mont_square(a: &Fe) -> Fe {
    let av = load_digits(&a.0, SQUARE_SHIFT);
    let a_digits = store(av);
    let nv = load(&N_DIGITS);
    let mask = _mm512_set1_epi64(DIGIT_MASK as i64);
    // `doubled`: 2a_j mod 2^52; `carried`: the same with a_{j-1}'s bit 51 as bit 0.
    let doubled: [__m512i; REGS] =
        core::array::from_fn(|r| _mm512_and_si512(_mm512_slli_epi64::<1>(av[r]), mask));
    let top_bits = up_one_lane(&core::array::from_fn(|r| _mm512_srli_epi64::<51>(av[r])));
    let carried: [__m512i; REGS] =
        core::array::from_fn(|r| _mm512_or_si512(doubled[r], top_bits[r]));
    let mut acc = [_mm512_setzero_si512(); REGS];
    for (i, &digit) in a_digits.iter().enumerate().take(DIGITS) {
        let (q, l) = (i / LANES, i % LANES);
        let ai = _mm512_set1_epi64(digit as i64);
        // Lane masks of register q: lane l takes a_i, lane l + 1 (if in q) 2a_{i+1} mod 2^52,
        // lanes below l are zero. In register q + 1, lane 0 is lane i + 1 when l = 7.
        let at_i = 1u8 << l;
        let after_i = ((1u16 << (l + 1)) & 0xFF) as u8;
        let from_i = 0xFFu8 << l;
        let next_first = if l == LANES - 1 { 1u8 } else { 0 };
        let row: [__m512i; REGS] = core::array::from_fn(|r| {
            if r == q {
                let v = _mm512_mask_blend_epi64(after_i, carried[r], doubled[r]);
                _mm512_maskz_mov_epi64(from_i, _mm512_mask_blend_epi64(at_i, v, ai))
            } else if r == q + 1 {
                _mm512_mask_blend_epi64(next_first, carried[r], doubled[r])
            } else {
                carried[r]
            }
        });
        step(&mut acc, &row, ai, &nv, q);
    }
    pack(&subtract_n_if_above(&normalise(&acc)))
}

/// Every lane moved up one, the 64 lanes as one row: lane `j` takes lane `j - 1`'s value and lane 0
/// takes zero.
#[inline]
#[target_feature(enable = "avx512f")]
fn up_one_lane(v: &[__m512i; REGS]) -> [__m512i; REGS] {
    let zero = _mm512_setzero_si512();
    core::array::from_fn(|r| _mm512_alignr_epi64::<7>(v[r], if r == 0 { zero } else { v[r - 1] }))
}

/// One bit per lane, lane `8r + l` at bit `8r + l`, from per-register masks.
#[inline(always)]
fn lane_bits(masks: [u8; REGS]) -> u64 {
    u64::from_le_bytes(masks)
}

/// Lanes that receive a carry (or borrow), as bits: `generate` lanes send one to the next lane,
/// `propagate` lanes pass on one they receive (an adder's carry chain on 64 lanes at once).
#[inline(always)]
fn carries_in(generate: u64, propagate: u64) -> u64 {
    ((generate << 1).wrapping_add(propagate)) ^ propagate
}

/// Lanes below 2^61 with a value below 2^3120 as 52-bit digits of the same value. The lanes'
/// excess moves up one lane (each then below 2^53), then the carries that leaves are resolved for
/// all lanes together with [`carries_in`].
#[inline]
#[target_feature(enable = "avx512f")]
fn normalise(acc: &[__m512i; REGS]) -> [__m512i; REGS] {
    let mask = _mm512_set1_epi64(DIGIT_MASK as i64);
    let excess = up_one_lane(&core::array::from_fn(|r| _mm512_srli_epi64::<52>(acc[r])));
    let x: [__m512i; REGS] =
        core::array::from_fn(|r| _mm512_add_epi64(_mm512_and_si512(acc[r], mask), excess[r]));
    let generate = lane_bits(core::array::from_fn(|r| {
        _mm512_cmpgt_epu64_mask(x[r], mask)
    }));
    let propagate = lane_bits(core::array::from_fn(|r| {
        _mm512_cmpeq_epu64_mask(x[r], mask)
    }));
    let carries = carries_in(generate, propagate).to_le_bytes();
    let one = _mm512_set1_epi64(1);
    core::array::from_fn(|r| {
        _mm512_and_si512(_mm512_mask_add_epi64(x[r], carries[r], x[r], one), mask)
    })
}

/// `x - N` if `x ≥ N`, else `x`, for digits `x` of a value below 2N: the lanes' differences, their
/// borrows resolved as in [`normalise`], and the borrow out of the top picks the result with a
/// lane mask (no branch).
#[inline]
#[target_feature(enable = "avx512f")]
fn subtract_n_if_above(x: &[__m512i; REGS]) -> [__m512i; REGS] {
    let mask = _mm512_set1_epi64(DIGIT_MASK as i64);
    let nv = load(&N_DIGITS);
    let d: [__m512i; REGS] = core::array::from_fn(|r| _mm512_sub_epi64(x[r], nv[r]));
    let zero = _mm512_setzero_si512();
    let generate = lane_bits(core::array::from_fn(|r| {
        _mm512_cmplt_epi64_mask(d[r], zero)
    }));
    let propagate = lane_bits(core::array::from_fn(|r| {
        _mm512_cmpeq_epi64_mask(d[r], zero)
    }));
    let borrows = carries_in(generate, propagate);
    // Lanes 60 – 63 are 0 - 0: a borrow out of digit 59 reaches bit 60, and means x < N.
    // Through `black_box`, so the optimiser cannot turn the choice into a branch on the borrow.
    let keep_x = core::hint::black_box(0u8.wrapping_sub(((borrows >> DIGITS) & 1) as u8));
    let borrows = borrows.to_le_bytes();
    let one = _mm512_set1_epi64(1);
    core::array::from_fn(|r| {
        let diff = _mm512_and_si512(_mm512_mask_sub_epi64(d[r], borrows[r], d[r], one), mask);
        _mm512_mask_blend_epi64(keep_x, diff, x[r])
    })
}

/// Digits of a value below 2^3072 as 48 limbs: in each register the digit pairs become 13 bytes
/// each (the low 64 bits in the even lane, the high 40 in the odd one), one byte permutation
/// gathers the register's 52 bytes, and the registers' bytes are laid end to end.
#[inline]
#[target_feature(enable = "avx512f,avx512vbmi")]
fn pack(x: &[__m512i; REGS]) -> Fe {
    let swap = load_u64s(&[1, 0, 3, 2, 5, 4, 7, 6]);
    let index = load_bytes(&pair_bytes());
    let mut buf = [0u8; 52 * REGS + 12];
    for r in 0..REGS {
        let next = _mm512_permutexvar_epi64(swap, x[r]);
        let low = _mm512_or_si512(x[r], _mm512_slli_epi64::<52>(next));
        let high = _mm512_srli_epi64::<12>(x[r]);
        let pairs = _mm512_mask_blend_epi64(0xAA, low, high);
        let bytes = store_bytes(_mm512_permutexvar_epi8(index, pairs));
        // In order: the 12 bytes past this register's 52 are overwritten by the next one.
        buf[52 * r..52 * r + 64].copy_from_slice(&bytes);
    }
    Fe(core::array::from_fn(|i| {
        u64::from_le_bytes(buf[8 * i..8 * i + 8].try_into().expect("8 bytes"))
    }))
}

#[cfg(test)]
mod tests;
