//! Amazon Cognito SRP sign-in for JavaScript: WebAssembly bindings of `cognito-srp-core`.
//!
//! The functions and classes here are the npm package `cognito-srp-wasm` (see this folder's README and
//! `build.sh`). Objects go in and out exactly as `@aws-sdk/client-cognito-identity-provider` v3 carries
//! them: `AuthParameters`, `ChallengeParameters`, `ChallengeResponses` are `Record<string, string>`.
//! Errors are JavaScript `Error`s whose `name` is the core's error kind (`MissingParameter`,
//! `ServerPublicZero`, …) or `TypeError` for an argument of the wrong shape. The ephemeral secret stays
//! in WebAssembly memory; randomness comes from `crypto.getRandomValues`.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod base32;
mod challenge;
mod error;
mod js;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use cognito_srp_core::{
    AppClient, ClientSecret, DeviceCredentials, DeviceSecretVerifierConfig, DeviceSrp, Password,
    SrpAuthFlow, UserSrp,
};
use js_sys::Object;
use wasm_bindgen::prelude::*;

use crate::error::{to_js, type_error};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** The InitiateAuth flows that carry SRP_A. */
export type SrpAuthFlow = 'USER_SRP_AUTH' | 'USER_AUTH' | 'CUSTOM_AUTH';

/** Options of `startUserSrp`. */
export interface UserSrpOptions {
  /** The user pool id, `REGION_NAME` (for example `us-east-1_AbCdEf123`). */
  userPoolId: string;
  /** The app client id. */
  clientId: string;
  /** The name the user typed (username, alias or email). */
  username: string;
  /** The app client secret, when the client has one (adds SECRET_HASH). */
  clientSecret?: string;
  /** A remembered device's key (adds DEVICE_KEY). */
  deviceKey?: string;
}

/** Options of `respond`. */
export interface RespondOptions {
  /** The instant to sign (default: now). */
  now?: Date;
}

/** A remembered device's credentials: store them after ConfirmDevice, pass them to `startDeviceSrp`. */
export interface StoredDevice {
  /** `DeviceKey` from NewDeviceMetadata. */
  deviceKey: string;
  /** `DeviceGroupKey` from NewDeviceMetadata. */
  deviceGroupKey: string;
  /** The device's random password (a secret: store it like a refresh token). */
  devicePassword: string;
}

/** Options of `confirmDevice`: the NewDeviceMetadata of a sign-in. */
export interface ConfirmDeviceOptions {
  deviceKey: string;
  deviceGroupKey: string;
}

/** What `confirmDevice` returns. */
export interface ConfirmedDevice {
  /** The credentials to store. */
  credentials: StoredDevice;
  /** ConfirmDevice's `DeviceSecretVerifierConfig`. */
  deviceSecretVerifierConfig: { PasswordVerifier: string; Salt: string };
}

/** Options of `startDeviceSrp`. */
export interface DeviceSrpOptions {
  userPoolId: string;
  clientId: string;
  /** The DEVICE_SRP_AUTH challenge's USERNAME, or else the PASSWORD_VERIFIER challenge's USER_ID_FOR_SRP (never the typed name). */
  username: string;
  credentials: StoredDevice;
  clientSecret?: string;
}

/** Options of `secretHash`. */
export interface SecretHashOptions {
  clientSecret: string;
  username: string;
  clientId: string;
}
"#;

/// The app client of `options.userPoolId`, `options.clientId` and `options.clientSecret`.
fn app_client(options: &JsValue, context: &str) -> Result<AppClient, JsValue> {
    let pool = js::required_string(options, "userPoolId", context)?;
    let client_id = js::required_string(options, "clientId", context)?;
    let client = AppClient::new(&pool, &client_id).map_err(to_js)?;
    Ok(
        match js::optional_string(options, "clientSecret", context)? {
            Some(secret) => client.with_secret(ClientSecret::new(secret).map_err(to_js)?),
            None => client,
        },
    )
}

fn consumed(what: &str, start: &str) -> JsValue {
    error::named(
        "AlreadyUsed",
        &format!(
            "this {what} has already answered its challenge: each ephemeral secret answers one challenge, start a new one with {start}"
        ),
    )
}

/// A user sign-in in progress (USER_SRP_AUTH, USER_AUTH with PASSWORD_SRP, or CUSTOM_AUTH with SRP_A).
/// `respond` consumes it.
#[wasm_bindgen]
pub struct UserLogin {
    inner: Option<UserSrp>,
}

impl UserLogin {
    fn get(&self) -> Result<&UserSrp, JsValue> {
        self.inner
            .as_ref()
            .ok_or_else(|| consumed("login", "startUserSrp"))
    }

    fn take(&mut self) -> Result<UserSrp, JsValue> {
        self.inner
            .take()
            .ok_or_else(|| consumed("login", "startUserSrp"))
    }
}

/// Starts a user sign-in with a fresh ephemeral key.
///
/// # Errors
/// `TypeError` for missing options; `InvalidPoolId`, `TooLong` from the core.
#[wasm_bindgen(js_name = startUserSrp)]
pub fn start_user_srp(
    #[wasm_bindgen(unchecked_param_type = "UserSrpOptions")] options: &JsValue,
) -> Result<UserLogin, JsValue> {
    const CONTEXT: &str = "startUserSrp";
    let client = app_client(options, CONTEXT)?;
    let username = js::required_string(options, "username", CONTEXT)?;
    let device_key = js::optional_string(options, "deviceKey", CONTEXT)?;
    let login = client.start_user_srp_os(&username).map_err(to_js)?;
    user_login(login, device_key)
}

fn user_login(login: UserSrp, device_key: Option<String>) -> Result<UserLogin, JsValue> {
    let login = match device_key {
        Some(key) => login.with_device_key(&key).map_err(to_js)?,
        None => login,
    };
    Ok(UserLogin { inner: Some(login) })
}

#[wasm_bindgen]
impl UserLogin {
    /// `SRP_A` (hex).
    #[wasm_bindgen(getter, js_name = srpA)]
    pub fn srp_a(&self) -> Result<String, JsValue> {
        Ok(self.get()?.srp_a().to_owned())
    }

    /// InitiateAuth's `AuthParameters` for `flow`: USERNAME, SRP_A, and SECRET_HASH, DEVICE_KEY,
    /// CHALLENGE_NAME (CUSTOM_AUTH) or PREFERRED_CHALLENGE (USER_AUTH) as they apply.
    #[wasm_bindgen(js_name = authParameters, unchecked_return_type = "Record<string, string>")]
    pub fn auth_parameters(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SrpAuthFlow")] flow: &str,
    ) -> Result<Object, JsValue> {
        let flow = match flow {
            "USER_SRP_AUTH" => SrpAuthFlow::UserSrpAuth,
            "USER_AUTH" => SrpAuthFlow::UserAuth,
            "CUSTOM_AUTH" => SrpAuthFlow::CustomAuth,
            other => {
                return Err(type_error(&format!(
                    "authParameters: unknown flow {other:?}; use 'USER_SRP_AUTH', 'USER_AUTH' or 'CUSTOM_AUTH'"
                )));
            }
        };
        js::map_object(self.get()?.initiate_auth_parameters(flow))
    }

    /// `ChallengeResponses` answering USER_AUTH's `SELECT_CHALLENGE` with PASSWORD_SRP.
    #[wasm_bindgen(
        js_name = selectChallengeResponses,
        unchecked_return_type = "Record<string, string>"
    )]
    pub fn select_challenge_responses(&self) -> Result<Object, JsValue> {
        // No challenge parameters reach here: the name sent in InitiateAuth.
        js::map_object(
            self.get()?
                .select_challenge_responses(&std::collections::HashMap::new())
                .map_err(to_js)?,
        )
    }

    /// Answers `PASSWORD_VERIFIER`: `challengeParameters` as the SDK returned them, the password, and
    /// optionally `{ now }`. Returns the `ChallengeResponses` for RespondToAuthChallenge. Consumes the
    /// login, also when it throws.
    #[wasm_bindgen(unchecked_return_type = "Record<string, string>")]
    pub fn respond(
        &mut self,
        #[wasm_bindgen(js_name = challengeParameters, unchecked_param_type = "Record<string, string>")]
        challenge_parameters: &JsValue,
        password: String,
        #[wasm_bindgen(unchecked_optional_param_type = "RespondOptions")] options: Option<Object>,
    ) -> Result<Object, JsValue> {
        let login = self.take()?;
        let password = Password::new(password).map_err(to_js)?;
        let parameters = js::string_map(challenge_parameters, "challengeParameters")?;
        let timestamp = js::timestamp(options.as_deref(), "respond")?;
        js::map_object(
            login
                .respond(&parameters, &password, &timestamp)
                .map_err(to_js)?,
        )
    }
}

/// A device sign-in in progress (DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER). `respond` consumes it.
#[wasm_bindgen]
pub struct DeviceLogin {
    inner: Option<DeviceSrp>,
}

fn device_credentials(options: &JsValue, context: &str) -> Result<DeviceCredentials, JsValue> {
    let credentials = js::required_object(options, "credentials", context)?;
    let context = format!("{context}: credentials");
    let password = cognito_srp_core::DevicePassword::new(js::required_string(
        &credentials,
        "devicePassword",
        &context,
    )?)
    .map_err(to_js)?;
    DeviceCredentials::new(
        &js::required_string(&credentials, "deviceKey", &context)?,
        &js::required_string(&credentials, "deviceGroupKey", &context)?,
        password,
    )
    .map_err(to_js)
}

/// Starts a device sign-in after Cognito answered with `DEVICE_SRP_AUTH`.
///
/// # Errors
/// `TypeError` for missing options; `InvalidPoolId`, `TooLong`, `Empty` from the core.
#[wasm_bindgen(js_name = startDeviceSrp)]
pub fn start_device_srp(
    #[wasm_bindgen(unchecked_param_type = "DeviceSrpOptions")] options: &JsValue,
) -> Result<DeviceLogin, JsValue> {
    const CONTEXT: &str = "startDeviceSrp";
    let client = app_client(options, CONTEXT)?;
    let username = js::required_string(options, "username", CONTEXT)?;
    let device = device_credentials(options, CONTEXT)?;
    // The DEVICE_SRP_AUTH challenge as naming `username`.
    let named = std::collections::HashMap::from([("USERNAME".to_owned(), username)]);
    let login = client
        .challenge_context(&named, &std::collections::HashMap::new())
        .map_err(to_js)?
        .start_device_srp_os(&device);
    Ok(DeviceLogin { inner: Some(login) })
}

impl DeviceLogin {
    fn get(&self) -> Result<&DeviceSrp, JsValue> {
        self.inner
            .as_ref()
            .ok_or_else(|| consumed("device login", "startDeviceSrp"))
    }
}

#[wasm_bindgen]
impl DeviceLogin {
    /// `SRP_A` (hex).
    #[wasm_bindgen(getter, js_name = srpA)]
    pub fn srp_a(&self) -> Result<String, JsValue> {
        Ok(self.get()?.srp_a().to_owned())
    }

    /// `ChallengeResponses` answering `DEVICE_SRP_AUTH`: USERNAME, DEVICE_KEY, SRP_A, SECRET_HASH.
    #[wasm_bindgen(js_name = challengeResponses, unchecked_return_type = "Record<string, string>")]
    pub fn challenge_responses(&self) -> Result<Object, JsValue> {
        js::map_object(self.get()?.device_srp_auth_responses())
    }

    /// Answers `DEVICE_PASSWORD_VERIFIER`; returns the `ChallengeResponses`. Consumes the login, also
    /// when it throws.
    #[wasm_bindgen(unchecked_return_type = "Record<string, string>")]
    pub fn respond(
        &mut self,
        #[wasm_bindgen(js_name = challengeParameters, unchecked_param_type = "Record<string, string>")]
        challenge_parameters: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "RespondOptions")] options: Option<Object>,
    ) -> Result<Object, JsValue> {
        let login = self
            .inner
            .take()
            .ok_or_else(|| consumed("device login", "startDeviceSrp"))?;
        let parameters = js::string_map(challenge_parameters, "challengeParameters")?;
        let timestamp = js::timestamp(options.as_deref(), "respond")?;
        js::map_object(login.respond(&parameters, &timestamp).map_err(to_js)?)
    }
}

/// Creates credentials for the device of a sign-in's `NewDeviceMetadata`: returns the credentials to
/// store and ConfirmDevice's `DeviceSecretVerifierConfig`.
///
/// # Errors
/// `TypeError` for missing options; `TooLong` from the core.
#[wasm_bindgen(js_name = confirmDevice, unchecked_return_type = "ConfirmedDevice")]
pub fn confirm_device(
    #[wasm_bindgen(unchecked_param_type = "ConfirmDeviceOptions")] options: &JsValue,
) -> Result<Object, JsValue> {
    const CONTEXT: &str = "confirmDevice";
    let key = js::required_string(options, "deviceKey", CONTEXT)?;
    let group = js::required_string(options, "deviceGroupKey", CONTEXT)?;
    let (credentials, config) =
        DeviceCredentials::confirm_device_os(&key, &group).map_err(to_js)?;
    confirmed_device(&credentials, &config)
}

fn confirmed_device(
    credentials: &DeviceCredentials,
    config: &DeviceSecretVerifierConfig,
) -> Result<Object, JsValue> {
    let result = Object::new();
    js::set(
        &result,
        "credentials",
        &js::object([
            ("deviceKey", credentials.device_key()),
            ("deviceGroupKey", credentials.device_group_key()),
            ("devicePassword", credentials.password().expose_secret()),
        ])?
        .into(),
    )?;
    js::set(
        &result,
        "deviceSecretVerifierConfig",
        &js::object([
            ("PasswordVerifier", config.password_verifier()),
            ("Salt", config.salt()),
        ])?
        .into(),
    )?;
    Ok(result)
}

/// `SECRET_HASH` = base64(HMAC-SHA256(clientSecret, username ‖ clientId)).
///
/// # Errors
/// `TypeError` for missing options.
#[wasm_bindgen(js_name = secretHash)]
pub fn secret_hash(
    #[wasm_bindgen(unchecked_param_type = "SecretHashOptions")] options: &JsValue,
) -> Result<String, JsValue> {
    const CONTEXT: &str = "secretHash";
    Ok(cognito_srp_core::secret_hash(
        &js::required_string(options, "clientSecret", CONTEXT)?,
        &js::required_string(options, "username", CONTEXT)?,
        &js::required_string(options, "clientId", CONTEXT)?,
    ))
}
