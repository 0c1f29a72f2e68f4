//! Operations of a signed-in user (by access token): ConfirmDevice, UpdateDeviceStatus, GetDevice,
//! ListDevices, ForgetDevice, GetUser, GlobalSignOut; and RevokeToken (by refresh token).

use cognito_srp_core::{ClientSecret, DeviceSecretVerifierConfig, PasswordVerifier};
use serde_json::{Value, json};
use subtle::ConstantTimeEq as _;

use crate::config::DeviceTracking;
use crate::error::{Fault, Handled};
use crate::model::{Device, User};
use crate::requests::{
    self, AccessTokenRequest, ConfirmDevice, DeviceRequest, ListDevices, RevokeToken,
    UpdateDeviceStatus,
};
use crate::server::{Counters, Server, Trace, lock};
use crate::tokens::TokenError;
use crate::util::now_f64;

fn device_json(key: &str, d: &Device) -> Value {
    let mut attrs = vec![
        json!({"Name": "device_status", "Value": "valid"}),
        json!({"Name": "dev:device_remembered_status", "Value": if d.remembered { "remembered" } else { "not_remembered" }}),
    ];
    if let Some(n) = &d.name {
        attrs.push(json!({"Name": "device_name", "Value": n}));
    }
    json!({
        "DeviceKey": key,
        "DeviceAttributes": attrs,
        "DeviceCreateDate": d.created,
        "DeviceLastModifiedDate": d.modified,
        "DeviceLastAuthenticatedDate": d.last_auth,
    })
}

impl Server {
    /// Checks an access token: signature, expiry, `token_use`, issuer, and that its origin is live.
    /// Returns (pool id, username).
    pub(crate) fn access_token(&self, token: &str) -> Result<(String, String), Fault> {
        let claims = self.tokens.verify(token).map_err(|e| match e {
            TokenError::Expired => Fault::not_authorized("Access Token has expired"),
            TokenError::Invalid => Fault::not_authorized("Invalid Access Token"),
        })?;
        let text = |k: &str| claims.get(k).and_then(Value::as_str).unwrap_or("");
        if text("token_use") != "access" {
            return Err(Fault::not_authorized("Invalid Access Token"));
        }
        let pool_id = text("iss")
            .strip_prefix(&format!("{}/", self.issuer_base))
            .ok_or_else(|| Fault::not_authorized("Invalid Access Token"))?
            .to_owned();
        if !lock(&self.grants).is_live(text("origin_jti")) {
            return Err(Fault::not_authorized("Access Token has been revoked"));
        }
        Ok((pool_id, text("username").to_owned()))
    }

    fn with_user<T>(
        &self,
        pool_id: &str,
        username: &str,
        f: impl FnOnce(&mut User) -> Result<T, Fault>,
    ) -> Result<T, Fault> {
        let mut dir = self.dir_mut();
        let user = dir
            .pools
            .get_mut(pool_id)
            .and_then(|p| p.users.get_mut(username))
            .ok_or_else(|| Fault::not_authorized("Invalid Access Token"))?;
        f(user)
    }

    pub(crate) fn confirm_device(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: ConfirmDevice = requests::decode(body)?;
        let (pool_id, username) = self.access_token(&r.access_token)?;
        trace.user = Some(username.clone());
        let config = DeviceSecretVerifierConfig::new(
            r.device_secret_verifier_config.salt,
            r.device_secret_verifier_config.password_verifier,
        );
        let verifier = PasswordVerifier::from_device_config(&config)
            .map_err(|e| Fault::invalid(format!("Invalid DeviceSecretVerifierConfig: {e}")))?;
        if verifier.salt().is_zero() {
            return Err(Fault::invalid(
                "Invalid DeviceSecretVerifierConfig: empty salt",
            ));
        }
        let name = r
            .device_name
            .map(|n| n.chars().take(1024).collect::<String>());
        let necessary = self
            .dir()
            .pools
            .get(&pool_id)
            .is_some_and(|p| p.device_tracking == DeviceTracking::UserOptIn);
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get_mut(&r.device_key)
                .ok_or_else(Fault::no_device)?;
            // A device's verifier is set once: an access token alone must not replace it.
            if d.verifier.is_some() {
                return Err(Fault::invalid("Device has already been confirmed."));
            }
            d.verifier = Some(verifier);
            d.name = name;
            d.remembered = !necessary;
            d.modified = now_f64();
            Ok(())
        })?;
        Counters::bump(&self.counters.devices_confirmed);
        Ok(json!({"UserConfirmationNecessary": necessary}))
    }

    pub(crate) fn update_device_status(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: UpdateDeviceStatus = requests::decode(body)?;
        let (pool_id, username) = self.access_token(&r.access_token)?;
        trace.user = Some(username.clone());
        let remembered = match r.device_remembered_status.as_deref() {
            Some("remembered") => true,
            Some("not_remembered") | None => false,
            Some(other) => {
                return Err(Fault::invalid(format!(
                    "Invalid DeviceRememberedStatus {}",
                    other.chars().take(64).collect::<String>()
                )));
            }
        };
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get_mut(&r.device_key)
                .ok_or_else(Fault::no_device)?;
            d.remembered = remembered;
            d.modified = now_f64();
            Ok(json!({}))
        })
    }

    pub(crate) fn get_device(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: DeviceRequest = requests::decode(body)?;
        let (pool_id, username) = self.access_token(&r.access_token)?;
        trace.user = Some(username.clone());
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get(&r.device_key)
                .filter(|d| d.verifier.is_some())
                .ok_or_else(Fault::no_device)?;
            Ok(json!({"Device": device_json(&r.device_key, d)}))
        })
    }

    pub(crate) fn list_devices(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: ListDevices = requests::decode(body)?;
        let (pool_id, username) = self.access_token(&r.access_token)?;
        trace.user = Some(username.clone());
        let limit = r.limit.unwrap_or(60).clamp(1, 60) as usize;
        self.with_user(&pool_id, &username, |u| {
            let devices: Vec<Value> = u
                .devices
                .iter()
                .filter(|(_, d)| d.verifier.is_some())
                .take(limit)
                .map(|(k, d)| device_json(k, d))
                .collect();
            Ok(json!({"Devices": devices}))
        })
    }

    pub(crate) fn forget_device(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: DeviceRequest = requests::decode(body)?;
        let (pool_id, username) = self.access_token(&r.access_token)?;
        trace.user = Some(username.clone());
        self.with_user(&pool_id, &username, |u| {
            u.devices
                .remove(&r.device_key)
                .ok_or_else(Fault::no_device)?;
            Ok(json!({}))
        })
    }

    pub(crate) fn get_user(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: AccessTokenRequest = requests::decode(body)?;
        let (pool_id, username) = self.access_token(&r.access_token)?;
        trace.user = Some(username.clone());
        self.with_user(&pool_id, &username, |u| {
            let mut attrs = vec![json!({"Name": "sub", "Value": u.sub})];
            attrs.extend(
                u.attributes
                    .iter()
                    .filter(|(k, _)| k.as_str() != "sub")
                    .map(|(k, v)| json!({"Name": k, "Value": v})),
            );
            Ok(json!({"Username": u.username, "UserAttributes": attrs, "UserStatus": u.status.as_str()}))
        })
    }

    pub(crate) fn global_sign_out(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: AccessTokenRequest = requests::decode(body)?;
        let (pool_id, username) = self.access_token(&r.access_token)?;
        trace.user = Some(username.clone());
        lock(&self.grants).sign_out(&pool_id, &username);
        Ok(json!({}))
    }

    pub(crate) fn revoke_token(&self, body: &Value, _trace: &mut Trace) -> Handled {
        let r: RevokeToken = requests::decode(body)?;
        let client = self.client_view(&r.client_id, None)?;
        if let Some(secret) = client.secret.as_deref() {
            let Some(given) = r.client_secret.as_deref() else {
                return Err(Fault::not_authorized(format!(
                    "Client {} is configured for secret but secret was not received",
                    client.id
                )));
            };
            // Equal secrets give equal HMACs; the comparison takes the same time whatever was sent.
            let given = ClientSecret::new(given.to_owned())
                .map(|g| g.secret_hash("RevokeToken", &client.id))
                .unwrap_or_default();
            let want = secret.secret_hash("RevokeToken", &client.id);
            if !bool::from(want.as_bytes().ct_eq(given.as_bytes())) {
                return Err(Fault::not_authorized(format!(
                    "Unable to verify secret for client {}",
                    client.id
                )));
            }
        }
        lock(&self.grants).revoke(&r.token, &r.client_id);
        Ok(json!({}))
    }
}
