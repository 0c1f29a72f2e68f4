//! `challengeContext` and its answers to every challenge that can follow SRP, `totpCode` and
//! `requiredAttributes`.

use std::collections::HashMap;

use cognito_srp_core::totp::TotpSecret;
use cognito_srp_core::{Error, MfaType, Password, limits, wire};
use js_sys::{Array, Date, JSON, Object};
use wasm_bindgen::prelude::*;

use crate::error::{to_js, type_error};
use crate::{DeviceLogin, app_client, js};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** The MFA methods: the challenge names, also the ANSWER of SELECT_MFA_TYPE. */
export type MfaType = 'SMS_MFA' | 'SOFTWARE_TOKEN_MFA' | 'EMAIL_OTP';

/** Options of `challengeContext`. */
export interface ChallengeContextOptions {
  userPoolId: string;
  clientId: string;
  /** The app client secret, when the client has one (adds SECRET_HASH to every answer). */
  clientSecret?: string;
  /** The ChallengeParameters Cognito sent with the challenge. */
  challengeParameters: Record<string, string>;
  /** The parameters of the request that produced it: InitiateAuth's AuthParameters or the previous ChallengeResponses. */
  requestParameters: Record<string, string>;
}

/** Options of `totpCode`. */
export interface TotpOptions {
  /** The instant of the code (default: now). */
  at?: Date;
}
"#;

fn mfa_type(name: &str, context: &str) -> Result<MfaType, JsValue> {
    match name {
        "SMS_MFA" => Ok(MfaType::Sms),
        "SOFTWARE_TOKEN_MFA" => Ok(MfaType::SoftwareToken),
        "EMAIL_OTP" => Ok(MfaType::Email),
        other => Err(type_error(&format!(
            "{context}: unknown MFA type {other:?}; use 'SMS_MFA', 'SOFTWARE_TOKEN_MFA' or 'EMAIL_OTP'"
        ))),
    }
}

/// A challenge Cognito has sent, reduced to what every answer needs: the user name Cognito uses for it
/// (the challenge's USER_ID_FOR_SRP, else its USERNAME, else the USERNAME of the request that produced
/// it; never the alias the user typed) and the remembered device's key. Every answer carries USERNAME,
/// SECRET_HASH over that name when the client has a secret, and DEVICE_KEY when the request carried one.
#[wasm_bindgen]
pub struct ChallengeContext {
    inner: cognito_srp_core::ChallengeContext,
}

/// The context for answering a challenge that follows SRP.
///
/// # Errors
/// `TypeError` for missing options; `MissingParameter` when neither map names the user; `TooLong`.
#[wasm_bindgen(js_name = challengeContext)]
pub fn challenge_context(
    #[wasm_bindgen(unchecked_param_type = "ChallengeContextOptions")] options: &JsValue,
) -> Result<ChallengeContext, JsValue> {
    const CONTEXT: &str = "challengeContext";
    let client = app_client(options, CONTEXT)?;
    let challenge = js::string_map(
        &js::required_object(options, "challengeParameters", CONTEXT)?,
        "challengeParameters",
    )?;
    let request = js::string_map(
        &js::required_object(options, "requestParameters", CONTEXT)?,
        "requestParameters",
    )?;
    let inner = client
        .challenge_context(&challenge, &request)
        .map_err(to_js)?;
    Ok(ChallengeContext { inner })
}

#[wasm_bindgen]
impl ChallengeContext {
    /// The user name the answers carry as USERNAME and hash into SECRET_HASH.
    #[wasm_bindgen(getter)]
    pub fn username(&self) -> String {
        self.inner.username().to_owned()
    }

    /// The remembered device's key the answers carry as DEVICE_KEY, if any.
    #[wasm_bindgen(getter, js_name = deviceKey)]
    pub fn device_key(&self) -> Option<String> {
        self.inner.device_key().map(str::to_owned)
    }

    /// The answer to an MFA code challenge (`SMS_MFA`, `SOFTWARE_TOKEN_MFA` or `EMAIL_OTP`).
    #[wasm_bindgen(js_name = mfaCode, unchecked_return_type = "Record<string, string>")]
    pub fn mfa_code(
        &self,
        #[wasm_bindgen(js_name = mfaType, unchecked_param_type = "MfaType")] mfa: &str,
        code: &str,
    ) -> Result<Object, JsValue> {
        let mfa = mfa_type(mfa, "mfaCode")?;
        js::map_object(self.inner.mfa_code(mfa, code))
    }

    /// The answer to `SMS_MFA`: `{USERNAME, SMS_MFA_CODE}`.
    #[wasm_bindgen(js_name = smsMfa, unchecked_return_type = "Record<string, string>")]
    pub fn sms_mfa(&self, code: &str) -> Result<Object, JsValue> {
        js::map_object(self.inner.sms_mfa(code))
    }

    /// The answer to `SOFTWARE_TOKEN_MFA`: `{USERNAME, SOFTWARE_TOKEN_MFA_CODE}` (`totpCode` computes
    /// the code from the authenticator secret).
    #[wasm_bindgen(js_name = softwareTokenMfa, unchecked_return_type = "Record<string, string>")]
    pub fn software_token_mfa(&self, code: &str) -> Result<Object, JsValue> {
        js::map_object(self.inner.software_token_mfa(code))
    }

    /// The answer to `EMAIL_OTP`: `{USERNAME, EMAIL_OTP_CODE}`.
    #[wasm_bindgen(js_name = emailOtp, unchecked_return_type = "Record<string, string>")]
    pub fn email_otp(&self, code: &str) -> Result<Object, JsValue> {
        js::map_object(self.inner.email_otp(code))
    }

    /// The answer to `SELECT_MFA_TYPE`: `{USERNAME, ANSWER: mfaType}`.
    #[wasm_bindgen(js_name = selectMfaType, unchecked_return_type = "Record<string, string>")]
    pub fn select_mfa_type(
        &self,
        #[wasm_bindgen(js_name = mfaType, unchecked_param_type = "MfaType")] mfa: &str,
    ) -> Result<Object, JsValue> {
        let mfa = mfa_type(mfa, "selectMfaType")?;
        js::map_object(self.inner.select_mfa_type(mfa))
    }

    /// The answer to `MFA_SETUP` once the authenticator app is verified (AssociateSoftwareToken and
    /// VerifySoftwareToken with the challenge's session; send the session VerifySoftwareToken
    /// returned): `{USERNAME}`.
    #[wasm_bindgen(js_name = mfaSetup, unchecked_return_type = "Record<string, string>")]
    pub fn mfa_setup(&self) -> Result<Object, JsValue> {
        js::map_object(self.inner.mfa_setup())
    }

    /// The answer to `MFA_SETUP` choosing email MFA: `{USERNAME, EMAIL}`.
    #[wasm_bindgen(js_name = mfaSetupEmail, unchecked_return_type = "Record<string, string>")]
    pub fn mfa_setup_email(&self, email: &str) -> Result<Object, JsValue> {
        js::map_object(self.inner.mfa_setup_email(email))
    }

    /// The answer to `CUSTOM_CHALLENGE`: `{USERNAME, ANSWER}`.
    #[wasm_bindgen(js_name = customChallenge, unchecked_return_type = "Record<string, string>")]
    pub fn custom_challenge(&self, answer: &str) -> Result<Object, JsValue> {
        js::map_object(self.inner.custom_challenge(answer))
    }

    /// The answer to `NEW_PASSWORD_REQUIRED`: `{USERNAME, NEW_PASSWORD, userAttributes.<name>: value}`.
    /// `attributes` are given without the `userAttributes.` prefix and must include every attribute the
    /// challenge's `requiredAttributes` lists.
    #[wasm_bindgen(js_name = newPasswordRequired, unchecked_return_type = "Record<string, string>")]
    pub fn new_password_required(
        &self,
        #[wasm_bindgen(js_name = challengeParameters, unchecked_param_type = "Record<string, string>")]
        challenge_parameters: &JsValue,
        #[wasm_bindgen(js_name = newPassword)] new_password: String,
        #[wasm_bindgen(unchecked_optional_param_type = "Record<string, string>")]
        attributes: &JsValue,
    ) -> Result<Object, JsValue> {
        let parameters = js::string_map(challenge_parameters, "challengeParameters")?;
        let attributes = if attributes.is_undefined() || attributes.is_null() {
            Default::default()
        } else {
            js::string_map(attributes, "attributes")?
        };
        let pairs: Vec<(&str, &str)> = attributes
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        // The core's new_password_required, with requiredAttributes read by the host's JSON.parse.
        for required in required_attribute_names(&parameters)? {
            if !pairs.iter().any(|(name, _)| *name == required) {
                return Err(to_js(Error::MissingRequiredAttribute(required)));
            }
        }
        // Bounded as the core bounds a password.
        drop(Password::new(new_password.as_str()).map_err(to_js)?);
        let mut map = self.inner.mfa_setup();
        for (name, value) in pairs {
            map.insert(
                format!("{}{name}", wire::USER_ATTRIBUTES_PREFIX),
                value.to_owned(),
            );
        }
        map.insert(wire::NEW_PASSWORD.to_owned(), new_password);
        js::map_object(map)
    }

    /// Starts device SRP after Cognito asked for `DEVICE_SRP_AUTH`, with a fresh ephemeral key; the
    /// device answers as `username`.
    ///
    /// # Errors
    /// `TypeError` for missing credentials; `TooLong` from the core.
    #[wasm_bindgen(js_name = startDeviceSrp)]
    pub fn start_device_srp(
        &self,
        #[wasm_bindgen(unchecked_param_type = "StoredDevice")] credentials: &JsValue,
    ) -> Result<DeviceLogin, JsValue> {
        let holder = Object::new();
        js::set(&holder, "credentials", credentials)?;
        let device = crate::device_credentials(&holder, "startDeviceSrp")?;
        Ok(DeviceLogin {
            inner: Some(self.inner.start_device_srp_os(&device)),
        })
    }
}

/// The 6-digit TOTP code (RFC 6238: HMAC-SHA1, 30-second steps) of a base32 authenticator secret (the
/// `SecretCode` of AssociateSoftwareToken), at `options.at` or now.
///
/// # Errors
/// `InvalidBase32` for a secret that is not base32; `TypeError` for an `at` that is not a valid `Date`
/// or is before 1970.
#[wasm_bindgen(js_name = totpCode)]
pub fn totp_code(
    #[wasm_bindgen(js_name = secretBase32)] secret_base32: &str,
    #[wasm_bindgen(unchecked_optional_param_type = "TotpOptions")] options: Option<Object>,
) -> Result<String, JsValue> {
    let secret = TotpSecret::from_bytes(&crate::base32::decode(secret_base32).map_err(to_js)?);
    let at = match options.as_deref() {
        Some(options) if !options.is_undefined() && !options.is_null() => {
            js::optional_date(options, "at", "totpCode")?
        }
        _ => None,
    };
    let millis = at.unwrap_or_else(Date::now);
    if !(0.0..=8.64e15).contains(&millis) {
        return Err(type_error("totpCode: at must be a valid Date from 1970 on"));
    }
    Ok(secret.code_at((millis / 1000.0) as u64))
}

/// The attribute names (without `userAttributes.`) a `NEW_PASSWORD_REQUIRED` challenge's
/// `requiredAttributes` lists; empty when it lists none.
///
/// # Errors
/// `InvalidJson` when `requiredAttributes` is not a JSON array of strings.
#[wasm_bindgen(js_name = requiredAttributes, unchecked_return_type = "string[]")]
pub fn required_attributes(
    #[wasm_bindgen(js_name = challengeParameters, unchecked_param_type = "Record<string, string>")]
    challenge_parameters: &JsValue,
) -> Result<Array, JsValue> {
    let parameters = js::string_map(challenge_parameters, "challengeParameters")?;
    let names = required_attribute_names(&parameters)?;
    Ok(names.into_iter().map(JsValue::from).collect())
}

/// The core's `challenge::required_attributes`, with the host's `JSON.parse` in place of serde_json
/// (which, with the float formatting its errors bring, would add a fifth to this module's size).
fn required_attribute_names(parameters: &HashMap<String, String>) -> Result<Vec<String>, JsValue> {
    let Some(text) = parameters.get(wire::REQUIRED_ATTRIBUTES) else {
        return Ok(Vec::new());
    };
    if text.len() > limits::MAX_SECRET_BLOCK {
        return Err(to_js(Error::TooLong {
            parameter: wire::REQUIRED_ATTRIBUTES,
            max: limits::MAX_SECRET_BLOCK,
        }));
    }
    let invalid = || to_js(Error::InvalidJson(wire::REQUIRED_ATTRIBUTES));
    let names: Array = JSON::parse(text)
        .map_err(|_| invalid())?
        .dyn_into()
        .map_err(|_| invalid())?;
    names
        .iter()
        .map(|name| {
            let name = name.as_string().ok_or_else(invalid)?;
            Ok(match name.strip_prefix(wire::USER_ATTRIBUTES_PREFIX) {
                Some(bare) => bare.to_owned(),
                None => name,
            })
        })
        .collect()
}
