//! Answering a verifier challenge (`PASSWORD_VERIFIER` or `DEVICE_PASSWORD_VERIFIER`): the SRP values
//! every such challenge carries, the response, and the one step from the first to the second that user
//! SRP and device SRP share.
//!
//! ```text
//! u = H(PAD(A) ‖ PAD(B))    x = H(PAD(salt) ‖ H(name ‖ user id ‖ ":" ‖ password))
//! S = (B − k·g^x)^(a + u·x)    key = HKDF(PAD(u), PAD(S))
//! PASSWORD_CLAIM_SIGNATURE = base64(HMAC(key, name ‖ user id ‖ secret block ‖ timestamp))
//! ```
//!
//! For user SRP, name and user id are the pool name and `USER_ID_FOR_SRP`; for device SRP, the device
//! group key and the device key.

use std::collections::HashMap;

use crate::claim::SessionKey;
use crate::encoding::HexInteger;
use crate::error::{Error, Result};
use crate::limits;
use crate::srp::{self, ClientEphemeral, PeerPublic};
use crate::timestamp::Timestamp;
use crate::wire;

/// The SALT, SRP_B and SECRET_BLOCK every verifier challenge carries.
#[derive(Debug)]
pub(crate) struct SrpChallenge {
    pub(crate) salt: HexInteger,
    pub(crate) server_public: PeerPublic,
    pub(crate) secret_block_text: String,
    pub(crate) secret_block: Vec<u8>,
}

/// Who a response proves to be: the SRP name, user id and password.
pub(crate) struct SrpIdentity<'a> {
    /// Pool name (user SRP) or device group key (device SRP).
    pub(crate) name: &'a str,
    /// `USER_ID_FOR_SRP` (user SRP) or device key (device SRP).
    pub(crate) user_id: &'a str,
    pub(crate) password: &'a [u8],
}

/// The fields of a response beside the claim: `USERNAME`, `SECRET_HASH` (over that name) and
/// `DEVICE_KEY`.
pub(crate) struct ResponseAddress<'a> {
    pub(crate) username: &'a str,
    pub(crate) secret_hash: Option<String>,
    pub(crate) device_key: Option<&'a str>,
}

impl SrpChallenge {
    /// Parses SALT, SRP_B and SECRET_BLOCK, each bounded before it is decoded.
    pub(crate) fn from_parameters(parameters: &HashMap<String, String>) -> Result<Self> {
        let salt_text = wire::required(parameters, wire::SALT, limits::MAX_SALT_HEX)?;
        let b_text = wire::required(parameters, wire::SRP_B, limits::MAX_PUBLIC_VALUE_HEX)?;
        let block_text = wire::required(parameters, wire::SECRET_BLOCK, limits::MAX_SECRET_BLOCK)?;
        let salt = HexInteger::parse_salt(salt_text)?;
        let server_public = PeerPublic::parse(wire::SRP_B, b_text, Error::ServerPublicZero)?;
        let secret_block = crate::encoding::decode_base64(
            wire::SECRET_BLOCK,
            block_text,
            limits::MAX_SECRET_BLOCK,
        )?;
        Ok(SrpChallenge {
            salt,
            server_public,
            secret_block_text: block_text.to_owned(),
            secret_block,
        })
    }

    /// `u = H(PAD(A) ‖ PAD(B))`, refusing 0.
    pub(crate) fn scrambler(&self, ephemeral: &ClientEphemeral) -> Result<[u8; 32]> {
        srp::scrambler(&ephemeral.padded_public(), &self.server_public.padded())
    }

    /// The verifier step: u, x, S, the key, the claim signature, the response, each computed once.
    pub(crate) fn answer(
        &self,
        ephemeral: &ClientEphemeral,
        identity: &SrpIdentity<'_>,
        address: ResponseAddress<'_>,
        timestamp: &Timestamp,
    ) -> Result<PasswordVerifierResponse> {
        let u = self.scrambler(ephemeral)?;
        let key = self.session_key(ephemeral, identity, &u);
        Ok(self.response(&key, identity, address, timestamp))
    }

    /// `x` for `identity` and this challenge's salt.
    pub(crate) fn private_key(&self, identity: &SrpIdentity<'_>) -> zeroize::Zeroizing<[u8; 32]> {
        let hash = srp::credentials_hash(identity.name, identity.user_id, identity.password);
        srp::private_key(&self.salt.pad(), &hash)
    }

    /// The session key for a given u (checked to be non-zero by the caller).
    pub(crate) fn session_key(
        &self,
        ephemeral: &ClientEphemeral,
        identity: &SrpIdentity<'_>,
        u: &[u8; 32],
    ) -> SessionKey {
        let x = self.private_key(identity);
        let premaster = srp::client_premaster(ephemeral, &self.server_public, u, &x);
        srp::session_key(u, &premaster)
    }

    /// The response carrying the claim signed with `key`.
    pub(crate) fn response(
        &self,
        key: &SessionKey,
        identity: &SrpIdentity<'_>,
        address: ResponseAddress<'_>,
        timestamp: &Timestamp,
    ) -> PasswordVerifierResponse {
        let signature = key.sign(
            identity.name,
            identity.user_id,
            &self.secret_block,
            timestamp.as_str(),
        );
        PasswordVerifierResponse {
            username: address.username.to_owned(),
            secret_block: self.secret_block_text.clone(),
            timestamp: timestamp.as_str().to_owned(),
            signature,
            secret_hash: address.secret_hash,
            device_key: address.device_key.map(str::to_owned),
        }
    }
}

/// The `PASSWORD_VERIFIER` (or `DEVICE_PASSWORD_VERIFIER`) `ChallengeResponses`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[must_use = "a response does nothing until it is sent"]
pub struct PasswordVerifierResponse {
    username: String,
    secret_block: String,
    timestamp: String,
    signature: String,
    secret_hash: Option<String>,
    device_key: Option<String>,
}

impl PasswordVerifierResponse {
    /// `USERNAME`: the challenge's `USER_ID_FOR_SRP` (user SRP) or the user name of device SRP.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// `PASSWORD_CLAIM_SECRET_BLOCK`: the `SECRET_BLOCK` echoed verbatim.
    pub fn secret_block(&self) -> &str {
        &self.secret_block
    }

    /// `TIMESTAMP`.
    pub fn timestamp(&self) -> &str {
        &self.timestamp
    }

    /// `PASSWORD_CLAIM_SIGNATURE`.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// `SECRET_HASH`, over [`PasswordVerifierResponse::username`], when the app client has a secret.
    pub fn secret_hash(&self) -> Option<&str> {
        self.secret_hash.as_deref()
    }

    /// `DEVICE_KEY`, when a device is remembered (always present in device SRP).
    pub fn device_key(&self) -> Option<&str> {
        self.device_key.as_deref()
    }

    /// The `ChallengeResponses` map, exactly as the AWS SDKs carry it.
    pub fn into_parameters(self) -> HashMap<String, String> {
        let mut map = HashMap::new();
        map.insert(wire::USERNAME.to_owned(), self.username);
        map.insert(
            wire::PASSWORD_CLAIM_SECRET_BLOCK.to_owned(),
            self.secret_block,
        );
        map.insert(wire::TIMESTAMP.to_owned(), self.timestamp);
        map.insert(wire::PASSWORD_CLAIM_SIGNATURE.to_owned(), self.signature);
        if let Some(h) = self.secret_hash {
            map.insert(wire::SECRET_HASH.to_owned(), h);
        }
        if let Some(k) = self.device_key {
            map.insert(wire::DEVICE_KEY.to_owned(), k);
        }
        map
    }
}
