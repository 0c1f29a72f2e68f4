//! The admin operations on a pool's users (IAM-authorised in Cognito): AdminCreateUser,
//! AdminSetUserPassword, AdminGetUser, AdminDeleteUser, AdminConfirmSignUp, AdminDisableUser,
//! AdminEnableUser, AdminUpdateUserAttributes, AdminDeleteUserAttributes, AdminUserGlobalSignOut,
//! AdminResetUserPassword, AdminListDevices, AdminGetDevice, AdminForgetDevice, ListUsers.

use serde::{Deserialize, Serialize};

use super::types::{AttributeType, DeviceType, SecretText, UserType};
use super::{Reply, Request};

/// The operations that name only a pool and a user (AdminGetUser, AdminDeleteUser,
/// AdminConfirmSignUp, AdminDisableUser, AdminEnableUser, AdminUserGlobalSignOut,
/// AdminResetUserPassword).
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUserRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (or a sign-in alias).
    pub username: String,
}

impl Request for AdminUserRequest {}

/// AdminCreateUser.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (an email address or phone number in a pool whose username attributes allow it).
    pub username: String,
    /// The user's attributes (`email_verified` and `phone_number_verified` included).
    #[serde(default)]
    pub user_attributes: Vec<AttributeType>,
    /// The password to sign in with once; generated under the pool's policy when absent.
    #[serde(default)]
    pub temporary_password: Option<SecretText>,
    /// `SUPPRESS` (no invitation) or `RESEND` (invite an existing `FORCE_CHANGE_PASSWORD` user again).
    #[serde(default)]
    pub message_action: Option<String>,
    /// `EMAIL` and/or `SMS`: where the invitation goes (default `SMS`, as Cognito).
    #[serde(default)]
    pub desired_delivery_mediums: Vec<String>,
}

impl Request for AdminCreateUserRequest {}

/// AdminCreateUser's answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AdminCreateUserResponse {
    /// The user.
    pub user: UserType,
}

impl Reply for AdminCreateUserResponse {}

/// AdminSetUserPassword.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminSetUserPasswordRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (or a sign-in alias).
    pub username: String,
    /// The new password.
    pub password: SecretText,
    /// `true`: the user is `CONFIRMED` with it; `false` (default): `FORCE_CHANGE_PASSWORD`.
    #[serde(default)]
    pub permanent: bool,
}

impl Request for AdminSetUserPasswordRequest {}

/// AdminGetUser's answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AdminGetUserResponse {
    /// The username.
    pub username: String,
    /// The attributes, `sub` first.
    pub user_attributes: Vec<AttributeType>,
    /// Unix seconds.
    pub user_create_date: f64,
    /// Unix seconds.
    pub user_last_modified_date: f64,
    /// Whether the user may sign in.
    pub enabled: bool,
    /// `CONFIRMED`, `UNCONFIRMED`, `FORCE_CHANGE_PASSWORD`, `RESET_REQUIRED`.
    pub user_status: String,
    /// The MFA methods enabled, when any.
    #[serde(rename = "UserMFASettingList", skip_serializing_if = "Option::is_none")]
    pub user_mfa_setting_list: Option<Vec<String>>,
    /// The preferred MFA method, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub preferred_mfa_setting: Option<String>,
}

impl Reply for AdminGetUserResponse {}

/// AdminUpdateUserAttributes.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminUpdateUserAttributesRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (or a sign-in alias).
    pub username: String,
    /// The attributes to set.
    pub user_attributes: Vec<AttributeType>,
}

impl Request for AdminUpdateUserAttributesRequest {}

/// AdminDeleteUserAttributes.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDeleteUserAttributesRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (or a sign-in alias).
    pub username: String,
    /// The attributes to remove.
    pub user_attribute_names: Vec<String>,
}

impl Request for AdminDeleteUserAttributesRequest {}

/// AdminListDevices.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminListDevicesRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (or a sign-in alias).
    pub username: String,
    /// At most this many (1 to 60).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Where the previous page ended.
    #[serde(default)]
    pub pagination_token: Option<String>,
}

impl Request for AdminListDevicesRequest {}

/// AdminGetDevice and AdminForgetDevice.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct AdminDeviceRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The username (or a sign-in alias).
    pub username: String,
    /// The device.
    pub device_key: String,
}

impl Request for AdminDeviceRequest {}

/// AdminGetDevice's answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct AdminGetDeviceResponse {
    /// The device.
    pub device: DeviceType,
}

impl Reply for AdminGetDeviceResponse {}

/// ListUsers.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersRequest {
    /// The pool.
    pub user_pool_id: String,
    /// Only these attributes in each user (all when absent).
    #[serde(default)]
    pub attributes_to_get: Option<Vec<String>>,
    /// At most this many (1 to 60, default 60).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Where the previous page ended.
    #[serde(default)]
    pub pagination_token: Option<String>,
    /// Cognito's filter: `ATTRIBUTE = "value"` (exact) or `ATTRIBUTE ^= "value"` (prefix).
    #[serde(default)]
    pub filter: Option<String>,
}

impl Request for ListUsersRequest {}

/// ListUsers' answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ListUsersResponse {
    /// The users of this page, by username.
    pub users: Vec<UserType>,
    /// Where the next page starts, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl Reply for ListUsersResponse {}
