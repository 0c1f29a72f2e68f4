//! What the CLI's integration tests share beyond `cognito-srp-test-support`: the binary under test (its
//! path is known only here), its `serve` on loopback, runs with a clean AWS environment, `login`
//! argument lists, and the configuration most tests serve.

#![allow(dead_code)]

use std::io::{BufRead as _, BufReader, Write as _};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use cognito_srp_test_support::{Serve, text};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_cognito-srp");

/// The pool id every configuration below uses.
pub const POOL: &str = "us-east-1_LoginPool1";

/// A configuration with a plain client, a secret client, a user and a user who must change password.
pub const CONFIG: &str = r#"
[[pools]]
id = "us-east-1_LoginPool1"
alias_attributes = ["email"]
[[pools.clients]]
id = "plain"
[[pools.clients]]
id = "secret"
secret = "login-client-secret"
[[pools.users]]
username = "alice"
password = "Alice-Pass-1"
attributes = { email = "alice@example.com" }
[[pools.users]]
username = "newbie"
password = "Newbie-Pass-1"
status = "FORCE_CHANGE_PASSWORD"
"#;

/// [`CONFIG`] with the lines `pool_settings` added to its pool.
pub fn config_with(pool_settings: &str) -> String {
    let (pool, rest) = CONFIG.split_at(CONFIG.find("[[pools.clients]]").unwrap());
    format!("{pool}{pool_settings}\n{rest}")
}

/// `alice`'s password in [`CONFIG`], as a line on standard input.
pub const ALICE: &str = "Alice-Pass-1\n";

/// RFC 6238's SHA-1 key "12345678901234567890", in base32.
pub const RFC6238_SECRET: &str = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

/// A pool `pool_id` with optional MFA, the further pool settings `settings`, one app client
/// `client_id`, and users with `password`: `tom` (SOFTWARE_TOKEN_MFA) and `sol` (SMS_MFA and
/// SOFTWARE_TOKEN_MFA, phone +15550101), both with an authenticator on [`RFC6238_SECRET`], then the
/// `[[pools.users]]` entries `more_users`.
pub fn optional_mfa_pool(
    pool_id: &str,
    settings: &str,
    client_id: &str,
    password: &str,
    more_users: &str,
) -> String {
    format!(
        r#"
[[pools]]
id = "{pool_id}"
mfa = "optional"
{settings}
[[pools.clients]]
id = "{client_id}"
[[pools.users]]
username = "tom"
password = "{password}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "{RFC6238_SECRET}"
[[pools.users]]
username = "sol"
password = "{password}"
mfa = ["SMS_MFA", "SOFTWARE_TOKEN_MFA"]
totp_secret = "{RFC6238_SECRET}"
attributes = {{ phone_number = "+15550101" }}
{more_users}"#
    )
}

/// `login` as `user` of `pool` through the client `client`, the password on standard input, against
/// `endpoint`.
pub fn login_as<'a>(
    pool: &'a str,
    client: &'a str,
    user: &'a str,
    endpoint: &'a str,
) -> Vec<&'a str> {
    vec![
        "login",
        "--pool-id",
        pool,
        "--client-id",
        client,
        "--username",
        user,
        "--password-stdin",
        "--endpoint",
        endpoint,
    ]
}

/// `login` as `alice` of [`POOL`] through the client `plain`, the password on standard input, against
/// `endpoint`, with `extra` arguments.
pub fn login_args<'a>(endpoint: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = login_as(POOL, "plain", "alice", endpoint);
    v.extend_from_slice(extra);
    v
}

/// `refresh` in [`POOL`] through the client `client` against `endpoint` (the token on standard input),
/// with `extra` arguments.
pub fn refresh_args<'a>(client: &'a str, endpoint: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec![
        "refresh",
        "--pool-id",
        POOL,
        "--client-id",
        client,
        "--endpoint",
        endpoint,
    ];
    v.extend_from_slice(extra);
    v
}

/// Asserts that `out` exited with status 0, showing its standard error otherwise.
#[track_caller]
pub fn assert_ok(out: &Output) {
    assert!(out.status.success(), "{}", text(&out.stderr));
}

/// Asserts that `out` exited with `code`, showing its standard error otherwise.
#[track_caller]
pub fn assert_exit(out: &Output, code: i32) {
    assert_eq!(out.status.code(), Some(code), "{}", text(&out.stderr));
}

/// Asserts that `out`'s standard error contains `needle`, showing it otherwise.
#[track_caller]
pub fn assert_stderr_has(out: &Output, needle: &str) {
    assert!(text(&out.stderr).contains(needle), "{}", text(&out.stderr));
}

/// Whether `s` has the shape of a JWT: three dot-separated parts, no whitespace.
pub fn is_jwt(s: &str) -> bool {
    s.split('.').count() == 3 && !s.contains(char::is_whitespace)
}

/// Starts `serve` on a free loopback port with `config`.
pub fn serve(dir: &Path, config: &str) -> Serve {
    serve_with(dir, config, &[])
}

/// [`serve`] with more `serve` arguments (`--allow-non-loopback` to accept a request reaching it
/// through a proxy under another host name).
pub fn serve_with(dir: &Path, config: &str, extra: &[&str]) -> Serve {
    serve_on(dir, config, "127.0.0.1:0", extra)
}

/// [`serve_with`] on the address `listen` (to restart a server where its clients expect it).
pub fn serve_on(dir: &Path, config: &str, listen: &str, extra: &[&str]) -> Serve {
    Serve::start(BIN, dir, config, listen, extra)
}

/// Every variable that could send a request elsewhere than the test means.
pub const AWS_AND_PROXY_VARS: &[&str] = &[
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
    "NO_PROXY",
    "no_proxy",
    "AWS_ENDPOINT_URL",
    "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
    "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS",
    "AWS_REGION",
    "AWS_DEFAULT_REGION",
    "COGNITO_CLIENT_SECRET",
];

/// Removes [`AWS_AND_PROXY_VARS`] from `cmd`'s environment.
pub fn clear_aws_and_proxy_vars(cmd: &mut Command) -> &mut Command {
    for v in AWS_AND_PROXY_VARS {
        cmd.env_remove(v);
    }
    cmd
}

/// Starts the binary with `args`, the AWS and proxy variables cleared, `env` set and the standard
/// streams piped.
fn spawn(args: &[&str], env: &[(&str, &str)]) -> Child {
    let mut cmd = Command::new(BIN);
    clear_aws_and_proxy_vars(cmd.args(args)).envs(env.iter().copied());
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Runs the binary with `args`, `stdin` as standard input, the AWS and proxy variables cleared and then
/// `env` set (no lookup of EC2 instance metadata).
pub fn run(args: &[&str], stdin: &str, env: &[(&str, &str)]) -> Output {
    let env: Vec<(&str, &str)> = [("AWS_EC2_METADATA_DISABLED", "true")]
        .into_iter()
        .chain(env.iter().copied())
        .collect();
    let mut child = spawn(args, &env);
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

/// A `login` run that answers on standard input as it goes: `password` first, then each line
/// `next(stderr so far)` returns, as soon as it returns one.
pub fn login_interactive(
    args: &[&str],
    password: &str,
    env: &[(&str, &str)],
    mut next: impl FnMut(&str) -> Option<String>,
    answers: usize,
) -> Output {
    let mut child = spawn(args, env);
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{password}").unwrap();
    let err_pipe = child.stderr.take().unwrap();
    let seen = Arc::new(Mutex::new(String::new()));
    let reader = {
        let seen = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut r = BufReader::new(err_pipe);
            let mut line = String::new();
            while r.read_line(&mut line).unwrap_or(0) > 0 {
                seen.lock().unwrap().push_str(&line);
                line.clear();
            }
        })
    };
    let mut given = 0;
    for _ in 0..600 {
        if given == answers {
            break;
        }
        let text = seen.lock().unwrap().clone();
        if let Some(answer) = next(&text) {
            let _ = writeln!(stdin, "{answer}");
            given += 1;
        } else {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
    drop(stdin);
    let mut out = child.wait_with_output().unwrap();
    reader.join().unwrap();
    out.stderr = seen.lock().unwrap().clone().into_bytes();
    out
}
