//! JSON helpers: challenge parameters as the core takes them, and a token's claims.

use std::collections::HashMap;

use base64::Engine as _;
use serde_json::Value;

/// A JSON object of strings (`ChallengeParameters`, say) as a map.
///
/// # Panics
/// When `v` is not an object or a member is not a string.
pub fn string_map(v: &Value) -> HashMap<String, String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .iter()
        .map(|(k, v)| {
            let s = v
                .as_str()
                .unwrap_or_else(|| panic!("{k} is not a string: {v}"));
            (k.clone(), s.to_owned())
        })
        .collect()
}

/// The claims of the JWT `token` (its middle part), unverified: for tests that read what a token
/// carries; a relying party's check is `jsonwebtoken`'s.
///
/// # Panics
/// When `token` has no base64url JSON middle part.
pub fn jwt_claims(token: &str) -> Value {
    let payload = token
        .trim()
        .split('.')
        .nth(1)
        .unwrap_or_else(|| panic!("not a JWT: {token:?}"));
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("a base64url payload");
    serde_json::from_slice(&bytes).expect("a JSON payload")
}
