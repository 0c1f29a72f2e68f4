//! Modular exponentiation: the engine against num-bigint's `BigUint::modpow`, with the `bench-gmp`
//! feature against GMP (through `rug`) and with `bench-openssl` against OpenSSL's constant-time
//! `BN_mod_exp_mont_consttime` (through the `openssl` crate), on the same inputs.
//!
//! Group `modpow`: `g_pow_a` (1024-bit exponent, the official client's size), `g_pow_a_384` (the
//! default ephemeral size), `g_pow_x` (256-bit x), `var_pow_e` (513-bit exponent: S with a default
//! `a`), `var_pow_e_1025` (S with a reference-size `a`), and `sign_in` (the three exponentiations of
//! one sign-in). Contenders: `engine` (the engine on the kernel it selects on this CPU), `portable`
//! (the engine forced onto the portable kernel), `x86_adx` (forced onto the MULX/ADX kernel, where
//! the CPU has it and it is not the one selected), `num_bigint`, and with `bench-gmp` `gmp_secure`
//! (`mpz_powm_sec`, constant time) and `gmp` (`mpz_powm`), and with `bench-openssl` `openssl_consttime`
//! (`BN_mod_exp` with the exponent flagged `BN_FLG_CONSTTIME`, which OpenSSL answers with
//! `BN_mod_exp_mont_consttime`; it sets up its Montgomery constants for N on each call, as a caller
//! without a cached `BN_MONT_CTX` does). `sign_in` runs the engine at the default
//! sizes (`engine`, `portable`, `x86_adx`) and at the reference client's sizes (`*_reference_size`);
//! num-bigint, GMP and OpenSSL run the reference sizes (1024-bit a, 256-bit x, 1025-bit exponent of S).
//! Group `mont`: one multiplication / squaring mod N on each kernel (`portable`, `x86_adx`,
//! `x86_ifma`), and
//! crypto-bigint's and num-bigint's for scale.
//!
//! Run: `cargo bench --bench modpow` (about three minutes), or with GMP and OpenSSL (needs libgmp-dev,
//! libssl-dev and pkg-config): `cargo bench --features bench-gmp,bench-openssl --bench modpow`.

use std::hint::black_box;
use std::time::Duration;

use cognito_srp_core::bench_hooks as engine;
use cognito_srp_core::bench_hooks::kernel::{self, Kernel};
use cognito_srp_core::group::N_HEX;
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use num_bigint::BigUint;

fn n() -> BigUint {
    BigUint::parse_bytes(N_HEX.as_bytes(), 16).expect("N_HEX is hex")
}

/// Deterministic pseudo-random bytes (xorshift64*), so every run measures the same inputs.
fn bytes(len: usize, seed: u64) -> Vec<u8> {
    let mut s = seed | 1;
    (0..len)
        .map(|_| {
            s ^= s >> 12;
            s ^= s << 25;
            s ^= s >> 27;
            (s.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 56) as u8
        })
        .collect()
}

/// A `bits`-bit exponent with its top bit set, as big-endian bytes.
fn exponent(bits: usize, seed: u64) -> Vec<u8> {
    let len = bits.div_ceil(8);
    let mut e = bytes(len, seed);
    let top = (bits - 1) % 8;
    e[0] &= (1u16 << (top + 1)).wrapping_sub(1) as u8;
    e[0] |= 1 << top;
    e
}

/// The engine's contenders: the selected kernel as `engine`, the portable one, and the MULX/ADX one
/// where this CPU has it and selects another.
fn contenders() -> Vec<(&'static str, Kernel)> {
    let mut out = vec![("engine", kernel::best()), ("portable", Kernel::Portable)];
    if kernel::best() != Kernel::X86Adx && kernel::available().contains(&Kernel::X86Adx) {
        out.push((Kernel::X86Adx.name(), Kernel::X86Adx));
    }
    out
}

fn modpow(c: &mut Criterion) {
    let n = n();
    let two = BigUint::from(2u8);
    let base_bytes = {
        let b = BigUint::from_bytes_be(&bytes(384, 7)) % &n;
        b.to_bytes_be()
    };
    let base_big = BigUint::from_bytes_be(&base_bytes);
    let base_engine = engine::value(&base_bytes).expect("384 bytes");

    // Both sides compute the same value: checked once before timing.
    let check = |e: &[u8], bits: u32| {
        let ours = engine::to_be(&engine::pow(
            &base_engine,
            &engine::exponent_with_bits(e, bits).unwrap(),
        ));
        let theirs = base_big.modpow(&BigUint::from_bytes_be(e), &n);
        assert_eq!(BigUint::from_bytes_be(&ours), theirs);
        let ours = engine::to_be(&engine::pow_g(
            &engine::exponent_with_bits(e, bits).unwrap(),
        ));
        assert_eq!(
            BigUint::from_bytes_be(&ours),
            two.modpow(&BigUint::from_bytes_be(e), &n)
        );
    };

    let mut group = c.benchmark_group("modpow");
    group
        .sample_size(20)
        .warm_up_time(Duration::from_millis(700))
        .measurement_time(Duration::from_secs(3));

    #[cfg(feature = "bench-gmp")]
    let (n_gmp, two_gmp, base_gmp) = (gmp::int(&n), gmp::int(&two), gmp::int(&base_big));
    #[cfg(feature = "bench-openssl")]
    let (n_ssl, two_ssl, base_ssl) = (ssl::int(&n), ssl::int(&two), ssl::int(&base_big));

    for (id, fixed_base, bits, seed) in [
        ("g_pow_a", true, 1024, 11),
        ("g_pow_a_384", true, 384, 12),
        ("g_pow_x", true, 256, 13),
        ("var_pow_e", false, 513, 21),
        ("var_pow_e_1025", false, 1025, 22),
    ] {
        let e = exponent(bits, seed);
        check(&e, bits as u32);
        let e_big = BigUint::from_bytes_be(&e);
        let e_engine = engine::exponent_with_bits(&e, bits as u32).unwrap();
        let base_big = if fixed_base { &two } else { &base_big };
        group.bench_function(BenchmarkId::new(id, "num_bigint"), |b| {
            b.iter(|| black_box(base_big.modpow(black_box(&e_big), &n)))
        });
        for (name, k) in contenders() {
            assert!(kernel::set(k));
            if fixed_base {
                group.bench_function(BenchmarkId::new(id, name), |b| {
                    b.iter(|| black_box(engine::pow_g(black_box(&e_engine))))
                });
            } else {
                group.bench_function(BenchmarkId::new(id, name), |b| {
                    b.iter(|| black_box(engine::pow(&base_engine, black_box(&e_engine))))
                });
            }
        }
        assert!(kernel::set(kernel::best()));
        #[cfg(feature = "bench-gmp")]
        {
            let base = if fixed_base { &two_gmp } else { &base_gmp };
            let e = gmp::int(&e_big);
            gmp::check(base, &e, &n_gmp, &base_big.modpow(&e_big, &n));
            group.bench_function(BenchmarkId::new(id, "gmp_secure"), |b| {
                b.iter(|| black_box(gmp::secure_pow_mod(base, black_box(&e), &n_gmp)))
            });
            group.bench_function(BenchmarkId::new(id, "gmp"), |b| {
                b.iter(|| black_box(gmp::pow_mod(base, black_box(&e), &n_gmp)))
            });
        }
        #[cfg(feature = "bench-openssl")]
        {
            let base = if fixed_base { &two_ssl } else { &base_ssl };
            let e = ssl::secret(&e_big);
            let expect = base_big.modpow(&e_big, &n);
            assert_eq!(ssl::consttime_pow_mod(base, &e, &n_ssl), ssl::int(&expect));
            group.bench_function(BenchmarkId::new(id, "openssl_consttime"), |b| {
                b.iter(|| black_box(ssl::consttime_pow_mod(base, black_box(&e), &n_ssl)))
            });
        }
    }

    // One sign-in's exponentiations: g^a, g^x, S = base^(a + u·x).
    let (a_ref, x, s_ref) = (exponent(1024, 31), exponent(256, 32), exponent(1025, 33));
    let (a_def, s_def) = (exponent(384, 34), exponent(513, 35));
    let big = |e: &[u8]| BigUint::from_bytes_be(e);
    let (a_ref_big, x_big, s_ref_big) = (big(&a_ref), big(&x), big(&s_ref));
    group.bench_function(BenchmarkId::new("sign_in", "num_bigint"), |b| {
        b.iter(|| {
            black_box(two.modpow(black_box(&a_ref_big), &n));
            black_box(two.modpow(black_box(&x_big), &n));
            black_box(base_big.modpow(black_box(&s_ref_big), &n));
        })
    });
    let with_bits = |e: &[u8], bits| engine::exponent_with_bits(e, bits).unwrap();
    let default_size = (
        with_bits(&a_def, 384),
        with_bits(&x, 256),
        with_bits(&s_def, 513),
    );
    let reference_size = (
        with_bits(&a_ref, 1024),
        with_bits(&x, 256),
        with_bits(&s_ref, 1025),
    );
    let mut runs: Vec<(String, Kernel, _)> = contenders()
        .into_iter()
        .map(|(name, k)| (name.to_string(), k, &default_size))
        .collect();
    runs.push((
        "engine_reference_size".into(),
        kernel::best(),
        &reference_size,
    ));
    runs.push((
        "portable_reference_size".into(),
        Kernel::Portable,
        &reference_size,
    ));
    for (name, kernel, sizes) in runs {
        assert!(kernel::set(kernel));
        let (a_e, x_e, s_e) = sizes;
        group.bench_function(BenchmarkId::new("sign_in", name), |b| {
            b.iter(|| {
                black_box(engine::pow_g(black_box(a_e)));
                black_box(engine::pow_g(black_box(x_e)));
                black_box(engine::pow(&base_engine, black_box(s_e)));
            })
        });
    }
    assert!(kernel::set(kernel::best()));
    #[cfg(feature = "bench-gmp")]
    {
        let (a, x, s) = (gmp::int(&a_ref_big), gmp::int(&x_big), gmp::int(&s_ref_big));
        group.bench_function(BenchmarkId::new("sign_in", "gmp_secure"), |b| {
            b.iter(|| {
                black_box(gmp::secure_pow_mod(&two_gmp, black_box(&a), &n_gmp));
                black_box(gmp::secure_pow_mod(&two_gmp, black_box(&x), &n_gmp));
                black_box(gmp::secure_pow_mod(&base_gmp, black_box(&s), &n_gmp));
            })
        });
        group.bench_function(BenchmarkId::new("sign_in", "gmp"), |b| {
            b.iter(|| {
                black_box(gmp::pow_mod(&two_gmp, black_box(&a), &n_gmp));
                black_box(gmp::pow_mod(&two_gmp, black_box(&x), &n_gmp));
                black_box(gmp::pow_mod(&base_gmp, black_box(&s), &n_gmp));
            })
        });
    }
    #[cfg(feature = "bench-openssl")]
    {
        let (a, x, s) = (
            ssl::secret(&a_ref_big),
            ssl::secret(&x_big),
            ssl::secret(&s_ref_big),
        );
        group.bench_function(BenchmarkId::new("sign_in", "openssl_consttime"), |b| {
            b.iter(|| {
                black_box(ssl::consttime_pow_mod(&two_ssl, black_box(&a), &n_ssl));
                black_box(ssl::consttime_pow_mod(&two_ssl, black_box(&x), &n_ssl));
                black_box(ssl::consttime_pow_mod(&base_ssl, black_box(&s), &n_ssl));
            })
        });
    }
    group.finish();
}

/// GMP through `rug`: `mpz_powm_sec` (constant time) and `mpz_powm`.
#[cfg(feature = "bench-gmp")]
mod gmp {
    use num_bigint::BigUint;
    use rug::Integer;
    use rug::integer::Order;

    pub fn int(x: &BigUint) -> Integer {
        Integer::from_digits(&x.to_bytes_be(), Order::Msf)
    }

    pub fn secure_pow_mod(base: &Integer, e: &Integer, n: &Integer) -> Integer {
        Integer::from(base.secure_pow_mod_ref(e, n))
    }

    pub fn pow_mod(base: &Integer, e: &Integer, n: &Integer) -> Integer {
        Integer::from(
            base.pow_mod_ref(e, n)
                .expect("N is odd and the exponent positive"),
        )
    }

    /// Both GMP calls give num-bigint's value.
    pub fn check(base: &Integer, e: &Integer, n: &Integer, expect: &BigUint) {
        let expect = int(expect);
        assert_eq!(secure_pow_mod(base, e, n), expect);
        assert_eq!(pow_mod(base, e, n), expect);
    }
}

/// OpenSSL through the `openssl` crate: `BN_mod_exp` with a `BN_FLG_CONSTTIME` exponent, which takes
/// `BN_mod_exp_mont_consttime` (an odd modulus and a flagged exponent skip its word-base path).
#[cfg(feature = "bench-openssl")]
mod ssl {
    use num_bigint::BigUint;
    use openssl::bn::{BigNum, BigNumContext};

    pub fn int(x: &BigUint) -> BigNum {
        BigNum::from_slice(&x.to_bytes_be()).expect("a BIGNUM from bytes")
    }

    /// An exponent flagged secret, as a caller of OpenSSL marks a private exponent.
    pub fn secret(x: &BigUint) -> BigNum {
        let mut e = int(x);
        e.set_const_time();
        assert!(e.is_const_time());
        e
    }

    pub fn consttime_pow_mod(base: &BigNum, e: &BigNum, n: &BigNum) -> BigNum {
        let mut ctx = BigNumContext::new().expect("a BN_CTX");
        let mut r = BigNum::new().expect("a BIGNUM");
        r.mod_exp(base, e, n, &mut ctx)
            .expect("N is odd and the exponent positive");
        r
    }
}

fn mont(c: &mut Criterion) {
    use crypto_bigint::{U3072, const_monty_params, modular::ConstMontyForm};
    const_monty_params!(Modulus, U3072, cognito_srp_core::group::N_HEX);
    type Cb = ConstMontyForm<Modulus, { U3072::LIMBS }>;

    let n = n();
    let (x, y) = (bytes(384, 41), bytes(384, 42));
    let (xb, yb) = (
        BigUint::from_bytes_be(&x) % &n,
        BigUint::from_bytes_be(&y) % &n,
    );
    let (xe, ye) = (engine::value(&x).unwrap(), engine::value(&y).unwrap());
    let (xc, yc) = (
        Cb::new(&U3072::from_be_slice(&x)),
        Cb::new(&U3072::from_be_slice(&y)),
    );

    let mut group = c.benchmark_group("mont");
    group
        .sample_size(30)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    let (xr, yr) = (engine::raw(&xe), engine::raw(&ye));
    for k in Kernel::ALL {
        if !kernel::set(k) {
            eprintln!("mont: this CPU cannot run the {k:?} kernel; skipped");
            continue;
        }
        let id = k.name();
        group.bench_function(BenchmarkId::new("mul", id), |b| {
            b.iter(|| black_box(engine::mul(k, black_box(&xr), black_box(&yr))))
        });
        group.bench_function(BenchmarkId::new("square", id), |b| {
            b.iter(|| black_box(engine::square(k, black_box(&xr))))
        });
    }
    kernel::set(kernel::best());
    group.bench_function(BenchmarkId::new("mul", "crypto_bigint"), |b| {
        b.iter(|| black_box(black_box(&xc).mul(black_box(&yc))))
    });
    group.bench_function(BenchmarkId::new("square", "crypto_bigint"), |b| {
        b.iter(|| black_box(black_box(&xc).square()))
    });
    group.bench_function(BenchmarkId::new("mul_rem", "num_bigint"), |b| {
        b.iter(|| black_box((black_box(&xb) * black_box(&yb)) % &n))
    });
    group.finish();
}

criterion_group!(benches, modpow, mont);
criterion_main!(benches);
