//! The client side of a sign-in: USER_SRP_AUTH → PASSWORD_VERIFIER, then DEVICE_SRP_AUTH →
//! DEVICE_PASSWORD_VERIFIER for a remembered device, and ConfirmDevice for a new one. Written against a
//! small [`Transport`] trait so the same code runs over the AWS SDK (`login`), over HTTP (`load`,
//! `hostile`) and in process (`demo`, `load`'s baseline).
//!
//! This module holds the trait and what its calls answer; `flow` drives a sign-in over it, `json` makes
//! any JSON caller a transport, `http` and `local` are the JSON callers.

mod flow;
mod http;
mod json;
mod local;

use std::collections::HashMap;

use cognito_srp_core::DeviceSecretVerifierConfig;
use serde::Serialize;
use zeroize::Zeroizing;

// Only `login` passes hooks.
#[cfg(feature = "login")]
pub use flow::{Hooks, sign_in_with};
pub use flow::{LoginError, SignIn, sign_in};
pub use http::{Connection, HttpTransport};
pub use local::LocalTransport;

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

/// Who signs in, for `load` and `hostile`.
#[derive(Clone)]
pub struct Account {
    /// The pool.
    pub pool_id: String,
    /// The app client (without a secret).
    pub client_id: String,
    /// The username.
    pub username: String,
    /// The password.
    pub password: String,
}

impl Account {
    /// One full USER_SRP_AUTH sign-in over `t`, to the tokens; a device the service issues is not
    /// confirmed.
    ///
    /// # Errors
    /// What went wrong, with the service's error type.
    pub fn sign_in(&self, t: &dyn Transport) -> Result<(), String> {
        let client = cognito_srp_core::AppClient::new(&self.pool_id, &self.client_id)
            .map_err(|e| e.to_string())?;
        let password =
            cognito_srp_core::Password::new(self.password.clone()).map_err(|e| e.to_string())?;
        let request = SignIn {
            client: &client,
            username: &self.username,
            password: &password,
            flow: cognito_srp_core::SrpAuthFlow::UserSrpAuth,
            device: None,
            confirm_new_device: false,
            device_name: "",
        };
        sign_in(t, &request, &mut |_| {})
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}
