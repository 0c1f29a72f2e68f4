//! RS256 ID and access tokens. Every pool signs with its own RSA-2048 key, made the first time the pool
//! needs it (a token, its JWKS, its key id) and kept parsed, ready to sign, for the server's life: a
//! signature is one private-key operation, never a key decoding. The key is made by `rsa` and signs
//! with `ring`, whose private-key operation is several times faster. The key's id (`kid`) is in each
//! token's header and in the pool's JWKS (`{issuer}/.well-known/jwks.json`), which the discovery document
//! (`{issuer}/.well-known/openid-configuration`) names as its `jwks_uri`. Tokens are checked with
//! `jsonwebtoken` against the key their `kid` names, and only for the pool that key belongs to.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, PoisonError, RwLock};

use base64::Engine as _;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use jsonwebtoken::{Algorithm, DecodingKey, Validation, errors::ErrorKind};
use ring::rand::SystemRandom;
use ring::signature::{RSA_PKCS1_SHA256, RsaKeyPair};
use rsa::pkcs1::EncodeRsaPrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use serde_json::{Map, Value, json};
use sha2::Digest as _;
use zeroize::Zeroizing;

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Malformed, another algorithm or key, a bad signature, or an issuer other than its key's pool.
    Invalid,
    /// Signed by this server but past `exp`.
    Expired,
}

/// One pool's signing key, parsed once.
struct PoolKey {
    pool_id: String,
    kid: String,
    signer: RsaKeyPair,
    /// The same key, kept to be written to the state file (ring cannot give its key back).
    private: rsa::PrivateKey,
    decoding: DecodingKey,
    /// The token header (`{"kid":…,"alg":"RS256"}`), base64url-encoded.
    header: String,
    jwks: Value,
}

impl PoolKey {
    /// A fresh RSA-2048 key for `pool_id`.
    fn generate(pool_id: &str) -> PoolKey {
        let key =
            rsa::PrivateKey::new(&mut crate::util::os_rng(), 2048).expect("RSA key generation");
        Self::from_key(pool_id, key).expect("ring takes a fresh RSA-2048 key")
    }

    /// `pool_id`'s key from its private key.
    ///
    /// # Errors
    /// A key `ring` refuses to sign with (shorter than 2048 bits, an unusual exponent).
    fn from_key(pool_id: &str, key: rsa::PrivateKey) -> Result<PoolKey, String> {
        let public = key.to_public_key();
        let (n, e) = (public.n_bytes(), public.e_bytes());
        // As Cognito's: the standard base64 of a digest (here SHA-256 of the modulus and exponent).
        let kid = STANDARD.encode(
            sha2::Sha256::new()
                .chain_update(&n)
                .chain_update(&e)
                .finalize(),
        );
        let (n64, e64) = (URL_SAFE_NO_PAD.encode(&n), URL_SAFE_NO_PAD.encode(&e));
        let decoding = DecodingKey::from_rsa_components(&n64, &e64).expect("valid components");
        let jwks = json!({"keys": [{"alg": "RS256", "e": e64, "kid": kid, "kty": "RSA", "n": n64, "use": "sig"}]});
        let header = URL_SAFE_NO_PAD.encode(json!({"kid": kid, "alg": "RS256"}).to_string());
        let der = key
            .to_pkcs1_der()
            .map_err(|e| format!("signing key of pool {pool_id}: {e}"))?;
        let signer = RsaKeyPair::from_der(der.as_bytes())
            .map_err(|e| format!("signing key of pool {pool_id}: {e}"))?;
        Ok(PoolKey {
            pool_id: pool_id.to_owned(),
            kid,
            signer,
            private: key,
            decoding,
            header,
            jwks,
        })
    }
}

#[derive(Default)]
struct Keys {
    by_pool: HashMap<String, Arc<PoolKey>>,
    by_kid: HashMap<String, Arc<PoolKey>>,
    /// Pools whose key was made or dropped since the state file last took them.
    changed: BTreeSet<String>,
}

/// Signs and checks the server's tokens, with one key per pool.
#[derive(Default)]
pub struct TokenService {
    keys: RwLock<Keys>,
}

impl std::fmt::Debug for TokenService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let keys = self.keys.read().unwrap_or_else(PoisonError::into_inner);
        let mut kids: Vec<(&str, &str)> = keys
            .by_pool
            .values()
            .map(|k| (k.pool_id.as_str(), k.kid.as_str()))
            .collect();
        kids.sort_unstable();
        f.debug_struct("TokenService")
            .field("kids", &kids)
            .finish_non_exhaustive()
    }
}

/// Tokens longer than this are refused unread.
const MAX_TOKEN: usize = 16 * 1024;

impl TokenService {
    /// A service without keys; each pool's is made when first needed.
    pub fn new() -> Self {
        Self::default()
    }

    /// The key of `pool_id`, made now if it has none (outside the lock: making one takes a while).
    ///
    /// # Panics
    /// If a key cannot be generated (no randomness).
    fn key(&self, pool_id: &str) -> Arc<PoolKey> {
        if let Some(k) = self
            .keys
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .by_pool
            .get(pool_id)
        {
            return k.clone();
        }
        let made = Arc::new(PoolKey::generate(pool_id));
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(k) = keys.by_pool.get(pool_id) {
            return k.clone();
        }
        keys.by_kid.insert(made.kid.clone(), made.clone());
        keys.by_pool.insert(pool_id.to_owned(), made.clone());
        keys.changed.insert(pool_id.to_owned());
        made
    }

    /// Puts back `pool_id`'s key from the state file (PKCS#8 DER).
    pub(crate) fn restore(&self, pool_id: &str, pkcs8_der: &[u8]) -> Result<(), String> {
        use rsa::pkcs8::DecodePrivateKey as _;
        let key = rsa::PrivateKey::from_pkcs8_der(pkcs8_der)
            .map_err(|e| format!("signing key of pool {pool_id}: {e}"))?;
        let made = Arc::new(PoolKey::from_key(pool_id, key)?);
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        keys.by_kid.insert(made.kid.clone(), made.clone());
        keys.by_pool.insert(pool_id.to_owned(), made);
        Ok(())
    }

    /// The pools whose key was made or dropped since the last call, with the key as PKCS#8 DER
    /// (`None`: dropped).
    pub(crate) fn take_changed(&self) -> Vec<(String, Option<Zeroizing<Vec<u8>>>)> {
        use rsa::pkcs8::EncodePrivateKey as _;
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        let changed = std::mem::take(&mut keys.changed);
        changed
            .into_iter()
            .map(|pool_id| {
                let der = keys.by_pool.get(&pool_id).map(|k| {
                    Zeroizing::new(
                        k.private
                            .to_pkcs8_der()
                            .expect("PKCS#8 encoding of a key in use")
                            .as_bytes()
                            .to_vec(),
                    )
                });
                (pool_id, der)
            })
            .collect()
    }

    /// Drops the key of `pool_id` (a deleted pool): its tokens are refused from now on, and a pool made
    /// later with the same id gets a new key.
    pub fn forget(&self, pool_id: &str) {
        let mut keys = self.keys.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(k) = keys.by_pool.remove(pool_id) {
            keys.by_kid.remove(&k.kid);
            keys.changed.insert(pool_id.to_owned());
        }
    }

    /// The key id (`kid`) in the header of every token of `pool_id`.
    pub fn kid(&self, pool_id: &str) -> String {
        self.key(pool_id).kid.clone()
    }

    /// The JWKS document (`{"keys": [...]}`) of `pool_id`.
    pub fn jwks(&self, pool_id: &str) -> Value {
        self.key(pool_id).jwks.clone()
    }

    /// `header.payload.signature` for `claims`, RS256 with the key of `pool_id`.
    ///
    /// # Panics
    /// If the key cannot sign (a fault of the RSA library).
    pub fn sign(&self, pool_id: &str, claims: &Map<String, Value>) -> String {
        let key = self.key(pool_id);
        let payload = serde_json::to_vec(claims).expect("JSON values serialize");
        let mut token = String::with_capacity(key.header.len() + payload.len() * 4 / 3 + 350);
        token.push_str(&key.header);
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&payload, &mut token);
        // ring blinds the private-key operation with the system's randomness; the signature itself is
        // deterministic.
        let mut signature = vec![0u8; key.signer.public().modulus_len()];
        key.signer
            .sign(
                &RSA_PKCS1_SHA256,
                &SystemRandom::new(),
                token.as_bytes(),
                &mut signature,
            )
            .expect("RS256 signing");
        token.push('.');
        URL_SAFE_NO_PAD.encode_string(&signature, &mut token);
        token
    }

    /// Checks a token of any pool: the key its `kid` names, the signature, the algorithm, `exp` (no
    /// leeway), and that its `iss` is that key's pool. Returns the claims.
    ///
    /// # Errors
    /// [`TokenError::Invalid`] for anything malformed or not signed by a pool's key, or naming another
    /// pool as its issuer; [`TokenError::Expired`].
    pub fn verify(&self, token: &str) -> Result<Map<String, Value>, TokenError> {
        self.verify_with(token, None)
    }

    /// As [`TokenService::verify`], for a token of `pool_id` only: one signed by another pool's key is
    /// [`TokenError::Invalid`].
    ///
    /// # Errors
    /// As [`TokenService::verify`].
    pub fn verify_for_pool(
        &self,
        pool_id: &str,
        token: &str,
    ) -> Result<Map<String, Value>, TokenError> {
        self.verify_with(token, Some(pool_id))
    }

    fn verify_with(
        &self,
        token: &str,
        pool_id: Option<&str>,
    ) -> Result<Map<String, Value>, TokenError> {
        if token.len() > MAX_TOKEN {
            return Err(TokenError::Invalid);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        let key = header
            .kid
            .and_then(|kid| {
                self.keys
                    .read()
                    .unwrap_or_else(PoisonError::into_inner)
                    .by_kid
                    .get(&kid)
                    .cloned()
            })
            .filter(|k| pool_id.is_none_or(|p| p == k.pool_id))
            .ok_or(TokenError::Invalid)?;
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = 0;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp"]);
        let claims = jsonwebtoken::decode::<Map<String, Value>>(token, &key.decoding, &validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })?;
        let issuer_pool = claims
            .get("iss")
            .and_then(Value::as_str)
            .and_then(|iss| iss.rsplit_once('/'))
            .map(|(_, pool)| pool);
        if issuer_pool != Some(key.pool_id.as_str()) {
            return Err(TokenError::Invalid);
        }
        Ok(claims)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claims(pool: &str, exp: i64) -> Map<String, Value> {
        let mut c = Map::new();
        c.insert("sub".into(), json!("abc"));
        c.insert("iss".into(), json!(format!("http://x/{pool}")));
        c.insert("exp".into(), json!(exp));
        c
    }

    #[test]
    fn round_trip_expiry_and_tamper() {
        let s = TokenService::new();
        let now = chrono::Utc::now().timestamp();
        let t = s.sign("p1", &claims("p1", now + 60));
        let header: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(t.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(header, json!({"alg": "RS256", "kid": s.kid("p1")}));
        assert_eq!(s.verify(&t).unwrap()["sub"], "abc");
        assert_eq!(s.verify_for_pool("p1", &t).unwrap()["sub"], "abc");
        assert_eq!(
            s.verify(&s.sign("p1", &claims("p1", now - 1))),
            Err(TokenError::Expired)
        );
        let mut bad = t.clone();
        bad.insert(t.find('.').unwrap() + 3, 'A');
        assert_eq!(s.verify(&bad), Err(TokenError::Invalid));
        // Another service's key of the same pool name is another key.
        let other = TokenService::new();
        assert_eq!(other.verify(&t), Err(TokenError::Invalid));
        let jwk = &s.jwks("p1")["keys"][0];
        assert_eq!(jwk["e"], "AQAB");
        assert_eq!(jwk["kid"], s.kid("p1"));
        assert_eq!(
            URL_SAFE_NO_PAD
                .decode(jwk["n"].as_str().unwrap())
                .unwrap()
                .len(),
            256
        );
    }

    #[test]
    fn each_pool_has_its_own_key_and_refuses_the_others_tokens() {
        let s = TokenService::new();
        let now = chrono::Utc::now().timestamp();
        assert_ne!(s.kid("p1"), s.kid("p2"));
        assert_eq!(s.kid("p1"), s.kid("p1"));
        let t1 = s.sign("p1", &claims("p1", now + 60));
        assert_eq!(s.verify_for_pool("p2", &t1), Err(TokenError::Invalid));
        // Signed by p1's key but naming p2 as its issuer: refused.
        let forged = s.sign("p1", &claims("p2", now + 60));
        assert_eq!(s.verify(&forged), Err(TokenError::Invalid));
        assert_eq!(s.verify_for_pool("p2", &forged), Err(TokenError::Invalid));
        // A deleted pool's tokens are refused, and a new pool of that id has a new key.
        let kid = s.kid("p1");
        s.forget("p1");
        assert_eq!(s.verify(&t1), Err(TokenError::Invalid));
        assert_ne!(s.kid("p1"), kid);
        assert_eq!(s.verify(&t1), Err(TokenError::Invalid));
    }
}
