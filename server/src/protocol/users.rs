//! The operations of a user on their own account: GetUser, GlobalSignOut, RevokeToken, and the account
//! lifecycle (sign-up, confirmation, password reset and change, attributes, deletion).

use serde::{Deserialize, Serialize};

use super::types::AttributeType;
use super::{Reply, Request};

/// GetUser, GlobalSignOut and DeleteUser: only the access token.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AccessTokenRequest {
    /// The signed-in user's access token.
    pub access_token: String,
}

impl Request for AccessTokenRequest {}

/// GetUser's answer.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserResponse {
    /// The username.
    pub username: String,
    /// The attributes, `sub` first.
    pub user_attributes: Vec<AttributeType>,
    /// The MFA methods enabled (`SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`), when any.
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
    /// The preferred MFA method, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
}

impl Reply for GetUserResponse {}

/// RevokeToken.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct RevokeTokenRequest {
    /// The refresh token.
    pub token: String,
    /// The app client it was issued to.
    pub client_id: String,
    /// The app client's secret, required when the client has one.
    #[serde(default)]
    pub client_secret: Option<String>,
}

impl Request for RevokeTokenRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
}
