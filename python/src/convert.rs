//! Python values in and out: `dict[str, str]` maps as boto3 carries them, instants, flows, MFA types.

use std::collections::HashMap;

use chrono::DateTime;
use cognito_srp_core::{MfaType, SrpAuthFlow, Timestamp};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyFloat, PyInt, PyMapping, PyString};

/// The Python type name of `value`, for messages.
fn type_name(value: &Bound<'_, PyAny>) -> String {
    value
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned())
}

/// A `Mapping[str, str]` (boto3's `AuthParameters`, `ChallengeParameters`, `ChallengeResponses`) as a map.
///
/// # Errors
/// `TypeError` naming `what` for anything else, or for a key or value that is not a `str`.
pub(crate) fn string_map(
    value: &Bound<'_, PyAny>,
    what: &str,
) -> PyResult<HashMap<String, String>> {
    let items = if let Ok(dict) = value.cast::<PyDict>() {
        dict.items()
    } else if let Ok(mapping) = value.cast::<PyMapping>() {
        mapping.items()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a dict[str, str] (as boto3 returns it), not {}",
            type_name(value)
        )));
    };
    let mut map = HashMap::with_capacity(items.len());
    for item in items.iter() {
        let (key, val): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
        let key = key.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{what}: every key must be a str, not {}",
                type_name(&key)
            ))
        })?;
        let key: String = key.extract()?;
        let val = val.cast::<PyString>().map_err(|_| {
            PyTypeError::new_err(format!(
                "{what}['{key}'] must be a str, not {}",
                type_name(&val)
            ))
        })?;
        map.insert(key, val.extract()?);
    }
    Ok(map)
}

/// A string map as a new `dict[str, str]`.
pub(crate) fn to_dict<'py>(
    py: Python<'py>,
    map: HashMap<String, String>,
) -> PyResult<Bound<'py, PyDict>> {
    let dict = PyDict::new(py);
    for (key, value) in map {
        dict.set_item(key, value)?;
    }
    Ok(dict)
}

/// Seconds since the Unix epoch of `value`: a timezone-aware `datetime`, or an `int` / `float` of
/// seconds. `None` when `value` is `None` (the caller reads the clock).
///
/// # Errors
/// `TypeError` for any other type; `ValueError` for a naive `datetime` (its meaning would depend on the
/// machine's time zone) or a value outside the years 1 to 9999.
pub(crate) fn unix_seconds(value: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Option<i64>> {
    let Some(value) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let seconds: f64 = if value.is_instance_of::<PyBool>() {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a datetime or a number of seconds, not bool"
        )));
    } else if value.is_instance_of::<PyInt>() {
        let whole: i64 = value.extract().map_err(|_| {
            PyValueError::new_err(format!("{what} is out of range for a Unix time"))
        })?;
        return checked(whole, what).map(Some);
    } else if value.is_instance_of::<PyFloat>() {
        value.extract()?
    } else if value.hasattr("tzinfo")? && value.hasattr("timestamp")? {
        if value.call_method0("utcoffset")?.is_none() {
            return Err(PyValueError::new_err(format!(
                "{what} is a naive datetime: give it a time zone (datetime.now(timezone.utc)), so the signed instant does not depend on the machine's local time"
            )));
        }
        value.call_method0("timestamp")?.extract()?
    } else {
        return Err(PyTypeError::new_err(format!(
            "{what} must be a timezone-aware datetime or a number of seconds since the epoch, not {}",
            type_name(value)
        )));
    };
    if !seconds.is_finite() {
        return Err(PyValueError::new_err(format!("{what} is not finite")));
    }
    checked(seconds.floor() as i64, what).map(Some)
}

fn checked(seconds: i64, what: &str) -> PyResult<i64> {
    // Years 1 to 9999, the range of Python's datetime.
    if (-62_135_596_800..=253_402_300_799).contains(&seconds) {
        Ok(seconds)
    } else {
        Err(PyValueError::new_err(format!(
            "{what} is outside the years 1 to 9999"
        )))
    }
}

/// The claim timestamp of `now` (see [`unix_seconds`]), or of the system clock when it is `None`.
pub(crate) fn timestamp(now: Option<&Bound<'_, PyAny>>) -> PyResult<Timestamp> {
    match unix_seconds(now, "now")? {
        Some(seconds) => {
            let instant = DateTime::from_timestamp(seconds, 0)
                .ok_or_else(|| PyValueError::new_err("now is outside the years 1 to 9999"))?;
            Ok(Timestamp::from_datetime(&instant))
        }
        None => Ok(Timestamp::now()),
    }
}

/// An InitiateAuth flow name.
pub(crate) fn auth_flow(flow: &str) -> PyResult<SrpAuthFlow> {
    match flow {
        "USER_SRP_AUTH" => Ok(SrpAuthFlow::UserSrpAuth),
        "USER_AUTH" => Ok(SrpAuthFlow::UserAuth),
        "CUSTOM_AUTH" => Ok(SrpAuthFlow::CustomAuth),
        other => Err(PyValueError::new_err(format!(
            "unknown flow {other:?}: use 'USER_SRP_AUTH', 'USER_AUTH' or 'CUSTOM_AUTH'"
        ))),
    }
}

/// An MFA challenge name.
pub(crate) fn mfa_type(name: &str) -> PyResult<MfaType> {
    match name {
        "SMS_MFA" => Ok(MfaType::Sms),
        "SOFTWARE_TOKEN_MFA" => Ok(MfaType::SoftwareToken),
        "EMAIL_OTP" => Ok(MfaType::Email),
        other => Err(PyValueError::new_err(format!(
            "unknown MFA type {other:?}: use 'SMS_MFA', 'SOFTWARE_TOKEN_MFA' or 'EMAIL_OTP'"
        ))),
    }
}
