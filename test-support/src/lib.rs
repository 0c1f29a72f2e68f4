//! Helpers the integration tests of `cognito-srp-server` and `cognito-srp-cli` share, so that no suite
//! keeps its own copy of a client, a fixture or a setup block.
//!
//! - [`http`]: a raw HTTP/1.1 client over loopback ([`call`] sends a Cognito operation, [`raw`] any
//!   bytes) and the reading of one request;
//! - [`json`]: [`string_map`] for challenge parameters, [`jwt_claims`];
//! - [`srp`]: USER_SRP_AUTH's two steps ([`sign_in`], [`try_sign_in`], [`srp_steps`]) against anything
//!   [`Cognito`]: a `Server` in process, a `TestServer` or an address over HTTP;
//! - [`pools`]: a pool with its clients and users ([`pool_of`]), one pool in a configuration
//!   ([`one_pool`]), started ([`start_pool`], [`in_process`]), users with attributes ([`user_with`]),
//!   the codes a server sent ([`newest_code`]);
//! - [`process`]: `cognito-srp serve` as a child process ([`Serve`]), [`temp_dir`], [`unix_time`];
//! - [`stand_in`]: loopback stand-ins ([`error_service`], [`forward_proxy`], [`dead_end_proxy`],
//!   [`fake`] Cognito).
//!
//! Everything here panics on what a test does not expect: a helper's failure is the test's failure.
//!
//! ```no_run
//! use cognito_srp_server::{ClientConfig, PoolConfig, UserConfig};
//! use cognito_srp_test_support::{sign_in, srp_for, start_pool};
//!
//! let mut pool = PoolConfig::new("us-east-1_Example1");
//! pool.clients.push(ClientConfig::new("app"));
//! pool.users.push(UserConfig::new("alice", "Alice-Pass-1"));
//! let s = start_pool(pool);
//! // Over HTTP; `s.server()` would sign in in process.
//! let answer = sign_in(&s, "app", srp_for("us-east-1_Example1", "app", "alice"), "Alice-Pass-1");
//! assert!(answer["AuthenticationResult"]["AccessToken"].is_string());
//! ```

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod http;
pub mod json;
pub mod pools;
pub mod process;
pub mod srp;
pub mod stand_in;

pub use http::{
    Answer, call, call_with_headers, get, get_head, header_of, operation_head, raw, read_request,
    try_raw,
};
pub use json::{jwt_claims, string_map};
pub use pools::{in_process, newest_code, one_pool, pool_of, start_pool, user_with};
pub use process::{Serve, temp_dir, text, unix_time};
pub use srp::{
    Cognito, SrpSteps, initiate_request, sign_in, srp_for, srp_steps, try_sign_in,
    verifier_request, verifier_responses, verifier_responses_at,
};
pub use stand_in::{
    Fake, FakeAnswer, Stub, dead_end_proxy, error_service, fake, forward_proxy, stub,
};
