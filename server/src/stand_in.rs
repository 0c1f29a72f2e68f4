//! The `USER_ID_FOR_SRP` a sign-in name that matches no user is given when it has the shape of an alias
//! value (an email address, a phone number). A known alias maps to its user's username, so an unknown one
//! must map to something of the same shape: a name made in the shape of one of the pool's usernames (a
//! UUID when that username is a UUID, else the same length with each letter and digit replaced by a
//! random one of its class), derived from the name with the pool's key so it is stable, and never equal
//! to a real username or alias.

use hmac::{KeyInit as _, Mac as _};

use crate::util::uuid_from;

/// HMAC-SHA-256 of `parts` under `key`.
pub(crate) fn mac(key: &[u8; 32], parts: &[&[u8]]) -> [u8; 32] {
    let mut m = hmac::Hmac::<sha2::Sha256>::new_from_slice(key).expect("any key length");
    for p in parts {
        m.update(&(p.len() as u64).to_be_bytes());
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

/// Whether `s` is a lowercase UUID (8-4-4-4-12 hex digits).
pub(crate) fn is_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
}

/// A stand-in id for the name `name` in the shape of `template` (a username of the pool; `None` for a
/// pool without users), the `attempt`-th candidate. `key` is the pool's stand-in key.
pub(crate) fn shaped_id(
    key: &[u8; 32],
    name: &str,
    template: Option<&str>,
    attempt: u32,
) -> String {
    let seed = mac(key, &[b"id", name.as_bytes(), &attempt.to_be_bytes()]);
    let template = match template {
        Some(t) if !is_uuid(t) => t,
        _ => {
            let mut id = [0u8; 16];
            id.copy_from_slice(&seed[..16]);
            return uuid_from(id);
        }
    };
    // One HMAC block of random bytes per 32 characters of the template.
    let mut bytes = Vec::with_capacity(template.len() + 32);
    let mut block = 0u32;
    while bytes.len() < template.chars().count() {
        bytes.extend_from_slice(&mac(key, &[&seed, &block.to_be_bytes()]));
        block += 1;
    }
    template
        .chars()
        .zip(bytes)
        .map(|(c, r)| match c {
            'a'..='z' => char::from(b'a' + r % 26),
            'A'..='Z' => char::from(b'A' + r % 26),
            '0'..='9' => char::from(b'0' + r % 10),
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuid_shape() {
        assert!(is_uuid("8026c27e-8f7c-4a85-b619-f446fd0f3bc5"));
        assert!(!is_uuid("alice"));
        assert!(!is_uuid("8026c27e-8f7c-4a85-b619-f446fd0f3bcz"));
        let id = shaped_id(
            &[7; 32],
            "n@example.com",
            Some("8026c27e-8f7c-4a85-b619-f446fd0f3bc5"),
            0,
        );
        assert!(is_uuid(&id), "{id}");
        assert!(is_uuid(&shaped_id(&[7; 32], "n@example.com", None, 0)));
    }

    #[test]
    fn same_classes_as_the_template_and_stable() {
        let key = [9; 32];
        let id = shaped_id(&key, "n@example.com", Some("Bob_42.x"), 0);
        assert_eq!(id.len(), 8);
        let classes = |s: &str| -> Vec<u8> {
            s.chars()
                .map(|c| match c {
                    'a'..='z' => 0,
                    'A'..='Z' => 1,
                    '0'..='9' => 2,
                    _ => c as u8,
                })
                .collect()
        };
        assert_eq!(classes(&id), classes("Bob_42.x"));
        assert_eq!(id, shaped_id(&key, "n@example.com", Some("Bob_42.x"), 0));
        assert_ne!(id, shaped_id(&key, "n@example.com", Some("Bob_42.x"), 1));
        assert_ne!(id, shaped_id(&key, "m@example.com", Some("Bob_42.x"), 0));
        let long = "a".repeat(128);
        assert_eq!(shaped_id(&key, "x", Some(&long), 0).len(), 128);
    }
}
