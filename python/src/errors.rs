//! Exceptions: `CognitoSrpError` and one subclass per kind of the core's error, plus `AlreadyUsedError`
//! for a sign-in asked to answer twice. Messages say what the caller can do; none carries a secret.

use cognito_srp_core::Error;
use pyo3::create_exception;
use pyo3::exceptions::PyException;
use pyo3::prelude::*;

create_exception!(
    cognito_srp,
    CognitoSrpError,
    PyException,
    "Base class of every error cognito_srp raises (besides TypeError and ValueError for arguments of the wrong type or form). `parameter` names the offending wire parameter, or is None."
);

/// Declares one subclass of `CognitoSrpError` per kind.
macro_rules! kinds {
    ($($name:ident: $doc:literal,)*) => {
        $(create_exception!(cognito_srp, $name, CognitoSrpError, $doc);)*

        /// Adds the base class and every subclass to `module`.
        pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
            let py = module.py();
            module.add("CognitoSrpError", py.get_type::<CognitoSrpError>())?;
            $(module.add(stringify!($name), py.get_type::<$name>())?;)*
            Ok(())
        }
    };
}

kinds! {
    MissingParameterError: "A required parameter is absent from the challenge parameters.",
    TooLongError: "A value is longer than any Cognito sends or accepts; it was not decoded.",
    EmptyError: "A parameter is empty where a value is required.",
    InvalidHexError: "A parameter that must be hexadecimal (SALT, SRP_B) is not.",
    InvalidBase64Error: "A parameter that must be base64 (SECRET_BLOCK) is not.",
    InvalidPoolIdError: "The user pool id has no '_' (expected REGION_NAME, like us-east-1_AbCdEf123).",
    ServerPublicZeroError: "The server's SRP_B is 0 modulo N: the sign-in must be abandoned.",
    ClientPublicZeroError: "A client's SRP_A is 0 modulo N (server side).",
    ScramblerZeroError: "The scrambling parameter u = H(PAD(A) | PAD(B)) is 0: start a new sign-in.",
    InvalidExponentError: "An ephemeral secret has an unsupported size.",
    InvalidVerifierError: "A stored password verifier is not an integer in [1, N).",
    SecretBlockMismatchError: "PASSWORD_CLAIM_SECRET_BLOCK is not the SECRET_BLOCK issued (server side).",
    VerificationFailedError: "A password claim does not verify.",
    InvalidTimestampError: "A TIMESTAMP is not in Cognito's 'EEE MMM d HH:mm:ss UTC yyyy' form.",
    InvalidBase32Error: "A TOTP secret is not base32.",
    InvalidJsonError: "A parameter that must hold JSON of a given shape (requiredAttributes) does not.",
    MissingRequiredAttributeError: "NEW_PASSWORD_REQUIRED lists a required attribute the answer does not give.",
    AlreadyUsedError: "A sign-in was asked to answer a second challenge: each ephemeral secret answers one.",
}

/// What the caller can do about `error`, appended to the core's description.
fn advice(error: &Error) -> &'static str {
    match error {
        Error::MissingParameter(_)
        | Error::Empty(_)
        | Error::InvalidHex(_)
        | Error::InvalidBase64(_) => {
            "; pass the ChallengeParameters exactly as initiate_auth or respond_to_auth_challenge returned them"
        }
        Error::TooLong { .. } => "; the value is longer than any Cognito sends or accepts",
        Error::InvalidPoolId => "; a user pool id looks like us-east-1_AbCdEf123",
        Error::ServerPublicZero => {
            "; the server sent an invalid SRP_B: abandon this sign-in (answering it would not prove the password)"
        }
        Error::ScramblerZero => "; start a new sign-in",
        Error::VerificationFailed => {
            "; the stored device credentials are unusable: forget the device and sign in with the password"
        }
        Error::InvalidTimestamp => "; a timestamp looks like 'Tue Nov 3 09:05:07 UTC 2026'",
        Error::InvalidBase32(_) => {
            "; pass the SecretCode of AssociateSoftwareToken (letters A-Z and digits 2-7)"
        }
        Error::InvalidJson(_) => "; pass the ChallengeParameters exactly as Cognito returned them",
        Error::MissingRequiredAttribute(_) => {
            "; give it in attributes (without the userAttributes. prefix)"
        }
        _ => "",
    }
}

/// The wire parameter `error` names, if any.
fn parameter(error: &Error) -> Option<String> {
    match error {
        Error::MissingParameter(p)
        | Error::Empty(p)
        | Error::InvalidHex(p)
        | Error::InvalidBase64(p)
        | Error::InvalidVerifier(p)
        | Error::InvalidBase32(p)
        | Error::InvalidJson(p) => Some((*p).to_owned()),
        Error::TooLong { parameter, .. } => Some((*parameter).to_owned()),
        Error::MissingRequiredAttribute(a) => Some(format!("userAttributes.{a}")),
        _ => None,
    }
}

/// `error` as the exception of its kind, with `parameter` set.
pub(crate) fn to_py(error: Error) -> PyErr {
    let message = format!("{error}{}", advice(&error));
    let err = match &error {
        Error::MissingParameter(_) => MissingParameterError::new_err(message),
        Error::TooLong { .. } => TooLongError::new_err(message),
        Error::Empty(_) => EmptyError::new_err(message),
        Error::InvalidHex(_) => InvalidHexError::new_err(message),
        Error::InvalidBase64(_) => InvalidBase64Error::new_err(message),
        Error::InvalidPoolId => InvalidPoolIdError::new_err(message),
        Error::ServerPublicZero => ServerPublicZeroError::new_err(message),
        Error::ClientPublicZero => ClientPublicZeroError::new_err(message),
        Error::ScramblerZero => ScramblerZeroError::new_err(message),
        Error::InvalidExponent => InvalidExponentError::new_err(message),
        Error::InvalidVerifier(_) => InvalidVerifierError::new_err(message),
        Error::SecretBlockMismatch => SecretBlockMismatchError::new_err(message),
        Error::VerificationFailed => VerificationFailedError::new_err(message),
        Error::InvalidTimestamp => InvalidTimestampError::new_err(message),
        Error::InvalidBase32(_) => InvalidBase32Error::new_err(message),
        Error::InvalidJson(_) => InvalidJsonError::new_err(message),
        Error::MissingRequiredAttribute(_) => MissingRequiredAttributeError::new_err(message),
        // A kind added to the core later: still a CognitoSrpError.
        _ => CognitoSrpError::new_err(message),
    };
    Python::attach(|py| {
        // Setting an attribute on a fresh exception instance cannot fail short of memory exhaustion;
        // the exception is raised without it then.
        let _ = err.value(py).setattr("parameter", parameter(&error));
    });
    err
}

/// The exception for a sign-in asked to answer twice; `start` names the function that starts a new one.
pub(crate) fn already_used(what: &str, start: &str) -> PyErr {
    let err = AlreadyUsedError::new_err(format!(
        "this {what} has already answered its challenge: each ephemeral secret answers one challenge, start a new one with {start}"
    ));
    Python::attach(|py| {
        let _ = err.value(py).setattr("parameter", py.None());
    });
    err
}
