//! Plain JavaScript objects in and out: option fields, string maps and dates.

use std::collections::HashMap;

use chrono::DateTime;
use cognito_srp_core::Timestamp;
use js_sys::{Date, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::error::type_error;

/// The field `name` of `options`, `None` when it is absent, `undefined` or `null`.
fn field(options: &JsValue, name: &str, context: &str) -> Result<Option<JsValue>, JsValue> {
    if !options.is_object() {
        return Err(type_error(&format!(
            "{context}: expected an options object"
        )));
    }
    let value = Reflect::get(options, &JsValue::from_str(name))?;
    Ok((!value.is_undefined() && !value.is_null()).then_some(value))
}

/// The string field `name` of `options`, if present.
pub(crate) fn optional_string(
    options: &JsValue,
    name: &str,
    context: &str,
) -> Result<Option<String>, JsValue> {
    field(options, name, context)?
        .map(|value| {
            value
                .as_string()
                .ok_or_else(|| type_error(&format!("{context}: {name} must be a string")))
        })
        .transpose()
}

/// The string field `name` of `options`, which must be present.
pub(crate) fn required_string(
    options: &JsValue,
    name: &str,
    context: &str,
) -> Result<String, JsValue> {
    optional_string(options, name, context)?
        .ok_or_else(|| type_error(&format!("{context}: {name} is required (a string)")))
}

/// The object field `name` of `options`, which must be present.
pub(crate) fn required_object(
    options: &JsValue,
    name: &str,
    context: &str,
) -> Result<JsValue, JsValue> {
    field(options, name, context)?
        .filter(JsValue::is_object)
        .ok_or_else(|| type_error(&format!("{context}: {name} is required (an object)")))
}

/// A `Record<string, string>` (the SDK's `ChallengeParameters`) as a map.
pub(crate) fn string_map(value: &JsValue, what: &str) -> Result<HashMap<String, String>, JsValue> {
    let object: &Object = value
        .dyn_ref()
        .ok_or_else(|| type_error(&format!("{what} must be an object of strings")))?;
    let mut map = HashMap::new();
    for entry in Object::entries(object).iter() {
        let key = Reflect::get_u32(&entry, 0)?.as_string().unwrap_or_default();
        let value = Reflect::get_u32(&entry, 1)?
            .as_string()
            .ok_or_else(|| type_error(&format!("{what}.{key} must be a string")))?;
        map.insert(key, value);
    }
    Ok(map)
}

/// An object with `entries` as string properties.
pub(crate) fn object<K: AsRef<str>, V: AsRef<str>>(
    entries: impl IntoIterator<Item = (K, V)>,
) -> Result<Object, JsValue> {
    let object = Object::new();
    for (key, value) in entries {
        Reflect::set(
            &object,
            &JsValue::from_str(key.as_ref()),
            &JsValue::from_str(value.as_ref()),
        )?;
    }
    Ok(object)
}

/// A response map as an object.
pub(crate) fn map_object(map: HashMap<String, String>) -> Result<Object, JsValue> {
    object(map)
}

/// Sets `object[name] = value`.
pub(crate) fn set(object: &Object, name: &str, value: &JsValue) -> Result<(), JsValue> {
    Reflect::set(object, &JsValue::from_str(name), value).map(drop)
}

/// The `Date` field `name` of `options`, as milliseconds since the epoch, if present.
pub(crate) fn optional_date(
    options: &JsValue,
    name: &str,
    context: &str,
) -> Result<Option<f64>, JsValue> {
    field(options, name, context)?
        .map(|value| {
            value
                .dyn_ref::<Date>()
                .map(Date::get_time)
                .ok_or_else(|| type_error(&format!("{context}: {name} must be a Date")))
        })
        .transpose()
}

/// The timestamp to sign: `options.now` (a `Date`) when given, the current time otherwise.
pub(crate) fn timestamp(options: Option<&JsValue>, context: &str) -> Result<Timestamp, JsValue> {
    let given = match options {
        Some(options) if !options.is_undefined() && !options.is_null() => {
            optional_date(options, "now", context)?
        }
        _ => None,
    };
    let millis = given.unwrap_or_else(Date::now);
    let instant = millis
        .is_finite()
        .then(|| DateTime::from_timestamp_millis(millis as i64))
        .flatten()
        .ok_or_else(|| type_error(&format!("{context}: now is not a valid Date")))?;
    Ok(Timestamp::from_datetime(&instant))
}
