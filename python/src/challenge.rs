//! `ChallengeContext`: the answers to every challenge that can follow SRP, and the start of device SRP.

use pyo3::prelude::*;
use pyo3::types::PyDict;

use cognito_srp_core::Password;

use crate::convert;
use crate::device::{DeviceCredentials, DeviceLogin};
use crate::errors::to_py;

/// A challenge Cognito has sent, reduced to what every answer needs: the user name Cognito uses for it
/// (the challenge's USER_ID_FOR_SRP, else its USERNAME, else the USERNAME of the request that produced
/// it; never the alias the user typed) and the remembered device's key. Made by
/// `AppClient.challenge_context`. Every answer carries USERNAME, SECRET_HASH over that name when the
/// client has a secret, and DEVICE_KEY when the request carried one.
#[pyclass(frozen, module = "cognito_srp")]
pub(crate) struct ChallengeContext {
    pub(crate) inner: cognito_srp_core::ChallengeContext,
}

#[pymethods]
impl ChallengeContext {
    /// The user name the answers carry as USERNAME and hash into SECRET_HASH.
    #[getter]
    fn username(&self) -> &str {
        self.inner.username()
    }

    /// The remembered device's key the answers carry as DEVICE_KEY, or `None`.
    #[getter]
    fn device_key(&self) -> Option<&str> {
        self.inner.device_key()
    }

    /// The answer to an MFA code challenge (`"SMS_MFA"`, `"SOFTWARE_TOKEN_MFA"` or `"EMAIL_OTP"`).
    fn mfa_code<'py>(
        &self,
        py: Python<'py>,
        mfa_type: &str,
        code: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let mfa = convert::mfa_type(mfa_type)?;
        convert::to_dict(py, self.inner.mfa_code(mfa, code))
    }

    /// The answer to `SMS_MFA`: `{USERNAME, SMS_MFA_CODE}`.
    fn sms_mfa<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyDict>> {
        convert::to_dict(py, self.inner.sms_mfa(code))
    }

    /// The answer to `SOFTWARE_TOKEN_MFA`: `{USERNAME, SOFTWARE_TOKEN_MFA_CODE}` (`totp_code` computes
    /// the code from the authenticator secret).
    fn software_token_mfa<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyDict>> {
        convert::to_dict(py, self.inner.software_token_mfa(code))
    }

    /// The answer to `EMAIL_OTP`: `{USERNAME, EMAIL_OTP_CODE}`.
    fn email_otp<'py>(&self, py: Python<'py>, code: &str) -> PyResult<Bound<'py, PyDict>> {
        convert::to_dict(py, self.inner.email_otp(code))
    }

    /// The answer to `SELECT_MFA_TYPE`: `{USERNAME, ANSWER: mfa_type}`.
    fn select_mfa_type<'py>(
        &self,
        py: Python<'py>,
        mfa_type: &str,
    ) -> PyResult<Bound<'py, PyDict>> {
        let mfa = convert::mfa_type(mfa_type)?;
        convert::to_dict(py, self.inner.select_mfa_type(mfa))
    }

    /// The answer to `MFA_SETUP` once the authenticator app is verified (AssociateSoftwareToken and
    /// VerifySoftwareToken with the challenge's session; send the session VerifySoftwareToken
    /// returned): `{USERNAME}`.
    fn mfa_setup<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        convert::to_dict(py, self.inner.mfa_setup())
    }

    /// The answer to `MFA_SETUP` choosing email MFA: `{USERNAME, EMAIL}`.
    fn mfa_setup_email<'py>(&self, py: Python<'py>, email: &str) -> PyResult<Bound<'py, PyDict>> {
        convert::to_dict(py, self.inner.mfa_setup_email(email))
    }

    /// The answer to `CUSTOM_CHALLENGE`: `{USERNAME, ANSWER}`.
    fn custom_challenge<'py>(&self, py: Python<'py>, answer: &str) -> PyResult<Bound<'py, PyDict>> {
        convert::to_dict(py, self.inner.custom_challenge(answer))
    }

    /// The answer to `NEW_PASSWORD_REQUIRED`: `{USERNAME, NEW_PASSWORD, userAttributes.<name>: value}`.
    /// `attributes` are given without the `userAttributes.` prefix and must include every attribute the
    /// challenge's `requiredAttributes` lists.
    #[pyo3(signature = (challenge_parameters, new_password, attributes = None))]
    fn new_password_required<'py>(
        &self,
        py: Python<'py>,
        challenge_parameters: &Bound<'py, PyAny>,
        new_password: &str,
        attributes: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let parameters = convert::string_map(challenge_parameters, "challenge_parameters")?;
        let attributes = match attributes {
            Some(a) if !a.is_none() => convert::string_map(a, "attributes")?,
            _ => Default::default(),
        };
        let mut pairs: Vec<(&str, &str)> = attributes
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        pairs.sort_unstable();
        let password = Password::new(new_password).map_err(to_py)?;
        let map = self
            .inner
            .new_password_required(&parameters, &password, &pairs)
            .map_err(to_py)?;
        convert::to_dict(py, map)
    }

    /// Starts device SRP after Cognito asked for `DEVICE_SRP_AUTH`, with a fresh ephemeral key. The
    /// device answers as `username`.
    fn start_device_srp(&self, py: Python<'_>, device: &DeviceCredentials) -> DeviceLogin {
        let context = &self.inner;
        let credentials = &device.inner;
        DeviceLogin::new(py.detach(|| context.start_device_srp_os(credentials)))
    }

    fn __repr__(&self) -> String {
        format!(
            "ChallengeContext(username={:?}, device_key={:?})",
            self.inner.username(),
            self.inner.device_key()
        )
    }
}
