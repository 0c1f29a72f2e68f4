//! The end of a sign-in: the tokens, and a new device where the pool tracks devices.

use super::*;

impl Server {
    /// Tokens for a signed-in user. `device_key` is the device used; when none was used and the pool
    /// tracks devices, a new device is issued. `refresh` is the origin and `auth_time` being refreshed
    /// (no new refresh token, no new device).
    pub(crate) fn issue_tokens(
        &self,
        client: &ClientSettings,
        username: &str,
        device_key: Option<&str>,
        refresh: Option<(String, i64)>,
    ) -> Result<AuthResponse, CognitoError> {
        let now = now_secs();
        let (sub, attributes, token_device, new_device) = {
            let mut dir = self.directory_mut();
            let pool = dir
                .pool_mut(&client.pool_id)
                .map_err(|_| CognitoError::bad_session())?;
            let region = pool.id.region().to_owned();
            let tracking = pool.device_tracking;
            let user = pool
                .users
                .get_mut(username)
                .ok_or_else(CognitoError::incorrect)?;
            let used = device_key
                .filter(|k| user.devices.contains_key(*k))
                .map(str::to_owned);
            let mut new_device = None;
            let token_device = match used {
                Some(k) => {
                    if let Some(d) = user.devices.get_mut(&k) {
                        d.last_auth = now_f64();
                    }
                    Some(k)
                }
                None if tracking != DeviceTracking::Off && refresh.is_none() => {
                    let (k, g) = user.new_device(&region, now_f64());
                    new_device = Some((k.clone(), g));
                    Some(k)
                }
                None => None,
            };
            (
                user.sub.clone(),
                user.attributes.clone(),
                token_device,
                new_device,
            )
        };
        let (origin, auth_time, refresh_token) = match refresh {
            Some((origin, auth_time)) => (origin, auth_time, None),
            None => {
                let (origin, rt) = lock(&self.grants).issue(
                    &client.pool_id,
                    &client.id,
                    username,
                    token_device.as_deref(),
                    now,
                    now + client.refresh_validity.unwrap_or(30 * 24 * 3600).max(1),
                );
                (origin, now, Some(rt))
            }
        };
        let iss = self.issuer(&client.pool_id);
        let access_validity = client.access_validity.unwrap_or(self.token_validity).max(1);
        let exp = now + access_validity;
        let id_exp = now + client.id_validity.unwrap_or(self.token_validity).max(1);
        let event = uuid_v4();
        let mut access = Map::new();
        access.insert("sub".into(), json!(sub));
        if let Some(k) = &token_device {
            access.insert("device_key".into(), json!(k));
        }
        access.insert("iss".into(), json!(iss));
        access.insert("client_id".into(), json!(client.id));
        access.insert("origin_jti".into(), json!(origin));
        access.insert("event_id".into(), json!(event));
        access.insert("token_use".into(), json!("access"));
        access.insert("scope".into(), json!("aws.cognito.signin.user.admin"));
        access.insert("auth_time".into(), json!(auth_time));
        access.insert("exp".into(), json!(exp));
        access.insert("iat".into(), json!(now));
        access.insert("jti".into(), json!(uuid_v4()));
        access.insert("username".into(), json!(username));
        // The user's attributes first, without the names the token reserves; the token's own claims after.
        let mut id = Map::new();
        for (k, v) in attributes
            .iter()
            .filter(|(k, _)| !crate::attributes::reserved_claim(k))
        {
            let value = match (k.as_str(), v.as_str()) {
                ("email_verified" | "phone_number_verified", "true") => json!(true),
                ("email_verified" | "phone_number_verified", "false") => json!(false),
                _ => json!(v),
            };
            id.insert(k.clone(), value);
        }
        id.insert("sub".into(), json!(sub));
        id.insert("iss".into(), json!(iss));
        id.insert("cognito:username".into(), json!(username));
        id.insert("origin_jti".into(), json!(origin));
        id.insert("aud".into(), json!(client.id));
        id.insert("event_id".into(), json!(event));
        id.insert("token_use".into(), json!("id"));
        id.insert("auth_time".into(), json!(auth_time));
        id.insert("exp".into(), json!(id_exp));
        id.insert("iat".into(), json!(now));
        id.insert("jti".into(), json!(uuid_v4()));
        Ok(AuthResponse::tokens(AuthenticationResult {
            access_token: self.tokens.sign(&client.pool_id, &access),
            expires_in: access_validity,
            id_token: self.tokens.sign(&client.pool_id, &id),
            token_type: "Bearer".to_owned(),
            refresh_token,
            new_device_metadata: new_device.map(|(device_key, device_group_key)| {
                NewDeviceMetadata {
                    device_key,
                    device_group_key,
                }
            }),
        }))
    }
}
