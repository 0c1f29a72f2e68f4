//! The Cognito Identity Provider JSON 1.1 protocol, as types: one request and one response type per
//! operation, named and shaped as in the API reference (`cognito-idp` service model), the
//! [`Operation`] an `X-Amz-Target` names, and the [`CognitoError`] every refusal is.
//!
//! A request is decoded once, at the edge ([`decode`]); a handler is `fn(&Server, Request) ->
//! Result<Response, CognitoError>`; the response is encoded once. Members the server does not use
//! (`ClientMetadata`, `AnalyticsMetadata`, `UserContextData`, …) are ignored; a member of the wrong type
//! is a `SerializationException`, a missing required member an `InvalidParameterException`.
//!
//! Adding an operation means three things: its request and response types in the module of its area
//! (implementing [`Request`] and [`Reply`]), its handler (a method of [`crate::Server`]), and one line
//! in the `operations!` table below.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

pub mod admin;
pub mod auth;
pub mod devices;
pub mod error;
pub mod mfa;
pub mod pools;
pub mod types;
pub mod users;

pub use error::{ATTEMPTS_EXCEEDED, CognitoError, INCORRECT};

use crate::service::Server;

/// A request type: what the request log may name from it.
pub trait Request: DeserializeOwned {
    /// The `ClientId` the request names, if any.
    fn client_id(&self) -> Option<&str> {
        None
    }

    /// The flow or challenge the request names, if any.
    fn step(&self) -> Option<&str> {
        None
    }
}

/// A response type: how the request log names its outcome.
pub trait Reply: Serialize {
    /// The challenge issued, `tokens`, or `ok`.
    fn outcome(&self) -> &str {
        "ok"
    }
}

/// Who may call an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Anyone: the public operations of an app (sign-up, sign-in, a signed-in user's own calls).
    Public,
    /// IAM-authorised in Cognito (admin and control-plane operations): a SigV4 `Authorization` header is
    /// required, and a request from a web page (with an `Origin` header) is refused.
    Iam,
}

/// The empty response `{}` (and the empty request of operations that take nothing the server uses).
#[derive(Serialize, Debug, Default, Clone, PartialEq, Eq)]
pub struct Empty {}

impl Reply for Empty {}

/// Decodes a request body.
///
/// # Errors
/// `SerializationException` for a body that is not an object or has a member of the wrong type;
/// `InvalidParameterException: Missing required parameter X` for a missing required member.
pub fn decode<T: DeserializeOwned>(body: &Value) -> Result<T, CognitoError> {
    if !body.is_object() {
        return Err(CognitoError::serialization(
            "Request body must be a JSON object.",
        ));
    }
    T::deserialize(body).map_err(|e| {
        let text = e.to_string();
        match text
            .strip_prefix("missing field `")
            .and_then(|r| r.split('`').next())
        {
            Some(field) => CognitoError::missing(field),
            None => CognitoError::serialization(format!(
                "Invalid request: {}",
                text.split(" at line").next().unwrap_or(&text)
            )),
        }
    })
}

/// What an operation answered, encoded: the JSON body and the outcome for the request log.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The response body.
    pub body: Value,
    /// The challenge issued, `tokens`, or `ok`.
    pub outcome: String,
}

fn answer<R: Reply>(reply: &R) -> Answer {
    Answer {
        body: serde_json::to_value(reply).expect("responses serialize"),
        outcome: reply.outcome().to_owned(),
    }
}

macro_rules! operations {
    ($( $(#[$doc:meta])* $name:ident($request:ty) -> $response:ty = $handler:ident, $access:ident; )*) => {
        /// An operation the server answers, as `X-Amz-Target: AWSCognitoIdentityProviderService.<name>`
        /// names it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Operation {
            $( $(#[$doc])* $name, )*
        }

        impl Operation {
            /// Every operation, in the order of the table.
            pub const ALL: &'static [Operation] = &[$(Operation::$name),*];

            /// The operation's name.
            pub fn name(self) -> &'static str {
                match self { $(Operation::$name => stringify!($name),)* }
            }

            /// The operation called `name`, if the server answers it.
            pub fn parse(name: &str) -> Option<Operation> {
                match name { $(stringify!($name) => Some(Operation::$name),)* _ => None }
            }

            /// Who may call it.
            pub fn access(self) -> Access {
                match self { $(Operation::$name => Access::$access,)* }
            }
        }

        impl Server {
            /// Decodes `body` as `op`'s request, runs its handler and encodes the response.
            pub(crate) fn run(&self, op: Operation, body: &Value) -> Result<Answer, CognitoError> {
                match op {
                    $(Operation::$name => {
                        let request: $request = decode(body)?;
                        crate::trace::note_request(&request);
                        let response: $response = self.$handler(request)?;
                        Ok(answer(&response))
                    })*
                }
            }
        }
    };
}

operations! {
    /// Starts a sign-in.
    InitiateAuth(auth::InitiateAuthRequest) -> auth::AuthResponse = initiate_auth, Public;
    /// Answers a sign-in challenge.
    RespondToAuthChallenge(auth::RespondToAuthChallengeRequest) -> auth::AuthResponse = respond_to_auth_challenge, Public;
    /// New ID and access tokens for a refresh token (REFRESH_TOKEN_AUTH as an operation).
    GetTokensFromRefreshToken(auth::GetTokensFromRefreshTokenRequest) -> auth::GetTokensFromRefreshTokenResponse = get_tokens_from_refresh_token, Public;
    /// Confirms a device issued at sign-in, with its verifier.
    ConfirmDevice(devices::ConfirmDeviceRequest) -> devices::ConfirmDeviceResponse = confirm_device, Public;
    /// Marks a device remembered or not.
    UpdateDeviceStatus(devices::UpdateDeviceStatusRequest) -> Empty = update_device_status, Public;
    /// One device of the signed-in user.
    GetDevice(devices::DeviceRequest) -> devices::GetDeviceResponse = get_device, Public;
    /// The signed-in user's devices.
    ListDevices(devices::ListDevicesRequest) -> devices::ListDevicesResponse = list_devices, Public;
    /// Forgets a device of the signed-in user.
    ForgetDevice(devices::DeviceRequest) -> Empty = forget_device, Public;
    /// The signed-in user's attributes and MFA settings.
    GetUser(users::AccessTokenRequest) -> users::GetUserResponse = get_user, Public;
    /// Revokes every refresh token of the signed-in user.
    GlobalSignOut(users::AccessTokenRequest) -> Empty = global_sign_out, Public;
    /// Revokes one refresh token and the access tokens issued from it.
    RevokeToken(users::RevokeTokenRequest) -> Empty = revoke_token, Public;
    /// A new authenticator secret, by access token or MFA_SETUP session.
    AssociateSoftwareToken(mfa::AssociateSoftwareTokenRequest) -> mfa::AssociateSoftwareTokenResponse = associate_software_token, Public;
    /// Checks a code of the associated secret and enables SOFTWARE_TOKEN_MFA.
    VerifySoftwareToken(mfa::VerifySoftwareTokenRequest) -> mfa::VerifySoftwareTokenResponse = verify_software_token, Public;
    /// Sets the signed-in user's MFA methods and preference.
    SetUserMFAPreference(mfa::SetUserMfaPreferenceRequest) -> Empty = set_user_mfa_preference, Public;
    /// Registers a new user.
    SignUp(users::SignUpRequest) -> users::SignUpResponse = sign_up, Public;
    /// Confirms a new user with the code sent at sign-up.
    ConfirmSignUp(users::ConfirmSignUpRequest) -> Empty = confirm_sign_up, Public;
    /// Sends a new sign-up confirmation code.
    ResendConfirmationCode(users::UsernameRequest) -> users::CodeDeliveryResponse = resend_confirmation_code, Public;
    /// Sends a password-reset code.
    ForgotPassword(users::UsernameRequest) -> users::CodeDeliveryResponse = forgot_password, Public;
    /// Sets a new password with the reset code.
    ConfirmForgotPassword(users::ConfirmForgotPasswordRequest) -> Empty = confirm_forgot_password, Public;
    /// Changes the signed-in user's password.
    ChangePassword(users::ChangePasswordRequest) -> Empty = change_password, Public;
    /// Sets the signed-in user's attributes.
    UpdateUserAttributes(users::UpdateUserAttributesRequest) -> users::UpdateUserAttributesResponse = update_user_attributes, Public;
    /// Sends a code to verify an email address or phone number.
    GetUserAttributeVerificationCode(users::GetUserAttributeVerificationCodeRequest) -> users::CodeDeliveryResponse = get_user_attribute_verification_code, Public;
    /// Verifies an attribute with the code sent.
    VerifyUserAttribute(users::VerifyUserAttributeRequest) -> Empty = verify_user_attribute, Public;
    /// Removes attributes of the signed-in user.
    DeleteUserAttributes(users::DeleteUserAttributesRequest) -> Empty = delete_user_attributes, Public;
    /// Deletes the signed-in user.
    DeleteUser(users::AccessTokenRequest) -> Empty = delete_user, Public;
    /// Creates a user with a temporary password.
    AdminCreateUser(admin::AdminCreateUserRequest) -> admin::AdminCreateUserResponse = admin_create_user, Iam;
    /// Sets a user's password, permanent or temporary.
    AdminSetUserPassword(admin::AdminSetUserPasswordRequest) -> Empty = admin_set_user_password, Iam;
    /// A user's attributes, status and MFA settings.
    AdminGetUser(admin::AdminUserRequest) -> admin::AdminGetUserResponse = admin_get_user, Iam;
    /// Deletes a user.
    AdminDeleteUser(admin::AdminUserRequest) -> Empty = admin_delete_user, Iam;
    /// Confirms an unconfirmed user.
    AdminConfirmSignUp(admin::AdminUserRequest) -> Empty = admin_confirm_sign_up, Iam;
    /// Disables a user and revokes its tokens.
    AdminDisableUser(admin::AdminUserRequest) -> Empty = admin_disable_user, Iam;
    /// Enables a user.
    AdminEnableUser(admin::AdminUserRequest) -> Empty = admin_enable_user, Iam;
    /// Sets a user's attributes.
    AdminUpdateUserAttributes(admin::AdminUpdateUserAttributesRequest) -> Empty = admin_update_user_attributes, Iam;
    /// Removes a user's attributes.
    AdminDeleteUserAttributes(admin::AdminDeleteUserAttributesRequest) -> Empty = admin_delete_user_attributes, Iam;
    /// Revokes every refresh token of a user.
    AdminUserGlobalSignOut(admin::AdminUserRequest) -> Empty = admin_user_global_sign_out, Iam;
    /// Makes a user reset its password.
    AdminResetUserPassword(admin::AdminUserRequest) -> Empty = admin_reset_user_password, Iam;
    /// A user's confirmed devices.
    AdminListDevices(admin::AdminListDevicesRequest) -> devices::ListDevicesResponse = admin_list_devices, Iam;
    /// One device of a user.
    AdminGetDevice(admin::AdminDeviceRequest) -> admin::AdminGetDeviceResponse = admin_get_device, Iam;
    /// Forgets a device of a user.
    AdminForgetDevice(admin::AdminDeviceRequest) -> Empty = admin_forget_device, Iam;
    /// Sets a user's MFA methods and preference.
    AdminSetUserMFAPreference(mfa::AdminSetUserMfaPreferenceRequest) -> Empty = admin_set_user_mfa_preference, Iam;
    /// A pool's users, filtered and paginated.
    ListUsers(admin::ListUsersRequest) -> admin::ListUsersResponse = list_users, Iam;
    /// Starts a sign-in for an IAM caller (ADMIN_USER_PASSWORD_AUTH among the flows).
    AdminInitiateAuth(auth::AdminInitiateAuthRequest) -> auth::AuthResponse = admin_initiate_auth, Iam;
    /// Answers a sign-in challenge for an IAM caller.
    AdminRespondToAuthChallenge(auth::AdminRespondToAuthChallengeRequest) -> auth::AuthResponse = admin_respond_to_auth_challenge, Iam;
    /// Creates a user pool.
    CreateUserPool(pools::CreateUserPoolRequest) -> pools::UserPoolResponse = create_user_pool, Iam;
    /// A user pool's settings.
    DescribeUserPool(pools::UserPoolRequest) -> pools::UserPoolResponse = describe_user_pool, Iam;
    /// The user pools, by id.
    ListUserPools(pools::ListUserPoolsRequest) -> pools::ListUserPoolsResponse = list_user_pools, Iam;
    /// Deletes a user pool with its users and clients.
    DeleteUserPool(pools::UserPoolRequest) -> Empty = delete_user_pool, Iam;
    /// Creates an app client.
    CreateUserPoolClient(pools::CreateUserPoolClientRequest) -> pools::UserPoolClientResponse = create_user_pool_client, Iam;
    /// An app client's settings.
    DescribeUserPoolClient(pools::UserPoolClientRequest) -> pools::UserPoolClientResponse = describe_user_pool_client, Iam;
    /// A pool's app clients, by id.
    ListUserPoolClients(pools::ListUserPoolClientsRequest) -> pools::ListUserPoolClientsResponse = list_user_pool_clients, Iam;
    /// Deletes an app client.
    DeleteUserPoolClient(pools::UserPoolClientRequest) -> Empty = delete_user_pool_client, Iam;
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn names_round_trip() {
        for op in Operation::ALL {
            assert_eq!(Operation::parse(op.name()), Some(*op));
        }
        assert_eq!(
            Operation::parse("InitiateAuth"),
            Some(Operation::InitiateAuth)
        );
        assert_eq!(Operation::parse("initiateauth"), None);
        assert_eq!(Operation::InitiateAuth.access(), Access::Public);
    }

    #[test]
    fn debug_forms_show_no_password_token_or_proof() {
        let sign_in: auth::InitiateAuthRequest = decode(&json!({"AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": "c", "AuthParameters": {"USERNAME": "u", "PASSWORD": "Hunter2-secret"}}))
        .unwrap();
        let answer: auth::RespondToAuthChallengeRequest = decode(&json!({"ChallengeName": "X",
            "ClientId": "c", "Session": "sess-secret",
            "ChallengeResponses": {"NEW_PASSWORD": "Hunter2-secret"}}))
        .unwrap();
        let sign_up: users::SignUpRequest = decode(&json!({"ClientId": "c", "Username": "u",
            "Password": "Hunter2-secret"}))
        .unwrap();
        let revoke: users::RevokeTokenRequest = decode(&json!({"ClientId": "c",
            "Token": "rt-secret", "ClientSecret": "cs-secret"}))
        .unwrap();
        let shown = format!("{sign_in:?} {answer:?} {sign_up:?} {revoke:?}");
        for secret in ["Hunter2", "sess-secret", "rt-secret", "cs-secret"] {
            assert!(!shown.contains(secret), "{secret} in {shown}");
        }
        assert!(
            shown.contains("PASSWORD") && shown.contains("<redacted>"),
            "{shown}"
        );
    }

    #[test]
    fn decode_types_and_missing_members() {
        let r: auth::InitiateAuthRequest = decode(&json!({
            "AuthFlow": "USER_SRP_AUTH", "ClientId": "c",
            "AuthParameters": {"USERNAME": "u", "DEVICE_KEY": null}, "ClientMetadata": {}
        }))
        .unwrap();
        assert_eq!(r.auth_parameters.len(), 1);
        assert_eq!(
            decode::<auth::InitiateAuthRequest>(&json!({"ClientId": "c"})).unwrap_err(),
            CognitoError::missing("AuthFlow")
        );
        let wrong = decode::<auth::InitiateAuthRequest>(&json!({"AuthFlow": 7, "ClientId": "c"}))
            .unwrap_err();
        assert_eq!(wrong.code(), "SerializationException");
        let wrong_map = decode::<auth::InitiateAuthRequest>(
            &json!({"AuthFlow": "x", "ClientId": "c", "AuthParameters": {"A": 1}}),
        )
        .unwrap_err();
        assert_eq!(wrong_map.code(), "SerializationException");
        assert_eq!(
            decode::<users::RevokeTokenRequest>(&json!([1]))
                .unwrap_err()
                .code(),
            "SerializationException"
        );
        let none: auth::RespondToAuthChallengeRequest =
            decode(&json!({"ChallengeName": "X", "ClientId": "c", "ChallengeResponses": null}))
                .unwrap();
        assert!(none.challenge_responses.is_empty() && none.session.is_none());
    }
}
