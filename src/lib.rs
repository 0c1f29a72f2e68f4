#![doc = include_str!("../README.md")]
#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod claim;
pub mod device;
pub mod encoding;
pub mod engine;
pub mod error;
pub mod group;
pub mod hazmat;
pub mod limits;
pub mod secret_hash;
pub mod server;
pub mod srp;
pub mod timestamp;
pub mod user;
pub mod wire;

pub use claim::SessionKey;
pub use device::{
    DeviceCredentials, DevicePasswordVerifierChallenge, DeviceSecretVerifierConfig, DeviceSrp,
};
pub use encoding::HexInteger;
pub use error::{Error, Result};
pub use secret_hash::{ClientSecret, secret_hash};
pub use server::{PasswordVerifier, ServerKey, ServerSession};
pub use srp::{ClientEphemeral, EphemeralSize};
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
