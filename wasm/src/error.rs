//! Errors as JavaScript `Error` objects: `name` is the kind, `message` says what to do.

use cognito_srp_core::Error;
use wasm_bindgen::JsValue;

/// A JavaScript `Error` named `name` with `message`.
pub(crate) fn named(name: &str, message: &str) -> JsValue {
    let error = js_sys::Error::new(message);
    error.set_name(name);
    error.into()
}

/// A JavaScript `TypeError` for an argument of the wrong shape.
pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// The core's error kind: its variant name (`MissingParameter`, `ServerPublicZero`, …).
pub(crate) fn kind(error: &Error) -> String {
    let debug = format!("{error:?}");
    debug
        .split(|c: char| !c.is_ascii_alphanumeric())
        .next()
        .unwrap_or("Error")
        .to_owned()
}

/// What the caller can do about `error`, appended to the core's description.
fn advice(error: &Error) -> &'static str {
    match error {
        Error::MissingParameter(_)
        | Error::Empty(_)
        | Error::InvalidHex(_)
        | Error::InvalidBase64(_) => {
            "; pass the challenge's ChallengeParameters exactly as InitiateAuth or RespondToAuthChallenge returned them"
        }
        Error::TooLong { .. } => "; the value is longer than any Cognito sends or accepts",
        Error::InvalidPoolId => "; userPoolId looks like us-east-1_AbCdEf123",
        Error::ServerPublicZero => {
            "; the server sent an invalid SRP_B: abandon this sign-in (answering it would not prove the password)"
        }
        Error::ScramblerZero => "; start a new sign-in",
        Error::VerificationFailed => {
            "; the stored device credentials are unusable: forget the device and sign in with the password"
        }
        Error::InvalidTimestamp => "; the timestamp must look like 'Tue Nov 3 09:05:07 UTC 2026'",
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

/// `error` as a JavaScript `Error` whose `name` is its kind.
pub(crate) fn to_js(error: Error) -> JsValue {
    named(&kind(&error), &format!("{error}{}", advice(&error)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_are_variant_names() {
        assert_eq!(kind(&Error::MissingParameter("SRP_B")), "MissingParameter");
        assert_eq!(
            kind(&Error::TooLong {
                parameter: "USERNAME",
                max: 128
            }),
            "TooLong"
        );
        assert_eq!(kind(&Error::ServerPublicZero), "ServerPublicZero");
    }
}
