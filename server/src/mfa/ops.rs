//! The user operations of MFA: AssociateSoftwareToken and VerifySoftwareToken (with an `MFA_SETUP`
//! session or an access token) and SetUserMFAPreference.

use cognito_srp_core::wire;
use zeroize::Zeroizing;

use super::{MfaMethod, new_secret, totp_step};
use crate::model::User;
use crate::protocol::mfa::{
    AdminSetUserMfaPreferenceRequest, AssociateSoftwareTokenRequest,
    AssociateSoftwareTokenResponse, MfaPreferences, SetUserMfaPreferenceRequest,
    VerifySoftwareTokenRequest, VerifySoftwareTokenResponse,
};
use crate::protocol::{CognitoError, Empty};
use crate::service::{Server, lock};
use crate::session::{Pending, Stage};
use crate::util::now_secs;

impl Server {
    /// AssociateSoftwareToken: with an `MFA_SETUP` session (a new session comes back) or an access token.
    pub(crate) fn associate_software_token(
        &self,
        r: AssociateSoftwareTokenRequest,
    ) -> Result<AssociateSoftwareTokenResponse, CognitoError> {
        let (key, text) = new_secret();
        if let Some(token) = &r.access_token {
            let (pool_id, username) = self.access_token(token)?;
            crate::trace::note_user(&username);
            let mut dir = self.directory_mut();
            let u = dir
                .user_mut(&pool_id, &username)
                .ok_or_else(|| CognitoError::not_authorized("Invalid Access Token"))?;
            u.mfa.pending_totp = Some(key);
            return Ok(AssociateSoftwareTokenResponse {
                secret_code: text,
                session: None,
            });
        }
        let session = r
            .session
            .as_deref()
            .ok_or_else(|| CognitoError::missing("Session"))?;
        let mut sessions = lock(&self.sessions);
        let p = sessions.take_any(session, wire::CHALLENGE_MFA_SETUP, now_secs())?;
        let Stage::MfaSetup { device_key, .. } = p.stage else {
            return Err(CognitoError::bad_session());
        };
        crate::trace::note_user(p.subject.user_id());
        let token = sessions.create(
            Pending::new(
                &p.pool_id,
                &p.client_id,
                p.subject,
                Stage::MfaSetup {
                    device_key,
                    secret: Some(key),
                    verified: false,
                },
            ),
            now_secs(),
        )?;
        Ok(AssociateSoftwareTokenResponse {
            secret_code: text,
            session: Some(token),
        })
    }

    /// VerifySoftwareToken: checks a code of the secret AssociateSoftwareToken gave, then enables
    /// `SOFTWARE_TOKEN_MFA` for the user (preferred when nothing else is).
    pub(crate) fn verify_software_token(
        &self,
        r: VerifySoftwareTokenRequest,
    ) -> Result<VerifySoftwareTokenResponse, CognitoError> {
        let now = now_secs();
        let mismatch = || {
            CognitoError::EnableSoftwareTokenMfa(
                "Code mismatch and fail enable Software Token MFA".into(),
            )
        };
        let enable = |pool_id: &str, username: &str, key: Zeroizing<Vec<u8>>, step: u64| {
            let mut dir = self.directory_mut();
            if let Some(u) = dir.user_mut(pool_id, username) {
                u.mfa.totp = Some(key);
                u.mfa.pending_totp = None;
                u.mfa.last_step = Some(step);
                if !u.mfa.enabled.contains(&MfaMethod::SoftwareToken) {
                    u.mfa.enabled.push(MfaMethod::SoftwareToken);
                }
                u.mfa.preferred.get_or_insert(MfaMethod::SoftwareToken);
            }
        };
        let when = u64::try_from(now).unwrap_or(0);
        if let Some(token) = &r.access_token {
            let (pool_id, username) = self.access_token(token)?;
            crate::trace::note_user(&username);
            let key = self
                .directory()
                .user(&pool_id, &username)
                .and_then(|u| u.mfa.pending_totp.clone())
                .ok_or_else(|| {
                    CognitoError::invalid(
                        "No software token was associated: call AssociateSoftwareToken.",
                    )
                })?;
            let step = totp_step(&key, &r.user_code, when).ok_or_else(mismatch)?;
            enable(&pool_id, &username, key, step);
            return Ok(VerifySoftwareTokenResponse {
                status: "SUCCESS".into(),
                session: None,
            });
        }
        let session = r
            .session
            .as_deref()
            .ok_or_else(|| CognitoError::missing("Session"))?;
        let mut sessions = lock(&self.sessions);
        let pending = sessions
            .peek_any_mut(session, wire::CHALLENGE_MFA_SETUP, now)
            .ok_or_else(CognitoError::bad_session)?;
        let Stage::MfaSetup {
            secret: Some(key), ..
        } = &pending.stage
        else {
            return Err(CognitoError::invalid(
                "No software token was associated with this session: call AssociateSoftwareToken.",
            ));
        };
        // A wrong code leaves the session as it was, for another try.
        let step = totp_step(key, &r.user_code, when).ok_or_else(mismatch)?;
        let p = sessions.take_any(session, wire::CHALLENGE_MFA_SETUP, now)?;
        let Stage::MfaSetup {
            device_key,
            secret: Some(key),
            ..
        } = p.stage
        else {
            return Err(CognitoError::bad_session());
        };
        let user = p.subject.user_id().to_owned();
        crate::trace::note_user(&user);
        enable(&p.pool_id, &user, key, step);
        let token = sessions.create(
            Pending::new(
                &p.pool_id,
                &p.client_id,
                p.subject,
                Stage::MfaSetup {
                    device_key,
                    secret: None,
                    verified: true,
                },
            ),
            now,
        )?;
        Ok(VerifySoftwareTokenResponse {
            status: "SUCCESS".into(),
            session: Some(token),
        })
    }

    /// SetUserMFAPreference.
    pub(crate) fn set_user_mfa_preference(
        &self,
        r: SetUserMfaPreferenceRequest,
    ) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let mut dir = self.directory_mut();
        let u = dir
            .user_mut(&pool_id, &username)
            .ok_or_else(CognitoError::invalid_access_token)?;
        apply_mfa_settings(u, r.settings)
    }

    /// AdminSetUserMFAPreference: SetUserMFAPreference for an IAM caller, naming the pool and user.
    pub(crate) fn admin_set_user_mfa_preference(
        &self,
        r: AdminSetUserMfaPreferenceRequest,
    ) -> Result<Empty, CognitoError> {
        crate::trace::note_user(&r.username);
        let mut dir = self.directory_mut();
        let u = dir
            .pool_mut(&r.user_pool_id)?
            .resolve_mut(&r.username)
            .ok_or_else(|| CognitoError::UserNotFound("User does not exist.".into()))?;
        apply_mfa_settings(u, r.settings)
    }
}

/// Enables, disables and prefers a user's MFA methods; SOFTWARE_TOKEN_MFA only once an authenticator
/// is verified.
fn apply_mfa_settings(u: &mut User, r: MfaPreferences) -> Result<Empty, CognitoError> {
    let settings = [
        (MfaMethod::Sms, r.sms_mfa_settings),
        (MfaMethod::SoftwareToken, r.software_token_mfa_settings),
        (MfaMethod::Email, r.email_mfa_settings),
    ];
    if settings.iter().any(|(m, s)| {
        *m == MfaMethod::SoftwareToken
            && s.as_ref().is_some_and(|s| s.enabled == Some(true))
            && u.mfa.totp.is_none()
    }) {
        return Err(CognitoError::invalid(
            "User has not verified software token mfa",
        ));
    }
    for (m, s) in settings {
        let Some(s) = s else { continue };
        match s.enabled {
            Some(true) if !u.mfa.enabled.contains(&m) => u.mfa.enabled.push(m),
            Some(false) => {
                u.mfa.enabled.retain(|x| *x != m);
                if u.mfa.preferred == Some(m) {
                    u.mfa.preferred = None;
                }
            }
            _ => {}
        }
        if s.preferred_mfa == Some(true) && u.mfa.enabled.contains(&m) {
            u.mfa.preferred = Some(m);
        }
    }
    Ok(Empty {})
}
