//! Cognito's lockout after failed passwords, over HTTP: five wrong passwords lock the sign-in name, the
//! lock refuses even the right password, doubles with each further failure up to its cap, runs out on the
//! server's lockout clock (a `ManualClock` here, so nothing sleeps), and a correct password clears the
//! count. Unknown names are locked exactly as known ones (`enumeration.rs` compares their answers).

use std::sync::Arc;
use std::time::Duration;

use cognito_srp_server::{Config, LockoutConfig, ManualClock, TestServer, UserConfig};
use cognito_srp_test_support::{Answer, one_pool, pool_of, srp_for, srp_steps, user_with};
use serde_json::Value;

const POOL: &str = "us-east-1_Lock1";
const ALICE: &str = "Alice-Pass-1";
const BOB: &str = "Bob-Pass-1";
const INCORRECT: &[u8] =
    br#"{"__type":"NotAuthorizedException","message":"Incorrect username or password."}"#;
const LOCKED: &[u8] =
    br#"{"__type":"NotAuthorizedException","message":"Password attempts exceeded"}"#;

fn server(lockout: LockoutConfig) -> (TestServer, Arc<ManualClock>) {
    let alice = user_with("alice", ALICE, &[("email", "alice@example.com")]);
    let mut pool = pool_of(POOL, &["c"], [alice, UserConfig::new("bob", BOB)]);
    pool.alias_attributes = vec!["email".into()];
    let s = TestServer::start(Config {
        lockout,
        ..one_pool(pool)
    })
    .unwrap();
    let clock = Arc::new(ManualClock::new());
    s.server().set_lockout_clock(clock.clone());
    (s, clock)
}

/// InitiateAuth (USER_SRP_AUTH) for `name` over HTTP, then the PASSWORD_VERIFIER answer with
/// `password`: the tokens, or the refusal as it came.
fn attempt(s: &TestServer, name: &str, password: &str) -> Result<Value, Answer> {
    srp_steps(s, "c", srp_for(POOL, "c", name), password)
        .unwrap()
        .answer
}

fn assert_refused(a: &Result<Value, Answer>, body: &[u8], what: &str) {
    let a = a.as_ref().expect_err(what);
    assert_eq!(a.status, 400, "{what}");
    assert_eq!(
        a.error_type.as_deref(),
        Some("NotAuthorizedException"),
        "{what}"
    );
    assert_eq!(a.body, body, "{what}: {}", a.text());
}

fn assert_signed_in(a: &Result<Value, Answer>, what: &str) {
    let tokens = a.as_ref().unwrap_or_else(|e| panic!("{what}: {e:?}"));
    assert!(
        tokens["AuthenticationResult"]["AccessToken"].is_string(),
        "{what}"
    );
}

fn secs(s: u64) -> Duration {
    Duration::from_secs(s)
}

#[test]
fn five_wrong_passwords_lock_even_the_right_one_until_the_lock_runs_out() {
    let (s, clock) = server(LockoutConfig::default());
    for i in 1..=5 {
        assert_refused(
            &attempt(&s, "alice", "wrong"),
            INCORRECT,
            &format!("wrong {i}"),
        );
    }
    let locked = attempt(&s, "alice", ALICE);
    assert_refused(&locked, LOCKED, "right password while locked");
    // The lock refused it without the proof being checked: no password verified, one lock refusal.
    let stats = s.server().stats();
    assert_eq!((stats.password_verified, stats.locked_out), (0, 1));
    clock.advance(secs(1));
    assert_signed_in(&attempt(&s, "alice", ALICE), "after the lock");
    // The sign-in cleared the count: four more wrong passwords do not lock.
    for i in 1..=4 {
        assert_refused(
            &attempt(&s, "alice", "wrong"),
            INCORRECT,
            &format!("again {i}"),
        );
    }
    assert_signed_in(
        &attempt(&s, "alice", ALICE),
        "four failures after a sign-in",
    );
}

#[test]
fn each_further_failure_doubles_the_lock_up_to_the_cap() {
    let (s, clock) = server(LockoutConfig {
        max_lock_seconds: 4,
        ..LockoutConfig::default()
    });
    for _ in 0..5 {
        assert_refused(&attempt(&s, "alice", "wrong"), INCORRECT, "free attempts");
    }
    // Locked for 1 s, then 2, then 4, then 4 again (the cap): each lock still refuses the right
    // password 1 s before its end, and a wrong one right after its end starts the next.
    for lock in [1, 2, 4] {
        clock.advance(secs(lock - 1));
        let what = format!("{lock} s lock, 1 s before its end");
        assert_refused(&attempt(&s, "alice", ALICE), LOCKED, &what);
        clock.advance(secs(1));
        let what = format!("after the {lock} s lock");
        assert_refused(&attempt(&s, "alice", "wrong"), INCORRECT, &what);
    }
    clock.advance(secs(3));
    assert_refused(&attempt(&s, "alice", ALICE), LOCKED, "capped lock");
    clock.advance(secs(1));
    assert_signed_in(&attempt(&s, "alice", ALICE), "after the capped lock");
}

#[test]
fn an_alias_reaches_the_same_lock_and_other_users_are_not_affected() {
    let (s, _clock) = server(LockoutConfig::default());
    for _ in 0..5 {
        assert_refused(&attempt(&s, "alice", "wrong"), INCORRECT, "wrong");
    }
    assert_refused(&attempt(&s, "alice", ALICE), LOCKED, "by username");
    assert_refused(&attempt(&s, "alice@example.com", ALICE), LOCKED, "by alias");
    assert_signed_in(&attempt(&s, "bob", BOB), "another user");
}

#[test]
fn a_locked_name_outlasts_names_that_fill_the_table() {
    let (s, _clock) = server(LockoutConfig {
        max_tracked: 2,
        ..LockoutConfig::default()
    });
    for _ in 0..5 {
        assert_refused(&attempt(&s, "alice", "wrong"), INCORRECT, "wrong");
    }
    for name in ["mallory", "trent", "eve", "bob"] {
        assert_refused(&attempt(&s, name, "wrong"), INCORRECT, name);
    }
    assert_refused(&attempt(&s, "alice", ALICE), LOCKED, "still locked");
}

#[test]
fn made_up_names_cannot_reset_a_real_users_count() {
    // A table of 16 names stands for the default 10,000: four wrong guesses, then more answers under
    // made-up names than the table holds, then one more guess must lock.
    let (s, _clock) = server(LockoutConfig {
        max_tracked: 16,
        ..LockoutConfig::default()
    });
    for i in 1..=4 {
        assert_refused(
            &attempt(&s, "alice", "wrong"),
            INCORRECT,
            &format!("guess {i}"),
        );
    }
    for i in 0..40 {
        let name = format!("made-up-{i}");
        assert_refused(&attempt(&s, &name, "wrong"), INCORRECT, &name);
    }
    assert_refused(&attempt(&s, "alice", "wrong"), INCORRECT, "guess 5");
    assert_refused(
        &attempt(&s, "alice", ALICE),
        LOCKED,
        "locked after five guesses",
    );
}

#[test]
fn a_disabled_lockout_never_locks() {
    let (s, _clock) = server(LockoutConfig {
        enabled: false,
        ..LockoutConfig::default()
    });
    for i in 1..=10 {
        assert_refused(
            &attempt(&s, "alice", "wrong"),
            INCORRECT,
            &format!("wrong {i}"),
        );
    }
    assert_signed_in(&attempt(&s, "alice", ALICE), "no lockout");
    assert_eq!(s.server().stats().locked_out, 0);
}
