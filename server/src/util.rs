//! Small helpers: clock, randomness, identifiers.

use base64::Engine as _;
use rand_core::Rng as _;

/// The operating system's RNG as an infallible CSPRNG (panics only if the OS has no randomness).
pub(crate) fn os_rng() -> rand_core::UnwrapErr<rand::rngs::SysRng> {
    rand_core::UnwrapErr(rand::rngs::SysRng)
}

/// `n` random bytes from the OS.
pub(crate) fn random_bytes(n: usize) -> Vec<u8> {
    let mut v = vec![0u8; n];
    os_rng().fill_bytes(&mut v);
    v
}

/// Standard base64 of `n` random bytes.
pub(crate) fn random_b64(n: usize) -> String {
    base64::engine::general_purpose::STANDARD.encode(random_bytes(n))
}

/// `n` random characters from `[A-Za-z0-9]`.
pub(crate) fn random_alnum(n: usize) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    let mut out = String::with_capacity(n);
    while out.len() < n {
        for b in random_bytes(n) {
            // 248 = 4 * 62: reject the top bytes so every character is equally likely.
            if b < 248 && out.len() < n {
                out.push(ALPHABET[usize::from(b) % 62] as char);
            }
        }
    }
    out
}

/// A version-4 UUID, lowercase, from 16 bytes.
pub(crate) fn uuid_from(mut b: [u8; 16]) -> String {
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

/// A random version-4 UUID.
pub(crate) fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    os_rng().fill_bytes(&mut b);
    uuid_from(b)
}

/// Unix time, seconds.
pub(crate) fn now_secs() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Unix time, seconds with a fraction (how the JSON protocol carries dates).
pub(crate) fn now_f64() -> f64 {
    let now = chrono::Utc::now();
    now.timestamp() as f64 + f64::from(now.timestamp_subsec_millis()) / 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let u = uuid_v4();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
        assert_eq!(uuid_from([0; 16]), "00000000-0000-4000-8000-000000000000");
        let a = random_alnum(9);
        assert_eq!(a.len(), 9);
        assert!(a.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_eq!(random_b64(3).len(), 4);
    }
}
