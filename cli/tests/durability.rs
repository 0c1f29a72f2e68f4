//! `serve --state`: every answered change survives SIGKILL. A device is confirmed and a refresh token
//! issued; then clients sign users up, confirm them, sign them in and change their passwords, and add
//! users as an administrator, while the server is killed with SIGKILL in the middle of it. After a
//! restart on the same file every change that was answered is there (each answered request checked),
//! the device signs in through device SRP and the refresh tokens work. A truncated or foreign file is
//! refused and left unchanged.

mod support;

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use cognito_srp_test_support::{operation_head, temp_dir, try_raw};
use serde_json::{Value, json};
use support::{
    ALICE, CONFIG, POOL, assert_exit, assert_ok, assert_stderr_has, login_args, refresh_args, run,
    serve_on,
};

/// Clients sending changes at once.
const WORKERS: usize = 4;
/// How long the changes run before the kill.
const LOAD: Duration = Duration::from_millis(2500);

/// A well-formed SigV4 header: no credentials are configured, so its form is all that is checked.
const SIGV4: &str = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261207/us-east-1/cognito-idp/aws4_request, SignedHeaders=host;x-amz-date, Signature=0000000000000000000000000000000000000000000000000000000000000000";

/// One request; `None` when no complete answer came back (the request was not acknowledged).
fn call(addr: &str, op: &str, body: &Value) -> Option<(u16, Value)> {
    let admin = if op.starts_with("Admin") {
        format!("Authorization: {SIGV4}\r\nX-Amz-Date: 20261207T000000Z\r\n")
    } else {
        String::new()
    };
    let body = body.to_string();
    let head = operation_head(addr, op, &admin, body.len());
    let answer = try_raw(addr, head.as_bytes(), body.as_bytes()).ok()?;
    let value = serde_json::from_slice(&answer.body).ok()?;
    Some((answer.status, value))
}

/// What was acknowledged for one user, in the order it was sent.
#[derive(Default, Clone, Debug)]
struct Account {
    username: String,
    signed_up: bool,
    created_by_admin: bool,
    confirmed: bool,
    /// Passwords that may be the user's now: the last acknowledged one, and the one of a change sent
    /// but not answered (it may or may not have been made).
    passwords: Vec<String>,
    /// The password an acknowledged change replaced: it must be refused.
    replaced: Option<String>,
    /// Refresh tokens of acknowledged sign-ins.
    refresh_tokens: Vec<String>,
}

#[derive(Default)]
struct Tally {
    sent: usize,
    acknowledged: usize,
    /// Answered with an error: none should be.
    refused: usize,
}

fn ok(answer: &Option<(u16, Value)>) -> bool {
    matches!(answer, Some((200, _)))
}

/// One client's loop until a request goes unanswered (the server was killed): sign up, confirm, sign
/// in, change the password; and every other round a user created by an administrator.
fn worker(addr: &str, w: usize, accounts: &Mutex<Vec<Account>>, tally: &Mutex<Tally>) {
    let send = |op: &str, body: Value| {
        let a = call(addr, op, &body);
        let mut t = tally.lock().unwrap();
        t.sent += 1;
        match &a {
            Some((200, _)) => t.acknowledged += 1,
            Some(_) => t.refused += 1,
            None => {}
        }
        a
    };
    for i in 0.. {
        let username = format!("user-{w}-{i}");
        let first = format!("First-{w}-{i}!");
        let second = format!("Second-{w}-{i}!");
        let mut acct = Account {
            username: username.clone(),
            ..Account::default()
        };
        let record = |a: &Account| accounts.lock().unwrap().push(a.clone());
        let up = send(
            "SignUp",
            json!({"ClientId": "plain", "Username": username, "Password": first}),
        );
        if !ok(&up) {
            return;
        }
        acct.signed_up = true;
        acct.passwords.push(first.clone());
        record(&acct);
        let done = |a: &Account| {
            let mut all = accounts.lock().unwrap();
            let slot = all.iter_mut().rev().find(|x| x.username == a.username);
            *slot.expect("recorded") = a.clone();
        };
        if !ok(&send(
            "AdminConfirmSignUp",
            json!({"UserPoolId": POOL, "Username": username}),
        )) {
            return;
        }
        acct.confirmed = true;
        done(&acct);
        let signed_in = send(
            "InitiateAuth",
            json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "plain",
                   "AuthParameters": {"USERNAME": username, "PASSWORD": first}}),
        );
        let Some((200, tokens)) = signed_in else {
            return;
        };
        let result = &tokens["AuthenticationResult"];
        acct.refresh_tokens
            .push(result["RefreshToken"].as_str().unwrap().to_owned());
        done(&acct);
        // Recorded before it is sent: if no answer comes, either password may be in force.
        acct.passwords.push(second.clone());
        done(&acct);
        let changed = send(
            "ChangePassword",
            json!({"AccessToken": result["AccessToken"], "PreviousPassword": first,
                   "ProposedPassword": second}),
        );
        if !ok(&changed) {
            return;
        }
        acct.replaced = Some(acct.passwords.remove(0));
        done(&acct);
        if i % 2 == 0 {
            let admin_made = format!("admin-{w}-{i}");
            let made = send(
                "AdminCreateUser",
                json!({"UserPoolId": POOL, "Username": admin_made,
                       "TemporaryPassword": format!("Temp-{w}-{i}!"), "MessageAction": "SUPPRESS"}),
            );
            if !ok(&made) {
                return;
            }
            record(&Account {
                username: admin_made,
                created_by_admin: true,
                ..Account::default()
            });
        }
    }
}

/// Checks every acknowledged change of `a` against the restarted server; returns how many it checked.
fn check(addr: &str, a: &Account) -> usize {
    let mut checked = 0;
    let (status, user) = call(
        addr,
        "AdminGetUser",
        &json!({"UserPoolId": POOL, "Username": a.username}),
    )
    .expect("an answer");
    assert_eq!(status, 200, "{} lost: {user}", a.username);
    checked += 1;
    if a.created_by_admin {
        assert_eq!(user["UserStatus"], "FORCE_CHANGE_PASSWORD", "{user}");
        return checked;
    }
    if a.confirmed {
        assert_eq!(user["UserStatus"], "CONFIRMED", "{}: {user}", a.username);
        checked += 1;
        let works = a.passwords.iter().any(|pw| {
            ok(&call(
                addr,
                "InitiateAuth",
                &json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "plain",
                        "AuthParameters": {"USERNAME": a.username, "PASSWORD": pw}}),
            ))
        });
        assert!(works, "{}: none of {:?} signs in", a.username, a.passwords);
        if let Some(old) = &a.replaced {
            let refused = call(
                addr,
                "InitiateAuth",
                &json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": "plain",
                        "AuthParameters": {"USERNAME": a.username, "PASSWORD": old}}),
            );
            assert!(
                matches!(&refused, Some((400, e)) if e["__type"] == "NotAuthorizedException"),
                "{}: the replaced password: {refused:?}",
                a.username
            );
            checked += 1;
        }
    }
    for rt in &a.refresh_tokens {
        let refreshed = call(
            addr,
            "InitiateAuth",
            &json!({"AuthFlow": "REFRESH_TOKEN_AUTH", "ClientId": "plain",
                    "AuthParameters": {"REFRESH_TOKEN": rt}}),
        );
        assert!(ok(&refreshed), "{}: refresh {refreshed:?}", a.username);
        checked += 1;
    }
    checked
}

#[test]
fn every_answered_change_survives_sigkill() {
    let dir = temp_dir("durability");
    let state = dir.join("state.db");
    let state_arg = state.to_str().unwrap();
    let first = serve_on(&dir, CONFIG, "127.0.0.1:0", &["--state", state_arg]);
    let addr = first.addr.clone();
    let url = first.url.clone();

    // A confirmed device and a refresh token, before the load.
    let device_file = dir.join("device.json");
    let device_arg = device_file.to_str().unwrap();
    let login = run(
        &login_args(&url, &["--device-file", device_arg]),
        ALICE,
        &[],
    );
    assert_ok(&login);
    assert_stderr_has(&login, "confirmed");
    let tokens: Value = serde_json::from_slice(&login.stdout).unwrap();
    let alice_refresh = format!("{}\n", tokens["RefreshToken"].as_str().unwrap());
    let refresh_alice = refresh_args(
        "plain",
        &url,
        &["--device-file", device_arg, "--output", "id-token"],
    );
    let refreshed = run(&refresh_alice, &alice_refresh, &[]);
    assert_ok(&refreshed);

    // The load, killed in the middle: each client goes on until a request of its own is unanswered.
    let accounts = Arc::new(Mutex::new(Vec::new()));
    let tally = Arc::new(Mutex::new(Tally::default()));
    let workers: Vec<_> = (0..WORKERS)
        .map(|w| {
            let (addr, accounts, tally) = (addr.clone(), accounts.clone(), tally.clone());
            std::thread::spawn(move || worker(&addr, w, &accounts, &tally))
        })
        .collect();
    std::thread::sleep(LOAD);
    first.kill();
    let killed_at = Instant::now();
    for w in workers {
        w.join().unwrap();
    }
    assert!(killed_at.elapsed() < Duration::from_secs(35));
    let (sent, acknowledged) = {
        let t = tally.lock().unwrap();
        assert_eq!(t.refused, 0, "answered requests that were refused");
        (t.sent, t.acknowledged)
    };

    // The same file, the same address.
    let second = serve_on(&dir, CONFIG, &addr, &["--state", state_arg]);
    let accounts = accounts.lock().unwrap().clone();
    let checked: usize = accounts.iter().map(|a| check(&second.addr, a)).sum();
    let login = run(
        &login_args(&url, &["--device-file", device_arg]),
        ALICE,
        &[],
    );
    assert_ok(&login);
    assert_stderr_has(&login, "device SRP");
    let refreshed = run(&refresh_alice, &alice_refresh, &[]);
    assert_ok(&refreshed);
    eprintln!(
        "durability: {sent} changes sent, {acknowledged} acknowledged before SIGKILL, {} users \
         checked after the restart ({checked} checks), all found; device SRP and refresh work",
        accounts.len()
    );
    // Each client's last request went unanswered: the kill came in the middle of the load.
    assert!(acknowledged > 0 && sent >= acknowledged + WORKERS);
    drop(second);

    // A truncated file and a foreign one are refused and left as they are.
    let bytes = std::fs::read(&state).unwrap();
    let truncated = dir.join("truncated.db");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    let foreign = dir.join("foreign.db");
    std::fs::write(&foreign, "pools = []\n").unwrap();
    for (file, why) in [
        (&truncated, "damaged"),
        (&foreign, "not a cognito-srp state file"),
    ] {
        let before = std::fs::read(file).unwrap();
        let out = run(
            &[
                "serve",
                "--listen",
                "127.0.0.1:0",
                "--state",
                file.to_str().unwrap(),
            ],
            "",
            &[],
        );
        assert_exit(&out, 2);
        assert_stderr_has(&out, why);
        assert_eq!(std::fs::read(file).unwrap(), before);
    }
}
