//! An app client of a user pool (pool id, client id, secret) and where every sign-in starts: user SRP
//! ([`AppClient::start_user_srp`]) and the context for answering the challenges that follow
//! ([`AppClient::challenge_context`]).

use std::collections::HashMap;
use std::sync::Arc;

use rand_core::CryptoRng;

use crate::challenge::ChallengeContext;
use crate::error::{Error, Result};
use crate::limits;
use crate::secret_hash::ClientSecret;
use crate::srp::ClientEphemeral;
use crate::user::UserSrp;
use crate::wire;

/// A user-pool id, `REGION_NAME` (`us-east-1_AbCdEf123`). The part after the first `_` is the pool name
/// that enters the SRP math.
#[derive(Clone, PartialEq, Eq, Hash, Debug)]
pub struct PoolId {
    id: String,
    separator: usize,
}

impl PoolId {
    /// Parses a pool id.
    ///
    /// # Errors
    /// [`Error::TooLong`] (labelled `UserPoolId`) over [`limits::MAX_POOL_ID`]; [`Error::InvalidPoolId`]
    /// without a `_`.
    pub fn new(id: impl Into<String>) -> Result<Self> {
        let id = id.into();
        limits::check(wire::USER_POOL_ID, &id, limits::MAX_POOL_ID)?;
        let separator = id.find('_').ok_or(Error::InvalidPoolId)?;
        Ok(PoolId { id, separator })
    }

    /// The whole id.
    pub fn as_str(&self) -> &str {
        &self.id
    }

    /// The region, before the first `_`.
    pub fn region(&self) -> &str {
        &self.id[..self.separator]
    }

    /// The pool name, after the first `_`: what the SRP math and the claim use.
    pub fn pool_name(&self) -> &str {
        &self.id[self.separator + 1..]
    }
}

/// An app client of a user pool: pool id, client id, and the client secret if it has one.
///
/// Cheap to clone: clones (and every sign-in started from it) share one copy, secret included.
#[derive(Clone, Debug)]
pub struct AppClient(Arc<ClientConfig>);

#[derive(Debug)]
struct ClientConfig {
    pool: PoolId,
    client_id: String,
    secret: Option<ClientSecret>,
}

impl Clone for ClientConfig {
    fn clone(&self) -> Self {
        ClientConfig {
            pool: self.pool.clone(),
            client_id: self.client_id.clone(),
            secret: self.secret.as_ref().map(ClientSecret::share),
        }
    }
}

impl AppClient {
    /// An app client without a secret.
    ///
    /// # Errors
    /// As [`PoolId::new`]; [`Error::TooLong`] (labelled `ClientId`) for a client id over
    /// [`limits::MAX_CLIENT_ID`].
    pub fn new(pool_id: &str, client_id: &str) -> Result<Self> {
        limits::check(wire::CLIENT_ID, client_id, limits::MAX_CLIENT_ID)?;
        Ok(AppClient(Arc::new(ClientConfig {
            pool: PoolId::new(pool_id)?,
            client_id: client_id.to_owned(),
            secret: None,
        })))
    }

    /// The same client with a secret: `SECRET_HASH` is then added to every request.
    #[must_use]
    pub fn with_secret(mut self, secret: ClientSecret) -> Self {
        Arc::make_mut(&mut self.0).secret = Some(secret);
        self
    }

    /// The pool id.
    pub fn pool(&self) -> &PoolId {
        &self.0.pool
    }

    /// The client id.
    pub fn client_id(&self) -> &str {
        &self.0.client_id
    }

    /// `SECRET_HASH` for `username` when the client has a secret.
    #[must_use]
    pub fn secret_hash(&self, username: &str) -> Option<String> {
        self.0
            .secret
            .as_ref()
            .map(|s| s.secret_hash(username, &self.0.client_id))
    }

    pub(crate) fn insert_secret_hash(&self, map: &mut HashMap<String, String>, username: &str) {
        if let Some(hash) = self.secret_hash(username) {
            map.insert(wire::SECRET_HASH.to_owned(), hash);
        }
    }

    /// Starts a user sign-in with a fresh default-size ephemeral key from `rng`. `username` is what the
    /// user typed: it is sent as `USERNAME` in InitiateAuth and hashed into that request's `SECRET_HASH`;
    /// every later message uses the name Cognito answers with.
    ///
    /// # Errors
    /// [`Error::TooLong`] for a username over [`limits::MAX_USERNAME`].
    pub fn start_user_srp<R: CryptoRng + ?Sized>(
        &self,
        username: &str,
        rng: &mut R,
    ) -> Result<UserSrp> {
        self.start_user_srp_with(username, ClientEphemeral::generate(rng))
    }

    /// Starts a user sign-in with an ephemeral key from the operating system's RNG.
    ///
    /// # Errors
    /// As [`AppClient::start_user_srp`].
    #[cfg(feature = "os-rng")]
    pub fn start_user_srp_os(&self, username: &str) -> Result<UserSrp> {
        self.start_user_srp(username, &mut crate::os_rng())
    }

    /// Starts a user sign-in with an ephemeral key generated earlier (so `g^a` is already paid for).
    ///
    /// # Errors
    /// As [`AppClient::start_user_srp`].
    pub fn start_user_srp_with(
        &self,
        username: &str,
        ephemeral: ClientEphemeral,
    ) -> Result<UserSrp> {
        limits::check(wire::USERNAME, username, limits::MAX_USERNAME)?;
        Ok(UserSrp::new(self.clone(), username.to_owned(), ephemeral))
    }

    /// The context for answering a challenge: `challenge_parameters` are the `ChallengeParameters` Cognito
    /// sent with it, `request_parameters` the parameters of the request that produced it.
    ///
    /// # Errors
    /// [`Error::MissingParameter`] (`USERNAME`) when neither map names the user; [`Error::TooLong`] for a
    /// name over [`limits::MAX_USERNAME`] or a `DEVICE_KEY` over [`limits::MAX_DEVICE_KEY`].
    pub fn challenge_context(
        &self,
        challenge_parameters: &HashMap<String, String>,
        request_parameters: &HashMap<String, String>,
    ) -> Result<ChallengeContext> {
        let username = match wire::challenge_username(challenge_parameters)? {
            Some(name) => name,
            None => wire::required(request_parameters, wire::USERNAME, limits::MAX_USERNAME)?,
        };
        let device_key =
            wire::optional(request_parameters, wire::DEVICE_KEY, limits::MAX_DEVICE_KEY)?;
        Ok(ChallengeContext::new(
            self.clone(),
            username.to_owned(),
            device_key.map(str::to_owned),
        ))
    }
}
