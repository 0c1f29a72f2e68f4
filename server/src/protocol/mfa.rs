//! The MFA operations: AssociateSoftwareToken, VerifySoftwareToken, SetUserMFAPreference.

use serde::{Deserialize, Serialize};

use super::{Reply, Request};

/// AssociateSoftwareToken: by access token, or by the session of an `MFA_SETUP` challenge.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenRequest {
    /// The signed-in user's access token.
    #[serde(default)]
    pub access_token: Option<String>,
    /// The `MFA_SETUP` challenge's session.
    #[serde(default)]
    pub session: Option<String>,
}

impl Request for AssociateSoftwareTokenRequest {}

/// AssociateSoftwareToken's answer.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AssociateSoftwareTokenResponse {
    /// The new secret, base32.
    pub secret_code: String,
    /// The session to go on with (session form only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

impl Reply for AssociateSoftwareTokenResponse {}

/// VerifySoftwareToken.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenRequest {
    /// The signed-in user's access token.
    #[serde(default)]
    pub access_token: Option<String>,
    /// The session AssociateSoftwareToken returned.
    #[serde(default)]
    pub session: Option<String>,
    /// A code of the secret.
    pub user_code: String,
    /// A name for the authenticator (kept for nothing).
    #[serde(default)]
    pub friendly_device_name: Option<String>,
}

impl Request for VerifySoftwareTokenRequest {}

/// VerifySoftwareToken's answer.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct VerifySoftwareTokenResponse {
    /// `SUCCESS`.
    pub status: String,
    /// The session to answer `MFA_SETUP` with (session form only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub session: Option<String>,
}

impl Reply for VerifySoftwareTokenResponse {}

/// One method's settings in SetUserMFAPreference.
#[derive(Deserialize, Debug, Default, Clone, Copy)]
#[serde(rename_all = "PascalCase")]
pub struct MfaSettings {
    /// Enable or disable the method.
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Make it the preferred method.
    #[serde(default)]
    pub preferred_mfa: Option<bool>,
}

/// The per-method settings of SetUserMFAPreference and AdminSetUserMFAPreference.
#[derive(Deserialize, Debug, Default, Clone, Copy)]
#[serde(rename_all = "PascalCase")]
pub struct MfaPreferences {
    /// `SMS_MFA`.
    #[serde(default, rename = "SMSMfaSettings")]
    pub sms_mfa_settings: Option<MfaSettings>,
    /// `SOFTWARE_TOKEN_MFA`.
    #[serde(default)]
    pub software_token_mfa_settings: Option<MfaSettings>,
    /// `EMAIL_OTP`.
    #[serde(default)]
    pub email_mfa_settings: Option<MfaSettings>,
}

/// SetUserMFAPreference.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct SetUserMfaPreferenceRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// The methods' settings.
    #[serde(flatten)]
    pub settings: MfaPreferences,
}

impl Request for SetUserMfaPreferenceRequest {}

/// AdminSetUserMFAPreference.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserMfaPreferenceRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (or a sign-in alias).
    pub username: String,
    /// The methods' settings.
    #[serde(flatten)]
    pub settings: MfaPreferences,
}

impl Request for AdminSetUserMfaPreferenceRequest {}
