//! One-time codes a user is sent outside sign-in: the sign-up confirmation code, the password-reset
//! code of ForgotPassword, and attribute verification codes. Each is six digits, single-use, expires
//! (24 hours for confirmation, 1 hour otherwise, as Cognito), is compared in constant time, and is
//! dropped after [`MAX_WRONG_CODES`] wrong answers.

use std::collections::BTreeMap;

use subtle::ConstantTimeEq as _;
use zeroize::Zeroizing;

use crate::protocol::CognitoError;
use crate::util::random_bytes;

/// Wrong answers a code takes before it is dropped (the next answer then gets `ExpiredCodeException`
/// until a new code is sent).
pub const MAX_WRONG_CODES: u8 = 5;
/// How long a sign-up confirmation code lives, seconds.
pub const CONFIRMATION_CODE_SECONDS: i64 = 24 * 3600;
/// How long a password-reset or attribute verification code lives, seconds.
pub const RESET_CODE_SECONDS: i64 = 3600;
/// Attribute verification codes kept per user.
const MAX_ATTRIBUTE_CODES: usize = 8;

/// A code sent to a user.
pub(crate) struct IssuedCode {
    code: Zeroizing<String>,
    expires_at: i64,
    wrong: u8,
}

impl IssuedCode {
    /// A new random six-digit code, valid for `ttl` seconds from `now`. Returns it with its text.
    pub fn new(now: i64, ttl: i64) -> (IssuedCode, String) {
        let n = u32::from_be_bytes(random_bytes(4).try_into().expect("4 bytes")) % 1_000_000;
        let text = format!("{n:06}");
        (
            IssuedCode {
                code: Zeroizing::new(text.clone()),
                expires_at: now + ttl,
                wrong: 0,
            },
            text,
        )
    }
}

/// Checks `given` against the code in `slot` and uses it up when it matches.
///
/// # Errors
/// `ExpiredCodeException` when no code is waiting or it has expired; `CodeMismatchException` for a
/// wrong code (the code is dropped after [`MAX_WRONG_CODES`] of them).
pub(crate) fn redeem(
    slot: &mut Option<IssuedCode>,
    given: &str,
    now: i64,
) -> Result<(), CognitoError> {
    let expired =
        || CognitoError::ExpiredCode("Invalid code provided, please request a code again.".into());
    let Some(code) = slot.as_mut() else {
        return Err(expired());
    };
    if code.expires_at <= now {
        *slot = None;
        return Err(expired());
    }
    if bool::from(code.code.as_bytes().ct_eq(given.as_bytes())) {
        *slot = None;
        return Ok(());
    }
    code.wrong += 1;
    if code.wrong >= MAX_WRONG_CODES {
        *slot = None;
    }
    Err(mismatch())
}

/// `CodeMismatchException`, as a wrong code (and, with user existence hidden, an unknown user) gets.
pub(crate) fn mismatch() -> CognitoError {
    CognitoError::CodeMismatch("Invalid verification code provided, please try again.".into())
}

/// The codes waiting for one user.
#[derive(Default)]
pub(crate) struct UserCodes {
    /// SignUp's (or ResendConfirmationCode's) confirmation code.
    pub confirmation: Option<IssuedCode>,
    /// ForgotPassword's reset code.
    pub reset: Option<IssuedCode>,
    /// Attribute name → its verification code.
    attributes: BTreeMap<String, IssuedCode>,
}

impl UserCodes {
    /// Keeps a verification code for `attribute`, replacing any earlier one.
    pub fn set_attribute(&mut self, attribute: &str, code: IssuedCode) {
        if self.attributes.len() >= MAX_ATTRIBUTE_CODES && !self.attributes.contains_key(attribute)
        {
            self.attributes.pop_first();
        }
        self.attributes.insert(attribute.to_owned(), code);
    }

    /// Redeems the verification code of `attribute`.
    ///
    /// # Errors
    /// As [`redeem`].
    pub fn redeem_attribute(
        &mut self,
        attribute: &str,
        given: &str,
        now: i64,
    ) -> Result<(), CognitoError> {
        let mut slot = self.attributes.remove(attribute);
        let result = redeem(&mut slot, given, now);
        if let Some(code) = slot {
            self.attributes.insert(attribute.to_owned(), code);
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_use_expiring_and_bounded() {
        let (code, text) = IssuedCode::new(100, 60);
        assert_eq!(text.len(), 6);
        let mut slot = Some(code);
        let wrong = if text == "000000" { "000001" } else { "000000" };
        assert_eq!(
            redeem(&mut slot, wrong, 110).unwrap_err().code(),
            "CodeMismatchException"
        );
        assert_eq!(redeem(&mut slot, &text, 110), Ok(()));
        assert_eq!(
            redeem(&mut slot, &text, 110).unwrap_err().code(),
            "ExpiredCodeException"
        );

        let (code, text) = IssuedCode::new(100, 60);
        let mut slot = Some(code);
        assert_eq!(
            redeem(&mut slot, &text, 160).unwrap_err().code(),
            "ExpiredCodeException"
        );

        let (code, text) = IssuedCode::new(100, 60);
        let mut slot = Some(code);
        for _ in 0..MAX_WRONG_CODES {
            assert_eq!(
                redeem(&mut slot, "x", 101).unwrap_err().code(),
                "CodeMismatchException"
            );
        }
        // The right code no longer works once the wrong ones have used it up.
        assert_eq!(
            redeem(&mut slot, &text, 101).unwrap_err().code(),
            "ExpiredCodeException"
        );
    }

    #[test]
    fn attribute_codes_are_per_attribute() {
        let mut codes = UserCodes::default();
        let (email, email_text) = IssuedCode::new(0, 60);
        let (phone, phone_text) = IssuedCode::new(0, 60);
        codes.set_attribute("email", email);
        codes.set_attribute("phone_number", phone);
        if email_text != phone_text {
            assert!(codes.redeem_attribute("email", &phone_text, 1).is_err());
        }
        assert_eq!(codes.redeem_attribute("email", &email_text, 1), Ok(()));
        assert_eq!(
            codes.redeem_attribute("phone_number", &phone_text, 1),
            Ok(())
        );
        assert!(codes.redeem_attribute("email", &email_text, 1).is_err());
    }
}
