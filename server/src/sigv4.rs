//! AWS Signature Version 4 for the IAM-authorised operations (admin and control plane). Cognito
//! authorises them with IAM; here a request must carry a well-formed SigV4 `Authorization` header, and
//! when the configuration names an access key and its secret ([`IamCredentials`]) the signature is
//! verified for real: the canonical request rebuilt from the method, path, query, signed headers and
//! body, the signing key derived from the secret, date, region and service, the signature compared in
//! constant time, and `X-Amz-Date` required within 15 minutes of the server's clock.

use std::fmt;

use hmac::{KeyInit as _, Mac as _};
use http::HeaderMap;
use sha2::{Digest as _, Sha256};
use subtle::ConstantTimeEq as _;
use zeroize::Zeroizing;

use crate::protocol::CognitoError;

const ALGORITHM: &str = "AWS4-HMAC-SHA256";
/// How far `X-Amz-Date` may be from the server's clock, seconds (as AWS allows).
const MAX_SKEW_SECONDS: i64 = 15 * 60;

/// The access key and secret the server verifies SigV4 signatures against. Its `Debug` form does not
/// show the secret.
#[derive(Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IamCredentials {
    /// The access key id (`AKIA…`).
    pub access_key_id: String,
    /// The secret access key.
    secret_access_key: Zeroizing<String>,
}

impl IamCredentials {
    /// Credentials to verify against.
    pub fn new(access_key_id: impl Into<String>, secret_access_key: impl Into<String>) -> Self {
        IamCredentials {
            access_key_id: access_key_id.into(),
            secret_access_key: Zeroizing::new(secret_access_key.into()),
        }
    }
}

impl fmt::Debug for IamCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IamCredentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"<redacted>")
            .finish()
    }
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header.
#[derive(Debug, PartialEq, Eq)]
struct Authorization<'a> {
    access_key_id: &'a str,
    date: &'a str,
    region: &'a str,
    service: &'a str,
    signed_headers: Vec<&'a str>,
    signature: &'a str,
}

fn missing() -> CognitoError {
    CognitoError::MissingAuthenticationToken(
        "Admin and control-plane operations need a SigV4 Authorization header (AWS credentials)."
            .into(),
    )
}

fn parse(header: &str) -> Option<Authorization<'_>> {
    let rest = header.strip_prefix(ALGORITHM)?.trim_start();
    let (mut credential, mut signed, mut signature) = (None, None, None);
    for part in rest.split(',').map(str::trim) {
        let (k, v) = part.split_once('=')?;
        match k {
            "Credential" => credential = Some(v),
            "SignedHeaders" => signed = Some(v),
            "Signature" => signature = Some(v),
            _ => return None,
        }
    }
    let mut scope = credential?.split('/');
    let (access_key_id, date, region, service, terminator) = (
        scope.next()?,
        scope.next()?,
        scope.next()?,
        scope.next()?,
        scope.next()?,
    );
    let signature = signature?;
    let signed_headers: Vec<&str> = signed?.split(';').collect();
    let well_formed = scope.next().is_none()
        && terminator == "aws4_request"
        && !access_key_id.is_empty()
        && date.len() == 8
        && date.bytes().all(|b| b.is_ascii_digit())
        && !region.is_empty()
        && !service.is_empty()
        && signature.len() == 64
        && signature.bytes().all(|b| b.is_ascii_hexdigit())
        && signed_headers.contains(&"host")
        && signed_headers.iter().all(|h| !h.is_empty());
    well_formed.then_some(Authorization {
        access_key_id,
        date,
        region,
        service,
        signed_headers,
        signature,
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &[u8]) -> Zeroizing<Vec<u8>> {
    let mut m = hmac::Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    m.update(data);
    Zeroizing::new(m.finalize().into_bytes().to_vec())
}

/// SigV4's URI encoding of one path segment or query component (RFC 3986 unreserved characters kept).
fn uri_encode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Decodes `%XX` escapes, so a path or query already encoded by the client is encoded once again the
/// canonical way.
fn uri_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex_pair = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex_pair) {
            (b'%', Some(v)) => {
                out.push(v);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn canonical_query(query: &str) -> String {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (uri_encode(&uri_decode(k)), uri_encode(&uri_decode(v)))
        })
        .collect();
    pairs.sort();
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&")
}

/// The request as SigV4 hashes it.
fn canonical_request(
    method: &str,
    path: &str,
    query: &str,
    headers: &HeaderMap,
    signed: &[&str],
    body: &[u8],
) -> Option<String> {
    let path = if path.is_empty() { "/" } else { path };
    let canonical_path: Vec<String> = path
        .split('/')
        .map(|seg| uri_encode(&uri_decode(seg)))
        .collect();
    let mut canonical_headers = String::new();
    for name in signed {
        let values: Vec<String> = headers
            .get_all(*name)
            .iter()
            .map(|v| {
                v.to_str()
                    .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .collect::<Result<_, _>>()
            .ok()?;
        if values.is_empty() {
            return None;
        }
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let payload = headers
        .get("x-amz-content-sha256")
        .and_then(|v| v.to_str().ok())
        .filter(|v| *v != "UNSIGNED-PAYLOAD" && v.len() == 64)
        .map_or_else(|| hex(&Sha256::digest(body)), str::to_owned);
    Some(format!(
        "{method}\n{}\n{}\n{canonical_headers}\n{}\n{payload}",
        canonical_path.join("/"),
        canonical_query(query),
        signed.join(";"),
    ))
}

/// `X-Amz-Date` (`20261207T040506Z`) as Unix seconds.
fn amz_date(headers: &HeaderMap) -> Option<(String, i64)> {
    let text = headers.get("x-amz-date")?.to_str().ok()?;
    let t = chrono::NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%SZ").ok()?;
    Some((text.to_owned(), t.and_utc().timestamp()))
}

/// The signature a request must carry, signed with `secret`.
fn expected_signature(
    secret: &str,
    auth: &Authorization<'_>,
    amz_date: &str,
    canonical: &str,
) -> String {
    let scope = format!(
        "{}/{}/{}/aws4_request",
        auth.date, auth.region, auth.service
    );
    let to_sign = format!(
        "{ALGORITHM}\n{amz_date}\n{scope}\n{}",
        hex(&Sha256::digest(canonical.as_bytes()))
    );
    let k_secret = Zeroizing::new(format!("AWS4{secret}"));
    let k_date = hmac(k_secret.as_bytes(), auth.date.as_bytes());
    let k_region = hmac(&k_date, auth.region.as_bytes());
    let k_service = hmac(&k_region, auth.service.as_bytes());
    let k_signing = hmac(&k_service, b"aws4_request");
    hex(&hmac(&k_signing, to_sign.as_bytes()))
}

/// A request to an IAM-authorised operation: the parts its SigV4 signature covers.
pub(crate) struct SignedRequest<'a> {
    /// `POST`.
    pub method: &'a str,
    /// The request path.
    pub path: &'a str,
    /// The query string, without `?`.
    pub query: &'a str,
    /// The request headers.
    pub headers: &'a HeaderMap,
    /// The body as received.
    pub body: &'a [u8],
}

/// Checks a request's SigV4 `Authorization` against `credentials` (or, with none configured, that it is
/// well formed). `now` is Unix seconds.
///
/// # Errors
/// `MissingAuthenticationTokenException` without a well-formed header; `UnrecognizedClientException`
/// for another access key; `InvalidSignatureException` for a signature that does not verify or a date
/// too far from `now`.
pub(crate) fn authorize(
    credentials: Option<&IamCredentials>,
    request: &SignedRequest<'_>,
    now: i64,
) -> Result<(), CognitoError> {
    let header = request
        .headers
        .get(http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(missing)?;
    let auth = parse(header).ok_or_else(missing)?;
    let Some(credentials) = credentials else {
        return Ok(());
    };
    if auth.access_key_id != credentials.access_key_id {
        return Err(CognitoError::UnrecognizedClient(
            "The security token included in the request is invalid.".into(),
        ));
    }
    let invalid = |m: &str| CognitoError::InvalidSignature(m.to_owned());
    let (amz_date, at) = amz_date(request.headers)
        .ok_or_else(|| invalid("X-Amz-Date is missing or not of the form YYYYMMDDTHHMMSSZ."))?;
    if !amz_date.starts_with(auth.date) {
        return Err(invalid("The credential scope's date is not X-Amz-Date's."));
    }
    if (at - now).abs() > MAX_SKEW_SECONDS {
        return Err(invalid(
            "Signature expired: X-Amz-Date is more than 15 minutes from the server's clock.",
        ));
    }
    let canonical = canonical_request(
        request.method,
        request.path,
        request.query,
        request.headers,
        &auth.signed_headers,
        request.body,
    )
    .ok_or_else(|| invalid("A signed header is missing or not text."))?;
    let want = expected_signature(&credentials.secret_access_key, &auth, &amz_date, &canonical);
    if bool::from(want.as_bytes().ct_eq(auth.signature.as_bytes())) {
        Ok(())
    } else {
        Err(invalid(
            "The request signature we calculated does not match the signature you provided.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // AWS's published SigV4 example ("get-vanilla" of the SigV4 test suite): GET / on
    // example.amazonaws.com, service "service", region us-east-1, 20150830T123600Z, key AKIDEXAMPLE and
    // secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY.
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    const VANILLA_SIGNATURE: &str =
        "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";

    fn vanilla_headers(signature: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert("host", "example.amazonaws.com".parse().unwrap());
        h.insert("x-amz-date", "20150830T123600Z".parse().unwrap());
        h.insert(
            "authorization",
            format!("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature={signature}")
                .parse()
                .unwrap(),
        );
        h
    }

    fn at_vanilla_time() -> i64 {
        chrono::NaiveDateTime::parse_from_str("20150830T123600Z", "%Y%m%dT%H%M%SZ")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn the_published_example_verifies() {
        let creds = IamCredentials::new("AKIDEXAMPLE", SECRET);
        let headers = vanilla_headers(VANILLA_SIGNATURE);
        let req = SignedRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &headers,
            body: b"",
        };
        assert_eq!(authorize(Some(&creds), &req, at_vanilla_time()), Ok(()));
        // One digit changed: refused.
        let mut wrong = VANILLA_SIGNATURE.to_owned();
        wrong.replace_range(0..1, "6");
        let headers = vanilla_headers(&wrong);
        let req = SignedRequest {
            headers: &headers,
            ..req
        };
        assert_eq!(
            authorize(Some(&creds), &req, at_vanilla_time())
                .unwrap_err()
                .code(),
            "InvalidSignatureException"
        );
    }

    #[test]
    fn refusals() {
        let creds = IamCredentials::new("AKIDEXAMPLE", SECRET);
        let headers = vanilla_headers(VANILLA_SIGNATURE);
        let req = SignedRequest {
            method: "GET",
            path: "/",
            query: "",
            headers: &headers,
            body: b"",
        };
        // Too late, another key, no header, a malformed header.
        let late = authorize(Some(&creds), &req, at_vanilla_time() + 16 * 60).unwrap_err();
        assert_eq!(late.code(), "InvalidSignatureException");
        let other = IamCredentials::new("AKIDOTHER", SECRET);
        assert_eq!(
            authorize(Some(&other), &req, at_vanilla_time())
                .unwrap_err()
                .code(),
            "UnrecognizedClientException"
        );
        let empty = HeaderMap::new();
        let bare = SignedRequest {
            headers: &empty,
            ..req
        };
        assert_eq!(
            authorize(None, &bare, 0).unwrap_err().code(),
            "MissingAuthenticationTokenException"
        );
        let mut bad = HeaderMap::new();
        bad.insert("authorization", "Bearer abc".parse().unwrap());
        let bad = SignedRequest {
            headers: &bad,
            ..req
        };
        assert_eq!(
            authorize(None, &bad, 0).unwrap_err().code(),
            "MissingAuthenticationTokenException"
        );
        // Without configured credentials, any well-formed header passes.
        assert_eq!(authorize(None, &req, 0), Ok(()));
        assert!(format!("{creds:?}").contains("<redacted>"));
        assert!(!format!("{creds:?}").contains("wJalr"));
    }

    #[test]
    fn query_and_path_are_canonical() {
        assert_eq!(canonical_query("b=2&a=1&c"), "a=1&b=2&c=");
        assert_eq!(canonical_query("x=a%20b"), "x=a%20b");
        assert_eq!(uri_encode("a b/~"), "a%20b%2F~");
    }
}
