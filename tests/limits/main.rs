//! Every bound of `src/limits.rs`, at the limit and one past it.
//!
//! At the limit a value is accepted (or refused for another reason than its size); one byte over it is
//! refused with `Error::TooLong { parameter, max }` naming the value and its bound. Server values are
//! padded with leading zeros where that keeps them meaningful, so "accepted at the limit" means a whole
//! login that the server side verifies.
//!
//! This file holds the fixtures (a pool, a user, a genuine challenge and the login answering it); the
//! modules hold the tests: `challenge` (server values in a `PASSWORD_VERIFIER` challenge), `device`
//! (device values), `caller` (the caller's inputs) and `server_side` (`SRP_A`, the claim signature, the
//! timestamp).

// The integration tests' shared helpers, one directory up.
#[path = "../common/mod.rs"]
mod common;

mod caller;
mod challenge;
mod device;
mod server_side;

use std::collections::HashMap;

use cognito_srp_core::limits::MAX_SALT_HEX;
use cognito_srp_core::{
    AppClient, Error, Password, PasswordVerifier, ServerKey, ServerSession, Timestamp, hazmat,
};

const POOL_ID: &str = "us-east-1_AbCdEf123";
const POOL_NAME: &str = "AbCdEf123";
const CLIENT_ID: &str = "qxjqbvjp0ucvbunzvc6z6e7g0o";
const USER: &str = "04e33d39-55ea-46af-8d63-872fe6a3e2d8";
const PASSWORD: &str = "Correct-Horse-Battery-9!";
const SALT: &str = "-1b68bdb2a222c525d694bdb48a52e4e2";
const BLOCK: &str = "c2VjcmV0IGJsb2Nr";

fn too_long(parameter: &'static str, max: usize) -> Error {
    Error::TooLong { parameter, max }
}

fn timestamp() -> Timestamp {
    Timestamp::parse("Tue Nov 3 09:05:07 UTC 2026").expect("canonical timestamp")
}

/// A stored verifier for (`name`, `user`, `password`) with the salt given as text.
fn verifier(salt: &str, name: &str, user: &str, password: &str) -> PasswordVerifier {
    let salt = hazmat::parse_hex("SALT", salt, MAX_SALT_HEX, true).expect("salt");
    let x = hazmat::private_key(&salt, name, user, password.as_bytes());
    PasswordVerifier::from_parts(salt, &hazmat::verifier_from_private_key(&x)).expect("verifier")
}

fn server(v: &PasswordVerifier) -> ServerSession {
    hazmat::server_session_from_secret(&[0xb5; 48], v).expect("valid b")
}

fn client() -> AppClient {
    AppClient::new(POOL_ID, CLIENT_ID).expect("valid client")
}

fn ephemeral() -> cognito_srp_core::ClientEphemeral {
    hazmat::ephemeral_from_secret(&[0x5a; 48]).expect("valid a")
}

/// `s` with leading `0`s up to `len` characters (`-` kept in front).
fn zero_pad(s: &str, len: usize) -> String {
    let (sign, digits) = match s.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", s),
    };
    format!(
        "{sign}{}{digits}",
        "0".repeat(len - sign.len() - digits.len())
    )
}

/// A genuine `PASSWORD_VERIFIER` challenge for `USER` from a server session.
fn challenge(session: &ServerSession) -> HashMap<String, String> {
    [
        ("SALT", SALT.to_owned()),
        ("SRP_B", session.srp_b().to_owned()),
        ("SECRET_BLOCK", BLOCK.to_owned()),
        ("USER_ID_FOR_SRP", USER.to_owned()),
        ("USERNAME", "alice".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// The user flow answering `challenge`.
fn respond(challenge: &HashMap<String, String>) -> Result<HashMap<String, String>, Error> {
    let password = Password::new(PASSWORD).expect("short password");
    client()
        .start_user_srp_with("alice", ephemeral())
        .expect("short user name")
        .respond(challenge, &password, &timestamp())
}

/// A server key for the client `ephemeral()` against `session`.
fn server_key(session: ServerSession) -> ServerKey {
    session.finish(ephemeral().srp_a()).expect("genuine A")
}

/// Answers `challenge` (possibly altered by `edit`) and checks the server accepts the response for
/// `user_id` and `block`.
fn login_with(edit: impl FnOnce(&mut HashMap<String, String>), user_id: &str, block: &str) {
    let v = verifier(SALT, POOL_NAME, user_id, PASSWORD);
    let session = server(&v);
    let mut map = challenge(&session);
    map.insert("USER_ID_FOR_SRP".to_owned(), user_id.to_owned());
    map.insert("SECRET_BLOCK".to_owned(), block.to_owned());
    edit(&mut map);
    let response = respond(&map).expect("accepted at the limit");
    server_key(session)
        .verify_response(&response, POOL_NAME, user_id, block)
        .expect("the server verifies the response");
}

/// The challenge with one value replaced, answered.
fn respond_with(key: &str, value: String) -> Result<HashMap<String, String>, Error> {
    let v = verifier(SALT, POOL_NAME, USER, PASSWORD);
    let mut map = challenge(&server(&v));
    map.insert(key.to_owned(), value);
    respond(&map)
}
