//! The challenges that can follow SRP, answered through an [`Answerer`]: `SOFTWARE_TOKEN_MFA`, `SMS_MFA`,
//! `EMAIL_OTP`, `SELECT_MFA_TYPE`, `MFA_SETUP` (AssociateSoftwareToken, VerifySoftwareToken),
//! `NEW_PASSWORD_REQUIRED` and `CUSTOM_CHALLENGE`.

use std::collections::HashMap;

use cognito_srp_core::{AppClient, MfaType, Password, wire};
use zeroize::Zeroizing;

use crate::client::{AuthStep, LoginError, Transport};

/// `SOFTWARE_TOKEN_MFA`.
pub const SOFTWARE_TOKEN_MFA: &str = wire::CHALLENGE_SOFTWARE_TOKEN_MFA;
/// `SMS_MFA`.
pub const SMS_MFA: &str = wire::CHALLENGE_SMS_MFA;
/// `EMAIL_OTP`.
pub const EMAIL_OTP: &str = wire::CHALLENGE_EMAIL_OTP;
/// `SELECT_MFA_TYPE`.
pub const SELECT_MFA_TYPE: &str = wire::CHALLENGE_SELECT_MFA_TYPE;
/// `MFA_SETUP`.
pub const MFA_SETUP: &str = wire::CHALLENGE_MFA_SETUP;
/// `NEW_PASSWORD_REQUIRED`.
pub const NEW_PASSWORD_REQUIRED: &str = wire::CHALLENGE_NEW_PASSWORD_REQUIRED;
/// `CUSTOM_CHALLENGE`.
pub const CUSTOM_CHALLENGE: &str = wire::CHALLENGE_CUSTOM_CHALLENGE;

/// The MFA method a challenge name names.
pub fn mfa_type(name: &str) -> Option<MfaType> {
    match name {
        SOFTWARE_TOKEN_MFA => Some(MfaType::SoftwareToken),
        SMS_MFA => Some(MfaType::Sms),
        EMAIL_OTP => Some(MfaType::Email),
        _ => None,
    }
}

/// A new password and attribute values (names without `userAttributes.`).
pub type NewPassword = (Zeroizing<String>, Vec<(String, String)>);

/// Where the answers come from: a terminal, standard input, the environment.
pub trait Answerer {
    /// The code for `challenge` (`SOFTWARE_TOKEN_MFA`, `SMS_MFA` or `EMAIL_OTP`); `parameters` are the
    /// challenge's (`CODE_DELIVERY_DESTINATION`, `CODE_DELIVERY_DELIVERY_MEDIUM`).
    ///
    /// # Errors
    /// No way to get a code ([`LoginError::Challenge`]), or an I/O error.
    fn code(
        &mut self,
        challenge: &str,
        parameters: &HashMap<String, String>,
    ) -> Result<Zeroizing<String>, LoginError>;
    /// One of `offered` (`SELECT_MFA_TYPE`'s `MFAS_CAN_CHOOSE`).
    ///
    /// # Errors
    /// No way to choose.
    fn choose_mfa(&mut self, offered: &[String]) -> Result<String, LoginError>;
    /// A new password, and a value for every attribute in `required` (names without the
    /// `userAttributes.` prefix).
    ///
    /// # Errors
    /// No way to get them.
    fn new_password(&mut self, required: &[String]) -> Result<NewPassword, LoginError>;
    /// Shows the new authenticator secret (and its `otpauth://` URI) and returns the first code.
    ///
    /// # Errors
    /// No way to get a code.
    fn setup_totp(&mut self, secret: &str, uri: &str) -> Result<Zeroizing<String>, LoginError>;
    /// Shows a custom challenge's parameters and returns the answer.
    ///
    /// # Errors
    /// No way to get an answer.
    fn custom(&mut self, parameters: &HashMap<String, String>) -> Result<String, LoginError>;
}

/// A JSON array of strings in a challenge parameter (`MFAS_CAN_CHOOSE`, `MFAS_CAN_SETUP`,
/// `requiredAttributes`); empty when absent.
fn string_list(parameters: &HashMap<String, String>, key: &str) -> Result<Vec<String>, LoginError> {
    match parameters.get(key) {
        None => Ok(Vec::new()),
        Some(text) => serde_json::from_str(text)
            .map_err(|_| LoginError::Protocol(format!("{key} is not a JSON array of strings"))),
    }
}

/// The `otpauth://` URI authenticator apps read (as a QR code or pasted): issuer `AWSCognito`, as the
/// AWS console and Amplify libraries use.
pub fn otpauth_uri(username: &str, secret: &str) -> String {
    format!(
        "otpauth://totp/AWSCognito:{}?secret={}&issuer=AWSCognito",
        percent_encode(username),
        percent_encode(secret)
    )
}

fn percent_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What to send for a challenge: the responses and the session.
pub struct Reply {
    /// `ChallengeResponses`.
    pub responses: HashMap<String, String>,
    /// `Session`.
    pub session: Option<String>,
    /// What was done, for the progress report.
    pub note: String,
}

/// Answers `step`'s challenge. `request` is the parameters of the request that produced it.
///
/// # Errors
/// A challenge not answered here ([`LoginError::Challenge`]), the answerer's errors, the service's
/// errors from AssociateSoftwareToken and VerifySoftwareToken.
pub fn answer(
    t: &dyn Transport,
    client: &AppClient,
    step: &AuthStep,
    request: &HashMap<String, String>,
    answerer: &mut dyn Answerer,
    device_name: &str,
) -> Result<Reply, LoginError> {
    let name = step.challenge_name.as_deref().unwrap_or("");
    let params = &step.challenge_parameters;
    let ctx = client.challenge_context(params, request)?;
    let session = step.session.clone();
    let reply = |responses, note: String| Reply {
        responses,
        session: session.clone(),
        note,
    };
    match name {
        SOFTWARE_TOKEN_MFA | SMS_MFA | EMAIL_OTP => {
            let mfa = mfa_type(name).expect("an MFA code challenge");
            let code = answerer.code(name, params)?;
            Ok(reply(ctx.mfa_code(mfa, &code), format!("{name} code sent")))
        }
        SELECT_MFA_TYPE => {
            let offered = string_list(params, "MFAS_CAN_CHOOSE")?;
            let choice = answerer.choose_mfa(&offered)?;
            let mfa = mfa_type(&choice)
                .ok_or_else(|| LoginError::Challenge(format!("SELECT_MFA_TYPE with {choice}")))?;
            Ok(reply(
                ctx.select_mfa_type(mfa),
                format!("SELECT_MFA_TYPE: chose {choice} of {}", offered.join(", ")),
            ))
        }
        NEW_PASSWORD_REQUIRED => {
            let required = cognito_srp_core::challenge::required_attributes(params)?;
            let (password, attributes) = answerer.new_password(&required)?;
            let password = Password::new(password.to_string())
                .map_err(|e| LoginError::Local(format!("new password: {e}")))?;
            let pairs: Vec<(&str, &str)> = attributes
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let responses = ctx.new_password_required(params, &password, &pairs)?;
            Ok(reply(
                responses,
                format!(
                    "NEW_PASSWORD_REQUIRED: new password{}",
                    if attributes.is_empty() {
                        String::new()
                    } else {
                        format!(
                            " and {}",
                            attributes
                                .iter()
                                .map(|(k, _)| k.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    }
                ),
            ))
        }
        MFA_SETUP => {
            let can = string_list(params, "MFAS_CAN_SETUP")?;
            if !can.is_empty() && !can.iter().any(|m| m == SOFTWARE_TOKEN_MFA) {
                return Err(LoginError::Challenge(format!(
                    "MFA_SETUP (the pool offers {}; only an authenticator app, SOFTWARE_TOKEN_MFA, can be set up here)",
                    can.join(", ")
                )));
            }
            let session = step
                .session
                .as_deref()
                .ok_or_else(|| LoginError::Protocol("MFA_SETUP without a Session".into()))?;
            let (secret, session) = t.associate_software_token(session)?;
            if secret.is_empty() {
                return Err(LoginError::Protocol(
                    "AssociateSoftwareToken returned no SecretCode".into(),
                ));
            }
            let session = session.ok_or_else(|| {
                LoginError::Protocol("AssociateSoftwareToken returned no Session".into())
            })?;
            let uri = otpauth_uri(ctx.username(), &secret);
            let code = answerer.setup_totp(&secret, &uri)?;
            let (status, session) = t.verify_software_token(&session, &code, device_name)?;
            if status != "SUCCESS" {
                return Err(LoginError::Protocol(format!(
                    "VerifySoftwareToken answered Status {status:?}"
                )));
            }
            Ok(Reply {
                responses: ctx.mfa_setup(),
                session,
                note: "MFA_SETUP: AssociateSoftwareToken, VerifySoftwareToken SUCCESS".into(),
            })
        }
        CUSTOM_CHALLENGE => {
            let a = answerer.custom(params)?;
            Ok(reply(
                ctx.custom_challenge(&a),
                "CUSTOM_CHALLENGE answered".into(),
            ))
        }
        other => Err(LoginError::Challenge(other.to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn otpauth_uri_is_percent_encoded() {
        assert_eq!(
            otpauth_uri("alice@example.com", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/AWSCognito:alice%40example.com?secret=JBSWY3DPEHPK3PXP&issuer=AWSCognito"
        );
    }
}
