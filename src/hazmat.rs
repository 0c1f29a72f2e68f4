//! Entry points for known-answer tests and interop work. **Not the way in for signing users in.**
//!
//! Everything here lets the caller choose a value that must be random (the ephemeral secrets `a` and
//! `b`, a device's password and salt) or exposes intermediate secrets (x, S, the session key). That is
//! what reproducing another implementation's vectors needs, and what a real sign-in must never do: use
//! [`crate::AppClient`], [`crate::DeviceCredentials::confirm_device`] and [`crate::ServerSession::start`].

use crate::device::{DevicePasswordVerifierChallenge, DeviceSecretVerifierConfig, DeviceSrp};
use crate::encoding::pad_unsigned;
use crate::error::Result;
use crate::group;
use crate::server::{PasswordVerifier, ServerKey, ServerSession};
use crate::srp::{ClientEphemeral, SecretExponent};
use crate::timestamp::Timestamp;
use crate::user::{Password, PasswordVerifierChallenge, PasswordVerifierResponse, UserSrp};
use crate::{DeviceCredentials, engine};

pub use crate::engine::{modpow_bytes, modpow_g_bytes};

/// A client ephemeral key with a chosen secret `a` (big-endian, 1 to 128 bytes, not zero). Its bit bound
/// is `8 · a.len()`.
///
/// # Errors
/// [`crate::Error::InvalidExponent`] for an empty, zero or over-long `a`.
pub fn ephemeral_from_secret(a: &[u8]) -> Result<ClientEphemeral> {
    Ok(ClientEphemeral::from_secret(SecretExponent::from_be(a)?))
}

/// ConfirmDevice with a chosen 40-byte password source and 16-byte salt.
///
/// # Errors
/// As [`DeviceCredentials::confirm_device`].
pub fn confirm_device_from_random(
    device_key: &str,
    device_group_key: &str,
    password_bytes: &[u8; 40],
    salt_bytes: &[u8; 16],
) -> Result<(DeviceCredentials, DeviceSecretVerifierConfig)> {
    DeviceCredentials::confirm_device_from_random(
        device_key,
        device_group_key,
        password_bytes,
        salt_bytes,
    )
}

/// x = H(PAD(salt) ‖ H(name ‖ user ‖ ":" ‖ password)) for a salt given as PAD bytes or any other
/// big-endian form (it is normalised first).
pub fn private_key(salt: &crate::HexInteger, name: &str, user: &str, password: &[u8]) -> [u8; 32] {
    *crate::srp::private_key(
        &salt.pad(),
        &crate::srp::credentials_hash(name, user, password),
    )
}

/// A server exchange with a chosen secret `b` (big-endian, 1 to 128 bytes, not zero).
///
/// # Errors
/// [`crate::Error::InvalidExponent`] for an empty, zero or over-long `b`.
pub fn server_session_from_secret(b: &[u8], verifier: &PasswordVerifier) -> Result<ServerSession> {
    Ok(ServerSession::with_secret(
        SecretExponent::from_be(b)?,
        verifier,
    ))
}

/// The 16-byte session key a server derived.
pub fn server_key_bytes(key: &ServerKey) -> [u8; 16] {
    *key.key().bytes()
}

/// Every intermediate value of one client response, for comparison with another implementation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SrpTrace {
    /// PAD(A).
    pub a_padded: Vec<u8>,
    /// PAD(B), B as received.
    pub b_padded: Vec<u8>,
    /// PAD(salt).
    pub salt_padded: Vec<u8>,
    /// u = H(PAD(A) ‖ PAD(B)).
    pub u: [u8; 32],
    /// H(name ‖ user ‖ ":" ‖ password).
    pub credentials_hash: [u8; 32],
    /// x = H(PAD(salt) ‖ credentials hash).
    pub x: [u8; 32],
    /// Whether B − k·(g^x mod N) was negative before reduction.
    pub b_minus_kgx_negative: bool,
    /// S as 384 big-endian bytes.
    pub premaster: Vec<u8>,
    /// The 16-byte HKDF key.
    pub key: [u8; 16],
    /// The response the normal path sends.
    pub response: PasswordVerifierResponse,
}

/// Answers a `PASSWORD_VERIFIER` challenge like [`UserSrp::respond_to`], also returning every intermediate.
///
/// # Errors
/// As [`UserSrp::respond_to`].
pub fn user_srp_trace(
    login: UserSrp,
    challenge: &PasswordVerifierChallenge,
    password: &Password,
    timestamp: &Timestamp,
) -> Result<SrpTrace> {
    let session = login.session(challenge, password, None)?;
    let response = login.build_response(challenge, &session.key, timestamp);
    Ok(trace(
        login.ephemeral(),
        &challenge.server_public,
        &challenge.salt,
        &session,
        response,
    ))
}

fn trace(
    ephemeral: &ClientEphemeral,
    server_public: &crate::srp::PeerPublic,
    salt: &crate::HexInteger,
    session: &crate::srp::ClientSession,
    response: PasswordVerifierResponse,
) -> SrpTrace {
    SrpTrace {
        a_padded: pad_unsigned(ephemeral.public_bytes()),
        b_padded: server_public.padded(),
        salt_padded: salt.pad(),
        u: session.u,
        credentials_hash: *session.credentials_hash,
        x: *session.x,
        b_minus_kgx_negative: session.b_minus_kgx_negative(server_public),
        premaster: session.premaster.to_vec(),
        key: *session.key.bytes(),
        response,
    }
}

/// Answers a `DEVICE_PASSWORD_VERIFIER` challenge like [`DeviceSrp::respond_to`], also returning every
/// intermediate.
///
/// # Errors
/// As [`DeviceSrp::respond_to`].
pub fn device_srp_trace(
    login: DeviceSrp,
    challenge: &DevicePasswordVerifierChallenge,
    timestamp: &Timestamp,
) -> Result<SrpTrace> {
    let session = login.session(challenge, None)?;
    let response = login.build_response(challenge, &session.key, timestamp);
    Ok(trace(
        login.ephemeral(),
        &challenge.server_public,
        &challenge.salt,
        &session,
        response,
    ))
}

/// Answers a `PASSWORD_VERIFIER` challenge with a chosen scrambler u instead of H(PAD(A) ‖ PAD(B)).
/// No SHA-256 preimage of 0 is known, so this is the only way to exercise the u = 0 refusal.
///
/// # Errors
/// [`crate::Error::ScramblerZero`] when `u` is all zeros.
pub fn user_srp_respond_with_scrambler(
    login: UserSrp,
    challenge: &PasswordVerifierChallenge,
    password: &Password,
    timestamp: &Timestamp,
    u: [u8; 32],
) -> Result<PasswordVerifierResponse> {
    let session = login.session(challenge, password, Some(u))?;
    Ok(login.build_response(challenge, &session.key, timestamp))
}

/// g^x mod N as 384 big-endian bytes for a 32-byte x (a verifier).
pub fn verifier_from_private_key(x: &[u8; 32]) -> [u8; group::N_BYTES] {
    engine::residue_to_be(&crate::srp::verifier_residue(x))
}
