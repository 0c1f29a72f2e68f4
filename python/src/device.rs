//! Remembered devices: `DeviceCredentials`, `confirm_device` (ConfirmDevice) and `DeviceLogin`
//! (DEVICE_SRP_AUTH, then DEVICE_PASSWORD_VERIFIER).

use std::sync::Mutex;

use cognito_srp_core::{DevicePassword, DeviceSecretVerifierConfig, DeviceSrp};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert;
use crate::errors::{already_used, to_py};

/// A remembered device's credentials: its key, its group key and its password. Store all three after
/// ConfirmDevice (the password like a refresh token) and load them back with
/// `DeviceCredentials(device_key, device_group_key, device_password)`. `repr` hides the password.
#[pyclass(frozen, module = "cognito_srp")]
pub(crate) struct DeviceCredentials {
    pub(crate) inner: cognito_srp_core::DeviceCredentials,
}

#[pymethods]
impl DeviceCredentials {
    #[new]
    fn new(device_key: &str, device_group_key: &str, device_password: &str) -> PyResult<Self> {
        let password = DevicePassword::new(device_password).map_err(to_py)?;
        let inner =
            cognito_srp_core::DeviceCredentials::new(device_key, device_group_key, password)
                .map_err(to_py)?;
        Ok(DeviceCredentials { inner })
    }

    /// `DeviceKey`.
    #[getter]
    fn device_key(&self) -> &str {
        self.inner.device_key()
    }

    /// `DeviceGroupKey`.
    #[getter]
    fn device_group_key(&self) -> &str {
        self.inner.device_group_key()
    }

    /// The device password, for storing it. A secret.
    #[getter]
    fn device_password(&self) -> &str {
        self.inner.password().expose_secret()
    }

    fn __repr__(&self) -> String {
        format!(
            "DeviceCredentials(device_key={:?}, device_group_key={:?}, device_password=<hidden>)",
            self.inner.device_key(),
            self.inner.device_group_key()
        )
    }
}

/// The `DeviceSecretVerifierConfig` of ConfirmDevice as boto3 takes it.
pub(crate) fn verifier_config<'py>(
    py: Python<'py>,
    config: &DeviceSecretVerifierConfig,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    dict.set_item("PasswordVerifier", config.password_verifier())?;
    dict.set_item("Salt", config.salt())?;
    Ok(dict)
}

/// Creates credentials for the device of a sign-in's `NewDeviceMetadata`: returns the credentials to
/// store and ConfirmDevice's `DeviceSecretVerifierConfig` (`{"PasswordVerifier", "Salt"}`).
#[pyfunction]
pub(crate) fn confirm_device<'py>(
    py: Python<'py>,
    device_key: &str,
    device_group_key: &str,
) -> PyResult<(DeviceCredentials, Bound<'py, PyDict>)> {
    let (inner, config) = py
        .detach(|| {
            cognito_srp_core::DeviceCredentials::confirm_device_os(device_key, device_group_key)
        })
        .map_err(to_py)?;
    let config = verifier_config(py, &config)?;
    Ok((DeviceCredentials { inner }, config))
}

/// A device sign-in in progress, started with `ChallengeContext.start_device_srp` once Cognito asked
/// for `DEVICE_SRP_AUTH`. `respond` consumes it.
#[pyclass(frozen, module = "cognito_srp")]
pub(crate) struct DeviceLogin {
    inner: Mutex<Option<DeviceSrp>>,
}

impl DeviceLogin {
    pub(crate) fn new(login: DeviceSrp) -> Self {
        DeviceLogin {
            inner: Mutex::new(Some(login)),
        }
    }

    fn with<T>(&self, f: impl FnOnce(&DeviceSrp) -> T) -> PyResult<T> {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_ref() {
            Some(login) => Ok(f(login)),
            None => Err(already_used(
                "device login",
                "ChallengeContext.start_device_srp",
            )),
        }
    }
}

#[pymethods]
impl DeviceLogin {
    /// `SRP_A`, hex.
    #[getter]
    fn srp_a(&self) -> PyResult<String> {
        self.with(|login| login.srp_a().to_owned())
    }

    /// The `ChallengeResponses` answering `DEVICE_SRP_AUTH`: `{USERNAME, DEVICE_KEY, SRP_A}` plus
    /// SECRET_HASH.
    fn challenge_responses<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let map = self.with(DeviceSrp::device_srp_auth_responses)?;
        convert::to_dict(py, map)
    }

    /// Answers `DEVICE_PASSWORD_VERIFIER` (`challenge_parameters` as boto3 returned them; `now` as for
    /// `UserLogin.respond`). Returns the `ChallengeResponses`. Consumes the login, also when it raises.
    #[pyo3(signature = (challenge_parameters, now = None))]
    fn respond<'py>(
        &self,
        py: Python<'py>,
        challenge_parameters: &Bound<'py, PyAny>,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let login = self
            .inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| already_used("device login", "ChallengeContext.start_device_srp"))?;
        let parameters = convert::string_map(challenge_parameters, "challenge_parameters")?;
        let timestamp = convert::timestamp(now)?;
        let map = py
            .detach(|| login.respond(&parameters, &timestamp))
            .map_err(to_py)?;
        convert::to_dict(py, map)
    }

    /// Whether `respond` has been called.
    #[getter]
    fn used(&self) -> bool {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .is_none()
    }

    fn __repr__(&self) -> String {
        format!(
            "DeviceLogin(used={})",
            if self.used() { "True" } else { "False" }
        )
    }
}
