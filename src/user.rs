//! User SRP: `USER_SRP_AUTH` (and the CUSTOM_AUTH / USER_AUTH flows that carry `SRP_A`) answered with a
//! `PASSWORD_VERIFIER` response.

use std::collections::HashMap;
use std::sync::Arc;

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::encoding::HexInteger;
use crate::error::{Error, Result};
use crate::limits;
use crate::secret_hash::ClientSecret;
use crate::srp::{self, ClientEphemeral, PeerPublic};
use crate::timestamp::Timestamp;
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
        Ok(UserSrp {
            client: self.clone(),
            username: username.to_owned(),
            device_key: None,
            ephemeral,
        })
    }
}

/// A user's password. Zeroized on drop; `Debug` prints only `Password(..)`.
pub struct Password(Zeroizing<String>);

impl core::fmt::Debug for Password {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("Password(..)")
    }
}

impl Password {
    /// Wraps a password (any UTF-8; it is hashed as its UTF-8 bytes).
    ///
    /// # Errors
    /// [`Error::TooLong`] (labelled `PASSWORD`) over [`limits::MAX_PASSWORD`].
    pub fn new(password: impl Into<String>) -> Result<Self> {
        let password = Zeroizing::new(password.into());
        limits::check(wire::PASSWORD, &password, limits::MAX_PASSWORD)?;
        Ok(Password(password))
    }

    pub(crate) fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

/// Which InitiateAuth flow carries `SRP_A`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SrpAuthFlow {
    /// `USER_SRP_AUTH`: `{USERNAME, SRP_A}`.
    UserSrpAuth,
    /// `CUSTOM_AUTH` starting with SRP: `{USERNAME, SRP_A, CHALLENGE_NAME: SRP_A}`.
    CustomAuth,
    /// `USER_AUTH` (choice-based sign-in) asking for SRP: `{USERNAME, SRP_A, PREFERRED_CHALLENGE: PASSWORD_SRP}`.
    UserAuth,
}

impl SrpAuthFlow {
    /// The `AuthFlow` value to send with InitiateAuth.
    pub fn auth_flow(self) -> &'static str {
        match self {
            SrpAuthFlow::UserSrpAuth => "USER_SRP_AUTH",
            SrpAuthFlow::CustomAuth => "CUSTOM_AUTH",
            SrpAuthFlow::UserAuth => "USER_AUTH",
        }
    }
}

/// A user sign-in in progress: holds the ephemeral secret until the `PASSWORD_VERIFIER` challenge comes.
///
/// [`UserSrp::respond`] consumes it: one ephemeral secret answers one challenge.
#[derive(Debug)]
#[must_use = "a sign-in does nothing until its parameters are sent and its challenge answered"]
pub struct UserSrp {
    client: AppClient,
    username: String,
    device_key: Option<String>,
    ephemeral: ClientEphemeral,
}

impl UserSrp {
    /// Adds the remembered device's key: sent as `DEVICE_KEY` in InitiateAuth and the response.
    ///
    /// # Errors
    /// [`Error::TooLong`] over [`limits::MAX_DEVICE_KEY`].
    pub fn with_device_key(mut self, device_key: &str) -> Result<Self> {
        limits::check(wire::DEVICE_KEY, device_key, limits::MAX_DEVICE_KEY)?;
        self.device_key = Some(device_key.to_owned());
        Ok(self)
    }

    /// `SRP_A`.
    pub fn srp_a(&self) -> &str {
        self.ephemeral.srp_a()
    }

    /// The InitiateAuth `AuthParameters` for `flow`, with `SECRET_HASH` (over the username as sent) and
    /// `DEVICE_KEY` when they apply.
    #[must_use]
    pub fn initiate_auth_parameters(&self, flow: SrpAuthFlow) -> HashMap<String, String> {
        let mut map = HashMap::new();
        map.insert(wire::USERNAME.to_owned(), self.username.clone());
        map.insert(wire::SRP_A.to_owned(), self.srp_a().to_owned());
        match flow {
            SrpAuthFlow::UserSrpAuth => {}
            SrpAuthFlow::CustomAuth => {
                map.insert(wire::CHALLENGE_NAME.to_owned(), wire::SRP_A.to_owned());
            }
            SrpAuthFlow::UserAuth => {
                map.insert(
                    wire::PREFERRED_CHALLENGE.to_owned(),
                    wire::PASSWORD_SRP.to_owned(),
                );
            }
        }
        self.client.insert_secret_hash(&mut map, &self.username);
        if let Some(key) = &self.device_key {
            map.insert(wire::DEVICE_KEY.to_owned(), key.clone());
        }
        map
    }

    /// The `ChallengeResponses` answering `SELECT_CHALLENGE` with `PASSWORD_SRP` (USER_AUTH without a
    /// preferred challenge): `{USERNAME, ANSWER: PASSWORD_SRP, SRP_A}`, plus `SECRET_HASH`.
    ///
    /// `USERNAME` (and the name `SECRET_HASH` is computed over) is the challenge's `USER_ID_FOR_SRP`, else
    /// its `USERNAME`, else the name this sign-in sent in InitiateAuth (the only one Cognito has seen when
    /// the challenge names none).
    ///
    /// # Errors
    /// [`Error::TooLong`] for a `USERNAME` / `USER_ID_FOR_SRP` over [`limits::MAX_USERNAME`].
    pub fn select_challenge_responses(
        &self,
        challenge_parameters: &HashMap<String, String>,
    ) -> Result<HashMap<String, String>> {
        let username = match crate::challenge::challenge_username(challenge_parameters)? {
            Some(name) => name,
            None => &self.username,
        };
        let mut map = HashMap::new();
        map.insert(wire::USERNAME.to_owned(), username.to_owned());
        map.insert(wire::ANSWER.to_owned(), wire::PASSWORD_SRP.to_owned());
        map.insert(wire::SRP_A.to_owned(), self.srp_a().to_owned());
        self.client.insert_secret_hash(&mut map, username);
        Ok(map)
    }

    /// Answers a `PASSWORD_VERIFIER` challenge given as the SDK's `ChallengeParameters` map, returning the
    /// `ChallengeResponses` map.
    ///
    /// # Errors
    /// Every problem with the challenge ([`PasswordVerifierChallenge::from_parameters`]), B ≡ 0 mod N
    /// ([`Error::ServerPublicZero`]), u = 0 ([`Error::ScramblerZero`]).
    pub fn respond(
        self,
        challenge_parameters: &HashMap<String, String>,
        password: &Password,
        timestamp: &Timestamp,
    ) -> Result<HashMap<String, String>> {
        let challenge = PasswordVerifierChallenge::from_parameters(challenge_parameters)?;
        Ok(self
            .respond_to(&challenge, password, timestamp)?
            .into_parameters())
    }

    /// Answers a parsed `PASSWORD_VERIFIER` challenge.
    ///
    /// # Errors
    /// [`Error::ScramblerZero`] when u = 0.
    pub fn respond_to(
        self,
        challenge: &PasswordVerifierChallenge,
        password: &Password,
        timestamp: &Timestamp,
    ) -> Result<PasswordVerifierResponse> {
        let session = self.session(challenge, password, None, false)?;
        Ok(self.build_response(challenge, &session.key, timestamp))
    }

    /// The signer for `challenge`; `password` may be empty when only the response is built.
    pub(crate) fn signer<'a>(
        &'a self,
        challenge: &'a PasswordVerifierChallenge,
        password: &'a [u8],
    ) -> Signer<'a> {
        Signer {
            client: &self.client,
            ephemeral: &self.ephemeral,
            name: self.client.pool().pool_name(),
            user_id: &challenge.user_id_for_srp,
            password,
            username: &challenge.user_id_for_srp,
            device_key: self.device_key.as_deref(),
        }
    }

    pub(crate) fn session(
        &self,
        challenge: &PasswordVerifierChallenge,
        password: &Password,
        u_override: Option<[u8; 32]>,
        trace: bool,
    ) -> Result<srp::ClientSession> {
        self.signer(challenge, password.as_bytes())
            .session(&challenge.srp, u_override, trace)
    }

    pub(crate) fn build_response(
        &self,
        challenge: &PasswordVerifierChallenge,
        key: &crate::claim::SessionKey,
        timestamp: &Timestamp,
    ) -> PasswordVerifierResponse {
        self.signer(challenge, &[])
            .response(&challenge.srp, key, timestamp)
    }

    #[cfg(feature = "hazmat")]
    pub(crate) fn ephemeral(&self) -> &ClientEphemeral {
        &self.ephemeral
    }
}

/// Who signs a verifier response, and the values both the session and the response need: the one
/// path user SRP and device SRP share.
pub(crate) struct Signer<'a> {
    pub(crate) client: &'a AppClient,
    pub(crate) ephemeral: &'a ClientEphemeral,
    /// Pool name (user SRP) or device group key (device SRP).
    pub(crate) name: &'a str,
    /// `USER_ID_FOR_SRP` (user SRP) or device key (device SRP).
    pub(crate) user_id: &'a str,
    pub(crate) password: &'a [u8],
    /// The `USERNAME` of the response, and the name `SECRET_HASH` is computed over.
    pub(crate) username: &'a str,
    pub(crate) device_key: Option<&'a str>,
}

impl Signer<'_> {
    pub(crate) fn session(
        &self,
        challenge: &SrpChallenge,
        u_override: Option<[u8; 32]>,
        trace: bool,
    ) -> Result<srp::ClientSession> {
        srp::client_session(
            self.ephemeral,
            &challenge.server_public,
            &challenge.salt,
            self.name,
            self.user_id,
            self.password,
            u_override,
            trace,
        )
    }

    pub(crate) fn response(
        &self,
        challenge: &SrpChallenge,
        key: &crate::claim::SessionKey,
        timestamp: &Timestamp,
    ) -> PasswordVerifierResponse {
        let signature = key.sign(
            self.name,
            self.user_id,
            &challenge.secret_block,
            timestamp.as_str(),
        );
        PasswordVerifierResponse {
            username: self.username.to_owned(),
            secret_block: challenge.secret_block_text.clone(),
            timestamp: timestamp.as_str().to_owned(),
            signature,
            secret_hash: self.client.secret_hash(self.username),
            device_key: self.device_key.map(str::to_owned),
        }
    }
}

/// A `PASSWORD_VERIFIER` challenge, parsed and bounded.
#[derive(Debug)]
pub struct PasswordVerifierChallenge {
    pub(crate) srp: SrpChallenge,
    pub(crate) user_id_for_srp: String,
    pub(crate) username: Option<String>,
}

impl core::fmt::Debug for PeerPublic {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:?}", self.received())
    }
}

impl PasswordVerifierChallenge {
    /// Parses `{SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME}`. Each value is bounded (see
    /// [`crate::limits`]) before it is decoded; other keys are ignored.
    ///
    /// # Errors
    /// [`Error::MissingParameter`], [`Error::TooLong`], [`Error::Empty`], [`Error::InvalidHex`],
    /// [`Error::InvalidBase64`], and [`Error::ServerPublicZero`] when B ≡ 0 mod N.
    pub fn from_parameters(parameters: &HashMap<String, String>) -> Result<Self> {
        let user_id = wire::required(parameters, wire::USER_ID_FOR_SRP, limits::MAX_USERNAME)?;
        let username = wire::optional(parameters, wire::USERNAME, limits::MAX_USERNAME)?;
        Ok(PasswordVerifierChallenge {
            srp: SrpChallenge::from_parameters(parameters)?,
            user_id_for_srp: user_id.to_owned(),
            username: username.map(str::to_owned),
        })
    }

    /// `USER_ID_FOR_SRP`: the internal user name the math and the response use.
    pub fn user_id_for_srp(&self) -> &str {
        &self.user_id_for_srp
    }

    /// `USERNAME` as the challenge gave it, if present.
    pub fn username(&self) -> Option<&str> {
        self.username.as_deref()
    }
}

/// The SALT, SRP_B and SECRET_BLOCK every verifier challenge carries.
#[derive(Debug)]
pub(crate) struct SrpChallenge {
    pub(crate) salt: HexInteger,
    pub(crate) server_public: PeerPublic,
    pub(crate) secret_block_text: String,
    pub(crate) secret_block: Vec<u8>,
}

impl SrpChallenge {
    /// Parses SALT, SRP_B and SECRET_BLOCK, each bounded before it is decoded.
    pub(crate) fn from_parameters(parameters: &HashMap<String, String>) -> Result<Self> {
        let salt_text = wire::required(parameters, wire::SALT, limits::MAX_SALT_HEX)?;
        let b_text = wire::required(parameters, wire::SRP_B, limits::MAX_PUBLIC_VALUE_HEX)?;
        let block_text = wire::required(parameters, wire::SECRET_BLOCK, limits::MAX_SECRET_BLOCK)?;
        let salt = HexInteger::parse_salt(salt_text)?;
        let server_public = PeerPublic::parse(wire::SRP_B, b_text, Error::ServerPublicZero)?;
        let secret_block = crate::encoding::decode_base64(
            wire::SECRET_BLOCK,
            block_text,
            limits::MAX_SECRET_BLOCK,
        )?;
        Ok(SrpChallenge {
            salt,
            server_public,
            secret_block_text: block_text.to_owned(),
            secret_block,
        })
    }
}

/// The `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) `ChallengeResponses`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a response does nothing until it is sent"]
pub struct PasswordVerifierResponse {
    username: String,
    secret_block: String,
    timestamp: String,
    signature: String,
    secret_hash: Option<String>,
    device_key: Option<String>,
}

impl PasswordVerifierResponse {
    /// `USERNAME`: the challenge's `USER_ID_FOR_SRP` (user SRP) or the user name of device SRP.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// `PASSWORD_CLAIM_SECRET_BLOCK`: the `SECRET_BLOCK` echoed verbatim.
    pub fn secret_block(&self) -> &str {
        &self.secret_block
    }

    /// `TIMESTAMP`.
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// `PASSWORD_CLAIM_SIGNATURE`.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// `SECRET_HASH`, over [`PasswordVerifierResponse::username`], when the app client has a secret.
    pub fn secret_hash(&self) -> Option<&str> {
        self.secret_hash.as_deref()
    }

    /// `DEVICE_KEY`, when a device is remembered (always present in device SRP).
    pub fn device_key(&self) -> Option<&str> {
        self.device_key.as_deref()
    }

    /// The `ChallengeResponses` map, exactly as the AWS SDKs carry it.
    pub fn into_parameters(self) -> HashMap<String, String> {
        let mut map = HashMap::new();
        map.insert(wire::USERNAME.to_owned(), self.username);
        map.insert(
            wire::PASSWORD_CLAIM_SECRET_BLOCK.to_owned(),
            self.secret_block,
        );
        map.insert(wire::TIMESTAMP.to_owned(), self.timestamp);
        map.insert(wire::PASSWORD_CLAIM_SIGNATURE.to_owned(), self.signature);
        if let Some(h) = self.secret_hash {
            map.insert(wire::SECRET_HASH.to_owned(), h);
        }
        if let Some(k) = self.device_key {
            map.insert(wire::DEVICE_KEY.to_owned(), k);
        }
        map
    }
}
