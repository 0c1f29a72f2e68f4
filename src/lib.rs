//! The cryptographic core of Amazon Cognito's user-pool SRP sign-in: SRP-6a over the 3072-bit RFC 5054
//! group, byte-exact with Cognito, constant-time in its secrets, free of I/O.
//!
//! You bring the transport (usually the AWS SDK for Rust); this crate turns Cognito's
//! `ChallengeParameters` into the `ChallengeResponses` it expects, as the same
//! `HashMap<String, String>` the SDK carries.
//!
//! # A sign-in
//!
//! ```
//! use std::collections::HashMap;
//! use cognito_srp_core::{AppClient, Password, SrpAuthFlow, Timestamp};
//! # use cognito_srp_core::{PasswordVerifier, ServerSession};
//! # fn main() -> Result<(), cognito_srp_core::Error> {
//! # let mut rng = rand_core::UnwrapErr(rand::rngs::SysRng);
//!
//! let client = AppClient::new("us-east-1_AbCdEf123", "1example23456789")?;
//! let login = client.start_user_srp_os("alice")?;
//!
//! // InitiateAuth(AuthFlow = "USER_SRP_AUTH", AuthParameters = ...)
//! let auth_parameters = login.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth);
//! # // Stand-in for Cognito: the crate's own verifying side answers the request.
//! # let verifier = PasswordVerifier::generate(&mut rng, "AbCdEf123", "alice", &Password::new("hunter2!")?);
//! # let server = ServerSession::start(&mut rng, &verifier);
//! # let challenge_parameters: HashMap<String, String> = [
//! #     ("SALT", verifier.salt().to_signed_hex()),
//! #     ("SRP_B", server.srp_b().to_owned()),
//! #     ("SECRET_BLOCK", "c2VjcmV0IGJsb2Nr".to_owned()),
//! #     ("USERNAME", "alice".to_owned()),
//! #     ("USER_ID_FOR_SRP", "alice".to_owned()),
//! # ].into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
//!
//! // ... Cognito answers with ChallengeName "PASSWORD_VERIFIER" and its ChallengeParameters:
//! let challenge_responses: HashMap<String, String> = login.respond(
//!     &challenge_parameters,
//!     &Password::new("hunter2!")?,
//!     &Timestamp::now(),
//! )?;
//! // RespondToAuthChallenge(ChallengeName = "PASSWORD_VERIFIER", ChallengeResponses = ...)
//! # let key = server.finish(&auth_parameters["SRP_A"])?;
//! # key.verify_response(&challenge_responses, "AbCdEf123", "alice", "c2VjcmV0IGJsb2Nr")?;
//! assert!(challenge_responses.contains_key("PASSWORD_CLAIM_SIGNATURE"));
//! # Ok(())
//! # }
//! ```
//!
//! [`UserSrp::respond`] consumes the sign-in: one ephemeral secret answers one challenge. After SRP,
//! [`AppClient::challenge_context`] answers the challenges that can follow (MFA codes,
//! `SELECT_MFA_TYPE`, `MFA_SETUP`, `NEW_PASSWORD_REQUIRED`, `CUSTOM_CHALLENGE`) and starts device SRP
//! ([`ChallengeContext::start_device_srp`]); [`DeviceCredentials::confirm_device`] remembers a device.
//! The user name is never an argument after InitiateAuth: every later message takes the name Cognito
//! answered with.
//!
//! # Security model
//!
//! - **Secrets are types**: [`Password`], [`ClientSecret`], [`DevicePassword`], [`SessionKey`] and the
//!   ephemeral values print no secret in `Debug`, are not `Clone`, and are wiped on drop; the
//!   intermediates of each response (x, S, the key) are wiped after use.
//! - **Ephemeral values are consumed**: [`UserSrp::respond`], [`DeviceSrp::respond`] and
//!   [`ServerSession::finish`] take `self`.
//! - **Constant time**: every exponentiation with a secret exponent or base runs on the crate's own
//!   Montgomery engine, whose instruction and memory-access sequence depends only on the exponent's
//!   public bit bound; the verifying side's claim check compares in constant time. Claimed for x86-64
//!   (the kernels are chosen by CPU detection; `COGNITO_SRP_KERNEL` can ask for one).
//! - **Hostile input** is bounded before it is decoded ([`limits`]) and yields a typed [`Error`], never a
//!   panic: missing parameters, bad hex or base64, oversized values, B ≡ 0 mod N, u = 0.
//! - **Randomness and time come from the caller** (`impl CryptoRng`, a [`Timestamp`]), with `*_os` and
//!   `now()` conveniences behind the default features.
//!
//! # Features
//!
//! | feature | default | what it adds |
//! | --- | --- | --- |
//! | `os-rng` | yes | the `*_os` constructors (the operating system's RNG) |
//! | `clock` | yes | [`Timestamp::now`], [`totp::TotpSecret::code_now`] |
//! | `js-rng` | no | `os-rng` on `wasm32-unknown-unknown` through the JavaScript host |
//! | `hazmat` | no | `cognito_srp_core::hazmat`: chosen ephemeral secrets, traces of every intermediate, raw exponentiation; for known-answer tests and interop tools, never needed to sign in |
//! | `unstable-bench-hooks` | no | hidden entry points for this crate's benches; not covered by semver |
//! | `bench-gmp` | no | benches only: GMP beside the engine |
//! | `bench-openssl` | no | benches only: OpenSSL's `BN_mod_exp_mont_consttime` beside the engine |
//!
//! # More
//!
//! The repository's README covers the command line, the loopback server (`cognito-srp-server`), the
//! tests and the targets; `docs/engine.md` (also the engine's module documentation) explains the
//! exponentiation; `BENCHMARKING.md` holds every measured figure, from one dated run.
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod app_client;
pub mod challenge;
pub mod claim;
pub mod device;
mod encoding;
pub(crate) mod engine;
pub mod error;
pub mod group;
#[cfg(feature = "hazmat")]
pub mod hazmat;
pub mod limits;
mod secret_exponent;
pub mod secret_hash;
pub mod srp_server;
/// The former name of [`srp_server`], kept so existing paths still compile.
#[doc(hidden)]
pub use srp_server as server;
pub mod srp;
pub mod timestamp;
pub mod totp;
pub mod user;
mod verifier_response;
pub mod wire;

/// Unstable entry points into the exponentiation kernel, for the crate's own benches (feature
/// `unstable-bench-hooks`). Not part of the public API: not covered by semver, may change or disappear
/// in any release.
#[cfg(feature = "unstable-bench-hooks")]
#[doc(hidden)]
pub use engine::bench_hooks;

pub use app_client::{AppClient, PoolId};
pub use challenge::{ChallengeContext, MfaType};
pub use claim::SessionKey;
pub use device::{
    DeviceCredentials, DevicePassword, DevicePasswordVerifierChallenge, DeviceSecretVerifierConfig,
    DeviceSrp,
};
pub use encoding::HexInteger;
pub use error::{Error, Result};
pub use secret_hash::{ClientSecret, secret_hash};
pub use srp::{ClientEphemeral, EphemeralSize};
pub use srp_server::{PasswordVerifier, ServerKey, ServerSession};
pub use timestamp::Timestamp;
pub use user::{
    Password, PasswordVerifierChallenge, PasswordVerifierResponse, SrpAuthFlow, UserSrp,
};

/// The operating system's RNG as an infallible CSPRNG (panics only if the OS cannot provide randomness).
#[cfg(feature = "os-rng")]
pub(crate) fn os_rng() -> rand_core::UnwrapErr<rand::rngs::SysRng> {
    rand_core::UnwrapErr(rand::rngs::SysRng)
}

/// The README's code blocks, compiled and run as doctests (the crate documentation above is separate).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
