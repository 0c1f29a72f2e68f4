//! `cognito-srp`: sign in to Amazon Cognito user pools with SRP (`login`), refresh tokens (`refresh`), run
//! a loopback Cognito SRP server (`serve`), or watch both in one process (`demo`).

#![forbid(unsafe_code)]

mod answers;
mod aws_env;
mod challenges;
mod client;
mod config;
mod demo;
mod device_file;
mod exit;
mod http;
mod jwt;
mod login;
mod output;
mod prompt;
mod refresh;
mod sdk;
mod server;
mod util;

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Parser, Subcommand};

/// Exit code: a local problem.
const EXIT_FAILURE: u8 = exit::LOCAL;
/// Exit code: bad usage.
const EXIT_USAGE: u8 = exit::USAGE;

/// `--help` text after the options of `login` and `refresh`: where requests go, and the exit codes.
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
    #[command(after_help = after_help())]
    Login(login::Args),
    /// New ID and access tokens from a refresh token read from standard input (REFRESH_TOKEN_AUTH).
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
        Command::Login(args) => login::run(args),
        Command::Refresh(args) => refresh::run(args),
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
