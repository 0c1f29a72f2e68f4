//! `login` as scripts use it: where requests go (region, endpoint variables, proxies), `--output`, exit
//! codes with Cognito's error name and request id, and the device-file rules; `login --help` and
//! `refresh --help`. Network: loopback only.

mod support;

use cognito_srp_test_support::{
    dead_end_proxy, error_service, forward_proxy, stub, temp_dir, text,
};
use serde_json::Value;
use support::{
    ALICE, CONFIG, POOL, assert_exit, assert_ok, assert_stderr_has, is_jwt, login_args, run, serve,
    serve_with,
};

#[test]
fn output_formats() {
    let dir = temp_dir("output");
    let s = serve(&dir, CONFIG);
    let id = run(&login_args(&s.url, &["--output", "id-token"]), ALICE, &[]);
    assert_ok(&id);
    let id = text(&id.stdout);
    assert_eq!(id.lines().count(), 1, "{id}");
    assert!(is_jwt(id.trim_end()), "{id}");

    let access = run(
        &login_args(&s.url, &["--output", "access-token"]),
        ALICE,
        &[],
    );
    assert_ok(&access);
    let access = text(&access.stdout);
    assert!(is_jwt(access.trim_end()), "{access}");
    assert_ne!(access, id);

    let env = run(&login_args(&s.url, &["--output", "env"]), ALICE, &[]);
    assert_ok(&env);
    let env = text(&env.stdout);
    let vars: Vec<(&str, &str)> = env
        .lines()
        .map(|l| {
            let (name, value) = l
                .strip_prefix("export ")
                .and_then(|l| l.split_once('='))
                .unwrap_or_else(|| panic!("not an export line: {l:?}"));
            let value = value
                .strip_prefix('\'')
                .and_then(|v| v.strip_suffix('\''))
                .unwrap_or_else(|| panic!("not single-quoted: {l:?}"));
            (name, value)
        })
        .collect();
    let names: Vec<&str> = vars.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        names,
        [
            "COGNITO_ID_TOKEN",
            "COGNITO_ACCESS_TOKEN",
            "COGNITO_REFRESH_TOKEN",
            "COGNITO_TOKEN_TYPE",
            "COGNITO_EXPIRES_IN"
        ]
    );
    assert!(is_jwt(vars[0].1) && is_jwt(vars[1].1));
    assert_eq!(vars[3].1, "Bearer");
    assert_eq!(vars[4].1, "3600");

    // The default is AuthenticationResult as JSON.
    let json = run(&login_args(&s.url, &[]), ALICE, &[]);
    let v: Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(v["TokenType"], "Bearer");
    assert_eq!(v["ExpiresIn"], 3600);
}

#[test]
fn service_errors_show_name_message_and_request_id() {
    let dir = temp_dir("errors");
    let s = serve(&dir, CONFIG);
    let wrong = run(&login_args(&s.url, &[]), "Wrong-Pass-1\n", &[]);
    assert_exit(&wrong, 3);
    let err = text(&wrong.stderr);
    let tail = err
        .split("NotAuthorizedException: Incorrect username or password. (request id ")
        .nth(1)
        .unwrap_or_else(|| panic!("{err}"));
    let id = tail.split(')').next().unwrap();
    assert_eq!(id.len(), 36, "a UUID request id: {err}");
    assert!(wrong.stdout.is_empty());

    // Configuration: an app client the pool does not have.
    let unknown = run(
        &[
            "login",
            "--pool-id",
            POOL,
            "--client-id",
            "no-such-client",
            "--username",
            "alice",
            "--password-stdin",
            "--endpoint",
            &s.url,
        ],
        ALICE,
        &[],
    );
    assert_exit(&unknown, 5);
    assert_stderr_has(&unknown, "ResourceNotFoundException: ");

    // A challenge that cannot be answered here.
    let newbie = run(
        &[
            "login",
            "--pool-id",
            POOL,
            "--client-id",
            "plain",
            "--username",
            "newbie",
            "--password-stdin",
            "--endpoint",
            &s.url,
        ],
        "Newbie-Pass-1\n",
        &[],
    );
    assert_exit(&newbie, 4);
    assert!(text(&newbie.stderr).contains("NEW_PASSWORD_REQUIRED"));
}

#[test]
fn throttling_and_service_failures_are_retryable() {
    let throttled = error_service(
        400,
        r#"{"__type":"TooManyRequestsException","message":"Too many requests"}"#,
        "req-throttled-1",
    );
    let out = run(
        &login_args(&format!("http://{}", throttled.addr), &[]),
        ALICE,
        &[],
    );
    assert_exit(&out, 6);
    assert!(
        text(&out.stderr)
            .contains("TooManyRequestsException: Too many requests (request id req-throttled-1)"),
        "{}",
        text(&out.stderr)
    );

    let failing = error_service(
        500,
        r#"{"__type":"InternalErrorException","message":"Internal error"}"#,
        "req-internal-1",
    );
    let out = run(
        &login_args(&format!("http://{}", failing.addr), &[]),
        ALICE,
        &[],
    );
    assert_exit(&out, 6);
    assert!(
        text(&out.stderr)
            .contains("InternalErrorException: Internal error (request id req-internal-1)"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn help_shows_precedence_and_exit_codes() {
    for cmd in ["login", "refresh"] {
        let out = run(&[cmd, "--help"], "", &[]);
        assert!(out.status.success());
        let help = text(&out.stdout);
        for needle in [
            "--endpoint, else $AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER, else $AWS_ENDPOINT_URL",
            "$HTTPS_PROXY",
            "$NO_PROXY",
            "3  refused by the service",
            "5  configuration",
            "6  throttled or a service failure",
            "7  network",
            "--output <OUTPUT>",
        ] {
            assert!(
                help.contains(needle),
                "{cmd} --help lacks {needle:?}:\n{help}"
            );
        }
    }
}

#[test]
fn network_and_usage_errors() {
    // A port nothing listens on: bind one, learn its number, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let out = run(
        &login_args(&format!("http://127.0.0.1:{port}"), &[]),
        ALICE,
        &[],
    );
    assert_exit(&out, 7);
    assert_stderr_has(&out, "no answer from the service");

    let out = run(&login_args("localhost:9229", &[]), ALICE, &[]);
    assert_exit(&out, 2);
    assert_stderr_has(
        &out,
        "--endpoint \"localhost:9229\": not an http:// or https:// URL",
    );
    let out = run(
        &[
            "login",
            "--pool-id",
            POOL,
            "--client-id",
            "c",
            "--username",
            "u",
            "--password-stdin",
        ],
        ALICE,
        &[("AWS_ENDPOINT_URL", "ftp://example.test")],
    );
    assert_exit(&out, 2);
    assert_stderr_has(&out, "AWS_ENDPOINT_URL \"ftp://example.test\"");
}

/// Runs `login` with no `--endpoint` through a proxy that records where it was asked to connect.
fn connect_target(pool: &str, extra: &[&str], env: &[(&str, &str)]) -> String {
    let proxy = dead_end_proxy();
    let url = format!("http://{}", proxy.addr);
    let mut args = vec![
        "login",
        "--pool-id",
        pool,
        "--client-id",
        "c",
        "--username",
        "u",
        "--password-stdin",
    ];
    args.extend_from_slice(extra);
    let mut env = env.to_vec();
    env.push(("HTTPS_PROXY", &url));
    let out = run(&args, ALICE, &env);
    assert_exit(&out, 7);
    let seen = proxy.seen();
    assert!(
        !seen.is_empty(),
        "the proxy was not used: {}",
        text(&out.stderr)
    );
    seen[0].clone()
}

#[test]
fn region_and_endpoint_precedence_through_https_proxy() {
    assert_eq!(
        connect_target("eu-west-1_AbCdEf123", &[], &[]),
        "CONNECT cognito-idp.eu-west-1.amazonaws.com:443 HTTP/1.1"
    );
    assert_eq!(
        connect_target("eu-west-1_AbCdEf123", &["--region", "us-west-2"], &[]),
        "CONNECT cognito-idp.us-west-2.amazonaws.com:443 HTTP/1.1"
    );
    // AWS_REGION is not read: the pool id names the region.
    assert_eq!(
        connect_target("eu-west-1_AbCdEf123", &[], &[("AWS_REGION", "ap-south-1")]),
        "CONNECT cognito-idp.eu-west-1.amazonaws.com:443 HTTP/1.1"
    );
    let both = [
        ("AWS_ENDPOINT_URL", "https://global.example.test"),
        (
            "AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER",
            "https://cognito.example.test:8443",
        ),
    ];
    assert_eq!(
        connect_target("eu-west-1_AbCdEf123", &[], &both[..1]),
        "CONNECT global.example.test:443 HTTP/1.1"
    );
    assert_eq!(
        connect_target("eu-west-1_AbCdEf123", &[], &both),
        "CONNECT cognito.example.test:8443 HTTP/1.1"
    );
    assert_eq!(
        connect_target(
            "eu-west-1_AbCdEf123",
            &["--endpoint", "https://flag.example.test"],
            &both
        ),
        "CONNECT flag.example.test:443 HTTP/1.1"
    );
    let mut ignored = both.to_vec();
    ignored.push(("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"));
    assert_eq!(
        connect_target("eu-west-1_AbCdEf123", &[], &ignored),
        "CONNECT cognito-idp.eu-west-1.amazonaws.com:443 HTTP/1.1"
    );
}

#[test]
fn http_proxy_and_no_proxy() {
    let dir = temp_dir("proxy");
    // The requests name the proxy's host name, which a server started for loopback only refuses.
    let s = serve_with(&dir, CONFIG, &["--allow-non-loopback"]);
    // Through a forward proxy, to a host name only the proxy "resolves".
    let proxy = forward_proxy(s.addr.clone());
    let proxy_url = format!("http://{}", proxy.addr);
    let out = run(
        &login_args(
            "http://cognito.example.test:9229",
            &["--output", "id-token"],
        ),
        ALICE,
        &[("HTTP_PROXY", &proxy_url)],
    );
    assert_ok(&out);
    assert!(is_jwt(text(&out.stdout).trim_end()));
    let seen = proxy.seen();
    assert_eq!(
        seen.len(),
        2,
        "InitiateAuth and RespondToAuthChallenge: {seen:?}"
    );
    assert!(
        seen.iter()
            .all(|l| l == "POST http://cognito.example.test:9229/ HTTP/1.1"),
        "{seen:?}"
    );

    // NO_PROXY exempts the loopback service: a proxy that would fail is not used.
    let dead = dead_end_proxy();
    let dead_url = format!("http://{}", dead.addr);
    let out = run(
        &login_args(&s.url, &[]),
        ALICE,
        &[("HTTP_PROXY", &dead_url), ("NO_PROXY", "127.0.0.1")],
    );
    assert_ok(&out);
    assert!(dead.seen().is_empty());
    // Without NO_PROXY the same proxy is used, and fails.
    let out = run(
        &login_args(&s.url, &[]),
        ALICE,
        &[("HTTP_PROXY", &dead_url)],
    );
    assert_exit(&out, 7);
    assert!(!dead.seen().is_empty());
}

#[test]
fn device_file_directory_forget_and_corruption() {
    let dir = temp_dir("device");
    let s = serve(&dir, CONFIG);
    let file = dir.join("fresh/config/alice.device.json");
    let f = file.to_str().unwrap();
    let first = run(&login_args(&s.url, &["--device-file", f]), ALICE, &[]);
    assert_ok(&first);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&file), 0o600);
        assert_eq!(mode(file.parent().unwrap()), 0o700);
        assert_eq!(mode(&dir.join("fresh")), 0o700);
    }
    let stored: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    let key = stored["device_key"].as_str().unwrap().to_owned();

    let second = run(&login_args(&s.url, &["--device-file", f]), ALICE, &[]);
    assert_stderr_has(&second, "device SRP");

    // --forget-device: password sign-in, ForgetDevice at the service, file removed.
    let forget = run(
        &login_args(&s.url, &["--device-file", f, "--forget-device"]),
        ALICE,
        &[],
    );
    assert_ok(&forget);
    let err = text(&forget.stderr);
    assert!(
        err.contains(&format!("device {key} forgotten by the service")),
        "{err}"
    );
    assert!(err.contains("signed in with SRP (USER_SRP_AUTH)"), "{err}");
    assert!(!file.exists());
    let v: Value = serde_json::from_slice(&forget.stdout).unwrap();
    assert!(v["AccessToken"].is_string());

    // Corrupted: refused before any request, saying what to do.
    std::fs::write(&file, "{not json").unwrap();
    let corrupt = run(&login_args(&s.url, &["--device-file", f]), ALICE, &[]);
    assert_eq!(corrupt.status.code(), Some(1));
    let err = text(&corrupt.stderr);
    assert!(err.contains("is corrupted"), "{err}");
    assert!(err.contains("--forget-device"), "{err}");
    // --forget-device clears it.
    let cleared = run(
        &login_args(&s.url, &["--device-file", f, "--forget-device"]),
        ALICE,
        &[],
    );
    assert_ok(&cleared);
    assert!(!file.exists());

    // A directory that cannot take the file: refused before any request, nothing confirmed.
    let blocker = dir.join("not-a-dir");
    std::fs::write(&blocker, "").unwrap();
    let bad = blocker.join("device.json");
    let counter = stub(|_, _, _| {});
    let out = run(
        &login_args(
            &format!("http://{}", counter.addr),
            &["--device-file", bad.to_str().unwrap()],
        ),
        ALICE,
        &[],
    );
    assert_exit(&out, 1);
    assert_stderr_has(&out, "cannot create directory");
    assert!(counter.seen().is_empty());

    // --forget-device needs --device-file.
    let out = run(&login_args(&s.url, &["--forget-device"]), ALICE, &[]);
    assert_exit(&out, 2);
    assert_stderr_has(&out, "--device-file");
}
