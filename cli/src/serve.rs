//! `cognito-srp serve`: the `cognito-srp-server` HTTP front end on a loopback address, logging one line
//! per request (text or JSON), until SIGINT or SIGTERM.

use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::ValueEnum;
use cognito_srp_server::{Config, HttpConfig, Server, config, http};

/// How request lines are written on standard error.
#[derive(Clone, Copy, ValueEnum, Debug, PartialEq, Eq)]
pub enum LogFormat {
    /// `key=value` text.
    Text,
    /// One JSON object per line.
    Json,
}

/// The options of `serve`.
pub struct ServeArgs {
    pub listen: String,
    pub config: Option<PathBuf>,
    pub state: Option<PathBuf>,
    pub allow_non_loopback: bool,
    pub threads: usize,
    pub quiet: bool,
    pub log_format: LogFormat,
}

/// Sends `tracing` events to standard error in `format` (info and above; nothing when `quiet`).
pub fn init_logging(format: LogFormat, quiet: bool) {
    let level = if quiet {
        tracing_subscriber::filter::LevelFilter::ERROR
    } else {
        tracing_subscriber::filter::LevelFilter::INFO
    };
    let builder = tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_ansi(false);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
    };
}

fn load(path: Option<&PathBuf>) -> Result<Config, String> {
    match path {
        Some(p) => Config::load(p),
        None => {
            eprintln!(
                "cognito-srp: no --config: serving the demo pool {} (client {}, user {} / {})",
                config::DEMO_POOL_ID,
                config::DEMO_CLIENT_ID,
                config::DEMO_USERNAME,
                config::DEMO_PASSWORD
            );
            Ok(config::demo())
        }
    }
}

/// Runs `serve`; the exit code is 0 after a signal, 1 on a fatal error, 2 on bad usage.
pub fn run(args: ServeArgs) -> ExitCode {
    let fail = |code: u8, msg: &str| {
        eprintln!("cognito-srp: {msg}");
        ExitCode::from(code)
    };
    init_logging(args.log_format, args.quiet);
    let addr = match http::check_listen(&args.listen, args.allow_non_loopback) {
        Ok(a) => a,
        Err(e) => return fail(2, &e),
    };
    let mut cfg = match load(args.config.as_ref()) {
        Ok(c) => c,
        Err(e) => return fail(2, &e),
    };
    if args.state.is_some() {
        cfg.state_file = args.state;
    }
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
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(args.threads.max(1))
        .max_blocking_threads(cognito_srp_server::http::blocking_threads())
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(1, &format!("cannot start the runtime: {e}")),
    };
    runtime.block_on(async move {
        let listener = match tokio::net::TcpListener::bind(addr).await {
            Ok(l) => l,
            Err(e) => return fail(1, &format!("cannot listen on {addr}: {e}")),
        };
        let bound = match listener.local_addr() {
            Ok(a) => a,
            Err(e) => return fail(1, &e.to_string()),
        };
        let app = match Server::new(cfg, &format!("http://{bound}")) {
            Ok(s) => Arc::new(s),
            Err(e) => return fail(2, &e),
        };
        eprintln!("cognito-srp: pools: {}", summary.join(", "));
        println!("listening on http://{bound}");
        let _ = std::io::stdout().flush();
        match http::serve(
            listener,
            app,
            HttpConfig {
                allow_non_loopback: args.allow_non_loopback,
                ..HttpConfig::default()
            },
            http::shutdown_signal(),
        )
        .await
        {
            Ok(()) => {
                eprintln!("cognito-srp: stopped");
                ExitCode::SUCCESS
            }
            Err(e) => fail(1, &format!("server failed: {e}")),
        }
    })
}
