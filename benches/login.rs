//! A whole sign-in: the official client's math written plainly with num-bigint, beside this crate.
//!
//! Ids (kept stable so figures compare from run to run): `login/reference_num_bigint`,
//! `login/this_crate` (start + respond, defaults, on the Montgomery kernel the engine selects on this
//! CPU), `login/this_crate_portable` (the same on the portable kernel), `login/this_crate_x86_adx`
//! (on the MULX/ADX kernel, where the CPU has it and selects another), `login/this_crate_respond`
//! (respond only, A precomputed), `login/this_crate_reference_size` (start + respond with the official
//! 1024-bit a).

use std::collections::HashMap;
use std::hint::black_box;

use cognito_srp_core::bench_hooks::kernel::{self, Kernel};
use cognito_srp_core::hazmat::{decode_base64, pad_unsigned};
use cognito_srp_core::{
    AppClient, EphemeralSize, Password, PasswordVerifier, ServerSession, Timestamp,
};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use hmac::{KeyInit, Mac};
use num_bigint::BigUint;
use rand::SeedableRng;
use rand::rngs::StdRng;
use sha2::{Digest, Sha256};

const POOL: &str = "us-east-1_AbCdEf123";
const POOL_NAME: &str = "AbCdEf123";
const USER: &str = "alice";
const PASSWORD: &str = "Correct-Horse-Battery-9!";
const BLOCK: &str = "c2VjcmV0IGJsb2NrIGZyb20gdGhlIHNlcnZlcg==";

fn challenge(rng: &mut StdRng) -> HashMap<String, String> {
    let verifier =
        PasswordVerifier::generate(rng, POOL_NAME, USER, &Password::new(PASSWORD).unwrap());
    let server = ServerSession::start(rng, &verifier);
    [
        ("SALT", verifier.salt().to_signed_hex()),
        ("SRP_B", server.srp_b().to_owned()),
        ("SECRET_BLOCK", BLOCK.to_owned()),
        ("USERNAME", USER.to_owned()),
        ("USER_ID_FOR_SRP", USER.to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

fn pad(n: &BigUint) -> Vec<u8> {
    pad_unsigned(&n.to_bytes_be())
}

fn salt_pad(text: &str) -> Vec<u8> {
    cognito_srp_core::HexInteger::parse_salt(text)
        .unwrap()
        .pad()
}

/// amazon-cognito-identity-js's AuthenticationHelper, step for step, on num-bigint.
fn reference_login(rng: &mut StdRng, params: &HashMap<String, String>, timestamp: &str) -> String {
    use rand::Rng;
    let n = BigUint::from_bytes_be(&cognito_srp_core::group::n_bytes());
    let g = BigUint::from(2u8);
    let k = BigUint::from_bytes_be(&cognito_srp_core::group::K);
    let mut a_bytes = [0u8; 128];
    rng.fill_bytes(&mut a_bytes);
    let a = BigUint::from_bytes_be(&a_bytes);
    let big_a = g.modpow(&a, &n);
    let b = BigUint::parse_bytes(params["SRP_B"].as_bytes(), 16).unwrap();
    let u = BigUint::from_bytes_be(
        &Sha256::new()
            .chain_update(pad(&big_a))
            .chain_update(pad(&b))
            .finalize(),
    );
    let inner = Sha256::new()
        .chain_update(POOL_NAME)
        .chain_update(&params["USER_ID_FOR_SRP"])
        .chain_update(":")
        .chain_update(PASSWORD)
        .finalize();
    let x = BigUint::from_bytes_be(
        &Sha256::new()
            .chain_update(salt_pad(&params["SALT"]))
            .chain_update(inner)
            .finalize(),
    );
    let gx = g.modpow(&x, &n);
    let kgx = (k * gx) % &n;
    let base = ((b % &n) + &n - kgx) % &n;
    let s = base.modpow(&(a + &u * &x), &n);
    let hk = hkdf::Hkdf::<Sha256>::new(Some(&pad(&u)), &pad(&s));
    let mut key = [0u8; 16];
    hk.expand(b"Caldera Derived Key", &mut key).unwrap();
    let mut mac = hmac::Hmac::<Sha256>::new_from_slice(&key).unwrap();
    mac.update(POOL_NAME.as_bytes());
    mac.update(params["USER_ID_FOR_SRP"].as_bytes());
    mac.update(&decode_base64("SECRET_BLOCK", BLOCK, 1 << 16).unwrap());
    mac.update(timestamp.as_bytes());
    cognito_srp_core::hazmat::encode_base64(&mac.finalize().into_bytes())
}

fn login(c: &mut Criterion) {
    let mut rng = StdRng::seed_from_u64(1);
    let params = challenge(&mut rng);
    let client = AppClient::new(POOL, "client").unwrap();
    let password = Password::new(PASSWORD).unwrap();
    let now = Timestamp::from_datetime(
        &chrono::DateTime::parse_from_rfc3339("2026-11-03T09:05:07Z").unwrap(),
    );

    let mut group = c.benchmark_group("login");
    group.sample_size(30);
    group.bench_function("reference_num_bigint", |b| {
        b.iter(|| black_box(reference_login(&mut rng, &params, now.as_str())))
    });
    group.bench_function("this_crate", |b| {
        b.iter(|| {
            let login = client.start_user_srp(USER, &mut rng).unwrap();
            black_box(login.respond(&params, &password, &now).unwrap())
        })
    });
    // The same sign-in with every exponentiation forced onto another kernel.
    let mut others = vec![Kernel::Portable];
    if kernel::best() != Kernel::X86Adx && kernel::available().contains(&Kernel::X86Adx) {
        others.push(Kernel::X86Adx);
    }
    for k in others {
        assert!(kernel::set(k));
        let id = match k {
            Kernel::Portable => "this_crate_portable".to_string(),
            k => format!("this_crate_{}", k.name()),
        };
        group.bench_function(id, |b| {
            b.iter(|| {
                let login = client.start_user_srp(USER, &mut rng).unwrap();
                black_box(login.respond(&params, &password, &now).unwrap())
            })
        });
    }
    assert!(kernel::set(kernel::best()));
    group.bench_function("this_crate_respond", |b| {
        b.iter_batched(
            || {
                client
                    .start_user_srp(USER, &mut StdRng::seed_from_u64(2))
                    .unwrap()
            },
            |login| black_box(login.respond(&params, &password, &now).unwrap()),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("this_crate_reference_size", |b| {
        b.iter(|| {
            let eph = cognito_srp_core::ClientEphemeral::generate_with_size(
                &mut rng,
                EphemeralSize::REFERENCE,
            );
            let login = client.start_user_srp_with(USER, eph).unwrap();
            black_box(login.respond(&params, &password, &now).unwrap())
        })
    });
    group.finish();
}

criterion_group!(benches, login);
criterion_main!(benches);
