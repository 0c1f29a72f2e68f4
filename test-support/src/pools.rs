//! Pools and servers as the tests set them up: one pool in a configuration, a server started on it (on
//! loopback or in process), users with attributes, and the codes a server has sent.

use cognito_srp_server::{ClientConfig, Config, PoolConfig, Server, TestServer, UserConfig};

/// The issuer base of a server run in process: nothing listens there.
pub const IN_PROCESS_ENDPOINT: &str = "http://127.0.0.1:1";

/// The pool `id` with app clients named `clients` (default settings, no secret) and `users`; every
/// other setting at its default.
pub fn pool_of(
    id: &str,
    clients: &[&str],
    users: impl IntoIterator<Item = UserConfig>,
) -> PoolConfig {
    let mut pool = PoolConfig::new(id);
    pool.clients = clients.iter().map(|c| ClientConfig::new(*c)).collect();
    pool.users = users.into_iter().collect();
    pool
}

/// A configuration of `pool` alone, every other setting at its default.
pub fn one_pool(pool: PoolConfig) -> Config {
    Config {
        pools: vec![pool],
        ..Config::default()
    }
}

/// A [`TestServer`] (HTTP on a random loopback port) with `pool` alone.
///
/// # Panics
/// When the pool's configuration is invalid or no port can be bound.
pub fn start_pool(pool: PoolConfig) -> TestServer {
    TestServer::start(one_pool(pool)).unwrap()
}

/// A [`Server`] for `config`, called in process (no HTTP; its issuer at [`IN_PROCESS_ENDPOINT`]).
///
/// # Panics
/// When the configuration is invalid.
pub fn in_process(config: Config) -> Server {
    Server::new(config, IN_PROCESS_ENDPOINT).unwrap()
}

/// The user `username` with `password` and the attributes `attributes` (name, value).
pub fn user_with(username: &str, password: &str, attributes: &[(&str, &str)]) -> UserConfig {
    let mut user = UserConfig::new(username, password);
    for (name, value) in attributes {
        user.attributes.insert((*name).into(), (*value).into());
    }
    user
}

/// The newest code `server` sent to `username`, for the purpose `purpose` (a challenge or flow name
/// such as `SMS_MFA` or `FORGOT_PASSWORD`) or for any purpose when `None`.
///
/// # Panics
/// When no such code was sent.
pub fn newest_code(server: &Server, username: &str, purpose: Option<&str>) -> String {
    server
        .sent_codes()
        .into_iter()
        .rev()
        .find(|c| c.username == username && purpose.is_none_or(|p| c.challenge == p))
        .unwrap_or_else(|| panic!("no {purpose:?} code for {username}"))
        .code
}
