//! Multi-factor authentication after a verified password: `SOFTWARE_TOKEN_MFA` (RFC 6238 codes from the
//! user's authenticator secret), `SMS_MFA` and `EMAIL_OTP` (codes "sent" by writing them to the log and
//! to the outbox that `GET /_cognito-srp/codes` lists), `SELECT_MFA_TYPE` when several are enabled and
//! none is preferred, and `MFA_SETUP` (AssociateSoftwareToken and VerifySoftwareToken with the
//! challenge's session) when the pool requires MFA and the user has no method. Also
//! AssociateSoftwareToken and VerifySoftwareToken with an access token, and SetUserMFAPreference.
//!
//! Codes are single-use: an SMS or email code belongs to one challenge session, and a TOTP code's time
//! step is remembered once accepted. They expire with the session (`session_validity_seconds`). A wrong
//! code is refused with `CodeMismatchException` and leaves the session open for
//! [`MAX_CODE_ATTEMPTS`] tries in all. Wrong codes are also counted per user, across sessions: after
//! [`MAX_USER_CODE_FAILURES`] in a row, the user's code answers are refused unread
//! (`TooManyFailedAttemptsException`) for [`CODE_LOCKOUT_SECONDS`], so a new session per three guesses
//! does not make a brute force possible. A right code resets the count.

use cognito_srp_core::totp::{STEP_SECONDS, TotpSecret};
use cognito_srp_core::wire;
use subtle::ConstantTimeEq as _;
use zeroize::Zeroizing;

use crate::util::random_bytes;

/// Wrong codes a challenge session takes before it is closed.
pub const MAX_CODE_ATTEMPTS: u8 = 3;
/// Wrong codes in a row, across sessions, after which a user's code answers are refused for
/// [`CODE_LOCKOUT_SECONDS`].
pub const MAX_USER_CODE_FAILURES: u32 = 5;
/// How long a user's code answers are refused after [`MAX_USER_CODE_FAILURES`] wrong codes.
pub const CODE_LOCKOUT_SECONDS: i64 = 900;

/// An MFA method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MfaMethod {
    /// `SOFTWARE_TOKEN_MFA`: an authenticator app.
    SoftwareToken,
    /// `SMS_MFA`: a code sent by SMS.
    Sms,
    /// `EMAIL_OTP`: a code sent by email.
    Email,
}

/// Every method, in the order challenges list them.
pub const METHODS: [MfaMethod; 3] = [MfaMethod::Sms, MfaMethod::SoftwareToken, MfaMethod::Email];

impl MfaMethod {
    /// The challenge name (also `SELECT_MFA_TYPE`'s `ANSWER`).
    pub fn name(self) -> &'static str {
        match self {
            MfaMethod::SoftwareToken => wire::CHALLENGE_SOFTWARE_TOKEN_MFA,
            MfaMethod::Sms => wire::CHALLENGE_SMS_MFA,
            MfaMethod::Email => wire::CHALLENGE_EMAIL_OTP,
        }
    }

    /// The method a challenge name names.
    pub fn parse(name: &str) -> Option<Self> {
        METHODS.into_iter().find(|m| m.name() == name)
    }

    fn code_parameter(self) -> &'static str {
        match self {
            MfaMethod::SoftwareToken => wire::SOFTWARE_TOKEN_MFA_CODE,
            MfaMethod::Sms => wire::SMS_MFA_CODE,
            MfaMethod::Email => wire::EMAIL_OTP_CODE,
        }
    }
}

/// Parses a list of method names (a pool's or a user's), naming `what` in errors.
pub(crate) fn parse_methods(names: &[String], what: &str) -> Result<Vec<MfaMethod>, String> {
    let mut out = Vec::new();
    for n in names {
        let m = MfaMethod::parse(n).ok_or_else(|| {
            format!("{what}: unknown MFA method {n} (SOFTWARE_TOKEN_MFA, SMS_MFA or EMAIL_OTP)")
        })?;
        if !out.contains(&m) {
            out.push(m);
        }
    }
    Ok(out)
}

/// A user's MFA settings and state.
#[derive(Default)]
pub(crate) struct UserMfa {
    /// Enabled methods.
    pub enabled: Vec<MfaMethod>,
    /// The preferred method.
    pub preferred: Option<MfaMethod>,
    /// The verified authenticator secret.
    pub totp: Option<Zeroizing<Vec<u8>>>,
    /// A secret from AssociateSoftwareToken (access token) waiting for VerifySoftwareToken.
    pub pending_totp: Option<Zeroizing<Vec<u8>>>,
    /// The last TOTP time step accepted: a code is good once.
    pub last_step: Option<u64>,
    /// Wrong codes in a row, across sessions.
    pub failed_codes: u32,
    /// Until when (Unix seconds) code answers are refused.
    pub locked_until: i64,
}

impl std::fmt::Debug for UserMfa {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UserMfa")
            .field("enabled", &self.enabled)
            .field("preferred", &self.preferred)
            .field("totp", &self.totp.as_ref().map(|_| ".."))
            .finish_non_exhaustive()
    }
}

impl UserMfa {
    /// Settings from a user's configuration.
    pub fn from_config(
        username: &str,
        methods: &[String],
        preferred: Option<&str>,
        totp_secret: Option<&str>,
    ) -> Result<UserMfa, String> {
        let what = format!("user {username}");
        let enabled = parse_methods(methods, &what)?;
        let totp = totp_secret
            .map(|s| decode_secret(s).map_err(|e| format!("{what}: totp_secret: {e}")))
            .transpose()?;
        if enabled.contains(&MfaMethod::SoftwareToken) && totp.is_none() {
            return Err(format!("{what}: SOFTWARE_TOKEN_MFA needs a totp_secret"));
        }
        let preferred = preferred
            .map(|p| {
                MfaMethod::parse(p)
                    .filter(|m| enabled.contains(m))
                    .ok_or_else(|| format!("{what}: preferred_mfa {p} is not one of its mfa"))
            })
            .transpose()?;
        Ok(UserMfa {
            enabled,
            preferred,
            totp,
            pending_totp: None,
            last_step: None,
            failed_codes: 0,
            locked_until: 0,
        })
    }
}

fn decode_secret(base32: &str) -> Result<Zeroizing<Vec<u8>>, String> {
    let cleaned: String = base32
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '='))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    // Validated by core's parser; the raw key is kept.
    TotpSecret::from_base32(&cleaned).map_err(|e| e.to_string())?;
    data_encoding::BASE32_NOPAD
        .decode(cleaned.as_bytes())
        .map(Zeroizing::new)
        .map_err(|e| e.to_string())
}

/// A new authenticator secret: 20 random bytes, and their base32 (as AssociateSoftwareToken sends it).
fn new_secret() -> (Zeroizing<Vec<u8>>, String) {
    let key = Zeroizing::new(random_bytes(20));
    let text = data_encoding::BASE32_NOPAD.encode(&key);
    (key, text)
}

/// The time step of a TOTP `code` for `key` within one step of `now`, if any.
fn totp_step(key: &[u8], code: &str, now: u64) -> Option<u64> {
    let secret = TotpSecret::from_bytes(key);
    let step = now / STEP_SECONDS;
    [step.saturating_sub(1), step, step + 1]
        .into_iter()
        .find(|s| {
            bool::from(
                secret
                    .code_at(s * STEP_SECONDS)
                    .as_bytes()
                    .ct_eq(code.as_bytes()),
            )
        })
}

/// `+1******0100` / `a***@example.com`, as Cognito shows a destination.
pub(crate) fn mask(destination: &str) -> String {
    if let Some((local, domain)) = destination.split_once('@') {
        let first: String = local.chars().take(1).collect();
        return format!("{first}***@{domain}");
    }
    let chars: Vec<char> = destination.chars().collect();
    let keep = chars.len().min(4);
    let head: String = chars.iter().take(2.min(chars.len() - keep)).collect();
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!(
        "{head}{}{tail}",
        "*".repeat(chars.len().saturating_sub(keep + head.chars().count()))
    )
}

mod flow;
mod ops;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_like_cognito() {
        assert_eq!(mask("+15550100"), "+1***0100");
        assert_eq!(mask("alice@example.com"), "a***@example.com");
        assert_eq!(mask(""), "");
    }

    #[test]
    fn totp_accepts_one_step_either_side() {
        // RFC 6238's SHA-1 key and its vector at T = 59: 94287082 (8 digits) ends in 287082.
        let key = b"12345678901234567890";
        assert_eq!(totp_step(key, "287082", 59), Some(1));
        assert_eq!(totp_step(key, "287082", 59 + 30), Some(1));
        assert_eq!(totp_step(key, "287082", 59 + 60), None);
        assert_eq!(totp_step(key, "000000", 59), None);
    }

    #[test]
    fn config_rules() {
        assert!(
            UserMfa::from_config("u", &["SOFTWARE_TOKEN_MFA".into()], None, None)
                .unwrap_err()
                .contains("needs a totp_secret")
        );
        assert!(
            UserMfa::from_config("u", &["SMS_MFA".into()], Some("EMAIL_OTP"), None)
                .unwrap_err()
                .contains("preferred_mfa")
        );
        assert!(parse_methods(&["VOICE".into()], "pool").is_err());
        let m = UserMfa::from_config(
            "u",
            &["SOFTWARE_TOKEN_MFA".into()],
            None,
            Some("GEZD GNBV GY3T QOJQ GEZD GNBV GY3T QOJQ"),
        )
        .unwrap();
        assert_eq!(
            m.totp.as_deref().map(Vec::as_slice),
            Some(&b"12345678901234567890"[..])
        );
    }
}
