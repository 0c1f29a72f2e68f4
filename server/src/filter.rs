//! ListUsers' `Filter`: `ATTRIBUTE = "value"` (exact) or `ATTRIBUTE ^= "value"` (starts with), on the
//! attributes Cognito allows: `username`, `email`, `phone_number`, `name`, `given_name`,
//! `family_name`, `preferred_username`, `cognito:user_status` (the `UserStatus`),
//! `status` (`Enabled` or `Disabled`) and `sub`. Inside the quotes `\"` and `\\` escape.

use crate::model::User;
use crate::protocol::CognitoError;

/// The attributes a filter may name.
const FILTERABLE: [&str; 10] = [
    "username",
    "email",
    "phone_number",
    "name",
    "given_name",
    "family_name",
    "preferred_username",
    "cognito:user_status",
    "status",
    "sub",
];

/// A parsed filter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Filter {
    attribute: String,
    prefix: bool,
    value: String,
}

fn invalid() -> CognitoError {
    CognitoError::invalid(
        "Error while parsing filter: the filter must be ATTRIBUTE = \"value\" or ATTRIBUTE ^= \"value\".",
    )
}

impl Filter {
    /// Parses a filter.
    ///
    /// # Errors
    /// `InvalidParameterException` for anything but one comparison of a filterable attribute with a
    /// quoted value.
    pub fn parse(text: &str) -> Result<Filter, CognitoError> {
        let text = text.trim();
        let name_end = text
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'))
            .ok_or_else(invalid)?;
        let attribute = &text[..name_end];
        if !FILTERABLE.contains(&attribute) {
            return Err(CognitoError::invalid(format!(
                "Invalid search attribute: {}",
                attribute.chars().take(64).collect::<String>()
            )));
        }
        let rest = text[name_end..].trim_start();
        let (prefix, rest) = if let Some(r) = rest.strip_prefix("^=") {
            (true, r)
        } else if let Some(r) = rest.strip_prefix('=') {
            (false, r)
        } else {
            return Err(invalid());
        };
        let rest = rest.trim().strip_prefix('"').ok_or_else(invalid)?;
        let mut value = String::new();
        let mut chars = rest.chars();
        loop {
            match chars.next().ok_or_else(invalid)? {
                '\\' => value.push(chars.next().ok_or_else(invalid)?),
                '"' => break,
                c => value.push(c),
            }
        }
        if !chars.as_str().trim().is_empty() {
            return Err(invalid());
        }
        Ok(Filter {
            attribute: attribute.to_owned(),
            prefix,
            value,
        })
    }

    /// Whether `user` passes.
    pub fn matches(&self, user: &User) -> bool {
        let actual = match self.attribute.as_str() {
            "username" => Some(user.username.as_str()),
            "sub" => Some(user.sub.as_str()),
            "cognito:user_status" => Some(user.status.as_str()),
            "status" => Some(if user.enabled { "Enabled" } else { "Disabled" }),
            other => user.attributes.get(other).map(String::as_str),
        };
        actual.is_some_and(|a| {
            if self.prefix {
                a.starts_with(&self.value)
            } else {
                a == self.value
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_cognito_filters() {
        let f = Filter::parse("email = \"a@b.com\"").unwrap();
        assert_eq!(
            (f.attribute.as_str(), f.prefix, f.value.as_str()),
            ("email", false, "a@b.com")
        );
        let f = Filter::parse("username ^= \"al\"").unwrap();
        assert_eq!(
            (f.attribute.as_str(), f.prefix, f.value.as_str()),
            ("username", true, "al")
        );
        let f = Filter::parse("name=\"say \\\"hi\\\"\"").unwrap();
        assert_eq!(f.value, "say \"hi\"");
        assert_eq!(
            Filter::parse("cognito:user_status = \"CONFIRMED\"")
                .unwrap()
                .attribute,
            "cognito:user_status"
        );
        for bad in [
            "",
            "email",
            "email = a",
            "email = \"a",
            "email != \"a\"",
            "email = \"a\" and",
            "custom:x = \"a\"",
        ] {
            assert_eq!(
                Filter::parse(bad).unwrap_err().code(),
                "InvalidParameterException",
                "{bad}"
            );
        }
    }
}
