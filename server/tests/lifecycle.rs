//! The account lifecycle through the server's operations: SignUp and ConfirmSignUp, ForgotPassword and
//! ConfirmForgotPassword, ChangePassword, USER_PASSWORD_AUTH, attribute changes and their verification,
//! DeleteUser, the per-pool user cap, email-as-username pools, and what an unknown name is told with and
//! without PreventUserExistenceErrors.

use cognito_srp_server::{ClientConfig, CognitoError, PoolConfig, Server};
use cognito_srp_test_support::{in_process, newest_code, one_pool, srp_for, try_sign_in};
use serde_json::{Value, json};

const POOL: &str = "us-east-1_Life1";
const PW: &str = "First-Pass-1";

fn server_with(edit: impl FnOnce(&mut PoolConfig)) -> Server {
    let mut pool = PoolConfig::new(POOL);
    pool.device_tracking = cognito_srp_server::DeviceTracking::Off;
    pool.auto_verified_attributes = vec!["email".into()];
    pool.clients.push(ClientConfig::new("app"));
    let mut legacy = ClientConfig::new("legacy");
    legacy.prevent_user_existence_errors = Some(false);
    pool.clients.push(legacy);
    edit(&mut pool);
    in_process(one_pool(pool))
}

fn server() -> Server {
    server_with(|_| {})
}

fn call(s: &Server, op: &str, body: Value) -> Result<Value, CognitoError> {
    s.dispatch(op, &body)
}

fn err(r: Result<Value, CognitoError>) -> (String, String) {
    let e = r.unwrap_err();
    (e.code().to_owned(), e.message())
}

/// The newest code sent to `user` for `purpose`.
fn code(s: &Server, user: &str, purpose: &str) -> String {
    newest_code(s, user, Some(purpose))
}

/// A full USER_SRP_AUTH sign-in; the final answer (tokens or an error).
fn srp_sign_in(s: &Server, name: &str, password: &str) -> Result<Value, CognitoError> {
    try_sign_in(s, "app", srp_for(POOL, "app", name), password)
}

fn password_sign_in(
    s: &Server,
    client: &str,
    name: &str,
    password: &str,
) -> Result<Value, CognitoError> {
    call(
        s,
        "InitiateAuth",
        json!({"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": client,
            "AuthParameters": {"USERNAME": name, "PASSWORD": password}}),
    )
}

fn access_token(v: &Value) -> String {
    v["AuthenticationResult"]["AccessToken"]
        .as_str()
        .expect("tokens")
        .to_owned()
}

fn sign_up(s: &Server, name: &str, email: &str) -> Result<Value, CognitoError> {
    call(
        s,
        "SignUp",
        json!({"ClientId": "app", "Username": name, "Password": PW,
            "UserAttributes": [{"Name": "email", "Value": email}]}),
    )
}

fn confirmed_user(s: &Server, name: &str, email: &str) {
    sign_up(s, name, email).unwrap();
    let c = code(s, name, "SIGN_UP");
    call(
        s,
        "ConfirmSignUp",
        json!({"ClientId": "app", "Username": name, "ConfirmationCode": c}),
    )
    .unwrap();
}

#[test]
fn sign_up_then_confirm_then_sign_in() {
    let s = server();
    let weak = call(
        &s,
        "SignUp",
        json!({"ClientId": "app", "Username": "alice", "Password": "weakpass"}),
    );
    assert_eq!(
        err(weak),
        (
            "InvalidPasswordException".to_owned(),
            "Password does not conform to policy: Password must have uppercase characters"
                .to_owned()
        )
    );
    let up = sign_up(&s, "alice", "alice@example.com").unwrap();
    assert_eq!(up["UserConfirmed"], false);
    assert_eq!(
        up["CodeDeliveryDetails"],
        json!({"Destination": "a***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"})
    );
    assert_eq!(up["UserSub"].as_str().unwrap().len(), 36);
    // Taken, whatever the client's existence setting.
    assert_eq!(
        err(sign_up(&s, "alice", "other@example.com")).0,
        "UsernameExistsException"
    );
    // Unconfirmed: told only after a correct proof.
    assert_eq!(
        err(srp_sign_in(&s, "alice", "Wrong-Pass-1")).0,
        "NotAuthorizedException"
    );
    assert_eq!(
        err(srp_sign_in(&s, "alice", PW)).0,
        "UserNotConfirmedException"
    );
    let c = code(&s, "alice", "SIGN_UP");
    let wrong = if c == "000000" { "000001" } else { "000000" };
    assert_eq!(
        err(call(
            &s,
            "ConfirmSignUp",
            json!({"ClientId": "app", "Username": "alice", "ConfirmationCode": wrong})
        ))
        .0,
        "CodeMismatchException"
    );
    call(
        &s,
        "ConfirmSignUp",
        json!({"ClientId": "app", "Username": "alice", "ConfirmationCode": c}),
    )
    .unwrap();
    assert_eq!(
        err(call(
            &s,
            "ConfirmSignUp",
            json!({"ClientId": "app", "Username": "alice", "ConfirmationCode": c})
        )),
        (
            "NotAuthorizedException".to_owned(),
            "User cannot be confirmed. Current status is CONFIRMED".to_owned()
        )
    );
    let tokens = srp_sign_in(&s, "alice", PW).unwrap();
    let me = call(&s, "GetUser", json!({"AccessToken": access_token(&tokens)})).unwrap();
    assert_eq!(me["Username"], "alice");
    let attrs = me["UserAttributes"].as_array().unwrap();
    assert!(attrs.contains(&json!({"Name": "email_verified", "Value": "true"})));
    assert!(attrs.contains(&json!({"Name": "sub", "Value": up["UserSub"]})));
}

#[test]
fn forgot_password_resets_and_the_old_password_is_refused() {
    let s = server();
    confirmed_user(&s, "bob", "bob@example.com");
    let sent = call(
        &s,
        "ForgotPassword",
        json!({"ClientId": "app", "Username": "bob"}),
    )
    .unwrap();
    assert_eq!(sent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let c = code(&s, "bob", "FORGOT_PASSWORD");
    let weak = call(
        &s,
        "ConfirmForgotPassword",
        json!({"ClientId": "app", "Username": "bob", "ConfirmationCode": c, "Password": "short"}),
    );
    assert_eq!(err(weak).0, "InvalidPasswordException");
    let wrong = if c == "000000" { "000001" } else { "000000" };
    let r = call(
        &s,
        "ConfirmForgotPassword",
        json!({"ClientId": "app", "Username": "bob", "ConfirmationCode": wrong, "Password": "Second-Pass-2"}),
    );
    assert_eq!(err(r).0, "CodeMismatchException");
    call(
        &s,
        "ConfirmForgotPassword",
        json!({"ClientId": "app", "Username": "bob", "ConfirmationCode": c, "Password": "Second-Pass-2"}),
    )
    .unwrap();
    // Used up.
    let again = call(
        &s,
        "ConfirmForgotPassword",
        json!({"ClientId": "app", "Username": "bob", "ConfirmationCode": c, "Password": "Third-Pass-3"}),
    );
    assert_eq!(err(again).0, "ExpiredCodeException");
    assert_eq!(
        err(srp_sign_in(&s, "bob", PW)),
        (
            "NotAuthorizedException".to_owned(),
            "Incorrect username or password.".to_owned()
        )
    );
    assert!(srp_sign_in(&s, "bob", "Second-Pass-2").unwrap()["AuthenticationResult"].is_object());
    assert!(password_sign_in(&s, "app", "bob", "Second-Pass-2").is_ok());
    assert_eq!(
        err(password_sign_in(&s, "app", "bob", PW)).0,
        "NotAuthorizedException"
    );
}

#[test]
fn change_password_checks_the_previous_one() {
    let s = server();
    confirmed_user(&s, "carol", "carol@example.com");
    let token = access_token(&srp_sign_in(&s, "carol", PW).unwrap());
    let wrong = call(
        &s,
        "ChangePassword",
        json!({"AccessToken": token, "PreviousPassword": "Not-Hers-1", "ProposedPassword": "Carol-New-2"}),
    );
    assert_eq!(
        err(wrong),
        (
            "NotAuthorizedException".to_owned(),
            "Incorrect username or password.".to_owned()
        )
    );
    let weak = call(
        &s,
        "ChangePassword",
        json!({"AccessToken": token, "PreviousPassword": PW, "ProposedPassword": "weak"}),
    );
    assert_eq!(err(weak).0, "InvalidPasswordException");
    call(
        &s,
        "ChangePassword",
        json!({"AccessToken": token, "PreviousPassword": PW, "ProposedPassword": "Carol-New-2"}),
    )
    .unwrap();
    assert_eq!(
        err(srp_sign_in(&s, "carol", PW)).0,
        "NotAuthorizedException"
    );
    assert!(srp_sign_in(&s, "carol", "Carol-New-2").is_ok());
}

#[test]
fn user_password_auth_checks_the_verifier_and_hides_unknown_names() {
    let s = server();
    confirmed_user(&s, "dave", "dave@example.com");
    let ok = password_sign_in(&s, "app", "dave", PW).unwrap();
    assert!(ok["AuthenticationResult"]["IdToken"].is_string());
    let incorrect = (
        "NotAuthorizedException".to_owned(),
        "Incorrect username or password.".to_owned(),
    );
    assert_eq!(
        err(password_sign_in(&s, "app", "dave", "Wrong-Pass-9")),
        incorrect
    );
    assert_eq!(err(password_sign_in(&s, "app", "nobody", PW)), incorrect);
    assert_eq!(
        err(password_sign_in(&s, "legacy", "nobody", PW)).0,
        "UserNotFoundException"
    );
    // Admin-only flow through the public operation: refused.
    let admin = call(
        &s,
        "InitiateAuth",
        json!({"AuthFlow": "ADMIN_USER_PASSWORD_AUTH", "ClientId": "app",
            "AuthParameters": {"USERNAME": "dave", "PASSWORD": PW}}),
    );
    assert_eq!(err(admin).0, "InvalidParameterException");
}

#[test]
fn unknown_names_get_what_a_wrong_code_gets() {
    let s = server();
    confirmed_user(&s, "erin", "erin@example.com");
    // A known user without a verified address and an unknown name: the same shape.
    let mut pool_user = cognito_srp_server::UserConfig::new("frank", PW);
    pool_user
        .attributes
        .insert("email".into(), "frank@example.com".into());
    s.add_user(POOL, pool_user).unwrap();
    for name in ["frank", "nobody-here"] {
        let r = call(
            &s,
            "ForgotPassword",
            json!({"ClientId": "app", "Username": name}),
        )
        .unwrap();
        let d = &r["CodeDeliveryDetails"];
        assert_eq!(d["DeliveryMedium"], "EMAIL", "{name}");
        assert_eq!(d["AttributeName"], "email", "{name}");
        assert!(
            d["Destination"].as_str().unwrap().contains("***@"),
            "{name}"
        );
    }
    // The same name gets the same simulated destination every time.
    let a = call(
        &s,
        "ForgotPassword",
        json!({"ClientId": "app", "Username": "nobody-here"}),
    )
    .unwrap();
    let b = call(
        &s,
        "ForgotPassword",
        json!({"ClientId": "app", "Username": "nobody-here"}),
    )
    .unwrap();
    assert_eq!(a, b);
    let resent = call(
        &s,
        "ResendConfirmationCode",
        json!({"ClientId": "app", "Username": "nobody-here"}),
    )
    .unwrap();
    assert_eq!(resent["CodeDeliveryDetails"]["DeliveryMedium"], "EMAIL");
    let wrong_code_known = err(call(
        &s,
        "ConfirmForgotPassword",
        json!({"ClientId": "app", "Username": "erin", "ConfirmationCode": "123456", "Password": "Erin-New-22"}),
    ));
    // erin asked for no code: expired; a wrong code after asking is a mismatch, as an unknown name is.
    assert_eq!(wrong_code_known.0, "ExpiredCodeException");
    call(
        &s,
        "ForgotPassword",
        json!({"ClientId": "app", "Username": "erin"}),
    )
    .unwrap();
    let c = code(&s, "erin", "FORGOT_PASSWORD");
    let wrong = if c == "000000" { "000001" } else { "000000" };
    let known = err(call(
        &s,
        "ConfirmForgotPassword",
        json!({"ClientId": "app", "Username": "erin", "ConfirmationCode": wrong, "Password": "Erin-New-22"}),
    ));
    let unknown = err(call(
        &s,
        "ConfirmForgotPassword",
        json!({"ClientId": "app", "Username": "nobody-here", "ConfirmationCode": wrong, "Password": "Erin-New-22"}),
    ));
    assert_eq!(known, unknown);
    assert_eq!(
        err(call(
            &s,
            "ConfirmSignUp",
            json!({"ClientId": "app", "Username": "nobody-here", "ConfirmationCode": "123456"})
        ))
        .0,
        "CodeMismatchException"
    );
    // Without existence errors prevented, each is told.
    for op in ["ForgotPassword", "ResendConfirmationCode"] {
        assert_eq!(
            err(call(
                &s,
                op,
                json!({"ClientId": "legacy", "Username": "nobody-here"})
            ))
            .0,
            "UserNotFoundException",
            "{op}"
        );
    }
    assert_eq!(
        err(call(
            &s,
            "ForgotPassword",
            json!({"ClientId": "legacy", "Username": "frank"})
        ))
        .0,
        "InvalidParameterException"
    );
    // No code went anywhere for a simulated answer.
    assert!(
        s.sent_codes()
            .iter()
            .all(|c| c.username != "nobody-here" && c.username != "frank")
    );
}

#[test]
fn attributes_change_verify_and_stay_unique() {
    let s = server_with(|p| p.alias_attributes = vec!["email".into()]);
    confirmed_user(&s, "gina", "gina@example.com");
    confirmed_user(&s, "hank", "hank@example.com");
    let token = access_token(&srp_sign_in(&s, "gina", PW).unwrap());
    let taken = call(
        &s,
        "UpdateUserAttributes",
        json!({"AccessToken": token, "UserAttributes": [{"Name": "email", "Value": "hank@example.com"}]}),
    );
    assert_eq!(err(taken).0, "AliasExistsException");
    let sub = call(
        &s,
        "UpdateUserAttributes",
        json!({"AccessToken": token, "UserAttributes": [{"Name": "sub", "Value": "x"}]}),
    );
    assert_eq!(err(sub).0, "InvalidParameterException");
    let changed = call(
        &s,
        "UpdateUserAttributes",
        json!({"AccessToken": token, "UserAttributes": [
            {"Name": "email", "Value": "g@example.org"}, {"Name": "name", "Value": "Gina"}]}),
    )
    .unwrap();
    assert_eq!(
        changed["CodeDeliveryDetailsList"][0]["Destination"],
        "g***@e***"
    );
    let me = call(&s, "GetUser", json!({"AccessToken": token})).unwrap();
    let attrs = me["UserAttributes"].as_array().unwrap();
    assert!(attrs.contains(&json!({"Name": "email_verified", "Value": "false"})));
    assert!(attrs.contains(&json!({"Name": "name", "Value": "Gina"})));
    // The alias moved with the attribute.
    assert!(srp_sign_in(&s, "g@example.org", PW).is_ok());
    assert_eq!(
        err(srp_sign_in(&s, "gina@example.com", PW)).0,
        "NotAuthorizedException"
    );
    let c = code(&s, "gina", "VERIFY_ATTRIBUTE");
    call(
        &s,
        "VerifyUserAttribute",
        json!({"AccessToken": token, "AttributeName": "email", "Code": c}),
    )
    .unwrap();
    let me = call(&s, "GetUser", json!({"AccessToken": token})).unwrap();
    assert!(
        me["UserAttributes"]
            .as_array()
            .unwrap()
            .contains(&json!({"Name": "email_verified", "Value": "true"}))
    );
    call(
        &s,
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": token, "AttributeName": "email"}),
    )
    .unwrap();
    let missing = call(
        &s,
        "GetUserAttributeVerificationCode",
        json!({"AccessToken": token, "AttributeName": "phone_number"}),
    );
    assert_eq!(err(missing).0, "InvalidParameterException");
    call(
        &s,
        "DeleteUserAttributes",
        json!({"AccessToken": token, "UserAttributeNames": ["name"]}),
    )
    .unwrap();
    let me = call(&s, "GetUser", json!({"AccessToken": token})).unwrap();
    assert!(
        !me["UserAttributes"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["Name"] == "name")
    );
}

#[test]
fn delete_user_ends_everything() {
    let s = server();
    confirmed_user(&s, "ivan", "ivan@example.com");
    let token = access_token(&srp_sign_in(&s, "ivan", PW).unwrap());
    call(&s, "DeleteUser", json!({"AccessToken": token})).unwrap();
    assert_eq!(
        err(call(&s, "GetUser", json!({"AccessToken": token}))).0,
        "NotAuthorizedException"
    );
    assert_eq!(err(srp_sign_in(&s, "ivan", PW)).0, "NotAuthorizedException");
    // The name is free again.
    sign_up(&s, "ivan", "ivan@example.com").unwrap();
}

#[test]
fn a_sign_up_flood_stops_at_the_pool_cap_and_nothing_else_is_refused() {
    let s = server_with(|p| p.max_users = 5);
    confirmed_user(&s, "early", "early@example.com");
    let mut refused = 0;
    for i in 0..12 {
        match sign_up(&s, &format!("flood{i}"), &format!("f{i}@example.com")) {
            Ok(_) => {}
            Err(e) => {
                assert_eq!(e.code(), "LimitExceededException");
                refused += 1;
            }
        }
    }
    assert_eq!(refused, 8);
    // Existing users still sign in, reset and change passwords.
    assert!(srp_sign_in(&s, "early", PW).is_ok());
    assert!(
        call(
            &s,
            "ForgotPassword",
            json!({"ClientId": "app", "Username": "early"})
        )
        .is_ok()
    );
}

#[test]
fn email_as_username_pools_make_a_uuid_username() {
    let s = server_with(|p| p.username_attributes = vec!["email".into()]);
    let bad = call(
        &s,
        "SignUp",
        json!({"ClientId": "app", "Username": "justaname", "Password": PW}),
    );
    assert_eq!(err(bad).0, "InvalidParameterException");
    let up = call(
        &s,
        "SignUp",
        json!({"ClientId": "app", "Username": "jo@example.com", "Password": PW}),
    )
    .unwrap();
    let sub = up["UserSub"].as_str().unwrap().to_owned();
    let c = code(&s, &sub, "SIGN_UP");
    call(
        &s,
        "ConfirmSignUp",
        json!({"ClientId": "app", "Username": "jo@example.com", "ConfirmationCode": c}),
    )
    .unwrap();
    let again = call(
        &s,
        "SignUp",
        json!({"ClientId": "app", "Username": "jo@example.com", "Password": PW}),
    );
    assert_eq!(
        err(again),
        (
            "UsernameExistsException".to_owned(),
            "An account with the given email already exists.".to_owned()
        )
    );
    let tokens = srp_sign_in(&s, "jo@example.com", PW).unwrap();
    let me = call(&s, "GetUser", json!({"AccessToken": access_token(&tokens)})).unwrap();
    assert_eq!(me["Username"], sub.as_str());
}
