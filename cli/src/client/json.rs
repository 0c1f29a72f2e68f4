//! The operations of a sign-in over the service's JSON: any [`JsonCaller`] (one call, operation name
//! and JSON request in, JSON answer or the service's error out) is a [`Transport`]. The in-process and
//! the HTTP transports are JSON callers; the AWS SDK transport (`login`) is typed by the SDK itself.

use std::collections::HashMap;

use cognito_srp_core::DeviceSecretVerifierConfig;
use serde_json::{Map, Value, json};
use zeroize::Zeroizing;

use super::{AuthResult, AuthStep, CallError, NewDeviceMetadata, Transport};

/// One call of the JSON 1.1 protocol.
pub trait JsonCaller {
    /// Sends `req` as operation `op`; the answer, or the service's error as [`CallError::Api`].
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn call(&self, op: &str, req: Value) -> Result<Value, CallError>;
}

/// Parses an InitiateAuth / RespondToAuthChallenge JSON answer.
pub fn parse_auth_step(v: &Value) -> AuthStep {
    let map = |v: Option<&Value>| -> HashMap<String, String> {
        v.and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                    .collect()
            })
            .unwrap_or_default()
    };
    let s = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
    AuthStep {
        challenge_name: s(v, "ChallengeName"),
        challenge_parameters: map(v.get("ChallengeParameters")),
        session: s(v, "Session"),
        result: v.get("AuthenticationResult").map(|r| AuthResult {
            access_token: s(r, "AccessToken"),
            expires_in: r.get("ExpiresIn").and_then(Value::as_i64).unwrap_or(0),
            id_token: s(r, "IdToken"),
            refresh_token: s(r, "RefreshToken"),
            token_type: s(r, "TokenType"),
            new_device_metadata: r.get("NewDeviceMetadata").and_then(|m| {
                Some(NewDeviceMetadata {
                    device_key: s(m, "DeviceKey")?,
                    device_group_key: s(m, "DeviceGroupKey")?,
                })
            }),
        }),
    }
}

fn to_json_map(m: HashMap<String, String>) -> Value {
    Value::Object(
        m.into_iter()
            .map(|(k, v)| (k, Value::String(v)))
            .collect::<Map<_, _>>(),
    )
}

impl<T: JsonCaller> Transport for T {
    fn initiate_auth(
        &self,
        flow: &str,
        client_id: &str,
        parameters: HashMap<String, String>,
    ) -> Result<AuthStep, CallError> {
        let v = self.call(
            "InitiateAuth",
            json!({"AuthFlow": flow, "ClientId": client_id, "AuthParameters": to_json_map(parameters)}),
        )?;
        Ok(parse_auth_step(&v))
    }

    fn respond_to_auth_challenge(
        &self,
        challenge: &str,
        client_id: &str,
        responses: HashMap<String, String>,
        session: Option<String>,
    ) -> Result<AuthStep, CallError> {
        let mut req = json!({"ChallengeName": challenge, "ClientId": client_id, "ChallengeResponses": to_json_map(responses)});
        if let Some(s) = session {
            req["Session"] = json!(s);
        }
        Ok(parse_auth_step(&self.call("RespondToAuthChallenge", req)?))
    }

    fn confirm_device(
        &self,
        access_token: &str,
        device_key: &str,
        config: &DeviceSecretVerifierConfig,
        device_name: &str,
    ) -> Result<bool, CallError> {
        let v = self.call(
            "ConfirmDevice",
            json!({
                "AccessToken": access_token,
                "DeviceKey": device_key,
                "DeviceSecretVerifierConfig": {"Salt": config.salt(), "PasswordVerifier": config.password_verifier()},
                "DeviceName": device_name,
            }),
        )?;
        Ok(v.get("UserConfirmationNecessary")
            .and_then(Value::as_bool)
            .unwrap_or(false))
    }

    fn remember_device(&self, access_token: &str, device_key: &str) -> Result<(), CallError> {
        self.call(
            "UpdateDeviceStatus",
            json!({"AccessToken": access_token, "DeviceKey": device_key, "DeviceRememberedStatus": "remembered"}),
        )?;
        Ok(())
    }

    fn forget_device(&self, access_token: &str, device_key: &str) -> Result<(), CallError> {
        self.call(
            "ForgetDevice",
            json!({"AccessToken": access_token, "DeviceKey": device_key}),
        )?;
        Ok(())
    }

    fn associate_software_token(
        &self,
        session: &str,
    ) -> Result<(Zeroizing<String>, Option<String>), CallError> {
        let v = self.call("AssociateSoftwareToken", json!({"Session": session}))?;
        let secret = v.get("SecretCode").and_then(Value::as_str).unwrap_or("");
        let session = v.get("Session").and_then(Value::as_str).map(str::to_owned);
        Ok((Zeroizing::new(secret.to_owned()), session))
    }

    fn verify_software_token(
        &self,
        session: &str,
        code: &str,
        friendly_device_name: &str,
    ) -> Result<(String, Option<String>), CallError> {
        let v = self.call(
            "VerifySoftwareToken",
            json!({"Session": session, "UserCode": code, "FriendlyDeviceName": friendly_device_name}),
        )?;
        let status = v.get("Status").and_then(Value::as_str).unwrap_or("");
        let session = v.get("Session").and_then(Value::as_str).map(str::to_owned);
        Ok((status.to_owned(), session))
    }
}
