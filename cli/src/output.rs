//! What `login` and `refresh` print on standard output (`--output`).

use clap::ValueEnum;

use crate::client::AuthResult;

/// The `--output` formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// AuthenticationResult as JSON (AccessToken, ExpiresIn, IdToken, RefreshToken, TokenType, NewDeviceMetadata)
    Json,
    /// The ID token alone, on one line
    IdToken,
    /// The access token alone, on one line
    AccessToken,
    /// Shell `export` lines: COGNITO_ID_TOKEN, COGNITO_ACCESS_TOKEN, COGNITO_REFRESH_TOKEN, COGNITO_EXPIRES_IN, COGNITO_TOKEN_TYPE
    Env,
}

/// The text to print for `result`, ending with a newline.
///
/// # Errors
/// When the format asks for a token the result does not carry.
pub fn render(result: &AuthResult, format: Format) -> Result<String, String> {
    let need = |t: &Option<String>, name: &str| {
        t.clone()
            .ok_or_else(|| format!("the service returned no {name}"))
    };
    Ok(match format {
        Format::Json => {
            let mut s = serde_json::to_string_pretty(result).expect("serializable");
            s.push('\n');
            s
        }
        Format::IdToken => need(&result.id_token, "IdToken")? + "\n",
        Format::AccessToken => need(&result.access_token, "AccessToken")? + "\n",
        Format::Env => {
            let mut s = String::new();
            let mut line = |name: &str, value: &str| {
                s.push_str(&format!("export {name}={}\n", shell_quote(value)));
            };
            for (name, value) in [
                ("COGNITO_ID_TOKEN", &result.id_token),
                ("COGNITO_ACCESS_TOKEN", &result.access_token),
                ("COGNITO_REFRESH_TOKEN", &result.refresh_token),
                ("COGNITO_TOKEN_TYPE", &result.token_type),
            ] {
                if let Some(v) = value {
                    line(name, v);
                }
            }
            line("COGNITO_EXPIRES_IN", &result.expires_in.to_string());
            s
        }
    })
}

/// `value` in single quotes, safe for `eval` in a POSIX shell.
fn shell_quote(value: &str) -> String {
    format!("'{}'", value.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result() -> AuthResult {
        AuthResult {
            access_token: Some("a.b.c".into()),
            expires_in: 3600,
            id_token: Some("i.d.t".into()),
            refresh_token: None,
            token_type: Some("Bearer".into()),
            new_device_metadata: None,
        }
    }

    #[test]
    fn formats() {
        assert_eq!(render(&result(), Format::IdToken).unwrap(), "i.d.t\n");
        assert_eq!(render(&result(), Format::AccessToken).unwrap(), "a.b.c\n");
        assert_eq!(
            render(&result(), Format::Env).unwrap(),
            "export COGNITO_ID_TOKEN='i.d.t'\nexport COGNITO_ACCESS_TOKEN='a.b.c'\nexport COGNITO_TOKEN_TYPE='Bearer'\nexport COGNITO_EXPIRES_IN='3600'\n"
        );
        let v: serde_json::Value =
            serde_json::from_str(&render(&result(), Format::Json).unwrap()).unwrap();
        assert_eq!(v["ExpiresIn"], 3600);
        assert!(v.get("RefreshToken").is_none());
        let mut none = result();
        none.id_token = None;
        assert_eq!(
            render(&none, Format::IdToken).unwrap_err(),
            "the service returned no IdToken"
        );
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
    }
}
