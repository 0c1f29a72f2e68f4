//! The claim check under test: `ServerKey::verify_claim` against signatures of two classes.

use std::hint::black_box;

use cognito_srp_core::{HexInteger, PasswordVerifier, ServerKey, hazmat};

use crate::paths::Path;
use crate::rng::Rng;

/// `ServerKey::verify_claim` on signatures of the two classes `mode` describes.
pub struct Claim {
    key: ServerKey,
    block: Vec<u8>,
    genuine: [u8; 32],
    /// How the classes differ.
    mode: ClaimMode,
}

#[derive(Clone, Copy, PartialEq)]
pub enum ClaimMode {
    /// Class 0 right but for its last byte, class 1 random (the dudect fixed-vs-random test).
    PrefixVsRandom,
    /// Class 1 the genuine signature wrong in its first and last bytes: both classes send the same
    /// kind of string and differ only in how much of it matches the key.
    PrefixVsWrongFirst,
    /// Class 0 a fixed string unrelated to the key (last byte varying), class 1 random: the effect of
    /// the input's shape alone, with no relation to the secret.
    UnrelatedVsRandom,
}

const TIMESTAMP: &str = "Tue Nov 3 09:05:07 UTC 2026";

impl Claim {
    pub fn new(mode: ClaimMode) -> Self {
        let salt = HexInteger::parse_salt("-1b68bdb2a222c525d694bdb48a52e4e2").expect("valid salt");
        let x = hazmat::private_key(&salt, "AbCdEf123", "alice", b"Correct-Horse-Battery-9!");
        let v = PasswordVerifier::from_parts(salt, &hazmat::verifier_from_private_key(&x))
            .expect("verifier");
        let session = hazmat::server_session_from_secret(&[0xb5; 48], &v).expect("valid b");
        let a = hazmat::ephemeral_from_secret(&[0x5a; 48]).expect("valid a");
        let key = session.finish(a.srp_a()).expect("genuine A");
        let block = b"secret block".to_vec();
        // The genuine signature, as a client computes it.
        let genuine = hmac_sha256(
            &hazmat::server_key_bytes(&key),
            &[b"AbCdEf123", b"alice", &block, TIMESTAMP.as_bytes()],
        );
        let sig = hazmat::encode_base64(&genuine);
        key.verify_claim("AbCdEf123", "alice", &block, TIMESTAMP, &sig)
            .expect("the genuine claim verifies");
        Claim {
            key,
            block,
            genuine,
            mode,
        }
    }
}

impl Path for Claim {
    type Input = String;
    fn input(&mut self, class: usize, rng: &mut Rng) -> String {
        let mut sig = self.genuine;
        if class == 0 && self.mode == ClaimMode::UnrelatedVsRandom {
            for b in sig.iter_mut() {
                *b ^= 0x5a;
            }
            sig[31] ^= 1 + (rng.next() % 255) as u8;
        } else if class == 0 {
            // Right for 31 bytes, wrong in the last one.
            sig[31] ^= 1 + (rng.next() % 255) as u8;
        } else if self.mode == ClaimMode::PrefixVsWrongFirst {
            sig[0] ^= 0x80;
            sig[31] ^= 1 + (rng.next() % 255) as u8;
        } else {
            rng.fill(&mut sig);
            if sig == self.genuine {
                sig[0] ^= 1;
            }
        }
        hazmat::encode_base64(&sig)
    }
    fn run(&self, sig: &String) {
        let r = self.key.verify_claim(
            "AbCdEf123",
            "alice",
            black_box(&self.block),
            TIMESTAMP,
            black_box(sig),
        );
        assert!(black_box(r).is_err());
    }
}

/// HMAC-SHA256(key, parts…): the signature a client would send.
fn hmac_sha256(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    for p in parts {
        mac.update(p);
    }
    mac.finalize().into_bytes().into()
}
