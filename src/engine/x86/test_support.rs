//! Helpers shared by the x86-64 kernels' tests: conversions to num-bigint and sample values.

use crate::engine::mont::{L, N};
use num_bigint::BigUint;

pub(crate) fn big(limbs: &[u64]) -> BigUint {
    let bytes: Vec<u8> = limbs.iter().flat_map(|l| l.to_le_bytes()).collect();
    BigUint::from_bytes_le(&bytes)
}

pub(crate) fn limbs<const K: usize>(x: &BigUint) -> [u64; K] {
    let mut bytes = x.to_bytes_le();
    bytes.resize(8 * K, 0);
    let mut out = [0u64; K];
    for (o, chunk) in out.iter_mut().zip(bytes.chunks(8)) {
        *o = u64::from_le_bytes(chunk.try_into().unwrap());
    }
    out
}

pub(crate) struct Xorshift(pub(crate) u64);

impl Xorshift {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Values below N stressing carries (all-ones limbs, N - 1, R mod N, sparse) and random ones.
pub(crate) fn samples() -> Vec<BigUint> {
    let n = big(&N);
    let r = BigUint::from(1u8) << 3072usize;
    let mut v = vec![
        BigUint::from(0u8),
        BigUint::from(1u8),
        BigUint::from(2u8),
        &n - 1u8,
        &n - 2u8,
        &r % &n,
        (&r - 1u8) % &n,
        (&n - 1u8) >> 1usize,
        (BigUint::from(1u8) << 64usize) - 1u8,
    ];
    let mut rng = Xorshift(0x2545_f491_4f6c_dd1d);
    for k in 0..32 {
        let x: [u64; L] = core::array::from_fn(|i| match k % 4 {
            0 => rng.next(),
            1 => u64::MAX,
            2 if i % 5 == 0 => u64::MAX,
            3 => rng.next() | 0xFFFF_0000_0000_FFFF,
            _ => 0,
        });
        v.push(big(&x) % &n);
    }
    v
}
