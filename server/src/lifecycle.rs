//! The account lifecycle a user drives from an app: SignUp, ConfirmSignUp, ResendConfirmationCode,
//! ForgotPassword, ConfirmForgotPassword, ChangePassword and DeleteUser (a user's attributes are
//! [`crate::profile`]'s).
//!
//! Codes go to the outbox ([`crate::outbox`]) through [`crate::delivery`]. Every chosen password meets the pool's policy and gets a
//! new salt and verifier; no plaintext is kept. With the app client's PreventUserExistenceErrors, as
//! Cognito documents: SignUp still answers `UsernameExistsException` for a taken username;
//! ResendConfirmationCode and ForgotPassword answer a name that matches no user (or, for
//! ForgotPassword, a disabled user or one without a verified email or phone number) with a simulated
//! `CodeDeliveryDetails` of the same shape as a real one; ConfirmSignUp and ConfirmForgotPassword answer
//! it `CodeMismatchException`, as a wrong code. Without it each is told `UserNotFoundException`.

use cognito_srp_core::Password;

use crate::accounts::password_matches;
use crate::auth::check_secret_hash_value;
use crate::codes::{CONFIRMATION_CODE_SECONDS, IssuedCode, RESET_CODE_SECONDS, mismatch, redeem};
use crate::config::UserConfig;
use crate::delivery::{CONTACTS, destination, simulated_delivery};
use crate::model::{Status, new_user, verifier_for};
use crate::protocol::types::{AttributeType, CodeDeliveryDetails};
use crate::protocol::users::{
    AccessTokenRequest, ChangePasswordRequest, CodeDeliveryResponse, ConfirmForgotPasswordRequest,
    ConfirmSignUpRequest, SignUpRequest, SignUpResponse, UsernameRequest,
};
use crate::protocol::{CognitoError, Empty};
use crate::service::{Server, lock};
use crate::util::{now_secs, uuid_v4};

/// Checks the attributes a client writes: writable names, bounded values.
pub(crate) fn client_attributes(
    given: &[AttributeType],
) -> Result<Vec<(String, String)>, CognitoError> {
    if given.len() > crate::accounts::MAX_ATTRIBUTES {
        return Err(CognitoError::invalid("Too many attributes."));
    }
    given
        .iter()
        .map(|a| {
            if !crate::attributes::client_writable(&a.name) {
                return Err(CognitoError::invalid(format!(
                    "Attributes did not conform to the schema: {}: Attribute cannot be written",
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

/// Checks a username as SignUp and AdminCreateUser take it: 1 to 128 characters, no whitespace or
/// control characters.
pub(crate) fn check_username(name: &str) -> Result<(), CognitoError> {
    let n = name.chars().count();
    if n == 0 || n > 128 || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(CognitoError::invalid(
            "1 validation error detected: Value at 'username' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+",
        ));
    }
    Ok(())
}

/// A password as the core takes it.
pub(crate) fn password(text: &str) -> Result<Password, CognitoError> {
    Password::new(text.to_owned()).map_err(|e| CognitoError::InvalidPassword(e.to_string()))
}

fn not_found_for_client() -> CognitoError {
    CognitoError::UserNotFound("Username/client id combination not found.".into())
}

impl Server {
    /// The app client of a public lifecycle call, its `SecretHash` over `username` checked when it has
    /// a secret; the user is noted for the request log.
    fn app_client_for(
        &self,
        client_id: &str,
        username: &str,
        secret_hash: Option<&str>,
    ) -> Result<crate::auth::ClientSettings, CognitoError> {
        let client = self.client_settings(client_id, None)?;
        check_secret_hash_value(client.secret.as_deref(), &client.id, username, secret_hash)?;
        crate::trace::note_user(username);
        Ok(client)
    }

    /// SignUp: a new `UNCONFIRMED` user, and a confirmation code to its first auto-verified attribute.
    pub(crate) fn sign_up(&self, r: SignUpRequest) -> Result<SignUpResponse, CognitoError> {
        let client = self.app_client_for(&r.client_id, &r.username, r.secret_hash.as_deref())?;
        check_username(&r.username)?;
        let text = r
            .password
            .as_deref()
            .ok_or_else(|| CognitoError::missing("Password"))?;
        let mut attributes = client_attributes(&r.user_attributes)?;
        let (policy, username_attributes, alias_attributes, required) = {
            let dir = self.directory();
            let pool = dir.pool(&client.pool_id)?;
            (
                pool.password_policy,
                pool.username_attributes.clone(),
                pool.alias_attributes.clone(),
                pool.required_attributes.clone(),
            )
        };
        policy.check(text)?;
        let sub = uuid_v4();
        let username = if username_attributes.is_empty() {
            if alias_attributes.iter().any(|a| a == "email") && r.username.contains('@') {
                return Err(CognitoError::invalid(
                    "Username cannot be of email format, since user pool is configured for email alias.",
                ));
            }
            r.username.clone()
        } else {
            let attribute = if r.username.contains('@') {
                "email"
            } else if r.username.starts_with('+') {
                "phone_number"
            } else {
                ""
            };
            if !username_attributes.iter().any(|a| a == attribute) {
                return Err(CognitoError::invalid(
                    "Username should be either an email or a phone number.",
                ));
            }
            attributes.retain(|(k, _)| k != attribute);
            attributes.push((attribute.to_owned(), r.username.clone()));
            sub.clone()
        };
        if let Some(a) = required
            .iter()
            .find(|a| !attributes.iter().any(|(k, v)| k == *a && !v.is_empty()))
        {
            return Err(CognitoError::invalid(format!(
                "Attributes did not conform to the schema: {a}: The attribute {a} is required"
            )));
        }
        let mut config = UserConfig::new(username.clone(), text.to_string());
        config.status = Some("UNCONFIRMED".into());
        config.sub = Some(sub.clone());
        config.attributes = attributes.into_iter().collect();
        let delivery = self.insert_new_user(&client.pool_id, config, &r.username)?;
        Ok(SignUpResponse {
            user_confirmed: false,
            code_delivery_details: delivery,
            user_sub: sub,
        })
    }

    /// Makes `config`'s user (its verifier computed before any lock), adds it to the pool under the
    /// pool's user cap and sends a confirmation code when the user is unconfirmed and the pool
    /// auto-verifies one of its attributes. `requested_name` is the request's `Username` (an email or a
    /// phone number where the pool's username attributes replace usernames).
    pub(crate) fn insert_new_user(
        &self,
        pool_id: &str,
        config: UserConfig,
        requested_name: &str,
    ) -> Result<Option<CodeDeliveryDetails>, CognitoError> {
        let (id, sign) = {
            let dir = self.directory();
            let pool = dir.pool(pool_id)?;
            (pool.id.clone(), pool.salt_sign)
        };
        let username = config.username.clone();
        let mut user = new_user(&id, sign, config).map_err(CognitoError::invalid)?;
        let mut dir = self.directory_mut();
        let pool = dir.pool_mut(pool_id)?;
        if pool.users.len() >= pool.max_users {
            return Err(CognitoError::LimitExceeded(format!(
                "The user pool holds its maximum of {} users.",
                pool.max_users
            )));
        }
        if pool.users.contains_key(&username)
            || pool.aliases.contains_key(&username)
            || pool.aliases.contains_key(requested_name)
        {
            return Err(CognitoError::UsernameExists(
                if requested_name == username {
                    "User already exists".into()
                } else {
                    "An account with the given email already exists.".replace(
                        "email",
                        if requested_name.starts_with('+') {
                            "phone_number"
                        } else {
                            "email"
                        },
                    )
                },
            ));
        }
        let to = (user.status == Status::Unconfirmed)
            .then(|| {
                destination(
                    pool.auto_verified_attributes.iter().map(String::as_str),
                    &user,
                    false,
                )
            })
            .flatten();
        let code = to.as_ref().map(|_| {
            let (code, text) = IssuedCode::new(now_secs(), CONFIRMATION_CODE_SECONDS);
            user.codes.confirmation = Some(code);
            text
        });
        pool.insert(user).map_err(|_| {
            CognitoError::AliasExists("An account with the given email already exists.".into())
        })?;
        drop(dir);
        Ok(to
            .zip(code)
            .map(|(to, code)| self.send_code(pool_id, &username, "SIGN_UP", &to, code)))
    }

    /// ConfirmSignUp: the code sent at sign-up confirms the user and verifies the attribute it went to.
    pub(crate) fn confirm_sign_up(&self, r: ConfirmSignUpRequest) -> Result<Empty, CognitoError> {
        let client = self.app_client_for(&r.client_id, &r.username, r.secret_hash.as_deref())?;
        let now = now_secs();
        let mut dir = self.directory_mut();
        let pool = dir.pool_mut(&client.pool_id)?;
        let auto = pool.auto_verified_attributes.clone();
        let Some(user) = pool.resolve_mut(&r.username) else {
            return Err(if client.prevent_user_existence_errors {
                mismatch()
            } else {
                not_found_for_client()
            });
        };
        if user.status != Status::Unconfirmed {
            return Err(CognitoError::not_authorized(format!(
                "User cannot be confirmed. Current status is {}",
                user.status.as_str()
            )));
        }
        redeem(&mut user.codes.confirmation, &r.confirmation_code, now)?;
        user.status = Status::Confirmed;
        if let Some(to) = destination(auto.iter().map(String::as_str), user, false) {
            user.attributes
                .insert(format!("{}_verified", to.attribute), "true".into());
        }
        user.modified = crate::util::now_f64();
        Ok(Empty {})
    }

    /// ResendConfirmationCode: a new sign-up code for an unconfirmed user.
    pub(crate) fn resend_confirmation_code(
        &self,
        r: UsernameRequest,
    ) -> Result<CodeDeliveryResponse, CognitoError> {
        let client = self.app_client_for(&r.client_id, &r.username, r.secret_hash.as_deref())?;
        let mut dir = self.directory_mut();
        let pool = dir.pool_mut(&client.pool_id)?;
        let auto = pool.auto_verified_attributes.clone();
        let simulated = simulated_delivery(pool, &r.username);
        let Some(user) = pool.resolve_mut(&r.username) else {
            return if client.prevent_user_existence_errors {
                Ok(CodeDeliveryResponse {
                    code_delivery_details: simulated,
                })
            } else {
                Err(not_found_for_client())
            };
        };
        if user.status != Status::Unconfirmed {
            return Err(CognitoError::invalid("User is already confirmed."));
        }
        let to = destination(auto.iter().map(String::as_str), user, false)
            .ok_or_else(|| CognitoError::invalid("Auto verification not turned on."))?;
        let (code, text) = IssuedCode::new(now_secs(), CONFIRMATION_CODE_SECONDS);
        user.codes.confirmation = Some(code);
        let username = user.username.clone();
        drop(dir);
        Ok(CodeDeliveryResponse {
            code_delivery_details: self.send_code(&client.pool_id, &username, "SIGN_UP", &to, text),
        })
    }

    /// ForgotPassword: a reset code to the user's verified email address or phone number.
    pub(crate) fn forgot_password(
        &self,
        r: UsernameRequest,
    ) -> Result<CodeDeliveryResponse, CognitoError> {
        let client = self.app_client_for(&r.client_id, &r.username, r.secret_hash.as_deref())?;
        let mut dir = self.directory_mut();
        let pool = dir.pool_mut(&client.pool_id)?;
        let simulated = CodeDeliveryResponse {
            code_delivery_details: simulated_delivery(pool, &r.username),
        };
        let Some(user) = pool.resolve_mut(&r.username) else {
            return if client.prevent_user_existence_errors {
                Ok(simulated)
            } else {
                Err(not_found_for_client())
            };
        };
        let to = destination(CONTACTS.map(|(a, _)| a), user, true);
        let to = match (user.enabled, to) {
            (true, Some(to)) => to,
            _ if client.prevent_user_existence_errors => return Ok(simulated),
            (false, _) => return Err(CognitoError::not_authorized("User is disabled.")),
            (true, None) => {
                return Err(CognitoError::invalid(
                    "Cannot reset password for the user as there is no registered/verified email or phone_number",
                ));
            }
        };
        let (code, text) = IssuedCode::new(now_secs(), RESET_CODE_SECONDS);
        user.codes.reset = Some(code);
        let username = user.username.clone();
        drop(dir);
        Ok(CodeDeliveryResponse {
            code_delivery_details: self.send_code(
                &client.pool_id,
                &username,
                "FORGOT_PASSWORD",
                &to,
                text,
            ),
        })
    }

    /// ConfirmForgotPassword: the reset code and a new password (new salt and verifier).
    pub(crate) fn confirm_forgot_password(
        &self,
        r: ConfirmForgotPasswordRequest,
    ) -> Result<Empty, CognitoError> {
        let client = self.app_client_for(&r.client_id, &r.username, r.secret_hash.as_deref())?;
        let policy = self.directory().pool(&client.pool_id)?.password_policy;
        policy.check(&r.password)?;
        let new_password = password(&r.password)?;
        // The code is used up first, so a wrong code costs no exponentiation, known user or not.
        let (id, sign, username) = {
            let mut dir = self.directory_mut();
            let pool = dir.pool_mut(&client.pool_id)?;
            let (id, sign) = (pool.id.clone(), pool.salt_sign);
            let user = pool
                .resolve_mut(&r.username)
                .filter(|u| u.enabled)
                .ok_or_else(|| {
                    if client.prevent_user_existence_errors {
                        mismatch()
                    } else {
                        not_found_for_client()
                    }
                })?;
            redeem(&mut user.codes.reset, &r.confirmation_code, now_secs())?;
            (id, sign, user.username.clone())
        };
        let verifier = verifier_for(&id, sign, &username, &new_password);
        let mut dir = self.directory_mut();
        if let Some(user) = dir.pool_mut(&client.pool_id)?.users.get_mut(&username) {
            user.verifier = verifier;
            if matches!(
                user.status,
                Status::ResetRequired | Status::ForceChangePassword
            ) {
                user.status = Status::Confirmed;
            }
            user.modified = crate::util::now_f64();
        }
        Ok(Empty {})
    }

    /// ChangePassword: the previous password checked against the stored verifier (counted by the
    /// failed-password lockout), then a new salt and verifier.
    pub(crate) fn change_password(&self, r: ChangePasswordRequest) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        let previous = r
            .previous_password
            .as_deref()
            .ok_or_else(|| CognitoError::missing("PreviousPassword"))?;
        let (policy, id, sign, stored) = {
            let dir = self.directory();
            let pool = dir.pool(&pool_id)?;
            let user = pool
                .users
                .get(&username)
                .ok_or_else(CognitoError::invalid_access_token)?;
            (
                pool.password_policy,
                pool.id.clone(),
                pool.salt_sign,
                user.verifier.clone(),
            )
        };
        policy.check(&r.proposed_password)?;
        let previous = password(previous)?;
        let proposed = password(&r.proposed_password)?;
        lock(&self.lockout).admit(&pool_id, &username)?;
        if !password_matches(&stored, id.pool_name(), &username, &previous) {
            lock(&self.lockout).failed(&pool_id, &username, true);
            return Err(CognitoError::incorrect());
        }
        lock(&self.lockout).succeeded(&pool_id, &username);
        let verifier = verifier_for(&id, sign, &username, &proposed);
        let mut dir = self.directory_mut();
        let user = dir
            .pool_mut(&pool_id)?
            .users
            .get_mut(&username)
            .ok_or_else(CognitoError::invalid_access_token)?;
        user.verifier = verifier;
        user.modified = crate::util::now_f64();
        Ok(Empty {})
    }

    /// DeleteUser: the user, its devices and every refresh token it holds.
    pub(crate) fn delete_user(&self, r: AccessTokenRequest) -> Result<Empty, CognitoError> {
        let (pool_id, username) = self.access_token(&r.access_token)?;
        crate::trace::note_user(&username);
        self.directory_mut()
            .pool_mut(&pool_id)?
            .remove_user(&username);
        lock(&self.grants).sign_out(&pool_id, &username);
        Ok(Empty {})
    }
}
