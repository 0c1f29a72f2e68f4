//! The in-process transport (`demo`, and `load`'s baseline): calls a [`Server`] (from the
//! `cognito-srp-server` package) directly, through the same JSON the service speaks.

use cognito_srp_server::Server;
use serde_json::Value;

use super::json::JsonCaller;
use super::{ApiError, CallError};

/// A transport that calls a [`Server`] in the same process (no network).
pub struct LocalTransport<'a>(pub &'a Server);

impl JsonCaller for LocalTransport<'_> {
    fn call(&self, op: &str, req: Value) -> Result<Value, CallError> {
        self.0.dispatch(op, &req).map_err(|f| {
            CallError::Api(ApiError {
                code: f.code().to_owned(),
                message: f.message(),
                request_id: None,
                status: None,
            })
        })
    }
}
