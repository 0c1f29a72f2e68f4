//! Which user attributes a client may write, and which names the tokens reserve for themselves.
//!
//! A NEW_PASSWORD_REQUIRED answer may set only Cognito's writable standard attributes and `custom:*`
//! ones. `sub`, the `*_verified` flags, `identities`, `cognito:*` names and any other name are refused.

/// Cognito's standard attributes an app client may write.
const WRITABLE_STANDARD: [&str; 17] = [
    "address",
    "birthdate",
    "email",
    "family_name",
    "gender",
    "given_name",
    "locale",
    "middle_name",
    "name",
    "nickname",
    "phone_number",
    "picture",
    "preferred_username",
    "profile",
    "updated_at",
    "website",
    "zoneinfo",
];

/// Claims the server sets in an ID token; a user attribute of the same name is never copied into it.
const RESERVED_CLAIMS: [&str; 14] = [
    "sub",
    "iss",
    "aud",
    "exp",
    "iat",
    "nbf",
    "jti",
    "auth_time",
    "token_use",
    "origin_jti",
    "event_id",
    "client_id",
    "username",
    "device_key",
];

/// Whether a client may write the attribute `name`: a writable standard attribute, or `custom:` and
/// a non-empty name.
pub(crate) fn client_writable(name: &str) -> bool {
    WRITABLE_STANDARD.contains(&name)
        || name
            .strip_prefix("custom:")
            .is_some_and(|rest| !rest.is_empty())
}

/// Whether the ID token reserves the claim `name` (its own claims and every `cognito:` name).
pub(crate) fn reserved_claim(name: &str) -> bool {
    RESERVED_CLAIMS.contains(&name) || name.starts_with("cognito:")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writable_names() {
        for ok in ["email", "name", "phone_number", "custom:team"] {
            assert!(client_writable(ok), "{ok}");
        }
        for bad in [
            "sub",
            "email_verified",
            "phone_number_verified",
            "identities",
            "cognito:groups",
            "cognito:username",
            "custom:",
            "iss",
            "anything",
        ] {
            assert!(!client_writable(bad), "{bad}");
        }
    }

    #[test]
    fn reserved_names() {
        for r in ["sub", "iss", "aud", "exp", "cognito:groups", "token_use"] {
            assert!(reserved_claim(r), "{r}");
        }
        for a in ["email", "email_verified", "custom:team"] {
            assert!(!reserved_claim(a), "{a}");
        }
    }
}
