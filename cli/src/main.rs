//! `cognito-srp`: sign in to Amazon Cognito user pools with SRP (`login`), run a loopback Cognito SRP
//! server (`serve`), or watch both in one process (`demo`).

#![forbid(unsafe_code)]

mod client;
mod config;
mod demo;
mod http;
mod jwt;
mod sdk;
mod server;
mod util;

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand, ValueEnum};
use cognito_srp_core::{AppClient, ClientSecret, Password, SrpAuthFlow, user::PoolId};
use zeroize::Zeroizing;

/// Exit code: the service refused (wrong password, unknown user or client, …).
const EXIT_REFUSED: u8 = 3;
/// Exit code: the service asked for a challenge this tool does not answer (NEW_PASSWORD_REQUIRED, MFA).
const EXIT_CHALLENGE: u8 = 4;
/// Exit code: no answer from the service, or a local problem.
const EXIT_FAILURE: u8 = 1;
/// Exit code: bad usage.
const EXIT_USAGE: u8 = 2;

#[derive(Parser)]
#[command(
    name = "cognito-srp",
    version,
    about = "Amazon Cognito user-pool SRP: sign in, serve, demo"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum)]
enum Flow {
    /// USER_SRP_AUTH
    UserSrp,
    /// CUSTOM_AUTH starting with SRP_A
    CustomAuth,
    /// USER_AUTH with PREFERRED_CHALLENGE PASSWORD_SRP
    UserAuth,
}

#[derive(Subcommand)]
enum Command {
    /// Start an embedded server with a demo pool, sign in with SRP, refuse a wrong password, confirm a
    /// device and sign in again through DEVICE_SRP_AUTH; print each step with its time. No network.
    Demo,
    /// Sign in over the Cognito JSON API (AWS SDK for Rust); print AuthenticationResult as JSON.
    Login {
        /// User pool id (REGION_NAME).
        #[arg(long)]
        pool_id: String,
        /// App client id.
        #[arg(long)]
        client_id: String,
        /// App client secret, when the client has one (or set COGNITO_CLIENT_SECRET).
        #[arg(long, env = "COGNITO_CLIENT_SECRET", hide_env_values = true)]
        client_secret: Option<String>,
        /// Username (or an alias such as the email address, where the pool allows it).
        #[arg(long)]
        username: String,
        /// Read the password from the first line of standard input (else: a terminal prompt).
        #[arg(long)]
        password_stdin: bool,
        /// Service endpoint, e.g. http://127.0.0.1:9229 (default: Cognito in the region).
        #[arg(long)]
        endpoint: Option<String>,
        /// Region (default: the part of the pool id before `_`).
        #[arg(long)]
        region: Option<String>,
        /// Remember this device: confirm it on first sign-in and store its key and password in this file
        /// (mode 0600); later sign-ins use device SRP.
        #[arg(long)]
        device_file: Option<PathBuf>,
        /// Device name sent with ConfirmDevice.
        #[arg(long, default_value = "cognito-srp")]
        device_name: String,
        /// Which InitiateAuth flow carries SRP_A.
        #[arg(long, value_enum, default_value = "user-srp")]
        auth_flow: Flow,
        /// Print each step on standard error.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Serve the Cognito Identity Provider JSON 1.1 protocol (SRP sign-in paths) on a loopback address.
    Serve {
        /// Address to listen on (port 0 picks one; the first line printed says which).
        #[arg(long, default_value = "127.0.0.1:9229")]
        listen: String,
        /// Pools, clients and users (JSON or TOML). Default: the demo pool.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Allow a non-loopback listen address (this is a test server: think twice).
        #[arg(long)]
        allow_non_loopback: bool,
        /// Worker threads.
        #[arg(long, default_value_t = 4)]
        threads: usize,
        /// Do not log requests on standard error.
        #[arg(long, short)]
        quiet: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo => ExitCode::from(u8::try_from(demo::run()).unwrap_or(EXIT_FAILURE)),
        Command::Serve {
            listen,
            config,
            allow_non_loopback,
            threads,
            quiet,
        } => serve(&listen, config, allow_non_loopback, threads, quiet),
        Command::Login {
            pool_id,
            client_id,
            client_secret,
            username,
            password_stdin,
            endpoint,
            region,
            device_file,
            device_name,
            auth_flow,
            verbose,
        } => login(LoginArgs {
            pool_id,
            client_id,
            client_secret: client_secret.filter(|s| !s.is_empty()).map(Zeroizing::new),
            username,
            password_stdin,
            endpoint,
            region,
            device_file,
            device_name,
            flow: match auth_flow {
                Flow::UserSrp => SrpAuthFlow::UserSrpAuth,
                Flow::CustomAuth => SrpAuthFlow::CustomAuth,
                Flow::UserAuth => SrpAuthFlow::UserAuth,
            },
            verbose,
        }),
    }
}

fn fail(code: u8, msg: &str) -> ExitCode {
    eprintln!("cognito-srp: {msg}");
    ExitCode::from(code)
}

fn serve(
    listen: &str,
    config: Option<PathBuf>,
    allow: bool,
    threads: usize,
    quiet: bool,
) -> ExitCode {
    let addr = match http::check_listen(listen, allow) {
        Ok(a) => a,
        Err(e) => return fail(EXIT_USAGE, &e),
    };
    let cfg = match &config {
        Some(p) => match config::Config::load(p) {
            Ok(c) => c,
            Err(e) => return fail(EXIT_USAGE, &e),
        },
        None => {
            eprintln!(
                "cognito-srp: no --config: serving the demo pool {} (client {}, user {} / {})",
                config::DEMO_POOL_ID,
                config::DEMO_CLIENT_ID,
                config::DEMO_USERNAME,
                config::DEMO_PASSWORD
            );
            config::demo()
        }
    };
    let summary: Vec<String> = cfg
        .pools
        .iter()
        .map(|p| {
            format!(
                "{} ({} clients, {} users)",
                p.id,
                p.clients.len(),
                p.users.len()
            )
        })
        .collect();
    let (listener, bound) = match http::bind(addr) {
        Ok(x) => x,
        Err(e) => return fail(EXIT_FAILURE, &e),
    };
    let mut app = match server::Server::new(cfg, &format!("http://{bound}")) {
        Ok(s) => s,
        Err(e) => return fail(EXIT_USAGE, &e),
    };
    if !quiet {
        app = app.with_logger(|line| {
            let _ = writeln!(std::io::stderr(), "{line}");
        });
    }
    eprintln!("cognito-srp: pools: {}", summary.join(", "));
    println!("listening on http://{bound}");
    let _ = std::io::stdout().flush();
    http::start(listener, Arc::new(app), threads).wait();
    ExitCode::SUCCESS
}

struct LoginArgs {
    pool_id: String,
    client_id: String,
    client_secret: Option<Zeroizing<String>>,
    username: String,
    password_stdin: bool,
    endpoint: Option<String>,
    region: Option<String>,
    device_file: Option<PathBuf>,
    device_name: String,
    flow: SrpAuthFlow,
    verbose: bool,
}

fn read_password(from_stdin: bool) -> Result<Password, String> {
    let text = if from_stdin {
        let mut line = Zeroizing::new(String::new());
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .map_err(|e| format!("cannot read the password from standard input: {e}"))?;
        let trimmed = line.trim_end_matches(['\n', '\r']);
        Zeroizing::new(trimmed.to_owned())
    } else if std::io::stdin().is_terminal() {
        Zeroizing::new(
            rpassword::prompt_password("Password: ")
                .map_err(|e| format!("cannot read the password: {e}"))?,
        )
    } else {
        return Err("no password: pass --password-stdin or run in a terminal".into());
    };
    if text.is_empty() {
        return Err("empty password".into());
    }
    Password::new(text.to_string()).map_err(|e| e.to_string())
}

fn login(args: LoginArgs) -> ExitCode {
    let pool = match PoolId::new(args.pool_id.clone()) {
        Ok(p) => p,
        Err(e) => return fail(EXIT_USAGE, &format!("--pool-id: {e}")),
    };
    let mut app = match AppClient::new(&args.pool_id, &args.client_id) {
        Ok(c) => c,
        Err(e) => return fail(EXIT_USAGE, &e.to_string()),
    };
    if let Some(s) = &args.client_secret {
        match ClientSecret::new(s.to_string()) {
            Ok(secret) => app = app.with_secret(secret),
            Err(e) => return fail(EXIT_USAGE, &e.to_string()),
        }
    }
    let device = match &args.device_file {
        Some(p) => match client::load_device(p, &args.pool_id, &args.username) {
            Ok(d) => d,
            Err(e) => return fail(EXIT_FAILURE, &e),
        },
        None => None,
    };
    let password = match read_password(args.password_stdin) {
        Ok(p) => p,
        Err(e) => return fail(EXIT_USAGE, &e),
    };
    let region = args
        .region
        .clone()
        .unwrap_or_else(|| pool.region().to_owned());
    let transport = match sdk::SdkTransport::new(&region, args.endpoint.as_deref()) {
        Ok(t) => t,
        Err(e) => return fail(EXIT_FAILURE, &e),
    };
    let req = client::SignIn {
        client: &app,
        username: &args.username,
        password: &password,
        flow: args.flow,
        device: device.as_ref(),
        confirm_new_device: args.device_file.is_some(),
        device_name: &args.device_name,
    };
    let verbose = args.verbose;
    let mut progress = |s: &str| {
        if verbose {
            eprintln!("cognito-srp: {s}");
        }
    };
    match client::sign_in(&transport, &req, &mut progress) {
        Ok((outcome, new_device)) => {
            if let (Some(path), Some(creds)) = (&args.device_file, new_device) {
                let file = client::DeviceFile {
                    pool_id: args.pool_id.clone(),
                    username: args.username.clone(),
                    device_key: creds.device_key().to_owned(),
                    device_group_key: creds.device_group_key().to_owned(),
                    device_password: Zeroizing::new(creds.expose_password().to_owned()),
                };
                if let Err(e) = file.save(path) {
                    eprintln!("cognito-srp: signed in, but could not store the device: {e}");
                } else {
                    eprintln!(
                        "cognito-srp: device {} confirmed and stored in {}",
                        creds.device_key(),
                        path.display()
                    );
                }
            }
            if outcome.used_device_srp {
                eprintln!("cognito-srp: signed in with device SRP (DEVICE_SRP_AUTH)");
            } else {
                eprintln!(
                    "cognito-srp: signed in with SRP ({})",
                    args.flow.auth_flow()
                );
            }
            let json = serde_json::to_string_pretty(&outcome.result).expect("serializable");
            let mut out = std::io::stdout().lock();
            if writeln!(out, "{json}").and_then(|()| out.flush()).is_err() {
                return ExitCode::from(EXIT_FAILURE);
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            let code = match &e {
                client::LoginError::Api(_) => EXIT_REFUSED,
                client::LoginError::Challenge(_) => EXIT_CHALLENGE,
                _ => EXIT_FAILURE,
            };
            fail(code, &e.to_string())
        }
    }
}
