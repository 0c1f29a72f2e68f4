//! Amazon Cognito SRP sign-in for Python: PyO3 bindings of `cognito-srp-core`, the extension module
//! `cognito_srp._native` of the package `cognito-srp` (see this folder's README).
//!
//! Maps go in and out as boto3 carries them (`dict[str, str]`); errors are `cognito_srp.CognitoSrpError`
//! subclasses named after the core's error kinds, or `TypeError` / `ValueError` for arguments of the
//! wrong type or form. Every modular exponentiation runs with the GIL released.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod challenge;
mod client;
mod convert;
mod device;
mod errors;
#[cfg(feature = "test-hooks")]
mod test_hooks;

use cognito_srp_core::totp::TotpSecret;
use pyo3::prelude::*;

use crate::errors::to_py;

/// The 6-digit TOTP code (RFC 6238: HMAC-SHA1, 30-second steps) of a base32 authenticator secret (the
/// `SecretCode` of AssociateSoftwareToken) at `at` (a timezone-aware datetime or Unix seconds; default
/// the system clock).
#[pyfunction]
#[pyo3(signature = (secret_base32, at = None))]
fn totp_code(secret_base32: &str, at: Option<&Bound<'_, PyAny>>) -> PyResult<String> {
    let secret = TotpSecret::from_base32(secret_base32).map_err(to_py)?;
    Ok(match convert::unix_seconds(at, "at")? {
        Some(seconds) if seconds < 0 => {
            return Err(pyo3::exceptions::PyValueError::new_err(
                "at is before the Unix epoch",
            ));
        }
        Some(seconds) => secret.code_at(seconds as u64),
        None => secret.code_now(),
    })
}

/// `SECRET_HASH = base64(HMAC-SHA256(client_secret, username + client_id))`.
#[pyfunction]
fn secret_hash(client_secret: &str, username: &str, client_id: &str) -> String {
    cognito_srp_core::secret_hash(client_secret, username, client_id)
}

/// The attribute names (without `userAttributes.`) a `NEW_PASSWORD_REQUIRED` challenge's
/// `requiredAttributes` lists; empty when it lists none.
#[pyfunction]
fn required_attributes(challenge_parameters: &Bound<'_, PyAny>) -> PyResult<Vec<String>> {
    let parameters = convert::string_map(challenge_parameters, "challenge_parameters")?;
    cognito_srp_core::challenge::required_attributes(&parameters).map_err(to_py)
}

/// The extension module.
#[pymodule(name = "_native")]
fn native(module: &Bound<'_, PyModule>) -> PyResult<()> {
    module.add_class::<client::AppClient>()?;
    module.add_class::<client::UserLogin>()?;
    module.add_class::<challenge::ChallengeContext>()?;
    module.add_class::<device::DeviceCredentials>()?;
    module.add_class::<device::DeviceLogin>()?;
    module.add_function(wrap_pyfunction!(device::confirm_device, module)?)?;
    module.add_function(wrap_pyfunction!(totp_code, module)?)?;
    module.add_function(wrap_pyfunction!(secret_hash, module)?)?;
    module.add_function(wrap_pyfunction!(required_attributes, module)?)?;
    errors::register(module)?;
    #[cfg(feature = "test-hooks")]
    test_hooks::register(module)?;
    Ok(())
}
