//! InitiateAuth (USER_SRP_AUTH, in process) for a known username, a known email and an unknown email,
//! in a pool of 100 users and in one of 100,000: the median of each over many calls made in turn in one
//! run, and each kind's ratio to the known username of the same pool. An unknown email gets a stand-in
//! challenge, which should cost what a user's challenge costs whatever the pool's size.
//!
//! Each call is timed twice: by the wall clock, and by the CPU time of the calling thread
//! (`CLOCK_THREAD_CPUTIME_ID`), which time spent waiting for a core on a busy machine does not inflate.
//!
//! `cargo bench -p cognito-srp-server --features unstable-bench-hooks --bench initiate_auth`
//! (`ROUNDS=n` sets the calls per kind, 400 by default).

use std::hint::black_box;
use std::time::{Duration, Instant};

use cognito_srp_core::{AppClient, SrpAuthFlow};
use cognito_srp_server::bench_hooks::add_users_sharing_a_verifier;
use cognito_srp_server::{ClientConfig, Config, PoolConfig, Server};
use serde_json::{Value, json};

const CLIENT: &str = "bench";

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e6
}

/// CPU time of this thread so far (`CLOCK_THREAD_CPUTIME_ID`).
fn thread_cpu() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

fn request(pool: &str, name: &str) -> Value {
    let srp = AppClient::new(pool, CLIENT)
        .unwrap()
        .start_user_srp_os(name)
        .unwrap();
    json!({"AuthFlow": "USER_SRP_AUTH", "ClientId": CLIENT,
           "AuthParameters": srp.initiate_auth_parameters(SrpAuthFlow::UserSrpAuth)})
}

fn main() {
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(400);
    let kinds = ["known username", "known email", "unknown email"];
    for (n, pool_id) in [
        (100, "us-east-1_Bench100"),
        (100_000, "us-east-1_Bench100k"),
    ] {
        let mut pool = PoolConfig::new(pool_id);
        pool.alias_attributes = vec!["email".into()];
        pool.clients.push(ClientConfig::new(CLIENT));
        let server = Server::new(
            Config {
                pools: vec![pool],
                ..Config::default()
            },
            "http://bench",
        )
        .unwrap();
        let t = Instant::now();
        add_users_sharing_a_verifier(&server, pool_id, "user", n, "Bench-Pass-1").unwrap();
        let filled = t.elapsed();
        let requests = [
            request(pool_id, &format!("user{:07}", n / 2)),
            request(pool_id, &format!("user{}@example.com", n / 2)),
            request(pool_id, "nobody@example.com"),
        ];
        for r in &requests {
            let a = server.dispatch("InitiateAuth", r).unwrap();
            assert_eq!(a["ChallengeName"], "PASSWORD_VERIFIER");
        }
        let mut wall: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); kinds.len()];
        let mut cpu = wall.clone();
        for round in 0..rounds {
            for k in 0..kinds.len() {
                let k = (k + round) % kinds.len();
                let (t, c) = (Instant::now(), thread_cpu());
                black_box(server.dispatch("InitiateAuth", &requests[k]).unwrap());
                cpu[k].push(thread_cpu().saturating_sub(c));
                wall[k].push(t.elapsed());
            }
        }
        let wall: Vec<f64> = wall.into_iter().map(median).collect();
        let cpu: Vec<f64> = cpu.into_iter().map(median).collect();
        println!(
            "pool of {n} users (filled in {:.2} s), median of {rounds} InitiateAuth calls each:",
            filled.as_secs_f64()
        );
        for k in 0..kinds.len() {
            println!(
                "  {:<15} thread CPU {:8.1} us ({:.3} x known username), wall {:8.1} us ({:.3} x)",
                kinds[k],
                cpu[k],
                cpu[k] / cpu[0],
                wall[k],
                wall[k] / wall[0]
            );
        }
    }
}
