//! RespondToAuthChallenge: SELECT_CHALLENGE, PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
//! DEVICE_PASSWORD_VERIFIER and NEW_PASSWORD_REQUIRED.

use super::*;

impl Server {
    pub(crate) fn respond_to_auth_challenge(
        &self,
        r: RespondToAuthChallengeRequest,
    ) -> Result<AuthResponse, CognitoError> {
        let client = self.client_settings(&r.client_id, None)?;
        check_name_lengths(&r.challenge_responses)?;
        let lookup = Lookup {
            session: r.session.as_deref(),
            secret_block: None,
        };
        let responses = &r.challenge_responses;
        match r.challenge_name.as_str() {
            wire::CHALLENGE_PASSWORD_VERIFIER => self.answer_password_verifier(&client, &r),
            wire::CHALLENGE_DEVICE_SRP_AUTH => {
                let p = self.take_session(lookup, &client.id, wire::CHALLENGE_DEVICE_SRP_AUTH)?;
                self.answer_device_srp_auth(&client, p, responses)
            }
            wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER => {
                let lookup = Lookup {
                    secret_block: responses
                        .get(wire::PASSWORD_CLAIM_SECRET_BLOCK)
                        .map(String::as_str),
                    ..lookup
                };
                let p = self.take_session(
                    lookup,
                    &client.id,
                    wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
                )?;
                self.answer_device_password_verifier(&client, p, responses)
            }
            wire::CHALLENGE_SELECT_CHALLENGE => {
                let p = self.take_session(lookup, &client.id, wire::CHALLENGE_SELECT_CHALLENGE)?;
                let Stage::SelectChallenge { typed_username } = p.stage else {
                    return Err(CognitoError::bad_session());
                };
                let username = required(responses, wire::USERNAME)?;
                if username != typed_username {
                    return Err(CognitoError::bad_session());
                }
                check_secret_hash(client.secret.as_deref(), &client.id, username, responses)?;
                if required(responses, wire::ANSWER)? != wire::PASSWORD_SRP {
                    return Err(CognitoError::invalid(
                        "Only PASSWORD_SRP is available on this server.",
                    ));
                }
                let srp_a = required(responses, wire::SRP_A)?;
                let device_key = responses.get(wire::DEVICE_KEY).cloned();
                self.password_verifier_challenge(&client, username, srp_a, device_key)
            }
            "NEW_PASSWORD_REQUIRED" => {
                let p = self.take_session(lookup, &client.id, "NEW_PASSWORD_REQUIRED")?;
                self.answer_new_password(&client, p, responses)
            }
            wire::CHALLENGE_SMS_MFA
            | wire::CHALLENGE_SOFTWARE_TOKEN_MFA
            | wire::CHALLENGE_EMAIL_OTP
            | wire::CHALLENGE_SELECT_MFA_TYPE
            | wire::CHALLENGE_MFA_SETUP => {
                self.answer_mfa(&client, r.session.as_deref(), &r.challenge_name, responses)
            }
            other => Err(CognitoError::invalid(format!(
                "Challenge {} is not supported by this server.",
                other.chars().take(64).collect::<String>()
            ))),
        }
    }

    pub(super) fn answer_password_verifier(
        &self,
        client: &ClientSettings,
        r: &RespondToAuthChallengeRequest,
    ) -> Result<AuthResponse, CognitoError> {
        let responses = &r.challenge_responses;
        let lookup = Lookup {
            session: r.session.as_deref(),
            secret_block: responses
                .get(wire::PASSWORD_CLAIM_SECRET_BLOCK)
                .map(String::as_str),
        };
        // A DEVICE_KEY that names no device of this user is refused before the challenge is used up, so
        // the client can answer again without it (as amazon-cognito-identity-js does). An unknown user has
        // no devices: it gets the same answer.
        if let Some(k) = responses.get(wire::DEVICE_KEY) {
            let sessions = lock(&self.sessions);
            let p = sessions
                .peek(
                    lookup,
                    &client.id,
                    wire::CHALLENGE_PASSWORD_VERIFIER,
                    now_secs(),
                )
                .ok_or_else(CognitoError::bad_session)?;
            let dir = self.directory();
            let pool = dir
                .pool(&p.pool_id)
                .map_err(|_| CognitoError::bad_session())?;
            if pool.device_tracking != DeviceTracking::Off {
                let known = match &p.subject {
                    Subject::User(u) => {
                        pool.users.get(u).is_some_and(|u| u.devices.contains_key(k))
                    }
                    Subject::Unknown(_) => false,
                };
                if !known {
                    return Err(CognitoError::no_device());
                }
            }
        }
        let p = self.take_session(lookup, &client.id, wire::CHALLENGE_PASSWORD_VERIFIER)?;
        let Stage::PasswordVerifier {
            key,
            secret_block,
            device_key,
        } = p.stage
        else {
            return Err(CognitoError::bad_session());
        };
        let user_id = p.subject.user_id().to_owned();
        crate::trace::note_user(&user_id);
        // SECRET_HASH in a challenge answer is over USER_ID_FOR_SRP, whatever USERNAME says.
        check_secret_hash(client.secret.as_deref(), &client.id, &user_id, responses)?;
        let username = required(responses, wire::USERNAME)?;
        let (pool_name, tracking) = {
            let dir = self.directory();
            let pool = dir
                .pool(&p.pool_id)
                .map_err(|_| CognitoError::bad_session())?;
            (pool.id.pool_name().to_owned(), pool.device_tracking)
        };
        let names_user = |u: &str| {
            username == u
                || self
                    .directory()
                    .pools
                    .get(&p.pool_id)
                    .and_then(|pool| pool.resolve(username))
                    .is_some_and(|x| x.username == u)
        };
        // The lockout is checked and updated in one critical section, so answers sent together cannot
        // all pass the check before their failures count. While the name is locked the proof is not
        // looked at. An unknown name's stand-in id is counted as a username is.
        let mut lockout = lock(&self.lockout);
        if let Err(f) = lockout.admit(&p.pool_id, &user_id) {
            Counters::bump(&self.counters.locked_out);
            return Err(f);
        }
        let verified = key.verify_response(responses, &pool_name, &user_id, &secret_block);
        let user = match (verified, &p.subject) {
            (Ok(ts), Subject::User(u)) if names_user(u) => {
                self.check_timestamp(&ts)?;
                lockout.succeeded(&p.pool_id, &user_id);
                u.clone()
            }
            (Err(e), _)
                if !matches!(
                    e,
                    SrpError::VerificationFailed | SrpError::SecretBlockMismatch
                ) =>
            {
                return Err(srp_fault(&e));
            }
            _ => {
                lockout.failed(&p.pool_id, &user_id, matches!(p.subject, Subject::User(_)));
                Counters::bump(&self.counters.refused);
                return Err(CognitoError::incorrect());
            }
        };
        drop(lockout);
        Counters::bump(&self.counters.password_verified);
        crate::trace::note_verified("password");
        let device_key = responses.get(wire::DEVICE_KEY).cloned().or(device_key);
        self.password_verified(client, &p.pool_id, &user, device_key, tracking)
    }

    /// What a verified password leads to, whatever proved it (an SRP claim or USER_PASSWORD_AUTH): the
    /// user's state (told only now, after the proof), NEW_PASSWORD_REQUIRED, DEVICE_SRP_AUTH for a
    /// remembered device, else MFA or the tokens.
    pub(super) fn password_verified(
        &self,
        client: &ClientSettings,
        pool_id: &str,
        user: &str,
        device_key: Option<String>,
        tracking: DeviceTracking,
    ) -> Result<AuthResponse, CognitoError> {
        let user = user.to_owned();
        let (status, enabled, device_ready, attrs, missing) = {
            let dir = self.directory();
            let pool = dir.pool(pool_id).map_err(|_| CognitoError::incorrect())?;
            let u = pool.users.get(&user).ok_or_else(CognitoError::incorrect)?;
            let missing: Vec<String> = missing_attributes(&pool.required_attributes, u)
                .map(|a| format!("userAttributes.{a}"))
                .collect();
            // Only a confirmed device the user chose to remember stands in for MFA; any other device
            // goes through after_password (MFA when the pool asks for it).
            let ready = device_key
                .as_ref()
                .and_then(|k| u.devices.get(k))
                .is_some_and(|d| d.verifier.is_some() && d.remembered);
            let attrs: Map<String, Value> = u
                .attributes
                .iter()
                .map(|(k, v)| (k.clone(), json!(v)))
                .collect();
            (
                u.status,
                u.enabled,
                ready,
                Value::Object(attrs).to_string(),
                serde_json::to_string(&missing).expect("strings"),
            )
        };
        let blocker = if !enabled {
            Some(SignInBlocker::Disabled)
        } else if status == Status::Unconfirmed {
            Some(SignInBlocker::Unconfirmed)
        } else {
            None
        };
        if let Some(f) =
            blocker.and_then(|b| existence_answer(client.prevent_user_existence_errors, b, true))
        {
            return Err(f);
        }
        if status == Status::ResetRequired {
            return Err(CognitoError::PasswordResetRequired(
                "Password reset required for the user".into(),
            ));
        }
        if status == Status::ForceChangePassword {
            let token = self.new_session(Pending::new(
                pool_id,
                &client.id,
                Subject::User(user.clone()),
                Stage::NewPasswordRequired { device_key },
            ))?;
            return Ok(AuthResponse::challenge(
                "NEW_PASSWORD_REQUIRED",
                [
                    (wire::USER_ID_FOR_SRP, user),
                    ("requiredAttributes", missing),
                    ("userAttributes", attrs),
                ],
                token,
            ));
        }
        if let (Some(k), true, false) = (&device_key, device_ready, tracking == DeviceTracking::Off)
        {
            let token = self.new_session(Pending::new(
                pool_id,
                &client.id,
                Subject::User(user.clone()),
                Stage::DeviceSrpAuth {
                    device_key: k.clone(),
                },
            ))?;
            return Ok(AuthResponse::challenge(
                wire::CHALLENGE_DEVICE_SRP_AUTH,
                [],
                token,
            ));
        }
        self.after_password(client, pool_id, &user, device_key)
    }

    pub(super) fn answer_device_srp_auth(
        &self,
        client: &ClientSettings,
        p: Pending,
        responses: &HashMap<String, String>,
    ) -> Result<AuthResponse, CognitoError> {
        let (Stage::DeviceSrpAuth { device_key }, Subject::User(user)) = (p.stage, p.subject)
        else {
            return Err(CognitoError::bad_session());
        };
        crate::trace::note_user(&user);
        let username = required(responses, wire::USERNAME)?;
        let sent_key = required(responses, wire::DEVICE_KEY)?;
        let srp_a = required(responses, wire::SRP_A)?;
        if sent_key != device_key || username != user {
            return Err(CognitoError::bad_session());
        }
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        let verifier = self
            .directory()
            .user(&p.pool_id, &user)
            .and_then(|u| u.devices.get(&device_key))
            .and_then(|d| d.verifier.clone())
            .ok_or_else(CognitoError::no_device)?;
        let session = ServerSession::start(&mut crate::util::os_rng(), &verifier);
        let srp_b = session.srp_b().to_owned();
        let key = session.finish(srp_a).map_err(|e| srp_fault(&e))?;
        let secret_block = random_b64(384);
        let token = self.new_session(Pending::new(
            &p.pool_id,
            &client.id,
            Subject::User(user.clone()),
            Stage::DevicePasswordVerifier {
                key,
                secret_block: secret_block.clone(),
                device_key,
            },
        ))?;
        Ok(AuthResponse::challenge(
            wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
            [
                (wire::SALT, verifier.salt().to_signed_hex()),
                (wire::SRP_B, srp_b),
                (wire::SECRET_BLOCK, secret_block),
                (wire::USERNAME, user),
            ],
            token,
        ))
    }

    pub(super) fn answer_device_password_verifier(
        &self,
        client: &ClientSettings,
        p: Pending,
        responses: &HashMap<String, String>,
    ) -> Result<AuthResponse, CognitoError> {
        let (
            Stage::DevicePasswordVerifier {
                key,
                secret_block,
                device_key,
            },
            Subject::User(user),
        ) = (p.stage, p.subject)
        else {
            return Err(CognitoError::bad_session());
        };
        crate::trace::note_user(&user);
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        let username = required(responses, wire::USERNAME)?;
        if username != user
            || responses
                .get(wire::DEVICE_KEY)
                .is_some_and(|k| *k != device_key)
        {
            return Err(CognitoError::bad_session());
        }
        let group_key = self
            .directory()
            .user(&p.pool_id, &user)
            .and_then(|u| u.devices.get(&device_key))
            .map(|d| d.group_key.clone())
            .ok_or_else(CognitoError::no_device)?;
        match key.verify_response(responses, &group_key, &device_key, &secret_block) {
            Ok(ts) => self.check_timestamp(&ts)?,
            Err(SrpError::VerificationFailed | SrpError::SecretBlockMismatch) => {
                Counters::bump(&self.counters.refused);
                return Err(CognitoError::incorrect());
            }
            Err(e) => return Err(srp_fault(&e)),
        }
        Counters::bump(&self.counters.device_verified);
        crate::trace::note_verified("device");
        self.issue_tokens(client, &user, Some(&device_key), None)
    }

    pub(super) fn answer_new_password(
        &self,
        client: &ClientSettings,
        p: Pending,
        responses: &HashMap<String, String>,
    ) -> Result<AuthResponse, CognitoError> {
        let (Stage::NewPasswordRequired { device_key }, Subject::User(user)) = (p.stage, p.subject)
        else {
            return Err(CognitoError::bad_session());
        };
        crate::trace::note_user(&user);
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        let username = required(responses, wire::USERNAME)?;
        let new_password = required(responses, "NEW_PASSWORD")?;
        self.directory()
            .pool(&p.pool_id)
            .map_err(|_| CognitoError::bad_session())?
            .password_policy
            .check(new_password)?;
        let new_password = Password::new(new_password.to_owned())
            .map_err(|e| CognitoError::InvalidPassword(e.to_string()))?;
        let (id, sign, given) = {
            let dir = self.directory();
            let pool = dir
                .pool(&p.pool_id)
                .map_err(|_| CognitoError::bad_session())?;
            let u = pool
                .resolve(username)
                .ok_or_else(CognitoError::bad_session)?;
            if u.username != user {
                return Err(CognitoError::bad_session());
            }
            for a in missing_attributes(&pool.required_attributes, u) {
                if responses
                    .get(&format!("userAttributes.{a}"))
                    .is_none_or(|v| v.is_empty())
                {
                    return Err(CognitoError::invalid(format!(
                        "Invalid attributes given, {a} is missing"
                    )));
                }
            }
            // Only attributes a client may write; anything else (`sub`, `*_verified`, `cognito:*`,
            // `identities`, unknown names) is refused as Cognito refuses a non-mutable attribute.
            if let Some(bad) = responses
                .keys()
                .filter_map(|k| k.strip_prefix("userAttributes."))
                .find(|k| !crate::attributes::client_writable(k))
            {
                return Err(CognitoError::invalid(format!(
                    "Cannot modify the non-mutable attribute {}",
                    bad.chars().take(64).collect::<String>()
                )));
            }
            // Attributes the user has no value for yet (alias attributes excepted), as Cognito lets this
            // answer set them.
            let given: Vec<(String, String)> = responses
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("userAttributes.")?, v)))
                .filter(|(k, _)| {
                    !u.attributes.contains_key(*k) && !pool.alias_attributes.iter().any(|a| a == k)
                })
                .take(64)
                .map(|(k, v)| (k.to_owned(), v.chars().take(2048).collect()))
                .collect();
            (pool.id.clone(), pool.salt_sign, given)
        };
        let verifier = verifier_for(&id, sign, &user, &new_password);
        {
            let mut dir = self.directory_mut();
            let u = dir
                .user_mut(&p.pool_id, &user)
                .ok_or_else(CognitoError::bad_session)?;
            u.verifier = verifier;
            u.status = Status::Confirmed;
            u.attributes.extend(given);
        }
        self.after_password(client, &p.pool_id, &user, device_key)
    }
}
