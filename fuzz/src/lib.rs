//! The input format shared by the fuzz targets, hand-decoded so that `make_corpus.py` can write seeds
//! for it and a mutated input stays meaningful.
//!
//! An input is a list of fields separated by the byte `0xFF` (never part of valid UTF-8). Text fields
//! are read as lossy UTF-8. A text that starts with `*` and has the form `*<count>:<unit>` is expanded
//! to `unit` repeated `count` times (capped at [`MAX_EXPANDED`] bytes), so a few input bytes can stand
//! for a huge value. A map entry is `KEY=VALUE` (split at the first `=`); a key `#<digit>` stands for
//! the wire name [`KNOWN_KEYS`]`[digit]`, because the targets look keys up in hash maps, which
//! libFuzzer's comparison tracing cannot see through. Byte strings (ephemeral secrets) are written as
//! hex, see [`hex_bytes`].

use std::collections::HashMap;

/// The field separator.
pub const SEP: u8 = 0xFF;

/// Largest value an expansion produces: above every bound of the crate, low enough to stay well under
/// the `-malloc_limit_mb` the targets run with.
pub const MAX_EXPANDED: usize = 12 * 1024 * 1024;

/// Wire names a key `#0` … `#9` stands for.
pub const KNOWN_KEYS: [&str; 10] = [
    "SALT",
    "SRP_B",
    "SECRET_BLOCK",
    "USER_ID_FOR_SRP",
    "USERNAME",
    "DEVICE_KEY",
    "PASSWORD_CLAIM_SECRET_BLOCK",
    "TIMESTAMP",
    "PASSWORD_CLAIM_SIGNATURE",
    "SRP_A",
];

/// Splits an input into its fields.
pub fn fields(data: &[u8]) -> Vec<&[u8]> {
    data.split(|&b| b == SEP).collect()
}

/// A text field, with `*<count>:<unit>` expanded.
pub fn text(field: &[u8]) -> String {
    let s = String::from_utf8_lossy(field);
    if let Some(rest) = s.strip_prefix('*')
        && let Some((count, unit)) = rest.split_once(':')
        && let Ok(count) = count.parse::<usize>()
    {
        let unit = if unit.is_empty() { "A" } else { unit };
        let count = count.min(MAX_EXPANDED / unit.len());
        return unit.repeat(count);
    }
    s.into_owned()
}

/// A byte-string field written as hex (raw bytes could contain the separator): the hex digits of the
/// field, any other byte skipped, a `0` put in front of an odd count.
pub fn hex_bytes(field: &[u8]) -> Vec<u8> {
    let nibbles: Vec<u8> = field
        .iter()
        .filter_map(|&c| (c as char).to_digit(16).map(|d| d as u8))
        .collect();
    let pad = nibbles.len() % 2;
    let mut out = Vec::with_capacity(nibbles.len() / 2 + 1);
    if pad == 1 {
        out.push(nibbles[0]);
    }
    for pair in nibbles[pad..].chunks(2) {
        out.push((pair[0] << 4) | pair[1]);
    }
    out
}

/// A `KEY=VALUE` map entry.
pub fn entry(field: &[u8]) -> (String, String) {
    let (k, v) = match field.iter().position(|&b| b == b'=') {
        Some(i) => (&field[..i], &field[i + 1..]),
        None => (field, &[][..]),
    };
    let key = match k {
        [b'#', d @ b'0'..=b'9'] => KNOWN_KEYS[usize::from(d - b'0')].to_owned(),
        _ => String::from_utf8_lossy(k).into_owned(),
    };
    (key, text(v))
}

/// A map from entry fields (a later entry overwrites an earlier one with the same key).
pub fn map<'a>(entries: impl IntoIterator<Item = &'a [u8]>) -> HashMap<String, String> {
    entries.into_iter().map(entry).collect()
}

/// Field `i`, or empty when the input has fewer fields.
pub fn field<'a>(fields: &[&'a [u8]], i: usize) -> &'a [u8] {
    fields.get(i).copied().unwrap_or(&[])
}

/// The first byte of field 0 (the flags), or 0.
pub fn flags(fields: &[&[u8]]) -> u8 {
    field(fields, 0).first().copied().unwrap_or(0)
}

/// The 3072-bit group prime, for oracles.
pub fn modulus() -> num_bigint::BigUint {
    num_bigint::BigUint::parse_bytes(cognito_srp_core::group::N_HEX.as_bytes(), 16)
        .expect("N_HEX is hex")
}

/// Decodes base64 the way a lenient client would (standard or URL-safe alphabet, padding optional):
/// the oracle for what a signature string means.
pub fn lenient_base64(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let cfg = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    GeneralPurpose::new(&base64::alphabet::STANDARD, cfg)
        .decode(text)
        .or_else(|_| GeneralPurpose::new(&base64::alphabet::URL_SAFE, cfg).decode(text))
        .ok()
}

/// HMAC-SHA256(key, name ‖ user ‖ block ‖ timestamp): the claim a server should accept.
pub fn claim_mac(key: &[u8], name: &str, user: &str, block: &[u8], timestamp: &str) -> [u8; 32] {
    use hmac::{KeyInit, Mac};
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    mac.update(name.as_bytes());
    mac.update(user.as_bytes());
    mac.update(block);
    mac.update(timestamp.as_bytes());
    mac.finalize().into_bytes().into()
}
