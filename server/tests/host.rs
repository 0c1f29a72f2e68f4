//! The HTTP front end answers only requests naming a loopback `Host` (unless started for non-loopback
//! use), and the MFA codes endpoint only on loopback and without CORS headers.

use std::net::SocketAddr;

use cognito_srp_server::{Config, HttpConfig, TestServer, http::CODES_PATH};
use cognito_srp_test_support::{Answer, get_head, operation_head, raw};

fn get(addr: SocketAddr, path: &str, host: &str) -> Answer {
    let head = get_head(host, path, "Origin: http://evil.example\r\n");
    raw(addr, head.as_bytes(), b"")
}

fn post(addr: SocketAddr, host: &str) -> Answer {
    let body = r#"{"AuthFlow":"USER_SRP_AUTH","ClientId":"nobody","AuthParameters":{"USERNAME":"a","SRP_A":"02"}}"#;
    let head = operation_head(host, "InitiateAuth", "", body.len());
    raw(addr, head.as_bytes(), body.as_bytes())
}

fn has_cors(a: &Answer) -> bool {
    a.head
        .to_ascii_lowercase()
        .contains("access-control-allow-origin")
}

#[test]
fn loopback_hosts_only() {
    let s = TestServer::start(Config::default()).unwrap();
    let addr = s.addr();
    for host in [
        addr.to_string(),
        format!("localhost:{}", addr.port()),
        "[::1]:9229".into(),
    ] {
        let a = post(addr, &host);
        assert_eq!(
            a.error_type.as_deref(),
            Some("ResourceNotFoundException"),
            "{host}"
        );
        let c = get(addr, CODES_PATH, &host);
        assert_eq!(c.status, 200, "{host}");
        assert!(!has_cors(&c), "{}", c.head);
    }
    for host in ["evil.example", "evil.example:9229", "10.0.0.1"] {
        let a = post(addr, host);
        assert_eq!(a.status, 403, "{host}");
        assert_eq!(a.error_type.as_deref(), Some("AccessDeniedException"));
        assert_eq!(
            a.json()["message"],
            format!("Host {host} is not a loopback name.")
        );
        let c = get(addr, CODES_PATH, host);
        assert_eq!(c.status, 403, "{host}");
        assert_eq!(
            c.json()["message"],
            "The codes endpoint is served only on loopback."
        );
    }
    // Other answers keep their CORS headers (browser SDKs use them).
    let jwks = get(addr, "/", &addr.to_string());
    assert_eq!(jwks.status, 200);
    assert!(has_cors(&jwks), "{}", jwks.head);
}

#[test]
fn non_loopback_servers_take_any_host_but_keep_the_codes_on_loopback() {
    let s = TestServer::start_with(
        Config::default(),
        HttpConfig {
            allow_non_loopback: true,
            ..HttpConfig::default()
        },
    )
    .unwrap();
    let a = post(s.addr(), "cognito.test.example");
    assert_eq!(a.error_type.as_deref(), Some("ResourceNotFoundException"));
    let c = get(s.addr(), CODES_PATH, "cognito.test.example");
    assert_eq!(c.status, 403);
    assert_eq!(
        c.json()["message"],
        "The codes endpoint is served only on loopback."
    );
}
