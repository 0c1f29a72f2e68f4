//! Cognito's error model: every refusal the server sends is a [`CognitoError`], one variant per error
//! type of the Cognito Identity Provider API (`__type` in the body, also sent as `x-amzn-ErrorType`), with
//! its message and HTTP status.

use std::fmt;

use serde_json::{Value, json};

/// Cognito's answer to a wrong password (and, with user-existence errors prevented, to an unknown user).
pub const INCORRECT: &str = "Incorrect username or password.";

/// Cognito's answer to a password claim for a sign-in name locked after failed passwords.
pub const ATTEMPTS_EXCEEDED: &str = "Password attempts exceeded";

/// A Cognito error: its type, and the message sent with it.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CognitoError {
    /// `NotAuthorizedException`: a refused proof, token, secret or session.
    NotAuthorized(String),
    /// `InvalidParameterException`: a request Cognito would refuse as malformed.
    InvalidParameter(String),
    /// `InvalidPasswordException`: a password the pool's policy refuses.
    InvalidPassword(String),
    /// `ResourceNotFoundException`: an unknown pool, app client or device.
    ResourceNotFound(String),
    /// `UserNotFoundException` (only where user-existence errors are not prevented, or to IAM callers).
    UserNotFound(String),
    /// `UserNotConfirmedException`.
    UserNotConfirmed(String),
    /// `UsernameExistsException`.
    UsernameExists(String),
    /// `AliasExistsException`: an email address or phone number another user signs in with.
    AliasExists(String),
    /// `CodeMismatchException`: a wrong confirmation, reset or MFA code.
    CodeMismatch(String),
    /// `ExpiredCodeException`.
    ExpiredCode(String),
    /// `LimitExceededException`: a per-pool or per-user limit.
    LimitExceeded(String),
    /// `TooManyRequestsException`.
    TooManyRequests(String),
    /// `TooManyFailedAttemptsException`: code answers refused after too many wrong codes.
    TooManyFailedAttempts(String),
    /// `EnableSoftwareTokenMFAException`: a wrong code at VerifySoftwareToken.
    EnableSoftwareTokenMfa(String),
    /// `InvalidUserPoolConfigurationException`: the pool cannot do what was asked (no verified
    /// destination to send a code to, an operation its settings do not allow).
    InvalidUserPoolConfiguration(String),
    /// `PasswordResetRequiredException`: a user whose password an administrator reset.
    PasswordResetRequired(String),
    /// `UnsupportedOperationException`.
    UnsupportedOperation(String),
    /// `SerializationException`: a body that is not the operation's shape.
    Serialization(String),
    /// `UnknownOperationException`: an operation this server does not answer.
    UnknownOperation(String),
    /// `MissingAuthenticationTokenException` (HTTP 403): an IAM-authorised operation without SigV4.
    MissingAuthenticationToken(String),
    /// `InvalidSignatureException` (HTTP 403): a SigV4 signature that does not verify.
    InvalidSignature(String),
    /// `UnrecognizedClientException` (HTTP 403): an access key the server does not know.
    UnrecognizedClient(String),
    /// `AccessDeniedException` (HTTP 403): a request refused for where it comes from.
    AccessDenied(String),
    /// `RequestTimeoutException` (HTTP 408): a body not received in time.
    RequestTimeout(String),
    /// `RequestEntityTooLargeException` (HTTP 413): a body past the limit, in bytes.
    RequestEntityTooLarge(usize),
    /// `MethodNotAllowed` (HTTP 405): anything but `POST` to the protocol endpoint.
    MethodNotAllowed,
    /// `NotFound` (HTTP 404): a `GET` of a path the server does not serve.
    NotFound,
    /// `InternalErrorException` (HTTP 500).
    InternalError(String),
}

impl CognitoError {
    /// The error type, as `__type` and `x-amzn-ErrorType` carry it.
    pub fn code(&self) -> &'static str {
        use CognitoError as E;
        match self {
            E::NotAuthorized(_) => "NotAuthorizedException",
            E::InvalidParameter(_) => "InvalidParameterException",
            E::InvalidPassword(_) => "InvalidPasswordException",
            E::ResourceNotFound(_) => "ResourceNotFoundException",
            E::UserNotFound(_) => "UserNotFoundException",
            E::UserNotConfirmed(_) => "UserNotConfirmedException",
            E::UsernameExists(_) => "UsernameExistsException",
            E::AliasExists(_) => "AliasExistsException",
            E::CodeMismatch(_) => "CodeMismatchException",
            E::ExpiredCode(_) => "ExpiredCodeException",
            E::LimitExceeded(_) => "LimitExceededException",
            E::TooManyRequests(_) => "TooManyRequestsException",
            E::TooManyFailedAttempts(_) => "TooManyFailedAttemptsException",
            E::EnableSoftwareTokenMfa(_) => "EnableSoftwareTokenMFAException",
            E::InvalidUserPoolConfiguration(_) => "InvalidUserPoolConfigurationException",
            E::PasswordResetRequired(_) => "PasswordResetRequiredException",
            E::UnsupportedOperation(_) => "UnsupportedOperationException",
            E::Serialization(_) => "SerializationException",
            E::UnknownOperation(_) => "UnknownOperationException",
            E::MissingAuthenticationToken(_) => "MissingAuthenticationTokenException",
            E::InvalidSignature(_) => "InvalidSignatureException",
            E::UnrecognizedClient(_) => "UnrecognizedClientException",
            E::AccessDenied(_) => "AccessDeniedException",
            E::RequestTimeout(_) => "RequestTimeoutException",
            E::RequestEntityTooLarge(_) => "RequestEntityTooLargeException",
            E::MethodNotAllowed => "MethodNotAllowed",
            E::NotFound => "NotFound",
            E::InternalError(_) => "InternalErrorException",
        }
    }

    /// The HTTP status: 400 unless stated on the variant.
    pub fn status(&self) -> u16 {
        use CognitoError as E;
        match self {
            E::MissingAuthenticationToken(_)
            | E::InvalidSignature(_)
            | E::UnrecognizedClient(_)
            | E::AccessDenied(_) => 403,
            E::NotFound => 404,
            E::MethodNotAllowed => 405,
            E::RequestTimeout(_) => 408,
            E::RequestEntityTooLarge(_) => 413,
            E::InternalError(_) => 500,
            _ => 400,
        }
    }

    /// The message sent with the error.
    pub fn message(&self) -> String {
        use CognitoError as E;
        match self {
            E::RequestEntityTooLarge(limit) => {
                format!("Request body is larger than {limit} bytes.")
            }
            E::MethodNotAllowed => "Use POST.".to_owned(),
            E::NotFound => "Not found.".to_owned(),
            E::NotAuthorized(m)
            | E::InvalidParameter(m)
            | E::InvalidPassword(m)
            | E::ResourceNotFound(m)
            | E::UserNotFound(m)
            | E::UserNotConfirmed(m)
            | E::UsernameExists(m)
            | E::AliasExists(m)
            | E::CodeMismatch(m)
            | E::ExpiredCode(m)
            | E::LimitExceeded(m)
            | E::TooManyRequests(m)
            | E::TooManyFailedAttempts(m)
            | E::EnableSoftwareTokenMfa(m)
            | E::InvalidUserPoolConfiguration(m)
            | E::PasswordResetRequired(m)
            | E::UnsupportedOperation(m)
            | E::Serialization(m)
            | E::UnknownOperation(m)
            | E::MissingAuthenticationToken(m)
            | E::InvalidSignature(m)
            | E::UnrecognizedClient(m)
            | E::AccessDenied(m)
            | E::RequestTimeout(m)
            | E::InternalError(m) => m.clone(),
        }
    }

    /// The JSON body: `{"__type": code, "message": message}`.
    pub fn body(&self) -> Value {
        json!({"__type": self.code(), "message": self.message()})
    }

    /// `NotAuthorizedException`.
    pub fn not_authorized(message: impl Into<String>) -> Self {
        Self::NotAuthorized(message.into())
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
        Self::InvalidParameter(message.into())
    }

    /// `InvalidParameterException: Missing required parameter NAME`.
    pub fn missing(name: &str) -> Self {
        Self::invalid(format!("Missing required parameter {name}"))
    }

    /// `ResourceNotFoundException`.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::ResourceNotFound(message.into())
    }

    /// `ResourceNotFoundException: Device does not exist.`
    pub fn no_device() -> Self {
        Self::not_found("Device does not exist.")
    }

    /// `SerializationException`.
    pub fn serialization(message: impl Into<String>) -> Self {
        Self::Serialization(message.into())
    }

    /// The answer to a missing, expired, used or mismatched challenge `Session`.
    pub fn bad_session() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }

    /// `InternalErrorException` (HTTP 500).
    pub fn internal(message: impl Into<String>) -> Self {
        Self::InternalError(message.into())
    }

    /// `NotAuthorizedException: Invalid Access Token`.
    pub fn invalid_access_token() -> Self {
        Self::not_authorized("Invalid Access Token")
    }
}

impl fmt::Display for CognitoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code(), self.message())
    }
}

impl std::error::Error for CognitoError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_and_status() {
        let f = CognitoError::incorrect();
        assert_eq!(f.status(), 400);
        assert_eq!(
            f.body(),
            json!({"__type": "NotAuthorizedException", "message": "Incorrect username or password."})
        );
        assert_eq!(CognitoError::internal("x").status(), 500);
        assert_eq!(CognitoError::RequestEntityTooLarge(10).status(), 413);
        assert_eq!(
            CognitoError::RequestEntityTooLarge(10).message(),
            "Request body is larger than 10 bytes."
        );
        assert_eq!(
            CognitoError::missing("USERNAME").to_string(),
            "InvalidParameterException: Missing required parameter USERNAME"
        );
        assert_eq!(
            CognitoError::MissingAuthenticationToken("x".into()).status(),
            403
        );
        assert_eq!(
            CognitoError::EnableSoftwareTokenMfa("x".into()).code(),
            "EnableSoftwareTokenMFAException"
        );
    }
}
