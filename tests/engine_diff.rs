//! Differential tests of the modular-exponentiation engine against num-bigint.
//!
//! Expected values always come from `num_bigint::BigUint::modpow`, never from the engine. Every check
//! runs on each Montgomery kernel this CPU supports (the portable one everywhere; on x86-64 the MULX/ADX
//! one where BMI2 and ADX exist, and the AVX-512 IFMA one where AVX-512F, BW, IFMA and VBMI exist),
//! called explicitly rather than through the process-wide selection.

use cognito_srp_core::bench_hooks::kernel::{self, Kernel};
use cognito_srp_core::bench_hooks::{modpow_bytes_on, modpow_g_bytes_on};
use cognito_srp_core::group::{N_BYTES, N_HEX};
use num_bigint::BigUint;
use proptest::prelude::*;

/// The kernels this CPU runs; the portable one always.
fn kernels() -> Vec<Kernel> {
    let ks = kernel::available();
    assert_eq!(ks[0], Kernel::Portable, "the reference comes first");
    ks
}

/// `2^e mod N` on every kernel; all must agree (the caller compares the value with num-bigint).
fn modpow_g_bytes(exponent: &[u8]) -> Option<[u8; N_BYTES]> {
    let results: Vec<_> = kernels()
        .into_iter()
        .map(|k| (k, modpow_g_bytes_on(k, exponent)))
        .collect();
    for (k, r) in &results[1..] {
        assert_eq!(
            *r, results[0].1,
            "g^e: the {k:?} kernel disagrees with the portable one"
        );
    }
    results[0].1
}

/// `base^e mod N` on every kernel; all must agree.
fn modpow_bytes(base: &[u8], exponent: &[u8]) -> Option<[u8; N_BYTES]> {
    let results: Vec<_> = kernels()
        .into_iter()
        .map(|k| (k, modpow_bytes_on(k, base, exponent)))
        .collect();
    for (k, r) in &results[1..] {
        assert_eq!(
            *r, results[0].1,
            "b^e: the {k:?} kernel disagrees with the portable one"
        );
    }
    results[0].1
}

fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("N_HEX is hex")
}

fn be384(x: &BigUint) -> [u8; N_BYTES] {
    let bytes = x.to_bytes_be();
    let mut out = [0u8; N_BYTES];
    out[N_BYTES - bytes.len()..].copy_from_slice(&bytes);
    out
}

fn expect_pow(base: &[u8], exponent: &[u8]) -> [u8; N_BYTES] {
    let n = n();
    let b = BigUint::from_bytes_be(base) % &n;
    be384(&b.modpow(&BigUint::from_bytes_be(exponent), &n))
}

fn expect_pow_g(exponent: &[u8]) -> [u8; N_BYTES] {
    expect_pow(&[2], exponent)
}

fn check_g(exponent: &[u8]) {
    assert_eq!(
        modpow_g_bytes(exponent).expect("within capacity"),
        expect_pow_g(exponent),
        "2^e for a {}-byte exponent {}",
        exponent.len(),
        hex(exponent)
    );
}

fn check_var(base: &[u8], exponent: &[u8]) {
    assert_eq!(
        modpow_bytes(base, exponent).expect("within capacity"),
        expect_pow(base, exponent),
        "b^e for a {}-byte base and a {}-byte exponent {}",
        base.len(),
        exponent.len(),
        hex(exponent)
    );
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Bit sizes the protocol uses (x, default a, S for default a, reference a, capacity) and odd ones.
const SIZE_CLASSES_BYTES: [usize; 7] = [32, 48, 64, 65, 128, 129, 256];

fn exponent_strategy() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(vec![]),
        Just(vec![0]),
        Just(vec![1]),
        Just(vec![0; 256]),
        prop::sample::select(SIZE_CLASSES_BYTES.to_vec()).prop_map(|len| vec![0xff; len]),
        // Every size class with random content, and a top byte forced high or forced to zero.
        (
            prop::sample::select(SIZE_CLASSES_BYTES.to_vec()),
            any::<bool>()
        )
            .prop_flat_map(|(len, zero_top)| {
                prop::collection::vec(any::<u8>(), len).prop_map(move |mut v| {
                    v[0] = if zero_top { 0 } else { v[0] | 0x80 };
                    v
                })
            }),
        prop::collection::vec(any::<u8>(), 0..=256),
        // Sparse exponents: few bits set, hitting single table entries and window edges.
        (1usize..=256, prop::collection::vec(any::<u16>(), 1..4)).prop_map(|(len, bits)| {
            let mut v = vec![0u8; len];
            for b in bits {
                let b = usize::from(b) % (8 * len);
                v[len - 1 - b / 8] |= 1 << (b % 8);
            }
            v
        }),
    ]
}

fn base_strategy() -> impl Strategy<Value = Vec<u8>> {
    let n = n();
    let special: Vec<Vec<u8>> = vec![
        vec![],
        vec![0],
        vec![1],
        vec![2],
        (&n - 1u8).to_bytes_be(),
        (&n - 2u8).to_bytes_be(),
        n.to_bytes_be(),
        (&n + 1u8).to_bytes_be(),
        (&n * 2u8).to_bytes_be(),
        (&n * 3u8 - 1u8).to_bytes_be(),
        vec![0xff; N_BYTES],
        vec![0xff; 512],
        {
            let mut v = vec![0u8; 512];
            v[511] = 1;
            v
        },
    ];
    prop_oneof![
        prop::sample::select(special),
        prop::collection::vec(any::<u8>(), 0..=512),
        prop::collection::vec(any::<u8>(), N_BYTES..=N_BYTES),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn pow_g_matches_num_bigint(exponent in exponent_strategy()) {
        prop_assert_eq!(modpow_g_bytes(&exponent).expect("within capacity"), expect_pow_g(&exponent));
    }

    #[test]
    fn pow_matches_num_bigint(base in base_strategy(), exponent in exponent_strategy()) {
        prop_assert_eq!(
            modpow_bytes(&base, &exponent).expect("within capacity"),
            expect_pow(&base, &exponent)
        );
    }

    #[test]
    fn pow_of_two_agrees_with_pow_g(exponent in exponent_strategy()) {
        prop_assert_eq!(modpow_bytes(&[2], &exponent), modpow_g_bytes(&exponent));
    }
}

#[test]
fn empty_and_zero_exponents_give_one() {
    let mut one = [0u8; N_BYTES];
    one[N_BYTES - 1] = 1;
    for e in [&[][..], &[0][..], &[0; 256][..]] {
        assert_eq!(modpow_g_bytes(e), Some(one));
        assert_eq!(modpow_bytes(&[0], e), Some(one));
        assert_eq!(modpow_bytes(&[7, 7, 7], e), Some(one));
    }
}

#[test]
fn capacity_limits() {
    assert!(modpow_g_bytes(&[1; 257]).is_none());
    assert!(modpow_bytes(&[2], &[1; 257]).is_none());
    assert!(modpow_bytes(&[1; 513], &[1]).is_none());
    assert!(modpow_bytes(&[1; 512], &[1; 256]).is_some());
}

#[test]
fn all_ones_exponents_of_every_size_class() {
    for bits in [8usize, 24, 256, 384, 512, 520, 1024, 1032, 2048] {
        let e = vec![0xff; bits / 8];
        check_g(&e);
        check_var(&[3], &e);
        check_var(&(n() - 1u8).to_bytes_be(), &e);
    }
}

/// The fixed-base table is built in 48-bit segments (6 teeth, 8 bits apart) and the variable-base
/// windows are up to 6 bits wide: exponents whose length lands on, just below or just above a
/// segment or window boundary, with only the top bit, only the bottom bit, or a bit on each side of
/// the boundary set.
#[test]
fn table_and_window_boundaries() {
    for len in [
        1usize, 2, 3, 4, 5, 6, 7, 11, 12, 13, 15, 16, 18, 30, 42, 47, 48, 49, 63, 64, 66, 96, 127,
        128, 129, 252, 255, 256,
    ] {
        let mut patterns = vec![vec![0u8; len], vec![0xff; len]];
        let mut top = vec![0u8; len];
        top[0] = 0x80;
        patterns.push(top);
        let mut bottom = vec![0u8; len];
        bottom[len - 1] = 1;
        patterns.push(bottom);
        let bits = 8 * len;
        for boundary in [8usize, 48, 96, 5, 6, 30, 40] {
            let mut around = vec![0u8; len];
            for b in [boundary.wrapping_sub(1), boundary, boundary + 1] {
                if b < bits {
                    around[len - 1 - b / 8] |= 1 << (b % 8);
                }
            }
            patterns.push(around);
        }
        for e in &patterns {
            check_g(e);
            check_var(&[5], e);
        }
    }
}

#[test]
fn every_single_bit_of_a_384_bit_exponent() {
    // Each bit position reaches one specific table entry of one segment and column.
    for b in 0..384 {
        let mut e = vec![0u8; 48];
        e[47 - b / 8] |= 1 << (b % 8);
        check_g(&e);
    }
}

#[test]
fn every_digit_of_one_segment() {
    // All 64 digits of segment 0, column 0 (bits 0, 8, 16, ..., 40), alone and with the top bit set.
    for digit in 0u32..64 {
        let mut e = vec![0u8; 48];
        for k in 0..6 {
            if digit >> k & 1 == 1 {
                let b = 8 * k as usize;
                e[47 - b / 8] |= 1 << (b % 8);
            }
        }
        check_g(&e);
        e[0] |= 0x80;
        check_g(&e);
        check_var(&[0xab; 40], &e);
    }
}

#[test]
fn concurrent_first_use_of_the_table() {
    // Threads race to extend the lazily built fixed-base table to different sizes.
    let handles: Vec<_> = [2048usize, 1024, 384, 2048, 520, 256]
        .into_iter()
        .enumerate()
        .map(|(i, bits)| {
            std::thread::spawn(move || {
                let e: Vec<u8> = (0..bits / 8)
                    .map(|k| (k as u8).wrapping_mul(29).wrapping_add(i as u8))
                    .collect();
                (
                    modpow_g_bytes(&e).expect("within capacity"),
                    expect_pow_g(&e),
                )
            })
        })
        .collect();
    for h in handles {
        let (ours, theirs) = h.join().expect("no panic");
        assert_eq!(ours, theirs);
    }
}

/// Each kernel on its own against num-bigint (not only against the other kernel), and the one the
/// process selects is the best this CPU has unless `COGNITO_SRP_KERNEL` names another one it can run.
#[test]
fn each_kernel_alone_matches_num_bigint() {
    let base = (n() - 5u8).to_bytes_be();
    for k in kernels() {
        for len in [32usize, 48, 65, 129, 256] {
            let e: Vec<u8> = (0..len)
                .map(|i| (i as u8).wrapping_mul(0x3b) ^ 0xc5)
                .collect();
            assert_eq!(
                modpow_g_bytes_on(k, &e),
                Some(expect_pow_g(&e)),
                "{k:?} g^e, {len} bytes"
            );
            assert_eq!(
                modpow_bytes_on(k, &base, &e),
                Some(expect_pow(&base, &e)),
                "{k:?} b^e, {len} bytes"
            );
        }
    }
    let asked = std::env::var("COGNITO_SRP_KERNEL").ok();
    let expect = match Kernel::ALL
        .into_iter()
        .find(|k| asked.as_deref() == Some(k.name()))
    {
        Some(k) if kernel::available().contains(&k) => k,
        _ => kernel::best(),
    };
    assert_eq!(kernel::selected(), expect, "COGNITO_SRP_KERNEL={asked:?}");
}

#[cfg(target_arch = "x86_64")]
#[test]
fn the_x86_kernels_are_found_where_the_cpu_has_them() {
    let adx =
        std::arch::is_x86_feature_detected!("bmi2") && std::arch::is_x86_feature_detected!("adx");
    let ifma = std::arch::is_x86_feature_detected!("avx512f")
        && std::arch::is_x86_feature_detected!("avx2")
        && std::arch::is_x86_feature_detected!("fma")
        && std::arch::is_x86_feature_detected!("f16c")
        && std::arch::is_x86_feature_detected!("avx512bw")
        && std::arch::is_x86_feature_detected!("avx512ifma")
        && std::arch::is_x86_feature_detected!("avx512vbmi");
    let available = kernel::available();
    assert_eq!(available.contains(&Kernel::X86Adx), adx);
    assert_eq!(available.contains(&Kernel::X86Ifma), ifma);
    let best = if ifma {
        Kernel::X86Ifma
    } else if adx {
        Kernel::X86Adx
    } else {
        Kernel::Portable
    };
    assert_eq!(kernel::best(), best);
    if !(adx && ifma) {
        eprintln!("this CPU lacks BMI2/ADX or AVX-512 IFMA/VBMI: only {available:?} were tested");
    }
}
