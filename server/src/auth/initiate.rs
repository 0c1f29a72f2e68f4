//! InitiateAuth: USER_SRP_AUTH, CUSTOM_AUTH starting with SRP_A, USER_AUTH (a preferred
//! PASSWORD_SRP or the SELECT_CHALLENGE step) and REFRESH_TOKEN_AUTH.

use super::*;

impl Server {
    pub(crate) fn initiate_auth(
        &self,
        r: InitiateAuthRequest,
    ) -> Result<AuthResponse, CognitoError> {
        let flow = if r.auth_flow == "REFRESH_TOKEN" {
            "REFRESH_TOKEN_AUTH"
        } else {
            r.auth_flow.as_str()
        };
        if !crate::model::AUTH_FLOWS.contains(&flow) {
            return Err(CognitoError::invalid(format!(
                "{} flow not enabled for this client",
                r.auth_flow.chars().take(64).collect::<String>()
            )));
        }
        let client = self.client_view(&r.client_id, Some(flow))?;
        let params = &r.auth_parameters;
        check_name_lengths(params)?;
        if flow == "REFRESH_TOKEN_AUTH" {
            return self.refresh(&client, params);
        }
        let username = required(params, wire::USERNAME)?;
        check_secret_hash(client.secret.as_deref(), &client.id, username, params)?;
        let device_key = params.get(wire::DEVICE_KEY).cloned();
        match flow {
            "CUSTOM_AUTH"
                if params.get(wire::CHALLENGE_NAME).map(String::as_str) != Some(wire::SRP_A) =>
            {
                Err(CognitoError::invalid(
                    "CUSTOM_AUTH is served only when it starts with SRP (CHALLENGE_NAME: SRP_A): this server runs no Lambda triggers.",
                ))
            }
            "USER_AUTH"
                if params.get(wire::PREFERRED_CHALLENGE).map(String::as_str)
                    != Some(wire::PASSWORD_SRP) =>
            {
                let token = self.new_session(Pending::new(
                    &client.pool_id,
                    &client.id,
                    Subject::Unknown(username.to_owned()),
                    Stage::SelectChallenge {
                        typed_username: username.to_owned(),
                    },
                ))?;
                Ok(AuthResponse {
                    available_challenges: Some(vec![wire::PASSWORD_SRP.to_owned()]),
                    ..AuthResponse::challenge(wire::CHALLENGE_SELECT_CHALLENGE, [], token)
                })
            }
            _ => {
                let srp_a = required(params, wire::SRP_A)?;
                self.password_verifier_challenge(&client, username, srp_a, device_key)
            }
        }
    }

    /// Issues PASSWORD_VERIFIER for a sign-in name: the user's verifier, or the pool's stand-in.
    pub(super) fn password_verifier_challenge(
        &self,
        client: &ClientView,
        typed: &str,
        srp_a: &str,
        device_key: Option<String>,
    ) -> Result<AuthResponse, CognitoError> {
        let (subject, verifier) = {
            let dir = self.dir();
            let pool = dir
                .pools
                .get(&client.pool_id)
                .ok_or_else(|| CognitoError::not_found("User pool does not exist."))?;
            // Made for every name, so a known name costs what an unknown one does.
            let stand_in = pool.stand_in(typed);
            match pool.resolve(typed) {
                Some(u) => {
                    let fact = if !u.enabled {
                        Some(Fact::Disabled)
                    } else if u.status == Status::Unconfirmed {
                        Some(Fact::Unconfirmed)
                    } else {
                        None
                    };
                    if let Some(f) = fact.and_then(|f| existence_answer(client.prevent, f, false)) {
                        return Err(f);
                    }
                    (Subject::User(u.username.clone()), u.verifier.clone())
                }
                None => {
                    if let Some(f) = existence_answer(client.prevent, Fact::UnknownUser, false) {
                        return Err(f);
                    }
                    (Subject::Unknown(stand_in.user_id), stand_in.verifier)
                }
            }
        };
        crate::trace::note_user(subject.user_id());
        let session = ServerSession::start(&mut crate::util::os_rng(), &verifier);
        let srp_b = session.srp_b().to_owned();
        let key = session.finish(srp_a).map_err(|e| srp_fault(&e))?;
        let secret_block = random_b64(384);
        let user_id = subject.user_id().to_owned();
        let token = self.new_session(Pending::new(
            &client.pool_id,
            &client.id,
            subject,
            Stage::PasswordVerifier {
                key,
                secret_block: secret_block.clone(),
                device_key,
            },
        ))?;
        Ok(AuthResponse::challenge(
            wire::CHALLENGE_PASSWORD_VERIFIER,
            [
                (wire::SALT, verifier.salt().to_signed_hex()),
                (wire::SRP_B, srp_b),
                (wire::SECRET_BLOCK, secret_block),
                (wire::USER_ID_FOR_SRP, user_id.clone()),
                (wire::USERNAME, user_id),
            ],
            token,
        ))
    }

    pub(super) fn refresh(
        &self,
        client: &ClientView,
        params: &HashMap<String, String>,
    ) -> Result<AuthResponse, CognitoError> {
        let rt = required(params, "REFRESH_TOKEN")?;
        let (origin_id, origin) = lock(&self.grants)
            .by_refresh_token(rt, &client.id, now_secs())
            .filter(|(_, o)| o.pool_id == client.pool_id)
            .ok_or_else(|| CognitoError::not_authorized("Invalid Refresh Token"))?;
        if let Some(s) = client.secret.as_deref() {
            let sub = self
                .dir()
                .pools
                .get(&client.pool_id)
                .and_then(|p| p.users.get(&origin.username))
                .map(|u| u.sub.clone())
                .unwrap_or_default();
            if check_secret_hash(Some(s), &client.id, &origin.username, params).is_err() {
                check_secret_hash(Some(s), &client.id, &sub, params)?;
            }
        }
        // A sign-in that ended with a confirmed device refreshes only with that device's key.
        if let Some(k) = origin.device_key.as_deref() {
            let confirmed = self
                .dir()
                .pools
                .get(&client.pool_id)
                .filter(|p| p.device_tracking != DeviceTracking::Off)
                .and_then(|p| p.users.get(&origin.username))
                .and_then(|u| u.devices.get(k))
                .is_some_and(|d| d.verifier.is_some());
            if confirmed && params.get(wire::DEVICE_KEY).map(String::as_str) != Some(k) {
                return Err(CognitoError::not_authorized("Invalid Refresh Token"));
            }
        }
        crate::trace::note_user(&origin.username);
        self.issue_tokens(
            client,
            &origin.username,
            origin.device_key.as_deref(),
            Some((origin_id, origin.auth_time)),
        )
    }
}
