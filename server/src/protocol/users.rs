//! The operations of a user on their own account: GetUser, GlobalSignOut, RevokeToken, and the account
//! lifecycle (sign-up, confirmation, password reset and change, attributes, deletion).

use serde::{Deserialize, Serialize};

use super::types::{AttributeType, CodeDeliveryDetails, SecretText};
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
    pub token: SecretText,
    /// The app client it was issued to.
    pub client_id: String,
    /// The app client's secret, required when the client has one.
    #[serde(default)]
    pub client_secret: Option<SecretText>,
}

impl Request for RevokeTokenRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
}

/// SignUp.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpRequest {
    /// The app client.
    pub client_id: String,
    /// `SECRET_HASH` over `Username`, when the client has a secret.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// The username, or an email address or phone number in a pool whose username attributes allow it.
    pub username: String,
    /// The password (only its verifier is kept).
    #[serde(default)]
    pub password: Option<SecretText>,
    /// The user's attributes.
    #[serde(default)]
    pub user_attributes: Vec<AttributeType>,
}

impl Request for SignUpRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
}

/// SignUp's answer.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct SignUpResponse {
    /// Whether the user is confirmed already.
    pub user_confirmed: bool,
    /// Where the confirmation code went, when one was sent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code_delivery_details: Option<CodeDeliveryDetails>,
    /// The new user's `sub`.
    pub user_sub: String,
}

impl Reply for SignUpResponse {}

/// ConfirmSignUp.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmSignUpRequest {
    /// The app client.
    pub client_id: String,
    /// `SECRET_HASH` over `Username`, when the client has a secret.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// The username (or a sign-in alias).
    pub username: String,
    /// The code sent at sign-up.
    pub confirmation_code: String,
}

impl Request for ConfirmSignUpRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
}

/// ResendConfirmationCode and ForgotPassword.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct UsernameRequest {
    /// The app client.
    pub client_id: String,
    /// `SECRET_HASH` over `Username`, when the client has a secret.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// The username (or a sign-in alias).
    pub username: String,
}

impl Request for UsernameRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
}

/// The answer of operations that send a code.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryResponse {
    /// Where the code went (masked).
    pub code_delivery_details: CodeDeliveryDetails,
}

impl Reply for CodeDeliveryResponse {}

/// ConfirmForgotPassword.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmForgotPasswordRequest {
    /// The app client.
    pub client_id: String,
    /// `SECRET_HASH` over `Username`, when the client has a secret.
    #[serde(default)]
    pub secret_hash: Option<String>,
    /// The username (or a sign-in alias).
    pub username: String,
    /// The code ForgotPassword sent.
    pub confirmation_code: String,
    /// The new password.
    pub password: SecretText,
}

impl Request for ConfirmForgotPasswordRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
}

/// ChangePassword.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ChangePasswordRequest {
    /// The current password.
    #[serde(default)]
    pub previous_password: Option<SecretText>,
    /// The new password.
    pub proposed_password: SecretText,
    /// The signed-in user's access token.
    pub access_token: String,
}

impl Request for ChangePasswordRequest {}

/// UpdateUserAttributes.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesRequest {
    /// The attributes to set.
    pub user_attributes: Vec<AttributeType>,
    /// The signed-in user's access token.
    pub access_token: String,
}

impl Request for UpdateUserAttributesRequest {}

/// UpdateUserAttributes' answer.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateUserAttributesResponse {
    /// Where verification codes for changed email or phone number went.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code_delivery_details_list: Vec<CodeDeliveryDetails>,
}

impl Reply for UpdateUserAttributesResponse {}

/// GetUserAttributeVerificationCode.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct GetUserAttributeVerificationCodeRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// `email` or `phone_number`.
    pub attribute_name: String,
}

impl Request for GetUserAttributeVerificationCodeRequest {}

/// VerifyUserAttribute.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct VerifyUserAttributeRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// `email` or `phone_number`.
    pub attribute_name: String,
    /// The code sent.
    pub code: String,
}

impl Request for VerifyUserAttributeRequest {}

/// DeleteUserAttributes.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteUserAttributesRequest {
    /// The attributes to remove.
    pub user_attribute_names: Vec<String>,
    /// The signed-in user's access token.
    pub access_token: String,
}

impl Request for DeleteUserAttributesRequest {}
