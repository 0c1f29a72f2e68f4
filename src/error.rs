//! The crate's one error type.

use core::fmt;

/// Everything that can go wrong in this crate.
///
/// Variants name the offending parameter by its wire name (`"SRP_B"`, `"SALT"`, `"UserPoolId"`,
/// `"PASSWORD"`, …: the `AuthParameters` / `ChallengeParameters` / `ChallengeResponses` key, or the API
/// field the value travels in) but never carry its value or any secret: errors are safe to log.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// A required parameter is absent from a challenge or response map.
    MissingParameter(&'static str),
    /// A parameter is longer than this crate accepts (see [`crate::limits`]); it was not decoded.
    TooLong {
        /// The parameter's wire name.
        parameter: &'static str,
        /// The largest accepted length, in bytes of its string form.
        max: usize,
    },
    /// A parameter is empty where a value is required.
    Empty(&'static str),
    /// A parameter that must be hexadecimal is not.
    InvalidHex(&'static str),
    /// A parameter that must be base64 is not.
    InvalidBase64(&'static str),
    /// `UserPoolId` has no `_` separating region and pool name (`us-east-1_AbCdEf123`).
    InvalidPoolId,
    /// The server's public value B is 0 modulo N: continuing would let the server fix the session key.
    ServerPublicZero,
    /// The client's public value A is 0 modulo N (server side): continuing would let the client skip the password.
    ClientPublicZero,
    /// The scrambling parameter u = H(PAD(A) ‖ PAD(B)) is 0.
    ScramblerZero,
    /// An ephemeral secret or exponent has an unsupported size (zero, or longer than [`crate::limits::MAX_EPHEMERAL_BYTES`]).
    InvalidExponent,
    /// A stored password verifier (the parameter named) is not an integer in `[1, N)`: the store is
    /// corrupt, no user input is involved.
    InvalidVerifier(&'static str),
    /// `PASSWORD_CLAIM_SECRET_BLOCK` is not the `SECRET_BLOCK` the server issued (server side).
    SecretBlockMismatch,
    /// `PASSWORD_CLAIM_SIGNATURE` does not verify (server side): the password (or device secret) is wrong.
    VerificationFailed,
    /// `TIMESTAMP` is not in Cognito's `EEE MMM d HH:mm:ss UTC yyyy` form.
    InvalidTimestamp,
    /// A parameter that must be base32 (RFC 4648, as TOTP secrets are shown) is not.
    InvalidBase32(&'static str),
    /// A parameter that must hold JSON of a given shape does not.
    InvalidJson(&'static str),
    /// A `NEW_PASSWORD_REQUIRED` challenge lists this attribute (without its `userAttributes.` prefix) as
    /// required and the answer does not give it.
    MissingRequiredAttribute(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::MissingParameter(p) => write!(f, "missing parameter {p}"),
            Error::TooLong { parameter, max } => {
                write!(f, "parameter {parameter} is longer than {max} bytes")
            }
            Error::Empty(p) => write!(f, "parameter {p} is empty"),
            Error::InvalidHex(p) => write!(f, "parameter {p} is not hexadecimal"),
            Error::InvalidBase64(p) => write!(f, "parameter {p} is not base64"),
            Error::InvalidPoolId => f.write_str("UserPoolId has no '_' (expected REGION_NAME)"),
            Error::ServerPublicZero => f.write_str("server public value B is 0 mod N"),
            Error::ClientPublicZero => f.write_str("client public value A is 0 mod N"),
            Error::ScramblerZero => f.write_str("scrambling parameter u is 0"),
            Error::InvalidExponent => f.write_str("ephemeral secret has an unsupported size"),
            Error::InvalidVerifier(p) => write!(f, "stored verifier {p} is not in [1, N)"),
            Error::SecretBlockMismatch => {
                f.write_str("PASSWORD_CLAIM_SECRET_BLOCK is not the SECRET_BLOCK issued")
            }
            Error::VerificationFailed => f.write_str("PASSWORD_CLAIM_SIGNATURE does not verify"),
            Error::InvalidTimestamp => f.write_str("TIMESTAMP is not in Cognito's format"),
            Error::InvalidBase32(p) => write!(f, "parameter {p} is not base32"),
            Error::InvalidJson(p) => write!(f, "parameter {p} is not JSON of the expected shape"),
            Error::MissingRequiredAttribute(a) => {
                write!(f, "required attribute userAttributes.{a} is missing")
            }
        }
    }
}

impl std::error::Error for Error {}

/// `Result` with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;
