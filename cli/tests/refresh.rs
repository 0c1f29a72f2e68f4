//! `refresh` as scripts use it: the refresh token read from standard input, `SECRET_HASH` for a client
//! with a secret, and the device file's key sent along. Network: loopback only.

mod support;

use cognito_srp_test_support::{jwt_claims, temp_dir, text};
use serde_json::Value;
use support::{
    ALICE, CONFIG, POOL, assert_exit, assert_ok, assert_stderr_has, is_jwt, login_args, login_as,
    refresh_args, run, serve,
};

#[test]
fn refresh_from_stdin() {
    let dir = temp_dir("refresh");
    let s = serve(&dir, CONFIG);
    let first = run(&login_args(&s.url, &[]), ALICE, &[]);
    let v: Value = serde_json::from_slice(&first.stdout).unwrap();
    let rt = format!("{}\n", v["RefreshToken"].as_str().unwrap());
    let refresh = |extra: &[&str], client: &str, token: &str| {
        run(&refresh_args(client, &s.url, extra), token, &[])
    };
    let out = refresh(&["--output", "id-token"], "plain", &rt);
    assert_ok(&out);
    assert!(is_jwt(text(&out.stdout).trim_end()));
    let out = refresh(&[], "plain", "not-a-refresh-token\n");
    assert_exit(&out, 3);
    assert_stderr_has(&out, "NotAuthorizedException: Invalid Refresh Token");

    // A secret client: SECRET_HASH over the username, which must be given.
    let mut secret_login = login_as(POOL, "secret", "alice@example.com", &s.url);
    secret_login.extend_from_slice(&["--client-secret", "login-client-secret"]);
    let secret_login = run(&secret_login, ALICE, &[]);
    assert_ok(&secret_login);
    let v: Value = serde_json::from_slice(&secret_login.stdout).unwrap();
    let srt = format!("{}\n", v["RefreshToken"].as_str().unwrap());
    let out = refresh(&["--client-secret", "login-client-secret"], "secret", &srt);
    assert_exit(&out, 2);
    assert_stderr_has(&out, "pass --username");
    let out = refresh(
        &[
            "--client-secret",
            "login-client-secret",
            "--username",
            "alice",
        ],
        "secret",
        &srt,
    );
    assert_ok(&out);
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["AccessToken"].is_string());
    assert!(v.get("RefreshToken").is_none());
    let out = refresh(
        &["--client-secret", "not-the-secret", "--username", "alice"],
        "secret",
        &srt,
    );
    assert_exit(&out, 3);
}

#[test]
fn refresh_with_the_device_file_sends_its_key() {
    let dir = temp_dir("refresh-device");
    let s = serve(&dir, CONFIG);
    let file = dir.join("device.json");
    let f = file.to_str().unwrap();
    let first = run(&login_args(&s.url, &["--device-file", f]), ALICE, &[]);
    assert_ok(&first);
    let v: Value = serde_json::from_slice(&first.stdout).unwrap();
    let rt = format!("{}\n", v["RefreshToken"].as_str().unwrap());
    let out = run(
        &refresh_args(
            "secret",
            &s.url,
            &[
                "--client-secret",
                "login-client-secret",
                "--device-file",
                f,
                "-v",
            ],
        ),
        &rt,
        &[],
    );
    // The refresh token was issued to the plain client: refused, but the request carried the device's
    // key and a SECRET_HASH over the file's username.
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "InitiateAuth REFRESH_TOKEN_AUTH with DEVICE_KEY, REFRESH_TOKEN, SECRET_HASH, USERNAME"
        ),
        "{err}"
    );
    assert_eq!(out.status.code(), Some(3), "{err}");
    let ok = run(
        &refresh_args(
            "plain",
            &s.url,
            &["--device-file", f, "--output", "access-token"],
        ),
        &rt,
        &[],
    );
    assert_ok(&ok);
    // The new access token names the remembered device.
    let claims = jwt_claims(&text(&ok.stdout));
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(claims["device_key"], stored["device_key"]);
}
