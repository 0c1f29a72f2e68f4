#![doc = "cognito-srp-core (crate docs are replaced by README.md)"]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod engine;
pub mod error;
pub mod group;

pub use error::{Error, Result};
pub mod claim;
pub mod device;
pub mod encoding;
pub mod limits;
pub mod secret_hash;
pub mod srp;
pub mod timestamp;
pub mod user;
pub mod wire;

#[cfg(feature = "os-rng")]
pub(crate) fn os_rng() -> rand_core::UnwrapErr<rand::rngs::SysRng> {
    rand_core::UnwrapErr(rand::rngs::SysRng)
}
