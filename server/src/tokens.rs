//! RS256 ID and access tokens, signed and checked with `jsonwebtoken`: an RSA-2048 key generated when the
//! server starts, published as a JWKS under `{issuer}/.well-known/jwks.json`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, errors::ErrorKind};
use rsa::pkcs1::EncodeRsaPrivateKey as _;
use rsa::traits::PublicKeyParts as _;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

/// Why a token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenError {
    /// Malformed, another algorithm or key, or a bad signature.
    Invalid,
    /// Signed by this server but past `exp`.
    Expired,
}

/// Signs and checks the server's tokens.
pub struct TokenService {
    encoding: EncodingKey,
    decoding: DecodingKey,
    kid: String,
    jwks: Value,
}

impl std::fmt::Debug for TokenService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TokenService")
            .field("kid", &self.kid)
            .finish_non_exhaustive()
    }
}

/// Tokens longer than this are refused unread.
const MAX_TOKEN: usize = 16 * 1024;

impl TokenService {
    /// A fresh RSA-2048 key.
    ///
    /// # Panics
    /// If the key cannot be generated or encoded (no randomness).
    pub fn generate() -> Self {
        let key =
            rsa::PrivateKey::new(&mut crate::util::os_rng(), 2048).expect("RSA key generation");
        let der = key.to_pkcs1_der().expect("PKCS#1 encoding of a fresh key");
        let public = key.to_public_key();
        let (n, e) = (public.n_bytes(), public.e_bytes());
        let mut h = Sha256::new();
        h.update(&n);
        h.update(&e);
        let kid = URL_SAFE_NO_PAD.encode(&h.finalize()[..16]);
        let (n64, e64) = (URL_SAFE_NO_PAD.encode(&n), URL_SAFE_NO_PAD.encode(&e));
        let decoding = DecodingKey::from_rsa_components(&n64, &e64).expect("valid components");
        let jwks = json!({"keys": [{"alg": "RS256", "e": e64, "kid": kid, "kty": "RSA", "n": n64, "use": "sig"}]});
        TokenService {
            encoding: EncodingKey::from_rsa_der(der.as_bytes()),
            decoding,
            kid,
            jwks,
        }
    }

    /// The key id (`kid`) in every token's header.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// The JWKS document (`{"keys": [...]}`).
    pub fn jwks(&self) -> &Value {
        &self.jwks
    }

    /// `header.payload.signature` for `claims`, RS256 with this key's `kid`.
    ///
    /// # Panics
    /// If the signing library refuses the key it was built with.
    pub fn sign(&self, claims: &Map<String, Value>) -> String {
        let mut header = Header::new(Algorithm::RS256);
        header.kid = Some(self.kid.clone());
        jsonwebtoken::encode(&header, claims, &self.encoding).expect("RS256 signing")
    }

    /// Checks the signature, the algorithm, the key id and `exp` (no leeway); returns the claims.
    ///
    /// # Errors
    /// [`TokenError::Invalid`] for anything malformed or not signed by this key, [`TokenError::Expired`].
    pub fn verify(&self, token: &str) -> Result<Map<String, Value>, TokenError> {
        if token.len() > MAX_TOKEN {
            return Err(TokenError::Invalid);
        }
        let header = jsonwebtoken::decode_header(token).map_err(|_| TokenError::Invalid)?;
        if header.kid.as_deref() != Some(&self.kid) {
            return Err(TokenError::Invalid);
        }
        let mut validation = Validation::new(Algorithm::RS256);
        validation.leeway = 0;
        validation.validate_aud = false;
        validation.set_required_spec_claims(&["exp"]);
        jsonwebtoken::decode::<Map<String, Value>>(token, &self.decoding, &validation)
            .map(|d| d.claims)
            .map_err(|e| match e.kind() {
                ErrorKind::ExpiredSignature => TokenError::Expired,
                _ => TokenError::Invalid,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_expiry_and_tamper() {
        let s = TokenService::generate();
        let now = chrono::Utc::now().timestamp();
        let mut claims = Map::new();
        claims.insert("sub".into(), json!("abc"));
        claims.insert("exp".into(), json!(now + 60));
        let t = s.sign(&claims);
        let header: Value = serde_json::from_slice(
            &URL_SAFE_NO_PAD
                .decode(t.split('.').next().unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(header["alg"], "RS256");
        assert_eq!(header["kid"], s.kid());
        assert_eq!(s.verify(&t).unwrap()["sub"], "abc");
        claims.insert("exp".into(), json!(now - 1));
        assert_eq!(s.verify(&s.sign(&claims)), Err(TokenError::Expired));
        let mut bad = t.clone();
        bad.insert(t.find('.').unwrap() + 3, 'A');
        assert_eq!(s.verify(&bad), Err(TokenError::Invalid));
        let other = TokenService::generate();
        assert_eq!(other.verify(&t), Err(TokenError::Invalid));
        assert_eq!(s.jwks()["keys"][0]["e"], "AQAB");
        assert_eq!(s.jwks()["keys"][0]["kid"], s.kid());
    }
}
