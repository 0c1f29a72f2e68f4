//! `login` at a terminal: the password and every answer typed at prompts on a pseudo-terminal (driven
//! by `support/pty_drive.py`), with no `--*-stdin` option. Covers the hidden password prompt, the MFA
//! code prompt, the SELECT_MFA_TYPE menu (a wrong choice, then a right one) and NEW_PASSWORD_REQUIRED's
//! new password asked twice (a mismatch, then a match) with a required attribute asked by name.
//! Network: loopback only.

mod support;

use std::process::{Command, Output};

use cognito_srp_core::totp::TotpSecret;
use cognito_srp_test_support::{temp_dir, text, unix_time};
use support::{BIN, RFC6238_SECRET, assert_exit, assert_ok, optional_mfa_pool, run, serve};

const POOL: &str = "us-east-1_TermPool01";
const PW: &str = "Term-Pass-123!";
const NEW_PW: &str = "Term-New-Pass-456!";
/// Typed once the prompt has turned the terminal's echo off (see `support/pty_drive.py`).
const HIDDEN_PW: &str = "@hidden:Term-Pass-123!";
const HIDDEN_NEW_PW: &str = "@hidden:Term-New-Pass-456!";

/// tom and sol (an authenticator; sol also SMS), and newbie, who must choose a password; `name` is
/// required.
fn config() -> String {
    let newbie = format!(
        r#"
[[pools.users]]
username = "newbie"
password = "{PW}"
status = "FORCE_CHANGE_PASSWORD"
"#
    );
    optional_mfa_pool(
        POOL,
        r#"required_attributes = ["name"]"#,
        "term-client",
        PW,
        &newbie,
    )
}

/// `login` for `user` on a pseudo-terminal, answering `steps` ([prompt, answer] pairs) in order; an
/// answer of `None` only waits for the text.
fn at_terminal(url: &str, user: &str, steps: &[(&str, Option<&str>)]) -> Output {
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/pty_drive.py");
    let steps: Vec<(&str, Option<&str>)> = steps.to_vec();
    let mut cmd = Command::new("python3");
    cmd.arg(script)
        .arg(serde_json::to_string(&steps).unwrap())
        .arg(BIN)
        .args([
            "login",
            "--pool-id",
            POOL,
            "--client-id",
            "term-client",
            "--username",
            user,
            "--endpoint",
            url,
        ]);
    support::clear_aws_and_proxy_vars(&mut cmd)
        .output()
        .unwrap()
}

/// The code of the next TOTP step: accepted (one step either side) and not used by an earlier sign-in.
fn next_code() -> String {
    TotpSecret::from_base32(RFC6238_SECRET)
        .unwrap()
        .code_at((unix_time() / 30 + 1) * 30)
}

fn signed_in(transcript: &str) -> bool {
    transcript.contains("\"AccessToken\"") && transcript.contains("\"IdToken\"")
}

#[test]
fn password_and_totp_code_typed_at_prompts() {
    let dir = temp_dir("term-totp");
    let s = serve(&dir, &config());
    let code = next_code();
    let out = at_terminal(
        &s.url,
        "tom",
        &[
            ("Password: ", Some(HIDDEN_PW)),
            ("authenticator app (TOTP) code: ", Some(&code)),
        ],
    );
    let transcript = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{transcript}");
    assert!(signed_in(&transcript), "{transcript}");
    // The password prompt does not echo; the code prompt does (it is a one-time code).
    assert!(!transcript.contains(PW), "{transcript}");
    assert!(transcript.contains(&code), "{transcript}");
}

#[test]
fn select_mfa_type_menu_refuses_a_wrong_choice_then_takes_a_right_one() {
    let dir = temp_dir("term-select");
    let s = serve(&dir, &config());
    let code = next_code();
    let out = at_terminal(
        &s.url,
        "sol",
        &[
            ("Password: ", Some(HIDDEN_PW)),
            ("Choose how to receive the sign-in code:", None),
            ("1-2: ", Some("9")),
            ("Type a number from 1 to 2.", None),
            ("1-2: ", Some("@menu:SOFTWARE_TOKEN_MFA")),
            ("authenticator app (TOTP) code: ", Some(&code)),
        ],
    );
    let transcript = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{transcript}");
    assert!(signed_in(&transcript), "{transcript}");
    assert!(transcript.contains("(SMS_MFA)"), "{transcript}");
}

#[test]
fn new_password_asked_twice_and_required_attribute_by_name() {
    let dir = temp_dir("term-newpw");
    let s = serve(&dir, &config());
    let out = at_terminal(
        &s.url,
        "newbie",
        &[
            ("Password: ", Some(HIDDEN_PW)),
            ("The service requires a new password.", None),
            ("New password: ", Some(HIDDEN_NEW_PW)),
            ("New password again: ", Some("@hidden:Something-Else-789!")),
            ("The passwords differ; try again.", None),
            ("New password: ", Some(HIDDEN_NEW_PW)),
            ("New password again: ", Some(HIDDEN_NEW_PW)),
            ("name: ", Some("Newbie Doe")),
        ],
    );
    let transcript = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{transcript}");
    assert!(signed_in(&transcript), "{transcript}");
    assert!(!transcript.contains(NEW_PW), "{transcript}");

    // The new password is the one that now signs in; the old one is refused.
    let args = |pw_user: &'static str| {
        vec![
            "login",
            "--pool-id",
            POOL,
            "--client-id",
            "term-client",
            "--username",
            pw_user,
            "--password-stdin",
            "--endpoint",
        ]
    };
    let mut with_new = args("newbie");
    with_new.push(&s.url);
    let ok = run(&with_new, &format!("{NEW_PW}\n"), &[]);
    assert_ok(&ok);
    let old = run(&with_new, &format!("{PW}\n"), &[]);
    assert_exit(&old, 3);
}
