#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod attributes;
mod auth;
pub mod config;
pub mod error;
pub mod fixture;
mod grants;
pub mod http;
pub mod lockout;
pub mod mfa;
mod model;
mod ops;
mod peers;
pub mod requests;
pub mod server;
mod session;
mod stand_in;
pub mod tokens;
mod util;

pub use config::{
    ClientConfig, Config, DeviceTracking, LockoutConfig, MfaMode, PoolConfig, SaltSign, UserConfig,
};
pub use error::{ATTEMPTS_EXCEEDED, Fault, INCORRECT};
pub use fixture::TestServer;
pub use http::{HttpConfig, serve};
pub use lockout::{Clock, ManualClock, SystemClock};
pub use model::Status;
pub use server::{Server, Stats, Trace};
pub use tokens::{TokenError, TokenService};
