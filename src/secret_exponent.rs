//! Secret exponents of any accepted length, and exponentiation by them.
//!
//! An exponent is held as big-endian bytes with a public bit bound: the size it was drawn or given at,
//! never its actual bit length. Up to the engine's capacity (`MAX_EXPONENT_BITS`, which covers every
//! size the crate draws and `a + u·x` for them) one engine call does the work. Longer exponents (only
//! through `hazmat`, to replay published vectors with secrets up to 1024 bytes) are cut into
//! 1024-bit chunks `e = Σ e_i · 2^(1024·i)` and `base^e = Π (base^(2^(1024·i)))^(e_i)`: every chunk
//! bound, and so the whole operation sequence, follows from the public length alone.

use rand_core::CryptoRng;
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

use crate::engine::{self, ExponentUint, MAX_EXPONENT_BITS, Residue};
use crate::error::{Error, Result};
use crate::limits::MAX_EPHEMERAL_BYTES;

/// How many bits of randomness an ephemeral secret (`a`, or the server's `b`) has.
///
/// The server cannot tell the size; it changes only the cost of `g^a`. The default,
/// [`EphemeralSize::DEFAULT`] = 384 bits, is above every published minimum for this 3072-bit group
/// (≈128-bit security): RFC 5054 asks for at least 256 bits, NIST SP 800-56A for twice the security
/// strength (256), and OpenSSL uses 275 bits for this very group. [`EphemeralSize::REFERENCE`] is the
/// official JavaScript client's 1024 bits. With any size up to 512 bits the exponent of S, `a + u·x`,
/// has about 513 bits, so S costs the same.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct EphemeralSize {
    bytes: u16,
}

impl EphemeralSize {
    /// 384 bits: the default (see the type's documentation for the rationale).
    pub const DEFAULT: EphemeralSize = EphemeralSize { bytes: 48 };
    /// 1024 bits, as drawn by amazon-cognito-identity-js.
    pub const REFERENCE: EphemeralSize = EphemeralSize { bytes: 128 };

    /// A size in bits: a multiple of 8 from 256 to 1024.
    ///
    /// # Errors
    /// [`Error::InvalidExponent`] for any other value.
    pub fn from_bits(bits: u32) -> Result<Self> {
        if !bits.is_multiple_of(8) || !(256..=1024).contains(&bits) {
            return Err(Error::InvalidExponent);
        }
        Ok(EphemeralSize {
            bytes: (bits / 8) as u16,
        })
    }

    /// The size in bits.
    pub fn bits(self) -> u32 {
        u32::from(self.bytes) * 8
    }
}

impl Default for EphemeralSize {
    fn default() -> Self {
        Self::DEFAULT
    }
}

/// Bits per chunk when an exponent exceeds the engine's capacity.
const CHUNK_BITS: u32 = 1024;
const CHUNK_BYTES: usize = (CHUNK_BITS / 8) as usize;

/// A secret exponent: big-endian bytes and its public bit bound (at most `8 · bytes.len()`).
#[derive(Zeroize, ZeroizeOnDrop)]
pub(crate) struct SecretExponent {
    be: Vec<u8>,
    bits: u32,
}

impl SecretExponent {
    /// From big-endian bytes (1 to [`MAX_EPHEMERAL_BYTES`] of them, not all zero); the bound is
    /// `8 · bytes.len()`.
    pub(crate) fn from_be(bytes: &[u8]) -> Result<Self> {
        if bytes.is_empty() || bytes.len() > MAX_EPHEMERAL_BYTES {
            return Err(Error::InvalidExponent);
        }
        // Zero test over every byte (the length is public, the content is not).
        let any = bytes.iter().fold(0u8, |acc, &b| acc | b);
        if any == 0 {
            return Err(Error::InvalidExponent);
        }
        Ok(SecretExponent {
            be: bytes.to_vec(),
            bits: 8 * bytes.len() as u32,
        })
    }

    /// Draws `size` random bits, retrying on the (2^-256 likely) all-zero draw.
    pub(crate) fn random<R: CryptoRng + ?Sized>(rng: &mut R, size: EphemeralSize) -> Self {
        let mut buf = Zeroizing::new([0u8; 128]);
        let bytes = &mut buf[..(size.bits() / 8) as usize];
        loop {
            rng.fill_bytes(bytes);
            if let Ok(e) = Self::from_be(bytes) {
                return e;
            }
        }
    }

    /// `self + addend` for a big-endian `addend`, with the bound `max(bits, 8 · addend.len()) + 1`.
    pub(crate) fn plus(&self, addend: &[u8]) -> Self {
        let len = self.be.len().max(addend.len()) + 1;
        let mut out = vec![0u8; len];
        let mut carry = 0u16;
        for i in 0..len {
            let a = self.be.len().checked_sub(i + 1).map_or(0, |j| self.be[j]);
            let b = addend.len().checked_sub(i + 1).map_or(0, |j| addend[j]);
            let sum = u16::from(a) + u16::from(b) + carry;
            out[len - 1 - i] = sum as u8;
            carry = sum >> 8;
        }
        SecretExponent {
            be: out,
            bits: self.bits.max(8 * addend.len() as u32) + 1,
        }
    }

    /// The low `bits` bits of bytes `be` as an engine exponent (`be.len() <= MAX_EXPONENT_BITS / 8`).
    fn engine_exponent(be: &[u8]) -> ExponentUint {
        engine::exponent_from_be(be).expect("chunks fit the engine")
    }

    /// Calls `f(chunk, chunk_bits)` for each chunk from the least significant, or once for the whole
    /// exponent when it fits the engine.
    fn for_each_chunk(&self, mut f: impl FnMut(&ExponentUint, u32, usize)) {
        if self.bits <= MAX_EXPONENT_BITS {
            let start = self
                .be
                .len()
                .saturating_sub((MAX_EXPONENT_BITS / 8) as usize);
            let mut e = Self::engine_exponent(&self.be[start..]);
            f(&e, self.bits, 0);
            e.zeroize();
            return;
        }
        let chunks = self.bits.div_ceil(CHUNK_BITS) as usize;
        for i in 0..chunks {
            let end = self.be.len().saturating_sub(i * CHUNK_BYTES);
            let start = end.saturating_sub(CHUNK_BYTES);
            let mut e = Self::engine_exponent(&self.be[start..end]);
            let bits = (self.bits - i as u32 * CHUNK_BITS).min(CHUNK_BITS);
            f(&e, bits, i);
            e.zeroize();
        }
    }
}

/// `2^(2^CHUNK_BITS)`-th power step: `base^(2^CHUNK_BITS)` (public exponent).
fn shift_chunk(base: &Residue) -> Residue {
    let e = ExponentUint::ONE.shl_vartime(CHUNK_BITS);
    engine::pow(base, &e, CHUNK_BITS + 1)
}

/// `base^e mod N`.
pub(crate) fn pow_secret(base: &Residue, e: &SecretExponent) -> Residue {
    let mut result = Residue::ONE;
    let mut chunk_base = *base;
    e.for_each_chunk(|chunk, bits, i| {
        if i > 0 {
            chunk_base = shift_chunk(&chunk_base);
        }
        let mut part = engine::pow(&chunk_base, chunk, bits);
        result = if i == 0 { part } else { result.mul(&part) };
        part.zeroize();
    });
    chunk_base.zeroize();
    result
}

/// `g^e mod N`: the fixed-base engine when `e` fits it, chunks otherwise.
pub(crate) fn pow_g_secret(e: &SecretExponent) -> Residue {
    if e.bits <= MAX_EXPONENT_BITS {
        let mut out = Residue::ONE;
        e.for_each_chunk(|chunk, bits, _| out = engine::pow_g(chunk, bits));
        out
    } else {
        pow_secret(&engine::generator(), e)
    }
}
