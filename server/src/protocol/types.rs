//! Shapes shared by several operations: `AttributeType`, `CodeDeliveryDetailsType`, `DeviceType`,
//! `AuthenticationResultType`, `NewDeviceMetadataType`, `UserType`, and the `map<string,string>` reader.

use std::collections::HashMap;

use serde::{Deserialize, Deserializer, Serialize};
use zeroize::Zeroizing;

/// A password as a request carries it: wiped when dropped, and its `Debug` form shows nothing of it.
#[derive(Deserialize)]
#[serde(transparent)]
pub struct SecretText(Zeroizing<String>);

impl std::ops::Deref for SecretText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecretText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("<redacted>")
    }
}

/// A `Debug` form of a parameter map that names its keys and shows none of its values (they carry
/// passwords, proofs and codes).
pub(crate) fn debug_keys(m: &HashMap<String, String>) -> Vec<&str> {
    let mut keys: Vec<&str> = m.keys().map(String::as_str).collect();
    keys.sort_unstable();
    keys
}

/// Reads a `map<string,string>`; `null` values are dropped (amazon-cognito-identity-js sends
/// `DEVICE_KEY: null` when it forgets a device), and a missing or `null` map is empty.
pub(crate) fn string_map<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<HashMap<String, String>, D::Error> {
    let m: Option<HashMap<String, Option<String>>> = Option::deserialize(d)?;
    Ok(m.unwrap_or_default()
        .into_iter()
        .filter_map(|(k, v)| v.map(|v| (k, v)))
        .collect())
}

/// `AttributeType`: a user attribute's name and value.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AttributeType {
    /// `email`, `custom:team`, …
    pub name: String,
    /// The value (absent in a request means empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

impl AttributeType {
    /// An attribute with a value.
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        AttributeType {
            name: name.into(),
            value: Some(value.into()),
        }
    }
}

/// `CodeDeliveryDetailsType`: where a code was sent, masked.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct CodeDeliveryDetails {
    /// `a***@example.com`, `+*******0100`.
    pub destination: String,
    /// `EMAIL` or `SMS`.
    pub delivery_medium: String,
    /// `email` or `phone_number`.
    pub attribute_name: String,
}

/// `NewDeviceMetadataType`: a device issued at the end of a sign-in, to be confirmed.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct NewDeviceMetadata {
    /// `DEVICE_KEY`.
    pub device_key: String,
    /// The device group key.
    pub device_group_key: String,
}

/// `AuthenticationResultType`: the tokens.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct AuthenticationResult {
    /// The access token.
    pub access_token: String,
    /// Seconds until the access and ID tokens expire.
    pub expires_in: i64,
    /// The ID token.
    pub id_token: String,
    /// `Bearer`.
    pub token_type: String,
    /// The refresh token (not sent when refreshing).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// A new device to confirm.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_device_metadata: Option<NewDeviceMetadata>,
}

/// `DeviceType`.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceType {
    /// The device key.
    pub device_key: String,
    /// `device_status`, `dev:device_remembered_status`, `device_name`.
    pub device_attributes: Vec<AttributeType>,
    /// Unix seconds.
    pub device_create_date: f64,
    /// Unix seconds.
    pub device_last_modified_date: f64,
    /// Unix seconds.
    pub device_last_authenticated_date: f64,
}

/// `UserType`, as ListUsers and AdminCreateUser return a user.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct UserType {
    /// The username.
    pub username: String,
    /// The attributes (`sub` first).
    pub attributes: Vec<AttributeType>,
    /// Unix seconds.
    pub user_create_date: f64,
    /// Unix seconds.
    pub user_last_modified_date: f64,
    /// Whether the user may sign in.
    pub enabled: bool,
    /// `CONFIRMED`, `UNCONFIRMED`, `FORCE_CHANGE_PASSWORD`, `RESET_REQUIRED`.
    pub user_status: String,
}
