//! `cognito-srp`: sign in to Amazon Cognito user pools with SRP (`login`), refresh tokens (`refresh`), run
//! a loopback Cognito SRP server (`serve`), or watch both in one process (`demo`).

#![forbid(unsafe_code)]
// Without `login`, the parts of the sign-in client that only `login` uses stay unused.
#![cfg_attr(not(feature = "login"), allow(dead_code))]

mod answers;
#[cfg(feature = "login")]
mod aws_env;
mod challenges;
mod client;
mod demo;
mod device_file;
mod exit;
mod hostile;
mod load;
#[cfg(feature = "login")]
mod login;
mod output;
mod prompt;
#[cfg(feature = "login")]
mod refresh;
#[cfg(feature = "login")]
mod sdk;
mod serve;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Exit code: a local problem.
const EXIT_FAILURE: u8 = exit::LOCAL;
/// Exit code: bad usage.
const EXIT_USAGE: u8 = exit::USAGE;

/// `--help` text after the options of `login` and `refresh`: where requests go, and the exit codes.
#[cfg(feature = "login")]
fn after_help() -> String {
    format!("{}\n\n{}", aws_env::HELP, exit::HELP)
}

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

#[derive(Subcommand)]
enum Command {
    /// Start an embedded server with a demo pool, sign in with SRP, refuse a wrong password, confirm a
    /// device and sign in again through DEVICE_SRP_AUTH; print each step with its time. No network.
    Demo,
    /// Sign in over the Cognito JSON API (AWS SDK for Rust); print the tokens (--output).
    #[cfg(feature = "login")]
    #[command(after_help = after_help())]
    Login(login::Args),
    /// New ID and access tokens from a refresh token read from standard input (REFRESH_TOKEN_AUTH).
    #[cfg(feature = "login")]
    #[command(after_help = after_help())]
    Refresh(refresh::Args),
    /// Serve the Cognito Identity Provider JSON 1.1 protocol (SRP sign-in paths) on a loopback address.
    Serve {
        /// Address to listen on (port 0 picks one; the first line printed says which).
        #[arg(long, default_value = "127.0.0.1:9229")]
        listen: String,
        /// Pools, clients and users (JSON or TOML). Default: the demo pool.
        #[arg(long)]
        config: Option<PathBuf>,
        /// Keep pools, clients, users, devices, MFA secrets, refresh tokens and signing keys in this
        /// SQLite file (created with mode 0600): each change is committed before it is answered, and a
        /// restart serves what the file holds. Without it everything stays in memory.
        #[arg(long, value_name = "FILE")]
        state: Option<PathBuf>,
        /// Allow a non-loopback listen address (this is a test server: think twice).
        #[arg(long)]
        allow_non_loopback: bool,
        /// Runtime worker threads (operations run on a separate blocking pool).
        #[arg(long, default_value_t = 2)]
        threads: usize,
        /// Do not log requests on standard error.
        #[arg(long, short)]
        quiet: bool,
        /// Request log format on standard error.
        #[arg(long, value_enum, default_value = "text")]
        log_format: serve::LogFormat,
    },
    /// Load: N clients doing full SRP sign-ins over kept-alive connections for a fixed time, then the same
    /// sign-ins in process (baseline), then kept-alive against fresh-connection latency.
    Load {
        /// Server to load (default: one started in this process with the demo pool).
        #[arg(long)]
        endpoint: Option<String>,
        /// Concurrent clients.
        #[arg(long, default_value_t = 8)]
        clients: usize,
        /// Seconds per phase.
        #[arg(long, default_value_t = 10.0)]
        seconds: f64,
        /// Skip the in-process baseline.
        #[arg(long)]
        no_baseline: bool,
        /// Requests per kind in the latency comparison (0 skips it).
        #[arg(long, default_value_t = 200)]
        latency_requests: usize,
        /// Also write the figures to this file as JSON (printing stays the same).
        #[arg(long, value_name = "PATH")]
        json: Option<PathBuf>,
        #[command(flatten)]
        account: AccountArgs,
    },
    /// Hostile clients against a running server; a normal sign-in must succeed after each case.
    Hostile {
        /// The server, e.g. http://127.0.0.1:9229.
        #[arg(long)]
        endpoint: String,
        /// The server's process id: checked to be still running after each case.
        #[arg(long)]
        pid: Option<u32>,
        #[command(flatten)]
        account: AccountArgs,
    },
}

/// The account `load` and `hostile` sign in with (default: the demo pool's).
#[derive(clap::Args)]
struct AccountArgs {
    /// User pool id.
    #[arg(long, default_value = cognito_srp_server::config::DEMO_POOL_ID)]
    pool_id: String,
    /// App client id (without a secret).
    #[arg(long, default_value = cognito_srp_server::config::DEMO_CLIENT_ID)]
    client_id: String,
    /// Username.
    #[arg(long, default_value = cognito_srp_server::config::DEMO_USERNAME)]
    username: String,
    /// Password of this test account (default: the demo password).
    #[arg(long, env = "COGNITO_SRP_TEST_PASSWORD", hide_env_values = true, default_value = cognito_srp_server::config::DEMO_PASSWORD)]
    test_password: String,
}

impl AccountArgs {
    fn account(self) -> client::Account {
        client::Account {
            pool_id: self.pool_id,
            client_id: self.client_id,
            username: self.username,
            password: self.test_password,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Demo => ExitCode::from(u8::try_from(demo::run()).unwrap_or(EXIT_FAILURE)),
        Command::Serve {
            listen,
            config,
            state,
            allow_non_loopback,
            threads,
            quiet,
            log_format,
        } => serve::run(serve::ServeArgs {
            listen,
            config,
            state,
            allow_non_loopback,
            threads,
            quiet,
            log_format,
        }),
        Command::Load {
            endpoint,
            clients,
            seconds,
            no_baseline,
            latency_requests,
            json,
            account,
        } => load::run(load::LoadArgs {
            endpoint,
            clients: clients.max(1),
            seconds,
            baseline: !no_baseline,
            latency_requests,
            account: account.account(),
            json,
        }),
        Command::Hostile {
            endpoint,
            pid,
            account,
        } => {
            use std::net::ToSocketAddrs as _;
            let hostport = endpoint.trim_start_matches("http://").trim_end_matches('/');
            match hostport.to_socket_addrs().ok().and_then(|mut a| a.next()) {
                Some(addr) => hostile::run(addr, pid, &account.account()),
                None => {
                    eprintln!("cognito-srp: cannot resolve {endpoint}");
                    ExitCode::from(EXIT_USAGE)
                }
            }
        }
        #[cfg(feature = "login")]
        Command::Login(args) => login::run(args),
        #[cfg(feature = "login")]
        Command::Refresh(args) => refresh::run(args),
    }
}
