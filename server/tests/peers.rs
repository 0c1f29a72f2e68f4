//! One peer address cannot hold more than `HttpConfig::max_connections_per_peer` connections: the
//! next one from that address is closed unanswered, while another address is served, and a slot
//! given back is usable again.

use std::net::SocketAddr;
use std::time::Duration;

use cognito_srp_server::{Config, HttpConfig, TestServer};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

const LIMIT: usize = 3;
const REQUEST: &[u8] = b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
/// Guards the waits below against a server that never answers (not a timing assertion).
const GUARD: Duration = Duration::from_secs(10);

async fn connect_from(source: &str, server: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(format!("{source}:0").parse().unwrap()).unwrap();
    socket.connect(server).await.unwrap()
}

/// Sends a request and reads until the server closes: the answer's bytes, or `None` when the
/// connection was closed or reset without any.
async fn ask(mut stream: TcpStream) -> Option<String> {
    // A server that has already closed may reset the write; what was read decides.
    let _ = stream.write_all(REQUEST).await;
    let mut answer = Vec::new();
    let read = tokio::time::timeout(GUARD, stream.read_to_end(&mut answer))
        .await
        .expect("the server answers or closes");
    match read {
        Ok(_) if !answer.is_empty() => Some(String::from_utf8_lossy(&answer).into_owned()),
        _ => None,
    }
}

fn served(answer: &Option<String>) -> bool {
    answer
        .as_deref()
        .is_some_and(|a| a.starts_with("HTTP/1.1 200"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_peer_past_its_limit_is_closed_and_others_are_served() {
    let server = TestServer::start_with(
        Config::default(),
        HttpConfig {
            max_connections_per_peer: LIMIT,
            ..HttpConfig::default()
        },
    )
    .unwrap();
    let addr = server.addr();

    // 127.0.0.1 holds its limit with idle connections (each answered once, so each is known to
    // be accepted and counted before the next step).
    let mut held = Vec::new();
    for _ in 0..LIMIT {
        let mut s = connect_from("127.0.0.1", addr).await;
        s.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            .await
            .unwrap();
        let mut head = [0u8; 12];
        tokio::time::timeout(GUARD, s.read_exact(&mut head))
            .await
            .expect("answered")
            .unwrap();
        assert_eq!(&head, b"HTTP/1.1 200");
        held.push(s);
    }

    let refused = ask(connect_from("127.0.0.1", addr).await).await;
    assert_eq!(
        refused, None,
        "a fourth connection from 127.0.0.1 is closed unanswered"
    );

    let other = ask(connect_from("127.0.0.2", addr).await).await;
    assert!(served(&other), "127.0.0.2 is served: {other:?}");

    // Give one slot back; once the server has seen the close, 127.0.0.1 is served again.
    drop(held.pop());
    let mut again = None;
    for _ in 0..100 {
        again = ask(connect_from("127.0.0.1", addr).await).await;
        if served(&again) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(served(&again), "a slot given back is usable: {again:?}");
    drop(held);
}
