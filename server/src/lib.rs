#![doc = include_str!("../README.md")]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod accounts;
mod admin;
mod attributes;
mod auth;
/// Unstable entry points for the server's own benches (feature `unstable-bench-hooks`).
#[cfg(feature = "unstable-bench-hooks")]
#[doc(hidden)]
pub mod bench_hooks;
mod codes;
pub mod config;
pub mod control;
mod delivery;
mod filter;
pub mod fixture;
mod grants;
pub mod http;
mod lifecycle;
pub mod lockout;
pub mod mfa;
mod model;
mod ops;
pub mod outbox;
mod pagination;
mod peers;
pub mod policy;
mod profile;
pub mod protocol;
pub mod service;
mod session;
pub mod sigv4;
mod stand_in;
mod state;
pub mod tokens;
mod trace;
mod tracked;
mod util;

pub use config::{
    ClientConfig, Config, DeviceTracking, LockoutConfig, MfaMode, PoolConfig, SaltSign, UserConfig,
};
pub use fixture::TestServer;
pub use http::{HttpConfig, serve};
pub use lockout::{Clock, ManualClock, SystemClock};
pub use model::Status;
pub use protocol::{ATTEMPTS_EXCEEDED, Access, CognitoError, INCORRECT, Operation};
pub use service::{MAX_ORIGINS, MAX_PENDING, Server, Stats};
pub use sigv4::IamCredentials;
pub use tokens::{TokenError, TokenService};
pub use trace::Trace;
