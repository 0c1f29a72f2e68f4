//! The Cognito Identity Provider operations the SRP sign-in paths need, on top of the core crate's server
//! math. Transport-free: [`Server::dispatch`] takes an operation name and its JSON request and returns the
//! JSON response or a Cognito-style error; `crate::http` puts it on a socket.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::{Arc, Mutex};

use cognito_srp_core::{
    ClientSecret, DeviceSecretVerifierConfig, Error as SrpError, HexInteger, Password,
    PasswordVerifier, ServerKey, ServerSession, hazmat, user::PoolId, wire,
};
use serde_json::{Map, Value, json};
use subtle::ConstantTimeEq;

use crate::config::{Config, DeviceTracking, SaltSign};
use crate::jwt::{JwtSigner, TokenError};
use crate::util::{now_f64, now_secs, random_alnum, random_b64, random_bytes, uuid_v4};

/// A Cognito error: HTTP 400 with `{"__type": code, "message": message}` (500 for [`Fault::internal`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fault {
    /// HTTP status.
    pub status: u16,
    /// `__type`, e.g. `NotAuthorizedException`.
    pub code: &'static str,
    /// `message`.
    pub message: String,
}

impl Fault {
    fn new(code: &'static str, message: impl Into<String>) -> Self {
        Fault {
            status: 400,
            code,
            message: message.into(),
        }
    }
    fn not_authorized(message: impl Into<String>) -> Self {
        Self::new("NotAuthorizedException", message)
    }
    fn incorrect() -> Self {
        Self::not_authorized(INCORRECT)
    }
    fn invalid(message: impl Into<String>) -> Self {
        Self::new("InvalidParameterException", message)
    }
    fn bad_session() -> Self {
        Self::not_authorized("Invalid session for the user, session is expired.")
    }
    /// The JSON body.
    pub fn body(&self) -> Value {
        json!({"__type": self.code, "message": self.message})
    }
}

/// Cognito's answer to a wrong password (and, with user-existence errors prevented, an unknown user).
pub const INCORRECT: &str = "Incorrect username or password.";

/// Pending challenges kept at most (older ones expire; past this, new sign-ins are throttled).
const MAX_PENDING: usize = 10_000;
/// Devices kept per user (the oldest unconfirmed one is dropped first).
const MAX_DEVICES_PER_USER: usize = 64;
/// Refresh tokens kept at most.
const MAX_REFRESH_TOKENS: usize = 100_000;

fn srp_fault(e: &SrpError) -> Fault {
    match e {
        SrpError::MissingParameter(p) => Fault::invalid(format!("Missing required parameter {p}")),
        SrpError::InvalidTimestamp => {
            Fault::invalid("TIMESTAMP format should be EEE MMM d HH:mm:ss z yyyy in english.")
        }
        SrpError::VerificationFailed => Fault::incorrect(),
        SrpError::ClientPublicZero | SrpError::ScramblerZero => {
            Fault::not_authorized("Invalid SRP_A.")
        }
        other => Fault::invalid(other.to_string()),
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Status {
    Confirmed,
    ForceChangePassword,
    Unconfirmed,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            Status::Unconfirmed => "UNCONFIRMED",
        }
    }
}

struct Device {
    group_key: String,
    verifier: Option<PasswordVerifier>,
    remembered: bool,
    name: Option<String>,
    created: f64,
    modified: f64,
    last_auth: f64,
}

struct User {
    username: String,
    sub: String,
    verifier: PasswordVerifier,
    status: Status,
    enabled: bool,
    attributes: BTreeMap<String, String>,
    devices: BTreeMap<String, Device>,
    /// Access tokens issued before this (Unix seconds) are revoked (GlobalSignOut).
    revoked_before: i64,
}

struct Pool {
    id: PoolId,
    device_tracking: DeviceTracking,
    prevent_user_existence_errors: bool,
    alias_attributes: Vec<String>,
    salt_sign: SaltSign,
    users: BTreeMap<String, User>,
}

impl Pool {
    /// The username a sign-in name resolves to (the username itself or an alias).
    fn resolve(&self, name: &str) -> Option<String> {
        if self.users.contains_key(name) {
            return Some(name.to_owned());
        }
        self.users
            .values()
            .find(|u| {
                self.alias_attributes
                    .iter()
                    .any(|a| u.attributes.get(a).is_some_and(|v| v == name))
            })
            .map(|u| u.username.clone())
    }
}

struct Client {
    pool_id: String,
    secret: Option<Arc<ClientSecret>>,
    flows: BTreeSet<String>,
}

enum Stage {
    SelectChallenge {
        typed_username: String,
    },
    PasswordVerifier {
        key: ServerKey,
        secret_block: String,
        device_key: Option<String>,
    },
    DeviceSrpAuth {
        device_key: String,
    },
    DevicePasswordVerifier {
        key: ServerKey,
        secret_block: String,
        device_key: String,
    },
    NewPasswordRequired {
        device_key: Option<String>,
    },
}

impl Stage {
    fn challenge_name(&self) -> &'static str {
        match self {
            Stage::SelectChallenge { .. } => wire::CHALLENGE_SELECT_CHALLENGE,
            Stage::PasswordVerifier { .. } => wire::CHALLENGE_PASSWORD_VERIFIER,
            Stage::DeviceSrpAuth { .. } => wire::CHALLENGE_DEVICE_SRP_AUTH,
            Stage::DevicePasswordVerifier { .. } => wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
            Stage::NewPasswordRequired { .. } => "NEW_PASSWORD_REQUIRED",
        }
    }
}

struct Pending {
    pool_id: String,
    client_id: String,
    /// `None` for a sign-in name that matched no user (the challenge can only fail).
    user: Option<String>,
    expires: i64,
    stage: Stage,
    /// Secondary keys pointing at this session (secret block, device triple).
    aliases: Vec<String>,
}

struct Grant {
    pool_id: String,
    client_id: String,
    username: String,
    device_key: Option<String>,
    expires: i64,
}

#[derive(Default)]
struct State {
    pools: HashMap<String, Pool>,
    clients: HashMap<String, Client>,
    sessions: HashMap<String, Pending>,
    session_aliases: HashMap<String, String>,
    refresh: HashMap<String, Grant>,
}

impl State {
    fn purge_expired(&mut self, now: i64) {
        let expired: Vec<String> = self
            .sessions
            .iter()
            .filter(|(_, p)| p.expires <= now)
            .map(|(k, _)| k.clone())
            .collect();
        for k in expired {
            self.take_session(&k);
        }
        if self.refresh.len() > MAX_REFRESH_TOKENS {
            self.refresh.retain(|_, g| g.expires > now);
        }
    }

    fn take_session(&mut self, token: &str) -> Option<Pending> {
        let p = self.sessions.remove(token)?;
        for a in &p.aliases {
            self.session_aliases.remove(a);
        }
        Some(p)
    }

    fn find_session(&self, session: Option<&str>, alias: Option<&str>) -> Option<String> {
        if let Some(s) = session {
            return self.sessions.contains_key(s).then(|| s.to_owned());
        }
        let a = alias?;
        self.session_aliases.get(a).cloned()
    }
}

/// Counts of what the server did, for tests and the interop script.
#[derive(Default, Debug, Clone, PartialEq, Eq)]
pub struct Stats {
    /// Successful `PASSWORD_VERIFIER` claims.
    pub password_verified: u64,
    /// Successful `DEVICE_PASSWORD_VERIFIER` claims.
    pub device_verified: u64,
    /// Refused claims (wrong password, wrong device secret).
    pub refused: u64,
    /// Devices confirmed.
    pub devices_confirmed: u64,
}

/// The server: pools, pending challenges, issued refresh tokens, the token key.
pub struct Server {
    state: Mutex<State>,
    jwt: JwtSigner,
    issuer_base: String,
    token_validity: i64,
    clock_skew: i64,
    session_validity: i64,
    fake_key: [u8; 32],
    stats: Mutex<Stats>,
    logger: Option<Logger>,
}

fn verifier_for(
    pool: &PoolId,
    sign: SaltSign,
    user: &str,
    password: &Password,
) -> PasswordVerifier {
    let mut rng = crate::util::os_rng();
    loop {
        let v = PasswordVerifier::generate(&mut rng, pool.pool_name(), user, password);
        if sign.accepts(v.salt().is_negative()) {
            return v;
        }
    }
}

fn auth_flows_default() -> BTreeSet<String> {
    [
        "USER_SRP_AUTH",
        "CUSTOM_AUTH",
        "USER_AUTH",
        "REFRESH_TOKEN_AUTH",
    ]
    .into_iter()
    .map(str::to_owned)
    .collect()
}

type Handled = Result<Value, Fault>;
type Logger = Box<dyn Fn(&str) + Send + Sync>;
/// An app client's pool id, secret and enabled flows.
type ClientInfo = (String, Option<Arc<ClientSecret>>, BTreeSet<String>);

impl Server {
    /// Builds the server from a configuration: every password becomes a verifier and is dropped.
    /// `issuer_base` is used when the configuration does not set one.
    ///
    /// # Errors
    /// A message for an invalid pool id, duplicate ids, an over-long password or an unknown flow or status.
    pub fn new(config: Config, issuer_base: &str) -> Result<Server, String> {
        let mut state = State::default();
        for pc in config.pools {
            let id = PoolId::new(pc.id.clone()).map_err(|e| format!("pool {}: {e}", pc.id))?;
            if state.pools.contains_key(&pc.id) {
                return Err(format!("pool {} defined twice", pc.id));
            }
            let mut users = BTreeMap::new();
            for uc in pc.users {
                let password = Password::new(uc.password.to_string())
                    .map_err(|e| format!("user {}: {e}", uc.username))?;
                let status = match uc.status.as_deref().unwrap_or("CONFIRMED") {
                    "CONFIRMED" => Status::Confirmed,
                    "FORCE_CHANGE_PASSWORD" => Status::ForceChangePassword,
                    "UNCONFIRMED" => Status::Unconfirmed,
                    other => return Err(format!("user {}: unknown status {other}", uc.username)),
                };
                if uc.username.is_empty() || uc.username.len() > 128 {
                    return Err(format!(
                        "user {:?}: username must be 1 to 128 characters",
                        uc.username
                    ));
                }
                let verifier = verifier_for(&id, pc.salt_sign, &uc.username, &password);
                let user = User {
                    username: uc.username.clone(),
                    sub: uc.sub.unwrap_or_else(uuid_v4),
                    verifier,
                    status,
                    enabled: uc.enabled,
                    attributes: uc.attributes,
                    devices: BTreeMap::new(),
                    revoked_before: 0,
                };
                if users.insert(uc.username.clone(), user).is_some() {
                    return Err(format!(
                        "user {} defined twice in pool {}",
                        uc.username, pc.id
                    ));
                }
            }
            for cc in pc.clients {
                let flows = match cc.auth_flows {
                    None => auth_flows_default(),
                    Some(list) => {
                        let all = auth_flows_default();
                        let mut set = BTreeSet::new();
                        for f in list {
                            let f = f.strip_prefix("ALLOW_").unwrap_or(&f).to_owned();
                            if !all.contains(&f) {
                                return Err(format!("client {}: unknown auth flow {f}", cc.id));
                            }
                            set.insert(f);
                        }
                        set
                    }
                };
                let secret = cc
                    .secret
                    .map(ClientSecret::new)
                    .transpose()
                    .map_err(|e| format!("client {}: {e}", cc.id))?
                    .map(Arc::new);
                let client = Client {
                    pool_id: pc.id.clone(),
                    secret,
                    flows,
                };
                if state.clients.insert(cc.id.clone(), client).is_some() {
                    return Err(format!("client {} defined twice", cc.id));
                }
            }
            state.pools.insert(
                pc.id.clone(),
                Pool {
                    id,
                    device_tracking: pc.device_tracking,
                    prevent_user_existence_errors: pc.prevent_user_existence_errors,
                    alias_attributes: pc.alias_attributes,
                    salt_sign: pc.salt_sign,
                    users,
                },
            );
        }
        let mut fake_key = [0u8; 32];
        fake_key.copy_from_slice(&random_bytes(32));
        Ok(Server {
            state: Mutex::new(state),
            jwt: JwtSigner::generate(),
            issuer_base: config
                .issuer_base
                .unwrap_or_else(|| issuer_base.to_owned())
                .trim_end_matches('/')
                .to_owned(),
            token_validity: config.token_validity_seconds.max(1),
            clock_skew: config.clock_skew_seconds.max(0),
            session_validity: config.session_validity_seconds.max(1),
            fake_key,
            stats: Mutex::new(Stats::default()),
            logger: None,
        })
    }

    /// Sends one line per request to `logger`.
    pub fn with_logger(mut self, logger: impl Fn(&str) + Send + Sync + 'static) -> Self {
        self.logger = Some(Box::new(logger));
        self
    }

    /// What the server has done so far.
    pub fn stats(&self) -> Stats {
        self.stats.lock().unwrap().clone()
    }

    /// The token signer (for checking tokens in tests and the demo).
    pub fn jwt(&self) -> &JwtSigner {
        &self.jwt
    }

    /// The issuer of the pool's tokens: `{issuer_base}/{pool_id}`.
    pub fn issuer(&self, pool_id: &str) -> String {
        format!("{}/{pool_id}", self.issuer_base)
    }

    /// The JWKS for a pool id, or `None` for an unknown pool.
    pub fn jwks(&self, pool_id: &str) -> Option<Value> {
        let st = self.state.lock().unwrap();
        st.pools.contains_key(pool_id).then(|| self.jwt.jwks())
    }

    fn log(&self, line: &str) {
        if let Some(l) = &self.logger {
            l(line);
        }
    }

    /// Runs one operation (`InitiateAuth`, `RespondToAuthChallenge`, …) on a JSON request.
    ///
    /// # Errors
    /// The Cognito error to send back.
    pub fn dispatch(&self, operation: &str, request: &Value) -> Handled {
        let mut detail = String::new();
        let result = if !request.is_object() {
            Err(Fault::new(
                "SerializationException",
                "Request body must be a JSON object.",
            ))
        } else {
            match operation {
                "InitiateAuth" => self.initiate_auth(request, &mut detail),
                "RespondToAuthChallenge" => self.respond_to_auth_challenge(request, &mut detail),
                "ConfirmDevice" => self.confirm_device(request, &mut detail),
                "UpdateDeviceStatus" => self.update_device_status(request, &mut detail),
                "GetDevice" => self.get_device(request, &mut detail),
                "ListDevices" => self.list_devices(request, &mut detail),
                "ForgetDevice" => self.forget_device(request, &mut detail),
                "GetUser" => self.get_user(request, &mut detail),
                "GlobalSignOut" => self.global_sign_out(request, &mut detail),
                "RevokeToken" => self.revoke_token(request, &mut detail),
                _ => Err(Fault::new(
                    "UnknownOperationException",
                    format!("Operation {operation} is not supported by this server."),
                )),
            }
        };
        match &result {
            Ok(v) => {
                let outcome = if let Some(c) = v.get("ChallengeName").and_then(Value::as_str) {
                    c.to_owned()
                } else if v.get("AuthenticationResult").is_some() {
                    "tokens".to_owned()
                } else {
                    "ok".to_owned()
                };
                self.log(&format!("{operation}{detail} -> {outcome}"));
            }
            Err(f) => self.log(&format!("{operation}{detail} -> {}: {}", f.code, f.message)),
        }
        result
    }

    // ---------------------------------------------------------------- helpers

    fn client_info(&self, client_id: &str) -> Result<ClientInfo, Fault> {
        let st = self.state.lock().unwrap();
        let c = st.clients.get(client_id).ok_or_else(|| {
            Fault::new(
                "ResourceNotFoundException",
                format!("User pool client {client_id} does not exist."),
            )
        })?;
        Ok((c.pool_id.clone(), c.secret.clone(), c.flows.clone()))
    }

    fn check_secret_hash(
        secret: Option<&ClientSecret>,
        client_id: &str,
        username: &str,
        params: &HashMap<String, String>,
    ) -> Result<(), Fault> {
        let Some(secret) = secret else { return Ok(()) };
        let Some(got) = params.get(wire::SECRET_HASH) else {
            return Err(Fault::not_authorized(format!(
                "Client {client_id} is configured for secret but secret was not received"
            )));
        };
        let want = secret.secret_hash(username, client_id);
        if bool::from(want.as_bytes().ct_eq(got.as_bytes())) {
            Ok(())
        } else {
            Err(Fault::not_authorized(format!(
                "Unable to verify secret hash for client {client_id}"
            )))
        }
    }

    fn new_session(&self, mut pending: Pending, extra_alias: Vec<String>) -> Result<String, Fault> {
        let now = now_secs();
        let mut st = self.state.lock().unwrap();
        if st.sessions.len() >= MAX_PENDING {
            st.purge_expired(now);
            if st.sessions.len() >= MAX_PENDING {
                return Err(Fault::new(
                    "TooManyRequestsException",
                    "Too many sign-ins in progress.",
                ));
            }
        }
        let token = random_b64(96);
        pending.expires = now + self.session_validity;
        for a in &extra_alias {
            st.session_aliases.insert(a.clone(), token.clone());
        }
        pending.aliases = extra_alias;
        st.sessions.insert(token.clone(), pending);
        Ok(token)
    }

    fn take_pending(
        &self,
        request: &Value,
        challenge: &str,
        client_id: &str,
        alias: Option<String>,
    ) -> Result<Pending, Fault> {
        let session = str_field(request, "Session");
        let now = now_secs();
        let mut st = self.state.lock().unwrap();
        let token = st
            .find_session(session, alias.as_deref())
            .ok_or_else(Fault::bad_session)?;
        let p = st.take_session(&token).ok_or_else(Fault::bad_session)?;
        if p.expires <= now || p.client_id != client_id || p.stage.challenge_name() != challenge {
            return Err(Fault::bad_session());
        }
        Ok(p)
    }

    /// The salt and verifier for `username`, or a stand-in for a name that matched no user (same salt on
    /// every attempt, a verifier nobody can answer).
    fn verifier_or_fake(
        &self,
        pool_id: &str,
        user: Option<&str>,
        typed: &str,
    ) -> Result<PasswordVerifier, Fault> {
        let st = self.state.lock().unwrap();
        let pool = st
            .pools
            .get(pool_id)
            .ok_or_else(|| Fault::new("ResourceNotFoundException", "User pool does not exist."))?;
        if let Some(u) = user.and_then(|u| pool.users.get(u)) {
            return Ok(u.verifier.clone());
        }
        let sign = pool.salt_sign;
        drop(st);
        use hmac::{KeyInit, Mac};
        let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(&self.fake_key).expect("any key");
        mac.update(pool_id.as_bytes());
        mac.update(&[0]);
        mac.update(typed.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&digest[..16]);
        match sign {
            SaltSign::Any => {}
            SaltSign::Positive => salt[0] &= 0x7f,
            SaltSign::Negative => salt[0] |= 0x80,
        }
        let mut x = [0u8; 32];
        x.copy_from_slice(&random_bytes(32));
        let v = hazmat::verifier_from_private_key(&x);
        PasswordVerifier::from_parts(HexInteger::from_twos_complement(&salt), &v)
            .map_err(|e| Fault::internal(e.to_string()))
    }

    /// Issues the PASSWORD_VERIFIER challenge for a sign-in name.
    fn password_verifier_challenge(
        &self,
        pool_id: &str,
        client_id: &str,
        typed: &str,
        srp_a: &str,
        device_key: Option<String>,
        detail: &mut String,
    ) -> Handled {
        let (user, prevent) = {
            let st = self.state.lock().unwrap();
            let pool = &st.pools[pool_id];
            let user = pool.resolve(typed);
            if let Some(u) = user.as_deref().and_then(|u| pool.users.get(u)) {
                if !u.enabled {
                    return Err(Fault::not_authorized("User is disabled."));
                }
                if u.status == Status::Unconfirmed {
                    return Err(Fault::new(
                        "UserNotConfirmedException",
                        "User is not confirmed.",
                    ));
                }
            }
            (user, pool.prevent_user_existence_errors)
        };
        if user.is_none() && !prevent {
            return Err(Fault::new("UserNotFoundException", "User does not exist."));
        }
        let user_id = user.clone().unwrap_or_else(|| typed.to_owned());
        detail.push_str(&format!(" user={user_id}"));
        let verifier = self.verifier_or_fake(pool_id, user.as_deref(), typed)?;
        let session = ServerSession::start(&mut crate::util::os_rng(), &verifier);
        let srp_b = session.srp_b().to_owned();
        let key = session.finish(srp_a).map_err(|e| match e {
            SrpError::ClientPublicZero => Fault::not_authorized("Invalid SRP_A."),
            other => srp_fault(&other),
        })?;
        let secret_block = random_b64(384);
        let token = self.new_session(
            Pending {
                pool_id: pool_id.to_owned(),
                client_id: client_id.to_owned(),
                user,
                expires: 0,
                stage: Stage::PasswordVerifier {
                    key,
                    secret_block: secret_block.clone(),
                    device_key,
                },
                aliases: Vec::new(),
            },
            vec![format!("block:{secret_block}")],
        )?;
        Ok(json!({
            "ChallengeName": wire::CHALLENGE_PASSWORD_VERIFIER,
            "ChallengeParameters": {
                wire::SALT: verifier.salt().to_signed_hex(),
                wire::SRP_B: srp_b,
                wire::SECRET_BLOCK: secret_block,
                wire::USER_ID_FOR_SRP: user_id,
                wire::USERNAME: user_id,
            },
            "Session": token,
        }))
    }

    fn check_timestamp(&self, ts: &cognito_srp_core::Timestamp) -> Result<(), Fault> {
        if (ts.unix_seconds() - now_secs()).abs() > self.clock_skew {
            return Err(Fault::not_authorized(format!(
                "TIMESTAMP is more than {} seconds away from the server's clock.",
                self.clock_skew
            )));
        }
        Ok(())
    }

    /// Tokens for a signed-in user. `device_key` is the device used (or `None`); a new device is
    /// registered when the pool tracks devices and none was used.
    fn authentication_result(
        &self,
        pool_id: &str,
        client_id: &str,
        username: &str,
        device_key: Option<&str>,
        refresh: bool,
    ) -> Handled {
        let now = now_secs();
        let mut st = self.state.lock().unwrap();
        let pool = st.pools.get_mut(pool_id).ok_or_else(Fault::bad_session)?;
        let region = pool.id.region().to_owned();
        let tracking = pool.device_tracking;
        let user = pool.users.get_mut(username).ok_or_else(Fault::incorrect)?;
        let mut new_device = None;
        let device_used = match device_key {
            Some(k) if user.devices.contains_key(k) => Some(k.to_owned()),
            _ => None,
        };
        let token_device = if device_used.is_some() {
            device_used.clone()
        } else if tracking != DeviceTracking::Off && !refresh {
            if user.devices.len() >= MAX_DEVICES_PER_USER {
                let victim = user
                    .devices
                    .iter()
                    .filter(|(_, d)| d.verifier.is_none())
                    .chain(user.devices.iter())
                    .min_by(|a, b| a.1.created.total_cmp(&b.1.created))
                    .map(|(k, _)| k.clone());
                if let Some(v) = victim {
                    user.devices.remove(&v);
                }
            }
            let key = format!("{region}_{}", uuid_v4());
            let group_key = format!("-{}", random_alnum(9));
            let t = now_f64();
            user.devices.insert(
                key.clone(),
                Device {
                    group_key: group_key.clone(),
                    verifier: None,
                    remembered: false,
                    name: None,
                    created: t,
                    modified: t,
                    last_auth: t,
                },
            );
            new_device = Some((key.clone(), group_key));
            Some(key)
        } else {
            None
        };
        if let Some(k) = &device_used
            && let Some(d) = user.devices.get_mut(k)
        {
            d.last_auth = now_f64();
        }
        let (access, id) = self.tokens(pool_id, client_id, user, token_device.as_deref(), now);
        let user_name = user.username.clone();
        let mut result = Map::new();
        result.insert("AccessToken".into(), json!(access));
        result.insert("ExpiresIn".into(), json!(self.token_validity));
        result.insert("IdToken".into(), json!(id));
        result.insert("TokenType".into(), json!("Bearer"));
        if !refresh {
            if st.refresh.len() >= MAX_REFRESH_TOKENS {
                st.purge_expired(now);
            }
            let rt = random_b64(384);
            st.refresh.insert(
                rt.clone(),
                Grant {
                    pool_id: pool_id.to_owned(),
                    client_id: client_id.to_owned(),
                    username: user_name,
                    device_key: token_device.clone(),
                    expires: now + 30 * 24 * 3600,
                },
            );
            result.insert("RefreshToken".into(), json!(rt));
        }
        if let Some((k, g)) = new_device {
            result.insert(
                "NewDeviceMetadata".into(),
                json!({"DeviceKey": k, "DeviceGroupKey": g}),
            );
        }
        Ok(json!({"AuthenticationResult": result, "ChallengeParameters": {}}))
    }

    fn tokens(
        &self,
        pool_id: &str,
        client_id: &str,
        user: &User,
        device_key: Option<&str>,
        now: i64,
    ) -> (String, String) {
        let iss = self.issuer(pool_id);
        let origin = uuid_v4();
        let event = uuid_v4();
        let exp = now + self.token_validity;
        let mut access = Map::new();
        access.insert("sub".into(), json!(user.sub));
        if let Some(k) = device_key {
            access.insert("device_key".into(), json!(k));
        }
        access.insert("iss".into(), json!(iss));
        access.insert("client_id".into(), json!(client_id));
        access.insert("origin_jti".into(), json!(origin));
        access.insert("event_id".into(), json!(event));
        access.insert("token_use".into(), json!("access"));
        access.insert("scope".into(), json!("aws.cognito.signin.user.admin"));
        access.insert("auth_time".into(), json!(now));
        access.insert("exp".into(), json!(exp));
        access.insert("iat".into(), json!(now));
        access.insert("jti".into(), json!(uuid_v4()));
        access.insert("username".into(), json!(user.username));
        let mut id = Map::new();
        id.insert("sub".into(), json!(user.sub));
        for (k, v) in &user.attributes {
            let value = match (k.as_str(), v.as_str()) {
                ("email_verified" | "phone_number_verified", "true") => json!(true),
                ("email_verified" | "phone_number_verified", "false") => json!(false),
                _ => json!(v),
            };
            id.insert(k.clone(), value);
        }
        id.insert("iss".into(), json!(iss));
        id.insert("cognito:username".into(), json!(user.username));
        id.insert("origin_jti".into(), json!(origin));
        id.insert("aud".into(), json!(client_id));
        id.insert("event_id".into(), json!(event));
        id.insert("token_use".into(), json!("id"));
        id.insert("auth_time".into(), json!(now));
        id.insert("exp".into(), json!(exp));
        id.insert("iat".into(), json!(now));
        id.insert("jti".into(), json!(uuid_v4()));
        (self.jwt.sign(&access), self.jwt.sign(&id))
    }

    /// Checks an access token; returns (pool id, username, claims).
    fn access_token(&self, request: &Value) -> Result<(String, String, Map<String, Value>), Fault> {
        let token = str_field(request, "AccessToken")
            .ok_or_else(|| Fault::invalid("Missing required parameter AccessToken"))?;
        let now = now_secs();
        let claims = self.jwt.verify(token, now).map_err(|e| match e {
            TokenError::Expired => Fault::not_authorized("Access Token has expired"),
            TokenError::Invalid => Fault::not_authorized("Invalid Access Token"),
        })?;
        if claims.get("token_use").and_then(Value::as_str) != Some("access") {
            return Err(Fault::not_authorized("Invalid Access Token"));
        }
        let iss = claims.get("iss").and_then(Value::as_str).unwrap_or("");
        let pool_id = iss
            .strip_prefix(&format!("{}/", self.issuer_base))
            .ok_or_else(|| Fault::not_authorized("Invalid Access Token"))?
            .to_owned();
        let username = claims
            .get("username")
            .and_then(Value::as_str)
            .ok_or_else(|| Fault::not_authorized("Invalid Access Token"))?
            .to_owned();
        let iat = claims.get("iat").and_then(Value::as_i64).unwrap_or(0);
        let st = self.state.lock().unwrap();
        let user = st
            .pools
            .get(&pool_id)
            .and_then(|p| p.users.get(&username))
            .ok_or_else(|| Fault::not_authorized("Invalid Access Token"))?;
        if iat < user.revoked_before {
            return Err(Fault::not_authorized("Access Token has been revoked"));
        }
        Ok((pool_id, username, claims))
    }

    fn with_user<T>(
        &self,
        pool_id: &str,
        username: &str,
        f: impl FnOnce(&mut User) -> Result<T, Fault>,
    ) -> Result<T, Fault> {
        let mut st = self.state.lock().unwrap();
        let user = st
            .pools
            .get_mut(pool_id)
            .and_then(|p| p.users.get_mut(username))
            .ok_or_else(|| Fault::not_authorized("Invalid Access Token"))?;
        f(user)
    }

    // ---------------------------------------------------------------- operations

    fn initiate_auth(&self, request: &Value, detail: &mut String) -> Handled {
        let flow = str_field(request, "AuthFlow")
            .ok_or_else(|| Fault::invalid("Missing required parameter AuthFlow"))?;
        let client_id = str_field(request, "ClientId")
            .ok_or_else(|| Fault::invalid("Missing required parameter ClientId"))?;
        let params = string_map(request.get("AuthParameters"))?;
        detail.push_str(&format!(" {flow} client={client_id}"));
        let (pool_id, secret, flows) = self.client_info(client_id)?;
        let flow_key = if flow == "REFRESH_TOKEN" {
            "REFRESH_TOKEN_AUTH"
        } else {
            flow
        };
        if !flows.contains(flow_key) {
            return Err(Fault::invalid(format!(
                "{flow} flow not enabled for this client"
            )));
        }
        if flow_key == "REFRESH_TOKEN_AUTH" {
            return self.refresh(&pool_id, client_id, secret.as_deref(), &params, detail);
        }
        let username = required(&params, wire::USERNAME)?;
        Self::check_secret_hash(secret.as_deref(), client_id, username, &params)?;
        let device_key = params.get(wire::DEVICE_KEY).cloned();
        match flow {
            "USER_SRP_AUTH" => {
                let srp_a = required(&params, wire::SRP_A)?;
                self.password_verifier_challenge(
                    &pool_id, client_id, username, srp_a, device_key, detail,
                )
            }
            "CUSTOM_AUTH" => {
                if params.get(wire::CHALLENGE_NAME).map(String::as_str) != Some(wire::SRP_A) {
                    return Err(Fault::invalid(
                        "CUSTOM_AUTH is served only when it starts with SRP (CHALLENGE_NAME: SRP_A): this server runs no Lambda triggers.",
                    ));
                }
                let srp_a = required(&params, wire::SRP_A)?;
                self.password_verifier_challenge(
                    &pool_id, client_id, username, srp_a, device_key, detail,
                )
            }
            "USER_AUTH" => {
                if params.get(wire::PREFERRED_CHALLENGE).map(String::as_str)
                    == Some(wire::PASSWORD_SRP)
                {
                    let srp_a = required(&params, wire::SRP_A)?;
                    return self.password_verifier_challenge(
                        &pool_id, client_id, username, srp_a, device_key, detail,
                    );
                }
                let token = self.new_session(
                    Pending {
                        pool_id: pool_id.clone(),
                        client_id: client_id.to_owned(),
                        user: None,
                        expires: 0,
                        stage: Stage::SelectChallenge {
                            typed_username: username.to_owned(),
                        },
                        aliases: Vec::new(),
                    },
                    Vec::new(),
                )?;
                Ok(json!({
                    "ChallengeName": wire::CHALLENGE_SELECT_CHALLENGE,
                    "ChallengeParameters": {},
                    "AvailableChallenges": [wire::PASSWORD_SRP],
                    "Session": token,
                }))
            }
            other => Err(Fault::invalid(format!(
                "{other} flow not enabled for this client"
            ))),
        }
    }

    fn refresh(
        &self,
        pool_id: &str,
        client_id: &str,
        secret: Option<&ClientSecret>,
        params: &HashMap<String, String>,
        detail: &mut String,
    ) -> Handled {
        let rt = required(params, "REFRESH_TOKEN")?;
        let now = now_secs();
        let grant = {
            let st = self.state.lock().unwrap();
            let g = st
                .refresh
                .get(rt)
                .filter(|g| g.expires > now && g.client_id == client_id && g.pool_id == pool_id)
                .ok_or_else(|| Fault::not_authorized("Invalid Refresh Token"))?;
            let sub = st.pools[pool_id]
                .users
                .get(&g.username)
                .map(|u| u.sub.clone())
                .unwrap_or_default();
            (g.username.clone(), g.device_key.clone(), sub)
        };
        if let Some(s) = secret {
            let by_name = Self::check_secret_hash(Some(s), client_id, &grant.0, params);
            if by_name.is_err() {
                Self::check_secret_hash(Some(s), client_id, &grant.2, params)?;
            }
        }
        detail.push_str(&format!(" user={}", grant.0));
        self.authentication_result(pool_id, client_id, &grant.0, grant.1.as_deref(), true)
    }

    fn respond_to_auth_challenge(&self, request: &Value, detail: &mut String) -> Handled {
        let challenge = str_field(request, "ChallengeName")
            .ok_or_else(|| Fault::invalid("Missing required parameter ChallengeName"))?;
        let client_id = str_field(request, "ClientId")
            .ok_or_else(|| Fault::invalid("Missing required parameter ClientId"))?;
        let responses = string_map(request.get("ChallengeResponses"))?;
        detail.push_str(&format!(" {challenge} client={client_id}"));
        let (pool_id, secret, _) = self.client_info(client_id)?;
        match challenge {
            wire::CHALLENGE_PASSWORD_VERIFIER => self.answer_password_verifier(
                request,
                &pool_id,
                client_id,
                secret.as_deref(),
                &responses,
                detail,
            ),
            wire::CHALLENGE_DEVICE_SRP_AUTH => self.answer_device_srp_auth(
                request,
                &pool_id,
                client_id,
                secret.as_deref(),
                &responses,
                detail,
            ),
            wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER => self.answer_device_password_verifier(
                request,
                &pool_id,
                client_id,
                secret.as_deref(),
                &responses,
                detail,
            ),
            wire::CHALLENGE_SELECT_CHALLENGE => {
                let p = self.take_pending(request, challenge, client_id, None)?;
                let Stage::SelectChallenge { typed_username } = p.stage else {
                    return Err(Fault::bad_session());
                };
                let username = required(&responses, wire::USERNAME)?;
                if username != typed_username {
                    return Err(Fault::bad_session());
                }
                Self::check_secret_hash(secret.as_deref(), client_id, username, &responses)?;
                if required(&responses, wire::ANSWER)? != wire::PASSWORD_SRP {
                    return Err(Fault::invalid(
                        "Only PASSWORD_SRP is available on this server.",
                    ));
                }
                let srp_a = required(&responses, wire::SRP_A)?;
                let device_key = responses.get(wire::DEVICE_KEY).cloned();
                self.password_verifier_challenge(
                    &pool_id, client_id, username, srp_a, device_key, detail,
                )
            }
            "NEW_PASSWORD_REQUIRED" => {
                let p = self.take_pending(request, challenge, client_id, None)?;
                let Stage::NewPasswordRequired { device_key } = p.stage else {
                    return Err(Fault::bad_session());
                };
                let user = p.user.ok_or_else(Fault::bad_session)?;
                let username = required(&responses, wire::USERNAME)?;
                Self::check_secret_hash(secret.as_deref(), client_id, username, &responses)?;
                let new_password = Password::new(required(&responses, "NEW_PASSWORD")?.to_owned())
                    .map_err(|e| Fault::new("InvalidPasswordException", e.to_string()))?;
                if new_password_too_short(&responses) {
                    return Err(Fault::new(
                        "InvalidPasswordException",
                        "Password does not conform to policy: Password not long enough",
                    ));
                }
                let (id, sign) = {
                    let st = self.state.lock().unwrap();
                    let pool = &st.pools[&pool_id];
                    if pool.resolve(username).as_deref() != Some(user.as_str()) {
                        return Err(Fault::bad_session());
                    }
                    (pool.id.clone(), pool.salt_sign)
                };
                let verifier = verifier_for(&id, sign, &user, &new_password);
                {
                    let mut st = self.state.lock().unwrap();
                    let u = st
                        .pools
                        .get_mut(&pool_id)
                        .and_then(|p| p.users.get_mut(&user))
                        .ok_or_else(Fault::bad_session)?;
                    u.verifier = verifier;
                    u.status = Status::Confirmed;
                }
                detail.push_str(&format!(" user={user} (password changed)"));
                self.authentication_result(&pool_id, client_id, &user, device_key.as_deref(), false)
            }
            other => Err(Fault::invalid(format!(
                "Challenge {other} is not supported by this server."
            ))),
        }
    }

    fn answer_password_verifier(
        &self,
        request: &Value,
        pool_id: &str,
        client_id: &str,
        secret: Option<&ClientSecret>,
        responses: &HashMap<String, String>,
        detail: &mut String,
    ) -> Handled {
        let block_alias = responses
            .get(wire::PASSWORD_CLAIM_SECRET_BLOCK)
            .map(|b| format!("block:{b}"));
        // A DEVICE_KEY that names no device of this user is refused before the challenge is used up, so
        // the client can send the same answer again without it (as amazon-cognito-identity-js does).
        {
            let st = self.state.lock().unwrap();
            let token = st
                .find_session(str_field(request, "Session"), block_alias.as_deref())
                .ok_or_else(Fault::bad_session)?;
            let p = &st.sessions[&token];
            // Only the key in this answer: a client retrying without it must get through even when
            // InitiateAuth carried the same unknown key (which is then ignored).
            let sent_key = responses.get(wire::DEVICE_KEY);
            if let (Some(k), Some(u)) = (sent_key, p.user.as_ref()) {
                let pool = st.pools.get(&p.pool_id).ok_or_else(Fault::bad_session)?;
                let known = pool.users.get(u).is_some_and(|u| u.devices.contains_key(k));
                if !known && pool.device_tracking != DeviceTracking::Off {
                    return Err(Fault::new(
                        "ResourceNotFoundException",
                        "Device does not exist.",
                    ));
                }
            }
        }
        let p = self.take_pending(
            request,
            wire::CHALLENGE_PASSWORD_VERIFIER,
            client_id,
            block_alias,
        )?;
        let Stage::PasswordVerifier {
            key,
            secret_block,
            device_key,
        } = p.stage
        else {
            return Err(Fault::bad_session());
        };
        let username = required(responses, wire::USERNAME)?;
        Self::check_secret_hash(secret, client_id, username, responses)?;
        let (pool_name, tracking) = {
            let st = self.state.lock().unwrap();
            let pool = &st.pools[pool_id];
            (pool.id.pool_name().to_owned(), pool.device_tracking)
        };
        let user_id = p.user.clone().unwrap_or_else(|| username.to_owned());
        detail.push_str(&format!(" user={user_id}"));
        let verified = key
            .verify_response(responses, &pool_name, &user_id, &secret_block)
            .map_err(|e| srp_fault(&e));
        let user = match (verified, p.user) {
            (Ok(ts), Some(u))
                if username == u
                    || self.state.lock().unwrap().pools[pool_id]
                        .resolve(username)
                        .as_deref()
                        == Some(u.as_str()) =>
            {
                self.check_timestamp(&ts)?;
                u
            }
            (Err(f), _) if f.code != "NotAuthorizedException" => return Err(f),
            _ => {
                self.stats.lock().unwrap().refused += 1;
                return Err(Fault::incorrect());
            }
        };
        self.stats.lock().unwrap().password_verified += 1;
        let device_key = responses.get(wire::DEVICE_KEY).cloned().or(device_key);
        let (status, enabled, device_ready) = {
            let st = self.state.lock().unwrap();
            let u = &st.pools[pool_id].users[&user];
            let ready = device_key
                .as_ref()
                .and_then(|k| u.devices.get(k))
                .is_some_and(|d| d.verifier.is_some());
            (u.status, u.enabled, ready)
        };
        if !enabled {
            return Err(Fault::not_authorized("User is disabled."));
        }
        if status == Status::ForceChangePassword {
            let attrs = {
                let st = self.state.lock().unwrap();
                let u = &st.pools[pool_id].users[&user];
                let mut m = Map::new();
                for (k, v) in &u.attributes {
                    m.insert(k.clone(), json!(v));
                }
                Value::Object(m).to_string()
            };
            let token = self.new_session(
                Pending {
                    pool_id: pool_id.to_owned(),
                    client_id: client_id.to_owned(),
                    user: Some(user.clone()),
                    expires: 0,
                    stage: Stage::NewPasswordRequired { device_key },
                    aliases: Vec::new(),
                },
                Vec::new(),
            )?;
            return Ok(json!({
                "ChallengeName": "NEW_PASSWORD_REQUIRED",
                "ChallengeParameters": {
                    wire::USER_ID_FOR_SRP: user,
                    "requiredAttributes": "[]",
                    "userAttributes": attrs,
                },
                "Session": token,
            }));
        }
        if let (Some(k), true, false) = (&device_key, device_ready, tracking == DeviceTracking::Off)
        {
            detail.push_str(&format!(" device={k}"));
            let token = self.new_session(
                Pending {
                    pool_id: pool_id.to_owned(),
                    client_id: client_id.to_owned(),
                    user: Some(user.clone()),
                    expires: 0,
                    stage: Stage::DeviceSrpAuth {
                        device_key: k.clone(),
                    },
                    aliases: Vec::new(),
                },
                vec![format!("device:{client_id}:{user}:{k}")],
            )?;
            return Ok(json!({
                "ChallengeName": wire::CHALLENGE_DEVICE_SRP_AUTH,
                "ChallengeParameters": {},
                "Session": token,
            }));
        }
        self.authentication_result(pool_id, client_id, &user, device_key.as_deref(), false)
    }

    fn answer_device_srp_auth(
        &self,
        request: &Value,
        pool_id: &str,
        client_id: &str,
        secret: Option<&ClientSecret>,
        responses: &HashMap<String, String>,
        detail: &mut String,
    ) -> Handled {
        let username = required(responses, wire::USERNAME)?;
        let sent_key = required(responses, wire::DEVICE_KEY)?;
        let srp_a = required(responses, wire::SRP_A)?;
        let alias = format!("device:{client_id}:{username}:{sent_key}");
        let p = self.take_pending(
            request,
            wire::CHALLENGE_DEVICE_SRP_AUTH,
            client_id,
            Some(alias),
        )?;
        let Stage::DeviceSrpAuth { device_key } = p.stage else {
            return Err(Fault::bad_session());
        };
        let user = p.user.ok_or_else(Fault::bad_session)?;
        detail.push_str(&format!(" user={user} device={device_key}"));
        if sent_key != device_key || username != user {
            return Err(Fault::bad_session());
        }
        Self::check_secret_hash(secret, client_id, username, responses)?;
        let verifier = {
            let st = self.state.lock().unwrap();
            st.pools[pool_id].users[&user]
                .devices
                .get(&device_key)
                .and_then(|d| d.verifier.clone())
                .ok_or_else(|| Fault::new("ResourceNotFoundException", "Device does not exist."))?
        };
        let session = ServerSession::start(&mut crate::util::os_rng(), &verifier);
        let srp_b = session.srp_b().to_owned();
        let key = session.finish(srp_a).map_err(|e| srp_fault(&e))?;
        let secret_block = random_b64(384);
        let token = self.new_session(
            Pending {
                pool_id: pool_id.to_owned(),
                client_id: client_id.to_owned(),
                user: Some(user.clone()),
                expires: 0,
                stage: Stage::DevicePasswordVerifier {
                    key,
                    secret_block: secret_block.clone(),
                    device_key,
                },
                aliases: Vec::new(),
            },
            vec![format!("block:{secret_block}")],
        )?;
        Ok(json!({
            "ChallengeName": wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
            "ChallengeParameters": {
                wire::SALT: verifier.salt().to_signed_hex(),
                wire::SRP_B: srp_b,
                wire::SECRET_BLOCK: secret_block,
                wire::USERNAME: user,
            },
            "Session": token,
        }))
    }

    fn answer_device_password_verifier(
        &self,
        request: &Value,
        pool_id: &str,
        client_id: &str,
        secret: Option<&ClientSecret>,
        responses: &HashMap<String, String>,
        detail: &mut String,
    ) -> Handled {
        let alias = responses
            .get(wire::PASSWORD_CLAIM_SECRET_BLOCK)
            .map(|b| format!("block:{b}"));
        let p = self.take_pending(
            request,
            wire::CHALLENGE_DEVICE_PASSWORD_VERIFIER,
            client_id,
            alias,
        )?;
        let Stage::DevicePasswordVerifier {
            key,
            secret_block,
            device_key,
        } = p.stage
        else {
            return Err(Fault::bad_session());
        };
        let user = p.user.ok_or_else(Fault::bad_session)?;
        detail.push_str(&format!(" user={user} device={device_key}"));
        let username = required(responses, wire::USERNAME)?;
        Self::check_secret_hash(secret, client_id, username, responses)?;
        if username != user
            || responses
                .get(wire::DEVICE_KEY)
                .is_some_and(|k| *k != device_key)
        {
            return Err(Fault::bad_session());
        }
        let group_key = {
            let st = self.state.lock().unwrap();
            st.pools[pool_id].users[&user]
                .devices
                .get(&device_key)
                .map(|d| d.group_key.clone())
                .ok_or_else(|| Fault::new("ResourceNotFoundException", "Device does not exist."))?
        };
        match key.verify_response(responses, &group_key, &device_key, &secret_block) {
            Ok(ts) => self.check_timestamp(&ts)?,
            Err(e) => {
                let f = srp_fault(&e);
                if f.code == "NotAuthorizedException" {
                    self.stats.lock().unwrap().refused += 1;
                    return Err(Fault::incorrect());
                }
                return Err(f);
            }
        }
        self.stats.lock().unwrap().device_verified += 1;
        detail.push_str(" (device SRP verified)");
        self.authentication_result(pool_id, client_id, &user, Some(&device_key), false)
    }

    fn confirm_device(&self, request: &Value, detail: &mut String) -> Handled {
        let (pool_id, username, _) = self.access_token(request)?;
        let device_key = str_field(request, "DeviceKey")
            .ok_or_else(|| Fault::invalid("Missing required parameter DeviceKey"))?;
        let cfg = request.get("DeviceSecretVerifierConfig").ok_or_else(|| {
            Fault::invalid("Missing required parameter DeviceSecretVerifierConfig")
        })?;
        let config = DeviceSecretVerifierConfig {
            salt: str_field(cfg, "Salt")
                .ok_or_else(|| Fault::invalid("Missing required parameter Salt"))?
                .to_owned(),
            password_verifier: str_field(cfg, "PasswordVerifier")
                .ok_or_else(|| Fault::invalid("Missing required parameter PasswordVerifier"))?
                .to_owned(),
        };
        let verifier = PasswordVerifier::from_device_config(&config)
            .map_err(|e| Fault::invalid(format!("Invalid DeviceSecretVerifierConfig: {e}")))?;
        if verifier.salt().is_zero() {
            return Err(Fault::invalid(
                "Invalid DeviceSecretVerifierConfig: empty salt",
            ));
        }
        let name =
            str_field(request, "DeviceName").map(|n| n.chars().take(1024).collect::<String>());
        detail.push_str(&format!(" user={username} device={device_key}"));
        let tracking = self.state.lock().unwrap().pools[&pool_id].device_tracking;
        let necessary = tracking == DeviceTracking::UserOptIn;
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get_mut(device_key)
                .ok_or_else(|| Fault::new("ResourceNotFoundException", "Device does not exist."))?;
            d.verifier = Some(verifier);
            d.name = name;
            d.remembered = !necessary;
            d.modified = now_f64();
            Ok(())
        })?;
        self.stats.lock().unwrap().devices_confirmed += 1;
        Ok(json!({"UserConfirmationNecessary": necessary}))
    }

    fn update_device_status(&self, request: &Value, detail: &mut String) -> Handled {
        let (pool_id, username, _) = self.access_token(request)?;
        let device_key = str_field(request, "DeviceKey")
            .ok_or_else(|| Fault::invalid("Missing required parameter DeviceKey"))?;
        let remembered = match str_field(request, "DeviceRememberedStatus") {
            Some("remembered") => true,
            Some("not_remembered") | None => false,
            Some(other) => {
                return Err(Fault::invalid(format!(
                    "Invalid DeviceRememberedStatus {other}"
                )));
            }
        };
        detail.push_str(&format!(
            " user={username} device={device_key} remembered={remembered}"
        ));
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get_mut(device_key)
                .ok_or_else(|| Fault::new("ResourceNotFoundException", "Device does not exist."))?;
            d.remembered = remembered;
            d.modified = now_f64();
            Ok(json!({}))
        })
    }

    fn get_device(&self, request: &Value, detail: &mut String) -> Handled {
        let (pool_id, username, _) = self.access_token(request)?;
        let device_key = str_field(request, "DeviceKey")
            .ok_or_else(|| Fault::invalid("Missing required parameter DeviceKey"))?;
        detail.push_str(&format!(" user={username} device={device_key}"));
        self.with_user(&pool_id, &username, |u| {
            let d = u
                .devices
                .get(device_key)
                .filter(|d| d.verifier.is_some())
                .ok_or_else(|| Fault::new("ResourceNotFoundException", "Device does not exist."))?;
            Ok(json!({"Device": device_json(device_key, d)}))
        })
    }

    fn list_devices(&self, request: &Value, detail: &mut String) -> Handled {
        let (pool_id, username, _) = self.access_token(request)?;
        let limit = request
            .get("Limit")
            .and_then(Value::as_u64)
            .unwrap_or(60)
            .clamp(1, 60) as usize;
        detail.push_str(&format!(" user={username}"));
        self.with_user(&pool_id, &username, |u| {
            let devices: Vec<Value> = u
                .devices
                .iter()
                .filter(|(_, d)| d.verifier.is_some())
                .take(limit)
                .map(|(k, d)| device_json(k, d))
                .collect();
            Ok(json!({"Devices": devices}))
        })
    }

    fn forget_device(&self, request: &Value, detail: &mut String) -> Handled {
        let (pool_id, username, _) = self.access_token(request)?;
        let device_key = str_field(request, "DeviceKey")
            .ok_or_else(|| Fault::invalid("Missing required parameter DeviceKey"))?;
        detail.push_str(&format!(" user={username} device={device_key}"));
        self.with_user(&pool_id, &username, |u| {
            u.devices
                .remove(device_key)
                .ok_or_else(|| Fault::new("ResourceNotFoundException", "Device does not exist."))?;
            Ok(json!({}))
        })
    }

    fn get_user(&self, request: &Value, detail: &mut String) -> Handled {
        let (pool_id, username, _) = self.access_token(request)?;
        detail.push_str(&format!(" user={username}"));
        self.with_user(&pool_id, &username, |u| {
            let mut attrs = vec![json!({"Name": "sub", "Value": u.sub})];
            attrs.extend(u.attributes.iter().map(|(k, v)| json!({"Name": k, "Value": v})));
            Ok(json!({"Username": u.username, "UserAttributes": attrs, "UserStatus": u.status.as_str()}))
        })
    }

    fn global_sign_out(&self, request: &Value, detail: &mut String) -> Handled {
        let (pool_id, username, _) = self.access_token(request)?;
        detail.push_str(&format!(" user={username}"));
        let now = now_secs();
        let mut st = self.state.lock().unwrap();
        st.refresh
            .retain(|_, g| !(g.pool_id == pool_id && g.username == username));
        if let Some(u) = st
            .pools
            .get_mut(&pool_id)
            .and_then(|p| p.users.get_mut(&username))
        {
            u.revoked_before = now + 1;
        }
        Ok(json!({}))
    }

    fn revoke_token(&self, request: &Value, _detail: &mut String) -> Handled {
        let token = str_field(request, "Token")
            .ok_or_else(|| Fault::invalid("Missing required parameter Token"))?;
        let client_id = str_field(request, "ClientId")
            .ok_or_else(|| Fault::invalid("Missing required parameter ClientId"))?;
        let mut st = self.state.lock().unwrap();
        if st
            .refresh
            .get(token)
            .is_some_and(|g| g.client_id == client_id)
        {
            st.refresh.remove(token);
        }
        Ok(json!({}))
    }
}

impl Fault {
    /// A server-side failure (HTTP 500).
    pub fn internal(message: impl Into<String>) -> Self {
        Fault {
            status: 500,
            code: "InternalErrorException",
            message: message.into(),
        }
    }
}

fn new_password_too_short(responses: &HashMap<String, String>) -> bool {
    responses
        .get("NEW_PASSWORD")
        .is_some_and(|p| p.chars().count() < 6)
}

fn device_json(key: &str, d: &Device) -> Value {
    let mut attrs = vec![
        json!({"Name": "device_status", "Value": "valid"}),
        json!({"Name": "dev:device_remembered_status", "Value": if d.remembered { "remembered" } else { "not_remembered" }}),
    ];
    if let Some(n) = &d.name {
        attrs.push(json!({"Name": "device_name", "Value": n}));
    }
    json!({
        "DeviceKey": key,
        "DeviceAttributes": attrs,
        "DeviceCreateDate": d.created,
        "DeviceLastModifiedDate": d.modified,
        "DeviceLastAuthenticatedDate": d.last_auth,
    })
}

fn str_field<'a>(v: &'a Value, name: &str) -> Option<&'a str> {
    v.get(name).and_then(Value::as_str)
}

fn required<'a>(m: &'a HashMap<String, String>, name: &'static str) -> Result<&'a str, Fault> {
    match m.get(name).map(String::as_str) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(Fault::invalid(format!("Missing required parameter {name}"))),
    }
}

/// A `map<string,string>` member; `null` values are dropped (amazon-cognito-identity-js sends
/// `DEVICE_KEY: null` when it forgets a device).
fn string_map(v: Option<&Value>) -> Result<HashMap<String, String>, Fault> {
    let mut out = HashMap::new();
    match v {
        None | Some(Value::Null) => {}
        Some(Value::Object(m)) => {
            for (k, v) in m {
                match v {
                    Value::String(s) => {
                        out.insert(k.clone(), s.clone());
                    }
                    Value::Null => {}
                    _ => {
                        return Err(Fault::new(
                            "SerializationException",
                            format!("Value of {k} must be a string."),
                        ));
                    }
                }
            }
        }
        Some(_) => {
            return Err(Fault::new(
                "SerializationException",
                "Expected a map of strings.",
            ));
        }
    }
    Ok(out)
}
