//! The admin operations and the control plane, in process (no SigV4 applies there; the HTTP gate is
//! tested in `iam_gate`): pools and clients created as boto3 creates them, users created with a
//! temporary password and asked for a new one, passwords set, users disabled, listed with filters and
//! pages, and ADMIN_USER_PASSWORD_AUTH.

use cognito_srp_core::AppClient;
use cognito_srp_server::{CognitoError, Config, Server};
use cognito_srp_test_support::{in_process, sign_in};
use serde_json::{Value, json};

fn server() -> Server {
    in_process(Config::default())
}

fn call(s: &Server, op: &str, body: Value) -> Result<Value, CognitoError> {
    s.dispatch(op, &body)
}

/// The operation `op` on the user `user` of `pool` (a request of those two members alone).
fn on_user(s: &Server, op: &str, pool: &str, user: &str) -> Result<Value, CognitoError> {
    call(s, op, json!({"UserPoolId": pool, "Username": user}))
}

fn code_of(r: Result<Value, CognitoError>) -> String {
    r.unwrap_err().code().to_owned()
}

/// A pool (email auto-verified, a relaxed policy) and a client with a secret; returns (pool, client,
/// secret).
fn pool_and_client(s: &Server) -> (String, String, String) {
    let pool = call(
        s,
        "CreateUserPool",
        json!({"PoolName": "tests", "AutoVerifiedAttributes": ["email"],
            "Policies": {"PasswordPolicy": {"MinimumLength": 8, "RequireNumbers": true}},
            "Schema": [{"Name": "email", "AttributeDataType": "String", "Required": true}]}),
    )
    .unwrap();
    let pool_id = pool["UserPool"]["Id"].as_str().unwrap().to_owned();
    let client = call(
        s,
        "CreateUserPoolClient",
        json!({"UserPoolId": pool_id, "ClientName": "web", "GenerateSecret": true,
            "ExplicitAuthFlows": ["ALLOW_USER_SRP_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            "PreventUserExistenceErrors": "ENABLED"}),
    )
    .unwrap();
    let c = &client["UserPoolClient"];
    (
        pool_id,
        c["ClientId"].as_str().unwrap().to_owned(),
        c["ClientSecret"].as_str().unwrap().to_owned(),
    )
}

fn admin_sign_in(
    s: &Server,
    pool: &str,
    client: &str,
    secret: &str,
    user: &str,
    password: &str,
) -> Result<Value, CognitoError> {
    call(
        s,
        "AdminInitiateAuth",
        json!({"UserPoolId": pool, "ClientId": client, "AuthFlow": "ADMIN_USER_PASSWORD_AUTH",
            "AuthParameters": {"USERNAME": user, "PASSWORD": password,
                "SECRET_HASH": cognito_srp_core::secret_hash(secret, user, client)}}),
    )
}

#[test]
fn control_plane_round_trip() {
    let s = server();
    let (pool, client, secret) = pool_and_client(&s);
    assert!(pool.starts_with("us-east-1_") && pool.len() == "us-east-1_".len() + 9);
    assert_eq!(client.len(), 26);
    assert_eq!(secret.len(), 51);
    let d = call(&s, "DescribeUserPool", json!({"UserPoolId": pool})).unwrap();
    let p = &d["UserPool"];
    assert_eq!(p["Name"], "tests");
    assert_eq!(p["Policies"]["PasswordPolicy"]["MinimumLength"], 8);
    assert_eq!(p["Policies"]["PasswordPolicy"]["RequireUppercase"], false);
    assert_eq!(p["AutoVerifiedAttributes"], json!(["email"]));
    assert_eq!(p["MfaConfiguration"], "OFF");
    let dc = call(
        &s,
        "DescribeUserPoolClient",
        json!({"UserPoolId": pool, "ClientId": client}),
    )
    .unwrap();
    let c = &dc["UserPoolClient"];
    assert_eq!(c["ClientSecret"], secret.as_str());
    assert_eq!(c["PreventUserExistenceErrors"], "ENABLED");
    assert_eq!(
        c["ExplicitAuthFlows"],
        json!([
            "ALLOW_ADMIN_USER_PASSWORD_AUTH",
            "ALLOW_REFRESH_TOKEN_AUTH",
            "ALLOW_USER_SRP_AUTH"
        ])
    );
    // A default client: Cognito's default flows, LEGACY, no secret.
    let plain = call(
        &s,
        "CreateUserPoolClient",
        json!({"UserPoolId": pool, "ClientName": "cli"}),
    )
    .unwrap();
    assert!(plain["UserPoolClient"].get("ClientSecret").is_none());
    assert_eq!(
        plain["UserPoolClient"]["PreventUserExistenceErrors"],
        "LEGACY"
    );
    let listed = call(
        &s,
        "ListUserPoolClients",
        json!({"UserPoolId": pool, "MaxResults": 1}),
    )
    .unwrap();
    assert_eq!(listed["UserPoolClients"].as_array().unwrap().len(), 1);
    let rest = call(
        &s,
        "ListUserPoolClients",
        json!({"UserPoolId": pool, "MaxResults": 1, "NextToken": listed["NextToken"]}),
    )
    .unwrap();
    assert_eq!(rest["UserPoolClients"].as_array().unwrap().len(), 1);
    assert!(rest.get("NextToken").is_none());
    let pools = call(&s, "ListUserPools", json!({"MaxResults": 60})).unwrap();
    assert_eq!(pools["UserPools"][0]["Id"], pool.as_str());
    assert_eq!(
        code_of(call(&s, "ListUserPools", json!({"MaxResults": 0}))),
        "InvalidParameterException"
    );
    call(
        &s,
        "DeleteUserPoolClient",
        json!({"UserPoolId": pool, "ClientId": client}),
    )
    .unwrap();
    assert_eq!(
        code_of(call(
            &s,
            "DescribeUserPoolClient",
            json!({"UserPoolId": pool, "ClientId": client})
        )),
        "ResourceNotFoundException"
    );
    call(&s, "DeleteUserPool", json!({"UserPoolId": pool})).unwrap();
    assert_eq!(
        code_of(call(&s, "DescribeUserPool", json!({"UserPoolId": pool}))),
        "ResourceNotFoundException"
    );
    let weak_policy = call(
        &s,
        "CreateUserPool",
        json!({"PoolName": "x", "Policies": {"PasswordPolicy": {"MinimumLength": 3}}}),
    );
    assert_eq!(code_of(weak_policy), "InvalidParameterException");
}

#[test]
fn admin_create_user_asks_for_a_new_password_at_sign_in() {
    let s = server();
    let (pool, client, secret) = pool_and_client(&s);
    let created = call(
        &s,
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "zoe", "TemporaryPassword": "Temp-pass-1",
            "DesiredDeliveryMediums": ["EMAIL"],
            "UserAttributes": [{"Name": "email", "Value": "zoe@example.com"}, {"Name": "email_verified", "Value": "true"}]}),
    )
    .unwrap();
    assert_eq!(created["User"]["UserStatus"], "FORCE_CHANGE_PASSWORD");
    assert_eq!(created["User"]["Enabled"], true);
    // The invitation carries the temporary password.
    let invite = s
        .sent_codes()
        .into_iter()
        .find(|c| c.challenge == "ADMIN_CREATE_USER")
        .unwrap();
    assert_eq!(
        (invite.code.as_str(), invite.medium),
        ("Temp-pass-1", "EMAIL")
    );
    assert_eq!(
        code_of(on_user(&s, "AdminCreateUser", &pool, "zoe")),
        "UsernameExistsException"
    );
    let challenge = admin_sign_in(&s, &pool, &client, &secret, "zoe", "Temp-pass-1").unwrap();
    assert_eq!(challenge["ChallengeName"], "NEW_PASSWORD_REQUIRED");
    let hash = cognito_srp_core::secret_hash(&secret, "zoe", &client);
    let tokens = call(
        &s,
        "AdminRespondToAuthChallenge",
        json!({"UserPoolId": pool, "ClientId": client, "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": challenge["Session"],
            "ChallengeResponses": {"USERNAME": "zoe", "NEW_PASSWORD": "Zoe-chosen-2", "SECRET_HASH": hash}}),
    )
    .unwrap();
    assert!(tokens["AuthenticationResult"]["AccessToken"].is_string());
    let got = on_user(&s, "AdminGetUser", &pool, "zoe").unwrap();
    assert_eq!(got["UserStatus"], "CONFIRMED");
    // The same user through SRP with the new password.
    let login = AppClient::new(&pool, &client)
        .unwrap()
        .with_secret(cognito_srp_core::ClientSecret::new(secret.clone()).unwrap())
        .start_user_srp_os("zoe")
        .unwrap();
    let done = sign_in(&s, &client, login, "Zoe-chosen-2");
    assert!(done["AuthenticationResult"].is_object());
    // A generated temporary password meets the policy; SUPPRESS sends nothing.
    let before = s.sent_codes().len();
    call(
        &s,
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "quiet", "MessageAction": "SUPPRESS",
        "UserAttributes": [{"Name": "email", "Value": "q@example.com"}]}),
    )
    .unwrap();
    assert_eq!(s.sent_codes().len(), before);
    assert_eq!(
        code_of(call(
            &s,
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": "weak", "TemporaryPassword": "short"})
        )),
        "InvalidPasswordException"
    );
}

#[test]
fn admin_passwords_status_and_sign_out() {
    let s = server();
    let (pool, client, secret) = pool_and_client(&s);
    call(&s, "AdminCreateUser", json!({"UserPoolId": pool, "Username": "yan", "MessageAction": "SUPPRESS",
        "UserAttributes": [{"Name": "email", "Value": "yan@example.com"}, {"Name": "email_verified", "Value": "true"}]})).unwrap();
    call(&s, "AdminSetUserPassword", json!({"UserPoolId": pool, "Username": "yan", "Password": "Perm-pass-1", "Permanent": true})).unwrap();
    let tokens = admin_sign_in(&s, &pool, &client, &secret, "yan", "Perm-pass-1").unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        code_of(admin_sign_in(
            &s,
            &pool,
            &client,
            &secret,
            "yan",
            "Wrong-pass-1"
        )),
        "NotAuthorizedException"
    );
    assert_eq!(
        code_of(admin_sign_in(
            &s,
            &pool,
            &client,
            &secret,
            "nobody",
            "Perm-pass-1"
        )),
        "NotAuthorizedException"
    );
    // Disabled: refused after the proof, tokens revoked; enabled again: signs in.
    on_user(&s, "AdminDisableUser", &pool, "yan").unwrap();
    assert_eq!(
        code_of(call(&s, "GetUser", json!({"AccessToken": access}))),
        "NotAuthorizedException"
    );
    let disabled = admin_sign_in(&s, &pool, &client, &secret, "yan", "Perm-pass-1").unwrap_err();
    assert_eq!(disabled.message(), "User is disabled.");
    on_user(&s, "AdminEnableUser", &pool, "yan").unwrap();
    let tokens = admin_sign_in(&s, &pool, &client, &secret, "yan", "Perm-pass-1").unwrap();
    let access = tokens["AuthenticationResult"]["AccessToken"]
        .as_str()
        .unwrap()
        .to_owned();
    on_user(&s, "AdminUserGlobalSignOut", &pool, "yan").unwrap();
    assert_eq!(
        code_of(call(&s, "GetUser", json!({"AccessToken": access}))),
        "NotAuthorizedException"
    );
    // Reset required: refused with PasswordResetRequiredException until ConfirmForgotPassword.
    on_user(&s, "AdminResetUserPassword", &pool, "yan").unwrap();
    assert_eq!(
        code_of(admin_sign_in(
            &s,
            &pool,
            &client,
            &secret,
            "yan",
            "Perm-pass-1"
        )),
        "PasswordResetRequiredException"
    );
    let code = s
        .sent_codes()
        .into_iter()
        .rev()
        .find(|c| c.challenge == "FORGOT_PASSWORD")
        .unwrap()
        .code;
    call(&s, "ConfirmForgotPassword", json!({"ClientId": client, "Username": "yan", "ConfirmationCode": code,
        "Password": "After-reset-2", "SecretHash": cognito_srp_core::secret_hash(&secret, "yan", &client)})).unwrap();
    assert!(admin_sign_in(&s, &pool, &client, &secret, "yan", "After-reset-2").is_ok());
    // Unknown users are told to IAM callers.
    assert_eq!(
        code_of(on_user(&s, "AdminGetUser", &pool, "nobody")),
        "UserNotFoundException"
    );
    on_user(&s, "AdminDeleteUser", &pool, "yan").unwrap();
    assert_eq!(
        code_of(on_user(&s, "AdminGetUser", &pool, "yan")),
        "UserNotFoundException"
    );
    // SECRET_HASH is required from a client with a secret.
    let no_hash = call(
        &s,
        "AdminInitiateAuth",
        json!({"UserPoolId": pool, "ClientId": client,
        "AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "AuthParameters": {"USERNAME": "yan", "PASSWORD": "x"}}),
    );
    assert_eq!(code_of(no_hash), "NotAuthorizedException");
}

#[test]
fn admin_confirm_and_attributes() {
    let s = server();
    let (pool, client, secret) = pool_and_client(&s);
    call(
        &s,
        "SignUp",
        json!({"ClientId": client, "Username": "una", "Password": "Una-pass-1",
        "SecretHash": cognito_srp_core::secret_hash(&secret, "una", &client),
        "UserAttributes": [{"Name": "email", "Value": "una@example.com"}]}),
    )
    .unwrap();
    let got = on_user(&s, "AdminGetUser", &pool, "una").unwrap();
    assert_eq!(got["UserStatus"], "UNCONFIRMED");
    on_user(&s, "AdminConfirmSignUp", &pool, "una").unwrap();
    assert_eq!(
        code_of(on_user(&s, "AdminConfirmSignUp", &pool, "una")),
        "NotAuthorizedException"
    );
    call(&s, "AdminUpdateUserAttributes", json!({"UserPoolId": pool, "Username": "una",
        "UserAttributes": [{"Name": "email_verified", "Value": "true"}, {"Name": "custom:team", "Value": "blue"}]})).unwrap();
    assert_eq!(
        code_of(call(
            &s,
            "AdminUpdateUserAttributes",
            json!({"UserPoolId": pool, "Username": "una",
            "UserAttributes": [{"Name": "sub", "Value": "x"}]})
        )),
        "InvalidParameterException"
    );
    let got = on_user(&s, "AdminGetUser", &pool, "una").unwrap();
    let attrs = got["UserAttributes"].as_array().unwrap();
    assert!(attrs.contains(&json!({"Name": "custom:team", "Value": "blue"})));
    assert!(attrs.contains(&json!({"Name": "email_verified", "Value": "true"})));
    call(
        &s,
        "AdminDeleteUserAttributes",
        json!({"UserPoolId": pool, "Username": "una", "UserAttributeNames": ["custom:team"]}),
    )
    .unwrap();
    let got = on_user(&s, "AdminGetUser", &pool, "una").unwrap();
    assert!(
        !got["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "custom:team")
    );
}

#[test]
fn list_users_filters_and_pages() {
    let s = server();
    let (pool, _, _) = pool_and_client(&s);
    for (name, email) in [
        ("alan", "alan@a.com"),
        ("alice", "alice@b.com"),
        ("bob", "bob@a.com"),
        ("albert", "x@c.com"),
    ] {
        call(
            &s,
            "AdminCreateUser",
            json!({"UserPoolId": pool, "Username": name, "MessageAction": "SUPPRESS",
            "UserAttributes": [{"Name": "email", "Value": email}]}),
        )
        .unwrap();
    }
    let names = |v: &Value| -> Vec<String> {
        v["Users"]
            .as_array()
            .unwrap()
            .iter()
            .map(|u| u["Username"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = call(&s, "ListUsers", json!({"UserPoolId": pool})).unwrap();
    assert_eq!(names(&all), ["alan", "albert", "alice", "bob"]);
    let prefix = call(
        &s,
        "ListUsers",
        json!({"UserPoolId": pool, "Filter": "username ^= \"al\""}),
    )
    .unwrap();
    assert_eq!(names(&prefix), ["alan", "albert", "alice"]);
    let exact = call(
        &s,
        "ListUsers",
        json!({"UserPoolId": pool, "Filter": "email = \"bob@a.com\""}),
    )
    .unwrap();
    assert_eq!(names(&exact), ["bob"]);
    let status = call(
        &s,
        "ListUsers",
        json!({"UserPoolId": pool, "Filter": "cognito:user_status = \"FORCE_CHANGE_PASSWORD\""}),
    )
    .unwrap();
    assert_eq!(names(&status).len(), 4);
    let page1 = call(&s, "ListUsers", json!({"UserPoolId": pool, "Limit": 3})).unwrap();
    assert_eq!(names(&page1), ["alan", "albert", "alice"]);
    let page2 = call(
        &s,
        "ListUsers",
        json!({"UserPoolId": pool, "Limit": 3, "PaginationToken": page1["PaginationToken"]}),
    )
    .unwrap();
    assert_eq!(names(&page2), ["bob"]);
    assert!(page2.get("PaginationToken").is_none());
    let only = call(
        &s,
        "ListUsers",
        json!({"UserPoolId": pool, "Filter": "username = \"bob\"", "AttributesToGet": ["email"]}),
    )
    .unwrap();
    assert_eq!(
        only["Users"][0]["Attributes"],
        json!([{"Name": "email", "Value": "bob@a.com"}])
    );
    assert_eq!(
        code_of(call(
            &s,
            "ListUsers",
            json!({"UserPoolId": pool, "Filter": "custom:x = \"1\""})
        )),
        "InvalidParameterException"
    );
}

#[test]
fn admin_mfa_preference() {
    let s = server();
    let (pool, _, _) = pool_and_client(&s);
    call(
        &s,
        "AdminCreateUser",
        json!({"UserPoolId": pool, "Username": "mia", "MessageAction": "SUPPRESS",
        "UserAttributes": [{"Name": "email", "Value": "mia@example.com"}]}),
    )
    .unwrap();
    call(&s, "AdminSetUserMFAPreference", json!({"UserPoolId": pool, "Username": "mia",
        "EmailMfaSettings": {"Enabled": true, "PreferredMfa": true}, "SMSMfaSettings": {"Enabled": true}})).unwrap();
    let got = on_user(&s, "AdminGetUser", &pool, "mia").unwrap();
    let mut methods: Vec<&str> = got["UserMFASettingList"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m.as_str().unwrap())
        .collect();
    methods.sort();
    assert_eq!(methods, ["EMAIL_OTP", "SMS_MFA"]);
    assert_eq!(got["PreferredMfaSetting"], "EMAIL_OTP");
    // No verified authenticator: TOTP cannot be enabled.
    assert_eq!(
        code_of(call(
            &s,
            "AdminSetUserMFAPreference",
            json!({"UserPoolId": pool, "Username": "mia",
            "SoftwareTokenMfaSettings": {"Enabled": true}})
        )),
        "InvalidParameterException"
    );
    assert_eq!(
        code_of(on_user(&s, "AdminSetUserMFAPreference", &pool, "nobody")),
        "UserNotFoundException"
    );
}
