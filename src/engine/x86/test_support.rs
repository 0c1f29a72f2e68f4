//! Helpers shared by the x86-64 kernels' tests: conversions to num-bigint and sample values.

use crate::engine::mont::{self, Fe, L, N};
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

/// A kernel's `mul` and `square` on every pair of [`samples`] against num-bigint's `x·y·R⁻¹ mod N`
/// and against the portable kernel.
pub(crate) fn check_against_num_bigint(mul: impl Fn(&Fe, &Fe) -> Fe, square: impl Fn(&Fe) -> Fe) {
    let n = big(&N);
    let r_inv = (BigUint::from(1u8) << 3072usize).modinv(&n).unwrap();
    let xs = samples();
    for x in &xs {
        let fx = Fe(limbs(x));
        let sq = square(&fx);
        assert_eq!(big(&sq.0), (x * x * &r_inv) % &n, "square {x:x}");
        assert_eq!(sq.0, mont::square(&fx).0);
        for y in &xs {
            let fy = Fe(limbs(y));
            let p = mul(&fx, &fy);
            assert_eq!(big(&p.0), (x * y * &r_inv) % &n, "mul {x:x} {y:x}");
            assert_eq!(p.0, mont::mul(&fx, &fy).0);
        }
    }
}

/// 400 chained operations from N - 1 (each output the next input) against num-bigint.
pub(crate) fn check_chained(mul: impl Fn(&Fe, &Fe) -> Fe, square: impl Fn(&Fe) -> Fe) {
    let n = big(&N);
    let r_inv = (BigUint::from(1u8) << 3072usize).modinv(&n).unwrap();
    let mut x = Fe(limbs(&(&n - 1u8)));
    let mut expect = &n - 1u8;
    let y = &n - 3u8;
    for i in 0..400 {
        if i % 3 == 0 {
            x = mul(&x, &Fe(limbs(&y)));
            expect = (&expect * &y * &r_inv) % &n;
        } else {
            x = square(&x);
            expect = (&expect * &expect * &r_inv) % &n;
        }
        assert_eq!(big(&x.0), expect, "step {i}");
    }
}
