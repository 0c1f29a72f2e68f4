//! The sign-in side of MFA: which challenge follows a verified password, and the answers to
//! `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`, `SELECT_MFA_TYPE` and `MFA_SETUP`.

use std::collections::HashMap;

use cognito_srp_core::wire;
use subtle::ConstantTimeEq as _;
use zeroize::Zeroizing;

use super::{
    CODE_LOCKOUT_SECONDS, MAX_CODE_ATTEMPTS, MAX_USER_CODE_FAILURES, MfaMethod, mask, totp_step,
};
use crate::auth::{ClientSettings, check_secret_hash, required};
use crate::config::MfaMode;
use crate::outbox::SentCode;
use crate::protocol::CognitoError;
use crate::protocol::auth::AuthResponse;
use crate::service::{Server, lock};
use crate::session::{Lookup, Pending, Stage, Subject};
use crate::util::{now_secs, random_bytes};

impl Server {
    /// What a verified password leads to when no device answers for the user: an MFA challenge, or
    /// tokens.
    pub(crate) fn after_password(
        &self,
        client: &ClientSettings,
        pool_id: &str,
        user: &str,
        device_key: Option<String>,
    ) -> Result<AuthResponse, CognitoError> {
        let (mode, offered, enabled, preferred) = {
            let dir = self.directory();
            let pool = dir.pool(pool_id).map_err(|_| CognitoError::bad_session())?;
            let u = pool.users.get(user).ok_or_else(CognitoError::incorrect)?;
            let enabled: Vec<MfaMethod> = u
                .mfa
                .enabled
                .iter()
                .copied()
                .filter(|m| pool.mfa_methods.contains(m))
                .collect();
            (pool.mfa, pool.mfa_methods.clone(), enabled, u.mfa.preferred)
        };
        if mode == MfaMode::Off || (mode == MfaMode::Optional && enabled.is_empty()) {
            return self.issue_tokens(client, user, device_key.as_deref(), None);
        }
        if enabled.is_empty() {
            let can: Vec<&str> = offered.iter().map(|m| m.name()).collect();
            let token = self.new_pending(
                client,
                pool_id,
                user,
                Stage::MfaSetup {
                    device_key,
                    secret: None,
                    verified: false,
                },
            )?;
            return Ok(AuthResponse::challenge(
                wire::CHALLENGE_MFA_SETUP,
                [
                    (
                        "MFAS_CAN_SETUP",
                        serde_json::to_string(&can).expect("strings"),
                    ),
                    (wire::USER_ID_FOR_SRP, user.to_owned()),
                ],
                token,
            ));
        }
        match preferred.filter(|p| enabled.contains(p)) {
            Some(m) => self.mfa_challenge(client, pool_id, user, m, device_key),
            None if enabled.len() == 1 => {
                self.mfa_challenge(client, pool_id, user, enabled[0], device_key)
            }
            None => {
                let names: Vec<&str> = enabled.iter().map(|m| m.name()).collect();
                let token = self.new_pending(
                    client,
                    pool_id,
                    user,
                    Stage::SelectMfaType {
                        options: enabled,
                        device_key,
                    },
                )?;
                Ok(AuthResponse::challenge(
                    wire::CHALLENGE_SELECT_MFA_TYPE,
                    [
                        (
                            "MFAS_CAN_CHOOSE",
                            serde_json::to_string(&names).expect("strings"),
                        ),
                        (wire::USER_ID_FOR_SRP, user.to_owned()),
                    ],
                    token,
                ))
            }
        }
    }

    fn new_pending(
        &self,
        client: &ClientSettings,
        pool_id: &str,
        user: &str,
        stage: Stage,
    ) -> Result<String, CognitoError> {
        lock(&self.sessions).create(
            Pending::new(pool_id, &client.id, Subject::User(user.to_owned()), stage),
            now_secs(),
        )
    }

    /// Issues the challenge for `method`: an SMS or email code is drawn and "sent".
    fn mfa_challenge(
        &self,
        client: &ClientSettings,
        pool_id: &str,
        user: &str,
        method: MfaMethod,
        device_key: Option<String>,
    ) -> Result<AuthResponse, CognitoError> {
        self.code_challenge(client, pool_id, user, method, device_key, false)
    }

    /// Issues the challenge for `method`; `enroll` marks an EMAIL_OTP set up through MFA_SETUP.
    fn code_challenge(
        &self,
        client: &ClientSettings,
        pool_id: &str,
        user: &str,
        method: MfaMethod,
        device_key: Option<String>,
        enroll: bool,
    ) -> Result<AuthResponse, CognitoError> {
        let mut params = vec![(wire::USER_ID_FOR_SRP, user.to_owned())];
        let code = match method {
            MfaMethod::SoftwareToken => None,
            MfaMethod::Sms | MfaMethod::Email => {
                let (attribute, medium) = if method == MfaMethod::Sms {
                    ("phone_number", "SMS")
                } else {
                    ("email", "EMAIL")
                };
                let destination = self
                    .directory()
                    .user(pool_id, user)
                    .and_then(|u| u.attributes.get(attribute).cloned())
                    .unwrap_or_default();
                let n =
                    u32::from_be_bytes(random_bytes(4).try_into().expect("4 bytes")) % 1_000_000;
                let code = format!("{n:06}");
                lock(&self.outbox).send(SentCode {
                    pool_id: pool_id.to_owned(),
                    username: user.to_owned(),
                    challenge: method.name(),
                    medium,
                    destination: destination.clone(),
                    code: code.clone(),
                    sent_at: now_secs(),
                });
                params.push(("CODE_DELIVERY_DELIVERY_MEDIUM", medium.to_owned()));
                params.push(("CODE_DELIVERY_DESTINATION", mask(&destination)));
                Some(Zeroizing::new(code))
            }
        };
        let token = self.new_pending(
            client,
            pool_id,
            user,
            Stage::Mfa {
                method,
                code,
                device_key,
                attempts: 0,
                enroll,
            },
        )?;
        Ok(AuthResponse::challenge(method.name(), params, token))
    }

    /// MFA_SETUP answered with `EMAIL`: when the pool offers EMAIL_OTP, the address becomes the user's
    /// email (unverified until the code comes back) and an EMAIL_OTP challenge goes to it.
    fn enroll_email(
        &self,
        client: &ClientSettings,
        pool_id: &str,
        user: &str,
        email: &str,
        device_key: Option<String>,
    ) -> Result<AuthResponse, CognitoError> {
        let offered = self
            .directory()
            .pool(pool_id)
            .map_err(|_| CognitoError::bad_session())?
            .mfa_methods
            .contains(&MfaMethod::Email);
        if !offered {
            return Err(CognitoError::invalid(
                "EMAIL_OTP is not enabled for this user pool.",
            ));
        }
        if !email.contains('@') || email.chars().count() > 2048 {
            return Err(CognitoError::invalid("Invalid email address format."));
        }
        {
            let mut dir = self.directory_mut();
            let pool = dir
                .pool_mut(pool_id)
                .map_err(|_| CognitoError::bad_session())?;
            let unchanged = pool
                .users
                .get(user)
                .is_some_and(|u| u.attributes.get("email").map(String::as_str) == Some(email));
            if !unchanged {
                pool.set_attributes(
                    user,
                    &[
                        ("email".to_owned(), email.to_owned()),
                        ("email_verified".to_owned(), "false".to_owned()),
                    ],
                )?;
            }
        }
        self.code_challenge(client, pool_id, user, MfaMethod::Email, device_key, true)
    }

    /// The codes sent so far, oldest first (at most [`crate::outbox::OUTBOX_SIZE`]).
    pub fn sent_codes(&self) -> Vec<SentCode> {
        lock(&self.outbox).list()
    }

    /// RespondToAuthChallenge for `SMS_MFA`, `SOFTWARE_TOKEN_MFA`, `EMAIL_OTP`, `SELECT_MFA_TYPE` and
    /// `MFA_SETUP`.
    pub(crate) fn answer_mfa(
        &self,
        client: &ClientSettings,
        session: Option<&str>,
        challenge: &str,
        responses: &HashMap<String, String>,
    ) -> Result<AuthResponse, CognitoError> {
        let lookup = Lookup {
            session,
            secret_block: None,
        };
        if let Some(method) = MfaMethod::parse(challenge) {
            return self.answer_code(client, lookup, method, responses);
        }
        let p = lock(&self.sessions).take(lookup, &client.id, challenge, now_secs())?;
        let user = match &p.subject {
            Subject::User(u) => u.clone(),
            Subject::Unknown(_) => return Err(CognitoError::bad_session()),
        };
        crate::trace::note_user(&user);
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        if required(responses, wire::USERNAME)? != user {
            return Err(CognitoError::bad_session());
        }
        match p.stage {
            Stage::SelectMfaType {
                options,
                device_key,
            } => {
                let answer = required(responses, wire::ANSWER)?;
                let method = MfaMethod::parse(answer)
                    .filter(|m| options.contains(m))
                    .ok_or_else(|| {
                        CognitoError::invalid(format!(
                            "Invalid ANSWER {}: not one of MFAS_CAN_CHOOSE",
                            answer.chars().take(64).collect::<String>()
                        ))
                    })?;
                self.mfa_challenge(client, &p.pool_id, &user, method, device_key)
            }
            Stage::MfaSetup {
                device_key,
                verified: true,
                ..
            } => self.issue_tokens(client, &user, device_key.as_deref(), None),
            // Amplify's email enrollment: MFA_SETUP answered with the address, then EMAIL_OTP to it.
            Stage::MfaSetup { device_key, .. } if responses.contains_key("EMAIL") => {
                self.enroll_email(client, &p.pool_id, &user, &responses["EMAIL"], device_key)
            }
            Stage::MfaSetup { .. } => Err(CognitoError::invalid(
                "MFA_SETUP needs VerifySoftwareToken first, or EMAIL to set up EMAIL_OTP.",
            )),
            _ => Err(CognitoError::bad_session()),
        }
    }

    fn answer_code(
        &self,
        client: &ClientSettings,
        lookup: Lookup<'_>,
        method: MfaMethod,
        responses: &HashMap<String, String>,
    ) -> Result<AuthResponse, CognitoError> {
        let now = now_secs();
        let mut sessions = lock(&self.sessions);
        let p = sessions
            .peek_mut(lookup, &client.id, method.name(), now)
            .ok_or_else(CognitoError::bad_session)?;
        let (pool_id, user) = match &p.subject {
            Subject::User(u) => (p.pool_id.clone(), u.clone()),
            Subject::Unknown(_) => return Err(CognitoError::bad_session()),
        };
        crate::trace::note_user(&user);
        check_secret_hash(client.secret.as_deref(), &client.id, &user, responses)?;
        if required(responses, wire::USERNAME)? != user {
            return Err(CognitoError::bad_session());
        }
        let sent = required(responses, method.code_parameter())?;
        let Stage::Mfa { code, attempts, .. } = &mut p.stage else {
            return Err(CognitoError::bad_session());
        };
        // One critical section under the directory's write lock: the per-user lockout, the check,
        // the TOTP step's compare-and-set (of two answers carrying one code only the first is
        // accepted) and the per-user failure count.
        let accepted = {
            let mut dir = self.directory_mut();
            let Some(u) = dir.user_mut(&pool_id, &user) else {
                return Err(CognitoError::bad_session());
            };
            if u.mfa.locked_until > now {
                return Err(CognitoError::TooManyFailedAttempts(
                    "Too many failed attempts.".into(),
                ));
            }
            let accepted = match code {
                Some(c) => bool::from(c.as_bytes().ct_eq(sent.as_bytes())),
                None => {
                    let step = u
                        .mfa
                        .totp
                        .as_ref()
                        .and_then(|k| totp_step(k, sent, u64::try_from(now).unwrap_or(0)))
                        .filter(|s| u.mfa.last_step.is_none_or(|l| *s > l));
                    if let Some(step) = step {
                        u.mfa.last_step = Some(step);
                    }
                    step.is_some()
                }
            };
            if accepted {
                u.mfa.failed_codes = 0;
            } else {
                u.mfa.failed_codes += 1;
                if u.mfa.failed_codes >= MAX_USER_CODE_FAILURES {
                    u.mfa.failed_codes = 0;
                    u.mfa.locked_until = now + CODE_LOCKOUT_SECONDS;
                }
            }
            accepted
        };
        if !accepted {
            *attempts += 1;
            if *attempts >= MAX_CODE_ATTEMPTS {
                let _ = sessions.take(lookup, &client.id, method.name(), now);
            }
            return Err(CognitoError::CodeMismatch(
                "Invalid code received for user".into(),
            ));
        };
        let p = sessions.take(lookup, &client.id, method.name(), now)?;
        drop(sessions);
        crate::trace::note_verified("mfa");
        let Stage::Mfa {
            device_key, enroll, ..
        } = p.stage
        else {
            return Err(CognitoError::bad_session());
        };
        if enroll && let Some(u) = self.directory_mut().user_mut(&pool_id, &user) {
            if !u.mfa.enabled.contains(&MfaMethod::Email) {
                u.mfa.enabled.push(MfaMethod::Email);
            }
            u.mfa.preferred.get_or_insert(MfaMethod::Email);
            u.attributes.insert("email_verified".into(), "true".into());
        }
        self.issue_tokens(client, &user, device_key.as_deref(), None)
    }
}
