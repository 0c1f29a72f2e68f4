//! TOTP codes (RFC 6238) for `SOFTWARE_TOKEN_MFA`, for callers that hold the authenticator secret
//! (the `SecretCode` of AssociateSoftwareToken).
//!
//! Cognito's authenticator codes are the RFC's defaults: HMAC-SHA1, a 30-second step from the Unix
//! epoch, 6 digits.

use data_encoding::BASE32_NOPAD;
use hmac::{KeyInit, Mac};
use zeroize::Zeroizing;

use crate::error::{Error, Result};

type HmacSha1 = hmac::Hmac<sha1::Sha1>;

/// The label of errors about a TOTP secret (the `SecretCode` field of AssociateSoftwareToken).
const SECRET_CODE: &str = "SecretCode";

/// The time step Cognito uses, in seconds.
pub const STEP_SECONDS: u64 = 30;
/// The number of digits Cognito uses.
pub const DIGITS: u32 = 6;

/// A TOTP secret. Zeroized on drop; `Debug` prints only `TotpSecret(..)`.
pub struct TotpSecret(Zeroizing<Vec<u8>>);

impl core::fmt::Debug for TotpSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("TotpSecret(..)")
    }
}

impl TotpSecret {
    /// Decodes a base32 secret (RFC 4648 alphabet, either case; `=` padding, spaces and `-` ignored), as
    /// AssociateSoftwareToken returns it and authenticator apps show it.
    ///
    /// # Errors
    /// [`Error::InvalidBase32`] (labelled `SecretCode`) for any other character, an impossible length,
    /// or an empty secret; [`Error::TooLong`] over 1024 characters.
    pub fn from_base32(text: &str) -> Result<Self> {
        crate::limits::check(SECRET_CODE, text, 1024)?;
        // Reserved first: a growing String would leave its outgrown buffers unwiped.
        let mut cleaned = Zeroizing::new(String::with_capacity(text.len()));
        for c in text.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
            cleaned.push(c.to_ascii_uppercase());
        }
        let key = BASE32_NOPAD
            .decode(cleaned.as_bytes())
            .map_err(|_| Error::InvalidBase32(SECRET_CODE))?;
        if key.is_empty() {
            return Err(Error::InvalidBase32(SECRET_CODE));
        }
        Ok(TotpSecret(Zeroizing::new(key)))
    }

    /// A secret from its raw key bytes.
    pub fn from_bytes(key: &[u8]) -> Self {
        TotpSecret(Zeroizing::new(key.to_vec()))
    }

    /// The 6-digit code for the 30-second step containing `unix_seconds`.
    #[must_use]
    pub fn code_at(&self, unix_seconds: u64) -> String {
        self.code_with(unix_seconds, STEP_SECONDS, DIGITS)
    }

    /// The code for the current time from the system clock.
    #[cfg(feature = "clock")]
    #[must_use]
    pub fn code_now(&self) -> String {
        let now = chrono::Utc::now().timestamp().max(0) as u64;
        self.code_at(now)
    }

    /// RFC 6238 with HMAC-SHA1 and a chosen step (seconds, at least 1) and digit count (1 to 9): the
    /// RFC 4226 code of counter `unix_seconds / step`, zero-padded to `digits`.
    #[must_use]
    pub fn code_with(&self, unix_seconds: u64, step: u64, digits: u32) -> String {
        let digits = digits.clamp(1, 9);
        let counter = unix_seconds / step.max(1);
        let mut mac = HmacSha1::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(&counter.to_be_bytes());
        let digest = Zeroizing::new(<[u8; 20]>::from(mac.finalize().into_bytes()));
        // RFC 4226 §5.3 dynamic truncation.
        let offset = usize::from(digest[19] & 0x0f);
        let binary = u32::from_be_bytes([
            digest[offset] & 0x7f,
            digest[offset + 1],
            digest[offset + 2],
            digest[offset + 3],
        ]);
        let code = binary % 10u32.pow(digits);
        format!("{code:0width$}", width = digits as usize)
    }
}
