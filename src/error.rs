//! The crate's one error type.

use core::fmt;

/// Everything that can go wrong in this crate.
///
/// Variants name the offending wire parameter (`"SRP_B"`, `"SALT"`, …) but never carry its value or any
/// secret: errors are safe to log.
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
    /// The user-pool id has no `_` separating region and pool name (`us-east-1_AbCdEf123`).
    InvalidPoolId,
    /// The server's public value B is 0 modulo N: continuing would let the server fix the session key.
    ServerPublicZero,
    /// The client's public value A is 0 modulo N (server side): continuing would let the client skip the password.
    ClientPublicZero,
    /// The scrambling parameter u = H(PAD(A) ‖ PAD(B)) is 0.
    ScramblerZero,
    /// An ephemeral secret or exponent has an unsupported size (zero, or longer than [`crate::limits::MAX_EPHEMERAL_BYTES`]).
    InvalidExponent,
    /// A password claim did not verify (server side), or stored device credentials are unusable.
    VerificationFailed,
    /// A timestamp string is not in Cognito's `EEE MMM d HH:mm:ss UTC yyyy` form.
    InvalidTimestamp,
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
            Error::InvalidPoolId => f.write_str("user pool id has no '_' (expected REGION_NAME)"),
            Error::ServerPublicZero => f.write_str("server public value B is 0 mod N"),
            Error::ClientPublicZero => f.write_str("client public value A is 0 mod N"),
            Error::ScramblerZero => f.write_str("scrambling parameter u is 0"),
            Error::InvalidExponent => f.write_str("ephemeral secret has an unsupported size"),
            Error::VerificationFailed => f.write_str("password claim verification failed"),
            Error::InvalidTimestamp => f.write_str("timestamp is not in Cognito's format"),
        }
    }
}

impl std::error::Error for Error {}

/// `Result` with this crate's [`Error`].
pub type Result<T> = core::result::Result<T, Error>;
