//! One RS256 signature of an access token's claims, three ways in one run (thread CPU medians): as
//! tokens were signed before (jsonwebtoken's `encode` on `rsa`, with the key as PKCS#1 DER, decoded
//! again for every signature); `rsa` with the key decoded once; and [`TokenService::sign`] (`ring`, the
//! key decoded once).
//!
//! `cargo bench -p cognito-srp-server --bench token_signing` (`ROUNDS=n`, 300 by default).

use std::hint::black_box;
use std::time::Duration;

use cognito_srp_server::TokenService;
use jsonwebtoken::{Algorithm, EncodingKey, Header};
use rsa::pkcs1::EncodeRsaPrivateKey as _;
use rsa::signature::RandomizedSigner as _;
use serde_json::{Map, Value, json};

/// CPU time of this thread so far (`CLOCK_THREAD_CPUTIME_ID`).
fn thread_cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e6
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(300);
    let pool = "us-east-1_Sign1";
    let claims: Map<String, Value> = json!({
        "sub": "5b1c3e7a-1f0b-4c55-9a0e-2f4d1b9c8e21", "iss": format!("http://127.0.0.1:9229/{pool}"),
        "client_id": "demo-client", "origin_jti": "0f0e5c1d-52a4-4d8e-9c1e-3a1b2c3d4e5f",
        "event_id": "7d3c9a55-8b6e-4f1a-a2c4-9e8f7a6b5c4d", "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "auth_time": 1_765_000_000, "exp": 1_765_003_600,
        "iat": 1_765_000_000, "jti": "c2b7f1e0-4a3d-4b2c-8d1e-6f5a4b3c2d1e", "username": "alice"
    })
    .as_object()
    .unwrap()
    .clone();
    let key = rsa::PrivateKey::new(&mut rand_core::UnwrapErr(rand::rngs::SysRng), 2048).unwrap();
    let der = EncodingKey::from_rsa_der(key.to_pkcs1_der().unwrap().as_bytes());
    let parsed = rsa::pkcs1v15::SigningKey::<rsa::sha2::Sha256>::new(key);
    let mut rng = rand_core::UnwrapErr(rand::rngs::SysRng);
    let message = serde_json::to_vec(&claims).unwrap();
    let mut header = Header::new(Algorithm::RS256);
    header.kid = Some("kid".into());
    let service = TokenService::new();
    black_box(service.sign(pool, &claims)); // makes the pool's key
    let (mut before, mut rsa_once, mut after) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let c = thread_cpu();
        black_box(jsonwebtoken::encode(&header, &claims, &der).unwrap());
        before.push(thread_cpu().saturating_sub(c));
        let c = thread_cpu();
        black_box(parsed.sign_with_rng(&mut rng, &message));
        rsa_once.push(thread_cpu().saturating_sub(c));
        let c = thread_cpu();
        black_box(service.sign(pool, &claims));
        after.push(thread_cpu().saturating_sub(c));
    }
    let (b, r, a) = (median(before), median(rsa_once), median(after));
    println!("RS256 signature of an access token, median thread CPU of {rounds}:");
    println!("  rsa, key decoded per signature (before): {b:8.1} us");
    println!(
        "  rsa, key decoded once:                   {r:8.1} us  ({:.2}x faster)",
        b / r
    );
    println!(
        "  ring, key decoded once (TokenService):   {a:8.1} us  ({:.2}x faster)",
        b / a
    );
}
