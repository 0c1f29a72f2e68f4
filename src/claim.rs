//! The session key and the password claim.
//!
//! `key = HKDF-SHA256(salt = PAD(u), IKM = PAD(S), info = "Caldera Derived Key", L = 16)`, and
//! `PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, name ‖ user id ‖ secret block ‖ timestamp))`, where
//! name and user id are the pool name and `USER_ID_FOR_SRP` (user SRP) or the device group key and device
//! key (device SRP).

use hmac::{KeyInit, Mac};
use subtle::ConstantTimeEq;
use zeroize::{Zeroize, ZeroizeOnDrop};

use crate::error::{Error, Result};

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// The HKDF `info` of Cognito's key derivation.
pub const HKDF_INFO: &[u8] = b"Caldera Derived Key";

/// The 16-byte key both sides derive from the SRP premaster secret S. Zeroized on drop; `Debug` redacts it.
#[derive(Zeroize, ZeroizeOnDrop)]
pub struct SessionKey([u8; 16]);

impl core::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("SessionKey(..)")
    }
}

impl SessionKey {
    /// Derives the key from PAD(u) and PAD(S).
    pub(crate) fn derive(u_padded: &[u8], s_padded: &[u8]) -> Self {
        let hk = hkdf::Hkdf::<sha2::Sha256>::new(Some(u_padded), s_padded);
        let mut okm = [0u8; 16];
        hk.expand(HKDF_INFO, &mut okm)
            .expect("16 bytes is a valid HKDF-SHA256 length");
        SessionKey(okm)
    }

    /// The raw key bytes (for known-answer tests and interop through `hazmat`).
    #[cfg(feature = "hazmat")]
    pub(crate) fn bytes(&self) -> &[u8; 16] {
        &self.0
    }

    /// The claim signature over `name ‖ user_id ‖ secret_block ‖ timestamp`, base64.
    pub(crate) fn sign(
        &self,
        name: &str,
        user_id: &str,
        secret_block: &[u8],
        timestamp: &str,
    ) -> String {
        crate::encoding::encode_base64(&self.mac(name, user_id, secret_block, timestamp))
    }

    fn mac(&self, name: &str, user_id: &str, secret_block: &[u8], timestamp: &str) -> [u8; 32] {
        let mut mac = HmacSha256::new_from_slice(&self.0).expect("HMAC takes keys of any length");
        mac.update(name.as_bytes());
        mac.update(user_id.as_bytes());
        mac.update(secret_block);
        mac.update(timestamp.as_bytes());
        mac.finalize().into_bytes().into()
    }

    /// Checks a base64 claim signature in constant time.
    ///
    /// # Errors
    /// [`Error::VerificationFailed`] when it does not match (including when it is not valid base64 or not
    /// 32 bytes long); [`Error::TooLong`] over [`crate::limits::MAX_CLAIM_SIGNATURE`].
    pub(crate) fn verify(
        &self,
        name: &str,
        user_id: &str,
        secret_block: &[u8],
        timestamp: &str,
        signature_base64: &str,
    ) -> Result<()> {
        let claimed = crate::encoding::decode_base64(
            crate::wire::PASSWORD_CLAIM_SIGNATURE,
            signature_base64,
            crate::limits::MAX_CLAIM_SIGNATURE,
        )
        .map_err(|e| match e {
            Error::TooLong { .. } => e,
            _ => Error::VerificationFailed,
        })?;
        let expected = self.mac(name, user_id, secret_block, timestamp);
        // Length is public (always 32 for a genuine claim); the content comparison is constant-time.
        if claimed.len() == expected.len() && bool::from(claimed.ct_eq(&expected)) {
            Ok(())
        } else {
            Err(Error::VerificationFailed)
        }
    }
}
