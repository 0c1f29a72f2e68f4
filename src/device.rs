//! Device SRP: remembering a device (ConfirmDevice) and signing in with it (`DEVICE_SRP_AUTH` →
//! `DEVICE_PASSWORD_VERIFIER`).
//!
//! The device's SRP "user" is its key, its "pool" its group key, and its password a random string the
//! caller must store (see [`DeviceCredentials`]).

use std::collections::HashMap;

use rand_core::CryptoRng;
use zeroize::Zeroizing;

use crate::encoding::{HexInteger, encode_base64, pad_unsigned};
use crate::error::Result;
use crate::limits;
use crate::srp::{self, ClientEphemeral, PeerPublic};
use crate::timestamp::Timestamp;
use crate::user::{AppClient, PasswordVerifierResponse, parse_srp_values};
use crate::wire;

/// What a remembered device needs for later sign-ins: its key, its group key and its password.
///
/// Store all three (the password is a secret: keep it where the user's tokens are kept) and load them back
/// with [`DeviceCredentials::new`]. The password is zeroized on drop and never shown by `Debug`.
pub struct DeviceCredentials {
    device_key: String,
    device_group_key: String,
    password: Zeroizing<String>,
}

impl core::fmt::Debug for DeviceCredentials {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("DeviceCredentials")
            .field("device_key", &self.device_key)
            .field("device_group_key", &self.device_group_key)
            .field("password", &"..")
            .finish()
    }
}

impl DeviceCredentials {
    /// Loads stored credentials.
    ///
    /// # Errors
    /// [`Error::TooLong`](crate::Error::TooLong) for a key over [`limits::MAX_DEVICE_KEY`] or a password over
    /// [`limits::MAX_DEVICE_PASSWORD`].
    pub fn new(device_key: &str, device_group_key: &str, password: String) -> Result<Self> {
        let password = Zeroizing::new(password);
        limits::check(wire::DEVICE_KEY, device_key, limits::MAX_DEVICE_KEY)?;
        limits::check("device group key", device_group_key, limits::MAX_DEVICE_KEY)?;
        limits::check("device password", &password, limits::MAX_DEVICE_PASSWORD)?;
        Ok(DeviceCredentials {
            device_key: device_key.to_owned(),
            device_group_key: device_group_key.to_owned(),
            password,
        })
    }

    /// `DeviceKey`.
    pub fn device_key(&self) -> &str {
        &self.device_key
    }

    /// `DeviceGroupKey`.
    pub fn device_group_key(&self) -> &str {
        &self.device_group_key
    }

    /// The device password, for storing it. Treat it like the user's password.
    pub fn expose_password(&self) -> &str {
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
            encode_base64(&password_bytes[..]),
        )?;
        let salt = pad_unsigned(salt_bytes);
        let hash = srp::credentials_hash(
            device_group_key,
            device_key,
            credentials.password.as_bytes(),
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
    /// `Salt`: base64 of PAD(salt).
    pub salt: String,
    /// `PasswordVerifier`: base64 of PAD(g^x mod N).
    pub password_verifier: String,
}

impl AppClient {
    /// Starts a device sign-in after Cognito answered `DEVICE_SRP_AUTH`. `username` is that challenge's
    /// `USERNAME`.
    ///
    /// # Errors
    /// [`Error::TooLong`](crate::Error::TooLong) for a username over [`limits::MAX_USERNAME`].
    pub fn start_device_srp<R: CryptoRng + ?Sized>(
        &self,
        username: &str,
        device: &DeviceCredentials,
        rng: &mut R,
    ) -> Result<DeviceSrp> {
        self.start_device_srp_with(username, device, ClientEphemeral::generate(rng))
    }

    /// As [`AppClient::start_device_srp`] with the operating system's RNG.
    ///
    /// # Errors
    /// As [`AppClient::start_device_srp`].
    #[cfg(feature = "os-rng")]
    pub fn start_device_srp_os(
        &self,
        username: &str,
        device: &DeviceCredentials,
    ) -> Result<DeviceSrp> {
        self.start_device_srp(username, device, &mut crate::os_rng())
    }

    /// As [`AppClient::start_device_srp`] with an ephemeral key generated earlier.
    ///
    /// # Errors
    /// As [`AppClient::start_device_srp`].
    pub fn start_device_srp_with(
        &self,
        username: &str,
        device: &DeviceCredentials,
        ephemeral: ClientEphemeral,
    ) -> Result<DeviceSrp> {
        limits::check(wire::USERNAME, username, limits::MAX_USERNAME)?;
        Ok(DeviceSrp {
            client: self.clone(),
            username: username.to_owned(),
            device: DeviceCredentials {
                device_key: device.device_key.clone(),
                device_group_key: device.device_group_key.clone(),
                password: device.password.clone(),
            },
            ephemeral,
        })
    }
}

/// A device sign-in in progress. [`DeviceSrp::respond`] consumes it.
#[derive(Debug)]
pub struct DeviceSrp {
    client: AppClient,
    username: String,
    device: DeviceCredentials,
    ephemeral: ClientEphemeral,
}

impl DeviceSrp {
    /// `SRP_A`.
    pub fn srp_a(&self) -> &str {
        self.ephemeral.srp_a()
    }

    /// The `ChallengeResponses` answering `DEVICE_SRP_AUTH`: `{USERNAME, DEVICE_KEY, SRP_A}`, plus
    /// `SECRET_HASH`.
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
        let session = self.session(challenge, None)?;
        Ok(self.build_response(challenge, &session.key, timestamp))
    }

    pub(crate) fn ephemeral(&self) -> &ClientEphemeral {
        &self.ephemeral
    }

    pub(crate) fn session(
        &self,
        challenge: &DevicePasswordVerifierChallenge,
        u_override: Option<[u8; 32]>,
    ) -> Result<srp::ClientSession> {
        srp::client_session(
            &self.ephemeral,
            &challenge.server_public,
            &challenge.salt,
            &self.device.device_group_key,
            &self.device.device_key,
            self.device.password.as_bytes(),
            u_override,
        )
    }

    pub(crate) fn build_response(
        &self,
        challenge: &DevicePasswordVerifierChallenge,
        key: &crate::claim::SessionKey,
        timestamp: &Timestamp,
    ) -> PasswordVerifierResponse {
        let signature = key.sign(
            &self.device.device_group_key,
            &self.device.device_key,
            &challenge.secret_block,
            timestamp.as_str(),
        );
        PasswordVerifierResponse {
            username: challenge.username.clone(),
            secret_block: challenge.secret_block_text.clone(),
            timestamp: timestamp.as_str().to_owned(),
            signature,
            secret_hash: self.client.secret_hash(&challenge.username),
            device_key: Some(self.device.device_key.clone()),
        }
    }
}

/// A `DEVICE_PASSWORD_VERIFIER` challenge, parsed and bounded.
#[derive(Debug)]
pub struct DevicePasswordVerifierChallenge {
    pub(crate) salt: HexInteger,
    pub(crate) server_public: PeerPublic,
    pub(crate) secret_block_text: String,
    pub(crate) secret_block: Vec<u8>,
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
        let (salt, server_public, secret_block_text, secret_block) = parse_srp_values(parameters)?;
        Ok(DevicePasswordVerifierChallenge {
            salt,
            server_public,
            secret_block_text,
            secret_block,
            username: username.to_owned(),
        })
    }

    /// `USERNAME`.
    pub fn username(&self) -> &str {
        &self.username
    }
}
