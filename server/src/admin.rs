//! The admin operations on a pool's users. Callers are IAM-authorised (see [`crate::protocol::Access`]),
//! so they are told plainly when a user does not exist (`UserNotFoundException`), as Cognito tells them.

use zeroize::Zeroizing;

use crate::codes::{IssuedCode, RESET_CODE_SECONDS};
use crate::config::UserConfig;
use crate::delivery::{Destination, destination};
use crate::filter::Filter;
use crate::lifecycle::{check_username, password};
use crate::model::{Pool, Status, User, verifier_for};
use crate::ops::{device_type, user_attributes};
use crate::pagination::page;
use crate::protocol::admin::{
    AdminCreateUserRequest, AdminCreateUserResponse, AdminDeleteUserAttributesRequest,
    AdminDeviceRequest, AdminGetDeviceResponse, AdminGetUserResponse, AdminListDevicesRequest,
    AdminSetUserPasswordRequest, AdminUpdateUserAttributesRequest, AdminUserRequest,
    ListUsersRequest, ListUsersResponse,
};
use crate::protocol::devices::ListDevicesResponse;
use crate::protocol::types::{AttributeType, DeviceType, UserType};
use crate::protocol::{CognitoError, Empty};
use crate::service::{Server, lock};
use crate::util::{now_f64, now_secs, uuid_v4};

fn no_user() -> CognitoError {
    CognitoError::UserNotFound("User does not exist.".into())
}

/// A user as `UserType` carries it.
pub(crate) fn user_type(u: &User, only: Option<&[String]>) -> UserType {
    let mut attributes = user_attributes(u);
    if let Some(only) = only {
        attributes.retain(|a| only.contains(&a.name));
    }
    UserType {
        username: u.username.clone(),
        attributes,
        user_create_date: u.created,
        user_last_modified_date: u.modified,
        enabled: u.enabled,
        user_status: u.status.as_str().to_owned(),
    }
}

/// Attributes an administrator may set: any but `sub` and `cognito:*`, values bounded.
fn admin_attributes(given: &[AttributeType]) -> Result<Vec<(String, String)>, CognitoError> {
    given
        .iter()
        .map(|a| {
            if a.name == "sub" || a.name.starts_with("cognito:") || a.name.is_empty() {
                return Err(CognitoError::invalid(format!(
                    "Cannot modify the non-mutable attribute {}",
                    a.name.chars().take(64).collect::<String>()
                )));
            }
            let value = a.value.clone().unwrap_or_default();
            if value.chars().count() > crate::accounts::MAX_ATTRIBUTE_VALUE_CHARS {
                return Err(CognitoError::invalid(format!(
                    "Attributes did not conform to the schema: {}: String must be no longer than 2048 characters",
                    a.name
                )));
            }
            Ok((a.name.clone(), value))
        })
        .collect()
}

impl Server {
    /// Runs `f` on the user `name` of `pool_id` under the directory's write lock.
    fn with_admin_user<T>(
        &self,
        pool_id: &str,
        name: &str,
        f: impl FnOnce(&mut User) -> Result<T, CognitoError>,
    ) -> Result<T, CognitoError> {
        crate::trace::note_user(name);
        let mut dir = self.directory_mut();
        let user = dir
            .pool_mut(pool_id)?
            .resolve_mut(name)
            .ok_or_else(no_user)?;
        f(user)
    }

    /// The user `name` of `pool_id`, to read it (noted for the request log).
    fn admin_user<'d>(
        dir: &'d crate::model::Directory,
        pool_id: &str,
        name: &str,
    ) -> Result<&'d User, CognitoError> {
        crate::trace::note_user(name);
        dir.pool(pool_id)?.resolve(name).ok_or_else(no_user)
    }

    /// The username a name resolves to in `pool_id`.
    fn admin_username(&self, pool_id: &str, name: &str) -> Result<String, CognitoError> {
        Ok(Self::admin_user(&self.directory(), pool_id, name)?
            .username
            .clone())
    }

    /// AdminCreateUser: a `FORCE_CHANGE_PASSWORD` user with a temporary password, and its invitation
    /// (the temporary password) in the outbox unless `MessageAction` is `SUPPRESS`.
    pub(crate) fn admin_create_user(
        &self,
        r: AdminCreateUserRequest,
    ) -> Result<AdminCreateUserResponse, CognitoError> {
        crate::trace::note_user(&r.username);
        check_username(&r.username)?;
        let mut attributes = admin_attributes(&r.user_attributes)?;
        let (policy, username_attributes) = {
            let dir = self.directory();
            let pool = dir.pool(&r.user_pool_id)?;
            (pool.password_policy, pool.username_attributes.clone())
        };
        let temporary = match r.temporary_password.as_deref() {
            Some(t) => {
                policy.check(t)?;
                Zeroizing::new(t.to_owned())
            }
            None => Zeroizing::new(policy.temporary_password()),
        };
        let action = r.message_action.as_deref();
        if !matches!(action, None | Some("SUPPRESS" | "RESEND")) {
            return Err(CognitoError::invalid(
                "MessageAction must be SUPPRESS or RESEND.",
            ));
        }
        let username = if action == Some("RESEND") {
            let username = self.admin_username(&r.user_pool_id, &r.username)?;
            self.admin_set_password(
                &r.user_pool_id,
                &username,
                &temporary,
                Status::ForceChangePassword,
                true,
            )?;
            username
        } else {
            let username = match username_attributes.iter().find(|a| {
                (a.as_str() == "email" && r.username.contains('@'))
                    || (a.as_str() == "phone_number" && r.username.starts_with('+'))
            }) {
                Some(a) => {
                    attributes.retain(|(k, _)| k != a);
                    attributes.push((a.clone(), r.username.clone()));
                    uuid_v4()
                }
                None if !username_attributes.is_empty() => {
                    return Err(CognitoError::invalid(
                        "Username should be either an email or a phone number.",
                    ));
                }
                None => r.username.clone(),
            };
            let mut config = UserConfig::new(username.clone(), temporary.to_string());
            config.status = Some(Status::ForceChangePassword.as_str().into());
            if username != r.username {
                config.sub = Some(username.clone());
            }
            config.attributes = attributes.into_iter().collect();
            self.insert_new_user(&r.user_pool_id, config, &r.username)?;
            username
        };
        let (user, invite) = {
            let dir = self.directory();
            let pool = dir.pool(&r.user_pool_id)?;
            let u = pool.users.get(&username).ok_or_else(no_user)?;
            let mediums: Vec<&str> = if r.desired_delivery_mediums.is_empty() {
                vec!["SMS"]
            } else {
                r.desired_delivery_mediums
                    .iter()
                    .map(String::as_str)
                    .collect()
            };
            let wanted = mediums.iter().filter_map(|m| match *m {
                "EMAIL" => Some("email"),
                "SMS" => Some("phone_number"),
                _ => None,
            });
            (user_type(u, None), destination(wanted, u, false))
        };
        if action != Some("SUPPRESS")
            && let Some(to) = invite
        {
            self.send_code(
                &r.user_pool_id,
                &username,
                "ADMIN_CREATE_USER",
                &to,
                temporary.to_string(),
            );
        }
        Ok(AdminCreateUserResponse { user })
    }

    /// Sets a user's password (a new salt and verifier) and status.
    fn admin_set_password(
        &self,
        pool_id: &str,
        username: &str,
        text: &str,
        status: Status,
        only_if_forced: bool,
    ) -> Result<(), CognitoError> {
        let (id, sign) = {
            let dir = self.directory();
            let pool = dir.pool(pool_id)?;
            (pool.id.clone(), pool.salt_sign)
        };
        let verifier = verifier_for(&id, sign, username, &password(text)?);
        self.with_admin_user(pool_id, username, |u| {
            if only_if_forced && u.status != Status::ForceChangePassword {
                return Err(CognitoError::UnsupportedOperation(
                    "Resend is not allowed for this user: its status is not FORCE_CHANGE_PASSWORD."
                        .into(),
                ));
            }
            u.verifier = verifier;
            u.status = status;
            u.modified = now_f64();
            Ok(())
        })
    }

    /// AdminSetUserPassword: `Permanent` makes the user `CONFIRMED`, else `FORCE_CHANGE_PASSWORD`.
    pub(crate) fn admin_set_user_password(
        &self,
        r: AdminSetUserPasswordRequest,
    ) -> Result<Empty, CognitoError> {
        let username = self.admin_username(&r.user_pool_id, &r.username)?;
        self.directory()
            .pool(&r.user_pool_id)?
            .password_policy
            .check(&r.password)?;
        let status = if r.permanent {
            Status::Confirmed
        } else {
            Status::ForceChangePassword
        };
        self.admin_set_password(&r.user_pool_id, &username, &r.password, status, false)?;
        Ok(Empty {})
    }

    /// AdminGetUser.
    pub(crate) fn admin_get_user(
        &self,
        r: AdminUserRequest,
    ) -> Result<AdminGetUserResponse, CognitoError> {
        let dir = self.directory();
        let u = Self::admin_user(&dir, &r.user_pool_id, &r.username)?;
        Ok(AdminGetUserResponse {
            username: u.username.clone(),
            user_attributes: user_attributes(u),
            user_create_date: u.created,
            user_last_modified_date: u.modified,
            enabled: u.enabled,
            user_status: u.status.as_str().to_owned(),
            user_mfa_setting_list: (!u.mfa.enabled.is_empty())
                .then(|| u.mfa.enabled.iter().map(|m| m.name().to_owned()).collect()),
            preferred_mfa_setting: u.mfa.preferred.map(|m| m.name().to_owned()),
        })
    }

    /// AdminDeleteUser: the user, its devices and its refresh tokens.
    pub(crate) fn admin_delete_user(&self, r: AdminUserRequest) -> Result<Empty, CognitoError> {
        let username = self.admin_username(&r.user_pool_id, &r.username)?;
        self.directory_mut()
            .pool_mut(&r.user_pool_id)?
            .remove_user(&username);
        lock(&self.grants).sign_out(&r.user_pool_id, &username);
        Ok(Empty {})
    }

    /// AdminConfirmSignUp: an `UNCONFIRMED` user becomes `CONFIRMED`.
    pub(crate) fn admin_confirm_sign_up(&self, r: AdminUserRequest) -> Result<Empty, CognitoError> {
        self.with_admin_user(&r.user_pool_id, &r.username, |u| {
            if u.status != Status::Unconfirmed {
                return Err(CognitoError::not_authorized(format!(
                    "User cannot be confirmed. Current status is {}",
                    u.status.as_str()
                )));
            }
            u.status = Status::Confirmed;
            u.codes.confirmation = None;
            u.modified = now_f64();
            Ok(Empty {})
        })
    }

    /// AdminDisableUser: the user is refused at sign-in and its refresh and access tokens stop working.
    pub(crate) fn admin_disable_user(&self, r: AdminUserRequest) -> Result<Empty, CognitoError> {
        let username = self.with_admin_user(&r.user_pool_id, &r.username, |u| {
            u.enabled = false;
            u.modified = now_f64();
            Ok(u.username.clone())
        })?;
        lock(&self.grants).sign_out(&r.user_pool_id, &username);
        Ok(Empty {})
    }

    /// AdminEnableUser.
    pub(crate) fn admin_enable_user(&self, r: AdminUserRequest) -> Result<Empty, CognitoError> {
        self.with_admin_user(&r.user_pool_id, &r.username, |u| {
            u.enabled = true;
            u.modified = now_f64();
            Ok(Empty {})
        })
    }

    /// AdminUpdateUserAttributes: any attribute but `sub` and `cognito:*`, `*_verified` included; sign-in
    /// attributes stay unique.
    pub(crate) fn admin_update_user_attributes(
        &self,
        r: AdminUpdateUserAttributesRequest,
    ) -> Result<Empty, CognitoError> {
        let values = admin_attributes(&r.user_attributes)?;
        let username = self.admin_username(&r.user_pool_id, &r.username)?;
        self.directory_mut()
            .pool_mut(&r.user_pool_id)?
            .set_attributes(&username, &values)?;
        Ok(Empty {})
    }

    /// AdminDeleteUserAttributes.
    pub(crate) fn admin_delete_user_attributes(
        &self,
        r: AdminDeleteUserAttributesRequest,
    ) -> Result<Empty, CognitoError> {
        let username = self.admin_username(&r.user_pool_id, &r.username)?;
        if let Some(bad) = r
            .user_attribute_names
            .iter()
            .find(|n| n.as_str() == "sub" || n.starts_with("cognito:"))
        {
            return Err(CognitoError::invalid(format!(
                "Cannot delete the attribute {}",
                bad.chars().take(64).collect::<String>()
            )));
        }
        self.directory_mut()
            .pool_mut(&r.user_pool_id)?
            .remove_attributes(&username, &r.user_attribute_names);
        Ok(Empty {})
    }

    /// AdminUserGlobalSignOut: every refresh token of the user, and the access tokens issued from them.
    pub(crate) fn admin_user_global_sign_out(
        &self,
        r: AdminUserRequest,
    ) -> Result<Empty, CognitoError> {
        let username = self.admin_username(&r.user_pool_id, &r.username)?;
        lock(&self.grants).sign_out(&r.user_pool_id, &username);
        Ok(Empty {})
    }

    /// AdminResetUserPassword: the user becomes `RESET_REQUIRED` (refused at sign-in with
    /// `PasswordResetRequiredException`) and a reset code goes to its verified email or phone number.
    pub(crate) fn admin_reset_user_password(
        &self,
        r: AdminUserRequest,
    ) -> Result<Empty, CognitoError> {
        let sent: Option<(String, Destination, String)> =
            self.with_admin_user(&r.user_pool_id, &r.username, |u| {
                u.status = Status::ResetRequired;
                u.modified = now_f64();
                let to = destination(["email", "phone_number"], u, true);
                Ok(to.map(|to| {
                    let (code, text) = IssuedCode::new(now_secs(), RESET_CODE_SECONDS);
                    u.codes.reset = Some(code);
                    (u.username.clone(), to, text)
                }))
            })?;
        if let Some((username, to, text)) = sent {
            self.send_code(&r.user_pool_id, &username, "FORGOT_PASSWORD", &to, text);
        }
        Ok(Empty {})
    }

    /// AdminListDevices: the user's confirmed devices.
    pub(crate) fn admin_list_devices(
        &self,
        r: AdminListDevicesRequest,
    ) -> Result<ListDevicesResponse, CognitoError> {
        let dir = self.directory();
        let u = Self::admin_user(&dir, &r.user_pool_id, &r.username)?;
        let (devices, pagination_token): (Vec<DeviceType>, _) = page(
            u.devices
                .iter()
                .filter(|(_, d)| d.verifier.is_some())
                .map(|(k, d)| (k, device_type(k, d))),
            r.pagination_token.as_deref(),
            r.limit,
        )?;
        Ok(ListDevicesResponse {
            devices,
            pagination_token,
        })
    }

    /// AdminGetDevice.
    pub(crate) fn admin_get_device(
        &self,
        r: AdminDeviceRequest,
    ) -> Result<AdminGetDeviceResponse, CognitoError> {
        let dir = self.directory();
        let u = Self::admin_user(&dir, &r.user_pool_id, &r.username)?;
        let d = u
            .devices
            .get(&r.device_key)
            .filter(|d| d.verifier.is_some())
            .ok_or_else(CognitoError::no_device)?;
        Ok(AdminGetDeviceResponse {
            device: device_type(&r.device_key, d),
        })
    }

    /// AdminForgetDevice.
    pub(crate) fn admin_forget_device(&self, r: AdminDeviceRequest) -> Result<Empty, CognitoError> {
        self.with_admin_user(&r.user_pool_id, &r.username, |u| {
            u.devices
                .remove(&r.device_key)
                .ok_or_else(CognitoError::no_device)?;
            Ok(Empty {})
        })
    }

    /// ListUsers: by username, filtered and paginated.
    pub(crate) fn list_users(
        &self,
        r: ListUsersRequest,
    ) -> Result<ListUsersResponse, CognitoError> {
        let filter = r
            .filter
            .as_deref()
            .filter(|f| !f.trim().is_empty())
            .map(Filter::parse)
            .transpose()?;
        let dir = self.directory();
        let pool: &Pool = dir.pool(&r.user_pool_id)?;
        let only = r.attributes_to_get.as_deref();
        let (users, pagination_token) = page(
            pool.users
                .iter()
                .filter(|(_, u)| filter.as_ref().is_none_or(|f| f.matches(u)))
                .map(|(k, u)| (k, user_type(u, only))),
            r.pagination_token.as_deref(),
            r.limit,
        )?;
        Ok(ListUsersResponse {
            users,
            pagination_token,
        })
    }
}
