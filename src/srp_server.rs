//! The verifying side of SRP: what Cognito does with a password verifier (the stored verifier, the
//! exchange that sends B, the key that checks the claim). It backs the property tests and the
//! `cognito-srp-server` package; a client never needs it.
//!
//! ```text
//! v = g^x mod N (stored with the salt)    B = (k·v + g^b) mod N
//! u = H(PAD(A) ‖ PAD(B))                   S = (A · v^u)^b mod N,  A ≢ 0 (mod N)
//! ```

use std::collections::HashMap;

use crypto_bigint::{U256, U3072};
use rand_core::CryptoRng;
use zeroize::{Zeroize, Zeroizing};

use crate::claim::SessionKey;
use crate::device::DeviceSecretVerifierConfig;
use crate::encoding::{HexInteger, decode_base64, pad_unsigned};
use crate::engine::{self, Residue};
use crate::error::{Error, Result};
use crate::group;
use crate::limits;
use crate::secret_exponent::{SecretExponent, pow_g_secret, pow_secret};
use crate::srp::{self, EphemeralSize, PeerPublic};
use crate::timestamp::Timestamp;
use crate::user::Password;
use crate::wire;

/// What a server stores for a user (or a device) instead of the password: the salt and `v = g^x mod N`.
///
/// `Debug` omits the verifier: it is not the password, but it allows an offline guessing attack.
#[derive(Clone)]
pub struct PasswordVerifier {
    salt: HexInteger,
    verifier: Box<[u8; group::N_BYTES]>,
}

impl core::fmt::Debug for PasswordVerifier {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("PasswordVerifier")
            .field("salt", &self.salt.to_signed_hex())
            .field("verifier", &"..")
            .finish()
    }
}

impl PasswordVerifier {
    /// A new verifier for `user_id` (the `USER_ID_FOR_SRP`) in the pool named `pool_name`, with a random
    /// 16-byte salt read as a signed integer, as Cognito does.
    pub fn generate<R: CryptoRng + ?Sized>(
        rng: &mut R,
        pool_name: &str,
        user_id: &str,
        password: &Password,
    ) -> Self {
        let mut salt_bytes = [0u8; 16];
        rng.fill_bytes(&mut salt_bytes);
        Self::from_password(
            HexInteger::from_twos_complement(&salt_bytes),
            pool_name,
            user_id,
            password,
        )
    }

    /// The verifier a device sent in ConfirmDevice (`Salt` and `PasswordVerifier`, base64).
    ///
    /// # Errors
    /// [`Error::InvalidBase64`], [`Error::TooLong`] for oversized values (labelled `Salt` or
    /// `PasswordVerifier`), [`Error::InvalidVerifier`] when the verifier is not a residue in `[1, N)`.
    pub fn from_device_config(config: &DeviceSecretVerifierConfig) -> Result<Self> {
        let salt = decode_base64(wire::DEVICE_SALT, config.salt(), limits::MAX_SALT_HEX)?;
        let verifier = decode_base64(
            wire::PASSWORD_VERIFIER,
            config.password_verifier(),
            limits::MAX_PUBLIC_VALUE_HEX,
        )?;
        Self::from_parts(HexInteger::from_unsigned_bytes(&salt), &verifier)
    }

    /// The verifier for a chosen salt: what a server stores when it sets a user's password (`user_id`
    /// is the `USER_ID_FOR_SRP`, `pool_name` the part of the pool id after `_`).
    pub fn from_password(
        salt: HexInteger,
        pool_name: &str,
        user_id: &str,
        password: &Password,
    ) -> Self {
        let hash = srp::credentials_hash(pool_name, user_id, password.as_bytes());
        let x = srp::private_key(&salt.pad(), &hash);
        let verifier = Box::new(engine::residue_to_be(&srp::verifier_residue(&x)));
        PasswordVerifier { salt, verifier }
    }

    /// A stored salt and verifier (big-endian, any leading zeros).
    ///
    /// # Errors
    /// [`Error::InvalidVerifier`] (labelled `PasswordVerifier`) when the verifier is not an integer in
    /// `[1, N)`.
    pub fn from_parts(salt: HexInteger, verifier: &[u8]) -> Result<Self> {
        let digits = verifier
            .iter()
            .position(|&b| b != 0)
            .map_or(&[][..], |i| &verifier[i..]);
        if digits.is_empty() || digits.len() > group::N_BYTES {
            return Err(Error::InvalidVerifier(wire::PASSWORD_VERIFIER));
        }
        let mut v = [0u8; group::N_BYTES];
        v[group::N_BYTES - digits.len()..].copy_from_slice(digits);
        if U3072::from_be_slice(&v) >= engine::n_uint() {
            return Err(Error::InvalidVerifier(wire::PASSWORD_VERIFIER));
        }
        Ok(PasswordVerifier {
            salt,
            verifier: Box::new(v),
        })
    }

    /// The salt.
    pub fn salt(&self) -> &HexInteger {
        &self.salt
    }

    /// `v` as 384 big-endian bytes.
    pub fn verifier_bytes(&self) -> &[u8; group::N_BYTES] {
        &self.verifier
    }

    fn residue(&self) -> Residue {
        Residue::new(&U3072::from_be_slice(&self.verifier[..]))
    }
}

/// One server-side SRP exchange: the secret `b` and `B`. [`ServerSession::finish`] consumes it.
#[must_use = "an exchange does nothing until SRP_B is sent and SRP_A taken"]
pub struct ServerSession {
    secret: SecretExponent,
    verifier: Residue,
    public: Box<[u8; group::N_BYTES]>,
    public_hex: String,
}

impl core::fmt::Debug for ServerSession {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ServerSession")
            .field("b", &"..")
            .field("srp_b", &self.public_hex)
            .finish()
    }
}

impl ServerSession {
    /// Starts an exchange for a stored verifier with a fresh default-size `b`.
    pub fn start<R: CryptoRng + ?Sized>(rng: &mut R, verifier: &PasswordVerifier) -> Self {
        Self::with_secret(
            SecretExponent::random(rng, EphemeralSize::DEFAULT),
            verifier,
        )
    }

    pub(crate) fn with_secret(secret: SecretExponent, verifier: &PasswordVerifier) -> Self {
        let v = verifier.residue();
        let mut k = [0u8; group::N_BYTES];
        k[group::N_BYTES - 32..].copy_from_slice(&group::K);
        // k·v and g^b each give the verifier with B: wiped once B is formed.
        let mut kv = Residue::new(&U3072::from_be_slice(&k)).mul(&v);
        let mut gb = pow_g_secret(&secret);
        let b_pub = kv.add(&gb);
        kv.zeroize();
        gb.zeroize();
        let public = Box::new(engine::residue_to_be(&b_pub));
        let public_hex = crate::encoding::to_hex(&public[..]);
        ServerSession {
            secret,
            verifier: v,
            public,
            public_hex,
        }
    }

    /// `SRP_B`, lowercase hex.
    pub fn srp_b(&self) -> &str {
        &self.public_hex
    }

    /// Takes the client's `SRP_A` and derives the session key.
    ///
    /// # Errors
    /// [`Error::ClientPublicZero`] when A ≡ 0 mod N (a client that could otherwise skip the password);
    /// [`Error::InvalidHex`], [`Error::Empty`], [`Error::TooLong`] for a malformed A;
    /// [`Error::ScramblerZero`] when u = 0.
    pub fn finish(self, srp_a: &str) -> Result<ServerKey> {
        let client_public = PeerPublic::parse(wire::SRP_A, srp_a, Error::ClientPublicZero)?;
        let u = srp::scrambler(&client_public.padded(), &pad_unsigned(&self.public[..]))?;
        let u_exp = U256::from_be_slice(&u).resize();
        let mut base = client_public
            .residue()
            .mul(&engine::pow(&self.verifier, &u_exp, 256));
        let mut s_residue = pow_secret(&base, &self.secret);
        base.zeroize();
        let s = Zeroizing::new(engine::residue_to_be(&s_residue));
        s_residue.zeroize();
        let s_padded = Zeroizing::new(pad_unsigned(&s[..]));
        let key = SessionKey::derive(&pad_unsigned(&u), &s_padded);
        Ok(ServerKey { key })
    }
}

/// The server's session key, ready to check a client's claim.
#[derive(Debug)]
#[must_use = "a session key is only useful to check the client's claim"]
pub struct ServerKey {
    key: SessionKey,
}

impl ServerKey {
    /// Checks `PASSWORD_CLAIM_SIGNATURE` over `name ‖ user_id ‖ secret_block ‖ timestamp` in constant time.
    ///
    /// # Errors
    /// [`Error::VerificationFailed`] when it does not match.
    pub fn verify_claim(
        &self,
        name: &str,
        user_id: &str,
        secret_block: &[u8],
        timestamp: &str,
        signature_base64: &str,
    ) -> Result<()> {
        self.key
            .verify(name, user_id, secret_block, timestamp, signature_base64)
    }

    /// Checks a whole `PASSWORD_VERIFIER` / `DEVICE_PASSWORD_VERIFIER` response map: the echoed secret
    /// block must equal `issued_secret_block`, `TIMESTAMP` must be in Cognito's form, and the signature must
    /// verify for `name` (pool name or device group key) and `user_id` (`USER_ID_FOR_SRP` or device key).
    /// Returns the timestamp so the caller can refuse a stale one.
    ///
    /// # Errors
    /// [`Error::MissingParameter`], [`Error::TooLong`], [`Error::InvalidTimestamp`],
    /// [`Error::SecretBlockMismatch`] when the echoed block is not the issued one, and
    /// [`Error::VerificationFailed`] for a wrong signature.
    pub fn verify_response(
        &self,
        responses: &HashMap<String, String>,
        name: &str,
        user_id: &str,
        issued_secret_block: &str,
    ) -> Result<Timestamp> {
        let block = wire::required(
            responses,
            wire::PASSWORD_CLAIM_SECRET_BLOCK,
            limits::MAX_SECRET_BLOCK,
        )?;
        let timestamp = wire::required(responses, wire::TIMESTAMP, limits::MAX_TIMESTAMP)?;
        let signature = wire::required(
            responses,
            wire::PASSWORD_CLAIM_SIGNATURE,
            limits::MAX_CLAIM_SIGNATURE,
        )?;
        if block != issued_secret_block {
            return Err(Error::SecretBlockMismatch);
        }
        let block_bytes = decode_base64(
            wire::PASSWORD_CLAIM_SECRET_BLOCK,
            block,
            limits::MAX_SECRET_BLOCK,
        )?;
        let ts = Timestamp::parse(timestamp)?;
        self.verify_claim(name, user_id, &block_bytes, timestamp, signature)?;
        Ok(ts)
    }

    #[cfg(feature = "hazmat")]
    pub(crate) fn key(&self) -> &SessionKey {
        &self.key
    }
}
