//! The client side of a sign-in: USER_SRP_AUTH → PASSWORD_VERIFIER, then DEVICE_SRP_AUTH →
//! DEVICE_PASSWORD_VERIFIER for a remembered device, and ConfirmDevice for a new one. Written against a
//! small [`Transport`] trait so the same code runs over the AWS SDK (`login`) and in-process (`demo`).

use std::collections::HashMap;
use std::time::Instant;

use cognito_srp_core::{
    AppClient, DeviceCredentials, DeviceSecretVerifierConfig, Password, SrpAuthFlow, Timestamp,
    wire,
};
use serde::Serialize;
use zeroize::Zeroizing;

use crate::challenges::{self, Answerer};
use serde_json::{Map, Value, json};

/// An error the service sent back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    /// The error's name (`NotAuthorizedException`).
    pub code: String,
    /// Its message.
    pub message: String,
    /// The request id the service gave the call (`x-amzn-RequestId`), when it gave one.
    pub request_id: Option<String>,
    /// The HTTP status, when the answer came over HTTP.
    pub status: Option<u16>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

/// Why a call did not get an answer from the service at all (network, TLS, timeouts).
#[derive(Debug, Clone)]
pub enum CallError {
    /// The service answered with an error.
    Api(ApiError),
    /// No answer.
    Transport(String),
    /// An answer that does not follow the protocol.
    Protocol(String),
    /// The request could not be built.
    Local(String),
}

impl From<ApiError> for CallError {
    fn from(e: ApiError) -> Self {
        CallError::Api(e)
    }
}

/// The tokens.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResult {
    /// `AccessToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// `ExpiresIn`.
    pub expires_in: i64,
    /// `IdToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// `RefreshToken`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// `TokenType`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// `NewDeviceMetadata`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// `NewDeviceMetadata`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    /// `DeviceKey`.
    pub device_key: String,
    /// `DeviceGroupKey`.
    pub device_group_key: String,
}

/// What InitiateAuth / RespondToAuthChallenge answered.
#[derive(Debug, Clone, Default)]
pub struct AuthStep {
    /// `ChallengeName`.
    pub challenge_name: Option<String>,
    /// `ChallengeParameters`.
    pub challenge_parameters: HashMap<String, String>,
    /// `Session`.
    pub session: Option<String>,
    /// `AuthenticationResult`.
    pub result: Option<AuthResult>,
}

/// The operations a sign-in uses.
pub trait Transport {
    /// InitiateAuth.
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn initiate_auth(
        &self,
        flow: &str,
        client_id: &str,
        parameters: HashMap<String, String>,
    ) -> Result<AuthStep, CallError>;
    /// RespondToAuthChallenge.
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn respond_to_auth_challenge(
        &self,
        challenge: &str,
        client_id: &str,
        responses: HashMap<String, String>,
        session: Option<String>,
    ) -> Result<AuthStep, CallError>;
    /// ConfirmDevice; returns `UserConfirmationNecessary`.
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn confirm_device(
        &self,
        access_token: &str,
        device_key: &str,
        config: &DeviceSecretVerifierConfig,
        device_name: &str,
    ) -> Result<bool, CallError>;
    /// UpdateDeviceStatus to `remembered`.
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn remember_device(&self, access_token: &str, device_key: &str) -> Result<(), CallError>;
    /// ForgetDevice.
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn forget_device(&self, access_token: &str, device_key: &str) -> Result<(), CallError>;
    /// AssociateSoftwareToken with a challenge's session; returns `SecretCode` and the new `Session`.
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn associate_software_token(
        &self,
        session: &str,
    ) -> Result<(Zeroizing<String>, Option<String>), CallError>;
    /// VerifySoftwareToken with a session; returns `Status` and the new `Session`.
    ///
    /// # Errors
    /// The service's error, or no answer.
    fn verify_software_token(
        &self,
        session: &str,
        code: &str,
        friendly_device_name: &str,
    ) -> Result<(String, Option<String>), CallError>;
}

/// How a sign-in ended when it did not end with tokens.
#[derive(Debug)]
pub enum LoginError {
    /// The service refused (wrong password, unknown client, …).
    Api(ApiError),
    /// A challenge this tool does not answer (`WEB_AUTHN`, `SMS_OTP`, …, or any challenge after SRP
    /// when no [`Answerer`] is given).
    Challenge(String),
    /// A challenge that needs an answer no source can give (no terminal and no option for it); the
    /// message says which option would.
    NeedsInput(String),
    /// No answer from the service.
    Transport(String),
    /// An answer that does not follow the protocol.
    Protocol(String),
    /// A local problem (device file, bad input).
    Local(String),
}

impl std::fmt::Display for LoginError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            LoginError::Api(e) => write!(f, "{e}"),
            LoginError::Challenge(c) => write!(
                f,
                "the service asked for the {c} challenge, which this tool does not answer"
            ),
            LoginError::NeedsInput(m) => write!(f, "{m}"),
            LoginError::Transport(m) => write!(f, "no answer from the service: {m}"),
            LoginError::Protocol(m) => write!(f, "unexpected answer from the service: {m}"),
            LoginError::Local(m) => write!(f, "{m}"),
        }
    }
}

impl From<CallError> for LoginError {
    fn from(e: CallError) -> Self {
        match e {
            CallError::Api(a) => LoginError::Api(a),
            CallError::Transport(t) => LoginError::Transport(t),
            CallError::Protocol(p) => LoginError::Protocol(p),
            CallError::Local(l) => LoginError::Local(l),
        }
    }
}

impl From<cognito_srp_core::Error> for LoginError {
    fn from(e: cognito_srp_core::Error) -> Self {
        LoginError::Protocol(format!("malformed challenge: {e}"))
    }
}

/// What a sign-in did.
#[derive(Debug)]
pub struct Outcome {
    /// The tokens.
    pub result: AuthResult,
    /// Whether the remembered device signed in with DEVICE_SRP_AUTH.
    pub used_device_srp: bool,
    /// The device confirmed in this sign-in, if any.
    pub confirmed_device: Option<String>,
}

/// A sign-in request.
pub struct SignIn<'a> {
    /// The app client (with its secret, if any).
    pub client: &'a AppClient,
    /// The name the user typed.
    pub username: &'a str,
    /// The password.
    pub password: &'a Password,
    /// Which flow carries SRP_A.
    pub flow: SrpAuthFlow,
    /// A remembered device to use, if any.
    pub device: Option<&'a DeviceCredentials>,
    /// Confirm a new device when the service offers one (`NewDeviceMetadata`).
    pub confirm_new_device: bool,
    /// The device name sent with ConfirmDevice.
    pub device_name: &'a str,
}

/// Reports progress: one call per step, with the time since the sign-in started.
pub type Progress<'a> = &'a mut dyn FnMut(&str);

/// Stores a new device's credentials before it is confirmed at the service; an error stops the sign-in
/// before ConfirmDevice.
pub type StoreDevice<'a> = &'a mut dyn FnMut(&DeviceCredentials) -> Result<(), String>;

/// Challenges answered in one sign-in at most (a service that keeps asking is refused).
const MAX_CHALLENGES: usize = 12;

/// What a sign-in calls back into.
#[derive(Default)]
pub struct Hooks<'a> {
    /// Stores a new device before ConfirmDevice, so that a device the service confirmed is never one
    /// the caller failed to keep. Without it, the device is only returned.
    pub store_device: Option<StoreDevice<'a>>,
    /// Answers the challenges after SRP (MFA, new password, custom). Without it, they end the sign-in
    /// with [`LoginError::Challenge`].
    pub answerer: Option<&'a mut dyn Answerer>,
}

/// Runs a sign-in. On success with `confirm_new_device` and `NewDeviceMetadata`, the returned
/// credentials are those of the new device (the caller stores them).
///
/// # Errors
/// See [`LoginError`].
pub fn sign_in(
    t: &dyn Transport,
    req: &SignIn<'_>,
    progress: Progress<'_>,
) -> Result<(Outcome, Option<DeviceCredentials>), LoginError> {
    sign_in_with(t, req, progress, Hooks::default())
}

/// [`sign_in`] with [`Hooks`].
///
/// # Errors
/// See [`LoginError`]; a failing `store_device` gives [`LoginError::Local`], and the device is not
/// confirmed.
pub fn sign_in_with(
    t: &dyn Transport,
    req: &SignIn<'_>,
    progress: Progress<'_>,
    mut hooks: Hooks<'_>,
) -> Result<(Outcome, Option<DeviceCredentials>), LoginError> {
    let client_id = req.client.client_id();
    let mut srp = req
        .client
        .start_user_srp_os(req.username)
        .map_err(|e| LoginError::Local(e.to_string()))?;
    if let Some(d) = req.device {
        srp = srp
            .with_device_key(d.device_key())
            .map_err(|e| LoginError::Local(e.to_string()))?;
    }
    let started = Instant::now();
    let mut step = |msg: &str| {
        progress(&format!(
            "{msg} ({:.1} ms)",
            started.elapsed().as_secs_f64() * 1000.0
        ))
    };
    let mut request = srp.initiate_auth_parameters(req.flow);
    let mut answer = t.initiate_auth(req.flow.auth_flow(), client_id, request.clone())?;
    step(&format!(
        "InitiateAuth {} -> {}",
        req.flow.auth_flow(),
        answer.challenge_name.as_deref().unwrap_or("tokens")
    ));
    if answer.challenge_name.as_deref() == Some(wire::CHALLENGE_SELECT_CHALLENGE) {
        request = srp.select_challenge_responses(&answer.challenge_parameters)?;
        answer = t.respond_to_auth_challenge(
            wire::CHALLENGE_SELECT_CHALLENGE,
            client_id,
            request.clone(),
            answer.session,
        )?;
        step(&format!(
            "RespondToAuthChallenge SELECT_CHALLENGE (PASSWORD_SRP) -> {}",
            answer.challenge_name.as_deref().unwrap_or("tokens")
        ));
    }
    let mut srp = Some(srp);
    let mut used_device = req.device;
    let mut used_device_srp = false;
    let mut rounds = 0;
    let result = loop {
        if let Some(result) = answer.result.take() {
            break result;
        }
        rounds += 1;
        let Some(name) = answer.challenge_name.clone() else {
            return Err(LoginError::Protocol(
                "neither a challenge nor tokens".into(),
            ));
        };
        if rounds > MAX_CHALLENGES {
            return Err(LoginError::Protocol(format!(
                "still asking for challenges after {MAX_CHALLENGES} answers (last: {name})"
            )));
        }
        match name.as_str() {
            wire::CHALLENGE_PASSWORD_VERIFIER => {
                let srp = srp.take().ok_or_else(|| {
                    LoginError::Protocol("PASSWORD_VERIFIER asked for twice".into())
                })?;
                let challenge = cognito_srp_core::PasswordVerifierChallenge::from_parameters(
                    &answer.challenge_parameters,
                )?;
                let user_id = challenge.user_id_for_srp().to_owned();
                let responses = srp
                    .respond_to(&challenge, req.password, &Timestamp::now())?
                    .into_parameters();
                step(&format!(
                    "PASSWORD_VERIFIER answered for USER_ID_FOR_SRP={user_id}"
                ));
                request = responses.clone();
                let mut next = t.respond_to_auth_challenge(
                    wire::CHALLENGE_PASSWORD_VERIFIER,
                    client_id,
                    responses.clone(),
                    answer.session.clone(),
                );
                if let (Err(CallError::Api(e)), Some(_)) = (&next, used_device)
                    && e.code == "ResourceNotFoundException"
                    && e.message.to_lowercase().contains("device")
                {
                    step(
                        "the service does not know the remembered device; answering again without it",
                    );
                    used_device = None;
                    request.remove(wire::DEVICE_KEY);
                    next = t.respond_to_auth_challenge(
                        wire::CHALLENGE_PASSWORD_VERIFIER,
                        client_id,
                        request.clone(),
                        answer.session.take(),
                    );
                }
                answer = next?;
                step(&format!(
                    "RespondToAuthChallenge PASSWORD_VERIFIER -> {}",
                    answer.challenge_name.as_deref().unwrap_or("tokens")
                ));
            }
            wire::CHALLENGE_DEVICE_SRP_AUTH => {
                let device = used_device.ok_or_else(|| {
                    LoginError::Protocol(
                        "DEVICE_SRP_AUTH asked for, but no device key was sent".into(),
                    )
                })?;
                let dsrp = req
                    .client
                    .challenge_context(&answer.challenge_parameters, &request)?
                    .start_device_srp_os(device);
                let a = t.respond_to_auth_challenge(
                    wire::CHALLENGE_DEVICE_SRP_AUTH,
                    client_id,
                    dsrp.device_srp_auth_responses(),
                    answer.session.take(),
                )?;
                step(&format!(
                    "RespondToAuthChallenge DEVICE_SRP_AUTH -> {}",
                    a.challenge_name.as_deref().unwrap_or("tokens")
                ));
                if a.challenge_name.as_deref() != Some(wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER) {
                    return Err(match a.challenge_name {
                        Some(c) => LoginError::Challenge(c),
                        None => LoginError::Protocol(
                            "DEVICE_SRP_AUTH answered without DEVICE_PASSWORD_VERIFIER".into(),
                        ),
                    });
                }
                request = dsrp.respond(&a.challenge_parameters, &Timestamp::now())?;
                answer = t.respond_to_auth_challenge(
                    wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
                    client_id,
                    request.clone(),
                    a.session,
                )?;
                step(&format!(
                    "RespondToAuthChallenge DEVICE_PASSWORD_VERIFIER -> {}",
                    answer.challenge_name.as_deref().unwrap_or("tokens")
                ));
                used_device_srp = true;
            }
            _ => {
                let Some(answerer) = hooks.answerer.as_deref_mut() else {
                    return Err(LoginError::Challenge(name));
                };
                let reply = challenges::answer(
                    t,
                    req.client,
                    &answer,
                    &request,
                    answerer,
                    req.device_name,
                )?;
                step(&reply.note);
                answer = t.respond_to_auth_challenge(
                    &name,
                    client_id,
                    reply.responses.clone(),
                    reply.session,
                )?;
                step(&format!(
                    "RespondToAuthChallenge {name} -> {}",
                    answer.challenge_name.as_deref().unwrap_or("tokens")
                ));
                request = reply.responses;
            }
        }
    };
    let mut new_credentials = None;
    let mut confirmed_device = None;
    if let (true, Some(meta), Some(access)) = (
        req.confirm_new_device,
        result.new_device_metadata.as_ref(),
        result.access_token.as_deref(),
    ) {
        let (creds, config) =
            DeviceCredentials::confirm_device_os(&meta.device_key, &meta.device_group_key)
                .map_err(|e| LoginError::Protocol(format!("bad NewDeviceMetadata: {e}")))?;
        if let Some(store) = hooks.store_device.as_mut() {
            store(&creds).map_err(|e| {
                LoginError::Local(format!(
                    "signed in, but the new device could not be stored, so it was not confirmed: {e}"
                ))
            })?;
            step(&format!("device {} stored", meta.device_key));
        }
        let necessary = t.confirm_device(access, &meta.device_key, &config, req.device_name)?;
        step(&format!(
            "ConfirmDevice {} (UserConfirmationNecessary: {necessary})",
            meta.device_key
        ));
        if necessary {
            t.remember_device(access, &meta.device_key)?;
            step("UpdateDeviceStatus remembered");
        }
        confirmed_device = Some(meta.device_key.clone());
        new_credentials = Some(creds);
    }
    Ok((
        Outcome {
            result,
            used_device_srp,
            confirmed_device,
        },
        new_credentials,
    ))
}

// ------------------------------------------------------------------ JSON (de)serialization

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

/// A transport that calls a [`crate::server::Server`] in the same process (no network).
pub struct LocalTransport<'a>(pub &'a crate::server::Server);

impl LocalTransport<'_> {
    fn call(&self, op: &str, req: Value) -> Result<Value, CallError> {
        self.0.dispatch(op, &req).map_err(|f| {
            CallError::Api(ApiError {
                code: f.code.to_owned(),
                message: f.message,
                request_id: None,
                status: None,
            })
        })
    }
}

impl Transport for LocalTransport<'_> {
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
