#![doc = include_str!("../../docs/engine.md")]

mod exponent;
mod fixed_base;
#[cfg_attr(not(feature = "unstable-bench-hooks"), allow(dead_code))]
pub(crate) mod kernel;
#[cfg(target_arch = "x86_64")]
#[allow(unsafe_code)]
mod x86;
// On wasm32 the portable kernel's products run on `mont32`: `mont`'s own multiply and square are unused.
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
mod mont;
#[cfg(any(target_arch = "wasm32", test))]
mod mont32;
mod window;

use crypto_bigint::{Limb, U2048, U3072, Uint, Word, const_monty_params, modular::ConstMontyForm};

use exponent::Exp;
#[cfg(feature = "unstable-bench-hooks")]
use kernel::Kernel;
use kernel::{Active, Mont, OnKernel};
use mont::Fe;

const_monty_params!(
    GroupModulus,
    U3072,
    crate::group::N_HEX,
    "The 3072-bit RFC 5054 group prime as a compile-time Montgomery modulus"
);

/// Number of 64-bit limbs (or 32-bit limbs on 32-bit targets) in a residue.
pub(crate) const LIMBS: usize = U3072::LIMBS;

/// A residue modulo N, in Montgomery form.
pub(crate) type Residue = ConstMontyForm<GroupModulus, LIMBS>;

/// Capacity of an exponent: 2048 bits covers `a + u·x` for every size the crate draws; longer secrets
/// injected through `hazmat` are cut into chunks by `crate::secret_exponent`.
pub(crate) type ExponentUint = U2048;

/// Largest exponent bit bound the engine accepts.
pub(crate) const MAX_EXPONENT_BITS: u32 = ExponentUint::BITS;

/// `g^e mod N` for the generator g = 2, looking at the low `bits` bits of `e` (a public bound).
pub(crate) fn pow_g(exponent: &ExponentUint, bits: u32) -> Residue {
    pow_g_on(kernel::active(), exponent, bits)
}

/// `base^e mod N`, looking at the low `bits` bits of `e` (a public bound).
pub(crate) fn pow(base: &Residue, exponent: &ExponentUint, bits: u32) -> Residue {
    pow_on(kernel::active(), base, exponent, bits)
}

/// [`pow_g`] on a given kernel.
fn pow_g_on(k: Active, exponent: &ExponentUint, bits: u32) -> Residue {
    struct PowG<'a>(&'a Exp);
    impl OnKernel for PowG<'_> {
        type Output = Fe;
        #[inline(always)]
        fn run<M: Mont>(self, k: M) -> Fe {
            fixed_base::pow_g(k, self.0)
        }
    }
    let exp = Exp::new(exponent, bits);
    let mut power = k.run(PowG(&exp));
    let out = residue_from_fe(&power);
    // g^x (a verifier) and g^a are secret: the kernel-form copy goes with the exponent's.
    zeroize::Zeroize::zeroize(&mut power.0);
    out
}

/// [`pow`] on a given kernel.
fn pow_on(k: Active, base: &Residue, exponent: &ExponentUint, bits: u32) -> Residue {
    struct Pow<'a>(&'a Fe, &'a Exp);
    impl OnKernel for Pow<'_> {
        type Output = Fe;
        #[inline(always)]
        fn run<M: Mont>(self, k: M) -> Fe {
            window::pow(k, self.0, self.1)
        }
    }
    let exp = Exp::new(exponent, bits);
    let mut base = fe_from_residue(base);
    let mut power = k.run(Pow(&base, &exp));
    // The base of S (B − k·g^x, or A·v^u) and S itself, in the kernel's form.
    zeroize::Zeroize::zeroize(&mut base.0);
    let out = residue_from_fe(&power);
    zeroize::Zeroize::zeroize(&mut power.0);
    out
}

/// The kernel `k`, which the caller has checked this CPU supports.
#[cfg(feature = "unstable-bench-hooks")]
fn instance_or_panic(k: Kernel) -> Active {
    kernel::instance(k).unwrap_or_else(|| panic!("this CPU cannot run the {k:?} kernel"))
}

/// A residue's Montgomery representation in the kernel's 64-bit limbs.
// `Word` is u32 on 32-bit targets: the conversion is only useless on 64-bit ones.
#[allow(clippy::useless_conversion)]
fn fe_from_residue(r: &Residue) -> Fe {
    let mut out = [0u64; mont::L];
    for (i, limb) in r.as_montgomery().as_limbs().iter().enumerate() {
        let pos = i * Limb::BITS as usize;
        out[pos / 64] |= u64::from(limb.0) << (pos % 64);
    }
    Fe(out)
}

/// The kernel's Montgomery representation as a residue (same `R = 2^3072`).
fn residue_from_fe(f: &Fe) -> Residue {
    let mut limbs = [Limb::ZERO; LIMBS];
    for (i, limb) in limbs.iter_mut().enumerate() {
        let pos = i * Limb::BITS as usize;
        *limb = Limb((f.0[pos / 64] >> (pos % 64)) as Word);
    }
    Residue::from_montgomery(U3072::new(limbs))
}

/// N as an integer.
pub(crate) fn n_uint() -> U3072 {
    use crypto_bigint::modular::ConstMontyParams;
    *GroupModulus::PARAMS.modulus().as_ref()
}

/// The generator g = 2 as a residue.
pub(crate) fn generator() -> Residue {
    Residue::new(&Uint::from_u8(crate::group::G))
}

/// Converts a big-endian exponent of at most `MAX_EXPONENT_BITS / 8` bytes into the engine's form.
/// Returns `None` when it is longer.
pub(crate) fn exponent_from_be(bytes: &[u8]) -> Option<ExponentUint> {
    const CAP: usize = (MAX_EXPONENT_BITS / 8) as usize;
    if bytes.len() > CAP {
        return None;
    }
    let mut buf = zeroize::Zeroizing::new([0u8; CAP]);
    buf[CAP - bytes.len()..].copy_from_slice(bytes);
    Some(ExponentUint::from_be_slice(&buf[..]))
}

/// Reduces a big-endian integer of at most 512 bytes modulo N into a residue.
/// Returns `None` when it is longer.
pub(crate) fn residue_from_be(bytes: &[u8]) -> Option<Residue> {
    use crypto_bigint::{NonZero, U4096};
    if bytes.len() > 512 {
        return None;
    }
    let mut buf = [0u8; 512];
    buf[512 - bytes.len()..].copy_from_slice(bytes);
    let wide = U4096::from_be_slice(&buf);
    let n = NonZero::new(n_uint().resize::<{ U4096::LIMBS }>()).expect("N is not zero");
    Some(Residue::new(&wide.rem(&n).resize()))
}

/// A residue as 384 big-endian bytes (its canonical value in `[0, N)`).
pub(crate) fn residue_to_be(r: &Residue) -> [u8; crate::group::N_BYTES] {
    let mut out = [0u8; crate::group::N_BYTES];
    out.copy_from_slice(r.retrieve().to_be_bytes().as_ref());
    out
}

/// `2^e mod N` on big-endian bytes, for benches, fuzzing and differential tests.
///
/// The bit bound is `8 · exponent.len()`. Returns `None` when the exponent exceeds the engine's capacity.
#[cfg(feature = "hazmat")]
pub(crate) fn modpow_g_bytes(exponent: &[u8]) -> Option<[u8; crate::group::N_BYTES]> {
    let e = exponent_from_be(exponent)?;
    Some(residue_to_be(&pow_g(&e, 8 * exponent.len() as u32)))
}

/// `base^e mod N` on big-endian bytes (base reduced mod N first), for benches, fuzzing and differential
/// tests. Returns `None` when the base is over 512 bytes or the exponent exceeds the engine's capacity.
#[cfg(feature = "hazmat")]
pub(crate) fn modpow_bytes(base: &[u8], exponent: &[u8]) -> Option<[u8; crate::group::N_BYTES]> {
    let b = residue_from_be(base)?;
    let e = exponent_from_be(exponent)?;
    Some(residue_to_be(&pow(&b, &e, 8 * exponent.len() as u32)))
}

/// [`modpow_g_bytes`] on the kernel `k`, whatever the process-wide selection.
///
/// # Panics
/// If this CPU cannot run `k` (see [`kernel::Kernel`] and `kernel::set`).
#[cfg(feature = "unstable-bench-hooks")]
pub fn modpow_g_bytes_on(k: Kernel, exponent: &[u8]) -> Option<[u8; crate::group::N_BYTES]> {
    let e = exponent_from_be(exponent)?;
    Some(residue_to_be(&pow_g_on(
        instance_or_panic(k),
        &e,
        8 * exponent.len() as u32,
    )))
}

/// [`modpow_bytes`] on the kernel `k`, whatever the process-wide selection.
///
/// # Panics
/// If this CPU cannot run `k`.
#[cfg(feature = "unstable-bench-hooks")]
pub fn modpow_bytes_on(
    k: Kernel,
    base: &[u8],
    exponent: &[u8],
) -> Option<[u8; crate::group::N_BYTES]> {
    let b = residue_from_be(base)?;
    let e = exponent_from_be(exponent)?;
    Some(residue_to_be(&pow_on(
        instance_or_panic(k),
        &b,
        &e,
        8 * exponent.len() as u32,
    )))
}

/// Hooks for the benches: inputs converted once, so a measurement covers only the exponentiation.
/// Behind the unstable `unstable-bench-hooks` feature; not covered by semver.
#[cfg(feature = "unstable-bench-hooks")]
#[doc(hidden)]
pub mod bench_hooks {
    use super::kernel::{Kernel, Mont, OnKernel};
    use super::{ExponentUint, Fe, Residue};

    pub use super::{modpow_bytes_on, modpow_g_bytes_on};

    /// Kernel selection (see the engine's `kernel` module).
    pub mod kernel {
        pub use crate::engine::kernel::{Kernel, available, best, selected, set};
    }

    /// An exponent with its bit bound (`8 · len`).
    pub struct Exponent(ExponentUint, u32);

    /// A residue (input base or result).
    pub struct Value(Residue);

    /// Parses a big-endian exponent; `None` over capacity.
    pub fn exponent(be: &[u8]) -> Option<Exponent> {
        Some(Exponent(super::exponent_from_be(be)?, 8 * be.len() as u32))
    }

    /// Parses a big-endian exponent with an explicit bit bound (`bits <= 2048`); `None` over capacity.
    pub fn exponent_with_bits(be: &[u8], bits: u32) -> Option<Exponent> {
        (bits <= super::MAX_EXPONENT_BITS).then_some(())?;
        Some(Exponent(super::exponent_from_be(be)?, bits))
    }

    /// Reduces a big-endian base; `None` over 512 bytes.
    pub fn value(be: &[u8]) -> Option<Value> {
        super::residue_from_be(be).map(Value)
    }

    /// `2^e mod N`.
    pub fn pow_g(e: &Exponent) -> Value {
        Value(super::pow_g(&e.0, e.1))
    }

    /// `base^e mod N`.
    pub fn pow(base: &Value, e: &Exponent) -> Value {
        Value(super::pow(&base.0, &e.0, e.1))
    }

    /// A value in the kernels' own representation (so a measurement covers only the kernel).
    #[derive(Clone, Copy)]
    pub struct Raw(Fe);

    /// The value in the kernels' representation.
    pub fn raw(v: &Value) -> Raw {
        Raw(super::fe_from_residue(&v.0))
    }

    /// Back from the kernels' representation.
    pub fn from_raw(r: &Raw) -> Value {
        Value(super::residue_from_fe(&r.0))
    }

    /// One Montgomery multiplication on the kernel `k`.
    ///
    /// # Panics
    /// If this CPU cannot run `k`.
    #[inline]
    pub fn mul(k: Kernel, a: &Raw, b: &Raw) -> Raw {
        struct Mul<'a>(&'a Fe, &'a Fe);
        impl OnKernel for Mul<'_> {
            type Output = Fe;
            #[inline(always)]
            fn run<M: Mont>(self, k: M) -> Fe {
                k.mul(self.0, self.1)
            }
        }
        Raw(super::instance_or_panic(k).run(Mul(&a.0, &b.0)))
    }

    /// One Montgomery squaring on the kernel `k`.
    ///
    /// # Panics
    /// If this CPU cannot run `k`.
    #[inline]
    pub fn square(k: Kernel, a: &Raw) -> Raw {
        struct Square<'a>(&'a Fe);
        impl OnKernel for Square<'_> {
            type Output = Fe;
            #[inline(always)]
            fn run<M: Mont>(self, k: M) -> Fe {
                k.square(self.0)
            }
        }
        Raw(super::instance_or_panic(k).run(Square(&a.0)))
    }

    /// The value as 384 big-endian bytes.
    pub fn to_be(v: &Value) -> [u8; crate::group::N_BYTES] {
        super::residue_to_be(&v.0)
    }

    /// Bytes currently held by the fixed-base table (grows as larger exponents are used).
    pub fn fixed_base_table_bytes() -> usize {
        super::fixed_base::table_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use num_bigint::BigUint;

    fn n_big() -> BigUint {
        BigUint::parse_bytes(crate::group::N_HEX.as_bytes(), 16).unwrap()
    }

    fn big_of(r: &Residue) -> BigUint {
        BigUint::from_bytes_be(&residue_to_be(r))
    }

    /// A 2048-bit exponent with every bit set, and a patterned one.
    fn exponents() -> [ExponentUint; 2] {
        let mut pattern = [0u8; 256];
        for (i, b) in pattern.iter_mut().enumerate() {
            *b = (i as u8).wrapping_mul(0x9d) ^ 0x5a;
        }
        [ExponentUint::MAX, ExponentUint::from_be_slice(&pattern)]
    }

    /// Bit bounds that are not multiples of 8, around segment (48-bit) and window (4..6-bit) edges,
    /// and the sizes the protocol uses (256, 384, 513, 1024, 1025, 2048).
    const BOUNDS: [u32; 26] = [
        0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 23, 47, 49, 71, 95, 97, 255, 256, 383, 384, 385, 513, 1024,
        1025, 2047, 2048,
    ];

    #[test]
    fn odd_bounds_ignore_higher_bits_and_match_num_bigint() {
        let n = n_big();
        let base_big = (BigUint::from(3u8) << 3000usize) % &n + 12345u32;
        let base = residue_from_be(&base_big.to_bytes_be()).unwrap();
        for e in exponents() {
            let e_big = BigUint::from_bytes_be(e.to_be_bytes().as_ref());
            for bits in BOUNDS {
                let low = &e_big & ((BigUint::from(1u8) << bits as usize) - 1u8);
                assert_eq!(
                    big_of(&pow_g(&e, bits)),
                    BigUint::from(2u8).modpow(&low, &n),
                    "g^e, bound {bits}"
                );
                assert_eq!(
                    big_of(&pow(&base, &e, bits)),
                    base_big.modpow(&low, &n),
                    "b^e, bound {bits}"
                );
            }
        }
    }

    #[test]
    fn window_choice() {
        for bits in 1..=MAX_EXPONENT_BITS {
            assert!((1..=window::MAX_WINDOW).contains(&window::window_for(bits)));
        }
        assert_eq!(window::window_for(256), 4);
        assert_eq!(window::window_for(513), 5);
        assert_eq!(window::window_for(1025), 5);
        assert_eq!(window::window_for(2048), 6);
    }

    #[test]
    fn residue_round_trip_through_the_kernel() {
        let n = n_big();
        for v in [
            BigUint::from(0u8),
            BigUint::from(1u8),
            &n - 1u8,
            (&n >> 1usize) + 77u8,
        ] {
            let r = residue_from_be(&v.to_bytes_be()).unwrap();
            assert_eq!(big_of(&residue_from_fe(&fe_from_residue(&r))), v);
        }
        assert_eq!(big_of(&residue_from_fe(&Fe::ONE)), BigUint::from(1u8));
    }

    #[test]
    fn table_memory_is_as_documented() {
        let e = ExponentUint::MAX;
        let _ = pow_g(&e, 384);
        // 384 bits = 8 segments of 48 bits, 64 entries of 384 bytes each.
        assert!(fixed_base::table_bytes() >= 8 * 64 * 384);
        let _ = pow_g(&e, MAX_EXPONENT_BITS);
        assert_eq!(fixed_base::MAX_SEGMENTS, 43);
        assert_eq!(fixed_base::table_bytes(), 43 * 64 * 384);
    }
}
