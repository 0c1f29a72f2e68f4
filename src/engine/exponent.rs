//! A secret exponent with a public bit bound, readable bit by bit at public positions.

use super::ExponentUint;
use crypto_bigint::Limb;

/// Number of 64-bit limbs of an exponent.
const EXP_LIMBS: usize = (ExponentUint::BITS / 64) as usize;

/// The low `bits` bits of an exponent (higher bits cleared), as 64-bit limbs. Zeroized on drop.
pub(crate) struct Exp {
    limbs: [u64; EXP_LIMBS],
    bits: u32,
}

impl Exp {
    /// Copies the low `bits` bits of `e` (`bits` is public and at most `ExponentUint::BITS`).
    // `Word` is u32 on 32-bit targets: the conversion is only useless on 64-bit ones.
    #[allow(clippy::useless_conversion)]
    pub(crate) fn new(e: &ExponentUint, bits: u32) -> Self {
        assert!(
            bits <= ExponentUint::BITS,
            "exponent bit bound over capacity"
        );
        let mut limbs = [0u64; EXP_LIMBS];
        for (i, limb) in e.as_limbs().iter().enumerate() {
            let pos = i * Limb::BITS as usize;
            limbs[pos / 64] |= u64::from(limb.0) << (pos % 64);
        }
        for (k, limb) in limbs.iter_mut().enumerate() {
            // Public mask: how many bits of this limb lie below the bound.
            let valid = bits.saturating_sub(64 * k as u32).min(64);
            let keep = if valid == 64 {
                u64::MAX
            } else {
                (1u64 << valid) - 1
            };
            *limb &= keep;
        }
        Exp { limbs, bits }
    }

    /// The public bit bound.
    pub(crate) fn bits(&self) -> u32 {
        self.bits
    }

    /// Bit `pos` (0 or 1); `pos` is public, the bit is not. Zero at or above the bound.
    #[inline(always)]
    pub(crate) fn bit(&self, pos: u32) -> u64 {
        if pos >= self.bits {
            return 0;
        }
        (self.limbs[(pos / 64) as usize] >> (pos % 64)) & 1
    }

    /// Bits `[pos, pos + width)` as an integer (`width <= 8`); positions are public.
    #[inline(always)]
    pub(crate) fn window(&self, pos: u32, width: u32) -> u64 {
        let mut digit = 0u64;
        for k in 0..width {
            digit |= self.bit(pos + k) << k;
        }
        digit
    }
}

impl Drop for Exp {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.limbs);
    }
}
