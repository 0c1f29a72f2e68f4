//! Cognito's error model: an HTTP status, an error type (`__type`, also sent as `x-amzn-ErrorType`) and a
//! message. Every refusal the server sends is a [`Fault`].

use std::fmt;

use serde_json::{Value, json};

/// Cognito's answer to a wrong password (and, with user-existence errors prevented, to an unknown user).
pub const INCORRECT: &str = "Incorrect username or password.";

/// Cognito's answer to a password claim for a sign-in name locked after failed passwords.
pub const ATTEMPTS_EXCEEDED: &str = "Password attempts exceeded";

/// A Cognito error: `{"__type": code, "message": message}` with an HTTP status (400 unless stated).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// HTTP status.
    pub status: u16,
    /// `__type`, e.g. `NotAuthorizedException`.
    pub code: &'static str,
    /// `message`.
    pub message: String,
}

impl Fault {
    /// A 400 error of type `code`.
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Fault {
            status: 400,
            code,
            message: message.into(),
        }
    }

    /// `NotAuthorizedException`.
    pub fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }

    /// `NotAuthorizedException: Incorrect username or password.`
    pub fn incorrect() -> Self {
        Self::not_authorized(INCORRECT)
    }

    /// `NotAuthorizedException: Password attempts exceeded` (a locked sign-in name).
    pub fn attempts_exceeded() -> Self {
        Self::not_authorized(ATTEMPTS_EXCEEDED)
    }

    /// `InvalidParameterException`.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }

    /// `InvalidParameterException: Missing required parameter NAME`.
    pub fn missing(name: &str) -> Self {
        Self::invalid(format!("Missing required parameter {name}"))
    }

    /// `ResourceNotFoundException`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new("ResourceNotFoundException", message)
    }

    /// `ResourceNotFoundException: Device does not exist.`
    pub fn no_device() -> Self {
        Self::not_found("Device does not exist.")
    }

    /// `SerializationException`.
    pub fn serialization(message: impl Into<String>) -> Self {
        Self::new("SerializationException", message)
    }

    /// The answer to a missing, expired, used or mismatched challenge `Session`.
    pub fn bad_session() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }

    /// A server-side failure (HTTP 500, `InternalErrorException`).
    pub fn internal(message: impl Into<String>) -> Self {
        Fault {
            status: 500,
            code: "InternalErrorException",
            message: message.into(),
        }
    }

    /// `RequestEntityTooLargeException` (HTTP 413).
    pub fn too_large(limit: usize) -> Self {
        Fault {
            status: 413,
            code: "RequestEntityTooLargeException",
            message: format!("Request body is larger than {limit} bytes."),
        }
    }

    /// The JSON body.
    pub fn body(&self) -> Value {
        json!({"__type": self.code, "message": self.message})
    }
}

impl fmt::Display for Fault {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

impl std::error::Error for Fault {}

/// A result whose error is a [`Fault`].
pub type Handled<T = Value> = Result<T, Fault>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_and_status() {
        let f = Fault::incorrect();
        assert_eq!(f.status, 400);
        assert_eq!(
            f.body(),
            json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."})
        );
        assert_eq!(Fault::internal("x").status, 500);
        assert_eq!(Fault::too_large(10).status, 413);
        assert_eq!(
            Fault::missing("USERNAME").to_string(),
            "InvalidParameterException: Missing required parameter USERNAME"
        );
    }
}
