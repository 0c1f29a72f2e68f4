//! RS256 JSON Web Tokens, as Cognito issues them: a 2048-bit RSA key generated when the server starts,
//! published as a JWKS under `{issuer}/.well-known/jwks.json`.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::signature::{SignatureEncoding as _, Signer as _, Verifier as _};
use rsa::traits::PublicKeyParts as _;
use serde_json::{Map, Value, json};
use sha2::{Digest as _, Sha256};

/// Base64url without padding, as JWTs use.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Signs and checks the server's tokens.
pub struct JwtSigner {
    signing: SigningKey<Sha256>,
    verifying: VerifyingKey<Sha256>,
    n: Box<[u8]>,
    e: Box<[u8]>,
    kid: String,
}

impl std::fmt::Debug for JwtSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("JwtSigner").field("kid", &self.kid).finish()
    }
}

/// Why a token was refused.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenError {
    /// Not three base64url parts of JSON, wrong algorithm or key id, or a bad signature.
    Invalid,
    /// Signed by us but past `exp`.
    Expired,
}

impl JwtSigner {
    /// A fresh RSA-2048 key.
    ///
    /// # Panics
    /// If the crypto library cannot generate a key (no randomness).
    pub fn generate() -> Self {
        let key =
            rsa::PrivateKey::new(&mut crate::util::os_rng(), 2048).expect("RSA key generation");
        let public = key.to_public_key();
        let (n, e) = (public.n_bytes(), public.e_bytes());
        let mut h = Sha256::new();
        h.update(&n);
        h.update(&e);
        let kid = b64url(&h.finalize()[..16]);
        JwtSigner {
            signing: SigningKey::new(key),
            verifying: VerifyingKey::new(public),
            n,
            e,
            kid,
        }
    }

    /// The key id (`kid`) in every token's header.
    pub fn kid(&self) -> &str {
        &self.kid
    }

    /// `header.payload.signature` for `claims`.
    pub fn sign(&self, claims: &Map<String, Value>) -> String {
        let header = json!({"kid": self.kid, "alg": "RS256", "typ": "JWT"});
        let signing_input = format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(Value::Object(claims.clone()).to_string().as_bytes())
        );
        let sig = self.signing.sign(signing_input.as_bytes()).to_bytes();
        format!("{signing_input}.{}", b64url(&sig))
    }

    /// Checks the signature, the header and `exp` (against `now`, Unix seconds); returns the claims.
    ///
    /// # Errors
    /// [`TokenError::Invalid`] for anything malformed or not signed by this key, [`TokenError::Expired`].
    pub fn verify(&self, token: &str, now: i64) -> Result<Map<String, Value>, TokenError> {
        if token.len() > 16 * 1024 {
            return Err(TokenError::Invalid);
        }
        let mut parts = token.split('.');
        let (Some(h), Some(p), Some(s), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(TokenError::Invalid);
        };
        let header: Value = decode_json(h)?;
        if header.get("alg").and_then(Value::as_str) != Some("RS256")
            || header.get("kid").and_then(Value::as_str) != Some(&self.kid)
        {
            return Err(TokenError::Invalid);
        }
        let sig = URL_SAFE_NO_PAD.decode(s).map_err(|_| TokenError::Invalid)?;
        let signing_input = &token[..h.len() + 1 + p.len()];
        let sig = Signature::try_from(&sig[..]).map_err(|_| TokenError::Invalid)?;
        self.verifying
            .verify(signing_input.as_bytes(), &sig)
            .map_err(|_| TokenError::Invalid)?;
        let Value::Object(claims) = decode_json(p)? else {
            return Err(TokenError::Invalid);
        };
        match claims.get("exp").and_then(Value::as_i64) {
            Some(exp) if exp > now => Ok(claims),
            Some(_) => Err(TokenError::Expired),
            None => Err(TokenError::Invalid),
        }
    }

    /// The JWKS document (`{"keys": [...]}`) with the public key.
    pub fn jwks(&self) -> Value {
        json!({"keys": [{
            "alg": "RS256",
            "e": b64url(&self.e),
            "kid": self.kid,
            "kty": "RSA",
            "n": b64url(&self.n),
            "use": "sig",
        }]})
    }
}

fn decode_json(part: &str) -> Result<Value, TokenError> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part)
        .map_err(|_| TokenError::Invalid)?;
    serde_json::from_slice(&bytes).map_err(|_| TokenError::Invalid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_tamper() {
        let s = JwtSigner::generate();
        let mut claims = Map::new();
        claims.insert("sub".into(), json!("abc"));
        claims.insert("exp".into(), json!(2000));
        let t = s.sign(&claims);
        assert_eq!(t.split('.').count(), 3);
        assert_eq!(s.verify(&t, 1000).unwrap()["sub"], "abc");
        assert_eq!(s.verify(&t, 2000), Err(TokenError::Expired));
        let mut bad = t.clone();
        bad.insert(t.find('.').unwrap() + 3, 'A');
        assert_eq!(s.verify(&bad, 1000), Err(TokenError::Invalid));
        let other = JwtSigner::generate();
        assert_eq!(other.verify(&t, 1000), Err(TokenError::Invalid));
        assert_eq!(s.jwks()["keys"][0]["e"], "AQAB");
    }
}
