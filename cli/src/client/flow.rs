//! Driving a sign-in over a [`Transport`]: SRP, then device SRP or the challenges that follow, then
//! ConfirmDevice for a new device.

use std::time::Instant;

use cognito_srp_core::{AppClient, DeviceCredentials, Password, SrpAuthFlow, Timestamp, wire};

use super::{ApiError, AuthResult, CallError, Transport};
use crate::challenges::{self, Answerer};

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
