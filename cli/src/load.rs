//! `cognito-srp load`: N clients, each on its own kept-alive connection, doing full SRP sign-ins for a
//! fixed time; then the same sign-ins in process without HTTP (the baseline), and the latency of one
//! request on a kept-alive connection against a fresh one. Every sign-in started is counted as
//! completed or as an error.
//!
//! With the server in this process, the process CPU time per sign-in covers both sides; it is printed
//! beside the SRP math of both sides measured in the same run on one thread (what a sign-in cannot cost
//! less than), their ratio, and the cost of one of the two token signatures a sign-in makes.
//!
//! `--json PATH` also writes these figures to PATH as one JSON object (`scripts/perf_table.py` reads it
//! into BENCHMARKING.md); what is printed stays the same.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use cognito_srp_core::{
    AppClient, Password, PasswordVerifier, PoolId, ServerSession, SrpAuthFlow, Timestamp, wire,
};
use cognito_srp_server::{Server, TestServer, config};
use serde_json::{Map, Value, json};

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
    /// Where to write the figures as JSON, besides printing them.
    pub json: Option<PathBuf>,
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
    /// Process CPU time and wall time of the one sign-in made before the clock starts: the pool's
    /// token signing key is made on first use, which would otherwise be charged to the phase.
    first: Option<(Option<Duration>, Duration)>,
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

    /// The `p` quantile of the latencies in milliseconds (NaN without any); the latencies are sorted.
    fn percentile(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return f64::NAN;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i].as_secs_f64() * 1000.0
    }

    /// The figures `report` printed, for `--json` (null where not measured).
    fn summary(&self) -> Value {
        let finite = |x: f64| if x.is_finite() { json!(x) } else { Value::Null };
        json!({
            "started": self.started,
            "completed": self.latencies.len(),
            "errors": self.errors.len(),
            "seconds": self.elapsed.as_secs_f64(),
            "sign_ins_per_second": finite(self.rate()),
            "p50_ms": finite(self.percentile(0.5)),
            "p99_ms": finite(self.percentile(0.99)),
            "cpu_ms_per_sign_in": self.cpu_per_sign_in(),
        })
    }

    fn report(&mut self, name: &str) {
        self.latencies.sort();
        let pct = |p: f64| self.percentile(p);
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
        if let Some((cpu, wall)) = self.first {
            let cpu = cpu.map_or(String::new(), |c| {
                format!(", {:.0} ms of process CPU", c.as_secs_f64() * 1000.0)
            });
            println!(
                "  first sign-in, before the clock (makes the pool's signing key on first use): {:.0} ms{cpu}",
                wall.as_secs_f64() * 1000.0
            );
        }
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
/// gives it (a new one after a failed sign-in). One sign-in before the clock starts is reported apart
/// (a pool's first sign-in makes its signing key), so the phase measures sign-ins in a steady state.
fn phase<T: Transport>(
    clients: usize,
    seconds: f64,
    account: &Account,
    make: impl Fn() -> Result<T, String> + Sync,
) -> Phase {
    let mut total = Phase::default();
    let (t, cpu) = (Instant::now(), process_cpu());
    match make().and_then(|c| account.sign_in(&c)) {
        Ok(()) => {
            let spent = process_cpu().zip(cpu).map(|(b, a)| b.saturating_sub(a));
            total.first = Some((spent, t.elapsed()));
        }
        Err(e) => total.errors.push(format!("first sign-in: {e}")),
    }
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let t0 = Instant::now();
    let cpu0 = process_cpu();
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

/// Process CPU milliseconds per round of the SRP math of one sign-in, both sides, run on this thread
/// for about `seconds`: the client's `A`, the server's `B`, the server's key from `A`, the client's
/// password claim, and the server's check of it (the verifier is made once, before). Returns the
/// milliseconds and the rounds.
fn srp_math(account: &Account, seconds: f64) -> Result<(f64, u64), String> {
    let client = AppClient::new(&account.pool_id, &account.client_id).map_err(|e| e.to_string())?;
    let pool = PoolId::new(account.pool_id.clone()).map_err(|e| e.to_string())?;
    let password = Password::new(account.password.clone()).map_err(|e| e.to_string())?;
    let mut rng = rand_core::UnwrapErr(rand::rngs::SysRng);
    let verifier =
        PasswordVerifier::generate(&mut rng, pool.pool_name(), &account.username, &password);
    // 384 bytes, as the server issues.
    let secret_block = "A".repeat(512);
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let cpu0 = process_cpu().ok_or("no process CPU time on this system")?;
    let mut rounds = 0u64;
    while rounds == 0 || Instant::now() < deadline {
        let srp = client
            .start_user_srp_os(&account.username)
            .map_err(|e| e.to_string())?;
        let server = ServerSession::start(&mut rng, &verifier);
        let challenge: HashMap<String, String> = [
            (wire::SALT, verifier.salt().to_signed_hex()),
            (wire::SRP_B, server.srp_b().to_owned()),
            (wire::SECRET_BLOCK, secret_block.clone()),
            (wire::USERNAME, account.username.clone()),
            (wire::USER_ID_FOR_SRP, account.username.clone()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
        let params = srp.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth);
        let key = server
            .finish(&params[wire::SRP_A])
            .map_err(|e| e.to_string())?;
        let responses = srp
            .respond(&challenge, &password, &Timestamp::now())
            .map_err(|e| e.to_string())?;
        key.verify_response(
            &responses,
            pool.pool_name(),
            &account.username,
            &secret_block,
        )
        .map_err(|e| e.to_string())?;
        rounds += 1;
    }
    let cpu = process_cpu()
        .ok_or("no process CPU time on this system")?
        .saturating_sub(cpu0);
    Ok((cpu.as_secs_f64() * 1000.0 / rounds as f64, rounds))
}

/// Process CPU milliseconds per RS256 signature of an access token's claims by `server`'s key for
/// `pool_id` (a full sign-in makes two), run on this thread for about `seconds`. Returns the
/// milliseconds and the signatures.
fn token_signing(server: &Server, pool_id: &str, seconds: f64) -> Option<(f64, u64)> {
    let claims = json!({
        "sub": "5b1c3e7a-1f0b-4c55-9a0e-2f4d1b9c8e21", "iss": server.issuer(pool_id),
        "client_id": "demo-client", "origin_jti": "0f0e5c1d-52a4-4d8e-9c1e-3a1b2c3d4e5f",
        "event_id": "7d3c9a55-8b6e-4f1a-a2c4-9e8f7a6b5c4d", "token_use": "access",
        "scope": "aws.cognito.signin.user.admin", "auth_time": 1_765_000_000, "exp": 1_765_003_600,
        "iat": 1_765_000_000, "jti": "c2b7f1e0-4a3d-4b2c-8d1e-6f5a4b3c2d1e", "username": "alice"
    });
    let claims = claims.as_object()?;
    server.tokens().sign(pool_id, claims); // the pool's key exists after the phases; this makes sure
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let cpu0 = process_cpu()?;
    let mut signatures = 0u64;
    while signatures == 0 || Instant::now() < deadline {
        std::hint::black_box(server.tokens().sign(pool_id, claims));
        signatures += 1;
    }
    let cpu = process_cpu()?.saturating_sub(cpu0);
    Some((cpu.as_secs_f64() * 1000.0 / signatures as f64, signatures))
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

/// Writes `figures` to `path`, making its folder when missing.
fn write_json(path: &std::path::Path, figures: &Value) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_string_pretty(figures).map_err(std::io::Error::other)?;
    text.push('\n');
    std::fs::write(path, text)
}

/// Runs `load`; exit code 0 when every sign-in started completed.
pub fn run(args: LoadArgs) -> ExitCode {
    let mut local = None;
    let addr = match &args.endpoint {
        Some(e) => match resolve(e) {
            Ok(a) => a,
            Err(e) => {
                eprintln!("cognito-srp: {e}");
                return ExitCode::from(2);
            }
        },
        None => {
            let server = match TestServer::start(config::demo()) {
                Ok(s) => s,
                Err(e) => {
                    eprintln!("cognito-srp: {e}");
                    return ExitCode::from(1);
                }
            };
            let addr = server.addr();
            local = Some(server);
            addr
        }
    };
    let cores = std::thread::available_parallelism().ok().map(|n| n.get());
    println!(
        "load: {} clients, {:.0} s per phase, server http://{addr}, {}",
        args.clients,
        args.seconds,
        cores.map_or("? cores".into(), |n| format!("{n} cores"))
    );
    let mut figures = Map::new();
    figures.insert("clients".into(), json!(args.clients));
    figures.insert("seconds_per_phase".into(), json!(args.seconds));
    figures.insert("cores".into(), json!(cores));
    figures.insert("server_in_process".into(), json!(args.endpoint.is_none()));
    let mut http = phase(args.clients, args.seconds, &args.account, || {
        HttpTransport::open(addr)
    });
    http.report("http (kept-alive)");
    figures.insert("http".into(), http.summary());
    let mut ok = http.errors.is_empty() && http.started == http.latencies.len() as u64;
    let mut baseline = None;
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
        figures.insert("in_process".into(), base.summary());
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
        baseline = Some(base);
    }
    if args.endpoint.is_none() {
        let seconds = args.seconds.clamp(1.0, 5.0);
        match srp_math(&args.account, seconds) {
            Ok((math, rounds)) => {
                figures.insert("srp_math_ms".into(), json!(math));
                figures.insert("srp_math_rounds".into(), json!(rounds));
                println!(
                    "SRP math of both sides, one thread, {rounds} rounds in this run: {math:.2} ms of process CPU per sign-in"
                );
                let mut ratios = vec![("http", http.cpu_per_sign_in())];
                if let Some(b) = &baseline {
                    ratios.push(("in process", b.cpu_per_sign_in()));
                }
                for (name, cpu) in ratios {
                    if let Some(cpu) = cpu {
                        let key = format!("{}_cpu_over_srp_math", name.replace(' ', "_"));
                        figures.insert(key, json!(cpu / math));
                        println!(
                            "  {name}: process CPU per full sign-in / SRP math {:.2} (target <= 1.50)",
                            cpu / math
                        );
                    }
                }
            }
            Err(e) => println!("SRP math not measured: {e}"),
        }
        if let Some((sign, n)) = local
            .as_ref()
            .and_then(|l| token_signing(l.server(), &args.account.pool_id, seconds / 2.0))
        {
            figures.insert("rs256_ms".into(), json!(sign));
            figures.insert("rs256_signatures".into(), json!(n));
            println!(
                "RS256 signature (two per sign-in), {n} in this run: {sign:.2} ms of process CPU each"
            );
        }
    }
    if args.latency_requests > 0 {
        match latency(addr, &args.account, args.latency_requests) {
            Ok((kept, fresh)) => {
                figures.insert(
                    "initiate_auth".into(),
                    json!({"requests": args.latency_requests, "kept_alive_ms": kept, "fresh_connection_ms": fresh}),
                );
                println!(
                    "InitiateAuth median over {} requests: kept-alive {kept:.2} ms, fresh connection {fresh:.2} ms, ratio {:.2} (target <= 1.5)",
                    args.latency_requests,
                    kept / fresh
                );
            }
            Err(e) => {
                println!("latency comparison failed: {e}");
                ok = false;
            }
        }
    }
    figures.insert("all_completed".into(), json!(ok));
    if let Some(path) = &args.json
        && let Err(e) = write_json(path, &Value::Object(figures))
    {
        eprintln!("cognito-srp: {}: {e}", path.display());
        return ExitCode::from(1);
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
