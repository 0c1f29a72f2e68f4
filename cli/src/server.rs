//! The loopback Cognito server lives in the `cognito-srp-server` package; the demo's in-process transport
//! calls it through this name.

pub use cognito_srp_server::Server;
