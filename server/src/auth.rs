//! The sign-in flows: InitiateAuth (USER_SRP_AUTH, CUSTOM_AUTH starting with SRP_A, USER_AUTH,
//! REFRESH_TOKEN_AUTH) and RespondToAuthChallenge (SELECT_CHALLENGE, PASSWORD_VERIFIER, DEVICE_SRP_AUTH,
//! DEVICE_PASSWORD_VERIFIER, NEW_PASSWORD_REQUIRED). A new challenge is a [`Stage`] variant, the code
//! that issues it, and one arm in [`Server::respond_to_auth_challenge`].
//!
//! Whether a user exists, is disabled or is unconfirmed is told to a client only through
//! [`existence_answer`].

use std::collections::HashMap;

use cognito_srp_core::{ClientSecret, Error as SrpError, Password, ServerSession, Timestamp, wire};
use serde_json::{Map, Value, json};
use subtle::ConstantTimeEq as _;

use crate::config::DeviceTracking;
use crate::error::{Fault, Handled};
use crate::model::{Status, verifier_for};
use crate::requests::{self, InitiateAuth, RespondToAuthChallenge};
use crate::server::{Counters, Server, Trace, lock};
use crate::session::{Lookup, Pending, Stage, Subject};
use crate::util::{now_f64, now_secs, random_b64, uuid_v4};

/// What may be told about the user a sign-in names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Fact {
    /// No user has this name or alias.
    UnknownUser,
    /// The user is disabled.
    Disabled,
    /// The user is unconfirmed.
    Unconfirmed,
}

/// The one place that decides whether a refusal may reveal a [`Fact`]. With user-existence errors
/// prevented (`prevent`), an unknown user is never told so (it gets a stand-in challenge whose proof
/// always fails with `Incorrect username or password.`), and a disabled or unconfirmed user learns it
/// only after a correct proof (`proved`), as Cognito does. Otherwise each is told at once. `None`: go on.
pub(crate) fn existence_answer(prevent: bool, fact: Fact, proved: bool) -> Option<Fault> {
    if prevent && !proved {
        return None;
    }
    Some(match fact {
        Fact::UnknownUser if prevent => Fault::incorrect(),
        Fact::UnknownUser => Fault::new("UserNotFoundException", "User does not exist."),
        Fact::Disabled => Fault::not_authorized("User is disabled."),
        Fact::Unconfirmed => Fault::new("UserNotConfirmedException", "User is not confirmed."),
    })
}

fn srp_fault(e: &SrpError) -> Fault {
    match e {
        SrpError::MissingParameter(p) => Fault::missing(p),
        SrpError::InvalidTimestamp => {
            Fault::invalid("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
        }
        SrpError::VerificationFailed | SrpError::SecretBlockMismatch => Fault::incorrect(),
        SrpError::ClientPublicZero | SrpError::ScramblerZero => {
            Fault::not_authorized("Invalid SRP_A.")
        }
        other => Fault::invalid(other.to_string()),
    }
}

/// The attributes of `required` that `user` has no value for.
fn missing_attributes<'a>(
    required: &'a [String],
    user: &'a crate::model::User,
) -> impl Iterator<Item = &'a String> {
    required
        .iter()
        .filter(|a| user.attributes.get(*a).is_none_or(String::is_empty))
}

pub(crate) fn required<'a>(m: &'a HashMap<String, String>, name: &str) -> Result<&'a str, Fault> {
    match m.get(name).map(String::as_str) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Fault::missing(name)),
    }
}

/// Checks `SECRET_HASH` over `user_id` when the client has a secret.
pub(crate) fn check_secret_hash(
    secret: Option<&ClientSecret>,
    client_id: &str,
    user_id: &str,
    params: &HashMap<String, String>,
) -> Result<(), Fault> {
    let Some(secret) = secret else { return Ok(()) };
    let Some(got) = params.get(wire::SECRET_HASH) else {
        return Err(Fault::not_authorized(format!(
            "Client {client_id} is configured for secret but secret was not received"
        )));
    };
    let want = secret.secret_hash(user_id, client_id);
    if bool::from(want.as_bytes().ct_eq(got.as_bytes())) {
        Ok(())
    } else {
        Err(Fault::not_authorized(format!(
            "Unable to verify secret hash for client {client_id}"
        )))
    }
}

/// An app client as a request sees it.
pub(crate) struct ClientView {
    pub id: String,
    pub pool_id: String,
    pub secret: Option<std::sync::Arc<ClientSecret>>,
    pub prevent: bool,
}

impl Server {
    pub(crate) fn client_view(
        &self,
        client_id: &str,
        flow: Option<&str>,
    ) -> Result<ClientView, Fault> {
        let dir = self.dir();
        let c = dir.clients.get(client_id).ok_or_else(|| {
            Fault::not_found(format!("User pool client {client_id} does not exist."))
        })?;
        if let Some(flow) = flow
            && !c.flows.contains(flow)
        {
            return Err(Fault::invalid(format!(
                "{flow} flow not enabled for this client"
            )));
        }
        Ok(ClientView {
            id: client_id.to_owned(),
            pool_id: c.pool_id.clone(),
            secret: c.secret.clone(),
            prevent: c.prevent_user_existence_errors,
        })
    }

    fn check_timestamp(&self, ts: &Timestamp) -> Result<(), Fault> {
        if (ts.unix_seconds() - now_secs()).abs() > self.clock_skew {
            return Err(Fault::not_authorized(format!(
                "TIMESTAMP is more than {} seconds away from the server's clock.",
                self.clock_skew
            )));
        }
        Ok(())
    }

    fn new_session(&self, pending: Pending) -> Result<String, Fault> {
        lock(&self.sessions).create(pending, now_secs())
    }

    fn take_session(
        &self,
        lookup: Lookup<'_>,
        client_id: &str,
        challenge: &str,
    ) -> Result<Pending, Fault> {
        lock(&self.sessions).take(lookup, client_id, challenge, now_secs())
    }

    // ------------------------------------------------------------------ InitiateAuth

    pub(crate) fn initiate_auth(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: InitiateAuth = requests::decode(body)?;
        trace.step = Some(r.auth_flow.chars().take(64).collect());
        let flow = if r.auth_flow == "REFRESH_TOKEN" {
            "REFRESH_TOKEN_AUTH"
        } else {
            r.auth_flow.as_str()
        };
        if !crate::model::AUTH_FLOWS.contains(&flow) {
            return Err(Fault::invalid(format!(
                "{} flow not enabled for this client",
                trace.step.as_deref().unwrap_or("")
            )));
        }
        let client = self.client_view(&r.client_id, Some(flow))?;
        let params = &r.auth_parameters;
        requests::check_name_lengths(params)?;
        if flow == "REFRESH_TOKEN_AUTH" {
            return self.refresh(&client, params, trace);
        }
        let username = required(params, wire::USERNAME)?;
        check_secret_hash(client.secret.as_deref(), &client.id, username, params)?;
        let device_key = params.get(wire::DEVICE_KEY).cloned();
        match flow {
            "CUSTOM_AUTH"
                if params.get(wire::CHALLENGE_NAME).map(String::as_str) != Some(wire::SRP_A) =>
            {
                Err(Fault::invalid(
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
                Ok(json!({
                    "ChallengeName": wire::CHALLENGE_SELECT_CHALLENGE,
                    "ChallengeParameters": {},
                    "AvailableChallenges": [wire::PASSWORD_SRP],
                    "Session": token,
                }))
            }
            _ => {
                let srp_a = required(params, wire::SRP_A)?;
                self.password_verifier_challenge(&client, username, srp_a, device_key, trace)
            }
        }
    }

    /// Issues PASSWORD_VERIFIER for a sign-in name: the user's verifier, or the pool's stand-in.
    fn password_verifier_challenge(
        &self,
        client: &ClientView,
        typed: &str,
        srp_a: &str,
        device_key: Option<String>,
        trace: &mut Trace,
    ) -> Handled {
        let (subject, verifier) = {
            let dir = self.dir();
            let pool = dir
                .pools
                .get(&client.pool_id)
                .ok_or_else(|| Fault::not_found("User pool does not exist."))?;
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
                    let s = pool.stand_in(typed);
                    (Subject::Unknown(s.user_id), s.verifier)
                }
            }
        };
        trace.user = Some(subject.user_id().to_owned());
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
        Ok(json!({
            "ChallengeName": wire::CHALLENGE_PASSWORD_VERIFIER,
            "ChallengeParameters": {
                wire::SALT: verifier.salt().to_signed_hex(),
                wire::SRP_B: srp_b,
                wire::SECRET_BLOCK: secret_block,
                wire::USER_ID_FOR_SRP: user_id,
                wire::USERNAME: user_id,
            },
            "Session": token,
        }))
    }

    fn refresh(
        &self,
        client: &ClientView,
        params: &HashMap<String, String>,
        trace: &mut Trace,
    ) -> Handled {
        let rt = required(params, "REFRESH_TOKEN")?;
        let (origin_id, origin) = lock(&self.grants)
            .by_refresh_token(rt, &client.id, now_secs())
            .filter(|(_, o)| o.pool_id == client.pool_id)
            .ok_or_else(|| Fault::not_authorized("Invalid Refresh Token"))?;
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
                return Err(Fault::not_authorized("Invalid Refresh Token"));
            }
        }
        trace.user = Some(origin.username.clone());
        self.issue_tokens(
            client,
            &origin.username,
            origin.device_key.as_deref(),
            Some((origin_id, origin.auth_time)),
        )
    }

    // ------------------------------------------------------------------ RespondToAuthChallenge

    pub(crate) fn respond_to_auth_challenge(&self, body: &Value, trace: &mut Trace) -> Handled {
        let r: RespondToAuthChallenge = requests::decode(body)?;
        trace.step = Some(r.challenge_name.chars().take(64).collect());
        let client = self.client_view(&r.client_id, None)?;
        requests::check_name_lengths(&r.challenge_responses)?;
        let lookup = Lookup {
            session: r.session.as_deref(),
            secret_block: None,
        };
        let responses = &r.challenge_responses;
        match r.challenge_name.as_str() {
            wire::CHALLENGE_PASSWORD_VERIFIER => self.answer_password_verifier(&client, &r, trace),
            wire::CHALLENGE_DEVICE_SRP_AUTH => {
                let p = self.take_session(lookup, &client.id, wire::CHALLENGE_DEVICE_SRP_AUTH)?;
                self.answer_device_srp_auth(&client, p, responses, trace)
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
                self.answer_device_password_verifier(&client, p, responses, trace)
            }
            wire::CHALLENGE_SELECT_CHALLENGE => {
                let p = self.take_session(lookup, &client.id, wire::CHALLENGE_SELECT_CHALLENGE)?;
                let Stage::SelectChallenge { typed_username } = p.stage else {
                    return Err(Fault::bad_session());
                };
                let username = required(responses, wire::USERNAME)?;
                if username != typed_username {
                    return Err(Fault::bad_session());
                }
                check_secret_hash(client.secret.as_deref(), &client.id, username, responses)?;
                if required(responses, wire::ANSWER)? != wire::PASSWORD_SRP {
                    return Err(Fault::invalid(
                        "Only PASSWORD_SRP is available on this server.",
                    ));
                }
                let srp_a = required(responses, wire::SRP_A)?;
                let device_key = responses.get(wire::DEVICE_KEY).cloned();
                self.password_verifier_challenge(&client, username, srp_a, device_key, trace)
            }
            "NEW_PASSWORD_REQUIRED" => {
                let p = self.take_session(lookup, &client.id, "NEW_PASSWORD_REQUIRED")?;
                self.answer_new_password(&client, p, responses, trace)
            }
            wire::CHALLENGE_SMS_MFA
            | wire::CHALLENGE_SOFTWARE_TOKEN_MFA
            | wire::CHALLENGE_EMAIL_OTP
            | wire::CHALLENGE_SELECT_MFA_TYPE
            | wire::CHALLENGE_MFA_SETUP => self.answer_mfa(
                &client,
                r.session.as_deref(),
                &r.challenge_name,
                responses,
                trace,
            ),
            other => Err(Fault::invalid(format!(
                "Challenge {} is not supported by this server.",
                other.chars().take(64).collect::<String>()
            ))),
        }
    }

    fn answer_password_verifier(
        &self,
        client: &ClientView,
        r: &RespondToAuthChallenge,
        trace: &mut Trace,
    ) -> Handled {
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
                .ok_or_else(Fault::bad_session)?;
            let dir = self.dir();
            let pool = dir.pools.get(&p.pool_id).ok_or_else(Fault::bad_session)?;
            if pool.device_tracking != DeviceTracking::Off {
                let known = match &p.subject {
                    Subject::User(u) => {
                        pool.users.get(u).is_some_and(|u| u.devices.contains_key(k))
                    }
                    Subject::Unknown(_) => false,
                };
                if !known {
                    return Err(Fault::no_device());
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
            return Err(Fault::bad_session());
        };
        let user_id = p.subject.user_id().to_owned();
        trace.user = Some(user_id.clone());
        // SECRET_HASH in a challenge answer is over USER_ID_FOR_SRP, whatever USERNAME says.
        check_secret_hash(client.secret.as_deref(), &client.id, &user_id, responses)?;
        let username = required(responses, wire::USERNAME)?;
        let (pool_name, tracking) = {
            let dir = self.dir();
            let pool = dir.pools.get(&p.pool_id).ok_or_else(Fault::bad_session)?;
            (pool.id.pool_name().to_owned(), pool.device_tracking)
        };
        let verified = key.verify_response(responses, &pool_name, &user_id, &secret_block);
        let names_user = |u: &str| {
            username == u
                || self
                    .dir()
                    .pools
                    .get(&p.pool_id)
                    .and_then(|pool| pool.resolve(username))
                    .is_some_and(|x| x.username == u)
        };
        let user = match (verified, &p.subject) {
            (Ok(ts), Subject::User(u)) if names_user(u) => {
                self.check_timestamp(&ts)?;
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
                Counters::bump(&self.counters.refused);
                return Err(Fault::incorrect());
            }
        };
        Counters::bump(&self.counters.password_verified);
        trace.verified = Some("password");
        let device_key = responses.get(wire::DEVICE_KEY).cloned().or(device_key);
        let (status, enabled, device_ready, attrs, missing) = {
            let dir = self.dir();
            let pool = dir.pools.get(&p.pool_id).ok_or_else(Fault::incorrect)?;
            let u = pool.users.get(&user).ok_or_else(Fault::incorrect)?;
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
        let fact = if !enabled {
            Some(Fact::Disabled)
        } else if status == Status::Unconfirmed {
            Some(Fact::Unconfirmed)
        } else {
            None
        };
        if let Some(f) = fact.and_then(|f| existence_answer(client.prevent, f, true)) {
            return Err(f);
        }
        if status == Status::ForceChangePassword {
            let token = self.new_session(Pending::new(
                &p.pool_id,
                &client.id,
                Subject::User(user.clone()),
                Stage::NewPasswordRequired { device_key },
            ))?;
            return Ok(json!({
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "ChallengeParameters": {
                    wire::USER_ID_FOR_SRP: user,
                    "requiredAttributes": missing,
                    "userAttributes": attrs,
                },
                "Session": token,
            }));
        }
        if let (Some(k), true, false) = (&device_key, device_ready, tracking == DeviceTracking::Off)
        {
            let token = self.new_session(Pending::new(
                &p.pool_id,
                &client.id,
                Subject::User(user.clone()),
                Stage::DeviceSrpAuth {
                    device_key: k.clone(),
                },
            ))?;
            return Ok(json!({
                "ChallengeName": wire::CHALLENGE_DEVICE_SRP_AUTH,
                "ChallengeParameters": {},
                "Session": token,
            }));
        }
        self.after_password(client, &p.pool_id, &user, device_key)
    }

    fn answer_device_srp_auth(
        &self,
        client: &ClientView,
        p: Pending,
        responses: &HashMap<String, String>,
        trace: &mut Trace,
    ) -> Handled {
        let (Stage::DeviceSrpAuth { device_key }, Subject::User(user)) = (p.stage, p.subject)
        else {
            return Err(Fault::bad_session());
        };
        trace.user = Some(user.clone());
        let username = required(responses, wire::USERNAME)?;
        let sent_key = required(responses, wire::DEVICE_KEY)?;
        let srp_a = required(responses, wire::SRP_A)?;
        if sent_key != device_key || username != user {
            return Err(Fault::bad_session());
        }
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        let verifier = self
            .dir()
            .pools
            .get(&p.pool_id)
            .and_then(|pool| pool.users.get(&user))
            .and_then(|u| u.devices.get(&device_key))
            .and_then(|d| d.verifier.clone())
            .ok_or_else(Fault::no_device)?;
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
        Ok(json!({
            "ChallengeName": wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
            "ChallengeParameters": {
                wire::SALT: verifier.salt().to_signed_hex(),
                wire::SRP_B: srp_b,
                wire::SECRET_BLOCK: secret_block,
                wire::USERNAME: user,
            },
            "Session": token,
        }))
    }

    fn answer_device_password_verifier(
        &self,
        client: &ClientView,
        p: Pending,
        responses: &HashMap<String, String>,
        trace: &mut Trace,
    ) -> Handled {
        let (
            Stage::DevicePasswordVerifier {
                key,
                secret_block,
                device_key,
            },
            Subject::User(user),
        ) = (p.stage, p.subject)
        else {
            return Err(Fault::bad_session());
        };
        trace.user = Some(user.clone());
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        let username = required(responses, wire::USERNAME)?;
        if username != user
            || responses
                .get(wire::DEVICE_KEY)
                .is_some_and(|k| *k != device_key)
        {
            return Err(Fault::bad_session());
        }
        let group_key = self
            .dir()
            .pools
            .get(&p.pool_id)
            .and_then(|pool| pool.users.get(&user))
            .and_then(|u| u.devices.get(&device_key))
            .map(|d| d.group_key.clone())
            .ok_or_else(Fault::no_device)?;
        match key.verify_response(responses, &group_key, &device_key, &secret_block) {
            Ok(ts) => self.check_timestamp(&ts)?,
            Err(SrpError::VerificationFailed | SrpError::SecretBlockMismatch) => {
                Counters::bump(&self.counters.refused);
                return Err(Fault::incorrect());
            }
            Err(e) => return Err(srp_fault(&e)),
        }
        Counters::bump(&self.counters.device_verified);
        trace.verified = Some("device");
        self.issue_tokens(client, &user, Some(&device_key), None)
    }

    fn answer_new_password(
        &self,
        client: &ClientView,
        p: Pending,
        responses: &HashMap<String, String>,
        trace: &mut Trace,
    ) -> Handled {
        let (Stage::NewPasswordRequired { device_key }, Subject::User(user)) = (p.stage, p.subject)
        else {
            return Err(Fault::bad_session());
        };
        trace.user = Some(user.clone());
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        let username = required(responses, wire::USERNAME)?;
        let new_password = required(responses, "NEW_PASSWORD")?;
        if new_password.chars().count() < 6 {
            return Err(Fault::new(
                "InvalidPasswordException",
                "Password does not conform to policy: Password not long enough",
            ));
        }
        let new_password = Password::new(new_password.to_owned())
            .map_err(|e| Fault::new("InvalidPasswordException", e.to_string()))?;
        let (id, sign, given) = {
            let dir = self.dir();
            let pool = dir.pools.get(&p.pool_id).ok_or_else(Fault::bad_session)?;
            let u = pool.resolve(username).ok_or_else(Fault::bad_session)?;
            if u.username != user {
                return Err(Fault::bad_session());
            }
            for a in missing_attributes(&pool.required_attributes, u) {
                if responses
                    .get(&format!("userAttributes.{a}"))
                    .is_none_or(|v| v.is_empty())
                {
                    return Err(Fault::invalid(format!(
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
                return Err(Fault::invalid(format!(
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
            let mut dir = self.dir_mut();
            let u = dir
                .pools
                .get_mut(&p.pool_id)
                .and_then(|pool| pool.users.get_mut(&user))
                .ok_or_else(Fault::bad_session)?;
            u.verifier = verifier;
            u.status = Status::Confirmed;
            u.attributes.extend(given);
        }
        self.after_password(client, &p.pool_id, &user, device_key)
    }

    // ------------------------------------------------------------------ tokens

    /// Tokens for a signed-in user. `device_key` is the device used; when none was used and the pool
    /// tracks devices, a new device is issued. `refresh` is the origin and `auth_time` being refreshed
    /// (no new refresh token, no new device).
    pub(crate) fn issue_tokens(
        &self,
        client: &ClientView,
        username: &str,
        device_key: Option<&str>,
        refresh: Option<(String, i64)>,
    ) -> Handled {
        let now = now_secs();
        let (sub, attributes, token_device, new_device) = {
            let mut dir = self.dir_mut();
            let pool = dir
                .pools
                .get_mut(&client.pool_id)
                .ok_or_else(Fault::bad_session)?;
            let region = pool.id.region().to_owned();
            let tracking = pool.device_tracking;
            let user = pool.users.get_mut(username).ok_or_else(Fault::incorrect)?;
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
                    now + 30 * 24 * 3600,
                );
                (origin, now, Some(rt))
            }
        };
        let iss = self.issuer(&client.pool_id);
        let exp = now + self.token_validity;
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
        id.insert("exp".into(), json!(exp));
        id.insert("iat".into(), json!(now));
        id.insert("jti".into(), json!(uuid_v4()));
        let mut result = Map::new();
        result.insert("AccessToken".into(), json!(self.tokens.sign(&access)));
        result.insert("ExpiresIn".into(), json!(self.token_validity));
        result.insert("IdToken".into(), json!(self.tokens.sign(&id)));
        result.insert("TokenType".into(), json!("Bearer"));
        if let Some(rt) = refresh_token {
            result.insert("RefreshToken".into(), json!(rt));
        }
        if let Some((k, g)) = new_device {
            result.insert(
                "NewDeviceMetadata".into(),
                json!({"DeviceKey": k, "DeviceGroupKey": g}),
            );
        }
        Ok(json!({"AuthenticationResult": result, "ChallengeParameters": {}}))
    }
}

#[cfg(test)]
mod tests;
