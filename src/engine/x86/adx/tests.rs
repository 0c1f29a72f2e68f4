//! The x86-64 kernel against num-bigint and the portable kernel (skipped where the CPU lacks BMI2 or
//! ADX).

use super::digits::N_INV_NEG;
use super::*;
use crate::engine::x86::test_support::{Xorshift, big, check_against_num_bigint, check_chained};
use num_bigint::BigUint;

fn kernel() -> Option<Adx> {
    let k = Adx::detect();
    if k.is_none() {
        eprintln!("this CPU lacks BMI2 or ADX: the x86-64 kernel is not tested here");
    }
    k
}

#[test]
fn n_inv_neg_is_the_negated_inverse() {
    let m = BigUint::from(1u8) << 384usize;
    let product = (big(&N_INV_NEG) * big(&N)) % &m;
    assert_eq!(product, &m - 1u8);
}

#[test]
fn quotient_digits_clear_a_block() {
    let m = BigUint::from(1u8) << 384usize;
    let mut rng = Xorshift(7);
    for _ in 0..200 {
        let low: [u64; BLOCK] = core::array::from_fn(|_| rng.next());
        let q = quotient_digits(&low);
        assert_eq!((big(&low) + big(&q) * big(&N)) % &m, BigUint::from(0u8));
    }
}

#[test]
fn every_strip_entry_adds_its_rows() {
    let Some(k) = kernel() else { return };
    let mut rng = Xorshift(99);
    for j in 0..BLOCKS {
        for entry in 0..BLOCKS {
            let rows: [u64; L] = core::array::from_fn(|_| rng.next());
            let mut block: [u64; BLOCK + 1] = core::array::from_fn(|_| rng.next());
            let carry_in = rng.next() & 1;
            block[BLOCK] = carry_in;
            let t0: [u64; T] = core::array::from_fn(|i| if i < 90 { rng.next() } else { 0 });
            let mut t = t0;
            k.strip(&mut block, &rows, &mut t, j, entry);
            let first = BLOCK * entry;
            let add = (big(&block[..BLOCK]) * big(&rows[first..])) << (64 * (BLOCK * j + first));
            let expect = big(&t0) + add + (BigUint::from(carry_in) << (64 * (BLOCK * j + L)));
            // Positions up to 6j + 53 are written; the carry out stands for position 6j + 54.
            let top = BLOCK * j + L + BLOCK;
            let mut got = big(&t[..top]) + (BigUint::from(block[BLOCK]) << (64 * top));
            got += big(&t[top..]) << (64 * top);
            assert_eq!(got, expect, "strip {j}, entry {entry}");
        }
    }
}

#[test]
fn block_squares_and_doubling() {
    let Some(k) = kernel() else { return };
    let mut rng = Xorshift(5);
    for round in 0..20 {
        let a: [u64; L] =
            core::array::from_fn(|_| if round % 4 == 0 { u64::MAX } else { rng.next() });
        let d = k.block_squares(&a);
        let mut expect = BigUint::from(0u8);
        for j in 0..BLOCKS {
            let x = big(&a[BLOCK * j..BLOCK * (j + 1)]);
            expect += (&x * &x) << (768 * j);
        }
        assert_eq!(big(&d), expect);
        // t and d below 2^6142, so 2·t + d fits in 96 limbs.
        let t0: [u64; T] = core::array::from_fn(|i| {
            if i < T - 1 {
                rng.next()
            } else {
                rng.next() >> 2
            }
        });
        let d_half: [u64; T] = core::array::from_fn(|i| if i < T - 1 { d[i] } else { d[i] >> 2 });
        let mut t = t0;
        k.double_and_add(&mut t, &d_half);
        assert_eq!(big(&t), big(&t0) * 2u8 + big(&d_half));
    }
}

#[test]
fn mul_and_square_match_num_bigint_and_the_portable_kernel() {
    let Some(k) = kernel() else { return };
    check_against_num_bigint(|a, b| k.mul(a, b), |a| k.square(a));
}

#[test]
fn chained_operations_stay_reduced() {
    let Some(k) = kernel() else { return };
    check_chained(|a, b| k.mul(a, b), |a| k.square(a));
}
