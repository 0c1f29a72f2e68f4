//! The request bodies of the operations served, as typed serde structs. Members the server does not use
//! (`ClientMetadata`, `AnalyticsMetadata`, `UserContextData`, …) are ignored; a member of the wrong type is
//! a `SerializationException`, a missing required member an `InvalidParameterException`.

use std::collections::HashMap;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

use crate::error::Fault;

/// A `map<string,string>`; `null` values are dropped (amazon-cognito-identity-js sends `DEVICE_KEY: null`
/// when it forgets a device).
fn string_map<'de, D: Deserializer<'de>>(d: D) -> Result<HashMap<String, String>, D::Error> {
    let m: Option<HashMap<String, Option<String>>> = Option::deserialize(d)?;
    Ok(m.unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect())
}

/// Decodes a request body.
///
/// # Errors
/// `SerializationException` for a body that is not an object or has a member of the wrong type;
/// `InvalidParameterException: Missing required parameter X` for a missing required member.
pub fn decode<T: DeserializeOwned>(body: &Value) -> Result<T, Fault> {
    if !body.is_object() {
        return Err(Fault::serialization("Request body must be a JSON object."));
    }
    T::deserialize(body).map_err(|e| {
        let text = e.to_string();
        match text
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            Some(field) => Fault::missing(field),
            None => Fault::serialization(format!(
                "Invalid request: {}",
                text.split(" at line").next().unwrap_or(&text)
            )),
        }
    })
}

/// Cognito's length limits on sign-in names: `USERNAME` (and an alias typed as one) and `DEVICE_KEY`.
pub const NAME_LIMITS: [(&str, usize); 2] = [("USERNAME", 128), ("DEVICE_KEY", 55)];

/// Refuses `AuthParameters` or `ChallengeResponses` whose `USERNAME` or `DEVICE_KEY` is longer than
/// Cognito allows ([`NAME_LIMITS`], in characters), before anything of the request is stored.
///
/// # Errors
/// `InvalidParameterException: 1 validation error detected: Value at 'NAME' failed to satisfy
/// constraint: Member must have length less than or equal to N`.
pub fn check_name_lengths(params: &HashMap<String, String>) -> Result<(), Fault> {
    for (name, max) in NAME_LIMITS {
        if params.get(name).is_some_and(|v| v.chars().count() > max) {
            return Err(Fault::invalid(format!(
                "1 validation error detected: Value at '{name}' failed to satisfy constraint: Member must have length less than or equal to {max}"
            )));
        }
    }
    Ok(())
}

/// InitiateAuth.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuth {
    /// `USER_SRP_AUTH`, `CUSTOM_AUTH`, `USER_AUTH`, `REFRESH_TOKEN_AUTH` (or `REFRESH_TOKEN`).
    pub auth_flow: String,
    /// The app client.
    pub client_id: String,
    /// `USERNAME`, `SRP_A`, `SECRET_HASH`, `DEVICE_KEY`, `REFRESH_TOKEN`, …
    #[serde(default, deserialize_with = "string_map")]
    pub auth_parameters: HashMap<String, String>,
}

/// RespondToAuthChallenge.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallenge {
    /// The challenge answered.
    pub challenge_name: String,
    /// The app client.
    pub client_id: String,
    /// The answer.
    #[serde(default, deserialize_with = "string_map")]
    pub challenge_responses: HashMap<String, String>,
    /// The `Session` of the challenge.
    #[serde(default)]
    pub session: Option<String>,
}

/// `DeviceSecretVerifierConfig`.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct VerifierConfig {
    /// Base64 salt.
    pub salt: String,
    /// Base64 verifier.
    pub password_verifier: String,
}

/// ConfirmDevice.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDevice {
    /// The signed-in user's access token.
    pub access_token: String,
    /// The device.
    pub device_key: String,
    /// The device's verifier.
    pub device_secret_verifier_config: VerifierConfig,
    /// A name for the device.
    #[serde(default)]
    pub device_name: Option<String>,
}

/// UpdateDeviceStatus.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatus {
    /// The signed-in user's access token.
    pub access_token: String,
    /// The device.
    pub device_key: String,
    /// `remembered` or `not_remembered`.
    #[serde(default)]
    pub device_remembered_status: Option<String>,
}

/// GetDevice and ForgetDevice.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// The device.
    pub device_key: String,
}

/// ListDevices.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevices {
    /// The signed-in user's access token.
    pub access_token: String,
    /// At most this many (1 to 60).
    #[serde(default)]
    pub limit: Option<u32>,
}

/// GetUser and GlobalSignOut.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    /// The signed-in user's access token.
    pub access_token: String,
}

/// RevokeToken.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeToken {
    /// The refresh token.
    pub token: String,
    /// The app client it was issued to.
    pub client_id: String,
    /// The app client's secret, required when the client has one.
    #[serde(default)]
    pub client_secret: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn decode_types_and_missing_members() {
        let r: InitiateAuth = decode(&json!({
            "AuthFlow": "USER_SRP_AUTH", "ClientId": "c",
            "AuthParameters": {"USERNAME": "u", "DEVICE_KEY": null}, "ClientMetadata": {}
        }))
        .unwrap();
        assert_eq!(r.auth_parameters.len(), 1);
        assert_eq!(
            decode::<InitiateAuth>(&json!({"ClientId": "c"})).unwrap_err(),
            Fault::missing("AuthFlow")
        );
        let wrong = decode::<InitiateAuth>(&json!({"AuthFlow": 7, "ClientId": "c"})).unwrap_err();
        assert_eq!(wrong.code, "SerializationException");
        let wrong_map = decode::<InitiateAuth>(
            &json!({"AuthFlow": "x", "ClientId": "c", "AuthParameters": {"A": 1}}),
        )
        .unwrap_err();
        assert_eq!(wrong_map.code, "SerializationException");
        assert_eq!(
            decode::<RevokeToken>(&json!([1])).unwrap_err().code,
            "SerializationException"
        );
        let none: RespondToAuthChallenge =
            decode(&json!({"ChallengeName": "X", "ClientId": "c", "ChallengeResponses": null}))
                .unwrap();
        assert!(none.challenge_responses.is_empty() && none.session.is_none());
    }
}
