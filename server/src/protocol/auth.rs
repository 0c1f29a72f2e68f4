//! The sign-in operations: InitiateAuth and RespondToAuthChallenge (and their admin forms), which
//! share one response shape.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};

use super::types::{AuthenticationResult, SecretText, debug_keys, string_map};
use super::{CognitoError, Reply, Request};

/// Cognito's length limits on sign-in names: `USERNAME` (and an alias typed as one) and `DEVICE_KEY`.
pub const NAME_LIMITS: [(&str, usize); 2] = [("USERNAME", 128), ("DEVICE_KEY", 55)];

/// Refuses `AuthParameters` or `ChallengeResponses` whose `USERNAME` or `DEVICE_KEY` is longer than
/// Cognito allows ([`NAME_LIMITS`], in characters), before anything of the request is stored.
///
/// # Errors
/// `InvalidParameterException: 1 validation error detected: Value at 'NAME' failed to satisfy
/// constraint: Member must have length less than or equal to N`.
pub fn check_name_lengths(params: &HashMap<String, String>) -> Result<(), CognitoError> {
    for (name, max) in NAME_LIMITS {
        if params.get(name).is_some_and(|v| v.chars().count() > max) {
            return Err(CognitoError::invalid(format!(
                "1 validation error detected: Value at '{name}' failed to satisfy constraint: Member must have length less than or equal to {max}"
            )));
        }
    }
    Ok(())
}

/// InitiateAuth.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct InitiateAuthRequest {
    /// `USER_SRP_AUTH`, `USER_PASSWORD_AUTH`, `CUSTOM_AUTH`, `USER_AUTH`, `REFRESH_TOKEN_AUTH` (or
    /// `REFRESH_TOKEN`).
    pub auth_flow: String,
    /// The app client.
    pub client_id: String,
    /// `USERNAME`, `SRP_A`, `PASSWORD`, `SECRET_HASH`, `DEVICE_KEY`, `REFRESH_TOKEN`, …
    #[serde(default, deserialize_with = "string_map")]
    pub auth_parameters: HashMap<String, String>,
}

impl Request for InitiateAuthRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
    fn step(&self) -> Option<&str> {
        Some(&self.auth_flow)
    }
}

/// GetTokensFromRefreshToken: REFRESH_TOKEN_AUTH as an operation of its own (Amplify JS v6 refreshes
/// with it), with the client secret itself instead of a `SECRET_HASH`.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenRequest {
    /// The refresh token.
    pub refresh_token: SecretText,
    /// The app client.
    pub client_id: String,
    /// The app client's secret, for a client that has one.
    #[serde(default)]
    pub client_secret: Option<SecretText>,
    /// The device the sign-in confirmed, if it confirmed one.
    #[serde(default)]
    pub device_key: Option<String>,
}

impl Request for GetTokensFromRefreshTokenRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
    fn step(&self) -> Option<&str> {
        Some("REFRESH_TOKEN")
    }
}

/// GetTokensFromRefreshToken's answer: the new ID and access tokens.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct GetTokensFromRefreshTokenResponse {
    /// The tokens (no new refresh token: the server does not rotate them).
    pub authentication_result: AuthenticationResult,
}

impl Reply for GetTokensFromRefreshTokenResponse {
    fn outcome(&self) -> &str {
        "tokens"
    }
}

/// AdminInitiateAuth: InitiateAuth's members and the pool, for a caller with IAM credentials
/// (`ADMIN_USER_PASSWORD_AUTH`, or its older name `ADMIN_NO_SRP_AUTH`, among the flows).
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminInitiateAuthRequest {
    /// The pool the app client belongs to.
    pub user_pool_id: String,
    /// The flow, the app client and the parameters, as InitiateAuth carries them.
    #[serde(flatten)]
    pub auth: InitiateAuthRequest,
}

impl Request for AdminInitiateAuthRequest {
    fn client_id(&self) -> Option<&str> {
        self.auth.client_id()
    }
    fn step(&self) -> Option<&str> {
        self.auth.step()
    }
}

/// RespondToAuthChallenge.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RespondToAuthChallengeRequest {
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

impl Request for RespondToAuthChallengeRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
    fn step(&self) -> Option<&str> {
        Some(&self.challenge_name)
    }
}

/// AdminRespondToAuthChallenge: RespondToAuthChallenge's members and the pool.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminRespondToAuthChallengeRequest {
    /// The pool the app client belongs to.
    pub user_pool_id: String,
    /// The challenge, the app client, the answer and the session, as RespondToAuthChallenge carries
    /// them.
    #[serde(flatten)]
    pub answer: RespondToAuthChallengeRequest,
}

impl Request for AdminRespondToAuthChallengeRequest {
    fn client_id(&self) -> Option<&str> {
        self.answer.client_id()
    }
    fn step(&self) -> Option<&str> {
        self.answer.step()
    }
}

/// The answer of every sign-in operation: a challenge with its parameters and session, or the tokens.
#[derive(Serialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AuthResponse {
    /// The challenge to answer next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub challenge_name: Option<String>,
    /// Its parameters (`{}` with the tokens).
    pub challenge_parameters: BTreeMap<String, String>,
    /// The session to answer it with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
    /// The tokens, at the end of a sign-in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub authentication_result: Option<AuthenticationResult>,
    /// USER_AUTH's SELECT_CHALLENGE: the first factors offered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub available_challenges: Option<Vec<String>>,
}

impl AuthResponse {
    /// A challenge with its parameters and session.
    pub fn challenge(
        name: &str,
        parameters: impl IntoIterator<Item = (&'static str, String)>,
        session: String,
    ) -> Self {
        AuthResponse {
            challenge_name: Some(name.to_owned()),
            challenge_parameters: parameters
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            session: Some(session),
            ..AuthResponse::default()
        }
    }

    /// The tokens.
    pub fn tokens(result: AuthenticationResult) -> Self {
        AuthResponse {
            authentication_result: Some(result),
            ..AuthResponse::default()
        }
    }
}

impl Reply for AuthResponse {
    fn outcome(&self) -> &str {
        match (&self.challenge_name, &self.authentication_result) {
            (Some(c), _) => c,
            (None, Some(_)) => "tokens",
            (None, None) => "ok",
        }
    }
}

impl std::fmt::Debug for InitiateAuthRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InitiateAuthRequest")
            .field("auth_flow", &self.auth_flow)
            .field("client_id", &self.client_id)
            .field("auth_parameters", &debug_keys(&self.auth_parameters))
            .finish()
    }
}

impl std::fmt::Debug for RespondToAuthChallengeRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RespondToAuthChallengeRequest")
            .field("challenge_name", &self.challenge_name)
            .field("client_id", &self.client_id)
            .field(
                "challenge_responses",
                &debug_keys(&self.challenge_responses),
            )
            .field("session", &self.session.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}
