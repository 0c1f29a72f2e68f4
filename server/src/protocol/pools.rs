//! The control plane (IAM-authorised in Cognito): CreateUserPool, DescribeUserPool, ListUserPools,
//! DeleteUserPool, CreateUserPoolClient, DescribeUserPoolClient, ListUserPoolClients,
//! DeleteUserPoolClient. Only the settings the server models are read; others are accepted and ignored.

use serde::{Deserialize, Serialize};

use super::{Reply, Request};

/// `PasswordPolicyType`.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct PasswordPolicyType {
    /// Fewest characters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_length: Option<u32>,
    /// An uppercase letter is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_uppercase: Option<bool>,
    /// A lowercase letter is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_lowercase: Option<bool>,
    /// A digit is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_numbers: Option<bool>,
    /// A symbol is required.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_symbols: Option<bool>,
    /// Days a temporary password stays usable.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_password_validity_days: Option<u32>,
}

/// `UserPoolPolicyType`.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolPolicyType {
    /// The password policy.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password_policy: Option<PasswordPolicyType>,
}

/// `DeviceConfigurationType`.
#[derive(Deserialize, Serialize, Debug, Clone, Copy, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceConfigurationType {
    /// Sign-in from a new device needs MFA (modelled: devices are tracked).
    #[serde(default)]
    pub challenge_required_on_new_device: bool,
    /// Devices are remembered only when the user says so (UpdateDeviceStatus).
    #[serde(default)]
    pub device_only_remembered_on_user_prompt: bool,
}

/// `SchemaAttributeType` (the parts the server reads).
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct SchemaAttributeType {
    /// The attribute (`email`, or a custom attribute's name without `custom:`).
    pub name: String,
    /// `String`, `Number`, `DateTime`, `Boolean`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribute_data_type: Option<String>,
    /// Whether every user must have it.
    #[serde(default)]
    pub required: bool,
    /// Whether it can change after sign-up.
    #[serde(default = "yes")]
    pub mutable: bool,
}

fn yes() -> bool {
    true
}

/// CreateUserPool.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolRequest {
    /// The pool's name.
    pub pool_name: String,
    /// The password policy.
    #[serde(default)]
    pub policies: Option<UserPoolPolicyType>,
    /// `email`, `phone_number`: verified by sending a code.
    #[serde(default)]
    pub auto_verified_attributes: Vec<String>,
    /// `email`, `phone_number`, `preferred_username`: sign-in aliases of the username.
    #[serde(default)]
    pub alias_attributes: Vec<String>,
    /// `email`, `phone_number`: sign-in names instead of a username.
    #[serde(default)]
    pub username_attributes: Vec<String>,
    /// `OFF` (default), `ON`, `OPTIONAL`.
    #[serde(default)]
    pub mfa_configuration: Option<String>,
    /// Device tracking; absent: no devices are tracked.
    #[serde(default)]
    pub device_configuration: Option<DeviceConfigurationType>,
    /// Attributes, the required ones among them.
    #[serde(default)]
    pub schema: Vec<SchemaAttributeType>,
}

impl Request for CreateUserPoolRequest {}

/// `UserPoolType` (the parts the server models).
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolType {
    /// `{region}_{suffix}`.
    pub id: String,
    /// The name.
    pub name: String,
    /// `arn:aws:cognito-idp:{region}:000000000000:userpool/{id}`.
    pub arn: String,
    /// The password policy.
    pub policies: UserPoolPolicyType,
    /// Verified by sending a code.
    pub auto_verified_attributes: Vec<String>,
    /// Sign-in aliases.
    pub alias_attributes: Vec<String>,
    /// Sign-in names instead of a username.
    pub username_attributes: Vec<String>,
    /// `OFF`, `ON`, `OPTIONAL`.
    pub mfa_configuration: String,
    /// Device tracking, when on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub device_configuration: Option<DeviceConfigurationType>,
    /// The required attributes.
    pub schema_attributes: Vec<SchemaAttributeType>,
    /// The number of users.
    pub estimated_number_of_users: usize,
    /// Unix seconds.
    pub creation_date: f64,
    /// Unix seconds.
    pub last_modified_date: f64,
}

/// CreateUserPool's and DescribeUserPool's answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolResponse {
    /// The pool.
    pub user_pool: UserPoolType,
}

impl Reply for UserPoolResponse {}

/// DescribeUserPool and DeleteUserPool.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolRequest {
    /// The pool.
    pub user_pool_id: String,
}

impl Request for UserPoolRequest {}

/// ListUserPools.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolsRequest {
    /// At most this many (1 to 60).
    pub max_results: u32,
    /// Where the previous page ended.
    #[serde(default)]
    pub next_token: Option<String>,
}

impl Request for ListUserPoolsRequest {}

/// `UserPoolDescriptionType`.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolDescription {
    /// The pool id.
    pub id: String,
    /// The name.
    pub name: String,
    /// Unix seconds.
    pub creation_date: f64,
    /// Unix seconds.
    pub last_modified_date: f64,
}

/// ListUserPools' answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolsResponse {
    /// The pools of this page, by id.
    pub user_pools: Vec<UserPoolDescription>,
    /// Where the next page starts, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Reply for ListUserPoolsResponse {}

/// `TokenValidityUnitsType`.
#[derive(Deserialize, Serialize, Debug, Clone, Default, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct TokenValidityUnits {
    /// `seconds`, `minutes`, `hours` (default) or `days`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// As `AccessToken` (default `hours`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_token: Option<String>,
    /// As `AccessToken` (default `days`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// CreateUserPoolClient.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct CreateUserPoolClientRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The client's name.
    pub client_name: String,
    /// Give the client a secret (SECRET_HASH then required).
    #[serde(default)]
    pub generate_secret: bool,
    /// `ALLOW_USER_SRP_AUTH`, `ALLOW_USER_PASSWORD_AUTH`, `ALLOW_ADMIN_USER_PASSWORD_AUTH`,
    /// `ALLOW_CUSTOM_AUTH`, `ALLOW_USER_AUTH`, `ALLOW_REFRESH_TOKEN_AUTH`.
    #[serde(default)]
    pub explicit_auth_flows: Option<Vec<String>>,
    /// `ENABLED` or `LEGACY` (default, as the API).
    #[serde(default)]
    pub prevent_user_existence_errors: Option<String>,
    /// Access token lifetime, in `TokenValidityUnits.AccessToken` (default 1 hour).
    #[serde(default)]
    pub access_token_validity: Option<i64>,
    /// ID token lifetime, in `TokenValidityUnits.IdToken` (default 1 hour).
    #[serde(default)]
    pub id_token_validity: Option<i64>,
    /// Refresh token lifetime, in `TokenValidityUnits.RefreshToken` (default 30 days).
    #[serde(default)]
    pub refresh_token_validity: Option<i64>,
    /// The units of the three lifetimes.
    #[serde(default)]
    pub token_validity_units: Option<TokenValidityUnits>,
}

impl Request for CreateUserPoolClientRequest {}

/// `UserPoolClientType` (the parts the server models).
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientType {
    /// The pool.
    pub user_pool_id: String,
    /// The name.
    pub client_name: String,
    /// The id.
    pub client_id: String,
    /// The secret, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub client_secret: Option<String>,
    /// The flows enabled, as `ALLOW_*`.
    pub explicit_auth_flows: Vec<String>,
    /// `ENABLED` or `LEGACY`.
    pub prevent_user_existence_errors: String,
    /// Access token lifetime, in `TokenValidityUnits.AccessToken`.
    pub access_token_validity: i64,
    /// ID token lifetime, in `TokenValidityUnits.IdToken`.
    pub id_token_validity: i64,
    /// Refresh token lifetime, in `TokenValidityUnits.RefreshToken`.
    pub refresh_token_validity: i64,
    /// The units.
    pub token_validity_units: TokenValidityUnits,
    /// RevokeToken works (always).
    pub enable_token_revocation: bool,
    /// Unix seconds.
    pub creation_date: f64,
    /// Unix seconds.
    pub last_modified_date: f64,
}

/// CreateUserPoolClient's and DescribeUserPoolClient's answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientResponse {
    /// The client.
    pub user_pool_client: UserPoolClientType,
}

impl Reply for UserPoolClientResponse {}

/// DescribeUserPoolClient and DeleteUserPoolClient.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientRequest {
    /// The pool.
    pub user_pool_id: String,
    /// The client.
    pub client_id: String,
}

impl Request for UserPoolClientRequest {
    fn client_id(&self) -> Option<&str> {
        Some(&self.client_id)
    }
}

/// ListUserPoolClients.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolClientsRequest {
    /// The pool.
    pub user_pool_id: String,
    /// At most this many (1 to 60, default 60).
    #[serde(default)]
    pub max_results: Option<u32>,
    /// Where the previous page ended.
    #[serde(default)]
    pub next_token: Option<String>,
}

impl Request for ListUserPoolClientsRequest {}

/// `UserPoolClientDescription`.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct UserPoolClientDescription {
    /// The id.
    pub client_id: String,
    /// The pool.
    pub user_pool_id: String,
    /// The name.
    pub client_name: String,
}

/// ListUserPoolClients' answer.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ListUserPoolClientsResponse {
    /// The clients of this page, by id.
    pub user_pool_clients: Vec<UserPoolClientDescription>,
    /// Where the next page starts, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
}

impl Reply for ListUserPoolClientsResponse {}
