//! `cognito-srp login`: options, and the run from arguments to an exit code.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use cognito_srp_core::{AppClient, ClientSecret, DeviceCredentials, Password, SrpAuthFlow};

use crate::answers::Answers;
use crate::challenges;
use crate::client::{self, LoginError, Transport as _};
use crate::device_file::{self, DeviceFile};
use crate::output::{self, Format};
use crate::prompt::{self, Source};
use crate::{aws_env, exit, sdk};

/// Which InitiateAuth flow carries `SRP_A`.
#[derive(Clone, Copy, ValueEnum)]
pub enum Flow {
    /// USER_SRP_AUTH
    UserSrp,
    /// CUSTOM_AUTH starting with SRP_A
    CustomAuth,
    /// USER_AUTH with PREFERRED_CHALLENGE PASSWORD_SRP
    UserAuth,
}

/// The options every command that calls the service shares.
#[derive(clap::Args)]
pub struct ServiceArgs {
    /// User pool id (REGION_NAME).
    #[arg(long)]
    pub pool_id: String,
    /// App client id.
    #[arg(long)]
    pub client_id: String,
    /// App client secret, when the client has one (or set COGNITO_CLIENT_SECRET).
    #[arg(long, env = "COGNITO_CLIENT_SECRET", hide_env_values = true)]
    pub client_secret: Option<String>,
    /// Service endpoint, e.g. http://127.0.0.1:9229 (see "Where requests go" below).
    #[arg(long)]
    pub endpoint: Option<String>,
    /// Region (default: the region in the pool id).
    #[arg(long)]
    pub region: Option<String>,
    /// What to print on standard output.
    #[arg(long, value_enum, default_value = "json")]
    pub output: Format,
    /// Print each step on standard error.
    #[arg(long, short)]
    pub verbose: bool,
}

/// `login` options.
#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    pub service: ServiceArgs,
    /// Username (or an alias such as the email address, where the pool allows it).
    #[arg(long)]
    pub username: String,
    /// Read the password from the first line of standard input (else: a terminal prompt).
    #[arg(long)]
    pub password_stdin: bool,
    /// Remember this device: confirm it on first sign-in and store its key and password in this file
    /// (mode 0600, parent directory created with mode 0700); later sign-ins use device SRP.
    #[arg(long)]
    pub device_file: Option<PathBuf>,
    /// Sign in without the device in --device-file, ask the service to forget it (ForgetDevice) and
    /// remove the file; no new device is confirmed.
    #[arg(long, requires = "device_file")]
    pub forget_device: bool,
    /// Device name sent with ConfirmDevice.
    #[arg(long, default_value = "cognito-srp")]
    pub device_name: String,
    /// Which InitiateAuth flow carries SRP_A.
    #[arg(long, value_enum, default_value = "user-srp")]
    pub auth_flow: Flow,
    /// Read MFA codes (SOFTWARE_TOKEN_MFA, SMS_MFA, EMAIL_OTP, and the first code of MFA_SETUP) from
    /// standard input, one line each, after the password line.
    #[arg(long, help_heading = "Challenges after SRP")]
    pub mfa_code_stdin: bool,
    /// Compute SOFTWARE_TOKEN_MFA codes (RFC 6238) from the base32 authenticator secret in this
    /// environment variable, for scripts and CI; SELECT_MFA_TYPE then picks the authenticator app.
    #[arg(long, value_name = "VAR", help_heading = "Challenges after SRP")]
    pub totp_secret_env: Option<String>,
    /// Read the new password of NEW_PASSWORD_REQUIRED from standard input (the next line).
    #[arg(long, help_heading = "Challenges after SRP")]
    pub new_password_stdin: bool,
    /// An attribute value for NEW_PASSWORD_REQUIRED (repeatable), e.g. --attribute name="Alice Doe".
    #[arg(long = "attribute", value_name = "NAME=VALUE", value_parser = parse_attribute, help_heading = "Challenges after SRP")]
    pub attributes: Vec<(String, String)>,
    /// The answer to SELECT_MFA_TYPE.
    #[arg(long, value_enum, help_heading = "Challenges after SRP")]
    pub mfa_type: Option<MfaChoice>,
    /// Read CUSTOM_CHALLENGE answers from standard input, one line each.
    #[arg(long, help_heading = "Challenges after SRP")]
    pub custom_answer_stdin: bool,
}

/// `--mfa-type`.
#[derive(Clone, Copy, ValueEnum)]
pub enum MfaChoice {
    /// SOFTWARE_TOKEN_MFA: an authenticator app
    Totp,
    /// SMS_MFA
    Sms,
    /// EMAIL_OTP
    Email,
}

impl MfaChoice {
    fn challenge(self) -> &'static str {
        match self {
            MfaChoice::Totp => challenges::SOFTWARE_TOKEN_MFA,
            MfaChoice::Sms => challenges::SMS_MFA,
            MfaChoice::Email => challenges::EMAIL_OTP,
        }
    }
}

fn parse_attribute(s: &str) -> Result<(String, String), String> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| format!("{s:?} is not NAME=VALUE"))?;
    let name = name.strip_prefix("userAttributes.").unwrap_or(name);
    if name.is_empty() {
        return Err(format!("{s:?} has no attribute name"));
    }
    Ok((name.to_owned(), value.to_owned()))
}

/// Prints `msg` on standard error and returns `code`.
pub fn fail(code: u8, msg: &str) -> ExitCode {
    eprintln!("cognito-srp: {msg}");
    ExitCode::from(code)
}

/// What the service options resolve to: the app client and a transport to the right endpoint.
pub struct Resolved {
    /// The app client, with its secret.
    pub app: AppClient,
    /// The SDK transport.
    pub transport: sdk::SdkTransport,
}

/// Checks the service options and builds the transport (no network yet).
///
/// # Errors
/// The exit code and message.
pub fn resolve(s: &ServiceArgs) -> Result<Resolved, (u8, String)> {
    let mut app = AppClient::new(&s.pool_id, &s.client_id)
        .map_err(|e| (exit::USAGE, format!("--pool-id/--client-id: {e}")))?;
    if let Some(secret) = s.client_secret.as_deref().filter(|s| !s.is_empty()) {
        let secret = ClientSecret::new(secret.to_owned())
            .map_err(|e| (exit::USAGE, format!("client secret: {e}")))?;
        app = app.with_secret(secret);
    }
    let endpoint = aws_env::endpoint(s.endpoint.as_deref(), aws_env::process_env)
        .map_err(|e| (exit::USAGE, e))?;
    let region = aws_env::region(s.region.as_deref(), app.pool().region());
    if s.verbose {
        match &endpoint {
            Some(e) => eprintln!(
                "cognito-srp: region {region}, endpoint {} (from {})",
                e.url, e.source
            ),
            None => eprintln!("cognito-srp: region {region}, endpoint: Cognito in the region"),
        }
    }
    let transport = sdk::SdkTransport::new(&region, endpoint.as_ref().map(|e| e.url.as_str()))
        .map_err(|e| (exit::LOCAL, e))?;
    Ok(Resolved { app, transport })
}

/// Prints `result` in `format` on standard output.
pub fn print(result: &client::AuthResult, format: Format) -> ExitCode {
    let text = match output::render(result, format) {
        Ok(t) => t,
        Err(e) => return fail(exit::RETRYABLE, &e),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        return fail(
            exit::LOCAL,
            &format!("cannot write to standard output: {e}"),
        );
    }
    ExitCode::SUCCESS
}

/// Runs `login`.
pub fn run(args: Args) -> ExitCode {
    let Resolved { app, transport } = match resolve(&args.service) {
        Ok(r) => r,
        Err((code, msg)) => return fail(code, &msg),
    };
    let pool_id = args.service.pool_id.as_str();
    // The device: used to sign in, or (with --forget-device) only its key, to forget it afterwards.
    let mut device: Option<DeviceCredentials> = None;
    let mut forget_key: Option<String> = None;
    if let Some(path) = &args.device_file {
        if args.forget_device {
            forget_key = DeviceFile::load(path)
                .ok()
                .flatten()
                .map(|f| f.device_key.clone());
        } else {
            match device_file::load_device(path, pool_id, &args.username) {
                Ok(d) => device = d,
                Err(e) => return fail(exit::LOCAL, &e),
            }
            if let Err(e) = device_file::check_writable(path) {
                return fail(exit::LOCAL, &e);
            }
        }
    }
    let totp_secret = match &args.totp_secret_env {
        None => None,
        Some(var) => {
            let value = zeroize::Zeroizing::new(std::env::var(var).unwrap_or_default());
            if value.trim().is_empty() {
                return fail(
                    exit::USAGE,
                    &format!("--totp-secret-env {var}: the variable is not set or empty"),
                );
            }
            match cognito_srp_core::totp::TotpSecret::from_base32(value.trim()) {
                Ok(s) => Some(s),
                Err(e) => return fail(exit::USAGE, &format!("--totp-secret-env {var}: {e}")),
            }
        }
    };
    let password = match prompt::secret(
        "password",
        if args.password_stdin {
            Source::Stdin
        } else {
            Source::Terminal
        },
        "--password-stdin",
    )
    .and_then(|p| Password::new(p.to_string()).map_err(|e| e.to_string()))
    {
        Ok(p) => p,
        Err(e) => return fail(exit::USAGE, &e),
    };
    let flow = match args.auth_flow {
        Flow::UserSrp => SrpAuthFlow::UserSrpAuth,
        Flow::CustomAuth => SrpAuthFlow::CustomAuth,
        Flow::UserAuth => SrpAuthFlow::UserAuth,
    };
    let req = client::SignIn {
        client: &app,
        username: &args.username,
        password: &password,
        flow,
        device: device.as_ref(),
        confirm_new_device: args.device_file.is_some() && !args.forget_device,
        device_name: &args.device_name,
    };
    let verbose = args.service.verbose;
    let mut progress = |s: &str| {
        if verbose {
            eprintln!("cognito-srp: {s}");
        }
    };
    let mut stored = false;
    let mut store = |creds: &DeviceCredentials| -> Result<(), String> {
        let path = args
            .device_file
            .as_ref()
            .expect("only asked with a device file");
        DeviceFile::new(pool_id, &args.username, creds).save(path)?;
        stored = true;
        Ok(())
    };
    let mut answers = Answers::new();
    answers.mfa_code_stdin = args.mfa_code_stdin;
    answers.totp_secret = totp_secret;
    answers.new_password_stdin = args.new_password_stdin;
    answers.custom_answer_stdin = args.custom_answer_stdin;
    answers.attributes = args.attributes.clone();
    answers.mfa_type = args.mfa_type.map(|m| m.challenge().to_owned());
    let hooks = client::Hooks {
        store_device: Some(&mut store),
        answerer: Some(&mut answers),
    };
    let result = client::sign_in_with(&transport, &req, &mut progress, hooks);
    let (outcome, new_device) = match result {
        Ok(x) => x,
        Err(e) => {
            if stored && let Some(path) = &args.device_file {
                // Stored, then not confirmed: the file would name a device the service does not keep.
                let _ = device_file::remove(path);
            }
            let mut msg = e.to_string();
            if let (LoginError::Api(a), Some(path)) = (&e, &args.device_file)
                && device.is_some()
                && a.code == "NotAuthorizedException"
            {
                msg.push_str(&format!(
                    "\n  if the password is right, the remembered device in {} may be stale: run again with --forget-device",
                    path.display()
                ));
            }
            return fail(exit::for_login(&e), &msg);
        }
    };
    if let (Some(path), Some(creds)) = (&args.device_file, &new_device) {
        eprintln!(
            "cognito-srp: device {} confirmed and stored in {}",
            creds.device_key(),
            path.display()
        );
    }
    if args.forget_device
        && let Some(path) = &args.device_file
    {
        if let (Some(key), Some(access)) = (&forget_key, outcome.result.access_token.as_deref()) {
            match transport.forget_device(access, key) {
                Ok(()) => eprintln!("cognito-srp: device {key} forgotten by the service"),
                Err(client::CallError::Api(a)) if a.code == "ResourceNotFoundException" => {
                    eprintln!("cognito-srp: device {key} was already unknown to the service");
                }
                Err(e) => eprintln!(
                    "cognito-srp: warning: the service did not forget device {key}: {}",
                    LoginError::from(e)
                ),
            }
        }
        if let Err(e) = device_file::remove(path) {
            return fail(exit::LOCAL, &e);
        }
        eprintln!("cognito-srp: removed {}", path.display());
    }
    if outcome.used_device_srp {
        eprintln!("cognito-srp: signed in with device SRP (DEVICE_SRP_AUTH)");
    } else {
        eprintln!("cognito-srp: signed in with SRP ({})", flow.auth_flow());
    }
    print(&outcome.result, args.service.output)
}
