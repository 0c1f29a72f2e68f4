//! Test-only exports (feature `test-hooks`): chosen ephemeral secrets and device randomness for the
//! known-answer tests, a forced scrambler for the u = 0 refusal, and the server's check of SRP_A.
//! The published package is built without them.

use cognito_srp_core::{HexInteger, Password, PasswordVerifier, PasswordVerifierChallenge, hazmat};
use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::error::{to_js, type_error};
use crate::{DeviceLogin, UserLogin, app_client, device_credentials, js};

/// `startUserSrp` with the ephemeral secret `a` (big-endian bytes).
#[wasm_bindgen(js_name = __startUserSrpWithSecret)]
pub fn start_user_srp_with_secret(options: &JsValue, a: &[u8]) -> Result<UserLogin, JsValue> {
    const CONTEXT: &str = "__startUserSrpWithSecret";
    let client = app_client(options, CONTEXT)?;
    let username = js::required_string(options, "username", CONTEXT)?;
    let device_key = js::optional_string(options, "deviceKey", CONTEXT)?;
    let ephemeral = hazmat::ephemeral_from_secret(a).map_err(to_js)?;
    let login = client
        .start_user_srp_with(&username, ephemeral)
        .map_err(to_js)?;
    crate::user_login(login, device_key)
}

/// `startDeviceSrp` with the ephemeral secret `a` (big-endian bytes).
#[wasm_bindgen(js_name = __startDeviceSrpWithSecret)]
pub fn start_device_srp_with_secret(options: &JsValue, a: &[u8]) -> Result<DeviceLogin, JsValue> {
    const CONTEXT: &str = "__startDeviceSrpWithSecret";
    let client = app_client(options, CONTEXT)?;
    let username = js::required_string(options, "username", CONTEXT)?;
    let device = device_credentials(options, CONTEXT)?;
    let ephemeral = hazmat::ephemeral_from_secret(a).map_err(to_js)?;
    let named = std::collections::HashMap::from([("USERNAME".to_owned(), username)]);
    let login = client
        .challenge_context(&named, &std::collections::HashMap::new())
        .map_err(to_js)?
        .start_device_srp_with(&device, ephemeral);
    Ok(DeviceLogin { inner: Some(login) })
}

/// `confirmDevice` with the 40 password bytes and 16 salt bytes given.
#[wasm_bindgen(js_name = __confirmDeviceFromRandom)]
pub fn confirm_device_from_random(
    options: &JsValue,
    password_bytes: &[u8],
    salt_bytes: &[u8],
) -> Result<Object, JsValue> {
    const CONTEXT: &str = "__confirmDeviceFromRandom";
    let password: &[u8; 40] = password_bytes
        .try_into()
        .map_err(|_| type_error("40 password bytes"))?;
    let salt: &[u8; 16] = salt_bytes
        .try_into()
        .map_err(|_| type_error("16 salt bytes"))?;
    let (credentials, config) = hazmat::confirm_device_from_random(
        &js::required_string(options, "deviceKey", CONTEXT)?,
        &js::required_string(options, "deviceGroupKey", CONTEXT)?,
        password,
        salt,
    )
    .map_err(to_js)?;
    crate::confirmed_device(&credentials, &config)
}

#[wasm_bindgen]
impl UserLogin {
    /// `respond` with the scrambler u (32 bytes) forced instead of H(PAD(A) ‖ PAD(B)).
    #[wasm_bindgen(js_name = __respondWithScrambler)]
    pub fn respond_with_scrambler(
        &mut self,
        challenge_parameters: &JsValue,
        password: String,
        u: &[u8],
    ) -> Result<Object, JsValue> {
        let login = self.take()?;
        let u: [u8; 32] = u.try_into().map_err(|_| type_error("32 bytes of u"))?;
        let password = Password::new(password).map_err(to_js)?;
        let parameters = js::string_map(challenge_parameters, "challengeParameters")?;
        let challenge = PasswordVerifierChallenge::from_parameters(&parameters).map_err(to_js)?;
        let timestamp = js::timestamp(None, "__respondWithScrambler")?;
        let response =
            hazmat::user_srp_respond_with_scrambler(login, &challenge, &password, &timestamp, u)
                .map_err(to_js)?;
        js::map_object(response.into_parameters())
    }
}

/// The server's check of a client's `SRP_A` (against a throwaway verifier): throws the core's refusal.
#[wasm_bindgen(js_name = __serverAcceptsSrpA)]
pub fn server_accepts_srp_a(srp_a: &str) -> Result<bool, JsValue> {
    let verifier =
        PasswordVerifier::from_parts(HexInteger::from_unsigned_bytes(&[1]), &[4]).map_err(to_js)?;
    let session = hazmat::server_session_from_secret(&[7; 48], &verifier).map_err(to_js)?;
    session.finish(srp_a).map(|_| true).map_err(to_js)
}

/// The core's own `TotpSecret::from_base32` and code: what `totpCode`'s decoder must agree with.
#[wasm_bindgen(js_name = __totpCodeViaCore)]
pub fn totp_code_via_core(secret_base32: &str, unix_seconds: f64) -> Result<String, JsValue> {
    let secret = cognito_srp_core::totp::TotpSecret::from_base32(secret_base32).map_err(to_js)?;
    Ok(secret.code_at(unix_seconds as u64))
}

/// The core's own `challenge::required_attributes`: what `requiredAttributes` must agree with.
#[wasm_bindgen(js_name = __requiredAttributesViaCore)]
pub fn required_attributes_via_core(
    challenge_parameters: &JsValue,
) -> Result<js_sys::Array, JsValue> {
    let parameters = js::string_map(challenge_parameters, "challengeParameters")?;
    let names = cognito_srp_core::challenge::required_attributes(&parameters).map_err(to_js)?;
    Ok(names.into_iter().map(JsValue::from).collect())
}
