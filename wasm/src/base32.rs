//! Base32 decoding of TOTP secrets, here rather than through the core's `TotpSecret::from_base32`:
//! that one decodes with the `data-encoding` crate, whose generic decoder would be a quarter of this
//! module's size. Same rules (RFC 4648 alphabet, either case; `=`, spaces and `-` ignored; at most 1024
//! characters); the test build checks both agree (`__totpCodeViaCore`).

use cognito_srp_core::Error;
use zeroize::Zeroizing;

/// The label of errors about a TOTP secret, as the core names it.
const SECRET_CODE: &str = "SecretCode";
/// The longest secret accepted, as the core.
const MAX_SECRET: usize = 1024;

/// The key bytes of a base32 secret, wiped when dropped.
///
/// # Errors
/// [`Error::TooLong`] over 1024 characters; [`Error::InvalidBase32`] for any other character, a length
/// no base32 text has, set bits in the padding of the last character, or an empty secret.
pub(crate) fn decode(text: &str) -> Result<Zeroizing<Vec<u8>>, Error> {
    if text.len() > MAX_SECRET {
        return Err(Error::TooLong {
            parameter: SECRET_CODE,
            max: MAX_SECRET,
        });
    }
    let invalid = || Error::InvalidBase32(SECRET_CODE);
    // The key is a secret: wiped when dropped, here and in the caller.
    let mut key = Zeroizing::new(Vec::with_capacity(text.len() * 5 / 8));
    let (mut buffer, mut bits, mut symbols) = (0u32, 0u32, 0usize);
    for c in text.chars().filter(|c| !matches!(c, ' ' | '-' | '=')) {
        let value = match c.to_ascii_uppercase() {
            c @ 'A'..='Z' => c as u32 - 'A' as u32,
            c @ '2'..='7' => c as u32 - '2' as u32 + 26,
            _ => return Err(invalid()),
        };
        buffer = (buffer << 5) | value;
        bits += 5;
        symbols += 1;
        if bits >= 8 {
            bits -= 8;
            key.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Lengths mod 8 of 1, 3 or 6 symbols encode no whole byte; the leftover bits must be zero.
    if matches!(symbols % 8, 1 | 3 | 6) || buffer != 0 || key.is_empty() {
        return Err(invalid());
    }
    Ok(key)
}
