//! `SECRET_HASH`: proof of the app client secret, required in every request of a client that has one.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use zeroize::Zeroizing;

use crate::error::Result;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// An app client secret. Zeroized on drop; `Debug` prints only `ClientSecret(..)`.
pub struct ClientSecret(Zeroizing<String>);

impl core::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ClientSecret(..)")
    }
}

impl ClientSecret {
    /// Wraps a client secret.
    ///
    /// # Errors
    /// [`crate::Error::TooLong`] over [`crate::limits::MAX_CLIENT_SECRET`].
    pub fn new(secret: impl Into<String>) -> Result<Self> {
        let secret = Zeroizing::new(secret.into());
        crate::limits::check("client secret", &secret, crate::limits::MAX_CLIENT_SECRET)?;
        Ok(ClientSecret(secret))
    }

    /// `SECRET_HASH` for a user of this client (see [`secret_hash`]).
    pub fn secret_hash(&self, username: &str, client_id: &str) -> String {
        secret_hash(&self.0, username, client_id)
    }

    pub(crate) fn duplicate(&self) -> Self {
        ClientSecret(self.0.clone())
    }
}

/// `SECRET_HASH = base64(HMAC-SHA256(key = client secret, message = username ‖ client id))`.
///
/// Which username: in InitiateAuth, the one sent as `USERNAME`; in every challenge response, the
/// challenge's `USERNAME` / `USER_ID_FOR_SRP` (the internal name, a UUID in alias pools), never the alias
/// the user typed. The flow types of this crate pick the right one.
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(client_secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
