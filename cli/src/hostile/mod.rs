//! `cognito-srp hostile`: hostile clients against a running server. After each case a normal sign-in
//! must complete within [`PROMPT`], and, when `--pid` names the server process, that process must still
//! be running. Prints `ok CASE` / `not ok CASE: why` and `N passed, M failed`.
//!
//! The cases: [`transport`] (the HTTP front end: sizes, slow and idle connections, malformed requests,
//! floods of sign-ins) and [`operations`] (every operation the server answers, the account lifecycle
//! and the admin gate).

use std::net::SocketAddr;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use crate::client::{Account, HttpTransport};

mod operations;
mod transport;

/// How long the sign-in after a case may take.
pub const PROMPT: Duration = Duration::from_secs(10);

/// One case: its name and the attack, which returns a detail or why it failed.
type Case<'a> = (String, Box<dyn FnOnce() -> Result<String, String> + 'a>);

pub(crate) fn timed_sign_in(addr: SocketAddr, account: &Account) -> Result<String, String> {
    let t = Instant::now();
    let (done, wait) = std::sync::mpsc::channel();
    let account = account.clone();
    // On its own thread, so a server that never answers costs PROMPT, not the whole run.
    std::thread::spawn(move || {
        let r = HttpTransport::open(addr).and_then(|c| account.sign_in(&c));
        let _ = done.send(r);
    });
    wait.recv_timeout(PROMPT)
        .map_err(|_| format!("no sign-in within {} s", PROMPT.as_secs()))??;
    Ok(format!(
        "sign-in in {:.1} ms",
        t.elapsed().as_secs_f64() * 1000.0
    ))
}

/// Whether the process `pid` is running: `/proc/<pid>/stat` exists and its state is not `Z` (a zombie
/// has exited).
fn alive(pid: Option<u32>) -> bool {
    pid.is_none_or(|p| {
        std::fs::read_to_string(format!("/proc/{p}/stat")).is_ok_and(|stat| {
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().next())
                .is_some_and(|state| state != "Z")
        })
    })
}

/// Runs every case against `addr`; exit code 0 when all passed.
pub fn run(addr: SocketAddr, pid: Option<u32>, account: &Account) -> ExitCode {
    let (mut passed, mut failed) = (0, 0);
    let mut check = |name: &str, r: Result<String, String>| match r {
        Ok(d) => {
            passed += 1;
            println!("ok {name} ({d})");
        }
        Err(e) => {
            failed += 1;
            println!("not ok {name}: {e}");
        }
    };
    check(
        "a normal sign-in before any case",
        timed_sign_in(addr, account),
    );
    let cases = transport::cases(addr, account)
        .into_iter()
        .chain(operations::cases(addr, account));
    for (name, attack) in cases {
        let r = attack();
        check(&name, r);
        let after = timed_sign_in(addr, account).and_then(|d| {
            if alive(pid) {
                Ok(d)
            } else {
                Err("the server process is gone".into())
            }
        });
        check(&format!("{name}: then a normal sign-in succeeds"), after);
    }
    println!("{passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
