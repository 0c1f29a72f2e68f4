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
use crate::srp::{self, ClientEphemeral};
use crate::srp_server::{PasswordVerifier, ServerKey, ServerSession};
use crate::timestamp::Timestamp;
use crate::user::{Password, PasswordVerifierChallenge, PasswordVerifierResponse, UserSrp};
use crate::verifier_response::{ResponseAddress, SrpChallenge, SrpIdentity};
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
    let (identity, address) = login.identity_and_address(challenge, password);
    trace(
        login.ephemeral(),
        &challenge.srp,
        &identity,
        address,
        timestamp,
    )
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
    let (identity, address) = login.identity_and_address(challenge);
    trace(
        login.ephemeral(),
        &challenge.srp,
        &identity,
        address,
        timestamp,
    )
}

/// The verifier step ([`SrpChallenge::answer`]) taken one exposed step at a time, each result kept.
fn trace(
    ephemeral: &ClientEphemeral,
    challenge: &SrpChallenge,
    identity: &SrpIdentity<'_>,
    address: ResponseAddress<'_>,
    timestamp: &Timestamp,
) -> Result<SrpTrace> {
    let u = challenge.scrambler(ephemeral)?;
    let credentials_hash =
        srp::credentials_hash(identity.name, identity.user_id, identity.password);
    let x = srp::private_key(&challenge.salt.pad(), &credentials_hash);
    let premaster = srp::client_premaster(ephemeral, &challenge.server_public, &u, &x);
    let key = srp::session_key(&u, &premaster);
    Ok(SrpTrace {
        a_padded: ephemeral.padded_public(),
        b_padded: challenge.server_public.padded(),
        salt_padded: challenge.salt.pad(),
        u,
        credentials_hash: *credentials_hash,
        x: *x,
        b_minus_kgx_negative: is_below_k_times_gx(
            challenge.server_public.received().magnitude(),
            &x,
        ),
        premaster: premaster.to_vec(),
        key: *key.bytes(),
        response: challenge.response(&key, identity, address, timestamp),
    })
}

/// Whether the received (unreduced) B is below the integer k·(g^x mod N): the reference client then
/// reduces a negative base.
fn is_below_k_times_gx(b: &[u8], x: &[u8; 32]) -> bool {
    use crypto_bigint::{U256, U3072, U4096};
    let gx = srp::verifier_residue(x);
    let k = U256::from_be_slice(&group::K);
    let (lo, hi) = gx.retrieve().widening_mul(&k);
    let product: U4096 = lo
        .resize::<{ U4096::LIMBS }>()
        .wrapping_add(&hi.resize::<{ U4096::LIMBS }>().shl_vartime(U3072::BITS));
    let mut buf = [0u8; 512];
    buf[512 - b.len()..].copy_from_slice(b);
    U4096::from_be_slice(&buf) < product
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
    let u = srp::check_scrambler(u)?;
    let (identity, address) = login.identity_and_address(challenge, password);
    let key = challenge.srp.session_key(login.ephemeral(), &identity, &u);
    Ok(challenge.srp.response(&key, &identity, address, timestamp))
}

/// g^x mod N as 384 big-endian bytes for a 32-byte x (a verifier).
pub fn verifier_from_private_key(x: &[u8; 32]) -> [u8; group::N_BYTES] {
    engine::residue_to_be(&crate::srp::verifier_residue(x))
}
