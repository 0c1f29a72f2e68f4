//! Test-only functions (feature `test-hooks`): chosen ephemeral secrets and device randomness for the
//! known-answer tests, a forced scrambler for the u = 0 refusal, and the server's check of SRP_A. The
//! published wheel is built without them; their names start with `_`.

use cognito_srp_core::{HexInteger, Password, PasswordVerifier, PasswordVerifierChallenge, hazmat};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::challenge::ChallengeContext;
use crate::client::{AppClient, UserLogin};
use crate::convert;
use crate::device::{DeviceCredentials, DeviceLogin, verifier_config};
use crate::errors::to_py;

/// `AppClient.start_user_srp` with the ephemeral secret `a` (big-endian bytes).
#[pyfunction]
#[pyo3(signature = (client, username, a, device_key = None))]
fn _start_user_srp_with_secret(
    client: &AppClient,
    username: &str,
    a: &[u8],
    device_key: Option<&str>,
) -> PyResult<UserLogin> {
    let ephemeral = hazmat::ephemeral_from_secret(a).map_err(to_py)?;
    let login = client
        .inner
        .start_user_srp_with(username, ephemeral)
        .map_err(to_py)?;
    UserLogin::new(login, device_key)
}

/// `ChallengeContext.start_device_srp` with the ephemeral secret `a` (big-endian bytes).
#[pyfunction]
fn _start_device_srp_with_secret(
    context: &ChallengeContext,
    device: &DeviceCredentials,
    a: &[u8],
) -> PyResult<DeviceLogin> {
    let ephemeral = hazmat::ephemeral_from_secret(a).map_err(to_py)?;
    Ok(DeviceLogin::new(
        context
            .inner
            .start_device_srp_with(&device.inner, ephemeral),
    ))
}

/// `confirm_device` with the 40 password bytes and 16 salt bytes given.
#[pyfunction]
fn _confirm_device_from_random<'py>(
    py: Python<'py>,
    device_key: &str,
    device_group_key: &str,
    password_bytes: &[u8],
    salt_bytes: &[u8],
) -> PyResult<(DeviceCredentials, Bound<'py, PyDict>)> {
    let password: &[u8; 40] = password_bytes
        .try_into()
        .map_err(|_| PyValueError::new_err("40 password bytes"))?;
    let salt: &[u8; 16] = salt_bytes
        .try_into()
        .map_err(|_| PyValueError::new_err("16 salt bytes"))?;
    let (inner, config) =
        hazmat::confirm_device_from_random(device_key, device_group_key, password, salt)
            .map_err(to_py)?;
    Ok((DeviceCredentials { inner }, verifier_config(py, &config)?))
}

/// `UserLogin.respond` with the scrambler u (32 bytes) forced instead of H(PAD(A) | PAD(B)).
#[pyfunction]
fn _respond_with_scrambler<'py>(
    py: Python<'py>,
    login: &UserLogin,
    challenge_parameters: &Bound<'py, PyAny>,
    password: &str,
    u: &[u8],
) -> PyResult<Bound<'py, PyDict>> {
    let login = login.take()?;
    let u: [u8; 32] = u
        .try_into()
        .map_err(|_| PyValueError::new_err("32 bytes of u"))?;
    let password = Password::new(password).map_err(to_py)?;
    let parameters = convert::string_map(challenge_parameters, "challenge_parameters")?;
    let challenge = PasswordVerifierChallenge::from_parameters(&parameters).map_err(to_py)?;
    let timestamp = convert::timestamp(None)?;
    let response =
        hazmat::user_srp_respond_with_scrambler(login, &challenge, &password, &timestamp, u)
            .map_err(to_py)?;
    convert::to_dict(py, response.into_parameters())
}

/// The server's check of a client's `SRP_A` (against a throwaway verifier): raises the core's refusal.
#[pyfunction]
fn _server_accepts_srp_a(srp_a: &str) -> PyResult<bool> {
    let verifier =
        PasswordVerifier::from_parts(HexInteger::from_unsigned_bytes(&[1]), &[4]).map_err(to_py)?;
    let session = hazmat::server_session_from_secret(&[7; 48], &verifier).map_err(to_py)?;
    session.finish(srp_a).map(|_| true).map_err(to_py)
}

/// Adds the hooks to `module`.
pub(crate) fn register(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_function(wrap_pyfunction!(_start_user_srp_with_secret, module)?)?;
    module.add_function(wrap_pyfunction!(_start_device_srp_with_secret, module)?)?;
    module.add_function(wrap_pyfunction!(_confirm_device_from_random, module)?)?;
    module.add_function(wrap_pyfunction!(_respond_with_scrambler, module)?)?;
    module.add_function(wrap_pyfunction!(_server_accepts_srp_a, module)?)?;
    Ok(())
}
