//! InitiateAuth: USER_SRP_AUTH, CUSTOM_AUTH starting with SRP_A, USER_AUTH (a preferred
//! PASSWORD_SRP or the SELECT_CHALLENGE step) and REFRESH_TOKEN_AUTH.

use super::*;

impl Server {
    pub(crate) fn initiate_auth(
        &self,
        r: InitiateAuthRequest,
    ) -> Result<AuthResponse, CognitoError> {
        if r.auth_flow.starts_with("ADMIN_") {
            return Err(CognitoError::invalid("Initiate Auth method not supported."));
        }
        self.start_sign_in(&r.auth_flow, &r.client_id, &r.auth_parameters, None)
    }

    /// AdminInitiateAuth: InitiateAuth for an IAM caller, whose app client must be of the pool named;
    /// `ADMIN_USER_PASSWORD_AUTH` (and its older name `ADMIN_NO_SRP_AUTH`) are served here only.
    pub(crate) fn admin_initiate_auth(
        &self,
        r: AdminInitiateAuthRequest,
    ) -> Result<AuthResponse, CognitoError> {
        let flow = match r.auth.auth_flow.as_str() {
            "ADMIN_NO_SRP_AUTH" => "ADMIN_USER_PASSWORD_AUTH",
            "USER_PASSWORD_AUTH" => {
                return Err(CognitoError::invalid("Initiate Auth method not supported."));
            }
            other => other,
        };
        self.start_sign_in(
            flow,
            &r.auth.client_id,
            &r.auth.auth_parameters,
            Some(&r.user_pool_id),
        )
    }

    /// AdminRespondToAuthChallenge: RespondToAuthChallenge for an IAM caller.
    pub(crate) fn admin_respond_to_auth_challenge(
        &self,
        r: AdminRespondToAuthChallengeRequest,
    ) -> Result<AuthResponse, CognitoError> {
        self.client_in_pool(&r.answer.client_id, &r.user_pool_id)?;
        self.respond_to_auth_challenge(r.answer)
    }

    /// Refuses an app client that is not of `pool_id`.
    fn client_in_pool(&self, client_id: &str, pool_id: &str) -> Result<(), CognitoError> {
        let view = self.client_settings(client_id, None)?;
        if view.pool_id != pool_id {
            return Err(CognitoError::not_found(format!(
                "User pool client {} does not exist.",
                client_id.chars().take(128).collect::<String>()
            )));
        }
        Ok(())
    }

    fn start_sign_in(
        &self,
        auth_flow: &str,
        client_id: &str,
        params: &HashMap<String, String>,
        admin_pool: Option<&str>,
    ) -> Result<AuthResponse, CognitoError> {
        let flow = if auth_flow == "REFRESH_TOKEN" {
            "REFRESH_TOKEN_AUTH"
        } else {
            auth_flow
        };
        if !crate::model::AUTH_FLOWS.contains(&flow) {
            return Err(CognitoError::invalid(format!(
                "{} flow not enabled for this client",
                auth_flow.chars().take(64).collect::<String>()
            )));
        }
        if let Some(pool) = admin_pool {
            self.client_in_pool(client_id, pool)?;
        }
        let client = self.client_settings(client_id, Some(flow))?;
        check_name_lengths(params)?;
        if flow == "REFRESH_TOKEN_AUTH" {
            return self.refresh(&client, params, false);
        }
        let username = required(params, wire::USERNAME)?;
        check_secret_hash(client.secret.as_deref(), &client.id, username, params)?;
        let device_key = params.get(wire::DEVICE_KEY).cloned();
        match flow {
            "USER_PASSWORD_AUTH" | "ADMIN_USER_PASSWORD_AUTH" => {
                self.password_auth(&client, username, params)
            }
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

    /// Issues PASSWORD_VERIFIER for `sign_in_name` (a username or an alias): the user's verifier, or
    /// the pool's stand-in.
    pub(super) fn password_verifier_challenge(
        &self,
        client: &ClientSettings,
        sign_in_name: &str,
        srp_a: &str,
        device_key: Option<String>,
    ) -> Result<AuthResponse, CognitoError> {
        let (subject, verifier) = self.sign_in_subject(client, sign_in_name)?;
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

    /// Whom `sign_in_name` names, and the verifier to prove against: the user's, or the pool's stand-in
    /// for a name that matches no user. A disabled or unconfirmed user, or an unknown name, is told so
    /// here only when the client does not prevent user-existence errors.
    fn sign_in_subject(
        &self,
        client: &ClientSettings,
        sign_in_name: &str,
    ) -> Result<(Subject, cognito_srp_core::PasswordVerifier), CognitoError> {
        Ok({
            let dir = self.directory();
            let pool = dir.pool(&client.pool_id)?;
            // Made for every name, so a known name costs what an unknown one does.
            let stand_in = pool.stand_in(sign_in_name);
            match pool.resolve(sign_in_name) {
                Some(u) => {
                    let blocker = if !u.enabled {
                        Some(SignInBlocker::Disabled)
                    } else if u.status == Status::Unconfirmed {
                        Some(SignInBlocker::Unconfirmed)
                    } else {
                        None
                    };
                    if let Some(f) = blocker.and_then(|b| {
                        existence_answer(client.prevent_user_existence_errors, b, false)
                    }) {
                        return Err(f);
                    }
                    (Subject::User(u.username.clone()), u.verifier.clone())
                }
                None => {
                    if let Some(f) = existence_answer(
                        client.prevent_user_existence_errors,
                        SignInBlocker::UnknownUser,
                        false,
                    ) {
                        return Err(f);
                    }
                    (Subject::Unknown(stand_in.user_id), stand_in.verifier)
                }
            }
        })
    }

    /// USER_PASSWORD_AUTH and ADMIN_USER_PASSWORD_AUTH: the password checked against the stored
    /// verifier (`x` and `g^x` recomputed, compared in constant time), counted by the failed-password
    /// lockout as a password claim is; an unknown name costs the same exponentiation against its
    /// stand-in and is refused as a wrong password.
    pub(super) fn password_auth(
        &self,
        client: &ClientSettings,
        sign_in_name: &str,
        params: &HashMap<String, String>,
    ) -> Result<AuthResponse, CognitoError> {
        let text = required(params, "PASSWORD")?;
        let (subject, verifier) = self.sign_in_subject(client, sign_in_name)?;
        let user_id = subject.user_id().to_owned();
        crate::trace::note_user(&user_id);
        let (pool_name, tracking) = {
            let dir = self.directory();
            let pool = dir.pool(&client.pool_id)?;
            (pool.id.pool_name().to_owned(), pool.device_tracking)
        };
        if let Err(f) = lock(&self.lockout).admit(&client.pool_id, &user_id) {
            Counters::bump(&self.counters.locked_out);
            return Err(f);
        }
        let matches = Password::new(text.to_owned()).is_ok_and(|given| {
            crate::accounts::password_matches(&verifier, &pool_name, &user_id, &given)
        });
        // Checked again with the result: guesses sent together are all counted.
        let mut lockout = lock(&self.lockout);
        if let Err(f) = lockout.admit(&client.pool_id, &user_id) {
            Counters::bump(&self.counters.locked_out);
            return Err(f);
        }
        let user = match (&subject, matches) {
            (Subject::User(u), true) => {
                lockout.succeeded(&client.pool_id, &user_id);
                u.clone()
            }
            _ => {
                lockout.failed(
                    &client.pool_id,
                    &user_id,
                    matches!(subject, Subject::User(_)),
                );
                Counters::bump(&self.counters.refused);
                return Err(CognitoError::incorrect());
            }
        };
        drop(lockout);
        Counters::bump(&self.counters.password_verified);
        crate::trace::note_verified("password");
        let device_key = params.get(wire::DEVICE_KEY).cloned();
        self.password_verified(client, &client.pool_id, &user, device_key, tracking)
    }

    /// GetTokensFromRefreshToken: REFRESH_TOKEN_AUTH, with the client secret itself checked instead of a
    /// `SECRET_HASH`.
    pub(crate) fn get_tokens_from_refresh_token(
        &self,
        r: GetTokensFromRefreshTokenRequest,
    ) -> Result<GetTokensFromRefreshTokenResponse, CognitoError> {
        let client = self.client_settings(&r.client_id, Some("REFRESH_TOKEN_AUTH"))?;
        crate::auth::check_client_secret(
            &client,
            r.client_secret.as_deref(),
            "GetTokensFromRefreshToken",
        )?;
        let mut params = HashMap::from([("REFRESH_TOKEN".to_owned(), r.refresh_token.to_string())]);
        if let Some(k) = r.device_key {
            params.insert(wire::DEVICE_KEY.to_owned(), k);
        }
        check_name_lengths(&params)?;
        let answer = self.refresh(&client, &params, true)?;
        Ok(GetTokensFromRefreshTokenResponse {
            authentication_result: answer
                .authentication_result
                .ok_or_else(|| CognitoError::not_authorized("Invalid Refresh Token"))?,
        })
    }

    /// REFRESH_TOKEN_AUTH. `secret_checked`: the caller has already checked the client's secret
    /// (GetTokensFromRefreshToken); otherwise a client with a secret needs `SECRET_HASH`.
    pub(super) fn refresh(
        &self,
        client: &ClientSettings,
        params: &HashMap<String, String>,
        secret_checked: bool,
    ) -> Result<AuthResponse, CognitoError> {
        let rt = required(params, "REFRESH_TOKEN")?;
        let (origin_id, origin) = lock(&self.grants)
            .by_refresh_token(rt, &client.id, now_secs())
            .filter(|(_, o)| o.pool_id == client.pool_id)
            .ok_or_else(|| CognitoError::not_authorized("Invalid Refresh Token"))?;
        if let Some(s) = client.secret.as_deref().filter(|_| !secret_checked) {
            let sub = self
                .directory()
                .user(&client.pool_id, &origin.username)
                .map(|u| u.sub.clone())
                .unwrap_or_default();
            if check_secret_hash(Some(s), &client.id, &origin.username, params).is_err() {
                check_secret_hash(Some(s), &client.id, &sub, params)?;
            }
        }
        // A sign-in that ended with a confirmed device refreshes only with that device's key.
        if let Some(k) = origin.device_key.as_deref() {
            let confirmed = self
                .directory()
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
