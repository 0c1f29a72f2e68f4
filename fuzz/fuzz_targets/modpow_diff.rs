//! The Montgomery engine against num-bigint: `hazmat::modpow_bytes` and `hazmat::modpow_g_bytes` on
//! arbitrary base and exponent bytes (exponent up to 256 bytes, the engine's capacity; longer ones, and
//! bases over 512 bytes, must be refused with `None`).
//!
//! Every Montgomery kernel this CPU runs (the portable one; on x86-64 the MULX/ADX one where the CPU
//! has BMI2 and ADX, and the AVX-512 IFMA one where it has AVX-512 IFMA and VBMI) computes each value and is
//! compared with num-bigint.
//!
//! Input: a flags byte (bit 0: only `g^e`), two bytes of exponent length (little-endian, taken modulo
//! 264 so the fuzzer also reaches lengths past the capacity), the exponent, and the rest as the base.

#![no_main]

use cognito_srp_core::bench_hooks::kernel::{self, Kernel};
use cognito_srp_core::bench_hooks::{modpow_bytes_on, modpow_g_bytes_on};
use libfuzzer_sys::fuzz_target;
use num_bigint::BigUint;

const MAX_EXPONENT_BYTES: usize = 256;
const MAX_BASE_BYTES: usize = 512;

fn be384(v: &BigUint) -> [u8; 384] {
    let bytes = v.to_bytes_be();
    let mut out = [0u8; 384];
    out[384 - bytes.len()..].copy_from_slice(&bytes);
    out
}

fuzz_target!(|data: &[u8]| {
    for k in kernel::available() {
        check(k, data);
    }
});

fn check(k: Kernel, data: &[u8]) {
    if data.len() < 3 {
        return;
    }
    let g_only = data[0] & 1 != 0;
    let elen = usize::from(u16::from_le_bytes([data[1], data[2]])) % 264;
    let rest = &data[3..];
    let (exponent, base) = rest.split_at(elen.min(rest.len()));
    let n = fuzz_input::modulus();
    let e = BigUint::from_bytes_be(exponent);

    let got = modpow_g_bytes_on(k, exponent);
    if exponent.len() > MAX_EXPONENT_BYTES {
        assert!(
            got.is_none(),
            "g^e accepted a {}-byte exponent",
            exponent.len()
        );
    } else {
        let want = BigUint::from(2u8).modpow(&e, &n);
        assert_eq!(
            got.map(|r| r.to_vec()),
            Some(be384(&want).to_vec()),
            "{k:?}: g^e differs for e = {exponent:02x?}"
        );
    }
    if g_only {
        return;
    }

    let got = modpow_bytes_on(k, base, exponent);
    if exponent.len() > MAX_EXPONENT_BYTES || base.len() > MAX_BASE_BYTES {
        assert!(
            got.is_none(),
            "base^e accepted a {}-byte base and {}-byte exponent",
            base.len(),
            exponent.len()
        );
    } else {
        let b = BigUint::from_bytes_be(base) % &n;
        let want = b.modpow(&e, &n);
        assert_eq!(
            got.map(|r| r.to_vec()),
            Some(be384(&want).to_vec()),
            "{k:?}: base^e differs for base = {base:02x?}, e = {exponent:02x?}"
        );
    }
}
