//! The in-process transport (`demo`, and `load`'s baseline): calls a [`crate::server::Server`]
//! directly, through the same JSON the service speaks.

use serde_json::Value;

use super::json::JsonCaller;
use super::{ApiError, CallError};

/// A transport that calls a [`crate::server::Server`] in the same process (no network).
pub struct LocalTransport<'a>(pub &'a crate::server::Server);

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
