//! The directory: user pools, their app clients, users and devices, built from a [`Config`] or from code.
//!
//! Passwords become SRP verifiers here and are dropped. Each pool also holds one stand-in verifier, used
//! for every sign-in name that matches no user, so an unknown name costs the same exponentiations as a
//! known one and gets a stable salt, and the usernames whose shapes stand-in ids take, fixed when the
//! pool is built so that adding a user changes no stand-in id.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use cognito_srp_core::{ClientSecret, HexInteger, Password, PasswordVerifier, PoolId};

use crate::codes::UserCodes;
use crate::config::{ClientConfig, DeviceTracking, MfaMode, PoolConfig, SaltSign, UserConfig};
use crate::mfa::{METHODS, MfaMethod, UserMfa, parse_methods};
use crate::policy::PasswordPolicy;
use crate::protocol::CognitoError;
use crate::tracked::Tracked;
use crate::util::{now_f64, os_rng, random_alnum, random_bytes, uuid_v4};

/// Devices kept per user; past this the oldest unconfirmed device is dropped first.
pub const MAX_DEVICES_PER_USER: usize = 64;

/// The flows an app client may enable.
pub const AUTH_FLOWS: [&str; 6] = [
    "USER_SRP_AUTH",
    "CUSTOM_AUTH",
    "USER_AUTH",
    "REFRESH_TOKEN_AUTH",
    "USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH",
];

/// A user's `UserStatus`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Status {
    /// `CONFIRMED`.
    Confirmed,
    /// `FORCE_CHANGE_PASSWORD`: sign-in answers `NEW_PASSWORD_REQUIRED`.
    ForceChangePassword,
    /// `UNCONFIRMED`: refused with `UserNotConfirmedException`.
    Unconfirmed,
    /// `RESET_REQUIRED`: refused with `PasswordResetRequiredException` until ForgotPassword and
    /// ConfirmForgotPassword set a new password.
    ResetRequired,
}

impl Status {
    /// Cognito's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Confirmed => "CONFIRMED",
            Status::ForceChangePassword => "FORCE_CHANGE_PASSWORD",
            Status::Unconfirmed => "UNCONFIRMED",
            Status::ResetRequired => "RESET_REQUIRED",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<Self> {
        match s {
            "CONFIRMED" => Some(Status::Confirmed),
            "FORCE_CHANGE_PASSWORD" => Some(Status::ForceChangePassword),
            "UNCONFIRMED" => Some(Status::Unconfirmed),
            "RESET_REQUIRED" => Some(Status::ResetRequired),
            _ => None,
        }
    }
}

/// A device of a user: issued at sign-in, usable for device SRP once confirmed.
pub(crate) struct Device {
    pub group_key: String,
    /// `None` until ConfirmDevice.
    pub verifier: Option<PasswordVerifier>,
    pub remembered: bool,
    pub name: Option<String>,
    pub created: f64,
    pub modified: f64,
    pub last_auth: f64,
}

/// One user.
pub(crate) struct User {
    pub username: String,
    pub sub: String,
    pub verifier: PasswordVerifier,
    pub status: Status,
    pub enabled: bool,
    pub attributes: BTreeMap<String, String>,
    pub devices: BTreeMap<String, Device>,
    pub mfa: UserMfa,
    /// When the user was created and last changed, Unix seconds.
    pub created: f64,
    pub modified: f64,
    /// Confirmation, reset and attribute verification codes waiting for an answer.
    pub codes: UserCodes,
}

impl User {
    /// Registers a new (unconfirmed) device; at [`MAX_DEVICES_PER_USER`] the oldest unconfirmed device
    /// goes first, else the oldest. Returns (device key, group key).
    pub fn new_device(&mut self, region: &str, now: f64) -> (String, String) {
        if self.devices.len() >= MAX_DEVICES_PER_USER {
            let oldest = |confirmed: Option<bool>| {
                self.devices
                    .iter()
                    .filter(|(_, d)| confirmed.is_none_or(|c| d.verifier.is_some() == c))
                    .min_by(|a, b| a.1.created.total_cmp(&b.1.created))
                    .map(|(k, _)| k.clone())
            };
            if let Some(victim) = oldest(Some(false)).or_else(|| oldest(None)) {
                self.devices.remove(&victim);
            }
        }
        let key = format!("{region}_{}", uuid_v4());
        let group_key = format!("-{}", random_alnum(9));
        self.devices.insert(
            key.clone(),
            Device {
                group_key: group_key.clone(),
                verifier: None,
                remembered: false,
                name: None,
                created: now,
                modified: now,
                last_auth: now,
            },
        );
        (key, group_key)
    }
}

/// What a sign-in name that matches no user is given instead: a stable `USER_ID_FOR_SRP` and a verifier
/// (the pool's stand-in `v` with a salt derived from the name).
pub(crate) struct StandIn {
    pub user_id: String,
    pub verifier: PasswordVerifier,
}

/// One user pool.
pub(crate) struct Pool {
    pub id: PoolId,
    pub name: String,
    pub created: f64,
    pub modified: f64,
    pub password_policy: PasswordPolicy,
    /// Sign-in attributes that replace the username (a subset of `alias_attributes`).
    pub username_attributes: Vec<String>,
    pub auto_verified_attributes: Vec<String>,
    pub max_users: usize,
    pub device_tracking: DeviceTracking,
    pub mfa: MfaMode,
    pub mfa_methods: Vec<MfaMethod>,
    pub required_attributes: Vec<String>,
    /// Every attribute a user signs in with besides the username: the configured aliases and the
    /// username attributes.
    pub alias_attributes: Vec<String>,
    pub salt_sign: SaltSign,
    /// What its app clients set `prevent_user_existence_errors` to when their configuration does not.
    pub default_prevent_user_existence_errors: bool,
    /// Users by username (changes recorded for the state file).
    pub users: Tracked<User>,
    /// Alias value → username.
    pub(crate) aliases: HashMap<String, String>,
    pub(crate) stand_in: PasswordVerifier,
    pub(crate) stand_in_key: [u8; 32],
    /// Usernames whose shapes stand-in ids take: up to [`MAX_SHAPES`] of the users the pool was built
    /// with, or its first user when built empty; fixed from then on, so adding a user changes no
    /// stand-in id.
    pub(crate) shapes: Vec<String>,
}

/// Usernames kept as shapes for stand-in ids.
const MAX_SHAPES: usize = 64;

impl Pool {
    fn new(pc: &PoolConfig) -> Result<Pool, String> {
        let id = PoolId::new(pc.id.clone()).map_err(|e| format!("pool {}: {e}", pc.id))?;
        let throwaway = Password::new(random_alnum(24)).map_err(|e| e.to_string())?;
        let stand_in = PasswordVerifier::generate(&mut os_rng(), id.pool_name(), "", &throwaway);
        let mut stand_in_key = [0u8; 32];
        stand_in_key.copy_from_slice(&random_bytes(32));
        let mfa_methods = match &pc.mfa_methods {
            Some(list) => parse_methods(list, &format!("pool {}", pc.id))?,
            None => METHODS.to_vec(),
        };
        pc.password_policy
            .validate()
            .map_err(|e| format!("pool {}: {}", pc.id, e.message()))?;
        let mut sign_in = pc.alias_attributes.clone();
        for a in &pc.username_attributes {
            if !matches!(a.as_str(), "email" | "phone_number") {
                return Err(format!(
                    "pool {}: username attribute {a} is not email or phone_number",
                    pc.id
                ));
            }
            if !sign_in.contains(a) {
                sign_in.push(a.clone());
            }
        }
        let now = now_f64();
        Ok(Pool {
            name: pc.name.clone().unwrap_or_else(|| pc.id.clone()),
            created: now,
            modified: now,
            password_policy: pc.password_policy,
            username_attributes: pc.username_attributes.clone(),
            auto_verified_attributes: pc.auto_verified_attributes.clone(),
            max_users: pc.max_users,
            id,
            device_tracking: pc.device_tracking,
            mfa: pc.mfa,
            mfa_methods,
            required_attributes: pc.required_attributes.clone(),
            alias_attributes: sign_in,
            salt_sign: pc.salt_sign,
            default_prevent_user_existence_errors: pc.prevent_user_existence_errors,
            users: Tracked::default(),
            aliases: HashMap::new(),
            stand_in,
            stand_in_key,
            shapes: Vec::new(),
        })
    }

    /// Takes up to [`MAX_SHAPES`] usernames, evenly spread, as the shapes of stand-in ids, once the
    /// users a pool is built with are in.
    fn fix_shapes(&mut self) {
        if self.users.is_empty() {
            return;
        }
        let step = self.users.len().div_ceil(MAX_SHAPES);
        self.shapes = self.users.keys().step_by(step).cloned().collect();
    }

    /// The user a sign-in name names: the username itself or an alias value.
    pub fn resolve(&self, name: &str) -> Option<&User> {
        self.users.get(name).or_else(|| {
            self.aliases
                .get(name)
                .and_then(|username| self.users.get(username))
        })
    }

    /// The stand-in for a name that matches no user. The same name always gets the same
    /// `USER_ID_FOR_SRP` and salt: the name itself, or, when it has the shape of an alias value this pool
    /// signs in with (an email address, a phone number), an id in the shape of one of the pool's
    /// usernames (see [`crate::stand_in`]), as a known alias would map to its username. The salt is
    /// derived from that id, so typing the id itself as a username gets the same salt.
    ///
    /// Its cost does not depend on the pool's size nor on the name's shape (the shaped id is made for
    /// every name), and callers compute it for known names too, so a known and an unknown name cost the
    /// same.
    pub fn stand_in(&self, name: &str) -> StandIn {
        let alias_shaped = self.alias_attributes.iter().any(|a| match a.as_str() {
            "email" => name.contains('@'),
            "phone_number" => name.starts_with('+'),
            _ => false,
        });
        let shaped = self.stand_in_id(name);
        let user_id = if alias_shaped {
            shaped
        } else {
            name.to_owned()
        };
        let digest = crate::stand_in::mac(&self.stand_in_key, &[b"salt", user_id.as_bytes()]);
        let mut salt = [0u8; 16];
        salt.copy_from_slice(&digest[..16]);
        match self.salt_sign {
            SaltSign::Any => {}
            SaltSign::Positive => salt[0] &= 0x7f,
            SaltSign::Negative => salt[0] |= 0x80,
        }
        let verifier = PasswordVerifier::from_parts(
            HexInteger::from_twos_complement(&salt),
            self.stand_in.verifier_bytes(),
        )
        .expect("the stand-in verifier is a residue");
        StandIn { user_id, verifier }
    }

    /// An id for the unknown alias `name` in the shape of one of the pool's fixed shapes (chosen by the
    /// name), that is no user's username or alias.
    fn stand_in_id(&self, name: &str) -> String {
        let pick = crate::stand_in::mac(&self.stand_in_key, &[b"pick", name.as_bytes()]);
        let template = (!self.shapes.is_empty()).then(|| {
            let n = u64::from_be_bytes(pick[..8].try_into().expect("8 bytes"));
            self.shapes[(n % self.shapes.len() as u64) as usize].as_str()
        });
        (0u32..)
            .map(|i| crate::stand_in::shaped_id(&self.stand_in_key, name, template, i))
            .find(|id| !self.users.contains_key(id) && !self.aliases.contains_key(id))
            .expect("an unused id")
    }

    /// Adds a user; its alias values must be unused in the pool.
    pub fn add_user(&mut self, uc: UserConfig) -> Result<(), String> {
        let user = new_user(&self.id, self.salt_sign, uc)?;
        self.insert(user)
    }

    /// Inserts a user made by [`new_user`]; the username and its alias values must be unused.
    pub fn insert(&mut self, user: User) -> Result<(), String> {
        if self.users.contains_key(&user.username) || self.aliases.contains_key(&user.username) {
            return Err(format!(
                "user {} defined twice in pool {}",
                user.username,
                self.id.as_str()
            ));
        }
        let mut new_aliases: Vec<String> = Vec::new();
        for a in &self.alias_attributes {
            if let Some(v) = user.attributes.get(a) {
                if self.aliases.contains_key(v)
                    || self.users.contains_key(v)
                    || new_aliases.contains(v)
                {
                    return Err(format!(
                        "user {}: {a} {v:?} is already used by another user of pool {}",
                        user.username,
                        self.id.as_str()
                    ));
                }
                new_aliases.push(v.clone());
            }
        }
        for v in new_aliases {
            self.aliases.insert(v, user.username.clone());
        }
        if self.shapes.is_empty() {
            self.shapes.push(user.username.clone());
        }
        self.users.insert(user.username.clone(), user);
        Ok(())
    }
}

/// A user of the pool `id` from its configuration: the password becomes a verifier (an exponentiation:
/// callers run this outside any lock) with a salt of sign `sign`.
pub(crate) fn new_user(id: &PoolId, sign: SaltSign, uc: UserConfig) -> Result<User, String> {
    check_username(&uc.username)?;
    let password =
        Password::new(uc.password.to_string()).map_err(|e| format!("user {}: {e}", uc.username))?;
    let verifier = verifier_for(id, sign, &uc.username, &password);
    user_with_verifier(uc, verifier)
}

fn check_username(username: &str) -> Result<(), String> {
    if username.is_empty() || username.chars().count() > 128 {
        return Err(format!(
            "user {username:?}: username must be 1 to 128 characters"
        ));
    }
    Ok(())
}

/// A user from its configuration with a verifier already made (`uc.password` is not looked at).
pub(crate) fn user_with_verifier(
    uc: UserConfig,
    verifier: PasswordVerifier,
) -> Result<User, String> {
    check_username(&uc.username)?;
    let status = match uc.status.as_deref() {
        None => Status::Confirmed,
        Some(s) => {
            Status::parse(s).ok_or_else(|| format!("user {}: unknown status {s}", uc.username))?
        }
    };
    let now = now_f64();
    let mfa = UserMfa::from_config(
        &uc.username,
        &uc.mfa,
        uc.preferred_mfa.as_deref(),
        uc.totp_secret.as_deref().map(String::as_str),
    )?;
    Ok(User {
        mfa,
        verifier,
        username: uc.username,
        sub: uc.sub.unwrap_or_else(uuid_v4),
        status,
        enabled: uc.enabled,
        attributes: uc.attributes,
        devices: BTreeMap::new(),
        created: now,
        modified: now,
        codes: UserCodes::default(),
    })
}

/// A new verifier for `username` in pool `id`, with a salt of sign `sign`.
pub(crate) fn verifier_for(
    id: &PoolId,
    sign: SaltSign,
    username: &str,
    password: &Password,
) -> PasswordVerifier {
    let mut rng = os_rng();
    loop {
        let v = PasswordVerifier::generate(&mut rng, id.pool_name(), username, password);
        if sign.accepts(v.salt().is_negative()) {
            return v;
        }
    }
}

/// One app client.
pub(crate) struct Client {
    pub pool_id: String,
    pub name: String,
    pub secret: Option<Arc<ClientSecret>>,
    /// The secret's text, for DescribeUserPoolClient.
    pub secret_text: Option<zeroize::Zeroizing<String>>,
    pub flows: BTreeSet<&'static str>,
    pub prevent_user_existence_errors: bool,
    pub created: f64,
    pub modified: f64,
    /// Token lifetimes, seconds (`None`: the server's defaults).
    pub access_validity: Option<i64>,
    pub id_validity: Option<i64>,
    pub refresh_validity: Option<i64>,
}

fn no_pool(id: &str) -> CognitoError {
    CognitoError::not_found(format!(
        "User pool {} does not exist.",
        id.chars().take(64).collect::<String>()
    ))
}

/// Every pool and app client.
#[derive(Default)]
pub(crate) struct Directory {
    /// Pools by id (changes recorded for the state file).
    pub pools: Tracked<Pool>,
    /// App clients by id (changes recorded for the state file).
    pub clients: Tracked<Client>,
}

impl Directory {
    /// The pool `id`.
    ///
    /// # Errors
    /// `ResourceNotFoundException` for an unknown pool.
    pub fn pool(&self, id: &str) -> Result<&Pool, CognitoError> {
        self.pools.get(id).ok_or_else(|| no_pool(id))
    }

    /// The pool `id`, to change it.
    ///
    /// # Errors
    /// `ResourceNotFoundException` for an unknown pool.
    pub fn pool_mut(&mut self, id: &str) -> Result<&mut Pool, CognitoError> {
        self.pools.get_mut(id).ok_or_else(|| no_pool(id))
    }

    /// The user `username` (not an alias) of pool `pool_id`.
    pub fn user(&self, pool_id: &str, username: &str) -> Option<&User> {
        self.pools.get(pool_id)?.users.get(username)
    }

    /// The user `username` (not an alias) of pool `pool_id`, to change it.
    pub fn user_mut(&mut self, pool_id: &str, username: &str) -> Option<&mut User> {
        self.pools.get_mut(pool_id)?.users.get_mut(username)
    }

    /// Builds the directory; every password becomes a verifier.
    pub fn from_config(config: Vec<PoolConfig>) -> Result<Directory, String> {
        let mut d = Directory::default();
        for pc in config {
            d.add_pool(pc)?;
        }
        Ok(d)
    }

    /// Adds a pool with its clients and users.
    pub fn add_pool(&mut self, mut pc: PoolConfig) -> Result<(), String> {
        if self.pools.contains_key(&pc.id) {
            return Err(format!("pool {} defined twice", pc.id));
        }
        let mut pool = Pool::new(&pc)?;
        for uc in std::mem::take(&mut pc.users) {
            pool.add_user(uc)?;
        }
        pool.fix_shapes();
        let clients = std::mem::take(&mut pc.clients);
        self.pools.insert(pc.id.clone(), pool);
        for cc in clients {
            if let Err(e) = self.add_client(&pc.id, cc) {
                self.pools.remove(&pc.id);
                return Err(e);
            }
        }
        Ok(())
    }

    /// Moves every pool and client of `other` in; none of their ids may be taken.
    pub fn merge(&mut self, mut other: Directory) -> Result<(), String> {
        if let Some(id) = other.pools.keys().find(|id| self.pools.contains_key(*id)) {
            return Err(format!("pool {id} defined twice"));
        }
        if let Some(c) = other.clients.keys().find(|c| self.clients.contains_key(*c)) {
            return Err(format!("client {c} defined twice"));
        }
        self.pools.extend(other.pools.drain());
        self.clients.extend(other.clients.drain());
        Ok(())
    }

    /// Adds an app client to a pool.
    pub fn add_client(&mut self, pool_id: &str, cc: ClientConfig) -> Result<(), String> {
        let pool = self
            .pools
            .get(pool_id)
            .ok_or_else(|| format!("no pool {pool_id}"))?;
        if self.clients.contains_key(&cc.id) {
            return Err(format!("client {} defined twice", cc.id));
        }
        let flows = match cc.auth_flows {
            None => AUTH_FLOWS.into_iter().collect(),
            Some(list) => {
                let mut set = BTreeSet::new();
                for f in list {
                    let name = match f.strip_prefix("ALLOW_").unwrap_or(&f) {
                        "ADMIN_NO_SRP_AUTH" => "ADMIN_USER_PASSWORD_AUTH",
                        other => other,
                    };
                    let known = AUTH_FLOWS
                        .into_iter()
                        .find(|k| *k == name)
                        .ok_or_else(|| format!("client {}: unknown auth flow {name}", cc.id))?;
                    set.insert(known);
                }
                set
            }
        };
        let secret_text = cc.secret.clone().map(zeroize::Zeroizing::new);
        let secret = cc
            .secret
            .map(ClientSecret::new)
            .transpose()
            .map_err(|e| format!("client {}: {e}", cc.id))?
            .map(Arc::new);
        let prevent = cc
            .prevent_user_existence_errors
            .unwrap_or(pool.default_prevent_user_existence_errors);
        let now = now_f64();
        self.clients.insert(
            cc.id.clone(),
            Client {
                pool_id: pool_id.to_owned(),
                name: cc.name.unwrap_or(cc.id),
                secret,
                secret_text,
                flows,
                prevent_user_existence_errors: prevent,
                created: now,
                modified: now,
                access_validity: cc.access_token_validity_seconds,
                id_validity: cc.id_token_validity_seconds,
                refresh_validity: cc.refresh_token_validity_seconds,
            },
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests;
