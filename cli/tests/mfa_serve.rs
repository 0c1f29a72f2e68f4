//! Our `login` against `serve` for every MFA challenge `serve` issues: SOFTWARE_TOKEN_MFA, SMS_MFA,
//! EMAIL_OTP, SELECT_MFA_TYPE and MFA_SETUP (AssociateSoftwareToken, VerifySoftwareToken); codes
//! single-use, wrong codes refused with CodeMismatchException. Network: loopback only.

mod support;

use cognito_srp_core::totp::TotpSecret;
use cognito_srp_test_support::{call, get, temp_dir, text, unix_time};
use serde_json::{Value, json};
use support::{
    RFC6238_SECRET, assert_exit, assert_stderr_has, login_as, login_interactive, optional_mfa_pool,
    run, serve,
};

const POOL: &str = "us-east-1_MfaPool01";
const SETUP_POOL: &str = "us-east-1_MfaPool02";
const PW: &str = "Mfa-Pass-123!";

/// [`POOL`]: tom and sol (an authenticator; sol also SMS), tess (an authenticator), sam (SMS), erin
/// (email) and plain (no MFA); [`SETUP_POOL`], where MFA is required and nina has none set up.
fn config() -> String {
    let more_users = format!(
        r#"
[[pools.users]]
username = "tess"
password = "{PW}"
mfa = ["SOFTWARE_TOKEN_MFA"]
totp_secret = "{RFC6238_SECRET}"
[[pools.users]]
username = "sam"
password = "{PW}"
mfa = ["SMS_MFA"]
attributes = {{ phone_number = "+15550100" }}
[[pools.users]]
username = "erin"
password = "{PW}"
mfa = ["EMAIL_OTP"]
attributes = {{ email = "erin@example.com" }}
[[pools.users]]
username = "plain"
password = "{PW}"

[[pools]]
id = "{SETUP_POOL}"
mfa = "on"
[[pools.clients]]
id = "setup-client"
[[pools.users]]
username = "nina"
password = "{PW}"
"#
    );
    optional_mfa_pool(POOL, "", "mfa-client", PW, &more_users)
}

/// The operation `op` over HTTP: the status, and the body as JSON (`null` when it is none).
fn post_json(addr: &str, op: &str, body: &Value) -> (u16, Value) {
    let answer = call(addr, op, body);
    let json = serde_json::from_slice(&answer.body).unwrap_or_default();
    (answer.status, json)
}

/// The codes `serve` lists at `GET /_cognito-srp/codes` for `user`.
fn codes_for(addr: &str, user: &str) -> Vec<Value> {
    get(addr, "/_cognito-srp/codes").json()["Codes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["Username"] == user)
        .cloned()
        .collect()
}

fn signed_in(out: &std::process::Output) -> bool {
    out.status.success()
        && serde_json::from_slice::<Value>(&out.stdout)
            .is_ok_and(|v| v["AccessToken"].is_string() && v["IdToken"].is_string())
}

#[test]
fn software_token_mfa_single_use_and_wrong_code() {
    let dir = temp_dir("mfa-totp");
    let s = serve(&dir, &config());
    let a = login_as(POOL, "mfa-client", "tom", &s.url);
    let mut with_env = a.clone();
    with_env.extend(["--totp-secret-env", "TOTP", "-v"]);
    let ok = run(&with_env, &format!("{PW}\n"), &[("TOTP", RFC6238_SECRET)]);
    assert!(signed_in(&ok), "{}", text(&ok.stderr));
    assert_stderr_has(&ok, "RespondToAuthChallenge SOFTWARE_TOKEN_MFA -> tokens");

    // A code accepted once is refused when presented again. The code is the next time step's (the
    // server accepts one step either side, and no earlier sign-in used that step), so the refusal
    // is about reuse as long as the next step is still within the window at the second sign-in,
    // which the clock check below confirms.
    let secret = TotpSecret::from_base32(RFC6238_SECRET).unwrap();
    let mut stdin_code = a.clone();
    stdin_code.push("--mfa-code-stdin");
    let step = unix_time() / 30;
    let code = secret.code_at((step + 1) * 30);
    let first = run(&stdin_code, &format!("{PW}\n{code}\n"), &[]);
    assert!(signed_in(&first), "{}", text(&first.stderr));
    let again = run(&stdin_code, &format!("{PW}\n{code}\n"), &[]);
    assert!(unix_time() / 30 <= step + 2, "the check took over 30 s");
    assert_exit(&again, 3);
    assert_stderr_has(
        &again,
        "CodeMismatchException: Invalid code received for user",
    );

    // A wrong code for another user.
    let b = {
        let mut b = login_as(POOL, "mfa-client", "tess", &s.url);
        b.push("--mfa-code-stdin");
        b
    };
    let wrong_code = if secret.code_at(unix_time()) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let wrong = run(&b, &format!("{PW}\n{wrong_code}\n"), &[]);
    assert_exit(&wrong, 3);
    assert!(text(&wrong.stderr).contains("CodeMismatchException"));

    // A user without MFA in an optional pool: no challenge.
    let plain = run(
        &login_as(POOL, "mfa-client", "plain", &s.url),
        &format!("{PW}\n"),
        &[],
    );
    assert!(signed_in(&plain), "{}", text(&plain.stderr));
}

#[test]
fn sms_and_email_codes_from_the_outbox() {
    let dir = temp_dir("mfa-sms");
    let s = serve(&dir, &config());
    for (user, challenge, medium, destination) in [
        ("sam", "SMS_MFA", "SMS", "+15550100"),
        ("erin", "EMAIL_OTP", "EMAIL", "erin@example.com"),
    ] {
        let mut a = login_as(POOL, "mfa-client", user, &s.url);
        a.extend(["--mfa-code-stdin", "-v"]);
        let before = codes_for(&s.addr, user).len();
        let out = login_interactive(
            &a,
            PW,
            &[],
            |_| {
                let codes = codes_for(&s.addr, user);
                (codes.len() > before).then(|| codes[before]["Code"].as_str().unwrap().to_owned())
            },
            1,
        );
        assert!(signed_in(&out), "{user}: {}", text(&out.stderr));
        let sent = &codes_for(&s.addr, user)[before];
        assert_eq!(sent["ChallengeName"], challenge);
        assert_eq!(sent["DeliveryMedium"], medium);
        assert_eq!(sent["PoolId"], POOL);
        assert_stderr_has(
            &out,
            &format!("RespondToAuthChallenge {challenge} -> tokens"),
        );
        assert_eq!(sent["Destination"], destination);

        // A code is good for its own challenge only: the same code on a new sign-in is refused.
        let old = sent["Code"].as_str().unwrap().to_owned();
        let reuse = login_interactive(
            &a,
            PW,
            &[],
            |_| {
                let codes = codes_for(&s.addr, user);
                (codes.len() > before + 1 && codes[before + 1]["Code"] != old.as_str())
                    .then(|| old.clone())
            },
            1,
        );
        assert_exit(&reuse, 3);
        assert!(text(&reuse.stderr).contains("CodeMismatchException"));
    }
}

#[test]
fn select_mfa_type_then_totp() {
    let dir = temp_dir("mfa-select");
    let s = serve(&dir, &config());
    let mut a = login_as(POOL, "mfa-client", "sol", &s.url);
    a.extend(["--totp-secret-env", "TOTP", "-v"]);
    let out = run(&a, &format!("{PW}\n"), &[("TOTP", RFC6238_SECRET)]);
    assert!(signed_in(&out), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("SELECT_MFA_TYPE: chose SOFTWARE_TOKEN_MFA of SMS_MFA, SOFTWARE_TOKEN_MFA"),
        "{err}"
    );

    // Choosing SMS instead: the code comes from the outbox.
    let mut b = login_as(POOL, "mfa-client", "sol", &s.url);
    b.extend(["--mfa-type", "sms", "--mfa-code-stdin"]);
    let before = codes_for(&s.addr, "sol").len();
    let out = login_interactive(
        &b,
        PW,
        &[],
        |_| {
            let codes = codes_for(&s.addr, "sol");
            (codes.len() > before).then(|| codes[before]["Code"].as_str().unwrap().to_owned())
        },
        1,
    );
    assert!(signed_in(&out), "{}", text(&out.stderr));
}

#[test]
fn mfa_setup_enrolls_an_authenticator() {
    let dir = temp_dir("mfa-setup");
    let s = serve(&dir, &config());
    let mut a = login_as(SETUP_POOL, "setup-client", "nina", &s.url);
    a.extend(["--mfa-code-stdin", "-v"]);
    let mut secret = String::new();
    let out = login_interactive(
        &a,
        PW,
        &[],
        |err| {
            let line = err
                .lines()
                .find(|l| l.trim_start().starts_with("secret: "))?;
            secret = line.trim_start().trim_start_matches("secret: ").to_owned();
            Some(
                TotpSecret::from_base32(&secret)
                    .unwrap()
                    .code_at(unix_time()),
            )
        },
        1,
    );
    assert!(signed_in(&out), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("MFA_SETUP: AssociateSoftwareToken, VerifySoftwareToken SUCCESS"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "otpauth://totp/AWSCognito:nina?secret={secret}&issuer=AWSCognito"
        )),
        "{err}"
    );
    // Enrolled: the next sign-in asks for SOFTWARE_TOKEN_MFA. The code of the next time step (within
    // the server's one-step window, and not the step just used).
    let code = TotpSecret::from_base32(&secret)
        .unwrap()
        .code_at(unix_time() + 30);
    let mut b = login_as(SETUP_POOL, "setup-client", "nina", &s.url);
    b.extend(["--mfa-code-stdin", "-v"]);
    let next = run(&b, &format!("{PW}\n{code}\n"), &[]);
    assert!(signed_in(&next), "{}", text(&next.stderr));
    assert_stderr_has(&next, "RespondToAuthChallenge SOFTWARE_TOKEN_MFA -> tokens");
}

#[test]
fn enroll_with_an_access_token_and_set_preferences() {
    let dir = temp_dir("mfa-enroll");
    let s = serve(&dir, &config());
    let a = login_as(POOL, "mfa-client", "plain", &s.url);
    let first = run(&a, &format!("{PW}\n"), &[]);
    assert!(signed_in(&first), "{}", text(&first.stderr));
    let access = serde_json::from_slice::<Value>(&first.stdout).unwrap()["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    // No verified authenticator yet: TOTP cannot be turned on.
    let (status, e) = post_json(
        &s.addr,
        "SetUserMFAPreference",
        &json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true}}),
    );
    assert_eq!(
        (status, &e["__type"]),
        (400, &json!("InvalidParameterException")),
        "{e}"
    );
    let (status, assoc) = post_json(
        &s.addr,
        "AssociateSoftwareToken",
        &json!({"AccessToken": access}),
    );
    assert_eq!(status, 200, "{assoc}");
    let secret = assoc["SecretCode"].as_str().unwrap().to_owned();
    let key = TotpSecret::from_base32(&secret).unwrap();
    let wrong = if key.code_at(unix_time()) == "000000" {
        "111111"
    } else {
        "000000"
    };
    let (status, refused) = post_json(
        &s.addr,
        "VerifySoftwareToken",
        &json!({"AccessToken": access, "UserCode": wrong}),
    );
    assert_eq!(status, 400);
    assert_eq!(refused["__type"], "EnableSoftwareTokenMFAException");
    let (status, ok) = post_json(
        &s.addr,
        "VerifySoftwareToken",
        &json!({"AccessToken": access, "UserCode": key.code_at(unix_time())}),
    );
    assert_eq!((status, &ok["Status"]), (200, &json!("SUCCESS")), "{ok}");

    // Now enrolled: sign-in asks SOFTWARE_TOKEN_MFA (the next step's code: the current one was used).
    let mut b = a.clone();
    b.extend(["--mfa-code-stdin", "-v"]);
    let code = key.code_at(unix_time() + 30);
    let mfa = run(&b, &format!("{PW}\n{code}\n"), &[]);
    assert!(signed_in(&mfa), "{}", text(&mfa.stderr));
    assert_stderr_has(&mfa, "RespondToAuthChallenge SOFTWARE_TOKEN_MFA -> tokens");

    // SetUserMFAPreference turns it off: no challenge any more.
    let (status, _) = post_json(
        &s.addr,
        "SetUserMFAPreference",
        &json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": false}}),
    );
    assert_eq!(status, 200);
    let plain = run(&a, &format!("{PW}\n"), &[]);
    assert!(signed_in(&plain), "{}", text(&plain.stderr));
    // And on again: the verified authenticator is still there.
    let (status, e) = post_json(
        &s.addr,
        "SetUserMFAPreference",
        &json!({"AccessToken": access, "SoftwareTokenMfaSettings": {"Enabled": true, "PreferredMfa": true}}),
    );
    assert_eq!(status, 200, "{e}");
}
