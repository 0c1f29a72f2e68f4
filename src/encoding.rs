//! How numbers become bytes and strings: PAD, hex and base64, exactly as Cognito's server expects.
//!
//! PAD(n) is Java's `BigInteger.toByteArray()`: the minimal big-endian two's-complement encoding. Every
//! value is normalised through its integer first, so hex `00ab` and `ab` both PAD to `00 ab`.

use base64::Engine as _;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};

use crate::error::{Error, Result};

/// A signed integer parsed from hexadecimal, held as sign and canonical magnitude.
///
/// The magnitude has no leading zero bytes; zero has an empty magnitude and is never negative.
#[derive(Clone, PartialEq, Eq)]
pub struct HexInteger {
    negative: bool,
    magnitude: Vec<u8>,
}

impl core::fmt::Debug for HexInteger {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(
            f,
            "HexInteger({}{})",
            if self.negative { "-" } else { "" },
            to_hex(&self.magnitude)
        )
    }
}

impl HexInteger {
    /// Parses a salt as Cognito prints it (`SALT`): hex of either case, odd lengths and leading zeros
    /// allowed, a leading `-` for a negative value, at most [`crate::limits::MAX_SALT_HEX`] characters.
    ///
    /// # Errors
    /// [`Error::TooLong`], [`Error::Empty`] for an empty string or a lone `-`, [`Error::InvalidHex`] for any
    /// other character; each labelled `SALT`.
    pub fn parse_salt(text: &str) -> Result<Self> {
        Self::parse(crate::wire::SALT, text, crate::limits::MAX_SALT_HEX, true)
    }

    /// Parses hex of either case and any length up to `max_len` characters (odd lengths and leading zeros
    /// allowed). With `allow_negative`, a leading `-` makes the value negative (Cognito prints salts as
    /// signed Java `BigInteger`s).
    ///
    /// # Errors
    /// [`Error::TooLong`] over `max_len` (checked first), [`Error::Empty`] for an empty string or a lone
    /// `-`, [`Error::InvalidHex`] for any other character.
    pub(crate) fn parse(
        parameter: &'static str,
        text: &str,
        max_len: usize,
        allow_negative: bool,
    ) -> Result<Self> {
        crate::limits::check(parameter, text, max_len)?;
        let (negative, digits) = match text.strip_prefix('-') {
            Some(rest) if allow_negative => (true, rest),
            _ => (false, text),
        };
        if digits.is_empty() {
            return Err(Error::Empty(parameter));
        }
        let digits = digits.as_bytes();
        let mut nibbles = Vec::with_capacity(digits.len() + 1);
        if digits.len() % 2 == 1 {
            nibbles.push(0);
        }
        for &c in digits {
            nibbles.push(hex_value(c).ok_or(Error::InvalidHex(parameter))?);
        }
        let bytes: Vec<u8> = nibbles.chunks(2).map(|p| (p[0] << 4) | p[1]).collect();
        let magnitude = strip_leading_zeros(&bytes).to_vec();
        let negative = negative && !magnitude.is_empty();
        Ok(HexInteger {
            negative,
            magnitude,
        })
    }

    /// A non-negative integer from big-endian bytes (leading zeros are dropped).
    pub fn from_unsigned_bytes(bytes: &[u8]) -> Self {
        HexInteger {
            negative: false,
            magnitude: strip_leading_zeros(bytes).to_vec(),
        }
    }

    /// A signed integer from big-endian two's-complement bytes, as Java's `new BigInteger(bytes)` reads them.
    pub fn from_twos_complement(bytes: &[u8]) -> Self {
        if bytes.first().is_some_and(|&b| b & 0x80 != 0) {
            // magnitude = 2^(8·len) − value = (!bytes) + 1
            let mut m: Vec<u8> = bytes.iter().map(|b| !b).collect();
            for b in m.iter_mut().rev() {
                let (v, carry) = b.overflowing_add(1);
                *b = v;
                if !carry {
                    break;
                }
            }
            HexInteger {
                negative: true,
                magnitude: strip_leading_zeros(&m).to_vec(),
            }
        } else {
            Self::from_unsigned_bytes(bytes)
        }
    }

    /// The value as Java's `BigInteger.toString(16)` prints it: lowercase, no leading zeros, `-` when
    /// negative. This is how Cognito sends `SALT`.
    pub fn to_signed_hex(&self) -> String {
        let digits = to_hex(&self.magnitude);
        if self.negative {
            format!("-{digits}")
        } else {
            digits
        }
    }

    /// Whether the value is negative.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Whether the value is zero.
    pub fn is_zero(&self) -> bool {
        self.magnitude.is_empty()
    }

    /// The magnitude, big-endian, without leading zeros (empty for zero).
    pub fn magnitude(&self) -> &[u8] {
        &self.magnitude
    }

    /// PAD of the value: Java's `BigInteger.toByteArray()`.
    pub fn pad(&self) -> Vec<u8> {
        if self.negative {
            pad_negative(&self.magnitude)
        } else {
            pad_unsigned(&self.magnitude)
        }
    }
}

/// PAD of a non-negative big-endian integer: leading zeros removed, one `0x00` put back in front when the
/// top bit of the first byte is set; PAD(0) = `00`.
pub fn pad_unsigned(bytes: &[u8]) -> Vec<u8> {
    let m = strip_leading_zeros(bytes);
    let mut out = Vec::with_capacity(m.len() + 1);
    if m.first().is_none_or(|&b| b & 0x80 != 0) {
        out.push(0);
    }
    out.extend_from_slice(m);
    out
}

/// PAD of `-m` for a canonical magnitude `m`: minimal two's complement (−1 → `ff`, −0x80 → `80`,
/// −0x81 → `ff7f`).
fn pad_negative(m: &[u8]) -> Vec<u8> {
    // 2^(8·len) − m, computed as (!m) + 1 over len bytes.
    let mut t: Vec<u8> = m.iter().map(|b| !b).collect();
    for b in t.iter_mut().rev() {
        let (v, carry) = b.overflowing_add(1);
        *b = v;
        if !carry {
            break;
        }
    }
    // m has no leading zero byte, so 2^(8·len) − m ≤ 0xff00…00: a leading 0xff can never be dropped.
    // Only a missing sign bit needs a 0xff in front.
    if t[0] & 0x80 == 0 {
        t.insert(0, 0xff);
    }
    t
}

fn strip_leading_zeros(bytes: &[u8]) -> &[u8] {
    let first = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[first..]
}

fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Lowercase hex of a non-negative big-endian integer without leading zeros, `"0"` for zero: Java's and
/// jsbn's `toString(16)`, which is how `SRP_A` is sent.
pub fn to_hex(bytes: &[u8]) -> String {
    let full = hex_lower(bytes);
    let trimmed = full.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

/// Lowercase hex of every byte, two digits each.
pub fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[(b >> 4) as usize] as char);
        s.push(DIGITS[(b & 15) as usize] as char);
    }
    s
}

const LENIENT: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
const STANDARD_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::STANDARD, LENIENT);
const URL_SAFE_LENIENT: GeneralPurpose = GeneralPurpose::new(&base64::alphabet::URL_SAFE, LENIENT);

/// Decodes base64 of at most `max_len` characters: the standard alphabet, padded or not, and the URL-safe
/// alphabet as a fallback.
///
/// # Errors
/// [`Error::TooLong`] over `max_len` (checked first), [`Error::InvalidBase64`] otherwise.
pub fn decode_base64(parameter: &'static str, text: &str, max_len: usize) -> Result<Vec<u8>> {
    crate::limits::check(parameter, text, max_len)?;
    STANDARD_LENIENT
        .decode(text)
        .or_else(|_| URL_SAFE_LENIENT.decode(text))
        .map_err(|_| Error::InvalidBase64(parameter))
}

/// Standard, padded base64.
pub fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pad_hex(s: &str) -> String {
        hex_lower(&HexInteger::parse("T", s, 1024, true).unwrap().pad())
    }

    #[test]
    fn pad_positive_forms() {
        assert_eq!(pad_hex("0"), "00");
        assert_eq!(pad_hex("000"), "00");
        assert_eq!(pad_hex("7f"), "7f");
        assert_eq!(pad_hex("80"), "0080");
        assert_eq!(pad_hex("ab"), "00ab");
        assert_eq!(pad_hex("00ab"), "00ab");
        assert_eq!(pad_hex("0000ab"), "00ab");
        assert_eq!(pad_hex("abc"), "0abc");
        assert_eq!(pad_hex("8"), "08");
        assert_eq!(pad_hex("ABCDEF"), "00abcdef");
    }

    #[test]
    fn pad_negative_forms() {
        // Java: BigInteger.valueOf(-1).toByteArray() = ff, -128 = 80, -129 = ff7f, -256 = ff00.
        assert_eq!(pad_hex("-1"), "ff");
        assert_eq!(pad_hex("-80"), "80");
        assert_eq!(pad_hex("-81"), "ff7f");
        assert_eq!(pad_hex("-100"), "ff00");
        assert_eq!(pad_hex("-7f"), "81");
        assert_eq!(pad_hex("-0"), "00");
        assert_eq!(pad_hex("-00ff"), "ff01");
        // The salt example of SPEC.md.
        assert_eq!(
            pad_hex("-1b68bdb2a222c525d694bdb48a52e4e2"),
            "e497424d5ddd3ada296b424b75ad1b1e"
        );
    }

    #[test]
    fn twos_complement_round_trips_through_pad() {
        // (bytes as Java's new BigInteger(bytes) reads them, that value's toByteArray())
        let cases: [(&[u8], &[u8]); 7] = [
            (&[0xe4, 0x97, 0x42], &[0xe4, 0x97, 0x42]),
            (&[0xff, 0x80, 0x01], &[0x80, 0x01]),
            (&[0xff, 0x7f], &[0xff, 0x7f]),
            (&[0x80], &[0x80]),
            (&[0x00, 0x80], &[0x00, 0x80]),
            (&[0x7f, 0xff], &[0x7f, 0xff]),
            (&[0xff], &[0xff]),
        ];
        for (bytes, minimal) in cases {
            let v = HexInteger::from_twos_complement(bytes);
            let reparsed = HexInteger::parse("SALT", &v.to_signed_hex(), 64, true).unwrap();
            assert_eq!(reparsed, v);
            assert_eq!(v.pad(), minimal, "{bytes:02x?}");
        }
        assert_eq!(
            HexInteger::from_twos_complement(&[0xe4, 0x97]).to_signed_hex(),
            "-1b69"
        );
    }

    #[test]
    fn hex_rejects() {
        assert_eq!(
            HexInteger::parse("SALT", "", 10, true),
            Err(Error::Empty("SALT"))
        );
        assert_eq!(
            HexInteger::parse("SALT", "-", 10, true),
            Err(Error::Empty("SALT"))
        );
        assert_eq!(
            HexInteger::parse("SRP_B", "-1", 10, false),
            Err(Error::InvalidHex("SRP_B"))
        );
        assert_eq!(
            HexInteger::parse("SRP_B", "0x12", 10, false),
            Err(Error::InvalidHex("SRP_B"))
        );
        assert_eq!(
            HexInteger::parse("SRP_B", "12 ", 10, false),
            Err(Error::InvalidHex("SRP_B"))
        );
        assert_eq!(
            HexInteger::parse("SRP_B", "+12", 10, false),
            Err(Error::InvalidHex("SRP_B"))
        );
        assert_eq!(
            HexInteger::parse("SRP_B", "--12", 10, true),
            Err(Error::InvalidHex("SRP_B"))
        );
        assert_eq!(
            HexInteger::parse("SRP_B", "é1", 10, false),
            Err(Error::InvalidHex("SRP_B"))
        );
        assert_eq!(
            HexInteger::parse("SRP_B", "12345678901", 10, false),
            Err(Error::TooLong {
                parameter: "SRP_B",
                max: 10
            })
        );
        assert!(HexInteger::parse("SRP_B", "1234567890", 10, false).is_ok());
    }

    #[test]
    fn to_hex_is_bigint_to_string_16() {
        assert_eq!(to_hex(&[]), "0");
        assert_eq!(to_hex(&[0, 0]), "0");
        assert_eq!(to_hex(&[0, 0x0a, 0xbc]), "abc");
        assert_eq!(to_hex(&[0x80]), "80");
        assert_eq!(hex_lower(&[0, 0x0a]), "000a");
    }

    #[test]
    fn base64_forms() {
        assert_eq!(decode_base64("B", "AQID", 64).unwrap(), vec![1, 2, 3]);
        assert_eq!(decode_base64("B", "AQI=", 64).unwrap(), vec![1, 2]);
        assert_eq!(decode_base64("B", "AQI", 64).unwrap(), vec![1, 2]);
        assert_eq!(decode_base64("B", "-_8=", 64).unwrap(), vec![0xfb, 0xff]);
        assert_eq!(decode_base64("B", "+/8=", 64).unwrap(), vec![0xfb, 0xff]);
        assert_eq!(decode_base64("B", "", 64).unwrap(), Vec::<u8>::new());
        assert_eq!(decode_base64("B", "A", 64), Err(Error::InvalidBase64("B")));
        assert_eq!(
            decode_base64("B", "AQ!D", 64),
            Err(Error::InvalidBase64("B"))
        );
        assert_eq!(
            decode_base64("B", "AQIDBA", 4),
            Err(Error::TooLong {
                parameter: "B",
                max: 4
            })
        );
        assert_eq!(encode_base64(&[0xfb, 0xff]), "+/8=");
    }
}
