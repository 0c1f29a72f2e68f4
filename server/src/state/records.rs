//! The rows of the state file, as JSON records, and their conversion to and from the model. A user's
//! row holds its attributes, devices (with their verifiers) and MFA state; verifiers are kept as the
//! signed hex of the salt and the hex of `v`, never a password. Challenge sessions, the lockout table
//! and one-time codes are not written (see the README).

use std::collections::BTreeMap;
use std::sync::Arc;

use cognito_srp_core::{ClientSecret, HexInteger, PasswordVerifier, PoolId};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use crate::codes::UserCodes;
use crate::config::{DeviceTracking, MfaMode, SaltSign};
use crate::grants::Origin;
use crate::mfa::{MfaMethod, UserMfa};
use crate::model::{AUTH_FLOWS, Client, Device, Pool, Status, User};
use crate::policy::PasswordPolicy;
use crate::tracked::Tracked;

/// A verifier: the salt as Cognito prints it and `v` in hex.
#[derive(Serialize, Deserialize)]
pub(super) struct VerifierRecord {
    salt: String,
    v: String,
}

impl VerifierRecord {
    fn of(v: &PasswordVerifier) -> Self {
        VerifierRecord {
            salt: v.salt().to_signed_hex(),
            v: data_encoding::HEXLOWER.encode(v.verifier_bytes()),
        }
    }

    fn into_verifier(self) -> Result<PasswordVerifier, String> {
        let salt = HexInteger::parse_salt(&self.salt).map_err(|e| e.to_string())?;
        let v = data_encoding::HEXLOWER
            .decode(self.v.as_bytes())
            .map_err(|e| e.to_string())?;
        PasswordVerifier::from_parts(salt, &v).map_err(|e| e.to_string())
    }
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

fn unhex(text: &str) -> Result<Vec<u8>, String> {
    data_encoding::HEXLOWER
        .decode(text.as_bytes())
        .map_err(|e| e.to_string())
}

fn methods(list: &[MfaMethod]) -> Vec<String> {
    list.iter().map(|m| m.name().to_owned()).collect()
}

fn parse_methods(list: &[String]) -> Result<Vec<MfaMethod>, String> {
    list.iter()
        .map(|n| MfaMethod::parse(n).ok_or_else(|| format!("unknown MFA method {n}")))
        .collect()
}

/// A pool's settings and its stand-in (users are rows of their own).
#[derive(Serialize, Deserialize)]
pub(super) struct PoolRecord {
    id: String,
    name: String,
    created: f64,
    modified: f64,
    password_policy: PasswordPolicy,
    username_attributes: Vec<String>,
    auto_verified_attributes: Vec<String>,
    max_users: usize,
    device_tracking: DeviceTracking,
    mfa: MfaMode,
    mfa_methods: Vec<String>,
    required_attributes: Vec<String>,
    alias_attributes: Vec<String>,
    salt_sign: SaltSign,
    prevent_default: bool,
    stand_in: VerifierRecord,
    stand_in_key: String,
    shapes: Vec<String>,
}

impl PoolRecord {
    pub fn of(p: &Pool) -> Self {
        PoolRecord {
            id: p.id.as_str().to_owned(),
            name: p.name.clone(),
            created: p.created,
            modified: p.modified,
            password_policy: p.password_policy,
            username_attributes: p.username_attributes.clone(),
            auto_verified_attributes: p.auto_verified_attributes.clone(),
            max_users: p.max_users,
            device_tracking: p.device_tracking,
            mfa: p.mfa,
            mfa_methods: methods(&p.mfa_methods),
            required_attributes: p.required_attributes.clone(),
            alias_attributes: p.alias_attributes.clone(),
            salt_sign: p.salt_sign,
            prevent_default: p.default_prevent_user_existence_errors,
            stand_in: VerifierRecord::of(&p.stand_in),
            stand_in_key: hex(&p.stand_in_key),
            shapes: p.shapes.clone(),
        }
    }

    /// The pool, without its users.
    pub fn into_pool(self) -> Result<Pool, String> {
        let key = unhex(&self.stand_in_key)?;
        let stand_in_key: [u8; 32] = key
            .as_slice()
            .try_into()
            .map_err(|_| "stand-in key is not 32 bytes".to_owned())?;
        Ok(Pool {
            id: PoolId::new(self.id.clone()).map_err(|e| e.to_string())?,
            name: self.name,
            created: self.created,
            modified: self.modified,
            password_policy: self.password_policy,
            username_attributes: self.username_attributes,
            auto_verified_attributes: self.auto_verified_attributes,
            max_users: self.max_users,
            device_tracking: self.device_tracking,
            mfa: self.mfa,
            mfa_methods: parse_methods(&self.mfa_methods)?,
            required_attributes: self.required_attributes,
            alias_attributes: self.alias_attributes,
            salt_sign: self.salt_sign,
            default_prevent_user_existence_errors: self.prevent_default,
            users: Tracked::default(),
            aliases: Default::default(),
            stand_in: self.stand_in.into_verifier()?,
            stand_in_key,
            shapes: self.shapes,
        })
    }
}

#[derive(Serialize, Deserialize)]
struct DeviceRecord {
    key: String,
    group_key: String,
    verifier: Option<VerifierRecord>,
    remembered: bool,
    name: Option<String>,
    created: f64,
    modified: f64,
    last_auth: f64,
}

#[derive(Serialize, Deserialize)]
struct MfaRecord {
    enabled: Vec<String>,
    preferred: Option<String>,
    /// The authenticator secret, hex.
    totp: Option<String>,
    pending_totp: Option<String>,
    last_step: Option<u64>,
    failed_codes: u32,
    locked_until: i64,
}

/// One user with its attributes, devices and MFA state.
#[derive(Serialize, Deserialize)]
pub(super) struct UserRecord {
    username: String,
    sub: String,
    verifier: VerifierRecord,
    status: String,
    enabled: bool,
    attributes: BTreeMap<String, String>,
    devices: Vec<DeviceRecord>,
    mfa: MfaRecord,
    created: f64,
    modified: f64,
}

impl UserRecord {
    pub fn of(u: &User) -> Self {
        UserRecord {
            username: u.username.clone(),
            sub: u.sub.clone(),
            verifier: VerifierRecord::of(&u.verifier),
            status: u.status.as_str().to_owned(),
            enabled: u.enabled,
            attributes: u.attributes.clone(),
            devices: u
                .devices
                .iter()
                .map(|(key, d)| DeviceRecord {
                    key: key.clone(),
                    group_key: d.group_key.clone(),
                    verifier: d.verifier.as_ref().map(VerifierRecord::of),
                    remembered: d.remembered,
                    name: d.name.clone(),
                    created: d.created,
                    modified: d.modified,
                    last_auth: d.last_auth,
                })
                .collect(),
            mfa: MfaRecord {
                enabled: methods(&u.mfa.enabled),
                preferred: u.mfa.preferred.map(|m| m.name().to_owned()),
                totp: u.mfa.totp.as_deref().map(|k| hex(k)),
                pending_totp: u.mfa.pending_totp.as_deref().map(|k| hex(k)),
                last_step: u.mfa.last_step,
                failed_codes: u.mfa.failed_codes,
                locked_until: u.mfa.locked_until,
            },
            created: u.created,
            modified: u.modified,
        }
    }

    pub fn into_user(self) -> Result<User, String> {
        let what = |e: String| format!("user {}: {e}", self.username);
        let mut devices = BTreeMap::new();
        for d in self.devices {
            let verifier = d.verifier.map(VerifierRecord::into_verifier).transpose();
            devices.insert(
                d.key,
                Device {
                    group_key: d.group_key,
                    verifier: verifier.map_err(what)?,
                    remembered: d.remembered,
                    name: d.name,
                    created: d.created,
                    modified: d.modified,
                    last_auth: d.last_auth,
                },
            );
        }
        let secret = |s: Option<String>| {
            s.map(|t| unhex(&t).map(Zeroizing::new))
                .transpose()
                .map_err(what)
        };
        let mfa = UserMfa {
            enabled: parse_methods(&self.mfa.enabled).map_err(what)?,
            preferred: self
                .mfa
                .preferred
                .map(|p| MfaMethod::parse(&p).ok_or_else(|| what(format!("MFA method {p}"))))
                .transpose()?,
            totp: secret(self.mfa.totp)?,
            pending_totp: secret(self.mfa.pending_totp)?,
            last_step: self.mfa.last_step,
            failed_codes: self.mfa.failed_codes,
            locked_until: self.mfa.locked_until,
        };
        Ok(User {
            status: Status::parse(&self.status)
                .ok_or_else(|| what(format!("status {}", self.status)))?,
            verifier: self.verifier.into_verifier().map_err(what)?,
            username: self.username,
            sub: self.sub,
            enabled: self.enabled,
            attributes: self.attributes,
            devices,
            mfa,
            created: self.created,
            modified: self.modified,
            codes: UserCodes::default(),
        })
    }
}

/// An app client (with its secret, which `SECRET_HASH` is checked against).
#[derive(Serialize, Deserialize)]
pub(super) struct ClientRecord {
    pool_id: String,
    name: String,
    secret: Option<String>,
    flows: Vec<String>,
    prevent_user_existence_errors: bool,
    created: f64,
    modified: f64,
    access_validity: Option<i64>,
    id_validity: Option<i64>,
    refresh_validity: Option<i64>,
}

impl ClientRecord {
    pub fn of(c: &Client) -> Self {
        ClientRecord {
            pool_id: c.pool_id.clone(),
            name: c.name.clone(),
            secret: c.secret_text.as_ref().map(|s| s.to_string()),
            flows: c.flows.iter().map(|f| (*f).to_owned()).collect(),
            prevent_user_existence_errors: c.prevent_user_existence_errors,
            created: c.created,
            modified: c.modified,
            access_validity: c.access_validity,
            id_validity: c.id_validity,
            refresh_validity: c.refresh_validity,
        }
    }

    pub fn into_client(self) -> Result<Client, String> {
        let flows = self
            .flows
            .iter()
            .map(|f| {
                AUTH_FLOWS
                    .into_iter()
                    .find(|k| k == f)
                    .ok_or_else(|| format!("unknown flow {f}"))
            })
            .collect::<Result<_, _>>()?;
        let secret = self
            .secret
            .clone()
            .map(ClientSecret::new)
            .transpose()
            .map_err(|e| e.to_string())?
            .map(Arc::new);
        Ok(Client {
            pool_id: self.pool_id,
            name: self.name,
            secret,
            secret_text: self.secret.map(Zeroizing::new),
            flows,
            prevent_user_existence_errors: self.prevent_user_existence_errors,
            created: self.created,
            modified: self.modified,
            access_validity: self.access_validity,
            id_validity: self.id_validity,
            refresh_validity: self.refresh_validity,
        })
    }
}

/// A sign-in origin with its refresh token.
#[derive(Serialize, Deserialize)]
pub(super) struct OriginRecord {
    pool_id: String,
    client_id: String,
    username: String,
    device_key: Option<String>,
    auth_time: i64,
    expires: i64,
    revoked: bool,
    refresh_token: String,
}

impl OriginRecord {
    pub fn of(o: &Origin) -> Self {
        OriginRecord {
            pool_id: o.pool_id.clone(),
            client_id: o.client_id.clone(),
            username: o.username.clone(),
            device_key: o.device_key.clone(),
            auth_time: o.auth_time,
            expires: o.expires,
            revoked: o.revoked,
            refresh_token: o.refresh_token.clone(),
        }
    }

    pub fn into_origin(self) -> Origin {
        Origin {
            pool_id: self.pool_id,
            client_id: self.client_id,
            username: self.username,
            device_key: self.device_key,
            auth_time: self.auth_time,
            expires: self.expires,
            revoked: self.revoked,
            refresh_token: self.refresh_token,
        }
    }
}
