//! The SRP-6a math Cognito runs, shared by user SRP, device SRP and the server side.
//!
//! ```text
//! A = g^a                      u = H(PAD(A) ‖ PAD(B))
//! x = H(PAD(salt) ‖ H(name ‖ user ‖ ":" ‖ password))
//! S = (B − k·g^x)^(a + u·x)    key = HKDF(PAD(u), PAD(S))
//! ```

use crypto_bigint::{U256, U512, U3072, Uint};
use rand_core::CryptoRng;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, Zeroizing};

use crate::claim::SessionKey;
use crate::encoding::{HexInteger, pad_unsigned};
use crate::engine::{self, ExponentUint, Residue};
use crate::error::{Error, Result};
use crate::group;
pub use crate::secret_exponent::EphemeralSize;
pub(crate) use crate::secret_exponent::SecretExponent;
use crate::secret_exponent::{pow_g_secret, pow_secret};

/// A client's ephemeral key pair: the secret `a` and the public `A = g^a mod N`.
///
/// Consumed by the response it serves, so one `a` can never answer two challenges. Generate it ahead of
/// time (before the password is typed) to take `g^a` off the latency after the challenge. `a` is zeroized
/// on drop; `Debug` shows only `A`.
pub struct ClientEphemeral {
    secret: SecretExponent,
    public: Box<[u8; group::N_BYTES]>,
    public_hex: String,
}

impl core::fmt::Debug for ClientEphemeral {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ClientEphemeral")
            .field("a", &"..")
            .field("srp_a", &self.public_hex)
            .finish()
    }
}

impl ClientEphemeral {
    /// A new key pair of the default size from the caller's CSPRNG.
    pub fn generate<R: CryptoRng + ?Sized>(rng: &mut R) -> Self {
        Self::generate_with_size(rng, EphemeralSize::DEFAULT)
    }

    /// A new key pair with `a` of the given size.
    pub fn generate_with_size<R: CryptoRng + ?Sized>(rng: &mut R, size: EphemeralSize) -> Self {
        Self::from_secret(SecretExponent::random(rng, size))
    }

    /// A new key pair of the default size from the operating system's RNG.
    #[cfg(feature = "os-rng")]
    pub fn generate_os() -> Self {
        Self::generate(&mut crate::os_rng())
    }

    pub(crate) fn from_secret(secret: SecretExponent) -> Self {
        let public = Box::new(engine::residue_to_be(&pow_g_secret(&secret)));
        let public_hex = crate::encoding::to_hex(&public[..]);
        ClientEphemeral {
            secret,
            public,
            public_hex,
        }
    }

    /// `SRP_A`: A as lowercase hex without leading zeros (what the official client sends).
    pub fn srp_a(&self) -> &str {
        &self.public_hex
    }

    /// A as 384 big-endian bytes.
    pub fn public_bytes(&self) -> &[u8; group::N_BYTES] {
        &self.public
    }

    /// PAD(A).
    pub(crate) fn padded_public(&self) -> Vec<u8> {
        pad_unsigned(&self.public[..])
    }
}

/// The server's public value B as received: its integer (hashed as is, unreduced) and its residue.
pub(crate) struct PeerPublic {
    received: HexInteger,
    residue: Residue,
}

impl PeerPublic {
    /// Parses and checks a public value (`SRP_B`, or `SRP_A` on the server side).
    pub(crate) fn parse(parameter: &'static str, text: &str, zero: Error) -> Result<Self> {
        let received =
            HexInteger::parse(parameter, text, crate::limits::MAX_PUBLIC_VALUE_HEX, false)?;
        // MAX_PUBLIC_VALUE_HEX keeps the magnitude within the engine's 512-byte input.
        let residue = engine::residue_from_be(received.magnitude()).ok_or(Error::TooLong {
            parameter,
            max: crate::limits::MAX_PUBLIC_VALUE_HEX,
        })?;
        if bool::from(residue.retrieve().is_zero()) {
            return Err(zero);
        }
        Ok(PeerPublic { received, residue })
    }

    pub(crate) fn padded(&self) -> Vec<u8> {
        self.received.pad()
    }

    pub(crate) fn residue(&self) -> &Residue {
        &self.residue
    }

    pub(crate) fn received(&self) -> &HexInteger {
        &self.received
    }
}

impl core::fmt::Debug for PeerPublic {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{:?}", self.received())
    }
}

/// `u = H(PAD(A) ‖ PAD(B))`, refusing 0.
pub(crate) fn scrambler(a_padded: &[u8], b_padded: &[u8]) -> Result<[u8; 32]> {
    let mut h = Sha256::new();
    h.update(a_padded);
    h.update(b_padded);
    let u: [u8; 32] = h.finalize().into();
    check_scrambler(u)
}

pub(crate) fn check_scrambler(u: [u8; 32]) -> Result<[u8; 32]> {
    if u == [0u8; 32] {
        Err(Error::ScramblerZero)
    } else {
        Ok(u)
    }
}

/// `H(name ‖ user ‖ ":" ‖ password)`.
pub(crate) fn credentials_hash(name: &str, user: &str, password: &[u8]) -> Zeroizing<[u8; 32]> {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update(user.as_bytes());
    h.update(b":");
    h.update(password);
    Zeroizing::new(h.finalize().into())
}

/// `x = H(PAD(salt) ‖ credentials hash)`.
pub(crate) fn private_key(salt_padded: &[u8], credentials_hash: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    let mut h = Sha256::new();
    h.update(salt_padded);
    h.update(credentials_hash);
    Zeroizing::new(h.finalize().into())
}

fn k_residue() -> Residue {
    let mut k = [0u8; group::N_BYTES];
    k[group::N_BYTES - 32..].copy_from_slice(&group::K);
    Residue::new(&U3072::from_be_slice(&k))
}

fn exponent_256(bytes: &[u8; 32]) -> ExponentUint {
    U256::from_be_slice(bytes).resize()
}

/// `g^x mod N` for a 256-bit x.
pub(crate) fn verifier_residue(x: &[u8; 32]) -> Residue {
    let mut e = exponent_256(x);
    let r = engine::pow_g(&e, 256);
    e.zeroize();
    r
}

/// `S = (B − k·g^x)^(a + u·x) mod N`, the client's premaster secret, as 384 big-endian bytes. The
/// base is reduced into `[0, N)`; every intermediate is wiped before returning.
pub(crate) fn client_premaster(
    ephemeral: &ClientEphemeral,
    server_public: &PeerPublic,
    u: &[u8; 32],
    x: &[u8; 32],
) -> Zeroizing<[u8; group::N_BYTES]> {
    let mut gx = verifier_residue(x);
    let mut kgx = k_residue().mul(&gx);
    gx.zeroize();
    let mut base = server_public.residue().sub(&kgx);
    kgx.zeroize();
    // a + u·x < 2^max(bits(a), 512) + 2^512 ≤ 2^(max + 1): this bound is public.
    let exponent = ephemeral.secret.plus(&u_times_x(u, x)[..]);
    let mut s = pow_secret(&base, &exponent);
    drop(exponent);
    base.zeroize();
    let premaster = Zeroizing::new(engine::residue_to_be(&s));
    s.zeroize();
    premaster
}

/// `u·x` as 64 big-endian bytes; the integers it is computed with are wiped.
fn u_times_x(u: &[u8; 32], x: &[u8; 32]) -> Zeroizing<[u8; 64]> {
    let mut x_uint = U256::from_be_slice(x);
    let u_uint = U256::from_be_slice(u);
    let (mut lo, mut hi) = u_uint.widening_mul(&x_uint);
    let mut ux: U512 = lo.concat(&hi);
    let mut out = Zeroizing::new([0u8; 64]);
    let mut ux_bytes = ux.to_be_bytes();
    out.copy_from_slice(ux_bytes.as_ref());
    ux_bytes.zeroize();
    x_uint.zeroize();
    lo.zeroize();
    hi.zeroize();
    ux.zeroize();
    out
}

/// `key = HKDF(PAD(u), PAD(S))`.
pub(crate) fn session_key(u: &[u8; 32], premaster: &[u8; group::N_BYTES]) -> SessionKey {
    let premaster_padded = Zeroizing::new(pad_unsigned(&premaster[..]));
    SessionKey::derive(&pad_unsigned(u), &premaster_padded)
}

/// Every size the crate draws keeps `a + u·x` within the engine, so sign-ins take one exponentiation.
const _: () = assert!(engine::MAX_EXPONENT_BITS >= 1024 + 2);
const _: () = assert!(Uint::<{ U512::LIMBS }>::BITS == 512);
