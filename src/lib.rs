#![doc = "cognito-srp-core (crate docs are replaced by README.md)"]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod error;
pub mod group;
pub mod engine;

pub use error::{Error, Result};
