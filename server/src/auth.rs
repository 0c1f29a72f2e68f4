//! The sign-in flows: InitiateAuth (USER_SRP_AUTH, CUSTOM_AUTH starting with SRP_A, USER_AUTH,
//! REFRESH_TOKEN_AUTH) and RespondToAuthChallenge (SELECT_CHALLENGE, PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
//! DEVICE_PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED). A new challenge is a [`Stage`] variant, the code
//! that issues it, and one arm in [`Server::respond_to_auth_challenge`].
//!
//! Whether a user exists, is disabled or is unconfirmed is told to a client only through
//! [`existence_answer`].

use std::collections::HashMap;

use cognito_srp_core::{ClientSecret, Error as SrpError, Password, ServerSession, Timestamp, wire};
use serde_json::{Map, Value, json};
use subtle::ConstantTimeEq as _;

use crate::config::DeviceTracking;
use crate::model::{Status, verifier_for};
use crate::protocol::CognitoError;
use crate::protocol::auth::{
    AdminInitiateAuthRequest, AdminRespondToAuthChallengeRequest, AuthResponse,
    GetTokensFromRefreshTokenRequest, GetTokensFromRefreshTokenResponse, InitiateAuthRequest,
    RespondToAuthChallengeRequest, check_name_lengths,
};
use crate::protocol::types::{AuthenticationResult, NewDeviceMetadata};
use crate::service::{Counters, Server, lock};
use crate::session::{Lookup, Pending, Stage, Subject};
use crate::util::{now_f64, now_secs, random_b64, uuid_v4};

/// Why the user a sign-in names cannot sign in; [`existence_answer`] decides whether it may be told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SignInBlocker {
    /// No user has this name or alias.
    UnknownUser,
    /// The user is disabled.
    Disabled,
    /// The user is unconfirmed.
    Unconfirmed,
}

/// The one place that decides whether a refusal may reveal a [`SignInBlocker`]. With user-existence
/// errors prevented (`prevented`), an unknown user is never told so (it gets a stand-in challenge
/// whose proof always fails with `Incorrect username or password.`), and a disabled or unconfirmed
/// user learns it only after a correct proof (`proved`), as Cognito does. Otherwise each is told at
/// once. `None`: go on.
pub(crate) fn existence_answer(
    prevented: bool,
    blocker: SignInBlocker,
    proved: bool,
) -> Option<CognitoError> {
    if prevented && !proved {
        return None;
    }
    Some(match blocker {
        SignInBlocker::UnknownUser if prevented => CognitoError::incorrect(),
        SignInBlocker::UnknownUser => CognitoError::UserNotFound("User does not exist.".into()),
        SignInBlocker::Disabled => CognitoError::not_authorized("User is disabled."),
        SignInBlocker::Unconfirmed => {
            CognitoError::UserNotConfirmed("User is not confirmed.".into())
        }
    })
}

fn srp_fault(e: &SrpError) -> CognitoError {
    match e {
        SrpError::MissingParameter(p) => CognitoError::missing(p),
        SrpError::InvalidTimestamp => CognitoError::invalid(
            "TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.",
        ),
        SrpError::VerificationFailed | SrpError::SecretBlockMismatch => CognitoError::incorrect(),
        SrpError::ClientPublicZero | SrpError::ScramblerZero => {
            CognitoError::not_authorized("Invalid SRP_A.")
        }
        other => CognitoError::invalid(other.to_string()),
    }
}

/// The attributes of `required` that `user` has no value for.
fn missing_attributes<'a>(
    required: &'a [String],
    user: &'a crate::model::User,
) -> impl Iterator<Item = &'a String> {
    required
        .iter()
        .filter(|a| user.attributes.get(*a).is_none_or(String::is_empty))
}

pub(crate) fn required<'a>(
    m: &'a HashMap<String, String>,
    name: &str,
) -> Result<&'a str, CognitoError> {
    match m.get(name).map(String::as_str) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(CognitoError::missing(name)),
    }
}

/// Checks `SECRET_HASH` over `user_id` when the client has a secret.
pub(crate) fn check_secret_hash(
    secret: Option<&ClientSecret>,
    client_id: &str,
    user_id: &str,
    params: &HashMap<String, String>,
) -> Result<(), CognitoError> {
    check_secret_hash_value(
        secret,
        client_id,
        user_id,
        params.get(wire::SECRET_HASH).map(String::as_str),
    )
}

/// Checks a `SecretHash` member (SignUp, ForgotPassword, …) over `user_id` when the client has a
/// secret.
pub(crate) fn check_secret_hash_value(
    secret: Option<&ClientSecret>,
    client_id: &str,
    user_id: &str,
    given: Option<&str>,
) -> Result<(), CognitoError> {
    let Some(secret) = secret else { return Ok(()) };
    let Some(got) = given else {
        return Err(CognitoError::not_authorized(format!(
            "Client {client_id} is configured for secret but secret was not received"
        )));
    };
    let want = secret.secret_hash(user_id, client_id);
    if bool::from(want.as_bytes().ct_eq(got.as_bytes())) {
        Ok(())
    } else {
        Err(CognitoError::not_authorized(format!(
            "Unable to verify secret hash for client {client_id}"
        )))
    }
}

/// Checks a `ClientSecret` member (RevokeToken, GetTokensFromRefreshToken) when the client has a secret.
/// Equal secrets give equal HMACs, so the comparison takes the same time whatever was sent.
pub(crate) fn check_client_secret(
    client: &ClientSettings,
    given: Option<&str>,
    operation: &str,
) -> Result<(), CognitoError> {
    let Some(secret) = client.secret.as_deref() else {
        return Ok(());
    };
    let Some(given) = given else {
        return Err(CognitoError::not_authorized(format!(
            "Client {} is configured for secret but secret was not received",
            client.id
        )));
    };
    let given = ClientSecret::new(given.to_owned())
        .map(|g| g.secret_hash(operation, &client.id))
        .unwrap_or_default();
    let want = secret.secret_hash(operation, &client.id);
    if bool::from(want.as_bytes().ct_eq(given.as_bytes())) {
        Ok(())
    } else {
        Err(CognitoError::not_authorized(format!(
            "Unable to verify secret for client {}",
            client.id
        )))
    }
}

/// The settings of the app client a request names, copied out of the directory so the request runs
/// without holding its lock.
pub(crate) struct ClientSettings {
    pub id: String,
    pub pool_id: String,
    pub secret: Option<std::sync::Arc<ClientSecret>>,
    /// Cognito's `PreventUserExistenceErrors`: see [`existence_answer`].
    pub prevent_user_existence_errors: bool,
    /// Token lifetimes, seconds (`None`: the server's defaults).
    pub access_validity: Option<i64>,
    pub id_validity: Option<i64>,
    pub refresh_validity: Option<i64>,
}

impl Server {
    /// The settings of app client `client_id`; when `flow` is given, the client must have it enabled.
    ///
    /// # Errors
    /// `ResourceNotFoundException` for an unknown client; `InvalidParameterException` for a flow the
    /// client does not enable.
    pub(crate) fn client_settings(
        &self,
        client_id: &str,
        flow: Option<&str>,
    ) -> Result<ClientSettings, CognitoError> {
        let dir = self.directory();
        let c = dir.clients.get(client_id).ok_or_else(|| {
            CognitoError::not_found(format!("User pool client {client_id} does not exist."))
        })?;
        if let Some(flow) = flow
            && !c.flows.contains(flow)
        {
            return Err(CognitoError::invalid(format!(
                "{flow} flow not enabled for this client"
            )));
        }
        Ok(ClientSettings {
            id: client_id.to_owned(),
            pool_id: c.pool_id.clone(),
            secret: c.secret.clone(),
            prevent_user_existence_errors: c.prevent_user_existence_errors,
            access_validity: c.access_validity,
            id_validity: c.id_validity,
            refresh_validity: c.refresh_validity,
        })
    }

    fn check_timestamp(&self, ts: &Timestamp) -> Result<(), CognitoError> {
        if (ts.unix_seconds() - now_secs()).abs() > self.clock_skew {
            return Err(CognitoError::not_authorized(format!(
                "TIMESTAMP is more than {} seconds away from the server's clock.",
                self.clock_skew
            )));
        }
        Ok(())
    }

    fn new_session(&self, pending: Pending) -> Result<String, CognitoError> {
        lock(&self.sessions).create(pending, now_secs())
    }

    fn take_session(
        &self,
        lookup: Lookup<'_>,
        client_id: &str,
        challenge: &str,
    ) -> Result<Pending, CognitoError> {
        lock(&self.sessions).take(lookup, client_id, challenge, now_secs())
    }
}

mod initiate;
mod issue;
mod respond;

#[cfg(test)]
mod tests;
