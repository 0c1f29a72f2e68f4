//! Pending challenges: what the server remembers between InitiateAuth and RespondToAuthChallenge.
//!
//! A session is created with a random `Session` token and taken exactly once; it is bound to its app
//! client, its subject (the `USER_ID_FOR_SRP` it was issued for) and its stage (the challenge it
//! answers). A password-verifier stage can also be found by the `SECRET_BLOCK` the server issued with it
//! (384 random bytes only the signing-in client has), because Cognito accepts PASSWORD_VERIFIER answers
//! without `Session` and some clients send none. Nothing public (a username, a device key) finds one.
//!
//! Sessions that no proof stands behind yet (SELECT_CHALLENGE, PASSWORD_VERIFIER: anyone can open one)
//! are kept in creation order. When the store is full, the oldest of them is dropped to make room, so a
//! flood of such sessions cannot refuse anyone else a sign-in: it can only end sessions older than
//! itself. Sessions opened after a proof (MFA, DEVICE_SRP_AUTH, NEW_PASSWORD_REQUIRED, …) are bounded per
//! user ([`MAX_PROVEN_PER_USER`]): a user's next one ends that user's oldest, so one account cannot fill
//! the store. The store refuses a new session only when it is full of sessions opened after a proof,
//! which takes that many sessions of at least `max / MAX_PROVEN_PER_USER` users.

use std::collections::{BTreeMap, HashMap};

use cognito_srp_core::{ServerKey, wire};
use zeroize::Zeroizing;

use crate::mfa::MfaMethod;
use crate::protocol::CognitoError;
use crate::util::random_b64;

/// Sessions opened after a proof kept per user (pool and `USER_ID_FOR_SRP`); a user's next one ends the
/// oldest of them.
pub(crate) const MAX_PROVEN_PER_USER: usize = 16;

/// Whom a session is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Subject {
    /// A user of the pool (the username).
    User(String),
    /// A sign-in name that matched no user: the stand-in `USER_ID_FOR_SRP` it was given. Such a session
    /// can only end in a refusal.
    Unknown(String),
}

impl Subject {
    /// The `USER_ID_FOR_SRP` the client was given.
    pub fn user_id(&self) -> &str {
        match self {
            Subject::User(u) | Subject::Unknown(u) => u,
        }
    }
}

/// The stage a session waits in: the challenge its answer must name. New challenges (MFA, …) are new
/// variants here and a new arm in [`crate::auth`].
pub(crate) enum Stage {
    /// USER_AUTH without a preferred challenge: waiting for `ANSWER: PASSWORD_SRP`.
    SelectChallenge { typed_username: String },
    /// Waiting for the password claim.
    PasswordVerifier {
        key: ServerKey,
        secret_block: String,
        device_key: Option<String>,
    },
    /// Password verified; waiting for the device's `SRP_A`.
    DeviceSrpAuth { device_key: String },
    /// Waiting for the device claim.
    DevicePasswordVerifier {
        key: ServerKey,
        secret_block: String,
        device_key: String,
    },
    /// Password verified; the user must choose a new password.
    NewPasswordRequired { device_key: Option<String> },
    /// Password verified; waiting for an MFA code (`code` is the SMS or email code sent; `None` for an
    /// authenticator app). `attempts` counts wrong codes.
    Mfa {
        method: MfaMethod,
        code: Option<Zeroizing<String>>,
        device_key: Option<String>,
        attempts: u8,
        /// An email address being enrolled through MFA_SETUP: a right code enables EMAIL_OTP for the
        /// user and verifies the address.
        enroll: bool,
    },
    /// Password verified; waiting for the choice of an MFA method.
    SelectMfaType {
        options: Vec<MfaMethod>,
        device_key: Option<String>,
    },
    /// Password verified; the user must set up an authenticator app: AssociateSoftwareToken puts a
    /// secret here, VerifySoftwareToken checks a code of it, then the challenge can be answered.
    MfaSetup {
        device_key: Option<String>,
        secret: Option<Zeroizing<Vec<u8>>>,
        verified: bool,
    },
}

impl Stage {
    /// The `ChallengeName` an answer to this stage carries.
    pub fn challenge_name(&self) -> &'static str {
        match self {
            Stage::SelectChallenge { .. } => wire::CHALLENGE_SELECT_CHALLENGE,
            Stage::PasswordVerifier { .. } => wire::CHALLENGE_PASSWORD_VERIFIER,
            Stage::DeviceSrpAuth { .. } => wire::CHALLENGE_DEVICE_SRP_AUTH,
            Stage::DevicePasswordVerifier { .. } => wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
            Stage::NewPasswordRequired { .. } => "NEW_PASSWORD_REQUIRED",
            Stage::Mfa { method, .. } => method.name(),
            Stage::SelectMfaType { .. } => wire::CHALLENGE_SELECT_MFA_TYPE,
            Stage::MfaSetup { .. } => wire::CHALLENGE_MFA_SETUP,
        }
    }

    /// Whether anyone can reach this stage without a proof (no password or device verified yet).
    fn before_proof(&self) -> bool {
        matches!(
            self,
            Stage::SelectChallenge { .. } | Stage::PasswordVerifier { .. }
        )
    }

    fn secret_block(&self) -> Option<&str> {
        match self {
            Stage::PasswordVerifier { secret_block, .. }
            | Stage::DevicePasswordVerifier { secret_block, .. } => Some(secret_block),
            _ => None,
        }
    }
}

/// A pending challenge.
pub(crate) struct Pending {
    pub pool_id: String,
    pub client_id: String,
    pub subject: Subject,
    pub stage: Stage,
    expires: i64,
    /// Creation order.
    seq: u64,
}

impl Pending {
    /// The key of the user's sessions opened after a proof.
    fn owner(&self) -> (String, String) {
        (self.pool_id.clone(), self.subject.user_id().to_owned())
    }
}

impl Pending {
    /// A pending challenge (its expiry is set by [`SessionStore::create`]).
    pub fn new(pool_id: &str, client_id: &str, subject: Subject, stage: Stage) -> Self {
        Pending {
            pool_id: pool_id.to_owned(),
            client_id: client_id.to_owned(),
            subject,
            stage,
            expires: 0,
            seq: 0,
        }
    }
}

/// How an answer names its session.
#[derive(Clone, Copy)]
pub(crate) struct Lookup<'a> {
    /// The `Session` member.
    pub session: Option<&'a str>,
    /// `PASSWORD_CLAIM_SECRET_BLOCK` from the answer.
    pub secret_block: Option<&'a str>,
}

/// Pending challenges, at most `max`, each valid `validity` seconds.
pub(crate) struct SessionStore {
    by_token: HashMap<String, Pending>,
    by_block: HashMap<String, String>,
    /// Sessions before any proof, by creation order: the first to go when the store is full.
    unproven: BTreeMap<u64, String>,
    /// Sessions after a proof, per (pool, user), by creation order.
    proven: HashMap<(String, String), BTreeMap<u64, String>>,
    next_seq: u64,
    max: usize,
    validity: i64,
}

impl SessionStore {
    /// An empty store.
    pub fn new(max: usize, validity: i64) -> Self {
        SessionStore {
            by_token: HashMap::new(),
            by_block: HashMap::new(),
            unproven: BTreeMap::new(),
            proven: HashMap::new(),
            next_seq: 0,
            max: max.max(1),
            validity: validity.max(1),
        }
    }

    /// Pending challenges held.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_token.len()
    }

    /// Stores `pending`; returns its `Session` token.
    ///
    /// A session after a proof ends its user's oldest one when the user has
    /// [`MAX_PROVEN_PER_USER`]. When the store is full, the oldest session before any proof is dropped
    /// to make room; if there is none, expired sessions are purged.
    ///
    /// # Errors
    /// `TooManyRequestsException` when the store is full of unexpired sessions opened after a proof.
    pub fn create(&mut self, mut pending: Pending, now: i64) -> Result<String, CognitoError> {
        if !pending.stage.before_proof() {
            let oldest = self
                .proven
                .get(&pending.owner())
                .filter(|m| m.len() >= MAX_PROVEN_PER_USER)
                .and_then(|m| m.values().next().cloned());
            if let Some(oldest) = oldest {
                self.remove(&oldest);
            }
        }
        if self.by_token.len() >= self.max {
            if let Some((_, oldest)) = self.unproven.pop_first() {
                self.remove(&oldest);
            } else {
                self.purge(now);
            }
            if self.by_token.len() >= self.max {
                return Err(CognitoError::TooManyRequests(
                    "Too many sign-ins in progress.".into(),
                ));
            }
        }
        let token = random_b64(96);
        pending.expires = now + self.validity;
        if let Some(block) = pending.stage.secret_block() {
            self.by_block.insert(block.to_owned(), token.clone());
        }
        pending.seq = self.next_seq;
        self.next_seq += 1;
        if pending.stage.before_proof() {
            self.unproven.insert(pending.seq, token.clone());
        } else {
            self.proven
                .entry(pending.owner())
                .or_default()
                .insert(pending.seq, token.clone());
        }
        self.by_token.insert(token.clone(), pending);
        Ok(token)
    }

    fn find(&self, lookup: Lookup<'_>) -> Option<&str> {
        match lookup.session {
            Some(s) => self.by_token.get_key_value(s).map(|(k, _)| k.as_str()),
            None => self.by_block.get(lookup.secret_block?).map(String::as_str),
        }
    }

    /// The session an answer names, if it is for `client_id` and waits for `challenge` (not taken).
    pub fn peek(
        &self,
        lookup: Lookup<'_>,
        client_id: &str,
        challenge: &str,
        now: i64,
    ) -> Option<&Pending> {
        let p = self.by_token.get(self.find(lookup)?)?;
        (p.expires > now && p.client_id == client_id && p.stage.challenge_name() == challenge)
            .then_some(p)
    }

    /// As [`SessionStore::peek`], to change the session in place (an MFA code's attempt count).
    pub fn peek_mut(
        &mut self,
        lookup: Lookup<'_>,
        client_id: &str,
        challenge: &str,
        now: i64,
    ) -> Option<&mut Pending> {
        let token = self.find(lookup)?.to_owned();
        let p = self.by_token.get_mut(&token)?;
        (p.expires > now && p.client_id == client_id && p.stage.challenge_name() == challenge)
            .then_some(p)
    }

    /// The session `token` if it waits for `challenge`, whatever its client: AssociateSoftwareToken and
    /// VerifySoftwareToken carry a `Session` and no `ClientId`.
    pub fn peek_any_mut(&mut self, token: &str, challenge: &str, now: i64) -> Option<&mut Pending> {
        let p = self.by_token.get_mut(token)?;
        (p.expires > now && p.stage.challenge_name() == challenge).then_some(p)
    }

    /// Takes the session `token` if it waits for `challenge`, whatever its client (see
    /// [`SessionStore::peek_any_mut`]). A session found for another stage, or expired, is removed too.
    ///
    /// # Errors
    /// [`CognitoError::bad_session`] when there is none, or it does not match.
    pub fn take_any(
        &mut self,
        token: &str,
        challenge: &str,
        now: i64,
    ) -> Result<Pending, CognitoError> {
        let p = self.remove(token).ok_or_else(CognitoError::bad_session)?;
        if p.expires <= now || p.stage.challenge_name() != challenge {
            return Err(CognitoError::bad_session());
        }
        Ok(p)
    }

    /// Takes (removes) the session an answer names. A session found but for another client, another
    /// stage, or expired is removed too: a `Session` is good for one answer.
    ///
    /// # Errors
    /// [`CognitoError::bad_session`] when there is none, or it does not match.
    pub fn take(
        &mut self,
        lookup: Lookup<'_>,
        client_id: &str,
        challenge: &str,
        now: i64,
    ) -> Result<Pending, CognitoError> {
        let token = self
            .find(lookup)
            .ok_or_else(CognitoError::bad_session)?
            .to_owned();
        let p = self.remove(&token).ok_or_else(CognitoError::bad_session)?;
        if p.expires <= now || p.client_id != client_id || p.stage.challenge_name() != challenge {
            return Err(CognitoError::bad_session());
        }
        Ok(p)
    }

    fn remove(&mut self, token: &str) -> Option<Pending> {
        let p = self.by_token.remove(token)?;
        if let Some(b) = p.stage.secret_block() {
            self.by_block.remove(b);
        }
        if p.stage.before_proof() {
            self.unproven.remove(&p.seq);
        } else {
            let owner = p.owner();
            if let Some(m) = self.proven.get_mut(&owner) {
                m.remove(&p.seq);
                if m.is_empty() {
                    self.proven.remove(&owner);
                }
            }
        }
        Some(p)
    }

    fn purge(&mut self, now: i64) {
        let expired: Vec<String> = self
            .by_token
            .iter()
            .filter(|(_, p)| p.expires <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for k in expired {
            self.remove(&k);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn select(name: &str) -> Pending {
        Pending::new(
            "p",
            "c",
            Subject::Unknown(name.into()),
            Stage::SelectChallenge {
                typed_username: name.into(),
            },
        )
    }

    fn by(session: &str) -> Lookup<'_> {
        Lookup {
            session: Some(session),
            secret_block: None,
        }
    }

    #[test]
    fn single_use_and_bound_to_client_and_stage() {
        let mut s = SessionStore::new(10, 180);
        let sel = wire::CHALLENGE_SELECT_CHALLENGE;
        let t = s.create(select("a"), 1000).unwrap();
        assert_eq!(
            s.take(by(&t), "c", sel, 1001).unwrap().subject.user_id(),
            "a"
        );
        assert_eq!(
            s.take(by(&t), "c", sel, 1001).err(),
            Some(CognitoError::bad_session())
        );
        // Another client, or another stage: refused, and the session is gone.
        let t = s.create(select("a"), 1000).unwrap();
        assert!(s.peek(by(&t), "other", sel, 1001).is_none());
        assert_eq!(
            s.take(by(&t), "other", sel, 1001).err(),
            Some(CognitoError::bad_session())
        );
        assert_eq!(
            s.take(by(&t), "c", sel, 1001).err(),
            Some(CognitoError::bad_session())
        );
        let t = s.create(select("a"), 1000).unwrap();
        assert_eq!(
            s.take(by(&t), "c", wire::CHALLENGE_PASSWORD_VERIFIER, 1001)
                .err(),
            Some(CognitoError::bad_session())
        );
        // Expired.
        let t = s.create(select("a"), 1000).unwrap();
        assert_eq!(
            s.take(by(&t), "c", sel, 1180).err(),
            Some(CognitoError::bad_session())
        );
        // No session and no secret block: nothing to find.
        let none = Lookup {
            session: None,
            secret_block: None,
        };
        assert_eq!(
            s.take(none, "c", sel, 1001).err(),
            Some(CognitoError::bad_session())
        );
    }

    fn proven(name: &str) -> Pending {
        Pending::new(
            "p",
            "c",
            Subject::User(name.into()),
            Stage::DeviceSrpAuth {
                device_key: "k".into(),
            },
        )
    }

    #[test]
    fn full_store_drops_the_oldest_session_before_proof() {
        let sel = wire::CHALLENGE_SELECT_CHALLENGE;
        let mut s = SessionStore::new(3, 10);
        let a = s.create(select("a"), 0).unwrap();
        let b = s.create(select("b"), 0).unwrap();
        let p = s.create(proven("p"), 0).unwrap();
        // Full: the oldest session before proof (a) goes; b and the proven one stay.
        let c = s.create(select("c"), 1).unwrap();
        assert_eq!(s.len(), 3);
        assert_eq!(
            s.take(by(&a), "c", sel, 2).err(),
            Some(CognitoError::bad_session())
        );
        let d = s.create(select("d"), 2).unwrap();
        assert_eq!(
            s.take(by(&b), "c", sel, 2).err(),
            Some(CognitoError::bad_session())
        );
        assert_eq!(s.take(by(&c), "c", sel, 2).unwrap().subject.user_id(), "c");
        assert_eq!(s.take(by(&d), "c", sel, 2).unwrap().subject.user_id(), "d");
        assert_eq!(
            s.take(by(&p), "c", wire::CHALLENGE_DEVICE_SRP_AUTH, 2)
                .unwrap()
                .subject
                .user_id(),
            "p"
        );
        assert_eq!(s.len(), 0);
    }

    #[test]
    fn full_store_of_proven_sessions_purges_expired_then_refuses() {
        let mut s = SessionStore::new(2, 10);
        s.create(proven("a"), 0).unwrap();
        s.create(proven("b"), 0).unwrap();
        assert_eq!(
            s.create(select("c"), 5).unwrap_err().code(),
            "TooManyRequestsException"
        );
        s.create(select("c"), 10).unwrap();
        assert_eq!(s.len(), 1);
    }

    #[test]
    fn one_user_cannot_fill_the_store_with_sessions_after_a_proof() {
        let sel = wire::CHALLENGE_SELECT_CHALLENGE;
        let mut s = SessionStore::new(40, 10);
        let mut mallory = Vec::new();
        for _ in 0..1000 {
            mallory.push(s.create(proven("mallory"), 0).unwrap());
        }
        assert_eq!(s.len(), MAX_PROVEN_PER_USER);
        // Only the newest ones are left, and the user's sessions leave room for everyone else.
        let srp = wire::CHALLENGE_DEVICE_SRP_AUTH;
        assert!(
            s.peek(by(&mallory[1000 - MAX_PROVEN_PER_USER]), "c", srp, 1)
                .is_some()
        );
        assert!(
            s.peek(by(&mallory[999 - MAX_PROVEN_PER_USER]), "c", srp, 1)
                .is_none()
        );
        let alice = s.create(proven("alice"), 1).unwrap();
        let bob = s.create(select("bob"), 1).unwrap();
        assert_eq!(
            s.take(by(&alice), "c", srp, 2).unwrap().subject.user_id(),
            "alice"
        );
        assert_eq!(
            s.take(by(&bob), "c", sel, 2).unwrap().subject.user_id(),
            "bob"
        );
        // Taking a session frees its place in the user's count.
        s.take(by(&mallory[999]), "c", srp, 2).unwrap();
        s.create(proven("mallory"), 2).unwrap();
        assert!(
            s.peek(by(&mallory[1000 - MAX_PROVEN_PER_USER]), "c", srp, 2)
                .is_some()
        );
    }
}
