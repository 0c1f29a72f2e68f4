//! Names of the parameters Cognito's API carries in `AuthParameters`, `ChallengeParameters` and
//! `ChallengeResponses`, and helpers to read them from the string maps the AWS SDKs use.

use std::collections::HashMap;

use crate::error::{Error, Result};
use crate::limits;

/// `USERNAME`.
pub const USERNAME: &str = "USERNAME";
/// `USER_ID_FOR_SRP`: the internal user name (a UUID in alias pools) that enters the SRP math.
pub const USER_ID_FOR_SRP: &str = "USER_ID_FOR_SRP";
/// `SRP_A`: the client's public value, lowercase hex.
pub const SRP_A: &str = "SRP_A";
/// `SRP_B`: the server's public value, hex.
pub const SRP_B: &str = "SRP_B";
/// `SALT`: the user's or device's salt, hex, possibly `-`-signed.
pub const SALT: &str = "SALT";
/// `SECRET_BLOCK`: opaque server state, base64.
pub const SECRET_BLOCK: &str = "SECRET_BLOCK";
/// `PASSWORD_CLAIM_SECRET_BLOCK`: the `SECRET_BLOCK` echoed verbatim.
pub const PASSWORD_CLAIM_SECRET_BLOCK: &str = "PASSWORD_CLAIM_SECRET_BLOCK";
/// `PASSWORD_CLAIM_SIGNATURE`: the client's proof of the password.
pub const PASSWORD_CLAIM_SIGNATURE: &str = "PASSWORD_CLAIM_SIGNATURE";
/// `TIMESTAMP`: the time the claim was signed at.
pub const TIMESTAMP: &str = "TIMESTAMP";
/// `SECRET_HASH`: HMAC proof of the app client secret.
pub const SECRET_HASH: &str = "SECRET_HASH";
/// `DEVICE_KEY`: the remembered device's key.
pub const DEVICE_KEY: &str = "DEVICE_KEY";
/// `CHALLENGE_NAME`: in CUSTOM_AUTH, `SRP_A` asks to start with SRP.
pub const CHALLENGE_NAME: &str = "CHALLENGE_NAME";
/// `PREFERRED_CHALLENGE`: in USER_AUTH, `PASSWORD_SRP` asks for SRP.
pub const PREFERRED_CHALLENGE: &str = "PREFERRED_CHALLENGE";
/// `ANSWER`: the answer to `SELECT_CHALLENGE`.
pub const ANSWER: &str = "ANSWER";
/// The `PASSWORD_SRP` choice of USER_AUTH.
pub const PASSWORD_SRP: &str = "PASSWORD_SRP";

/// `PASSWORD`: a user's password (`USER_PASSWORD_AUTH`, `SELECT_CHALLENGE` with `PASSWORD`); the label of
/// errors about a password this crate never sends.
pub const PASSWORD: &str = "PASSWORD";
/// `NEW_PASSWORD`: the answer to `NEW_PASSWORD_REQUIRED`.
pub const NEW_PASSWORD: &str = "NEW_PASSWORD";
/// The prefix of user attributes in `NEW_PASSWORD_REQUIRED` (`userAttributes.name`).
pub const USER_ATTRIBUTES_PREFIX: &str = "userAttributes.";
/// `userAttributes`: in `NEW_PASSWORD_REQUIRED`, the user's current attributes as a JSON object.
pub const USER_ATTRIBUTES: &str = "userAttributes";
/// `requiredAttributes`: in `NEW_PASSWORD_REQUIRED`, a JSON array of the `userAttributes.*` keys the
/// answer must carry.
pub const REQUIRED_ATTRIBUTES: &str = "requiredAttributes";
/// `SMS_MFA_CODE`: the answer to `SMS_MFA`.
pub const SMS_MFA_CODE: &str = "SMS_MFA_CODE";
/// `SOFTWARE_TOKEN_MFA_CODE`: the answer to `SOFTWARE_TOKEN_MFA`.
pub const SOFTWARE_TOKEN_MFA_CODE: &str = "SOFTWARE_TOKEN_MFA_CODE";
/// `EMAIL_OTP_CODE`: the answer to `EMAIL_OTP`.
pub const EMAIL_OTP_CODE: &str = "EMAIL_OTP_CODE";
/// `EMAIL`: in `MFA_SETUP` for email MFA, the address to set up.
pub const EMAIL: &str = "EMAIL";
/// `UserPoolId`: the API field of a user-pool id.
pub const USER_POOL_ID: &str = "UserPoolId";
/// `ClientId`: the API field of an app client id.
pub const CLIENT_ID: &str = "ClientId";
/// `ClientSecret`: the API field of an app client secret.
pub const CLIENT_SECRET: &str = "ClientSecret";
/// `DeviceGroupKey`: the API field of a device's group key.
pub const DEVICE_GROUP_KEY: &str = "DeviceGroupKey";
/// `Salt` of `DeviceSecretVerifierConfig`.
pub const DEVICE_SALT: &str = "Salt";
/// `PasswordVerifier` of `DeviceSecretVerifierConfig`.
pub const PASSWORD_VERIFIER: &str = "PasswordVerifier";

/// Challenge name `PASSWORD_VERIFIER`.
pub const CHALLENGE_PASSWORD_VERIFIER: &str = "PASSWORD_VERIFIER";
/// Challenge name `DEVICE_SRP_AUTH`.
pub const CHALLENGE_DEVICE_SRP_AUTH: &str = "DEVICE_SRP_AUTH";
/// Challenge name `DEVICE_PASSWORD_VERIFIER`.
pub const CHALLENGE_DEVICE_PASSWORD_VERIFIER: &str = "DEVICE_PASSWORD_VERIFIER";
/// Challenge name `SELECT_CHALLENGE`.
pub const CHALLENGE_SELECT_CHALLENGE: &str = "SELECT_CHALLENGE";
/// Challenge name `SMS_MFA`.
pub const CHALLENGE_SMS_MFA: &str = "SMS_MFA";
/// Challenge name `SOFTWARE_TOKEN_MFA`.
pub const CHALLENGE_SOFTWARE_TOKEN_MFA: &str = "SOFTWARE_TOKEN_MFA";
/// Challenge name `EMAIL_OTP`.
pub const CHALLENGE_EMAIL_OTP: &str = "EMAIL_OTP";
/// Challenge name `SELECT_MFA_TYPE`.
pub const CHALLENGE_SELECT_MFA_TYPE: &str = "SELECT_MFA_TYPE";
/// Challenge name `MFA_SETUP`.
pub const CHALLENGE_MFA_SETUP: &str = "MFA_SETUP";
/// Challenge name `NEW_PASSWORD_REQUIRED`.
pub const CHALLENGE_NEW_PASSWORD_REQUIRED: &str = "NEW_PASSWORD_REQUIRED";
/// Challenge name `CUSTOM_CHALLENGE`.
pub const CHALLENGE_CUSTOM_CHALLENGE: &str = "CUSTOM_CHALLENGE";

/// A parameter that must be present, bounded by `max` bytes.
pub(crate) fn required<'m>(
    map: &'m HashMap<String, String>,
    name: &'static str,
    max: usize,
) -> Result<&'m str> {
    let value = map.get(name).ok_or(Error::MissingParameter(name))?;
    limits::check(name, value, max)?;
    Ok(value)
}

/// A parameter that may be absent, bounded by `max` bytes when present.
pub(crate) fn optional<'m>(
    map: &'m HashMap<String, String>,
    name: &'static str,
    max: usize,
) -> Result<Option<&'m str>> {
    match map.get(name) {
        None => Ok(None),
        Some(value) => {
            limits::check(name, value, max)?;
            Ok(Some(value))
        }
    }
}

/// The `USER_ID_FOR_SRP`, else the `USERNAME`, of a challenge's parameters, if it names one.
pub(crate) fn challenge_username(parameters: &HashMap<String, String>) -> Result<Option<&str>> {
    if let Some(id) = optional(parameters, USER_ID_FOR_SRP, limits::MAX_USERNAME)? {
        return Ok(Some(id));
    }
    optional(parameters, USERNAME, limits::MAX_USERNAME)
}
