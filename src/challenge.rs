//! Answers to the challenges that can follow SRP: `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`,
//! `SELECT_MFA_TYPE`, `MFA_SETUP`, `NEW_PASSWORD_REQUIRED`, `CUSTOM_CHALLENGE`, and the start of device
//! SRP (`DEVICE_SRP_AUTH`).
//!
//! Every answer is a pure `ChallengeResponses` map built from a [`ChallengeContext`]: the user name
//! Cognito uses for the challenge (never the alias the user typed), `SECRET_HASH` over that name when
//! the app client has a secret, and `DEVICE_KEY` when the request that produced the challenge carried
//! one. Field names are those amazon-cognito-identity-js and the Cognito API reference use.

use std::collections::HashMap;

use rand_core::CryptoRng;

use crate::app_client::AppClient;
use crate::device::{DeviceCredentials, DeviceSrp};
use crate::error::{Error, Result};
use crate::limits;
use crate::srp::ClientEphemeral;
use crate::user::Password;
use crate::wire;

/// The MFA methods `SELECT_MFA_TYPE` offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum MfaType {
    /// `SMS_MFA`: a code sent by SMS.
    Sms,
    /// `SOFTWARE_TOKEN_MFA`: a TOTP code from an authenticator app (see [`crate::totp`]).
    SoftwareToken,
    /// `EMAIL_OTP`: a code sent by email.
    Email,
}

impl MfaType {
    /// The challenge name, which is also the `ANSWER` of `SELECT_MFA_TYPE`.
    pub fn challenge_name(self) -> &'static str {
        match self {
            MfaType::Sms => wire::CHALLENGE_SMS_MFA,
            MfaType::SoftwareToken => wire::CHALLENGE_SOFTWARE_TOKEN_MFA,
            MfaType::Email => wire::CHALLENGE_EMAIL_OTP,
        }
    }

    /// The `ChallengeResponses` key that carries this method's code.
    pub fn code_parameter(self) -> &'static str {
        match self {
            MfaType::Sms => wire::SMS_MFA_CODE,
            MfaType::SoftwareToken => wire::SOFTWARE_TOKEN_MFA_CODE,
            MfaType::Email => wire::EMAIL_OTP_CODE,
        }
    }
}

/// A challenge Cognito has sent, reduced to what every answer needs: the user name Cognito uses for
/// it and the remembered device, if any.
///
/// The name is the challenge's `USER_ID_FOR_SRP`, else its `USERNAME`, else the `USERNAME` of the request
/// that produced the challenge (the `AuthParameters` of InitiateAuth or the `ChallengeResponses` of the
/// previous RespondToAuthChallenge, which after SRP already carry Cognito's internal name). The device
/// key is that request's `DEVICE_KEY`. No argument takes a name typed by the user.
#[derive(Clone, Debug)]
#[must_use = "a challenge context only builds answers"]
pub struct ChallengeContext {
    client: AppClient,
    username: String,
    device_key: Option<String>,
}

impl ChallengeContext {
    pub(crate) fn new(client: AppClient, username: String, device_key: Option<String>) -> Self {
        ChallengeContext {
            client,
            username,
            device_key,
        }
    }

    /// The user name the answers carry as `USERNAME` and hash into `SECRET_HASH`.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The remembered device's key the answers carry as `DEVICE_KEY`, if any.
    pub fn device_key(&self) -> Option<&str> {
        self.device_key.as_deref()
    }

    /// `{USERNAME, SECRET_HASH?, DEVICE_KEY?}`: what every answer starts from.
    fn base(&self) -> HashMap<String, String> {
        let mut map = HashMap::new();
        map.insert(wire::USERNAME.to_owned(), self.username.clone());
        self.client.insert_secret_hash(&mut map, &self.username);
        if let Some(key) = &self.device_key {
            map.insert(wire::DEVICE_KEY.to_owned(), key.clone());
        }
        map
    }

    fn with(&self, entries: &[(&str, &str)]) -> HashMap<String, String> {
        let mut map = self.base();
        for (k, v) in entries {
            map.insert((*k).to_owned(), (*v).to_owned());
        }
        map
    }

    /// The answer to an MFA code challenge (`SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`, chosen by
    /// `mfa`): `{USERNAME, <code parameter>: code}` plus `SECRET_HASH` and `DEVICE_KEY`.
    #[must_use]
    pub fn mfa_code(&self, mfa: MfaType, code: &str) -> HashMap<String, String> {
        self.with(&[(mfa.code_parameter(), code)])
    }

    /// The answer to `SMS_MFA`: `{USERNAME, SMS_MFA_CODE}` plus `SECRET_HASH` and `DEVICE_KEY`.
    #[must_use]
    pub fn sms_mfa(&self, code: &str) -> HashMap<String, String> {
        self.mfa_code(MfaType::Sms, code)
    }

    /// The answer to `SOFTWARE_TOKEN_MFA`: `{USERNAME, SOFTWARE_TOKEN_MFA_CODE}` plus `SECRET_HASH` and
    /// `DEVICE_KEY`. [`crate::totp::TotpSecret::code_at`] computes the code from the secret.
    #[must_use]
    pub fn software_token_mfa(&self, code: &str) -> HashMap<String, String> {
        self.mfa_code(MfaType::SoftwareToken, code)
    }

    /// The answer to `EMAIL_OTP`: `{USERNAME, EMAIL_OTP_CODE}` plus `SECRET_HASH` and `DEVICE_KEY`.
    #[must_use]
    pub fn email_otp(&self, code: &str) -> HashMap<String, String> {
        self.mfa_code(MfaType::Email, code)
    }

    /// The answer to `SELECT_MFA_TYPE`: `{USERNAME, ANSWER: <challenge name of mfa>}` plus `SECRET_HASH`
    /// and `DEVICE_KEY`.
    #[must_use]
    pub fn select_mfa_type(&self, mfa: MfaType) -> HashMap<String, String> {
        self.with(&[(wire::ANSWER, mfa.challenge_name())])
    }

    /// The answer to `MFA_SETUP` once the authenticator app is verified (AssociateSoftwareToken and
    /// VerifySoftwareToken with the challenge's session; send the session VerifySoftwareToken returned):
    /// `{USERNAME}` plus `SECRET_HASH` and `DEVICE_KEY`.
    #[must_use]
    pub fn mfa_setup(&self) -> HashMap<String, String> {
        self.base()
    }

    /// The answer to `MFA_SETUP` choosing email MFA: `{USERNAME, EMAIL}` plus `SECRET_HASH` and
    /// `DEVICE_KEY`.
    #[must_use]
    pub fn mfa_setup_email(&self, email: &str) -> HashMap<String, String> {
        self.with(&[(wire::EMAIL, email)])
    }

    /// The answer to `CUSTOM_CHALLENGE`: `{USERNAME, ANSWER}` plus `SECRET_HASH` and `DEVICE_KEY`.
    #[must_use]
    pub fn custom_challenge(&self, answer: &str) -> HashMap<String, String> {
        self.with(&[(wire::ANSWER, answer)])
    }

    /// The answer to `NEW_PASSWORD_REQUIRED`: `{USERNAME, NEW_PASSWORD, userAttributes.<name>: value …}`
    /// plus `SECRET_HASH` and `DEVICE_KEY`. `attributes` are given without the `userAttributes.` prefix.
    ///
    /// Every attribute the challenge's `requiredAttributes` lists must be among `attributes`.
    ///
    /// # Errors
    /// [`Error::InvalidJson`] when `requiredAttributes` is present but not a JSON array of strings;
    /// [`Error::MissingRequiredAttribute`] for the first required attribute `attributes` lacks.
    pub fn new_password_required(
        &self,
        challenge_parameters: &HashMap<String, String>,
        new_password: &Password,
        attributes: &[(&str, &str)],
    ) -> Result<HashMap<String, String>> {
        for required in required_attributes(challenge_parameters)? {
            if !attributes.iter().any(|(name, _)| *name == required) {
                return Err(Error::MissingRequiredAttribute(required));
            }
        }
        let mut map = self.base();
        for (name, value) in attributes {
            map.insert(
                format!("{}{name}", wire::USER_ATTRIBUTES_PREFIX),
                (*value).to_owned(),
            );
        }
        map.insert(
            wire::NEW_PASSWORD.to_owned(),
            new_password.expose().to_owned(),
        );
        Ok(map)
    }

    /// Starts device SRP after Cognito asked for `DEVICE_SRP_AUTH`, with a fresh default-size ephemeral
    /// key from `rng`. The device answers as [`ChallengeContext::username`].
    pub fn start_device_srp<R: CryptoRng + ?Sized>(
        &self,
        device: &DeviceCredentials,
        rng: &mut R,
    ) -> DeviceSrp {
        self.start_device_srp_with(device, ClientEphemeral::generate(rng))
    }

    /// As [`ChallengeContext::start_device_srp`] with the operating system's RNG.
    #[cfg(feature = "os-rng")]
    pub fn start_device_srp_os(&self, device: &DeviceCredentials) -> DeviceSrp {
        self.start_device_srp(device, &mut crate::os_rng())
    }

    /// As [`ChallengeContext::start_device_srp`] with an ephemeral key generated earlier.
    pub fn start_device_srp_with(
        &self,
        device: &DeviceCredentials,
        ephemeral: ClientEphemeral,
    ) -> DeviceSrp {
        DeviceSrp::new(
            self.client.clone(),
            self.username.clone(),
            device.share(),
            ephemeral,
        )
    }
}

/// The attribute names (prefix removed) a `NEW_PASSWORD_REQUIRED` challenge's `requiredAttributes`
/// lists; empty when the parameter is absent.
///
/// # Errors
/// [`Error::InvalidJson`] when it is not a JSON array of strings.
pub fn required_attributes(challenge_parameters: &HashMap<String, String>) -> Result<Vec<String>> {
    let Some(text) = wire::optional(
        challenge_parameters,
        wire::REQUIRED_ATTRIBUTES,
        limits::MAX_SECRET_BLOCK,
    )?
    else {
        return Ok(Vec::new());
    };
    let names: Vec<String> =
        serde_json::from_str(text).map_err(|_| Error::InvalidJson(wire::REQUIRED_ATTRIBUTES))?;
    Ok(names
        .into_iter()
        .map(|n| match n.strip_prefix(wire::USER_ATTRIBUTES_PREFIX) {
            Some(bare) => bare.to_owned(),
            None => n,
        })
        .collect())
}
