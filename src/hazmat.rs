//! Entry points for known-answer tests and interop work. **Not the way in for signing users in.**
//! Only built with the non-default `hazmat` feature.
//!
//! Everything here lets the caller choose a value that must be random (the ephemeral secrets `a` and
//! `b`, a device's password and salt) or exposes intermediate secrets (x, S, the session key). That is
//! what reproducing another implementation's vectors needs, and what a real sign-in must never do: use
//! [`crate::AppClient`], [`crate::DeviceCredentials::confirm_device`] and [`crate::ServerSession::start`].

use crate::device::{DevicePasswordVerifierChallenge, DeviceSecretVerifierConfig, DeviceSrp};
use crate::encoding::HexInteger;
use crate::error::Result;
use crate::group;
use crate::secret_exponent::SecretExponent;
use crate::server::{PasswordVerifier, ServerKey, ServerSession};
use crate::srp::ClientEphemeral;
use crate::timestamp::Timestamp;
use crate::user::{Password, PasswordVerifierChallenge, PasswordVerifierResponse, UserSrp};
use crate::{DeviceCredentials, engine};

pub use crate::encoding::{decode_base64, encode_base64, hex_lower, pad_unsigned, to_hex};

/// `2^e mod N` on big-endian bytes (bit bound `8 · exponent.len()`), for benches, fuzzing and
/// differential tests. `None` when the exponent is over the engine's 256 bytes.
pub fn modpow_g_bytes(exponent: &[u8]) -> Option<[u8; group::N_BYTES]> {
    engine::modpow_g_bytes(exponent)
}

/// `base^e mod N` on big-endian bytes (base reduced mod N first). `None` when the base is over 512
/// bytes or the exponent over the engine's 256 bytes.
pub fn modpow_bytes(base: &[u8], exponent: &[u8]) -> Option<[u8; group::N_BYTES]> {
    engine::modpow_bytes(base, exponent)
}

/// Parses hex into a [`HexInteger`] with the given error label and length bound; `allow_negative`
/// accepts a leading `-`.
///
/// # Errors
/// [`crate::Error::TooLong`] over `max_len` (checked first), [`crate::Error::Empty`],
/// [`crate::Error::InvalidHex`].
pub fn parse_hex(
    parameter: &'static str,
    text: &str,
    max_len: usize,
    allow_negative: bool,
) -> Result<HexInteger> {
    HexInteger::parse(parameter, text, max_len, allow_negative)
}

/// A client ephemeral key with a chosen secret `a` (big-endian, 1 to
/// [`crate::limits::MAX_EPHEMERAL_BYTES`] bytes, not zero). Its bit bound is `8 · a.len()`.
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

/// A server exchange with a chosen secret `b` (big-endian, 1 to [`crate::limits::MAX_EPHEMERAL_BYTES`]
/// bytes, not zero; bit bound `8 · b.len()`).
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
#[non_exhaustive]
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
    let session = login.session(challenge, password, None, true)?;
    let response = login.build_response(challenge, &session.key, timestamp);
    Ok(trace(login.ephemeral(), &challenge.srp, &session, response))
}

fn trace(
    ephemeral: &ClientEphemeral,
    challenge: &crate::user::SrpChallenge,
    session: &crate::srp::ClientSession,
    response: PasswordVerifierResponse,
) -> SrpTrace {
    let t = session
        .trace
        .as_ref()
        .expect("the session was computed with its trace");
    SrpTrace {
        a_padded: pad_unsigned(ephemeral.public_bytes()),
        b_padded: challenge.server_public.padded(),
        salt_padded: challenge.salt.pad(),
        u: session.u,
        credentials_hash: t.credentials_hash,
        x: t.x,
        b_minus_kgx_negative: t.b_minus_kgx_negative,
        premaster: t.premaster.to_vec(),
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
    let session = login.session(challenge, None, true)?;
    let response = login.build_response(challenge, &session.key, timestamp);
    Ok(trace(login.ephemeral(), &challenge.srp, &session, response))
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
    let session = login.session(challenge, password, Some(u), false)?;
    Ok(login.build_response(challenge, &session.key, timestamp))
}

/// g^x mod N as 384 big-endian bytes for a 32-byte x (a verifier).
pub fn verifier_from_private_key(x: &[u8; 32]) -> [u8; group::N_BYTES] {
    engine::residue_to_be(&crate::srp::verifier_residue(x))
}
