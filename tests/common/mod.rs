//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::HashMap;

use cognito_srp_core::{
    AppClient, ClientEphemeral, DeviceCredentials, DevicePassword, DeviceSrp, Error,
};

/// Device credentials from a password string.
pub fn device_credentials(
    key: &str,
    group: &str,
    password: impl Into<String>,
) -> Result<DeviceCredentials, Error> {
    DeviceCredentials::new(key, group, DevicePassword::new(password)?)
}

/// Device SRP started from a `DEVICE_SRP_AUTH` challenge whose parameters name `username`.
pub trait StartDevice {
    /// As `ChallengeContext::start_device_srp_with` for a challenge naming `username`.
    fn start_device_srp_with(
        &self,
        username: &str,
        device: &DeviceCredentials,
        ephemeral: ClientEphemeral,
    ) -> Result<DeviceSrp, Error>;
}

impl StartDevice for AppClient {
    fn start_device_srp_with(
        &self,
        username: &str,
        device: &DeviceCredentials,
        ephemeral: ClientEphemeral,
    ) -> Result<DeviceSrp, Error> {
        let challenge = HashMap::from([("USERNAME".to_owned(), username.to_owned())]);
        let context = self.challenge_context(&challenge, &HashMap::new())?;
        Ok(context.start_device_srp_with(device, ephemeral))
    }
}
