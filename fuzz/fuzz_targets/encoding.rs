//! PAD, hex and base64 against num-bigint as the oracle.
//!
//! Input: a flags byte (bit 0: allow a `-` sign; bit 1: the next byte is the length bound, otherwise the
//! bound is 1 MiB), then the body, used both as text (lossy UTF-8) and as raw big-endian bytes.
//!
//! - `HexInteger::parse` accepts exactly `[-]hexdigits` within the bound, and its value, `pad()` and
//!   `to_signed_hex()` equal num-bigint's value, `to_signed_bytes_be()` (Java's `toByteArray`) and
//!   `to_str_radix(16)`;
//! - `pad_unsigned`, `to_hex`, `HexInteger::from_unsigned_bytes` / `from_twos_complement` agree with
//!   `BigUint::from_bytes_be` / `BigInt::from_signed_bytes_be`;
//! - PAD round trips: `from_twos_complement(v.pad()) == v`, `parse(v.to_signed_hex()) == v`;
//! - `decode_base64` accepts only what re-encodes to the same text (modulo padding and alphabet), and
//!   decodes every standard, unpadded and URL-safe encoding back to the bytes.

#![no_main]

use base64::Engine as _;
use cognito_srp_core::hazmat::{decode_base64, encode_base64, pad_unsigned, to_hex};
use cognito_srp_core::{Error, HexInteger};
use libfuzzer_sys::fuzz_target;
use num_bigint::{BigInt, BigUint, Sign};
use num_traits::Zero;

/// What `HexInteger::parse` must answer, decided without the crate.
fn oracle_parse(text: &str, max: usize, allow_negative: bool) -> Result<BigInt, Error> {
    if text.len() > max {
        return Err(Error::TooLong {
            parameter: "P",
            max,
        });
    }
    let (neg, digits) = match text.strip_prefix('-') {
        Some(rest) if allow_negative => (true, rest),
        _ => (false, text),
    };
    if digits.is_empty() {
        return Err(Error::Empty("P"));
    }
    if !digits.bytes().all(|c| c.is_ascii_hexdigit()) {
        return Err(Error::InvalidHex("P"));
    }
    let m = BigUint::parse_bytes(digits.as_bytes(), 16).expect("checked hex digits");
    Ok(BigInt::from_biguint(
        if neg { Sign::Minus } else { Sign::Plus },
        m,
    ))
}

fn to_bigint(v: &HexInteger) -> BigInt {
    let m = BigUint::from_bytes_be(v.magnitude());
    BigInt::from_biguint(
        if v.is_negative() {
            Sign::Minus
        } else {
            Sign::Plus
        },
        m,
    )
}

/// Every property of one parsed value against its num-bigint twin.
fn check_value(v: &HexInteger, want: &BigInt) {
    assert_eq!(&to_bigint(v), want, "value");
    assert_eq!(v.is_zero(), want.is_zero(), "is_zero");
    assert_eq!(v.is_negative(), want.sign() == Sign::Minus, "sign");
    assert!(v.magnitude().first() != Some(&0), "magnitude not canonical");
    assert_eq!(v.pad(), want.to_signed_bytes_be(), "PAD is not toByteArray");
    assert_eq!(v.to_signed_hex(), want.to_str_radix(16), "toString(16)");
    assert_eq!(
        &HexInteger::from_twos_complement(&v.pad()),
        v,
        "PAD does not round trip"
    );
    assert_eq!(
        cognito_srp_core::hazmat::parse_hex("P", &v.to_signed_hex(), usize::MAX, true).as_ref(),
        Ok(v),
        "signed hex does not round trip"
    );
}

fn normalise_base64(s: &str) -> String {
    s.trim_end_matches('=').replace('-', "+").replace('_', "/")
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let allow_negative = flags & 1 != 0;
    let (max, body) = match (flags & 2 != 0, rest.split_first()) {
        (true, Some((&m, body))) => (usize::from(m), body),
        _ => (1 << 20, rest),
    };
    let text = String::from_utf8_lossy(body);

    // HexInteger::parse against the oracle.
    let got = cognito_srp_core::hazmat::parse_hex("P", &text, max, allow_negative);
    match (&got, oracle_parse(&text, max, allow_negative)) {
        (Ok(v), Ok(want)) => check_value(v, &want),
        (Err(e), Err(want)) => assert_eq!(e, &want, "wrong refusal for {text:?}"),
        (got, want) => panic!("parse({text:?}) = {got:?}, oracle {want:?}"),
    }

    // Byte-level encodings.
    let unsigned = BigUint::from_bytes_be(body);
    let expected_pad = BigInt::from(unsigned.clone()).to_signed_bytes_be();
    assert_eq!(pad_unsigned(body), expected_pad, "pad_unsigned");
    assert_eq!(to_hex(body), unsigned.to_str_radix(16), "to_hex");
    let u = HexInteger::from_unsigned_bytes(body);
    check_value(&u, &BigInt::from(unsigned));
    let signed = BigInt::from_signed_bytes_be(body);
    let t = HexInteger::from_twos_complement(body);
    check_value(&t, &signed);
    if !body.is_empty() {
        // A minimal encoding is its own PAD.
        let minimal = signed.to_signed_bytes_be();
        if minimal.len() == body.len() {
            assert_eq!(t.pad(), body, "minimal two's complement not preserved");
        }
    }

    // base64: the body's encodings decode back to it.
    let std = encode_base64(body);
    assert_eq!(
        std,
        base64::engine::general_purpose::STANDARD.encode(body),
        "encode_base64 is not standard padded base64"
    );
    let forms = [
        std.clone(),
        std.trim_end_matches('=').to_owned(),
        base64::engine::general_purpose::URL_SAFE.encode(body),
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(body),
    ];
    for form in &forms {
        assert_eq!(
            decode_base64("B", form, usize::MAX).as_deref(),
            Ok(body),
            "{form:?} does not decode"
        );
    }
    // Arbitrary text: accepted only when it is a canonical encoding of what it decoded to.
    match decode_base64("B", &text, max) {
        Ok(decoded) => {
            assert!(text.len() <= max);
            assert_eq!(
                normalise_base64(&encode_base64(&decoded)),
                normalise_base64(&text),
                "{text:?} accepted as base64 of {decoded:02x?}"
            );
        }
        Err(Error::TooLong {
            parameter: "B",
            max: m,
        }) => {
            assert_eq!(m, max);
            assert!(text.len() > max);
        }
        Err(Error::InvalidBase64("B")) => assert!(text.len() <= max),
        Err(e) => panic!("unexpected error {e:?}"),
    }
});
