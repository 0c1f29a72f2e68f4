#![doc = include_str!("../README.md")]
#![deny(unsafe_code)]
#![warn(missing_docs)]

mod app_client;
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
    AppClient, Password, PasswordVerifierChallenge, PasswordVerifierResponse, PoolId, SrpAuthFlow,
    UserSrp,
};

/// The operating system's RNG as an infallible CSPRNG (panics only if the OS cannot provide randomness).
#[cfg(feature = "os-rng")]
pub(crate) fn os_rng() -> rand_core::UnwrapErr<rand::rngs::SysRng> {
    rand_core::UnwrapErr(rand::rngs::SysRng)
}
