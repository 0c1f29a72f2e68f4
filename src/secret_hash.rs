//! `SECRET_HASH`: proof of the app client secret, required in every request of a client that has one.

use base64::Engine as _;
use hmac::{KeyInit, Mac};
use std::sync::Arc;

use zeroize::Zeroizing;

use crate::error::Result;

type HmacSha256 = hmac::Hmac<sha2::Sha256>;

/// An app client secret. Zeroized on drop; `Debug` prints only `ClientSecret(..)`; not `Clone`.
///
/// An [`crate::AppClient`], its clones and every sign-in started from them share this one copy
/// (reference-counted); it is wiped when the last of them is dropped.
pub struct ClientSecret(Arc<Zeroizing<String>>);

impl core::fmt::Debug for ClientSecret {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("ClientSecret(..)")
    }
}

impl ClientSecret {
    /// Wraps a client secret.
    ///
    /// # Errors
    /// [`crate::Error::TooLong`] (labelled `ClientSecret`) over [`crate::limits::MAX_CLIENT_SECRET`].
    pub fn new(secret: impl Into<String>) -> Result<Self> {
        let secret = Zeroizing::new(secret.into());
        crate::limits::check(
            crate::wire::CLIENT_SECRET,
            &secret,
            crate::limits::MAX_CLIENT_SECRET,
        )?;
        Ok(ClientSecret(Arc::new(secret)))
    }

    /// Another handle on the same allocation.
    pub(crate) fn share(&self) -> Self {
        ClientSecret(Arc::clone(&self.0))
    }

    /// `SECRET_HASH` for a user of this client (see [`secret_hash`]).
    #[must_use]
    pub fn secret_hash(&self, username: &str, client_id: &str) -> String {
        secret_hash(&self.0, username, client_id)
    }
}

/// `SECRET_HASH = base64(HMAC-SHA256(key = client secret, message = username ‖ client id))`.
///
/// Which username: in InitiateAuth, the one sent as `USERNAME`; in every challenge response, the
/// challenge's `USERNAME` / `USER_ID_FOR_SRP` (the internal name, a UUID in alias pools), never the alias
/// the user typed. The flow types of this crate pick the right one.
#[must_use]
pub fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    let mut mac = HmacSha256::new_from_slice(client_secret.as_bytes())
        .expect("HMAC takes keys of any length");
    mac.update(username.as_bytes());
    mac.update(client_id.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}
