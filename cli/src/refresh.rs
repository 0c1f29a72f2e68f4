//! `cognito-srp refresh`: new ID and access tokens from a refresh token (InitiateAuth REFRESH_TOKEN_AUTH).
//!
//! The rules Cognito applies: with a client secret, `SECRET_HASH` is computed over the user's own
//! username (the `cognito:username` claim) or `sub`, never an alias such as the email; when the pool
//! remembers devices, `DEVICE_KEY` must be the key of the device the refresh token was issued to.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::ExitCode;

use cognito_srp_core::{AppClient, wire};

use crate::client::{AuthResult, LoginError, Transport};
use crate::device_file::DeviceFile;
use crate::exit;
use crate::login::{ServiceArgs, fail, print, resolve};
use crate::prompt::{self, Source};

/// The refresh-token parameter.
const REFRESH_TOKEN: &str = "REFRESH_TOKEN";

/// `refresh` options.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub service: ServiceArgs,
    /// The user's own username (cognito:username) or sub, for SECRET_HASH when the client has a secret;
    /// not an alias. Default: the username in --device-file.
    #[arg(long)]
    pub username: Option<String>,
    /// Send the DEVICE_KEY of the remembered device in this file (written by `login --device-file`).
    #[arg(long, conflicts_with = "device_key")]
    pub device_file: Option<PathBuf>,
    /// Send this DEVICE_KEY.
    #[arg(long)]
    pub device_key: Option<String>,
}

/// The AuthParameters of REFRESH_TOKEN_AUTH.
///
/// # Errors
/// A client secret without a username to compute `SECRET_HASH` over.
pub fn parameters(
    app: &AppClient,
    refresh_token: &str,
    username: Option<&str>,
    device_key: Option<&str>,
) -> Result<HashMap<String, String>, String> {
    let mut p = HashMap::from([(REFRESH_TOKEN.to_owned(), refresh_token.to_owned())]);
    if let Some(user) = username {
        p.insert(wire::USERNAME.to_owned(), user.to_owned());
    }
    match (app.secret_hash(username.unwrap_or("")), username) {
        (Some(_), None) => {
            return Err(
                "the client has a secret: pass --username (the user's cognito:username or sub) for SECRET_HASH"
                    .into(),
            );
        }
        (Some(hash), Some(_)) => {
            p.insert(wire::SECRET_HASH.to_owned(), hash);
        }
        (None, _) => {}
    }
    if let Some(key) = device_key {
        p.insert(wire::DEVICE_KEY.to_owned(), key.to_owned());
    }
    Ok(p)
}

/// Runs REFRESH_TOKEN_AUTH.
///
/// # Errors
/// See [`LoginError`].
pub fn refresh(
    t: &dyn Transport,
    app: &AppClient,
    parameters: HashMap<String, String>,
) -> Result<AuthResult, LoginError> {
    let answer = t.initiate_auth("REFRESH_TOKEN_AUTH", app.client_id(), parameters)?;
    match (answer.result, answer.challenge_name) {
        (Some(r), _) => Ok(r),
        (None, Some(c)) => Err(LoginError::Challenge(c)),
        (None, None) => Err(LoginError::Protocol(
            "neither a challenge nor tokens".into(),
        )),
    }
}

/// Runs `refresh`.
pub fn run(args: Args) -> ExitCode {
    let resolved = match resolve(&args.service) {
        Ok(r) => r,
        Err((code, msg)) => return fail(code, &msg),
    };
    let mut username = args.username.clone();
    let mut device_key = args.device_key.clone();
    if let Some(path) = &args.device_file {
        match DeviceFile::load(path) {
            Ok(Some(f)) => {
                if f.pool_id != args.service.pool_id {
                    return fail(
                        exit::LOCAL,
                        &format!(
                            "device file {} belongs to pool {}, not {}",
                            path.display(),
                            f.pool_id,
                            args.service.pool_id
                        ),
                    );
                }
                username.get_or_insert(f.username.clone());
                device_key = Some(f.device_key.clone());
            }
            Ok(None) => {
                return fail(
                    exit::LOCAL,
                    &format!("device file {} does not exist", path.display()),
                );
            }
            Err(e) => return fail(exit::LOCAL, &e),
        }
    }
    let token = match prompt::secret(
        "refresh token",
        if std::io::IsTerminal::is_terminal(&std::io::stdin()) {
            Source::Terminal
        } else {
            Source::Stdin
        },
        "standard input",
    ) {
        Ok(t) => t,
        Err(e) => return fail(exit::USAGE, &e),
    };
    let params = match parameters(
        &resolved.app,
        token.trim(),
        username.as_deref(),
        device_key.as_deref(),
    ) {
        Ok(p) => p,
        Err(e) => return fail(exit::USAGE, &e),
    };
    if args.service.verbose {
        let mut names: Vec<&str> = params.keys().map(String::as_str).collect();
        names.sort_unstable();
        eprintln!(
            "cognito-srp: InitiateAuth REFRESH_TOKEN_AUTH with {}",
            names.join(", ")
        );
    }
    match refresh(&resolved.transport, &resolved.app, params) {
        Ok(result) => print(&result, args.service.output),
        Err(e) => fail(exit::for_login(&e), &e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cognito_srp_core::ClientSecret;

    #[test]
    fn secret_hash_and_device_key_rules() {
        let plain = AppClient::new("us-east-1_X", "client").unwrap();
        let p = parameters(&plain, "rt", None, None).unwrap();
        assert_eq!(
            p,
            HashMap::from([("REFRESH_TOKEN".to_owned(), "rt".to_owned())])
        );
        let secret = plain.with_secret(ClientSecret::new("s3cr3t").unwrap());
        let e = parameters(&secret, "rt", None, None).unwrap_err();
        assert!(e.contains("--username"), "{e}");
        let p = parameters(&secret, "rt", Some("alice"), Some("us-east-1_dev")).unwrap();
        // Base64(HMAC-SHA256("s3cr3t", "alice" + "client")), computed with Python's hmac module.
        assert_eq!(
            p["SECRET_HASH"],
            "gT4knZmEEzGzOt+N7OnqB5bl8sEaF+r3kyIpnJ6deIo="
        );
        assert_eq!(p["USERNAME"], "alice");
        assert_eq!(p["DEVICE_KEY"], "us-east-1_dev");
    }
}
