//! The session key and the password claim.
//!
//! `key = HKDF-SHA256(salt = PAD(u), IKM = PAD(S), info = "Caldera Derived Key", L = 16)`, and
//! `PASSWORD_CLAIM_SIGNATURE = base64(HMAC-SHA256(key, name ‖ user id ‖ secret block ‖ timestamp))`, where
//! name and user id are the pool name and `USER_ID_FOR_SRP` (user SRP) or the device group key and device
//! key (device SRP).

use hmac::{KeyInit, Mac};
use subtle::{Choice, ConditionallySelectable, ConstantTimeEq};
use zeroize::{Zeroize, ZeroizeOnDrop, Zeroizing};

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
        // Expanded straight into the key: no second copy of it is left behind.
        let mut key = SessionKey([0u8; 16]);
        hk.expand(HKDF_INFO, &mut key.0)
            .expect("16 bytes is a valid HKDF-SHA256 length");
        key
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
    /// The expected MAC is encoded (standard alphabet, padded: 44 characters) with arithmetic instead of
    /// a lookup table, and compared with the claim as a fixed-length string: the claim is never decoded,
    /// so nothing done with it depends on its content. A claim of another length cannot encode 32 bytes
    /// and is refused on its (public) length alone. Accepted forms: standard or URL-safe
    /// alphabet (not mixed), padded or not.
    ///
    /// # Errors
    /// [`Error::VerificationFailed`] when it does not match (including when it is not a base64 encoding of
    /// 32 bytes); [`Error::TooLong`] over [`crate::limits::MAX_CLAIM_SIGNATURE`].
    pub(crate) fn verify(
        &self,
        name: &str,
        user_id: &str,
        secret_block: &[u8],
        timestamp: &str,
        signature_base64: &str,
    ) -> Result<()> {
        crate::limits::check(
            crate::wire::PASSWORD_CLAIM_SIGNATURE,
            signature_base64,
            crate::limits::MAX_CLAIM_SIGNATURE,
        )?;
        let mut expected = self.mac(name, user_id, secret_block, timestamp);
        let want = Zeroizing::new(encode_mac_ct(&expected));
        expected.zeroize();
        let given = signature_base64.as_bytes();
        if given.len() != SIGNATURE_CHARS && given.len() != SIGNATURE_CHARS - 1 {
            return Err(Error::VerificationFailed);
        }
        // The claim in standard form: URL-safe characters mapped, the padding put back. Which alphabet
        // it used is noted (mixing both is refused), all without branches on its characters.
        let mut normalized = [b'='; SIGNATURE_CHARS];
        let mut standard_only = Choice::from(0);
        let mut url_safe_only = Choice::from(0);
        for (out, &c) in normalized.iter_mut().zip(given) {
            let dash = c.ct_eq(&b'-');
            let underscore = c.ct_eq(&b'_');
            standard_only |= c.ct_eq(&b'+') | c.ct_eq(&b'/');
            url_safe_only |= dash | underscore;
            let mapped = u8::conditional_select(&c, &b'+', dash);
            *out = u8::conditional_select(&mapped, &b'/', underscore);
        }
        let matches = normalized.ct_eq(&want[..]) & !(standard_only & url_safe_only);
        if bool::from(matches) {
            Ok(())
        } else {
            Err(Error::VerificationFailed)
        }
    }
}

/// Characters of a padded base64 encoding of 32 bytes.
const SIGNATURE_CHARS: usize = 44;

/// The standard base64 character of a 6-bit value, computed without a table or a branch.
fn base64_char(v: u8) -> u8 {
    let v = i16::from(v);
    // 'A' + v, shifted for each range v passes: 'a' − 26, '0' − 52, '+' − 62, '/' − 63. `(t - v) >> 8`
    // is all ones when v > t (arithmetic shift of a negative value) and zero otherwise.
    let mut offset: i16 = 65;
    offset += ((25 - v) >> 8) & 6;
    offset -= ((51 - v) >> 8) & 75;
    offset -= ((61 - v) >> 8) & 15;
    offset += ((62 - v) >> 8) & 3;
    (v + offset) as u8
}

/// Padded standard base64 of a 32-byte MAC, in constant time.
fn encode_mac_ct(mac: &[u8; 32]) -> [u8; SIGNATURE_CHARS] {
    let mut out = [b'='; SIGNATURE_CHARS];
    let mut padded = [0u8; 33];
    padded[..32].copy_from_slice(mac);
    for (group, chunk) in padded.chunks_exact(3).enumerate() {
        let n = (u32::from(chunk[0]) << 16) | (u32::from(chunk[1]) << 8) | u32::from(chunk[2]);
        for k in 0..4 {
            out[group * 4 + k] = base64_char(((n >> (18 - 6 * k)) & 63) as u8);
        }
    }
    padded.zeroize();
    // 32 bytes are 43 characters and one `=`: the last group's fourth character is padding.
    out[SIGNATURE_CHARS - 1] = b'=';
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::Engine as _;

    #[test]
    fn constant_time_encoding_matches_base64() {
        for v in 0u8..64 {
            let want = base64::alphabet::STANDARD.as_str().as_bytes()[usize::from(v)];
            assert_eq!(base64_char(v), want, "value {v}");
        }
        let mut mac = [0u8; 32];
        for seed in 0u8..=255 {
            for (i, b) in mac.iter_mut().enumerate() {
                *b = seed.wrapping_mul(31).wrapping_add(i as u8 * 7) ^ (i as u8).rotate_left(3);
            }
            let want = base64::engine::general_purpose::STANDARD.encode(mac);
            assert_eq!(encode_mac_ct(&mac).as_slice(), want.as_bytes());
        }
    }
}
