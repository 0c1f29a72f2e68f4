//! The exponentiation paths under test (fixed base, variable base, secret base) and the harness's
//! control, num-bigint's variable-time `modpow`.

use std::hint::black_box;

use cognito_srp_core::hazmat::{modpow_bytes, modpow_g_bytes};

use crate::rng::Rng;

/// A path under test: makes a class-`c` input, then runs the operation on it.
pub trait Path {
    type Input;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Self::Input;
    fn run(&self, input: &Self::Input);
}

/// An exponent of `len` bytes: class 0 is `00…01`.
fn zeroish(len: usize) -> Vec<u8> {
    let mut e = vec![0u8; len];
    e[len - 1] = 1;
    e
}

/// A random exponent of `len` bytes with exactly `weight` bits set.
fn low_weight(len: usize, weight: usize, rng: &mut Rng) -> Vec<u8> {
    let mut e = vec![0u8; len];
    let mut set = 0;
    while set < weight {
        let bit = (rng.next() % (8 * len as u64)) as usize;
        if e[bit / 8] & (1 << (bit % 8)) == 0 {
            e[bit / 8] |= 1 << (bit % 8);
            set += 1;
        }
    }
    e
}

/// g^e on the fixed-base engine, `e` of `len` bytes (class 0: `00…01`).
pub struct FixedBase {
    pub len: usize,
}

impl Path for FixedBase {
    type Input = Vec<u8>;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Vec<u8> {
        if class == 0 {
            zeroish(self.len)
        } else {
            rng.bytes(self.len)
        }
    }
    fn run(&self, e: &Vec<u8>) {
        black_box(modpow_g_bytes(black_box(e)));
    }
}

/// base^e on the variable-base engine, `e` of `len` bytes (class 0: `00…01`, or with `low_weight` a
/// random exponent of Hamming weight 8).
pub struct VariableBase {
    pub base: Vec<u8>,
    pub len: usize,
    pub low_weight: bool,
}

impl Path for VariableBase {
    type Input = Vec<u8>;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Vec<u8> {
        match (class, self.low_weight) {
            (0, false) => zeroish(self.len),
            (0, true) => low_weight(self.len, 8, rng),
            _ => rng.bytes(self.len),
        }
    }
    fn run(&self, e: &Vec<u8>) {
        black_box(modpow_bytes(black_box(&self.base), black_box(e)));
    }
}

/// base^exponent with a fixed exponent and a secret 384-byte base (class 0: 3).
pub struct SecretBase {
    pub exponent: Vec<u8>,
}

impl Path for SecretBase {
    type Input = Vec<u8>;
    fn input(&mut self, class: usize, rng: &mut Rng) -> Vec<u8> {
        if class == 0 {
            let mut b = vec![0u8; 384];
            b[383] = 3;
            b
        } else {
            // A random 383-byte value is below N.
            let mut b = rng.bytes(384);
            b[0] = 0;
            b
        }
    }
    fn run(&self, base: &Vec<u8>) {
        black_box(modpow_bytes(black_box(base), black_box(&self.exponent)));
    }
}

/// The harness's own check: num-bigint's variable-time `modpow` on the S path's classes must show a
/// large |t| (run it with a few thousand measurements; it is not in the default list).
pub struct Control {
    pub base: num_bigint::BigUint,
    pub n: num_bigint::BigUint,
}

impl Path for Control {
    type Input = num_bigint::BigUint;
    fn input(&mut self, class: usize, rng: &mut Rng) -> num_bigint::BigUint {
        let e = if class == 0 {
            zeroish(65)
        } else {
            rng.bytes(65)
        };
        num_bigint::BigUint::from_bytes_be(&e)
    }
    fn run(&self, e: &num_bigint::BigUint) {
        black_box(black_box(&self.base).modpow(e, &self.n));
    }
}
