//! Built against `cognito-srp-core` with its default features only, outside the workspace (so no other
//! package's features are unified in), to show what the core's fences keep out of reach.
//!
//! The public API is reachable:
//!
//! ```
//! let client = cognito_srp_core::AppClient::new("us-east-1_AbCdEf123", "client").unwrap();
//! assert_eq!(client.pool().pool_name(), "AbCdEf123");
//! ```
//!
//! `hazmat` (chosen ephemeral secrets, intermediate values) needs the `hazmat` feature:
//!
//! ```compile_fail
//! let _ = cognito_srp_core::hazmat::ephemeral_from_secret(&[1]);
//! ```
//!
//! The engine is crate-private:
//!
//! ```compile_fail
//! let _ = cognito_srp_core::engine::modpow_g_bytes(&[1]);
//! ```
//!
//! The bench hooks need the unstable `unstable-bench-hooks` feature:
//!
//! ```compile_fail
//! let _ = cognito_srp_core::bench_hooks::exponent(&[1]);
//! ```
//!
//! The encoding helpers are private:
//!
//! ```compile_fail
//! let _ = cognito_srp_core::encoding::to_hex(&[1]);
//! ```
