//! The AVX-512 IFMA kernel against num-bigint and the portable kernel (skipped where the CPU lacks
//! AVX-512 IFMA).

use super::*;
use crate::engine::x86::test_support::{
    Xorshift, big, check_against_num_bigint, check_chained, limbs, samples,
};
use num_bigint::BigUint;

fn kernel() -> Option<Ifma> {
    let k = Ifma::detect();
    if k.is_none() {
        eprintln!("this CPU lacks AVX-512 IFMA: the IFMA kernel is not tested here");
    }
    k
}

/// The value of 52-bit lanes.
fn value_of_lanes(d: &[u64]) -> BigUint {
    d.iter()
        .enumerate()
        .fold(BigUint::from(0u8), |acc, (j, &x)| {
            acc + (BigUint::from(x) << (52 * j))
        })
}

#[test]
fn digits_hold_the_shifted_value() {
    let mut rng = Xorshift(3);
    for round in 0..50 {
        let x: [u64; L] = core::array::from_fn(|_| if round == 0 { u64::MAX } else { rng.next() });
        for shift in [0, 1, 4, 47, 48] {
            let d = digits(&x, shift);
            assert!(d.iter().all(|&v| v <= DIGIT_MASK), "digits are 52 bits");
            assert!(
                d[DIGITS..].iter().all(|&v| v == 0),
                "padding lanes are zero"
            );
            assert_eq!(value_of_lanes(&d), big(&x) << shift, "shift {shift}");
        }
    }
}

#[test]
fn vector_digits_match_the_reference() {
    let Some(_) = kernel() else { return };
    let n = big(&N);
    let mut rng = Xorshift(17);
    let mut values: Vec<[u64; L]> = vec![[u64::MAX; L], limbs(&(&n - 1u8)), [0; L]];
    values.extend((0..50).map(|_| core::array::from_fn(|_| rng.next())));
    for x in values {
        for shift in [0, SQUARE_SHIFT, B_SHIFT] {
            // SAFETY (test): the kernel exists, so the CPU has AVX-512F and VBMI.
            let d = store(unsafe { load_digits(&x, shift) });
            assert_eq!(d, digits(&x, shift), "shift {shift}");
            assert!(
                d[DIGITS..].iter().all(|&v| v == 0),
                "lanes 60 - 63 are zero"
            );
        }
    }
}

#[test]
fn lanes_normalise_into_digits() {
    let Some(_) = kernel() else { return };
    let mut rng = Xorshift(11);
    for round in 0..200 {
        // Lanes as large as a multiplication leaves them (below 2^61), summing to below 2^3073:
        // lane 58 (at 2^3016) below 2^56, lane 59 (at 2^3068) at most 1. Some rounds put runs of
        // all-ones digits in the way of a carry.
        let t: Digits = core::array::from_fn(|j| match j {
            _ if j < 58 => match round % 4 {
                0 => (1 << 60) - 1,
                1 if j % 7 != 3 => DIGIT_MASK,
                1 => DIGIT_MASK + 1,
                _ => rng.next() >> 3,
            },
            58 => {
                if round % 4 == 0 {
                    (1 << 56) - 1
                } else {
                    rng.next() >> 8
                }
            }
            59 => rng.next() & 1,
            _ => 0,
        });
        // SAFETY (test): the kernel exists, so the CPU has AVX-512F.
        let d = store(unsafe { normalise(&load(&t)) });
        assert!(
            d.iter().all(|&v| v <= DIGIT_MASK),
            "round {round}: digits are 52 bits"
        );
        assert_eq!(value_of_lanes(&d), value_of_lanes(&t), "round {round}");
    }
}

#[test]
fn subtraction_and_packing_give_the_reduced_limbs() {
    let Some(_) = kernel() else { return };
    let n = big(&N);
    let mut values: Vec<BigUint> = samples();
    values.extend(samples().into_iter().map(|x| x + &n));
    values.push(&n - 1u8);
    values.push(n.clone());
    values.push(&n + 1u8);
    values.push(&n * 2u8 - 1u8);
    for x in values {
        let limbs_x: [u64; L + 1] = limbs(&x);
        let mut low = [0u64; L];
        low.copy_from_slice(&limbs_x[..L]);
        let mut t = digits(&low, 0);
        // The bit at 2^3072 (digit 59 holds bits 3068 .. 3120).
        t[DIGITS - 1] |= limbs_x[L] << 4;
        // SAFETY (test): the kernel exists, so the CPU has AVX-512F and VBMI.
        let fe = unsafe { pack(&subtract_n_if_above(&load(&t))) };
        assert_eq!(big(&fe.0), &x % &n, "{x:x}");
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

#[test]
fn square_matches_num_bigint_on_random_values() {
    let Some(k) = kernel() else { return };
    let n = big(&N);
    let r_inv = (BigUint::from(1u8) << 3072usize).modinv(&n).unwrap();
    let mut rng = Xorshift(29);
    for round in 0..2000 {
        // Random residues, and values below 2^3071 (so below N, kept as they are) whose 52-bit
        // digits of the value · 2^24 all have bit 51 set: the bit the doubled row carries into the
        // next lane.
        let mut x: [u64; L] = core::array::from_fn(|_| rng.next());
        if round % 2 == 1 {
            x[L - 1] >>= 1;
            for j in 0..DIGITS {
                let bit = 52 * j + 51 - SQUARE_SHIFT;
                if bit < 64 * L - 1 {
                    x[bit / 64] |= 1 << (bit % 64);
                }
            }
            let d = digits(&x, SQUARE_SHIFT);
            assert!(d[..DIGITS - 1].iter().all(|&v| v >> 51 == 1));
        }
        let xb = big(&x) % &n;
        let sq = k.square(&Fe(limbs(&xb)));
        assert_eq!(
            big(&sq.0),
            (&xb * &xb * &r_inv) % &n,
            "round {round}: {xb:x}"
        );
    }
}
