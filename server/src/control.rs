//! The control plane: user pools and app clients created, described, listed and deleted through the
//! API, as boto3, the AWS CLI or an SDK set them up. A pool or client made here and one from the
//! configuration file end in the same model ([`crate::config::PoolConfig`] and
//! [`crate::config::ClientConfig`] go through the same directory calls).

use crate::config::{ClientConfig, DeviceTracking, MfaMode, PoolConfig};
use crate::model::{Client, Pool};
use crate::pagination::page;
use crate::policy::PasswordPolicy;
use crate::protocol::pools::{
    CreateUserPoolClientRequest, CreateUserPoolRequest, DeviceConfigurationType,
    ListUserPoolClientsRequest, ListUserPoolClientsResponse, ListUserPoolsRequest,
    ListUserPoolsResponse, PasswordPolicyType, SchemaAttributeType, TokenValidityUnits,
    UserPoolClientDescription, UserPoolClientRequest, UserPoolClientResponse, UserPoolClientType,
    UserPoolDescription, UserPoolPolicyType, UserPoolRequest, UserPoolResponse, UserPoolType,
};
use crate::protocol::{CognitoError, Empty};
use crate::service::Server;
use crate::util::{random_alnum, random_bytes};

/// User pools the server holds at most (CreateUserPool past it: `LimitExceededException`).
pub const MAX_POOLS: usize = 1000;
/// App clients the server holds at most, over all pools.
pub const MAX_CLIENTS: usize = 10_000;

/// The flows of a client created without `ExplicitAuthFlows`, as Cognito's API.
const DEFAULT_FLOWS: [&str; 3] = [
    "ALLOW_USER_SRP_AUTH",
    "ALLOW_CUSTOM_AUTH",
    "ALLOW_REFRESH_TOKEN_AUTH",
];

/// Seconds in one `TokenValidityUnits` unit.
fn unit_seconds(unit: Option<&str>, default: &str) -> Result<i64, CognitoError> {
    match unit.unwrap_or(default) {
        "seconds" => Ok(1),
        "minutes" => Ok(60),
        "hours" => Ok(3600),
        "days" => Ok(86_400),
        other => Err(CognitoError::invalid(format!(
            "Invalid token validity unit {}",
            other.chars().take(32).collect::<String>()
        ))),
    }
}

fn policy_from(p: Option<&PasswordPolicyType>) -> PasswordPolicy {
    let d = PasswordPolicy::default();
    let Some(p) = p else { return d };
    PasswordPolicy {
        minimum_length: p.minimum_length.unwrap_or(d.minimum_length),
        require_uppercase: p.require_uppercase.unwrap_or(false),
        require_lowercase: p.require_lowercase.unwrap_or(false),
        require_numbers: p.require_numbers.unwrap_or(false),
        require_symbols: p.require_symbols.unwrap_or(false),
        temporary_password_validity_days: p
            .temporary_password_validity_days
            .unwrap_or(d.temporary_password_validity_days),
    }
}

fn describe_pool(pool: &Pool, region: &str) -> UserPoolType {
    let p = pool.password_policy;
    let id = pool.id.as_str().to_owned();
    UserPoolType {
        arn: format!("arn:aws:cognito-idp:{region}:000000000000:userpool/{id}"),
        id,
        name: pool.name.clone(),
        policies: UserPoolPolicyType {
            password_policy: Some(PasswordPolicyType {
                minimum_length: Some(p.minimum_length),
                require_uppercase: Some(p.require_uppercase),
                require_lowercase: Some(p.require_lowercase),
                require_numbers: Some(p.require_numbers),
                require_symbols: Some(p.require_symbols),
                temporary_password_validity_days: Some(p.temporary_password_validity_days),
            }),
        },
        auto_verified_attributes: pool.auto_verified_attributes.clone(),
        alias_attributes: pool
            .alias_attributes
            .iter()
            .filter(|a| !pool.username_attributes.contains(a))
            .cloned()
            .collect(),
        username_attributes: pool.username_attributes.clone(),
        mfa_configuration: match pool.mfa {
            MfaMode::Off => "OFF",
            MfaMode::On => "ON",
            MfaMode::Optional => "OPTIONAL",
        }
        .to_owned(),
        device_configuration: match pool.device_tracking {
            DeviceTracking::Off => None,
            tracking => Some(DeviceConfigurationType {
                challenge_required_on_new_device: false,
                device_only_remembered_on_user_prompt: tracking == DeviceTracking::UserOptIn,
            }),
        },
        schema_attributes: pool
            .required_attributes
            .iter()
            .map(|a| SchemaAttributeType {
                name: a.clone(),
                attribute_data_type: Some("String".into()),
                required: true,
                mutable: true,
            })
            .collect(),
        estimated_number_of_users: pool.users.len(),
        creation_date: pool.created,
        last_modified_date: pool.modified,
    }
}

fn describe_client(id: &str, c: &Client, default_validity: i64) -> UserPoolClientType {
    // Lifetimes are reported in the units Cognito defaults to when they divide evenly, else seconds.
    let in_units = |seconds: i64, unit: i64, name: &str| {
        if seconds % unit == 0 {
            (seconds / unit, name.to_owned())
        } else {
            (seconds, "seconds".to_owned())
        }
    };
    let (access, access_unit) =
        in_units(c.access_validity.unwrap_or(default_validity), 3600, "hours");
    let (id_v, id_unit) = in_units(c.id_validity.unwrap_or(default_validity), 3600, "hours");
    let (refresh, refresh_unit) =
        in_units(c.refresh_validity.unwrap_or(30 * 86_400), 86_400, "days");
    let mut flows: Vec<String> = c.flows.iter().map(|f| format!("ALLOW_{f}")).collect();
    flows.sort();
    UserPoolClientType {
        user_pool_id: c.pool_id.clone(),
        client_name: c.name.clone(),
        client_id: id.to_owned(),
        client_secret: c.secret_text.as_ref().map(|s| s.to_string()),
        explicit_auth_flows: flows,
        prevent_user_existence_errors: if c.prevent_user_existence_errors {
            "ENABLED"
        } else {
            "LEGACY"
        }
        .to_owned(),
        access_token_validity: access,
        id_token_validity: id_v,
        refresh_token_validity: refresh,
        token_validity_units: TokenValidityUnits {
            access_token: Some(access_unit),
            id_token: Some(id_unit),
            refresh_token: Some(refresh_unit),
        },
        enable_token_revocation: true,
        creation_date: c.created,
        last_modified_date: c.modified,
    }
}

impl Server {
    /// CreateUserPool: a pool with a new id `{region}_{9 letters and digits}`.
    pub(crate) fn create_user_pool(
        &self,
        r: CreateUserPoolRequest,
    ) -> Result<UserPoolResponse, CognitoError> {
        let name_len = r.pool_name.chars().count();
        if name_len == 0 || name_len > 128 {
            return Err(CognitoError::invalid(
                "1 validation error detected: Value at 'poolName' failed to satisfy constraint: Member must have length between 1 and 128",
            ));
        }
        let policy = policy_from(r.policies.as_ref().and_then(|p| p.password_policy.as_ref()));
        policy.validate()?;
        if !r.alias_attributes.is_empty() && !r.username_attributes.is_empty() {
            return Err(CognitoError::invalid(
                "Only one of the aliasAttributes or usernameAttributes can be set in a User Pool.",
            ));
        }
        if let Some(a) = r
            .alias_attributes
            .iter()
            .find(|a| !matches!(a.as_str(), "email" | "phone_number" | "preferred_username"))
        {
            return Err(CognitoError::invalid(format!(
                "Invalid alias attribute {a}"
            )));
        }
        if self.directory().pools.len() >= MAX_POOLS {
            return Err(CognitoError::LimitExceeded(format!(
                "The server holds its maximum of {MAX_POOLS} user pools."
            )));
        }
        let id = format!("{}_{}", self.region, random_alnum(9));
        let mut pc = PoolConfig::new(id.clone());
        pc.name = Some(r.pool_name);
        pc.password_policy = policy;
        pc.alias_attributes = r.alias_attributes;
        pc.username_attributes = r.username_attributes;
        pc.auto_verified_attributes = r.auto_verified_attributes;
        pc.mfa = match r.mfa_configuration.as_deref() {
            None | Some("OFF") => MfaMode::Off,
            Some("ON") => MfaMode::On,
            Some("OPTIONAL") => MfaMode::Optional,
            Some(_) => {
                return Err(CognitoError::invalid(
                    "MfaConfiguration must be OFF, ON or OPTIONAL.",
                ));
            }
        };
        pc.device_tracking = match r.device_configuration {
            None => DeviceTracking::Off,
            Some(d) if d.device_only_remembered_on_user_prompt => DeviceTracking::UserOptIn,
            Some(_) => DeviceTracking::Always,
        };
        pc.required_attributes = r
            .schema
            .iter()
            .filter(|a| a.required)
            .map(|a| a.name.clone())
            .collect();
        // API-created clients say for themselves whether they hide users (LEGACY by default).
        pc.prevent_user_existence_errors = false;
        self.add_pool(pc).map_err(CognitoError::invalid)?;
        let dir = self.directory();
        Ok(UserPoolResponse {
            user_pool: describe_pool(dir.pool(&id)?, &self.region),
        })
    }

    /// DescribeUserPool.
    pub(crate) fn describe_user_pool(
        &self,
        r: UserPoolRequest,
    ) -> Result<UserPoolResponse, CognitoError> {
        let dir = self.directory();
        Ok(UserPoolResponse {
            user_pool: describe_pool(dir.pool(&r.user_pool_id)?, &self.region),
        })
    }

    /// ListUserPools: by id.
    pub(crate) fn list_user_pools(
        &self,
        r: ListUserPoolsRequest,
    ) -> Result<ListUserPoolsResponse, CognitoError> {
        if !(1..=60).contains(&r.max_results) {
            return Err(CognitoError::invalid(
                "1 validation error detected: Value at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 60",
            ));
        }
        let dir = self.directory();
        let mut pools: Vec<(&String, &Pool)> = dir.pools.iter().collect();
        pools.sort_by(|a, b| a.0.cmp(b.0));
        let (user_pools, next_token) = page(
            pools.into_iter().map(|(k, p)| {
                (
                    k,
                    UserPoolDescription {
                        id: k.clone(),
                        name: p.name.clone(),
                        creation_date: p.created,
                        last_modified_date: p.modified,
                    },
                )
            }),
            r.next_token.as_deref(),
            Some(r.max_results),
        )?;
        Ok(ListUserPoolsResponse {
            user_pools,
            next_token,
        })
    }

    /// DeleteUserPool: the pool, its users and its app clients.
    pub(crate) fn delete_user_pool(&self, r: UserPoolRequest) -> Result<Empty, CognitoError> {
        let mut dir = self.directory_mut();
        dir.pool(&r.user_pool_id)?;
        dir.pools.remove(&r.user_pool_id);
        dir.clients.retain(|_, c| c.pool_id != r.user_pool_id);
        self.tokens.forget(&r.user_pool_id);
        Ok(Empty {})
    }

    /// CreateUserPoolClient: an id of 26 letters and digits, and a secret of 51 when asked for one.
    pub(crate) fn create_user_pool_client(
        &self,
        r: CreateUserPoolClientRequest,
    ) -> Result<UserPoolClientResponse, CognitoError> {
        let name_len = r.client_name.chars().count();
        if name_len == 0 || name_len > 128 {
            return Err(CognitoError::invalid(
                "1 validation error detected: Value at 'clientName' failed to satisfy constraint: Member must have length between 1 and 128",
            ));
        }
        let units = r.token_validity_units.clone().unwrap_or_default();
        let seconds = |v: Option<i64>, unit: Option<&str>, default: &str, range: (i64, i64)| {
            v.map(|v| {
                let s = v.saturating_mul(unit_seconds(unit, default)?);
                if s < range.0 || s > range.1 {
                    return Err(CognitoError::invalid(
                        "Token validity is outside the range Cognito allows.",
                    ));
                }
                Ok(s)
            })
            .transpose()
        };
        let id = random_alnum(26).to_ascii_lowercase();
        let mut cc = ClientConfig::new(id.clone());
        cc.name = Some(r.client_name);
        cc.access_token_validity_seconds = seconds(
            r.access_token_validity,
            units.access_token.as_deref(),
            "hours",
            (300, 86_400),
        )?;
        cc.id_token_validity_seconds = seconds(
            r.id_token_validity,
            units.id_token.as_deref(),
            "hours",
            (300, 86_400),
        )?;
        cc.refresh_token_validity_seconds = seconds(
            r.refresh_token_validity,
            units.refresh_token.as_deref(),
            "days",
            (3600, 3650 * 86_400),
        )?;
        cc.auth_flows = Some(
            r.explicit_auth_flows
                .unwrap_or_else(|| DEFAULT_FLOWS.map(String::from).to_vec()),
        );
        cc.prevent_user_existence_errors = Some(match r.prevent_user_existence_errors.as_deref() {
            None | Some("LEGACY") => false,
            Some("ENABLED") => true,
            Some(_) => {
                return Err(CognitoError::invalid(
                    "PreventUserExistenceErrors must be ENABLED or LEGACY.",
                ));
            }
        });
        if r.generate_secret {
            // 255 bits of randomness in Cognito's shape: 51 lowercase letters and digits.
            let text = data_encoding::BASE32_NOPAD.encode(&random_bytes(32));
            cc.secret = Some(text[..51].to_ascii_lowercase());
        }
        {
            let dir = self.directory();
            dir.pool(&r.user_pool_id)?;
            if dir.clients.len() >= MAX_CLIENTS {
                return Err(CognitoError::LimitExceeded(format!(
                    "The server holds its maximum of {MAX_CLIENTS} app clients."
                )));
            }
        }
        self.add_client(&r.user_pool_id, cc)
            .map_err(CognitoError::invalid)?;
        let dir = self.directory();
        let client = dir
            .clients
            .get(&id)
            .ok_or_else(|| CognitoError::internal("client vanished"))?;
        Ok(UserPoolClientResponse {
            user_pool_client: describe_client(&id, client, self.token_validity),
        })
    }

    /// The client `client_id` of `pool_id`.
    fn client_of<'a>(
        dir: &'a crate::model::Directory,
        pool_id: &str,
        client_id: &str,
    ) -> Result<&'a Client, CognitoError> {
        dir.pool(pool_id)?;
        dir.clients
            .get(client_id)
            .filter(|c| c.pool_id == pool_id)
            .ok_or_else(|| {
                CognitoError::not_found(format!(
                    "User pool client {} does not exist.",
                    client_id.chars().take(128).collect::<String>()
                ))
            })
    }

    /// DescribeUserPoolClient (the secret included, as Cognito's).
    pub(crate) fn describe_user_pool_client(
        &self,
        r: UserPoolClientRequest,
    ) -> Result<UserPoolClientResponse, CognitoError> {
        let dir = self.directory();
        let client = Self::client_of(&dir, &r.user_pool_id, &r.client_id)?;
        Ok(UserPoolClientResponse {
            user_pool_client: describe_client(&r.client_id, client, self.token_validity),
        })
    }

    /// ListUserPoolClients: by id.
    pub(crate) fn list_user_pool_clients(
        &self,
        r: ListUserPoolClientsRequest,
    ) -> Result<ListUserPoolClientsResponse, CognitoError> {
        let dir = self.directory();
        dir.pool(&r.user_pool_id)?;
        let mut clients: Vec<(&String, &Client)> = dir
            .clients
            .iter()
            .filter(|(_, c)| c.pool_id == r.user_pool_id)
            .collect();
        clients.sort_by(|a, b| a.0.cmp(b.0));
        let (user_pool_clients, next_token) = page(
            clients.into_iter().map(|(k, c)| {
                (
                    k,
                    UserPoolClientDescription {
                        client_id: k.clone(),
                        user_pool_id: c.pool_id.clone(),
                        client_name: c.name.clone(),
                    },
                )
            }),
            r.next_token.as_deref(),
            r.max_results,
        )?;
        Ok(ListUserPoolClientsResponse {
            user_pool_clients,
            next_token,
        })
    }

    /// DeleteUserPoolClient.
    pub(crate) fn delete_user_pool_client(
        &self,
        r: UserPoolClientRequest,
    ) -> Result<Empty, CognitoError> {
        let mut dir = self.directory_mut();
        Self::client_of(&dir, &r.user_pool_id, &r.client_id)?;
        dir.clients.remove(&r.client_id);
        Ok(Empty {})
    }
}
