//! A pool's password policy (Cognito's `PasswordPolicyType`) and the temporary passwords made under it.
//!
//! Every password a user chooses (SignUp, ConfirmForgotPassword, ChangePassword, NEW_PASSWORD_REQUIRED,
//! AdminSetUserPassword, AdminCreateUser's `TemporaryPassword`) is checked here; passwords given in the
//! server's configuration are not, so fixtures can use any password.

use serde::Deserialize;

use crate::protocol::CognitoError;
use crate::util::random_bytes;

/// The characters Cognito counts as symbols.
pub const SYMBOLS: &str = "^$*.[]{}()?\"!@#%&/\\,><':;|_~`=+- ";

/// Longest password Cognito takes (`PasswordType`).
pub const MAX_PASSWORD_CHARS: usize = 256;

/// A pool's password policy. The default is Cognito's: at least 8 characters with an uppercase letter,
/// a lowercase letter, a number and a symbol.
#[derive(Deserialize, serde::Serialize, Debug, Clone, Copy, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct PasswordPolicy {
    /// Fewest characters (6 to 99).
    pub minimum_length: u32,
    /// An uppercase letter is required.
    pub require_uppercase: bool,
    /// A lowercase letter is required.
    pub require_lowercase: bool,
    /// A digit is required.
    pub require_numbers: bool,
    /// One of [`SYMBOLS`] is required.
    pub require_symbols: bool,
    /// Days a temporary password from AdminCreateUser stays usable (Cognito's default 7).
    pub temporary_password_validity_days: u32,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            minimum_length: 8,
            require_uppercase: true,
            require_lowercase: true,
            require_numbers: true,
            require_symbols: true,
            temporary_password_validity_days: 7,
        }
    }
}

fn nonconforming(what: &str) -> CognitoError {
    CognitoError::InvalidPassword(format!("Password does not conform to policy: {what}"))
}

impl PasswordPolicy {
    /// Checks a chosen password against the policy, with Cognito's messages.
    ///
    /// # Errors
    /// `InvalidPasswordException` naming the first rule broken; `InvalidParameterException` for an
    /// empty password, one past [`MAX_PASSWORD_CHARS`] or with leading or trailing spaces.
    pub fn check(&self, password: &str) -> Result<(), CognitoError> {
        let chars = password.chars().count();
        if chars == 0 || chars > MAX_PASSWORD_CHARS {
            return Err(CognitoError::invalid(format!(
                "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length less than or equal to {MAX_PASSWORD_CHARS}"
            )));
        }
        if password.starts_with(' ') || password.ends_with(' ') {
            return Err(CognitoError::invalid(
                "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[\\S]+.*[\\S]+$",
            ));
        }
        if chars < self.minimum_length as usize {
            return Err(nonconforming("Password not long enough"));
        }
        let has = |f: fn(char) -> bool| password.chars().any(f);
        if self.require_lowercase && !has(|c| c.is_ascii_lowercase()) {
            return Err(nonconforming("Password must have lowercase characters"));
        }
        if self.require_uppercase && !has(|c| c.is_ascii_uppercase()) {
            return Err(nonconforming("Password must have uppercase characters"));
        }
        if self.require_numbers && !has(|c| c.is_ascii_digit()) {
            return Err(nonconforming("Password must have numeric characters"));
        }
        if self.require_symbols && !has(|c| SYMBOLS.contains(c) && c != ' ') {
            return Err(nonconforming("Password must have symbol characters"));
        }
        Ok(())
    }

    /// Checks the policy's own values, as CreateUserPool does.
    ///
    /// # Errors
    /// `InvalidParameterException` for a minimum length outside 6 to 99.
    pub fn validate(&self) -> Result<(), CognitoError> {
        if !(6..=99).contains(&self.minimum_length) {
            return Err(CognitoError::invalid(
                "1 validation error detected: Value at 'policies.passwordPolicy.minimumLength' failed to satisfy constraint: Member must have value between 6 and 99",
            ));
        }
        Ok(())
    }

    /// A random temporary password that meets the policy (one character of each class, then random
    /// letters and digits, shuffled).
    pub fn temporary_password(&self) -> String {
        const LOWER: &[u8] = b"abcdefghijkmnopqrstuvwxyz";
        const UPPER: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";
        const DIGITS: &[u8] = b"23456789";
        const SYMBOLS_USED: &[u8] = b"!#%^*-_=+.";
        let length = (self.minimum_length as usize).max(12);
        let bytes = random_bytes(length * 2);
        let pick = |set: &[u8], b: u8| set[usize::from(b) % set.len()] as char;
        let mut out: Vec<char> = vec![
            pick(LOWER, bytes[0]),
            pick(UPPER, bytes[1]),
            pick(DIGITS, bytes[2]),
            pick(SYMBOLS_USED, bytes[3]),
        ];
        let all: Vec<u8> = [LOWER, UPPER, DIGITS].concat();
        out.extend(bytes[4..length].iter().map(|b| pick(&all, *b)));
        // Fisher-Yates with the second half of the random bytes.
        for i in (1..out.len()).rev() {
            let j = usize::from(bytes[length + i]) % (i + 1);
            out.swap(i, j);
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(r: Result<(), CognitoError>) -> String {
        r.unwrap_err().message()
    }

    #[test]
    fn cognito_default_policy() {
        let p = PasswordPolicy::default();
        assert_eq!(p.check("Correct-Horse-9"), Ok(()));
        assert_eq!(
            message(p.check("Sh0rt!")),
            "Password does not conform to policy: Password not long enough"
        );
        assert_eq!(
            message(p.check("NOLOWER-123")),
            "Password does not conform to policy: Password must have lowercase characters"
        );
        assert_eq!(
            message(p.check("noupper-123")),
            "Password does not conform to policy: Password must have uppercase characters"
        );
        assert_eq!(
            message(p.check("No-Numbers-Here")),
            "Password does not conform to policy: Password must have numeric characters"
        );
        assert_eq!(
            message(p.check("NoSymbols123")),
            "Password does not conform to policy: Password must have symbol characters"
        );
        assert_eq!(
            p.check("NoSymbols123").unwrap_err().code(),
            "InvalidPasswordException"
        );
        assert_eq!(
            p.check(" Leading-Space-1").unwrap_err().code(),
            "InvalidParameterException"
        );
        assert_eq!(
            p.check(&"Aa1!".repeat(65)).unwrap_err().code(),
            "InvalidParameterException"
        );
    }

    #[test]
    fn relaxed_policy_and_validation() {
        let p = PasswordPolicy {
            minimum_length: 6,
            require_uppercase: false,
            require_lowercase: false,
            require_numbers: false,
            require_symbols: false,
            temporary_password_validity_days: 7,
        };
        assert_eq!(p.check("aaaaaa"), Ok(()));
        assert!(p.check("aaaaa").is_err());
        assert!(p.validate().is_ok());
        let bad = PasswordPolicy {
            minimum_length: 5,
            ..p
        };
        assert_eq!(
            bad.validate().unwrap_err().code(),
            "InvalidParameterException"
        );
    }

    #[test]
    fn temporary_passwords_meet_the_policy() {
        let strict = PasswordPolicy {
            minimum_length: 20,
            ..PasswordPolicy::default()
        };
        for _ in 0..200 {
            let t = strict.temporary_password();
            assert_eq!(t.chars().count(), 20);
            assert_eq!(strict.check(&t), Ok(()), "{t}");
        }
        assert_ne!(
            PasswordPolicy::default().temporary_password(),
            PasswordPolicy::default().temporary_password()
        );
    }
}
