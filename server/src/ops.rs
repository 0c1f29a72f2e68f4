//! Operations of a signed-in user (by access token): ConfirmDevice, UpdateDeviceStatus, GetDevice,
//! ListDevices, ForgetDevice, GetUser, GlobalSignOut; and RevokeToken (by refresh token).

use cognito_srp_core::{DeviceSecretVerifierConfig, PasswordVerifier};

use crate::config::DeviceTracking;
use crate::model::{Device, User};
use crate::protocol::devices::{
    ConfirmDeviceRequest, ConfirmDeviceResponse, DeviceRequest, GetDeviceResponse,
    ListDevicesRequest, ListDevicesResponse, UpdateDeviceStatusRequest,
};
use crate::protocol::types::{AttributeType, DeviceType};
use crate::protocol::users::{AccessTokenRequest, GetUserResponse, RevokeTokenRequest};
use crate::protocol::{CognitoError, Empty};
use crate::service::{Counters, Server, lock};
use crate::tokens::TokenError;
use crate::util::now_f64;

/// A device as `DeviceType` carries it.
pub(crate) fn device_type(key: &str, d: &Device) -> DeviceType {
    let mut attributes = vec![
        AttributeType::new("device_status", "valid"),
        AttributeType::new(
            "dev:device_remembered_status",
            if d.remembered {
                "remembered"
            } else {
                "not_remembered"
            },
        ),
    ];
    if let Some(n) = &d.name {
        attributes.push(AttributeType::new("device_name", n.clone()));
    }
    DeviceType {
        device_key: key.to_owned(),
        device_attributes: attributes,
        device_create_date: d.created,
        device_last_modified_date: d.modified,
        device_last_authenticated_date: d.last_auth,
    }
}

/// A user's attributes as the API lists them: `sub` first, then the rest by name.
pub(crate) fn user_attributes(u: &User) -> Vec<AttributeType> {
    let mut attributes = vec![AttributeType::new("sub", u.sub.clone())];
    attributes.extend(
        u.attributes
            .iter()
            .filter(|(k, _)| k.as_str() != "sub")
            .map(|(k, v)| AttributeType::new(k.clone(), v.clone())),
    );
    attributes
}

impl Server {
    /// Checks an access token: signature, expiry, `token_use`, issuer, and that its origin is live.
    /// Returns (pool id, username).
    pub(crate) fn access_token(&self, token: &str) -> Result<(String, String), CognitoError> {
        let claims = self.tokens.verify(token).map_err(|e| match e {
            TokenError::Expired => CognitoError::not_authorized("Access Token has expired"),
            TokenError::Invalid => CognitoError::not_authorized("Invalid Access Token"),
        })?;
        let text = |k: &str| {
            claims
                .get(k)
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
        };
        if text("token_use") != "access" {
            return Err(CognitoError::not_authorized("Invalid Access Token"));
        }
        let pool_id = text("iss")
            .strip_prefix(&format!("{}/", self.issuer_base))
            .ok_or_else(|| CognitoError::not_authorized("Invalid Access Token"))?
            .to_owned();
        if !lock(&self.grants).is_live(text("origin_jti")) {
            return Err(CognitoError::not_authorized(
                "Access Token has been revoked",
            ));
        }
        Ok((pool_id, text("username").to_owned()))
    }

    fn with_user<T>(
        &self,
        pool_id: &str,
        username: &str,
        f: impl FnOnce(&mut User) -> Result<T, CognitoError>,
    ) -> Result<T, CognitoError> {
        let mut dir = self.directory_mut();
        let user = dir
            .user_mut(pool_id, username)
            .ok_or_else(|| CognitoError::not_authorized("Invalid Access Token"))?;
        f(user)
    }

    pub(crate) fn confirm_device(
        &self,
        r: ConfirmDeviceRequest,
    ) -> Result<ConfirmDeviceResponse, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let config = DeviceSecretVerifierConfig::new(
            r.device_secret_verifier_config.salt,
            r.device_secret_verifier_config.password_verifier,
        );
        let verifier = PasswordVerifier::from_device_config(&config).map_err(|e| {
            CognitoError::invalid(format!("Invalid DeviceSecretVerifierConfig: {e}"))
        })?;
        if verifier.salt().is_zero() {
            return Err(CognitoError::invalid(
                "Invalid DeviceSecretVerifierConfig: empty salt",
            ));
        }
        let name = r
            .device_name
            .map(|n| n.chars().take(1024).collect::<String>());
        let necessary = self
            .directory()
            .pools
            .get(&pool_id)
            .is_some_and(|p| p.device_tracking == DeviceTracking::UserOptIn);
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get_mut(&r.device_key)
                .ok_or_else(CognitoError::no_device)?;
            // A device's verifier is set once: an access token alone must not replace it.
            if d.verifier.is_some() {
                return Err(CognitoError::invalid("Device has already been confirmed."));
            }
            d.verifier = Some(verifier);
            d.name = name;
            d.remembered = !necessary;
            d.modified = now_f64();
            Ok(())
        })?;
        Counters::bump(&self.counters.devices_confirmed);
        Ok(ConfirmDeviceResponse {
            user_confirmation_necessary: necessary,
        })
    }

    pub(crate) fn update_device_status(
        &self,
        r: UpdateDeviceStatusRequest,
    ) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let remembered = match r.device_remembered_status.as_deref() {
            Some("remembered") => true,
            Some("not_remembered") | None => false,
            Some(other) => {
                return Err(CognitoError::invalid(format!(
                    "Invalid DeviceRememberedStatus {}",
                    other.chars().take(64).collect::<String>()
                )));
            }
        };
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get_mut(&r.device_key)
                .ok_or_else(CognitoError::no_device)?;
            d.remembered = remembered;
            d.modified = now_f64();
            Ok(Empty {})
        })
    }

    pub(crate) fn get_device(&self, r: DeviceRequest) -> Result<GetDeviceResponse, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get(&r.device_key)
                .filter(|d| d.verifier.is_some())
                .ok_or_else(CognitoError::no_device)?;
            Ok(GetDeviceResponse {
                device: device_type(&r.device_key, d),
            })
        })
    }

    pub(crate) fn list_devices(
        &self,
        r: ListDevicesRequest,
    ) -> Result<ListDevicesResponse, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let limit = r.limit.unwrap_or(60).clamp(1, 60) as usize;
        self.with_user(&pool_id, &username, |u| {
            let devices: Vec<DeviceType> = u
                .devices
                .iter()
                .filter(|(_, d)| d.verifier.is_some())
                .take(limit)
                .map(|(k, d)| device_type(k, d))
                .collect();
            Ok(ListDevicesResponse {
                devices,
                pagination_token: None,
            })
        })
    }

    pub(crate) fn forget_device(&self, r: DeviceRequest) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        self.with_user(&pool_id, &username, |u| {
            u.devices
                .remove(&r.device_key)
                .ok_or_else(CognitoError::no_device)?;
            Ok(Empty {})
        })
    }

    pub(crate) fn get_user(&self, r: AccessTokenRequest) -> Result<GetUserResponse, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        self.with_user(&pool_id, &username, |u| {
            Ok(GetUserResponse {
                username: u.username.clone(),
                user_attributes: user_attributes(u),
                user_mfa_setting_list: (!u.mfa.enabled.is_empty())
                    .then(|| u.mfa.enabled.iter().map(|m| m.name().to_owned()).collect()),
                preferred_mfa_setting: u.mfa.preferred.map(|m| m.name().to_owned()),
            })
        })
    }

    pub(crate) fn global_sign_out(&self, r: AccessTokenRequest) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        lock(&self.grants).sign_out(&pool_id, &username);
        Ok(Empty {})
    }

    pub(crate) fn revoke_token(&self, r: RevokeTokenRequest) -> Result<Empty, CognitoError> {
        let client = self.client_settings(&r.client_id, None)?;
        crate::auth::check_client_secret(&client, r.client_secret.as_deref(), "RevokeToken")?;
        lock(&self.grants).revoke(&r.token, &r.client_id);
        Ok(Empty {})
    }
}
