//! User SRP: `USER_SRP_AUTH` (and the CUSTOM_AUTH / USER_AUTH flows that carry `SRP_A`) answered with a
//! `PASSWORD_VERIFIER` response.

use std::collections::HashMap;

use zeroize::Zeroizing;

use crate::app_client::AppClient;
use crate::error::Result;
use crate::limits;
use crate::srp::ClientEphemeral;
use crate::timestamp::Timestamp;
pub use crate::verifier_response::PasswordVerifierResponse;
use crate::verifier_response::{ResponseAddress, SrpChallenge, SrpIdentity};
use crate::wire;

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
    /// [`Error::TooLong`](crate::Error::TooLong) (labelled `PASSWORD`) over [`limits::MAX_PASSWORD`].
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
    pub(crate) fn new(client: AppClient, username: String, ephemeral: ClientEphemeral) -> Self {
        UserSrp {
            client,
            username,
            device_key: None,
            ephemeral,
        }
    }

    /// Adds the remembered device's key: sent as `DEVICE_KEY` in InitiateAuth and the response.
    ///
    /// # Errors
    /// [`Error::TooLong`](crate::Error::TooLong) over [`limits::MAX_DEVICE_KEY`].
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
    /// [`Error::TooLong`](crate::Error::TooLong) for a `USERNAME` / `USER_ID_FOR_SRP` over [`limits::MAX_USERNAME`].
    pub fn select_challenge_responses(
        &self,
        challenge_parameters: &HashMap<String, String>,
    ) -> Result<HashMap<String, String>> {
        let username = match wire::challenge_username(challenge_parameters)? {
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
    /// ([`Error::ServerPublicZero`](crate::Error::ServerPublicZero)), u = 0 ([`Error::ScramblerZero`](crate::Error::ScramblerZero)).
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
    /// [`Error::ScramblerZero`](crate::Error::ScramblerZero) when u = 0.
    pub fn respond_to(
        self,
        challenge: &PasswordVerifierChallenge,
        password: &Password,
        timestamp: &Timestamp,
    ) -> Result<PasswordVerifierResponse> {
        let (identity, address) = self.identity_and_address(challenge, password);
        challenge
            .srp
            .answer(&self.ephemeral, &identity, address, timestamp)
    }

    /// Who the response to `challenge` proves to be, and its `USERNAME`, `SECRET_HASH` and
    /// `DEVICE_KEY`: the math and the response use the challenge's `USER_ID_FOR_SRP`.
    pub(crate) fn identity_and_address<'a>(
        &'a self,
        challenge: &'a PasswordVerifierChallenge,
        password: &'a Password,
    ) -> (SrpIdentity<'a>, ResponseAddress<'a>) {
        let user_id = challenge.user_id_for_srp.as_str();
        let identity = SrpIdentity {
            name: self.client.pool().pool_name(),
            user_id,
            password: password.as_bytes(),
        };
        let address = ResponseAddress {
            username: user_id,
            secret_hash: self.client.secret_hash(user_id),
            device_key: self.device_key.as_deref(),
        };
        (identity, address)
    }

    #[cfg(feature = "hazmat")]
    pub(crate) fn ephemeral(&self) -> &ClientEphemeral {
        &self.ephemeral
    }
}

/// A `PASSWORD_VERIFIER` challenge, parsed and bounded.
#[derive(Debug)]
pub struct PasswordVerifierChallenge {
    pub(crate) srp: SrpChallenge,
    pub(crate) user_id_for_srp: String,
    pub(crate) username: Option<String>,
}

impl PasswordVerifierChallenge {
    /// Parses `{SALT, SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP, USERNAME}`. Each value is bounded (see
    /// [`crate::limits`]) before it is decoded; other keys are ignored.
    ///
    /// # Errors
    /// [`Error::MissingParameter`](crate::Error::MissingParameter), [`Error::TooLong`](crate::Error::TooLong), [`Error::Empty`](crate::Error::Empty), [`Error::InvalidHex`](crate::Error::InvalidHex),
    /// [`Error::InvalidBase64`](crate::Error::InvalidBase64), and [`Error::ServerPublicZero`](crate::Error::ServerPublicZero) when B ≡ 0 mod N.
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
