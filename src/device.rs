//! Device SRP: remembering a device (ConfirmDevice) and signing in with it (`DEVICE_SRP_AUTH` →
//! `DEVICE_PASSWORD_VERIFIER`).
//!
//! The device's SRP "user" is its key, its "pool" its group key, and its password a random string the
//! caller must store (see [`DeviceCredentials`]).

use std::collections::HashMap;
use std::sync::Arc;

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::app_client::AppClient;
use crate::encoding::{encode_base64, pad_unsigned};
use crate::error::Result;
use crate::limits;
use crate::srp::{self, ClientEphemeral};
use crate::timestamp::Timestamp;
use crate::verifier_response::{
    PasswordVerifierResponse, ResponseAddress, SrpChallenge, SrpIdentity,
};
use crate::wire;

/// A remembered device's password: a random string the device proves it knows. Zeroized on drop;
/// `Debug` prints only `DevicePassword(..)`; not `Clone` (device sign-ins share this one copy).
pub struct DevicePassword(Arc<Zeroizing<String>>);

impl core::fmt::Debug for DevicePassword {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("DevicePassword(..)")
    }
}

impl DevicePassword {
    /// Wraps a stored device password.
    ///
    /// # Errors
    /// [`Error::TooLong`](crate::Error::TooLong) (labelled `PASSWORD`) over
    /// [`limits::MAX_DEVICE_PASSWORD`].
    pub fn new(password: impl Into<String>) -> Result<Self> {
        let password = Zeroizing::new(password.into());
        limits::check(wire::PASSWORD, &password, limits::MAX_DEVICE_PASSWORD)?;
        Ok(DevicePassword(Arc::new(password)))
    }

    /// The password, for storing it. Treat it like the user's password.
    pub fn expose_secret(&self) -> &str {
        &self.0
    }
}

/// What a remembered device needs for later sign-ins: its key, its group key and its password.
///
/// Store all three (the password is a secret: keep it where the user's tokens are kept) and load them back
/// with [`DeviceCredentials::new`]. The password is zeroized on drop and never shown by `Debug`.
pub struct DeviceCredentials {
    device_key: String,
    device_group_key: String,
    password: DevicePassword,
}

impl core::fmt::Debug for DeviceCredentials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DeviceCredentials")
            .field("device_key", &self.device_key)
            .field("device_group_key", &self.device_group_key)
            .field("password", &self.password)
            .finish()
    }
}

impl DeviceCredentials {
    /// Loads stored credentials.
    ///
    /// # Errors
    /// [`Error::TooLong`](crate::Error::TooLong) (labelled `DEVICE_KEY` or `DeviceGroupKey`) for a key over
    /// [`limits::MAX_DEVICE_KEY`].
    pub fn new(device_key: &str, device_group_key: &str, password: DevicePassword) -> Result<Self> {
        limits::check(wire::DEVICE_KEY, device_key, limits::MAX_DEVICE_KEY)?;
        limits::check(
            wire::DEVICE_GROUP_KEY,
            device_group_key,
            limits::MAX_DEVICE_KEY,
        )?;
        Ok(DeviceCredentials {
            device_key: device_key.to_owned(),
            device_group_key: device_group_key.to_owned(),
            password,
        })
    }

    /// Another handle on the same credentials (the password is not copied).
    pub(crate) fn share(&self) -> Self {
        DeviceCredentials {
            device_key: self.device_key.clone(),
            device_group_key: self.device_group_key.clone(),
            password: DevicePassword(Arc::clone(&self.password.0)),
        }
    }

    /// `DeviceKey`.
    pub fn device_key(&self) -> &str {
        &self.device_key
    }

    /// `DeviceGroupKey`.
    pub fn device_group_key(&self) -> &str {
        &self.device_group_key
    }

    /// The device password, for storing it.
    pub fn password(&self) -> &DevicePassword {
        &self.password
    }

    /// Creates credentials for a device Cognito has just reported in `NewDeviceMetadata`, and the
    /// `DeviceSecretVerifierConfig` to send with ConfirmDevice.
    ///
    /// The password is base64 of 40 random bytes; the salt is 16 random bytes (as an unsigned integer,
    /// so 15 to 17 bytes once PADded); the verifier is PAD(g^x) with
    /// `x = H(PAD(salt) ‖ H(group key ‖ device key ‖ ":" ‖ password))`.
    ///
    /// # Errors
    /// [`Error::TooLong`](crate::Error::TooLong) for keys over [`limits::MAX_DEVICE_KEY`].
    pub fn confirm_device<R: CryptoRng + ?Sized>(
        device_key: &str,
        device_group_key: &str,
        rng: &mut R,
    ) -> Result<(Self, DeviceSecretVerifierConfig)> {
        let mut password_bytes = Zeroizing::new([0u8; 40]);
        let mut salt = [0u8; 16];
        rng.fill_bytes(&mut password_bytes[..]);
        rng.fill_bytes(&mut salt);
        Self::confirm_device_from_random(device_key, device_group_key, &password_bytes, &salt)
    }

    /// As [`DeviceCredentials::confirm_device`] with the operating system's RNG.
    ///
    /// # Errors
    /// As [`DeviceCredentials::confirm_device`].
    #[cfg(feature = "os-rng")]
    pub fn confirm_device_os(
        device_key: &str,
        device_group_key: &str,
    ) -> Result<(Self, DeviceSecretVerifierConfig)> {
        Self::confirm_device(device_key, device_group_key, &mut crate::os_rng())
    }

    pub(crate) fn confirm_device_from_random(
        device_key: &str,
        device_group_key: &str,
        password_bytes: &[u8; 40],
        salt_bytes: &[u8; 16],
    ) -> Result<(Self, DeviceSecretVerifierConfig)> {
        let credentials = Self::new(
            device_key,
            device_group_key,
            DevicePassword(Arc::new(Zeroizing::new(encode_base64(&password_bytes[..])))),
        )?;
        let salt = pad_unsigned(salt_bytes);
        let hash = srp::credentials_hash(
            device_group_key,
            device_key,
            credentials.password.0.as_bytes(),
        );
        let x = srp::private_key(&salt, &hash);
        let verifier = crate::engine::residue_to_be(&srp::verifier_residue(&x));
        let config = DeviceSecretVerifierConfig {
            salt: encode_base64(&salt),
            password_verifier: encode_base64(&pad_unsigned(&verifier)),
        };
        Ok((credentials, config))
    }
}

/// ConfirmDevice's `DeviceSecretVerifierConfig`: both values base64, ready for the SDK's
/// `DeviceSecretVerifierConfigType`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceSecretVerifierConfig {
    salt: String,
    password_verifier: String,
}

impl DeviceSecretVerifierConfig {
    /// A config as received (server side): `Salt` and `PasswordVerifier`, base64. They are checked when
    /// a verifier is made from them ([`crate::PasswordVerifier::from_device_config`]).
    pub fn new(salt: impl Into<String>, password_verifier: impl Into<String>) -> Self {
        DeviceSecretVerifierConfig {
            salt: salt.into(),
            password_verifier: password_verifier.into(),
        }
    }

    /// `Salt`: base64 of PAD(salt).
    pub fn salt(&self) -> &str {
        &self.salt
    }

    /// `PasswordVerifier`: base64 of PAD(g^x mod N).
    pub fn password_verifier(&self) -> &str {
        &self.password_verifier
    }
}

/// A device sign-in in progress, started from a `DEVICE_SRP_AUTH` challenge
/// ([`crate::ChallengeContext::start_device_srp`]). [`DeviceSrp::respond`] consumes it.
#[derive(Debug)]
#[must_use = "a device sign-in does nothing until its responses are sent"]
pub struct DeviceSrp {
    client: AppClient,
    username: String,
    device: DeviceCredentials,
    ephemeral: ClientEphemeral,
}

impl DeviceSrp {
    pub(crate) fn new(
        client: AppClient,
        username: String,
        device: DeviceCredentials,
        ephemeral: ClientEphemeral,
    ) -> Self {
        DeviceSrp {
            client,
            username,
            device,
            ephemeral,
        }
    }

    /// `SRP_A`.
    pub fn srp_a(&self) -> &str {
        self.ephemeral.srp_a()
    }

    /// The `ChallengeResponses` answering `DEVICE_SRP_AUTH`: `{USERNAME, DEVICE_KEY, SRP_A}`, plus
    /// `SECRET_HASH`.
    #[must_use]
    pub fn device_srp_auth_responses(&self) -> HashMap<String, String> {
        let mut map = HashMap::new();
        map.insert(wire::USERNAME.to_owned(), self.username.clone());
        map.insert(wire::DEVICE_KEY.to_owned(), self.device.device_key.clone());
        map.insert(wire::SRP_A.to_owned(), self.srp_a().to_owned());
        self.client.insert_secret_hash(&mut map, &self.username);
        map
    }

    /// Answers `DEVICE_PASSWORD_VERIFIER` given as the SDK's `ChallengeParameters` map.
    ///
    /// # Errors
    /// As [`DevicePasswordVerifierChallenge::from_parameters`]; [`Error::ScramblerZero`](crate::Error::ScramblerZero) when u = 0.
    pub fn respond(
        self,
        challenge_parameters: &HashMap<String, String>,
        timestamp: &Timestamp,
    ) -> Result<HashMap<String, String>> {
        let challenge = DevicePasswordVerifierChallenge::from_parameters(challenge_parameters)?;
        Ok(self.respond_to(&challenge, timestamp)?.into_parameters())
    }

    /// Answers a parsed `DEVICE_PASSWORD_VERIFIER` challenge.
    ///
    /// # Errors
    /// [`Error::ScramblerZero`](crate::Error::ScramblerZero) when u = 0.
    pub fn respond_to(
        self,
        challenge: &DevicePasswordVerifierChallenge,
        timestamp: &Timestamp,
    ) -> Result<PasswordVerifierResponse> {
        let (identity, address) = self.identity_and_address(challenge);
        challenge
            .srp
            .answer(&self.ephemeral, &identity, address, timestamp)
    }

    /// Who the response to `challenge` proves to be (the device: its group key, key and password), and
    /// its `USERNAME` (the challenge's), `SECRET_HASH` and `DEVICE_KEY`.
    pub(crate) fn identity_and_address<'a>(
        &'a self,
        challenge: &'a DevicePasswordVerifierChallenge,
    ) -> (SrpIdentity<'a>, ResponseAddress<'a>) {
        let identity = SrpIdentity {
            name: &self.device.device_group_key,
            user_id: &self.device.device_key,
            password: self.device.password.0.as_bytes(),
        };
        let address = ResponseAddress {
            username: &challenge.username,
            secret_hash: self.client.secret_hash(&challenge.username),
            device_key: Some(&self.device.device_key),
        };
        (identity, address)
    }

    #[cfg(feature = "hazmat")]
    pub(crate) fn ephemeral(&self) -> &ClientEphemeral {
        &self.ephemeral
    }
}

/// A `DEVICE_PASSWORD_VERIFIER` challenge, parsed and bounded.
#[derive(Debug)]
pub struct DevicePasswordVerifierChallenge {
    pub(crate) srp: SrpChallenge,
    pub(crate) username: String,
}

impl DevicePasswordVerifierChallenge {
    /// Parses `{SALT, SRP_B, SECRET_BLOCK, USERNAME}`, each bounded before it is decoded.
    ///
    /// # Errors
    /// [`Error::MissingParameter`](crate::Error::MissingParameter), [`Error::TooLong`](crate::Error::TooLong), [`Error::Empty`](crate::Error::Empty), [`Error::InvalidHex`](crate::Error::InvalidHex),
    /// [`crate::Error::InvalidBase64`], and [`Error::ServerPublicZero`](crate::Error::ServerPublicZero) when B ≡ 0 mod N.
    pub fn from_parameters(parameters: &HashMap<String, String>) -> Result<Self> {
        let username = wire::required(parameters, wire::USERNAME, limits::MAX_USERNAME)?;
        Ok(DevicePasswordVerifierChallenge {
            srp: SrpChallenge::from_parameters(parameters)?,
            username: username.to_owned(),
        })
    }

    /// `USERNAME`: the name the response carries.
    pub fn username(&self) -> &str {
        &self.username
    }
}
