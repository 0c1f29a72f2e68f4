//! The device operations of a signed-in user: ConfirmDevice, UpdateDeviceStatus, GetDevice,
//! ListDevices, ForgetDevice.

use serde::{Deserialize, Serialize};

use super::types::DeviceType;
use super::{Reply, Request};

/// `DeviceSecretVerifierConfig`.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct VerifierConfig {
    /// Base64 salt.
    pub salt: String,
    /// Base64 verifier.
    pub password_verifier: String,
}

/// ConfirmDevice.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// The device.
    pub device_key: String,
    /// The device's verifier.
    pub device_secret_verifier_config: VerifierConfig,
    /// A name for the device.
    #[serde(default)]
    pub device_name: Option<String>,
}

impl Request for ConfirmDeviceRequest {}

/// ConfirmDevice's answer.
#[derive(Serialize, Debug, Clone, PartialEq, Eq)]
#[serde(rename_all = "PascalCase")]
pub struct ConfirmDeviceResponse {
    /// Whether the user must still choose to remember the device (UpdateDeviceStatus).
    pub user_confirmation_necessary: bool,
}

impl Reply for ConfirmDeviceResponse {}

/// UpdateDeviceStatus.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct UpdateDeviceStatusRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// The device.
    pub device_key: String,
    /// `remembered` or `not_remembered`.
    #[serde(default)]
    pub device_remembered_status: Option<String>,
}

impl Request for UpdateDeviceStatusRequest {}

/// GetDevice and ForgetDevice.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct DeviceRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// The device.
    pub device_key: String,
}

impl Request for DeviceRequest {}

/// GetDevice's answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct GetDeviceResponse {
    /// The device.
    pub device: DeviceType,
}

impl Reply for GetDeviceResponse {}

/// ListDevices.
#[derive(Deserialize, Debug)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesRequest {
    /// The signed-in user's access token.
    pub access_token: String,
    /// At most this many (1 to 60).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Where the previous page ended.
    #[serde(default)]
    pub pagination_token: Option<String>,
}

impl Request for ListDevicesRequest {}

/// ListDevices' and AdminListDevices' answer.
#[derive(Serialize, Debug, Clone, PartialEq)]
#[serde(rename_all = "PascalCase")]
pub struct ListDevicesResponse {
    /// The confirmed devices.
    pub devices: Vec<DeviceType>,
    /// Where the next page starts, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pagination_token: Option<String>,
}

impl Reply for ListDevicesResponse {}
