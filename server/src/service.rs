//! [`Server`]: the directory, pending challenges, grants and the token key behind one transport-free
//! entry point, [`Server::dispatch`] (an operation name and its JSON request in, the JSON response or a
//! [`CognitoError`] out). The HTTP front end ([`crate::http`]) and in-process callers both use it.
//!
//! Locks are held only to read or change the model; exponentiations and RSA signatures run outside them.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError, RwLock, RwLockReadGuard, RwLockWriteGuard};

use serde_json::Value;

use crate::config::{ClientConfig, Config, PoolConfig, UserConfig};
use crate::grants::Grants;
use crate::lockout::{Clock, Lockout};
use crate::model::{Directory, new_user};
use crate::protocol::{Answer, CognitoError, Operation};
use crate::session::SessionStore;
use crate::state::StateFile;
use crate::tokens::TokenService;
use crate::trace::Trace;

/// Pending challenges kept at most. When full, the oldest session before any proof is dropped; only a
/// store full of sessions opened after a proof refuses new ones (`TooManyRequestsException`).
pub const MAX_PENDING: usize = 10_000;
/// Sign-in origins (refresh tokens) kept at most; past this the one that expires first is forgotten.
pub const MAX_ORIGINS: usize = 100_000;

/// Counts of what the server did.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Successful `PASSWORD_VERIFIER` claims.
    pub password_verified: u64,
    /// Successful `DEVICE_PASSWORD_VERIFIER` claims.
    pub device_verified: u64,
    /// Refused claims (wrong password, unknown user, wrong device secret).
    pub refused: u64,
    /// Password claims refused unexamined because their sign-in name was locked
    /// (`Password attempts exceeded`).
    pub locked_out: u64,
    /// Devices confirmed.
    pub devices_confirmed: u64,
}

#[derive(Default)]
pub(crate) struct Counters {
    pub password_verified: AtomicU64,
    pub device_verified: AtomicU64,
    pub refused: AtomicU64,
    pub locked_out: AtomicU64,
    pub devices_confirmed: AtomicU64,
}

impl Counters {
    pub fn bump(counter: &AtomicU64) {
        counter.fetch_add(1, Ordering::Relaxed);
    }
}

/// The Cognito server: pools, pending challenges, grants and the token key.
pub struct Server {
    /// The state file every change is written to, if any.
    pub(crate) state: Option<Mutex<StateFile>>,
    /// Read and changed through [`Server::directory`] and [`Server::directory_mut`].
    pub(crate) directory: RwLock<Directory>,
    pub(crate) sessions: Mutex<SessionStore>,
    pub(crate) lockout: Mutex<Lockout>,
    pub(crate) grants: Mutex<Grants>,
    pub(crate) tokens: TokenService,
    pub(crate) issuer_base: String,
    pub(crate) token_validity: i64,
    pub(crate) clock_skew: i64,
    pub(crate) counters: Counters,
    pub(crate) outbox: Mutex<crate::outbox::Outbox>,
    pub(crate) iam: Option<crate::sigv4::IamCredentials>,
    /// The region of pools created through CreateUserPool.
    pub(crate) region: String,
}

impl std::fmt::Debug for Server {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Server")
            .field("issuer_base", &self.issuer_base)
            .field("tokens", &self.tokens)
            .finish_non_exhaustive()
    }
}

/// Locks a mutex, ignoring poisoning: every critical section leaves the model consistent.
pub(crate) fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Server {
    /// Builds the server from a configuration: every password becomes a verifier and is dropped, and an
    /// RSA-2048 token key is generated. `issuer_base` is used when the configuration does not set one.
    ///
    /// # Errors
    /// A message for an invalid pool id, duplicate ids or alias values, an over-long password, or an
    /// unknown flow or status.
    pub fn new(mut config: Config, issuer_base: &str) -> Result<Server, String> {
        let (state, loaded) = match config.state_file.take() {
            Some(path) => {
                let (file, loaded) = StateFile::open(&path)?;
                (Some(Mutex::new(file)), loaded)
            }
            None => (None, None),
        };
        let mut pools = std::mem::take(&mut config.pools);
        let (directory, origins, keys) = match loaded {
            // The file's pools win over the configuration's; pools only configured are added.
            Some(loaded) => {
                let mut directory = loaded.directory;
                pools.retain(|p| !directory.pools.contains_key(&p.id));
                directory.merge(Directory::from_config(pools)?)?;
                (directory, loaded.origins, loaded.keys)
            }
            None => (Directory::from_config(pools)?, Vec::new(), Vec::new()),
        };
        let mut grants = Grants::new(MAX_ORIGINS);
        for (id, origin) in origins {
            grants.restore(id, origin);
        }
        let tokens = TokenService::new();
        for (pool_id, der) in &keys {
            tokens.restore(pool_id, der)?;
        }
        let server = Server {
            state,
            directory: RwLock::new(directory),
            sessions: Mutex::new(SessionStore::new(
                MAX_PENDING,
                config.session_validity_seconds,
            )),
            lockout: Mutex::new(Lockout::new(config.lockout)),
            grants: Mutex::new(grants),
            tokens,
            issuer_base: config
                .issuer_base
                .unwrap_or_else(|| issuer_base.to_owned())
                .trim_end_matches('/')
                .to_owned(),
            token_validity: config.token_validity_seconds.max(1),
            clock_skew: config.clock_skew_seconds.max(0),
            counters: Counters::default(),
            outbox: Mutex::default(),
            iam: config.iam.take(),
            region: std::mem::take(&mut config.region),
        };
        server.persist()?;
        Ok(server)
    }

    /// The directory of pools and app clients, locked for reading; a poisoned lock is
    /// taken over, as [`lock`] does.
    pub(crate) fn directory(&self) -> RwLockReadGuard<'_, Directory> {
        self.directory
            .read()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The directory, locked for writing.
    pub(crate) fn directory_mut(&self) -> RwLockWriteGuard<'_, Directory> {
        self.directory
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a pool with its clients and users.
    ///
    /// # Errors
    /// As [`Server::new`].
    pub fn add_pool(&self, pool: PoolConfig) -> Result<(), String> {
        let d = Directory::from_config(vec![pool])?;
        self.directory_mut().merge(d)?;
        self.persist()
    }

    /// Adds an app client to a pool.
    ///
    /// # Errors
    /// An unknown pool, a duplicate client id, an unknown flow.
    pub fn add_client(&self, pool_id: &str, client: ClientConfig) -> Result<(), String> {
        self.directory_mut().add_client(pool_id, client)?;
        self.persist()
    }

    /// Adds a user to a pool (its verifier is computed before any lock is taken).
    ///
    /// # Errors
    /// An unknown pool, a duplicate username or alias value, an over-long password, an unknown status.
    pub fn add_user(&self, pool_id: &str, user: UserConfig) -> Result<(), String> {
        let (id, sign) = {
            let dir = self.directory();
            let p = dir.pool(pool_id).map_err(|e| e.message())?;
            (p.id.clone(), p.salt_sign)
        };
        let user = new_user(&id, sign, user)?;
        self.directory_mut()
            .pool_mut(pool_id)
            .map_err(|e| e.message())?
            .insert(user)?;
        self.persist()
    }

    /// What the server has done so far.
    pub fn stats(&self) -> Stats {
        let c = &self.counters;
        Stats {
            password_verified: c.password_verified.load(Ordering::Relaxed),
            device_verified: c.device_verified.load(Ordering::Relaxed),
            refused: c.refused.load(Ordering::Relaxed),
            locked_out: c.locked_out.load(Ordering::Relaxed),
            devices_confirmed: c.devices_confirmed.load(Ordering::Relaxed),
        }
    }

    /// Times failed-password locks by `clock` from now on (a [`crate::ManualClock`] lets a test move
    /// past a lock without waiting). The default is the [`crate::SystemClock`].
    pub fn set_lockout_clock(&self, clock: Arc<dyn Clock>) {
        lock(&self.lockout).set_clock(clock);
    }

    /// The token service (to check tokens in tests and the demo).
    pub fn tokens(&self) -> &TokenService {
        &self.tokens
    }

    /// The issuer of a pool's tokens: `{issuer_base}/{pool_id}`.
    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{pool_id}", self.issuer_base)
    }

    /// The JWKS of a pool (its own key), or `None` for an unknown pool.
    pub fn jwks(&self, pool_id: &str) -> Option<Value> {
        let known = self.directory().pools.contains_key(pool_id);
        let jwks = known.then(|| self.tokens.jwks(pool_id))?;
        // A key made now is written before it is shown.
        self.persist().ok().map(|()| jwks)
    }

    /// The OpenID discovery document of a pool (`{issuer}/.well-known/openid-configuration`), or `None`
    /// for an unknown pool: the issuer, the `jwks_uri` beside it, and what Cognito states about its
    /// tokens. The OAuth endpoints of Cognito's hosted UI are left out: this server has none.
    pub fn openid_configuration(&self, pool_id: &str) -> Option<Value> {
        let known = self.directory().pools.contains_key(pool_id);
        let issuer = self.issuer(pool_id);
        known.then(|| {
            serde_json::json!({
                "issuer": issuer,
                "jwks_uri": format!("{issuer}/.well-known/jwks.json"),
                "id_token_signing_alg_values_supported": ["RS256"],
                "subject_types_supported": ["public"],
                "response_types_supported": ["code", "token"],
            })
        })
    }

    /// Runs one operation (`InitiateAuth`, `RespondToAuthChallenge`, …) on its JSON request, in
    /// process: no SigV4 or `Origin` check applies (those are the HTTP front end's).
    ///
    /// # Errors
    /// The Cognito error to send back; `UnknownOperationException` for an operation the server does
    /// not answer.
    pub fn dispatch(&self, operation: &str, request: &Value) -> Result<Value, CognitoError> {
        let op = Operation::parse(operation).ok_or_else(|| unknown_operation(operation))?;
        self.call(op, request).0.map(|a| a.body)
    }

    /// Runs `op` on its JSON request: the answer (body and outcome), and what the request concerned.
    ///
    /// # Errors
    /// The Cognito error to send back.
    pub fn call(&self, op: Operation, request: &Value) -> (Result<Answer, CognitoError>, Trace) {
        crate::trace::record(|| {
            let answer = self.run(op, request);
            // What the operation changed (even one that failed: a wrong code counts) is committed
            // before its answer goes out.
            match self.persist() {
                Ok(()) => answer,
                Err(_) => Err(CognitoError::internal(
                    "The server could not save the change.",
                )),
            }
        })
    }
}

/// `UnknownOperationException` for an operation name the server does not answer.
pub(crate) fn unknown_operation(name: &str) -> CognitoError {
    CognitoError::UnknownOperation(format!(
        "Operation {} is not supported by this server.",
        name.chars().take(64).collect::<String>()
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn add_from_code_and_unknown_operations() {
        let s = Server::new(Config::default(), "http://x").unwrap();
        let mut pool = PoolConfig::new("us-east-1_Code1");
        pool.clients.push(ClientConfig::new("c1"));
        s.add_pool(pool).unwrap();
        assert!(s.add_pool(PoolConfig::new("us-east-1_Code1")).is_err());
        s.add_client("us-east-1_Code1", ClientConfig::new("c2"))
            .unwrap();
        s.add_user("us-east-1_Code1", UserConfig::new("u", "pw"))
            .unwrap();
        assert!(
            s.add_user("us-east-1_Nope", UserConfig::new("u", "pw"))
                .is_err()
        );
        assert!(s.jwks("us-east-1_Code1").is_some());
        assert!(s.jwks("us-east-1_Nope").is_none());
        let f = s.dispatch("FlyToTheMoon", &json!({})).unwrap_err();
        assert_eq!(f.code(), "UnknownOperationException");
        assert_eq!(s.issuer("p"), "http://x/p");
    }
}
