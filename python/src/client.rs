//! `AppClient` and `UserLogin`: the user sign-in (USER_SRP_AUTH, USER_AUTH with PASSWORD_SRP,
//! CUSTOM_AUTH with SRP_A).

use std::collections::HashMap;
use std::sync::Mutex;

use cognito_srp_core::{ClientSecret, Password, UserSrp};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::challenge::ChallengeContext;
use crate::convert;
use crate::errors::{already_used, to_py};

/// An app client of a user pool: pool id, client id, and the client secret if it has one.
///
/// `AppClient("eu-west-1_AbCdEf123", "1example23456789", client_secret=None)`. Immutable; one client
/// serves any number of sign-ins, from any number of threads.
#[pyclass(frozen, module = "cognito_srp")]
pub(crate) struct AppClient {
    pub(crate) inner: cognito_srp_core::AppClient,
    has_secret: bool,
}

#[pymethods]
impl AppClient {
    #[new]
    #[pyo3(signature = (user_pool_id, client_id, client_secret = None))]
    fn new(user_pool_id: &str, client_id: &str, client_secret: Option<&str>) -> PyResult<Self> {
        let client = cognito_srp_core::AppClient::new(user_pool_id, client_id).map_err(to_py)?;
        let inner = match client_secret {
            Some(secret) => client.with_secret(ClientSecret::new(secret).map_err(to_py)?),
            None => client,
        };
        Ok(AppClient {
            inner,
            has_secret: client_secret.is_some(),
        })
    }

    /// The user pool id, `REGION_NAME`.
    #[getter]
    fn user_pool_id(&self) -> &str {
        self.inner.pool().as_str()
    }

    /// The region, before the pool id's first `_`.
    #[getter]
    fn region(&self) -> &str {
        self.inner.pool().region()
    }

    /// The app client id.
    #[getter]
    fn client_id(&self) -> &str {
        self.inner.client_id()
    }

    /// `SECRET_HASH` for `username` when the client has a secret, else `None`.
    fn secret_hash(&self, username: &str) -> Option<String> {
        self.inner.secret_hash(username)
    }

    /// Starts a user sign-in with a fresh ephemeral key from the operating system's RNG. `username` is
    /// what the user typed (name, alias or email); `device_key` is a remembered device's key.
    #[pyo3(signature = (username, device_key = None))]
    fn start_user_srp(
        &self,
        py: Python<'_>,
        username: &str,
        device_key: Option<&str>,
    ) -> PyResult<UserLogin> {
        let client = self.inner.clone();
        let login = py
            .detach(|| client.start_user_srp_os(username))
            .map_err(to_py)?;
        UserLogin::new(login, device_key)
    }

    /// The context for answering a challenge that follows SRP (MFA, NEW_PASSWORD_REQUIRED, …, and
    /// DEVICE_SRP_AUTH): `challenge_parameters` are the ChallengeParameters Cognito sent with it,
    /// `request_parameters` the parameters of the request that produced it (the AuthParameters of
    /// InitiateAuth or the ChallengeResponses of the previous RespondToAuthChallenge).
    fn challenge_context(
        &self,
        challenge_parameters: &Bound<'_, PyAny>,
        request_parameters: &Bound<'_, PyAny>,
    ) -> PyResult<ChallengeContext> {
        let challenge = convert::string_map(challenge_parameters, "challenge_parameters")?;
        let request = convert::string_map(request_parameters, "request_parameters")?;
        let inner = self
            .inner
            .challenge_context(&challenge, &request)
            .map_err(to_py)?;
        Ok(ChallengeContext { inner })
    }

    fn __repr__(&self) -> String {
        format!(
            "AppClient(user_pool_id={:?}, client_id={:?}, client_secret={})",
            self.inner.pool().as_str(),
            self.inner.client_id(),
            if self.has_secret { "<hidden>" } else { "None" }
        )
    }
}

/// A user sign-in in progress. `respond` consumes it: one ephemeral secret answers one challenge.
#[pyclass(frozen, module = "cognito_srp")]
pub(crate) struct UserLogin {
    inner: Mutex<Option<UserSrp>>,
}

impl UserLogin {
    pub(crate) fn new(login: UserSrp, device_key: Option<&str>) -> PyResult<Self> {
        let login = match device_key {
            Some(key) => login.with_device_key(key).map_err(to_py)?,
            None => login,
        };
        Ok(UserLogin {
            inner: Mutex::new(Some(login)),
        })
    }

    /// Runs `f` on the pending login, or raises `AlreadyUsedError`.
    fn with<T>(&self, f: impl FnOnce(&UserSrp) -> PyResult<T>) -> PyResult<T> {
        let guard = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        match guard.as_ref() {
            Some(login) => f(login),
            None => Err(already_used("login", "AppClient.start_user_srp")),
        }
    }

    /// Takes the pending login out, or raises `AlreadyUsedError`.
    pub(crate) fn take(&self) -> PyResult<UserSrp> {
        self.inner
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
            .ok_or_else(|| already_used("login", "AppClient.start_user_srp"))
    }
}

#[pymethods]
impl UserLogin {
    /// `SRP_A`, hex.
    #[getter]
    fn srp_a(&self) -> PyResult<String> {
        self.with(|login| Ok(login.srp_a().to_owned()))
    }

    /// InitiateAuth's `AuthParameters` for `flow` (`"USER_SRP_AUTH"`, `"USER_AUTH"` or
    /// `"CUSTOM_AUTH"`): USERNAME, SRP_A, and SECRET_HASH, DEVICE_KEY, CHALLENGE_NAME (CUSTOM_AUTH) or
    /// PREFERRED_CHALLENGE (USER_AUTH) as they apply.
    #[pyo3(signature = (flow = "USER_SRP_AUTH"))]
    fn auth_parameters<'py>(&self, py: Python<'py>, flow: &str) -> PyResult<Bound<'py, PyDict>> {
        let flow = convert::auth_flow(flow)?;
        let map = self.with(|login| Ok(login.initiate_auth_parameters(flow)))?;
        convert::to_dict(py, map)
    }

    /// The `ChallengeResponses` answering USER_AUTH's `SELECT_CHALLENGE` with PASSWORD_SRP:
    /// `{USERNAME, ANSWER: PASSWORD_SRP, SRP_A}` plus SECRET_HASH. USERNAME is the challenge's
    /// USER_ID_FOR_SRP, else its USERNAME, else the name this sign-in sent.
    #[pyo3(signature = (challenge_parameters = None))]
    fn select_challenge_responses<'py>(
        &self,
        py: Python<'py>,
        challenge_parameters: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let parameters = match challenge_parameters {
            Some(p) if !p.is_none() => convert::string_map(p, "challenge_parameters")?,
            _ => HashMap::new(),
        };
        let map =
            self.with(|login| login.select_challenge_responses(&parameters).map_err(to_py))?;
        convert::to_dict(py, map)
    }

    /// Answers `PASSWORD_VERIFIER`: `challenge_parameters` as boto3 returned them, the password, and
    /// optionally the instant to sign (`now`: a timezone-aware datetime or Unix seconds; default the
    /// system clock). Returns the `ChallengeResponses`. Consumes the login, also when it raises. The
    /// exponentiations run without the GIL.
    #[pyo3(signature = (challenge_parameters, password, now = None))]
    fn respond<'py>(
        &self,
        py: Python<'py>,
        challenge_parameters: &Bound<'py, PyAny>,
        password: &str,
        now: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyDict>> {
        let login = self.take()?;
        let parameters = convert::string_map(challenge_parameters, "challenge_parameters")?;
        let timestamp = convert::timestamp(now)?;
        let password = Password::new(password).map_err(to_py)?;
        let map = py
            .detach(|| login.respond(&parameters, &password, &timestamp))
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
            "UserLogin(used={})",
            if self.used() { "True" } else { "False" }
        )
    }
}
