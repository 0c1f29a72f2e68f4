//! `cognito-srp load`: N clients, each on its own kept-alive connection, doing full SRP sign-ins for a
//! fixed time; then the same sign-ins in process without HTTP (the baseline), and the latency of one
//! request on a kept-alive connection against a fresh one. Every sign-in started is counted as
//! completed or as an error.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use cognito_srp_server::{Server, TestServer, config};
use serde_json::json;

use crate::client::{Account, Connection, HttpTransport, LocalTransport, Transport};

/// The options of `load`.
pub struct LoadArgs {
    /// The server; `None` starts one in process (demo pool) on a loopback port.
    pub endpoint: Option<String>,
    /// Concurrent clients.
    pub clients: usize,
    /// Seconds per phase.
    pub seconds: f64,
    /// Also run the in-process baseline (the demo pool and account).
    pub baseline: bool,
    /// Requests per connection kind in the latency comparison (0: skip it).
    pub latency_requests: usize,
    /// Who signs in.
    pub account: Account,
}

/// What one phase did.
#[derive(Default)]
struct Phase {
    started: u64,
    latencies: Vec<Duration>,
    errors: Vec<String>,
    elapsed: Duration,
    /// CPU time of this process during the phase (Linux), client and in-process server alike.
    cpu: Option<Duration>,
}

/// User plus system CPU time of this process so far, from `/proc/self/stat` (Linux; clock ticks of
/// 1/100 s).
fn process_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = after.split(' ').collect();
    let utime: u64 = fields.get(11)?.parse().ok()?;
    let stime: u64 = fields.get(12)?.parse().ok()?;
    Some(Duration::from_millis((utime + stime) * 10))
}

impl Phase {
    fn rate(&self) -> f64 {
        self.latencies.len() as f64 / self.elapsed.as_secs_f64().max(1e-9)
    }

    /// CPU milliseconds per completed sign-in.
    fn cpu_per_sign_in(&self) -> Option<f64> {
        let n = self.latencies.len();
        self.cpu
            .filter(|_| n > 0)
            .map(|c| c.as_secs_f64() * 1000.0 / n as f64)
    }

    fn report(&mut self, name: &str) {
        self.latencies.sort();
        let pct = |p: f64| {
            if self.latencies.is_empty() {
                return f64::NAN;
            }
            let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
            self.latencies[i].as_secs_f64() * 1000.0
        };
        println!(
            "{name}: {} sign-ins started, {} completed, {} errors in {:.1} s: {:.1} sign-ins/s, p50 {:.1} ms, p99 {:.1} ms",
            self.started,
            self.latencies.len(),
            self.errors.len(),
            self.elapsed.as_secs_f64(),
            self.rate(),
            pct(0.5),
            pct(0.99)
        );
        if let Some(c) = self.cpu_per_sign_in() {
            println!("  process CPU per sign-in: {c:.2} ms");
        }
        let mut shown = std::collections::BTreeMap::new();
        for e in &self.errors {
            *shown.entry(e.clone()).or_insert(0) += 1;
        }
        for (e, n) in shown {
            println!("  error x{n}: {e}");
        }
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime")
}

/// Runs `clients` threads for `seconds`, each signing in again and again through the transport `make`
/// gives it (a new one after a failed sign-in).
fn phase<T: Transport>(
    clients: usize,
    seconds: f64,
    account: &Account,
    make: impl Fn() -> Result<T, String> + Sync,
) -> Phase {
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let t0 = Instant::now();
    let cpu0 = process_cpu();
    let mut total = Phase::default();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..clients)
            .map(|_| {
                let make = &make;
                s.spawn(move || {
                    let mut p = Phase::default();
                    let mut caller = None;
                    while Instant::now() < deadline {
                        p.started += 1;
                        let c = match caller.take() {
                            Some(c) => c,
                            None => match make() {
                                Ok(c) => c,
                                Err(e) => {
                                    p.errors.push(e);
                                    std::thread::sleep(Duration::from_millis(10));
                                    continue;
                                }
                            },
                        };
                        let t = Instant::now();
                        match account.sign_in(&c) {
                            Ok(()) => {
                                p.latencies.push(t.elapsed());
                                caller = Some(c);
                            }
                            Err(e) => p.errors.push(e),
                        }
                    }
                    p
                })
            })
            .collect();
        for h in handles {
            match h.join() {
                Ok(p) => {
                    total.started += p.started;
                    total.latencies.extend(p.latencies);
                    total.errors.extend(p.errors);
                }
                Err(_) => total.errors.push("a client thread panicked".into()),
            }
        }
    });
    total.elapsed = t0.elapsed();
    total.cpu = process_cpu().zip(cpu0).map(|(b, a)| b.saturating_sub(a));
    total
}

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v.get(v.len() / 2)
        .map_or(f64::NAN, |d| d.as_secs_f64() * 1000.0)
}

/// Median InitiateAuth latency on one kept-alive connection and on a fresh connection per request.
fn latency(addr: SocketAddr, account: &Account, n: usize) -> Result<(f64, f64), String> {
    let rt = runtime();
    let body = {
        let client = cognito_srp_core::AppClient::new(&account.pool_id, &account.client_id)
            .map_err(|e| e.to_string())?;
        let srp = client
            .start_user_srp_os(&account.username)
            .map_err(|e| e.to_string())?;
        json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": account.client_id,
               "AuthParameters": srp.initiate_auth_parameters(cognito_srp_core::SrpAuthFlow::UserSrpAuth)})
    };
    rt.block_on(async {
        let mut kept = Vec::new();
        let mut fresh = Vec::new();
        let mut conn = Connection::open(addr).await?;
        conn.call("InitiateAuth", &body).await?; // warm-up
        for _ in 0..n {
            let t = Instant::now();
            let (status, _) = conn.call("InitiateAuth", &body).await?;
            kept.push(t.elapsed());
            if status != 200 {
                return Err(format!("InitiateAuth answered {status}"));
            }
            let t = Instant::now();
            let mut c = Connection::open(addr).await?;
            let (status, _) = c.call("InitiateAuth", &body).await?;
            fresh.push(t.elapsed());
            if status != 200 {
                return Err(format!("InitiateAuth answered {status}"));
            }
        }
        Ok((median(kept), median(fresh)))
    })
}

fn resolve(endpoint: &str) -> Result<SocketAddr, String> {
    use std::net::ToSocketAddrs as _;
    let hostport = endpoint
        .strip_prefix("http://")
        .unwrap_or(endpoint)
        .trim_end_matches('/');
    hostport
        .to_socket_addrs()
        .map_err(|e| format!("{endpoint}: {e}"))?
        .next()
        .ok_or_else(|| format!("{endpoint}: no address"))
}

/// Runs `load`; exit code 0 when every sign-in started completed.
pub fn run(args: LoadArgs) -> ExitCode {
    let local;
    let addr = match &args.endpoint {
        Some(e) => match resolve(e) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("cognito-srp: {e}");
                return ExitCode::from(2);
            }
        },
        None => {
            local = match TestServer::start(config::demo()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("cognito-srp: {e}");
                    return ExitCode::from(1);
                }
            };
            local.addr()
        }
    };
    println!(
        "load: {} clients, {:.0} s per phase, server http://{addr}, {}",
        args.clients,
        args.seconds,
        std::thread::available_parallelism().map_or("? cores".into(), |n| format!("{n} cores"))
    );
    let mut http = phase(args.clients, args.seconds, &args.account, || {
        HttpTransport::open(addr)
    });
    http.report("http (kept-alive)");
    let mut ok = http.errors.is_empty() && http.started == http.latencies.len() as u64;
    if args.baseline {
        let server = match Server::new(config::demo(), "http://in-process") {
            Ok(s) => s,
            Err(e) => {
                eprintln!("cognito-srp: {e}");
                return ExitCode::from(1);
            }
        };
        let mut base = phase(args.clients, args.seconds, &args.account, || {
            Ok(LocalTransport(&server))
        });
        base.report("in process (no HTTP)");
        ok &= base.errors.is_empty();
        println!(
            "http / in-process rate: {:.2} (target >= 0.70)",
            http.rate() / base.rate().max(1e-9)
        );
        if args.endpoint.is_none()
            && let (Some(h), Some(b)) = (http.cpu_per_sign_in(), base.cpu_per_sign_in())
        {
            println!(
                "in-process / http CPU per sign-in: {:.2} (1.00: HTTP costs nothing)",
                b / h
            );
        }
    }
    if args.latency_requests > 0 {
        match latency(addr, &args.account, args.latency_requests) {
            Ok((kept, fresh)) => println!(
                "InitiateAuth median over {} requests: kept-alive {kept:.2} ms, fresh connection {fresh:.2} ms, ratio {:.2} (target <= 1.5)",
                args.latency_requests,
                kept / fresh
            ),
            Err(e) => {
                println!("latency comparison failed: {e}");
                ok = false;
            }
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
